/* Tests for the equations of state (src/supercon/eos.c): the identities every cold isotherm must satisfy at V0,
 * the root-finding round trip, the Debye-Grueneisen thermal expansion (its T^3 vanishing and its value at
 * 300 K against measured thermal expansion of Al and Pb), and the error paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "lmds/eos.h"

/* Experimental (zero-point and thermally corrected, i.e. static-lattice) Birch-Murnaghan parameters from the
 * Delta-test package exp.txt (Lejaeghere et al., Crit. Rev. Solid State Mater. Sci. 39, 1 (2014)), as copied in
 * data/pressure/eos_and_slopes.csv. T_ref = 0 because the set is static-lattice. */
static const lmds_eos AL = {LMDS_EOS_BM3, 16.2686134104, 77.1357712089, 4.45};
static const lmds_eos PB = {LMDS_EOS_BM3, 29.8632199952, 46.3406063802, 5.335};

static void assert_rel(double got, double want, double rel)
{
    double err = fabs(got - want) / fmax(fabs(want), 1e-300);
    if (err > rel)
        fail_msg("got %.12g, want %.12g (relative error %.3g > %.3g)", got, want, err, rel);
}

static lmds_eos with_kind(lmds_eos e, lmds_eos_kind k)
{
    e.kind = k;
    return e;
}

/* P(V0) = 0 and B(V0) = B0 hold exactly for both forms by construction. */
static void test_reference_point(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        lmds_eos e = with_kind(PB, (lmds_eos_kind)k);
        double P, B;
        assert_int_equal(lmds_eos_pressure(&e, e.V0, &P), LMDS_OK);
        assert_true(fabs(P) < 1e-12);
        assert_int_equal(lmds_eos_bulk_modulus(&e, e.V0, &B), LMDS_OK);
        assert_rel(B, e.B0, 1e-12);
    }
}

/* B = -V dP/dV (the analytic B against a central difference of P) and dB/dP at V0 = B0'. Central differences
 * with h = 1e-4 V0 are accurate to O(h^2) ~ 1e-8 relative; 1e-6 leaves room for rounding. */
static void test_derivatives(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        lmds_eos e = with_kind(AL, (lmds_eos_kind)k);
        double h = 1e-4 * e.V0;
        for (double f = 0.6; f <= 1.2; f += 0.1) {
            double V = f * e.V0, Pp, Pm, B;
            lmds_eos_pressure(&e, V + h, &Pp);
            lmds_eos_pressure(&e, V - h, &Pm);
            lmds_eos_bulk_modulus(&e, V, &B);
            assert_rel(B, -V * (Pp - Pm) / (2 * h), 1e-6);
        }
        double Bp, Bm, Pp, Pm;
        lmds_eos_bulk_modulus(&e, e.V0 + h, &Bp);
        lmds_eos_bulk_modulus(&e, e.V0 - h, &Bm);
        lmds_eos_pressure(&e, e.V0 + h, &Pp);
        lmds_eos_pressure(&e, e.V0 - h, &Pm);
        assert_rel((Bp - Bm) / (Pp - Pm), e.B0p, 1e-6);
    }
}

/* V(P(V)) = V over the whole compressed range and a little expansion. */
static void test_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        lmds_eos e = with_kind(PB, (lmds_eos_kind)k);
        for (double f = 0.35; f <= 1.1; f += 0.05) {
            double P, V;
            assert_int_equal(lmds_eos_pressure(&e, f * e.V0, &P), LMDS_OK);
            assert_int_equal(lmds_eos_volume(&e, P, &V), LMDS_OK);
            assert_rel(V, f * e.V0, 1e-10);
        }
    }
}

/* Vinet and BM3 with the same (V0, B0, B0') share the first three terms of the expansion in P, so at small
 * compression they agree closely (at 5 GPa in Al: V/V0 ~ 0.94, difference in V well under 1e-3). */
static void test_vinet_bm3_agree(void **state)
{
    (void)state;
    lmds_eos v = with_kind(AL, LMDS_EOS_VINET), b = with_kind(AL, LMDS_EOS_BM3);
    double Vv, Vb;
    assert_int_equal(lmds_eos_volume(&v, 5.0, &Vv), LMDS_OK);
    assert_int_equal(lmds_eos_volume(&b, 5.0, &Vb), LMDS_OK);
    assert_rel(Vv, Vb, 1e-3);
    assert_true(Vv < AL.V0);
}

/* The thermal pressure is referred to T_ref: at (P = 0, T = T_ref) the volume is V0 exactly. */
static void test_thermal_reference(void **state)
{
    (void)state;
    lmds_eos e = AL;
    lmds_thermal th = {428.0, 2.0, 1.0, 298.15};
    double V;
    assert_int_equal(lmds_eos_volume_pt(&e, &th, 0.0, 298.15, &V), LMDS_OK);
    assert_rel(V, e.V0, 1e-10);
    /* Colder is smaller, hotter is larger (gamma > 0). */
    double Vc, Vh;
    lmds_eos_volume_pt(&e, &th, 0.0, 10.0, &Vc);
    lmds_eos_volume_pt(&e, &th, 0.0, 600.0, &Vh);
    assert_true(Vc < V && V < Vh);
}

/* beta = (1/V) dV/dT against a central difference of ln V(T); beta vanishes at T = 0 and follows the Debye
 * T^3 law at T << theta (beta(2 K)/beta(1 K) = 8 to 1 %). */
static void test_expansion_low_t(void **state)
{
    (void)state;
    lmds_eos e = PB;
    lmds_thermal th = {105.0, 2.5, 1.0, 0.0};
    double b0, b1, b2;
    assert_int_equal(lmds_eos_expansion(&e, &th, 0.0, 0.0, &b0), LMDS_OK);
    assert_true(b0 == 0.0);
    lmds_eos_expansion(&e, &th, 0.0, 1.0, &b1);
    lmds_eos_expansion(&e, &th, 0.0, 2.0, &b2);
    assert_true(b1 > 0);
    assert_rel(b2 / b1, 8.0, 0.01);
    for (double T = 5; T <= 400; T *= 2) {
        double b, Vp, Vm, h = 1e-3 * T;
        lmds_eos_expansion(&e, &th, 2.0, T, &b);
        lmds_eos_volume_pt(&e, &th, 2.0, T + h, &Vp);
        lmds_eos_volume_pt(&e, &th, 2.0, T - h, &Vm);
        assert_rel(b, (log(Vp) - log(Vm)) / (2 * h), 1e-5);
    }
}

/* Measured volumetric expansion at 300 K, 3x the linear coefficients of the CRC Handbook of Chemistry and
 * Physics, "Thermal expansion of metals and alloys" (25 C): Al 23.1e-6 /K, Pb 28.9e-6 /K.
 * Inputs independent of thermal expansion: Debye temperatures from Kittel, Introduction to Solid State Physics
 * (8th ed.), Table 5.1 (Al 428 K, Pb 105 K); Grueneisen parameter from the EOS alone by Slater's relation
 * gamma = B0'/2 - 1/6 (Slater, Introduction to Chemical Physics, 1939); q = 1.
 * Tolerance 15 %: Slater's gamma is a 10-20 % approximation for metals, a single Debye temperature misses the
 * real phonon spectrum, and the electronic thermal pressure is left out. (Observed: Al -4.5 %, Pb -3.2 %.) */
static void test_expansion_300k_measured(void **state)
{
    (void)state;
    lmds_thermal th_al = {428.0, AL.B0p / 2 - 1.0 / 6, 1.0, 0.0};
    lmds_thermal th_pb = {105.0, PB.B0p / 2 - 1.0 / 6, 1.0, 0.0};
    double b;
    assert_int_equal(lmds_eos_expansion(&AL, &th_al, 0.0, 300.0, &b), LMDS_OK);
    assert_rel(b, 3 * 23.1e-6, 0.15);
    assert_int_equal(lmds_eos_expansion(&PB, &th_pb, 0.0, 300.0, &b), LMDS_OK);
    assert_rel(b, 3 * 28.9e-6, 0.15);
}

/* The total isothermal bulk modulus at (P, T) against -V dP/dV of the total pressure. */
static void test_bulk_modulus_pt(void **state)
{
    (void)state;
    lmds_eos e = with_kind(AL, LMDS_EOS_VINET);
    lmds_thermal th = {428.0, 2.06, 1.0, 0.0};
    double B, V, Pp, Pm;
    assert_int_equal(lmds_eos_bulk_modulus_pt(&e, &th, 3.0, 300.0, &B), LMDS_OK);
    assert_int_equal(lmds_eos_volume_pt(&e, &th, 3.0, 300.0, &V), LMDS_OK);
    double h = 1e-4 * V;
    lmds_eos_pressure_pt(&e, &th, V + h, 300.0, &Pp);
    lmds_eos_pressure_pt(&e, &th, V - h, 300.0, &Pm);
    assert_rel(B, -V * (Pp - Pm) / (2 * h), 1e-5);
    /* Heating softens the lattice: B(300 K) < B(0 K) at the same pressure. */
    double B0K;
    lmds_eos_bulk_modulus_pt(&e, &th, 3.0, 0.0, &B0K);
    assert_true(B < B0K);
}

/* BM3 with a small B0' (Y: 2.2 in the Delta-test set) turns over under strong compression (the bracket
 * [1 + 3/4 (B0'-4)(y-1)] changes sign): volumes on the stable branch still round-trip, and pressures beyond the
 * turnover are refused with LMDS_EDOMAIN instead of landing on the unphysical branch. */
static void test_bm3_small_b0p(void **state)
{
    (void)state;
    lmds_eos y = {LMDS_EOS_BM3, 32.9504356012, 37.3135136902, 2.2};
    double P, V;
    for (double f = 0.7; f <= 1.05; f += 0.05) {
        assert_int_equal(lmds_eos_pressure(&y, f * y.V0, &P), LMDS_OK);
        assert_int_equal(lmds_eos_volume(&y, P, &V), LMDS_OK);
        assert_rel(V, f * y.V0, 1e-10);
    }
    assert_int_equal(lmds_eos_volume(&y, 500.0, &V), LMDS_EDOMAIN);
}

static void test_errors(void **state)
{
    (void)state;
    double x;
    lmds_eos bad = AL;
    assert_int_equal(lmds_eos_pressure(&AL, 0.0, &x), LMDS_EINVAL);
    assert_int_equal(lmds_eos_pressure(&AL, NAN, &x), LMDS_EINVAL);
    assert_int_equal(lmds_eos_pressure(NULL, 10.0, &x), LMDS_EINVAL);
    bad.B0 = -1;
    assert_int_equal(lmds_eos_bulk_modulus(&bad, 10.0, &x), LMDS_EINVAL);
    bad = AL;
    bad.kind = (lmds_eos_kind)7;
    assert_int_equal(lmds_eos_volume(&bad, 1.0, &x), LMDS_EINVAL);
    /* Tension beyond the spinodal (about -13 GPa here) and compression beyond V/V0 = 0.3. */
    assert_int_equal(lmds_eos_volume(&AL, -50.0, &x), LMDS_EDOMAIN);
    assert_int_equal(lmds_eos_volume(&AL, 1e5, &x), LMDS_EDOMAIN);
    lmds_thermal th = {428.0, 2.0, 1.0, 0.0};
    assert_int_equal(lmds_eos_volume_pt(&AL, &th, 0.0, -1.0, &x), LMDS_EINVAL);
    th.theta0 = 0;
    assert_int_equal(lmds_eos_expansion(&AL, &th, 0.0, 300.0, &x), LMDS_EINVAL);
    assert_int_equal(lmds_eos_volume_pt(&AL, NULL, 0.0, 300.0, NULL), LMDS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_point),     cmocka_unit_test(test_derivatives),
        cmocka_unit_test(test_round_trip),          cmocka_unit_test(test_vinet_bm3_agree),
        cmocka_unit_test(test_thermal_reference),   cmocka_unit_test(test_expansion_low_t),
        cmocka_unit_test(test_expansion_300k_measured), cmocka_unit_test(test_bulk_modulus_pt),
        cmocka_unit_test(test_bm3_small_b0p),   cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
