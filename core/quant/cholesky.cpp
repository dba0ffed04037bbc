#include "core/quant/cholesky.h"

#include "core/runtime/linear.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <cblas.h>
#include <functional>
#include <utility>
#include <vector>

extern "C" {
void spotrf_(const char* uplo, const int* n, float* a, const int* lda, int* info);
}

namespace qs {
namespace {

constexpr int64_t kTile = 256;

void forEach(ThreadPool* pool, int64_t n, const std::function<void(int64_t)>& fn) {
    if (pool) {
        pool->parallelFor(n, fn);
    } else {
        for (int64_t i = 0; i < n; ++i) fn(i);
    }
}

} // namespace

bool choleskyLower(std::vector<float>& a, int64_t n, ThreadPool* pool) {
    useSingleThreadedBlas();
    const int64_t tiles = (n + kTile - 1) / kTile;
    auto start = [&](int64_t t) { return t * kTile; };
    auto size = [&](int64_t t) { return std::min(kTile, n - t * kTile); };
    auto at = [&](int64_t i, int64_t j) { return a.data() + start(i) * n + start(j); };
    const int ld = int(n);
    for (int64_t k = 0; k < tiles; ++k) {
        // The diagonal tile: LAPACK sees the row-major lower triangle as a column-major upper one.
        const int nk = int(size(k));
        int info = 0;
        spotrf_("U", &nk, at(k, k), &ld, &info);
        if (info != 0) return false;
        // The panel below it: L_ik = A_ik L_kk⁻ᵀ.
        forEach(pool, tiles - k - 1, [&](int64_t t) {
            const int64_t i = k + 1 + t;
            cblas_strsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, int(size(i)), nk, 1.0f, at(k, k), ld, at(i, k), ld);
        });
        // The trailing lower triangle: A_ij −= L_ik L_jkᵀ for k < j ≤ i.
        std::vector<std::pair<int64_t, int64_t>> work;
        for (int64_t i = k + 1; i < tiles; ++i)
            for (int64_t j = k + 1; j <= i; ++j) work.push_back({i, j});
        forEach(pool, int64_t(work.size()), [&](int64_t t) {
            const auto [i, j] = work[size_t(t)];
            if (i == j)
                cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, int(size(i)), nk, -1.0f, at(i, k), ld, 1.0f, at(i, i), ld);
            else
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(size(i)), int(size(j)), nk, -1.0f, at(i, k), ld, at(j, k), ld,
                            1.0f, at(i, j), ld);
        });
    }
    return true;
}

std::vector<float> inverseLower(const std::vector<float>& l, int64_t n, ThreadPool* pool) {
    useSingleThreadedBlas();
    std::vector<float> x(size_t(n * n), 0.0f);
    const int64_t tiles = (n + kTile - 1) / kTile;
    // Block column j of L⁻¹ solves L[j0:, j0:] X = [I; 0] (strsm reads only the lower triangle): independent of the
    // other block columns.
    forEach(pool, tiles, [&](int64_t j) {
        const int64_t j0 = j * kTile, nj = std::min(kTile, n - j0);
        float* xj = x.data() + j0 * n + j0;
        for (int64_t c = 0; c < nj; ++c) xj[c * n + c] = 1.0f;
        cblas_strsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, int(n - j0), int(nj), 1.0f,
                    l.data() + j0 * n + j0, int(n), xj, int(n));
    });
    return x;
}

} // namespace qs
