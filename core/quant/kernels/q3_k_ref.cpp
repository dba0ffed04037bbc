// Q3_K (formats.md §4.7): 16 sub-blocks of 16, signed 6-bit scales, 3-bit levels (2 bits + high-bit mask).
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qs::quant {
namespace {

// The 16 signed sub-block scales as 6-bit levels against the largest (formats.md §4.7 step 2).
void quantizeScales(const float* sc, BlockQ3_K& blk) {
    float maxScale = 0, amax = 0;
    for (int j = 0; j < 16; ++j) {
        if (std::fabs(sc[j]) > amax) {
            amax = std::fabs(sc[j]);
            maxScale = sc[j];
        }
    }
    std::memset(blk.scales, 0, 12);
    if (maxScale != 0) {
        const float iscale = -32.f / maxScale;
        // ggml stores nearest_int into an int8 before clamping; |iscale·sc| ≤ 32 keeps that exact.
        for (int j = 0; j < 16; ++j) packQ3KScale(blk.scales, j, std::clamp(int(int8_t(nearestInt(iscale * sc[j]))), -32, 31) + 32);
        blk.d = fp32ToFp16(1 / iscale);
    } else {
        blk.d = fp32ToFp16(0.f);
    }
}

} // namespace

void quantizeRowQ3KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<BlockQ3_K*>(dst);
    const int64_t nb = n / QK_K;
    uint8_t L[kSolverChunkBlocks * QK_K], Ls[kSolverChunkBlocks * 16];
    float w[kSolverChunkBlocks * QK_K];
    float scales[kSolverChunkBlocks * 16], sw[kSolverChunkBlocks * 16], dBlock[kSolverChunkBlocks];
    for (int64_t b0 = 0; b0 < nb; b0 += kSolverChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kSolverChunkBlocks, nb - b0));
        const float* xc = x + b0 * QK_K;
        if (qw) {
            // Weighted (§11.6): make_qx_quants on the values, then on the 16 scales of each block as one
            // group weighted by the sub-block weight sums.
            for (int b = 0; b < nblk; ++b)
                sigmaWeights(xc + b * QK_K, qw + (b0 + b) * QK_K, 2 * sumSquares(xc + b * QK_K, QK_K) / float(QK_K), QK_K,
                             w + b * QK_K);
            solvers.qx(16, 4, xc, w, nblk * 16, L, scales);
            groupSums(w, nblk * 16, 16, sw);
            solvers.qx(16, 32, scales, sw, nblk, Ls, dBlock);
        } else {
            solvers.q3x16(xc, nblk * 16, L, scales);
        }
        for (int b = 0; b < nblk; ++b) {
            BlockQ3_K& blk = y[b0 + b];
            uint8_t* Lb = L + QK_K * b;
            if (qw) {
                std::memset(blk.scales, 0, 12);
                for (int j = 0; j < 16; ++j) packQ3KScale(blk.scales, j, Ls[16 * b + j]);
                blk.d = fp32ToFp16(dBlock[b]);
            } else {
                quantizeScales(scales + 16 * b, blk);
            }
            float dd[16];
            for (int j = 0; j < 16; ++j) dd[j] = fp16ToFp32(blk.d) * float(q3kScale(blk.scales, j));
            solvers.requantize(xc + b * QK_K, 16, 16, dd, nullptr, -4, 3, Lb);

            // Levels are 0…7: bit 2 goes to hmask[e % 32] bit e / 32 (branch-free form of ggml's L > 3 test).
            std::memset(blk.hmask, 0, sizeof blk.hmask);
            for (int h = 0; h < 8; ++h)
                for (int l = 0; l < 32; ++l) {
                    blk.hmask[l] |= uint8_t((Lb[32 * h + l] >> 2) << h);
                    Lb[32 * h + l] &= 3;
                }
            pack2BitK(Lb, blk.qs);
        }
    }
}

void quantizeRowQ3KRef(const float* x, void* y, int64_t n) { quantizeRowQ3KWith(scalarSolvers(), x, y, n); }
void quantizeRowQ3KWeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ3KWith(scalarSolvers(), x, y, n, qw);
}

void dequantizeRowQ3K(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ3_K*>(src);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        const float d = fp16ToFp32(x[i].d);
        for (int e = 0; e < QK_K; ++e) {
            const int h = e / 128, s = (e / 32) % 4, l = e % 32;
            const float dl = d * float(q3kScale(x[i].scales, e / 16));
            const int low = (x[i].qs[32 * h + l] >> (2 * s)) & 3;
            const int high = (x[i].hmask[l] >> (e / 32)) & 1;
            *y++ = dl * float(low - (high ? 0 : 4));
        }
    }
}

} // namespace qs::quant
