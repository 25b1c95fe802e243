/* The phase selection and pressure shared by the thermo commands that compute equilibria (eq, liquidus, solidus,
 * invariants, solidify, diagram): one table of options, read into a workspace's lmds_thermo_opts. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const cli_opt cli_thermo_common[] = {
    {"suspend", 0, CLI_STRING, "PHASE[,PHASE]", 0, 0, CLI_REPEAT, NULL,
     "leave these phases out: the metastable equilibrium when they do not nucleate (repeatable)", NULL},
    {"only", 0, CLI_STRING, "PHASE[,PHASE]", 0, 0, CLI_REPEAT, NULL,
     "compute with these phases only (repeatable; include the liquid for liquidus work)", NULL},
    /* the upper bound is the pressure model's P_max (lmds_thermo_pressure_max(), checked again when read) */
    {"P", 0, CLI_DOUBLE, "GPa", 0, 1, 0, NULL, "pressure (default 0 = 1 bar; constant molar volumes, docs/thermo.md)",
     NULL},
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};

/* Split the repeated values of one option ("A,B" "C") into list (upper case, NULL-terminated), copying into
 * buf from *used on. */
static int split_phases(const cli_args *a, const char *opt, const char **list, char *buf, size_t cap, size_t *used)
{
    const char *vals[CLI_MAX_REPEAT];
    int nv = cli_repeat(a, opt, vals, CLI_MAX_REPEAT), k = 0;
    for (int v = 0; v < nv; v++) {
        size_t len = strlen(vals[v]);
        if (*used + len + 1 > cap) return cli_usage(cli_args_cmd(a), "--%s: the phase list is too long", opt);
        char *p = buf + *used, *save = NULL;
        memcpy(p, vals[v], len + 1);
        *used += len + 1;
        for (char *t = strtok_r(p, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
            if (k == CLI_THERMO_MAX_PHASES)
                return cli_usage(cli_args_cmd(a), "--%s: more than %d phases", opt, CLI_THERMO_MAX_PHASES);
            for (char *q = t; *q; q++) *q = (char)toupper((unsigned char)*q);
            list[k++] = t;
        }
    }
    if (nv > 0 && k == 0) return cli_usage(cli_args_cmd(a), "--%s needs a phase name (e.g. --%s LIQUID)", opt, opt);
    list[k] = NULL;
    return CLI_OK;
}

int cli_thermo_sel_read(const cli_args *a, cli_thermo_sel *s)
{
    memset(s, 0, sizeof *s);
    size_t used = 0;
    int r = split_phases(a, "suspend", s->suspend, s->buf, sizeof s->buf, &used);
    if (!r) r = split_phases(a, "only", s->only, s->buf, sizeof s->buf, &used);
    if (r) return r;
    for (int i = 0; s->suspend[i]; i++)
        for (int j = 0; s->only[j]; j++)
            if (!strcmp(s->suspend[i], s->only[j]))
                return cli_usage(cli_args_cmd(a), "phase %s is both in --suspend and in --only", s->only[j]);
    s->P = cli_num(a, "P", 0);
    double pmax = lmds_thermo_pressure_max();
    if (s->P > pmax)
        return cli_usage(cli_args_cmd(a), "--P %g GPa is above %g GPa, the limit of the constant-volume pressure term "
                         "(compression and pressure-induced phases are not modelled)", s->P, pmax);
    s->opts.suspend = s->suspend[0] ? s->suspend : NULL;
    s->opts.only = s->only[0] ? s->only : NULL;
    return CLI_OK;
}

int cli_thermo_ws_make(const cli_thermo_sel *s, const lmds_tdb *db, int n, const int *z, lmds_thermo_ws **ws)
{
    lmds_status st = lmds_thermo_ws_new(db, n, z, &s->opts, ws);
    return st ? cli_fail(st) : CLI_OK;
}

static size_t list_label(const char *what, const char *const *list, char *buf, size_t n, size_t len)
{
    for (int i = 0; list[i] && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : what, list[i]);
    if (list[0] && len < n) len += (size_t)snprintf(buf + len, n - len, ")");
    return len;
}

void cli_thermo_sel_label(const cli_thermo_sel *s, char *buf, size_t n)
{
    size_t len = s->P > 0 ? (size_t)snprintf(buf, n, "%g GPa", s->P) : (size_t)snprintf(buf, n, "1 bar");
    len = list_label(" (suspended: ", s->suspend, buf, n, len);
    list_label(" (only: ", s->only, buf, n, len);
}

static int list_len(const char *const *l)
{
    int n = 0;
    while (l[n]) n++;
    return n;
}

void cli_thermo_sel_json(const cli_thermo_sel *s, cJSON *o)
{
    cli_json_num(o, "P_GPa", s->P);
    if (s->suspend[0]) cJSON_AddItemToObject(o, "suspended", cJSON_CreateStringArray(s->suspend, list_len(s->suspend)));
    if (s->only[0]) cJSON_AddItemToObject(o, "only", cJSON_CreateStringArray(s->only, list_len(s->only)));
}
