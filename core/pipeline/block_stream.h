#pragma once
// Hidden states of equal-length sequences, [sequences · seqLen, hidden], walked through the decoder block by
// block: the calibration stream of the GPTQ/AWQ pipeline, and the evaluation stream of the sensitivity
// measurement (which restarts the forward pass at the block it changed). Batches are fixed in size, so
// results never depend on the thread count.
#include "core/runtime/calibration.h"
#include "core/runtime/forward.h"

#include <functional>
#include <vector>

namespace qs {

class BlockStream {
public:
    // tokens: sequences × seqLen ids (BOS first in each); the states start as their embeddings under fwd.
    BlockStream(Forward& fwd, std::vector<int32_t> tokens, int64_t sequences, int64_t seqLen, int64_t perBatch);

    // Statistics of `consumer`'s input in block l (with Σxxᵀ), the block run up to that point on a copy of the states.
    // With `inputs`, the input rows themselves too ([sequences · seqLen, width], in sequence order).
    InputStats capture(Forward& fwd, int l, TensorRole consumer, const CancelToken* cancel,
                       std::vector<float>* inputs = nullptr) const;
    // Runs block l over the states in place (with the stream's own forward pass).
    void advance(int l, const CancelToken* cancel);
    // Runs a copy of the states, which must be at block `first`, through fwd to the logits of positions
    // [from, seqLen): fn(first sequence, sequences, logits [n, seqLen − from, vocab]) per batch.
    using LogitsFn = std::function<void(int64_t seq0, int64_t n, const std::vector<float>& logits)>;
    void finish(Forward& fwd, int first, int64_t from, const LogitsFn& fn, const CancelToken* cancel) const;
    // The same from the tokens (embedding included): for a changed embedding.
    void finishFromTokens(Forward& fwd, int64_t from, const LogitsFn& fn, const CancelToken* cancel) const;

    Forward& forward() const { return fwd_; }
    int64_t sequences() const { return sequences_; }
    int64_t seqLen() const { return seqLen_; }
    int64_t perBatch() const { return perBatch_; }

private:
    template <class Fn>
    void forBatches(Fn&& fn) const {
        for (int64_t s0 = 0; s0 < sequences_; s0 += perBatch_) fn(s0, std::min(perBatch_, sequences_ - s0));
    }

    Forward& fwd_;
    std::vector<int32_t> tokens_;
    int64_t sequences_, seqLen_, perBatch_, d_;
    std::vector<float> x_;
};

} // namespace qs
