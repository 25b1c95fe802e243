/* lmds element: the element data every model needs, with the source of each value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt ELEMENT_OPTS[] = {
    {"list", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "list every element (Z, symbol, name)", NULL},
    CLI_OPTS_FORMAT,
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};

static const cli_cmd ELEMENT = {
    "element", "[options] SYMBOL|Z...",
    "Print every property of the element table (data/elements.csv) with its unit and source.\n"
    "A blank value is unknown (never imputed); in JSON it is null.",
    ELEMENT_OPTS, NULL, 0, LMDS_ZMAX, NULL};

static lmds_status resolve(const char *arg, int *z)
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
    if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int z = 1; z <= LMDS_ZMAX; z++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "Z", z);
            cJSON_AddStringToObject(o, "symbol", lmds_element_symbol(z));
            cJSON_AddStringToObject(o, "name", lmds_element_name(z));
            cJSON_AddItemToArray(arr, o);
        }
        return cli_json_print(arr);
    }
    const char *h[] = {"Z", "symbol", "name"};
    cli_table *t = cli_table_new(3, h);
    for (int z = 1; z <= LMDS_ZMAX; z++) cli_table_addf(t, "%d\t%s\t%s", z, lmds_element_symbol(z), lmds_element_name(z));
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    return rc;
}

/* Unknown values (NaN in the table) are documented as "not known": null in JSON, blank in tables. */
static cJSON *element_json(int z)
{
    cJSON *o = cJSON_CreateObject(), *props = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "Z", z);
    cJSON_AddStringToObject(o, "symbol", lmds_element_symbol(z));
    cJSON_AddStringToObject(o, "name", lmds_element_name(z));
    for (int k = 0; k < lmds_element_nprops(); k++) {
        cJSON *p = cJSON_CreateObject();
        cli_json_opt(p, "value", lmds_element_get(z, k));
        cJSON_AddStringToObject(p, "unit", lmds_element_prop_unit(k) ? lmds_element_prop_unit(k) : "");
        const char *src = lmds_element_value_source(z, k);
        cJSON_AddStringToObject(p, "source", src ? src : "");
        cJSON_AddItemToObject(props, lmds_element_prop_name(k), p);
    }
    cJSON_AddItemToObject(o, "properties", props);
    return o;
}

static int element_table(int z, int first, cli_format fmt)
{
    if (fmt == CLI_FMT_TABLE)
        printf("%s%s (%s), Z = %d\n", first ? "" : "\n", lmds_element_name(z), lmds_element_symbol(z), z);
    const char *h[] = {"Z", "symbol", "property", "value", "unit", "source"};
    cli_table *t = cli_table_new(6, h);
    char zs[8];
    snprintf(zs, sizeof zs, "%d", z);
    for (int k = 0; k < lmds_element_nprops(); k++) {
        const char *src = lmds_element_value_source(z, k);
        const char *unit = lmds_element_prop_unit(k);
        const char *row[] = {zs, lmds_element_symbol(z), lmds_element_prop_name(k),
                             cli_opt_s(lmds_element_get(z, k), "%.10g"), unit ? unit : "", src ? src : ""};
        cli_table_add(t, row);
    }
    /* CSV: one header for all elements (the Z and symbol columns tell them apart). */
    if (!first && fmt == CLI_FMT_CSV) cli_table_skip_header(t);
    int rc = cli_table_flush(t, stdout, fmt);
    cli_table_free(t);
    return rc;
}

int cli_cmd_element(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&ELEMENT, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    cli_format fmt = cli_args_format(a);
    int n = cli_argc(a), zs[LMDS_ZMAX];
    if (cli_has(a, "list")) {
        rc = n ? cli_usage("element", "--list takes no elements") : list_elements(fmt);
        cli_args_free(a);
        return rc;
    }
    if (n == 0) {
        cli_args_free(a);
        return cli_usage("element", "give an element symbol or atomic number");
    }
    for (int i = 0; i < n; i++)
        if (resolve(cli_arg(a, i), &zs[i]) != LMDS_OK) {
            cli_args_free(a);
            return cli_fail(LMDS_ENOTFOUND);
        }
    cli_args_free(a);
    if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < n; i++) cJSON_AddItemToArray(arr, element_json(zs[i]));
        return cli_json_print(arr);
    }
    for (int i = 0; i < n && rc == CLI_OK; i++) rc = element_table(zs[i], i == 0, fmt);
    return rc;
}
