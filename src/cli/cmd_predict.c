/* lmds predict: the forward pipeline for one composition (melt -> phases -> Tc, with sources). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds predict COMPOSITION [--route bulk|film:THICKNESS|droplet:RADIUS|confined:PORE]\n"
            "                    [--P GPa] [--cool-to K] [--json] [--svg FILE] [--no-scheil]\n"
            "                    [--tdb FILE] [--db FILE] [--model FILE|--no-model] [--percolation X] [--wt]\n\n"
            "What does this melt freeze into, and does that superconduct?\n"
            "  1. thermodynamics (default database data/tdb/lmds.tdb): liquidus, solidus, the phases as frozen\n"
            "     (equilibrium 2 K below the solidus; --cool-to K for equilibrium at K) and the Scheil amounts;\n"
            "     a system the database does not cover is said so and treated as one phase;\n"
            "  2. each phase's Tc: the genome's measurement (with its reference), else Allen-Dynes on the\n"
            "     genome's lambda/omega_log, else the learned model -- the source and an uncertainty are printed;\n"
            "  3. the material's Tc: the highest Tc among phases filling at least the 3D percolation threshold\n"
            "     (volume fraction 0.16, Scher & Zallen, J. Chem. Phys. 53, 3759 (1970)); a higher Tc in a\n"
            "     non-percolating phase is reported as filamentary;\n"
            "  4. the route: a measurement in that form (film, nanodroplet, confined) when the genome has one,\n"
            "     else the film formula (Simonin) or the Anderson limit for droplets.\n\n"
            "Sizes take nm (default), um or mm: film:100nm, droplet:15um, confined:3.5nm.\n"
            "Options:\n"
            "  --route R        preparation route (default bulk)\n"
            "  --P GPa          pressure (default 0)\n"
            "  --cool-to K      phases at equilibrium at K instead of as frozen\n"
            "  --no-scheil      skip the Scheil path\n"
            "  --json           machine-readable (T_liquidus_K, phases, Tc_K, Tc_source, uncertainty_K, ...)\n"
            "  --svg FILE       solidification path (phase amounts vs T) with Tc marked\n"
            "  --percolation X  volume-fraction threshold (default 0.16)\n"
            "  --wt             the composition is by weight\n"
            "  --tdb, --db, --model, --no-model   other database, genome or model\n");
}

/* Also used by `lmds design --json` for the explained candidates. */
cJSON *cli_predict_json(const lmds_prediction *r);
cJSON *cli_predict_json(const lmds_prediction *r)
{
    cJSON *o = cJSON_CreateObject();
    char route[64];
    lmds_route_format(&r->route, route, sizeof route);
    cJSON_AddStringToObject(o, "formula", r->formula);
    cJSON *xs = cJSON_AddObjectToObject(o, "composition");
    for (int k = 0; k < r->comp.n; k++)
        cJSON_AddNumberToObject(xs, lmds_element_symbol(r->comp.z[k]), r->comp.x[k]);
    cJSON_AddStringToObject(o, "route", route);
    cJSON_AddNumberToObject(o, "P_GPa", r->P_GPa);
    cJSON_AddBoolToObject(o, "covered", r->covered);
    if (!r->covered)
        cJSON_AddStringToObject(o, "missing", r->missing);
    cJSON_AddItemToObject(o, "T_liquidus_K", cli_json_number(r->T_liquidus_K));
    cJSON_AddItemToObject(o, "T_solidus_K", cli_json_number(r->T_solidus_K));
    cJSON_AddStringToObject(o, "primary_phase", r->primary_phase);
    cJSON_AddItemToObject(o, "T_phases_K", cli_json_number(r->T_phases_K));
    cJSON *ph = cJSON_AddArrayToObject(o, "phases");
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        cJSON *q = cJSON_CreateObject();
        char f[64];
        lmds_comp_formula(&p->comp, f, sizeof f);
        cJSON_AddStringToObject(q, "name", p->phase);
        cJSON_AddStringToObject(q, "composition", f);
        cJSON_AddStringToObject(q, "formula", p->formula);
        cJSON_AddStringToObject(q, "identified_by", p->how);
        cJSON_AddItemToObject(q, "amount", cli_json_number(p->amount));
        cJSON_AddItemToObject(q, "amount_scheil", cli_json_number(p->amount_scheil));
        cJSON_AddItemToObject(q, "volume_fraction", cli_json_number(p->volume_fraction));
        cJSON_AddBoolToObject(q, "percolates", p->percolates);
        cJSON_AddItemToObject(q, "Tc_bulk_K", cli_json_number(p->tc_K));
        cJSON_AddItemToObject(q, "Tc_K", cli_json_number(p->tc_route_K));
        cJSON_AddItemToObject(q, "uncertainty_K", cli_json_number(p->uncertainty_K));
        cJSON_AddBoolToObject(q, "Tc_is_upper_bound", p->tc_is_bound);
        cJSON_AddStringToObject(q, "Tc_source", lmds_tc_source_name(p->source));
        cJSON_AddStringToObject(q, "reference", p->reference);
        if (p->route_note[0])
            cJSON_AddStringToObject(q, "route_note", p->route_note);
        cJSON_AddItemToArray(ph, q);
    }
    cJSON_AddItemToObject(o, "Tc_K", cli_json_number(r->tc_K));
    cJSON_AddStringToObject(o, "Tc_source", lmds_tc_source_name(r->tc_source));
    cJSON_AddItemToObject(o, "uncertainty_K", cli_json_number(r->uncertainty_K));
    if (r->tc_phase >= 0)
        cJSON_AddStringToObject(o, "Tc_phase", r->phases[r->tc_phase].phase);
    else
        cJSON_AddNullToObject(o, "Tc_phase");
    cJSON_AddItemToObject(o, "Tc_scheil_K", cli_json_number(r->tc_scheil_K));
    cJSON_AddItemToObject(o, "Tc_filamentary_K", cli_json_number(r->tc_filament_K));
    cJSON_AddNumberToObject(o, "percolation_threshold", r->percolation_threshold);
    cJSON_AddStringToObject(o, "rule", "material Tc = highest Tc among phases with volume fraction >= the 3D "
                                       "percolation threshold (Scher & Zallen, J. Chem. Phys. 53, 3759 (1970))");
    if (r->note[0])
        cJSON_AddStringToObject(o, "note", r->note);
    return o;
}

/* A reference shortened for a table cell (the full text is in --json): at most n-1 bytes, "..." when cut. */
void cli_predict_short_ref(const char *ref, char *buf, size_t n);
void cli_predict_short_ref(const char *ref, char *buf, size_t n)
{
    size_t len = strlen(ref);
    if (len < n) {
        snprintf(buf, n, "%s", ref);
        return;
    }
    snprintf(buf, n, "%.*s...", (int)(n - 4), ref);
}

static void fmt_T(double T, char *buf, size_t n)
{
    if (isfinite(T))
        snprintf(buf, n, "%.1f K (%.1f C)", T, T - LMDS_C_TO_K);
    else
        snprintf(buf, n, "-");
}

static void print_table(const lmds_prediction *r)
{
    char a[64], b[64], route[64];
    lmds_route_format(&r->route, route, sizeof route);
    printf("%s  route %s  P %g GPa\n", r->formula, route, r->P_GPa);
    if (!r->covered) {
        printf("thermodynamics: not covered by the database (missing %s): treated as one phase\n", r->missing);
    } else {
        fmt_T(r->T_liquidus_K, a, sizeof a);
        fmt_T(r->T_solidus_K, b, sizeof b);
        printf("liquidus %s, first solid %s; solidus %s\n", a, r->primary_phase, b);
        printf("phases at %.1f K%s:\n", r->T_phases_K, "");
    }
    const char *h[] = {"phase", "as", "amount", "Scheil", "vol.frac", "percolates", "Tc_K", "+-K", "source",
                       "reference"};
    cli_table *t = cli_table_new(10, h);
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        char am[32], sc[32], vf[32], tc[32], un[32];
        snprintf(am, sizeof am, "%.3f", p->amount);
        if (isfinite(p->amount_scheil))
            snprintf(sc, sizeof sc, "%.3f", p->amount_scheil);
        else
            snprintf(sc, sizeof sc, "-");
        snprintf(vf, sizeof vf, "%.3f", p->volume_fraction);
        if (p->tc_is_bound && p->uncertainty_K > 0) { /* a measured "not superconducting above X K" */
            snprintf(tc, sizeof tc, "<%.2g", p->uncertainty_K);
            snprintf(un, sizeof un, "-");
        } else if (p->tc_is_bound) { /* "no Tc reported" */
            snprintf(tc, sizeof tc, "0");
            snprintf(un, sizeof un, "-");
        } else {
            snprintf(tc, sizeof tc, "%.2f", p->tc_route_K);
            snprintf(un, sizeof un, "%.2f", p->uncertainty_K);
        }
        char ref[128];
        cli_predict_short_ref(p->reference, ref, sizeof ref);
        const char *row[] = {p->phase, p->formula, am, sc, vf, p->percolates ? "yes" : "no", tc, un,
                             lmds_tc_source_name(p->source), ref};
        cli_table_add(t, row);
    }
    cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
    for (int k = 0; k < r->nphases; k++)
        if (r->phases[k].route_note[0])
            printf("  route, %s: %s\n", r->phases[k].phase, r->phases[k].route_note);
    if (r->tc_phase >= 0)
        printf("Tc = %.2f +- %.2f K (%s, in %s = %s; source: %s)\n", r->tc_K, r->uncertainty_K,
               route, r->phases[r->tc_phase].phase, r->phases[r->tc_phase].formula,
               lmds_tc_source_name(r->tc_source));
    else
        printf("Tc: no percolating phase is predicted to superconduct\n");
    if (r->tc_filament_K > r->tc_K)
        printf("  a non-percolating phase superconducts up to %.2f K (filamentary / partial transition)\n",
               r->tc_filament_K);
    if (isfinite(r->tc_scheil_K))
        printf("  with the Scheil amounts: Tc = %.2f K\n", r->tc_scheil_K);
    printf("rule: highest Tc among phases with volume fraction >= %.2f (3D percolation, Scher & Zallen 1970)\n",
           r->percolation_threshold);
    if (r->note[0])
        printf("note: %s\n", r->note);
}

static int write_svg(lmds_predictor *pr, const lmds_prediction *r, const char *path)
{
    cli_plot *pl = cli_plot_new(r->formula, "T (K)", "phase amount (mol of atoms per mol)");
    if (r->covered) {
        lmds_solidify_path *eq = NULL, *sch = NULL;
        double Tend = isfinite(r->T_phases_K) ? fmin(r->T_phases_K, r->T_solidus_K - 30) : r->T_solidus_K - 30;
        if (Tend < 1)
            Tend = 1;
        lmds_status st = lmds_predict_paths(pr, &r->comp, Tend, &eq, &sch);
        if (st != LMDS_OK) {
            cli_plot_free(pl);
            return cli_fail(st);
        }
        /* One series per phase name over the equilibrium path, and the Scheil liquid fraction. */
        char names[16][LMDS_PHASE_NAME];
        int nn = 0;
        for (int i = 0; i < eq->nsteps; i++)
            for (int j = 0; j < eq->steps[i].nphases; j++) {
                int found = 0;
                for (int k = 0; k < nn; k++)
                    found |= strcmp(names[k], eq->steps[i].phase[j]) == 0;
                if (!found && nn < 16)
                    snprintf(names[nn++], LMDS_PHASE_NAME, "%s", eq->steps[i].phase[j]);
            }
        double *x = malloc(sizeof(double) * (size_t)(eq->nsteps + sch->nsteps + 1));
        double *y = malloc(sizeof(double) * (size_t)(eq->nsteps + sch->nsteps + 1));
        for (int i = 0; i < eq->nsteps; i++) {
            x[i] = eq->steps[i].T;
            y[i] = eq->steps[i].f_liquid;
        }
        cli_plot_series(pl, "liquid (equilibrium)", eq->nsteps, x, y, CLI_LINE, NULL);
        for (int k = 0; k < nn; k++) {
            if (strcmp(names[k], "LIQUID") == 0)
                continue;
            for (int i = 0; i < eq->nsteps; i++) {
                x[i] = eq->steps[i].T;
                y[i] = 0;
                for (int j = 0; j < eq->steps[i].nphases; j++)
                    if (strcmp(eq->steps[i].phase[j], names[k]) == 0)
                        y[i] += eq->steps[i].amount[j];
            }
            cli_plot_series(pl, names[k], eq->nsteps, x, y, CLI_LINE, NULL);
        }
        for (int i = 0; i < sch->nsteps; i++) {
            x[i] = sch->steps[i].T;
            y[i] = sch->steps[i].f_liquid;
        }
        cli_plot_series(pl, "liquid (Scheil)", sch->nsteps, x, y, CLI_DASHED, NULL);
        free(x);
        free(y);
        lmds_solidify_path_free(eq);
        lmds_solidify_path_free(sch);
    }
    if (r->tc_phase >= 0 && r->tc_K > 0) {
        double xs[2] = {r->tc_K, r->tc_K}, ys[2] = {0, 1};
        char lab[128];
        snprintf(lab, sizeof lab, "Tc %.2f K (%s)", r->tc_K, r->phases[r->tc_phase].formula);
        cli_plot_series(pl, lab, 2, xs, ys, CLI_DASHED, "#000000");
        cli_plot_text(pl, r->tc_K, 0.95, lab);
    }
    cli_plot_yrange(pl, 0, 1.05);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

int cli_cmd_predict(int argc, char **argv)
{
    static const struct option opts[] = {
        {"route", required_argument, 0, 'r'}, {"P", required_argument, 0, 'P'},
        {"cool-to", required_argument, 0, 'c'}, {"json", no_argument, 0, 'j'},
        {"svg", required_argument, 0, 's'}, {"no-scheil", no_argument, 0, 'n'},
        {"tdb", required_argument, 0, 't'}, {"db", required_argument, 0, 'd'},
        {"model", required_argument, 0, 'm'}, {"no-model", no_argument, 0, 'M'},
        {"percolation", required_argument, 0, 'p'}, {"wt", no_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    lmds_predict_opts po;
    lmds_predict_opts_init(&po);
    lmds_predictor_opts pro = {0};
    int json = 0, wt = 0;
    const char *svg = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': {
            lmds_status st = lmds_route_parse(optarg, &po.route);
            if (st != LMDS_OK)
                return cli_usage("predict", "--route: %s", lmds_errmsg());
            break;
        }
        case 'P':
            if (cli_parse_double("predict", "--P", optarg, &po.P_GPa))
                return CLI_USAGE;
            break;
        case 'c':
            if (cli_parse_double("predict", "--cool-to", optarg, &po.T_final_K))
                return CLI_USAGE;
            break;
        case 'p':
            if (cli_parse_double("predict", "--percolation", optarg, &po.percolation_threshold))
                return CLI_USAGE;
            if (!(po.percolation_threshold > 0 && po.percolation_threshold <= 1))
                return cli_usage("predict", "--percolation: a volume fraction in (0, 1]");
            break;
        case 'j': json = 1; break;
        case 's': svg = optarg; break;
        case 'n': po.scheil = 0; break;
        case 't': pro.tdb_path = optarg; break;
        case 'd': pro.genome_path = optarg; break;
        case 'm': pro.model_path = optarg; break;
        case 'M': pro.no_model = 1; break;
        case 'w': wt = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default:
            return cli_usage("predict", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("predict", "missing COMPOSITION");
    if (optind + 1 < argc)
        return cli_usage("predict", "one composition at a time (got '%s' too)", argv[optind + 1]);
    if (po.P_GPa < 0)
        return cli_usage("predict", "--P: pressure must be >= 0");
    if (!isnan(po.T_final_K) && !(po.T_final_K > 0))
        return cli_usage("predict", "--cool-to: temperature must be > 0 K");
    lmds_comp_opts co = {wt, 0};
    lmds_comp c;
    lmds_status st = lmds_comp_parse(argv[optind], &co, &c);
    if (st != LMDS_OK)
        return cli_fail(st);
    lmds_predictor *pr = NULL;
    st = lmds_predictor_new(&pro, &pr);
    if (st != LMDS_OK)
        return cli_fail(st);
    if (*lmds_predictor_notes(pr))
        fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(pr));
    lmds_prediction r;
    st = lmds_predict(pr, 0, &c, &po, &r);
    if (st != LMDS_OK) {
        lmds_predictor_free(pr);
        return cli_fail(st);
    }
    cli_flush_warnings();
    if (json)
        cli_json_print(cli_predict_json(&r));
    else
        print_table(&r);
    int rc = CLI_OK;
    if (svg)
        rc = write_svg(pr, &r, svg);
    lmds_predictor_free(pr);
    return rc;
}
