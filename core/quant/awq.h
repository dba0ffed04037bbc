#pragma once
// AWQ (Lin et al., 2023), as mit-han-lab/llm-awq and AutoAWQ search it:
//   scale search: s = mean|x|^α per input channel (clamped ≥ 1e-4), divided by √(max s · min s), α on the grid
//   0, 1/20, …, 19/20; with each weight replaced by Q(W·s)/s (Q = round-to-nearest on the target grid), the
//   objective is the output error of the module the layers feed: in the whole-model pipeline the attention
//   module for q/k/v and the MLP for gate/up (core/pipeline/awq_block.h), and here — one layer alone, down_proj,
//   or statistics without input rows — the output error of every layer that reads the input;
//   clip search: per output row and group, the scaled weights clamped to ±absmax·(1 − i/20), i < 10, keeping
//   the clamp with the least output error of that group (on scaled weights and inputs). In the whole-model
//   pipeline the clip of a v/gate/up layer is then dropped where the attention or MLP output error is lower
//   without it (awq_block.h, a joint choice over the module's members); the references do not make this check.
// The output error comes from H = Σxxᵀ (hessian.h): ‖X(W − Ŵ)ᵀ‖² = Σ_rows e H eᵀ, which uses every token.
// Targets: integer grids and GGUF block types (whose own quantizer is Q; clip groups are its blocks).
#include "core/quant/quant_result.h"

#include <vector>

namespace qs {

class CancelToken;
class ThreadPool;

struct AwqOptions {
    int scaleGrid = 20;
    // AutoAWQ's duo scaling: s = mean|x|^α / (w̄^(1−α) + 1e-4), w̄ the mean over the layers' rows of |w| relative
    // to its group's absmax. Off: llm-awq's s = mean|x|^α (the single-layer references use that).
    bool duoScaling = false;
    int clipGrid = 20;
    double clipMaxShrink = 0.5; // int(0.5 · 20) = 10 candidates: 1.00 … 0.55
};

struct AwqLayerRef {
    const float* w = nullptr; // [rows, cols]
    int64_t rows = 0;
    bool quantized = true;    // false: a module member left in float (not selected), neither scaled nor quantized
};

struct AwqScaleSearch {
    std::vector<float> scales; // s per input channel (all 1 for α = 0)
    double ratio = 0;          // the chosen α
    double error = 0;          // Σ output error at that α
};

// AutoAWQ's w̄ per input channel for layers sharing `cols` inputs, groups of `groupCols` along each row.
std::vector<float> awqWeightMean(const std::vector<AwqLayerRef>& layers, int64_t cols, int64_t groupCols);

// The candidate scales at α (duo scaling when wMean is not empty), normalised by √(max · min).
std::vector<float> awqCandidateScales(const std::vector<double>& meanAbs, const std::vector<float>& wMean, double alpha);

// The group width duo scaling measures |w| against for a target spec (its group, or 32 for GGUF blocks).
int64_t awqDuoGroupCols(const QuantSpec& spec, int64_t cols);

// The scales for layers sharing one input of `cols` channels.
AwqScaleSearch searchAwqScales(const std::vector<AwqLayerRef>& layers, int64_t cols, const std::vector<double>& meanAbs,
                               const std::vector<double>& hessian, const QuantSpec& spec, const AwqOptions& opt = {},
                               ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

// Quantizes Q(clip(W·s)) (clip search when `clip`; s = 1 when scales is empty). result.weight is Q(·)/s,
// result.inputScales = s, and the stored form (matrix or blocks) is that of the scaled weight.
QuantResult quantizeAwqLayer(const float* w, int64_t rows, int64_t cols, const std::vector<float>& scales,
                             const std::vector<double>& hessian, const QuantSpec& spec, bool clip, const AwqOptions& opt = {},
                             ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

// One layer alone: scale search on it, then clip search and quantization.
QuantResult quantizeAwq(const float* w, int64_t rows, int64_t cols, const std::vector<double>& meanAbs,
                        const std::vector<double>& hessian, const QuantSpec& spec, const AwqOptions& opt = {},
                        ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

} // namespace qs
