/* The option layer of the lmds program: every command declares its options in a table (cli_opt) and its
 * command line is parsed, validated and documented (--help) from that table by one function, in the spirit of
 * Lua's lauxlib. The grammar it implements, for every command:
 *
 *   - options and arguments in any order (GNU order); "--" ends the options (a later "-x" is an argument);
 *   - a value as "--name=value" or "--name value" (a short option "-o value" or "-ovalue");
 *   - a number is the whole word, finite, inside the option's documented range (exit 2 naming the range);
 *   - an option the command does not declare is an error (exit 2 naming the option and the command);
 *   - an option given twice is an error unless it is declared repeatable;
 *   - pairs of options that contradict each other (declared per command) are an error;
 *   - a deprecated spelling works and prints a note naming the current one.
 *
 * This file depends only on <lmds.h> and the C library so that a fuzz target can compile it on its own. */
#ifndef LMDS_CLI_OPTS_H
#define LMDS_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    CLI_FLAG = 0, /* no value */
    CLI_DOUBLE,   /* a real number in [lo, hi] (unit in the table) */
    CLI_INT,      /* a whole number in [lo, hi] */
    CLI_STRING,   /* any text */
    CLI_ENUM,     /* one of the words in choices ("a|b|c") */
    CLI_INPUT,    /* a file to read ("-" = standard input when CLI_STDIO) */
    CLI_OUTPUT,   /* a file to write ("-" = standard output when CLI_STDIO) */
    CLI_ELEMENTS  /* element symbols separated by ',' (or '-'), no repeats, between lo and hi of them */
} cli_kind;

/* Option flags. */
enum {
    CLI_REQUIRED = 1 << 0, /* the command needs it */
    CLI_REPEAT = 1 << 1,   /* may be given several times; each value is kept (at most CLI_MAX_REPEAT) */
    CLI_NONE_OK = 1 << 2,  /* the word "none" is accepted as a value (cli_opt_none() tells) */
    CLI_STDIO = 1 << 3,    /* "-" is standard input/output */
    CLI_GT_LO = 1 << 4,    /* the lower bound is excluded: lo < value */
    CLI_HIDDEN = 1 << 5,   /* not listed by --help (deprecated aliases are never listed) */
    CLI_ONE_OF = 1 << 6    /* at most one option with this flag may be given (output formats: --json, --csv) */
};

#define CLI_MAX_REPEAT 8
#define CLI_MAX_LIST 32 /* element lists */

typedef struct cli_opt {
    const char *name;     /* long name without "--" (NULL ends a table) */
    char shortname;       /* one-letter form, 0 for none */
    cli_kind kind;
    const char *meta;     /* the value in --help: "K", "FILE", "A,B" */
    double lo, hi;        /* DOUBLE/INT: the allowed range; ELEMENTS: the allowed number of elements */
    unsigned flags;
    const char *choices;  /* ENUM: the allowed words, "a|b|c" */
    const char *help;     /* one line, with the unit and the default */
    const char *alias_of; /* a deprecated spelling: the name of the option it stands for */
} cli_opt;

/* One command: "thermo eq". */
typedef struct cli_cmd {
    const char *name;     /* "thermo eq" (printed in messages and --help) */
    const char *synopsis; /* what follows the name in the usage line: "[options] COMPOSITION" */
    const char *about;    /* paragraphs printed by --help after the usage line */
    const cli_opt *opts;  /* the table (ends with a NULL name); may be NULL */
    const cli_opt *common;/* a second table shared by several commands (may be NULL) */
    int min_args, max_args; /* positional arguments; max_args < 0: any number */
    const char *conflicts;  /* pairs of options that exclude each other: "a2f lambda;a2f omega-log" */
} cli_cmd;

/* The parsed command line. */
typedef struct cli_args cli_args;

/* Parse argv[0..argc-1] (the words after the command name) against cmd. On success *out holds the values
 * (free with cli_args_free) and CLI_PARSE_OK is returned. --help or -h gives CLI_PARSE_HELP (nothing else is
 * checked). A usage error gives CLI_PARSE_ERROR with the message (without the command name) in err.
 * Pure: prints nothing. *out is NULL unless CLI_PARSE_OK. */
enum { CLI_PARSE_OK = 0, CLI_PARSE_HELP = 1, CLI_PARSE_ERROR = 2 };
int cli_args_parse_r(const cli_cmd *cmd, int argc, char **argv, cli_args **out, char *err, size_t errn);

/* The same, printing: the help to stdout, or "lmds CMD: message" and the --help hint to stderr, and the
 * deprecation notes. Returns 0 (parsed: use *out), -1 (help printed: exit 0) or 2 (usage error: exit 2). */
int cli_args_parse(const cli_cmd *cmd, int argc, char **argv, cli_args **out);
void cli_args_free(cli_args *a);

/* Print the usage line, the about text and the option table of cmd. */
void cli_help_print(const cli_cmd *cmd, FILE *f);

/* Values. name is a long name of the command's table; asking for a name the table lacks is a programming error
 * (the program stops with a message), so that a typo cannot pass silently. */
int cli_has(const cli_args *a, const char *name);                         /* given on the command line */
int cli_declares(const cli_args *a, const char *name);                    /* the command's table has it */
int cli_opt_none(const cli_args *a, const char *name);                    /* given as "none" (CLI_NONE_OK) */
double cli_num(const cli_args *a, const char *name, double dflt);         /* DOUBLE */
long cli_int(const cli_args *a, const char *name, long dflt);             /* INT */
const char *cli_str(const cli_args *a, const char *name, const char *dflt); /* STRING, ENUM, INPUT, OUTPUT */
int cli_enum(const cli_args *a, const char *name, int dflt);              /* ENUM: index into choices */
int cli_elements(const cli_args *a, const char *name, int *z, int max);   /* ELEMENTS: count, z[] filled */
int cli_repeat(const cli_args *a, const char *name, const char **vals, int max); /* REPEAT: all values */
int cli_argc(const cli_args *a);                                          /* positional arguments */
const char *cli_arg(const cli_args *a, int i);
const char *cli_args_cmd(const cli_args *a);                              /* the command's name */

/* Every option of every command, for checks across tables (the grammar test): the same long name must have
 * the same kind everywhere. Registered by the command files (see cli_commands in main.c). */

#endif
