#include "core/runtime/ops.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace qs {
namespace {

constexpr int64_t kSpan = 1 << 16; // values per task; results do not depend on it

void forSpans(ThreadPool& pool, int64_t n, const std::function<void(int64_t, int64_t)>& fn) {
    pool.parallelFor((n + kSpan - 1) / kSpan, [&](int64_t s) { fn(s * kSpan, std::min(n, (s + 1) * kSpan)); });
}

} // namespace

void rmsNorm(ThreadPool& pool, const float* x, int64_t m, int64_t d, const float* weight, double eps, float* out) {
    const float epsF = float(eps);
    const int64_t rowsPerTask = std::max<int64_t>(1, kSpan / d);
    pool.parallelFor((m + rowsPerTask - 1) / rowsPerTask, [&](int64_t t) {
        for (int64_t r = t * rowsPerTask; r < std::min(m, (t + 1) * rowsPerTask); ++r) {
            const float* xr = x + r * d;
            double ss = 0; // the fp32 mean of squares, rounded once
            for (int64_t i = 0; i < d; ++i) ss += double(xr[i]) * double(xr[i]);
            const float scale = 1.0f / std::sqrt(float(ss / double(d)) + epsF);
            for (int64_t i = 0; i < d; ++i) out[r * d + i] = weight[i] * (xr[i] * scale);
        }
    });
}

void swiglu(ThreadPool& pool, float* gate, const float* up, int64_t n) {
    forSpans(pool, n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
    });
}

void addInPlace(ThreadPool& pool, float* x, const float* y, int64_t n) {
    forSpans(pool, n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) x[i] += y[i];
    });
}

} // namespace qs
