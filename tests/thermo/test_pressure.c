/* Pressure in the Gibbs energies (constant molar volumes, data/thermo/molar_volumes.csv): the melting points of the
 * elements move by Clausius-Clapeyron, checked against measured melting-curve slopes and the Pb-Bi eutectic under
 * pressure (data/thermo/melting_pressure.csv, a source and a tolerance with its reason per row; rows without a
 * tolerance are known misses, printed and listed in docs/thermo.md, not asserted). Also: the pressure term is the
 * exact P V term (G(P) - G(0) = P V for a pure phase), pressure limits, and the phase selection of workspaces. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"
#include "lmds_test.h"
#include "thermo/thermo_test_util.h"

#include <lmds.h>

#define MELTING LMDS_SOURCE_DATA_DIR "/thermo/melting_pressure.csv"

static double liquidus(const char *comp, double P, char *prim) {
    lmds_comp c;
    double T = NAN;
    assert_int_equal(lmds_comp_parse(comp, NULL, &c), LMDS_OK);
    lmds_status st = lmds_thermo_liquidus(tt_db(), &c, P, &T, prim, prim ? LMDS_PHASE_NAME : 0);
    if (st) fprintf(stderr, "%s\n", lmds_errmsg());
    assert_int_equal(st, LMDS_OK);
    return T;
}

/* The eutectic of a binary at P nearest T_near (NAN when none). */
static double eutectic(const char *comp, double P, double T_near) {
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(comp, NULL, &c), LMDS_OK);
    lmds_thermo_ws *ws = NULL;
    assert_int_equal(lmds_thermo_ws_new(tt_db(), c.n, c.z, NULL, &ws), LMDS_OK);
    lmds_invariant *inv = NULL;
    int ni = 0;
    assert_int_equal(lmds_thermo_ws_invariants(ws, P, T_near - 150, T_near + 150, &inv, &ni), LMDS_OK);
    double best = NAN;
    for (int k = 0; k < ni; k++)
        if (inv[k].type == LMDS_INV_EUTECTIC && (isnan(best) || fabs(inv[k].T - T_near) < fabs(best - T_near))) best = inv[k].T;
    free(inv);
    lmds_thermo_ws_free(ws);
    return best;
}

/* One row of melting_pressure.csv: the model's value. */
static double model_value(const char *quantity, const char *comp, double P, double ref) {
    if (!strcmp(quantity, "dTm_dP")) return (liquidus(comp, P, NULL) - liquidus(comp, 0, NULL)) / P;
    assert_string_equal(quantity, "T_eutectic");
    return eutectic(comp, P, ref);
}

static void test_melting_under_pressure(void **state) {
    (void)state;
    static const char *const cols[] = {"system", "composition", "quantity", "P_GPa", "value", "rel_tolerance",
                                       "tolerance_reason", "source"};
    char *text = NULL;
    assert_int_equal(lmds_file_read(MELTING, 1u << 20, &text, NULL), LMDS_OK);
    lmds_csv c;
    int idx[8], failed = 0, asserted = 0;
    lmds_csv_init(&c, text);
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_int_equal(lmds_csv_require(&c, MELTING, cols, 8, idx, "see the file"), LMDS_OK);
    while (lmds_csv_next(&c) == 1) {
        const char *q = c.fields[idx[2]], *tol_s = c.fields[idx[5]];
        double P = atof(c.fields[idx[3]]), ref = atof(c.fields[idx[4]]);
        double v = model_value(q, c.fields[idx[1]], P, ref);
        int has_tol = tol_s[0] != 0, ok = has_tol && fabs(v - ref) <= atof(tol_s) * fabs(ref);
        fprintf(stderr, "  %-6s %-10s at %.2f GPa: lmds %8.2f, measured %8.2f (%+.0f %%)  %s\n", c.fields[idx[0]], q, P, v,
                ref, 100 * (v - ref) / ref, !has_tol ? "reported (known miss or recalled reference)" : ok ? "ok" : "MISS");
        if (has_tol) {
            asserted++;
            failed += !ok;
        }
    }
    lmds_csv_clear(&c);
    free(text);
    assert_true(asserted >= 3);
    assert_int_equal(failed, 0);
}

/* For a pure phase G(T, P) - G(T, 0) is exactly (P - 1 bar) V_m: liquid Ga with V = 11.468 cm^3/mol from
 * molar_volumes.csv (a check of the term, not of data). */
static void test_pv_term(void **state) {
    (void)state;
    lmds_comp c;
    assert_int_equal(lmds_comp_parse("Ga", NULL, &c), LMDS_OK);
    static const char *const liq[] = {"LIQUID", NULL};
    lmds_thermo_opts o = {NULL, liq};
    lmds_thermo_ws *ws = NULL;
    assert_int_equal(lmds_thermo_ws_new(tt_db(), 1, c.z, &o, &ws), LMDS_OK);
    lmds_eq_result r0, r1;
    assert_int_equal(lmds_thermo_ws_equilibrium(ws, &c, 350, 0, &r0), LMDS_OK);
    assert_int_equal(lmds_thermo_ws_equilibrium(ws, &c, 350, 0.5, &r1), LMDS_OK);
    assert_abs_why(r1.G - r0.G, (0.5e9 - 1e5) * 11.468e-6, 1e-6, "the P V term of a pure liquid");
    lmds_thermo_ws_free(ws);
}

/* Pressures outside [0, P_max] are refused with a message, never computed. */
static void test_pressure_limits(void **state) {
    (void)state;
    lmds_comp c;
    double T;
    assert_int_equal(lmds_comp_parse("Sn", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_thermo_liquidus(tt_db(), &c, lmds_thermo_pressure_max() * 1.01, &T, NULL, 0), LMDS_EDOMAIN);
    assert_non_null(strstr(lmds_errmsg(), "GPa"));
    assert_int_equal(lmds_thermo_liquidus(tt_db(), &c, -0.1, &T, NULL, 0), LMDS_EINVAL);
    assert_int_equal(lmds_thermo_liquidus(tt_db(), &c, NAN, &T, NULL, 0), LMDS_EINVAL);
}

/* Found with the pressure term: three published lattice stabilities of pure Sn in phases that are not its own fall
 * below bct Sn a little above its melting point (505.08 K), where the liquid hides them at 1 bar:
 *   HCP_A3 (NIST solder database, GSNHCP = GHSERSN + 3900 - 7.646 T) below 510.07 K,
 *   HCP_ZN (Zobac et al. 2015, GHSERSN + 4000 - 7.646 T) below 523.2 K,
 *   GAMMA (David et al. 2004, GHSERSN + 700 - 1.3358 T) below 524.0 K.
 * Above about 0.15 GPa pure Sn therefore melts from HCP_A3. Printed here (docs/thermo.md lists it); suspending
 * the three leaves bct Sn. */
static void test_sn_hcp_under_pressure(void **state) {
    (void)state;
    char prim[LMDS_PHASE_NAME];
    double T = liquidus("Sn", 0.5, prim);
    fprintf(stderr, "  Sn at 0.5 GPa melts at %.2f K from %s (reported)\n", T, prim);
    lmds_comp c;
    assert_int_equal(lmds_comp_parse("Sn", NULL, &c), LMDS_OK);
    static const char *const hcp[] = {"HCP_A3", "HCP_ZN", "GAMMA", NULL};
    lmds_thermo_opts o = {hcp, NULL};
    lmds_thermo_ws *ws = NULL;
    assert_int_equal(lmds_thermo_ws_new(tt_db(), 1, c.z, &o, &ws), LMDS_OK);
    double Ts;
    assert_int_equal(lmds_thermo_ws_liquidus(ws, &c, 0.5, &Ts, prim, sizeof prim), LMDS_OK);
    assert_string_equal(prim, "BCT_A5");
    /* without hcp the melting line is the Clausius-Clapeyron line of bct Sn: its slope at 0.5 GPa equals the slope
     * at 0.1 GPa (constant volumes and a nearly constant entropy of melting) */
    double T1 = liquidus("Sn", 0.1, NULL), T0 = liquidus("Sn", 0, NULL);
    fprintf(stderr, "  bct Sn: %.2f K at 0.5 GPa (slope %.1f K/GPa), %.1f K/GPa at 0.1 GPa\n", Ts, (Ts - T0) / 0.5,
            (T1 - T0) / 0.1);
    assert_rel_why((Ts - T0) / 0.5, (T1 - T0) / 0.1, 0.05, "dS_m changes by a few % over 10 K");
    lmds_thermo_ws_free(ws);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_melting_under_pressure),
        cmocka_unit_test(test_pv_term),
        cmocka_unit_test(test_pressure_limits),
        cmocka_unit_test(test_sn_hcp_under_pressure),
    };
    return cmocka_run_group_tests(tests, tt_db_setup, tt_db_teardown);
}
