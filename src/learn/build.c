/* The discovery model: training, cross-validated scores, uncertainty factors, classifier calibration and threshold,
 * and the outside test (docs/learn.md, "The default model"). */
#include "learn_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* The fraction of errors a 1-sigma interval of a normal distribution covers. */
#define LMDS_LEARN_ONE_SIGMA 0.6827

void lmds_learn_build_opts_default(lmds_learn_build_opts *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->folds = 5;
    o->seed = 42;
    o->cv_ensemble = 3;
    o->n_components = LMDS_LEARN_NOVELTY_COMPONENTS;
    o->k_neighbours = LMDS_LEARN_NOVELTY_NEIGHBOURS;
    /* Hosono et al., Sci. Technol. Adv. Mater. 16, 033503 (2015): of the materials an exploratory search tested,
     * 113 superconducted and 660 did not (counts as reported by the Tokyo Tech press summary of 2015-06-04):
     * 113 / 773 = 0.146. */
    o->base_rate = 0.146;
}

static cJSON *num(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The factor s such that |error| <= s * spread for 68.27 % of the rows selected (fold != skip; skip -1: all).
 * NAN when fewer than 10 rows have a spread. */
static double sigma_factor(const double *err, const double *sd, const int *fold, size_t n, int skip)
{
    double *r = malloc((n ? n : 1) * sizeof *r);
    size_t k = 0;
    for (size_t i = 0; r && i < n; i++)
        if (fold[i] != skip && sd[i] > 0) r[k++] = fabs(err[i]) / sd[i];
    double s = NAN;
    if (r && k >= 10) {
        qsort(r, k, sizeof *r, cmp_double);
        s = r[(size_t)(LMDS_LEARN_ONE_SIGMA * (double)(k - 1))];
    }
    free(r);
    return s;
}

/* Coverage of +-1 sigma checked fold by fold: each fold's factor is fitted on the other folds. */
static cJSON *coverage_json(const double *err, const double *sd, const int *fold, size_t n, int K, double scale)
{
    size_t in = 0, tot = 0;
    double lo = 1, hi = 0;
    for (int k = 0; k < K; k++) {
        double s = sigma_factor(err, sd, fold, n, k);
        size_t a = 0, b = 0;
        for (size_t i = 0; i < n; i++)
            if (fold[i] == k) {
                b++;
                a += fabs(err[i]) <= s * sd[i];
            }
        if (b) {
            lo = fmin(lo, (double)a / b);
            hi = fmax(hi, (double)a / b);
        }
        in += a;
        tot += b;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "factor", num(scale));
    cJSON_AddItemToObject(j, "coverage_1sigma_cross_fitted", num(tot ? (double)in / tot : NAN));
    cJSON_AddItemToObject(j, "coverage_fold_min", num(lo));
    cJSON_AddItemToObject(j, "coverage_fold_max", num(hi));
    return j;
}

int lmds_learn_liquid_metal_family(const lmds_comp *c)
{
    int cu = 0, o = 0, lm = 0;
    for (int i = 0; i < c->n; i++) {
        int z = c->z[i];
        cu |= z == 29;
        o |= z == 8;
        lm |= z == 31 || z == 49 || z == 50 || z == 80 || z == 83 || z == 82;
    }
    return lm && !(cu && o);
}

/* Regressor CV under one split: metrics in the card, uncertainty factor and its cross-fitted coverage. */
static lmds_status score_regressor(lmds_learn_model *m, const lmds_learn_data *d, const lmds_learn_params *p,
                                   const lmds_learn_build_opts *o, lmds_learn_split split, double *factor, cJSON *unc)
{
    const char *name = split == LMDS_LEARN_SPLIT_GROUP ? "group" : "random";
    size_t n = d->n;
    double *oof = malloc(n * sizeof *oof), *sd = malloc(n * sizeof *sd), *err = malloc(n * sizeof *err);
    double *truth = malloc(n * sizeof *truth);
    int *fold = malloc(n * sizeof *fold);
    unsigned char *sub = malloc(n);
    lmds_learn_metrics mt;
    lmds_status st = oof && sd && err && truth && fold && sub ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
    if (st == LMDS_OK) st = lmds_learn_cv(d, p, split, o->folds, o->seed, oof, sd, fold, &mt);
    if (st == LMDS_OK) st = lmds_learn_model_set_metrics(m, name, &mt);
    if (st == LMDS_OK) {
        for (size_t i = 0; i < n; i++) {
            truth[i] = d->rows[i].tc_K;
            err[i] = oof[i] - truth[i];
            sub[i] = (unsigned char)lmds_learn_liquid_metal_family(&d->rows[i].comp);
        }
        char key[64];
        snprintf(key, sizeof key, "%s_liquid_metal_non_cuprates", name);
        lmds_learn_metrics_compute(truth, oof, sub, n, &mt);
        st = lmds_learn_model_set_metrics(m, key, &mt);
        *factor = sigma_factor(err, sd, fold, n, -1);
        cJSON_AddItemToObject(unc, split == LMDS_LEARN_SPLIT_GROUP ? "unseen_systems_grouped_folds"
                                                                   : "seen_systems_random_folds",
                              coverage_json(err, sd, fold, n, o->folds, *factor));
    }
    free(oof);
    free(sd);
    free(err);
    free(truth);
    free(fold);
    free(sub);
    return st;
}

static cJSON *class_json(const lmds_learn_class_metrics *c)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "n", (double)c->n);
    cJSON_AddNumberToObject(j, "n_positive", (double)c->n_pos);
    cJSON_AddItemToObject(j, "precision", num(c->precision));
    cJSON_AddItemToObject(j, "recall", num(c->recall));
    cJSON_AddItemToObject(j, "f1", num(c->f1));
    cJSON_AddItemToObject(j, "roc_auc", num(c->auc));
    cJSON_AddNumberToObject(j, "tp", c->tp);
    cJSON_AddNumberToObject(j, "fp", c->fp);
    cJSON_AddNumberToObject(j, "fn", c->fn);
    cJSON_AddNumberToObject(j, "tn", c->tn);
    return j;
}

/* Calibration of the classifier on grouped out-of-fold probabilities and the threshold. */
static lmds_status calibrate_classifier(lmds_learn_model *m, const lmds_learn_data *d, const lmds_learn_params *p,
                                        const lmds_learn_build_opts *o)
{
    size_t n = d->n;
    double *prob = malloc(n * sizeof *prob), *cal = malloc(n * sizeof *cal), *w = malloc(n * sizeof *w);
    int *label = malloc(n * sizeof *label);
    float *wf = lmds_learn_class_weights(d, p->cls_tc_K, o->base_rate);
    lmds_status st = prob && cal && w && label && wf ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory or one class");
    if (st == LMDS_OK) st = lmds_learn_cv_classifier(d, p, LMDS_LEARN_SPLIT_GROUP, o->folds, o->seed, prob, NULL);
    for (size_t i = 0; st == LMDS_OK && i < n; i++) {
        label[i] = lmds_learn_class_label(&d->rows[i], p->cls_tc_K);
        w[i] = wf[i];
    }
    if (st == LMDS_OK) st = lmds_learn_calibration_fit(prob, label, w, n, o->base_rate, &m->cal);
    if (st == LMDS_OK) {
        /* The call "superconducting" is more likely right than wrong at the base rate where the calibrated
         * probability reaches 0.5; in the booster's raw output that is sigmoid(-b / a). */
        m->threshold = 0.5;
        for (size_t i = 0; i < n; i++) cal[i] = lmds_learn_calibrated(&m->cal, prob[i]);
        lmds_learn_class_metrics cw, cu;
        lmds_learn_class_metrics_compute(cal, label, w, n, m->threshold, &cw);
        lmds_learn_class_metrics_compute(cal, label, NULL, n, m->threshold, &cu);
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "event", "superconducts at ambient pressure with Tc >= class_tc_K");
        cJSON_AddNumberToObject(j, "class_tc_K", p->cls_tc_K);
        cJSON_AddNumberToObject(j, "base_rate", o->base_rate);
        cJSON_AddNumberToObject(j, "training_balance", p->cls_balance);
        cJSON_AddStringToObject(j, "calibration", "Platt scaling on grouped out-of-fold probabilities, rows weighted to "
                                                  "the base rate: p = 1/(1+exp(-(a logit(s) + b)))");
        cJSON_AddNumberToObject(j, "platt_a", m->cal.a);
        cJSON_AddNumberToObject(j, "platt_b", m->cal.b);
        cJSON_AddNumberToObject(j, "threshold", m->threshold);
        cJSON_AddItemToObject(j, "threshold_raw_score", num(1 / (1 + exp(m->cal.b / m->cal.a))));
        cJSON *bins = cJSON_AddArrayToObject(j, "reliability_bins");
        for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS; k++) {
            cJSON *b = cJSON_CreateObject();
            cJSON_AddNumberToObject(b, "bin_low", k / (double)LMDS_LEARN_RELIABILITY_BINS);
            cJSON_AddItemToObject(b, "mean_predicted", num(m->cal.bin_pred[k]));
            cJSON_AddItemToObject(b, "observed_fraction", num(m->cal.bin_obs[k]));
            cJSON_AddNumberToObject(b, "rows", (double)m->cal.bin_count[k]);
            cJSON_AddItemToArray(bins, b);
        }
        cJSON_AddItemToObject(j, "grouped_oof_at_threshold_weighted_to_base_rate", class_json(&cw));
        cJSON_AddItemToObject(j, "grouped_oof_at_threshold_unweighted", class_json(&cu));
        st = lmds_learn_card_set(m, NULL, "classifier", j);
    }
    free(prob);
    free(cal);
    free(w);
    free(label);
    free(wf);
    return st;
}

static lmds_status rebuild_novelty(lmds_learn_model *m, const lmds_learn_data *ref, const lmds_learn_build_opts *o)
{
    if (o->n_components == LMDS_LEARN_NOVELTY_COMPONENTS && o->k_neighbours == LMDS_LEARN_NOVELTY_NEIGHBOURS)
        return LMDS_OK;
    float *X = NULL;
    lmds_status st = lmds_learn_data_matrix(m->feat, ref, &X);
    lmds_learn_novelty *nv = NULL;
    if (st == LMDS_OK)
        st = lmds_learn_novelty_build(ref, X, (int)lmds_learn_featurizer_count(m->feat), o->n_components,
                                      o->k_neighbours, &nv);
    free(X);
    if (st == LMDS_OK) {
        lmds_learn_novelty_free(m->nov);
        m->nov = nv;
    }
    return st;
}

static lmds_status build_steps(lmds_learn_model *m, const lmds_learn_labels *l, const lmds_learn_params *p,
                               const lmds_learn_build_opts *o)
{
    lmds_status st = rebuild_novelty(m, l->cls, o);
    lmds_learn_params pe = *p;
    pe.n_ensemble = o->cv_ensemble;
    double f_seen = NAN, f_unseen = NAN;
    cJSON *unc = cJSON_CreateObject();
    if (st == LMDS_OK) st = score_regressor(m, l->reg, &pe, o, LMDS_LEARN_SPLIT_RANDOM, &f_seen, unc);
    if (st == LMDS_OK) st = score_regressor(m, l->reg, &pe, o, LMDS_LEARN_SPLIT_GROUP, &f_unseen, unc);
    if (st == LMDS_OK && isfinite(f_seen) && isfinite(f_unseen)) {
        /* The spread of o->cv_ensemble members estimates that of the model's own ensemble. */
        m->unc_scale = f_seen;
        m->unc_scale_unseen = f_unseen;
        cJSON_AddStringToObject(unc, "rule", "uncertainty_K = factor x spread of the regressors; the factor of "
                                             "unseen systems applies when the element set does not occur in training");
        cJSON_AddNumberToObject(unc, "cv_ensemble", o->cv_ensemble);
        st = lmds_learn_card_set(m, NULL, "uncertainty", unc);
        unc = NULL;
    }
    cJSON_Delete(unc);
    if (st == LMDS_OK && m->cls) st = calibrate_classifier(m, l->cls, p, o);
    if (st == LMDS_OK) {
        cJSON *lj = cJSON_Parse(l->summary ? l->summary : "{}");
        st = lmds_learn_card_set(m, NULL, "labels", lj ? lj : cJSON_CreateObject());
    }
    if (st == LMDS_OK && m->nov) {
        cJSON *nj = cJSON_CreateObject();
        cJSON_AddNumberToObject(nj, "reference_materials", (double)m->nov->n);
        cJSON_AddNumberToObject(nj, "principal_components", m->nov->k);
        cJSON_AddNumberToObject(nj, "neighbours", m->nov->knn);
        cJSON_AddStringToObject(nj, "distance", "composition distance 0.5 sum |x_i - y_i| (mole fractions)");
        st = lmds_learn_card_set(m, NULL, "novelty", nj);
    }
    return st;
}

lmds_status lmds_learn_build(const lmds_learn_labels *l, const lmds_learn_params *pin, const lmds_learn_build_opts *oin,
                             lmds_learn_model **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_build: NULL output");
    *out = NULL;
    if (!l || !l->reg || !l->cls || !pin) return lmds_error(LMDS_EINVAL, "lmds_learn_build: NULL argument");
    lmds_learn_build_opts o;
    if (oin) o = *oin;
    else lmds_learn_build_opts_default(&o);
    if (o.folds < 2 || o.cv_ensemble < 2 || o.cv_ensemble > LMDS_LEARN_MAX_ENSEMBLE || o.n_components < 1 ||
        o.k_neighbours < 1 || o.k_neighbours > 64)
        return lmds_error(LMDS_EINVAL, "lmds_learn_build: folds >= 2, 2 <= cv_ensemble <= %d, components >= 1, "
                          "1 <= neighbours <= 64", LMDS_LEARN_MAX_ENSEMBLE);
    lmds_learn_params p = *pin;
    p.classifier = 1;
    p.cls_tc_K = l->class_tc_K;
    if (!(o.base_rate > 0 && o.base_rate < 1))
        return lmds_error(LMDS_EINVAL, "lmds_learn_build: the base rate must be in (0, 1), got %g", o.base_rate);
    lmds_learn_model *m = NULL;
    lmds_status st = lmds_learn_train(l->reg, l->cls, &p, &m);
    if (st == LMDS_OK) st = build_steps(m, l, &p, &o);
    if (st != LMDS_OK) {
        lmds_learn_model_free(m);
        return st;
    }
    *out = m;
    return LMDS_OK;
}

/* ---------------------------------------------------------------- outside test */

lmds_status lmds_learn_evaluate_outside(const lmds_learn_model *m, const lmds_learn_data *list, lmds_learn_outside *ev)
{
    if (!m || !list || !ev) return lmds_error(LMDS_EINVAL, "lmds_learn_evaluate_outside: NULL argument");
    memset(ev, 0, sizeof *ev);
    if (!m->cls || !m->nov)
        return lmds_error(LMDS_ENODATA, "learn: the outside test needs a classifier and the training reference set");
    size_t n = list->n, k = 0;
    lmds_comp *c = malloc((n ? n : 1) * sizeof *c);
    int *label = malloc((n ? n : 1) * sizeof *label), *unseen_label = malloc((n ? n : 1) * sizeof *unseen_label);
    double *score = malloc((n ? n : 1) * sizeof *score), *unseen = malloc((n ? n : 1) * sizeof *unseen);
    lmds_learn_prediction *pr = malloc((n ? n : 1) * sizeof *pr);
    lmds_status st = c && label && unseen_label && score && unseen && pr ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
    ev->n_rows = n;
    ev->n_recalled = list->n_recalled;
    for (size_t i = 0; st == LMDS_OK && i < n; i++) {
        if (lmds_learn_novelty_has(m->nov, list->rows[i].formula)) {
            ev->n_leaked++;
            continue;
        }
        c[k] = list->rows[i].comp;
        label[k++] = lmds_learn_class_label(&list->rows[i], m->cls_tc_K);
    }
    ev->n_scored = k;
    if (st == LMDS_OK && k) st = lmds_learn_predict(m, c, k, pr);
    if (st == LMDS_OK) {
        size_t u = 0;
        for (size_t i = 0; i < k; i++) {
            score[i] = pr[i].p_sc;
            if (!pr[i].system_seen) {
                unseen[u] = pr[i].p_sc;
                unseen_label[u++] = label[i];
            }
        }
        lmds_learn_class_metrics_compute(score, label, NULL, k, m->threshold, &ev->at_threshold);
        lmds_learn_class_metrics_compute(unseen, unseen_label, NULL, u, m->threshold, &ev->unseen_systems);
    }
    free(c);
    free(label);
    free(unseen_label);
    free(score);
    free(unseen);
    free(pr);
    return st;
}

lmds_status lmds_learn_model_set_outside(lmds_learn_model *m, const char *key, const char *source,
                                         const lmds_learn_outside *ev)
{
    if (!m || !key || !ev) return lmds_error(LMDS_EINVAL, "lmds_learn_model_set_outside: NULL argument");
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "source", source ? source : "");
    cJSON_AddNumberToObject(j, "rows", (double)ev->n_rows);
    cJSON_AddNumberToObject(j, "rows_recalled", (double)ev->n_recalled);
    cJSON_AddNumberToObject(j, "leaked_removed", (double)ev->n_leaked);
    cJSON_AddNumberToObject(j, "scored", (double)ev->n_scored);
    cJSON_AddNumberToObject(j, "threshold", m->threshold);
    cJSON_AddItemToObject(j, "at_threshold", class_json(&ev->at_threshold));
    cJSON_AddItemToObject(j, "unseen_systems_at_threshold", class_json(&ev->unseen_systems));
    return lmds_learn_card_set(m, NULL, key, j);
}
