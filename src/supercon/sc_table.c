/* Reading lmds's own data tables (sc_table.h). */
#include "supercon/sc_table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/io.h"

int sc_parse_num(const char *s, double empty, double *out)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    if (!*s) {
        *out = empty;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end && isspace((unsigned char)*end))
        end++;
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

lmds_status sc_data_file(const char *path, const char *relative, char *buf, size_t n)
{
    if (path) {
        if (strlen(path) + 1 > n)
            return lmds_error(LMDS_EINVAL, "path too long: %s", path);
        memcpy(buf, path, strlen(path) + 1);
        return LMDS_OK;
    }
    return lmds_data_path(relative, buf, n);
}

void sc_table_close(sc_table *t)
{
    lmds_csv_clear(&t->csv);
    free(t->text);
    t->text = NULL;
}

lmds_status sc_table_open(sc_table *t, const char *path, const char *relative, const char *const *names, int n,
                          int *index, const char *expected)
{
    memset(t, 0, sizeof *t);
    lmds_status st = sc_data_file(path, relative, t->path, sizeof t->path);
    if (!st)
        st = lmds_file_read(t->path, SC_TABLE_MAX_BYTES, &t->text, NULL);
    if (st)
        return st;
    lmds_csv_init(&t->csv, t->text);
    int rc = lmds_csv_next(&t->csv);
    if (rc < 0)
        st = lmds_csv_error(&t->csv, t->path);
    else if (rc == 0)
        st = lmds_error_at(LMDS_EPARSE, t->path, 1, 1, "empty file: expected the header %s", expected);
    else
        st = lmds_csv_require(&t->csv, t->path, names, n, index, expected);
    if (st)
        sc_table_close(t);
    return st;
}

int sc_table_next(sc_table *t, lmds_status *st)
{
    int rc;
    while ((rc = lmds_csv_next(&t->csv)) > 0)
        if (!(t->csv.nfields == 1 && !t->csv.fields[0][0]))
            return 1;
    if (rc < 0)
        *st = lmds_csv_error(&t->csv, t->path);
    return rc;
}

const char *sc_table_field(const sc_table *t, int index)
{
    return index >= 0 && index < t->csv.nfields ? t->csv.fields[index] : "";
}

static lmds_status cell_number(const sc_table *t, int index, const char *name, double empty, int optional,
                               double *out)
{
    const char *s = sc_table_field(t, index);
    if (sc_parse_num(s, empty, out) || (!optional && isnan(*out))) {
        int col = index >= 0 && index < t->csv.nfields ? t->csv.columns[index] : 1;
        return lmds_error_at(LMDS_EPARSE, t->path, t->csv.line, col, "%s: expected a number, got '%s'", name, s);
    }
    return LMDS_OK;
}

lmds_status sc_table_num(const sc_table *t, int index, const char *name, double empty, double *out)
{
    return cell_number(t, index, name, empty, 0, out);
}

lmds_status sc_table_opt(const sc_table *t, int index, const char *name, double *out)
{
    return cell_number(t, index, name, NAN, 1, out);
}
