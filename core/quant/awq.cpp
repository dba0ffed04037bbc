#include "core/quant/awq.h"

#include "core/quant/grid.h"
#include "core/quant/hessian.h"
#include "core/quant/kernels/dispatch.h"
#include "core/quant/range.h"
#include "core/quant/row_chunks.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace qs {
namespace {

using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

QuantSpec roundingSpec(const QuantSpec& spec) {
    QuantSpec s = spec;
    s.method = QuantMethod::RTN;
    if (s.grid != QuantGrid::Integer && s.grid != QuantGrid::Gguf)
        throw Error("spec '" + spec.toString() + "'", "AWQ needs an integer grid or a GGUF block type");
    return s;
}

int64_t clipGroupCols(const QuantSpec& s, int64_t cols) {
    return s.grid == QuantGrid::Gguf ? traits(s.type).blockSize : s.groupCols(cols);
}

// Round-to-nearest of one clip group (n values) on the target grid, into out.
void quantizeGroup(const float* x, int64_t n, const QuantSpec& s, float* out, std::vector<float>& scratch,
                   std::vector<uint8_t>& bytes) {
    if (s.grid == QuantGrid::Gguf) {
        const KernelPair k = kernels(s.type);
        bytes.resize(size_t(rowBytes(traits(s.type), n)));
        k.fromFloat(x, bytes.data(), n);
        k.toFloat(bytes.data(), out, n);
        return;
    }
    const ValueRange r = calibrateRange(x, n, s, scratch);
    const GroupGrid g = gridForRange(r.lo, r.hi, s);
    const int32_t qmax = maxCode(s.bits);
    for (int64_t i = 0; i < n; ++i) out[i] = decodeCode(encodeCode(x[i], g, qmax), g);
}

// Clamps each (row, group) of ws [rows, cols] in place to the candidate range with the least e H_gg eᵀ.
void clipSearch(float* ws, int64_t rows, int64_t cols, const std::vector<float>& hs, const QuantSpec& s,
                const AwqOptions& opt, ThreadPool* pool, const CancelToken* cancel) {
    const int64_t gc = clipGroupCols(s, cols), groups = cols / gc;
    const int candidates = int(opt.clipMaxShrink * opt.clipGrid);
    if (candidates <= 0) return; // no clipping asked for
    std::vector<MatF> hg(static_cast<size_t>(groups));
    for (int64_t k = 0; k < groups; ++k) {
        hg[size_t(k)].resize(gc, gc);
        for (int64_t a = 0; a < gc; ++a)
            for (int64_t b = 0; b < gc; ++b) hg[size_t(k)](a, b) = hs[size_t((k * gc + a) * cols + k * gc + b)];
    }
    forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
        std::vector<float> scratch, clipped(static_cast<size_t>(gc));
        std::vector<uint8_t> bytes;
        MatF e(n, gc);
        for (int64_t k = 0; k < groups; ++k) {
            std::vector<float> bestMax(static_cast<size_t>(n)), bestErr(static_cast<size_t>(n), INFINITY), absmax(static_cast<size_t>(n));
            for (int64_t r = 0; r < n; ++r) {
                const float* x = ws + (r0 + r) * cols + k * gc;
                float m = 0;
                for (int64_t i = 0; i < gc; ++i) m = std::max(m, std::fabs(x[i]));
                absmax[size_t(r)] = m;
                bestMax[size_t(r)] = m; // unclipped unless a candidate measures better
            }
            for (int c = 0; c < candidates; ++c) {
                const float f = 1.0f - float(c) / float(opt.clipGrid);
                for (int64_t r = 0; r < n; ++r) {
                    const float* x = ws + (r0 + r) * cols + k * gc;
                    const float mv = absmax[size_t(r)] * f;
                    for (int64_t i = 0; i < gc; ++i) clipped[size_t(i)] = std::clamp(x[i], -mv, mv);
                    quantizeGroup(clipped.data(), gc, s, clipped.data(), scratch, bytes);
                    for (int64_t i = 0; i < gc; ++i) e(r, i) = x[i] - clipped[size_t(i)];
                }
                const MatF eh = e * hg[size_t(k)];
                for (int64_t r = 0; r < n; ++r) {
                    const float err = eh.row(r).dot(e.row(r));
                    if (err < bestErr[size_t(r)]) bestErr[size_t(r)] = err, bestMax[size_t(r)] = absmax[size_t(r)] * f;
                }
            }
            for (int64_t r = 0; r < n; ++r) {
                float* x = ws + (r0 + r) * cols + k * gc;
                for (int64_t i = 0; i < gc; ++i) x[i] = std::clamp(x[i], -bestMax[size_t(r)], bestMax[size_t(r)]);
            }
        }
    });
}

} // namespace

std::vector<float> awqWeightMean(const std::vector<AwqLayerRef>& layers, int64_t cols, int64_t groupCols) {
    std::vector<double> sum(static_cast<size_t>(cols), 0.0);
    int64_t rows = 0;
    for (const AwqLayerRef& l : layers) {
        for (int64_t r = 0; r < l.rows; ++r) {
            const float* w = l.w + r * cols;
            for (int64_t g0 = 0; g0 < cols; g0 += groupCols) {
                float amax = 0;
                for (int64_t c = g0; c < g0 + groupCols; ++c) amax = std::max(amax, std::fabs(w[c]));
                for (int64_t c = g0; c < g0 + groupCols; ++c) sum[size_t(c)] += double(std::fabs(w[c]) / (amax + 1e-6f));
            }
        }
        rows += l.rows;
    }
    std::vector<float> mean(static_cast<size_t>(cols));
    for (int64_t c = 0; c < cols; ++c) mean[size_t(c)] = float(sum[size_t(c)] / double(std::max<int64_t>(rows, 1)));
    return mean;
}

std::vector<float> awqCandidateScales(const std::vector<double>& meanAbs, const std::vector<float>& wMean, double alpha) {
    std::vector<float> sc(meanAbs.size());
    for (size_t c = 0; c < sc.size(); ++c) {
        float v = std::pow(float(meanAbs[c]), float(alpha));
        if (!wMean.empty()) v /= std::pow(wMean[c], float(1.0 - alpha)) + 1e-4f;
        sc[c] = std::max(v, 1e-4f);
    }
    const auto [mn, mx] = std::minmax_element(sc.begin(), sc.end());
    const float norm = std::sqrt(*mx * *mn);
    for (float& v : sc) v /= norm;
    return sc;
}

int64_t awqDuoGroupCols(const QuantSpec& spec, int64_t cols) {
    if (spec.grid == QuantGrid::Integer) return spec.groupCols(cols);
    return cols % 32 == 0 ? 32 : cols;
}

AwqScaleSearch searchAwqScales(const std::vector<AwqLayerRef>& layers, int64_t cols, const std::vector<double>& meanAbs,
                               const std::vector<double>& hessian, const QuantSpec& spec, const AwqOptions& opt,
                               ThreadPool* pool, const CancelToken* cancel) {
    const QuantSpec s = roundingSpec(spec);
    if (int64_t(meanAbs.size()) != cols || int64_t(hessian.size()) != cols * cols)
        throw Error("awq", "activation statistics do not match the layer's " + std::to_string(cols) + " inputs");
    const std::vector<float> hf = toFloat(hessian);
    const std::vector<float> wMean = opt.duoScaling ? awqWeightMean(layers, cols, awqDuoGroupCols(s, cols)) : std::vector<float>{};
    AwqScaleSearch best;
    best.error = INFINITY;
    std::vector<float> scaled, eff;
    for (int g = 0; g < opt.scaleGrid; ++g) {
        if (cancel) cancel->check();
        const double ratio = double(g) / double(opt.scaleGrid);
        std::vector<float> sc = awqCandidateScales(meanAbs, wMean, ratio);
        double err = 0;
        for (const AwqLayerRef& l : layers) {
            scaled.assign(l.w, l.w + l.rows * cols);
            for (int64_t i = 0; i < l.rows * cols; ++i) scaled[size_t(i)] *= sc[size_t(i % cols)];
            eff = fakeQuantize(scaled.data(), l.rows, cols, s, pool, cancel);
            for (int64_t i = 0; i < l.rows * cols; ++i) eff[size_t(i)] /= sc[size_t(i % cols)];
            err += hessianOutputError(l.w, eff.data(), l.rows, cols, hf.data(), pool);
        }
        if (err < best.error) best = {std::move(sc), ratio, err};
    }
    return best;
}

QuantResult quantizeAwqLayer(const float* w, int64_t rows, int64_t cols, const std::vector<float>& scales,
                             const std::vector<double>& hessian, const QuantSpec& spec, bool clip, const AwqOptions& opt,
                             ThreadPool* pool, const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    const QuantSpec s = roundingSpec(spec);
    const std::vector<float> sc = scales.empty() ? std::vector<float>(size_t(cols), 1.0f) : scales;
    std::vector<float> ws(w, w + rows * cols);
    for (int64_t i = 0; i < rows * cols; ++i) ws[size_t(i)] *= sc[size_t(i % cols)];
    if (clip) {
        // The scaled layer sees inputs x/s: H' = diag(1/s) H diag(1/s).
        std::vector<float> hs(size_t(cols * cols));
        for (int64_t a = 0; a < cols; ++a)
            for (int64_t b = 0; b < cols; ++b)
                hs[size_t(a * cols + b)] = float(hessian[size_t(a * cols + b)] / (double(sc[size_t(a)]) * double(sc[size_t(b)])));
        clipSearch(ws.data(), rows, cols, hs, s, opt, pool, cancel);
    }
    QuantResult res;
    res.spec = spec;
    res.rows = rows;
    res.cols = cols;
    if (s.grid == QuantGrid::Integer) {
        res.matrix = quantizeRtn(ws.data(), rows, cols, s, pool, cancel);
        res.weight = dequantize(*res.matrix, pool);
    } else {
        const TypeTraits& tr = traits(s.type);
        const KernelPair k = kernels(s.type);
        res.blocks.resize(size_t(rows * rowBytes(tr, cols)));
        res.weight.resize(size_t(rows * cols));
        forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
            for (int64_t r = r0; r < r0 + n; ++r) {
                uint8_t* b = res.blocks.data() + r * rowBytes(tr, cols);
                k.fromFloat(ws.data() + r * cols, b, cols);
                k.toFloat(b, res.weight.data() + r * cols, cols);
            }
        });
    }
    for (int64_t i = 0; i < rows * cols; ++i) res.weight[size_t(i)] /= sc[size_t(i % cols)];
    res.inputScales = sc;
    return res;
}

QuantResult quantizeAwq(const float* w, int64_t rows, int64_t cols, const std::vector<double>& meanAbs,
                        const std::vector<double>& hessian, const QuantSpec& spec, const AwqOptions& opt, ThreadPool* pool,
                        const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    const AwqScaleSearch found = searchAwqScales({{w, rows}}, cols, meanAbs, hessian, spec, opt, pool, cancel);
    QuantResult res = quantizeAwqLayer(w, rows, cols, found.scales, hessian, spec, true, opt, pool, cancel);
    res.notes.push_back("AWQ scale exponent α = " + std::to_string(found.ratio));
    return res;
}

} // namespace qs
