/* Shared pieces of the lmds command-line program: exit codes, error reporting, the option layer (opts.h),
 * output (tables for people, --json, --csv) with one check that no NaN or infinity is printed as a result,
 * output files written atomically (lmds_ofile), batch input (arguments, --input FILE, "-"), a progress bar
 * (terminal only) and work estimates, and a small SVG plot writer. The CLI uses the library only through <lmds.h>. */
#ifndef LMDS_CLI_H
#define LMDS_CLI_H

#include <stdio.h>
#include <lmds.h>
#include <cjson/cJSON.h>

#include "opts.h"

/* Exit codes: 0 success, 1 bad input (data, formula, file, a result that cannot be computed), 2 usage error. */
enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* A command: argv[0] is its name ("comp"); returns an exit code. */
typedef int (*cli_command_fn)(int argc, char **argv);

/* ------------------------------------------------------------------ messages */

/* Print "lmds: error: <lmds_errmsg()>" (and pending library warnings) to stderr; returns CLI_BAD_INPUT. */
int cli_fail(lmds_status st);
/* Print "lmds CMD: <message>\nTry 'lmds CMD --help'." to stderr and return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print library warnings collected so far to stderr as "lmds: warning: ..." and clear them. */
void cli_flush_warnings(void);

/* Parse a command's line with its table (opts.h): returns CLI_OK with *a set, or an exit code to return at once
 * (0 after --help, 2 after a usage error; *a is NULL then). */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_args **a, int *exit_code);

/* Options shared by many tables. */
#define CLI_OPTS_FORMAT                                                                                           \
    {"json", 0, CLI_FLAG, NULL, 0, 0, CLI_ONE_OF, NULL, "JSON output (an array for a list of inputs)", NULL},   \
        {"csv", 0, CLI_FLAG, NULL, 0, 0, CLI_ONE_OF, NULL, "CSV output with a header line", NULL}
/* Output format chosen by --json / --csv (default: table). */
typedef enum { CLI_FMT_TABLE = 0, CLI_FMT_JSON, CLI_FMT_CSV } cli_format;
/* The format of a parsed line whose table has CLI_OPTS_FORMAT. */
cli_format cli_args_format(const cli_args *a);

/* ------------------------------------------------------------------ memory */

/* Allocation that cannot fail: on failure the program says "out of memory", removes the temporary files of
 * the outputs being written and exits with status 1 (never a crash, never a partial file). */
void *cli_xmalloc(size_t n);
void *cli_xcalloc(size_t n, size_t size);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);
/* Route cJSON's allocations through cli_xmalloc (called once by main). */
void cli_memory_init(void);

/* ------------------------------------------------------------------ results */

/* A result number formatted with fmt ("%.3f") into a rotating buffer (valid for the next 32 calls): when v is
 * not finite the result is marked failed (the program exits 1 naming `what`) and "" is returned. */
const char *cli_num_s(double v, const char *fmt, const char *what);
/* A number that may be "not computed": "" when not finite, without failing (the caller states why). */
const char *cli_opt_s(double v, const char *fmt);
/* Add a result number to a JSON object (fails as cli_num_s when not finite), or an optional one (null). */
void cli_json_num(cJSON *o, const char *key, double v);
void cli_json_opt(cJSON *o, const char *key, double v);
/* Mark the output failed: `what` could not be computed. */
void cli_result_fail(const char *what);
/* 1 when a result failed; the message was printed once. */
int cli_result_failed(void);

/* ------------------------------------------------------------------ tables and JSON */

/* A table of strings: columns with headers, rows added one at a time, printed aligned (numbers right-aligned),
 * or as CSV (RFC 4180 quoting). */
typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols, const char *const *headers);
void cli_table_add(cli_table *t, const char *const *cells);      /* copies the strings */
void cli_table_addf(cli_table *t, const char *fmt, ...);          /* cells separated by '\t' in the result */
/* Print (TABLE or CSV); refuses (prints nothing, returns CLI_BAD_INPUT) when a result failed. */
int cli_table_print(const cli_table *t, FILE *f, cli_format fmt);
/* Print the rows added so far and drop them, keeping the column widths (streamed output: bounded memory).
 * The header is printed by the first flush. */
int cli_table_flush(cli_table *t, FILE *f, cli_format fmt);
/* The header was printed elsewhere (one CSV header for several tables). */
void cli_table_skip_header(cli_table *t);
void cli_table_free(cli_table *t);
/* The rows as a JSON array of objects keyed by the headers (numbers as numbers, empty cells as null). */
cJSON *cli_table_json(const cli_table *t);
cJSON *cli_table_row_json(const cli_table *t, int row); /* one row as an object */
/* Print in any format: TABLE, CSV, or JSON through cli_table_json. */
int cli_table_output(const cli_table *t, FILE *f, cli_format fmt);

/* Print a cJSON value (pretty) to f and delete it; refuses when a result failed. */
int cli_json_fprint(cJSON *json, FILE *f);
int cli_json_print(cJSON *json);
/* A JSON array printed one item at a time (bounded memory): begin, add (deletes the item), end. */
typedef struct cli_json_stream {
    FILE *f;
    long n;
} cli_json_stream;
void cli_json_stream_begin(cli_json_stream *s, FILE *f);
int cli_json_stream_add(cli_json_stream *s, cJSON *item);
int cli_json_stream_end(cli_json_stream *s);

/* ------------------------------------------------------------------ files */

/* Open an output file through lmds_ofile (temporary beside it, renamed on success). inputs: NULL-terminated list
 * of the command's input files; an output that is one of them is refused. Prints the message and returns NULL on
 * failure. */
lmds_ofile *cli_output_open(const char *path, const char *const *inputs);
/* Declare a file the command reads (kept by pointer): no output of the command may be that file. */
void cli_input_declare(const char *path);
/* Commit (every write and the close checked); returns CLI_OK or CLI_BAD_INPUT (message printed). */
int cli_output_commit(lmds_ofile *o);
void cli_output_abort(lmds_ofile *o);
/* Remember (on = 1) or forget an open output, so that an out-of-memory exit removes its temporary file. */
void cli_output_track(lmds_ofile *o, int on);
/* 1 when a and b name the same file, existing or not (same device and inode, or the same resolved path). */
int cli_same_path(const char *a, const char *b);

/* ------------------------------------------------------------------ batch input */

/* The inputs of a batch command, in order: the positional arguments ("-" reads standard input there), then the
 * lines of --input FILE ("-" = standard input). Lines are read one at a time (bounded memory); blank lines and
 * "#" comments are skipped, and a line longer than CLI_LINE_MAX is reported as bad. */
#define CLI_LINE_MAX 65536
typedef struct cli_inputs cli_inputs;
/* input_file may be NULL. Returns NULL (message printed) when a file cannot be opened. */
cli_inputs *cli_inputs_open(const cli_args *a, const char *input_file);
/* Next input: 1 with *text (valid until the next call) and `where` ("argument 2", "data.txt:14",
 * "<stdin>:3"); 0 at the end; -1 when the item is bad before parsing (too long: message in where's place,
 * printed by the caller with cli_inputs_bad). */
int cli_inputs_next(cli_inputs *in, const char **text, char *where, size_t n);
/* Report a bad item "lmds: error: WHERE: message" and remember that one was bad. */
void cli_inputs_bad(cli_inputs *in, const char *where, const char *message);
int cli_inputs_nbad(const cli_inputs *in);
/* Close; returns CLI_OK, or CLI_BAD_INPUT when a read failed (message printed). */
int cli_inputs_close(cli_inputs *in);

/* Parse a composition from the command line or a batch line. by_weight: --wt was given; a composition written
 * with a trailing "at%" then contradicts it and is refused (LMDS_EINVAL) instead of one of the two winning. */
lmds_status cli_comp_parse(const char *s, int by_weight, int no_normalize, lmds_comp *c);

/* ------------------------------------------------------------------ long work */

/* Progress on stderr with rate and ETA, only when stderr is a terminal and CI is unset; silent otherwise.
 * Safe to call update from one thread at a time. */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_start(const char *label, long total);
void cli_progress_update(cli_progress *p, long done);
void cli_progress_end(cli_progress *p);
/* A library progress callback (lmds_*_progress): ctx is a cli_progress_ctx; the bar starts at the first report. */
typedef struct cli_progress_ctx {
    cli_progress *bar;
    const char *label;
} cli_progress_ctx;
void cli_progress_cb(void *ctx, long done, long total);
void cli_progress_ctx_end(cli_progress_ctx *p);

/* Before long work: `estimate` units of work (e.g. "candidate evaluations"), refused above `limit` unless
 * force (exit 2 with the estimate and how to go on); a note on stderr when above limit/10. */
int cli_work_check(const char *cmd, double estimate, double limit, const char *unit, int force);
#define CLI_OPT_FORCE {"force", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "run even when the work estimate is above the limit", NULL}

/* ------------------------------------------------------------------ plots */

/* The one SVG plot writer (every figure of the CLI): auto-scaled axes with ticks and labels, line or marker series,
 * a legend, text notes, filled polygons (for phase regions), optional log axes. It sizes the canvas from its text
 * so that nothing is cut or overprinted; tests/cli/test_figures.sh renders every figure and checks that. */
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
/* A note at data point (x, y), placed near it where it overlaps no other note and stays in the plot area. */
void cli_plot_text(cli_plot *p, double x, double y, const char *text);
/* A note exactly at (x, y): align CLI_ALIGN_END, _MIDDLE or _START says which end of the text is there. */
enum { CLI_ALIGN_END = -1, CLI_ALIGN_MIDDLE = 0, CLI_ALIGN_START = 1, CLI_AUTO = 2 };
void cli_plot_text_at(cli_plot *p, double x, double y, int align, const char *text);
/* Category names along x at the given x values (upright), in place of numeric x ticks; copies the strings. */
void cli_plot_xcategories(cli_plot *p, int n, const double *x, const char *const *labels);
/* No axes, ticks or frame, and one scale for x and y: for drawings such as a ternary triangle. */
void cli_plot_frameless(cli_plot *p);
/* Write the SVG file through cli_output_open (atomic; never over an input); returns CLI_OK or CLI_BAD_INPUT
 * (message printed). */
int cli_plot_write(const cli_plot *p, const char *path);
void cli_plot_free(cli_plot *p);

/* ------------------------------------------------------------------ commands */

/* Print a model registry (n entries, get(i) for each) as JSON, CSV or a readable list with parameters and the
 * papers to cite. */
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
int cli_cmd_route(int argc, char **argv);

/* A group command ("thermo", "sc", ...): its subcommands by name. */
typedef struct cli_sub {
    const char *name;
    int (*fn)(int argc, char **argv); /* argv[0] is the subcommand name */
    const char *summary;
} cli_sub;
/* Dispatch argv[1] among subs; prints the group's help for no argument (exit 2), --help or help (exit 0). */
int cli_dispatch(const char *group, const char *about, const cli_sub *subs, int n, int argc, char **argv);

/* Shared by the thermo subcommands (cmd_thermo.c): load --tdb (or the default), refuse a system the default
 * database does not cover, --elements in alphabetical order. */
int cli_thermo_load(const cli_args *a, lmds_tdb **db);
int cli_thermo_covered_z(const cli_args *a, const lmds_tdb *db, int n, const int *z);
int cli_thermo_elements(const cli_args *a, int *z);

/* The phases and the pressure of every thermo command that computes equilibria (the cli_cmd's common table):
 * --suspend PHASE[,PHASE] (repeatable: phases left out, the metastable equilibrium when the stable phase does not
 * nucleate), --only PHASE[,PHASE] (repeatable: only these phases take part), --P GPa (default 0 = 1 bar, at most
 * lmds_thermo_pressure_max()). */
extern const cli_opt cli_thermo_common[];
#define CLI_THERMO_MAX_PHASES 32
typedef struct cli_thermo_sel {
    double P;                                        /* GPa */
    const char *suspend[CLI_THERMO_MAX_PHASES + 1]; /* NULL-terminated, pointing into buf */
    const char *only[CLI_THERMO_MAX_PHASES + 1];    /* NULL-terminated; only[0] == NULL: every phase */
    char buf[2048];
    lmds_thermo_opts opts;                          /* points into this struct: do not copy it */
} cli_thermo_sel;
/* Read --suspend, --only and --P into *s. CLI_OK, or a usage error (printed; the exit code returned). */
int cli_thermo_sel_read(const cli_args *a, cli_thermo_sel *s);
/* A workspace for the n elements z[] with the selected phases (*ws: free with lmds_thermo_ws_free). CLI_OK, or the
 * library's message printed (an unknown phase name) and the exit code returned (*ws = NULL). */
int cli_thermo_ws_make(const cli_thermo_sel *s, const lmds_tdb *db, int n, const int *z, lmds_thermo_ws **ws);
/* "1 bar" or "0.5 GPa", and " (suspended: A, B)" / " (only: A, B)" when phases are selected, for a result line. */
void cli_thermo_sel_label(const cli_thermo_sel *s, char *buf, size_t n);
/* The selection in a JSON result: P_GPa, and "suspended"/"only" arrays when given. */
void cli_thermo_sel_json(const cli_thermo_sel *s, cJSON *o);

/* Shared by predict, design and liquid-sc (cmd_predict.c, cmd_design.c). */
cJSON *cli_predict_json(const lmds_prediction *r);
void cli_predict_short_ref(const char *ref, char *buf, size_t n);
void cli_design_comp_label(const lmds_comp *c, char *buf, size_t n);
void cli_design_print_prediction(const lmds_prediction *r);
int cli_design_routes(const char *cmd, const char *list, lmds_design_spec *s);
int cli_design_step(const cli_args *a, double dflt, lmds_design_spec *s);
double cli_design_estimate(const lmds_design_spec *s);

#endif
