#pragma once
// Thin lane-wise wrappers over AVX2 (8 lanes) and AVX-512 (16 lanes) for the generic kernels in this
// folder. Only files under avx2/ or avx512/ include this (they get the ISA flags). Everything has internal
// linkage, so the linker can never hand an AVX-512 copy of a function to a scalar caller.
//
// Exactness: every float operation here is one IEEE operation (no FMA; the core is built with
// -ffp-contract=off, which also stops GCC from fusing _mm*_mul_ps + _mm*_add_ps).
#include <cstdint>
#include <immintrin.h>

namespace qs::quant {
namespace {

#if defined(__AVX2__) && defined(__F16C__)
struct Avx2 {
    static constexpr int W = 8;
    using F = __m256;
    using I = __m256i;
    using M = __m256; // all-ones / all-zeros lanes

    static F load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
    static F set1(float v) { return _mm256_set1_ps(v); }
    static F zero() { return _mm256_setzero_ps(); }
    static F add(F a, F b) { return _mm256_add_ps(a, b); }
    static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
    static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
    static F div(F a, F b) { return _mm256_div_ps(a, b); }
    static F sqrt(F a) { return _mm256_sqrt_ps(a); }
    static F abs(F a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
    static F neg(F a) { return _mm256_xor_ps(a, _mm256_set1_ps(-0.0f)); }
    static F truncate(F a) { return _mm256_round_ps(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
    static F roundEven(F a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
    // Horizontal max / min (values only; which of +0 / -0 comes out is unspecified).
    static float hmax(F a) {
        __m128 m = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        return _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)));
    }
    static float hmin(F a) {
        __m128 m = _mm_min_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        m = _mm_min_ps(m, _mm_movehl_ps(m, m));
        return _mm_cvtss_f32(_mm_min_ss(m, _mm_movehdup_ps(m)));
    }
    static F max(F a, F b) { return _mm256_max_ps(a, b); }
    static F min(F a, F b) { return _mm256_min_ps(a, b); }

    static M lt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
    static M gt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
    static M ge(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GE_OQ); }
    static M eq(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
    static M neq(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_NEQ_UQ); } // C's != (true for NaN)
    static M ieq(I a, I b) { return _mm256_castsi256_ps(_mm256_cmpeq_epi32(a, b)); }
    static M mand(M a, M b) { return _mm256_and_ps(a, b); }
    static M mor(M a, M b) { return _mm256_or_ps(a, b); }
    static M mandnot(M a, M b) { return _mm256_andnot_ps(a, b); } // ~a & b
    static M none() { return _mm256_setzero_ps(); }
    static int bits(M m) { return _mm256_movemask_ps(m); }
    static F select(M m, F t, F f) { return _mm256_blendv_ps(f, t, m); }
    static I iselect(M m, I t, I f) {
        return _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(f), _mm256_castsi256_ps(t), m));
    }

    static I seti(int v) { return _mm256_set1_epi32(v); }
    static I iota() { return _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7); }
    static I iadd(I a, I b) { return _mm256_add_epi32(a, b); }
    static I isub(I a, I b) { return _mm256_sub_epi32(a, b); }
    static I iand(I a, I b) { return _mm256_and_si256(a, b); }
    static I ior(I a, I b) { return _mm256_or_si256(a, b); }
    static I imin(I a, I b) { return _mm256_min_epi32(a, b); }
    static I imax(I a, I b) { return _mm256_max_epi32(a, b); }
    static I shl(I a, int s) { return _mm256_slli_epi32(a, s); }
    static I shr(I a, int s) { return _mm256_srli_epi32(a, s); }
    static I sra(I a, int s) { return _mm256_srai_epi32(a, s); }
    static I shrv(I a, I s) { return _mm256_srlv_epi32(a, s); }
    static F cvt(I a) { return _mm256_cvtepi32_ps(a); }
    static I cvtt(F a) { return _mm256_cvttps_epi32(a); } // 0x80000000 when out of range, as cvttss2si
    static I bitsOf(F a) { return _mm256_castps_si256(a); }
    static int bitsSet(I a, int bit) { // lanes whose bit `bit` is set
        return _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(a, 31 - bit)));
    }
    static I loadU8(const uint8_t* p) { return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))); }
    static I loadI8(const int8_t* p) { return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))); }
    // W consecutive fp16 / bf16 values as floats, bit-identical to half.h (NaN payloads kept, not quieted).
    static F halfsToFloat(const uint16_t* p) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m256i w = _mm256_cvtepu16_epi32(h);
        const __m256i mant = _mm256_and_si256(w, _mm256_set1_epi32(0x3ff));
        const __m256i nanBits = _mm256_or_si256(_mm256_slli_epi32(_mm256_and_si256(w, _mm256_set1_epi32(0x8000)), 16),
                                                _mm256_or_si256(_mm256_set1_epi32(0x7f800000), _mm256_slli_epi32(mant, 13)));
        const __m256i isNan = _mm256_andnot_si256(_mm256_cmpeq_epi32(mant, _mm256_setzero_si256()),
                                                  _mm256_cmpeq_epi32(_mm256_and_si256(w, _mm256_set1_epi32(0x7c00)), _mm256_set1_epi32(0x7c00)));
        return _mm256_blendv_ps(_mm256_cvtph_ps(h), _mm256_castsi256_ps(nanBits), _mm256_castsi256_ps(isNan));
    }
    static F bf16sToFloat(const uint16_t* p) {
        const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
        return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
    }
    // r[i][j] ← r[j][i] for the 8×8 block held in r[0..7].
    static void transpose(F* r) {
        F t[8], u[8];
        for (int i = 0; i < 4; ++i) {
            t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
            t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
        }
        for (int i = 0; i < 2; ++i) {
            u[4 * i + 0] = _mm256_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0x44);
            u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0xEE);
            u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
            u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
        }
        for (int j = 0; j < 4; ++j) {
            r[j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x20);
            r[4 + j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x31);
        }
    }
    static I maskToOne(M m) { return _mm256_srli_epi32(_mm256_castps_si256(m), 31); } // 1 where set
    static F lookup16(const float* t, I idx) { // t[idx], idx in 0..15
        const F lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), idx), hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 8), idx);
        return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28)));
    }
    static void storeU8(uint8_t* p, I v) { // low byte of each lane
        const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                              0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
        const __m256i b = _mm256_shuffle_epi8(v, pick);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p),
                         _mm_unpacklo_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1)));
    }
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) && defined(__AVX512DQ__)
struct Avx512 {
    static constexpr int W = 16;
    using F = __m512;
    using I = __m512i;
    using M = __mmask16;

    static F load(const float* p) { return _mm512_loadu_ps(p); }
    static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
    static F set1(float v) { return _mm512_set1_ps(v); }
    static F zero() { return _mm512_setzero_ps(); }
    static F add(F a, F b) { return _mm512_add_ps(a, b); }
    static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
    static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
    static F div(F a, F b) { return _mm512_div_ps(a, b); }
    static F sqrt(F a) { return _mm512_sqrt_ps(a); }
    static F abs(F a) { return _mm512_abs_ps(a); }
    static F neg(F a) { return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_set1_epi32(int(0x80000000u)))); }
    static F truncate(F a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
    static F roundEven(F a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
    static float hmax(F a) { return _mm512_reduce_max_ps(a); }
    static float hmin(F a) { return _mm512_reduce_min_ps(a); }
    static F max(F a, F b) { return _mm512_max_ps(a, b); }
    static F min(F a, F b) { return _mm512_min_ps(a, b); }

    static M lt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
    static M gt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
    static M ge(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
    static M eq(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
    static M neq(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_NEQ_UQ); }
    static M ieq(I a, I b) { return _mm512_cmpeq_epi32_mask(a, b); }
    static M mand(M a, M b) { return M(a & b); }
    static M mor(M a, M b) { return M(a | b); }
    static M mandnot(M a, M b) { return M(~a & b); }
    static M none() { return 0; }
    static int bits(M m) { return int(m); }
    static F select(M m, F t, F f) { return _mm512_mask_blend_ps(m, f, t); }
    static I iselect(M m, I t, I f) { return _mm512_mask_blend_epi32(m, f, t); }

    static I seti(int v) { return _mm512_set1_epi32(v); }
    static I iota() { return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }
    static I iadd(I a, I b) { return _mm512_add_epi32(a, b); }
    static I isub(I a, I b) { return _mm512_sub_epi32(a, b); }
    static I iand(I a, I b) { return _mm512_and_si512(a, b); }
    static I ior(I a, I b) { return _mm512_or_si512(a, b); }
    static I imin(I a, I b) { return _mm512_min_epi32(a, b); }
    static I imax(I a, I b) { return _mm512_max_epi32(a, b); }
    static I shl(I a, int s) { return _mm512_slli_epi32(a, unsigned(s)); }
    static I shr(I a, int s) { return _mm512_srli_epi32(a, unsigned(s)); }
    static I sra(I a, int s) { return _mm512_srai_epi32(a, unsigned(s)); }
    static I shrv(I a, I s) { return _mm512_srlv_epi32(a, s); }
    static F cvt(I a) { return _mm512_cvtepi32_ps(a); }
    static I cvtt(F a) { return _mm512_cvttps_epi32(a); }
    static I bitsOf(F a) { return _mm512_castps_si512(a); }
    static int bitsSet(I a, int bit) { return int(_mm512_test_epi32_mask(a, _mm512_set1_epi32(1 << bit))); }
    static I loadU8(const uint8_t* p) { return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
    static I loadI8(const int8_t* p) { return _mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
    static F halfsToFloat(const uint16_t* p) {
        const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        const __m512i w = _mm512_cvtepu16_epi32(h);
        const __m512i mant = _mm512_and_si512(w, _mm512_set1_epi32(0x3ff));
        const __m512i nanBits = _mm512_or_si512(_mm512_slli_epi32(_mm512_and_si512(w, _mm512_set1_epi32(0x8000)), 16),
                                                _mm512_or_si512(_mm512_set1_epi32(0x7f800000), _mm512_slli_epi32(mant, 13)));
        const __mmask16 isNan = _mm512_test_epi32_mask(w, _mm512_set1_epi32(0x3ff)) &
                                _mm512_cmpeq_epi32_mask(_mm512_and_si512(w, _mm512_set1_epi32(0x7c00)), _mm512_set1_epi32(0x7c00));
        return _mm512_mask_blend_ps(isNan, _mm512_cvtph_ps(h), _mm512_castsi512_ps(nanBits));
    }
    static F bf16sToFloat(const uint16_t* p) {
        const __m512i w = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
        return _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
    }
    // r[i][j] ← r[j][i] for the 16×16 block held in r[0..15].
    static void transpose(F* r) {
        F t[16];
        for (int i = 0; i < 8; ++i) {
            t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
            t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
        }
        for (int i = 0; i < 4; ++i) {
            r[4 * i + 0] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
            r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
            r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
            r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
        }
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 4; ++j) {
                t[8 * i + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0x88);
                t[8 * i + 4 + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0xdd);
            }
        for (int j = 0; j < 8; ++j) {
            r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
            r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
        }
    }
    static I maskToOne(M m) { return _mm512_maskz_set1_epi32(m, 1); }
    static F lookup16(const float* t, I idx) { return _mm512_permutexvar_ps(idx, _mm512_loadu_ps(t)); }
    static void storeU8(uint8_t* p, I v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(v)); }
};
#endif

// ggml's nearest_int on every lane: the same float addition and bit extraction.
template <class V> typename V::I vNearestInt(typename V::F f) {
    const typename V::I bits = V::bitsOf(V::add(f, V::set1(12582912.0f)));
    return V::isub(V::iand(bits, V::seti(0x007fffff)), V::seti(0x00400000));
}

template <class V> typename V::I clampI(typename V::I v, int lo, int hi) {
    return V::imax(V::seti(lo), V::imin(V::seti(hi), v));
}

// C's float → int8 conversion as x86 compilers emit it: cvttss2si to 32 bits, keep the low byte (signed).
template <class V> typename V::I truncToInt8(typename V::F f) { return V::sra(V::shl(V::cvtt(f), 24), 24); }

// fp16 <-> fp32 with F16C: round-to-nearest-even, identical to ggml's software routine for non-NaN input.
inline uint16_t toHalf(float f) { return uint16_t(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT)); }
inline float fromHalf(uint16_t h) { return _cvtsh_ss(h); }

} // namespace
} // namespace qs::quant
