#pragma once
// Quantizing a plan: the core export call as job work, and what the window needs around it.
#include "app/gui/job_runner.h"
#include "core/export/gguf_export.h"

#include <memory>
#include <string>
#include <vector>

namespace qs::gui {

// general.file_type for a plan: the llama.cpp ftype of its most common quantized weight type.
uint32_t planFileType(const qs::Model& model, const std::vector<qs::DType>& plan);

// Writes the plan's GGUF to `path` (atomically) with per-tensor error measurement.
qs::GgufExportReport quantizePlan(const qs::Model& model, const std::vector<qs::DType>& plan, const std::string& path,
                                  bool measureError, JobContext& ctx);

// Per-tensor relative Frobenius error from a report, indexed like model.tensors().
std::vector<std::optional<double>> relativeErrors(const qs::Model& model, const qs::GgufExportReport& report);

} // namespace qs::gui
