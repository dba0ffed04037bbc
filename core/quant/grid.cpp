#include "core/quant/grid.h"

#include "core/util/half.h"

#include <algorithm>

namespace qs {

GroupGrid gridForRange(float lo, float hi, const QuantSpec& spec) {
    const int32_t qmax = maxCode(spec.bits);
    GroupGrid g;
    if (spec.symmetric) {
        float a = std::max(std::fabs(lo), std::fabs(hi));
        if (a == 0.0f) a = 1.0f; // GPTQ's [−1, 1] for an all-zero group: every code is the zero point
        g.scale = (a + a) / float(qmax);
        g.zero = int32_t(1) << (spec.bits - 1);
    } else {
        g.scale = std::max(hi - lo, 1e-5f) / float(qmax);
    }
    if (spec.fp16Scales) {
        const float rounded = fp16ToFp32(fp32ToFp16(g.scale));
        g.scale = rounded > 0.0f ? rounded : fp16ToFp32(1); // never a zero scale: smallest fp16 subnormal
    }
    if (!spec.symmetric) g.zero = int32_t(std::clamp(-roundHalfEven(lo / g.scale), 0.0f, float(qmax)));
    return g;
}

} // namespace qs
