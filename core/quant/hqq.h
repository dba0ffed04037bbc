#pragma once
// HQQ (Badri & Shaji, 2023; mobiusml/hqq Quantizer.quantize with optimize=True, formats.md §10):
// calibration-free. Per group the inverse scale s = min(qmax / (max − min), 2e4) stays fixed; the real-valued
// zero z is refined by the proximal half-quadratic solver (optimize_weights_proximal_legacy): ℓp shrinkage of
// the error, closed-form z, β ← κβ, stopping at the first iteration whose mean |W − Ŵ| over the whole tensor
// does not improve. fp32 throughout (the reference runs fp32 on CPU, fp16 on CUDA).
#include "core/quant/quant_result.h"

namespace qs {

class CancelToken;
class ThreadPool;

struct HqqOptions {
    float lpNorm = 0.7f;
    float beta = 10.0f;
    float kappa = 1.01f;
    int iters = 20;
};

// Integer asymmetric grids only (the zero point is real); result.matrix holds codes, scales (= 1/s) and
// realZeros. Throws qs::Error for other specs.
QuantResult quantizeHqq(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, const HqqOptions& opt = {},
                        ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

} // namespace qs
