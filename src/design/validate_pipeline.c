/* Validation cases answered by the prediction pipeline (Tc of a material made by a route, at a pressure), with
 * blind mode, and the learned model's held-out metrics on the JARVIS leaderboard's fixed split. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "validate_internal.h"

static lmds_status need_predictor(validation_ctx *c, lmds_validation_case *k)
{
    if ((int)c->pred_status == -1) {
        lmds_predictor_opts po = {0};
        c->pred_status = lmds_predictor_new(&po, &c->pred);
        if (c->pred_status != LMDS_OK) snprintf(c->load_error, sizeof c->load_error, "%s", lmds_errmsg());
    }
    if (c->pred_status == LMDS_OK) return LMDS_OK;
    validation_cannot(k, "predictor: %s", c->load_error);
    return c->pred_status;
}

static void describe(lmds_validation_case *k, const lmds_prediction *r)
{
    if (r->tc_phase < 0) {
        snprintf(k->how, sizeof k->how, "nothing superconducts (%s)", lmds_tc_source_name(r->tc_source));
        return;
    }
    const lmds_phase_tc *ph = &r->phases[r->tc_phase];
    snprintf(k->how, sizeof k->how, "%s = %s, %.0f vol%%, %s%s%s", ph->phase, ph->formula,
             100.0 * ph->volume_fraction, lmds_tc_source_name(ph->source), ph->route_note[0] ? "; " : "",
             ph->route_note);
}

static lmds_status need_model(validation_ctx *c)
{
    if ((int)c->model_status == -1) {
        c->model_status = lmds_learn_model_load(NULL, &c->model);
        if (c->model_status != LMDS_OK) snprintf(c->model_error, sizeof c->model_error, "%s", lmds_errmsg());
    }
    return c->model_status;
}

/* The learned model's nearest labelled training material to the material asked about and to the phase whose Tc
 * answered (the nearer of the two): when the learned model gave the answer and that material is the one asked
 * about (within LMDS_VALIDATION_SEEN_DISTANCE), the model was trained on it, and its blind answer is recall, not
 * prediction (trained_on). Without the model the fields stay empty. */
static void mark_trained(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp, const lmds_prediction *r)
{
    lmds_comp q[2];
    lmds_learn_prediction lp[2];
    size_t n = 0;
    q[n++] = *comp;
    if (r->tc_phase >= 0 && r->phases[r->tc_phase].comp.n > 0) q[n++] = r->phases[r->tc_phase].comp;
    if (need_model(c) != LMDS_OK || lmds_learn_predict(c->model, q, n, lp) != LMDS_OK) {
        lmds_error_clear();
        return;
    }
    size_t b = n > 1 && lp[1].nearest_distance < lp[0].nearest_distance ? 1 : 0;
    if (!isfinite(lp[b].nearest_distance)) return;
    snprintf(k->nearest_training, sizeof k->nearest_training, "%s", lp[b].nearest_formula);
    k->nearest_distance = lp[b].nearest_distance;
    k->trained_on = r->tc_source == LMDS_TC_SRC_LEARNED && lp[b].nearest_distance <= LMDS_VALIDATION_SEEN_DISTANCE;
}

lmds_status validation_pipeline(validation_ctx *c, lmds_validation_case *k)
{
    lmds_status st;
    lmds_comp comp;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0; /* the material's Tc uses the equilibrium amounts; Scheil paths only cost time here */
    o.P_GPa = k->P_GPa;
    /* params state=quench: the sample was quenched from the melt, so its phases are the frozen ones (equilibrium 2 K
     * below the solidus), as the reference's conditions say; otherwise the phases as stored at room temperature.
     * T_K is the temperature the sample was kept or measured at, recorded with the reference. */
    char state[32];
    o.quench = validation_param(k, "state", state, sizeof state) && strcmp(state, "quench") == 0;
    if ((st = need_predictor(c, k)) != LMDS_OK) return st;
    if ((st = lmds_comp_parse(k->input, NULL, &comp)) != LMDS_OK ||
        (st = lmds_route_read(k->route[0] ? k->route : "bulk", &o.route)) != LMDS_OK) {
        validation_cannot(k, "%s", lmds_errmsg());
        return st;
    }
    lmds_prediction r;
    st = c->opts.blind ? lmds_predict_blind(c->pred, &comp, &o, &r) : lmds_predict(c->pred, 0, &comp, &o, &r);
    if (st != LMDS_OK) {
        validation_cannot(k, "%s", lmds_errmsg());
        return st;
    }
    k->value = r.tc_phase >= 0 ? r.tc_K : 0.0;
    k->answer = r.tc_source == LMDS_TC_SRC_GENOME ? LMDS_VALIDATION_LOOKUP : LMDS_VALIDATION_PREDICTED;
    describe(k, &r);
    mark_trained(c, k, &comp, &r);
    return LMDS_OK;
}

/* ---------------------------------------------------------------- learned model, JARVIS fixed split */

/* Flags per data row of the Stanev list (0 train, 1 test, 2 not in the split) from the split file
 * (row_index,split with 0-based data rows). */
static lmds_status read_split(const char *path, size_t nrows, unsigned char *is_test)
{
    char *text = NULL;
    size_t len;
    lmds_status st = lmds_file_read(path, 16u << 20, &text, &len);
    if (st != LMDS_OK) return st;
    lmds_csv c;
    lmds_csv_init(&c, text);
    static const char *const cols[] = {"row_index", "split"};
    int idx[2], r = lmds_csv_next(&c);
    st = r == 1 ? lmds_csv_require(&c, path, cols, 2, idx, "row_index,split") : lmds_csv_error(&c, path);
    memset(is_test, 2, nrows);
    while (st == LMDS_OK && (r = lmds_csv_next(&c)) == 1) {
        char *end;
        long i = strtol(c.fields[idx[0]], &end, 10);
        if (*end || i < 0 || (size_t)i >= nrows)
            st = lmds_error_at(LMDS_EPARSE, path, c.line, c.columns[idx[0]], "row index outside 0..%zu", nrows - 1);
        else
            is_test[i] = strcmp(c.fields[idx[1]], "test") == 0;
    }
    if (st == LMDS_OK && r < 0) st = lmds_csv_error(&c, path);
    lmds_csv_clear(&c);
    free(text);
    return st;
}

static lmds_status jarvis_metrics(lmds_learn_metrics *m)
{
    char dpath[1024], spath[1024];
    lmds_status st = lmds_data_path("learn/supercon_stanev2018.csv", dpath, sizeof dpath);
    if (st == LMDS_OK) st = lmds_data_path("learn/jarvis_supercon_chem_Tc_split.csv", spath, sizeof spath);
    lmds_learn_clean cl = {1, 0}; /* the task's rows as they are: Tc = 0 kept, nothing merged */
    lmds_learn_data *d = NULL;
    if (st == LMDS_OK) st = lmds_learn_data_read(dpath, &cl, &d);
    if (st != LMDS_OK) return st;
    unsigned char *flag = malloc(d->n_read + 1);
    size_t *tr = malloc((d->n + 1) * sizeof *tr), *te = malloc((d->n + 1) * sizeof *te), a = 0, b = 0;
    double *pred = malloc((d->n + 1) * sizeof *pred), *truth = malloc((d->n + 1) * sizeof *truth);
    if (!flag || !tr || !te || !pred || !truth) st = lmds_error(LMDS_ENOMEM, "jarvis split: out of memory");
    if (st == LMDS_OK) st = read_split(spath, d->n_read, flag);
    for (size_t i = 0; st == LMDS_OK && i < d->n; i++) {
        long row = d->rows[i].line - 2; /* data rows are file lines after the header */
        if (row < 0 || (size_t)row >= d->n_read || flag[row] == 2) continue;
        if (flag[row]) te[b++] = i;
        else tr[a++] = i;
    }
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.n_ensemble = 1; /* as `lmds learn cv` */
    if (st == LMDS_OK) st = lmds_learn_fit_predict(d, &p, tr, a, te, b, pred, NULL);
    for (size_t i = 0; st == LMDS_OK && i < b; i++) truth[i] = d->rows[te[i]].tc_K;
    if (st == LMDS_OK) lmds_learn_metrics_compute(truth, pred, NULL, b, m);
    free(flag), free(tr), free(te), free(pred), free(truth);
    lmds_learn_data_free(d);
    return st;
}

/* The shipped model on the outside list (data/learn/outside_test.csv: materials tested for superconductivity,
 * collected from papers, not from SuperCon), rows whose formula the model was trained on removed as leaks, scored
 * at the model's threshold: seconds, no training. */
static lmds_status validation_outside(validation_ctx *c, lmds_validation_case *k)
{
    if (!c->have_outside) {
        char path[1024];
        lmds_learn_data *list = NULL;
        lmds_status st = need_model(c);
        if (st != LMDS_OK) lmds_error(st, "learned model: %s", c->model_error);
        if (st == LMDS_OK) st = lmds_data_path("learn/outside_test.csv", path, sizeof path);
        if (st == LMDS_OK) st = lmds_learn_list_read(path, &list);
        if (st == LMDS_OK) st = lmds_learn_evaluate_outside(c->model, list, &c->outside);
        lmds_learn_data_free(list);
        c->outside_status = st;
        if (st != LMDS_OK) snprintf(c->load_error, sizeof c->load_error, "%s", lmds_errmsg());
        c->have_outside = 1;
    }
    if (c->outside_status != LMDS_OK) {
        validation_cannot(k, "outside test: %s", c->load_error);
        return c->outside_status;
    }
    const lmds_learn_outside *o = &c->outside;
    const lmds_learn_class_metrics *m = strstr(k->quantity, "unseen") ? &o->unseen_systems : &o->at_threshold;
    k->value = strncmp(k->quantity, "outside_precision", 17) == 0 ? m->precision
               : strncmp(k->quantity, "outside_recall", 14) == 0  ? m->recall
               : strcmp(k->quantity, "outside_scored") == 0       ? (double)o->n_scored
                                                                  : m->auc;
    k->answer = LMDS_VALIDATION_PREDICTED;
    snprintf(k->how, sizeof k->how, "shipped model at its threshold: %zu rows, %zu leaked (trained on), %zu scored "
             "(%zu superconducting); %zu of these rows scored", o->n_rows, o->n_leaked, o->n_scored,
             o->at_threshold.n_pos, m->n);
    return LMDS_OK;
}

lmds_status validation_learn(validation_ctx *c, lmds_validation_case *k)
{
    if (strncmp(k->quantity, "outside_", 8) == 0) return validation_outside(c, k);
    if (!c->have_jarvis) {
        c->jarvis_status = jarvis_metrics(&c->jarvis);
        if (c->jarvis_status != LMDS_OK) snprintf(c->load_error, sizeof c->load_error, "%s", lmds_errmsg());
        c->have_jarvis = 1;
    }
    if (c->jarvis_status != LMDS_OK) {
        validation_cannot(k, "JARVIS split: %s", c->load_error);
        return c->jarvis_status;
    }
    k->value = strcmp(k->quantity, "jarvis_mae_K") == 0    ? c->jarvis.mae_K
               : strcmp(k->quantity, "jarvis_rmse_K") == 0 ? c->jarvis.rmse_K
                                                           : c->jarvis.r2;
    k->answer = LMDS_VALIDATION_PREDICTED;
    snprintf(k->how, sizeof k->how, "XGBoost trained on the %s-row train split, %zu test rows", "fixed",
             c->jarvis.n);
    return LMDS_OK;
}

/* ---------------------------------------------------------------- route model */

/* The form an element takes by a route (polymorph, film, amorphous solid, 2D layer) and its Tc, from the route
 * data (data/routes/): the highest Tc among the forms the route makes. The route data do not read the genome
 * database, so blind mode does not apply; a form's Tc read back from a row is a lookup. */
lmds_status validation_route(validation_ctx *c, lmds_validation_case *k)
{
    if ((int)c->routes_status == -1) {
        c->routes_status = lmds_route_model_load(NULL, NULL, &c->routes);
        if (c->routes_status != LMDS_OK) snprintf(c->load_error, sizeof c->load_error, "%s", lmds_errmsg());
    }
    if (c->routes_status != LMDS_OK) {
        validation_cannot(k, "route data: %s", c->load_error);
        return c->routes_status;
    }
    lmds_route r;
    lmds_route_answer a;
    lmds_status st = lmds_route_read(k->route[0] ? k->route : "bulk", &r);
    if (st == LMDS_OK) st = lmds_route_model_answer(c->routes, k->input, &r, isfinite(k->T_K) ? k->T_K : 4.0, &a);
    if (st != LMDS_OK) {
        validation_cannot(k, "%s", lmds_errmsg());
        return st;
    }
    int best = -1;
    for (int i = 0; i < a.nforms; i++)
        if (isfinite(a.forms[i].tc_K) && (best < 0 || a.forms[i].tc_K > a.forms[best].tc_K)) best = i;
    if (best < 0) {
        validation_cannot(k, "no Tc known for the forms this route makes: %s", a.selection);
        return LMDS_ENODATA;
    }
    k->value = a.forms[best].tc_K;
    k->answer = a.forms[best].basis == LMDS_ROUTE_LOOKUP ? LMDS_VALIDATION_LOOKUP : LMDS_VALIDATION_PREDICTED;
    snprintf(k->how, sizeof k->how, "%s (%s, %s; %s%s)", a.forms[best].name, lmds_route_basis_name(a.forms[best].basis),
             a.forms[best].verification, a.known ? "selection " : "polymorph unknown", a.known ? a.confidence : "");
    return LMDS_OK;
}
