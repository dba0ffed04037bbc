// Settings persistence, the settings dialog, the dark palette, geometry restore, drag and drop, the command-line path.
#include "app/gui/dark_palette.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "app/gui/settings_dialog.h"
#include "tests/support/support.h"
#include "widgets/tensor_table_model.h"

#include <QDropEvent>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>
#include <qcustomplot.h>

class TestWindowSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("QuantscopeTest");
        QCoreApplication::setApplicationName("TestWindowSettings");
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void settingsRoundTrip() {
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        QCOMPARE(s.threads, 0);
        s.threads = 3;
        s.samples = 64;
        s.chunks = 0;
        s.language = "zh_CN";
        s.darkPalette = true;
        s.evaluationText = "/tmp/eval.txt";
        s.save();
        QCOMPARE(qs::gui::AppSettings::load(), s);
        qs::gui::SettingsDialog dialog(s);
        QCOMPARE(dialog.settings(), s);
        QSettings().clear();
    }

    void applySettingsChangesThreads() {
        qs::gui::MainWindow w;
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.threads = 1;
        w.applySettings(s);
        QCOMPARE(w.jobRunner()->threads(), 1);
        QVERIFY2(w.statusText().contains("1 thread"), qPrintable(w.statusText()));
        QCOMPARE(qs::gui::AppSettings::load().threads, 1);
        QSettings().clear();
    }

    // Settings → Dark palette switches the window and its plots at once, and back to the starting style.
    void darkPaletteSwitchesLive() {
        qs::gui::MainWindow w;
        const QString startStyle = QApplication::style()->name();
        QVERIFY(!qs::gui::isDarkPalette());
        auto plotBackground = [&] {
            const auto plots = w.findChildren<QCustomPlot*>();
            return plots.isEmpty() ? QColor() : plots.first()->axisRect()->backgroundBrush().color();
        };
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.darkPalette = true;
        w.applySettings(s);
        QVERIFY(qs::gui::isDarkPalette());
        QVERIFY(qs::gui::AppSettings::load().darkPalette);
        QVERIFY(!w.findChildren<QCustomPlot*>().isEmpty());
        QVERIFY2(plotBackground().lightness() < 100, qPrintable(plotBackground().name()));
        s.darkPalette = false;
        w.applySettings(s);
        QVERIFY(!qs::gui::isDarkPalette());
        QCOMPARE(QApplication::style()->name(), startStyle);
        QVERIFY2(plotBackground().lightness() > 150, qPrintable(plotBackground().name()));
        QSettings().clear();
    }

    void geometryIsRestored() {
        {
            qs::gui::MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(900, 640);
            QTest::qWait(50);
        }
        qs::gui::MainWindow again;
        QCOMPARE(again.size(), QSize(900, 640));
        QSettings().clear();
    }

    void dropOpensFolder() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(qs::test::sharedPath("models/austen-5m")))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(w.tensorTable()->rowCount(), 39);

        // Other files are refused.
        QMimeData text;
        text.setUrls({QUrl::fromLocalFile(QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt")))});
        QDragEnterEvent refuse(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        refuse.setAccepted(false);
        QCoreApplication::sendEvent(&w, &refuse);
        QVERIFY(!refuse.isAccepted());
    }

    void commandLineOpensModel() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString shot = dir.filePath("shot.png");
        const QString app = QCoreApplication::applicationDirPath() + "/../app/gui/quantscope";
        if (!QFileInfo::exists(app)) QSKIP("the quantscope executable is not built");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        p.setProcessEnvironment(env);
        p.start(app,
                {QString::fromStdString(qs::test::sharedPath("models/austen-5m")), "--screenshot", shot});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QImage image(shot);
        QVERIFY(image.width() > 800 && image.height() > 500);
    }
};

QTEST_MAIN(TestWindowSettings)
#include "test_window_settings.moc"
