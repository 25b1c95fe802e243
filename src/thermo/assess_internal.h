/* Private to the binary assessment (src/thermo/assess*.c): its data, working database, calculated values and fit
 * share one context (actx). The model and the method are described in assess.c. */
#ifndef LMDS_THERMO_ASSESS_INTERNAL_H
#define LMDS_THERMO_ASSESS_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "lmds/core.h"
#include "thermo/eq.h"

#define MAXDATA 128
#define MAXCMP 8
#define MAXPAR 32
#define T_LO 20.0
#define T_HI 3000.0

/* Default uncertainties (docs/thermo.md): temperatures 1 K (sources quote 0.1-1 C; independent values of one
 * eutectic scatter by about 0.5-1 K: Ga-In 15.3/15.5/16, Bi-Pb 123.5/124/125 C); a measured composition 0.01;
 * the nominal composition of a commercial alloy 0.03 (sold near, not at, the eutectic: EGaIn 16.5 at.% In vs the
 * assessed 14.2); mixing enthalpies 10 % or 200 J/mol, whichever is larger. */
#define SIG_T 1.0
#define SIG_X 0.01
#define SIG_X_COMMERCIAL 0.03
#define SIG_H_MIN 200.0
#define SIG_H_REL 0.10
/* A compound's measured formation enthalpy (J/mol of atoms): 2 kJ/mol, the upper end of what calorimetric and
 * Knudsen-effusion studies quote for intermetallics (Meschel & Kleppa's direct synthesis calorimetry +-1-2 kJ/mol in
 * data/thermo/ganb.csv, gav.csv, gamo.csv; Balducci et al. 2005 for the Mg borides +-0.6-2.2 kJ/mol in
 * data/thermo/bmg.csv). Independent methods can differ by far more (MgB2: -30.7 JANAF, -41.1 Knudsen, -52 solution
 * calorimetry) and a DFT database entry by about 10 kJ/mol: such rows give their own uncertainty. */
#define SIG_HF 2000.0
/* A formation enthalpy whose magnitude is below this (J/mol of atoms) is taken for a value in kJ: no line compound
 * worth modelling forms with less than 0.1 kJ/mol of atoms, while -41.1 (kJ) is the usual way tables print it. */
#define HF_MIN_ABS 100.0
/* Rows the data file marks RECALLED or secondary get uncertainties 3x larger (weight 1/9): a recalled value is
 * usually right to a few K but is not checked against its source. */
/* A compound must be more stable than the tie line of its neighbours by at least this much (J/mol): with
 * temperature-only data two compounds can otherwise end up degenerate (numerical device, not physics). */
#define HULL_MARGIN 1.0
#define ASSESS_RECALLED_FACTOR 3.0
/* Automatic liquid terms: a further Redlich-Kister term is kept only if it lowers chi^2 by more than 4 (a 2-sigma
 * improvement for one added parameter). */
#define ASSESS_DCHI2_TERM 4.0

enum { D_LIQUIDUS, D_SOLIDUS, D_EUTECTIC, D_PERITECTIC, D_CONGRUENT, D_INVSOLID, D_HMIX, D_MELTING, D_HFORM };

typedef struct datum {
    int kind;
    double x;               /* mole fraction of B (the second element alphabetically); NAN when not given */
    double T;               /* K (for D_HMIX: the temperature of the measurement) */
    double H;               /* J/mol (D_HMIX); J/mol of atoms (D_HFORM: formation enthalpy of compound ph[0] at T
                               relative to the elements' stable phases at T) */
    double sT, sx, sH;
    char ph[2][TH_NAME];    /* solid phases of an invariant; compound (and partner) of D_CONGRUENT/D_PERITECTIC */
    int line;
    int report_only;        /* D_HFORM marked "not fitted": calculated and reported, no residual */
    char ref[160];
    char quantity[64];
    /* calculated, and the last good values (warm starts of the next evaluation) */
    double Tc, xc, Hc;
    double Tw, xw;
    double pen;             /* J/mol by which another solid is more stable at the calculated point (0: stable) */
    int ok;
} datum;

/* hf: index of the compound's first fitted formation-enthalpy datum, -1 when none (its a then follows the melting
 * datum with b = 0; with one, a follows the enthalpy and b the melting datum when there is one). */
typedef struct compound { char name[TH_NAME]; int p, q; double x; double Tm; double hull, df; int hf; } compound;

enum { PK_LIQ, PK_SOL, PK_CMP, PK_FIX };
typedef struct fparam {
    int kind;
    char phase[TH_NAME];
    int order, tdep;        /* RK order; 0: a, 1: b of a + b T */
    int active;             /* a fit parameter in the current model */
    double value, sigma;
    int node;               /* the NUM node holding the value in the working database */
    char note[64];
} fparam;

/* A solid of an invariant: phase index in the workspace and the composition its composition set lives near. */
typedef struct solid { int p; double home; } solid;

typedef struct actx {
    const lmds_tdb *base;
    char A[4], B[4];
    int zA, zB;
    datum d[MAXDATA];
    int nd;
    compound cmp[MAXCMP];
    int ncmp;
    char sol[8][TH_NAME];   /* fitted solution phases besides the liquid */
    int nsol;
    char shared[8][TH_NAME];/* phases stable for both pure elements and not fitted: Miedema solid estimate */
    int nshared;
    char home_phase[2][TH_NAME];
    char melt_phase[2][TH_NAME]; /* the element's stable solid just below its melting point (Tl: BCC_A2, hcp at 298 K) */
    char gser[2][TH_NAME];  /* function names of the elements' stable-phase Gibbs energies */
    fparam par[MAXPAR];
    int npar;
    th_strbuf base_text;
    lmds_tdb *db;
    th_ws w;
    int have_ws;
    int iL;
    double recalled;
    int nres_max;
    char data_name[256];
    char refs[32][200];
    int nrefs;
    int evals;
    int use_hull;           /* stage 2 of the fit: the compound stability constraints are on */
} actx;


/* assess_data.c: the data file */
int as_find_compound(const actx *c, const char *name);
lmds_status as_read_data(actx *c, const char *path);
void as_upcase(const char *s, char *o, size_t n);
/* assess_db.c: the working database */
lmds_status as_build_base_text(actx *c, const lmds_assess_opts *o, const char *const *phases);
lmds_status as_build_work_db(actx *c);
lmds_status as_fit_text(actx *c, int work, th_strbuf *b);
lmds_status as_home_phase(const lmds_tdb *db, int z, char *name, size_t n);
lmds_status as_melt_phase(const lmds_tdb *db, int z, const char *home, char *name, size_t n);
lmds_status as_load_quiet(const char *text, size_t len, const char *name, lmds_tdb **db);
void as_set_values(actx *c);
/* assess_calc.c: calculated values and residuals */
void as_auto_phases(actx *c, datum *d);
void as_calc_all(actx *c);
int as_liquid_g_vs_ser(actx *c, double x, double T, double *g);
int as_compound_hf(actx *c, int m, double T, double *H);
int as_residuals(actx *c, double *r);
int as_residuals_n(actx *c, double *r, int *ndata);
void as_warn_auto_phases(const actx *c, const datum *d);
/* assess_fit.c: the fit */
int as_add_param(actx *c, int kind, const char *phase, int order, int tdep, double value, int active,
                     const char *note);
int as_find_par(const actx *c, int kind, const char *phase, int order, int tdep);
double as_run_fit(actx *c, int nres, int ndata);

#endif
