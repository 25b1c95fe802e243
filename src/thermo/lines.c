/* Phase boundaries solved directly in temperature: the liquidus (a solid at zero amount in the liquid's field of
 * chemical potentials) and the solidus (the liquid at zero amount against the solids' equilibrium), each by Brent's
 * method (core/numeric.h) on a driving force that changes sign at the boundary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numeric.h"
#include "lmds/core.h"
#include "thermo/ws.h"

#define T_TOP 4000.0   /* above every melting point of the elements lmds databases hold (W: 3695 K) */
#define T_BOTTOM 1.0
#define T_TOL 1e-5     /* K, Brent tolerance of every boundary temperature */

/* 1 (default) solves liquidus temperatures with the homogeneous liquid's chemical potentials, 0 with liquid-only
 * equilibria (the earlier method, timed by bench/bench_thermo.c as its baseline). Set before threads start. */
int th_liquidus_fast_path = 1;

typedef struct lctx {
    th_ws *w;
    double x0[TH_MAXC];
    double P;
    int primary;
    int fail;
    lmds_status st;     /* the first failure's status (its message is in the error record) */
    int fast;           /* liquid chemical potentials from the homogeneous liquid's gradient */
    int L;              /* the liquid phase (fast path) */
    double mu[TH_MAXC]; /* the liquid's chemical potentials at the last T */
    double yprim[64];   /* the primary solid's site fractions at the last T */
    int nliq_sets;      /* liquid composition sets at the last T (slow path; 1 on the fast path) */
} lctx;

static double fail(lctx *c, lmds_status st) {
    if (!c->fail) c->st = st;
    c->fail = 1;
    return NAN;
}

/* Chemical potentials of the homogeneous liquid at x0 from its Gibbs energy and gradient,
 * mu_i = G + dG/dy_i - sum_k y_k dG/dy_k, for a one-sublattice liquid of the pure elements. About 100 times cheaper
 * than a liquid-only equilibrium; valid where the liquid is stable against separation, which the caller checks at
 * the solution (liquid_homogeneous). Returns -1 when the liquid is not of that kind (an associate liquid). */
static int fast_liquid_mu(th_ws *w, int L, const double *x0, double *mu) {
    const th_phase *ph = &w->sys.ph[L];
    int C = w->sys.C, map[64];
    if (ph->nsub != 1 || ph->m != C || C > 64) return -1;
    double y[64] = {0}, g[64];
    for (int j = 0; j < C; j++) {
        map[j] = -1;
        double tot = 0;
        for (int i = 0; i < C; i++) {
            tot += ph->nat[j][i];
            if (ph->nat[j][i] == 1) map[j] = i;
        }
        if (map[j] < 0 || tot != 1) return -1;
        y[j] = x0[map[j]] > 1e-300 ? x0[map[j]] : 1e-300;
    }
    if (!mu) return 0; /* eligibility check only */
    double G = th_phase_G(&w->sys, L, &w->ts, y, g, NULL), yg = 0;
    for (int j = 0; j < C; j++) yg += y[j] * g[j];
    for (int j = 0; j < C; j++) mu[map[j]] = G + g[j] - yg;
    return 0;
}

/* Is the homogeneous liquid stable at the current T (no liquid composition below its tangent plane)? */
static int liquid_homogeneous(lctx *c) {
    return th_phase_min_df(c->w, c->L, c->mu, NULL) > -1e-6;
}

/* Minimum over the allowed solids of the driving force (J/mol) in the field of the liquid at x0: > 0 above the
 * liquidus. */
static double liquidus_fn(double T, void *p) {
    lctx *c = p;
    th_ws *w = c->w;
    lmds_status st = th_ws_set_T(w, T, c->P);
    if (st) return fail(c, st);
    c->nliq_sets = 1;
    if (c->fast) {
        if (fast_liquid_mu(w, c->L, c->x0, c->mu)) return fail(c, LMDS_ENOCONV);
    } else {
        th_sol sol;
        th_ws_activate_liquid(w, 1);
        st = th_equilibrate(w, c->x0, &sol);
        th_ws_activate_all(w);
        if (st) return fail(c, st);
        memcpy(c->mu, sol.mu, sizeof(double) * (size_t)w->sys.C);
        c->nliq_sets = 0;
        for (int k = 0; k < sol.nsets; k++) c->nliq_sets += sol.set[k].amount > 1e-9;
    }
    double best = INFINITY, y[64];
    for (int q = 0; q < w->sys.nph; q++) {
        if (w->sys.ph[q].is_liquid || !w->allowed[q]) continue;
        double df = th_phase_min_df(w, q, c->mu, y);
        if (df < best) {
            best = df;
            c->primary = q;
            memcpy(c->yprim, y, sizeof(double) * (size_t)w->sys.ph[q].m);
        }
    }
    return best;
}

/* Liquid driving force against the equilibrium of the allowed solids at x0: > 0 below the solidus. */
static double solidus_fn(double T, void *p) {
    lctx *c = p;
    th_ws *w = c->w;
    th_sol sol;
    lmds_status st = th_ws_set_T(w, T, c->P);
    if (st) return fail(c, st);
    th_ws_activate_liquid(w, 0);
    st = th_equilibrate(w, c->x0, &sol);
    th_ws_activate_all(w);
    if (st) return fail(c, st);
    double best = INFINITY;
    for (int q = 0; q < w->sys.nph; q++) {
        if (!w->sys.ph[q].is_liquid || !w->allowed[q]) continue;
        double df = th_phase_min_df(w, q, sol.mu, NULL);
        if (df < best) best = df;
    }
    return best;
}

/* Walk from T0 in direction dir (-1 down, +1 up) until f changes sign, with steps proportional to |f| (driving
 * forces change by roughly the entropy of fusion, ~10 J/(mol K)), then Brent. Returns 0 with the root, 1 when
 * Tlimit is reached without a sign change, -1 on failure (c->st). */
static int find_crossing(lmds_fn1 f, lctx *c, double T0, int dir, double Tlimit, double *root) {
    double T = T0, v = f(T, c), Tp = NAN, vp = NAN;
    if (c->fail || !isfinite(v)) return -1;
    double s0 = v > 0 ? 1 : -1;
    for (int it = 0; it < 400; it++) {
        double step = fmin(150.0, fmax(0.5, fabs(v) / 8.0));
        /* secant prediction once |f| is seen to shrink: 20 % past the predicted root, so the next point usually
         * brackets it (f is monotonic in T away from retrograde solubility) */
        if (isfinite(vp) && fabs(v) < fabs(vp)) step = fmin(400.0, fmax(0.5, 1.2 * fabs(v * (T - Tp) / (vp - v))));
        Tp = T;
        vp = v;
        double Tn = T + dir * step;
        if ((dir < 0 && Tn < Tlimit) || (dir > 0 && Tn > Tlimit)) Tn = Tlimit;
        double vn = f(Tn, c);
        if (c->fail || !isfinite(vn)) return -1;
        if ((vn > 0 ? 1 : -1) != s0 || vn == 0) {
            lmds_status st = lmds_root_brent(f, c, T, Tn, T_TOL, 0, 100, "phase boundary temperature", root);
            if (st || c->fail) { c->st = c->fail ? c->st : st; return -1; }
            return 0;
        }
        if (Tn == Tlimit) return 1;
        T = Tn;
        v = vn;
    }
    return 1;
}

static int the_liquid(const th_ws *w, int *nliq) {
    int L = -1;
    *nliq = 0;
    for (int p = 0; p < w->sys.nph; p++)
        if (w->sys.ph[p].is_liquid && w->allowed[p]) { L = p; (*nliq)++; }
    return L;
}

/* The liquidus search from T_TOP down, fast path first; redone with liquid-only equilibria when the homogeneous
 * liquid is unstable at the root (a liquid miscibility gap) or the fast path fails. */
static int liquidus_search(lctx *c, double *T) {
    int r = find_crossing(liquidus_fn, c, T_TOP, -1, T_BOTTOM, T);
    if (c->fast && r == 0) {
        liquidus_fn(*T, c);
        if (!c->fail && liquid_homogeneous(c)) return 0;
    } else if (!c->fast || r > 0) {
        return r;
    }
    c->fast = 0;
    c->fail = 0;
    return find_crossing(liquidus_fn, c, T_TOP, -1, T_BOTTOM, T);
}

lmds_status th_liquidus(th_ws *w, const double *x, double P, th_liq_point *out) {
    lctx c;
    memset(&c, 0, sizeof c);
    c.w = w;
    memcpy(c.x0, x, sizeof(double) * (size_t)w->sys.C);
    c.P = P;
    int nliq;
    c.L = the_liquid(w, &nliq);
    if (c.L < 0) return lmds_error(LMDS_ENODATA, "the database has no liquid phase for this system (or it is suspended)");
    c.fast = th_liquidus_fast_path && nliq == 1 && fast_liquid_mu(w, c.L, c.x0, NULL) == 0;
    double T;
    int r = liquidus_search(&c, &T);
    if (r == 0) {
        liquidus_fn(T - 1e-4, &c); /* the primary phase just below */
        if (c.fail) return c.st ? c.st : lmds_error(LMDS_ENOCONV, "liquidus search failed");
        out->T = T;
        out->primary = c.primary;
        memcpy(out->y, c.yprim, sizeof c.yprim);
        out->two_liquids = c.nliq_sets > 1;
        return LMDS_OK;
    }
    if (r < 0) return c.st && c.st != LMDS_ENOCONV ? c.st : lmds_error(LMDS_ENOCONV, "liquidus search failed");
    c.fail = 0;
    double v = liquidus_fn(T_TOP, &c);
    if (c.fail) return c.st;
    return v < 0 ? lmds_error(LMDS_EDOMAIN, "liquidus above %.0f K", T_TOP)
                 : lmds_error(LMDS_EDOMAIN, "no allowed solid forms above %.0f K", T_BOTTOM);
}

lmds_status th_solidus(th_ws *w, const double *x, double P, double T_liq, double *T_sol) {
    lctx c;
    memset(&c, 0, sizeof c);
    c.w = w;
    memcpy(c.x0, x, sizeof(double) * (size_t)w->sys.C);
    c.P = P;
    /* just below the liquidus the liquid is still stable (h < 0); for a congruent point h ~ 0 there */
    double T0 = T_liq - 1e-3, T;
    double h = solidus_fn(T0, &c);
    if (c.fail) return c.st;
    if (h >= 0) {
        *T_sol = T_liq;
        return LMDS_OK;
    }
    int r = find_crossing(solidus_fn, &c, T0, -1, T_BOTTOM, &T);
    if (r == 0) {
        *T_sol = T;
        return LMDS_OK;
    }
    if (r > 0) return lmds_error(LMDS_EDOMAIN, "liquid remains stable down to %.0f K", T_BOTTOM);
    return c.st && c.st != LMDS_ENOCONV ? c.st : lmds_error(LMDS_ENOCONV, "solidus search failed");
}

/* ---------- public entry points ---------- */

static int same_x(const double *a, const double *b, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

lmds_status lmds_thermo_ws_liquidus(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double *T_liq,
                                    char *primary_phase, size_t n) {
    if (!ws || !c || !T_liq) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_liquidus: NULL argument");
    double x[TH_MAXC], P;
    lmds_status st = th_ws_comp(ws, c, x);
    if (!st) st = th_pressure_Pa(P_GPa, &P);
    if (st) return st;
    int C = ws->w.sys.C;
    if (!(ws->have_liq && ws->liq_P == P && same_x(ws->liq_x, x, C))) {
        th_liq_point lp;
        ws->have_liq = 0;
        if ((st = th_liquidus(&ws->w, x, P, &lp))) return st;
        ws->have_liq = 1;
        ws->liq_P = P;
        ws->liq_T = lp.T;
        memcpy(ws->liq_x, x, sizeof(double) * (size_t)C);
        snprintf(ws->liq_primary, sizeof ws->liq_primary, "%s", ws->w.sys.ph[lp.primary].name);
    }
    *T_liq = ws->liq_T;
    if (primary_phase && n) snprintf(primary_phase, n, "%s", ws->liq_primary);
    th_ws_warn_T(ws, ws->liq_T, "liquidus");
    return LMDS_OK;
}

lmds_status lmds_thermo_ws_solidus(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double *T_sol) {
    if (!ws || !c || !T_sol) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_solidus: NULL argument");
    double Tl, x[TH_MAXC], P;
    lmds_status st = lmds_thermo_ws_liquidus(ws, c, P_GPa, &Tl, NULL, 0);
    if (!st) st = th_ws_comp(ws, c, x);
    if (!st) st = th_pressure_Pa(P_GPa, &P);
    if (!st) st = th_solidus(&ws->w, x, P, Tl, T_sol);
    if (!st) th_ws_warn_T(ws, *T_sol, "solidus");
    return st;
}

lmds_status lmds_thermo_liquidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_liq,
                                 char *primary_phase, size_t n) {
    if (!db || !c || !T_liq) return lmds_error(LMDS_EINVAL, "lmds_thermo_liquidus: NULL argument");
    lmds_thermo_ws *ws;
    lmds_status st = lmds_thermo_ws_new(db, c->n, c->z, NULL, &ws);
    if (st) return st;
    st = lmds_thermo_ws_liquidus(ws, c, P_GPa, T_liq, primary_phase, n);
    lmds_thermo_ws_free(ws);
    return st;
}

lmds_status lmds_thermo_solidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_sol) {
    if (!db || !c || !T_sol) return lmds_error(LMDS_EINVAL, "lmds_thermo_solidus: NULL argument");
    lmds_thermo_ws *ws;
    lmds_status st = lmds_thermo_ws_new(db, c->n, c->z, NULL, &ws);
    if (st) return st;
    st = lmds_thermo_ws_solidus(ws, c, P_GPa, T_sol);
    lmds_thermo_ws_free(ws);
    return st;
}
