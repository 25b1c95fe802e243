/* CLI helpers: messages, parsing with the option layer, memory that cannot fail silently, the one check that no
 * NaN or infinity is printed as a result, progress and work estimates. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* A warning's kind: its text with the numbers masked ("equilibrium at 250.00 K: below 298.15 K ..." and the same at
 * 255 K are one kind). */
static void warning_kind(const char *w, char *key, size_t n)
{
    size_t k = 0;
    for (; *w && k + 1 < n; w++) {
        int num = isdigit((unsigned char)*w) || (*w == '.' && isdigit((unsigned char)w[1]));
        if (num && k && key[k - 1] == '#') continue;
        key[k++] = num ? '#' : *w;
    }
    key[k] = 0;
}

/* Print the library's warnings, each kind once with a count of the repeats: a phase diagram or a design run can
 * raise the same warning at thousands of points. */
void cli_flush_warnings(void)
{
    size_t n = lmds_warning_count();
    enum { MAXKIND = 64 };
    char keys[MAXKIND][160];
    size_t first[MAXKIND], count[MAXKIND], nk = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        char key[160];
        warning_kind(lmds_warning_get(i), key, sizeof key);
        size_t k = 0;
        while (k < nk && strcmp(keys[k], key)) k++;
        if (k == nk) {
            if (nk == MAXKIND) { other++; continue; }
            snprintf(keys[nk], sizeof keys[nk], "%s", key);
            first[nk] = i;
            count[nk++] = 0;
        }
        count[k]++;
    }
    for (size_t k = 0; k < nk; k++) {
        fprintf(stderr, "lmds: warning: %s\n", lmds_warning_get(first[k]));
        if (count[k] > 1) fprintf(stderr, "lmds: warning: (%zu more like the one above)\n", count[k] - 1);
    }
    if (other) fprintf(stderr, "lmds: warning: (%zu further warnings of other kinds)\n", other);
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

int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_args **a, int *exit_code)
{
    int r = cli_args_parse(cmd, argc, argv, a);
    *exit_code = r < 0 ? CLI_OK : r;
    return r == 0 ? CLI_OK : -1;
}

cli_format cli_args_format(const cli_args *a)
{
    if (cli_declares(a, "json") && cli_has(a, "json")) return CLI_FMT_JSON;
    return cli_declares(a, "csv") && cli_has(a, "csv") ? CLI_FMT_CSV : CLI_FMT_TABLE;
}

/* ------------------------------------------------------------------ memory */

/* Output files being written, removed when the program must stop for lack of memory. */
#define MAX_OPEN_OUTPUTS 8
static lmds_ofile *open_outputs[MAX_OPEN_OUTPUTS];

void cli_output_track(lmds_ofile *o, int on)
{
    for (int i = 0; i < MAX_OPEN_OUTPUTS; i++)
        if (on ? !open_outputs[i] : open_outputs[i] == o) {
            open_outputs[i] = on ? o : NULL;
            return;
        }
}

static void out_of_memory(size_t n)
{
    for (int i = 0; i < MAX_OPEN_OUTPUTS; i++)
        if (open_outputs[i]) {
            lmds_ofile_abort(open_outputs[i]);
            open_outputs[i] = NULL;
        }
    /* No stdio buffers: they may need memory themselves. */
    char msg[128];
    int len = snprintf(msg, sizeof msg, "lmds: error: out of memory (a request for %zu bytes failed)\n", n);
    if (write(STDERR_FILENO, msg, (size_t)len) < 0) {
        /* nothing more to do */
    }
    _exit(CLI_BAD_INPUT);
}

void *cli_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *cli_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory(n * size);
    return p;
}

void *cli_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

char *cli_xstrdup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = cli_xmalloc(n);
    memcpy(d, s ? s : "", n);
    return d;
}

void cli_memory_init(void)
{
    cJSON_Hooks h = {cli_xmalloc, free};
    cJSON_InitHooks(&h);
}

/* ------------------------------------------------------------------ results */

static int result_failed;

void cli_result_fail(const char *what)
{
    if (!result_failed)
        fprintf(stderr, "lmds: error: %s could not be computed (not a finite number); no result is printed\n",
                what ? what : "a result");
    result_failed = 1;
}

int cli_result_failed(void) { return result_failed; }

static char *ring_buffer(void)
{
    static char ring[32][64];
    static int next;
    next = (next + 1) % 32;
    return ring[next];
}

const char *cli_num_s(double v, const char *fmt, const char *what)
{
    if (!isfinite(v)) {
        cli_result_fail(what);
        return "";
    }
    char *b = ring_buffer();
    snprintf(b, 64, fmt, v);
    return b;
}

const char *cli_opt_s(double v, const char *fmt)
{
    if (!isfinite(v)) return "";
    char *b = ring_buffer();
    snprintf(b, 64, fmt, v);
    return b;
}

void cli_json_num(cJSON *o, const char *key, double v)
{
    if (!isfinite(v)) {
        cli_result_fail(key);
        cJSON_AddNullToObject(o, key);
        return;
    }
    cJSON_AddNumberToObject(o, key, v);
}

void cli_json_opt(cJSON *o, const char *key, double v)
{
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

/* ------------------------------------------------------------------ progress */

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
    cli_progress *p = cli_xcalloc(1, sizeof *p);
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

void cli_progress_cb(void *ctx, long done, long total)
{
    cli_progress_ctx *p = ctx;
    if (!p->bar) p->bar = cli_progress_start(p->label, total);
    cli_progress_update(p->bar, done);
}

void cli_progress_ctx_end(cli_progress_ctx *p)
{
    cli_progress_end(p->bar);
    p->bar = NULL;
}

int cli_work_check(const char *cmd, double estimate, double limit, const char *unit, int force)
{
    if (estimate > limit && !force) {
        fprintf(stderr,
                "lmds %s: about %.3g %s estimated, above the limit of %.3g; coarsen the search (a larger --step, "
                "fewer elements or components) or add --force to run it anyway\n",
                cmd, estimate, unit, limit);
        return CLI_USAGE;
    }
    if (estimate > limit / 10)
        fprintf(stderr, "lmds %s: note: about %.3g %s estimated%s\n", cmd, estimate, unit,
                estimate > limit ? " (above the limit; --force given)" : "");
    return CLI_OK;
}
