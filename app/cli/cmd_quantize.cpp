// quantscope-cli quantize MODEL --type TYPE --out OUT.gguf: llama-quantize --pure, from an HF folder or a GGUF.
#include "app/cli/command.h"
#include "app/cli/progress_bar.h"
#include "app/cli/table.h"
#include "core/export/gguf_export.h"
#include "core/export/gguf_names.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"type", "out", "threads", "report"}, {"keep-going", "strict", "no-metrics", "quiet"});
    args.expectPositionals(1, 1);
    const std::string typeArg = args.value("type").value_or("");
    if (typeArg.empty()) throw Error("quantize", "--type is required (e.g. Q4_K, Q8_0, F16)");
    const std::string out = args.value("out").value_or("");
    if (out.empty()) throw Error("quantize", "--out is required");
    // K names stand for their _M mixture in llama.cpp's file type; --pure makes every tensor the plain type.
    std::string base = typeArg;
    if (base.size() > 2 && (base.ends_with("_M") || base.ends_with("_S") || base.ends_with("_L"))) base = base.substr(0, base.size() - 2);
    const TypeTraits* type = findTypeByName(base);
    if (!type || !type->inGguf || !type->fromFloatRef || type->type == DType::Q8_1 || type->type == DType::Q8_K || base != typeArg)
        throw Error("quantize", "unsupported --type '" + typeArg + "' (Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q2_K Q3_K Q4_K Q5_K Q6_K F16 BF16 F32)");
    const int threads = int(args.integer("threads", 0, 0, 1024));

    const Model model = loadModel(args.positional(0, "MODEL"));
    GgufExportOptions options;
    options.fileType = llamaFileType(typeArg);
    options.keepGoingOnNonFinite = args.flag("keep-going");
    options.strictShapes = args.flag("strict");
    options.measureError = !args.flag("no-metrics");
    ThreadPool pool(threads);
    ProgressBar bar;
    Progress progress(bar.sink());
    const auto report = exportGguf(model, pureTypePlan(model, type->type), options, out, pool, nullptr, &progress);
    bar.finish();

    if (auto path = args.value("report")) writeFileAtomic(*path, toJson(report).dump(2) + "\n");
    for (auto& w : report.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (!args.flag("quiet")) {
        Table table({"tensor", "type", "bpw", "rmse", "sqnr dB", "cosine", "seconds"}, {false, false, true, true, true, true, true});
        for (auto& r : report.tensors)
            table.add({r.name, std::string(typeName(r.type)), fixed(r.bitsPerWeight(), 3), r.measured ? fixed(r.rmse, 6) : "-",
                       r.measured ? fixed(r.sqnrDb, 2) : "-", r.measured ? fixed(r.cosine, 6) : "-", fixed(r.seconds, 3)});
        table.print(stdout);
    }
    std::printf("wrote %s: %s, %.3f bits per weight, %.2f s with %d threads\n", out.c_str(),
                humanBytes(double(report.fileBytes)).c_str(), 8.0 * double(report.totalBytes) / double(report.totalParams),
                report.seconds, report.threads);
    return 0;
}

const CommandRegistration reg({"quantize",
                               "MODEL --type TYPE --out OUT.gguf [--threads N] [--report FILE.json] [--keep-going] [--strict] [--no-metrics] [--quiet]",
                               "quantize every weight matrix to one GGUF type (like llama-quantize --pure)", run});

} // namespace
} // namespace qs::cli
