#include "widgets/plan_size.h"

#include "core/plan/llama_mixture.h"

namespace qs::widgets {

uint64_t plannedBytes(const qs::TensorInfo& t, qs::DType type) {
    if (type == t.type) return t.bytes;
    const auto& tr = qs::traits(qs::fallbackType(type, t.cols()));
    return uint64_t(t.rows()) * uint64_t(qs::rowBytes(tr, t.cols()));
}

uint64_t plannedBytes(const qs::TensorInfo& t, qs::DType type, const std::optional<qs::QuantSpec>& spec) {
    return spec ? uint64_t((spec->storageBits(t.rows(), t.cols()) + 7) / 8) : plannedBytes(t, type);
}

uint64_t plannedBytes(const qs::Model& model, const std::vector<qs::DType>& plan) {
    uint64_t total = 0;
    const auto& tensors = model.tensors();
    for (size_t i = 0; i < tensors.size(); ++i)
        total += i < plan.size() ? plannedBytes(tensors[i], plan[i]) : tensors[i].bytes;
    return total;
}

} // namespace qs::widgets
