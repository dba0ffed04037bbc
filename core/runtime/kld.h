#pragma once
// KL(original ‖ candidate) over the scored positions of the perplexity protocol (formats.md §7.2,
// reference.json "kld"), both sides fp32 and compared in float64 chunk by chunk.
#include "core/runtime/eval_chunks.h"
#include "core/runtime/forward.h"

namespace qs {

struct KldResult {
    int64_t chunks = 0;
    int64_t tokensScored = 0;
    double kldMean = 0, kldMedian = 0, kldP90 = 0, kldP99 = 0, kldMax = 0;
    double sameTopFraction = 0;   // share of positions whose argmax agrees
    double deltaPMean = 0;        // p_candidate − p_original of the correct token
    double deltaPRms = 0;
    double pplBase = 0, pplBaseStderr = 0;
    double pplCandidate = 0, pplCandidateStderr = 0;
    double pplRatio = 0;          // pplCandidate / pplBase
    double seconds = 0;
    double tokensPerSecond = 0;   // text tokens (chunks · ctx) per second, both models evaluated
};

KldResult computeKld(Forward& base, Forward& candidate, const std::vector<int32_t>& ids, const EvalOptions& opt,
                     int32_t bosId, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// Linear interpolation between order statistics (numpy/torch default) of sorted values.
double quantileSorted(const std::vector<double>& sorted, double q);

} // namespace qs
