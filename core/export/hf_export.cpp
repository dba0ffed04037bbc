#include "core/export/hf_export.h"

#include "core/export/format_check.h"
#include "core/export/hf_folder_writer.h"
#include "core/formats/hf_quant_layer.h"
#include "core/formats/json_strict.h"
#include "core/util/error.h"

#include "core/util/half.h"

#include <filesystem>
#include <map>

namespace qs {
namespace {

// "model.layers.0.self_attn.q_proj.weight" → "model.layers.0.self_attn.q_proj"
std::string modulePath(const std::string& name) {
    return name.ends_with(".weight") ? name.substr(0, name.size() - 7) : name;
}

nlohmann::json sourceConfig(const Model& model) {
    auto config = readJsonFile((std::filesystem::path(model.path()) / "config.json").string());
    config.erase("quantization_config"); // a quantized source's old settings do not describe the output
    return config;
}

void setFloat16(nlohmann::json& config) {
    config["torch_dtype"] = "float16";
    if (config.contains("dtype")) config["dtype"] = "float16";
}

// AWQ's stored matrices are of W·s; the checkpoint gets 1/s folded into what feeds each layer (formats.md
// §9.3): the RMSNorm weight before q/k/v and gate/up, and the output rows of v_proj (before o_proj) and
// up_proj (before down_proj) — for quantized rows through their fp16 scales.
struct AwqFold {
    std::map<size_t, std::vector<float>> floats;
    std::map<size_t, QuantizedMatrix> matrices;
};

AwqFold foldAwqScales(const Model& model, const PlanOutcome& outcome) {
    AwqFold fold;
    const auto index = [&](TensorRole role, int block) { return size_t(model.find(role, block) - model.tensors().data()); };
    for (size_t i = 0; i < outcome.tensors.size(); ++i) {
        const auto& s = outcome.tensors[i].inputScales;
        if (s.empty()) continue;
        const auto& t = model.tensors()[i];
        TensorRole feeder;
        switch (t.role) {
        case TensorRole::AttnQ: case TensorRole::AttnK: case TensorRole::AttnV: feeder = TensorRole::AttnNorm; break;
        case TensorRole::MlpGate: case TensorRole::MlpUp: feeder = TensorRole::MlpNorm; break;
        case TensorRole::AttnO: feeder = TensorRole::AttnV; break;
        case TensorRole::MlpDown: feeder = TensorRole::MlpUp; break;
        default: throw Error(t.name, "AWQ input scales on a tensor without a preceding layer");
        }
        const size_t f = index(feeder, t.block);
        if (fold.floats.count(f) || fold.matrices.count(f)) continue; // q/k/v and gate/up share one s
        const auto& fo = outcome.tensors[f];
        if (fo.matrix) { // divide row r's scales by s[r]
            QuantizedMatrix q = *fo.matrix;
            const int64_t perRow = int64_t(q.scales.size()) / q.rows;
            for (int64_t r = 0; r < q.rows; ++r)
                for (int64_t g = 0; g < perRow; ++g) {
                    float& v = q.scales[size_t(r * perRow + g)];
                    v = fp16ToFp32(fp32ToFp16(v / s[size_t(r)]));
                }
            fold.matrices[f] = std::move(q);
        } else { // a float norm (one value per channel) or float rows
            auto w = effectiveWeights(model, outcome, f);
            const int64_t cols = model.tensors()[f].cols(), rows = int64_t(w.size()) / cols;
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t c = 0; c < cols; ++c) w[size_t(r * cols + c)] /= s[size_t(rows == 1 ? c : r)];
            fold.floats[f] = std::move(w);
        }
    }
    return fold;
}

// Shared by GPTQ and AWQ (checkPlanForFormat has accepted the plan): every decoder linear quantized on one
// grid, everything else float (F16).
template <class Encode>
std::vector<std::string> writeQuantizedFolder(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome,
                                              HfFolderWriter& writer, const std::string& format, Encode encode,
                                              const AwqFold& fold = {}) {
    std::vector<std::string> notes;
    bool roundedBf16 = false;
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& e = plan.entries[i];
        const auto& t = model.tensors()[e.tensor];
        const auto& o = outcome.tensors[i];
        if (isDecoderLinear(t)) {
            if (!o.matrix) throw Error(t.name, "internal: no quantized matrix for " + format);
            auto folded = fold.matrices.find(i);
            encode(modulePath(t.name), folded != fold.matrices.end() ? folded->second : *o.matrix);
            continue;
        }
        roundedBf16 |= t.type == DType::BF16 || e.spec.type == DType::BF16;
        auto folded = fold.floats.find(i);
        writer.addFloat(t.name, DType::F16, t.shape, folded != fold.floats.end() ? folded->second : effectiveWeights(model, outcome, i));
    }
    if (roundedBf16) notes.push_back(format + " stores float tensors as F16 (dtype float16); BF16 values were rounded");
    return notes;
}

void addLayer(HfFolderWriter& w, const std::string& prefix, const HfQuantLayer& L) {
    w.add(prefix + ".qweight", DType::I32, {L.qweightRows(), L.format == HfQuantFormat::Gptq ? L.out : L.out / 8}, L.qweight.data(),
          L.qweight.size() * 4);
    w.add(prefix + ".qzeros", DType::I32, {L.groups(), L.qzerosCols()}, L.qzeros.data(), L.qzeros.size() * 4);
    w.add(prefix + ".scales", DType::F16, {L.groups(), L.out}, L.scales.data(), L.scales.size() * 2);
    if (L.format == HfQuantFormat::Gptq) w.add(prefix + ".g_idx", DType::I32, {L.in}, L.gIdx.data(), L.gIdx.size() * 4);
}

} // namespace

std::optional<ExportFormat> parseExportFormat(const std::string& name) {
    for (auto f : {ExportFormat::Gguf, ExportFormat::HfGptq, ExportFormat::HfAwq, ExportFormat::SafetensorsDequant})
        if (exportFormatName(f) == name) return f;
    return std::nullopt;
}

std::string exportFormatName(ExportFormat f) {
    switch (f) {
    case ExportFormat::Gguf: return "gguf";
    case ExportFormat::HfGptq: return "hf-gptq";
    case ExportFormat::HfAwq: return "hf-awq";
    case ExportFormat::SafetensorsDequant: return "safetensors-dequant";
    }
    return "";
}

HfExportReport exportHfGptq(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, const std::string& outDir,
                            const HfExportOptions& options) {
    const QuantSpec s = *checkPlanForFormat(model, plan, ExportFormat::HfGptq);
    auto config = sourceConfig(model);
    // v1 ("gptq") stores zero − 1, which cannot hold a zero of 0: then the whole file is gptq_v2 (issue-notes §6).
    bool v1 = true;
    for (auto& o : outcome.tensors)
        if (o.matrix && !gptqV1Compatible(*o.matrix)) v1 = false;
    HfExportReport report;
    report.output = outDir;
    report.checkpointFormat = v1 ? "gptq" : "gptq_v2";
    HfFolderWriter writer(outDir, options.maxShardBytes);
    bool actOrder = false;
    report.notes = writeQuantizedFolder(model, plan, outcome, writer, "hf-gptq",
                                        [&](const std::string& prefix, const QuantizedMatrix& q) {
                                            const auto L = encodeGptq(q, v1, prefix);
                                            for (int64_t i = 1; i < L.in; ++i) actOrder |= L.gIdx[size_t(i)] < L.gIdx[size_t(i - 1)];
                                            addLayer(writer, prefix, L);
                                        });
    if (!v1)
        report.notes.push_back("some zero points are 0, which checkpoint_format \"gptq\" cannot store: written as \"gptq_v2\" "
                               "(GPTQModel reads it; older AutoGPTQ kernels do not)");
    const nlohmann::json qc = {{"quant_method", "gptq"},
                               {"bits", s.bits},
                               {"group_size", s.granularity == Granularity::Channel ? -1 : s.groupSize},
                               {"desc_act", actOrder},
                               {"sym", s.symmetric},
                               {"true_sequential", true},
                               {"static_groups", options.gptq.staticGroups},
                               {"damp_percent", options.gptq.dampPercent},
                               {"lm_head", false},
                               {"checkpoint_format", report.checkpointFormat},
                               {"meta", {{"quantizer", {"quantscope"}}, {"method", methodName(s.method)}}}};
    config["quantization_config"] = qc;
    setFloat16(config);
    writer.setJson("config.json", config);
    writer.setJson("quantize_config.json", qc);
    report.fileBytes = writer.commit(model.path());
    return report;
}

HfExportReport exportHfAwq(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, const std::string& outDir,
                           const HfExportOptions& options) {
    const QuantSpec s = *checkPlanForFormat(model, plan, ExportFormat::HfAwq);
    auto config = sourceConfig(model);
    HfExportReport report;
    report.output = outDir;
    HfFolderWriter writer(outDir, options.maxShardBytes);
    const AwqFold fold = foldAwqScales(model, outcome);
    report.notes = writeQuantizedFolder(model, plan, outcome, writer, "hf-awq",
                                        [&](const std::string& prefix, const QuantizedMatrix& q) {
                                            addLayer(writer, prefix, encodeAwq(q, prefix));
                                        }, fold);
    if (!fold.floats.empty() || !fold.matrices.empty())
        report.notes.push_back("AWQ input scales are folded into the norms and the v_proj/up_proj rows (fp16): the checkpoint "
                               "computes the planned weights up to that rounding");
    config["quantization_config"] = {{"quant_method", "awq"},
                                     {"bits", 4},
                                     {"group_size", s.groupSize},
                                     {"zero_point", true},
                                     {"version", "gemm"},
                                     {"modules_to_not_convert", nullptr}};
    setFloat16(config);
    writer.setJson("config.json", config);
    report.fileBytes = writer.commit(model.path());
    return report;
}

HfExportReport exportSafetensorsDequant(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome,
                                        const std::string& outDir, const HfExportOptions& options) {
    checkPlanForFormat(model, plan, ExportFormat::SafetensorsDequant);
    auto config = sourceConfig(model);
    HfExportReport report;
    report.output = outDir;
    HfFolderWriter writer(outDir, options.maxShardBytes);
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& t = model.tensors()[plan.entries[i].tensor];
        const DType source = t.type == DType::F16 || t.type == DType::BF16 ? t.type : DType::F32;
        writer.addFloat(t.name, options.floatType.value_or(source), t.shape, effectiveWeights(model, outcome, i));
    }
    if (options.floatType) {
        const char* dtype = *options.floatType == DType::F32 ? "float32" : *options.floatType == DType::F16 ? "float16" : "bfloat16";
        config[config.contains("dtype") ? "dtype" : "torch_dtype"] = dtype;
    }
    writer.setJson("config.json", config);
    report.fileBytes = writer.commit(model.path());
    return report;
}

} // namespace qs
