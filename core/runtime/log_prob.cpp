#include "core/runtime/log_prob.h"

#include <cmath>

namespace qs {

LogNormalizer logNormalizer(const float* z, int64_t n) {
    float mx = z[0];
    for (int64_t i = 1; i < n; ++i) mx = std::max(mx, z[i]);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += std::exp(double(z[i]) - double(mx));
    return {double(mx), std::log(sum)};
}

int64_t argmaxFirst(const float* z, int64_t n) {
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i)
        if (z[i] > z[best]) best = i;
    return best;
}

} // namespace qs
