#include "app/gui/screenshot_tour.h"

#include "app/gui/activation_controller.h"
#include "app/gui/compare_controller.h"
#include "app/gui/dark_palette.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/sensitivity_tab.h"
#include "app/gui/settings.h"
#include "widgets/activation_view.h"
#include "widgets/compare_view.h"
#include "widgets/distribution_view.h"
#include "widgets/plan_editor.h"
#include "widgets/plan_model.h"
#include "widgets/tensor_table_model.h"

#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>
#include <cstdio>

namespace qs::gui {
namespace {

void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool save(MainWindow& w, const QString& dir, const QString& name) {
    settle(400); // let queued replots and layouts run
    const QString path = QDir(dir).filePath(name);
    const bool ok = w.grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

} // namespace

int runScreenshotTour(MainWindow& w, const QString& outDir) {
    QDir().mkpath(outDir);
    const auto model = w.model();
    if (!model) return 2;
    bool ok = true;

    // A small calibration and evaluation keep the tour quick; the settings are the tour's own.
    AppSettings settings = AppSettings::load();
    settings.samples = 32;
    settings.sequenceLength = 128;
    settings.chunks = 4;
    w.applySettings(settings);

    // Distributions of a matrix with visible outliers: the middle block's MLP down projection, its input
    // activations after calibrating, and its weights overlaid with three other matrices of the block.
    const int mid = model->hparams().numLayers / 2;
    const auto* t = model->find(qs::TensorRole::MlpDown, mid);
    if (!t) t = &model->tensors().front();
    auto indexOf = [&](const qs::TensorInfo* x) { return x ? int(x - model->tensors().data()) : -1; };
    w.tabs()->setCurrentWidget(w.distributionsTab());
    w.calibrate();
    w.jobRunner()->waitIdle(300000);
    QList<int> overlay{indexOf(t)};
    for (auto role : {qs::TensorRole::AttnQ, qs::TensorRole::AttnO, qs::TensorRole::MlpGate})
        if (int i = indexOf(model->find(role, mid)); i >= 0) overlay << i;
    w.selectTensors(overlay);
    w.jobRunner()->waitIdle(120000);
    w.distributionView()->setLogCounts(true);
    ok &= save(w, outDir, QStringLiteral("distributions.png"));
    if (qEnvironmentVariableIsSet("QS_TOUR_DISTRIBUTIONS_ONLY")) return ok ? 0 : 1; // the 2× pixel ratio shot

    // Statistics of every tensor fill the model panel's columns.
    w.computeAllStatistics();
    w.jobRunner()->waitIdle(300000);

    // Plan: Q4_K_M, then the first two blocks' attention to Q6_K.
    w.planModel()->applyMixture(qs::LlamaFtype::Q4_K_M);
    auto* editor = w.planEditor();
    editor->setRoleFilter(int(qs::TensorRole::AttnV) + 1);
    editor->setBlockRange(0, 1);
    editor->selectMatching();
    editor->setTargetType(QStringLiteral("Q8_0"));
    editor->applyTargetToSelection();
    w.tabs()->setCurrentWidget(editor);
    ok &= save(w, outDir, QStringLiteral("plan.png"));

    // Results of quantizing that plan, and its perplexity and KLD in memory.
    w.quantize();
    w.jobRunner()->waitIdle(600000);
    w.evaluate();
    w.jobRunner()->waitIdle(600000);
    w.tabs()->setCurrentIndex(w.tabs()->count() - 1);
    ok &= save(w, outDir, QStringLiteral("results.png"));

    // Compare: RTN, AWQ, GPTQ and HQQ at 4 bits on the first two blocks.
    auto* compare = w.compare();
    compare->view()->setRequest({{qs::QuantMethod::RTN, qs::QuantMethod::AWQ, qs::QuantMethod::GPTQ, qs::QuantMethod::HQQ}, 4, 128,
                                 QStringLiteral("layers\\.[01]\\.")});
    w.tabs()->setCurrentWidget(w.compareTab());
    compare->run();
    w.jobRunner()->waitIdle(600000);
    ok &= save(w, outDir, QStringLiteral("compare.png"));

    // Sensitivity: every candidate measured on one chunk (RTN), the budget at 4.5 bits per weight, Q3_K's cost shown.
    auto* sensitivity = w.sensitivity();
    w.tabs()->setCurrentWidget(sensitivity);
    sensitivity->setChunks(1);
    sensitivity->setSamples(8);
    sensitivity->runMeasurement();
    w.jobRunner()->waitIdle(600000);
    sensitivity->showType(qs::DType::Q3_K);
    sensitivity->setBudgetBpw(4.5);
    ok &= save(w, outDir, QStringLiteral("sensitivity.png"));

    w.tabs()->setCurrentIndex(w.tabs()->count() - 1); // Results beside the wide panel

    // The model panel with every column filled, widened and sorted by kurtosis (heaviest tails first).
    using C = qs::widgets::TensorTableModel;
    for (int c : {C::Role, C::Shape, C::DTypeCol, C::Params, C::Bytes}) w.setTensorColumnVisible(c, false);
    w.showModelPanelWide(C::Kurtosis);
    ok &= save(w, outDir, QStringLiteral("model-panel.png"));

    // The same window in a dark palette (as `quantscope --dark` starts): the plots follow it.
    applyDarkPalette();
    stylePlots(&w);
    w.setTensorColumnVisible(C::Role, true);
    w.resizeDocks({w.findChild<QDockWidget*>(QStringLiteral("modelDock"))}, {520}, Qt::Horizontal);
    w.tabs()->setCurrentWidget(w.distributionsTab());
    ok &= save(w, outDir, QStringLiteral("distributions-dark.png"));
    w.tabs()->setCurrentWidget(w.compareTab());
    stylePlots(&w); // repaint the plots that were hidden when the palette changed
    ok &= save(w, outDir, QStringLiteral("compare-dark.png"));
    return ok ? 0 : 1;
}

} // namespace qs::gui
