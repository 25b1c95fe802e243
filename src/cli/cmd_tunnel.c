/* lmds tunnel: the electron-tunnel model (lmds's formalisation of J.Z. Liu's hypothesis) beside the
 * electron-phonon model: P-T diagram, fit to rho(T), predictions, and the score against pressure data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define LABEL "electron-tunnel model (lmds formalisation of J.Z. Liu's hypothesis; not a published equation set)"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
#define MODEL_OPTS                                                                                                  \
    {"tc", 0, CLI_DOUBLE, "K", 0, 1000, CLI_GT_LO, NULL, "ambient Tc that fixes d_sc (default: the material file's)", \
     NULL},                                                                                                          \
        {"gap", 0, CLI_ENUM, "G", 0, 0, 0, "linear|exp", "gap law (default linear)", NULL},                         \
        {"lift", 0, CLI_ENUM, "L", 0, 0, 0, "linear|activated", "resistivity lift (default linear)", NULL},         \
        {"E1", 0, CLI_DOUBLE, "meV", 0, 10000, CLI_GT_LO, NULL, "gap scale", NULL},                                   \
        {"k", 0, CLI_DOUBLE, "X", 0, 100, CLI_GT_LO, NULL, "exponent of the exp gap law", NULL},                      \
        {"A", 0, CLI_DOUBLE, "X", 0, 1e6, 0, NULL, "lift prefactor (1e-8 ohm m per meV, or 1e-8 ohm m)", NULL},      \
        {"rho-res", 0, CLI_DOUBLE, "1e-8 ohm m", 0, 1e6, 0, NULL, "residual resistivity", NULL},                     \
        {"d-ins", 0, CLI_DOUBLE, "A", 0, 100, CLI_GT_LO, NULL, "spacing above which it insulates (default: none)",   \
         NULL},                                                                                                      \
        {"materials", 0, CLI_INPUT, "CSV", 0, 0, 0, NULL, "material file (default data/pressure/tunnel_materials.csv)", \
         NULL}
#define CURVE_OPTS                                                                                                  \
    {"P-max", 0, CLI_DOUBLE, "GPa", 0, 1000, CLI_GT_LO, NULL, "highest pressure (default 10 GPa)", NULL},           \
        {"T-max", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "highest temperature", NULL},                      \
        {"points", 0, CLI_INT, "N", 2, 100000, 0, NULL, "points of the curve (default 41)", NULL},                   \
        {"n", 0, CLI_INT, "N", 2, 100000, 0, NULL, NULL, "points"}
#define SVG_OPT {"svg", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "write a plot (SVG)", NULL}

static const char *ABOUT_MODEL =
    "The " LABEL ":\n"
    "  d(P,T) = d0 (V(P,T)/V0)^(1/3)   gap Delta = E1 x or E1 (exp(k x) - 1), x = (d - d_sc)/d0\n"
    "  rho = rho_res + A max(Delta,0) (linear lift) or rho_res + A exp(Delta/kT) (activated lift)\n"
    "  superconducting where Delta <= 0, insulating where d > d_ins; Tc(P) solves d(P,Tc) = d_sc.\n"
    "  It requires dTc/dP = 1/(B beta) > 0 and rho falling where Tc rises, without any fitting.\n"
    "  The electron-phonon comparison: McMillan Tc with Grueneisen/Hopfield scaling, Bloch-Grueneisen rho.\n"
    "Tc above T-max is shown as '>T-max' (JSON: T-max with Tc_tunnel_above_T_max true); a blank cell (JSON null)\n"
    "is a quantity the model does not give there (no electron-phonon coupling known, no insulating boundary).";

static const cli_opt DIAGRAM_OPTS[] = {MODEL_OPTS, CURVE_OPTS, SVG_OPT, CLI_OPTS_FORMAT, END};
static const cli_opt FIT_OPTS[] = {
    MODEL_OPTS,
    {"data", 0, CLI_INPUT, "CSV", 0, 0, CLI_REQUIRED, NULL, "measured rho(T) (columns material, P_GPa, T_K, rho)", NULL},
    {"P", 0, CLI_DOUBLE, "GPa", 0, 1000, 0, NULL, "pressure of the data to fit (default 0)", NULL},
    SVG_OPT, CLI_OPTS_FORMAT, END};
static const cli_opt PREDICT_OPTS[] = {
    MODEL_OPTS, CURVE_OPTS,
    {"mode", 0, CLI_ENUM, "M", 0, 0, 0, "tc|rho-p|rho-t", "Tc(P), rho(P) at --T, or rho(T) at --P (default tc)", NULL},
    {"T", 0, CLI_DOUBLE, "K", 0, 10000, CLI_GT_LO, NULL, "rho-p: temperature (default 300 K)", NULL},
    {"P", 0, CLI_DOUBLE, "GPa", 0, 1000, 0, NULL, "rho-t: pressure (default 0)", NULL},
    CLI_OPTS_FORMAT, END};
static const cli_opt SCORE_OPTS[] = {
    {"measurements", 0, CLI_INPUT, "CSV", 0, 0, 0, NULL, "pressure data (default data/pressure/measurements.csv)", NULL},
    {"materials", 0, CLI_INPUT, "CSV", 0, 0, 0, NULL, "material file (default data/pressure/tunnel_materials.csv)", NULL},
    {"markdown", 0, CLI_FLAG, NULL, 0, 0, CLI_ONE_OF, NULL, "the table as Markdown", NULL},
    SVG_OPT, CLI_OPTS_FORMAT, END};
static const cli_opt MODELS_OPTS[] = {CLI_OPTS_FORMAT, END};

static const cli_cmd DIAGRAM = {"tunnel diagram", "MATERIAL [options]",
                                "Electrical-state diagram in P and T: tunnel Tc(P), insulating boundary, and the "
                                "electron-phonon Tc(P).",
                                DIAGRAM_OPTS, NULL, 1, 1, NULL};
static const cli_cmd FIT = {"tunnel fit", "MATERIAL --data CSV [options]", "Fit the model to measured rho(T).",
                            FIT_OPTS, NULL, 1, 1, NULL};
static const cli_cmd PREDICT = {"tunnel predict", "MATERIAL [options]",
                                "Model predictions: Tc(P) with the identity dTc/dP = 1/(B beta), or rho(P), rho(T).",
                                PREDICT_OPTS, NULL, 1, 1, NULL};
static const cli_cmd SCORE = {"tunnel score", "[options]",
                              "Score the tunnel model and electron-phonon scaling against measured pressure "
                              "coefficients (signs and sizes).",
                              SCORE_OPTS, NULL, 0, 0, NULL};
static const cli_cmd MODELS = {"tunnel models", "[options]", "The models and the papers behind them.", MODELS_OPTS,
                               NULL, 0, 0, NULL};

typedef struct {
    const char *materials;
    lmds_tunnel_params p;
    double tc;
    double P_max, T_max, T, P;
    long n;
    const char *svg, *data, *measurements, *mode;
    int E1_given, markdown;
    cli_format fmt;
} opts;

static void opts_from_args(const cli_args *a, opts *o)
{
    memset(o, 0, sizeof *o);
    lmds_tunnel_params_init(&o->p);
    o->tc = NAN, o->P_max = NAN, o->T_max = NAN, o->T = 300.0, o->P = 0.0, o->n = 41;
    o->fmt = cli_args_format(a);
    if (cli_declares(a, "tc")) {
        o->tc = cli_num(a, "tc", NAN);
        if (cli_has(a, "gap")) o->p.gap = cli_enum(a, "gap", 0) ? LMDS_TUNNEL_GAP_EXP : LMDS_TUNNEL_GAP_LINEAR;
        if (cli_has(a, "lift"))
            o->p.lift = cli_enum(a, "lift", 0) ? LMDS_TUNNEL_LIFT_ACTIVATED : LMDS_TUNNEL_LIFT_LINEAR;
        o->E1_given = cli_has(a, "E1");
        o->p.E1 = cli_num(a, "E1", o->p.E1);
        o->p.k = cli_num(a, "k", o->p.k);
        o->p.A = cli_num(a, "A", o->p.A);
        o->p.rho_res = cli_num(a, "rho-res", o->p.rho_res);
        o->p.d_ins = cli_num(a, "d-ins", o->p.d_ins);
    }
    if (cli_declares(a, "materials")) o->materials = cli_str(a, "materials", NULL);
    if (cli_declares(a, "points")) {
        o->P_max = cli_num(a, "P-max", NAN), o->T_max = cli_num(a, "T-max", NAN);
        o->n = cli_int(a, "points", 41);
    }
    if (cli_declares(a, "svg")) o->svg = cli_str(a, "svg", NULL);
    if (cli_declares(a, "data")) o->data = cli_str(a, "data", NULL);
    if (cli_declares(a, "P")) o->P = cli_num(a, "P", 0);
    if (cli_declares(a, "T")) o->T = cli_num(a, "T", 300);
    if (cli_declares(a, "mode")) o->mode = cli_str(a, "mode", NULL);
    if (cli_declares(a, "measurements")) o->measurements = cli_str(a, "measurements", NULL);
    if (cli_declares(a, "markdown")) o->markdown = cli_has(a, "markdown");
    cli_input_declare(o->materials);
    cli_input_declare(o->data);
    cli_input_declare(o->measurements);
}

/* Load MATERIAL and fix d_sc from --tc or the file's Tc0. need_dsc: fail when no ambient Tc is known. */
static int load_material(opts *o, const char *name, lmds_tunnel_material *m, int need_dsc)
{
    lmds_status st = lmds_tunnel_material_load(o->materials, name, m);
    if (st)
        return cli_fail(st);
    if (isnan(o->tc))
        o->tc = m->tc0;
    if (o->tc > 0) {
        if ((st = lmds_tunnel_dsc_from_tc(m, o->tc, &o->p.d_sc)))
            return cli_fail(st);
    } else if (need_dsc) {
        fprintf(stderr, "lmds: error: %s has no ambient Tc in the material file; give one with --tc K to fix d_sc\n",
                name);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* A model value, blank where the model gives none (documented in the help). */
static char *fmtg(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.5g", v);
    else
        buf[0] = '\0';
    return buf;
}

/* A tunnel Tc: "superconducting up to T_max" is shown as ">T_max". */
static char *fmt_tc(char *buf, size_t n, double v, double Tmax)
{
    if (isinf(v) && v > 0)
        snprintf(buf, n, ">%g", Tmax);
    else
        fmtg(buf, n, v);
    return buf;
}

/* ---- diagram ---- */

/* The curves of a diagram on n pressures from 0 to Pmax: tunnel Tc, the insulating boundary (INFINITY without
 * d_ins) and the electron-phonon Tc (NAN without a coupling constant). Owns its arrays. */
typedef struct diagram_curves {
    int n, has_ins;
    double Pmax, Tmax, lambda0;
    double *P, *tct, *tins, *tce;
} diagram_curves;

static void diagram_curves_free(diagram_curves *c) { free(c->P), free(c->tct), free(c->tins), free(c->tce); }

static lmds_status diagram_run(const lmds_tunnel_material *m, const opts *o, diagram_curves *c)
{
    int n = c->n;
    lmds_status st = LMDS_OK;
    c->has_ins = o->p.d_ins > 0 && isfinite(o->p.d_ins);
    for (int i = 0; i < n && !st; i++) {
        c->P[i] = c->Pmax * i / (n - 1);
        st = lmds_tunnel_tc(m, o->p.d_sc, c->P[i], c->Tmax, &c->tct[i]);
        if (!st && c->has_ins)
            st = lmds_tunnel_tc(m, o->p.d_ins, c->P[i], c->Tmax, &c->tins[i]);
        else
            c->tins[i] = INFINITY;
        c->tce[i] = NAN;
        if (!st && isfinite(c->lambda0) && lmds_tunnel_eph_tc(m, c->lambda0, c->P[i], &c->tce[i]))
            c->tce[i] = NAN;
    }
    return st;
}

/* The diagram as regions (polygons: superconducting below Tc(P), insulating above T_ins(P), conducting between)
 * and its boundary curves; x and y hold 2n + 2 points. */
static void diagram_plot_series(cli_plot *pl, const diagram_curves *c, double *x, double *y)
{
    int n = c->n, k = 0;
    double Pmax = c->Pmax, Tmax = c->Tmax;
    for (int i = 0; i < n; i++)
        x[k] = c->P[i], y[k++] = fmin(c->tct[i], Tmax);
    x[k] = Pmax, y[k++] = 0;
    x[k] = 0, y[k++] = 0;
    cli_plot_series(pl, "superconducting (tunnel)", k, x, y, CLI_FILL, "#9ecae1");
    k = 0;
    for (int i = 0; i < n; i++)
        x[k] = c->P[i], y[k++] = fmin(c->tins[i], Tmax);
    for (int i = n - 1; i >= 0; i--)
        x[k] = c->P[i], y[k++] = fmin(c->tct[i], Tmax);
    cli_plot_series(pl, "conducting (tunnel)", k, x, y, CLI_FILL, "#fdd0a2");
    if (c->has_ins) {
        k = 0;
        for (int i = 0; i < n; i++)
            x[k] = c->P[i], y[k++] = fmin(c->tins[i], Tmax);
        x[k] = Pmax, y[k++] = Tmax;
        x[k] = 0, y[k++] = Tmax;
        cli_plot_series(pl, "insulating (tunnel)", k, x, y, CLI_FILL, "#d9d9d9");
    }
    for (int i = 0; i < n; i++)
        y[i] = fmin(c->tct[i], Tmax);
    cli_plot_series(pl, "tunnel Tc(P): d(P,Tc) = d_sc", n, c->P, y, CLI_LINE, "#08519c");
    if (c->has_ins) {
        for (int i = 0; i < n; i++)
            y[i] = fmin(c->tins[i], Tmax);
        cli_plot_series(pl, "d(P,T) = d_ins", n, c->P, y, CLI_LINE, "#525252");
    }
    if (isfinite(c->lambda0))
        cli_plot_series(pl, "electron-phonon Tc(P) (McMillan + Grueneisen)", n, c->P, c->tce, CLI_DASHED, "#d62728");
}

static int diagram_svg(const lmds_tunnel_material *m, const diagram_curves *c, const char *path)
{
    char title[160];
    snprintf(title, sizeof title, "%s: electrical-state diagram, tunnel model (lmds formalisation)", m->name);
    cli_plot *pl = cli_plot_new(title, "P (GPa)", "T (K)");
    cli_plot_xrange(pl, 0, c->Pmax);
    cli_plot_yrange(pl, 0, c->Tmax);
    double *x = cli_xmalloc((size_t)(2 * c->n + 2) * sizeof *x), *y = cli_xmalloc((size_t)(2 * c->n + 2) * sizeof *y);
    if (x && y)
        diagram_plot_series(pl, c, x, y);
    free(x);
    free(y);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

static void diagram_json(const lmds_tunnel_material *m, const opts *o, const diagram_curves *c)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "material", m->name);
    cJSON_AddStringToObject(j, "model", LABEL);
    cli_json_opt(j, "tc0_K", o->tc);
    cli_json_opt(j, "d_sc_A", o->p.d_sc);
    cli_json_opt(j, "d_ins_A", o->p.d_ins);
    cli_json_opt(j, "lambda0_eph", c->lambda0);
    cli_json_opt(j, "T_max_K", c->Tmax);
    cJSON *arr = cJSON_AddArrayToObject(j, "points");
    for (int i = 0; i < c->n; i++) {
        cJSON *r = cJSON_CreateObject();
        cli_json_opt(r, "P_GPa", c->P[i]);
        /* Infinity (superconducting up to T_max) is written as T_max with a flag: JSON has no inf. */
        cli_json_opt(r, "Tc_tunnel_K", fmin(c->tct[i], c->Tmax));
        cJSON_AddBoolToObject(r, "Tc_tunnel_above_T_max", isinf(c->tct[i]));
        cli_json_opt(r, "T_ins_K", c->has_ins ? fmin(c->tins[i], c->Tmax) : NAN);
        cli_json_opt(r, "Tc_eph_K", c->tce[i]);
        cJSON_AddItemToArray(arr, r);
    }
    cli_json_print(j);
}

static void diagram_table(const lmds_tunnel_material *m, const opts *o, const diagram_curves *c)
{
    if (o->fmt == CLI_FMT_TABLE)
        printf("# %s: %s\n# d_sc = %.6f A from Tc0 = %g K; T_max = %g K ('>T_max': superconducting up to T_max)\n",
               m->name, LABEL, o->p.d_sc, o->tc, c->Tmax);
    const char *h[] = {"P_GPa", "Tc_tunnel_K", "T_ins_K", "Tc_eph_K"};
    cli_table *t = cli_table_new(4, h);
    for (int i = 0; i < c->n; i++) {
        char a[32], b[32], cc[32], d[32];
        cli_table_addf(t, "%s\t%s\t%s\t%s", fmtg(a, 32, c->P[i]), fmt_tc(b, 32, c->tct[i], c->Tmax),
                       c->has_ins ? fmt_tc(cc, 32, c->tins[i], c->Tmax) : "none", fmtg(d, 32, c->tce[i]));
    }
    cli_table_print(t, stdout, o->fmt);
    cli_table_free(t);
}

static int cmd_diagram(const char *name, opts *o)
{
    lmds_tunnel_material m;
    int rc = load_material(o, name, &m, 1);
    if (rc)
        return rc;
    diagram_curves c = {.n = (int)o->n};
    c.Pmax = isnan(o->P_max) ? 10.0 : o->P_max;
    c.Tmax = isnan(o->T_max) ? fmax(20.0, 4.0 * o->tc) : o->T_max;
    if (!(c.Pmax > 0) || !(c.Tmax > 0))
        return cli_usage("tunnel diagram", "--P-max and --T-max must be positive");
    c.lambda0 = NAN;
    if (lmds_tunnel_eph_lambda0(&m, 0.0, o->tc, &c.lambda0))
        c.lambda0 = NAN;
    lmds_error_clear();
    c.P = cli_xcalloc((size_t)c.n, sizeof *c.P), c.tct = cli_xcalloc((size_t)c.n, sizeof *c.P);
    c.tins = cli_xcalloc((size_t)c.n, sizeof *c.P), c.tce = cli_xcalloc((size_t)c.n, sizeof *c.P);
    if (!c.P || !c.tct || !c.tins || !c.tce) {
        diagram_curves_free(&c);
        fprintf(stderr, "lmds: error: out of memory\n");
        return CLI_BAD_INPUT;
    }
    lmds_status st = diagram_run(&m, o, &c);
    if (st)
        rc = cli_fail(st);
    else if (o->svg)
        rc = diagram_svg(&m, &c, o->svg);
    if (!rc) {
        if (o->fmt == CLI_FMT_JSON)
            diagram_json(&m, o, &c);
        else
            diagram_table(&m, o, &c);
    }
    diagram_curves_free(&c);
    return rc;
}

/* ---- fit ---- */

/* Starting values of the fit to n points (T, rho): rho_res from the coldest point, A from the warmest for the
 * linear lift; *imin and *imax are the coldest and the warmest. */
static lmds_tunnel_params fit_start(const lmds_tunnel_material *m, const opts *o, const double *T, const double *rho,
                                    size_t n, size_t *imin, size_t *imax)
{
    lmds_tunnel_params start = o->p;
    *imin = *imax = 0;
    for (size_t i = 1; i < n; i++) {
        if (T[i] < T[*imin]) *imin = i;
        if (T[i] > T[*imax]) *imax = i;
    }
    start.rho_res = rho[*imin];
    double d;
    if (start.lift == LMDS_TUNNEL_LIFT_LINEAR) {
        if (!lmds_tunnel_spacing(m, o->P, T[*imax], &d)) {
            double g = lmds_tunnel_gap_at(&start, d, lmds_tunnel_d0(m));
            if (g > 0)
                start.A = (rho[*imax] - rho[*imin]) / g;
        }
    } else {
        /* Activated lift: start where Delta/kT is of order 1 at the warmest point, and A near the coldest rho. */
        if (!o->E1_given && !lmds_tunnel_spacing(m, o->P, T[*imax], &d)) {
            double x = (d - start.d_sc) / lmds_tunnel_d0(m);
            if (x > 0)
                start.E1 = LMDS_KB_MEV * T[*imax] / x;
        }
        start.A = rho[*imin] > 0 ? rho[*imin] : 1.0;
    }
    return start;
}

static const char *gap_name(const lmds_tunnel_params *p) { return p->gap == LMDS_TUNNEL_GAP_EXP ? "exp" : "linear"; }

static const char *lift_name(const lmds_tunnel_params *p)
{
    return p->lift == LMDS_TUNNEL_LIFT_ACTIVATED ? "activated" : "linear";
}

static void fit_json(const lmds_tunnel_material *m, const opts *o, const lmds_tunnel_fit *fit)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "material", m->name);
    cJSON_AddStringToObject(j, "model", LABEL);
    cJSON_AddStringToObject(j, "gap", gap_name(&fit->p));
    cJSON_AddStringToObject(j, "lift", lift_name(&fit->p));
    cli_json_opt(j, "P_GPa", o->P);
    cli_json_opt(j, "d_sc_A", fit->p.d_sc);
    cli_json_opt(j, "tc0_K", o->tc);
    cJSON *par = cJSON_AddObjectToObject(j, "parameters");
    double vals[4] = {fit->p.rho_res, fit->p.A, fit->p.E1, fit->p.k};
    static const char *const nm[4] = {"rho_res", "A", "E1", "k"};
    for (int i = 0, k = 0; i < 4; i++) {
        cJSON *e = cJSON_AddObjectToObject(par, nm[i]);
        cli_json_opt(e, "value", vals[i]);
        int fitted = k < fit->nfit && fit->names[k] && !strcmp(fit->names[k], nm[i]);
        cli_json_opt(e, "stderr", fitted ? fit->err[k] : NAN);
        cJSON_AddBoolToObject(e, "fitted", fitted);
        if (fitted)
            k++;
    }
    cJSON_AddNumberToObject(j, "n_points", fit->n);
    cli_json_opt(j, "rms", fit->rms);
    cli_json_opt(j, "chi2_dof", fit->chi2_dof);
    cJSON_AddNumberToObject(j, "iterations", fit->iterations);
    cli_json_print(j);
}

/* The fit for people (and --csv: the same header lines, then the points as CSV). */
static void fit_text(const lmds_tunnel_material *m, const opts *o, const lmds_tunnel_fit *fit, const double *T,
                     const double *rho, size_t n)
{
    printf("# %s fit of rho(T) at %g GPa: %s\n", m->name, o->P, LABEL);
    printf("# gap %s, lift %s; d_sc = %.6f A (from Tc0 = %g K); %d points above the model's Tc, %d iterations\n",
           gap_name(&fit->p), lift_name(&fit->p), fit->p.d_sc, o->tc, fit->n, fit->iterations);
    for (int k = 0; k < fit->nfit; k++) {
        double v = !strcmp(fit->names[k], "rho_res") ? fit->p.rho_res
                 : !strcmp(fit->names[k], "A")       ? fit->p.A
                 : !strcmp(fit->names[k], "E1")      ? fit->p.E1
                                                     : fit->p.k;
        printf("%-8s = %.6g +- %.2g\n", fit->names[k], v, fit->err[k]);
    }
    if (fit->p.lift == LMDS_TUNNEL_LIFT_LINEAR)
        printf("E1       = %g meV (held: only A*E1 is identifiable with the linear lift)\n", fit->p.E1);
    printf("rms residual = %.4g (1e-8 ohm m), chi2/dof = %.4g\n", fit->rms, fit->chi2_dof);
    const char *h[] = {"T_K", "rho_measured", "rho_model", "state"};
    cli_table *t = cli_table_new(4, h);
    for (size_t i = 0; i < n; i++) {
        double r = NAN;
        lmds_tunnel_state s = LMDS_TUNNEL_CONDUCTING;
        lmds_tunnel_rho(m, &fit->p, o->P, T[i], &r);
        lmds_tunnel_state_at(m, &fit->p, o->P, T[i], &s);
        char a[32], b[32], c[32];
        cli_table_addf(t, "%s\t%s\t%s\t%s", fmtg(a, 32, T[i]), fmtg(b, 32, rho[i]), fmtg(c, 32, r),
                       lmds_tunnel_state_name(s));
    }
    cli_table_print(t, stdout, o->fmt == CLI_FMT_CSV ? CLI_FMT_CSV : CLI_FMT_TABLE);
    cli_table_free(t);
}

/* The measured points and the fitted curve on 200 temperatures from Tlo to Thi. */
static int fit_svg(const lmds_tunnel_material *m, const opts *o, const lmds_tunnel_fit *fit, const double *T,
                   const double *rho, size_t n, double Tlo, double Thi)
{
    cli_plot *pl = cli_plot_new("rho(T): data and tunnel-model fit (lmds formalisation)", "T (K)",
                                "rho (1e-8 ohm m)");
    cli_plot_series(pl, "measured", (int)n, T, rho, CLI_MARKERS, NULL);
    int k = 200;
    double x[200], y[200];
    for (int i = 0; i < k; i++) {
        x[i] = Tlo + (Thi - Tlo) * i / (k - 1);
        if (lmds_tunnel_rho(m, &fit->p, o->P, x[i], &y[i]))
            y[i] = NAN;
    }
    cli_plot_series(pl, "tunnel model", k, x, y, CLI_LINE, NULL);
    int rc = cli_plot_write(pl, o->svg);
    cli_plot_free(pl);
    return rc;
}

static int cmd_fit(const char *name, opts *o)
{
    lmds_tunnel_material m;
    int rc = load_material(o, name, &m, 1);
    if (rc)
        return rc;
    double *T = NULL, *rho = NULL;
    size_t n = 0, imin, imax;
    lmds_status st = lmds_tunnel_rho_data_load(o->data, m.name, o->P, &T, &rho, &n);
    if (st)
        return cli_fail(st);
    lmds_tunnel_params start = fit_start(&m, o, T, rho, n, &imin, &imax);
    lmds_tunnel_fit fit;
    st = lmds_tunnel_fit_rho(&m, &start, o->P, n, T, rho, &fit);
    if (st) {
        free(T), free(rho);
        return cli_fail(st);
    }
    if (o->fmt == CLI_FMT_JSON)
        fit_json(&m, o, &fit);
    else
        fit_text(&m, o, &fit, T, rho, n);
    if (o->svg)
        rc = fit_svg(&m, o, &fit, T, rho, n, T[imin], T[imax]);
    free(T), free(rho);
    return rc;
}

/* ---- predict ---- */

/* The curve of a prediction: pressures from 0 to Pmax or temperatures up to Tmax, and the electron-phonon
 * coupling constant (NAN when none is known). */
typedef struct predict_span {
    int n;
    double Pmax, Tmax, lambda0;
} predict_span;

/* Tc(P) with the identity slope dTc/dP = 1/(B beta) and the electron-phonon Tc: rows of t and of arr. */
static lmds_status predict_tc(const lmds_tunnel_material *m, const opts *o, const predict_span *sp, cli_table *t,
                              cJSON *arr)
{
    for (int i = 0; i < sp->n; i++) {
        double P = sp->Pmax * i / (sp->n - 1), tc, slope = NAN, te = NAN, B = NAN, beta = NAN;
        lmds_status st = lmds_tunnel_tc(m, o->p.d_sc, P, sp->Tmax, &tc);
        if (st)
            return st;
        if (tc > 0 && isfinite(tc) && lmds_tunnel_identity_slope(m, P, tc, &slope, &B, &beta))
            slope = NAN;
        if (isfinite(sp->lambda0) && lmds_tunnel_eph_tc(m, sp->lambda0, P, &te))
            te = NAN;
        lmds_error_clear();
        char a[32], b[32], c[32], d[32], e[32], f[32];
        cli_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%s", fmtg(a, 32, P), fmt_tc(b, 32, tc, sp->Tmax), fmtg(c, 32, B),
                       fmtg(d, 32, beta), fmtg(e, 32, slope), fmtg(f, 32, te));
        cJSON *r = cJSON_CreateObject();
        cli_json_opt(r, "P_GPa", P);
        cli_json_opt(r, "Tc_tunnel_K", fmin(tc, sp->Tmax));
        cJSON_AddBoolToObject(r, "Tc_tunnel_above_T_max", isinf(tc));
        cli_json_opt(r, "B_T_GPa", B);
        cli_json_opt(r, "beta_per_K", beta);
        cli_json_opt(r, "dTc_dP_identity_K_per_GPa", slope);
        cli_json_opt(r, "Tc_eph_K", te);
        cJSON_AddItemToArray(arr, r);
    }
    return LMDS_OK;
}

/* rho(P) at --T (vs_p) or rho(T) at --P with the spacing and the state: rows of t and of arr. */
static lmds_status predict_rho(const lmds_tunnel_material *m, const opts *o, const predict_span *sp, int vs_p,
                               cli_table *t, cJSON *arr)
{
    for (int i = 0; i < sp->n; i++) {
        double P = vs_p ? sp->Pmax * i / (sp->n - 1) : o->P;
        double T = vs_p ? o->T : sp->Tmax * (i + 1) / sp->n;
        double d, r;
        lmds_tunnel_state s;
        lmds_status st;
        if ((st = lmds_tunnel_spacing(m, P, T, &d)) || (st = lmds_tunnel_rho(m, &o->p, P, T, &r)) ||
            (st = lmds_tunnel_state_at(m, &o->p, P, T, &s)))
            return st;
        char a[32], c[32];
        cli_table_addf(t, "%s\t%.6f\t%s\t%s", fmtg(a, 32, vs_p ? P : T), d, lmds_tunnel_state_name(s),
                       fmtg(c, 32, r));
        cJSON *o2 = cJSON_CreateObject();
        cli_json_opt(o2, "P_GPa", P);
        cli_json_opt(o2, "T_K", T);
        cli_json_opt(o2, "d_A", d);
        cJSON_AddStringToObject(o2, "state", lmds_tunnel_state_name(s));
        cli_json_opt(o2, "rho_tunnel", r);
        cJSON_AddItemToArray(arr, o2);
    }
    return LMDS_OK;
}

/* Report: JSON takes the points of arr, the table and CSV those of t. */
static void predict_report(const lmds_tunnel_material *m, const opts *o, const char *mode, double lambda0,
                           cli_table *t, cJSON *arr)
{
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "material", m->name);
        cJSON_AddStringToObject(j, "model", LABEL);
        cJSON_AddStringToObject(j, "mode", mode);
        cli_json_opt(j, "d_sc_A", o->p.d_sc);
        cli_json_opt(j, "lambda0_eph", lambda0);
        cJSON_AddItemToObject(j, "points", arr);
        cli_json_print(j);
        return;
    }
    cJSON_Delete(arr);
    if (o->fmt == CLI_FMT_TABLE)
        printf("# %s, %s: %s\n# d_sc = %.6f A from Tc0 = %g K; rho in 1e-8 ohm m (model parameters: E1 %g meV, "
               "A %g, rho_res %g)\n", m->name, mode, LABEL, o->p.d_sc, o->tc, o->p.E1, o->p.A, o->p.rho_res);
    cli_table_print(t, stdout, o->fmt);
}

static int cmd_predict(const char *name, opts *o)
{
    const char *mode = o->mode ? o->mode : "tc";
    lmds_tunnel_material m;
    int rc = load_material(o, name, &m, 1);
    if (rc)
        return rc;
    predict_span sp = {(int)o->n, isnan(o->P_max) ? 10.0 : o->P_max, isnan(o->T_max) ? 300.0 : o->T_max, NAN};
    if (lmds_tunnel_eph_lambda0(&m, 0.0, o->tc, &sp.lambda0))
        sp.lambda0 = NAN;
    lmds_error_clear();
    cJSON *arr = cJSON_CreateArray();
    cli_table *t;
    lmds_status st;
    if (!strcmp(mode, "tc")) {
        const char *h[] = {"P_GPa", "Tc_tunnel_K", "B_T_GPa", "beta_1/K", "dTc/dP=1/(B beta)", "Tc_eph_K"};
        t = cli_table_new(6, h);
        st = predict_tc(&m, o, &sp, t, arr);
    } else {
        int vs_p = !strcmp(mode, "rho-p");
        const char *h[] = {vs_p ? "P_GPa" : "T_K", "d_A", "state", "rho_tunnel"};
        t = cli_table_new(4, h);
        st = predict_rho(&m, o, &sp, vs_p, t, arr);
    }
    if (st) {
        cli_table_free(t);
        cJSON_Delete(arr);
        return cli_fail(st);
    }
    predict_report(&m, o, mode, sp.lambda0, t, arr);
    cli_table_free(t);
    return CLI_OK;
}

/* ---- score ---- */

static double slog(double v) { return isfinite(v) ? copysign(log10(1.0 + fabs(v) / 1e-3), v) : NAN; }

static cJSON *summary_json(const lmds_tunnel_score_summary *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "rows", s->n_rows);
    cJSON_AddNumberToObject(o, "tunnel_signs_right", s->tunnel_signs_right);
    cJSON_AddNumberToObject(o, "tunnel_signs_scored", s->tunnel_signs_scored);
    cJSON_AddNumberToObject(o, "eph_signs_right", s->eph_signs_right);
    cJSON_AddNumberToObject(o, "eph_signs_scored", s->eph_signs_scored);
    cli_json_opt(o, "tunnel_median_abs_log10_ratio", s->tunnel_median_log10_ratio);
    cli_json_opt(o, "eph_median_abs_log10_ratio", s->eph_median_log10_ratio);
    cli_json_opt(o, "tunnel_median_abs_err_dTc_dP", s->tunnel_median_abs_err);
    cli_json_opt(o, "eph_median_abs_err_dTc_dP", s->eph_median_abs_err);
    return o;
}

static void summary_print(const char *label, const lmds_tunnel_score_summary *s)
{
    char a[32], b[32], c[32], d[32];
    printf("%-10s rows %2d | signs right: tunnel %d/%d, electron-phonon %d/%d | median |log10(pred/meas)|: tunnel "
           "%s, e-ph %s | median |dTc/dP error| (K/GPa): tunnel %s, e-ph %s\n",
           label, s->n_rows, s->tunnel_signs_right, s->tunnel_signs_scored, s->eph_signs_right, s->eph_signs_scored,
           fmtg(a, 32, s->tunnel_median_log10_ratio), fmtg(b, 32, s->eph_median_log10_ratio),
           fmtg(c, 32, s->tunnel_median_abs_err), fmtg(d, 32, s->eph_median_abs_err));
}

static const char *sign_mark(int ok) { return ok < 0 ? "-" : (ok ? "yes" : "NO"); }

static const char *const SCORE_QUANTITY[2] = {"dTc/dP (K/GPa)", "dlnrho/dP (1/GPa)"};

static void score_markdown(const lmds_tunnel_score *s)
{
    printf("| material | quantity | P (GPa) | T (K) | measured | tunnel | e-ph | B_T (GPa) | beta (1/K) | "
           "tunnel sign | e-ph sign | note |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < s->n; i++) {
        const lmds_tunnel_score_row *r = &s->rows[i];
        char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
        printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r->material,
               SCORE_QUANTITY[r->quantity], fmtg(a, 32, r->P), fmtg(b, 32, r->T), fmtg(c, 32, r->measured),
               fmtg(d, 32, r->tunnel), fmtg(e, 32, r->eph), fmtg(f, 32, r->B), fmtg(g, 32, r->beta),
               sign_mark(r->tunnel_sign_ok), sign_mark(r->eph_sign_ok), r->note);
    }
    const struct {
        const char *name;
        const lmds_tunnel_score_summary *s;
    } sums[4] = {{"all rows", &s->all}, {"dTc/dP", &s->tc}, {"dln(rho)/dP", &s->rho},
                 {"rows both models evaluate", &s->common}};
    printf("\n| subset | rows | tunnel signs right | e-ph signs right | median abs log10(pred/meas): tunnel | "
           "e-ph | median abs dTc/dP error (K/GPa): tunnel | e-ph |\n|---|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < 4; k++) {
        const lmds_tunnel_score_summary *u = sums[k].s;
        char a[32], b[32], c[32], d[32];
        printf("| %s | %d | %d/%d | %d/%d | %s | %s | %s | %s |\n", sums[k].name, u->n_rows, u->tunnel_signs_right,
               u->tunnel_signs_scored, u->eph_signs_right, u->eph_signs_scored,
               fmtg(a, 32, u->tunnel_median_log10_ratio), fmtg(b, 32, u->eph_median_log10_ratio),
               fmtg(c, 32, u->tunnel_median_abs_err), fmtg(d, 32, u->eph_median_abs_err));
    }
}

static void score_json(const lmds_tunnel_score *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "tunnel_model", LABEL);
    cJSON_AddStringToObject(j, "eph_model", "McMillan + Grueneisen/Hopfield scaling; Bloch-Grueneisen rho");
    cJSON *arr = cJSON_AddArrayToObject(j, "rows");
    for (size_t i = 0; i < s->n; i++) {
        const lmds_tunnel_score_row *r = &s->rows[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "material", r->material);
        cJSON_AddStringToObject(e, "quantity",
                                r->quantity == LMDS_TUNNEL_Q_DTC_DP ? "dTc_dP_K_per_GPa" : "dlnrho_dP_per_GPa");
        cli_json_opt(e, "P_GPa", r->P);
        cli_json_opt(e, "T_K", r->T);
        cli_json_opt(e, "measured", r->measured);
        cli_json_opt(e, "tunnel", r->tunnel);
        cli_json_opt(e, "eph", r->eph);
        cli_json_opt(e, "B_T_GPa", r->B);
        cli_json_opt(e, "beta_per_K", r->beta);
        if (r->tunnel_sign_ok >= 0)
            cJSON_AddBoolToObject(e, "tunnel_sign_right", r->tunnel_sign_ok);
        if (r->eph_sign_ok >= 0)
            cJSON_AddBoolToObject(e, "eph_sign_right", r->eph_sign_ok);
        cJSON_AddStringToObject(e, "note", r->note);
        cJSON_AddStringToObject(e, "source", r->source);
        cJSON_AddItemToArray(arr, e);
    }
    cJSON *sum = cJSON_AddObjectToObject(j, "summary");
    cJSON_AddItemToObject(sum, "all", summary_json(&s->all));
    cJSON_AddItemToObject(sum, "dTc_dP", summary_json(&s->tc));
    cJSON_AddItemToObject(sum, "dlnrho_dP", summary_json(&s->rho));
    cJSON_AddItemToObject(sum, "both_evaluated", summary_json(&s->common));
    cli_json_print(j);
}

/* The table (and --csv: the rows only). */
static void score_table(const lmds_tunnel_score *s, cli_format fmt)
{
    if (fmt == CLI_FMT_TABLE)
        printf("# Score: %s vs electron-phonon (McMillan + Grueneisen/Hopfield; Bloch-Grueneisen), against\n"
               "# data/pressure/measurements.csv. tunnel dTc/dP = 1/(B beta) at (P, Tc) (fit-free identity).\n",
               LABEL);
    const char *h[] = {"material", "quantity", "P_GPa", "T_K", "measured", "tunnel", "e-ph", "B_GPa",
                       "beta_1/K", "tunnel_sign", "eph_sign", "note"};
    cli_table *t = cli_table_new(12, h);
    for (size_t i = 0; i < s->n; i++) {
        const lmds_tunnel_score_row *r = &s->rows[i];
        char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
        cli_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r->material, SCORE_QUANTITY[r->quantity],
                       fmtg(a, 32, r->P), fmtg(b, 32, r->T), fmtg(c, 32, r->measured), fmtg(d, 32, r->tunnel),
                       fmtg(e, 32, r->eph), fmtg(f, 32, r->B), fmtg(g, 32, r->beta), sign_mark(r->tunnel_sign_ok),
                       sign_mark(r->eph_sign_ok), r->note);
    }
    cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (fmt == CLI_FMT_TABLE) {
        printf("\n");
        summary_print("all", &s->all);
        summary_print("dTc/dP", &s->tc);
        summary_print("dlnrho/dP", &s->rho);
        summary_print("both-eval", &s->common);
    }
}

/* Measured and predicted coefficients of every row on a signed log scale. */
static int score_svg(const lmds_tunnel_score *s, const char *path)
{
    cli_plot *pl = cli_plot_new("Pressure coefficients: measured vs models", "measurement (material, quantity)",
                                "sign(v) log10(1 + |v|/0.001) (v in K/GPa or 1/GPa)");
    size_t n = s->n;
    double *x = cli_xmalloc((n + 1) * sizeof *x), *ym = cli_xmalloc((n + 1) * sizeof *x),
           *yt = cli_xmalloc((n + 1) * sizeof *x), *ye = cli_xmalloc((n + 1) * sizeof *x);
    char **labs = cli_xcalloc(n + 1, sizeof *labs);
    if (x && ym && yt && ye) {
        for (size_t i = 0; i < n; i++) {
            x[i] = (double)(i + 1);
            ym[i] = slog(s->rows[i].measured);
            yt[i] = slog(s->rows[i].tunnel);
            ye[i] = slog(s->rows[i].eph);
            char lab[48];
            snprintf(lab, sizeof lab, "%s%s", s->rows[i].material,
                     s->rows[i].quantity == LMDS_TUNNEL_Q_DTC_DP ? " Tc" : " rho");
            labs[i] = cli_xstrdup(lab);
        }
        cli_plot_xcategories(pl, (int)n, x, (const char *const *)labs);
        double zx[2] = {0, (double)n + 1}, zy[2] = {0, 0};
        cli_plot_xrange(pl, 0, (double)n + 1);
        cli_plot_yrange(pl, -5, 25);
        cli_plot_series(pl, "zero", 2, zx, zy, CLI_DASHED, "#969696");
        cli_plot_series(pl, "measured", (int)n, x, ym, CLI_MARKERS, "#000000");
        cli_plot_series(pl, "tunnel (lmds formalisation)", (int)n, x, yt, CLI_MARKERS, "#1f77b4");
        cli_plot_series(pl, "electron-phonon", (int)n, x, ye, CLI_MARKERS, "#d62728");
    }
    for (size_t i = 0; i < n; i++) free(labs[i]);
    free(labs);
    free(x), free(ym), free(yt), free(ye);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

static int cmd_score(opts *o)
{
    lmds_tunnel_score *s = NULL;
    lmds_status st = lmds_tunnel_score_run(o->measurements, o->materials, &s);
    if (st)
        return cli_fail(st);
    if (o->markdown)
        score_markdown(s);
    else if (o->fmt == CLI_FMT_JSON)
        score_json(s);
    else
        score_table(s, o->fmt);
    int rc = o->svg ? score_svg(s, o->svg) : CLI_OK;
    lmds_tunnel_score_free(s);
    return rc;
}

/* ---- models ---- */

static int cmd_models(opts *o) { return cli_print_models(lmds_tunnel_model_count(), lmds_tunnel_model_get, o->fmt); }

static int run(const cli_cmd *cmd, int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(cmd, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    opts o;
    opts_from_args(a, &o);
    if (cmd == &DIAGRAM) rc = cmd_diagram(cli_arg(a, 0), &o);
    else if (cmd == &FIT) rc = cmd_fit(cli_arg(a, 0), &o);
    else if (cmd == &PREDICT) rc = cmd_predict(cli_arg(a, 0), &o);
    else if (cmd == &SCORE) rc = cmd_score(&o);
    else rc = cmd_models(&o);
    cli_args_free(a);
    cli_flush_warnings();
    return rc;
}

static int sub_diagram(int argc, char **argv) { return run(&DIAGRAM, argc, argv); }
static int sub_fit(int argc, char **argv) { return run(&FIT, argc, argv); }
static int sub_predict(int argc, char **argv) { return run(&PREDICT, argc, argv); }
static int sub_score(int argc, char **argv) { return run(&SCORE, argc, argv); }
static int sub_models(int argc, char **argv) { return run(&MODELS, argc, argv); }

int cli_cmd_tunnel(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"diagram", sub_diagram, "P-T electrical-state diagram of a material"},
        {"fit", sub_fit, "fit the model to measured rho(T)"},
        {"predict", sub_predict, "Tc(P), rho(P) or rho(T) of a material"},
        {"score", sub_score, "the model against pressure measurements, beside electron-phonon"},
        {"models", sub_models, "the models and the papers behind them"},
    };
    return cli_dispatch("tunnel", ABOUT_MODEL, subs, (int)(sizeof subs / sizeof subs[0]), argc, argv);
}
