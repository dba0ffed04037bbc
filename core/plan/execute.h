#pragma once
// Runs a resolved plan in memory: every tensor's quantized form and effective (dequantized) weights, with
// error metrics. Exports write these values and evaluation computes with them, so what is measured is
// what is written. Rows in Hugging Face order; deterministic at any thread count; cancellable.
// GPTQ and AWQ tensors go through the sequential whole-model pipeline (core/pipeline), one run per
// distinct spec; RTN, HQQ, NF4, GGUF types and float are quantized tensor by tensor.
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
    std::optional<QuantizedMatrix> matrix; // integer and NF4 grids (AWQ: of the scaled weight W·s)
    std::vector<uint8_t> blocks;           // calibrated methods onto GGUF types: rows × rowBytes, HF row order
    std::vector<float> inputScales;        // AWQ: s per input channel, folded into the effective weight
    std::vector<float> weight;             // effective weights [rows, cols]; empty when equal to the source
    std::optional<ErrorMetrics> error;     // against the source weights (quantizable tensors)
    double seconds = 0;
    std::string note;                      // what the method reported (raised damping, dead inputs, ...)
};

struct PlanOutcome {
    std::vector<TensorOutcome> tensors; // indexed like plan.entries / model.tensors()
    std::vector<std::string> notes;
    double seconds = 0;
};

// What GPTQ/AWQ tensors need: the calibration text's ids (BOS first) and the recipe's settings.
struct CalibrationInput {
    std::vector<int32_t> ids;
    int32_t bosId = 1;
    CalibrationSettings settings;
    MethodOptions methods;
};

// Throws qs::Error when the plan has GPTQ/AWQ tensors and no calibration input is given. `importance`
// (imatrixWeights, indexed like model.tensors()) makes RTN onto GGUF types use llama.cpp's weighted quantizers,
// as the GGUF export does with the same imatrix.
PlanOutcome executePlan(const Model& model, const ResolvedPlan& plan, ThreadPool& pool, const CancelToken* cancel = nullptr,
                        const ProgressFn& progress = {}, const CalibrationInput* calibration = nullptr,
                        const std::vector<std::vector<float>>* importance = nullptr);

// The effective weights of one tensor: the outcome's when it changed them, else the source's.
std::vector<float> effectiveWeights(const Model& model, const PlanOutcome& outcome, size_t tensor);

} // namespace qs
