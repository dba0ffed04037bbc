#include "core/export/gguf_names.h"

#include "core/util/error.h"

#include <algorithm>
#include <map>

namespace qs {

std::string ggufTensorName(const TensorInfo& t) {
    const std::string suffix = t.isBias ? ".bias" : ".weight";
    switch (t.role) {
    case TensorRole::Embedding: return "token_embd.weight";
    case TensorRole::FinalNorm: return "output_norm.weight";
    case TensorRole::Output: return "output.weight";
    case TensorRole::RopeFreqs: return "rope_freqs.weight";
    default: break;
    }
    static const std::map<TensorRole, std::string> layer = {
        {TensorRole::AttnQ, "attn_q"},      {TensorRole::AttnK, "attn_k"},     {TensorRole::AttnV, "attn_v"},
        {TensorRole::AttnO, "attn_output"}, {TensorRole::MlpGate, "ffn_gate"}, {TensorRole::MlpUp, "ffn_up"},
        {TensorRole::MlpDown, "ffn_down"},  {TensorRole::AttnNorm, "attn_norm"}, {TensorRole::MlpNorm, "ffn_norm"}};
    auto it = layer.find(t.role);
    if (it == layer.end() || t.block < 0) throw Error(t.file, "tensor '" + t.name + "' has no llama.cpp equivalent");
    return "blk." + std::to_string(t.block) + "." + it->second + suffix;
}

std::vector<size_t> llamaQuantizeOrder(const Model& model) {
    std::vector<std::pair<std::string, size_t>> named;
    for (size_t i = 0; i < model.tensors().size(); ++i) named.emplace_back(ggufTensorName(model.tensors()[i]), i);
    std::sort(named.begin(), named.end(), [&](auto& a, auto& b) {
        int ba = model.tensors()[a.second].block, bb = model.tensors()[b.second].block;
        return ba != bb ? ba < bb : a.first < b.first;
    });
    std::vector<size_t> order;
    for (auto& [name, i] : named) order.push_back(i);
    return order;
}

} // namespace qs
