#include "core/quant/nf4.h"

#include <cmath>

namespace qs {

// bitsandbytes csrc/kernels.cu nf4_data (formats.md §12).
const std::array<float, 16> kNf4Levels = {
    -1.0f,
    -0.6961928009986877f,
    -0.5250730514526367f,
    -0.39491748809814453f,
    -0.28444138169288635f,
    -0.18477343022823334f,
    -0.09105003625154495f,
    0.0f,
    0.07958029955625534f,
    0.16093020141124725f,
    0.24611230194568634f,
    0.33791524171829224f,
    0.44070982933044434f,
    0.5626170039176941f,
    0.7229568362236023f,
    1.0f,
};

// Midpoints between neighbouring levels, computed in double and rounded to float like the literal
// thresholds of bitsandbytes' dQuantizeNF4 (e.g. 0.03979014977812767 between codes 7 and 8).
std::array<float, 15> nf4Thresholds() {
    std::array<float, 15> t{};
    for (size_t i = 0; i < t.size(); ++i) t[i] = float((double(kNf4Levels[i]) + double(kNf4Levels[i + 1])) / 2.0);
    return t;
}

namespace {
const std::array<float, 15> kThresholds = nf4Thresholds();
} // namespace

uint8_t nf4Code(float v) {
    uint8_t code = 0;
    for (float t : kThresholds) code += v > t ? 1 : 0;
    return code;
}

float nf4QuantizeBlock(const float* x, int64_t n, uint8_t* codes) {
    float absmax = 0.0f;
    for (int64_t i = 0; i < n; ++i) absmax = std::fmax(absmax, std::fabs(x[i]));
    for (int64_t i = 0; i < n; ++i) codes[i] = nf4Code(absmax > 0.0f ? x[i] / absmax : 0.0f);
    return absmax;
}

} // namespace qs
