/* Closed-form Tc estimates (McMillan; Allen-Dynes) and Carbotte's strong-coupling ratios. */
#include "lmds/supercon.h"

#include <math.h>

/* Shared exponent of McMillan (Phys. Rev. 167, 331 (1968), eq. 18) and Allen-Dynes (PRB 12, 905 (1975),
 * eq. 34): -1.04(1+lambda)/(lambda - mu*(1+0.62 lambda)). Returns 0 when the denominator is not positive. */
static int mcmillan_exponent(double lambda, double mu_star, double *x)
{
    double den = lambda - mu_star * (1.0 + 0.62 * lambda);
    if (!(den > 0)) return 0;
    *x = -1.04 * (1.0 + lambda) / den;
    return 1;
}

/* The common checks: a positive finite frequency scale, lambda in (0, lambda_max], mu* in [0, 0.5]. */
static lmds_status check_inputs(const char *who, double freq_K, const char *freq_name, double lambda,
                                double lambda_max, double mu_star)
{
    if (!isfinite(freq_K) || !(freq_K > 0) || !isfinite(lambda) || !(lambda > 0) || !isfinite(mu_star) ||
        !(mu_star >= 0))
        return lmds_error(LMDS_EINVAL, "%s: need %s > 0, lambda > 0, mu* >= 0, all finite (got %g K, %g, %g)", who,
                          freq_name, freq_K, lambda, mu_star);
    if (freq_K > LMDS_PHONON_K_MAX)
        return lmds_error(LMDS_EDOMAIN, "%s: %s = %g K is above %g K, beyond any phonon spectrum", who, freq_name,
                          freq_K, LMDS_PHONON_K_MAX);
    if (lambda > lambda_max)
        return lmds_error(LMDS_EDOMAIN, "%s: lambda = %g is outside the formula's range of validity (lambda <= %g); "
                          "use the Eliashberg solver", who, lambda, lambda_max);
    if (mu_star > LMDS_MU_STAR_MAX)
        return lmds_error(LMDS_EDOMAIN, "%s: mu* = %g is outside [0, %g] (the Coulomb pseudopotential of metals is "
                          "about 0.1-0.2)", who, mu_star, LMDS_MU_STAR_MAX);
    return LMDS_OK;
}

lmds_status lmds_tc_mcmillan(double theta_D, double lambda, double mu_star, double *tc)
{
    if (!tc) return lmds_error(LMDS_EINVAL, "lmds_tc_mcmillan: tc is NULL");
    lmds_status st = check_inputs("McMillan", theta_D, "Theta_D", lambda, LMDS_MCMILLAN_LAMBDA_MAX, mu_star);
    if (st) return st;
    double x;
    *tc = mcmillan_exponent(lambda, mu_star, &x) ? theta_D / 1.45 * exp(x) : 0.0;
    return LMDS_OK;
}

lmds_status lmds_tc_allen_dynes(double lambda, double mu_star, double omega_log_K, double omega2_K, double *tc)
{
    if (!tc) return lmds_error(LMDS_EINVAL, "lmds_tc_allen_dynes: tc is NULL");
    lmds_status st =
        check_inputs("Allen-Dynes", omega_log_K, "omega_log", lambda, LMDS_ALLEN_DYNES_LAMBDA_MAX, mu_star);
    if (st) return st;
    if (!isfinite(omega2_K) || omega2_K < 0 || omega2_K > LMDS_PHONON_K_MAX)
        return lmds_error(LMDS_EINVAL, "Allen-Dynes: omega2 = %g K must lie in [0, %g] (0: no f2 correction)",
                          omega2_K, LMDS_PHONON_K_MAX);
    if (omega2_K > 0 && omega2_K < omega_log_K * (1.0 - 1e-6))
        return lmds_error(LMDS_EINVAL, "Allen-Dynes: omega2 = %g K is below omega_log = %g K, impossible for a "
                          "positive spectrum", omega2_K, omega_log_K);
    double x;
    if (!mcmillan_exponent(lambda, mu_star, &x)) {
        *tc = 0.0;
        return LMDS_OK;
    }
    /* Allen & Dynes eq. 35: strong-coupling (f1) and spectral-shape (f2) corrections. */
    double L1 = 2.46 * (1.0 + 3.8 * mu_star);
    double f1 = cbrt(1.0 + pow(lambda / L1, 1.5));
    double f2 = 1.0;
    if (omega2_K > 0) {
        double r = omega2_K / omega_log_K;
        double L2 = 1.82 * (1.0 + 6.3 * mu_star) * r;
        f2 = 1.0 + (r - 1.0) * lambda * lambda / (lambda * lambda + L2 * L2);
    }
    *tc = f1 * f2 * omega_log_K / 1.2 * exp(x);
    return LMDS_OK;
}

lmds_status lmds_sc_ratios_carbotte(double tc, double omega_log_K, lmds_sc_ratios *r)
{
    if (!r) return lmds_error(LMDS_EINVAL, "lmds_sc_ratios_carbotte: r is NULL");
    if (!(tc > 0) || !(omega_log_K > 0) || !isfinite(tc) || !isfinite(omega_log_K))
        return lmds_error(LMDS_EINVAL, "Carbotte ratios: need Tc > 0 and omega_log > 0");
    double x = tc / omega_log_K;
    if (x > 0.25)
        return lmds_error(LMDS_EDOMAIN, "Carbotte ratios: Tc/omega_log = %.3g is beyond the fit (<= 0.25)", x);
    /* Carbotte, Rev. Mod. Phys. 62, 1027 (1990), eqs. (4.1)-(4.3) (fits to full Eliashberg results). */
    r->gap_ratio = 3.53 * (1.0 + 12.5 * x * x * log(1.0 / (2.0 * x)));
    r->dC_ratio = 1.43 * (1.0 + 53.0 * x * x * log(1.0 / (3.0 * x)));
    r->hc_ratio = 0.168 * (1.0 - 12.2 * x * x * log(1.0 / (3.0 * x)));
    return LMDS_OK;
}
