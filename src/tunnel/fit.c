/* Fitting the tunnel model's free parameters to rho(T) at fixed pressure with GSL's nonlinear least squares
 * (gsl_multifit_nlinear, trust region with Levenberg-Marquardt steps, finite-difference Jacobian).
 *
 * The spacings d(P, T_i) come from the EOS and the thermal model (independent measurements) and are computed once;
 * only the gap and lift parameters are adjusted. Positivity by reparametrisation: rho_res = r^2, and ln A
 * (activated lift), ln E1 and ln k are fitted, which also keeps the problem well scaled. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>

#include "core/numeric.h"
#include "tunnel/tunnel_internal.h"

enum { P_RHO = 0, P_A = 1, P_E1 = 2, P_K = 3 };

typedef struct {
    size_t n;
    const double *T, *rho, *d;
    double d0;
    lmds_tunnel_params base;
    int idx[4]; /* position of each parameter in the vector, -1 when held */
} fit_ctx;

/* Logarithmic parameters are clamped so that trial steps of the solver never overflow. */
static double clamp_exp(double v) { return exp(fmax(-200.0, fmin(200.0, v))); }

static void unpack(const fit_ctx *c, const gsl_vector *x, lmds_tunnel_params *p)
{
    *p = c->base;
    double r = gsl_vector_get(x, (size_t)c->idx[P_RHO]);
    p->rho_res = r * r;
    double a = gsl_vector_get(x, (size_t)c->idx[P_A]);
    p->A = c->base.lift == LMDS_TUNNEL_LIFT_ACTIVATED ? clamp_exp(a) : a;
    if (c->idx[P_E1] >= 0)
        p->E1 = clamp_exp(gsl_vector_get(x, (size_t)c->idx[P_E1]));
    if (c->idx[P_K] >= 0)
        p->k = clamp_exp(gsl_vector_get(x, (size_t)c->idx[P_K]));
}

/* rho of the conducting state at spacing d; the fit only uses conducting points. */
static double model_rho(const lmds_tunnel_params *p, double d, double d0, double T)
{
    double gap = lmds_tunnel_gap_at(p, d, d0);
    if (p->lift == LMDS_TUNNEL_LIFT_ACTIVATED)
        /* The exponent is capped so that trial steps of the solver stay finite. */
        return p->rho_res + exp(fmin(log(p->A) + gap / (LMDS_KB_MEV * T), 300.0));
    return p->rho_res + p->A * gap;
}

static int resid(const gsl_vector *x, void *vp, gsl_vector *f)
{
    const fit_ctx *c = vp;
    lmds_tunnel_params p;
    unpack(c, x, &p);
    for (size_t i = 0; i < c->n; i++)
        gsl_vector_set(f, i, model_rho(&p, c->d[i], c->d0, c->T[i]) - c->rho[i]);
    return GSL_SUCCESS;
}

static const char *const NAMES[4] = {"rho_res", "A", "E1", "k"};

/* The conducting-state points (d > d_sc) with their spacings, into c (Tu, ru, du: n doubles each). */
static lmds_status select_points(const lmds_tunnel_material *m, double P, size_t n, const double *T,
                                 const double *rho, double *buf, fit_ctx *c)
{
    double *Tu = buf, *ru = buf + n, *du = buf + 2 * n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(T[i]) || T[i] <= 0 || !isfinite(rho[i]) || rho[i] < 0)
            return lmds_error(LMDS_EINVAL, "tunnel fit: point %zu: T must be > 0 and rho >= 0 (got T = %g K, "
                                           "rho = %g)", i + 1, T[i], rho[i]);
        double d;
        lmds_status st = lmds_tunnel_spacing(m, P, T[i], &d);
        if (st)
            return st;
        if (d <= c->base.d_sc)
            continue; /* superconducting in the model: rho = 0, not a conducting-state point */
        Tu[k] = T[i];
        ru[k] = rho[i];
        du[k] = d;
        k++;
    }
    c->n = k;
    c->T = Tu;
    c->rho = ru;
    c->d = du;
    return LMDS_OK;
}

/* The starting vector in the fitted (square-root or logarithmic) variables. */
static void start_vector(const fit_ctx *c, gsl_vector *x)
{
    const lmds_tunnel_params *s = &c->base;
    gsl_vector_set(x, (size_t)c->idx[P_RHO], sqrt(fmax(s->rho_res, 0.0)) + 1e-6);
    gsl_vector_set(x, (size_t)c->idx[P_A], s->lift == LMDS_TUNNEL_LIFT_ACTIVATED ? log(s->A > 0 ? s->A : 1.0) : s->A);
    if (c->idx[P_E1] >= 0)
        gsl_vector_set(x, (size_t)c->idx[P_E1], log(s->E1 > 0 ? s->E1 : 1.0));
    if (c->idx[P_K] >= 0)
        gsl_vector_set(x, (size_t)c->idx[P_K], log(s->k > 0 ? s->k : 1.0));
}

/* Trust-region least squares from x; *chi2 is the sum of squared residuals at the end. */
static lmds_status solve(fit_ctx *c, gsl_vector *x, gsl_multifit_nlinear_workspace *w, size_t np, double *chi2)
{
    gsl_multifit_nlinear_fdf fdf = {resid, NULL, NULL, c->n, np, c, 0, 0, 0};
    int info = 0;
    int gs = gsl_multifit_nlinear_init(x, &fdf, w);
    if (gs == GSL_SUCCESS)
        gs = gsl_multifit_nlinear_driver(500, 1e-10, 1e-10, 1e-12, NULL, NULL, &info, w);
    if (gs == GSL_EMAXITER) {
        lmds_warn("tunnel fit: stopped after 500 iterations without meeting the tolerances; the result is the "
                  "best point found");
        gs = GSL_SUCCESS;
    }
    if (gs != GSL_SUCCESS)
        return lmds_error(LMDS_ENOCONV, "tunnel fit: nonlinear least squares failed: %s", gsl_strerror(gs));
    if (gsl_blas_ddot(gsl_multifit_nlinear_residual(w), gsl_multifit_nlinear_residual(w), chi2) != GSL_SUCCESS ||
        !isfinite(*chi2))
        return lmds_error(LMDS_ENOCONV, "tunnel fit: the model cannot describe these data (residuals not finite); "
                                        "try other starting values or the other gap/lift form");
    for (size_t i = 0; i < np; i++)
        if (!isfinite(gsl_vector_get(w->x, i)))
            return lmds_error(LMDS_ENOCONV, "tunnel fit: the solver left a non-finite parameter");
    return LMDS_OK;
}

/* Parameters and standard errors (scaled by the residual variance: no per-point uncertainties are given),
 * converted from the fitted variables. */
static lmds_status fill_result(const fit_ctx *c, gsl_multifit_nlinear_workspace *w, gsl_matrix *cov, int np,
                               double chi2, lmds_tunnel_fit *fit)
{
    if (gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov) != GSL_SUCCESS)
        return lmds_error(LMDS_ENOCONV, "tunnel fit: no covariance of the fitted parameters (the data do not "
                                        "determine them all)");
    unpack(c, w->x, &fit->p);
    fit->nfit = np;
    fit->n = (int)c->n;
    fit->rms = sqrt(chi2 / (double)c->n);
    fit->chi2_dof = chi2 / (double)(c->n - (size_t)np);
    fit->iterations = (int)gsl_multifit_nlinear_niter(w);
    for (int j = 0; j < 4; j++) {
        int i = c->idx[j];
        if (i < 0)
            continue;
        double e = sqrt(gsl_matrix_get(cov, (size_t)i, (size_t)i) * fit->chi2_dof);
        if (j == P_A && c->base.lift == LMDS_TUNNEL_LIFT_ACTIVATED)
            e *= fit->p.A;
        else if (j == P_E1)
            e *= fit->p.E1;
        else if (j == P_K)
            e *= fit->p.k;
        else if (j == P_RHO)
            e *= 2.0 * sqrt(fit->p.rho_res);
        fit->err[i] = e;
        fit->names[i] = NAMES[j];
        if (!isfinite(e))
            return lmds_error(LMDS_ENOCONV, "tunnel fit: the standard error of %s is not finite (the data do not "
                              "determine it)", NAMES[j]);
    }
    return LMDS_OK;
}

lmds_status lmds_tunnel_fit_rho(const lmds_tunnel_material *m, const lmds_tunnel_params *start, double P, size_t n,
                                const double *T, const double *rho, lmds_tunnel_fit *fit)
{
    if (!m || !start || !T || !rho || !fit)
        return lmds_error(LMDS_EINVAL, "tunnel fit: NULL argument");
    if (!(start->d_sc > 0))
        return lmds_error(LMDS_EINVAL, "tunnel fit: d_sc must be set (from an ambient Tc) before fitting");
    memset(fit, 0, sizeof *fit);
    fit_ctx c;
    memset(&c, 0, sizeof c);
    c.base = *start;
    c.d0 = lmds_tunnel_d0(m);
    int np = 0;
    c.idx[P_RHO] = np++;
    c.idx[P_A] = np++;
    c.idx[P_E1] = start->lift == LMDS_TUNNEL_LIFT_ACTIVATED ? np++ : -1;
    c.idx[P_K] = start->gap == LMDS_TUNNEL_GAP_EXP ? np++ : -1;
    double *buf = malloc(3 * (n ? n : 1) * sizeof *buf);
    if (!buf)
        return lmds_error(LMDS_ENOMEM, "tunnel fit: out of memory");
    lmds_status st = select_points(m, P, n, T, rho, buf, &c);
    if (!st && c.n <= (size_t)np)
        st = lmds_error(LMDS_EINVAL, "tunnel fit: %zu usable points (T above the model's Tc) for %d parameters",
                        c.n, np);
    if (st) {
        free(buf);
        return st;
    }
    lmds_gsl_init();
    gsl_vector *x = gsl_vector_alloc((size_t)np);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)np, (size_t)np);
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, c.n, (size_t)np);
    double chi2 = NAN;
    if (!x || !cov || !w) {
        st = lmds_error(LMDS_ENOMEM, "tunnel fit: out of memory");
    } else {
        start_vector(&c, x);
        if (!(st = solve(&c, x, w, (size_t)np, &chi2)))
            st = fill_result(&c, w, cov, np, chi2, fit);
    }
    if (w)
        gsl_multifit_nlinear_free(w);
    gsl_matrix_free(cov);
    gsl_vector_free(x);
    free(buf);
    return st;
}

/* ---- data for fits ---- */

#include "core/csv.h"
#include "lmds/io.h"
#include "supercon/sc_table.h"

static lmds_status push(double **T, double **rho, size_t *n, double t, double r)
{
    double *a = realloc(*T, (*n + 1) * sizeof *a);
    if (!a)
        return lmds_error(LMDS_ENOMEM, "tunnel: out of memory");
    *T = a;
    double *b = realloc(*rho, (*n + 1) * sizeof *b);
    if (!b)
        return lmds_error(LMDS_ENOMEM, "tunnel: out of memory");
    *rho = b;
    (*T)[*n] = t;
    (*rho)[*n] = r;
    (*n)++;
    return LMDS_OK;
}

/* The columns of a rho(T) file: the shared measurement table (material, quantity, pressure_GPa, temperature_K,
 * value) or two columns T, rho. */
typedef struct rho_layout {
    int shared;
    int cm, cq, cp, ct, cv;
} rho_layout;

static lmds_status rho_header(const lmds_csv *c, const char *path, const char *material, rho_layout *l)
{
    l->cm = lmds_csv_column(c, "material"), l->cq = lmds_csv_column(c, "quantity");
    l->cp = lmds_csv_column(c, "pressure_GPa"), l->ct = lmds_csv_column(c, "temperature_K");
    l->cv = lmds_csv_column(c, "value");
    l->shared = l->cm >= 0 && l->cq >= 0 && l->ct >= 0 && l->cv >= 0;
    if (l->shared && !material)
        return lmds_error(LMDS_EINVAL, "tunnel: %s has a material column: name the material", path);
    if (!l->shared && c->nfields < 2)
        return lmds_error_at(LMDS_EPARSE, path, 1, 1, "expected a header with at least two columns (T, rho) or the "
                                                      "columns material,quantity,temperature_K,value");
    return LMDS_OK;
}

/* In the shared table, whether the current row is a rho(T) point of material at pressure P. */
static lmds_status rho_row_selected(const lmds_csv *c, const char *path, const char *material, double P,
                                    const rho_layout *l, int *selected)
{
    *selected = 0;
    if (strcmp(c->fields[l->cm], material) != 0 || strncmp(c->fields[l->cq], "rho", 3) != 0 ||
        strcmp(c->fields[l->cq], "rho_rel") == 0)
        return LMDS_OK;
    double p = 0;
    if (l->cp >= 0 && l->cp < c->nfields && sc_parse_num(c->fields[l->cp], 0.0, &p))
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[l->cp], "expected a pressure, got '%s'",
                             c->fields[l->cp]);
    *selected = fabs(p - P) <= 1e-9;
    return LMDS_OK;
}

/* One data row: appended to (T, rho) when it is a point of the material at P (every row of a two-column file). */
static lmds_status rho_row(const lmds_csv *c, const char *path, const char *material, double P, const rho_layout *l,
                           double **T, double **rho, size_t *n)
{
    int it = l->shared ? l->ct : 0, ir = l->shared ? l->cv : 1;
    int need = it > ir ? it : ir;
    if (l->shared) {
        need = need > l->cm ? need : l->cm;
        need = need > l->cq ? need : l->cq;
    }
    if (c->nfields <= need)
        return lmds_error_at(LMDS_EPARSE, path, c->line, 1, "expected at least %d fields, got %d", need + 1,
                             c->nfields);
    if (l->shared) {
        int selected;
        lmds_status st = rho_row_selected(c, path, material, P, l, &selected);
        if (st || !selected)
            return st;
    }
    double t, r;
    if (sc_parse_num(c->fields[it], NAN, &t) || isnan(t))
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[it], "expected a temperature in K, got '%s'",
                             c->fields[it]);
    if (sc_parse_num(c->fields[ir], NAN, &r) || isnan(r))
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[ir], "expected a resistivity, got '%s'",
                             c->fields[ir]);
    return push(T, rho, n, t, r);
}

lmds_status lmds_tunnel_rho_data_load(const char *path, const char *material, double P, double **T, double **rho,
                                      size_t *n)
{
    if (T) *T = NULL;
    if (rho) *rho = NULL;
    if (n) *n = 0;
    if (!path || !T || !rho || !n)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL argument");
    char *text = NULL;
    lmds_status st = lmds_file_read(path, SC_TABLE_MAX_BYTES, &text, NULL);
    if (st)
        return st;
    lmds_csv c;
    lmds_csv_init(&c, text);
    rho_layout l = {0};
    int rc = lmds_csv_next(&c);
    if (rc <= 0)
        st = rc < 0 ? lmds_csv_error(&c, path)
                    : lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty file: expected a header line");
    else
        st = rho_header(&c, path, material, &l);
    while (!st && (rc = lmds_csv_next(&c)) > 0)
        if (!(c.nfields == 1 && !c.fields[0][0]))
            st = rho_row(&c, path, material, P, &l, T, rho, n);
    if (!st && rc < 0)
        st = lmds_csv_error(&c, path);
    else if (!st && *n == 0)
        st = material ? lmds_error(LMDS_ENODATA, "tunnel: no rho(T) rows for %s at %g GPa in %s", material, P, path)
                      : lmds_error(LMDS_ENODATA, "tunnel: no data rows in %s", path);
    lmds_csv_clear(&c);
    free(text);
    if (st) {
        free(*T);
        free(*rho);
        *T = *rho = NULL;
        *n = 0;
    }
    return st;
}
