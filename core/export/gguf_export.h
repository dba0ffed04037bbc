#pragma once
// Streams a model into a GGUF file with a chosen type per tensor (llama-quantize's role), measuring
// per-tensor error as it goes. Memory stays bounded: rows are decoded, quantized and written in slabs.
#include "core/formats/imatrix.h"
#include "core/model/model.h"
#include "core/quant/metrics.h"
#include "core/quant/types.h"
#include "core/util/thread_pool.h"

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace qs {

struct GgufExportOptions {
    uint32_t fileType = 1;           // general.file_type
    bool keepGoingOnNonFinite = false; // else NaN/Inf weights are an error naming tensor and position
    bool strictShapes = false;       // else rows that do not fit a block type fall back (formats.md §6.3)
    bool measureError = true;
    // llama-quantize --imatrix: tensors with an entry go through the weighted quantizers; the others, and
    // types that ignore importances (Q8_0, float types), are quantized as without. Every entry must name a
    // tensor of the model and have one value per input column (else qs::Error naming imatrixFile).
    std::shared_ptr<const Imatrix> imatrix;
    std::string imatrixFile; // written as quantize.imatrix.file (the path as the user gave it)
    // Bytes to write instead of quantizing a tensor (GPTQ/AWQ results onto GGUF types): given the index into
    // model.tensors(), rows × rowBytes of its requested type in Hugging Face row order, or nullptr.
    std::function<const std::vector<uint8_t>*(size_t tensor)> precomputed;
};

struct TensorExportResult {
    std::string name;        // GGUF name
    std::string sourceName;
    DType sourceType = DType::F32;
    DType requestedType = DType::F32;
    DType type = DType::F32; // what was written
    std::vector<int64_t> shape;
    int64_t params = 0;
    uint64_t bytes = 0;
    double seconds = 0;
    bool measured = false;
    ErrorMetrics error;      // when measured
    bool imatrix = false;    // quantized with importance weights
    std::string note;        // fallback, non-finite or imatrix explanation
    double bitsPerWeight() const { return params ? 8.0 * double(bytes) / double(params) : 0.0; }
};

struct GgufExportReport {
    std::string output;
    std::vector<TensorExportResult> tensors;
    std::vector<std::string> warnings;
    int64_t totalParams = 0;
    uint64_t totalBytes = 0;
    uint64_t fileBytes = 0;
    double seconds = 0;
    int threads = 1;
};

GgufExportReport exportGguf(const Model& model, const std::vector<DType>& types, const GgufExportOptions& options,
                            const std::string& outPath, ThreadPool& pool, const CancelToken* cancel = nullptr,
                            Progress* progress = nullptr);

nlohmann::json toJson(const GgufExportReport& report);

// llama-quantize's importances per tensor (indexed like model.tensors(); empty where the imatrix has no
// entry). Throws qs::Error naming `file` for entries that match no weight or have the wrong length.
std::vector<std::vector<float>> imatrixWeights(const Model& model, const Imatrix& m, const std::string& file);

} // namespace qs
