#pragma once
// Log-softmax in float64 over fp32 logits, and perplexity statistics over the resulting NLLs,
// exactly as reference.json's ppl_protocol defines them.
#include <cmath>
#include <cstdint>

namespace qs {

struct LogNormalizer {
    double max;    // largest logit
    double logSum; // log Σ exp(z_i − max)
    double logProb(float z) const { return (double(z) - max) - logSum; }
};

LogNormalizer logNormalizer(const float* z, int64_t n);
int64_t argmaxFirst(const float* z, int64_t n); // index of the first largest value

// Σ nll and Σ nll² in prediction order.
struct NllStats {
    double sum = 0, sum2 = 0;
    int64_t count = 0;
    void add(double nll) {
        sum += nll;
        sum2 += nll * nll;
        ++count;
    }
    double mean() const { return count ? sum / double(count) : 0.0; }
    double ppl() const { return std::exp(mean()); }
    // ppl · sqrt((mean(nll²) − mean²) / (count − 1)); 0 when undefined.
    double pplStderr() const {
        if (count < 2) return 0.0;
        const double var = sum2 / double(count) - mean() * mean();
        return var > 0 ? ppl() * std::sqrt(var / double(count - 1)) : 0.0;
    }
};

} // namespace qs
