/* lmds thermo: a CALPHAD engine. TDB databases, Gibbs energies in the compound energy formalism, equilibria,
 * liquidus/solidus temperatures, invariant reactions and solidification paths.
 *
 * Conventions: temperature in K, pressure in GPa, Gibbs energies and chemical potentials in J/mol (per mole of
 * atoms), compositions as mole fractions. Components are the elements of an lmds_comp, in its order
 * (alphabetical by symbol). A loaded lmds_tdb is immutable: every function taking a const lmds_tdb * may be
 * called concurrently from several threads (each call allocates its own workspace).
 *
 * Models and references:
 *  - Compound energy formalism, Redlich-Kister excess terms (O. Redlich, A.T. Kister, Ind. Eng. Chem. 40 (1948)
 *    345), Muggianu ternary extrapolation (Y.-M. Muggianu et al., J. Chim. Phys. 72 (1975) 83), see
 *    M. Hillert, J. Alloys Compd. 320 (2001) 161, doi:10.1016/S0925-8388(00)01481-X.
 *  - Magnetic contribution: Inden-Hillert-Jarl, M. Hillert, M. Jarl, Calphad 2 (1978) 227,
 *    doi:10.1016/0364-5916(78)90011-1.
 *  - Global minimisation: sampled phases, linear programming on the sample points (the discrete convex hull),
 *    column generation by driving force, then Newton iterations on the Lagrangian (as in H.L. Lukas, S.G. Fries,
 *    B. Sundman, Computational Thermodynamics, Cambridge 2007, ch. 5). */
#ifndef LMDS_THERMO_H
#define LMDS_THERMO_H
#include <stddef.h>
#include "core.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded TDB database. Opaque, immutable after loading. */
typedef struct lmds_tdb lmds_tdb;

/* Read a TDB file. Accepts the quirks of real files: abbreviated keywords, '$' comments, several commands per
 * line, glued numbers ("100.00-7258.5"), ",,N" default upper limits, '#' function references, ":L" phase
 * suffixes, LN/LOG, T**(-1) and T**-1, duplicate definitions (the later wins, with a warning), parameters for
 * undeclared constituents or phases (ignored with a warning), unsupported commands (warning). On error returns
 * LMDS_EIO or LMDS_EPARSE with "file:line:column: message" in lmds_errmsg(); *out is untouched.
 * The caller frees *out with lmds_tdb_free. */
lmds_status lmds_tdb_load(const char *path, lmds_tdb **out);
/* The same from a memory buffer (len bytes, need not be NUL-terminated); `name` is used in messages. */
lmds_status lmds_tdb_load_buffer(const char *text, size_t len, const char *name, lmds_tdb **out);
/* The default database data/tdb/lmds.tdb (via lmds_data_path). */
lmds_status lmds_tdb_load_default(lmds_tdb **out);
void lmds_tdb_free(lmds_tdb *db);

/* Elements (not VA) and phases of a database. Names are upper case ("GA", "LIQUID"). */
int lmds_tdb_element_count(const lmds_tdb *db);
const char *lmds_tdb_element_name(const lmds_tdb *db, int i);
int lmds_tdb_phase_count(const lmds_tdb *db);
const char *lmds_tdb_phase_name(const lmds_tdb *db, int i);
/* Is there at least one interaction parameter of the liquid between elements a and b (symbols, any case)? */
int lmds_tdb_has_binary(const lmds_tdb *db, const char *a, const char *b);

/* Does the database describe the system of `c`: every element present with a liquid description, and every
 * binary pair with a liquid interaction parameter? Returns LMDS_OK, or LMDS_ENODATA with the missing elements
 * and binaries written to `missing` ("Ga-Mo, In-Mo"; n bytes, may be NULL). */
lmds_status lmds_tdb_covers(const lmds_tdb *db, const lmds_comp *c, char *missing, size_t n);

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

/* Options for an equilibrium. Zero-initialise (or pass NULL) for the defaults. */
typedef struct lmds_eq_opts {
    const char *const *exclude;   /* phase names to suspend (NULL-terminated list), may be NULL */
    const char *const *only;      /* if not NULL, only these phases (NULL-terminated) */
} lmds_eq_opts;

/* Stable phases at (T_K, P_GPa) and overall composition c, by global minimisation. Never reports two
 * composition sets of one phase unless they are a real miscibility gap (distinct compositions that each
 * lower G). Returns LMDS_ENODATA when the database lacks an element of c (message names it), LMDS_ENOCONV when
 * the Newton refinement fails (the result then holds the best hull estimate). */
lmds_status lmds_thermo_equilibrium(const lmds_tdb *db, const lmds_comp *c, double T_K, double P_GPa,
                                    lmds_eq_result *out);
lmds_status lmds_thermo_equilibrium_opts(const lmds_tdb *db, const lmds_comp *c, double T_K, double P_GPa,
                                         const lmds_eq_opts *opts, lmds_eq_result *out);

/* ---------- phase boundaries ---------- */

/* Liquidus: the temperature at which the first solid appears on cooling the liquid of composition c, solved
 * directly (liquid with the whole amount, the solid at zero amount, T free: Brent's method on the solid's
 * driving force). The first solid's name goes to primary_phase (n bytes, may be NULL). Search range 1-3000 K. */
lmds_status lmds_thermo_liquidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_liq,
                                 char *primary_phase, size_t n);
/* Solidus: the highest temperature at which the alloy is entirely solid (liquid at zero amount). */
lmds_status lmds_thermo_solidus(const lmds_tdb *db, const lmds_comp *c, double P_GPa, double *T_sol);

/* Invariant reactions of a binary or ternary system involving the liquid. */
typedef enum { LMDS_INV_EUTECTIC, LMDS_INV_PERITECTIC, LMDS_INV_MONOTECTIC, LMDS_INV_CONGRUENT,
               LMDS_INV_TERNARY_EUTECTIC, LMDS_INV_TERNARY_PERITECTIC, LMDS_INV_TRANSITION,
               LMDS_INV_OTHER } lmds_inv_type;
typedef struct lmds_invariant {
    lmds_inv_type type;
    double T;                                 /* K */
    int nphases;                              /* phases in equilibrium at T (liquid first) */
    char phase[4][LMDS_PHASE_NAME];
    double x[4][LMDS_COMP_MAX];               /* compositions */
} lmds_invariant;
const char *lmds_inv_type_name(lmds_inv_type t);
/* All invariants of the system of the `ncomp` elements z[] (2 or 3) between T_min and T_max, sorted by
 * decreasing T. *out is malloc'ed (free with free()). */
lmds_status lmds_thermo_invariants(const lmds_tdb *db, int ncomp, const int *z, double T_min, double T_max,
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
    double T_liquidus, T_end_liquid;          /* where liquid appears / vanishes (Scheil: where f_liquid < 1e-4) */
} lmds_solidify_path;

/* Cool the alloy from its liquidus to T_end in steps of dT (K; 0 picks 1 K near the liquidus, coarser
 * below the last liquid). Equilibrium (scheil = 0) or Scheil-Gulliver (scheil = 1: no diffusion in solids,
 * perfect mixing in the liquid). Free *out with lmds_solidify_path_free. */
lmds_status lmds_thermo_solidify(const lmds_tdb *db, const lmds_comp *c, double T_end, int scheil,
                                 lmds_solidify_path **out);
void lmds_solidify_path_free(lmds_solidify_path *p);

/* ---------- assessment support ---------- */

/* Set (or add) the liquid parameter L(LIQUID,A,B;order) in a database to a constant value (J/mol). */
lmds_status lmds_tdb_set_liquid_L(lmds_tdb *db, const char *A, const char *B, int order, double value);

#ifdef __cplusplus
}
#endif
#endif
