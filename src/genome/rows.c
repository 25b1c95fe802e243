/* Row sets: the grid of strings that query, show, stats and check return (lmds_genome_rows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

lmds_genome_rows *genome_rows_new(int ncols, const char *const *cols)
{
    lmds_genome_rows *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->ncols = ncols;
    r->cols = calloc((size_t)ncols, sizeof *r->cols);
    if (!r->cols) {
        free(r);
        return NULL;
    }
    for (int j = 0; j < ncols; j++) {
        r->cols[j] = strdup(cols[j]);
        if (!r->cols[j]) {
            lmds_genome_rows_free(r);
            return NULL;
        }
    }
    return r;
}

lmds_status genome_rows_add(lmds_genome_rows *r, const char *const *cells)
{
    /* Grow by doubling: capacity is the next power of two of nrows. */
    size_t n = r->nrows;
    if ((n & (n - 1)) == 0) {
        size_t cap = n ? 2 * n : 1;
        char **c = realloc(r->cells, cap * (size_t)r->ncols * sizeof *c);
        if (!c) return lmds_error(LMDS_ENOMEM, "out of memory");
        r->cells = c;
    }
    char **row = r->cells + n * (size_t)r->ncols;
    for (int j = 0; j < r->ncols; j++) {
        row[j] = cells[j] ? strdup(cells[j]) : NULL;
        if (cells[j] && !row[j]) {
            for (int k = 0; k < j; k++) free(row[k]);
            return lmds_error(LMDS_ENOMEM, "out of memory");
        }
    }
    r->nrows++;
    return LMDS_OK;
}

void lmds_genome_rows_free(lmds_genome_rows *r)
{
    if (!r) return;
    if (r->cells)
        for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++) free(r->cells[i]);
    if (r->cols)
        for (int j = 0; j < r->ncols; j++) free(r->cols[j]);
    free(r->cells);
    free(r->cols);
    free(r);
}

const char *lmds_genome_rows_get(const lmds_genome_rows *r, size_t i, const char *col)
{
    if (!r || i >= r->nrows || !col) return NULL;
    for (int j = 0; j < r->ncols; j++)
        if (strcmp(r->cols[j], col) == 0) return r->cells[i * (size_t)r->ncols + (size_t)j];
    return NULL;
}

lmds_status genome_rows_from_stmt(lmds_genome *g, sqlite3_stmt *stmt, lmds_genome_rows **out)
{
    *out = NULL;
    int nc = sqlite3_column_count(stmt);
    const char **cols = calloc((size_t)(nc > 0 ? nc : 1), sizeof *cols);
    const char **cells = calloc((size_t)(nc > 0 ? nc : 1), sizeof *cells);
    lmds_genome_rows *r = NULL;
    lmds_status st = LMDS_OK;
    if (!cols || !cells) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto done;
    }
    for (int j = 0; j < nc; j++) cols[j] = sqlite3_column_name(stmt, j);
    r = genome_rows_new(nc, cols);
    if (!r) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto done;
    }
    int rc;
    char num[32 * 64];
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        char *p = num;
        for (int j = 0; j < nc; j++) {
            int t = sqlite3_column_type(stmt, j);
            if (t == SQLITE_NULL) cells[j] = NULL;
            else if (t == SQLITE_FLOAT && j < 64) {
                /* %.10g keeps what sources give (at most ~10 significant digits) without binary noise. */
                snprintf(p, 32, "%.10g", sqlite3_column_double(stmt, j));
                cells[j] = p;
                p += 32;
            } else if (t == SQLITE_BLOB) cells[j] = "<blob>";
            else cells[j] = (const char *)sqlite3_column_text(stmt, j);
        }
        if ((st = genome_rows_add(r, cells)) != LMDS_OK) break;
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, "query");
done:
    sqlite3_finalize(stmt);
    free(cols);
    free(cells);
    if (st != LMDS_OK) {
        lmds_genome_rows_free(r);
        return st;
    }
    *out = r;
    return LMDS_OK;
}
