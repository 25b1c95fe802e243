/* Thread-local error records and warnings (see include/lmds/core.h). Thread-local storage keeps OpenMP worker
 * threads from overwriting each other's messages, as spglib does with its error code. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"

#define LMDS_ERRMSG_MAX 1024
#define LMDS_WARN_MAX 64

static _Thread_local char err_msg[LMDS_ERRMSG_MAX];
static _Thread_local char err_file[256];
static _Thread_local int err_line, err_col, err_has_file;

static _Thread_local char warn_buf[LMDS_WARN_MAX][256];
static _Thread_local size_t warn_count, warn_dropped;

static const char *const status_text[] = {
    [LMDS_OK] = "success",
    [LMDS_EINVAL] = "invalid argument",
    [LMDS_EPARSE] = "malformed input",
    [LMDS_ENOMEM] = "out of memory",
    [LMDS_EIO] = "input/output error",
    [LMDS_EDOMAIN] = "outside the model's domain",
    [LMDS_ENOCONV] = "did not converge",
    [LMDS_ENOTFOUND] = "not found",
    [LMDS_ENODATA] = "data missing",
    [LMDS_EDB] = "genome database error",
    [LMDS_EUNSUPPORTED] = "not supported",
};

const char *lmds_strerror(lmds_status status)
{
    if ((int)status < 0 || (size_t)status >= sizeof status_text / sizeof status_text[0])
        return "unknown status";
    return status_text[status];
}

const char *lmds_errmsg(void) { return err_msg; }

void lmds_errloc(const char **file, int *line, int *column)
{
    if (file) *file = err_has_file ? err_file : NULL;
    if (line) *line = err_line;
    if (column) *column = err_col;
}

void lmds_error_clear(void)
{
    err_msg[0] = '\0';
    err_has_file = err_line = err_col = 0;
}

static void record(lmds_status status, const char *file, int line, int column, const char *fmt, va_list ap)
{
    char text[LMDS_ERRMSG_MAX / 2];
    vsnprintf(text, sizeof text, fmt, ap);
    err_has_file = file != NULL;
    if (file) snprintf(err_file, sizeof err_file, "%s", file);
    err_line = line;
    err_col = column;
    if (file && line > 0 && column > 0)
        snprintf(err_msg, sizeof err_msg, "%s:%d:%d: %s", file, line, column, text);
    else if (file && line > 0)
        snprintf(err_msg, sizeof err_msg, "%s:%d: %s", file, line, text);
    else if (file)
        snprintf(err_msg, sizeof err_msg, "%s: %s", file, text);
    else
        snprintf(err_msg, sizeof err_msg, "%s", text);
    (void)status;
}

lmds_status lmds_error(lmds_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return status;
}

lmds_status lmds_error_at(lmds_status status, const char *file, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, file, line, column, fmt, ap);
    va_end(ap);
    return status;
}

void lmds_warn(const char *fmt, ...)
{
    if (warn_count >= LMDS_WARN_MAX) {
        warn_dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(warn_buf[warn_count++], sizeof warn_buf[0], fmt, ap);
    va_end(ap);
}

size_t lmds_warning_count(void) { return warn_count; }

const char *lmds_warning_get(size_t i) { return i < warn_count ? warn_buf[i] : NULL; }

void lmds_warnings_clear(void) { warn_count = warn_dropped = 0; }
