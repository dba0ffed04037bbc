#pragma once
// The Plan tab's plan as a core recipe (the CLI's schema) and back, and evaluating it in memory as a job.
#include "app/gui/job_runner.h"
#include "core/plan/recipe.h"
#include "core/runtime/kld.h"
#include "widgets/plan_model.h"

namespace qs::gui {

struct AppSettings;

struct PlanState {
    qs::widgets::Plan plan;
    qs::widgets::SpecOverrides specs;
};

// One rule per quantizable tensor (its name as the glob) with its planned spec; calibration and
// evaluation from the settings, so `quantscope-cli quantize --recipe` runs the same plan.
qs::Recipe planRecipe(const qs::Model& model, const PlanState& state, const AppSettings& settings, const std::string& name);
// The recipe resolved on `model`: GGUF types (RTN) and floats as plan types, anything else as spec overrides
// on top of `current`'s type. Throws qs::Error when a rule does not fit the model.
PlanState planFromRecipe(const qs::Model& model, const qs::Recipe& recipe, const qs::widgets::Plan& current);

// Executes the plan in memory (GPTQ/AWQ calibrated on the settings' text) and scores it against the
// original on the evaluation text. Throws qs::Error for missing texts, qs::Cancelled when cancelled.
// `errors` (optional) receives each tensor's relative Frobenius error, indexed like model.tensors().
qs::KldResult evaluatePlanJob(const qs::Model& model, const qs::Recipe& recipe, JobContext& ctx,
                              std::vector<std::optional<double>>* errors = nullptr);

} // namespace qs::gui
