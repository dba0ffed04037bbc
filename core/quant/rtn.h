#pragma once
// Round-to-nearest quantization of a float matrix [rows, cols] (row-major, [out, in]) onto a spec's
// integer or NF4 grid (grid.h, nf4.h). Rows run on the pool in fixed chunks: results are bit-identical
// at any thread count. The caller checks for NaN/Inf first (finite.h).
#include "core/quant/quantized_matrix.h"

#include <vector>

namespace qs {

class CancelToken;

// Throws qs::Error when the spec is not an integer/NF4 grid or does not fit the shape.
QuantizedMatrix quantizeRtn(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec,
                            ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

// The same for rows [row0, row0 + n) of w into q, whose spec, shape, codes, scales and zeros are already
// sized (per-group and per-channel grids only: a per-tensor grid needs the whole matrix first). For
// benches and callers that reuse one QuantizedMatrix.
void quantizeRtnRows(QuantizedMatrix& q, const float* w, int64_t row0, int64_t n);

// W → Ŵ for the calibration-free specs (keep, RTN on any grid incl. GGUF block types through the
// llama.cpp-exact block kernels). Throws qs::Error for methods that need calibration data or a quantizer
// this build lacks.
std::vector<float> fakeQuantize(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec,
                                ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

} // namespace qs
