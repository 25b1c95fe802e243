/* Tc under pressure: the EOS gives V(P); phonon frequencies scale as omega ~ (V/V0)^-gamma_G and the Hopfield
 * parameter eta = N(0)<I^2> as (V/V0)^-phi, so lambda = eta/(M<omega^2>) ~ (V/V0)^(2 gamma_G - phi)
 * (McMillan, Phys. Rev. 167, 331 (1968); Hopfield, Phys. Rev. 186, 443 (1969)). mu* is held fixed.
 * phi = 1 (eta ~ 1/V) is the value used for sp metals in Schilling's group's analyses, e.g. Deemyad et al.,
 * Physica C 385, 105 (2003); the abstract of that paper was read (Tc 39 -> 15 K at 32 GPa, slope -1.11 K/GPa) but
 * the value of phi is recalled from its text, not verified. The spread phi +-0.5 of lmds_sc_tc_pressure_phase
 * covers the uncertainty. */
#include "lmds/supercon.h"

#include "supercon/sc_defaults.h"

#include <math.h>
#include <string.h>

void lmds_sc_pressure_opts_init(lmds_sc_pressure_opts *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->eos.kind = LMDS_EOS_BM3;
    o->gamma_G = 0;   /* Slater's estimate from B0' */
    o->phi = SC_DEFAULT_PHI; /* eta ~ 1/V: d ln eta/d ln V = -1, the value quoted for simple sp metals */
    o->method = LMDS_TC_ALLEN_DYNES;
    lmds_eliash_opts_init(&o->eliash);
    o->eliash.check_convergence = 0;
}

static double gamma_of(const lmds_sc_pressure_opts *o)
{
    /* Slater (Introduction to Chemical Physics, 1939): gamma = B0'/2 - 1/6. */
    return o->gamma_G > 0 ? o->gamma_G : 0.5 * o->eos.B0p - 1.0 / 6.0;
}

/* Tc of a (possibly scaled) material; 0 when the method finds no superconductivity. */
static lmds_status tc_of(const lmds_a2f *a, double lambda, double wlog, double w2, double thetaD,
                         const lmds_sc_pressure_opts *o, double *tc)
{
    lmds_status st = LMDS_OK;
    double mu = o->eliash.mu_star;
    switch (o->method) {
    case LMDS_TC_MCMILLAN:
        st = lmds_tc_mcmillan(thetaD, lambda, mu, tc);
        break;
    case LMDS_TC_ALLEN_DYNES:
        st = lmds_tc_allen_dynes(lambda, mu, wlog, w2, tc);
        break;
    case LMDS_TC_ELIASHBERG: {
        lmds_a2f *e = NULL;
        const lmds_a2f *use = a;
        if (!use) {
            /* Parameters only: an Einstein-like spectrum at omega_log with this lambda. */
            st = lmds_a2f_einstein(wlog * LMDS_KB_MEV, lambda, 0.05, &e);
            if (st) return st;
            use = e;
        }
        lmds_eliash_tc_result r;
        st = lmds_eliash_tc(use, &o->eliash, &r);
        *tc = r.tc;
        lmds_a2f_free(e);
        break;
    }
    default:
        return lmds_error(LMDS_EINVAL, "pressure: unknown Tc method %d", (int)o->method);
    }
    /* No superconductivity is LMDS_OK with tc = 0; LMDS_EDOMAIN (coupling scaled outside the formula's range,
     * Tc not resolvable) is passed on. */
    return st;
}

lmds_status lmds_sc_pressure_tc(const lmds_a2f *a2f, const lmds_sc_params *par, const lmds_sc_pressure_opts *o,
                                double P, lmds_sc_pressure_point *pt)
{
    if (!o || !pt || (!a2f && !par)) return lmds_error(LMDS_EINVAL, "lmds_sc_pressure_tc: NULL argument");
    if (!isfinite(P)) return lmds_error(LMDS_EINVAL, "pressure: P is not finite");
    if (!(o->phi >= 0) || !isfinite(o->phi) || !(gamma_of(o) > 0))
        return lmds_error(LMDS_EINVAL, "pressure: need gamma_G > 0 (or B0' > 1/3) and phi >= 0");
    double V = 0;
    lmds_status st = lmds_eos_volume(&o->eos, P, &V);
    if (st) return st;
    double v = V / o->eos.V0;
    double s = pow(v, -gamma_of(o));               /* frequency scale */
    double lf = pow(v, 2.0 * gamma_of(o) - o->phi); /* lambda scale = (eta/eta0) / s^2 */
    memset(pt, 0, sizeof *pt);
    pt->P = P;
    pt->v_ratio = v;
    double lambda, wlog, w2 = 0, thetaD = 0;
    lmds_a2f *sc = NULL;
    if (a2f) {
        st = lmds_a2f_scaled(a2f, s, lf, &sc);
        if (st) return st;
        lmds_a2f_mom m;
        st = lmds_a2f_moments(sc, &m);
        if (st) {
            lmds_a2f_free(sc);
            return st;
        }
        lambda = m.lambda, wlog = m.omega_log_K, w2 = m.omega2_K;
        thetaD = par ? par->theta_D * s : 0;
    } else {
        lambda = par->lambda * lf;
        wlog = par->omega_log_K * s;
        w2 = par->omega2_K * s;
        thetaD = par->theta_D * s;
    }
    pt->lambda = lambda;
    pt->omega_log_K = wlog;
    st = tc_of(sc, lambda, wlog, w2, thetaD, o, &pt->tc);
    lmds_a2f_free(sc);
    return st;
}

lmds_status lmds_sc_pressure_slope(const lmds_a2f *a2f, const lmds_sc_params *par, const lmds_sc_pressure_opts *o,
                                   double P, double h, double *dtc_dp)
{
    if (!dtc_dp) return lmds_error(LMDS_EINVAL, "lmds_sc_pressure_slope: dtc_dp is NULL");
    if (!(h > 0)) h = SC_DEFAULT_SLOPE_STEP;
    lmds_sc_pressure_point p0, p1, p2;
    lmds_status st;
    if ((st = lmds_sc_pressure_tc(a2f, par, o, P, &p0))) return st;
    if ((st = lmds_sc_pressure_tc(a2f, par, o, P + h, &p1))) return st;
    if ((st = lmds_sc_pressure_tc(a2f, par, o, P + 2 * h, &p2))) return st;
    /* One-sided second-order difference: P = 0 is usually the edge of the EOS data. */
    *dtc_dp = (-3.0 * p0.tc + 4.0 * p1.tc - p2.tc) / (2.0 * h);
    return LMDS_OK;
}

lmds_status lmds_sc_pressure_zero(const lmds_a2f *a2f, const lmds_sc_params *par, const lmds_sc_pressure_opts *o,
                                  double *p_linear, double *p_model)
{
    if (!p_linear || !p_model) return lmds_error(LMDS_EINVAL, "lmds_sc_pressure_zero: NULL output");
    lmds_sc_pressure_point p0;
    lmds_status st = lmds_sc_pressure_tc(a2f, par, o, 0.0, &p0);
    if (st) return st;
    if (!(p0.tc > 0)) return lmds_error(LMDS_EDOMAIN, "pressure: no superconductivity at P = 0");
    double slope;
    if ((st = lmds_sc_pressure_slope(a2f, par, o, 0.0, 0.1, &slope))) return st;
    /* Linear in V (Smith & Chu's extrapolation): dTc/dV = dTc/dP * dP/dV = -dTc/dP * B/V at P = 0. */
    *p_linear = INFINITY;
    if (slope < 0) {
        double B = 0, V0 = 0;
        if ((st = lmds_eos_volume(&o->eos, 0.0, &V0))) return st;
        if ((st = lmds_eos_bulk_modulus(&o->eos, V0, &B))) return st;
        double dtdv = -slope * B / V0;
        double Vs = V0 - p0.tc / dtdv;
        if ((st = lmds_eos_pressure(&o->eos, Vs, p_linear))) return st;
    }
    /* The model's own curve: first pressure on a 0.5 GPa grid below 1 % of Tc(0), refined by bisection. */
    *p_model = INFINITY;
    double lo = 0, hi = -1;
    for (double P = 0.5; P <= 100.0 + 1e-9; P += 0.5) {
        lmds_sc_pressure_point pt;
        st = lmds_sc_pressure_tc(a2f, par, o, P, &pt);
        if (st == LMDS_EDOMAIN) { /* beyond the EOS range */
            lmds_error_clear();
            break;
        }
        if (st) return st;
        if (pt.tc < 0.01 * p0.tc) {
            hi = P;
            break;
        }
        lo = P;
    }
    if (hi > 0) {
        for (int i = 0; i < 30 && hi - lo > 1e-3; i++) {
            double mid = 0.5 * (lo + hi);
            lmds_sc_pressure_point pt;
            if ((st = lmds_sc_pressure_tc(a2f, par, o, mid, &pt))) return st;
            if (pt.tc < 0.01 * p0.tc) hi = mid;
            else lo = mid;
        }
        *p_model = 0.5 * (lo + hi);
    }
    return LMDS_OK;
}
