// The Sensitivity tab on austen-5m (offscreen): a synthetic measurement file of the model loads into a heat map
// with a cell per measured tensor, a file made for another model is refused, the budget slider re-plans (size and
// estimated KLD change), "Apply to Plan" is one undo step, and a real measurement runs as a job (one chunk of 64
// tokens, two candidates) and is reused from its cache. Also renders bench plan's curve JSON to PNG.
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/plan_curve_render.h"
#include "app/gui/sensitivity_tab.h"
#include "app/gui/settings.h"
#include "core/plan/llama_mixture.h"
#include "tests/support/support.h"
#include "tests/support/synthetic_measurement.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_curve_view.h"
#include "widgets/plan_model.h"
#include "widgets/sensitivity_heatmap.h"

#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QSlider>
#include <QUndoStack>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

class TestSensitivityTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("QuantscopeTestSensitivity");
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    }

    void heatmapSliderApplyUndo() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        QString error;
        w.setErrorHandler([&](const QString& m) { error = m; });
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        w.openModel(QString::fromStdString(qs::test::sharedPath("models/austen-5m")));
        QVERIFY(loaded.wait(30000));
        auto* tab = w.sensitivity();
        QVERIFY(tab);
        QVERIFY(w.tabs()->indexOf(tab) >= 0);
        QVERIFY(!tab->currentPlan());

        // A measurement of another model is refused, naming the file.
        QTemporaryDir dir;
        const QString other = dir.filePath("other.json");
        qs::saveMeasurement(qs::test::syntheticMeasurement(*w.model(), "0123"), other.toStdString());
        QVERIFY(!tab->loadMeasurement(other, &error));
        QVERIFY2(error.contains("other.json"), qPrintable(error));
        QVERIFY(!tab->measurement());

        const QString path = dir.filePath("m.json");
        qs::saveMeasurement(qs::test::syntheticMeasurement(*w.model(), qs::modelIdentity(*w.model())), path.toStdString());
        QVERIFY2(tab->loadMeasurement(path, &error), qPrintable(error));

        // Heat map: 4 blocks + the token_embd/output column, 7 decoder roles + embedding + output; every tensor a cell.
        auto* map = tab->heatmap();
        QCOMPARE(map->columnCount(), 5);
        QCOMPARE(map->rowCount(), 9);
        QCOMPARE(map->cellsWithData(), int(tab->measurement()->tensors.size()));
        QCOMPARE(map->measuredTypes().size(), 6);
        map->setCandidate(qs::DType::Q2_K);
        int attnV = -1, attnQ = -1;
        for (int r = 0; r < map->rowCount(); ++r) {
            if (map->roleLabelAt(r) == "attn_v") attnV = r;
            if (map->roleLabelAt(r) == "attn_q") attnQ = r;
        }
        QVERIFY(attnV >= 0 && attnQ >= 0);
        const auto v = map->cell(0, attnV), q = map->cell(0, attnQ);
        QVERIFY(v && q);
        QCOMPARE(v->reference, qs::DType::Q8_0);
        QVERIFY(v->perSavedBit > 0 && v->perSavedBit > q->perSavedBit); // attn_v is the sensitive one
        QVERIFY(map->cellToolTip(0, attnV).contains("attn_v"));
        QVERIFY(map->cellToolTip(0, attnV).contains("Q2_K"));
        QVERIFY(!map->cell(4, attnV)); // no attn_v in the token_embd/output column

        // The slider re-plans: a larger budget plans a larger mixture with a lower estimated KLD.
        QVERIFY(tab->currentPlan());
        tab->budgetSlider()->setValue(100);
        const auto small = *tab->currentPlan();
        tab->budgetSlider()->setValue(700);
        const auto large = *tab->currentPlan();
        QVERIFY(small.totalBytes <= tab->budgetBytes());
        QVERIFY(large.totalBytes > small.totalBytes);
        QVERIFY(large.estimatedKld < small.estimatedKld);
        QVERIFY(tab->summaryText().contains("estimated KLD"));
        QVERIFY(tab->curve()->seriesCount() >= 2); // the planner's curve and llama.cpp's mixtures

        // bpw budget: Q4_K_M's size; the plan fits it.
        tab->setBudgetBpw(5.0);
        QVERIFY(tab->currentPlan()->bitsPerWeight() <= 5.0 + 1e-9);
        QVERIFY(tab->currentPlan()->bitsPerWeight() > 4.8);

        // Apply: one undo step puts the planned types into the Plan tab; undo restores the plan before.
        auto* plan = w.planModel();
        plan->applyMixture(qs::LlamaFtype::Q4_K_M);
        const auto before = plan->plan();
        const int steps = plan->undoStack()->count();
        QVERIFY(tab->applyToPlan());
        QCOMPARE(plan->undoStack()->count(), steps + 1);
        for (const auto& c : tab->currentPlan()->chosen) QCOMPARE(plan->plan()[c.tensor], c.type);
        QCOMPARE(plan->plannedBytes(), tab->currentPlan()->totalBytes);
        QVERIFY(plan->plan() != before);
        plan->undoStack()->undo();
        QVERIFY(plan->plan() == before);
        plan->undoStack()->redo();
        for (const auto& c : tab->currentPlan()->chosen) QCOMPARE(plan->plan()[c.tensor], c.type);
    }

    void measureAsJobAndReuseCache() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        qs::gui::MainWindow w;
        qs::gui::AppSettings s;
        s.calibrationText = QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt"));
        s.sequenceLength = 64;
        s.context = 64;
        w.applySettings(s);
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        w.openModel(QString::fromStdString(qs::test::sharedPath("models/austen-5m")));
        QVERIFY(loaded.wait(30000));
        auto* tab = w.sensitivity();
        tab->setCandidates({qs::DType::Q4_K, qs::DType::Q8_0});
        tab->setChunks(1);
        tab->setSamples(2);
        const int id = tab->runMeasurement();
        QVERIFY(id > 0);
        QCOMPARE(tab->runMeasurement(), 0); // one at a time
        QVERIFY(w.jobRunner()->waitIdle(120000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");
        QVERIFY(tab->measurement());
        const auto first = tab->measurement();
        const auto& m = *first;
        QCOMPARE(m.evaluations, int64_t(2 * m.tensors.size()));
        for (const auto& t : m.tensors) {
            QCOMPARE(t.results.size(), size_t(2));
            QVERIFY(t.results.at(qs::DType::Q4_K).kld > t.results.at(qs::DType::Q8_0).kld * 0.5);
            QCOMPARE(t.results.at(qs::DType::Q4_K).relOutputError.has_value(), t.role != qs::TensorRole::Embedding);
        }
        QCOMPARE(tab->heatmap()->cellsWithData(), int(m.tensors.size()));
        QVERIFY(tab->currentPlan());

        // The same settings again: everything comes from the cache, nothing is measured.
        const int again = tab->runMeasurement();
        QVERIFY(again > 0);
        QVERIFY(w.jobRunner()->waitIdle(120000));
        QVERIFY(tab->measurement() != first); // a new measurement object, read back from the cache file
        QCOMPARE(tab->measurement()->evaluations, m.evaluations);

        // Cancelled: the job ends as cancelled and the tab keeps the measurement it had.
        const auto kept = tab->measurement();
        tab->setCandidates({qs::DType::Q2_K, qs::DType::Q3_K, qs::DType::Q4_K, qs::DType::Q5_K, qs::DType::Q6_K, qs::DType::Q8_0});
        tab->setChunks(4);
        const int cancelled = tab->runMeasurement();
        QVERIFY(cancelled > 0);
        w.jobRunner()->cancel(cancelled);
        QVERIFY(w.jobRunner()->waitIdle(120000));
        const auto* cj = w.jobRunner()->jobsModel()->job(cancelled);
        QVERIFY(cj && cj->state == qs::widgets::JobsModel::State::Cancelled);
        QVERIFY(tab->measurement() == kept);
        const int next = tab->runMeasurement(); // free to measure again
        QVERIFY(next > 0);
        w.jobRunner()->cancel(next);
        QVERIFY(w.jobRunner()->waitIdle(120000));
    }

    void rendersBenchPlanCurve() {
        // bench plan's JSON layout (docs/bench-plan.json), two models with a short curve and one mixture each.
        QTemporaryDir dir;
        nlohmann::json doc = {{"bench", "plan"}, {"eval_chunks", 4}, {"models", nlohmann::json::array()}};
        for (const char* name : {"tiny-a", "tiny-b"}) {
            nlohmann::json curve = nlohmann::json::array();
            for (int k = 0; k < 4; ++k)
                curve.push_back({{"bpw", 2.6 + 1.2 * k}, {"kld_mean", 0.04 / std::pow(6.0, k)}, {"estimated_kld", 0.05 / std::pow(6.0, k)}});
            doc["models"].push_back({{"model", name},
                                     {"eval", {{"text", "/x/eval.txt"}, {"chunks", 4}, {"ctx", 256}}},
                                     {"curve", curve},
                                     {"rows", {{{"mixture", "Q3_K_M"},
                                                {"llama", {{"bpw", 4.3}, {"kld_mean", 0.004}}},
                                                {"autoplan", {{"bpw", 4.29}, {"kld_mean", 0.002}}}}}}});
        }
        const QString json = dir.filePath("plan.json");
        qs::test::writeFile(json.toStdString(), doc.dump());
        QString error;
        const QStringList files = qs::gui::renderPlanCurves(json, dir.path(), &error);
        QVERIFY2(files.size() == 2, qPrintable(error));
        QCOMPARE(QFileInfo(files[1]).fileName(), QStringLiteral("plan-curve-tiny-b.png"));
        for (const QString& f : files) {
            QImage img(f);
            QVERIFY2(img.width() >= 1000 && img.height() >= 700, qPrintable(f));
        }
        QVERIFY(qs::gui::renderPlanCurves(dir.filePath("missing.json"), dir.path(), &error).isEmpty());
        QVERIFY(error.contains("missing.json"));
    }
};

QTEST_MAIN(TestSensitivityTab)
#include "test_sensitivity_tab.moc"
