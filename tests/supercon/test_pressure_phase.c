/* Tc of a phase under pressure (lmds_sc_tc_pressure_phase): an exact limit of the model on a synthetic phase, the
 * bookkeeping of phases, pressure ranges and missing data, and the comparison with measured Tc(P) of Pb (Smith &
 * Chu's initial slope; about 4 K at 10 GPa, Eiling & Schilling, recalled) and with Smith & Chu's linear-in-volume
 * extrapolations for Al, Cd and Zn. The criterion for the comparisons is the model's own spread: a measurement must
 * lie within twice tc_err (plus the reading uncertainty stated in the data file). The numbers are printed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmds.h>
#include "lmds_test.h"
#include "sc_testutil.h"

#define FIXTURE LMDS_SOURCE_DATA_DIR "/../tests/supercon/materials_fixture.csv"
#define MEAS LMDS_SOURCE_DATA_DIR "/pressure/measurements.csv"

/* The value of the measurements.csv row "material,quantity,P,..." (first match); NAN when absent. */
static double measurement(const char *material, const char *quantity, double P)
{
    FILE *f = fopen(MEAS, "r");
    assert_non_null(f);
    char line[4096], want[128];
    snprintf(want, sizeof want, "%s,%s,", material, quantity);
    double v = NAN;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, want, strlen(want)) != 0) continue;
        char *p = line + strlen(want), *e;
        double rp = strtod(p, &e);
        if (e == p || fabs(rp - P) > 1e-9 || *e != ',') continue;
        p = strchr(e + 1, ','); /* skip temperature */
        if (p) v = strtod(p + 1, NULL);
        break;
    }
    fclose(f);
    return v;
}

/* With phi = 2 gamma_G the coupling does not change with volume and McMillan's Tc scales with Theta alone:
 * Tc(P) = Tc0 (V/V0)^-gamma, with P(V) from the third-order Birch-Murnaghan form written out here. */
static void test_exact_limit(void **state)
{
    (void)state;
    const double B0 = 50, B0p = 4.5, gamma = 1.5, tc0 = 5.0; /* the fixture row Xphi */
    for (double v = 0.98; v >= 0.899; v -= 0.04) {
        double y = pow(1.0 / v, 2.0 / 3.0);
        double P = 1.5 * B0 * (pow(y, 3.5) - pow(y, 2.5)) * (1 + 0.75 * (B0p - 4) * (y - 1));
        lmds_sc_pressure_estimate e;
        assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xphi", NULL, tc0, P, &e), LMDS_OK);
        assert_rel(e.v_ratio, v, 1e-9);
        assert_rel(e.tc, tc0 * pow(v, -gamma), 1e-8);
        assert_rel(e.lambda, e.lambda0, 1e-12);
        assert_true(e.tc_err > 0); /* the spread varies phi, which breaks the exact cancellation */
    }
    /* At the reference pressure the model returns the Tc it was given, with no spread. */
    lmds_sc_pressure_estimate e;
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 7.2, 0.0, &e), LMDS_OK);
    assert_rel(e.tc, 7.2, 1e-9);
    assert_true(e.tc_err < 1e-6);
    assert_string_equal(e.phase, "ambient");
    assert_non_null(strstr(e.sources, "Lejaeghere"));
    assert_non_null(strstr(e.method, "McMillan"));
}

/* Phases, ranges and missing data. */
static void test_bookkeeping(void **state)
{
    (void)state;
    lmds_sc_pressure_estimate e;
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Unobtainium", NULL, 3.0, 1.0, &e), LMDS_ENODATA);
    assert_non_null(strstr(lmds_errmsg(), "pressure not modelled"));
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Sn", "alpha-Sn", 3.72, 1.0, &e), LMDS_ENODATA);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Hg", NULL, 4.15, 1.0, &e), LMDS_ENODATA); /* unreliable EOS */
    assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xbad", NULL, 5.0, 1.0, &e), LMDS_ENODATA);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Sn", "beta-Sn", 3.72, 5.0, &e), LMDS_OK);
    assert_string_equal(e.phase, "beta-Sn");
    assert_true(e.tc > 0 && e.tc < 3.72);
    /* beta-Sn ends at 9.4 GPa, Bi-I at 2.55 GPa: beyond, another phase with its own Tc. */
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Sn", NULL, 3.72, 10.0, &e), LMDS_EDOMAIN);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Bi", NULL, 0.5, 3.0, &e), LMDS_EDOMAIN);
    /* A high-pressure phase: its Tc is given at its lower bound, and lower pressures are outside its range. */
    assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xhp", "high", 4.0, 5.0, &e), LMDS_OK);
    assert_rel(e.tc, 4.0, 1e-9);
    assert_rel(e.P_ref, 5.0, LMDS_TOL_EXACT);
    assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xhp", "high", 4.0, 4.0, &e), LMDS_EDOMAIN);
    /* A DFT equation of state widens the spread (B0 +-15 %). */
    lmds_sc_pressure_estimate a, b;
    assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xdft", NULL, 5.0, 3.0, &a), LMDS_OK);
    assert_int_equal(lmds_sc_tc_pressure_phase(FIXTURE, "Xhp", "low", 5.0, 3.0, &b), LMDS_OK);
    assert_rel(a.tc, b.tc, 1e-9); /* same numbers, different status */
    assert_true(a.tc_err > b.tc_err);
    /* Bad input. */
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 0.0, 1.0, &e), LMDS_EINVAL);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 7.2, -1.0, &e), LMDS_EINVAL);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 7.2, NAN, &e), LMDS_EINVAL);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 7.2, 1e308, &e), LMDS_EINVAL);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, NULL, NULL, 7.2, 1.0, &e), LMDS_EINVAL);
    /* A Tc that McMillan with Pb's Debye temperature cannot reach (lambda > 2). */
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, 30.0, 1.0, &e), LMDS_EDOMAIN);
}

/* Pb against measurement: the initial slope (Smith & Chu 1967) through Tc at 1 GPa, and Tc at 10 GPa. */
static void test_lead(void **state)
{
    (void)state;
    double tc0 = measurement("Pb", "Tc_K", 0), slope = measurement("Pb", "dTc_dP_K_per_GPa", 0);
    double tc10 = measurement("Pb", "Tc_K", 10);
    assert_true(isfinite(tc0) && isfinite(slope) && isfinite(tc10));
    lmds_sc_pressure_estimate e0, e1, e10;
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 0.0, &e0), LMDS_OK);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 1.0, &e1), LMDS_OK);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 10.0, &e10), LMDS_OK);
    print_message("Pb: dTc/dP(0) model %.3f K/GPa, measured %.3f (%+.0f %%)\n", e0.dtc_dp, slope,
                  100 * (e0.dtc_dp / slope - 1));
    print_message("Pb: Tc(1 GPa) %.3f +- %.3f K, from the measured slope %.3f K\n", e1.tc, e1.tc_err, tc0 + slope);
    print_message("Pb: Tc(10 GPa) %.3f +- %.3f K, measured about %.1f K (%+.0f %%)\n", e10.tc, e10.tc_err, tc10,
                  100 * (e10.tc / tc10 - 1));
    assert_true(e0.dtc_dp < 0);
    assert_abs_why(e1.tc, tc0 + slope, 2 * e1.tc_err, "within twice the model spread");
    assert_abs_why(e10.tc, tc10, 2 * e10.tc_err + 0.3, "within twice the model spread plus the reading");
    /* The slope reported is the derivative of the curve. */
    lmds_sc_pressure_estimate a, b;
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 4.9, &a), LMDS_OK);
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 5.1, &b), LMDS_OK);
    lmds_sc_pressure_estimate c;
    assert_int_equal(lmds_sc_tc_pressure_phase(NULL, "Pb", NULL, tc0, 5.0, &c), LMDS_OK);
    assert_rel(c.dtc_dp, (b.tc - a.tc) / 0.2, 1e-3);
}

/* Al, Cd, Zn: Smith & Chu (Phys. Rev. 159, 353 (1967)) found Tc linear in volume and extrapolated it to zero at
 * 6.7, 3.8 and 4.1 GPa. Halfway there the extrapolated line gives Tc(P) = Tc0 (V(P) - V(Pz))/(V0 - V(Pz)), with V
 * from the same equation of state as the model: an extrapolation, not a measurement, and compared as such. */
static void test_smith_chu(void **state)
{
    (void)state;
    const char *els[] = {"Al", "Cd", "Zn"};
    for (int i = 0; i < 3; i++) {
        double tc0 = measurement(els[i], "Tc_K", 0);
        lmds_sc_material m;
        assert_int_equal(lmds_sc_material_load(NULL, els[i], &m), LMDS_OK);
        double pz = NAN;
        for (double P = 1; P < 10 && isnan(pz); P += 0.1)
            if (measurement(els[i], "Tc_K", round(P * 10) / 10) == 0) pz = round(P * 10) / 10;
        assert_true(isfinite(tc0) && isfinite(pz));
        double v0, vz, vh;
        assert_int_equal(lmds_eos_volume(&m.phase[0].eos, 0, &v0), LMDS_OK);
        assert_int_equal(lmds_eos_volume(&m.phase[0].eos, pz, &vz), LMDS_OK);
        assert_int_equal(lmds_eos_volume(&m.phase[0].eos, pz / 2, &vh), LMDS_OK);
        double tc_line = tc0 * (vh - vz) / (v0 - vz);
        lmds_sc_pressure_estimate e;
        assert_int_equal(lmds_sc_tc_pressure_phase(NULL, els[i], NULL, tc0, pz / 2, &e), LMDS_OK);
        print_message("%s at %.2f GPa: model %.3f +- %.3f K, Smith & Chu's line %.3f K\n", els[i], pz / 2, e.tc,
                      e.tc_err, tc_line);
        assert_abs_why(e.tc, tc_line, 2 * e.tc_err, "within twice the model spread");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_exact_limit), cmocka_unit_test(test_bookkeeping),
                                       cmocka_unit_test(test_lead), cmocka_unit_test(test_smith_chu)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
