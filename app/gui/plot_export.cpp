#include "app/gui/plot_export.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace qs::gui {

bool savePlot(QCustomPlot* plot, const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    // The on-screen size, or a default when the plot has not been laid out (hidden, never shown).
    const bool laidOut = plot->isVisible() && plot->width() >= 200 && plot->height() >= 150;
    const int w = laidOut ? plot->width() : 1000, h = laidOut ? plot->height() : 750;
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, w, h);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(QFileInfo(path).completeBaseName());
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, w, h);
            ok = painter.end();
        }
    } else {
        if (error) *error = QCoreApplication::translate("qs::gui::savePlot", "Unknown plot format '%1': use .png, .svg or .pdf.").arg(suffix);
        return false;
    }
    if (!ok && error) *error = QCoreApplication::translate("qs::gui::savePlot", "Cannot write %1.").arg(path);
    return ok;
}

} // namespace qs::gui
