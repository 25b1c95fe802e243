/* Shared pieces of the lmds command-line program: exit codes, error reporting, option helpers, output tables
 * (table for people, --json, --csv), a progress bar (terminal only), and a small SVG plot writer.
 * The CLI uses the library only through <lmds.h>. */
#ifndef LMDS_CLI_H
#define LMDS_CLI_H

#include <stdio.h>
#include <lmds.h>
#include <cjson/cJSON.h>

/* Exit codes: 0 success, 1 bad input (data, formula, file), 2 usage error (unknown option, missing argument). */
enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* A subcommand: argv[0] is the subcommand name ("comp"). Returns an exit code. */
typedef int (*cli_command_fn)(int argc, char **argv);

/* Print "lmds: error: <lmds_errmsg()>" (and pending library warnings) to stderr; returns CLI_BAD_INPUT, or
 * CLI_USAGE when st is LMDS_EINVAL raised from an option value. */
int cli_fail(lmds_status st);
/* Print "lmds CMD: <message>\nTry 'lmds CMD --help'." to stderr and return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print library warnings collected so far to stderr as "lmds: warning: ..." and clear them. */
void cli_flush_warnings(void);

/* Strict number parsing for option values: whole string, finite. On failure prints a usage message naming the
 * option and returns CLI_USAGE; returns CLI_OK on success. */
int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out);
int cli_parse_int(const char *cmd, const char *opt, const char *s, long *out);
/* Is `arg` one of the help flags (-h, --help)? */
int cli_is_help(const char *arg);

/* Output format chosen by --json / --csv (default: table). */
typedef enum { CLI_FMT_TABLE = 0, CLI_FMT_JSON, CLI_FMT_CSV } cli_format;

/* A table of strings: columns with headers, rows added one at a time, printed aligned (numbers right-aligned),
 * or as CSV (RFC 4180 quoting). */
typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols, const char *const *headers);
void cli_table_add(cli_table *t, const char *const *cells);      /* copies the strings */
void cli_table_addf(cli_table *t, const char *fmt, ...);          /* cells separated by '\t' in the result */
void cli_table_print(const cli_table *t, FILE *f, cli_format fmt); /* TABLE or CSV */
void cli_table_free(cli_table *t);

/* Print a cJSON value (pretty) to stdout and delete it. */
void cli_json_print(cJSON *json);
/* cJSON number that is null when not finite (JSON has no NaN). */
cJSON *cli_json_number(double v);

/* Progress on stderr with rate and ETA, only when stderr is a terminal and CI is unset; silent otherwise.
 * Safe to call update from one thread at a time. */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_start(const char *label, long total);
void cli_progress_update(cli_progress *p, long done);
void cli_progress_end(cli_progress *p);

/* A small SVG x-y plot: auto-scaled axes with ticks and labels, line or marker series, a legend, text notes,
 * filled polygons (for phase regions) and optional log axes. */
typedef struct cli_plot cli_plot;
typedef enum { CLI_LINE = 0, CLI_MARKERS = 1, CLI_LINE_MARKERS = 2, CLI_DASHED = 3, CLI_FILL = 4 } cli_style;
cli_plot *cli_plot_new(const char *title, const char *xlabel, const char *ylabel);
void cli_plot_logx(cli_plot *p, int on);
void cli_plot_logy(cli_plot *p, int on);
void cli_plot_xrange(cli_plot *p, double lo, double hi); /* fixed range instead of auto */
void cli_plot_yrange(cli_plot *p, double lo, double hi);
/* Add a series; copies the data. color NULL picks the next of a colour-blind-safe palette. NaN points break
 * lines. */
void cli_plot_series(cli_plot *p, const char *name, int n, const double *x, const double *y, cli_style style,
                     const char *color);
void cli_plot_text(cli_plot *p, double x, double y, const char *text);
/* Write the SVG file; returns CLI_OK or CLI_BAD_INPUT (message printed) when the file cannot be written. */
int cli_plot_write(const cli_plot *p, const char *path);
void cli_plot_free(cli_plot *p);

/* Print a model registry (n entries, get(i) for each) as JSON, CSV or a readable list with parameters and the
 * papers to cite. Returns CLI_OK. */
int cli_print_models(size_t n, const lmds_model_info *(*get)(size_t), cli_format fmt);

/* Subcommands (one file each: src/cli/cmd_<name>.c). */
int cli_cmd_comp(int argc, char **argv);
int cli_cmd_element(int argc, char **argv);
int cli_cmd_thermo(int argc, char **argv);
int cli_cmd_sc(int argc, char **argv);
int cli_cmd_db(int argc, char **argv);
int cli_cmd_learn(int argc, char **argv);
int cli_cmd_tunnel(int argc, char **argv);
int cli_cmd_predict(int argc, char **argv);
int cli_cmd_design(int argc, char **argv);
int cli_cmd_liquid_sc(int argc, char **argv);

#endif
