/* lmds db: the genome, an SQLite store of the five kinds of data (composition, structure/state, ground-state
 * quantities, interaction parameters, macroscopic properties) with route, conditions and provenance.
 *
 *   lmds db build | path | import | query | show | export | stats | check
 *
 * The file: --db PATH, else the environment variable LMDS_DB, else <data>/genome.sqlite. */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char *DB_USAGE =
    "Usage: lmds db COMMAND [options]\n"
    "The genome: an SQLite materials store (composition, structure/state, ground-state quantities,\n"
    "interaction parameters, macroscopic properties; route, conditions and a reference on every value).\n"
    "\n"
    "Commands:\n"
    "  build                 build the genome from the text sources in the data folder\n"
    "  path                  print the genome file in use\n"
    "  import FILE --kind K  import a CSV or JSON file (K: superconductors, thermo, spectra, elements, ground_state),\n"
    "                        all-or-nothing; re-importing the same file adds nothing\n"
    "  query [FILTER]        values matching options and/or an OPTIMADE filter\n"
    "  show ID|FORMULA       everything known about one material, by kind, with references\n"
    "  export                all values (or a query's) with full provenance as CSV or JSON\n"
    "  stats                 counts by kind, element, source, property or reject reason\n"
    "  check                 integrity: SQLite checks, foreign keys, schema version, references\n"
    "\n"
    "Common options:\n"
    "  --db PATH             genome file (default: $LMDS_DB, else <data>/genome.sqlite)\n"
    "  --json, --csv         output format (default: aligned table)\n"
    "  -h, --help            help for a command: lmds db COMMAND --help\n";

static const char *QUERY_USAGE =
    "Usage: lmds db query [options] [OPTIMADE-FILTER]\n"
    "       lmds db export [options] [OPTIMADE-FILTER]   (all columns; CSV by default, --json, -o FILE)\n"
    "Options (combined with AND):\n"
    "  --elements Ga,In      materials containing all of these elements (--any: any of them)\n"
    "  --system Ga-In        exactly this chemical system\n"
    "  --formula F           this composition (compared by reduced formula: Ga0.75In0.25 = Ga3In)\n"
    "  --property P          tc, lambda, omega_log, mu_star, Hc, Hc2, eutectic_T, ...\n"
    "  --tc-min K, --tc-max K  Tc range (implies --property tc); a bound counts when its whole interval\n"
    "                        lies in the range: '<1.5' is within --tc-max 2, '>8' within --tc-min 4\n"
    "  --form F              bulk, film, printed film, 2D, wire, nanodroplet, confined, amorphous\n"
    "  --pressure P|LO:HI    pressure in GPa (exact value or range)\n"
    "  --value-type T        measured, calculated, textbook, missing, not_reported\n"
    "  --dataset D           curated, stanev2018, tc_reference, thermo_experimental, ...\n"
    "  --filter F            OPTIMADE filter (same as the positional argument), e.g.\n"
    "                        'elements HAS ALL \"Ga\",\"In\" AND nelements=2', 'nelements<3',\n"
    "                        'chemical_formula_reduced=\"Ga3In\"', NOT/AND/OR and parentheses;\n"
    "                        lmds fields: _lmds_tc, _lmds_pressure, _lmds_form, _lmds_value_type,\n"
    "                        _lmds_dataset, _lmds_property, _lmds_chemical_system\n"
    "  --limit N             at most N rows\n"
    "  --json, --csv, --db PATH\n";

enum { OPT_DB = 1000, OPT_JSON, OPT_CSV, OPT_QUIET, OPT_DATA, OPT_REJECTS, OPT_KIND, OPT_DATASET, OPT_FORMULA,
       OPT_REFERENCE, OPT_KEEP, OPT_ELEMENTS, OPT_ANY, OPT_SYSTEM, OPT_PROPERTY, OPT_TCMIN, OPT_TCMAX, OPT_FORM,
       OPT_PRESSURE, OPT_VTYPE, OPT_FILTER, OPT_LIMIT, OPT_BY, OPT_OUT };

static const char *db_path(const char *opt) { return opt ? opt : lmds_genome_default_path(); }

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
                cJSON_AddItemToObject(o, r->cols[j], cli_json_number(strtod(c, NULL)));
            else cJSON_AddStringToObject(o, r->cols[j], c);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Print every column (CSV or table). */
static void rows_print(const lmds_genome_rows *r, cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) {
        cli_json_print(rows_json(r));
        return;
    }
    cli_table *t = cli_table_new(r->ncols, (const char *const *)r->cols);
    const char **cells = calloc((size_t)r->ncols, sizeof *cells);
    for (size_t i = 0; i < r->nrows && cells; i++) {
        for (int j = 0; j < r->ncols; j++) {
            const char *c = r->cells[i * (size_t)r->ncols + (size_t)j];
            cells[j] = c ? c : "";
        }
        cli_table_add(t, cells);
    }
    free(cells);
    cli_table_print(t, stdout, fmt);
    cli_table_free(t);
}

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

static void print_values_table(const lmds_genome_rows *r)
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
    cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
}

static const struct option QUERY_OPTS[] = {
    {"db", required_argument, 0, OPT_DB},           {"json", no_argument, 0, OPT_JSON},
    {"csv", no_argument, 0, OPT_CSV},               {"elements", required_argument, 0, OPT_ELEMENTS},
    {"any", no_argument, 0, OPT_ANY},               {"system", required_argument, 0, OPT_SYSTEM},
    {"formula", required_argument, 0, OPT_FORMULA}, {"property", required_argument, 0, OPT_PROPERTY},
    {"tc-min", required_argument, 0, OPT_TCMIN},    {"tc-max", required_argument, 0, OPT_TCMAX},
    {"form", required_argument, 0, OPT_FORM},       {"pressure", required_argument, 0, OPT_PRESSURE},
    {"value-type", required_argument, 0, OPT_VTYPE}, {"dataset", required_argument, 0, OPT_DATASET},
    {"filter", required_argument, 0, OPT_FILTER},   {"limit", required_argument, 0, OPT_LIMIT},
    {"output", required_argument, 0, 'o'},          {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};

static int cmd_query(int argc, char **argv, int export)
{
    const char *cmd = export ? "db export" : "db query", *db = NULL, *out = NULL;
    cli_format fmt = export ? CLI_FMT_CSV : CLI_FMT_TABLE;
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    int c, rc;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", QUERY_OPTS, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(QUERY_USAGE, stdout); return CLI_OK;
        case OPT_DB: db = optarg; break;
        case OPT_JSON: fmt = CLI_FMT_JSON; break;
        case OPT_CSV: fmt = CLI_FMT_CSV; break;
        case OPT_ELEMENTS: f.elements = optarg; break;
        case OPT_ANY: f.any = 1; break;
        case OPT_SYSTEM: f.system = optarg; break;
        case OPT_FORMULA: f.formula = optarg; break;
        case OPT_PROPERTY: f.property = optarg; break;
        case OPT_TCMIN:
            if ((rc = cli_parse_double(cmd, "--tc-min", optarg, &f.tc_min)) != CLI_OK) return rc;
            break;
        case OPT_TCMAX:
            if ((rc = cli_parse_double(cmd, "--tc-max", optarg, &f.tc_max)) != CLI_OK) return rc;
            break;
        case OPT_FORM: f.form = optarg; break;
        case OPT_PRESSURE: {
            char lo[64];
            const char *colon = strchr(optarg, ':');
            if (colon) {
                snprintf(lo, sizeof lo, "%.*s", (int)(colon - optarg), optarg);
                if ((rc = cli_parse_double(cmd, "--pressure", lo, &f.p_min)) != CLI_OK) return rc;
                if ((rc = cli_parse_double(cmd, "--pressure", colon + 1, &f.p_max)) != CLI_OK) return rc;
            } else {
                double p;
                if ((rc = cli_parse_double(cmd, "--pressure", optarg, &p)) != CLI_OK) return rc;
                /* Exact value: the sources give at most ~4 significant digits. */
                f.p_min = p - 1e-6;
                f.p_max = p + 1e-6;
            }
            break;
        }
        case OPT_VTYPE: f.value_type = optarg; break;
        case OPT_DATASET: f.dataset = optarg; break;
        case OPT_FILTER: f.optimade = optarg; break;
        case OPT_LIMIT: {
            long n;
            if ((rc = cli_parse_int(cmd, "--limit", optarg, &n)) != CLI_OK) return rc;
            if (n < 0) return cli_usage(cmd, "--limit must be >= 0");
            f.limit = n;
            break;
        }
        case 'o': out = optarg; break;
        default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        if (f.optimade || optind + 1 < argc) return cli_usage(cmd, "one filter only (quote it)");
        f.optimade = argv[optind];
    }
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_path(db), 1, &g);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_genome_rows *r = NULL;
    st = lmds_genome_query(g, &f, &r);
    lmds_genome_close(g);
    if (st != LMDS_OK) return cli_fail(st);
    FILE *saved = NULL;
    if (out) {
        fflush(stdout);
        saved = stdout;
        if (!freopen(out, "w", stdout)) {
            lmds_genome_rows_free(r);
            lmds_error(LMDS_EIO, "cannot write %s", out);
            return cli_fail(LMDS_EIO);
        }
    }
    if (fmt == CLI_FMT_TABLE) {
        print_values_table(r);
        fprintf(stderr, "%zu value(s)\n", r->nrows);
    } else
        rows_print(r, fmt);
    if (saved) fflush(stdout);
    lmds_genome_rows_free(r);
    return CLI_OK;
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

static int cmd_show(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB}, {"json", no_argument, 0, OPT_JSON},
                                         {"csv", no_argument, 0, OPT_CSV},     {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db = NULL;
    cli_format fmt = CLI_FMT_TABLE;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs("Usage: lmds db show ID|FORMULA|ALIAS [--json|--csv] [--db PATH]\n"
                  "Everything known about one material, grouped by the five kinds (composition, structure,\n"
                  "ground_state, interaction, macroscopic), each value with its conditions and reference.\n"
                  "A material known only by its chemical system: lmds db show system:Ag-Ga\n", stdout);
            return CLI_OK;
        case OPT_DB: db = optarg; break;
        case OPT_JSON: fmt = CLI_FMT_JSON; break;
        case OPT_CSV: fmt = CLI_FMT_CSV; break;
        default: return cli_usage("db show", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1) return cli_usage("db show", "expected one material id or formula");
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_path(db), 1, &g);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_genome_rows *m = NULL, *v = NULL, *rk = NULL;
    st = lmds_genome_show(g, argv[optind], &m, &v);
    if (st == LMDS_OK && (st = lmds_genome_interactions(g, argv[optind], &rk)) != LMDS_OK) {
        lmds_genome_rows_free(m);
        lmds_genome_rows_free(v);
    }
    lmds_genome_close(g);
    if (st != LMDS_OK) return cli_fail(st);
    if (fmt == CLI_FMT_JSON) {
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
            cJSON_DeleteItemFromObject(it, "k");
            cJSON_AddItemToArray(arr, cJSON_DetachItemViaPointer(all, it));
            it = nextit;
        }
        cJSON_Delete(all);
        cJSON_AddItemToObject(mat, "data", kinds);
        cJSON_AddItemToObject(mat, "interaction_parameters", rows_json(rk));
        cli_json_print(mat);
    } else if (fmt == CLI_FMT_CSV) {
        rows_print(v, CLI_FMT_CSV);
    } else {
        const char *f = lmds_genome_rows_get(m, 0, "formula");
        printf("material %s: %s (system %s, %s elements)\n", lmds_genome_rows_get(m, 0, "id"),
               f ? f : "(no exact composition)", lmds_genome_rows_get(m, 0, "system"),
               lmds_genome_rows_get(m, 0, "nelements"));
        const char *al = lmds_genome_rows_get(m, 0, "aliases");
        if (al) printf("written in the sources as: %s%s\n", al,
                       atoi(lmds_genome_rows_get(m, 0, "naliases")) > 20 ? " | ..." : "");
        const char *cur = "";
        static const char *h[] = {"id", "property", "value", "unit", "structure/sample", "conditions", "type",
                                  "reference"};
        cli_table *t = NULL;
        for (size_t i = 0; i <= v->nrows; i++) {
            const char *k = i < v->nrows ? lmds_genome_rows_get(v, i, "kind") : "";
            if (strcmp(k, cur) != 0) {
                if (t) {
                    cli_table_print(t, stdout, CLI_FMT_TABLE);
                    cli_table_free(t);
                    t = NULL;
                }
                if (i == v->nrows) break;
                printf("\n== %s ==\n", k);
                cur = k;
                t = cli_table_new(8, h);
            }
            char val[64], cond[160], st2[48], ref[64];
            render_value(v, i, val, sizeof val);
            const char *form = lmds_genome_rows_get(v, i, "form"), *p = lmds_genome_rows_get(v, i, "pressure_GPa"),
                       *crit = lmds_genome_rows_get(v, i, "criterion"), *meth = lmds_genome_rows_get(v, i, "method"),
                       *state = lmds_genome_rows_get(v, i, "state"), *conf = lmds_genome_rows_get(v, i, "confinement");
            int is_st = strcmp(k, "structure") == 0;
            snprintf(cond, sizeof cond, "%s%s%s%s%s%s%s%s%s%s%s%s", form ? form : "", p ? " " : "", p ? p : "",
                     p ? " GPa" : "", crit ? " " : "", crit ? crit : "", meth ? " " : "", meth ? meth : "",
                     (is_st && state) ? state : "", (is_st && conf) ? ", confined in " : "",
                     (is_st && conf) ? conf : "",
                     (is_st && lmds_genome_rows_get(v, i, "notes") && *lmds_genome_rows_get(v, i, "notes")) ? ", " : "");
            if (is_st && lmds_genome_rows_get(v, i, "notes"))
                strncat(cond, lmds_genome_rows_get(v, i, "notes"), sizeof cond - strlen(cond) - 1);
            shorten(lmds_genome_rows_get(v, i, "structure"), st2, sizeof st2);
            shorten(lmds_genome_rows_get(v, i, "reference"), ref, sizeof ref);
            const char *unit = lmds_genome_rows_get(v, i, "unit"), *type = lmds_genome_rows_get(v, i, "value_type"),
                       *id = lmds_genome_rows_get(v, i, "id");
            const char *cells[8] = {id ? id : "", lmds_genome_rows_get(v, i, "property"),
                                    strcmp(k, "structure") == 0 ? "" : val, unit ? unit : "", st2, cond,
                                    type ? type : "", ref};
            cli_table_add(t, cells);
        }
        if (rk->nrows > 0) print_rk_table(rk);
    }
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(v);
    lmds_genome_rows_free(rk);
    return CLI_OK;
}

static int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, OPT_DB},         {"kind", required_argument, 0, OPT_KIND},
        {"dataset", required_argument, 0, OPT_DATASET}, {"formula", required_argument, 0, OPT_FORMULA},
        {"reference", required_argument, 0, OPT_REFERENCE}, {"keep-rejects", no_argument, 0, OPT_KEEP},
        {"json", no_argument, 0, OPT_JSON},           {"quiet", no_argument, 0, OPT_QUIET},
        {"help", no_argument, 0, 'h'},                {0, 0, 0, 0}};
    const char *db = NULL, *kind = NULL;
    int c, quiet = 0, json = 0;
    lmds_genome_import_opts o = {0};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs("Usage: lmds db import FILE --kind superconductors|thermo|spectra|elements|ground_state [options]\n"
                  "Import a CSV or JSON file (array of objects with the CSV column names) in one transaction:\n"
                  "a bad row fails the whole import with its file:line and nothing is written. Importing the\n"
                  "same file again adds nothing (file SHA-256 and natural keys).\n"
                  "  --dataset NAME     dataset name (default: the file name)\n"
                  "  --formula F        spectra: the material (default: file name up to '_')\n"
                  "  --reference TEXT   spectra/elements: the reference when the file has none\n"
                  "  --keep-rejects     skip unreadable rows, recording them (line, reason) in the genome\n"
                  "  --json, --quiet, --db PATH\n"
                  "Formats (by header): curated material,composition,form,pressure_GPa,Tc_K,other_props,\n"
                  "reference,source_url,value_type,notes; SuperCon name,Tc; interaction material,lambda,\n"
                  "omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source; thermo system,\n"
                  "composition_at,composition_wt,quantity,value_C,reference; spectra: Elk ALPHA2F.OUT or\n"
                  "'omega a2F' columns with the unit in a # comment (meV, THz, cm-1, Ha).\n", stdout);
            return CLI_OK;
        case OPT_DB: db = optarg; break;
        case OPT_KIND: kind = optarg; break;
        case OPT_DATASET: o.dataset = optarg; break;
        case OPT_FORMULA: o.formula = optarg; break;
        case OPT_REFERENCE: o.reference = optarg; break;
        case OPT_KEEP: o.keep_rejects = 1; break;
        case OPT_JSON: json = 1; break;
        case 'q':
        case OPT_QUIET: quiet = 1; break;
        default: return cli_usage("db import", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1) return cli_usage("db import", "expected one FILE");
    if (!kind) return cli_usage("db import", "--kind is required (superconductors, thermo, spectra, elements, ground_state)");
    lmds_genome_kind k;
    if (lmds_genome_kind_parse(kind, &k) != LMDS_OK) return cli_usage("db import", "%s", lmds_errmsg());
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_path(db), 0, &g);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_genome_import_report rep;
    st = lmds_genome_import(g, argv[optind], k, &o, &rep);
    lmds_genome_close(g);
    if (st != LMDS_OK) {
        fprintf(stderr, "lmds db import: nothing was written\n");
        return cli_fail(st);
    }
    cli_flush_warnings();
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "file", argv[optind]);
        cJSON_AddStringToObject(j, "dataset", rep.dataset);
        cJSON_AddStringToObject(j, "sha256", rep.sha256);
        cJSON_AddBoolToObject(j, "already_imported", rep.already);
        cJSON_AddNumberToObject(j, "rows", (double)rep.rows);
        cJSON_AddNumberToObject(j, "inserted", (double)rep.inserted);
        cJSON_AddNumberToObject(j, "duplicates", (double)rep.duplicates);
        cJSON_AddNumberToObject(j, "rejected", (double)rep.rejected);
        cli_json_print(j);
    } else if (!quiet) {
        if (rep.already)
            printf("%s: already imported (sha256 %.12s...), nothing added\n", argv[optind], rep.sha256);
        else
            printf("%s: %zu rows, %zu values inserted, %zu already present, %zu rejected (dataset %s)\n",
                   argv[optind], rep.rows, rep.inserted, rep.duplicates, rep.rejected, rep.dataset);
    }
    return CLI_OK;
}

static int write_rejects(const char *db, const char *path)
{
    lmds_genome *g = NULL;
    lmds_genome_rows *r = NULL;
    lmds_status st = lmds_genome_open(db, 1, &g);
    if (st == LMDS_OK) st = lmds_genome_stats(g, "rejects", &r);
    lmds_genome_close(g);
    if (st != LMDS_OK) return cli_fail(st);
    FILE *f = fopen(path, "w");
    if (!f) {
        lmds_genome_rows_free(r);
        lmds_error(LMDS_EIO, "cannot write %s", path);
        return cli_fail(LMDS_EIO);
    }
    cli_table *t = cli_table_new(r->ncols, (const char *const *)r->cols);
    for (size_t i = 0; i < r->nrows; i++) cli_table_add(t, (const char *const *)(r->cells + i * (size_t)r->ncols));
    cli_table_print(t, f, CLI_FMT_CSV);
    cli_table_free(t);
    fclose(f);
    lmds_genome_rows_free(r);
    return CLI_OK;
}

static int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},   {"data", required_argument, 0, OPT_DATA},
                                         {"quiet", no_argument, 0, OPT_QUIET},   {"rejects", required_argument, 0, OPT_REJECTS},
                                         {"json", no_argument, 0, OPT_JSON},     {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db = NULL, *data = NULL, *rejects = NULL;
    int c, quiet = 0, json = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs("Usage: lmds db build [--db PATH] [--data DIR] [--rejects FILE] [--quiet|--json]\n"
                  "Build the genome from the text sources: data/genome/lmds_superconductors.csv (curated),\n"
                  "tc_reference.csv (interaction parameters), supercon_stanev2018.csv (SuperCon list; rows whose\n"
                  "formula does not parse are kept as rejects with reasons), thermo_*.csv (phase-diagram points),\n"
                  "the element table, data/spectra/*ALPHA2F.OUT and the Redlich-Kister parameters of\n"
                  "data/tdb/lmds.tdb (a missing TDB is a warning). The file is replaced atomically.\n"
                  "  --rejects FILE   also write the rejected rows (file, line, reason) as CSV\n", stdout);
            return CLI_OK;
        case OPT_DB: db = optarg; break;
        case OPT_DATA: data = optarg; break;
        case OPT_REJECTS: rejects = optarg; break;
        case 'q':
        case OPT_QUIET: quiet = 1; break;
        case OPT_JSON: json = 1; break;
        default: return cli_usage("db build", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc) return cli_usage("db build", "unexpected argument '%s'", argv[optind]);
    const char *path = db_path(db);
    lmds_genome_rows *sum = NULL;
    /* The Redlich-Kister parameters of the default thermodynamic database, read by the thermo module and stored
     * by the genome (which does not depend on thermo). A missing or unreadable TDB is a warning, not a failure. */
    char tdb_path[4096];
    snprintf(tdb_path, sizeof tdb_path, "%s/tdb/lmds.tdb", data ? data : lmds_data_dir());
    lmds_genome_interaction *rk = NULL;
    size_t nrk = 0;
    int have_tdb = 0;
    lmds_tdb *tdb = NULL;
    if (lmds_tdb_load(tdb_path, &tdb) != LMDS_OK) {
        fprintf(stderr, "lmds: warning: db build: %s; the genome gets no interaction parameters\n", lmds_errmsg());
    } else {
        int n = lmds_tdb_interaction_count(tdb);
        rk = calloc(n > 0 ? (size_t)n : 1, sizeof *rk);
        if (!rk) {
            lmds_tdb_free(tdb);
            return cli_fail(lmds_error(LMDS_ENOMEM, "out of memory"));
        }
        for (int i = 0; i < n; i++) {
            lmds_tdb_interaction ti;
            if (lmds_tdb_interaction_get(tdb, i, &ti) != LMDS_OK) {
                char msg[512];
                snprintf(msg, sizeof msg, "%s", lmds_errmsg());
                lmds_status e = lmds_error(LMDS_EPARSE, "%s: interaction %d: %s", tdb_path, i, msg);
                lmds_tdb_free(tdb);
                free(rk);
                return cli_fail(e);
            }
            lmds_genome_interaction *r = &rk[nrk++];
            snprintf(r->phase, sizeof r->phase, "%s", ti.phase);
            snprintf(r->constituents, sizeof r->constituents, "%s", ti.constituents);
            snprintf(r->expression, sizeof r->expression, "%s", ti.expression);
            snprintf(r->ref, sizeof r->ref, "%s", ti.ref);
            r->order = ti.order;
            r->a = ti.a;
            r->b = ti.b;
            r->linear = ti.linear;
            r->T_lo = ti.T_lo;
            r->T_hi = ti.T_hi;
            r->line = ti.line;
        }
        lmds_tdb_free(tdb);
        have_tdb = 1;
    }
    lmds_status st = lmds_genome_build_tdb(path, data, have_tdb ? tdb_path : NULL, rk, nrk, &sum);
    free(rk);
    if (st != LMDS_OK) return cli_fail(st);
    if (!quiet) cli_flush_warnings();
    else lmds_warnings_clear();
    if (json) rows_print(sum, CLI_FMT_JSON);
    else if (!quiet) {
        rows_print(sum, CLI_FMT_TABLE);
        printf("built %s\n", path);
    }
    lmds_genome_rows_free(sum);
    if (rejects) return write_rejects(path, rejects);
    return CLI_OK;
}

static int simple_opts(int argc, char **argv, const char *cmd, const char *help, const char **db, cli_format *fmt,
                       const char **by)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB}, {"json", no_argument, 0, OPT_JSON},
                                         {"csv", no_argument, 0, OPT_CSV},     {"by", required_argument, 0, OPT_BY},
                                         {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return -1;
        case OPT_DB: *db = optarg; break;
        case OPT_JSON: *fmt = CLI_FMT_JSON; break;
        case OPT_CSV: *fmt = CLI_FMT_CSV; break;
        case OPT_BY:
            if (!by) return cli_usage(cmd, "unknown option '--by'");
            *by = optarg;
            break;
        default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc) return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

static int cmd_stats(int argc, char **argv)
{
    const char *db = NULL, *by = NULL;
    cli_format fmt = CLI_FMT_TABLE;
    int rc = simple_opts(argc, argv, "db stats",
                         "Usage: lmds db stats [--by kind|element|source|property|reject|rejects] [--json|--csv]\n"
                         "Counts by kind (default), by element, by source file, by property, or the reasons of\n"
                         "rejected rows (reject: counts; rejects: every row).\n",
                         &db, &fmt, &by);
    if (rc < 0) return CLI_OK;
    if (rc != CLI_OK) return rc;
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_path(db), 1, &g);
    if (st != LMDS_OK) return cli_fail(st);
    if (!by && fmt == CLI_FMT_TABLE) {
        static const char *all[] = {"kind", "source", "reject"};
        for (int i = 0; i < 3 && st == LMDS_OK; i++) {
            lmds_genome_rows *r = NULL;
            if ((st = lmds_genome_stats(g, all[i], &r)) != LMDS_OK) break;
            printf("%s== by %s ==\n", i ? "\n" : "", all[i]);
            rows_print(r, fmt);
            lmds_genome_rows_free(r);
        }
    } else {
        lmds_genome_rows *r = NULL;
        if ((st = lmds_genome_stats(g, by ? by : "kind", &r)) == LMDS_OK) rows_print(r, fmt);
        lmds_genome_rows_free(r);
    }
    lmds_genome_close(g);
    if (st == LMDS_EINVAL) return cli_usage("db stats", "%s", lmds_errmsg());
    return st == LMDS_OK ? CLI_OK : cli_fail(st);
}

static int cmd_check(int argc, char **argv)
{
    const char *db = NULL;
    cli_format fmt = CLI_FMT_TABLE;
    int rc = simple_opts(argc, argv, "db check",
                         "Usage: lmds db check [--db PATH] [--json]\n"
                         "SQLite integrity_check and foreign_key_check, schema version and migrations, every value\n"
                         "with a reference and a source, every material with its elements, Tc bounds consistent.\n"
                         "An older genome is migrated first. Exit 0 when clean, 1 otherwise.\n",
                         &db, &fmt, NULL);
    if (rc < 0) return CLI_OK;
    if (rc != CLI_OK) return rc;
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(db_path(db), 0, &g);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_genome_rows *p = NULL;
    st = lmds_genome_check(g, &p);
    char path[4096];
    snprintf(path, sizeof path, "%s", lmds_genome_path(g));
    int version = lmds_genome_schema_version(g);
    lmds_genome_close(g);
    if (fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "path", path);
        cJSON_AddNumberToObject(j, "schema_version", version);
        cJSON_AddBoolToObject(j, "ok", st == LMDS_OK);
        cJSON_AddItemToObject(j, "problems", rows_json(p));
        cli_json_print(j);
    } else if (st == LMDS_OK)
        printf("%s: ok (schema version %d)\n", path, version);
    else
        rows_print(p, fmt);
    lmds_genome_rows_free(p);
    return st == LMDS_OK ? CLI_OK : cli_fail(st);
}

static int cmd_path(int argc, char **argv)
{
    const char *db = NULL;
    cli_format fmt = CLI_FMT_TABLE;
    int rc = simple_opts(argc, argv, "db path",
                         "Usage: lmds db path [--db PATH]\nPrint the genome file in use: --db, else $LMDS_DB, else "
                         "<data>/genome.sqlite.\n",
                         &db, &fmt, NULL);
    if (rc < 0) return CLI_OK;
    if (rc != CLI_OK) return rc;
    const char *p = db_path(db);
    printf("%s\n", p);
    FILE *f = fopen(p, "rb");
    if (!f) fprintf(stderr, "lmds: note: %s does not exist yet (lmds db build creates it)\n", p);
    else fclose(f);
    return CLI_OK;
}

int cli_cmd_db(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(DB_USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    int sargc = argc - 1;
    char **sargv = argv + 1;
    if (strcmp(sub, "build") == 0) return cmd_build(sargc, sargv);
    if (strcmp(sub, "path") == 0) return cmd_path(sargc, sargv);
    if (strcmp(sub, "import") == 0) return cmd_import(sargc, sargv);
    if (strcmp(sub, "query") == 0) return cmd_query(sargc, sargv, 0);
    if (strcmp(sub, "export") == 0) return cmd_query(sargc, sargv, 1);
    if (strcmp(sub, "show") == 0) return cmd_show(sargc, sargv);
    if (strcmp(sub, "stats") == 0) return cmd_stats(sargc, sargv);
    if (strcmp(sub, "check") == 0) return cmd_check(sargc, sargv);
    return cli_usage("db", "unknown command '%s' (build, path, import, query, show, export, stats, check)", sub);
}
