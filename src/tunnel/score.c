/* The score: both models against every pressure measurement in data/pressure/measurements.csv.
 *
 * Scored quantities (never the ambient rho(T) tables, which are what the tunnel model is fitted to):
 *  - dTc/dP: an explicit slope row, or else the secant between a material's two lowest-pressure Tc points,
 *    evaluated at the lower point (P1, Tc1). Tunnel: the fit-free identity 1/(B_T beta) at (P1, Tc1).
 *    Electron-phonon: lambda fixed by Tc1 at P1 through McMillan, then dTc/dP by a central difference.
 *  - dln(rho)/dP: dlnR_dP rows as given; rho_rel rows as ln(ratio)/(P - P_ref) at the midpoint, with P_ref from
 *    data/pressure/rho_rel_reference.csv. Tunnel: linear gap and lift with rho_res -> 0 (the room-temperature
 *    limit, where dln(rho)/dP = (dx/dP)/x does not depend on A or E1), d_sc from the ambient Tc. Electron-phonon:
 *    Bloch-Grueneisen with the Grueneisen-Hopfield scaling.
 * Signs: the tunnel model never lets Tc fall or rho rise with pressure (B > 0, beta > 0 for any solid), so its
 * sign is scored on every row, with or without an EOS; the electron-phonon sign needs the EOS and is scored only
 * where one is available. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "supercon/sc_table.h"
#include "tunnel/tunnel_internal.h"

typedef struct {
    char material[32], quantity[40], source[256];
    double P, T, value;
    int line;
} meas;

typedef struct {
    meas *v;
    size_t n;
} meas_list;

static lmds_status read_measurements(const char *path, meas_list *out)
{
    static const char *const names[6] = {"material", "quantity", "pressure_GPa", "temperature_K", "value", "source"};
    int col[6];
    sc_table t;
    lmds_status st = sc_table_open(&t, path, "pressure/measurements.csv", names, 6, col,
                                   "material,quantity,pressure_GPa,temperature_K,value,source");
    if (st)
        return st;
    meas_list L = {NULL, 0};
    while (!st && sc_table_next(&t, &st) > 0) {
        meas m;
        memset(&m, 0, sizeof m);
        snprintf(m.material, sizeof m.material, "%s", sc_table_field(&t, col[0]));
        snprintf(m.quantity, sizeof m.quantity, "%s", sc_table_field(&t, col[1]));
        snprintf(m.source, sizeof m.source, "%s", sc_table_field(&t, col[5]));
        m.line = t.csv.line;
        if ((st = sc_table_opt(&t, col[2], names[2], &m.P)) || (st = sc_table_opt(&t, col[3], names[3], &m.T)) ||
            (st = sc_table_opt(&t, col[4], names[4], &m.value)))
            break;
        meas *nv = realloc(L.v, (L.n + 1) * sizeof *nv);
        if (!nv) {
            st = lmds_error(LMDS_ENOMEM, "tunnel score: out of memory");
            break;
        }
        L.v = nv;
        L.v[L.n++] = m;
    }
    sc_table_close(&t);
    if (st) {
        free(L.v);
        return st;
    }
    *out = L;
    return LMDS_OK;
}

/* The rho_rel reference pressures (and temperatures) by material. */
static lmds_status rho_rel_ref(const char *material, double *P_ref, double *T)
{
    static const char *const names[3] = {"material", "P_ref_GPa", "T_K"};
    int col[3];
    sc_table t;
    lmds_status st = sc_table_open(&t, NULL, "pressure/rho_rel_reference.csv", names, 3, col,
                                   "material,P_ref_GPa,T_K,note");
    if (st)
        return st;
    int found = 0;
    while (!st && !found && sc_table_next(&t, &st) > 0) {
        if (strcmp(sc_table_field(&t, col[0]), material) != 0)
            continue;
        found = 1;
        if (!(st = sc_table_num(&t, col[1], names[1], NAN, P_ref)))
            st = sc_table_opt(&t, col[2], names[2], T);
    }
    if (!st && !found)
        st = lmds_error(LMDS_ENOTFOUND, "no reference pressure for %s in %s", material, t.path);
    sc_table_close(&t);
    return st;
}

/* "Cs(liquid)" -> "Cs": the material whose EOS is used. */
static void base_name(const char *s, char *out, size_t n)
{
    snprintf(out, n, "%s", s);
    char *p = strchr(out, '(');
    if (p)
        *p = '\0';
}

static int sgn(double x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

static void note_add(lmds_tunnel_score_row *r, const char *fmt, const char *arg)
{
    size_t len = strlen(r->note);
    char tmp[160];
    snprintf(tmp, sizeof tmp, fmt, arg);
    snprintf(r->note + len, sizeof r->note - len, "%s%s", len ? "; " : "", tmp);
}

static void eval_tc_row(lmds_tunnel_score_row *r, const lmds_tunnel_material *m, int have_m)
{
    r->tunnel_sign_ok = r->measured != 0 ? sgn(r->measured) > 0 : -1;
    if (!have_m) {
        note_add(r, "%s", "no EOS for this material: tunnel sign only (universal dTc/dP > 0)");
        return;
    }
    lmds_status st = lmds_tunnel_identity_slope(m, r->P, r->T, &r->tunnel, &r->B, &r->beta);
    if (st) {
        note_add(r, "[tunnel] %s", lmds_errmsg());
        r->tunnel = NAN;
    }
    double lambda0, tp, tm, h = 1e-3 * m->phase[0].eos.B0;
    if (r->T > 0 && !(st = lmds_tunnel_eph_lambda0(m, r->P, r->T, &lambda0)) &&
        !(st = lmds_tunnel_eph_tc(m, lambda0, r->P + h, &tp)) &&
        !(st = lmds_tunnel_eph_tc(m, lambda0, r->P - h, &tm))) {
        r->eph = (tp - tm) / (2 * h);
        r->eph_sign_ok = r->measured != 0 ? sgn(r->eph) == sgn(r->measured) : -1;
    } else if (st) {
        note_add(r, "[e-ph] %s", lmds_errmsg());
    }
    if (r->P > 0)
        note_add(r, "%s", "EOS of the ambient phase extrapolated to P");
}

static void eval_rho_row(lmds_tunnel_score_row *r, const lmds_tunnel_material *m, int have_m)
{
    /* The tunnel model's rho never rises with P (conducting: falls; superconducting: 0). */
    r->tunnel_sign_ok = r->measured != 0 ? sgn(r->measured) < 0 : -1;
    if (!have_m) {
        note_add(r, "%s", "no EOS for this material: tunnel sign only (universal dln(rho)/dP < 0)");
        return;
    }
    lmds_status st;
    if (!isfinite(r->T)) {
        note_add(r, "%s", "temperature not given: models evaluated at 300 K");
        r->T = 300.0;
    }
    double T = r->T;
    if (m->tc0 > 0) {
        lmds_tunnel_params p;
        lmds_tunnel_params_init(&p);
        if ((st = lmds_tunnel_dsc_from_tc(m, m->tc0, &p.d_sc)) || (st = lmds_tunnel_dlnrho_dp(m, &p, r->P, T,
                                                                                                  &r->tunnel))) {
            note_add(r, "[tunnel] %s", lmds_errmsg());
            r->tunnel = NAN;
        }
    } else {
        note_add(r, "%s", "tunnel size needs d_sc, which needs an ambient Tc: sign only");
    }
    if ((st = lmds_tunnel_eph_dlnrho_dp(m, r->P, T, &r->eph)))
        note_add(r, "[e-ph] %s", lmds_errmsg());
    else
        r->eph_sign_ok = r->measured != 0 ? sgn(r->eph) == sgn(r->measured) : -1;
    lmds_tunnel_identity_slope(m, r->P, T, NULL, &r->B, &r->beta);
}

static double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    gsl_sort(v, 1, n);
    return gsl_stats_median_from_sorted_data(v, 1, n);
}

/* quantity < 0: all quantities; common: only rows where both models have a sign. */
static void summarise(const lmds_tunnel_score *s, int quantity, int common, lmds_tunnel_score_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    double *a = malloc(4 * (s->n + 1) * sizeof *a);
    if (!a) {
        sum->tunnel_median_log10_ratio = sum->eph_median_log10_ratio = NAN;
        sum->tunnel_median_abs_err = sum->eph_median_abs_err = NAN;
        return;
    }
    double *lt = a, *le = a + s->n + 1, *et = a + 2 * (s->n + 1), *ee = a + 3 * (s->n + 1);
    size_t nlt = 0, nle = 0, net = 0, nee = 0;
    for (size_t i = 0; i < s->n; i++) {
        const lmds_tunnel_score_row *r = &s->rows[i];
        if (quantity >= 0 && (int)r->quantity != quantity)
            continue;
        if (common && (r->tunnel_sign_ok < 0 || r->eph_sign_ok < 0))
            continue;
        sum->n_rows++;
        if (r->tunnel_sign_ok >= 0) {
            sum->tunnel_signs_scored++;
            sum->tunnel_signs_right += r->tunnel_sign_ok;
        }
        if (r->eph_sign_ok >= 0) {
            sum->eph_signs_scored++;
            sum->eph_signs_right += r->eph_sign_ok;
        }
        if (r->measured != 0 && isfinite(r->tunnel) && r->tunnel != 0)
            lt[nlt++] = fabs(log10(fabs(r->tunnel) / fabs(r->measured)));
        if (r->measured != 0 && isfinite(r->eph) && r->eph != 0)
            le[nle++] = fabs(log10(fabs(r->eph) / fabs(r->measured)));
        if (r->quantity == LMDS_TUNNEL_Q_DTC_DP && isfinite(r->tunnel))
            et[net++] = fabs(r->tunnel - r->measured);
        if (r->quantity == LMDS_TUNNEL_Q_DTC_DP && isfinite(r->eph))
            ee[nee++] = fabs(r->eph - r->measured);
    }
    sum->tunnel_median_log10_ratio = median(lt, nlt);
    sum->eph_median_log10_ratio = median(le, nle);
    sum->tunnel_median_abs_err = median(et, net);
    sum->eph_median_abs_err = median(ee, nee);
    free(a);
}

static lmds_status add_row(lmds_tunnel_score *s, const lmds_tunnel_score_row *r)
{
    lmds_tunnel_score_row *nv = realloc(s->rows, (s->n + 1) * sizeof *nv);
    if (!nv)
        return lmds_error(LMDS_ENOMEM, "tunnel score: out of memory");
    s->rows = nv;
    s->rows[s->n++] = *r;
    return LMDS_OK;
}

static void init_row(lmds_tunnel_score_row *r, const meas *m, lmds_tunnel_quantity q)
{
    memset(r, 0, sizeof *r);
    snprintf(r->material, sizeof r->material, "%s", m->material);
    snprintf(r->source, sizeof r->source, "%s", m->source);
    r->quantity = q;
    r->tunnel = r->eph = r->B = r->beta = NAN;
    r->tunnel_sign_ok = r->eph_sign_ok = -1;
}

/* The material a score pass works on: its rows of the measurement list and its EOS (when the table has one). */
typedef struct score_mat {
    const meas_list *L;
    size_t first;           /* index of its first row */
    const char *name;
    lmds_tunnel_material m;
    int have_m;
} score_mat;

/* An explicit dTc/dP row, evaluated at the Tc measured at the same pressure. */
static void slope_row(const score_mat *sm, const meas *e, lmds_tunnel_score_row *r)
{
    init_row(r, e, LMDS_TUNNEL_Q_DTC_DP);
    r->P = e->P;
    r->measured = e->value;
    r->T = NAN;
    for (size_t k = sm->first; k < sm->L->n; k++) {
        const meas *t = &sm->L->v[k];
        if (strcmp(t->material, sm->name) == 0 && strcmp(t->quantity, "Tc_K") == 0 && t->P == e->P)
            r->T = t->value;
    }
    if (!isfinite(r->T)) {
        note_add(r, "%s", "no Tc at this pressure: not evaluated");
        r->tunnel_sign_ok = sgn(r->measured) > 0;
    } else {
        eval_tc_row(r, &sm->m, sm->have_m);
    }
}

static void dlnr_row(const score_mat *sm, const meas *e, lmds_tunnel_score_row *r)
{
    init_row(r, e, LMDS_TUNNEL_Q_DLNRHO_DP);
    r->P = e->P;
    r->T = e->T;
    r->measured = e->value;
    if (!isfinite(e->T)) {
        note_add(r, "%s", "temperature not given (Curie point): sign only");
        r->tunnel_sign_ok = r->measured != 0 ? sgn(r->measured) < 0 : -1;
    } else {
        eval_rho_row(r, &sm->m, sm->have_m);
    }
}

/* A resistance ratio against the reference pressure of data/pressure/rho_rel_reference.csv. */
static void rho_rel_row(const score_mat *sm, const meas *e, lmds_tunnel_score_row *r)
{
    init_row(r, e, LMDS_TUNNEL_Q_DLNRHO_DP);
    double Pref, Tref;
    if (rho_rel_ref(sm->name, &Pref, &Tref) || !(e->value > 0) || e->P == Pref) {
        lmds_error_clear();
        note_add(r, "%s", "no reference pressure for the ratio: skipped");
        r->measured = NAN;
        r->P = e->P;
        return;
    }
    r->measured = log(e->value) / (e->P - Pref);
    r->P = 0.5 * (e->P + Pref);
    r->T = isfinite(e->T) ? e->T : Tref;
    if (strstr(sm->name, "liquid"))
        note_add(r, "%s", "liquid: the solid's EOS is used");
    eval_rho_row(r, &sm->m, sm->have_m);
}

/* Without an explicit slope: the secant of the two lowest-pressure Tc points, at the lower one. 0 when none. */
static int secant_row(const score_mat *sm, lmds_tunnel_score_row *r)
{
    const meas *p1 = NULL, *p2 = NULL;
    for (size_t j = sm->first; j < sm->L->n; j++) {
        const meas *e = &sm->L->v[j];
        if (strcmp(e->material, sm->name) != 0)
            continue;
        if (strcmp(e->quantity, "dTc_dP_K_per_GPa") == 0)
            return 0;
        if (strcmp(e->quantity, "Tc_K") != 0 || !isfinite(e->P) || !isfinite(e->value))
            continue;
        if (!p1 || e->P < p1->P)
            p2 = p1, p1 = e;
        else if (!p2 || e->P < p2->P)
            p2 = e;
    }
    if (!p1 || !p2 || !(p2->P > p1->P))
        return 0;
    init_row(r, p1, LMDS_TUNNEL_Q_DTC_DP);
    r->P = p1->P;
    r->T = p1->value;
    r->measured = (p2->value - p1->value) / (p2->P - p1->P);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "secant %g->%g GPa", p1->P, p2->P);
    note_add(r, "%s", tmp);
    snprintf(r->source, sizeof r->source, "%.120s | %.120s", p1->source, p2->source);
    eval_tc_row(r, &sm->m, sm->have_m);
    return 1;
}

/* Every scored row of the material whose first row is L->v[first]. */
static lmds_status score_material(lmds_tunnel_score *s, const meas_list *L, size_t first, const char *materials_csv)
{
    score_mat sm;
    memset(&sm, 0, sizeof sm);
    sm.L = L;
    sm.first = first;
    sm.name = L->v[first].material;
    char base[32];
    base_name(sm.name, base, sizeof base);
    sm.have_m = lmds_tunnel_material_load(materials_csv, base, &sm.m) == LMDS_OK;
    lmds_error_clear();
    lmds_status st = LMDS_OK;
    for (size_t j = first; j < L->n && !st; j++) {
        const meas *e = &L->v[j];
        lmds_tunnel_score_row r;
        if (strcmp(e->material, sm.name) != 0)
            continue;
        if (strcmp(e->quantity, "dTc_dP_K_per_GPa") == 0)
            slope_row(&sm, e, &r);
        else if (strcmp(e->quantity, "dlnR_dP_per_GPa") == 0)
            dlnr_row(&sm, e, &r);
        else if (strcmp(e->quantity, "rho_rel") == 0)
            rho_rel_row(&sm, e, &r);
        else
            continue;
        st = add_row(s, &r);
    }
    lmds_tunnel_score_row r;
    if (!st && secant_row(&sm, &r))
        st = add_row(s, &r);
    return st;
}

lmds_status lmds_tunnel_score_run(const char *measurements_csv, const char *materials_csv, lmds_tunnel_score **out)
{
    if (out) *out = NULL;
    if (!out)
        return lmds_error(LMDS_EINVAL, "tunnel score: NULL output");
    *out = NULL;
    meas_list L;
    lmds_status st = read_measurements(measurements_csv, &L);
    if (st)
        return st;
    lmds_tunnel_score *s = calloc(1, sizeof *s);
    if (!s) {
        free(L.v);
        return lmds_error(LMDS_ENOMEM, "tunnel score: out of memory");
    }
    /* Materials in order of first appearance. */
    for (size_t i = 0; i < L.n && !st; i++) {
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(L.v[j].material, L.v[i].material) != 0;
        if (first)
            st = score_material(s, &L, i, materials_csv);
    }
    free(L.v);
    if (st) {
        lmds_tunnel_score_free(s);
        return st;
    }
    summarise(s, -1, 0, &s->all);
    summarise(s, LMDS_TUNNEL_Q_DTC_DP, 0, &s->tc);
    summarise(s, LMDS_TUNNEL_Q_DLNRHO_DP, 0, &s->rho);
    summarise(s, -1, 1, &s->common);
    *out = s;
    return LMDS_OK;
}

void lmds_tunnel_score_free(lmds_tunnel_score *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s);
}
