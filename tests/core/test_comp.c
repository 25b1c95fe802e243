/* Unit tests of the composition parser against hand calculations (tolerance 1e-9: exact arithmetic on the
 * element masses of data/elements.csv; the only error is floating-point rounding). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "lmds_test.h"

#include "lmds/comp.h"
#include "lmds/element.h"

static void expect(const char *text, const lmds_comp_opts *o, const char *formula, int n, const char **syms,
                   const double *x)
{
    lmds_comp c;
    lmds_status st = lmds_comp_parse(text, o, &c);
    if (st) fail_msg("'%s' failed: %s", text, lmds_errmsg());
    assert_int_equal(c.n, n);
    char buf[128];
    assert_int_equal(lmds_comp_formula(&c, buf, sizeof buf), LMDS_OK);
    if (formula) assert_string_equal(buf, formula);
    for (int i = 0; i < n; i++) {
        assert_int_equal(c.z[i], lmds_test_z(syms[i]));
        assert_true(fabs(c.x[i] - x[i]) < 1e-9);
    }
}

static void test_mole_formulas(void **state)
{
    (void)state;
    expect("Ga0.75In0.25", NULL, "Ga3In", 2, (const char *[]){"Ga", "In"}, (double[]){0.75, 0.25});
    expect("Ga3In", NULL, "Ga3In", 2, (const char *[]){"Ga", "In"}, (double[]){0.75, 0.25});
    expect("In3Sn", NULL, "In3Sn", 2, (const char *[]){"In", "Sn"}, (double[]){0.75, 0.25});
    expect("Mo8Ga41", NULL, "Ga41Mo8", 2, (const char *[]){"Ga", "Mo"}, (double[]){41.0 / 49, 8.0 / 49});
    expect("(Bi0.5Pb0.5)0.9Sn0.1", NULL, "Bi9Pb9Sn2", 3, (const char *[]){"Bi", "Pb", "Sn"},
           (double[]){0.45, 0.45, 0.1});
    expect("Pb0.7Bi0.3", NULL, "Bi3Pb7", 2, (const char *[]){"Bi", "Pb"}, (double[]){0.3, 0.7});
    expect("CaBi 2", NULL, "Bi2Ca", 2, (const char *[]){"Bi", "Ca"}, (double[]){2.0 / 3, 1.0 / 3});
    expect("[Ga(In2)3]2", NULL, "GaIn6", 2, (const char *[]){"Ga", "In"}, (double[]){1.0 / 7, 6.0 / 7});
    expect("{Ga}In", NULL, "GaIn", 2, (const char *[]){"Ga", "In"}, (double[]){0.5, 0.5});
    expect("GaInGa", NULL, "Ga2In", 2, (const char *[]){"Ga", "In"}, (double[]){2.0 / 3, 1.0 / 3});
    expect("Ga83.5In16.5 at%", NULL, "Ga167In33", 2, (const char *[]){"Ga", "In"}, (double[]){0.835, 0.165});
}

/* Weight to mole: x_i = (w_i/M_i) / sum_j (w_j/M_j). */
static void wt_expect(const char *text, const lmds_comp_opts *o, int n, const char **syms, const double *w)
{
    double x[8], s = 0;
    for (int i = 0; i < n; i++) s += w[i] / lmds_element_mass(lmds_test_z(syms[i]));
    for (int i = 0; i < n; i++) x[i] = w[i] / lmds_element_mass(lmds_test_z(syms[i])) / s;
    expect(text, o, NULL, n, syms, x);
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(text, o, &c), LMDS_OK);
    double wf[8], wsum = 0;
    for (int i = 0; i < n; i++) wsum += w[i];
    lmds_comp_weight_fractions(&c, wf);
    for (int i = 0; i < n; i++) assert_true(fabs(wf[i] - w[i] / wsum) < 1e-9);
}

static void test_weight_forms(void **state)
{
    (void)state;
    const char *gain[] = {"Ga", "In"};
    wt_expect("Ga-24.5In", NULL, 2, gain, (double[]){75.5, 24.5});
    wt_expect("Ga75.5In24.5 wt%", NULL, 2, gain, (double[]){75.5, 24.5});
    lmds_comp_opts wt = {.by_weight = 1};
    wt_expect("Ga75.5In24.5", &wt, 2, gain, (double[]){75.5, 24.5});
    wt_expect("EGaIn", NULL, 2, gain, (double[]){75.5, 24.5});
    wt_expect("Bi32.5In51Sn16.5 wt%", NULL, 3, (const char *[]){"Bi", "In", "Sn"}, (double[]){32.5, 51, 16.5});
    wt_expect("Field's metal", NULL, 3, (const char *[]){"Bi", "In", "Sn"}, (double[]){32.5, 51, 16.5});
    wt_expect("fields metal", NULL, 3, (const char *[]){"Bi", "In", "Sn"}, (double[]){32.5, 51, 16.5});
    wt_expect("Sn-3Ag-0.5Cu", NULL, 3, (const char *[]){"Ag", "Cu", "Sn"}, (double[]){3, 0.5, 96.5});
    wt_expect("Sn63-Pb37", NULL, 2, (const char *[]){"Pb", "Sn"}, (double[]){37, 63});
}

static void test_named_alloys(void **state)
{
    (void)state;
    const char *names[] = {"EGaIn", "Galinstan", "Field's metal", "Wood's metal", "Rose's metal", "LBE", "NaK",
                           "Cerrolow 117", "lead-bismuth eutectic"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        lmds_comp c;
        if (lmds_comp_parse(names[i], NULL, &c)) fail_msg("%s: %s", names[i], lmds_errmsg());
        double s = 0;
        for (int k = 0; k < c.n; k++) s += c.x[k];
        assert_true(fabs(s - 1) < 1e-12);
        assert_non_null(lmds_comp_named_find(names[i])->source);
    }
}

/* Bad inputs fail with LMDS_EPARSE/ENOTFOUND and a message that names the column. */
static void bad(const char *text, const lmds_comp_opts *o, const char *needle)
{
    lmds_comp c = {0};
    lmds_status st = lmds_comp_parse(text, o, &c);
    if (st == LMDS_OK) fail_msg("'%s' was accepted", text);
    assert_int_equal(c.n, 0);
    if (!strstr(lmds_errmsg(), "column")) fail_msg("'%s': message without column: %s", text, lmds_errmsg());
    if (needle && !strstr(lmds_errmsg(), needle)) fail_msg("'%s': message '%s' lacks '%s'", text, lmds_errmsg(), needle);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    lmds_comp_opts nonorm = {.no_normalize = 1};
    bad("Ga0.75Xx0.25", NULL, "column 7: unknown element 'Xx'");
    bad("Ga-5", NULL, "element");
    bad("Ga0.5In0.7", &nonorm, "add up to 1.2");
    bad("((Ga)", NULL, "never closed");
    bad("Ga)", NULL, "column 3");
    bad("", NULL, "empty");
    bad("   ", NULL, "empty");
    bad("NaN", NULL, "not a composition");
    bad("inf", NULL, "not a composition");
    bad("YBa2Cu3O7-x", NULL, "variable");
    bad("HgBa2CuO4+d", NULL, "variable");
    bad("YBa2Cu3O7-X", NULL, "variable");
    bad("Ga-80In-30Sn", NULL, "100");
    bad("ga", NULL, "column 1");
    bad("Ga1.2.3", NULL, NULL);
    bad("()", NULL, "empty");
    bad("Ga0In0", NULL, "zero");
    bad("Ga'; DROP TABLE material;--", NULL, NULL);
    char big[5000];
    memset(big, 'G', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bad(big, NULL, "longer");
    char deep[200] = "";
    for (int i = 0; i < 40; i++) strcat(deep, "(");
    strcat(deep, "Ga");
    for (int i = 0; i < 40; i++) strcat(deep, ")");
    bad(deep, NULL, "nested");
}

static void test_system_and_mass(void **state)
{
    (void)state;
    lmds_comp c;
    assert_int_equal(lmds_comp_parse("Sn0.1In0.2Ga0.7", NULL, &c), LMDS_OK);
    char buf[64];
    assert_int_equal(lmds_comp_system(&c, buf, sizeof buf), LMDS_OK);
    assert_string_equal(buf, "Ga-In-Sn");
    double m = 0.7 * lmds_element_mass(31) + 0.2 * lmds_element_mass(49) + 0.1 * lmds_element_mass(50);
    assert_true(fabs(lmds_comp_molar_mass(&c) - m) < 1e-9);
    assert_int_equal(lmds_comp_formula(&c, buf, 4), LMDS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mole_formulas), cmocka_unit_test(test_weight_forms),
        cmocka_unit_test(test_named_alloys),  cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_system_and_mass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
