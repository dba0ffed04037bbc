#include "core/util/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>

namespace qs {
namespace {
thread_local bool tInsidePool = false;
}

struct ThreadPool::Job {
    int64_t n = 0;
    const std::function<void(int64_t)>* fn = nullptr;
    const CancelToken* cancel = nullptr;
    std::atomic<int64_t> next{0};
    std::atomic<int> active{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    std::mutex doneMutex;
    std::condition_variable done;
};

void Progress::setStage(std::string stage, int64_t totalUnits) {
    std::lock_guard lock(mutex_);
    stage_ = std::move(stage);
    total_ = std::max<int64_t>(1, totalUnits);
    done_ = 0;
    if (fn_) fn_(0.0, stage_);
}

void Progress::advance(int64_t units) {
    std::lock_guard lock(mutex_);
    done_ = std::min(total_, done_ + units);
    if (fn_) fn_(double(done_) / double(total_), stage_);
}

void Progress::report(double fraction) {
    std::lock_guard lock(mutex_);
    if (fn_) fn_(std::clamp(fraction, 0.0, 1.0), stage_);
}

int ThreadPool::hardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

ThreadPool::ThreadPool(int threads) {
    if (threads <= 0) threads = hardwareThreads();
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
}

// The caller of runItems must already have counted itself in job.active.
void ThreadPool::runItems(Job& job) {
    const bool wasInside = tInsidePool;
    tInsidePool = true;
    for (;;) {
        if (job.failed.load(std::memory_order_relaxed)) break;
        int64_t i = job.next.fetch_add(1);
        if (i >= job.n) break;
        try {
            if (job.cancel) job.cancel->check();
            (*job.fn)(i);
        } catch (...) {
            std::lock_guard lock(job.errorMutex);
            if (!job.error) job.error = std::current_exception();
            job.failed.store(true);
        }
    }
    tInsidePool = wasInside;
    // Decrement under the lock: parallelFor may destroy the Job as soon as it sees active == 0, so
    // nothing here may touch the Job after the lock is released.
    std::lock_guard lock(job.doneMutex);
    if (job.active.fetch_sub(1) == 1) job.done.notify_all();
}

void ThreadPool::workerLoop() {
    for (;;) {
        Job* job = nullptr;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (stop_ && queue_.empty()) return;
            job = queue_.front();
            // Leave the job queued while items remain so other idle workers can join it.
            if (job->next.load() >= job->n) {
                queue_.pop_front();
                continue;
            }
            job->active.fetch_add(1); // under the lock: parallelFor cannot retire the job meanwhile
        }
        runItems(*job);
    }
}

void ThreadPool::parallelFor(int64_t n, const std::function<void(int64_t)>& fn, const CancelToken* cancel) {
    if (n <= 0) return;
    if (tInsidePool || workers_.empty() || n == 1) {
        const bool wasInside = tInsidePool;
        tInsidePool = true;
        try {
            for (int64_t i = 0; i < n; ++i) {
                if (cancel) cancel->check();
                fn(i);
            }
        } catch (...) {
            tInsidePool = wasInside;
            throw;
        }
        tInsidePool = wasInside;
        return;
    }
    Job job;
    job.n = n;
    job.fn = &fn;
    job.cancel = cancel;
    job.active.store(1); // the calling thread
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(&job);
    }
    wake_.notify_all();
    runItems(job);
    {
        // Remove the job so no worker picks it up after it is gone, then wait for the ones inside it.
        std::lock_guard lock(mutex_);
        queue_.erase(std::remove(queue_.begin(), queue_.end(), &job), queue_.end());
    }
    {
        std::unique_lock lock(job.doneMutex);
        job.done.wait(lock, [&] { return job.active.load() == 0; });
    }
    if (job.error) std::rethrow_exception(job.error);
}

} // namespace qs
