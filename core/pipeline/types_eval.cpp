#include "core/pipeline/types_eval.h"

#include "core/quant/quantize_layer.h"
#include "core/runtime/weight_source.h"
#include "core/util/thread_pool.h"

#include <memory>

namespace qs {

uint64_t planBytes(const Model& model, const std::vector<DType>& types) {
    uint64_t total = 0;
    for (size_t i = 0; i < model.tensors().size(); ++i) {
        const TensorInfo& t = model.tensors()[i];
        total += uint64_t(t.rows() * rowBytes(traits(types[i]), t.cols()));
    }
    return total;
}

KldResult evaluateTypes(const Model& model, const std::vector<DType>& types, const std::vector<std::vector<float>>* importance,
                        const std::vector<int32_t>& ids, int32_t bosId, const EvalOptions& opt, ThreadPool& pool,
                        const ProgressFn& progress, const CancelToken* cancel) {
    ModelWeights base(model);
    OverlayWeights overlay(base);
    for (size_t i = 0; i < model.tensors().size(); ++i) {
        const TensorInfo& t = model.tensors()[i];
        if (!traits(types[i]).isQuantized || t.type == types[i]) continue;
        if (progress) progress(0.0, "quantizing " + t.name);
        const auto w = model.readAll(t);
        const float* qw = importance && !(*importance)[i].empty() ? (*importance)[i].data() : nullptr;
        QuantResult q = quantizeRtnResult(w.data(), t.rows(), t.cols(), QuantSpec::gguf(types[i]), &pool, cancel, qw);
        auto m = std::make_shared<FloatMatrix>(FloatMatrix{t.rows(), t.cols(), std::move(q.weight)});
        overlay.replace({t.role, t.block, t.isBias}, m);
        if (t.role == TensorRole::Embedding && !model.find(TensorRole::Output)) overlay.replace({TensorRole::Output, -1, false}, m); // tied
    }
    Forward original(base, pool), candidate(overlay, pool);
    return computeKld(original, candidate, ids, opt, bosId, progress, cancel);
}

} // namespace qs
