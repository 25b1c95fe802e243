/* Benchmark of the tunnel model: Tc(P) by Brent root finding (lmds_tunnel_tc_find) against a baseline that scans
 * T in steps of 0.05 K and bisects the last step (a simple, robust, slower method), measured in the same run; and
 * the time of a full score. Run: build/bench/bench_tunnel (LMDS_DATA_DIR=data). */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <lmds.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Baseline: scan then bisect to the same 1e-9 K tolerance. */
static double tc_scan(const lmds_tunnel_material *m, double d_sc, double P)
{
    double d, lo = 0, hi = 0;
    for (double T = 0.05; T < 3000; T += 0.05) {
        lmds_tunnel_spacing(m, P, T, &d);
        if (d > d_sc) {
            hi = T;
            lo = T - 0.05;
            break;
        }
    }
    while (hi - lo > 1e-9) {
        double mid = 0.5 * (lo + hi);
        lmds_tunnel_spacing(m, P, mid, &d);
        if (d > d_sc)
            hi = mid;
        else
            lo = mid;
    }
    return 0.5 * (lo + hi);
}

int main(void)
{
    lmds_tunnel_material m;
    if (lmds_tunnel_material_load(NULL, "Pb", &m)) {
        fprintf(stderr, "bench_tunnel: %s\n", lmds_errmsg());
        return 1;
    }
    double d_sc;
    lmds_tunnel_dsc_from_tc(&m, 7.2, &d_sc);
    const int n = 20;
    double t0 = now(), s1 = 0, s2 = 0, maxdiff = 0;
    for (int i = 0; i < n; i++) {
        lmds_tunnel_tc_result r;
        if (lmds_tunnel_tc_find(&m, d_sc, 0.02 * i / (n - 1), 3000, &r)) {
            fprintf(stderr, "bench_tunnel: %s\n", lmds_errmsg());
            return 1;
        }
        s1 += r.tc;
    }
    double t_brent = now() - t0;
    t0 = now();
    for (int i = 0; i < n; i++)
        s2 += tc_scan(&m, d_sc, 0.02 * i / (n - 1));
    double t_scan = now() - t0;
    maxdiff = fabs(s1 - s2) / n;
    t0 = now();
    lmds_tunnel_score *s = NULL;
    if (lmds_tunnel_score_run(NULL, NULL, &s)) {
        fprintf(stderr, "bench_tunnel: %s\n", lmds_errmsg());
        return 1;
    }
    double t_score = now() - t0;
    lmds_tunnel_score_free(s);
    printf("Tc(P) of Pb, %d pressures 0-0.02 GPa: Brent %.4f s, scan+bisect baseline %.4f s, speed-up %.1fx "
           "(mean |difference| %.2g K)\n", n, t_brent, t_scan, t_scan / t_brent, maxdiff);
    printf("full score (%s): %.4f s\n", "data/pressure", t_score);
    return 0;
}
