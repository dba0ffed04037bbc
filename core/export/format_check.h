#pragma once
// Whether an export format can hold a resolved plan, checked before any work so that a long GPTQ run never
// ends in a refusal. One source of truth for the exporters and for `plan --format`.
#include "core/export/hf_export.h"

#include <optional>

namespace qs {

// Throws qs::Error naming the tensor (or source) and what to change. For hf-gptq / hf-awq returns the one
// integer spec (bits, group, symmetry) every decoder linear shares, which their quantization_config records.
std::optional<QuantSpec> checkPlanForFormat(const Model& model, const ResolvedPlan& plan, ExportFormat format);

} // namespace qs
