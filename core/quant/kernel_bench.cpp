#include "core/quant/kernel_bench.h"

#include "core/quant/quantized_matrix.h"
#include "core/quant/rtn.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <thread>

namespace qs {
namespace {

// Runs body(firstRow, rowCount) on `threads` contiguous row ranges; returns the best wall time.
double timeSplit(int64_t rows, const KernelBenchOptions& o, const std::function<void(int64_t, int64_t)>& body) {
    const int threads = std::max(1, std::min<int>(o.threads, int(std::max<int64_t>(rows, 1))));
    double best = 1e300;
    for (int r = 0; r < std::max(1, o.repeats); ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            const int64_t a = rows * t / threads, b = rows * (t + 1) / threads;
            pool.emplace_back([&, a, b] { body(a, b - a); });
        }
        for (auto& th : pool) th.join();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

std::vector<KernelTiming> benchKernels(const float* x, int64_t rows, int64_t rowLength, std::span<const DType> types,
                                       std::span<const SimdIsa> isas, const KernelBenchOptions& options) {
    std::vector<KernelTiming> out;
    const double f32Bytes = double(rows) * double(rowLength) * 4.0;
    std::vector<float> y(size_t(rows * rowLength));
    std::vector<float> importance(static_cast<size_t>(rowLength)); // a deterministic spread over 2^±6
    for (int64_t c = 0; c < rowLength; ++c) importance[size_t(c)] = std::exp2(float((c * 7919) % 1201) / 100.0f - 6.0f);
    for (DType t : types) {
        const TypeTraits* tt = findType(t);
        if (!tt || !tt->isQuantized || rowLength % tt->blockSize) continue;
        const int64_t rb = rowBytes(*tt, rowLength);
        std::vector<uint8_t> q(size_t(rb * rows));
        for (SimdIsa isa : isas) {
            if (!simdSupported(isa)) continue;
            const KernelPair k = kernelsUpTo(t, isa), own = kernelsFor(t, isa);
            if (!k.fromFloat || !k.toFloat) continue;
            KernelTiming r{t, isa, own.fromFloat != nullptr, own.toFloat != nullptr};
            // Whole row ranges per call: blocks are independent, so one call may span many rows.
            r.quantizeSeconds = timeSplit(rows, options, [&](int64_t a, int64_t n) {
                k.fromFloat(x + a * rowLength, q.data() + a * rb, n * rowLength);
            });
            r.dequantizeSeconds = timeSplit(rows, options, [&](int64_t a, int64_t n) {
                k.toFloat(q.data() + a * rb, y.data() + a * rowLength, n * rowLength);
            });
            if (k.fromFloatWeighted) { // row by row: the importances belong to one row's columns
                const double s = timeSplit(rows, options, [&](int64_t a, int64_t n) {
                    for (int64_t i = a; i < a + n; ++i)
                        k.fromFloatWeighted(x + i * rowLength, q.data() + i * rb, rowLength, importance.data());
                });
                r.weightedQuantizeGBps = f32Bytes / s / 1e9;
            }
            r.quantizeGBps = f32Bytes / r.quantizeSeconds / 1e9;
            r.dequantizeGBps = f32Bytes / r.dequantizeSeconds / 1e9;
            out.push_back(r);
        }
    }
    return out;
}

std::vector<GridTiming> benchIntegerGrids(const float* x, int64_t rows, int64_t rowLength, std::span<const QuantSpec> specs,
                                          const KernelBenchOptions& options) {
    std::vector<GridTiming> out;
    const double f32Bytes = double(rows) * double(rowLength) * 4.0;
    std::vector<float> y(size_t(rows * rowLength));
    for (const QuantSpec& spec : specs) {
        if ((spec.grid != QuantGrid::Integer && spec.grid != QuantGrid::NF4) || spec.granularity == Granularity::Tensor ||
            rowLength % spec.groupCols(rowLength))
            continue;
        QuantizedMatrix q;
        q.spec = spec;
        q.rows = rows;
        q.cols = rowLength;
        q.codes.resize(size_t(rows * rowLength));
        q.scales.resize(size_t(spec.groupCount(rows, rowLength)));
        if (spec.grid == QuantGrid::Integer) q.zeros.resize(q.scales.size());
        GridTiming t{spec};
        t.quantizeGBps = f32Bytes / timeSplit(rows, options, [&](int64_t a, int64_t n) { quantizeRtnRows(q, x, a, n); }) / 1e9;
        t.dequantizeGBps = f32Bytes / timeSplit(rows, options, [&](int64_t a, int64_t n) {
            dequantizeRows(q, a, n, y.data() + a * rowLength);
        }) / 1e9;
        out.push_back(t);
    }
    return out;
}

double benchMemcpyGBps(int64_t bytes, const KernelBenchOptions& options) {
    const int64_t chunk = 1 << 20, chunks = std::max<int64_t>(1, bytes / chunk);
    std::vector<uint8_t> src(size_t(chunks * chunk), 1), dst(src.size());
    const double s = timeSplit(chunks, options, [&](int64_t a, int64_t n) {
        std::memcpy(dst.data() + a * chunk, src.data() + a * chunk, size_t(n * chunk));
    });
    return double(src.size()) / s / 1e9;
}

double benchReadGBps(int64_t bytes, const KernelBenchOptions& options) {
    const int64_t chunk = 1 << 18, chunks = std::max<int64_t>(1, bytes / (chunk * 4));
    std::vector<float> src(size_t(chunks * chunk), 1.0f);
    std::vector<float> sums(static_cast<size_t>(chunks));
    const double s = timeSplit(chunks, options, [&](int64_t a, int64_t n) {
        for (int64_t c = a; c < a + n; ++c) {
            // 8 independent partial sums let the compiler keep several vector adds in flight.
            float part[8] = {};
            const float* p = src.data() + c * chunk;
            for (int64_t i = 0; i < chunk; i += 8)
                for (int k = 0; k < 8; ++k) part[k] += p[i + k];
            float total = 0;
            for (float v : part) total += v;
            sums[size_t(c)] = total;
        }
    });
    volatile float sink = sums[0];
    (void)sink;
    return double(src.size()) * 4.0 / s / 1e9;
}

} // namespace qs
