#include "core/quant/kernels/kquant_helpers.h"

#include "core/util/half.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qs::quant {
namespace {

constexpr float kGroupMaxEps = 1e-15f;

int clampInt(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

// The value of largest magnitude with its sign; the first one wins on ties. Returns its magnitude.
float absMaxSigned(int n, const float* x, float* signedMax) {
    float max = 0, amax = 0;
    for (int i = 0; i < n; ++i) {
        const float ax = std::fabs(x[i]);
        if (ax > amax) {
            amax = ax;
            max = x[i];
        }
    }
    *signedMax = max;
    return amax;
}

} // namespace

float makeQxQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw) {
    float max;
    if (absMaxSigned(n, x, &max) < kGroupMaxEps) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        return 0.f;
    }
    float iscale = float(-nmax) / max;
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clampInt(nearestInt(iscale * x[i]), -nmax, nmax - 1);
        L[i] = uint8_t(l + nmax);
        const float w = qw ? qw[i] : x[i] * x[i];
        sumlx += w * x[i] * float(l);
        suml2 += w * float(l) * float(l);
    }
    float scale = suml2 ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0) continue;
        iscale = -(float(nmax) + 0.1f * float(is)) / max;
        sumlx = suml2 = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clampInt(nearestInt(iscale * x[i]), -nmax, nmax - 1);
            const float w = qw ? qw[i] : x[i] * x[i];
            sumlx += w * x[i] * float(l);
            suml2 += w * float(l) * float(l);
        }
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            for (int i = 0; i < n; ++i) L[i] = uint8_t(nmax + clampInt(nearestInt(iscale * x[i]), -nmax, nmax - 1));
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}

float makeQpQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw) {
    float max = 0;
    for (int i = 0; i < n; ++i) max = max > x[i] ? max : x[i];
    if (max == 0) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        return 0.f;
    }
    // L is ggml's uint8_t array: a negative level wraps (−10 → 246) and is read back as the byte.
    float iscale = float(nmax) / max;
    for (int i = 0; i < n; ++i) L[i] = uint8_t(nearestInt(iscale * x[i]));
    const float scale = 1 / iscale;
    float best = 0;
    for (int i = 0; i < n; ++i) {
        const float diff = x[i] - scale * float(L[i]);
        best += qw[i] * diff * diff;
    }
    for (int is = -4; is <= 4; ++is) {
        if (is == 0) continue;
        const float iscaleIs = (0.1f * float(is) + float(nmax)) / max;
        const float scaleIs = 1 / iscaleIs;
        float mse = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::min(nmax, nearestInt(iscaleIs * x[i]));
            const float diff = x[i] - scaleIs * float(l);
            mse += qw[i] * diff * diff;
        }
        if (mse < best) {
            best = mse;
            iscale = iscaleIs;
        }
    }
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::min(nmax, nearestInt(iscale * x[i]));
        L[i] = uint8_t(l);
        sumlx += qw[i] * x[i] * float(l);
        suml2 += qw[i] * float(l) * float(l);
    }
    for (int itry = 0; itry < 5; ++itry) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = qw[i];
            float slx = sumlx - w * x[i] * float(L[i]);
            float sl2 = suml2 - w * float(L[i]) * float(L[i]);
            if (slx > 0 && sl2 > 0) {
                const int newL = std::min(nmax, nearestInt(x[i] * sl2 / slx));
                if (newL != L[i]) {
                    slx += w * x[i] * float(newL);
                    sl2 += w * float(newL) * float(newL);
                    if (slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = uint8_t(newL);
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed) break;
    }
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float sumSquares(const float* x, int64_t n) {
    float sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += x[i] * x[i];
    return sum;
}

void sigmaWeights(const float* x, const float* qw, float sigma2, int n, float* w) {
    for (int i = 0; i < n; ++i) w[i] = qw[i] * std::sqrt(sigma2 + x[i] * x[i]);
}

void groupSums(const float* w, int ngroups, int n, float* sw) {
    for (int g = 0; g < ngroups; ++g) {
        float sum = 0;
        for (int i = 0; i < n; ++i) sum += w[g * n + i];
        sw[g] = sum;
    }
}

float makeQ3Quants(int n, int nmax, const float* x, uint8_t* Lout) {
    float max;
    if (absMaxSigned(n, x, &max) < kGroupMaxEps) {
        for (int i = 0; i < n; ++i) Lout[i] = 0;
        return 0.f;
    }
    const float iscale = float(-nmax) / max;
    int L[64]; // n ≤ 64 (Q3_K uses 16)
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        L[i] = clampInt(nearestInt(iscale * x[i]), -nmax, nmax - 1);
        const float w = x[i] * x[i];
        sumlx += w * x[i] * float(L[i]);
        suml2 += w * float(L[i]) * float(L[i]);
    }
    for (int itry = 0; itry < 5; ++itry) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            float slx = sumlx - w * x[i] * float(L[i]);
            if (slx > 0) {
                float sl2 = suml2 - w * float(L[i]) * float(L[i]);
                const int newL = clampInt(nearestInt(x[i] * sl2 / slx), -nmax, nmax - 1);
                if (newL != L[i]) {
                    slx += w * x[i] * float(newL);
                    sl2 += w * float(newL) * float(newL);
                    if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = newL;
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed) break;
    }
    for (int i = 0; i < n; ++i) Lout[i] = uint8_t(L[i] + nmax);
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float makeQkx2Quants(int n, int nmax, const float* x, const float* w, uint8_t* L, float* theMin, uint8_t* Laux,
                     float rmin, float rdelta, int nstep, bool useMad) {
    float min = x[0], max = x[0];
    float sumW = w[0];
    float sumX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min) min = x[i];
        if (x[i] > max) max = x[i];
        sumW += w[i];
        sumX += w[i] * x[i];
    }
    if (min > 0) min = 0;
    if (max == min) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        *theMin = -min;
        return 0.f;
    }
    float iscale = float(nmax) / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; ++i) {
        L[i] = uint8_t(clampInt(nearestInt(iscale * (x[i] - min)), 0, nmax));
        float diff = scale * float(L[i]) + min - x[i];
        diff = useMad ? std::fabs(diff) : diff * diff;
        bestError += w[i] * diff;
    }
    if (nstep < 1) {
        *theMin = -min;
        return scale;
    }
    for (int is = 0; is <= nstep; ++is) {
        // min is updated by accepted trials and used by the later ones (formats.md §4.4 step 5).
        iscale = (rmin + rdelta * float(is) + float(nmax)) / (max - min);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clampInt(nearestInt(iscale * (x[i] - min)), 0, nmax);
            Laux[i] = uint8_t(l);
            sumL += w[i] * float(l);
            sumL2 += w[i] * float(l) * float(l);
            sumXL += w[i] * float(l) * x[i];
        }
        const float D = sumW * sumL2 - sumL * sumL;
        if (D > 0) {
            float thisScale = (sumW * sumXL - sumX * sumL) / D;
            float thisMin = (sumL2 * sumX - sumL * sumXL) / D;
            if (thisMin > 0) {
                thisMin = 0;
                thisScale = sumXL / sumL2;
            }
            float curError = 0;
            for (int i = 0; i < n; ++i) {
                float diff = thisScale * float(Laux[i]) + thisMin - x[i];
                diff = useMad ? std::fabs(diff) : diff * diff;
                curError += w[i] * diff;
            }
            if (curError < bestError) {
                for (int i = 0; i < n; ++i) L[i] = Laux[i];
                bestError = curError;
                scale = thisScale;
                min = thisMin;
            }
        }
    }
    *theMin = -min;
    return scale;
}

void packScaleMinK4(const uint8_t sc[8], const uint8_t m[8], uint8_t q[12]) {
    for (int j = 0; j < 8; ++j) {
        if (j < 4) {
            q[j] = sc[j];
            q[j + 4] = m[j];
        } else { // the |= targets already hold their low 6 bits (j − 4 < 4 was written first)
            q[j + 4] = uint8_t((sc[j] & 0xF) | ((m[j] & 0xF) << 4));
            q[j - 4] |= uint8_t((sc[j] >> 4) << 6);
            q[j] |= uint8_t((m[j] >> 4) << 6);
        }
    }
}

namespace {

// Each sub-block's effective scale d·sc and min dmin·m, decoded from the stored bytes as dequantization does.
void effectiveScalesK4(const uint8_t q[12], uint16_t d, uint16_t dmin, float dd[8], float dm[8]) {
    for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        getScaleMinK4(j, q, &sc, &m);
        dd[j] = fp16ToFp32(d) * float(sc);
        dm[j] = fp16ToFp32(dmin) * float(m);
    }
}

} // namespace

void quantizeScalesMinsK4(const float scales[8], const float mins[8], uint8_t q[12], uint16_t* d, uint16_t* dmin,
                          float dd[8], float dm[8]) {
    float maxScale = 0, maxMin = 0;
    for (int j = 0; j < 8; ++j) {
        if (scales[j] > maxScale) maxScale = scales[j];
        if (mins[j] > maxMin) maxMin = mins[j];
    }
    const float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
    const float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
    uint8_t ls[8], lm[8];
    for (int j = 0; j < 8; ++j) { // uint8 truncation first, then the clamp, as in ggml
        ls[j] = std::min<uint8_t>(63, uint8_t(nearestInt(invScale * scales[j])));
        lm[j] = std::min<uint8_t>(63, uint8_t(nearestInt(invMin * mins[j])));
    }
    packScaleMinK4(ls, lm, q);
    *d = fp32ToFp16(maxScale / 63.f);
    *dmin = fp32ToFp16(maxMin / 63.f);
    effectiveScalesK4(q, *d, *dmin, dd, dm);
}

void quantizeScalesMinsK4Weighted(const float scales[8], const float mins[8], const float sw[8], bool clampLevels,
                                  uint8_t q[12], uint16_t* d, uint16_t* dmin, float dd[8], float dm[8]) {
    uint8_t ls[8], lm[8];
    const float dBlock = makeQpQuants(8, 63, scales, ls, sw);
    const float mBlock = makeQpQuants(8, 63, mins, lm, sw);
    if (clampLevels)
        for (int j = 0; j < 8; ++j) {
            ls[j] = std::min<uint8_t>(63, ls[j]);
            lm[j] = std::min<uint8_t>(63, lm[j]);
        }
    packScaleMinK4(ls, lm, q); // unclamped bytes spill into the neighbours' high bits, as in ggml (§11.6)
    *d = fp32ToFp16(dBlock);
    *dmin = fp32ToFp16(mBlock);
    effectiveScalesK4(q, *d, *dmin, dd, dm);
}

// Eight bytes at a time: every level is ≤ 3, so shifting a whole 64-bit word never carries into the
// neighbouring byte, and each byte gets exactly L[j+l] | L[j+l+32] << 2 | L[j+l+64] << 4 | L[j+l+96] << 6.
void pack2BitK(const uint8_t* L, uint8_t* qs) {
    for (int j = 0; j < 256; j += 128)
        for (int l = 0; l < 32; l += 8) {
            uint64_t a, b, c, d;
            std::memcpy(&a, L + j + l, 8);
            std::memcpy(&b, L + j + l + 32, 8);
            std::memcpy(&c, L + j + l + 64, 8);
            std::memcpy(&d, L + j + l + 96, 8);
            const uint64_t packed = a | (b << 2) | (c << 4) | (d << 6);
            std::memcpy(qs + j / 4 + l, &packed, 8);
        }
}

} // namespace qs::quant
