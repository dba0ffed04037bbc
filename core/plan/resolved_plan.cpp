#include "core/plan/resolved_plan.h"

#include "core/util/error.h"

#include <map>
#include <nlohmann/json.hpp>

namespace qs {
namespace {

DType floatKeepType(const TensorInfo& t) {
    return t.type == DType::F16 || t.type == DType::BF16 ? t.type : DType::F32;
}

// The spec the defaults give a quantizable tensor.
QuantSpec defaultSpec(const Recipe& recipe, const std::vector<DType>& mixtureTypes, size_t i) {
    if (!recipe.mixture) return recipe.defaults;
    const DType t = mixtureTypes[i];
    return traits(t).isQuantized ? QuantSpec::gguf(t) : QuantSpec::keep(t);
}

} // namespace

bool ResolvedPlan::needsCalibration() const {
    for (auto& e : entries)
        if (e.spec.method == QuantMethod::GPTQ || e.spec.method == QuantMethod::AWQ) return true;
    return false;
}

ResolvedPlan resolvePlan(const Model& model, const Recipe& recipe, const ResolveOptions& options) {
    ResolvedPlan plan;
    plan.recipeName = recipe.name;
    plan.mixture = recipe.mixture;
    const auto mixtureTypes = recipe.mixture ? llamaMixtureTypes(model, *recipe.mixture, !recipe.imatrix.empty()) : std::vector<DType>{};
    std::vector<int> ruleHits(recipe.rules.size(), 0);
    const auto& tensors = model.tensors();
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        PlanEntry e;
        e.tensor = i;
        e.name = t.name;
        e.params = t.params;
        e.sourceBytes = t.bytes;
        if (!isQuantizableWeight(t)) {
            e.rule = -1;
            e.spec = QuantSpec::keep(floatKeepType(t));
        } else {
            e.spec = defaultSpec(recipe, mixtureTypes, i);
            for (size_t k = 0; k < recipe.rules.size(); ++k)
                if (recipe.rules[k].match.matches(t, model.hparams().numLayers)) {
                    e.spec = recipe.rules[k].spec;
                    e.rule = int(k) + 1;
                    ++ruleHits[k];
                    break;
                }
            if (options.fp16Scales && e.spec.grid == QuantGrid::Integer) e.spec.fp16Scales = true;
            const std::string where = (e.rule ? "rule " + std::to_string(e.rule) : std::string("defaults")) + ": tensor '" + t.name + "'";
            const bool calibrated = e.spec.method == QuantMethod::GPTQ || e.spec.method == QuantMethod::AWQ;
            if (calibrated && !isDecoderLinear(t))
                throw Error(recipe.source, where + ": " + std::string(methodName(e.spec.method)) +
                                               " applies to decoder linear layers only; give embeddings and the output head "
                                               "rtn, a GGUF type or keep");
            if (e.spec.grid == QuantGrid::Gguf) {
                // As llama-quantize does: a block type that does not fit the row falls back (formats.md §6.3).
                if (DType fb = fallbackType(e.spec.type, t.cols()); fb != e.spec.type) {
                    e.note = "row length " + std::to_string(t.cols()) + " does not fit " + std::string(typeName(e.spec.type)) +
                             "; falls back to " + std::string(typeName(fb));
                    plan.warnings.push_back(t.name + ": " + e.note);
                    e.spec = traits(fb).isQuantized ? QuantSpec::gguf(fb, e.spec.method) : QuantSpec::keep(fb);
                }
            } else if (e.spec.grid != QuantGrid::Float) {
                try {
                    e.spec.validateShape(t.rows(), t.cols(), t.name);
                } catch (const Error& err) {
                    throw Error(recipe.source, where + ": " + err.message());
                }
            }
        }
        e.bits = e.spec.storageBits(t.rows(), t.cols());
        plan.totalParams += e.params;
        plan.totalBits += e.bits;
        plan.sourceBytes += e.sourceBytes;
        plan.entries.push_back(std::move(e));
    }
    for (size_t k = 0; k < ruleHits.size(); ++k)
        if (!ruleHits[k])
            plan.warnings.push_back("rule " + std::to_string(k + 1) + " (" + recipe.rules[k].match.describe() +
                                    ") matches no quantizable tensor");
    return plan;
}

std::vector<DType> ggufTypes(const Model& model, const ResolvedPlan& plan) {
    std::vector<DType> types = pureTypePlan(model, DType::F32); // 1-D tensors as llama.cpp keeps them
    for (auto& e : plan.entries) {
        if (e.rule < 0) continue;
        if (e.spec.grid != QuantGrid::Gguf && e.spec.grid != QuantGrid::Float)
            throw Error(e.name, "spec " + e.spec.toString() +
                                    " is not a GGUF type; use a GGUF target such as Q4_K or gptq:Q4_K, or export as hf-gptq, "
                                    "hf-awq or safetensors-dequant");
        types[e.tensor] = e.spec.type;
    }
    return types;
}

uint32_t closestFileType(const ResolvedPlan& plan, const std::vector<DType>& types, const Model& model) {
    if (plan.mixture) return llamaFtypeId(*plan.mixture);
    std::map<DType, int64_t> weights;
    for (size_t i = 0; i < types.size(); ++i)
        if (isQuantizableWeight(model.tensors()[i])) weights[types[i]] += model.tensors()[i].params;
    DType most = DType::F16;
    int64_t best = -1;
    for (auto& [type, n] : weights)
        if (n > best) most = type, best = n;
    for (auto f : {LlamaFtype::F32, LlamaFtype::F16, LlamaFtype::BF16, LlamaFtype::Q4_0, LlamaFtype::Q4_1, LlamaFtype::Q5_0,
                   LlamaFtype::Q5_1, LlamaFtype::Q8_0, LlamaFtype::Q2_K, LlamaFtype::Q3_K_M, LlamaFtype::Q4_K_M,
                   LlamaFtype::Q5_K_M, LlamaFtype::Q6_K})
        if (llamaFtypeBaseType(f) == most) return llamaFtypeId(f);
    return 1;
}

nlohmann::json toJson(const ResolvedPlan& plan, const Model& model) {
    nlohmann::json entries = nlohmann::json::array();
    for (auto& e : plan.entries) {
        const auto& t = model.tensors()[e.tensor];
        nlohmann::json j = {{"name", e.name},
                            {"role", roleName(t.role)},
                            {"block", t.block},
                            {"shape", t.shape},
                            {"source_type", typeName(t.type)},
                            {"spec", e.spec.toString()},
                            {"rule", e.rule},
                            {"params", e.params},
                            {"source_bytes", e.sourceBytes},
                            {"planned_bytes", (e.bits + 7) / 8},
                            {"bits_per_weight", e.bitsPerWeight()}};
        if (!e.note.empty()) j["note"] = e.note;
        entries.push_back(std::move(j));
    }
    return {{"recipe", plan.recipeName},
            {"tensors", entries},
            {"warnings", plan.warnings},
            {"total_params", plan.totalParams},
            {"source_bytes", plan.sourceBytes},
            {"planned_bytes", (plan.totalBits + 7) / 8},
            {"bits_per_weight", plan.bitsPerWeight()},
            {"needs_calibration", plan.needsCalibration()}};
}

} // namespace qs
