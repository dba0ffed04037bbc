#pragma once
// Drives an open window through every tab with real data and saves an in-app grab of each
// (scripts/screenshots.sh): distributions.png, plan.png, results.png, compare.png, sensitivity.png,
// model-panel.png.
#include <QString>

namespace qs::gui {

class MainWindow;

// Call once the model is open. Returns 0 on success; messages go to stderr.
int runScreenshotTour(MainWindow& window, const QString& outDir);

} // namespace qs::gui
