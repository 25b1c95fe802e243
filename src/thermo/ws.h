/* Private: the public workspace (lmds_thermo_ws) around the solver's th_ws, shared by ws.c, lines.c, inv_*.c and
 * solidify.c. */
#ifndef LMDS_THERMO_WS_H
#define LMDS_THERMO_WS_H

#include "thermo/eq.h"

struct lmds_thermo_ws {
    th_ws w;
    /* the last liquidus computed, reused by a solidus of the same composition and pressure */
    int have_liq;
    double liq_x[TH_MAXC], liq_P, liq_T;
    char liq_primary[LMDS_PHASE_NAME];
    int warned_T;           /* the extrapolation warning has been given for this workspace */
};

/* The composition c in the workspace's component order (x[C]). LMDS_EINVAL when c's elements are not exactly the
 * workspace's. */
lmds_status th_ws_comp(const lmds_thermo_ws *ws, const lmds_comp *c, double *x);

/* Pressure in GPa checked (>= 0, finite, at most the limit of the pressure term) and converted to Pa. */
lmds_status th_pressure_Pa(double P_GPa, double *P_Pa);

/* Warn once per workspace when a result at temperature T (K) rests on Gibbs energies extrapolated below the
 * lower limit of a TDB expression (what: "liquidus", "equilibrium", ...). */
void th_ws_warn_T(lmds_thermo_ws *ws, double T, const char *what);

/* A liquidus point: temperature, the primary solid (phase index and site fractions of the first solid to form) and
 * whether the liquid there is split in two (a liquid miscibility gap). */
typedef struct th_liq_point {
    double T;
    int primary;
    double y[64];
    int two_liquids;
} th_liq_point;

/* Liquidus at x (workspace order) and P (Pa), on the workspace's allowed phases. */
lmds_status th_liquidus(th_ws *w, const double *x, double P, th_liq_point *out);
/* Solidus at x and P, given the liquidus T_liq of that composition. */
lmds_status th_solidus(th_ws *w, const double *x, double P, double T_liq, double *T);

/* The invariant finders (inv_binary.c, inv_ternary.c): every invariant with the liquid, independent of any
 * temperature window; *out malloc'ed, n entries. */
lmds_status th_binary_invariants(th_ws *w, double P, lmds_invariant **out, int *n);
lmds_status th_ternary_invariants(th_ws *w, double P, lmds_invariant **out, int *n);

#endif
