/* Tc of an identified phase at ambient pressure, by what the phase is:
 *  - an element: the measured Tc of the polymorph that its TDB phase is (the ambient stable one unless the
 *    database says otherwise), from the curated genome rows (a lookup);
 *  - a dilute terminal solution: host Tc + dTc/dx * x within the x_max of data/design/dilute_slopes.csv;
 *  - a solution (terminal beyond the dilute range, or intermediate: In-Sn beta and gamma, Pb-Bi epsilon, ...):
 *    genome Tc(x), the curated single-phase rows inside the phase's composition range, interpolated at the
 *    phase's computed composition (held at the end value beyond the measured span, said so);
 *  - a line compound: the genome's value for that compound (a lookup), its negative result, physics, learned;
 *  - an unidentified solution: the same on its own composition, labelled.
 * A host's Tc is never given to a concentrated solution. */
#include "design/design_internal.h"
#include "design/polymorph_pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TCX_MAXPTS 32

/* Is `poly` a metastable polymorph of the element or compound c (data/routes/polymorphs.csv)? */
static int polymorph_metastable_of(const design_tables *t, const lmds_comp *c, const char *poly)
{
    for (int i = 0; i < t->npolys; i++)
        if (strcmp(t->polys[i].polymorph, poly) == 0 && design_same_comp(&t->polys[i].comp, c))
            return t->polys[i].metastable;
    return 0;
}

/* The polymorph that TDB phase `tdb_phase` of element z is (NULL when the table does not say). */
static const char *polymorph_of_phase(const design_tables *t, int z, const char *tdb_phase)
{
    for (int i = 0; tdb_phase && i < t->npolys; i++)
        if (t->polys[i].z == z && strcasecmp(t->polys[i].tdb_phase, tdb_phase) == 0)
            return t->polys[i].polymorph;
    return NULL;
}

static int p_in_window(double row_P, double P)
{
    double v = isfinite(row_P) ? row_P : 0.0; /* no pressure given on a bulk row: ambient */
    return fabs(v - P) <= DESIGN_P_WINDOW_GPA;
}

int design_is_liquid(const char *tdb_phase)
{
    return strncmp(tdb_phase, "LIQUID", 6) == 0;
}

int design_same_comp(const lmds_comp *a, const lmds_comp *b)
{
    if (a->n != b->n)
        return 0;
    for (int k = 0; k < a->n; k++)
        if (a->z[k] != b->z[k] || fabs(a->x[k] - b->x[k]) > 1e-3)
            return 0;
    return 1;
}

/* The curated rows of c at pressure P pooled by the polymorph rule (polymorph_pool.h): an element's rows are
 * those of the polymorph its TDB phase is (metastable polymorphs never), `want` (may be NULL) keeps only that
 * polymorph; rows of one polymorph are repeat measurements, so their mean is the value. Returns the number of
 * rows used, with the value, its uncertainty and where it comes from (labelled LOW CONFIDENCE when the rows are
 * of more than one polymorph). */
static int curated_rows(const design_tables *t, const lmds_comp *c, const char *tdb_phase, double P,
                        const char *want, double *tc, double *unc, char *ref, size_t nref)
{
    int z = c->n == 1 ? c->z[0] : 0;
    const char *poly = z ? polymorph_of_phase(t, z, tdb_phase) : NULL;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    for (int i = 0; i < t->ntcx; i++) {
        const tcx_row *r = &t->tcx[i];
        if (r->hidden || !design_same_comp(&r->comp, c) || !p_in_window(r->P, P))
            continue;
        if (z && *r->polymorph && (polymorph_metastable_of(t, c, r->polymorph) || (poly && strcmp(poly, r->polymorph))))
            continue;
        if (want && strcmp(want, r->polymorph))
            continue;
        char row_ref[POLY_POOL_REF];
        snprintf(row_ref, sizeof row_ref, "%s (%s, data/genome/lmds_superconductors.csv line %d)", r->reference,
                 r->material, r->line);
        poly_pool_add(&pp, r->tc, r->polymorph, row_ref);
    }
    poly_pool_result res;
    if (poly_pool_value(&pp, &res) == 0)
        return 0;
    *tc = res.value;
    *unc = res.unc;
    char plain[64];
    poly_pool_left_out_note(&res, plain, sizeof plain);
    if (res.low_confidence)
        poly_pool_undecided_note(&res, "rows", 4, -1, ref, nref);
    else if (res.n > 1)
        snprintf(ref, nref, "mean of %d rows%s%s (%.4g-%.4g K)%s, first: %s", res.n, *res.labels ? " of " : "",
                 res.labels, res.lo, res.hi, plain, res.ref);
    else
        snprintf(ref, nref, "%s%s", res.ref, plain);
    return res.n;
}

int design_curated_tc(const design_tables *t, const lmds_comp *c, const char *tdb_phase, double P, double *tc,
                      double *unc, char *ref, size_t nref)
{
    return curated_rows(t, c, tdb_phase, P, NULL, tc, unc, ref, nref);
}

/* The temperature window of a compound's polymorph: the phase_ranges.csv row of its TDB phase
 * (data/routes/polymorphs.csv names it). *T_max bounds the polymorph only at a solid-state limit (a transition
 * to the next polymorph); above a measured melting point the thermodynamic model's solid, where it has one, is
 * still the highest polymorph (the model's own melting point bounds it). *T_shown is the upper limit as the table
 * gives it, for the explanation. Returns 0 when either row is missing. */
static int polymorph_window(const design_tables *t, const poly_row *pr, double *T_min, double *T_max,
                            double *T_shown)
{
    for (int i = 0; i < t->nranges; i++)
        if (strcasecmp(t->ranges[i].tdb_phase, pr->tdb_phase) == 0) {
            const range_row *r = &t->ranges[i];
            *T_min = isfinite(r->T_min) ? r->T_min : 0.0;
            *T_max = isfinite(r->T_max) ? r->T_max : INFINITY;
            *T_shown = isfinite(r->T_max) ? r->T_max : isfinite(r->T_melt) ? r->T_melt : INFINITY;
            return 1;
        }
    return 0;
}

/* Does a curated row of polymorph `poly` of c say it is the quenched form (its genome form names a quench)? */
static int quenched_row(const design_tables *t, const lmds_comp *c, const char *poly)
{
    for (int i = 0; i < t->ntcx; i++)
        if (!t->tcx[i].hidden && strcmp(t->tcx[i].polymorph, poly) == 0 && design_same_comp(&t->tcx[i].comp, c) &&
            strstr(t->tcx[i].form, "quench"))
            return 1;
    return 0;
}

/* The polymorph of compound c the route gives (data/routes/polymorphs.csv with the windows of phase_ranges.csv):
 *  - as stored (equilibrium, cooled slowly): the polymorph whose window holds the state's temperature T_state;
 *  - quenched: the highest-temperature polymorph whose window starts below the liquidus (the compound can
 *    crystallise in it from the melt) and that a genome row reports as quenched; else as stored.
 * NULL when the data do not decide (no polymorph rows, no window holding the temperature). */
static const char *compound_polymorph(const design_tables *t, const lmds_comp *c, const lmds_prediction *r,
                                      char *why, size_t nwhy)
{
    int quench = strncmp(r->state, "quenched", 8) == 0; /* state.c names the quenched state so */
    const poly_row *pick = NULL;
    double best = -INFINITY, T_min, T_max, T_shown;
    for (int i = 0; quench && i < t->npolys; i++) {
        const poly_row *pr = &t->polys[i];
        if (pr->z || !design_same_comp(&pr->comp, c) || !polymorph_window(t, pr, &T_min, &T_max, &T_shown))
            continue;
        if (T_min < r->T_liquidus_K && T_min > best && quenched_row(t, c, pr->polymorph)) {
            best = T_min;
            pick = pr;
        }
    }
    if (pick) {
        snprintf(why, nwhy, "%s: quenched form (stable from %.0f K, below the liquidus %.0f K)", pick->polymorph,
                 best, r->T_liquidus_K);
        return pick->polymorph;
    }
    for (int i = 0; i < t->npolys; i++) {
        const poly_row *pr = &t->polys[i];
        if (pr->z || !design_same_comp(&pr->comp, c) || !polymorph_window(t, pr, &T_min, &T_max, &T_shown))
            continue;
        if (r->T_phases_K >= T_min && r->T_phases_K < T_max) {
            snprintf(why, nwhy, "%s: stable form at %.0f K (%.0f-%.0f K%s)", pr->polymorph, r->T_phases_K, T_min,
                     T_shown, r->T_phases_K >= T_shown ? "; above the measured melting point, below the model's" : "");
            return pr->polymorph;
        }
    }
    return NULL;
}

/* A compound's curated rows: those of the polymorph the route gives, else (undecided) the range of all. */
static int compound_curated_tc(const design_tables *t, const lmds_comp *c, const lmds_prediction *r, double *tc,
                               double *unc, char *ref, size_t nref)
{
    char why[128] = "", rows[256];
    const char *poly = compound_polymorph(t, c, r, why, sizeof why);
    if (poly && curated_rows(t, c, NULL, 0.0, poly, tc, unc, rows, sizeof rows)) {
        design_fmt(ref, nref, "%s; %.200s", why, rows);
        return 1;
    }
    return curated_rows(t, c, NULL, 0.0, NULL, tc, unc, ref, nref);
}

/* Dilute solution of host h: Tc = Tc_host + sum over solutes of slope * (at.% solute), every solute inside its
 * row's x_max. Returns 1 with ph filled, 0 (with a note in ph->reference when the range is exceeded) otherwise. */
static int dilute_tc(const design_tables *t, int host, const char *tdb_phase, const lmds_comp *c, lmds_phase_tc *ph)
{
    double tc_host, unc, tc;
    char href[256];
    lmds_comp hc;
    double one = 1.0;
    if (lmds_comp_from_amounts(1, &host, &one, &hc) != LMDS_OK ||
        !design_curated_tc(t, &hc, tdb_phase, 0.0, &tc_host, &unc, href, sizeof href))
        return 0;
    tc = tc_host;
    char used[256] = "";
    for (int k = 0; k < c->n; k++) {
        if (c->z[k] == host || c->x[k] < 1e-4)
            continue;
        double pct = 100.0 * c->x[k];
        const slope_row *s = NULL;
        for (int i = 0; i < t->nslopes && !s; i++)
            if (t->slopes[i].host == host && t->slopes[i].solute == c->z[k] && t->slopes[i].x_max_pct >= pct)
                s = &t->slopes[i];
        if (!s)
            return 0;
        tc += s->slope_K_per_pct * pct;
        size_t len = strlen(used);
        snprintf(used + len, sizeof used - len, "%s%+.4g K/at.%% x %.2f at.%% %s (line %d)", len ? ", " : "",
                 s->slope_K_per_pct, pct, lmds_element_symbol(s->solute), s->line);
    }
    ph->tc_K = tc;
    ph->uncertainty_K = fmax(unc, fabs(tc - tc_host) * 0.5); /* the slopes are fits, not published values */
    ph->source = LMDS_TC_SRC_DILUTE;
    design_fmt(ph->reference, sizeof ph->reference, "%s host %.4g K + %s from data/design/dilute_slopes.csv; host: "
             "%.200s", lmds_element_symbol(host), tc_host, used, href);
    return 1;
}

typedef struct tcx_pt { double x, tc; int line; } tcx_pt;

static int pt_cmp(const void *a, const void *b)
{
    const tcx_pt *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : p->line - q->line;
}

/* Rows of a binary range inside it: x = fraction of the system's second element. */
static int tcx_points(const design_tables *t, const range_row *rg, tcx_pt *pts)
{
    int n = 0;
    for (int i = 0; i < t->ntcx && n < TCX_MAXPTS; i++) {
        const tcx_row *r = &t->tcx[i];
        if (r->hidden || !p_in_window(r->P, 0.0))
            continue;
        int ok = 1;
        for (int k = 0; k < r->comp.n && ok; k++)
            ok = r->comp.z[k] == rg->z[0] || r->comp.z[k] == rg->z[1];
        for (int k = 0; k < 2 && ok; k++) {
            double x = lmds_comp_fraction(&r->comp, rg->z[k]);
            ok = x >= rg->lo[k] - 0.005 && x <= rg->hi[k] + 0.005;
        }
        /* a solution's Tc(x) is that of the ambient forms: metastable polymorphs of an element or a compound
         * (beta-Ga, quenched beta-PdBi2) are no points of it */
        if (ok && *r->polymorph && polymorph_metastable_of(t, &r->comp, r->polymorph))
            ok = 0;
        if (ok)
            pts[n++] = (tcx_pt){lmds_comp_fraction(&r->comp, rg->z[1]), r->tc, r->line};
    }
    qsort(pts, (size_t)n, sizeof *pts, pt_cmp);
    return n;
}

/* Mean Tc of the points at x (within 1e-3) starting at index i; *next the first index past them. */
static double group_mean(const tcx_pt *p, int n, int i, int *next, double *lo, double *hi)
{
    double s = 0;
    int j = i;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (; j < n && p[j].x - p[i].x < 1e-3; j++) {
        s += p[j].tc;
        *lo = fmin(*lo, p[j].tc);
        *hi = fmax(*hi, p[j].tc);
    }
    *next = j;
    return s / (j - i);
}

/* Genome Tc(x) of a binary solution phase at x0 (see the top of the file). */
static int tcx_tc(const design_tables *t, const range_row *rg, const lmds_comp *c, lmds_phase_tc *ph)
{
    if (rg->nz != 2)
        return 0;
    tcx_pt p[TCX_MAXPTS];
    int n = tcx_points(t, rg, p);
    if (n == 0)
        return 0;
    double gx[TCX_MAXPTS], gt[TCX_MAXPTS], spread = 0;
    int ng = 0;
    for (int i = 0; i < n;) {
        double lo, hi;
        gx[ng] = p[i].x;
        gt[ng++] = group_mean(p, n, i, &i, &lo, &hi);
        spread = fmax(spread, 0.5 * (hi - lo));
    }
    double x0 = lmds_comp_fraction(c, rg->z[1]), tc;
    char how[96];
    if (x0 <= gx[0] || ng == 1) {
        tc = gt[0];
        snprintf(how, sizeof how, "%s", fabs(x0 - gx[0]) < 1e-3 ? "at a measured point" : "held at the nearest "
                 "measured point (outside the measured span)");
    } else if (x0 >= gx[ng - 1]) {
        tc = gt[ng - 1];
        snprintf(how, sizeof how, "%s", fabs(x0 - gx[ng - 1]) < 1e-3 ? "at a measured point" : "held at the "
                 "nearest measured point (outside the measured span)");
    } else {
        int i = 0;
        while (gx[i + 1] < x0)
            i++;
        tc = gt[i] + (gt[i + 1] - gt[i]) * (x0 - gx[i]) / (gx[i + 1] - gx[i]);
        snprintf(how, sizeof how, "linear between x = %.3g and %.3g", gx[i], gx[i + 1]);
    }
    ph->tc_K = tc;
    ph->uncertainty_K = fmax(design_genome_uncertainty(tc), spread);
    ph->source = LMDS_TC_SRC_TCX;
    char lines[96] = "";
    for (int i = 0; i < n && strlen(lines) < 80; i++)
        snprintf(lines + strlen(lines), sizeof lines - strlen(lines), "%s%d", i ? "," : "", p[i].line);
    design_fmt(ph->reference, sizeof ph->reference, "genome Tc(x) of %s: %d rows, x(%s) %.3g-%.3g, at x = %.3g %s; "
             "data/genome/lmds_superconductors.csv lines %s", rg->name, n, lmds_element_symbol(rg->z[1]), gx[0],
             gx[ng - 1], x0, how, lines);
    return 1;
}

static void from_entry(const tc_entry *e, lmds_phase_tc *ph, int *learned_ood)
{
    ph->tc_K = isfinite(e->tc) ? e->tc : 0.0;
    ph->uncertainty_K = isfinite(e->unc) ? e->unc : 0.0;
    ph->source = e->source;
    ph->tc_is_bound = e->upper_bound;
    snprintf(ph->reference, sizeof ph->reference, "%s", e->ref);
    *learned_ood |= e->source == LMDS_TC_SRC_LEARNED && e->out_of_domain;
}

/* The phase's own composition rounded to 1 at.% (nearby candidates share one cached lookup). */
static void rounded(const lmds_comp *pc, lmds_comp *out)
{
    double amt[LMDS_COMP_MAX];
    int z[LMDS_COMP_MAX], n = 0;
    for (int k = 0; k < pc->n; k++) {
        double a = round(pc->x[k] * 100.0);
        if (a > 0) {
            z[n] = pc->z[k];
            amt[n++] = a;
        }
    }
    if (n == 0 || lmds_comp_from_amounts(n, z, amt, out) != LMDS_OK)
        *out = *pc;
    lmds_error_clear();
}

void design_phase_tc_ambient(lmds_predictor *p, int thread, const lmds_prediction *r, const phase_ident *id,
                             lmds_phase_tc *ph, int *learned_ood)
{
    const design_tables *t = &p->tab;
    const tc_entry *e = NULL;
    lmds_comp look;
    ph->tc_is_bound = 0;
    char ref[256];
    if (id->kind == PHASE_ELEMENT &&
        design_curated_tc(t, &id->sys_comp, ph->phase, 0.0, &ph->tc_K, &ph->uncertainty_K, ref, sizeof ref)) {
        ph->source = LMDS_TC_SRC_GENOME;
        snprintf(ph->reference, sizeof ph->reference, "lookup: %.240s", ref);
        return;
    } else if (id->kind == PHASE_SOLUTION) {
        if (id->host && dilute_tc(t, id->host, ph->phase, &id->sys_comp, ph))
            return;
        if (tcx_tc(t, id->range, &id->sys_comp, ph))
            return;
    } else if (id->kind == PHASE_COMPOUND &&
               lmds_comp_parse(id->range->compound, NULL, &look) == LMDS_OK) {
        /* The compound's curated single-phase rows of the polymorph the route gives, else the genome's other
         * sources. */
        if (compound_curated_tc(t, &look, r, &ph->tc_K, &ph->uncertainty_K, ref, sizeof ref)) {
            ph->source = LMDS_TC_SRC_GENOME;
            design_fmt(ph->reference, sizeof ph->reference, "lookup of %s: %.220s", id->range->compound, ref);
            return;
        }
        design_tc_of(p, thread, &look, "bulk", 0.0, &e);
        from_entry(e, ph, learned_ood);
        if (e->source == LMDS_TC_SRC_GENOME)
            design_fmt(ph->reference, sizeof ph->reference, "lookup of %s: %.230s", id->range->compound, e->ref);
        return;
    }
    lmds_error_clear();
    /* No sourced Tc for what the phase is: its own composition through the genome and the models, labelled. */
    rounded(id->kind == PHASE_UNIDENTIFIED ? &ph->comp : &id->sys_comp, &look);
    design_tc_of(p, thread, &look, "bulk", 0.0, &e);
    from_entry(e, ph, learned_ood);
    char f[64];
    if (lmds_comp_formula(&look, f, sizeof f) != LMDS_OK)
        snprintf(f, sizeof f, "?");
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", ph->reference);
    design_fmt(ph->reference, sizeof ph->reference, "no Tc(x) data for %s; %s of %s: %.180s",
             id->kind == PHASE_UNIDENTIFIED ? "an unidentified phase" : ph->compound,
             e->source == LMDS_TC_SRC_GENOME ? "lookup" : "estimate", f, tmp);
}
