/* Reading lmds's own data tables (private to the supercon and tunnel modules): a CSV file under the data folder
 * (or a caller's path), read whole with lmds_file_read, its header checked with lmds_csv_require, numbers parsed
 * strictly with the position of a bad cell in the message. */
#ifndef LMDS_SUPERCON_TABLE_H
#define LMDS_SUPERCON_TABLE_H

#include <stddef.h>

#include "core/csv.h"
#include "lmds/core.h"

/* The data tables are small (the shipped ones are under 100 kB); the limit only stops a wrong path. */
#define SC_TABLE_MAX_BYTES ((size_t)64 << 20)

typedef struct sc_table {
    char path[1024];
    char *text; /* owned */
    lmds_csv csv;
} sc_table;

/* Strict parse of a number cell (surrounding blanks allowed); an empty cell gives `empty`. Returns 0 on success,
 * -1 for text that is not a finite number. */
int sc_parse_num(const char *s, double empty, double *out);

/* Resolve `path`, or `relative` under lmds_data_dir() when path is NULL, into buf. */
lmds_status sc_data_file(const char *path, const char *relative, char *buf, size_t n);

/* Open a table: read it, read the header and require the columns names[n] (positions into index[n]). expected is
 * the header shown when columns are missing. On failure the table is closed. */
lmds_status sc_table_open(sc_table *t, const char *path, const char *relative, const char *const *names, int n,
                          int *index, const char *expected);
void sc_table_close(sc_table *t);

/* Next data record: 1, 0 at the end, or -1 with the located error recorded (status in *st). Blank lines are
 * skipped. */
int sc_table_next(sc_table *t, lmds_status *st);

/* The cell at column index of the current record ("" when the record is shorter). */
const char *sc_table_field(const sc_table *t, int index);

/* The number in the cell at column index (empty -> `empty`); a bad cell is LMDS_EPARSE at file:line:column
 * naming the column `name`. */
lmds_status sc_table_num(const sc_table *t, int index, const char *name, double empty, double *out);

/* The same for an optional cell: empty gives NAN. */
lmds_status sc_table_opt(const sc_table *t, int index, const char *name, double *out);

#endif
