/* lmds: the command-line front of the library. One subcommand per model family; see `lmds help`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} command;

static const command commands[] = {
    {"comp", cli_cmd_comp, "parse and normalise compositions (formulas, wt%, named alloys)"},
    {"element", cli_cmd_element, "element data with the source of each value"},
    {"thermo", cli_cmd_thermo, "CALPHAD thermodynamics: equilibria, liquidus, invariants, diagrams, solidification"},
    {"sc", cli_cmd_sc, "superconductivity: a2F moments, McMillan/Allen-Dynes/Eliashberg Tc, gap, fields, pressure, size"},
    {"db", cli_cmd_db, "the genome: SQLite materials store (build, import, query, show, export, stats, check)"},
    {"learn", cli_cmd_learn, "Tc from composition with gradient-boosted trees (features, train, cv, predict)"},
    {"tunnel", cli_cmd_tunnel, "the electron-tunnel model (our formalisation) scored beside electron-phonon"},
    {"predict", cli_cmd_predict, "forward prediction: melt -> phases -> Tc for a composition and route"},
    {"design", cli_cmd_design, "inverse design: search compositions, routes and pressure (the main job)"},
    {"liquid-sc", cli_cmd_liquid_sc, "can anything superconduct while liquid? liquidus vs Tc per family"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *f)
{
    fprintf(f,
            "lmds %s - the materials genome for liquid-metal-derived superconductors\n\n"
            "Usage: lmds <command> [options] [arguments]\n"
            "       lmds <command> --help\n"
            "       lmds --version\n\n"
            "Commands:\n",
            LMDS_VERSION_STRING);
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\nOutput: a table by default; --json or --csv where a command offers them.\n"
            "Exit codes: 0 success, 1 bad input, 2 usage error.\n"
            "Data folder: %s (set LMDS_DATA_DIR to change); genome: LMDS_DB or --db.\n",
            lmds_data_dir());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || cli_is_help(cmd)) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    char *args[] = {argv[2], "--help", NULL};
                    return commands[i].fn(2, args);
                }
            return cli_usage("help", "no command called '%s'", argv[2]);
        }
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("lmds %s\n", LMDS_VERSION_STRING);
        return CLI_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, cmd) == 0) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            cli_flush_warnings();
            fflush(stdout);
            if (ferror(stdout)) {
                fprintf(stderr, "lmds: error: could not write the output\n");
                return CLI_BAD_INPUT;
            }
            return rc;
        }
    fprintf(stderr, "lmds: unknown command '%s'\nTry 'lmds help'.\n", cmd);
    return CLI_USAGE;
}
