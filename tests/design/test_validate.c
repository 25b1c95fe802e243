/* The validation runner (src/design/validate*.c): reading a suite with located errors, the tolerance rules of
 * include/lmds/validate.h, a run through real engines, "cannot run" with a reason, and the shipped suites all
 * readable. The numbers checked here are the runner's bookkeeping; the science is in data/validation/ and is
 * judged by `lmds validate` itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmds.h>
#include "lmds_test.h"

#define HEADER "case,quantity,input,route,P_GPa,T_K,params,reference_value,reference_lo,reference_hi,unit," \
               "tolerance,tolerance_reason,source,lookup,notes,verification,slow\n"

/* Write text to a temporary file; returns its path (static buffer). */
static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/lmds_test_validate_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static lmds_validation_suite *load_text(const char *text, lmds_status want)
{
    const char *path = write_tmp(text);
    lmds_validation_suite *s = (lmds_validation_suite *)1;
    lmds_status st = lmds_validation_load("t", path, &s);
    unlink(path);
    assert_int_equal(st, want);
    if (want != LMDS_OK) assert_null(s);
    return s;
}

/* Bad rows are refused with the line and column of the field. */
static void test_located_errors(void **state)
{
    (void)state;
    load_text(HEADER "a,Tc,Pb,,0,,,7.2x,,,K,0.5,why,src,no,,verified,\n", LMDS_EPARSE);
    assert_non_null(strstr(lmds_errmsg(), ":2:"));
    assert_non_null(strstr(lmds_errmsg(), "reference_value"));
    load_text(HEADER "a,Tc,Pb,,0,,,7.2,,,K,half,why,src,no,,verified,\n", LMDS_EPARSE);
    assert_non_null(strstr(lmds_errmsg(), "tolerance 'half'"));
    load_text(HEADER "a,Tc,Pb,,0,,,7.2,,,K,0.5,why,,no,,verified,\n", LMDS_EPARSE); /* no source */
    assert_non_null(strstr(lmds_errmsg(), "source is empty"));
    load_text(HEADER "a,Tc,Pb,,0,,,7.2,,,K,0.5,why,src,maybe,,verified,\n", LMDS_EPARSE);
    load_text("case,quantity\na,Tc\n", LMDS_EPARSE); /* missing columns listed */
    assert_non_null(strstr(lmds_errmsg(), "tolerance_reason"));
}

/* Each tolerance rule on a case whose value is exact (a pure element's melting point from the default
 * database, 302.915 K for Ga): hit and miss on both sides of the band. */
static void test_tolerance_rules(void **state)
{
    (void)state;
    lmds_validation_suite *s = load_text(
        HEADER "abs_hit,T_liquidus,Ga,,0,,,302.0,,,K,1.0,w,s,no,,verified,\n"
               "abs_miss,T_liquidus,Ga,,0,,,302.0,,,K,0.5,w,s,no,,verified,\n"
               "range_hit,T_liquidus,Ga,,0,,,300,299,302.5,K,0.5,w,s,no,,verified,\n"
               "rel_hit,T_liquidus,Ga,,0,,,300,,,K,0.01 rel,w,s,no,,verified,\n"
               "factor_miss,T_liquidus,Ga,,0,,,100,,,K,factor 2,w,s,no,,verified,\n"
               "sign_miss,T_liquidus,Ga,,0,,,-1,,,K,sign,w,s,no,,verified,\n"
               "unknown,T_foo,Ga,,0,,,1,,,K,sign,w,s,no,,verified,\n"
               "slow,T_liquidus,Ga,,0,,,302.0,,,K,1.0,w,s,no,,verified,yes\n",
        LMDS_OK);
    assert_int_equal(s->n, 8);
    assert_int_equal(lmds_validation_run(s, NULL), LMDS_OK);
    const lmds_validation_outcome want[] = {LMDS_VALIDATION_HIT,  LMDS_VALIDATION_MISS,       LMDS_VALIDATION_HIT,
                                            LMDS_VALIDATION_HIT,  LMDS_VALIDATION_MISS,       LMDS_VALIDATION_MISS,
                                            LMDS_VALIDATION_CANNOT_RUN, LMDS_VALIDATION_SKIPPED};
    for (size_t i = 0; i < s->n; i++) {
        print_message("%-12s %-10s %.6g %s\n", s->cases[i].id, lmds_validation_outcome_name(s->cases[i].outcome),
                      s->cases[i].value, s->cases[i].reason);
        assert_int_equal(s->cases[i].outcome, want[i]);
    }
    assert_int_equal(s->hits, 3);
    assert_int_equal(s->misses, 3);
    assert_int_equal(s->cannot_run, 1);
    assert_int_equal(s->skipped, 1);
    assert_int_equal(s->cases[0].answer, LMDS_VALIDATION_COMPUTED);
    assert_true(isnan(s->cases[6].value));
    assert_non_null(strstr(s->cases[6].reason, "unknown quantity"));
    assert_int_equal(s->reads_genome, 0);
    lmds_validation_free(s);
}

/* A bound: BiIn is not superconducting above 1.5 K; a case answered by the pipeline reads the genome and says
 * whether the answer was the genome's own row (here it is: a lookup, not a prediction). */
static void test_pipeline_bound(void **state)
{
    (void)state;
    lmds_validation_suite *s = load_text(
        HEADER "biin,Tc_upper_bound,BiIn,bulk,0,298,,1.5,,1.5,K,0,bound,src,yes,,verified,\n"
               "bad_route,Tc,Ga,film:,0,4,,1,,,K,0.1,w,s,no,,verified,\n",
        LMDS_OK);
    assert_int_equal(s->reads_genome, 1);
    assert_int_equal(lmds_validation_run(s, NULL), LMDS_OK);
    assert_int_equal(s->cases[0].outcome, LMDS_VALIDATION_HIT);
    assert_true(s->cases[0].value <= 1.5);
    assert_int_equal(s->cases[1].outcome, LMDS_VALIDATION_CANNOT_RUN);
    assert_true(strlen(s->cases[1].reason) > 0);
    /* Normal run: BiIn's "no" is the genome's row. Blind: that row is hidden, the answer is not a lookup. */
    assert_int_equal(s->cases[0].answer, LMDS_VALIDATION_LOOKUP);
    lmds_validation_opts o;
    lmds_validation_opts_init(&o);
    o.blind = 1;
    assert_int_equal(lmds_validation_run(s, &o), LMDS_OK);
    assert_int_equal(s->blind, 1);
    print_message("blind BiIn: %s %.3g K (%s)\n", lmds_validation_outcome_name(s->cases[0].outcome),
                  s->cases[0].value, s->cases[0].how);
    assert_true(s->cases[0].answer != LMDS_VALIDATION_LOOKUP);
    assert_int_equal(s->lookups, 0);
    lmds_validation_free(s);
}

/* Blind mode hides the material's pressure-induced phases too: Bi at 3 GPa is the Bi-III row of
 * data/routes/pressure_phases.csv (a lookup) in a normal run and must come from elsewhere blind; a learned-model
 * answer for a material the model was trained on is flagged and counted. */
static void test_blind_pressure_phase(void **state)
{
    (void)state;
    lmds_validation_suite *s =
        load_text(HEADER "bi3,Tc,Bi,bulk,3,298,,7.0,6.5,7.3,K,0.5,w,s,yes,,verified,\n", LMDS_OK);
    assert_int_equal(lmds_validation_run(s, NULL), LMDS_OK);
    assert_int_equal(s->cases[0].answer, LMDS_VALIDATION_LOOKUP);
    assert_int_equal(s->lookups, 1);
    lmds_validation_opts o;
    lmds_validation_opts_init(&o);
    o.blind = 1;
    assert_int_equal(lmds_validation_run(s, &o), LMDS_OK);
    const lmds_validation_case *k = &s->cases[0];
    print_message("blind Bi at 3 GPa: %s %.3g K (%s); nearest training material %s at %.3g%s\n",
                  lmds_validation_outcome_name(k->outcome), k->value, k->how, k->nearest_training,
                  k->nearest_distance, k->trained_on ? " (seen in training)" : "");
    assert_true(k->answer != LMDS_VALIDATION_LOOKUP);
    assert_int_equal(s->lookups, 0);
    assert_null(strstr(k->how, "pressure_phases"));
    if (k->trained_on) assert_true(k->nearest_distance <= LMDS_VALIDATION_SEEN_DISTANCE);
    assert_int_equal(s->trained, (size_t)k->trained_on);
    lmds_validation_free(s);
}

/* Lower bounds on the shipped model's outside test: its ROC-AUC lies above the 0.5 of a ranking without
 * discrimination, and its recall at the model's threshold below 0.99 (both sides of the rule); parameters the
 * superconductivity quantities need are asked for by name. */
static void test_lower_bound_and_params(void **state)
{
    (void)state;
    lmds_validation_suite *s = load_text(
        HEADER "auc,outside_auc_lower_bound,learn/outside_test.csv,,0,,,0.5,0.5,,,0,w,s,no,,verified,\n"
               "recall,outside_recall_lower_bound,learn/outside_test.csv,,0,,,0.99,0.99,,,0,w,s,no,,verified,\n"
               "hc,Hc0_mT,Pb,,0,,tc=7.2;vmol=18.27,80.3,,,mT,0.1 rel,w,s,no,,verified,\n"
               "gap,gap_iw0_meV,spectra/Nb_elk_DFPT_ALPHA2F.OUT,,0,,mu*=0.15,3.0,,,meV,0.02 rel,w,s,no,,verified,\n",
        LMDS_OK);
    assert_int_equal(lmds_validation_run(s, NULL), LMDS_OK);
    assert_int_equal(s->cases[0].outcome, LMDS_VALIDATION_HIT);
    assert_true(s->cases[0].value > 0.5 && s->cases[0].value <= 1.0);
    assert_int_equal(s->cases[1].outcome, LMDS_VALIDATION_MISS);
    assert_true(s->cases[1].value >= 0.0 && s->cases[1].value < 0.99);
    assert_int_equal(s->cases[2].outcome, LMDS_VALIDATION_CANNOT_RUN);
    assert_non_null(strstr(s->cases[2].reason, "gamma"));
    assert_int_equal(s->cases[3].outcome, LMDS_VALIDATION_CANNOT_RUN);
    assert_non_null(strstr(s->cases[3].reason, "T_K"));
    lmds_validation_free(s);
}

/* The liquid miscibility gap quantities on Ga-Hg, whose default-database liquid is one regular term, L0 = 7934.5
 * J/mol (data/tdb/lmds_gahg.tdb): a regular solution's gap closes at T_c = L0 / (2R) = 477.15 K, x_c = 1/2, and
 * its two liquids at T are x and 1 - x with ln((1 - x) / x) = (L0 / RT)(1 - 2x) (e.g. D.A. Porter, K.E.
 * Easterling, Phase Transformations in Metals and Alloys, ch. 1). Tolerances: 0.05 K, the bisection width and
 * the extrapolation of the top from 1 and 4 K below it (without it the top is 0.15 K low: the engine resolves two
 * liquids about 0.03 apart); 0.002 for x, the engine's Newton refinement. */
static double regular_gap_edge(double a) /* the root x < 1/2 of ln((1 - x)/x) = a (1 - 2x), a > 2 */
{
    double lo = 1e-12, hi = 0.5 - 1e-9;
    for (int i = 0; i < 200; i++) {
        double x = 0.5 * (lo + hi);
        if (log((1 - x) / x) > a * (1 - 2 * x)) lo = x;
        else hi = x;
    }
    return 0.5 * (lo + hi);
}

static void test_liquid_gap(void **state)
{
    (void)state;
    lmds_validation_suite *s = load_text(
        HEADER "tc,T_critical,Ga50Hg50,,0,,,477.15,,,K,1,w,s,no,,verified,\n"
               "xc,x_critical,Ga50Hg50,,0,,element=Hg,0.5,,,,0.01,w,s,no,,verified,\n"
               "lo,x_gap_low,Ga50Hg50,,0,400,element=Hg,0.1,,,,0.01,w,s,no,,verified,\n"
               "hi,x_gap_high,Ga50Hg50,,0,400,element=Ga,0.9,,,,0.01,w,s,no,,verified,\n"
               "no_el,x_critical,Ga50Hg50,,0,,,0.5,,,,0.01,w,s,no,,verified,\n"
               "no_T,x_gap_low,Ga50Hg50,,0,,element=Hg,0.1,,,,0.01,w,s,no,,verified,\n"
               "ternary,T_critical,Ga40Hg40In20,,0,,,477,,,K,1,w,s,no,,verified,\n"
               "one_liquid,x_gap_low,Ga50Hg50,,0,600,element=Hg,0.1,,,,0.01,w,s,no,,verified,\n",
        LMDS_OK);
    assert_int_equal(lmds_validation_run(s, NULL), LMDS_OK);
    const double R = 8.314462618, L0 = 7934.5, x400 = regular_gap_edge(L0 / (R * 400.0));
    assert_abs_why(s->cases[0].value, L0 / (2 * R), 0.05, "regular solution: T_c = L0 / 2R");
    assert_int_equal(s->cases[0].outcome, LMDS_VALIDATION_HIT);
    assert_abs_why(s->cases[1].value, 0.5, 0.002, "regular solution: x_c = 1/2");
    assert_abs_why(s->cases[2].value, x400, 0.002, "regular solution: Hg-poor liquid at 400 K");
    assert_abs_why(s->cases[3].value, 1.0 - x400, 0.002, "regular solution: Ga in the Ga-rich liquid at 400 K, 1 - x");
    for (int i = 4; i < 8; i++) assert_int_equal(s->cases[i].outcome, LMDS_VALIDATION_CANNOT_RUN);
    assert_non_null(strstr(s->cases[4].reason, "element="));
    assert_non_null(strstr(s->cases[5].reason, "T_K"));
    assert_non_null(strstr(s->cases[6].reason, "binary"));
    assert_non_null(strstr(s->cases[7].reason, "one liquid"));
    lmds_validation_free(s);
}

/* Every shipped suite reads (the data files keep their format and a source on every row). */
static void test_shipped_suites(void **state)
{
    (void)state;
    assert_int_equal(lmds_validation_suite_count(), 9);
    assert_null(lmds_validation_suite_name(9));
    for (size_t i = 0; i < lmds_validation_suite_count(); i++) {
        char path[512];
        snprintf(path, sizeof path, LMDS_SOURCE_DATA_DIR "/validation/%s.csv", lmds_validation_suite_name(i));
        lmds_validation_suite *s = NULL;
        lmds_status st = lmds_validation_load(lmds_validation_suite_name(i), path, &s);
        if (st != LMDS_OK) print_message("%s\n", lmds_errmsg());
        assert_int_equal(st, LMDS_OK);
        assert_true(s->n > 0);
        lmds_validation_free(s);
    }
    lmds_validation_suite *s = (lmds_validation_suite *)1;
    assert_int_equal(lmds_validation_load("none", "/nonexistent/none.csv", &s), LMDS_EIO);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_located_errors),
        cmocka_unit_test(test_tolerance_rules),
        cmocka_unit_test(test_pipeline_bound),
        cmocka_unit_test(test_blind_pressure_phase),
        cmocka_unit_test(test_lower_bound_and_params),
        cmocka_unit_test(test_liquid_gap),
        cmocka_unit_test(test_shipped_suites),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
