// The Compare tab's charts on austen-5m (offscreen, asserting on widget data): after comparing RTN, AWQ and
// GPTQ on one block, the size-vs-perplexity scatter has one point per method and the selected layer's
// dequantization error W − Ŵ is drawn as one histogram per method.
#include "app/gui/compare_charts_controller.h"
#include "app/gui/compare_controller.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "tests/support/support.h"
#include "widgets/compare_charts.h"
#include "widgets/compare_models.h"
#include "widgets/compare_view.h"
#include "widgets/jobs_model.h"

#include <QSignalSpy>
#include <QtTest>

#include "tests/app/gui/gui_test_support.h"

class TestCompareCharts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qs::test::isolateSettings("QuantscopeTestCompareCharts"); }
    void cleanupTestCase() { QSettings().clear(); }

    void scatterAndErrorHistograms() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        qs::gui::MainWindow w;
        w.applySettings(qs::test::smallSettings());
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));

        auto* charts = w.compareCharts()->view();
        QCOMPARE(charts->scatterPoints(), 0);
        auto* cmp = w.compare();
        cmp->view()->setRequest({{qs::QuantMethod::RTN, qs::QuantMethod::AWQ, qs::QuantMethod::GPTQ}, 4, 32, QStringLiteral("layers\\.0\\.")});
        QSignalSpy errorsReady(w.compareCharts(), &qs::gui::CompareChartsController::errorsReady);
        const int id = cmp->run();
        QVERIFY(id > 0);
        QVERIFY(w.jobRunner()->waitIdle(300000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");

        QCOMPARE(charts->scatterPoints(), 3);
        // The first layer's error histograms follow the comparison without a click.
        QCOMPARE(errorsReady.count(), 1);
        QCOMPARE(charts->errors()->seriesCount(), 3);
        QCOMPARE(charts->errors()->seriesLabel(0), QString("RTN"));
        QCOMPARE(charts->errors()->seriesLabel(2), QString("GPTQ"));
        for (int m = 0; m < 3; ++m) QVERIFY(charts->errors()->points(m) > 10);
        QVERIFY2(charts->errors()->title().contains(cmp->layers()->layerName(0)), qPrintable(charts->errors()->title()));

        // Another layer on request.
        const int row = cmp->layers()->rowCount() - 1;
        QVERIFY(w.compareCharts()->showLayer(row) > 0);
        QVERIFY(w.jobRunner()->waitIdle(120000));
        QCOMPARE(errorsReady.count(), 2);
        QVERIFY2(charts->errors()->title().contains(cmp->layers()->layerName(row)), qPrintable(charts->errors()->title()));
        QCOMPARE(charts->errors()->seriesCount(), 3);

        // Opening a model again clears the charts.
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));
        QCOMPARE(charts->scatterPoints(), 0);
        QCOMPARE(charts->errors()->seriesCount(), 0);
    }
};

QTEST_MAIN(TestCompareCharts)
#include "test_compare_charts.moc"
