// quantscope-cli imatrix MODEL (--text FILE | --calib FILE.safetensors) --out imatrix.dat: llama.cpp's importance
// matrix from Quantscope's own forward pass (like llama-imatrix -c CTX), or from a `calibrate` output.
#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_bar.h"
#include "core/model/model.h"
#include "core/pipeline/imatrix_collect.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/eval_loop.h"

#include <cstdio>
#include <filesystem>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"text", "tokens", "calib", "out", "ctx", "chunks", "ubatch", "threads"}, {});
    args.expectPositionals(1, 1);
    const auto out = args.value("out");
    if (!out) throw Error("imatrix", "missing --out imatrix.dat");
    const auto calib = args.value("calib");
    if (calib && (args.value("text") || args.value("tokens") || args.value("ctx") || args.value("chunks")))
        throw Error("imatrix", "--calib takes a calibrate output; --text/--tokens/--ctx/--chunks do not apply to it");
    const Model model = loadModel(args.positional(0, "MODEL"));
    const int64_t ubatch = args.integer("ubatch", 512, 16, 1 << 20);
    const Stopwatch clock;
    Imatrix m;
    if (calib) {
        m = imatrixFromCalibration(model, loadCalibration(*calib), std::filesystem::path(*calib).filename().string(), *calib, ubatch);
    } else {
        const EvalInput input = loadEvalInput({&model}, args.value("text", ""), args.value("tokens", ""));
        ImatrixOptions opt;
        opt.ctx = args.integer("ctx", 256, 16, 1 << 20);
        opt.maxChunks = args.integer("chunks", 0, 0, INT32_MAX);
        opt.ubatch = ubatch;
        opt.dataset = args.value("text").value_or(args.value("tokens", "")); // as typed, like llama-imatrix's -f
        ModelWeights weights(model);
        ThreadPool pool(int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024)));
        Forward forward(weights, pool);
        ProgressBar bar;
        m = collectImatrix(model, forward, input.ids, input.bosId, opt, bar.sink(), &interruptToken());
    }
    writeImatrix(m, *out);
    std::printf("%s: %zu entries, %d chunks (ncall), dataset '%s', %.2f s\n", out->c_str(), m.entries.size(), m.chunkCount,
                m.dataset.c_str(), clock.seconds());
    return 0;
}

const CommandRegistration reg({"imatrix",
                               "MODEL (--text FILE | --tokens FILE | --calib CALIB.safetensors) --out imatrix.dat [--ctx 256] "
                               "[--chunks N] [--ubatch 512] [--threads N]",
                               "llama.cpp importance matrix (imatrix.dat) from the forward pass or a calibrate output", run});

} // namespace
} // namespace qs::cli
