/* Private to the genome module: the handle, opening and layering, SQL and row-set helpers, the import row source
 * (streamed CSV or JSON items), the shared import machinery and SHA-256. */
#ifndef LMDS_GENOME_INTERNAL_H
#define LMDS_GENOME_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include "../core/csv.h"
#include "lmds/genome.h"

/* PRAGMA application_id of every lmds genome: the bytes "LMDS". Files written before schema 4 carry 0. */
#define GENOME_APPLICATION_ID 0x4C4D4453
/* Rows of a user genome get ids from here up, so that they never collide with the shipped genome's ids when the
 * two files are read together (layered open) and a row's origin shows in its id. */
#define GENOME_USER_ID_BASE ((sqlite3_int64)1 << 40)
#define GENOME_USER_ID_BASE_SQL "1099511627776" /* the same, for SQL text */

struct lmds_genome {
    sqlite3 *db;
    char *path;
    int readonly;
    int version;
    int user_role;   /* the file is a user genome (info.role = 'user'): new ids start at GENOME_USER_ID_BASE */
    char *user_path; /* layered: the user genome attached as schema "user" (read-only); NULL otherwise */
    int views;       /* temp views shadow the tables (layering and/or hidden rows) */
    long nhidden;    /* compositions hidden with lmds_genome_hide */
};

/* Open flags (genome_open_file). */
enum {
    GENOME_OPEN_RO = 1,     /* read-only: no write, no journal-mode change */
    GENOME_OPEN_CREATE = 2, /* create the file when it does not exist (read-write only) */
    GENOME_OPEN_WAL = 4     /* switch to WAL (the user genome: readers never block the importer) */
};
lmds_status genome_open_file(const char *path, int flags, int target_version, lmds_genome **out);
/* "file:" URI of a path, percent-encoded, with query parameters ("mode=ro"); malloc'ed, NULL when out of memory. */
char *genome_file_uri(const char *path, const char *params);
/* Open with an explicit newest schema version to create/migrate to (tests build old files with it). */
lmds_status genome_open_version(const char *path, int readonly, int target_version, lmds_genome **out);
/* The schema: migrations up to `target` in one transaction. */
lmds_status genome_migrate(lmds_genome *g, int from, int target);
/* The schema objects a file must have to be a genome of `version` (NULL-terminated). */
const char *const *genome_required_tables(int version);
/* info table (schema 4): value of key, or "" (buf) when absent or the file is older. */
void genome_info_get(lmds_genome *g, const char *key, char *buf, size_t n);
lmds_status genome_info_set(lmds_genome *g, const char *key, const char *value);

/* Layering and hidden rows (layer.c). */
lmds_status genome_attach_user(lmds_genome *g, const char *user_path);
lmds_status genome_views_rebuild(lmds_genome *g);
/* SQL expression naming the layer of a row whose id column is `idcol`: 'user' or 'shipped'. */
void genome_layer_sql(const char *idcol, char *buf, size_t n);

/* Record the SQLite error of g->db as LMDS_EDB "what: message (file)". */
lmds_status genome_sqlerr(lmds_genome *g, const char *what);
lmds_status genome_exec(lmds_genome *g, const char *sql);
/* Run a prepared statement to completion collecting all rows (finalizes stmt). */
lmds_status genome_rows_from_stmt(lmds_genome *g, sqlite3_stmt *stmt, lmds_genome_rows **out);
/* An empty row set with the given columns, and appending a row of strings (copied, NULL allowed). */
lmds_genome_rows *genome_rows_new(int ncols, const char *const *cols);
lmds_status genome_rows_add(lmds_genome_rows *r, const char *const *cells);

/* ---- the import row source: a header and rows of strings, streamed from a CSV (core/csv.h) or taken item by
 * item from a JSON array of objects, each row with the line where it starts so importers can say file:line. */
typedef struct genome_src {
    const char *file; /* as shown in messages (not owned) */
    int json;
    lmds_csv csv;     /* CSV: streamed, one record in memory */
    void *root;       /* JSON: the parsed array (cJSON *) */
    void *item;       /* JSON: the current item */
    long *item_lines; /* JSON: line where each item starts */
    size_t nitems, idx;
    char **owned;     /* JSON: cells converted from numbers (ncols, freed per row) */
    int ncols;
    char **header;    /* ncols column names (owned) */
    char **cells;     /* the current row: ncols cells, "" when absent (point into the reader's buffers) */
    long line;        /* line where the current row starts */
    size_t nrows;     /* data rows read so far */
} genome_src;
/* Read the header: a CSV streamed from f (owned by the caller; text NULL), or a JSON array held in text[len]
 * (f unused). On failure the source is cleared and the error recorded with its location. */
lmds_status genome_src_open(genome_src *s, FILE *f, const char *text, size_t len, const char *file);
/* Next data row: 1 with a row, 0 at the end, -1 on malformed input (error recorded, *st set). */
int genome_src_next(genome_src *s, lmds_status *st);
int genome_src_col(const genome_src *s, const char *name); /* -1 when absent (exact match) */
const char *genome_src_cell(const genome_src *s, int col); /* "" when col < 0 */
/* Check that the header has every column of names (NULL-terminated); one error at line 1 lists all the missing
 * ones and the expected header. */
lmds_status genome_src_require(const genome_src *s, const char *const *names, const char *expected);
void genome_src_close(genome_src *s);
/* The first "\u0000" escape inside a JSON string of text (line, column 1-based): 1 when found. */
int genome_json_nul_escape(const char *text, size_t len, int *line, int *col);

/* ---- shared import machinery (import_common.c) ---- */

/* A string -> id (and string) cache (bounded: cleared when full). */
typedef struct genome_idmap {
    char **keys; /* "key\0value" */
    sqlite3_int64 *ids;
    size_t cap, n;
} genome_idmap;
/* Counts of natural keys within one import, by 64-bit hash (a collision, about n^2/2^65 for n keys, would number
 * a row's occurrence one too high; the key stays unique). */
typedef struct genome_occ {
    uint64_t *h;
    uint32_t *n;
    size_t cap, used;
} genome_occ;

enum { T_SOURCE, T_REFERENCE, T_MATERIAL, T_STRUCTURE, T_VALUE, T_SPECTRUM, T_REJECT, T_RK_SET, T_NID };

typedef struct imp {
    lmds_genome *g;
    const char *file;    /* as shown and recorded */
    const char *dataset;
    int lenient;
    sqlite3_int64 source_id;
    lmds_genome_import_report *rep;
    const lmds_genome_import_opts *opts;
    size_t done, total;
    genome_src *src;     /* the rows being imported (bad_row copies the current one) */
    sqlite3_stmt *ins_ref, *sel_ref, *ins_mat, *sel_mat, *ins_el, *ins_alias, *ins_struct, *sel_struct, *ins_val,
        *ins_rej;
    genome_idmap mats, specs, refs; /* material keys, specs as written, citations */
    genome_occ occ;
    sqlite3_int64 next_id[T_NID]; /* user genome: the next explicit id per table; 0 = automatic */
    char now[32];
} imp;

typedef struct genome_val {
    const char *kind, *property, *unit, *criterion, *form, *form_detail, *method, *value_type, *vt_detail, *notes,
        *process, *relation, *caveat;
    const char *as_written;         /* the formula or composition as written in the source row (NULL = none) */
    double value, lo, hi, pressure; /* NAN = NULL */
    sqlite3_int64 structure_id;     /* 0 = none */
    const char *slabel;             /* structure label for the natural key */
    sqlite3_int64 reference_id;
} genome_val;
void genome_val_init(genome_val *v);

typedef struct genome_structure {
    const char *label, *polymorph, *phase, *state, *confinement, *substrate, *space_group, *prototype;
    int dimensionality; /* -1 = unknown */
    double film_thickness_nm;
} genome_structure;

lmds_status imp_begin(imp *im); /* prepare statements, caches, explicit ids */
void imp_end(imp *im);
void imp_bind_id(imp *im, int table, sqlite3_stmt *s, int i);
void imp_took_id(imp *im, int table); /* after an insert into `table` that added a row */
lmds_status imp_step(imp *im, sqlite3_stmt *s, const char *what);
lmds_status imp_reference(imp *im, const char *citation, const char *url, sqlite3_int64 *id);
/* Resolve a formula (lmds_comp_parse) or "system:Ag-Ga" to a material; the reason of a failure is left in
 * lmds_errmsg(). mkey receives the material's key. */
lmds_status imp_material(imp *im, const char *spec, const char *alias, sqlite3_int64 *id, char *mkey, size_t nkey);
lmds_status imp_structure(imp *im, sqlite3_int64 mid, const genome_structure *s, sqlite3_int64 ref,
                          sqlite3_int64 *id);
lmds_status imp_value(imp *im, sqlite3_int64 mid, const char *mkey, const genome_val *v, long line);
/* A row that cannot be read: strict mode fails here (located); lenient mode records it in `reject`. */
lmds_status imp_bad_row(imp *im, const char *cls, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
lmds_status imp_progress(imp *im);
void imp_bind_text(sqlite3_stmt *s, int i, const char *t); /* NULL or "" -> SQL NULL */
void imp_bind_num(sqlite3_stmt *s, int i, double v);       /* NAN -> SQL NULL */
int imp_blank(const char *s);
int imp_parse_num(const char *s, double *out); /* whole string, finite: 0 */
/* "alpha-Ga (stable ...)" -> "alpha-Ga"; "Bi-II (monoclinic ...)" -> "Bi-II"; else "". */
void imp_polymorph_of(const char *label, char *out, size_t n);
/* A file under the data folder as recorded ("<data>/genome/x.csv"), else the path. */
void imp_shown_path(const char *path, char *buf, size_t n);
void imp_now(char buf[32]);

/* The importers, one per kind of data (each reads im->src row by row). */
lmds_status import_superconductors(imp *im, FILE *overrides, const char *overrides_name);
lmds_status import_thermo(imp *im);
lmds_status import_ground_state(imp *im);
lmds_status import_elements_table(imp *im);
lmds_status import_elements_library(imp *im);
lmds_status import_spectrum(imp *im, FILE *f);
/* The library element table's content digest (the "file" of an element-library import). */
void import_elements_library_hash(char hex[65]);

/* Start an import inside a write transaction: already-imported check (im->rep->sha256; rep->already = 1 and
 * nothing started), statements (imp_begin) and the source row. */
lmds_status genome_import_start(imp *im, const char *kind, const char *shown);
/* Finish: counts into the source row, integrity_check when `check`, COMMIT; on any failure (st != LMDS_OK
 * included) ROLLBACK keeping the first error. Returns the import's status. */
lmds_status genome_import_finish(imp *im, lmds_status st, int check);
/* Import with the build's privileges: reserved dataset names allowed. */
lmds_status genome_import_build(lmds_genome *g, const char *path, lmds_genome_kind kind,
                                const lmds_genome_import_opts *opts, lmds_genome_import_report *rep);

lmds_status genome_import_interactions_build(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                             size_t n, lmds_genome_import_report *rep);

/* SHA-256 (FIPS 180-4). */
typedef struct genome_sha256 {
    uint32_t h[8];
    uint64_t nbytes;
    unsigned char buf[64];
    size_t nbuf;
} genome_sha256;
void genome_sha256_init(genome_sha256 *s);
void genome_sha256_update(genome_sha256 *s, const void *data, size_t n);
void genome_sha256_hex(genome_sha256 *s, char hex[65]);
/* A value's stored natural key from its tuple text and occurrence number: "h<32 hex>#<occ>". */
void genome_nkey_hash(const char *base, unsigned occ, char *key, size_t n);

/* Normalise a chemical system "In-Ga" -> "Ga-In" (symbols checked). */
lmds_status genome_system_normalize(const char *text, char *buf, size_t n);

/* The OPTIMADE filter subset as an SQL condition over the aliases m (material), v (value), src (source):
 * appends to *sql (malloc'ed, grown) and collects the bound parameters. The parser is exposed here for the
 * fuzz target. */
typedef struct genome_sqlq genome_sqlq;
genome_sqlq *genome_sqlq_new(void);
void genome_sqlq_free(genome_sqlq *q);
const char *genome_sqlq_text(const genome_sqlq *q);
lmds_status genome_optimade_where(const char *filter, genome_sqlq *q);
void genome_sqlq_cat(genome_sqlq *q, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int genome_sqlq_text_param(genome_sqlq *q, const char *t);
int genome_sqlq_num_param(genome_sqlq *q, double x, int integer);
lmds_status genome_sqlq_prepare(lmds_genome *g, genome_sqlq *q, sqlite3_stmt **st);

#endif
