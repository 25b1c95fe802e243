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

#include "core/csv.h"
#include "core/numeric.h"
#include "lmds/io.h"
#include "tunnel/tunnel_internal.h"

/* ---- small helpers shared by the module ---- */

lmds_status tunnel_read_file(const char *path, char **text)
{
    return lmds_file_read(path, TUNNEL_MAX_FILE_BYTES, text, NULL);
}

lmds_status tunnel_data_file(const char *path, const char *name, char *buf, size_t n)
{
    if (path) {
        if (strlen(path) + 1 > n)
            return lmds_error(LMDS_EINVAL, "path too long: %s", path);
        strcpy(buf, path);
        return LMDS_OK;
    }
    char rel[128];
    snprintf(rel, sizeof rel, "pressure/%s", name);
    return lmds_data_path(rel, buf, n);
}

int tunnel_parse_num(const char *s, double empty, double *out)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    if (!*s) {
        *out = empty;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end && isspace((unsigned char)*end))
        end++;
    if (*end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

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

int lmds_tunnel_phase_at(const lmds_tunnel_material *m, double P)
{
    for (int i = 0; i < m->nphase; i++)
        if (P >= m->phase[i].P_lo && P < m->phase[i].P_hi)
            return i;
    /* Below the first phase's lower bound (tension) the first phase continues. */
    if (m->nphase > 0 && P < m->phase[0].P_lo)
        return 0;
    return -1;
}

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

/* ---- material file ---- */

enum { C_MAT, C_PHASE, C_PLO, C_PHI, C_EOS, C_V0, C_B0, C_B0P, C_TREF, C_THETA, C_GAMMA, C_Q, C_TC0, C_MU, C_PHIH,
       C_SRC, C_N };
static const char *const COLS[C_N] = {"material", "phase", "P_lo_GPa", "P_hi_GPa", "eos", "V0_A3", "B0_GPa",
                                      "B0p", "T_ref_K", "theta_D_K", "gamma0", "q", "Tc0_K", "mu_star", "phi",
                                      "source"};

typedef struct {
    char path[1024];
    char *text;
    lmds_csv csv;
    int col[C_N];
} mat_reader;

static lmds_status reader_open(mat_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    lmds_status st = tunnel_data_file(path, "tunnel_materials.csv", r->path, sizeof r->path);
    if (st)
        return st;
    if ((st = tunnel_read_file(r->path, &r->text)))
        return st;
    lmds_csv_init(&r->csv, r->text);
    int rc = lmds_csv_next(&r->csv);
    if (rc < 0)
        return lmds_csv_error(&r->csv, r->path);
    if (rc == 0)
        return lmds_error_at(LMDS_EPARSE, r->path, 1, 1, "empty file: expected a header line");
    return lmds_csv_require(&r->csv, r->path, COLS, C_N, r->col,
                            "material,phase,P_lo_GPa,P_hi_GPa,eos,V0_A3,B0_GPa,B0p,T_ref_K,theta_D_K,gamma0,q,Tc0_K,"
                            "mu_star,phi,source");
}

static void reader_close(mat_reader *r)
{
    lmds_csv_clear(&r->csv);
    free(r->text);
    r->text = NULL;
}

static const char *field(mat_reader *r, int c)
{
    int i = r->col[c];
    return i < r->csv.nfields ? r->csv.fields[i] : "";
}

static lmds_status num(mat_reader *r, int c, double empty, double *out)
{
    const char *s = field(r, c);
    if (tunnel_parse_num(s, empty, out) || isnan(*out))
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, r->col[c] < r->csv.nfields ?
                             r->csv.columns[r->col[c]] : 1, "%s: expected a number, got '%s'", COLS[c], s);
    return LMDS_OK;
}

static lmds_status parse_row(mat_reader *r, lmds_tunnel_material *m)
{
    lmds_tunnel_phase ph;
    memset(&ph, 0, sizeof ph);
    snprintf(ph.name, sizeof ph.name, "%s", field(r, C_PHASE));
    const char *k = field(r, C_EOS);
    if (strcmp(k, "vinet") == 0)
        ph.eos.kind = LMDS_EOS_VINET;
    else if (strcmp(k, "bm3") == 0)
        ph.eos.kind = LMDS_EOS_BM3;
    else
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, r->csv.columns[r->col[C_EOS]],
                             "eos: expected 'vinet' or 'bm3', got '%s'", k);
    lmds_status st;
    double tc0, mu, phi;
    if ((st = num(r, C_PLO, 0.0, &ph.P_lo)) || (st = num(r, C_PHI, INFINITY, &ph.P_hi)) ||
        (st = num(r, C_V0, NAN, &ph.eos.V0)) || (st = num(r, C_B0, NAN, &ph.eos.B0)) ||
        (st = num(r, C_B0P, NAN, &ph.eos.B0p)) || (st = num(r, C_TREF, TUNNEL_DEFAULT_T_REF, &ph.th.T_ref)) ||
        (st = num(r, C_THETA, NAN, &ph.th.theta0)) || (st = num(r, C_GAMMA, NAN, &ph.th.gamma0)) ||
        (st = num(r, C_Q, TUNNEL_DEFAULT_Q, &ph.th.q)) || (st = num(r, C_TC0, 0.0, &tc0)) || (st = num(r, C_MU, TUNNEL_DEFAULT_MU_STAR, &mu)) ||
        (st = num(r, C_PHIH, TUNNEL_DEFAULT_PHI, &phi)))
        return st;
    if (!(ph.P_hi > ph.P_lo))
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, 1, "P_hi_GPa must exceed P_lo_GPa");
    /* Validate through the EOS module so that its domain rules hold for every row. */
    double P0, b;
    if (lmds_eos_pressure(&ph.eos, ph.eos.V0, &P0) || lmds_eos_expansion(&ph.eos, &ph.th, 0.0, 1.0, &b))
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, 1, "%s", lmds_errmsg());
    if (m->nphase >= LMDS_TUNNEL_MAX_PHASES)
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, 1, "more than %d phases for %s",
                             LMDS_TUNNEL_MAX_PHASES, m->name);
    if (m->nphase > 0 && ph.P_lo < m->phase[m->nphase - 1].P_lo)
        return lmds_error_at(LMDS_EPARSE, r->path, r->csv.line, 1, "phases of %s must be in order of pressure",
                             m->name);
    m->phase[m->nphase++] = ph;
    if (m->nphase == 1) {
        m->tc0 = tc0;
        m->mu_star = mu;
        m->phi = phi;
        snprintf(m->source, sizeof m->source, "%s", field(r, C_SRC));
    }
    return LMDS_OK;
}

lmds_status lmds_tunnel_material_load(const char *path, const char *name, lmds_tunnel_material *m)
{
    if (!name || !m)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL material name");
    mat_reader r;
    lmds_status st = reader_open(&r, path);
    if (st) {
        reader_close(&r);
        return st;
    }
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    int rc;
    while ((rc = lmds_csv_next(&r.csv)) > 0) {
        if (r.csv.nfields == 1 && !r.csv.fields[0][0])
            continue; /* blank line */
        if (strcmp(field(&r, C_MAT), name) != 0)
            continue;
        if ((st = parse_row(&r, m))) {
            reader_close(&r);
            return st;
        }
    }
    if (rc < 0)
        st = lmds_csv_error(&r.csv, r.path);
    else if (m->nphase == 0)
        st = lmds_error(LMDS_ENOTFOUND, "tunnel: no material '%s' in %s", name, r.path);
    reader_close(&r);
    return st;
}

void lmds_tunnel_names_free(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

lmds_status lmds_tunnel_material_names(const char *path, char ***names, size_t *n)
{
    if (!names || !n)
        return lmds_error(LMDS_EINVAL, "tunnel: NULL output");
    mat_reader r;
    lmds_status st = reader_open(&r, path);
    if (st) {
        reader_close(&r);
        return st;
    }
    char **v = NULL;
    size_t k = 0;
    int rc;
    while ((rc = lmds_csv_next(&r.csv)) > 0) {
        const char *nm = field(&r, C_MAT);
        if (!*nm)
            continue;
        int dup = 0;
        for (size_t i = 0; i < k && !dup; i++)
            dup = strcmp(v[i], nm) == 0;
        if (dup)
            continue;
        char **nv = realloc(v, (k + 1) * sizeof *v);
        char *s = nv ? strdup(nm) : NULL;
        if (!s) {
            lmds_tunnel_names_free(nv ? nv : v, k);
            reader_close(&r);
            return lmds_error(LMDS_ENOMEM, "tunnel: out of memory");
        }
        v = nv;
        v[k++] = s;
    }
    if (rc < 0) {
        lmds_tunnel_names_free(v, k);
        lmds_status es = lmds_csv_error(&r.csv, r.path);
        reader_close(&r);
        return es;
    }
    reader_close(&r);
    *names = v;
    *n = k;
    return LMDS_OK;
}

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
