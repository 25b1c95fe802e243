/* The models of the tunnel module as data (name, parameters, references), listable by `lmds tunnel models`. */
#include <math.h>

#include "supercon/sc_defaults.h"
#include "tunnel/tunnel_internal.h"

static const lmds_tunnel_param_info TUNNEL_PARAMS[] = {
    {"d_sc", "A", NAN, "spacing at which the valence-tunnel gap closes; fixed by one ambient Tc: d_sc = d(0, Tc0)"},
    {"E1", "meV", TUNNEL_DEFAULT_E1, "gap scale: Delta = E1 x (linear) or E1 (exp(k x) - 1) (exponential), x = (d - d_sc)/d0"},
    {"k", "1", TUNNEL_DEFAULT_K, "steepness of the exponential gap"},
    {"A", "1e-8 ohm m per meV (linear) or 1e-8 ohm m (activated)", TUNNEL_DEFAULT_A, "lift amplitude"},
    {"rho_res", "1e-8 ohm m", TUNNEL_DEFAULT_RHO_RES, "residual resistivity"},
    {"d_ins", "A", TUNNEL_DEFAULT_D_INS, "spacing above which tunnels disconnect (insulating); 0: none"},
};

static const lmds_tunnel_param_info EPH_PARAMS[] = {
    {"lambda0", "1", NAN, "electron-phonon coupling at the reference pressure, fixed by the measured Tc there"},
    {"mu_star", "1", SC_MATERIAL_DEFAULT_MU_STAR,
     "Coulomb pseudopotential (when the material table gives none)"},
    {"phi", "1", SC_MATERIAL_DEFAULT_PHI, "Hopfield exponent: eta ~ V^-phi (when the material table gives none)"},
    {"gamma0", "1", NAN, "Grueneisen parameter (Debye-Grueneisen model; Slater B0'/2 - 1/6 in the shipped data)"},
    {"theta_D", "K", NAN, "Debye temperature (Kittel, Table 5.1 in the shipped data)"},
};

static const lmds_tunnel_param_info EOS_PARAMS[] = {
    {"V0", "A^3/atom", NAN, "volume at P = 0 and T = T_ref"},
    {"B0", "GPa", NAN, "isothermal bulk modulus at V0"},
    {"B0p", "1", NAN, "pressure derivative of B at V0"},
    {"theta0", "K", NAN, "Debye temperature at V0"},
    {"gamma0", "1", NAN, "Grueneisen parameter at V0"},
    {"q", "1", SC_MATERIAL_DEFAULT_Q, "dln(gamma)/dln(V)"},
    {"T_ref", "K", SC_MATERIAL_DEFAULT_T_REF, "temperature of the EOS parameters (0 for static-lattice sets)"},
};

#define NPARAMS(a) (sizeof a / sizeof a[0])

static const char *const TUNNEL_REFS[] = {
    "J.Z. Liu, Is There a Sea of Free Electrons in Metals?, doi:10.5281/zenodo.17967154",
    "J.Z. Liu, Electron Tunnel (Stanford / Zenodo)",
    "J.Z. Liu, Unified Theory of Low and High-Temperature Superconductivity, doi:10.5281/zenodo.17507669",
};
static const char *const EPH_REFS[] = {
    "W.L. McMillan, Phys. Rev. 167, 331 (1968), doi:10.1103/PhysRev.167.331",
    "J.J. Hopfield, Phys. Rev. 186, 443 (1969), doi:10.1103/PhysRev.186.443",
    "E. Grueneisen, Ann. Phys. 408, 530 (1933) (Bloch-Grueneisen resistivity), doi:10.1002/andp.19334080504",
    "G. Grimvall, The Electron-Phonon Interaction in Metals (North-Holland, 1981)",
};
static const char *const VINET_REFS[] = {
    "P. Vinet et al., J. Geophys. Res. 92, 9319 (1987), doi:10.1029/JB092iB09p09319",
    "J.C. Slater, Introduction to Chemical Physics (1939) (gamma = B0'/2 - 1/6)",
};
static const char *const BM3_REFS[] = {
    "F. Birch, Phys. Rev. 71, 809 (1947), doi:10.1103/PhysRev.71.809",
    "K. Lejaeghere et al., Crit. Rev. Solid State Mater. Sci. 39, 1 (2014), doi:10.1080/10408436.2013.772503 "
    "(experimental EOS set shipped)",
};

static const lmds_tunnel_model_info MODELS[] = {
    {"tunnel", "electron-tunnel model (lmds formalisation)",
     "Resistance as the energy to lift valence electrons into inter-atomic tunnels; the gap closes (superconductor) "
     "when the spacing d(P, T) = d0 (V/V0)^(1/3) falls to d_sc. The hypothesis has no equations; these are ours. "
     "Requires dTc/dP = 1/(B beta) > 0 and rho falling where Tc rises.",
     TUNNEL_PARAMS, NPARAMS(TUNNEL_PARAMS), TUNNEL_REFS, NPARAMS(TUNNEL_REFS)},
    {"electron-phonon", "McMillan Tc + Grueneisen/Hopfield scaling; Bloch-Grueneisen rho (mainstream)",
     "Tc = theta/1.45 exp[-1.04(1+lambda)/(lambda - mu*(1+0.62 lambda))], theta(V) from the Debye-Grueneisen "
     "model, lambda ~ V^-phi / theta^2; rho ~ (V^(1-phi)/theta) (T/theta)^5 J5(theta/T).",
     EPH_PARAMS, NPARAMS(EPH_PARAMS), EPH_REFS, NPARAMS(EPH_REFS)},
    {"eos-vinet", "Vinet equation of state + Debye-Grueneisen thermal pressure",
     "P = 3 B0 (1-x)/x^2 exp(3/2 (B0'-1)(1-x)), x = (V/V0)^(1/3); thermal pressure gamma/V [E_D(T) - E_D(T_ref)].",
     EOS_PARAMS, NPARAMS(EOS_PARAMS), VINET_REFS, NPARAMS(VINET_REFS)},
    {"eos-bm3", "Birch-Murnaghan 3rd-order equation of state + Debye-Grueneisen thermal pressure",
     "P = 3/2 B0 (y^(7/2) - y^(5/2)) [1 + 3/4 (B0'-4)(y-1)], y = (V0/V)^(2/3).",
     EOS_PARAMS, NPARAMS(EOS_PARAMS), BM3_REFS, NPARAMS(BM3_REFS)},
};

size_t lmds_tunnel_model_count(void) { return sizeof MODELS / sizeof MODELS[0]; }

const lmds_tunnel_model_info *lmds_tunnel_model_get(size_t i)
{
    return i < lmds_tunnel_model_count() ? &MODELS[i] : NULL;
}
