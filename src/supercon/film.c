/* Films: Tc versus thickness from measured curves (interpolated with an uncertainty), Simonin's law fitted to them
 * beyond the data, and the measured Tc of amorphous (quench-condensed) solids. Data: data/routes/film_tc.csv and
 * data/routes/amorphous.csv (supercon.h states the columns).
 *
 * Interpolation is linear in 1/d: Simonin's surface term (PRB 33, 7830 (1986)) makes Tc linear in 1/d for
 * suppressed films, and the enhancement of thin Al films is also found linear in 1/d (Meservey & Tedrow, J. Appl.
 * Phys. 42, 51 (1971)), so straight lines in 1/d are the natural interpolant for both. */
#include "lmds/supercon.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>

#include "core/numeric.h"
#include "supercon/sc_table.h"

#define FILM_FILE "routes/film_tc.csv"
#define AMORPHOUS_FILE "routes/amorphous.csv"

static const char *const FORMS[] = {"crystalline", "granular", "amorphous", "quench-condensed", "epitaxial"};
#define NFORMS (sizeof FORMS / sizeof FORMS[0])

lmds_status lmds_film_form_parse(const char *s, lmds_film_form *form)
{
    if (!s || !form) return lmds_error(LMDS_EINVAL, "lmds_film_form_parse: NULL argument");
    for (size_t i = 0; i < NFORMS; i++)
        if (strcasecmp(s, FORMS[i]) == 0) {
            *form = (lmds_film_form)i;
            return LMDS_OK;
        }
    return lmds_error(LMDS_EINVAL, "unknown film form '%s' (crystalline, granular, amorphous, quench-condensed, "
                      "epitaxial)", s);
}

const char *lmds_film_form_name(lmds_film_form form)
{
    return (size_t)form < NFORMS ? FORMS[form] : "?";
}

/* ---- the measured points of one material and form ---- */

typedef struct film_pt {
    double d, x, tc, err; /* nm, 1/d, K, K (0 when not stated) */
} film_pt;

typedef struct film_data {
    film_pt *p;
    size_t n;
    size_t nrows;         /* rows before merging equal thicknesses */
    char sources[2048];
} film_data;

static void add_source(char *buf, size_t n, const char *ref)
{
    if (!*ref || strstr(buf, ref)) return;
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s%s", len ? "; " : "", ref);
}

/* Open a route table: a missing shipped file means "no data" (the tables are being filled), a missing named file
 * is an I/O error. */
static lmds_status open_route_table(sc_table *t, const char *path, const char *relative, const char *const *names,
                                    int n, int *col, const char *expected)
{
    char file[1024];
    lmds_status st = sc_data_file(path, relative, file, sizeof file);
    if (st) return st;
    if (!path && access(file, R_OK) != 0) return lmds_error(LMDS_ENODATA, "no data: %s is not present", file);
    return sc_table_open(t, file, relative, names, n, col, expected);
}

static int cmp_d(const void *a, const void *b)
{
    double x = ((const film_pt *)a)->d, y = ((const film_pt *)b)->d;
    return (x > y) - (x < y);
}

/* Rows at the same thickness become one point: mean Tc, error the larger of their rms error and their spread. */
static void merge_equal(film_data *fd)
{
    qsort(fd->p, fd->n, sizeof *fd->p, cmp_d);
    size_t out = 0;
    for (size_t i = 0; i < fd->n;) {
        size_t j = i;
        double s = 0, s2 = 0, e2 = 0;
        while (j < fd->n && fabs(fd->p[j].d - fd->p[i].d) <= 1e-9 * fd->p[i].d) {
            s += fd->p[j].tc;
            s2 += fd->p[j].tc * fd->p[j].tc;
            e2 += fd->p[j].err * fd->p[j].err;
            j++;
        }
        double m = (double)(j - i), mean = s / m;
        double var = m > 1 ? fmax(0.0, (s2 - m * mean * mean) / (m - 1)) : 0.0;
        film_pt q = {fd->p[i].d, 1.0 / fd->p[i].d, mean, fmax(sqrt(e2 / m), sqrt(var))};
        fd->p[out++] = q;
        i = j;
    }
    fd->n = out;
}

static lmds_status read_row(const sc_table *t, const int *col, film_pt *q)
{
    lmds_status st;
    double err;
    if ((st = sc_table_num(t, col[2], "thickness_nm", NAN, &q->d)) ||
        (st = sc_table_num(t, col[3], "Tc_K", NAN, &q->tc)) || (st = sc_table_opt(t, col[4], "Tc_err_K", &err)))
        return st;
    if (!(q->d > 0) || q->tc < 0 || err < 0)
        return lmds_error_at(LMDS_EPARSE, t->path, t->csv.line, t->csv.columns[col[2]],
                             "need thickness_nm > 0, Tc_K >= 0 and Tc_err_K >= 0");
    q->x = 1.0 / q->d;
    q->err = isnan(err) ? 0.0 : err;
    return LMDS_OK;
}

static lmds_status load_points(const char *path, const char *material, lmds_film_form form, film_data *fd)
{
    static const char *const names[6] = {"material", "form", "thickness_nm", "Tc_K", "Tc_err_K", "reference"};
    memset(fd, 0, sizeof *fd);
    int col[6];
    sc_table t;
    lmds_status st = open_route_table(&t, path, FILM_FILE, names, 6, col,
                                      "material,form,thickness_nm,Tc_K,Tc_err_K,substrate,substrate_T_K,reference,"
                                      "notes");
    if (st) return st;
    while (!st && sc_table_next(&t, &st) > 0) {
        if (strcmp(sc_table_field(&t, col[0]), material) != 0) continue;
        lmds_film_form f;
        if (lmds_film_form_parse(sc_table_field(&t, col[1]), &f)) {
            st = lmds_error_at(LMDS_EPARSE, t.path, t.csv.line, t.csv.columns[col[1]], "%s", lmds_errmsg());
            break;
        }
        if (f != form) continue;
        /* A descriptive row (a trend without numbers, e.g. the Pb oscillation reports) has no point to use. */
        if (!*sc_table_field(&t, col[2]) || !*sc_table_field(&t, col[3])) continue;
        film_pt q;
        if ((st = read_row(&t, col, &q))) break;
        film_pt *np = realloc(fd->p, (fd->n + 1) * sizeof *np);
        if (!np) {
            st = lmds_error(LMDS_ENOMEM, "out of memory reading %s", t.path);
            break;
        }
        fd->p = np;
        fd->p[fd->n++] = q;
        add_source(fd->sources, sizeof fd->sources, sc_table_field(&t, col[5]));
    }
    if (!st && fd->n == 0)
        st = lmds_error(LMDS_ENODATA, "no measured Tc(d) of %s %s films in %s", lmds_film_form_name(form), material,
                        t.path);
    sc_table_close(&t);
    if (st) {
        free(fd->p);
        fd->p = NULL;
        return st;
    }
    fd->nrows = fd->n;
    merge_equal(fd);
    return LMDS_OK;
}

/* ---- Simonin fit ---- */

/* Least squares of y_i = Tc_bulk - Tc_i = d_c (Tc_bulk / d_i) through the origin (GSL gsl_fit_mul). */
static lmds_status simonin_fit(const film_data *fd, double tb, lmds_film_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    int below = 0;
    for (size_t i = 0; i < fd->n; i++) below += fd->p[i].tc < tb;
    if (!below)
        return lmds_error(LMDS_EDOMAIN, "Simonin fit: no film below the bulk Tc %g K (enhanced films are not "
                          "suppressed)", tb);
    double *x = malloc(2 * fd->n * sizeof *x);
    if (!x) return lmds_error(LMDS_ENOMEM, "out of memory");
    double *y = x + fd->n;
    for (size_t i = 0; i < fd->n; i++) {
        x[i] = tb / fd->p[i].d;
        y[i] = tb - fd->p[i].tc;
    }
    double c1 = y[0] / x[0], cov = 0, sumsq = 0;
    int gs = GSL_SUCCESS;
    lmds_gsl_init();
    if (fd->n > 1) gs = gsl_fit_mul(x, 1, y, 1, fd->n, &c1, &cov, &sumsq);
    free(x);
    if (gs != GSL_SUCCESS || !isfinite(c1))
        return lmds_error(LMDS_ENOCONV, "Simonin fit failed (%s)", gsl_strerror(gs));
    if (c1 < 0)
        return lmds_error(LMDS_EDOMAIN, "Simonin fit: d_c = %g nm < 0, the films are on average enhanced", c1);
    fit->dc_nm = c1;
    /* One point fixes d_c exactly; its Tc error is the only uncertainty. */
    fit->dc_err_nm = fd->n > 1 ? sqrt(cov) : fd->p[0].d * fd->p[0].err / tb;
    fit->rms_K = sqrt(sumsq / (double)fd->n);
    fit->n = (int)fd->n;
    return LMDS_OK;
}

lmds_status lmds_film_dc_fit(const char *path, const char *material, lmds_film_form form, double tc_bulk_K,
                             lmds_film_fit *fit)
{
    if (!fit || !material) return lmds_error(LMDS_EINVAL, "lmds_film_dc_fit: NULL argument");
    memset(fit, 0, sizeof *fit);
    if (!isfinite(tc_bulk_K) || !(tc_bulk_K > 0))
        return lmds_error(LMDS_EINVAL, "Simonin fit: needs the bulk Tc > 0 (got %g K)", tc_bulk_K);
    film_data fd;
    lmds_status st = load_points(path, material, form, &fd);
    if (st) return st;
    st = simonin_fit(&fd, tc_bulk_K, fit);
    free(fd.p);
    return st;
}

/* ---- interpolation with an uncertainty ---- */

/* Root-mean-square of the leave-one-out residuals: each interior point against the straight line (in 1/d) through
 * its neighbours. It measures how far the data stray from the interpolant at their own spacing. -1 with fewer
 * than three points. */
static double loo_rms(const film_data *fd)
{
    if (fd->n < 3) return -1.0;
    double s = 0;
    for (size_t i = 1; i + 1 < fd->n; i++) {
        const film_pt *a = &fd->p[i - 1], *b = &fd->p[i], *c = &fd->p[i + 1];
        double u = (b->x - a->x) / (c->x - a->x);
        double r = b->tc - (a->tc + u * (c->tc - a->tc));
        s += r * r;
    }
    return sqrt(s / (double)(fd->n - 2));
}

/* Inside [d_min, d_max]: at a measured thickness, or linear in 1/d between the two neighbours. The interpolation
 * term grows from 0 at a measured point to the scatter scale r at the middle of the interval (r: the leave-one-out
 * rms; with two points only, a quarter of their difference, since the curvature is unknown). */
static void interpolate(const film_data *fd, double d, lmds_film_estimate *e)
{
    size_t k = 0;
    while (k + 1 < fd->n && fd->p[k + 1].d < d) k++;
    const film_pt *a = &fd->p[k], *b = &fd->p[k + 1 < fd->n ? k + 1 : k];
    for (size_t i = 0; i < fd->n; i++)
        if (fabs(fd->p[i].d - d) <= 1e-9 * d) {
            e->basis = LMDS_FILM_MEASURED;
            e->tc = fd->p[i].tc;
            e->tc_err = fd->p[i].err;
            return;
        }
    double u = (1.0 / d - a->x) / (b->x - a->x);
    double r = loo_rms(fd);
    if (r < 0) r = 0.25 * fabs(b->tc - a->tc);
    double s_meas = (1.0 - u) * a->err + u * b->err, s_int = r * 2.0 * fmin(u, 1.0 - u);
    e->basis = LMDS_FILM_INTERPOLATED;
    e->tc = a->tc + u * (b->tc - a->tc);
    e->tc_err = sqrt(s_meas * s_meas + s_int * s_int);
}

/* Beyond the data: Simonin's law fitted to the points (crystalline and epitaxial films with a bulk Tc), else the
 * nearest measured value held, with the change across the last measured interval (or, for one point, its distance
 * to the bulk Tc when known) as its uncertainty. */
static void beyond(const film_data *fd, double tb, double d, lmds_film_estimate *e)
{
    e->extrapolated = 1;
    int suppressed = e->form == LMDS_FILM_CRYSTALLINE || e->form == LMDS_FILM_EPITAXIAL;
    if (suppressed && tb > 0 && simonin_fit(fd, tb, &e->fit) == LMDS_OK) {
        e->basis = LMDS_FILM_SIMONIN_FIT;
        e->tc = d > e->fit.dc_nm ? tb * (1.0 - e->fit.dc_nm / d) : 0.0;
        double s = tb / d * e->fit.dc_err_nm;
        e->tc_err = sqrt(s * s + e->fit.rms_K * e->fit.rms_K);
        return;
    }
    lmds_error_clear();
    int low = d < fd->p[0].d;
    const film_pt *edge = low ? &fd->p[0] : &fd->p[fd->n - 1];
    double step = 0;
    if (fd->n > 1) step = fabs(edge->tc - (low ? fd->p[1].tc : fd->p[fd->n - 2].tc));
    else if (tb > 0) step = fabs(edge->tc - tb);
    e->basis = LMDS_FILM_NEAREST;
    e->tc = edge->tc;
    e->tc_err = sqrt(edge->err * edge->err + step * step);
}

static void describe_film(const film_data *fd, const char *material, lmds_film_estimate *e)
{
    static const char *const what[] = {"interpolated linearly in 1/d between measured films",
                                       "measured at this thickness", "Simonin's law Tc_bulk (1 - d_c/d), d_c fitted",
                                       "nearest measured film held"};
    int w = snprintf(e->method, sizeof e->method, "%s %s film, %g nm: %s (%zu rows, %g-%g nm)",
                     lmds_film_form_name(e->form), material, e->d_nm, what[e->basis], fd->nrows, e->d_min, e->d_max);
    if (e->basis == LMDS_FILM_SIMONIN_FIT && w > 0 && (size_t)w < sizeof e->method)
        snprintf(e->method + w, sizeof e->method - (size_t)w, "; fit: d_c = %.3g +- %.2g nm (a fit, not a "
                 "measurement)", e->fit.dc_nm, e->fit.dc_err_nm);
    if (e->extrapolated) {
        size_t len = strlen(e->method);
        snprintf(e->method + len, sizeof e->method - len, "; EXTRAPOLATED beyond the measured thicknesses");
    }
    snprintf(e->sources, sizeof e->sources, "%s", fd->sources);
}

lmds_status lmds_film_tc_estimate(const char *path, const char *material, lmds_film_form form, double tc_bulk_K,
                                  double d_nm, lmds_film_estimate *out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_film_tc_estimate: out is NULL");
    memset(out, 0, sizeof *out);
    if (!material) return lmds_error(LMDS_EINVAL, "lmds_film_tc_estimate: material is NULL");
    if ((size_t)form >= NFORMS) return lmds_error(LMDS_EINVAL, "film Tc: unknown form %d", (int)form);
    if (!isfinite(d_nm) || !(d_nm > 0))
        return lmds_error(LMDS_EINVAL, "film Tc: thickness must be a positive number of nm (got %g)", d_nm);
    if (isnan(tc_bulk_K) || tc_bulk_K > LMDS_PHONON_K_MAX)
        return lmds_error(LMDS_EINVAL, "film Tc: bulk Tc %g K is not a temperature (<= 0: none)", tc_bulk_K);
    film_data fd;
    lmds_status st = load_points(path, material, form, &fd);
    if (st) return st;
    out->d_nm = d_nm;
    out->form = form;
    out->n_points = (int)fd.nrows;
    out->d_min = fd.p[0].d;
    out->d_max = fd.p[fd.n - 1].d;
    if (d_nm >= out->d_min * (1 - 1e-9) && d_nm <= out->d_max * (1 + 1e-9))
        interpolate(&fd, d_nm, out);
    else
        beyond(&fd, tc_bulk_K, d_nm, out);
    describe_film(&fd, material, out);
    free(fd.p);
    return LMDS_OK;
}

/* ---- amorphous solids ---- */

static lmds_status amorphous_row(const sc_table *t, const int *col, double *tc, double *err, double *tx)
{
    lmds_status st;
    if ((st = sc_table_num(t, col[1], "Tc_K", NAN, tc)) || (st = sc_table_opt(t, col[2], "Tc_err_K", err)) ||
        (st = sc_table_opt(t, col[3], "crystallisation_T_K", tx)))
        return st;
    if (*tc < 0 || *err < 0 || *tx <= 0)
        return lmds_error_at(LMDS_EPARSE, t->path, t->csv.line, t->csv.columns[col[1]],
                             "need Tc_K >= 0, Tc_err_K >= 0 and crystallisation_T_K > 0");
    return LMDS_OK;
}

lmds_status lmds_amorphous_lookup(const char *path, const char *material, lmds_amorphous_tc *out)
{
    static const char *const names[5] = {"material", "Tc_K", "Tc_err_K", "crystallisation_T_K", "reference"};
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_amorphous_lookup: out is NULL");
    memset(out, 0, sizeof *out);
    out->crystallisation_T = NAN;
    if (!material) return lmds_error(LMDS_EINVAL, "lmds_amorphous_lookup: material is NULL");
    int col[5];
    sc_table t;
    lmds_status st = open_route_table(&t, path, AMORPHOUS_FILE, names, 5, col,
                                      "material,Tc_K,Tc_err_K,crystallisation_T_K,reference,notes");
    if (st) return st;
    double s = 0, s2 = 0, e2 = 0;
    while (!st && sc_table_next(&t, &st) > 0) {
        if (strcmp(sc_table_field(&t, col[0]), material) != 0) continue;
        const char *v = sc_table_field(&t, col[1]);
        if (!*v || *v == '<' || *v == '>') continue; /* a bound or a row without Tc: not a measured value */
        double tc, err, tx;
        if ((st = amorphous_row(&t, col, &tc, &err, &tx))) break;
        out->n++;
        s += tc, s2 += tc * tc, e2 += isnan(err) ? 0.0 : err * err;
        if (!isnan(tx) && !(tx >= out->crystallisation_T)) out->crystallisation_T = tx;
        add_source(out->sources, sizeof out->sources, sc_table_field(&t, col[4]));
    }
    if (!st && out->n == 0)
        st = lmds_error(LMDS_ENODATA, "no amorphous %s in %s", material, t.path);
    sc_table_close(&t);
    if (st) {
        memset(out, 0, sizeof *out);
        return st;
    }
    double n = out->n, mean = s / n, var = n > 1 ? fmax(0.0, (s2 - n * mean * mean) / (n - 1)) : 0.0;
    out->tc = mean;
    out->tc_err = fmax(sqrt(e2 / n), sqrt(var));
    return LMDS_OK;
}
