/* Weak fallbacks for subcommands whose module is not built into this binary; a module's own
 * src/cli/cmd_<name>.c overrides them at link time. */
#include "cli.h"

#define FALLBACK(fn, name)                                                                                  \
    __attribute__((weak)) int fn(int argc, char **argv)                                                     \
    {                                                                                                       \
        (void)argc, (void)argv;                                                                             \
        fprintf(stderr, "lmds: the '%s' command is not part of this build\n", name);                        \
        return CLI_USAGE;                                                                                   \
    }
FALLBACK(cli_cmd_thermo, "thermo")
FALLBACK(cli_cmd_sc, "sc")
FALLBACK(cli_cmd_db, "db")
FALLBACK(cli_cmd_learn, "learn")
FALLBACK(cli_cmd_tunnel, "tunnel")
FALLBACK(cli_cmd_predict, "predict")
FALLBACK(cli_cmd_design, "design")
FALLBACK(cli_cmd_liquid_sc, "liquid-sc")
