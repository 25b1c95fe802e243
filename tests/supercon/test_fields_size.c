/* Critical fields and size/route models. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include <lmds.h>

/* WHH: Hc2(0) = 0.693 Tc |dHc2/dT| (WHH 1966, eq. 42: -0.6931 in the dirty limit without Pauli limiting). */
static void test_whh(void **state)
{
    (void)state;
    double h0, prev = INFINITY;
    assert_int_equal(lmds_hc2_whh(10.0, -1.0, 0.0, &h0), LMDS_OK);
    assert_true(fabs(h0 / 10.0 - 0.693) < 0.001);
    for (double T = 0.5; T <= 10.0; T += 0.5) { /* monotonic, zero at Tc, slope -1 near Tc */
        double h;
        assert_int_equal(lmds_hc2_whh(10.0, -1.0, T, &h), LMDS_OK);
        assert_true(h < prev);
        prev = h;
    }
    assert_true(prev == 0);
    double h;
    assert_int_equal(lmds_hc2_whh(10.0, -1.0, 9.99, &h), LMDS_OK);
    assert_true(fabs(h / 0.01 - 1.0) < 0.01);
    /* From a coherence length: Hc2(0) = Phi0/(2 pi xi^2); 10 nm -> 3.29 T. */
    double s;
    assert_int_equal(lmds_hc2_slope_from_xi(10.0, 10.0, &s), LMDS_OK);
    assert_int_equal(lmds_hc2_whh(10.0, s, 0.0, &h), LMDS_OK);
    assert_true(fabs(h - 2.067833848e-15 / (2 * M_PI * 1e-16)) < 1e-6 * h);
    assert_int_equal(lmds_hc2_whh(10.0, 1.0, 0.0, &h), LMDS_EINVAL);
}

/* Hc(0) of Pb from its Sommerfeld coefficient: gamma = 2.98 mJ/(mol K^2) (Kittel, ISSP 8th ed., ch. 6 Table 2),
 * V_m = 207.2/11.34 cm^3/mol, Tc 7.2 K, omega_log 62.3 K (Elk spectrum) against the measured Hc(0) = 803 G
 * (Kittel ch. 10 Table 3) within 10 % (the strong-coupling fit and the parabolic law are each good to a few %). */
static void test_hc_pb(void **state)
{
    (void)state;
    double hc0;
    assert_int_equal(lmds_hc0_from_gamma(7.2, 2.98, 207.2 / 11.34, 62.3, &hc0), LMDS_OK);
    print_message("Pb Hc(0) = %.1f mT (measured 80.3 mT)\n", hc0 * 1e3);
    assert_true(fabs(hc0 / 0.0803 - 1) < 0.10);
    double bcs;
    assert_int_equal(lmds_hc0_from_gamma(7.2, 2.98, 207.2 / 11.34, 0, &bcs), LMDS_OK);
    assert_true(bcs < hc0); /* strong coupling raises Hc(0) above BCS */
    double hc;
    assert_int_equal(lmds_hc_thermo(7.2, hc0, 3.6, &hc), LMDS_OK);
    assert_true(fabs(hc - 0.75 * hc0) < 1e-12);
}

static void test_size(void **state)
{
    (void)state;
    double tc;
    assert_int_equal(lmds_film_tc(1.2, 10.0, 1.0, &tc), LMDS_OK);
    assert_true(fabs(tc - 1.08) < 1e-12);
    assert_int_equal(lmds_film_tc(1.2, 0.5, 1.0, &tc), LMDS_OK);
    assert_true(tc == 0);
    /* Anderson: at the critical radius the spacing equals the gap; spacing ~ 1/r^3. */
    double d, ratio, rc;
    assert_int_equal(lmds_anderson_criterion(0.4, 16.6, 5.0, 0.18, &d, &ratio, &rc), LMDS_OK);
    double d2;
    assert_int_equal(lmds_anderson_criterion(0.4, 16.6, rc, 0.18, &d2, NULL, NULL), LMDS_OK);
    assert_true(fabs(d2 - 0.18) < 1e-9);
    double d3;
    assert_int_equal(lmds_anderson_criterion(0.4, 16.6, 10.0, 0.18, &d3, NULL, NULL), LMDS_OK);
    assert_true(fabs(d / d3 - 8.0) < 1e-9);
    /* Gibbs-Thomson for Ga: bulk limit, 1/r law, domain error for tiny r. */
    const lmds_gibbs_thomson *ga = lmds_gibbs_thomson_ga();
    double t1, t2;
    assert_int_equal(lmds_droplet_melting(ga, 15000.0, &t1), LMDS_OK);
    assert_true(fabs(t1 - ga->tm_bulk) < 0.01);
    assert_int_equal(lmds_droplet_melting(ga, 5.0, &t1), LMDS_OK);
    assert_int_equal(lmds_droplet_melting(ga, 10.0, &t2), LMDS_OK);
    assert_true(fabs((ga->tm_bulk - t1) / (ga->tm_bulk - t2) - 2.0) < 1e-9);
    assert_int_equal(lmds_droplet_melting(ga, 0.1, &t1), LMDS_EDOMAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_whh), cmocka_unit_test(test_hc_pb),
                                       cmocka_unit_test(test_size)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
