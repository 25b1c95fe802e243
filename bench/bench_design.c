/* Benchmark of the design module: per-candidate cost of the search machinery (trivial evaluator) and of the real
 * pipeline (thermo + genome + learned model), OpenMP scaling 1 vs 2 threads, and MPI scaling when run under
 * mpirun (each rank reports the same wall time; rank 0 prints).
 *
 *   build/bench/bench_design [--elements Ga,In,Sn] [--step 5] [--reps 3]
 *   OMP_NUM_THREADS=1 mpirun -n 1 build/bench/bench_design --mpi [--default]
 *   OMP_NUM_THREADS=1 mpirun -n 2 build/bench/bench_design --mpi [--default]
 * --default: the default question of `lmds design` (lmds_design_spec_init: 7 elements, up to 3 components, 2 at.%
 * grid, 3 routes, printing screen at 60 C) instead of the element pool without a liquidus limit.
 * --reuse-only: only part 4, the thermodynamic workspaces: the same searches (1 thread) with a predictor that
 * reuses each thread's workspace of a system (the default) and one made with lmds_predictor_opts.thermo_one_shot
 * (every liquidus, solidus, equilibrium and Scheil call rebuilds the system's phase sampling), interleaved in one
 * run; per-candidate times and their ratio, and whether both gave the same answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <lmds.h>

#include "cli/cli_mpi.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
#else
    (void)n;
#endif
}

/* A trivial evaluator: the cost of the machinery alone (grid, scheduling, ranking). */
static lmds_status eval_trivial(void *ctx, int thread, const double *x, double *f, double *aux, double *v)
{
    (void)ctx;
    (void)thread;
    (void)aux;
    f[0] = x[0];
    f[1] = 1.0 - sqrt(x[0]) + x[2];
    *v = 0.0;
    return LMDS_OK;
}

/* How many cores the machine gives us right now: a compute-bound loop, 1 thread with work W, then 2 threads
 * with work W each. On two free cores both take the same time (returns 2.0); when another process holds a core,
 * it approaches 1. Printed next to the scaling numbers so that a contaminated measurement shows itself. */
static double available_parallelism(void)
{
    const long W = 40000000;
    volatile double sink = 0.0;
    double t0 = now();
    double acc = 0.0;
    for (long i = 1; i <= W; i++)
        acc += 1.0 / (double)i;
    sink += acc;
    double t1 = now() - t0;
    t0 = now();
#pragma omp parallel num_threads(2) reduction(+ : acc)
    {
        double a = 0.0;
        for (long i = 1; i <= W; i++)
            a += 1.0 / (double)i;
        acc += a;
    }
    sink += acc;
    double t2 = now() - t0;
    (void)sink;
    return 2.0 * t1 / t2;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double stat_min(const double *v, int n)
{
    double m = INFINITY;
    for (int i = 0; i < n; i++)
        m = fmin(m, v[i]);
    return m;
}

static double stat_median(const double *v, int n)
{
    double w[64];
    for (int i = 0; i < n; i++)
        w[i] = v[i];
    qsort(w, (size_t)n, sizeof w[0], cmp_double);
    return n % 2 ? w[n / 2] : 0.5 * (w[n / 2 - 1] + w[n / 2]);
}

static int same_double(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Candidates of two outcomes that differ (composition, Tc, liquidus, solidus, Tc by route), compared exactly;
 * -1 when the numbers of candidates differ. */
static long outcome_differences(const lmds_design_outcome *a, const lmds_design_outcome *b)
{
    if (a->ncandidates != b->ncandidates)
        return -1;
    long nd = 0;
    for (long i = 0; i < a->ncandidates; i++) {
        const lmds_design_candidate *x = &a->candidates[i], *y = &b->candidates[i];
        int same = x->comp.n == y->comp.n && same_double(x->tc_K, y->tc_K) &&
                   same_double(x->T_liquidus_K, y->T_liquidus_K) && same_double(x->T_solidus_K, y->T_solidus_K);
        for (int k = 0; same && k < x->comp.n; k++)
            same = x->comp.z[k] == y->comp.z[k] && x->comp.x[k] == y->comp.x[k];
        for (int k = 0; same && k < LMDS_DESIGN_MAX_ROUTES; k++)
            same = same_double(x->tc_route_K[k], y->tc_route_K[k]);
        nd += !same;
    }
    return nd;
}

static lmds_design_outcome *run_outcome(lmds_predictor *p, const lmds_design_spec *s, double *dt)
{
    lmds_design_outcome *o = NULL;
    double t0 = now();
    lmds_status st = lmds_design_run(p, s, NULL, NULL, &o);
    *dt = now() - t0;
    if (st != LMDS_OK) {
        fprintf(stderr, "design run failed: %s\n", lmds_errmsg());
        exit(1);
    }
    return o;
}

/* 4. One search, 1 thread: workspaces reused (predictor p) against one-shot calls (predictor q), interleaved
 * after an untimed run of each that also checks both give the same outcome. */
static void compare_reuse(lmds_predictor *p, lmds_predictor *q, const lmds_design_spec *s, const char *what,
                          int reps)
{
    double tw[64], to[64], dt;
    set_threads(1);
    lmds_design_outcome *ow = run_outcome(p, s, &dt), *oo = run_outcome(q, s, &dt);
    long nev = ow->nevaluations, nd = outcome_differences(ow, oo);
    lmds_design_outcome_free(ow);
    lmds_design_outcome_free(oo);
    for (int r = 0; r < reps; r++) {
        lmds_design_outcome_free(run_outcome(q, s, &to[r]));
        lmds_design_outcome_free(run_outcome(p, s, &tw[r]));
    }
    double a = stat_min(to, reps), b = stat_min(tw, reps), ma = stat_median(to, reps), mb = stat_median(tw, reps);
    printf("%s, 1 thread, %ld candidates: one-shot thermo min %.3f ms/candidate (median %.3f), workspaces min %.3f "
           "ms/candidate (median %.3f); one-shot / workspaces %.2fx (min) %.2fx (median); candidates that differ: "
           "%ld\n", what, nev, 1e3 * a / nev, 1e3 * ma / nev, 1e3 * b / nev, 1e3 * mb / nev, a / b, ma / mb, nd);
}

static double run_design(lmds_predictor *p, const lmds_design_spec *s, long *nevals, long *nfeas)
{
    lmds_design_outcome *o = NULL;
    double t0 = now();
    lmds_status st = lmds_design_run(p, s, NULL, NULL, &o);
    double dt = now() - t0;
    if (st != LMDS_OK) {
        fprintf(stderr, "design run failed: %s\n", lmds_errmsg());
        exit(1);
    }
    *nevals = o->nevaluations;
    *nfeas = o->nfeasible;
    lmds_design_outcome_free(o);
    return dt;
}

typedef struct bench_args {
    const char *elements;
    double step;
    int reps, mpi, def, reuse_only;
    int maxthreads; /* the threads OpenMP offers at the start (the parts below change the count) */
} bench_args;

static void args_parse(int argc, char **argv, bench_args *b)
{
    *b = (bench_args){"Ga,In,Sn", 5, 3, 0, 0, 0, 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--elements") && i + 1 < argc)
            b->elements = argv[++i];
        else if (!strcmp(argv[i], "--step") && i + 1 < argc)
            b->step = atof(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            b->reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mpi"))
            b->mpi = 1;
        else if (!strcmp(argv[i], "--default"))
            b->def = 1;
        else if (!strcmp(argv[i], "--reuse-only"))
            b->reuse_only = 1;
    }
}

/* The element-pool question: every candidate of the pool's grid through the whole pipeline, bulk only. */
static void spec_pool(const bench_args *b, lmds_design_spec *s)
{
    lmds_design_spec_init(s);
    s->nelements = 0;
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", b->elements);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        lmds_element_lookup(t, &s->z[s->nelements++]);
    s->grid_divisions = (int)lround(100.0 / b->step);
    s->max_liquidus_K = INFINITY; /* every candidate goes through the whole pipeline */
    s->min_tc_K = 0.0;
    s->nroutes = 1;
}

/* MPI scaling: the same problem on `size` ranks; compare the time printed by -n 1 and -n 2. */
static void bench_mpi(lmds_predictor *p, const lmds_design_spec *s, const bench_args *b, const cli_mpi *world)
{
    long nev = 0, nfe = 0;
    double best = INFINITY;
    run_design(p, s, &nev, &nfe); /* warm-up, untimed */
    for (int r = 0; r < b->reps; r++) {
        double t = run_design(p, s, &nev, &nfe);
        best = fmin(best, t);
    }
    if (world->rank == 0)
        printf("mpi ranks %d, threads/rank %d (%s): %ld candidates in %.3f s (%.3f ms/candidate wall), %ld "
               "feasible\n", world->size, lmds_design_threads(), b->def ? "default question" : b->elements, nev,
               best, 1e3 * best / nev, nfe);
}

/* 4. Workspaces reused against one-shot thermodynamics, on the pool's question and the default one. */
static int bench_reuse(lmds_predictor *p, const lmds_design_spec *s, const lmds_design_spec *sd, const bench_args *b)
{
    lmds_predictor_opts qo = {0};
    qo.thermo_one_shot = 1;
    lmds_predictor *q = NULL;
    if (lmds_predictor_new(&qo, &q) != LMDS_OK) {
        fprintf(stderr, "predictor: %s\n", lmds_errmsg());
        return 1;
    }
    char what[300];
    snprintf(what, sizeof what, "thermo workspaces, pipeline (%s, step %g at.%%, no liquidus limit)", b->elements,
             b->step);
    compare_reuse(p, q, s, what, b->reps);
    compare_reuse(p, q, sd, "thermo workspaces, default question", b->reps);
    lmds_predictor_free(q);
    return 0;
}

/* 1. The machinery alone: seconds per candidate of a ternary grid with the trivial evaluator, 1 thread. */
static double bench_machinery(void)
{
    lmds_design_problem prob;
    lmds_design_problem_init(&prob, 3, 2, eval_trivial, NULL);
    set_threads(1);
    lmds_design_result *res = NULL;
    double t0 = now();
    lmds_design_grid(&prob, 200, 0, &res);
    double tm = now() - t0;
    printf("machinery: %ld grid points (ternary, 0.5 at.%%) evaluated + Pareto-ranked in %.4f s: %.2f us/candidate\n",
           res->n, tm, 1e6 * tm / res->n);
    long nmach = res->n;
    lmds_design_result_free(res);
    return tm / nmach;
}

/* Min and median of the times of one question on 1 thread (t1) and, where there are two, 2 threads (t2). */
static void print_scaling(const char *what, const double *t1, const double *t2, int reps, int two)
{
    if (!two)
        return;
    double a = stat_min(t1, reps), m1 = stat_median(t1, reps), b = stat_min(t2, reps), m2 = stat_median(t2, reps);
    printf("%s, 2 threads: min %.3f s, median %.3f s; speed-up %.2fx (min) %.2fx (median), ideal 2\n", what, b, m2,
           a / b, m1 / m2);
}

/* 2. The real pipeline and 3. the default question (the README's main job): 1 and 2 threads, the runs interleaved
 * (1, 2, 1, 2, ...) after an untimed warm-up, so that drifts of this shared machine hit both alike; min and median
 * of the reps. */
static void bench_pipeline(lmds_predictor *p, const lmds_design_spec *s, const lmds_design_spec *sd,
                           const bench_args *b, double machinery_per_candidate)
{
    double a1[64], a2[64], b1[64], b2[64];
    long nev = 0, nfe = 0, nev2 = 0, nfe2 = 0;
    int reps = b->reps, maxthreads = b->maxthreads;
    set_threads(maxthreads);
    run_design(p, s, &nev, &nfe);
    run_design(p, sd, &nev2, &nfe2);
    for (int r = 0; r < reps; r++) {
        set_threads(1);
        a1[r] = run_design(p, s, &nev, &nfe);
        b1[r] = run_design(p, sd, &nev2, &nfe2);
        if (maxthreads >= 2) {
            set_threads(2);
            a2[r] = run_design(p, s, &nev, &nfe);
            b2[r] = run_design(p, sd, &nev2, &nfe2);
        }
    }
    double t1 = stat_min(a1, reps), m1 = stat_median(a1, reps);
    printf("pipeline (%s, step %g at.%%, bulk, no liquidus limit): %ld candidates; 1 thread min %.3f s "
           "(%.3f ms/candidate), median %.3f s\n", b->elements, b->step, nev, t1, 1e3 * t1 / nev, m1);
    print_scaling("pipeline", a1, a2, reps, maxthreads >= 2);
    printf("ratio pipeline / machinery per candidate: %.0fx\n", (t1 / nev) / machinery_per_candidate);
    double d1 = stat_min(b1, reps), e1 = stat_median(b1, reps);
    printf("default question: %ld candidates (%ld feasible); 1 thread min %.3f s (%.3f ms/candidate), median "
           "%.3f s\n", nev2, nfe2, d1, 1e3 * d1 / nev2, e1);
    print_scaling("default question", b1, b2, reps, maxthreads >= 2);
}

int main(int argc, char **argv)
{
    bench_args b;
    args_parse(argc, argv, &b);
    cli_mpi world;
    if (cli_mpi_start(&argc, &argv, &world) != LMDS_OK) {
        fprintf(stderr, "%s\n", lmds_errmsg());
        return 1;
    }
    b.maxthreads = lmds_design_threads();
    lmds_design_spec s, sd; /* the pool's question, the default question */
    spec_pool(&b, &s);
    lmds_design_spec_init(&sd);
    if (b.def)
        s = sd;
    s.mpi_comm = world.comm;
    lmds_predictor *p = NULL;
    if (lmds_predictor_new(NULL, &p) != LMDS_OK) {
        fprintf(stderr, "predictor: %s\n", lmds_errmsg());
        return 1;
    }
    int rc = 0;
    if (b.mpi) {
        bench_mpi(p, &s, &b, &world);
    } else {
        b.reps = b.reps > 64 ? 64 : b.reps < 1 ? 1 : b.reps;
        rc = bench_reuse(p, &s, &sd, &b);
        if (rc == 0 && !b.reuse_only) {
            printf("available parallelism before: %.2f cores (2.00 = two free cores)\n", available_parallelism());
            double per = bench_machinery();
            bench_pipeline(p, &s, &sd, &b, per);
            printf("available parallelism after: %.2f cores\n", available_parallelism());
        }
    }
    lmds_predictor_free(p);
    if (rc == 0)
        cli_mpi_end(&world);
    return rc;
}
