/* lmds predict: the forward pipeline for compositions (melt -> phases -> Tc, with sources), one or many. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}

static const cli_opt PREDICT_OPTS[] = {
    {"route", 0, CLI_STRING, "R", 0, 0, 0, NULL, "bulk (default), film:THICKNESS, droplet:RADIUS, confined:PORE", NULL},
    {"P", 0, CLI_DOUBLE, "GPa", 0, 500, 0, NULL, "pressure (default 0): pressure-induced phases, measured values "
     "within 0.5 GPa, EOS scaling", NULL},
    {"store-at", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, "storage temperature: phases at equilibrium there "
     "(default 298 K)", NULL},
    {"quench", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "phases as frozen (2 K below the solidus), not as stored", NULL},
    {"blind", 0, CLI_FLAG, NULL, 0, 0, 0, NULL,
     "hide the genome's rows of the material and of its phases' compounds: Tc from Tc(x), physics or learning", NULL},
    {"cool-to", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, "phases at equilibrium at K (overrides --store-at)",
     NULL},
    {"no-scheil", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "skip the Scheil path", NULL},
    {"percolation", 0, CLI_DOUBLE, "X", 0, 1, CLI_GT_LO, NULL, "volume-fraction threshold (default 0.16)", NULL},
    {"wt", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "the compositions are by weight", NULL},
    {"input", 'i', CLI_INPUT, "FILE", 0, 0, CLI_STDIO, NULL, "compositions from FILE, one per line (# comments)", NULL},
    {"svg", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "one composition: solidification path with Tc marked (SVG)", NULL},
    {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database (default data/tdb/lmds.tdb)", NULL},
    {"db", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "genome (default: $LMDS_DB, else <data>/genome.sqlite)", NULL},
    {"model", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "learned model (default data/models/lmds_tc_default.model)", NULL},
    {"no-model", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "no learned Tc (genome and Allen-Dynes only)", NULL},
    CLI_OPTS_FORMAT, END};

static const cli_cmd PREDICT = {
    "predict", "[options] COMPOSITION... | - | --input FILE",
    "What does this melt freeze into, and does that superconduct?\n"
    "  1. thermodynamics (default database data/tdb/lmds.tdb): liquidus, solidus and the phases as stored:\n"
    "     equilibrium at --store-at K (default 298.15 K; 2 K below the solidus when that is lower), --quench for\n"
    "     the phases as frozen, --cool-to K for equilibrium at K; a system the database does not cover is said so\n"
    "     and treated as one phase (temperatures blank / null);\n"
    "  2. each phase identified by its structure and computed composition (data/design/phase_ranges.csv):\n"
    "     compound, solution (In-Sn beta, Pb-Bi epsilon, (Pb), ...), element, or 'unidentified solution';\n"
    "  3. each phase's Tc: element or compound = genome lookup; dilute solution = host Tc + dTc/dx x\n"
    "     (data/design/dilute_slopes.csv); solution = genome Tc(x), the phase's measured rows interpolated at\n"
    "     its composition; else Allen-Dynes on the genome's lambda/omega_log, else the learned model; --P:\n"
    "     pressure-induced phases (data/routes/pressure_phases.csv), values measured within 0.5 GPa, else the\n"
    "     EOS scaling of lmds_sc_tc_pressure_phase -- the source class and an uncertainty are printed;\n"
    "  4. the material's Tc: the highest Tc among phases filling at least the 3D percolation threshold\n"
    "     (volume fraction 0.16, Scher & Zallen, J. Chem. Phys. 53, 3759 (1970)); when a superconducting phase\n"
    "     does not percolate, only its onset is reported and flagged;\n"
    "  5. the route: a measurement in that form (film, nanodroplet, confined) when the genome has one,\n"
    "     else the film formula (Simonin) or the Anderson limit for droplets.\n"
    "Sizes take nm (default), um or mm: film:100nm, droplet:15um, confined:3.5nm.\n"
    "One composition: a full explanation (table), or JSON. Many (arguments, '-' for standard input, --input FILE):\n"
    "one row per input in input order with the input kept verbatim; a bad input is reported as FILE:LINE (or\n"
    "argument N) and the others are still predicted (exit 1 at the end). JSON is always an array.",
    PREDICT_OPTS, NULL, 0, -1, "model no-model;svg input;quench cool-to"};

/* Also used by `lmds design --json` for the explained candidates. Temperatures are null where the database does
 * not cover the system; Tc values are null where nothing gives one (the source field says why). */
cJSON *cli_predict_json(const lmds_prediction *r)
{
    cJSON *o = cJSON_CreateObject();
    char route[64];
    lmds_route_format(&r->route, route, sizeof route);
    cJSON_AddStringToObject(o, "chemical_formula_reduced", r->formula);
    cJSON *xs = cJSON_AddObjectToObject(o, "composition");
    for (int k = 0; k < r->comp.n; k++)
        cli_json_num(xs, lmds_element_symbol(r->comp.z[k]), r->comp.x[k]);
    cJSON_AddStringToObject(o, "route", route);
    cJSON_AddNumberToObject(o, "P_GPa", r->P_GPa);
    cJSON_AddBoolToObject(o, "covered", r->covered);
    if (!r->covered)
        cJSON_AddStringToObject(o, "missing", r->missing);
    cli_json_opt(o, "T_liquidus_K", r->T_liquidus_K);
    cli_json_opt(o, "T_solidus_K", r->T_solidus_K);
    cJSON_AddStringToObject(o, "primary_phase", r->primary_phase);
    cli_json_opt(o, "T_phases_K", r->T_phases_K);
    cJSON_AddStringToObject(o, "state", r->state);
    cli_json_opt(o, "P_thermo_GPa", r->P_thermo_GPa);
    cJSON *ph = cJSON_AddArrayToObject(o, "phases");
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        cJSON *q = cJSON_CreateObject();
        char f[64];
        lmds_comp_formula(&p->comp, f, sizeof f);
        cJSON_AddStringToObject(q, "name", p->phase);
        cJSON_AddStringToObject(q, "composition", f);
        cJSON_AddStringToObject(q, "identified_as", p->compound);
        cJSON_AddStringToObject(q, "identified_by", p->how);
        cli_json_num(q, "amount", p->amount);
        cli_json_opt(q, "amount_scheil", p->amount_scheil);
        cli_json_opt(q, "volume_fraction", p->volume_fraction);
        cJSON_AddBoolToObject(q, "percolates", p->percolates);
        cli_json_opt(q, "Tc_bulk_K", p->tc_K);
        cli_json_opt(q, "Tc_K", p->tc_route_K);
        cli_json_opt(q, "uncertainty_K", p->uncertainty_K);
        cJSON_AddBoolToObject(q, "Tc_is_upper_bound", p->tc_is_bound);
        cJSON_AddStringToObject(q, "Tc_source", lmds_tc_source_name(p->source));
        cJSON_AddStringToObject(q, "reference", p->reference);
        if (p->route_note[0])
            cJSON_AddStringToObject(q, "route_note", p->route_note);
        if (p->pressure_note[0])
            cJSON_AddStringToObject(q, "pressure_note", p->pressure_note);
        cJSON_AddItemToArray(ph, q);
    }
    cli_json_opt(o, "Tc_K", r->tc_K);
    cJSON_AddStringToObject(o, "Tc_source", lmds_tc_source_name(r->tc_source));
    cli_json_opt(o, "uncertainty_K", r->uncertainty_K);
    if (r->tc_phase >= 0)
        cJSON_AddStringToObject(o, "Tc_phase", r->phases[r->tc_phase].phase);
    else
        cJSON_AddNullToObject(o, "Tc_phase");
    cli_json_opt(o, "Tc_scheil_K", r->tc_scheil_K);
    cli_json_opt(o, "Tc_filamentary_K", r->tc_filament_K);
    cJSON_AddBoolToObject(o, "Tc_onset_only", r->tc_onset_only);
    cJSON_AddNumberToObject(o, "percolation_threshold", r->percolation_threshold);
    cJSON_AddStringToObject(o, "rule", "material Tc = highest Tc among phases with volume fraction >= the 3D "
                                       "percolation threshold (Scher & Zallen, J. Chem. Phys. 53, 3759 (1970))");
    if (r->note[0])
        cJSON_AddStringToObject(o, "note", r->note);
    return o;
}

/* A reference shortened for a table cell (the full text is in --json): at most n-1 bytes, "..." when cut. */
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

/* The Tc cell of a phase: a measured bound, "no Tc reported", or the value and its uncertainty. */
static void tc_cells(const lmds_phase_tc *p, char *tc, char *un, size_t n)
{
    if (p->tc_is_bound && p->uncertainty_K > 0) { /* a measured "not superconducting above X K" */
        snprintf(tc, n, "<%.2g", p->uncertainty_K);
        snprintf(un, n, "-");
    } else if (p->tc_is_bound) { /* "no Tc reported" */
        snprintf(tc, n, "0");
        snprintf(un, n, "-");
    } else {
        snprintf(tc, n, "%s", cli_opt_s(p->tc_route_K, p->tc_route_K < 0.01 && p->tc_route_K > 0 ? "%.2g" : "%.2f"));
        snprintf(un, n, "%s", cli_opt_s(p->uncertainty_K, "%.2f"));
    }
}

static void print_header(const lmds_prediction *r, const char *route)
{
    char a[64], b[64];
    printf("%s  route %s  P %g GPa\n", r->formula, route, r->P_GPa);
    if (!r->covered) {
        printf("thermodynamics: not covered by the database (missing %s): treated as one phase\n", r->missing);
        return;
    }
    fmt_T(r->T_liquidus_K, a, sizeof a);
    fmt_T(r->T_solidus_K, b, sizeof b);
    printf("liquidus %s, first solid %s; solidus %s\n", a, r->primary_phase, b);
    printf("phases at %.1f K: %s; thermodynamics at %g GPa\n", r->T_phases_K, r->state, r->P_thermo_GPa);
}

/* Per phase: what it is and why, pressure and route notes. */
static void print_phase_notes(const lmds_prediction *r)
{
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        printf("  %s = %s: %s\n", p->phase, p->compound, p->how);
        if (p->pressure_note[0])
            printf("    pressure: %s\n", p->pressure_note);
        if (p->route_note[0])
            printf("    route: %s\n", p->route_note);
    }
}

static int print_table(const lmds_prediction *r)
{
    char route[64];
    lmds_route_format(&r->route, route, sizeof route);
    print_header(r, route);
    const char *h[] = {"phase", "identified as", "composition", "amount", "Scheil", "vol.frac", "percolates",
                       "Tc_K", "+-K", "source", "reference"};
    cli_table *t = cli_table_new(11, h);
    for (int k = 0; k < r->nphases; k++) {
        const lmds_phase_tc *p = &r->phases[k];
        char am[32], sc[32], vf[32], tc[32], un[32], ref[128], id[40];
        snprintf(am, sizeof am, "%s", cli_num_s(p->amount, "%.3f", "phase amount"));
        snprintf(sc, sizeof sc, "%s", isfinite(p->amount_scheil) ? cli_opt_s(p->amount_scheil, "%.3f") : "-");
        snprintf(vf, sizeof vf, "%s", cli_opt_s(p->volume_fraction, "%.3f"));
        tc_cells(p, tc, un, sizeof tc);
        cli_predict_short_ref(p->reference, ref, sizeof ref);
        cli_predict_short_ref(p->compound, id, sizeof id);
        const char *row[] = {p->phase, id, p->formula, am, sc, vf, p->percolates ? "yes" : "no", tc, un,
                             lmds_tc_source_name(p->source), ref};
        cli_table_add(t, row);
    }
    int rc = cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
    if (rc != CLI_OK)
        return rc;
    print_phase_notes(r);
    if (r->tc_phase >= 0)
        printf("Tc = %s +- %s K (%s, in %s = %s; source: %s)\n", cli_num_s(r->tc_K, "%.3g", "Tc"),
               cli_num_s(r->uncertainty_K, "%.2f", "uncertainty of Tc"), route, r->phases[r->tc_phase].phase,
               r->phases[r->tc_phase].compound, lmds_tc_source_name(r->tc_source));
    else if (r->tc_onset_only)
        printf("Tc: ONSET ONLY -- no superconducting phase percolates; onset %.2f K (filamentary / partial)\n",
               r->tc_filament_K);
    else
        printf("Tc: no percolating phase is predicted to superconduct\n");
    if (r->tc_phase >= 0 && r->tc_filament_K > r->tc_K)
        printf("  a non-percolating phase superconducts up to %.2f K (filamentary / partial transition)\n",
               r->tc_filament_K);
    if (isfinite(r->tc_scheil_K))
        printf("  with the Scheil amounts: Tc = %.2f K\n", r->tc_scheil_K);
    printf("rule: highest Tc among phases with volume fraction >= %.2f (3D percolation, Scher & Zallen 1970)\n",
           r->percolation_threshold);
    if (r->note[0])
        printf("note: %s\n", r->note);
    return CLI_OK;
}

/* Solidification (equilibrium phase amounts and the Scheil liquid) over its own temperature window, so that the
 * path is not squeezed: Tc, usually far below, is marked when it falls inside the window and named in the title
 * otherwise. */
static int write_svg(lmds_predictor *pr, const lmds_prediction *r, const char *path)
{
    char title[256];
    int tc = r->tc_phase >= 0 && r->tc_K > 0;
    if (tc) snprintf(title, sizeof title, "%s: Tc %.2f K (%s)", r->formula, r->tc_K, r->phases[r->tc_phase].formula);
    else snprintf(title, sizeof title, "%s", r->formula);
    cli_plot *pl = cli_plot_new(title, "T (K)", "phase amount (mol of atoms per mol)");
    double Tlo = INFINITY, Thi = -INFINITY;
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
        double *x = cli_xmalloc(sizeof(double) * (size_t)(eq->nsteps + sch->nsteps + 1));
        double *y = cli_xmalloc(sizeof(double) * (size_t)(eq->nsteps + sch->nsteps + 1));
        for (int i = 0; i < eq->nsteps; i++) {
            x[i] = eq->steps[i].T;
            y[i] = eq->steps[i].f_liquid;
            Tlo = fmin(Tlo, x[i]), Thi = fmax(Thi, x[i]);
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
    if (isfinite(Tlo) && Thi > Tlo) cli_plot_xrange(pl, Tlo - 0.05 * (Thi - Tlo), Thi + 0.05 * (Thi - Tlo));
    if (tc && !(isfinite(Tlo) && r->tc_K < Tlo - 0.05 * (Thi - Tlo))) {
        double xs[2] = {r->tc_K, r->tc_K}, ys[2] = {0, 1};
        char lab[128];
        snprintf(lab, sizeof lab, "Tc %.2f K (%s)", r->tc_K, r->phases[r->tc_phase].compound);
        cli_plot_series(pl, lab, 2, xs, ys, CLI_DASHED, "#000000");
        cli_plot_text(pl, r->tc_K, 0.95, lab);
    }
    cli_plot_yrange(pl, 0, 1.05);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

/* One row of the compact (many inputs) table. */
static void compact_row(cli_table *t, const char *input, const lmds_prediction *r)
{
    char route[64];
    lmds_route_format(&r->route, route, sizeof route);
    const char *row[] = {input, r->formula, route, cli_opt_s(r->T_liquidus_K, "%.2f"),
                         cli_opt_s(r->T_solidus_K, "%.2f"), r->covered ? r->primary_phase : "",
                         cli_opt_s(r->tc_K, "%.2f"), cli_opt_s(r->uncertainty_K, "%.2f"),
                         lmds_tc_source_name(r->tc_source), r->tc_phase >= 0 ? r->phases[r->tc_phase].phase : "",
                         r->tc_phase >= 0 ? r->phases[r->tc_phase].compound : "", r->covered ? "yes" : "no"};
    cli_table_add(t, row);
}

/* An explicit database must hold one: an empty or foreign file would otherwise read as "not covered". */
static int check_tdb(const char *path)
{
    lmds_tdb *db;
    if (!path) return CLI_OK;
    lmds_status st = lmds_tdb_load(path, &db);
    if (st != LMDS_OK) return cli_fail(st);
    int ne = lmds_tdb_element_count(db), np = lmds_tdb_phase_count(db);
    lmds_tdb_free(db);
    lmds_warnings_clear();
    if (ne > 0 && np > 0) return CLI_OK;
    fprintf(stderr, "lmds: error: %s: no TDB content (%d elements, %d phases): not a thermodynamic database\n", path,
            ne, np);
    return CLI_BAD_INPUT;
}

static int setup(const cli_args *a, lmds_predict_opts *po, lmds_predictor **pr)
{
    lmds_predict_opts_init(po);
    if (cli_has(a, "route") && lmds_route_parse(cli_str(a, "route", ""), &po->route) != LMDS_OK)
        return cli_usage("predict", "--route: %s", lmds_errmsg());
    po->P_GPa = cli_num(a, "P", 0.0);
    po->T_final_K = cli_num(a, "cool-to", po->T_final_K);
    po->T_store_K = cli_num(a, "store-at", po->T_store_K);
    if (cli_has(a, "quench")) po->quench = 1;
    po->percolation_threshold = cli_num(a, "percolation", po->percolation_threshold);
    if (cli_has(a, "no-scheil")) po->scheil = 0;
    lmds_predictor_opts pro = {0};
    pro.tdb_path = cli_str(a, "tdb", NULL);
    pro.genome_path = cli_str(a, "db", NULL);
    pro.model_path = cli_str(a, "model", NULL);
    pro.no_model = cli_has(a, "no-model");
    cli_input_declare(pro.tdb_path), cli_input_declare(pro.genome_path), cli_input_declare(pro.model_path);
    int rc = check_tdb(pro.tdb_path);
    if (rc) return rc;
    lmds_status st = lmds_predictor_new(&pro, pr);
    if (st != LMDS_OK) return cli_fail(st);
    if (*lmds_predictor_notes(*pr)) fprintf(stderr, "lmds: warning: %s\n", lmds_predictor_notes(*pr));
    return CLI_OK;
}

static cli_table *compact_table(void)
{
    static const char *const h[] = {"input", "chemical_formula_reduced", "route", "T_liquidus_K", "T_solidus_K",
                                    "primary_phase", "Tc_K", "uncertainty_K", "Tc_source", "Tc_phase",
                                    "Tc_phase_identified_as", "covered"};
    return cli_table_new(12, h);
}

/* One composition on the command line: the full explanation (table), a JSON array of one, or one CSV row; and
 * the figure. */
static int single(const cli_args *a, lmds_predictor *pr, const lmds_predict_opts *po)
{
    lmds_comp c;
    lmds_prediction r;
    const char *input = cli_arg(a, 0);
    lmds_status st = cli_comp_parse(input, cli_has(a, "wt"), 0, &c);
    if (st == LMDS_OK) st = cli_has(a, "blind") ? lmds_predict_blind(pr, &c, po, &r) : lmds_predict(pr, 0, &c, po, &r);
    if (st != LMDS_OK) return cli_fail(st);
    cli_flush_warnings();
    cli_format fmt = cli_args_format(a);
    int rc;
    if (fmt == CLI_FMT_TABLE) {
        rc = print_table(&r);
    } else if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray(), *o = cli_predict_json(&r);
        cJSON_AddItemToObject(o, "input", cJSON_CreateString(input));
        cJSON_AddItemToArray(arr, o);
        rc = cli_json_print(arr);
    } else {
        cli_table *t = compact_table();
        compact_row(t, input, &r);
        rc = cli_table_print(t, stdout, fmt);
        cli_table_free(t);
    }
    if (rc == CLI_OK && cli_has(a, "svg")) rc = write_svg(pr, &r, cli_str(a, "svg", NULL));
    return rc;
}

/* Any number of inputs, streamed: JSON array items or compact rows (flushed every 256 inputs). */
static int batch(const cli_args *a, lmds_predictor *pr, const lmds_predict_opts *po)
{
    cli_inputs *in = cli_inputs_open(a, cli_str(a, "input", NULL));
    if (!in) return CLI_BAD_INPUT;
    cli_format fmt = cli_args_format(a);
    cli_table *t = fmt == CLI_FMT_JSON ? NULL : compact_table();
    cli_json_stream js;
    if (!t) cli_json_stream_begin(&js, stdout);
    const char *text;
    char where[512];
    int r, rc = CLI_OK;
    long n = 0;
    while (rc == CLI_OK && (r = cli_inputs_next(in, &text, where, sizeof where)) != 0) {
        lmds_comp c;
        lmds_prediction res;
        if (r < 0) {
            cli_inputs_bad(in, where, "line longer than 65536 bytes, skipped");
            continue;
        }
        if (cli_comp_parse(text, cli_has(a, "wt"), 0, &c) != LMDS_OK ||
            (cli_has(a, "blind") ? lmds_predict_blind(pr, &c, po, &res) : lmds_predict(pr, 0, &c, po, &res)) != LMDS_OK) {
            cli_inputs_bad(in, where, lmds_errmsg());
            continue;
        }
        cli_flush_warnings();
        if (t) compact_row(t, text, &res);
        else {
            cJSON *o = cli_predict_json(&res);
            cJSON_AddItemToObject(o, "input", cJSON_CreateString(text));
            rc = cli_json_stream_add(&js, o);
        }
        if (t && ++n % 256 == 0) rc = cli_table_flush(t, stdout, fmt);
    }
    if (t && rc == CLI_OK) rc = cli_table_flush(t, stdout, fmt);
    if (!t) cli_json_stream_end(&js);
    cli_table_free(t);
    int bad = cli_inputs_nbad(in);
    if (cli_inputs_close(in) != CLI_OK) rc = CLI_BAD_INPUT;
    return rc == CLI_OK && bad ? CLI_BAD_INPUT : rc;
}

int cli_cmd_predict(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&PREDICT, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    int one = cli_argc(a) == 1 && strcmp(cli_arg(a, 0), "-") != 0 && !cli_has(a, "input");
    lmds_predict_opts po;
    lmds_predictor *pr = NULL;
    if (cli_argc(a) == 0 && !cli_has(a, "input")) rc = cli_usage("predict", "give compositions, '-' or --input FILE");
    else if (cli_has(a, "svg") && !one) rc = cli_usage("predict", "--svg draws one composition");
    else if ((rc = setup(a, &po, &pr)) == CLI_OK)
        rc = one ? single(a, pr, &po) : batch(a, pr, &po);
    lmds_predictor_free(pr);
    cli_args_free(a);
    return rc;
}
