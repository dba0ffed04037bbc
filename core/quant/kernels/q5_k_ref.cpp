// Q5_K (formats.md §4.9): as Q4_K with 5-bit levels (high bit in qh).
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>
#include <cstring>

namespace qs::quant {

void quantizeRowQ5KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<BlockQ5_K*>(dst);
    const int64_t nb = n / QK_K;
    uint8_t L[kSolverChunkBlocks * QK_K];
    float w[kSolverChunkBlocks * QK_K];
    float scales[kSolverChunkBlocks * 8], mins[kSolverChunkBlocks * 8], sw[kSolverChunkBlocks * 8];
    for (int64_t b0 = 0; b0 < nb; b0 += kSolverChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kSolverChunkBlocks, nb - b0));
        const float* xc = x + b0 * QK_K;
        if (qw) { // weighted (formats.md §11.6)
            for (int b = 0; b < nblk; ++b)
                sigmaWeights(xc + b * QK_K, qw + (b0 + b) * QK_K, 2 * sumSquares(xc + b * QK_K, QK_K) / float(QK_K), QK_K,
                             w + b * QK_K);
            groupSums(w, nblk * 8, 32, sw);
            solvers.qkx2(kQ5WeightedConfig, xc, w, nblk * 8, L, scales, mins);
        } else {
            solvers.qkx2(kQ5KConfig, xc, nullptr, nblk * 8, L, scales, mins);
        }
        for (int b = 0; b < nblk; ++b) {
            BlockQ5_K& blk = y[b0 + b];
            uint8_t* Lb = L + QK_K * b;
            float dd[8], dm[8];
            uint16_t d, dmin;
            if (qw) quantizeScalesMinsK4Weighted(scales + 8 * b, mins + 8 * b, sw + 8 * b, true, blk.scales, &d, &dmin, dd, dm);
            else quantizeScalesMinsK4(scales + 8 * b, mins + 8 * b, blk.scales, &d, &dmin, dd, dm);
            blk.d = d;
            blk.dmin = dmin;
            solvers.requantize(xc + b * QK_K, 8, 32, dd, dm, 0, 31, Lb);
            // Levels are 0…31: bit 4 goes to qh[e % 32] bit e / 32 (branch-free form of ggml's L > 15 test).
            std::memset(blk.qh, 0, sizeof blk.qh);
            for (int b = 0; b < 8; ++b)
                for (int l = 0; l < 32; ++l) {
                    blk.qh[l] |= uint8_t((Lb[32 * b + l] >> 4) << b);
                    Lb[32 * b + l] &= 15;
                }
            for (int c = 0; c < 4; ++c)
                for (int l = 0; l < 32; ++l) blk.qs[32 * c + l] = uint8_t(Lb[64 * c + l] | (Lb[64 * c + 32 + l] << 4));
        }
    }
}

void quantizeRowQ5KRef(const float* x, void* y, int64_t n) { quantizeRowQ5KWith(scalarSolvers(), x, y, n); }
void quantizeRowQ5KWeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ5KWith(scalarSolvers(), x, y, n, qw);
}

void dequantizeRowQ5K(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ5_K*>(src);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        const float d = fp16ToFp32(x[i].d), min = fp16ToFp32(x[i].dmin);
        for (int j = 0; j < 8; ++j) {
            uint8_t sc, m;
            getScaleMinK4(j, x[i].scales, &sc, &m);
            const float d1 = d * float(sc), m1 = min * float(m);
            const uint8_t* q = x[i].qs + 32 * (j / 2);
            const int shift = 4 * (j % 2);
            for (int l = 0; l < 32; ++l) {
                const int high = (x[i].qh[l] >> j) & 1;
                *y++ = d1 * float(((q[l] >> shift) & 0xF) + (high ? 16 : 0)) - m1;
            }
        }
    }
}

} // namespace qs::quant
