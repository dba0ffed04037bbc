#pragma once
// Storage accounting for a planned tensor type: what the GGUF exporter will write for it.
#include "core/model/model.h"
#include "core/quant/spec.h"
#include "core/quant/types.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace qs::widgets {

// Bytes of tensor t stored as `type`; block types fall back for rows they do not fit, as export does.
uint64_t plannedBytes(const qs::TensorInfo& t, qs::DType type);
// With a per-tensor spec (a Compare choice or a recipe's integer grid) in place of the type when present.
uint64_t plannedBytes(const qs::TensorInfo& t, qs::DType type, const std::optional<qs::QuantSpec>& spec);
// Sum over a whole plan (indexed like model.tensors()); an empty plan counts the model as stored.
uint64_t plannedBytes(const qs::Model& model, const std::vector<qs::DType>& plan);

} // namespace qs::widgets
