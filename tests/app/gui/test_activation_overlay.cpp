// The Distributions tab's lower half on austen-5m (offscreen, asserting on widget data): Run → Calibrate with
// a tiny calibration gives the selected tensor's input-activation histogram and per-channel absmax, tensors
// without a linear input say so, and selecting several tensors overlays up to four weight histograms.
#include "app/gui/activation_controller.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "tests/support/support.h"
#include "widgets/activation_view.h"
#include "widgets/jobs_model.h"

#include <QSignalSpy>
#include <QtTest>

#include "tests/app/gui/gui_test_support.h"

class TestActivationOverlay : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qs::test::isolateSettings("QuantscopeTestActivations"); }
    void cleanupTestCase() { QSettings().clear(); }

    void calibrateShowsInputActivations() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        qs::gui::MainWindow w;
        w.setErrorHandler([](const QString& m) { QFAIL(qPrintable(m)); });
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.calibrationText = QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt"));
        s.samples = 4;
        s.sequenceLength = 64;
        w.applySettings(s);
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));
        const auto model = w.model();
        const int down = int(model->find(qs::TensorRole::MlpDown, 1) - model->tensors().data());
        w.selectTensor(down);
        auto* view = w.activationView();
        QCOMPARE(view->activationBars(), 0);
        QVERIFY2(view->activationText().contains("Calibrate"), qPrintable(view->activationText()));

        const int id = w.calibrate();
        QVERIFY(id > 0);
        QCOMPARE(w.calibrate(), 0); // one calibration at a time
        QVERIFY(w.jobRunner()->waitIdle(120000));
        const auto* job = w.jobRunner()->jobsModel()->job(id);
        QVERIFY2(job && job->state == qs::widgets::JobsModel::State::Finished, job ? qPrintable(job->message) : "no job");

        // Four blocks × four inputs, and the output head's.
        QVERIFY(w.activations()->activations());
        QCOMPARE(int(w.activations()->activations()->size()), 4 * 4 + 1);
        const auto* a = w.activations()->find("blk.1.mlp_down");
        QVERIFY(a);
        QCOMPARE(a->channels, int64_t(768));
        QCOMPARE(a->tokens, int64_t(4 * 64));
        QVERIFY(a->absmax > 0 && a->stddev > 0);
        QVERIFY(view->activationBars() > 10);
        QCOMPARE(view->channelPoints(), 768);
        QVERIFY2(view->activationText().contains("blk.1.mlp_down"), qPrintable(view->activationText()));

        // q, k and v read the same input; a norm reads none.
        const int q = int(model->find(qs::TensorRole::AttnQ, 0) - model->tensors().data());
        w.selectTensor(q);
        QVERIFY2(view->activationText().contains("blk.0.attn_qkv"), qPrintable(view->activationText()));
        QCOMPARE(view->channelPoints(), 256);
        const int norm = int(model->find(qs::TensorRole::AttnNorm, 0) - model->tensors().data());
        w.selectTensor(norm);
        QCOMPARE(view->activationBars(), 0);
    }

    void overlaysUpToFourTensors() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));
        const auto model = w.model();
        QList<int> five;
        for (auto role : {qs::TensorRole::AttnQ, qs::TensorRole::AttnK, qs::TensorRole::AttnV, qs::TensorRole::AttnO, qs::TensorRole::MlpDown})
            five << int(model->find(role, 2) - model->tensors().data());
        w.selectTensors(five);
        QCOMPARE(w.selectedTensors().size(), 5);
        QVERIFY(w.jobRunner()->waitIdle(60000));
        auto* overlay = w.activationView()->overlay();
        QCOMPARE(overlay->seriesCount(), 4); // the first four only
        QSet<QString> labels;
        for (int i = 0; i < 4; ++i) {
            QVERIFY(overlay->points(i) > 10);
            labels << overlay->seriesLabel(i);
        }
        QCOMPARE(labels.size(), 4);
        QVERIFY2(overlay->seriesLabel(0).contains("q_proj"), qPrintable(overlay->seriesLabel(0)));

        // Two tensors: two series; one tensor: no overlay.
        w.selectTensors(five.mid(3, 2));
        QVERIFY(w.jobRunner()->waitIdle(60000));
        QCOMPARE(overlay->seriesCount(), 2);
        w.selectTensor(five[0]);
        QVERIFY(w.jobRunner()->waitIdle(60000));
        QCOMPARE(overlay->seriesCount(), 0);
    }
};

QTEST_MAIN(TestActivationOverlay)
#include "test_activation_overlay.moc"
