#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

void lmds_csv_init(lmds_csv *c, const char *text)
{
    memset(c, 0, sizeof *c);
    c->p = text;
    c->next_line = 1;
}

void lmds_csv_clear(lmds_csv *c)
{
    free(c->buf);
    c->buf = NULL;
    c->cap = 0;
}

static int grow(lmds_csv *c, size_t need)
{
    if (need <= c->cap) return 1;
    size_t cap = c->cap ? c->cap : 256;
    while (cap < need) cap *= 2;
    char *nb = realloc(c->buf, cap);
    if (!nb) return 0;
    /* Field pointers are rebuilt from offsets after the record is complete, so moving buf is safe. */
    c->buf = nb;
    c->cap = cap;
    return 1;
}

int lmds_csv_next(lmds_csv *c)
{
    if (!c->p || !*c->p) return 0;
    c->line = c->next_line;
    size_t len = 0, offsets[LMDS_CSV_MAX_FIELDS];
    const char *start = c->p, *s = c->p;
    int nf = 0, line_start_col = 0;
    const char *line_begin = s;
    for (;;) {
        if (nf >= LMDS_CSV_MAX_FIELDS) return -1;
        offsets[nf] = len;
        c->columns[nf] = (int)(s - line_begin) + 1 + line_start_col;
        nf++;
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s) return -1;
                if (*s == '"' && s[1] == '"') {
                    if (!grow(c, len + 2)) return -1;
                    c->buf[len++] = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n') c->next_line++;
                    if (!grow(c, len + 2)) return -1;
                    c->buf[len++] = *s++;
                }
            }
        }
        while (*s && *s != ',' && *s != '\n' && !(*s == '\r' && s[1] == '\n')) {
            if (!grow(c, len + 2)) return -1;
            c->buf[len++] = *s++;
        }
        if (!grow(c, len + 1)) return -1;
        c->buf[len++] = '\0';
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r') s++;
        if (*s == '\n') s++;
        break;
    }
    (void)start;
    c->next_line++;
    c->p = s;
    c->nfields = nf;
    for (int i = 0; i < nf; i++) c->fields[i] = c->buf + offsets[i];
    return 1;
}
