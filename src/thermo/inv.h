/* Private: shared pieces of the invariant finders (inv.c, inv_binary.c, inv_ternary.c). */
#ifndef LMDS_THERMO_INV_H
#define LMDS_THERMO_INV_H

#include "thermo/ws.h"

/* A growing list of invariants. */
typedef struct inv_list {
    lmds_invariant *v;
    int n, cap;
} inv_list;

/* Add v unless the same reaction (same phases, T within 0.01 K) is there already; -1 when out of memory. */
int inv_add(inv_list *l, const lmds_invariant *v);

/* A phase of an invariant: a phase index, its site fractions (a start for local minimisation when one phase takes
 * part with two composition sets) and its composition. */
typedef struct inv_phase {
    int p;
    double y[64];
    double x[TH_MAXC];
} inv_phase;

/* Three or four phases meeting at an invariant: the equilibrium of `npair` of them (restricted to those phases, at
 * the overall composition x0) and the driving force of the last one (`probe`) against it. npair = 2 for a binary
 * (L + A, probe B), 3 for a ternary (L + A + B, probe D). */
typedef struct inv_ctx {
    th_ws *w;
    double P;
    int npair;
    inv_phase ph[4];      /* ph[0..npair-1] the equilibrium's phases, ph[npair] the probe */
    double x0[TH_MAXC];   /* overall composition inside the pair's tie line or triangle */
    th_sol sol;           /* the restricted equilibrium at the last T */
    int fail;
    int probe_local;      /* the probe is a phase of the pair: local minimum from its own y, not the global one */
} inv_ctx;

/* The probe's driving force (J/mol) against the restricted equilibrium at T; NAN (and c->fail) when that
 * equilibrium does not have the pair's phases. Updates the pair's compositions and x0 (kept inside). */
double inv_probe_df(double T, void *ctx);

/* Solve inv_probe_df = 0 for T in [Tlo, Thi] (expanded up to `reach` K on each side when it does not bracket).
 * Returns LMDS_OK with *T. */
lmds_status inv_solve_T(inv_ctx *c, double Tlo, double Thi, double reach, double *T);

/* The restricted equilibrium of the phases ph[0..n-1] (distinct sets even when one phase appears twice) at the
 * current T, iterating x0 towards the centroid of the sets until all n are present. 0 on success. */
int inv_restricted(th_ws *w, inv_phase *ph, int n, double *x0, th_sol *sol);

/* The tie simplex of C phases (n == C) at the current T by Newton's method on the chemical potentials: each phase
 * at its local minimum of (G - mu.N)/N from its own site fractions y, and mu such that every one of these driving
 * forces is zero (d f_p / d mu_i = -x_p,i). mu (in/out) starts from a nearby solution. 0 on success (ph[].y, .x
 * and mu updated); -1 when it does not converge or phases collapse onto one composition. */
int inv_tie_newton(th_ws *w, inv_phase *ph, int n, double *mu);

/* Fill an invariant entry k from a phase index and composition; `set` > 1 names a second composition set. */
void inv_set_phase(lmds_invariant *v, int k, const th_ws *w, int p, const double *x, int set);

/* Composition (mole fractions, C) of phase p at site fractions y. */
void inv_phase_x(const th_ws *w, int p, const double *y, double *x);

/* Site fractions of phase q->p that roughly give its composition q->x (a start for local minimisation): in each
 * sublattice a pure-element constituent takes its element's fraction, other species a trace, a lone vacancy 1. */
void inv_phase_y_from_x(const th_ws *w, inv_phase *q);

/* Is phase p a liquid? */
int inv_is_liquid(const th_ws *w, int p);

#endif
