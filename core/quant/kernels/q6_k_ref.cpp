// Q6_K (formats.md §4.10): 16 sub-blocks of 16, int8 scales, 6-bit levels (4 low bits in ql, 2 in qh).
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qs::quant {

void quantizeRowQ6KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<BlockQ6_K*>(dst);
    const int64_t nb = n / QK_K;
    uint8_t L[kSolverChunkBlocks * QK_K];
    float scales[kSolverChunkBlocks * 16];
    for (int64_t b0 = 0; b0 < nb; b0 += kSolverChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kSolverChunkBlocks, nb - b0));
        // The weighted path (formats.md §11.6) fits the sub-block scales with the raw importances.
        solvers.qx(16, 32, x + b0 * QK_K, qw ? qw + b0 * QK_K : nullptr, nblk * 16, L, scales);
        for (int b = 0; b < nblk; ++b) {
            BlockQ6_K& blk = y[b0 + b];
            const float* sc = scales + 16 * b;
            uint8_t* Lb = L + QK_K * b;
            float maxScale = 0, maxAbsScale = 0;
            for (int j = 0; j < 16; ++j) {
                if (std::fabs(sc[j]) > maxAbsScale) {
                    maxAbsScale = std::fabs(sc[j]);
                    maxScale = sc[j];
                }
            }
            if (maxAbsScale < 1e-15f) { // GROUP_MAX_EPS: an all-zero block
                std::memset(&blk, 0, sizeof blk);
                continue;
            }
            const float iscale = -128.f / maxScale;
            blk.d = fp32ToFp16(1 / iscale);
            float dd[16];
            for (int j = 0; j < 16; ++j) {
                blk.scales[j] = int8_t(std::min(127, nearestInt(iscale * sc[j])));
                dd[j] = fp16ToFp32(blk.d) * float(blk.scales[j]);
            }
            solvers.requantize(x + (b0 + b) * QK_K, 16, 16, dd, nullptr, -32, 31, Lb);
            for (int h = 0; h < 2; ++h) {
                const uint8_t* Lh = Lb + 128 * h;
                uint8_t* ql = blk.ql + 64 * h;
                uint8_t* qh = blk.qh + 32 * h;
                for (int l = 0; l < 32; ++l) {
                    ql[l] = uint8_t((Lh[l] & 0xF) | ((Lh[l + 64] & 0xF) << 4));
                    ql[l + 32] = uint8_t((Lh[l + 32] & 0xF) | ((Lh[l + 96] & 0xF) << 4));
                    qh[l] = uint8_t((Lh[l] >> 4) | ((Lh[l + 32] >> 4) << 2) | ((Lh[l + 64] >> 4) << 4) |
                                    ((Lh[l + 96] >> 4) << 6));
                }
            }
        }
    }
}

void quantizeRowQ6KRef(const float* x, void* y, int64_t n) { quantizeRowQ6KWith(scalarSolvers(), x, y, n); }
void quantizeRowQ6KWeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ6KWith(scalarSolvers(), x, y, n, qw);
}

void dequantizeRowQ6K(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ6_K*>(src);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        const float d = fp16ToFp32(x[i].d);
        for (int e = 0; e < QK_K; ++e) {
            const int h = e / 128, part = (e % 128) / 32, l = e % 32;
            const uint8_t* ql = x[i].ql + 64 * h;
            const uint8_t lowByte = ql[l + 32 * (part & 1)];
            const int low = part < 2 ? lowByte & 0xF : lowByte >> 4;
            const int high = (x[i].qh[32 * h + l] >> (2 * part)) & 3;
            *y++ = d * float(x[i].scales[e / 16]) * float((low | (high << 4)) - 32);
        }
    }
}

} // namespace qs::quant
