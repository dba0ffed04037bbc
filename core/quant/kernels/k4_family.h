#pragma once
// Q4_K and Q5_K share their whole quantizer up to the level packing (formats.md §4.8, §4.9, §11.6):
// make_qkx2_quants per sub-block of 32 (weighted: sigma weights and make_qkx3_quants), 6-bit scales and
// mins, re-quantization with the effective scales. Only the level range and `pack` differ.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"

#include <algorithm>
#include <cstring>

namespace qs::quant {

// pack(block, L) stores the block's 256 levels (0 … maxLevel) into its qs (and qh).
template <class Block, class Pack>
void quantizeRowK4Family(const KQuantSolvers& solvers, const float* x, Block* y, int64_t n, const float* qw,
                         const Qkx2Config& plain, const Qkx2Config& weighted, bool fiveBit, int maxLevel, Pack pack) {
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
            solvers.qkx2(weighted, xc, w, nblk * 8, L, scales, mins);
        } else {
            solvers.qkx2(plain, xc, nullptr, nblk * 8, L, scales, mins);
        }
        for (int b = 0; b < nblk; ++b) {
            Block& blk = y[b0 + b];
            uint8_t* Lb = L + QK_K * b;
            float dd[8], dm[8];
            uint16_t d, dmin;
            if (qw) quantizeScalesMinsK4Weighted(scales + 8 * b, mins + 8 * b, sw + 8 * b, fiveBit, blk.scales, &d, &dmin, dd, dm);
            else quantizeScalesMinsK4(scales + 8 * b, mins + 8 * b, blk.scales, &d, &dmin, dd, dm);
            blk.d = d;
            blk.dmin = dmin;
            solvers.requantize(xc + b * QK_K, 8, 32, dd, dm, 0, maxLevel, Lb);
            pack(blk, Lb);
        }
    }
}

// Low nibbles: sub-blocks 2c and 2c + 1 share the 32 bytes qs[32c … 32c + 31]. Levels are ≤ 15, so eight
// bytes are packed per 64-bit word without a carry between bytes.
inline void packNibblesK4(uint8_t* qs, const uint8_t* L) {
    for (int c = 0; c < 4; ++c)
        for (int l = 0; l < 32; l += 8) {
            uint64_t lo, hi;
            std::memcpy(&lo, L + 64 * c + l, 8);
            std::memcpy(&hi, L + 64 * c + 32 + l, 8);
            const uint64_t packed = lo | (hi << 4);
            std::memcpy(qs + 32 * c + l, &packed, 8);
        }
}

} // namespace qs::quant
