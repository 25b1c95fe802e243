/* lmds liquid-sc: can any composition in the genome's reach superconduct while liquid? Per chemical family,
 * the lowest liquidus and the highest predicted Tc, and the gap between them. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FAMILIES "Ga,In,Sn,Bi,Zn,Pb,Cd,Tl,Hg,Na,K"

void cli_design_comp_label(const lmds_comp *c, char *buf, size_t n);

void cli_design_on_progress(void *ctx, long done, long total);

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds liquid-sc [--elements LIST] [--max-components N] [--step AT%%] [--routes LIST] [--json]\n"
            "                      [--tdb FILE] [--db FILE] [--model FILE|--no-model]\n\n"
            "Can anything in the genome's reach superconduct while it is liquid? For every alloy system of the\n"
            "liquid-metal families (" FAMILIES ") that the thermodynamic database covers,\n"
            "up to N elements (default 3), on a grid of step --step at.%% (default 5), the pipeline of\n"
            "`lmds predict` gives each composition's liquidus, solidus and the Tc of what it freezes into, by\n"
            "every route (default bulk, droplet:15um, confined:5nm). Per family it reports the lowest liquidus\n"
            "on the grid, the lowest solidus (the family's lowest eutectic: no alloy of the family is liquid\n"
            "below it, so the true lowest liquidus lies between the two), the highest Tc with its route, source\n"
            "and uncertainty, and the gap = lowest liquidus - highest Tc. A superconducting liquid would need a\n"
            "gap below zero. Every Tc here belongs to a solid phase; elements the database does not describe\n"
            "(e.g. Hg) use the element table's melting point.\n");
}

typedef struct family {
    char name[64];
    double tliq_min, tsol_min, tc_max, tc_unc;
    lmds_comp at_tliq, at_tc;
    char route[64], source[16];
} family;

static void family_init(family *F)
{
    memset(F, 0, sizeof *F);
    F->tliq_min = F->tsol_min = INFINITY;
    F->tc_max = -1.0;
    F->tc_unc = NAN;
    snprintf(F->route, sizeof F->route, "-");
    snprintf(F->source, sizeof F->source, "-");
}

static void fmt_num(double v, const char *fmt, char *buf, size_t n)
{
    if (isfinite(v))
        snprintf(buf, n, fmt, v);
    else
        snprintf(buf, n, "-");
}

int cli_cmd_liquid_sc(int argc, char **argv)
{
    static const struct option opts[] = {
        {"elements", required_argument, 0, 'e'}, {"max-components", required_argument, 0, 'k'},
        {"step", required_argument, 0, 's'}, {"routes", required_argument, 0, 'r'},
        {"json", no_argument, 0, 'j'}, {"tdb", required_argument, 0, 'D'}, {"db", required_argument, 0, 'B'},
        {"model", required_argument, 0, 'm'}, {"no-model", no_argument, 0, 'M'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    lmds_design_spec s;
    lmds_design_spec_init(&s);
    lmds_predictor_opts pro = {0};
    const char *elements = FAMILIES;
    const char *routes = "bulk,droplet:15um,confined:5nm";
    int json = 0;
    s.max_components = 3;
    s.grid_divisions = 20;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        double d;
        long l;
        switch (ch) {
        case 'e': elements = optarg; break;
        case 'k':
            if (cli_parse_int("liquid-sc", "--max-components", optarg, &l))
                return CLI_USAGE;
            if (l < 1 || l > 3)
                return cli_usage("liquid-sc", "--max-components: 1..3");
            s.max_components = (int)l;
            break;
        case 's':
            if (cli_parse_double("liquid-sc", "--step", optarg, &d))
                return CLI_USAGE;
            if (!(d >= 0.5 && d <= 50) || fabs(100.0 / d - round(100.0 / d)) > 1e-6)
                return cli_usage("liquid-sc", "--step: an at.%% step that divides 100 (0.5..50)");
            s.grid_divisions = (int)round(100.0 / d);
            break;
        case 'r': routes = optarg; break;
        case 'j': json = 1; break;
        case 'D': pro.tdb_path = optarg; break;
        case 'B': pro.genome_path = optarg; break;
        case 'm': pro.model_path = optarg; break;
        case 'M': pro.no_model = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage("liquid-sc", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("liquid-sc", "unexpected argument '%s'", argv[optind]);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", elements);
    s.nelements = 0;
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        if (s.nelements >= LMDS_DESIGN_MAX_ELEMENTS)
            return cli_usage("liquid-sc", "--elements: at most %d", LMDS_DESIGN_MAX_ELEMENTS);
        if (lmds_element_lookup(tok, &s.z[s.nelements]) != LMDS_OK)
            return cli_usage("liquid-sc", "--elements: unknown element '%s'", tok);
        s.nelements++;
    }
    if (s.nelements == 0)
        return cli_usage("liquid-sc", "--elements: empty list");
    snprintf(buf, sizeof buf, "%s", routes);
    s.nroutes = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (s.nroutes >= LMDS_DESIGN_MAX_ROUTES)
            return cli_usage("liquid-sc", "--routes: at most %d", LMDS_DESIGN_MAX_ROUTES);
        if (lmds_route_parse(tok, &s.routes[s.nroutes]) != LMDS_OK)
            return cli_usage("liquid-sc", "--routes: %s", lmds_errmsg());
        s.nroutes++;
    }
    if (s.nroutes == 0)
        return cli_usage("liquid-sc", "--routes: empty list");
    /* No constraints: every composition is scored; objectives Tc and liquidus. */
    s.max_liquidus_K = INFINITY;
    s.min_tc_K = 0.0;
    lmds_predictor *pr = NULL;
    lmds_status st = lmds_predictor_new(&pro, &pr);
    if (st != LMDS_OK)
        return cli_fail(st);
    if (*lmds_predictor_notes(pr))
        fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(pr));
    struct {
        void *bar;
        const char *label;
    } pc = {NULL, "liquid-sc"};
    lmds_design_outcome *out = NULL;
    st = lmds_design_run(pr, &s, cli_design_on_progress, &pc, &out);
    cli_progress_end(pc.bar);
    if (st != LMDS_OK) {
        lmds_predictor_free(pr);
        return cli_fail(st);
    }
    cli_flush_warnings();
    family *fam = calloc((size_t)out->nsystems + (size_t)s.nelements + 1, sizeof *fam);
    if (!fam) {
        lmds_design_outcome_free(out);
        lmds_predictor_free(pr);
        return cli_fail(lmds_error(LMDS_ENOMEM, "out of memory"));
    }
    int nf = 0;
    for (int i = 0; i < out->nsystems; i++) {
        const lmds_design_system *y = &out->systems[i];
        if (!y->covered)
            continue;
        family *F = &fam[nf++];
        family_init(F);
        for (int k = 0; k < y->n; k++) {
            size_t L = strlen(F->name);
            snprintf(F->name + L, sizeof F->name - L, "%s%s", k ? "-" : "", lmds_element_symbol(y->z[k]));
        }
        for (long j = 0; j < out->ncandidates; j++) {
            const lmds_design_candidate *c = &out->candidates[j];
            if (c->system != i || isinf(c->violation))
                continue;
            if (c->T_liquidus_K < F->tliq_min) {
                F->tliq_min = c->T_liquidus_K;
                F->at_tliq = c->comp;
            }
            if (c->T_solidus_K < F->tsol_min)
                F->tsol_min = c->T_solidus_K;
            if (c->tc_K > F->tc_max) {
                F->tc_max = c->tc_K;
                F->tc_unc = c->uncertainty_K;
                F->at_tc = c->comp;
                lmds_route_format(&s.routes[c->route], F->route, sizeof F->route);
                snprintf(F->source, sizeof F->source, "%s", lmds_tc_source_name(c->tc_source));
            }
        }
    }
    /* Pure elements the database does not describe (e.g. Hg): their liquidus is the melting point of the element
     * table (with its source) and their Tc the genome's, so they are not silently left out. */
    for (int i = 0; i < s.nelements; i++) {
        int covered = 0;
        for (int j = 0; j < out->nsystems; j++)
            if (out->systems[j].n == 1 && out->systems[j].z[0] == s.z[i])
                covered = out->systems[j].covered;
        double tm;
        if (covered || lmds_element_value(s.z[i], "melting_point_K", &tm) != LMDS_OK) {
            lmds_error_clear();
            continue;
        }
        double one = 1.0;
        lmds_comp c;
        lmds_comp_from_amounts(1, &s.z[i], &one, &c);
        family *F = &fam[nf];
        family_init(F);
        snprintf(F->name, sizeof F->name, "%s (melting point, element table)", lmds_element_symbol(s.z[i]));
        F->tliq_min = F->tsol_min = tm;
        F->at_tliq = F->at_tc = c;
        for (int k = 0; k < s.nroutes; k++) {
            lmds_predict_opts po;
            lmds_predict_opts_init(&po);
            po.route = s.routes[k];
            po.scheil = 0;
            lmds_prediction r;
            if (lmds_predict(pr, 0, &c, &po, &r) != LMDS_OK) {
                lmds_error_clear();
                continue;
            }
            if (r.tc_K > F->tc_max) {
                F->tc_max = r.tc_K;
                F->tc_unc = r.uncertainty_K;
                lmds_route_format(&s.routes[k], F->route, sizeof F->route);
                snprintf(F->source, sizeof F->source, "%s", lmds_tc_source_name(r.tc_source));
            }
        }
        if (F->tc_max >= 0)
            nf++;
    }
    /* The gap in kelvin: how far below the lowest liquidus the best Tc sits. */
    double best_gap = INFINITY;
    int ibest = -1;
    for (int i = 0; i < nf; i++) {
        double g = fam[i].tliq_min - fam[i].tc_max;
        if (fam[i].tc_max >= 0 && isfinite(g) && g < best_gap) {
            best_gap = g;
            ibest = i;
        }
    }
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < nf; i++) {
            cJSON *o = cJSON_CreateObject();
            char a[128], b[128];
            cli_design_comp_label(&fam[i].at_tliq, a, sizeof a);
            cli_design_comp_label(&fam[i].at_tc, b, sizeof b);
            int ok = fam[i].tc_max >= 0;
            cJSON_AddStringToObject(o, "family", fam[i].name);
            cJSON_AddItemToObject(o, "lowest_liquidus_K", cli_json_number(fam[i].tliq_min));
            cJSON_AddStringToObject(o, "lowest_liquidus_at", a);
            cJSON_AddItemToObject(o, "lowest_solidus_K", cli_json_number(fam[i].tsol_min));
            cJSON_AddItemToObject(o, "highest_Tc_K", cli_json_number(ok ? fam[i].tc_max : NAN));
            cJSON_AddItemToObject(o, "uncertainty_K", cli_json_number(fam[i].tc_unc));
            cJSON_AddStringToObject(o, "Tc_source", fam[i].source);
            cJSON_AddStringToObject(o, "route", fam[i].route);
            cJSON_AddStringToObject(o, "highest_Tc_at", b);
            cJSON_AddItemToObject(o, "gap_K", cli_json_number(ok ? fam[i].tliq_min - fam[i].tc_max : NAN));
            cJSON_AddItemToArray(arr, o);
        }
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObject(root, "families", arr);
        cJSON_AddNumberToObject(root, "systems_not_covered", out->nuncovered);
        cJSON_AddItemToObject(root, "smallest_gap_K", cli_json_number(best_gap));
        cJSON_AddStringToObject(root, "smallest_gap_family", ibest >= 0 ? fam[ibest].name : "");
        cJSON_AddBoolToObject(root, "liquid_superconductor_predicted", isfinite(best_gap) && best_gap < 0);
        cli_json_print(root);
    } else {
        printf("Per family (alloy system): lowest liquidus on a %g at.%% grid, lowest solidus (the family's lowest "
               "eutectic),\nhighest Tc by any route (%s), gap = lowest liquidus - highest Tc.\n",
               100.0 / s.grid_divisions, routes);
        const char *h[] = {"family", "liquidus_min_K", "where (at.%)", "solidus_min_K", "Tc_max_K", "+-K",
                           "source", "route", "where (at.%)", "gap_K"};
        cli_table *t = cli_table_new(10, h);
        for (int i = 0; i < nf; i++) {
            char a[128], b[128], l[32], so[32], tc[32], u[32], g[32];
            int ok = fam[i].tc_max >= 0;
            cli_design_comp_label(&fam[i].at_tliq, a, sizeof a);
            if (ok)
                cli_design_comp_label(&fam[i].at_tc, b, sizeof b);
            else
                snprintf(b, sizeof b, "-");
            fmt_num(fam[i].tliq_min, "%.1f", l, sizeof l);
            fmt_num(fam[i].tsol_min, "%.1f", so, sizeof so);
            fmt_num(ok ? fam[i].tc_max : NAN, "%.2f", tc, sizeof tc);
            fmt_num(ok ? fam[i].tc_unc : NAN, "%.2f", u, sizeof u);
            fmt_num(ok ? fam[i].tliq_min - fam[i].tc_max : NAN, "%.1f", g, sizeof g);
            const char *row[] = {fam[i].name, l, a, so, tc, u, fam[i].source, fam[i].route, b, g};
            cli_table_add(t, row);
        }
        cli_table_print(t, stdout, CLI_FMT_TABLE);
        cli_table_free(t);
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
        if (ibest >= 0)
            printf("Smallest gap: %s, %.1f K between its lowest liquidus and its highest Tc.\n%s\n",
                   fam[ibest].name, best_gap,
                   best_gap < 0 ? "A Tc above the liquidus is predicted: check the sources before believing it."
                                : "No composition in reach superconducts while liquid: every Tc here belongs to a "
                                  "solid phase and lies\nat least that far below the lowest liquidus (no liquid metal "
                                  "is known to superconduct).");
    }
    free(fam);
    lmds_design_outcome_free(out);
    lmds_predictor_free(pr);
    return CLI_OK;
}
