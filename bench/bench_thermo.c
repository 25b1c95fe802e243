/* Thermodynamic engine benchmarks; every baseline is measured in the same run, so read the ratios.
 *  1. Equilibria on a Bi-Sn T-x grid and a Bi-Pb-Sn T-x-x grid: the one-shot API (a workspace built and freed per
 *     call) against one workspace per thread (lmds_thermo_ws_*), each on 1 thread and on all threads (OpenMP
 *     over grid points). Failed points are counted.
 *  2. The sequence the prediction pipeline runs per candidate (liquidus, solidus, equilibrium 2 K below the
 *     solidus) on a Bi-Pb-Sn composition grid: one-shot calls against one workspace.
 *  3. Ternary liquidus on the default database: the liquid's chemical potentials from the homogeneous liquid (the
 *     default) against liquid-only equilibria at every trial temperature (the earlier method), on one workspace;
 *     then the default method on 1 thread against all threads.
 *
 * Thread scaling on a shared machine: every 1-thread run is paired with an all-thread run right after it, --reps
 * times, and the median of the pairs' ratios is reported with their range. Two load-independent figures go with
 * it: a compute-only probe (independent sums of logarithms, no shared data) timed the same way, which shows how
 * many cores the machine actually gave the run; and the threads' own CPU time (CLOCK_THREAD_CPUTIME_ID), whose
 * ratio "CPU time on 1 thread / largest per-thread CPU time on n threads" is the speed-up the code reaches when
 * every thread has a core to itself (it exposes extra work, serial sections and imbalance, not other users).
 *
 * Run: build/bench/bench_thermo [--reps N] [--only 1|2|3] [TDB with Bi, Pb, Sn; default data/tdb/lmds.tdb] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lmds.h>
#include "thermo/eq.h"

enum { MAXPTS = 4000, MAXREPS = 25, MAXTH = 64 };

static double thread_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One timed parallel run: wall time, and the sum and maximum of the threads' CPU times. */
typedef struct run_time {
    double wall, cpu_sum, cpu_max;
} run_time;

static void run_time_of(run_time *r, double wall, const double *cpu, int nth) {
    r->wall = wall;
    r->cpu_sum = r->cpu_max = 0;
    for (int t = 0; t < nth; t++) {
        r->cpu_sum += cpu[t];
        r->cpu_max = fmax(r->cpu_max, cpu[t]);
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n) {
    double s[MAXREPS];
    if (n > MAXREPS) n = MAXREPS;
    memcpy(s, v, sizeof(double) * (size_t)n);
    qsort(s, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

static double vmin(const double *v, int n) {
    double m = v[0];
    for (int i = 1; i < n; i++) m = fmin(m, v[i]);
    return m;
}

static double vmax(const double *v, int n) {
    double m = v[0];
    for (int i = 1; i < n; i++) m = fmax(m, v[i]);
    return m;
}

/* Compute-only probe: the same amount of independent arithmetic split over nth threads. Its 1/nth-thread time
 * ratio is the parallelism the machine granted at that moment (2.00 = two free cores). */
static double probe(int nth) {
    enum { N = 24000000 };
    double t0 = omp_get_wtime(), s = 0;
#pragma omp parallel for num_threads(nth) schedule(static) reduction(+ : s)
    for (int i = 0; i < N; i++) s += log(1.0 + 1e-7 * i);
    double t = omp_get_wtime() - t0;
    if (!(s > 0)) fprintf(stderr, "probe: unexpected sum\n");
    return t;
}

/* Paired 1-thread / nth-thread runs of a timed kernel, reps times, with the probe beside each pair. */
typedef run_time (*kernel_fn)(void *ctx, int nth);

typedef struct scaling {
    int reps;
    double t1[MAXREPS], tn[MAXREPS], ratio[MAXREPS], cpu_bound[MAXREPS], work[MAXREPS], probe[MAXREPS];
} scaling;

static void measure_scaling(kernel_fn k, void *ctx, int nth, int reps, scaling *s) {
    s->reps = reps;
    for (int r = 0; r < reps; r++) {
        run_time a = k(ctx, 1), b = k(ctx, nth);
        s->t1[r] = a.wall;
        s->tn[r] = b.wall;
        s->ratio[r] = a.wall / b.wall;
        s->cpu_bound[r] = a.cpu_sum / b.cpu_max;
        s->work[r] = b.cpu_sum / a.cpu_sum;
        s->probe[r] = probe(1) / probe(nth);
    }
}

static void print_scaling(const char *indent, int nth, const scaling *s) {
    int n = s->reps;
    printf("%s%d threads vs 1, %d paired runs: speed-up median %.2fx (range %.2f-%.2f); compute probe median %.2fx "
           "(range %.2f-%.2f);\n%sfrom the threads' CPU time: %.2fx (median; CPU time on %d threads / on 1 thread "
           "%.3f)\n", indent, nth, n, median(s->ratio, n), vmin(s->ratio, n), vmax(s->ratio, n), median(s->probe, n),
           vmin(s->probe, n), vmax(s->probe, n), indent, median(s->cpu_bound, n), nth, median(s->work, n));
    printf("%seach pair, speed-up/probe:", indent);
    for (int r = 0; r < n; r++) printf(" %.2f/%.2f", s->ratio[r], s->probe[r]);
    printf("\n");
}

/* One calculation per point k on a workspace of the system (NULL when the loop runs one-shot calls); 1 = failed. */
typedef int (*point_fn)(void *ctx, lmds_thermo_ws *ws, int k);

/* n points on nth threads (OpenMP, dynamic chunks), one workspace per thread unless use_ws is 0; *fails counts
 * failed points (1000000 per workspace that could not be made). */
static run_time timed_points(const lmds_tdb *db, int nc, const int *z, int use_ws, int n, int chunk, int nth,
                             point_fn fn, void *ctx, int *fails) {
    double cpu[MAXTH] = {0}, t0 = omp_get_wtime();
    int f = 0;
#pragma omp parallel num_threads(nth) reduction(+ : f)
    {
        double c0 = thread_cpu();
        lmds_thermo_ws *ws = NULL;
        if (use_ws && lmds_thermo_ws_new(db, nc, z, NULL, &ws)) f += 1000000;
#pragma omp for schedule(dynamic, chunk)
        for (int k = 0; k < n; k++) f += fn(ctx, ws, k);
        lmds_thermo_ws_free(ws);
        cpu[omp_get_thread_num()] = thread_cpu() - c0;
    }
    run_time r;
    run_time_of(&r, omp_get_wtime() - t0, cpu, nth);
    *fails = f;
    return r;
}

/* ---------- 1. equilibrium grids ---------- */

static int grid_points(int nc, double pts[][4]) {
    int n = 0;
    for (double T = 300; T <= 700; T += 10)
        for (int i = 1; i < 20 && n < MAXPTS; i++) {
            if (nc == 2) {
                pts[n][0] = T; pts[n][1] = 1 - i / 20.0; pts[n][2] = i / 20.0; n++;
                continue;
            }
            for (int j = 1; i + j < 20 && n < MAXPTS; j += 3) {
                pts[n][0] = T; pts[n][1] = i / 20.0; pts[n][2] = j / 20.0; pts[n][3] = 1 - (i + j) / 20.0;
                n++;
            }
        }
    return n;
}

typedef struct eq_grid {
    const lmds_tdb *db;
    int nc;
    const int *z;
    int use_ws;      /* one workspace per thread; 0: one-shot calls */
    int n;
    double pts[MAXPTS][4];
    int fails;       /* failures of the last run */
} eq_grid;

static int eq_point(void *ctx, lmds_thermo_ws *ws, int k) {
    const eq_grid *g = ctx;
    lmds_comp c;
    lmds_comp_from_amounts(g->nc, g->z, &g->pts[k][1], &c);
    lmds_eq_result r;
    lmds_status st = ws ? lmds_thermo_ws_equilibrium(ws, &c, g->pts[k][0], 0, &r)
                        : lmds_thermo_equilibrium(g->db, &c, g->pts[k][0], 0, &r);
    return st != LMDS_OK;
}

/* Equilibria on the grid; use_ws: one workspace per thread. */
static run_time eq_grid_run(void *ctx, int nth) {
    eq_grid *g = ctx;
    return timed_points(g->db, g->nc, g->z, g->use_ws, g->n, 4, nth, eq_point, g, &g->fails);
}

static void equilibrium_grids(const lmds_tdb *db, const int *z3, int nth, int reps) {
    static eq_grid g;
    int zb[2] = {z3[0], z3[2]};
    printf("\n1. Equilibria (eq/s from the medians; ratios within this run)\n");
    for (int sys = 0; sys < 2; sys++) {
        g.db = db;
        g.nc = sys ? 3 : 2;
        g.z = sys ? z3 : zb;
        g.n = grid_points(g.nc, g.pts);
        scaling s[2];
        int fails = 0;
        for (int ws = 0; ws < 2; ws++) {
            g.use_ws = ws;
            measure_scaling(eq_grid_run, &g, nth, reps, &s[ws]);
            fails += g.fails;
        }
        double one_shot = median(s[0].t1, reps), ws1 = median(s[1].t1, reps);
        printf("%s %d points, failed %d (last runs)\n", sys ? "Bi-Pb-Sn" : "Bi-Sn", g.n, fails);
        printf("  one-shot calls: 1 thread %.0f eq/s, %d threads %.0f eq/s\n", g.n / one_shot, nth,
               g.n / median(s[0].tn, reps));
        print_scaling("    ", nth, &s[0]);
        printf("  one workspace per thread: 1 thread %.0f eq/s, %d threads %.0f eq/s; workspace / one-shot on "
               "1 thread %.2fx\n", g.n / ws1, nth, g.n / median(s[1].tn, reps), one_shot / ws1);
        print_scaling("    ", nth, &s[1]);
    }
}

/* ---------- 2. the pipeline's per-candidate sequence ---------- */

/* The pipeline's per-candidate sequence on 36 compositions. Returns seconds; *fails counts failed candidates. */
static double candidates(const lmds_tdb *db, const int *z, int use_ws, int *fails) {
    lmds_thermo_ws *ws = NULL;
    if (use_ws && lmds_thermo_ws_new(db, 3, z, NULL, &ws)) { *fails = -1; return 0; }
    *fails = 0;
    double t0 = omp_get_wtime();
    for (int i = 1; i < 10; i++)
        for (int j = 1; i + j < 10; j++) {
            double a[3] = {i / 10.0, j / 10.0, 1 - (i + j) / 10.0}, Tl, Ts;
            lmds_comp c;
            lmds_comp_from_amounts(3, z, a, &c);
            lmds_eq_result r;
            char prim[32];
            lmds_status st = use_ws ? lmds_thermo_ws_liquidus(ws, &c, 0, &Tl, prim, sizeof prim)
                                    : lmds_thermo_liquidus(db, &c, 0, &Tl, prim, sizeof prim);
            if (!st) st = use_ws ? lmds_thermo_ws_solidus(ws, &c, 0, &Ts) : lmds_thermo_solidus(db, &c, 0, &Ts);
            if (!st) st = use_ws ? lmds_thermo_ws_equilibrium(ws, &c, Ts - 2, 0, &r)
                                 : lmds_thermo_equilibrium(db, &c, Ts - 2, 0, &r);
            *fails += st != LMDS_OK;
        }
    double t = omp_get_wtime() - t0;
    lmds_thermo_ws_free(ws);
    return t;
}

static void pipeline_sequence(const lmds_tdb *db, const int *z, int reps) {
    int f0 = 0, f1 = 0, n = 36;
    double t0[MAXREPS] = {0}, t1[MAXREPS] = {0}, ratio[MAXREPS] = {0};
    for (int r = 0; r < reps; r++) {
        t0[r] = candidates(db, z, 0, &f0);
        t1[r] = candidates(db, z, 1, &f1);
        ratio[r] = t0[r] / t1[r];
    }
    printf("\n2. Per candidate (liquidus + solidus + equilibrium at solidus - 2 K), Bi-Pb-Sn, %d compositions, 1 thread,"
           " %d paired runs\n   one-shot calls %.2f ms, one workspace %.2f ms (medians): %.2fx cheaper (median of "
           "pairs; range %.2f-%.2f); failed %d/%d\n", n, reps, 1e3 * median(t0, reps) / n, 1e3 * median(t1, reps) / n,
           median(ratio, reps), vmin(ratio, reps), vmax(ratio, reps), f0, f1);
}

/* ---------- 3. ternary liquidus ---------- */

enum { NG = 50 };

typedef struct liq_grid {
    const lmds_tdb *db;
    int z[3];
    int np;
    int idx[NG * NG][2];
    double *T;        /* results of the last run (np) */
    int fails;
} liq_grid;

static int liq_point(void *ctx, lmds_thermo_ws *ws, int k) {
    liq_grid *g = ctx;
    double a[3] = {g->idx[k][0] / (double)NG, g->idx[k][1] / (double)NG,
                   1 - (g->idx[k][0] + g->idx[k][1]) / (double)NG};
    lmds_comp c;
    lmds_comp_from_amounts(3, g->z, a, &c);
    if (ws && lmds_thermo_ws_liquidus(ws, &c, 0, &g->T[k], NULL, 0) == LMDS_OK) return 0;
    g->T[k] = 0;
    return 1;
}

/* Liquidus temperatures of every interior point of the 2 at.% grid, one workspace per thread. */
static run_time liq_grid_run(void *ctx, int nth) {
    liq_grid *g = ctx;
    return timed_points(g->db, 3, g->z, 1, g->np, 8, nth, liq_point, g, &g->fails);
}

static void ternary_liquidus(int nth, int reps) {
    lmds_tdb *def;
    if (lmds_tdb_load_default(&def)) { fprintf(stderr, "%s\n", lmds_errmsg()); return; }
    const char *tern[2][3] = {{"Ga", "In", "Sn"}, {"Bi", "In", "Sn"}};
    static liq_grid g;
    static double Tslow[NG * NG], Tfast[NG * NG], Tpar[NG * NG];
    printf("\n3. Ternary liquidus on the default database, 2 at.%% grid, one workspace per thread\n");
    for (int s = 0; s < 2; s++) {
        g.db = def;
        g.np = 0;
        for (int k = 0; k < 3; k++) lmds_element_lookup(tern[s][k], &g.z[k]);
        for (int i = 1; i < NG; i++)
            for (int j = 1; i + j < NG; j++) { g.idx[g.np][0] = i; g.idx[g.np][1] = j; g.np++; }
        th_liquidus_fast_path = 0;
        g.T = Tslow;
        double slow = liq_grid_run(&g, 1).wall;
        int fslow = g.fails;
        th_liquidus_fast_path = 1;
        g.T = Tfast;
        double fast = liq_grid_run(&g, 1).wall;
        int ffast = g.fails;
        g.T = Tpar;
        scaling sc;
        measure_scaling(liq_grid_run, &g, nth, reps, &sc); /* the last run is on nth threads: Tpar */
        double maxd = 0;
        int same = 1;
        for (int k = 0; k < g.np; k++) {
            maxd = fmax(maxd, fabs(Tfast[k] - Tslow[k]));
            same &= memcmp(&Tfast[k], &Tpar[k], sizeof(double)) == 0;
        }
        printf("%s-%s-%s %d points: liquid-only equilibria %.2f ms/pt, homogeneous-liquid mu %.2f ms/pt (%.1fx, "
               "max |dT| %.1e K); failed %d/%d/%d\n", tern[s][0], tern[s][1], tern[s][2], g.np, 1e3 * slow / g.np,
               1e3 * fast / g.np, slow / fast, maxd, fslow, ffast, g.fails);
        printf("  homogeneous-liquid mu: 1 thread %.2f ms/pt, %d threads %.2f ms/pt (medians); %d threads give "
               "%s temperatures\n", 1e3 * median(sc.t1, reps) / g.np, nth, 1e3 * median(sc.tn, reps) / g.np, nth,
               same ? "bit-identical" : "DIFFERENT");
        print_scaling("    ", nth, &sc);
    }
    lmds_tdb_free(def);
}

int main(int argc, char **argv) {
    int reps = 5, only = 0;
    const char *tdb = NULL;
    setvbuf(stdout, NULL, _IOLBF, 0); /* progress visible when redirected to a file */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = atoi(argv[++i]);
        else tdb = argv[i];
    }
    if (reps < 1 || reps > MAXREPS || only < 0 || only > 3) {
        fprintf(stderr, "usage: bench_thermo [--reps 1-%d] [--only 1|2|3] [TDB]\n", MAXREPS);
        return 2;
    }
    lmds_tdb *db;
    lmds_status st = tdb ? lmds_tdb_load(tdb, &db) : lmds_tdb_load_default(&db);
    if (st) { fprintf(stderr, "%s\n", lmds_errmsg()); return 1; }
    lmds_warnings_clear();
    int z[3];
    lmds_element_lookup("Bi", &z[0]);
    lmds_element_lookup("Pb", &z[1]);
    lmds_element_lookup("Sn", &z[2]);
    int nth = omp_get_max_threads();
    if (nth > MAXTH) nth = MAXTH;
    printf("threads available: %d; database %s; %d paired runs per scaling figure\n", nth, lmds_tdb_path(db), reps);
    if (!only || only == 1) equilibrium_grids(db, z, nth, reps);
    if (!only || only == 2) pipeline_sequence(db, z, reps);
    lmds_tdb_free(db);
    if (!only || only == 3) ternary_liquidus(nth, reps);
    return 0;
}
