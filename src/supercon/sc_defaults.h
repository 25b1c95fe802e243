/* Default parameter values of the superconductivity models (private). The registry (models.c) lists these and the
 * code paths (lmds_eliash_opts_init, lmds_sc_pressure_opts_init, lmds_gibbs_thomson_ga, ...) use them, so what
 * `lmds sc models` prints is what a computation uses; tests/supercon/test_registry.c checks the two agree. */
#ifndef LMDS_SUPERCON_DEFAULTS_H
#define LMDS_SUPERCON_DEFAULTS_H

/* Coulomb pseudopotential used when none is given (McMillan, Allen-Dynes, Eliashberg): the conventional 0.10
 * for simple metals (Allen & Dynes, PRB 12, 905 (1975) use 0.1 in their fits). */
#define SC_DEFAULT_MU_STAR 0.10
/* Matsubara cutoff in units of omega_max (the sums converge to well under 1 % at 10 with mu* rescaled). */
#define SC_DEFAULT_CUTOFF_FACTOR 10.0
/* mu* is given at this many omega_max when mu_star_cutoff is not set. */
#define SC_DEFAULT_MU_STAR_CUTOFF_FACTOR 10.0
/* Elk's eliashberg.f90 default mu* (its printed Tc uses 0.15). */
#define SC_DEFAULT_MU_STAR_ELK 0.15
/* Matsubara points used by the Pade continuation. */
#define SC_DEFAULT_NPADE 256
/* Hopfield parameter eta = N(0)<I^2> ~ V^-phi: phi = 1 (see pressure.c for the source and what is recalled). */
#define SC_DEFAULT_PHI 1.0
/* Hydrostatic steps used for dTc/dP (GPa) when none is given. */
#define SC_DEFAULT_SLOPE_STEP 0.2

/* Optional columns of the per-phase material table (data/pressure/tunnel_materials.csv). */
#define SC_MATERIAL_DEFAULT_MU_STAR 0.13 /* McMillan's value, used for the McMillan inversions */
#define SC_MATERIAL_DEFAULT_PHI 1.0      /* Hopfield exponent */
#define SC_MATERIAL_DEFAULT_Q 1.0        /* dln(gamma)/dln(V) */
#define SC_MATERIAL_DEFAULT_T_REF 0.0    /* K: static-lattice EOS sets */

/* Gibbs-Thomson parameters of alpha-Ga (sources in size.c and docs/supercon.md). */
#define SC_GA_TM_K 302.9146            /* ITS-90 defining fixed point */
#define SC_GA_SIGMA_SL 0.056           /* J/m^2, Turnbull 1950 (see size.c for what is verified) */
#define SC_GA_RHO_S 5904.0             /* kg/m^3, CRC Handbook */
#define SC_GA_LATENT (5590.0 / 0.069723) /* J/kg: Delta_fus H 5.59 kJ/mol (CRC) / M 69.723 g/mol */

#endif
