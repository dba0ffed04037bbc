#include "core/runtime/linear.h"

#include <algorithm>
#include <cblas.h>

namespace qs {
namespace {
// Big enough that OpenBLAS's packing cost vanishes, small enough to balance over many cores.
constexpr int64_t kTileRows = 256;
constexpr int64_t kTileCols = 128;
} // namespace

void useSingleThreadedBlas() {
    static const bool once = [] {
        openblas_set_num_threads(1);
        return true;
    }();
    (void)once;
}

void forEachTile(ThreadPool& pool, int64_t m, int64_t n,
                 const std::function<void(int64_t, int64_t, int64_t, int64_t)>& fn, const CancelToken* cancel) {
    const int64_t rowTiles = (m + kTileRows - 1) / kTileRows;
    const int64_t colTiles = (n + kTileCols - 1) / kTileCols;
    pool.parallelFor(rowTiles * colTiles, [&](int64_t t) {
        const int64_t r0 = (t / colTiles) * kTileRows, c0 = (t % colTiles) * kTileCols;
        fn(r0, std::min(kTileRows, m - r0), c0, std::min(kTileCols, n - c0));
    }, cancel);
}

void linear(ThreadPool& pool, const float* x, int64_t m, const FloatMatrix& w, const FloatMatrix* bias, float* y,
            const CancelToken* cancel) {
    useSingleThreadedBlas();
    const int64_t n = w.rows, k = w.cols;
    forEachTile(pool, m, n, [&](int64_t r0, int64_t rows, int64_t c0, int64_t cols) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(rows), int(cols), int(k), 1.0f, x + r0 * k, int(k),
                    w.data.data() + c0 * k, int(k), 0.0f, y + r0 * n + c0, int(n));
        if (bias)
            for (int64_t r = r0; r < r0 + rows; ++r)
                for (int64_t c = c0; c < c0 + cols; ++c) y[r * n + c] += bias->data[size_t(c)];
    }, cancel);
}

} // namespace qs
