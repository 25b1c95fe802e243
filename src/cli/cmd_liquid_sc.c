/* lmds liquid-sc: can any composition in the genome's reach superconduct while liquid? Per chemical family,
 * the lowest liquidus and the highest predicted Tc, and the gap between them. Parse, run, report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FAMILIES "Ga,In,Sn,Bi,Zn,Pb,Cd,Tl,Hg,Na,K"
#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
#define LIQUID_SC_LIMIT 500000.0 /* candidate evaluations (the default is about 29000) */


static const cli_opt LSC_OPTS[] = {
    {"elements", 'e', CLI_ELEMENTS, "LIST", 1, 24, 0, NULL, "the families (default " FAMILIES ")", NULL},
    {"components-max", 0, CLI_INT, "N", 1, 3, 0, NULL, "elements per alloy (default 3)", NULL},
    {"max-components", 0, CLI_INT, "N", 1, 3, 0, NULL, NULL, "components-max"},
    {"step", 0, CLI_DOUBLE, "AT%", 0.5, 50, 0, NULL, "grid step in at.%, dividing 100 (default 5)", NULL},
    {"routes", 0, CLI_STRING, "LIST", 0, 0, 0, NULL, "routes (default bulk,droplet:15um,confined:5nm)", NULL},
    {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database", NULL},
    {"db", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "genome", NULL},
    {"model", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "learned model", NULL},
    {"no-model", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "no learned Tc", NULL},
    CLI_OPT_FORCE,
    CLI_OPTS_FORMAT,
    END};

static const cli_cmd LIQUID_SC = {
    "liquid-sc", "[options]",
    "Can anything in the genome's reach superconduct while it is liquid? For every alloy system of the\n"
    "liquid-metal families that the thermodynamic database covers, up to N elements, on a grid of --step at.%,\n"
    "the pipeline of `lmds predict` gives each composition's liquidus, solidus and the Tc of what it freezes into,\n"
    "by every route. Per family: the lowest liquidus on the grid, the lowest solidus (the family's lowest eutectic:\n"
    "no alloy of the family is liquid below it, so the true lowest liquidus lies between the two), the highest Tc\n"
    "with its route, source and uncertainty, and the gap = lowest liquidus - highest Tc. A superconducting liquid\n"
    "would need a gap below zero. Every Tc here belongs to a solid phase; elements the database does not describe\n"
    "(e.g. Hg) use the element table's melting point. A family where nothing superconducts has blank Tc and gap\n"
    "(JSON null). The work is estimated first and refused above 500000 evaluations unless --force.",
    LSC_OPTS, NULL, 0, 0, "model no-model"};

typedef struct family {
    char name[64];
    double tliq_min, tsol_min, tc_max, tc_unc;
    lmds_comp at_tliq, at_tc;
    char route[64], source[16];
} family;

typedef struct lsc {
    lmds_design_spec s;
    lmds_predictor *pr;
    lmds_design_outcome *out;
    family *fam;
    int nf, ibest;
    double best_gap;
    char routes[256];
} lsc;

static void family_init(family *F)
{
    memset(F, 0, sizeof *F);
    F->tliq_min = F->tsol_min = INFINITY;
    F->tc_max = -1.0;
    F->tc_unc = NAN;
}

/* ------------------------------------------------------------------ parse */

static int lsc_parse(const cli_args *a, lsc *L)
{
    lmds_design_spec *s = &L->s;
    lmds_design_spec_init(s);
    s->max_components = (int)cli_int(a, "components-max", 3);
    static const int families[] = {31, 49, 50, 83, 30, 82, 48, 81, 80, 11, 19}; /* FAMILIES */
    if (cli_has(a, "elements")) s->nelements = cli_elements(a, "elements", s->z, LMDS_DESIGN_MAX_ELEMENTS);
    else memcpy(s->z, families, sizeof families), s->nelements = (int)(sizeof families / sizeof *families);
    snprintf(L->routes, sizeof L->routes, "%s", cli_str(a, "routes", "bulk,droplet:15um,confined:5nm"));
    int rc;
    if ((rc = cli_design_step(a, 5, s)) || (rc = cli_design_routes("liquid-sc", L->routes, s))) return rc;
    /* No constraints: every composition is scored; objectives Tc and liquidus. */
    s->max_liquidus_K = INFINITY;
    s->min_tc_K = 0.0;
    return cli_work_check("liquid-sc", cli_design_estimate(s), LIQUID_SC_LIMIT, "candidate evaluations",
                          cli_has(a, "force"));
}

/* ------------------------------------------------------------------ run */

static void family_of_system(lsc *L, int i)
{
    const lmds_design_system *y = &L->out->systems[i];
    family *F = &L->fam[L->nf++];
    family_init(F);
    for (int k = 0; k < y->n; k++) {
        size_t n = strlen(F->name);
        snprintf(F->name + n, sizeof F->name - n, "%s%s", k ? "-" : "", lmds_element_symbol(y->z[k]));
    }
    for (long j = 0; j < L->out->ncandidates; j++) {
        const lmds_design_candidate *c = &L->out->candidates[j];
        if (c->system != i || isinf(c->violation)) continue;
        if (c->T_liquidus_K < F->tliq_min) F->tliq_min = c->T_liquidus_K, F->at_tliq = c->comp;
        if (c->T_solidus_K < F->tsol_min) F->tsol_min = c->T_solidus_K;
        if (c->tc_K > F->tc_max) {
            F->tc_max = c->tc_K, F->tc_unc = c->uncertainty_K, F->at_tc = c->comp;
            lmds_route_format(&L->s.routes[c->route], F->route, sizeof F->route);
            snprintf(F->source, sizeof F->source, "%s", lmds_tc_source_name(c->tc_source));
        }
    }
}

/* A pure element the database does not describe (e.g. Hg): its liquidus is the melting point of the element
 * table and its Tc the genome's, so that it is not silently left out. */
static void family_of_element(lsc *L, int z)
{
    for (int j = 0; j < L->out->nsystems; j++)
        if (L->out->systems[j].n == 1 && L->out->systems[j].z[0] == z && L->out->systems[j].covered) return;
    double tm, one = 1.0;
    lmds_comp c;
    if (lmds_element_value(z, "melting_point_K", &tm) != LMDS_OK || lmds_comp_from_amounts(1, &z, &one, &c) != LMDS_OK) {
        lmds_error_clear();
        return;
    }
    family *F = &L->fam[L->nf];
    family_init(F);
    snprintf(F->name, sizeof F->name, "%s (melting point, element table)", lmds_element_symbol(z));
    F->tliq_min = F->tsol_min = tm;
    F->at_tliq = F->at_tc = c;
    for (int k = 0; k < L->s.nroutes; k++) {
        lmds_predict_opts po;
        lmds_predict_opts_init(&po);
        po.route = L->s.routes[k];
        po.scheil = 0;
        lmds_prediction r;
        if (lmds_predict(L->pr, 0, &c, &po, &r) != LMDS_OK) {
            lmds_error_clear();
            continue;
        }
        if (r.tc_K > F->tc_max) {
            F->tc_max = r.tc_K, F->tc_unc = r.uncertainty_K;
            lmds_route_format(&L->s.routes[k], F->route, sizeof F->route);
            snprintf(F->source, sizeof F->source, "%s", lmds_tc_source_name(r.tc_source));
        }
    }
    if (F->tc_max >= 0) L->nf++;
}

static int lsc_run(const cli_args *a, lsc *L)
{
    lmds_predictor_opts pro = {0};
    pro.tdb_path = cli_str(a, "tdb", NULL);
    pro.genome_path = cli_str(a, "db", NULL);
    pro.model_path = cli_str(a, "model", NULL);
    pro.no_model = cli_has(a, "no-model");
    lmds_status st = lmds_predictor_new(&pro, &L->pr);
    if (st != LMDS_OK) return cli_fail(st);
    if (*lmds_predictor_notes(L->pr)) fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(L->pr));
    cli_progress_ctx pc = {NULL, "liquid-sc"};
    st = lmds_design_run(L->pr, &L->s, cli_progress_cb, &pc, &L->out);
    cli_progress_ctx_end(&pc);
    if (st != LMDS_OK) return cli_fail(st);
    cli_flush_warnings();
    L->fam = cli_xcalloc((size_t)L->out->nsystems + (size_t)L->s.nelements + 1, sizeof *L->fam);
    for (int i = 0; i < L->out->nsystems; i++)
        if (L->out->systems[i].covered) family_of_system(L, i);
    for (int i = 0; i < L->s.nelements; i++) family_of_element(L, L->s.z[i]);
    /* The gap in kelvin: how far below the lowest liquidus the best Tc sits. */
    L->best_gap = INFINITY;
    L->ibest = -1;
    for (int i = 0; i < L->nf; i++) {
        double g = L->fam[i].tliq_min - L->fam[i].tc_max;
        if (L->fam[i].tc_max >= 0 && isfinite(g) && g < L->best_gap) L->best_gap = g, L->ibest = i;
    }
    return CLI_OK;
}

/* ------------------------------------------------------------------ report */

/* One row per family; Tc, its uncertainty and the gap are blank where nothing superconducts. */
static cli_table *family_table(const lsc *L)
{
    const char *h[] = {"family", "liquidus_min_K", "liquidus_min_at", "solidus_min_K", "Tc_max_K", "uncertainty_K",
                       "Tc_source", "route", "Tc_max_at", "gap_K"};
    cli_table *t = cli_table_new(10, h);
    for (int i = 0; i < L->nf; i++) {
        const family *F = &L->fam[i];
        char at_l[128], at_t[128] = "";
        int ok = F->tc_max >= 0;
        cli_design_comp_label(&F->at_tliq, at_l, sizeof at_l);
        if (ok) cli_design_comp_label(&F->at_tc, at_t, sizeof at_t);
        const char *row[] = {F->name, cli_num_s(F->tliq_min, "%.1f", "lowest liquidus"), at_l,
                             cli_opt_s(F->tsol_min, "%.1f"), ok ? cli_num_s(F->tc_max, "%.2f", "Tc") : "",
                             ok ? cli_opt_s(F->tc_unc, "%.2f") : "", ok ? F->source : "", ok ? F->route : "", at_t,
                             ok ? cli_num_s(F->tliq_min - F->tc_max, "%.1f", "gap") : ""};
        cli_table_add(t, row);
    }
    return t;
}

static int report_json(const lsc *L, cli_table *t)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "families", cli_table_json(t));
    cJSON_AddNumberToObject(root, "systems_not_covered", L->out->nuncovered);
    cli_json_opt(root, "smallest_gap_K", L->best_gap); /* null: nothing superconducts */
    cJSON_AddStringToObject(root, "smallest_gap_family", L->ibest >= 0 ? L->fam[L->ibest].name : "");
    cJSON_AddBoolToObject(root, "liquid_superconductor_predicted", isfinite(L->best_gap) && L->best_gap < 0);
    return cli_json_print(root);
}

static void report_text_tail(const lsc *L)
{
    const lmds_design_outcome *out = L->out;
    if (out->nuncovered) {
        printf("Not included (no thermodynamic description): %d systems", out->nuncovered);
        int shown = 0;
        for (int i = 0; i < out->nsystems && shown < 12; i++)
            if (!out->systems[i].covered && out->systems[i].n <= 2) {
                printf("%s", shown ? ", " : ": ");
                for (int k = 0; k < out->systems[i].n; k++)
                    printf("%s%s", k ? "-" : "", lmds_element_symbol(out->systems[i].z[k]));
                shown++;
            }
        printf("%s.\n", out->nuncovered > shown ? ", ... and their ternaries" : "");
    }
    if (L->ibest >= 0)
        printf("Smallest gap: %s, %.1f K between its lowest liquidus and its highest Tc.\n%s\n", L->fam[L->ibest].name,
               L->best_gap,
               L->best_gap < 0 ? "A Tc above the liquidus is predicted: check the sources before believing it."
                               : "No composition in reach superconducts while liquid: every Tc here belongs to a "
                                 "solid phase and lies\nat least that far below the lowest liquidus (no liquid metal "
                                 "is known to superconduct).");
}

static int lsc_report(const cli_args *a, const lsc *L)
{
    cli_format fmt = cli_args_format(a);
    cli_table *t = family_table(L);
    int rc;
    if (fmt == CLI_FMT_JSON) {
        rc = report_json(L, t);
    } else if (fmt == CLI_FMT_CSV) {
        rc = cli_table_print(t, stdout, fmt);
    } else {
        printf("Per family (alloy system): lowest liquidus on a %g at.%% grid, lowest solidus (the family's lowest "
               "eutectic),\nhighest Tc by any route (%s), gap = lowest liquidus - highest Tc.\n",
               100.0 / L->s.grid_divisions, L->routes);
        rc = cli_table_print(t, stdout, fmt);
        if (rc == CLI_OK) report_text_tail(L);
    }
    cli_table_free(t);
    return rc;
}

int cli_cmd_liquid_sc(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&LIQUID_SC, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    lsc L;
    memset(&L, 0, sizeof L);
    if ((rc = lsc_parse(a, &L)) == CLI_OK && (rc = lsc_run(a, &L)) == CLI_OK) rc = lsc_report(a, &L);
    free(L.fam);
    lmds_design_outcome_free(L.out);
    lmds_predictor_free(L.pr);
    cli_args_free(a);
    return rc;
}
