// Q5_K (formats.md §4.9): as Q4_K with 5-bit levels (high bit in qh).
#include "core/quant/kernels/k4_family.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <cstring>

namespace qs::quant {

void quantizeRowQ5KWith(const KQuantSolvers& solvers, const float* x, void* dst, int64_t n, const float* qw) {
    quantizeRowK4Family(solvers, x, static_cast<BlockQ5_K*>(dst), n, qw, kQ5KConfig, kQ5WeightedConfig, true, 31,
                        [](BlockQ5_K& blk, uint8_t* L) {
                            // Levels are 0…31: bit 4 goes to qh[e % 32] bit e / 32 (branch-free form of ggml's L > 15 test).
                            std::memset(blk.qh, 0, sizeof blk.qh);
                            for (int b = 0; b < 8; ++b)
                                for (int l = 0; l < 32; ++l) {
                                    blk.qh[l] |= uint8_t((L[32 * b + l] >> 4) << b);
                                    L[32 * b + l] &= 15;
                                }
                            packNibblesK4(blk.qs, L);
                        });
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
