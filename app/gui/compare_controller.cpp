#include "app/gui/compare_controller.h"

#include "app/gui/job_runner.h"
#include "app/gui/settings.h"
#include "core/pipeline/compare.h"
#include "core/runtime/eval_input.h"
#include "core/util/error.h"
#include "widgets/compare_models.h"
#include "widgets/compare_view.h"
#include "widgets/plan_model.h"

#include <QFileInfo>

namespace qs::gui {

using qs::widgets::CompareRequest;

CompareController::CompareController(JobRunner* runner, qs::widgets::PlanModel* plan, QWidget* tabParent, QObject* parent)
    : QObject(parent), runner_(runner), plan_(plan), layers_(new qs::widgets::CompareLayerModel(this)),
      summary_(new qs::widgets::CompareSummaryModel(this)),
      view_(new qs::widgets::CompareView(layers_, summary_, tabParent)) {
    connect(view_, &qs::widgets::CompareView::runRequested, this, [this] { run(); });
    connect(view_, &qs::widgets::CompareView::useRequested, this, [this](const QList<int>& rows, int m) { use(rows, m); });
    connect(runner_, &JobRunner::jobFinished, this, [this](int id, bool ok, const QString& message) {
        if (id != job_) return;
        job_ = 0;
        view_->setRunning(false);
        if (!ok) {
            view_->setStatus(message);
            emit failed(message);
        }
        emit finished();
    });
}

void CompareController::setModel(std::shared_ptr<const qs::Model> model) {
    model_ = std::move(model);
    layers_->setComparison(nullptr);
    summary_->setComparison(nullptr);
    view_->setStatus({});
}

int CompareController::run() {
    if (!model_ || job_) return 0;
    const CompareRequest req = view_->request();
    if (req.methods.isEmpty()) {
        view_->setStatus(tr("Pick at least one method."));
        return 0;
    }
    const AppSettings s = AppSettings::load();
    qs::CompareOptions opt;
    try {
        for (qs::QuantMethod m : req.methods) {
            auto spec = qs::QuantSpec::integer(m, req.bits, req.group > 0 ? qs::Granularity::Group : qs::Granularity::Channel,
                                               req.group > 0 ? req.group : 128, false);
            spec.validate();
            opt.specs.push_back(spec);
        }
    } catch (const std::exception& e) {
        view_->setStatus(QString::fromUtf8(e.what()));
        return 0;
    }
    opt.pipeline.tensorRegex = req.tensorRegex.toStdString();
    opt.pipeline.calib.samples = s.samples;
    opt.pipeline.calib.seqLen = s.sequenceLength;
    opt.eval.ctx = s.context;
    opt.eval.maxChunks = s.chunks;
    auto model = model_;
    const std::string calibText = s.calibrationText.toStdString(), evalText = s.evaluationText.toStdString();
    view_->setRunning(true);
    view_->setStatus(tr("Comparing %1 on %2 × %3 calibration tokens…")
                         .arg(QStringList([&] {
                             QStringList names;
                             for (auto m : req.methods) names << qs::widgets::methodLabel(m);
                             return names;
                         }()).join(QStringLiteral(", ")))
                         .arg(s.samples)
                         .arg(s.sequenceLength));
    job_ = runner_->start(tr("Compare methods on %1").arg(QFileInfo(QString::fromStdString(model->path())).fileName()),
                          [this, model, opt, calibText, evalText](JobContext& ctx) -> JobResult {
        if (calibText.empty()) throw qs::Error("compare", "no calibration text (Settings → Calibration)");
        if (evalText.empty()) throw qs::Error("compare", "no evaluation text (Settings → Evaluation)");
        const auto calib = qs::loadEvalInput({model.get()}, calibText, "");
        const auto eval = qs::loadEvalInput({model.get()}, evalText, "");
        auto cmp = std::make_shared<const qs::Comparison>(
            qs::compareMethods(*model, calib.ids, eval.ids, eval.bosId, opt, ctx.pool, ctx.report, &ctx.cancel));
        return [this, model, cmp] {
            if (model != model_) return; // another model was opened meanwhile
            layers_->setComparison(cmp);
            summary_->setComparison(cmp);
            view_->setStatus(tr("%n token(s) scored; bold: the lowest error per layer. Select layers and pick a method to plan it.",
                                nullptr, int(cmp->tokensScored)));
        };
    });
    if (!job_) view_->setRunning(false);
    return job_;
}

int CompareController::use(const QList<int>& rows, int method) {
    const auto& cmp = layers_->comparison();
    if (!model_ || !cmp || cmp->methods.empty()) return 0;
    QList<QPair<int, qs::QuantSpec>> specs;
    for (int r : rows) {
        const int m = method >= 0 ? method : layers_->bestMethod(r);
        if (m < 0 || m >= int(cmp->methods.size())) continue;
        const auto* t = model_->find(layers_->layerName(r).toStdString());
        if (t) specs.append({int(t - model_->tensors().data()), cmp->methods[size_t(m)].spec});
    }
    const QString text = method >= 0 ? tr("Use %1 for %n layer(s)", nullptr, int(specs.size()))
                                           .arg(qs::widgets::methodLabel(cmp->methods[size_t(method)].spec.method))
                                     : tr("Use the best method for %n layer(s)", nullptr, int(specs.size()));
    return plan_->setSpecs(specs, text);
}

} // namespace qs::gui
