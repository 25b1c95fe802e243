/* Output files (atomic, never over an input) and batch input (arguments, --input FILE, "-"), read one bounded
 * line at a time. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

/* ------------------------------------------------------------------ output files */

/* The files the running command reads (cli_input_declare); every output is checked against them. */
#define MAX_DECLARED 16
static const char *declared[MAX_DECLARED];

void cli_input_declare(const char *path)
{
    for (int i = 0; path && i < MAX_DECLARED; i++)
        if (!declared[i]) {
            declared[i] = path;
            return;
        }
}

static int clash(const char *path, const char *input)
{
    if (!cli_same_path(path, input)) return 0;
    fprintf(stderr, "lmds: error: %s: would overwrite the input %s; choose another output file\n", path, input);
    return 1;
}

lmds_ofile *cli_output_open(const char *path, const char *const *inputs)
{
    lmds_ofile *o = NULL;
    for (const char *const *in = inputs; in && *in; in++)
        if (clash(path, *in)) return NULL;
    for (int i = 0; i < MAX_DECLARED && declared[i]; i++)
        if (clash(path, declared[i])) return NULL;
    lmds_status st = lmds_ofile_open(path, inputs, &o);
    if (st != LMDS_OK) {
        cli_fail(st);
        return NULL;
    }
    cli_output_track(o, 1);
    return o;
}

int cli_output_commit(lmds_ofile *o)
{
    cli_output_track(o, 0);
    lmds_status st = lmds_ofile_commit(o);
    return st == LMDS_OK ? CLI_OK : cli_fail(st);
}

void cli_output_abort(lmds_ofile *o)
{
    if (!o) return;
    cli_output_track(o, 0);
    lmds_ofile_abort(o);
}

/* The absolute path of p's directory plus p's last component, without requiring p itself to exist. */
static int resolved(const char *p, char *out, size_t n)
{
    char dirbuf[PATH_MAX], basebuf[PATH_MAX], real[PATH_MAX];
    snprintf(dirbuf, sizeof dirbuf, "%s", p);
    snprintf(basebuf, sizeof basebuf, "%s", p);
    if (!realpath(dirname(dirbuf), real)) return 0;
    snprintf(out, n, "%s/%s", real, basename(basebuf));
    return 1;
}

int cli_same_path(const char *a, const char *b)
{
    if (!a || !b || !strcmp(a, "-") || !strcmp(b, "-")) return 0;
    if (lmds_file_same(a, b)) return 1;
    char ra[2 * PATH_MAX + 2], rb[2 * PATH_MAX + 2];
    return resolved(a, ra, sizeof ra) && resolved(b, rb, sizeof rb) && strcmp(ra, rb) == 0;
}

/* ------------------------------------------------------------------ bounded lines */

typedef struct line_reader {
    FILE *f;
    int owned;        /* fclose at the end (not stdin) */
    const char *name; /* "<stdin>" or the path */
    long lineno;
    char *buf;        /* CLI_LINE_MAX + 2 bytes */
    int read_error;
} line_reader;

static int reader_open(line_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    if (!strcmp(path, "-")) {
        r->f = stdin;
        r->name = "<stdin>";
    } else {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            fprintf(stderr, "lmds: error: %s: is a directory\n", path);
            return -1;
        }
        r->f = fopen(path, "r");
        r->owned = 1;
        r->name = path;
        if (!r->f) {
            fprintf(stderr, "lmds: error: %s: cannot open (%s)\n", path, strerror(errno));
            return -1;
        }
    }
    r->buf = cli_xmalloc(CLI_LINE_MAX + 2);
    return 0;
}

/* Skip to the end of an over-long line. */
static void skip_rest(line_reader *r)
{
    int c;
    while ((c = fgetc(r->f)) != EOF && c != '\n') {
    }
}

/* Next non-blank line without its "#" comment: 1 (text in r->buf), 0 at the end, -1 for an over-long line. */
static int reader_next(line_reader *r, char **text)
{
    while (fgets(r->buf, CLI_LINE_MAX + 2, r->f)) {
        r->lineno++;
        size_t len = strlen(r->buf);
        if (len > CLI_LINE_MAX && r->buf[len - 1] != '\n') {
            skip_rest(r);
            return -1;
        }
        char *hash = strchr(r->buf, '#');
        if (hash) *hash = '\0';
        char *s = r->buf, *e = s + strlen(s);
        while (isspace((unsigned char)*s)) s++;
        while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
        if (!*s) continue;
        *text = s;
        return 1;
    }
    if (ferror(r->f)) r->read_error = errno ? errno : EIO;
    return 0;
}

static int reader_close(line_reader *r)
{
    int rc = CLI_OK;
    if (r->read_error) {
        fprintf(stderr, "lmds: error: %s: read error after line %ld (%s)\n", r->name, r->lineno,
                strerror(r->read_error));
        rc = CLI_BAD_INPUT;
    }
    if (r->owned && r->f) fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
    return rc;
}

/* ------------------------------------------------------------------ batch inputs */

struct cli_inputs {
    const cli_args *a;
    int argi;              /* next positional argument */
    const char *file;      /* --input FILE, read after the arguments */
    int file_done;
    line_reader r;
    int reading;
    int nbad, failed;
};

cli_inputs *cli_inputs_open(const cli_args *a, const char *input_file)
{
    cli_inputs *in = cli_xcalloc(1, sizeof *in);
    in->a = a;
    in->file = input_file;
    /* Open --input now, so that a missing file is reported before any work. */
    if (input_file) {
        if (reader_open(&in->r, input_file) != 0) {
            free(in);
            return NULL;
        }
        in->reading = 1;
    }
    return in;
}

/* Start reading "-" given as an argument (after any earlier argument). */
static int open_arg_stdin(cli_inputs *in)
{
    if (in->reading) reader_close(&in->r);
    in->reading = reader_open(&in->r, "-") == 0 ? 2 : 0;
    return in->reading ? 0 : -1;
}

static int next_line(cli_inputs *in, const char **text, char *where, size_t n)
{
    char *t;
    int r = reader_next(&in->r, &t);
    if (r == 0) return 0;
    snprintf(where, n, "%s:%ld", in->r.name, in->r.lineno);
    if (r < 0) return -1;
    *text = t;
    return 1;
}

int cli_inputs_next(cli_inputs *in, const char **text, char *where, size_t n)
{
    for (;;) {
        if (in->reading == 2) { /* an argument "-": standard input in its place */
            int r = next_line(in, text, where, n);
            if (r) return r;
            in->failed |= reader_close(&in->r) != CLI_OK;
            in->reading = 0;
            if (in->file) in->reading = reader_open(&in->r, in->file) == 0 ? 1 : 0;
        }
        if (in->argi < cli_argc(in->a)) {
            const char *arg = cli_arg(in->a, in->argi++);
            if (!strcmp(arg, "-")) {
                if (in->reading == 1) { /* --input was opened early: reopen it after stdin */
                    reader_close(&in->r);
                    in->reading = 0;
                }
                if (open_arg_stdin(in) != 0) return 0;
                continue;
            }
            snprintf(where, n, "argument %d", in->argi);
            *text = arg;
            return 1;
        }
        if (in->reading == 1) {
            int r = next_line(in, text, where, n);
            if (r) return r;
            in->failed |= reader_close(&in->r) != CLI_OK;
            in->reading = 0;
        }
        return 0;
    }
}

void cli_inputs_bad(cli_inputs *in, const char *where, const char *message)
{
    fprintf(stderr, "lmds: error: %s: %s\n", where, message);
    in->nbad++;
}

int cli_inputs_nbad(const cli_inputs *in) { return in->nbad; }

int cli_inputs_close(cli_inputs *in)
{
    if (!in) return CLI_OK;
    int failed = in->failed;
    if (in->reading) failed |= reader_close(&in->r) != CLI_OK;
    free(in);
    return failed ? CLI_BAD_INPUT : CLI_OK;
}

/* ------------------------------------------------------------------ compositions */

/* Does s end with "at%" (case and spaces aside)? */
static int ends_with_at_pct(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    return n >= 3 && strncasecmp(s + n - 3, "at%", 3) == 0;
}

lmds_status cli_comp_parse(const char *s, int by_weight, int no_normalize, lmds_comp *c)
{
    if (by_weight && ends_with_at_pct(s))
        return lmds_error(LMDS_EINVAL, "'%.60s' is written in at%% but --wt says weight: give one of the two", s);
    lmds_comp_opts o = {0};
    o.by_weight = by_weight;
    o.no_normalize = no_normalize;
    return lmds_comp_parse(s, &o, c);
}
