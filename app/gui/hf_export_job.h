#pragma once
// Export to the Hugging Face formats (hf-gptq, hf-awq, safetensors-dequant) as a job: the plan as a recipe
// (calibration from the settings), run through core runRecipe exactly as `quantscope-cli quantize --recipe R
// --format F` does. GGUF export stays with quantize_job.h.
#include "app/gui/job_runner.h"
#include "core/plan/recipe.h"

#include <QString>
#include <nlohmann/json.hpp>

namespace qs::gui {

// "gguf", "hf-gptq", "hf-awq", "safetensors-dequant": the CLI's --format names.
QStringList exportFormatNames();
// The format a plan suits best: hf-gptq / hf-awq when its integer-grid tensors use that method, else gguf.
QString suggestedExportFormat(const qs::Recipe& recipe);

// Runs the recipe on the model at `modelPath` and writes `outDir`; the report JSON (the CLI's report.json).
nlohmann::json runHfExport(const std::string& modelPath, const qs::Recipe& recipe, const QString& format, const QString& outDir,
                           JobContext& ctx);

} // namespace qs::gui
