#pragma once
// Helper routines of the K-quant reference quantizers (formats.md §4.4, §4.5), bit-exact with ggml-quants.c.
// Every expression keeps ggml's evaluation order; the core is built with -ffp-contract=off.
#include <bit>
#include <cstdint>

namespace qs::quant {

// nearestInt, getScaleMinK4 and q3kScale are `static inline` on purpose: per-ISA files compiled with -mavx512f must never
// emit a shared (COMDAT) copy that the linker could pick for scalar callers.

// ggml's nearest_int: f + 1.5·2^23 rounds half to even, the low mantissa bits are the integer.
// Kept as the literal bit trick (not lrintf) so that out-of-range arguments give ggml's result too.
static inline int nearestInt(float f) {
    const float v = f + 12582912.0f;
    return int(std::bit_cast<int32_t>(v) & 0x007fffff) - 0x00400000;
}

// make_qx_quants(n, nmax, x, L, rmse_type = 1, qw = NULL): symmetric scale with x·x weights.
// L gets 0…2·nmax−1 (x ≈ scale·(L − nmax)); an all-zero group (|max| < 1e-15) gets L = 0 and returns 0.
float makeQxQuants(int n, int nmax, const float* x, uint8_t* L);

// make_q3_quants(n, nmax, x, L, do_rmse = true): symmetric scale refined by up to 5 coordinate sweeps.
float makeQ3Quants(int n, int nmax, const float* x, uint8_t* L);

// make_qkx2_quants: asymmetric scale and min (x ≈ scale·L − *theMin), L in 0…nmax, grid search over
// nstep+1 candidate scales. Laux is scratch of n bytes.
float makeQkx2Quants(int n, int nmax, const float* x, const float* w, uint8_t* L, float* theMin, uint8_t* Laux,
                     float rmin, float rdelta, int nstep, bool useMad);

// The 6-bit scale/min packing of Q4_K and Q5_K (get_scale_min_k4 and its writer).
void packScaleMinK4(const uint8_t sc[8], const uint8_t m[8], uint8_t q[12]);
static inline void getScaleMinK4(int j, const uint8_t* q, uint8_t* sc, uint8_t* m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = uint8_t((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4));
        *m = uint8_t((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

// Q4_K / Q5_K steps 2–4 of formats.md §4.8: quantize 8 sub-block scales and mins to 6 bits against their
// maxima, pack them, store fp16 d/dmin, and return each sub-block's effective dd = d·sc and dm = dmin·m.
void quantizeScalesMinsK4(const float scales[8], const float mins[8], uint8_t q[12], uint16_t* d, uint16_t* dmin,
                          float dd[8], float dm[8]);

// Q2_K / Q3_K 2-bit packing: element 128h + 32s + l in bits 2s of qs[32h + l].
void pack2BitK(const uint8_t* L, uint8_t* qs);

// Q3_K: signed scale S_j of sub-block j from the packed 12 bytes (stored as S_j + 32, formats.md §4.7).
static inline int q3kScale(const uint8_t* scales, int j) {
    const int low = j < 8 ? scales[j] & 0xF : scales[j - 8] >> 4;
    const int high = (scales[8 + j % 4] >> (2 * (j / 4))) & 3;
    return (low | (high << 4)) - 32;
}

} // namespace qs::quant
