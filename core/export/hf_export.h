#pragma once
// Hugging Face exports of an executed plan: GPTQ (formats.md §8), AWQ GEMM (§9) and plain float weights
// ("safetensors-dequant"), each a folder that transformers / vLLM load. The quantized layers are written
// from the plan's in-memory matrices, so reopening the folder gives exactly the planned weights.
#include "core/plan/execute.h"
#include "core/quant/gptq.h"

#include <optional>
#include <string>
#include <vector>

namespace qs {

enum class ExportFormat { Gguf, HfGptq, HfAwq, SafetensorsDequant };
std::optional<ExportFormat> parseExportFormat(const std::string& name); // "gguf", "hf-gptq", ...
std::string exportFormatName(ExportFormat f);
// Targets whose checkpoints store fp16 scales: plans for them quantize with fp16 scales in memory.
inline bool storesFp16Scales(ExportFormat f) { return f == ExportFormat::HfGptq || f == ExportFormat::HfAwq; }

struct HfExportOptions {
    uint64_t maxShardBytes = 5'000'000'000; // transformers' default max_shard_size "5GB"
    std::optional<DType> floatType;          // safetensors-dequant: F32/F16/BF16; default each tensor's source type
    GptqOptions gptq;                        // hf-gptq: the settings quantize_config.json records
};

struct HfExportReport {
    std::string output;
    uint64_t fileBytes = 0;
    std::string checkpointFormat; // hf-gptq: "gptq" or "gptq_v2"
    std::vector<std::string> notes;
};

// Throw qs::Error when the plan does not fit the format (naming the tensor and what to change).
HfExportReport exportHfGptq(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome,
                            const std::string& outDir, const HfExportOptions& options = {});
HfExportReport exportHfAwq(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome,
                           const std::string& outDir, const HfExportOptions& options = {});
HfExportReport exportSafetensorsDequant(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome,
                                        const std::string& outDir, const HfExportOptions& options = {});

} // namespace qs
