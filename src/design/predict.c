/* The forward pipeline: composition -> liquidus, solidus and the phases the melt freezes into (thermo) -> Tc of
 * every phase (genome measurement, else Allen-Dynes on the genome's coupling constants, else the learned model)
 * -> the material's Tc by a percolation rule -> route corrections (supercon). */
#include "design/design_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

/* ---------------------------------------------------------------------------------------------------------- */
/* Routes and sources                                                                                          */
/* ---------------------------------------------------------------------------------------------------------- */

const char *lmds_tc_source_name(lmds_tc_source s)
{
    switch (s) {
    case LMDS_TC_SRC_GENOME: return "genome";
    case LMDS_TC_SRC_PHYSICS: return "physics";
    case LMDS_TC_SRC_LEARNED: return "learned";
    default: return "none";
    }
}

lmds_status lmds_route_parse(const char *text, lmds_route *out)
{
    if (!text || !out)
        return lmds_error(LMDS_EINVAL, "route: no text");
    static const struct { const char *name; lmds_route_kind kind; } kinds[] = {
        {"bulk", LMDS_ROUTE_BULK}, {"film", LMDS_ROUTE_FILM}, {"droplet", LMDS_ROUTE_DROPLET},
        {"confined", LMDS_ROUTE_CONFINED}};
    const char *colon = strchr(text, ':');
    size_t klen = colon ? (size_t)(colon - text) : strlen(text);
    int k = -1;
    for (int i = 0; i < 4; i++)
        if (strlen(kinds[i].name) == klen && strncmp(text, kinds[i].name, klen) == 0)
            k = i;
    if (k < 0)
        return lmds_error_at(LMDS_EPARSE, NULL, 0, 1, "route '%s': expected bulk, film:THICKNESS, droplet:RADIUS "
                             "or confined:PORE", text);
    lmds_route r = {kinds[k].kind, 0.0};
    if (r.kind == LMDS_ROUTE_BULK) {
        if (colon)
            return lmds_error_at(LMDS_EPARSE, NULL, 0, (int)klen + 1, "route '%s': bulk takes no size", text);
        *out = r;
        return LMDS_OK;
    }
    if (!colon || !colon[1])
        return lmds_error_at(LMDS_EPARSE, NULL, 0, (int)klen + 1, "route '%s': %s needs a size, e.g. %s:15nm",
                             text, kinds[k].name, kinds[k].name);
    char *end = NULL;
    double v = strtod(colon + 1, &end);
    if (end == colon + 1 || !isfinite(v) || v <= 0)
        return lmds_error_at(LMDS_EPARSE, NULL, 0, (int)klen + 2, "route '%s': the size must be a positive number",
                             text);
    double scale = 1.0;
    if (*end == '\0' || strcmp(end, "nm") == 0)
        scale = 1.0;
    else if (strcmp(end, "um") == 0)
        scale = 1e3;
    else if (strcmp(end, "mm") == 0)
        scale = 1e6;
    else
        return lmds_error_at(LMDS_EPARSE, NULL, 0, (int)(end - text) + 1, "route '%s': unit '%s' (nm, um or mm)",
                             text, end);
    r.size_nm = v * scale;
    *out = r;
    return LMDS_OK;
}

void lmds_route_format(const lmds_route *r, char *buf, size_t n)
{
    static const char *names[] = {"bulk", "film", "droplet", "confined"};
    if (r->kind == LMDS_ROUTE_BULK) {
        snprintf(buf, n, "bulk");
        return;
    }
    const char *what = r->kind == LMDS_ROUTE_FILM ? "" : r->kind == LMDS_ROUTE_DROPLET ? " r=" : " pore ";
    if (r->size_nm >= 1000)
        snprintf(buf, n, "%s%s%g um", names[r->kind], *what ? what : " ", r->size_nm / 1000);
    else
        snprintf(buf, n, "%s%s%g nm", names[r->kind], *what ? what : " ", r->size_nm);
}

void lmds_predict_opts_init(lmds_predict_opts *o)
{
    memset(o, 0, sizeof *o);
    o->route.kind = LMDS_ROUTE_BULK;
    o->P_GPa = 0.0;
    o->T_final_K = NAN;
    o->scheil = 1;
    o->fast = 0;
    o->percolation_threshold = LMDS_PERCOLATION_THRESHOLD;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Predictor                                                                                                   */
/* ---------------------------------------------------------------------------------------------------------- */

static void add_note(lmds_predictor *p, const char *what, const char *why)
{
    size_t len = strlen(p->notes);
    snprintf(p->notes + len, sizeof p->notes - len, "%s%s: %s", len ? "; " : "", what, why);
}

static int upper_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The elements of a system written as symbols joined by '-' ("In-Sn") into m->z; 0 on a bad system. */
static int parse_system(const char *text, phase_map_row *m)
{
    char sys[64], *save = NULL;
    snprintf(sys, sizeof sys, "%s", text);
    for (char *tok = strtok_r(sys, "-", &save); tok; tok = strtok_r(NULL, "-", &save)) {
        int z;
        if (m->nz >= 4 || lmds_element_lookup(tok, &z) != LMDS_OK)
            return 0;
        m->z[m->nz++] = z;
    }
    return m->nz > 0;
}

/* One row of the phase map: system, phase, formula, material (columns at col[0..3]). */
static lmds_status phase_map_row_read(const lmds_csv *csv, const int *col, const char *path, phase_map_row *m)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < 4; k++)
        if (col[k] >= csv->nfields)
            return lmds_error_at(LMDS_EPARSE, path, csv->line, 1, "expected %d fields, found %d", col[k] + 1,
                                 csv->nfields);
    const char *system = csv->fields[col[0]], *formula = csv->fields[col[2]];
    if (!parse_system(system, m))
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[col[0]], "bad system '%s'", system);
    snprintf(m->phase, sizeof m->phase, "%s", csv->fields[col[1]]);
    if (lmds_comp_parse(formula, NULL, &m->comp) != LMDS_OK)
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[col[2]], "bad formula '%s'", formula);
    snprintf(m->formula, sizeof m->formula, "%s", formula);
    snprintf(m->material, sizeof m->material, "%s", csv->fields[col[3]]);
    return LMDS_OK;
}

static lmds_status load_phase_map(lmds_predictor *p)
{
    static const char *const names[] = {"system", "phase", "formula", "material"};
    char path[1024], *text = NULL;
    lmds_status st = lmds_data_path("design/phase_map.csv", path, sizeof path);
    if (st == LMDS_OK)
        st = lmds_file_read(path, 16u << 20, &text, NULL);
    if (st != LMDS_OK)
        return st;
    lmds_csv csv;
    lmds_csv_init(&csv, text);
    int rec, col[4];
    if ((rec = lmds_csv_next(&csv)) != 1)
        st = rec < 0 ? lmds_csv_error(&csv, path) : lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty phase map");
    else
        st = lmds_csv_require(&csv, path, names, 4, col, "system,phase,formula,material,source");
    while (st == LMDS_OK && (rec = lmds_csv_next(&csv)) == 1) {
        if (p->nmap >= DESIGN_MAX_MAP)
            st = lmds_error_at(LMDS_EPARSE, path, csv.line, 1, "more than %d rows", DESIGN_MAX_MAP);
        else if ((st = phase_map_row_read(&csv, col, path, &p->map[p->nmap])) == LMDS_OK)
            p->nmap++;
    }
    if (st == LMDS_OK && rec < 0)
        st = lmds_csv_error(&csv, path);
    lmds_csv_clear(&csv);
    free(text);
    return st;
}

lmds_status lmds_predictor_new(const lmds_predictor_opts *o, lmds_predictor **out)
{
    if (out) *out = NULL;
    lmds_predictor_opts def = {0};
    if (!o)
        o = &def;
    lmds_predictor *p = calloc(1, sizeof *p);
    if (!p)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    p->nthreads = lmds_design_threads();
    p->threads = calloc((size_t)p->nthreads, sizeof *p->threads);
    if (!p->threads) {
        free(p);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    lmds_status st = o->tdb_path ? lmds_tdb_load(o->tdb_path, &p->tdb) : lmds_tdb_load_default(&p->tdb);
    if (st != LMDS_OK)
        goto fail;
    for (int t = 0; t < p->nthreads; t++) {
        st = lmds_genome_open(o->genome_path, 1, &p->threads[t].genome);
        if (st != LMDS_OK)
            goto fail;
    }
    st = load_phase_map(p);
    if (st != LMDS_OK)
        goto fail;
    if (!o->no_model) {
        if (lmds_learn_model_load(o->model_path, &p->model) != LMDS_OK) {
            add_note(p, "learned model not loaded", lmds_errmsg());
            p->model = NULL;
            lmds_error_clear();
        }
    }
    *out = p;
    return LMDS_OK;
fail:
    lmds_predictor_free(p);
    return st;
}

void lmds_predictor_free(lmds_predictor *p)
{
    if (!p)
        return;
    for (int t = 0; t < p->nthreads && p->threads; t++)
        lmds_genome_close(p->threads[t].genome);
    free(p->threads);
    lmds_tdb_free(p->tdb);
    lmds_learn_model_free(p->model);
    free(p);
}

const char *lmds_predictor_notes(const lmds_predictor *p)
{
    return p ? p->notes : "";
}

int lmds_predictor_has_model(const lmds_predictor *p)
{
    return p && p->model != NULL;
}

int lmds_predictor_covers(const lmds_predictor *p, const lmds_comp *c, char *missing, size_t n)
{
    char buf[256] = "";
    lmds_status st = lmds_tdb_covers(p->tdb, c, buf, sizeof buf);
    if (missing && n)
        snprintf(missing, n, "%s", st == LMDS_OK ? "" : buf);
    lmds_error_clear();
    return st == LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Tc of one formula: genome, physics, learned (cached per thread)                                             */
/* ---------------------------------------------------------------------------------------------------------- */

/* The uncertainty attached to a genome value: 5 % of Tc, at least 0.1 K. It stands for the usual spread between
 * transition criteria (onset, midpoint, zero resistance) and between samples in the superconductivity
 * literature; it is a convention of this module, not a measured error bar. */
static double genome_uncertainty(double tc)
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
 * Returns the number of values; *lo / *hi their range; ref gets "material: reference" of the first. */
static int genome_form_values(lmds_genome *g, const char *formula, const char *form, double P, double *lo,
                              double *hi, char *ref, size_t nref)
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
        if (!rel || !val || !vt || (strcmp(rel, "=") && strcmp(rel, "range")))
            continue;
        if (strcmp(vt, "measured") && strcmp(vt, "textbook"))
            continue; /* a calculated value is not a measurement of the route */
        if (!pressure_matches(lmds_genome_rows_get(rows, i, "pressure_GPa"), P))
            continue;
        double v = atof(val);
        if (n == 0) {
            *lo = *hi = v;
            const char *mat = lmds_genome_rows_get(rows, i, "material");
            const char *r = lmds_genome_rows_get(rows, i, "reference");
            snprintf(ref, nref, "%s%s%s", mat ? mat : "", mat ? ": " : "", r ? r : "");
        } else {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
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

/* Tc of the material `c` in form `form` ("bulk", or a route's form) at pressure P.
 * bulk: the genome's measured value, else a measured negative result, else Allen-Dynes on the genome's coupling
 * constants, else the learned model. Route forms: only measurements in exactly that form (several are averaged,
 * the uncertainty covering their spread); without one e->source is NONE and the caller keeps the bulk value.
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

    char ref[256] = "", name[96] = "";
    if (strcmp(form, "bulk") != 0) {
        double lo = NAN, hi = NAN;
        int n = genome_form_values(ts->genome, formula, form, P, &lo, &hi, ref, sizeof ref);
        if (n > 0) {
            e->tc = 0.5 * (lo + hi);
            e->unc = fmax(genome_uncertainty(e->tc), 0.5 * (hi - lo));
            e->source = LMDS_TC_SRC_GENOME;
            e->nvalues = n;
            if (n > 1)
                snprintf(e->ref, sizeof e->ref, "mean of %d measurements (%.3g-%.3g K), first: %.180s", n, lo, hi,
                         ref);
            else
                snprintf(e->ref, sizeof e->ref, "%s", ref);
        }
        return LMDS_OK;
    }

    double tc = NAN;
    lmds_status st = lmds_genome_find_tc(ts->genome, c, form, P, &tc, ref, sizeof ref, name, sizeof name);
    if (st == LMDS_OK && isfinite(tc)) {
        e->tc = tc;
        e->unc = genome_uncertainty(tc);
        e->source = LMDS_TC_SRC_GENOME;
        snprintf(e->ref, sizeof e->ref, "%s%s%s", name, *name ? ": " : "", ref);
        return LMDS_OK;
    }
    lmds_error_clear();
    double bound = NAN;
    if (genome_negative(ts->genome, formula, P, &bound, ref, sizeof ref)) {
        e->tc = 0.0;
        e->unc = isfinite(bound) ? bound : 0.0; /* Tc lies somewhere in [0, bound] */
        e->upper_bound = 1;
        e->source = LMDS_TC_SRC_GENOME;
        snprintf(e->ref, sizeof e->ref, "%s", ref);
        return LMDS_OK;
    }
    double lambda, wlog, mu;
    st = lmds_genome_find_coupling(ts->genome, c, &lambda, &wlog, &mu, ref, sizeof ref);
    if (st == LMDS_OK) {
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
        snprintf(e->ref, sizeof e->ref, "Allen-Dynes (lambda %.3g, omega_log %.4g K, mu* %.3g) from %s", lambda,
                 wlog, mu, ref);
        return LMDS_OK;
    }
    lmds_error_clear();
    if (p->model) {
        lmds_learn_prediction lp;
        st = lmds_learn_predict(p->model, c, 1, &lp);
        if (st == LMDS_OK) {
            double t = lp.tc_K, u = lp.uncertainty_K;
            char cls[96] = "";
            /* The regressor was trained on superconductors only; the classifier says whether to believe there is
             * a transition at all. Below p = 0.5 the phase is taken as not superconducting (the regressor's
             * value, meaningful only if it did superconduct, is kept in the note). */
            if (isfinite(lp.p_sc)) {
                snprintf(cls, sizeof cls, ", p(sc) %.2f", lp.p_sc);
                if (lp.p_sc < 0.5) {
                    snprintf(cls, sizeof cls, ", p(sc) %.2f < 0.5: taken as not superconducting; regressor %.2g K",
                             lp.p_sc, lp.tc_K);
                    t = 0.0;
                    u = 0.0;
                }
            }
            e->tc = t;
            e->unc = u;
            e->source = LMDS_TC_SRC_LEARNED;
            e->out_of_domain = !lp.in_domain;
            snprintf(e->ref, sizeof e->ref, "learned model (XGBoost ensemble%s, %s)", cls,
                     lp.in_domain ? "in domain" : "OUT OF DOMAIN");
        } else {
            snprintf(e->ref, sizeof e->ref, "learned model failed: %s", lmds_errmsg());
            lmds_error_clear();
        }
    }
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Phases                                                                                                      */
/* ---------------------------------------------------------------------------------------------------------- */

/* Molar volume by Zen's law (additive element molar volumes; E-an Zen, Am. Mineral. 41, 523 (1956)), cm^3/mol. */
static double molar_volume(const lmds_comp *c)
{
    /* Looked up on each call (a scan of the column names): no cache shared between threads. */
    int iv;
    if (lmds_element_prop_index("molar_volume_cm3", &iv) != LMDS_OK) {
        iv = -1;
        lmds_error_clear();
    }
    double v = 0.0;
    for (int k = 0; k < c->n; k++) {
        double vk = iv >= 0 ? lmds_element_get(c->z[k], iv) : NAN;
        if (!isfinite(vk))
            vk = 10.0; /* no molar volume: a typical metal's, only affects the percolation estimate */
        v += c->x[k] * vk;
    }
    return v;
}

/* Choose the formula whose Tc stands for a phase of composition pc. */
static void phase_formula(const lmds_predictor *p, const char *phase, const lmds_comp *pc, lmds_comp *lookup,
                          char *formula, size_t nf, char *how, size_t nh)
{
    for (int i = 0; i < p->nmap; i++) {
        const phase_map_row *m = &p->map[i];
        if (!upper_eq(m->phase, phase))
            continue;
        int ok = 1;
        for (int k = 0; k < m->nz && ok; k++)
            ok = lmds_comp_fraction(pc, m->z[k]) > 0.02;
        if (!ok)
            continue;
        *lookup = m->comp;
        snprintf(formula, nf, "%s", m->formula);
        snprintf(how, nh, "phase map: %s", m->material);
        return;
    }
    int kmax = 0;
    for (int k = 1; k < pc->n; k++)
        if (pc->x[k] > pc->x[kmax])
            kmax = k;
    /* A terminal solution with >= 90 at.% of one element takes that element's Tc: a few per cent of solute
     * move Tc of In or Sn by a few tenths of a kelvin (e.g. In0.954Sn0.046: 3.66 K vs Sn 3.72 K in SuperCon);
     * design_tc widens the uncertainty below 97 at.%. */
    if (pc->x[kmax] >= 0.90) {
        double one = 1.0;
        lmds_comp_from_amounts(1, &pc->z[kmax], &one, lookup);
        snprintf(formula, nf, "%s", lmds_element_symbol(pc->z[kmax]));
        snprintf(how, nh, "host of a dilute solution (%.1f at.%% %s)", 100 * pc->x[kmax],
                 lmds_element_symbol(pc->z[kmax]));
        return;
    }
    /* Otherwise the phase's own composition, rounded to 1 at.% so that nearby candidates share one lookup. */
    double amt[LMDS_COMP_MAX];
    int z[LMDS_COMP_MAX], n = 0;
    for (int k = 0; k < pc->n; k++) {
        double a = round(pc->x[k] * 100.0);
        if (a > 0) {
            z[n] = pc->z[k];
            amt[n++] = a;
        }
    }
    if (n == 0 || lmds_comp_from_amounts(n, z, amt, lookup) != LMDS_OK)
        *lookup = *pc;
    lmds_error_clear();
    if (lmds_comp_formula(lookup, formula, nf) != LMDS_OK)
        snprintf(formula, nf, "?");
    snprintf(how, nh, "phase composition (1 at.%%)");
}

/* Thermodynamic part: coverage, liquidus, solidus, phases as frozen. */
lmds_status design_thermo(lmds_predictor *p, const lmds_comp *c, const lmds_predict_opts *o, lmds_prediction *r,
                          double max_liquidus)
{
    memset(r, 0, sizeof *r);
    r->comp = *c;
    if (lmds_comp_formula(c, r->formula, sizeof r->formula) != LMDS_OK)
        snprintf(r->formula, sizeof r->formula, "?");
    r->route = o->route;
    r->P_GPa = o->P_GPa;
    r->T_liquidus_K = r->T_solidus_K = r->T_phases_K = NAN;
    r->tc_scheil_K = NAN;
    r->tc_phase = -1;
    r->percolation_threshold = o->percolation_threshold > 0 ? o->percolation_threshold
                                                           : LMDS_PERCOLATION_THRESHOLD;
    r->covered = lmds_predictor_covers(p, c, r->missing, sizeof r->missing);
    if (!r->covered) {
        /* Not described by the database: say so and treat the composition as one phase. */
        r->nphases = 1;
        lmds_phase_tc *ph = &r->phases[0];
        snprintf(ph->phase, sizeof ph->phase, "(whole alloy)");
        ph->comp = *c;
        ph->amount = 1.0;
        ph->amount_scheil = NAN;
        ph->volume_fraction = 1.0;
        snprintf(r->note, sizeof r->note, "the thermodynamic database does not cover %s (missing %s): treated as "
                 "one phase", r->formula, r->missing);
        return LMDS_OK;
    }
    lmds_status st = lmds_thermo_liquidus(p->tdb, c, o->P_GPa, &r->T_liquidus_K, r->primary_phase,
                                          sizeof r->primary_phase);
    if (st != LMDS_OK)
        return st;
    if (r->T_liquidus_K > max_liquidus)
        return LMDS_OK; /* design: too high to print, nothing more needed */
    st = lmds_thermo_solidus(p->tdb, c, o->P_GPa, &r->T_solidus_K);
    if (st != LMDS_OK)
        return st;
    /* The phases as frozen: equilibrium 2 K below the solidus (solid-state changes at low temperature, such as
     * tin pest, are taken as kinetically frozen), or at the temperature asked for. */
    double T = isfinite(o->T_final_K) ? o->T_final_K : r->T_solidus_K - 2.0;
    if (T < 1.0)
        T = 1.0;
    r->T_phases_K = T;
    lmds_eq_result eq;
    st = lmds_thermo_equilibrium(p->tdb, c, T, o->P_GPa, &eq);
    if (st != LMDS_OK && st != LMDS_ENOCONV)
        return st;
    if (st == LMDS_ENOCONV) {
        snprintf(r->note, sizeof r->note, "equilibrium at %.1f K not fully converged (hull estimate used)", T);
        lmds_error_clear();
    }
    double vtot = 0.0;
    for (int k = 0; k < eq.nphases && r->nphases < LMDS_PRED_MAXPHASES; k++) {
        if (eq.phases[k].amount < 1e-6)
            continue;
        lmds_phase_tc *ph = &r->phases[r->nphases++];
        snprintf(ph->phase, sizeof ph->phase, "%s", eq.phases[k].name);
        double amt[LMDS_COMP_MAX];
        int z[LMDS_COMP_MAX], n = 0;
        for (int j = 0; j < eq.ncomp; j++)
            if (eq.phases[k].x[j] > 1e-6) {
                z[n] = eq.z[j];
                amt[n++] = eq.phases[k].x[j];
            }
        if (n == 0 || lmds_comp_from_amounts(n, z, amt, &ph->comp) != LMDS_OK)
            ph->comp = *c;
        lmds_error_clear();
        ph->amount = eq.phases[k].amount;
        ph->amount_scheil = NAN;
        ph->volume_fraction = ph->amount * molar_volume(&ph->comp);
        vtot += ph->volume_fraction;
    }
    for (int k = 0; k < r->nphases; k++)
        r->phases[k].volume_fraction = vtot > 0 ? r->phases[k].volume_fraction / vtot : 0.0;

    if (o->scheil && !o->fast) {
        lmds_solidify_path *path = NULL;
        double Tend = isfinite(o->T_final_K) ? o->T_final_K : fmax(1.0, r->T_solidus_K - 60.0);
        if (lmds_thermo_solidify(p->tdb, c, Tend, 1, &path) == LMDS_OK && path->nsteps > 0) {
            const lmds_solidify_step *s = &path->steps[path->nsteps - 1];
            for (int k = 0; k < r->nphases; k++) {
                r->phases[k].amount_scheil = 0.0;
                for (int j = 0; j < s->nphases; j++)
                    if (upper_eq(s->phase[j], r->phases[k].phase))
                        r->phases[k].amount_scheil += s->amount[j];
            }
        } else {
            size_t len = strlen(r->note);
            snprintf(r->note + len, sizeof r->note - len, "%sScheil path failed: %s", len ? "; " : "",
                     lmds_errmsg());
            lmds_error_clear();
        }
        lmds_solidify_path_free(path);
    }
    return LMDS_OK;
}

static const char *route_form(lmds_route_kind k)
{
    switch (k) {
    case LMDS_ROUTE_FILM: return "film";
    case LMDS_ROUTE_DROPLET: return "nanodroplet";
    case LMDS_ROUTE_CONFINED: return "confined";
    default: return "bulk";
    }
}

/* Thin-film critical thickness d_c of Simonin's Tc(d) = Tc (1 - d_c/d), from the supercon model registry's
 * default when it has one. NAN when none. */
static double film_dc_default(void)
{
    const lmds_sc_model_info *mi = lmds_sc_model_find("film");
    if (!mi)
        mi = lmds_sc_model_find("film-simonin");
    if (!mi)
        return NAN;
    for (size_t i = 0; i < mi->nparams; i++)
        if (strstr(mi->params[i].name, "d_c") || strstr(mi->params[i].name, "dc"))
            return mi->params[i].default_value;
    return NAN;
}

/* The Anderson limit for a small grain (Anderson, J. Phys. Chem. Solids 11, 26 (1959)): N(E_F) from the
 * Sommerfeld coefficient, gamma = (pi^2/3) k_B^2 N(E_F), i.e. N(E_F) [states/(eV atom)] = gamma
 * [mJ/(mol K^2)] / 2.359; gap from BCS, Delta = 1.764 k_B Tc. Returns the level spacing / gap ratio or NAN. */
static double anderson_ratio(const lmds_comp *c, double tc, double r_nm)
{
    int ig, iv;
    if (lmds_element_prop_index("sommerfeld_mJ_mol_K2", &ig) != LMDS_OK ||
        lmds_element_prop_index("molar_volume_cm3", &iv) != LMDS_OK) {
        lmds_error_clear();
        return NAN;
    }
    double gam = 0, vm = 0;
    for (int k = 0; k < c->n; k++) {
        gam += c->x[k] * lmds_element_get(c->z[k], ig);
        vm += c->x[k] * lmds_element_get(c->z[k], iv);
    }
    if (!isfinite(gam) || !isfinite(vm) || gam <= 0 || tc <= 0)
        return NAN;
    double dos = gam / 2.359, va = vm * 1e24 / LMDS_NA, ratio = NAN;
    if (lmds_anderson_criterion(dos, va, r_nm, 1.764 * LMDS_KB_MEV * tc, NULL, &ratio, NULL) != LMDS_OK) {
        lmds_error_clear();
        return NAN;
    }
    return ratio;
}

/* Tc part: every phase's Tc (bulk then the route), then the material by the percolation rule. */
lmds_status design_tc(lmds_predictor *p, int thread, const lmds_route *route, double P, lmds_prediction *r)
{
    r->route = *route;
    r->tc_K = 0.0;
    r->uncertainty_K = 0.0;
    r->tc_phase = -1;
    r->tc_source = LMDS_TC_SRC_NONE;
    r->tc_filament_K = 0.0;
    double tc_scheil = NAN;
    int any_learned_ood = 0;
    for (int k = 0; k < r->nphases; k++) {
        lmds_phase_tc *ph = &r->phases[k];
        lmds_comp look;
        if (!r->covered) {
            look = ph->comp;
            lmds_comp_formula(&look, ph->formula, sizeof ph->formula);
            snprintf(ph->how, sizeof ph->how, "whole alloy (not covered by the database)");
        } else {
            phase_formula(p, ph->phase, &ph->comp, &look, ph->formula, sizeof ph->formula, ph->how, sizeof ph->how);
        }
        const tc_entry *e = NULL;
        design_tc_of(p, thread, &look, "bulk", P, &e);
        ph->tc_K = isfinite(e->tc) ? e->tc : 0.0;
        ph->uncertainty_K = isfinite(e->unc) ? e->unc : 0.0;
        double widen = 0.0;
        if (strncmp(ph->how, "host", 4) == 0) {
            double xmax = 0.0;
            for (int j = 0; j < ph->comp.n; j++)
                xmax = fmax(xmax, ph->comp.x[j]);
            if (xmax < 0.97) /* 3-10 at.% solute: another 10 % of Tc for what the solute does */
                widen = 0.1;
        }
        ph->uncertainty_K += widen * ph->tc_K;
        ph->source = e->source;
        ph->tc_is_bound = e->upper_bound;
        snprintf(ph->reference, sizeof ph->reference, "%s", e->ref);
        any_learned_ood |= e->source == LMDS_TC_SRC_LEARNED && e->out_of_domain;
        ph->tc_route_K = ph->tc_K;
        ph->route_note[0] = '\0';
        if (route->kind != LMDS_ROUTE_BULK) {
            const tc_entry *er = NULL;
            design_tc_of(p, thread, &look, route_form(route->kind), P, &er);
            if (er->source == LMDS_TC_SRC_GENOME) {
                ph->tc_route_K = er->tc;
                ph->uncertainty_K = er->unc + widen * er->tc;
                ph->source = LMDS_TC_SRC_GENOME;
                ph->tc_is_bound = 0;
                /* The measurement is of the pure material (e.g. beta-Ga in frozen droplets of pure Ga); that the
                 * same phase of an alloy freezes the same way in that form is an assumption, said here. */
                snprintf(ph->route_note, sizeof ph->route_note, "%s form: measured for %s%s", route_form(route->kind),
                         ph->formula, r->comp.n > 1 ? " alone, assumed to hold for this phase of the alloy" : "");
                snprintf(ph->reference, sizeof ph->reference, "%s", er->ref);
            } else if (route->kind == LMDS_ROUTE_FILM) {
                double dc = film_dc_default(), t = ph->tc_K;
                if (isfinite(dc) && lmds_film_tc(ph->tc_K, route->size_nm, dc, &t) == LMDS_OK) {
                    ph->tc_route_K = t;
                    snprintf(ph->route_note, sizeof ph->route_note, "thin film Tc(d) = Tc (1 - d_c/d), d_c %.2g nm "
                             "(Simonin 1986)", dc);
                } else {
                    snprintf(ph->route_note, sizeof ph->route_note, "no film data or film model: bulk Tc");
                }
                lmds_error_clear();
            } else if (route->kind == LMDS_ROUTE_DROPLET) {
                double ratio = anderson_ratio(&ph->comp, ph->tc_K, route->size_nm);
                if (isfinite(ratio) && ratio >= 1.0) {
                    ph->tc_route_K = 0.0;
                    snprintf(ph->route_note, sizeof ph->route_note, "below the Anderson limit (level spacing %.2g x "
                             "gap)", ratio);
                } else {
                    snprintf(ph->route_note, sizeof ph->route_note, "no droplet measurement: bulk Tc%s",
                             isfinite(ratio) ? " (above the Anderson limit)" : "");
                }
            } else {
                snprintf(ph->route_note, sizeof ph->route_note, "no confined measurement: bulk Tc");
            }
        }
        ph->percolates = ph->volume_fraction >= r->percolation_threshold;
        if (ph->tc_route_K > r->tc_filament_K)
            r->tc_filament_K = ph->tc_route_K;
        if (ph->percolates && ph->tc_route_K > r->tc_K) {
            r->tc_K = ph->tc_route_K;
            r->uncertainty_K = ph->uncertainty_K;
            r->tc_phase = k;
            r->tc_source = ph->source;
        }
        if (isfinite(ph->amount_scheil)) {
            if (!isfinite(tc_scheil))
                tc_scheil = 0.0;
        }
    }
    /* The same rule on the Scheil amounts (volume fractions with the equilibrium phase compositions). */
    if (isfinite(tc_scheil)) {
        double vtot = 0.0;
        for (int k = 0; k < r->nphases; k++)
            vtot += r->phases[k].amount_scheil * molar_volume(&r->phases[k].comp);
        for (int k = 0; k < r->nphases && vtot > 0; k++) {
            double vf = r->phases[k].amount_scheil * molar_volume(&r->phases[k].comp) / vtot;
            if (vf >= r->percolation_threshold && r->phases[k].tc_route_K > tc_scheil)
                tc_scheil = r->phases[k].tc_route_K;
        }
    }
    r->tc_scheil_K = tc_scheil;
    /* Nothing superconducts: say on what that rests -- the source of the largest percolating phase (a genome
     * "no", a learned p(sc) < 0.5, or none when nothing is known). tc_phase stays -1. */
    if (r->tc_phase < 0) {
        double vmax = -1.0;
        for (int k = 0; k < r->nphases; k++)
            if (r->phases[k].percolates && r->phases[k].volume_fraction > vmax) {
                vmax = r->phases[k].volume_fraction;
                r->tc_source = r->phases[k].source;
            }
    }
    if (any_learned_ood) {
        size_t len = strlen(r->note);
        snprintf(r->note + len, sizeof r->note - len, "%sa learned Tc is outside the model's domain",
                 len ? "; " : "");
    }
    return LMDS_OK;
}

lmds_status lmds_predict(lmds_predictor *p, int thread, const lmds_comp *c, const lmds_predict_opts *opts,
                         lmds_prediction *out)
{
    if (!p || !c || !out)
        return lmds_error(LMDS_EINVAL, "lmds_predict: NULL argument");
    if (thread < 0 || thread >= p->nthreads)
        return lmds_error(LMDS_EINVAL, "lmds_predict: thread %d outside 0..%d", thread, p->nthreads - 1);
    lmds_predict_opts def;
    if (!opts) {
        lmds_predict_opts_init(&def);
        opts = &def;
    }
    if (!isfinite(opts->P_GPa) || opts->P_GPa < 0)
        return lmds_error(LMDS_EINVAL, "pressure %g GPa: must be >= 0", opts->P_GPa);
    if (!isnan(opts->T_final_K) && !(opts->T_final_K > 0))
        return lmds_error(LMDS_EINVAL, "final temperature %g K: must be > 0", opts->T_final_K);
    lmds_prediction r;
    lmds_status st = design_thermo(p, c, opts, &r, INFINITY);
    if (st != LMDS_OK)
        return st;
    st = design_tc(p, thread, &opts->route, opts->P_GPa, &r);
    if (st != LMDS_OK)
        return st;
    *out = r;
    return LMDS_OK;
}

lmds_status lmds_predict_paths(lmds_predictor *p, const lmds_comp *c, double T_end, lmds_solidify_path **eq,
                               lmds_solidify_path **scheil)
{
    if (eq) *eq = NULL;
    if (scheil) *scheil = NULL;
    if (!p || !c)
        return lmds_error(LMDS_EINVAL, "lmds_predict_paths: NULL argument");
    char missing[256];
    if (!lmds_predictor_covers(p, c, missing, sizeof missing))
        return lmds_error(LMDS_ENODATA, "the thermodynamic database does not cover this system (missing %s)",
                          missing);
    if (eq) {
        *eq = NULL;
        lmds_status st = lmds_thermo_solidify(p->tdb, c, T_end, 0, eq);
        if (st != LMDS_OK)
            return st;
    }
    if (scheil) {
        *scheil = NULL;
        lmds_status st = lmds_thermo_solidify(p->tdb, c, T_end, 1, scheil);
        if (st != LMDS_OK) {
            if (eq) {
                lmds_solidify_path_free(*eq);
                *eq = NULL;
            }
            return st;
        }
    }
    return LMDS_OK;
}
