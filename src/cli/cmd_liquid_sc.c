/* lmds liquid-sc: can any composition in the genome's reach superconduct while liquid? Per chemical family,
 * the lowest liquidus and the highest predicted Tc, and the gap between them. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FAMILIES "Ga,In,Sn,Bi,Zn,Pb,Cd,Tl,Hg,Na,K"

void cli_design_comp_label(const lmds_comp *c, char *buf, size_t n);

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds liquid-sc [--elements LIST] [--max-components N] [--step AT%%] [--json]\n\n"
            "Can anything in the genome's reach superconduct while it is liquid? For every alloy system of the\n"
            "liquid-metal families (" FAMILIES ") that the thermodynamic database covers,\n"
            "up to N elements (default 2), on a grid of step --step at.%% (default 5), the pipeline of\n"
            "`lmds predict` gives each composition's liquidus and the Tc of what it freezes into (bulk). Per\n"
            "family it reports the lowest liquidus, the highest Tc, and the gap (lowest liquidus - highest Tc):\n"
            "a superconducting liquid would need a gap below zero. Tc belongs to the solid phases; no liquid\n"
            "metal is known to superconduct, and the gap says by how far each family misses.\n");
}

typedef struct family {
    char name[64];
    double tliq_min, tc_max;
    lmds_comp at_tliq, at_tc;
    char tc_phase_src[16];
} family;

int cli_cmd_liquid_sc(int argc, char **argv)
{
    static const struct option opts[] = {
        {"elements", required_argument, 0, 'e'}, {"max-components", required_argument, 0, 'k'},
        {"step", required_argument, 0, 's'}, {"json", no_argument, 0, 'j'},
        {"tdb", required_argument, 0, 'D'}, {"db", required_argument, 0, 'B'},
        {"model", required_argument, 0, 'm'}, {"no-model", no_argument, 0, 'M'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    lmds_design_spec s;
    lmds_design_spec_init(&s);
    lmds_predictor_opts pro = {0};
    const char *elements = FAMILIES;
    int json = 0;
    s.max_components = 2;
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
    /* No constraints: every composition is scored; bulk route; objectives Tc and liquidus. */
    s.max_liquidus_K = INFINITY;
    s.min_tc_K = 0.0;
    s.nroutes = 1;
    s.routes[0] = (lmds_route){LMDS_ROUTE_BULK, 0.0};
    lmds_predictor *pr = NULL;
    lmds_status st = lmds_predictor_new(&pro, &pr);
    if (st != LMDS_OK)
        return cli_fail(st);
    if (*lmds_predictor_notes(pr))
        fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(pr));
    cli_progress *bar = cli_progress_start("liquid-sc", 1);
    lmds_design_outcome *out = NULL;
    st = lmds_design_run(pr, &s, NULL, NULL, &out);
    cli_progress_end(bar);
    if (st != LMDS_OK) {
        lmds_predictor_free(pr);
        return cli_fail(st);
    }
    cli_flush_warnings();
    family *fam = calloc((size_t)out->nsystems, sizeof *fam);
    int nf = 0;
    for (int i = 0; i < out->nsystems; i++) {
        const lmds_design_system *y = &out->systems[i];
        if (!y->covered)
            continue;
        family *F = &fam[nf++];
        F->name[0] = '\0';
        for (int k = 0; k < y->n; k++) {
            size_t L = strlen(F->name);
            snprintf(F->name + L, sizeof F->name - L, "%s%s", k ? "-" : "", lmds_element_symbol(y->z[k]));
        }
        F->tliq_min = INFINITY;
        F->tc_max = -1;
        for (long j = 0; j < out->ncandidates; j++) {
            const lmds_design_candidate *c = &out->candidates[j];
            if (c->system != i || isinf(c->violation))
                continue;
            if (c->T_liquidus_K < F->tliq_min) {
                F->tliq_min = c->T_liquidus_K;
                F->at_tliq = c->comp;
            }
            if (c->tc_K > F->tc_max) {
                F->tc_max = c->tc_K;
                F->at_tc = c->comp;
            }
        }
    }
    /* The gap in kelvin: how far below the lowest liquidus the best Tc sits. */
    double best_gap = INFINITY;
    int ibest = -1;
    for (int i = 0; i < nf; i++) {
        double g = fam[i].tliq_min - fam[i].tc_max;
        if (isfinite(g) && g < best_gap) {
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
            cJSON_AddStringToObject(o, "family", fam[i].name);
            cJSON_AddItemToObject(o, "lowest_liquidus_K", cli_json_number(fam[i].tliq_min));
            cJSON_AddStringToObject(o, "lowest_liquidus_at", a);
            cJSON_AddItemToObject(o, "highest_Tc_K", cli_json_number(fam[i].tc_max));
            cJSON_AddStringToObject(o, "highest_Tc_at", b);
            cJSON_AddItemToObject(o, "gap_K", cli_json_number(fam[i].tliq_min - fam[i].tc_max));
            cJSON_AddItemToArray(arr, o);
        }
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObject(root, "families", arr);
        cJSON_AddItemToObject(root, "smallest_gap_K", cli_json_number(best_gap));
        cJSON_AddStringToObject(root, "smallest_gap_family", ibest >= 0 ? fam[ibest].name : "");
        cJSON_AddBoolToObject(root, "liquid_superconductor_predicted", isfinite(best_gap) && best_gap < 0);
        cli_json_print(root);
    } else {
        const char *h[] = {"family", "lowest liquidus_K", "at (at.%)", "highest Tc_K", "at (at.%)", "gap_K"};
        cli_table *t = cli_table_new(6, h);
        for (int i = 0; i < nf; i++) {
            char a[128], b[128], l[32], tc[32], g[32];
            cli_design_comp_label(&fam[i].at_tliq, a, sizeof a);
            cli_design_comp_label(&fam[i].at_tc, b, sizeof b);
            snprintf(l, sizeof l, "%.1f", fam[i].tliq_min);
            snprintf(tc, sizeof tc, "%.2f", fam[i].tc_max);
            snprintf(g, sizeof g, "%.1f", fam[i].tliq_min - fam[i].tc_max);
            const char *row[] = {fam[i].name, l, a, tc, b, g};
            cli_table_add(t, row);
        }
        cli_table_print(t, stdout, CLI_FMT_TABLE);
        cli_table_free(t);
        if (out->nuncovered)
            printf("%d systems have no thermodynamic description and are not included (e.g. Hg, Tl alloys when "
                   "the database lacks them).\n", out->nuncovered);
        if (ibest >= 0)
            printf("Smallest gap: %s, %.1f K between its lowest liquidus and its highest Tc.\n%s\n",
                   fam[ibest].name, best_gap,
                   best_gap < 0 ? "A Tc above the liquidus is predicted: check the sources before believing it."
                                : "No composition in reach superconducts while liquid: every Tc here belongs to a "
                                  "solid phase and lies far below the lowest liquidus.");
    }
    free(fam);
    lmds_design_outcome_free(out);
    lmds_predictor_free(pr);
    return CLI_OK;
}
