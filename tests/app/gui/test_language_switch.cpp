// Settings → Language switches the open window at once (offscreen): menus, tab titles and dock titles
// come back in Simplified Chinese and then in English again, with no restart.
#include "app/gui/language.h"
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "widgets/activation_view.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

class TestLanguageSwitch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("QuantscopeTestLanguage");
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(qs::gui::installLanguage(QStringLiteral("en")));
    }
    void cleanupTestCase() { QSettings().clear(); }

    void switchesWithoutRestart() {
        qs::gui::MainWindow w;
        w.show();
        QCOMPARE(w.tabs()->tabText(0), QString("Distributions"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString("&File"));
        const int menus = w.menuBar()->actions().size();

        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.language = QStringLiteral("zh_CN");
        w.applySettings(s);
        QCoreApplication::processEvents();
        QCOMPARE(qs::gui::installedLanguage(), QString("zh_CN"));
        QCOMPARE(w.tabs()->tabText(0), QString::fromUtf8("分布"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString::fromUtf8("文件(&F)"));
        // The Distributions tab's activation panel retranslates itself too.
        bool calibrateTranslated = false;
        for (auto* b : w.activationView()->findChildren<QPushButton*>())
            calibrateTranslated |= b->text() == QString::fromUtf8("校准");
        QVERIFY(calibrateTranslated);
        for (auto* dock : w.findChildren<QDockWidget*>())
            QVERIFY2(dock->windowTitle() != "Jobs & Log" && dock->windowTitle() != "Model", qPrintable(dock->windowTitle()));

        s.language = QStringLiteral("en");
        w.applySettings(s);
        QCoreApplication::processEvents();
        QCOMPARE(w.tabs()->tabText(0), QString("Distributions"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString("&File"));
        // The menus are rebuilt, not duplicated.
        QCOMPARE(w.menuBar()->actions().size(), menus);
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "test_language_switch.moc"
