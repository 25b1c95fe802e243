/* Binary assessment: weighted nonlinear least squares (GSL gsl_multifit_nlinear, Levenberg-Marquardt with a trust
 * region) over the active parameters. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "core/numeric.h"
#include "thermo/assess_internal.h"

/* ---------- the fit ---------- */

typedef struct fitctx { actx *c; int idx[MAXPAR]; int np; } fitctx;

static int nl_f(const gsl_vector *x, void *params, gsl_vector *f) {
    fitctx *F = params;
    actx *c = F->c;
    for (int k = 0; k < F->np; k++) c->par[F->idx[k]].value = gsl_vector_get(x, (size_t)k);
    as_set_values(c);
    as_calc_all(c);
    double r[3 * MAXDATA];
    int n = as_residuals(c, r);
    for (int i = 0; i < n; i++) gsl_vector_set(f, (size_t)i, r[i]);
    return GSL_SUCCESS;
}

/* Forward differences with steps suited to the parameters (1 J/mol, 0.005 J/(mol K)): the residuals come from
 * root finding at 1e-7 K, far below the change such a step makes (~0.01-0.1 K). */
static int nl_df(const gsl_vector *x, void *params, gsl_matrix *J) {
    fitctx *F = params;
    actx *c = F->c;
    size_t n = J->size1;
    gsl_vector *f0 = gsl_vector_alloc(n), *f1 = gsl_vector_alloc(n), *xx = gsl_vector_alloc(x->size);
    if (!f0 || !f1 || !xx) { gsl_vector_free(f0); gsl_vector_free(f1); gsl_vector_free(xx); return GSL_ENOMEM; }
    nl_f(x, params, f0);
    for (int k = 0; k < F->np; k++) {
        gsl_vector_memcpy(xx, x);
        double h = c->par[F->idx[k]].tdep ? 0.005 : 1.0;
        gsl_vector_set(xx, (size_t)k, gsl_vector_get(x, (size_t)k) + h);
        nl_f(xx, params, f1);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(J, i, (size_t)k, (gsl_vector_get(f1, i) - gsl_vector_get(f0, i)) / h);
    }
    nl_f(x, params, f0); /* leave the context at x */
    gsl_vector_free(f0); gsl_vector_free(f1); gsl_vector_free(xx);
    return GSL_SUCCESS;
}

/* Fit the active parameters; returns chi^2 (INFINITY on failure) and fills sigma. */
double as_run_fit(actx *c, int nres, int ndata) {
    fitctx F = {c, {0}, 0};
    for (int k = 0; k < c->npar; k++)
        if (c->par[k].active) F.idx[F.np++] = k;
    if (F.np == 0 || ndata < F.np) return INFINITY;
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    fp.trs = gsl_multifit_nlinear_trs_lm;
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, (size_t)nres, (size_t)F.np);
    gsl_vector *x0 = gsl_vector_alloc((size_t)F.np);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)F.np, (size_t)F.np);
    double chi2 = INFINITY;
    if (!w || !x0 || !cov) goto done;
    for (int k = 0; k < F.np; k++) gsl_vector_set(x0, (size_t)k, c->par[F.idx[k]].value);
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = nl_f;
    fdf.df = nl_df;
    fdf.n = (size_t)nres;
    fdf.p = (size_t)F.np;
    fdf.params = &F;
    lmds_gsl_init(); /* GSL statuses are checked; the handler is never toggled (core/numeric.h) */
    int info;
    if (gsl_multifit_nlinear_init(x0, &fdf, w)) goto done;
    /* A driver status other than success (e.g. no further progress) still leaves the best position found. */
    gsl_multifit_nlinear_driver(60, 1e-7, 1e-7, 1e-9, NULL, NULL, &info, w);
    gsl_vector *xs = gsl_multifit_nlinear_position(w);
    gsl_vector *fr = gsl_multifit_nlinear_residual(w);
    gsl_blas_ddot(fr, fr, &chi2);
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    int ce = gsl_multifit_nlinear_covar(J, 0.0, cov);
    int dof = ndata - F.np;
    double scale = dof > 0 ? fmax(1.0, chi2 / dof) : 1.0;
    for (int k = 0; k < F.np; k++) {
        c->par[F.idx[k]].value = gsl_vector_get(xs, (size_t)k);
        c->par[F.idx[k]].sigma = ce ? NAN : sqrt(gsl_matrix_get(cov, (size_t)k, (size_t)k) * scale);
    }
    as_set_values(c);
    as_calc_all(c);
    double r[3 * MAXDATA];
    int n = as_residuals(c, r);
    chi2 = 0;
    for (int i = 0; i < n; i++) chi2 += r[i] * r[i];
done:
    if (w) gsl_multifit_nlinear_free(w);
    gsl_vector_free(x0);
    gsl_matrix_free(cov);
    return chi2;
}

int as_add_param(actx *c, int kind, const char *phase, int order, int tdep, double value, int active,
                     const char *note) {
    if (c->npar >= MAXPAR) return -1;
    fparam *P = &c->par[c->npar];
    memset(P, 0, sizeof *P);
    P->kind = kind;
    snprintf(P->phase, sizeof P->phase, "%s", phase);
    P->order = order;
    P->tdep = tdep;
    P->value = value;
    P->active = active;
    P->sigma = NAN;
    snprintf(P->note, sizeof P->note, "%s", note ? note : "");
    return c->npar++;
}

int as_find_par(const actx *c, int kind, const char *phase, int order, int tdep) {
    for (int k = 0; k < c->npar; k++)
        if (c->par[k].kind == kind && !strcmp(c->par[k].phase, phase) && c->par[k].order == order && c->par[k].tdep == tdep)
            return k;
    return -1;
}

/* Gibbs energy of the liquid at x relative to the elements' stable phases, J/mol (for compound starts). */
