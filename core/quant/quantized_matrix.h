#pragma once
// A quantized [rows, cols] matrix in memory, one byte per code: the value that export and metrics consume.
#include "core/quant/spec.h"

#include <cstdint>
#include <vector>

namespace qs {

class ThreadPool;

struct QuantizedMatrix {
    QuantSpec spec;   // integer or NF4 grid
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<uint8_t> codes;  // [rows, cols], 0 … 2^bits − 1 (NF4: 0 … 15)
    std::vector<float> scales;   // one per group, row-major [rows, cols / groupCols]; one for per-tensor.
                                 // fp16-rounded when spec.fp16Scales. NF4: the block's fp32 absmax.
    std::vector<int32_t> zeros;  // integer zero point per group (empty for NF4 and when realZeros is set)
    std::vector<float> realZeros; // HQQ: real-valued zero point per group, instead of zeros
    std::vector<int32_t> columnGroup; // GPTQ act-order (g_idx): group slot of each column within its row,
                                      // so group(r, c) = r · groupsPerRow + columnGroup[c]; empty: c / groupCols

    // Index into scales / zeros for element (row, col).
    int64_t group(int64_t row, int64_t col) const;
    float value(int64_t row, int64_t col) const; // dequantized element
};

// Dequantizes rows [row0, row0 + n) into out ([n, cols]).
void dequantizeRows(const QuantizedMatrix& q, int64_t row0, int64_t n, float* out);
// The whole matrix, rows in parallel on the pool when given (results do not depend on it).
std::vector<float> dequantize(const QuantizedMatrix& q, ThreadPool* pool = nullptr);

} // namespace qs
