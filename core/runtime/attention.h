#pragma once
// Causal multi-head attention with grouped-query KV heads, one task per (sequence, head).
#include "core/util/cancel.h"
#include "core/util/thread_pool.h"

#include <cstdint>

namespace qs {

struct AttentionShape {
    int64_t heads;   // query heads H
    int64_t kvHeads; // H_kv; query head h reads KV head h / (H / H_kv)
    int64_t headDim;
};

// q [nSeq·T, H·d], k and v [nSeq·T, H_kv·d] (RoPE applied) → out [nSeq·T, H·d]:
// softmax(q·kᵀ / √d, causal) · v per head, in fp32.
void causalAttention(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v,
                     int64_t nSeq, int64_t seqLen, float* out, const CancelToken* cancel = nullptr);

} // namespace qs
