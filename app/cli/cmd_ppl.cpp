// quantscope-cli ppl MODEL --text FILE: perplexity under llama-perplexity's protocol, exact fp32.
#include "app/cli/command.h"
#include "core/model/model.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/perplexity.h"
#include "app/cli/progress_bar.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"text", "tokens", "ctx", "chunks", "threads"}, {"all-positions", "json"});
    args.expectPositionals(1, 1);
    const Model model = loadModel(args.positional(0, "MODEL"));
    const EvalInput input = loadEvalInput({&model}, args.value("text", ""), args.value("tokens", ""));
    EvalOptions opt;
    opt.ctx = args.integer("ctx", 256, 4, 1 << 20);
    opt.maxChunks = args.integer("chunks", 0, 0, INT32_MAX);
    opt.allPositions = args.flag("all-positions");
    const int threads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));

    ModelWeights weights(model);
    ThreadPool pool(threads);
    Forward forward(weights, pool);
    PerplexityResult r;
    {
        ProgressBar bar;
        r = computePerplexity(forward, input.ids, opt, input.bosId, bar.sink());
    }
    if (args.flag("json")) {
        const nlohmann::json j = {{"model", model.path()},       {"ppl", r.ppl},
                                  {"ppl_stderr", r.pplStderr},   {"tokens_scored", r.tokensScored},
                                  {"tokens_per_second", r.tokensPerSecond}, {"chunks", r.chunks},
                                  {"ctx", r.ctx},                {"all_positions", opt.allPositions},
                                  {"seconds", r.seconds},        {"threads", threads}};
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%s: %lld chunks of %lld tokens, %lld predictions scored\n", model.path().c_str(), (long long)r.chunks,
                (long long)r.ctx, (long long)r.tokensScored);
    std::printf("PPL = %.4f +/- %.5f\n", r.ppl, r.pplStderr);
    std::printf("%.0f tokens/s (%.2f s, %d threads)\n", r.tokensPerSecond, r.seconds, threads);
    return 0;
}

const CommandRegistration reg({"ppl",
                               "MODEL (--text FILE | --tokens FILE) [--ctx 256] [--chunks N] [--all-positions] [--threads N] [--json]",
                               "perplexity with llama-perplexity's protocol (BOS per chunk, second half scored), exact fp32", run});

} // namespace
} // namespace qs::cli
