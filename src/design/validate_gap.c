/* Liquid miscibility gaps of a binary for the validation runner: the upper critical point of the gap (T_critical,
 * x_critical) and the two coexisting liquids at a temperature (x_gap_low, x_gap_high). Computed from the default
 * database with the liquid alone (every solid suspended), so a gap hidden below the liquidus by a monotectic is
 * still followed up to its top. Units: K, mole fractions. */
#include <math.h>
#include <string.h>

#include "validate_internal.h"

/* The lowest temperature searched for the gap (K): the lower limit of the SGTE unary descriptions (below it the
 * Gibbs energies are extrapolated); a gap whose top lies below it is reported as not found. */
#define GAP_T_LO 298.15
/* The highest (K): a gap still open there has no upper critical point within the model's reach. */
#define GAP_T_HI 5000.0
/* Bisection of the split temperature to this width (K), golden-section search of its maximum over x to this
 * width (mole fraction). */
#define GAP_DT 0.005
#define GAP_DX 1e-4

static const char *const LIQUID_ONLY[] = {"LIQUID", NULL};

/* The liquid-only equilibrium of the binary alloy with mole fraction x of the workspace's second element at T. */
static lmds_status liquid_eq(lmds_thermo_ws *ws, double x, double T, double P, lmds_eq_result *r)
{
    double amt[2] = {1.0 - x, x};
    int z[2] = {lmds_thermo_ws_element(ws, 0), lmds_thermo_ws_element(ws, 1)};
    lmds_comp c;
    lmds_status st = lmds_comp_from_amounts(2, z, amt, &c);
    return st != LMDS_OK ? st : lmds_thermo_ws_equilibrium(ws, &c, T, P, r);
}

/* 1 when x is two liquids at T, 0 when one, -1 when the engine fails (its message is kept). */
static int two_liquids(lmds_thermo_ws *ws, double x, double T, double P)
{
    lmds_eq_result r;
    lmds_status st = liquid_eq(ws, x, T, P, &r);
    if (st != LMDS_OK && st != LMDS_ENOCONV) return -1;
    return r.nphases >= 2;
}

/* The highest temperature at which x splits into two liquids (the binodal at x), by bisection between GAP_T_LO
 * and GAP_T_HI; NAN when x is one liquid at GAP_T_LO (outside the gap), INFINITY when still two at GAP_T_HI. */
static double split_T(lmds_thermo_ws *ws, double x, double P)
{
    double lo = GAP_T_LO, hi = GAP_T_HI;
    if (two_liquids(ws, x, lo, P) != 1) return NAN;
    if (two_liquids(ws, x, hi, P) != 0) return INFINITY;
    while (hi - lo > GAP_DT) {
        double mid = 0.5 * (lo + hi);
        if (two_liquids(ws, x, mid, P) == 1) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* The two liquids of x at T: their distance *w and mean *m (in the amount of the second element). */
static lmds_status liquids_at(lmds_thermo_ws *ws, double x, double T, double P, double *w, double *m)
{
    lmds_eq_result r;
    lmds_status st = liquid_eq(ws, x, T, P, &r);
    if (st != LMDS_OK || r.nphases < 2) return st ? st : LMDS_ENOTFOUND;
    *w = fabs(r.phases[0].x[1] - r.phases[1].x[1]);
    *m = 0.5 * (r.phases[0].x[1] + r.phases[1].x[1]);
    return LMDS_OK;
}

/* split_T with a point outside the gap (NAN) as the lowest value, for the search of the maximum. */
static double split_T_or_low(lmds_thermo_ws *ws, double x, double P)
{
    double t = split_T(ws, x, P);
    return isnan(t) ? -1.0 : t;
}

/* The critical point: the maximum over x of the binodal temperature (a grid of 0.04, then a golden-section search
 * around the best grid point). *xc: mole fraction of z[1]. */
static lmds_status critical_point(lmds_thermo_ws *ws, double P, double *Tc, double *xc)
{
    double best = -1, xb = NAN;
    for (int i = 1; i < 25; i++) {
        double x = 0.04 * i, t = split_T(ws, x, P);
        if (isinf(t)) return lmds_error(LMDS_ENOTFOUND, "the liquid still splits at %.0f K: no upper critical point "
                                        "within reach", GAP_T_HI);
        if (t > best) best = t, xb = x;
    }
    if (!(best > 0))
        return lmds_error(LMDS_ENOTFOUND, "no liquid miscibility gap between %.0f and %.0f K on a grid of 0.04",
                          GAP_T_LO, GAP_T_HI);
    const double g = 0.5 * (sqrt(5.0) - 1.0);
    double a = fmax(1e-3, xb - 0.04), b = fmin(1.0 - 1e-3, xb + 0.04);
    double c = b - g * (b - a), d = a + g * (b - a);
    double tc = split_T_or_low(ws, c, P);
    double td = split_T_or_low(ws, d, P);
    while (b - a > GAP_DX) {
        if (tc > td) {
            b = d, d = c, td = tc, c = b - g * (b - a), tc = split_T_or_low(ws, c, P);
        } else {
            a = c, c = d, tc = td, d = a + g * (b - a), td = split_T_or_low(ws, d, P);
        }
    }
    *Tc = fmax(best, fmax(tc, td));
    *xc = *Tc == best ? xb : tc >= td ? c : d;
    /* The engine tells two liquids apart only when their compositions differ by more than its composition grid
     * (about 0.03), so the binodal's top found above is a plateau below the true top (0.15 K for the regular
     * Ga-Hg liquid). Near the top a Redlich-Kister (mean-field) liquid has T = Tc - c w^2 in the width w of the
     * gap, and its diameter (the mean of the two liquids) is linear in T: both are extrapolated from the two
     * liquids 1 and 4 K below the plateau. */
    double w[2], m[2], T[2] = {*Tc - 1.0, *Tc - 4.0};
    for (int i = 0; i < 2; i++)
        if (liquids_at(ws, *xc, T[i], P, &w[i], &m[i]) != LMDS_OK) return LMDS_OK; /* keep the plateau */
    if (!(w[1] > w[0] && w[0] > 0)) return LMDS_OK;
    double t_ext = T[0] + (T[0] - T[1]) * w[0] * w[0] / (w[1] * w[1] - w[0] * w[0]);
    if (!(t_ext >= *Tc && t_ext <= *Tc + 1.0)) return LMDS_OK; /* not the mean-field shape: keep the plateau */
    *xc = m[0] + (m[0] - m[1]) / (T[0] - T[1]) * (t_ext - T[0]);
    *Tc = t_ext;
    return LMDS_OK;
}

/* The index in comp of the element named by params element=, or -1. */
static int element_index(const lmds_validation_case *k, const lmds_comp *comp)
{
    char el[8];
    int z = 0;
    if (!validation_param(k, "element", el, sizeof el) || lmds_element_lookup(el, &z) != LMDS_OK) return -1;
    for (int j = 0; j < comp->n; j++)
        if (comp->z[j] == z) return j;
    return -1;
}

/* The two liquids of the input alloy at T_K: the lower or upper edge of the gap in the amount of element=. */
static lmds_status gap_edge(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp, int j)
{
    if (!(k->T_K > 0)) {
        validation_cannot(k, "%s", "x_gap_low/x_gap_high need the temperature in T_K");
        return LMDS_EINVAL;
    }
    lmds_eq_opts o = {NULL, LIQUID_ONLY};
    lmds_eq_result r;
    lmds_status st = lmds_thermo_equilibrium_opts(c->tdb, comp, k->T_K, k->P_GPa, &o, &r);
    if (st != LMDS_OK && st != LMDS_ENOCONV) return validation_fail(k, st);
    if (r.nphases < 2) {
        validation_cannot(k, "%s", "the input alloy is one liquid at T_K (not inside the gap)");
        return LMDS_ENOTFOUND;
    }
    double a = r.phases[0].x[j], b = r.phases[1].x[j];
    k->value = strcmp(k->quantity, "x_gap_high") == 0 ? fmax(a, b) : fmin(a, b);
    snprintf(k->how, sizeof k->how, "liquid alone at %.2f K: two liquids, x %.4f and %.4f", k->T_K, fmin(a, b),
             fmax(a, b));
    return LMDS_OK;
}

lmds_status validation_gap(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp)
{
    int j = element_index(k, comp);
    int want_x = strcmp(k->quantity, "T_critical") != 0;
    if (comp->n != 2 || (want_x && j < 0)) {
        validation_cannot(k, "%s needs a binary input and, for a composition, params element=SYMBOL of it",
                          k->quantity);
        return LMDS_EINVAL;
    }
    if (strncmp(k->quantity, "x_gap_", 6) == 0) return gap_edge(c, k, comp, j);
    double Tc = NAN, xc = NAN;
    /* One workspace of the liquid alone for the whole search: its sampling is built once, not per equilibrium. */
    lmds_thermo_opts o = {NULL, LIQUID_ONLY};
    lmds_thermo_ws *ws = NULL;
    lmds_status st = lmds_thermo_ws_new(c->tdb, 2, comp->z, &o, &ws);
    if (st == LMDS_OK) st = critical_point(ws, k->P_GPa, &Tc, &xc);
    lmds_thermo_ws_free(ws);
    if (st != LMDS_OK) return validation_fail(k, st);
    double x_el = j == 0 ? 1.0 - xc : xc;
    k->value = want_x ? x_el : Tc;
    snprintf(k->how, sizeof k->how, "top of the liquid gap (liquid alone): %.2f K at x(%s) %.4f", Tc,
             lmds_element_symbol(comp->z[1]), xc);
    return LMDS_OK;
}
