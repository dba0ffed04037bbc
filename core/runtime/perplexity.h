#pragma once
// Perplexity under llama-perplexity's protocol (formats.md §7.1) in exact fp32, log-softmax in float64.
#include "core/runtime/eval_chunks.h"
#include "core/runtime/forward.h"

namespace qs {

struct PerplexityResult {
    double ppl = 0;
    double pplStderr = 0;
    int64_t tokensScored = 0;
    int64_t chunks = 0;
    int64_t ctx = 0;
    double seconds = 0;
    double tokensPerSecond = 0; // every evaluated token (chunks · ctx) per wall second
};

PerplexityResult computePerplexity(Forward& model, const std::vector<int32_t>& ids, const EvalOptions& opt,
                                   int32_t bosId, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

} // namespace qs
