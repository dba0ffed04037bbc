#pragma once
// Weight statistics for the views and `quantscope-cli stats`: streamed over a tensor's rows in fixed
// chunks on the thread pool and merged in chunk order, so every number is thread-count independent.
// Two passes: (1) moments, min/max, per-row and per-column absmax; (2) histogram and outliers, which
// need the range and σ from pass 1. Non-finite values are counted and left out of everything else.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace qs {

class Model;
class ThreadPool;
class CancelToken;
struct TensorInfo;

enum class HistogramScale { Linear, LogMagnitude };
enum class ChannelRank { Absmax, OutlierCount };

struct StatsOptions {
    int bins = 64;
    HistogramScale scale = HistogramScale::Linear;
    // Outlier: |x − mean| > sigmaK · σ. For weight matrices (mean ≈ 0) that is |x| > kσ; measuring from the
    // mean keeps norm weights (all near 1) from counting as 100 % outliers.
    double sigmaK = 6.0;
    int topK = 8;        // outlier input channels to list
    ChannelRank rankBy = ChannelRank::Absmax;
};

struct Histogram {
    HistogramScale scale = HistogramScale::Linear;
    // Linear: bins over [lo, hi] of x. LogMagnitude: bins over [lo, hi] of log10|x|, exact zeros apart.
    double lo = 0, hi = 0;
    std::vector<int64_t> counts; // the last bin includes hi
    int64_t zeros = 0;           // LogMagnitude only

    double binLow(int i) const { return lo + (hi - lo) * double(i) / double(counts.size()); }
    double binHigh(int i) const { return lo + (hi - lo) * double(i + 1) / double(counts.size()); }
};

struct ChannelOutliers {
    int64_t channel = 0; // input column
    float absmax = 0;
    int64_t outliers = 0;
};

struct TensorStats {
    std::string name;
    int64_t rows = 0, cols = 0;
    int64_t count = 0;     // finite values
    int64_t nonFinite = 0; // NaN/Inf values, excluded from everything else
    double min = 0, max = 0, absmax = 0;
    double mean = 0, stddev = 0; // population standard deviation
    double kurtosis = 0;      // excess (normal = 0); NaN for a constant tensor
    double sigmaK = 0;
    int64_t outliers = 0; // |x − mean| > sigmaK · stddev
    double outlierRatio = 0;
    Histogram histogram;
    std::vector<float> rowAbsmax; // per output row
    std::vector<float> colAbsmax; // per input column
    std::vector<ChannelOutliers> topChannels;
};

// Reads rows [row0, row0 + n) as float into out ([n, cols]); must be callable concurrently.
using RowReader = std::function<void(int64_t row0, int64_t n, float* out)>;

TensorStats computeStats(int64_t rows, int64_t cols, const RowReader& read, const StatsOptions& opt, ThreadPool& pool,
                         const CancelToken* cancel = nullptr);
TensorStats computeStats(const float* data, int64_t rows, int64_t cols, const StatsOptions& opt, ThreadPool& pool);
// Canonical row order; throws qs::Error for tensors that cannot be decoded to float.
TensorStats computeStats(const Model& model, const TensorInfo& t, const StatsOptions& opt, ThreadPool& pool,
                         const CancelToken* cancel = nullptr);

// perChannel: include row_absmax / col_absmax arrays (large for big tensors).
nlohmann::json toJson(const TensorStats& s, bool perChannel = true);

} // namespace qs
