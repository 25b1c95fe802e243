/* lmds comp: parse and normalise compositions. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: lmds comp [--wt] [--normalize=yes|no] [--json|--csv] FORMULA...   (FORMULA - reads one per line from stdin)\n"
            "       lmds comp --names [--json|--csv]\n\n"
            "Parse compositions as chemists and the superconductor literature write them and print element mole\n"
            "fractions, weight fractions, molar mass, the reduced formula (OPTIMADE: elements alphabetical), the\n"
            "chemical system and the number of elements.\n\n"
            "Forms accepted:\n"
            "  Ga0.75In0.25  Ga3In  Mo8Ga41  (Bi0.5Pb0.5)0.9Sn0.1  [..] {..} nested groups  'CaBi 2'\n"
            "  by weight: --wt, or a trailing 'wt%%' (Bi32.5In51Sn16.5 wt%%), or the solder form Ga-24.5In\n"
            "  (numbers are wt%%, the element without a number is the balance); 'at%%' forces mole\n"
            "  named alloys: EGaIn, Galinstan, \"Field's metal\", ... (see --names)\n\n"
            "Options:\n"
            "  --wt              amounts are by weight\n"
            "  --normalize=no    refuse amounts that do not add up to 1 (or 100)\n"
            "  --names           list the named alloys with their compositions and sources\n"
            "  --json, --csv     machine-readable output\n");
}

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
                cJSON_AddStringToObject(o, "formula_reduced", buf);
            cJSON_AddStringToObject(o, "source", a->source);
            cJSON_AddItemToArray(arr, o);
        }
        cli_json_print(arr);
        return CLI_OK;
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
    cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    return CLI_OK;
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
    cJSON_AddStringToObject(o, "formula_reduced", formula);
    cJSON_AddStringToObject(o, "chemical_system", sys);
    cJSON *els = cJSON_AddArrayToObject(o, "elements");
    cJSON *xs = cJSON_CreateObject(), *ws = cJSON_CreateObject();
    for (int i = 0; i < c->n; i++) {
        const char *s = lmds_element_symbol(c->z[i]);
        cJSON_AddItemToArray(els, cJSON_CreateString(s));
        cJSON_AddNumberToObject(xs, s, c->x[i]);
        cJSON_AddNumberToObject(ws, s, w[i]);
    }
    cJSON_AddNumberToObject(o, "nelements", c->n);
    cJSON_AddItemToObject(o, "mole_fractions", xs);
    cJSON_AddItemToObject(o, "weight_fractions", ws);
    cJSON_AddNumberToObject(o, "molar_mass_g_mol", lmds_comp_molar_mass(c));
    return o;
}

static void comp_table(const char *input, const lmds_comp *c, cli_table *t)
{
    char formula[256], sys[256], mm[32];
    double w[LMDS_COMP_MAX];
    lmds_comp_formula(c, formula, sizeof formula);
    lmds_comp_system(c, sys, sizeof sys);
    lmds_comp_weight_fractions(c, w);
    snprintf(mm, sizeof mm, "%.4f", lmds_comp_molar_mass(c));
    for (int i = 0; i < c->n; i++) {
        char x[32], wf[32], n[8];
        snprintf(x, sizeof x, "%.6f", c->x[i]);
        snprintf(wf, sizeof wf, "%.6f", w[i]);
        snprintf(n, sizeof n, "%d", c->n);
        const char *row[] = {i ? "" : input, i ? "" : formula, i ? "" : sys, i ? "" : n, lmds_element_symbol(c->z[i]),
                             x, wf, i ? "" : mm};
        cli_table_add(t, row);
    }
}

static int print_comps(int n, char **inputs, const lmds_comp *cs, cli_format fmt);

/* "lmds comp -": one formula per line from standard input; a bad line is reported as <stdin>:LINE. */
static int comp_stdin(const lmds_comp_opts *o, cli_format fmt)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int n = 0, cap_items = 0, rc = CLI_OK;
    char **inputs = NULL;
    lmds_comp *cs = NULL;
    for (int lineno = 1; (len = getline(&line, &cap, stdin)) >= 0; lineno++) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0) continue;
        if (n == cap_items) {
            cap_items = cap_items ? 2 * cap_items : 64;
            inputs = realloc(inputs, (size_t)cap_items * sizeof *inputs);
            cs = realloc(cs, (size_t)cap_items * sizeof *cs);
        }
        lmds_status st = lmds_comp_parse(line, o, &cs[n]);
        if (st) {
            fprintf(stderr, "lmds: error: <stdin>:%d: %s\n", lineno, lmds_errmsg());
            rc = CLI_BAD_INPUT;
            break;
        }
        inputs[n++] = strdup(line);
    }
    free(line);
    if (rc == CLI_OK && n == 0) {
        fprintf(stderr, "lmds: error: no formulas on standard input\n");
        rc = CLI_BAD_INPUT;
    }
    if (rc == CLI_OK) rc = print_comps(n, inputs, cs, fmt);
    for (int i = 0; i < n; i++) free(inputs[i]);
    free(inputs);
    free(cs);
    return rc;
}

int cli_cmd_comp(int argc, char **argv)
{
    static const struct option opts[] = {{"wt", no_argument, 0, 'w'},        {"normalize", required_argument, 0, 'n'},
                                         {"names", no_argument, 0, 'N'},     {"json", no_argument, 0, 'j'},
                                         {"csv", no_argument, 0, 'c'},       {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    lmds_comp_opts o = {0};
    cli_format fmt = CLI_FMT_TABLE;
    int names = 0, ch;
    optind = 1;
    opterr = 0;
    /* '+' keeps getopt from treating formulas such as "-5" oddly: options come first. */
    while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (ch) {
        case 'w': o.by_weight = 1; break;
        case 'n':
            if (strcmp(optarg, "no") == 0) o.no_normalize = 1;
            else if (strcmp(optarg, "yes") == 0) o.no_normalize = 0;
            else return cli_usage("comp", "--normalize takes yes or no, not '%s'", optarg);
            break;
        case 'N': names = 1; break;
        case 'j': fmt = CLI_FMT_JSON; break;
        case 'c': fmt = CLI_FMT_CSV; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage("comp", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (names) return print_names(fmt);
    if (optind >= argc) return cli_usage("comp", "give at least one formula");
    if (argc - optind == 1 && strcmp(argv[optind], "-") == 0) return comp_stdin(&o, fmt);
    /* Parse everything first so that a bad formula prints nothing half-done. */
    int n = argc - optind;
    lmds_comp *cs = calloc((size_t)n, sizeof *cs);
    if (!cs) return cli_fail(lmds_error(LMDS_ENOMEM, "out of memory"));
    for (int i = 0; i < n; i++) {
        lmds_status st = lmds_comp_parse(argv[optind + i], &o, &cs[i]);
        if (st) {
            free(cs);
            if (n > 1) fprintf(stderr, "lmds: in argument %d\n", i + 1);
            return cli_fail(st);
        }
    }
    int rc = print_comps(n, argv + optind, cs, fmt);
    free(cs);
    return rc;
}

static int print_comps(int n, char **inputs, const lmds_comp *cs, cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) {
        cJSON *out = n == 1 ? comp_json(inputs[0], &cs[0]) : cJSON_CreateArray();
        for (int i = 0; n > 1 && i < n; i++) cJSON_AddItemToArray(out, comp_json(inputs[i], &cs[i]));
        cli_json_print(out);
    } else {
        const char *h[] = {"input", "formula_reduced", "chemical_system", "nelements", "element", "x (mole)", "w (weight)",
                           "molar_mass_g_mol"};
        cli_table *t = cli_table_new(8, h);
        for (int i = 0; i < n; i++) comp_table(inputs[i], &cs[i], t);
        cli_table_print(t, stdout, fmt);
        cli_table_free(t);
    }
    return CLI_OK;
}
