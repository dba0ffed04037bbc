// quantscope: the GUI. Usage: quantscope [MODEL] [--screenshot FILE.png]
#include "app/gui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quantscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Quantscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QTranslator translator;
    const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (translator.load(locale, QStringLiteral("quantscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Quantscope — post-training quantization workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("HF model folder or .gguf file to open"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the window once the model is open, then quit."),
                                  QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    qs::gui::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    const QString path = args.isEmpty() ? qs::gui::defaultModelPath() : args.first();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto grabAndQuit = [&window, file] {
            QTimer::singleShot(300, &window, [&window, file] {
                window.grab().save(file);
                QCoreApplication::exit(0);
            });
        };
        QObject::connect(&window, &qs::gui::MainWindow::modelLoaded, &window, grabAndQuit);
        window.setErrorHandler([](const QString& message) {
            qCritical("%s", qPrintable(message));
            QCoreApplication::exit(2);
        });
    }
    window.openModel(path);
    return app.exec();
}
