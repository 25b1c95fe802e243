/* Reading import files into a table of strings: CSV after RFC 4180 (quoted fields with "" escapes, embedded
 * newlines, CRLF or LF, blank lines skipped) and JSON arrays of flat objects. Every row keeps the line where
 * it starts so that importers can say file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <cjson/cJSON.h>
#include "genome_internal.h"

typedef struct strbuf {
    char *s;
    size_t n, cap;
} strbuf;

static int sb_putc(strbuf *b, char c)
{
    if (b->n + 2 > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        char *s = realloc(b->s, cap);
        if (!s) return -1;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
    return 0;
}

/* Growing list of strings (one record's fields). */
typedef struct strlist {
    char **v;
    int n, cap;
} strlist;

static int sl_push(strlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c) return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    l->v[l->n++] = c;
    return 0;
}

static void sl_clear(strlist *l)
{
    for (int i = 0; i < l->n; i++) free(l->v[i]);
    l->n = 0;
}

void genome_table_clear(genome_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncols; i++) free(t->header[i]);
    free(t->header);
    if (t->cells)
        for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->line);
    memset(t, 0, sizeof *t);
}

static char *trim_dup(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* Append one row (ncols strings, taking ownership of the copies made here). */
static lmds_status table_add_row(genome_table *t, char **fields, int nf, long line, size_t *cap)
{
    if (t->nrows == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        char **cells = realloc(t->cells, nc * (size_t)t->ncols * sizeof *cells);
        if (!cells) return lmds_error(LMDS_ENOMEM, "out of memory reading a table");
        t->cells = cells;
        long *ln = realloc(t->line, nc * sizeof *ln);
        if (!ln) return lmds_error(LMDS_ENOMEM, "out of memory reading a table");
        t->line = ln;
        *cap = nc;
    }
    char **row = t->cells + t->nrows * (size_t)t->ncols;
    for (int j = 0; j < t->ncols; j++) {
        row[j] = trim_dup(j < nf ? fields[j] : "");
        if (!row[j]) {
            for (int k = 0; k < j; k++) free(row[k]);
            return lmds_error(LMDS_ENOMEM, "out of memory reading a table");
        }
    }
    t->line[t->nrows++] = line;
    return LMDS_OK;
}

lmds_status genome_table_read_csv(const char *text, size_t len, const char *file, genome_table *t)
{
    memset(t, 0, sizeof *t);
    strlist rec = {0};
    strbuf field = {0};
    size_t cap = 0, i = 0;
    long line = 1;
    lmds_status st = LMDS_OK;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        i = 3; /* UTF-8 byte-order mark */
    while (i < len && st == LMDS_OK) {
        long start_line = line;
        int col = 1;
        sl_clear(&rec);
        /* One record. */
        for (;;) {
            field.n = 0;
            if (sb_putc(&field, 0) < 0) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
            field.n = 0;
            field.s[0] = '\0';
            size_t fstart = i;
            if (i < len && text[i] == '"') {
                long qline = line;
                int qcol = (int)(i - fstart) + col;
                i++;
                for (;;) {
                    if (i >= len) {
                        st = lmds_error_at(LMDS_EPARSE, file, (int)qline, qcol, "unterminated quoted field");
                        break;
                    }
                    if (text[i] == '"') {
                        if (i + 1 < len && text[i + 1] == '"') {
                            sb_putc(&field, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    if (text[i] == '\0') {
                        st = lmds_error_at(LMDS_EPARSE, file, (int)line, 0, "NUL byte in a text file");
                        break;
                    }
                    if (sb_putc(&field, text[i]) < 0) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
                    i++;
                }
                if (st != LMDS_OK) break;
                /* Characters between the closing quote and the separator are kept (lenient, as spreadsheets do). */
                while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    sb_putc(&field, text[i]);
                    i++;
                }
            } else {
                while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '\0') {
                        st = lmds_error_at(LMDS_EPARSE, file, (int)line, 0, "NUL byte in a text file");
                        break;
                    }
                    if (sb_putc(&field, text[i]) < 0) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
                    i++;
                }
                if (st != LMDS_OK) break;
            }
            if (sl_push(&rec, field.s ? field.s : "", field.n) < 0) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
            col += (int)(i - fstart) + 1;
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            if (i < len && text[i] == '\r') i++;
            if (i < len && text[i] == '\n') {
                i++;
                line++;
            }
            break;
        }
        if (st != LMDS_OK) break;
        /* Blank line: one empty field. */
        if (rec.n == 1 && rec.v[0][0] == '\0') continue;
        if (!t->header) {
            t->ncols = rec.n;
            t->header = calloc((size_t)rec.n, sizeof *t->header);
            if (!t->header) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
            for (int j = 0; j < rec.n; j++) {
                t->header[j] = trim_dup(rec.v[j]);
                if (!t->header[j]) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
                if (t->header[j][0] == '\0') {
                    st = lmds_error_at(LMDS_EPARSE, file, (int)start_line, 0, "header column %d has no name", j + 1);
                    break;
                }
            }
            continue;
        }
        if (rec.n > t->ncols) {
            st = lmds_error_at(LMDS_EPARSE, file, (int)start_line, 0, "%d fields, the header has %d", rec.n, t->ncols);
            break;
        }
        st = table_add_row(t, rec.v, rec.n, start_line, &cap);
    }
    sl_clear(&rec);
    free(rec.v);
    free(field.s);
    if (st == LMDS_OK && !t->header) st = lmds_error_at(LMDS_EPARSE, file, 1, 0, "empty file: no header line");
    if (st != LMDS_OK) genome_table_clear(t);
    return st;
}

/* Lines where each top-level array element starts, found by a scan that skips strings. */
static long *json_item_lines(const char *text, size_t len, size_t *n)
{
    size_t cap = 64;
    long *lines = malloc(cap * sizeof *lines);
    long line = 1;
    int depth = 0, instr = 0;
    *n = 0;
    if (!lines) return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') line++;
        if (instr) {
            if (c == '\\') i++;
            else if (c == '"') instr = 0;
            continue;
        }
        if (c == '"') instr = 1;
        else if (c == '[' || c == '{') {
            if (depth == 1) {
                if (*n == cap) {
                    long *l = realloc(lines, 2 * cap * sizeof *l);
                    if (!l) { free(lines); return NULL; }
                    lines = l;
                    cap *= 2;
                }
                lines[(*n)++] = line;
            }
            depth++;
        } else if (c == ']' || c == '}') depth--;
    }
    return lines;
}

lmds_status genome_table_read_json(const char *text, size_t len, const char *file, genome_table *t)
{
    memset(t, 0, sizeof *t);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1;
        if (at && at >= text && at <= text + len)
            for (const char *p = text; p < at; p++) line += *p == '\n';
        return lmds_error_at(LMDS_EPARSE, file, (int)line, 0, "malformed JSON");
    }
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return lmds_error_at(LMDS_EPARSE, file, 1, 0, "expected a JSON array of objects");
    }
    size_t nlines = 0;
    long *lines = json_item_lines(text, len, &nlines);
    lmds_status st = LMDS_OK;
    strlist keys = {0};
    /* The header is the union of keys, in order of first appearance. */
    int idx = 0;
    for (cJSON *it = root->child; it && st == LMDS_OK; it = it->next, idx++) {
        long line = lines && (size_t)idx < nlines ? lines[idx] : idx + 1;
        if (!cJSON_IsObject(it)) {
            st = lmds_error_at(LMDS_EPARSE, file, (int)line, 0, "item %d is not an object", idx + 1);
            break;
        }
        for (cJSON *kv = it->child; kv; kv = kv->next) {
            int found = 0;
            for (int j = 0; j < keys.n && !found; j++) found = strcasecmp(keys.v[j], kv->string) == 0;
            if (!found && sl_push(&keys, kv->string, strlen(kv->string)) < 0) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
        }
    }
    if (st == LMDS_OK && keys.n == 0) st = lmds_error_at(LMDS_EPARSE, file, 1, 0, "no objects with keys");
    if (st == LMDS_OK) {
        t->ncols = keys.n;
        t->header = keys.v;
        keys.v = NULL;
        keys.n = 0;
        size_t cap = 0;
        char **fields = calloc((size_t)t->ncols, sizeof *fields);
        char num[64];
        idx = 0;
        for (cJSON *it = root->child; it && st == LMDS_OK && fields; it = it->next, idx++) {
            long line = lines && (size_t)idx < nlines ? lines[idx] : idx + 1;
            for (int j = 0; j < t->ncols; j++) {
                cJSON *v = cJSON_GetObjectItemCaseSensitive(it, t->header[j]);
                if (!v) {
                    for (cJSON *kv = it->child; kv; kv = kv->next)
                        if (strcasecmp(kv->string, t->header[j]) == 0) v = kv;
                }
                fields[j] = "";
                if (!v || cJSON_IsNull(v)) continue;
                if (cJSON_IsString(v)) fields[j] = v->valuestring;
                else if (cJSON_IsNumber(v)) {
                    snprintf(num, sizeof num, "%.17g", v->valuedouble);
                    fields[j] = strdup(num);
                    if (!fields[j]) fields[j] = "";
                    /* strdup'ed numbers are freed below */
                } else if (cJSON_IsBool(v)) fields[j] = cJSON_IsTrue(v) ? "1" : "0";
                else {
                    st = lmds_error_at(LMDS_EPARSE, file, (int)line, 0, "item %d: \"%s\" is not a string or a number",
                                       idx + 1, t->header[j]);
                    break;
                }
            }
            if (st == LMDS_OK) st = table_add_row(t, fields, t->ncols, line, &cap);
            for (int j = 0; j < t->ncols; j++) {
                cJSON *v = cJSON_GetObjectItemCaseSensitive(it, t->header[j]);
                if (v && cJSON_IsNumber(v) && fields[j][0]) free(fields[j]);
            }
        }
        if (!fields) st = lmds_error(LMDS_ENOMEM, "out of memory");
        free(fields);
    }
    sl_clear(&keys);
    free(keys.v);
    free(lines);
    cJSON_Delete(root);
    if (st != LMDS_OK) genome_table_clear(t);
    return st;
}

int genome_table_col(const genome_table *t, const char *name)
{
    for (int j = 0; j < t->ncols; j++)
        if (strcasecmp(t->header[j], name) == 0) return j;
    return -1;
}

const char *genome_table_cell(const genome_table *t, size_t row, int col)
{
    if (col < 0 || col >= t->ncols || row >= t->nrows) return "";
    return t->cells[row * (size_t)t->ncols + (size_t)col];
}

lmds_status genome_read_file(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return lmds_error(LMDS_EIO, "%s: cannot open", path);
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    if (!b) {
        fclose(f);
        return lmds_error(LMDS_ENOMEM, "out of memory reading %s", path);
    }
    for (;;) {
        if (cap - n < 4096) {
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                fclose(f);
                return lmds_error(LMDS_ENOMEM, "out of memory reading %s", path);
            }
            b = nb;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(b);
        return lmds_error(LMDS_EIO, "%s: read error", path);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return LMDS_OK;
}
