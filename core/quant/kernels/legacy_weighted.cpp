// Weighted Q4_0, Q4_1, Q5_0, Q5_1 (llama.cpp's quantize_row_qX_Y_impl with an imatrix, formats.md §11.5).
// Unlike the _ref paths, the codes come straight from the scale search; there is no re-quantization.
#include "core/quant/kernels/blocks.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/legacy_pack.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <algorithm>

namespace qs::quant {
namespace {

constexpr int kChunkBlocks = 32; // blocks handed to the solvers per call

// Symmetric types (Q4_0: nmax 8, Q5_0: nmax 16): one make_qx_quants per block.
template <class Block, int Nmax>
void quantizeSymmetric(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<Block*>(dst);
    const float sigma2 = sumSquares(x, n) / float(n); // σ² of the whole row
    float w[kChunkBlocks * QK], d[kChunkBlocks];
    uint8_t L[kChunkBlocks * QK];
    for (int64_t b0 = 0; b0 < n / QK; b0 += kChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kChunkBlocks, n / QK - b0));
        sigmaWeights(x + b0 * QK, qw + b0 * QK, sigma2, nblk * QK, w);
        solvers.qx(QK, Nmax, x + b0 * QK, w, nblk, L, d);
        for (int b = 0; b < nblk; ++b) {
            Block& blk = y[b0 + b];
            blk.d = fp32ToFp16(d[b]);
            if constexpr (Nmax == 8) packQ4(L + QK * b, blk.qs);
            else packQ5(L + QK * b, blk.qs, blk.qh);
        }
    }
}

// Scale-and-offset types (Q4_1, Q5_1): one make_qkx3_quants per block; m stores the fitted offset.
template <class Block, int Nmax>
void quantizeAffine(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    auto* y = static_cast<Block*>(dst);
    const float sigma2 = sumSquares(x, n) / float(n);
    float w[kChunkBlocks * QK], scales[kChunkBlocks], mins[kChunkBlocks];
    uint8_t L[kChunkBlocks * QK];
    for (int64_t b0 = 0; b0 < n / QK; b0 += kChunkBlocks) {
        const int nblk = int(std::min<int64_t>(kChunkBlocks, n / QK - b0));
        sigmaWeights(x + b0 * QK, qw + b0 * QK, sigma2, nblk * QK, w);
        solvers.qkx2(Nmax == 15 ? kQ4WeightedConfig : kQ5WeightedConfig, x + b0 * QK, w, nblk, L, scales, mins);
        for (int b = 0; b < nblk; ++b) {
            Block& blk = y[b0 + b];
            blk.d = fp32ToFp16(scales[b]);
            blk.m = fp32ToFp16(-mins[b]);
            if constexpr (Nmax == 15) packQ4(L + QK * b, blk.qs);
            else packQ5(L + QK * b, blk.qs, blk.qh);
        }
    }
}

} // namespace

// Without importances llama.cpp's _impl functions fall back to the _ref quantizers; so do these.
void quantizeRowQ4_0WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw) {
    qw ? quantizeSymmetric<BlockQ4_0, 8>(s, x, y, n, qw) : quantizeRowQ4_0Ref(x, y, n);
}
void quantizeRowQ5_0WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw) {
    qw ? quantizeSymmetric<BlockQ5_0, 16>(s, x, y, n, qw) : quantizeRowQ5_0Ref(x, y, n);
}
void quantizeRowQ4_1WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw) {
    qw ? quantizeAffine<BlockQ4_1, 15>(s, x, y, n, qw) : quantizeRowQ4_1Ref(x, y, n);
}
void quantizeRowQ5_1WeightedWith(const KQuantSolvers& s, const float* x, void* y, int64_t n, const float* qw) {
    qw ? quantizeAffine<BlockQ5_1, 31>(s, x, y, n, qw) : quantizeRowQ5_1Ref(x, y, n);
}

void quantizeRowQ4_0WeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ4_0WeightedWith(scalarSolvers(), x, y, n, qw);
}
void quantizeRowQ4_1WeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ4_1WeightedWith(scalarSolvers(), x, y, n, qw);
}
void quantizeRowQ5_0WeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ5_0WeightedWith(scalarSolvers(), x, y, n, qw);
}
void quantizeRowQ5_1WeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ5_1WeightedWith(scalarSolvers(), x, y, n, qw);
}

} // namespace qs::quant
