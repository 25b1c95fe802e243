/* lmds core: status codes, error records, data location.
 *
 * Every library function that can fail returns an lmds_status (LMDS_OK = 0). The details of the last failure
 * (what went wrong, and where: file, line, column) are kept in a thread-local record, so code running under
 * OpenMP threads never sees another thread's message. The library never prints and never exits. */
#ifndef LMDS_CORE_H
#define LMDS_CORE_H

#include <stddef.h>

/* LMDS_API marks the public functions: the library is built with hidden visibility, so only what carries this
 * mark is exported from liblmds.so (tests/cli/test_symbols.sh checks that the two sets are equal). */
#if defined(_WIN32)
#define LMDS_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#define LMDS_API __attribute__((visibility("default")))
#else
#define LMDS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LMDS_VERSION_MAJOR 0
#define LMDS_VERSION_MINOR 1
#define LMDS_VERSION_PATCH 0
#define LMDS_VERSION_STRING "0.1.0"

typedef enum lmds_status {
    LMDS_OK = 0,
    LMDS_EINVAL,      /* an argument is invalid (NULL, NaN, negative where positive is required, ...) */
    LMDS_EPARSE,      /* malformed text input: formula, TDB, CSV, spectrum file; the record has the position */
    LMDS_ENOMEM,      /* allocation failed */
    LMDS_EIO,         /* a file could not be opened, read or written */
    LMDS_EDOMAIN,     /* the input is well-formed but outside the model's domain of validity */
    LMDS_ENOCONV,     /* an iterative method did not converge */
    LMDS_ENOTFOUND,   /* a named thing (element, phase, material, model) does not exist */
    LMDS_ENODATA,     /* the data needed is missing (e.g. an element property with no value) */
    LMDS_EDB,         /* the genome database failed (SQLite error, schema version mismatch) */
    LMDS_EUNSUPPORTED /* a feature or file construct lmds does not support */
} lmds_status;

/* A static English description of a status code (never NULL). */
LMDS_API const char *lmds_strerror(lmds_status status);

/* The detailed message of the last error recorded in this thread, e.g.
 * "data/x.tdb:12:7: expected ';' after PARAMETER". Empty string when none. Valid until the next failing call
 * in this thread. */
LMDS_API const char *lmds_errmsg(void);

/* The location of the last error in this thread: file (NULL when none), 1-based line and column (0 when
 * unknown). Any pointer may be NULL. */
LMDS_API void lmds_errloc(const char **file, int *line, int *column);

/* Forget the last error of this thread. */
LMDS_API void lmds_error_clear(void);

/* Record an error for this thread and return its status, so failure paths read `return lmds_error(...)`.
 * `file` may be NULL; `line`/`column` 0 when unknown. The message is formatted like printf. */
LMDS_API lmds_status lmds_error(lmds_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
LMDS_API lmds_status lmds_error_at(lmds_status status, const char *file, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Warnings are not errors: parsers that accept a quirk (a duplicate TDB function, an unsupported command)
 * append a message to the thread-local warning list. The CLI prints them to stderr. */
LMDS_API void lmds_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
LMDS_API size_t lmds_warning_count(void);
LMDS_API const char *lmds_warning_get(size_t i); /* NULL when i is out of range */
LMDS_API void lmds_warnings_clear(void);

/* The folder holding lmds's data (elements.csv, tdb/, spectra/, models/, genome.sqlite). Order: the
 * environment variable LMDS_DATA_DIR, the installed data folder, the source tree's data/ folder.
 * Returns a static string. */
LMDS_API const char *lmds_data_dir(void);

/* Join lmds_data_dir() and a relative path into buf (size n). Returns LMDS_EINVAL when it does not fit. */
LMDS_API lmds_status lmds_data_path(const char *relative, char *buf, size_t n);

/* Physical constants (CODATA 2018, exact SI values where defined). */
#define LMDS_R_GAS 8.314462618        /* J/(mol K) */
#define LMDS_KB_EV 8.617333262e-5     /* Boltzmann constant, eV/K */
#define LMDS_KB_MEV 8.617333262e-2    /* meV/K */
#define LMDS_NA 6.02214076e23         /* 1/mol */
#define LMDS_HA_EV 27.211386245988    /* hartree in eV */
#define LMDS_HA_K 315775.02480407     /* hartree in K */
#define LMDS_THZ_MEV 4.135667696      /* 1 THz (h nu) in meV */
#define LMDS_CM1_MEV 0.12398419843320 /* 1 cm^-1 (h c nu~) in meV */
#define LMDS_C_TO_K 273.15

#ifdef __cplusplus
}
#endif
#endif
