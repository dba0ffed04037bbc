// Scalar Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1 (formats.md §4.3).
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/legacy_pack.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace qs::quant {
namespace {

// The value of largest magnitude with its sign (first wins on ties; +0 for an all-zero block).
float absMaxSigned(const float* x) {
    float amax = 0, max = 0;
    for (int j = 0; j < QK; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void minMax(const float* x, float* min, float* max) {
    *min = FLT_MAX;
    *max = -FLT_MAX;
    for (int j = 0; j < QK; ++j) {
        if (x[j] < *min) *min = x[j];
        if (x[j] > *max) *max = x[j];
    }
}

uint32_t loadQh(const uint8_t* qh) {
    return uint32_t(qh[0]) | uint32_t(qh[1]) << 8 | uint32_t(qh[2]) << 16 | uint32_t(qh[3]) << 24;
}

} // namespace

void packQ4(const uint8_t* q, uint8_t* qs) {
    for (int j = 0; j < QK / 2; ++j) qs[j] = uint8_t(q[j] | (q[j + QK / 2] << 4));
}

void packQ5(const uint8_t* q, uint8_t* qs, uint8_t* qhBytes) {
    uint32_t qh = 0;
    for (int j = 0; j < QK / 2; ++j) {
        qs[j] = uint8_t((q[j] & 0x0F) | ((q[j + QK / 2] & 0x0F) << 4));
        qh |= uint32_t((q[j] & 0x10u) >> 4) << j;
        qh |= uint32_t((q[j + QK / 2] & 0x10u) >> 4) << (j + QK / 2);
    }
    for (int b = 0; b < 4; ++b) qhBytes[b] = uint8_t(qh >> (8 * b));
}

void quantizeRowQ4_0Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ4_0*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        const float d = absMaxSigned(x) / -8;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        for (int j = 0; j < QK / 2; ++j) {
            // Truncating casts of values in [0.5, 16.5] (int8 as in ggml).
            const uint8_t q0 = uint8_t(std::min(15, int(int8_t(x[j] * id + 8.5f))));
            const uint8_t q1 = uint8_t(std::min(15, int(int8_t(x[j + QK / 2] * id + 8.5f))));
            y[i].qs[j] = uint8_t(q0 | (q1 << 4));
        }
    }
}

void quantizeRowQ4_1Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ4_1*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        float min, max;
        minMax(x, &min, &max);
        const float d = (max - min) / 15;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        y[i].m = fp32ToFp16(min);
        for (int j = 0; j < QK / 2; ++j) {
            const uint8_t q0 = uint8_t(std::min(15, int(int8_t((x[j] - min) * id + 0.5f))));
            const uint8_t q1 = uint8_t(std::min(15, int(int8_t((x[j + QK / 2] - min) * id + 0.5f))));
            y[i].qs[j] = uint8_t(q0 | (q1 << 4));
        }
    }
}

void quantizeRowQ5_0Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ5_0*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        const float d = absMaxSigned(x) / -16;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        uint8_t q[QK];
        for (int j = 0; j < QK; ++j) q[j] = uint8_t(std::min(31, int(int8_t(x[j] * id + 16.5f))));
        packQ5(q, y[i].qs, y[i].qh);
    }
}

void quantizeRowQ5_1Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ5_1*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        float min, max;
        minMax(x, &min, &max);
        const float d = (max - min) / 31;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        y[i].m = fp32ToFp16(min);
        uint8_t q[QK];
        for (int j = 0; j < QK; ++j) q[j] = uint8_t((x[j] - min) * id + 0.5f); // no clamp in ggml
        packQ5(q, y[i].qs, y[i].qh);
    }
}

void quantizeRowQ8_0Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ8_0*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        float amax = 0;
        for (int j = 0; j < QK; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        for (int j = 0; j < QK; ++j) y[i].qs[j] = int8_t(std::round(x[j] * id)); // half away from zero
    }
}

void quantizeRowQ8_1Ref(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ8_1*>(dst);
    for (int64_t i = 0; i < n / QK; ++i, x += QK) {
        float amax = 0;
        for (int j = 0; j < QK; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32ToFp16(d);
        int sum = 0;
        for (int j = 0; j < QK; ++j) {
            y[i].qs[j] = int8_t(std::round(x[j] * id));
            sum += y[i].qs[j];
        }
        y[i].s = fp32ToFp16(float(sum) * d);
    }
}

void dequantizeRowQ4_0(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ4_0*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d);
        for (int j = 0; j < QK / 2; ++j) {
            y[j] = float((x[i].qs[j] & 0x0F) - 8) * d;
            y[j + QK / 2] = float((x[i].qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantizeRowQ4_1(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ4_1*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d), m = fp16ToFp32(x[i].m);
        for (int j = 0; j < QK / 2; ++j) {
            y[j] = float(x[i].qs[j] & 0x0F) * d + m;
            y[j + QK / 2] = float(x[i].qs[j] >> 4) * d + m;
        }
    }
}

void dequantizeRowQ5_0(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ5_0*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d);
        const uint32_t qh = loadQh(x[i].qh);
        for (int j = 0; j < QK / 2; ++j) {
            const int h0 = int((qh >> j) & 1) << 4, h1 = int((qh >> (j + QK / 2)) & 1) << 4;
            y[j] = float(((x[i].qs[j] & 0x0F) | h0) - 16) * d;
            y[j + QK / 2] = float(((x[i].qs[j] >> 4) | h1) - 16) * d;
        }
    }
}

void dequantizeRowQ5_1(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ5_1*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d), m = fp16ToFp32(x[i].m);
        const uint32_t qh = loadQh(x[i].qh);
        for (int j = 0; j < QK / 2; ++j) {
            const int h0 = int((qh >> j) & 1) << 4, h1 = int((qh >> (j + QK / 2)) & 1) << 4;
            y[j] = float((x[i].qs[j] & 0x0F) | h0) * d + m;
            y[j + QK / 2] = float((x[i].qs[j] >> 4) | h1) * d + m;
        }
    }
}

void dequantizeRowQ8_0(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ8_0*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d);
        for (int j = 0; j < QK; ++j) y[j] = float(x[i].qs[j]) * d;
    }
}

void dequantizeRowQ8_1(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ8_1*>(src);
    for (int64_t i = 0; i < n / QK; ++i, y += QK) {
        const float d = fp16ToFp32(x[i].d);
        for (int j = 0; j < QK; ++j) y[j] = float(x[i].qs[j]) * d;
    }
}

} // namespace qs::quant
