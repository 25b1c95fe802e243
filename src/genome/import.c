/* Importing a file into the genome: all-or-nothing in one transaction, every value with its reference and its
 * source file and line, re-imports recognised by the file's SHA-256 and by natural keys, the file checked
 * (no NUL bytes, integrity after the write) and the dataset names of the shipped sources kept for the build.
 *
 * A CSV is read twice: once for its SHA-256, its line count (the progress total) and a NUL check, then streamed
 * row by row into the importer of its kind (import_tc.c, import_thermo.c, import_ground.c, import_spectra.c), so
 * memory does not grow with the file. A JSON file is parsed whole. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"
#include "lmds/element.h"
#include "lmds/io.h"

#define PRODUCER "lmds " LMDS_VERSION_STRING " db import"
#define JSON_MAX_BYTES ((size_t)1 << 30) /* a JSON import is parsed whole: refuse more than 1 GiB */

static const char *const RESERVED[] = {"curated",        "tc_reference",     "stanev2018",   "thermo_experimental",
                                       "thermo_calphad", "tunnel_materials", "eos_slopes",   "debye_kittel",
                                       "elements",       "spectra",          "tdb_lmds",     NULL};
static const char *const KIND_NAMES[] = {"superconductors", "thermo", "spectra", "elements", "ground_state"};

int lmds_genome_dataset_reserved(const char *name)
{
    for (int i = 0; name && RESERVED[i]; i++)
        if (strcmp(name, RESERVED[i]) == 0) return 1;
    return 0;
}

lmds_status lmds_genome_kind_parse(const char *name, lmds_genome_kind *kind)
{
    for (int i = 0; i < 5; i++)
        if (name && strcasecmp(name, KIND_NAMES[i]) == 0) {
            *kind = (lmds_genome_kind)i;
            return LMDS_OK;
        }
    return lmds_error(LMDS_EINVAL, "unknown kind '%s' (superconductors, thermo, spectra, elements, ground_state)",
                      name ? name : "(null)");
}

/* "data/genome/supercon_stanev2018.csv" -> "supercon_stanev2018". */
static void dataset_from_path(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

static lmds_status check_dataset(const char *name, int build)
{
    if (!*name) return lmds_error(LMDS_EINVAL, "empty dataset name");
    for (const char *p = name; *p; p++)
        if (iscntrl((unsigned char)*p)) return lmds_error(LMDS_EINVAL, "dataset name with a control character");
    if (!build && lmds_genome_dataset_reserved(name))
        return lmds_error(LMDS_EINVAL, "dataset name '%s' is reserved for the shipped sources (lmds db build); "
                          "choose another with --dataset", name);
    return LMDS_OK;
}

/* The handle may take an import: read-write, one file, nothing hidden, writable. */
static lmds_status check_writable(lmds_genome *g)
{
    if (g->readonly) return lmds_error(LMDS_EINVAL, "%s is open read-only: cannot import", g->path);
    if (g->views)
        return lmds_error(LMDS_EINVAL, "%s: cannot import through a handle with %s", g->path,
                          g->user_path ? "a user genome layered over it" : "hidden rows (lmds_genome_hide)");
    if (sqlite3_db_readonly(g->db, "main") == 1)
        return lmds_error(LMDS_EIO, "cannot import into %s: the file is read-only to this process", g->path);
    return LMDS_OK;
}

/* First pass over a file: SHA-256, number of lines, and no NUL byte (text files only). */
static lmds_status scan_file(FILE *f, const char *file, char sha[65], size_t *lines)
{
    genome_sha256 h;
    genome_sha256_init(&h);
    unsigned char buf[1 << 16];
    size_t n, line = 1, col = 1;
    *lines = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        genome_sha256_update(&h, buf, n);
        for (size_t i = 0; i < n; i++, col++) {
            if (buf[i] == '\n') line++, col = 0, ++*lines;
            else if (buf[i] == '\0')
                return lmds_error_at(LMDS_EPARSE, file, (int)line, (int)col, "NUL byte in a text file");
        }
    }
    if (ferror(f)) return lmds_error(LMDS_EIO, "%s: read error", file);
    genome_sha256_hex(&h, sha);
    rewind(f);
    return LMDS_OK;
}

static int source_seen(lmds_genome *g, const char *sha256)
{
    sqlite3_stmt *s = NULL;
    int seen = -1;
    if (sqlite3_prepare_v2(g->db, "SELECT id FROM main.source WHERE sha256 = ?", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        seen = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(s);
    return seen;
}

lmds_status genome_import_start(imp *im, const char *kind, const char *shown)
{
    lmds_genome *g = im->g;
    lmds_status st = genome_exec(g, "BEGIN IMMEDIATE");
    if (st != LMDS_OK) return st;
    /* Same bytes imported before: nothing to do. Checked inside the write lock. */
    int seen = source_seen(g, im->rep->sha256);
    if (seen != 0) {
        st = seen < 0 ? genome_sqlerr(g, "reading sources") : LMDS_OK;
        im->rep->already = seen > 0;
        sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    sqlite3_stmt *s = NULL;
    if ((st = imp_begin(im)) != LMDS_OK) goto fail;
    if (sqlite3_prepare_v2(g->db, "INSERT INTO main.source(id, dataset, kind, path, sha256, producer, imported_at)"
                           " VALUES(?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK) {
        st = genome_sqlerr(g, "recording the source");
        goto fail;
    }
    imp_bind_id(im, T_SOURCE, s, 1);
    sqlite3_bind_text(s, 2, im->dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, shown, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, im->rep->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, PRODUCER, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, im->now, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) st = genome_sqlerr(g, "recording the source");
    sqlite3_finalize(s);
    if (st != LMDS_OK) goto fail;
    im->source_id = sqlite3_last_insert_rowid(g->db);
    imp_took_id(im, T_SOURCE);
    return LMDS_OK;
fail:
    imp_end(im);
    sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* SQLite's full check of the file with the import's pages in it (the same connection sees its own transaction). */
static lmds_status integrity_after(lmds_genome *g)
{
    sqlite3_stmt *s = NULL;
    char first[256] = "";
    int rc = sqlite3_prepare_v2(g->db, "PRAGMA main.integrity_check(1)", -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(s, 0));
    if (rc != SQLITE_ROW) snprintf(first, sizeof first, "%s", sqlite3_errmsg(g->db));
    sqlite3_finalize(s);
    if (strcmp(first, "ok") == 0) return LMDS_OK;
    return lmds_error(LMDS_EDB, "%s fails SQLite's integrity_check after the import (%s): the import is rolled back",
                      g->path, first);
}

static lmds_status record_source_counts(lmds_genome *g, sqlite3_int64 source_id, const lmds_genome_import_report *rep)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "UPDATE main.source SET nrows=?, inserted=?, duplicates=?, rejected=? WHERE id=?",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "recording the source counts");
    sqlite3_bind_int64(s, 1, (sqlite3_int64)rep->rows);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)rep->inserted);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)rep->duplicates);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)rep->rejected);
    sqlite3_bind_int64(s, 5, source_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? LMDS_OK : genome_sqlerr(g, "recording the source counts");
}

lmds_status genome_import_finish(imp *im, lmds_status st, int check)
{
    lmds_genome *g = im->g;
    if (st == LMDS_OK) st = record_source_counts(g, im->source_id, im->rep);
    if (st == LMDS_OK && check) st = integrity_after(g);
    imp_end(im);
    if (st == LMDS_OK && (st = genome_exec(g, "COMMIT")) == LMDS_OK) return LMDS_OK;
    /* Keep the first error's message: ROLLBACK must not overwrite it; the report counts nothing written. */
    sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
    lmds_genome_import_report *rep = im->rep;
    rep->inserted = rep->duplicates = rep->rejected = rep->skipped = rep->overridden = 0;
    return st;
}

/* The rows of a table file (CSV streamed from f, or JSON read whole) into the importer of its kind. */
static lmds_status import_rows(imp *im, lmds_genome_kind kind, FILE *f, const char *json, size_t len)
{
    genome_src src;
    lmds_status st = genome_src_open(&src, f, json, len, im->file);
    if (st != LMDS_OK) return st;
    im->src = &src;
    if (json) im->total = src.nitems;
    FILE *of = NULL;
    const char *ofile = im->opts ? im->opts->overrides : NULL;
    if (ofile && kind == LMDS_GENOME_SUPERCONDUCTORS && !(of = fopen(ofile, "rb")))
        st = lmds_error(LMDS_EIO, "%s: cannot open (%s)", ofile, strerror(errno));
    if (st == LMDS_OK) switch (kind) {
        case LMDS_GENOME_SUPERCONDUCTORS: st = import_superconductors(im, of, ofile); break;
        case LMDS_GENOME_THERMO: st = import_thermo(im); break;
        case LMDS_GENOME_ELEMENTS: st = import_elements_table(im); break;
        case LMDS_GENOME_GROUND_STATE: st = import_ground_state(im); break;
        default: st = lmds_error(LMDS_EINVAL, "unknown import kind %d", (int)kind);
        }
    if (of) fclose(of);
    im->rep->rows = src.nrows;
    im->src = NULL;
    genome_src_close(&src);
    return st;
}

/* The first non-space byte is '[' or the name ends in .json. */
static int is_json(FILE *f, const char *path)
{
    int c;
    while ((c = getc(f)) != EOF && isspace(c)) {
    }
    rewind(f);
    size_t pl = strlen(path);
    return c == '[' || (pl > 5 && strcasecmp(path + pl - 5, ".json") == 0);
}

static lmds_status import_file(imp *im, const char *path, lmds_genome_kind kind, int build)
{
    FILE *f = fopen(path, "rb");
    if (!f) return lmds_error(LMDS_EIO, "%s: cannot open (%s)", path, strerror(errno));
    size_t lines = 0, len = 0;
    char shown[4096], *json = NULL;
    imp_shown_path(path, shown, sizeof shown);
    lmds_status st = scan_file(f, path, im->rep->sha256, &lines);
    int js = st == LMDS_OK && kind != LMDS_GENOME_SPECTRA && is_json(f, path);
    if (js) st = lmds_file_read(path, JSON_MAX_BYTES, &json, &len);
    im->total = lines > 0 ? lines - 1 : 0;
    if (st == LMDS_OK) st = genome_import_start(im, KIND_NAMES[kind], shown);
    if (st == LMDS_OK && !im->rep->already) {
        st = kind == LMDS_GENOME_SPECTRA ? import_spectrum(im, f) : import_rows(im, kind, f, json, len);
        st = genome_import_finish(im, st, !build);
    }
    free(json);
    fclose(f);
    return st;
}

static lmds_status import_any(lmds_genome *g, const char *path, lmds_genome_kind kind,
                              const lmds_genome_import_opts *opts, lmds_genome_import_report *rep, int build)
{
    lmds_genome_import_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_import: no genome");
    if ((int)kind < 0 || (int)kind > 4) return lmds_error(LMDS_EINVAL, "unknown import kind %d", (int)kind);
    if (!path && kind != LMDS_GENOME_ELEMENTS) return lmds_error(LMDS_EINVAL, "lmds_genome_import: no file");
    lmds_status st = check_writable(g);
    if (st != LMDS_OK) return st;
    if (opts && opts->dataset) snprintf(rep->dataset, sizeof rep->dataset, "%s", opts->dataset);
    else if (path) dataset_from_path(path, rep->dataset, sizeof rep->dataset);
    else snprintf(rep->dataset, sizeof rep->dataset, "elements");
    if (opts && opts->dataset && strlen(opts->dataset) >= sizeof rep->dataset)
        return lmds_error(LMDS_EINVAL, "dataset name longer than %zu characters", sizeof rep->dataset - 1);
    if (path && (st = check_dataset(rep->dataset, build)) != LMDS_OK) return st;
    imp im = {0};
    im.g = g;
    im.file = path ? path : "(library element table)";
    im.dataset = rep->dataset;
    im.lenient = opts && opts->keep_rejects;
    im.rep = rep;
    im.opts = opts;
    if (path) return import_file(&im, path, kind, build);
    /* The library's element table: no file, its content digest as the source's hash. */
    import_elements_library_hash(rep->sha256);
    if ((st = genome_import_start(&im, "elements", im.file)) != LMDS_OK || rep->already) return st;
    return genome_import_finish(&im, import_elements_library(&im), !build);
}

lmds_status lmds_genome_import(lmds_genome *g, const char *path, lmds_genome_kind kind,
                               const lmds_genome_import_opts *opts, lmds_genome_import_report *rep)
{
    return import_any(g, path, kind, opts, rep, 0);
}

lmds_status genome_import_build(lmds_genome *g, const char *path, lmds_genome_kind kind,
                                const lmds_genome_import_opts *opts, lmds_genome_import_report *rep)
{
    return import_any(g, path, kind, opts, rep, 1);
}

lmds_status genome_system_normalize(const char *text, char *buf, size_t n)
{
    char tmp[256];
    const char *syms[LMDS_COMP_MAX];
    int k = 0;
    if (!text || strlen(text) >= sizeof tmp) return lmds_error(LMDS_EPARSE, "chemical system too long or empty");
    snprintf(tmp, sizeof tmp, "%s", text);
    for (char *save = NULL, *tok = strtok_r(tmp, "-, ", &save); tok; tok = strtok_r(NULL, "-, ", &save)) {
        int z;
        if (lmds_element_lookup(tok, &z) != LMDS_OK)
            return lmds_error(LMDS_EPARSE, "chemical system '%s': '%s' is not an element symbol", text, tok);
        int dup = 0;
        for (int i = 0; i < k; i++) dup |= strcmp(syms[i], lmds_element_symbol(z)) == 0;
        if (dup) continue;
        if (k == LMDS_COMP_MAX) return lmds_error(LMDS_EPARSE, "chemical system '%s': too many elements", text);
        syms[k++] = lmds_element_symbol(z);
    }
    if (k == 0) return lmds_error(LMDS_EPARSE, "chemical system '%s' has no elements", text);
    /* Alphabetical, as OPTIMADE orders chemical systems. */
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && strcmp(syms[j - 1], syms[j]) > 0; j--) {
            const char *t = syms[j];
            syms[j] = syms[j - 1];
            syms[j - 1] = t;
        }
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        int w = snprintf(buf + off, n - off, "%s%s", i ? "-" : "", syms[i]);
        if (w < 0 || (size_t)w >= n - off) return lmds_error(LMDS_EINVAL, "chemical system too long");
        off += (size_t)w;
    }
    return LMDS_OK;
}
