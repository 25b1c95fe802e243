/* Tables for people and CSV for machines, and JSON printing. Both refuse to print when a result failed
 * (cli_result_failed): no NaN or infinity is ever printed as a result. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_table {
    int ncols, nrows, cap;
    int header_done; /* the header was printed by an earlier flush */
    int *width;      /* column widths seen so far (kept across flushes) */
    char **headers;
    char **cells; /* nrows x ncols */
};

/* Display width of a UTF-8 string (counts code points). */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

cli_table *cli_table_new(int ncols, const char *const *headers)
{
    cli_table *t = cli_xcalloc(1, sizeof *t);
    t->ncols = ncols;
    t->headers = cli_xcalloc((size_t)ncols, sizeof *t->headers);
    t->width = cli_xcalloc((size_t)ncols, sizeof *t->width);
    for (int i = 0; i < ncols; i++) {
        t->headers[i] = cli_xstrdup(headers[i] ? headers[i] : "");
        t->width[i] = width(t->headers[i]);
    }
    return t;
}

void cli_table_add(cli_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->cells = cli_xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    for (int i = 0; i < t->ncols; i++) {
        char *c = cli_xstrdup(cells[i] ? cells[i] : "");
        t->cells[(size_t)t->nrows * (size_t)t->ncols + (size_t)i] = c;
        int w = width(c);
        if (w > t->width[i]) t->width[i] = w;
    }
    t->nrows++;
}

void cli_table_addf(cli_table *t, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    const char *cells[64] = {0};
    char *p = line;
    for (int i = 0; i < t->ncols && i < 64; i++) {
        cells[i] = p ? p : "";
        char *tab = p ? strchr(p, '\t') : NULL;
        if (tab) *tab = '\0';
        p = tab ? tab + 1 : NULL;
    }
    cli_table_add(t, cells);
}

static int looks_numeric(const char *s)
{
    if (!*s) return 0;
    char *end;
    strtod(s, &end);
    return *end == '\0' || (end != s && (*end == ' ' || *end == '%'));
}

static void print_csv_cell(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"') fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static void print_csv(const cli_table *t, FILE *f)
{
    if (!t->header_done) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', f);
            print_csv_cell(f, t->headers[c]);
        }
        fputc('\n', f);
    }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', f);
            print_csv_cell(f, t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]);
        }
        fputc('\n', f);
    }
}

static void print_aligned(const cli_table *t, FILE *f)
{
    const int *w = t->width;
    if (!t->header_done) {
        for (int c = 0; c < t->ncols; c++)
            fprintf(f, "%s%-*s", c ? "  " : "", c == t->ncols - 1 ? 0 : w[c], t->headers[c]);
        fputc('\n', f);
        for (int c = 0; c < t->ncols; c++) {
            fputs(c ? "  " : "", f);
            for (int k = 0; k < w[c]; k++) fputc('-', f);
        }
        fputc('\n', f);
    }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
            int pad = w[c] - width(s);
            if (pad < 0) pad = 0;
            fputs(c ? "  " : "", f);
            if (looks_numeric(s)) {
                fprintf(f, "%*s%s", pad, "", s);
            } else {
                fputs(s, f);
                if (c < t->ncols - 1) fprintf(f, "%*s", pad, "");
            }
        }
        fputc('\n', f);
    }
}

static void drop_rows(cli_table *t)
{
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
    t->nrows = 0;
}

int cli_table_flush(cli_table *t, FILE *f, cli_format fmt)
{
    if (cli_result_failed()) return CLI_BAD_INPUT;
    if (fmt == CLI_FMT_CSV) print_csv(t, f);
    else print_aligned(t, f);
    t->header_done = 1;
    drop_rows(t);
    return CLI_OK;
}

void cli_table_skip_header(cli_table *t) { t->header_done = 1; }

int cli_table_print(const cli_table *t, FILE *f, cli_format fmt)
{
    if (cli_result_failed()) return CLI_BAD_INPUT;
    if (fmt == CLI_FMT_CSV) print_csv(t, f);
    else print_aligned(t, f);
    return CLI_OK;
}

void cli_table_free(cli_table *t)
{
    if (!t) return;
    drop_rows(t);
    for (int i = 0; i < t->ncols; i++) free(t->headers[i]);
    free(t->headers);
    free(t->width);
    free(t->cells);
    free(t);
}

int cli_json_fprint(cJSON *json, FILE *f)
{
    if (cli_result_failed()) {
        cJSON_Delete(json);
        return CLI_BAD_INPUT;
    }
    /* cJSON indents with tabs and writes "key":<TAB>value; print two-space indents and "key": value. */
    char *s = cJSON_Print(json);
    if (s) {
        int bol = 1;
        for (const char *p = s; *p; p++) {
            if (*p == '\t') {
                fputs(bol ? "  " : " ", f);
                continue;
            }
            bol = *p == '\n';
            fputc(*p, f);
        }
        fputc('\n', f);
        free(s);
    }
    cJSON_Delete(json);
    return CLI_OK;
}

int cli_json_print(cJSON *json) { return cli_json_fprint(json, stdout); }

/* ------------------------------------------------------------------ streamed JSON arrays */

void cli_json_stream_begin(cli_json_stream *s, FILE *f)
{
    s->f = f;
    s->n = 0;
    fputc('[', f);
}

int cli_json_stream_add(cli_json_stream *s, cJSON *item)
{
    if (cli_result_failed()) {
        cJSON_Delete(item);
        return CLI_BAD_INPUT;
    }
    char *txt = cJSON_Print(item);
    cJSON_Delete(item);
    fputs(s->n++ ? ",\n  " : "\n  ", s->f);
    int bol = 0;
    for (const char *p = txt; p && *p; p++) {
        if (*p == '\t') fputs(bol ? "  " : " ", s->f);
        else if (*p == '\n') fputs("\n  ", s->f);
        else fputc(*p, s->f);
        bol = *p == '\n' || (bol && *p == '\t');
    }
    free(txt);
    return CLI_OK;
}

int cli_json_stream_end(cli_json_stream *s)
{
    fputs(s->n ? "\n]\n" : "]\n", s->f);
    return CLI_OK;
}

/* A cell as JSON: a number when the whole cell is one, null when empty, else a string. */
static cJSON *cell_json(const char *c)
{
    if (!*c) return cJSON_CreateNull();
    char *end;
    double v = strtod(c, &end);
    if (*end == '\0' && end != c && isfinite(v)) return cJSON_CreateNumber(v);
    return cJSON_CreateString(c);
}

cJSON *cli_table_row_json(const cli_table *t, int r)
{
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; c < t->ncols; c++)
        cJSON_AddItemToObject(o, t->headers[c], cell_json(t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]));
    return o;
}

cJSON *cli_table_json(const cli_table *t)
{
    cJSON *arr = cJSON_CreateArray();
    for (int r = 0; r < t->nrows; r++) {
        cJSON *o = cJSON_CreateObject();
        for (int c = 0; c < t->ncols; c++)
            cJSON_AddItemToObject(o, t->headers[c], cell_json(t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

int cli_table_output(const cli_table *t, FILE *f, cli_format fmt)
{
    if (fmt == CLI_FMT_JSON) return cli_json_fprint(cli_table_json(t), f);
    return cli_table_print(t, f, fmt);
}
