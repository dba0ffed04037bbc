#include "core/export/format_check.h"

#include "core/formats/hf_quant_packing.h"
#include "core/util/error.h"

namespace qs {
namespace {

// A GPTQ/AWQ checkpoint: every decoder linear on one integer grid it can pack, everything else float.
QuantSpec checkCheckpoint(const Model& model, const ResolvedPlan& plan, const std::string& format) {
    const bool awq = format == "hf-awq";
    std::optional<QuantSpec> uniform;
    std::string first;
    for (auto& e : plan.entries) {
        const auto& t = model.tensors()[e.tensor];
        const QuantSpec& s = e.spec;
        if (!isDecoderLinear(t)) {
            if (s.grid != QuantGrid::Float)
                throw Error(t.name, format + " keeps embeddings, norms and the output head in float; the plan gives it " + s.toString() +
                                        " (add a rule {\"match\": {\"role\": [\"embedding\", \"output\"]}, \"keep\": \"f16\"})");
            continue;
        }
        if (s.grid != QuantGrid::Integer || s.method == QuantMethod::HQQ)
            throw Error(t.name, format + " stores every decoder linear layer on an integer grid with integer zero points; the plan gives it " +
                                    s.toString());
        if (s.granularity == Granularity::Tensor) throw Error(t.name, format + " has no per-tensor scales; use per-channel or groups");
        if (awq && (s.bits != 4 || s.granularity != Granularity::Group))
            throw Error(t.name, "hf-awq (GEMM) stores 4-bit groups only, not " + s.toString() + "; export other widths as gguf or safetensors-dequant");
        if (!awq && !gptqBitsSupported(s.bits)) throw Error(t.name, "hf-gptq stores 2, 3, 4 or 8 bits, not " + std::to_string(s.bits));
        if (!uniform) {
            uniform = s, first = t.name;
        } else if (s.bits != uniform->bits || s.granularity != uniform->granularity || s.symmetric != uniform->symmetric ||
                   (s.granularity == Granularity::Group && s.groupSize != uniform->groupSize)) {
            throw Error(t.name, format + " describes one bit width, group size and symmetry for the whole model: " + s.toString() +
                                    " differs from " + uniform->toString() + " of " + first);
        }
    }
    if (!uniform) throw Error(model.path(), format + ": the plan quantizes no decoder linear layer");
    return *uniform;
}

} // namespace

std::optional<QuantSpec> checkPlanForFormat(const Model& model, const ResolvedPlan& plan, ExportFormat format) {
    const std::string name = exportFormatName(format);
    if (format == ExportFormat::Gguf) {
        ggufTypes(model, plan); // throws for specs that are not GGUF types
        for (auto& e : plan.entries)
            if (e.spec.method == QuantMethod::AWQ)
                throw Error(e.name, "AWQ results cannot be written as GGUF yet (1/s would have to be folded into the preceding "
                                    "quantized layer); export as hf-awq or safetensors-dequant, or use gptq/rtn for GGUF");
        return std::nullopt;
    }
    if (model.format() != SourceFormat::Safetensors)
        throw Error(model.path(), name + " export needs a Hugging Face folder as the source (its config.json and tokenizer files)");
    if (format == ExportFormat::SafetensorsDequant) return std::nullopt;
    return checkCheckpoint(model, plan, name);
}

} // namespace qs
