#include "core/quant/kernels/kquant_solvers.h"

#include "core/quant/kernels/kquant_helpers.h"

#include <cmath>

namespace qs::quant {
namespace {

void qkx2Scalar(const Qkx2Config& cfg, const float* x, const float* wIn, int nsub, uint8_t* L, float* scales,
                float* mins) {
    float wOwn[32];
    uint8_t Laux[32];
    for (int s = 0; s < nsub; ++s) {
        const float* xs = x + s * cfg.n;
        const float* w = wIn ? wIn + s * cfg.n : wOwn;
        if (!wIn) {
            float avX = 0;
            if (cfg.rmsWeights) {
                float sumX2 = 0;
                for (int l = 0; l < cfg.n; ++l) sumX2 += xs[l] * xs[l];
                avX = std::sqrt(sumX2 / float(cfg.n));
            }
            for (int l = 0; l < cfg.n; ++l) wOwn[l] = cfg.rmsWeights ? avX + std::fabs(xs[l]) : std::fabs(xs[l]);
        }
        scales[s] = makeQkx2Quants(cfg.n, cfg.nmax, xs, w, L + s * cfg.n, &mins[s], Laux, cfg.rmin, cfg.rdelta,
                                   cfg.nstep, cfg.useMad);
    }
}

void qxScalar(int n, int nmax, const float* x, const float* w, int nsub, uint8_t* L, float* scales) {
    for (int s = 0; s < nsub; ++s) scales[s] = makeQxQuants(n, nmax, x + n * s, L + n * s, w ? w + n * s : nullptr);
}

void q3x16Scalar(const float* x, int nsub, uint8_t* L, float* scales) {
    for (int s = 0; s < nsub; ++s) scales[s] = makeQ3Quants(16, 4, x + 16 * s, L + 16 * s);
}

void requantizeScalar(const float* x, int nsub, int n, const float* dd, const float* dm, int lo, int hi,
                      uint8_t* L) {
    for (int s = 0; s < nsub; ++s) {
        const float d = dd[s];
        if (!d) continue;
        const float* xs = x + s * n;
        uint8_t* Ls = L + s * n;
        for (int i = 0; i < n; ++i) {
            int l = dm ? nearestInt((xs[i] + dm[s]) / d) : nearestInt(xs[i] / d);
            l = l < lo ? lo : (l > hi ? hi : l);
            Ls[i] = uint8_t(l - lo);
        }
    }
}

} // namespace

const KQuantSolvers& scalarSolvers() {
    static const KQuantSolvers s{qkx2Scalar, qxScalar, q3x16Scalar, requantizeScalar};
    return s;
}

} // namespace qs::quant
