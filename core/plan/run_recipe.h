#pragma once
// `quantize --recipe`: load → resolve → (calibrate) → quantize → (evaluate) → export, with one progress
// stream, cancellation and a report (report.json, docs/recipe.md). Output bytes depend only on the recipe
// and the inputs, never on the thread count; a cancelled or failed run leaves no output behind.
#include "core/export/hf_export.h"
#include "core/plan/execute.h"
#include "core/plan/recipe.h"
#include "core/util/cancel.h"

#include <nlohmann/json.hpp>
#include <string>

namespace qs {

class ThreadPool;

struct RecipeRunOptions {
    ExportFormat format = ExportFormat::Gguf;
    std::string output;
    HfExportOptions hf;
    std::string calibText;   // overrides the recipe's calibration text
    std::string evalText;    // overrides the recipe's evaluation text
    std::string imatrix;     // overrides the recipe's imatrix file
    bool evaluate = true;    // evaluate when the recipe has evaluation settings
    int64_t evalChunks = -1; // ≥ 0 overrides the recipe's chunk count
};

// What a plan's GPTQ/AWQ tensors calibrate on: the recipe's settings with `text` (when not empty) replacing
// its calibration text, tokenized with the model's tokenizer. nullopt when the plan has no such tensor.
std::optional<CalibrationInput> calibrationInput(const Model& model, const Recipe& recipe, const ResolvedPlan& plan,
                                                 const std::string& text = {});

// Throws qs::Error for bad input and qs::Cancelled when the token fires.
nlohmann::json runRecipe(const std::string& modelPath, const Recipe& recipe, const RecipeRunOptions& options, ThreadPool& pool,
                         const CancelToken* cancel = nullptr, const ProgressFn& progress = {});

} // namespace qs
