#include "core/pipeline/awq_block.h"

#include "core/quant/rtn.h"
#include "core/runtime/attention.h"
#include "core/runtime/linear.h"
#include "core/runtime/ops.h"
#include "core/runtime/rope.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <cmath>

namespace qs {
namespace {

const FloatMatrix& checked(const FloatMatrix* m, int64_t rows, int64_t cols, const char* what) {
    if (!m || m->rows != rows || m->cols != cols)
        throw Error("awq", std::string(what) + " does not have the shape [" + std::to_string(rows) + ", " + std::to_string(cols) + "]");
    return *m;
}

} // namespace

void runAwqModule(AwqModule module, WeightSource& weights, int l, const std::vector<const FloatMatrix*>& group, const float* x,
                  int64_t nSeq, int64_t T, float* out, ThreadPool& pool, const CancelToken* cancel) {
    const HyperParams& hp = weights.hparams();
    const int64_t N = nSeq * T, d = hp.hiddenSize;
    auto bias = [&](TensorRole r) { return weights.get({r, l, true}); };
    if (module == AwqModule::Attention) {
        if (group.size() != 3) throw Error("awq", "the attention module needs q, k and v");
        const int64_t H = hp.numHeads, Hkv = hp.numKvHeads, dh = hp.headDim;
        const FloatMatrix& wq = checked(group[0], H * dh, d, "q_proj");
        const FloatMatrix& wk = checked(group[1], Hkv * dh, d, "k_proj");
        const FloatMatrix& wv = checked(group[2], Hkv * dh, d, "v_proj");
        const MatrixPtr wo = weights.require({TensorRole::AttnO, l, false});
        checked(wo.get(), d, H * dh, "o_proj");
        const MatrixPtr bq = bias(TensorRole::AttnQ), bk = bias(TensorRole::AttnK), bv = bias(TensorRole::AttnV),
                        bo = bias(TensorRole::AttnO);
        std::vector<float> q(size_t(N * H * dh)), k(size_t(N * Hkv * dh)), v(size_t(N * Hkv * dh)), att(size_t(N * H * dh));
        linear(pool, x, N, wq, bq.get(), q.data(), cancel);
        linear(pool, x, N, wk, bk.get(), k.data(), cancel);
        linear(pool, x, N, wv, bv.get(), v.data(), cancel);
        const Rope rope(hp, T);
        forEachTile(pool, N, 1, [&](int64_t r0, int64_t rows, int64_t, int64_t) {
            rope.apply(q.data(), r0, rows, T, H, H * dh);
            rope.apply(k.data(), r0, rows, T, Hkv, Hkv * dh);
        });
        causalAttention(pool, AttentionShape{H, Hkv, dh}, q.data(), k.data(), v.data(), nSeq, T, att.data(), cancel);
        linear(pool, att.data(), N, *wo, bo.get(), out, cancel);
        return;
    }
    if (group.size() != 2) throw Error("awq", "the MLP module needs gate and up");
    const int64_t f = hp.intermediateSize;
    const FloatMatrix& wg = checked(group[0], f, d, "gate_proj");
    const FloatMatrix& wu = checked(group[1], f, d, "up_proj");
    const MatrixPtr wd = weights.require({TensorRole::MlpDown, l, false});
    checked(wd.get(), d, f, "down_proj");
    std::vector<float> gate(size_t(N * f)), up(size_t(N * f));
    linear(pool, x, N, wg, bias(TensorRole::MlpGate).get(), gate.data(), cancel);
    linear(pool, x, N, wu, bias(TensorRole::MlpUp).get(), up.data(), cancel);
    swiglu(pool, gate.data(), up.data(), N * f);
    linear(pool, gate.data(), N, *wd, bias(TensorRole::MlpDown).get(), out, cancel);
}

template <class Fn> void AwqModuleObjective::forBatches(Fn&& fn) const {
    const int64_t perBatch = std::max<int64_t>(1, in_.perBatch);
    for (int64_t s0 = 0; s0 < in_.nSeq; s0 += perBatch) fn(s0, std::min(perBatch, in_.nSeq - s0));
}

AwqModuleObjective::AwqModuleObjective(AwqModule module, WeightSource& weights, int block, const AwqModuleInput& in,
                                       const std::vector<AwqLayerRef>& layers, ThreadPool& pool, const CancelToken* cancel)
    : module_(module), weights_(weights), block_(block), in_(in), layers_(layers), d_(weights.hparams().hiddenSize), pool_(pool),
      cancel_(cancel) {
    original_.resize(layers.size());
    std::vector<const FloatMatrix*> group;
    for (size_t i = 0; i < layers.size(); ++i) {
        original_[i].rows = layers[i].rows;
        original_[i].cols = d_;
        original_[i].data.assign(layers[i].w, layers[i].w + layers[i].rows * d_);
        group.push_back(&original_[i]);
    }
    reference_.resize(size_t(in.nSeq * in.seqLen * d_));
    forBatches([&](int64_t s0, int64_t n) {
        runAwqModule(module_, weights_, block_, group, in_.x + s0 * in_.seqLen * d_, n, in_.seqLen,
                     reference_.data() + s0 * in_.seqLen * d_, pool_, cancel_);
    });
}

double AwqModuleObjective::error(const std::vector<const FloatMatrix*>& group) {
    double err = 0;
    forBatches([&](int64_t s0, int64_t n) {
        out_.resize(size_t(n * in_.seqLen * d_));
        runAwqModule(module_, weights_, block_, group, in_.x + s0 * in_.seqLen * d_, n, in_.seqLen, out_.data(), pool_, cancel_);
        const float* ref = reference_.data() + s0 * in_.seqLen * d_;
        double e = 0;
        for (int64_t j = 0; j < n * in_.seqLen * d_; ++j) {
            const double diff = double(ref[j]) - double(out_[size_t(j)]);
            e += diff * diff;
        }
        err += e;
    });
    return err / double(reference_.size());
}

namespace {

FloatMatrix asMatrix(const std::vector<float>& w, int64_t rows, int64_t cols) {
    FloatMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.data = w;
    return m;
}

} // namespace

AwqScaleSearch searchAwqModuleScales(AwqModuleObjective& objective, const std::vector<double>& meanAbs, const QuantSpec& spec,
                                     const AwqOptions& opt, ThreadPool& pool, const CancelToken* cancel) {
    const std::vector<AwqLayerRef>& layers = objective.layers();
    const int64_t d = objective.hidden();
    if (int64_t(meanAbs.size()) != d) throw Error("awq", "activation statistics do not match the module's " + std::to_string(d) + " inputs");
    QuantSpec rs = spec;
    rs.method = QuantMethod::RTN;
    if (rs.grid != QuantGrid::Integer && rs.grid != QuantGrid::Gguf)
        throw Error("spec '" + spec.toString() + "'", "AWQ needs an integer grid or a GGUF block type");

    const std::vector<float> wMean = opt.duoScaling ? awqWeightMean(layers, d, awqDuoGroupCols(rs, d)) : std::vector<float>{};
    AwqScaleSearch best;
    best.error = INFINITY;
    std::vector<FloatMatrix> trial(layers.size());
    std::vector<const FloatMatrix*> group;
    std::vector<float> scaled;
    for (int g = 0; g < opt.scaleGrid; ++g) {
        if (cancel) cancel->check();
        const double ratio = double(g) / double(opt.scaleGrid);
        std::vector<float> sc = awqCandidateScales(meanAbs, wMean, ratio);
        group.clear();
        for (size_t i = 0; i < layers.size(); ++i) {
            const int64_t rows = layers[i].rows;
            if (!layers[i].quantized) {
                group.push_back(&objective.original(i));
                continue;
            }
            scaled.assign(layers[i].w, layers[i].w + rows * d);
            for (int64_t j = 0; j < rows * d; ++j) scaled[size_t(j)] *= sc[size_t(j % d)];
            trial[i].rows = rows;
            trial[i].cols = d;
            trial[i].data = fakeQuantize(scaled.data(), rows, d, rs, &pool, cancel);
            for (int64_t j = 0; j < rows * d; ++j) trial[i].data[size_t(j)] /= sc[size_t(j % d)];
            group.push_back(&trial[i]);
        }
        const double err = objective.error(group);
        if (err < best.error) best = {std::move(sc), ratio, err};
    }
    return best;
}

std::vector<size_t> chooseAwqModuleCandidates(AwqModuleObjective& objective,
                                              const std::vector<std::vector<const std::vector<float>*>>& candidates) {
    const std::vector<AwqLayerRef>& layers = objective.layers();
    if (candidates.size() != layers.size()) throw Error("awq", "one candidate list per module member is needed");
    const int64_t d = objective.hidden();
    std::vector<std::vector<FloatMatrix>> mats(layers.size());
    for (size_t i = 0; i < layers.size(); ++i)
        for (const std::vector<float>* w : candidates[i]) {
            if (!w || int64_t(w->size()) != layers[i].rows * d) throw Error("awq", "a candidate does not have its member's shape");
            mats[i].push_back(asMatrix(*w, layers[i].rows, d));
        }
    // Every combination in mixed-radix order: the first member's candidate varies fastest, combination 0 is all first choices.
    size_t combos = 1;
    for (auto& m : mats) combos *= std::max<size_t>(1, m.size());
    std::vector<size_t> pick(layers.size(), 0), best = pick;
    double bestErr = INFINITY;
    std::vector<const FloatMatrix*> group(layers.size());
    for (size_t c = 0; c < combos; ++c) {
        size_t rest = c;
        for (size_t i = 0; i < layers.size(); ++i) {
            const size_t n = std::max<size_t>(1, mats[i].size());
            pick[i] = rest % n;
            rest /= n;
            group[i] = mats[i].empty() ? &objective.original(i) : &mats[i][pick[i]];
        }
        const double err = objective.error(group);
        if (err < bestErr) bestErr = err, best = pick;
    }
    return best;
}

} // namespace qs
