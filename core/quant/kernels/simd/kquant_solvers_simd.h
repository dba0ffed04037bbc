#pragma once
// The K-quant solvers (kquant_solvers.h) over the lane wrappers of vec.h. One lane = one sub-block: the
// W sub-blocks of a group are transposed so that lane s runs exactly the scalar helper's sequence of
// float operations on sub-block s (sums stay sequential in element order inside each lane). Branches
// become masks; a lane whose scalar code would skip a step keeps its values. Bit-identical to
// kquant_helpers.cpp by construction, and tested so.
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/simd/vec.h"

namespace qs::quant {
namespace {

template <class V> struct KSolversSimd {
    using F = typename V::F;
    using I = typename V::I;
    using M = typename V::M;
    static constexpr int W = V::W;
    static constexpr int kMaxN = 32;

    // t[i·W + s] = x[s·n + i] for the `valid` sub-blocks, 0 for the padding lanes.
    static void transposeIn(const float* x, int n, int valid, float* t) {
        for (int s = 0; s < W; ++s)
            for (int i = 0; i < n; ++i) t[i * W + s] = s < valid ? x[s * n + i] : 0.0f;
    }
    static void transposeOut(const float* t, int n, int valid, uint8_t* L) {
        for (int s = 0; s < valid; ++s)
            for (int i = 0; i < n; ++i) L[s * n + i] = uint8_t(int(t[i * W + s]));
    }
    static F lanes(const float* t, int i) { return V::load(t + i * W); }

    // The value of largest magnitude per lane (first wins), and that magnitude.
    static void absMaxSigned(const float* xt, int n, F* max, F* amax) {
        *max = V::zero();
        *amax = V::zero();
        for (int i = 0; i < n; ++i) {
            const F x = lanes(xt, i), ax = V::abs(x);
            const M up = V::gt(ax, *amax);
            *amax = V::select(up, ax, *amax);
            *max = V::select(up, x, *max);
        }
    }

    // ---- make_qkx2_quants ------------------------------------------------------------------------
    static void qkx2(const Qkx2Config& cfg, const float* x, int nsub, uint8_t* L, float* scales, float* mins) {
        for (int g = 0; g < nsub; g += W) {
            const int valid = nsub - g < W ? nsub - g : W;
            alignas(64) float sc[W], mn[W];
            qkx2Group(cfg, x + g * cfg.n, valid, L + g * cfg.n, sc, mn);
            for (int s = 0; s < valid; ++s) {
                scales[g + s] = sc[s];
                mins[g + s] = mn[s];
            }
        }
    }

    static void qkx2Group(const Qkx2Config& cfg, const float* x, int valid, uint8_t* Lout, float* scales, float* mins) {
        const int n = cfg.n;
        alignas(64) float xt[kMaxN * W], wt[kMaxN * W], laux[kMaxN * W], lbest[kMaxN * W];
        transposeIn(x, n, valid, xt);
        if (cfg.rmsWeights) {
            F sumX2 = V::zero();
            for (int i = 0; i < n; ++i) sumX2 = V::add(sumX2, V::mul(lanes(xt, i), lanes(xt, i)));
            const F avX = V::sqrt(V::div(sumX2, V::set1(float(n))));
            for (int i = 0; i < n; ++i) V::store(wt + i * W, V::add(avX, V::abs(lanes(xt, i))));
        } else {
            for (int i = 0; i < n; ++i) V::store(wt + i * W, V::abs(lanes(xt, i)));
        }

        F min = lanes(xt, 0), max = min, sumW = lanes(wt, 0);
        F sumX = V::mul(sumW, min);
        for (int i = 1; i < n; ++i) {
            const F xi = lanes(xt, i), wi = lanes(wt, i);
            min = V::select(V::lt(xi, min), xi, min);
            max = V::select(V::gt(xi, max), xi, max);
            sumW = V::add(sumW, wi);
            sumX = V::add(sumX, V::mul(wi, xi));
        }
        min = V::select(V::gt(min, V::zero()), V::zero(), min);
        const M flat = V::eq(max, min); // scalar returns early: L = 0, scale 0
        const F flatMin = min;

        F iscale = V::div(V::set1(float(cfg.nmax)), V::sub(max, min));
        F scale = V::div(V::set1(1.0f), iscale);
        F best = V::zero();
        for (int i = 0; i < n; ++i) {
            const F xi = lanes(xt, i);
            const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, V::sub(xi, min))), 0, cfg.nmax));
            V::store(lbest + i * W, l);
            best = V::add(best, V::mul(lanes(wt, i), error(cfg, V::sub(V::add(V::mul(scale, l), min), xi))));
        }

        for (int is = 0; is <= cfg.nstep; ++is) {
            const float num = cfg.rmin + cfg.rdelta * float(is) + float(cfg.nmax); // same scalar expression
            iscale = V::div(V::set1(num), V::sub(max, min)); // min is the running, per-lane best
            F sumL = V::zero(), sumL2 = V::zero(), sumXL = V::zero();
            for (int i = 0; i < n; ++i) {
                const F xi = lanes(xt, i);
                const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, V::sub(xi, min))), 0, cfg.nmax));
                V::store(laux + i * W, l);
                const F wl = V::mul(lanes(wt, i), l);
                sumL = V::add(sumL, wl);
                sumL2 = V::add(sumL2, V::mul(wl, l));
                sumXL = V::add(sumXL, V::mul(wl, xi));
            }
            const F D = V::sub(V::mul(sumW, sumL2), V::mul(sumL, sumL));
            const M ok = V::gt(D, V::zero());
            if (!V::bits(ok)) continue;
            F thisScale = V::div(V::sub(V::mul(sumW, sumXL), V::mul(sumX, sumL)), D);
            F thisMin = V::div(V::sub(V::mul(sumL2, sumX), V::mul(sumL, sumXL)), D);
            const M pos = V::gt(thisMin, V::zero());
            thisScale = V::select(pos, V::div(sumXL, sumL2), thisScale);
            thisMin = V::select(pos, V::zero(), thisMin);
            F cur = V::zero();
            for (int i = 0; i < n; ++i) {
                const F diff = V::sub(V::add(V::mul(thisScale, lanes(laux, i)), thisMin), lanes(xt, i));
                cur = V::add(cur, V::mul(lanes(wt, i), error(cfg, diff)));
            }
            const M take = V::mand(ok, V::lt(cur, best));
            if (!V::bits(take)) continue;
            for (int i = 0; i < n; ++i) V::store(lbest + i * W, V::select(take, lanes(laux, i), lanes(lbest, i)));
            best = V::select(take, cur, best);
            scale = V::select(take, thisScale, scale);
            min = V::select(take, thisMin, min);
        }

        for (int i = 0; i < n; ++i) V::store(lbest + i * W, V::select(flat, V::zero(), lanes(lbest, i)));
        V::store(scales, V::select(flat, V::zero(), scale));
        V::store(mins, V::neg(V::select(flat, flatMin, min)));
        transposeOut(lbest, n, valid, Lout);
    }

    static F error(const Qkx2Config& cfg, F diff) { return cfg.useMad ? V::abs(diff) : V::mul(diff, diff); }

    // ---- make_qx_quants(16, 32, x, L, 1, NULL) ---------------------------------------------------
    static void qx16(const float* x, int nsub, uint8_t* L, float* scales) {
        constexpr int n = 16, nmax = 32;
        for (int g = 0; g < nsub; g += W) {
            const int valid = nsub - g < W ? nsub - g : W;
            alignas(64) float xt[n * W], lt[n * W], sc[W];
            transposeIn(x + g * n, n, valid, xt);
            F max, amax;
            absMaxSigned(xt, n, &max, &amax);
            const M zero = V::lt(amax, V::set1(1e-15f));

            auto sums = [&](F iscale, F* sumlx, F* suml2) {
                *sumlx = V::zero();
                *suml2 = V::zero();
                for (int i = 0; i < n; ++i) {
                    const F xi = lanes(xt, i);
                    const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, xi)), -nmax, nmax - 1));
                    const F w = V::mul(xi, xi);
                    *sumlx = V::add(*sumlx, V::mul(V::mul(w, xi), l));
                    *suml2 = V::add(*suml2, V::mul(V::mul(w, l), l));
                }
            };
            F bestIscale = V::div(V::set1(float(-nmax)), max);
            F sumlx, suml2;
            sums(bestIscale, &sumlx, &suml2);
            F scale = V::select(V::neq(suml2, V::zero()), V::div(sumlx, suml2), V::zero());
            F best = V::mul(scale, sumlx);
            for (int is = -9; is <= 9; ++is) {
                if (is == 0) continue;
                const F iscale = V::div(V::set1(-(float(nmax) + 0.1f * float(is))), max);
                sums(iscale, &sumlx, &suml2);
                const M take = V::mand(V::gt(suml2, V::zero()), V::gt(V::mul(sumlx, sumlx), V::mul(best, suml2)));
                const F newScale = V::div(sumlx, suml2);
                bestIscale = V::select(take, iscale, bestIscale);
                scale = V::select(take, newScale, scale);
                best = V::select(take, V::mul(newScale, sumlx), best);
            }
            // L is a function of the accepted iscale, so compute it once for the last accepted one.
            for (int i = 0; i < n; ++i) {
                const I l = clampI<V>(vNearestInt<V>(V::mul(bestIscale, lanes(xt, i))), -nmax, nmax - 1);
                V::store(lt + i * W, V::select(zero, V::zero(), V::cvt(V::iadd(l, V::seti(nmax)))));
            }
            V::store(sc, V::select(zero, V::zero(), scale));
            transposeOut(lt, n, valid, L + g * n);
            for (int s = 0; s < valid; ++s) scales[g + s] = sc[s];
        }
    }

    // ---- make_q3_quants(16, 4, x, L, true) -------------------------------------------------------
    static void q3x16(const float* x, int nsub, uint8_t* L, float* scales) {
        constexpr int n = 16, nmax = 4;
        for (int g = 0; g < nsub; g += W) {
            const int valid = nsub - g < W ? nsub - g : W;
            alignas(64) float xt[n * W], lt[n * W], sc[W];
            transposeIn(x + g * n, n, valid, xt);
            F max, amax;
            absMaxSigned(xt, n, &max, &amax);
            const M zero = V::lt(amax, V::set1(1e-15f));
            const F iscale = V::div(V::set1(float(-nmax)), max);

            F sumlx = V::zero(), suml2 = V::zero();
            for (int i = 0; i < n; ++i) {
                const F xi = lanes(xt, i);
                const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, xi)), -nmax, nmax - 1));
                V::store(lt + i * W, l);
                const F w = V::mul(xi, xi);
                sumlx = V::add(sumlx, V::mul(V::mul(w, xi), l));
                suml2 = V::add(suml2, V::mul(V::mul(w, l), l));
            }
            // A lane whose sweep changes nothing would change nothing in later sweeps either (same state,
            // same arithmetic), so running every lane until all are done matches the scalar early exit.
            for (int itry = 0; itry < 5; ++itry) {
                M changed = V::none();
                for (int i = 0; i < n; ++i) {
                    const F xi = lanes(xt, i), li = lanes(lt, i);
                    const F w = V::mul(xi, xi);
                    F slx = V::sub(sumlx, V::mul(V::mul(w, xi), li));
                    const M pos = V::gt(slx, V::zero());
                    if (!V::bits(pos)) continue;
                    F sl2 = V::sub(suml2, V::mul(V::mul(w, li), li));
                    const F nl = V::cvt(clampI<V>(vNearestInt<V>(V::div(V::mul(xi, sl2), slx)), -nmax, nmax - 1));
                    const M differs = V::mand(pos, V::neq(nl, li));
                    slx = V::add(slx, V::mul(V::mul(w, xi), nl));
                    sl2 = V::add(sl2, V::mul(V::mul(w, nl), nl));
                    const M better = V::gt(V::mul(V::mul(slx, slx), suml2), V::mul(V::mul(sumlx, sumlx), sl2));
                    const M take = V::mand(differs, V::mand(V::gt(sl2, V::zero()), better));
                    V::store(lt + i * W, V::select(take, nl, li));
                    sumlx = V::select(take, slx, sumlx);
                    suml2 = V::select(take, sl2, suml2);
                    changed = V::mor(changed, take);
                }
                if (!V::bits(changed)) break;
            }
            for (int i = 0; i < n; ++i)
                V::store(lt + i * W, V::select(zero, V::zero(), V::add(lanes(lt, i), V::set1(float(nmax)))));
            const F scale = V::select(V::gt(suml2, V::zero()), V::div(sumlx, suml2), V::zero());
            V::store(sc, V::select(zero, V::zero(), scale));
            transposeOut(lt, n, valid, L + g * n);
            for (int s = 0; s < valid; ++s) scales[g + s] = sc[s];
        }
    }

    // ---- final re-quantization with the block's effective scales ----------------------------------
    static void requantize(const float* x, int nsub, int n, const float* dd, const float* dm, int lo, int hi,
                           uint8_t* L) {
        for (int s = 0; s < nsub; ++s) {
            if (!dd[s]) continue;
            const F d = V::set1(dd[s]);
            for (int i = 0; i < n; i += W) {
                F v = V::load(x + s * n + i);
                if (dm) v = V::add(v, V::set1(dm[s]));
                const I l = clampI<V>(vNearestInt<V>(V::div(v, d)), lo, hi);
                V::storeU8(L + s * n + i, V::isub(l, V::seti(lo)));
            }
        }
    }

    static KQuantSolvers table() { return {qkx2, qx16, q3x16, requantize}; }
};

} // namespace
} // namespace qs::quant
