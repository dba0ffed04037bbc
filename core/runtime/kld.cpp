#include "core/runtime/kld.h"

#include "core/runtime/eval_loop.h"
#include "core/runtime/log_prob.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace qs {
namespace {

struct PositionStats {
    double kld, nllBase, nllCand, deltaP;
    bool sameTop;
};

PositionStats comparePosition(const float* zb, const float* zc, int64_t V, int32_t target) {
    const LogNormalizer nb = logNormalizer(zb, V), nc = logNormalizer(zc, V);
    double kld = 0;
    for (int64_t i = 0; i < V; ++i) {
        const double lb = nb.logProb(zb[i]);
        kld += std::exp(lb) * (lb - nc.logProb(zc[i]));
    }
    const double lbt = nb.logProb(zb[target]), lct = nc.logProb(zc[target]);
    return {kld, -lbt, -lct, std::exp(lct) - std::exp(lbt), argmaxFirst(zb, V) == argmaxFirst(zc, V)};
}

} // namespace

double quantileSorted(const std::vector<double>& v, double q) {
    if (v.empty()) return 0.0;
    const double pos = q * double(v.size() - 1);
    const size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
    const double w = pos - double(lo);
    return v[lo] + w * (v[hi] - v[lo]);
}

KldResult computeKld(Forward& base, Forward& candidate, const std::vector<int32_t>& ids, const EvalOptions& opt,
                     int32_t bosId, const ProgressFn& progress, const CancelToken* cancel) {
    const Stopwatch clock;
    const ChunkPlan plan(ids, opt, bosId);
    const int64_t S = plan.scoredPerChunk(), V = base.vocabSize();
    std::vector<double> klds;
    NllStats nllBase, nllCand;
    double sumK = 0, sumDp = 0, sumDp2 = 0;
    int64_t sameTop = 0;
    std::vector<PositionStats> batch;
    evaluateChunks(plan, {&base, &candidate}, [&](int64_t b, const std::vector<std::vector<float>>& logits) {
        const int64_t c0 = plan.batchFirstChunk(b), positions = plan.batchChunks(b) * S;
        batch.assign(size_t(positions), {});
        base.pool().parallelFor(positions, [&](int64_t p) {
            const int64_t row = plan.logitRow(p) * V;
            batch[size_t(p)] = comparePosition(logits[0].data() + row, logits[1].data() + row, V,
                                               plan.target(c0 + p / S, p % S));
        });
        for (const auto& s : batch) {
            klds.push_back(s.kld);
            sumK += s.kld;
            sumDp += s.deltaP;
            sumDp2 += s.deltaP * s.deltaP;
            nllBase.add(s.nllBase);
            nllCand.add(s.nllCand);
            sameTop += s.sameTop;
        }
        char status[32];
        std::snprintf(status, sizeof status, "kld %.6f", sumK / double(klds.size()));
        return std::string(status);
    }, progress, cancel);

    KldResult r;
    r.chunks = plan.chunks();
    r.tokensScored = int64_t(klds.size());
    const double n = double(klds.size());
    r.kldMean = sumK / n;
    r.deltaPMean = sumDp / n;
    r.deltaPRms = std::sqrt(sumDp2 / n);
    r.sameTopFraction = double(sameTop) / n;
    std::sort(klds.begin(), klds.end());
    r.kldMedian = quantileSorted(klds, 0.5);
    r.kldP90 = quantileSorted(klds, 0.9);
    r.kldP99 = quantileSorted(klds, 0.99);
    r.kldMax = klds.back();
    r.pplBase = nllBase.ppl();
    r.pplBaseStderr = nllBase.pplStderr();
    r.pplCandidate = nllCand.ppl();
    r.pplCandidateStderr = nllCand.pplStderr();
    r.pplRatio = r.pplCandidate / r.pplBase;
    r.seconds = clock.seconds();
    r.tokensPerSecond = r.seconds > 0 ? double(plan.chunks() * plan.ctx()) / r.seconds : 0.0;
    return r;
}

} // namespace qs
