// GGUF file as a Model: llama.cpp tensor names and hyper-parameter keys (formats.md §5).
#include "core/formats/gguf.h"
#include "core/model/model.h"
#include "core/model/tensor_names.h"
#include "core/util/error.h"

#include <algorithm>
#include <map>
#include <regex>

namespace qs {

void finishModel(Model& m);

namespace {

struct GgufRole {
    TensorRole role;
    int block;
    bool bias;
};

GgufRole classifyGgufName(const std::string& name) {
    static const std::regex layer(R"(blk\.(\d+)\.([a-z_]+)\.(weight|bias))");
    static const std::map<std::string, TensorRole> modules = {
        {"attn_q", TensorRole::AttnQ},      {"attn_k", TensorRole::AttnK},     {"attn_v", TensorRole::AttnV},
        {"attn_output", TensorRole::AttnO}, {"ffn_gate", TensorRole::MlpGate}, {"ffn_up", TensorRole::MlpUp},
        {"ffn_down", TensorRole::MlpDown},  {"attn_norm", TensorRole::AttnNorm}, {"ffn_norm", TensorRole::MlpNorm}};
    if (auto l = classifyLayerName(name, layer, modules)) return {l->role, l->block, l->bias};
    if (name == "token_embd.weight") return {TensorRole::Embedding, -1, false};
    if (name == "output_norm.weight") return {TensorRole::FinalNorm, -1, false};
    if (name == "output.weight") return {TensorRole::Output, -1, false};
    if (name == "rope_freqs.weight") return {TensorRole::RopeFreqs, -1, false};
    return {TensorRole::Other, -1, false};
}

int64_t positiveKey(const GgufFile& g, const std::string& key) {
    int64_t v = g.getInt(key);
    if (v <= 0 || v > (int64_t(1) << 31)) throw Error(g.path(), "metadata '" + key + "' must be a positive integer");
    return v;
}

} // namespace

Model loadGgufModel(const std::string& path) {
    auto g = GgufFile::open(path);
    Model m;
    m.path_ = path;
    m.format_ = SourceFormat::Gguf;
    m.gguf_ = g;
    m.keepAlive_.push_back(g);

    const std::string arch = g->getString("general.architecture");
    if (arch != "llama" && arch != "qwen2")
        throw Error(path, "architecture '" + arch + "' is not a Llama-family model (supported: llama, qwen2)");
    auto& hp = m.hp_;
    hp.architecture = arch;
    const std::string a = arch + ".";
    hp.numLayers = positiveKey(*g, a + "block_count");
    hp.hiddenSize = positiveKey(*g, a + "embedding_length");
    hp.intermediateSize = positiveKey(*g, a + "feed_forward_length");
    hp.numHeads = positiveKey(*g, a + "attention.head_count");
    hp.numKvHeads = g->find(a + "attention.head_count_kv") ? positiveKey(*g, a + "attention.head_count_kv") : hp.numHeads;
    if (hp.numHeads % hp.numKvHeads != 0) throw Error(path, "head_count is not a multiple of head_count_kv");
    hp.headDim = g->find(a + "attention.key_length") ? positiveKey(*g, a + "attention.key_length") : hp.hiddenSize / hp.numHeads;
    if (hp.headDim % 2 != 0) throw Error(path, "head dimension must be even for RoPE");
    hp.maxPositions = g->find(a + "context_length") ? positiveKey(*g, a + "context_length") : 2048;
    hp.ropeTheta = g->find(a + "rope.freq_base") ? g->getDouble(a + "rope.freq_base") : 10000.0;
    hp.rmsNormEps = g->getDouble(a + "attention.layer_norm_rms_epsilon");
    if (g->find(a + "rope.scaling.type")) {
        hp.ropeScalingType = g->getString(a + "rope.scaling.type");
        if (g->find(a + "rope.scaling.factor")) hp.ropeScalingFactor = g->getDouble(a + "rope.scaling.factor");
    }
    if (auto* b = g->find("tokenizer.ggml.bos_token_id"); b && b->isInteger()) hp.bosTokenId = b->asInt();
    if (auto* e = g->find("tokenizer.ggml.eos_token_id"); e && e->isInteger()) hp.eosTokenId = e->asInt();
    hp.attentionBias = arch == "qwen2";

    for (auto& gt : g->tensors()) {
        auto c = classifyGgufName(gt.name);
        TensorInfo t;
        t.name = gt.name;
        t.file = path;
        t.role = c.role;
        t.block = c.block;
        t.isBias = c.bias;
        t.shape.assign(gt.ne.rbegin(), gt.ne.rend());
        while (t.shape.size() > 1 && t.shape.front() == 1) t.shape.erase(t.shape.begin()); // ggml pads dims with 1
        t.type = gt.type;
        t.params = gt.numel();
        t.bytes = gt.nbytes;
        t.data = g->tensorData(gt);
        // llama.cpp's converter permutes q/k rows for its RoPE layout (not for qwen2).
        if (arch == "llama" && !t.isBias && t.role == TensorRole::AttnQ) t.permutedHeads = int(hp.numHeads);
        if (arch == "llama" && !t.isBias && t.role == TensorRole::AttnK) t.permutedHeads = int(hp.numKvHeads);
        m.tensors_.push_back(std::move(t));
    }
    const auto* emb = m.find(TensorRole::Embedding);
    if (auto* v = g->find(a + "vocab_size"); v && v->isInteger()) hp.vocabSize = v->asInt();
    else if (emb && emb->shape.size() == 2) hp.vocabSize = emb->shape[0];
    else if (auto* toks = g->find("tokenizer.ggml.tokens")) hp.vocabSize = int64_t(toks->items.size());
    hp.tieWordEmbeddings = m.find(TensorRole::Output) == nullptr;
    finishModel(m);
    return m;
}

} // namespace qs
