#pragma once
// Renders `quantscope-cli bench plan --json`'s size-vs-KLD data with the GUI's plot code (PlanCurveView):
// one PNG per model, plan-curve-MODEL.png — the planner's curve over budgets (mean KLD measured on the
// evaluation text, and the planner's own estimate), llama.cpp's mixtures and the planner at their sizes.
// Used by `quantscope --plot-curve JSON --out DIR` (scripts/plan-curve.sh runs it offscreen).
#include <QString>
#include <QStringList>

namespace qs::gui {

// Returns the files written; on failure an empty list with `error` set.
QStringList renderPlanCurves(const QString& jsonPath, const QString& outDir, QString* error = nullptr);

} // namespace qs::gui
