/* Validation quantities of superconductivity beyond the moments of a spectrum: the Eliashberg gap and
 * renormalisation at the first Matsubara frequency, Tc of a phase under pressure (lmds_sc_tc_pressure_phase), the
 * pressure at which Tc extrapolates to zero from McMillan's lambda fitted to a measured Tc, the thermodynamic
 * critical field from the Sommerfeld coefficient, and the thermal expansion of the equation-of-state model.
 * Inputs other than the spectrum or material are the case's params (docs/validation.md lists them). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/numeric.h"
#include "validate_internal.h"

/* A required numeric parameter. */
static lmds_status need(lmds_validation_case *k, const char *key, double *v)
{
    *v = validation_param_num(k, key, NAN);
    if (isfinite(*v)) return LMDS_OK;
    return validation_fail(k, lmds_error(LMDS_EINVAL, "params need %s=NUMBER", key));
}

/* Delta(i omega_0) (meV) or Z(i omega_0) of the nonlinear isotropic Eliashberg equations at T_K. */
static lmds_status eval_gap(lmds_validation_case *k)
{
    if (!isfinite(k->T_K)) return validation_fail(k, lmds_error(LMDS_EINVAL, "the gap needs T_K"));
    char path[1024], conv[16] = "";
    lmds_a2f *a = NULL;
    lmds_status st = lmds_data_path(k->input, path, sizeof path);
    if (st == LMDS_OK) st = lmds_a2f_load(path, NULL, &a);
    if (st != LMDS_OK) return validation_fail(k, st);
    lmds_eliash_opts o;
    lmds_eliash_opts_init(&o);
    o.mu_star = validation_param_num(k, "mu*", 0.10);
    validation_param(k, "convention", conv, sizeof conv);
    o.convention = strcmp(conv, "elk") == 0 ? LMDS_ELIASH_ELK : LMDS_ELIASH_STANDARD;
    lmds_eliash_gap *g = NULL;
    st = lmds_eliash_solve(a, &o, k->T_K, NULL, &g);
    if (st == LMDS_OK) {
        k->value = strcmp(k->quantity, "z_iw0") == 0 ? g->z[0] : g->delta[0];
        k->answer = LMDS_VALIDATION_COMPUTED;
        snprintf(k->how, sizeof k->how, "nonlinear isotropic Eliashberg at %.4g K, mu* %.3g, %s conventions "
                 "(%d iterations)", k->T_K, o.mu_star, o.convention == LMDS_ELIASH_ELK ? "Elk's" : "standard",
                 g->iterations);
    }
    lmds_eliash_gap_free(g);
    lmds_a2f_free(a);
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

/* Tc (or dTc/dP) of a phase at P_GPa from its measured ambient Tc: McMillan fitted, then the EOS scaling. */
static lmds_status eval_phase(lmds_validation_case *k)
{
    char phase[32] = "";
    double tc0;
    lmds_status st = need(k, "tc0", &tc0);
    if (st != LMDS_OK) return st;
    int named = validation_param(k, "phase", phase, sizeof phase);
    lmds_sc_pressure_estimate e;
    st = lmds_sc_tc_pressure_phase(NULL, k->input, named ? phase : NULL, tc0, k->P_GPa, &e);
    if (st != LMDS_OK) return validation_fail(k, st);
    k->value = strcmp(k->quantity, "dTc_dP_pressure_phase") == 0 ? e.dtc_dp : e.tc;
    k->answer = LMDS_VALIDATION_COMPUTED;
    snprintf(k->how, sizeof k->how, "McMillan lambda %.3f fitted to %.4g K, EOS of %s: V/V0 %.3f, Tc %.3f +- %.3f K "
             "(model spread), dTc/dP %.3f K/GPa", e.lambda0, tc0, e.phase, e.v_ratio, e.tc, e.tc_err, e.dtc_dp);
    return LMDS_OK;
}

typedef struct mcm_ctx {
    double theta, mu, tc;
} mcm_ctx;

static double mcm_residual(double lambda, void *ctx)
{
    const mcm_ctx *c = ctx;
    double tc;
    if (lmds_tc_mcmillan(c->theta, lambda, c->mu, &tc) != LMDS_OK) return NAN;
    return tc - c->tc;
}

/* The pressure where Tc, linear in V from its P = 0 slope, reaches zero (Smith & Chu's procedure), with McMillan's
 * lambda fitted to the measured Tc and the Debye temperature given. */
static lmds_status eval_zero_mcmillan(lmds_validation_case *k)
{
    char el[32];
    mcm_ctx m = {NAN, validation_param_num(k, "mu*", 0.13), NAN};
    lmds_sc_pressure_opts o;
    lmds_sc_pressure_opts_init(&o);
    lmds_status st;
    if ((st = need(k, "tc0", &m.tc)) || (st = need(k, "theta_D", &m.theta))) return st;
    if (!validation_param(k, "eos", el, sizeof el)) snprintf(el, sizeof el, "%.31s", k->input);
    if ((st = validation_eos_row(el, &o.eos)) != LMDS_OK) return validation_fail(k, st);
    /* McMillan's Tc is positive only above lambda = mu* / (1 - 0.62 mu*) and valid up to about 2. */
    double lambda, lo = m.mu / (1.0 - 0.62 * m.mu) + 1e-9;
    st = lmds_root_brent(mcm_residual, &m, lo, 2.0, 1e-10, 1e-10, 200, "McMillan lambda from the measured Tc", &lambda);
    if (st != LMDS_OK) return validation_fail(k, st);
    lmds_sc_params par = {lambda, 0, 0, m.theta};
    o.method = LMDS_TC_MCMILLAN;
    o.eliash.mu_star = m.mu;
    double p_model;
    if ((st = lmds_sc_pressure_zero(NULL, &par, &o, &k->value, &p_model)) != LMDS_OK) return validation_fail(k, st);
    k->answer = LMDS_VALIDATION_COMPUTED;
    snprintf(k->how, sizeof k->how, "McMillan lambda %.3f (Tc %.4g K, Theta_D %.4g K, mu* %.3g), BM3 EOS of %s "
             "(B0 %.4g GPa), Slater gamma, phi 1; linear in V", lambda, m.tc, m.theta, m.mu, el, o.eos.B0);
    return LMDS_OK;
}

/* Hc(0) in mT from the Sommerfeld coefficient (strong-coupling ratio from omega_log when given). */
static lmds_status eval_hc0(lmds_validation_case *k)
{
    double tc, gamma, vmol, hc0;
    double wlog = validation_param_num(k, "omega_log", 0.0);
    lmds_status st;
    if ((st = need(k, "tc", &tc)) || (st = need(k, "gamma", &gamma)) || (st = need(k, "vmol", &vmol))) return st;
    if ((st = lmds_hc0_from_gamma(tc, gamma, vmol, wlog, &hc0)) != LMDS_OK) return validation_fail(k, st);
    k->value = 1e3 * hc0;
    k->answer = LMDS_VALIDATION_COMPUTED;
    snprintf(k->how, sizeof k->how, "gamma %.4g mJ/(mol K^2), V_m %.4g cm^3/mol, Tc %.4g K, %s", gamma, vmol, tc,
             wlog > 0 ? "Carbotte's strong-coupling ratio" : "BCS ratio");
    return LMDS_OK;
}

/* Volumetric thermal expansion (1/K) at (P_GPa, T_K) from the measured EOS and the Debye-Grueneisen thermal
 * pressure, with the Grueneisen parameter from the EOS alone (Slater: B0'/2 - 1/6) and q = 1: the thermal model the
 * tunnel score and the pressure scaling use. */
static lmds_status eval_expansion(lmds_validation_case *k)
{
    char el[32];
    lmds_eos eos;
    lmds_thermal th = {NAN, NAN, 1.0, 0.0};
    lmds_status st = need(k, "theta_D", &th.theta0);
    if (st != LMDS_OK) return st;
    if (!isfinite(k->T_K)) return validation_fail(k, lmds_error(LMDS_EINVAL, "the expansion needs T_K"));
    if (!validation_param(k, "eos", el, sizeof el)) snprintf(el, sizeof el, "%.31s", k->input);
    if ((st = validation_eos_row(el, &eos)) != LMDS_OK) return validation_fail(k, st);
    th.gamma0 = eos.B0p / 2.0 - 1.0 / 6.0;
    if ((st = lmds_eos_expansion(&eos, &th, k->P_GPa, k->T_K, &k->value)) != LMDS_OK) return validation_fail(k, st);
    k->answer = LMDS_VALIDATION_COMPUTED;
    snprintf(k->how, sizeof k->how, "BM3 EOS of %s (V0 %.4g A^3, B0 %.4g GPa, B0' %.3g), Debye %.4g K, Slater gamma "
             "%.3f, q 1", el, eos.V0, eos.B0, eos.B0p, th.theta0, th.gamma0);
    return LMDS_OK;
}

lmds_status validation_sc(lmds_validation_case *k)
{
    if (strcmp(k->quantity, "beta_volumetric_per_K") == 0) return eval_expansion(k);
    if (strcmp(k->quantity, "gap_iw0_meV") == 0 || strcmp(k->quantity, "z_iw0") == 0) return eval_gap(k);
    if (strcmp(k->quantity, "P_tc_zero_mcmillan") == 0) return eval_zero_mcmillan(k);
    if (strcmp(k->quantity, "Hc0_mT") == 0) return eval_hc0(k);
    return eval_phase(k);
}
