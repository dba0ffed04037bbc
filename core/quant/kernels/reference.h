#pragma once
// Scalar reference kernels for ggml's block types, byte-exact with llama.cpp's quantize_row_*_ref and
// dequantize_row_* (formats.md §4). These are the truth that every SIMD variant is tested against.
//
// Contract for every function: n is a multiple of the type's block size; src/dst hold n elements
// (n / block blocks). Inputs must be finite: like llama.cpp, the quantizers do not check for NaN/Inf and
// give meaningless blocks for them — callers refuse such tensors before quantizing (issue-notes.md, issue 3).
#include <cstdint>

namespace qs::quant {

// clang-format off
void dequantizeRowQ4_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ4_1(const void* src, float* dst, int64_t n);
void dequantizeRowQ5_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ5_1(const void* src, float* dst, int64_t n);
void dequantizeRowQ8_0(const void* src, float* dst, int64_t n);
void dequantizeRowQ8_1(const void* src, float* dst, int64_t n); // qs·d (the sum field is not needed)
void dequantizeRowQ2K(const void* src, float* dst, int64_t n);
void dequantizeRowQ3K(const void* src, float* dst, int64_t n);
void dequantizeRowQ4K(const void* src, float* dst, int64_t n);
void dequantizeRowQ5K(const void* src, float* dst, int64_t n);
void dequantizeRowQ6K(const void* src, float* dst, int64_t n);
void dequantizeRowQ8K(const void* src, float* dst, int64_t n);

void quantizeRowQ4_0Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ4_1Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ5_0Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ5_1Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ8_0Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ8_1Ref(const float* src, void* dst, int64_t n);
void quantizeRowQ2KRef(const float* src, void* dst, int64_t n);
void quantizeRowQ3KRef(const float* src, void* dst, int64_t n);
void quantizeRowQ4KRef(const float* src, void* dst, int64_t n);
void quantizeRowQ5KRef(const float* src, void* dst, int64_t n);
void quantizeRowQ6KRef(const float* src, void* dst, int64_t n);
void quantizeRowQ8KRef(const float* src, void* dst, int64_t n);

// Weighted quantizers: llama.cpp's quantize_row_*_impl with an importance matrix (formats.md §11.5, §11.6).
// src is ONE row of n elements (the legacy types use statistics of the whole row); qw holds one importance
// per element (the tensor's imatrix entry divided by ncall, the same for every row). qw == nullptr gives
// the unweighted _ref result, as in llama.cpp.
void quantizeRowQ4_0WeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ4_1WeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ5_0WeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ5_1WeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ2KWeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ3KWeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ4KWeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ5KWeightedRef(const float* src, void* dst, int64_t n, const float* qw);
void quantizeRowQ6KWeightedRef(const float* src, void* dst, int64_t n, const float* qw);
// clang-format on

} // namespace qs::quant
