/* The forward pipeline, its options and the predictor (what it reads). The steps live in their own files:
 *   state.c          composition -> liquidus, solidus, the phases present in the state as stored (thermo);
 *   phase_id.c       each phase -> compound / solution / element / unidentified, by composition and structure;
 *   phase_tc.c       Tc of the phase at ambient pressure (element, dilute slope, genome Tc(x), compound lookup);
 *   genome_tc.c      the genome lookups, Allen-Dynes on the genome's coupling constants, the learned model;
 *   phase_pressure.c the phase under pressure (pressure-induced phases, measured values, EOS scaling);
 *   route.c          the route hook (film, droplet, confined);
 *   material.c       the material's Tc by the percolation rule. */
#include "design/design_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---------------------------------------------------------------------------------------------------------- */
/* Routes and sources                                                                                          */
/* ---------------------------------------------------------------------------------------------------------- */

const char *lmds_tc_source_name(lmds_tc_source s)
{
    switch (s) {
    case LMDS_TC_SRC_GENOME: return "genome";
    case LMDS_TC_SRC_PHYSICS: return "physics";
    case LMDS_TC_SRC_LEARNED: return "learned";
    case LMDS_TC_SRC_TCX: return "genome Tc(x)";
    case LMDS_TC_SRC_DILUTE: return "dilute slope";
    default: return "none";
    }
}

lmds_status lmds_route_parse(const char *text, lmds_route *out)
{
    return lmds_route_read(text, out); /* one route grammar (route_parse.c) */
}

void lmds_route_format(const lmds_route *r, char *buf, size_t n)
{
    static const char *names[] = {"bulk", "film", "droplet", "confined"};
    if (r->kind == LMDS_ROUTE_BULK) {
        snprintf(buf, n, "bulk");
        return;
    }
    if (r->kind != LMDS_ROUTE_FILM && r->kind != LMDS_ROUTE_DROPLET &&
        (r->kind != LMDS_ROUTE_CONFINED || r->medium[0])) {
        lmds_route_spell(r, buf, n); /* wire, 2D, amorphous, confined in a named medium */
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
    o->T_store_K = 298.15;
    o->quench = 0;
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
    p->thermo_one_shot = o->thermo_one_shot != 0;
    lmds_status st = o->tdb_path ? lmds_tdb_load(o->tdb_path, &p->tdb) : lmds_tdb_load_default(&p->tdb);
    if (st != LMDS_OK)
        goto fail;
    for (int t = 0; t < p->nthreads; t++) {
        st = lmds_genome_open(o->genome_path, 1, &p->threads[t].genome);
        if (st != LMDS_OK)
            goto fail;
    }
    st = design_tables_load(&p->tab);
    if (st != LMDS_OK)
        goto fail;
    if (lmds_route_model_load(NULL, NULL, &p->routes) != LMDS_OK) {
        add_note(p, "route data not loaded", lmds_errmsg());
        lmds_error_clear();
    }
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
    design_thermo_ws_clear(p);
    free(p->threads);
    lmds_tdb_free(p->tdb);
    lmds_learn_model_free(p->model);
    lmds_route_model_free(p->routes);
    design_tables_clear(&p->tab);
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
    if (!(opts->T_store_K > 0) || !isfinite(opts->T_store_K))
        return lmds_error(LMDS_EINVAL, "storage temperature %g K: must be > 0", opts->T_store_K);
    lmds_prediction r;
    lmds_status st = design_thermo(p, thread, c, opts, &r, INFINITY);
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
