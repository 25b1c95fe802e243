/* The McMillan model of one structural phase under pressure (private to supercon and tunnel): Theta ~ V^-gamma_G,
 * lambda ~ V^(2 gamma_G - phi), V(P) from the phase's EOS (lmds_sc_pressure_tc, McMillan method), and the coupling
 * at V0 fitted to a measured Tc at a reference pressure. Used by lmds_sc_tc_pressure_phase and by the tunnel
 * module's electron-phonon comparison, so the two are the same model. */
#ifndef LMDS_SUPERCON_PHASE_MODEL_H
#define LMDS_SUPERCON_PHASE_MODEL_H

#include "lmds/supercon.h"

typedef struct sc_phase_model {
    lmds_sc_phase ph;          /* a copy, so that a caller can vary B0 for an uncertainty */
    double gamma_G, phi, mu_star;
    double P_ref, tc0;         /* the measured Tc and where it holds */
    lmds_status st;            /* first failure inside the root finder */
} sc_phase_model;

/* The model of phase ph with the material's phi and mu*, gamma_G from the phase (Slater's B0'/2 - 1/6 when the
 * table gives none). */
void sc_phase_model_init(sc_phase_model *pm, const lmds_sc_phase *ph, double phi, double mu_star, double P_ref,
                         double tc0);
/* Tc (and the pressure point) with coupling lambda0 at V0, at pressure P. */
lmds_status sc_phase_model_tc(const sc_phase_model *pm, double lambda0, double P, lmds_sc_pressure_point *pt);
/* lambda at V0 for which the model gives tc0 at P_ref; LMDS_EDOMAIN when McMillan's range (lambda <= 2 at P_ref)
 * cannot reach tc0. */
lmds_status sc_phase_model_fit(sc_phase_model *pm, double *lambda0);

#endif
