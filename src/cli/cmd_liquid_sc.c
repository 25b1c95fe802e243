/* lmds liquid-sc: can a liquid metal superconduct? Per liquid-metal family (data/routes/liquid_families.csv):
 * the lowest temperature its liquid reaches against the Tc of its most disordered solid. Parse, run, report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}

static const cli_opt LSC_OPTS[] = {
    {"families", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "the families table (default data/routes/liquid_families.csv)",
     NULL},
    CLI_OPTS_FORMAT,
    END};

static const cli_cmd LIQUID_SC = {
    "liquid-sc", "[options]",
    "Can a liquid metal superconduct? No liquid has been measured superconducting. Per liquid-metal family: the\n"
    "lowest temperature its liquid is measured to reach (deepest undercooling with its method, else the\n"
    "liquidus), the glass transition where known, and the Tc of its most disordered solid (the amorphous,\n"
    "quench-condensed film: the closest solid to the liquid's structure and electron-phonon coupling, Buckel &\n"
    "Hilsch 1954). margin = lowest liquid T - disordered-solid Tc, with the spread of the amorphous\n"
    "measurements. Verdict: no (margin above its uncertainty), yes (below minus it: the liquid would reach the\n"
    "Tc of its disordered solid), undecided (within it), no data, theory only (e.g. liquid metallic hydrogen).",
    LSC_OPTS, NULL, 0, 0, NULL};

static const char *const HEAD[] = {"family", "verdict", "lowest_liquid_K", "disordered_Tc_K", "margin_K",
                                   "margin_err_K", "liquidus_K", "glass_transition_K", "disordered_solid",
                                   "lowest_liquid_method", "reason", "verification", "reference"};
#define NHEAD (int)(sizeof HEAD / sizeof HEAD[0])

static cli_table *verdict_table(const lmds_liquid_verdict *v, int n, int ncols)
{
    cli_table *t = cli_table_new(ncols, HEAD);
    for (int i = 0; i < n; i++) {
        const char *row[NHEAD] = {v[i].family, v[i].verdict, cli_opt_s(v[i].lowest_liquid_K, "%.1f"),
                                  cli_opt_s(v[i].disordered_tc_K, "%.2f"), cli_opt_s(v[i].margin_K, "%.1f"),
                                  cli_opt_s(v[i].margin_err_K, "%.2f"), cli_opt_s(v[i].liquidus_K, "%.1f"),
                                  cli_opt_s(v[i].glass_K, "%.1f"), v[i].disordered_solid, v[i].lowest_method,
                                  v[i].reason, v[i].verification, v[i].reference};
        cli_table_add(t, row);
    }
    return t;
}

static void text_tail(const lmds_liquid_verdict *v, int n)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i].margin_K) && (best < 0 || v[i].margin_K < v[best].margin_K)) best = i;
    printf("\n");
    for (int i = 0; i < n; i++) printf("%s: %s\n", v[i].family, v[i].reason);
    if (best >= 0)
        printf("\nSmallest margin: %s, %.1f +- %.2f K. %s\n", v[best].family, v[best].margin_K, v[best].margin_err_K,
               v[best].margin_K > v[best].margin_err_K
                   ? "No liquid-metal family reaches, as a liquid, the Tc of its most disordered solid: no "
                     "liquid superconductor\nis expected, and none has been measured."
                   : "A family's liquid reaches the Tc of its disordered solid: a candidate to measure, not a "
                     "measurement.");
}

int cli_cmd_liquid_sc(int argc, char **argv)
{
    cli_args *a;
    int rc, n = 0;
    if (cli_parse(&LIQUID_SC, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    lmds_liquid_verdict *v = NULL;
    lmds_status st = lmds_liquid_sc_assess(cli_has(a, "families") ? cli_str(a, "families", NULL) : NULL, &v, &n);
    if (st) {
        cli_args_free(a);
        return cli_fail(st);
    }
    cli_format fmt = cli_args_format(a);
    cli_table *t = verdict_table(v, n, fmt == CLI_FMT_TABLE ? 7 : NHEAD);
    rc = cli_table_output(t, stdout, fmt);
    if (rc == CLI_OK && fmt == CLI_FMT_TABLE) text_tail(v, n);
    cli_table_free(t);
    lmds_liquid_verdicts_free(v);
    cli_args_free(a);
    return rc;
}
