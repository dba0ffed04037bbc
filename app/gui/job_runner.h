#pragma once
// Runs core calls as background jobs: each on its own worker thread with a CancelToken, a Progress whose
// reports reach the GUI thread as throttled queued signals, and the shared core thread pool. A job
// returns a continuation that is applied on the GUI thread only when it succeeds, so a failed or
// cancelled job leaves earlier results untouched.
#include "core/util/cancel.h"
#include "core/util/thread_pool.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>

namespace qs::widgets {
class JobsModel;
}

namespace qs::gui {

struct JobContext {
    const qs::CancelToken& cancel;
    qs::Progress& progress;
    qs::ThreadPool& pool;
    qs::ProgressFn report; // the same sink as `progress`, for core calls that take a ProgressFn (stage text included)
};

using JobResult = std::function<void()>;                // runs on the GUI thread after success
using JobWork = std::function<JobResult(JobContext&)>; // runs on the worker thread

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(qs::widgets::JobsModel* jobs, QObject* parent = nullptr);
    ~JobRunner() override; // cancels and waits for running jobs

    int start(const QString& title, JobWork work);
    void cancel(int id);
    void cancelAll();
    bool isRunning(int id) const;
    int runningCount() const { return int(running_.size()); }
    // Waits (processing events) until no job runs or `ms` passes; true when idle.
    bool waitIdle(int ms);

    // Thread count of the core pool (0 = one per hardware thread); takes effect for the next job.
    void setThreads(int threads);
    int threads() const;
    qs::widgets::JobsModel* jobsModel() const { return jobs_; }

    static constexpr int kProgressIntervalMs = 100; // at most ten progress updates a second per job

signals:
    void jobStarted(int id, const QString& title);
    void jobFinished(int id, bool ok, const QString& message);
    // Emitted from worker threads; connected queued to onProgress.
    void progressPosted(int id, double fraction, const QString& stage);

private:
    struct Job;
    void onProgress(int id, double fraction, const QString& stage);
    void onFinished(int id, JobResult result, int state, const QString& message);

    qs::widgets::JobsModel* jobs_;
    std::shared_ptr<qs::ThreadPool> pool_;
    int threads_ = 0;
    int nextId_ = 1;
    std::map<int, std::shared_ptr<Job>> running_;
};

} // namespace qs::gui
