/* The electron-tunnel model (our formalisation of J.Z. Liu's hypothesis; see include/lmds/tunnel.h and
 * docs/tunnel.md): spacing from the equation of state, gap, resistivity, state, Tc(P), and the fit-free identity
 * dTc/dP = 1/(B beta). Materials come from data/pressure/tunnel_materials.csv. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numeric.h"
#include "tunnel/tunnel_internal.h"

/* ---- parameters ---- */

void lmds_tunnel_params_init(lmds_tunnel_params *p)
{
    memset(p, 0, sizeof *p);
    p->gap = LMDS_TUNNEL_GAP_LINEAR;
    p->lift = LMDS_TUNNEL_LIFT_LINEAR;
    p->E1 = TUNNEL_DEFAULT_E1;
    p->k = TUNNEL_DEFAULT_K;
    p->A = TUNNEL_DEFAULT_A;
    p->rho_res = TUNNEL_DEFAULT_RHO_RES;
    p->d_ins = TUNNEL_DEFAULT_D_INS;
    p->d_sc = 0.0; /* unset: fixed from an ambient Tc */
}

static int has_dins(const lmds_tunnel_params *p) { return p->d_ins > 0 && isfinite(p->d_ins); }

lmds_status lmds_tunnel_params_check(const lmds_tunnel_params *p)
{
    if (!p)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL parameters");
    if (p->gap != LMDS_TUNNEL_GAP_LINEAR && p->gap != LMDS_TUNNEL_GAP_EXP)
        return lmds_error(LMDS_EINVAL, "tunnel: unknown gap form %d", (int)p->gap);
    if (p->lift != LMDS_TUNNEL_LIFT_LINEAR && p->lift != LMDS_TUNNEL_LIFT_ACTIVATED)
        return lmds_error(LMDS_EINVAL, "tunnel: unknown lift form %d", (int)p->lift);
    if (!isfinite(p->d_sc) || p->d_sc <= 0)
        return lmds_error(LMDS_EINVAL, "tunnel: d_sc must be positive (got %g A); fix it from an ambient Tc",
                          p->d_sc);
    if (!isfinite(p->E1) || p->E1 <= 0 || p->E1 > LMDS_TUNNEL_E1_MAX)
        return lmds_error(LMDS_EINVAL, "tunnel: E1 must lie in (0, %g] meV (got %g meV)", LMDS_TUNNEL_E1_MAX, p->E1);
    if (p->gap == LMDS_TUNNEL_GAP_EXP && (!isfinite(p->k) || p->k <= 0 || p->k > LMDS_TUNNEL_K_MAX))
        return lmds_error(LMDS_EINVAL, "tunnel: k must lie in (0, %g] (got %g)", LMDS_TUNNEL_K_MAX, p->k);
    if (!isfinite(p->A) || p->A < 0)
        return lmds_error(LMDS_EINVAL, "tunnel: A must be finite and >= 0 (got %g)", p->A);
    if (!isfinite(p->rho_res) || p->rho_res < 0)
        return lmds_error(LMDS_EINVAL, "tunnel: rho_res must be finite and >= 0 (got %g)", p->rho_res);
    if (isnan(p->d_ins) || p->d_ins < 0)
        return lmds_error(LMDS_EINVAL, "tunnel: d_ins must be >= 0 A (0: no insulating region; got %g)", p->d_ins);
    if (has_dins(p) && p->d_ins <= p->d_sc)
        return lmds_error(LMDS_EINVAL, "tunnel: d_ins (%g A) must exceed d_sc (%g A)", p->d_ins, p->d_sc);
    return LMDS_OK;
}

/* ---- materials ---- */

int lmds_tunnel_phase_at(const lmds_tunnel_material *m, double P) { return lmds_sc_material_phase_at(m, P); }

double lmds_tunnel_d0(const lmds_tunnel_material *m) { return cbrt(m->phase[0].eos.V0); }

static lmds_status check_material(const lmds_tunnel_material *m)
{
    if (!m)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL material");
    if (m->nphase < 1 || m->nphase > LMDS_TUNNEL_MAX_PHASES)
        return lmds_error(LMDS_EINVAL, "tunnel: material %s has no structural phase", m->name);
    return LMDS_OK;
}

static const lmds_tunnel_phase *phase_or_error(const lmds_tunnel_material *m, double P, lmds_status *st)
{
    int i = lmds_tunnel_phase_at(m, P);
    if (i < 0) {
        *st = lmds_error(LMDS_EDOMAIN, "tunnel: %s: no structural phase with an equation of state at %g GPa "
                                       "(known up to %g GPa)", m->name, P, m->phase[m->nphase - 1].P_hi);
        return NULL;
    }
    *st = LMDS_OK;
    return &m->phase[i];
}

lmds_status lmds_tunnel_spacing(const lmds_tunnel_material *m, double P, double T, double *d)
{
    lmds_status st = check_material(m);
    if (st)
        return st;
    if (!d)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL output");
    const lmds_tunnel_phase *ph = phase_or_error(m, P, &st);
    if (!ph)
        return st;
    double V;
    if ((st = lmds_eos_volume_pt(&ph->eos, &ph->th, P, T, &V)))
        return st;
    /* d = d0 (V/V0)^(1/3) with d0 = V0^(1/3): the cube root of the atomic volume, in A. */
    *d = cbrt(V);
    return LMDS_OK;
}

double lmds_tunnel_gap_at(const lmds_tunnel_params *p, double d, double d0)
{
    double x = (d - p->d_sc) / d0;
    if (p->gap == LMDS_TUNNEL_GAP_EXP)
        return p->E1 * expm1(p->k * x);
    return p->E1 * x;
}

const char *lmds_tunnel_state_name(lmds_tunnel_state s)
{
    switch (s) {
    case LMDS_TUNNEL_SUPERCONDUCTING: return "superconducting";
    case LMDS_TUNNEL_CONDUCTING: return "conducting";
    case LMDS_TUNNEL_INSULATING: return "insulating";
    }
    return "unknown";
}

static lmds_tunnel_state classify(const lmds_tunnel_params *p, double d, double gap)
{
    if (has_dins(p) && d > p->d_ins)
        return LMDS_TUNNEL_INSULATING;
    if (gap <= 0)
        return LMDS_TUNNEL_SUPERCONDUCTING;
    return LMDS_TUNNEL_CONDUCTING;
}

lmds_status lmds_tunnel_state_at(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                                 lmds_tunnel_state *s)
{
    lmds_status st = lmds_tunnel_params_check(p);
    if (st)
        return st;
    double d;
    if ((st = lmds_tunnel_spacing(m, P, T, &d)))
        return st;
    if (!s)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL output");
    *s = classify(p, d, lmds_tunnel_gap_at(p, d, lmds_tunnel_d0(m)));
    return LMDS_OK;
}

lmds_status lmds_tunnel_rho(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                            double *rho)
{
    lmds_status st = lmds_tunnel_params_check(p);
    if (st)
        return st;
    if (!rho)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL output");
    double d;
    if ((st = lmds_tunnel_spacing(m, P, T, &d)))
        return st;
    double gap = lmds_tunnel_gap_at(p, d, lmds_tunnel_d0(m));
    switch (classify(p, d, gap)) {
    case LMDS_TUNNEL_INSULATING: *rho = INFINITY; return LMDS_OK;
    case LMDS_TUNNEL_SUPERCONDUCTING: *rho = 0.0; return LMDS_OK;
    case LMDS_TUNNEL_CONDUCTING: break;
    }
    double r;
    if (p->lift == LMDS_TUNNEL_LIFT_ACTIVATED) {
        /* Activated lift: electrons lifted over the gap with a Boltzmann factor, rho = rho_res + A exp(Delta/kT). */
        if (!(T > 0))
            return lmds_error(LMDS_EDOMAIN, "tunnel: the activated lift needs T > 0 in the conducting state");
        r = p->rho_res + p->A * exp(gap / (LMDS_KB_MEV * T));
    } else {
        r = p->rho_res + p->A * gap;
    }
    if (!isfinite(r))
        return lmds_error(LMDS_EDOMAIN, "tunnel: rho at (%g GPa, %g K) exceeds the range of a double (gap %g meV); "
                          "the parameters are outside any measured resistivity", P, T, gap);
    *rho = r;
    return LMDS_OK;
}

lmds_status lmds_tunnel_dsc_from_tc(const lmds_tunnel_material *m, double tc0, double *d_sc)
{
    if (!isfinite(tc0) || tc0 <= 0)
        return lmds_error(LMDS_EINVAL, "tunnel: d_sc needs a positive ambient Tc (got %g K)", tc0);
    return lmds_tunnel_spacing(m, 0.0, tc0, d_sc);
}

typedef struct {
    const lmds_tunnel_material *m;
    double P, d_sc;
    lmds_status st;
} tc_ctx;

static double tc_fn(double T, void *vp)
{
    tc_ctx *c = vp;
    double d = 0;
    lmds_status st = lmds_tunnel_spacing(c->m, c->P, T, &d);
    if (st)
        c->st = st;
    return d - c->d_sc;
}

lmds_status lmds_tunnel_tc_find(const lmds_tunnel_material *m, double d_sc, double P, double T_max,
                                lmds_tunnel_tc_result *r)
{
    lmds_status st = check_material(m);
    if (st)
        return st;
    if (!r || !isfinite(d_sc) || d_sc <= 0)
        return lmds_error(LMDS_EINVAL, "tunnel: Tc(P) needs a positive d_sc (got %g A)", d_sc);
    if (!isfinite(P))
        return lmds_error(LMDS_EINVAL, "tunnel: pressure is not finite");
    if (isnan(T_max) || T_max > TUNNEL_T_MAX_LIMIT)
        return lmds_error(LMDS_EINVAL, "tunnel: T_max = %g K outside (0, %g] (<= 0: the default %g K)", T_max,
                          TUNNEL_T_MAX_LIMIT, TUNNEL_T_MAX_DEFAULT);
    if (!(T_max > 0))
        T_max = TUNNEL_T_MAX_DEFAULT;
    memset(r, 0, sizeof *r);
    double d0, dmax;
    if ((st = lmds_tunnel_spacing(m, P, 0.0, &d0)))
        return st;
    if (d0 > d_sc) {
        r->kind = LMDS_TUNNEL_TC_NONE; /* the gap is open even at T = 0 */
        return LMDS_OK;
    }
    /* Hot lattices can pass their spinodal; step T_max down until the EOS has a volume there. */
    for (int i = 0; (st = lmds_tunnel_spacing(m, P, T_max, &dmax)) == LMDS_EDOMAIN && i < 30; i++)
        T_max *= 0.8;
    if (st)
        return st;
    lmds_error_clear();
    r->T_max = T_max;
    if (dmax <= d_sc) {
        r->kind = LMDS_TUNNEL_TC_ABOVE; /* superconducting over the whole range */
        r->tc = T_max;
        return LMDS_OK;
    }
    tc_ctx c = {m, P, d_sc, LMDS_OK};
    st = lmds_root_brent(tc_fn, &c, 0.0, T_max, 1e-12, 1e-12, 200, "tunnel Tc(P)", &r->tc);
    r->kind = LMDS_TUNNEL_TC_FOUND;
    return c.st ? c.st : st;
}

lmds_status lmds_tunnel_tc(const lmds_tunnel_material *m, double d_sc, double P, double T_max, double *tc)
{
    if (!tc)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL output");
    lmds_tunnel_tc_result r;
    lmds_status st = lmds_tunnel_tc_find(m, d_sc, P, T_max, &r);
    if (st)
        return st;
    *tc = r.kind == LMDS_TUNNEL_TC_ABOVE ? INFINITY : r.tc;
    return LMDS_OK;
}

lmds_status lmds_tunnel_identity_slope(const lmds_tunnel_material *m, double P, double T, double *dtc_dp,
                                       double *B, double *beta)
{
    lmds_status st = check_material(m);
    if (st)
        return st;
    const lmds_tunnel_phase *ph = phase_or_error(m, P, &st);
    if (!ph)
        return st;
    double b, be;
    if ((st = lmds_eos_bulk_modulus_pt(&ph->eos, &ph->th, P, T, &b)))
        return st;
    if ((st = lmds_eos_expansion(&ph->eos, &ph->th, P, T, &be)))
        return st;
    if (B)
        *B = b;
    if (beta)
        *beta = be;
    /* From d(P, Tc) = d_sc: V(P, Tc) is constant along Tc(P), so
     * dTc/dP = -(dV/dP)_T / (dV/dT)_P = (V/B_T)/(V beta) = 1/(B_T beta). */
    if (!(be > 0) || !(b > 0))
        return lmds_error(LMDS_EDOMAIN, "tunnel: %s at (%g GPa, %g K): thermal expansion %g/K vanishes (T far "
                          "below the Debye temperature): dTc/dP = 1/(B beta) is not finite", m->name, P, T, be);
    if (dtc_dp)
        *dtc_dp = 1.0 / (b * be);
    return LMDS_OK;
}

/* ---- material file: the superconductivity module's table ---- */

lmds_status lmds_tunnel_material_load(const char *path, const char *name, lmds_tunnel_material *m)
{
    return lmds_sc_material_load(path, name, m);
}

lmds_status lmds_tunnel_material_names(const char *path, char ***names, size_t *n)
{
    return lmds_sc_material_names(path, names, n);
}

void lmds_tunnel_names_free(char **names, size_t n) { lmds_sc_names_free(names, n); }

lmds_status lmds_tunnel_dlnrho_dp(const lmds_tunnel_material *m, const lmds_tunnel_params *p, double P, double T,
                                  double *dlnrho)
{
    lmds_status st = lmds_tunnel_params_check(p);
    if (st)
        return st;
    /* Central difference with a step of 1e-3 B0 (a relative volume change of ~1e-3/3 in d). */
    double h = 1e-3 * m->phase[0].eos.B0, rp, rm;
    if ((st = lmds_tunnel_rho(m, p, P + h, T, &rp)) || (st = lmds_tunnel_rho(m, p, P - h, T, &rm)))
        return st;
    if (!(rp > 0 && rm > 0 && isfinite(rp) && isfinite(rm)))
        return lmds_error(LMDS_EDOMAIN, "tunnel: rho is zero or infinite near (%g GPa, %g K): no dln(rho)/dP",
                          P, T);
    *dlnrho = (log(rp) - log(rm)) / (2 * h);
    return LMDS_OK;
}
