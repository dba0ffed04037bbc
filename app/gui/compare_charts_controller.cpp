#include "app/gui/compare_charts_controller.h"

#include "app/gui/compare_controller.h"
#include "app/gui/job_runner.h"
#include "app/gui/settings.h"
#include "core/plan/execute.h"
#include "core/plan/resolved_plan.h"
#include "core/plan/run_recipe.h"
#include "core/util/error.h"
#include "widgets/compare_charts.h"
#include "widgets/compare_models.h"
#include "widgets/compare_view.h"

#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <algorithm>
#include <qcustomplot.h>
#include <cmath>

namespace qs::gui {

CompareChartsController::CompareChartsController(JobRunner* runner, CompareController* compare,
                                                 qs::widgets::CompareChartsView* view, QObject* parent)
    : QObject(parent), runner_(runner), compare_(compare), view_(view) {
    connect(compare_->layers(), &QAbstractItemModel::modelReset, this, [this] {
        view_->setComparison(compare_->layers()->comparison());
        shownLayer_.clear();
        if (compare_->layers()->rowCount() > 0) showLayer(0);
    });
    QTableView* table = compare_->view()->layerView();
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, table](const QModelIndex& current) {
        if (!current.isValid()) return;
        const auto* proxy = static_cast<const QSortFilterProxyModel*>(table->model());
        showLayer(proxy->mapToSource(current).row());
    });
    connect(runner_, &JobRunner::jobFinished, this, [this](int id, bool ok, const QString& message) {
        if (id != job_) return;
        job_ = 0;
        if (!ok && !message.isEmpty()) view_->errors()->showMessage(tr("No error histograms: %1").arg(message));
    });
}

void CompareChartsController::setModel(std::shared_ptr<const qs::Model> model) {
    if (job_) runner_->cancel(job_);
    job_ = 0;
    model_ = std::move(model);
    shownLayer_.clear();
    view_->setComparison(nullptr);
}

int CompareChartsController::showLayer(int row) {
    const auto cmp = compare_->layers()->comparison();
    if (!model_ || !cmp || row < 0 || row >= compare_->layers()->rowCount()) return 0;
    const QString layer = compare_->layers()->layerName(row);
    if (layer == shownLayer_) return 0;
    const auto* t = model_->find(layer.toStdString());
    if (!t) return 0;
    shownLayer_ = layer;
    if (job_) runner_->cancel(job_);
    const size_t tensor = size_t(t - model_->tensors().data());
    const AppSettings s = AppSettings::load();
    qs::CalibrationSettings calib;
    calib.text = s.calibrationText.toStdString();
    calib.samples = std::min(s.samples, 64); // a quick look at one layer: at most 64 windows
    calib.seqLen = s.sequenceLength;
    std::vector<qs::QuantSpec> specs;
    QStringList labels;
    for (const auto& m : cmp->methods) {
        specs.push_back(m.spec);
        labels << qs::widgets::methodLabel(m.spec.method);
    }
    view_->errors()->showMessage(tr("Quantizing %1 with %2…").arg(layer, labels.join(QStringLiteral(", "))));
    auto model = model_;
    job_ = runner_->start(tr("Error histograms of %1").arg(layer), [this, model, tensor, specs, labels, calib, layer](JobContext& ctx) -> JobResult {
        const auto& info = model->tensors()[tensor];
        const std::vector<float> source = model->readAll(info);
        std::vector<std::vector<float>> errors;
        for (size_t m = 0; m < specs.size(); ++m) {
            ctx.cancel.check();
            qs::Recipe recipe;
            recipe.name = "error-histogram";
            qs::RecipeRule rule;
            rule.match.glob = info.name;
            rule.spec = specs[m];
            recipe.rules.push_back(rule);
            recipe.calibration = calib;
            qs::ResolvedPlan plan = qs::resolvePlan(*model, recipe);
            // Everything but this layer stays as it is.
            for (auto& e : plan.entries)
                if (e.tensor != tensor) e.spec = qs::QuantSpec::keep(qs::traits(model->tensors()[e.tensor].type).isQuantized
                                                                         ? qs::DType::F32
                                                                         : model->tensors()[e.tensor].type);
            const auto input = qs::calibrationInput(*model, recipe, plan);
            const qs::PlanOutcome outcome = qs::executePlan(*model, plan, ctx.pool, &ctx.cancel, ctx.report, input ? &*input : nullptr);
            std::vector<float> w = qs::effectiveWeights(*model, outcome, tensor);
            if (w.size() != source.size()) throw qs::Error("compare", "unexpected size of the quantized " + info.name);
            for (size_t i = 0; i < w.size(); ++i) w[i] = source[i] - w[i];
            errors.push_back(std::move(w));
        }
        double hi = 0;
        for (const auto& e : errors)
            for (float v : e)
                if (std::isfinite(v)) hi = std::max(hi, double(std::abs(v)));
        if (hi <= 0) hi = 1e-9;
        auto series = std::make_shared<QList<qs::widgets::HistogramSeries>>();
        for (size_t m = 0; m < errors.size(); ++m)
            series->append({labels[int(m)], qs::widgets::makeHistogram(errors[m].data(), errors[m].size(), -hi, hi, 121)});
        return [this, model, series, layer] {
            if (model != model_ || layer != shownLayer_) return;
            view_->errors()->setSeries(tr("Weight error of %1 per method").arg(layer), *series);
            QString shortName = layer;
            for (const char* part : {"model.", "layers.", "self_attn.", "mlp.", ".weight"}) shortName.remove(QLatin1String(part));
            view_->errors()->plot()->xAxis->setLabel(tr("weight error W − Ŵ of %1").arg(shortName));
            view_->errors()->plot()->replot(QCustomPlot::rpQueuedReplot);
            emit errorsReady();
        };
    });
    return job_;
}

} // namespace qs::gui
