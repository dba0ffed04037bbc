#pragma once
// A terminal progress bar on stderr (only when stderr is a terminal), redrawn at most 10 times a second.
#include "core/util/cancel.h"

#include <chrono>
#include <mutex>
#include <string>

namespace qs::cli {

class ProgressBar {
public:
    ProgressBar();
    ~ProgressBar();
    ProgressFn sink();
    void finish();

private:
    void draw(double fraction, const std::string& stage);
    bool enabled_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_, lastDraw_;
    bool drawn_ = false;
};

} // namespace qs::cli
