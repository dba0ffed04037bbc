#include "app/gui/plan_recipe.h"

#include "app/gui/settings.h"
#include "core/plan/evaluate_plan.h"
#include "core/plan/resolved_plan.h"
#include "core/plan/run_recipe.h"
#include "core/runtime/eval_input.h"
#include "core/util/error.h"

namespace qs::gui {

qs::Recipe planRecipe(const qs::Model& model, const PlanState& state, const AppSettings& settings, const std::string& name) {
    qs::Recipe r;
    r.name = name;
    r.description = "saved from the Quantscope window";
    const auto& tensors = model.tensors();
    for (size_t i = 0; i < tensors.size() && i < state.plan.size(); ++i) {
        if (!qs::isQuantizableWeight(tensors[i])) continue;
        qs::RecipeRule rule;
        rule.match.glob = tensors[i].name;
        const qs::DType type = state.plan[i];
        if (i < state.specs.size() && state.specs[i]) rule.spec = *state.specs[i];
        else rule.spec = qs::traits(type).isQuantized ? qs::QuantSpec::gguf(type) : qs::QuantSpec::keep(type);
        r.rules.push_back(std::move(rule));
    }
    qs::CalibrationSettings calib;
    calib.text = settings.calibrationText.toStdString();
    calib.samples = settings.samples;
    calib.seqLen = settings.sequenceLength;
    r.calibration = calib;
    qs::EvaluationSettings eval;
    eval.text = settings.evaluationText.toStdString();
    eval.ctx = settings.context;
    eval.chunks = settings.chunks;
    r.evaluation = eval;
    return r;
}

PlanState planFromRecipe(const qs::Model& model, const qs::Recipe& recipe, const qs::widgets::Plan& current) {
    const qs::ResolvedPlan resolved = qs::resolvePlan(model, recipe);
    PlanState s{current, qs::widgets::SpecOverrides(current.size())};
    for (const auto& e : resolved.entries) {
        if (e.rule < 0 || e.tensor >= current.size()) continue; // not quantizable: kept as the plan has it
        const qs::QuantSpec& spec = e.spec;
        if (spec.grid == qs::QuantGrid::Float || (spec.grid == qs::QuantGrid::Gguf && spec.method == qs::QuantMethod::RTN))
            s.plan[e.tensor] = spec.type;
        else
            s.specs[e.tensor] = spec;
    }
    return s;
}

qs::KldResult evaluatePlanJob(const qs::Model& model, const qs::Recipe& recipe, JobContext& ctx,
                              std::vector<std::optional<double>>* errors) {
    const qs::ResolvedPlan plan = qs::resolvePlan(model, recipe);
    const std::optional<qs::CalibrationInput> calib = qs::calibrationInput(model, recipe, plan);
    const qs::PlanOutcome outcome = qs::executePlan(model, plan, ctx.pool, &ctx.cancel, ctx.report, calib ? &*calib : nullptr);
    if (errors) {
        errors->assign(model.tensors().size(), std::nullopt);
        for (size_t i = 0; i < outcome.tensors.size() && i < errors->size(); ++i)
            if (const auto& e = outcome.tensors[i].error) (*errors)[i] = e->relFrobenius;
    }
    const qs::EvaluationSettings ev = recipe.evaluation.value_or(qs::EvaluationSettings{});
    if (ev.text.empty()) throw qs::Error("evaluate", "no evaluation text (Settings → Evaluation)");
    const qs::EvalInput input = qs::loadEvalInput({&model}, ev.text, "");
    qs::EvalOptions eo;
    eo.ctx = ev.ctx;
    eo.maxChunks = ev.chunks;
    return qs::evaluatePlan(model, plan, outcome, input.ids, input.bosId, eo, ctx.pool, ctx.report, &ctx.cancel);
}

} // namespace qs::gui
