/* lmds design: inverse design over compositions and routes. With no flags it answers the README's question:
 * a superconductor at 4.2 K printable from a melt at 60 C, without Pb, Cd or Hg -- which alloy, which route?
 * Three steps: parse (the option table into a design spec), run (the search, then the full pipeline on the best
 * alloy of every system and route), report (table, JSON, CSV, SVG). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_mpi.h"

#define FAMILIES "Ga,In,Sn,Bi,Zn,Pb,Cd,Tl,Hg,Na,K"
#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
/* Work limit: candidate evaluations estimated before the search (the default question is about 42000; the
 * search runs at roughly 2000 evaluations per second on 2 cores, and most systems are skipped as uncovered). */
#define DESIGN_LIMIT 500000.0

static const cli_opt DESIGN_OPTS[] = {
    {"liquidus-max-C", 0, CLI_DOUBLE, "C", -273.15, 3000, CLI_NONE_OK, NULL,
     "printing temperature limit (default 60; 'none' for no limit)", NULL},
    {"max-liquidus-C", 0, CLI_DOUBLE, "C", -273.15, 3000, CLI_NONE_OK, NULL, NULL, "liquidus-max-C"},
    {"tc-min", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, "required Tc (default 4.2)", NULL},
    {"min-tc", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, NULL, "tc-min"},
    {"exclude", 0, CLI_ELEMENTS, "LIST", 1, 24, CLI_NONE_OK, NULL, "elements to leave out (default Pb,Cd,Hg,Tl; 'none')",
     NULL},
    {"add", 0, CLI_ELEMENTS, "LIST", 1, 24, 0, NULL, "solutes to add to the pool (e.g. Nb,Mo,V,Pd)", NULL},
    {"elements", 'e', CLI_ELEMENTS, "LIST", 1, 24, 0, NULL, "the pool itself instead of the families", NULL},
    {"components-max", 0, CLI_INT, "N", 1, 16, 0, NULL, "largest number of elements per alloy (default 3)", NULL},
    {"max-components", 0, CLI_INT, "N", 1, 16, 0, NULL, NULL, "components-max"},
    {"step", 0, CLI_DOUBLE, "AT%", 0.1, 50, 0, NULL, "grid step in at.%, dividing 100 (default 2)", NULL},
    {"routes", 0, CLI_STRING, "LIST", 0, 0, 0, NULL, "routes: bulk, film:100nm, droplet:15um, confined:3.5nm", NULL},
    {"objective", 0, CLI_STRING, "O", 0, 0, CLI_REPEAT, NULL,
     "tc, liquidus or margin; repeat or comma-join for a Pareto front (default tc,liquidus)", NULL},
    {"P", 0, CLI_DOUBLE, "GPa", 0, 500, 0, NULL, "pressure (default 0)", NULL},
    {"store-at", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, "storage temperature of the state whose Tc counts "
     "(default 298 K)", NULL},
    {"quench", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "the phases as frozen instead of as stored", NULL},
    {"population", 0, CLI_INT, "N", 4, 100000, 0, NULL, "NSGA-II population, even (default 64)", NULL},
    {"generations", 0, CLI_INT, "N", 0, 100000, 0, NULL, "NSGA-II generations (default 60)", NULL},
    {"seed", 0, CLI_INT, "S", 0, 4294967295.0, 0, NULL, "NSGA-II seed (default 20240601)", NULL},
    {"top", 0, CLI_INT, "N", 1, 1000000, 0, NULL, "rows to print (default 10)", NULL},
    {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database", NULL},
    {"db", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "genome", NULL},
    {"model", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "learned model", NULL},
    {"no-model", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "no learned Tc", NULL},
    {"svg", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "Pareto front plot (Tc vs liquidus)", NULL},
    CLI_OPT_FORCE,
    CLI_OPTS_FORMAT,
    END};

static const cli_cmd DESIGN = {
    "design", "[options]",
    "Search alloys of the liquid-metal families (" FAMILIES ", plus --add solutes) for ones that print from a\n"
    "melt below --liquidus-max-C and superconduct above --tc-min. With no options: liquidus <= 60 C,\n"
    "Tc >= 4.2 K, without Pb, Cd, Hg and Tl (Tl is more toxic than any of the three); routes bulk, film 100 nm,\n"
    "droplet 15 um; objectives tc and liquidus (Pareto front).\n\n"
    "Every alloy system of 1..N elements (default 3) that the thermodynamic database covers is searched:\n"
    "exhaustively on a composition grid (every component present, step --step at.%) for up to 3 elements, by\n"
    "NSGA-II (seeded, deterministic) beyond. Each candidate goes through the pipeline of `lmds predict`. Systems\n"
    "the database does not cover are listed, not guessed. The number of candidate evaluations is estimated first\n"
    "and the search refused above 500000 unless --force; a terminal shows progress. Runs on all OpenMP threads;\n"
    "under `mpirun -n N lmds design ...` the candidates are split across ranks with an identical answer.\n"
    "There is no cost objective: lmds ships no sourced element prices.\n"
    "--csv: the best alloy of every system and route; --json: also the ranking, the Pareto front and the full\n"
    "prediction of each best alloy.",
    DESIGN_OPTS, NULL, 0, 0, NULL};

/* "Ga62In28Sn10" (at.%) for people. */
void cli_design_comp_label(const lmds_comp *c, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int k = 0; k < c->n; k++) {
        size_t L = strlen(buf);
        double pct = 100.0 * c->x[k];
        if (fabs(pct - round(pct)) < 0.05)
            snprintf(buf + L, n - L, "%s%.0f", lmds_element_symbol(c->z[k]), pct);
        else
            snprintf(buf + L, n - L, "%s%.1f", lmds_element_symbol(c->z[k]), pct);
    }
    if (c->n == 1)
        snprintf(buf, n, "%s", lmds_element_symbol(c->z[0]));
}

static void route_name(const lmds_design_spec *s, int k, char *buf, size_t n)
{
    if (k >= 0 && k < s->nroutes)
        lmds_route_format(&s->routes[k], buf, n);
    else
        snprintf(buf, n, "-");
}

static cJSON *cand_json(const lmds_design_spec *s, const lmds_design_candidate *c, long rank)
{
    cJSON *o = cJSON_CreateObject();
    char lab[128], f[64], route[64];
    cli_design_comp_label(&c->comp, lab, sizeof lab);
    lmds_comp_formula(&c->comp, f, sizeof f);
    route_name(s, c->route, route, sizeof route);
    cJSON_AddNumberToObject(o, "rank", (double)rank + 1);
    cJSON_AddStringToObject(o, "alloy_at_pct", lab);
    cJSON_AddStringToObject(o, "chemical_formula_reduced", f);
    cJSON *xs = cJSON_AddObjectToObject(o, "composition");
    for (int k = 0; k < c->comp.n; k++)
        cli_json_num(xs, lmds_element_symbol(c->comp.z[k]), c->comp.x[k]);
    cli_json_opt(o, "T_liquidus_K", c->T_liquidus_K); /* null: not computed (the candidate failed a check first) */
    cli_json_opt(o, "T_solidus_K", c->T_solidus_K);
    cli_json_opt(o, "Tc_K", c->tc_K);
    cli_json_opt(o, "uncertainty_K", c->uncertainty_K);
    cJSON_AddStringToObject(o, "Tc_source", lmds_tc_source_name(c->tc_source));
    cJSON_AddStringToObject(o, "route", route);
    cJSON *br = cJSON_AddObjectToObject(o, "Tc_by_route_K");
    for (int k = 0; k < s->nroutes; k++) {
        char rn[64];
        route_name(s, k, rn, sizeof rn);
        cli_json_opt(br, rn, c->tc_route_K[k]);
    }
    cJSON_AddBoolToObject(o, "feasible", c->violation == 0.0);
    cJSON_AddNumberToObject(o, "front", c->front);
    return o;
}

void cli_design_print_prediction(const lmds_prediction *r)
{
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        char tc[64], ref[112];
        if (p->tc_is_bound && p->uncertainty_K > 0)
            snprintf(tc, sizeof tc, "Tc < %.2g K", p->uncertainty_K);
        else if (p->tc_is_bound)
            snprintf(tc, sizeof tc, "no Tc reported");
        else
            snprintf(tc, sizeof tc, "Tc %.2f +- %.2f K", p->tc_route_K, p->uncertainty_K);
        cli_predict_short_ref(p->reference, ref, sizeof ref);
        printf("    %-15s = %-11s (%s) %5.1f vol%% %-12s %-18s [%s: %s]\n", p->phase, p->compound, p->formula,
               100 * p->volume_fraction, p->percolates ? "percolating" : "isolated", tc,
               lmds_tc_source_name(p->source), ref);
        if (p->route_note[0])
            printf("    %-15s   route: %s\n", "", p->route_note);
    }
}

/* The best alloy of one system for one route. */
typedef struct sys_route {
    long cand;  /* index into the ranked candidates */
    int route;
    double tc, tliq;
    lmds_prediction pred;
    int have_pred;
} sys_route;

static int comp_has(const lmds_comp *c, int z)
{
    for (int k = 0; k < c->n; k++)
        if (c->z[k] == z && c->x[k] > 0)
            return 1;
    return 0;
}

static void system_name(const lmds_design_system *y, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int k = 0; k < y->n; k++) {
        size_t L = strlen(buf);
        snprintf(buf + L, n - L, "%s%s", k ? "-" : "", lmds_element_symbol(y->z[k]));
    }
}

static void carrier(const lmds_prediction *r, char *buf, size_t n)
{
    if (r->tc_phase >= 0)
        snprintf(buf, n, "%s = %s (%.0f vol%%)", r->phases[r->tc_phase].phase, r->phases[r->tc_phase].compound,
                 100 * r->phases[r->tc_phase].volume_fraction);
    else
        snprintf(buf, n, "-");
}

/* ------------------------------------------------------------------ shared with liquid-sc */

int cli_design_routes(const char *cmd, const char *list, lmds_design_spec *s)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    s->nroutes = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (s->nroutes >= LMDS_DESIGN_MAX_ROUTES) return cli_usage(cmd, "--routes: at most %d", LMDS_DESIGN_MAX_ROUTES);
        if (lmds_route_parse(tok, &s->routes[s->nroutes]) != LMDS_OK) return cli_usage(cmd, "--routes: %s", lmds_errmsg());
        s->nroutes++;
    }
    return s->nroutes ? CLI_OK : cli_usage(cmd, "--routes: empty list");
}

int cli_design_step(const cli_args *a, double dflt, lmds_design_spec *s)
{
    double d = cli_num(a, "step", dflt);
    if (fabs(100.0 / d - round(100.0 / d)) > 1e-6)
        return cli_usage(cli_args_cmd(a), "--step %g: an at.%% step that divides 100 (e.g. 1, 2, 2.5, 5)", d);
    s->grid_divisions = (int)round(100.0 / d);
    return CLI_OK;
}

static double choose(int n, int k)
{
    double c = 1;
    for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
    return k < 0 || k > n ? 0 : c;
}

/* Candidate evaluations before coverage: every system of k elements from the pool has C(N-1, k-1) grid points
 * with every component present (k <= 3), or population x (generations + 1) NSGA-II evaluations (k > 3). */
double cli_design_estimate(const lmds_design_spec *s)
{
    double e = 0;
    for (int k = 1; k <= s->max_components && k <= s->nelements; k++)
        e += choose(s->nelements, k) * (k <= 3 ? choose(s->grid_divisions - 1, k - 1)
                                               : (double)s->nsga2.population * (s->nsga2.generations + 1));
    return e;
}

/* ------------------------------------------------------------------ parse */

typedef struct design_req {
    lmds_design_spec s;
    lmds_predictor_opts pro;
    long top;
    int excl[LMDS_DESIGN_MAX_ELEMENTS], nexcl;
} design_req;

static int parse_objectives(const cli_args *a, lmds_design_spec *s)
{
    const char *vals[CLI_MAX_REPEAT];
    int nv = cli_repeat(a, "objective", vals, CLI_MAX_REPEAT), nobj = 0;
    for (int v = 0; v < nv; v++) {
        char buf[256], *save = NULL;
        snprintf(buf, sizeof buf, "%s", vals[v]);
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (!strcmp(tok, "cost"))
                return cli_usage("design", "--objective cost is not offered: lmds ships no sourced element prices");
            if (nobj >= LMDS_DESIGN_MAX_OBJ) return cli_usage("design", "--objective: at most %d", LMDS_DESIGN_MAX_OBJ);
            if (lmds_objective_parse(tok, &s->obj[nobj]) != LMDS_OK)
                return cli_usage("design", "--objective: %s", lmds_errmsg());
            for (int j = 0; j < nobj; j++)
                if (s->obj[j] == s->obj[nobj]) return cli_usage("design", "--objective: '%s' given twice", tok);
            nobj++;
        }
    }
    if (nobj) s->nobj = nobj;
    return CLI_OK;
}

/* Pool = families (or --elements) + --add - --exclude, without duplicates, in the order given. */
static int parse_pool(const cli_args *a, design_req *q)
{
    int pool[LMDS_DESIGN_MAX_ELEMENTS], npool = 0, add[LMDS_DESIGN_MAX_ELEMENTS];
    static const int families[] = {31, 49, 50, 83, 30, 82, 48, 81, 80, 11, 19}; /* FAMILIES */
    static const int dflt_excl[] = {82, 48, 80, 81};                              /* Pb, Cd, Hg, Tl */
    if (cli_has(a, "elements")) npool = cli_elements(a, "elements", pool, LMDS_DESIGN_MAX_ELEMENTS);
    else memcpy(pool, families, sizeof families), npool = (int)(sizeof families / sizeof *families);
    if (cli_has(a, "exclude")) q->nexcl = cli_elements(a, "exclude", q->excl, LMDS_DESIGN_MAX_ELEMENTS);
    else memcpy(q->excl, dflt_excl, sizeof dflt_excl), q->nexcl = 4;
    int nadd = cli_elements(a, "add", add, LMDS_DESIGN_MAX_ELEMENTS);
    lmds_design_spec *s = &q->s;
    s->nelements = 0;
    for (int pass = 0; pass < 2; pass++) {
        const int *src = pass ? add : pool;
        for (int i = 0; i < (pass ? nadd : npool); i++) {
            int skip = 0;
            for (int j = 0; j < q->nexcl; j++) skip |= q->excl[j] == src[i];
            for (int j = 0; j < s->nelements; j++) skip |= s->z[j] == src[i];
            if (skip) continue;
            if (s->nelements >= LMDS_DESIGN_MAX_ELEMENTS)
                return cli_usage("design", "more than %d elements in the pool", LMDS_DESIGN_MAX_ELEMENTS);
            s->z[s->nelements++] = src[i];
        }
    }
    return s->nelements ? CLI_OK : cli_usage("design", "no elements left in the pool after --exclude");
}

static int design_parse(const cli_args *a, design_req *q)
{
    memset(q, 0, sizeof *q);
    lmds_design_spec *s = &q->s;
    lmds_design_spec_init(s);
    if (cli_opt_none(a, "liquidus-max-C")) s->max_liquidus_K = INFINITY;
    else if (cli_has(a, "liquidus-max-C")) s->max_liquidus_K = cli_num(a, "liquidus-max-C", 60) + LMDS_C_TO_K;
    s->min_tc_K = cli_num(a, "tc-min", s->min_tc_K);
    s->max_components = (int)cli_int(a, "components-max", s->max_components);
    s->P_GPa = cli_num(a, "P", s->P_GPa);
    s->T_store_K = cli_num(a, "store-at", s->T_store_K);
    if (cli_has(a, "quench")) s->quench = 1;
    s->nsga2.population = (int)cli_int(a, "population", s->nsga2.population);
    s->nsga2.generations = (int)cli_int(a, "generations", s->nsga2.generations);
    s->nsga2.seed = (unsigned long)cli_int(a, "seed", (long)s->nsga2.seed);
    if (s->nsga2.population % 2) return cli_usage("design", "--population: an even number");
    q->top = cli_int(a, "top", 10);
    q->pro.tdb_path = cli_str(a, "tdb", NULL);
    q->pro.genome_path = cli_str(a, "db", NULL);
    q->pro.model_path = cli_str(a, "model", NULL);
    q->pro.no_model = cli_has(a, "no-model");
    int rc;
    if (cli_has(a, "step") && (rc = cli_design_step(a, 2, s))) return rc;
    if (cli_has(a, "routes") && (rc = cli_design_routes("design", cli_str(a, "routes", ""), s))) return rc;
    if ((rc = parse_objectives(a, s)) || (rc = parse_pool(a, q))) return rc;
    return cli_work_check("design", cli_design_estimate(s), DESIGN_LIMIT, "candidate evaluations", cli_has(a, "force"));
}

/* ------------------------------------------------------------------ run */

typedef struct design_res {
    lmds_predictor *pr;
    lmds_design_outcome *out;
    cli_mpi mpi;
    int rank, size;
    lmds_prediction best;
    int have_best;
    sys_route *sr;
    long nsr;
    int gains[LMDS_DESIGN_MAX_ROUTES];
    int nsys_ok;
    long nfront;
} design_res;

/* The best candidate and the best alloy of every system and route, each explained by the full pipeline. */
static void design_explain(const design_req *q, design_res *r)
{
    const lmds_design_spec *s = &q->s;
    const lmds_design_outcome *out = r->out;
    lmds_predict_opts po;
    lmds_predict_opts_init(&po);
    po.P_GPa = s->P_GPa;
    po.T_store_K = s->T_store_K;
    po.quench = s->quench;
    po.scheil = 0;
    if (out->ncandidates > 0 && out->candidates[0].violation == 0.0) {
        po.route = s->routes[out->candidates[0].route];
        r->have_best = lmds_predict(r->pr, 0, &out->candidates[0].comp, &po, &r->best) == LMDS_OK;
        lmds_error_clear();
    }
    lmds_design_best *rows = NULL;
    if (lmds_design_best_per_system(s, out, &rows, &r->nsr, r->gains) != LMDS_OK) {
        fprintf(stderr, "lmds: warning: best alloy per system: %s\n", lmds_errmsg());
        lmds_error_clear();
    }
    r->sr = cli_xcalloc((size_t)r->nsr + 1, sizeof *r->sr);
    for (long i = 0; i < r->nsr; i++) {
        r->sr[i].cand = rows[i].candidate;
        r->sr[i].route = rows[i].route;
        r->sr[i].tc = rows[i].tc_K;
        r->sr[i].tliq = rows[i].T_liquidus_K;
    }
    lmds_design_best_free(rows);
    for (long i = 0; i < r->nsr && i < q->top; i++) {
        po.route = s->routes[r->sr[i].route];
        r->sr[i].have_pred = lmds_predict(r->pr, 0, &out->candidates[r->sr[i].cand].comp, &po, &r->sr[i].pred) == LMDS_OK;
        lmds_error_clear();
    }
    for (long i = 0; i < out->ncandidates; i++)
        r->nfront += out->candidates[i].violation == 0.0 && out->candidates[i].front == 0;
    for (int i = 0; i < out->nsystems; i++) {
        int ok = 0;
        for (long j = 0; j < r->nsr; j++) ok |= out->candidates[r->sr[j].cand].system == i;
        r->nsys_ok += ok;
    }
}

static void design_free(design_res *r)
{
    free(r->sr);
    lmds_design_outcome_free(r->out);
    lmds_predictor_free(r->pr);
    cli_mpi_end(&r->mpi);
}

/* Returns CLI_OK with r filled on rank 0; on other ranks r->rank != 0 and nothing is to be printed. */
static int design_run(const design_req *q, design_res *r, int *argc, char ***argv)
{
    memset(r, 0, sizeof *r);
    r->size = 1;
    lmds_status st = cli_mpi_start(argc, argv, &r->mpi);
    if (st != LMDS_OK) return cli_fail(st);
    r->rank = r->mpi.rank, r->size = r->mpi.size;
    cli_input_declare(q->pro.tdb_path), cli_input_declare(q->pro.genome_path), cli_input_declare(q->pro.model_path);
    st = lmds_predictor_new(&q->pro, &r->pr);
    if (st == LMDS_OK) {
        if (r->rank == 0 && *lmds_predictor_notes(r->pr)) fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(r->pr));
        cli_progress_ctx pc = {NULL, "design"};
        lmds_design_spec s = q->s;
        s.mpi_comm = r->mpi.comm;
        st = lmds_design_run(r->pr, &s, r->rank == 0 ? cli_progress_cb : NULL, &pc, &r->out);
        cli_progress_ctx_end(&pc);
    }
    if (st != LMDS_OK) {
        int rc = r->rank == 0 ? cli_fail(st) : CLI_BAD_INPUT;
        design_free(r);
        return rc;
    }
    if (r->rank == 0) {
        cli_flush_warnings();
        design_explain(q, r);
    }
    return CLI_OK;
}

/* ------------------------------------------------------------------ report */

static void pool_strings(const design_req *q, char *pool_s, size_t np, char *excl_s, size_t ne)
{
    pool_s[0] = excl_s[0] = '\0';
    for (int i = 0; i < q->s.nelements; i++) {
        size_t L = strlen(pool_s);
        snprintf(pool_s + L, np - L, "%s%s", i ? "," : "", lmds_element_symbol(q->s.z[i]));
    }
    for (int i = 0; i < q->nexcl; i++) {
        size_t L = strlen(excl_s);
        snprintf(excl_s + L, ne - L, "%s%s", i ? "," : "", lmds_element_symbol(q->excl[i]));
    }
}

static cJSON *question_json(const design_req *q)
{
    const lmds_design_spec *s = &q->s;
    char pool_s[256], excl_s[128];
    pool_strings(q, pool_s, sizeof pool_s, excl_s, sizeof excl_s);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "elements", pool_s);
    cJSON_AddStringToObject(o, "excluded", excl_s);
    cli_json_opt(o, "max_liquidus_K", s->max_liquidus_K); /* null: no limit */
    cJSON_AddNumberToObject(o, "min_tc_K", s->min_tc_K);
    cJSON_AddNumberToObject(o, "max_components", s->max_components);
    cJSON_AddNumberToObject(o, "grid_step_at_pct", 100.0 / s->grid_divisions);
    cJSON_AddNumberToObject(o, "P_GPa", s->P_GPa);
    cJSON_AddNumberToObject(o, "T_store_K", s->T_store_K);
    cJSON_AddBoolToObject(o, "quench", s->quench);
    cJSON *ro = cJSON_AddArrayToObject(o, "routes");
    for (int k = 0; k < s->nroutes; k++) {
        char rb[64];
        lmds_route_format(&s->routes[k], rb, sizeof rb);
        cJSON_AddItemToArray(ro, cJSON_CreateString(rb));
    }
    cJSON *ob = cJSON_AddArrayToObject(o, "objectives");
    for (int j = 0; j < s->nobj; j++) cJSON_AddItemToArray(ob, cJSON_CreateString(lmds_objective_name(s->obj[j])));
    return o;
}

static int report_json(const design_req *q, const design_res *r)
{
    const lmds_design_spec *s = &q->s;
    const lmds_design_outcome *out = r->out;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "question", question_json(q));
    cJSON_AddNumberToObject(o, "systems", out->nsystems);
    cJSON *unc = cJSON_AddArrayToObject(o, "systems_not_covered");
    for (int i = 0; i < out->nsystems; i++)
        if (!out->systems[i].covered) {
            char sy[64];
            system_name(&out->systems[i], sy, sizeof sy);
            cJSON_AddItemToArray(unc, cJSON_CreateString(sy));
        }
    cJSON_AddNumberToObject(o, "evaluations", (double)out->nevaluations);
    cJSON_AddNumberToObject(o, "feasible", (double)out->nfeasible);
    cJSON_AddNumberToObject(o, "failed", (double)out->nfailed);
    cJSON_AddNumberToObject(o, "systems_with_feasible_alloys", r->nsys_ok);
    cJSON_AddNumberToObject(o, "ranks", r->size);
    cJSON *ranked = cJSON_AddArrayToObject(o, "ranked");
    for (long i = 0; i < out->ncandidates && i < q->top; i++)
        cJSON_AddItemToArray(ranked, cand_json(s, &out->candidates[i], i));
    cJSON *pf = cJSON_AddArrayToObject(o, "pareto_front");
    for (long i = 0; i < out->ncandidates; i++)
        if (out->candidates[i].violation == 0.0 && out->candidates[i].front == 0)
            cJSON_AddItemToArray(pf, cand_json(s, &out->candidates[i], i));
    cJSON *bs = cJSON_AddArrayToObject(o, "best_per_system_route");
    for (long i = 0; i < r->nsr && i < q->top; i++) {
        char sy[64], rn[64];
        system_name(&out->systems[out->candidates[r->sr[i].cand].system], sy, sizeof sy);
        route_name(s, r->sr[i].route, rn, sizeof rn);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "system", sy);
        cJSON_AddStringToObject(e, "route", rn);
        cJSON_AddItemToObject(e, "candidate", cand_json(s, &out->candidates[r->sr[i].cand], r->sr[i].cand));
        if (r->sr[i].have_pred) cJSON_AddItemToObject(e, "prediction", cli_predict_json(&r->sr[i].pred));
        cJSON_AddItemToArray(bs, e);
    }
    cJSON_AddItemToObject(o, "best", r->have_best ? cli_predict_json(&r->best) : cJSON_CreateNull());
    return cli_json_print(o);
}

/* The best alloy of every system and route: the table of the text report and the --csv output. */
static cli_table *best_table(const design_req *q, const design_res *r, int csv)
{
    const char *h[] = {"system", "route", csv ? "alloy_at_pct" : "alloy (at.%)", "liquidus_C", "Tc_K", csv ? "uncertainty_K" : "+-K",
                       csv ? "Tc_source" : "source", csv ? "superconducting_phase" : "superconducting phase"};
    cli_table *t = cli_table_new(8, h);
    for (long i = 0; i < r->nsr && i < q->top; i++) {
        const sys_route *e = &r->sr[i];
        const lmds_design_candidate *c = &r->out->candidates[e->cand];
        char sy[64], rn[64], lab[128], ph[128] = "";
        system_name(&r->out->systems[c->system], sy, sizeof sy);
        route_name(&q->s, e->route, rn, sizeof rn);
        cli_design_comp_label(&c->comp, lab, sizeof lab);
        if (e->have_pred) carrier(&e->pred, ph, sizeof ph);
        const char *row[] = {sy, rn, lab, cli_num_s(c->T_liquidus_K - LMDS_C_TO_K, "%.1f", "liquidus"),
                             cli_num_s(e->tc, "%.2f", "Tc"), e->have_pred ? cli_opt_s(e->pred.uncertainty_K, "%.2f") : "",
                             e->have_pred ? lmds_tc_source_name(e->pred.tc_source) : "", ph};
        cli_table_add(t, row);
    }
    return t;
}

static void text_header(const design_req *q, const design_res *r)
{
    const lmds_design_spec *s = &q->s;
    const lmds_design_outcome *out = r->out;
    char pool_s[256], excl_s[128], rl[256] = "";
    pool_strings(q, pool_s, sizeof pool_s, excl_s, sizeof excl_s);
    for (int k = 0; k < s->nroutes; k++) {
        size_t L = strlen(rl);
        char rb[64];
        lmds_route_format(&s->routes[k], rb, sizeof rb);
        snprintf(rl + L, sizeof rl - L, "%s%s", k ? ", " : "", rb);
    }
    printf("Question: Tc >= %.2f K", s->min_tc_K);
    if (isfinite(s->max_liquidus_K))
        printf(", printable from a melt at %.1f C (liquidus <= %.2f K)", s->max_liquidus_K - LMDS_C_TO_K, s->max_liquidus_K);
    printf("\n  from %s%s%s; up to %d elements, grid step %g at.%%; routes %s", pool_s, q->nexcl ? ", excluded " : "",
           excl_s, s->max_components, 100.0 / s->grid_divisions, rl);
    if (s->P_GPa > 0) printf("; %g GPa", s->P_GPa);
    printf("\nSearched %d alloy systems covered by the thermodynamic database: %ld candidates, %ld feasible, %ld failed, "
           "in %.1f s on %d thread(s) x %d rank(s).\n", out->nsystems - out->nuncovered, out->nevaluations,
           out->nfeasible, out->nfailed, out->seconds, lmds_design_threads(), r->size);
    if (!out->nuncovered) return;
    printf("Not searched (no thermodynamic description): %d systems", out->nuncovered);
    int shown = 0;
    for (int i = 0; i < out->nsystems && shown < 12; i++)
        if (!out->systems[i].covered && out->systems[i].n <= 2) {
            char sy[64];
            system_name(&out->systems[i], sy, sizeof sy);
            printf("%s%s", shown ? ", " : ": ", sy);
            shown++;
        }
    printf("%s\n", shown ? (out->nuncovered > shown ? ", ... and their ternaries" : "") : "");
}

static int text_best(const design_req *q, const design_res *r)
{
    if (r->nsr <= 0) return CLI_OK;
    printf("\nBest alloy of each system and route (%d systems meet the requirements; a route other than bulk is listed "
           "where it beats bulk):\n", r->nsys_ok);
    cli_table *t = best_table(q, r, 0);
    int rc = cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
    if (r->nsr > q->top) printf("(%ld more rows: --top N)\n", r->nsr - q->top);
    for (int k = 0; k < q->s.nroutes; k++)
        if (!r->gains[k]) {
            char rn[64];
            route_name(&q->s, k, rn, sizeof rn);
            printf("Route %s: never above bulk here (no measurement of these phases in that form%s).\n", rn,
                   q->s.routes[k].kind == LMDS_ROUTE_FILM ? " and no default critical thickness for the film model" : "");
        }
    return rc;
}

static void text_pareto(const design_req *q, const design_res *r)
{
    const lmds_design_spec *s = &q->s;
    printf("Pareto front (%s", lmds_objective_name(s->obj[0]));
    for (int j = 1; j < s->nobj; j++) printf(" vs %s", lmds_objective_name(s->obj[j]));
    printf("): %ld feasible candidate(s)", r->nfront);
    long shown = 0;
    for (long i = 0; i < r->out->ncandidates && shown < 5; i++) {
        const lmds_design_candidate *c = &r->out->candidates[i];
        if (c->violation != 0.0 || c->front != 0) continue;
        char lab[128], rn[64];
        cli_design_comp_label(&c->comp, lab, sizeof lab);
        route_name(s, c->route, rn, sizeof rn);
        printf("%s %s %s (%s C, %s K)", shown ? ";" : ":", lab, rn,
               cli_num_s(c->T_liquidus_K - LMDS_C_TO_K, "%.1f", "liquidus"), cli_num_s(c->tc_K, "%.2f", "Tc"));
        shown++;
    }
    printf("%s\n", r->nfront > shown ? "; ..." : "");
}

/* Which rows to explain: the top row; the best row of every other route; the best row of a system without the
 * top alloy's main element (another chemistry). At most 4. */
static int why_picks(const design_req *q, const design_res *r, long *pick)
{
    int npick = 0;
    long lim = r->nsr < q->top ? r->nsr : q->top;
    for (long i = 0; i < lim && npick < 4; i++) {
        const sys_route *e = &r->sr[i];
        if (!e->have_pred || e->pred.tc_phase < 0) continue;
        int take = npick == 0, other_route = 1;
        for (int j = 0; j < npick; j++) other_route &= q->s.routes[r->sr[pick[j]].route].kind != q->s.routes[e->route].kind;
        take |= other_route;
        if (!take) { /* another chemistry: no pick so far lacks the top alloy's main element */
            const lmds_comp *c0 = &r->sr[pick[0]].pred.comp;
            int kmax = 0;
            for (int k = 1; k < c0->n; k++)
                if (c0->x[k] > c0->x[kmax]) kmax = k;
            take = !comp_has(&e->pred.comp, c0->z[kmax]);
            for (int j = 1; j < npick && take; j++) take = comp_has(&r->sr[pick[j]].pred.comp, c0->z[kmax]);
        }
        if (take) pick[npick++] = i;
    }
    return npick;
}

static void text_why(const design_req *q, const design_res *r)
{
    if (r->nsr <= 0) return;
    printf("\nWhy (the pipeline of `lmds predict` on the best alloy of each route, and of another chemistry):\n");
    long pick[4];
    int npick = why_picks(q, r, pick);
    for (int w = 0; w < npick; w++) {
        const lmds_prediction *p = &r->sr[pick[w]].pred;
        char lab[128], rn[64];
        cli_design_comp_label(&p->comp, lab, sizeof lab);
        lmds_route_format(&p->route, rn, sizeof rn);
        printf("%d. %s, %s: liquidus %s C (first solid %s), solidus %s C; Tc %s +- %s K from %s (%s).\n"
               "   As frozen (equilibrium at %.1f K):\n", w + 1, lab, rn,
               cli_num_s(p->T_liquidus_K - LMDS_C_TO_K, "%.1f", "liquidus"), p->primary_phase,
               cli_num_s(p->T_solidus_K - LMDS_C_TO_K, "%.1f", "solidus"), cli_num_s(p->tc_K, "%.2f", "Tc"),
               cli_num_s(p->uncertainty_K, "%.2f", "uncertainty"), p->phases[p->tc_phase].compound,
               lmds_tc_source_name(p->tc_source), p->T_phases_K);
        cli_design_print_prediction(p);
        if (p->note[0]) printf("    note: %s\n", p->note);
    }
    printf("Rule: the material's Tc is the highest Tc among phases filling >= %.2f of the volume (3D percolation,\n"
           "Scher & Zallen 1970); genome Tc +-5 %% is a convention (spread of criteria and samples), not a measured "
           "error.\n", LMDS_PERCOLATION_THRESHOLD);
}

static void text_answer(const design_req *q, const design_res *r)
{
    if (!r->have_best) {
        printf("\nAnswer: no candidate meets every requirement (closest: `--json` ranks them by how far they miss).\n");
        return;
    }
    const lmds_prediction *b = &r->best;
    char lab[128], route[64];
    cli_design_comp_label(&b->comp, lab, sizeof lab);
    lmds_route_format(&b->route, route, sizeof route);
    printf("\nAnswer: %s (at.%%) as %s: liquid above %s C, Tc %s +- %s K", lab, route,
           cli_num_s(b->T_liquidus_K - LMDS_C_TO_K, "%.1f", "liquidus"), cli_num_s(b->tc_K, "%.2f", "Tc"),
           cli_num_s(b->uncertainty_K, "%.2f", "uncertainty"));
    if (b->tc_phase >= 0)
        printf(" (%s, %.0f vol%%, %s)", b->phases[b->tc_phase].compound, 100 * b->phases[b->tc_phase].volume_fraction,
               lmds_tc_source_name(b->tc_source));
    /* The best bulk alloy too, when the top answer needs another route. */
    for (long i = 0; i < r->nsr && b->route.kind != LMDS_ROUTE_BULK; i++) {
        const sys_route *e = &r->sr[i];
        if (q->s.routes[e->route].kind != LMDS_ROUTE_BULK) continue;
        const lmds_design_candidate *c = &r->out->candidates[e->cand];
        cli_design_comp_label(&c->comp, lab, sizeof lab);
        printf(";\n        printed in bulk: %s, liquid above %s C, Tc %s", lab,
               cli_num_s(c->T_liquidus_K - LMDS_C_TO_K, "%.1f", "liquidus"), cli_num_s(e->tc, "%.2f", "Tc"));
        if (!(e->have_pred && e->pred.tc_phase >= 0)) printf(" K");
        else
            printf(" +- %s K (%s, %.0f vol%%, %s)", cli_num_s(e->pred.uncertainty_K, "%.2f", "uncertainty"),
                   e->pred.phases[e->pred.tc_phase].compound, 100 * e->pred.phases[e->pred.tc_phase].volume_fraction,
                   lmds_tc_source_name(e->pred.tc_source));
        break;
    }
    printf(".\n");
}

static int design_svg(const design_res *r, const char *path)
{
    cli_plot *pl = cli_plot_new("design: Pareto front", "liquidus (°C)", "Tc (K)");
    long n = r->out->ncandidates, m;
    double *x = cli_xmalloc(sizeof(double) * (size_t)(n + 1)), *y = cli_xmalloc(sizeof(double) * (size_t)(n + 1));
    for (int front = 0; front <= 1; front++) { /* the other feasible candidates, then the front */
        m = 0;
        for (long i = 0; i < n; i++) {
            const lmds_design_candidate *c = &r->out->candidates[i];
            if (c->violation == 0.0 && (front ? c->front == 0 : c->front > 0))
                x[m] = c->T_liquidus_K - LMDS_C_TO_K, y[m++] = c->tc_K;
        }
        cli_plot_series(pl, front ? "Pareto front" : "feasible", (int)m, x, y, CLI_MARKERS, front ? NULL : "#bbbbbb");
    }
    if (r->have_best) {
        char lab[160], al[128];
        cli_design_comp_label(&r->best.comp, al, sizeof al);
        snprintf(lab, sizeof lab, "best: %s", al);
        cli_plot_text(pl, r->best.T_liquidus_K - LMDS_C_TO_K, r->best.tc_K, lab);
    }
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    free(x), free(y);
    return rc;
}

static int design_report(const cli_args *a, const design_req *q, const design_res *r)
{
    cli_format fmt = cli_args_format(a);
    int rc = CLI_OK;
    if (fmt == CLI_FMT_JSON) {
        rc = report_json(q, r);
    } else if (fmt == CLI_FMT_CSV) {
        cli_table *t = best_table(q, r, 1);
        rc = cli_table_print(t, stdout, CLI_FMT_CSV);
        cli_table_free(t);
    } else {
        text_header(q, r);
        rc = text_best(q, r);
        text_pareto(q, r);
        text_why(q, r);
        text_answer(q, r);
    }
    if (rc == CLI_OK && cli_result_failed()) rc = CLI_BAD_INPUT;
    if (rc == CLI_OK && cli_has(a, "svg")) rc = design_svg(r, cli_str(a, "svg", NULL));
    return rc;
}

int cli_cmd_design(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&DESIGN, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    design_req q;
    design_res r;
    if ((rc = design_parse(a, &q)) == CLI_OK && (rc = design_run(&q, &r, &argc, &argv)) == CLI_OK) {
        if (r.rank == 0) rc = design_report(a, &q, &r);
        design_free(&r);
    }
    cli_args_free(a);
    return rc;
}
