/* lmds thermo: CALPHAD equilibria, liquidus/solidus, invariants, solidification paths, TDB checks, assessment,
 * merging, Miedema estimates (phase diagrams: cmd_thermo_diagram.c; coverage of the database:
 * cmd_thermo_coverage.c). Units: K, GPa, J/mol, mole fractions. Every command that computes equilibria takes
 * --suspend/--only/--P (thermo_sel.c) and works on one workspace of the system. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
#define OPT_TDB {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database (default data/tdb/lmds.tdb)", NULL}
#define OPT_WT {"wt", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "the composition is by weight", NULL}
#define OPT_T_MIN(d)                                                                                                \
    {"T-min", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "lowest temperature (default " d " K)", NULL},                  \
        {"Tmin", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, NULL, "T-min"}
#define OPT_T_MAX(d)                                                                                                \
    {"T-max", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "highest temperature (default " d " K)", NULL},                 \
        {"Tmax", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, NULL, "T-max"}

static const char *sym(int z)
{
    const char *s = lmds_element_symbol(z);
    return s ? s : "?";
}

/* ------------------------------------------------------------------ shared steps */

int cli_thermo_load(const cli_args *a, lmds_tdb **db)
{
    const char *path = cli_str(a, "tdb", NULL);
    cli_input_declare(path);
    lmds_status st = path ? lmds_tdb_load(path, db) : lmds_tdb_load_default(db);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    return CLI_OK;
}

/* Refuse systems the default database does not cover, naming the missing binaries (an explicit --tdb: warn). */
static int covered_comp(const cli_args *a, const lmds_tdb *db, const lmds_comp *c)
{
    char miss[512];
    if (lmds_tdb_covers(db, c, miss, sizeof miss) == LMDS_OK) return CLI_OK;
    if (cli_str(a, "tdb", NULL)) {
        fprintf(stderr, "lmds: warning: %s has no liquid interaction for: %s (treated as ideal)\n",
                cli_str(a, "tdb", NULL), miss);
        return CLI_OK;
    }
    fprintf(stderr, "lmds: error: the default database does not cover this system; missing: %s\n", miss);
    return CLI_BAD_INPUT;
}

int cli_thermo_covered_z(const cli_args *a, const lmds_tdb *db, int n, const int *z)
{
    double amt[LMDS_COMP_MAX] = {1, 1, 1, 1};
    lmds_comp c;
    lmds_status st = lmds_comp_from_amounts(n, z, amt, &c);
    if (st != LMDS_OK) return cli_fail(st);
    return covered_comp(a, db, &c);
}

/* --elements in alphabetical order (the order of lmds_comp). */
int cli_thermo_elements(const cli_args *a, int *z)
{
    int n = cli_elements(a, "elements", z, 3);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(sym(z[j - 1]), sym(z[j])) > 0; j--) {
            int t = z[j];
            z[j] = z[j - 1];
            z[j - 1] = t;
        }
    return n;
}

/* Parse the one composition argument, load the database and check coverage. */
static int comp_and_db(const cli_args *a, lmds_comp *c, lmds_tdb **db)
{
    if (cli_comp_parse(cli_arg(a, 0), cli_has(a, "wt"), 0, c) != LMDS_OK) return cli_fail(LMDS_EINVAL);
    int r = cli_thermo_load(a, db);
    if (r) return r;
    if ((r = covered_comp(a, *db, c))) lmds_tdb_free(*db);
    return r;
}

/* One calculation on a composition: the database, the selection and the workspace of the composition's system. */
typedef struct thermo_run {
    lmds_comp c;
    lmds_tdb *db;
    lmds_thermo_ws *ws;
    cli_thermo_sel sel;
} thermo_run;

static void run_close(thermo_run *t)
{
    lmds_thermo_ws_free(t->ws);
    lmds_tdb_free(t->db);
    t->ws = NULL;
    t->db = NULL;
}

static int run_open(const cli_args *a, thermo_run *t)
{
    t->db = NULL;
    t->ws = NULL;
    int r = cli_thermo_sel_read(a, &t->sel);
    if (!r) r = comp_and_db(a, &t->c, &t->db);
    if (!r && (r = cli_thermo_ws_make(&t->sel, t->db, t->c.n, t->c.z, &t->ws))) run_close(t);
    return r;
}

/* Parse with the table, then run(a) with the parsed line. */
static int with_args(const cli_cmd *cmd, int argc, char **argv, int (*run)(const cli_args *))
{
    cli_args *a;
    int rc;
    if (cli_parse(cmd, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    rc = run(a);
    cli_args_free(a);
    return rc;
}

/* ------------------------------------------------------------------ eq */

static const cli_opt EQ_OPTS[] = {
    {"T", 0, CLI_DOUBLE, "K", 1, 6000, CLI_REQUIRED, NULL, "temperature", NULL}, OPT_WT, OPT_TDB, CLI_OPTS_FORMAT,
    END};
static const cli_cmd EQ = {"thermo eq", "--T K [options] COMPOSITION",
                           "Stable phases at T and P (default 1 bar), their amounts and compositions, the chemical "
                           "potentials and G; with --suspend or --only the metastable equilibrium of the phases left.",
                           EQ_OPTS, cli_thermo_common, 1, 1, NULL};

static int eq_report(const cli_args *a, const cli_thermo_sel *sel, const lmds_eq_result *r)
{
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cli_json_num(j, "T_K", r->T);
        cli_thermo_sel_json(sel, j);
        cJSON *ph = cJSON_AddArrayToObject(j, "phases");
        for (int k = 0; k < r->nphases; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "name", r->phases[k].name);
            cli_json_num(p, "amount", r->phases[k].amount);
            cJSON *x = cJSON_AddObjectToObject(p, "composition");
            for (int i = 0; i < r->ncomp; i++) cli_json_num(x, sym(r->z[i]), r->phases[k].x[i]);
            cJSON_AddItemToArray(ph, p);
        }
        cli_json_num(j, "G_J_mol", r->G);
        cJSON *mu = cJSON_AddObjectToObject(j, "mu_J_mol");
        for (int i = 0; i < r->ncomp; i++) cli_json_num(mu, sym(r->z[i]), r->mu[i]);
        return cli_json_print(j);
    }
    const char *hdr[2 + LMDS_COMP_MAX];
    char names[LMDS_COMP_MAX][12];
    hdr[0] = "phase";
    hdr[1] = "amount";
    for (int i = 0; i < r->ncomp; i++) {
        snprintf(names[i], sizeof names[i], "x(%s)", sym(r->z[i]));
        hdr[2 + i] = names[i];
    }
    cli_table *t = cli_table_new(2 + r->ncomp, hdr);
    for (int k = 0; k < r->nphases; k++) {
        const char *cp[2 + LMDS_COMP_MAX];
        cp[0] = r->phases[k].name;
        cp[1] = cli_num_s(r->phases[k].amount, "%.6f", "phase amount");
        for (int i = 0; i < r->ncomp; i++) cp[2 + i] = cli_num_s(r->phases[k].x[i], "%.6f", "phase composition");
        cli_table_add(t, cp);
    }
    const char *G = cli_num_s(r->G, "%.4f", "G");
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
        char lab[512];
        cli_thermo_sel_label(sel, lab, sizeof lab);
        printf("T = %.3f K (%.3f C), %s\nG = %s J/mol\n", r->T, r->T - 273.15, lab, G);
        for (int i = 0; i < r->ncomp; i++) printf("mu(%s) = %s J/mol\n", sym(r->z[i]), cli_num_s(r->mu[i], "%.4f", "mu"));
    }
    return rc;
}

static int run_eq(const cli_args *a)
{
    thermo_run t;
    int r = run_open(a, &t);
    if (r) return r;
    lmds_eq_result res;
    lmds_status st = lmds_thermo_ws_equilibrium(t.ws, &t.c, cli_num(a, "T", 0), t.sel.P, &res);
    if (st) r = cli_fail(st);
    else {
        cli_flush_warnings();
        r = eq_report(a, &t.sel, &res);
    }
    run_close(&t);
    return r;
}

static int cmd_eq(int argc, char **argv) { return with_args(&EQ, argc, argv, run_eq); }

/* ------------------------------------------------------------------ liquidus, solidus */

static const cli_opt LIQ_OPTS[] = {OPT_WT, OPT_TDB, CLI_OPTS_FORMAT, END};
static const cli_cmd LIQUIDUS = {"thermo liquidus", "[options] COMPOSITION",
                                 "Liquidus temperature at P (default 1 bar) and the first solid to appear on cooling "
                                 "(among the phases not suspended).",
                                 LIQ_OPTS, cli_thermo_common, 1, 1, NULL};
static const cli_cmd SOLIDUS = {"thermo solidus", "[options] COMPOSITION",
                                "Solidus temperature at P (default 1 bar): the highest at which the alloy is entirely "
                                "solid (among the phases not suspended).",
                                LIQ_OPTS, cli_thermo_common, 1, 1, NULL};

static int liq_sol(const cli_args *a, int solidus)
{
    thermo_run t;
    int r = run_open(a, &t);
    if (r) return r;
    double T;
    char prim[64] = "", lab[512];
    lmds_status st = solidus ? lmds_thermo_ws_solidus(t.ws, &t.c, t.sel.P, &T)
                             : lmds_thermo_ws_liquidus(t.ws, &t.c, t.sel.P, &T, prim, sizeof prim);
    cli_thermo_sel_label(&t.sel, lab, sizeof lab);
    run_close(&t);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    const char *name = solidus ? "solidus" : "liquidus";
    const char *k = cli_num_s(T, "%.4f", name), *c_ = cli_num_s(T - 273.15, "%.4f", name);
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_TABLE) {
        if (cli_result_failed()) return CLI_BAD_INPUT;
        printf("%s: %.3f K (%.3f C) at %s%s%s\n", name, T, T - 273.15, lab, solidus ? "" : ", primary phase ", prim);
        return CLI_OK;
    }
    const char *h[] = {solidus ? "T_solidus_K" : "T_liquidus_K", solidus ? "T_solidus_C" : "T_liquidus_C",
                       "primary_phase"};
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cli_json_num(j, h[0], T);
        cli_json_num(j, h[1], T - 273.15);
        if (!solidus) cJSON_AddStringToObject(j, h[2], prim);
        cli_thermo_sel_json(&t.sel, j);
        return cli_json_print(j);
    }
    cli_table *tb = cli_table_new(solidus ? 2 : 3, h);
    const char *row[] = {k, c_, prim};
    cli_table_add(tb, row);
    r = cli_table_print(tb, stdout, fmt);
    cli_table_free(tb);
    return r;
}

static int run_liquidus(const cli_args *a) { return liq_sol(a, 0); }
static int run_solidus(const cli_args *a) { return liq_sol(a, 1); }
static int cmd_liquidus(int argc, char **argv) { return with_args(&LIQUIDUS, argc, argv, run_liquidus); }
static int cmd_solidus(int argc, char **argv) { return with_args(&SOLIDUS, argc, argv, run_solidus); }

/* ------------------------------------------------------------------ invariants */

static const cli_opt INV_OPTS[] = {
    {"elements", 'e', CLI_ELEMENTS, "A,B[,C]", 2, 3, CLI_REQUIRED, NULL, "the system", NULL},
    OPT_T_MIN("1"), OPT_T_MAX("6000"), OPT_TDB, CLI_OPTS_FORMAT, END};
static const cli_cmd INVARIANTS = {"thermo invariants", "--elements A,B[,C] [options]",
                                   "Invariant reactions with the liquid (eutectics, peritectics, ternary eutectics "
                                   "and U-type, congruent melting) at P (default 1 bar), among the phases not "
                                   "suspended: all of them, or those between --T-min and --T-max.",
                                   INV_OPTS, cli_thermo_common, 0, 0, NULL};

/* "BCT_A5(Bi 0.1000 Sn 0.9000) + ..." */
static void inv_phases(const lmds_invariant *v, int n, const int *z, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = 0;
    for (int p = 0; p < v->nphases && len < cap; p++) {
        len += (size_t)snprintf(buf + len, cap - len, "%s%s(", p ? " + " : "", v->phase[p]);
        for (int i = 0; i < n && len < cap; i++)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", i ? " " : "", sym(z[i]),
                                    cli_num_s(v->x[p][i], "%.4f", "invariant composition"));
        if (len < cap) len += (size_t)snprintf(buf + len, cap - len, ")");
    }
}

static cJSON *inv_json(const lmds_invariant *v, int n, const int *z)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", lmds_inv_type_name(v->type));
    cli_json_num(j, "T_K", v->T);
    cJSON *ph = cJSON_AddArrayToObject(j, "phases");
    for (int p = 0; p < v->nphases; p++) {
        cJSON *q = cJSON_CreateObject();
        cJSON_AddStringToObject(q, "name", v->phase[p]);
        cJSON *x = cJSON_AddObjectToObject(q, "composition");
        for (int i = 0; i < n; i++) cli_json_num(x, sym(z[i]), v->x[p][i]);
        cJSON_AddItemToArray(ph, q);
    }
    cJSON *l = cJSON_AddObjectToObject(j, "liquid");
    for (int i = 0; i < n; i++) cli_json_num(l, sym(z[i]), v->x[0][i]);
    return j;
}

static int inv_report(const cli_args *a, const lmds_invariant *inv, int ni, int n, const int *z)
{
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int k = 0; k < ni; k++) cJSON_AddItemToArray(arr, inv_json(&inv[k], n, z));
        return cli_json_print(arr);
    }
    const char *hdr[] = {"type", "T_K", "T_C", "phases (compositions)"};
    cli_table *t = cli_table_new(4, hdr);
    for (int k = 0; k < ni; k++) {
        char c3[512];
        inv_phases(&inv[k], n, z, c3, sizeof c3);
        const char *cells[] = {lmds_inv_type_name(inv[k].type), cli_num_s(inv[k].T, "%.3f", "invariant T"),
                               cli_num_s(inv[k].T - 273.15, "%.3f", "invariant T"), c3};
        cli_table_add(t, cells);
    }
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && ni == 0 && fmt == CLI_FMT_TABLE)
        printf("no invariant with the liquid between %.1f and %.1f K\n", cli_num(a, "T-min", 1),
               cli_num(a, "T-max", 6000));
    return rc;
}

static int run_invariants(const cli_args *a)
{
    int z[3], n = cli_thermo_elements(a, z);
    double lo = cli_num(a, "T-min", 1), hi = cli_num(a, "T-max", 6000);
    if (!(lo < hi)) return cli_usage("thermo invariants", "--T-min (%g K) must be below --T-max (%g K)", lo, hi);
    thermo_run t;
    t.ws = NULL;
    t.db = NULL;
    int r = cli_thermo_sel_read(a, &t.sel);
    if (!r) r = cli_thermo_load(a, &t.db);
    if (!r) r = cli_thermo_covered_z(a, t.db, n, z);
    if (!r) r = cli_thermo_ws_make(&t.sel, t.db, n, z, &t.ws);
    lmds_invariant *inv = NULL;
    int ni = 0;
    lmds_status st = r ? LMDS_OK : lmds_thermo_ws_invariants(t.ws, t.sel.P, lo, hi, &inv, &ni);
    run_close(&t);
    if (r) return r;
    if (st) return cli_fail(st);
    cli_flush_warnings();
    r = inv_report(a, inv, ni, n, z);
    free(inv);
    return r;
}

static int cmd_invariants(int argc, char **argv) { return with_args(&INVARIANTS, argc, argv, run_invariants); }

/* ------------------------------------------------------------------ solidify */

static const cli_opt SOLIDIFY_OPTS[] = {
    {"scheil", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "Scheil path (no diffusion in the solid) instead of equilibrium",
     NULL},
    {"T-end", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "stop at this temperature (default 4 K)", NULL},
    {"Tend", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, NULL, "T-end"},
    OPT_WT, OPT_TDB, CLI_OPTS_FORMAT, END};
static const cli_cmd SOLIDIFY = {"thermo solidify", "[options] COMPOSITION",
                                 "Solidification path from the liquidus down to --T-end: liquid fraction and phase "
                                 "amounts, by equilibrium or Scheil, at P (default 1 bar), among the phases not "
                                 "suspended.",
                                 SOLIDIFY_OPTS, cli_thermo_common, 1, 1, NULL};

static int solidify_report(const cli_args *a, const cli_thermo_sel *sel, const lmds_solidify_path *p)
{
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "model", p->scheil ? "scheil" : "equilibrium");
        cli_thermo_sel_json(sel, j);
        cli_json_num(j, "T_liquidus_K", p->T_liquidus);
        cli_json_num(j, "T_last_liquid_K", p->T_end_liquid);
        cJSON *arr = cJSON_AddArrayToObject(j, "steps");
        for (int k = 0; k < p->nsteps; k++) {
            cJSON *s = cJSON_CreateObject();
            cli_json_num(s, "T_K", p->steps[k].T);
            cli_json_num(s, "f_liquid", p->steps[k].f_liquid);
            cJSON *ph = cJSON_AddObjectToObject(s, "phases");
            for (int q = 0; q < p->steps[k].nphases; q++) cli_json_num(ph, p->steps[k].phase[q], p->steps[k].amount[q]);
            cJSON_AddItemToArray(arr, s);
        }
        return cli_json_print(j);
    }
    const char *hdr[] = {"T_K", "f_liquid", "phases"};
    cli_table *t = cli_table_new(3, hdr);
    for (int k = 0; k < p->nsteps; k++) {
        const lmds_solidify_step *s = &p->steps[k];
        char cph[512];
        size_t len = 0;
        cph[0] = 0;
        for (int q = 0; q < s->nphases && len < sizeof cph; q++)
            len += (size_t)snprintf(cph + len, sizeof cph - len, "%s%s %s", q ? ", " : "", s->phase[q],
                                    cli_num_s(s->amount[q], "%.4f", "phase amount"));
        const char *cells[] = {cli_num_s(s->T, "%.2f", "T"), cli_num_s(s->f_liquid, "%.5f", "liquid fraction"), cph};
        cli_table_add(t, cells);
    }
    const char *tl = cli_num_s(p->T_liquidus, "%.2f", "liquidus"), *te = cli_num_s(p->T_end_liquid, "%.2f", "last liquid");
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
        char lab[512];
        cli_thermo_sel_label(sel, lab, sizeof lab);
        printf("%s path at %s: liquidus %s K, last liquid %s K\n", p->scheil ? "Scheil" : "equilibrium", lab, tl, te);
    }
    return rc;
}

static int run_solidify(const cli_args *a)
{
    thermo_run t;
    int r = run_open(a, &t);
    if (r) return r;
    lmds_solidify_path *p = NULL;
    lmds_status st = lmds_thermo_ws_solidify(t.ws, &t.c, t.sel.P, cli_num(a, "T-end", 4), cli_has(a, "scheil"), &p);
    run_close(&t);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    r = solidify_report(a, &t.sel, p);
    lmds_solidify_path_free(p);
    return r;
}

static int cmd_solidify(int argc, char **argv) { return with_args(&SOLIDIFY, argc, argv, run_solidify); }

/* ------------------------------------------------------------------ check */

static const cli_opt CHECK_OPTS[] = {CLI_OPTS_FORMAT, END};
static const cli_cmd CHECK = {"thermo check", "[options] FILE.tdb",
                              "Read a TDB file and report problems (file:line:column); a file without elements "
                              "and phases is not a database.",
                              CHECK_OPTS, NULL, 1, 1, NULL};

static int run_check(const cli_args *a)
{
    const char *path = cli_arg(a, 0);
    lmds_tdb *db;
    lmds_status st = lmds_tdb_load(path, &db);
    if (st) return cli_fail(st);
    size_t nw = lmds_warning_count();
    cli_flush_warnings();
    int ne = lmds_tdb_element_count(db), np = lmds_tdb_phase_count(db);
    lmds_tdb_free(db);
    if (ne == 0 || np == 0) {
        fprintf(stderr, "lmds: error: %s: no TDB content (%d elements, %d phases): not a thermodynamic database\n",
                path, ne, np);
        return CLI_BAD_INPUT;
    }
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_TABLE) {
        printf("%s: %d elements, %d phases, %zu warnings\n", path, ne, np, nw);
        return CLI_OK;
    }
    const char *h[] = {"file", "elements", "phases", "warnings"};
    cli_table *t = cli_table_new(4, h);
    cli_table_addf(t, "%s\t%d\t%d\t%zu", path, ne, np, nw);
    int rc = cli_table_output(t, stdout, fmt);
    cli_table_free(t);
    return rc;
}

static int cmd_check(int argc, char **argv) { return with_args(&CHECK, argc, argv, run_check); }

/* ------------------------------------------------------------------ assess */

static const cli_opt ASSESS_OPTS[] = {
    {"output", 'o', CLI_OUTPUT, "SYSTEM.tdb", 0, 0, CLI_REQUIRED, NULL, "the assessed database to write", NULL},
    {"system", 0, CLI_STRING, "A-B", 0, 0, CLI_REQUIRED, NULL, "the binary system", NULL},
    {"phases", 0, CLI_STRING, "LIST", 0, 0, 0, NULL, "phases to fit (default: those the data name)", NULL},
    {"keep", 0, CLI_STRING, "LIST", 0, 0, 0, NULL, "phases whose parameters stay as in --tdb", NULL},
    {"terms", 0, CLI_STRING, "auto|L0,L1,L0T", 0, 0, 0, NULL, "Redlich-Kister terms to fit (default auto)", NULL},
    OPT_TDB, CLI_OPTS_FORMAT, END};
static const cli_cmd ASSESS = {"thermo assess", "DATA.csv -o SYSTEM.tdb --system A-B [options]",
                               "Fit Redlich-Kister parameters to measured phase equilibria (pure-element data from "
                               "--tdb; data format: docs/thermo.md).\nThe output is written only when the fit "
                               "succeeds, and never over an input. In the report, null / blank means no data of that "
                               "kind (e.g. no composition residuals).",
                               ASSESS_OPTS, NULL, 1, 1, NULL};

/* "A,B,C" -> NULL-terminated upper-case list pointing into buf. */
static const char **split_list(const char *s, char *buf, size_t n, const char **items, int max)
{
    if (!s) return NULL;
    snprintf(buf, n, "%s", s);
    int k = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ", ", &save); t && k < max - 1; t = strtok_r(NULL, ", ", &save)) {
        for (char *p = t; *p; p++) *p = (char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
        items[k++] = t;
    }
    items[k] = NULL;
    return items;
}

static cJSON *assess_json(const lmds_assessment *a, const char *out)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "system", a->system);
    cJSON_AddStringToObject(j, "tdb", out);
    cJSON *ps = cJSON_AddArrayToObject(j, "parameters");
    for (int k = 0; k < a->nparams; k++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "name", a->params[k].name);
        cli_json_num(p, "value", a->params[k].value);
        cli_json_opt(p, "sigma", a->params[k].fitted ? a->params[k].sigma : NAN);
        cJSON_AddBoolToObject(p, "fitted", a->params[k].fitted);
        cJSON_AddItemToArray(ps, p);
    }
    cJSON *ds = cJSON_AddArrayToObject(j, "data");
    for (int k = 0; k < a->nitems; k++) {
        const lmds_assess_item *it = &a->items[k];
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "quantity", it->what);
        cJSON_AddStringToObject(p, "unit", it->unit);
        cli_json_num(p, "observed", it->obs);
        cli_json_num(p, "calculated", it->calc);
        cli_json_opt(p, "uncertainty", it->sigma);
        cJSON_AddBoolToObject(p, "fitted", it->used);
        cJSON_AddNumberToObject(p, "line", it->line);
        cJSON_AddItemToArray(ds, p);
    }
    cli_json_opt(j, "chi2", a->chi2);
    cJSON_AddNumberToObject(j, "dof", a->dof);
    cli_json_opt(j, "rms_T_K", a->rms_T);
    cli_json_opt(j, "max_T_K", a->max_T);
    cli_json_opt(j, "rms_x", a->rms_x);
    cli_json_opt(j, "rms_formation_H_J_per_mol", a->rms_Hf);
    cJSON_AddBoolToObject(j, "miedema_only", a->miedema_only);
    return j;
}

static int assess_tables(const lmds_assessment *a, const char *out, cli_format fmt)
{
    const char *h1[] = {"parameter", "value", "sigma", "fitted"};
    cli_table *t = cli_table_new(4, h1);
    for (int k = 0; k < a->nparams; k++) {
        const char *cells[] = {a->params[k].name, cli_num_s(a->params[k].value, "%.3f", "parameter value"),
                               a->params[k].fitted ? cli_opt_s(a->params[k].sigma, "%.3f") : "",
                               a->params[k].fitted ? "yes" : "no"};
        cli_table_add(t, cells);
    }
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (fmt == CLI_FMT_TABLE) putchar('\n');
    const char *h2[] = {"quantity", "observed", "calculated", "diff", "sigma", "fitted", "line"};
    t = cli_table_new(7, h2);
    for (int k = 0; k < a->nitems; k++) {
        const lmds_assess_item *it = &a->items[k];
        int T = !strcmp(it->unit, "K");
        char ln[16];
        snprintf(ln, sizeof ln, "%d", it->line);
        const char *cells[] = {it->what, cli_num_s(it->obs, T ? "%.2f" : "%.4f", "observed value"),
                               cli_num_s(it->calc, T ? "%.2f" : "%.4f", "calculated value"),
                               cli_num_s(it->calc - it->obs, T ? "%+.2f" : "%+.4f", "residual"),
                               cli_opt_s(it->sigma, "%.3g"), it->used ? "yes" : "no", ln};
        cli_table_add(t, cells);
    }
    if (rc == CLI_OK) rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
        printf("\n%s: chi2 %s, %d residuals, %d dof", a->system, cli_opt_s(a->chi2, "%.3f"), a->nres, a->dof);
        /* No temperature datum (e.g. only mixing enthalpies fitted): no temperature error to report. */
        if (isfinite(a->rms_T)) printf("; rms T error %.2f K (max %.2f K)", a->rms_T, a->max_T);
        if (isfinite(a->rms_x)) printf(", rms x error %.4f", a->rms_x);
        if (isfinite(a->rms_Hf)) printf(", rms formation H error %.0f J/mol of atoms", a->rms_Hf);
        printf("\n%s written to %s\n", !a->miedema_only ? "assessment"
                                        : a->nres > 0 ? "compounds fitted, liquid Miedema's estimate (no liquid data)"
                                                      : "Miedema estimate (no data)", out);
    }
    return rc;
}

static int run_assess(const cli_args *a)
{
    const char *data = cli_arg(a, 0), *out = cli_str(a, "output", NULL);
    cli_input_declare(data);
    lmds_tdb *db;
    int r = cli_thermo_load(a, &db);
    if (r) return r;
    lmds_ofile *of = cli_output_open(out, NULL);
    if (!of) {
        lmds_tdb_free(db);
        return CLI_BAD_INPUT;
    }
    char pb[256], kb[256];
    const char *pl[16], *kl[16];
    lmds_assess_opts ao;
    memset(&ao, 0, sizeof ao);
    ao.system = cli_str(a, "system", NULL);
    ao.phases = split_list(cli_str(a, "phases", NULL), pb, sizeof pb, pl, 16);
    ao.keep = split_list(cli_str(a, "keep", NULL), kb, sizeof kb, kl, 16);
    ao.terms = cli_str(a, "terms", NULL);
    ao.data_name = data;
    lmds_assessment *as = NULL;
    lmds_status st = lmds_thermo_assess(db, data, &ao, &as);
    lmds_tdb_free(db);
    if (st) {
        cli_output_abort(of);
        return cli_fail(st);
    }
    cli_flush_warnings();
    fputs(as->tdb, lmds_ofile_stream(of));
    r = cli_output_commit(of);
    if (r == CLI_OK) {
        cli_format fmt = cli_args_format(a);
        r = fmt == CLI_FMT_JSON ? cli_json_print(assess_json(as, out)) : assess_tables(as, out, fmt);
    }
    lmds_assessment_free(as);
    return r;
}

static int cmd_assess(int argc, char **argv) { return with_args(&ASSESS, argc, argv, run_assess); }

/* ------------------------------------------------------------------ merge */

static const cli_opt MERGE_OPTS[] = {
    {"output", 'o', CLI_OUTPUT, "OUT.tdb", 0, 0, CLI_REQUIRED, NULL, "the merged database to write", NULL}, END};
static const cli_cmd MERGE = {"thermo merge", "-o OUT.tdb IN1.tdb IN2.tdb...",
                              "Combine databases (phases get the union of constituents; a function or parameter "
                              "defined differently in two files is an error naming it).",
                              MERGE_OPTS, NULL, 2, -1, NULL};

/* The leading '$' comment block of a TDB file (its header), appended to *hdr. */
static void append_header(const char *path, char **hdr, size_t *len)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[1024];
    size_t need = strlen(path) + 64;
    *hdr = cli_xrealloc(*hdr, *len + need);
    *len += (size_t)snprintf(*hdr + *len, need, "----- from %s -----\n", path);
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\n' || *p == '\r') continue;
        if (*p != '$') break;
        size_t n = strlen(line);
        *hdr = cli_xrealloc(*hdr, *len + n + 2);
        memcpy(*hdr + *len, line, n + 1);
        *len += n;
    }
    fclose(f);
}

static int run_merge(const cli_args *a)
{
    int n = cli_argc(a);
    for (int i = 0; i < n; i++) cli_input_declare(cli_arg(a, i));
    lmds_ofile *of = cli_output_open(cli_str(a, "output", NULL), NULL);
    if (!of) return CLI_BAD_INPUT;
    lmds_tdb *db;
    lmds_status st = lmds_tdb_load(cli_arg(a, 0), &db);
    if (st) {
        cli_output_abort(of);
        return cli_fail(st);
    }
    char *hdr = cli_xcalloc(1, 1);
    size_t len = 0;
    append_header(cli_arg(a, 0), &hdr, &len);
    for (int i = 1; i < n && !st; i++) {
        lmds_tdb *b;
        if ((st = lmds_tdb_load(cli_arg(a, i), &b))) break;
        st = lmds_tdb_merge(db, b);
        lmds_tdb_free(b);
        if (!st) append_header(cli_arg(a, i), &hdr, &len);
    }
    if (!st) {
        char *full = cli_xmalloc(len + 512);
        snprintf(full, len + 512, "Merged by lmds thermo merge from %d files (their headers follow); every parameter "
                 "keeps its reference code.\n%s", n, hdr);
        st = lmds_tdb_write(db, lmds_ofile_temp_path(of), full);
        free(full);
    }
    free(hdr);
    lmds_tdb_free(db);
    if (st) {
        cli_output_abort(of);
        return cli_fail(st);
    }
    int rc = cli_output_commit(of);
    cli_flush_warnings();
    if (rc == CLI_OK) printf("%d databases merged into %s\n", n, cli_str(a, "output", NULL));
    return rc;
}

static int cmd_merge(int argc, char **argv) { return with_args(&MERGE, argc, argv, run_merge); }

/* ------------------------------------------------------------------ miedema */

static const cli_opt MIEDEMA_OPTS[] = {
    {"phase", 0, CLI_STRING, "NAME", 0, 0, 0, NULL, "print TDB PARAMETER lines for this phase (\"HCP_ZN:VA\")", NULL},
    {"state", 0, CLI_ENUM, "STATE", 0, 0, 0, "liquid|solid|compound", "state of the alloy (default liquid)", NULL},
    CLI_OPTS_FORMAT, END};
static const cli_cmd MIEDEMA = {"thermo miedema", "[options] A-B",
                                "Miedema's enthalpy of mixing for a pair (de Boer et al., Cohesion in Metals, 1988): "
                                "the dilute enthalpies, the curve, its Redlich-Kister fit, and with --phase the TDB "
                                "lines (reference code MIEDEMA).",
                                MIEDEMA_OPTS, NULL, 1, 1, "phase json;phase csv"};

static int miedema_tdb(const cli_args *a, const int *z, const double *L)
{
    char A[4], B[4], ph[64];
    snprintf(A, sizeof A, "%s", sym(z[0]));
    snprintf(B, sizeof B, "%s", sym(z[1]));
    for (char *p = A; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    for (char *p = B; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    printf("$ Miedema %s estimate for %s-%s (de Boer et al., Cohesion in Metals, 1988; lmds thermo miedema)\n",
           cli_str(a, "state", "liquid"), sym(z[0]), sym(z[1]));
    /* "HCP_ZN:VA": the phase, then the other sublattices */
    snprintf(ph, sizeof ph, "%s", cli_str(a, "phase", ""));
    char *rest = strchr(ph, ':');
    if (rest) *rest++ = 0;
    for (int k = 0; k < 2; k++)
        printf("PARAMETER G(%s,%s,%s%s%s;%d) 298.15 %s; 6000 N MIEDEMA !\n", ph, A, B, rest ? ":" : "",
               rest ? rest : "", k, cli_num_s(L[k], "%+.1f", "Redlich-Kister parameter"));
    return cli_result_failed() ? CLI_BAD_INPUT : CLI_OK;
}

static int run_miedema(const cli_args *a)
{
    static const lmds_miedema_state states[] = {LMDS_MIEDEMA_LIQUID, LMDS_MIEDEMA_SOLID, LMDS_MIEDEMA_COMPOUND};
    lmds_miedema_state st = states[cli_enum(a, "state", 0)];
    int z[2];
    char A[8] = "", B[8] = "", rest[2] = "";
    if (sscanf(cli_arg(a, 0), "%7[^-,]%*[-,]%7[^-,]%1s", A, B, rest) != 2)
        return cli_usage("thermo miedema", "give the pair as A-B (e.g. Na-K)");
    if (lmds_element_lookup(A, &z[0]) || lmds_element_lookup(B, &z[1])) return cli_fail(LMDS_ENOTFOUND);
    if (z[0] == z[1]) return cli_usage("thermo miedema", "give two different elements");
    double hab, hba, L[2];
    lmds_status s;
    if ((s = lmds_miedema_dilute(z[0], z[1], &hab, &hba)) || (s = lmds_miedema_rk(z[0], z[1], st, 2, L)))
        return cli_fail(s);
    if (cli_has(a, "phase")) return miedema_tdb(a, z, L);
    cli_format fmt = cli_args_format(a);
    char xh[16];
    snprintf(xh, sizeof xh, "x_%s", sym(z[1]));
    const char *h[] = {xh, "dH_J_mol"};
    cli_table *t = cli_table_new(2, h);
    for (int k = 1; k < 10; k++) {
        double H = NAN;
        if (lmds_miedema_hmix(z[0], z[1], k / 10.0, st, &H) != LMDS_OK) H = NAN;
        const char *row[] = {cli_num_s(k / 10.0, "%.1f", "x"), cli_num_s(H, "%.1f", "enthalpy of mixing")};
        cli_table_add(t, row);
    }
    int rc;
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cli_json_num(j, "dH_A_in_B_J_mol", hab);
        cli_json_num(j, "dH_B_in_A_J_mol", hba);
        cli_json_num(j, "L0_J_mol", L[0]);
        cli_json_num(j, "L1_J_mol", L[1]);
        cJSON_AddItemToObject(j, "curve", cli_table_json(t));
        rc = cli_json_print(j);
    } else {
        if (fmt == CLI_FMT_TABLE)
            printf("Miedema %s %s-%s: dH(%s in %s) = %s J/mol, dH(%s in %s) = %s J/mol\n"
                   "Redlich-Kister fit: L0 = %s J/mol, L1 = %s J/mol (x_%s - x_%s)\n",
                   cli_str(a, "state", "liquid"), sym(z[0]), sym(z[1]), sym(z[0]), sym(z[1]),
                   cli_num_s(hab, "%.0f", "dH"), sym(z[1]), sym(z[0]), cli_num_s(hba, "%.0f", "dH"),
                   cli_num_s(L[0], "%.0f", "L0"), cli_num_s(L[1], "%.0f", "L1"), sym(z[0]), sym(z[1]));
        rc = cli_table_print(t, stdout, fmt);
    }
    cli_table_free(t);
    return rc;
}

static int cmd_miedema(int argc, char **argv) { return with_args(&MIEDEMA, argc, argv, run_miedema); }

/* ------------------------------------------------------------------ models, dispatch */

static const cli_opt MODELS_OPTS[] = {CLI_OPTS_FORMAT, END};
static const cli_cmd MODELS = {"thermo models", "[options]", "The thermodynamic models and the papers to cite.",
                               MODELS_OPTS, NULL, 0, 0, NULL};

static const lmds_model_info *thermo_model(size_t i) { return lmds_thermo_model_get((int)i); }
static int run_models(const cli_args *a)
{
    return cli_print_models((size_t)lmds_thermo_model_count(), thermo_model, cli_args_format(a));
}
static int cmd_models(int argc, char **argv) { return with_args(&MODELS, argc, argv, run_models); }

int cli_thermo_diagram(int argc, char **argv);
int cli_thermo_coverage(int argc, char **argv);

int cli_cmd_thermo(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"eq", cmd_eq, "stable phases, amounts, compositions, mu, G at T"},
        {"liquidus", cmd_liquidus, "liquidus temperature and primary phase"},
        {"solidus", cmd_solidus, "solidus temperature"},
        {"invariants", cmd_invariants, "eutectics, peritectics, ternary invariants of a system"},
        {"solidify", cmd_solidify, "equilibrium or Scheil solidification path"},
        {"diagram", cli_thermo_diagram, "binary T-x diagram or ternary liquidus projection (data + SVG)"},
        {"coverage", cli_thermo_coverage, "which binaries and ternaries the database describes, and from what source"},
        {"check", cmd_check, "read a TDB file and report problems"},
        {"assess", cmd_assess, "fit Redlich-Kister parameters to measured phase equilibria"},
        {"merge", cmd_merge, "combine TDB databases"},
        {"miedema", cmd_miedema, "Miedema enthalpy of mixing and TDB lines for a pair"},
        {"models", cmd_models, "the models and the papers to cite"},
    };
    return cli_dispatch("thermo",
                        "CALPHAD thermodynamics (default database data/tdb/lmds.tdb, or --tdb FILE). Units: K, GPa, "
                        "J/mol (per mole of atoms), mole fractions;\nresults at 1 bar unless --P (constant molar "
                        "volumes, up to 1 GPa); --suspend/--only choose the phases (metastable equilibria).",
                        subs, (int)(sizeof subs / sizeof subs[0]), argc, argv);
}
