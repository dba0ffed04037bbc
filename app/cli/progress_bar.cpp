#include "app/cli/progress_bar.h"

#include <cstdio>
#include <unistd.h>

namespace qs::cli {

ProgressBar::ProgressBar() : enabled_(::isatty(2) == 1), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

ProgressFn ProgressBar::sink() {
    return [this](double fraction, const std::string& stage) { draw(fraction, stage); };
}

void ProgressBar::draw(double fraction, const std::string& stage) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && fraction < 1.0 && now - lastDraw_ < std::chrono::milliseconds(100)) return;
    lastDraw_ = now;
    drawn_ = true;
    const int width = 30, filled = int(fraction * width + 0.5);
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r%-24.24s [%s%s] %5.1f%%  %5.1fs  eta %5.1fs ", stage.c_str(), std::string(size_t(filled), '#').c_str(),
                 std::string(size_t(width - filled), '.').c_str(), fraction * 100, elapsed, eta);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    std::lock_guard lock(mutex_);
    if (enabled_ && drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
}

} // namespace qs::cli
