/* Ternary invariants with the liquid, found by following the liquidus valleys, so that none depends on a
 * temperature window or on a composition grid:
 *  1. the three-phase invariants (L + A + B) of the three binary edges (inv_binary.c) start monovariant lines:
 *     the tie triangle L + A + B moves into the ternary as T changes (down, or up when the third element raises
 *     the reaction);
 *  2. each line is followed in steps of 2 K, the triangle solved at every step as the equilibrium restricted to
 *     its three phases, until a fourth phase D reaches the triangle's plane (its driving force changes sign): the
 *     four-phase reaction L + A + B + D, solved in T by Brent's method (inv.c);
 *  3. below a four-phase reaction the triangles with the liquid that exist there start new lines (one below a
 *     U-type reaction, two below a ternary peritectic, none below a ternary eutectic);
 *  4. type: a phase inside the triangle of the other three is the one that forms or vanishes (the liquid vanishing
 *     on cooling: ternary eutectic; a solid forming: ternary peritectic); four phases in a quadrilateral: U-type.
 * Not found: a line that starts at a ternary maximum (a saddle on a quasi-binary section) rather than on an edge,
 * and reactions of ternary compounds with no binary edge reaction leading to them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"
#include "thermo/inv.h"

#define STEP_T 2.0
#define MAX_LINES 64
#define MAX_STEPS 2000

typedef struct tline {
    inv_phase ph[3];   /* L, A, B */
    double mu[TH_MAXC];/* chemical potentials of the triangle at T */
    double T;
    int dir;           /* -1 down, +1 up */
} tline;

typedef struct tstate {
    th_ws *w;
    double P;
    tline line[MAX_LINES];
    int nlines, next;
    inv_list out;
} tstate;

/* ---------- starting lines on the binary edges ---------- */

static int phase_of(const th_ws *w, const char *name) {
    char base[TH_NAME];
    snprintf(base, sizeof base, "%s", name);
    char *h = strchr(base, '#');
    if (h) *h = 0;
    return th_phase_find(&w->sys, base);
}

/* The suspended phases of the ternary workspace, as a NULL-terminated name list (static storage of w). */
static int suspended_names(const th_ws *w, const char **names, int max) {
    int n = 0;
    for (int p = 0; p < w->sys.nph && n + 1 < max; p++)
        if (!w->allowed[p]) names[n++] = w->sys.ph[p].name;
    names[n] = NULL;
    return n;
}

static int push_line(tstate *t, const tline *l) {
    if (t->nlines >= MAX_LINES) return -1;
    for (int k = 0; k < t->nlines; k++) {
        const tline *u = &t->line[k];
        int same = u->dir == l->dir && fabs(u->T - l->T) < 0.05 && u->ph[0].p == l->ph[0].p;
        same = same && ((u->ph[1].p == l->ph[1].p && u->ph[2].p == l->ph[2].p) ||
                        (u->ph[1].p == l->ph[2].p && u->ph[2].p == l->ph[1].p));
        if (same) return 0;
    }
    t->line[t->nlines++] = *l;
    return 0;
}

/* A binary invariant L + A + B of the edge (i, j) as the start of a line in the ternary. */
static void start_from_edge(tstate *t, const lmds_invariant *v, int i, int j) {
    if (v->nphases != 3) return;
    tline l;
    memset(&l, 0, sizeof l);
    l.T = v->T;
    for (int k = 0; k < 3; k++) {
        l.ph[k].p = phase_of(t->w, v->phase[k]);
        if (l.ph[k].p < 0) return;
        l.ph[k].x[i] = v->x[k][0];
        l.ph[k].x[j] = v->x[k][1];
    }
    if (!inv_is_liquid(t->w, l.ph[0].p)) return;
    l.dir = 0; /* decided when the line starts */
    push_line(t, &l);
}

static lmds_status edge_lines(tstate *t) {
    const th_ws *w = t->w;
    const char *susp[65];
    suspended_names(w, susp, 65);
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            th_ws bw;
            int z2[2] = {w->sys.z[i], w->sys.z[j]};
            lmds_status st = th_ws_init(&bw, w->sys.db, z2, 2);
            if (!st) st = th_ws_allow(&bw, NULL, susp);
            lmds_invariant *v = NULL;
            int n = 0;
            if (!st) st = th_binary_invariants(&bw, t->P, &v, &n);
            th_ws_free(&bw);
            if (st) { free(v); return st; }
            for (int k = 0; k < n; k++) start_from_edge(t, &v[k], i, j);
            free(v);
        }
    return LMDS_OK;
}

/* ---------- following a line ---------- */

static void centroid(const inv_phase *ph, int n, double *x0) {
    for (int i = 0; i < TH_MAXC; i++) x0[i] = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < 3; i++) x0[i] += ph[k].x[i] / n;
}

/* The triangle of the phases ph at T by the restricted equilibrium at their centroid (robust when the centroid is
 * inside, which it is for a triangle already known at a nearby T); mu receives its chemical potentials. 0 on
 * success (ph updated). */
static int triangle_at(tstate *t, inv_phase *ph, double T, double *mu) {
    double x0[TH_MAXC];
    th_sol sol;
    centroid(ph, 3, x0);
    if (th_ws_set_T(t->w, T, t->P)) { lmds_error_clear(); return -1; }
    if (inv_restricted(t->w, ph, 3, x0, &sol)) return -1;
    memcpy(mu, sol.mu, sizeof(double) * 3);
    return 0;
}

/* The same by Newton on mu from the triangle at a nearby T (cheaper, and it needs no point inside). */
static int triangle_newton(tstate *t, inv_phase *ph, double T, double *mu) {
    if (th_ws_set_T(t->w, T, t->P)) { lmds_error_clear(); return -1; }
    return inv_tie_newton(t->w, ph, 3, mu);
}

/* The liquid of the line moved into the ternary (every component present). */
static int inside(const inv_phase *liq) {
    return liq->x[0] > 1e-7 && liq->x[1] > 1e-7 && liq->x[2] > 1e-7;
}

/* The chemical potentials of the liquid of composition x at the current T (liquid-only equilibrium). */
static int liquid_mu(tstate *t, const inv_phase *liq, double *mu) {
    th_sol sol;
    int L = liq->p;
    th_ws_activate_list(t->w, &L, 1);
    lmds_status st = th_equilibrate(t->w, liq->x, &sol);
    th_ws_activate_all(t->w);
    if (st) { lmds_error_clear(); return -1; }
    memcpy(mu, sol.mu, sizeof(double) * 3);
    return 0;
}

/* Start a line from its degenerate binary triangle: on the side (down first) where the triangle enters the
 * ternary, solved by Newton on mu from the liquid's potentials with a trace of the third element; the side where
 * the liquid would need a negative amount of it does not converge (or leaves the ternary). */
static int start_dir(tstate *t, tline *l) {
    static const double dT[] = {0.1, 0.5, 2.0};
    int k = 0;
    while (k < 3 && l->ph[0].x[k] > 0) k++;
    if (k == 3) return 0;
    for (int d = -1; d <= 1; d += 2)
        for (int e = 0; e < 3; e++) {
            inv_phase ph[3];
            double mu[TH_MAXC];
            memcpy(ph, l->ph, sizeof ph);
            for (int q = 0; q < 3; q++) {
                double add = q == 0 ? 1e-3 : 1e-4;
                for (int i = 0; i < 3; i++) ph[q].x[i] *= 1 - add;
                ph[q].x[k] = add;
                inv_phase_y_from_x(t->w, &ph[q]);
            }
            if (th_ws_set_T(t->w, l->T + d * dT[e], t->P) || liquid_mu(t, &ph[0], mu)) continue;
            if (triangle_newton(t, ph, l->T + d * dT[e], mu) == 0 && inside(&ph[0])) {
                memcpy(l->ph, ph, sizeof ph);
                memcpy(l->mu, mu, sizeof mu);
                l->T += d * dT[e];
                return d;
            }
        }
    return 0;
}

/* A fourth phase below the plane of the triangle (driving force < -1e-3 J/mol): its index, else -1. */
static int fourth_phase(tstate *t, const tline *l, const double *mu) {
    th_ws *w = t->w;
    int best = -1;
    double bdf = -1e-3;
    for (int q = 0; q < w->sys.nph; q++) {
        if (!w->allowed[q] || q == l->ph[0].p || q == l->ph[1].p || q == l->ph[2].p) continue;
        double df = th_phase_min_df(w, q, mu, NULL);
        if (df < bdf) { bdf = df; best = q; }
    }
    return best;
}

/* Is point p inside the triangle a, b, c (first two mole fractions as coordinates)? */
static int in_triangle(const double *p, const double *a, const double *b, const double *c) {
    double a1 = b[0] - a[0], a2 = c[0] - a[0], b1 = b[1] - a[1], b2 = c[1] - a[1];
    double det = a1 * b2 - a2 * b1;
    if (fabs(det) < 1e-14) return 0;
    double u = ((p[0] - a[0]) * b2 - a2 * (p[1] - a[1])) / det;
    double v = (a1 * (p[1] - a[1]) - b1 * (p[0] - a[0])) / det;
    return u >= -1e-9 && v >= -1e-9 && u + v <= 1 + 1e-9;
}

/* Type of the four-phase reaction of ph[0..3] (ph[0] the liquid) at T. */
static lmds_inv_type type4(tstate *t, const inv_phase *ph, double T) {
    for (int k = 0; k < 4; k++) {
        const inv_phase *o[3];
        for (int j = 0, n = 0; j < 4; j++)
            if (j != k) o[n++] = &ph[j];
        if (!in_triangle(ph[k].x, o[0]->x, o[1]->x, o[2]->x)) continue;
        inv_ctx c;
        memset(&c, 0, sizeof c);
        c.w = t->w;
        c.P = t->P;
        c.npair = 3;
        for (int j = 0; j < 3; j++) c.ph[j] = *o[j];
        c.ph[3] = ph[k];
        memcpy(c.x0, ph[k].x, sizeof c.x0);
        double up = inv_probe_df(T + 0.05, &c);
        if (c.fail) { lmds_error_clear(); return LMDS_INV_OTHER; }
        int above = up < 0;
        if (k == 0) return above ? LMDS_INV_TERNARY_EUTECTIC : LMDS_INV_OTHER;
        return above ? LMDS_INV_OTHER : LMDS_INV_TERNARY_PERITECTIC;
    }
    return LMDS_INV_TRANSITION;
}

/* The lines with the liquid that leave the four-phase point downwards. */
static void lines_below(tstate *t, const inv_phase *ph, double T) {
    static const int triples[3][3] = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}};
    for (int k = 0; k < 3; k++) {
        tline l;
        memset(&l, 0, sizeof l);
        for (int j = 0; j < 3; j++) l.ph[j] = ph[triples[k][j]];
        int other = 6 - triples[k][0] - triples[k][1] - triples[k][2];
        if (triangle_at(t, l.ph, T - 0.05, l.mu) || !inside(&l.ph[0])) continue;
        double df = th_phase_min_df(t->w, ph[other].p, l.mu, NULL);
        if (!(df > 0) || fourth_phase(t, &l, l.mu) >= 0) continue;
        l.T = T - 0.05;
        l.dir = -1;
        push_line(t, &l);
    }
}

static lmds_status four_phase(tstate *t, const tline *l, int D, double Tprev, double T) {
    inv_ctx c;
    memset(&c, 0, sizeof c);
    c.w = t->w;
    c.P = t->P;
    c.npair = 3;
    memcpy(c.ph, l->ph, sizeof l->ph);
    c.ph[3].p = D;
    centroid(l->ph, 3, c.x0);
    double T4;
    if (inv_solve_T(&c, fmin(Tprev, T), fmax(Tprev, T), 4, &T4)) {
        lmds_error_clear();
        return LMDS_OK;
    }
    lmds_invariant v;
    memset(&v, 0, sizeof v);
    v.type = type4(t, c.ph, T4);
    v.T = T4;
    v.nphases = 4;
    for (int k = 0; k < 4; k++) inv_set_phase(&v, k, t->w, c.ph[k].p, c.ph[k].x, 1);
    if (inv_add(&t->out, &v)) return lmds_error(LMDS_ENOMEM, "out of memory");
    lines_below(t, c.ph, T4);
    return LMDS_OK;
}

/* Follow a line in steps that grow to STEP_T while the triangle is found and shrink (to 1e-3 K) when it is lost
 * (a thin triangle near an edge moves by more than its own size in a large step). */
static lmds_status follow(tstate *t, tline *l) {
    if (l->dir == 0 && !(l->dir = start_dir(t, l))) return LMDS_OK;
    double T = l->T, step = 0.25;
    for (int it = 0; it < MAX_STEPS; it++) {
        double Tn = T + l->dir * step, mu[TH_MAXC];
        if (Tn < 1.0) return LMDS_OK;
        inv_phase ph[3];
        memcpy(ph, l->ph, sizeof ph);
        memcpy(mu, l->mu, sizeof mu);
        if (triangle_newton(t, ph, Tn, mu)) {
            if (step < 1e-3) return LMDS_OK; /* the triangle is lost (a maximum of the valley) */
            step *= 0.25;
            continue;
        }
        if (!inside(&ph[0])) return LMDS_OK; /* the line reached an edge */
        int D = fourth_phase(t, l, mu);
        if (D >= 0) return four_phase(t, l, D, T, Tn);
        memcpy(l->ph, ph, sizeof ph);
        memcpy(l->mu, mu, sizeof mu);
        T = Tn;
        step = fmin(STEP_T, 2 * step);
    }
    return LMDS_OK;
}

lmds_status th_ternary_invariants(th_ws *w, double P, lmds_invariant **outv, int *nout) {
    *outv = NULL;
    *nout = 0;
    tstate *t = calloc(1, sizeof *t);
    if (!t) return lmds_error(LMDS_ENOMEM, "out of memory");
    t->w = w;
    t->P = P;
    lmds_status st = edge_lines(t);
    for (int k = 0; !st && k < t->nlines; k++) st = follow(t, &t->line[k]);
    th_ws_activate_all(w);
    if (st) free(t->out.v);
    else {
        *outv = t->out.v;
        *nout = t->out.n;
    }
    free(t);
    return st;
}
