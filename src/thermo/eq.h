/* Private: the equilibrium solver's workspace, shared by eq.c, lines.c and the CLI-free tools of the module. */
#ifndef LMDS_THERMO_EQ_H
#define LMDS_THERMO_EQ_H

#include "thermo/thermo_internal.h"

#define TH_MAXSETS 8

/* Sample points of one phase (T-independent), and their G per mole of atoms at the current T. */
typedef struct th_grid {
    int n;
    double *y;     /* n * m */
    double *x;     /* n * C, mole fractions */
    double *nat;   /* atoms per formula unit */
    double *g;     /* G per mole of atoms at the current T */
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
    unsigned char *active;
    th_tstate ts;
    int have_T;
    /* generated columns (refined points) */
    int ncol, capcol;
    int *col_phase;
    double *col_y;       /* capcol * 64 */
    double *col_x;       /* capcol * C */
    double *col_g;
} th_ws;

lmds_status th_ws_init(th_ws *w, const lmds_tdb *db, const int *z, int C);
void th_ws_free(th_ws *w);
lmds_status th_ws_set_T(th_ws *w, double T, double P_Pa);
/* Restrict phases: all active (NULL lists), excluding names, or only names. */
void th_ws_select(th_ws *w, const char *const *only, const char *const *exclude);
void th_ws_activate_all(th_ws *w);

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
