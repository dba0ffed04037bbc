#include "core/plan/evaluate_plan.h"

#include "core/runtime/forward.h"
#include "core/runtime/weight_source.h"

namespace qs {

void overlayPlan(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, OverlayWeights& overlay) {
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& t = model.tensors()[plan.entries[i].tensor];
        const auto& w = outcome.tensors[i].weight;
        if (w.empty() || t.role == TensorRole::Other) continue;
        overlay.replace({t.role, t.block, t.isBias}, std::make_shared<FloatMatrix>(FloatMatrix{t.rows(), t.cols(), w}));
    }
}

KldResult evaluatePlan(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, const std::vector<int32_t>& ids,
                       int32_t bosId, const EvalOptions& options, ThreadPool& pool, const ProgressFn& progress,
                       const CancelToken* cancel) {
    ModelWeights base(model);
    OverlayWeights quantized(base);
    overlayPlan(model, plan, outcome, quantized);
    Forward fb(base, pool), fq(quantized, pool);
    return computeKld(fb, fq, ids, options, bosId, progress, cancel);
}

} // namespace qs
