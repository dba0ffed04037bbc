#include "app/gui/job_runner.h"

#include "core/util/error.h"
#include "widgets/jobs_model.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <QThread>
#include <atomic>
#include <chrono>

namespace qs::gui {

using State = qs::widgets::JobsModel::State;

namespace {
// Stage names the core reports, listed so lupdate offers them for translation.
[[maybe_unused]] const char* const kCoreStages[] = {
    QT_TRANSLATE_NOOP("qs::gui::JobRunner", "quantizing"),
    QT_TRANSLATE_NOOP("qs::gui::JobRunner", "statistics"),
    QT_TRANSLATE_NOOP("qs::gui::JobRunner", "calibrating"),
    QT_TRANSLATE_NOOP("qs::gui::JobRunner", "evaluating"),
};
} // namespace

struct JobRunner::Job {
    int id = 0;
    qs::CancelToken cancel;
    QElapsedTimer clock;
    std::atomic<qint64> lastPostMs{-1'000'000};
    QThread* thread = nullptr;
};

JobRunner::JobRunner(qs::widgets::JobsModel* jobs, QObject* parent) : QObject(parent), jobs_(jobs) {
    connect(this, &JobRunner::progressPosted, this, &JobRunner::onProgress, Qt::QueuedConnection);
}

JobRunner::~JobRunner() {
    cancelAll();
    for (auto& [id, job] : running_) job->thread->wait();
}

void JobRunner::setThreads(int threads) {
    if (threads == threads_ && pool_) return;
    threads_ = threads;
    pool_.reset(); // running jobs keep their own reference; the next job makes a new pool
}

int JobRunner::threads() const { return threads_ > 0 ? threads_ : qs::ThreadPool::hardwareThreads(); }

int JobRunner::start(const QString& title, JobWork work) {
    if (!pool_) pool_ = std::make_shared<qs::ThreadPool>(threads_);
    auto job = std::make_shared<Job>();
    job->id = nextId_++;
    job->clock.start();
    jobs_->addJob(job->id, title);
    running_[job->id] = job;

    auto pool = pool_;
    job->thread = QThread::create([this, job, pool, work = std::move(work)] {
        // Throttle: forward a report when enough time passed since the last one, or when it completes a stage.
        const qs::ProgressFn report = [this, job](double fraction, const std::string& stage) {
            const qint64 now = job->clock.elapsed();
            qint64 last = job->lastPostMs.load(std::memory_order_relaxed);
            if (fraction < 1.0 && now - last < kProgressIntervalMs) return;
            if (!job->lastPostMs.compare_exchange_strong(last, now)) return;
            emit progressPosted(job->id, fraction, tr(stage.c_str()));
        };
        qs::Progress progress(report);
        JobContext ctx{job->cancel, progress, *pool, report};
        JobResult result;
        int state = int(State::Finished);
        QString message;
        try {
            result = work(ctx);
        } catch (const qs::Cancelled&) {
            state = int(State::Cancelled);
        } catch (const std::exception& e) {
            state = int(State::Failed);
            message = QString::fromUtf8(e.what());
        }
        if (state == int(State::Finished) && job->cancel.cancelled()) state = int(State::Cancelled);
        QMetaObject::invokeMethod(this, [this, id = job->id, result = std::move(result), state, message] {
            onFinished(id, result, state, message);
        }, Qt::QueuedConnection);
    });
    connect(job->thread, &QThread::finished, job->thread, &QObject::deleteLater);
    emit jobStarted(job->id, title);
    job->thread->start(QThread::LowPriority);
    return job->id;
}

void JobRunner::onProgress(int id, double fraction, const QString& stage) {
    auto it = running_.find(id);
    if (it == running_.end()) return;
    const double elapsed = double(it->second->clock.elapsed()) / 1000.0;
    const double eta = fraction > 0.01 && elapsed > 0.5 ? elapsed * (1.0 - fraction) / fraction : -1.0;
    jobs_->setProgress(id, fraction, stage, elapsed, eta);
}

void JobRunner::onFinished(int id, JobResult result, int state, const QString& message) {
    auto it = running_.find(id);
    if (it == running_.end()) return;
    auto job = it->second;
    const double elapsed = double(job->clock.elapsed()) / 1000.0;
    job->thread->wait(); // the worker has returned from its lambda; its thread ends promptly
    running_.erase(it);
    State s = State(state);
    QString finalMessage = message;
    if (s == State::Finished && result) {
        try {
            result();
        } catch (const std::exception& e) {
            s = State::Failed;
            finalMessage = QString::fromUtf8(e.what());
        }
    }
    jobs_->finishJob(id, s, finalMessage, elapsed);
    emit jobFinished(id, s == State::Finished, finalMessage);
}

void JobRunner::cancel(int id) {
    if (auto it = running_.find(id); it != running_.end()) it->second->cancel.cancel();
}

void JobRunner::cancelAll() {
    for (auto& [id, job] : running_) job->cancel.cancel();
}

bool JobRunner::isRunning(int id) const { return running_.count(id) > 0; }

bool JobRunner::waitIdle(int ms) {
    QDeadlineTimer deadline(ms);
    while (!running_.empty() && !deadline.hasExpired()) {
        QEventLoop loop;
        connect(this, &JobRunner::jobFinished, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::max<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return running_.empty();
}

} // namespace qs::gui
