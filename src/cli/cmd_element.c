/* lmds element: the element data every model needs, with the source of each value. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "Usage: lmds element [--json|--csv] SYMBOL|Z...\n"
               "       lmds element --list [--csv]\n\n"
               "Print every property of the element table (data/elements.csv) with its unit and source.\n"
               "Blank means the value is unknown (never imputed).\n");
}

static int resolve(const char *arg, int *z)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end == '\0' && end != arg) {
        if (v < 1 || v > LMDS_ZMAX) return lmds_error(LMDS_ENOTFOUND, "Z=%ld is outside 1..%d (H..Lr)", v, LMDS_ZMAX);
        *z = (int)v;
        return LMDS_OK;
    }
    return lmds_element_lookup(arg, z);
}

static int list_elements(cli_format fmt)
{
    const char *h[] = {"Z", "symbol", "name"};
    cli_table *t = cli_table_new(3, h);
    for (int z = 1; z <= LMDS_ZMAX; z++) cli_table_addf(t, "%d\t%s\t%s", z, lmds_element_symbol(z), lmds_element_name(z));
    cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    return CLI_OK;
}

int cli_cmd_element(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, 0, 'j'}, {"csv", no_argument, 0, 'c'},
                                         {"list", no_argument, 0, 'l'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    cli_format fmt = CLI_FMT_TABLE;
    int ch, list = 0;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (ch) {
        case 'j': fmt = CLI_FMT_JSON; break;
        case 'c': fmt = CLI_FMT_CSV; break;
        case 'l': list = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage("element", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (list) return list_elements(fmt);
    if (optind >= argc) return cli_usage("element", "give an element symbol or atomic number");
    int n = argc - optind, zs[LMDS_ZMAX];
    if (n > LMDS_ZMAX) return cli_usage("element", "too many elements");
    for (int i = 0; i < n; i++) {
        lmds_status st = resolve(argv[optind + i], &zs[i]);
        if (st) return cli_fail(st);
    }
    cJSON *arr = fmt == CLI_FMT_JSON ? cJSON_CreateArray() : NULL;
    for (int i = 0; i < n; i++) {
        int z = zs[i];
        if (arr) {
            cJSON *o = cJSON_CreateObject(), *props = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "Z", z);
            cJSON_AddStringToObject(o, "symbol", lmds_element_symbol(z));
            cJSON_AddStringToObject(o, "name", lmds_element_name(z));
            for (int k = 0; k < lmds_element_nprops(); k++) {
                cJSON *p = cJSON_CreateObject();
                cJSON_AddItemToObject(p, "value", cli_json_number(lmds_element_get(z, k)));
                cJSON_AddStringToObject(p, "unit", lmds_element_prop_unit(k) ? lmds_element_prop_unit(k) : "");
                const char *src = lmds_element_value_source(z, k);
                cJSON_AddStringToObject(p, "source", src ? src : "");
                cJSON_AddItemToObject(props, lmds_element_prop_name(k), p);
            }
            cJSON_AddItemToObject(o, "properties", props);
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        if (fmt == CLI_FMT_TABLE) printf("%s%s (%s), Z = %d\n", i ? "\n" : "", lmds_element_name(z), lmds_element_symbol(z), z);
        const char *h[] = {"property", "value", "unit", "source"};
        cli_table *t = cli_table_new(4, h);
        for (int k = 0; k < lmds_element_nprops(); k++) {
            double v = lmds_element_get(z, k);
            char val[32] = "";
            if (!isnan(v)) snprintf(val, sizeof val, "%.10g", v);
            const char *src = lmds_element_value_source(z, k);
            const char *unit = lmds_element_prop_unit(k);
            const char *row[] = {lmds_element_prop_name(k), val, unit ? unit : "", src ? src : ""};
            cli_table_add(t, row);
        }
        cli_table_print(t, stdout, fmt);
        cli_table_free(t);
    }
    if (arr) cli_json_print(n == 1 ? cJSON_DetachItemFromArray(arr, 0) : arr);
    if (arr && n == 1) cJSON_Delete(arr);
    return CLI_OK;
}
