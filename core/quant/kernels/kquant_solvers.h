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
// make_qkx3_quants as every weighted path calls it (§11.4): the same search as make_qkx2_quants with the
// caller's weights, 37 trials, squared error. Q4_1 shares Q4_K's, Q5_1 Q5_K's.
inline constexpr Qkx2Config kQ2KWeightedConfig{16, 3, -0.9f, 0.05f, 36, false, false};
inline constexpr Qkx2Config kQ4WeightedConfig{32, 15, -0.9f, 0.05f, 36, false, false};
inline constexpr Qkx2Config kQ5WeightedConfig{32, 31, -0.9f, 0.05f, 36, false, false};

struct KQuantSolvers {
    // For each of nsub consecutive sub-blocks s of cfg.n elements: its weights (w + s·n, or computed by
    // cfg's rule when w is null), then scales[s] = make_qkx2_quants(..., L + s·n, &mins[s], ...).
    void (*qkx2)(const Qkx2Config& cfg, const float* x, const float* w, int nsub, uint8_t* L, float* scales,
                 float* mins);
    // scales[s] = make_qx_quants(n, nmax, x + n·s, L + n·s, 1, w ? w + n·s : NULL) for n = 16 or 32
    // (Q6_K, Q3_K's weighted path and its scales, Q4_0/Q5_0's weighted path).
    void (*qx)(int n, int nmax, const float* x, const float* w, int nsub, uint8_t* L, float* scales);
    // scales[s] = make_q3_quants(16, 4, x + 16s, L + 16s, true) (Q3_K).
    void (*q3x16)(const float* x, int nsub, uint8_t* L, float* scales);
    // For each sub-block s of n elements with dd[s] != 0:
    //   L = clamp(nearest_int((x + dm[s]) / dd[s]), lo, hi) − lo;  with dm == nullptr: nearest_int(x / dd[s]).
    // Sub-blocks with dd[s] == 0 keep their L.
    void (*requantize)(const float* x, int nsub, int n, const float* dd, const float* dm, int lo, int hi, uint8_t* L);
};

const KQuantSolvers& scalarSolvers();

// The row quantizers, parameterised by the solvers (the _ref functions pass scalarSolvers()). With
// importances qw (one per element of a single row of n elements) they are llama.cpp's weighted
// quantize_row_*_impl (formats.md §11.5, §11.6); with qw null, the unweighted _ref path.
void quantizeRowQ2KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw = nullptr);
void quantizeRowQ3KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw = nullptr);
void quantizeRowQ4KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw = nullptr);
void quantizeRowQ5KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw = nullptr);
void quantizeRowQ6KWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw = nullptr);
void quantizeRowQ4_0WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw);
void quantizeRowQ4_1WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw);
void quantizeRowQ5_0WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw);
void quantizeRowQ5_1WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw);

// Super-blocks handed to the solvers per call (bounds the drivers' stack buffers).
inline constexpr int kSolverChunkBlocks = 4;

} // namespace qs::quant
