/* Training rows from the genome database, cleaned by the same policy as the CSV path (src/learn/data.c,
 * docs/learn.md): the genome hands over each row's formula as written in its source (lmds_genome_tc_row
 * .raw_formula), and this reader runs it through lmds_learn_clean_formula and the composition parser exactly as
 * lmds_learn_data_read does with a CSV cell. Rows the genome itself refused at import (SuperCon's deuterides and
 * tritides, "O10=z", typos: its `reject` table, lmds_genome_tc_rejects) are taken back too, so that D and T become
 * H here as in the CSV path and the two paths give the same rows and the same counts for the same list. */
#include "learn_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmds/genome.h>

/* The genome's Tc table is written in parallel with this module: declared weak so that lmds links (and learn falls
 * back to --data files) while a build lacks it. */
#if defined(__GNUC__)
#pragma weak lmds_genome_tc_rows
#pragma weak lmds_genome_tc_rejects
#pragma weak lmds_genome_tc_rows_free
#endif

/* Source order: the datasets in the order the genome returned them, then the source line. */
typedef struct ordered_row {
    const lmds_genome_tc_row *row;
    int rank;
} ordered_row;

static int cmp_ordered(const void *a, const void *b)
{
    const ordered_row *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return (x->row->line > y->row->line) - (x->row->line < y->row->line);
}

static int dataset_rank(const char *ds, char (*seen)[32], int *nseen)
{
    for (int i = 0; i < *nseen; i++)
        if (strcmp(seen[i], ds) == 0) return i;
    if (*nseen < 64) snprintf(seen[*nseen], 32, "%s", ds);
    return (*nseen)++;
}

/* The Tc rows and the refused rows of dataset (NULL: all) from the default genome, and the genome's path. On
 * failure both lists are NULL. */
static lmds_status genome_fetch(const char *dataset, lmds_genome_tc_row **rows, size_t *n, lmds_genome_tc_row **rej,
                                size_t *nrej, char *path, size_t npath)
{
    *rows = *rej = NULL;
    *n = *nrej = 0;
    lmds_genome *g = NULL;
    lmds_status st = lmds_genome_open(NULL, 1, &g);
    if (st != LMDS_OK) return st;
    st = lmds_genome_tc_rows(g, dataset, rows, n);
    if (st == LMDS_OK) st = lmds_genome_tc_rejects(g, dataset, rej, nrej);
    snprintf(path, npath, "%s", lmds_genome_path(g));
    lmds_genome_close(g);
    if (st != LMDS_OK) {
        lmds_genome_tc_rows_free(*rows);
        *rows = NULL;
        return st;
    }
    if (*n == 0) {
        lmds_genome_tc_rows_free(*rows);
        lmds_genome_tc_rows_free(*rej);
        *rows = *rej = NULL;
        return lmds_error(LMDS_ENODATA, "learn: the genome %s has no Tc rows for dataset '%s'", path,
                          dataset ? dataset : "(all)");
    }
    return LMDS_OK;
}

/* One genome row through the cleaning policy of data.c: appended to d as row d->n, or counted where it is
 * dropped. */
static void row_add(lmds_learn_data *d, const lmds_genome_tc_row *src, const lmds_learn_clean *clean)
{
    d->n_read++;
    if (!(src->tc_K >= 0) || !isfinite(src->tc_K)) {
        d->n_bad_tc++;
        return;
    }
    if (clean->positive_only && !(src->tc_K > 0)) return;
    /* The cleaning policy of data.c on the formula as written; the genome's reduced formula only when a file
     * imported before schema 3 has no text for the row. */
    const char *raw = src->raw_formula[0] ? src->raw_formula : src->formula;
    char cleaned[256];
    int changed = 0, placeholder = 0;
    lmds_learn_row *r = &d->rows[d->n];
    memset(r, 0, sizeof *r);
    if (lmds_learn_clean_formula(raw, cleaned, sizeof cleaned, &changed, &placeholder) != LMDS_OK ||
        lmds_comp_parse(cleaned, NULL, &r->comp) != LMDS_OK) {
        lmds_error_clear();
        d->n_unparsed++;
        return;
    }
    if (changed && !placeholder) d->n_variable_fixed++;
    if (placeholder || lmds_learn_oxygen_placeholder(&r->comp)) {
        d->n_oxygen_placeholder++;
        if (!clean->keep_oxygen_placeholder) return;
    }
    r->tc_K = src->tc_K;
    r->line = (int)src->line;
    r->count = 1;
    lmds_learn_row_keys(r);
    d->n++;
}

lmds_status lmds_learn_data_from_genome(const char *dataset, const lmds_learn_clean *clean, lmds_learn_data **out)
{
    if (out) *out = NULL;
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_data_from_genome: NULL output");
    *out = NULL;
    lmds_learn_clean defaults = {0, 0};
    if (!clean) clean = &defaults;
    if (!lmds_genome_tc_rows || !lmds_genome_tc_rows_free || !lmds_genome_tc_rejects)
        return lmds_error(LMDS_EUNSUPPORTED, "learn: this build's genome has no Tc table; use --data FILE");
    lmds_genome_tc_row *rows = NULL, *rej = NULL;
    size_t n = 0, nrej = 0;
    char path[256];
    lmds_status st = genome_fetch(dataset, &rows, &n, &rej, &nrej, path, sizeof path);
    if (st != LMDS_OK) return st;
    size_t total = n + nrej;
    lmds_learn_data *d = calloc(1, sizeof *d);
    ordered_row *ord = malloc(total * sizeof *ord);
    if (d) d->rows = calloc(total, sizeof *d->rows);
    if (!d || !d->rows || !ord) {
        if (d) free(d->rows);
        free(d);
        free(ord);
        lmds_genome_tc_rows_free(rows);
        lmds_genome_tc_rows_free(rej);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    /* Put the rejected rows back in their place in the file, so the row order (and with it seeded splits) is the
     * CSV path's. */
    char seen[64][32];
    int nseen = 0;
    for (size_t i = 0; i < n; i++) ord[i] = (ordered_row){&rows[i], dataset_rank(rows[i].dataset, seen, &nseen)};
    for (size_t i = 0; i < nrej; i++) ord[n + i] = (ordered_row){&rej[i], dataset_rank(rej[i].dataset, seen, &nseen)};
    qsort(ord, total, sizeof *ord, cmp_ordered);
    /* A label only: a path too long for it is cut. */
    if (snprintf(d->source, sizeof d->source, "genome:%s:%s", path, dataset ? dataset : "all") >= (int)sizeof d->source)
        d->source[sizeof d->source - 1] = '\0';
    for (size_t i = 0; i < total; i++) row_add(d, ord[i].row, clean);
    free(ord);
    lmds_genome_tc_rows_free(rows);
    lmds_genome_tc_rows_free(rej);
    *out = d;
    return LMDS_OK;
}
