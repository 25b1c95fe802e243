/* Probability calibration of the classifier: Platt scaling on out-of-fold scores (Platt, in Advances in Large
 * Margin Classifiers, MIT Press 1999; Niculescu-Mizil & Caruana, ICML 2005 for boosted trees), fitted with the
 * rows weighted to the stated base rate, and the reliability diagram of the result. */
#include "learn_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lmds/io.h>

/* Scores are clamped away from 0 and 1 before the logit: boosted trees emit probabilities of 1 - 1e-7. */
#define LMDS_LEARN_SCORE_EPS 1e-6

static double logit(double s)
{
    s = fmin(fmax(s, LMDS_LEARN_SCORE_EPS), 1 - LMDS_LEARN_SCORE_EPS);
    return log(s / (1 - s));
}

static double sigmoid(double t) { return t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t)); }

double lmds_learn_calibrated(const lmds_learn_calibration *c, double s)
{
    if (!c->fitted || !isfinite(s)) return s;
    return sigmoid(c->a * logit(s) + c->b);
}

/* Ridge on (a, b): keeps a separable set finite. */
#define LMDS_LEARN_PLATT_RIDGE 1e-6

/* Weighted log-loss of the Platt model (with the ridge): sum w [log(1 + e^t) - y t], t = a z + b, computed stably. */
static double platt_loss(const double *z, const int *label, const double *w, size_t n, double a, double b)
{
    double L = 0.5 * LMDS_LEARN_PLATT_RIDGE * (a * a + b * b);
    for (size_t i = 0; i < n; i++) {
        double t = a * z[i] + b;
        L += (w ? w[i] : 1.0) * (fmax(t, 0) + log1p(exp(-fabs(t))) - label[i] * t);
    }
    return L;
}

/* Weighted logistic regression of label on z = logit(score): Newton-Raphson on (a, b), each step halved until the
 * loss decreases. Without the step control Newton overshoots when the scores of boosted trees pile up at the clamp
 * (|z| near 14): p saturates, the Hessian collapses to the ridge and (a, b) run off to 1e10. */
static void platt_fit(const double *z, const int *label, const double *w, size_t n, double *a, double *b)
{
    double A = 1, B = 0, L = platt_loss(z, label, w, n, A, B);
    for (int it = 0; it < 100; it++) {
        double ga = LMDS_LEARN_PLATT_RIDGE * A, gb = LMDS_LEARN_PLATT_RIDGE * B;
        double haa = LMDS_LEARN_PLATT_RIDGE, hab = 0, hbb = LMDS_LEARN_PLATT_RIDGE;
        for (size_t i = 0; i < n; i++) {
            double p = sigmoid(A * z[i] + B), wi = w ? w[i] : 1.0;
            double r = wi * (p - label[i]), v = wi * p * (1 - p);
            ga += r * z[i];
            gb += r;
            haa += v * z[i] * z[i];
            hab += v * z[i];
            hbb += v;
        }
        double det = haa * hbb - hab * hab;
        if (!(det > 0)) break;
        double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det, step = 1, Ln = L;
        for (int h = 0; h < 40; h++, step *= 0.5)
            if ((Ln = platt_loss(z, label, w, n, A - step * da, B - step * db)) <= L) break;
        if (!(Ln <= L)) break;
        A -= step * da;
        B -= step * db;
        int done = L - Ln <= 1e-12 * fabs(L) || (fabs(step * da) < 1e-10 && fabs(step * db) < 1e-10);
        L = Ln;
        if (done) break;
    }
    *a = A;
    *b = B;
}

lmds_status lmds_learn_calibration_fit(const double *score, const int *label, const double *weight, size_t n,
                                       double base_rate, lmds_learn_calibration *c)
{
    memset(c, 0, sizeof *c);
    if (n < 10) return lmds_error(LMDS_ENODATA, "learn: too few rows (%zu) to calibrate the classifier", n);
    double *z = malloc(n * sizeof *z);
    if (!z) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) z[i] = logit(score[i]);
    platt_fit(z, label, weight, n, &c->a, &c->b);
    free(z);
    if (!isfinite(c->a) || !isfinite(c->b)) return lmds_error(LMDS_EDOMAIN, "learn: calibration did not converge");
    c->fitted = 1;
    c->base_rate = base_rate;
    /* Reliability diagram: calibrated probability in ten equal bins against the observed (weighted) fraction. */
    double sp[LMDS_LEARN_RELIABILITY_BINS] = {0}, so[LMDS_LEARN_RELIABILITY_BINS] = {0};
    for (size_t i = 0; i < n; i++) {
        double p = lmds_learn_calibrated(c, score[i]), w = weight ? weight[i] : 1.0;
        int k = (int)(p * LMDS_LEARN_RELIABILITY_BINS);
        if (k >= LMDS_LEARN_RELIABILITY_BINS) k = LMDS_LEARN_RELIABILITY_BINS - 1;
        if (k < 0) k = 0;
        sp[k] += w * p;
        so[k] += w * label[i];
        c->bin_weight[k] += w;
        c->bin_count[k]++;
    }
    for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS; k++) {
        c->bin_pred[k] = c->bin_weight[k] > 0 ? sp[k] / c->bin_weight[k] : NAN;
        c->bin_obs[k] = c->bin_weight[k] > 0 ? so[k] / c->bin_weight[k] : NAN;
    }
    return LMDS_OK;
}

/* ---------------------------------------------------------------- the reliability diagram as SVG */

static void svg_axes(FILE *f, double x0, double y0, double w, double h)
{
    fprintf(f, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"black\"/>\n", x0, y0 - h, w, h);
    for (int t = 0; t <= 10; t += 2) {
        double v = t / 10.0;
        fprintf(f, "<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"middle\">%.1f</text>\n", x0 + v * w, y0 + 15,
                v);
        fprintf(f, "<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"end\">%.1f</text>\n", x0 - 5, y0 - v * h + 4,
                v);
    }
    fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n", x0, y0,
            x0 + w, y0 - h);
}

lmds_status lmds_learn_model_reliability_svg(const lmds_learn_model *m, const char *path)
{
    if (!m || !path) return lmds_error(LMDS_EINVAL, "lmds_learn_model_reliability_svg: NULL argument");
    const lmds_learn_calibration *c = &m->cal;
    if (!c->fitted) return lmds_error(LMDS_ENODATA, "learn: the model has no calibrated classifier");
    lmds_ofile *o = NULL;
    lmds_status st = lmds_ofile_open(path, NULL, &o);
    if (st != LMDS_OK) return st;
    FILE *f = lmds_ofile_stream(o);
    const double x0 = 70, y0 = 330, w = 300, h = 280;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"440\" height=\"400\" font-family=\"sans-serif\">\n");
    fprintf(f, "<text x=\"220\" y=\"25\" font-size=\"13\" text-anchor=\"middle\">Reliability of p(Tc &gt;= %g K), grouped "
               "out-of-fold, base rate %.3g</text>\n", m->cls_tc_K, c->base_rate);
    svg_axes(f, x0, y0, w, h);
    fprintf(f, "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
    for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS; k++)
        if (c->bin_count[k]) fprintf(f, "%.1f,%.1f ", x0 + c->bin_pred[k] * w, y0 - c->bin_obs[k] * h);
    fprintf(f, "\"/>\n");
    for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS; k++) {
        if (!c->bin_count[k]) continue;
        double cx = x0 + c->bin_pred[k] * w, cy = y0 - c->bin_obs[k] * h;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"/>\n", cx, cy);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#555\">%zu</text>\n", cx + 5, cy - 5,
                c->bin_count[k]);
    }
    double tx = x0 + m->threshold * w;
    fprintf(f, "<line x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\" stroke=\"#d62728\"/>\n", tx, y0, tx, y0 - h);
    fprintf(f, "<text x=\"%.1f\" y=\"%g\" font-size=\"11\" fill=\"#d62728\">threshold %.2f</text>\n", tx + 4, y0 - h + 12,
            m->threshold);
    fprintf(f, "<text x=\"%g\" y=\"%g\" font-size=\"12\" text-anchor=\"middle\">calibrated probability</text>\n",
            x0 + w / 2, y0 + 35);
    fprintf(f, "<text x=\"20\" y=\"%g\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 20 %g)\">observed "
               "fraction (weighted)</text>\n", y0 - h / 2, y0 - h / 2);
    fprintf(f, "<text x=\"%g\" y=\"390\" font-size=\"10\" text-anchor=\"middle\">numbers: rows per bin; dashed: perfect "
               "calibration</text>\n</svg>\n", x0 + w / 2);
    return lmds_ofile_commit(o);
}
