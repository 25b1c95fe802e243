/* The predictor and the design search under OpenMP: answers do not depend on the number of threads. Run cold
 * (nothing computed before in the process), so that lazily initialised state is first touched by concurrent
 * threads; the ThreadSanitizer stage of tools/test.sh runs this file with Archer, where any such race fails it.
 * design.h promises a ranking that never depends on thread scheduling, and each candidate is computed from its
 * composition alone, so the 2-thread and 1-thread runs must agree to the solver tolerance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <lmds.h>

#include "lmds_test.h"
#include "design_test_util.h"

static void set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
#else
    (void)n;
#endif
}

/* NAN equals NAN here: a value not computed must be not computed in both runs. */
static void assert_same(double a, double b, const char *what)
{
    if (isnan(a) && isnan(b))
        return;
    assert_rel_why(a, b, LMDS_TOL_SOLVER, what);
}

static lmds_design_outcome *design(lmds_predictor *p, int threads)
{
    set_threads(threads);
    lmds_design_spec s;
    dt_spec_gainsn(&s, 10);
    lmds_design_outcome *out = NULL;
    if (lmds_design_run(p, &s, NULL, NULL, &out) != LMDS_OK)
        fail_msg("design: %s", lmds_errmsg());
    return out;
}

static void assert_same_outcome(const lmds_design_outcome *a, const lmds_design_outcome *b)
{
    assert_int_equal(a->ncandidates, b->ncandidates);
    assert_int_equal(a->nfeasible, b->nfeasible);
    assert_int_equal(a->nfailed, b->nfailed);
    for (long i = 0; i < a->ncandidates; i++) {
        const lmds_design_candidate *x = &a->candidates[i], *y = &b->candidates[i];
        char fx[64], fy[64];
        assert_int_equal(lmds_comp_formula(&x->comp, fx, sizeof fx), LMDS_OK);
        assert_int_equal(lmds_comp_formula(&y->comp, fy, sizeof fy), LMDS_OK);
        assert_string_equal(fx, fy);
        assert_int_equal(x->route, y->route);
        assert_same(x->tc_K, y->tc_K, "material Tc");
        assert_same(x->T_liquidus_K, y->T_liquidus_K, "liquidus");
        assert_same(x->T_solidus_K, y->T_solidus_K, "solidus");
    }
}

/* A cold design search on 2 threads, then the same on 1 thread with the same predictor. */
static void test_design_same_on_any_thread_count(void **state)
{
    (void)state;
    set_threads(2);
    lmds_predictor *p = NULL;
    if (lmds_predictor_new(NULL, &p) != LMDS_OK)
        fail_msg("predictor: %s", lmds_errmsg());
    lmds_design_outcome *a = design(p, 2), *b = design(p, 1);
    assert_same_outcome(a, b);
    lmds_design_outcome_free(a);
    lmds_design_outcome_free(b);
    lmds_predictor_free(p);
}

/* The full forward pipeline (with Scheil freezing) called from the caller's own OpenMP loop, one predictor
 * thread slot per OpenMP thread, against the same compositions predicted one after the other. */
static void test_predict_in_parallel(void **state)
{
    (void)state;
    static const char *const alloys[] = {"Galinstan", "EGaIn", "Ga80In15Sn5", "Bi32.5In51Sn16.5 wt%", "In52Sn48",
                                         "Ga86In14", "Bi58Sn42 wt%", "Ga92Zn8"};
    enum { N = sizeof alloys / sizeof alloys[0] };
    set_threads(2);
    lmds_predictor *p = NULL;
    if (lmds_predictor_new(NULL, &p) != LMDS_OK)
        fail_msg("predictor: %s", lmds_errmsg());
    lmds_comp c[N];
    for (int i = 0; i < N; i++)
        assert_int_equal(lmds_comp_parse(alloys[i], NULL, &c[i]), LMDS_OK);
    static lmds_prediction par[N], ser[N];
    lmds_status st[N];
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
#pragma omp parallel for schedule(dynamic, 1)
    for (int i = 0; i < N; i++) {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        st[i] = lmds_predict(p, t, &c[i], &o, &par[i]);
    }
    for (int i = 0; i < N; i++) {
        if (st[i] != LMDS_OK)
            fail_msg("%s: status %d", alloys[i], (int)st[i]);
        assert_int_equal(lmds_predict(p, 0, &c[i], &o, &ser[i]), LMDS_OK);
        assert_int_equal(par[i].nphases, ser[i].nphases);
        assert_same(par[i].T_liquidus_K, ser[i].T_liquidus_K, alloys[i]);
        assert_same(par[i].tc_K, ser[i].tc_K, alloys[i]);
        assert_same(par[i].tc_scheil_K, ser[i].tc_scheil_K, alloys[i]);
    }
    lmds_predictor_free(p);
}

static void assert_same_prediction(const lmds_prediction *a, const lmds_prediction *b, const char *what)
{
    assert_same(a->T_liquidus_K, b->T_liquidus_K, what);
    assert_same(a->T_solidus_K, b->T_solidus_K, what);
    assert_same(a->T_phases_K, b->T_phases_K, what);
    assert_string_equal(a->primary_phase, b->primary_phase);
    assert_int_equal(a->nphases, b->nphases);
    for (int k = 0; k < a->nphases; k++) {
        assert_string_equal(a->phases[k].phase, b->phases[k].phase);
        assert_same(a->phases[k].amount, b->phases[k].amount, what);
        assert_same(a->phases[k].amount_scheil, b->phases[k].amount_scheil, what);
    }
    assert_same(a->tc_K, b->tc_K, what);
    assert_same(a->tc_scheil_K, b->tc_scheil_K, what);
}

/* The pipeline's per-thread thermodynamic workspaces (one per system, reused for liquidus, solidus, equilibrium
 * and Scheil path, the oldest evicted beyond a few systems) against a predictor whose every call builds the
 * system anew (thermo_one_shot): the same answers. The alloys visit six systems twice, in an order that reuses
 * some workspaces and evicts others; the design search runs its workspaces on 2 threads. */
static void test_workspaces_same_as_one_shot(void **state)
{
    (void)state;
    static const char *const alloys[] = {"Galinstan", "Ga86In14", "Ga80In15Sn5", "Bi32.5In51Sn16.5 wt%", "In52Sn48",
                                         "Bi58Sn42 wt%", "Ga92Zn8", "EGaIn", "Ga70In20Sn10", "In48Sn52",
                                         "Bi50In30Sn20", "Ga95Zn5"};
    enum { N = sizeof alloys / sizeof alloys[0] };
    set_threads(2);
    lmds_predictor *p = NULL, *q = NULL;
    lmds_predictor_opts qo = {0};
    qo.thermo_one_shot = 1;
    if (lmds_predictor_new(NULL, &p) != LMDS_OK || lmds_predictor_new(&qo, &q) != LMDS_OK)
        fail_msg("predictor: %s", lmds_errmsg());
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    for (int i = 0; i < N; i++) {
        lmds_comp c;
        lmds_prediction a, b;
        assert_int_equal(lmds_comp_parse(alloys[i], NULL, &c), LMDS_OK);
        assert_int_equal(lmds_predict(p, 0, &c, &o, &a), LMDS_OK);
        assert_int_equal(lmds_predict(q, 0, &c, &o, &b), LMDS_OK);
        assert_same_prediction(&a, &b, alloys[i]);
    }
    lmds_design_outcome *x = design(p, 2), *y = design(q, 1);
    assert_same_outcome(x, y);
    lmds_design_outcome_free(x);
    lmds_design_outcome_free(y);
    lmds_predictor_free(p);
    lmds_predictor_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* The forward pipeline first: its first calls are the ones that run concurrently from the start. */
        cmocka_unit_test(test_predict_in_parallel),
        cmocka_unit_test(test_design_same_on_any_thread_count),
        cmocka_unit_test(test_workspaces_same_as_one_shot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
