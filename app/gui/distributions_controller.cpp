#include "app/gui/distributions_controller.h"

#include "app/gui/job_runner.h"
#include "core/util/error.h"
#include "widgets/distribution_view.h"
#include "widgets/tensor_table_model.h"

#include <vector>

namespace qs::gui {

DistributionsController::DistributionsController(JobRunner* runner, qs::widgets::TensorTableModel* table,
                                                 qs::widgets::DistributionView* view, QObject* parent)
    : QObject(parent), runner_(runner), table_(table), view_(view) {}

qs::StatsOptions DistributionsController::options() {
    qs::StatsOptions o;
    o.bins = 101;
    o.topK = 12;
    return o;
}

void DistributionsController::setModel(std::shared_ptr<const qs::Model> model) {
    if (pendingJob_) runner_->cancel(pendingJob_);
    pendingJob_ = 0;
    model_ = std::move(model);
    cache_.clear();
    shown_ = -1;
    view_->showMessage({}); // the view's prompt to select a tensor, which follows a language switch
}

std::shared_ptr<const qs::TensorStats> DistributionsController::cached(int index) const {
    auto it = cache_.find(index);
    return it == cache_.end() ? nullptr : it->second;
}

void DistributionsController::store(int index, std::shared_ptr<const qs::TensorStats> stats) {
    cache_[index] = stats;
    table_->setStats(index, {stats->absmax, stats->kurtosis, stats->outlierRatio});
    if (index == shown_) view_->setStats(stats);
    emit statsReady(index);
}

int DistributionsController::showTensor(int index) {
    if (!model_ || index < 0 || index >= int(model_->tensors().size())) return 0;
    shown_ = index;
    if (auto s = cached(index)) {
        view_->setStats(s);
        return 0;
    }
    if (pendingJob_) runner_->cancel(pendingJob_);
    const auto& t = model_->tensors()[size_t(index)];
    view_->showMessage(tr("Computing statistics of %1…").arg(QString::fromStdString(t.name)));
    auto model = model_;
    pendingJob_ = runner_->start(tr("Statistics %1").arg(QString::fromStdString(t.name)),
                                 [this, model, index](JobContext& ctx) -> JobResult {
        ctx.progress.setStage("statistics", 1);
        auto stats = std::make_shared<const qs::TensorStats>(
            qs::computeStats(*model, model->tensors()[size_t(index)], options(), ctx.pool, &ctx.cancel));
        ctx.progress.advance();
        return [this, model, index, stats] {
            if (model != model_) return;
            store(index, stats);
        };
    });
    const int id = pendingJob_;
    connect(runner_, &JobRunner::jobFinished, this, [this, id](int finished, bool ok, const QString& message) {
        if (finished != id) return;
        if (pendingJob_ == id) pendingJob_ = 0;
        if (!ok && !message.isEmpty()) view_->showMessage(tr("No statistics: %1").arg(message));
    }, Qt::SingleShotConnection);
    return id;
}

int DistributionsController::computeAll() {
    if (!model_) return 0;
    std::vector<int> todo;
    for (int i = 0; i < int(model_->tensors().size()); ++i)
        if (!cache_.count(i)) todo.push_back(i);
    if (todo.empty()) return 0;
    auto model = model_;
    return runner_->start(tr("Statistics of %n tensor(s)", nullptr, int(todo.size())),
                          [this, model, todo](JobContext& ctx) -> JobResult {
        int64_t total = 0;
        for (int i : todo) total += model->tensors()[size_t(i)].params;
        ctx.progress.setStage("statistics", total);
        auto results = std::make_shared<std::vector<std::pair<int, std::shared_ptr<const qs::TensorStats>>>>();
        for (int i : todo) {
            const auto& t = model->tensors()[size_t(i)];
            try {
                results->emplace_back(i, std::make_shared<const qs::TensorStats>(qs::computeStats(*model, t, options(), ctx.pool, &ctx.cancel)));
            } catch (const qs::Error&) {
                // A tensor that cannot be decoded to float keeps empty statistics columns; the rest go on.
            }
            ctx.progress.advance(t.params);
        }
        return [this, model, results] {
            if (model != model_) return;
            for (auto& [i, s] : *results) store(i, s);
        };
    });
}

} // namespace qs::gui
