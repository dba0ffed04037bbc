#include "core/quant/hessian.h"

#include "core/quant/row_chunks.h"
#include "core/runtime/linear.h"

#include <Eigen/Core>
#include <cblas.h>

namespace qs {
namespace {

using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr int64_t kTile = 512;

} // namespace

std::vector<double> hessianFromRows(const float* x, int64_t n, int64_t cols, ThreadPool* pool) {
    useSingleThreadedBlas();
    std::vector<double> h(size_t(cols * cols), 0.0);
    const int64_t tiles = (cols + kTile - 1) / kTile;
    // Upper-triangle tiles (i ≤ j); each is one product over all rows, then mirrored.
    std::vector<std::pair<int64_t, int64_t>> work;
    for (int64_t i = 0; i < tiles; ++i)
        for (int64_t j = i; j < tiles; ++j) work.push_back({i, j});
    auto one = [&](int64_t t) {
        const int64_t i0 = work[size_t(t)].first * kTile, j0 = work[size_t(t)].second * kTile;
        const int64_t ni = std::min(kTile, cols - i0), nj = std::min(kTile, cols - j0);
        std::vector<float> tile(size_t(ni * nj), 0.0f);
        if (i0 == j0)
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, int(ni), int(n), 1.0f, x + i0, int(cols), 0.0f, tile.data(), int(nj));
        else
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(ni), int(nj), int(n), 1.0f, x + i0, int(cols), x + j0,
                        int(cols), 0.0f, tile.data(), int(nj));
        // The tile and its mirror, each written row by row (the mirror reads the tile, which stays in cache, by column).
        for (int64_t a = 0; a < ni; ++a)
            for (int64_t b = (i0 == j0 ? a : 0); b < nj; ++b) h[size_t((i0 + a) * cols + j0 + b)] = tile[size_t(a * nj + b)];
        for (int64_t b = 0; b < nj; ++b)
            for (int64_t a = 0; a < (i0 == j0 ? b : ni); ++a) h[size_t((j0 + b) * cols + i0 + a)] = tile[size_t(a * nj + b)];
    };
    if (pool) {
        pool->parallelFor(int64_t(work.size()), one);
    } else {
        for (int64_t t = 0; t < int64_t(work.size()); ++t) one(t);
    }
    return h;
}

double hessianOutputError(const float* w, const float* what, int64_t rows, int64_t cols, const float* hf, ThreadPool* pool) {
    const Eigen::Map<const MatF> H(hf, cols, cols);
    std::vector<double> sums(size_t(rowChunkCount(rows, cols)), 0.0);
    forEachRowChunkIndexed(rows, cols, pool, nullptr, [&](int64_t c, int64_t r0, int64_t n) {
        MatF e = Eigen::Map<const MatF>(w + r0 * cols, n, cols);
        if (what) e -= Eigen::Map<const MatF>(what + r0 * cols, n, cols);
        const MatF eh = e * H;
        double s = 0;
        for (int64_t r = 0; r < n; ++r) s += double(eh.row(r).dot(e.row(r)));
        sums[size_t(c)] = s;
    });
    double total = 0;
    for (double s : sums) total += s;
    return total;
}

double relativeOutputError(const float* w, const float* what, int64_t rows, int64_t cols, const std::vector<double>& h,
                           ThreadPool* pool) {
    const std::vector<float> hf = toFloat(h);
    const double energy = hessianOutputError(w, nullptr, rows, cols, hf.data(), pool);
    return energy > 0 ? hessianOutputError(w, what, rows, cols, hf.data(), pool) / energy : 0.0;
}

std::vector<float> toFloat(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

} // namespace qs
