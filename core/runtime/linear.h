#pragma once
// The forward pass's matrix products. OpenBLAS runs single-threaded and our pool runs fixed tiles,
// so every result is bit-identical at any thread count (toolchain.md, "OpenBLAS threading").
#include "core/runtime/weight_source.h"
#include "core/util/cancel.h"
#include "core/util/thread_pool.h"

namespace qs {

// Sets OpenBLAS to one thread (process-wide). Idempotent; every runtime entry point calls it.
void useSingleThreadedBlas();

// y[m, w.rows] = x[m, w.cols] · wᵀ (+ bias). Tiles of fixed size, independent of the pool size.
void linear(ThreadPool& pool, const float* x, int64_t m, const FloatMatrix& w, const FloatMatrix* bias, float* y,
            const CancelToken* cancel = nullptr);

// Same tiling for a caller-supplied kernel over (rows, cols) of an m×n output: fn(row0, rows, col0, cols).
void forEachTile(ThreadPool& pool, int64_t m, int64_t n,
                 const std::function<void(int64_t, int64_t, int64_t, int64_t)>& fn, const CancelToken* cancel = nullptr);

} // namespace qs
