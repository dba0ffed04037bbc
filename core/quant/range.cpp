#include "core/quant/range.h"

#include "core/quant/grid.h"
#include "core/quant/kernels/intgrid.h"

#include <algorithm>
#include <cmath>

namespace qs {
namespace {

// q-quantile (q in [0, 1]) of v, linear interpolation; reorders v.
float quantile(std::vector<float>& v, double q) {
    const double pos = q * double(v.size() - 1);
    const size_t i = size_t(pos);
    std::nth_element(v.begin(), v.begin() + ptrdiff_t(i), v.end());
    const float a = v[i];
    if (i + 1 >= v.size()) return a;
    const float b = *std::min_element(v.begin() + ptrdiff_t(i) + 1, v.end()); // the next order statistic
    return float(double(a) + (pos - double(i)) * (double(b) - double(a)));
}

ValueRange percentileRange(const float* x, int64_t n, const QuantSpec& spec, std::vector<float>& scratch) {
    const double p = spec.percentile / 100.0;
    if (spec.symmetric) {
        scratch.resize(size_t(n));
        for (int64_t i = 0; i < n; ++i) scratch[size_t(i)] = std::fabs(x[i]);
        const float a = quantile(scratch, p);
        return {-a, a};
    }
    scratch.assign(x, x + n);
    const float hi = quantile(scratch, p);
    const float lo = quantile(scratch, 1.0 - p);
    return {lo, hi};
}

double squaredError(const float* x, int64_t n, const GroupGrid& g, int32_t qmax) {
    double e = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const double d = double(decodeCode(encodeCode(x[i], g, qmax), g)) - double(x[i]);
        e += d * d;
    }
    return e;
}

ValueRange mseRange(const float* x, int64_t n, const QuantSpec& spec) {
    const ValueRange full = minMaxRange(x, n);
    const int32_t qmax = maxCode(spec.bits);
    ValueRange best = full;
    double bestErr = squaredError(x, n, gridForRange(full.lo, full.hi, spec), qmax);
    for (int i = 1; i <= 80; ++i) {
        const float f = 1.0f - float(i) / 100.0f;
        const ValueRange r{full.lo * f, full.hi * f};
        const double err = squaredError(x, n, gridForRange(r.lo, r.hi, spec), qmax);
        if (err < bestErr) {
            bestErr = err;
            best = r;
        }
    }
    return best;
}

} // namespace

ValueRange minMaxRange(const float* x, int64_t n) {
    ValueRange r;
    intGridKernels().minMax(x, n, &r.lo, &r.hi);
    return r;
}

ValueRange calibrateRange(const float* x, int64_t n, const QuantSpec& spec, std::vector<float>& scratch) {
    switch (spec.range) {
    case RangeMode::MinMax: return minMaxRange(x, n);
    case RangeMode::Percentile: return percentileRange(x, n, spec, scratch);
    case RangeMode::Mse: return mseRange(x, n, spec);
    }
    return minMaxRange(x, n);
}

} // namespace qs
