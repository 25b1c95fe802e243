/* The one CSV reader of lmds (private to the library): RFC 4180 records over an in-memory string or streamed from a
 * FILE, for lmds's own data files and users' imports.
 *  - Fields may be quoted ("a, b", "" for a quote, line breaks inside quotes); records end at LF or CRLF.
 *  - A UTF-8 byte-order mark at the start is skipped (spreadsheets write one).
 *  - Every record knows its 1-based line and the 1-based column where each field starts, so a caller's message
 *    reads "file.csv:12:7: ...". A malformed record (unterminated quote, too many fields, a streamed record
 *    longer than LMDS_CSV_MAX_RECORD) sets `reason`, `line` and `column`.
 *  - Streaming keeps one record in memory, so a multi-gigabyte import never needs the whole file.
 * Usage: lmds_csv_init(&c, text) or lmds_csv_init_stream(&c, f); while ((r = lmds_csv_next(&c)) == 1) {...};
 * r < 0 is an error (lmds_csv_error turns it into a located lmds_status); lmds_csv_clear(&c). */
#ifndef LMDS_CORE_CSV_H
#define LMDS_CORE_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "lmds/core.h"

#define LMDS_CSV_MAX_FIELDS 256
#define LMDS_CSV_MAX_RECORD (1u << 20) /* bytes of one streamed record */

typedef struct lmds_csv {
    const char *p;        /* cursor into the text (not owned), or into rec when streaming */
    FILE *stream;         /* not owned; NULL for text mode */
    int line;             /* 1-based line of the record just read */
    int next_line;
    int nfields;
    char *fields[LMDS_CSV_MAX_FIELDS]; /* point into buf */
    int columns[LMDS_CSV_MAX_FIELDS];  /* 1-based column where each field starts */
    char *buf;            /* owned copy of the current record's fields */
    size_t cap;
    char *rec;            /* streaming: the raw text of the current record (owned) */
    size_t rec_cap;
    int started;          /* the BOM check has been done */
    const char *reason;   /* why the last record was malformed (static string) */
    int column;           /* where (1-based), 0 when unknown */
} lmds_csv;

void lmds_csv_init(lmds_csv *c, const char *text);
void lmds_csv_init_stream(lmds_csv *c, FILE *f);
/* Read the next record. Returns 1 on a record, 0 at the end, -1 on malformed input (reason, line, column set). */
int lmds_csv_next(lmds_csv *c);
void lmds_csv_clear(lmds_csv *c);

/* Record the error of a failed lmds_csv_next as "path:line:column: malformed CSV: <reason>"; returns LMDS_EPARSE
 * (LMDS_ENOMEM when the reader ran out of memory). */
lmds_status lmds_csv_error(const lmds_csv *c, const char *path);

/* Index of the field equal to `name` in the current record (a header), or -1. */
int lmds_csv_column(const lmds_csv *c, const char *name);

/* Check that the current record (the header) has every column of names[n]; fills index[n] (may be NULL) with
 * their positions. When some are missing, one LMDS_EPARSE error at path:line lists all of them and the header
 * expected (`expected`, e.g. "material,composition,Tc_K,reference"). */
lmds_status lmds_csv_require(const lmds_csv *c, const char *path, const char *const *names, int n, int *index,
                             const char *expected);

#endif
