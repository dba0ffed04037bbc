#pragma once
// Side by side: several methods on one model, each through the pipeline, then evaluated in memory
// against the original (perplexity, KL divergence) with per-layer errors and the size each would take.
// This plain result is what `quantscope-cli compare` prints and the GUI's comparison view shows.
#include "core/pipeline/pipeline.h"
#include "core/runtime/eval_chunks.h"
#include "core/runtime/kld.h"

namespace qs {

struct CompareOptions {
    std::vector<QuantSpec> specs; // one per method, e.g. rtn/awq/gptq on the same grid
    PipelineOptions pipeline;     // everything but the spec
    EvalOptions eval;
};

struct LayerRow {
    std::string name;
    double relOutputError = 0, weightMse = 0, seconds = 0;
};

struct MethodComparison {
    QuantSpec spec;
    std::vector<LayerRow> layers;
    KldResult eval;              // pplCandidate, kldMean, … against the original
    uint64_t bytes = 0;          // the whole model with the quantized layers stored on the spec's grid
    double bitsPerWeight = 0;    // over the quantized layers only
    double quantizeSeconds = 0;
    std::vector<std::string> notes;
};

struct Comparison {
    double basePpl = 0, basePplStderr = 0;
    uint64_t baseBytes = 0;
    int64_t tokensScored = 0;
    std::vector<MethodComparison> methods;
};

Comparison compareMethods(const Model& model, const std::vector<int32_t>& calibIds, const std::vector<int32_t>& evalIds,
                          int32_t bosId, const CompareOptions& opt, ThreadPool& pool, const ProgressFn& progress = {},
                          const CancelToken* cancel = nullptr);

} // namespace qs
