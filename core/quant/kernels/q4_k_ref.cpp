// Q4_K (formats.md §4.8): 8 sub-blocks of 32, 6-bit scales and mins, 4-bit levels.
#include "core/quant/kernels/k4_family.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"


namespace qs::quant {

void quantizeRowQ4KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    quantizeRowK4Family(solvers, x, static_cast<BlockQ4_K*>(dst), n, qw, kQ4KConfig, kQ4WeightedConfig, false, 15,
                        [](BlockQ4_K& blk, const uint8_t* L) { packNibblesK4(blk.qs, L); });
}

void quantizeRowQ4KRef(const float* x, void* y, int64_t n) { quantizeRowQ4KWith(scalarSolvers(), x, y, n); }
void quantizeRowQ4KWeightedRef(const float* x, void* y, int64_t n, const float* qw) {
    quantizeRowQ4KWith(scalarSolvers(), x, y, n, qw);
}

void dequantizeRowQ4K(const void* src, float* y, int64_t n) {
    auto* x = static_cast<const BlockQ4_K*>(src);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        const float d = fp16ToFp32(x[i].d), min = fp16ToFp32(x[i].dmin);
        for (int j = 0; j < 8; ++j) {
            uint8_t sc, m;
            getScaleMinK4(j, x[i].scales, &sc, &m);
            const float d1 = d * float(sc), m1 = min * float(m);
            const uint8_t* q = x[i].qs + 32 * (j / 2);
            const int shift = 4 * (j % 2);
            for (int l = 0; l < 32; ++l) *y++ = d1 * float((q[l] >> shift) & 0xF) - m1;
        }
    }
}

} // namespace qs::quant
