/* Film Tc versus thickness (lmds_film_tc_estimate, lmds_film_dc_fit) and the amorphous-solid lookup, on fixture
 * files: synthetic rows whose answers are known in closed form (labelled synthetic in the files), and two rows read
 * from Granqvist & Claeson's abstract on quench-condensed Bi. The expected numbers below are worked out by hand from
 * the fixture rows; they check the interpolation, its uncertainty terms, the Simonin fit and the flags, not a
 * prediction of any real film. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include <lmds.h>
#include "lmds_test.h"

#define TESTDIR LMDS_SOURCE_DATA_DIR "/../tests/supercon/"
#define FILMS TESTDIR "film_tc_fixture.csv"

static lmds_film_estimate est(const char *mat, lmds_film_form form, double tb, double d)
{
    lmds_film_estimate e;
    lmds_status st = lmds_film_tc_estimate(FILMS, mat, form, tb, d, &e);
    if (st) fail_msg("%s %g nm: %s", mat, d, lmds_errmsg());
    return e;
}

/* Rows on Tc = 5 (1 - 0.8/d), each +-0.05 K: exact at and between the measured films (the data lie on a line in
 * 1/d, so the interpolation term vanishes), Simonin's d_c recovered, the law used and flagged beyond the data. */
static void test_suppressed(void **state)
{
    (void)state;
    lmds_film_estimate e = est("Xs", LMDS_FILM_CRYSTALLINE, 5.0, 4.0);
    assert_int_equal(e.basis, LMDS_FILM_MEASURED);
    assert_rel(e.tc, 4.0, LMDS_TOL_EXACT);
    assert_rel(e.tc_err, 0.05, LMDS_TOL_EXACT);
    assert_int_equal(e.n_points, 4);
    e = est("Xs", LMDS_FILM_CRYSTALLINE, 5.0, 16.0 / 3.0);
    assert_int_equal(e.basis, LMDS_FILM_INTERPOLATED);
    assert_int_equal(e.extrapolated, 0);
    assert_rel(e.tc, 4.25, LMDS_TOL_ROUND);
    assert_rel(e.tc_err, 0.05, LMDS_TOL_ROUND);
    lmds_film_fit f;
    assert_int_equal(lmds_film_dc_fit(FILMS, "Xs", LMDS_FILM_CRYSTALLINE, 5.0, &f), LMDS_OK);
    assert_rel(f.dc_nm, 0.8, LMDS_TOL_ROUND);
    assert_true(f.rms_K < 1e-12 && f.dc_err_nm < 1e-12);
    assert_int_equal(f.n, 4);
    e = est("Xs", LMDS_FILM_CRYSTALLINE, 5.0, 50.0);
    assert_int_equal(e.basis, LMDS_FILM_SIMONIN_FIT);
    assert_int_equal(e.extrapolated, 1);
    assert_rel(e.tc, 5.0 * (1 - 0.8 / 50), LMDS_TOL_ROUND);
    assert_non_null(strstr(e.method, "EXTRAPOLATED"));
    assert_non_null(strstr(e.method, "a fit"));
    e = est("Xs", LMDS_FILM_CRYSTALLINE, 5.0, 0.5); /* thinner than d_c: no superconductivity in the law */
    assert_true(e.tc == 0 && e.extrapolated);
    /* Without a bulk Tc the law cannot be used: the nearest film is held, with the last interval's change. */
    e = est("Xs", LMDS_FILM_CRYSTALLINE, 0.0, 50.0);
    assert_int_equal(e.basis, LMDS_FILM_NEAREST);
    assert_rel(e.tc, 4.75, LMDS_TOL_EXACT);
    assert_rel(e.tc_err, sqrt(0.05 * 0.05 + 0.25 * 0.25), LMDS_TOL_ROUND);
}

/* Enhanced (granular) films with scatter: two films at 8 nm merge into 1.8 +- 0.1414 K (their spread); the
 * leave-one-out rms about the line in 1/d is sqrt((0.1^2 + 0.0333^2)/2) = 0.07454 K; at 6 nm (u = 2/3 from 4 nm)
 * Tc = 2.3 + (2/3)(1.8 - 2.3) and the error combines (2/3) 0.1414 with 0.07454 * 2 * (1/3). Beyond the data no
 * model applies to enhanced films: the nearest film, flagged. Simonin does not fit enhanced films. */
static void test_enhanced(void **state)
{
    (void)state;
    lmds_film_estimate e = est("Xg", LMDS_FILM_GRANULAR, 1.18, 6.0);
    double s8 = sqrt(0.02), loo = sqrt((0.01 + 0.1 / 3 * 0.1 / 3) / 2);
    double sm = 2.0 / 3 * s8, si = loo * 2.0 / 3;
    assert_int_equal(e.n_points, 5);
    assert_rel(e.tc, 2.3 + 2.0 / 3 * (1.8 - 2.3), LMDS_TOL_ROUND);
    assert_rel(e.tc_err, sqrt(sm * sm + si * si), 1e-12);
    e = est("Xg", LMDS_FILM_GRANULAR, 1.18, 50.0);
    assert_int_equal(e.basis, LMDS_FILM_NEAREST);
    assert_true(e.extrapolated);
    assert_rel(e.tc, 1.6, LMDS_TOL_EXACT);
    assert_rel(e.tc_err, 0.2, LMDS_TOL_ROUND);
    lmds_film_fit f;
    assert_int_equal(lmds_film_dc_fit(FILMS, "Xg", LMDS_FILM_GRANULAR, 1.18, &f), LMDS_EDOMAIN);
    /* Forms are not mixed: no crystalline Xg rows. */
    lmds_film_estimate x;
    assert_int_equal(lmds_film_tc_estimate(FILMS, "Xg", LMDS_FILM_CRYSTALLINE, 1.18, 6.0, &x), LMDS_ENODATA);
}

/* Quench-condensed Bi from two readings of Granqvist & Claeson's abstract (factor-two suppression from 50 to 3 nm):
 * at 10 nm the interpolation linear in 1/d, with the two-point interpolation term (a quarter of the difference,
 * scaled by the distance to the nearest film); the sources are reported. */
static void test_two_points(void **state)
{
    (void)state;
    lmds_film_estimate e = est("Bi", LMDS_FILM_QUENCH_CONDENSED, 0, 10.0);
    double u = (0.1 - 0.02) / (1.0 / 3 - 0.02);
    assert_rel(e.tc, 6.0 + u * (3.0 - 6.0), LMDS_TOL_ROUND);
    assert_rel(e.tc_err, 0.25 * 3.0 * 2 * u, LMDS_TOL_ROUND);
    assert_non_null(strstr(e.sources, "Granqvist"));
    print_message("Bi quench-condensed 10 nm: %.2f +- %.2f K (%s)\n", e.tc, e.tc_err, e.method);
}

static void test_bad_input(void **state)
{
    (void)state;
    lmds_film_estimate e;
    assert_int_equal(lmds_film_tc_estimate(FILMS, "Xs", LMDS_FILM_CRYSTALLINE, 5.0, 0.0, &e), LMDS_EINVAL);
    assert_int_equal(lmds_film_tc_estimate(FILMS, "Xs", LMDS_FILM_CRYSTALLINE, 5.0, NAN, &e), LMDS_EINVAL);
    assert_int_equal(lmds_film_tc_estimate(FILMS, "Xs", (lmds_film_form)9, 5.0, 4.0, &e), LMDS_EINVAL);
    assert_int_equal(lmds_film_tc_estimate(FILMS, "Nope", LMDS_FILM_CRYSTALLINE, 5.0, 4.0, &e), LMDS_ENODATA);
    assert_int_equal(lmds_film_tc_estimate(TESTDIR "missing.csv", "Xs", LMDS_FILM_CRYSTALLINE, 5.0, 4.0, &e),
                     LMDS_EIO);
    assert_int_equal(lmds_film_tc_estimate(TESTDIR "film_bad_fixture.csv", "Xs", LMDS_FILM_CRYSTALLINE, 5.0, 4.0, &e),
                     LMDS_EPARSE);
    int line = 0, col = 0;
    lmds_errloc(NULL, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 4);
    lmds_film_form f;
    assert_int_equal(lmds_film_form_parse("Quench-Condensed", &f), LMDS_OK);
    assert_int_equal(f, LMDS_FILM_QUENCH_CONDENSED);
    assert_string_equal(lmds_film_form_name(f), "quench-condensed");
    assert_int_equal(lmds_film_form_parse("bulk", &f), LMDS_EINVAL);
}

/* The amorphous lookup returns stored values (a lookup, not a prediction): one row as stored; two rows averaged
 * with the larger of their rms error and spread, the lowest crystallisation temperature. */
static void test_amorphous(void **state)
{
    (void)state;
    lmds_amorphous_tc a;
    assert_int_equal(lmds_amorphous_lookup(TESTDIR "amorphous_fixture.csv", "Ga", &a), LMDS_OK);
    assert_lookup_equal(a.tc, 8.4);
    assert_int_equal(a.n, 1);
    assert_true(isnan(a.crystallisation_T));
    assert_non_null(strstr(a.sources, "Buckel"));
    assert_int_equal(lmds_amorphous_lookup(TESTDIR "amorphous_fixture.csv", "Xa", &a), LMDS_OK);
    assert_rel(a.tc, 3.2, LMDS_TOL_ROUND);
    assert_rel(a.tc_err, sqrt(0.08), LMDS_TOL_ROUND);
    assert_rel(a.crystallisation_T, 30, LMDS_TOL_EXACT);
    assert_int_equal(lmds_amorphous_lookup(TESTDIR "amorphous_fixture.csv", "Bi", &a), LMDS_ENODATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_suppressed), cmocka_unit_test(test_enhanced),
                                       cmocka_unit_test(test_two_points), cmocka_unit_test(test_bad_input),
                                       cmocka_unit_test(test_amorphous)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
