/* The route's own measured forms (films, amorphous solids, 2D layers, named confining media) and the pipeline
 * hook lmds_route_apply. */
#include "design/route_model.h"
#include "design/design_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lmds/element.h"
#include "lmds/supercon.h"

/* Bulk Tc of the element's stable polymorph (for Simonin's law beyond the film data), 0 when unknown. */
static double bulk_tc(const lmds_route_model *m, const char *el)
{
    const rt_table *t = &m->poly;
    for (int r = 0; r < t->nrows; r++)
        if (!strcmp(rt_get(t, r, "element"), el) && !strcmp(rt_get(t, r, "metastable"), "no") &&
            rt_num(t, r, "Tc_K") > 0)
            return rt_num(t, r, "Tc_K");
    return 0.0;
}

/* Films: the measured Tc(d) of one film form, tried crystalline, epitaxial, granular (film_tc.csv never mixes
 * forms: disordered films superconduct above bulk, crystalline ones below). */
lmds_status rt_answer_film(const lmds_route_model *m, const char *el, lmds_route_answer *a)
{
    static const lmds_film_form order[] = {LMDS_FILM_CRYSTALLINE, LMDS_FILM_EPITAXIAL, LMDS_FILM_GRANULAR};
    double tb = bulk_tc(m, el);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        lmds_film_estimate e;
        lmds_status st = lmds_film_tc_estimate(m->film_path, el, order[i], tb, a->route.size_nm, &e);
        if (st == LMDS_ENODATA) {
            lmds_error_clear();
            continue;
        }
        if (st) return st;
        char name[64];
        snprintf(name, sizeof name, "film %g nm %s", a->route.size_nm, lmds_film_form_name(order[i]));
        lmds_route_form *f = rt_form_add(a, name);
        f->tc_K = e.tc;
        f->tc_err_K = e.tc_err;
        f->basis = e.basis == LMDS_FILM_MEASURED ? LMDS_ROUTE_LOOKUP
                 : e.basis == LMDS_FILM_INTERPOLATED ? LMDS_ROUTE_INTERPOLATED : LMDS_ROUTE_MODEL;
        snprintf(f->verification, sizeof f->verification, "see rows");
        snprintf(f->reference, sizeof f->reference, "film_tc.csv (%.100s): %.380s", e.method, e.sources);
        a->known = 1;
        snprintf(a->confidence, sizeof a->confidence, "measured");
        snprintf(a->selection, sizeof a->selection, "%s film rows of %s, %g-%g nm (%d rows)%s",
                 lmds_film_form_name(order[i]), el, e.d_min, e.d_max, e.n_points,
                 e.extrapolated ? ", extrapolated beyond them" : "");
        return LMDS_OK;
    }
    return LMDS_ENODATA;
}

static lmds_status answer_amorphous(const lmds_route_model *m, const char *el, lmds_route_answer *a)
{
    lmds_amorphous_tc am;
    lmds_status st = lmds_amorphous_lookup(m->amorphous_path, el, &am);
    if (st) return st;
    lmds_route_form *f = rt_form_add(a, "amorphous");
    f->tc_K = am.tc;
    f->tc_err_K = am.tc_err;
    snprintf(f->verification, sizeof f->verification, "see rows");
    snprintf(f->reference, sizeof f->reference, "amorphous.csv, mean of %d rows: %.440s", am.n, am.sources);
    a->known = 1;
    snprintf(a->confidence, sizeof a->confidence, "high");
    snprintf(a->selection, sizeof a->selection, "vapour quench-condensed at liquid-helium temperature");
    snprintf(a->selection_ref, sizeof a->selection_ref, "W. Buckel, R. Hilsch, Z. Phys. 138, 109 (1954), "
             "doi:10.1007/BF01337903 (amorphous.csv)");
    return LMDS_OK;
}

/* 2D layers on a substrate: the epitaxial film rows on that substrate at their thinnest measured thickness, each
 * row its own form (two monolayer phases of Pb on Si(111) are two forms, not an average). */
static int film_2d(const lmds_route_model *m, const char *el, lmds_route_answer *a)
{
    const rt_table *t = &m->film;
    double dmin = NAN;
    for (int r = 0; r < t->nrows; r++)
        if (!strcmp(rt_get(t, r, "material"), el) && rt_contains(rt_get(t, r, "substrate"), a->route.medium) &&
            !isnan(rt_num(t, r, "Tc_K")) && rt_num(t, r, "thickness_nm") > 0 &&
            (isnan(dmin) || rt_num(t, r, "thickness_nm") < dmin))
            dmin = rt_num(t, r, "thickness_nm");
    int n = 0;
    for (int r = 0; r < t->nrows && !isnan(dmin); r++) {
        if (strcmp(rt_get(t, r, "material"), el) || !rt_contains(rt_get(t, r, "substrate"), a->route.medium) ||
            rt_num(t, r, "thickness_nm") != dmin || isnan(rt_num(t, r, "Tc_K")))
            continue;
        char name[64];
        snprintf(name, sizeof name, "%g nm layer on %s (row %d)", dmin, rt_get(t, r, "substrate"), t->line[r]);
        lmds_route_form *f = rt_form_add(a, name);
        if (!f) break;
        f->tc_K = rt_num(t, r, "Tc_K");
        f->tc_err_K = isnan(rt_num(t, r, "Tc_err_K")) ? 0.0 : rt_num(t, r, "Tc_err_K");
        snprintf(f->verification, sizeof f->verification, "%s", rt_get(t, r, "verification"));
        snprintf(f->reference, sizeof f->reference, "film_tc.csv:%d: %s", t->line[r], rt_get(t, r, "reference"));
        n++;
    }
    return n;
}

/* The genome's measured rows of el in this form (2D on the substrate, confined in the medium). Calculated and
 * theory rows are not measurements of the route and are skipped; a bound ("<10") has no Tc to report. */
static int genome_rows(const lmds_route_model *m, const char *el, lmds_route_answer *a)
{
    const rt_table *t = &m->genome;
    const char *form = a->route.kind == LMDS_ROUTE_2D ? "2D" : "confined";
    int n = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *fm = rt_get(t, r, "form"), *vt = rt_get(t, r, "value_type");
        if (strcmp(rt_get(t, r, "composition"), el) || strncmp(fm, form, strlen(form)) || rt_contains(fm, "theory") ||
            rt_contains(vt, "calculated") || isnan(rt_num(t, r, "Tc_K")))
            continue;
        if (!rt_contains(rt_get(t, r, "material"), a->route.medium) && !rt_contains(fm, a->route.medium)) continue;
        lmds_route_form *f = rt_form_add(a, rt_get(t, r, "material"));
        if (!f) break;
        f->tc_K = rt_num(t, r, "Tc_K");
        snprintf(f->verification, sizeof f->verification, "genome row");
        snprintf(f->reference, sizeof f->reference, "lmds_superconductors.csv:%d: %s", t->line[r],
                 rt_get(t, r, "reference"));
        n++;
    }
    return n;
}

lmds_status rt_answer_measured(const lmds_route_model *m, const char *el, lmds_route_answer *a)
{
    if (a->route.kind == LMDS_ROUTE_AMORPHOUS) return answer_amorphous(m, el, a);
    int n = a->route.kind == LMDS_ROUTE_2D ? film_2d(m, el, a) : 0;
    if (n == 0) n = genome_rows(m, el, a);
    if (n == 0) return LMDS_ENODATA;
    /* A selected polymorph without a Tc row ("2D hexagonal Ga") is the measured form itself: keep the latter. */
    int k = 0;
    for (int i = 0; i < a->nforms; i++)
        if (!isnan(a->forms[i].tc_K)) a->forms[k++] = a->forms[i];
    a->nforms = k;
    if (!a->known) {
        snprintf(a->confidence, sizeof a->confidence, "measured");
        snprintf(a->selection, sizeof a->selection, "measured in this form on/in %s", a->route.medium);
    }
    a->known = 1;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* The pipeline hook                                                                                           */
/* ---------------------------------------------------------------------------------------------------------- */

/* The element a phase is made of: the only one, or one of at least 90 at.% (then *alloy = 1). */
static int phase_element(const lmds_comp *c, char *el, size_t n, int *alloy)
{
    int best = -1;
    for (int k = 0; k < c->n; k++)
        if (best < 0 || c->x[k] > c->x[best]) best = k;
    if (best < 0 || c->x[best] < 0.9) return 0;
    const char *sym = lmds_element_symbol(c->z[best]);
    if (!sym) return 0;
    snprintf(el, n, "%s", sym);
    *alloy = c->n > 1;
    return 1;
}

lmds_status lmds_route_apply(const lmds_route_model *m, const lmds_route *r, double T_store_K, lmds_phase_tc *ph)
{
    if (!m || !r || !ph) return lmds_error(LMDS_EINVAL, "lmds_route_apply: NULL argument");
    char el[8];
    int alloy = 0;
    if (r->kind == LMDS_ROUTE_BULK || !phase_element(&ph->comp, el, sizeof el, &alloy))
        return lmds_error(LMDS_ENODATA, "route data: nothing for this phase by this route");
    lmds_route_answer a;
    lmds_status st = lmds_route_model_answer(m, el, r, T_store_K, &a);
    if (st) return st;
    if (isnan(a.tc_K)) return lmds_error(LMDS_ENODATA, "route data: no Tc of the %s forms by this route", el);
    /* The selection data are for the pure element: in an alloy phase the polymorph is not known, so the answer
     * is the range of the forms the route makes of the element. */
    int unknown = !a.known || alloy;
    double lo = a.tc_lo_K, hi = a.tc_hi_K;
    /* A low-confidence selection (one recalled or secondary source) does not exclude the ordinary solid: the range
     * runs from the phase's bulk Tc to the selected form's. */
    if (!strcmp(a.confidence, "low") && isfinite(ph->tc_K)) {
        unknown = 1;
        lo = fmin(lo, ph->tc_K);
        hi = fmax(hi, ph->tc_K);
    }
    ph->tc_route_K = unknown ? 0.5 * (lo + hi) : a.tc_K;
    ph->uncertainty_K = unknown ? 0.5 * (hi - lo) : fmax(hi - a.tc_K, a.tc_K - lo);
    /* a stored form's Tc without a stated error gets the spread used for every genome value */
    if (!(ph->uncertainty_K > 0))
        ph->uncertainty_K = design_genome_uncertainty(ph->tc_route_K);
    ph->tc_is_bound = 0;
    int best = 0;
    for (int i = 0; i < a.nforms; i++)
        if (a.forms[i].tc_K == a.tc_K) best = i;
    snprintf(ph->reference, sizeof ph->reference, "%s", a.forms[best].reference);
    /* a stored or interpolated measurement of the form is data; a Simonin extrapolation is a model */
    ph->source = a.forms[best].basis == LMDS_ROUTE_MODEL ? LMDS_TC_SRC_PHYSICS : LMDS_TC_SRC_GENOME;
    snprintf(ph->route_note, sizeof ph->route_note, "%s%s (%s%s%s)%s", unknown ? "polymorph unknown, range of " : "",
             a.forms[best].name, a.confidence, alloy ? "; selection data of pure " : "", alloy ? el : "",
             a.onset_only ? "; droplets: onset only" : "");
    return LMDS_OK;
}
