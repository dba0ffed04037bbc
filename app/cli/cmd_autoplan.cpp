// quantscope-cli autoplan MODEL --measurement M.json (--target-bpw B | --target-size BYTES) --out recipe.json:
// the per-tensor GGUF types with the smallest estimated KLD within the budget, as an editable recipe.
#include "app/cli/command.h"
#include "app/cli/table.h"
#include "core/plan/autoplan.h"
#include "core/plan/resolved_plan.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"measurement", "target-bpw", "target-size", "out", "name"}, {"quiet"});
    args.expectPositionals(1, 1);
    const auto file = args.value("measurement");
    if (!file) throw Error("autoplan", "missing --measurement M.json (from the sensitivity command)");
    const auto out = args.value("out");
    if (!out) throw Error("autoplan", "missing --out recipe.json");
    if (args.value("target-bpw").has_value() == args.value("target-size").has_value())
        throw Error("autoplan", "give exactly one of --target-bpw B and --target-size BYTES");
    const Measurement m = loadMeasurement(*file);
    const Model model = loadModel(args.positional(0, "MODEL"));
    checkMeasurement(m, *file, modelIdentity(model));
    uint64_t budget = 0;
    if (args.value("target-bpw")) {
        const double bpw = args.number("target-bpw", 0);
        if (!(bpw > 0 && bpw <= 32)) throw Error("--target-bpw", "must be in (0, 32]");
        budget = budgetForBpw(model, bpw);
    } else {
        budget = uint64_t(args.integer("target-size", 0, 1, INT64_MAX));
    }
    const Autoplan plan = planMixture(model, m, budget, *file);

    char desc[256];
    std::snprintf(desc, sizeof desc, "autoplan: %llu of %llu bytes (%.3f bpw), estimated KLD %.6f, from %s",
                  (unsigned long long)plan.totalBytes, (unsigned long long)budget, plan.bitsPerWeight(), plan.estimatedKld,
                  std::filesystem::path(*file).filename().string().c_str());
    const std::string imatrix = m.imatrixPath.empty() ? "" : std::filesystem::absolute(m.imatrixPath).string();
    const Recipe recipe = autoplanRecipe(model, plan, args.value("name", "autoplan"), desc, imatrix);
    // The recipe must resolve to exactly the planned types.
    if (ggufTypes(model, resolvePlan(model, recipe)) != plan.types) throw Error("autoplan", "internal: the recipe does not reproduce the plan", 1);
    writeFileAtomic(*out, toJson(recipe).dump(2) + "\n");

    if (!args.flag("quiet")) {
        Table table({"tensor", "type", "bytes", "KLD increase"}, {false, false, true, true});
        char buf[32];
        for (auto& c : plan.chosen) {
            std::snprintf(buf, sizeof buf, "%.3e", c.kld);
            table.add({model.tensors()[c.tensor].name, std::string(typeName(c.type)), std::to_string(c.bytes), buf});
        }
        table.print(stdout);
    }
    std::printf("%s: %s (%.3f bpw; budget %s, possible %s … %s), estimated KLD %.6f, %zu rules\n", out->c_str(),
                humanBytes(double(plan.totalBytes)).c_str(), plan.bitsPerWeight(), humanBytes(double(budget)).c_str(),
                humanBytes(double(plan.minBytes)).c_str(), humanBytes(double(plan.maxBytes)).c_str(), plan.estimatedKld,
                recipe.rules.size());
    return 0;
}

const CommandRegistration reg({"autoplan",
                               "MODEL --measurement M.json (--target-bpw B | --target-size BYTES) --out recipe.json [--name NAME] [--quiet]",
                               "per-tensor GGUF types with the least estimated KLD within a size budget, written as a recipe", run});

} // namespace
} // namespace qs::cli
