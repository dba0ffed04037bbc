#pragma once
// A dark palette for the whole application (`quantscope --dark`, Settings → Dark palette) and plots that
// follow the palette: QCustomPlot paints its own white background and black axes unless told otherwise.
class QWidget;

namespace qs::gui {

void applyDarkPalette();                // Fusion style with a dark QPalette, application-wide
void applyStartupPalette();             // back to the style and palette the application started with
void stylePlots(QWidget* root);         // every QCustomPlot under root: background, axes, grid, legend from its palette
bool isDarkPalette();                   // window colour darker than its text

} // namespace qs::gui
