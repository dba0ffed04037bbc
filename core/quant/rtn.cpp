#include "core/quant/rtn.h"

#include "core/quant/grid.h"
#include "core/quant/kernels/dispatch.h"
#include "core/quant/kernels/intgrid.h"
#include "core/quant/nf4.h"
#include "core/quant/range.h"
#include "core/quant/row_chunks.h"
#include "core/util/error.h"

namespace qs {
namespace {

void quantizeRowsInteger(QuantizedMatrix& q, const float* w, int64_t row0, int64_t n, std::vector<float>& scratch) {
    const int32_t qmax = maxCode(q.spec.bits);
    const int64_t gc = q.spec.groupCols(q.cols), groupsPerRow = q.cols / gc;
    const bool perTensor = q.spec.granularity == Granularity::Tensor;
    const bool minMax = q.spec.range == RangeMode::MinMax;
    const IntGridKernels& k = intGridKernels();
    for (int64_t r = row0; r < row0 + n; ++r) {
        for (int64_t j = 0; j < groupsPerRow; ++j) {
            const float* x = w + r * q.cols + j * gc;
            const size_t gi = perTensor ? 0 : size_t(r * groupsPerRow + j);
            if (!perTensor) {
                ValueRange range;
                // Min-max straight from the kernel: the same as calibrateRange, but routing every group through
                // its call chain halved the g64 throughput (measured with bench quant).
                if (minMax) k.minMax(x, gc, &range.lo, &range.hi);
                else range = calibrateRange(x, gc, q.spec, scratch);
                const GroupGrid g = gridForRange(range.lo, range.hi, q.spec);
                q.scales[gi] = g.scale;
                q.zeros[gi] = g.zero;
            }
            k.encode(x, gc, q.scales[gi], q.zeros[gi], qmax, q.codes.data() + r * q.cols + j * gc);
        }
    }
}

void quantizeRowsNf4(QuantizedMatrix& q, const float* w, int64_t row0, int64_t n) {
    const auto block = intGridKernels().nf4Block;
    for (int64_t r = row0; r < row0 + n; ++r)
        for (int64_t b = 0; b < q.cols; b += kNf4BlockSize)
            q.scales[size_t(q.group(r, b))] = block(w + r * q.cols + b, kNf4BlockSize, q.codes.data() + r * q.cols + b);
}

} // namespace

void quantizeRtnRows(QuantizedMatrix& q, const float* w, int64_t row0, int64_t n) {
    if (q.spec.grid == QuantGrid::NF4) {
        quantizeRowsNf4(q, w, row0, n);
        return;
    }
    if (q.spec.granularity == Granularity::Tensor) throw Error("spec '" + q.spec.toString() + "'", "internal: per-tensor grid quantized by rows");
    std::vector<float> scratch;
    quantizeRowsInteger(q, w, row0, n, scratch);
}

QuantizedMatrix quantizeRtn(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, ThreadPool* pool,
                            const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    if (spec.grid != QuantGrid::Integer && spec.grid != QuantGrid::NF4)
        throw Error("spec '" + spec.toString() + "'", "round-to-nearest here needs an integer or NF4 grid");
    QuantizedMatrix q;
    q.spec = spec;
    q.rows = rows;
    q.cols = cols;
    q.codes.resize(size_t(rows * cols));
    const int64_t groups = spec.groupCount(rows, cols);
    q.scales.resize(size_t(groups));
    if (spec.grid == QuantGrid::Integer) q.zeros.resize(size_t(groups));

    if (spec.grid == QuantGrid::Integer && spec.granularity == Granularity::Tensor) {
        // One grid for the whole (contiguous) matrix, fitted before the rows are encoded.
        std::vector<float> scratch;
        const ValueRange range = calibrateRange(w, rows * cols, spec, scratch);
        const GroupGrid g = gridForRange(range.lo, range.hi, spec);
        q.scales[0] = g.scale;
        q.zeros[0] = g.zero;
    }
    forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
        if (spec.grid == QuantGrid::NF4) {
            quantizeRowsNf4(q, w, r0, n);
        } else {
            std::vector<float> scratch;
            quantizeRowsInteger(q, w, r0, n, scratch);
        }
    });
    return q;
}

std::vector<float> fakeQuantize(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, ThreadPool* pool,
                                const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    const std::string subject = "spec '" + spec.toString() + "'";
    if (spec.method != QuantMethod::Keep && spec.method != QuantMethod::RTN)
        throw Error(subject, std::string(methodName(spec.method)) + " needs its own quantizer, not plain rounding");
    if (spec.grid == QuantGrid::Integer || spec.grid == QuantGrid::NF4)
        return dequantize(quantizeRtn(w, rows, cols, spec, pool, cancel), pool);

    // Float and GGUF targets: encode and decode each row with the dispatched kernels (bit-identical to the
    // type table's references).
    const TypeTraits& tr = traits(spec.type);
    const KernelPair k = kernels(spec.type);
    if (!k.fromFloat || !k.toFloat) throw Error(subject, "this build has no quantizer for " + std::string(tr.name));
    std::vector<float> out(size_t(rows * cols));
    forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
        std::vector<uint8_t> buf(size_t(rowBytes(tr, cols)));
        for (int64_t r = r0; r < r0 + n; ++r) {
            k.fromFloat(w + r * cols, buf.data(), cols);
            k.toFloat(buf.data(), out.data() + r * cols, cols);
        }
    });
    return out;
}

} // namespace qs
