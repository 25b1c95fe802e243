/* The data files of the route model read into tables of strings through the one CSV reader (core/csv.h), with
 * every missing column and every malformed number reported at file:line:column. */
#include "design/route_model.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "lmds/io.h"

#define RT_MAX_BYTES (16u << 20) /* the largest data file accepted (the genome source is about 1 MB) */

void rt_table_clear(rt_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncols; i++) free(t->head ? t->head[i] : NULL);
    for (long i = 0; t->cell && i < (long)t->nrows * t->ncols; i++) free(t->cell[i]);
    free(t->head);
    free(t->cell);
    free(t->line);
    memset(t, 0, sizeof *t);
}

int rt_col(const rt_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->head[i], name) == 0) return i;
    return -1;
}

const char *rt_get(const rt_table *t, int r, const char *name)
{
    int c = rt_col(t, name);
    return (c < 0 || r < 0 || r >= t->nrows) ? "" : t->cell[(long)r * t->ncols + c];
}

static int plain_number(const char *s, double *v)
{
    char *end = NULL;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return 0;
    *v = strtod(s, &end);
    while (end && isspace((unsigned char)*end)) end++;
    return end && *end == '\0' && isfinite(*v);
}

double rt_num(const rt_table *t, int r, const char *name)
{
    double v;
    return plain_number(rt_get(t, r, name), &v) ? v : NAN;
}

int rt_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0) return 1;
    for (; *hay; hay++) {
        size_t k = 0;
        for (; k < n && hay[k]; k++) {
            char a = (char)tolower((unsigned char)hay[k]), b = (char)tolower((unsigned char)needle[k]);
            if (b == '-' || b == '_') b = ' ';
            if (a == '-' || a == '_') a = ' ';
            if (a != b) break;
        }
        if (k == n) return 1;
    }
    return 0;
}

/* Header: copy the names and check the required ones (one error listing all that are missing). */
static lmds_status table_header(rt_table *t, lmds_csv *c, const char *cols)
{
    t->ncols = c->nfields;
    t->head = calloc((size_t)t->ncols, sizeof *t->head);
    if (!t->head) return lmds_error(LMDS_ENOMEM, "%s: out of memory", t->path);
    for (int i = 0; i < t->ncols; i++)
        if (!(t->head[i] = strdup(c->fields[i]))) return lmds_error(LMDS_ENOMEM, "%s: out of memory", t->path);
    const char *names[32];
    char buf[512];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", cols);
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w && n < 32; w = strtok_r(NULL, ",", &save)) names[n++] = w;
    return lmds_csv_require(c, t->path, names, n, NULL, cols);
}

/* A numeric column's cell: empty, a bound ("<10"), or a finite number; anything else is located. */
static lmds_status check_numbers(const rt_table *t, const lmds_csv *c, const char *numeric)
{
    if (!numeric) return LMDS_OK;
    char buf[512], *save = NULL;
    snprintf(buf, sizeof buf, "%s", numeric);
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int k = rt_col(t, w);
        if (k < 0 || k >= c->nfields) continue;
        const char *s = c->fields[k];
        double v;
        if (!*s || *s == '<' || *s == '>' || plain_number(s, &v)) continue;
        return lmds_error_at(LMDS_EPARSE, t->path, c->line, c->columns[k], "%s: '%s' is not a number", w, s);
    }
    return LMDS_OK;
}

static lmds_status table_row(rt_table *t, const lmds_csv *c, int *cap)
{
    if (t->nrows == *cap) {
        int nc = *cap ? 2 * *cap : 64;
        char **cell = realloc(t->cell, (size_t)nc * (size_t)t->ncols * sizeof *cell);
        if (cell) t->cell = cell;
        int *line = cell ? realloc(t->line, (size_t)nc * sizeof *line) : NULL;
        if (!cell || !line) return lmds_error(LMDS_ENOMEM, "%s: out of memory", t->path);
        t->line = line;
        *cap = nc;
    }
    char **row = t->cell + (long)t->nrows * t->ncols;
    for (int i = 0; i < t->ncols; i++) row[i] = NULL;
    t->line[t->nrows++] = c->line;
    for (int i = 0; i < t->ncols; i++)
        if (!(row[i] = strdup(i < c->nfields ? c->fields[i] : "")))
            return lmds_error(LMDS_ENOMEM, "%s: out of memory", t->path);
    return LMDS_OK;
}

lmds_status rt_table_load(rt_table *t, const char *path, const char *cols, const char *numeric)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    char *text = NULL;
    lmds_status st = lmds_file_read(path, RT_MAX_BYTES, &text, NULL);
    if (st) return st;
    lmds_csv c;
    lmds_csv_init(&c, text);
    int r = lmds_csv_next(&c), cap = 0;
    if (r <= 0)
        st = r < 0 ? lmds_csv_error(&c, path) : lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty file (expected %s)", cols);
    else
        st = table_header(t, &c, cols);
    while (!st && (r = lmds_csv_next(&c)) == 1) {
        if (c.nfields == 1 && c.fields[0][0] == '\0') continue; /* blank line */
        if (!(st = check_numbers(t, &c, numeric))) st = table_row(t, &c, &cap);
    }
    if (!st && r < 0) st = lmds_csv_error(&c, path);
    lmds_csv_clear(&c);
    free(text);
    if (st) rt_table_clear(t);
    return st;
}
