/* The one SVG plot writer of the command line: x-y plots (phase diagrams, Tc(P), gap curves, Pareto fronts,
 * score charts) and frameless plots (ternary triangles). Every figure goes through it so that they share one
 * style, and it measures its own text: the canvas grows to hold the legend and the title, annotations are placed
 * where they neither overlap each other nor leave the plot area, and nothing non-finite is ever written.
 * Text widths are upper bounds for DejaVu Sans (the font named first; Debian's fonts-dejavu-core), so a figure
 * laid out here fits when rendered; tests/cli/test_figures.sh renders every figure in Chromium and checks it. */
#include <math.h>
#include <stdarg.h>
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
    int align; /* CLI_AUTO: placed free of overlaps; else fixed: -1 end, 0 middle, 1 start at (x, y) */
    char *text;
} note;

struct cli_plot {
    char *title, *xlabel, *ylabel;
    int logx, logy, fixx, fixy, frameless;
    double xlo, xhi, ylo, yhi;
    series *s;
    int ns;
    note *notes;
    int nn;
    char **cats; /* category labels along x (at xcat), replacing the numeric x ticks */
    double *xcat;
    int ncat;
};

/* The layout of one figure in SVG user units (= CSS px). */
typedef struct frame {
    double W, H, L, R, T, B;     /* canvas and margins around the plot area */
    double xlo, xhi, ylo, yhi;   /* data range (log10 on a log axis) */
} frame;

enum { FONT = 12, FONT_NOTE = 11, FONT_TITLE = 15, PLOT_W = 460, PLOT_H = 380 };

/* Okabe & Ito colour-blind-safe palette (Color Universal Design, 2008). */
static const char *palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};

static char *dup(const char *s) { return cli_xstrdup(s ? s : ""); }

/* An upper bound on the advance width of s in DejaVu Sans at size px (advances from the font's hmtx table:
 * digits 0.636 em, lower case <= 0.63 em except m/w ~0.98, capitals <= 0.79 except M/W ~1.0, space 0.318).
 * UTF-8 continuation bytes add nothing: a multibyte character counts once. */
static double text_width(const char *s, double size)
{
    double em = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c & 0xC0) == 0x80) continue;
        if (strchr("mwMW%", *c)) em += 1.0;
        else if (*c >= 'A' && *c <= 'Z') em += 0.79;
        else if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c >= 0x80) em += 0.64;
        else if (*c == ' ') em += 0.32;
        else em += 0.62;
    }
    return em * size;
}

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
void cli_plot_frameless(cli_plot *p) { p->frameless = 1; }

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

void cli_plot_text_at(cli_plot *p, double x, double y, int align, const char *text)
{
    p->notes = cli_xrealloc(p->notes, (size_t)(p->nn + 1) * sizeof *p->notes);
    p->notes[p->nn++] = (note){x, y, align, dup(text)};
}

void cli_plot_text(cli_plot *p, double x, double y, const char *text) { cli_plot_text_at(p, x, y, CLI_AUTO, text); }

void cli_plot_xcategories(cli_plot *p, int n, const double *x, const char *const *labels)
{
    p->cats = cli_xrealloc(p->cats, (size_t)(p->ncat + n) * sizeof *p->cats);
    p->xcat = cli_xrealloc(p->xcat, (size_t)(p->ncat + n) * sizeof *p->xcat);
    for (int i = 0; i < n; i++) p->cats[p->ncat] = dup(labels[i]), p->xcat[p->ncat++] = x[i];
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

static double px(const frame *f, double v) { return f->L + (v - f->xlo) / (f->xhi - f->xlo) * (f->W - f->L - f->R); }
static double py(const frame *f, double v) { return f->H - f->B - (v - f->ylo) / (f->yhi - f->ylo) * (f->H - f->T - f->B); }

/* Ranges, then margins sized from the measured text: the legend's longest name sets the right margin, category
 * labels the bottom one, a long title widens the canvas; a frameless plot keeps x and y at one scale. */
static frame layout(const cli_plot *p)
{
    frame f = {0};
    if (p->fixx) f.xlo = tr(p->xlo, p->logx), f.xhi = tr(p->xhi, p->logx);
    else auto_range(p, 0, &f.xlo, &f.xhi);
    if (p->fixy) f.ylo = tr(p->ylo, p->logy), f.yhi = tr(p->yhi, p->logy);
    else auto_range(p, 1, &f.ylo, &f.yhi);
    if (!(f.xhi > f.xlo)) f.xlo = 0, f.xhi = 1; /* a log range over non-positive values */
    if (!(f.yhi > f.ylo)) f.ylo = 0, f.yhi = 1;
    double legend = 0, cats = 0, ph = PLOT_H;
    for (int k = 0; k < p->ns; k++)
        if (p->s[k].name[0]) legend = fmax(legend, text_width(p->s[k].name, FONT));
    for (int i = 0; i < p->ncat; i++) cats = fmax(cats, text_width(p->cats[i], FONT));
    if (p->frameless) ph = PLOT_W * (f.yhi - f.ylo) / (f.xhi - f.xlo);
    f.L = p->frameless ? 20 : 80, f.T = 40;
    f.R = legend > 0 ? 32 + legend + 12 : 20;
    f.B = p->frameless ? 20 : p->ncat ? 14 + cats + 34 : 60;
    f.W = f.L + PLOT_W + f.R;
    double tw = text_width(p->title, FONT_TITLE) + 20;
    if (tw > f.W) f.R += tw - f.W, f.W = tw;
    f.H = f.T + ph + f.B;
    double lh = f.T + 18 * p->ns + 10; /* the legend's last entry */
    if (lh > f.H) f.B += lh - f.H, f.H = lh;
    return f;
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

/* <text ...>s</text> with the given attributes (a printf format and its arguments). */
static void text_el(FILE *f, const char *s, const char *attrfmt, ...)
{
    va_list ap;
    va_start(ap, attrfmt);
    fputs("<text ", f);
    vfprintf(f, attrfmt, ap);
    va_end(ap);
    fputc('>', f);
    xml_text(f, s);
    fputs("</text>\n", f);
}

/* Grid lines, tick labels (numbers, or category names turned upright), the frame and the axis titles. */
static void write_axes(FILE *out, const cli_plot *p, const frame *f)
{
    for (int axis = 0; axis < 2; axis++) {
        double lo = axis ? f->ylo : f->xlo, hi = axis ? f->yhi : f->xhi;
        int lg = axis ? p->logy : p->logx;
        double st = lg ? 1 : nice_step(hi - lo);
        if (axis == 0 && p->ncat) continue;
        for (double v = ceil(lo / st - 1e-9) * st; v <= hi + 1e-9 * st; v += st) {
            char lab[32];
            snprintf(lab, sizeof lab, "%g", lg ? pow(10, v) : (fabs(v) < 1e-12 * st ? 0 : v));
            if (axis == 0) {
                fprintf(out, "<line x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\" stroke=\"#ddd\"/>\n", px(f, v), f->T,
                        px(f, v), f->H - f->B);
                text_el(out, lab, "x=\"%.1f\" y=\"%g\" text-anchor=\"middle\"", px(f, v), f->H - f->B + 18);
            } else {
                fprintf(out, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", f->L, py(f, v),
                        f->W - f->R, py(f, v));
                text_el(out, lab, "x=\"%g\" y=\"%.1f\" text-anchor=\"end\"", f->L - 8, py(f, v) + 4);
            }
        }
    }
    for (int i = 0; i < p->ncat; i++) {
        double x = px(f, tr(p->xcat[i], p->logx)), y = f->H - f->B + 10;
        if (!isfinite(x) || x < f->L - 1 || x > f->W - f->R + 1) continue;
        fprintf(out, "<line x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\" stroke=\"#ddd\"/>\n", x, f->T, x, f->H - f->B);
        text_el(out, p->cats[i], "x=\"%.1f\" y=\"%g\" text-anchor=\"end\" transform=\"rotate(-90 %.1f %g)\"", x + 4,
                y, x + 4, y);
    }
    fprintf(out, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"black\"/>\n", f->L, f->T,
            f->W - f->L - f->R, f->H - f->T - f->B);
    text_el(out, p->xlabel, "class=\"axis-label\" x=\"%g\" y=\"%g\" text-anchor=\"middle\"", (f->L + f->W - f->R) / 2,
            f->H - 16);
    text_el(out, p->ylabel, "class=\"axis-label\" transform=\"translate(20,%g) rotate(-90)\" text-anchor=\"middle\"",
            (f->H - f->B + f->T) / 2);
}

/* Points of one series as "x,y" pairs; non-finite points are skipped (fills) or break the line (paths). */
static void write_points(FILE *out, const cli_plot *p, const frame *f, const series *s, int path)
{
    int pen = 0;
    for (int i = 0; i < s->n; i++) {
        double x = tr(s->x[i], p->logx), y = tr(s->y[i], p->logy);
        if (!isfinite(x) || !isfinite(y)) {
            pen = 0;
            continue;
        }
        if (path) fputc(pen ? 'L' : 'M', out);
        fprintf(out, "%.2f,%.2f ", px(f, x), py(f, y));
        pen = 1;
    }
}

/* Lines and fills are clipped to the plot area; markers are not (a point on the frame is drawn whole) but points
 * outside the ranges are left out. */
static void write_series(FILE *out, const cli_plot *p, const frame *f)
{
    fprintf(out, "<g clip-path=\"url(#area)\">\n");
    for (int k = 0; k < p->ns; k++) {
        const series *s = &p->s[k];
        if (s->style == CLI_FILL) {
            fprintf(out, "<polygon fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\" points=\"", s->color, s->color);
            write_points(out, p, f, s, 0);
            fprintf(out, "\"/>\n");
        } else if (s->style != CLI_MARKERS) {
            fprintf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s d=\"", s->color,
                    s->style == CLI_DASHED ? " stroke-dasharray=\"6,4\"" : "");
            write_points(out, p, f, s, 1);
            fprintf(out, "\"/>\n");
        }
    }
    fprintf(out, "</g>\n");
    for (int k = 0; k < p->ns; k++) {
        const series *s = &p->s[k];
        if (s->style != CLI_MARKERS && s->style != CLI_LINE_MARKERS) continue;
        for (int i = 0; i < s->n; i++) {
            double x = px(f, tr(s->x[i], p->logx)), y = py(f, tr(s->y[i], p->logy));
            if (isfinite(x) && isfinite(y) && x >= f->L - 0.5 && x <= f->W - f->R + 0.5 && y >= f->T - 0.5 &&
                y <= f->H - f->B + 0.5)
                fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>\n", x, y, s->color);
        }
    }
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int boxes_meet(box a, box b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

/* The box of a note of width w whose baseline starts at (x, y), with a 1-unit halo. */
static box note_box(double x, double y, double w) { return (box){x - 1, y - FONT_NOTE - 1, x + w + 1, y + 4}; }

/* Where an automatically placed note goes: of a ring of positions around its point (right, left and centred,
 * above and below, then further up and down), the first whose box stays in the plot area and meets no box already
 * placed; when none is free, the one meeting the fewest. Returns the number of boxes met (0: free). */
static int place_note(const frame *f, double x, double y, double w, const box *placed, int np, double *bx, double *by)
{
    const box area = {f->L + 2, f->T + 2, f->W - f->R - 2, f->H - f->B - 2};
    int best = -1;
    *bx = fmin(fmax(x + 4, area.x0 + 1), area.x1 - w - 1), *by = fmin(fmax(y - 4, area.y0 + 12), area.y1 - 4);
    for (int ring = 0; ring < 10; ring++)
        for (int c = 0; c < 6; c++) {
            double cx = c % 3 == 0 ? x + 4 : c % 3 == 1 ? x - 4 - w : x - w / 2;
            double cy = c < 3 ? y - 4 - 14 * ring : y + 14 + 14 * ring;
            box b = note_box(cx, cy, w);
            if (b.x0 < area.x0 || b.x1 > area.x1 || b.y0 < area.y0 || b.y1 > area.y1) continue;
            int met = 0;
            for (int i = 0; i < np; i++) met += boxes_meet(b, placed[i]);
            if (best < 0 || met < best) {
                best = met, *bx = cx, *by = cy;
                if (!met) return 0;
            }
        }
    return best;
}

/* Notes: fixed ones where they were asked for, then the others placed free of each other and of the fixed ones. */
static void write_notes(FILE *out, const cli_plot *p, const frame *f)
{
    box *placed = cli_xmalloc((size_t)(p->nn > 0 ? p->nn : 1) * sizeof *placed);
    int np = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->nn; i++) {
            const note *n = &p->notes[i];
            double x = px(f, tr(n->x, p->logx)), y = py(f, tr(n->y, p->logy)), w = text_width(n->text, FONT_NOTE);
            if (!isfinite(x) || !isfinite(y) || (n->align == CLI_AUTO) != pass) continue;
            if (pass) {
                double bx, by;
                place_note(f, x, y, w, placed, np, &bx, &by);
                if (hypot(bx - x, by - 4 - y) > 24) /* a leader line from the point to a label set apart */
                    fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" stroke-width=\"0.7\"/>\n", x, y,
                            bx > x ? bx : bx + w, by - 4);
                x = bx, y = by;
            } else {
                static const char *anchor[] = {"end", "middle", "start"};
                placed[np++] = note_box(x - w * (1 - n->align) / 2, y, w);
                text_el(out, n->text, "x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"%s\"", x, y, FONT_NOTE,
                        anchor[n->align + 1]);
                continue;
            }
            placed[np++] = note_box(x, y, w);
            text_el(out, n->text, "x=\"%.2f\" y=\"%.2f\" font-size=\"%d\"", x, y, FONT_NOTE);
        }
    free(placed);
}

static void write_legend(FILE *out, const cli_plot *p, const frame *f)
{
    int row = 0;
    for (int k = 0; k < p->ns; k++) {
        if (!p->s[k].name[0]) continue;
        double y = f->T + 14 + 18 * row++;
        fprintf(out, "<rect x=\"%g\" y=\"%g\" width=\"14\" height=\"4\" fill=\"%s\"/>\n", f->W - f->R + 12, y - 4,
                p->s[k].color);
        text_el(out, p->s[k].name, "x=\"%g\" y=\"%g\"", f->W - f->R + 32, y);
    }
}

int cli_plot_write(const cli_plot *p, const char *path)
{
    lmds_ofile *o = cli_output_open(path, NULL);
    if (!o)
        return CLI_BAD_INPUT;
    FILE *out = lmds_ofile_stream(o);
    frame f = layout(p);
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
                 "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"%d\">\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            ceil(f.W), ceil(f.H), ceil(f.W), ceil(f.H), FONT);
    fprintf(out, "<clipPath id=\"area\"><rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\"/></clipPath>\n", f.L, f.T,
            f.W - f.L - f.R, f.H - f.T - f.B);
    double tw = text_width(p->title, FONT_TITLE), tx = fmin(fmax((f.L + f.W - f.R) / 2, tw / 2 + 10), f.W - tw / 2 - 10);
    text_el(out, p->title, "x=\"%.1f\" y=\"24\" text-anchor=\"middle\" font-size=\"%d\"", tx, FONT_TITLE);
    if (!p->frameless) write_axes(out, p, &f);
    write_series(out, p, &f);
    write_notes(out, p, &f);
    write_legend(out, p, &f);
    fprintf(out, "</svg>\n");
    return cli_output_commit(o);
}

void cli_plot_free(cli_plot *p)
{
    if (!p) return;
    for (int k = 0; k < p->ns; k++) {
        free(p->s[k].name), free(p->s[k].color), free(p->s[k].x), free(p->s[k].y);
    }
    for (int i = 0; i < p->nn; i++) free(p->notes[i].text);
    for (int i = 0; i < p->ncat; i++) free(p->cats[i]);
    free(p->s), free(p->notes), free(p->cats), free(p->xcat), free(p->title), free(p->xlabel), free(p->ylabel);
    free(p);
}
