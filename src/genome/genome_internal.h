/* Private to the genome module: the handle, SQL helpers, the CSV/JSON table reader and SHA-256. */
#ifndef LMDS_GENOME_INTERNAL_H
#define LMDS_GENOME_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include "lmds/genome.h"

struct lmds_genome {
    sqlite3 *db;
    char *path;
    int readonly;
    int version;
};

/* Record the SQLite error of g->db as LMDS_EDB "what: message (file)". */
lmds_status genome_sqlerr(lmds_genome *g, const char *what);
lmds_status genome_exec(lmds_genome *g, const char *sql);
/* Open with an explicit newest schema version to create/migrate to (tests build old files with it). */
lmds_status genome_open_version(const char *path, int readonly, int target_version, lmds_genome **out);
/* Run a prepared statement to completion collecting all rows (finalizes stmt). */
lmds_status genome_rows_from_stmt(lmds_genome *g, sqlite3_stmt *stmt, lmds_genome_rows **out);
/* An empty row set with the given columns, and appending a row of strings (copied, NULL allowed). */
lmds_genome_rows *genome_rows_new(int ncols, const char *const *cols);
lmds_status genome_rows_add(lmds_genome_rows *r, const char *const *cells);

/* A table of strings read from a CSV (RFC 4180) or JSON (array of objects) file, with the source line of each
 * row, so importers can report file:line. */
typedef struct genome_table {
    int ncols;
    char **header;
    size_t nrows;
    char **cells;  /* nrows * ncols; "" for empty */
    long *line;    /* 1-based line where each row starts */
} genome_table;
lmds_status genome_table_read_csv(const char *text, size_t len, const char *file, genome_table *t);
lmds_status genome_table_read_json(const char *text, size_t len, const char *file, genome_table *t);
void genome_table_clear(genome_table *t);
int genome_table_col(const genome_table *t, const char *name); /* -1 when absent (case-insensitive) */
const char *genome_table_cell(const genome_table *t, size_t row, int col); /* "" when col < 0 */

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

/* Read a whole file into a NUL-terminated malloc'ed buffer. */
lmds_status genome_read_file(const char *path, char **buf, size_t *len);

/* Normalise a chemical system "In-Ga" -> "Ga-In" (symbols checked). */
lmds_status genome_system_normalize(const char *text, char *buf, size_t n);

#endif
