#include "core/export/gguf_metadata.h"

#include "core/formats/json_strict.h"
#include "core/formats/gguf.h"
#include "core/util/error.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>

namespace qs {
namespace {

void copyFromGguf(const GgufFile& g, GgufWriter& out) {
    for (auto& [key, value] : g.metadata()) {
        if (key.rfind("split.", 0) == 0) continue;
        if (value.type == GgufType::ARRAY && (value.items.empty() || value.elemType == GgufType::ARRAY)) continue;
        out.set(key, value);
    }
}

// SentencePiece token types as stored in tokenizer.ggml.token_type (same numbering as the proto enum).
int32_t pieceType(const sentencepiece::SentencePieceProcessor& sp, int id) {
    if (sp.IsUnknown(id)) return 2;
    if (sp.IsControl(id)) return 3;
    if (sp.IsUnused(id)) return 5;
    if (sp.IsByte(id)) return 6;
    return 1;
}

void addSentencePieceVocab(const Model& model, GgufWriter& out) {
    const std::string& path = model.tokenizerModelPath();
    if (path.empty()) return; // exported without a vocabulary; llama.cpp will refuse it, so warn upstream
    sentencepiece::SentencePieceProcessor sp;
    if (!sp.Load(path).ok()) throw Error(path, "cannot load the SentencePiece model");
    const int64_t n = std::max<int64_t>(model.hparams().vocabSize, sp.GetPieceSize());
    std::vector<std::string> tokens(static_cast<size_t>(n));
    std::vector<float> scores(size_t(n), -10000.0f);
    std::vector<int32_t> types(size_t(n), 5);
    for (int64_t i = 0; i < n; ++i) tokens[size_t(i)] = "[PAD" + std::to_string(i) + "]";
    for (int id = 0; id < sp.GetPieceSize(); ++id) {
        tokens[size_t(id)] = sp.IdToPiece(id);
        scores[size_t(id)] = sp.GetScore(id);
        types[size_t(id)] = pieceType(sp, id);
    }
    out.setString("tokenizer.ggml.model", "llama");
    out.setString("tokenizer.ggml.pre", "default");
    out.set("tokenizer.ggml.tokens", ggufStringArray(tokens));
    out.set("tokenizer.ggml.scores", ggufF32Array(scores));
    out.set("tokenizer.ggml.token_type", ggufI32Array(types));
    if (sp.bos_id() >= 0) out.setU32("tokenizer.ggml.bos_token_id", uint32_t(sp.bos_id()));
    if (sp.eos_id() >= 0) out.setU32("tokenizer.ggml.eos_token_id", uint32_t(sp.eos_id()));
    if (sp.pad_id() >= 0) out.setU32("tokenizer.ggml.padding_token_id", uint32_t(sp.pad_id()));

    const auto configPath = std::filesystem::path(path).parent_path() / "tokenizer_config.json";
    if (std::filesystem::exists(configPath)) {
        auto cfg = readJsonFile(configPath.string());
        if (cfg.contains("add_bos_token") && cfg["add_bos_token"].is_boolean()) out.setBool("tokenizer.ggml.add_bos_token", cfg["add_bos_token"]);
        if (cfg.contains("add_eos_token") && cfg["add_eos_token"].is_boolean()) out.setBool("tokenizer.ggml.add_eos_token", cfg["add_eos_token"]);
        if (cfg.contains("add_prefix_space") && cfg["add_prefix_space"].is_boolean())
            out.setBool("tokenizer.ggml.add_space_prefix", cfg["add_prefix_space"]);
        if (cfg.contains("chat_template") && cfg["chat_template"].is_string())
            out.setString("tokenizer.chat_template", cfg["chat_template"]);
    }
}

void buildFromHf(const Model& model, GgufWriter& out) {
    const auto& hp = model.hparams();
    const std::string arch = hp.architecture == "qwen2" ? "qwen2" : "llama"; // mistral converts to llama
    const std::string a = arch + ".";
    out.setString("general.architecture", arch);
    out.setString("general.type", "model");
    out.setString("general.name", std::filesystem::path(model.path()).filename().string());
    out.setU32(a + "block_count", uint32_t(hp.numLayers));
    out.setU32(a + "context_length", uint32_t(hp.maxPositions));
    out.setU32(a + "embedding_length", uint32_t(hp.hiddenSize));
    out.setU32(a + "feed_forward_length", uint32_t(hp.intermediateSize));
    out.setU32(a + "attention.head_count", uint32_t(hp.numHeads));
    out.setU32(a + "attention.head_count_kv", uint32_t(hp.numKvHeads));
    out.setF32(a + "rope.freq_base", float(hp.ropeTheta)); // always written: see formats.md §5.4
    out.setF32(a + "attention.layer_norm_rms_epsilon", float(hp.rmsNormEps));
    if (hp.headDim != hp.hiddenSize / hp.numHeads) {
        out.setU32(a + "attention.key_length", uint32_t(hp.headDim));
        out.setU32(a + "attention.value_length", uint32_t(hp.headDim));
    }
    out.setU32(a + "vocab_size", uint32_t(hp.vocabSize));
    out.setU32(a + "rope.dimension_count", uint32_t(hp.headDim));
    if (hp.ropeScalingType == "linear") {
        out.setString(a + "rope.scaling.type", "linear");
        out.setF32(a + "rope.scaling.factor", float(hp.ropeScalingFactor));
    } else if (!hp.ropeScalingType.empty() && hp.ropeScalingType != "default") {
        throw Error(model.path(), "RoPE scaling '" + hp.ropeScalingType + "' cannot be exported to GGUF yet");
    }
    addSentencePieceVocab(model, out);
}

} // namespace

void fillGgufMetadata(const Model& model, GgufWriter& out) {
    if (auto g = model.gguf()) copyFromGguf(*g, out);
    else buildFromHf(model, out);
}

void finishQuantMetadata(GgufWriter& out, uint32_t fileType) {
    out.remove("general.quantization_version");
    out.remove("general.file_type");
    out.setU32("general.quantization_version", 2);
    out.setU32("general.file_type", fileType);
}

void addImatrixMetadata(GgufWriter& out, const Imatrix& imatrix, const std::string& file) {
    // llama-quantize's order and types: strings cut to 127 bytes, counts as INT32, empty ones left out.
    out.setString("quantize.imatrix.file", file.substr(0, 127));
    if (!imatrix.dataset.empty()) out.setString("quantize.imatrix.dataset", imatrix.dataset.substr(0, 127));
    out.setI32("quantize.imatrix.entries_count", int32_t(imatrix.entries.size()));
    if (imatrix.chunkCount > 0) out.setI32("quantize.imatrix.chunks_count", imatrix.chunkCount);
}

} // namespace qs
