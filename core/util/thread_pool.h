#pragma once
// A fixed pool of worker threads. Work is expressed as index ranges that the caller cuts into fixed
// chunks, so results never depend on how many threads ran them.
#include "core/util/cancel.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qs {

class ThreadPool {
public:
    // threads <= 0: one per hardware thread.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return int(workers_.size()) + 1; } // the calling thread helps too

    // Runs fn(i) for every i in [0, n) and waits. Items run in any order on any thread; the first
    // exception (including Cancelled from the token) stops handing out new items and is rethrown.
    // Called from inside a pool task it runs inline, so nesting never deadlocks.
    void parallelFor(int64_t n, const std::function<void(int64_t)>& fn, const CancelToken* cancel = nullptr);

    static int hardwareThreads();

private:
    struct Job;
    void workerLoop();
    void runItems(Job& job);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job*> queue_;
    bool stop_ = false;
};

} // namespace qs
