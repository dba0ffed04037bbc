#include "app/gui/quantize_job.h"

#include "core/plan/llama_mixture.h"

#include <map>

namespace qs::gui {

uint32_t planFileType(const qs::Model& model, const std::vector<qs::DType>& plan) {
    std::map<qs::DType, int64_t> weights;
    const auto& tensors = model.tensors();
    for (size_t i = 0; i < tensors.size() && i < plan.size(); ++i)
        if (qs::isQuantizableWeight(tensors[i])) weights[plan[i]] += tensors[i].params;
    qs::DType dominant = qs::DType::F16;
    int64_t most = -1;
    for (auto [type, n] : weights)
        if (n > most) most = n, dominant = type;
    const auto ftype = qs::parseLlamaFtype(std::string(qs::typeName(dominant)));
    return ftype ? qs::llamaFtypeId(*ftype) : 1u;
}

qs::GgufExportReport quantizePlan(const qs::Model& model, const std::vector<qs::DType>& plan, const std::string& path,
                                  bool measureError, JobContext& ctx) {
    qs::GgufExportOptions options;
    options.fileType = planFileType(model, plan);
    options.measureError = measureError;
    return qs::exportGguf(model, plan, options, path, ctx.pool, &ctx.cancel, &ctx.progress);
}

std::vector<std::optional<double>> relativeErrors(const qs::Model& model, const qs::GgufExportReport& report) {
    std::vector<std::optional<double>> errors(model.tensors().size());
    const auto* first = model.tensors().data();
    for (const auto& r : report.tensors)
        if (const auto* t = model.find(r.sourceName); t && r.measured) errors[size_t(t - first)] = r.error.relFrobenius;
    return errors;
}

} // namespace qs::gui
