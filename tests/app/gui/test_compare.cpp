// The Compare tab on austen-5m: RTN, AWQ and GPTQ on one block with a tiny calibration and two evaluation
// chunks; the per-layer and summary models are filled, the chart has one bar per layer and method, and a
// chosen method goes into the plan as one undoable step (offscreen; asserts on model data, not pixels).
#include "app/gui/compare_controller.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "tests/support/support.h"
#include "widgets/compare_models.h"
#include "widgets/compare_view.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_model.h"
#include "widgets/tensor_table_model.h"

#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "tests/app/gui/gui_test_support.h"

using qs::widgets::CompareSummaryModel;

class TestCompare : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qs::test::isolateSettings("QuantscopeTestCompare"); }

    void compareThreeMethodsOnOneBlock() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        qs::gui::MainWindow w;
        QString error;
        w.setErrorHandler([&](const QString& m) { error = m; });
        w.applySettings(qs::test::smallSettings());
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));

        auto* cmp = w.compare();
        cmp->view()->setRequest({{qs::QuantMethod::RTN, qs::QuantMethod::AWQ, qs::QuantMethod::GPTQ}, 4, 32, QStringLiteral("layers\\.0\\.")});
        const int id = cmp->run();
        QVERIFY(id > 0);
        QCOMPARE(cmp->run(), 0); // one comparison at a time
        QVERIFY(w.jobRunner()->waitIdle(300000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");

        // Per-layer errors: the block's linears only, one error and one MSE column per method.
        auto* layers = cmp->layers();
        QCOMPARE(layers->methodCount(), 3);
        QVERIFY(layers->rowCount() >= 4);
        QCOMPARE(layers->columnCount(), 7);
        QVERIFY(layers->headerData(layers->errorColumn(2), Qt::Horizontal).toString().contains("GPTQ"));
        for (int r = 0; r < layers->rowCount(); ++r) {
            QVERIFY2(layers->layerName(r).contains("layers.0."), qPrintable(layers->layerName(r)));
            for (int m = 0; m < 3; ++m) {
                const double e = layers->data(layers->index(r, layers->errorColumn(m)), qs::widgets::CompareLayerModel::SortRole).toDouble();
                QVERIFY(e > 0 && e < 1);
            }
            QVERIFY(layers->bestMethod(r) >= 0);
        }
        QCOMPARE(cmp->view()->chartBars(), 3 * layers->rowCount());

        // Whole model: the original and three methods with perplexity, KLD, top-1 agreement and a smaller size.
        auto* summary = cmp->summary();
        QCOMPARE(summary->rowCount(), 4);
        const double basePpl = summary->index(0, CompareSummaryModel::Ppl).data(Qt::EditRole).toDouble();
        const qulonglong baseBytes = summary->index(0, CompareSummaryModel::Size).data(Qt::EditRole).toULongLong();
        QVERIFY(basePpl > 1);
        for (int r = 1; r < 4; ++r) {
            QVERIFY(summary->index(r, CompareSummaryModel::Ppl).data(Qt::EditRole).toDouble() > 1);
            QVERIFY(summary->index(r, CompareSummaryModel::KldMean).data(Qt::EditRole).toDouble() >= 0);
            const double top1 = summary->index(r, CompareSummaryModel::Top1).data(Qt::EditRole).toDouble();
            QVERIFY(top1 > 0.5 && top1 <= 1.0);
            QVERIFY(summary->index(r, CompareSummaryModel::Size).data(Qt::EditRole).toULongLong() < baseBytes);
        }
        QCOMPARE(summary->index(3, CompareSummaryModel::Method).data().toString(), QStringLiteral("GPTQ"));
        // A method's notes are the tooltip of its name: AWQ says it could not fold o_proj's scales under GQA.
        QVERIFY(summary->index(2, CompareSummaryModel::Method).data(Qt::ToolTipRole).toString().contains("grouped-query"));

        // "Use for selected layers": GPTQ's spec on the first layer, one undo step; the plan shrinks.
        auto* plan = w.planModel();
        const auto before = plan->plannedBytes();
        cmp->view()->selectLayers({0});
        QCOMPARE(cmp->view()->selectedLayers(), QList<int>{0});
        cmp->view()->setChosenMethod(2);
        QCOMPARE(cmp->use(cmp->view()->selectedLayers(), cmp->view()->chosenMethod()), 1);
        const auto* t = w.model()->find(layers->layerName(0).toStdString());
        QVERIFY(t);
        const size_t row = size_t(t - w.model()->tensors().data());
        QVERIFY(plan->specOverrides()[row]);
        QCOMPARE(plan->specOverrides()[row]->method, qs::QuantMethod::GPTQ);
        QCOMPARE(plan->index(int(row), qs::widgets::PlanModel::Target).data().toString(), QStringLiteral("gptq:4:g32:asym"));
        QVERIFY(plan->plannedBytes() < before);
        QCOMPARE(w.tensorTable()->index(int(row), qs::widgets::TensorTableModel::Planned).data().toString(),
                 QStringLiteral("gptq:4:g32:asym")); // the model panel shows it too
        QVERIFY(plan->hasSpecOverrides());
        QCOMPARE(w.quantize(), 0); // GGUF cannot hold an integer grid: refused with a message
        QVERIFY(!error.isEmpty());
        plan->undoStack()->undo();
        QVERIFY(!plan->hasSpecOverrides());
        QCOMPARE(plan->plannedBytes(), before);

        // "Use best per layer" plans every compared layer.
        QCOMPARE(cmp->use({0, 1, 2}, -1), 3);
    }
};

QTEST_MAIN(TestCompare)
#include "test_compare.moc"
