/* The value lmds gives for one validation case, through the public engines: thermodynamics (liquidus, solidus,
 * invariants of the default database), superconductivity from spectra (moments, Allen-Dynes, Eliashberg), Tc
 * under pressure (Grueneisen/Hopfield scaling with a measured equation of state), the tunnel model's score, and
 * the prediction pipeline (composition -> phases -> Tc, with routes and pressure). The quantities and their
 * parameters are listed in docs/validation.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "validate_internal.h"

void validation_ctx_init(validation_ctx *c, const lmds_validation_opts *o)
{
    memset(c, 0, sizeof *c);
    c->opts = *o;
    c->tdb_status = c->pred_status = c->score_status = c->routes_status = c->model_status = -1; /* not loaded */
}

void validation_ctx_clear(validation_ctx *c)
{
    lmds_tdb_free(c->tdb);
    lmds_predictor_free(c->pred);
    lmds_tunnel_score_free(c->score);
    lmds_route_model_free(c->routes);
    lmds_learn_model_free(c->model);
    memset(c, 0, sizeof *c);
}

int validation_param(const lmds_validation_case *k, const char *key, char *buf, size_t n)
{
    size_t m = strlen(key);
    for (const char *p = k->params; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL) {
        while (*p == ' ') p++;
        if (strncmp(p, key, m) == 0 && p[m] == '=') {
            const char *v = p + m + 1, *e = strchr(v, ';');
            size_t len = e ? (size_t)(e - v) : strlen(v);
            snprintf(buf, n, "%.*s", (int)len, v);
            return 1;
        }
    }
    return 0;
}

double validation_param_num(const lmds_validation_case *k, const char *key, double dflt)
{
    char buf[64];
    if (!validation_param(k, key, buf, sizeof buf)) return dflt;
    char *end;
    double v = strtod(buf, &end);
    return *end || end == buf ? NAN : v;
}

/* Fail the case with the library's message. */
lmds_status validation_fail(lmds_validation_case *k, lmds_status st)
{
    validation_cannot(k, "%s", lmds_errmsg()[0] ? lmds_errmsg() : lmds_strerror(st));
    return st ? st : LMDS_EINVAL;
}

static lmds_status need_tdb(validation_ctx *c, lmds_validation_case *k)
{
    if ((int)c->tdb_status == -1) c->tdb_status = lmds_tdb_load_default(&c->tdb);
    return c->tdb_status == LMDS_OK ? LMDS_OK : validation_fail(k, c->tdb_status);
}

static lmds_status parse_comp(lmds_validation_case *k, lmds_comp *comp)
{
    lmds_status st = lmds_comp_parse(k->input, NULL, comp);
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

/* ---------------------------------------------------------------- thermodynamics */

/* The invariant of the named type whose liquid lies nearest the composition asked about. */
static lmds_status eval_invariant(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp)
{
    char type[32] = "eutectic", el[8] = "";
    validation_param(k, "type", type, sizeof type);
    lmds_invariant *inv = NULL;
    int n = 0;
    lmds_status st = lmds_thermo_invariants(c->tdb, comp->n, comp->z, 1.0, 5000.0, &inv, &n);
    if (st != LMDS_OK) return validation_fail(k, st);
    int best = -1;
    double dbest = INFINITY;
    for (int i = 0; i < n; i++) {
        if (strcmp(lmds_inv_type_name(inv[i].type), type) != 0) continue;
        double d = 0;
        for (int j = 0; j < comp->n; j++)
            d += fabs(inv[i].x[0][j] - comp->x[j]);
        if (d < dbest) dbest = d, best = i;
    }
    if (best < 0) {
        free(inv);
        validation_cannot(k, "no %s found in this system by the invariant finder", type);
        return LMDS_ENOTFOUND;
    }
    k->value = inv[best].T;
    if (strcmp(k->quantity, "x_invariant") == 0) {
        int z = 0, j;
        if (!validation_param(k, "element", el, sizeof el) || lmds_element_lookup(el, &z) != LMDS_OK) z = 0;
        for (j = 0; j < comp->n && comp->z[j] != z; j++) {}
        k->value = j < comp->n ? inv[best].x[0][j] : NAN;
    }
    int m = 0;
    for (int p = 1; p < inv[best].nphases; p++)
        m += snprintf(k->how + m, sizeof k->how - (size_t)m, "%s%s", p > 1 ? " + " : "", inv[best].phase[p]);
    snprintf(k->how + m, sizeof k->how - (size_t)m, " (%s at %.3f K)", type, inv[best].T);
    free(inv);
    if (isfinite(k->value)) return LMDS_OK;
    validation_cannot(k, "%s", "x_invariant needs params element=SYMBOL, an element of the input");
    return LMDS_EINVAL;
}

/* The secant (T(P) - T(0)) / P of the liquidus or solidus, K/GPa: the melting line of an element, or an eutectic
 * followed through the solidus of its composition (which lies between the two solids). Pressure enters through
 * constant molar volumes (src/thermo/pressure.c). */
static lmds_status eval_thermo_slope(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp)
{
    if (!(k->P_GPa > 0)) {
        validation_cannot(k, "%s", "a slope needs P_GPa > 0 (the secant from 0 to P)");
        return LMDS_EINVAL;
    }
    int liq = strcmp(k->quantity, "dT_liquidus_dP") == 0;
    double t0, tp;
    char ph[32];
    lmds_status st = liq ? lmds_thermo_liquidus(c->tdb, comp, 0.0, &t0, ph, sizeof ph)
                         : lmds_thermo_solidus(c->tdb, comp, 0.0, &t0);
    if (st == LMDS_OK)
        st = liq ? lmds_thermo_liquidus(c->tdb, comp, k->P_GPa, &tp, ph, sizeof ph)
                 : lmds_thermo_solidus(c->tdb, comp, k->P_GPa, &tp);
    if (st != LMDS_OK) return validation_fail(k, st);
    k->value = (tp - t0) / k->P_GPa;
    snprintf(k->how, sizeof k->how, "%s %.3f K at 0 -> %.3f K at %.3g GPa (constant molar volumes)",
             liq ? "liquidus" : "solidus", t0, tp, k->P_GPa);
    return LMDS_OK;
}

static lmds_status eval_thermo(validation_ctx *c, lmds_validation_case *k)
{
    lmds_comp comp;
    lmds_status st;
    if ((st = need_tdb(c, k)) || (st = parse_comp(k, &comp))) return st;
    char missing[128];
    if (lmds_tdb_covers(c->tdb, &comp, missing, sizeof missing) != LMDS_OK) {
        validation_cannot(k, "the default database does not cover %s", missing);
        return LMDS_ENODATA;
    }
    k->answer = LMDS_VALIDATION_COMPUTED;
    if (strncmp(k->quantity, "dT_", 3) == 0) return eval_thermo_slope(c, k, &comp);
    if (strstr(k->quantity, "_critical") || strncmp(k->quantity, "x_gap_", 6) == 0)
        return validation_gap(c, k, &comp);
    if (strcmp(k->quantity, "T_liquidus") == 0) {
        char primary[32];
        st = lmds_thermo_liquidus(c->tdb, &comp, k->P_GPa, &k->value, primary, sizeof primary);
        snprintf(k->how, sizeof k->how, "primary phase %s", primary);
    } else if (strcmp(k->quantity, "T_solidus") == 0) {
        st = lmds_thermo_solidus(c->tdb, &comp, k->P_GPa, &k->value);
        snprintf(k->how, sizeof k->how, "global equilibrium");
    } else {
        return eval_invariant(c, k, &comp);
    }
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

/* ---------------------------------------------------------------- spectra and pressure */

static lmds_status load_a2f(lmds_validation_case *k, lmds_a2f **a)
{
    char path[1024];
    lmds_status st = lmds_data_path(k->input, path, sizeof path);
    if (st == LMDS_OK) st = lmds_a2f_load(path, NULL, a);
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

static lmds_status eval_spectrum(lmds_validation_case *k)
{
    lmds_a2f *a = NULL;
    lmds_a2f_mom m;
    lmds_status st = load_a2f(k, &a);
    if (st != LMDS_OK) return st;
    if ((st = lmds_a2f_moments(a, &m)) != LMDS_OK) goto done;
    double mu = validation_param_num(k, "mu*", 0.10);
    k->answer = LMDS_VALIDATION_COMPUTED;
    if (strcmp(k->quantity, "lambda") == 0) {
        k->value = m.lambda;
        snprintf(k->how, sizeof k->how, "2 int a2F/w dw");
    } else if (strcmp(k->quantity, "omega_log_K") == 0) {
        k->value = m.omega_log_K;
        snprintf(k->how, sizeof k->how, "logarithmic moment");
    } else if (strcmp(k->quantity, "tc_allen_dynes") == 0) {
        st = lmds_tc_allen_dynes(m.lambda, mu, m.omega_log_K, m.omega2_K, &k->value);
        snprintf(k->how, sizeof k->how, "Allen-Dynes, mu* %.3g", mu);
    } else {
        lmds_eliash_opts eo;
        lmds_eliash_tc_result r;
        char conv[16] = "";
        lmds_eliash_opts_init(&eo);
        eo.mu_star = mu;
        validation_param(k, "convention", conv, sizeof conv);
        eo.convention = strcmp(conv, "elk") == 0 ? LMDS_ELIASH_ELK : LMDS_ELIASH_STANDARD;
        eo.check_convergence = 0;
        st = lmds_eliash_tc(a, &eo, &r);
        k->value = r.tc;
        snprintf(k->how, sizeof k->how, "isotropic Eliashberg, mu* %.3g, %s conventions", mu,
                 eo.convention == LMDS_ELIASH_ELK ? "Elk's" : "standard");
    }
done:
    lmds_a2f_free(a);
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

lmds_status validation_eos_row(const char *el, lmds_eos *eos)
{
    char path[1024], *text = NULL;
    size_t len;
    lmds_status st = lmds_data_path("pressure/eos_and_slopes.csv", path, sizeof path);
    if (st == LMDS_OK) st = lmds_file_read(path, 1u << 20, &text, &len);
    if (st != LMDS_OK) return st;
    lmds_csv c;
    lmds_csv_init(&c, text);
    static const char *const cols[] = {"element", "B0_GPa", "B0_prime", "V0_A3_per_atom"};
    int idx[4], r = lmds_csv_next(&c);
    st = r == 1 ? lmds_csv_require(&c, path, cols, 4, idx, "element,...,B0_GPa,B0_prime,V0_A3_per_atom,...")
                : lmds_csv_error(&c, path);
    while (st == LMDS_OK && (r = lmds_csv_next(&c)) == 1) {
        if (c.nfields < 4 || strcmp(c.fields[idx[0]], el) != 0) continue;
        eos->kind = LMDS_EOS_BM3;
        eos->B0 = strtod(c.fields[idx[1]], NULL);
        /* MgB2: no B0' is given; 4 is the second-order Birch value. Only V/V0 matters, so an absent V0 is 10. */
        eos->B0p = *c.fields[idx[2]] ? strtod(c.fields[idx[2]], NULL) : 4.0;
        eos->V0 = *c.fields[idx[3]] ? strtod(c.fields[idx[3]], NULL) : 10.0;
        break;
    }
    if (st == LMDS_OK && r != 1)
        st = r < 0 ? lmds_csv_error(&c, path) : lmds_error(LMDS_ENOTFOUND, "%s: no row for %s", path, el);
    lmds_csv_clear(&c);
    free(text);
    return st;
}

static lmds_status eval_pressure(lmds_validation_case *k)
{
    char el[32] = "";
    lmds_sc_pressure_opts o;
    lmds_sc_pressure_opts_init(&o);
    o.eliash.mu_star = validation_param_num(k, "mu*", 0.10);
    lmds_status st = validation_param(k, "eos", el, sizeof el) ? validation_eos_row(el, &o.eos)
                                                    : lmds_error(LMDS_EINVAL, "params need eos=MATERIAL");
    if (st != LMDS_OK) return validation_fail(k, st);
    lmds_a2f *a = NULL;
    if ((st = load_a2f(k, &a)) != LMDS_OK) return st;
    k->answer = LMDS_VALIDATION_COMPUTED;
    if (strcmp(k->quantity, "dTc_dP") == 0) {
        st = lmds_sc_pressure_slope(a, NULL, &o, k->P_GPa, 0.1, &k->value);
    } else {
        double p_model;
        st = lmds_sc_pressure_zero(a, NULL, &o, &k->value, &p_model);
    }
    snprintf(k->how, sizeof k->how, "Allen-Dynes, mu* %.3g, BM3 EOS of %s (B0 %.4g GPa), Slater gamma, phi 1",
             o.eliash.mu_star, el, o.eos.B0);
    lmds_a2f_free(a);
    return st == LMDS_OK ? LMDS_OK : validation_fail(k, st);
}

/* ---------------------------------------------------------------- tunnel model */

static lmds_status eval_tunnel(validation_ctx *c, lmds_validation_case *k)
{
    if ((int)c->score_status == -1) c->score_status = lmds_tunnel_score_run(NULL, NULL, &c->score);
    if (c->score_status != LMDS_OK) return validation_fail(k, c->score_status);
    int tunnel = strncmp(k->quantity, "tunnel_", 7) == 0;
    lmds_tunnel_quantity q = strstr(k->quantity, "dlnrho") ? LMDS_TUNNEL_Q_DLNRHO_DP : LMDS_TUNNEL_Q_DTC_DP;
    for (size_t i = 0; i < c->score->n; i++) {
        const lmds_tunnel_score_row *r = &c->score->rows[i];
        if (strcmp(r->material, k->input) || r->quantity != q || fabs(r->P - k->P_GPa) > 1e-9 ||
            fabs(r->measured - k->reference) > 1e-9 * fmax(1.0, fabs(k->reference)))
            continue;
        k->value = tunnel ? r->tunnel : r->eph;
        k->answer = LMDS_VALIDATION_COMPUTED;
        snprintf(k->how, sizeof k->how, "%s", r->note[0] ? r->note : (tunnel ? "tunnel model" : "electron-phonon"));
        if (isfinite(k->value)) return LMDS_OK;
        int ok = tunnel ? r->tunnel_sign_ok : r->eph_sign_ok;
        if (ok >= 0) { /* the model gives a sign without a value (no equation of state: dTc/dP > 0 always) */
            k->value = (ok ? 1.0 : -1.0) * (k->reference > 0 ? 1.0 : -1.0);
            snprintf(k->how, sizeof k->how, "sign only (value shown as +-1): %.200s", r->note);
            return LMDS_OK;
        }
        validation_cannot(k, "not evaluated: %s", r->note[0] ? r->note : "no equation of state");
        return LMDS_ENODATA;
    }
    validation_cannot(k, "%s", "no row of the tunnel score matches (material, quantity, P, measured value)");
    return LMDS_ENOTFOUND;
}

/* ---------------------------------------------------------------- dispatch */

static int is(const lmds_validation_case *k, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(k->quantity, *names) == 0) return 1;
    return 0;
}

static const char *const Q_THERMO[] = {"T_liquidus", "T_solidus", "T_invariant", "x_invariant", "dT_liquidus_dP",
                                       "dT_solidus_dP", "T_critical", "x_critical", "x_gap_low", "x_gap_high",
                                       NULL};
static const char *const Q_SPECTRUM[] = {"lambda", "omega_log_K", "tc_allen_dynes", "tc_eliashberg", NULL};
static const char *const Q_PRESSURE[] = {"dTc_dP", "P_tc_zero", NULL};
static const char *const Q_TUNNEL[] = {"tunnel_dTc_dP", "eph_dTc_dP", "tunnel_dlnrho_dP", "eph_dlnrho_dP", NULL};
static const char *const Q_PIPELINE[] = {"Tc", "Tc_upper_bound", NULL};
static const char *const Q_LEARN[] = {"jarvis_mae_K", "jarvis_rmse_K", "jarvis_r2", "outside_precision_lower_bound",
                                      "outside_recall_lower_bound", "outside_auc_lower_bound",
                                      "outside_unseen_auc_lower_bound", "outside_scored", NULL};
static const char *const Q_ROUTE[] = {"Tc_route", NULL};
static const char *const Q_SC[] = {"gap_iw0_meV", "z_iw0", "Tc_pressure_phase", "dTc_dP_pressure_phase",
                                   "P_tc_zero_mcmillan", "Hc0_mT", "beta_volumetric_per_K", NULL};

int validation_reads_genome(const lmds_validation_case *k) { return is(k, Q_PIPELINE); }

lmds_status validation_eval(validation_ctx *c, lmds_validation_case *k)
{
    lmds_error_clear();
    lmds_warnings_clear();
    if (is(k, Q_THERMO)) return eval_thermo(c, k);
    if (is(k, Q_SPECTRUM)) return eval_spectrum(k);
    if (is(k, Q_PRESSURE)) return eval_pressure(k);
    if (is(k, Q_TUNNEL)) return eval_tunnel(c, k);
    if (is(k, Q_PIPELINE)) return validation_pipeline(c, k);
    if (is(k, Q_LEARN)) return validation_learn(c, k);
    if (is(k, Q_ROUTE)) return validation_route(c, k);
    if (is(k, Q_SC)) return validation_sc(k);
    validation_cannot(k, "unknown quantity '%s' (docs/validation.md lists them)", k->quantity);
    return LMDS_EINVAL;
}
