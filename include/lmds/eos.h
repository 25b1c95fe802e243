/* lmds equations of state: cold isotherm (Vinet, Birch-Murnaghan 3rd order) plus a Debye-Grueneisen thermal
 * pressure, shared by the superconductivity pressure model and the electron-tunnel model.
 * Units: volume in A^3 per atom, pressure and bulk modulus in GPa, temperature in K. */
#ifndef LMDS_EOS_H
#define LMDS_EOS_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lmds_eos_kind {
    LMDS_EOS_VINET = 0, /* Vinet et al., J. Geophys. Res. 92, 9319 (1987) */
    LMDS_EOS_BM3 = 1    /* Birch, Phys. Rev. 71, 809 (1947), third order */
} lmds_eos_kind;

typedef struct lmds_eos {
    lmds_eos_kind kind;
    double V0;   /* A^3/atom at P = 0 and T = T_ref (see lmds_thermal) */
    double B0;   /* GPa */
    double B0p;  /* dB/dP, dimensionless */
} lmds_eos;

/* Debye-Grueneisen (Mie-Grueneisen) thermal model: gamma(V) = gamma0 (V/V0)^q, theta(V) = theta0 exp((gamma0 -
 * gamma(V))/q), thermal energy from the Debye function (3 k_B per atom at high T, vanishing as T^4 at low T).
 * The EOS parameters are referred to T_ref (298.15 K for room-temperature data, 0 for static-lattice/DFT sets). */
typedef struct lmds_thermal {
    double theta0;  /* Debye temperature at V0, K (> 0) */
    double gamma0;  /* Grueneisen parameter at V0 (>= 0; 0 switches thermal expansion off) */
    double q;       /* logarithmic volume derivative of gamma (typically 1) */
    double T_ref;   /* K, temperature at which V0, B0, B0p were measured */
} lmds_thermal;

/* Cold-isotherm pressure at volume V. LMDS_EINVAL for non-positive V or bad parameters. */
LMDS_API lmds_status lmds_eos_pressure(const lmds_eos *eos, double V, double *P);
/* Isothermal bulk modulus -V dP/dV at volume V. */
LMDS_API lmds_status lmds_eos_bulk_modulus(const lmds_eos *eos, double V, double *B);
/* Volume at pressure P on the cold isotherm (GSL root finder, bracketing). LMDS_EDOMAIN when P is below the
 * spinodal or beyond a compression of V/V0 = 0.3. */
LMDS_API lmds_status lmds_eos_volume(const lmds_eos *eos, double P, double *V);

/* Volume at (P, T) with the thermal model (thermal may be NULL: cold isotherm). */
LMDS_API lmds_status lmds_eos_volume_pt(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *V);
/* Volumetric thermal expansion coefficient beta = (1/V) dV/dT at (P, T), 1/K. Tends to 0 as T -> 0. */
LMDS_API lmds_status lmds_eos_expansion(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *beta);

/* Total pressure P(V, T) = P_cold(V) + gamma(V)/V [E_D(V, T) - E_D(V, T_ref)] (Mie-Grueneisen with Debye
 * energy E_D, zero-point energy excluded). th may be NULL (cold isotherm). */
LMDS_API lmds_status lmds_eos_pressure_pt(const lmds_eos *eos, const lmds_thermal *th, double V, double T, double *P);
/* Isothermal bulk modulus -V (dP/dV)_T at (P, T), GPa. th may be NULL. */
LMDS_API lmds_status lmds_eos_bulk_modulus_pt(const lmds_eos *eos, const lmds_thermal *th, double P, double T, double *B);
/* Debye temperature theta(V) (K) and Grueneisen parameter gamma(V) of the thermal model at volume V. */
LMDS_API lmds_status lmds_eos_debye_theta(const lmds_eos *eos, const lmds_thermal *th, double V, double *theta,
                                 double *gamma);
/* "vinet" or "bm3" (static string). */
LMDS_API const char *lmds_eos_kind_name(lmds_eos_kind kind);

#ifdef __cplusplus
}
#endif
#endif
