/* lmds thermo diagram: a binary T-x diagram from equilibria on a grid (every two-phase equilibrium contributes its
 * tie-line ends), or a ternary liquidus projection (liquidus and primary phase on a triangular grid, isotherms,
 * ternary invariants). Data as CSV (default) or JSON to stdout or --output; the figure to --svg. The work is
 * estimated before it starts and refused above a limit unless --force. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Work limits: about a minute on two cores (an equilibrium takes ~1 ms, a liquidus ~5 ms). */
#define BINARY_LIMIT 200000.0 /* equilibria */
#define TERNARY_LIMIT 6000.0  /* liquidus points */
#define NX 50                 /* compositions per temperature in a binary diagram */

static const cli_opt DIAGRAM_OPTS[] = {
    {"elements", 'e', CLI_ELEMENTS, "A,B[,C]", 2, 3, CLI_REQUIRED, NULL, "the system (3 elements: projection)",
     NULL},
    {"T-min", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "binary: lowest temperature (default 250 K)", NULL},
    {"T-max", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, "binary: highest temperature (default 800 K)", NULL},
    {"Tmin", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, NULL, "T-min"},
    {"Tmax", 0, CLI_DOUBLE, "K", 1, 6000, 0, NULL, NULL, "T-max"},
    {"dT", 0, CLI_DOUBLE, "K", 0.01, 1000, 0, NULL,
     "binary: temperature step (default 5 K); ternary: isotherm spacing (default: 5-12 isotherms)", NULL},
    {"grid", 0, CLI_INT, "N", 2, 200, 0, NULL, "ternary: divisions of each side of the triangle (default 30)", NULL},
    {"output", 'o', CLI_OUTPUT, "FILE", 0, 0, CLI_STDIO, NULL, "write the data there (default standard output)",
     NULL},
    {"svg", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "write the figure (SVG)", NULL},
    {"tdb", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "thermodynamic database (default data/tdb/lmds.tdb)", NULL},
    CLI_OPT_FORCE,
    CLI_OPTS_FORMAT,
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}};

static const cli_cmd DIAGRAM = {
    "thermo diagram", "--elements A,B[,C] [options]",
    "Two elements: the binary T-x phase diagram at P (default 1 bar) from equilibria at 51 compositions every --dT K\n"
    "(data: T_K, phase1, x1, phase2, x2, one row per tie line). Three elements: the ternary liquidus\n"
    "projection: the liquidus and the primary phase on a triangular grid, isotherms and the ternary invariants\n"
    "(data: kind, T_K, x_A, x_B, x_C, phase; a grid point whose liquidus was not found has an empty T_K and is\n"
    "counted in a warning). Data are CSV by default (--csv says the same), JSON with --json.\n"
    "The work (equilibria or liquidus points) is estimated first and refused above 200000 equilibria or 6000\n"
    "liquidus points unless --force; a terminal shows progress.",
    DIAGRAM_OPTS, cli_thermo_common, 0, 0, NULL};

static const char *sym(int z) { return lmds_element_symbol(z); }

/* Write the data table (CSV unless --json) to --output or stdout. */
static int write_data(const cli_args *a, const cli_table *t)
{
    const char *path = cli_str(a, "output", "-");
    cli_format fmt = cli_has(a, "json") ? CLI_FMT_JSON : CLI_FMT_CSV;
    if (!strcmp(path, "-")) return cli_table_output(t, stdout, fmt);
    lmds_ofile *o = cli_output_open(path, NULL);
    if (!o) return CLI_BAD_INPUT;
    if (cli_table_output(t, lmds_ofile_stream(o), fmt) != CLI_OK) {
        cli_output_abort(o);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(o);
}

/* ------------------------------------------------------------------ binary */

typedef struct series {
    char ph[LMDS_PHASE_NAME];
    int n, cap;
    double *x, *T;
} series;

typedef struct binary {
    series S[16];
    int ns;
    cli_table *t;
} binary;

static void add_point(binary *b, const char *phase, double x, double T)
{
    int s;
    for (s = 0; s < b->ns; s++)
        if (!strcmp(b->S[s].ph, phase)) break;
    if (s == b->ns) {
        if (b->ns == 16) return;
        memset(&b->S[s], 0, sizeof b->S[s]);
        snprintf(b->S[s].ph, sizeof b->S[s].ph, "%s", phase);
        b->ns++;
    }
    series *q = &b->S[s];
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 64;
        q->x = cli_xrealloc(q->x, sizeof(double) * (size_t)q->cap);
        q->T = cli_xrealloc(q->T, sizeof(double) * (size_t)q->cap);
    }
    q->x[q->n] = x;
    q->T[q->n++] = T;
}

/* One temperature: the tie lines across the composition range (one per two-phase field). */
static void binary_row(binary *b, lmds_thermo_ws *ws, double P, const int *z, double T)
{
    char last[2][LMDS_PHASE_NAME] = {"", ""};
    double lastx = -1;
    for (int i = 0; i <= NX; i++) {
        double xb = (i + 0.5) / (NX + 1), amt[2] = {1 - xb, xb};
        lmds_comp c;
        lmds_eq_result e;
        if (lmds_comp_from_amounts(2, z, amt, &c) || lmds_thermo_ws_equilibrium(ws, &c, T, P, &e) || e.nphases != 2 ||
            !isfinite(e.phases[0].x[1]) || !isfinite(e.phases[1].x[1])) {
            lmds_error_clear();
            continue;
        }
        if (!strcmp(last[0], e.phases[0].name) && !strcmp(last[1], e.phases[1].name) &&
            fabs(lastx - e.phases[0].x[1]) < 1e-3)
            continue;
        snprintf(last[0], sizeof last[0], "%s", e.phases[0].name);
        snprintf(last[1], sizeof last[1], "%s", e.phases[1].name);
        lastx = e.phases[0].x[1];
        cli_table_addf(b->t, "%.3f\t%s\t%.6f\t%s\t%.6f", T, e.phases[0].name, e.phases[0].x[1], e.phases[1].name,
                       e.phases[1].x[1]);
        for (int k = 0; k < 2; k++) add_point(b, e.phases[k].name, e.phases[k].x[1], T);
    }
}

static int binary_svg(const binary *b, const int *z, const char *path)
{
    char title[64], xl[32];
    snprintf(title, sizeof title, "%s-%s", sym(z[0]), sym(z[1]));
    snprintf(xl, sizeof xl, "x(%s)", sym(z[1]));
    cli_plot *pl = cli_plot_new(title, xl, "T (K)");
    cli_plot_xrange(pl, 0, 1);
    for (int s = 0; s < b->ns; s++) cli_plot_series(pl, b->S[s].ph, b->S[s].n, b->S[s].x, b->S[s].T, CLI_MARKERS, NULL);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

static int binary_diagram(const cli_args *a, const lmds_tdb *db, const cli_thermo_sel *sel, const int *z)
{
    double lo = cli_num(a, "T-min", 250), hi = cli_num(a, "T-max", 800), dT = cli_num(a, "dT", 5);
    if (!(lo < hi)) return cli_usage("thermo diagram", "--T-min (%g K) must be below --T-max (%g K)", lo, hi);
    long nT = (long)floor((hi - lo) / dT + 1e-9) + 1;
    int r = cli_work_check("thermo diagram", (double)nT * (NX + 1), BINARY_LIMIT, "equilibria", cli_has(a, "force"));
    lmds_thermo_ws *ws = NULL;
    if (!r) r = cli_thermo_ws_make(sel, db, 2, z, &ws);
    if (r) return r;
    char h3[32], h5[32];
    snprintf(h3, sizeof h3, "x1_%s", sym(z[1]));
    snprintf(h5, sizeof h5, "x2_%s", sym(z[1]));
    const char *hdr[] = {"T_K", "phase1", h3, "phase2", h5};
    binary b;
    memset(&b, 0, sizeof b);
    b.t = cli_table_new(5, hdr);
    cli_progress *pg = cli_progress_start("diagram", nT);
    for (long i = 0; i < nT; i++) {
        binary_row(&b, ws, sel->P, z, lo + (double)i * dT);
        cli_progress_update(pg, i + 1);
    }
    cli_progress_end(pg);
    lmds_thermo_ws_free(ws);
    int rc = write_data(a, b.t);
    if (rc == CLI_OK && cli_has(a, "svg")) rc = binary_svg(&b, z, cli_str(a, "svg", NULL));
    for (int s = 0; s < b.ns; s++) {
        free(b.S[s].x);
        free(b.S[s].T);
    }
    cli_table_free(b.t);
    return rc;
}

/* ------------------------------------------------------------------ ternary */

typedef struct ternary {
    int N, np;
    double *xs, *T;                 /* grid compositions (3 per point) and liquidus, NaN where not found */
    char (*prim)[LMDS_PHASE_NAME];  /* primary phase per point */
    int *idx;                       /* (i, j) -> point */
    double Tlo, Thi;
    lmds_invariant *inv;
    int ni, failed;
} ternary;

static void tri_xy(const double *x, double *X, double *Y)
{
    *X = x[1] + 0.5 * x[2];
    *Y = 0.8660254037844386 * x[2];
}

/* The liquidus of one grid point on the workspace of the elements present there: ws[mask] (bit i: element i has a
 * non-zero fraction), made on first use. A point on an edge or corner of the triangle is a binary or a pure element,
 * whose liquidus is that of the subsystem exactly (a zero mole fraction has no place in the ternary solver: the
 * composition lists only the elements present). 0 on success. */
static int grid_point(lmds_thermo_ws **ws, const lmds_tdb *db, const cli_thermo_sel *sel, const int *z,
                      const double *x, double *T, char *prim)
{
    int zs[3], m = 0, mask = 0;
    double xs[3];
    for (int i = 0; i < 3; i++)
        if (x[i] > 0) zs[m] = z[i], xs[m++] = x[i], mask |= 1 << i;
    if (!mask) return -1;
    if (!ws[mask] && lmds_thermo_ws_new(db, m, zs, &sel->opts, &ws[mask]) != LMDS_OK) ws[mask] = NULL;
    lmds_comp c;
    return !ws[mask] || lmds_comp_from_amounts(m, zs, xs, &c) != LMDS_OK ||
           lmds_thermo_ws_liquidus(ws[mask], &c, sel->P, T, prim, LMDS_PHASE_NAME) != LMDS_OK || !isfinite(*T);
}

/* The liquidus at every grid point, OpenMP over points, workspaces per thread (a workspace belongs to one thread;
 * sampling the phases once per thread instead of once per point): the ternary one for the interior, the binary
 * and unary ones for the edges and corners. */
static void ternary_grid(ternary *g, const lmds_tdb *db, const cli_thermo_sel *sel, const int *z)
{
    int N = g->N, k = 0;
    for (int i = 0; i <= N; i++)
        for (int j = 0; i + j <= N; j++) {
            g->xs[3 * k] = (double)(N - i - j) / N;
            g->xs[3 * k + 1] = (double)i / N;
            g->xs[3 * k + 2] = (double)j / N;
            g->idx[i * (N + 1) + j] = k++;
        }
    cli_progress *pg = cli_progress_start("liquidus", g->np);
    long done = 0;
    int failed = 0;
#pragma omp parallel reduction(+ : failed)
    {
        lmds_thermo_ws *ws[8] = {NULL}; /* by the mask of the elements present */
#pragma omp for schedule(dynamic, 4)
        for (int q = 0; q < g->np; q++) {
            g->prim[q][0] = 0;
            if (grid_point(ws, db, sel, z, &g->xs[3 * q], &g->T[q], g->prim[q])) {
                g->T[q] = NAN;
                g->prim[q][0] = 0;
                failed++;
            }
            long d;
#pragma omp atomic capture
            d = ++done;
#pragma omp critical
            cli_progress_update(pg, d);
        }
        for (int b = 0; b < 8; b++) lmds_thermo_ws_free(ws[b]);
    }
    cli_progress_end(pg);
    g->failed = failed;
    g->Tlo = INFINITY, g->Thi = -INFINITY;
    for (int q = 0; q < g->np; q++)
        if (isfinite(g->T[q])) g->Tlo = fmin(g->Tlo, g->T[q]), g->Thi = fmax(g->Thi, g->T[q]);
}

static void ternary_invariants(ternary *g, lmds_thermo_ws *ws, double P)
{
    double lo = isfinite(g->Tlo) ? fmax(1, g->Tlo - 60) : 250, hi = isfinite(g->Thi) ? g->Thi : 800;
    if (lmds_thermo_ws_invariants(ws, P, lo, hi, &g->inv, &g->ni) != LMDS_OK) {
        cli_flush_warnings();
        fprintf(stderr, "lmds: warning: ternary invariants not found: %s\n", lmds_errmsg());
        g->inv = NULL;
        g->ni = 0;
    }
}

/* Grid points whose liquidus was not found have an empty T_K (documented "not computed"). */
static cli_table *ternary_table(const ternary *g, const int *z)
{
    char h[3][16];
    for (int i = 0; i < 3; i++) snprintf(h[i], sizeof h[i], "x_%s", sym(z[i]));
    const char *hdr[] = {"kind", "T_K", h[0], h[1], h[2], "phase"};
    cli_table *t = cli_table_new(6, hdr);
    for (int q = 0; q < g->np; q++)
        cli_table_addf(t, "liquidus\t%s\t%.4f\t%.4f\t%.4f\t%s", cli_opt_s(g->T[q], "%.3f"), g->xs[3 * q],
                       g->xs[3 * q + 1], g->xs[3 * q + 2], g->prim[q]);
    for (int v = 0; v < g->ni; v++) {
        char ph[256] = "";
        for (int p = 0; p < g->inv[v].nphases; p++) {
            size_t L = strlen(ph);
            snprintf(ph + L, sizeof ph - L, "%s%s", p ? "+" : "", g->inv[v].phase[p]);
        }
        cli_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%s", lmds_inv_type_name(g->inv[v].type),
                       cli_num_s(g->inv[v].T, "%.3f", "invariant T"), cli_num_s(g->inv[v].x[0][0], "%.4f", "x"),
                       cli_num_s(g->inv[v].x[0][1], "%.4f", "x"), cli_num_s(g->inv[v].x[0][2], "%.4f", "x"), ph);
    }
    return t;
}

/* Primary phase fields: grid points coloured by their primary phase. */
static void svg_fields(cli_plot *pl, const ternary *g)
{
    char names[16][LMDS_PHASE_NAME];
    int nn = 0;
    for (int q = 0; q < g->np; q++) {
        int f = -1;
        for (int a = 0; a < nn; a++)
            if (!strcmp(names[a], g->prim[q])) f = a;
        if (f < 0 && nn < 16 && g->prim[q][0]) snprintf(names[nn++], LMDS_PHASE_NAME, "%s", g->prim[q]);
    }
    double *px = cli_xmalloc(sizeof(double) * (size_t)g->np), *py = cli_xmalloc(sizeof(double) * (size_t)g->np);
    for (int a = 0; a < nn; a++) {
        int m = 0;
        for (int q = 0; q < g->np; q++)
            if (!strcmp(g->prim[q], names[a])) {
                tri_xy(&g->xs[3 * q], &px[m], &py[m]);
                m++;
            }
        char lab[600];
        snprintf(lab, sizeof lab, "primary %s", names[a]);
        cli_plot_series(pl, lab, m, px, py, CLI_MARKERS, NULL);
    }
    free(px);
    free(py);
}

/* The crossing of isotherm L with the grid triangle t (two points), by linear interpolation on its edges. */
static int tri_cross(const ternary *g, const int *t, double L, double *pxs, double *pys)
{
    int c = 0;
    for (int e = 0; e < 3 && c < 2; e++) {
        int a = t[e], b = t[(e + 1) % 3];
        const double *T = g->T;
        if (!isfinite(T[a]) || !isfinite(T[b]) || (T[a] - L) * (T[b] - L) > 0 || T[a] == T[b]) continue;
        double f = (L - T[a]) / (T[b] - T[a]), xx[3];
        for (int d = 0; d < 3; d++) xx[d] = g->xs[3 * a + d] + f * (g->xs[3 * b + d] - g->xs[3 * a + d]);
        tri_xy(xx, &pxs[c], &pys[c]);
        c++;
    }
    return c;
}

/* One isotherm by marching triangles: segments appended to lx/ly separated by NaN. */
static long isotherm(const ternary *g, double L, double *lx, double *ly, long m, long cap)
{
    int N = g->N;
    const int *idx = g->idx;
    for (int i = 0; i < N; i++)
        for (int j = 0; i + j < N; j++)
            for (int up = 0; up < 2; up++) {
                if (up && i + j + 2 > N) continue;
                int t[3];
                if (!up) t[0] = idx[i * (N + 1) + j], t[1] = idx[(i + 1) * (N + 1) + j], t[2] = idx[i * (N + 1) + j + 1];
                else t[0] = idx[(i + 1) * (N + 1) + j], t[1] = idx[(i + 1) * (N + 1) + j + 1], t[2] = idx[i * (N + 1) + j + 1];
                double pxs[2], pys[2];
                if (tri_cross(g, t, L, pxs, pys) == 2 && m + 3 <= cap) {
                    lx[m] = pxs[0], ly[m++] = pys[0];
                    lx[m] = pxs[1], ly[m++] = pys[1];
                    lx[m] = NAN, ly[m++] = NAN;
                }
            }
    return m;
}

/* All isotherms in one series, each level labelled once; spacing --dT or 5-12 levels over the range. */
static void svg_isotherms(cli_plot *pl, const ternary *g, double dT)
{
    if (!isfinite(g->Tlo)) return;
    double step = dT;
    if (!(step > 0)) {
        double span = g->Thi - g->Tlo, cand[] = {5, 10, 20, 25, 50, 100, 200};
        step = 200;
        for (size_t a = 0; a < sizeof cand / sizeof *cand; a++)
            if (span / cand[a] <= 12) {
                step = cand[a];
                break;
            }
    }
    int nlev = (int)((g->Thi - ceil(g->Tlo / step) * step) / step) + 1;
    long cap = 3L * 2 * g->N * g->N * (nlev > 0 ? nlev : 1) + 16, m = 0;
    double *lx = cli_xmalloc(sizeof(double) * (size_t)cap), *ly = cli_xmalloc(sizeof(double) * (size_t)cap);
    for (double L = ceil(g->Tlo / step) * step; L <= g->Thi; L += step) {
        long m0 = m;
        m = isotherm(g, L, lx, ly, m, cap);
        if (m > m0) {
            char lab[32];
            long mid = m0 + 3 * ((m - m0) / 6);
            snprintf(lab, sizeof lab, "%.0f", L);
            cli_plot_text(pl, lx[mid], ly[mid], lab);
        }
    }
    if (m) {
        char lab[48];
        snprintf(lab, sizeof lab, "isotherms every %.0f K", step);
        cli_plot_series(pl, lab, (int)m, lx, ly, CLI_LINE, "#777777");
    }
    free(lx);
    free(ly);
}

/* Composition ticks every 0.2 on the three edges, labelled outside the triangle, each edge named by the element
 * whose mole fraction grows along it (counter-clockwise: x(B) along A->B, x(C) along B->C, x(A) along C->A). */
static void svg_ternary_axes(cli_plot *pl, const int *z)
{
    static const double s3 = 0.8660254037844386;
    /* Per edge: start vertex, direction, outward normal, label alignment. */
    const double P0[3][2] = {{0, 0}, {1, 0}, {0.5, s3}}, D[3][2] = {{1, 0}, {-0.5, s3}, {-0.5, -s3}};
    const double N[3][2] = {{0, -1}, {s3, 0.5}, {-s3, 0.5}};
    const int align[3] = {CLI_ALIGN_MIDDLE, CLI_ALIGN_START, CLI_ALIGN_END}, el[3] = {1, 2, 0};
    double tx[3 * 4 * 3], ty[3 * 4 * 3];
    int m = 0;
    for (int e = 0; e < 3; e++) {
        for (int k = 1; k <= 4; k++) {
            double t = 0.2 * k, X = P0[e][0] + t * D[e][0], Y = P0[e][1] + t * D[e][1];
            char lab[8];
            tx[m] = X, ty[m++] = Y;
            tx[m] = X + 0.02 * N[e][0], ty[m++] = Y + 0.02 * N[e][1];
            tx[m] = NAN, ty[m++] = NAN;
            snprintf(lab, sizeof lab, "%.1f", t);
            cli_plot_text_at(pl, X + 0.035 * N[e][0], Y + 0.035 * N[e][1] - (e == 0 ? 0.02 : 0.0), align[e], lab);
        }
        char name[32];
        snprintf(name, sizeof name, "x(%s)", sym(z[el[e]]));
        double X = P0[e][0] + 0.5 * D[e][0] + 0.13 * N[e][0], Y = P0[e][1] + 0.5 * D[e][1] + 0.13 * N[e][1];
        cli_plot_text_at(pl, X, Y, align[e], name);
    }
    cli_plot_series(pl, "", m, tx, ty, CLI_LINE, "#000000");
    cli_plot_text_at(pl, -0.03, -0.045, CLI_ALIGN_END, sym(z[0]));
    cli_plot_text_at(pl, 1.03, -0.045, CLI_ALIGN_START, sym(z[1]));
    cli_plot_text_at(pl, 0.5, s3 + 0.035, CLI_ALIGN_MIDDLE, sym(z[2]));
}

static int ternary_svg(const ternary *g, const int *z, double dT, const char *path)
{
    char title[96];
    snprintf(title, sizeof title, "%s-%s-%s liquidus projection (mole fractions)", sym(z[0]), sym(z[1]), sym(z[2]));
    cli_plot *pl = cli_plot_new(title, "", "");
    cli_plot_frameless(pl);
    cli_plot_xrange(pl, -0.22, 1.22);
    cli_plot_yrange(pl, -0.14, 0.95);
    double bx[4] = {0, 1, 0.5, 0}, by[4] = {0, 0, 0.8660254037844386, 0};
    cli_plot_series(pl, "", 4, bx, by, CLI_LINE, "#000000");
    svg_ternary_axes(pl, z);
    svg_fields(pl, g);
    svg_isotherms(pl, g, dT);
    double *X = cli_xmalloc(sizeof(double) * (size_t)(g->ni + 1)), *Y = cli_xmalloc(sizeof(double) * (size_t)(g->ni + 1));
    for (int v = 0; v < g->ni; v++) {
        char lab[96];
        tri_xy(g->inv[v].x[0], &X[v], &Y[v]);
        snprintf(lab, sizeof lab, "%s %.1f K", lmds_inv_type_name(g->inv[v].type), g->inv[v].T);
        cli_plot_text(pl, X[v], Y[v], lab);
    }
    if (g->ni) cli_plot_series(pl, "invariant points", g->ni, X, Y, CLI_MARKERS, "#d62728");
    free(X), free(Y);
    int rc = cli_plot_write(pl, path);
    cli_plot_free(pl);
    return rc;
}

static int ternary_projection(const cli_args *a, const lmds_tdb *db, const cli_thermo_sel *sel, const int *z)
{
    ternary g;
    memset(&g, 0, sizeof g);
    g.N = (int)cli_int(a, "grid", 30);
    g.np = (g.N + 1) * (g.N + 2) / 2;
    int r = cli_work_check("thermo diagram", g.np, TERNARY_LIMIT, "liquidus points", cli_has(a, "force"));
    lmds_thermo_ws *ws = NULL; /* also checks the phase names before the grid starts */
    if (!r) r = cli_thermo_ws_make(sel, db, 3, z, &ws);
    if (r) return r;
    g.xs = cli_xmalloc(sizeof(double) * 3 * (size_t)g.np);
    g.T = cli_xmalloc(sizeof(double) * (size_t)g.np);
    g.prim = cli_xmalloc(sizeof *g.prim * (size_t)g.np);
    g.idx = cli_xmalloc(sizeof(int) * (size_t)(g.N + 1) * (size_t)(g.N + 1));
    ternary_grid(&g, db, sel, z);
    ternary_invariants(&g, ws, sel->P);
    lmds_thermo_ws_free(ws);
    cli_table *t = ternary_table(&g, z);
    int rc = write_data(a, t);
    cli_table_free(t);
    if (rc == CLI_OK && cli_has(a, "svg")) rc = ternary_svg(&g, z, cli_num(a, "dT", 0), cli_str(a, "svg", NULL));
    if (g.failed)
        fprintf(stderr, "lmds: warning: liquidus not found at %d of %d grid points (empty T_K)\n", g.failed, g.np);
    free(g.xs), free(g.T), free(g.prim), free(g.idx), free(g.inv);
    return rc;
}

/* ------------------------------------------------------------------ the command */

int cli_thermo_diagram(int argc, char **argv);
int cli_thermo_diagram(int argc, char **argv)
{
    cli_args *a;
    int rc;
    if (cli_parse(&DIAGRAM, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    int z[3], n = cli_thermo_elements(a, z);
    lmds_tdb *db = NULL;
    cli_thermo_sel sel;
    if ((rc = cli_thermo_sel_read(a, &sel)) != CLI_OK) /* the usage error is printed */
        ;
    else if (n == 2 && cli_has(a, "grid")) rc = cli_usage("thermo diagram", "--grid is for three elements");
    else if (n == 3 && (cli_has(a, "T-min") || cli_has(a, "T-max")))
        rc = cli_usage("thermo diagram", "--T-min/--T-max are for two elements (the projection spans the liquidus)");
    else if ((rc = cli_thermo_load(a, &db)) == CLI_OK && (rc = cli_thermo_covered_z(a, db, n, z)) == CLI_OK)
        rc = n == 3 ? ternary_projection(a, db, &sel, z) : binary_diagram(a, db, &sel, z);
    lmds_tdb_free(db);
    cli_args_free(a);
    return rc;
}
