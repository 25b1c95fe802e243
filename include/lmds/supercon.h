/* lmds supercon: phonon-mediated superconductivity.
 *
 * Spectral functions alpha^2F(omega) (files as people have them), their moments, the McMillan and Allen-Dynes
 * formulas, isotropic Migdal-Eliashberg theory on the imaginary axis (Tc, gap, Z, Pade continuation to the real
 * axis), critical fields, Tc under pressure and route/size effects (films, small particles, droplets).
 *
 * Conventions (stated once):
 *  - spectral frequencies and energies (omega, Delta, Matsubara frequencies) are in meV; a name ending in _K is
 *    the same quantity divided by k_B (kelvin);
 *  - alpha^2F is dimensionless; lambda = 2 int alpha^2F(w)/w dw;
 *  - temperature in K, pressure in GPa, magnetic fields in tesla (mu0 H), lengths in nm unless a name says so;
 *  - every function is reentrant and thread-safe (no global mutable state); errors go to the thread-local record
 *    of core.h (lmds_errmsg); notes such as "ignored 12 rows with omega <= 0" go to lmds_warn.
 *  - what the library allocates, the matching _free releases; every _free accepts NULL.
 */
#ifndef LMDS_SUPERCON_H
#define LMDS_SUPERCON_H

#include <stddef.h>
#include "core.h"
#include "model.h"
#include "comp.h"
#include "eos.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------
 * Spectral functions
 * ------------------------------------------------------------------------------------------------------------ */

/* Frequency unit of a spectrum file's first column. AUTO: from the file (Elk ALPHA2F.OUT: hartree; EPW .a2f:
 * meV; a header naming a unit, e.g. "# E (THz)"); meV with a warning when nothing tells. */
typedef enum lmds_freq_unit {
    LMDS_FREQ_AUTO = 0,
    LMDS_FREQ_MEV,
    LMDS_FREQ_THZ, /* h nu, 1 THz = 4.135667696 meV */
    LMDS_FREQ_CM1, /* h c nu~, 1 cm^-1 = 0.1239841984 meV */
    LMDS_FREQ_K,   /* k_B T, 1 K = 0.08617333262 meV */
    LMDS_FREQ_HA,  /* hartree */
    LMDS_FREQ_RY   /* rydberg (Quantum ESPRESSO a2F.dos files) */
} lmds_freq_unit;

/* File layout. AUTO detects: a name ending in ALPHA2F.OUT -> ELK; a name ending in .a2f or a header containing
 * "Eliashberg function" -> EPW; otherwise COLUMNS (which also covers QE multi-smearing files: pick the column). */
typedef enum lmds_a2f_format {
    LMDS_A2F_AUTO = 0,
    LMDS_A2F_COLUMNS, /* frequency, then one or more alpha^2F columns; '#', '!' and '%' start comments */
    LMDS_A2F_EPW,     /* EPW prefix.a2f: meV, one column per smearing, a text trailer ends the data */
    LMDS_A2F_ELK      /* Elk ALPHA2F.OUT: hartree, two columns, rows at negative omega */
} lmds_a2f_format;

typedef struct lmds_a2f_opts {
    lmds_a2f_format format;
    lmds_freq_unit unit;
    int column; /* which alpha^2F column (1 = first after the frequency); 0 means 1 */
} lmds_a2f_opts;

/* Defaults: AUTO format, AUTO unit, column 1. */
LMDS_API void lmds_a2f_opts_init(lmds_a2f_opts *opts);

/* A spectrum: n points with 0 < omega[0] < omega[1] < ... (meV), a2f[i] = alpha^2F(omega[i]).
 * Rows with omega <= 0 in the input are dropped. Owned by the library: free with lmds_a2f_free. */
typedef struct lmds_a2f {
    size_t n;
    double *omega; /* meV, strictly increasing, > 0 */
    double *a2f;
    char *source;  /* file name or "arrays"/"einstein"; never NULL */
    lmds_a2f_format format;
    lmds_freq_unit unit;  /* the unit the input was read in */
    int column;
    size_t n_dropped;     /* rows ignored because omega <= 0 */
} lmds_a2f;

/* Read a spectrum file. opts may be NULL (defaults). Errors: LMDS_EIO (cannot read), LMDS_EPARSE with
 * file:line:column (a non-number, a missing column, frequencies not increasing, no positive-frequency rows). */
LMDS_API lmds_status lmds_a2f_load(const char *path, const lmds_a2f_opts *opts, lmds_a2f **out);
/* The same from text in memory (len bytes, need not be NUL-terminated); name is used in messages and for
 * format detection (may be NULL). */
LMDS_API lmds_status lmds_a2f_parse(const char *text, size_t len, const char *name, const lmds_a2f_opts *opts,
                           lmds_a2f **out);
/* A spectrum from arrays (copied) in the given unit (AUTO means meV). Points with omega <= 0 are dropped;
 * the remaining frequencies must increase strictly. */
LMDS_API lmds_status lmds_a2f_from_arrays(size_t n, const double *omega, const double *a2f, lmds_freq_unit unit,
                                 lmds_a2f **out);
/* A synthetic Einstein-like spectrum: a Gaussian peak at omega_E (meV) of relative width `rel_width` (sigma =
 * rel_width * omega_E, 0 < rel_width <= 0.3), normalised so that its lambda is exactly `lambda`. */
LMDS_API lmds_status lmds_a2f_einstein(double omega_E, double lambda, double rel_width, lmds_a2f **out);
/* A copy with every frequency multiplied by freq_scale and alpha^2F by amp_scale (so lambda scales by
 * amp_scale and omega_log by freq_scale). Used for pressure: omega ~ (V/V0)^-gamma. */
LMDS_API lmds_status lmds_a2f_scaled(const lmds_a2f *src, double freq_scale, double amp_scale, lmds_a2f **out);
LMDS_API void lmds_a2f_free(lmds_a2f *a2f);

/* Moments of alpha^2F (Allen & Dynes, PRB 12, 905 (1975), eqs. 3, 6, 7), integrals by GSL interpolation on the
 * spectrum grid (linear between points, with alpha^2F -> 0 at omega = 0). */
typedef struct lmds_a2f_mom {
    double lambda;      /* 2 int a2F/w dw */
    double omega_log;   /* exp[(2/lambda) int ln(w) a2F/w dw], meV */
    double omega2;      /* [(2/lambda) int w a2F dw]^(1/2) (Elk: "RMS average frequency"), meV */
    double omega1;      /* (2/lambda) int a2F dw, meV */
    double omega_max;   /* highest frequency with alpha^2F above 1e-6 of its peak, meV */
    double omega_log_K, omega2_K, omega_max_K; /* the same in kelvin */
} lmds_a2f_mom;
LMDS_API lmds_status lmds_a2f_moments(const lmds_a2f *a2f, lmds_a2f_mom *m);

/* ------------------------------------------------------------------------------------------------------------
 * Tc formulas
 * ------------------------------------------------------------------------------------------------------------ */

/* Ranges of validity of the closed-form Tc formulas (checked; outside them the functions return LMDS_EDOMAIN).
 *  - McMillan fitted his formula to Eliashberg solutions for a Nb-like spectrum with lambda up to about 2, and
 *    Allen & Dynes (PRB 12, 905 (1975)) showed that it saturates and underestimates Tc beyond that: lambda <= 2.
 *  - Allen & Dynes built f1 so that Tc approaches their strong-coupling limit 0.1827 (lambda <omega^2>)^(1/2) and
 *    checked the formula against Eliashberg solutions up to lambda of about 10: lambda <= 10. (Both ranges are
 *    recalled from the papers, not re-read here; a later iterative solution of the Eliashberg equations confirms
 *    the square-root behaviour numerically for 0.5 < lambda < 8.)
 *  - mu* in [0, 0.5]: the Morel-Anderson pseudopotential is bounded by 1/ln(E_F/omega_D), about 0.2-0.3 in metals
 *    (Morel & Anderson, Phys. Rev. 125, 1263 (1962)); 0.5 leaves room for unusual inputs.
 *  - characteristic frequencies (Theta_D, omega_log, omega2) in (0, 1e4] K: no phonon spectrum reaches 0.86 eV.
 * A formula that finds no superconductivity (lambda <= mu*(1 + 0.62 lambda)) is an answer, not an error: LMDS_OK
 * with *tc = 0. */
#define LMDS_MCMILLAN_LAMBDA_MAX 2.0
#define LMDS_ALLEN_DYNES_LAMBDA_MAX 10.0
#define LMDS_MU_STAR_MAX 0.5
#define LMDS_PHONON_K_MAX 1e4

/* McMillan, Phys. Rev. 167, 331 (1968), eq. 18: Tc = (Theta_D/1.45) exp[-1.04(1+lambda)/(lambda -
 * mu*(1+0.62 lambda))]. 0 < theta_D <= 1e4 K, 0 < lambda <= LMDS_MCMILLAN_LAMBDA_MAX, 0 <= mu* <= 0.5.
 * LMDS_EINVAL for NULL/non-finite/non-positive input, LMDS_EDOMAIN outside the range of validity (*tc untouched);
 * *tc = 0 with LMDS_OK when the exponent's denominator is <= 0 (no superconductivity). */
LMDS_API lmds_status lmds_tc_mcmillan(double theta_D, double lambda, double mu_star, double *tc);

/* Allen & Dynes, PRB 12, 905 (1975), eqs. 34-35 with strong-coupling f1 and shape f2 corrections:
 * Tc = f1 f2 (omega_log/1.2) exp[-1.04(1+lambda)/(lambda - mu*(1+0.62 lambda))],
 * f1 = [1 + (lambda/L1)^(3/2)]^(1/3), L1 = 2.46(1+3.8 mu*),
 * f2 = 1 + (omega2/omega_log - 1) lambda^2/(lambda^2 + L2^2), L2 = 1.82(1+6.3 mu*)(omega2/omega_log).
 * omega2_K = 0 switches f2 off (f2 = 1); otherwise omega2 >= omega_log (Jensen's inequality for a positive
 * spectrum). 0 < lambda <= LMDS_ALLEN_DYNES_LAMBDA_MAX; otherwise the same rules as lmds_tc_mcmillan. */
LMDS_API lmds_status lmds_tc_allen_dynes(double lambda, double mu_star, double omega_log_K, double omega2_K, double *tc);

/* Strong-coupling ratios from Tc/omega_log (Carbotte, Rev. Mod. Phys. 62, 1027 (1990), eqs. 4.1-4.3):
 *   2Delta0/kTc       = 3.53 [1 + 12.5 x^2 ln(1/(2x))],
 *   DeltaC/(gamma Tc) = 1.43 [1 + 53 x^2 ln(1/(3x))],
 *   gamma Tc^2/Hc(0)^2 = 0.168 [1 - 12.2 x^2 ln(1/(3x))],   x = Tc/omega_log.
 * Valid for x below about 0.25. */
typedef struct lmds_sc_ratios {
    double gap_ratio;      /* 2 Delta(0) / k_B Tc */
    double dC_ratio;       /* Delta C / (gamma Tc) */
    double hc_ratio;       /* gamma Tc^2 / Hc(0)^2 (gaussian units) */
} lmds_sc_ratios;
LMDS_API lmds_status lmds_sc_ratios_carbotte(double tc, double omega_log_K, lmds_sc_ratios *r);

/* ------------------------------------------------------------------------------------------------------------
 * Isotropic Migdal-Eliashberg theory on the imaginary axis
 *
 * Z_n = 1 + (pi T/omega_n) sum_m lambda(n-m) omega_m/R_m,
 * Z_n Delta_n = pi T sum_m [lambda(n-m) - mu* theta(w_c - |omega_m|)] Delta_m/R_m,   R_m = sqrt(omega_m^2 +
 * Delta_m^2), omega_n = pi T(2n+1), lambda(k) = int 2 w a2F(w)/(w^2 + (2 pi T k)^2) dw.
 * The kernel depends only on n - m: the sums are convolutions done by FFT (or directly, for comparison).
 * ------------------------------------------------------------------------------------------------------------ */

typedef enum lmds_eliash_convention {
    /* Coulomb term on all Matsubara frequencies up to the cutoff; mu* given at mu_star_cutoff is rescaled to
     * the cutoff w_c used: 1/mu*(w_c) = 1/mu* + ln(mu_star_cutoff/w_c) (Allen & Mitrovic, Solid State Phys. 37,
     * 1 (1982), eq. 2.26). */
    LMDS_ELIASH_STANDARD = 0,
    /* Elk's eliashberg.f90 conventions (for validation against Elk): sums cut at 20 omega_rms, mu* applied only
     * for |omega_n|, |omega_m| <= 2 omega_rms, not rescaled; cutoff_factor is ignored. */
    LMDS_ELIASH_ELK = 1
} lmds_eliash_convention;

typedef enum lmds_eliash_algorithm {
    LMDS_ELIASH_FFT = 0,   /* convolutions by FFT, O(N log N) per product (default) */
    LMDS_ELIASH_DIRECT = 1 /* direct O(N^2) sums (baseline for benchmarks and tests) */
} lmds_eliash_algorithm;

/* Ranges of the solver's options (checked; outside them LMDS_EINVAL names the range). The work of one eigenvalue
 * grows as N log N with N = cutoff/(2 pi k_B T) positive Matsubara frequencies: the number is computed before
 * anything is allocated and refused (LMDS_EDOMAIN) above max_matsubara. */
#define LMDS_ELIASH_CUTOFF_FACTOR_MIN 2.0
#define LMDS_ELIASH_CUTOFF_FACTOR_MAX 100.0
#define LMDS_ELIASH_MATSUBARA_DEFAULT ((size_t)1 << 16)
#define LMDS_ELIASH_MATSUBARA_HARD_MAX ((size_t)1 << 22)

typedef struct lmds_eliash_opts {
    double mu_star;          /* Coulomb pseudopotential, [0, LMDS_MU_STAR_MAX] (default 0.10) */
    double mu_star_cutoff;   /* meV, cutoff at which mu_star is given; 0: 10 omega_max (default) */
    double cutoff_factor;    /* Matsubara cutoff w_c = cutoff_factor * omega_max, [2, 100] (default 10) */
    lmds_eliash_convention convention;
    lmds_eliash_algorithm algorithm;
    int check_convergence;   /* lmds_eliash_tc: also solve at 2 w_c and report the change in tc_err (default 1) */
    double tol;              /* relative tolerance on Tc and on the nonlinear gap (default 1e-6) */
    int max_iter;            /* nonlinear iterations per temperature (default 5000) */
    size_t max_matsubara;    /* refuse (LMDS_EDOMAIN) when more positive Matsubara frequencies would be needed
                                (default 1 << 16, at most 1 << 22) */
} lmds_eliash_opts;
LMDS_API void lmds_eliash_opts_init(lmds_eliash_opts *opts);

/* Largest eigenvalue of the linearised gap equation at temperature T (K); > 1 below Tc. n_matsubara (may be
 * NULL) receives the number of positive Matsubara frequencies used. */
LMDS_API lmds_status lmds_eliash_eigenvalue(const lmds_a2f *a2f, const lmds_eliash_opts *opts, double T, double *rho,
                                   size_t *n_matsubara);

typedef struct lmds_eliash_tc_result {
    double tc;            /* K */
    double tc_err;        /* K, |Tc(2 w_c) - Tc(w_c)| when check_convergence, else 0 */
    double mu_star_used;  /* mu* after rescaling to the cutoff */
    double cutoff;        /* meV, the Matsubara cutoff used */
    size_t n_matsubara;   /* positive Matsubara frequencies at Tc */
    int evaluations;      /* eigenvalue evaluations by the root finder */
} lmds_eliash_tc_result;

/* Tc where the largest eigenvalue crosses 1, bracketed geometrically and refined by Brent's method.
 * LMDS_OK with res->tc = 0 when the eigenvalue stays below 1 down to 1 mK (no superconductivity above 1 mK).
 * LMDS_EDOMAIN when Tc cannot be resolved: the temperatures searched need more than max_matsubara frequencies,
 * or no crossing below 10 omega_max. */
LMDS_API lmds_status lmds_eliash_tc(const lmds_a2f *a2f, const lmds_eliash_opts *opts, lmds_eliash_tc_result *res);

/* Full nonlinear solution at temperature T. */
typedef struct lmds_eliash_gap {
    double T;              /* K */
    size_t n;              /* positive Matsubara frequencies */
    double *omega_n;       /* meV */
    double *delta;         /* Delta(i omega_n), meV */
    double *z;             /* Z(i omega_n) */
    double delta_edge;     /* real-axis gap edge Delta(omega = Delta) from Pade continuation, meV (NaN when the
                              continuation failed) */
    int iterations;
} lmds_eliash_gap;
/* guess: a previous solution to start from (may be NULL: start from a BCS-sized gap). Returns a gap with
 * delta ~ 0 above Tc. LMDS_ENOCONV when max_iter is exceeded. */
LMDS_API lmds_status lmds_eliash_solve(const lmds_a2f *a2f, const lmds_eliash_opts *opts, double T,
                              const lmds_eliash_gap *guess, lmds_eliash_gap **out);
LMDS_API void lmds_eliash_gap_free(lmds_eliash_gap *g);

/* Real-axis Delta(omega) at complex frequency w = omega + i0+ from the Matsubara gap by Vidberg-Serene Pade
 * continuation (J. Low Temp. Phys. 29, 179 (1977)), using at most npade frequencies (0: up to 256). */
LMDS_API lmds_status lmds_eliash_pade(const lmds_eliash_gap *g, size_t npade, double omega, double *re, double *im);

/* Gap curve from T_low = tc/20 (or 0.05 tc) to Tc on nt temperatures (nt >= 2). */
typedef struct lmds_eliash_curve {
    size_t nt;
    double *T;            /* K, increasing; last point is Tc */
    double *delta0;       /* Delta(i omega_0), meV */
    double *edge;         /* real-axis gap edge, meV */
    double *z0;           /* Z(i omega_0) */
    double tc;            /* K (Eliashberg, from lmds_eliash_tc) */
    double delta_zero;    /* meV, gap edge at the lowest T (stands for Delta(0)) */
    double gap_ratio;     /* 2 Delta(0)/(k_B Tc) */
    double z_zero;        /* Z(i omega_0) at the lowest T */
    int ratios_valid;     /* 1 when Carbotte's fits apply (Tc/omega_log <= 0.25); else the two ratios are 0 */
    double dC_ratio;      /* DeltaC/(gamma Tc) from Carbotte's formula with this Tc and omega_log (0: n/a) */
    double hc_ratio;      /* gamma Tc^2/Hc(0)^2 from Carbotte's formula (0: n/a) */
} lmds_eliash_curve;
LMDS_API lmds_status lmds_eliash_curve_compute(const lmds_a2f *a2f, const lmds_eliash_opts *opts, size_t nt,
                                      lmds_eliash_curve **out);
LMDS_API void lmds_eliash_curve_free(lmds_eliash_curve *c);

/* ------------------------------------------------------------------------------------------------------------
 * Critical fields (tesla)
 * ------------------------------------------------------------------------------------------------------------ */

/* Thermodynamic critical field at T from Hc(0): the empirical parabolic law Hc(T) = Hc(0)[1 - (T/Tc)^2]
 * (Tuyn's law; Tinkham, Introduction to Superconductivity, eq. 1.1). T >= Tc gives 0. */
LMDS_API lmds_status lmds_hc_thermo(double tc, double hc0, double T, double *hc);
/* Hc(0) from the Sommerfeld coefficient: gamma_v Tc^2/Hc(0)^2 = hc_ratio (gaussian units; 0.168 in BCS, strong
 * coupling from lmds_sc_ratios_carbotte when omega_log_K > 0). gamma in mJ/(mol K^2), molar volume cm^3/mol. */
LMDS_API lmds_status lmds_hc0_from_gamma(double tc, double gamma_mJ_molK2, double vmol_cm3, double omega_log_K,
                                double *hc0);
/* Upper critical field, WHH dirty limit without spin paramagnetism or spin-orbit (Werthamer, Helfand,
 * Hohenberg, Phys. Rev. 147, 295 (1966), eq. 40 with alpha = lambda_so = 0):
 *   ln(1/t) = psi(1/2 + hbar/(2t)) - psi(1/2),  hbar = (4/pi^2) Hc2(T) / (-Tc dHc2/dT|Tc).
 * slope = dHc2/dT at Tc in T/K (< 0). Hc2(0) = -0.693 Tc slope. */
LMDS_API lmds_status lmds_hc2_whh(double tc, double slope, double T, double *hc2);
/* The slope that makes WHH give Hc2(0) = Phi0/(2 pi xi0^2) (GL coherence length xi0 in nm). */
LMDS_API lmds_status lmds_hc2_slope_from_xi(double tc, double xi0_nm, double *slope);

/* ------------------------------------------------------------------------------------------------------------
 * Pressure
 * ------------------------------------------------------------------------------------------------------------ */

/* Materials under pressure: the structural phases of a material, each with its equation of state, Debye-Grueneisen
 * thermal model (theta0 = Debye temperature, gamma0 = Grueneisen parameter) and pressure range, and the
 * superconducting inputs of the ambient phase. One row per phase in data/pressure/tunnel_materials.csv (every row
 * with its source). */
#define LMDS_SC_MAX_PHASES 4

/* Where a row's equation of state comes from (optional column eos_status). */
typedef enum lmds_sc_eos_status {
    LMDS_SC_EOS_UNSPECIFIED = 0, /* column absent or empty: used as given */
    LMDS_SC_EOS_MEASURED = 1,    /* fitted to measured compression data */
    LMDS_SC_EOS_DFT = 2,         /* a density-functional calculation (B0 typically 10-20 % off) */
    LMDS_SC_EOS_UNRELIABLE = 3   /* known to disagree with other sources: not used for Tc under pressure */
} lmds_sc_eos_status;

typedef struct lmds_sc_phase {
    char name[24];       /* "ambient", "alpha-Ga", "Bi-I", "beta-Sn", ... */
    double P_lo, P_hi;   /* GPa: the phase holds for P_lo <= P < P_hi (P_hi = INFINITY when no transition is known) */
    lmds_eos eos;
    lmds_thermal th;
    lmds_sc_eos_status eos_status;
    char source[1024];   /* the row's source */
} lmds_sc_phase;

typedef struct lmds_sc_material {
    char name[32];
    int nphase;
    lmds_sc_phase phase[LMDS_SC_MAX_PHASES]; /* in order of pressure */
    double tc0;          /* ambient-pressure Tc of phase 0, K (0: not a superconductor) */
    double mu_star;      /* Coulomb pseudopotential for McMillan inversions (0.13 when the table gives none) */
    double phi;          /* Hopfield exponent, eta ~ V^-phi (1 when the table gives none) */
    char source[1024];   /* source of phase 0's row */
} lmds_sc_material;

/* Load a material by name (case-sensitive, e.g. "Pb"). path NULL: data/pressure/tunnel_materials.csv under
 * lmds_data_dir(). LMDS_ENOTFOUND when absent, LMDS_EPARSE (file:line:column) on a malformed row, LMDS_EIO. */
LMDS_API lmds_status lmds_sc_material_load(const char *path, const char *name, lmds_sc_material *m);
/* Names of all materials in the file: *names is an array of *n strings (free with lmds_sc_names_free). */
LMDS_API lmds_status lmds_sc_material_names(const char *path, char ***names, size_t *n);
LMDS_API void lmds_sc_names_free(char **names, size_t n);
/* Index of the phase in effect at P (phase 0 below its lower bound), or -1 above the last phase's range. */
LMDS_API int lmds_sc_material_phase_at(const lmds_sc_material *m, double P);

typedef enum lmds_tc_method {
    LMDS_TC_ALLEN_DYNES = 0,
    LMDS_TC_MCMILLAN = 1,
    LMDS_TC_ELIASHBERG = 2
} lmds_tc_method;

/* Tc(P): the volume from the EOS; phonon frequencies scale as omega ~ (V/V0)^-gamma_G (Grueneisen); the
 * Hopfield parameter eta = N(0)<I^2> as (V/V0)^-phi, so lambda = eta/(M<omega^2>) scales as
 * (V/V0)^(2 gamma_G - phi); mu* is held fixed. */
typedef struct lmds_sc_pressure_opts {
    lmds_eos eos;
    double gamma_G;       /* Grueneisen parameter; <= 0: Slater's estimate B0'/2 - 1/6 (Slater, Introduction
                             to Chemical Physics (1939) ch. 14) */
    double phi;           /* -d ln eta/d ln V (default 1: eta ~ 1/V for sp metals) */
    lmds_tc_method method;
    lmds_eliash_opts eliash; /* mu_star used by every method */
} lmds_sc_pressure_opts;
LMDS_API void lmds_sc_pressure_opts_init(lmds_sc_pressure_opts *o);

/* Either a spectrum (a2f != NULL) or the parameters lambda, omega_log_K, omega2_K (omega2 may be 0), theta_D
 * (McMillan only). */
typedef struct lmds_sc_params {
    double lambda, omega_log_K, omega2_K, theta_D;
} lmds_sc_params;

typedef struct lmds_sc_pressure_point {
    double P;           /* GPa */
    double v_ratio;     /* V/V0 */
    double lambda;
    double omega_log_K;
    double tc;          /* K (0 when the formula has no superconductivity) */
} lmds_sc_pressure_point;

LMDS_API lmds_status lmds_sc_pressure_tc(const lmds_a2f *a2f, const lmds_sc_params *par, const lmds_sc_pressure_opts *o,
                                double P, lmds_sc_pressure_point *pt);
/* dTc/dP at P (K/GPa), second-order finite difference with step h (GPa; <= 0: 0.2). */
LMDS_API lmds_status lmds_sc_pressure_slope(const lmds_a2f *a2f, const lmds_sc_params *par,
                                   const lmds_sc_pressure_opts *o, double P, double h, double *dtc_dp);
/* Pressure at which Tc extrapolates to zero when Tc is taken linear in V from its P = 0 slope -- the procedure
 * by which Smith & Chu, Phys. Rev. 159, 353 (1967) quote such pressures -- and, separately, the pressure at which
 * the model's own Tc(P) falls below 1% of Tc(0) (p_model, GPa; +inf when not below 100 GPa). */
LMDS_API lmds_status lmds_sc_pressure_zero(const lmds_a2f *a2f, const lmds_sc_params *par, const lmds_sc_pressure_opts *o,
                                  double *p_linear, double *p_model);

/* Tc of a phase under pressure, for callers that know a phase's formula and ambient Tc (the prediction pipeline).
 *
 * Model: the phase's equation of state, Debye temperature and Grueneisen parameter come from the material table
 * (lmds_sc_material_load); lambda at the phase's reference pressure (P_lo, 0 for ambient phases) is fitted so
 * that McMillan's formula with that Debye temperature gives tc0_K; under pressure Theta ~ (V/V0)^-gamma_G and
 * lambda ~ (V/V0)^(2 gamma_G - phi) (lmds_sc_pressure_tc, McMillan method). The uncertainty combines in quadrature
 * the changes of Tc(P) when gamma_G moves by +-20 % (Slater's relation, used for the shipped gamma_G, is good to
 * about that for metals), phi by +-0.5 and mu* by +-0.03, lambda refitted to tc0_K each time; it is a model
 * spread, not a measured error. */
typedef struct lmds_sc_pressure_estimate {
    double P;            /* GPa, as asked */
    double tc;           /* K at P */
    double tc_err;       /* K, the model spread described above */
    double tc0;          /* K at the reference pressure (the input) */
    double P_ref;        /* GPa, where tc0 holds (the phase's lower bound, 0 for ambient phases) */
    double v_ratio;      /* V(P)/V0 of the phase (cold isotherm) */
    double lambda0;      /* coupling at V0, fitted to tc0 */
    double lambda;       /* coupling at P */
    double dtc_dp;       /* K/GPa at P (central difference of the model) */
    double theta_D;      /* K, at V0 */
    double gamma_G, phi, mu_star;
    char phase[24];      /* the phase whose EOS was used */
    char method[320];    /* what was computed, with the parameter values */
    char sources[2048];  /* where the inputs come from (the table row's source) and the papers of the model */
} lmds_sc_pressure_estimate;

/* Tc of `formula` (as written in the material table, e.g. "Pb", "Sn") in phase `phase` (NULL: the table's first,
 * ambient-pressure phase; otherwise its name, e.g. "beta-Sn", compared without case) at P_GPa, given the phase's
 * measured Tc tc0_K at its reference pressure. path: the material table (NULL: the shipped one).
 * Errors: LMDS_EINVAL (tc0_K <= 0, P not finite or negative, NULL pointers), LMDS_ENODATA when the table has no
 * equation of state for this formula or phase ("pressure not modelled for this phase"), LMDS_EDOMAIN when P lies
 * outside the phase's pressure range (a transition to another phase is known there) or tc0_K needs a coupling
 * beyond McMillan's range. On failure *out is zeroed. */
LMDS_API lmds_status lmds_sc_tc_pressure_phase(const char *path, const char *formula, const char *phase, double tc0_K,
                                               double P_GPa, lmds_sc_pressure_estimate *out);

/* ------------------------------------------------------------------------------------------------------------
 * Size and route effects
 * ------------------------------------------------------------------------------------------------------------ */

/* Thin film: Tc(d) = Tc_bulk (1 - d_c/d) (Simonin, PRB 33, 7830 (1986)); d, d_c in nm, d > 0. Returns 0 K for
 * d <= d_c. */
LMDS_API lmds_status lmds_film_tc(double tc_bulk, double d_nm, double dc_nm, double *tc);

/* ---- Films: Tc versus thickness from measured curves ----
 * Data: data/routes/film_tc.csv, one measured film per row, columns
 *   material,form,thickness_nm,Tc_K,Tc_err_K,substrate,substrate_T_K,reference,notes
 * with form one of crystalline, granular, amorphous, quench-condensed, epitaxial. Forms are never mixed: granular
 * and quench-condensed films of Al, Sn, In, Ga superconduct above bulk (disorder enhancement), crystalline films
 * below it (Simonin's suppression). */
typedef enum lmds_film_form {
    LMDS_FILM_CRYSTALLINE = 0,
    LMDS_FILM_GRANULAR,
    LMDS_FILM_AMORPHOUS,
    LMDS_FILM_QUENCH_CONDENSED,
    LMDS_FILM_EPITAXIAL
} lmds_film_form;
/* "crystalline", "granular", ...: LMDS_EINVAL listing the forms for anything else. */
LMDS_API lmds_status lmds_film_form_parse(const char *s, lmds_film_form *form);
LMDS_API const char *lmds_film_form_name(lmds_film_form form); /* static string; "?" when out of range */

typedef enum lmds_film_basis {
    LMDS_FILM_INTERPOLATED = 0, /* between measured thicknesses: linear in 1/d */
    LMDS_FILM_MEASURED,         /* at a measured thickness */
    LMDS_FILM_SIMONIN_FIT,      /* beyond the data: Simonin's law with d_c fitted to the measured points */
    LMDS_FILM_NEAREST           /* beyond the data with no model that applies: the nearest measured value held */
} lmds_film_basis;

/* Simonin's d_c fitted to the measured points of one material and form: least squares of
 * Tc_bulk - Tc_i = d_c Tc_bulk / d_i (GSL gsl_fit_mul), an estimate labelled as a fit. */
typedef struct lmds_film_fit {
    double dc_nm, dc_err_nm; /* fitted critical thickness and its standard error (from the residuals) */
    double rms_K;            /* root-mean-square residual of the fitted curve, K */
    int n;                   /* points used */
} lmds_film_fit;

typedef struct lmds_film_estimate {
    double tc;            /* K */
    double tc_err;        /* K: measurement errors, scatter of the data about the interpolation, distance to the
                             nearest measured thickness; beyond the data, the fit's or the last interval's spread */
    double d_nm;          /* as asked */
    lmds_film_form form;
    lmds_film_basis basis;
    int extrapolated;     /* 1 when d lies outside the measured thicknesses */
    int n_points;         /* measured rows of this material and form */
    double d_min, d_max;  /* nm, range of the measured thicknesses */
    lmds_film_fit fit;    /* filled when basis is LMDS_FILM_SIMONIN_FIT */
    char method[256];
    char sources[2048];   /* the references of the rows, '; '-separated */
} lmds_film_estimate;

/* Tc of a film of `material` (as written in the table, e.g. "Al") in `form`, thickness d_nm, from the measured
 * rows of that material and form in path (NULL: data/routes/film_tc.csv). tc_bulk_K (> 0 to enable Simonin's
 * law beyond the data of crystalline and epitaxial films; <= 0: not used). LMDS_ENODATA when no row matches (or
 * the shipped file is absent), LMDS_EINVAL for d_nm <= 0 or not finite, LMDS_EPARSE with file:line:column for a
 * malformed row. On failure *out is zeroed. */
LMDS_API lmds_status lmds_film_tc_estimate(const char *path, const char *material, lmds_film_form form,
                                           double tc_bulk_K, double d_nm, lmds_film_estimate *out);
/* The Simonin fit alone. LMDS_EDOMAIN when the points do not show suppression (no point below tc_bulk_K), which
 * is the case of disorder-enhanced films. */
LMDS_API lmds_status lmds_film_dc_fit(const char *path, const char *material, lmds_film_form form, double tc_bulk_K,
                                      lmds_film_fit *fit);

/* ---- Amorphous (quench-condensed) solids: data/routes/amorphous.csv, columns
 *   material,Tc_K,Tc_err_K,crystallisation_T_K,reference,notes ---- */
typedef struct lmds_amorphous_tc {
    double tc;                 /* K, mean of the rows */
    double tc_err;             /* K, the larger of the rows' stated errors (rms) and their spread */
    double crystallisation_T;  /* K, lowest stated crystallisation temperature (NAN when none) */
    int n;                     /* rows */
    char sources[2048];
} lmds_amorphous_tc;
/* The measured Tc of the amorphous solid of `material` (a lookup of stored values, not a prediction). path NULL:
 * data/routes/amorphous.csv. LMDS_ENODATA when no row matches or the shipped file is absent. */
LMDS_API lmds_status lmds_amorphous_lookup(const char *path, const char *material, lmds_amorphous_tc *out);

/* Anderson criterion (Anderson, J. Phys. Chem. Solids 11, 26 (1959)): superconductivity in a grain needs the
 * mean level spacing (Kubo gap) delta = 1/(N_s(E_F)) below the gap, N_s the per-spin density of states of the
 * whole grain. dos = N(E_F) per atom for both spins (states/(eV atom)), atomic volume A^3, radius nm, gap meV.
 * Outputs (any may be NULL): delta (meV), ratio delta/Delta, and the critical radius (nm) where delta = Delta. */
LMDS_API lmds_status lmds_anderson_criterion(double dos_per_eV_atom, double atomic_volume_A3, double radius_nm,
                                    double gap_meV, double *delta_meV, double *ratio, double *r_crit_nm);

/* Gibbs-Thomson melting of a droplet/particle of radius r (Pawlow 1909; Buffat & Borel, PRA 13, 2287 (1976)
 * in the form) Tm(r) = Tm_bulk [1 - 2 sigma_sl / (rho_s L r)]: sigma_sl J/m^2, rho_s kg/m^3, L J/kg, r nm.
 * LMDS_EDOMAIN when the formula gives Tm <= 0. */
typedef struct lmds_gibbs_thomson {
    double tm_bulk;   /* K */
    double sigma_sl;  /* J/m^2 */
    double rho_s;     /* kg/m^3 */
    double latent;    /* J/kg */
    const char *source;
} lmds_gibbs_thomson;
/* Parameters for alpha-Ga (sources in the returned struct and docs/supercon.md). */
LMDS_API const lmds_gibbs_thomson *lmds_gibbs_thomson_ga(void);
LMDS_API lmds_status lmds_droplet_melting(const lmds_gibbs_thomson *p, double r_nm, double *tm);

/* ------------------------------------------------------------------------------------------------------------
 * Model registry
 * ------------------------------------------------------------------------------------------------------------ */

typedef lmds_model_param lmds_sc_param_info; /* see include/lmds/model.h */
typedef lmds_model_info lmds_sc_model_info;

LMDS_API size_t lmds_sc_model_count(void);
LMDS_API const lmds_sc_model_info *lmds_sc_model_get(size_t i);      /* NULL when out of range */
LMDS_API const lmds_sc_model_info *lmds_sc_model_find(const char *id); /* NULL when unknown */

#ifdef __cplusplus
}
#endif
#endif
