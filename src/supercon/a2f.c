/* Eliashberg spectral functions alpha^2F(omega): reading the files people have (two or more columns in meV,
 * THz, cm^-1, K, Ha or Ry; EPW .a2f; Quantum ESPRESSO multi-smearing files; Elk ALPHA2F.OUT), building them from
 * arrays, and their moments (Allen & Dynes, PRB 12, 905 (1975)). */
#include "lmds/supercon.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>

#include "core/numeric.h"
#include "lmds/io.h"

void lmds_a2f_opts_init(lmds_a2f_opts *opts)
{
    if (!opts) return;
    opts->format = LMDS_A2F_AUTO;
    opts->unit = LMDS_FREQ_AUTO;
    opts->column = 1;
}

/* meV per unit. */
static double unit_to_mev(lmds_freq_unit u)
{
    switch (u) {
    case LMDS_FREQ_THZ: return LMDS_THZ_MEV;
    case LMDS_FREQ_CM1: return LMDS_CM1_MEV;
    case LMDS_FREQ_K: return LMDS_KB_MEV;
    case LMDS_FREQ_HA: return LMDS_HA_EV * 1000.0;
    case LMDS_FREQ_RY: return LMDS_HA_EV * 500.0;
    case LMDS_FREQ_AUTO:
    case LMDS_FREQ_MEV:
    default: return 1.0;
    }
}

void lmds_a2f_free(lmds_a2f *a)
{
    if (!a) return;
    free(a->omega);
    free(a->a2f);
    free(a->source);
    free(a);
}

static lmds_a2f *a2f_alloc(size_t n, const char *source)
{
    lmds_a2f *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->omega = malloc((n ? n : 1) * sizeof(double));
    a->a2f = malloc((n ? n : 1) * sizeof(double));
    const char *s = source ? source : "arrays";
    a->source = malloc(strlen(s) + 1);
    if (!a->omega || !a->a2f || !a->source) {
        lmds_a2f_free(a);
        return NULL;
    }
    strcpy(a->source, s);
    a->n = n;
    a->column = 1;
    a->format = LMDS_A2F_COLUMNS;
    a->unit = LMDS_FREQ_MEV;
    return a;
}

lmds_status lmds_a2f_from_arrays(size_t n, const double *omega, const double *a2f, lmds_freq_unit unit,
                                 lmds_a2f **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_a2f_from_arrays: out is NULL");
    *out = NULL;
    if (!omega || !a2f || n == 0) return lmds_error(LMDS_EINVAL, "lmds_a2f_from_arrays: empty spectrum");
    double s = unit_to_mev(unit);
    lmds_a2f *a = a2f_alloc(n, "arrays");
    if (!a) return lmds_error(LMDS_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(omega[i]) || !isfinite(a2f[i])) {
            lmds_a2f_free(a);
            return lmds_error(LMDS_EINVAL, "lmds_a2f_from_arrays: point %zu is not finite", i);
        }
        if (omega[i] <= 0) continue;
        double w = omega[i] * s;
        if (k > 0 && !(w > a->omega[k - 1])) {
            lmds_a2f_free(a);
            return lmds_error(LMDS_EINVAL, "lmds_a2f_from_arrays: frequencies must increase (point %zu)", i);
        }
        a->omega[k] = w;
        a->a2f[k] = a2f[i];
        k++;
    }
    if (k < 2) {
        lmds_a2f_free(a);
        return lmds_error(LMDS_EINVAL, "lmds_a2f_from_arrays: fewer than 2 points with omega > 0");
    }
    a->n = k;
    a->n_dropped = n - k;
    a->unit = unit == LMDS_FREQ_AUTO ? LMDS_FREQ_MEV : unit;
    *out = a;
    return LMDS_OK;
}

lmds_status lmds_a2f_einstein(double omega_E, double lambda, double rel_width, lmds_a2f **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_a2f_einstein: out is NULL");
    *out = NULL;
    if (!(omega_E > 0) || !(lambda > 0) || !(rel_width > 0 && rel_width <= 0.3) || !isfinite(omega_E) ||
        !isfinite(lambda))
        return lmds_error(LMDS_EINVAL, "lmds_a2f_einstein: need omega_E > 0, lambda > 0, 0 < width <= 0.3");
    const size_t n = 401;
    double sigma = rel_width * omega_E;
    double lo = omega_E - 5 * sigma, hi = omega_E + 5 * sigma;
    if (lo < 1e-3 * omega_E) lo = 1e-3 * omega_E;
    lmds_a2f *a = a2f_alloc(n, "einstein");
    if (!a) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        double w = lo + (hi - lo) * (double)i / (double)(n - 1);
        a->omega[i] = w;
        a->a2f[i] = exp(-0.5 * (w - omega_E) * (w - omega_E) / (sigma * sigma));
    }
    /* The peak's tails are exactly zero at the ends (to 4e-6): set them so, then normalise to lambda with the
     * same quadrature as the moments. */
    a->a2f[0] = a->a2f[n - 1] = 0.0;
    lmds_a2f_mom m;
    lmds_status st = lmds_a2f_moments(a, &m);
    if (st) {
        lmds_a2f_free(a);
        return st;
    }
    for (size_t i = 0; i < n; i++) a->a2f[i] *= lambda / m.lambda;
    *out = a;
    return LMDS_OK;
}

lmds_status lmds_a2f_scaled(const lmds_a2f *src, double freq_scale, double amp_scale, lmds_a2f **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_a2f_scaled: out is NULL");
    *out = NULL;
    if (!src || !(freq_scale > 0) || !(amp_scale >= 0) || !isfinite(freq_scale) || !isfinite(amp_scale))
        return lmds_error(LMDS_EINVAL, "lmds_a2f_scaled: need a spectrum, freq_scale > 0, amp_scale >= 0");
    lmds_a2f *a = a2f_alloc(src->n, src->source);
    if (!a) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (size_t i = 0; i < src->n; i++) {
        a->omega[i] = src->omega[i] * freq_scale;
        a->a2f[i] = src->a2f[i] * amp_scale;
    }
    a->format = src->format;
    a->unit = src->unit;
    a->column = src->column;
    *out = a;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* File reading                                                                                                */

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return 0;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)s[n - m + i]) != tolower((unsigned char)suffix[i])) return 0;
    return 1;
}

static int contains_ci(const char *s, size_t len, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= len; i++) {
        size_t j = 0;
        while (j < m && tolower((unsigned char)s[i + j]) == tolower((unsigned char)needle[j])) j++;
        if (j == m) return 1;
    }
    return 0;
}

/* A unit named in a header line, or AUTO. Looks for the usual spellings in brackets or after "in". */
static lmds_freq_unit unit_from_header(const char *s, size_t len)
{
    if (contains_ci(s, len, "thz")) return LMDS_FREQ_THZ;
    if (contains_ci(s, len, "mev")) return LMDS_FREQ_MEV;
    if (contains_ci(s, len, "cm-1") || contains_ci(s, len, "cm^-1") || contains_ci(s, len, "cm^{-1}") ||
        contains_ci(s, len, "1/cm"))
        return LMDS_FREQ_CM1;
    if (contains_ci(s, len, "rydberg") || contains_ci(s, len, "(ry)") || contains_ci(s, len, "[ry]"))
        return LMDS_FREQ_RY;
    if (contains_ci(s, len, "hartree") || contains_ci(s, len, "(ha)") || contains_ci(s, len, "[ha]"))
        return LMDS_FREQ_HA;
    if (contains_ci(s, len, "(k)") || contains_ci(s, len, "[k]") || contains_ci(s, len, "kelvin"))
        return LMDS_FREQ_K;
    return LMDS_FREQ_AUTO;
}

static int is_sep(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\r' || c == '\v' || c == '\f';
}

/* Parse one number token [p, end) fully; Fortran 'D' exponents are accepted. Returns 0 on success. */
static int parse_number(const char *p, const char *end, double *v)
{
    char buf[64];
    size_t n = (size_t)(end - p);
    if (n == 0 || n >= sizeof buf) return -1;
    for (size_t i = 0; i < n; i++) buf[i] = (p[i] == 'D' || p[i] == 'd') ? 'e' : p[i];
    buf[n] = '\0';
    char *e = NULL;
    errno = 0;
    double x = strtod(buf, &e);
    if (e != buf + n || errno == ERANGE || !isfinite(x)) return -1;
    /* strtod accepts "inf"/"nan" and hex: the isfinite check and a first-character check reject them. */
    if (!(isdigit((unsigned char)buf[0]) || buf[0] == '-' || buf[0] == '+' || buf[0] == '.')) return -1;
    *v = x;
    return 0;
}

typedef struct growbuf {
    double *w, *f;
    size_t n, cap;
} growbuf;

static int grow_push(growbuf *g, double w, double f)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        double *nw = realloc(g->w, cap * sizeof(double));
        if (!nw) return -1;
        g->w = nw;
        double *nf = realloc(g->f, cap * sizeof(double));
        if (!nf) return -1;
        g->f = nf;
        g->cap = cap;
    }
    g->w[g->n] = w;
    g->f[g->n] = f;
    g->n++;
    return 0;
}

/* The state of a spectrum being read line by line. */
typedef struct a2f_reader {
    const char *fname;
    int column;                 /* the alpha^2F column wanted (1 = first after the frequency) */
    lmds_a2f_format fmt;
    lmds_freq_unit header_unit; /* a unit named before the data, or AUTO */
    growbuf g;
    size_t dropped;             /* rows with omega <= 0 */
    int line, data_started, data_ended, ncols_first;
} a2f_reader;

/* Text before the data (a comment or a header such as "omega a2F"): a unit, or EPW's title. */
static void read_header(a2f_reader *r, const char *q, size_t n)
{
    if (contains_ci(q, n, "Eliashberg function") && r->fmt == LMDS_A2F_AUTO) r->fmt = LMDS_A2F_EPW;
    lmds_freq_unit u = unit_from_header(q, n);
    if (u != LMDS_FREQ_AUTO && r->header_unit == LMDS_FREQ_AUTO) r->header_unit = u;
}

/* Numbers of one data row [q, eol) up to an inline comment: the frequency in *w, the wanted column in *f.
 * Returns the number of numbers, -1 for a line that is not data (a header; after an EPW table its trailer,
 * which ends the data), or -2 with the located error recorded. p is the start of the line (for columns). */
static int row_numbers(a2f_reader *r, const char *p, const char *q, const char *eol, double *w, double *f,
                       int *have_f)
{
    int ntok = 0;
    *have_f = 0;
    for (const char *t = q; t < eol;) {
        while (t < eol && is_sep(*t)) t++;
        if (t >= eol || *t == '#' || *t == '!') break;
        const char *te = t;
        while (te < eol && !is_sep(*te) && *te != '#' && *te != '!') te++;
        double v;
        if (parse_number(t, te, &v) != 0) {
            if (ntok == 0 && !r->data_started) {
                read_header(r, q, (size_t)(eol - q));
                return -1;
            }
            if (ntok == 0 && r->data_started && r->fmt == LMDS_A2F_EPW) {
                /* EPW writes the integrated coupling and smearings after the table: the data end here. */
                r->data_ended = 1;
                return -1;
            }
            lmds_error_at(LMDS_EPARSE, r->fname, r->line, (int)(t - p) + 1, "expected a number, found '%.*s'",
                          (int)((te - t) > 40 ? 40 : (te - t)), t);
            return -2;
        }
        if (ntok == 0) *w = v;
        if (ntok == r->column) *f = v, *have_f = 1;
        ntok++;
        t = te;
    }
    return ntok;
}

/* One line [p, eol) of the file. */
static lmds_status read_line(a2f_reader *r, const char *p, const char *eol)
{
    const char *q = p;
    while (q < eol && is_sep(*q)) q++;
    if (q == eol) return LMDS_OK; /* blank */
    if (*q == '#' || *q == '!' || *q == '%') {
        if (!r->data_started) read_header(r, q, (size_t)(eol - q));
        return LMDS_OK;
    }
    double w = 0, f = 0;
    int have_f;
    int ntok = row_numbers(r, p, q, eol, &w, &f, &have_f);
    if (ntok == -2) return LMDS_EPARSE;
    if (ntok < 0) return LMDS_OK;
    if (!have_f) {
        if (ntok == 1 || r->ncols_first < 0)
            return lmds_error_at(LMDS_EPARSE, r->fname, r->line, (int)(eol - p) + 1,
                                 "expected a frequency and at least %d alpha^2F column%s, found %d number%s",
                                 r->column, r->column == 1 ? "" : "s", ntok, ntok == 1 ? "" : "s");
        return lmds_error_at(LMDS_EPARSE, r->fname, r->line, (int)(eol - p) + 1,
                             "row has %d columns, alpha^2F column %d needs %d", ntok, r->column, r->column + 1);
    }
    if (r->ncols_first < 0) r->ncols_first = ntok;
    r->data_started = 1;
    if (w <= 0) {
        r->dropped++;
        return LMDS_OK;
    }
    if (r->g.n > 0 && !(w > r->g.w[r->g.n - 1]))
        return lmds_error_at(LMDS_EPARSE, r->fname, r->line, (int)(q - p) + 1,
                             "frequencies must increase (%g after %g)", w, r->g.w[r->g.n - 1]);
    if (grow_push(&r->g, w, f) != 0) return lmds_error(LMDS_ENOMEM, "out of memory reading %s", r->fname);
    return LMDS_OK;
}

/* The spectrum from the rows read: unit (given, from the format or a header, else meV with a warning), warnings
 * for dropped and negative rows. */
static lmds_status build_spectrum(a2f_reader *r, lmds_freq_unit unit, lmds_a2f **out)
{
    if (r->g.n < 2)
        return lmds_error_at(LMDS_EPARSE, r->fname, r->line, 0, "fewer than 2 rows with a positive frequency");
    if (r->fmt == LMDS_A2F_AUTO) r->fmt = LMDS_A2F_COLUMNS;
    if (unit == LMDS_FREQ_AUTO) {
        if (r->fmt == LMDS_A2F_ELK) unit = LMDS_FREQ_HA;
        else if (r->header_unit != LMDS_FREQ_AUTO) unit = r->header_unit;
        else if (r->fmt == LMDS_A2F_EPW) unit = LMDS_FREQ_MEV;
        else {
            unit = LMDS_FREQ_MEV;
            lmds_warn("%s: no frequency unit in the file; assuming meV (give the unit explicitly)", r->fname);
        }
    }
    if (r->dropped)
        lmds_warn("%s: ignored %zu row%s with omega <= 0", r->fname, r->dropped, r->dropped == 1 ? "" : "s");
    lmds_a2f *a = a2f_alloc(r->g.n, r->fname);
    if (!a) return lmds_error(LMDS_ENOMEM, "out of memory");
    double s = unit_to_mev(unit);
    size_t nneg = 0;
    for (size_t i = 0; i < r->g.n; i++) {
        a->omega[i] = r->g.w[i] * s;
        a->a2f[i] = r->g.f[i];
        if (r->g.f[i] < 0) nneg++;
    }
    if (nneg) lmds_warn("%s: %zu row%s with alpha^2F < 0 kept as read", r->fname, nneg, nneg == 1 ? "" : "s");
    a->format = r->fmt;
    a->unit = unit;
    a->column = r->column;
    a->n_dropped = r->dropped;
    *out = a;
    return LMDS_OK;
}

lmds_status lmds_a2f_parse(const char *text, size_t len, const char *name, const lmds_a2f_opts *opts,
                           lmds_a2f **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_a2f_parse: out is NULL");
    *out = NULL;
    if (!text && len) return lmds_error(LMDS_EINVAL, "lmds_a2f_parse: text is NULL");
    lmds_a2f_opts o;
    lmds_a2f_opts_init(&o);
    if (opts) o = *opts;
    if (o.column == 0) o.column = 1;
    a2f_reader r;
    memset(&r, 0, sizeof r);
    r.fname = name ? name : "<input>";
    if (o.column < 1 || o.column > 1000)
        return lmds_error(LMDS_EINVAL, "%s: alpha^2F column %d out of range (1..1000)", r.fname, o.column);
    r.column = o.column;
    r.ncols_first = -1;
    r.header_unit = LMDS_FREQ_AUTO;
    /* Format from the name first; the header can still reveal EPW. */
    r.fmt = o.format;
    if (r.fmt == LMDS_A2F_AUTO && name) {
        if (ends_with_ci(name, "ALPHA2F.OUT")) r.fmt = LMDS_A2F_ELK;
        else if (ends_with_ci(name, ".a2f") && name[strlen(name) - 1] == 'f') r.fmt = LMDS_A2F_EPW;
    }
    lmds_status st = LMDS_OK;
    const char *end = text + len;
    for (const char *p = text; p < end && !r.data_ended && !st;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        r.line++;
        st = read_line(&r, p, eol);
        p = eol + 1;
    }
    if (!st) st = build_spectrum(&r, o.unit, out);
    free(r.g.w);
    free(r.g.f);
    return st;
}

/* Spectrum files are small (Elk: a few hundred rows; EPW with 20 smearings: well under a megabyte); the limit only
 * stops a wrong path (a core dump, a video) from being read into memory whole. */
#define A2F_MAX_BYTES ((size_t)256 << 20)

lmds_status lmds_a2f_load(const char *path, const lmds_a2f_opts *opts, lmds_a2f **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_a2f_load: out is NULL");
    *out = NULL;
    if (!path) return lmds_error(LMDS_EINVAL, "lmds_a2f_load: path is NULL");
    char *buf = NULL;
    size_t n = 0;
    lmds_status st = lmds_file_read(path, A2F_MAX_BYTES, &buf, &n);
    if (st) return st;
    st = lmds_a2f_parse(buf, n, path, opts, out);
    free(buf);
    return st;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Moments                                                                                                     */

/* Integral of y over the spectrum grid with the point (0, y0) prepended, by GSL's linear interpolation
 * (the trapezoidal rule on the data points). Returns a GSL status. */
static int integrate_grid(const double *x, const double *y, size_t n, gsl_interp *interp, gsl_interp_accel *acc,
                          double *result)
{
    int gs = gsl_interp_init(interp, x, y, n);
    if (gs != GSL_SUCCESS) return gs;
    return gsl_interp_eval_integ_e(interp, x, y, x[0], x[n - 1], acc, result);
}

/* The four integrals of the moments: lambda/2, the log moment, <omega^2> lambda/2 and <omega> lambda/2
 * (Allen & Dynes, PRB 12, 905 (1975), eqs. 3, 6, 7); x[0] = 0 with every integrand 0 there, since alpha^2F
 * vanishes at omega = 0 (as omega^2 for acoustic phonons). */
static int moment_integrals(const lmds_a2f *a, double *x, double *y, gsl_interp *interp, gsl_interp_accel *acc,
                            double v[4])
{
    size_t n = a->n + 1;
    x[0] = 0.0;
    y[0] = 0.0;
    for (size_t i = 0; i < a->n; i++) x[i + 1] = a->omega[i];
    int gs = GSL_SUCCESS;
    for (int k = 0; k < 4 && gs == GSL_SUCCESS; k++) {
        for (size_t i = 0; i < a->n; i++) {
            double w = a->omega[i], f = a->a2f[i];
            y[i + 1] = k == 0 ? f / w : k == 1 ? f * log(w) / w : k == 2 ? f * w : f;
        }
        gs = integrate_grid(x, y, n, interp, acc, &v[k]);
        v[k] *= 2.0;
    }
    return gs;
}

lmds_status lmds_a2f_moments(const lmds_a2f *a, lmds_a2f_mom *m)
{
    if (!a || !m) return lmds_error(LMDS_EINVAL, "lmds_a2f_moments: NULL argument");
    if (a->n < 2) return lmds_error(LMDS_EINVAL, "lmds_a2f_moments: fewer than 2 points");
    lmds_gsl_init();
    size_t n = a->n + 1;
    double *x = malloc(n * sizeof(double));
    double *y = malloc(n * sizeof(double));
    gsl_interp *interp = gsl_interp_alloc(gsl_interp_linear, n);
    gsl_interp_accel *acc = gsl_interp_accel_alloc();
    double v[4] = {0, 0, 0, 0};
    int gs = x && y && interp && acc ? moment_integrals(a, x, y, interp, acc, v) : GSL_ENOMEM;
    free(x);
    free(y);
    if (interp) gsl_interp_free(interp);
    if (acc) gsl_interp_accel_free(acc);
    if (gs == GSL_ENOMEM) return lmds_error(LMDS_ENOMEM, "out of memory");
    if (gs != GSL_SUCCESS)
        return lmds_error(LMDS_EDOMAIN, "%s: moments of alpha^2F failed (%s)", a->source, gsl_strerror(gs));
    double lam = v[0], ilog = v[1], i2 = v[2], i1 = v[3];
    double peak = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->a2f[i] > peak) peak = a->a2f[i];
    double wmax = a->omega[a->n - 1];
    for (size_t i = a->n; i-- > 0;)
        if (a->a2f[i] > 1e-6 * peak) {
            wmax = a->omega[i];
            break;
        }
    if (!(lam > 0) || !isfinite(lam))
        return lmds_error(LMDS_EDOMAIN, "%s: lambda = %g is not positive", a->source, lam);
    if (!isfinite(ilog) || !isfinite(i2) || !isfinite(i1))
        return lmds_error(LMDS_EDOMAIN, "%s: moments of alpha^2F are not finite", a->source);
    m->lambda = lam;
    m->omega_log = exp(ilog / lam);
    m->omega2 = i2 > 0 ? sqrt(i2 / lam) : 0.0;
    m->omega1 = i1 / lam;
    m->omega_max = wmax;
    m->omega_log_K = m->omega_log / LMDS_KB_MEV;
    m->omega2_K = m->omega2 / LMDS_KB_MEV;
    m->omega_max_K = m->omega_max / LMDS_KB_MEV;
    return LMDS_OK;
}
