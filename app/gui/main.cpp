// quantscope: the GUI. Usage: quantscope [MODEL] [--screenshot FILE.png | --screenshots DIR] [--language LANG] [--dark]
//                        quantscope --plot-curve BENCH_PLAN.json --out DIR   (renders plan-curve-MODEL.png, no window)
#include "app/gui/dark_palette.h"
#include "app/gui/language.h"
#include "app/gui/main_window.h"
#include "app/gui/plan_curve_render.h"
#include "app/gui/screenshot_tour.h"
#include "app/gui/settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quantscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Quantscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Quantscope — post-training quantization workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("HF model folder or .gguf file to open"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the window once the model is open, then quit."),
                                  QStringLiteral("file"));
    parser.addOption(screenshot);
    QCommandLineOption tour(QStringLiteral("screenshots"),
                            QStringLiteral("Walk through every tab with real data, save a PNG of each into DIR, then quit."),
                            QStringLiteral("dir"));
    parser.addOption(tour);
    QCommandLineOption languageOption(QStringLiteral("language"),
                                      QStringLiteral("User interface language for this run (en, zh_CN)."), QStringLiteral("lang"));
    parser.addOption(languageOption);
    QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Use a dark palette (Fusion style) for this run."));
    parser.addOption(darkOption);
    QCommandLineOption plotCurve(QStringLiteral("plot-curve"),
                                 QStringLiteral("Render the size-vs-KLD curves of a `quantscope-cli bench plan --json` file as "
                                                "plan-curve-MODEL.png into --out DIR, then quit."),
                                 QStringLiteral("json"));
    parser.addOption(plotCurve);
    QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output directory for --plot-curve."), QStringLiteral("dir"));
    parser.addOption(outOption);
    parser.process(app);

    const QString language = parser.isSet(languageOption) ? parser.value(languageOption)
                                                          : QSettings().value(QStringLiteral("ui/language")).toString();
    qs::gui::installLanguage(language);
    if (parser.isSet(darkOption)) qs::gui::applyDarkPalette();

    if (parser.isSet(plotCurve)) {
        QString error;
        const QStringList files = qs::gui::renderPlanCurves(parser.value(plotCurve), parser.value(outOption).isEmpty()
                                                                                        ? QStringLiteral(".") : parser.value(outOption), &error);
        for (const QString& f : files) std::fprintf(stderr, "wrote %s\n", qPrintable(f));
        if (files.isEmpty()) std::fprintf(stderr, "quantscope: %s\n", qPrintable(error));
        return files.isEmpty() ? 2 : 0;
    }

    // Screenshots start from default settings (window size, docks), not from the user's.
    if (parser.isSet(screenshot) || parser.isSet(tour)) {
        QCoreApplication::setApplicationName(QStringLiteral("Quantscope-screenshots"));
        QSettings().clear();
    }
    if (!parser.isSet(darkOption) && qs::gui::AppSettings::load().darkPalette) qs::gui::applyDarkPalette(); // Settings → Dark palette
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
    }
    if (parser.isSet(tour)) {
        const QString dir = parser.value(tour);
        QObject::connect(&window, &qs::gui::MainWindow::modelLoaded, &window, [&window, dir] {
            QTimer::singleShot(300, &window, [&window, dir] { QCoreApplication::exit(qs::gui::runScreenshotTour(window, dir)); });
        });
    }
    if (parser.isSet(screenshot) || parser.isSet(tour)) {
        window.setErrorHandler([](const QString& message) {
            qCritical("%s", qPrintable(message));
            QCoreApplication::exit(2);
        });
    }
    window.openModel(path);
    return app.exec();
}
