// AVX2 + FMA + F16C instantiation of the generic SIMD kernels (8 lanes). FMA is never emitted for the
// kernels' arithmetic (-ffp-contract=off); the flag only tells the compiler the CPU has it.
// GCC 12 reports false -Wmaybe-uninitialized inside the AVX-512 intrinsic headers (_mm512_undefined_*)
// and for the transposed scratch arrays, which are always written before they are read.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "core/quant/kernels/isa_kernels.h"
#include "core/quant/kernels/simd/half_simd.h"
#include "core/quant/kernels/simd/intgrid_simd.h"
#include "core/quant/kernels/simd/kquant_dequant_simd.h"
#include "core/quant/kernels/simd/kquant_solvers_simd.h"
#include "core/quant/kernels/simd/legacy_simd.h"

namespace qs::quant {
namespace {
#define QS_ISA Avx2
#include "core/quant/kernels/simd/isa_table.inc"
#undef QS_ISA
} // namespace

KernelPair avx2KernelsFor(DType t) { return kernelTable(t); }
IntGridKernels avx2IntGridKernels() { return IntGridSimd<Avx2>::table(); }

} // namespace qs::quant
