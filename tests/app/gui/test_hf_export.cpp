// Export to the Hugging Face formats from the window on austen-5m (offscreen): the GPTQ preset loaded as a
// recipe brings its calibration settings and an integer-grid plan; the export dialog suggests hf-gptq; the
// hf-gptq and safetensors-dequant folders written as jobs reopen with the core loader.
#include "app/gui/export_dialog.h"
#include "app/gui/hf_export_job.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/plan_recipe.h"
#include "app/gui/settings.h"
#include "core/model/model.h"
#include "tests/support/support.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_model.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/app/gui/gui_test_support.h"

class TestHfExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qs::test::isolateSettings("QuantscopeTestHfExport"); }
    void cleanupTestCase() { QSettings().clear(); }

    void dialogOffersHfFormats() {
        qs::gui::ExportDialog d("/tmp/x-quantized.gguf", nullptr, "hf-gptq");
        auto r = d.request();
        QCOMPARE(r.format, QString("hf-gptq"));
        QCOMPARE(r.path, QString("/tmp/x-quantized")); // a folder, not a .gguf file
        d.setFormat("gguf");
        r = d.request();
        QCOMPARE(r.format, QString("gguf"));
        QCOMPARE(r.path, QString("/tmp/x-quantized.gguf"));
        QCOMPARE(qs::gui::exportFormatNames().size(), 4);
    }

    void recipeSettingsAndHfExportReopen() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        qs::gui::MainWindow w;
        QString error;
        w.setErrorHandler([&](const QString& m) { error = m; });
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.calibrationText = QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt"));
        s.samples = 4;
        s.sequenceLength = 64;
        w.applySettings(s);
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));

        // The preset's calibration settings (128 × 512, no text) become the window's; the text stays.
        QVERIFY2(w.loadRecipe("w4a16-g128-gptq"), qPrintable(error));
        QCOMPARE(qs::gui::AppSettings::load().samples, 128);
        QCOMPARE(qs::gui::AppSettings::load().sequenceLength, 512);
        QCOMPARE(qs::gui::AppSettings::load().calibrationText, s.calibrationText);
        QVERIFY(w.planModel()->hasSpecOverrides());
        const auto recipe = qs::gui::planRecipe(*w.model(), {w.planModel()->plan(), w.planModel()->specOverrides()},
                                                qs::gui::AppSettings::load(), "t");
        QCOMPARE(qs::gui::suggestedExportFormat(recipe), QString("hf-gptq"));
        w.applySettings(s); // back to a tiny calibration for the test

        QTemporaryDir dir;
        QSignalSpy exported(&w, &qs::gui::MainWindow::exported);
        for (const QString format : {QStringLiteral("hf-gptq"), QStringLiteral("safetensors-dequant")}) {
            const QString out = dir.filePath(format);
            const int id = w.exportHf(format, out, false);
            QVERIFY(id > 0);
            QVERIFY(w.jobRunner()->waitIdle(180000));
            const auto* job = w.jobRunner()->jobsModel()->job(id);
            QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");
            QVERIFY(QFileInfo::exists(out + "/config.json"));
            const qs::Model reopened = qs::loadModel(out.toStdString());
            QCOMPARE(reopened.hparams().numLayers, w.model()->hparams().numLayers);
            QVERIFY(reopened.find(qs::TensorRole::MlpDown, 3) != nullptr);
        }
        QCOMPARE(exported.count(), 2);
    }
};

QTEST_MAIN(TestHfExport)
#include "test_hf_export.moc"
