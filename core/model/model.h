#pragma once
// One model value over every source format: hyper-parameters plus every tensor with its canonical role,
// PyTorch-order shape and lazily decoded float rows. Nothing downstream knows the file format.
#include "core/model/hyperparams.h"
#include "core/quant/types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qs {

class GgufFile;
struct HfQuantLayer;

enum class TensorRole {
    Embedding, AttnQ, AttnK, AttnV, AttnO, MlpGate, MlpUp, MlpDown,
    AttnNorm, MlpNorm, FinalNorm, Output, RopeFreqs, Other,
};
std::string_view roleName(TensorRole r);              // "embedding", "attn_q", ...
std::optional<TensorRole> roleFromName(std::string_view s);

enum class SourceFormat { Safetensors, Gguf };

struct TensorInfo {
    std::string name;            // as stored in its file
    std::string file;            // path of the file holding it
    TensorRole role = TensorRole::Other;
    int block = -1;              // decoder layer index, -1 outside the layers
    bool isBias = false;
    std::vector<int64_t> shape;  // PyTorch order, outermost first ([out, in] for matrices)
    DType type = DType::F32;
    int64_t params = 0;
    uint64_t bytes = 0;
    const uint8_t* data = nullptr; // mapped bytes, kept alive by the Model
    int permutedHeads = 0;       // > 0: stored rows are in llama.cpp's RoPE order for that many heads
    // A GPTQ/AWQ checkpoint layer (type I32, data null): its qweight/qzeros/scales/g_idx, decoded by readRows.
    std::shared_ptr<const HfQuantLayer> packed;

    int64_t rows() const { return shape.size() >= 2 ? params / shape.back() : 1; }
    int64_t cols() const { return shape.empty() ? 1 : shape.back(); }
    bool isMatrix() const { return shape.size() == 2; }
    std::string typeLabel() const; // the type name, or "gptq 4-bit g128" for checkpoint layers
};

enum class RowOrder {
    Canonical, // Hugging Face order (q/k un-permuted): what numerics use
    Stored,    // the file's own row order
    LlamaCpp,  // llama.cpp's order: q/k rows permuted for its RoPE (formats.md §5.2), as GGUF stores them
};

class Model {
public:
    const std::string& path() const { return path_; }
    SourceFormat format() const { return format_; }
    const HyperParams& hparams() const { return hp_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find(const std::string& name) const;
    const TensorInfo* find(TensorRole role, int block = -1, bool bias = false) const;
    const TensorInfo& require(TensorRole role, int block = -1) const; // throws qs::Error
    // The output head, or the embedding when tied.
    const TensorInfo& outputHead() const;

    int64_t totalParams() const;
    uint64_t totalBytes() const;
    double bitsPerWeight() const { return totalParams() ? 8.0 * double(totalBytes()) / double(totalParams()) : 0.0; }

    // Decodes rows [row0, row0 + n) of a tensor to float. Throws qs::Error for non-float types.
    void readRows(const TensorInfo& t, int64_t row0, int64_t n, float* out, RowOrder order = RowOrder::Canonical) const;
    std::vector<float> readAll(const TensorInfo& t, RowOrder order = RowOrder::Canonical) const;
    // Stored row index for a canonical row.
    int64_t storedRow(const TensorInfo& t, int64_t canonicalRow) const;
    // Number of heads whose rows llama.cpp permutes in this tensor (q: heads, k: kv heads), else 0.
    int llamaCppPermutedHeads(const TensorInfo& t) const;

    const std::string& tokenizerModelPath() const { return tokenizerPath_; } // HF tokenizer.model, "" if none
    std::shared_ptr<const GgufFile> gguf() const { return gguf_; }           // GGUF source, else nullptr

private:
    friend Model loadHfFolder(const std::string&);
    friend Model loadGgufModel(const std::string&);
    friend void finishModel(Model&);

    std::string path_;
    SourceFormat format_ = SourceFormat::Safetensors;
    HyperParams hp_;
    std::vector<TensorInfo> tensors_;
    std::vector<std::shared_ptr<const void>> keepAlive_;
    std::string tokenizerPath_;
    std::shared_ptr<const GgufFile> gguf_;
};

// Opens an HF folder (config.json + safetensors, single or sharded) or a .gguf file. Throws qs::Error.
Model loadModel(const std::string& path);
Model loadHfFolder(const std::string& folder);
Model loadGgufModel(const std::string& path);

} // namespace qs
