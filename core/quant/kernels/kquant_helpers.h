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

// make_qx_quants(n, nmax, x, L, rmse_type = 1, qw): symmetric scale fitted with weights qw (x·x when qw
// is null; formats.md §4.4, §11.4). L gets 0…2·nmax−1 (x ≈ scale·(L − nmax)); an all-zero group
// (|max| < 1e-15) gets L = 0 and returns 0.
float makeQxQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw = nullptr);

// make_qp_quants(n, nmax, x, L, qw): one scale, no offset, levels 0…nmax for the (normally non-negative)
// sub-block scales or mins of the weighted K paths (§11.4). L is a byte array with ggml's wrap-around for
// negative levels. Returns the least-squares scale (x ≈ scale·L).
float makeQpQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw);

// The weighted paths' per-block statistics (§11.5, §11.6): Σx² in element order, and the element weights
// w_i = qw_i·sqrtf(sigma2 + x_i²).
float sumSquares(const float* x, int64_t n);
void sigmaWeights(const float* x, const float* qw, float sigma2, int n, float* w);

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
// The same for the weighted paths (§11.6 steps 3–4): make_qp_quants against the sub-block weight sums sw;
// levels above 63 (wrapped negative ones) are clamped to 63 only when clampLevels (Q5_K, not Q4_K).
void quantizeScalesMinsK4Weighted(const float scales[8], const float mins[8], const float sw[8], bool clampLevels,
                                  uint8_t q[12], uint16_t* d, uint16_t* dmin, float dd[8], float dm[8]);

// Sums of consecutive groups of n weights (each sequential from 0): sw[g] = Σ w[g·n … g·n + n − 1].
void groupSums(const float* w, int ngroups, int n, float* sw);

// Q2_K / Q3_K 2-bit packing: element 128h + 32s + l in bits 2s of qs[32h + l].
void pack2BitK(const uint8_t* L, uint8_t* qs);

// Q3_K: stores the 6-bit level u (0…63) of sub-block j into the 12 scale bytes (which start zeroed).
static inline void packQ3KScale(uint8_t* scales, int j, int u) {
    if (j < 8) scales[j] = uint8_t(u & 0xF);
    else scales[j - 8] |= uint8_t((u & 0xF) << 4);
    scales[j % 4 + 8] |= uint8_t((u >> 4) << (2 * (j / 4)));
}

// Q3_K: signed scale S_j of sub-block j from the packed 12 bytes (stored as S_j + 32, formats.md §4.7).
static inline int q3kScale(const uint8_t* scales, int j) {
    const int low = j < 8 ? scales[j] & 0xF : scales[j - 8] >> 4;
    const int high = (scales[8 + j % 4] >> (2 * (j / 4))) & 3;
    return (low | (high << 4)) - 32;
}

} // namespace qs::quant
