/* Invariant reactions: the shared machinery (a restricted equilibrium of the phases that meet, the driving force of
 * the last phase against it, solved in T by Brent's method) and the public entry points. The searches are in
 * inv_binary.c and inv_ternary.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "core/numeric.h"
#include "lmds/core.h"
#include "thermo/inv.h"

const char *lmds_inv_type_name(lmds_inv_type t) {
    switch (t) {
    case LMDS_INV_EUTECTIC: return "eutectic";
    case LMDS_INV_PERITECTIC: return "peritectic";
    case LMDS_INV_MONOTECTIC: return "monotectic";
    case LMDS_INV_CONGRUENT: return "congruent";
    case LMDS_INV_TERNARY_EUTECTIC: return "ternary eutectic";
    case LMDS_INV_TERNARY_PERITECTIC: return "ternary peritectic";
    case LMDS_INV_TRANSITION: return "transition (U-type)";
    case LMDS_INV_CATATECTIC: return "catatectic";
    case LMDS_INV_SYNTECTIC: return "syntectic";
    default: return "other";
    }
}

int inv_is_liquid(const th_ws *w, int p) { return w->sys.ph[p].is_liquid; }

void inv_phase_x(const th_ws *w, int p, const double *y, double *x) {
    double N[TH_MAXC];
    double tot = th_phase_N(&w->sys, p, y, N);
    for (int i = 0; i < w->sys.C; i++) x[i] = N[i] / tot;
}

void inv_phase_y_from_x(const th_ws *w, inv_phase *q) {
    const th_phase *ph = &w->sys.ph[q->p];
    int C = w->sys.C;
    for (int s = 0; s < ph->nsub; s++) {
        double tot = 0;
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
            int el = -1, nel = 0;
            for (int i = 0; i < C; i++)
                if (ph->nat[j][i] > 0) { el = i; nel++; }
            q->y[j] = nel == 0 ? (ph->off[s + 1] - ph->off[s] == 1 ? 1.0 : 1e-3)
                               : nel == 1 && ph->nat[j][el] == 1 ? fmax(q->x[el], 1e-9) : 1e-3;
            tot += q->y[j];
        }
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) q->y[j] /= tot;
    }
}

void inv_set_phase(lmds_invariant *v, int k, const th_ws *w, int p, const double *x, int set) {
    if (set > 1) snprintf(v->phase[k], sizeof v->phase[k], "%.28s#%d", w->sys.ph[p].name, set % 10);
    else snprintf(v->phase[k], sizeof v->phase[k], "%s", w->sys.ph[p].name);
    memcpy(v->x[k], x, sizeof(double) * (size_t)w->sys.C);
}

static int same_phases(const lmds_invariant *u, const lmds_invariant *v) {
    if (u->nphases != v->nphases) return 0;
    for (int a = 0; a < v->nphases; a++) {
        int hit = 0;
        for (int b = 0; b < u->nphases; b++) hit |= !strcmp(u->phase[b], v->phase[a]);
        if (!hit) return 0;
    }
    return 1;
}

int inv_add(inv_list *l, const lmds_invariant *v) {
    for (int i = 0; i < l->n; i++)
        if (fabs(l->v[i].T - v->T) < 0.01 && same_phases(&l->v[i], v)) return 0;
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 8;
        lmds_invariant *q = realloc(l->v, sizeof *q * (size_t)nc);
        if (!q) return -1;
        l->v = q;
        l->cap = nc;
    }
    l->v[l->n++] = *v;
    return 0;
}

/* Match the sets of sol to the wanted phases (greedy, nearest composition for a phase wanted twice); returns the
 * number matched and, per wanted phase, the set index (-1 when missing). */
static int match_sets(const th_ws *w, const inv_phase *ph, int n, const th_sol *sol, int *set_of) {
    int used[TH_MAXSETS] = {0}, matched = 0, C = w->sys.C;
    for (int k = 0; k < n; k++) {
        set_of[k] = -1;
        double best = INFINITY;
        for (int s = 0; s < sol->nsets; s++) {
            if (used[s] || sol->set[s].phase != ph[k].p) continue;
            double d = 0;
            for (int i = 0; i < C; i++) d += fabs(sol->set[s].x[i] - ph[k].x[i]);
            if (d < best) { best = d; set_of[k] = s; }
        }
        if (set_of[k] >= 0) { used[set_of[k]] = 1; matched++; }
    }
    return matched;
}

int inv_restricted(th_ws *w, inv_phase *ph, int n, double *x0, th_sol *sol) {
    int C = w->sys.C, list[4];
    for (int k = 0; k < n; k++) list[k] = ph[k].p;
    for (int it = 0; it < 8; it++) {
        th_ws_activate_list(w, list, n);
        lmds_status st = th_equilibrate(w, x0, sol);
        th_ws_activate_all(w);
        if (st) return -1;
        int set_of[4];
        int matched = match_sets(w, ph, n, sol, set_of);
        /* the new x0: the centroid of the wanted phases (found ones at their new compositions) */
        for (int i = 0; i < C; i++) x0[i] = 0;
        for (int k = 0; k < n; k++) {
            const double *x = set_of[k] >= 0 ? sol->set[set_of[k]].x : ph[k].x;
            for (int i = 0; i < C; i++) x0[i] += x[i] / n;
        }
        if (matched == n && sol->nsets == n) {
            for (int k = 0; k < n; k++) {
                const th_set *S = &sol->set[set_of[k]];
                memcpy(ph[k].y, S->y, sizeof(double) * (size_t)w->sys.ph[S->phase].m);
                memcpy(ph[k].x, S->x, sizeof(double) * (size_t)C);
            }
            return 0;
        }
    }
    return -1;
}

/* Solve A d = f for the C x C matrix A (rows: the phases' compositions). 0 on success. */
static int solve_small(int C, const double *A, const double *f, double *d) {
    double M[TH_MAXC * TH_MAXC], b[TH_MAXC];
    memcpy(M, A, sizeof(double) * (size_t)(C * C));
    memcpy(b, f, sizeof(double) * (size_t)C);
    gsl_matrix_view Mv = gsl_matrix_view_array(M, (size_t)C, (size_t)C);
    gsl_vector_view bv = gsl_vector_view_array(b, (size_t)C), dv = gsl_vector_view_array(d, (size_t)C);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)C);
    if (!perm) return -1;
    int sgn, e = gsl_linalg_LU_decomp(&Mv.matrix, perm, &sgn);
    if (!e) e = gsl_linalg_LU_solve(&Mv.matrix, perm, &bv.vector, &dv.vector);
    gsl_permutation_free(perm);
    for (int i = 0; !e && i < C; i++) e = !isfinite(d[i]);
    return e ? -1 : 0;
}

int inv_tie_newton(th_ws *w, inv_phase *ph, int n, double *mu) {
    int C = w->sys.C;
    if (n != C) return -1;
    double RT = w->ts.RT;
    for (int it = 0; it < 40; it++) {
        double A[TH_MAXC * TH_MAXC], f[TH_MAXC], d[TH_MAXC], fmaxabs = 0;
        for (int k = 0; k < n; k++) {
            f[k] = th_phase_local_df(w, ph[k].p, mu, ph[k].y);
            if (!isfinite(f[k])) return -1;
            inv_phase_x(w, ph[k].p, ph[k].y, ph[k].x);
            memcpy(&A[k * C], ph[k].x, sizeof(double) * (size_t)C);
            fmaxabs = fmax(fmaxabs, fabs(f[k]));
        }
        if (fmaxabs < 1e-7 * RT) {
            /* two sets of one phase must stay apart */
            for (int a = 0; a < n; a++)
                for (int b = a + 1; b < n; b++) {
                    double dist = 0;
                    for (int i = 0; i < C; i++) dist += fabs(ph[a].x[i] - ph[b].x[i]);
                    if (ph[a].p == ph[b].p && dist < 1e-4) return -1;
                }
            return 0;
        }
        if (solve_small(C, A, f, d)) return -1;
        double big = 0;
        for (int i = 0; i < C; i++) big = fmax(big, fabs(d[i]));
        double scale = big > 3 * RT ? 3 * RT / big : 1; /* damped: at most 3 RT per step */
        for (int i = 0; i < C; i++) mu[i] += scale * d[i];
    }
    return -1;
}

double inv_probe_df(double T, void *ctx) {
    inv_ctx *c = ctx;
    th_ws *w = c->w;
    if (th_ws_set_T(w, T, c->P) || inv_restricted(w, c->ph, c->npair, c->x0, &c->sol)) {
        c->fail = 1;
        return NAN;
    }
    inv_phase *q = &c->ph[c->npair];
    double y[64], df;
    memcpy(y, q->y, sizeof y);
    if (c->probe_local) df = th_phase_local_df(w, q->p, c->sol.mu, y);
    else df = th_phase_min_df(w, q->p, c->sol.mu, y);
    if (!isfinite(df)) {
        c->fail = 1;
        return NAN;
    }
    memcpy(q->y, y, sizeof y);
    inv_phase_x(w, q->p, q->y, q->x);
    return df;
}

/* The probe's driving force at T on a copy of the context (a failed evaluation leaves c as it was). */
static double probe_at(inv_ctx *c, double T, int *ok) {
    inv_ctx t = *c;
    t.fail = 0;
    double f = inv_probe_df(T, &t);
    *ok = !t.fail && isfinite(f);
    if (*ok) *c = t;
    return f;
}

lmds_status inv_solve_T(inv_ctx *c, double Tlo, double Thi, double reach, double *T) {
    int oklo, okhi;
    double flo = probe_at(c, Tlo, &oklo), fhi = probe_at(c, Thi, &okhi);
    /* an end where the restricted equilibrium does not exist (the pair's phases cannot coexist there): move it
     * towards the other end */
    for (int it = 0; it < 12 && (oklo != okhi) && Thi - Tlo > 1e-4; it++) {
        double Tm = 0.5 * (Tlo + Thi);
        int okm;
        double fm = probe_at(c, Tm, &okm);
        if (!oklo) { Tlo = Tm; flo = fm; oklo = okm; }
        else { Thi = Tm; fhi = fm; okhi = okm; }
    }
    if (!oklo || !okhi) return lmds_error(LMDS_ENOCONV, "no restricted equilibrium at the ends of [%g, %g] K", Tlo, Thi);
    /* no sign change: widen the interval while the ends stay valid */
    for (double step = fmax(0.5, Thi - Tlo); flo * fhi > 0 && step <= reach; step *= 2) {
        double a = fmax(1.0, Tlo - step), b = Thi + step;
        int oka, okb;
        double fa = probe_at(c, a, &oka), fb = probe_at(c, b, &okb);
        if (oka) { Tlo = a; flo = fa; }
        if (okb) { Thi = b; fhi = fb; }
        if (!oka && !okb) break;
    }
    if (!(flo * fhi <= 0)) return lmds_error(LMDS_ENOCONV, "no invariant temperature bracketed in [%g, %g] K", Tlo, Thi);
    c->fail = 0;
    lmds_status st = lmds_root_brent(inv_probe_df, c, Tlo, Thi, 1e-5, 0, 100, "invariant temperature", T);
    if (st) return st;
    /* leave the pair and the probe at the root */
    c->fail = 0;
    inv_probe_df(*T, c);
    return c->fail ? lmds_error(LMDS_ENOCONV, "invariant equilibrium lost at its root") : LMDS_OK;
}

static int cmp_inv(const void *a, const void *b) {
    double d = ((const lmds_invariant *)b)->T - ((const lmds_invariant *)a)->T;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

lmds_status lmds_thermo_ws_invariants(lmds_thermo_ws *ws, double P_GPa, double Tmin, double Tmax,
                                      lmds_invariant **out, int *n_out) {
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (!ws || !out || !n_out) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_invariants: NULL argument");
    int C = ws->w.sys.C;
    if (C < 2 || C > 3) return lmds_error(LMDS_EINVAL, "invariants need 2 or 3 elements (got %d)", C);
    if (!(Tmin > 0) || !(Tmax > Tmin) || !isfinite(Tmin))
        return lmds_error(LMDS_EINVAL, "temperature window must satisfy 0 < T_min < T_max (got %g, %g K)", Tmin, Tmax);
    double P;
    lmds_status st = th_pressure_Pa(P_GPa, &P);
    if (st) return st;
    lmds_invariant *all = NULL;
    int n = 0;
    st = C == 2 ? th_binary_invariants(&ws->w, P, &all, &n) : th_ternary_invariants(&ws->w, P, &all, &n);
    if (st) { free(all); return st; }
    int k = 0;
    for (int i = 0; i < n; i++)
        if (all[i].T >= Tmin && all[i].T <= Tmax) all[k++] = all[i];
    if (k > 1) qsort(all, (size_t)k, sizeof *all, cmp_inv);
    for (int i = 0; i < k; i++) th_ws_warn_T(ws, all[i].T, "invariant");
    if (k == 0) { free(all); all = NULL; }
    *out = all;
    *n_out = k;
    return LMDS_OK;
}

lmds_status lmds_thermo_invariants(const lmds_tdb *db, int ncomp, const int *z, double Tmin, double Tmax,
                                   lmds_invariant **out, int *n_out) {
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (!db || !z || !out || !n_out) return lmds_error(LMDS_EINVAL, "lmds_thermo_invariants: NULL argument");
    if (ncomp < 2 || ncomp > 3) return lmds_error(LMDS_EINVAL, "invariants need 2 or 3 elements");
    lmds_thermo_ws *ws;
    lmds_status st = lmds_thermo_ws_new(db, ncomp, z, NULL, &ws);
    if (st) return st;
    st = lmds_thermo_ws_invariants(ws, 0, Tmin, Tmax, out, n_out);
    lmds_thermo_ws_free(ws);
    return st;
}
