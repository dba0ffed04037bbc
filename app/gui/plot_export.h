#pragma once
// Saves a QCustomPlot as PNG, SVG or PDF, chosen by the file suffix.
#include <QString>

class QCustomPlot;

namespace qs::gui {

bool savePlot(QCustomPlot* plot, const QString& path, QString* error = nullptr);

} // namespace qs::gui
