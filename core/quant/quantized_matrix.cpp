#include "core/quant/quantized_matrix.h"

#include "core/quant/grid.h"
#include "core/quant/kernels/intgrid.h"
#include "core/quant/nf4.h"
#include "core/quant/row_chunks.h"

namespace qs {

int64_t QuantizedMatrix::group(int64_t row, int64_t col) const {
    if (spec.grid == QuantGrid::Integer && spec.granularity == Granularity::Tensor) return 0;
    const int64_t g = spec.groupCols(cols);
    if (!columnGroup.empty()) return row * (cols / g) + columnGroup[size_t(col)];
    return row * (cols / g) + col / g;
}

float QuantizedMatrix::value(int64_t row, int64_t col) const {
    const uint8_t c = codes[size_t(row * cols + col)];
    const int64_t g = group(row, col);
    if (spec.grid == QuantGrid::NF4) return nf4Decode(c, scales[size_t(g)]);
    if (!realZeros.empty()) return (float(c) - realZeros[size_t(g)]) * scales[size_t(g)];
    return decodeCode(c, GroupGrid{scales[size_t(g)], zeros[size_t(g)]});
}

void dequantizeRows(const QuantizedMatrix& q, int64_t row0, int64_t n, float* out) {
    if (!q.columnGroup.empty() || !q.realZeros.empty()) { // scattered groups or real zeros: element by element
        for (int64_t r = row0; r < row0 + n; ++r)
            for (int64_t c = 0; c < q.cols; ++c) out[(r - row0) * q.cols + c] = q.value(r, c);
        return;
    }
    const int64_t gc = q.spec.groupCols(q.cols);
    const auto decode = intGridKernels().decode;
    const auto nf4 = intGridKernels().nf4Decode;
    for (int64_t r = row0; r < row0 + n; ++r) {
        const uint8_t* c = q.codes.data() + r * q.cols;
        float* o = out + (r - row0) * q.cols;
        for (int64_t g0 = 0; g0 < q.cols; g0 += gc) {
            const size_t gi = size_t(q.group(r, g0));
            if (q.spec.grid == QuantGrid::NF4) {
                nf4(c + g0, gc, q.scales[gi], o + g0);
            } else {
                decode(c + g0, gc, q.scales[gi], q.zeros[gi], o + g0);
            }
        }
    }
}

std::vector<float> dequantize(const QuantizedMatrix& q, ThreadPool* pool) {
    std::vector<float> out(size_t(q.rows * q.cols));
    forEachRowChunk(q.rows, q.cols, pool, nullptr,
                    [&](int64_t r0, int64_t n) { dequantizeRows(q, r0, n, out.data() + r0 * q.cols); });
    return out;
}

} // namespace qs
