#pragma once
// The integer (affine) grid shared by RTN, GPTQ and AWQ: w ≈ (q − zero) · scale, q in [0, 2^bits − 1].
// Asymmetric follows the authors' RTN (llm-awq pseudo_quantize_tensor, metrics.json → formulas):
//   scale = max(hi − lo, 1e-5) / (2^b − 1), zero = clamp(round(−lo / scale), 0, 2^b − 1).
// Symmetric follows GPTQ's Quantizer (formats.md §8.5), the form GPTQ checkpoints store:
//   a = max(|lo|, |hi|) (1 if 0), scale = 2a / (2^b − 1), zero = 2^(b−1).
// Codes: q = clamp(round(w / scale) + zero, 0, 2^b − 1), round half to even, all in fp32 as the references.
#include "core/quant/spec.h"

#include <cmath>
#include <cstdint>

namespace qs {

struct GroupGrid {
    float scale = 1.0f;
    int32_t zero = 0;
};

// std::nearbyint in the default rounding mode (half to even), without a libm call on baseline x86-64:
// below 2^23 adding and removing 2^23 rounds to an integer in hardware; larger values are integers already.
inline float roundHalfEven(float v) {
    const float a = std::fabs(v);
    if (!(a < 8388608.0f)) return v; // |v| ≥ 2^23 (already an integer), Inf or NaN
    return std::copysign((a + 8388608.0f) - 8388608.0f, v);
}

inline int32_t maxCode(int bits) { return (int32_t(1) << bits) - 1; }

// Grid for a calibrated range [lo, hi]; with spec.fp16Scales the scale is rounded to fp16 first, so
// the zero point and codes are computed with the scale the checkpoint will hold.
GroupGrid gridForRange(float lo, float hi, const QuantSpec& spec);

inline uint8_t encodeCode(float w, const GroupGrid& g, int32_t qmax) {
    const float q = roundHalfEven(w / g.scale) + float(g.zero);
    return uint8_t(std::fmin(std::fmax(q, 0.0f), float(qmax)));
}

inline float decodeCode(uint8_t q, const GroupGrid& g) { return float(int32_t(q) - g.zero) * g.scale; }

} // namespace qs
