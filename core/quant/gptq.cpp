#include "core/quant/gptq.h"

#include "core/quant/cholesky.h"
#include "core/quant/gptq_grid.h"
#include "core/runtime/linear.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <cblas.h>
#include <cstring>
#include <functional>
#include <numeric>

namespace qs {
namespace {

constexpr int64_t kChunkRows = 128; // rows per task: fixed, so results never depend on the thread count

void forRows(ThreadPool* pool, int64_t n, const std::function<void(int64_t, int64_t)>& fn) {
    constexpr int64_t kRows = 64;
    const int64_t tasks = (n + kRows - 1) / kRows;
    auto one = [&](int64_t t) { fn(t * kRows, std::min(n, (t + 1) * kRows)); };
    if (pool) {
        pool->parallelFor(tasks, one);
    } else {
        for (int64_t t = 0; t < tasks; ++t) one(t);
    }
}

// U with H⁻¹ = UᵀU (upper), in fp32 as the reference, for H permuted by perm (H'_ij = H[perm i][perm j]) with
// `diag` on its diagonal plus `damp`. With J the reversal, chol(JH'J) = L gives U = J L⁻¹ J: one factorisation
// and one triangular inverse instead of torch's chol → inverse → chol. Returns false when H' is not positive definite.
bool inverseCholeskyUpper(const double* h, const std::vector<double>& diag, const std::vector<int64_t>& perm, double damp, int64_t n,
                          std::vector<float>& u, ThreadPool* pool) {
    std::vector<float> a(size_t(n * n));
    forRows(pool, n, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) {
            const int64_t pi = perm[size_t(n - 1 - i)];
            for (int64_t j = 0; j <= i; ++j) a[size_t(i * n + j)] = float(h[size_t(pi * n + perm[size_t(n - 1 - j)])]);
            a[size_t(i * n + i)] = float(diag[size_t(pi)] + damp);
        }
    });
    if (!choleskyLower(a, n, pool)) return false;
    const std::vector<float> inv = inverseLower(a, n, pool);
    u.assign(size_t(n * n), 0.0f);
    forRows(pool, n, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i)
            for (int64_t j = i; j < n; ++j) u[size_t(i * n + j)] = inv[size_t((n - 1 - i) * n + (n - 1 - j))];
    });
    return true;
}

} // namespace

QuantResult quantizeGptq(const float* w, int64_t rows, int64_t cols, const double* hessian, const QuantSpec& spec,
                         const GptqOptions& opt, ThreadPool* pool, const CancelToken* cancel) {
    useSingleThreadedBlas();
    spec.validateShape(rows, cols);
    const std::string subject = "spec '" + spec.toString() + "'";
    if (opt.staticGroups && !opt.actOrder) throw Error(subject, "static groups only apply with act-order");
    if (spec.grid == QuantGrid::Gguf && opt.actOrder && !opt.staticGroups)
        throw Error(subject, "act-order into GGUF blocks needs static groups (a block holds consecutive columns)");
    QuantResult res;
    res.spec = spec;
    res.rows = rows;
    res.cols = cols;

    // Dead inputs never reach the output: any value is exact, the reference zeroes them (and sets H_jj = 1).
    std::vector<double> diag(static_cast<size_t>(cols));
    std::vector<float> wq(w, w + rows * cols);
    int64_t dead = 0;
    for (int64_t j = 0; j < cols; ++j) {
        diag[size_t(j)] = hessian[j * cols + j];
        if (diag[size_t(j)] != 0.0) continue;
        ++dead;
        diag[size_t(j)] = 1.0;
        for (int64_t r = 0; r < rows; ++r) wq[size_t(r * cols + j)] = 0.0f;
    }
    if (dead) res.notes.push_back(std::to_string(dead) + " dead input column(s) (zero Hessian diagonal): weights zeroed");

    // Processing order: descending diag(H) with act-order (stable, so ties keep column order).
    std::vector<int64_t> perm(static_cast<size_t>(cols));
    std::iota(perm.begin(), perm.end(), 0);
    if (opt.actOrder)
        std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return diag[size_t(a)] > diag[size_t(b)]; });

    auto grid0 = [&] {
        const int64_t gc = spec.grid == QuantGrid::Gguf ? traits(spec.type).blockSize : spec.groupCols(cols);
        std::vector<int32_t> columnGroup;
        if (opt.actOrder && !opt.staticGroups) {
            columnGroup.resize(size_t(cols));
            for (int64_t p = 0; p < cols; ++p) columnGroup[size_t(perm[size_t(p)])] = int32_t(p / gc);
        }
        return makeGptqGrid(spec, rows, cols, std::move(columnGroup));
    };
    const std::unique_ptr<GptqGrid> grid = grid0();
    const int64_t gc = grid->groupCols();
    const int64_t bs = gc >= opt.blockSize ? gc : gc * std::max<int64_t>(1, opt.blockSize / gc);
    if (opt.staticGroups)
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t g = 0; g < cols / gc; ++g) grid->fit(r, g, &wq[size_t(r * cols + g * gc)]);

    double meanDiag = 0;
    for (int64_t p = 0; p < cols; ++p) meanDiag += diag[size_t(perm[size_t(p)])];
    meanDiag /= double(cols);

    std::vector<float> u;
    double damp = opt.dampPercent;
    for (;; damp += 0.0025) {
        if (damp >= 1.0)
            throw Error(subject, "the Hessian is not positive definite even with 100 % dampening");
        if (inverseCholeskyUpper(hessian, diag, perm, damp * meanDiag, cols, u, pool)) break;
    }
    if (damp > opt.dampPercent + 1e-12)
        res.notes.push_back("Hessian not positive definite at " + std::to_string(opt.dampPercent * 100) +
                            " % dampening; raised to " + std::to_string(damp * 100) + " %");
    if (cancel) cancel->check();

    const int64_t chunks = (rows + kChunkRows - 1) / kChunkRows;
    auto runChunk = [&](int64_t c) {
        const int64_t r0 = c * kChunkRows, n = std::min(kChunkRows, rows - r0);
        std::vector<float> wp(size_t(n * cols)), err(size_t(n * bs));
        for (int64_t r = 0; r < n; ++r)
            for (int64_t p = 0; p < cols; ++p) wp[size_t(r * cols + p)] = wq[size_t((r0 + r) * cols + perm[size_t(p)])];
        for (int64_t i1 = 0; i1 < cols; i1 += bs) {
            if (cancel) cancel->check();
            const int64_t i2 = std::min(i1 + bs, cols), nb = i2 - i1;
            for (int64_t r = 0; r < n; ++r) {
                float* x = &wp[size_t(r * cols)];
                for (int64_t p = i1; p < i2; ++p) {
                    if (!opt.staticGroups && p % gc == 0) grid->fit(r0 + r, p / gc, x + p);
                    const float q = grid->round(r0 + r, perm[size_t(p)], x[p]);
                    const float* up = &u[size_t(p * cols)];
                    const float e = (x[p] - q) / up[p];
                    err[size_t(r * nb + (p - i1))] = e;
                    for (int64_t k = p + 1; k < i2; ++k) x[k] -= e * up[k];
                }
            }
            if (i2 < cols) // the lazy update of every later column: W[:, i2:] −= Err · U[i1:i2, i2:]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(n), int(cols - i2), int(nb), -1.0f, err.data(), int(nb),
                            &u[size_t(i1 * cols + i2)], int(cols), 1.0f, &wp[size_t(i2)], int(cols));
        }
    };
    if (pool) {
        pool->parallelFor(chunks, runChunk, cancel);
    } else {
        for (int64_t c = 0; c < chunks; ++c) runChunk(c);
    }
    grid->finish(res);
    return res;
}

} // namespace qs
