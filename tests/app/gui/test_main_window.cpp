#include "app/gui/main_window.h"
#include "tests/support/support.h"
#include "widgets/tensor_table_model.h"

#include <QSignalSpy>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("QuantscopeTest");
        QStandardPaths::setTestModeEnabled(true);
    }

    void opensModelAndShowsTensors() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        w.openModel(QString::fromStdString(qs::test::sharedPath("models/austen-5m")));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.tensorTable()->rowCount(), 39);
        QCOMPARE(w.tensorTable()->index(0, qs::widgets::TensorTableModel::Name).data().toString(),
                 QString("model.embed_tokens.weight"));
        QVERIFY2(w.statusText().contains("5,245,184"), qPrintable(w.statusText()));
    }

    void badFileKeepsCurrentModel() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        QString lastError;
        w.setErrorHandler([&](const QString& m) { lastError = m; });
        QSignalSpy loaded(&w, &qs::gui::MainWindow::modelLoaded);
        QSignalSpy failed(&w, &qs::gui::MainWindow::modelLoadFailed);
        w.openModel(QString::fromStdString(qs::test::sharedPath("models/austen-5m")));
        QVERIFY(loaded.wait(20000));
        QTemporaryDir dir;
        const QString bad = dir.filePath("broken.gguf");
        qs::test::writeFile(bad.toStdString(), std::string("GGUF\3\0\0\0"));
        w.openModel(bad);
        QVERIFY(failed.wait(20000));
        QVERIFY2(lastError.contains("broken.gguf"), qPrintable(lastError));
        QCOMPARE(w.tensorTable()->rowCount(), 39); // the model that was open stays open
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
