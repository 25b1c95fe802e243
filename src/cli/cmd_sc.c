/* lmds sc: superconductivity from a spectrum or from parameters -- moments, Tc, gap, fields, pressure, size
 * effects, and the models with what to cite. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds sc SUBCOMMAND [options]\n\n"
            "Subcommands:\n"
            "  moments  --a2f FILE                       lambda, omega_log, <omega^2>^1/2, omega_max\n"
            "  tc       --method mcmillan|allen-dynes|eliashberg (default allen-dynes)\n"
            "           --a2f FILE | --lambda X --omega-log K [--omega2 K] | --theta-d K --lambda X\n"
            "  gap      --a2f FILE [--nt N] [--plot FILE.svg]   Delta(T), 2Delta(0)/kTc, Z(0), DeltaC/gammaTc\n"
            "  fields   --tc K (--hc0 T | --gamma mJ/molK2 --vmol cm3/mol [--omega-log K])\n"
            "           (--slope T/K | --xi nm) [--temp K]       Hc(T) and WHH Hc2(T)\n"
            "  pressure (--a2f FILE | --lambda X --omega-log K [--omega2 K]) --v0 A3 --b0 GPa --b0p X\n"
            "           [--eos vinet|bm3] [--gamma-g X] [--phi X] [--pmax GPa] [--np N] [--method ...]\n"
            "  size     --film --tc-bulk K --d nm --dc nm\n"
            "           --anderson --dos states/eV/atom --vatom A3 --r nm --gap meV\n"
            "           --melting --r nm [--tm K --sigma J/m2 --rho kg/m3 --latent J/kg] (default: Ga)\n"
            "  models                                     every model with its parameters and references\n\n"
            "Spectrum options: --units meV|THz|cm-1|K|Ha|Ry (default: from the file), --column N (QE/EPW\n"
            "  smearing column), --format columns|epw|elk.\n"
            "Eliashberg options: --mu-star X (default 0.10), --mu-star-cutoff meV (cutoff at which mu* is given;\n"
            "  default 10 omega_max; rescaled by 1/mu*(wc) = 1/mu* + ln(w_ref/wc)), --cutoff-factor F (Matsubara\n"
            "  cutoff F*omega_max, default 10), --elk (Elk's conventions: 20 omega_rms cutoff, mu* below 2 omega_rms).\n"
            "Output: table (default), --json, --csv.\n");
}

enum {
    O_A2F = 1000, O_UNITS, O_COLUMN, O_FORMAT, O_METHOD, O_LAMBDA, O_WLOG, O_W2, O_THETA, O_MU, O_MUCUT, O_CUTF,
    O_ELK, O_JSON, O_CSV, O_PLOT, O_NT, O_TC, O_HC0, O_GAMMA, O_VMOL, O_SLOPE, O_XI, O_TEMP, O_V0, O_B0, O_B0P,
    O_EOS, O_GAMMAG, O_PHI, O_PMAX, O_NP, O_FILM, O_ANDERSON, O_MELTING, O_TCB, O_D, O_DC, O_DOS, O_VATOM, O_R,
    O_GAP, O_TM, O_SIGMA, O_RHO, O_LATENT
};

static const struct option LONGOPTS[] = {
    {"a2f", required_argument, 0, O_A2F},       {"units", required_argument, 0, O_UNITS},
    {"column", required_argument, 0, O_COLUMN}, {"format", required_argument, 0, O_FORMAT},
    {"method", required_argument, 0, O_METHOD}, {"lambda", required_argument, 0, O_LAMBDA},
    {"omega-log", required_argument, 0, O_WLOG}, {"omega2", required_argument, 0, O_W2},
    {"theta-d", required_argument, 0, O_THETA}, {"mu-star", required_argument, 0, O_MU},
    {"mu-star-cutoff", required_argument, 0, O_MUCUT}, {"cutoff-factor", required_argument, 0, O_CUTF},
    {"elk", no_argument, 0, O_ELK},             {"json", no_argument, 0, O_JSON},
    {"csv", no_argument, 0, O_CSV},             {"plot", required_argument, 0, O_PLOT},
    {"nt", required_argument, 0, O_NT},         {"tc", required_argument, 0, O_TC},
    {"hc0", required_argument, 0, O_HC0},       {"gamma", required_argument, 0, O_GAMMA},
    {"vmol", required_argument, 0, O_VMOL},     {"slope", required_argument, 0, O_SLOPE},
    {"xi", required_argument, 0, O_XI},         {"temp", required_argument, 0, O_TEMP},
    {"v0", required_argument, 0, O_V0},         {"b0", required_argument, 0, O_B0},
    {"b0p", required_argument, 0, O_B0P},       {"eos", required_argument, 0, O_EOS},
    {"gamma-g", required_argument, 0, O_GAMMAG}, {"phi", required_argument, 0, O_PHI},
    {"pmax", required_argument, 0, O_PMAX},     {"np", required_argument, 0, O_NP},
    {"film", no_argument, 0, O_FILM},           {"anderson", no_argument, 0, O_ANDERSON},
    {"melting", no_argument, 0, O_MELTING},     {"tc-bulk", required_argument, 0, O_TCB},
    {"d", required_argument, 0, O_D},           {"dc", required_argument, 0, O_DC},
    {"dos", required_argument, 0, O_DOS},       {"vatom", required_argument, 0, O_VATOM},
    {"r", required_argument, 0, O_R},           {"gap", required_argument, 0, O_GAP},
    {"tm", required_argument, 0, O_TM},         {"sigma", required_argument, 0, O_SIGMA},
    {"rho", required_argument, 0, O_RHO},       {"latent", required_argument, 0, O_LATENT},
    {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};

/* Everything any subcommand may use; NaN = not given. */
typedef struct sc_args {
    const char *cmd;
    const char *a2f, *plot, *method;
    lmds_a2f_opts ao;
    lmds_eliash_opts eo;
    cli_format fmt;
    double lambda, wlog, w2, theta, tc, hc0, gamma, vmol, slope, xi, temp, v0, b0, b0p, gammag, phi, pmax;
    double tcb, d, dc, dos, vatom, r, gap, tm, sigma, rho, latent;
    long nt, np;
    int film, anderson, melting, mu_given;
    lmds_eos_kind eos;
} sc_args;

static int parse_unit(const char *cmd, const char *s, lmds_freq_unit *u)
{
    static const char *names[] = {"meV", "THz", "cm-1", "K", "Ha", "Ry"};
    static const lmds_freq_unit vals[] = {LMDS_FREQ_MEV, LMDS_FREQ_THZ, LMDS_FREQ_CM1,
                                          LMDS_FREQ_K,   LMDS_FREQ_HA,  LMDS_FREQ_RY};
    for (int i = 0; i < 6; i++)
        if (strcasecmp(s, names[i]) == 0) {
            *u = vals[i];
            return CLI_OK;
        }
    return cli_usage(cmd, "--units: unknown unit '%s' (meV, THz, cm-1, K, Ha, Ry)", s);
}

static int parse_args(int argc, char **argv, sc_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = "sc";
    lmds_a2f_opts_init(&a->ao);
    lmds_eliash_opts_init(&a->eo);
    double *nanvars[] = {&a->lambda, &a->wlog, &a->w2, &a->theta, &a->tc, &a->hc0, &a->gamma, &a->vmol,
                         &a->slope, &a->xi, &a->temp, &a->v0, &a->b0, &a->b0p, &a->gammag, &a->phi, &a->pmax,
                         &a->tcb, &a->d, &a->dc, &a->dos, &a->vatom, &a->r, &a->gap, &a->tm, &a->sigma, &a->rho,
                         &a->latent};
    for (size_t i = 0; i < sizeof nanvars / sizeof nanvars[0]; i++) *nanvars[i] = NAN;
    a->nt = 40;
    a->np = 21;
    a->eos = LMDS_EOS_BM3;
    optind = 1;
    opterr = 0;
    int ch;
    const char *cmd = a->cmd;
    while ((ch = getopt_long(argc, argv, "+h", LONGOPTS, NULL)) != -1) {
        int rc = CLI_OK;
        long lv;
        switch (ch) {
        case 'h': usage(stdout); return -1;
        case O_A2F: a->a2f = optarg; break;
        case O_UNITS: rc = parse_unit(cmd, optarg, &a->ao.unit); break;
        case O_COLUMN:
            rc = cli_parse_int(cmd, "--column", optarg, &lv);
            if (!rc && (lv < 1 || lv > 1000)) rc = cli_usage(cmd, "--column must be 1..1000");
            a->ao.column = (int)lv;
            break;
        case O_FORMAT:
            if (!strcmp(optarg, "columns")) a->ao.format = LMDS_A2F_COLUMNS;
            else if (!strcmp(optarg, "epw")) a->ao.format = LMDS_A2F_EPW;
            else if (!strcmp(optarg, "elk")) a->ao.format = LMDS_A2F_ELK;
            else rc = cli_usage(cmd, "--format: columns, epw or elk");
            break;
        case O_METHOD: a->method = optarg; break;
        case O_LAMBDA: rc = cli_parse_double(cmd, "--lambda", optarg, &a->lambda); break;
        case O_WLOG: rc = cli_parse_double(cmd, "--omega-log", optarg, &a->wlog); break;
        case O_W2: rc = cli_parse_double(cmd, "--omega2", optarg, &a->w2); break;
        case O_THETA: rc = cli_parse_double(cmd, "--theta-d", optarg, &a->theta); break;
        case O_MU:
            rc = cli_parse_double(cmd, "--mu-star", optarg, &a->eo.mu_star);
            a->mu_given = 1;
            break;
        case O_MUCUT: rc = cli_parse_double(cmd, "--mu-star-cutoff", optarg, &a->eo.mu_star_cutoff); break;
        case O_CUTF: rc = cli_parse_double(cmd, "--cutoff-factor", optarg, &a->eo.cutoff_factor); break;
        case O_ELK: a->eo.convention = LMDS_ELIASH_ELK; break;
        case O_JSON: a->fmt = CLI_FMT_JSON; break;
        case O_CSV: a->fmt = CLI_FMT_CSV; break;
        case O_PLOT: a->plot = optarg; break;
        case O_NT:
            rc = cli_parse_int(cmd, "--nt", optarg, &a->nt);
            if (!rc && (a->nt < 2 || a->nt > 10000)) rc = cli_usage(cmd, "--nt must be 2..10000");
            break;
        case O_NP:
            rc = cli_parse_int(cmd, "--np", optarg, &a->np);
            if (!rc && (a->np < 2 || a->np > 10000)) rc = cli_usage(cmd, "--np must be 2..10000");
            break;
        case O_TC: rc = cli_parse_double(cmd, "--tc", optarg, &a->tc); break;
        case O_HC0: rc = cli_parse_double(cmd, "--hc0", optarg, &a->hc0); break;
        case O_GAMMA: rc = cli_parse_double(cmd, "--gamma", optarg, &a->gamma); break;
        case O_VMOL: rc = cli_parse_double(cmd, "--vmol", optarg, &a->vmol); break;
        case O_SLOPE: rc = cli_parse_double(cmd, "--slope", optarg, &a->slope); break;
        case O_XI: rc = cli_parse_double(cmd, "--xi", optarg, &a->xi); break;
        case O_TEMP: rc = cli_parse_double(cmd, "--temp", optarg, &a->temp); break;
        case O_V0: rc = cli_parse_double(cmd, "--v0", optarg, &a->v0); break;
        case O_B0: rc = cli_parse_double(cmd, "--b0", optarg, &a->b0); break;
        case O_B0P: rc = cli_parse_double(cmd, "--b0p", optarg, &a->b0p); break;
        case O_EOS:
            if (!strcasecmp(optarg, "vinet")) a->eos = LMDS_EOS_VINET;
            else if (!strcasecmp(optarg, "bm3")) a->eos = LMDS_EOS_BM3;
            else rc = cli_usage(cmd, "--eos: vinet or bm3");
            break;
        case O_GAMMAG: rc = cli_parse_double(cmd, "--gamma-g", optarg, &a->gammag); break;
        case O_PHI: rc = cli_parse_double(cmd, "--phi", optarg, &a->phi); break;
        case O_PMAX: rc = cli_parse_double(cmd, "--pmax", optarg, &a->pmax); break;
        case O_FILM: a->film = 1; break;
        case O_ANDERSON: a->anderson = 1; break;
        case O_MELTING: a->melting = 1; break;
        case O_TCB: rc = cli_parse_double(cmd, "--tc-bulk", optarg, &a->tcb); break;
        case O_D: rc = cli_parse_double(cmd, "--d", optarg, &a->d); break;
        case O_DC: rc = cli_parse_double(cmd, "--dc", optarg, &a->dc); break;
        case O_DOS: rc = cli_parse_double(cmd, "--dos", optarg, &a->dos); break;
        case O_VATOM: rc = cli_parse_double(cmd, "--vatom", optarg, &a->vatom); break;
        case O_R: rc = cli_parse_double(cmd, "--r", optarg, &a->r); break;
        case O_GAP: rc = cli_parse_double(cmd, "--gap", optarg, &a->gap); break;
        case O_TM: rc = cli_parse_double(cmd, "--tm", optarg, &a->tm); break;
        case O_SIGMA: rc = cli_parse_double(cmd, "--sigma", optarg, &a->sigma); break;
        case O_RHO: rc = cli_parse_double(cmd, "--rho", optarg, &a->rho); break;
        case O_LATENT: rc = cli_parse_double(cmd, "--latent", optarg, &a->latent); break;
        default:
            return cli_usage(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
        if (rc) return rc;
    }
    if (optind < argc) return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

static int load_a2f(const sc_args *a, lmds_a2f **out)
{
    lmds_status st = lmds_a2f_load(a->a2f, &a->ao, out);
    cli_flush_warnings();
    return st ? cli_fail(st) : CLI_OK;
}

/* Key/value output for table and CSV. */
static void kv(cli_table *t, const char *k, double v, const char *unit)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.6g", v);
    const char *cells[] = {k, buf, unit};
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

/* ---------------------------------------------------------------------------------------------------------- */

static int cmd_moments(const sc_args *a)
{
    if (!a->a2f) return cli_usage("sc moments", "give --a2f FILE");
    lmds_a2f *s;
    int rc = load_a2f(a, &s);
    if (rc) return rc;
    lmds_a2f_mom m;
    lmds_status st = lmds_a2f_moments(s, &m);
    if (st) {
        lmds_a2f_free(s);
        return cli_fail(st);
    }
    if (a->fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", s->source);
        cJSON_AddNumberToObject(o, "points", (double)s->n);
        cJSON_AddNumberToObject(o, "rows_dropped", (double)s->n_dropped);
        cJSON_AddItemToObject(o, "lambda", cli_json_number(m.lambda));
        cJSON_AddItemToObject(o, "omega_log_K", cli_json_number(m.omega_log_K));
        cJSON_AddItemToObject(o, "omega_log_meV", cli_json_number(m.omega_log));
        cJSON_AddItemToObject(o, "omega2_K", cli_json_number(m.omega2_K));
        cJSON_AddItemToObject(o, "omega2_meV", cli_json_number(m.omega2));
        cJSON_AddItemToObject(o, "omega_max_K", cli_json_number(m.omega_max_K));
        cJSON_AddItemToObject(o, "omega_max_meV", cli_json_number(m.omega_max));
        add_refs(o, "moments");
        cli_json_print(o);
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
        cli_table_print(t, stdout, a->fmt);
        cli_table_free(t);
    }
    lmds_a2f_free(s);
    return CLI_OK;
}

static int cmd_tc(const sc_args *a)
{
    const char *cmd = "sc tc";
    const char *method = a->method ? a->method : "allen-dynes";
    lmds_tc_method m;
    if (!strcmp(method, "mcmillan")) m = LMDS_TC_MCMILLAN;
    else if (!strcmp(method, "allen-dynes")) m = LMDS_TC_ALLEN_DYNES;
    else if (!strcmp(method, "eliashberg")) m = LMDS_TC_ELIASHBERG;
    else return cli_usage(cmd, "--method: mcmillan, allen-dynes or eliashberg (got '%s')", method);
    double lambda = a->lambda, wlog = a->wlog, w2 = isfinite(a->w2) ? a->w2 : 0;
    lmds_a2f *s = NULL;
    if (a->a2f) {
        int rc = load_a2f(a, &s);
        if (rc) return rc;
        lmds_a2f_mom mo;
        lmds_status st = lmds_a2f_moments(s, &mo);
        if (st) {
            lmds_a2f_free(s);
            return cli_fail(st);
        }
        lambda = mo.lambda, wlog = mo.omega_log_K, w2 = mo.omega2_K;
    } else if (m == LMDS_TC_MCMILLAN) {
        if (!isfinite(a->theta) || !isfinite(lambda)) return cli_usage(cmd, "McMillan needs --theta-d and --lambda");
    } else if (!isfinite(lambda) || !isfinite(wlog)) {
        return cli_usage(cmd, "give --a2f FILE, or --lambda and --omega-log");
    }
    double tc = 0, tc_err = 0;
    lmds_status st = LMDS_OK;
    lmds_eliash_tc_result er;
    memset(&er, 0, sizeof er);
    const char *model = "allen-dynes";
    if (m == LMDS_TC_MCMILLAN) {
        model = "mcmillan";
        if (!isfinite(a->theta)) {
            lmds_a2f_free(s);
            return cli_usage(cmd, "McMillan needs --theta-d K");
        }
        st = lmds_tc_mcmillan(a->theta, lambda, a->eo.mu_star, &tc);
    } else if (m == LMDS_TC_ALLEN_DYNES) {
        st = lmds_tc_allen_dynes(lambda, a->eo.mu_star, wlog, w2, &tc);
    } else {
        model = a->eo.convention == LMDS_ELIASH_ELK ? "eliashberg-elk" : "eliashberg";
        lmds_a2f *e = s;
        if (!e) {
            /* Parameters only: an Einstein-like spectrum at omega_log carrying lambda. */
            st = lmds_a2f_einstein(wlog * LMDS_KB_MEV, lambda, 0.05, &e);
            if (st) return cli_fail(st);
        }
        st = lmds_eliash_tc(e, &a->eo, &er);
        tc = er.tc, tc_err = er.tc_err;
        if (e != s) lmds_a2f_free(e);
    }
    lmds_a2f_free(s);
    if (st && st != LMDS_EDOMAIN) return cli_fail(st);
    if (st == LMDS_EDOMAIN) { /* a physical answer: no superconductivity */
        fprintf(stderr, "lmds: note: %s\n", lmds_errmsg());
        tc = 0;
    }
    if (a->fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "Tc_K", cli_json_number(tc));
        cJSON_AddStringToObject(o, "method", method);
        cJSON *in = cJSON_AddObjectToObject(o, "inputs");
        if (a->a2f) cJSON_AddStringToObject(in, "a2f", a->a2f);
        cJSON_AddItemToObject(in, "lambda", cli_json_number(lambda));
        if (m != LMDS_TC_MCMILLAN) cJSON_AddItemToObject(in, "omega_log_K", cli_json_number(wlog));
        if (m != LMDS_TC_MCMILLAN && w2 > 0) cJSON_AddItemToObject(in, "omega2_K", cli_json_number(w2));
        if (m == LMDS_TC_MCMILLAN) cJSON_AddItemToObject(in, "theta_D_K", cli_json_number(a->theta));
        cJSON_AddItemToObject(in, "mu_star", cli_json_number(a->eo.mu_star));
        if (m == LMDS_TC_ELIASHBERG) {
            cJSON_AddStringToObject(in, "convention", a->eo.convention == LMDS_ELIASH_ELK ? "elk" : "standard");
            cJSON_AddItemToObject(o, "Tc_err_K", cli_json_number(tc_err));
            cJSON_AddItemToObject(o, "mu_star_at_cutoff", cli_json_number(er.mu_star_used));
            cJSON_AddItemToObject(o, "cutoff_meV", cli_json_number(er.cutoff));
            cJSON_AddNumberToObject(o, "matsubara_frequencies", (double)er.n_matsubara);
        }
        add_refs(o, model);
        cli_json_print(o);
    } else {
        cli_table *t = kv_table();
        kv(t, "Tc", tc, "K");
        if (m == LMDS_TC_ELIASHBERG) {
            kv(t, "Tc change at 2x cutoff", tc_err, "K");
            kv(t, "Matsubara cutoff", er.cutoff, "meV");
            kv(t, "mu* at cutoff", er.mu_star_used, "");
            kv(t, "Matsubara frequencies", (double)er.n_matsubara, "");
        }
        kv(t, "lambda", lambda, "");
        if (m != LMDS_TC_MCMILLAN) kv(t, "omega_log", wlog, "K");
        if (m == LMDS_TC_MCMILLAN) kv(t, "Theta_D", a->theta, "K");
        kv(t, "mu*", a->eo.mu_star, "");
        cli_table_print(t, stdout, a->fmt);
        cli_table_free(t);
        if (a->fmt == CLI_FMT_TABLE) print_refs(model);
    }
    return CLI_OK;
}

static int cmd_gap(const sc_args *a)
{
    if (!a->a2f) return cli_usage("sc gap", "give --a2f FILE");
    lmds_a2f *s;
    int rc = load_a2f(a, &s);
    if (rc) return rc;
    lmds_eliash_curve *c = NULL;
    lmds_status st = lmds_eliash_curve_compute(s, &a->eo, (size_t)a->nt, &c);
    lmds_a2f_free(s);
    if (st) return cli_fail(st);
    if (a->fmt == CLI_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "Tc_K", cli_json_number(c->tc));
        cJSON_AddItemToObject(o, "Delta0_meV", cli_json_number(c->delta_zero));
        cJSON_AddItemToObject(o, "gap_ratio", cli_json_number(c->gap_ratio));
        cJSON_AddItemToObject(o, "Z0", cli_json_number(c->z_zero));
        cJSON_AddItemToObject(o, "dC_over_gammaTc", cli_json_number(c->dC_ratio));
        cJSON_AddStringToObject(o, "dC_model", "Carbotte RMP 62, 1027 (1990) eq. 4.2 with the Eliashberg Tc");
        cJSON_AddItemToObject(o, "mu_star", cli_json_number(a->eo.mu_star));
        cJSON *arr = cJSON_AddArrayToObject(o, "curve");
        for (size_t i = 0; i < c->nt; i++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddItemToObject(p, "T_K", cli_json_number(c->T[i]));
            cJSON_AddItemToObject(p, "Delta_iw0_meV", cli_json_number(c->delta0[i]));
            cJSON_AddItemToObject(p, "Delta_edge_meV", cli_json_number(c->edge[i]));
            cJSON_AddItemToObject(p, "Z_iw0", cli_json_number(c->z0[i]));
            cJSON_AddItemToArray(arr, p);
        }
        add_refs(o, "eliashberg");
        cli_json_print(o);
    } else {
        const char *h[] = {"T_K", "Delta_iw0_meV", "Delta_edge_meV", "Z_iw0"};
        cli_table *t = cli_table_new(4, h);
        for (size_t i = 0; i < c->nt; i++)
            cli_table_addf(t, "%.5g\t%.6g\t%.6g\t%.6g", c->T[i], c->delta0[i], c->edge[i], c->z0[i]);
        cli_table_print(t, stdout, a->fmt);
        cli_table_free(t);
        if (a->fmt == CLI_FMT_TABLE)
            printf("\nTc = %.5g K   Delta(0) = %.5g meV   2Delta(0)/kTc = %.4g   Z(0) = %.4g\n"
                   "DeltaC/(gamma Tc) = %.4g (Carbotte 1990 strong-coupling formula with this Tc)\n",
                   c->tc, c->delta_zero, c->gap_ratio, c->z_zero, c->dC_ratio);
    }
    if (a->plot) {
        cli_plot *p = cli_plot_new("Superconducting gap", "T (K)", "Delta (meV)");
        cli_plot_series(p, "Delta(i omega_0)", (int)c->nt, c->T, c->delta0, CLI_LINE_MARKERS, NULL);
        cli_plot_series(p, "real-axis edge (Pade)", (int)c->nt, c->T, c->edge, CLI_DASHED, NULL);
        rc = cli_plot_write(p, a->plot);
        cli_plot_free(p);
    }
    lmds_eliash_curve_free(c);
    return rc;
}

static int cmd_fields(const sc_args *a)
{
    const char *cmd = "sc fields";
    if (!isfinite(a->tc)) return cli_usage(cmd, "give --tc K");
    double hc0 = a->hc0;
    lmds_status st;
    if (!isfinite(hc0) && isfinite(a->gamma) && isfinite(a->vmol)) {
        st = lmds_hc0_from_gamma(a->tc, a->gamma, a->vmol, isfinite(a->wlog) ? a->wlog : 0, &hc0);
        if (st) return cli_fail(st);
    }
    double slope = a->slope;
    if (!isfinite(slope) && isfinite(a->xi)) {
        st = lmds_hc2_slope_from_xi(a->tc, a->xi, &slope);
        if (st) return cli_fail(st);
    }
    if (!isfinite(hc0) && !isfinite(slope))
        return cli_usage(cmd, "give --hc0 (or --gamma and --vmol) and/or --slope (or --xi)");
    int n = isfinite(a->temp) ? 1 : 11;
    const char *h[] = {"T_K", "Hc_T", "Hc2_T"};
    cli_table *t = cli_table_new(3, h);
    cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "fields");
    for (int i = 0; i < n; i++) {
        double T = n == 1 ? a->temp : a->tc * i / 10.0;
        double hc = NAN, hc2 = NAN;
        if (isfinite(hc0) && (st = lmds_hc_thermo(a->tc, hc0, T, &hc))) goto fail;
        if (isfinite(slope) && (st = lmds_hc2_whh(a->tc, slope, T, &hc2))) goto fail;
        cli_table_addf(t, "%.5g\t%.6g\t%.6g", T, hc, hc2);
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToObject(p, "T_K", cli_json_number(T));
        cJSON_AddItemToObject(p, "Hc_T", cli_json_number(hc));
        cJSON_AddItemToObject(p, "Hc2_T", cli_json_number(hc2));
        cJSON_AddItemToArray(arr, p);
    }
    if (a->fmt == CLI_FMT_JSON) {
        cJSON_AddItemToObject(o, "Tc_K", cli_json_number(a->tc));
        cJSON_AddItemToObject(o, "Hc0_T", cli_json_number(hc0));
        cJSON_AddItemToObject(o, "dHc2dT_T_per_K", cli_json_number(slope));
        cJSON *r = cJSON_AddArrayToObject(o, "references");
        const char *ids[] = {"hc", "whh"};
        for (int k = 0; k < 2; k++) {
            const lmds_sc_model_info *m = lmds_sc_model_find(ids[k]);
            for (size_t i = 0; m && i < m->nrefs; i++) cJSON_AddItemToArray(r, cJSON_CreateString(m->refs[i]));
        }
        cli_json_print(o);
        o = NULL;
    } else {
        cli_table_print(t, stdout, a->fmt);
        if (a->fmt == CLI_FMT_TABLE) {
            printf("\nHc(T) = Hc(0)[1-(T/Tc)^2], Hc(0) = %.4g T; Hc2: WHH (dirty, no Pauli/spin-orbit), slope %.4g T/K\n",
                   hc0, slope);
            print_refs("whh");
        }
    }
    cli_table_free(t);
    cJSON_Delete(o);
    return CLI_OK;
fail:
    cli_table_free(t);
    cJSON_Delete(o);
    return cli_fail(st);
}

static int cmd_pressure(const sc_args *a)
{
    const char *cmd = "sc pressure";
    if (!isfinite(a->v0) || !isfinite(a->b0) || !isfinite(a->b0p)) return cli_usage(cmd, "give --v0, --b0 and --b0p");
    lmds_sc_pressure_opts po;
    lmds_sc_pressure_opts_init(&po);
    po.eos.kind = a->eos;
    po.eos.V0 = a->v0;
    po.eos.B0 = a->b0;
    po.eos.B0p = a->b0p;
    if (isfinite(a->gammag)) po.gamma_G = a->gammag;
    if (isfinite(a->phi)) po.phi = a->phi;
    po.eliash = a->eo;
    po.eliash.check_convergence = 0;
    const char *method = a->method ? a->method : "allen-dynes";
    if (!strcmp(method, "allen-dynes")) po.method = LMDS_TC_ALLEN_DYNES;
    else if (!strcmp(method, "mcmillan")) po.method = LMDS_TC_MCMILLAN;
    else if (!strcmp(method, "eliashberg")) po.method = LMDS_TC_ELIASHBERG;
    else return cli_usage(cmd, "--method: mcmillan, allen-dynes or eliashberg");
    lmds_sc_params par = {a->lambda, a->wlog, isfinite(a->w2) ? a->w2 : 0, isfinite(a->theta) ? a->theta : 0};
    lmds_a2f *s = NULL;
    if (a->a2f) {
        int rc = load_a2f(a, &s);
        if (rc) return rc;
    } else if (po.method == LMDS_TC_MCMILLAN ? (!isfinite(a->theta) || !isfinite(a->lambda))
                                            : (!isfinite(a->lambda) || !isfinite(a->wlog))) {
        return cli_usage(cmd, "give --a2f FILE, or --lambda and --omega-log (McMillan: --theta-d and --lambda)");
    }
    double pmax = isfinite(a->pmax) ? a->pmax : 10.0;
    if (!(pmax > 0)) {
        lmds_a2f_free(s);
        return cli_usage(cmd, "--pmax must be positive");
    }
    double slope = NAN;
    lmds_status st = lmds_sc_pressure_slope(s, &par, &po, 0.0, 0.1, &slope);
    if (st) goto fail;
    const char *h[] = {"P_GPa", "V_over_V0", "lambda", "omega_log_K", "Tc_K"};
    cli_table *t = cli_table_new(5, h);
    cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "curve");
    double *px = malloc((size_t)a->np * sizeof(double)), *py = malloc((size_t)a->np * sizeof(double));
    for (long i = 0; i < a->np; i++) {
        lmds_sc_pressure_point pt;
        double P = pmax * (double)i / (double)(a->np - 1);
        st = lmds_sc_pressure_tc(s, &par, &po, P, &pt);
        if (st) {
            cli_table_free(t);
            cJSON_Delete(o);
            free(px), free(py);
            goto fail;
        }
        px[i] = P, py[i] = pt.tc;
        cli_table_addf(t, "%.4g\t%.5f\t%.5g\t%.5g\t%.5g", P, pt.v_ratio, pt.lambda, pt.omega_log_K, pt.tc);
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToObject(p, "P_GPa", cli_json_number(P));
        cJSON_AddItemToObject(p, "V_over_V0", cli_json_number(pt.v_ratio));
        cJSON_AddItemToObject(p, "lambda", cli_json_number(pt.lambda));
        cJSON_AddItemToObject(p, "omega_log_K", cli_json_number(pt.omega_log_K));
        cJSON_AddItemToObject(p, "Tc_K", cli_json_number(pt.tc));
        cJSON_AddItemToArray(arr, p);
    }
    double gam = po.gamma_G > 0 ? po.gamma_G : 0.5 * po.eos.B0p - 1.0 / 6.0;
    if (a->fmt == CLI_FMT_JSON) {
        cJSON_AddItemToObject(o, "dTc_dP_K_per_GPa", cli_json_number(slope));
        cJSON_AddItemToObject(o, "gamma_G", cli_json_number(gam));
        cJSON_AddItemToObject(o, "phi", cli_json_number(po.phi));
        cJSON_AddStringToObject(o, "method", method);
        add_refs(o, "pressure");
        cli_json_print(o);
        o = NULL;
    } else {
        cli_table_print(t, stdout, a->fmt);
        if (a->fmt == CLI_FMT_TABLE) {
            printf("\ndTc/dP at 0 GPa = %.4g K/GPa  (gamma_G = %.3g%s, phi = %.3g, mu* = %.3g, %s)\n", slope, gam,
                   po.gamma_G > 0 ? "" : " from Slater B0'/2 - 1/6", po.phi, po.eliash.mu_star, method);
            print_refs("pressure");
        }
    }
    if (a->plot) {
        cli_plot *p = cli_plot_new("Tc under pressure", "P (GPa)", "Tc (K)");
        cli_plot_series(p, "Tc", (int)a->np, px, py, CLI_LINE_MARKERS, NULL);
        cli_plot_write(p, a->plot);
        cli_plot_free(p);
    }
    free(px), free(py);
    cli_table_free(t);
    cJSON_Delete(o);
    lmds_a2f_free(s);
    return CLI_OK;
fail:
    lmds_a2f_free(s);
    return cli_fail(st);
}

static int cmd_size(const sc_args *a)
{
    const char *cmd = "sc size";
    if (a->film + a->anderson + a->melting != 1) return cli_usage(cmd, "choose one of --film, --anderson, --melting");
    cli_table *t = kv_table();
    cJSON *o = cJSON_CreateObject();
    lmds_status st = LMDS_OK;
    const char *model = "film";
    if (a->film) {
        if (!isfinite(a->tcb) || !isfinite(a->d) || !isfinite(a->dc)) {
            cli_table_free(t), cJSON_Delete(o);
            return cli_usage(cmd, "--film needs --tc-bulk, --d and --dc");
        }
        double tc;
        if ((st = lmds_film_tc(a->tcb, a->d, a->dc, &tc))) goto fail;
        kv(t, "Tc(d)", tc, "K");
        cJSON_AddItemToObject(o, "Tc_K", cli_json_number(tc));
    } else if (a->anderson) {
        model = "anderson";
        if (!isfinite(a->dos) || !isfinite(a->vatom) || !isfinite(a->r) || !isfinite(a->gap)) {
            cli_table_free(t), cJSON_Delete(o);
            return cli_usage(cmd, "--anderson needs --dos, --vatom, --r and --gap");
        }
        double d, ratio, rc;
        if ((st = lmds_anderson_criterion(a->dos, a->vatom, a->r, a->gap, &d, &ratio, &rc))) goto fail;
        kv(t, "level spacing", d, "meV");
        kv(t, "spacing/gap", ratio, "");
        kv(t, "critical radius", rc, "nm");
        cJSON_AddItemToObject(o, "level_spacing_meV", cli_json_number(d));
        cJSON_AddItemToObject(o, "spacing_over_gap", cli_json_number(ratio));
        cJSON_AddItemToObject(o, "critical_radius_nm", cli_json_number(rc));
        cJSON_AddBoolToObject(o, "superconducting_allowed", ratio < 1);
    } else {
        model = "gibbs-thomson";
        if (!isfinite(a->r)) {
            cli_table_free(t), cJSON_Delete(o);
            return cli_usage(cmd, "--melting needs --r");
        }
        lmds_gibbs_thomson p = *lmds_gibbs_thomson_ga();
        if (isfinite(a->tm)) p.tm_bulk = a->tm;
        if (isfinite(a->sigma)) p.sigma_sl = a->sigma;
        if (isfinite(a->rho)) p.rho_s = a->rho;
        if (isfinite(a->latent)) p.latent = a->latent;
        double tm;
        if ((st = lmds_droplet_melting(&p, a->r, &tm))) goto fail;
        kv(t, "Tm(r)", tm, "K");
        kv(t, "depression", p.tm_bulk - tm, "K");
        cJSON_AddItemToObject(o, "Tm_K", cli_json_number(tm));
        cJSON_AddItemToObject(o, "depression_K", cli_json_number(p.tm_bulk - tm));
    }
    if (a->fmt == CLI_FMT_JSON) {
        add_refs(o, model);
        cli_json_print(o);
        o = NULL;
    } else {
        cli_table_print(t, stdout, a->fmt);
        if (a->fmt == CLI_FMT_TABLE) print_refs(model);
    }
    cli_table_free(t);
    cJSON_Delete(o);
    return CLI_OK;
fail:
    cli_table_free(t);
    cJSON_Delete(o);
    return cli_fail(st);
}

static int cmd_models(const sc_args *a) { return cli_print_models(lmds_sc_model_count(), lmds_sc_model_get, a->fmt); }

int cli_cmd_sc(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    sc_args a;
    int rc = parse_args(argc - 1, argv + 1, &a);
    if (rc < 0) return CLI_OK; /* --help */
    if (rc) return rc;
    if (!strcmp(sub, "moments")) return cmd_moments(&a);
    if (!strcmp(sub, "tc")) return cmd_tc(&a);
    if (!strcmp(sub, "gap")) return cmd_gap(&a);
    if (!strcmp(sub, "fields")) return cmd_fields(&a);
    if (!strcmp(sub, "pressure")) return cmd_pressure(&a);
    if (!strcmp(sub, "size")) return cmd_size(&a);
    if (!strcmp(sub, "models")) return cmd_models(&a);
    return cli_usage("sc", "unknown subcommand '%s' (moments, tc, gap, fields, pressure, size, models)", sub);
}
