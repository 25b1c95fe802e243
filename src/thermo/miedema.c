/* Miedema's semi-empirical model of the enthalpy of mixing of metals (A.R. Miedema, P.F. de Chatel, F.R. de Boer,
 * Physica B 100 (1980) 1, doi:10.1016/0378-4363(80)90054-6; F.R. de Boer, R. Boom, W.C.M. Mattens, A.R. Miedema,
 * A.K. Niessen, Cohesion in Metals: Transition Metal Alloys, North-Holland 1988, ch. II).
 *
 * Interfacial enthalpy of one mole of A dissolved in B (kJ/mol of A):
 *   dH(A in B) = 2 P V_A^(2/3) [ -(dphi)^2 + (Q/P)(d n_ws^(1/3))^2 - R/P ] / (n_A^(-1/3) + n_B^(-1/3))
 * with the element parameters phi* (V), n_ws^(1/3) ((d.u.)^(1/3)) and V^(2/3) (cm^2) of data/elements.csv.
 * Constants (de Boer et al. 1988): P = 14.1 when both metals are transition metals, 10.7 when neither is, 12.35
 * for a mixed pair; Q/P = 9.4; R/P = 0 for pairs of two transition or two non-transition metals. For a transition
 * metal T with a non-transition metal N the hybridisation term is R/P = r_T r_N with the per-element factors of de
 * Boer et al. 1988, Fig. 2.28 (p. 66), as tabulated (column "RtoP") in the data file of qmpy's Miedema module
 * (qmpy/data/miedema.yml, github wolverton-research-group/qmpy, which cites that figure; read there, not in the
 * book): e.g. r = 1.0 for V, Nb, Mo, Pd; 0.7 for Sc, Y, La; 0.3 for Cu, Au; 0.15 for Ag; 1.9 for Ga, In, Tl, Al, B;
 * 2.1 for Sn, Pb, Si, Ge; 2.3 for Bi, Sb; 1.4 for Zn, Cd, Hg; 0.4 for Mg, Be; 0 for the alkali metals. Elements
 * without a factor there (the lanthanides after La, most actinides, Ca, Sr, Ba) paired across the two classes
 * return LMDS_EDOMAIN. Transition metals here: groups 3-11 (d block without Zn, Cd, Hg), lanthanides and actinides;
 * Ca, Sr, Ba count as non-transition. No charge-transfer volume correction is applied (a few % on V^(2/3)).
 *
 * Alloy enthalpies (per mole of atoms): dH = x_A f dH(A in B), with the surface concentration
 * c_B^s = x_B V_B^(2/3) / (x_A V_A^(2/3) + x_B V_B^(2/3)) and f = c_B^s for liquids and disordered solids,
 * f = c_B^s (1 + 8 (c_A^s c_B^s)^2) for ordered compounds. Disordered solid solutions add the elastic size-mismatch
 * enthalpy (J. Friedel, Adv. Phys. 3 (1954) 446; as in A.K. Niessen, A.R. Miedema, Ber. Bunsenges. Phys. Chem.
 * 87 (1983) 717):  dH_el(A in B) = 2 K_A G_B (W_A - W_B)^2 / (3 K_A W_B + 4 G_B W_A), W molar volumes, K bulk and
 * G shear moduli, dH_el = x_A x_B (x_B dH_el(A in B) + x_A dH_el(B in A)). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_multifit.h>

#include "lmds/core.h"
#include "lmds/element.h"
#include "lmds/thermo.h"

static int is_transition(int z) {
    if (z == 20 || z == 38 || z == 56) return 0;            /* Ca, Sr, Ba */
    if ((z >= 21 && z <= 29) || (z >= 39 && z <= 47) || (z >= 57 && z <= 79) || z >= 89) return 1;
    return 0;
}

typedef struct mparams { double phi, n13, v23, Vm, K, G; } mparams;

static lmds_status get_params(int z, int elastic, mparams *p) {
    lmds_status st;
    if ((st = lmds_element_value(z, "miedema_phi_V", &p->phi)) || (st = lmds_element_value(z, "miedema_nws13", &p->n13)) ||
        (st = lmds_element_value(z, "miedema_V23_cm2", &p->v23)))
        return st;
    if (elastic && ((st = lmds_element_value(z, "molar_volume_cm3", &p->Vm)) ||
                    (st = lmds_element_value(z, "bulk_modulus_GPa", &p->K)) ||
                    (st = lmds_element_value(z, "shear_modulus_GPa", &p->G))))
        return st;
    return LMDS_OK;
}

/* r factors of the hybridisation term (see the header comment); 0 where the figure gives none. Read-only. */
static double r_factor(int z, int *known) {
    static const struct { int z; double r; } R[] = {
        {3, 0.0},   {4, 0.4},   {5, 1.9},   {6, 2.1},   {7, 2.3},   {11, 0.0},  {12, 0.4},  {13, 1.9},  {14, 2.1},
        {15, 2.3},  {19, 0.0},  {21, 0.7},  {22, 1.0},  {23, 1.0},  {24, 1.0},  {25, 1.0},  {26, 1.0},  {27, 1.0},
        {28, 1.0},  {29, 0.3},  {30, 1.4},  {31, 1.9},  {32, 2.1},  {33, 2.3},  {37, 0.0},  {39, 0.7},  {40, 1.0},
        {41, 1.0},  {42, 1.0},  {43, 1.0},  {44, 1.0},  {45, 1.0},  {46, 1.0},  {47, 0.15}, {48, 1.4},  {49, 1.9},
        {50, 2.1},  {51, 2.3},  {55, 0.0},  {57, 0.7},  {72, 1.0},  {73, 1.0},  {74, 1.0},  {75, 1.0},  {76, 1.0},
        {77, 1.0},  {78, 1.0},  {79, 0.3},  {80, 1.4},  {81, 1.9},  {82, 2.1},  {83, 2.3},  {90, 0.7},  {92, 1.0},
        {94, 1.0},
    };
    for (size_t i = 0; i < sizeof R / sizeof *R; i++)
        if (R[i].z == z) { *known = 1; return R[i].r; }
    *known = 0;
    return 0.0;
}

/* R/P of the pair: r_A r_B across the transition/non-transition divide, else 0; LMDS_EDOMAIN without a factor. */
static lmds_status RP_of(int zA, int zB, double *RP) {
    *RP = 0.0;
    if (is_transition(zA) == is_transition(zB)) return LMDS_OK;
    int ka, kb;
    double ra = r_factor(zA, &ka), rb = r_factor(zB, &kb);
    if (!ka || !kb)
        return lmds_error(LMDS_EDOMAIN, "Miedema: %s-%s is a transition/non-transition pair and %s has no hybridisation "
                          "factor in de Boer et al. 1988 (Fig. 2.28) as tabulated in lmds", lmds_element_symbol(zA),
                          lmds_element_symbol(zB), lmds_element_symbol(ka ? zB : zA));
    *RP = ra * rb;
    return LMDS_OK;
}

static double P_of(int zA, int zB) {
    int t = is_transition(zA) + is_transition(zB);
    return t == 2 ? 14.1 : t == 0 ? 10.7 : 12.35;
}

lmds_status lmds_miedema_dilute(int zA, int zB, double *dH_A_in_B, double *dH_B_in_A) {
    mparams a, b;
    lmds_status st;
    if ((st = get_params(zA, 0, &a)) || (st = get_params(zB, 0, &b))) return st;
    double P = P_of(zA, zB), QP = 9.4, RP;
    if ((st = RP_of(zA, zB, &RP))) return st;
    double dphi = a.phi - b.phi, dn = a.n13 - b.n13;
    double bracket = -dphi * dphi + QP * dn * dn - RP;
    double den = 1.0 / a.n13 + 1.0 / b.n13;
    /* kJ/mol -> J/mol */
    if (dH_A_in_B) *dH_A_in_B = 1e3 * 2.0 * P * a.v23 * bracket / den;
    if (dH_B_in_A) *dH_B_in_A = 1e3 * 2.0 * P * b.v23 * bracket / den;
    return LMDS_OK;
}

/* Friedel's elastic enthalpy of one mole of A in B, J/mol (volumes in m^3/mol, moduli in Pa). */
static double elastic(const mparams *A, const mparams *B) {
    double WA = A->Vm * 1e-6, WB = B->Vm * 1e-6, KA = A->K * 1e9, GB = B->G * 1e9;
    return 2.0 * KA * GB * (WA - WB) * (WA - WB) / (3.0 * KA * WB + 4.0 * GB * WA);
}

lmds_status lmds_miedema_hmix(int zA, int zB, double xB, lmds_miedema_state state, double *H) {
    if (!H) return lmds_error(LMDS_EINVAL, "lmds_miedema_hmix: NULL argument");
    if (!(xB >= 0 && xB <= 1)) return lmds_error(LMDS_EINVAL, "mole fraction %g outside [0, 1]", xB);
    mparams a, b;
    lmds_status st;
    int el = state == LMDS_MIEDEMA_SOLID;
    if ((st = get_params(zA, el, &a)) || (st = get_params(zB, el, &b))) return st;
    double hAB;
    if ((st = lmds_miedema_dilute(zA, zB, &hAB, NULL))) return st;
    double xA = 1 - xB;
    if (xA == 0 || xB == 0) { *H = 0; return LMDS_OK; }
    double sA = xA * a.v23, sB = xB * b.v23;
    double cA = sA / (sA + sB), cB = sB / (sA + sB);
    double f = cB;
    if (state == LMDS_MIEDEMA_COMPOUND) f = cB * (1 + 8 * (cA * cB) * (cA * cB));
    double h = xA * f * hAB;
    if (el) h += xA * xB * (xB * elastic(&a, &b) + xA * elastic(&b, &a));
    *H = h;
    return LMDS_OK;
}

/* Least-squares Redlich-Kister fit x(1-x) sum_k L_k (xA - xB)^k of the Miedema curve on 99 compositions. */
lmds_status lmds_miedema_rk(int zA, int zB, lmds_miedema_state state, int norder, double *L) {
    if (!L || norder < 1 || norder > 4) return lmds_error(LMDS_EINVAL, "lmds_miedema_rk: bad arguments");
    enum { N = 99 };
    gsl_matrix *X = gsl_matrix_alloc(N, (size_t)norder), *cov = gsl_matrix_alloc((size_t)norder, (size_t)norder);
    gsl_vector *y = gsl_vector_alloc(N), *c = gsl_vector_alloc((size_t)norder);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(N, (size_t)norder);
    lmds_status st = LMDS_OK;
    if (!X || !cov || !y || !c || !w) { st = lmds_error(LMDS_ENOMEM, "out of memory"); goto done; }
    for (int i = 0; i < N; i++) {
        double xB = (i + 1) / 100.0, xA = 1 - xB, H;
        if ((st = lmds_miedema_hmix(zA, zB, xB, state, &H))) goto done;
        double d = 1;
        for (int k = 0; k < norder; k++) {
            gsl_matrix_set(X, (size_t)i, (size_t)k, xA * xB * d);
            d *= xA - xB;
        }
        gsl_vector_set(y, (size_t)i, H);
    }
    double chisq;
    gsl_multifit_linear(X, y, c, cov, &chisq, w);
    for (int k = 0; k < norder; k++) L[k] = gsl_vector_get(c, (size_t)k);
done:
    gsl_matrix_free(X); gsl_matrix_free(cov); gsl_vector_free(y); gsl_vector_free(c);
    if (w) gsl_multifit_linear_free(w);
    return st;
}
