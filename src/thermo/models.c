/* The thermodynamic models of the module as data: what each computes, its parameters, and the papers to cite. */
#include <math.h>
#include <string.h>

#include "thermo/assess_internal.h"
#include "thermo/thermo_internal.h"

static const char *const REF_CEF[] = {
    "O. Redlich, A.T. Kister, Ind. Eng. Chem. 40 (1948) 345, doi:10.1021/ie50458a036",
    "Y.-M. Muggianu, M. Gambino, J.-P. Bros, J. Chim. Phys. 72 (1975) 83, doi:10.1051/jcp/1975720083",
    "M. Hillert, J. Alloys Compd. 320 (2001) 161, doi:10.1016/S0925-8388(00)01481-X",
    "A.T. Dinsdale, Calphad 15 (1991) 317, doi:10.1016/0364-5916(91)90030-N (SGTE unary data)",
    "H.L. Lukas, S.G. Fries, B. Sundman, Computational Thermodynamics, Cambridge University Press (2007)"};
static const lmds_thermo_param_info PAR_CEF[] = {
    {"L_k", "J/mol", NAN, "Redlich-Kister coefficient of order k, a + b T (+ c T ln T) as the TDB gives it"},
    {"G_em", "J/mol", NAN, "Gibbs energy of an endmember relative to the elements' reference states"}};

static const char *const REF_IHJ[] = {"M. Hillert, M. Jarl, Calphad 2 (1978) 227, doi:10.1016/0364-5916(78)90011-1",
                                      "G. Inden, Proc. CALPHAD V (1976), III.4"};
static const lmds_thermo_param_info PAR_IHJ[] = {
    {"TC", "K", NAN, "Curie or Neel temperature (negative: antiferromagnetic, divided by AFM factor)"},
    {"BMAGN", "muB", NAN, "mean magnetic moment per atom"},
    {"p", "", 0.28, "fraction of the magnetic enthalpy above Tc (0.28 fcc/hcp, 0.4 bcc)"}};

static const char *const REF_MIEDEMA[] = {
    "F.R. de Boer, R. Boom, W.C.M. Mattens, A.R. Miedema, A.K. Niessen, Cohesion in Metals: Transition Metal Alloys, "
    "North-Holland (1988)",
    "A.R. Miedema, P.F. de Chatel, F.R. de Boer, Physica B 100 (1980) 1, doi:10.1016/0378-4363(80)90054-6",
    "J. Friedel, Adv. Phys. 3 (1954) 446, doi:10.1080/00018735400101233 (elastic size-mismatch term)"};
static const lmds_thermo_param_info PAR_MIEDEMA[] = {
    {"P", "kJ/(mol V^2)", 10.7, "14.1 both transition metals, 10.7 both non-transition, 12.35 mixed pair"},
    {"Q/P", "V^2/(d.u.)^(2/3)", 9.4, "weight of the electron-density mismatch"},
    {"R/P", "V^2", 0.0, "hybridisation term; 0 for non-transition pairs (transition/p-metal pairs unsupported)"},
    {"phi*", "V", NAN, "Miedema electronegativity (data/elements.csv miedema_phi_V)"},
    {"n_ws^(1/3)", "(d.u.)^(1/3)", NAN, "electron density at the Wigner-Seitz cell boundary (miedema_nws13)"},
    {"V^(2/3)", "cm^2", NAN, "molar volume to the 2/3 (miedema_V23_cm2)"}};

static const char *const REF_ASSESS[] = {
    "M. Galassi et al., GNU Scientific Library Reference Manual (gsl_multifit_nlinear, Levenberg-Marquardt)",
    "H.L. Lukas, S.G. Fries, B. Sundman, Computational Thermodynamics, Cambridge University Press (2007), ch. 6 "
    "(assessment by weighted least squares of phase-equilibrium data)"};
static const lmds_thermo_param_info PAR_ASSESS[] = {
    {"sigma_T", "K", SIG_T, "default uncertainty of a measured temperature"},
    {"sigma_x", "", SIG_X, "default uncertainty of a measured composition (0.03 for commercial alloy compositions)"},
    {"recalled", "", ASSESS_RECALLED_FACTOR, "uncertainty multiplier for rows marked RECALLED or secondary (weight 1/9)"},
    {"delta_chi2", "", ASSESS_DCHI2_TERM, "chi^2 decrease required to add a Redlich-Kister term (auto terms)"}};

static const char *const REF_PRESSURE[] = {
    "B. Clapeyron, J. Ecole Polytech. 14 (1834) 153; R. Clausius, Ann. Phys. 157 (1850) 500 (dT_m/dP = dV_m/dS_m)",
    "H.L. Lukas, S.G. Fries, B. Sundman, Computational Thermodynamics, Cambridge University Press (2007), sec. 5.1 "
    "(G(T,P) = G(T,P0) + integral of V dP)",
    "data/thermo/molar_volumes.csv (molar volumes of the solid and liquid elements at their melting points, a source "
    "per row)"};
static const lmds_thermo_param_info PAR_PRESSURE[] = {
    {"P_max", "GPa", 1.0, "highest pressure accepted: beyond it the compression of the volumes (a few % per GPa for "
                          "these metals) and pressure-induced phases (Ga-II, Bi-II) make a constant volume wrong"},
    {"V_m", "cm^3/mol", NAN, "molar volume of each element, solid and liquid at its melting point "
                             "(data/thermo/molar_volumes.csv)"}};

#define N(a) (sizeof(a) / sizeof(a)[0])
static const lmds_thermo_model_info MODELS[] = {
    {"cef-rk", "Compound energy formalism with Redlich-Kister-Muggianu excess",
     "G = sum_em prod y G_em + RT sum_s a_s sum y ln y + sum prod y sum_k L_k (y_i - y_j)^k (+ ternary, magnetic)",
     PAR_CEF, N(PAR_CEF), REF_CEF, N(REF_CEF)},
    {"magnetic-ihj", "Inden-Hillert-Jarl magnetic contribution", "G_mag = RT ln(beta + 1) f(T / Tc)", PAR_IHJ,
     N(PAR_IHJ), REF_IHJ, N(REF_IHJ)},
    {"miedema", "Miedema's enthalpy of mixing (starting estimate of assessments)",
     "dH(A in B) = 2 P V_A^(2/3) [-(dphi)^2 + Q/P (dn^(1/3))^2 - R/P] / (n_A^(-1/3) + n_B^(-1/3)); dH = x_A c_B^s dH(A in B)",
     PAR_MIEDEMA, N(PAR_MIEDEMA), REF_MIEDEMA, N(REF_MIEDEMA)},
    {"assess", "Assessment of binary Redlich-Kister parameters from phase-equilibrium data",
     "min sum ((calc - obs) / sigma)^2 over L_k = a_k + b_k T and compound formation energies",
     PAR_ASSESS, N(PAR_ASSESS), REF_ASSESS, N(REF_ASSESS)},
    {"pressure", "Pressure through constant molar volumes",
     "G(T,P) = G(T,1 bar) + (P - 1 bar) sum_i x_i V_i(solid or liquid); dT_m/dP = dV_m / dS_m",
     PAR_PRESSURE, N(PAR_PRESSURE), REF_PRESSURE, N(REF_PRESSURE)},
};

double th_model_default(const char *id, const char *param) {
    const lmds_thermo_model_info *m = lmds_thermo_model_find(id);
    for (size_t i = 0; m && i < m->nparams; i++)
        if (!strcmp(m->params[i].name, param)) return m->params[i].default_value;
    return NAN;
}

int lmds_thermo_model_count(void) { return (int)N(MODELS); }

const lmds_thermo_model_info *lmds_thermo_model_get(int i) {
    return i >= 0 && i < (int)N(MODELS) ? &MODELS[i] : NULL;
}

const lmds_thermo_model_info *lmds_thermo_model_find(const char *id) {
    if (!id) return NULL;
    for (size_t i = 0; i < N(MODELS); i++)
        if (!strcmp(MODELS[i].id, id)) return &MODELS[i];
    return NULL;
}
