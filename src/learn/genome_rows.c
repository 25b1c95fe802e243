/* Training rows from the genome database (lmds_genome_tc_rows: one row per Tc value with a number). */
#include "learn_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmds/genome.h>

/* The genome's Tc table is written in parallel with this module: declared weak so that lmds links (and learn falls
 * back to --data files) while a build lacks it. */
#if defined(__GNUC__)
#pragma weak lmds_genome_tc_rows
#pragma weak lmds_genome_tc_rows_free
#endif

/* Same rule as data.c: a cuprate with O1 against three or more cation atoms carries a placeholder oxygen count. */
static int oxygen_placeholder(const lmds_comp *c)
{
    int has_cu = 0;
    double o = -1, cations = 0;
    for (int i = 0; i < c->n; i++) {
        if (c->z[i] == 8) o = c->amount[i];
        else cations += c->amount[i];
        if (c->z[i] == 29) has_cu = 1;
    }
    return has_cu && o == 1.0 && cations >= 3.0;
}

lmds_status lmds_learn_data_from_genome(const char *dataset, const lmds_learn_clean *clean, lmds_learn_data **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_data_from_genome: NULL output");
    lmds_learn_clean defaults = {0, 0};
    if (!clean) clean = &defaults;
    if (!lmds_genome_tc_rows || !lmds_genome_tc_rows_free)
        return lmds_error(LMDS_EUNSUPPORTED, "learn: this build's genome has no Tc table; use --data FILE");
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(NULL, 1, &g);
    if (st != LMDS_OK) return st;
    lmds_genome_tc_row *rows = NULL;
    size_t n = 0;
    st = lmds_genome_tc_rows(g, dataset, &rows, &n);
    char path[256];
    snprintf(path, sizeof path, "%s", lmds_genome_path(g));
    lmds_genome_close(g);
    if (st != LMDS_OK) return st;
    if (n == 0) {
        lmds_genome_tc_rows_free(rows);
        return lmds_error(LMDS_ENODATA, "learn: the genome %s has no Tc rows for dataset '%s'", path,
                          dataset ? dataset : "(all)");
    }
    lmds_learn_data *d = calloc(1, sizeof *d);
    if (d) d->rows = calloc(n, sizeof *d->rows);
    if (!d || !d->rows) {
        free(d);
        lmds_genome_tc_rows_free(rows);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    snprintf(d->source, sizeof d->source, "genome:%s:%s", path, dataset ? dataset : "all");
    for (size_t i = 0; i < n; i++) {
        d->n_read++;
        if (!(rows[i].tc_K >= 0)) {
            d->n_bad_tc++;
            continue;
        }
        if (clean->positive_only && !(rows[i].tc_K > 0)) continue;
        if (oxygen_placeholder(&rows[i].comp)) {
            d->n_oxygen_placeholder++;
            if (!clean->keep_oxygen_placeholder) continue;
        }
        lmds_learn_row *r = &d->rows[d->n++];
        r->comp = rows[i].comp;
        r->tc_K = rows[i].tc_K;
        r->line = (int)rows[i].line;
        r->count = 1;
        if (lmds_comp_formula(&r->comp, r->formula, sizeof r->formula) != LMDS_OK)
            snprintf(r->formula, sizeof r->formula, "%s", rows[i].formula);
        if (lmds_comp_system(&r->comp, r->system, sizeof r->system) != LMDS_OK) r->system[0] = 0;
        lmds_error_clear();
    }
    lmds_genome_tc_rows_free(rows);
    *out = d;
    return LMDS_OK;
}
