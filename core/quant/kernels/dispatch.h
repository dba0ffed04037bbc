#pragma once
// The one run-time dispatch point for the block kernels: picks, per type, the best variant the CPU runs
// (AVX-512 > AVX2 > scalar reference). Every SIMD variant is bit-identical to the scalar reference
// (tests/core/quant/test_simd_*.cpp), so the choice never changes results, only speed.
// Environment override for testing: QS_SIMD=scalar|avx2|avx512 (an ISA the CPU lacks falls back to the
// best one it has).
#include "core/quant/types.h"

#include <optional>
#include <string_view>

namespace qs {

enum class SimdIsa { Scalar, Avx2, Avx512 };

struct KernelPair {
    DequantizeRowFn toFloat = nullptr;
    QuantizeRowFn fromFloat = nullptr;
    QuantizeRowWeightedFn fromFloatWeighted = nullptr; // with imatrix importances; null where the type ignores them
};

std::string_view simdName(SimdIsa isa);
std::optional<SimdIsa> parseSimd(std::string_view name);
bool simdSupported(SimdIsa isa);   // CPU (and OS) support, checked with CPUID
SimdIsa activeSimd();              // best supported, or QS_SIMD's choice; fixed at first use

// The dispatched kernels for a type (for plain types: the type table's own conversions). Members are
// null only where the type has none (integer dtypes).
KernelPair kernels(DType t);

// Exactly one ISA's own variants, for tests and benches: a null member means that ISA has no variant of
// its own for the type (the scalar ISA returns the references). Must not be called for an ISA the CPU
// does not support (simdSupported) — the returned code would not run.
KernelPair kernelsFor(DType t, SimdIsa isa);

// What dispatch would pick if `isa` were the active ISA: its own variants, falling back member by member
// to the lower ISAs and finally the scalar reference. Same support precondition as kernelsFor.
KernelPair kernelsUpTo(DType t, SimdIsa isa);

} // namespace qs
