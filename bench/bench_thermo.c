/* Equilibria per second on a Bi-Sn T-x grid (NIST solder database) and a Bi-Pb-Sn T-x-x grid, single thread
 * against OpenMP over grid points (the baseline is the same code on one thread, measured in the same run).
 * Also the time of the Bi-Sn liquidus on a 1 at.% grid. Every failed point is counted and reported.
 * Run: build/bench/bench_thermo [path/to/shared/data/tdb/nist_solder_agbicupbsbsn_fixed.tdb] */
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <lmds.h>

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
    const char *path = argc > 1 ? argv[1] : "../shared/data/tdb/nist_solder_agbicupbsbsn_fixed.tdb";
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
    return 0;
}
