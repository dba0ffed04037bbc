#include "core/formats/hf_config.h"

#include "core/formats/json_strict.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

namespace qs {
namespace {

int64_t requireInt(const nlohmann::json& c, const char* key, const std::string& path) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) throw Error(path, std::string("missing '") + key + "'");
    if (!it->is_number_integer() || it->get<int64_t>() <= 0 || it->get<int64_t>() > (int64_t(1) << 31))
        throw Error(path, std::string("'") + key + "' must be a positive integer");
    return it->get<int64_t>();
}

int64_t optionalInt(const nlohmann::json& c, const char* key, int64_t fallback, const std::string& path) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) return fallback;
    return requireInt(c, key, path);
}

double optionalNumber(const nlohmann::json& c, const char* key, double fallback, const std::string& path) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) return fallback;
    if (!it->is_number()) throw Error(path, std::string("'") + key + "' must be a number");
    return it->get<double>();
}

bool optionalBool(const nlohmann::json& c, const char* key, bool fallback, const std::string& path) {
    auto it = c.find(key);
    if (it == c.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) throw Error(path, std::string("'") + key + "' must be true or false");
    return it->get<bool>();
}

int64_t firstTokenId(const nlohmann::json& c, const char* key, int64_t fallback) {
    auto it = c.find(key);
    if (it == c.end()) return fallback;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_array() && !it->empty() && (*it)[0].is_number_integer()) return (*it)[0].get<int64_t>();
    return fallback;
}

} // namespace

HyperParams parseHfConfig(const nlohmann::json& c, const std::string& path) {
    if (!c.is_object()) throw Error(path, "config.json is not a JSON object");
    HyperParams hp;
    std::string modelType = c.contains("model_type") && c["model_type"].is_string() ? c["model_type"].get<std::string>() : "";
    std::string arch0;
    if (auto it = c.find("architectures"); it != c.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
        arch0 = (*it)[0].get<std::string>();
    if (modelType == "llama" || arch0 == "LlamaForCausalLM") hp.architecture = "llama";
    else if (modelType == "mistral" || arch0 == "MistralForCausalLM") hp.architecture = "mistral";
    else if (modelType == "qwen2" || arch0 == "Qwen2ForCausalLM") hp.architecture = "qwen2";
    else
        throw Error(path, "not a Llama-family model (model_type '" + modelType + "', architecture '" + arch0 +
                              "'; supported: llama, mistral, qwen2)");

    hp.hiddenSize = requireInt(c, "hidden_size", path);
    hp.intermediateSize = requireInt(c, "intermediate_size", path);
    hp.numLayers = requireInt(c, "num_hidden_layers", path);
    hp.numHeads = requireInt(c, "num_attention_heads", path);
    hp.numKvHeads = optionalInt(c, "num_key_value_heads", hp.numHeads, path);
    if (hp.hiddenSize % hp.numHeads != 0 && !c.contains("head_dim"))
        throw Error(path, "hidden_size is not a multiple of num_attention_heads and head_dim is missing");
    hp.headDim = optionalInt(c, "head_dim", hp.hiddenSize / hp.numHeads, path);
    if (hp.numHeads % hp.numKvHeads != 0) throw Error(path, "num_attention_heads is not a multiple of num_key_value_heads");
    if (hp.headDim % 2 != 0) throw Error(path, "head_dim must be even for RoPE");
    hp.vocabSize = requireInt(c, "vocab_size", path);
    hp.maxPositions = optionalInt(c, "max_position_embeddings", 2048, path);
    hp.rmsNormEps = optionalNumber(c, "rms_norm_eps", 1e-6, path);
    hp.tieWordEmbeddings = optionalBool(c, "tie_word_embeddings", false, path);
    hp.attentionBias = hp.architecture == "qwen2" ? true : optionalBool(c, "attention_bias", false, path);
    if (optionalBool(c, "mlp_bias", false, path)) throw Error(path, "mlp_bias is not supported");
    if (auto it = c.find("hidden_act"); it != c.end() && it->is_string() && it->get<std::string>() != "silu")
        throw Error(path, "hidden_act '" + it->get<std::string>() + "' is not supported (only silu)");

    // RoPE: rope_parameters (newer) wins over rope_theta / rope_scaling (older).
    hp.ropeTheta = optionalNumber(c, "rope_theta", 10000.0, path);
    const nlohmann::json* scaling = nullptr;
    if (auto it = c.find("rope_parameters"); it != c.end() && it->is_object()) {
        hp.newerConfigLayout = true;
        hp.ropeTheta = optionalNumber(*it, "rope_theta", hp.ropeTheta, path);
        auto t = it->find("rope_type");
        if (t != it->end() && t->is_string() && t->get<std::string>() != "default") scaling = &*it;
    }
    if (!scaling)
        if (auto it = c.find("rope_scaling"); it != c.end() && it->is_object()) scaling = &*it;
    if (scaling) {
        auto t = scaling->find("rope_type");
        if (t == scaling->end()) t = scaling->find("type");
        if (t != scaling->end() && t->is_string()) hp.ropeScalingType = t->get<std::string>();
        hp.ropeScalingFactor = optionalNumber(*scaling, "factor", 1.0, path);
    }
    if (hp.ropeTheta <= 0) throw Error(path, "rope_theta must be positive");

    if (auto it = c.find("dtype"); it != c.end() && it->is_string()) {
        hp.torchDtype = it->get<std::string>();
        hp.newerConfigLayout = true;
    } else if (auto it2 = c.find("torch_dtype"); it2 != c.end() && it2->is_string()) {
        hp.torchDtype = it2->get<std::string>();
    }
    hp.bosTokenId = firstTokenId(c, "bos_token_id", 1);
    hp.eosTokenId = firstTokenId(c, "eos_token_id", 2);
    return hp;
}

HyperParams readHfConfig(const std::string& path) { return parseHfConfig(readJsonFile(path), path); }

} // namespace qs
