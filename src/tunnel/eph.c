/* The mainstream comparison: electron-phonon Tc(P) and rho(P) with the same EOS and Debye-Grueneisen model as
 * the tunnel model.
 *
 *  Tc      McMillan, Phys. Rev. 167, 331 (1968), eq. 18:
 *          Tc = theta/1.45 exp[-1.04 (1 + lambda)/(lambda - mu* (1 + 0.62 lambda))]
 *  theta   theta ~ V^-gamma (Grueneisen)
 *  lambda  lambda = eta/(M <omega^2>) with the Hopfield parameter eta ~ V^-phi (Hopfield, Phys. Rev. 186, 443
 *          (1969)) and omega ~ theta: lambda(V) = lambda0 (V/V0)^(2 gamma - phi)
 *  rho     Bloch-Grueneisen, rho = C (T/theta)^5 J5(theta/T) with C ~ eta V/theta (so that at T >> theta
 *          rho ~ lambda T/omega_p^2 with omega_p^2 ~ 1/V; Grimvall, The Electron-Phonon Interaction in Metals
 *          (1981)); residual resistivity neglected.
 *
 * Tc(P) is the superconductivity module's McMillan model of a phase (sc_phase_model.h, the model behind
 * lmds_sc_tc_pressure_phase: cold isotherm, theta ~ (V/V0)^-gamma with constant gamma); rho(P) is computed here
 * because it needs the thermal model. */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_transport.h>

#include "core/numeric.h"
#include "lmds/supercon.h"
#include "supercon/sc_phase_model.h"
#include "tunnel/tunnel_internal.h"

/* The electron-phonon side uses the low-temperature lattice: V at (P, T = 0). */
static lmds_status vol_theta(const lmds_tunnel_material *m, double P, double T, double *V, double *theta)
{
    int i = lmds_tunnel_phase_at(m, P);
    if (i < 0)
        return lmds_error(LMDS_EDOMAIN, "tunnel: %s: no equation of state at %g GPa", m->name, P);
    const lmds_tunnel_phase *ph = &m->phase[i];
    lmds_status st = lmds_eos_volume_pt(&ph->eos, &ph->th, P, T, V);
    if (st)
        return st;
    return lmds_eos_debye_theta(&ph->eos, &ph->th, *V, theta, NULL);
}

/* The superconductivity module's McMillan model of the phase in effect at P (sc_phase_model.h: Theta ~ V^-gamma,
 * lambda ~ V^(2 gamma - phi), the material's mu* and phi), with its coupling referred to that phase's V0. */
static lmds_status phase_model_at(const lmds_tunnel_material *m, double P, double P_ref, double tc0,
                                  sc_phase_model *pm)
{
    int i = lmds_tunnel_phase_at(m, P);
    if (i < 0)
        return lmds_error(LMDS_EDOMAIN, "tunnel: %s: no equation of state at %g GPa", m->name, P);
    sc_phase_model_init(pm, &m->phase[i], m->phi, m->mu_star, P_ref, tc0);
    return LMDS_OK;
}

lmds_status lmds_tunnel_eph_lambda0(const lmds_tunnel_material *m, double P0, double tc0, double *lambda0)
{
    if (!m || !lambda0 || !isfinite(tc0) || tc0 <= 0)
        return lmds_error(LMDS_EINVAL, "tunnel: electron-phonon lambda needs a positive Tc (got %g K)", tc0);
    sc_phase_model pm;
    lmds_status st = phase_model_at(m, P0, P0, tc0, &pm);
    return st ? st : sc_phase_model_fit(&pm, lambda0);
}

lmds_status lmds_tunnel_eph_tc(const lmds_tunnel_material *m, double lambda0, double P, double *tc)
{
    if (!m || !tc || !(lambda0 > 0))
        return lmds_error(LMDS_EINVAL, "tunnel: electron-phonon Tc needs lambda0 > 0");
    sc_phase_model pm;
    lmds_sc_pressure_point pt;
    lmds_status st = phase_model_at(m, P, P, 0.0, &pm);
    if (!st && !(st = sc_phase_model_tc(&pm, lambda0, P, &pt)))
        *tc = pt.tc;
    return st;
}

/* ln rho_ph(V, T) up to a constant: ln[(V^(1-phi)/theta) (T/theta)^5 J5(theta/T)]. */
static lmds_status ln_rho_ph(const lmds_tunnel_material *m, double P, double T, double *lr)
{
    double V, th;
    lmds_status st = vol_theta(m, P, T, &V, &th);
    if (st)
        return st;
    double y = th / T;
    lmds_gsl_init();
    gsl_sf_result j5r;
    if (gsl_sf_transport_5_e(y, &j5r) != GSL_SUCCESS || !(j5r.val > 0))
        return lmds_error(LMDS_EDOMAIN, "tunnel: Bloch-Grueneisen integral J5(%g) out of range", y);
    double j5 = j5r.val;
    *lr = (1.0 - m->phi) * log(V) - log(th) + 5.0 * log(1.0 / y) + log(j5);
    return LMDS_OK;
}

lmds_status lmds_tunnel_eph_dlnrho_dp(const lmds_tunnel_material *m, double P, double T, double *dlnrho)
{
    if (!m || !dlnrho || !(T > 0))
        return lmds_error(LMDS_EINVAL, "tunnel: electron-phonon rho(P) needs T > 0");
    double h = 1e-3 * m->phase[0].eos.B0, a, b;
    lmds_status st;
    if ((st = ln_rho_ph(m, P + h, T, &a)) || (st = ln_rho_ph(m, P - h, T, &b)))
        return st;
    *dlnrho = (a - b) / (2 * h);
    return LMDS_OK;
}
