/* Materials under pressure: the structural phases of a material with their equation of state, Debye-Grueneisen
 * thermal model and superconducting inputs, one row per phase in data/pressure/tunnel_materials.csv (sources per
 * row; see data/pressure/README.md). Used by the pressure estimate of this module and by the tunnel model. */
#include "lmds/supercon.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supercon/sc_defaults.h"
#include "supercon/sc_table.h"

#define MATERIALS_FILE "pressure/tunnel_materials.csv"

enum { C_MAT, C_PHASE, C_PLO, C_PHI, C_EOS, C_V0, C_B0, C_B0P, C_TREF, C_THETA, C_GAMMA, C_Q, C_TC0, C_MU, C_PHIH,
       C_SRC, C_N };
static const char *const COLS[C_N] = {"material", "phase", "P_lo_GPa", "P_hi_GPa", "eos", "V0_A3", "B0_GPa",
                                      "B0p", "T_ref_K", "theta_D_K", "gamma0", "q", "Tc0_K", "mu_star", "phi",
                                      "source"};
static const char *const HEADER = "material,phase,P_lo_GPa,P_hi_GPa,eos,V0_A3,B0_GPa,B0p,T_ref_K,theta_D_K,gamma0,q,"
                                  "Tc0_K,mu_star,phi,source";

/* Opens the table; *c_status gets the optional eos_status column (-1 when absent). */
static lmds_status open_table(sc_table *t, const char *path, int *col, int *c_status)
{
    lmds_status st = sc_table_open(t, path, MATERIALS_FILE, COLS, C_N, col, HEADER);
    if (!st && c_status) *c_status = lmds_csv_column(&t->csv, "eos_status");
    return st;
}

static lmds_status eos_status_of(const sc_table *t, int c_status, lmds_sc_eos_status *out)
{
    static const char *const names[] = {"", "measured", "dft", "unreliable"};
    const char *v = sc_table_field(t, c_status);
    for (int i = 0; i < 4; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = (lmds_sc_eos_status)i;
            return LMDS_OK;
        }
    return lmds_error_at(LMDS_EPARSE, t->path, t->csv.line, t->csv.columns[c_status],
                         "eos_status: expected measured, dft or unreliable, got '%s'", v);
}

/* The numbers of one row (NAN for a required cell means "must be given"). */
static lmds_status row_numbers(const sc_table *t, const int *col, lmds_sc_phase *ph, double *tc0, double *mu,
                               double *phi)
{
    static const int which[] = {C_PLO, C_PHI, C_V0, C_B0, C_B0P, C_TREF, C_THETA, C_GAMMA, C_Q, C_TC0, C_MU, C_PHIH};
    const double empty[] = {0.0, INFINITY, NAN, NAN, NAN, SC_MATERIAL_DEFAULT_T_REF, NAN, NAN,
                            SC_MATERIAL_DEFAULT_Q, 0.0, SC_MATERIAL_DEFAULT_MU_STAR, SC_MATERIAL_DEFAULT_PHI};
    double *dst[] = {&ph->P_lo, &ph->P_hi, &ph->eos.V0, &ph->eos.B0, &ph->eos.B0p, &ph->th.T_ref, &ph->th.theta0,
                     &ph->th.gamma0, &ph->th.q, tc0, mu, phi};
    for (size_t k = 0; k < sizeof which / sizeof which[0]; k++) {
        lmds_status st = sc_table_num(t, col[which[k]], COLS[which[k]], empty[k], dst[k]);
        if (st) return st;
    }
    return LMDS_OK;
}

static lmds_status parse_row(const sc_table *t, const int *col, int c_status, lmds_sc_material *m)
{
    lmds_sc_phase ph;
    memset(&ph, 0, sizeof ph);
    snprintf(ph.name, sizeof ph.name, "%s", sc_table_field(t, col[C_PHASE]));
    snprintf(ph.source, sizeof ph.source, "%s", sc_table_field(t, col[C_SRC]));
    const char *k = sc_table_field(t, col[C_EOS]);
    int line = t->csv.line;
    if (strcmp(k, "vinet") == 0)
        ph.eos.kind = LMDS_EOS_VINET;
    else if (strcmp(k, "bm3") == 0)
        ph.eos.kind = LMDS_EOS_BM3;
    else
        return lmds_error_at(LMDS_EPARSE, t->path, line, t->csv.columns[col[C_EOS]],
                             "eos: expected 'vinet' or 'bm3', got '%s'", k);
    double tc0, mu, phi;
    lmds_status st = row_numbers(t, col, &ph, &tc0, &mu, &phi);
    if (!st && c_status >= 0) st = eos_status_of(t, c_status, &ph.eos_status);
    if (st) return st;
    if (!(ph.P_hi > ph.P_lo))
        return lmds_error_at(LMDS_EPARSE, t->path, line, 1, "P_hi_GPa must exceed P_lo_GPa");
    /* Validate through the EOS module so that its domain rules hold for every row. */
    double P0, b;
    if (lmds_eos_pressure(&ph.eos, ph.eos.V0, &P0) || lmds_eos_expansion(&ph.eos, &ph.th, 0.0, 1.0, &b))
        return lmds_error_at(LMDS_EPARSE, t->path, line, 1, "%s", lmds_errmsg());
    if (m->nphase >= LMDS_SC_MAX_PHASES)
        return lmds_error_at(LMDS_EPARSE, t->path, line, 1, "more than %d phases for %s", LMDS_SC_MAX_PHASES,
                             m->name);
    if (m->nphase > 0 && ph.P_lo < m->phase[m->nphase - 1].P_lo)
        return lmds_error_at(LMDS_EPARSE, t->path, line, 1, "phases of %s must be in order of pressure", m->name);
    m->phase[m->nphase++] = ph;
    if (m->nphase == 1) {
        m->tc0 = tc0;
        m->mu_star = mu;
        m->phi = phi;
        snprintf(m->source, sizeof m->source, "%s", ph.source);
    }
    return LMDS_OK;
}

lmds_status lmds_sc_material_load(const char *path, const char *name, lmds_sc_material *m)
{
    if (!name || !m)
        return lmds_error(LMDS_EINVAL, "lmds_sc_material_load: NULL argument");
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    sc_table t;
    int col[C_N], c_status;
    lmds_status st = open_table(&t, path, col, &c_status);
    if (st) return st;
    while (!st && sc_table_next(&t, &st) > 0)
        if (strcmp(sc_table_field(&t, col[C_MAT]), name) == 0)
            st = parse_row(&t, col, c_status, m);
    if (!st && m->nphase == 0)
        st = lmds_error(LMDS_ENOTFOUND, "no material '%s' in %s", name, t.path);
    sc_table_close(&t);
    return st;
}

void lmds_sc_names_free(char **names, size_t n)
{
    if (!names) return;
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* Append s to v[*k] unless already present; -1 when out of memory. */
static int add_unique(char ***v, size_t *k, const char *s)
{
    for (size_t i = 0; i < *k; i++)
        if (strcmp((*v)[i], s) == 0) return 0;
    char **nv = realloc(*v, (*k + 1) * sizeof *nv);
    if (!nv) return -1;
    *v = nv;
    size_t len = strlen(s) + 1;
    char *c = malloc(len);
    if (!c) return -1;
    memcpy(c, s, len);
    nv[(*k)++] = c;
    return 0;
}

lmds_status lmds_sc_material_names(const char *path, char ***names, size_t *n)
{
    if (names) *names = NULL;
    if (n) *n = 0;
    if (!names || !n) return lmds_error(LMDS_EINVAL, "lmds_sc_material_names: NULL output");
    sc_table t;
    int col[C_N];
    lmds_status st = open_table(&t, path, col, NULL);
    if (st) return st;
    char **v = NULL;
    size_t k = 0;
    while (!st && sc_table_next(&t, &st) > 0) {
        const char *nm = sc_table_field(&t, col[C_MAT]);
        if (*nm && add_unique(&v, &k, nm)) st = lmds_error(LMDS_ENOMEM, "out of memory listing materials");
    }
    sc_table_close(&t);
    if (st) {
        lmds_sc_names_free(v, k);
        return st;
    }
    *names = v;
    *n = k;
    return LMDS_OK;
}

int lmds_sc_material_phase_at(const lmds_sc_material *m, double P)
{
    if (!m) return -1;
    for (int i = 0; i < m->nphase; i++)
        if (P >= m->phase[i].P_lo && P < m->phase[i].P_hi) return i;
    /* Below the first phase's lower bound (tension) the first phase continues. */
    if (m->nphase > 0 && P < m->phase[0].P_lo) return 0;
    return -1;
}
