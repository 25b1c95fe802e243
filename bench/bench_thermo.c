/* Equilibria per second on a Bi-Sn T-x grid (NIST solder database) and a Bi-Pb-Sn T-x-x grid, single thread
 * against OpenMP over grid points (the baseline is the same code on one thread, measured in the same run).
 * Also the time of the Bi-Sn liquidus on a 1 at.% grid. Every failed point is counted and reported.
 * Run: build/bench/bench_thermo [tests/fixtures/tdb/nist_solder_agbicupbsbsn_fixed.tdb] */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <lmds.h>
#include "thermo/eq.h"

static int grid(const lmds_tdb *db, int nc, const int *z, int threads, double *secs, int *npts) {
    int fails = 0, n = 0;
    double pts[4000][4];
    for (double T = 300; T <= 700; T += 10)
        for (int i = 1; i < 20; i++) {
            if (nc == 2) {
                pts[n][0] = T; pts[n][1] = 1 - i / 20.0; pts[n][2] = i / 20.0; n++;
            } else {
                for (int j = 1; i + j < 20; j += 3) {
                    pts[n][0] = T; pts[n][1] = i / 20.0; pts[n][2] = j / 20.0; pts[n][3] = 1 - (i + j) / 20.0;
                    if (++n >= 4000) break;
                }
            }
            if (n >= 4000) break;
        }
    double t0 = omp_get_wtime();
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads) reduction(+ : fails)
    for (int k = 0; k < n; k++) {
        lmds_comp c;
        lmds_comp_from_amounts(nc, z, &pts[k][1], &c);
        lmds_eq_result r;
        if (lmds_thermo_equilibrium(db, &c, pts[k][0], 0, &r)) {
            fails++;
            if (threads == 1) fprintf(stderr, "failed at T=%.0f x=%.2f,%.2f: %s\n", pts[k][0], pts[k][1], pts[k][2], lmds_errmsg());
        }
    }
    *secs = omp_get_wtime() - t0;
    *npts = n;
    return fails;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "tests/fixtures/tdb/nist_solder_agbicupbsbsn_fixed.tdb";
    lmds_tdb *db;
    if (lmds_tdb_load(path, &db)) { fprintf(stderr, "%s\n", lmds_errmsg()); return 1; }
    int z[3];
    lmds_element_lookup("Bi", &z[0]);
    lmds_element_lookup("Pb", &z[1]);
    lmds_element_lookup("Sn", &z[2]);
    int zb[2] = {z[0], z[2]};
    int nth = omp_get_max_threads();
    printf("threads available: %d\n", nth);
    for (int sys = 0; sys < 2; sys++) {
        double t1, tn;
        int n, f1 = grid(db, sys ? 3 : 2, sys ? z : zb, 1, &t1, &n);
        int fn = grid(db, sys ? 3 : 2, sys ? z : zb, nth, &tn, &n);
        printf("%-8s %5d points: 1 thread %.1f eq/s (%.3f ms/eq), %d threads %.1f eq/s, speed-up %.2fx, failed %d/%d\n",
               sys ? "Bi-Pb-Sn" : "Bi-Sn", n, n / t1, 1e3 * t1 / n, nth, n / tn, t1 / tn, f1, fn);
    }
    double t0 = omp_get_wtime();
    int fails = 0;
    for (int i = 1; i < 100; i++) {
        double a[2] = {1 - i / 100.0, i / 100.0};
        lmds_comp c;
        lmds_comp_from_amounts(2, zb, a, &c);
        double T;
        if (lmds_thermo_liquidus(db, &c, 0, &T, NULL, 0)) fails++;
    }
    double tl = omp_get_wtime() - t0;
    printf("Bi-Sn liquidus, 99 compositions (1 at.%%): %.3f s (%.2f ms each), failed %d\n", tl, 1e3 * tl / 99, fails);
    lmds_tdb_free(db);

    /* Ternary liquidus on the default database (all lmds binaries: 8 elements, 14 phases): a 2 at.% grid of the
     * Ga-In-Sn and Bi-In-Sn triangles (1176 interior points each), the liquid's chemical potentials from the
     * homogeneous liquid (default) against liquid-only equilibria at every temperature (the earlier method, the
     * baseline), then the default on all threads. Results must agree to 1e-3 K. */
    lmds_tdb *def;
    if (lmds_tdb_load_default(&def)) { fprintf(stderr, "%s\n", lmds_errmsg()); return 1; }
    const char *tern[2][3] = {{"Ga", "In", "Sn"}, {"Bi", "In", "Sn"}};
    for (int s = 0; s < 2; s++) {
        int zt[3];
        for (int k = 0; k < 3; k++) lmds_element_lookup(tern[s][k], &zt[k]);
        enum { NG = 50 };
        static double Tv[3][NG * NG];
        double secs[3];
        int fl[3] = {0, 0, 0}, np = 0;
        for (int mode = 0; mode < 3; mode++) {
            th_liquidus_fast_path = mode != 0;
            int threads = mode == 2 ? nth : 1;
            np = 0;
            int idx[NG * NG][2];
            for (int i = 1; i < NG; i++)
                for (int j = 1; i + j < NG; j++) { idx[np][0] = i; idx[np][1] = j; np++; }
            double t1 = omp_get_wtime();
            int f = 0;
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads) reduction(+ : f)
            for (int k = 0; k < np; k++) {
                double a[3] = {idx[k][0] / (double)NG, idx[k][1] / (double)NG, 1 - (idx[k][0] + idx[k][1]) / (double)NG};
                lmds_comp c;
                lmds_comp_from_amounts(3, zt, a, &c);
                if (lmds_thermo_liquidus(def, &c, 0, &Tv[mode][k], NULL, 0)) { f++; Tv[mode][k] = 0; }
            }
            secs[mode] = omp_get_wtime() - t1;
            fl[mode] = f;
        }
        th_liquidus_fast_path = 1;
        double maxd = 0;
        for (int k = 0; k < np; k++) maxd = fmax(maxd, fabs(Tv[1][k] - Tv[0][k]));
        printf("%s-%s-%s liquidus, %d points (2 at.%%): baseline %.2f ms/pt, homogeneous-liquid mu %.2f ms/pt "
               "(%.1fx), %d threads %.2f ms/pt; max |dT| %.2e K; failed %d/%d/%d\n", tern[s][0], tern[s][1], tern[s][2], np,
               1e3 * secs[0] / np, 1e3 * secs[1] / np, secs[0] / secs[1], nth, 1e3 * secs[2] / np, maxd, fl[0], fl[1], fl[2]);
    }
    lmds_tdb_free(def);
    return 0;
}
