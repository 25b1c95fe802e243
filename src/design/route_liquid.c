/* Can a liquid metal superconduct? Per family of data/routes/liquid_families.csv: the lowest temperature its
 * liquid reaches against the Tc of its most disordered solid. The amorphous (quench-condensed) film is the
 * closest solid to the liquid's structure (W. Buckel, R. Hilsch, Z. Phys. 138, 109 (1954)); a liquid that never
 * gets below that Tc has no measured route to superconduct, and no liquid has been measured superconducting. */
#include "design/route_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/supercon.h"

#define FAMILIES_COLS "family,composition,liquidus_K,lowest_liquid_K,lowest_liquid_method,glass_transition_K," \
                      "disordered_solid,disordered_Tc_K,reference,notes,verification"

void lmds_liquid_verdicts_free(lmds_liquid_verdict *v) { free(v); }

/* The spread of the disordered solid's measurements (amorphous.csv) when the family is one element. */
static double disordered_err(const char *composition, const char *solid)
{
    lmds_amorphous_tc am;
    if (!strstr(solid, "amorphous") || lmds_amorphous_lookup(NULL, composition, &am) != LMDS_OK) {
        lmds_error_clear();
        return 0.0;
    }
    return am.tc_err;
}

static void verdict(const rt_table *t, int r, lmds_liquid_verdict *v)
{
    memset(v, 0, sizeof *v);
    snprintf(v->family, sizeof v->family, "%s", rt_get(t, r, "family"));
    snprintf(v->composition, sizeof v->composition, "%s", rt_get(t, r, "composition"));
    snprintf(v->disordered_solid, sizeof v->disordered_solid, "%s", rt_get(t, r, "disordered_solid"));
    snprintf(v->reference, sizeof v->reference, "%s", rt_get(t, r, "reference"));
    snprintf(v->verification, sizeof v->verification, "%s", rt_get(t, r, "verification"));
    v->liquidus_K = rt_num(t, r, "liquidus_K");
    v->lowest_liquid_K = rt_num(t, r, "lowest_liquid_K");
    v->glass_K = rt_num(t, r, "glass_transition_K");
    v->disordered_tc_K = rt_num(t, r, "disordered_Tc_K");
    snprintf(v->lowest_method, sizeof v->lowest_method, "%s", rt_get(t, r, "lowest_liquid_method"));
    if (isnan(v->lowest_liquid_K) && !isnan(v->liquidus_K)) {
        v->lowest_liquid_K = v->liquidus_K;
        snprintf(v->lowest_method, sizeof v->lowest_method, "liquidus (no undercooling measured)");
    }
    v->margin_K = v->margin_err_K = NAN;
    if (rt_contains(rt_get(t, r, "notes"), "THEORY ONLY") || rt_contains(rt_get(t, r, "reference"), "theory only")) {
        snprintf(v->verdict, sizeof v->verdict, "theory only");
        snprintf(v->reason, sizeof v->reason, "no measurement: a pressure route known only from theory");
        return;
    }
    if (isnan(v->disordered_tc_K) || isnan(v->lowest_liquid_K)) {
        snprintf(v->verdict, sizeof v->verdict, "no data");
        snprintf(v->reason, sizeof v->reason, "no %s sourced", isnan(v->disordered_tc_K) ? "Tc of a solid of this "
                 "family" : "lowest liquid temperature");
        return;
    }
    v->disordered_err_K = disordered_err(v->composition, v->disordered_solid);
    v->margin_K = v->lowest_liquid_K - v->disordered_tc_K;
    v->margin_err_K = v->disordered_err_K;
    const char *w = v->margin_K - v->margin_err_K > 0 ? "no" : v->margin_K + v->margin_err_K < 0 ? "yes" : "undecided";
    snprintf(v->verdict, sizeof v->verdict, "%s", w);
    char err[48] = " (no stated uncertainty)";
    if (v->margin_err_K > 0) snprintf(err, sizeof err, " +- %.2g K", v->margin_err_K);
    snprintf(v->reason, sizeof v->reason, "lowest liquid %g K (%.80s) %s the %s Tc %g K by %.3g K%s%s",
             v->lowest_liquid_K, v->lowest_method, v->margin_K >= 0 ? "stays above" : "falls below",
             v->disordered_solid, v->disordered_tc_K, fabs(v->margin_K), err,
             v->margin_K >= 0 ? "" : " (by the disordered-solid proxy; no liquid has been measured superconducting)");
}

lmds_status lmds_liquid_sc_assess(const char *path, lmds_liquid_verdict **out, int *n)
{
    if (!out || !n) return lmds_error(LMDS_EINVAL, "lmds_liquid_sc_assess: NULL argument");
    *out = NULL;
    *n = 0;
    char p[512];
    lmds_status st = LMDS_OK;
    if (!path && (st = lmds_data_path("routes/liquid_families.csv", p, sizeof p))) return st;
    rt_table t;
    if ((st = rt_table_load(&t, path ? path : p, FAMILIES_COLS,
                            "liquidus_K,lowest_liquid_K,glass_transition_K,disordered_Tc_K")))
        return st;
    lmds_liquid_verdict *v = calloc(t.nrows ? (size_t)t.nrows : 1, sizeof *v);
    if (!v) {
        rt_table_clear(&t);
        return lmds_error(LMDS_ENOMEM, "liquid-sc: out of memory");
    }
    for (int r = 0; r < t.nrows; r++) verdict(&t, r, &v[r]);
    *n = t.nrows;
    *out = v;
    rt_table_clear(&t);
    return LMDS_OK;
}
