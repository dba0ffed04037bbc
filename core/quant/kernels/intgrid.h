#pragma once
// The integer-grid (RTN) inner loops behind one run-time dispatch, like the block kernels: a scalar
// reference and AVX2 / AVX-512 versions that give the same bits (tests/core/quant/test_simd_exact.cpp).
// Grids and codes follow grid.h: code = clamp(nearbyint(x / scale) + zero, 0, qmax); x̂ = (code − zero) · scale.
#include "core/quant/kernels/dispatch.h"

#include <cstdint>

namespace qs {

struct IntGridKernels {
    // Smallest and largest value of x[0, n), n ≥ 1 (finite input; which zero sign comes out is unspecified).
    void (*minMax)(const float* x, int64_t n, float* lo, float* hi) = nullptr;
    void (*encode)(const float* x, int64_t n, float scale, int32_t zero, int32_t qmax, uint8_t* codes) = nullptr;
    void (*decode)(const uint8_t* codes, int64_t n, float scale, int32_t zero, float* out) = nullptr;
    // NF4 (nf4.h): one block of n ≤ 64 weights → codes, returns its absmax; and back.
    float (*nf4Block)(const float* x, int64_t n, uint8_t* codes) = nullptr;
    void (*nf4Decode)(const uint8_t* codes, int64_t n, float absmax, float* out) = nullptr;
};

const IntGridKernels& intGridKernels();            // the active ISA's (activeSimd())
IntGridKernels intGridKernelsFor(SimdIsa isa);     // one ISA's own; same support precondition as kernelsFor

namespace quant {
IntGridKernels scalarIntGridKernels();
IntGridKernels avx2IntGridKernels();
IntGridKernels avx512IntGridKernels();
} // namespace quant

} // namespace qs
