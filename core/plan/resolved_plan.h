#pragma once
// Model + recipe → one QuantSpec per tensor, with its storage size. Shown by `plan` before anything runs,
// executed by `quantize --recipe`, and stored in report.json.
#include "core/plan/recipe.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace qs {

struct PlanEntry {
    size_t tensor = 0;         // index into model.tensors()
    std::string name;
    QuantSpec spec;            // Keep specs for tensors left as float
    int rule = 0;              // 1-based recipe rule that chose the spec; 0 defaults; -1 not quantizable (1-D, norms)
    std::string note;          // e.g. a GGUF row-length fallback
    int64_t params = 0;
    uint64_t sourceBytes = 0;
    int64_t bits = 0;          // storage bits of the planned tensor
    double bitsPerWeight() const { return params ? double(bits) / double(params) : 0.0; }
};

struct ResolvedPlan {
    std::string recipeName;
    std::optional<LlamaFtype> mixture; // the recipe's defaults, when a llama.cpp mixture
    std::vector<PlanEntry> entries; // in model.tensors() order
    std::vector<std::string> warnings;
    int64_t totalParams = 0;
    int64_t totalBits = 0;
    uint64_t sourceBytes = 0;
    double bitsPerWeight() const { return totalParams ? double(totalBits) / double(totalParams) : 0.0; }
    bool needsCalibration() const; // a GPTQ or AWQ spec
};

struct ResolveOptions {
    bool fp16Scales = false; // force fp16 scales on integer grids (targets that store fp16 scales)
};

// Throws qs::Error naming the recipe, rule and tensor when a spec does not fit a tensor's shape.
ResolvedPlan resolvePlan(const Model& model, const Recipe& recipe, const ResolveOptions& options = {});

// Per-tensor GGUF types for exportGguf (indexed like model.tensors()); throws qs::Error for specs that
// are not GGUF types (integer grids, NF4), naming the tensor.
std::vector<DType> ggufTypes(const Model& model, const ResolvedPlan& plan);
// general.file_type for a plan: the mixture's own when it came from one, else the standard ftype of the
// quantized type holding most weights (F16 when nothing is quantized).
uint32_t closestFileType(const ResolvedPlan& plan, const std::vector<DType>& types, const Model& model);

nlohmann::json toJson(const ResolvedPlan& plan, const Model& model);

} // namespace qs
