#pragma once
// AWQ's scale search on the module a group of linears feeds, as llm-awq (auto_scale_block, module2inspect) and
// AutoAWQ (_search_best_scale) do it: for input_layernorm → q/k/v the objective is the output of the whole
// attention module (q/k/v projections, RoPE, causal grouped-query attention, o_proj), for
// post_attention_layernorm → gate/up the output of the MLP (gate/up, SwiGLU, down_proj). For each α of the grid
// the group's weights are replaced by Q(W·s)/s, the module is run on the calibration inputs and the mean
// squared difference to the float module's output is the loss; the least loss wins (the first on ties).
// The other weights of the module (o_proj, down_proj, biases) are those `weights` serves. Batches of a fixed
// number of sequences and fixed-tile products: the result does not depend on the thread count.
#include "core/quant/awq.h"
#include "core/runtime/weight_source.h"
#include "core/util/cancel.h"

#include <vector>

namespace qs {

class ThreadPool;

enum class AwqModule { Attention, Mlp };

struct AwqModuleInput {
    const float* x = nullptr; // the module's input (the normed hidden states), [nSeq · seqLen, hidden]
    int64_t nSeq = 0, seqLen = 0;
    int64_t perBatch = 8;      // sequences per forward batch
};

// The loss both AWQ steps below score: the float module's output on the calibration rows, computed once, and the
// mean squared difference to it (the loss the references report) when the module runs with other member weights.
// layers: q, k, v (Attention) or gate, up (Mlp), in that order, as [rows, hidden] weights that outlive the objective,
// as do in.x, `weights` and the pool.
class AwqModuleObjective {
public:
    AwqModuleObjective(AwqModule module, WeightSource& weights, int block, const AwqModuleInput& in,
                       const std::vector<AwqLayerRef>& layers, ThreadPool& pool, const CancelToken* cancel = nullptr);

    const std::vector<AwqLayerRef>& layers() const { return layers_; }
    int64_t hidden() const { return d_; }
    const FloatMatrix& original(size_t i) const { return original_[i]; } // member i's float weights
    double error(const std::vector<const FloatMatrix*>& group);

private:
    template <class Fn> void forBatches(Fn&& fn) const;

    AwqModule module_;
    WeightSource& weights_;
    int block_;
    AwqModuleInput in_;
    std::vector<AwqLayerRef> layers_;
    int64_t d_;
    ThreadPool& pool_;
    const CancelToken* cancel_;
    std::vector<FloatMatrix> original_;
    std::vector<float> reference_, out_;
};

// The scales for the objective's members, searched as described at the top.
AwqScaleSearch searchAwqModuleScales(AwqModuleObjective& objective, const std::vector<double>& meanAbs, const QuantSpec& spec,
                                     const AwqOptions& opt, ThreadPool& pool, const CancelToken* cancel = nullptr);

// AWQ's clip search lowers each layer's own output error, which does not imply a lower module output error: on
// austen-29m the clipped gate/up had 30 % less output error each while the MLP's output error grew up to 3.8×
// (SwiGLU weighs a gate/up error by the other factor, token by token). So the pipeline offers each member
// with and without its clip, and this picks, over every combination, the one with the least module output error;
// candidates[i] are member i's effective weights [rows, hidden] (empty: the member stays float). Combination 0
// (every member's first candidate) comes first and wins ties. Returns the chosen index per member.
std::vector<size_t> chooseAwqModuleCandidates(AwqModuleObjective& objective,
                                              const std::vector<std::vector<const std::vector<float>*>>& candidates);

// The module's output for rows [nSeq · seqLen] of x with the given group weights (q, k, v or gate, up), into out
// [nSeq · seqLen, hidden]. Exposed for tests: with the model's own weights it equals the block's sub-step.
void runAwqModule(AwqModule module, WeightSource& weights, int block, const std::vector<const FloatMatrix*>& group,
                  const float* x, int64_t nSeq, int64_t seqLen, float* out, ThreadPool& pool, const CancelToken* cancel = nullptr);

} // namespace qs
