/* lmds tunnel: the electron-tunnel model of resistance and superconductivity, in lmds's own formalisation, beside
 * the mainstream electron-phonon model, and the score of both against measurements under pressure.
 *
 * The hypothesis (J.Z. Liu, "Is There a Sea of Free Electrons in Metals?", doi:10.5281/zenodo.17967154, and
 * "Electron Tunnel") gives no equations. The equations below are OUR FORMALISATION of it:
 *
 *   spacing      d(P, T) = d0 (V(P, T)/V0)^(1/3)      V from lmds_eos_volume_pt (EOS + Debye-Grueneisen)
 *   gap          Delta(d) = E1 x                       (LMDS_TUNNEL_GAP_LINEAR)
 *                Delta(d) = E1 (exp(k x) - 1)          (LMDS_TUNNEL_GAP_EXP),   x = (d - d_sc)/d0
 *   resistivity  rho = rho_res + A max(Delta, 0)       (LMDS_TUNNEL_LIFT_LINEAR)
 *                rho = rho_res + A exp(Delta/(k_B T))  (LMDS_TUNNEL_LIFT_ACTIVATED)
 *   state        superconducting where Delta <= 0 (d <= d_sc), insulating where d > d_ins, conducting otherwise
 *   Tc(P)        solves d(P, Tc) = d_sc
 *
 * Because d grows with T (thermal expansion) and shrinks with P, the model requires, without any fitting,
 *   dTc/dP = -(dV/dP)_T / (dV/dT)_P = 1/(B_T beta) > 0,  and Tc and rho move in opposite directions under P.
 *
 * Units: d in A (d0 = V0^(1/3) of the first structural phase, the cube root of the atomic volume), energies
 * (E1, Delta) in meV, resistivities in 1e-8 ohm m (= uOhm cm), T in K, P in GPa. */
#ifndef LMDS_TUNNEL_H
#define LMDS_TUNNEL_H

#include <stddef.h>
#include "core.h"
#include "model.h"
#include "eos.h"
#include "supercon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lmds_tunnel_gap { LMDS_TUNNEL_GAP_LINEAR = 0, LMDS_TUNNEL_GAP_EXP = 1 } lmds_tunnel_gap;
typedef enum lmds_tunnel_lift { LMDS_TUNNEL_LIFT_LINEAR = 0, LMDS_TUNNEL_LIFT_ACTIVATED = 1 } lmds_tunnel_lift;
typedef enum lmds_tunnel_state {
    LMDS_TUNNEL_SUPERCONDUCTING = 0,
    LMDS_TUNNEL_CONDUCTING = 1,
    LMDS_TUNNEL_INSULATING = 2
} lmds_tunnel_state;

/* Materials: structural phases with their EOS and thermal model, the ambient Tc and the electron-phonon inputs
 * (the superconductivity module's material table, see supercon.h). */
#define LMDS_TUNNEL_MAX_PHASES LMDS_SC_MAX_PHASES
typedef lmds_sc_phase lmds_tunnel_phase;
typedef lmds_sc_material lmds_tunnel_material;

/* The free parameters of the tunnel model (fitted to ambient rho(T), or set by hand). */
typedef struct lmds_tunnel_params {
    lmds_tunnel_gap gap;
    lmds_tunnel_lift lift;
    double d_sc;    /* A: spacing where the gap closes (fixed by one ambient Tc: d_sc = d(0, Tc0)) */
    double E1;      /* meV */
    double k;       /* dimensionless, exponential gap only */
    double A;       /* 1e-8 ohm m per meV (linear lift) or 1e-8 ohm m (activated lift) */
    double rho_res; /* 1e-8 ohm m */
    double d_ins;   /* A; 0: no insulating region */
} lmds_tunnel_params;

/* Ranges of the parameters (checked by lmds_tunnel_params_check): 0 < E1 <= LMDS_TUNNEL_E1_MAX meV (1 keV, far
 * above any electronic gap of a metal), 0 < k <= LMDS_TUNNEL_K_MAX, A >= 0, rho_res >= 0, all finite; d_sc > 0;
 * d_ins = 0 or d_ins > d_sc. */
#define LMDS_TUNNEL_E1_MAX 1e6
#define LMDS_TUNNEL_K_MAX 1e3

/* Defaults: linear gap, linear lift, E1 = 100 meV, k = 1, A = 1, rho_res = 0, d_ins = 0 (none), d_sc = 0 (unset:
 * set it from an ambient Tc with lmds_tunnel_dsc_from_tc). The values are those `lmds tunnel models` lists. */
LMDS_API void lmds_tunnel_params_init(lmds_tunnel_params *p);
/* LMDS_OK when every parameter is inside its range, else LMDS_EINVAL naming the first one outside (so a caller can
 * validate user input before any computation). */
LMDS_API lmds_status lmds_tunnel_params_check(const lmds_tunnel_params *p);

/* ---- materials (data/pressure/tunnel_materials.csv) ---- */

/* The same as lmds_sc_material_load, lmds_sc_material_names, lmds_sc_names_free and lmds_sc_material_phase_at
 * (kept for callers of the tunnel API). */
LMDS_API lmds_status lmds_tunnel_material_load(const char *path, const char *name, lmds_tunnel_material *m);
LMDS_API lmds_status lmds_tunnel_material_names(const char *path, char ***names, size_t *n);
LMDS_API void lmds_tunnel_names_free(char **names, size_t n);

/* ---- the model ---- */

LMDS_API int lmds_tunnel_phase_at(const lmds_tunnel_material *m, double P);
/* d0 = V0^(1/3) of phase 0, A. */
LMDS_API double lmds_tunnel_d0(const lmds_tunnel_material *m);
/* Spacing d(P, T), A. Errors from the EOS (LMDS_EDOMAIN outside its range). */
LMDS_API lmds_status lmds_tunnel_spacing(const lmds_tunnel_material *m, double P, double T, double *d);
/* Gap Delta(d) in meV (no checks beyond finite input). */
LMDS_API double lmds_tunnel_gap_at(const lmds_tunnel_params *p, double d, double d0);
/* Resistivity at (P, T), 1e-8 ohm m: 0 when superconducting, INFINITY when insulating (the state, which
 * lmds_tunnel_state_at names). In the conducting state the value is finite or the call fails: LMDS_EDOMAIN when
 * it would exceed the range of a double, or for the activated lift at T = 0. */
LMDS_API lmds_status lmds_tunnel_rho(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                            double *rho);
/* Electrical state at (P, T). */
LMDS_API lmds_status lmds_tunnel_state_at(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                                 lmds_tunnel_state *s);
LMDS_API const char *lmds_tunnel_state_name(lmds_tunnel_state s);
/* d_sc from one ambient Tc: d_sc = d(0, tc0). */
LMDS_API lmds_status lmds_tunnel_dsc_from_tc(const lmds_tunnel_material *m, double tc0, double *d_sc);
/* What the tunnel Tc(P) search found. */
typedef enum lmds_tunnel_tc_kind {
    LMDS_TUNNEL_TC_FOUND = 0, /* tc is the temperature where d(P, T) = d_sc */
    LMDS_TUNNEL_TC_NONE = 1,  /* d(P, 0) > d_sc: not superconducting at P (tc = 0) */
    LMDS_TUNNEL_TC_ABOVE = 2  /* d(P, T_max) <= d_sc: superconducting up to T_max at least (tc = T_max, a bound) */
} lmds_tunnel_tc_kind;

typedef struct lmds_tunnel_tc_result {
    lmds_tunnel_tc_kind kind;
    double tc;    /* K, always finite */
    double T_max; /* K, the top of the range searched (lowered where the lattice passes its spinodal) */
} lmds_tunnel_tc_result;

/* Tc(P): the T in [0, T_max] where d(P, T) = d_sc (Brent's method). T_max <= 0: 3000 K; T_max above 1e5 K is
 * refused (LMDS_EINVAL). */
LMDS_API lmds_status lmds_tunnel_tc_find(const lmds_tunnel_material *m, double d_sc, double P, double T_max,
                                         lmds_tunnel_tc_result *r);
/* The same as one number for existing callers: 0 when not superconducting, INFINITY for "above T_max" (a sentinel
 * the caller must not print as a temperature). New code uses lmds_tunnel_tc_find. */
LMDS_API lmds_status lmds_tunnel_tc(const lmds_tunnel_material *m, double d_sc, double P, double T_max, double *tc);
/* The fit-free identity at (P, T): dTc/dP = 1/(B_T beta), K/GPa, with B_T and beta of the phase at P. Also
 * returns B_T (GPa) and beta (1/K) when the pointers are not NULL. INFINITY when beta = 0 (T = 0). */
LMDS_API lmds_status lmds_tunnel_identity_slope(const lmds_tunnel_material *m, double P, double T, double *dtc_dp,
                                       double *B, double *beta);

/* ---- fitting to rho(T) at fixed pressure ---- */

typedef struct lmds_tunnel_fit {
    lmds_tunnel_params p; /* best-fit parameters */
    double err[4];        /* standard errors of the fitted parameters, in the order of names[] */
    const char *names[4]; /* "rho_res", "A", "E1", "k" as fitted (unused slots NULL) */
    int nfit;             /* number of fitted parameters */
    int n;                /* number of data points used (those with T > Tc) */
    double rms;           /* root-mean-square residual, 1e-8 ohm m */
    double chi2_dof;      /* sum of squared residuals / (n - nfit) */
    int iterations;
} lmds_tunnel_fit;

/* Fit rho(T) data (n points, T in K, rho in 1e-8 ohm m) at pressure P with GSL's trust-region nonlinear least
 * squares (gsl_multifit_nlinear). `start` gives the model choice (gap, lift), d_sc, d_ins and the starting values;
 * fitted: rho_res and A always; E1 too for the activated lift (for the linear lift only the product A E1 is
 * identifiable, so E1 is held at start->E1); k too for the exponential gap. Points at T <= Tc (d <= d_sc) are
 * left out (the model says rho = 0 there). LMDS_EINVAL for too few points (n <= nfit) or bad values,
 * LMDS_ENOCONV when the solver fails. */
LMDS_API lmds_status lmds_tunnel_fit_rho(const lmds_tunnel_material *m, const lmds_tunnel_params *start, double P, size_t n,
                                const double *T, const double *rho, lmds_tunnel_fit *fit);

/* Read rho(T) data for a fit from a CSV file. Two layouts: the shared measurements layout (columns material,
 * quantity, pressure_GPa, temperature_K, value: rows of `material` whose quantity starts with "rho" and whose
 * pressure equals P, blank pressure counting as 0), or a plain table whose first two columns are T (K) and rho
 * (1e-8 ohm m) after one header line. Allocates *T and *rho (free with free()). LMDS_EPARSE with file:line:col on
 * a bad number, LMDS_ENODATA when no rows match. */
LMDS_API lmds_status lmds_tunnel_rho_data_load(const char *path, const char *material, double P, double **T, double **rho,
                                      size_t *n);

/* ---- the electron-phonon comparison (McMillan + Grueneisen + Hopfield scaling) ---- */

/* The coupling lambda0 at V0 (of the phase in effect at P0) for which the electron-phonon model gives the measured
 * tc0 at P0: McMillan's formula with theta ~ (V/V0)^-gamma and lambda = lambda0 (V/V0)^(2 gamma - phi), evaluated
 * by the superconductivity module (lmds_sc_pressure_tc). LMDS_EDOMAIN when tc0 is not reachable. */
LMDS_API lmds_status lmds_tunnel_eph_lambda0(const lmds_tunnel_material *m, double P0, double tc0, double *lambda0);
/* Electron-phonon Tc at P (K, 0 when none) for the coupling lambda0 at V0. */
LMDS_API lmds_status lmds_tunnel_eph_tc(const lmds_tunnel_material *m, double lambda0, double P, double *tc);
/* Electron-phonon dln(rho)/dP at (P, T), 1/GPa: Bloch-Grueneisen phonon resistivity with prefactor
 * ~ eta V / theta (lambda/omega_p^2 at high T), residual resistivity neglected. */
LMDS_API lmds_status lmds_tunnel_eph_dlnrho_dp(const lmds_tunnel_material *m, double P, double T, double *dlnrho);
/* Tunnel-model dln(rho)/dP at (P, T), 1/GPa, with parameters p (central difference in P). */
LMDS_API lmds_status lmds_tunnel_dlnrho_dp(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                                  double *dlnrho);

/* ---- the score ---- */

typedef enum lmds_tunnel_quantity { LMDS_TUNNEL_Q_DTC_DP = 0, LMDS_TUNNEL_Q_DLNRHO_DP = 1 } lmds_tunnel_quantity;

/* One scored measurement. Predictions are NaN where a model cannot be evaluated (no EOS, ...); note says why. */
typedef struct lmds_tunnel_score_row {
    char material[32];
    lmds_tunnel_quantity quantity;
    double P, T;             /* where the quantity is evaluated (GPa, K) */
    double measured;         /* K/GPa or 1/GPa */
    double tunnel;           /* tunnel-model prediction */
    double eph;              /* electron-phonon prediction */
    double B, beta;          /* B_T (GPa) and beta (1/K) used by the identity (NaN when no EOS) */
    int tunnel_sign_ok, eph_sign_ok; /* 1 right, 0 wrong, -1 not evaluated */
    char note[160];
    char source[256];
} lmds_tunnel_score_row;

typedef struct lmds_tunnel_score_summary {
    int n_rows;
    int tunnel_signs_right, tunnel_signs_scored;
    int eph_signs_right, eph_signs_scored;
    double tunnel_median_log10_ratio; /* median |log10(|pred|/|measured|)| over rows both finite and nonzero */
    double eph_median_log10_ratio;
    double tunnel_median_abs_err;     /* median |pred - measured| over dTc/dP rows, K/GPa */
    double eph_median_abs_err;
} lmds_tunnel_score_summary;

typedef struct lmds_tunnel_score {
    size_t n;
    lmds_tunnel_score_row *rows;
    lmds_tunnel_score_summary all, tc, rho; /* all rows; dTc/dP rows only; dlnrho/dP rows only */
    lmds_tunnel_score_summary common;       /* only rows where both models were evaluated (like with like) */
} lmds_tunnel_score;

/* Score both models against every usable measurement in measurements_csv (NULL: data/pressure/measurements.csv)
 * using the materials in materials_csv (NULL: data/pressure/tunnel_materials.csv). Caller frees with
 * lmds_tunnel_score_free. */
LMDS_API lmds_status lmds_tunnel_score_run(const char *measurements_csv, const char *materials_csv, lmds_tunnel_score **out);
LMDS_API void lmds_tunnel_score_free(lmds_tunnel_score *s);

/* ---- model registry ---- */

typedef lmds_model_param lmds_tunnel_param_info; /* see include/lmds/model.h */
typedef lmds_model_info lmds_tunnel_model_info;

LMDS_API size_t lmds_tunnel_model_count(void);
LMDS_API const lmds_tunnel_model_info *lmds_tunnel_model_get(size_t i); /* NULL when out of range */

#ifdef __cplusplus
}
#endif
#endif
