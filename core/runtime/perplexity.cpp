#include "core/runtime/perplexity.h"

#include "core/runtime/eval_loop.h"
#include "core/runtime/log_prob.h"

#include <cstdio>

namespace qs {

PerplexityResult computePerplexity(Forward& model, const std::vector<int32_t>& ids, const EvalOptions& opt,
                                   int32_t bosId, const ProgressFn& progress, const CancelToken* cancel) {
    const Stopwatch clock;
    const ChunkPlan plan(ids, opt, bosId);
    const int64_t S = plan.scoredPerChunk(), V = model.vocabSize();
    NllStats stats;
    std::vector<double> nll;
    evaluateChunks(plan, {&model}, [&](int64_t b, const std::vector<std::vector<float>>& logits) {
        const int64_t c0 = plan.batchFirstChunk(b), positions = plan.batchChunks(b) * S;
        nll.assign(size_t(positions), 0.0);
        model.pool().parallelFor(positions, [&](int64_t p) {
            const float* z = logits[0].data() + plan.logitRow(p) * V;
            nll[size_t(p)] = -logNormalizer(z, V).logProb(z[plan.target(c0 + p / S, p % S)]);
        });
        for (double v : nll) stats.add(v); // in order: the sums do not depend on the thread count
        char status[32];
        std::snprintf(status, sizeof status, "ppl %.4f", stats.ppl());
        return std::string(status);
    }, progress, cancel);

    PerplexityResult r;
    r.ppl = stats.ppl();
    r.pplStderr = stats.pplStderr();
    r.tokensScored = stats.count;
    r.chunks = plan.chunks();
    r.ctx = plan.ctx();
    r.seconds = clock.seconds();
    r.tokensPerSecond = r.seconds > 0 ? double(plan.chunks() * plan.ctx()) / r.seconds : 0.0;
    return r;
}

} // namespace qs
