#include "app/gui/hf_export_job.h"

#include "core/export/hf_export.h"
#include "core/plan/run_recipe.h"
#include "core/util/error.h"

namespace qs::gui {

QStringList exportFormatNames() {
    return {QStringLiteral("gguf"), QStringLiteral("hf-gptq"), QStringLiteral("hf-awq"), QStringLiteral("safetensors-dequant")};
}

QString suggestedExportFormat(const qs::Recipe& recipe) {
    int gptq = 0, awq = 0;
    for (const auto& r : recipe.rules) {
        if (r.spec.grid != qs::QuantGrid::Integer) continue;
        if (r.spec.method == qs::QuantMethod::GPTQ) ++gptq;
        else if (r.spec.method == qs::QuantMethod::AWQ) ++awq;
    }
    if (gptq == 0 && awq == 0) return QStringLiteral("gguf");
    return gptq >= awq ? QStringLiteral("hf-gptq") : QStringLiteral("hf-awq");
}

nlohmann::json runHfExport(const std::string& modelPath, const qs::Recipe& recipe, const QString& format, const QString& outDir,
                           JobContext& ctx) {
    const auto f = qs::parseExportFormat(format.toStdString());
    if (!f || *f == qs::ExportFormat::Gguf) throw qs::Error("export", "not a Hugging Face format: " + format.toStdString());
    qs::RecipeRunOptions opt;
    opt.format = *f;
    opt.output = outDir.toStdString();
    opt.evaluate = false; // Evaluate Plan (Ctrl+Shift+E) measures it; the export only writes
    return qs::runRecipe(modelPath, recipe, opt, ctx.pool, &ctx.cancel, ctx.report);
}

} // namespace qs::gui
