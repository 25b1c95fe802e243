/* CLI helpers: errors, strict option parsing, tables, JSON, progress. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void cli_flush_warnings(void)
{
    for (size_t i = 0; i < lmds_warning_count(); i++) fprintf(stderr, "lmds: warning: %s\n", lmds_warning_get(i));
    lmds_warnings_clear();
}

int cli_fail(lmds_status st)
{
    cli_flush_warnings();
    const char *msg = lmds_errmsg();
    fprintf(stderr, "lmds: error: %s\n", (msg && *msg) ? msg : lmds_strerror(st));
    return CLI_BAD_INPUT;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "lmds %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'lmds %s --help'.\n", cmd);
    va_end(ap);
    return CLI_USAGE;
}

int cli_is_help(const char *arg) { return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0); }

int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out)
{
    if (!s || !*s) return cli_usage(cmd, "%s needs a number", opt);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return cli_usage(cmd, "%s: '%s' is not a finite number", opt, s);
    *out = v;
    return CLI_OK;
}

int cli_parse_int(const char *cmd, const char *opt, const char *s, long *out)
{
    if (!s || !*s) return cli_usage(cmd, "%s needs a whole number", opt);
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE) return cli_usage(cmd, "%s: '%s' is not a whole number", opt, s);
    *out = v;
    return CLI_OK;
}

struct cli_table {
    int ncols, nrows, cap;
    char **headers;
    char **cells; /* nrows x ncols */
};

cli_table *cli_table_new(int ncols, const char *const *headers)
{
    cli_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->ncols = ncols;
    t->headers = calloc((size_t)ncols, sizeof *t->headers);
    for (int i = 0; i < ncols; i++) t->headers[i] = strdup(headers[i] ? headers[i] : "");
    return t;
}

void cli_table_add(cli_table *t, const char *const *cells)
{
    if (!t) return;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->cells = realloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    for (int i = 0; i < t->ncols; i++)
        t->cells[(size_t)t->nrows * (size_t)t->ncols + (size_t)i] = strdup(cells[i] ? cells[i] : "");
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

/* Display width of a UTF-8 string (counts code points). */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

void cli_table_print(const cli_table *t, FILE *f, cli_format fmt)
{
    if (!t) return;
    if (fmt == CLI_FMT_CSV) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', f);
            print_csv_cell(f, t->headers[c]);
        }
        fputc('\n', f);
        for (int r = 0; r < t->nrows; r++) {
            for (int c = 0; c < t->ncols; c++) {
                if (c) fputc(',', f);
                print_csv_cell(f, t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]);
            }
            fputc('\n', f);
        }
        return;
    }
    int *w = calloc((size_t)t->ncols, sizeof *w);
    for (int c = 0; c < t->ncols; c++) {
        w[c] = width(t->headers[c]);
        for (int r = 0; r < t->nrows; r++) {
            int k = width(t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]);
            if (k > w[c]) w[c] = k;
        }
    }
    for (int c = 0; c < t->ncols; c++) fprintf(f, "%s%-*s", c ? "  " : "", c == t->ncols - 1 ? 0 : w[c], t->headers[c]);
    fputc('\n', f);
    for (int c = 0; c < t->ncols; c++) {
        fputs(c ? "  " : "", f);
        for (int k = 0; k < w[c]; k++) fputc('-', f);
    }
    fputc('\n', f);
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
            int pad = w[c] - width(s);
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
    free(w);
}

void cli_table_free(cli_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncols; i++) free(t->headers[i]);
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
    free(t->headers);
    free(t->cells);
    free(t);
}

void cli_json_print(cJSON *json)
{
    /* cJSON indents with tabs and writes "key":<TAB>value; print two-space indents and "key": value. */
    char *s = cJSON_Print(json);
    if (s) {
        int bol = 1;
        for (const char *p = s; *p; p++) {
            if (*p == '\t') {
                fputs(bol ? "  " : " ", stdout);
                continue;
            }
            bol = *p == '\n';
            fputc(*p, stdout);
        }
        fputc('\n', stdout);
        free(s);
    }
    cJSON_Delete(json);
}

cJSON *cli_json_number(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

struct cli_progress {
    char label[64];
    long total, last_done;
    double start, last_print;
    int active;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

cli_progress *cli_progress_start(const char *label, long total)
{
    cli_progress *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    p->total = total;
    p->start = p->last_print = now_s();
    const char *ci = getenv("CI");
    p->active = isatty(STDERR_FILENO) && !(ci && *ci);
    return p;
}

static void fmt_duration(double s, char *buf, size_t n)
{
    if (!isfinite(s) || s < 0) snprintf(buf, n, "--");
    else if (s < 60) snprintf(buf, n, "%.0fs", s);
    else if (s < 3600) snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
    else snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
}

void cli_progress_update(cli_progress *p, long done)
{
    if (!p || !p->active) return;
    double t = now_s();
    if (t - p->last_print < 0.1 && done < p->total) return;
    p->last_print = t;
    double el = t - p->start, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(p->total - done) / rate : NAN;
    char etas[32];
    fmt_duration(eta, etas, sizeof etas);
    int bar = 30, fill = p->total > 0 ? (int)((double)bar * (double)done / (double)p->total) : 0;
    if (fill > bar) fill = bar;
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < bar; i++) fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %ld/%ld  %.1f/s  ETA %s   ", done, p->total, rate, etas);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (!p) return;
    if (p->active) {
        cli_progress_update(p, p->total);
        char el[32];
        fmt_duration(now_s() - p->start, el, sizeof el);
        fprintf(stderr, "\r%s: %ld done in %s%40s\n", p->label, p->total, el, "");
    }
    free(p);
}
