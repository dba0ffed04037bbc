// quantscope-cli calibrate MODEL --text FILE --out FILE.safetensors: activation statistics and Hessians
// of every distinct linear input over seeded calibration windows.
#include "app/cli/command.h"
#include "app/cli/table.h"
#include "core/model/model.h"
#include "core/runtime/calibration.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/eval_loop.h"
#include "app/cli/progress_bar.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"text", "tokens", "out", "samples", "seq-len", "seed", "threads"}, {"no-hessian", "json"});
    args.expectPositionals(1, 1);
    const auto out = args.value("out");
    if (!out) throw Error("calibrate", "missing --out FILE.safetensors");
    const Model model = loadModel(args.positional(0, "MODEL"));
    const EvalInput input = loadEvalInput({&model}, args.value("text", ""), args.value("tokens", ""));
    CalibrationOptions opt;
    opt.samples = args.integer("samples", 128, 1, 1 << 20);
    opt.seqLen = args.integer("seq-len", 512, 2, 1 << 20);
    opt.seed = uint64_t(args.integer("seed", 0, 0, INT64_MAX));
    opt.hessian = !args.flag("no-hessian");
    const int threads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));

    ModelWeights weights(model);
    ThreadPool pool(threads);
    Forward forward(weights, pool);
    const Stopwatch clock;
    CalibrationData data;
    {
        ProgressBar bar;
        data = captureCalibration(forward, input.ids, input.bosId, opt, bar.sink());
    }
    saveCalibration(data, *out);
    const double seconds = clock.seconds();

    if (args.flag("json")) {
        nlohmann::json inputs = nlohmann::json::array();
        for (auto& s : data.inputs)
            inputs.push_back({{"name", s.name}, {"channels", s.channels}, {"tokens", s.tokens},
                              {"absmax", *std::max_element(s.absMax.begin(), s.absMax.end())}});
        const nlohmann::json j = {{"model", model.path()}, {"out", *out},        {"samples", opt.samples},
                                  {"seq_len", opt.seqLen}, {"seed", opt.seed},   {"hessian", opt.hessian},
                                  {"seconds", seconds},    {"inputs", inputs}};
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    // Outlier channels show as a large ratio of the largest to the median E[x²].
    Table table({"input", "channels", "tokens", "max |x|", "mean |x|", "max/median E[x^2]"}, {false, true, true, true, true, true});
    for (auto& s : data.inputs) {
        double meanAbs = 0;
        for (double v : s.meanAbs) meanAbs += v;
        std::vector<double> sq = s.meanSq;
        std::sort(sq.begin(), sq.end());
        const double median = sq[sq.size() / 2];
        table.add({s.name, std::to_string(s.channels), std::to_string(s.tokens),
                   fixed(*std::max_element(s.absMax.begin(), s.absMax.end()), 3), fixed(meanAbs / double(s.channels), 4),
                   median > 0 ? fixed(sq.back() / median, 1) : "-"});
    }
    table.print(stdout);
    std::printf("\n%lld samples of %lld tokens (seed %llu) -> %s in %.2f s\n", (long long)opt.samples, (long long)opt.seqLen,
                (unsigned long long)opt.seed, out->c_str(), seconds);
    return 0;
}

const CommandRegistration reg({"calibrate",
                               "MODEL (--text FILE | --tokens FILE) --out FILE.safetensors [--samples 128] [--seq-len 512] "
                               "[--seed 0] [--no-hessian] [--threads N] [--json]",
                               "per-channel activation statistics and Hessians of every linear input, for GPTQ/AWQ", run});

} // namespace
} // namespace qs::cli
