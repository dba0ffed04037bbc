#include "core/quant/stats.h"

#include "core/model/model.h"
#include "core/quant/moments.h"
#include "core/quant/row_chunks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>

namespace qs {
namespace {

struct Pass1Chunk {
    Moments moments;
    int64_t nonFinite = 0;
    float min = std::numeric_limits<float>::infinity();
    float max = -std::numeric_limits<float>::infinity();
    float minNonzeroAbs = std::numeric_limits<float>::infinity();
};

int histogramBin(double v, const Histogram& h) {
    const int bins = int(h.counts.size());
    if (!(h.hi > h.lo)) return 0;
    const int i = int((v - h.lo) / (h.hi - h.lo) * double(bins));
    return std::clamp(i, 0, bins - 1);
}

// Pass 1: everything that needs no global value. Row absmax goes straight into place; column absmax
// and the per-chunk summaries are merged afterwards (max is order-free, moments in chunk order).
void firstPass(TensorStats& s, const RowReader& read, ThreadPool& pool, const CancelToken* cancel, float& minNonzeroAbs) {
    std::vector<Pass1Chunk> part(size_t(rowChunkCount(s.rows, s.cols)));
    std::mutex mergeMutex;
    forEachRowChunkIndexed(s.rows, s.cols, &pool, cancel, [&](int64_t c, int64_t r0, int64_t n) {
        std::vector<float> buf(size_t(n * s.cols));
        read(r0, n, buf.data());
        Pass1Chunk p;
        std::vector<float> colMax(size_t(s.cols), 0.0f);
        bool allFinite = true;
        for (int64_t r = 0; r < n; ++r) {
            float rowMax = 0.0f;
            for (int64_t j = 0; j < s.cols; ++j) {
                const float x = buf[size_t(r * s.cols + j)];
                if (!std::isfinite(x)) {
                    ++p.nonFinite;
                    allFinite = false;
                    continue;
                }
                const float a = std::fabs(x);
                p.min = std::min(p.min, x);
                p.max = std::max(p.max, x);
                if (a > 0) p.minNonzeroAbs = std::min(p.minNonzeroAbs, a);
                rowMax = std::max(rowMax, a);
                colMax[size_t(j)] = std::max(colMax[size_t(j)], a);
            }
            s.rowAbsmax[size_t(r0 + r)] = rowMax;
        }
        if (!allFinite) buf.erase(std::remove_if(buf.begin(), buf.end(), [](float x) { return !std::isfinite(x); }), buf.end());
        p.moments = Moments::of(buf.begin(), buf.end());
        part[size_t(c)] = p;
        std::lock_guard lock(mergeMutex);
        for (int64_t j = 0; j < s.cols; ++j) s.colAbsmax[size_t(j)] = std::max(s.colAbsmax[size_t(j)], colMax[size_t(j)]);
    });
    Pass1Chunk total;
    for (const Pass1Chunk& p : part) {
        total.moments.merge(p.moments);
        total.nonFinite += p.nonFinite;
        total.min = std::min(total.min, p.min);
        total.max = std::max(total.max, p.max);
        total.minNonzeroAbs = std::min(total.minNonzeroAbs, p.minNonzeroAbs);
    }
    s.count = total.moments.n;
    s.nonFinite = total.nonFinite;
    s.min = s.count ? total.min : 0.0;
    s.max = s.count ? total.max : 0.0;
    s.absmax = std::max(std::fabs(s.min), std::fabs(s.max));
    s.mean = total.moments.mean;
    s.stddev = std::sqrt(total.moments.variance());
    s.kurtosis = total.moments.excessKurtosis();
    minNonzeroAbs = total.minNonzeroAbs;
}

// Pass 2: histogram and outliers. Only integer counts are merged, so the order does not matter.
void secondPass(TensorStats& s, const RowReader& read, ThreadPool& pool, const CancelToken* cancel,
                std::vector<int64_t>& colOutliers) {
    const double threshold = s.sigmaK * s.stddev;
    const bool logScale = s.histogram.scale == HistogramScale::LogMagnitude;
    std::mutex mergeMutex;
    forEachRowChunk(s.rows, s.cols, &pool, cancel, [&](int64_t r0, int64_t n) {
        std::vector<float> buf(size_t(n * s.cols));
        read(r0, n, buf.data());
        std::vector<int64_t> counts(s.histogram.counts.size(), 0), cols(size_t(s.cols), 0);
        int64_t zeros = 0, outliers = 0;
        for (int64_t r = 0; r < n; ++r)
            for (int64_t j = 0; j < s.cols; ++j) {
                const float x = buf[size_t(r * s.cols + j)];
                if (!std::isfinite(x)) continue;
                const double a = std::fabs(double(x));
                if (std::fabs(double(x) - s.mean) > threshold) {
                    ++outliers;
                    ++cols[size_t(j)];
                }
                if (!logScale) ++counts[size_t(histogramBin(x, s.histogram))];
                else if (a == 0) ++zeros;
                else ++counts[size_t(histogramBin(std::log10(a), s.histogram))];
            }
        std::lock_guard lock(mergeMutex);
        for (size_t i = 0; i < counts.size(); ++i) s.histogram.counts[i] += counts[i];
        for (size_t j = 0; j < cols.size(); ++j) colOutliers[j] += cols[j];
        s.histogram.zeros += zeros;
        s.outliers += outliers;
    });
}

std::vector<ChannelOutliers> topChannels(const TensorStats& s, const std::vector<int64_t>& colOutliers, const StatsOptions& opt) {
    std::vector<ChannelOutliers> all(size_t(s.cols));
    for (int64_t j = 0; j < s.cols; ++j) all[size_t(j)] = {j, s.colAbsmax[size_t(j)], colOutliers[size_t(j)]};
    auto before = [&](const ChannelOutliers& a, const ChannelOutliers& b) {
        if (opt.rankBy == ChannelRank::OutlierCount && a.outliers != b.outliers) return a.outliers > b.outliers;
        if (a.absmax != b.absmax) return a.absmax > b.absmax;
        return a.channel < b.channel;
    };
    const size_t k = std::min(all.size(), size_t(std::max(0, opt.topK)));
    std::partial_sort(all.begin(), all.begin() + ptrdiff_t(k), all.end(), before);
    all.resize(k);
    return all;
}

} // namespace

TensorStats computeStats(int64_t rows, int64_t cols, const RowReader& read, const StatsOptions& opt, ThreadPool& pool,
                         const CancelToken* cancel) {
    TensorStats s;
    s.rows = rows;
    s.cols = cols;
    s.sigmaK = opt.sigmaK;
    s.rowAbsmax.assign(size_t(rows), 0.0f);
    s.colAbsmax.assign(size_t(cols), 0.0f);
    float minNonzeroAbs = 0;
    firstPass(s, read, pool, cancel, minNonzeroAbs);

    Histogram& h = s.histogram;
    h.scale = opt.scale;
    h.counts.assign(size_t(std::max(1, opt.bins)), 0);
    if (opt.scale == HistogramScale::Linear) {
        h.lo = s.min;
        h.hi = s.max;
    } else if (std::isfinite(minNonzeroAbs)) {
        h.lo = std::log10(double(minNonzeroAbs));
        h.hi = std::log10(s.absmax);
    }
    std::vector<int64_t> colOutliers(size_t(cols), 0);
    secondPass(s, read, pool, cancel, colOutliers);
    s.outlierRatio = s.count ? double(s.outliers) / double(s.count) : 0.0;
    s.topChannels = topChannels(s, colOutliers, opt);
    return s;
}

TensorStats computeStats(const float* data, int64_t rows, int64_t cols, const StatsOptions& opt, ThreadPool& pool) {
    return computeStats(
        rows, cols, [&](int64_t r0, int64_t n, float* out) { std::copy(data + r0 * cols, data + (r0 + n) * cols, out); },
        opt, pool);
}

TensorStats computeStats(const Model& model, const TensorInfo& t, const StatsOptions& opt, ThreadPool& pool,
                         const CancelToken* cancel) {
    TensorStats s = computeStats(
        t.rows(), t.cols(), [&](int64_t r0, int64_t n, float* out) { model.readRows(t, r0, n, out); }, opt, pool, cancel);
    s.name = t.name;
    return s;
}

nlohmann::json toJson(const TensorStats& s, bool perChannel) {
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    const Histogram& h = s.histogram;
    nlohmann::json hist = {{"scale", h.scale == HistogramScale::Linear ? "linear" : "log10_abs"},
                           {"lo", h.lo},
                           {"hi", h.hi},
                           {"counts", h.counts}};
    if (h.scale == HistogramScale::LogMagnitude) hist["zeros"] = h.zeros;
    nlohmann::json top = nlohmann::json::array();
    for (auto& c : s.topChannels) top.push_back({{"channel", c.channel}, {"absmax", c.absmax}, {"outliers", c.outliers}});
    nlohmann::json j = {{"name", s.name},       {"rows", s.rows},
                        {"cols", s.cols},       {"count", s.count},
                        {"non_finite", s.nonFinite}, {"min", s.min},
                        {"max", s.max},         {"absmax", s.absmax},
                        {"mean", s.mean},       {"std", s.stddev},
                        {"kurtosis", num(s.kurtosis)}, {"sigma_k", s.sigmaK},
                        {"outliers", s.outliers}, {"outlier_ratio", s.outlierRatio},
                        {"histogram", hist},    {"top_channels", top}};
    if (perChannel) {
        j["row_absmax"] = s.rowAbsmax;
        j["col_absmax"] = s.colAbsmax;
    }
    return j;
}

} // namespace qs
