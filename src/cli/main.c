/* lmds: the command-line front of the library. One command per model family; see `lmds help`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_sub commands[] = {
    {"comp", cli_cmd_comp, "parse and normalise compositions (formulas, wt%, named alloys)"},
    {"element", cli_cmd_element, "element data with the source of each value"},
    {"thermo", cli_cmd_thermo, "CALPHAD thermodynamics: equilibria, liquidus, invariants, diagrams, solidification"},
    {"sc", cli_cmd_sc, "superconductivity: a2F moments, McMillan/Allen-Dynes/Eliashberg Tc, gap, fields, pressure, size"},
    {"db", cli_cmd_db, "the genome: SQLite materials store (build, import, query, show, export, stats, check)"},
    {"learn", cli_cmd_learn, "Tc from composition with gradient-boosted trees (features, train, cv, predict)"},
    {"tunnel", cli_cmd_tunnel, "the electron-tunnel model (our formalisation) scored beside electron-phonon"},
    {"predict", cli_cmd_predict, "forward prediction: melt -> phases -> Tc for compositions and a route"},
    {"design", cli_cmd_design, "inverse design: search compositions, routes and pressure (the main job)"},
    {"route", cli_cmd_route, "the polymorph or form a route makes (droplet, film, 2D, amorphous) and its Tc"},
    {"liquid-sc", cli_cmd_liquid_sc, "can a liquid metal superconduct? lowest liquid T vs disordered-solid Tc"},
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static const char *ABOUT =
    "The materials genome for liquid-metal-derived superconductors.\n\n"
    "Grammar (every command): options anywhere after the command, --name=VALUE or --name VALUE, '--' ends the\n"
    "options; numbers are checked against their physical range; an option a command does not take is an error.\n"
    "Only --help and --version may stand before the command. Tables by default; --json (lists are arrays) and\n"
    "--csv (with a header) where a command prints a table. Exit codes: 0 success, 1 bad input (the message names\n"
    "file:line:column or the argument), 2 usage error.";

static void print_help(FILE *f)
{
    fprintf(f, "lmds %s\n\nUsage: lmds <command> [options] [arguments]\n       lmds <command> --help\n"
               "       lmds --version\n\n%s\n\nCommands:\n", LMDS_VERSION_STRING, ABOUT);
    for (int i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nData folder: %s (set LMDS_DATA_DIR to change); genome: LMDS_DB or --db.\n", lmds_data_dir());
}

int cli_dispatch(const char *group, const char *about, const cli_sub *subs, int n, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : NULL;
    int help = sub && (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help"));
    if (!sub || help) {
        FILE *f = help ? stdout : stderr;
        fprintf(f, "Usage: lmds %s SUBCOMMAND [options] [arguments]\n\n%s\n\nSubcommands (lmds %s SUBCOMMAND --help):\n",
                group, about, group);
        for (int i = 0; i < n; i++) fprintf(f, "  %-11s %s\n", subs[i].name, subs[i].summary);
        return help ? CLI_OK : CLI_USAGE;
    }
    for (int i = 0; i < n; i++)
        if (!strcmp(subs[i].name, sub)) return subs[i].fn(argc - 1, argv + 1);
    char list[512] = "";
    for (int i = 0; i < n; i++) {
        size_t L = strlen(list);
        snprintf(list + L, sizeof list - L, "%s%s", i ? ", " : "", subs[i].name);
    }
    if (sub[0] == '-')
        return cli_usage(group, "the subcommand comes first: lmds %s SUBCOMMAND [options] (%s)", group, list);
    return cli_usage(group, "unknown subcommand '%s' (%s)", sub, list);
}

/* Options before the command are refused (only --help and --version stand there), with the line rewritten. */
static int leading_option(int argc, char **argv)
{
    int k = 1;
    while (k < argc && argv[k][0] == '-') k++;
    fprintf(stderr, "lmds: options go after the command (only --help and --version stand before it): ");
    if (k < argc) {
        fprintf(stderr, "lmds %s", argv[k]);
        for (int i = 1; i < argc; i++)
            if (i != k) fprintf(stderr, " %s", argv[i]);
        fputc('\n', stderr);
    } else {
        fprintf(stderr, "no command given\n");
    }
    fprintf(stderr, "Try 'lmds help'.\n");
    return CLI_USAGE;
}

static int finish(int rc)
{
    cli_flush_warnings();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "lmds: error: could not write the output (standard output)\n");
        return CLI_BAD_INPUT;
    }
    if (rc == CLI_OK && cli_result_failed()) return CLI_BAD_INPUT;
    return rc;
}

int main(int argc, char **argv)
{
    cli_memory_init();
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 2 && !strcmp(cmd, "help")) {
            char *args[4] = {argv[2], argc > 3 ? argv[3] : "--help", "--help", NULL};
            for (int i = 0; i < NCOMMANDS; i++)
                if (!strcmp(commands[i].name, argv[2])) return finish(commands[i].fn(argc > 3 ? 3 : 2, args));
            return cli_usage("help", "no command called '%s'", argv[2]);
        }
        print_help(stdout);
        return finish(CLI_OK);
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("lmds %s\n", LMDS_VERSION_STRING);
        return finish(CLI_OK);
    }
    if (cmd[0] == '-') return leading_option(argc, argv);
    for (int i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, cmd)) return finish(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "lmds: unknown command '%s'\nTry 'lmds help'.\n", cmd);
    return CLI_USAGE;
}
