/* Tests of the design search machinery on synthetic objectives with known Pareto fronts (no physics). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lmds/design.h>

/* f1 = x0, f2 = 1 - x0 + x2 on a ternary: for any x0 the best f2 has x2 = 0, so the non-dominated set is exactly
 * the edge x2 = 0. Constraint: x0 <= 0.8 (violation = x0 - 0.8), which keeps the edge point of every feasible
 * candidate feasible. */
static lmds_status eval_edge(void *ctx, int thread, const double *x, double *f, double *aux, double *v)
{
    (void)ctx;
    (void)thread;
    f[0] = x[0];
    f[1] = 1.0 - x[0] + x[2];
    if (aux)
        aux[0] = 10.0 * x[1];
    *v = x[0] > 0.8 + 1e-12 ? x[0] - 0.8 : 0.0;
    return LMDS_OK;
}

static void test_grid_count(void **state)
{
    (void)state;
    assert_int_equal(lmds_design_grid_count(3, 10, 0), 66);
    assert_int_equal(lmds_design_grid_count(3, 10, 1), 36);
    assert_int_equal(lmds_design_grid_count(2, 50, 0), 51);
    assert_int_equal(lmds_design_grid_count(1, 7, 0), 1);
    lmds_design_problem p;
    lmds_design_problem_init(&p, 3, 2, eval_edge, NULL);
    lmds_design_result *r = NULL;
    assert_int_equal(lmds_design_grid(&p, 10, 0, &r), LMDS_OK);
    assert_int_equal(r->n, 66);
    /* Every point on the simplex, every point distinct. */
    for (long i = 0; i < r->n; i++) {
        double s = r->x[i * 3] + r->x[i * 3 + 1] + r->x[i * 3 + 2];
        assert_true(fabs(s - 1.0) < 1e-12);
        for (long j = 0; j < i; j++)
            assert_false(r->x[i * 3] == r->x[j * 3] && r->x[i * 3 + 1] == r->x[j * 3 + 1]);
    }
    lmds_design_result_free(r);
    assert_int_equal(lmds_design_grid(&p, 10, 1, &r), LMDS_OK);
    assert_int_equal(r->n, 36);
    for (long i = 0; i < r->n * 3; i++)
        assert_true(r->x[i] >= 0.1 - 1e-12);
    lmds_design_result_free(r);
}

static void test_grid_front_and_constraint(void **state)
{
    (void)state;
    lmds_design_problem p;
    lmds_design_problem_init(&p, 3, 2, eval_edge, NULL);
    p.naux = 1;
    lmds_design_result *r = NULL;
    assert_int_equal(lmds_design_grid(&p, 20, 0, &r), LMDS_OK);
    for (long i = 0; i < r->n; i++) /* auxiliary outputs stay with their candidate */
        assert_true(fabs(r->aux[i] - 10.0 * r->x[i * 3 + 1]) < 1e-12);
    long nfront = 0;
    for (long i = 0; i < r->n; i++) {
        const double *x = r->x + i * 3;
        int feasible = x[0] <= 0.8 + 1e-12;
        assert_int_equal(r->violation[i] == 0.0, feasible);
        if (feasible) {
            /* The non-dominated set is the x2 = 0 edge (within the constraint). */
            assert_int_equal(r->front[i] == 0, x[2] == 0.0);
            nfront += r->front[i] == 0;
        }
    }
    assert_int_equal(nfront, 17); /* x0 = 0 .. 0.80 in steps of 0.05 on x2 = 0 */
    /* Ranking: feasible first, the first front first and ordered by f1; then infeasible by violation. */
    for (long r0 = 0; r0 < nfront; r0++)
        assert_int_equal(r->front[r->order[r0]], 0);
    for (long r0 = 1; r0 < nfront; r0++)
        assert_true(r->f[r->order[r0] * 2] >= r->f[r->order[r0 - 1] * 2]);
    assert_int_equal(r->nfeasible, r->n - 10); /* x0 = 0.85 .. 1.0: 4 + 3 + 2 + 1 points */
    for (long k = r->nfeasible + 1; k < r->n; k++)
        assert_true(r->violation[r->order[k]] >= r->violation[r->order[k - 1]]);
    lmds_design_result_free(r);
}

/* Definition of fronts, by brute force: front k = non-dominated after removing fronts < k. */
static void naive_fronts(long n, int m, const double *f, int *front)
{
    int *done = calloc((size_t)n, sizeof(int));
    long left = n;
    for (int k = 0; left > 0; k++) {
        int *cur = calloc((size_t)n, sizeof(int));
        for (long i = 0; i < n; i++) {
            if (done[i])
                continue;
            int dom = 0;
            for (long j = 0; j < n && !dom; j++)
                if (!done[j] && j != i && lmds_design_dominates(m, f + j * m, f + i * m))
                    dom = 1;
            cur[i] = !dom;
        }
        for (long i = 0; i < n; i++)
            if (cur[i]) {
                done[i] = 1;
                front[i] = k;
                left--;
            }
        free(cur);
    }
    free(done);
}

static void test_pareto_sort_matches_definition(void **state)
{
    (void)state;
    srand(7);
    for (int m = 1; m <= 3; m++) {
        for (int rep = 0; rep < 5; rep++) {
            long n = 300;
            double *f = malloc((size_t)n * m * sizeof(double));
            int *a = malloc((size_t)n * sizeof(int)), *b = malloc((size_t)n * sizeof(int));
            double *cd = malloc((size_t)n * sizeof(double));
            /* Small integer range: many ties, the hard case for the fast two-objective sweep. */
            for (long i = 0; i < n * m; i++)
                f[i] = (double)(rand() % (rep < 2 ? 6 : 1000));
            assert_int_equal(lmds_design_pareto_sort(n, m, f, NULL, a, cd), LMDS_OK);
            naive_fronts(n, m, f, b);
            for (long i = 0; i < n; i++)
                assert_int_equal(a[i], b[i]);
            for (long i = 0; i < n; i++)
                assert_true(cd[i] >= 0.0);
            free(f);
            free(a);
            free(b);
            free(cd);
        }
    }
}

static void test_crowding_extremes(void **state)
{
    (void)state;
    /* Five points on the line f2 = 1 - f1: one front; the ends are infinitely crowded-distant, and with equal
     * spacing the inner ones each get 2 * (2 * 0.25) = 1.0. */
    double f[10] = {0, 1, 0.25, 0.75, 0.5, 0.5, 0.75, 0.25, 1, 0};
    int fr[5];
    double cd[5];
    assert_int_equal(lmds_design_pareto_sort(5, 2, f, NULL, fr, cd), LMDS_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(fr[i], 0);
    assert_true(isinf(cd[0]) && isinf(cd[4]));
    for (int i = 1; i < 4; i++)
        assert_true(fabs(cd[i] - 1.0) < 1e-12);
}

/* ZDT1 on the simplex: f1 = x0, f2 = g (1 - sqrt(x0 / g)) with g = 1 + 9 x2; the true front is x2 = 0,
 * f2 = 1 - sqrt(f1). */
static lmds_status eval_zdt1(void *ctx, int thread, const double *x, double *f, double *aux, double *v)
{
    (void)thread;
    if (ctx)
        __atomic_fetch_add((long *)ctx, 1, __ATOMIC_RELAXED);
    double g = 1.0 + 9.0 * x[2];
    if (aux)
        aux[0] = x[2];
    f[0] = x[0];
    f[1] = g * (1.0 - sqrt(x[0] / g));
    *v = 0.0;
    return LMDS_OK;
}

static void test_nsga2_converges_and_is_deterministic(void **state)
{
    (void)state;
    long calls = 0;
    lmds_design_problem p;
    lmds_design_problem_init(&p, 3, 2, eval_zdt1, &calls);
    p.naux = 1;
    lmds_design_nsga2_opts o;
    lmds_design_nsga2_opts_init(&o);
    o.population = 40;
    o.generations = 60;
    lmds_design_result *r = NULL, *r2 = NULL, *r3 = NULL;
    assert_int_equal(lmds_design_nsga2(&p, &o, &r), LMDS_OK);
    assert_int_equal(r->n, 40 * 61);
    assert_int_equal(calls, 40 * 61);
    for (long i = 0; i < r->n; i++) /* auxiliary outputs follow their candidate through survival */
        assert_true(r->aux[i] == r->x[i * 3 + 2]);
    long nf = 0;
    double f1min = 1, f1max = 0;
    for (long i = 0; i < r->n; i++) {
        if (r->front[i] != 0)
            continue;
        nf++;
        /* Within 0.02 of the true front: the search has converged onto x2 ~ 0. Near f1 = 0 the front is only weakly
         * Pareto (nothing has a smaller f1, whatever its f2), so those points are not checked. */
        if (r->f[i * 2] > 0.01)
            assert_true(fabs(r->f[i * 2 + 1] - (1.0 - sqrt(r->f[i * 2]))) < 0.02);
        f1min = fmin(f1min, r->f[i * 2]);
        f1max = fmax(f1max, r->f[i * 2]);
    }
    assert_true(nf >= 20);
    assert_true(f1max - f1min > 0.8); /* spread over the front, not collapsed */
    assert_int_equal(lmds_design_nsga2(&p, &o, &r2), LMDS_OK);
    assert_memory_equal(r->x, r2->x, (size_t)r->n * 3 * sizeof(double));
    assert_memory_equal(r->order, r2->order, (size_t)r->n * sizeof(long));
    o.seed = 99;
    assert_int_equal(lmds_design_nsga2(&p, &o, &r3), LMDS_OK);
    assert_true(memcmp(r->x, r3->x, (size_t)r->n * 3 * sizeof(double)) != 0);
    lmds_design_result_free(r);
    lmds_design_result_free(r2);
    lmds_design_result_free(r3);
}

static void test_bounds_respected(void **state)
{
    (void)state;
    lmds_design_problem p;
    lmds_design_problem_init(&p, 3, 2, eval_zdt1, NULL);
    p.xmin[0] = 0.1;
    p.xmax[0] = 0.4;
    p.xmax[2] = 0.3;
    lmds_design_result *r = NULL;
    assert_int_equal(lmds_design_grid(&p, 20, 0, &r), LMDS_OK);
    for (long i = 0; i < r->n; i++) {
        assert_true(r->x[i * 3] >= 0.1 - 1e-12 && r->x[i * 3] <= 0.4 + 1e-12);
        assert_true(r->x[i * 3 + 2] <= 0.3 + 1e-12);
    }
    lmds_design_result_free(r);
    lmds_design_nsga2_opts o;
    lmds_design_nsga2_opts_init(&o);
    o.population = 20;
    o.generations = 10;
    assert_int_equal(lmds_design_nsga2(&p, &o, &r), LMDS_OK);
    for (long i = 0; i < r->n; i++) {
        assert_true(r->x[i * 3] >= 0.1 - 1e-9 && r->x[i * 3] <= 0.4 + 1e-9);
        assert_true(r->x[i * 3 + 2] <= 0.3 + 1e-9);
        assert_true(fabs(r->x[i * 3] + r->x[i * 3 + 1] + r->x[i * 3 + 2] - 1.0) < 1e-9);
    }
    lmds_design_result_free(r);
    /* Bounds that exclude every composition are an error, not an empty result. */
    p.xmin[1] = 0.95; /* 0.1 + 0.95 > 1 */
    assert_int_equal(lmds_design_grid(&p, 20, 0, &r), LMDS_EINVAL);
}

static lmds_status eval_fails_half(void *ctx, int thread, const double *x, double *f, double *aux, double *v)
{
    (void)ctx;
    (void)thread;
    if (x[0] > 0.5)
        return lmds_error(LMDS_EDOMAIN, "synthetic failure");
    f[0] = x[0];
    *v = 0.0;
    return LMDS_OK;
}

static void test_failures_ranked_last(void **state)
{
    (void)state;
    lmds_design_problem p;
    lmds_design_problem_init(&p, 2, 1, eval_fails_half, NULL);
    lmds_design_result *r = NULL;
    assert_int_equal(lmds_design_grid(&p, 10, 0, &r), LMDS_OK);
    assert_int_equal(r->nfailed, 5);
    assert_int_equal(r->nfeasible, 6);
    for (long k = 0; k < 6; k++)
        assert_true(r->x[r->order[k] * 2] <= 0.5 + 1e-12);
    assert_true(r->x[r->order[0] * 2] == 0.0);
    for (long k = 6; k < 11; k++)
        assert_true(isinf(r->violation[r->order[k]]));
    lmds_design_result_free(r);
    assert_int_equal(lmds_design_grid(NULL, 10, 0, &r), LMDS_EINVAL);
}

/* The communicator belongs to the caller: NULL is one process (the same answer as a problem that never heard of
 * MPI); a communicator while MPI is not initialised (MPI build) or at all (build without MPI) is refused before
 * any candidate is scored, and the library does not start MPI to use it. */
static void test_communicator(void **state)
{
    (void)state;
    long calls = 0;
    lmds_design_problem p;
    lmds_design_problem_init(&p, 3, 2, eval_zdt1, &calls);
    assert_null(p.mpi_comm);
    lmds_design_result *a = NULL, *b = NULL;
    assert_int_equal(lmds_design_grid(&p, 12, 0, &a), LMDS_OK);
    p.mpi_comm = NULL;
    assert_int_equal(lmds_design_grid(&p, 12, 0, &b), LMDS_OK);
    assert_int_equal(a->n, lmds_design_grid_count(3, 12, 0));
    assert_int_equal(b->n, a->n);
    assert_memory_equal(a->f, b->f, (size_t)a->n * 2 * sizeof(double));
    assert_memory_equal(a->order, b->order, (size_t)a->n * sizeof(long));
    lmds_design_result_free(a);
    lmds_design_result_free(b);

    static const long not_a_comm = 0; /* never read: MPI is not running in this test */
    p.mpi_comm = &not_a_comm;
    long before = calls;
    lmds_design_result *r = (lmds_design_result *)&not_a_comm;
    lmds_status want = lmds_design_have_mpi() ? LMDS_EINVAL : LMDS_EUNSUPPORTED;
    assert_int_equal(lmds_design_grid(&p, 12, 0, &r), want);
    assert_null(r);
    assert_non_null(strstr(lmds_errmsg(), "MPI"));
    lmds_design_nsga2_opts o;
    lmds_design_nsga2_opts_init(&o);
    r = (lmds_design_result *)&not_a_comm;
    assert_int_equal(lmds_design_nsga2(&p, &o, &r), want);
    assert_null(r);
    assert_int_equal(calls, before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_count),
        cmocka_unit_test(test_grid_front_and_constraint),
        cmocka_unit_test(test_pareto_sort_matches_definition),
        cmocka_unit_test(test_crowding_extremes),
        cmocka_unit_test(test_nsga2_converges_and_is_deterministic),
        cmocka_unit_test(test_bounds_respected),
        cmocka_unit_test(test_failures_ranked_last),
        cmocka_unit_test(test_communicator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
