#pragma once
// Drives one or more models through a ChunkPlan batch by batch, with progress and cancellation;
// perplexity and KL divergence are the consumers.
#include "core/runtime/eval_chunks.h"
#include "core/runtime/forward.h"
#include "core/util/cancel.h"

#include <functional>
#include <string>
#include <vector>

namespace qs {

// logits[m]: model m's logits of batch b, [batchChunks(b), logitRowsPerChunk, vocab] (see ChunkPlan::logitRow).
// Returns a short status (a dozen characters) for the progress line, e.g. the running perplexity.
using BatchConsumer = std::function<std::string(int64_t batch, const std::vector<std::vector<float>>& logits)>;

// Calls consume for every batch in order. Every model must share one vocabulary size.
void evaluateChunks(const ChunkPlan& plan, const std::vector<Forward*>& models, const BatchConsumer& consume,
                    const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// Seconds of wall time since construction.
class Stopwatch {
public:
    Stopwatch();
    double seconds() const;

private:
    int64_t startNs_;
};

} // namespace qs
