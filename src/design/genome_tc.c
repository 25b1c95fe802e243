/* Tc of one formula as the genome and the models give it: the genome's measurement (a lookup), a measured
 * negative result, Allen-Dynes on the genome's coupling constants (physics), the learned model; cached per thread.
 * Used for line compounds and for phases outside every known composition range. */
#include "design/design_internal.h"
#include "design/polymorph_pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The uncertainty attached to a genome value: 5 % of Tc, at least 0.1 K. It stands for the usual spread between
 * transition criteria (onset, midpoint, zero resistance) and between samples in the superconductivity
 * literature; it is a convention of this module, not a measured error bar. */
double design_genome_uncertainty(double tc)
{
    return fmax(0.1, 0.05 * tc);
}

/* mu* when the genome row has none, and the range used for the physics uncertainty: 0.10 +- 0.03 spans the
 * values used for simple sp metals (e.g. 0.10-0.13 in Allen & Dynes, PRB 12, 905 (1975), Table I). */
#define DESIGN_MU_STAR_DEFAULT 0.10
#define DESIGN_MU_STAR_SPREAD 0.03

static tc_entry *cache_find(thread_slot *ts, const char *key)
{
    for (int i = 0; i < ts->ncache; i++)
        if (strcmp(ts->cache[i].key, key) == 0)
            return &ts->cache[i];
    return NULL;
}

static tc_entry *cache_add(thread_slot *ts, const char *key)
{
    tc_entry *e;
    if (ts->ncache < DESIGN_CACHE) {
        e = &ts->cache[ts->ncache++];
    } else {
        e = &ts->cache[ts->next_evict];
        ts->next_evict = (ts->next_evict + 1) % DESIGN_CACHE;
    }
    memset(e, 0, sizeof *e);
    snprintf(e->key, sizeof e->key, "%s", key);
    return e;
}

/* Pressure of a genome row for matching: no pressure given = ambient. */
static int pressure_matches(const char *cell, double P)
{
    double v = cell && *cell ? atof(cell) : 0.0;
    return fabs(v - P) <= 0.05;
}

/* Measurements of `formula` in the genome form category `form` ("nanodroplet", "film", "confined") at pressure
 * P: measured or textbook rows with a number. lmds_genome_find_tc also returns rows without a form (SuperCon
 * lists no form), which would pass a bulk value off as a route measurement, hence this exact-form query.
 * Adds each row to pp (polymorph_pool.h); returns the number of rows added. */
static int genome_form_values(lmds_genome *g, const char *formula, const char *form, double P, poly_pool *pp)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = formula;
    f.property = "tc";
    f.form = form;
    lmds_genome_rows *rows = NULL;
    if (lmds_genome_query(g, &f, &rows) != LMDS_OK) {
        lmds_error_clear();
        return 0;
    }
    int n = 0;
    for (size_t i = 0; i < rows->nrows; i++) {
        const char *rel = lmds_genome_rows_get(rows, i, "relation");
        const char *val = lmds_genome_rows_get(rows, i, "value");
        const char *vt = lmds_genome_rows_get(rows, i, "value_type");
        const char *poly = lmds_genome_rows_get(rows, i, "polymorph");
        if (!rel || !val || !vt || (strcmp(rel, "=") && strcmp(rel, "range")))
            continue;
        if (strcmp(vt, "measured") && strcmp(vt, "textbook"))
            continue; /* a calculated value is not a measurement of the route */
        if (!pressure_matches(lmds_genome_rows_get(rows, i, "pressure_GPa"), P))
            continue;
        const char *mat = lmds_genome_rows_get(rows, i, "material");
        const char *r = lmds_genome_rows_get(rows, i, "reference");
        char row_ref[POLY_POOL_REF];
        snprintf(row_ref, sizeof row_ref, "%s%s%s", mat ? mat : "", mat ? ": " : "", r ? r : "");
        poly_pool_add(pp, atof(val), poly, row_ref);
        n++;
    }
    lmds_genome_rows_free(rows);
    return n;
}

/* A negative result for `formula` in bulk at pressure P: a measured upper bound ("not superconducting down to
 * 1.5 K", relation '<'), else a SuperCon row listing no Tc (the non-superconductor class of Stanev et al. 2018).
 * lmds_genome_find_tc returns numbers only, so without this a measured "no" would be handed to the learned model.
 * Returns 1 with *bound (NAN for "no Tc reported") and ref, else 0. */
static int genome_negative(lmds_genome *g, const char *formula, double P, double *bound, char *ref, size_t nref)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = formula;
    f.property = "tc";
    lmds_genome_rows *rows = NULL;
    if (lmds_genome_query(g, &f, &rows) != LMDS_OK) {
        lmds_error_clear();
        return 0;
    }
    int found = 0;
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t i = 0; i < rows->nrows && !found; i++) {
            const char *rel = lmds_genome_rows_get(rows, i, "relation");
            const char *vt = lmds_genome_rows_get(rows, i, "value_type");
            const char *form = lmds_genome_rows_get(rows, i, "form");
            if (!rel || !vt || (form && strcmp(form, "bulk")))
                continue;
            if (!pressure_matches(lmds_genome_rows_get(rows, i, "pressure_GPa"), P))
                continue;
            const char *mat = lmds_genome_rows_get(rows, i, "material");
            const char *r = lmds_genome_rows_get(rows, i, "reference");
            if (pass == 0 && strcmp(rel, "<") == 0 && strcmp(vt, "measured") == 0) {
                const char *hi = lmds_genome_rows_get(rows, i, "value_hi");
                *bound = hi ? atof(hi) : NAN;
                snprintf(ref, nref, "not superconducting above %s K: %s%s%s", hi ? hi : "?", mat ? mat : "",
                         mat ? ": " : "", r ? r : "");
                found = 1;
            } else if (pass == 1 && strcmp(rel, "none") == 0 && strcmp(vt, "not_reported") == 0) {
                *bound = NAN;
                snprintf(ref, nref, "no Tc reported (SuperCon non-superconductor class): %s", r ? r : "");
                found = 1;
            }
        }
    }
    lmds_genome_rows_free(rows);
    return found;
}

/* A route form: the genome's measurements in exactly that form at P, pooled by the polymorph rule
 * (polymorph_pool.h); e is left without a source when there is none. The rows of one form are measurements of
 * different samples (sizes, substrates), so one polymorph gives the middle of their span, the uncertainty
 * covering it. Several labels (iota- and kappa-Ga in porous glass) give the range of all of them, labelled low
 * confidence: this path does not decide which polymorph the route forms (the route model does, for elements). */
static void tc_of_form(lmds_genome *g, const char *formula, const char *form, double P, tc_entry *e)
{
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MIDRANGE);
    poly_pool_result res;
    if (genome_form_values(g, formula, form, P, &pp) <= 0 || poly_pool_value(&pp, &res) == 0)
        return;
    char plain[64];
    poly_pool_left_out_note(&res, plain, sizeof plain);
    e->tc = res.value;
    e->unc = res.unc;
    e->source = LMDS_TC_SRC_GENOME;
    e->nvalues = res.n;
    if (res.low_confidence)
        poly_pool_undecided_note(&res, "measurements", 3, 120, e->ref, sizeof e->ref);
    else if (res.n > 1)
        design_fmt(e->ref, sizeof e->ref, "%d measurements (%.3g-%.3g K)%s, first: %.150s", res.n, res.lo, res.hi,
                   plain, res.ref);
    else
        design_fmt(e->ref, sizeof e->ref, "%.200s%s", res.ref, plain);
}

/* Bulk, from the genome's rows: a measured Tc, else a measured negative result. Returns 1 when e is filled. */
static int tc_of_genome(lmds_genome *g, const lmds_comp *c, const char *formula, const char *form, double P,
                        tc_entry *e)
{
    char ref[256] = "", name[96] = "";
    double tc = NAN;
    lmds_status st = lmds_genome_find_tc(g, c, form, P, &tc, ref, sizeof ref, name, sizeof name);
    if (st == LMDS_OK && isfinite(tc)) {
        e->tc = tc;
        e->unc = design_genome_uncertainty(tc);
        e->source = LMDS_TC_SRC_GENOME;
        snprintf(e->ref, sizeof e->ref, "%s%s%s", name, *name ? ": " : "", ref);
        return 1;
    }
    lmds_error_clear();
    double bound = NAN;
    if (genome_negative(g, formula, P, &bound, ref, sizeof ref)) {
        e->tc = 0.0;
        e->unc = isfinite(bound) ? bound : 0.0; /* Tc lies somewhere in [0, bound] */
        e->upper_bound = 1;
        e->source = LMDS_TC_SRC_GENOME;
        snprintf(e->ref, sizeof e->ref, "%s", ref);
        return 1;
    }
    return 0;
}

/* Bulk, from the genome's coupling constants through Allen-Dynes. Returns 1 when e is filled. */
static int tc_of_coupling(lmds_genome *g, const lmds_comp *c, tc_entry *e)
{
    char ref[256] = "";
    double lambda, wlog, mu;
    if (lmds_genome_find_coupling(g, c, &lambda, &wlog, &mu, ref, sizeof ref) != LMDS_OK) {
        lmds_error_clear();
        return 0;
    }
    if (!isfinite(mu))
        mu = DESIGN_MU_STAR_DEFAULT;
    double t0 = 0, tlo = 0, thi = 0;
    /* Allen & Dynes, PRB 12, 905 (1975), eq. 34 without the shape factor (no <omega^2> in the genome row);
     * the domain error (no superconductivity in the formula) leaves Tc = 0. */
    lmds_tc_allen_dynes(lambda, mu, wlog, 0.0, &t0);
    lmds_tc_allen_dynes(lambda, fmax(0.0, mu - DESIGN_MU_STAR_SPREAD), wlog, 0.0, &thi);
    lmds_tc_allen_dynes(lambda, mu + DESIGN_MU_STAR_SPREAD, wlog, 0.0, &tlo);
    lmds_error_clear();
    e->tc = t0;
    e->unc = 0.5 * fabs(thi - tlo);
    e->source = LMDS_TC_SRC_PHYSICS;
    snprintf(e->ref, sizeof e->ref, "Allen-Dynes (lambda %.3g, omega_log %.4g K, mu* %.3g) from %s", lambda, wlog,
             mu, ref);
    return 1;
}

/* Bulk, from the learned model; a failure of the model leaves e without a source, with a note. */
static void tc_of_model(const lmds_learn_model *model, const lmds_comp *c, tc_entry *e)
{
    lmds_learn_prediction lp;
    if (lmds_learn_predict(model, c, 1, &lp) != LMDS_OK) {
        snprintf(e->ref, sizeof e->ref, "learned model failed: %s", lmds_errmsg());
        lmds_error_clear();
        return;
    }
    double t = lp.tc_K, u = lp.uncertainty_K;
    char cls[160] = "";
    /* The regressor was trained on superconductors only; the calibrated classifier says whether to believe there
     * is a transition at all, at the model's own threshold (lmds_learn_model_threshold). Below it the phase is
     * taken as not superconducting (the regressor's value is kept in the note). */
    if (lp.superconducting >= 0) {
        double thr = lmds_learn_model_threshold(model);
        snprintf(cls, sizeof cls, ", p(sc) %.2f", lp.p_sc);
        if (!lp.superconducting) {
            snprintf(cls, sizeof cls, ", p(sc) %.2f below the threshold %.2f: taken as not superconducting "
                     "above %.3g K; regressor %.2g K", lp.p_sc, thr, lmds_learn_model_class_tc(model), lp.tc_K);
            t = 0.0;
            u = 0.0;
        }
    }
    char novelty[128] = "";
    if (!lp.system_seen)
        snprintf(novelty, sizeof novelty, "; element set never seen in training%s%s",
                 lp.nearest_formula[0] ? ", nearest " : "", lp.nearest_formula);
    e->tc = t;
    e->unc = u;
    e->source = LMDS_TC_SRC_LEARNED;
    e->out_of_domain = !lp.in_domain || !lp.system_seen;
    snprintf(e->ref, sizeof e->ref, "learned model (XGBoost ensemble%s, %s%s)", cls,
             lp.in_domain ? "in domain" : "OUT OF DOMAIN", novelty);
}

/* Tc of the material `c` in form `form` ("bulk", or a route's form) at pressure P.
 * bulk: the genome's measured value, else a measured negative result, else Allen-Dynes on the genome's coupling
 * constants, else the learned model. Route forms: only measurements in exactly that form (tc_of_form: never
 * averaged across polymorphs); without one e->source is NONE and the caller keeps the bulk value.
 * Always returns LMDS_OK with *out set; failures of the learned model become source NONE with a note. */
lmds_status design_tc_of(lmds_predictor *p, int thread, const lmds_comp *c, const char *form, double P,
                         const tc_entry **out)
{
    thread_slot *ts = &p->threads[thread];
    char formula[64], key[160];
    if (lmds_comp_formula(c, formula, sizeof formula) != LMDS_OK)
        snprintf(formula, sizeof formula, "?");
    lmds_error_clear();
    snprintf(key, sizeof key, "%s|%s|%.3f", formula, form, P);
    tc_entry *e = cache_find(ts, key);
    if (e) {
        *out = e;
        return LMDS_OK;
    }
    e = cache_add(ts, key);
    e->source = LMDS_TC_SRC_NONE;
    e->tc = NAN;
    e->unc = NAN;
    *out = e;
    if (strcmp(form, "bulk") != 0)
        tc_of_form(ts->genome, formula, form, P, e);
    else if (!tc_of_genome(ts->genome, c, formula, form, P, e) && !tc_of_coupling(ts->genome, c, e) && p->model)
        tc_of_model(p->model, c, e);
    return LMDS_OK;
}
