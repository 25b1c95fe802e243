/* Binary invariants with the liquid, found from the liquidus itself, so that none depends on a temperature window
 * or on how finely phases are sampled:
 *  1. an adaptive liquidus scan over x: a starting grid (dense near the pure elements, where degenerate eutectics
 *     lie) refined by bisection wherever the primary solid changes (another phase, or a jump in its composition:
 *     two sets of one phase), the liquid splits in two (a miscibility gap), or the liquidus temperature jumps by
 *     more than 20 K (narrow primary fields of line compounds on a steep liquidus, as NbSn2 and Nb6Sn5 in Nb-Sn);
 *  2. each change of primary solid A -> B is the three-phase reaction L + A + B, solved in T as B's driving force
 *     against the L + A equilibrium (inv.c); each edge of a miscibility gap is L1 + L2 + S;
 *  3. a maximum (or minimum) of the liquidus inside one primary field where the solid has the liquid's composition
 *     is a congruent point (golden-section search on the liquidus temperature);
 *  4. the type follows from the compositions and from which side of T the middle phase exists (thermo.h).
 * The liquidus solver handles associate liquids (the liquid's chemical potentials from liquid-only equilibria), so
 * no LIQUID-only reaction can appear. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"
#include "thermo/inv.h"

#define X_TOL 2e-5      /* width to which a change of primary phase is located */
#define DT_MAX 20.0     /* K: the largest liquidus step left unrefined */
#define XS_JUMP 0.02    /* a jump in the primary solid's composition larger than this is a change of set */
#define MAX_POINTS 3000

typedef struct bpt {
    double x;        /* mole fraction of the second component */
    int ok;          /* liquidus found */
    th_liq_point lp;
    double xs;       /* the primary solid's x */
} bpt;

typedef struct bscan {
    th_ws *w;
    double P;
    bpt *pt;
    int n, cap;
} bscan;

static void liquidus_at(bscan *s, double x, bpt *b) {
    double xv[2] = {1 - x, x}, xc[TH_MAXC];
    memset(b, 0, sizeof *b);
    b->x = x;
    b->ok = th_liquidus(s->w, xv, s->P, &b->lp) == LMDS_OK;
    if (!b->ok) { lmds_error_clear(); return; }
    inv_phase_x(s->w, b->lp.primary, b->lp.y, xc);
    b->xs = xc[1];
}

static int insert_at(bscan *s, int i, double x) {
    if (s->n == s->cap) {
        int nc = s->cap ? 2 * s->cap : 64;
        bpt *q = realloc(s->pt, sizeof *q * (size_t)nc);
        if (!q) return -1;
        s->pt = q;
        s->cap = nc;
    }
    memmove(&s->pt[i + 1], &s->pt[i], sizeof(bpt) * (size_t)(s->n - i));
    s->n++;
    liquidus_at(s, x, &s->pt[i]);
    return 0;
}

static int same_identity(const bpt *a, const bpt *b) {
    return a->lp.primary == b->lp.primary && fabs(a->xs - b->xs) <= XS_JUMP;
}

/* Does the interval between points i and i+1 need a point in the middle? */
static int needs_split(const bscan *s, int i) {
    const bpt *a = &s->pt[i], *b = &s->pt[i + 1];
    double wdt = b->x - a->x;
    if (!a->ok || !b->ok || wdt < 1e-9) return 0;
    if ((!same_identity(a, b) || a->lp.two_liquids != b->lp.two_liquids) && wdt > X_TOL) return 1;
    return fabs(a->lp.T - b->lp.T) > DT_MAX && wdt > 1e-7;
}

static lmds_status scan(bscan *s) {
    static const double start[] = {1e-9, 1e-6, 1e-5, 1e-4, 1e-3, 0.003, 0.01, 0.02, 0.035, 0.05};
    int ns = (int)(sizeof start / sizeof start[0]);
    for (int k = 0; k < ns; k++)
        if (insert_at(s, s->n, start[k])) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (double x = 0.075; x < 0.93; x += 0.025)
        if (insert_at(s, s->n, x)) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int k = ns - 1; k >= 0; k--)
        if (insert_at(s, s->n, 1 - start[k])) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int changed = 1; changed && s->n < MAX_POINTS;) {
        changed = 0;
        for (int i = 0; i + 1 < s->n && s->n < MAX_POINTS; i++)
            if (needs_split(s, i)) {
                if (insert_at(s, i + 1, 0.5 * (s->pt[i].x + s->pt[i + 1].x)))
                    return lmds_error(LMDS_ENOMEM, "out of memory");
                changed = 1;
                i++;
            }
    }
    return LMDS_OK;
}

/* ---------- classification ---------- */

/* Is the middle phase (by composition) of a three-phase invariant stable just above T (1) or just below (0)?
 * Its driving force against the equilibrium of the two outer phases, 0.05 K to either side. -1 when unknown. */
static int middle_above(th_ws *w, double P, const inv_phase *outer, const inv_phase *mid, double T) {
    inv_ctx c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.P = P;
    c.npair = 2;
    c.ph[0] = outer[0];
    c.ph[1] = outer[1];
    c.ph[2] = *mid;
    c.probe_local = mid->p == outer[0].p || mid->p == outer[1].p;
    memcpy(c.x0, mid->x, sizeof c.x0);
    double up = inv_probe_df(T + 0.05, &c);
    memcpy(c.x0, mid->x, sizeof c.x0);
    c.ph[0] = outer[0];
    c.ph[1] = outer[1];
    c.ph[2] = *mid;
    double down = inv_probe_df(T - 0.05, &c);
    if (c.fail || !(up * down < 0)) return -1;
    return up < 0;
}

static lmds_inv_type classify(th_ws *w, double P, inv_phase *ph, double T, int *order) {
    /* order by composition */
    int o[3] = {0, 1, 2};
    for (int a = 1; a < 3; a++)
        for (int b = a; b > 0 && ph[o[b - 1]].x[1] > ph[o[b]].x[1]; b--) { int t = o[b]; o[b] = o[b - 1]; o[b - 1] = t; }
    inv_phase outer[2] = {ph[o[0]], ph[o[2]]};
    const inv_phase *mid = &ph[o[1]];
    int nl_outer = inv_is_liquid(w, outer[0].p) + inv_is_liquid(w, outer[1].p);
    int above = middle_above(w, P, outer, mid, T);
    memcpy(order, o, sizeof o);
    if (above < 0) return LMDS_INV_OTHER;
    if (inv_is_liquid(w, mid->p)) return !above ? LMDS_INV_OTHER : nl_outer ? LMDS_INV_MONOTECTIC : LMDS_INV_EUTECTIC;
    if (nl_outer == 2) return above ? LMDS_INV_OTHER : LMDS_INV_SYNTECTIC;
    return above ? LMDS_INV_CATATECTIC : LMDS_INV_PERITECTIC;
}

/* Record the three-phase invariant of c (solved at T): liquid(s) first, then solids by composition. */
static int record3(th_ws *w, double P, inv_ctx *c, double T, inv_list *out) {
    int order[3];
    lmds_invariant v;
    memset(&v, 0, sizeof v);
    v.type = classify(w, P, c->ph, T, order);
    v.T = T;
    v.nphases = 3;
    int k = 0, seen[64] = {0};
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < 3; j++) {
            const inv_phase *q = &c->ph[order[j]];
            if (inv_is_liquid(w, q->p) != (pass == 0)) continue;
            int set = q->p < 64 ? ++seen[q->p] : 1;
            inv_set_phase(&v, k++, w, q->p, q->x, set);
        }
    return inv_add(out, &v);
}

/* ---------- the reactions ---------- */

static int liquid_phase(const th_ws *w) {
    for (int p = 0; p < w->sys.nph; p++)
        if (w->sys.ph[p].is_liquid && w->allowed[p]) return p;
    return -1;
}

static void set_inv_phase(const th_ws *w, inv_phase *q, int p, const double *y, double x1) {
    memset(q, 0, sizeof *q);
    q->p = p;
    if (y) memcpy(q->y, y, sizeof q->y);
    q->x[0] = 1 - x1;
    q->x[1] = x1;
    (void)w;
}

/* The three-phase reaction L + A + B where the primary solid changes from A (point a) to B (point b), set up in
 * one of three equivalent forms: the driving force of one phase against the equilibrium of the other two
 * (form 0: B against L + A; 1: A against L + B; 2: the liquid, locally, against A + B). Each form fails where its
 * pair cannot coexist (L + A above A's melting point), so the next is tried. */
static void setup_change(bscan *s, int L, const bpt *a, const bpt *b, int form, inv_ctx *c) {
    memset(c, 0, sizeof *c);
    c->w = s->w;
    c->P = s->P;
    c->npair = 2;
    const bpt *first = form == 1 ? b : a, *second = form == 1 ? a : b;
    if (form < 2) {
        set_inv_phase(s->w, &c->ph[0], L, NULL, first->x);
        set_inv_phase(s->w, &c->ph[1], first->lp.primary, first->lp.y, first->xs);
        set_inv_phase(s->w, &c->ph[2], second->lp.primary, second->lp.y, second->xs);
        c->probe_local = first->lp.primary == second->lp.primary;
        c->x0[1] = 0.5 * (first->x + first->xs);
    } else {
        set_inv_phase(s->w, &c->ph[0], a->lp.primary, a->lp.y, a->xs);
        set_inv_phase(s->w, &c->ph[1], b->lp.primary, b->lp.y, b->xs);
        set_inv_phase(s->w, &c->ph[2], L, NULL, a->x);
        inv_phase_y_from_x(s->w, &c->ph[2]);
        c->probe_local = 1;
        c->x0[1] = 0.5 * (a->xs + b->xs);
    }
    c->x0[0] = 1 - c->x0[1];
}

static lmds_status change_invariant(bscan *s, int L, const bpt *a, const bpt *b, inv_list *out) {
    /* two sets of one phase (a eutectic between the sides of a solid miscibility gap, Na-K): only form 2 */
    int first = a->lp.primary == b->lp.primary ? 2 : 0;
    for (int form = first; form < 3; form++) {
        inv_ctx c;
        setup_change(s, L, a, b, form, &c);
        double T;
        if (inv_solve_T(&c, fmin(a->lp.T, b->lp.T) - 0.05, fmax(a->lp.T, b->lp.T) + 0.05, 64, &T)) continue;
        lmds_error_clear();
        return record3(s->w, s->P, &c, T, out) ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
    }
    lmds_error_clear();
    return LMDS_OK; /* not a stable three-phase reaction (reported neither) */
}

/* The edge of a liquid miscibility gap between a (one liquid) and b (two liquids), or the reverse: L1 + L2 + S. */
static lmds_status gap_invariant(bscan *s, int L, const bpt *a, const bpt *b, inv_list *out) {
    const bpt *in = a->lp.two_liquids ? a : b, *edge = a->lp.two_liquids ? b : a;
    inv_ctx c;
    memset(&c, 0, sizeof c);
    c.w = s->w;
    c.P = s->P;
    c.npair = 2;
    /* the two liquids: one at the gap's edge, the other across the gap (found by the restricted equilibrium) */
    set_inv_phase(s->w, &c.ph[0], L, NULL, edge->x);
    set_inv_phase(s->w, &c.ph[1], L, NULL, in->x + (in->x - edge->x > 0 ? 0.5 : -0.5) * fabs(1 - 2 * edge->x));
    set_inv_phase(s->w, &c.ph[2], in->lp.primary, in->lp.y, in->xs);
    c.x0[1] = in->x;
    c.x0[0] = 1 - in->x;
    double T;
    if (inv_solve_T(&c, in->lp.T - 1, in->lp.T + 1, 32, &T)) {
        lmds_error_clear();
        return LMDS_OK;
    }
    return record3(s->w, s->P, &c, T, out) ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
}

/* ---------- congruent points ---------- */

/* Golden-section search for the extremum of the liquidus temperature on [lo, hi] (sign +1 maximum, -1 minimum). */
static void extremum(bscan *s, double lo, double hi, int sign, bpt *best) {
    const double g = 0.6180339887498949;
    bpt p1, p2;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    liquidus_at(s, x1, &p1);
    liquidus_at(s, x2, &p2);
    for (int it = 0; it < 60 && hi - lo > 1e-7 && p1.ok && p2.ok; it++) {
        if (sign * p1.lp.T > sign * p2.lp.T) {
            hi = x2; x2 = x1; p2 = p1;
            x1 = hi - g * (hi - lo);
            liquidus_at(s, x1, &p1);
        } else {
            lo = x1; x1 = x2; p1 = p2;
            x2 = lo + g * (hi - lo);
            liquidus_at(s, x2, &p2);
        }
    }
    *best = p1.ok && (!p2.ok || sign * p1.lp.T >= sign * p2.lp.T) ? p1 : p2;
}

static lmds_status congruent_points(bscan *s, int L, inv_list *out) {
    for (int i = 1; i + 1 < s->n; i++) {
        const bpt *a = &s->pt[i - 1], *m = &s->pt[i], *b = &s->pt[i + 1];
        if (!a->ok || !m->ok || !b->ok || m->lp.two_liquids || !same_identity(a, m) || !same_identity(m, b)) continue;
        int sign = m->lp.T > a->lp.T + 1e-3 && m->lp.T > b->lp.T + 1e-3 ? 1
                   : m->lp.T < a->lp.T - 1e-3 && m->lp.T < b->lp.T - 1e-3 ? -1 : 0;
        if (!sign) continue;
        bpt e;
        extremum(s, a->x, b->x, sign, &e);
        if (!e.ok || fabs(e.xs - e.x) > 1e-3) continue; /* the solid differs from the liquid: no congruent point */
        lmds_invariant v;
        memset(&v, 0, sizeof v);
        v.type = LMDS_INV_CONGRUENT;
        v.T = e.lp.T;
        v.nphases = 2;
        double xl[2] = {1 - e.x, e.x}, xs[2] = {1 - e.xs, e.xs};
        inv_set_phase(&v, 0, s->w, L, xl, 1);
        inv_set_phase(&v, 1, s->w, e.lp.primary, xs, 1);
        if (inv_add(out, &v)) return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    return LMDS_OK;
}

lmds_status th_binary_invariants(th_ws *w, double P, lmds_invariant **outv, int *nout) {
    *outv = NULL;
    *nout = 0;
    int L = liquid_phase(w);
    if (L < 0) return LMDS_OK;
    bscan s = {w, P, NULL, 0, 0};
    inv_list out = {NULL, 0, 0};
    lmds_status st = scan(&s);
    for (int i = 0; !st && i + 1 < s.n; i++) {
        const bpt *a = &s.pt[i], *b = &s.pt[i + 1];
        if (!a->ok || !b->ok) continue;
        if (a->lp.two_liquids != b->lp.two_liquids) st = gap_invariant(&s, L, a, b, &out);
        else if (!same_identity(a, b)) st = change_invariant(&s, L, a, b, &out);
    }
    if (!st) st = congruent_points(&s, L, &out);
    free(s.pt);
    if (st) { free(out.v); return st; }
    *outv = out.v;
    *nout = out.n;
    return LMDS_OK;
}
