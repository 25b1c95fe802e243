/* Thermodynamic engine benchmarks; every baseline is measured in the same run, so read the ratios.
 *  1. Equilibria on a Bi-Sn T-x grid and a Bi-Pb-Sn T-x-x grid: the one-shot API (a workspace built and freed per
 *     call) against one workspace per thread (lmds_thermo_ws_*), each on 1 thread and on all threads (OpenMP
 *     over grid points). Failed points are counted.
 *  2. The sequence the prediction pipeline runs per candidate (liquidus, solidus, equilibrium 2 K below the
 *     solidus) on a Bi-Pb-Sn composition grid: one-shot calls against one workspace.
 *  3. Ternary liquidus on the default database: the liquid's chemical potentials from the homogeneous liquid (the
 *     default) against liquid-only equilibria at every trial temperature (the earlier method), on one workspace.
 * Run: build/bench/bench_thermo [TDB with Bi, Pb, Sn; default data/tdb/lmds.tdb] */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lmds.h>
#include "thermo/eq.h"

enum { MAXPTS = 4000 };

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

/* Equilibria on the grid with `threads` threads; use_ws: one workspace per thread. Returns failures. */
static int grid(const lmds_tdb *db, int nc, const int *z, int threads, int use_ws, double *secs, int *npts) {
    static double pts[MAXPTS][4];
    int n = grid_points(nc, pts), fails = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) reduction(+ : fails)
    {
        lmds_thermo_ws *ws = NULL;
        if (use_ws && lmds_thermo_ws_new(db, nc, z, NULL, &ws)) fails += 1000000;
#pragma omp for schedule(dynamic, 4)
        for (int k = 0; k < n; k++) {
            lmds_comp c;
            lmds_comp_from_amounts(nc, z, &pts[k][1], &c);
            lmds_eq_result r;
            lmds_status st = use_ws ? lmds_thermo_ws_equilibrium(ws, &c, pts[k][0], 0, &r)
                                    : lmds_thermo_equilibrium(db, &c, pts[k][0], 0, &r);
            if (st) fails++;
        }
        lmds_thermo_ws_free(ws);
    }
    *secs = omp_get_wtime() - t0;
    *npts = n;
    return fails;
}

static void equilibrium_grids(const lmds_tdb *db, const int *z3, int nth) {
    int zb[2] = {z3[0], z3[2]};
    printf("\n1. Equilibria (eq/s; ratios within this run)\n");
    for (int sys = 0; sys < 2; sys++) {
        int nc = sys ? 3 : 2, n = 0, f[4];
        const int *z = sys ? z3 : zb;
        double t[4];
        for (int m = 0; m < 4; m++) f[m] = grid(db, nc, z, (m & 1) ? nth : 1, m >= 2, &t[m], &n);
        printf("%-8s %4d points  one-shot: 1 thread %7.0f eq/s, %d threads %7.0f eq/s (%.2fx)\n"
               "                     workspace: 1 thread %7.0f eq/s, %d threads %7.0f eq/s (%.2fx); "
               "workspace/one-shot on 1 thread %.2fx; failed %d/%d/%d/%d\n",
               sys ? "Bi-Pb-Sn" : "Bi-Sn", n, n / t[0], nth, n / t[1], t[0] / t[1], n / t[2], nth, n / t[3],
               t[2] / t[3], t[0] / t[2], f[0], f[1], f[2], f[3]);
    }
}

/* The pipeline's per-candidate sequence on nc compositions. Returns seconds; *fails counts failed candidates. */
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

static void pipeline_sequence(const lmds_tdb *db, const int *z) {
    int f0, f1, n = 36;
    double t0 = candidates(db, z, 0, &f0), t1 = candidates(db, z, 1, &f1);
    printf("\n2. Per candidate (liquidus + solidus + equilibrium at solidus - 2 K), Bi-Pb-Sn, %d compositions, 1 thread\n"
           "   one-shot calls %.2f ms, one workspace %.2f ms: %.2fx cheaper; failed %d/%d\n",
           n, 1e3 * t0 / n, 1e3 * t1 / n, t0 / t1, f0, f1);
}

static void ternary_liquidus(int nth) {
    lmds_tdb *def;
    if (lmds_tdb_load_default(&def)) { fprintf(stderr, "%s\n", lmds_errmsg()); return; }
    const char *tern[2][3] = {{"Ga", "In", "Sn"}, {"Bi", "In", "Sn"}};
    printf("\n3. Ternary liquidus on the default database, 2 at.%% grid, one workspace per thread\n");
    for (int s = 0; s < 2; s++) {
        int zt[3];
        for (int k = 0; k < 3; k++) lmds_element_lookup(tern[s][k], &zt[k]);
        enum { NG = 50 };
        static double Tv[3][NG * NG];
        static int idx[NG * NG][2];
        double secs[3];
        int fl[3] = {0, 0, 0}, np = 0;
        for (int i = 1; i < NG; i++)
            for (int j = 1; i + j < NG; j++) { idx[np][0] = i; idx[np][1] = j; np++; }
        for (int mode = 0; mode < 3; mode++) {
            th_liquidus_fast_path = mode != 0;
            double t1 = omp_get_wtime();
            int f = 0;
#pragma omp parallel num_threads(mode == 2 ? nth : 1) reduction(+ : f)
            {
                lmds_thermo_ws *ws = NULL;
                if (lmds_thermo_ws_new(def, 3, zt, NULL, &ws)) f += 1000000;
#pragma omp for schedule(dynamic, 8)
                for (int k = 0; k < np; k++) {
                    double a[3] = {idx[k][0] / (double)NG, idx[k][1] / (double)NG, 1 - (idx[k][0] + idx[k][1]) / (double)NG};
                    lmds_comp c;
                    lmds_comp_from_amounts(3, zt, a, &c);
                    if (lmds_thermo_ws_liquidus(ws, &c, 0, &Tv[mode][k], NULL, 0)) { f++; Tv[mode][k] = 0; }
                }
                lmds_thermo_ws_free(ws);
            }
            secs[mode] = omp_get_wtime() - t1;
            fl[mode] = f;
        }
        th_liquidus_fast_path = 1;
        double maxd = 0;
        for (int k = 0; k < np; k++) maxd = fmax(maxd, fabs(Tv[1][k] - Tv[0][k]));
        printf("%s-%s-%s %d points: liquid-only equilibria %.2f ms/pt, homogeneous-liquid mu %.2f ms/pt (%.1fx), "
               "%d threads %.2f ms/pt (%.2fx); max |dT| %.1e K; failed %d/%d/%d\n", tern[s][0], tern[s][1], tern[s][2],
               np, 1e3 * secs[0] / np, 1e3 * secs[1] / np, secs[0] / secs[1], nth, 1e3 * secs[2] / np,
               secs[1] / secs[2], maxd, fl[0], fl[1], fl[2]);
    }
    lmds_tdb_free(def);
}

int main(int argc, char **argv) {
    lmds_tdb *db;
    lmds_status st = argc > 1 ? lmds_tdb_load(argv[1], &db) : lmds_tdb_load_default(&db);
    if (st) { fprintf(stderr, "%s\n", lmds_errmsg()); return 1; }
    lmds_warnings_clear();
    int z[3];
    lmds_element_lookup("Bi", &z[0]);
    lmds_element_lookup("Pb", &z[1]);
    lmds_element_lookup("Sn", &z[2]);
    int nth = omp_get_max_threads();
    printf("threads available: %d; database %s\n", nth, lmds_tdb_path(db));
    equilibrium_grids(db, z, nth);
    pipeline_sequence(db, z);
    lmds_tdb_free(db);
    ternary_liquidus(nth);
    return 0;
}
