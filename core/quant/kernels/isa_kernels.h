#pragma once
// Per-ISA kernel tables, defined in avx2/ and avx512/ (compiled with those instruction sets).
// Only dispatch.cpp calls these, and only after checking CPU support.
#include "core/quant/kernels/dispatch.h"

namespace qs::quant {

KernelPair avx2KernelsFor(DType t);
KernelPair avx512KernelsFor(DType t);

} // namespace qs::quant
