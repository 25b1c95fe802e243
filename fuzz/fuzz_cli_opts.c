/* libFuzzer target for the command-line option layer (src/cli/opts.c): any words must parse, ask for help or give
 * a usage error with a message, never crash, hang or leak; a parsed value must lie in its declared range. The
 * input is split into words at NUL and newline bytes; the table has one option of every kind. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

static const cli_opt OPTS[] = {
    {"flag", 'f', CLI_FLAG, NULL, 0, 0, 0, NULL, "a flag", NULL},
    {"T", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "a temperature", NULL},
    {"P", 0, CLI_DOUBLE, "GPa", 0, 1, CLI_GT_LO, NULL, "a pressure", NULL},
    {"n", 'n', CLI_INT, "N", 1, 1000, 0, NULL, "a count", NULL},
    {"name", 0, CLI_STRING, "S", 0, 0, CLI_REPEAT, NULL, "repeatable text", NULL},
    {"kind", 'k', CLI_ENUM, "K", 0, 0, CLI_NONE_OK, "a|bb|ccc", "a choice", NULL},
    {"in", 'i', CLI_INPUT, "FILE", 0, 0, CLI_STDIO, NULL, "an input", NULL},
    {"out", 'o', CLI_OUTPUT, "FILE", 0, 0, CLI_STDIO, NULL, "an output", NULL},
    {"elements", 'e', CLI_ELEMENTS, "A,B", 2, 3, 0, NULL, "elements", NULL},
    {"json", 0, CLI_FLAG, NULL, 0, 0, CLI_ONE_OF, NULL, "JSON", NULL},
    {"csv", 0, CLI_FLAG, NULL, 0, 0, CLI_ONE_OF, NULL, "CSV", NULL},
    {"temp", 0, CLI_DOUBLE, "K", 1, 6000, CLI_HIDDEN, NULL, "old spelling", "T"},
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};
static const cli_cmd CMD = {"fuzz cmd", "[options] ARG...", "fuzzing", OPTS, NULL, 0, 3, "json csv;flag kind"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *buf = malloc(size + 1), *argv[64];
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    char *p = buf;
    for (size_t i = 0; i <= size && argc < 64; i++)
        if (buf[i] == '\0' || buf[i] == '\n') {
            buf[i] = '\0';
            argv[argc++] = p;
            p = buf + i + 1;
        }
    cli_args *a = NULL;
    char err[512];
    int r = cli_args_parse_r(&CMD, argc, argv, &a, err, sizeof err);
    if (r == CLI_PARSE_OK) {
        double T = cli_num(a, "T", 300), P = cli_num(a, "P", 0.5);
        long n = cli_int(a, "n", 1);
        if (!(T >= 1 && T <= 6000) || !(P > 0 && P <= 1) || n < 1 || n > 1000) abort();
        int z[CLI_MAX_LIST];
        int ne = cli_elements(a, "elements", z, CLI_MAX_LIST);
        if (cli_has(a, "elements") && (ne < 2 || ne > 3)) abort();
        const char *vals[CLI_MAX_REPEAT];
        cli_repeat(a, "name", vals, CLI_MAX_REPEAT);
        (void)cli_str(a, "kind", NULL), (void)cli_str(a, "in", NULL), (void)cli_str(a, "out", NULL);
        if (cli_has(a, "json") && cli_has(a, "csv")) abort();
        for (int i = 0; i < cli_argc(a); i++) (void)cli_arg(a, i);
        cli_args_free(a);
    } else if (a) {
        abort(); /* *out is NULL unless parsed */
    } else if (r == CLI_PARSE_ERROR && !err[0]) {
        abort(); /* a usage error always says why */
    }
    free(buf);
    return 0;
}
