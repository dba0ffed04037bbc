#include "core/util/progress_line.h"

#include <unistd.h>

namespace qs {

ProgressLine::ProgressLine(std::string label, std::FILE* out)
    : label_(std::move(label)), out_(out), enabled_(isatty(fileno(out)) != 0) {}

ProgressLine::~ProgressLine() {
    if (drawn_) std::fputc('\n', out_);
}

ProgressFn ProgressLine::fn() {
    return [this](double fraction, const std::string& stage) {
        if (!enabled_) return;
        std::lock_guard lock(mutex_);
        std::fprintf(out_, "\r\033[K%s %5.1f%%  %s", label_.c_str(), 100.0 * fraction, stage.c_str());
        std::fflush(out_);
        drawn_ = true;
    };
}

} // namespace qs
