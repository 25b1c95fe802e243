/* lmds thermo: a CALPHAD engine. TDB databases, Gibbs energies in the compound energy formalism, equilibria,
 * liquidus/solidus temperatures, invariant reactions and solidification paths.
 *
 * Conventions: temperature in K, pressure in GPa, Gibbs energies and chemical potentials in J/mol (per mole of
 * atoms), compositions as mole fractions. Components are the elements of an lmds_comp, in its order
 * (alphabetical by symbol). A loaded lmds_tdb is immutable: every function taking a const lmds_tdb * may be
 * called concurrently from several threads (each call allocates its own workspace).
 *
 * Workspaces. Every calculation samples the system's phases first (the costly part of a short calculation). A
 * workspace (lmds_thermo_ws_new) does that once for a system and is reused by equilibrium, liquidus, solidus,
 * invariant and solidification calls on compositions of that system; it also carries the phases the caller
 * suspends or chooses (metastable equilibria). A workspace belongs to one thread at a time: make one per thread
 * (all of them may share the const lmds_tdb). The functions without a workspace make and free one per call.
 *
 * Temperature range. Below the lower limit of a TDB expression (298.15 K for most SGTE unary data) Gibbs energies
 * are extrapolated with the heat capacity at that limit (constant Cp); a result below the highest such limit of
 * the system adds a warning (lmds_warn) naming the limit. Above the last upper limit the last range is used.
 *
 * Pressure. G(T, P) = G(T, 1 bar) + (P - 1 bar) V_m, with molar volumes constant and additive in the atoms: for
 * each element the molar volume of its solid and of its liquid at the melting point (data/thermo/molar_volumes.csv,
 * a source per row); liquid phases take the liquid volumes, every other phase the solid ones. The melting point of
 * an element then moves by Clausius-Clapeyron, dTm/dP = dV_m / dS_m. Pressures are in GPa, from 0 (meaning the
 * TDB reference, 1 bar) up to lmds_thermo_pressure_max() (1 GPa; above it compression and pressure-induced phases
 * make a constant volume wrong: LMDS_EDOMAIN). A database whose expressions depend on P keeps its own model.
 *
 * Models and references:
 *  - Compound energy formalism, Redlich-Kister excess terms (O. Redlich, A.T. Kister, Ind. Eng. Chem. 40 (1948)
 *    345), Muggianu ternary extrapolation (Y.-M. Muggianu et al., J. Chim. Phys. 72 (1975) 83), see
 *    M. Hillert, J. Alloys Compd. 320 (2001) 161, doi:10.1016/S0925-8388(00)01481-X.
 *  - Magnetic contribution: Inden-Hillert-Jarl, M. Hillert, M. Jarl, Calphad 2 (1978) 227,
 *    doi:10.1016/0364-5916(78)90011-1.
 *  - Global minimisation: sampled phases, linear programming on the sample points (the discrete convex hull),
 *    column generation by driving force, then Newton iterations on the Lagrangian (as in H.L. Lukas, S.G. Fries,
 *    B. Sundman, Computational Thermodynamics, Cambridge 2007, ch. 5).
 *  - Assessment of binary Redlich-Kister parameters from phase-equilibrium data (lmds_thermo_assess: GSL
 *    multifit_nlinear, residuals from this engine), starting from Miedema's enthalpy of mixing (F.R. de Boer et al.,
 *    Cohesion in Metals, North-Holland 1988). TDB files are written (lmds_tdb_write) and merged (lmds_tdb_merge).
 * lmds_thermo_model_count/get list the models with their references (lmds thermo models). */
#ifndef LMDS_THERMO_H
#define LMDS_THERMO_H
#include <stddef.h>
#include "core.h"
#include "model.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded TDB database. Opaque, immutable after loading. */
typedef struct lmds_tdb lmds_tdb;

/* Read a TDB file. Accepts the quirks of real files: abbreviated keywords, '$' comments, several commands per
 * line, glued numbers ("100.00-7258.5"), ",,N" default upper limits, '#' function references, ":L" phase
 * suffixes, LN/LOG, T**(-1) and T**-1, duplicate definitions (the later wins, with a warning), parameters for
 * undeclared constituents or phases (ignored with a warning), unsupported commands (warning). A file without an
 * ELEMENT or a PHASE command (empty, or not a TDB file) is LMDS_EPARSE. On error returns LMDS_EIO or LMDS_EPARSE
 * with "file:line:column: message" in lmds_errmsg() and sets *out to NULL.
 * The caller frees *out with lmds_tdb_free. */
LMDS_API lmds_status lmds_tdb_load(const char *path, lmds_tdb **out);
/* The same from a memory buffer (len bytes, need not be NUL-terminated); `name` is used in messages. */
LMDS_API lmds_status lmds_tdb_load_buffer(const char *text, size_t len, const char *name, lmds_tdb **out);
/* The default database data/tdb/lmds.tdb (via lmds_data_path). */
LMDS_API lmds_status lmds_tdb_load_default(lmds_tdb **out);
LMDS_API void lmds_tdb_free(lmds_tdb *db);

/* Write a database as a TDB file (readable by lmds_tdb_load and other TDB readers): elements, species, the
 * functions in use, type definitions, phases, parameters with their reference codes. `header` (may be NULL)
 * becomes '$' comment lines at the top. Comments of the source file are not kept. */
LMDS_API lmds_status lmds_tdb_write(const lmds_tdb *db, const char *path, const char *header);
/* Add src to dst: new elements, species, functions, phases and parameters are copied; a phase in both gets the
 * union of its constituents (same sublattices and sites required); a function or parameter in both must have
 * the same value (checked at 11 temperatures from 150 to 2500 K), else LMDS_EINVAL naming it, and dst is then
 * left partly merged (discard it). */
LMDS_API lmds_status lmds_tdb_merge(lmds_tdb *dst, const lmds_tdb *src);

/* Elements (not VA) and phases of a database. Names are upper case ("GA", "LIQUID"). */
LMDS_API int lmds_tdb_element_count(const lmds_tdb *db);
LMDS_API const char *lmds_tdb_element_name(const lmds_tdb *db, int i);
LMDS_API int lmds_tdb_phase_count(const lmds_tdb *db);
LMDS_API const char *lmds_tdb_phase_name(const lmds_tdb *db, int i);
/* Is there at least one interaction parameter of the liquid between elements a and b (symbols, any case)? */
LMDS_API int lmds_tdb_has_binary(const lmds_tdb *db, const char *a, const char *b);

/* Does the database describe the system of `c`: every element present with a liquid description, and every
 * binary pair with a liquid interaction parameter? Returns LMDS_OK, or LMDS_ENODATA with the missing elements
 * and binaries written to `missing` ("Ga-Mo, In-Mo"; n bytes, may be NULL). */
LMDS_API lmds_status lmds_tdb_covers(const lmds_tdb *db, const lmds_comp *c, char *missing, size_t n);

/* The interaction (Redlich-Kister) parameters of a database, in file order, for storage in the genome.
 * constituents as in the TDB ("GA,IN" or "IN,SN:VA"); expression as a TDB piecewise text (J/mol, T in K);
 * a + b T when the expression is a single linear range (linear = 1), else a = b = NAN. */
typedef struct lmds_tdb_interaction {
    char phase[32];
    char constituents[128];
    int order;
    char expression[1024];
    double a, b;
    int linear;
    double T_lo, T_hi;
    char ref[24];
    int line;
} lmds_tdb_interaction;
LMDS_API int lmds_tdb_interaction_count(const lmds_tdb *db);
LMDS_API lmds_status lmds_tdb_interaction_get(const lmds_tdb *db, int i, lmds_tdb_interaction *out);
/* The path the database was loaded from (static storage of db). */
LMDS_API const char *lmds_tdb_path(const lmds_tdb *db);

/* ---------- coverage ---------- */

/* How a database describes one binary or ternary system's liquid (lmds thermo coverage). */
typedef struct lmds_tdb_coverage {
    int n;                /* 2 or 3 elements */
    int z[3];             /* atomic numbers, symbols in alphabetical order */
    char system[16];      /* "Bi-In" or "Bi-In-Sn" */
    int in_tdb;           /* binary: a liquid interaction of the pair; ternary: a liquid ternary term */
    char kind[64];        /* binary: the kind coverage.csv gives (published / transcribed / lmds assessment from
                             data / estimate only / not covered) when it agrees with the database, else "in database"
                             or "missing"; ternary: "assessed ternary term", "binaries only (Muggianu)" or
                             "missing binaries" */
    char reference[512];  /* binary: coverage.csv's reference; ternary: the kinds of its three binaries, or the
                             missing ones */
    char file[64];        /* binary: the file coverage.csv names */
    char tdb_refs[128];   /* reference codes of the database's liquid parameters of exactly this system */
} lmds_tdb_coverage;

/* The coverage of every pair (order 2) or triple (order 3) of the n elements z[] (n = 0: every element of the
 * database) by db. coverage_csv (may be NULL: the database alone decides, kinds "in database" / "missing") is the
 * table of data/tdb/coverage.csv (columns pair,kind,reference,file; a pair written either way round); a row that
 * the database contradicts (listed as covered, no liquid interaction, or the reverse) gets the database's kind and
 * the table's kind in its reference. Elements sorted by symbol; systems in that order. On success *out (free with free())
 * holds *n_out entries (the systems of an element the database lacks are "missing"); on failure *out = NULL
 * (LMDS_EIO / LMDS_EPARSE with file:line:column for the table, LMDS_EINVAL for bad arguments). */
LMDS_API lmds_status lmds_tdb_coverage_list(const lmds_tdb *db, const char *coverage_csv, int n, const int *z,
                                            int order, lmds_tdb_coverage **out, int *n_out);

/* ---------- workspaces and phase selection ---------- */

/* Phases that take part in a calculation. Zero-initialise (or pass NULL) for all phases. Names are TDB phase names
 * (any case); a name that is not a phase of the database is LMDS_ENOTFOUND. Suspending the stable phase gives the
 * metastable equilibrium that forms when it does not nucleate (e.g. suspend = {"ORTHORHOMBIC_GA", NULL}). */
typedef struct lmds_thermo_opts {
    const char *const *suspend;   /* NULL-terminated phase names left out; may be NULL */
    const char *const *only;      /* if not NULL: only these phases (NULL-terminated) take part */
} lmds_thermo_opts;

/* A system's sampled phases and solver state, reused across calls (see the top of this header). Opaque. */
typedef struct lmds_thermo_ws lmds_thermo_ws;

/* A workspace for the system of the ncomp elements z[] (atomic numbers, any order; compositions given to it must
 * have exactly these elements). opts (may be NULL) selects the phases. The database must outlive the workspace.
 * On success *out is the workspace (free with lmds_thermo_ws_free); on failure *out is NULL: LMDS_ENODATA when the
 * database lacks an element, LMDS_ENOTFOUND for an unknown phase name, LMDS_EINVAL for bad arguments. */
LMDS_API lmds_status lmds_thermo_ws_new(const lmds_tdb *db, int ncomp, const int *z, const lmds_thermo_opts *opts,
                                        lmds_thermo_ws **out);
LMDS_API void lmds_thermo_ws_free(lmds_thermo_ws *ws); /* accepts NULL */
/* Change the selected phases (the sampling is kept; the lists are copied by value, not referenced later). */
LMDS_API lmds_status lmds_thermo_ws_set_opts(lmds_thermo_ws *ws, const lmds_thermo_opts *opts);
/* The workspace's elements (atomic numbers, in the order given to lmds_thermo_ws_new). */
LMDS_API int lmds_thermo_ws_ncomp(const lmds_thermo_ws *ws);
LMDS_API int lmds_thermo_ws_element(const lmds_thermo_ws *ws, int i);
/* The highest pressure (GPa) the pressure term accepts (model registry "pressure", parameter P_max). */
LMDS_API double lmds_thermo_pressure_max(void);

/* ---------- equilibrium ---------- */

#define LMDS_EQ_MAXPHASES 8
#define LMDS_PHASE_NAME 32

typedef struct lmds_eq_phase {
    char name[LMDS_PHASE_NAME];   /* TDB phase name; a second composition set of a miscibility gap gets "#2" */
    double amount;                /* moles of atoms of this phase per mole of atoms of alloy */
    double x[LMDS_COMP_MAX];      /* mole fractions of the components (order of the result's z[]) */
    double G;                     /* J per mole of atoms of the phase */
} lmds_eq_phase;

typedef struct lmds_eq_result {
    double T, P;                  /* K, GPa */
    int ncomp;
    int z[LMDS_COMP_MAX];         /* components (atomic numbers), order of the input lmds_comp */
    int nphases;
    lmds_eq_phase phases[LMDS_EQ_MAXPHASES];
    double G;                     /* J/mol of atoms, whole system */
    double mu[LMDS_COMP_MAX];     /* chemical potentials, J/mol, relative to the TDB reference (usually SER) */
    int iterations;
} lmds_eq_result;

/* Options for a one-shot equilibrium (older form of lmds_thermo_opts). Zero-initialise (or pass NULL). */
typedef struct lmds_eq_opts {
    const char *const *exclude;   /* phase names to suspend (NULL-terminated list), may be NULL */
    const char *const *only;      /* if not NULL, only these phases (NULL-terminated) */
} lmds_eq_opts;

/* Stable phases at (T_K, P_GPa) and overall composition c, by global minimisation. Never reports two
 * composition sets of one phase unless they are a real miscibility gap (distinct compositions that each
 * lower G). Returns LMDS_ENODATA when the database lacks an element of c (message names it), LMDS_ENOCONV when
 * the Newton refinement fails (the result then holds the best hull estimate). */
LMDS_API lmds_status lmds_thermo_equilibrium(const lmds_tdb *db, const lmds_comp *c, double T_K, double P_GPa,
                                    lmds_eq_result *out);
LMDS_API lmds_status lmds_thermo_equilibrium_opts(const lmds_tdb *db, const lmds_comp *c, double T_K, double P_GPa,
                                         const lmds_eq_opts *opts, lmds_eq_result *out);
/* The same on a workspace (its selected phases). P_GPa in [0, lmds_thermo_pressure_max()]. */
LMDS_API lmds_status lmds_thermo_ws_equilibrium(lmds_thermo_ws *ws, const lmds_comp *c, double T_K, double P_GPa,
                                                lmds_eq_result *out);

/* ---------- phase boundaries ---------- */

/* Liquidus: the temperature at which the first solid appears on cooling the liquid of composition c, solved
 * directly (liquid with the whole amount, the solid at zero amount, T free: Brent's method on the solid's
 * driving force against the liquid's chemical potentials, taken from the homogeneous liquid and checked for its
 * stability at the root; in a liquid miscibility gap from liquid-only equilibria). The first solid's name goes to
 * primary_phase (n bytes, may be NULL). Search range 1-4000 K. */
LMDS_API lmds_status lmds_thermo_liquidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_liq,
                                 char *primary_phase, size_t n);
/* Solidus: the highest temperature at which the alloy is entirely solid (liquid at zero amount). */
LMDS_API lmds_status lmds_thermo_solidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_sol);
/* The same on a workspace (selected phases only: with a suspended solid, the liquidus of the metastable diagram).
 * The workspace remembers the last liquidus, so a solidus of the same composition and pressure right after it
 * does not solve it again. */
LMDS_API lmds_status lmds_thermo_ws_liquidus(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double *T_liq,
                                             char *primary_phase, size_t n);
LMDS_API lmds_status lmds_thermo_ws_solidus(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double *T_sol);

/* Invariant reactions of a binary or ternary system involving the liquid.
 * Binary, three phases (the one whose composition lies between the others is the "middle" one):
 *   eutectic L -> S1 + S2 (liquid in the middle), peritectic L + S1 -> S2 (middle solid forms on cooling),
 *   catatectic S2 -> L + S1 (middle solid vanishes on cooling; also called metatectic), monotectic L1 -> L2 + S,
 *   syntectic L1 + L2 -> S; congruent melting: two phases (liquid and solid) of one composition.
 * Ternary, four phases: ternary eutectic L -> S1 + S2 + S3, transition (U-type) L + S1 -> S2 + S3, ternary
 * peritectic L + S1 + S2 -> S3. */
typedef enum { LMDS_INV_EUTECTIC, LMDS_INV_PERITECTIC, LMDS_INV_MONOTECTIC, LMDS_INV_CONGRUENT,
               LMDS_INV_TERNARY_EUTECTIC, LMDS_INV_TERNARY_PERITECTIC, LMDS_INV_TRANSITION,
               LMDS_INV_OTHER, LMDS_INV_CATATECTIC, LMDS_INV_SYNTECTIC } lmds_inv_type;
typedef struct lmds_invariant {
    lmds_inv_type type;
    double T;                                 /* K */
    int nphases;                              /* phases in equilibrium at T: 2 (congruent), 3 or 4; liquid first */
    char phase[4][LMDS_PHASE_NAME];           /* a second composition set of one phase is "NAME#2" */
    double x[4][LMDS_COMP_MAX];               /* compositions, in the order of z[] given */
} lmds_invariant;
LMDS_API const char *lmds_inv_type_name(lmds_inv_type t);
/* All invariants with the liquid of the system of the `ncomp` elements z[] (2 or 3) whose temperature lies between
 * T_min and T_max, sorted by decreasing T. The search itself does not depend on the window: it follows the
 * liquidus (binary: an adaptive liquidus scan, each change of primary phase, liquidus maximum or liquid miscibility
 * gap solved as a three-phase equilibrium; ternary: the three-phase monovariant lines traced from the binary edges'
 * invariants down to the four-phase reactions where they meet). *out is malloc'ed (free with free()). */
LMDS_API lmds_status lmds_thermo_invariants(const lmds_tdb *db, int ncomp, const int *z, double T_min, double T_max,
                                   lmds_invariant **out, int *n_out);
/* The same on a workspace of 2 or 3 elements (its selected phases: invariants of the metastable diagram when a
 * phase is suspended), at pressure P_GPa. */
LMDS_API lmds_status lmds_thermo_ws_invariants(lmds_thermo_ws *ws, double P_GPa, double T_min, double T_max,
                                               lmds_invariant **out, int *n_out);

/* ---------- solidification ---------- */

typedef struct lmds_solidify_step {
    double T;                                 /* K */
    double f_liquid;                          /* liquid fraction (moles of atoms) */
    int nphases;
    char phase[LMDS_EQ_MAXPHASES][LMDS_PHASE_NAME];
    double amount[LMDS_EQ_MAXPHASES];         /* equilibrium: amounts; Scheil: accumulated solid amounts */
    double x_liquid[LMDS_COMP_MAX];
} lmds_solidify_step;

typedef struct lmds_solidify_path {
    int scheil;
    int ncomp;
    int z[LMDS_COMP_MAX];
    int nsteps;
    lmds_solidify_step *steps;
    double T_liquidus, T_end_liquid;          /* where liquid appears / vanishes (Scheil: where f_liquid < 1e-4);
                                                 T_end_liquid is NAN when liquid remains at T_end (liquid_left) */
    int liquid_left;                          /* 1: the path ends at T_end with liquid present */
} lmds_solidify_path;

/* Cool the alloy from its liquidus to T_end (K, below the liquidus: LMDS_EINVAL otherwise) in steps of 0.5 K while
 * liquid remains, 10 K below. Equilibrium (scheil = 0) or Scheil-Gulliver (scheil = 1: no diffusion in solids,
 * perfect mixing in the liquid). On success *out is the path (free with lmds_solidify_path_free); on failure
 * NULL. A T_end below the validity of the TDB data adds a warning (see the top of this header). */
LMDS_API lmds_status lmds_thermo_solidify(const lmds_tdb *db, const lmds_comp *c, double T_end, int scheil,
                                 lmds_solidify_path **out);
/* The same on a workspace (selected phases), at pressure P_GPa. */
LMDS_API lmds_status lmds_thermo_ws_solidify(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double T_end,
                                             int scheil, lmds_solidify_path **out);
LMDS_API void lmds_solidify_path_free(lmds_solidify_path *p);

/* ---------- assessment support ---------- */

/* Set (or add) the liquid parameter L(LIQUID,A,B;order) in a database to a constant value (J/mol). */
LMDS_API lmds_status lmds_tdb_set_liquid_L(lmds_tdb *db, const char *A, const char *B, int order, double value);

/* Miedema's estimate of the enthalpy of mixing (de Boer et al., Cohesion in Metals, North-Holland 1988; constants
 * and element classes in src/thermo/miedema.c and docs/thermo.md). J/mol of atoms. */
typedef enum { LMDS_MIEDEMA_LIQUID, LMDS_MIEDEMA_SOLID, LMDS_MIEDEMA_COMPOUND } lmds_miedema_state;
/* Interfacial enthalpy of one mole of A dissolved in B and of B in A (J/mol of solute, infinite dilution).
 * LMDS_EDOMAIN for transition/non-transition pairs (their hybridisation term is not tabulated in lmds),
 * LMDS_ENODATA when an element lacks Miedema parameters. */
LMDS_API lmds_status lmds_miedema_dilute(int zA, int zB, double *dH_A_in_B, double *dH_B_in_A);
/* Enthalpy of mixing at mole fraction xB of B: liquid, disordered solid (chemical + elastic size mismatch) or
 * ordered compound. */
LMDS_API lmds_status lmds_miedema_hmix(int zA, int zB, double xB, lmds_miedema_state state, double *H);
/* Redlich-Kister coefficients L[0..norder-1] (J/mol) of x_A x_B sum_k L_k (x_A - x_B)^k fitted by least squares to
 * the Miedema curve (99 compositions). A is zA: pass the pair in TDB canonical (alphabetical) order. */
LMDS_API lmds_status lmds_miedema_rk(int zA, int zB, lmds_miedema_state state, int norder, double *L);

/* ---------- assessment: Redlich-Kister parameters fitted to phase-equilibrium data ---------- */

/* Options of lmds_thermo_assess. Zero-initialise for the defaults. */
typedef struct lmds_assess_opts {
    const char *system;          /* "Ga-In"; NULL: the only binary system of the data file */
    const char *const *phases;   /* NULL-terminated phases whose A-B interaction is fitted; NULL: {"LIQUID"} */
    const char *const *keep;     /* NULL-terminated phases whose A-B parameters are taken unchanged from the base */
    const char *terms;           /* liquid terms: NULL or "auto" (selected by the data, see docs/thermo.md), or a
                                    list such as "L0,L1,L0T" (L0T = the b of L0 = a + b T) */
    double recalled_factor;      /* uncertainty multiplier for rows marked RECALLED or secondary; 0: 3 */
    const char *data_name;       /* name of the data file written into the TDB comments; may be NULL */
} lmds_assess_opts;

typedef struct lmds_assess_param {
    char name[48];               /* "L(LIQUID,GA,IN;0) a", "G(BIIN2) formation a" */
    double value;                /* J/mol (a) or J/(mol K) (b); per mole of atoms for compounds */
    double sigma;                /* 1-sigma from the fit covariance (NAN when not fitted) */
    int fitted;                  /* 0: fixed (Miedema estimate or kept from the base) */
} lmds_assess_param;

typedef struct lmds_assess_item {
    char what[64];               /* "eutectic T", "eutectic x(IN)", "liquidus T at x(IN)=0.031" */
    char unit[8];                /* "K", "", "J/mol" */
    double obs, calc, sigma;     /* observed, calculated (NAN when the calculation failed), uncertainty used */
    int used;                    /* 0: reported only (e.g. pure-element melting points, fixed by the unaries) */
    int line;                    /* line of the data file */
    char ref[160];               /* the row's reference, shortened */
} lmds_assess_item;

typedef struct lmds_assessment {
    char system[16];             /* "GA-IN" (canonical order) */
    int nparams;
    lmds_assess_param *params;
    int nitems;
    lmds_assess_item *items;
    double chi2;                 /* sum of squared weighted residuals */
    int nres, dof;               /* residuals used, degrees of freedom */
    double rms_T, max_T;         /* K, over the temperature residuals used */
    double rms_x;                /* over the composition residuals used (mole fraction) */
    double rms_H;                /* J/mol, over mixing enthalpies used (NAN: none) */
    double rms_Hf;               /* J/mol of atoms, over compound formation enthalpies used (NAN: none) */
    int miedema_only;            /* no data for the liquid: the liquid parameter is Miedema's estimate */
    char *tdb;                   /* the assessed database, TDB text (owned) */
} lmds_assessment;

/* Fit the Redlich-Kister parameters of the liquid (and of the phases in opts->phases) of one binary system to the
 * measured data in the CSV file data_csv (format: docs/thermo.md), with every residual computed by this engine
 * (liquidus and invariants solved directly), by weighted nonlinear least squares (GSL multifit_nlinear,
 * Levenberg-Marquardt), starting from Miedema's estimate. Pure-element data (functions, lattice stabilities) come
 * from `base` (e.g. the default database); its A-B interactions are dropped unless the phase is in opts->keep.
 * Stoichiometric compounds named in the data ("congruent melting of BiIn2", "formation enthalpy of MgB2") become
 * phases G = sum x_i G_i(stable) + a + b T per mole of atoms: a follows a measured formation enthalpy when the data
 * give one (else the melting datum, b = 0), b the melting or peritectic datum when both are given. On success *out holds the result (free with lmds_assessment_free). */
LMDS_API lmds_status lmds_thermo_assess(const lmds_tdb *base, const char *data_csv, const lmds_assess_opts *opts,
                               lmds_assessment **out);
LMDS_API void lmds_assessment_free(lmds_assessment *a);

/* ---------- models and what to cite ---------- */

typedef lmds_model_param lmds_thermo_param_info; /* see include/lmds/model.h */
typedef lmds_model_info lmds_thermo_model_info;

LMDS_API int lmds_thermo_model_count(void);
LMDS_API const lmds_thermo_model_info *lmds_thermo_model_get(int i);       /* NULL when out of range */
LMDS_API const lmds_thermo_model_info *lmds_thermo_model_find(const char *id); /* NULL when unknown */

#ifdef __cplusplus
}
#endif
#endif
