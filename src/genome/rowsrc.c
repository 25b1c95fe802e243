/* The rows an import reads: a CSV streamed record by record through the core reader (core/csv.h: RFC 4180, BOM,
 * CRLF, quoted line breaks), or the items of a JSON array of flat objects. Either way a header of column names and
 * rows of trimmed strings, each row with the line where it starts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "genome_internal.h"

/* Trim spaces in place (the fields belong to the reader's buffers). */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static int blank_record(const lmds_csv *c) { return c->nfields == 1 && trim(c->fields[0])[0] == '\0'; }

static void free_owned(genome_src *s)
{
    if (!s->owned) return;
    for (int j = 0; j < s->ncols; j++) {
        free(s->owned[j]);
        s->owned[j] = NULL;
    }
}

void genome_src_close(genome_src *s)
{
    if (!s) return;
    free_owned(s);
    free(s->owned);
    for (int j = 0; j < s->ncols && s->header; j++) free(s->header[j]);
    free(s->header);
    free(s->cells);
    free(s->item_lines);
    cJSON_Delete(s->root);
    if (!s->json) lmds_csv_clear(&s->csv);
    memset(s, 0, sizeof *s);
}

/* Take the header names (copied, trimmed); an empty name is an error at its column. */
static lmds_status set_header(genome_src *s, char *const *names, const int *columns, int n, long line)
{
    s->ncols = n;
    s->header = calloc((size_t)n, sizeof *s->header);
    s->cells = calloc((size_t)n, sizeof *s->cells);
    if (!s->header || !s->cells) return lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
    for (int j = 0; j < n; j++) {
        char *t = trim(names[j]);
        if (!*t)
            return lmds_error_at(LMDS_EPARSE, s->file, (int)line, columns ? columns[j] : 0,
                                 "header column %d has no name", j + 1);
        if (!(s->header[j] = strdup(t))) return lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
    }
    return LMDS_OK;
}

static lmds_status open_csv(genome_src *s, FILE *f)
{
    lmds_csv_init_stream(&s->csv, f);
    int r;
    while ((r = lmds_csv_next(&s->csv)) == 1 && blank_record(&s->csv)) {
    }
    if (r < 0) return lmds_csv_error(&s->csv, s->file);
    if (r == 0) return lmds_error_at(LMDS_EPARSE, s->file, 1, 0, "empty file: no header line");
    return set_header(s, s->csv.fields, s->csv.columns, s->csv.nfields, s->csv.line);
}

static int next_csv(genome_src *s, lmds_status *st)
{
    int r;
    while ((r = lmds_csv_next(&s->csv)) == 1 && blank_record(&s->csv)) {
    }
    if (r < 0) {
        *st = lmds_csv_error(&s->csv, s->file);
        return -1;
    }
    if (r == 0) return 0;
    if (s->csv.nfields > s->ncols) {
        *st = lmds_error_at(LMDS_EPARSE, s->file, s->csv.line, s->csv.columns[s->ncols],
                            "%d fields, the header has %d", s->csv.nfields, s->ncols);
        return -1;
    }
    for (int j = 0; j < s->ncols; j++) s->cells[j] = j < s->csv.nfields ? trim(s->csv.fields[j]) : "";
    s->line = s->csv.line;
    return 1;
}

int genome_json_nul_escape(const char *text, size_t len, int *line, int *col)
{
    int ln = 1, c = 1, instr = 0;
    for (size_t i = 0; i < len; i++, c++) {
        char ch = text[i];
        if (ch == '\n') {
            ln++;
            c = 0;
            continue;
        }
        if (!instr) {
            instr = ch == '"';
            continue;
        }
        if (ch == '"') instr = 0;
        else if (ch == '\\' && i + 1 < len) {
            if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0) {
                *line = ln;
                *col = c;
                return 1;
            }
            i++, c++; /* the escaped character */
        }
    }
    return 0;
}

/* Lines where each top-level array element starts, found by a scan that skips strings. */
static long *json_item_lines(const char *text, size_t len, size_t *n)
{
    size_t cap = 64;
    long *lines = malloc(cap * sizeof *lines), line = 1;
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
                    if (!l) {
                        free(lines);
                        return NULL;
                    }
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

static long item_line(const genome_src *s, size_t idx)
{
    return idx < s->nitems && s->item_lines ? s->item_lines[idx] : (long)idx + 1;
}

/* The header of a JSON table: the union of the keys of all items, in order of first appearance. */
static lmds_status json_header(genome_src *s)
{
    char **keys = NULL;
    int n = 0, cap = 0;
    lmds_status st = LMDS_OK;
    size_t idx = 0;
    for (cJSON *it = ((cJSON *)s->root)->child; it && st == LMDS_OK; it = it->next, idx++) {
        if (!cJSON_IsObject(it)) {
            st = lmds_error_at(LMDS_EPARSE, s->file, (int)item_line(s, idx), 0, "item %zu is not an object", idx + 1);
            break;
        }
        for (cJSON *kv = it->child; kv && st == LMDS_OK; kv = kv->next) {
            int found = 0;
            for (int j = 0; j < n && !found; j++) found = strcmp(keys[j], kv->string) == 0;
            if (found) continue;
            if (n == cap) {
                char **k2 = realloc(keys, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *k2);
                if (!k2) st = lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
                else keys = k2;
            }
            if (st == LMDS_OK) keys[n++] = kv->string;
        }
    }
    if (st == LMDS_OK && n == 0) st = lmds_error_at(LMDS_EPARSE, s->file, 1, 0, "no objects with keys");
    if (st == LMDS_OK) st = set_header(s, keys, NULL, n, 1);
    if (st == LMDS_OK && !(s->owned = calloc((size_t)n, sizeof *s->owned)))
        st = lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
    free(keys);
    return st;
}

static lmds_status open_json(genome_src *s, const char *text, size_t len)
{
    int line, col;
    if (genome_json_nul_escape(text, len, &line, &col))
        return lmds_error_at(LMDS_EPARSE, s->file, line, col, "a string holds a NUL character (\\u0000): "
                             "text with NUL cannot be stored faithfully");
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long ln = 1;
        if (at && at >= text && at <= text + len)
            for (const char *p = text; p < at; p++) ln += *p == '\n';
        return lmds_error_at(LMDS_EPARSE, s->file, (int)ln, 0, "malformed JSON");
    }
    s->root = root;
    if (!cJSON_IsArray(root)) return lmds_error_at(LMDS_EPARSE, s->file, 1, 0, "expected a JSON array of objects");
    s->item_lines = json_item_lines(text, len, &s->nitems);
    if (!s->item_lines) return lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
    return json_header(s);
}

static int next_json(genome_src *s, lmds_status *st)
{
    cJSON *it = s->item ? ((cJSON *)s->item)->next : ((cJSON *)s->root)->child;
    if (!it) return 0;
    if (s->item) s->idx++;
    s->item = it;
    s->line = item_line(s, s->idx);
    free_owned(s);
    for (int j = 0; j < s->ncols; j++) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(it, s->header[j]);
        s->cells[j] = "";
        if (!v || cJSON_IsNull(v)) continue;
        if (cJSON_IsString(v)) s->cells[j] = trim(v->valuestring);
        else if (cJSON_IsBool(v)) s->cells[j] = cJSON_IsTrue(v) ? "1" : "0";
        else if (cJSON_IsNumber(v)) {
            char num[64];
            snprintf(num, sizeof num, "%.17g", v->valuedouble);
            if (!(s->owned[j] = strdup(num))) {
                *st = lmds_error(LMDS_ENOMEM, "out of memory reading %s", s->file);
                return -1;
            }
            s->cells[j] = s->owned[j];
        } else {
            *st = lmds_error_at(LMDS_EPARSE, s->file, (int)s->line, 0, "item %zu: \"%s\" is not a string or a number",
                                s->idx + 1, s->header[j]);
            return -1;
        }
    }
    return 1;
}

lmds_status genome_src_open(genome_src *s, FILE *f, const char *text, size_t len, const char *file)
{
    memset(s, 0, sizeof *s);
    s->file = file;
    s->json = text != NULL;
    lmds_status st = s->json ? open_json(s, text, len) : open_csv(s, f);
    if (st != LMDS_OK) genome_src_close(s);
    return st;
}

int genome_src_next(genome_src *s, lmds_status *st)
{
    lmds_status local = LMDS_OK;
    if (!st) st = &local;
    int r = s->json ? next_json(s, st) : next_csv(s, st);
    if (r == 1) s->nrows++;
    return r;
}

int genome_src_col(const genome_src *s, const char *name)
{
    for (int j = 0; j < s->ncols; j++)
        if (strcmp(s->header[j], name) == 0) return j;
    return -1;
}

const char *genome_src_cell(const genome_src *s, int col)
{
    return col >= 0 && col < s->ncols && s->cells[col] ? s->cells[col] : "";
}

lmds_status genome_src_require(const genome_src *s, const char *const *names, const char *expected)
{
    /* The core reader's check, on the header as a record: one message listing every missing column. */
    lmds_csv hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.line = 1;
    hdr.nfields = s->ncols < LMDS_CSV_MAX_FIELDS ? s->ncols : LMDS_CSV_MAX_FIELDS;
    for (int j = 0; j < hdr.nfields; j++) hdr.fields[j] = s->header[j];
    int n = 0;
    while (names[n]) n++;
    return lmds_csv_require(&hdr, s->file, names, n, NULL, expected);
}
