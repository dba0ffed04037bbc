// quantscope-cli kld MODEL --against OTHER --text FILE: KL(MODEL ‖ OTHER) over the perplexity protocol's positions.
#include "app/cli/command.h"
#include "core/model/model.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/kld.h"
#include "app/cli/progress_bar.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({"against", "text", "tokens", "ctx", "chunks", "threads"}, {"all-positions", "json"});
    args.expectPositionals(1, 1);
    const auto otherPath = args.value("against");
    if (!otherPath) throw Error("kld", "missing --against OTHER (the model to compare with MODEL)");
    const Model base = loadModel(args.positional(0, "MODEL"));
    const Model cand = loadModel(*otherPath);
    const EvalInput input = loadEvalInput({&base, &cand}, args.value("text", ""), args.value("tokens", ""));
    EvalOptions opt;
    opt.ctx = args.integer("ctx", 256, 4, 1 << 20);
    opt.maxChunks = args.integer("chunks", 0, 0, INT32_MAX);
    opt.allPositions = args.flag("all-positions");
    const int threads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));

    ModelWeights wb(base), wc(cand);
    ThreadPool pool(threads);
    Forward fb(wb, pool), fc(wc, pool);
    KldResult r;
    {
        ProgressBar bar;
        r = computeKld(fb, fc, input.ids, opt, input.bosId, bar.sink());
    }
    if (args.flag("json")) {
        const nlohmann::json j = {
            {"base", base.path()},           {"candidate", cand.path()},     {"chunks", r.chunks},
            {"ctx", opt.ctx},                {"tokens_scored", r.tokensScored},
            {"kld_mean", r.kldMean},         {"kld_median", r.kldMedian},    {"kld_p90", r.kldP90},
            {"kld_p99", r.kldP99},           {"kld_max", r.kldMax},          {"same_top_fraction", r.sameTopFraction},
            {"delta_p_mean", r.deltaPMean},  {"delta_p_rms", r.deltaPRms},
            {"ppl_base", r.pplBase},         {"ppl_base_stderr", r.pplBaseStderr},
            {"ppl_candidate", r.pplCandidate}, {"ppl_candidate_stderr", r.pplCandidateStderr},
            {"ppl_ratio", r.pplRatio},       {"seconds", r.seconds},         {"tokens_per_second", r.tokensPerSecond},
            {"threads", threads}};
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("KL(%s || %s): %lld chunks of %lld tokens, %lld positions\n", base.path().c_str(), cand.path().c_str(),
                (long long)r.chunks, (long long)opt.ctx, (long long)r.tokensScored);
    std::printf("KLD      mean %.6f  median %.6f  p90 %.6f  p99 %.6f  max %.6f\n", r.kldMean, r.kldMedian, r.kldP90,
                r.kldP99, r.kldMax);
    std::printf("same top %.3f %%\n", 100.0 * r.sameTopFraction);
    std::printf("dp       mean %.4f %%  rms %.4f %%  (probability of the correct token, candidate - base)\n",
                100.0 * r.deltaPMean, 100.0 * r.deltaPRms);
    std::printf("PPL      base %.4f +/- %.5f  candidate %.4f +/- %.5f  ratio %.6f\n", r.pplBase, r.pplBaseStderr,
                r.pplCandidate, r.pplCandidateStderr, r.pplRatio);
    std::printf("%.0f tokens/s (%.2f s, %d threads)\n", r.tokensPerSecond, r.seconds, threads);
    return 0;
}

const CommandRegistration reg({"kld",
                               "MODEL --against OTHER (--text FILE | --tokens FILE) [--ctx 256] [--chunks N] [--all-positions] "
                               "[--threads N] [--json]",
                               "KL divergence of OTHER from MODEL, same-top rate, delta-p and both perplexities", run});

} // namespace
} // namespace qs::cli
