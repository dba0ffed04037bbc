// Shape checks shared by every loader: each tensor's shape must agree with the hyper-parameters.
#include "core/model/model.h"
#include "core/util/error.h"

#include <algorithm>

namespace qs {
namespace {

std::string shapeString(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

std::vector<int64_t> expectedShape(const HyperParams& hp, const TensorInfo& t) {
    const int64_t d = hp.hiddenSize, f = hp.intermediateSize, q = hp.numHeads * hp.headDim, kv = hp.numKvHeads * hp.headDim;
    if (t.isBias) {
        switch (t.role) {
        case TensorRole::AttnQ: return {q};
        case TensorRole::AttnK: case TensorRole::AttnV: return {kv};
        default: return {};
        }
    }
    switch (t.role) {
    case TensorRole::Embedding: case TensorRole::Output: return {hp.vocabSize, d};
    case TensorRole::AttnQ: return {q, d};
    case TensorRole::AttnK: case TensorRole::AttnV: return {kv, d};
    case TensorRole::AttnO: return {d, q};
    case TensorRole::MlpGate: case TensorRole::MlpUp: return {f, d};
    case TensorRole::MlpDown: return {d, f};
    case TensorRole::AttnNorm: case TensorRole::MlpNorm: case TensorRole::FinalNorm: return {d};
    default: return {};
    }
}

} // namespace

void finishModel(Model& m) {
    const auto& hp = m.hp_;
    for (auto& t : m.tensors_) {
        if (t.block >= hp.numLayers)
            throw Error(t.file, "tensor '" + t.name + "' belongs to layer " + std::to_string(t.block) + " but the model has " +
                                    std::to_string(hp.numLayers));
        auto want = expectedShape(hp, t);
        if (!want.empty() && want != t.shape)
            throw Error(t.file, "tensor '" + t.name + "' has shape " + shapeString(t.shape) + " but the configuration implies " +
                                    shapeString(want));
    }
    auto need = [&](TensorRole r, int block) { m.require(r, block); };
    need(TensorRole::Embedding, -1);
    need(TensorRole::FinalNorm, -1);
    for (int b = 0; b < hp.numLayers; ++b)
        for (auto r : {TensorRole::AttnNorm, TensorRole::AttnQ, TensorRole::AttnK, TensorRole::AttnV, TensorRole::AttnO,
                       TensorRole::MlpNorm, TensorRole::MlpGate, TensorRole::MlpUp, TensorRole::MlpDown})
            need(r, b);
    if (!hp.tieWordEmbeddings && !m.find(TensorRole::Output))
        throw Error(m.path_, "missing output head (lm_head) and tie_word_embeddings is false");
    // Layers first in block order, then the rest, so tables read top to bottom like the network.
    std::stable_sort(m.tensors_.begin(), m.tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) {
        auto key = [](const TensorInfo& t) {
            int group = t.role == TensorRole::Embedding ? 0 : t.block >= 0 ? 1 : 2;
            return std::tuple(group, t.block, int(t.role), t.isBias);
        };
        return key(a) < key(b);
    });
}

} // namespace qs
