/* One printer for every module's model registry (lmds sc|thermo|tunnel models): JSON, CSV or a readable list. */
#include <math.h>
#include <string.h>

#include "cli.h"

static cJSON *model_json(const lmds_model_info *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", m->id);
    cJSON_AddStringToObject(o, "name", m->name);
    cJSON_AddStringToObject(o, "equation", m->equation);
    cJSON *ps = cJSON_AddArrayToObject(o, "parameters");
    for (size_t k = 0; k < m->nparams; k++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "name", m->params[k].name);
        cJSON_AddStringToObject(p, "unit", m->params[k].unit);
        cli_json_opt(p, "default", m->params[k].default_value); /* null: no default (the value must be given) */
        cJSON_AddStringToObject(p, "description", m->params[k].description);
        cJSON_AddItemToArray(ps, p);
    }
    cJSON *r = cJSON_AddArrayToObject(o, "references");
    for (size_t k = 0; k < m->nrefs; k++) cJSON_AddItemToArray(r, cJSON_CreateString(m->refs[k]));
    return o;
}

static void model_text(const lmds_model_info *m)
{
    printf("%s: %s\n  %s\n", m->id, m->name, m->equation);
    for (size_t k = 0; k < m->nparams; k++) {
        const lmds_model_param *p = &m->params[k];
        if (isfinite(p->default_value))
            printf("  - %s [%s] (default %g): %s\n", p->name, p->unit, p->default_value, p->description);
        else
            printf("  - %s [%s]: %s\n", p->name, p->unit, p->description);
    }
    for (size_t k = 0; k < m->nrefs; k++) printf("  cite: %s\n", m->refs[k]);
    printf("\n");
}

int cli_print_models(size_t n, const lmds_model_info *(*get)(size_t), cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(arr, model_json(get(i)));
        return cli_json_print(arr);
    }
    if (fmt == CLI_FMT_CSV) {
        const char *h[] = {"id", "name", "equation", "references"};
        cli_table *t = cli_table_new(4, h);
        for (size_t i = 0; i < n; i++) {
            const lmds_model_info *m = get(i);
            char refs[4096] = "";
            for (size_t k = 0; k < m->nrefs; k++) {
                if (k) strncat(refs, "; ", sizeof refs - strlen(refs) - 1);
                strncat(refs, m->refs[k], sizeof refs - strlen(refs) - 1);
            }
            const char *cells[] = {m->id, m->name, m->equation, refs};
            cli_table_add(t, cells);
        }
        int rc = cli_table_print(t, stdout, CLI_FMT_CSV);
        cli_table_free(t);
        return rc;
    }
    for (size_t i = 0; i < n; i++) model_text(get(i));
    return CLI_OK;
}
