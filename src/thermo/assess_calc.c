/* Binary assessment: phase boundaries of the working database (liquidus, solidus, invariants solved by Brent in T
 * or x) and the weighted residuals of every datum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "core/numeric.h"
#include "thermo/assess_internal.h"

/* ---------- phase boundaries of the working database ---------- */

static int setT(actx *c, double T) { return th_ws_set_T(&c->w, T, 1e5) != LMDS_OK; }

/* Chemical potentials of the homogeneous liquid at x(B) (components A, B). */
static int liquid_mu(actx *c, double xB, double *mu) {
    const th_sys *s = &c->w.sys;
    const th_phase *ph = &s->ph[c->iL];
    double x0[2] = {1 - xB, xB};
    if (ph->nsub == 1 && ph->m == 2 && ph->nat[0][0] + ph->nat[0][1] == 1 && ph->nat[1][0] + ph->nat[1][1] == 1) {
        double y[2], g[2];
        for (int j = 0; j < 2; j++) y[j] = ph->nat[j][0] > 0.5 ? x0[0] : x0[1];
        for (int j = 0; j < 2; j++) if (y[j] < 1e-300) y[j] = 1e-300;
        double G = th_phase_G(s, c->iL, &c->w.ts, y, g, NULL);
        double yg = y[0] * g[0] + y[1] * g[1];
        for (int j = 0; j < 2; j++) {
            int comp = ph->nat[j][0] > 0.5 ? 0 : 1;
            mu[comp] = G + g[j] - yg;
        }
        return 0;
    }
    for (int p = 0; p < s->nph; p++) c->w.active[p] = (unsigned char)(p == c->iL);
    th_sol sol;
    int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
    th_ws_activate_all(&c->w);
    if (e) return 1;
    memcpy(mu, sol.mu, 2 * sizeof(double));
    return 0;
}

/* Start site fractions of a phase near composition x(B) = home. */
static void start_y(const actx *c, int p, double home, double *y) {
    const th_phase *ph = &c->w.sys.ph[p];
    for (int s = 0; s < ph->nsub; s++) {
        int a = ph->off[s], b = ph->off[s + 1];
        double tot = 0;
        for (int j = a; j < b; j++) {
            double w = 1e-6;
            if (ph->nat[j][0] > 0) w = 1 - home + 1e-6;
            else if (ph->nat[j][1] > 0) w = home + 1e-6;
            else w = 1.0; /* vacancy */
            y[j] = w;
            tot += w;
        }
        for (int j = a; j < b; j++) y[j] /= tot;
    }
}

typedef struct lq { actx *c; const solid *S; double x; int fail; double y[64]; } lq;

/* Driving force (J/mol) of solid S (or, S->p < 0, of the most stable solid) against the liquid at x: > 0 above
 * the liquidus. */
static double lq_fn(double T, void *vp) {
    lq *q = vp;
    actx *c = q->c;
    double mu[2];
    if (setT(c, T) || liquid_mu(c, q->x, mu)) { q->fail = 1; return NAN; }
    if (q->S && q->S->p >= 0) {
        start_y(c, q->S->p, q->S->home, q->y);
        return th_phase_local_df(&c->w, q->S->p, mu, q->y);
    }
    double best = INFINITY;
    for (int p = 0; p < c->w.sys.nph; p++) {
        if (p == c->iL) continue;
        double df = th_phase_min_df(&c->w, p, mu, NULL);
        if (df < best) best = df;
    }
    return best;
}

typedef double (*fn1)(double, void *);

static int brent_root(fn1 f, void *ctx, double a, double b, double tol, double *root) {
    /* Re-evaluated endpoints can land on the other side of a root within the inner solvers' tolerance: an
     * endpoint that is already a root is returned as it is. A failure is a soft one here (the datum is marked
     * not computed), so the root finder's message is not kept. */
    double fa = f(a, ctx), fb = f(b, ctx);
    if (!isfinite(fa) || !isfinite(fb)) return -1;
    if (fabs(fa) < 1e-9 || (fa > 0) == (fb > 0)) {
        if (fabs(fa) <= fabs(fb) && fabs(fa) < 1e-6) { *root = a; return 0; }
        if (fabs(fb) < 1e-6) { *root = b; return 0; }
        if ((fa > 0) == (fb > 0)) return -1;
    }
    /* GSL's Brent directly rather than lmds_root_brent: f has side effects (the warm starts of the inner liquidus
     * solves), and the shared finder's extra evaluations of the ends would move them. */
    lmds_gsl_init();
    gsl_function G = {f, ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return -1;
    int st = gsl_root_fsolver_set(s, &G, fmin(a, b), fmax(a, b));
    for (int it = 0; !st && it < 100; it++) {
        st = gsl_root_fsolver_iterate(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), tol, 0) == GSL_SUCCESS) break;
    }
    double r = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (st) return -1;
    *root = r;
    return 0;
}

/* Root of f in T from a warm start T0, by expanding steps then Brent. A function that keeps its sign up to the
 * search limits gives that limit (continuous enough for the fit; such residuals are large). */
static int solve_T(fn1 f, void *ctx, int *fail, double T0, double *T) {
    if (!(T0 > T_LO && T0 < T_HI)) T0 = 500;
    double f0 = f(T0, ctx);
    if (*fail || !isfinite(f0)) return -1;
    int dir = f0 > 0 ? -1 : 1;
    double step = 2.0, Ta = T0, fa = f0;
    for (int it = 0; it < 80; it++) {
        double Tb = Ta + dir * step;
        if (Tb < T_LO) Tb = T_LO;
        if (Tb > T_HI) Tb = T_HI;
        double fb = f(Tb, ctx);
        if (*fail || !isfinite(fb)) return -1;
        if ((fb > 0) != (fa > 0) || fb == 0) return brent_root(f, ctx, Ta, Tb, 1e-7, T);
        if (Tb == T_LO || Tb == T_HI) { *T = Tb; return 1; }
        Ta = Tb;
        fa = fb;
        step *= 1.6;
    }
    *T = Ta;
    return 1;
}

/* Liquidus temperature at x of solid S (S->p < 0: any solid). Returns 0 (or 1 at a search limit). */
static int liquidus_T(actx *c, const solid *S, double x, double Tguess, double *T, double *yS) {
    lq q = {c, S, x, 0, {0}};
    int r = solve_T(lq_fn, &q, &q.fail, Tguess, T);
    if (r >= 0 && yS && S && S->p >= 0) {
        lq_fn(*T, &q);
        memcpy(yS, q.y, sizeof q.y);
    }
    return r;
}

typedef struct sq { actx *c; double x; int fail; } sq;

/* Minus the liquid's driving force against the solids' equilibrium at x: > 0 above the solidus. */
static double sol_fn(double T, void *vp) {
    sq *q = vp;
    actx *c = q->c;
    if (setT(c, T)) { q->fail = 1; return NAN; }
    for (int p = 0; p < c->w.sys.nph; p++) c->w.active[p] = (unsigned char)(p != c->iL);
    double x0[2] = {1 - q->x, q->x};
    th_sol sol;
    int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
    th_ws_activate_all(&c->w);
    if (e) { q->fail = 1; return NAN; }
    /* negated, so that (as for the liquidus) the function is positive above the boundary */
    return -th_phase_min_df(&c->w, c->iL, sol.mu, NULL);
}

/* Intersection of the liquidus curves of S1 and S2 in [xl, xr], searched outwards from xg. */
typedef struct iq { actx *c; const solid *S; double T[2]; int fail; } iq;

static double inv_fn(double x, void *vp) {
    iq *q = vp;
    double T[2];
    for (int k = 0; k < 2; k++) {
        int r = liquidus_T(q->c, &q->S[k], x, q->T[k], &T[k], NULL);
        if (r < 0) { q->fail = 1; return NAN; }
        q->T[k] = T[k];
    }
    return T[0] - T[1];
}

static int invariant(actx *c, const solid S[2], double xl, double xr, double xg, double Tg, double *T, double *x) {
    iq q = {c, S, {Tg, Tg}, 0};
    if (!(xg > xl && xg < xr)) xg = 0.5 * (xl + xr);
    double g0 = inv_fn(xg, &q);
    if (q.fail) return -1;
    if (fabs(g0) < 1e-6) { /* the warm start is the intersection (within the liquidus solver's tolerance) */
        *x = xg;
        *T = 0.5 * (q.T[0] + q.T[1]);
        return 0;
    }
    double xa = xg, ga = g0;
    /* step outwards alternately until the sign changes */
    double lo = xg, hi = xg, glo = g0, ghi = g0;
    int found = 0;
    for (double d = 0.004; !found && (lo > xl || hi < xr); d *= 1.8) {
        if (hi < xr) {
            double xn = fmin(xr, xg + d), gn = inv_fn(xn, &q);
            if (q.fail) return -1;
            if ((gn > 0) != (ghi > 0)) { xa = hi; ga = ghi; lo = xn; glo = gn; found = 1; break; }
            hi = xn; ghi = gn;
        }
        if (lo > xl) {
            double xn = fmax(xl, xg - d), gn = inv_fn(xn, &q);
            if (q.fail) return -1;
            if ((gn > 0) != (glo > 0)) { xa = lo; ga = glo; hi = xn; ghi = gn; found = 1; break; }
            lo = xn; glo = gn;
        }
    }
    (void)ga;
    if (!found) return -1;
    double xb = found ? (xa == hi ? lo : hi) : xa;
    double xr0;
    if (brent_root(inv_fn, &q, xa, xb, 1e-8, &xr0) || q.fail) return -1;
    inv_fn(xr0, &q);
    *x = xr0;
    *T = 0.5 * (q.T[0] + q.T[1]);
    return 0;
}

/* Gibbs-Helmholtz, H = G - T dG/dT, from a Gibbs energy at T - GH_DT, T, T + GH_DT (central difference): the
 * enthalpy of mixing of the liquid and the formation enthalpy of a compound, whatever terms their G has. */
#define GH_DT 0.01
static double gibbs_helmholtz(const double g[3], double T) { return g[1] - T * (g[2] - g[0]) / (2 * GH_DT); }

/* Liquid enthalpy of mixing at x, T (J/mol): H = G - T dG/dT of G_mix = G_L(x) - (1-x) G_L(A) - x G_L(B). */
static int liquid_hmix(actx *c, double x, double T, double *H) {
    double g[3];
    for (int k = 0; k < 3; k++) {
        double Tk = T + (k - 1) * GH_DT;
        if (setT(c, Tk)) return 1;
        double mu[2];
        if (liquid_mu(c, x, mu)) return 1;
        double G = (1 - x) * mu[0] + x * mu[1];
        double muA[2], muB[2];
        if (liquid_mu(c, 1e-12, muA) || liquid_mu(c, 1 - 1e-12, muB)) return 1;
        g[k] = G - (1 - x) * muA[0] - x * muB[1];
    }
    *H = gibbs_helmholtz(g, T);
    return 0;
}

/* ---------- data -> calculated values ---------- */

static int phase_idx(const actx *c, const char *name) { return th_phase_find(&c->w.sys, name); }

static double home_of(const actx *c, const char *name, int second) {
    int m = as_find_compound(c, name);
    if (m >= 0) return c->cmp[m].x;
    int hA = !strcmp(name, c->home_phase[0]) || !strcmp(name, c->melt_phase[0]);
    int hB = !strcmp(name, c->home_phase[1]) || !strcmp(name, c->melt_phase[1]);
    if (hA && hB) return second ? 1.0 : 0.0;
    if (hA) return 0.0;
    if (hB) return 1.0;
    return NAN;
}

/* Resolve the solids of an invariant datum (names in d->ph, or the primary phases on either side of x). */
static int datum_solids(actx *c, datum *d, solid S[2]) {
    if (d->kind == D_PERITECTIC) {
        S[0].p = phase_idx(c, d->ph[0]);
        S[0].home = home_of(c, d->ph[0], 0);
        S[1].p = phase_idx(c, d->ph[1]);
        S[1].home = home_of(c, d->ph[1], 1);
        return S[0].p < 0 || S[1].p < 0 || !isfinite(S[0].home) || !isfinite(S[1].home);
    }
    for (int k = 0; k < 2; k++) {
        S[k].p = phase_idx(c, d->ph[k]);
        S[k].home = home_of(c, d->ph[k], k);
    }
    if (S[0].p < 0 || S[1].p < 0 || !isfinite(S[0].home) || !isfinite(S[1].home)) return 1;
    if (S[0].home > S[1].home) { solid t = S[0]; S[0] = S[1]; S[1] = t; }
    return 0;
}

/* The phases of an invariant given without them: the primary solid a little to each side of its composition
 * (with the starting parameters), else the elements' stable phases. */
void as_auto_phases(actx *c, datum *d) {
    if (d->ph[0][0] && d->ph[1][0]) return;
    snprintf(d->ph[0], TH_NAME, "%s", c->home_phase[0]);
    snprintf(d->ph[1], TH_NAME, "%s", c->home_phase[1]);
    if (!isfinite(d->x)) return;
    char got[2][TH_NAME];
    for (int k = 0; k < 2; k++) {
        double x = d->x + (k ? 0.02 : -0.02);
        if (x <= 0 || x >= 1) return;
        solid any = {-1, 0};
        double T;
        if (liquidus_T(c, &any, x, d->T, &T, NULL)) return;
        double mu[2];
        if (setT(c, T - 0.01) || liquid_mu(c, x, mu)) return;
        double best = INFINITY;
        int bp = -1;
        for (int p = 0; p < c->w.sys.nph; p++) {
            if (p == c->iL) continue;
            double df = th_phase_min_df(&c->w, p, mu, NULL);
            if (df < best) { best = df; bp = p; }
        }
        if (bp < 0) return;
        snprintf(got[k], TH_NAME, "%s", c->w.sys.ph[bp].name);
    }
    if (strcmp(got[0], got[1])) {
        snprintf(d->ph[0], TH_NAME, "%s", got[0]);
        snprintf(d->ph[1], TH_NAME, "%s", got[1]);
    }
}

void as_warn_auto_phases(const actx *c, const datum *d) {
    lmds_warn("%s line %d: the solids of '%s' are not given (column phases): %s + %s assumed", c->data_name, d->line,
              d->quantity, d->ph[0], d->ph[1]);
}

/* How much more stable (J/mol, >= 0) than the liquid at (T, x) the most stable solid other than skip1, skip2 is:
 * 0 when the calculated invariant or congruent point is a stable one. */
static double instability(actx *c, double T, double x, int skip1, int skip2) {
    double mu[2];
    if (setT(c, T) || liquid_mu(c, x, mu)) return 0;
    double worst = 0;
    for (int p = 0; p < c->w.sys.nph; p++) {
        if (p == c->iL || p == skip1 || p == skip2) continue;
        double df = th_phase_min_df(&c->w, p, mu, NULL);
        if (df < -worst) worst = -df;
    }
    return worst;
}

#define SIG_HULL 0.2

/* Calculated values of every datum with the current parameters. Invariants with the same solids are solved once. */
void as_calc_all(actx *c) {
    c->evals++;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        d->ok = 0;
        d->pen = 0;
        d->Tc = d->xc = d->Hc = NAN;
        double Tg = isfinite(d->Tw) ? d->Tw : d->T;
        switch (d->kind) {
        case D_MELTING:
        case D_LIQUIDUS: {
            solid any = {-1, 0};
            double x = d->kind == D_MELTING ? (d->x > 0.5 ? 1 - 1e-9 : 1e-9) : d->x;
            if (liquidus_T(c, &any, x, Tg, &d->Tc, NULL) == 0) d->ok = 1;
            break;
        }
        case D_SOLIDUS: {
            sq q = {c, d->x, 0};
            if (solve_T(sol_fn, &q, &q.fail, Tg, &d->Tc) == 0) d->ok = 1;
            break;
        }
        case D_CONGRUENT: {
            /* the liquidus at the compound's composition (any solid), and how far the compound is from being the
             * primary phase there */
            solid any = {-1, 0};
            int p = phase_idx(c, d->ph[0]);
            if (p >= 0 && liquidus_T(c, &any, d->x, Tg, &d->Tc, NULL) == 0) {
                double mu[2], y[64];
                d->ok = 1;
                if (!setT(c, d->Tc) && !liquid_mu(c, d->x, mu)) {
                    start_y(c, p, d->x, y);
                    d->pen = fmax(0, th_phase_local_df(&c->w, p, mu, y));
                }
            }
            break;
        }
        case D_HMIX:
            if (!liquid_hmix(c, d->x, d->T, &d->Hc)) d->ok = 1;
            break;
        case D_HFORM: {
            int m = as_find_compound(c, d->ph[0]);
            if (m >= 0 && !as_compound_hf(c, m, d->T, &d->Hc)) d->ok = 1;
            break;
        }
        case D_EUTECTIC:
        case D_PERITECTIC:
        case D_INVSOLID: {
            /* reuse an invariant already solved in this evaluation */
            int done = 0;
            for (int j = 0; j < i && !done; j++) {
                datum *e = &c->d[j];
                if ((e->kind == D_EUTECTIC || e->kind == D_INVSOLID) && (d->kind == D_EUTECTIC || d->kind == D_INVSOLID) &&
                    !strcmp(e->ph[0], d->ph[0]) && !strcmp(e->ph[1], d->ph[1]) && e->ok) {
                    d->Tc = e->Tc; d->xc = e->xc; d->ok = 1; done = 1;
                }
            }
            solid S[2];
            if (!done && !datum_solids(c, d, S)) {
                double xl, xr, xg;
                if (d->kind == D_PERITECTIC) {
                    /* the liquid lies beyond the compound, away from its partner */
                    if (S[1].home > S[0].home) { xl = 1e-4; xr = S[0].home - 1e-4; }
                    else { xl = S[0].home + 1e-4; xr = 1 - 1e-4; }
                    xg = S[1].home > S[0].home ? S[0].home - 0.01 : S[0].home + 0.01;
                } else {
                    xl = S[0].home + 1e-4;
                    xr = S[1].home - 1e-4;
                    xg = d->kind == D_INVSOLID ? NAN : d->x;
                    if (isfinite(d->xw)) xg = d->xw;
                    if (!isfinite(xg)) xg = 0.5 * (xl + xr);
                }
                if (d->kind == D_PERITECTIC && isfinite(d->xw)) xg = d->xw;
                if (invariant(c, S, xl, xr, xg, Tg, &d->Tc, &d->xc) == 0) {
                    d->ok = 1;
                    d->pen = instability(c, d->Tc, d->xc, S[0].p, S[1].p);
                }
            }
            if (d->ok && d->kind == D_INVSOLID) {
                /* composition of the second named solid at the invariant */
                solid S2 = {phase_idx(c, d->ph[1]), home_of(c, d->ph[1], 1)};
                double mu[2], y[64], N[TH_MAXC];
                d->ok = 0;
                if (S2.p >= 0 && !setT(c, d->Tc) && !liquid_mu(c, d->xc, mu)) {
                    start_y(c, S2.p, S2.home, y);
                    th_phase_local_df(&c->w, S2.p, mu, y);
                    double tot = th_phase_N(&c->w.sys, S2.p, y, N);
                    d->Hc = N[1] / tot; /* solid composition kept in Hc for this kind */
                    d->ok = 1;
                }
            }
            break;
        }
        }
        if (d->ok) {
            d->Tw = d->Tc;
            if (isfinite(d->xc)) d->xw = d->xc;
        }
    }
    /* every compound the data name is a stable solid just below its melting point: below the other solids' tie
     * line at its composition (margin HULL_MARGIN) */
    for (int m = 0; m < c->ncmp; m++) {
        compound *cm = &c->cmp[m];
        cm->hull = 0;
        cm->df = NAN;
        int p = phase_idx(c, cm->name);
        if (p < 0 || !isfinite(cm->Tm) || setT(c, cm->Tm - 1.0)) continue;
        for (int q = 0; q < c->w.sys.nph; q++) c->w.active[q] = (unsigned char)(q != p && q != c->iL);
        double x0[2] = {1 - cm->x, cm->x};
        th_sol sol;
        int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
        th_ws_activate_all(&c->w);
        if (e) continue;
        double df = th_phase_min_df(&c->w, p, sol.mu, NULL);
        cm->df = df;
        cm->hull = fmax(0, df + HULL_MARGIN);
    }
}

/* Weighted residuals of the used data, in a fixed order, then one stability residual per invariant and congruent
 * point (zero when the calculated point is stable; a solid more stable by 10 J/mol counts like a 1-sigma miss).
 * Failed calculations give a large residual. *ndata (may be NULL) receives the number of data residuals. */
#define SIG_G 10.0
int as_residuals_n(actx *c, double *r, int *ndata) {
    int n = 0;
    const double FAIL = 30.0;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        switch (d->kind) {
        case D_MELTING: break;
        case D_HMIX: r[n++] = d->ok ? (d->Hc - d->H) / d->sH : FAIL; break;
        case D_HFORM: if (!d->report_only) r[n++] = d->ok ? (d->Hc - d->H) / d->sH : FAIL; break;
        case D_INVSOLID: r[n++] = d->ok ? (d->Hc - d->x) / d->sx : FAIL; r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL; break;
        case D_EUTECTIC:
            r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL;
            if (isfinite(d->x)) r[n++] = d->ok ? (d->xc - d->x) / d->sx : FAIL;
            break;
        default: r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL; break;
        }
    }
    if (ndata) *ndata = n;
    for (int i = 0; i < c->nd; i++) {
        int k = c->d[i].kind;
        /* (a stiffer weight, 1 J/mol, for congruent points was tried on Bi-In: the hinge then drives the fit into a
         * worse minimum, chi2 24 instead of 3.8, without making BiIn2 congruent; see docs/thermo.md) */
        if (k == D_EUTECTIC || k == D_PERITECTIC || k == D_INVSOLID || k == D_CONGRUENT) r[n++] = c->d[i].pen / SIG_G;
    }
    for (int m = 0; m < c->ncmp; m++) r[n++] = c->use_hull ? c->cmp[m].hull / SIG_HULL : 0.0;
    return n;
}

int as_residuals(actx *c, double *r) { return as_residuals_n(c, r, NULL); }

int as_liquid_g_vs_ser(actx *c, double x, double T, double *g) {
    if (setT(c, T)) return 1;
    double mu[2];
    if (liquid_mu(c, x, mu)) return 1;
    double gs[2];
    for (int e = 0; e < 2; e++) {
        int p = phase_idx(c, c->home_phase[e]);
        if (p < 0) return 1;
        double y[64];
        start_y(c, p, (double)e, y);
        double N[TH_MAXC];
        gs[e] = th_phase_G(&c->w.sys, p, &c->w.ts, y, NULL, NULL) / th_phase_N(&c->w.sys, p, y, N);
    }
    *g = (1 - x) * (mu[0] - gs[0]) + x * (mu[1] - gs[1]);
    return 0;
}

/* Gibbs energy per mole of atoms of phase p at the workspace's temperature: pure element e (each sublattice holds
 * e's constituent, else a vacancy), or, e < 0, the line compound (each sublattice's single constituent). 1 when the
 * phase cannot be that. */
static int phase_g_pure(actx *c, int p, int e, double *g) {
    const th_sys *s = &c->w.sys;
    const th_phase *ph = &s->ph[p];
    double y[64], N[TH_MAXC];
    for (int sb = 0; sb < ph->nsub; sb++) {
        int a = ph->off[sb], b = ph->off[sb + 1], pick = -1, va = -1;
        for (int j = a; j < b; j++) {
            y[j] = 1e-300; /* 0 in effect; keeps y ln y finite */
            int has = e >= 0 && ph->nat[j][e] > 0 && ph->nat[j][1 - e] == 0;
            if (e < 0 && b - a == 1) has = 1;
            if (has && pick < 0) pick = j;
            if (ph->nat[j][0] == 0 && ph->nat[j][1] == 0) va = j;
        }
        if (pick < 0) pick = va;
        if (pick < 0) return 1;
        y[pick] = 1.0;
    }
    double tot = th_phase_N(s, p, y, N);
    if (!(tot > 0) || (e >= 0 && !(N[e] > 0))) return 1;
    *g = th_phase_G(s, p, &c->w.ts, y, NULL, NULL) / tot;
    return 0;
}

/* The stable phase of pure element e at T among its solid at 298.15 K, the solid it melts from and the liquid:
 * the reference state of a formation enthalpy at T. -1 when none can be evaluated. */
static int reference_phase(actx *c, int e, double T) {
    const char *cand[3] = {c->home_phase[e], c->melt_phase[e], c->w.sys.ph[c->iL].name};
    int best = -1;
    double gbest = INFINITY;
    if (setT(c, T)) return -1;
    for (int k = 0; k < 3; k++) {
        int p = phase_idx(c, cand[k]);
        double g;
        if (p >= 0 && !phase_g_pure(c, p, e, &g) && g < gbest) { gbest = g; best = p; }
    }
    return best;
}

/* Formation enthalpy of compound m at T (J/mol of atoms) relative to the elements' stable phases at T:
 * H_f = G_f - T dG_f/dT of G_f = G_m - (1-x) G_A - x G_B (gibbs_helmholtz). */
int as_compound_hf(actx *c, int m, double T, double *H) {
    int p = phase_idx(c, c->cmp[m].name), rA = reference_phase(c, 0, T), rB = reference_phase(c, 1, T);
    if (p < 0 || rA < 0 || rB < 0) return 1;
    const double x = c->cmp[m].x;
    double g[3];
    for (int k = 0; k < 3; k++) {
        double gm, gA, gB;
        if (setT(c, T + (k - 1) * GH_DT) || phase_g_pure(c, p, -1, &gm) || phase_g_pure(c, rA, 0, &gA) ||
            phase_g_pure(c, rB, 1, &gB))
            return 1;
        g[k] = gm - (1 - x) * gA - x * gB;
    }
    *H = gibbs_helmholtz(g, T);
    return 0;
}
