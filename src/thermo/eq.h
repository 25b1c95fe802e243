/* Private: the equilibrium solver's workspace, shared by eq.c, lines.c and the CLI-free tools of the module. */
#ifndef LMDS_THERMO_EQ_H
#define LMDS_THERMO_EQ_H

#include "thermo/thermo_internal.h"

#define TH_MAXSETS 8

/* Sample points of one phase (T-independent), and their G per mole of atoms at the current T. */
typedef struct th_grid {
    int n;
    double *y;     /* n * m */
    double *lny;   /* n * m, log(max(y, 1e-300)): the ideal-mixing logarithms, computed once */
    double *x;     /* n * C, mole fractions */
    double *nat;   /* atoms per formula unit */
    double *g;     /* G per mole of atoms at the current T: read through th_ws_grid_g */
} th_grid;

/* A composition set of the solution. */
typedef struct th_set {
    int phase;
    double y[64];
    double n;          /* moles of formula units */
    double amount;     /* moles of atoms */
    double x[TH_MAXC];
    double G;          /* per mole of atoms */
} th_set;

typedef struct th_sol {
    int nsets;
    th_set set[TH_MAXSETS];
    double mu[TH_MAXC];
    double G;
    int iterations;
    int converged;
} th_sol;

typedef struct th_ws {
    th_sys sys;
    th_grid *grid;       /* per phase */
    unsigned char *allowed; /* phases the caller allows (0: suspended); the algorithms never change it */
    unsigned char *active;  /* phases taking part in the current calculation: always a subset of allowed */
    unsigned char *g_ok;    /* per phase: grid[p].g holds the energies at the current T and P (computed at the
                               first use after th_ws_set_T, so a calculation pays only for the phases it reads) */
    th_tstate ts;
    int have_T;
    double T_set, P_set; /* the state ts holds (K, Pa) */
    int volumes;         /* 1: vcons filled from the molar-volume data; 0: not yet needed */
    /* generated columns (refined points) */
    int ncol, capcol;
    int *col_phase;
    double *col_y;       /* capcol * 64 */
    double *col_x;       /* capcol * C */
    double *col_g;
} th_ws;

lmds_status th_ws_init(th_ws *w, const lmds_tdb *db, const int *z, int C);
void th_ws_free(th_ws *w);
/* Set the temperature (K) and pressure (Pa; <= 1 bar: the reference pressure). Above 1 bar the molar-volume term
 * is applied (loaded at the first use; LMDS_ENODATA when an element has no molar volume, LMDS_EDOMAIN above the
 * pressure limit) unless the database models pressure itself. Nothing is recomputed when T and P are unchanged. */
lmds_status th_ws_set_T(th_ws *w, double T, double P_Pa);
/* The database's numbers changed in place (an assessment's fit): the next th_ws_set_T recomputes even at the same
 * T and P. */
void th_ws_forget_T(th_ws *w);
/* The sample energies of phase p (grid[p].g, G per mole of atoms) at the current T and P, evaluated at the first
 * call after th_ws_set_T. */
const double *th_ws_grid_g(th_ws *w, int p);
/* The phases the caller allows: all (NULL lists), all but `exclude`, or only `only` (names are TDB phase names,
 * any case). Unknown names are LMDS_ENOTFOUND naming them. Also makes every allowed phase active. */
lmds_status th_ws_allow(th_ws *w, const char *const *only, const char *const *exclude);
/* Make the allowed phases active (the default for a calculation). */
void th_ws_activate_all(th_ws *w);
/* Make only the allowed liquid phases (liquid = 1) or only the allowed solid ones (liquid = 0) active. */
void th_ws_activate_liquid(th_ws *w, int liquid);
/* Make active only the listed phases (n indices), when allowed. */
void th_ws_activate_list(th_ws *w, const int *phases, int n);

/* Global equilibrium at the current T for overall composition x0 (mole fractions of the C components). */
lmds_status th_equilibrate(th_ws *w, const double *x0, th_sol *sol);

/* Minimum driving force -(G - mu.N)/N of phase p (J/mol of atoms; positive = less stable than the plane mu)
 * over its samples and a local refinement. Returns the minimum of (G - mu.N)/N (negative = would precipitate);
 * y_out (may be NULL) receives the site fractions. */
double th_phase_min_df(th_ws *w, int p, const double *mu, double *y_out);

/* lines.c: 1 (default) solves liquidus temperatures with the homogeneous liquid's chemical potentials, 0 with
 * liquid-only equilibria (benchmark baseline). Not thread-safe to change while liquidus calls run. */
extern int th_liquidus_fast_path;

/* The same from a given start y (site fractions, in/out): the local minimum of that composition set, for a phase
 * with a miscibility gap whose two sides must be told apart (the Na-rich and K-rich bcc of Na-K). */
double th_phase_local_df(th_ws *w, int p, const double *mu, double *y);

#endif
