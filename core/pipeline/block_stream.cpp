#include "core/pipeline/block_stream.h"

#include <algorithm>

namespace qs {

BlockStream::BlockStream(Forward& fwd, std::vector<int32_t> tokens, int64_t sequences, int64_t seqLen, int64_t perBatch)
    : fwd_(fwd), tokens_(std::move(tokens)), sequences_(sequences), seqLen_(seqLen), perBatch_(std::max<int64_t>(1, perBatch)),
      d_(fwd.hparams().hiddenSize) {
    x_.resize(size_t(sequences * seqLen * d_));
    fwd.embed(tokens_.data(), sequences * seqLen, x_.data());
}

InputStats BlockStream::capture(Forward& fwd, int l, TensorRole consumer, const CancelToken* cancel, std::vector<float>* inputs) const {
    InputAccumulator acc;
    acc.stats.name = calibrationInputName(consumer, l);
    if (inputs) inputs->clear();
    fwd.setObserver([&](TensorRole c, int, const float* in, int64_t rows, int64_t cols) {
        if (c != consumer) return;
        acc.add(fwd.pool(), in, rows, cols, true);
        if (inputs) inputs->insert(inputs->end(), in, in + rows * cols);
    });
    try {
        std::vector<float> scratch;
        forBatches([&](int64_t s0, int64_t n) {
            scratch.assign(x_.begin() + s0 * seqLen_ * d_, x_.begin() + (s0 + n) * seqLen_ * d_);
            fwd.runBlock(l, scratch.data(), n, seqLen_, cancel, consumer);
        });
    } catch (...) {
        fwd.setObserver({});
        throw;
    }
    fwd.setObserver({});
    return acc.finish();
}

void BlockStream::advance(int l, const CancelToken* cancel) {
    forBatches([&](int64_t s0, int64_t n) { fwd_.runBlock(l, x_.data() + s0 * seqLen_ * d_, n, seqLen_, cancel); });
}

void BlockStream::finish(Forward& fwd, int first, int64_t from, const LogitsFn& fn, const CancelToken* cancel) const {
    std::vector<float> scratch, logits;
    forBatches([&](int64_t s0, int64_t n) {
        scratch.assign(x_.begin() + s0 * seqLen_ * d_, x_.begin() + (s0 + n) * seqLen_ * d_);
        logits.resize(size_t(n * (seqLen_ - from) * fwd.vocabSize()));
        fwd.runFrom(first, scratch.data(), n, seqLen_, from, logits.data(), cancel);
        fn(s0, n, logits);
    });
}

void BlockStream::finishFromTokens(Forward& fwd, int64_t from, const LogitsFn& fn, const CancelToken* cancel) const {
    std::vector<float> logits;
    forBatches([&](int64_t s0, int64_t n) {
        logits.resize(size_t(n * (seqLen_ - from) * fwd.vocabSize()));
        fwd.run(tokens_.data() + s0 * seqLen_, n, seqLen_, from, logits.data(), cancel);
        fn(s0, n, logits);
    });
}

} // namespace qs
