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
            "With no flags: liquidus <= 60 C, Tc >= 4.2 K, without Pb, Cd, Hg; routes bulk, film 100 nm,\n"
            "droplet 15 um; objectives tc and liquidus (Pareto front).\n\n"
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
            "  --exclude LIST      elements to leave out (default Pb,Cd,Hg; 'none' keeps all)\n"
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
            "  --json              ranked candidates, Pareto front and the best candidate's prediction\n"
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
} prog_ctx;

static void on_progress(void *ctx, long done, long total)
{
    (void)total;
    prog_ctx *p = ctx;
    cli_progress_update(p->bar, done);
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
    cJSON_AddItemToObject(o, "Tc_K", cli_json_number(c->tc_K));
    cJSON_AddStringToObject(o, "route", route);
    cJSON_AddItemToObject(o, "cost_usd_kg", cli_json_number(c->cost_usd_kg));
    cJSON_AddBoolToObject(o, "feasible", c->violation == 0.0);
    cJSON_AddNumberToObject(o, "front", c->front);
    return o;
}

int cli_design_print_prediction(const lmds_prediction *r);
int cli_design_print_prediction(const lmds_prediction *r)
{
    char route[64];
    lmds_route_format(&r->route, route, sizeof route);
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        printf("    %-16s as %-8s %5.1f %% of the volume%s  Tc %.2f +- %.2f K  [%s: %s]\n", p->phase, p->formula,
               100 * p->volume_fraction, p->percolates ? " (percolates)" : " (isolated)  ", p->tc_route_K,
               p->uncertainty_K, lmds_tc_source_name(p->source), p->reference);
        if (p->route_note[0])
            printf("    %-16s route: %s\n", "", p->route_note);
    }
    return 0;
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
    parse_list("design", "", "Pb,Cd,Hg", excl, &nexcl, LMDS_DESIGN_MAX_ELEMENTS);
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
    prog_ctx pc = {NULL};
    if (rank == 0)
        pc.bar = cli_progress_start("design", 1);
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
    if (out->ncandidates > 0 && out->candidates[0].violation == 0.0) {
        lmds_predict_opts po;
        lmds_predict_opts_init(&po);
        po.route = s.routes[out->candidates[0].route];
        po.P_GPa = s.P_GPa;
        po.scheil = 0;
        if (lmds_predict(pr, 0, &out->candidates[0].comp, &po, &best) == LMDS_OK)
            have_best = 1;
        else
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
                char sy[64] = "";
                for (int k = 0; k < out->systems[i].n; k++) {
                    size_t L = strlen(sy);
                    snprintf(sy + L, sizeof sy - L, "%s%s", k ? "-" : "", lmds_element_symbol(out->systems[i].z[k]));
                }
                cJSON_AddItemToArray(unc, cJSON_CreateString(sy));
            }
        cJSON_AddNumberToObject(o, "evaluations", (double)out->nevaluations);
        cJSON_AddNumberToObject(o, "feasible", (double)out->nfeasible);
        cJSON_AddNumberToObject(o, "failed", (double)out->nfailed);
        cJSON_AddNumberToObject(o, "ranks", size);
        cJSON *ranked = cJSON_AddArrayToObject(o, "ranked");
        for (long i = 0; i < out->ncandidates && i < top; i++)
            cJSON_AddItemToArray(ranked, cand_json(&s, &out->candidates[i], i));
        cJSON *pf = cJSON_AddArrayToObject(o, "pareto_front");
        for (long i = 0; i < out->ncandidates; i++)
            if (out->candidates[i].violation == 0.0 && out->candidates[i].front == 0)
                cJSON_AddItemToArray(pf, cand_json(&s, &out->candidates[i], i));
        if (have_best) {
            cJSON *b = cJSON_AddObjectToObject(o, "best");
            char lab[128];
            cli_design_comp_label(&best.comp, lab, sizeof lab);
            cJSON_AddStringToObject(b, "alloy_at_pct", lab);
            cJSON_AddItemToObject(b, "Tc_K", cli_json_number(best.tc_K));
            cJSON_AddItemToObject(b, "uncertainty_K", cli_json_number(best.uncertainty_K));
            cJSON_AddStringToObject(b, "Tc_source", lmds_tc_source_name(best.tc_source));
            if (best.tc_phase >= 0) {
                cJSON_AddStringToObject(b, "Tc_phase", best.phases[best.tc_phase].phase);
                cJSON_AddStringToObject(b, "Tc_phase_formula", best.phases[best.tc_phase].formula);
                cJSON_AddStringToObject(b, "reference", best.phases[best.tc_phase].reference);
            }
        } else {
            cJSON_AddNullToObject(o, "best");
        }
        cli_json_print(o);
    } else {
        printf("Question: Tc >= %.2f K", s.min_tc_K);
        if (isfinite(s.max_liquidus_K))
            printf(", liquid at %.1f C (liquidus <= %.1f K)", s.max_liquidus_K - LMDS_C_TO_K, s.max_liquidus_K);
        printf(", from %s%s%s; up to %d elements, grid step %g at.%%\n", pool_s, nexcl ? " without " : "",
               excl_s, s.max_components, 100.0 / s.grid_divisions);
        int ncov = out->nsystems - out->nuncovered;
        printf("Searched %d alloy systems covered by the thermodynamic database (%ld candidates, %ld feasible, "
               "%ld failed) in %.1f s on %d thread(s) x %d rank(s).\n", ncov, out->nevaluations, out->nfeasible,
               out->nfailed, out->seconds, lmds_design_threads(), size);
        if (out->nuncovered) {
            printf("Not searched (no thermodynamic description): %d systems", out->nuncovered);
            int shown = 0;
            for (int i = 0; i < out->nsystems && shown < 12; i++)
                if (!out->systems[i].covered && out->systems[i].n == 2) {
                    printf("%s%s-%s", shown ? ", " : ": ", lmds_element_symbol(out->systems[i].z[0]),
                           lmds_element_symbol(out->systems[i].z[1]));
                    shown++;
                }
            printf("%s\n", shown ? ", ... (binaries shown)" : "");
        }
        const char *h[] = {"rank", "alloy (at.%)", "liquidus_C", "Tc_K", "route", "front", "feasible"};
        cli_table *t = cli_table_new(7, h);
        for (long i = 0; i < out->ncandidates && i < top; i++) {
            const lmds_design_candidate *c = &out->candidates[i];
            char rk[16], lab[128], tl[32], tc[32], route[64], fr[16];
            snprintf(rk, sizeof rk, "%ld", i + 1);
            cli_design_comp_label(&c->comp, lab, sizeof lab);
            snprintf(tl, sizeof tl, "%.1f", c->T_liquidus_K - LMDS_C_TO_K);
            snprintf(tc, sizeof tc, "%.2f", c->tc_K);
            route_name(&s, c->route, route, sizeof route);
            snprintf(fr, sizeof fr, "%d", c->front);
            const char *row[] = {rk, lab, tl, tc, route, c->violation == 0.0 ? fr : "-",
                                 c->violation == 0.0 ? "yes" : "no"};
            cli_table_add(t, row);
        }
        cli_table_print(t, stdout, CLI_FMT_TABLE);
        cli_table_free(t);
        printf("Pareto front (%s", lmds_objective_name(s.obj[0]));
        for (int j = 1; j < s.nobj; j++)
            printf(" vs %s", lmds_objective_name(s.obj[j]));
        printf("): %ld feasible candidates\n", nfront);
        if (have_best) {
            char lab[128], route[64];
            cli_design_comp_label(&best.comp, lab, sizeof lab);
            lmds_route_format(&best.route, route, sizeof route);
            printf("\nAnswer: %s (at.%%), route %s: liquid above %.1f C, Tc %.2f +- %.2f K.\n", lab, route,
                   best.T_liquidus_K - LMDS_C_TO_K, best.tc_K, best.uncertainty_K);
            printf("Why: it freezes (as-frozen equilibrium, %.1f K) into\n", best.T_phases_K);
            cli_design_print_prediction(&best);
            if (best.tc_phase >= 0)
                printf("  and %s (%s) fills %.0f %% of the volume, above the 3D percolation threshold %.2f\n"
                       "  (Scher & Zallen 1970), so the alloy carries a supercurrent below %.2f K (source: %s).\n",
                       best.phases[best.tc_phase].phase, best.phases[best.tc_phase].formula,
                       100 * best.phases[best.tc_phase].volume_fraction, best.percolation_threshold, best.tc_K,
                       lmds_tc_source_name(best.tc_source));
            if (best.note[0])
                printf("  note: %s\n", best.note);
        } else {
            printf("\nAnswer: no candidate meets every requirement; the closest are ranked above by how far "
                   "they miss.\n");
        }
    }
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
