#pragma once
// Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 quantize and dequantize, written once over the lane wrappers of vec.h
// (V = Avx2 or Avx512) and instantiated by the per-ISA files. Lanes run along the 32 elements of a block;
// each element sees exactly the scalar reference's operations, and the block-wide reductions (absmax,
// min, max) are exact, so results are bit-identical to legacy_ref.cpp.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/simd/vec.h"

#include <cstring>

namespace qs::quant {
namespace {

template <class V> struct LegacySimd {
    using F = typename V::F;
    using I = typename V::I;
    static constexpr int W = V::W;
    static constexpr int N = QK / W; // vectors per block

    static void load(const float* x, F* v) {
        for (int k = 0; k < N; ++k) v[k] = V::load(x + k * W);
    }

    // First element of largest magnitude (sign kept); +0 for an all-zero block — as the scalar scan.
    static float absMaxSigned(const float* x, const F* v) {
        F m = V::abs(v[0]);
        for (int k = 1; k < N; ++k) m = V::max(m, V::abs(v[k]));
        const float amax = V::hmax(m);
        if (amax == 0) return 0.0f;
        // Branch-free: which element holds the maximum is data, and a per-block branch on it mispredicts.
        uint32_t where = 0; // one bit per element of the block (QK = 32)
        for (int k = 0; k < N; ++k) where |= uint32_t(V::bits(V::eq(V::abs(v[k]), V::set1(amax)))) << (k * W);
        return x[__builtin_ctz(where)];
    }

    // The scalar scan keeps the first element equal to the extreme; only ±0 can tell them apart.
    static float firstEqual(const float* x, const F* v, float value) {
        if (value != 0) return value;
        for (int k = 0; k < N; ++k)
            if (const int b = V::bits(V::eq(v[k], V::set1(value)))) return x[k * W + __builtin_ctz(unsigned(b))];
        return value;
    }
    static void minMax(const float* x, const F* v, float* min, float* max) {
        F lo = v[0], hi = v[0];
        for (int k = 1; k < N; ++k) {
            lo = V::min(lo, v[k]);
            hi = V::max(hi, v[k]);
        }
        *min = firstEqual(x, v, V::hmin(lo));
        *max = firstEqual(x, v, V::hmax(hi));
    }

    // qs[j] = q[j] | q[j + 16] << 4 (low bytes, as the scalar uint8 stores).
    static void packNibbles(const I* q, uint8_t* qs) {
        for (int k = 0; k < N / 2; ++k) {
            const I lo = V::iand(q[k], V::seti(0x0F)), hi = V::shl(q[k + N / 2], 4);
            V::storeU8(qs + k * W, V::ior(lo, hi));
        }
    }
    static void packNibblesMasked(const I* q, uint8_t* qs) { // Q5: only the low 4 bits of each level
        I m[N];
        for (int k = 0; k < N; ++k) m[k] = V::iand(q[k], V::seti(0x0F));
        packNibbles(m, qs);
    }
    static void storeQh(const I* q, uint8_t* qh) {
        uint32_t bits = 0;
        for (int k = 0; k < N; ++k) bits |= uint32_t(V::bitsSet(q[k], 4)) << (k * W);
        std::memcpy(qh, &bits, 4); // little-endian, as ggml's memcpy
    }

    // Q4_0 / Q5_0: d = signed absmax / −2^(b−1); level = min(2^b − 1, (int8)(x/d + 2^(b−1) + 0.5)).
    template <class Block, int Bits> static void quantizeSymmetric(const float* x, void* dst, int64_t n) {
        constexpr int half = 1 << (Bits - 1), top = (1 << Bits) - 1;
        auto* y = static_cast<Block*>(dst);
        for (int64_t i = 0; i < n / QK; ++i, x += QK) {
            F v[N];
            load(x, v);
            const float d = absMaxSigned(x, v) / -half;
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = toHalf(d);
            I q[N];
            for (int k = 0; k < N; ++k)
                q[k] = V::imin(V::seti(top), truncToInt8<V>(V::add(V::mul(v[k], V::set1(id)), V::set1(float(half) + 0.5f))));
            packLevels<Bits>(q, y[i]);
        }
    }

    // Q4_1 / Q5_1: d = (max − min) / (2^b − 1), m = min; level = (uint8)((x − min)/d + 0.5), clamped to 15
    // for Q4_1 only (as ggml; Q5_1 keeps the low 5 bits, and cvtt's low bits equal the byte's).
    template <class Block, int Bits> static void quantizeAffine(const float* x, void* dst, int64_t n) {
        constexpr int top = (1 << Bits) - 1;
        auto* y = static_cast<Block*>(dst);
        for (int64_t i = 0; i < n / QK; ++i, x += QK) {
            F v[N];
            load(x, v);
            float min, max;
            minMax(x, v, &min, &max);
            const float d = (max - min) / top;
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = toHalf(d);
            y[i].m = toHalf(min);
            I q[N];
            for (int k = 0; k < N; ++k) {
                const F t = V::add(V::mul(V::sub(v[k], V::set1(min)), V::set1(id)), V::set1(0.5f));
                if constexpr (Bits == 4) q[k] = V::imin(V::seti(top), truncToInt8<V>(t));
                else q[k] = V::cvtt(t);
            }
            packLevels<Bits>(q, y[i]);
        }
    }

    template <int Bits, class Block> static void packLevels(const I* q, Block& b) {
        if constexpr (Bits == 4) {
            packNibbles(q, b.qs);
        } else {
            packNibblesMasked(q, b.qs);
            storeQh(q, b.qh);
        }
    }

    static void quantizeQ4_0(const float* x, void* dst, int64_t n) { quantizeSymmetric<BlockQ4_0, 4>(x, dst, n); }
    static void quantizeQ5_0(const float* x, void* dst, int64_t n) { quantizeSymmetric<BlockQ5_0, 5>(x, dst, n); }
    static void quantizeQ4_1(const float* x, void* dst, int64_t n) { quantizeAffine<BlockQ4_1, 4>(x, dst, n); }
    static void quantizeQ5_1(const float* x, void* dst, int64_t n) { quantizeAffine<BlockQ5_1, 5>(x, dst, n); }

    // roundf (half away from zero): t − trunc(t) is exact, so compare the fraction with ±0.5.
    static F roundHalfAway(F t) {
        const F r = V::truncate(t), f = V::sub(t, r);
        const F up = V::select(V::ge(f, V::set1(0.5f)), V::add(r, V::set1(1.0f)), r);
        return V::select(V::ge(V::set1(-0.5f), f), V::sub(r, V::set1(1.0f)), up);
    }

    static void quantizeQ8_0(const float* x, void* dst, int64_t n) {
        auto* y = static_cast<BlockQ8_0*>(dst);
        for (int64_t i = 0; i < n / QK; ++i, x += QK) {
            F v[N];
            load(x, v);
            F m = V::abs(v[0]);
            for (int k = 1; k < N; ++k) m = V::max(m, V::abs(v[k]));
            const float d = V::hmax(m) / 127;
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = toHalf(d);
            for (int k = 0; k < N; ++k)
                V::storeU8(reinterpret_cast<uint8_t*>(y[i].qs) + k * W, V::cvtt(roundHalfAway(V::mul(v[k], V::set1(id)))));
        }
    }

    static void dequantizeQ4_0(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ4_0*>(src);
        for (int64_t i = 0; i < n / QK; ++i, y += QK) {
            const F d = V::set1(fromHalf(x[i].d));
            for (int k = 0; k < N / 2; ++k) {
                const I b = V::loadU8(x[i].qs + k * W);
                V::store(y + k * W, V::mul(V::cvt(V::isub(V::iand(b, V::seti(15)), V::seti(8))), d));
                V::store(y + QK / 2 + k * W, V::mul(V::cvt(V::isub(V::shr(b, 4), V::seti(8))), d));
            }
        }
    }

    static void dequantizeQ4_1(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ4_1*>(src);
        for (int64_t i = 0; i < n / QK; ++i, y += QK) {
            const F d = V::set1(fromHalf(x[i].d)), m = V::set1(fromHalf(x[i].m));
            for (int k = 0; k < N / 2; ++k) {
                const I b = V::loadU8(x[i].qs + k * W);
                V::store(y + k * W, V::add(V::mul(V::cvt(V::iand(b, V::seti(15))), d), m));
                V::store(y + QK / 2 + k * W, V::add(V::mul(V::cvt(V::shr(b, 4)), d), m));
            }
        }
    }

    // Bit 4 of elements j … j+W−1 from the qh word, as lanes holding 0 or 16.
    static I highBits(uint32_t qh, int j) {
        return V::shl(V::iand(V::shrv(V::seti(int(qh)), V::iadd(V::iota(), V::seti(j))), V::seti(1)), 4);
    }

    static void dequantizeQ5_0(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ5_0*>(src);
        for (int64_t i = 0; i < n / QK; ++i, y += QK) {
            const F d = V::set1(fromHalf(x[i].d));
            uint32_t qh;
            std::memcpy(&qh, x[i].qh, 4);
            for (int k = 0; k < N / 2; ++k) {
                const I b = V::loadU8(x[i].qs + k * W);
                const I lo = V::ior(V::iand(b, V::seti(15)), highBits(qh, k * W));
                const I hi = V::ior(V::shr(b, 4), highBits(qh, QK / 2 + k * W));
                V::store(y + k * W, V::mul(V::cvt(V::isub(lo, V::seti(16))), d));
                V::store(y + QK / 2 + k * W, V::mul(V::cvt(V::isub(hi, V::seti(16))), d));
            }
        }
    }

    static void dequantizeQ5_1(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ5_1*>(src);
        for (int64_t i = 0; i < n / QK; ++i, y += QK) {
            const F d = V::set1(fromHalf(x[i].d)), m = V::set1(fromHalf(x[i].m));
            uint32_t qh;
            std::memcpy(&qh, x[i].qh, 4);
            for (int k = 0; k < N / 2; ++k) {
                const I b = V::loadU8(x[i].qs + k * W);
                const I lo = V::ior(V::iand(b, V::seti(15)), highBits(qh, k * W));
                const I hi = V::ior(V::shr(b, 4), highBits(qh, QK / 2 + k * W));
                V::store(y + k * W, V::add(V::mul(V::cvt(lo), d), m));
                V::store(y + QK / 2 + k * W, V::add(V::mul(V::cvt(hi), d), m));
            }
        }
    }

    static void dequantizeQ8_0(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ8_0*>(src);
        for (int64_t i = 0; i < n / QK; ++i, y += QK) {
            const F d = V::set1(fromHalf(x[i].d));
            for (int k = 0; k < N; ++k) V::store(y + k * W, V::mul(V::cvt(V::loadI8(x[i].qs + k * W)), d));
        }
    }
};

} // namespace
} // namespace qs::quant
