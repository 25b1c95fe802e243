/* Equations of state: cold isotherms (Vinet, Birch-Murnaghan 3rd order) and a Debye-Grueneisen
 * (Mie-Grueneisen) thermal pressure. Shared by the superconductivity pressure model and the electron-tunnel
 * model, so it depends on core only.
 *
 * Units: V in A^3/atom, P and B in GPa, T in K. Thermal energies are computed in eV per atom and turned into a
 * pressure with 1 eV/A^3 = 160.21766208 GPa. */
#include "lmds/eos.h"

#include <math.h>
#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_debye.h>

#include "core/numeric.h"

#define EV_PER_A3_GPA 160.21766208
/* Volumes below V_MIN_FRAC * V0 are outside the domain the header promises (V/V0 = 0.3). */
#define V_MIN_FRAC 0.3
/* The expanded side is searched up to V_MAX_FRAC * V0 for the spinodal (where B = 0). */
#define V_MAX_FRAC 4.0

static int bad_double(double x) { return !isfinite(x); }

static lmds_status check_eos(const lmds_eos *eos)
{
    if (!eos)
        return lmds_error(LMDS_EINVAL, "eos: NULL equation of state");
    if (eos->kind != LMDS_EOS_VINET && eos->kind != LMDS_EOS_BM3)
        return lmds_error(LMDS_EINVAL, "eos: unknown kind %d", (int)eos->kind);
    if (bad_double(eos->V0) || eos->V0 <= 0)
        return lmds_error(LMDS_EINVAL, "eos: V0 must be positive (got %g A^3/atom)", eos->V0);
    if (bad_double(eos->B0) || eos->B0 <= 0)
        return lmds_error(LMDS_EINVAL, "eos: B0 must be positive (got %g GPa)", eos->B0);
    /* B0' below 1 makes the Vinet exponent negative and both forms unphysical (pressure would soften under
     * compression); measured values for solids lie between about 2 and 9. */
    if (bad_double(eos->B0p) || eos->B0p < 1 || eos->B0p > 20)
        return lmds_error(LMDS_EINVAL, "eos: B0' must lie in [1, 20] (got %g)", eos->B0p);
    return LMDS_OK;
}

static lmds_status check_thermal(const lmds_thermal *th)
{
    if (!th)
        return LMDS_OK;
    if (bad_double(th->theta0) || th->theta0 <= 0)
        return lmds_error(LMDS_EINVAL, "eos: Debye temperature must be positive (got %g K)", th->theta0);
    if (bad_double(th->gamma0) || th->gamma0 < 0 || th->gamma0 > 10)
        return lmds_error(LMDS_EINVAL, "eos: Grueneisen parameter must lie in [0, 10] (got %g)", th->gamma0);
    if (bad_double(th->q) || th->q < 0 || th->q > 10)
        return lmds_error(LMDS_EINVAL, "eos: q = dln(gamma)/dln(V) must lie in [0, 10] (got %g)", th->q);
    if (bad_double(th->T_ref) || th->T_ref < 0)
        return lmds_error(LMDS_EINVAL, "eos: reference temperature must be >= 0 (got %g K)", th->T_ref);
    return LMDS_OK;
}

/* ---- cold isotherms (no argument checks; callers check) ---- */

/* Vinet et al., J. Geophys. Res. 92, 9319 (1987): with x = (V/V0)^(1/3) and eta = 3/2 (B0' - 1),
 * P = 3 B0 (1 - x) x^-2 exp(eta (1 - x)). */
static double vinet_p(const lmds_eos *e, double V)
{
    double x = cbrt(V / e->V0), eta = 1.5 * (e->B0p - 1.0);
    return 3.0 * e->B0 * (1.0 - x) / (x * x) * exp(eta * (1.0 - x));
}

/* B = -V dP/dV = B0 x^-2 exp(eta (1 - x)) [2 - x + eta x (1 - x)] (differentiating the expression above). */
static double vinet_b(const lmds_eos *e, double V)
{
    double x = cbrt(V / e->V0), eta = 1.5 * (e->B0p - 1.0);
    return e->B0 / (x * x) * exp(eta * (1.0 - x)) * (2.0 - x + eta * x * (1.0 - x));
}

/* Birch, Phys. Rev. 71, 809 (1947), third order: with y = (V0/V)^(2/3) and c = 3/4 (B0' - 4),
 * P = 3/2 B0 (y^(7/2) - y^(5/2)) [1 + c (y - 1)]. */
static double bm3_p(const lmds_eos *e, double V)
{
    double y = pow(e->V0 / V, 2.0 / 3.0), c = 0.75 * (e->B0p - 4.0);
    return 1.5 * e->B0 * (pow(y, 3.5) - pow(y, 2.5)) * (1.0 + c * (y - 1.0));
}

/* B = -V dP/dV = (2/3) y dP/dy since dy/dV = -(2/3) y / V. */
static double bm3_b(const lmds_eos *e, double V)
{
    double y = pow(e->V0 / V, 2.0 / 3.0), c = 0.75 * (e->B0p - 4.0);
    double dPdy = 1.5 * e->B0 *
                  ((3.5 * pow(y, 2.5) - 2.5 * pow(y, 1.5)) * (1.0 + c * (y - 1.0)) +
                   (pow(y, 3.5) - pow(y, 2.5)) * c);
    return 2.0 / 3.0 * y * dPdy;
}

static double cold_p(const lmds_eos *e, double V) { return e->kind == LMDS_EOS_VINET ? vinet_p(e, V) : bm3_p(e, V); }
static double cold_b(const lmds_eos *e, double V) { return e->kind == LMDS_EOS_VINET ? vinet_b(e, V) : bm3_b(e, V); }

/* ---- Debye-Grueneisen thermal part ---- */

/* gamma(V) = gamma0 (V/V0)^q; theta(V) from dln(theta)/dln(V) = -gamma:
 * theta = theta0 exp((gamma0 - gamma)/q), or theta0 (V0/V)^gamma0 when q = 0. */
static double th_gamma(const lmds_eos *e, const lmds_thermal *th, double V)
{
    return th->gamma0 * pow(V / e->V0, th->q);
}

static double th_theta(const lmds_eos *e, const lmds_thermal *th, double V)
{
    if (th->q == 0)
        return th->theta0 * pow(e->V0 / V, th->gamma0);
    return th->theta0 * exp((th->gamma0 - th_gamma(e, th, V)) / th->q);
}

/* Debye thermal energy per atom without zero-point energy, eV: E = 3 k T D3(theta/T); 0 at T = 0.
 * D3 is GSL's gsl_sf_debye_3 = 3/x^3 int_0^x t^3/(e^t - 1) dt, which decays as pi^4/(5 x^3) so E ~ T^4. */
static double debye_energy(double theta, double T)
{
    /* theta/T beyond 1e100 would underflow D3 (and GSL would raise an error): the energy is zero there. */
    if (T <= 0 || theta / T > 1e100)
        return 0.0;
    gsl_sf_result r;
    if (gsl_sf_debye_3_e(theta / T, &r) != GSL_SUCCESS)
        return 0.0; /* underflow far below theta: the energy is negligible */
    return 3.0 * LMDS_KB_EV * T * r.val;
}

/* Debye heat capacity per atom, eV/K: Cv = 3 k [4 D3(x) - 3 x / (e^x - 1)], x = theta/T; 0 at T = 0. */
static double debye_cv(double theta, double T)
{
    if (T <= 0 || theta / T > 1e100)
        return 0.0;
    double x = theta / T;
    gsl_sf_result r;
    if (gsl_sf_debye_3_e(x, &r) != GSL_SUCCESS)
        return 0.0;
    double c = 4.0 * r.val - 3.0 * x / expm1(x);
    return 3.0 * LMDS_KB_EV * (c > 0 ? c : 0.0);
}

/* Mie-Grueneisen thermal pressure relative to T_ref: P_th = gamma(V)/V [E(V, T) - E(V, T_ref)], GPa. The
 * EOS parameters describe the isotherm at T_ref, so P_th vanishes there. */
static double thermal_p(const lmds_eos *e, const lmds_thermal *th, double V, double T)
{
    if (!th || th->gamma0 == 0)
        return 0.0;
    double theta = th_theta(e, th, V);
    double dE = debye_energy(theta, T) - debye_energy(theta, th->T_ref);
    return th_gamma(e, th, V) / V * dE * EV_PER_A3_GPA;
}

/* Parameters of the one-dimensional functions handed to GSL. */
typedef struct {
    const lmds_eos *e;
    const lmds_thermal *th; /* may be NULL */
    double T, P;
} pt_params;

static double total_p(double V, void *vp)
{
    const pt_params *p = vp;
    return cold_p(p->e, V) + thermal_p(p->e, p->th, V, p->T);
}

static double total_p_minus(double V, void *vp)
{
    const pt_params *p = vp;
    return total_p(V, vp) - p->P;
}

static double thermal_only(double V, void *vp)
{
    const pt_params *p = vp;
    return thermal_p(p->e, p->th, V, p->T);
}

/* Isothermal bulk modulus of the total pressure, -V (dP/dV)_T: the cold part analytically, the thermal part by
 * GSL's central difference (its error is far below the precision of any measured EOS). */
static double total_b(double V, void *vp)
{
    pt_params *p = vp;
    double B = cold_b(p->e, V);
    if (p->th && p->th->gamma0 > 0) {
        gsl_function F = {thermal_only, p};
        double d = 0, err;
        /* The thermal pressure is smooth in V; a failed difference (a NaN from far outside the thermal model's
         * range) makes B NaN, which the callers reject. */
        if (gsl_deriv_central(&F, V, 1e-4 * V, &d, &err) != GSL_SUCCESS)
            d = NAN;
        B -= V * d;
    }
    return B;
}

/* Brent's method (core/numeric.h) on a bracket [lo, hi] where f changes sign; relative tolerance 1e-13 in V. */
static lmds_status brent(lmds_fn1 f, pt_params *p, double lo, double hi, const char *what, double *root)
{
    return lmds_root_brent(f, p, lo, hi, 0.0, 1e-13, 200, what, root);
}

/* The largest volume of the mechanically stable branch at temperature T: the spinodal where the isothermal
 * bulk modulus vanishes, searched on V0 .. V_MAX_FRAC V0. Writes the spinodal pressure (the lowest pressure the
 * branch reaches) to *Pmin. */
static lmds_status spinodal(pt_params *p, double *Vsp, double *Pmin)
{
    double V0 = p->e->V0, a = V0, b;
    if (total_b(a, p) <= 0)
        return lmds_error(LMDS_EDOMAIN, "eos: no stable volume at T = %g K (thermal pressure too large)", p->T);
    for (b = a * 1.02; b <= V_MAX_FRAC * V0; a = b, b *= 1.02) {
        if (total_b(b, p) <= 0) {
            lmds_status st = brent(total_b, p, a, b, "eos: spinodal volume", Vsp);
            if (st)
                return st;
            *Pmin = total_p(*Vsp, p);
            return LMDS_OK;
        }
    }
    *Vsp = V_MAX_FRAC * V0;
    *Pmin = total_p(*Vsp, p);
    return LMDS_OK;
}

/* V at (P, T) by Brent's method on a bracket found by stepping from V0: towards smaller V for P above P(V0, T)
 * (stopping where B <= 0, which BM3 reaches under strong compression when B0' is small, or at V/V0 = 0.3), towards
 * the spinodal otherwise. */
static lmds_status volume_at(pt_params *p, double *V)
{
    double V0 = p->e->V0, lo = V_MIN_FRAC * V0;
    if (total_p(V0, p) <= p->P) {
        for (double a = V0, b = V0 * 0.98;; a = b, b *= 0.98) {
            if (b < lo)
                b = lo;
            if (total_b(b, p) <= 0)
                return lmds_error(LMDS_EDOMAIN, "eos: P = %g GPa is beyond the stable range of this EOS (B <= 0 "
                                                "at V/V0 = %.3g)", p->P, b / V0);
            if (total_p(b, p) >= p->P)
                return brent(total_p_minus, p, b, a, "eos: volume at pressure", V);
            if (b == lo)
                return lmds_error(LMDS_EDOMAIN, "eos: P = %g GPa compresses beyond V/V0 = %g", p->P, V_MIN_FRAC);
        }
    }
    double Vsp = 0, Pmin = 0;
    lmds_status st = spinodal(p, &Vsp, &Pmin);
    if (st)
        return st;
    if (p->P < Pmin)
        return lmds_error(LMDS_EDOMAIN, "eos: P = %g GPa is below the spinodal pressure %g GPa at T = %g K",
                          p->P, Pmin, p->T);
    if (p->P == Pmin) {
        *V = Vsp;
        return LMDS_OK;
    }
    return brent(total_p_minus, p, V0, Vsp, "eos: volume at pressure", V);
}

/* ---- public API ---- */

lmds_status lmds_eos_pressure(const lmds_eos *eos, double V, double *P)
{
    lmds_status st = check_eos(eos);
    if (st)
        return st;
    if (!P || bad_double(V) || V <= 0)
        return lmds_error(LMDS_EINVAL, "eos: volume must be positive (got %g A^3/atom)", V);
    *P = cold_p(eos, V);
    return LMDS_OK;
}

lmds_status lmds_eos_bulk_modulus(const lmds_eos *eos, double V, double *B)
{
    lmds_status st = check_eos(eos);
    if (st)
        return st;
    if (!B || bad_double(V) || V <= 0)
        return lmds_error(LMDS_EINVAL, "eos: volume must be positive (got %g A^3/atom)", V);
    *B = cold_b(eos, V);
    return LMDS_OK;
}

lmds_status lmds_eos_volume(const lmds_eos *eos, double P, double *V)
{
    return lmds_eos_volume_pt(eos, NULL, P, 0.0, V);
}

static lmds_status check_pt(const lmds_eos *eos, const lmds_thermal *th, double P, double T, const void *out)
{
    lmds_gsl_init(); /* the thermal part calls GSL (Debye functions, numerical derivative) */
    lmds_status st = check_eos(eos);
    if (st)
        return st;
    if ((st = check_thermal(th)))
        return st;
    if (!out)
        return lmds_error(LMDS_EINVAL, "eos: NULL output pointer");
    if (bad_double(P))
        return lmds_error(LMDS_EINVAL, "eos: pressure is not a finite number");
    if (bad_double(T) || T < 0)
        return lmds_error(LMDS_EINVAL, "eos: temperature must be >= 0 K (got %g)", T);
    return LMDS_OK;
}

lmds_status lmds_eos_volume_pt(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *V)
{
    lmds_status st = check_pt(eos, th, P, T, V);
    if (st)
        return st;
    pt_params p = {eos, th, T, P};
    return volume_at(&p, V);
}

lmds_status lmds_eos_pressure_pt(const lmds_eos *eos, const lmds_thermal *th, double V, double T, double *P)
{
    lmds_status st = check_pt(eos, th, 0.0, T, P);
    if (st)
        return st;
    if (bad_double(V) || V <= 0)
        return lmds_error(LMDS_EINVAL, "eos: volume must be positive (got %g A^3/atom)", V);
    pt_params p = {eos, th, T, 0.0};
    *P = total_p(V, &p);
    return LMDS_OK;
}

lmds_status lmds_eos_bulk_modulus_pt(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *B)
{
    lmds_status st = check_pt(eos, th, P, T, B);
    if (st)
        return st;
    pt_params p = {eos, th, T, P};
    double V;
    if ((st = volume_at(&p, &V)))
        return st;
    *B = total_b(V, &p);
    return LMDS_OK;
}

/* beta = (1/V)(dV/dT)_P = (dP/dT)_V / B_T, and for Mie-Grueneisen (dP/dT)_V = gamma(V) Cv(V, T) / V.
 * Cv vanishes as T^3 (Debye), so beta -> 0 as T -> 0 as the third law requires. */
lmds_status lmds_eos_expansion(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *beta)
{
    lmds_status st = check_pt(eos, th, P, T, beta);
    if (st)
        return st;
    pt_params p = {eos, th, T, P};
    double V;
    if ((st = volume_at(&p, &V)))
        return st;
    if (!th || th->gamma0 == 0 || T == 0) {
        *beta = 0.0;
        return LMDS_OK;
    }
    double dPdT = th_gamma(eos, th, V) / V * debye_cv(th_theta(eos, th, V), T) * EV_PER_A3_GPA;
    *beta = dPdT / total_b(V, &p);
    return LMDS_OK;
}

lmds_status lmds_eos_debye_theta(const lmds_eos *eos, const lmds_thermal *th, double V, double *theta,
                                 double *gamma)
{
    lmds_status st = check_eos(eos);
    if (st)
        return st;
    if (!th)
        return lmds_error(LMDS_EINVAL, "eos: the Debye temperature needs a thermal model");
    if ((st = check_thermal(th)))
        return st;
    if (bad_double(V) || V <= 0)
        return lmds_error(LMDS_EINVAL, "eos: volume must be positive (got %g A^3/atom)", V);
    if (theta)
        *theta = th_theta(eos, th, V);
    if (gamma)
        *gamma = th_gamma(eos, th, V);
    return LMDS_OK;
}

const char *lmds_eos_kind_name(lmds_eos_kind kind)
{
    switch (kind) {
    case LMDS_EOS_VINET: return "vinet";
    case LMDS_EOS_BM3: return "bm3";
    }
    return "unknown";
}
