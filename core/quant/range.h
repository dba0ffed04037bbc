#pragma once
// Range calibration for the integer grid: which [lo, hi] a group's grid should cover.
//   minmax      the group's min and max
//   percentile  asymmetric: the (100 − p)-th and p-th percentiles of w; symmetric: ±(p-th percentile of |w|)
//               (linear interpolation between order statistics, as numpy's default)
//   mse         the min-max range shrunk by f = 1.00, 0.99, …, 0.20 (GPTQ Quantizer's mse grid: 100 steps,
//               max shrink 0.8), keeping the f with the least squared error; ties keep the wider range
#include "core/quant/spec.h"

#include <cstdint>
#include <vector>

namespace qs {

struct ValueRange {
    float lo = 0.0f;
    float hi = 0.0f;
};

ValueRange minMaxRange(const float* x, int64_t n);

// `scratch` is reused between calls to avoid allocations (percentile only).
ValueRange calibrateRange(const float* x, int64_t n, const QuantSpec& spec, std::vector<float>& scratch);

} // namespace qs
