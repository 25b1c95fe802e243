/* Critical fields: thermodynamic Hc(T) and the WHH upper critical field Hc2(T). Fields in tesla (mu0 H). */
#include "lmds/supercon.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_psi.h>

#include "core/numeric.h"

#define SC_PI 3.14159265358979323846
#define SC_PHI0 2.067833848e-15 /* flux quantum h/2e, Wb (CODATA 2018, exact) */

lmds_status lmds_hc_thermo(double tc, double hc0, double T, double *hc)
{
    if (!hc) return lmds_error(LMDS_EINVAL, "lmds_hc_thermo: hc is NULL");
    if (!(tc > 0) || !(hc0 >= 0) || !(T >= 0) || !isfinite(tc) || !isfinite(hc0) || !isfinite(T))
        return lmds_error(LMDS_EINVAL, "Hc(T): need Tc > 0, Hc(0) >= 0, T >= 0");
    double t = T / tc;
    /* Tuyn's parabolic law (Tinkham, Introduction to Superconductivity, 2nd ed., eq. 1.1); BCS deviates from it
     * by at most about 4 %. */
    *hc = t >= 1 ? 0.0 : hc0 * (1.0 - t * t);
    return LMDS_OK;
}

lmds_status lmds_hc0_from_gamma(double tc, double gamma_mJ_molK2, double vmol_cm3, double omega_log_K, double *hc0)
{
    if (!hc0) return lmds_error(LMDS_EINVAL, "lmds_hc0_from_gamma: hc0 is NULL");
    if (!(tc > 0) || !(gamma_mJ_molK2 > 0) || !(vmol_cm3 > 0) || !isfinite(tc) || !isfinite(gamma_mJ_molK2) ||
        !isfinite(vmol_cm3))
        return lmds_error(LMDS_EINVAL, "Hc(0): need Tc > 0, gamma > 0, molar volume > 0");
    double ratio = 0.168; /* BCS: gamma Tc^2 / Hc(0)^2 in gaussian units */
    if (omega_log_K > 0) {
        lmds_sc_ratios r;
        lmds_status st = lmds_sc_ratios_carbotte(tc, omega_log_K, &r);
        if (st) return st;
        ratio = r.hc_ratio;
    }
    /* gamma per volume in erg/(cm^3 K^2): mJ -> 1e4 erg. Hc in oersted; mu0 H in tesla = 1e-4 Oe. */
    double gv = gamma_mJ_molK2 * 1e4 / vmol_cm3;
    *hc0 = tc * sqrt(gv / ratio) * 1e-4;
    return LMDS_OK;
}

/* psi(x) for x > 0 (where GSL's digamma cannot fail); NaN otherwise, which the root finder rejects. */
static double digamma(double x)
{
    gsl_sf_result r;
    return gsl_sf_psi_e(x, &r) == GSL_SUCCESS ? r.val : NAN;
}

/* WHH eq. (40) with alpha = lambda_so = 0: ln(1/t) = psi(1/2 + h/(2t)) - psi(1/2). */
static double whh_f(double h, void *p)
{
    double t = *(const double *)p;
    return log(1.0 / t) - (digamma(0.5 + h / (2.0 * t)) - digamma(0.5));
}

/* Reduced field hbar(t) = (4/pi^2) Hc2 / (-Tc dHc2/dT|Tc). */
static lmds_status whh_hbar(double t, double *h)
{
    lmds_gsl_init();
    if (t >= 1) {
        *h = 0;
        return LMDS_OK;
    }
    if (t < 1e-6) { /* t -> 0: ln(2/h) = -psi(1/2), hbar(0) = 2 exp(psi(1/2)) = 0.2807 */
        *h = 2.0 * exp(digamma(0.5));
        return LMDS_OK;
    }
    /* f(1e-14) = ln(1/t) > 0; f(1) ~ ln 2 + psi(1/2) < 0 for all t < 1. */
    return lmds_root_brent(whh_f, &t, 1e-14, 1.0, 1e-15, 1e-12, 200, "WHH reduced field", h);
}

lmds_status lmds_hc2_whh(double tc, double slope, double T, double *hc2)
{
    if (!hc2) return lmds_error(LMDS_EINVAL, "lmds_hc2_whh: hc2 is NULL");
    if (!(tc > 0) || !(slope < 0) || !(T >= 0) || !isfinite(tc) || !isfinite(slope) || !isfinite(T))
        return lmds_error(LMDS_EINVAL, "WHH: need Tc > 0, dHc2/dT at Tc < 0 (T/K), T >= 0");
    double h;
    lmds_status st = whh_hbar(T / tc, &h);
    if (st) return st;
    *hc2 = h * SC_PI * SC_PI / 4.0 * (-tc * slope);
    return LMDS_OK;
}

lmds_status lmds_hc2_slope_from_xi(double tc, double xi0_nm, double *slope)
{
    if (!slope) return lmds_error(LMDS_EINVAL, "lmds_hc2_slope_from_xi: slope is NULL");
    if (!(tc > 0) || !(xi0_nm > 0) || !isfinite(tc) || !isfinite(xi0_nm))
        return lmds_error(LMDS_EINVAL, "Hc2 from xi: need Tc > 0 and xi > 0");
    double xi = xi0_nm * 1e-9;
    double hc20 = SC_PHI0 / (2.0 * SC_PI * xi * xi); /* GL: Hc2(0) = Phi0 / (2 pi xi(0)^2) */
    double h0;
    lmds_status st = whh_hbar(0.0, &h0);
    if (st) return st;
    *slope = -hc20 / (h0 * SC_PI * SC_PI / 4.0 * tc);
    return LMDS_OK;
}
