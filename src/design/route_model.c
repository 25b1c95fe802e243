/* The route model: which polymorph or form a route (bulk, droplet, film, wire, confined, 2D, amorphous) makes of
 * an element, and the Tc of that form, from the sourced tables of data/routes (README.md there).
 *
 * Rules, each stated where it is applied:
 *  - Selection (polymorph_selection.csv): for a sized route the rows whose size range contains the size; no such
 *    row but sized rows on either side -> "polymorph unknown" with the bracketing sizes and the Tc range of the
 *    forms they give (no interpolation across a polymorph change). For a route without size the first row of
 *    the route is its ordinary condition; later rows (other conditions) are listed as alternatives.
 *  - Tc of a polymorph: its own row of polymorphs.csv (never an average over polymorphs).
 *  - Films: lmds_film_tc_estimate on film_tc.csv (crystalline, then epitaxial, then granular rows).
 *  - Amorphous: lmds_amorphous_lookup on amorphous.csv (the mean of the measurements of that one form).
 *  - 2D and a named confining medium: the measured rows of film_tc.csv (substrate) or of the genome source.
 *  - Undercooling (undercooling.csv): a liquid of size s reaches at least as deep as a measured sample no smaller
 *    than s; a metastable form can only nucleate below its own melting point.
 *  - An ensemble of separate droplets is a granular array: onset Tc only (percolation.csv). */
#include "design/route_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/element.h"
#include "lmds/supercon.h"

static lmds_status load_all(lmds_route_model *m, const char *dir, const char *genome)
{
    char p[560];
    lmds_status st;
    snprintf(p, sizeof p, "%s/polymorphs.csv", dir);
    if ((st = rt_table_load(&m->poly, p, "element,polymorph,structure,metastable,Tc_K,melting_K,reference,"
                            "verification", "Tc_K,melting_K,stable_P_min_GPa,stable_P_max_GPa,Tc_P_GPa"))) return st;
    snprintf(p, sizeof p, "%s/polymorph_selection.csv", dir);
    if ((st = rt_table_load(&m->select, p, "element,route,size_min_nm,size_max_nm,condition,polymorph,confidence,"
                            "reference,verification", "size_min_nm,size_max_nm"))) return st;
    snprintf(p, sizeof p, "%s/undercooling.csv", dir);
    if ((st = rt_table_load(&m->under, p, "material,size_nm,undercooling_K,lowest_liquid_T_K,method,reference,"
                            "verification", "size_nm,undercooling_K,lowest_liquid_T_K"))) return st;
    snprintf(p, sizeof p, "%s/percolation.csv", dir);
    if ((st = rt_table_load(&m->perc, p, "microstructure,threshold,dimension,reference,verification",
                            "threshold,dimension"))) return st;
    snprintf(m->film_path, sizeof m->film_path, "%s/film_tc.csv", dir);
    if ((st = rt_table_load(&m->film, m->film_path, "material,form,thickness_nm,Tc_K,Tc_err_K,substrate,reference,"
                            "verification", "thickness_nm,Tc_K,Tc_err_K"))) return st;
    snprintf(m->amorphous_path, sizeof m->amorphous_path, "%s/amorphous.csv", dir);
    return rt_table_load(&m->genome, genome, "material,composition,form,Tc_K,reference,value_type", NULL);
}

lmds_status lmds_route_model_load(const char *dir, const char *genome_csv, lmds_route_model **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_route_model_load: out is NULL");
    *out = NULL;
    char d[480], g[512];
    lmds_status st = LMDS_OK;
    if (!dir) st = lmds_data_path("routes", d, sizeof d);
    else snprintf(d, sizeof d, "%s", dir);
    if (!st && !genome_csv) st = lmds_data_path("genome/lmds_superconductors.csv", g, sizeof g);
    else if (!st) snprintf(g, sizeof g, "%s", genome_csv);
    if (st) return st;
    lmds_route_model *m = calloc(1, sizeof *m);
    if (!m) return lmds_error(LMDS_ENOMEM, "route model: out of memory");
    if ((st = load_all(m, d, g))) {
        lmds_route_model_free(m);
        return st;
    }
    *out = m;
    return LMDS_OK;
}

void lmds_route_model_free(lmds_route_model *m)
{
    if (!m) return;
    rt_table_clear(&m->poly);
    rt_table_clear(&m->select);
    rt_table_clear(&m->under);
    rt_table_clear(&m->perc);
    rt_table_clear(&m->film);
    rt_table_clear(&m->genome);
    free(m);
}

const char *lmds_route_basis_name(lmds_route_basis b)
{
    switch (b) {
    case LMDS_ROUTE_LOOKUP: return "lookup";
    case LMDS_ROUTE_INTERPOLATED: return "interpolated";
    case LMDS_ROUTE_MODEL: return "model";
    default: return "?";
    }
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Forms                                                                                                       */
/* ---------------------------------------------------------------------------------------------------------- */

lmds_route_form *rt_form_add(lmds_route_answer *a, const char *name)
{
    if (a->nforms >= LMDS_ROUTE_MAX_FORMS) return NULL;
    lmds_route_form *f = &a->forms[a->nforms++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->tc_K = NAN;
    f->melting_K = NAN;
    f->basis = LMDS_ROUTE_LOOKUP;
    return f;
}

/* One polymorph as a form, its Tc from its own row of polymorphs.csv. fallback_ref: the selection row's
 * reference when the polymorph has no row (then no Tc). */
static void add_polymorph(const lmds_route_model *m, const char *el, const char *name, const char *fallback_ref,
                          lmds_route_answer *a)
{
    for (int i = 0; i < a->nforms; i++)
        if (strcmp(a->forms[i].name, name) == 0) return; /* listed by another matching row */
    lmds_route_form *f = rt_form_add(a, name);
    if (!f) return;
    const rt_table *t = &m->poly;
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(rt_get(t, r, "element"), el) || strcmp(rt_get(t, r, "polymorph"), name)) continue;
        snprintf(f->structure, sizeof f->structure, "%s", rt_get(t, r, "structure"));
        f->tc_K = rt_num(t, r, "Tc_K");
        f->melting_K = rt_num(t, r, "melting_K");
        snprintf(f->verification, sizeof f->verification, "%s", rt_get(t, r, "verification"));
        snprintf(f->reference, sizeof f->reference, "polymorphs.csv:%d: %s", t->line[r], rt_get(t, r, "reference"));
        return;
    }
    snprintf(f->reference, sizeof f->reference, "no row in polymorphs.csv (selection: %s)", fallback_ref);
}

/* "beta;gamma;delta" -> three forms. */
static void add_polymorph_list(const lmds_route_model *m, const char *el, const char *list, const char *ref,
                               lmds_route_answer *a)
{
    char buf[128], *save = NULL;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *w = strtok_r(buf, ";", &save); w; w = strtok_r(NULL, ";", &save)) add_polymorph(m, el, w, ref, a);
}

/* The stable polymorph at ambient pressure: metastable "no" and 0 GPa inside its pressure window. */
static int stable_polymorph(const lmds_route_model *m, const char *el)
{
    const rt_table *t = &m->poly;
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(rt_get(t, r, "element"), el) || strcmp(rt_get(t, r, "metastable"), "no")) continue;
        double lo = rt_num(t, r, "stable_P_min_GPa"), hi = rt_num(t, r, "stable_P_max_GPa");
        if ((isnan(lo) || lo <= 0) && (isnan(hi) || hi > 0) && !isnan(rt_num(t, r, "Tc_K"))) return r;
    }
    return -1;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Selection                                                                                                   */
/* ---------------------------------------------------------------------------------------------------------- */

static const char *selection_route(lmds_route_kind k)
{
    switch (k) {
    case LMDS_ROUTE_DROPLET: return "droplet";
    case LMDS_ROUTE_FILM: return "film";
    case LMDS_ROUTE_CONFINED: return "confined";
    case LMDS_ROUTE_WIRE: return "wire";
    case LMDS_ROUTE_2D: return "2D";
    case LMDS_ROUTE_AMORPHOUS: return "quench-condensed";
    default: return "bulk";
    }
}

static int sized(const rt_table *t, int r)
{
    return !isnan(rt_num(t, r, "size_min_nm")) || !isnan(rt_num(t, r, "size_max_nm"));
}

/* Take row r as (one of) the selection(s): its polymorphs become forms. */
static void take_row(const lmds_route_model *m, const char *el, int r, lmds_route_answer *a)
{
    const rt_table *t = &m->select;
    char ref[512];
    snprintf(ref, sizeof ref, "polymorph_selection.csv:%d: %s [%s]", t->line[r], rt_get(t, r, "reference"),
             rt_get(t, r, "verification"));
    if (!a->selection[0]) {
        snprintf(a->selection, sizeof a->selection, "%s", rt_get(t, r, "condition"));
        snprintf(a->confidence, sizeof a->confidence, "%s", rt_get(t, r, "confidence"));
        snprintf(a->selection_ref, sizeof a->selection_ref, "%s", ref);
    } else {
        size_t n = strlen(a->selection);
        snprintf(a->selection + n, sizeof a->selection - n, "; %s", rt_get(t, r, "condition"));
        /* Several rows together are only as sure as the least sure of them. */
        static const char *const rank[] = {"low", "medium", "high"};
        int have = 3, row = 3;
        for (int i = 0; i < 3; i++) {
            if (!strcmp(a->confidence, rank[i])) have = i;
            if (!strcmp(rt_get(t, r, "confidence"), rank[i])) row = i;
        }
        if (row < have) snprintf(a->confidence, sizeof a->confidence, "%s", rank[row]);
    }
    a->known = 1;
    add_polymorph_list(m, el, rt_get(t, r, "polymorph"), ref, a);
}

/* No sourced row at this size: the nearest sized rows below and above give the bracket and the candidate forms. */
static void bracket(const lmds_route_model *m, const char *el, const char *route, double s, lmds_route_answer *a)
{
    const rt_table *t = &m->select;
    int below = -1, above = -1;
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(rt_get(t, r, "element"), el) || strcmp(rt_get(t, r, "route"), route) || !sized(t, r)) continue;
        double lo = rt_num(t, r, "size_min_nm"), hi = rt_num(t, r, "size_max_nm");
        double top = isnan(hi) ? lo : hi, bot = isnan(lo) ? hi : lo;
        if (top < s && (below < 0 || top > a->bracket_lo_nm)) below = r, a->bracket_lo_nm = top;
        if (bot > s && (above < 0 || bot < a->bracket_hi_nm)) above = r, a->bracket_hi_nm = bot;
    }
    a->known = 0;
    snprintf(a->confidence, sizeof a->confidence, "none");
    char lo[96] = "no sourced size below", hi[96] = "no sourced size above";
    if (below >= 0) snprintf(lo, sizeof lo, "%g nm (%s)", a->bracket_lo_nm, rt_get(t, below, "polymorph"));
    if (above >= 0) snprintf(hi, sizeof hi, "%g nm (%s)", a->bracket_hi_nm, rt_get(t, above, "polymorph"));
    snprintf(a->selection, sizeof a->selection, "polymorph unknown: no source at %g nm; bracket %s to %s", s, lo, hi);
    for (int k = 0; k < 2; k++) {
        int r = k ? above : below;
        if (r < 0) continue;
        char ref[512];
        snprintf(ref, sizeof ref, "polymorph_selection.csv:%d: %s", t->line[r], rt_get(t, r, "reference"));
        add_polymorph_list(m, el, rt_get(t, r, "polymorph"), ref, a);
    }
}

/* The selection rows of el by this route. Returns the number of rows of the route (0: none). */
static int select_forms(const lmds_route_model *m, const char *el, const lmds_route *rt, lmds_route_answer *a)
{
    const rt_table *t = &m->select;
    const char *route = selection_route(rt->kind);
    int nroute = 0, nsized = 0, first_unsized = -1;
    double s = rt->size_nm;
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(rt_get(t, r, "element"), el) || strcmp(rt_get(t, r, "route"), route)) continue;
        nroute++;
        if (!sized(t, r)) {
            /* A named medium or substrate selects the rows whose condition names it. */
            if (rt->medium[0] && !rt_contains(rt_get(t, r, "condition"), rt->medium)) continue;
            if (first_unsized < 0) first_unsized = r;
            continue;
        }
        nsized++;
        double lo = rt_num(t, r, "size_min_nm"), hi = rt_num(t, r, "size_max_nm");
        if (s > 0 && (isnan(lo) || s >= lo) && (isnan(hi) || s <= hi)) take_row(m, el, r, a);
        else if (rt->kind == LMDS_ROUTE_BULK && isnan(hi)) take_row(m, el, r, a); /* "this size and larger" */
        else if (rt->medium[0] && rt_contains(rt_get(t, r, "condition"), rt->medium)) take_row(m, el, r, a);
    }
    if (!a->known && s > 0 && nsized > 0) bracket(m, el, route, s, a);
    else if (!a->known && first_unsized >= 0) {
        take_row(m, el, first_unsized, a);
        if (s > 0 && nsized == 0) {
            size_t n = strlen(a->selection);
            snprintf(a->selection + n, sizeof a->selection - n, " (the source states no size)");
        }
    }
    return nroute;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Undercooling, storage, connectivity                                                                         */
/* ---------------------------------------------------------------------------------------------------------- */

/* A liquid of size s reaches at least as deep as any measured sample of size >= s (smaller volumes hold fewer
 * heterogeneous nuclei: D. Turnbull, J. Appl. Phys. 21, 1022 (1950)). A metastable form can only nucleate from a
 * liquid below its own melting point; a form the liquid cannot reach is dropped. */
static void undercooling(const lmds_route_model *m, const char *el, double s, lmds_route_answer *a)
{
    const rt_table *t = &m->under;
    int best = -1;
    for (int r = 0; r < t->nrows; r++) {
        double size = rt_num(t, r, "size_nm"), low = rt_num(t, r, "lowest_liquid_T_K");
        if (strcmp(rt_get(t, r, "material"), el) || isnan(size) || isnan(low) || size < s) continue;
        if (best < 0 || low < a->lowest_liquid_K) best = r, a->lowest_liquid_K = low;
    }
    if (best < 0) {
        snprintf(a->undercooling, sizeof a->undercooling, "no undercooling measured on %s samples of %g nm or "
                 "larger", el, s);
        return;
    }
    int n = snprintf(a->undercooling, sizeof a->undercooling, "liquid reaches %g K at %g nm (undercooling.csv:%d, "
                     "%s)", a->lowest_liquid_K, rt_num(t, best, "size_nm"), t->line[best], rt_get(t, best, "method"));
    for (int i = 0; i < a->nforms && n > 0 && (size_t)n < sizeof a->undercooling; i++) {
        const lmds_route_form *f = &a->forms[i];
        if (isnan(f->melting_K)) continue;
        n += snprintf(a->undercooling + n, sizeof a->undercooling - (size_t)n, "; %s melts at %g K: %s", f->name,
                      f->melting_K, a->lowest_liquid_K < f->melting_K ? "reachable" : "NOT reachable");
    }
}

static void note_add(lmds_route_answer *a, const char *fmt, const char *s1, double v)
{
    size_t n = strlen(a->note);
    if (n + 3 >= sizeof a->note) return;
    if (n) n += (size_t)snprintf(a->note + n, sizeof a->note - n, "; ");
    snprintf(a->note + n, sizeof a->note - n, fmt, s1, v);
}

/* Forms that melt below the storage temperature are liquid in storage (beta-Ga melts at 256.8 K). */
static void storage(lmds_route_answer *a)
{
    for (int i = 0; i < a->nforms; i++)
        if (!isnan(a->forms[i].melting_K) && a->forms[i].melting_K < a->T_store_K)
            note_add(a, "%s melts at %g K: liquid in storage, refrozen by the route on cooling", a->forms[i].name,
                     a->forms[i].melting_K);
}

/* Highest and range of the forms' Tc. */
static void summarise(lmds_route_answer *a)
{
    a->tc_K = a->tc_lo_K = a->tc_hi_K = NAN;
    for (int i = 0; i < a->nforms; i++) {
        const lmds_route_form *f = &a->forms[i];
        if (isnan(f->tc_K)) continue;
        double lo = f->tc_K - f->tc_err_K, hi = f->tc_K + f->tc_err_K;
        if (isnan(a->tc_K) || f->tc_K > a->tc_K) a->tc_K = f->tc_K;
        if (isnan(a->tc_lo_K) || lo < a->tc_lo_K) a->tc_lo_K = lo;
        if (isnan(a->tc_hi_K) || hi > a->tc_hi_K) a->tc_hi_K = hi;
    }
}

lmds_status lmds_route_connectivity(const lmds_route_model *m, const char *microstructure, double volume_fraction,
                                    double *threshold, int *dimension, int *zero_resistance, const char **reference)
{
    if (!m || !microstructure) return lmds_error(LMDS_EINVAL, "lmds_route_connectivity: NULL argument");
    if (!(volume_fraction >= 0 && volume_fraction <= 1))
        return lmds_error(LMDS_EINVAL, "connectivity: volume fraction %g outside [0, 1]", volume_fraction);
    const rt_table *t = &m->perc;
    for (int r = 0; r < t->nrows; r++) {
        if (!rt_contains(rt_get(t, r, "microstructure"), microstructure)) continue;
        double th = rt_num(t, r, "threshold");
        int granular = isnan(th); /* the granular array: no volume threshold, Josephson coupling decides */
        if (threshold) *threshold = th;
        if (dimension) *dimension = (int)rt_num(t, r, "dimension");
        if (zero_resistance) *zero_resistance = !granular && volume_fraction >= th;
        if (reference) *reference = rt_get(t, r, "reference");
        return LMDS_OK;
    }
    return lmds_error(LMDS_ENOTFOUND, "connectivity: no microstructure '%s' in %s", microstructure, t->path);
}

/* ---------------------------------------------------------------------------------------------------------- */
/* The answer                                                                                                  */
/* ---------------------------------------------------------------------------------------------------------- */

static lmds_status check_args(const lmds_route_model *m, const char *el, const lmds_route *r, double T_store)
{
    int z;
    if (!m || !el || !r) return lmds_error(LMDS_EINVAL, "route answer: NULL argument");
    if (lmds_element_lookup(el, &z) != LMDS_OK)
        return lmds_error(LMDS_EINVAL, "route answer: '%s' is not an element symbol", el);
    if (!isfinite(r->size_nm) || r->size_nm < 0)
        return lmds_error(LMDS_EINVAL, "route answer: size %g nm (must be finite and >= 0)", r->size_nm);
    if ((unsigned)r->kind > LMDS_ROUTE_AMORPHOUS)
        return lmds_error(LMDS_EINVAL, "route answer: unknown route kind %d", (int)r->kind);
    if (!(isfinite(T_store) && T_store > 0))
        return lmds_error(LMDS_EINVAL, "route answer: storage temperature %g K (must be finite and > 0)", T_store);
    return LMDS_OK;
}

/* Forms by route: selection rows, then the route's own measured data (films, amorphous, 2D, confined media). */
static lmds_status route_forms(const lmds_route_model *m, const char *el, const lmds_route *r, lmds_route_answer *a)
{
    lmds_status st = LMDS_ENODATA;
    if (r->kind == LMDS_ROUTE_FILM && (st = rt_answer_film(m, el, a)) == LMDS_OK) return st;
    if (r->kind == LMDS_ROUTE_AMORPHOUS) return rt_answer_measured(m, el, a);
    select_forms(m, el, r, a);
    if (r->kind == LMDS_ROUTE_2D || (r->kind == LMDS_ROUTE_CONFINED && r->medium[0]))
        st = rt_answer_measured(m, el, a);
    if (r->kind == LMDS_ROUTE_BULK && !a->known) {
        int s = stable_polymorph(m, el);
        if (s >= 0) {
            add_polymorph(m, el, rt_get(&m->poly, s, "polymorph"), "", a);
            a->known = 1;
            snprintf(a->confidence, sizeof a->confidence, "equilibrium");
            snprintf(a->selection, sizeof a->selection, "the stable polymorph at ambient pressure");
        }
    }
    return a->nforms > 0 ? LMDS_OK : st;
}

lmds_status lmds_route_model_answer(const lmds_route_model *m, const char *element, const lmds_route *r,
                                    double T_store_K, lmds_route_answer *out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "route answer: out is NULL");
    memset(out, 0, sizeof *out);
    lmds_status st = check_args(m, element, r, T_store_K);
    if (st) return st;
    lmds_route_answer *a = out;
    snprintf(a->element, sizeof a->element, "%s", element);
    a->route = *r;
    a->T_store_K = T_store_K;
    a->bracket_lo_nm = a->bracket_hi_nm = a->lowest_liquid_K = NAN;
    lmds_error_clear();
    if ((st = route_forms(m, element, r, a)) != LMDS_OK) {
        char spell[64];
        lmds_route_spell(r, spell, sizeof spell);
        memset(out, 0, sizeof *out);
        return st == LMDS_ENODATA ? lmds_error(LMDS_ENODATA, "route %s: no data on %s by this route", spell, element)
                                  : st;
    }
    if (r->kind == LMDS_ROUTE_DROPLET || (r->kind == LMDS_ROUTE_CONFINED && r->size_nm > 0))
        undercooling(m, element, r->size_nm, a);
    if (r->kind == LMDS_ROUTE_DROPLET) {
        const char *ref = NULL;
        a->onset_only = 1;
        if (lmds_route_connectivity(m, "granular array", 0.0, NULL, NULL, NULL, &ref) == LMDS_OK)
            note_add(a, "an ensemble of oxide-skinned droplets is a granular array: onset Tc, zero resistance not "
                        "implied (%s)", ref, 0.0);
        lmds_error_clear();
    }
    storage(a);
    summarise(a);
    return LMDS_OK;
}
