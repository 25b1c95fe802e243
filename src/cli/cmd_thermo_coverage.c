/* lmds thermo coverage: which binaries (and ternaries) of a database's elements have a liquid description, of what
 * kind and from which reference (data/tdb/coverage.csv for the default database; the database's own reference codes
 * always). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt COVERAGE_OPTS[] = {
    {"elements", 'e', CLI_ELEMENTS, "A,B,...", 2, CLI_MAX_LIST, 0, NULL,
     "the elements (default: every element of the database)", NULL},
    {"ternaries", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "list the ternary systems instead of the binaries", NULL},
    {"matrix", 0, CLI_FLAG, NULL, 0, 0, 0, NULL,
     "the binaries as an element x element matrix of one-letter kinds (legend printed below it)", NULL},
    {"coverage", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL,
     "the table of kinds and references (default data/tdb/coverage.csv with the default database, none with --tdb)",
     NULL},
    {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database (default data/tdb/lmds.tdb)", NULL},
    CLI_OPTS_FORMAT,
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};

static const cli_cmd COVERAGE = {
    "thermo coverage", "[options]",
    "For every pair of the elements (--ternaries: every triple): whether the database has liquid interaction\n"
    "parameters for it (in_tdb), their reference codes, and the kind of source: published / transcribed / lmds\n"
    "assessment from data / estimate only / not covered, as data/tdb/coverage.csv records it for the default\n"
    "database (\"in database\" or \"missing\" where the table is not used or the database contradicts it). A ternary\n"
    "is an \"assessed ternary term\", \"binaries only (Muggianu)\" (extrapolated from its three binaries, whose kinds\n"
    "are listed) or has \"missing binaries\".",
    COVERAGE_OPTS, NULL, 0, 0, "ternaries matrix;matrix json;matrix csv"};

/* One letter per kind for the matrix. */
static char kind_letter(const char *kind)
{
    static const struct { const char *kind; char c; } K[] = {
        {"published", 'P'}, {"transcribed", 'T'}, {"lmds assessment from data", 'A'}, {"estimate only", 'E'},
        {"in database", 'D'}, {"not covered", '-'}, {"missing", '-'}};
    for (size_t i = 0; i < sizeof K / sizeof *K; i++)
        if (!strcmp(kind, K[i].kind)) return K[i].c;
    return '?';
}

/* The matrix of the binaries: rows and columns are the elements (alphabetical). */
static int coverage_matrix(const lmds_tdb_coverage *e, int n)
{
    int z[CLI_MAX_LIST * 2], nz = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < 2; i++) {
            int have = 0;
            for (int m = 0; m < nz; m++) have |= z[m] == e[k].z[i];
            if (!have && nz < (int)(sizeof z / sizeof *z)) z[nz++] = e[k].z[i];
        }
    for (int i = 1; i < nz; i++) /* the pairs come in alphabetical order: keep it */
        for (int j = i; j > 0 && strcmp(lmds_element_symbol(z[j - 1]), lmds_element_symbol(z[j])) > 0; j--) {
            int x = z[j];
            z[j] = z[j - 1];
            z[j - 1] = x;
        }
    printf("    ");
    for (int j = 0; j < nz; j++) printf("%-3s", lmds_element_symbol(z[j]));
    putchar('\n');
    for (int i = 0; i < nz; i++) {
        printf("%-4s", lmds_element_symbol(z[i]));
        for (int j = 0; j < nz; j++) {
            char c = i == j ? '.' : ' ';
            for (int k = 0; k < n && i != j; k++)
                if ((e[k].z[0] == z[i] && e[k].z[1] == z[j]) || (e[k].z[0] == z[j] && e[k].z[1] == z[i]))
                    c = kind_letter(e[k].kind);
            printf("%c  ", c);
        }
        putchar('\n');
    }
    printf("P published, T transcribed, A lmds assessment from data, E estimate only, D in the database (kind not "
           "recorded), - missing\n");
    return CLI_OK;
}

static int coverage_report(const cli_args *a, const lmds_tdb_coverage *e, int n)
{
    const char *hdr[] = {"system", "kind", "in_tdb", "tdb_refs", "reference", "file"};
    int ncol = cli_has(a, "ternaries") ? 5 : 6;
    cli_table *t = cli_table_new(ncol, hdr);
    int counts[3] = {0, 0, 0}; /* in the database, missing, of which listed as estimates */
    for (int k = 0; k < n; k++) {
        const char *row[] = {e[k].system, e[k].kind, e[k].in_tdb ? "yes" : "no", e[k].tdb_refs, e[k].reference,
                             e[k].file};
        cli_table_add(t, row);
        counts[e[k].in_tdb ? 0 : 1]++;
        counts[2] += !strcmp(e[k].kind, "estimate only");
    }
    cli_format fmt = cli_args_format(a);
    int rc = fmt == CLI_FMT_JSON ? cli_json_print(cli_table_json(t)) : cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) {
        if (cli_has(a, "ternaries"))
            printf("%d ternaries: %d with a ternary liquid term, %d without\n", n, counts[0], counts[1]);
        else
            printf("%d binaries: %d with liquid parameters (%d of them estimates only), %d missing\n", n, counts[0],
                   counts[2], counts[1]);
    }
    return rc;
}

static int run_coverage(const cli_args *a)
{
    int z[CLI_MAX_LIST], n = cli_elements(a, "elements", z, CLI_MAX_LIST);
    char table[1024];
    const char *cov = cli_str(a, "coverage", NULL);
    if (!cov && !cli_has(a, "tdb")) {
        lmds_status st = lmds_data_path("tdb/coverage.csv", table, sizeof table);
        if (st) return cli_fail(st);
        cov = table;
    }
    if (cli_has(a, "coverage")) cli_input_declare(cov);
    lmds_tdb *db;
    int r = cli_thermo_load(a, &db);
    if (r) return r;
    lmds_tdb_coverage *e = NULL;
    int ne = 0;
    lmds_status st = lmds_tdb_coverage_list(db, cov, n, z, cli_has(a, "ternaries") ? 3 : 2, &e, &ne);
    lmds_tdb_free(db);
    if (st) return cli_fail(st);
    r = cli_has(a, "matrix") ? coverage_matrix(e, ne) : coverage_report(a, e, ne);
    free(e);
    return r;
}

int cli_thermo_coverage(int argc, char **argv);
int cli_thermo_coverage(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&COVERAGE, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    rc = run_coverage(a);
    cli_args_free(a);
    return rc;
}
