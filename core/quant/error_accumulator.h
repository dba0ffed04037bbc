#pragma once
// Streaming quantization-error statistics between original values w and their reconstruction ŵ.
// Accumulate per fixed chunk, then merge chunks in a fixed order: the result is thread-count independent.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace qs {

struct ErrorAccumulator {
    double sumSqErr = 0, sumSqRef = 0, sumSqRec = 0, sumDot = 0, maxAbsErr = 0;
    int64_t count = 0;

    void add(const float* w, const float* rec, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            const double a = w[i], b = rec[i], e = a - b;
            sumSqErr += e * e;
            sumSqRef += a * a;
            sumSqRec += b * b;
            sumDot += a * b;
            maxAbsErr = std::max(maxAbsErr, std::fabs(e));
        }
        count += n;
    }
    void merge(const ErrorAccumulator& o) {
        sumSqErr += o.sumSqErr, sumSqRef += o.sumSqRef, sumSqRec += o.sumSqRec, sumDot += o.sumDot;
        maxAbsErr = std::max(maxAbsErr, o.maxAbsErr);
        count += o.count;
    }

    double mse() const { return count ? sumSqErr / double(count) : 0.0; }
    double rmse() const { return std::sqrt(mse()); }
    // Signal-to-quantization-noise ratio in dB; +inf when the reconstruction is exact.
    double sqnrDb() const { return sumSqErr > 0 ? 10.0 * std::log10(sumSqRef / sumSqErr) : INFINITY; }
    double cosine() const { return sumSqRef > 0 && sumSqRec > 0 ? sumDot / std::sqrt(sumSqRef * sumSqRec) : 1.0; }
    double relativeFrobenius() const { return sumSqRef > 0 ? std::sqrt(sumSqErr / sumSqRef) : 0.0; }
};

} // namespace qs
