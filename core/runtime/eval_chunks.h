#pragma once
// llama-perplexity's chunking (formats.md §7.1): non-overlapping chunks of ctx tokens, the first token
// of each replaced by BOS, the second half scored (or every position on request).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace qs {

struct EvalOptions {
    int64_t ctx = 256;
    int64_t maxChunks = 0;        // 0: every full chunk
    bool allPositions = false;    // score positions 0 … ctx−2 instead of ctx/2 … ctx−2
    int64_t chunksPerBatch = 4;   // chunks evaluated together (fixed, so results never depend on threads)
};

class ChunkPlan {
public:
    // Throws qs::Error when ctx is too small or the ids do not fill one chunk.
    ChunkPlan(const std::vector<int32_t>& ids, const EvalOptions& opt, int32_t bosId);

    int64_t ctx() const { return ctx_; }
    int64_t chunks() const { return chunks_; }
    int64_t firstScored() const { return first_; }              // first position whose logits are used
    int64_t scoredPerChunk() const { return ctx_ - 1 - first_; }
    // Logit rows the forward pass yields per chunk (positions firstScored … ctx−1; the last predicts nothing).
    int64_t logitRowsPerChunk() const { return ctx_ - first_; }
    // Row of a batch's logits for scored position p (0 … batchChunks·scoredPerChunk − 1).
    int64_t logitRow(int64_t p) const { return p / scoredPerChunk() * logitRowsPerChunk() + p % scoredPerChunk(); }
    int64_t tokensScored() const { return chunks_ * scoredPerChunk(); }
    int64_t batches() const { return (chunks_ + perBatch_ - 1) / perBatch_; }
    int64_t batchFirstChunk(int64_t b) const { return b * perBatch_; }
    int64_t batchChunks(int64_t b) const;

    // The ids of a batch's chunks, BOS first in each: [batchChunks(b), ctx].
    std::vector<int32_t> batchInput(int64_t b) const;
    // The id predicted by the logits at scored position j (0-based) of chunk c.
    int32_t target(int64_t chunk, int64_t j) const { return ids_[size_t(chunk * ctx_ + first_ + 1 + j)]; }

private:
    const std::vector<int32_t>& ids_;
    int64_t ctx_, chunks_, first_, perBatch_;
    int32_t bos_;
};

} // namespace qs
