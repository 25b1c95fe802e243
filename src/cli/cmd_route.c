/* lmds route: which polymorph or form a route makes of an element, and its Tc, from the sourced route data
 * (data/routes). Parse, run, report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}
#define DEFAULT_ROUTES "bulk droplet:1mm droplet:15um confined:8nm amorphous"

static const cli_opt ROUTE_OPTS[] = {
    {"route", 'r', CLI_STRING, "R", 0, 0, CLI_REPEAT, NULL,
     "a route (repeatable): bulk, droplet:SIZE, film:SIZE, wire:SIZE, confined:SIZE|MEDIUM, 2d:SUBSTRATE, "
     "amorphous (default " DEFAULT_ROUTES ")", NULL},
    {"store-at", 0, CLI_DOUBLE, "K", 0, 6000, CLI_GT_LO, NULL, "storage temperature (default 298)", NULL},
    CLI_OPTS_FORMAT,
    END};

static const cli_cmd ROUTE = {
    "route", "[options] ELEMENT",
    "The form a route makes of ELEMENT (polymorph, film, amorphous solid, 2D layer) and the Tc of that form,\n"
    "from data/routes: polymorph_selection.csv (route and size -> polymorph, with a confidence), polymorphs.csv\n"
    "(each polymorph its own Tc, never averaged), film_tc.csv, amorphous.csv, undercooling.csv, percolation.csv\n"
    "and the genome's measured 2D and confined rows. Where no source says which polymorph a size gives, the\n"
    "answer is 'polymorph unknown' with the bracketing sizes and the Tc range of the forms on either side.\n"
    "Each form is a row: Tc, its basis (lookup of a stored row, interpolated, model), the selection\n"
    "confidence, verification label and reference.",
    ROUTE_OPTS, NULL, 1, 1, NULL};

static const char *const HEAD[] = {"route", "form", "Tc_K", "err_K", "basis", "known", "confidence",
                                   "verification", "selection", "undercooling", "note", "reference"};
#define NHEAD (int)(sizeof HEAD / sizeof HEAD[0])

static void add_rows(cli_table *t, const lmds_route_answer *a)
{
    char spell[64];
    lmds_route_spell(&a->route, spell, sizeof spell);
    for (int i = 0; i < a->nforms; i++) {
        const lmds_route_form *f = &a->forms[i];
        const char *row[NHEAD] = {spell, f->name, cli_opt_s(f->tc_K, "%.3g"), cli_opt_s(f->tc_err_K, "%.2g"),
                                  lmds_route_basis_name(f->basis), a->known ? "yes" : "unknown", a->confidence,
                                  f->verification, a->selection, a->undercooling, a->note, f->reference};
        cli_table_add(t, row);
    }
}

/* The table for people: the long columns go below each route. */
static void print_text(const lmds_route_answer *a, int n)
{
    cli_table *t = cli_table_new(7, HEAD);
    for (int k = 0; k < n; k++) add_rows(t, &a[k]);
    cli_table_print(t, stdout, CLI_FMT_TABLE);
    cli_table_free(t);
    for (int k = 0; k < n; k++) {
        char spell[64];
        lmds_route_spell(&a[k].route, spell, sizeof spell);
        printf("\n%s: %s%s%s\n", spell, a[k].selection, a[k].selection_ref[0] ? "\n  selection: " : "",
               a[k].selection_ref);
        if (a[k].undercooling[0]) printf("  undercooling: %s\n", a[k].undercooling);
        if (a[k].note[0]) printf("  note: %s\n", a[k].note);
        for (int i = 0; i < a[k].nforms; i++) printf("  %s: %s\n", a[k].forms[i].name, a[k].forms[i].reference);
    }
}

static int route_run(const cli_args *a, const char *el, lmds_route_answer **out, int *n)
{
    const char *given[CLI_MAX_REPEAT], *defaults[] = {"bulk", "droplet:1mm", "droplet:15um", "confined:8nm",
                                                      "amorphous"};
    int ng = cli_repeat(a, "route", given, CLI_MAX_REPEAT);
    const char **names = ng ? given : defaults;
    int nr = ng ? ng : (int)(sizeof defaults / sizeof defaults[0]);
    double T = cli_num(a, "store-at", 298.0);
    lmds_route_model *m = NULL;
    lmds_status st = lmds_route_model_load(NULL, NULL, &m);
    if (st) return cli_fail(st);
    lmds_route_answer *ans = cli_xcalloc((size_t)nr, sizeof *ans);
    int rc = CLI_OK, k = 0;
    for (; k < nr && rc == CLI_OK; k++) {
        lmds_route r;
        if (lmds_route_read(names[k], &r) != LMDS_OK) rc = cli_usage("route", "--route: %s", lmds_errmsg());
        else if ((st = lmds_route_model_answer(m, el, &r, T, &ans[k])) != LMDS_OK) rc = cli_fail(st);
    }
    lmds_route_model_free(m);
    if (rc != CLI_OK) {
        free(ans);
        return rc;
    }
    *out = ans;
    *n = nr;
    return CLI_OK;
}

int cli_cmd_route(int argc, char **argv)
{
    cli_args *a;
    int rc, n = 0;
    if (cli_parse(&ROUTE, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    lmds_route_answer *ans = NULL;
    if ((rc = route_run(a, cli_arg(a, 0), &ans, &n)) == CLI_OK) {
        cli_format fmt = cli_args_format(a);
        if (fmt == CLI_FMT_TABLE) {
            print_text(ans, n);
            rc = cli_result_failed() ? CLI_BAD_INPUT : CLI_OK;
        } else {
            cli_table *t = cli_table_new(NHEAD, HEAD);
            for (int k = 0; k < n; k++) add_rows(t, &ans[k]);
            rc = cli_table_output(t, stdout, fmt);
            cli_table_free(t);
        }
    }
    free(ans);
    cli_args_free(a);
    return rc;
}
