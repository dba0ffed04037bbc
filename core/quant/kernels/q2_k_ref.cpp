// Q2_K (formats.md §4.6): 16 sub-blocks of 16, 4-bit scale and min indices, 2-bit levels.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>

namespace qs::quant {

void quantizeRowQ2KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n) {
    auto* y = static_cast<BlockQ2_K*>(dst);
    const int64_t nb = n / QK_K;
    uint8_t L[kSolverChunkBlocks * QK_K];
    float scales[kSolverChunkBlocks * 16], mins[kSolverChunkBlocks * 16];
    for (int64_t b0 = 0; b0 < nb; b0 += kSolverChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kSolverChunkBlocks, nb - b0));
        solvers.qkx2(kQ2KConfig, x + b0 * QK_K, nblk * 16, L, scales, mins);
        for (int b = 0; b < nblk; ++b) {
            BlockQ2_K& blk = y[b0 + b];
            const float* xb = x + (b0 + b) * QK_K;
            const float* sc = scales + 16 * b;
            const float* mn = mins + 16 * b;
            uint8_t* Lb = L + QK_K * b;
            float maxScale = 0, maxMin = 0;
            for (int j = 0; j < 16; ++j) {
                if (sc[j] > maxScale) maxScale = sc[j];
                if (mn[j] > maxMin) maxMin = mn[j];
            }
            if (maxScale > 0) {
                const float iscale = 15.f / maxScale;
                for (int j = 0; j < 16; ++j) blk.scales[j] = uint8_t(nearestInt(iscale * sc[j]));
                blk.d = fp32ToFp16(maxScale / 15.f);
            } else {
                for (int j = 0; j < 16; ++j) blk.scales[j] = 0;
                blk.d = fp32ToFp16(0.f);
            }
            if (maxMin > 0) {
                const float iscale = 15.f / maxMin;
                for (int j = 0; j < 16; ++j) blk.scales[j] |= uint8_t(nearestInt(iscale * mn[j]) << 4);
                blk.dmin = fp32ToFp16(maxMin / 15.f);
            } else {
                blk.dmin = fp32ToFp16(0.f);
            }
            float dd[16], dm[16];
            for (int j = 0; j < 16; ++j) {
                dd[j] = fp16ToFp32(blk.d) * float(blk.scales[j] & 0xF);
                dm[j] = fp16ToFp32(blk.dmin) * float(blk.scales[j] >> 4);
            }
            solvers.requantize(xb, 16, 16, dd, dm, 0, 3, Lb);
            pack2BitK(Lb, blk.qs);
        }
    }
}

void quantizeRowQ2KRef(const float* x, void* y, int64_t n) { quantizeRowQ2KWith(scalarSolvers(), x, y, n); }

void dequantizeRowQ2K(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ2_K*>(src);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        const float d = fp16ToFp32(x[i].d), min = fp16ToFp32(x[i].dmin);
        for (int e = 0; e < QK_K; ++e) {
            const int h = e / 128, s = (e / 32) % 4, l = e % 32;
            const uint8_t sc = x[i].scales[e / 16];
            const float dl = d * float(sc & 0xF), ml = min * float(sc >> 4);
            *y++ = dl * float((x[i].qs[32 * h + l] >> (2 * s)) & 3) - ml;
        }
    }
}

} // namespace qs::quant
