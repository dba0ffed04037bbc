#pragma once
// The K-quant solvers (kquant_solvers.h) over the lane wrappers of vec.h. One lane = one sub-block: the
// W sub-blocks of a group are transposed so that lane s runs exactly the scalar helper's sequence of
// float operations on sub-block s (sums stay sequential in element order inside each lane). Branches
// become masks; a lane whose scalar code would skip a step keeps its values. Bit-identical to
// kquant_helpers.cpp by construction, and tested so.
#include "core/quant/kernels/kquant_solvers.h"
#include "core/quant/kernels/simd/vec.h"

#include <algorithm>

namespace qs::quant {
namespace {

template <class V> struct KSolversSimd {
    using F = typename V::F;
    using I = typename V::I;
    using M = typename V::M;
    static constexpr int W = V::W;
    static constexpr int kMaxN = 32;

    // t[i·W + s] = x[s·n + i] for the `valid` sub-blocks, 0 for the padding lanes. Full groups go through
    // W×W register transposes (n is a multiple of W for every caller's full group).
    static void transposeIn(const float* x, int n, int valid, float* t) {
        if (valid == W && n % W == 0) {
            for (int c = 0; c < n; c += W) {
                F r[W];
                for (int s = 0; s < W; ++s) r[s] = V::load(x + s * n + c);
                V::transpose(r);
                for (int i = 0; i < W; ++i) V::store(t + (c + i) * W, r[i]);
            }
            return;
        }
        for (int s = 0; s < valid; ++s)
            for (int i = 0; i < n; ++i) t[i * W + s] = x[s * n + i];
        for (int s = valid; s < W; ++s)
            for (int i = 0; i < n; ++i) t[i * W + s] = 0.0f;
    }
    // L[s·n + i] = (uint8)(int)t[i·W + s]: the levels back in sub-block order.
    static void transposeOut(const float* t, int n, int valid, uint8_t* L) {
        if (valid == W && n % W == 0) {
            for (int c = 0; c < n; c += W) {
                F r[W];
                for (int i = 0; i < W; ++i) r[i] = V::load(t + (c + i) * W);
                V::transpose(r);
                for (int s = 0; s < W; ++s) V::storeU8(L + s * n + c, V::cvtt(r[s]));
            }
            return;
        }
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
    // Written for G interleaved groups, but the trial loop is throughput-bound, not latency-bound:
    // G = 2 measured ~30 % slower on Zen 4 (register spills), so one group at a time.
    static constexpr int kQkx2Groups = 1;

    static void qkx2(const Qkx2Config& cfg, const float* x, const float* w, int nsub, uint8_t* L, float* scales,
                     float* mins) {
        constexpr int G = kQkx2Groups;
        const int n = cfg.n;
        for (int g0 = 0; g0 < nsub; g0 += G * W) {
            const int valid = nsub - g0 < G * W ? nsub - g0 : G * W;
            alignas(64) float xt[G][kMaxN * W], wt[G][kMaxN * W], lbest[G][kMaxN * W], sc[G][W], mn[G][W];
            for (int g = 0; g < G; ++g) {
                const int v = valid - g * W, lanesUsed = v < 0 ? 0 : (v > W ? W : v);
                transposeIn(x + (g0 + g * W) * n, n, lanesUsed, xt[g]);
                if (w) transposeIn(w + (g0 + g * W) * n, n, lanesUsed, wt[g]);
                else configWeights(cfg, xt[g], wt[g]);
            }
            // Compile-time sub-block size and error kind: fixed loop bounds, no per-element branch.
            if (n == 16 && cfg.useMad) qkx2Groups<G, 16, true>(cfg, xt, wt, lbest, sc, mn);
            else if (n == 16) qkx2Groups<G, 16, false>(cfg, xt, wt, lbest, sc, mn);
            else qkx2Groups<G, 32, false>(cfg, xt, wt, lbest, sc, mn);
            for (int g = 0; g < G; ++g) {
                const int v = valid - g * W;
                if (v <= 0) break;
                transposeOut(lbest[g], n, v > W ? W : v, L + (g0 + g * W) * n);
                for (int s = 0; s < W && s < v; ++s) {
                    scales[g0 + g * W + s] = sc[g][s];
                    mins[g0 + g * W + s] = mn[g][s];
                }
            }
        }
    }

    // The _ref paths' weights: |x|, or sqrtf(Σx²/n) + |x| (Q4_K, Q5_K).
    static void configWeights(const Qkx2Config& cfg, const float* xt, float* wt) {
        const int n = cfg.n;
        if (cfg.rmsWeights) {
            F sumX2 = V::zero();
            for (int i = 0; i < n; ++i) sumX2 = V::add(sumX2, V::mul(lanes(xt, i), lanes(xt, i)));
            const F avX = V::sqrt(V::div(sumX2, V::set1(float(n))));
            for (int i = 0; i < n; ++i) V::store(wt + i * W, V::add(avX, V::abs(lanes(xt, i))));
        } else {
            for (int i = 0; i < n; ++i) V::store(wt + i * W, V::abs(lanes(xt, i)));
        }
    }

    // clamp(nearest_int(f), 0, nmax) as a float, exactly as the scalar helper computes it.
    static F levelExact(F f, int nmax) { return V::cvt(clampI<V>(vNearestInt<V>(f), 0, nmax)); }
    // The same for lanes known to satisfy |f| < 2^22, where nearest_int's magic-number trick is plain
    // round-to-nearest-even: one rounding and two float clamps instead of six integer steps. max(r, 0)
    // returns the +0 operand for r = -0, as the integer path's conversion does.
    static F levelFast(F f, F nmax) { return V::min(V::max(V::roundEven(f), V::zero()), nmax); }

    // How a trial may round iscale·(x − min) on every lane, judged from the ends of each lane's range
    // [xlo, xhi] (subtraction and multiplication round monotonically, so the ends bound every element):
    //   Exact  nearest_int as the scalar code (some lane may be beyond 2^22, Inf or NaN);
    //   Clamp  one rounding instruction, then the clamps (|f| < 2^22 everywhere);
    //   Bare   no clamp needed: every f is in (−0.5, nmax + 0.5), so the rounded level is already in range
    //          (a level of −0 can come out; it leaves every sum and error exactly as +0 would).
    enum class Rounding { Exact, Clamp, Bare };
    static Rounding trialRounding(F iscale, F min, F xlo, F xhi, int nmax) {
        const F a = V::mul(iscale, V::sub(xlo, min)), b = V::mul(iscale, V::sub(xhi, min));
        const F lo = V::min(a, b), hi = V::max(a, b);
        constexpr int all = (1 << W) - 1;
        const F lim = V::set1(4194304.0f);
        if (V::bits(V::mand(V::lt(V::abs(a), lim), V::lt(V::abs(b), lim))) != all) return Rounding::Exact;
        const bool inside = V::bits(V::mand(V::gt(lo, V::set1(-0.5f)), V::lt(hi, V::set1(float(nmax) + 0.5f)))) == all;
        return inside ? Rounding::Bare : Rounding::Clamp;
    }

    // One trial's levels (into laux) and its weighted sums Σw·l, Σw·l², Σw·l·x, in element order.
    template <int G, int N, Rounding R>
    static void trialSums(int nmax, const float (*xt)[kMaxN * W], const float (*wt)[kMaxN * W], const F* iscale,
                          const F* min, float (*laux)[kMaxN * W], F* sumL, F* sumL2, F* sumXL) {
        const F nmaxF = V::set1(float(nmax));
        for (int i = 0; i < N; ++i)
            for (int g = 0; g < G; ++g) {
                const F xi = lanes(xt[g], i);
                const F f = V::mul(iscale[g], V::sub(xi, min[g]));
                F l;
                if constexpr (R == Rounding::Bare) l = V::roundEven(f);
                else if constexpr (R == Rounding::Clamp) l = levelFast(f, nmaxF);
                else l = levelExact(f, nmax);
                V::store(laux[g] + i * W, l);
                const F wl = V::mul(lanes(wt[g], i), l);
                sumL[g] = V::add(sumL[g], wl);
                sumL2[g] = V::add(sumL2[g], V::mul(wl, l));
                sumXL[g] = V::add(sumXL[g], V::mul(wl, xi));
            }
    }

    // make_qkx2_quants, lane-wise. The scalar code copies the trial levels into L whenever a trial wins;
    // here a lane only remembers the winning trial's iscale and min, and L is recomputed from them once at
    // the end (the same float operations give the same levels).
    template <int G, int N, bool Mad>
    static void qkx2Groups(const Qkx2Config& cfg, const float (*xt)[kMaxN * W], const float (*wt)[kMaxN * W],
                           float (*lbest)[kMaxN * W], float (*scales)[W], float (*mins)[W]) {
        constexpr int n = N;
        alignas(64) float laux[G][kMaxN * W];
        F min[G], max[G], xlo[G], sumW[G], sumX[G], flatMin[G], scale[G], best[G], lIscale[G], lMin[G];
        M flat[G];
        const F nmaxF = V::set1(float(cfg.nmax));
        for (int g = 0; g < G; ++g) {
            min[g] = lanes(xt[g], 0);
            max[g] = min[g];
            sumW[g] = lanes(wt[g], 0);
            sumX[g] = V::mul(sumW[g], min[g]);
            for (int i = 1; i < n; ++i) {
                const F xi = lanes(xt[g], i), wi = lanes(wt[g], i);
                min[g] = V::select(V::lt(xi, min[g]), xi, min[g]);
                max[g] = V::select(V::gt(xi, max[g]), xi, max[g]);
                sumW[g] = V::add(sumW[g], wi);
                sumX[g] = V::add(sumX[g], V::mul(wi, xi));
            }
            xlo[g] = min[g];
            min[g] = V::select(V::gt(min[g], V::zero()), V::zero(), min[g]);
            flat[g] = V::eq(max[g], min[g]); // scalar returns early: L = 0, scale 0
            flatMin[g] = min[g];

            const F iscale = V::div(nmaxF, V::sub(max[g], min[g]));
            scale[g] = V::div(V::set1(1.0f), iscale);
            lIscale[g] = iscale;
            lMin[g] = min[g];
            best[g] = V::zero();
            for (int i = 0; i < n; ++i) {
                const F xi = lanes(xt[g], i);
                const F l = levelExact(V::mul(iscale, V::sub(xi, min[g])), cfg.nmax);
                best[g] = V::add(best[g], V::mul(lanes(wt[g], i), error<Mad>(V::sub(V::add(V::mul(scale[g], l), min[g]), xi))));
            }
        }

        for (int is = 0; is <= cfg.nstep; ++is) {
            const float num = cfg.rmin + cfg.rdelta * float(is) + float(cfg.nmax); // same scalar expression
            F iscale[G], sumL[G], sumL2[G], sumXL[G];
            Rounding rounding = Rounding::Bare;
            for (int g = 0; g < G; ++g) {
                iscale[g] = V::div(V::set1(num), V::sub(max[g], min[g])); // min is the running, per-lane best
                sumL[g] = sumL2[g] = sumXL[g] = V::zero();
                rounding = std::min(rounding, trialRounding(iscale[g], min[g], xlo[g], max[g], cfg.nmax));
            }
            if (rounding == Rounding::Bare) trialSums<G, N, Rounding::Bare>(cfg.nmax, xt, wt, iscale, min, laux, sumL, sumL2, sumXL);
            else if (rounding == Rounding::Clamp) trialSums<G, N, Rounding::Clamp>(cfg.nmax, xt, wt, iscale, min, laux, sumL, sumL2, sumXL);
            else trialSums<G, N, Rounding::Exact>(cfg.nmax, xt, wt, iscale, min, laux, sumL, sumL2, sumXL);
            M ok[G];
            F thisScale[G], thisMin[G], cur[G];
            int any = 0;
            for (int g = 0; g < G; ++g) {
                const F D = V::sub(V::mul(sumW[g], sumL2[g]), V::mul(sumL[g], sumL[g]));
                ok[g] = V::gt(D, V::zero());
                any |= V::bits(ok[g]);
                thisScale[g] = V::div(V::sub(V::mul(sumW[g], sumXL[g]), V::mul(sumX[g], sumL[g])), D);
                thisMin[g] = V::div(V::sub(V::mul(sumL2[g], sumX[g]), V::mul(sumL[g], sumXL[g])), D);
                const M pos = V::gt(thisMin[g], V::zero());
                thisScale[g] = V::select(pos, V::div(sumXL[g], sumL2[g]), thisScale[g]);
                thisMin[g] = V::select(pos, V::zero(), thisMin[g]);
                cur[g] = V::zero();
            }
            if (!any) continue;
            for (int i = 0; i < n; ++i)
                for (int g = 0; g < G; ++g) {
                    const F diff = V::sub(V::add(V::mul(thisScale[g], lanes(laux[g], i)), thisMin[g]), lanes(xt[g], i));
                    cur[g] = V::add(cur[g], V::mul(lanes(wt[g], i), error<Mad>(diff)));
                }
            for (int g = 0; g < G; ++g) {
                const M take = V::mand(ok[g], V::lt(cur[g], best[g]));
                lIscale[g] = V::select(take, iscale[g], lIscale[g]);
                lMin[g] = V::select(take, min[g], lMin[g]);
                best[g] = V::select(take, cur[g], best[g]);
                scale[g] = V::select(take, thisScale[g], scale[g]);
                min[g] = V::select(take, thisMin[g], min[g]);
            }
        }

        for (int g = 0; g < G; ++g) {
            for (int i = 0; i < n; ++i) {
                const F l = levelExact(V::mul(lIscale[g], V::sub(lanes(xt[g], i), lMin[g])), cfg.nmax);
                V::store(lbest[g] + i * W, V::select(flat[g], V::zero(), l));
            }
            V::store(scales[g], V::select(flat[g], V::zero(), scale[g]));
            V::store(mins[g], V::neg(V::select(flat[g], flatMin[g], min[g])));
        }
    }

    template <bool Mad> static F error(F diff) {
        if constexpr (Mad) return V::abs(diff);
        else return V::mul(diff, diff);
    }

    // ---- make_qx_quants(n, nmax, x, L, 1, w) ----------------------------------------------------------
    static void qx(int n, int nmax, const float* x, const float* w, int nsub, uint8_t* L, float* scales) {
        if (n == 16) qxN<16>(nmax, x, w, nsub, L, scales);
        else qxN<32>(nmax, x, w, nsub, L, scales);
    }

    template <int N> static void qxN(int nmax, const float* x, const float* w, int nsub, uint8_t* L, float* scales) {
        for (int g = 0; g < nsub; g += W) {
            const int valid = nsub - g < W ? nsub - g : W;
            alignas(64) float xt[N * W], wt[N * W], lt[N * W], sc[W];
            transposeIn(x + g * N, N, valid, xt);
            if (w) transposeIn(w + g * N, N, valid, wt);
            else
                for (int i = 0; i < N; ++i) V::store(wt + i * W, V::mul(lanes(xt, i), lanes(xt, i)));
            F max, amax;
            absMaxSigned(xt, N, &max, &amax);
            const M zero = V::lt(amax, V::set1(1e-15f));

            auto sums = [&](F iscale, F* sumlx, F* suml2) {
                *sumlx = V::zero();
                *suml2 = V::zero();
                for (int i = 0; i < N; ++i) {
                    const F xi = lanes(xt, i), wi = lanes(wt, i);
                    const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, xi)), -nmax, nmax - 1));
                    *sumlx = V::add(*sumlx, V::mul(V::mul(wi, xi), l));
                    *suml2 = V::add(*suml2, V::mul(V::mul(wi, l), l));
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
            for (int i = 0; i < N; ++i) {
                const I l = clampI<V>(vNearestInt<V>(V::mul(bestIscale, lanes(xt, i))), -nmax, nmax - 1);
                V::store(lt + i * W, V::select(zero, V::zero(), V::cvt(V::iadd(l, V::seti(nmax)))));
            }
            V::store(sc, V::select(zero, V::zero(), scale));
            transposeOut(lt, N, valid, L + g * N);
            for (int s = 0; s < valid; ++s) scales[g + s] = sc[s];
        }
    }

    // ---- make_q3_quants(16, 4, x, L, true) -------------------------------------------------------
    // The coordinate sweeps are one long dependency chain per lane (each element's update needs the
    // previous one's sums), so G groups of W sub-blocks run interleaved to keep the pipelines busy.
    static constexpr int kQ3Groups = W == 16 ? 4 : 2;

    static void q3x16(const float* x, int nsub, uint8_t* L, float* scales) {
        constexpr int n = 16, G = kQ3Groups;
        for (int g0 = 0; g0 < nsub; g0 += G * W) {
            const int valid = nsub - g0 < G * W ? nsub - g0 : G * W;
            alignas(64) float xt[G][n * W], lt[G][n * W], sc[G][W];
            for (int g = 0; g < G; ++g) {
                const int v = valid - g * W;
                transposeIn(x + (g0 + g * W) * n, n, v < 0 ? 0 : (v > W ? W : v), xt[g]);
            }
            q3Groups<G>(xt, lt, sc);
            for (int g = 0; g < G; ++g) {
                const int v = valid - g * W;
                if (v <= 0) break;
                transposeOut(lt[g], n, v > W ? W : v, L + (g0 + g * W) * n);
                for (int s = 0; s < W && s < v; ++s) scales[g0 + g * W + s] = sc[g][s];
            }
        }
    }

    template <int G> static void q3Groups(const float (*xt)[16 * W], float (*lt)[16 * W], float (*sc)[W]) {
        constexpr int n = 16, nmax = 4;
        M zero[G];
        F sumlx[G], suml2[G];
        for (int g = 0; g < G; ++g) {
            F max, amax;
            absMaxSigned(xt[g], n, &max, &amax);
            zero[g] = V::lt(amax, V::set1(1e-15f));
            const F iscale = V::div(V::set1(float(-nmax)), max);
            sumlx[g] = V::zero();
            suml2[g] = V::zero();
            for (int i = 0; i < n; ++i) {
                const F xi = lanes(xt[g], i);
                const F l = V::cvt(clampI<V>(vNearestInt<V>(V::mul(iscale, xi)), -nmax, nmax - 1));
                V::store(lt[g] + i * W, l);
                const F w = V::mul(xi, xi);
                sumlx[g] = V::add(sumlx[g], V::mul(V::mul(w, xi), l));
                suml2[g] = V::add(suml2[g], V::mul(V::mul(w, l), l));
            }
        }
        // A lane whose sweep changes nothing would change nothing in later sweeps either (same state,
        // same arithmetic), so running every lane until all are done matches the scalar early exit.
        for (int itry = 0; itry < 5; ++itry) {
            int changed = 0;
            for (int i = 0; i < n; ++i) {
                for (int g = 0; g < G; ++g) {
                    const F xi = lanes(xt[g], i), li = lanes(lt[g], i);
                    const F w = V::mul(xi, xi);
                    F slx = V::sub(sumlx[g], V::mul(V::mul(w, xi), li));
                    const M pos = V::gt(slx, V::zero());
                    F sl2 = V::sub(suml2[g], V::mul(V::mul(w, li), li));
                    const F nl = V::cvt(clampI<V>(vNearestInt<V>(V::div(V::mul(xi, sl2), slx)), -nmax, nmax - 1));
                    const M differs = V::mand(pos, V::neq(nl, li));
                    slx = V::add(slx, V::mul(V::mul(w, xi), nl));
                    sl2 = V::add(sl2, V::mul(V::mul(w, nl), nl));
                    const M better = V::gt(V::mul(V::mul(slx, slx), suml2[g]), V::mul(V::mul(sumlx[g], sumlx[g]), sl2));
                    const M take = V::mand(differs, V::mand(V::gt(sl2, V::zero()), better));
                    V::store(lt[g] + i * W, V::select(take, nl, li));
                    sumlx[g] = V::select(take, slx, sumlx[g]);
                    suml2[g] = V::select(take, sl2, suml2[g]);
                    changed |= V::bits(take);
                }
            }
            if (!changed) break;
        }
        for (int g = 0; g < G; ++g) {
            for (int i = 0; i < n; ++i)
                V::store(lt[g] + i * W, V::select(zero[g], V::zero(), V::add(lanes(lt[g], i), V::set1(float(nmax)))));
            const F scale = V::select(V::gt(suml2[g], V::zero()), V::div(sumlx[g], suml2[g]), V::zero());
            V::store(sc[g], V::select(zero[g], V::zero(), scale));
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

    static KQuantSolvers table() { return {qkx2, qx, q3x16, requantize}; }
};

} // namespace
} // namespace qs::quant
