/* Tc of a phase under pressure from its tabulated equation of state (lmds_sc_tc_pressure_phase, supercon.h):
 * McMillan's formula with the phase's Debye temperature, the coupling fitted to the measured Tc at the reference
 * pressure, and the Grueneisen/Hopfield volume scaling of lmds_sc_pressure_tc. */
#include "lmds/supercon.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/numeric.h"
#include "supercon/sc_phase_model.h"

/* Relative spread of gamma_G and absolute spreads of phi and mu* used for the uncertainty (supercon.h); for a DFT
 * equation of state also B0 by +-15 % (PBE bulk moduli of simple metals are typically 10-20 % off experiment,
 * compare the PBE and experimental rows of data/pressure/eos_and_slopes.csv). */
#define SPREAD_GAMMA_REL 0.20
#define SPREAD_B0_DFT_REL 0.15
#define SPREAD_PHI 0.5
#define SPREAD_MU 0.03
/* Pressure step of the central difference for dTc/dP, GPa. */
#define SLOPE_STEP 0.05
/* Highest pressure accepted, GPa (beyond the range of any shipped equation of state). */
#define P_LIMIT 1000.0

void sc_phase_model_init(sc_phase_model *pm, const lmds_sc_phase *ph, double phi, double mu_star, double P_ref,
                         double tc0)
{
    pm->ph = *ph;
    pm->gamma_G = ph->th.gamma0 > 0 ? ph->th.gamma0 : 0.5 * ph->eos.B0p - 1.0 / 6.0; /* Slater, as pressure.c */
    pm->phi = phi;
    pm->mu_star = mu_star;
    pm->P_ref = P_ref;
    pm->tc0 = tc0;
    pm->st = LMDS_OK;
}

lmds_status sc_phase_model_tc(const sc_phase_model *pm, double lambda0, double P, lmds_sc_pressure_point *pt)
{
    lmds_sc_pressure_opts o;
    lmds_sc_pressure_opts_init(&o);
    o.eos = pm->ph.eos;
    o.gamma_G = pm->gamma_G;
    o.phi = pm->phi;
    o.method = LMDS_TC_MCMILLAN;
    o.eliash.mu_star = pm->mu_star;
    lmds_sc_params par = {lambda0, 0.0, 0.0, pm->ph.th.theta0};
    return lmds_sc_pressure_tc(NULL, &par, &o, P, pt);
}

static double fit_fn(double lambda0, void *ctx)
{
    sc_phase_model *pm = ctx;
    lmds_sc_pressure_point pt;
    lmds_status st = sc_phase_model_tc(pm, lambda0, pm->P_ref, &pt);
    if (st) {
        if (!pm->st) pm->st = st;
        return NAN;
    }
    return pt.tc - pm->tc0;
}

/* McMillan's Tc rises with lambda, so the root is bracketed by a weak coupling (no superconductivity) and the top
 * of the formula's range, scaled to V0. */
lmds_status sc_phase_model_fit(sc_phase_model *pm, double *lambda0)
{
    lmds_sc_pressure_point pt;
    pm->st = LMDS_OK;
    lmds_status st = sc_phase_model_tc(pm, 0.01, pm->P_ref, &pt);
    if (st) return st;
    /* lambda(P_ref) = lambda0 * (lambda(P_ref)/lambda0); keep lambda(P_ref) inside McMillan's range. */
    double scale = pt.lambda / 0.01;
    double hi = LMDS_MCMILLAN_LAMBDA_MAX / fmax(scale, 1.0) * (1.0 - 1e-9);
    double fhi = fit_fn(hi, pm);
    if (pm->st) return pm->st;
    if (fhi < 0)
        return lmds_error(LMDS_EDOMAIN, "Tc = %g K of %s at %g GPa needs a coupling beyond McMillan's range "
                          "(lambda <= %g) with Theta_D = %g K", pm->tc0, pm->ph.name, pm->P_ref,
                          LMDS_MCMILLAN_LAMBDA_MAX, pm->ph.th.theta0);
    st = lmds_root_brent(fit_fn, pm, 0.01, hi, 1e-12, 1e-10, 200, "coupling fitted to Tc", lambda0);
    return pm->st ? pm->st : st;
}

/* Tc at P with lambda refitted for this variant of the parameters. */
static lmds_status variant_tc(sc_phase_model pm, double P, double *tc)
{
    double l0;
    lmds_status st = sc_phase_model_fit(&pm, &l0);
    lmds_sc_pressure_point pt;
    if (!st) st = sc_phase_model_tc(&pm, l0, P, &pt);
    if (!st) *tc = pt.tc;
    return st;
}

/* The model spread: Tc(P) with gamma_G, phi and mu* moved one at a time, combined in quadrature. */
static double model_spread(const sc_phase_model *pm, double P, double tc)
{
    double sum = 0;
    int nk = pm->ph.eos_status == LMDS_SC_EOS_DFT ? 4 : 3;
    for (int k = 0; k < nk; k++) {
        double worst = 0;
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            sc_phase_model v = *pm;
            if (k == 0) v.gamma_G *= 1.0 + sgn * SPREAD_GAMMA_REL;
            if (k == 1) v.phi = fmax(0.0, v.phi + sgn * SPREAD_PHI);
            if (k == 2) v.mu_star = fmax(0.0, v.mu_star + sgn * SPREAD_MU);
            if (k == 3) v.ph.eos.B0 *= 1.0 + sgn * SPREAD_B0_DFT_REL;
            double t;
            if (variant_tc(v, P, &t) == LMDS_OK) worst = fmax(worst, fabs(t - tc));
            lmds_error_clear(); /* a variant outside McMillan's range only narrows the spread */
        }
        sum += worst * worst;
    }
    return sqrt(sum);
}

static const lmds_sc_phase *find_phase(const lmds_sc_material *m, const char *phase)
{
    if (!phase) return &m->phase[0];
    for (int i = 0; i < m->nphase; i++)
        if (strcasecmp(m->phase[i].name, phase) == 0) return &m->phase[i];
    return NULL;
}

static lmds_status load_phase(const char *path, const char *formula, const char *phase, lmds_sc_material *m,
                              const lmds_sc_phase **ph)
{
    lmds_status st = lmds_sc_material_load(path, formula, m);
    if (st == LMDS_ENOTFOUND)
        return lmds_error(LMDS_ENODATA, "pressure not modelled for %s: no equation of state in the material table",
                          formula);
    if (st) return st;
    *ph = find_phase(m, phase);
    if (!*ph)
        return lmds_error(LMDS_ENODATA, "pressure not modelled for %s in phase '%s': the material table has no "
                          "equation of state for that phase", formula, phase);
    if ((*ph)->eos_status == LMDS_SC_EOS_UNRELIABLE)
        return lmds_error(LMDS_ENODATA, "pressure not modelled for %s %s: its equation of state is marked unreliable "
                          "in the material table (the row's source says why)", formula, (*ph)->name);
    return LMDS_OK;
}

static void describe(const lmds_sc_material *m, const sc_phase_model *pm, lmds_sc_pressure_estimate *e)
{
    snprintf(e->phase, sizeof e->phase, "%s", pm->ph.name);
    snprintf(e->method, sizeof e->method,
             "McMillan Tc with Theta_D %g K and mu* %g, lambda fitted to Tc = %g K at %g GPa; V(P) from the %s EOS "
             "of %s %s; Theta ~ V^-gamma (gamma_G %.3g), lambda ~ V^(2 gamma - phi) (phi %g)",
             pm->ph.th.theta0, pm->mu_star, pm->tc0, pm->P_ref, lmds_eos_kind_name(pm->ph.eos.kind), m->name,
             pm->ph.name, pm->gamma_G, pm->phi);
    snprintf(e->sources, sizeof e->sources,
             "inputs: %s | model: W.L. McMillan, Phys. Rev. 167, 331 (1968); J.J. Hopfield, Phys. Rev. 186, 443 "
             "(1969) | uncertainty: gamma_G +-20 %%, phi +-0.5, mu* +-0.03%s (model spread)", pm->ph.source,
             pm->ph.eos_status == LMDS_SC_EOS_DFT ? ", B0 +-15 % (DFT equation of state)" : "");
}

lmds_status lmds_sc_tc_pressure_phase(const char *path, const char *formula, const char *phase, double tc0_K,
                                      double P_GPa, lmds_sc_pressure_estimate *out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_sc_tc_pressure_phase: out is NULL");
    memset(out, 0, sizeof *out);
    if (!formula) return lmds_error(LMDS_EINVAL, "lmds_sc_tc_pressure_phase: formula is NULL");
    if (!isfinite(tc0_K) || !(tc0_K > 0))
        return lmds_error(LMDS_EINVAL, "Tc under pressure of %s: needs its measured Tc > 0 (got %g K)", formula, tc0_K);
    if (!isfinite(P_GPa) || P_GPa < 0 || P_GPa > P_LIMIT)
        return lmds_error(LMDS_EINVAL, "Tc under pressure of %s: P = %g GPa outside [0, %g]", formula, P_GPa, P_LIMIT);
    lmds_sc_material m;
    const lmds_sc_phase *ph = NULL;
    lmds_status st = load_phase(path, formula, phase, &m, &ph);
    if (st) return st;
    if (P_GPa < ph->P_lo || !(P_GPa < ph->P_hi))
        return lmds_error(LMDS_EDOMAIN, "%s %s holds from %g to %g GPa (material table); its Tc at %g GPa is not "
                          "modelled", formula, ph->name, ph->P_lo, ph->P_hi, P_GPa);
    sc_phase_model pm;
    sc_phase_model_init(&pm, ph, m.phi, m.mu_star, fmax(ph->P_lo, 0.0), tc0_K);
    double l0, tp, tm;
    lmds_sc_pressure_point pt;
    if ((st = sc_phase_model_fit(&pm, &l0)) || (st = sc_phase_model_tc(&pm, l0, P_GPa, &pt))) return st;
    double hp = fmin(SLOPE_STEP, 0.5 * (ph->P_hi - P_GPa)), hm = fmin(SLOPE_STEP, P_GPa - pm.P_ref);
    lmds_sc_pressure_point a, b;
    if ((st = sc_phase_model_tc(&pm, l0, P_GPa + hp, &a)) || (st = sc_phase_model_tc(&pm, l0, P_GPa - hm, &b)))
        return st;
    tp = a.tc, tm = b.tc;
    out->P = P_GPa;
    out->tc = pt.tc;
    out->tc_err = model_spread(&pm, P_GPa, pt.tc);
    out->tc0 = tc0_K;
    out->P_ref = pm.P_ref;
    out->v_ratio = pt.v_ratio;
    out->lambda0 = l0;
    out->lambda = pt.lambda;
    out->dtc_dp = hp + hm > 0 ? (tp - tm) / (hp + hm) : 0.0;
    out->theta_D = ph->th.theta0;
    out->gamma_G = pm.gamma_G;
    out->phi = pm.phi;
    out->mu_star = pm.mu_star;
    describe(&m, &pm, out);
    return LMDS_OK;
}
