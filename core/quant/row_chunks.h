#pragma once
// Fixed row chunking for per-row work: chunk boundaries depend only on the shape, never on the thread
// count, so anything merged per chunk in chunk order is identical at 1 and N threads.
#include "core/util/thread_pool.h"

#include <algorithm>
#include <cstdint>

namespace qs {

// About 64 Ki elements per chunk, at least one row.
inline int64_t rowChunkRows(int64_t cols) { return std::max<int64_t>(1, (int64_t(1) << 16) / std::max<int64_t>(1, cols)); }
inline int64_t rowChunkCount(int64_t rows, int64_t cols) {
    const int64_t r = rowChunkRows(cols);
    return (rows + r - 1) / r;
}

// Calls fn(chunkIndex, row0, n) for every chunk, on the pool when given (else inline).
template <class Fn>
void forEachRowChunkIndexed(int64_t rows, int64_t cols, ThreadPool* pool, const CancelToken* cancel, Fn&& fn) {
    const int64_t per = rowChunkRows(cols), chunks = rowChunkCount(rows, cols);
    auto one = [&](int64_t c) {
        const int64_t r0 = c * per;
        fn(c, r0, std::min(per, rows - r0));
    };
    if (pool) {
        pool->parallelFor(chunks, one, cancel);
    } else {
        for (int64_t c = 0; c < chunks; ++c) {
            if (cancel) cancel->check();
            one(c);
        }
    }
}

template <class Fn>
void forEachRowChunk(int64_t rows, int64_t cols, ThreadPool* pool, const CancelToken* cancel, Fn&& fn) {
    forEachRowChunkIndexed(rows, cols, pool, cancel, [&](int64_t, int64_t r0, int64_t n) { fn(r0, n); });
}

} // namespace qs
