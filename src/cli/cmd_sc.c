/* lmds sc: superconductivity from a spectrum or from parameters -- moments, Tc, gap, fields, pressure, size
 * effects, and the models with what to cite. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
/* A spectrum file and how to read it. */
#define SPECTRUM_OPTS                                                                                               \
    {"a2f", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "alpha^2F spectrum (Elk ALPHA2F.OUT, EPW, or two columns)", NULL}, \
        {"units", 0, CLI_ENUM, "UNIT", 0, 0, 0, "meV|THz|cm-1|K|Ha|Ry", "frequency unit (default: from the file)",   \
         NULL},                                                                                                      \
        {"column", 0, CLI_INT, "N", 1, 1000, 0, NULL, "QE/EPW smearing column (default 1)", NULL},                  \
        {"format", 0, CLI_ENUM, "F", 0, 0, 0, "columns|epw|elk", "file format (default: detected)", NULL}
/* Coupling parameters instead of a spectrum. */
#define PARAM_OPTS                                                                                                  \
    {"lambda", 0, CLI_DOUBLE, "X", 0, 10, CLI_GT_LO, NULL, "electron-phonon coupling constant", NULL},             \
        {"omega-log", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "logarithmic average phonon frequency", NULL}, \
        {"omega2", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "<omega^2>^1/2 (Allen-Dynes f2; default: none)",  \
         NULL},                                                                                                      \
        {"theta-d", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "Debye temperature (McMillan)", NULL}
#define MU_OPT {"mu-star", 0, CLI_DOUBLE, "X", 0, 0.5, 0, NULL, "Coulomb pseudopotential mu* (default 0.10)", NULL}
/* The Eliashberg solver. */
#define ELIASH_OPTS                                                                                                 \
    {"mu-star-cutoff", 0, CLI_DOUBLE, "meV", 0, 10000, CLI_GT_LO, NULL,                                            \
     "cutoff at which mu* is given (default 10 omega_max; rescaled 1/mu*(wc) = 1/mu* + ln(w_ref/wc))", NULL},      \
        {"cutoff-factor", 0, CLI_DOUBLE, "X", 2, 100, 0, NULL, "Matsubara cutoff in units of omega_max (default 10)", \
         NULL},                                                                                                      \
        {"elk", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "Elk's conventions: 20 omega_rms cutoff, mu* below 2 omega_rms",  \
         NULL}
#define METHOD_OPT                                                                                                  \
    {"method", 0, CLI_ENUM, "M", 0, 0, 0, "mcmillan|allen-dynes|eliashberg", "Tc model (default allen-dynes)", NULL}
#define SVG_OPTS                                                                                                    \
    {"svg", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "write a plot (SVG)", NULL},                                    \
        {"plot", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, NULL, "svg"}

static const lmds_tc_method METHODS[] = {LMDS_TC_MCMILLAN, LMDS_TC_ALLEN_DYNES, LMDS_TC_ELIASHBERG};
static const char *const METHOD_NAMES[] = {"mcmillan", "allen-dynes", "eliashberg"};

static int with_args(const cli_cmd *cmd, int argc, char **argv, int (*run)(const cli_args *))
{
    cli_args *a;
    int rc;
    if (cli_parse(cmd, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    rc = run(a);
    cli_args_free(a);
    return rc;
}

static void eliash_opts(const cli_args *a, lmds_eliash_opts *eo)
{
    lmds_eliash_opts_init(eo);
    eo->mu_star = cli_num(a, "mu-star", eo->mu_star);
    eo->mu_star_cutoff = cli_num(a, "mu-star-cutoff", eo->mu_star_cutoff);
    eo->cutoff_factor = cli_num(a, "cutoff-factor", eo->cutoff_factor);
    if (cli_has(a, "elk")) eo->convention = LMDS_ELIASH_ELK;
}

static int load_a2f(const cli_args *a, lmds_a2f **out)
{
    static const lmds_freq_unit units[] = {LMDS_FREQ_MEV, LMDS_FREQ_THZ, LMDS_FREQ_CM1,
                                           LMDS_FREQ_K,   LMDS_FREQ_HA,  LMDS_FREQ_RY};
    static const lmds_a2f_format formats[] = {LMDS_A2F_COLUMNS, LMDS_A2F_EPW, LMDS_A2F_ELK};
    lmds_a2f_opts ao;
    lmds_a2f_opts_init(&ao);
    if (cli_has(a, "units")) ao.unit = units[cli_enum(a, "units", 0)];
    if (cli_has(a, "format")) ao.format = formats[cli_enum(a, "format", 0)];
    ao.column = (int)cli_int(a, "column", 0);
    const char *path = cli_str(a, "a2f", NULL);
    cli_input_declare(path);
    lmds_status st = lmds_a2f_load(path, &ao, out);
    cli_flush_warnings();
    return st ? cli_fail(st) : CLI_OK;
}

/* Key/value output for table and CSV. */
static void kv(cli_table *t, const char *k, double v, const char *unit)
{
    const char *cells[] = {k, cli_num_s(v, "%.6g", k), unit};
    cli_table_add(t, cells);
}

static cli_table *kv_table(void)
{
    const char *h[] = {"quantity", "value", "unit"};
    return cli_table_new(3, h);
}

static void add_refs(cJSON *o, const char *model_id)
{
    const lmds_sc_model_info *m = lmds_sc_model_find(model_id);
    cJSON *r = cJSON_AddArrayToObject(o, "references");
    if (m)
        for (size_t i = 0; i < m->nrefs; i++) cJSON_AddItemToArray(r, cJSON_CreateString(m->refs[i]));
}

static void print_refs(const char *model_id)
{
    const lmds_sc_model_info *m = lmds_sc_model_find(model_id);
    if (!m) return;
    printf("\nCite (%s):\n", m->name);
    for (size_t i = 0; i < m->nrefs; i++) printf("  %s\n", m->refs[i]);
}

/* ------------------------------------------------------------------ moments */

static const cli_opt MOMENTS_OPTS[] = {SPECTRUM_OPTS, CLI_OPTS_FORMAT, END};
static const cli_cmd MOMENTS = {"sc moments", "--a2f FILE [options]",
                                "lambda, omega_log, <omega^2>^1/2 and omega_max of a spectrum.", MOMENTS_OPTS, NULL,
                                0, 0, NULL};

static int run_moments(const cli_args *a)
{
    if (!cli_has(a, "a2f")) return cli_usage("sc moments", "give --a2f FILE");
    lmds_a2f *s;
    int rc = load_a2f(a, &s);
    if (rc) return rc;
    lmds_a2f_mom m;
    lmds_status st = lmds_a2f_moments(s, &m);
    if (st) {
        lmds_a2f_free(s);
        return cli_fail(st);
    }
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", s->source);
        cJSON_AddNumberToObject(o, "points", (double)s->n);
        cJSON_AddNumberToObject(o, "rows_dropped", (double)s->n_dropped);
        cli_json_num(o, "lambda", m.lambda);
        cli_json_num(o, "omega_log_K", m.omega_log_K);
        cli_json_num(o, "omega_log_meV", m.omega_log);
        cli_json_num(o, "omega2_K", m.omega2_K);
        cli_json_num(o, "omega2_meV", m.omega2);
        cli_json_num(o, "omega_max_K", m.omega_max_K);
        cli_json_num(o, "omega_max_meV", m.omega_max);
        add_refs(o, "moments");
        rc = cli_json_print(o);
    } else {
        cli_table *t = kv_table();
        kv(t, "lambda", m.lambda, "");
        kv(t, "omega_log", m.omega_log_K, "K");
        kv(t, "omega_log", m.omega_log, "meV");
        kv(t, "<omega^2>^1/2", m.omega2_K, "K");
        kv(t, "<omega^2>^1/2", m.omega2, "meV");
        kv(t, "omega_max", m.omega_max_K, "K");
        kv(t, "omega_max", m.omega_max, "meV");
        kv(t, "points", (double)s->n, "");
        rc = cli_table_print(t, stdout, fmt);
        cli_table_free(t);
    }
    lmds_a2f_free(s);
    return rc;
}

static int cmd_moments(int argc, char **argv) { return with_args(&MOMENTS, argc, argv, run_moments); }

/* ------------------------------------------------------------------ tc */

static const cli_opt TC_OPTS[] = {METHOD_OPT, SPECTRUM_OPTS, PARAM_OPTS, MU_OPT, ELIASH_OPTS, CLI_OPTS_FORMAT, END};
static const cli_cmd TC = {
    "sc tc", "[--method M] (--a2f FILE | --lambda X --omega-log K [--omega2 K] | --theta-d K --lambda X) [options]",
    "Tc from McMillan (Theta_D, lambda), Allen-Dynes (lambda, omega_log, omega2) or the isotropic Eliashberg\n"
    "equations (a spectrum, or an Einstein-like spectrum at omega_log carrying lambda). The coupling comes from\n"
    "the spectrum or from the parameters, not both. A coupling too weak for superconductivity gives Tc 0 with a\n"
    "note. The Eliashberg options apply to --method eliashberg only.",
    TC_OPTS, NULL, 0, 0, "a2f lambda;a2f omega-log;a2f omega2"};

typedef struct tc_in {
    lmds_tc_method m;
    double lambda, wlog, w2;
    lmds_eliash_opts eo;
} tc_in;

/* Validate the combination and fill in (lambda, omega_log, omega2) from --a2f or the flags. */
static int tc_inputs(const cli_args *a, tc_in *in, lmds_a2f **s)
{
    const char *cmd = "sc tc";
    in->m = METHODS[cli_enum(a, "method", 1)];
    eliash_opts(a, &in->eo);
    if (in->m != LMDS_TC_ELIASHBERG && (cli_has(a, "mu-star-cutoff") || cli_has(a, "cutoff-factor") || cli_has(a, "elk")))
        return cli_usage(cmd, "--mu-star-cutoff, --cutoff-factor and --elk apply to --method eliashberg only");
    if (in->m != LMDS_TC_MCMILLAN && cli_has(a, "theta-d"))
        return cli_usage(cmd, "--theta-d applies to --method mcmillan only");
    in->lambda = cli_num(a, "lambda", NAN), in->wlog = cli_num(a, "omega-log", NAN), in->w2 = cli_num(a, "omega2", 0);
    *s = NULL;
    if (cli_has(a, "a2f")) {
        int rc = load_a2f(a, s);
        if (rc) return rc;
        lmds_a2f_mom mo;
        lmds_status st = lmds_a2f_moments(*s, &mo);
        if (st) return cli_fail(st);
        in->lambda = mo.lambda, in->wlog = mo.omega_log_K, in->w2 = mo.omega2_K;
    } else if (in->m == LMDS_TC_MCMILLAN) {
        if (!cli_has(a, "theta-d") || !cli_has(a, "lambda")) return cli_usage(cmd, "McMillan needs --theta-d and --lambda");
    } else if (!cli_has(a, "lambda") || !cli_has(a, "omega-log")) {
        return cli_usage(cmd, "give --a2f FILE, or --lambda and --omega-log");
    }
    if (in->m == LMDS_TC_MCMILLAN && !cli_has(a, "theta-d")) return cli_usage(cmd, "McMillan needs --theta-d K");
    return CLI_OK;
}

static lmds_status tc_compute(const cli_args *a, const tc_in *in, const lmds_a2f *s, double *tc,
                              lmds_eliash_tc_result *er)
{
    memset(er, 0, sizeof *er);
    er->tc_err = NAN;
    if (in->m == LMDS_TC_MCMILLAN) return lmds_tc_mcmillan(cli_num(a, "theta-d", 0), in->lambda, in->eo.mu_star, tc);
    if (in->m == LMDS_TC_ALLEN_DYNES) return lmds_tc_allen_dynes(in->lambda, in->eo.mu_star, in->wlog, in->w2, tc);
    lmds_a2f *e = (lmds_a2f *)s;
    lmds_status st = LMDS_OK;
    /* Parameters only: an Einstein-like spectrum at omega_log carrying lambda. */
    if (!e && (st = lmds_a2f_einstein(in->wlog * LMDS_KB_MEV, in->lambda, 0.05, &e))) return st;
    st = lmds_eliash_tc(e, &in->eo, er);
    *tc = er->tc;
    if (e != s) lmds_a2f_free(e);
    return st;
}

static int tc_report(const cli_args *a, const tc_in *in, double tc, const lmds_eliash_tc_result *er)
{
    const char *model = in->m == LMDS_TC_MCMILLAN ? "mcmillan" : in->m == LMDS_TC_ALLEN_DYNES ? "allen-dynes"
                        : in->eo.convention == LMDS_ELIASH_ELK ? "eliashberg-elk" : "eliashberg";
    int eli = in->m == LMDS_TC_ELIASHBERG, mc = in->m == LMDS_TC_MCMILLAN;
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cli_json_num(o, "Tc_K", tc);
        cJSON_AddStringToObject(o, "method", METHOD_NAMES[cli_enum(a, "method", 1)]);
        cJSON *inp = cJSON_AddObjectToObject(o, "inputs");
        if (cli_has(a, "a2f")) cJSON_AddStringToObject(inp, "a2f", cli_str(a, "a2f", ""));
        cli_json_num(inp, "lambda", in->lambda);
        if (!mc) cli_json_num(inp, "omega_log_K", in->wlog);
        if (!mc && in->w2 > 0) cli_json_num(inp, "omega2_K", in->w2);
        if (mc) cli_json_num(inp, "theta_D_K", cli_num(a, "theta-d", NAN));
        cli_json_num(inp, "mu_star", in->eo.mu_star);
        if (eli) {
            cJSON_AddStringToObject(inp, "convention", in->eo.convention == LMDS_ELIASH_ELK ? "elk" : "standard");
            cli_json_opt(o, "Tc_err_K", er->tc_err); /* null: the convergence check did not run */
            cli_json_num(o, "mu_star_at_cutoff", er->mu_star_used);
            cli_json_num(o, "cutoff_meV", er->cutoff);
            cJSON_AddNumberToObject(o, "matsubara_frequencies", (double)er->n_matsubara);
        }
        add_refs(o, model);
        return cli_json_print(o);
    }
    cli_table *t = kv_table();
    kv(t, "Tc", tc, "K");
    if (eli) {
        const char *c[] = {"Tc change at 2x cutoff", cli_opt_s(er->tc_err, "%.6g"), "K"};
        cli_table_add(t, c);
        kv(t, "Matsubara cutoff", er->cutoff, "meV");
        kv(t, "mu* at cutoff", er->mu_star_used, "");
        kv(t, "Matsubara frequencies", (double)er->n_matsubara, "");
    }
    kv(t, "lambda", in->lambda, "");
    if (!mc) kv(t, "omega_log", in->wlog, "K");
    if (mc) kv(t, "Theta_D", cli_num(a, "theta-d", NAN), "K");
    kv(t, "mu*", in->eo.mu_star, "");
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) print_refs(model);
    return rc;
}

static int run_tc(const cli_args *a)
{
    tc_in in;
    lmds_a2f *s = NULL;
    int rc = tc_inputs(a, &in, &s);
    if (rc) {
        lmds_a2f_free(s);
        return rc;
    }
    double tc = 0;
    lmds_eliash_tc_result er;
    lmds_status st = tc_compute(a, &in, s, &tc, &er);
    lmds_a2f_free(s);
    if (st && st != LMDS_EDOMAIN) return cli_fail(st);
    if (st == LMDS_EDOMAIN) { /* a physical answer: no superconductivity */
        fprintf(stderr, "lmds: note: %s\n", lmds_errmsg());
        tc = 0;
    }
    cli_flush_warnings();
    return tc_report(a, &in, tc, &er);
}

static int cmd_tc(int argc, char **argv) { return with_args(&TC, argc, argv, run_tc); }

/* ------------------------------------------------------------------ gap */

static const cli_opt GAP_OPTS[] = {
    SPECTRUM_OPTS, MU_OPT, ELIASH_OPTS,
    {"points", 0, CLI_INT, "N", 2, 200, 0, NULL, "temperatures from 0 to Tc (default 40)", NULL},
    {"nt", 0, CLI_INT, "N", 2, 200, 0, NULL, NULL, "points"},
    SVG_OPTS, CLI_OPTS_FORMAT, END};
static const cli_cmd GAP = {"sc gap", "--a2f FILE [options]",
                            "The gap Delta(T) from the isotropic Eliashberg equations: Delta(i omega_0), the real-axis "
                            "edge (Pade), Z, 2Delta(0)/kTc,\nand DeltaC/(gamma Tc) (Carbotte, RMP 62, 1027 (1990), "
                            "eq. 4.2 with this Tc).",
                            GAP_OPTS, NULL, 0, 0, NULL};

static int gap_report(const cli_args *a, const lmds_eliash_curve *c, cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cli_json_num(o, "Tc_K", c->tc);
        cli_json_num(o, "Delta0_meV", c->delta_zero);
        cli_json_num(o, "gap_ratio", c->gap_ratio);
        cli_json_num(o, "Z0", c->z_zero);
        cli_json_num(o, "dC_over_gammaTc", c->dC_ratio);
        cJSON_AddStringToObject(o, "dC_model", "Carbotte RMP 62, 1027 (1990) eq. 4.2 with the Eliashberg Tc");
        cli_json_num(o, "mu_star", cli_num(a, "mu-star", 0.10));
        cJSON *arr = cJSON_AddArrayToObject(o, "curve");
        for (size_t i = 0; i < c->nt; i++) {
            cJSON *p = cJSON_CreateObject();
            cli_json_num(p, "T_K", c->T[i]);
            cli_json_num(p, "Delta_iw0_meV", c->delta0[i]);
            cli_json_num(p, "Delta_edge_meV", c->edge[i]);
            cli_json_num(p, "Z_iw0", c->z0[i]);
            cJSON_AddItemToArray(arr, p);
        }
        add_refs(o, "eliashberg");
        return cli_json_print(o);
    }
    const char *h[] = {"T_K", "Delta_iw0_meV", "Delta_edge_meV", "Z_iw0"};
    cli_table *t = cli_table_new(4, h);
    for (size_t i = 0; i < c->nt; i++) {
        const char *row[] = {cli_num_s(c->T[i], "%.5g", "T"), cli_num_s(c->delta0[i], "%.6g", "Delta"),
                             cli_num_s(c->edge[i], "%.6g", "gap edge"), cli_num_s(c->z0[i], "%.6g", "Z")};
        cli_table_add(t, row);
    }
    const char *tc = cli_num_s(c->tc, "%.5g", "Tc"), *d0 = cli_num_s(c->delta_zero, "%.5g", "Delta(0)"),
               *gr = cli_num_s(c->gap_ratio, "%.4g", "2Delta(0)/kTc"), *z0 = cli_num_s(c->z_zero, "%.4g", "Z(0)"),
               *dc = cli_num_s(c->dC_ratio, "%.4g", "DeltaC/(gamma Tc)");
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE)
        printf("\nTc = %s K   Delta(0) = %s meV   2Delta(0)/kTc = %s   Z(0) = %s\n"
               "DeltaC/(gamma Tc) = %s (Carbotte 1990 strong-coupling formula with this Tc)\n",
               tc, d0, gr, z0, dc);
    return rc;
}

static int run_gap(const cli_args *a)
{
    if (!cli_has(a, "a2f")) return cli_usage("sc gap", "give --a2f FILE");
    lmds_a2f *s;
    int rc = load_a2f(a, &s);
    if (rc) return rc;
    lmds_eliash_opts eo;
    eliash_opts(a, &eo);
    lmds_eliash_curve *c = NULL;
    lmds_status st = lmds_eliash_curve_compute(s, &eo, (size_t)cli_int(a, "points", 40), &c);
    lmds_a2f_free(s);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    rc = gap_report(a, c, cli_args_format(a));
    if (rc == CLI_OK && cli_has(a, "svg")) {
        cli_plot *p = cli_plot_new("Superconducting gap", "T (K)", "Delta (meV)");
        cli_plot_series(p, "Delta(i omega_0)", (int)c->nt, c->T, c->delta0, CLI_LINE_MARKERS, NULL);
        cli_plot_series(p, "real-axis edge (Pade)", (int)c->nt, c->T, c->edge, CLI_DASHED, NULL);
        rc = cli_plot_write(p, cli_str(a, "svg", NULL));
        cli_plot_free(p);
    }
    lmds_eliash_curve_free(c);
    return rc;
}

static int cmd_gap(int argc, char **argv) { return with_args(&GAP, argc, argv, run_gap); }

/* ------------------------------------------------------------------ fields */

static const cli_opt FIELDS_OPTS[] = {
    {"tc", 0, CLI_DOUBLE, "K", 0, 1000, CLI_GT_LO | CLI_REQUIRED, NULL, "critical temperature", NULL},
    {"hc0", 0, CLI_DOUBLE, "T", 0, 1000, CLI_GT_LO, NULL, "thermodynamic critical field at 0 K", NULL},
    {"gamma", 0, CLI_DOUBLE, "mJ/molK2", 0, 10000, CLI_GT_LO, NULL, "Sommerfeld coefficient (with --vmol: Hc(0))",
     NULL},
    {"vmol", 0, CLI_DOUBLE, "cm3/mol", 0, 10000, CLI_GT_LO, NULL, "molar volume", NULL},
    {"omega-log", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "strong-coupling correction of Hc(0) (optional)",
     NULL},
    {"slope", 0, CLI_DOUBLE, "T/K", -1000, 0, 0, NULL, "dHc2/dT at Tc (negative)", NULL},
    {"xi", 0, CLI_DOUBLE, "nm", 0, 1e6, CLI_GT_LO, NULL, "coherence length (gives the slope)", NULL},
    {"T", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, "one temperature (default: 11 from 0 to Tc)", NULL},
    {"temp", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, NULL, "T"},
    CLI_OPTS_FORMAT, END};
static const cli_cmd FIELDS = {"sc fields", "--tc K (--hc0 T | --gamma G --vmol V) and/or (--slope T/K | --xi nm) [options]",
                               "Hc(T) = Hc(0)[1-(T/Tc)^2] and Hc2(T) from WHH (dirty limit, no Pauli or spin-orbit). "
                               "A column that was not asked for is empty (JSON null).",
                               FIELDS_OPTS, NULL, 0, 0, "hc0 gamma;hc0 vmol;slope xi"};

static int run_fields(const cli_args *a)
{
    const char *cmd = "sc fields";
    double tc = cli_num(a, "tc", NAN), hc0 = cli_num(a, "hc0", NAN), slope = cli_num(a, "slope", NAN);
    lmds_status st;
    if (cli_has(a, "gamma") != cli_has(a, "vmol")) return cli_usage(cmd, "--gamma and --vmol go together");
    if (cli_has(a, "gamma") &&
        (st = lmds_hc0_from_gamma(tc, cli_num(a, "gamma", 0), cli_num(a, "vmol", 0), cli_num(a, "omega-log", 0), &hc0)))
        return cli_fail(st);
    if (cli_has(a, "xi") && (st = lmds_hc2_slope_from_xi(tc, cli_num(a, "xi", 0), &slope))) return cli_fail(st);
    if (!isfinite(hc0) && !isfinite(slope))
        return cli_usage(cmd, "give --hc0 (or --gamma and --vmol) and/or --slope (or --xi)");
    if (cli_has(a, "T") && cli_num(a, "T", 0) > tc) return cli_usage(cmd, "--T must not exceed --tc");
    int n = cli_has(a, "T") ? 1 : 11;
    const char *h[] = {"T_K", "Hc_T", "Hc2_T"};
    cli_table *t = cli_table_new(3, h);
    for (int i = 0; i < n; i++) {
        double T = n == 1 ? cli_num(a, "T", 0) : tc * i / 10.0, hc = NAN, hc2 = NAN;
        if ((isfinite(hc0) && (st = lmds_hc_thermo(tc, hc0, T, &hc))) ||
            (isfinite(slope) && (st = lmds_hc2_whh(tc, slope, T, &hc2)))) {
            cli_table_free(t);
            return cli_fail(st);
        }
        const char *row[] = {cli_num_s(T, "%.5g", "T"), isfinite(hc0) ? cli_num_s(hc, "%.6g", "Hc") : "",
                             isfinite(slope) ? cli_num_s(hc2, "%.6g", "Hc2") : ""};
        cli_table_add(t, row);
    }
    cli_format fmt = cli_args_format(a);
    int rc;
    if (fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cli_json_num(o, "Tc_K", tc);
        cli_json_opt(o, "Hc0_T", hc0);
        cli_json_opt(o, "dHc2dT_T_per_K", slope);
        cJSON_AddItemToObject(o, "fields", cli_table_json(t));
        cJSON *r = cJSON_AddArrayToObject(o, "references");
        const char *ids[] = {"hc", "whh"};
        for (int k = 0; k < 2; k++) {
            const lmds_sc_model_info *m = lmds_sc_model_find(ids[k]);
            for (size_t i = 0; m && i < m->nrefs; i++) cJSON_AddItemToArray(r, cJSON_CreateString(m->refs[i]));
        }
        rc = cli_json_print(o);
    } else {
        rc = cli_table_print(t, stdout, fmt);
        if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
            printf("\nHc(T) = Hc(0)[1-(T/Tc)^2], Hc(0) = %s T; Hc2: WHH (dirty, no Pauli/spin-orbit), slope %s T/K\n",
                   isfinite(hc0) ? cli_opt_s(hc0, "%.4g") : "not given", isfinite(slope) ? cli_opt_s(slope, "%.4g") : "not given");
            print_refs("whh");
        }
    }
    cli_table_free(t);
    return rc;
}

static int cmd_fields(int argc, char **argv) { return with_args(&FIELDS, argc, argv, run_fields); }

/* ------------------------------------------------------------------ pressure */

static const cli_opt PRESSURE_OPTS[] = {
    METHOD_OPT, SPECTRUM_OPTS, PARAM_OPTS, MU_OPT, ELIASH_OPTS,
    {"v0", 0, CLI_DOUBLE, "A3", 0, 10000, CLI_GT_LO | CLI_REQUIRED, NULL, "volume per atom at 0 GPa", NULL},
    {"b0", 0, CLI_DOUBLE, "GPa", 0, 10000, CLI_GT_LO | CLI_REQUIRED, NULL, "bulk modulus", NULL},
    {"b0p", 0, CLI_DOUBLE, "X", 0, 100, CLI_REQUIRED, NULL, "pressure derivative of the bulk modulus", NULL},
    {"eos", 0, CLI_ENUM, "EOS", 0, 0, 0, "bm3|vinet", "equation of state (default bm3)", NULL},
    {"gamma-g", 0, CLI_DOUBLE, "X", 0, 10, CLI_GT_LO, NULL, "Grueneisen parameter (default Slater B0'/2 - 1/6)", NULL},
    {"phi", 0, CLI_DOUBLE, "X", -10, 10, 0, NULL, "Hopfield exponent: eta ~ V^-phi (default from the model)", NULL},
    {"P-max", 0, CLI_DOUBLE, "GPa", 0, 1000, CLI_GT_LO, NULL, "highest pressure (default 10 GPa)", NULL},
    {"pmax", 0, CLI_DOUBLE, "GPa", 0, 1000, CLI_GT_LO, NULL, NULL, "P-max"},
    {"points", 0, CLI_INT, "N", 2, 1000, 0, NULL, "pressures from 0 to --P-max (default 21)", NULL},
    {"np", 0, CLI_INT, "N", 2, 1000, 0, NULL, NULL, "points"},
    SVG_OPTS, CLI_OPTS_FORMAT, END};
static const cli_cmd PRESSURE = {"sc pressure", "(--a2f FILE | --lambda X --omega-log K) --v0 A3 --b0 GPa --b0p X [options]",
                                 "Tc under pressure: the volume from the equation of state, the phonon frequencies "
                                 "scaled by the Grueneisen parameter and\nlambda by the Hopfield exponent; dTc/dP at "
                                 "0 GPa.",
                                 PRESSURE_OPTS, NULL, 0, 0, "a2f lambda;a2f omega-log;a2f omega2"};

static int pressure_setup(const cli_args *a, lmds_sc_pressure_opts *po, lmds_sc_params *par, lmds_a2f **s)
{
    lmds_sc_pressure_opts_init(po);
    po->eos.kind = cli_enum(a, "eos", 0) == 1 ? LMDS_EOS_VINET : LMDS_EOS_BM3;
    po->eos.V0 = cli_num(a, "v0", 0);
    po->eos.B0 = cli_num(a, "b0", 0);
    po->eos.B0p = cli_num(a, "b0p", 0);
    po->gamma_G = cli_num(a, "gamma-g", po->gamma_G);
    po->phi = cli_num(a, "phi", po->phi);
    eliash_opts(a, &po->eliash);
    po->eliash.check_convergence = 0;
    po->method = METHODS[cli_enum(a, "method", 1)];
    lmds_sc_params p = {cli_num(a, "lambda", NAN), cli_num(a, "omega-log", NAN), cli_num(a, "omega2", 0),
                        cli_num(a, "theta-d", 0)};
    *par = p;
    *s = NULL;
    if (cli_has(a, "a2f")) return load_a2f(a, s);
    if (po->method == LMDS_TC_MCMILLAN ? !(cli_has(a, "theta-d") && cli_has(a, "lambda"))
                                       : !(cli_has(a, "lambda") && cli_has(a, "omega-log")))
        return cli_usage("sc pressure", "give --a2f FILE, or --lambda and --omega-log (McMillan: --theta-d and --lambda)");
    return CLI_OK;
}

static int pressure_report(const cli_args *a, const lmds_sc_pressure_opts *po, double slope, cli_table *t)
{
    double gam = po->gamma_G > 0 ? po->gamma_G : 0.5 * po->eos.B0p - 1.0 / 6.0;
    const char *method = METHOD_NAMES[cli_enum(a, "method", 1)];
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "curve", cli_table_json(t));
        cli_json_num(o, "dTc_dP_K_per_GPa", slope);
        cli_json_num(o, "gamma_G", gam);
        cli_json_num(o, "phi", po->phi);
        cJSON_AddStringToObject(o, "method", method);
        add_refs(o, "pressure");
        return cli_json_print(o);
    }
    const char *sl = cli_num_s(slope, "%.4g", "dTc/dP");
    int rc = cli_table_print(t, stdout, fmt);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
        printf("\ndTc/dP at 0 GPa = %s K/GPa  (gamma_G = %.3g%s, phi = %.3g, mu* = %.3g, %s)\n", sl, gam,
               po->gamma_G > 0 ? "" : " from Slater B0'/2 - 1/6", po->phi, po->eliash.mu_star, method);
        print_refs("pressure");
    }
    return rc;
}

static int run_pressure(const cli_args *a)
{
    lmds_sc_pressure_opts po;
    lmds_sc_params par;
    lmds_a2f *s = NULL;
    int rc = pressure_setup(a, &po, &par, &s);
    if (rc) {
        lmds_a2f_free(s);
        return rc;
    }
    long np = cli_int(a, "points", 21);
    double pmax = cli_num(a, "P-max", 10.0), slope = NAN;
    lmds_status st = lmds_sc_pressure_slope(s, &par, &po, 0.0, 0.1, &slope);
    const char *h[] = {"P_GPa", "V_over_V0", "lambda", "omega_log_K", "Tc_K"};
    cli_table *t = cli_table_new(5, h);
    double *px = cli_xmalloc((size_t)np * sizeof(double)), *py = cli_xmalloc((size_t)np * sizeof(double));
    for (long i = 0; i < np && !st; i++) {
        lmds_sc_pressure_point pt;
        double P = pmax * (double)i / (double)(np - 1);
        if ((st = lmds_sc_pressure_tc(s, &par, &po, P, &pt))) break;
        px[i] = P, py[i] = pt.tc;
        const char *row[] = {cli_num_s(P, "%.4g", "P"), cli_num_s(pt.v_ratio, "%.5f", "V/V0"),
                             cli_num_s(pt.lambda, "%.5g", "lambda"), cli_num_s(pt.omega_log_K, "%.5g", "omega_log"),
                             cli_num_s(pt.tc, "%.5g", "Tc")};
        cli_table_add(t, row);
    }
    lmds_a2f_free(s);
    rc = st ? cli_fail(st) : pressure_report(a, &po, slope, t);
    if (rc == CLI_OK && cli_has(a, "svg")) {
        cli_plot *p = cli_plot_new("Tc under pressure", "P (GPa)", "Tc (K)");
        cli_plot_series(p, "Tc", (int)np, px, py, CLI_LINE_MARKERS, NULL);
        rc = cli_plot_write(p, cli_str(a, "svg", NULL));
        cli_plot_free(p);
    }
    free(px), free(py);
    cli_table_free(t);
    return rc;
}

static int cmd_pressure(int argc, char **argv) { return with_args(&PRESSURE, argc, argv, run_pressure); }

/* ------------------------------------------------------------------ size */

static const cli_opt SIZE_OPTS[] = {
    {"film", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "thin film: Tc(d) = Tc_bulk (1 - dc/d) (Simonin)", NULL},
    {"anderson", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "grain: level spacing against the gap (Anderson limit)", NULL},
    {"melting", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "droplet: Gibbs-Thomson melting point (default data: Ga)", NULL},
    {"tc-bulk", 0, CLI_DOUBLE, "K", 0, 1000, CLI_GT_LO, NULL, "film: bulk Tc", NULL},
    {"d", 0, CLI_DOUBLE, "nm", 0, 1e6, CLI_GT_LO, NULL, "film: thickness", NULL},
    {"dc", 0, CLI_DOUBLE, "nm", 0, 1e6, 0, NULL, "film: critical thickness", NULL},
    {"dos", 0, CLI_DOUBLE, "states/eV/atom", 0, 1000, CLI_GT_LO, NULL, "anderson: density of states", NULL},
    {"vatom", 0, CLI_DOUBLE, "A3", 0, 10000, CLI_GT_LO, NULL, "anderson: volume per atom", NULL},
    {"r", 0, CLI_DOUBLE, "nm", 0, 1e6, CLI_GT_LO, NULL, "anderson, melting: radius", NULL},
    {"gap", 0, CLI_DOUBLE, "meV", 0, 1000, CLI_GT_LO, NULL, "anderson: superconducting gap", NULL},
    {"T-melt", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, "melting: bulk melting point", NULL},
    {"tm", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, NULL, "T-melt"},
    {"sigma", 0, CLI_DOUBLE, "J/m2", 0, 100, CLI_GT_LO, NULL, "melting: solid-liquid interface energy", NULL},
    {"rho", 0, CLI_DOUBLE, "kg/m3", 0, 1e5, CLI_GT_LO, NULL, "melting: density of the solid", NULL},
    {"latent", 0, CLI_DOUBLE, "J/kg", 0, 1e8, CLI_GT_LO, NULL, "melting: latent heat", NULL},
    CLI_OPTS_FORMAT, END};
static const cli_cmd SIZE = {"sc size", "--film ... | --anderson ... | --melting ... [options]",
                             "Size effects: a film's Tc, the Anderson limit of a grain, the melting point of a droplet.",
                             SIZE_OPTS, NULL, 0, 0, "film anderson;film melting;anderson melting"};

static lmds_status size_compute(const cli_args *a, cli_table *t, cJSON *o, const char **model)
{
    lmds_status st;
    if (cli_has(a, "film")) {
        *model = "film";
        double tc;
        if ((st = lmds_film_tc(cli_num(a, "tc-bulk", 0), cli_num(a, "d", 0), cli_num(a, "dc", 0), &tc))) return st;
        kv(t, "Tc(d)", tc, "K");
        cli_json_num(o, "Tc_K", tc);
    } else if (cli_has(a, "anderson")) {
        *model = "anderson";
        double d, ratio, rc;
        if ((st = lmds_anderson_criterion(cli_num(a, "dos", 0), cli_num(a, "vatom", 0), cli_num(a, "r", 0),
                                          cli_num(a, "gap", 0), &d, &ratio, &rc)))
            return st;
        kv(t, "level spacing", d, "meV");
        kv(t, "spacing/gap", ratio, "");
        kv(t, "critical radius", rc, "nm");
        cli_json_num(o, "level_spacing_meV", d);
        cli_json_num(o, "spacing_over_gap", ratio);
        cli_json_num(o, "critical_radius_nm", rc);
        cJSON_AddBoolToObject(o, "superconducting_allowed", ratio < 1);
    } else {
        *model = "gibbs-thomson";
        lmds_gibbs_thomson p = *lmds_gibbs_thomson_ga();
        p.tm_bulk = cli_num(a, "T-melt", p.tm_bulk);
        p.sigma_sl = cli_num(a, "sigma", p.sigma_sl);
        p.rho_s = cli_num(a, "rho", p.rho_s);
        p.latent = cli_num(a, "latent", p.latent);
        double tm;
        if ((st = lmds_droplet_melting(&p, cli_num(a, "r", 0), &tm))) return st;
        kv(t, "Tm(r)", tm, "K");
        kv(t, "depression", p.tm_bulk - tm, "K");
        cli_json_num(o, "Tm_K", tm);
        cli_json_num(o, "depression_K", p.tm_bulk - tm);
    }
    return LMDS_OK;
}

static int run_size(const cli_args *a)
{
    const char *cmd = "sc size";
    int film = cli_has(a, "film"), and = cli_has(a, "anderson"), melt = cli_has(a, "melting");
    if (film + and + melt != 1) return cli_usage(cmd, "choose one of --film, --anderson, --melting");
    if (film && !(cli_has(a, "tc-bulk") && cli_has(a, "d") && cli_has(a, "dc")))
        return cli_usage(cmd, "--film needs --tc-bulk, --d and --dc");
    if (and && !(cli_has(a, "dos") && cli_has(a, "vatom") && cli_has(a, "r") && cli_has(a, "gap")))
        return cli_usage(cmd, "--anderson needs --dos, --vatom, --r and --gap");
    if (melt && !cli_has(a, "r")) return cli_usage(cmd, "--melting needs --r");
    cli_table *t = kv_table();
    cJSON *o = cJSON_CreateObject();
    const char *model = "film";
    lmds_status st = size_compute(a, t, o, &model);
    int rc;
    cli_format fmt = cli_args_format(a);
    if (st) {
        rc = cli_fail(st);
        cJSON_Delete(o);
    } else if (fmt == CLI_FMT_JSON) {
        add_refs(o, model);
        rc = cli_json_print(o);
    } else {
        cJSON_Delete(o);
        rc = cli_table_print(t, stdout, fmt);
        if (rc == CLI_OK && fmt == CLI_FMT_TABLE) print_refs(model);
    }
    cli_table_free(t);
    return rc;
}

static int cmd_size(int argc, char **argv) { return with_args(&SIZE, argc, argv, run_size); }

/* ------------------------------------------------------------------ models, dispatch */

static const cli_opt MODELS_OPTS[] = {CLI_OPTS_FORMAT, END};
static const cli_cmd MODELS = {"sc models", "[options]", "Every model with its parameters and references.",
                               MODELS_OPTS, NULL, 0, 0, NULL};
static int run_models(const cli_args *a)
{
    return cli_print_models(lmds_sc_model_count(), lmds_sc_model_get, cli_args_format(a));
}
static int cmd_models(int argc, char **argv) { return with_args(&MODELS, argc, argv, run_models); }

int cli_cmd_sc(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"moments", cmd_moments, "lambda, omega_log, <omega^2>^1/2, omega_max of a spectrum"},
        {"tc", cmd_tc, "Tc: McMillan, Allen-Dynes or Eliashberg"},
        {"gap", cmd_gap, "Delta(T), 2Delta(0)/kTc, Z(0), DeltaC/gammaTc (Eliashberg)"},
        {"fields", cmd_fields, "Hc(T) and WHH Hc2(T)"},
        {"pressure", cmd_pressure, "Tc(P) and dTc/dP"},
        {"size", cmd_size, "films, grains (Anderson limit), droplet melting"},
        {"models", cmd_models, "every model with its parameters and references"},
    };
    return cli_dispatch("sc", "Superconductivity from a spectrum or from parameters (spectra in data/spectra/).", subs,
                        (int)(sizeof subs / sizeof subs[0]), argc, argv);
}
