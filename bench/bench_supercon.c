/* Benchmark of the Eliashberg solver: Tc of Pb and Nb at Matsubara cutoffs of 10x and 50x omega_max, and a
 * 100-temperature gap curve, with the FFT convolution against the direct O(N^2) sums in the same run.
 * Usage: bench_supercon [data-dir]   (default: $LMDS_DATA_DIR or the source tree's data/) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lmds.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double time_tc(const lmds_a2f *a, double cutoff, lmds_eliash_algorithm alg, double *tc, size_t *n)
{
    lmds_eliash_opts o;
    lmds_eliash_opts_init(&o);
    o.mu_star = 0.10;
    o.cutoff_factor = cutoff;
    o.check_convergence = 0;
    o.algorithm = alg;
    lmds_eliash_tc_result r;
    double best = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        if (lmds_eliash_tc(a, &o, &r) != LMDS_OK) {
            fprintf(stderr, "bench: %s\n", lmds_errmsg());
            exit(1);
        }
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    *tc = r.tc;
    *n = r.n_matsubara;
    return best;
}

static double time_curve(const lmds_a2f *a, lmds_eliash_algorithm alg, double *ratio)
{
    lmds_eliash_opts o;
    lmds_eliash_opts_init(&o);
    o.mu_star = 0.10;
    o.algorithm = alg;
    lmds_eliash_curve *c = NULL;
    double t0 = now();
    if (lmds_eliash_curve_compute(a, &o, 100, &c) != LMDS_OK) {
        fprintf(stderr, "bench: %s\n", lmds_errmsg());
        exit(1);
    }
    double dt = now() - t0;
    *ratio = c->gap_ratio;
    lmds_eliash_curve_free(c);
    return dt;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : lmds_data_dir();
    const char *mats[] = {"Pb", "Nb", "Al"}; /* Al: low Tc, many Matsubara frequencies */
    printf("| material | cutoff | N (at Tc) | Tc FFT (K) | Tc direct (K) | FFT (ms) | direct (ms) | direct/FFT |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    lmds_a2f *spec[3];
    for (int i = 0; i < 3; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/spectra/%s_elk_DFPT_ALPHA2F.OUT", dir, mats[i]);
        if (lmds_a2f_load(p, NULL, &spec[i]) != LMDS_OK) {
            fprintf(stderr, "bench: %s\n", lmds_errmsg());
            return 1;
        }
        lmds_warnings_clear();
        double cuts[] = {10, 50};
        for (int k = 0; k < 2; k++) {
            double tf, td;
            size_t nf, nd;
            double a = time_tc(spec[i], cuts[k], LMDS_ELIASH_FFT, &tf, &nf);
            double b = time_tc(spec[i], cuts[k], LMDS_ELIASH_DIRECT, &td, &nd);
            printf("| %s | %gx omega_max | %zu | %.5f | %.5f | %.2f | %.2f | %.2f |\n", mats[i], cuts[k], nf, tf, td,
                   1e3 * a, 1e3 * b, b / a);
        }
    }
    printf("\n| material | 100-temperature gap curve | FFT (ms) | direct (ms) | direct/FFT | 2Delta/kTc |\n");
    printf("|---|---|---|---|---|---|\n");
    for (int i = 0; i < 2; i++) {
        double r1, r2;
        double a = time_curve(spec[i], LMDS_ELIASH_FFT, &r1);
        double b = time_curve(spec[i], LMDS_ELIASH_DIRECT, &r2);
        printf("| %s | 0.1 Tc .. Tc, cutoff 10x omega_max | %.1f | %.1f | %.2f | %.4f |\n", mats[i], 1e3 * a,
               1e3 * b, b / a, r1);
        lmds_a2f_free(spec[i]);
    }
    lmds_a2f_free(spec[2]);
    return 0;
}
