/* A small RFC 4180 CSV record reader over an in-memory string, for lmds's own data files (private to lmds).
 * Fields may be quoted ("a, b" and "" for a quote); records end at LF or CRLF. */
#ifndef LMDS_CORE_CSV_H
#define LMDS_CORE_CSV_H

#include <stddef.h>

#define LMDS_CSV_MAX_FIELDS 256

typedef struct lmds_csv {
    const char *p;        /* cursor into the text (not owned) */
    int line;             /* 1-based line of the record just read */
    int next_line;
    int nfields;
    char *fields[LMDS_CSV_MAX_FIELDS]; /* point into buf */
    int columns[LMDS_CSV_MAX_FIELDS];  /* 1-based column where each field starts */
    char *buf;            /* owned copy of the current record's fields */
    size_t cap;
} lmds_csv;

void lmds_csv_init(lmds_csv *c, const char *text);
/* Read the next record. Returns 1 on a record, 0 at end of text, -1 on malformed input (unterminated quote,
 * too many fields) with c->line set. */
int lmds_csv_next(lmds_csv *c);
void lmds_csv_clear(lmds_csv *c);

#endif
