/* Spectrum reader and moments: Elk's printed lambda, omega_log, omega_rms and Allen-Dynes Tc (mu* = 0.15) for
 * the four shipped spectra, reproduced to 1e-3 relative (Elk integrates the same tabulated function; 1e-3 leaves
 * room for quadrature differences, ours being the trapezoidal rule). Plus the file formats and their errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include <lmds.h>
#include "sc_testutil.h"
#include "lmds_test.h"

static const char *MATS[] = {"Al", "Nb", "Pb", "MgB2"};

static void test_moments_vs_elk(void **state)
{
    (void)state;
    for (size_t i = 0; i < 4; i++) {
        char a2f[512], mc[512];
        snprintf(a2f, sizeof a2f, SPECTRA "%s_elk_DFPT_ALPHA2F.OUT", MATS[i]);
        snprintf(mc, sizeof mc, SPECTRA "%s_elk_DFPT_MCMILLAN.OUT", MATS[i]);
        double lam, wlog, wrms, tc_elk, mu;
        assert_int_equal(elk_value(mc, "coupling constant", &lam), 0);
        assert_int_equal(elk_value(mc, "Logarithmic", &wlog), 0);
        assert_int_equal(elk_value(mc, "RMS", &wrms), 0);
        assert_int_equal(elk_value(mc, "mu*", &mu) == 0 || elk_value(mc, "\xce\xbc*", &mu) == 0, 1);
        assert_int_equal(elk_value(mc, "(kelvin)", &tc_elk), 0);
        lmds_a2f *a = NULL;
        lmds_warnings_clear();
        assert_int_equal(lmds_a2f_load(a2f, NULL, &a), LMDS_OK);
        assert_int_equal(a->format, LMDS_A2F_ELK);
        assert_int_equal(a->unit, LMDS_FREQ_HA);
        assert_true(a->n_dropped > 0);          /* Elk writes rows at negative omega */
        assert_true(lmds_warning_count() >= 1); /* ... and we say we dropped them */
        lmds_a2f_mom m;
        assert_int_equal(lmds_a2f_moments(a, &m), LMDS_OK);
        double ha_mev = LMDS_HA_EV * 1000.0;
        assert_rel_why(m.lambda, lam, 1e-3, "lambda vs Elk: same tabulated spectrum, quadratures differ");
        assert_rel_why(m.omega_log / ha_mev, wlog, 1e-3, "omega_log vs Elk");
        assert_rel_why(m.omega2 / ha_mev, wrms, 1e-3, "omega_rms vs Elk");
        double tc;
        assert_int_equal(lmds_tc_allen_dynes(m.lambda, mu, m.omega_log_K, m.omega2_K, &tc), LMDS_OK);
        assert_rel_why(tc, tc_elk, 1e-3, "Allen-Dynes Tc vs Elk's own evaluation of eq. 34");
        print_message("%-4s lambda %.6f (Elk %.6f)  w_log %.4f K  Tc_AD %.5f K (Elk %.5f)\n", MATS[i], m.lambda, lam,
                      m.omega_log_K, tc, tc_elk);
        lmds_a2f_free(a);
    }
}

static void test_qe_columns(void **state)
{
    (void)state;
    lmds_a2f_opts o;
    lmds_a2f_opts_init(&o);
    o.column = 15;
    lmds_a2f *a = NULL;
    assert_int_equal(lmds_a2f_load(SPECTRA "Nb_isome_qe.a2F", &o, &a), LMDS_OK);
    assert_int_equal(a->unit, LMDS_FREQ_THZ); /* from the "# E (THz)" header */
    lmds_a2f_mom m;
    assert_int_equal(lmds_a2f_moments(a, &m), LMDS_OK);
    /* A Nb spectrum: lambda of order 1 and phonons below 9 THz = 37 meV. */
    assert_true(m.lambda > 0.5 && m.lambda < 2.5);
    assert_true(m.omega_max < 40.0);
    print_message("Nb QE column 15: lambda %.4f, w_log %.2f K\n", m.lambda, m.omega_log_K);
    lmds_a2f_free(a);
    o.column = 21; /* only 20 smearing columns */
    assert_int_equal(lmds_a2f_load(SPECTRA "Nb_isome_qe.a2F", &o, &a), LMDS_EPARSE);
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 2);
    assert_true(col > 1);
}

static void expect_parse_error(const char *text, int line, int col)
{
    lmds_a2f *a = NULL;
    assert_int_equal(lmds_a2f_parse(text, strlen(text), "t.dat", NULL, &a), LMDS_EPARSE);
    assert_null(a);
    const char *file;
    int l, c;
    lmds_errloc(&file, &l, &c);
    assert_string_equal(file, "t.dat");
    if (l != line || (col && c != col)) fail_msg("'%s': error at %d:%d, want %d:%d (%s)", text, l, c, line, col,
                                                 lmds_errmsg());
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_parse_error("# w (meV) a2F\n1 0.1\n2 abc\n", 3, 3);
    expect_parse_error("1 0.1\n2 0.2\n1.5 0.3\n", 3, 1);      /* not increasing */
    expect_parse_error("1 0.1\n2\n", 2, 0);                   /* missing column */
    expect_parse_error("1 0.1\n2 0.2 junk\n", 2, 7);
    expect_parse_error("1 nan\n2 0.2\n", 1, 3);
    expect_parse_error("", 0, 0);
    expect_parse_error("-1 0\n0 0\n1 0.1\n", 3, 0);           /* one positive row only */
}

static void test_units_and_formats(void **state)
{
    (void)state;
    /* The same spectrum in five units gives the same moments. */
    const char *texts[] = {"# w (meV)\n5 0.0\n10 0.5\n15 0.2\n20 0\n",
                           "# THz\n1.2090 0.0\n2.4180 0.5\n3.6270 0.2\n4.8360 0\n"};
    (void)texts;
    double w_mev[] = {-1, 0, 5, 10, 15, 20}, f[] = {0, 0, 0.0, 0.5, 0.2, 0};
    lmds_freq_unit units[] = {LMDS_FREQ_MEV, LMDS_FREQ_THZ, LMDS_FREQ_CM1, LMDS_FREQ_K, LMDS_FREQ_HA};
    double per[] = {1.0, LMDS_THZ_MEV, LMDS_CM1_MEV, LMDS_KB_MEV, LMDS_HA_EV * 1000.0};
    double lam0 = 0, wl0 = 0;
    for (int u = 0; u < 5; u++) {
        double w[6];
        for (int i = 0; i < 6; i++) w[i] = w_mev[i] / per[u];
        lmds_a2f *a = NULL;
        assert_int_equal(lmds_a2f_from_arrays(6, w, f, units[u], &a), LMDS_OK);
        assert_int_equal(a->n, 4);
        lmds_a2f_mom m;
        assert_int_equal(lmds_a2f_moments(a, &m), LMDS_OK);
        if (u == 0) lam0 = m.lambda, wl0 = m.omega_log;
        assert_true(fabs(m.lambda - lam0) < 1e-12 * lam0);
        assert_true(fabs(m.omega_log - wl0) < 1e-9 * wl0);
        lmds_a2f_free(a);
    }
    /* Trapezoid on (0,0),(5,0),(10,0.05),(15,0.2/15),(20,0): lambda = 2*(1/2*5*(0.05) + 1/2*5*(0.05+0.01333)
     * + 1/2*5*0.01333) */
    assert_true(fabs(lam0 - 2.0 * (2.5 * 0.05 + 2.5 * (0.05 + 0.2 / 15) + 2.5 * 0.2 / 15)) < 1e-12);

    /* EPW .a2f: meV by default, the text trailer ends the data, column choice. */
    const char *epw = "# Eliashberg function a2F (per both spin)\n#  w[meV] a2f for 3 smearings\n"
                      "  1.0 0.01 0.02 0.03\n  2.0 0.10 0.20 0.30\n  3.0 0.05 0.06 0.07\n"
                      " Integrated el-ph coupling\n  #   0.1 0.2 0.3\n Phonon smearing (meV)   0.5\n";
    lmds_a2f_opts o;
    lmds_a2f_opts_init(&o);
    o.column = 3;
    lmds_a2f *a = NULL;
    assert_int_equal(lmds_a2f_parse(epw, strlen(epw), "pb.a2f", &o, &a), LMDS_OK);
    assert_int_equal(a->format, LMDS_A2F_EPW);
    assert_int_equal(a->unit, LMDS_FREQ_MEV);
    assert_int_equal(a->n, 3);
    assert_true(a->a2f[1] == 0.30);
    lmds_a2f_free(a);
    /* The same trailer in a plain two-column file is an error with a position. */
    expect_parse_error("1 0.1\n2 0.2\n Integrated el-ph coupling\n", 3, 2);

    /* Fortran D exponents and a cm-1 header. */
    const char *ft = "# omega (cm-1)  a2F\n 1.0D+01 1.0D-02\n 2.0D+01 2.0D-02\n";
    assert_int_equal(lmds_a2f_parse(ft, strlen(ft), "x", NULL, &a), LMDS_OK);
    assert_int_equal(a->unit, LMDS_FREQ_CM1);
    assert_true(fabs(a->omega[1] - 20.0 * LMDS_CM1_MEV) < 1e-12);
    lmds_a2f_free(a);
    /* No unit anywhere: meV with a warning. */
    lmds_warnings_clear();
    assert_int_equal(lmds_a2f_parse("1 0.1\n2 0.2\n", 12, "x", NULL, &a), LMDS_OK);
    assert_true(lmds_warning_count() == 1);
    lmds_a2f_free(a);
    lmds_a2f_free(NULL);
    assert_int_equal(lmds_a2f_load("/nonexistent/a2f.dat", NULL, &a), LMDS_EIO);
}

/* The closed forms by hand, and their ranges of validity (supercon.h). */
static void test_formulas(void **state)
{
    (void)state;
    double tc = -1;
    /* McMillan's formula by hand: Theta 100 K, lambda 1, mu* 0.1 -> 100/1.45 exp(-2.08/0.838). */
    assert_int_equal(lmds_tc_mcmillan(100, 1.0, 0.1, &tc), LMDS_OK);
    assert_rel(tc, 100 / 1.45 * exp(-2.08 / 0.838), LMDS_TOL_ROUND);
    /* No superconductivity in the formula (lambda <= mu*(1 + 0.62 lambda)) is an answer: Tc = 0. */
    assert_int_equal(lmds_tc_mcmillan(100, 0.1, 0.2, &tc), LMDS_OK);
    assert_true(tc == 0);
    assert_int_equal(lmds_tc_allen_dynes(-1, 0.1, 100, 0, &tc), LMDS_EINVAL);
    /* Without omega2 f2 = 1; at weak coupling f1 -> 1, so AD -> w_log/1.2 * exponent. */
    assert_int_equal(lmds_tc_allen_dynes(0.3, 0.0, 300, 0, &tc), LMDS_OK);
    double base = 300 / 1.2 * exp(-1.04 * 1.3 / 0.3);
    assert_true(tc > base && tc < 1.02 * base);
    /* f1 by hand at lambda 1, mu* 0.1: [1 + (1/(2.46*1.38))^1.5]^(1/3). */
    assert_int_equal(lmds_tc_allen_dynes(1.0, 0.1, 100, 0, &tc), LMDS_OK);
    double f1 = cbrt(1 + pow(1.0 / (2.46 * 1.38), 1.5));
    assert_rel(tc, f1 * 100 / 1.2 * exp(-2.08 / 0.838), LMDS_TOL_ROUND);
    lmds_sc_ratios r;
    assert_int_equal(lmds_sc_ratios_carbotte(1.0, 1000.0, &r), LMDS_OK);
    assert_true(fabs(r.gap_ratio - 3.53) < 0.01 && fabs(r.dC_ratio - 1.43) < 0.01);
    assert_int_equal(lmds_sc_ratios_carbotte(50.0, 100.0, &r), LMDS_EDOMAIN);
}

/* Outside the ranges of validity the formulas fail and leave *tc alone: the coupling of the Allen-Dynes example
 * that once returned 12,629 K, an overflowing coupling, McMillan beyond lambda 2, an absurd mu*, omega2 below
 * omega_log. */
static void test_validity(void **state)
{
    (void)state;
    double tc = -1;
    assert_int_equal(lmds_tc_allen_dynes(5.6e5, 0.1, 100, 0, &tc), LMDS_EDOMAIN);
    assert_true(tc == -1);
    assert_non_null(strstr(lmds_errmsg(), "range of validity"));
    assert_int_equal(lmds_tc_allen_dynes(1e308, 0.1, 100, 0, &tc), LMDS_EDOMAIN);
    assert_int_equal(lmds_tc_allen_dynes(INFINITY, 0.1, 100, 0, &tc), LMDS_EINVAL);
    assert_int_equal(lmds_tc_allen_dynes(LMDS_ALLEN_DYNES_LAMBDA_MAX, 0.1, 100, 0, &tc), LMDS_OK);
    assert_true(isfinite(tc) && tc > 0);
    assert_int_equal(lmds_tc_mcmillan(100, 2.5, 0.1, &tc), LMDS_EDOMAIN);
    assert_int_equal(lmds_tc_mcmillan(100, 1.0, 0.8, &tc), LMDS_EDOMAIN);
    assert_int_equal(lmds_tc_mcmillan(2e4, 1.0, 0.1, &tc), LMDS_EDOMAIN);
    assert_int_equal(lmds_tc_allen_dynes(1.0, 0.1, 100, 80, &tc), LMDS_EINVAL);
    assert_int_equal(lmds_tc_allen_dynes(1.0, 0.1, 100, NAN, &tc), LMDS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_vs_elk), cmocka_unit_test(test_qe_columns),
        cmocka_unit_test(test_parse_errors),   cmocka_unit_test(test_units_and_formats),
        cmocka_unit_test(test_formulas),       cmocka_unit_test(test_validity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
