/* The bracketing root finder and the GSL error policy (core/numeric.h). */
#include <math.h>
#include <pthread.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "core/numeric.h"

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_policy(void)
{
    gsl_set_error_handler_off();
}

void lmds_gsl_init(void)
{
    pthread_once(&gsl_once, gsl_policy);
}

typedef struct fn_wrap {
    lmds_fn1 f;
    void *ctx;
} fn_wrap;

static double call_wrapped(double x, void *p)
{
    const fn_wrap *w = p;
    return w->f(x, w->ctx);
}

lmds_status lmds_root_brent(lmds_fn1 f, void *ctx, double lo, double hi, double xtol_abs, double xtol_rel,
                            int max_iter, const char *what, double *root)
{
    if (!what)
        what = "root";
    if (!f || !root || !isfinite(lo) || !isfinite(hi))
        return lmds_error(LMDS_EINVAL, "%s: invalid root-finder arguments", what);
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    double flo = f(lo, ctx), fhi = f(hi, ctx);
    if (!isfinite(flo) || !isfinite(fhi))
        return lmds_error(LMDS_EDOMAIN, "%s: function not finite at the ends of [%g, %g]", what, lo, hi);
    if (flo == 0.0) {
        *root = lo;
        return LMDS_OK;
    }
    if (fhi == 0.0) {
        *root = hi;
        return LMDS_OK;
    }
    if ((flo > 0) == (fhi > 0))
        return lmds_error(LMDS_EDOMAIN, "%s: no sign change on [%g, %g]", what, lo, hi);
    lmds_gsl_init();
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return lmds_error(LMDS_ENOMEM, "%s: out of memory", what);
    fn_wrap w = {f, ctx};
    gsl_function F = {call_wrapped, &w};
    if (max_iter <= 0)
        max_iter = 200;
    int st = gsl_root_fsolver_set(s, &F, lo, hi);
    for (int it = 0; st == GSL_SUCCESS && it < max_iter; it++) {
        st = gsl_root_fsolver_iterate(s);
        if (st != GSL_SUCCESS)
            break;
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(a, b, xtol_abs, xtol_rel) == GSL_SUCCESS) {
            *root = gsl_root_fsolver_root(s);
            gsl_root_fsolver_free(s);
            return LMDS_OK;
        }
    }
    gsl_root_fsolver_free(s);
    if (st != GSL_SUCCESS)
        return lmds_error(LMDS_ENOCONV, "%s: root finder failed (%s)", what, gsl_strerror(st));
    return lmds_error(LMDS_ENOCONV, "%s: no convergence in %d iterations", what, max_iter);
}
