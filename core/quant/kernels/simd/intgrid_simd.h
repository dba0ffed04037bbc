#pragma once
// Integer-grid RTN loops (intgrid.h) over the lane wrappers: the same IEEE operations as grid.h's
// encodeCode / decodeCode lane by lane (division, round-half-even, add, clamps with the scalar fmax/fmin
// operand order, so a NaN quotient clamps to 0 as fmax does), hence bit-identical codes and values.
#include "core/quant/kernels/intgrid.h"
#include "core/quant/grid.h"
#include "core/quant/nf4.h"
#include "core/quant/kernels/simd/vec.h"

#include <algorithm>

namespace qs::quant {
namespace {

template <class V> struct IntGridSimd {
    using F = typename V::F;
    static constexpr int W = V::W;

    static void minMax(const float* x, int64_t n, float* lo, float* hi) {
        int64_t i = 0;
        float a = x[0], b = x[0];
        if (n >= W) {
            F vlo = V::load(x), vhi = vlo;
            for (i = W; i + W <= n; i += W) {
                const F v = V::load(x + i);
                vlo = V::min(vlo, v);
                vhi = V::max(vhi, v);
            }
            a = V::hmin(vlo);
            b = V::hmax(vhi);
        }
        for (; i < n; ++i) {
            a = std::min(a, x[i]);
            b = std::max(b, x[i]);
        }
        *lo = a;
        *hi = b;
    }

    static void encode(const float* x, int64_t n, float scale, int32_t zero, int32_t qmax, uint8_t* codes) {
        const F s = V::set1(scale), z = V::set1(float(zero)), top = V::set1(float(qmax));
        int64_t i = 0;
        for (; i + W <= n; i += W) {
            const F q = V::add(V::roundEven(V::div(V::load(x + i), s)), z);
            V::storeU8(codes + i, V::cvtt(V::min(V::max(q, V::zero()), top)));
        }
        const GroupGrid g{scale, zero};
        for (; i < n; ++i) codes[i] = encodeCode(x[i], g, qmax);
    }

    static void decode(const uint8_t* codes, int64_t n, float scale, int32_t zero, float* out) {
        const F s = V::set1(scale);
        const auto z = V::seti(zero);
        int64_t i = 0;
        for (; i + W <= n; i += W) V::store(out + i, V::mul(V::cvt(V::isub(V::loadU8(codes + i), z)), s));
        const GroupGrid g{scale, zero};
        for (; i < n; ++i) out[i] = decodeCode(codes[i], g);
    }

    // NF4: absmax with max (no NaN here: input is checked finite), code = number of level midpoints the
    // scaled value exceeds (the same 15 compares as nf4Code), decode by a 16-entry table lookup.
    static float nf4Block(const float* x, int64_t n, uint8_t* codes) {
        if (n % W) return nf4QuantizeBlock(x, n, codes);
        F amax = V::zero();
        for (int64_t i = 0; i < n; i += W) amax = V::max(amax, V::abs(V::load(x + i)));
        const float absmax = V::hmax(amax);
        if (!(absmax > 0.0f)) return nf4QuantizeBlock(x, n, codes);
        const F a = V::set1(absmax);
        static const auto thresholds = nf4Thresholds();
        for (int64_t i = 0; i < n; i += W) {
            const F v = V::div(V::load(x + i), a);
            auto code = V::seti(0);
            for (float t : thresholds) code = V::iadd(code, V::maskToOne(V::gt(v, V::set1(t))));
            V::storeU8(codes + i, code);
        }
        return absmax;
    }

    static void nf4Decode(const uint8_t* codes, int64_t n, float absmax, float* out) {
        const F a = V::set1(absmax);
        int64_t i = 0;
        for (; i + W <= n; i += W)
            V::store(out + i, V::mul(V::lookup16(kNf4Levels.data(), V::iand(V::loadU8(codes + i), V::seti(15))), a));
        for (; i < n; ++i) out[i] = qs::nf4Decode(codes[i], absmax);
    }

    static IntGridKernels table() { return {minMax, encode, decode, nf4Block, nf4Decode}; }
};

} // namespace
} // namespace qs::quant
