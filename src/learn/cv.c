/* Metrics and cross-validation of the Tc learner. Folds are row slices of one DMatrix, so features are computed
 * once per run. */
#include "learn_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- metrics */

/* Weighted ROC-AUC: the Mann-Whitney statistic with midranks for ties (Hanley & McNeil, Radiology 143, 29
 * (1982)). Sorted with a Shell sort on indices: qsort would need the scores through a static pointer. */
static double auc_of(const double *score, const int *label, const double *weight, size_t n)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) return NAN;
    for (size_t i = 0; i < n; i++) idx[i] = i;
    for (size_t gap = n / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < n; i++) {
            size_t t = idx[i], j = i;
            while (j >= gap && score[idx[j - gap]] > score[t]) {
                idx[j] = idx[j - gap];
                j -= gap;
            }
            idx[j] = t;
        }
    /* Sum over positives of (weight of negatives below + half the weight of tied negatives). */
    double wneg_below = 0, num = 0, wpos = 0, wneg = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double tp = 0, tn = 0;
        while (j < n && score[idx[j]] == score[idx[i]]) {
            double w = weight ? weight[idx[j]] : 1.0;
            if (label[idx[j]]) tp += w;
            else tn += w;
            j++;
        }
        num += tp * (wneg_below + 0.5 * tn);
        wneg_below += tn;
        wpos += tp;
        wneg += tn;
        i = j;
    }
    free(idx);
    if (!(wpos > 0) || !(wneg > 0)) return NAN;
    return num / (wpos * wneg);
}

void lmds_learn_class_metrics_compute(const double *score, const int *label, const double *weight, size_t n,
                                      double threshold, lmds_learn_class_metrics *m)
{
    memset(m, 0, sizeof *m);
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        double w = weight ? weight[i] : 1.0;
        int call = score[i] >= threshold;
        m->n_pos += label[i] != 0;
        if (label[i]) call ? (m->tp += w) : (m->fn += w);
        else call ? (m->fp += w) : (m->tn += w);
    }
    m->precision = m->tp + m->fp > 0 ? m->tp / (m->tp + m->fp) : NAN;
    m->recall = m->tp + m->fn > 0 ? m->tp / (m->tp + m->fn) : NAN;
    m->f1 = 2 * m->tp + m->fp + m->fn > 0 ? 2 * m->tp / (2 * m->tp + m->fp + m->fn) : NAN;
    m->auc = n ? auc_of(score, label, weight, n) : NAN;
}

void lmds_learn_metrics_compute(const double *truth, const double *pred, const unsigned char *subset, size_t n,
                                lmds_learn_metrics *m)
{
    memset(m, 0, sizeof *m);
    double sy = 0, sl = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!subset || subset[i]) {
            sy += truth[i];
            sl += log1p(truth[i]);
            k++;
        }
    m->n = k;
    if (!k) {
        m->rmse_K = m->mae_K = m->r2 = m->rmse_log = m->mae_log = m->r2_log = NAN;
        m->acc10 = m->precision10 = m->recall10 = m->f1_10 = m->auc10 = NAN;
        return;
    }
    double my = sy / k, ml = sl / k;
    double se = 0, ae = 0, st = 0, sel = 0, ael = 0, stl = 0;
    double *sc = malloc(k * sizeof *sc);
    int *lb = malloc(k * sizeof *lb);
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        if (subset && !subset[i]) continue;
        double pr = pred[i], tr = truth[i];
        se += (pr - tr) * (pr - tr);
        ae += fabs(pr - tr);
        st += (tr - my) * (tr - my);
        /* Log metrics on ln(1 + Tc/K); predictions below 0 K count as 0 K. */
        double lp = log1p(pr > 0 ? pr : 0), lt = log1p(tr);
        sel += (lp - lt) * (lp - lt);
        ael += fabs(lp - lt);
        stl += (lt - ml) * (lt - ml);
        if (sc && lb) {
            sc[q] = pr;
            lb[q] = tr > 10;
            q++;
        }
    }
    m->rmse_K = sqrt(se / k);
    m->mae_K = ae / k;
    m->r2 = st > 0 ? 1 - se / st : NAN;
    m->rmse_log = sqrt(sel / k);
    m->mae_log = ael / k;
    m->r2_log = stl > 0 ? 1 - sel / stl : NAN;
    m->acc10 = m->precision10 = m->recall10 = m->f1_10 = m->auc10 = NAN;
    if (sc && lb) {
        /* Tc > 10 K as a binary call from the predicted Tc. */
        lmds_learn_class_metrics c;
        lmds_learn_class_metrics_compute(sc, lb, NULL, k, nextafter(10.0, INFINITY), &c);
        m->acc10 = (c.tp + c.tn) / (double)k;
        m->precision10 = c.precision;
        m->recall10 = c.recall;
        m->f1_10 = c.f1;
        m->auc10 = c.auc;
    }
    free(sc);
    free(lb);
}

/* ---------------------------------------------------------------- cross-validation */

/* Train p->n_ensemble boosters (1 for the classifier) on rows tr of full, predict rows te: mean into pred, spread
 * into sd (may be NULL). */
static lmds_status fit_predict_dm(DMatrixHandle full, const lmds_learn_params *p, int classifier, const size_t *tr,
                                  size_t ntr, const size_t *te, size_t nte, long *done, long total, double *pred,
                                  double *sd)
{
    int *itr = malloc((ntr ? ntr : 1) * sizeof *itr), *ite = malloc((nte ? nte : 1) * sizeof *ite);
    float *buf = malloc((nte ? nte : 1) * sizeof *buf);
    double *s1 = calloc(nte ? nte : 1, sizeof *s1), *s2 = calloc(nte ? nte : 1, sizeof *s2);
    lmds_status st = LMDS_OK;
    if (!itr || !ite || !buf || !s1 || !s2) st = lmds_error(LMDS_ENOMEM, "out of memory");
    DMatrixHandle dtr = NULL, dte = NULL;
    if (st == LMDS_OK) {
        for (size_t i = 0; i < ntr; i++) itr[i] = (int)tr[i];
        for (size_t i = 0; i < nte; i++) ite[i] = (int)te[i];
        if (XGDMatrixSliceDMatrix(full, itr, ntr, &dtr) != 0 || XGDMatrixSliceDMatrix(full, ite, nte, &dte) != 0)
            st = lmds_learn_xgb_error("matrix slicing");
    }
    int members = classifier ? 1 : p->n_ensemble;
    lmds_learn_params pc = *p;
    if (classifier) pc.max_depth = p->max_depth < 8 ? p->max_depth : 8;
    for (int e = 0; st == LMDS_OK && e < members; e++) {
        BoosterHandle b;
        uint64_t seed = classifier ? p->seed + 77 : p->seed + 1000003ULL * (uint64_t)e;
        st = lmds_learn_train_booster(dtr, &pc, classifier, seed, classifier ? p->cls_rounds : p->n_rounds, done,
                                      total, &b);
        if (st != LMDS_OK) break;
        st = lmds_learn_booster_predict(b, dte, nte, buf);
        XGBoosterFree(b);
        for (size_t i = 0; st == LMDS_OK && i < nte; i++) {
            s1[i] += buf[i];
            s2[i] += (double)buf[i] * buf[i];
        }
    }
    for (size_t i = 0; st == LMDS_OK && i < nte; i++) {
        double mean = s1[i] / members;
        pred[i] = mean;
        if (sd) {
            double v = s2[i] / members - mean * mean;
            sd[i] = members > 1 && v > 0 ? sqrt(v * members / (members - 1)) : 0;
        }
    }
    if (dtr) XGDMatrixFree(dtr);
    if (dte) XGDMatrixFree(dte);
    free(itr);
    free(ite);
    free(buf);
    free(s1);
    free(s2);
    return st;
}

lmds_status lmds_learn_fit_predict(const lmds_learn_data *d, const lmds_learn_params *pin, const size_t *train_idx,
                                   size_t n_train, const size_t *test_idx, size_t n_test, double *pred, double *sd)
{
    if (!d || !train_idx || !test_idx || !pred || !n_train)
        return lmds_error(LMDS_EINVAL, "lmds_learn_fit_predict: NULL argument or empty training set");
    lmds_learn_params p;
    if (pin) p = *pin;
    else lmds_learn_params_default(&p);
    lmds_status st = lmds_learn_params_check(&p);
    if (st != LMDS_OK) return st;
    for (size_t i = 0; i < n_train; i++)
        if (train_idx[i] >= d->n) return lmds_error(LMDS_EINVAL, "learn: training index %zu out of range", train_idx[i]);
    for (size_t i = 0; i < n_test; i++)
        if (test_idx[i] >= d->n) return lmds_error(LMDS_EINVAL, "learn: test index %zu out of range", test_idx[i]);
    lmds_learn_featurizer *f;
    if ((st = lmds_learn_featurizer_new(p.features, &f)) != LMDS_OK) return st;
    DMatrixHandle full;
    st = lmds_learn_data_dmatrix(f, d, 0, &p, &full);
    lmds_learn_featurizer_free(f);
    if (st != LMDS_OK) return st;
    long done = 0, total = (long)p.n_ensemble * p.n_rounds;
    st = fit_predict_dm(full, &p, 0, train_idx, n_train, test_idx, n_test, &done, total, pred, sd);
    XGDMatrixFree(full);
    return st;
}

static int cmp_key(const void *a, const void *b)
{
    const lmds_learn_row *const *x = a, *const *y = b;
    return strcmp((*x)->system, (*y)->system);
}

static void shuffle(size_t *perm, size_t n, uint64_t *s)
{
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t i = n - 1; n > 1 && i > 0; i--) {
        size_t j = lmds_learn_rng_next(s) % (i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* Random: a seeded shuffle dealt round-robin. Group: chemical systems in a seeded random order, each given whole to
 * the fold with the fewest rows so far (balanced folds, no system split). */
lmds_status lmds_learn_assign_folds(const lmds_learn_data *d, lmds_learn_split split, int K, uint64_t seed, int *fold)
{
    size_t n = d->n;
    uint64_t s = seed ? seed : 1;
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    if (!perm) return lmds_error(LMDS_ENOMEM, "out of memory");
    if (split == LMDS_LEARN_SPLIT_RANDOM) {
        shuffle(perm, n, &s);
        for (size_t i = 0; i < n; i++) fold[perm[i]] = (int)(i % (size_t)K);
        free(perm);
        return LMDS_OK;
    }
    const lmds_learn_row **ord = malloc((n ? n : 1) * sizeof *ord);
    size_t *gstart = malloc((n + 1) * sizeof *gstart), *load = calloc((size_t)K, sizeof *load);
    if (!ord || !gstart || !load) {
        free(perm);
        free(ord);
        free(gstart);
        free(load);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) ord[i] = &d->rows[i];
    qsort(ord, n, sizeof *ord, cmp_key);
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(ord[i]->system, ord[i - 1]->system) != 0) gstart[ng++] = i;
    gstart[ng] = n;
    shuffle(perm, ng, &s);
    for (size_t q = 0; q < ng; q++) {
        size_t g = perm[q];
        int best = 0;
        for (int k = 1; k < K; k++)
            if (load[k] < load[best]) best = k;
        for (size_t i = gstart[g]; i < gstart[g + 1]; i++) fold[ord[i] - d->rows] = best;
        load[best] += gstart[g + 1] - gstart[g];
    }
    free(perm);
    free(ord);
    free(gstart);
    free(load);
    return LMDS_OK;
}

/* K folds of one model kind: out-of-fold predictions (and spread) and the fold of every row. */
static lmds_status cv_run(const lmds_learn_data *d, const lmds_learn_params *p, int classifier, lmds_learn_split split,
                          int K, uint64_t seed, double *pred, double *sd, int *fold)
{
    size_t *tr = malloc(d->n * sizeof *tr), *te = malloc(d->n * sizeof *te);
    double *ptmp = malloc(d->n * sizeof *ptmp), *stmp = malloc(d->n * sizeof *stmp);
    lmds_status st = LMDS_OK;
    if (!tr || !te || !ptmp || !stmp) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st == LMDS_OK) st = lmds_learn_assign_folds(d, split, K, seed, fold);
    lmds_learn_featurizer *f = NULL;
    DMatrixHandle full = NULL;
    if (st == LMDS_OK) st = lmds_learn_featurizer_new(p->features, &f);
    if (st == LMDS_OK) st = lmds_learn_data_dmatrix(f, d, classifier, p, &full);
    long done = 0, total = (long)K * (classifier ? p->cls_rounds : (long)p->n_ensemble * p->n_rounds);
    for (int k = 0; st == LMDS_OK && k < K; k++) {
        size_t ntr = 0, nte = 0;
        for (size_t i = 0; i < d->n; i++) {
            if (fold[i] == k) te[nte++] = i;
            else tr[ntr++] = i;
        }
        if (!nte || !ntr) continue;
        st = fit_predict_dm(full, p, classifier, tr, ntr, te, nte, &done, total, ptmp, stmp);
        for (size_t i = 0; st == LMDS_OK && i < nte; i++) {
            pred[te[i]] = ptmp[i];
            if (sd) sd[te[i]] = stmp[i];
        }
    }
    if (full) XGDMatrixFree(full);
    lmds_learn_featurizer_free(f);
    free(tr);
    free(te);
    free(ptmp);
    free(stmp);
    return st;
}

static lmds_status cv_check(const lmds_learn_data *d, const lmds_learn_params *pin, int K, lmds_learn_params *p)
{
    if (!d) return lmds_error(LMDS_EINVAL, "lmds_learn_cv: NULL data");
    if (K < 2 || (size_t)K > d->n) return lmds_error(LMDS_EINVAL, "learn: need 2 <= folds <= rows (got %d)", K);
    if (pin) *p = *pin;
    else lmds_learn_params_default(p);
    return lmds_learn_params_check(p);
}

lmds_status lmds_learn_cv(const lmds_learn_data *d, const lmds_learn_params *pin, lmds_learn_split split, int K,
                          uint64_t seed, double *oof, double *oof_sd, int *fold_out, lmds_learn_metrics *out)
{
    lmds_learn_params p;
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_cv: NULL argument");
    lmds_status st = cv_check(d, pin, K, &p);
    if (st != LMDS_OK) return st;
    int *fold = malloc(d->n * sizeof *fold);
    double *pred = malloc(d->n * sizeof *pred), *sd = malloc(d->n * sizeof *sd), *truth = malloc(d->n * sizeof *truth);
    if (!fold || !pred || !sd || !truth) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st == LMDS_OK) st = cv_run(d, &p, 0, split, K, seed, pred, sd, fold);
    if (st == LMDS_OK) {
        for (size_t i = 0; i < d->n; i++) truth[i] = d->rows[i].tc_K;
        lmds_learn_metrics_compute(truth, pred, NULL, d->n, out);
        if (oof) memcpy(oof, pred, d->n * sizeof *oof);
        if (oof_sd) memcpy(oof_sd, sd, d->n * sizeof *oof_sd);
        if (fold_out) memcpy(fold_out, fold, d->n * sizeof *fold_out);
    }
    free(fold);
    free(pred);
    free(sd);
    free(truth);
    return st;
}

lmds_status lmds_learn_cv_classifier(const lmds_learn_data *d, const lmds_learn_params *pin, lmds_learn_split split,
                                     int K, uint64_t seed, double *prob, int *fold_out)
{
    lmds_learn_params p;
    if (!prob) return lmds_error(LMDS_EINVAL, "lmds_learn_cv_classifier: NULL argument");
    lmds_status st = cv_check(d, pin, K, &p);
    if (st != LMDS_OK) return st;
    int *fold = malloc(d->n * sizeof *fold);
    if (!fold) return lmds_error(LMDS_ENOMEM, "out of memory");
    st = cv_run(d, &p, 1, split, K, seed, prob, NULL, fold);
    if (st == LMDS_OK && fold_out) memcpy(fold_out, fold, d->n * sizeof *fold_out);
    free(fold);
    return st;
}
