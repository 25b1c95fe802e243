/* A small SVG x-y plot writer: enough for phase diagrams, Tc(P) curves, gap curves and Pareto fronts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct series {
    char *name, *color;
    int n;
    double *x, *y;
    cli_style style;
} series;

typedef struct note {
    double x, y;
    char *text;
} note;

struct cli_plot {
    char *title, *xlabel, *ylabel;
    int logx, logy, fixx, fixy;
    double xlo, xhi, ylo, yhi;
    series *s;
    int ns;
    note *notes;
    int nn;
};

/* Okabe & Ito colour-blind-safe palette (Color Universal Design, 2008). */
static const char *palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};

static char *dup(const char *s) { return cli_xstrdup(s ? s : ""); }

cli_plot *cli_plot_new(const char *title, const char *xlabel, const char *ylabel)
{
    cli_plot *p = cli_xcalloc(1, sizeof *p);
    p->title = dup(title);
    p->xlabel = dup(xlabel);
    p->ylabel = dup(ylabel);
    return p;
}

void cli_plot_logx(cli_plot *p, int on) { p->logx = on; }
void cli_plot_logy(cli_plot *p, int on) { p->logy = on; }
void cli_plot_xrange(cli_plot *p, double lo, double hi) { p->fixx = 1, p->xlo = lo, p->xhi = hi; }
void cli_plot_yrange(cli_plot *p, double lo, double hi) { p->fixy = 1, p->ylo = lo, p->yhi = hi; }

void cli_plot_series(cli_plot *p, const char *name, int n, const double *x, const double *y, cli_style style,
                     const char *color)
{
    p->s = cli_xrealloc(p->s, (size_t)(p->ns + 1) * sizeof *p->s);
    series *s = &p->s[p->ns];
    s->name = dup(name);
    s->color = dup(color ? color : palette[p->ns % 8]);
    s->n = n;
    s->x = cli_xmalloc((size_t)(n > 0 ? n : 1) * sizeof *s->x);
    s->y = cli_xmalloc((size_t)(n > 0 ? n : 1) * sizeof *s->y);
    if (n > 0) {
        memcpy(s->x, x, (size_t)n * sizeof *x);
        memcpy(s->y, y, (size_t)n * sizeof *y);
    }
    s->style = style;
    p->ns++;
}

void cli_plot_text(cli_plot *p, double x, double y, const char *text)
{
    p->notes = cli_xrealloc(p->notes, (size_t)(p->nn + 1) * sizeof *p->notes);
    p->notes[p->nn++] = (note){x, y, dup(text)};
}

static double tr(double v, int lg) { return lg ? (v > 0 ? log10(v) : NAN) : v; }

/* A "nice" tick step of about 5-8 ticks over span. */
static double nice_step(double span)
{
    double raw = span / 6.0, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void auto_range(const cli_plot *p, int axis, double *lo, double *hi)
{
    int lg = axis ? p->logy : p->logx;
    *lo = INFINITY, *hi = -INFINITY;
    for (int k = 0; k < p->ns; k++)
        for (int i = 0; i < p->s[k].n; i++) {
            double v = tr(axis ? p->s[k].y[i] : p->s[k].x[i], lg);
            if (isfinite(v)) {
                if (v < *lo) *lo = v;
                if (v > *hi) *hi = v;
            }
        }
    if (!isfinite(*lo)) *lo = 0, *hi = 1;
    if (*hi - *lo < 1e-12) *lo -= 0.5, *hi += 0.5;
    if (!lg) {
        double st = nice_step(*hi - *lo);
        *lo = floor(*lo / st) * st;
        *hi = ceil(*hi / st) * st;
    } else {
        *lo = floor(*lo);
        *hi = ceil(*hi);
    }
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else fputc(*s, f);
    }
}

int cli_plot_write(const cli_plot *p, const char *path)
{
    lmds_ofile *out = cli_output_open(path, NULL);
    if (!out)
        return CLI_BAD_INPUT;
    FILE *f = lmds_ofile_stream(out);
    const double W = 720, H = 480, L = 80, R = 180, T = 40, B = 60;
    double xlo, xhi, ylo, yhi;
    if (p->fixx) xlo = tr(p->xlo, p->logx), xhi = tr(p->xhi, p->logx);
    else auto_range(p, 0, &xlo, &xhi);
    if (p->fixy) ylo = tr(p->ylo, p->logy), yhi = tr(p->yhi, p->logy);
    else auto_range(p, 1, &ylo, &yhi);
#define PX(v) (L + ((v) - xlo) / (xhi - xlo) * (W - L - R))
#define PY(v) (H - B - ((v) - ylo) / (yhi - ylo) * (H - T - B))
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            W, H, W, H);
    fprintf(f, "<clipPath id=\"area\"><rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\"/></clipPath>\n", L, T,
            W - L - R, H - T - B);
    fprintf(f, "<text x=\"%g\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">", (W - R + L) / 2);
    xml_text(f, p->title);
    fprintf(f, "</text>\n");
    /* Axes, ticks and grid. */
    for (int axis = 0; axis < 2; axis++) {
        double lo = axis ? ylo : xlo, hi = axis ? yhi : xhi;
        int lg = axis ? p->logy : p->logx;
        double st = lg ? 1 : nice_step(hi - lo);
        for (double v = ceil(lo / st - 1e-9) * st; v <= hi + 1e-9 * st; v += st) {
            char lab[32];
            double shown = lg ? pow(10, v) : (fabs(v) < 1e-12 * st ? 0 : v);
            snprintf(lab, sizeof lab, "%g", shown);
            if (axis == 0)
                fprintf(f, "<line x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%g\" "
                           "text-anchor=\"middle\">%s</text>\n",
                        PX(v), T, PX(v), H - B, PX(v), H - B + 16, lab);
            else
                fprintf(f, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%g\" y=\"%.1f\" "
                           "text-anchor=\"end\">%s</text>\n",
                        L, PY(v), W - R, PY(v), L - 6, PY(v) + 4, lab);
        }
    }
    fprintf(f, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"black\"/>\n", L, T,
            W - L - R, H - T - B);
    fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">", (W - R + L) / 2, H - 18);
    xml_text(f, p->xlabel);
    fprintf(f, "</text>\n<text transform=\"translate(20,%g) rotate(-90)\" text-anchor=\"middle\">", (H - B + T) / 2);
    xml_text(f, p->ylabel);
    fprintf(f, "</text>\n<g clip-path=\"url(#area)\">\n");
    for (int k = 0; k < p->ns; k++) {
        const series *s = &p->s[k];
        if (s->style == CLI_FILL) {
            fprintf(f, "<polygon fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\" points=\"", s->color, s->color);
            for (int i = 0; i < s->n; i++) {
                double x = tr(s->x[i], p->logx), y = tr(s->y[i], p->logy);
                if (isfinite(x) && isfinite(y)) fprintf(f, "%.2f,%.2f ", PX(x), PY(y));
            }
            fprintf(f, "\"/>\n");
            continue;
        }
        if (s->style != CLI_MARKERS) {
            fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s d=\"", s->color,
                    s->style == CLI_DASHED ? " stroke-dasharray=\"6,4\"" : "");
            int pen = 0;
            for (int i = 0; i < s->n; i++) {
                double x = tr(s->x[i], p->logx), y = tr(s->y[i], p->logy);
                if (!isfinite(x) || !isfinite(y)) {
                    pen = 0;
                    continue;
                }
                fprintf(f, "%c%.2f,%.2f ", pen ? 'L' : 'M', PX(x), PY(y));
                pen = 1;
            }
            fprintf(f, "\"/>\n");
        }
        if (s->style == CLI_MARKERS || s->style == CLI_LINE_MARKERS)
            for (int i = 0; i < s->n; i++) {
                double x = tr(s->x[i], p->logx), y = tr(s->y[i], p->logy);
                if (isfinite(x) && isfinite(y))
                    fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>\n", PX(x), PY(y), s->color);
            }
    }
    for (int i = 0; i < p->nn; i++) {
        double x = tr(p->notes[i].x, p->logx), y = tr(p->notes[i].y, p->logy);
        if (!isfinite(x) || !isfinite(y)) continue;
        fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"11\">", PX(x) + 4, PY(y) - 4);
        xml_text(f, p->notes[i].text);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "</g>\n");
    for (int k = 0; k < p->ns; k++) {
        double y = T + 14 + 18 * k;
        fprintf(f, "<rect x=\"%g\" y=\"%g\" width=\"14\" height=\"4\" fill=\"%s\"/><text x=\"%g\" y=\"%g\">", W - R + 12,
                y - 4, p->s[k].color, W - R + 32, y);
        xml_text(f, p->s[k].name);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "</svg>\n");
#undef PX
#undef PY
    return cli_output_commit(out);
}

void cli_plot_free(cli_plot *p)
{
    if (!p) return;
    for (int k = 0; k < p->ns; k++) {
        free(p->s[k].name), free(p->s[k].color), free(p->s[k].x), free(p->s[k].y);
    }
    for (int i = 0; i < p->nn; i++) free(p->notes[i].text);
    free(p->s), free(p->notes), free(p->title), free(p->xlabel), free(p->ylabel);
    free(p);
}
