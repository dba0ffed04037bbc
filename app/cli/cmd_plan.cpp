// quantscope-cli plan MODEL --recipe R.json [--format F] [--json]: the resolved per-tensor plan, before anything
// runs; with --format, as quantize would run it for that format (fp16 scales for checkpoints) and checked against it.
#include "app/cli/command.h"
#include "app/cli/table.h"
#include "core/export/format_check.h"
#include "core/plan/resolved_plan.h"
#include "core/util/error.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

std::string ruleText(int rule) { return rule < 0 ? "-" : rule == 0 ? "defaults" : "rule " + std::to_string(rule); }

int run(Args& args) {
    args.accept({"recipe", "format"}, {"json"});
    args.expectPositionals(1, 1);
    const std::string recipePath = args.value("recipe").value_or("");
    if (recipePath.empty()) throw Error("plan", "--recipe is required (a recipe file or a preset name)");
    const Recipe recipe = loadRecipe(recipePath);
    const Model model = loadModel(args.positional(0, "MODEL"));
    std::optional<ExportFormat> format;
    if (auto f = args.value("format")) {
        format = parseExportFormat(*f);
        if (!format) throw Error("plan", "unknown --format '" + *f + "' (gguf, hf-gptq, hf-awq, safetensors-dequant)");
    }
    ResolveOptions ro;
    ro.fp16Scales = format && storesFp16Scales(*format);
    const ResolvedPlan plan = resolvePlan(model, recipe, ro);
    if (format) checkPlanForFormat(model, plan, *format);
    if (args.flag("json")) {
        std::printf("%s\n", toJson(plan, model).dump(2).c_str());
        return 0;
    }
    Table table({"tensor", "shape", "source", "spec", "from", "bpw", "bytes"}, {false, false, false, false, false, true, true});
    for (auto& e : plan.entries) {
        const auto& t = model.tensors()[e.tensor];
        table.add({e.name, shapeText(t.shape), t.typeLabel(), e.spec.toString(), ruleText(e.rule), fixed(e.bitsPerWeight(), 3),
                   humanBytes(double(e.bits) / 8.0)});
    }
    table.print(stdout);
    for (auto& w : plan.warnings) std::printf("warning: %s\n", w.c_str());
    std::printf("recipe %s: %lld weights, %s → %s, %.3f bits per weight%s\n", plan.recipeName.c_str(), (long long)plan.totalParams,
                humanBytes(double(plan.sourceBytes)).c_str(), humanBytes(double(plan.totalBits) / 8.0).c_str(), plan.bitsPerWeight(),
                plan.needsCalibration() ? ", needs calibration" : "");
    return 0;
}

const CommandRegistration reg({"plan", "MODEL --recipe R.json|PRESET [--format gguf|hf-gptq|hf-awq|safetensors-dequant] [--json]",
                               "show the per-tensor plan a recipe resolves to (spec, bits per weight, totals)", run});

} // namespace
} // namespace qs::cli
