// Q2_K (formats.md §4.6): 16 sub-blocks of 16, 4-bit scale and min indices, 2-bit levels.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>

namespace qs::quant {

namespace {

// Scale and min indices against their maxima (formats.md §4.6 steps 2–3).
void quantizeScalesMins(const float* sc, const float* mn, BlockQ2_K& blk) {
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
}

// The weighted path's version (§11.6): both level sets from make_qp_quants against the sub-block weight sums.
void quantizeScalesMinsWeighted(const float* sc, const float* mn, const float* sw, BlockQ2_K& blk) {
    uint8_t ls[16], lm[16];
    blk.d = fp32ToFp16(makeQpQuants(16, 15, sc, ls, sw));
    blk.dmin = fp32ToFp16(makeQpQuants(16, 15, mn, lm, sw));
    for (int j = 0; j < 16; ++j) blk.scales[j] = uint8_t(ls[j] | (lm[j] << 4));
}

} // namespace

void quantizeRowQ2KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<BlockQ2_K*>(dst);
    const int64_t nb = n / QK_K;
    uint8_t L[kSolverChunkBlocks * QK_K];
    float w[kSolverChunkBlocks * QK_K];
    float scales[kSolverChunkBlocks * 16], mins[kSolverChunkBlocks * 16], sw[kSolverChunkBlocks * 16];
    for (int64_t b0 = 0; b0 < nb; b0 += kSolverChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kSolverChunkBlocks, nb - b0));
        const float* xc = x + b0 * QK_K;
        if (qw) {
            for (int b = 0; b < nblk; ++b) // sigma² = Σx²/256 here (Q3_K…Q5_K use twice that)
                sigmaWeights(xc + b * QK_K, qw + (b0 + b) * QK_K, sumSquares(xc + b * QK_K, QK_K) / float(QK_K), QK_K,
                             w + b * QK_K);
            groupSums(w, nblk * 16, 16, sw);
            solvers.qkx2(kQ2KWeightedConfig, xc, w, nblk * 16, L, scales, mins);
        } else {
            solvers.qkx2(kQ2KConfig, xc, nullptr, nblk * 16, L, scales, mins);
        }
        for (int b = 0; b < nblk; ++b) {
            BlockQ2_K& blk = y[b0 + b];
            uint8_t* Lb = L + QK_K * b;
            if (qw) quantizeScalesMinsWeighted(scales + 16 * b, mins + 16 * b, sw + 16 * b, blk);
            else quantizeScalesMins(scales + 16 * b, mins + 16 * b, blk);
            float dd[16], dm[16];
            for (int j = 0; j < 16; ++j) {
                dd[j] = fp16ToFp32(blk.d) * float(blk.scales[j] & 0xF);
                dm[j] = fp16ToFp32(blk.dmin) * float(blk.scales[j] >> 4);
            }
            solvers.requantize(xc + b * QK_K, 16, 16, dd, dm, 0, 3, Lb);
            pack2BitK(Lb, blk.qs);
        }
    }
}

void quantizeRowQ2KRef(const float* x, void* y, int64_t n) { quantizeRowQ2KWith(scalarSolvers(), x, y, n); }
void quantizeRowQ2KWeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ2KWith(scalarSolvers(), x, y, n, qw);
}

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
