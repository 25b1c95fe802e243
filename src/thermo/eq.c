/* Equilibrium at fixed T, P and overall composition by global minimisation of G.
 *
 * 1. Every phase is sampled in site-fraction space (T-independent samples, built once per system); the samples'
 *    energies are evaluated per phase at its first use after a change of T or P (th_ws_grid_g).
 * 2. Linear programming over the samples (min sum lambda_p G_p subject to sum lambda_p x_p = x0) gives the
 *    discrete lower convex hull at x0 and a first set of chemical potentials mu (the LP duals).
 * 3. Column generation: each phase is minimised locally in the field mu (its driving force); points below the
 *    hyperplane become new LP columns; repeat until no phase lies below it.
 * 4. The LP basis gives the composition sets (points of one phase closer than 0.03 in site fractions are one
 *    set, so a near-ideal liquid never splits); Newton iterations on the Lagrangian then solve the equilibrium
 *    conditions exactly (Lukas, Fries, Sundman, Computational Thermodynamics, 2007, ch. 5).
 * 5. Driving forces of all phases are checked against the final mu; a negative one restarts at 2. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "core/numeric.h"
#include "lmds/core.h"
#include "thermo/eq.h"

#define BIG_G 1e7
#define DF_TOL 1e-4   /* J/mol: a phase this close to the hyperplane counts as on it */

/* ---------- sampling ---------- */

typedef struct pbuf { double *y; int n, cap, m; } pbuf;

static int pbuf_add(pbuf *b, const double *y) {
    if (b->n == b->cap) {
        int nc = b->cap ? 2 * b->cap : 64;
        double *q = realloc(b->y, (size_t)nc * b->m * sizeof(double));
        if (!q) return -1;
        b->y = q;
        b->cap = nc;
    }
    memcpy(b->y + (size_t)b->n * b->m, y, (size_t)b->m * sizeof(double));
    b->n++;
    return 0;
}

/* All points of a simplex with n vertices at resolution r (counts summing to r), written to out (k * n). */
static int simplex_points(int n, int r, double *out, int max) {
    int cnt[64] = {0}, k = 0;
    if (n == 1) { out[0] = 1; return 1; }
    cnt[0] = r;
    for (;;) {
        if (k >= max) return k;
        for (int i = 0; i < n; i++) out[k * n + i] = (double)cnt[i] / r;
        k++;
        /* next composition in reverse lexicographic order */
        int j = n - 2;
        while (j >= 0 && cnt[j] == 0) j--;
        if (j < 0) break;
        cnt[j]--;
        int rest = cnt[n - 1] + 1;
        cnt[n - 1] = 0;
        cnt[j + 1] = rest;
    }
    return k;
}

static int sample_phase(const th_sys *sys, int p, th_grid *g) {
    const th_phase *ph = &sys->ph[p];
    int m = ph->m, C = sys->C;
    pbuf b = {NULL, 0, 0, m};
    /* per-sublattice point lists */
    double *sub[TH_MAXSUB];
    int nsub_pts[TH_MAXSUB];
    int free_sub = 0;
    for (int s = 0; s < ph->nsub; s++) free_sub += ph->off[s + 1] - ph->off[s] > 1;
    for (int s = 0; s < ph->nsub; s++) {
        int n = ph->off[s + 1] - ph->off[s];
        int r;
        if (n == 1) r = 1;
        else if (free_sub == 1) r = n == 2 ? 60 : n == 3 ? 24 : n == 4 ? 12 : 6;
        else r = n == 2 ? 12 : n == 3 ? 6 : 3;
        int max = 4000;
        sub[s] = malloc((size_t)max * n * sizeof(double) + (size_t)(n * n * 8 + 8) * sizeof(double));
        if (!sub[s]) return -1;
        int k = simplex_points(n, r, sub[s], max);
        /* dilute points near each vertex: terminal solid solutions are often a few 0.1 at.% wide */
        static const double dil[] = {1e-4, 1e-3, 5e-3, 2e-2};
        if (n > 1)
            for (int v = 0; v < n; v++)
                for (int o = 0; o < n; o++) {
                    if (o == v) continue;
                    for (int d = 0; d < 4; d++) {
                        double *q = sub[s] + (size_t)k * n;
                        for (int i = 0; i < n; i++) q[i] = 0;
                        q[v] = 1 - dil[d];
                        q[o] = dil[d];
                        k++;
                    }
                    if (k > max) break;
                }
        nsub_pts[s] = k;
    }
    /* Cartesian product of the sublattice lists */
    int idx[TH_MAXSUB] = {0};
    double y[64];
    long total = 1;
    for (int s = 0; s < ph->nsub; s++) total *= nsub_pts[s];
    int ok = 0;
    for (long t = 0; t < total && t < 20000; t++) {
        for (int s = 0; s < ph->nsub; s++) {
            int n = ph->off[s + 1] - ph->off[s];
            memcpy(y + ph->off[s], sub[s] + (size_t)idx[s] * n, (size_t)n * sizeof(double));
        }
        double N[TH_MAXC];
        if (th_phase_N(sys, p, y, N) > 1e-9) {
            if (pbuf_add(&b, y)) { ok = -1; break; }
        }
        for (int s = 0; s < ph->nsub; s++) {
            if (++idx[s] < nsub_pts[s]) break;
            idx[s] = 0;
        }
    }
    for (int s = 0; s < ph->nsub; s++) free(sub[s]);
    if (ok) { free(b.y); return -1; }
    g->n = b.n;
    g->y = b.y;
    g->x = malloc((size_t)(b.n ? b.n : 1) * C * sizeof(double));
    g->lny = malloc((size_t)(b.n ? b.n : 1) * m * sizeof(double));
    g->nat = malloc((size_t)(b.n ? b.n : 1) * sizeof(double));
    g->g = malloc((size_t)(b.n ? b.n : 1) * sizeof(double));
    if (!g->x || !g->lny || !g->nat || !g->g) return -1;
    for (int i = 0; i < b.n; i++) {
        double N[TH_MAXC];
        const double *yi = g->y + (size_t)i * m;
        double tot = th_phase_N(sys, p, yi, N);
        g->nat[i] = tot;
        for (int c = 0; c < C; c++) g->x[(size_t)i * C + c] = N[c] / tot;
        for (int j = 0; j < m; j++) g->lny[(size_t)i * m + j] = log(yi[j] > 1e-300 ? yi[j] : 1e-300);
    }
    return 0;
}

lmds_status th_ws_init(th_ws *w, const lmds_tdb *db, const int *z, int C) {
    memset(w, 0, sizeof *w);
    lmds_gsl_init();
    lmds_status st = th_sys_build(db, z, C, &w->sys);
    if (st) return st;
    w->grid = calloc((size_t)w->sys.nph, sizeof(th_grid));
    w->active = malloc((size_t)w->sys.nph);
    w->allowed = malloc((size_t)w->sys.nph);
    w->g_ok = calloc((size_t)w->sys.nph, 1);
    if (!w->grid || !w->active || !w->allowed || !w->g_ok || th_tstate_alloc(&w->sys, &w->ts)) {
        th_ws_free(w);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (int p = 0; p < w->sys.nph; p++) {
        w->active[p] = w->allowed[p] = 1;
        if (sample_phase(&w->sys, p, &w->grid[p])) { th_ws_free(w); return lmds_error(LMDS_ENOMEM, "out of memory"); }
    }
    return LMDS_OK;
}

void th_ws_free(th_ws *w) {
    if (!w) return;
    if (w->grid)
        for (int p = 0; p < w->sys.nph; p++) {
            free(w->grid[p].y); free(w->grid[p].lny); free(w->grid[p].x); free(w->grid[p].nat);
            free(w->grid[p].g);
        }
    free(w->grid);
    free(w->active);
    free(w->allowed);
    free(w->g_ok);
    th_tstate_clear(&w->ts);
    free(w->col_phase); free(w->col_y); free(w->col_x); free(w->col_g);
    th_sys_clear(&w->sys);
    memset(w, 0, sizeof *w);
}

/* The pressure above 1 bar applied through molar volumes (Pa), loading them at the first use. */
static lmds_status pressure_term(th_ws *w, double P, double *dP) {
    *dP = 0;
    if (!(P > 1e5) || w->sys.db_has_P) return LMDS_OK;
    if (P > th_pressure_max_GPa() * 1e9)
        return lmds_error(LMDS_EDOMAIN, "pressure %g GPa is above %g GPa, the limit of the constant-volume pressure "
                          "term (docs/thermo.md)", P * 1e-9, th_pressure_max_GPa());
    if (!w->volumes) {
        lmds_status st = th_sys_load_volumes(&w->sys);
        if (st) return st;
        w->volumes = 1;
    }
    *dP = P - 1e5;
    return LMDS_OK;
}

lmds_status th_ws_set_T(th_ws *w, double T, double P) {
    if (!(T > 0) || !isfinite(T)) return lmds_error(LMDS_EINVAL, "temperature must be positive (got %g K)", T);
    if (!(P >= 0) || !isfinite(P)) return lmds_error(LMDS_EINVAL, "pressure must be >= 0 and finite (got %g Pa)", P);
    w->ncol = 0;
    if (w->have_T && T == w->T_set && P == w->P_set) return LMDS_OK;
    double dP;
    lmds_status st = pressure_term(w, P, &dP);
    if (st) return st;
    th_tstate_eval(&w->sys, T, P, dP, &w->ts);
    w->have_T = 1;
    w->T_set = T;
    w->P_set = P;
    memset(w->g_ok, 0, (size_t)w->sys.nph);
    return LMDS_OK;
}

void th_ws_forget_T(th_ws *w) { w->have_T = 0; }

const double *th_ws_grid_g(th_ws *w, int p) {
    th_grid *g = &w->grid[p];
    if (w->g_ok[p]) return g->g;
    int m = w->sys.ph[p].m;
    for (int i = 0; i < g->n; i++) {
        double G = th_phase_G_ln(&w->sys, p, &w->ts, g->y + (size_t)i * m, g->lny + (size_t)i * m, NULL, NULL);
        g->g[i] = isfinite(G) ? G / g->nat[i] : BIG_G;
    }
    w->g_ok[p] = 1;
    return g->g;
}

void th_ws_activate_all(th_ws *w) {
    memcpy(w->active, w->allowed, (size_t)w->sys.nph);
}

void th_ws_activate_liquid(th_ws *w, int liquid) {
    for (int p = 0; p < w->sys.nph; p++)
        w->active[p] = (unsigned char)(w->allowed[p] && w->sys.ph[p].is_liquid == liquid);
}

void th_ws_activate_list(th_ws *w, const int *phases, int n) {
    memset(w->active, 0, (size_t)w->sys.nph);
    for (int k = 0; k < n; k++)
        if (phases[k] >= 0 && phases[k] < w->sys.nph) w->active[phases[k]] = w->allowed[phases[k]];
}

static int name_is(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b)) return 0;
    return *a == *b;
}

/* Is every name of the list a phase of the system or of the database? The first unknown one is the error. */
static lmds_status check_names(const th_ws *w, const char *const *list, const char *what) {
    for (int k = 0; list && list[k]; k++) {
        int found = 0;
        for (int p = 0; p < w->sys.db->nph && !found; p++) found = name_is(list[k], w->sys.db->ph[p].name);
        if (!found)
            return lmds_error(LMDS_ENOTFOUND, "%s phase %s is not a phase of %s", what, list[k], w->sys.db->path);
    }
    return LMDS_OK;
}

lmds_status th_ws_allow(th_ws *w, const char *const *only, const char *const *exclude) {
    lmds_status st = check_names(w, only, "the");
    if (!st) st = check_names(w, exclude, "suspended");
    if (st) return st;
    for (int p = 0; p < w->sys.nph; p++) {
        int a = 1;
        if (only) {
            a = 0;
            for (int k = 0; only[k]; k++) a |= name_is(only[k], w->sys.ph[p].name);
        }
        for (int k = 0; exclude && exclude[k]; k++) a &= !name_is(exclude[k], w->sys.ph[p].name);
        w->allowed[p] = (unsigned char)a;
    }
    th_ws_activate_all(w);
    return LMDS_OK;
}

static int add_col(th_ws *w, int p, const double *y, const double *x, double g) {
    int C = w->sys.C;
    if (w->ncol == w->capcol) {
        int nc = w->capcol ? 2 * w->capcol : 32;
        int *a = realloc(w->col_phase, (size_t)nc * sizeof(int));
        if (!a) return -1;
        w->col_phase = a;
        double *b = realloc(w->col_y, (size_t)nc * 64 * sizeof(double));
        if (!b) return -1;
        w->col_y = b;
        b = realloc(w->col_x, (size_t)nc * C * sizeof(double));
        if (!b) return -1;
        w->col_x = b;
        b = realloc(w->col_g, (size_t)nc * sizeof(double));
        if (!b) return -1;
        w->col_g = b;
        w->capcol = nc;
    }
    w->col_phase[w->ncol] = p;
    memcpy(w->col_y + (size_t)w->ncol * 64, y, (size_t)w->sys.ph[p].m * sizeof(double));
    memcpy(w->col_x + (size_t)w->ncol * C, x, (size_t)C * sizeof(double));
    w->col_g[w->ncol] = g;
    return w->ncol++;
}

/* ---------- reduced costs of the samples ---------- */

/* The sample of lowest g[i] - mu.x[i] (x: n rows of C) if it is below *best, which it then replaces; -1 when none
 * is. The simplex pricing and every driving force scan all samples this way; binaries and ternaries get an
 * unrolled loop (the same operations in the same order, so the same values). */
static int lowest_reduced_cost(const double *g, const double *x, int n, int C, const double *mu, double *best) {
    int arg = -1;
    double b = *best;
    if (C == 2) {
        for (int i = 0; i < n; i++) {
            double rc = g[i];
            rc -= mu[0] * x[2 * i];
            rc -= mu[1] * x[2 * i + 1];
            if (rc < b) { b = rc; arg = i; }
        }
    } else if (C == 3) {
        for (int i = 0; i < n; i++) {
            double rc = g[i];
            rc -= mu[0] * x[3 * i];
            rc -= mu[1] * x[3 * i + 1];
            rc -= mu[2] * x[3 * i + 2];
            if (rc < b) { b = rc; arg = i; }
        }
    } else {
        for (int i = 0; i < n; i++) {
            double rc = g[i];
            for (int c = 0; c < C; c++) rc -= mu[c] * x[(size_t)i * C + c];
            if (rc < b) { b = rc; arg = i; }
        }
    }
    *best = b;
    return arg;
}

/* ---------- local minimisation of G - mu.N of one phase ---------- */

/* Minimise f(y) = G(y) - mu.N(y) per formula unit over the product of simplices, by Newton iterations in the
 * reduced space (one dependent fraction per sublattice), a Levenberg shift when the reduced Hessian is not
 * positive definite (inside a miscibility gap), a fraction-to-boundary rule and backtracking. */
static double local_min(const th_sys *sys, int p, const th_tstate *ts, const double *mu, double *y) {
    const th_phase *ph = &sys->ph[p];
    int m = ph->m, C = sys->C;
    double g[64], H[64 * 64], N[TH_MAXC];
    double dmu[64];
    for (int j = 0; j < m; j++) {
        int s = 0;
        while (j >= ph->off[s + 1]) s++;
        dmu[j] = 0;
        for (int i = 0; i < C; i++) dmu[j] += mu[i] * ph->a[s] * ph->nat[j][i];
    }
    int free_idx[64], dep_of[64], r = 0;
    double f = 0;
    for (int it = 0; it < 60; it++) {
        double G = th_phase_G(sys, p, ts, y, g, H);
        th_phase_N(sys, p, y, N);
        f = G;
        for (int i = 0; i < C; i++) f -= mu[i] * N[i];
        for (int j = 0; j < m; j++) g[j] -= dmu[j];
        /* reduced coordinates: in each sublattice the largest fraction is dependent */
        r = 0;
        for (int s = 0; s < ph->nsub; s++) {
            int a = ph->off[s], b = ph->off[s + 1];
            if (b - a < 2) continue;
            int dep = a;
            for (int j = a; j < b; j++)
                if (y[j] > y[dep]) dep = j;
            for (int j = a; j < b; j++)
                if (j != dep) { free_idx[r] = j; dep_of[r] = dep; r++; }
        }
        if (r == 0) return f;
        double gr[64], Hr[64 * 64], d[64];
        double gmax = 0;
        for (int k = 0; k < r; k++) {
            gr[k] = g[free_idx[k]] - g[dep_of[k]];
            if (fabs(gr[k]) > gmax) gmax = fabs(gr[k]);
        }
        for (int k = 0; k < r; k++)
            for (int l = 0; l < r; l++) {
                int a = free_idx[k], b = dep_of[k], c = free_idx[l], e = dep_of[l];
                Hr[k * r + l] = H[a * m + c] - H[a * m + e] - H[b * m + c] + H[b * m + e];
            }
        /* converged when the reduced gradient is tiny compared with RT */
        if (gmax < 1e-9 * ts->RT) break;
        double shift = 0;
        int okc = 0;
        for (int tries = 0; tries < 30 && !okc; tries++) {
            double A[64 * 64];
            memcpy(A, Hr, sizeof(double) * (size_t)r * r);
            for (int k = 0; k < r; k++) A[k * r + k] += shift;
            gsl_matrix_view Av = gsl_matrix_view_array(A, (size_t)r, (size_t)r);
            int e = gsl_linalg_cholesky_decomp1(&Av.matrix);
            if (!e) {
                gsl_vector_view bv = gsl_vector_view_array(gr, (size_t)r);
                gsl_vector_view xv = gsl_vector_view_array(d, (size_t)r);
                e = gsl_linalg_cholesky_solve(&Av.matrix, &bv.vector, &xv.vector);
            }
            if (!e) okc = 1;
            else shift = shift ? shift * 10 : 1e-3 * ts->RT + 1e-8;
        }
        if (!okc) break;
        double dy[64];
        memset(dy, 0, sizeof(double) * (size_t)m);
        for (int k = 0; k < r; k++) {
            dy[free_idx[k]] -= d[k];
            dy[dep_of[k]] += d[k];
        }
        /* fraction to boundary */
        double alpha = 1;
        for (int j = 0; j < m; j++)
            if (dy[j] < 0 && y[j] + alpha * dy[j] < 0.1 * y[j]) alpha = 0.9 * y[j] / -dy[j];
        double ynew[64];
        int accepted = 0;
        for (int ls = 0; ls < 30; ls++) {
            for (int j = 0; j < m; j++) ynew[j] = y[j] + alpha * dy[j];
            double Gn = th_phase_G(sys, p, ts, ynew, NULL, NULL), Nn[TH_MAXC];
            th_phase_N(sys, p, ynew, Nn);
            double fn = Gn;
            for (int i = 0; i < C; i++) fn -= mu[i] * Nn[i];
            if (fn <= f + 1e-12 * fabs(f) + 1e-12) { accepted = 1; break; }
            alpha *= 0.5;
        }
        if (!accepted) break;
        double step = 0;
        for (int j = 0; j < m; j++) {
            step = fmax(step, fabs(ynew[j] - y[j]));
            y[j] = ynew[j] > 1e-300 ? ynew[j] : 1e-300;
        }
        if (step < 1e-15) break;
    }
    double G = th_phase_G(sys, p, ts, y, NULL, NULL);
    th_phase_N(sys, p, y, N);
    f = G;
    for (int i = 0; i < C; i++) f -= mu[i] * N[i];
    return f;
}

double th_phase_local_df(th_ws *w, int p, const double *mu, double *y) {
    const th_phase *ph = &w->sys.ph[p];
    for (int s = 0; s < ph->nsub; s++) {
        double t = 0;
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
            if (y[j] < 1e-12) y[j] = 1e-12;
            t += y[j];
        }
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) y[j] /= t;
    }
    double f = local_min(&w->sys, p, &w->ts, mu, y);
    double N[TH_MAXC];
    return f / th_phase_N(&w->sys, p, y, N);
}

double th_phase_min_df(th_ws *w, int p, const double *mu, double *y_out) {
    const th_sys *sys = &w->sys;
    int C = sys->C, m = sys->ph[p].m;
    th_grid *gr = &w->grid[p];
    const double *gs = th_ws_grid_g(w, p);
    double bdf = INFINITY;
    int best = lowest_reduced_cost(gs, gr->x, gr->n, C, mu, &bdf);
    if (best < 0) return INFINITY;
    double y[64];
    memcpy(y, gr->y + (size_t)best * m, (size_t)m * sizeof(double));
    for (int j = 0; j < m; j++) if (y[j] < 1e-12) y[j] = 1e-12;
    /* renormalise each sublattice after the floor */
    const th_phase *ph = &sys->ph[p];
    for (int s = 0; s < ph->nsub; s++) {
        double t = 0;
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) t += y[j];
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) y[j] /= t;
    }
    double f = local_min(sys, p, &w->ts, mu, y);
    double N[TH_MAXC];
    double tot = th_phase_N(sys, p, y, N);
    double df = f / tot;
    if (!(df <= bdf)) { /* refinement failed: keep the sample */
        df = bdf;
        memcpy(y, gr->y + (size_t)best * m, (size_t)m * sizeof(double));
    }
    if (y_out) memcpy(y_out, y, (size_t)m * sizeof(double));
    return df;
}

/* ---------- linear programming over the samples ---------- */

typedef struct lp {
    int C;
    int basis[TH_MAXC];   /* column id: >= 0 grid/col index encoded, < 0 virtual vertex -(i+1) */
    double lambda[TH_MAXC];
    double mu[TH_MAXC];
    double lu[TH_MAXC * TH_MAXC]; /* LU factors of the basis matrix B (row-major C x C) and their permutation, */
    size_t perm[TH_MAXC];         /* from lp_factor, reused by the ratio test of the same iteration */
} lp;

/* Column ids: grid points are encoded as (phase << 20) | index; generated columns as (1 << 30) | index. */
#define COL_GEN (1 << 30)

static void col_data(const th_ws *w, int id, const double **x, double *g, int *phase) {
    int C = w->sys.C;
    static const double zero[TH_MAXC] = {0};
    (void)zero;
    if (id & COL_GEN) {
        int k = id & ~COL_GEN;
        *x = w->col_x + (size_t)k * C;
        *g = w->col_g[k];
        *phase = w->col_phase[k];
    } else {
        int p = id >> 20, i = id & 0xFFFFF;
        *x = w->grid[p].x + (size_t)i * C;
        *g = w->grid[p].g[i];
        *phase = p;
    }
}

/* Solve B^T mu = g_B and B lambda = x0 for the current basis. */
static int lp_factor(const th_ws *w, lp *L, const double *x0) {
    int C = L->C;
    double *B = L->lu, gB[TH_MAXC];
    for (int k = 0; k < C; k++) {
        int id = L->basis[k];
        if (id < 0) {
            for (int i = 0; i < C; i++) B[i * C + k] = (i == -id - 1);
            gB[k] = BIG_G;
        } else {
            const double *x; double g; int p;
            col_data(w, id, &x, &g, &p);
            for (int i = 0; i < C; i++) B[i * C + k] = x[i];
            gB[k] = g;
        }
    }
    double BT[TH_MAXC * TH_MAXC];
    for (int i = 0; i < C; i++)
        for (int k = 0; k < C; k++) BT[k * C + i] = B[i * C + k];
    gsl_matrix_view Bv = gsl_matrix_view_array(B, (size_t)C, (size_t)C);
    gsl_matrix_view BTv = gsl_matrix_view_array(BT, (size_t)C, (size_t)C);
    size_t pdata[TH_MAXC]; /* permutations on the stack: this runs once per simplex iteration */
    gsl_permutation pm = {(size_t)C, L->perm}, pmT = {(size_t)C, pdata}, *perm = &pm;
    int sgn;
    int e = gsl_linalg_LU_decomp(&Bv.matrix, perm, &sgn);
    double x0c[TH_MAXC];
    memcpy(x0c, x0, sizeof(double) * (size_t)C);
    gsl_vector_view xv = gsl_vector_view_array(x0c, (size_t)C), lv = gsl_vector_view_array(L->lambda, (size_t)C);
    gsl_vector_view gv = gsl_vector_view_array(gB, (size_t)C), mv = gsl_vector_view_array(L->mu, (size_t)C);
    if (!e) e = gsl_linalg_LU_solve(&Bv.matrix, perm, &xv.vector, &lv.vector);
    if (!e) e = gsl_linalg_LU_decomp(&BTv.matrix, &pmT, &sgn);
    if (!e) e = gsl_linalg_LU_solve(&BTv.matrix, &pmT, &gv.vector, &mv.vector);
    return e ? -1 : 0;
}

static int lp_solve(th_ws *w, lp *L, const double *x0) {
    int C = L->C;
    for (int p = 0; p < w->sys.nph; p++) /* the energies the pricing and col_data read */
        if (w->active[p]) th_ws_grid_g(w, p);
    for (int iter = 0; iter < 2000; iter++) {
        if (lp_factor(w, L, x0)) return -1;
        /* pricing: most negative reduced cost */
        int enter = -1;
        double best = -1e-7; /* J/mol: smaller reduced costs are rounding noise and cause cycling */
        for (int p = 0; p < w->sys.nph; p++) {
            if (!w->active[p]) continue;
            const th_grid *gr = &w->grid[p];
            int i = lowest_reduced_cost(gr->g, gr->x, gr->n, C, L->mu, &best);
            if (i >= 0) enter = (p << 20) | i;
        }
        for (int k = 0; k < w->ncol; k++) {
            if (!w->active[w->col_phase[k]]) continue;
            double rc = w->col_g[k];
            for (int c = 0; c < C; c++) rc -= L->mu[c] * w->col_x[(size_t)k * C + c];
            if (rc < best) { best = rc; enter = COL_GEN | k; }
        }
        if (enter < 0) return 0;
        for (int k = 0; k < C; k++)
            if (L->basis[k] == enter) return 0; /* numerical noise */
        /* ratio test: d = B^-1 x_enter, with the factors of B from lp_factor */
        const double *xe; double ge; int pe;
        col_data(w, enter, &xe, &ge, &pe);
        double d[TH_MAXC], xec[TH_MAXC];
        memcpy(xec, xe, sizeof(double) * (size_t)C);
        gsl_matrix_view Bv = gsl_matrix_view_array(L->lu, (size_t)C, (size_t)C);
        gsl_permutation perm = {(size_t)C, L->perm};
        gsl_vector_view xv = gsl_vector_view_array(xec, (size_t)C), dv = gsl_vector_view_array(d, (size_t)C);
        if (gsl_linalg_LU_solve(&Bv.matrix, &perm, &xv.vector, &dv.vector)) return -1;
        int leave = -1;
        double ratio = INFINITY;
        for (int k = 0; k < C; k++)
            if (d[k] > 1e-12) {
                double r = fmax(L->lambda[k], 0) / d[k];
                if (r < ratio - 1e-15 || (fabs(r - ratio) <= 1e-15 && L->basis[k] < 0)) { ratio = r; leave = k; }
            }
        if (leave < 0) return 0; /* degenerate: keep the feasible basis, column generation refines */
        L->basis[leave] = enter;
    }
    return lp_factor(w, L, x0); /* iteration limit (cycling): the last feasible basis is a good start */
}

/* ---------- Newton on the Lagrangian ---------- */

/* Unknowns per set: y (m), lambda' per sublattice (S), n; then mu (C). Equations: dG/dy_j - mu.dN/dy_j -
 * lambda'_s = 0; sum_s y = 1; G - mu.N = 0; sum_k n_k N_k = x0. */
static int newton(th_ws *w, th_sol *sol, const double *x0) {
    const th_sys *sys = &w->sys;
    int C = sys->C, K = sol->nsets;
    int base[TH_MAXSETS + 1];
    int dim = 0;
    for (int k = 0; k < K; k++) {
        base[k] = dim;
        const th_phase *ph = &sys->ph[sol->set[k].phase];
        dim += ph->m + ph->nsub + 1;
    }
    base[K] = dim;
    dim += C;
    if (dim > 400) return -1;
    gsl_matrix *J = gsl_matrix_alloc((size_t)dim, (size_t)dim);
    gsl_vector *R = gsl_vector_alloc((size_t)dim), *dx = gsl_vector_alloc((size_t)dim);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)dim);
    double *lam = calloc((size_t)K * TH_MAXSUB, sizeof(double));
    if (!J || !R || !dx || !perm || !lam) {
        gsl_matrix_free(J); gsl_vector_free(R); gsl_vector_free(dx); gsl_permutation_free(perm); free(lam);
        return -1;
    }
    double *mu = sol->mu;
    int conv = 0;
    double g[64], H[64 * 64];
    double RT = w->ts.RT;
    /* initial lambda' from the gradient */
    for (int k = 0; k < K; k++) {
        th_set *S = &sol->set[k];
        const th_phase *ph = &sys->ph[S->phase];
        th_phase_G(sys, S->phase, &w->ts, S->y, g, NULL);
        for (int s = 0; s < ph->nsub; s++) {
            double acc = 0; int n = 0;
            for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
                double dm = 0;
                for (int i = 0; i < C; i++) dm += mu[i] * ph->a[s] * ph->nat[j][i];
                acc += g[j] - dm; n++;
            }
            lam[k * TH_MAXSUB + s] = acc / n;
        }
    }
    int it;
    for (it = 0; it < 60; it++) {
        gsl_matrix_set_zero(J);
        gsl_vector_set_zero(R);
        double rmax_y = 0, rmax_b = 0, rmax_n = 0;
        double Ntot[TH_MAXC] = {0};
        for (int k = 0; k < K; k++) {
            th_set *S = &sol->set[k];
            int p = S->phase;
            const th_phase *ph = &sys->ph[p];
            int m = ph->m, b0 = base[k];
            double G = th_phase_G(sys, p, &w->ts, S->y, g, H), N[TH_MAXC];
            th_phase_N(sys, p, S->y, N);
            double rn = G;
            for (int i = 0; i < C; i++) rn -= mu[i] * N[i];
            for (int s = 0; s < ph->nsub; s++) {
                double sum = -1;
                for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
                    double dN[TH_MAXC], dm = 0;
                    for (int i = 0; i < C; i++) { dN[i] = ph->a[s] * ph->nat[j][i]; dm += mu[i] * dN[i]; }
                    double ry = g[j] - dm - lam[k * TH_MAXSUB + s];
                    gsl_vector_set(R, (size_t)(b0 + j), ry);
                    rmax_y = fmax(rmax_y, fabs(ry));
                    for (int l = 0; l < m; l++) gsl_matrix_set(J, (size_t)(b0 + j), (size_t)(b0 + l), H[j * m + l]);
                    gsl_matrix_set(J, (size_t)(b0 + j), (size_t)(b0 + m + s), -1);
                    for (int i = 0; i < C; i++) {
                        gsl_matrix_set(J, (size_t)(b0 + j), (size_t)(base[K] + i), -dN[i]);
                        /* mass balance row i, derivative wrt y_j */
                        gsl_matrix_set(J, (size_t)(base[K] + i), (size_t)(b0 + j), S->n * dN[i]);
                    }
                    /* sublattice sum row */
                    gsl_matrix_set(J, (size_t)(b0 + m + s), (size_t)(b0 + j), 1);
                    /* driving force row */
                    gsl_matrix_set(J, (size_t)(b0 + m + ph->nsub), (size_t)(b0 + j), g[j] - dm);
                    sum += S->y[j];
                }
                gsl_vector_set(R, (size_t)(b0 + m + s), sum);
                rmax_b = fmax(rmax_b, fabs(sum));
            }
            gsl_vector_set(R, (size_t)(b0 + m + ph->nsub), rn);
            rmax_n = fmax(rmax_n, fabs(rn));
            for (int i = 0; i < C; i++) {
                gsl_matrix_set(J, (size_t)(b0 + m + ph->nsub), (size_t)(base[K] + i), -N[i]);
                gsl_matrix_set(J, (size_t)(base[K] + i), (size_t)(b0 + m + ph->nsub), N[i]);
                Ntot[i] += S->n * N[i];
            }
        }
        for (int i = 0; i < C; i++) {
            double rb = Ntot[i] - x0[i];
            gsl_vector_set(R, (size_t)(base[K] + i), rb);
            rmax_b = fmax(rmax_b, fabs(rb));
        }
        if (rmax_y < 1e-7 * RT && rmax_n < 1e-7 * RT && rmax_b < 1e-11) { conv = 1; break; }
        int sgn;
        int e = gsl_linalg_LU_decomp(J, perm, &sgn);
        if (!e) e = gsl_linalg_LU_solve(J, perm, R, dx);
        if (e) break;
        for (size_t i = 0; i < (size_t)dim; i++) if (!isfinite(gsl_vector_get(dx, i))) { e = 1; break; }
        if (e) break;
        /* step limits: site fractions stay positive */
        double alpha = 1;
        for (int k = 0; k < K; k++) {
            th_set *S = &sol->set[k];
            int m = sys->ph[S->phase].m;
            for (int j = 0; j < m; j++) {
                double d = -gsl_vector_get(dx, (size_t)(base[k] + j));
                if (d < 0 && S->y[j] + alpha * d < 0.05 * S->y[j]) alpha = 0.95 * S->y[j] / -d;
            }
        }
        for (int k = 0; k < K; k++) {
            th_set *S = &sol->set[k];
            const th_phase *ph = &sys->ph[S->phase];
            int m = ph->m;
            for (int j = 0; j < m; j++) {
                S->y[j] -= alpha * gsl_vector_get(dx, (size_t)(base[k] + j));
                if (S->y[j] < 1e-300) S->y[j] = 1e-300;
                if (S->y[j] > 1) S->y[j] = 1;
            }
            for (int s = 0; s < ph->nsub; s++) lam[k * TH_MAXSUB + s] -= alpha * gsl_vector_get(dx, (size_t)(base[k] + m + s));
            S->n -= alpha * gsl_vector_get(dx, (size_t)(base[k] + m + ph->nsub));
        }
        for (int i = 0; i < C; i++) mu[i] -= alpha * gsl_vector_get(dx, (size_t)(base[K] + i));
    }
    sol->iterations += it;
    gsl_matrix_free(J); gsl_vector_free(R); gsl_vector_free(dx); gsl_permutation_free(perm); free(lam);
    return conv ? 0 : -1;
}

static double ydist(const double *a, const double *b, int m) {
    double d = 0;
    for (int j = 0; j < m; j++) d = fmax(d, fabs(a[j] - b[j]));
    return d;
}

/* Fill per-set derived quantities (x, amount, G) and the total G. */
static void finish_sol(th_ws *w, th_sol *sol, const double *x0) {
    const th_sys *sys = &w->sys;
    int C = sys->C;
    sol->G = 0;
    for (int i = 0; i < C; i++) sol->G += sol->mu[i] * x0[i];
    for (int k = 0; k < sol->nsets; k++) {
        th_set *S = &sol->set[k];
        double N[TH_MAXC];
        double tot = th_phase_N(sys, S->phase, S->y, N);
        for (int i = 0; i < C; i++) S->x[i] = N[i] / tot;
        S->amount = S->n * tot;
        S->G = th_phase_G(sys, S->phase, &w->ts, S->y, NULL, NULL) / tot;
    }
}

/* Group the LP basis into composition sets. */
static void basis_to_sets(th_ws *w, const lp *L, th_sol *sol) {
    const th_sys *sys = &w->sys;
    int C = sys->C;
    memset(sol, 0, sizeof *sol);
    for (int k = 0; k < C; k++) {
        int id = L->basis[k];
        if (id < 0 || L->lambda[k] < 1e-12) continue;
        const double *x; double g; int p;
        col_data(w, id, &x, &g, &p);
        const double *y = (id & COL_GEN) ? w->col_y + (size_t)(id & ~COL_GEN) * 64
                                         : w->grid[p].y + (size_t)(id & 0xFFFFF) * sys->ph[p].m;
        int m = sys->ph[p].m;
        double N[TH_MAXC];
        double tot = th_phase_N(sys, p, y, N);
        double nfu = L->lambda[k] / tot;
        int merged = 0;
        for (int s = 0; s < sol->nsets && !merged; s++) {
            th_set *S = &sol->set[s];
            if (S->phase != p || ydist(S->y, y, m) > 0.03) continue;
            for (int j = 0; j < m; j++) S->y[j] = (S->y[j] * S->n + y[j] * nfu) / (S->n + nfu);
            S->n += nfu;
            merged = 1;
        }
        if (merged || sol->nsets >= TH_MAXSETS) continue;
        th_set *S = &sol->set[sol->nsets++];
        memset(S, 0, sizeof *S);
        S->phase = p;
        memcpy(S->y, y, (size_t)m * sizeof(double));
        for (int j = 0; j < m; j++) if (S->y[j] < 1e-12) S->y[j] = 1e-12;
        S->n = nfu;
    }
    memcpy(sol->mu, L->mu, sizeof(double) * (size_t)C);
}

lmds_status th_equilibrate(th_ws *w, const double *x0in, th_sol *sol) {
    const th_sys *sys = &w->sys;
    int C = sys->C;
    if (!w->have_T) return lmds_error(LMDS_EINVAL, "temperature not set");
    double x0[TH_MAXC], sum = 0;
    for (int i = 0; i < C; i++) {
        x0[i] = x0in[i] < 1e-12 ? 1e-12 : x0in[i];
        sum += x0[i];
    }
    for (int i = 0; i < C; i++) x0[i] /= sum;
    memset(sol, 0, sizeof *sol);
    lp L;
    L.C = C;
    for (int k = 0; k < C; k++) L.basis[k] = -(k + 1);
    w->ncol = 0;
    int outer;
    for (outer = 0; outer < 40; outer++) {
        if (lp_solve(w, &L, x0)) return lmds_error(LMDS_ENOCONV, "linear programming on the phase samples failed");
        for (int k = 0; k < C; k++)
            if (L.basis[k] < 0 && L.lambda[k] > 1e-9)
                return lmds_error(LMDS_ENODATA, "no phase of the database contains %s", sys->el[k]);
        /* column generation: add each phase's local minimum in the field mu */
        int added = 0;
        for (int p = 0; p < sys->nph; p++) {
            if (!w->active[p]) continue;
            double y[64];
            double df = th_phase_min_df(w, p, L.mu, y);
            if (df < -DF_TOL * 0.01) {
                double N[TH_MAXC], x[TH_MAXC];
                double tot = th_phase_N(sys, p, y, N);
                for (int i = 0; i < C; i++) x[i] = N[i] / tot;
                double G = th_phase_G(sys, p, &w->ts, y, NULL, NULL) / tot;
                if (add_col(w, p, y, x, G) < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
                added++;
            }
            /* also refine the basis points of this phase (miscibility gaps: several minima) */
            for (int k = 0; k < C; k++) {
                int id = L.basis[k];
                if (id < 0) continue;
                const double *xb; double gb; int pb;
                col_data(w, id, &xb, &gb, &pb);
                if (pb != p) continue;
                int m = sys->ph[p].m;
                const double *yb = (id & COL_GEN) ? w->col_y + (size_t)(id & ~COL_GEN) * 64
                                                  : w->grid[p].y + (size_t)(id & 0xFFFFF) * m;
                if (ydist(yb, y, m) < 0.05) continue;
                double y2[64];
                memcpy(y2, yb, (size_t)m * sizeof(double));
                for (int j = 0; j < m; j++) if (y2[j] < 1e-12) y2[j] = 1e-12;
                double f = local_min(sys, p, &w->ts, L.mu, y2);
                double N[TH_MAXC], x[TH_MAXC];
                double tot = th_phase_N(sys, p, y2, N);
                if (f / tot < -DF_TOL * 0.01) {
                    for (int i = 0; i < C; i++) x[i] = N[i] / tot;
                    double G = th_phase_G(sys, p, &w->ts, y2, NULL, NULL) / tot;
                    if (add_col(w, p, y2, x, G) < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
                    added++;
                }
            }
        }
        if (!added) break;
    }
    sol->iterations = outer;
    /* Newton polish, with re-merging of sets that converge onto each other */
    th_sol trial;
    memset(&trial, 0, sizeof trial);
    for (int attempt = 0; attempt < 4; attempt++) {
        basis_to_sets(w, &L, &trial);
        if (attempt > 0) {
            /* drop sets that Newton drove to a negative amount last time */
        }
        int ok = newton(w, &trial, x0) == 0;
        if (ok) {
            /* merge coinciding sets of the same phase, drop empty ones */
            int changed = 0;
            for (int a = 0; a < trial.nsets; a++)
                for (int b = a + 1; b < trial.nsets; b++)
                    if (trial.set[a].phase == trial.set[b].phase &&
                        ydist(trial.set[a].y, trial.set[b].y, sys->ph[trial.set[a].phase].m) < 1e-4) {
                        trial.set[a].n += trial.set[b].n;
                        trial.set[b] = trial.set[--trial.nsets];
                        b--;
                        changed = 1;
                    }
            int neg = 0;
            for (int a = 0; a < trial.nsets; a++) neg |= trial.set[a].n < -1e-10;
            if (changed) ok = newton(w, &trial, x0) == 0;
            if (ok && !neg) {
                for (int a = 0; a < trial.nsets; a++)
                    if (trial.set[a].n < 1e-14) { trial.set[a] = trial.set[--trial.nsets]; a--; }
                trial.converged = 1;
                *sol = trial;
                sol->iterations += outer;
                finish_sol(w, sol, x0);
                return LMDS_OK;
            }
        }
        break;
    }
    /* Newton failed: keep the hull estimate (accurate to the column generation's tolerance) */
    basis_to_sets(w, &L, sol);
    sol->iterations = outer;
    sol->converged = 0;
    finish_sol(w, sol, x0);
    return LMDS_OK;
}
