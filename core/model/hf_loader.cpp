// Hugging Face folder: config.json + model.safetensors or shards listed in model.safetensors.index.json.
#include "core/formats/hf_config.h"
#include "core/formats/hf_quant_reader.h"
#include "core/formats/json_strict.h"
#include "core/formats/safetensors.h"
#include "core/model/model.h"
#include "core/model/tensor_names.h"
#include "core/util/error.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace qs {

void finishModel(Model& m);

namespace {

struct NameRole {
    TensorRole role;
    int block;
    bool bias;
    bool ignore;
};

NameRole classifyHfName(const std::string& name) {
    static const std::regex layer(R"(model\.layers\.(\d+)\.(.+)\.(weight|bias))");
    static const std::map<std::string, TensorRole> modules = {
        {"self_attn.q_proj", TensorRole::AttnQ},       {"self_attn.k_proj", TensorRole::AttnK},
        {"self_attn.v_proj", TensorRole::AttnV},       {"self_attn.o_proj", TensorRole::AttnO},
        {"mlp.gate_proj", TensorRole::MlpGate},        {"mlp.up_proj", TensorRole::MlpUp},
        {"mlp.down_proj", TensorRole::MlpDown},        {"input_layernorm", TensorRole::AttnNorm},
        {"post_attention_layernorm", TensorRole::MlpNorm}};
    if (auto l = classifyLayerName(name, layer, modules)) return {l->role, l->block, l->bias, false};
    if (name == "model.embed_tokens.weight") return {TensorRole::Embedding, -1, false, false};
    if (name == "model.norm.weight") return {TensorRole::FinalNorm, -1, false, false};
    if (name == "lm_head.weight") return {TensorRole::Output, -1, false, false};
    if (name.ends_with("rotary_emb.inv_freq")) return {TensorRole::Other, -1, false, true};
    return {TensorRole::Other, -1, false, false};
}

} // namespace

Model loadHfFolder(const std::string& folder) {
    namespace fs = std::filesystem;
    Model m;
    m.path_ = folder;
    m.format_ = SourceFormat::Safetensors;
    const fs::path dir(folder);
    const std::string configPath = (dir / "config.json").string();
    if (!fs::exists(configPath)) throw Error(folder, "not a Hugging Face model folder (no config.json)");
    m.hp_ = readHfConfig(configPath);
    // GPTQ / AWQ checkpoints: each layer's packed tensors become one quantized tensor named <module>.weight.
    std::optional<HfQuantAssembler> packed;
    if (auto qc = readHfQuantConfig(folder)) packed.emplace(*qc);

    // Which files hold which tensors.
    std::vector<std::string> files;
    std::map<std::string, std::string> weightMap;
    const fs::path index = dir / "model.safetensors.index.json";
    if (fs::exists(dir / "model.safetensors")) {
        files.push_back((dir / "model.safetensors").string());
    } else if (fs::exists(index)) {
        auto j = readJsonFile(index.string());
        if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
            throw Error(index.string(), "no weight_map object");
        std::set<std::string> shardSet;
        for (auto& [name, file] : j["weight_map"].items()) {
            if (!file.is_string()) throw Error(index.string(), "weight_map entry '" + name + "' is not a file name");
            std::string f = file.get<std::string>();
            if (f.empty() || f.find('/') != std::string::npos || f == "..")
                throw Error(index.string(), "weight_map entry '" + name + "' names an invalid file '" + f + "'");
            weightMap[name] = f;
            shardSet.insert(f);
        }
        for (auto& f : shardSet) {
            auto p = (dir / f).string();
            if (!fs::exists(p)) throw Error(index.string(), "missing shard " + f);
            files.push_back(p);
        }
    } else {
        throw Error(folder, "no model.safetensors and no model.safetensors.index.json");
    }

    std::set<std::string> seen;
    for (auto& file : files) {
        auto st = SafetensorsFile::open(file);
        m.keepAlive_.push_back(st);
        const std::string shardName = fs::path(file).filename().string();
        for (auto& t : st->tensors()) {
            if (!weightMap.empty()) {
                auto it = weightMap.find(t.name);
                if (it == weightMap.end()) continue; // present but not indexed: ignored, like transformers
                if (it->second != shardName) continue;
            }
            if (!seen.insert(t.name).second) throw Error(file, "tensor '" + t.name + "' appears in more than one shard");
            if (packed && packed->take(t.name, t.dtype, t.shape, st->data(t), file)) continue;
            auto c = classifyHfName(t.name);
            if (c.ignore) continue;
            TensorInfo info;
            info.name = t.name;
            info.file = file;
            info.role = c.role;
            info.block = c.block;
            info.isBias = c.bias;
            info.shape = t.shape;
            info.type = t.dtype;
            info.params = 1;
            for (auto d : t.shape) info.params *= d;
            info.bytes = t.end - t.begin;
            info.data = st->data(t);
            m.tensors_.push_back(std::move(info));
        }
    }
    for (auto& [name, file] : weightMap)
        if (!seen.count(name)) throw Error((dir / file).string(), "tensor '" + name + "' listed in the index is missing");
    if (packed) {
        for (auto& L : packed->finish()) {
            auto c = classifyHfName(L.weightName);
            TensorInfo info;
            info.name = L.weightName;
            info.file = L.file;
            info.role = c.role;
            info.block = c.block;
            info.shape = {L.layer->out, L.layer->in};
            info.type = DType::I32;
            info.params = L.layer->out * L.layer->in;
            info.bytes = L.layer->bytes();
            info.packed = L.layer;
            m.tensors_.push_back(std::move(info));
        }
    }

    if (fs::exists(dir / "tokenizer.model")) m.tokenizerPath_ = (dir / "tokenizer.model").string();
    finishModel(m);
    return m;
}

} // namespace qs
