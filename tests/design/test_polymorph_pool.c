/* The polymorph rule of src/design/polymorph_pool.c: a value belongs to one polymorph. Rows of several polymorphs
 * give their range (low confidence), never their mean; rows without a label are not pooled with labelled ones;
 * one polymorph gives its own value. The numbers are those of the PdBi2 rows of data/genome/lmds_superconductors.csv
 * (alpha 1.73 K; beta 5.35 and 5.07 K) and of the Bi high-pressure rows (Bi-II 3.92 K, Bi-III 7.0 K), used here
 * as plain inputs: these tests check the pooling rule, not a prediction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "lmds_test.h"
#include "design/design_internal.h"
#include "design/polymorph_pool.h"

/* Two polymorphs: the middle of their range with the half-width as the uncertainty, flagged; the mean of the
 * three rows (4.05 K) would be the Tc of no material. */
static void test_two_polymorphs_give_range_not_mean(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    poly_pool_add(&pp, 1.73, "alpha", "row alpha");
    poly_pool_add(&pp, 5.35, "beta", "row beta 1");
    poly_pool_add(&pp, 5.07, "beta", "row beta 2");
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 3);
    assert_true(res.low_confidence);
    assert_rel(res.lo, 1.73, LMDS_TOL_EXACT);
    assert_rel(res.hi, 5.35, LMDS_TOL_EXACT);
    assert_rel(res.value, 0.5 * (1.73 + 5.35), LMDS_TOL_ROUND);
    assert_true(fabs(res.value - (1.73 + 5.35 + 5.07) / 3.0) > 0.5);
    assert_rel(res.unc, 0.5 * (5.35 - 1.73), LMDS_TOL_ROUND);
    assert_string_equal(res.labels, "alpha, beta");
    assert_string_equal(res.ref, "row alpha");
    char note[256];
    poly_pool_undecided_note(&res, "rows", 4, -1, note, sizeof note);
    assert_string_equal(note, "LOW CONFIDENCE: polymorph not decided (alpha, beta): range 1.73-5.35 K of 3 rows, "
                              "first: row alpha");
}

/* The same in the route-form flavour (middle of the span): an undecided pool is a range whatever the centre. */
static void test_two_polymorphs_midrange_pool(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MIDRANGE);
    poly_pool_add(&pp, 7.1, "iota", "iota row");
    poly_pool_add(&pp, 6.7, "kappa", "kappa row");
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 2);
    assert_true(res.low_confidence);
    assert_rel(res.value, 6.9, LMDS_TOL_ROUND);
    assert_rel(res.unc, fmax(design_genome_uncertainty(6.9), 0.2), LMDS_TOL_ROUND);
}

/* Labels are compared whole: "Bi-II" is not contained in "Bi-III" as the same polymorph. */
static void test_labels_compared_exactly(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    poly_pool_add(&pp, 7.0, "Bi-III", "III");
    poly_pool_add(&pp, 3.92, "Bi-II", "II");
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 2);
    assert_true(res.low_confidence);
    assert_string_equal(res.labels, "Bi-III, Bi-II");
}

/* Unlabelled rows beside labelled ones are left out and counted: the value is the labelled rows' own. */
static void test_unlabelled_kept_apart_from_labelled(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    poly_pool_add(&pp, 10.0, NULL, "plain 1");
    poly_pool_add(&pp, 5.35, "beta", "beta row");
    poly_pool_add(&pp, 12.0, "", "plain 2");
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 1);
    assert_false(res.low_confidence);
    assert_int_equal(res.nleft_out, 2);
    assert_rel(res.value, 5.35, LMDS_TOL_EXACT);
    assert_string_equal(res.ref, "beta row");
    char note[64];
    poly_pool_left_out_note(&res, note, sizeof note);
    assert_string_equal(note, "; 2 rows without a polymorph label left out");
}

/* Rows none of which carries a label are pooled together (they all refer to the one form measured). */
static void test_unlabelled_alone_are_pooled(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    poly_pool_add(&pp, 5.1, NULL, "first");
    poly_pool_add(&pp, 5.87, NULL, "second");
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 2);
    assert_false(res.low_confidence);
    assert_int_equal(res.nleft_out, 0);
    assert_rel(res.value, 0.5 * (5.1 + 5.87), LMDS_TOL_ROUND);
    assert_string_equal(res.ref, "first");
    assert_string_equal(res.labels, "");
}

/* One polymorph: its value -- the mean of its rows, or the middle of their span as the caller asks; the
 * uncertainty covers the spread and is never below the genome convention (5 %, at least 0.1 K). */
static void test_single_polymorph_gives_its_value(void **state)
{
    (void)state;
    const double v[] = {1.0, 2.0, 6.0};
    poly_pool mean, mid;
    poly_pool_init(&mean, POLY_POOL_MEAN);
    poly_pool_init(&mid, POLY_POOL_MIDRANGE);
    for (int i = 0; i < 3; i++) {
        poly_pool_add(&mean, v[i], "beta", "r");
        poly_pool_add(&mid, v[i], "beta", "r");
    }
    poly_pool_result a, b;
    assert_int_equal(poly_pool_value(&mean, &a), 3);
    assert_int_equal(poly_pool_value(&mid, &b), 3);
    assert_false(a.low_confidence);
    assert_rel(a.value, 3.0, LMDS_TOL_ROUND);
    assert_rel(b.value, 3.5, LMDS_TOL_ROUND);
    assert_rel(a.unc, 2.5, LMDS_TOL_ROUND);
    assert_string_equal(a.labels, "beta");

    poly_pool one;
    poly_pool_init(&one, POLY_POOL_MEAN);
    poly_pool_add(&one, 1.73, "alpha", "alpha row");
    assert_int_equal(poly_pool_value(&one, &a), 1);
    assert_rel(a.value, 1.73, LMDS_TOL_EXACT);
    assert_rel(a.unc, design_genome_uncertainty(1.73), LMDS_TOL_EXACT);
}

static void test_empty_pool(void **state)
{
    (void)state;
    poly_pool pp;
    poly_pool_init(&pp, POLY_POOL_MEAN);
    poly_pool_result res;
    assert_int_equal(poly_pool_value(&pp, &res), 0);
    assert_false(res.low_confidence);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_polymorphs_give_range_not_mean),
        cmocka_unit_test(test_two_polymorphs_midrange_pool),
        cmocka_unit_test(test_labels_compared_exactly),
        cmocka_unit_test(test_unlabelled_kept_apart_from_labelled),
        cmocka_unit_test(test_unlabelled_alone_are_pooled),
        cmocka_unit_test(test_single_polymorph_gives_its_value),
        cmocka_unit_test(test_empty_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
