#include "core/runtime/eval_chunks.h"

#include "core/util/error.h"

#include <algorithm>

namespace qs {

ChunkPlan::ChunkPlan(const std::vector<int32_t>& ids, const EvalOptions& opt, int32_t bosId)
    : ids_(ids), ctx_(opt.ctx), perBatch_(std::max<int64_t>(1, opt.chunksPerBatch)), bos_(bosId) {
    if (ctx_ < 4) throw Error("", "context must be at least 4 tokens");
    if (int64_t(ids.size()) < ctx_)
        throw Error("", "the text has " + std::to_string(ids.size()) + " tokens, fewer than one chunk of " +
                            std::to_string(ctx_));
    chunks_ = int64_t(ids.size()) / ctx_;
    if (opt.maxChunks > 0) chunks_ = std::min(chunks_, opt.maxChunks);
    first_ = opt.allPositions ? 0 : ctx_ / 2;
}

int64_t ChunkPlan::batchChunks(int64_t b) const { return std::min(perBatch_, chunks_ - b * perBatch_); }

std::vector<int32_t> ChunkPlan::batchInput(int64_t b) const {
    const int64_t c0 = batchFirstChunk(b), n = batchChunks(b);
    std::vector<int32_t> out(ids_.begin() + c0 * ctx_, ids_.begin() + (c0 + n) * ctx_);
    for (int64_t c = 0; c < n; ++c) out[size_t(c * ctx_)] = bos_;
    return out;
}

} // namespace qs
