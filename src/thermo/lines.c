/* Phase boundaries solved directly in temperature: liquidus (solid at zero amount in the liquid's field of
 * chemical potentials), solidus (liquid at zero amount against the solids' equilibrium) and invariant reactions
 * (the middle phase touching the common tangent of its neighbours), each by Brent's method (GSL) on a driving
 * force that changes sign at the boundary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "lmds/core.h"
#include "thermo/eq.h"

#define T_TOP 2500.0
#define TH_SETID 1000 /* sequence ids: phase index + k * TH_SETID for the k-th run of one phase */
#define T_BOTTOM 1.0

const char *lmds_inv_type_name(lmds_inv_type t) {
    switch (t) {
    case LMDS_INV_EUTECTIC: return "eutectic";
    case LMDS_INV_PERITECTIC: return "peritectic";
    case LMDS_INV_MONOTECTIC: return "monotectic";
    case LMDS_INV_CONGRUENT: return "congruent";
    case LMDS_INV_TERNARY_EUTECTIC: return "ternary eutectic";
    case LMDS_INV_TERNARY_PERITECTIC: return "ternary peritectic";
    case LMDS_INV_TRANSITION: return "transition (U-type)";
    default: return "other";
    }
}

typedef double (*tfun)(double T, void *ctx);

typedef struct brent_wrap { tfun f; void *ctx; } brent_wrap;

static double brent_adapter(double T, void *p) {
    brent_wrap *w = p;
    return w->f(T, w->ctx);
}

/* Brent's method on [a, b] with f(a), f(b) of opposite signs; tolerance 1e-5 K. */
static int brent(tfun f, void *ctx, double a, double b, double *root) {
    brent_wrap wrap = {f, ctx};
    gsl_function G = {brent_adapter, &wrap};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return -1;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int st = gsl_root_fsolver_set(s, &G, fmin(a, b), fmax(a, b));
    int it = 0;
    double r = 0.5 * (a + b);
    while (!st && it++ < 100) {
        st = gsl_root_fsolver_iterate(s);
        r = gsl_root_fsolver_root(s);
        double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(lo, hi, 1e-5, 0) == GSL_SUCCESS) break;
    }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    if (st) return -1;
    *root = r;
    return 0;
}

static void select_liquid(th_ws *w, int liquid_only) {
    for (int p = 0; p < w->sys.nph; p++) w->active[p] = (unsigned char)(w->sys.ph[p].is_liquid == liquid_only);
}

/* ---------- liquidus ---------- */

typedef struct lctx {
    th_ws *w;
    double x0[TH_MAXC];
    double P;
    int primary;
    int fail;
    int exclude_phase; /* for invariants: -1 */
    int fast;          /* liquid chemical potentials from the homogeneous liquid's gradient */
    int L;             /* the liquid phase (fast path) */
    double mu[TH_MAXC];/* the liquid's chemical potentials at the last T */
} lctx;

/* 1: liquidus with the homogeneous liquid's chemical potentials (checked at the root); 0: liquid-only equilibria at
 * every temperature (the earlier method). Internal switch for bench/bench_thermo.c, which times both. */
int th_liquidus_fast_path = 1;

/* Chemical potentials of the homogeneous liquid at x0 from its Gibbs energy and gradient,
 * mu_i = G + dG/dy_i - sum_k y_k dG/dy_k, for a one-sublattice liquid of the pure elements. About 100 times cheaper
 * than a liquid-only equilibrium; valid where the liquid is stable against separation, which the caller checks at
 * the solution (liquid_homogeneous). Returns -1 when the liquid is not of that kind. */
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

/* Minimum over solids of the driving force (J/mol) in the field of the liquid at x0: > 0 above the liquidus. */
static double liquidus_fn(double T, void *p) {
    lctx *c = p;
    th_ws *w = c->w;
    th_sol sol;
    if (th_ws_set_T(w, T, c->P) ) { c->fail = 1; return NAN; }
    if (c->fast) {
        if (fast_liquid_mu(w, c->L, c->x0, c->mu)) { c->fail = 1; return NAN; }
    } else {
        select_liquid(w, 1);
        int e = th_equilibrate(w, c->x0, &sol);
        th_ws_activate_all(w);
        if (e) { c->fail = 1; return NAN; }
        memcpy(c->mu, sol.mu, sizeof(double) * (size_t)w->sys.C);
    }
    double best = INFINITY;
    for (int q = 0; q < w->sys.nph; q++) {
        if (w->sys.ph[q].is_liquid) continue;
        double df = th_phase_min_df(w, q, c->mu, NULL);
        if (df < best) { best = df; c->primary = q; }
    }
    return best;
}

/* Liquid driving force against the equilibrium of the solids at x0: > 0 below the solidus. */
static double solidus_fn(double T, void *p) {
    lctx *c = p;
    th_ws *w = c->w;
    th_sol sol;
    if (th_ws_set_T(w, T, c->P)) { c->fail = 1; return NAN; }
    select_liquid(w, 0);
    if (th_equilibrate(w, c->x0, &sol)) { c->fail = 1; th_ws_activate_all(w); return NAN; }
    double best = INFINITY;
    for (int q = 0; q < w->sys.nph; q++) {
        if (!w->sys.ph[q].is_liquid) continue;
        double df = th_phase_min_df(w, q, sol.mu, NULL);
        if (df < best) best = df;
    }
    th_ws_activate_all(w);
    return best;
}

/* Walk from T0 in direction dir (-1 down, +1 up) until f changes sign, with steps proportional to |f|
 * (driving forces change by roughly the entropy of fusion, ~10 J/(mol K)), then Brent. */
static int find_crossing(tfun f, lctx *c, double T0, int dir, double Tlimit, double *root) {
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
        if ((vn > 0 ? 1 : -1) != s0 || vn == 0) return brent(f, c, T, Tn, root);
        if (Tn == Tlimit) return 1;
        T = Tn;
        v = vn;
    }
    return 1;
}

static lmds_status check_comp(const lmds_tdb *db, const lmds_comp *c) {
    if (!db || !c) return lmds_error(LMDS_EINVAL, "NULL argument");
    if (c->n < 1 || c->n > TH_MAXC) return lmds_error(LMDS_EINVAL, "bad composition");
    return LMDS_OK;
}

lmds_status lmds_thermo_liquidus(const lmds_tdb *db, const lmds_comp *comp, double P_GPa, double *T_liq,
                                 char *primary_phase, size_t n) {
    lmds_status st = check_comp(db, comp);
    if (st) return st;
    lctx c;
    memset(&c, 0, sizeof c);
    c.w = malloc(sizeof(th_ws));
    if (!c.w) return lmds_error(LMDS_ENOMEM, "out of memory");
    if ((st = th_ws_init(c.w, db, comp->z, comp->n))) { free(c.w); return st; }
    memcpy(c.x0, comp->x, sizeof(double) * (size_t)comp->n);
    c.P = P_GPa * 1e9;
    int liq = 0;
    for (int p = 0; p < c.w->sys.nph; p++) liq |= c.w->sys.ph[p].is_liquid;
    if (!liq) {
        th_ws_free(c.w); free(c.w);
        return lmds_error(LMDS_ENODATA, "the database has no liquid phase for this system");
    }
    double T;
    c.L = -1;
    int nliq = 0;
    for (int p = 0; p < c.w->sys.nph; p++)
        if (c.w->sys.ph[p].is_liquid) { c.L = p; nliq++; }
    c.fast = th_liquidus_fast_path && nliq == 1 && fast_liquid_mu(c.w, c.L, c.x0, NULL) == 0;
    int r = find_crossing(liquidus_fn, &c, T_TOP, -1, T_BOTTOM, &T);
    if (c.fast && r == 0) {
        /* the homogeneous liquid must be the stable liquid at the root; otherwise (a liquid miscibility gap)
         * redo with liquid-only equilibria */
        liquidus_fn(T, &c);
        if (c.fail || !liquid_homogeneous(&c)) {
            c.fast = 0;
            c.fail = 0;
            r = find_crossing(liquidus_fn, &c, T_TOP, -1, T_BOTTOM, &T);
        }
    } else if (c.fast && r < 0) {
        c.fast = 0;
        c.fail = 0;
        r = find_crossing(liquidus_fn, &c, T_TOP, -1, T_BOTTOM, &T);
    }
    if (r == 0) {
        liquidus_fn(T - 1e-4, &c); /* the primary phase just below */
        *T_liq = T;
        if (primary_phase && n) snprintf(primary_phase, n, "%s", c.w->sys.ph[c.primary].name);
        st = LMDS_OK;
    } else if (r > 0) {
        double v = liquidus_fn(T_TOP, &c);
        st = v < 0 ? lmds_error(LMDS_EDOMAIN, "liquidus above %.0f K", T_TOP)
                   : lmds_error(LMDS_EDOMAIN, "no solid forms above %.0f K", T_BOTTOM);
    } else {
        st = lmds_error(LMDS_ENOCONV, "liquidus search failed");
    }
    th_ws_free(c.w);
    free(c.w);
    return st;
}

lmds_status lmds_thermo_solidus(const lmds_tdb *db, const lmds_comp *comp, double P_GPa, double *T_sol) {
    double Tl;
    lmds_status st = lmds_thermo_liquidus(db, comp, P_GPa, &Tl, NULL, 0);
    if (st) return st;
    lctx c;
    memset(&c, 0, sizeof c);
    c.w = malloc(sizeof(th_ws));
    if (!c.w) return lmds_error(LMDS_ENOMEM, "out of memory");
    if ((st = th_ws_init(c.w, db, comp->z, comp->n))) { free(c.w); return st; }
    memcpy(c.x0, comp->x, sizeof(double) * (size_t)comp->n);
    c.P = P_GPa * 1e9;
    double T;
    /* just below the liquidus the liquid is still stable (h < 0); for a congruent point h ~ 0 there */
    double T0 = Tl - 1e-3;
    if (solidus_fn(T0, &c) >= 0) {
        *T_sol = Tl;
        th_ws_free(c.w); free(c.w);
        return LMDS_OK;
    }
    int r = find_crossing(solidus_fn, &c, T0, -1, T_BOTTOM, &T);
    if (r == 0) { *T_sol = T; st = LMDS_OK; }
    else if (r > 0) st = lmds_error(LMDS_EDOMAIN, "liquid remains stable down to %.0f K", T_BOTTOM);
    else st = lmds_error(LMDS_ENOCONV, "solidus search failed");
    th_ws_free(c.w);
    free(c.w);
    return st;
}

/* ---------- invariants ---------- */

typedef struct ictx {
    th_ws *w;
    int X, Y, M;         /* neighbour phases and the middle one */
    double xmid[TH_MAXC];
    double P;
    int fail;
    th_sol sol;
    double yM[64];
    int ntri;            /* ternary: number of solid phases in the plane (3) */
    int tri[3];
} ictx;

/* Driving force of M against the common tangent (plane) of its neighbours. */
static double inv_fn(double T, void *p) {
    ictx *c = p;
    th_ws *w = c->w;
    if (th_ws_set_T(w, T, c->P)) { c->fail = 1; return NAN; }
    for (int q = 0; q < w->sys.nph; q++) w->active[q] = 0;
    if (c->ntri) for (int k = 0; k < c->ntri; k++) w->active[c->tri[k]] = 1;
    else { w->active[c->X] = 1; w->active[c->Y] = 1; }
    int st = th_equilibrate(w, c->xmid, &c->sol);
    th_ws_activate_all(w);
    if (st) { c->fail = 1; return NAN; }
    return th_phase_min_df(w, c->M, c->sol.mu, c->yM);
}

/* Stable phase sequence along x (binary) from the lower convex hull of all samples at the current T. */
static int hull_sequence(th_ws *w, int *seq, double *xs, int max) {
    int np = 0;
    for (int p = 0; p < w->sys.nph; p++) np += w->grid[p].n;
    double *px = malloc(sizeof(double) * (size_t)np), *pg = malloc(sizeof(double) * (size_t)np);
    int *pp = malloc(sizeof(int) * (size_t)np), *ord = malloc(sizeof(int) * (size_t)np), *h = malloc(sizeof(int) * (size_t)np);
    if (!px || !pg || !pp || !ord || !h) { free(px); free(pg); free(pp); free(ord); free(h); return -1; }
    int k = 0;
    for (int p = 0; p < w->sys.nph; p++)
        for (int i = 0; i < w->grid[p].n; i++) {
            px[k] = w->grid[p].x[(size_t)i * 2 + 1];
            pg[k] = w->grid[p].g[i];
            pp[k] = p;
            ord[k] = k;
            k++;
        }
    /* sort by x (insertion sort is fine for a few thousand points? use qsort with a static-free comparator) */
    for (int a = 1; a < np; a++) {
        int v = ord[a], b = a;
        while (b > 0 && (px[ord[b - 1]] > px[v] || (px[ord[b - 1]] == px[v] && pg[ord[b - 1]] > pg[v]))) {
            ord[b] = ord[b - 1];
            b--;
        }
        ord[b] = v;
    }
    int nh = 0;
    for (int a = 0; a < np; a++) {
        int i = ord[a];
        if (nh > 0 && px[h[nh - 1]] == px[i]) continue; /* same x: the first (lowest G) stays */
        while (nh >= 2) {
            int i1 = h[nh - 2], i2 = h[nh - 1];
            double cr = (px[i2] - px[i1]) * (pg[i] - pg[i1]) - (pg[i2] - pg[i1]) * (px[i] - px[i1]);
            if (cr <= 0) nh--;
            else break;
        }
        h[nh++] = i;
    }
    /* Runs of one phase along the hull. A gap wider than 0.05 between consecutive hull points of the same phase is
     * a two-phase field of that phase (a miscibility gap: the Na-rich and K-rich bcc of Na-K): the run is split and
     * the second run gets the id phase + TH_SETID (the k-th run of a phase: phase + k TH_SETID). */
    int ns = 0;
    for (int a = 0; a < nh; a++) {
        int p = pp[h[a]];
        if (ns > 0 && seq[ns - 1] % TH_SETID == p && px[h[a]] - xs[2 * (ns - 1) + 1] <= 0.05) {
            xs[2 * (ns - 1) + 1] = px[h[a]];
            continue;
        }
        if (ns >= max) break;
        int runs = 0;
        for (int k = 0; k < ns; k++) runs += seq[k] % TH_SETID == p;
        seq[ns] = p + runs * TH_SETID;
        xs[2 * ns] = xs[2 * ns + 1] = px[h[a]];
        ns++;
    }
    free(px); free(pg); free(pp); free(ord); free(h);
    return ns;
}

static int cmp_inv(const void *a, const void *b) {
    double d = ((const lmds_invariant *)b)->T - ((const lmds_invariant *)a)->T;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

static int add_inv(lmds_invariant **out, int *n, int *cap, const lmds_invariant *v) {
    /* the same reaction found twice (from both sides of the scan): same T and the same phases */
    for (int i = 0; i < *n; i++) {
        const lmds_invariant *u = &(*out)[i];
        if (fabs(u->T - v->T) >= 0.01 || u->nphases != v->nphases) continue;
        int same = 1;
        for (int a = 0; a < v->nphases && same; a++) {
            int hit = 0;
            for (int b = 0; b < u->nphases; b++) hit |= !strcmp(u->phase[b], v->phase[a]);
            same = hit;
        }
        if (same) return 0;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        lmds_invariant *q = realloc(*out, sizeof *q * (size_t)nc);
        if (!q) return -1;
        *out = q;
        *cap = nc;
    }
    (*out)[(*n)++] = *v;
    return 0;
}

static void set_phase(lmds_invariant *v, int k, const th_ws *w, int p, const double *x) {
    snprintf(v->phase[k], sizeof v->phase[k], "%s", w->sys.ph[p].name);
    memcpy(v->x[k], x, sizeof(double) * (size_t)w->sys.C);
}

/* The phase sequences at Thi (A) and Tlo (B) differ: each phase M present in one between X and Y that are
 * neighbours in the other is an invariant in between, solved by Brent on M's driving force against the X-Y plane. */
static lmds_status process_pair(th_ws *w, double Thi, const int *seqA, const double *xsA, int nA, double Tlo,
                                const int *seqB, const double *xsB, int nB, double P, lmds_invariant **out, int *nout,
                                int *cap) {
    /* M present in one sequence between X and Y, which are adjacent in the other */
    for (int pass = 0; pass < 2; pass++) {
        const int *s1 = pass ? seqB : seqA, n1 = pass ? nB : nA, *s2 = pass ? seqA : seqB, n2 = pass ? nA : nB;
        const double *x1 = pass ? xsB : xsA;
        for (int a = 1; a + 1 < n1; a++) {
            int Xid = s1[a - 1], Yid = s1[a + 1];
            int X = Xid % TH_SETID, M = s1[a] % TH_SETID, Y = Yid % TH_SETID;
            int found = 0, bx = -1;
            for (int b = 0; b + 1 < n2; b++)
                if (s2[b] == Xid && s2[b + 1] == Yid) { found = 1; bx = b; }
            /* a congruent point: the liquid on both sides of M here, one liquid run there */
            if (X == Y && w->sys.ph[X].is_liquid)
                for (int b = 0; b < n2; b++) found |= s2[b] % TH_SETID == X;
            if (!found) continue;
            int same = X == Y && w->sys.ph[X].is_liquid; /* congruent */
            ictx c;
            memset(&c, 0, sizeof c);
            c.w = w; c.X = X; c.Y = Y; c.M = M; c.P = P;
            /* a composition inside the X + Y two-phase field: the gap between X and Y in the sequence where they
             * are neighbours (M absent); M's own range for a congruent point */
            const double *x2 = pass ? xsA : xsB;
            double xm = bx >= 0 ? 0.5 * (x2[2 * bx + 1] + x2[2 * (bx + 1)]) : 0.5 * (x1[2 * (a - 1) + 1] + x1[2 * (a + 1)]);
            if (same) xm = 0.5 * (x1[2 * a] + x1[2 * a + 1]);
            c.xmid[0] = 1 - xm; c.xmid[1] = xm;
            double f1 = inv_fn(Thi, &c), f2 = inv_fn(Tlo, &c), Ti;
            if (c.fail || !(f1 * f2 < 0) || brent(inv_fn, &c, Thi, Tlo, &Ti)) continue;
            inv_fn(Ti, &c);
            lmds_invariant v;
            memset(&v, 0, sizeof v);
            v.T = Ti;
            int Lq = w->sys.ph[M].is_liquid ? M : w->sys.ph[X].is_liquid ? X : w->sys.ph[Y].is_liquid ? Y : -1;
            if (Lq < 0) continue; /* solid-state reactions are not reported */
            double xM[TH_MAXC], N[TH_MAXC];
            double tot = th_phase_N(&w->sys, M, c.yM, N);
            for (int i = 0; i < 2; i++) xM[i] = N[i] / tot;
            /* M above (pass 0) means it disappears on cooling */
            if (same) {
                v.type = LMDS_INV_CONGRUENT;
                v.nphases = 1;
                set_phase(&v, 0, w, M, xM);
            } else {
                const double *xX = NULL, *xY = NULL;
                for (int k = 0; k < c.sol.nsets; k++) {
                    if (c.sol.set[k].phase == X && !xX) xX = c.sol.set[k].x;
                    else if (c.sol.set[k].phase == Y) xY = c.sol.set[k].x;
                }
                /* two sets of one phase: the one with less of the second component is X */
                if (X == Y && xX && xY && xX[1] > xY[1]) { const double *t = xX; xX = xY; xY = t; }
                if (!xX || !xY) continue;
                /* liquid + two solids: a eutectic when the liquid lies between the solids, a peritectic when
                 * it lies outside (the same reaction can be met from both sides of the scan) */
                {
                    const double *xl = Lq == M ? xM : Lq == X ? xX : xY;
                    const double *s1 = Lq == M ? xX : xM, *s2 = Lq == Y ? xM : xY;
                    if (Lq == X) { s1 = xM; s2 = xY; }
                    double lo = fmin(s1[1], s2[1]), hi = fmax(s1[1], s2[1]);
                    v.type = (xl[1] > lo && xl[1] < hi) ? LMDS_INV_EUTECTIC : LMDS_INV_PERITECTIC;
                }

                if (w->sys.ph[X].is_liquid && w->sys.ph[Y].is_liquid) v.type = LMDS_INV_MONOTECTIC;
                v.nphases = 3;
                /* liquid first */
                int ord[3] = {M, X, Y};
                const double *xo[3] = {xM, xX, xY};
                if (Lq == X) { ord[0] = X; ord[1] = M; xo[0] = xX; xo[1] = xM; }
                if (Lq == Y && Lq != X) { ord[0] = Y; ord[2] = M; xo[0] = xY; xo[2] = xM; }
                for (int k = 0; k < 3; k++) set_phase(&v, k, w, ord[k], xo[k]);
            }
            if (add_inv(out, nout, cap, &v)) return lmds_error(LMDS_ENOMEM, "out of memory");
        }
    }
    return LMDS_OK;
}

static int seq_equal(const int *a, int na, const int *b, int nb) {
    if (na != nb) return 0;
    for (int k = 0; k < na; k++)
        if (a[k] != b[k]) return 0;
    return 1;
}

/* Several changes of the sequence within one step (the Bi-In compounds: BiIn2 melting at 362.4 K, Bi3In5 forming
 * at 362.3 K) are not single insertions: the interval is halved until each is (down to 0.005 K). */
static lmds_status scan_interval(th_ws *w, double Thi, const int *seqA, const double *xsA, int nA, double Tlo,
                                 const int *seqB, const double *xsB, int nB, double P, lmds_invariant **out, int *nout,
                                 int *cap, int depth) {
    if (seq_equal(seqA, nA, seqB, nB)) return LMDS_OK;
    int simple = nA - nB == 1 || nB - nA == 1;
    if (!simple && depth < 10 && Thi - Tlo > 0.005) {
        int seqM[64];
        double xsM[128];
        double Tm = 0.5 * (Thi + Tlo);
        if (th_ws_set_T(w, Tm, P)) return LMDS_OK;
        int nM = hull_sequence(w, seqM, xsM, 64);
        if (nM < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
        lmds_status st = scan_interval(w, Thi, seqA, xsA, nA, Tm, seqM, xsM, nM, P, out, nout, cap, depth + 1);
        if (!st) st = scan_interval(w, Tm, seqM, xsM, nM, Tlo, seqB, xsB, nB, P, out, nout, cap, depth + 1);
        return st;
    }
    return process_pair(w, Thi, seqA, xsA, nA, Tlo, seqB, xsB, nB, P, out, nout, cap);
}

static lmds_status binary_invariants(th_ws *w, double Tmin, double Tmax, double P, lmds_invariant **out, int *nout) {
    int cap = 0;
    *out = NULL;
    *nout = 0;
    int seqA[64], seqB[64];
    double xsA[128], xsB[128];
    double dT = 2.0;
    if (th_ws_set_T(w, Tmax, P)) return LMDS_EINVAL;
    int nA = hull_sequence(w, seqA, xsA, 64);
    for (double T = Tmax - dT; T >= Tmin - 1e-9; T -= dT) {
        if (th_ws_set_T(w, T, P)) break;
        int nB = hull_sequence(w, seqB, xsB, 64);
        if (nA < 0 || nB < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
        lmds_status st = scan_interval(w, T + dT, seqA, xsA, nA, T, seqB, xsB, nB, P, out, nout, &cap, 0);
        if (st) return st;
        memcpy(seqA, seqB, sizeof seqA);
        memcpy(xsA, xsB, sizeof xsA);
        nA = nB;
    }
    return LMDS_OK;
}

/* Ternary: every three-solid tie triangle found on a composition grid at a few temperatures; the liquid
 * touching the triangle's plane is a four-phase invariant, a eutectic when its composition lies inside. */
static lmds_status ternary_invariants(th_ws *w, double Tmin, double Tmax, double P, lmds_invariant **out, int *nout) {
    int cap = 0;
    *out = NULL;
    *nout = 0;
    int tris[64][3], ntris = 0;
    double trix[64][3];
    for (double T = Tmin; T <= Tmax; T += 25) {
        if (th_ws_set_T(w, T, P)) break;
        select_liquid(w, 0);
        for (int i = 1; i < 10; i++)
            for (int j = 1; i + j < 10; j++) {
                double x0[3] = {i / 10.0, j / 10.0, 1 - (i + j) / 10.0};
                th_sol sol;
                if (th_equilibrate(w, x0, &sol) || sol.nsets != 3) continue;
                int t[3] = {sol.set[0].phase, sol.set[1].phase, sol.set[2].phase};
                if (t[0] == t[1] || t[1] == t[2] || t[0] == t[2]) continue;
                for (int a = 1; a < 3; a++)
                    for (int b = a; b > 0 && t[b - 1] > t[b]; b--) { int q = t[b]; t[b] = t[b - 1]; t[b - 1] = q; }
                int dup = 0;
                for (int k = 0; k < ntris; k++) dup |= !memcmp(tris[k], t, sizeof t);
                if (!dup && ntris < 64) {
                    for (int q = 0; q < 3; q++)
                        trix[ntris][q] = (sol.set[0].x[q] + sol.set[1].x[q] + sol.set[2].x[q]) / 3;
                    memcpy(tris[ntris++], t, sizeof t);
                }
            }
        th_ws_activate_all(w);
    }
    int L = -1;
    for (int p = 0; p < w->sys.nph; p++) if (w->sys.ph[p].is_liquid) L = p;
    if (L < 0) return LMDS_OK;
    for (int k = 0; k < ntris; k++) {
        ictx c;
        memset(&c, 0, sizeof c);
        c.w = w; c.M = L; c.P = P; c.ntri = 3;
        memcpy(c.tri, tris[k], sizeof c.tri);
        /* a composition inside the triangle: the centroid of its vertices at Tmin */
        if (th_ws_set_T(w, Tmin, P)) continue;
        for (int i = 0; i < 3; i++) c.xmid[i] = trix[k][i];
        for (int q = 0; q < w->sys.nph; q++) w->active[q] = 0;
        for (int q = 0; q < 3; q++) w->active[c.tri[q]] = 1;
        th_sol s0;
        int st = th_equilibrate(w, c.xmid, &s0);
        th_ws_activate_all(w);
        if (st || s0.nsets != 3) {
            /* the centroid of the system is outside this triangle: use the triangle's own centroid */
            continue;
        }
        double Tlo = Tmin, flo = inv_fn(Tlo, &c);
        if (c.fail || !(flo > 0)) continue;
        double Ti = NAN;
        for (double T = Tlo + 5; T <= Tmax; T += 5) {
            double f = inv_fn(T, &c);
            if (c.fail) break;
            if (f < 0) {
                if (brent(inv_fn, &c, T - 5, T, &Ti)) Ti = NAN;
                break;
            }
        }
        if (!isfinite(Ti)) continue;
        inv_fn(Ti, &c);
        /* a stable invariant: no other phase below the plane of the four (else it is a metastable one, e.g. of a
         * tie triangle that exists only below another phase's field) */
        int stable = 1;
        for (int q = 0; q < w->sys.nph && stable; q++) {
            if (q == L || q == c.tri[0] || q == c.tri[1] || q == c.tri[2]) continue;
            if (th_phase_min_df(w, q, c.sol.mu, NULL) < -1e-3) stable = 0;
        }
        if (!stable) continue;
        lmds_invariant v;
        memset(&v, 0, sizeof v);
        v.T = Ti;
        v.nphases = 4;
        double N[TH_MAXC], xl[TH_MAXC];
        double tot = th_phase_N(&w->sys, L, c.yM, N);
        for (int i = 0; i < 3; i++) xl[i] = N[i] / tot;
        set_phase(&v, 0, w, L, xl);
        const double *xs[3] = {NULL, NULL, NULL};
        for (int q = 0; q < 3; q++)
            for (int s = 0; s < c.sol.nsets; s++)
                if (c.sol.set[s].phase == c.tri[q]) xs[q] = c.sol.set[s].x;
        if (!xs[0] || !xs[1] || !xs[2]) continue;
        for (int q = 0; q < 3; q++) set_phase(&v, q + 1, w, c.tri[q], xs[q]);
        /* barycentric coordinates of the liquid in the solid triangle (first two components) */
        double a1 = xs[1][0] - xs[0][0], a2 = xs[2][0] - xs[0][0], b1 = xs[1][1] - xs[0][1], b2 = xs[2][1] - xs[0][1];
        double det = a1 * b2 - a2 * b1;
        double u = ((xl[0] - xs[0][0]) * b2 - a2 * (xl[1] - xs[0][1])) / det;
        double t = (a1 * (xl[1] - xs[0][1]) - b1 * (xl[0] - xs[0][0])) / det;
        int inside = u >= -1e-6 && t >= -1e-6 && u + t <= 1 + 1e-6;
        v.type = inside ? LMDS_INV_TERNARY_EUTECTIC : LMDS_INV_TRANSITION;
        if (add_inv(out, nout, &cap, &v)) return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    return LMDS_OK;
}

lmds_status lmds_thermo_invariants(const lmds_tdb *db, int ncomp, const int *z, double Tmin, double Tmax,
                                   lmds_invariant **out, int *n_out) {
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (!db || !z || !out || !n_out) return lmds_error(LMDS_EINVAL, "NULL argument");
    if (ncomp < 2 || ncomp > 3) return lmds_error(LMDS_EINVAL, "invariants need 2 or 3 elements");
    if (!(Tmin > 0) || !(Tmax > Tmin)) return lmds_error(LMDS_EINVAL, "bad temperature range");
    /* the components in alphabetical order, as everywhere else */
    th_ws *w = malloc(sizeof *w);
    if (!w) return lmds_error(LMDS_ENOMEM, "out of memory");
    lmds_status st = th_ws_init(w, db, z, ncomp);
    if (st) { free(w); return st; }
    if (ncomp == 2) st = binary_invariants(w, Tmin, Tmax, 0, out, n_out);
    else st = ternary_invariants(w, Tmin, Tmax, 0, out, n_out);
    th_ws_free(w);
    free(w);
    if (!st && *n_out > 1) qsort(*out, (size_t)*n_out, sizeof **out, cmp_inv);
    return st;
}
