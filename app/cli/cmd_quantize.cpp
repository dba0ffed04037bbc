// quantscope-cli quantize MODEL --type TYPE --out OUT.gguf [--imatrix FILE]: llama-quantize (--pure), from an HF
// folder or a GGUF; quantize MODEL --recipe R.json --out OUT [--format F]: a recipe's whole plan (core/plan/run_recipe.h).
#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_bar.h"
#include "app/cli/report_tables.h"
#include "app/cli/table.h"
#include "core/export/gguf_export.h"
#include "core/plan/llama_mixture.h"
#include "core/plan/run_recipe.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int runRecipeCommand(Args& args) {
    RecipeRunOptions opt;
    opt.output = args.value("out").value_or("");
    if (opt.output.empty()) throw Error("quantize", "--out is required");
    const std::string format = args.value("format", "gguf");
    const auto f = parseExportFormat(format);
    if (!f) throw Error("quantize", "unknown --format '" + format + "' (gguf, hf-gptq, hf-awq, safetensors-dequant)");
    opt.format = *f;
    opt.calibText = args.value("calib-text", "");
    opt.evalText = args.value("eval-text", "");
    opt.imatrix = args.value("imatrix", "");
    opt.evalChunks = args.integer("eval-chunks", -1, 0, 1 << 30);
    opt.evaluate = !args.flag("no-eval");
    opt.hf.maxShardBytes = uint64_t(args.integer("max-shard-bytes", 5'000'000'000, 1, INT64_MAX));
    if (auto dt = args.value("dtype")) {
        auto t = QuantSpec::parse(*dt);
        if (t.grid != QuantGrid::Float) throw Error("quantize", "--dtype takes f32, f16 or bf16");
        opt.hf.floatType = t.type;
    }
    const Recipe recipe = loadRecipe(*args.value("recipe"));
    ThreadPool pool(int(args.integer("threads", 0, 0, 1024)));
    ProgressBar bar;
    const auto report = runRecipe(args.positional(0, "MODEL"), recipe, opt, pool, &interruptToken(), bar.sink());
    bar.finish();
    if (auto path = args.value("report")) writeFileAtomic(*path, report.dump(2) + "\n");
    printReport(report, stdout, !args.flag("quiet"));
    return 0;
}

int run(Args& args) {
    args.accept({"type", "recipe", "format", "out", "threads", "report", "imatrix", "calib-text", "eval-text", "eval-chunks",
                 "max-shard-bytes", "dtype"},
                {"mix", "keep-going", "strict", "no-metrics", "quiet", "no-eval"});
    args.expectPositionals(1, 1);
    if (args.value("recipe")) {
        if (args.value("type")) throw Error("quantize", "give --type or --recipe, not both");
        return runRecipeCommand(args);
    }
    for (const char* f : {"format", "calib-text", "eval-text", "eval-chunks", "max-shard-bytes", "dtype"})
        if (args.value(f)) throw Error("quantize", std::string("--") + f + " needs --recipe");
    const std::string typeArg = args.value("type").value_or("");
    if (typeArg.empty()) throw Error("quantize", "--type or --recipe is required (e.g. --type Q4_K_M, --recipe w4a16-g128-gptq)");
    const std::string out = args.value("out").value_or("");
    if (out.empty()) throw Error("quantize", "--out is required");
    const auto ftype = parseLlamaFtype(typeArg);
    if (!ftype)
        throw Error("quantize", "unsupported --type '" + typeArg +
                                    "' (Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q2_K Q3_K Q4_K Q5_K Q6_K F16 BF16 F32, or a mixture: "
                                    "Q2_K_S Q3_K_S Q3_K_M Q3_K_L Q4_K_S Q4_K_M Q5_K_S Q5_K_M)");
    // A plain type name quantizes every weight to it (llama-quantize --pure); a mixture name, or --mix,
    // applies llama.cpp's per-tensor rules. K names file as their _M mixture either way, as llama.cpp does.
    const bool isMixtureName = typeArg != std::string(typeName(llamaFtypeBaseType(*ftype)));
    const int threads = int(args.integer("threads", 0, 0, 1024));

    GgufExportOptions options;
    if (auto path = args.value("imatrix")) { // read first: a bad file fails before the model is touched
        options.imatrix = std::make_shared<const Imatrix>(readImatrix(*path));
        options.imatrixFile = *path;
    }
    const Model model = loadModel(args.positional(0, "MODEL"));
    const auto types = isMixtureName || args.flag("mix") ? llamaMixtureTypes(model, *ftype, options.imatrix != nullptr)
                                                         : pureTypePlan(model, llamaFtypeBaseType(*ftype));
    options.fileType = llamaFtypeId(*ftype);
    options.keepGoingOnNonFinite = args.flag("keep-going");
    options.strictShapes = args.flag("strict");
    options.measureError = !args.flag("no-metrics");
    ThreadPool pool(threads);
    ProgressBar bar;
    Progress progress(bar.sink());
    const auto report = exportGguf(model, types, options, out, pool, &interruptToken(), &progress);
    bar.finish();

    if (auto path = args.value("report")) writeFileAtomic(*path, toJson(report).dump(2) + "\n");
    for (auto& w : report.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (!args.flag("quiet")) {
        Table table({"tensor", "type", "bpw", "rmse", "sqnr dB", "cosine", "seconds"}, {false, false, true, true, true, true, true});
        for (auto& r : report.tensors)
            table.add({r.name, std::string(typeName(r.type)), fixed(r.bitsPerWeight(), 3), r.measured ? fixed(r.error.rmse, 6) : "-",
                       r.measured ? fixed(r.error.sqnrDb, 2) : "-", r.measured ? fixed(r.error.cosine, 6) : "-", fixed(r.seconds, 3)});
        table.print(stdout);
    }
    std::printf("wrote %s: %s, %.3f bits per weight, %.2f s with %d threads\n", out.c_str(),
                humanBytes(double(report.fileBytes)).c_str(), 8.0 * double(report.totalBytes) / double(report.totalParams),
                report.seconds, report.threads);
    return 0;
}

const CommandRegistration reg({"quantize",
                               "MODEL (--type TYPE|MIXTURE --out OUT.gguf [--mix] [--keep-going] [--strict] [--no-metrics] | "
                               "--recipe R.json|PRESET --out OUT [--format gguf|hf-gptq|hf-awq|safetensors-dequant] [--calib-text F] [--imatrix F.dat] "
                               "[--eval-text F] [--eval-chunks N] [--no-eval] [--dtype f16|bf16|f32] [--max-shard-bytes N]) "
                               "[--threads N] [--report FILE.json] [--quiet]",
                               "quantize to a GGUF type or llama.cpp mixture, or run a recipe and export it", run});

} // namespace
} // namespace qs::cli
