#pragma once
// F16 and BF16 rows to F32 (the conversion every F16/BF16 model read goes through). Bit-identical to
// half.h's software routines on all 65,536 inputs: F16C is exact for finite values and infinities; for NaN
// it sets the quiet bit, so NaN lanes are rebuilt the software way (sign | all-ones exponent | mantissa).
#include "core/quant/kernels/simd/vec.h"
#include "core/util/half.h"

#include <cstring>

namespace qs::quant {
namespace {

template <class V> struct HalfSimd {
    static constexpr int W = V::W;

    static void f16ToFloat(const void* src, float* dst, int64_t n) {
        const auto* s = static_cast<const uint16_t*>(src);
        int64_t i = 0;
        for (; i + W <= n; i += W) V::store(dst + i, V::halfsToFloat(s + i));
        for (; i < n; ++i) dst[i] = fp16ToFp32(s[i]);
    }

    static void bf16ToFloat(const void* src, float* dst, int64_t n) {
        const auto* s = static_cast<const uint16_t*>(src);
        int64_t i = 0;
        for (; i + W <= n; i += W) V::store(dst + i, V::bf16sToFloat(s + i));
        for (; i < n; ++i) dst[i] = bf16ToFp32(s[i]);
    }
};

} // namespace
} // namespace qs::quant
