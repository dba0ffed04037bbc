#pragma once
// Shows ProgressFn updates as one self-overwriting line on a terminal (stderr by default); prints
// nothing when the stream is not a terminal, so pipes and logs stay clean.
#include "core/util/cancel.h"

#include <cstdio>

namespace qs {

class ProgressLine {
public:
    explicit ProgressLine(std::string label, std::FILE* out = stderr);
    ~ProgressLine(); // ends the line if one was drawn
    ProgressFn fn(); // thread-safe sink for Progress / long operations

private:
    std::string label_;
    std::FILE* out_;
    bool enabled_;
    bool drawn_ = false;
    std::mutex mutex_;
};

} // namespace qs
