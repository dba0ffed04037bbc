#pragma once
// Runs a resolved plan in memory: every tensor's quantized form and effective (dequantized) weights, with
// error metrics. Exports write these values and evaluation computes with them, so what is measured is
// what is written. Rows in Hugging Face order; deterministic at any thread count; cancellable.
#include "core/plan/resolved_plan.h"
#include "core/quant/metrics.h"
#include "core/quant/quantized_matrix.h"
#include "core/util/cancel.h"

#include <optional>
#include <string>
#include <vector>

namespace qs {

class ThreadPool;

struct TensorOutcome {
    QuantSpec spec;
    std::optional<QuantizedMatrix> matrix; // integer and NF4 grids
    std::vector<float> weight;             // effective weights [rows, cols]; empty when equal to the source
    std::optional<ErrorMetrics> error;     // against the source weights (quantizable tensors)
    double seconds = 0;
    std::string note;
};

struct PlanOutcome {
    std::vector<TensorOutcome> tensors; // indexed like plan.entries / model.tensors()
    std::vector<std::string> notes;
    double seconds = 0;
};

// Throws qs::Error for specs that need calibration (GPTQ, AWQ) until the methods pipeline provides them.
PlanOutcome executePlan(const Model& model, const ResolvedPlan& plan, ThreadPool& pool, const CancelToken* cancel = nullptr,
                        Progress* progress = nullptr);

// The effective weights of one tensor: the outcome's when it changed them, else the source's.
std::vector<float> effectiveWeights(const Model& model, const PlanOutcome& outcome, size_t tensor);

} // namespace qs
