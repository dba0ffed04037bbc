#pragma once
// Evaluating an executed plan in memory: its effective weights in place of the source's, scored against the
// unquantized model on the same text (perplexity of both, KL divergence, top-1 agreement). `quantize
// --recipe` and the GUI's Evaluate job both go through here.
#include "core/plan/execute.h"
#include "core/runtime/eval_chunks.h"
#include "core/runtime/kld.h"

namespace qs {

class OverlayWeights;

// Puts every tensor the outcome changed into `overlay` (norms and other non-layer tensors stay as stored).
void overlayPlan(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, OverlayWeights& overlay);

KldResult evaluatePlan(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, const std::vector<int32_t>& ids,
                       int32_t bosId, const EvalOptions& options, ThreadPool& pool, const ProgressFn& progress = {},
                       const CancelToken* cancel = nullptr);

} // namespace qs
