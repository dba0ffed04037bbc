#include "core/runtime/forward.h"

#include "core/runtime/attention.h"
#include "core/runtime/linear.h"
#include "core/runtime/ops.h"
#include "core/runtime/rope.h"
#include "core/util/error.h"

#include <cstring>

namespace qs {
namespace {

void checkShape(const FloatMatrix& m, int64_t rows, int64_t cols, TensorRole role, int block) {
    if (m.rows != rows || m.cols != cols)
        throw Error("", std::string(roleName(role)) + (block >= 0 ? " of layer " + std::to_string(block) : "") +
                            " has shape [" + std::to_string(m.rows) + ", " + std::to_string(m.cols) + "], expected [" +
                            std::to_string(rows) + ", " + std::to_string(cols) + "]");
}

} // namespace

Forward::Forward(WeightSource& weights, ThreadPool& pool) : weights_(weights), pool_(pool) {
    useSingleThreadedBlas();
    const auto& hp = hparams();
    if (hp.numHeads <= 0 || hp.numKvHeads <= 0 || hp.numHeads % hp.numKvHeads || hp.headDim <= 0 || hp.headDim % 2)
        throw Error("", "unsupported attention shape");
    Rope check(hp, 1); // rejects unsupported RoPE scaling up front
    vocab_ = weights_.require({TensorRole::Output, -1, false})->rows;
    embeddingRows_ = weights_.require({TensorRole::Embedding, -1, false})->rows;
}

void Forward::run(const int32_t* tokens, int64_t nSeq, int64_t seqLen, int64_t from, float* logits,
                  const CancelToken* cancel) {
    if (nSeq <= 0 || seqLen <= 0 || from < 0 || from >= seqLen) throw Error("", "invalid forward-pass shape");
    std::vector<float> x(size_t(nSeq * seqLen * hparams().hiddenSize));
    embed(tokens, nSeq * seqLen, x.data());
    runFrom(0, x.data(), nSeq, seqLen, from, logits, cancel);
}

void Forward::runFrom(int first, float* x, int64_t nSeq, int64_t T, int64_t from, float* logits, const CancelToken* cancel) {
    const auto& hp = hparams();
    const int64_t d = hp.hiddenSize;
    if (nSeq <= 0 || T <= 0 || from < 0 || from >= T || first < 0 || first > hp.numLayers)
        throw Error("", "invalid forward-pass shape");
    for (int l = first; l < int(hp.numLayers); ++l) runBlock(l, x, nSeq, T, cancel);

    // Only the requested positions go through the final norm and the output head.
    const int64_t keep = T - from, M = nSeq * keep;
    std::vector<float> tmp(size_t(M * d)), n(size_t(M * d));
    for (int64_t s = 0; s < nSeq; ++s)
        std::memcpy(&tmp[size_t(s * keep * d)], &x[size_t((s * T + from) * d)], size_t(keep * d) * sizeof(float));
    rmsNorm(pool_, tmp.data(), M, d, matrix(TensorRole::FinalNorm, -1, 1, d)->data.data(), hp.rmsNormEps, n.data());
    if (observer_) observer_(TensorRole::Output, -1, n.data(), M, d);
    project(TensorRole::Output, -1, n.data(), M, vocab_, d, logits, cancel);
}

void Forward::embed(const int32_t* tokens, int64_t n, float* x) {
    const int64_t d = hparams().hiddenSize;
    for (int64_t i = 0; i < n; ++i)
        if (tokens[i] < 0 || tokens[i] >= embeddingRows_)
            throw Error("", "token id " + std::to_string(tokens[i]) + " is outside the vocabulary (" +
                                std::to_string(embeddingRows_) + ")");
    auto emb = matrix(TensorRole::Embedding, -1, embeddingRows_, d);
    for (int64_t i = 0; i < n; ++i) std::memcpy(x + i * d, &emb->data[size_t(tokens[i] * d)], size_t(d) * sizeof(float));
}

MatrixPtr Forward::matrix(TensorRole role, int block, int64_t rows, int64_t cols) {
    auto m = weights_.require({role, block, false});
    checkShape(*m, rows, cols, role, block);
    return m;
}

void Forward::project(TensorRole role, int block, const float* in, int64_t rows, int64_t outDim, int64_t inDim, float* out,
                      const CancelToken* cancel) {
    auto w = matrix(role, block, outDim, inDim);
    auto b = weights_.get({role, block, true});
    if (b) checkShape(*b, 1, outDim, role, block);
    linear(pool_, in, rows, *w, b.get(), out, cancel);
}

void Forward::runBlock(int l, float* x, int64_t nSeq, int64_t T, const CancelToken* cancel, TensorRole stopAfter) {
    const auto& hp = hparams();
    const int64_t N = nSeq * T, d = hp.hiddenSize, f = hp.intermediateSize;
    const int64_t H = hp.numHeads, Hkv = hp.numKvHeads, dh = hp.headDim;
    // Shows the observer a linear input; true when the caller asked to stop there.
    auto observe = [&](TensorRole consumer, const float* in, int64_t cols) {
        if (observer_) observer_(consumer, l, in, N, cols);
        return consumer == stopAfter;
    };
    if (cancel) cancel->check();
    std::vector<float> n(size_t(N * d)), tmp(size_t(N * d));
    rmsNorm(pool_, x, N, d, matrix(TensorRole::AttnNorm, l, 1, d)->data.data(), hp.rmsNormEps, n.data());
    if (observe(TensorRole::AttnQ, n.data(), d)) return;
    {
        std::vector<float> q(size_t(N * H * dh)), k(size_t(N * Hkv * dh)), v(size_t(N * Hkv * dh)), att(size_t(N * H * dh));
        project(TensorRole::AttnQ, l, n.data(), N, H * dh, d, q.data(), cancel);
        project(TensorRole::AttnK, l, n.data(), N, Hkv * dh, d, k.data(), cancel);
        project(TensorRole::AttnV, l, n.data(), N, Hkv * dh, d, v.data(), cancel);
        const Rope rope(hp, T);
        forEachTile(pool_, N, 1, [&](int64_t r0, int64_t rows, int64_t, int64_t) {
            rope.apply(q.data(), r0, rows, T, H, H * dh);
            rope.apply(k.data(), r0, rows, T, Hkv, Hkv * dh);
        });
        causalAttention(pool_, AttentionShape{H, Hkv, dh}, q.data(), k.data(), v.data(), nSeq, T, att.data(), cancel);
        if (observe(TensorRole::AttnO, att.data(), H * dh)) return;
        project(TensorRole::AttnO, l, att.data(), N, d, H * dh, tmp.data(), cancel);
    }
    addInPlace(pool_, x, tmp.data(), N * d);

    rmsNorm(pool_, x, N, d, matrix(TensorRole::MlpNorm, l, 1, d)->data.data(), hp.rmsNormEps, n.data());
    if (observe(TensorRole::MlpGate, n.data(), d)) return;
    std::vector<float> gate(size_t(N * f)), up(size_t(N * f));
    project(TensorRole::MlpGate, l, n.data(), N, f, d, gate.data(), cancel);
    project(TensorRole::MlpUp, l, n.data(), N, f, d, up.data(), cancel);
    swiglu(pool_, gate.data(), up.data(), N * f);
    if (observe(TensorRole::MlpDown, gate.data(), f)) return;
    project(TensorRole::MlpDown, l, gate.data(), N, d, f, tmp.data(), cancel);
    addInPlace(pool_, x, tmp.data(), N * d);
}

std::vector<float> Forward::logits(const std::vector<int32_t>& tokens, const CancelToken* cancel) {
    std::vector<float> out(tokens.size() * size_t(vocab_));
    run(tokens.data(), 1, int64_t(tokens.size()), 0, out.data(), cancel);
    return out;
}

double Forward::flops(int64_t nSeq, int64_t seqLen, int64_t from) const {
    const auto& hp = hparams();
    const double N = double(nSeq * seqLen), d = double(hp.hiddenSize), f = double(hp.intermediateSize);
    const double qDim = double(hp.numHeads * hp.headDim), kvDim = double(hp.numKvHeads * hp.headDim);
    const double perLayer = 2 * N * (d * qDim + 2 * d * kvDim + qDim * d + 3 * d * f) // projections
                            + 2 * 2 * double(nSeq) * double(seqLen) * double(seqLen) * qDim; // scores and P·V
    return double(hp.numLayers) * perLayer + 2 * double(nSeq * (seqLen - from)) * d * double(vocab_);
}

} // namespace qs
