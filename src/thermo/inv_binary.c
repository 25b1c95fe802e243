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

/* The primary solid's composition less the liquid's. By the Gibbs-Konovalov relation the liquidus is flat
 * (dT/dx = 0) exactly where the two are equal: a congruent point is a zero of d inside one primary field. */
static double dxs(const bpt *p) { return p->xs - p->x; }

/* A liquidus point usable for a congruent point of the field of `ref`: found, one liquid, the same solid. */
static int in_field(const bpt *p, const bpt *ref) {
    return p->ok && !p->lp.two_liquids && same_identity(p, ref);
}

/* The zero of d between a and b (one primary field, d of opposite signs) by bisection, tried first at the solid's
 * own composition (exact at once for a line compound). 0 with *out on success. */
static int congruent_bisect(bscan *s, bpt a, bpt b, bpt *out) {
    for (int it = 0; it < 80 && fabs(b.x - a.x) > 1e-13; it++) {
        double x = a.xs > fmin(a.x, b.x) && a.xs < fmax(a.x, b.x) && it == 0 ? a.xs : 0.5 * (a.x + b.x);
        bpt m;
        liquidus_at(s, x, &m);
        if (!in_field(&m, &a)) return -1;
        if (fabs(dxs(&m)) < 1e-12) { *out = m; return 0; }
        if ((dxs(&m) > 0) == (dxs(&a) > 0)) a = m;
        else b = m;
    }
    *out = fabs(dxs(&a)) <= fabs(dxs(&b)) ? a : b;
    return fabs(out->x - out->xs) < 1e-6 ? 0 : -1;
}

/* A maximum at the edge of a primary field: the last scan point a of the field has its solid ahead of the liquid
 * (towards the neighbouring point b of another field), and the field reaches the solid's composition before the
 * next primary phase takes over. This is the case of a line compound whose liquidus maximum lies within the
 * refinement width of a eutectic with its neighbour (NaBi in Bi-Na: the maximum at x = 1/2, the eutectic liquid at
 * x = 0.5000023). Steps to the solid's composition (a few times for a solid solution, whose composition moves). */
static int congruent_edge(bscan *s, const bpt *a, const bpt *b, bpt *out) {
    bpt cur = *a;
    double dir = b->x > a->x ? 1 : -1;
    for (int k = 0; k < 20; k++) {
        if (!(dir * dxs(&cur) > 0) || !(dir * (b->x - cur.xs) > 0)) return -1;
        bpt m;
        liquidus_at(s, cur.xs, &m);
        if (!in_field(&m, a)) return -1;
        if (fabs(dxs(&m)) < 1e-12) { *out = m; return 0; }
        if (dir * dxs(&m) < 0) return congruent_bisect(s, cur, m, out);
        cur = m;
    }
    return -1;
}

static lmds_status congruent_add(bscan *s, int L, const bpt *e, inv_list *out) {
    if (inv_is_liquid(s->w, e->lp.primary)) return LMDS_OK; /* never a liquid-only point */
    lmds_invariant v;
    memset(&v, 0, sizeof v);
    v.type = LMDS_INV_CONGRUENT;
    v.T = e->lp.T;
    v.nphases = 2;
    double xl[2] = {1 - e->x, e->x}, xs[2] = {1 - e->xs, e->xs};
    inv_set_phase(&v, 0, s->w, L, xl, 1);
    inv_set_phase(&v, 1, s->w, e->lp.primary, xs, 1);
    return inv_add(out, &v) ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
}

/* Every congruent point: a sign change of d between two scan points of one primary field (a maximum or a minimum
 * of the liquidus inside the field), or a maximum at a field's edge (congruent_edge). */
static lmds_status congruent_points(bscan *s, int L, inv_list *out) {
    lmds_status st = LMDS_OK;
    for (int i = 0; !st && i < s->n; i++) {
        const bpt *a = &s->pt[i];
        if (!a->ok || a->lp.two_liquids) continue;
        bpt e;
        int found = -1;
        if (fabs(dxs(a)) < 1e-12) e = *a, found = 0;
        else if (i + 1 < s->n && in_field(&s->pt[i + 1], a)) {
            if (dxs(a) * dxs(&s->pt[i + 1]) < 0) found = congruent_bisect(s, *a, s->pt[i + 1], &e);
        } else if (i + 1 < s->n) found = congruent_edge(s, a, &s->pt[i + 1], &e);
        if (found != 0 && i > 0 && !in_field(&s->pt[i - 1], a)) found = congruent_edge(s, a, &s->pt[i - 1], &e);
        if (found == 0) st = congruent_add(s, L, &e, out);
    }
    return st;
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
