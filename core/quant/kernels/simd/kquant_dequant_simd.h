#pragma once
// Q2_K … Q6_K and Q8_K dequantization over the lane wrappers of vec.h. Per sub-block the scale and min
// products are formed in scalar exactly as the reference does, then each element gets the same one or two
// float operations, so results are bit-identical to the q*_k_ref.cpp dequantizers.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/simd/vec.h"

namespace qs::quant {
namespace {

template <class V> struct KDequantSimd {
    using F = typename V::F;
    using I = typename V::I;
    static constexpr int W = V::W;

    // (bytes[l] >> shift) & mask for W consecutive bytes.
    static I field(const uint8_t* p, int shift, int mask) { return V::iand(V::shr(V::loadU8(p), shift), V::seti(mask)); }

    static void q2k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ2_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i) {
            const float d = fromHalf(x[i].d), min = fromHalf(x[i].dmin);
            for (int j = 0; j < 16; ++j, y += 16) { // sub-block j: qs[32(j/8) + 16(j%2) + t], bits 2((j/2)%4)
                const uint8_t sc = x[i].scales[j];
                const F dl = V::set1(d * float(sc & 0xF)), ml = V::set1(min * float(sc >> 4));
                const uint8_t* q = x[i].qs + 32 * (j / 8) + 16 * (j % 2);
                for (int t = 0; t < 16; t += W)
                    V::store(y + t, V::sub(V::mul(dl, V::cvt(field(q + t, 2 * ((j / 2) % 4), 3))), ml));
            }
        }
    }

    static void q3k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ3_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i) {
            const float d = fromHalf(x[i].d);
            for (int j = 0; j < 16; ++j, y += 16) {
                const F dl = V::set1(d * float(q3kScale(x[i].scales, j)));
                const uint8_t* q = x[i].qs + 32 * (j / 8) + 16 * (j % 2);
                const uint8_t* hm = x[i].hmask + 16 * (j % 2);
                for (int t = 0; t < 16; t += W) {
                    // low − (high ? 0 : 4) = low − 4 + 4·high, in integers
                    const I low = field(q + t, 2 * ((j / 2) % 4), 3), high = field(hm + t, j / 2, 1);
                    const I v = V::iadd(V::isub(low, V::seti(4)), V::shl(high, 2));
                    V::store(y + t, V::mul(dl, V::cvt(v)));
                }
            }
        }
    }

    // Q4_K and Q5_K share the layout of the low 4 bits; qh == nullptr for Q4_K.
    static void k4(const uint16_t dh, const uint16_t dminh, const uint8_t* scales, const uint8_t* qs,
                   const uint8_t* qh, float* y) {
        const float d = fromHalf(dh), min = fromHalf(dminh);
        for (int j = 0; j < 8; ++j, y += 32) {
            uint8_t sc, m;
            getScaleMinK4(j, scales, &sc, &m);
            const F d1 = V::set1(d * float(sc)), m1 = V::set1(min * float(m));
            for (int t = 0; t < 32; t += W) {
                I q = field(qs + 32 * (j / 2) + t, 4 * (j % 2), 0xF);
                if (qh) q = V::iadd(q, V::shl(field(qh + t, j, 1), 4));
                V::store(y + t, V::sub(V::mul(d1, V::cvt(q)), m1));
            }
        }
    }
    static void q4k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ4_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i, y += QK_K) k4(x[i].d, x[i].dmin, x[i].scales, x[i].qs, nullptr, y);
    }
    static void q5k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ5_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i, y += QK_K) k4(x[i].d, x[i].dmin, x[i].scales, x[i].qs, x[i].qh, y);
    }

    static void q6k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ6_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i) {
            const float d = fromHalf(x[i].d);
            for (int j = 0; j < 16; ++j, y += 16) {
                const int h = j / 8, part = (j % 8) / 2, l0 = 16 * (j % 2);
                const F ds = V::set1(d * float(x[i].scales[j])); // (d·sc)·q as the reference
                const uint8_t* ql = x[i].ql + 64 * h + 32 * (part & 1) + l0;
                const uint8_t* qh = x[i].qh + 32 * h + l0;
                for (int t = 0; t < 16; t += W) {
                    const I low = field(ql + t, part < 2 ? 0 : 4, 0xF), high = field(qh + t, 2 * part, 3);
                    const I q = V::isub(V::ior(low, V::shl(high, 4)), V::seti(32));
                    V::store(y + t, V::mul(ds, V::cvt(q)));
                }
            }
        }
    }

    static void q8k(const void* src, float* y, int64_t n) {
        auto* x = static_cast<const BlockQ8_K*>(src);
        for (int64_t i = 0; i < n / QK_K; ++i) {
            const F d = V::set1(x[i].d);
            for (int t = 0; t < QK_K; t += W, y += W) V::store(y, V::mul(d, V::cvt(V::loadI8(x[i].qs + t))));
        }
    }
};

} // namespace
} // namespace qs::quant
