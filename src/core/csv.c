/* The CSV record reader (core/csv.h). */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

static const char OOM[] = "out of memory";

void lmds_csv_init(lmds_csv *c, const char *text)
{
    memset(c, 0, sizeof *c);
    c->p = text;
    c->next_line = 1;
}

void lmds_csv_init_stream(lmds_csv *c, FILE *f)
{
    memset(c, 0, sizeof *c);
    c->stream = f;
    c->next_line = 1;
}

void lmds_csv_clear(lmds_csv *c)
{
    free(c->buf);
    free(c->rec);
    c->buf = c->rec = NULL;
    c->cap = c->rec_cap = 0;
}

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need)
        ncap *= 2;
    char *nb = realloc(*buf, ncap);
    if (!nb)
        return 0;
    *buf = nb;
    *cap = ncap;
    return 1;
}

static int fail(lmds_csv *c, const char *reason, int column)
{
    c->reason = reason;
    c->column = column;
    return -1;
}

/* Streaming: read physical lines into c->rec until the quotes balance (a quoted field may span lines).
 * Returns 1 with a record, 0 at end of input, -1 on error. */
static int read_record(lmds_csv *c)
{
    size_t n = 0;
    int inq = 0, ch;
    while ((ch = getc(c->stream)) != EOF) {
        if (!grow(&c->rec, &c->rec_cap, n + 2))
            return fail(c, OOM, 0);
        c->rec[n++] = (char)ch;
        if (ch == '"')
            inq = !inq; /* a doubled quote toggles twice */
        else if (ch == '\n' && !inq)
            break;
        if (n > LMDS_CSV_MAX_RECORD)
            return fail(c, "record longer than 1 MiB (an unterminated quote?)", 1);
    }
    if (n == 0)
        return 0;
    c->rec[n] = '\0';
    c->p = c->rec;
    return 1;
}

static void skip_bom(lmds_csv *c)
{
    if (c->started)
        return;
    c->started = 1;
    if (c->p && (unsigned char)c->p[0] == 0xEF && (unsigned char)c->p[1] == 0xBB && (unsigned char)c->p[2] == 0xBF)
        c->p += 3;
}

/* Append one byte to the field buffer. */
#define PUT(ch)                                                                                                    \
    do {                                                                                                           \
        if (!grow(&c->buf, &c->cap, len + 2))                                                                      \
            return fail(c, OOM, 0);                                                                                \
        c->buf[len++] = (ch);                                                                                      \
    } while (0)

/* Parse one record starting at c->p. */
static int parse_record(lmds_csv *c)
{
    size_t len = 0, offsets[LMDS_CSV_MAX_FIELDS];
    const char *s = c->p, *line_begin = s;
    int nf = 0;
    c->line = c->next_line;
    for (;;) {
        if (nf >= LMDS_CSV_MAX_FIELDS)
            return fail(c, "more than 256 fields", (int)(s - line_begin) + 1);
        offsets[nf] = len;
        c->columns[nf] = (int)(s - line_begin) + 1;
        nf++;
        if (*s == '"') {
            int qcol = (int)(s - line_begin) + 1;
            s++;
            for (;;) {
                if (!*s)
                    return fail(c, "unterminated quoted field", qcol);
                if (*s == '"' && s[1] == '"') {
                    PUT('"');
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n') {
                        c->next_line++;
                        line_begin = s + 1;
                    }
                    PUT(*s++);
                }
            }
        }
        while (*s && *s != ',' && *s != '\n' && !(*s == '\r' && s[1] == '\n'))
            PUT(*s++);
        if (!grow(&c->buf, &c->cap, len + 1))
            return fail(c, OOM, 0);
        c->buf[len++] = '\0';
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    c->next_line++;
    c->p = s;
    c->nfields = nf;
    for (int i = 0; i < nf; i++)
        c->fields[i] = c->buf + offsets[i];
    return 1;
}
#undef PUT

int lmds_csv_next(lmds_csv *c)
{
    c->reason = NULL;
    c->column = 0;
    if (c->stream) {
        int r = read_record(c);
        if (r <= 0) {
            c->line = c->next_line;
            return r;
        }
    }
    skip_bom(c);
    if (!c->p || !*c->p)
        return 0;
    return parse_record(c);
}

lmds_status lmds_csv_error(const lmds_csv *c, const char *path)
{
    if (c->reason == OOM)
        return lmds_error(LMDS_ENOMEM, "%s:%d: out of memory reading CSV", path ? path : "<csv>", c->line);
    return lmds_error_at(LMDS_EPARSE, path, c->line, c->column, "malformed CSV: %s",
                         c->reason ? c->reason : "unreadable record");
}

int lmds_csv_column(const lmds_csv *c, const char *name)
{
    for (int i = 0; i < c->nfields; i++)
        if (strcmp(c->fields[i], name) == 0)
            return i;
    return -1;
}

lmds_status lmds_csv_require(const lmds_csv *c, const char *path, const char *const *names, int n, int *index,
                             const char *expected)
{
    char missing[512] = "";
    size_t used = 0;
    int nmissing = 0;
    for (int i = 0; i < n; i++) {
        int k = lmds_csv_column(c, names[i]);
        if (index)
            index[i] = k;
        if (k < 0 && used < sizeof missing) {
            int w = snprintf(missing + used, sizeof missing - used, "%s%s", nmissing ? ", " : "", names[i]);
            used += w > 0 ? (size_t)w : 0;
            nmissing++;
        }
    }
    if (nmissing == 0)
        return LMDS_OK;
    return lmds_error_at(LMDS_EPARSE, path, c->line, 1, "missing column%s %s; expected a header like: %s",
                         nmissing > 1 ? "s" : "", missing, expected ? expected : "(see the documentation)");
}
