/* lmds design: inverse design over compositions and routes. With no flags it answers the README's question:
 * a superconductor at 4.2 K printable from a melt at 60 C, without Pb, Cd or Hg -- which alloy, which route? */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FAMILIES "Ga,In,Sn,Bi,Zn,Pb,Cd,Tl,Hg,Na,K"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds design [--max-liquidus-C C] [--min-tc K] [--exclude LIST|none] [--add LIST]\n"
            "                   [--elements LIST] [--max-components N] [--step AT%%] [--routes LIST]\n"
            "                   [--objective tc|liquidus|margin|cost]... [--max-cost USD/kg] [--P GPa]\n"
            "                   [--population N] [--generations N] [--seed S] [--top N] [--json] [--svg FILE]\n\n"
            "Search alloys of the liquid-metal families (" FAMILIES ", plus --add solutes)\n"
            "for ones that print from a melt below --max-liquidus-C and superconduct above --min-tc.\n"
            "With no flags: liquidus <= 60 C, Tc >= 4.2 K, without Pb, Cd, Hg and Tl (Tl is more toxic than\n"
            "any of the three); routes bulk, film 100 nm, droplet 15 um; objectives tc and liquidus (Pareto front).\n\n"
            "Every alloy system of 1..N elements (default 3) that the thermodynamic database covers is searched:\n"
            "exhaustively on a composition grid (every component present, step --step at.%%, default 2) for up\n"
            "to 3 elements, by NSGA-II (seeded, deterministic) beyond. Each candidate goes through the same\n"
            "pipeline as `lmds predict` (liquidus, phases as frozen, Tc per phase with its source, percolation\n"
            "rule, route corrections). Systems the database does not cover are listed, not guessed.\n"
            "Runs on all OpenMP threads; under `mpirun -n N lmds design ...` the candidates are split across\n"
            "ranks and the answer is identical to one process.\n\n"
            "Options:\n"
            "  --max-liquidus-C C  printing temperature limit (default 60; 'none' for no limit)\n"
            "  --min-tc K          required Tc (default 4.2)\n"
            "  --exclude LIST      elements to leave out (default Pb,Cd,Hg,Tl; 'none' keeps all)\n"
            "  --add LIST          solutes to add to the pool (e.g. Nb,Mo,V,Pd)\n"
            "  --elements LIST     the pool itself instead of the families\n"
            "  --max-components N  largest number of elements per alloy (default 3)\n"
            "  --step AT%%          grid step in at.%% (default 2)\n"
            "  --routes LIST       comma-separated routes (bulk, film:100nm, droplet:15um, confined:3.5nm)\n"
            "  --objective O       tc, liquidus, margin or cost; repeat or comma-join for a Pareto front\n"
            "                      (default tc,liquidus; the first one orders the ranking)\n"
            "  --max-cost USD/kg   needs sourced element prices (data/design/element_prices.csv)\n"
            "  --P GPa             pressure (default 0)\n"
            "  --population, --generations, --seed   NSGA-II settings (64, 60, 20240601)\n"
            "  --top N             rows to print (default 10)\n"
            "  --tdb FILE, --db FILE, --model FILE, --no-model   other database, genome or learned model\n"
            "  --json              ranked candidates, Pareto front, the best alloy of every system and route\n"
            "                      with its prediction (phases, Tc sources, uncertainties)\n"
            "  --svg FILE          Pareto front plot (Tc vs liquidus)\n");
}

/* "Ga62In28Sn10" (at.%) for people. */
void cli_design_comp_label(const lmds_comp *c, char *buf, size_t n);
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

static int parse_list(const char *cmd, const char *opt, const char *s, int *z, int *n, int max)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    *n = 0;
    if (strcmp(s, "none") == 0)
        return CLI_OK;
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        int zz;
        if (lmds_element_lookup(tok, &zz) != LMDS_OK)
            return cli_usage(cmd, "%s: unknown element '%s'", opt, tok);
        if (*n >= max)
            return cli_usage(cmd, "%s: more than %d elements", opt, max);
        z[(*n)++] = zz;
    }
    return CLI_OK;
}

typedef struct prog_ctx {
    cli_progress *bar;
    const char *label;
} prog_ctx;

/* The bar starts at the first report, when the number of candidates is known (terminal only: cli_progress). */
static void on_progress(void *ctx, long done, long total)
{
    prog_ctx *p = ctx;
    if (!p->bar)
        p->bar = cli_progress_start(p->label, total);
    cli_progress_update(p->bar, done);
}

void cli_design_on_progress(void *ctx, long done, long total);
void cli_design_on_progress(void *ctx, long done, long total)
{
    on_progress(ctx, done, total);
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
    cJSON_AddStringToObject(o, "formula", f);
    cJSON *xs = cJSON_AddObjectToObject(o, "composition");
    for (int k = 0; k < c->comp.n; k++)
        cJSON_AddNumberToObject(xs, lmds_element_symbol(c->comp.z[k]), c->comp.x[k]);
    cJSON_AddItemToObject(o, "T_liquidus_K", cli_json_number(c->T_liquidus_K));
    cJSON_AddItemToObject(o, "T_solidus_K", cli_json_number(c->T_solidus_K));
    cJSON_AddItemToObject(o, "Tc_K", cli_json_number(c->tc_K));
    cJSON_AddItemToObject(o, "uncertainty_K", cli_json_number(c->uncertainty_K));
    cJSON_AddStringToObject(o, "Tc_source", lmds_tc_source_name(c->tc_source));
    cJSON_AddStringToObject(o, "route", route);
    cJSON *br = cJSON_AddObjectToObject(o, "Tc_by_route_K");
    for (int k = 0; k < s->nroutes; k++) {
        char rn[64];
        route_name(s, k, rn, sizeof rn);
        cJSON_AddItemToObject(br, rn, cli_json_number(c->tc_route_K[k]));
    }
    cJSON_AddItemToObject(o, "cost_usd_kg", cli_json_number(c->cost_usd_kg));
    cJSON_AddBoolToObject(o, "feasible", c->violation == 0.0);
    cJSON_AddNumberToObject(o, "front", c->front);
    return o;
}

int cli_design_print_prediction(const lmds_prediction *r);
void cli_predict_short_ref(const char *ref, char *buf, size_t n);

cJSON *cli_predict_json(const lmds_prediction *r);

int cli_design_print_prediction(const lmds_prediction *r);
int cli_design_print_prediction(const lmds_prediction *r)
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
        printf("    %-15s = %-11s %5.1f vol%% %-12s %-18s [%s: %s]\n", p->phase, p->formula,
               100 * p->volume_fraction, p->percolates ? "percolating" : "isolated", tc,
               lmds_tc_source_name(p->source), ref);
        if (p->route_note[0])
            printf("    %-15s   route: %s\n", "", p->route_note);
    }
    return 0;
}

/* The best alloy of one system for one route. */
typedef struct sys_route {
    long cand;  /* index into the ranked candidates */
    int route;
    double tc, tliq;
    lmds_prediction pred;
    int have_pred;
} sys_route;

static int feasible_for_route(const lmds_design_spec *s, const lmds_design_candidate *c, int k)
{
    double tc = c->tc_route_K[k];
    if (!isfinite(tc) || !(c->T_liquidus_K <= s->max_liquidus_K) || tc < s->min_tc_K)
        return 0;
    return !isfinite(s->max_cost_usd_kg) || c->cost_usd_kg <= s->max_cost_usd_kg;
}

static int cmp_sys_route(const void *pa, const void *pb)
{
    const sys_route *a = pa, *b = pb;
    if (a->tc != b->tc)
        return a->tc > b->tc ? -1 : 1;
    if (a->tliq != b->tliq)
        return a->tliq < b->tliq ? -1 : 1;
    if (a->cand != b->cand)
        return a->cand < b->cand ? -1 : 1;
    return a->route - b->route;
}

/* For every searched system and route, the feasible alloy with the highest Tc by that route (then the lowest
 * liquidus). A non-bulk route is kept only where it beats the system's best bulk Tc, so that routes without
 * any measurement or model (film Tc = bulk Tc) do not repeat the bulk rows; gains[k] says whether route k ever
 * did. Rows sorted by Tc, then liquidus. Returns the number of rows (malloc'ed *rows). */
static long best_per_system_route(const lmds_design_spec *s, const lmds_design_outcome *out, sys_route **rows,
                                  int *gains)
{
    int bulk = -1;
    for (int k = 0; k < s->nroutes && bulk < 0; k++)
        if (s->routes[k].kind == LMDS_ROUTE_BULK)
            bulk = k;
    for (int k = 0; k < s->nroutes; k++)
        gains[k] = k == bulk;
    sys_route *v = calloc((size_t)out->nsystems * (size_t)s->nroutes + 1, sizeof *v);
    long n = 0;
    if (!v) {
        *rows = NULL;
        return 0;
    }
    for (int i = 0; i < out->nsystems; i++) {
        if (!out->systems[i].covered)
            continue;
        long best[LMDS_DESIGN_MAX_ROUTES];
        for (int k = 0; k < s->nroutes; k++) {
            best[k] = -1;
            for (long j = 0; j < out->ncandidates; j++) {
                const lmds_design_candidate *c = &out->candidates[j];
                if (c->system != i || !feasible_for_route(s, c, k))
                    continue;
                if (best[k] < 0) {
                    best[k] = j;
                    continue;
                }
                const lmds_design_candidate *b = &out->candidates[best[k]];
                if (c->tc_route_K[k] > b->tc_route_K[k] ||
                    (c->tc_route_K[k] == b->tc_route_K[k] && c->T_liquidus_K < b->T_liquidus_K))
                    best[k] = j;
            }
        }
        double bulk_tc = bulk >= 0 && best[bulk] >= 0 ? out->candidates[best[bulk]].tc_route_K[bulk] : -1.0;
        for (int k = 0; k < s->nroutes; k++) {
            if (best[k] < 0)
                continue;
            const lmds_design_candidate *c = &out->candidates[best[k]];
            if (k != bulk && bulk >= 0 && !(c->tc_route_K[k] > bulk_tc))
                continue;
            gains[k] = 1;
            v[n].cand = best[k];
            v[n].route = k;
            v[n].tc = c->tc_route_K[k];
            v[n].tliq = c->T_liquidus_K;
            n++;
        }
    }
    qsort(v, (size_t)n, sizeof *v, cmp_sys_route);
    *rows = v;
    return n;
}

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
        snprintf(buf, n, "%s = %s (%.0f vol%%)", r->phases[r->tc_phase].phase, r->phases[r->tc_phase].formula,
                 100 * r->phases[r->tc_phase].volume_fraction);
    else
        snprintf(buf, n, "-");
}

int cli_cmd_design(int argc, char **argv)
{
    static const struct option opts[] = {
        {"max-liquidus-C", required_argument, 0, 'L'}, {"min-tc", required_argument, 0, 'T'},
        {"exclude", required_argument, 0, 'x'}, {"add", required_argument, 0, 'a'},
        {"elements", required_argument, 0, 'e'}, {"max-components", required_argument, 0, 'k'},
        {"step", required_argument, 0, 's'}, {"routes", required_argument, 0, 'r'},
        {"objective", required_argument, 0, 'o'}, {"max-cost", required_argument, 0, 'c'},
        {"P", required_argument, 0, 'P'}, {"population", required_argument, 0, 'N'},
        {"generations", required_argument, 0, 'G'}, {"seed", required_argument, 0, 'S'},
        {"top", required_argument, 0, 't'}, {"json", no_argument, 0, 'j'}, {"svg", required_argument, 0, 'v'},
        {"tdb", required_argument, 0, 'D'}, {"db", required_argument, 0, 'B'},
        {"model", required_argument, 0, 'm'}, {"no-model", no_argument, 0, 'M'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    lmds_design_spec s;
    lmds_design_spec_init(&s);
    lmds_predictor_opts pro = {0};
    int pool[LMDS_DESIGN_MAX_ELEMENTS], npool = 0, excl[LMDS_DESIGN_MAX_ELEMENTS], nexcl = 0;
    int add[LMDS_DESIGN_MAX_ELEMENTS], nadd = 0;
    parse_list("design", "", FAMILIES, pool, &npool, LMDS_DESIGN_MAX_ELEMENTS);
    parse_list("design", "", "Pb,Cd,Hg,Tl", excl, &nexcl, LMDS_DESIGN_MAX_ELEMENTS);
    int json = 0, nobj = 0, rc;
    long top = 10;
    const char *svg = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        double d;
        long l;
        switch (ch) {
        case 'L':
            if (strcmp(optarg, "none") == 0) {
                s.max_liquidus_K = INFINITY;
                break;
            }
            if (cli_parse_double("design", "--max-liquidus-C", optarg, &d))
                return CLI_USAGE;
            s.max_liquidus_K = d + LMDS_C_TO_K;
            if (s.max_liquidus_K <= 0)
                return cli_usage("design", "--max-liquidus-C: below absolute zero");
            break;
        case 'T':
            if (cli_parse_double("design", "--min-tc", optarg, &s.min_tc_K))
                return CLI_USAGE;
            if (s.min_tc_K < 0)
                return cli_usage("design", "--min-tc: must be >= 0");
            break;
        case 'x':
            if ((rc = parse_list("design", "--exclude", optarg, excl, &nexcl, LMDS_DESIGN_MAX_ELEMENTS)))
                return rc;
            break;
        case 'a':
            if ((rc = parse_list("design", "--add", optarg, add, &nadd, LMDS_DESIGN_MAX_ELEMENTS)))
                return rc;
            break;
        case 'e':
            if ((rc = parse_list("design", "--elements", optarg, pool, &npool, LMDS_DESIGN_MAX_ELEMENTS)))
                return rc;
            break;
        case 'k':
            if (cli_parse_int("design", "--max-components", optarg, &l))
                return CLI_USAGE;
            if (l < 1 || l > LMDS_DESIGN_MAX_DIM)
                return cli_usage("design", "--max-components: 1..%d", LMDS_DESIGN_MAX_DIM);
            s.max_components = (int)l;
            break;
        case 's':
            if (cli_parse_double("design", "--step", optarg, &d))
                return CLI_USAGE;
            if (!(d >= 0.1 && d <= 50) || fabs(100.0 / d - round(100.0 / d)) > 1e-6)
                return cli_usage("design", "--step: an at.%% step that divides 100 (0.1..50), e.g. 1, 2, 5");
            s.grid_divisions = (int)round(100.0 / d);
            break;
        case 'r': {
            char buf[512];
            snprintf(buf, sizeof buf, "%s", optarg);
            s.nroutes = 0;
            for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
                if (s.nroutes >= LMDS_DESIGN_MAX_ROUTES)
                    return cli_usage("design", "--routes: at most %d", LMDS_DESIGN_MAX_ROUTES);
                if (lmds_route_parse(tok, &s.routes[s.nroutes]) != LMDS_OK)
                    return cli_usage("design", "--routes: %s", lmds_errmsg());
                s.nroutes++;
            }
            if (s.nroutes == 0)
                return cli_usage("design", "--routes: empty list");
            break;
        }
        case 'o': {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", optarg);
            for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
                if (nobj >= LMDS_DESIGN_MAX_OBJ)
                    return cli_usage("design", "--objective: at most %d", LMDS_DESIGN_MAX_OBJ);
                if (lmds_objective_parse(tok, &s.obj[nobj]) != LMDS_OK)
                    return cli_usage("design", "--objective: %s", lmds_errmsg());
                for (int j = 0; j < nobj; j++)
                    if (s.obj[j] == s.obj[nobj])
                        return cli_usage("design", "--objective: '%s' given twice", tok);
                nobj++;
            }
            s.nobj = nobj;
            break;
        }
        case 'c':
            if (cli_parse_double("design", "--max-cost", optarg, &s.max_cost_usd_kg))
                return CLI_USAGE;
            if (!(s.max_cost_usd_kg > 0))
                return cli_usage("design", "--max-cost: must be > 0");
            break;
        case 'P':
            if (cli_parse_double("design", "--P", optarg, &s.P_GPa))
                return CLI_USAGE;
            if (s.P_GPa < 0)
                return cli_usage("design", "--P: must be >= 0");
            break;
        case 'N':
            if (cli_parse_int("design", "--population", optarg, &l))
                return CLI_USAGE;
            if (l < 4 || l % 2 || l > 100000)
                return cli_usage("design", "--population: an even number 4..100000");
            s.nsga2.population = (int)l;
            break;
        case 'G':
            if (cli_parse_int("design", "--generations", optarg, &l))
                return CLI_USAGE;
            if (l < 0 || l > 100000)
                return cli_usage("design", "--generations: 0..100000");
            s.nsga2.generations = (int)l;
            break;
        case 'S':
            if (cli_parse_int("design", "--seed", optarg, &l))
                return CLI_USAGE;
            s.nsga2.seed = (unsigned long)l;
            break;
        case 't':
            if (cli_parse_int("design", "--top", optarg, &top))
                return CLI_USAGE;
            if (top < 1)
                return cli_usage("design", "--top: must be >= 1");
            break;
        case 'j': json = 1; break;
        case 'v': svg = optarg; break;
        case 'D': pro.tdb_path = optarg; break;
        case 'B': pro.genome_path = optarg; break;
        case 'm': pro.model_path = optarg; break;
        case 'M': pro.no_model = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage("design", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("design", "unexpected argument '%s'", argv[optind]);
    /* Pool = families (or --elements) + --add - --exclude, without duplicates, in the order given. */
    s.nelements = 0;
    for (int pass = 0; pass < 2; pass++) {
        const int *src = pass ? add : pool;
        int n = pass ? nadd : npool;
        for (int i = 0; i < n; i++) {
            int skip = 0;
            for (int j = 0; j < nexcl; j++)
                skip |= excl[j] == src[i];
            for (int j = 0; j < s.nelements; j++)
                skip |= s.z[j] == src[i];
            if (!skip) {
                if (s.nelements >= LMDS_DESIGN_MAX_ELEMENTS)
                    return cli_usage("design", "more than %d elements in the pool", LMDS_DESIGN_MAX_ELEMENTS);
                s.z[s.nelements++] = src[i];
            }
        }
    }
    if (s.nelements == 0)
        return cli_usage("design", "no elements left in the pool after --exclude");

    lmds_status st = lmds_design_mpi_init(&argc, &argv);
    if (st != LMDS_OK)
        return cli_fail(st);
    int rank = 0, size = 1;
    lmds_design_mpi_rank(&rank, &size);
    lmds_predictor *pr = NULL;
    st = lmds_predictor_new(&pro, &pr);
    if (st != LMDS_OK) {
        rc = rank == 0 ? cli_fail(st) : CLI_BAD_INPUT;
        lmds_design_mpi_finalize();
        return rc;
    }
    if (rank == 0 && *lmds_predictor_notes(pr))
        fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(pr));
    prog_ctx pc = {NULL, "design"};
    lmds_design_outcome *out = NULL;
    st = lmds_design_run(pr, &s, rank == 0 ? on_progress : NULL, &pc, &out);
    if (pc.bar) {
        cli_progress_end(pc.bar);
    }
    if (st != LMDS_OK) {
        rc = rank == 0 ? cli_fail(st) : CLI_BAD_INPUT;
        lmds_predictor_free(pr);
        lmds_design_mpi_finalize();
        return rc;
    }
    if (rank != 0) {
        lmds_design_outcome_free(out);
        lmds_predictor_free(pr);
        lmds_design_mpi_finalize();
        return CLI_OK;
    }
    cli_flush_warnings();

    /* The best candidate, explained: the full pipeline with its best route. */
    lmds_prediction best;
    int have_best = 0;
    lmds_predict_opts po;
    lmds_predict_opts_init(&po);
    po.P_GPa = s.P_GPa;
    po.scheil = 0;
    if (out->ncandidates > 0 && out->candidates[0].violation == 0.0) {
        po.route = s.routes[out->candidates[0].route];
        if (lmds_predict(pr, 0, &out->candidates[0].comp, &po, &best) == LMDS_OK)
            have_best = 1;
        else
            lmds_error_clear();
    }
    /* The best alloy of every system and route, each explained by the same pipeline. */
    int gains[LMDS_DESIGN_MAX_ROUTES];
    sys_route *sr = NULL;
    long nsr = best_per_system_route(&s, out, &sr, gains);
    for (long i = 0; i < nsr && i < top; i++) {
        po.route = s.routes[sr[i].route];
        sr[i].have_pred = lmds_predict(pr, 0, &out->candidates[sr[i].cand].comp, &po, &sr[i].pred) == LMDS_OK;
        lmds_error_clear();
    }
    char pool_s[256] = "", excl_s[128] = "";
    for (int i = 0; i < s.nelements; i++) {
        size_t L = strlen(pool_s);
        snprintf(pool_s + L, sizeof pool_s - L, "%s%s", i ? "," : "", lmds_element_symbol(s.z[i]));
    }
    for (int i = 0; i < nexcl; i++) {
        size_t L = strlen(excl_s);
        snprintf(excl_s + L, sizeof excl_s - L, "%s%s", i ? "," : "", lmds_element_symbol(excl[i]));
    }
    long nfront = 0;
    for (long i = 0; i < out->ncandidates; i++)
        nfront += out->candidates[i].violation == 0.0 && out->candidates[i].front == 0;
    int nsys_ok = 0;
    for (int i = 0; i < out->nsystems; i++) {
        int ok = 0;
        for (long j = 0; j < nsr; j++)
            ok |= out->candidates[sr[j].cand].system == i;
        nsys_ok += ok;
    }

    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON *q = cJSON_AddObjectToObject(o, "question");
        cJSON_AddStringToObject(q, "elements", pool_s);
        cJSON_AddStringToObject(q, "excluded", excl_s);
        cJSON_AddItemToObject(q, "max_liquidus_K", cli_json_number(s.max_liquidus_K));
        cJSON_AddNumberToObject(q, "min_tc_K", s.min_tc_K);
        cJSON_AddNumberToObject(q, "max_components", s.max_components);
        cJSON_AddNumberToObject(q, "grid_step_at_pct", 100.0 / s.grid_divisions);
        cJSON_AddNumberToObject(q, "P_GPa", s.P_GPa);
        cJSON *ro = cJSON_AddArrayToObject(q, "routes");
        for (int k = 0; k < s.nroutes; k++) {
            char rb[64];
            lmds_route_format(&s.routes[k], rb, sizeof rb);
            cJSON_AddItemToArray(ro, cJSON_CreateString(rb));
        }
        cJSON *ob = cJSON_AddArrayToObject(q, "objectives");
        for (int j = 0; j < s.nobj; j++)
            cJSON_AddItemToArray(ob, cJSON_CreateString(lmds_objective_name(s.obj[j])));
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
        cJSON_AddNumberToObject(o, "systems_with_feasible_alloys", nsys_ok);
        cJSON_AddNumberToObject(o, "ranks", size);
        cJSON *ranked = cJSON_AddArrayToObject(o, "ranked");
        for (long i = 0; i < out->ncandidates && i < top; i++)
            cJSON_AddItemToArray(ranked, cand_json(&s, &out->candidates[i], i));
        cJSON *pf = cJSON_AddArrayToObject(o, "pareto_front");
        for (long i = 0; i < out->ncandidates; i++)
            if (out->candidates[i].violation == 0.0 && out->candidates[i].front == 0)
                cJSON_AddItemToArray(pf, cand_json(&s, &out->candidates[i], i));
        cJSON *bs = cJSON_AddArrayToObject(o, "best_per_system_route");
        for (long i = 0; i < nsr && i < top; i++) {
            char sy[64], rn[64];
            system_name(&out->systems[out->candidates[sr[i].cand].system], sy, sizeof sy);
            route_name(&s, sr[i].route, rn, sizeof rn);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "system", sy);
            cJSON_AddStringToObject(e, "route", rn);
            cJSON_AddItemToObject(e, "candidate", cand_json(&s, &out->candidates[sr[i].cand], sr[i].cand));
            if (sr[i].have_pred)
                cJSON_AddItemToObject(e, "prediction", cli_predict_json(&sr[i].pred));
            cJSON_AddItemToArray(bs, e);
        }
        if (have_best)
            cJSON_AddItemToObject(o, "best", cli_predict_json(&best));
        else
            cJSON_AddNullToObject(o, "best");
        cli_json_print(o);
    } else {
        char rl[256] = "";
        for (int k = 0; k < s.nroutes; k++) {
            size_t L = strlen(rl);
            char rb[64];
            lmds_route_format(&s.routes[k], rb, sizeof rb);
            snprintf(rl + L, sizeof rl - L, "%s%s", k ? ", " : "", rb);
        }
        printf("Question: Tc >= %.2f K", s.min_tc_K);
        if (isfinite(s.max_liquidus_K))
            printf(", printable from a melt at %.1f C (liquidus <= %.2f K)", s.max_liquidus_K - LMDS_C_TO_K,
                   s.max_liquidus_K);
        printf("\n  from %s%s%s; up to %d elements, grid step %g at.%%; routes %s", pool_s,
               nexcl ? ", excluded " : "", excl_s, s.max_components, 100.0 / s.grid_divisions, rl);
        if (s.P_GPa > 0)
            printf("; %g GPa", s.P_GPa);
        printf("\n");
        int ncov = out->nsystems - out->nuncovered;
        printf("Searched %d alloy systems covered by the thermodynamic database: %ld candidates, %ld feasible, "
               "%ld failed, in %.1f s on %d thread(s) x %d rank(s).\n", ncov, out->nevaluations, out->nfeasible,
               out->nfailed, out->seconds, lmds_design_threads(), size);
        if (out->nuncovered) {
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
        if (nsr > 0) {
            printf("\nBest alloy of each system and route (%d systems meet the requirements; a route other than "
                   "bulk is listed where it beats bulk):\n", nsys_ok);
            const char *h[] = {"system", "route", "alloy (at.%)", "liquidus_C", "Tc_K", "+-K", "source",
                               "superconducting phase"};
            cli_table *t = cli_table_new(8, h);
            for (long i = 0; i < nsr && i < top; i++) {
                const lmds_design_candidate *c = &out->candidates[sr[i].cand];
                char sy[64], rn[64], lab[128], tl[32], tc[32], un[32], src[32], ph[128];
                system_name(&out->systems[c->system], sy, sizeof sy);
                route_name(&s, sr[i].route, rn, sizeof rn);
                cli_design_comp_label(&c->comp, lab, sizeof lab);
                snprintf(tl, sizeof tl, "%.1f", c->T_liquidus_K - LMDS_C_TO_K);
                snprintf(tc, sizeof tc, "%.2f", sr[i].tc);
                if (sr[i].have_pred) {
                    snprintf(un, sizeof un, "%.2f", sr[i].pred.uncertainty_K);
                    snprintf(src, sizeof src, "%s", lmds_tc_source_name(sr[i].pred.tc_source));
                    carrier(&sr[i].pred, ph, sizeof ph);
                } else {
                    snprintf(un, sizeof un, "-");
                    snprintf(src, sizeof src, "-");
                    snprintf(ph, sizeof ph, "-");
                }
                const char *row[] = {sy, rn, lab, tl, tc, un, src, ph};
                cli_table_add(t, row);
            }
            cli_table_print(t, stdout, CLI_FMT_TABLE);
            cli_table_free(t);
            if (nsr > top)
                printf("(%ld more rows: --top N)\n", nsr - top);
            for (int k = 0; k < s.nroutes; k++)
                if (!gains[k]) {
                    char rn[64];
                    route_name(&s, k, rn, sizeof rn);
                    printf("Route %s: never above bulk here (no measurement of these phases in that form%s).\n", rn,
                           s.routes[k].kind == LMDS_ROUTE_FILM ? " and no default critical thickness for the film "
                                                                 "model" : "");
                }
        }
        printf("Pareto front (%s", lmds_objective_name(s.obj[0]));
        for (int j = 1; j < s.nobj; j++)
            printf(" vs %s", lmds_objective_name(s.obj[j]));
        printf("): %ld feasible candidate(s)", nfront);
        long shown = 0;
        for (long i = 0; i < out->ncandidates && shown < 5; i++) {
            const lmds_design_candidate *c = &out->candidates[i];
            if (c->violation != 0.0 || c->front != 0)
                continue;
            char lab[128], rn[64];
            cli_design_comp_label(&c->comp, lab, sizeof lab);
            route_name(&s, c->route, rn, sizeof rn);
            printf("%s %s %s (%.1f C, %.2f K)", shown ? ";" : ":", lab, rn, c->T_liquidus_K - LMDS_C_TO_K, c->tc_K);
            shown++;
        }
        printf("%s\n", nfront > shown ? "; ..." : "");
        if (nsr > 0) {
            /* Why: the top row; the best row of every other route; the best row of a system without the top
             * alloy's main element (another chemistry). At most 4, each the full pipeline of `lmds predict`. */
            printf("\nWhy (the pipeline of `lmds predict` on the best alloy of each route, and of another "
                   "chemistry):\n");
            long pick[4];
            int npick = 0;
            long lim = nsr < top ? nsr : top;
            for (long i = 0; i < lim && npick < 4; i++) {
                if (!sr[i].have_pred || sr[i].pred.tc_phase < 0)
                    continue;
                int take = npick == 0, other_route = 1;
                for (int j = 0; j < npick; j++)
                    other_route &= s.routes[sr[pick[j]].route].kind != s.routes[sr[i].route].kind;
                take |= other_route;
                if (!take) { /* another chemistry: no pick so far lacks the top alloy's main element */
                    const lmds_comp *c0 = &sr[pick[0]].pred.comp;
                    int kmax = 0;
                    for (int k = 1; k < c0->n; k++)
                        if (c0->x[k] > c0->x[kmax])
                            kmax = k;
                    take = !comp_has(&sr[i].pred.comp, c0->z[kmax]);
                    for (int j = 1; j < npick && take; j++)
                        take = comp_has(&sr[pick[j]].pred.comp, c0->z[kmax]);
                }
                if (take)
                    pick[npick++] = i;
            }
            for (int w = 0; w < npick; w++) {
                const lmds_prediction *r = &sr[pick[w]].pred;
                char lab[128], rn[64];
                cli_design_comp_label(&r->comp, lab, sizeof lab);
                lmds_route_format(&r->route, rn, sizeof rn);
                printf("%d. %s, %s: liquidus %.1f C (first solid %s), solidus %.1f C; Tc %.2f +- %.2f K from %s "
                       "(%s).\n   As frozen (equilibrium at %.1f K):\n", w + 1, lab, rn,
                       r->T_liquidus_K - LMDS_C_TO_K, r->primary_phase, r->T_solidus_K - LMDS_C_TO_K, r->tc_K,
                       r->uncertainty_K, r->phases[r->tc_phase].formula, lmds_tc_source_name(r->tc_source),
                       r->T_phases_K);
                cli_design_print_prediction(r);
                if (r->note[0])
                    printf("    note: %s\n", r->note);
            }
            printf("Rule: the material's Tc is the highest Tc among phases filling >= %.2f of the volume (3D "
                   "percolation,\nScher & Zallen 1970); genome Tc +-5 %% is a convention (spread of criteria and "
                   "samples), not a measured error.\n", LMDS_PERCOLATION_THRESHOLD);
        }
        if (have_best) {
            char lab[128], route[64];
            cli_design_comp_label(&best.comp, lab, sizeof lab);
            lmds_route_format(&best.route, route, sizeof route);
            printf("\nAnswer: %s (at.%%) as %s: liquid above %.1f C, Tc %.2f +- %.2f K", lab, route,
                   best.T_liquidus_K - LMDS_C_TO_K, best.tc_K, best.uncertainty_K);
            if (best.tc_phase >= 0)
                printf(" (%s, %.0f vol%%, %s)", best.phases[best.tc_phase].formula,
                       100 * best.phases[best.tc_phase].volume_fraction, lmds_tc_source_name(best.tc_source));
            /* The best bulk alloy too, when the top answer needs another route. */
            for (long i = 0; i < nsr && best.route.kind != LMDS_ROUTE_BULK; i++)
                if (s.routes[sr[i].route].kind == LMDS_ROUTE_BULK) {
                    const lmds_design_candidate *c = &out->candidates[sr[i].cand];
                    cli_design_comp_label(&c->comp, lab, sizeof lab);
                    printf(";\n        printed in bulk: %s, liquid above %.1f C, Tc %.2f", lab,
                           c->T_liquidus_K - LMDS_C_TO_K, sr[i].tc);
                    if (!(sr[i].have_pred && sr[i].pred.tc_phase >= 0))
                        printf(" K");
                    else
                        printf(" +- %.2f K (%s, %.0f vol%%, %s)", sr[i].pred.uncertainty_K,
                               sr[i].pred.phases[sr[i].pred.tc_phase].formula,
                               100 * sr[i].pred.phases[sr[i].pred.tc_phase].volume_fraction,
                               lmds_tc_source_name(sr[i].pred.tc_source));
                    break;
                }
            printf(".\n");
        } else {
            printf("\nAnswer: no candidate meets every requirement (closest: `--json` ranks them by how far they "
                   "miss).\n");
        }
    }
    free(sr);
    rc = CLI_OK;
    if (svg) {
        cli_plot *pl = cli_plot_new("design: Pareto front", "liquidus (C)", "Tc (K)");
        long n = out->ncandidates;
        double *x = malloc(sizeof(double) * (size_t)(n + 1)), *y = malloc(sizeof(double) * (size_t)(n + 1));
        long m = 0;
        for (long i = 0; i < n; i++)
            if (out->candidates[i].violation == 0.0 && out->candidates[i].front > 0) {
                x[m] = out->candidates[i].T_liquidus_K - LMDS_C_TO_K;
                y[m++] = out->candidates[i].tc_K;
            }
        cli_plot_series(pl, "feasible", (int)m, x, y, CLI_MARKERS, "#bbbbbb");
        m = 0;
        for (long i = 0; i < n; i++)
            if (out->candidates[i].violation == 0.0 && out->candidates[i].front == 0) {
                x[m] = out->candidates[i].T_liquidus_K - LMDS_C_TO_K;
                y[m++] = out->candidates[i].tc_K;
            }
        cli_plot_series(pl, "Pareto front", (int)m, x, y, CLI_MARKERS, NULL);
        if (have_best) {
            char lab[160], al[128];
            cli_design_comp_label(&best.comp, al, sizeof al);
            snprintf(lab, sizeof lab, "best: %s", al);
            cli_plot_text(pl, best.T_liquidus_K - LMDS_C_TO_K, best.tc_K, lab);
        }
        rc = cli_plot_write(pl, svg);
        cli_plot_free(pl);
        free(x);
        free(y);
    }
    lmds_design_outcome_free(out);
    lmds_predictor_free(pr);
    lmds_design_mpi_finalize();
    return rc;
}
