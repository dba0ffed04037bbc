#pragma once
// The hot inner loops of the K-quant quantizers — the per-sub-block scale searches and the final
// re-quantization — behind function pointers. The block drivers (q*_k_ref.cpp) own everything else
// (scale packing, fp16, bit packing), so a per-ISA version only replaces these loops and must give
// exactly the scalar results.
#include <cstdint>

namespace qs::quant {

// Parameters of make_qkx2_quants for one K type (formats.md §4.4).
struct Qkx2Config {
    int n;          // sub-block size
    int nmax;       // largest level
    float rmin, rdelta;
    int nstep;
    bool useMad;     // error |d| (Q2_K) instead of d²
    bool rmsWeights; // weights sqrtf(Σx²/n) + |x| (Q4_K, Q5_K); otherwise |x| (Q2_K)
};
inline constexpr Qkx2Config kQ2KConfig{16, 3, -0.5f, 0.1f, 15, true, false};
inline constexpr Qkx2Config kQ4KConfig{32, 15, -1.0f, 0.1f, 20, false, true};
inline constexpr Qkx2Config kQ5KConfig{32, 31, -0.5f, 0.1f, 15, false, true};

struct KQuantSolvers {
    // For each of nsub consecutive sub-blocks s of cfg.n elements: its weights, then
    // scales[s] = make_qkx2_quants(..., L + s·n, &mins[s], ...).
    void (*qkx2)(const Qkx2Config& cfg, const float* x, int nsub, uint8_t* L, float* scales, float* mins);
    // scales[s] = make_qx_quants(16, 32, x + 16s, L + 16s, 1, NULL) (Q6_K).
    void (*qx16)(const float* x, int nsub, uint8_t* L, float* scales);
    // scales[s] = make_q3_quants(16, 4, x + 16s, L + 16s, true) (Q3_K).
    void (*q3x16)(const float* x, int nsub, uint8_t* L, float* scales);
    // For each sub-block s of n elements with dd[s] != 0:
    //   L = clamp(nearest_int((x + dm[s]) / dd[s]), lo, hi) − lo;  with dm == nullptr: nearest_int(x / dd[s]).
    // Sub-blocks with dd[s] == 0 keep their L.
    void (*requantize)(const float* x, int nsub, int n, const float* dd, const float* dm, int lo, int hi, uint8_t* L);
};

const KQuantSolvers& scalarSolvers();

// The K-quant row quantizers, parameterised by the solvers (the _ref functions pass scalarSolvers()).
void quantizeRowQ2KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n);
void quantizeRowQ3KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n);
void quantizeRowQ4KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n);
void quantizeRowQ5KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n);
void quantizeRowQ6KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n);

// Super-blocks handed to the solvers per call (bounds the drivers' stack buffers).
inline constexpr int kSolverChunkBlocks = 4;

} // namespace qs::quant
