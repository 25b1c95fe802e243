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
 * Tc(P) is computed by the superconductivity module (lmds_sc_pressure_tc, McMillan method: cold isotherm,
 * theta ~ (V/V0)^-gamma with constant gamma); rho(P) is computed here because it needs the thermal model. */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_transport.h>

#include "core/numeric.h"
#include "lmds/supercon.h"
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

/* Tc at P through the superconductivity module's pressure model (lmds_sc_pressure_tc, McMillan method) with the
 * phase's EOS, its Grueneisen parameter and Debye temperature, and the material's mu* and phi. lambda_v0 is the
 * coupling at V0 of the phase in effect at P. */
static lmds_status sc_tc(const lmds_tunnel_material *m, double lambda_v0, double P, double *tc)
{
    int i = lmds_tunnel_phase_at(m, P);
    if (i < 0)
        return lmds_error(LMDS_EDOMAIN, "tunnel: %s: no equation of state at %g GPa", m->name, P);
    const lmds_tunnel_phase *ph = &m->phase[i];
    lmds_sc_pressure_opts o;
    lmds_sc_pressure_opts_init(&o);
    o.eos = ph->eos;
    o.gamma_G = ph->th.gamma0;
    o.phi = m->phi;
    o.method = LMDS_TC_MCMILLAN;
    o.eliash.mu_star = m->mu_star;
    lmds_sc_params par = {lambda_v0, 0.0, 0.0, ph->th.theta0};
    lmds_sc_pressure_point pt;
    lmds_status st = lmds_sc_pressure_tc(NULL, &par, &o, P, &pt);
    if (st)
        return st;
    *tc = pt.tc;
    return LMDS_OK;
}

typedef struct {
    const lmds_tunnel_material *m;
    double P0, tc0;
    lmds_status st;
} inv_ctx;

static double inv_fn(double lambda, void *vp)
{
    inv_ctx *c = vp;
    double tc = 0;
    lmds_status st = sc_tc(c->m, lambda, c->P0, &tc);
    if (st)
        c->st = st;
    return tc - c->tc0;
}

lmds_status lmds_tunnel_eph_lambda0(const lmds_tunnel_material *m, double P0, double tc0, double *lambda0)
{
    if (!m || !lambda0 || !isfinite(tc0) || tc0 <= 0)
        return lmds_error(LMDS_EINVAL, "tunnel: electron-phonon lambda needs a positive Tc (got %g K)", tc0);
    inv_ctx c = {m, P0, tc0, LMDS_OK};
    /* McMillan's Tc rises monotonically with lambda; the bracket ends at the top of the formula's range. */
    double lo = 1e-6, hi = 1.0;
    if (inv_fn(hi, &c) < 0 && !c.st)
        hi = LMDS_MCMILLAN_LAMBDA_MAX;
    if (!c.st && inv_fn(hi, &c) < 0)
        return lmds_error(LMDS_EDOMAIN, "tunnel: McMillan cannot reach Tc = %g K at %g GPa for %s within its range "
                          "(lambda <= %g)", tc0, P0, m->name, LMDS_MCMILLAN_LAMBDA_MAX);
    if (c.st)
        return c.st;
    lmds_status st = lmds_root_brent(inv_fn, &c, lo, hi, 1e-12, 1e-12, 200, "electron-phonon lambda0", lambda0);
    return c.st ? c.st : st;
}

lmds_status lmds_tunnel_eph_tc(const lmds_tunnel_material *m, double lambda0, double P, double *tc)
{
    if (!m || !tc || !(lambda0 > 0))
        return lmds_error(LMDS_EINVAL, "tunnel: electron-phonon Tc needs lambda0 > 0");
    return sc_tc(m, lambda0, P, tc);
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
