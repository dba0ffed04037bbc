// The whole workbench flow on austen-5m, driven through the window's models and actions (offscreen).
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "core/model/model.h"
#include "tests/support/support.h"
#include "widgets/distribution_view.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_editor.h"
#include "widgets/plan_model.h"
#include "widgets/results_model.h"
#include "widgets/results_view.h"
#include "widgets/tensor_table_model.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QUndoStack>
#include <QtTest>

using qs::widgets::JobsModel;
using qs::widgets::PlanModel;

class TestWorkbenchFlow : public QObject {
    Q_OBJECT
    static void open(qs::gui::MainWindow& w) {
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        w.openModel(QString::fromStdString(qs::test::sharedPath("models/austen-5m")));
        QVERIFY(loaded.wait(30000));
    }
    static void waitJob(qs::gui::MainWindow& w, int id) {
        QVERIFY(id > 0);
        QVERIFY(w.jobRunner()->waitIdle(120000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY(job);
        QVERIFY2(job->state == JobsModel::State::Finished, qPrintable(job->message));
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("QuantscopeTest");
        QStandardPaths::setTestModeEnabled(true);
    }

    void planOnBlockRangeUndoRedoQuantizeExport() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        w.setErrorHandler([](const QString& m) { QFAIL(qPrintable(m)); });
        w.show();
        open(w);
        const auto model = w.model();

        // Select a tensor in the model panel.
        const auto* q1 = model->find(qs::TensorRole::AttnQ, 1);
        QVERIFY(q1);
        const int q1Index = int(q1 - model->tensors().data());
        QSignalSpy selected(&w, &qs::gui::MainWindow::selectedTensorChanged);
        w.selectTensor(q1Index);
        QCOMPARE(w.selectedTensor(), q1Index);
        QVERIFY(!selected.isEmpty());

        // Its statistics are computed in a job; then the histogram, channel plots and panel columns have data.
        QVERIFY(w.jobRunner()->waitIdle(60000));
        auto* dist = w.distributionView();
        QVERIFY(dist->stats());
        QCOMPARE(dist->stats()->count, q1->params);
        QVERIFY(dist->histogramBars() > 10);
        QVERIFY(dist->listedChannels() > 0);
        QVERIFY(dist->summaryText().contains("self_attn.q_proj"));
        dist->setLogCounts(true);
        QVERIFY(dist->histogramBars() > 10);
        QVERIFY(!w.tensorTable()->index(q1Index, qs::widgets::TensorTableModel::Kurtosis).data().toString().isEmpty());
        QTemporaryDir plots;
        for (const char* name : {"h.png", "h.svg", "h.pdf"}) {
            QVERIFY(w.exportPlot(plots.filePath(name)));
            QVERIFY2(QFileInfo(plots.filePath(name)).size() > 1000, name);
        }
        // Selecting the tensor again uses the cache: no new job.
        const int jobs = w.jobRunner()->jobsModel()->rowCount();
        w.selectTensor(0);
        QVERIFY(w.jobRunner()->waitIdle(60000));
        w.selectTensor(q1Index);
        QCOMPARE(w.jobRunner()->jobsModel()->rowCount(), jobs + 1);
        QCOMPARE(dist->stats()->name, q1->name);

        // All statistics fill the model panel's columns.
        w.computeAllStatistics();
        QVERIFY(w.jobRunner()->waitIdle(60000));
        for (int r = 0; r < w.tensorTable()->rowCount(); ++r)
            QVERIFY(!w.tensorTable()->index(r, qs::widgets::TensorTableModel::Absmax).data().toString().isEmpty());

        // The plan starts as "keep": planned size equals the model's weights as stored (norms as F32).
        PlanModel* plan = w.planModel();
        QCOMPARE(plan->rowCount(), 39);
        const uint64_t keepBytes = plan->plannedBytes();

        // Blocks 1–2, every role → Q4_0 (norms are not editable and keep their type).
        auto* editor = w.planEditor();
        editor->setRoleFilter(0);
        editor->setBlockRange(1, 2);
        const int selectedRows = editor->selectMatching();
        QCOMPARE(selectedRows, 2 * 9); // 7 matrices + 2 norms per block
        editor->setTargetType("Q4_0");
        QCOMPARE(editor->applyTargetToSelection(), 2 * 7);
        QCOMPARE(plan->plan()[size_t(q1Index)], qs::DType::Q4_0);
        QCOMPARE(plan->plan()[size_t(model->find(qs::TensorRole::AttnQ, 0) - model->tensors().data())], qs::DType::F16);
        QCOMPARE(plan->plan()[size_t(model->find(qs::TensorRole::AttnNorm, 1) - model->tensors().data())], qs::DType::F32);
        const uint64_t q4Bytes = plan->plannedBytes();
        QVERIFY(q4Bytes < keepBytes);
        QVERIFY2(w.statusText().contains(qs::widgets::formatBytes(double(q4Bytes))), qPrintable(w.statusText()));
        QCOMPARE(w.tensorTable()->index(q1Index, qs::widgets::TensorTableModel::Planned).data().toString(), QString("Q4_0"));

        // Undo / redo through the stack.
        QUndoStack* undo = plan->undoStack();
        QCOMPARE(undo->count(), 1);
        undo->undo();
        QCOMPARE(plan->plannedBytes(), keepBytes);
        QCOMPARE(plan->plan()[size_t(q1Index)], qs::DType::F16);
        undo->redo();
        QCOMPARE(plan->plannedBytes(), q4Bytes);

        // Editing one cell is one more undo step.
        QVERIFY(plan->setData(plan->index(q1Index, PlanModel::Target), "Q8_0"));
        QCOMPARE(undo->count(), 2);
        undo->undo();
        QCOMPARE(plan->plan()[size_t(q1Index)], qs::DType::Q4_0);

        // Run the quantization: the results table fills, sorted worst first, and the model panel shows errors.
        QSignalSpy results(&w, &qs::gui::MainWindow::resultsChanged);
        waitJob(w, w.quantize());
        QCOMPARE(results.size(), 1);
        auto* res = w.resultsModel();
        QVERIFY(res->hasReport());
        QCOMPARE(res->rowCount(), 39);
        QCOMPARE(qint64(res->report().totalBytes), qint64(q4Bytes));
        int quantized = 0;
        for (const auto& r : res->report().tensors) {
            if (r.type != qs::DType::Q4_0) continue;
            ++quantized;
            QVERIFY(r.measured);
            QVERIFY2(r.error.relFrobenius > 0.01 && r.error.relFrobenius < 0.5, r.name.c_str());
            QVERIFY(r.error.sqnrDb > 5);
        }
        QCOMPARE(quantized, 14);
        QVERIFY(!w.tensorTable()->index(q1Index, qs::widgets::TensorTableModel::Error).data().toString().isEmpty());
        QVERIFY(res->totalsText().contains("39"));
        QCOMPARE(w.resultsView()->chartBars(), 14); // one bar per quantized tensor

        // Report JSON.
        QTemporaryDir dir;
        QVERIFY(w.saveReport(dir.filePath("report.json")));
        QVERIFY(QFileInfo(dir.filePath("report.json")).size() > 1000);

        // Export GGUF as a job; the file reopens with the core loader and holds the planned types.
        const QString out = dir.filePath("austen-5m-mixed.gguf");
        QSignalSpy exported(&w, &qs::gui::MainWindow::exported);
        waitJob(w, w.exportModel(out, false, false));
        QCOMPARE(exported.size(), 1);
        const qs::Model reopened = qs::loadModel(out.toStdString());
        QCOMPARE(int(reopened.tensors().size()), 39);
        QCOMPARE(reopened.totalBytes(), q4Bytes);
        int q40 = 0;
        for (const auto& t : reopened.tensors()) q40 += t.type == qs::DType::Q4_0;
        QCOMPARE(q40, 14);
    }

    void presetsAndCancelKeepResults() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        w.setErrorHandler([](const QString& m) { QFAIL(qPrintable(m)); });
        open(w);
        PlanModel* plan = w.planModel();
        plan->applyMixture(qs::LlamaFtype::Q4_K_M);
        const auto model = w.model();
        QCOMPARE(plan->plan(), qs::llamaMixtureTypes(*model, qs::LlamaFtype::Q4_K_M));
        QVERIFY(plan->plannedBitsPerWeight() > 4.5 && plan->plannedBitsPerWeight() < 6.0);
        waitJob(w, w.quantize());
        const auto before = w.resultsModel()->report().totalBytes;

        // A cancelled run leaves the plan and the previous results as they were.
        plan->applyPure(qs::DType::Q8_0);
        const auto planned = plan->plan();
        const int id = w.quantize();
        w.jobRunner()->cancel(id);
        QVERIFY(w.jobRunner()->waitIdle(60000));
        QCOMPARE(int(w.jobRunner()->jobsModel()->job(id)->state), int(JobsModel::State::Cancelled));
        QCOMPARE(w.resultsModel()->report().totalBytes, before);
        QCOMPARE(plan->plan(), planned);
    }

    void jobFailureShowsMessageInDock() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        open(w);
        const int id = w.exportModel("/nonexistent-dir/x/out.gguf", false, false);
        QVERIFY(w.jobRunner()->waitIdle(60000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QCOMPARE(int(job->state), int(JobsModel::State::Failed));
        QVERIFY(!job->message.isEmpty());
        const int row = w.jobRunner()->jobsModel()->rowOf(id);
        QVERIFY(w.jobRunner()->jobsModel()->index(row, JobsModel::Status).data().toString().contains(job->message));
        QVERIFY(!w.resultsModel()->hasReport());
    }
};

QTEST_MAIN(TestWorkbenchFlow)
#include "test_workbench_flow.moc"
