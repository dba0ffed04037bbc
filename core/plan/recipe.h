#pragma once
// A recipe: a versioned JSON description of a whole-model quantization plan (docs/recipe.md). Defaults
// (one spec, or a llama.cpp mixture) plus ordered per-tensor rules, the first matching rule winning;
// calibration and evaluation settings; an optional imatrix. Parsing is strict: unknown keys, bad types
// and bad values are one-line qs::Errors naming the file and the rule.
#include "core/model/model.h"
#include "core/plan/llama_mixture.h"
#include "core/quant/quantize_layer.h"
#include "core/quant/spec.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace qs {

constexpr int kRecipeVersion = 1;

// Which tensors a rule applies to; every condition given must hold.
struct TensorMatch {
    std::string glob;              // fnmatch on the tensor's name in its file ('*' crosses dots)
    std::string regex;             // ECMAScript, searched anywhere in the name
    std::vector<TensorRole> roles; // any of these
    std::optional<int> blockFirst, blockLast; // inclusive; negative counts from the last layer (-1 = last)

    bool matches(const TensorInfo& t, int64_t numLayers) const;
    std::string describe() const; // "role attn_v, blocks 0..1", for plans and messages
};

struct RecipeRule {
    TensorMatch match;
    QuantSpec spec;
};

struct CalibrationSettings {
    std::string text;        // calibration text file (relative paths: to the recipe's folder)
    int64_t samples = 128;
    int64_t seqLen = 512;
    uint64_t seed = 0;
    bool sequential = true;  // each block calibrated on the outputs of the already quantized blocks
};

struct EvaluationSettings {
    std::string text;        // evaluation text file
    int64_t ctx = 256;
    int64_t chunks = 0;      // 0: every full chunk
    bool kld = true;         // KL divergence against the unquantized model as well as perplexity
};

struct Recipe {
    std::string name;
    std::string description;
    std::optional<LlamaFtype> mixture;     // defaults: llama.cpp's per-tensor choice for this ftype
    QuantSpec defaults = QuantSpec::keep(DType::F16); // defaults when there is no mixture
    std::vector<RecipeRule> rules;         // in order; the first that matches wins
    std::optional<CalibrationSettings> calibration;
    std::optional<EvaluationSettings> evaluation;
    MethodOptions methods;                 // "methods": {"gptq": {"act_order", "damp_percent", "static_groups"}}
    std::string imatrix;                   // llama.cpp imatrix file, "" for none
    std::string source;                    // file (or preset) it came from, for messages
};

// `subject` names the file in errors; relative paths are resolved against `baseDir` when not empty.
Recipe parseRecipe(const nlohmann::json& j, const std::string& subject, const std::string& baseDir = {});
// A path to a .json file, or the name of a shipped preset (presets.h). Throws qs::Error.
Recipe loadRecipe(const std::string& pathOrPreset);
nlohmann::json toJson(const Recipe& r);

} // namespace qs
