#pragma once
// IEEE binary16 and bfloat16 conversions, bit-exact with ggml's software routines.
#include <bit>
#include <cstdint>

namespace qs {

inline float fp16ToFp32(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1f;
    const uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { // subnormal: normalise
            int e = -1;
            uint32_t m = mant;
            do { m <<= 1; ++e; } while ((m & 0x400) == 0);
            bits = sign | (uint32_t(127 - 15 - e) << 23) | ((m & 0x3ff) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + (127 - 15)) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(bits);
}

// Round to nearest even; overflow to Inf; subnormals kept; NaN -> quiet NaN (0x7e00 | sign).
inline uint16_t fp32ToFp16(float f) {
    // Same algorithm as ggml_compute_fp32_to_fp16 (Maratyszcza's FP16 library).
    const float scaleToInf = std::bit_cast<float>(uint32_t(0x77800000));
    const float scaleToZero = std::bit_cast<float>(uint32_t(0x08800000));
    float fabs = std::bit_cast<float>(std::bit_cast<uint32_t>(f) & 0x7fffffffu);
    float base = (fabs * scaleToInf) * scaleToZero;
    const uint32_t w = std::bit_cast<uint32_t>(f);
    const uint32_t shl1w = w + w;
    const uint32_t sign = w & 0x80000000u;
    uint32_t bias = shl1w & 0xff000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    base = std::bit_cast<float>((bias >> 1) + 0x07800000u) + base;
    const uint32_t bits = std::bit_cast<uint32_t>(base);
    const uint32_t expBits = (bits >> 13) & 0x00007c00u;
    const uint32_t mantBits = bits & 0x00000fffu;
    const uint32_t nonsign = expBits + mantBits;
    return uint16_t((sign >> 16) | (shl1w > 0xff000000u ? 0x7e00u : nonsign));
}

inline float bf16ToFp32(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

inline uint16_t fp32ToBf16(float f) {
    uint32_t u = std::bit_cast<uint32_t>(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 64); // NaN: force quiet
    return uint16_t((u + (0x7fffu + ((u >> 16) & 1))) >> 16);
}

} // namespace qs
