/* lmds db: the genome, an SQLite store of the five kinds of data (composition, structure/state, ground-state
 * quantities, interaction parameters, macroscopic properties) with route, conditions and provenance.
 *
 *   lmds db build | path | import | query | show | export | stats | check
 *
 * The file: --db PATH, else the environment variable LMDS_DB, else <data>/genome.sqlite. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
#define OPT_DB {"db", 0, CLI_INPUT, "PATH", 0, 0, 0, NULL, "genome file alone (default: the shipped genome, $LMDS_DB or <data>/genome.sqlite, with the user genome layered over it)", NULL}

/* The genome file a build writes: --db, else the shipped genome's path. */
static const char *db_path(const cli_args *a)
{
    const char *p = cli_str(a, "db", NULL);
    return p ? p : lmds_genome_default_path();
}

/* The genome a read opens: --db alone, or (NULL) the shipped genome with the user's layered over it. */
static const char *db_read(const cli_args *a) { return cli_str(a, "db", NULL); }

static int with_args(const cli_cmd *cmd, int argc, char **argv, int (*run)(const cli_args *))
{
    cli_args *a;
    int rc;
    if (cli_parse(cmd, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    rc = run(a);
    cli_args_free(a);
    return rc;
}

/* Columns whose cells are numbers in JSON output. */
static int numeric_col(const char *c)
{
    static const char *num[] = {"id", "material_id", "value", "value_lo", "value_hi", "pressure_GPa", "nelements",
                                "count", "materials", "values", "rows", "inserted", "duplicates", "rejected", "line",
                                "first_line", "numeric", "min", "max", "dimensionality", "naliases", NULL};
    for (int i = 0; num[i]; i++)
        if (strcmp(c, num[i]) == 0) return 1;
    return 0;
}

static cJSON *rows_json(const lmds_genome_rows *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < r->nrows; i++) {
        cJSON *o = cJSON_CreateObject();
        for (int j = 0; j < r->ncols; j++) {
            const char *c = r->cells[i * (size_t)r->ncols + (size_t)j];
            char *end;
            if (!c) cJSON_AddNullToObject(o, r->cols[j]);
            else if (numeric_col(r->cols[j]) && (strtod(c, &end), *end == '\0') && *c)
                cli_json_opt(o, r->cols[j], strtod(c, NULL)); /* a stored value, not a result */
            else cJSON_AddStringToObject(o, r->cols[j], c);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Print every column (CSV or table). */
static int rows_fprint(const lmds_genome_rows *r, cli_format fmt, FILE *f)
{
    if (fmt == CLI_FMT_JSON) return cli_json_fprint(rows_json(r), f);
    cli_table *t = cli_table_new(r->ncols, (const char *const *)r->cols);
    const char **cells = cli_xcalloc((size_t)r->ncols, sizeof *cells);
    for (size_t i = 0; i < r->nrows; i++) {
        for (int j = 0; j < r->ncols; j++) {
            const char *c = r->cells[i * (size_t)r->ncols + (size_t)j];
            cells[j] = c ? c : "";
        }
        cli_table_add(t, cells);
    }
    free(cells);
    int rc = cli_table_print(t, f, fmt);
    cli_table_free(t);
    return rc;
}

static int rows_print(const lmds_genome_rows *r, cli_format fmt) { return rows_fprint(r, fmt, stdout); }

/* "1.083", "<1.5", ">8", "7-10", "-" */
static void render_value(const lmds_genome_rows *r, size_t i, char *buf, size_t n)
{
    const char *rel = lmds_genome_rows_get(r, i, "relation"), *v = lmds_genome_rows_get(r, i, "value"),
               *lo = lmds_genome_rows_get(r, i, "value_lo"), *hi = lmds_genome_rows_get(r, i, "value_hi");
    if (!rel || strcmp(rel, "none") == 0) snprintf(buf, n, "-");
    else if (strcmp(rel, "<") == 0) snprintf(buf, n, "<%s", hi ? hi : "?");
    else if (strcmp(rel, ">") == 0) snprintf(buf, n, ">%s", lo ? lo : "?");
    else if (strcmp(rel, "range") == 0) snprintf(buf, n, "%s-%s", lo ? lo : "?", hi ? hi : "?");
    else snprintf(buf, n, "%s", v ? v : "?");
}

static void shorten(const char *s, char *buf, size_t n)
{
    if (!s) s = "";
    if (strlen(s) < n) snprintf(buf, n, "%s", s);
    else snprintf(buf, n, "%.*s...", (int)n - 4, s);
}

static int print_values_table(const lmds_genome_rows *r, FILE *out)
{
    static const char *h[] = {"id", "formula", "material", "property", "value", "unit", "form", "P_GPa", "type",
                              "dataset", "reference"};
    cli_table *t = cli_table_new(11, h);
    for (size_t i = 0; i < r->nrows; i++) {
        char val[64], mat[40], ref[48];
        render_value(r, i, val, sizeof val);
        const char *f = lmds_genome_rows_get(r, i, "formula");
        shorten(lmds_genome_rows_get(r, i, "material"), mat, sizeof mat);
        shorten(lmds_genome_rows_get(r, i, "reference"), ref, sizeof ref);
        const char *unit = lmds_genome_rows_get(r, i, "unit"), *form = lmds_genome_rows_get(r, i, "form"),
                   *p = lmds_genome_rows_get(r, i, "pressure_GPa");
        const char *cells[11] = {lmds_genome_rows_get(r, i, "id"), f ? f : lmds_genome_rows_get(r, i, "system"),
                                 mat, lmds_genome_rows_get(r, i, "property"), val, unit ? unit : "",
                                 form ? form : "", p ? p : "", lmds_genome_rows_get(r, i, "value_type"),
                                 lmds_genome_rows_get(r, i, "dataset"), ref};
        cli_table_add(t, cells);
    }
    int rc = cli_table_print(t, out, CLI_FMT_TABLE);
    cli_table_free(t);
    return rc;
}

/* ------------------------------------------------------------------ query, export */

#define QUERY_FILTER_OPTS                                                                                           \
    {"elements", 'e', CLI_ELEMENTS, "A,B", 1, 16, 0, NULL, "materials containing all of these elements", NULL},    \
        {"any", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "with --elements: any of them", NULL},                            \
        {"system", 0, CLI_STRING, "A-B", 0, 0, 0, NULL, "exactly this chemical system", NULL},                      \
        {"formula", 0, CLI_STRING, "F", 0, 0, 0, NULL, "this composition (by reduced formula: Ga0.75In0.25 = Ga3In)", \
         NULL},                                                                                                      \
        {"property", 0, CLI_STRING, "P", 0, 0, 0, NULL, "tc, lambda, omega_log, mu_star, Hc, Hc2, eutectic_T, ...",  \
         NULL},                                                                                                      \
        {"tc-min", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, "Tc at least this (implies --property tc)", NULL},         \
        {"tc-max", 0, CLI_DOUBLE, "K", 0, 1000, 0, NULL, "Tc at most this (implies --property tc)", NULL},          \
        {"form", 0, CLI_STRING, "F", 0, 0, 0, NULL, "bulk, film, printed film, 2D, wire, nanodroplet, confined, ...", \
         NULL},                                                                                                      \
        {"pressure", 0, CLI_STRING, "P|LO:HI", 0, 0, 0, NULL, "pressure in GPa (0..1000): a value or a range", NULL}, \
        {"value-type", 0, CLI_STRING, "T", 0, 0, 0, NULL, "measured, calculated, textbook, missing, not_reported",   \
         NULL},                                                                                                      \
        {"dataset", 0, CLI_STRING, "D", 0, 0, 0, NULL, "curated, stanev2018, tc_reference, thermo_experimental, ...", \
         NULL},                                                                                                      \
        {"filter", 0, CLI_STRING, "F", 0, 0, 0, NULL, "an OPTIMADE filter (same as the argument)", NULL},            \
        {"limit", 0, CLI_INT, "N", 0, 1000000000, 0, NULL, "at most N rows (0: all)", NULL},                       \
        {"output", 'o', CLI_OUTPUT, "FILE", 0, 0, CLI_STDIO, NULL, "write there instead of standard output", NULL},  \
        OPT_DB, CLI_OPTS_FORMAT

static const char *QUERY_ABOUT =
    "Values matching the options and/or an OPTIMADE filter (combined with AND). A Tc bound counts when its whole\n"
    "interval lies in the range: '<1.5' is within --tc-max 2, '>8' within --tc-min 4.\n"
    "OPTIMADE filters: 'elements HAS ALL \"Ga\",\"In\" AND nelements=2', 'nelements<3',\n"
    "'chemical_formula_reduced=\"Ga3In\"', NOT/AND/OR and parentheses; lmds fields: _lmds_tc, _lmds_pressure,\n"
    "_lmds_form, _lmds_value_type, _lmds_dataset, _lmds_property, _lmds_chemical_system.";
static const cli_opt QUERY_OPTS[] = {QUERY_FILTER_OPTS, END};
static const cli_cmd QUERY = {"db query", "[options] [OPTIMADE-FILTER]", NULL, QUERY_OPTS, NULL, 0, 1, NULL};
static const cli_cmd EXPORT = {"db export", "[options] [OPTIMADE-FILTER]", NULL, QUERY_OPTS, NULL, 0, 1, NULL};

static int parse_pressure(const char *cmd, const char *s, lmds_genome_filter *f)
{
    char *end;
    double lo = strtod(s, &end), hi = lo;
    if (end != s && *end == ':') {
        const char *h = end + 1;
        hi = strtod(h, &end);
        if (end == h) return cli_usage(cmd, "--pressure '%s': give P or LO:HI in GPa", s);
    }
    if (end == s || *end || !isfinite(lo) || !isfinite(hi) || lo < 0 || hi > 1000 || lo > hi)
        return cli_usage(cmd, "--pressure '%s': give P or LO:HI in GPa within 0 to 1000, LO <= HI", s);
    /* Exact value: the sources give at most ~4 significant digits. */
    f->p_min = lo == hi ? lo - 1e-6 : lo;
    f->p_max = lo == hi ? hi + 1e-6 : hi;
    return CLI_OK;
}

static int query_filter(const cli_args *a, lmds_genome_filter *f, char *els, size_t n)
{
    lmds_genome_filter_init(f);
    int z[16], nz = cli_elements(a, "elements", z, 16);
    els[0] = '\0';
    for (int i = 0; i < nz; i++) {
        size_t L = strlen(els);
        snprintf(els + L, n - L, "%s%s", i ? "," : "", lmds_element_symbol(z[i]));
    }
    f->elements = nz ? els : NULL;
    f->any = cli_has(a, "any");
    f->system = cli_str(a, "system", NULL);
    f->formula = cli_str(a, "formula", NULL);
    f->property = cli_str(a, "property", NULL);
    f->tc_min = cli_num(a, "tc-min", f->tc_min);
    f->tc_max = cli_num(a, "tc-max", f->tc_max);
    f->form = cli_str(a, "form", NULL);
    f->value_type = cli_str(a, "value-type", NULL);
    f->dataset = cli_str(a, "dataset", NULL);
    f->optimade = cli_argc(a) ? cli_arg(a, 0) : cli_str(a, "filter", NULL);
    f->limit = cli_int(a, "limit", 0);
    if (f->any && !nz) return cli_usage(cli_args_cmd(a), "--any goes with --elements");
    if (cli_argc(a) && cli_has(a, "filter")) return cli_usage(cli_args_cmd(a), "one filter only (the argument or --filter)");
    if (cli_has(a, "pressure")) return parse_pressure(cli_args_cmd(a), cli_str(a, "pressure", ""), f);
    return CLI_OK;
}

static int query_write(const cli_args *a, const lmds_genome_rows *r, cli_format fmt, FILE *f)
{
    if (fmt != CLI_FMT_TABLE) return rows_fprint(r, fmt, f);
    int rc = print_values_table(r, f);
    fprintf(stderr, "%zu value(s)\n", r->nrows);
    (void)a;
    return rc;
}

static int run_query(const cli_args *a, int export)
{
    lmds_genome_filter f;
    char els[256];
    int rc = query_filter(a, &f, els, sizeof els);
    if (rc) return rc;
    cli_format fmt = cli_args_format(a);
    if (export && fmt == CLI_FMT_TABLE) fmt = CLI_FMT_CSV;
    const char *db = db_read(a), *out = cli_str(a, "output", "-");
    cli_input_declare(db ? db : lmds_genome_default_path());
    if (!db && lmds_genome_user_path()) cli_input_declare(lmds_genome_user_path());
    lmds_ofile *o = strcmp(out, "-") ? cli_output_open(out, NULL) : NULL;
    if (strcmp(out, "-") && !o) return CLI_BAD_INPUT;
    lmds_genome *g = NULL;
    lmds_genome_rows *r = NULL;
    lmds_status st = lmds_genome_open(db, 1, &g);
    if (st == LMDS_OK) st = lmds_genome_query(g, &f, &r);
    lmds_genome_close(g);
    if (st != LMDS_OK) {
        cli_output_abort(o);
        return cli_fail(st);
    }
    rc = query_write(a, r, fmt, o ? lmds_ofile_stream(o) : stdout);
    lmds_genome_rows_free(r);
    if (o) {
        if (rc == CLI_OK) return cli_output_commit(o);
        cli_output_abort(o);
    }
    return rc;
}

static int run_query0(const cli_args *a) { return run_query(a, 0); }
static int run_export(const cli_args *a) { return run_query(a, 1); }
static int cmd_query(int argc, char **argv)
{
    cli_cmd c = QUERY;
    c.about = QUERY_ABOUT;
    return with_args(&c, argc, argv, run_query0);
}
static int cmd_export(int argc, char **argv)
{
    cli_cmd c = EXPORT;
    c.about = "All columns of the values (or of a query's) with full provenance: CSV by default, --json.";
    return with_args(&c, argc, argv, run_export);
}

/* Redlich-Kister parameters L_nu of a system (J/mol): a + b T when the TDB expression is linear, else the
 * expression as the TDB writes it. */
static void print_rk_table(const lmds_genome_rows *rk)
{
    static const char *h[] = {"phase", "constituents", "nu", "L_nu (J/mol, T in K)", "T range (K)", "TDB line",
                              "reference"};
    printf("\n== interaction parameters (Redlich-Kister, from the thermodynamic database) ==\n");
    cli_table *t = cli_table_new(7, h);
    for (size_t i = 0; i < rk->nrows; i++) {
        const char *a = lmds_genome_rows_get(rk, i, "a_J_mol"), *b = lmds_genome_rows_get(rk, i, "b_J_mol_K"),
                   *lo = lmds_genome_rows_get(rk, i, "T_lo_K"), *hi = lmds_genome_rows_get(rk, i, "T_hi_K"),
                   *code = lmds_genome_rows_get(rk, i, "ref_code"), *tdb = lmds_genome_rows_get(rk, i, "tdb");
        char val[160], range[64], ref[64], cite[64], line[300];
        if (a && b) {
            double bv = atof(b);
            if (bv == 0) snprintf(val, sizeof val, "%.10g", atof(a));
            else snprintf(val, sizeof val, "%.10g %c %.10g*T", atof(a), bv < 0 ? '-' : '+', fabs(bv));
        } else
            shorten(lmds_genome_rows_get(rk, i, "expression"), val, sizeof val);
        snprintf(range, sizeof range, "%.6g-%.6g", lo ? atof(lo) : NAN, hi ? atof(hi) : NAN);
        snprintf(line, sizeof line, "%s:%s", tdb ? tdb : "", lmds_genome_rows_get(rk, i, "line"));
        shorten(lmds_genome_rows_get(rk, i, "reference"), cite, sizeof cite);
        snprintf(ref, sizeof ref, "%s", code ? code : cite);
        char refcol[140];
        snprintf(refcol, sizeof refcol, "%s: %s", ref, cite);
        const char *cells[7] = {lmds_genome_rows_get(rk, i, "phase"), lmds_genome_rows_get(rk, i, "constituents"),
                                lmds_genome_rows_get(rk, i, "nu"), val, range, line, refcol};
        cli_table_add(t, cells);
    }
    cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
}

/* ------------------------------------------------------------------ show */

static const cli_opt SHOW_OPTS[] = {OPT_DB, CLI_OPTS_FORMAT, END};
static const cli_cmd SHOW = {"db show", "[options] ID|FORMULA|ALIAS",
                             "Everything known about one material, grouped by the five kinds (composition, structure,\n"
                             "ground_state, interaction, macroscopic), each value with its conditions and reference.\n"
                             "A material known only by its chemical system: lmds db show system:Ag-Ga",
                             SHOW_OPTS, NULL, 1, 1, NULL};

static int show_json(const lmds_genome_rows *m, const lmds_genome_rows *v, const lmds_genome_rows *rk)
{
    cJSON *o = rows_json(m);
    cJSON *mat = cJSON_DetachItemFromArray(o, 0);
    cJSON_Delete(o);
    cJSON *kinds = cJSON_CreateObject();
    cJSON *all = rows_json(v);
    cJSON *it = all->child;
    while (it) {
        cJSON *nextit = it->next;
        const char *k = cJSON_GetStringValue(cJSON_GetObjectItem(it, "kind"));
        cJSON *arr = cJSON_GetObjectItem(kinds, k ? k : "other");
        if (!arr) arr = cJSON_AddArrayToObject(kinds, k ? k : "other");
        cJSON_AddItemToArray(arr, cJSON_DetachItemViaPointer(all, it));
        it = nextit;
    }
    cJSON_Delete(all);
    cJSON_AddItemToObject(mat, "data", kinds);
    cJSON_AddItemToObject(mat, "interaction_parameters", rows_json(rk));
    return cli_json_print(mat);
}

/* The conditions of a value in one cell: form, pressure, criterion, method; for structures the state. */
static void show_conditions(const lmds_genome_rows *v, size_t i, int is_st, char *cond, size_t n)
{
    const char *form = lmds_genome_rows_get(v, i, "form"), *p = lmds_genome_rows_get(v, i, "pressure_GPa"),
               *crit = lmds_genome_rows_get(v, i, "criterion"), *meth = lmds_genome_rows_get(v, i, "method"),
               *state = lmds_genome_rows_get(v, i, "state"), *conf = lmds_genome_rows_get(v, i, "confinement"),
               *notes = lmds_genome_rows_get(v, i, "notes");
    snprintf(cond, n, "%s%s%s%s%s%s%s%s%s%s%s%s", form ? form : "", p ? " " : "", p ? p : "", p ? " GPa" : "",
             crit ? " " : "", crit ? crit : "", meth ? " " : "", meth ? meth : "", (is_st && state) ? state : "",
             (is_st && conf) ? ", confined in " : "", (is_st && conf) ? conf : "",
             (is_st && notes && *notes) ? ", " : "");
    if (is_st && notes) strncat(cond, notes, n - strlen(cond) - 1);
}

static void show_row(cli_table *t, const lmds_genome_rows *v, size_t i, const char *k)
{
    char val[64], cond[160], st2[48], ref[64];
    int is_st = strcmp(k, "structure") == 0;
    render_value(v, i, val, sizeof val);
    show_conditions(v, i, is_st, cond, sizeof cond);
    shorten(lmds_genome_rows_get(v, i, "structure"), st2, sizeof st2);
    shorten(lmds_genome_rows_get(v, i, "reference"), ref, sizeof ref);
    const char *unit = lmds_genome_rows_get(v, i, "unit"), *type = lmds_genome_rows_get(v, i, "value_type"),
               *id = lmds_genome_rows_get(v, i, "id");
    const char *cells[8] = {id ? id : "", lmds_genome_rows_get(v, i, "property"), is_st ? "" : val, unit ? unit : "",
                            st2, cond, type ? type : "", ref};
    cli_table_add(t, cells);
}

static int show_table(const lmds_genome_rows *m, const lmds_genome_rows *v, const lmds_genome_rows *rk)
{
    const char *f = lmds_genome_rows_get(m, 0, "formula"), *al = lmds_genome_rows_get(m, 0, "aliases");
    printf("material %s: %s (system %s, %s elements)\n", lmds_genome_rows_get(m, 0, "id"),
           f ? f : "(no exact composition)", lmds_genome_rows_get(m, 0, "system"), lmds_genome_rows_get(m, 0, "nelements"));
    if (al) printf("written in the sources as: %s%s\n", al, atoi(lmds_genome_rows_get(m, 0, "naliases")) > 20 ? " | ..." : "");
    static const char *h[] = {"id", "property", "value", "unit", "structure/sample", "conditions", "type", "reference"};
    const char *cur = "";
    cli_table *t = NULL;
    int rc = CLI_OK;
    for (size_t i = 0; i <= v->nrows && rc == CLI_OK; i++) {
        const char *k = i < v->nrows ? lmds_genome_rows_get(v, i, "kind") : "";
        if (strcmp(k, cur) != 0) {
            if (t) rc = cli_table_print(t, stdout, CLI_FMT_TABLE);
            cli_table_free(t);
            t = NULL;
            if (i == v->nrows) break;
            printf("\n== %s ==\n", k);
            cur = k;
            t = cli_table_new(8, h);
        }
        show_row(t, v, i, k);
    }
    cli_table_free(t);
    if (rc == CLI_OK && rk->nrows > 0) print_rk_table(rk);
    return rc;
}

static int run_show(const cli_args *a)
{
    lmds_genome *g = NULL;
    lmds_genome_rows *m = NULL, *v = NULL, *rk = NULL;
    lmds_status st = lmds_genome_open(db_read(a), 1, &g);
    if (st == LMDS_OK) st = lmds_genome_show(g, cli_arg(a, 0), &m, &v);
    if (st == LMDS_OK) st = lmds_genome_interactions(g, cli_arg(a, 0), &rk);
    lmds_genome_close(g);
    int rc;
    cli_format fmt = cli_args_format(a);
    if (st != LMDS_OK) rc = cli_fail(st);
    else if (fmt == CLI_FMT_JSON) rc = show_json(m, v, rk);
    else if (fmt == CLI_FMT_CSV) rc = rows_print(v, CLI_FMT_CSV);
    else rc = show_table(m, v, rk);
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(v);
    lmds_genome_rows_free(rk);
    return rc;
}

static int cmd_show(int argc, char **argv) { return with_args(&SHOW, argc, argv, run_show); }

/* ------------------------------------------------------------------ import */

static const cli_opt IMPORT_OPTS[] = {
    {"kind", 0, CLI_ENUM, "K", 0, 0, CLI_REQUIRED, "superconductors|thermo|spectra|elements|ground_state",
     "what the file holds", NULL},
    {"dataset", 0, CLI_STRING, "NAME", 0, 0, 0, NULL, "dataset name (default: the file name)", NULL},
    {"formula", 0, CLI_STRING, "F", 0, 0, 0, NULL, "spectra: the material (default: file name up to '_')", NULL},
    {"reference", 0, CLI_STRING, "TEXT", 0, 0, 0, NULL, "spectra/elements: the reference when the file has none",
     NULL},
    {"keep-rejects", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "skip unreadable rows, recording them (line, reason)", NULL},
    {"quiet", 'q', CLI_FLAG, NULL, 0, 0, 0, NULL, "print nothing on success", NULL},
    {"json", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "the import report as JSON", NULL},
    {"db", 0, CLI_INPUT, "PATH", 0, 0, 0, NULL,
     "the genome to import into (default: the user genome, $LMDS_USER_DB or $XDG_DATA_HOME/lmds/genome.sqlite)",
     NULL},
    END};
static const cli_cmd IMPORT = {
    "db import", "FILE --kind K [options]",
    "Import a CSV or JSON file (array of objects with the CSV column names) in one transaction: a bad row fails\n"
    "the whole import with its file:line and nothing is written. Importing the same file again adds nothing\n"
    "(file SHA-256 and natural keys).\n"
    "Formats (by header): curated material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,\n"
    "value_type,notes; SuperCon name,Tc; interaction material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,\n"
    "Tc_calc_K,gap_ratio,source; thermo system,composition_at,composition_wt,quantity,value_C,reference;\n"
    "spectra: Elk ALPHA2F.OUT or 'omega a2F' columns with the unit in a # comment (meV, THz, cm-1, Ha).",
    IMPORT_OPTS, NULL, 1, 1, "quiet json"};

static int run_import(const cli_args *a)
{
    /* without --db, imports go to the user's genome, never into the shipped one */
    const char *file = cli_arg(a, 0), *db = db_read(a);
    const char *target = db ? db : lmds_genome_user_path();
    if (target && cli_same_path(file, target)) {
        fprintf(stderr, "lmds: error: %s is the genome itself: import another file\n", file);
        return CLI_BAD_INPUT;
    }
    lmds_genome_kind k;
    if (lmds_genome_kind_parse(cli_str(a, "kind", ""), &k) != LMDS_OK) return cli_usage("db import", "%s", lmds_errmsg());
    lmds_genome_import_opts o = {0};
    o.dataset = cli_str(a, "dataset", NULL);
    o.formula = cli_str(a, "formula", NULL);
    o.reference = cli_str(a, "reference", NULL);
    o.keep_rejects = cli_has(a, "keep-rejects");
    lmds_genome *g = NULL;
    lmds_genome_import_report rep;
    lmds_status st = lmds_genome_open(db, 0, &g);
    if (st == LMDS_OK) st = lmds_genome_import(g, file, k, &o, &rep);
    char into[4096];
    snprintf(into, sizeof into, "%s", g ? lmds_genome_path(g) : (target ? target : "the genome"));
    lmds_genome_close(g);
    if (st != LMDS_OK) {
        fprintf(stderr, "lmds db import: nothing was written\n");
        return cli_fail(st);
    }
    cli_flush_warnings();
    if (cli_has(a, "json")) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "file", file);
        cJSON_AddStringToObject(j, "genome", into);
        cJSON_AddStringToObject(j, "dataset", rep.dataset);
        cJSON_AddStringToObject(j, "sha256", rep.sha256);
        cJSON_AddBoolToObject(j, "already_imported", rep.already);
        cJSON_AddNumberToObject(j, "rows", (double)rep.rows);
        cJSON_AddNumberToObject(j, "inserted", (double)rep.inserted);
        cJSON_AddNumberToObject(j, "duplicates", (double)rep.duplicates);
        cJSON_AddNumberToObject(j, "rejected", (double)rep.rejected);
        return cli_json_print(j);
    }
    if (cli_has(a, "quiet")) return CLI_OK;
    if (rep.already) printf("%s: already imported (sha256 %.12s...), nothing added\n", file, rep.sha256);
    else
        printf("%s: %zu rows, %zu values inserted, %zu already present, %zu rejected (dataset %s, into %s)\n", file,
               rep.rows, rep.inserted, rep.duplicates, rep.rejected, rep.dataset, into);
    return CLI_OK;
}

static int cmd_import(int argc, char **argv) { return with_args(&IMPORT, argc, argv, run_import); }

/* ------------------------------------------------------------------ build */

static const cli_opt BUILD_OPTS[] = {
    {"db", 0, CLI_OUTPUT, "PATH", 0, 0, 0, NULL, "the genome to build (default: $LMDS_DB, else <data>/genome.sqlite)",
     NULL},
    {"data", 0, CLI_INPUT, "DIR", 0, 0, 0, NULL, "the data folder (default: the installed one)", NULL},
    {"rejects", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "also write the rejected rows (file, line, reason) as CSV",
     NULL},
    {"quiet", 'q', CLI_FLAG, NULL, 0, 0, 0, NULL, "print nothing on success (warnings are dropped)", NULL},
    {"json", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "the build summary as JSON", NULL},
    END};
static const cli_cmd BUILD = {
    "db build", "[options]",
    "Build the genome from the text sources: data/genome/lmds_superconductors.csv (curated), tc_reference.csv\n"
    "(interaction parameters), supercon_stanev2018.csv (SuperCon list; rows whose formula does not parse are kept\n"
    "as rejects with reasons), thermo_*.csv (phase-diagram points), the element table, data/spectra/*ALPHA2F.OUT\n"
    "and the Redlich-Kister parameters of data/tdb/lmds.tdb (a missing TDB is a warning). The file is replaced\n"
    "atomically; --rejects may not be the genome itself.",
    BUILD_OPTS, NULL, 0, 0, "quiet json"};

/* The Redlich-Kister parameters of the default thermodynamic database, read by the thermo module and stored by
 * the genome (which does not depend on thermo). A missing or unreadable TDB is a warning, not a failure:
 * returns 0 with *rk NULL then; -1 on a parameter that cannot be read (message printed). */
static int build_interactions(const char *tdb_path, lmds_genome_interaction **rk, size_t *nrk)
{
    lmds_tdb *tdb = NULL;
    *rk = NULL;
    *nrk = 0;
    if (lmds_tdb_load(tdb_path, &tdb) != LMDS_OK) {
        fprintf(stderr, "lmds: warning: db build: %s; the genome gets no interaction parameters\n", lmds_errmsg());
        return 0;
    }
    int n = lmds_tdb_interaction_count(tdb);
    *rk = cli_xcalloc(n > 0 ? (size_t)n : 1, sizeof **rk);
    for (int i = 0; i < n; i++) {
        lmds_tdb_interaction ti;
        if (lmds_tdb_interaction_get(tdb, i, &ti) != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_tdb_free(tdb);
            cli_fail(lmds_error(LMDS_EPARSE, "%s: interaction %d: %s", tdb_path, i, msg));
            return -1;
        }
        lmds_genome_interaction *r = &(*rk)[(*nrk)++];
        snprintf(r->phase, sizeof r->phase, "%s", ti.phase);
        snprintf(r->constituents, sizeof r->constituents, "%s", ti.constituents);
        snprintf(r->expression, sizeof r->expression, "%s", ti.expression);
        snprintf(r->ref, sizeof r->ref, "%s", ti.ref);
        r->order = ti.order, r->a = ti.a, r->b = ti.b, r->linear = ti.linear;
        r->T_lo = ti.T_lo, r->T_hi = ti.T_hi, r->line = ti.line;
    }
    lmds_tdb_free(tdb);
    return 1;
}

static int write_rejects(const char *db, const char *path)
{
    lmds_genome *g = NULL;
    lmds_genome_rows *r = NULL;
    lmds_status st = lmds_genome_open(db, 1, &g);
    if (st == LMDS_OK) st = lmds_genome_stats(g, "rejects", &r);
    lmds_genome_close(g);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_ofile *o = cli_output_open(path, NULL);
    int rc = o ? rows_fprint(r, CLI_FMT_CSV, lmds_ofile_stream(o)) : CLI_BAD_INPUT;
    lmds_genome_rows_free(r);
    if (!o) return rc;
    if (rc != CLI_OK) {
        cli_output_abort(o);
        return rc;
    }
    return cli_output_commit(o);
}

static int run_build(const cli_args *a)
{
    const char *path = db_path(a), *data = cli_str(a, "data", NULL), *rejects = cli_str(a, "rejects", NULL);
    if (rejects && cli_same_path(rejects, path)) {
        fprintf(stderr, "lmds: error: --rejects %s is the genome being built; choose another file\n", rejects);
        return CLI_BAD_INPUT;
    }
    char tdb_path[4096];
    snprintf(tdb_path, sizeof tdb_path, "%s/tdb/lmds.tdb", data ? data : lmds_data_dir());
    cli_input_declare(tdb_path);
    lmds_genome_interaction *rk = NULL;
    size_t nrk = 0;
    int have = build_interactions(tdb_path, &rk, &nrk);
    if (have < 0) return CLI_BAD_INPUT;
    lmds_genome_rows *sum = NULL;
    lmds_status st = lmds_genome_build_tdb(path, data, have ? tdb_path : NULL, rk, nrk, &sum);
    free(rk);
    if (st != LMDS_OK) return cli_fail(st);
    if (!cli_has(a, "quiet")) cli_flush_warnings();
    else lmds_warnings_clear();
    int rc = CLI_OK;
    if (cli_has(a, "json")) rc = rows_print(sum, CLI_FMT_JSON);
    else if (!cli_has(a, "quiet")) {
        rc = rows_print(sum, CLI_FMT_TABLE);
        printf("built %s\n", path);
    }
    lmds_genome_rows_free(sum);
    if (rc == CLI_OK && rejects) rc = write_rejects(path, rejects);
    return rc;
}

static int cmd_build(int argc, char **argv) { return with_args(&BUILD, argc, argv, run_build); }

/* ------------------------------------------------------------------ stats, check, path */

static const cli_opt STATS_OPTS[] = {
    {"by", 0, CLI_ENUM, "WHAT", 0, 0, 0, "kind|element|source|property|reject|rejects",
     "counts by this (default: kind, source and reject)", NULL},
    OPT_DB, CLI_OPTS_FORMAT, END};
static const cli_cmd STATS = {"db stats", "[options]",
                              "Counts by kind, by element, by source file, by property, or the reasons of rejected "
                              "rows (reject: counts; rejects: every row).",
                              STATS_OPTS, NULL, 0, 0, NULL};

static int run_stats(const cli_args *a)
{
    cli_format fmt = cli_args_format(a);
    const char *by = cli_str(a, "by", NULL);
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_read(a), 1, &g);
    if (st != LMDS_OK) return cli_fail(st);
    int rc = CLI_OK;
    static const char *all[] = {"kind", "source", "reject"};
    int n = !by && fmt == CLI_FMT_TABLE ? 3 : 1;
    for (int i = 0; i < n && st == LMDS_OK && rc == CLI_OK; i++) {
        lmds_genome_rows *r = NULL;
        if ((st = lmds_genome_stats(g, by ? by : all[i], &r)) != LMDS_OK) break;
        if (n > 1) printf("%s== by %s ==\n", i ? "\n" : "", all[i]);
        rc = rows_print(r, fmt);
        lmds_genome_rows_free(r);
    }
    lmds_genome_close(g);
    return st == LMDS_OK ? rc : cli_fail(st);
}

static int cmd_stats(int argc, char **argv) { return with_args(&STATS, argc, argv, run_stats); }

static const cli_opt CHECK_OPTS[] = {OPT_DB, CLI_OPTS_FORMAT, END};
static const cli_cmd CHECK = {"db check", "[options]",
                              "SQLite integrity_check and foreign_key_check, schema version and migrations, every "
                              "value with a reference and a source, every material with its elements, Tc bounds "
                              "consistent. Exit 0 when clean, 1 otherwise.",
                              CHECK_OPTS, NULL, 0, 0, NULL};

static int run_check(const cli_args *a)
{
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_read(a), 1, &g); /* a check never writes */
    if (st != LMDS_OK) return cli_fail(st);
    lmds_genome_rows *p = NULL;
    st = lmds_genome_check(g, &p);
    char path[4096];
    snprintf(path, sizeof path, "%s", lmds_genome_path(g));
    int version = lmds_genome_schema_version(g), rc = CLI_OK;
    lmds_genome_close(g);
    cli_format fmt = cli_args_format(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "path", path);
        cJSON_AddNumberToObject(j, "schema_version", version);
        cJSON_AddBoolToObject(j, "ok", st == LMDS_OK);
        cJSON_AddItemToObject(j, "problems", p ? rows_json(p) : cJSON_CreateArray());
        rc = cli_json_print(j);
    } else if (st == LMDS_OK && fmt == CLI_FMT_TABLE) {
        printf("%s: ok (schema version %d)\n", path, version);
    } else if (p) {
        rc = rows_print(p, fmt);
    }
    lmds_genome_rows_free(p);
    return st == LMDS_OK ? rc : cli_fail(st);
}

static int cmd_check(int argc, char **argv) { return with_args(&CHECK, argc, argv, run_check); }

static const cli_opt PATH_OPTS[] = {OPT_DB, END};
static const cli_cmd PATH_CMD = {"db path", "[--db PATH]",
                                 "Print the genome files in use: the shipped genome (--db, else $LMDS_DB, else "
                                 "<data>/genome.sqlite) and, on a second line, the user genome that imports go to "
                                 "($LMDS_USER_DB, else $XDG_DATA_HOME/lmds/genome.sqlite).",
                                 PATH_OPTS, NULL, 0, 0, NULL};

static int run_path(const cli_args *a)
{
    const char *p = db_path(a);
    printf("%s\n", p);
    FILE *f = fopen(p, "rb");
    if (!f) fprintf(stderr, "lmds: note: %s does not exist yet (lmds db build creates it)\n", p);
    else fclose(f);
    const char *u = lmds_genome_user_path();
    if (!cli_str(a, "db", NULL) && u) {
        printf("%s\n", u);
        if (access(u, F_OK) != 0) fprintf(stderr, "lmds: note: %s does not exist yet (the first import creates it)\n", u);
    }
    return CLI_OK;
}

static int cmd_path(int argc, char **argv) { return with_args(&PATH_CMD, argc, argv, run_path); }

int cli_cmd_db(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"build", cmd_build, "build the genome from the text sources in the data folder"},
        {"path", cmd_path, "print the genome files in use (shipped, then user)"},
        {"import", cmd_import, "import a CSV or JSON file (all-or-nothing)"},
        {"query", cmd_query, "values matching options and/or an OPTIMADE filter"},
        {"show", cmd_show, "everything known about one material, by kind, with references"},
        {"export", cmd_export, "all values (or a query's) with full provenance as CSV or JSON"},
        {"stats", cmd_stats, "counts by kind, element, source, property or reject reason"},
        {"check", cmd_check, "integrity: SQLite checks, foreign keys, schema version, references"},
    };
    return cli_dispatch("db",
                        "The genome: an SQLite materials store (composition, structure/state, ground-state "
                        "quantities,\ninteraction parameters, macroscopic properties; route, conditions and a "
                        "reference on every value).\nReads: the shipped genome ($LMDS_DB, else <data>/genome.sqlite) with the "
                        "user genome layered over it;\nimports: the user genome ($LMDS_USER_DB, else "
                        "$XDG_DATA_HOME/lmds/genome.sqlite); --db PATH: that file alone.",
                        subs, (int)(sizeof subs / sizeof subs[0]), argc, argv);
}
