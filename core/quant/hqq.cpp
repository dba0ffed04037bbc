#include "core/quant/hqq.h"

#include "core/quant/grid.h"
#include "core/quant/row_chunks.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace qs {
namespace {

float shrink(float e, float beta, float p) { // generalised soft threshold of the ℓp proximal step
    const float a = std::fabs(e);
    const float t = std::max(a - std::pow(a, p - 1.0f) / beta, 0.0f);
    return e < 0 ? -t : (e > 0 ? t : 0.0f);
}

} // namespace

QuantResult quantizeHqq(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, const HqqOptions& opt,
                        ThreadPool* pool, const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    const std::string subject = "spec '" + spec.toString() + "'";
    if (spec.grid != QuantGrid::Integer || spec.granularity == Granularity::Tensor)
        throw Error(subject, "HQQ needs an integer grid with groups or per-channel parameters");
    if (spec.symmetric) throw Error(subject, "HQQ is asymmetric (its zero point is real-valued)");
    const int64_t gc = spec.groupCols(cols), groups = rows * cols / gc;
    const float qmax = float(maxCode(spec.bits));
    std::vector<float> s(static_cast<size_t>(groups)), z(static_cast<size_t>(groups));
    for (int64_t g = 0; g < groups; ++g) {
        const float* x = w + g * gc;
        const auto [lo, hi] = std::minmax_element(x, x + gc);
        s[size_t(g)] = std::min(qmax / (*hi - *lo), 2e4f); // inf for a constant group, clamped as the reference
        z[size_t(g)] = -*lo * s[size_t(g)];
    }
    auto code = [&](float x, int64_t g) { return std::clamp(std::nearbyint(x * s[size_t(g)] + z[size_t(g)]), 0.0f, qmax); };

    // Group g covers elements [g·gc, (g+1)·gc) of the row-major matrix; chunks are whole rows.
    float beta = opt.beta, best = 1e4f;
    std::vector<double> chunkErr(size_t(rowChunkCount(rows, cols)));
    for (int it = 0; it < opt.iters; ++it) {
        forEachRowChunkIndexed(rows, cols, pool, cancel, [&](int64_t c, int64_t r0, int64_t n) {
            double err = 0;
            for (int64_t g = r0 * cols / gc; g < (r0 + n) * cols / gc; ++g) {
                double zsum = 0;
                for (int64_t i = g * gc; i < (g + 1) * gc; ++i) {
                    const float q = code(w[i], g);
                    const float wr = (q - z[size_t(g)]) / s[size_t(g)];
                    const float we = shrink(w[i] - wr, beta, opt.lpNorm);
                    zsum += double(q - (w[i] - we) * s[size_t(g)]);
                    err += std::fabs(double(w[i] - wr));
                }
                z[size_t(g)] = float(zsum / double(gc)); // this group's next zero; no other chunk reads it
            }
            chunkErr[size_t(c)] = err;
        });
        beta *= opt.kappa;
        double total = 0;
        for (double e : chunkErr) total += e;
        const float current = float(total / double(rows * cols));
        if (current < best) best = current;
        else break; // the reference keeps the zero of this last step
    }

    QuantizedMatrix q;
    q.spec = spec;
    q.rows = rows;
    q.cols = cols;
    q.codes.resize(size_t(rows * cols));
    q.scales.resize(size_t(groups));
    q.realZeros = z;
    for (int64_t g = 0; g < groups; ++g) q.scales[size_t(g)] = 1.0f / s[size_t(g)];
    forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
        for (int64_t i = r0 * cols; i < (r0 + n) * cols; ++i) q.codes[size_t(i)] = uint8_t(code(w[i], i / gc));
    });
    QuantResult res;
    res.spec = spec;
    res.rows = rows;
    res.cols = cols;
    res.weight = dequantize(q, pool);
    res.matrix = std::move(q);
    return res;
}

} // namespace qs
