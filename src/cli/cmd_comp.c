/* lmds comp: parse and normalise compositions, one at a time (streamed: any number of inputs in bounded memory). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt COMP_OPTS[] = {
    {"wt", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "amounts are by weight", NULL},
    {"normalize", 0, CLI_ENUM, "yes|no", 0, 0, 0, "yes|no", "no: refuse amounts that do not add up to 1 (or 100)",
     NULL},
    {"names", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "list the named alloys with their compositions and sources", NULL},
    {"input", 'i', CLI_INPUT, "FILE", 0, 0, CLI_STDIO, NULL, "read formulas from FILE, one per line (# comments)",
     NULL},
    CLI_OPTS_FORMAT,
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};

static const cli_cmd COMP = {
    "comp", "[options] FORMULA... | -",
    "Parse compositions as chemists and the superconductor literature write them and print element mole\n"
    "fractions, weight fractions, molar mass, the reduced formula (OPTIMADE chemical_formula_reduced: elements\n"
    "alphabetical), the chemical system and the number of elements. '-' (or --input -) reads one formula per\n"
    "line from standard input, streamed: a bad line is reported as <stdin>:LINE and the others are still printed\n"
    "(exit 1 at the end).\n\n"
    "Forms accepted:\n"
    "  Ga0.75In0.25  Ga3In  Mo8Ga41  (Bi0.5Pb0.5)0.9Sn0.1  [..] {..} nested groups  'CaBi 2'\n"
    "  by weight: --wt, or a trailing 'wt%' (Bi32.5In51Sn16.5 wt%), or the solder form Ga-24.5In\n"
    "  (numbers are wt%, the element without a number is the balance); 'at%' says mole (and contradicts --wt)\n"
    "  named alloys: EGaIn, Galinstan, \"Field's metal\", ... (see --names)",
    COMP_OPTS, NULL, 0, -1, "names input"};

static int print_names(cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < lmds_comp_named_count(); i++) {
            const lmds_named_alloy *a = lmds_comp_named_get(i);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", a->name);
            cJSON_AddStringToObject(o, "aliases", a->aliases);
            cJSON_AddStringToObject(o, "composition", a->spec);
            lmds_comp c;
            char buf[128];
            if (lmds_comp_parse(a->spec, NULL, &c) == LMDS_OK && lmds_comp_formula(&c, buf, sizeof buf) == LMDS_OK)
                cJSON_AddStringToObject(o, "chemical_formula_reduced", buf);
            cJSON_AddStringToObject(o, "source", a->source);
            cJSON_AddItemToArray(arr, o);
        }
        return cli_json_print(arr);
    }
    const char *h[] = {"name", "composition", "mole fractions", "source"};
    cli_table *t = cli_table_new(4, h);
    for (int i = 0; i < lmds_comp_named_count(); i++) {
        const lmds_named_alloy *a = lmds_comp_named_get(i);
        lmds_comp c;
        char xs[256] = "";
        if (lmds_comp_parse(a->spec, NULL, &c) == LMDS_OK)
            for (int k = 0; k < c.n; k++) {
                size_t L = strlen(xs);
                snprintf(xs + L, sizeof xs - L, "%s%s %.4f", k ? ", " : "", lmds_element_symbol(c.z[k]), c.x[k]);
            }
        const char *row[] = {a->name, a->spec, xs, a->source};
        cli_table_add(t, row);
    }
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    return rc;
}

static cJSON *comp_json(const char *input, const lmds_comp *c)
{
    char formula[256], sys[256];
    double w[LMDS_COMP_MAX];
    lmds_comp_formula(c, formula, sizeof formula);
    lmds_comp_system(c, sys, sizeof sys);
    lmds_comp_weight_fractions(c, w);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "input", input);
    cJSON_AddStringToObject(o, "chemical_formula_reduced", formula);
    cJSON_AddStringToObject(o, "chemical_system", sys);
    cJSON *els = cJSON_AddArrayToObject(o, "elements");
    cJSON *ratios = cJSON_AddArrayToObject(o, "elements_ratios");
    cJSON *xs = cJSON_CreateObject(), *ws = cJSON_CreateObject();
    for (int i = 0; i < c->n; i++) {
        const char *s = lmds_element_symbol(c->z[i]);
        cJSON_AddItemToArray(els, cJSON_CreateString(s));
        cJSON_AddItemToArray(ratios, cJSON_CreateNumber(c->x[i]));
        cli_json_num(xs, s, c->x[i]);
        cli_json_num(ws, s, w[i]);
    }
    cJSON_AddNumberToObject(o, "nelements", c->n);
    cJSON_AddItemToObject(o, "mole_fractions", xs);
    cJSON_AddItemToObject(o, "weight_fractions", ws);
    cli_json_num(o, "molar_mass_g_mol", lmds_comp_molar_mass(c));
    return o;
}

static void comp_rows(const char *input, const lmds_comp *c, cli_table *t)
{
    char formula[256], sys[256], n[8];
    double w[LMDS_COMP_MAX];
    lmds_comp_formula(c, formula, sizeof formula);
    lmds_comp_system(c, sys, sizeof sys);
    lmds_comp_weight_fractions(c, w);
    snprintf(n, sizeof n, "%d", c->n);
    const char *mm = cli_num_s(lmds_comp_molar_mass(c), "%.4f", "molar mass");
    for (int i = 0; i < c->n; i++) {
        const char *row[] = {i ? "" : input, i ? "" : formula, i ? "" : sys, i ? "" : n,
                             lmds_element_symbol(c->z[i]), cli_num_s(c->x[i], "%.6f", "mole fraction"),
                             cli_num_s(w[i], "%.6f", "weight fraction"), i ? "" : mm};
        cli_table_add(t, row);
    }
}

/* A mole fraction this small is not an amount anybody can weigh: it comes from digits the parser could not hold
 * (e.g. "Ga(In)999999999999999999999") and would print as 0. */
static lmds_status check_amounts(const char *input, const lmds_comp *c)
{
    for (int i = 0; i < c->n; i++)
        if (!(c->x[i] >= 1e-9))
            return lmds_error(LMDS_EINVAL, "'%.60s': %s would be %.3g of the atoms, below 1e-9: not a usable amount",
                              input, lmds_element_symbol(c->z[i]), c->x[i]);
    return LMDS_OK;
}

/* Streamed: each input is parsed and printed in turn; the table/CSV is flushed every 1024 inputs. */
static int run(const cli_args *a)
{
    cli_format fmt = cli_args_format(a);
    cli_inputs *in = cli_inputs_open(a, cli_str(a, "input", NULL));
    if (!in) return CLI_BAD_INPUT;
    int wt = cli_has(a, "wt"), nonorm = cli_enum(a, "normalize", 0) == 1;
    const char *h[] = {"input", "chemical_formula_reduced", "chemical_system", "nelements", "element",
                       "x (mole)", "w (weight)", "molar_mass_g_mol"};
    cli_table *t = fmt == CLI_FMT_JSON ? NULL : cli_table_new(8, h);
    cli_json_stream js;
    if (!t) cli_json_stream_begin(&js, stdout);
    const char *text;
    char where[512];
    long n = 0;
    int r, rc = CLI_OK;
    while (rc == CLI_OK && (r = cli_inputs_next(in, &text, where, sizeof where)) != 0) {
        lmds_comp c;
        if (r < 0) {
            cli_inputs_bad(in, where, "line longer than 65536 bytes, skipped");
            continue;
        }
        if (cli_comp_parse(text, wt, nonorm, &c) != LMDS_OK || check_amounts(text, &c) != LMDS_OK) {
            cli_inputs_bad(in, where, lmds_errmsg());
            continue;
        }
        n++;
        if (t) comp_rows(text, &c, t);
        else rc = cli_json_stream_add(&js, comp_json(text, &c));
        if (t && n % 1024 == 0) rc = cli_table_flush(t, stdout, fmt);
    }
    if (t && rc == CLI_OK) rc = cli_table_flush(t, stdout, fmt);
    if (!t) cli_json_stream_end(&js);
    cli_table_free(t);
    int bad = cli_inputs_nbad(in);
    if (cli_inputs_close(in) != CLI_OK) rc = CLI_BAD_INPUT;
    if (n == 0 && !bad && rc == CLI_OK) {
        fprintf(stderr, "lmds: error: no formulas in the input\n");
        return CLI_BAD_INPUT;
    }
    return bad ? CLI_BAD_INPUT : rc;
}

int cli_cmd_comp(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&COMP, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    if (cli_has(a, "names")) {
        rc = cli_argc(a) ? cli_usage("comp", "--names takes no formulas") : print_names(cli_args_format(a));
    } else if (cli_argc(a) == 0 && !cli_has(a, "input")) {
        rc = cli_usage("comp", "give at least one formula, '-' or --input FILE");
    } else {
        rc = run(a);
    }
    cli_args_free(a);
    return rc;
}
