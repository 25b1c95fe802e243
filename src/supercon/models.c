/* The registry of superconductivity models: what each computes, its parameters and what to cite. */
#include "lmds/supercon.h"

#include "supercon/sc_defaults.h"

#include <math.h>
#include <string.h>

#define NP(a) (sizeof(a) / sizeof((a)[0]))

static const char *const R_ALLEN_DYNES = "P.B. Allen, R.C. Dynes, Phys. Rev. B 12, 905 (1975), doi:10.1103/PhysRevB.12.905";
static const char *const R_MCMILLAN = "W.L. McMillan, Phys. Rev. 167, 331 (1968), doi:10.1103/PhysRev.167.331";
static const char *const R_CARBOTTE = "J.P. Carbotte, Rev. Mod. Phys. 62, 1027 (1990), doi:10.1103/RevModPhys.62.1027";
static const char *const R_ALLEN_MITROVIC =
    "P.B. Allen, B. Mitrovic, Solid State Physics 37, 1 (1982), doi:10.1016/S0081-1947(08)60665-7";
static const char *const R_ELIASHBERG = "G.M. Eliashberg, Sov. Phys. JETP 11, 696 (1960)";
static const char *const R_VIDBERG = "H.J. Vidberg, J.W. Serene, J. Low Temp. Phys. 29, 179 (1977), doi:10.1007/BF00655090";
static const char *const R_ELK = "Elk code, eliashberg.f90 (A. Sanna, E.K.U. Gross), https://elk.sourceforge.io";

static const lmds_sc_param_info P_MOM[] = {
    {"a2F", "file", NAN, "spectral function alpha^2F(omega)"},
    {"units", "", NAN, "meV|THz|cm-1|K|Ha|Ry (auto from the file)"},
};
static const char *const REF_MOM[] = {"P.B. Allen, R.C. Dynes, Phys. Rev. B 12, 905 (1975), eqs. 3, 6, 7, "
                                      "doi:10.1103/PhysRevB.12.905"};

static const lmds_sc_param_info P_MCM[] = {
    {"theta_D", "K", NAN, "Debye temperature"},
    {"lambda", "", NAN, "electron-phonon coupling"},
    {"mu_star", "", SC_DEFAULT_MU_STAR, "Coulomb pseudopotential"},
};
static const char *const REF_MCM[] = {R_MCMILLAN};

static const lmds_sc_param_info P_AD[] = {
    {"lambda", "", NAN, "electron-phonon coupling"},
    {"omega_log", "K", NAN, "logarithmic average frequency"},
    {"omega2", "K", NAN, "<omega^2>^1/2 (optional: f2 = 1 without it)"},
    {"mu_star", "", SC_DEFAULT_MU_STAR, "Coulomb pseudopotential"},
};
static const char *const REF_AD[] = {R_ALLEN_DYNES, R_MCMILLAN};

static const lmds_sc_param_info P_ELI[] = {
    {"a2F", "file", NAN, "spectral function"},
    {"mu_star", "", SC_DEFAULT_MU_STAR, "Coulomb pseudopotential at mu_star_cutoff"},
    {"mu_star_cutoff", "meV", NAN, "cutoff at which mu* is given (default 10 omega_max)"},
    {"cutoff_factor", "", SC_DEFAULT_CUTOFF_FACTOR, "Matsubara cutoff in units of omega_max (2..100)"},
};
static const char *const REF_ELI[] = {R_ELIASHBERG, R_ALLEN_MITROVIC, R_ALLEN_DYNES, R_CARBOTTE};

static const lmds_sc_param_info P_ELK[] = {
    {"a2F", "file", NAN, "spectral function"},
    {"mu_star", "", SC_DEFAULT_MU_STAR,
     "Coulomb pseudopotential, applied for |omega_n| <= 2 omega_rms (Elk's own default is 0.15: give it to compare)"},
};
static const char *const REF_ELK[] = {R_ELK, R_ELIASHBERG};

static const lmds_sc_param_info P_PADE[] = {
    {"npade", "", SC_DEFAULT_NPADE, "Matsubara points used"},
};
static const char *const REF_PADE[] = {R_VIDBERG};

static const lmds_sc_param_info P_CARB[] = {
    {"Tc", "K", NAN, "critical temperature"},
    {"omega_log", "K", NAN, "logarithmic average frequency"},
};
static const char *const REF_CARB[] = {R_CARBOTTE};

static const lmds_sc_param_info P_HC[] = {
    {"Tc", "K", NAN, "critical temperature"},
    {"Hc0", "T", NAN, "Hc(0), or from gamma and molar volume"},
    {"gamma", "mJ/(mol K^2)", NAN, "Sommerfeld coefficient"},
    {"vmol", "cm^3/mol", NAN, "molar volume"},
};
static const char *const REF_HC[] = {"M. Tinkham, Introduction to Superconductivity, 2nd ed. (McGraw-Hill, 1996), "
                                     "eq. 1.1 (parabolic law)",
                                     R_CARBOTTE};

static const lmds_sc_param_info P_WHH[] = {
    {"Tc", "K", NAN, "critical temperature"},
    {"slope", "T/K", NAN, "dHc2/dT at Tc (< 0), or from xi"},
    {"xi", "nm", NAN, "GL coherence length xi(0): Hc2(0) = Phi0/(2 pi xi^2)"},
};
static const char *const REF_WHH[] = {
    "N.R. Werthamer, E. Helfand, P.C. Hohenberg, Phys. Rev. 147, 295 (1966), doi:10.1103/PhysRev.147.295"};

static const lmds_sc_param_info P_PRES[] = {
    {"V0", "A^3/atom", NAN, "EOS volume at P = 0"},
    {"B0", "GPa", NAN, "bulk modulus"},
    {"B0p", "", NAN, "dB/dP"},
    {"gamma_G", "", NAN, "Grueneisen parameter (default B0'/2 - 1/6, Slater)"},
    {"phi", "", SC_DEFAULT_PHI, "-d ln eta / d ln V of the Hopfield parameter"},
};
static const char *const REF_PRES[] = {
    R_MCMILLAN,
    "J.J. Hopfield, Phys. Rev. 186, 443 (1969), doi:10.1103/PhysRev.186.443 (Hopfield parameter eta)",
    "J.C. Slater, Introduction to Chemical Physics (McGraw-Hill, 1939), ch. 14 (gamma = B0'/2 - 1/6)",
    "S. Deemyad et al., Physica C 385, 105 (2003), doi:10.1016/S0921-4534(02)02307-X (analysis with eta ~ V^-1; "
    "as recalled)",
    "Vinet et al., J. Geophys. Res. 92, 9319 (1987); F. Birch, Phys. Rev. 71, 809 (1947) (EOS)"};

static const lmds_sc_param_info P_PPHASE[] = {
    {"Tc0", "K", NAN, "measured Tc of the phase at its reference pressure (0 for ambient phases)"},
    {"P", "GPa", NAN, "pressure, inside the phase's range in the material table"},
    {"mu_star", "", SC_MATERIAL_DEFAULT_MU_STAR, "Coulomb pseudopotential when the material table gives none"},
    {"phi", "", SC_MATERIAL_DEFAULT_PHI, "Hopfield exponent when the material table gives none"},
};
static const char *const REF_PPHASE[] = {
    R_MCMILLAN,
    "J.J. Hopfield, Phys. Rev. 186, 443 (1969), doi:10.1103/PhysRev.186.443 (Hopfield parameter eta)",
    "K. Lejaeghere et al., Crit. Rev. Solid State Mater. Sci. 39, 1 (2014), doi:10.1080/10408436.2013.772503 "
    "(experimental EOS set of the material table)",
    "C. Kittel, Introduction to Solid State Physics, 8th ed. (Wiley, 2005), Table 5.1 (Debye temperatures)",
    "T.F. Smith, C.W. Chu, Phys. Rev. 159, 353 (1967), doi:10.1103/PhysRev.159.353 (validation)"};

static const lmds_sc_param_info P_FILMDATA[] = {
    {"d", "nm", NAN, "film thickness"},
    {"form", "", NAN, "crystalline | granular | amorphous | quench-condensed | epitaxial"},
    {"Tc_bulk", "K", NAN, "bulk Tc, enables Simonin's law beyond the data of crystalline films"},
};
static const char *const REF_FILMDATA[] = {
    "J. Simonin, Phys. Rev. B 33, 7830 (1986), doi:10.1103/PhysRevB.33.7830 (Tc linear in 1/d; d_c fitted)",
    "R. Meservey, P.M. Tedrow, J. Appl. Phys. 42, 51 (1971), doi:10.1063/1.1659648 (Al films: Tc linear in 1/d)"};

static const lmds_sc_param_info P_FILM[] = {
    {"Tc_bulk", "K", NAN, "bulk Tc"},
    {"d", "nm", NAN, "film thickness"},
    {"d_c", "nm", NAN, "critical thickness"},
};
static const char *const REF_FILM[] = {"J. Simonin, Phys. Rev. B 33, 7830 (1986), doi:10.1103/PhysRevB.33.7830"};

static const lmds_sc_param_info P_AND[] = {
    {"dos", "states/(eV atom)", NAN, "N(E_F), both spins"},
    {"vatom", "A^3", NAN, "atomic volume"},
    {"r", "nm", NAN, "grain radius"},
    {"gap", "meV", NAN, "superconducting gap"},
};
static const char *const REF_AND[] = {
    "P.W. Anderson, J. Phys. Chem. Solids 11, 26 (1959), doi:10.1016/0022-3697(59)90036-8",
    "R. Kubo, J. Phys. Soc. Jpn. 17, 975 (1962), doi:10.1143/JPSJ.17.975 (level spacing)"};

static const lmds_sc_param_info P_GT[] = {
    {"Tm", "K", SC_GA_TM_K, "bulk melting point (Ga)"},
    {"sigma_sl", "J/m^2", SC_GA_SIGMA_SL, "solid-liquid interfacial energy (Ga: Turnbull 1950)"},
    {"rho_s", "kg/m^3", SC_GA_RHO_S, "solid density (Ga)"},
    {"L", "J/kg", SC_GA_LATENT, "latent heat of fusion (Ga)"},
    {"r", "nm", NAN, "radius"},
};
static const char *const REF_GT[] = {
    "P. Pawlow, Z. Phys. Chem. 65, 1 (1909)",
    "Ph. Buffat, J.-P. Borel, Phys. Rev. A 13, 2287 (1976), doi:10.1103/PhysRevA.13.2287",
    "D. Turnbull, J. Appl. Phys. 21, 1022 (1950), doi:10.1063/1.1699435 (sigma_sl of Ga; as recalled)"};

#define MODEL(id, name, eq, P, R) {id, name, eq, P, NP(P), R, NP(R)}
static const lmds_sc_model_info MODELS[] = {
    MODEL("moments", "alpha^2F moments", "lambda = 2 int a2F/w; w_log = exp[(2/lambda) int ln w a2F/w]", P_MOM,
          REF_MOM),
    MODEL("mcmillan", "McMillan Tc", "Tc = Theta_D/1.45 exp[-1.04(1+l)/(l - mu*(1+0.62 l))]", P_MCM, REF_MCM),
    MODEL("allen-dynes", "Allen-Dynes Tc", "Tc = f1 f2 w_log/1.2 exp[-1.04(1+l)/(l - mu*(1+0.62 l))]", P_AD, REF_AD),
    MODEL("eliashberg", "isotropic Migdal-Eliashberg (imaginary axis)",
          "largest eigenvalue of the linearised gap equation = 1; mu*(wc): 1/mu*(wc) = 1/mu* + ln(w_ref/wc)", P_ELI,
          REF_ELI),
    MODEL("eliashberg-elk", "Eliashberg with Elk's conventions", "cutoff 20 w_rms; mu* for |w_n| <= 2 w_rms", P_ELK,
          REF_ELK),
    MODEL("pade", "Pade continuation to the real axis", "Vidberg-Serene continued fraction; edge: w = Re Delta(w)",
          P_PADE, REF_PADE),
    MODEL("carbotte", "strong-coupling ratios", "2D/kTc = 3.53[1+12.5 x^2 ln(1/2x)], x = Tc/w_log; DC/gTc, gTc^2/Hc^2",
          P_CARB, REF_CARB),
    MODEL("hc", "thermodynamic critical field", "Hc(T) = Hc(0)[1-(T/Tc)^2]; gamma Tc^2/Hc(0)^2 = 0.168[...]", P_HC,
          REF_HC),
    MODEL("whh", "WHH upper critical field", "ln(1/t) = psi(1/2 + h/2t) - psi(1/2); Hc2(0) = -0.693 Tc dHc2/dT", P_WHH,
          REF_WHH),
    MODEL("pressure", "Tc(P): EOS + Grueneisen + Hopfield scaling",
          "w ~ (V/V0)^-gamma; lambda ~ (V/V0)^(2 gamma - phi); mu* fixed", P_PRES, REF_PRES),
    MODEL("pressure-phase", "Tc of a phase under pressure (McMillan fitted to its Tc, EOS scaling)",
          "lambda0 fitted to Tc0; Theta ~ V^-gamma, lambda ~ V^(2 gamma - phi); spread gamma +-20 %, phi +-0.5, "
          "mu* +-0.03 (B0 +-15 % for DFT EOS)",
          P_PPHASE, REF_PPHASE),
    MODEL("film", "thin-film Tc", "Tc(d) = Tc_bulk (1 - d_c/d)", P_FILM, REF_FILM),
    MODEL("film-data", "film Tc(d) from measured curves",
          "linear in 1/d between the measured films of data/routes/film_tc.csv (+- errors, scatter, distance; "
          "each film's reference reported); beyond: Simonin fit or nearest film, flagged", P_FILMDATA, REF_FILMDATA),
    MODEL("anderson", "Anderson limit of small grains", "delta = 1/N_s(E_F) (Kubo gap) vs Delta", P_AND, REF_AND),
    MODEL("gibbs-thomson", "melting of droplets", "Tm(r) = Tm (1 - 2 sigma_sl/(rho_s L r))", P_GT, REF_GT),
};

size_t lmds_sc_model_count(void) { return NP(MODELS); }

const lmds_sc_model_info *lmds_sc_model_get(size_t i) { return i < NP(MODELS) ? &MODELS[i] : NULL; }

const lmds_sc_model_info *lmds_sc_model_find(const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < NP(MODELS); i++)
        if (strcmp(MODELS[i].id, id) == 0) return &MODELS[i];
    return NULL;
}
