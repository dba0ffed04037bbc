// The Plan tab's recipe round trip and the Evaluate job on austen-5m (offscreen; asserts on model data):
// a plan with a GGUF type and a per-tensor integer spec saves as a recipe, reloads as the same plan (one
// undo step), and evaluates in memory to a perplexity and KL divergence against the original in Results.
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "core/plan/recipe.h"
#include "tests/support/support.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_model.h"
#include "widgets/results_model.h"
#include "widgets/tensor_table_model.h"

#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "tests/app/gui/gui_test_support.h"

class TestPlanEvaluate : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qs::test::isolateSettings("QuantscopeTestPlanEvaluate"); }

    void recipeRoundTripAndEvaluate() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        qs::gui::MainWindow w;
        w.setErrorHandler([](const QString& m) { QFAIL(qPrintable(m)); });
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.evaluationText = QString::fromStdString(qs::test::sharedPath("data/eval-persuasion.txt"));
        s.context = 64;
        s.chunks = 2;
        w.applySettings(s);
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));

        auto* plan = w.planModel();
        plan->applyPure(qs::DType::Q8_0);
        const auto* q0 = w.model()->find(qs::TensorRole::AttnQ, 0);
        QVERIFY(q0);
        const int row = int(q0 - w.model()->tensors().data());
        const auto spec = qs::QuantSpec::parse("rtn:4:g32:sym");
        QCOMPARE(plan->setSpecs({{row, spec}}, QStringLiteral("spec")), 1);
        const auto types = plan->plan();
        const auto specs = plan->specOverrides();

        // Save, the JSON parses with the core schema, and loading it back restores the plan after a change.
        QTemporaryDir dir;
        const QString path = dir.filePath("plan.json");
        QVERIFY(w.saveRecipe(path));
        const qs::Recipe recipe = qs::loadRecipe(path.toStdString());
        QVERIFY(!recipe.rules.empty());
        QVERIFY(recipe.evaluation);
        QCOMPARE(recipe.evaluation->chunks, 2);
        plan->applyPure(qs::DType::Q4_0);
        QVERIFY(!plan->hasSpecOverrides());
        QVERIFY(w.loadRecipe(path));
        for (size_t i = 0; i < types.size(); ++i) // the row with a spec keeps the type the plan had before loading
            if (!specs[i]) QVERIFY2(plan->plan()[i] == types[i], w.model()->tensors()[i].name.c_str());
        QVERIFY(plan->specOverrides() == specs);
        plan->undoStack()->undo();
        QVERIFY(!plan->hasSpecOverrides());
        plan->undoStack()->redo();
        QVERIFY(plan->specOverrides()[size_t(row)] == spec);

        // A shipped preset loads by name too.
        QVERIFY(w.loadRecipe(QStringLiteral("Q4_K_M")));
        QVERIFY(plan->plan().size() == types.size() && plan->plan() != types);
        QVERIFY(std::count(plan->plan().begin(), plan->plan().end(), qs::DType::Q4_K) > 0);

        // Evaluate the saved plan in memory: PPL of both models and the KL divergence land in Results.
        QVERIFY(w.loadRecipe(path));
        QSignalSpy results(&w, &qs::gui::MainWindow::resultsChanged);
        const int id = w.evaluate();
        QVERIFY(id > 0);
        QVERIFY(w.jobRunner()->waitIdle(300000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");
        const auto& e = w.resultsModel()->evaluation();
        QVERIFY(e);
        QCOMPARE(e->chunks, 2);
        QVERIFY(e->pplBase > 1 && e->pplCandidate > 1);
        QVERIFY(e->kldMean > 0);
        QVERIFY(e->sameTopFraction > 0.5);
        QVERIFY(w.resultsModel()->totalsText().contains("KLD"));
        QVERIFY(!results.isEmpty());
        // The model panel's error column is filled by Evaluate too, the integer-grid tensor included.
        using T = qs::widgets::TensorTableModel;
        const double err = w.tensorTable()->data(w.tensorTable()->index(row, T::Error), T::SortRole).toDouble();
        QVERIFY2(err > 0 && err < 0.5, qPrintable(QString::number(err)));
    }
};

QTEST_MAIN(TestPlanEvaluate)
#include "test_plan_evaluate.moc"
