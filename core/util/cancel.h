#pragma once
// Cooperative cancellation and progress reporting shared by every long core operation.
#include "core/util/error.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <string>

namespace qs {

class CancelToken {
public:
    void cancel() { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return flag_.load(std::memory_order_relaxed); }
    void check() const {
        if (cancelled()) throw Cancelled();
    }

private:
    std::atomic<bool> flag_{false};
};

// Receives (fraction in [0, 1], stage text). Called from worker threads: the sink must be thread-safe.
using ProgressFn = std::function<void(double fraction, const std::string& stage)>;

// Counts finished work units and forwards monotone fractions to a ProgressFn. Thread-safe.
class Progress {
public:
    Progress(ProgressFn fn = {}, std::string stage = {}) : fn_(std::move(fn)), stage_(std::move(stage)) {}
    void setStage(std::string stage, int64_t totalUnits);
    void advance(int64_t units = 1);
    void report(double fraction);

private:
    ProgressFn fn_;
    std::mutex mutex_;
    std::string stage_;
    int64_t total_ = 1;
    int64_t done_ = 0;
};

} // namespace qs
