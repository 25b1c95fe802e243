/* Isotropic Migdal-Eliashberg equations on the imaginary (Matsubara) axis.
 *
 * Equations (Allen & Mitrovic, Solid State Phys. 37, 1 (1982), eqs. 2.19-2.20; Carbotte, RMP 62, 1027 (1990)):
 *   omega_n Z_n = omega_n + pi T sum_m lambda(n-m) omega_m / R_m,
 *   Z_n Delta_n = pi T sum_m [lambda(n-m) - mu* theta_n theta_m] Delta_m / R_m,   R_m = sqrt(omega_m^2 +
 *   Delta_m^2), omega_n = pi T (2n+1), lambda(k) = int 2 w a2F(w) / (w^2 + (2 pi T k)^2) dw.
 * Delta and Z are even in omega_n: with Delta_{-n-1} = Delta_n the sums fold onto m >= 0 as
 *   sum_m lambda(n-m) f_m = sum_{m>=0} [lambda(n-m) + s lambda(n+m+1)] f_m, s = +1 (even f) or -1 (odd f).
 * The kernel depends only on n - m, so each sum is a linear convolution of length 2N: done with a real FFT of
 * length M >= 4N (GSL radix-2), O(N log N), or directly in O(N^2) (LMDS_ELIASH_DIRECT, the baseline).
 *
 * Tc: the largest eigenvalue rho(T) of the linearised gap equation crosses 1. The linearised kernel
 * K = pi T [lambda(n-m) + lambda(n+m+1) - 2 mu* theta_n theta_m] / (omega_m Z_m) is similar to the symmetric
 * S = D^1/2 A D^1/2 (D = diag 1/(omega_m Z_m)); the lambda part of A is positive semidefinite (lambda(k) is a
 * positive-definite sequence) and the Coulomb part has rank one, so S + c I with c = 2 pi T mu* sum theta_m d_m is
 * positive semidefinite and power iteration converges to the largest eigenvalue. In the linearised equation the
 * full (untruncated) Matsubara sum for Z is known in closed form: omega_n Z_n = omega_n + pi T [lambda(0) +
 * 2 sum_{k=1..n} lambda(k)] (Allen & Dynes, PRB 12, 905 (1975), eq. 11).
 */
#include "lmds/supercon.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_real.h>

#include "core/numeric.h"
#include "supercon/sc_defaults.h"

#define SC_PI 3.14159265358979323846

void lmds_eliash_opts_init(lmds_eliash_opts *o)
{
    if (!o) return;
    o->mu_star = SC_DEFAULT_MU_STAR;
    o->mu_star_cutoff = 0.0;
    o->cutoff_factor = SC_DEFAULT_CUTOFF_FACTOR;
    o->convention = LMDS_ELIASH_STANDARD;
    o->algorithm = LMDS_ELIASH_FFT;
    o->check_convergence = 1;
    o->tol = 1e-6;
    o->max_iter = 5000;
    o->max_matsubara = LMDS_ELIASH_MATSUBARA_DEFAULT;
}

/* Everything that depends on the spectrum and options but not on T. */
typedef struct eli_spec {
    const lmds_a2f *a;
    double *wq;        /* quadrature weight * 2 omega_i a2F_i (so lambda(k) = sum wq_i / (omega_i^2 + nu^2)) */
    double *w2;        /* omega_i^2 */
    lmds_a2f_mom mom;
    double cutoff;     /* meV, Matsubara cutoff */
    double mu_cut;     /* meV, frequencies at which mu* acts (|omega| <= mu_cut) */
    double mu_ref;     /* meV, cutoff at which mu_star is given (STANDARD) */
    lmds_eliash_opts o;
} eli_spec;

/* Everything at one temperature. */
typedef struct eli_ws {
    const eli_spec *sp;
    double T, pt;      /* K, pi T in meV */
    size_t N, M;       /* positive Matsubara frequencies; FFT length */
    double mu;         /* mu* used (after rescaling) */
    size_t ntheta;     /* Coulomb term acts on n < ntheta */
    double *wn;        /* omega_n */
    double *lam;       /* lambda(k), k = 0..2N */
    double *lhat;      /* FFT of the symmetric kernel (real), M/2+1 values */
    double *buf;       /* M doubles */
} eli_ws;

static void spec_free(eli_spec *s)
{
    free(s->wq);
    free(s->w2);
}

/* The options' documented ranges (supercon.h); a value outside them is refused before any work. */
static lmds_status check_opts(lmds_eliash_opts *o)
{
    if (!isfinite(o->mu_star) || !(o->mu_star >= 0))
        return lmds_error(LMDS_EINVAL, "Eliashberg: mu* = %g must be >= 0", o->mu_star);
    if (o->mu_star > LMDS_MU_STAR_MAX)
        return lmds_error(LMDS_EDOMAIN, "Eliashberg: mu* = %g is outside [0, %g]", o->mu_star, LMDS_MU_STAR_MAX);
    if (!isfinite(o->cutoff_factor) || o->cutoff_factor < LMDS_ELIASH_CUTOFF_FACTOR_MIN ||
        o->cutoff_factor > LMDS_ELIASH_CUTOFF_FACTOR_MAX)
        return lmds_error(LMDS_EINVAL, "Eliashberg: Matsubara cutoff factor %g outside [%g, %g] (in units of "
                          "omega_max; 10 converges Tc to well under 1 %%)", o->cutoff_factor,
                          LMDS_ELIASH_CUTOFF_FACTOR_MIN, LMDS_ELIASH_CUTOFF_FACTOR_MAX);
    if (!isfinite(o->mu_star_cutoff) || o->mu_star_cutoff < 0)
        return lmds_error(LMDS_EINVAL, "Eliashberg: mu_star_cutoff = %g meV must be >= 0 (0: 10 omega_max)",
                          o->mu_star_cutoff);
    if (o->max_matsubara > LMDS_ELIASH_MATSUBARA_HARD_MAX)
        return lmds_error(LMDS_EINVAL, "Eliashberg: max_matsubara %zu above the hard limit %zu", o->max_matsubara,
                          (size_t)LMDS_ELIASH_MATSUBARA_HARD_MAX);
    if (!(o->tol > 0) || o->tol > 0.1) o->tol = 1e-6;
    if (o->max_iter <= 0) o->max_iter = 5000;
    if (o->max_matsubara < 16) o->max_matsubara = 16;
    return LMDS_OK;
}

static lmds_status spec_init(eli_spec *s, const lmds_a2f *a, const lmds_eliash_opts *opts)
{
    memset(s, 0, sizeof *s);
    if (!a || a->n < 2) return lmds_error(LMDS_EINVAL, "Eliashberg: no spectrum");
    lmds_gsl_init();
    lmds_eliash_opts_init(&s->o);
    if (opts) s->o = *opts;
    lmds_status cs = check_opts(&s->o);
    if (cs) return cs;
    lmds_status st = lmds_a2f_moments(a, &s->mom);
    if (st) return st;
    s->a = a;
    s->wq = malloc(a->n * sizeof(double));
    s->w2 = malloc(a->n * sizeof(double));
    if (!s->wq || !s->w2) {
        spec_free(s);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    /* Trapezoidal weights on the grid with (0, 0) prepended: the same quadrature as lmds_a2f_moments, so
     * lambda(0) equals the moment lambda exactly. */
    for (size_t i = 0; i < a->n; i++) {
        double xl = i ? a->omega[i - 1] : 0.0;
        double xr = i + 1 < a->n ? a->omega[i + 1] : a->omega[i];
        double h = 0.5 * (xr - xl);
        s->wq[i] = h * 2.0 * a->omega[i] * a->a2f[i];
        s->w2[i] = a->omega[i] * a->omega[i];
    }
    if (s->o.convention == LMDS_ELIASH_ELK) {
        /* Elk eliashberg.f90: sums to 20 omega_rms, mu* for |omega| <= 2 omega_rms, no rescaling. */
        s->cutoff = 20.0 * s->mom.omega2;
        s->mu_cut = 2.0 * s->mom.omega2;
        s->mu_ref = 0;
    } else {
        s->cutoff = s->o.cutoff_factor * s->mom.omega_max;
        s->mu_cut = INFINITY;
        s->mu_ref = s->o.mu_star_cutoff > 0 ? s->o.mu_star_cutoff : SC_DEFAULT_MU_STAR_CUTOFF_FACTOR * s->mom.omega_max;
    }
    return LMDS_OK;
}

static void ws_free(eli_ws *w)
{
    free(w->wn);
    free(w->lam);
    free(w->lhat);
    free(w->buf);
    memset(w, 0, sizeof *w);
}

static double lambda_k(const eli_spec *sp, double nu)
{
    double nu2 = nu * nu, s = 0;
    for (size_t i = 0; i < sp->a->n; i++) s += sp->wq[i] / (sp->w2[i] + nu2);
    return s;
}

/* Number of positive Matsubara frequencies with omega_n <= cutoff (at least 4). */
static size_t matsubara_count(double pt, double cutoff)
{
    double x = 0.5 * (cutoff / pt - 1.0);
    if (!(x < 1e12)) return (size_t)-1;
    size_t n = (size_t)floor(x) + 1;
    return n < 4 ? 4 : n;
}

static lmds_status ws_init(eli_ws *w, const eli_spec *sp, double T)
{
    memset(w, 0, sizeof *w);
    if (!(T > 0) || !isfinite(T)) return lmds_error(LMDS_EINVAL, "Eliashberg: temperature %g K not positive", T);
    w->sp = sp;
    w->T = T;
    w->pt = SC_PI * LMDS_KB_MEV * T;
    size_t N = matsubara_count(w->pt, sp->cutoff);
    if (sp->o.convention == LMDS_ELIASH_ELK) {
        /* Elk: nwf = nint(20 omega_rms / (2 pi T)) frequencies in the sums. */
        double x = nearbyint(sp->cutoff / (2.0 * w->pt));
        N = x < 4 ? 4 : (x > 1e12 ? (size_t)-1 : (size_t)x);
    }
    if (N > sp->o.max_matsubara)
        return lmds_error(LMDS_EDOMAIN,
                          "Eliashberg: %g K with a %.4g meV cutoff needs %zu Matsubara frequencies (limit %zu)", T,
                          sp->cutoff, N, sp->o.max_matsubara);
    w->N = N;
    size_t M = 16;
    while (M < 4 * N) M <<= 1;
    w->M = M;
    w->wn = malloc(N * sizeof(double));
    w->lam = malloc((2 * N + 1) * sizeof(double));
    w->buf = malloc(M * sizeof(double));
    w->lhat = malloc((M / 2 + 1) * sizeof(double));
    if (!w->wn || !w->lam || !w->buf || !w->lhat) {
        ws_free(w);
        return lmds_error(LMDS_ENOMEM, "out of memory (%zu Matsubara frequencies)", N);
    }
    for (size_t n = 0; n < N; n++) w->wn[n] = w->pt * (double)(2 * n + 1);
    for (size_t k = 0; k <= 2 * N; k++) w->lam[k] = lambda_k(sp, 2.0 * w->pt * (double)k);

    /* Coulomb term: which frequencies, and mu* rescaled to the cutoff (STANDARD). The effective cutoff of a
     * sum over N positive frequencies is the midpoint 2 pi T N between omega_{N-1} and omega_N. */
    w->mu = sp->o.mu_star;
    if (sp->o.convention == LMDS_ELIASH_ELK) {
        /* Elk: the Coulomb sum runs over n = 0..nint(2 omega_rms / (2 pi T)). */
        double x = nearbyint(sp->mu_cut / (2.0 * w->pt));
        size_t nt = (size_t)(x < 1 ? 1 : x) + 1;
        w->ntheta = nt > N ? N : nt;
    } else {
        w->ntheta = N;
        if (w->mu > 0) {
            double wc = 2.0 * w->pt * (double)N;
            double inv = 1.0 / w->mu + log(sp->mu_ref / wc);
            /* 1/mu*(wc) = 1/mu* + ln(w_ref/wc); a cutoff far above w_ref can drive it negative: cap it. */
            w->mu = inv > 1.0 ? 1.0 / inv : 1.0;
        }
    }

    if (sp->o.algorithm == LMDS_ELIASH_FFT) {
        /* Circular kernel h[k] = lambda(|k|) for |k| <= 2N-1, zero elsewhere; M >= 4N avoids wrap-around. Its
         * FFT is real because h is even. */
        double *h = w->buf;
        memset(h, 0, M * sizeof(double));
        for (size_t k = 0; k < 2 * N; k++) {
            h[k] = w->lam[k];
            if (k) h[M - k] = w->lam[k];
        }
        /* M is a power of two >= 16, the only condition of GSL's radix-2 transform. */
        if (gsl_fft_real_radix2_transform(h, 1, M) != GSL_SUCCESS) {
            ws_free(w);
            return lmds_error(LMDS_ENOCONV, "Eliashberg: FFT of the kernel failed (length %zu)", M);
        }
        w->lhat[0] = h[0];
        for (size_t i = 1; i < M / 2; i++) w->lhat[i] = h[i];
        w->lhat[M / 2] = h[M / 2];
    }
    return LMDS_OK;
}

/* y_n = sum_{m=0}^{N-1} [lambda(n-m) + s lambda(n+m+1)] x_m, n = 0..N-1 (s = +1 or -1). */
static void kernel_apply(const eli_ws *w, const double *x, double *y, int s)
{
    size_t N = w->N;
    if (w->sp->o.algorithm == LMDS_ELIASH_DIRECT) {
        const double *L = w->lam;
        for (size_t n = 0; n < N; n++) {
            double acc = 0;
            for (size_t m = 0; m < N; m++) {
                size_t d = n > m ? n - m : m - n;
                acc += (L[d] + s * L[n + m + 1]) * x[m];
            }
            y[n] = acc;
        }
        return;
    }
    size_t M = w->M;
    double *u = w->buf;
    memset(u, 0, M * sizeof(double));
    /* Extended vector over m = -N..N-1 stored at index m + N. */
    for (size_t m = 0; m < N; m++) {
        u[N + m] = x[m];
        u[N - 1 - m] = s * x[m];
    }
    int gs = gsl_fft_real_radix2_transform(u, 1, M);
    u[0] *= w->lhat[0];
    for (size_t i = 1; i < M / 2; i++) {
        u[i] *= w->lhat[i];
        u[M - i] *= w->lhat[i];
    }
    u[M / 2] *= w->lhat[M / 2];
    if (gs == GSL_SUCCESS) gs = gsl_fft_halfcomplex_radix2_inverse(u, 1, M);
    /* A failed transform (impossible for the power-of-two lengths used) yields NaN, which callers reject. */
    for (size_t n = 0; n < N; n++) y[n] = gs == GSL_SUCCESS ? u[N + n] : NAN;
}

/* omega_n Z_n of the linearised equation. */
static void linear_wz(const eli_ws *w, double *wz, double *tmp)
{
    size_t N = w->N;
    if (w->sp->o.convention == LMDS_ELIASH_ELK) {
        /* Elk sums over the same truncated set of frequencies. */
        for (size_t m = 0; m < N; m++) tmp[m] = 1.0;
        kernel_apply(w, tmp, wz, -1);
        for (size_t n = 0; n < N; n++) wz[n] = w->wn[n] + w->pt * wz[n];
        return;
    }
    double acc = w->lam[0];
    for (size_t n = 0; n < N; n++) {
        if (n) acc += 2.0 * w->lam[n];
        wz[n] = w->wn[n] + w->pt * acc;
    }
}

/* Largest eigenvalue by power iteration on S + cI (see the top of the file). */
static lmds_status eigen_max(const eli_ws *w, double *rho)
{
    size_t N = w->N;
    double *sd = malloc(N * sizeof(double));
    double *v = malloc(N * sizeof(double));
    double *u = malloc(N * sizeof(double));
    double *y = calloc(N, sizeof(double));
    if (!sd || !v || !u || !y) {
        free(sd), free(v), free(u), free(y);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    linear_wz(w, u, y);
    double csum = 0, nrm = 0;
    for (size_t m = 0; m < N; m++) {
        sd[m] = sqrt(1.0 / u[m]);
        if (m < w->ntheta) csum += 1.0 / u[m];
        v[m] = sd[m];
        nrm += v[m] * v[m];
    }
    nrm = sqrt(nrm);
    for (size_t m = 0; m < N; m++) v[m] /= nrm;
    /* Elk applies the Coulomb sum (over m < ntheta) to every n: a rank-one term that is not symmetric, so the
     * eigenvalue is estimated by v.Sv with the iteration converged tightly. */
    int elk = w->sp->o.convention == LMDS_ELIASH_ELK;
    if (elk) {
        csum = 0;
        double s2 = 0;
        for (size_t m = 0; m < N; m++) {
            s2 += 1.0 / u[m];
            if (m < w->ntheta) csum += 1.0 / u[m];
        }
        csum = sqrt(csum * s2);
    }
    double c = 2.0 * w->pt * w->mu * csum * 1.01 + 1e-12;
    double r = 0, rprev = NAN;
    int it;
    lmds_status st = LMDS_OK;
    for (it = 0; it < 100000; it++) {
        for (size_t m = 0; m < N; m++) u[m] = sd[m] * v[m];
        kernel_apply(w, u, y, +1);
        double dot = 0;
        for (size_t m = 0; m < w->ntheta; m++) dot += u[m];
        for (size_t n = 0; n < N; n++) {
            double a = w->pt * y[n];
            if (n < w->ntheta || elk) a -= 2.0 * w->pt * w->mu * dot;
            y[n] = sd[n] * a;
        }
        double ray = 0, ny = 0;
        for (size_t n = 0; n < N; n++) {
            ray += v[n] * y[n];
            y[n] += c * v[n];
            ny += y[n] * y[n];
        }
        r = ray;
        ny = sqrt(ny);
        if (!(ny > 0)) break;
        for (size_t n = 0; n < N; n++) v[n] = y[n] / ny;
        if (it > 3 && fabs(r - rprev) <= 1e-13 * (fabs(r) + c)) break;
        rprev = r;
    }
    if (it >= 100000) st = lmds_error(LMDS_ENOCONV, "Eliashberg: eigenvalue iteration did not converge");
    else if (!isfinite(r)) st = lmds_error(LMDS_ENOCONV, "Eliashberg: eigenvalue is not finite at %g K", w->T);
    *rho = r;
    free(sd), free(v), free(u), free(y);
    return st;
}

lmds_status lmds_eliash_eigenvalue(const lmds_a2f *a2f, const lmds_eliash_opts *opts, double T, double *rho,
                                   size_t *n_matsubara)
{
    if (!rho) return lmds_error(LMDS_EINVAL, "lmds_eliash_eigenvalue: rho is NULL");
    eli_spec sp;
    lmds_status st = spec_init(&sp, a2f, opts);
    if (st) return st;
    eli_ws w;
    st = ws_init(&w, &sp, T);
    if (!st) {
        st = eigen_max(&w, rho);
        if (n_matsubara) *n_matsubara = w.N;
        ws_free(&w);
    }
    spec_free(&sp);
    return st;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Tc                                                                                                          */

typedef struct tc_ctx {
    const eli_spec *sp;
    lmds_status st;
    int evals;
    size_t N;
    double mu;
} tc_ctx;

static double tc_fn(double T, void *p)
{
    tc_ctx *c = p;
    if (c->st) return 0.0;
    eli_ws w;
    c->st = ws_init(&w, c->sp, T);
    if (c->st) return 0.0;
    double r = 0;
    c->st = eigen_max(&w, &r);
    c->evals++;
    c->N = w.N;
    c->mu = w.mu;
    ws_free(&w);
    return c->st ? 0.0 : r - 1.0;
}

/* Lowest temperature searched for Tc (K); below it the answer is "no superconductivity above 1 mK". */
#define ELIASH_TC_FLOOR 1e-3

/* Geometric bracketing of the crossing rho(T) = 1 from a starting temperature t0: *lo has rho > 1, *hi rho < 1.
 * Returns 1 when the crossing is below the floor (no Tc above it), 0 when bracketed, -1 on error (ctx->st). */
static int tc_bracket(const eli_spec *sp, tc_ctx *ctx, double t0, double *lo, double *hi)
{
    const double tmax = 10.0 * sp->mom.omega_max_K;
    double flo = tc_fn(t0, ctx), fhi = flo;
    *lo = *hi = t0;
    if (ctx->st) return -1;
    if (flo > 0) {
        while (fhi > 0) {
            *lo = *hi;
            *hi *= 1.5;
            if (*hi > tmax) {
                ctx->st = lmds_error(LMDS_EDOMAIN, "Eliashberg: no Tc below %g K (10 omega_max)", tmax);
                return -1;
            }
            fhi = tc_fn(*hi, ctx);
            if (ctx->st) return -1;
        }
        return 0;
    }
    while (flo <= 0) {
        *hi = *lo;
        *lo /= 1.5;
        if (*lo < ELIASH_TC_FLOOR) return 1;
        flo = tc_fn(*lo, ctx);
        if (ctx->st) return -1; /* e.g. more Matsubara frequencies than allowed: Tc cannot be resolved */
    }
    return 0;
}

static lmds_status tc_at_cutoff(const eli_spec *sp, double *tc, tc_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->sp = sp;
    /* Start from Allen-Dynes (where it applies) and bracket geometrically. */
    double t0 = 0;
    if (lmds_tc_allen_dynes(sp->mom.lambda, sp->o.mu_star, sp->mom.omega_log_K, sp->mom.omega2_K, &t0) != LMDS_OK ||
        !(t0 > 0.01))
        t0 = fmax(0.01 * sp->mom.omega_log_K * exp(-1.0 / sp->mom.lambda), 0.05);
    lmds_error_clear();
    double lo, hi;
    int b = tc_bracket(sp, ctx, t0, &lo, &hi);
    if (b < 0) return ctx->st;
    if (b > 0) {
        *tc = 0.0; /* the largest eigenvalue stays below 1 down to the floor: no superconductivity above 1 mK */
        return LMDS_OK;
    }
    double root = 0;
    lmds_status st = lmds_root_brent(tc_fn, ctx, lo, hi, 0.0, sp->o.tol, 200, "Eliashberg Tc", &root);
    if (ctx->st) return ctx->st;
    if (st) return st;
    *tc = root;
    return LMDS_OK;
}

lmds_status lmds_eliash_tc(const lmds_a2f *a2f, const lmds_eliash_opts *opts, lmds_eliash_tc_result *res)
{
    if (!res) return lmds_error(LMDS_EINVAL, "lmds_eliash_tc: res is NULL");
    memset(res, 0, sizeof *res);
    eli_spec sp;
    lmds_status st = spec_init(&sp, a2f, opts);
    if (st) return st;
    tc_ctx ctx;
    double tc = 0;
    st = tc_at_cutoff(&sp, &tc, &ctx);
    res->tc = tc;
    if (st) {
        spec_free(&sp);
        return st;
    }
    res->mu_star_used = ctx.mu;
    res->cutoff = sp.cutoff;
    res->n_matsubara = ctx.N;
    res->evaluations = ctx.evals;
    /* Convergence in the cutoff: the same problem with twice the cutoff (Elk's convention fixes its cutoff). */
    if (sp.o.check_convergence && sp.o.convention == LMDS_ELIASH_STANDARD && tc > 0) {
        eli_spec sp2 = sp;
        sp2.cutoff = 2.0 * sp.cutoff;
        double tc2 = 0;
        tc_ctx ctx2;
        st = tc_at_cutoff(&sp2, &tc2, &ctx2);
        if (st) {
            spec_free(&sp);
            return st;
        }
        res->tc_err = fabs(tc2 - tc);
        res->evaluations += ctx2.evals;
    }
    spec_free(&sp);
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Nonlinear equations                                                                                         */

void lmds_eliash_gap_free(lmds_eliash_gap *g)
{
    if (!g) return;
    free(g->omega_n);
    free(g->delta);
    free(g->z);
    free(g);
}

static lmds_eliash_gap *gap_alloc(size_t N)
{
    lmds_eliash_gap *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->n = N;
    g->omega_n = malloc(N * sizeof(double));
    g->delta = malloc(N * sizeof(double));
    g->z = malloc(N * sizeof(double));
    if (!g->omega_n || !g->delta || !g->z) {
        lmds_eliash_gap_free(g);
        return NULL;
    }
    return g;
}

/* Vidberg-Serene coefficients a_p for points z_p = i omega_p, values u_p (in place, O(P^2) time, O(P) memory). */
static void pade_coeffs(size_t P, const double complex *z, double complex *g)
{
    for (size_t p = 1; p < P; p++) {
        double complex a = g[p - 1];
        for (size_t j = p; j < P; j++) {
            double complex d = (z[j] - z[p - 1]) * g[j];
            g[j] = d != 0 ? (a - g[j]) / d : 0;
        }
    }
}

static double complex pade_eval(size_t P, const double complex *z, const double complex *a, double complex x)
{
    double complex A0 = 0, A1 = a[0], B0 = 1, B1 = 1;
    for (size_t n = 1; n < P; n++) {
        double complex A2 = A1 + (x - z[n - 1]) * a[n] * A0;
        double complex B2 = B1 + (x - z[n - 1]) * a[n] * B0;
        A0 = A1, A1 = A2, B0 = B1, B1 = B2;
        /* Rescale to keep the recursion in range. */
        double sc = cabs(B1);
        if (sc > 1e100 || (sc < 1e-100 && sc > 0)) {
            A0 /= sc, A1 /= sc, B0 /= sc, B1 /= sc;
        }
    }
    return A1 / B1;
}

static size_t pade_points(const lmds_eliash_gap *g, size_t npade)
{
    size_t P = npade ? npade : SC_DEFAULT_NPADE;
    if (P > g->n) P = g->n;
    return P;
}

lmds_status lmds_eliash_pade(const lmds_eliash_gap *g, size_t npade, double omega, double *re, double *im)
{
    if (!g || g->n < 2) return lmds_error(LMDS_EINVAL, "Pade: no Matsubara solution");
    size_t P = pade_points(g, npade);
    double complex *z = malloc(P * sizeof *z), *a = malloc(P * sizeof *a);
    if (!z || !a) {
        free(z), free(a);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (size_t p = 0; p < P; p++) {
        z[p] = I * g->omega_n[p];
        a[p] = g->delta[p];
    }
    pade_coeffs(P, z, a);
    double complex v = pade_eval(P, z, a, omega + I * 1e-9);
    free(z), free(a);
    if (re) *re = creal(v);
    if (im) *im = cimag(v);
    if (!isfinite(creal(v))) return lmds_error(LMDS_ENOCONV, "Pade continuation failed at %g meV", omega);
    return LMDS_OK;
}

/* Gap edge: omega = Re Delta(omega) on the real axis, by fixed-point iteration from Delta(i omega_0). */
static double gap_edge(const lmds_eliash_gap *g)
{
    if (!(g->delta[0] > 1e-9)) return 0.0;
    /* Pade on the frequencies below a few times the gap's scale works best; cap the count for stability. */
    size_t P = pade_points(g, 0);
    double complex *z = malloc(P * sizeof *z), *a = malloc(P * sizeof *a);
    if (!z || !a) {
        free(z), free(a);
        return NAN;
    }
    for (size_t p = 0; p < P; p++) {
        z[p] = I * g->omega_n[p];
        a[p] = g->delta[p];
    }
    pade_coeffs(P, z, a);
    double w = g->delta[0];
    int ok = 0;
    for (int it = 0; it < 200; it++) {
        double complex v = pade_eval(P, z, a, w + I * 1e-9);
        double nw = creal(v);
        if (!isfinite(nw) || nw <= 0) break;
        if (fabs(nw - w) < 1e-10 * fabs(w)) {
            w = nw;
            ok = 1;
            break;
        }
        w = 0.5 * (w + nw);
    }
    free(z), free(a);
    return ok ? w : NAN;
}

/* One Eliashberg iteration: from delta (N) to delta_new and z. tmp: 3N doubles. */
static void nonlinear_step(const eli_ws *w, const double *delta, double *dnew, double *z, double *tmp)
{
    size_t N = w->N;
    double *g = tmp, *y = tmp + N, *h = tmp + 2 * N;
    int elk = w->sp->o.convention == LMDS_ELIASH_ELK;
    /* Z: omega_n Z_n = omega_n + pi T sum_m lambda(n-m) omega_m/R_m. STANDARD adds the exact infinite sum of
     * lambda(n-m) sgn(omega_m) and convolves only the decaying remainder omega_m/R_m - 1. */
    for (size_t m = 0; m < N; m++) {
        double R = hypot(w->wn[m], delta[m]);
        g[m] = w->wn[m] / R - (elk ? 0.0 : 1.0);
        h[m] = delta[m] / R;
    }
    kernel_apply(w, g, y, -1);
    double acc = w->lam[0];
    for (size_t n = 0; n < N; n++) {
        if (n) acc += 2.0 * w->lam[n];
        double wz = w->wn[n] + w->pt * y[n] + (elk ? 0.0 : w->pt * acc);
        z[n] = wz / w->wn[n];
    }
    kernel_apply(w, h, y, +1);
    double dot = 0;
    for (size_t m = 0; m < w->ntheta; m++) dot += h[m];
    for (size_t n = 0; n < N; n++) {
        double phi = w->pt * y[n];
        if (n < w->ntheta || elk) phi -= 2.0 * w->pt * w->mu * dot;
        dnew[n] = phi / z[n];
    }
}

static double interp_guess(const lmds_eliash_gap *g, double wn)
{
    if (!g || g->n == 0) return NAN;
    if (wn <= g->omega_n[0]) return g->delta[0];
    for (size_t i = 1; i < g->n; i++)
        if (g->omega_n[i] >= wn) {
            double t = (wn - g->omega_n[i - 1]) / (g->omega_n[i] - g->omega_n[i - 1]);
            return g->delta[i - 1] + t * (g->delta[i] - g->delta[i - 1]);
        }
    return g->delta[g->n - 1];
}

/* Start: a previous solution, or a gap of BCS size for the Allen-Dynes Tc, cut off above omega_max. */
static void initial_gap(const eli_spec *sp, const eli_ws *w, const lmds_eliash_gap *guess, lmds_eliash_gap *g)
{
    double tad = 0;
    if (lmds_tc_allen_dynes(sp->mom.lambda, sp->o.mu_star, sp->mom.omega_log_K, sp->mom.omega2_K, &tad) != LMDS_OK ||
        !(tad > 0))
        tad = 0.05 * sp->mom.omega_log_K;
    lmds_error_clear();
    double d0 = 1.764 * LMDS_KB_MEV * fmax(tad, 2.0 * w->T), wm2 = sp->mom.omega_max * sp->mom.omega_max;
    for (size_t n = 0; n < w->N; n++) {
        g->omega_n[n] = w->wn[n];
        double gv = interp_guess(guess, w->wn[n]);
        if (!isfinite(gv) || !(fabs(gv) > 1e-6 * d0)) gv = d0 * wm2 / (wm2 + w->wn[n] * w->wn[n]);
        g->delta[n] = gv;
    }
}

/* Fixed-point iteration of the gap equations. Near Tc it contracts slowly (rate r -> 1), so when the rate estimated
 * from two successive changes is steady, the geometric tail is summed (vector Aitken extrapolation):
 * Delta <- Delta_{k+1} + r/(1-r) (Delta_{k+1} - Delta_k). Returns 1 when converged (or collapsed to the normal
 * state), 0 after max_iter, -1 when out of memory; *iterations gets the count. */
static int iterate_gap(const eli_ws *w, lmds_eliash_gap *g, int *iterations)
{
    size_t N = w->N;
    double tol = w->sp->o.tol;
    double *dn = malloc(N * sizeof(double)), *tmp = malloc(3 * N * sizeof(double)), *prev = calloc(N, sizeof(double));
    if (!dn || !tmp || !prev) {
        free(dn), free(tmp), free(prev);
        return -1;
    }
    double *chg = tmp; /* reused only after nonlinear_step has consumed tmp */
    double rprev = NAN, cc_prev = 0;
    int it, converged = 0;
    for (it = 1; it <= w->sp->o.max_iter && !converged; it++) {
        nonlinear_step(w, g->delta, dn, g->z, tmp);
        double dmax = 0, cmax = 0, cc = 0, cx = 0;
        for (size_t n = 0; n < N; n++) {
            chg[n] = dn[n] - g->delta[n];
            dmax = fmax(dmax, fabs(dn[n]));
            cmax = fmax(cmax, fabs(chg[n]));
            cc += chg[n] * chg[n];
            cx += chg[n] * prev[n];
        }
        memcpy(g->delta, dn, N * sizeof(double));
        if (dmax < 1e-12 * LMDS_KB_MEV * w->T + 1e-14) { /* collapsed to the normal state */
            memset(g->delta, 0, N * sizeof(double));
            converged = 1;
        } else if (cmax <= tol * dmax) {
            converged = 1;
        }
        if (converged) break;
        double r = it > 1 && cc_prev > 0 ? cx / cc_prev : NAN;
        if (isfinite(r) && isfinite(rprev) && r > 0.3 && r < 0.9999 && fabs(r - rprev) < 1e-3 * (1.0 - r) + 1e-4 &&
            it % 4 == 0) {
            for (size_t n = 0; n < N; n++) g->delta[n] += r / (1.0 - r) * chg[n];
            r = NAN; /* restart the rate estimate */
            cc = 0;
        }
        rprev = r;
        cc_prev = cc;
        memcpy(prev, chg, N * sizeof(double));
    }
    free(dn), free(tmp), free(prev);
    *iterations = it;
    return converged;
}

lmds_status lmds_eliash_solve(const lmds_a2f *a2f, const lmds_eliash_opts *opts, double T,
                              const lmds_eliash_gap *guess, lmds_eliash_gap **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_eliash_solve: out is NULL");
    *out = NULL;
    eli_spec sp;
    lmds_status st = spec_init(&sp, a2f, opts);
    if (st) return st;
    eli_ws w;
    st = ws_init(&w, &sp, T);
    if (st) {
        spec_free(&sp);
        return st;
    }
    lmds_eliash_gap *g = gap_alloc(w.N);
    int conv = -1;
    if (g) {
        g->T = T;
        initial_gap(&sp, &w, guess, g);
        conv = iterate_gap(&w, g, &g->iterations);
    }
    ws_free(&w);
    if (conv == 1) g->delta_edge = gap_edge(g);
    spec_free(&sp);
    if (conv != 1) {
        lmds_eliash_gap_free(g);
        return conv < 0 ? lmds_error(LMDS_ENOMEM, "out of memory")
                        : lmds_error(LMDS_ENOCONV, "Eliashberg: no convergence at %g K after %d iterations", T,
                                     sp.o.max_iter);
    }
    *out = g;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Gap curve                                                                                                   */

void lmds_eliash_curve_free(lmds_eliash_curve *c)
{
    if (!c) return;
    free(c->T);
    free(c->delta0);
    free(c->edge);
    free(c->z0);
    free(c);
}

lmds_status lmds_eliash_curve_compute(const lmds_a2f *a2f, const lmds_eliash_opts *opts, size_t nt,
                                      lmds_eliash_curve **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_eliash_curve_compute: out is NULL");
    *out = NULL;
    if (nt < 2 || nt > 100000) return lmds_error(LMDS_EINVAL, "gap curve: need 2..100000 temperatures");
    lmds_eliash_opts o;
    lmds_eliash_opts_init(&o);
    if (opts) o = *opts;
    lmds_eliash_opts otc = o;
    otc.check_convergence = 0;
    lmds_eliash_tc_result tr;
    lmds_status st = lmds_eliash_tc(a2f, &otc, &tr);
    if (st) return st;
    lmds_a2f_mom mom;
    st = lmds_a2f_moments(a2f, &mom);
    if (st) return st;
    lmds_eliash_curve *c = calloc(1, sizeof *c);
    if (!c) return lmds_error(LMDS_ENOMEM, "out of memory");
    c->nt = nt;
    c->T = malloc(nt * sizeof(double));
    c->delta0 = malloc(nt * sizeof(double));
    c->edge = malloc(nt * sizeof(double));
    c->z0 = malloc(nt * sizeof(double));
    if (!c->T || !c->delta0 || !c->edge || !c->z0) {
        lmds_eliash_curve_free(c);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    c->tc = tr.tc;
    double tlo = 0.1 * tr.tc;
    lmds_eliash_gap *prev = NULL;
    for (size_t i = 0; i < nt; i++) {
        double T = tlo + (tr.tc - tlo) * (double)i / (double)(nt - 1);
        c->T[i] = T;
        if (i == nt - 1) { /* at Tc the gap closes */
            c->delta0[i] = 0;
            c->edge[i] = 0;
            c->z0[i] = prev ? prev->z[0] : NAN;
            break;
        }
        lmds_eliash_gap *g = NULL;
        st = lmds_eliash_solve(a2f, &o, T, prev, &g);
        if (st) {
            lmds_eliash_gap_free(prev);
            lmds_eliash_curve_free(c);
            return st;
        }
        c->delta0[i] = g->delta[0];
        c->edge[i] = g->delta_edge;
        c->z0[i] = g->z[0];
        lmds_eliash_gap_free(prev);
        prev = g;
    }
    lmds_eliash_gap_free(prev);
    c->delta_zero = isfinite(c->edge[0]) ? c->edge[0] : c->delta0[0];
    c->z_zero = c->z0[0];
    c->gap_ratio = 2.0 * c->delta_zero / (LMDS_KB_MEV * c->tc);
    /* Carbotte's fits hold for Tc/omega_log <= 0.25; beyond, the ratios are reported as not available (0 with
     * ratios_valid = 0), never as NaN. */
    lmds_sc_ratios r;
    c->ratios_valid = lmds_sc_ratios_carbotte(c->tc, mom.omega_log_K, &r) == LMDS_OK;
    c->dC_ratio = c->ratios_valid ? r.dC_ratio : 0.0;
    c->hc_ratio = c->ratios_valid ? r.hc_ratio : 0.0;
    if (!c->ratios_valid) lmds_error_clear();
    *out = c;
    return LMDS_OK;
}
