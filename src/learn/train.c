/* Training, cross-validation and metrics of the Tc learner (XGBoost C API, Chen & Guestrin, KDD 2016,
 * doi:10.1145/2939672.2939785). Feature matrices go to XGBoost as one dense float matrix
 * (XGDMatrixCreateFromMat); folds are row slices of that one DMatrix, so features are computed once per run. */
#include "learn_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

uint64_t lmds_learn_rng_next(uint64_t *s)
{
    /* splitmix64 (Steele, Lea & Flood, OOPSLA 2014). */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

lmds_status lmds_learn_xgb_error(const char *what)
{
    return lmds_error(LMDS_EUNSUPPORTED, "learn: XGBoost %s failed: %s", what, XGBGetLastError());
}

void lmds_learn_params_default(lmds_learn_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->features = "default";
    p->n_rounds = 400;
    p->max_depth = 8;
    p->eta = 0.05;
    p->subsample = 0.8;
    p->colsample = 0.5;
    p->min_child_weight = 1.0;
    p->lambda = 1.0;
    p->n_ensemble = 5;
    p->classifier = 1;
    p->cls_rounds = 300;
    p->seed = 42;
    p->nthread = 0;
}

static lmds_status check_params(const lmds_learn_params *p)
{
    if (p->n_rounds < 1 || p->n_rounds > 100000) return lmds_error(LMDS_EINVAL, "learn: rounds must be 1..100000");
    if (p->max_depth < 1 || p->max_depth > 30) return lmds_error(LMDS_EINVAL, "learn: depth must be 1..30");
    if (!(p->eta > 0 && p->eta <= 1)) return lmds_error(LMDS_EINVAL, "learn: eta must be in (0, 1]");
    if (!(p->subsample > 0 && p->subsample <= 1)) return lmds_error(LMDS_EINVAL, "learn: subsample must be in (0, 1]");
    if (!(p->colsample > 0 && p->colsample <= 1)) return lmds_error(LMDS_EINVAL, "learn: colsample must be in (0, 1]");
    if (p->n_ensemble < 1 || p->n_ensemble > LMDS_LEARN_MAX_ENSEMBLE)
        return lmds_error(LMDS_EINVAL, "learn: ensemble size must be 1..%d", LMDS_LEARN_MAX_ENSEMBLE);
    return LMDS_OK;
}

lmds_status lmds_learn_train_booster(DMatrixHandle dtrain, const lmds_learn_params *p, int classifier,
                                     uint64_t seed, int rounds, long *done, long total, BoosterHandle *out)
{
    BoosterHandle b;
    if (XGBoosterCreate(&dtrain, 1, &b) != 0) return lmds_learn_xgb_error("booster creation");
    char v[64];
    int bad = 0;
#define SETP(k, fmt, val) \
    do { snprintf(v, sizeof v, fmt, val); bad |= XGBoosterSetParam(b, k, v) != 0; } while (0)
    bad |= XGBoosterSetParam(b, "objective", classifier ? "binary:logistic" : "reg:squarederror") != 0;
    bad |= XGBoosterSetParam(b, "tree_method", "hist") != 0;
    bad |= XGBoosterSetParam(b, "verbosity", "0") != 0;
    SETP("max_depth", "%d", p->max_depth);
    SETP("eta", "%.17g", p->eta);
    SETP("subsample", "%.17g", p->subsample);
    SETP("colsample_bytree", "%.17g", p->colsample);
    SETP("min_child_weight", "%.17g", p->min_child_weight);
    SETP("lambda", "%.17g", p->lambda);
    SETP("seed", "%u", (unsigned)(seed & 0x7fffffff));
    if (p->nthread > 0) SETP("nthread", "%d", p->nthread);
#undef SETP
    if (bad) {
        XGBoosterFree(b);
        return lmds_learn_xgb_error("parameter setting");
    }
    for (int it = 0; it < rounds; it++) {
        if (XGBoosterUpdateOneIter(b, it, dtrain) != 0) {
            XGBoosterFree(b);
            return lmds_learn_xgb_error("boosting round");
        }
        if (done) {
            ++*done;
            if (p->progress) p->progress(p->progress_ctx, *done, total);
        }
    }
    *out = b;
    return LMDS_OK;
}

lmds_status lmds_learn_booster_predict(BoosterHandle b, DMatrixHandle d, size_t n, float *out)
{
    const bst_ulong *shape;
    bst_ulong dim;
    const float *res;
    if (XGBoosterPredictFromDMatrix(b, d, "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
                                          "\"iteration_end\": 0, \"strict_shape\": false}",
                                    &shape, &dim, &res) != 0)
        return lmds_learn_xgb_error("prediction");
    bst_ulong len = 1;
    for (bst_ulong k = 0; k < dim; k++) len *= shape[k];
    if (len != n) return lmds_error(LMDS_EUNSUPPORTED, "learn: XGBoost returned %lu predictions for %zu rows",
                                    (unsigned long)len, n);
    memcpy(out, res, n * sizeof *out);
    return LMDS_OK;
}

/* Build the dense DMatrix of the rows of d with Tc labels (classifier: 1 when Tc > 0). */
static lmds_status data_dmatrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, int classifier,
                                DMatrixHandle *out)
{
    float *X = NULL;
    lmds_status st = lmds_learn_data_matrix(f, d, &X);
    if (st != LMDS_OK) return st;
    DMatrixHandle dm;
    int rc = XGDMatrixCreateFromMat(X, d->n, lmds_learn_featurizer_count(f), NAN, &dm);
    free(X);
    if (rc != 0) return lmds_learn_xgb_error("matrix creation");
    float *y = malloc(d->n * sizeof *y);
    if (!y) {
        XGDMatrixFree(dm);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->n; i++) y[i] = classifier ? (d->rows[i].tc_K > 0) : (float)d->rows[i].tc_K;
    rc = XGDMatrixSetFloatInfo(dm, "label", y, d->n);
    free(y);
    if (rc != 0) {
        XGDMatrixFree(dm);
        return lmds_learn_xgb_error("label setting");
    }
    *out = dm;
    return LMDS_OK;
}

static cJSON *params_json(const lmds_learn_params *p)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "booster", "gbtree");
    cJSON_AddStringToObject(j, "tree_method", "hist");
    cJSON_AddStringToObject(j, "objective", "reg:squarederror");
    cJSON_AddNumberToObject(j, "n_rounds", p->n_rounds);
    cJSON_AddNumberToObject(j, "max_depth", p->max_depth);
    cJSON_AddNumberToObject(j, "eta", p->eta);
    cJSON_AddNumberToObject(j, "subsample", p->subsample);
    cJSON_AddNumberToObject(j, "colsample_bytree", p->colsample);
    cJSON_AddNumberToObject(j, "min_child_weight", p->min_child_weight);
    cJSON_AddNumberToObject(j, "lambda", p->lambda);
    cJSON_AddNumberToObject(j, "n_ensemble", p->n_ensemble);
    cJSON_AddNumberToObject(j, "classifier_rounds", p->classifier ? p->cls_rounds : 0);
    cJSON_AddNumberToObject(j, "seed", (double)p->seed);
    return j;
}

static cJSON *data_json(const lmds_learn_data *d, size_t n_used)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "source", d->source);
    cJSON_AddNumberToObject(j, "rows_read", (double)d->n_read);
    cJSON_AddNumberToObject(j, "rows_after_cleaning_and_merging", (double)d->n);
    cJSON_AddNumberToObject(j, "rows_used", (double)n_used);
    cJSON_AddNumberToObject(j, "variable_oxygen_fixed", (double)d->n_variable_fixed);
    cJSON_AddNumberToObject(j, "oxygen_placeholder", (double)d->n_oxygen_placeholder);
    cJSON_AddNumberToObject(j, "unparsed_dropped", (double)d->n_unparsed);
    cJSON_AddNumberToObject(j, "bad_tc_dropped", (double)d->n_bad_tc);
    cJSON_AddNumberToObject(j, "no_element_data_dropped", (double)d->n_no_features);
    cJSON_AddNumberToObject(j, "duplicates_merged", (double)d->n_merged);
    return j;
}

lmds_status lmds_learn_train(const lmds_learn_data *reg, const lmds_learn_data *cls, const lmds_learn_params *pin,
                             lmds_learn_model **out)
{
    if (out) *out = NULL;
    if (!reg || !out) return lmds_error(LMDS_EINVAL, "lmds_learn_train: NULL argument");
    lmds_learn_params p;
    if (pin) p = *pin;
    else lmds_learn_params_default(&p);
    lmds_status st = check_params(&p);
    if (st != LMDS_OK) return st;

    /* The regressor learns Tc of superconductors only (Tc > 0). */
    lmds_learn_data sc = *reg;
    sc.rows = malloc((reg->n ? reg->n : 1) * sizeof *sc.rows);
    if (!sc.rows) return lmds_error(LMDS_ENOMEM, "out of memory");
    sc.n = 0;
    for (size_t i = 0; i < reg->n; i++)
        if (reg->rows[i].tc_K > 0) sc.rows[sc.n++] = reg->rows[i];
    if (sc.n < 2) {
        free(sc.rows);
        return lmds_error(LMDS_ENODATA, "learn: fewer than 2 rows with Tc > 0 to train on");
    }

    lmds_learn_model *m = lmds_learn_model_alloc();
    if (!m) {
        free(sc.rows);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    st = lmds_learn_featurizer_new(p.features, &m->feat);
    size_t nf = lmds_learn_featurizer_count(m->feat);
    float *X = NULL;
    if (st == LMDS_OK) st = lmds_learn_data_matrix(m->feat, &sc, &X);
    DMatrixHandle dm = NULL;
    if (st == LMDS_OK) {
        /* The domain: elements and feature ranges seen in training. */
        m->fmin = malloc(nf * sizeof *m->fmin);
        m->fmax = malloc(nf * sizeof *m->fmax);
        if (!m->fmin || !m->fmax) st = lmds_error(LMDS_ENOMEM, "out of memory");
    }
    if (st == LMDS_OK) {
        for (size_t k = 0; k < nf; k++) m->fmin[k] = m->fmax[k] = X[k];
        for (size_t i = 0; i < sc.n; i++) {
            const float *xi = X + i * nf;
            for (size_t k = 0; k < nf; k++) {
                if (xi[k] < m->fmin[k]) m->fmin[k] = xi[k];
                if (xi[k] > m->fmax[k]) m->fmax[k] = xi[k];
            }
            for (int e = 0; e < sc.rows[i].comp.n; e++) m->elements[sc.rows[i].comp.z[e]] = 1;
        }
        if (XGDMatrixCreateFromMat(X, sc.n, nf, NAN, &dm) != 0) st = lmds_learn_xgb_error("matrix creation");
    }
    free(X);
    if (st == LMDS_OK) {
        float *y = malloc(sc.n * sizeof *y);
        if (!y) st = lmds_error(LMDS_ENOMEM, "out of memory");
        else {
            for (size_t i = 0; i < sc.n; i++) y[i] = (float)sc.rows[i].tc_K;
            if (XGDMatrixSetFloatInfo(dm, "label", y, sc.n) != 0) st = lmds_learn_xgb_error("label setting");
            free(y);
        }
    }
    int with_cls = p.classifier && cls && cls->n > 1;
    long done = 0, total = (long)p.n_ensemble * p.n_rounds + (with_cls ? p.cls_rounds : 0);
    for (int e = 0; st == LMDS_OK && e < p.n_ensemble; e++) {
        st = lmds_learn_train_booster(dm, &p, 0, p.seed + 1000003ULL * (uint64_t)e, p.n_rounds, &done, total,
                                      &m->reg[e]);
        if (st == LMDS_OK) m->n_reg++;
    }
    if (dm) XGDMatrixFree(dm);
    if (st == LMDS_OK && with_cls) {
        DMatrixHandle dc;
        st = data_dmatrix(m->feat, cls, 1, &dc);
        if (st == LMDS_OK) {
            lmds_learn_params pc = p;
            pc.max_depth = p.max_depth < 8 ? p.max_depth : 8;
            st = lmds_learn_train_booster(dc, &pc, 1, p.seed + 77, p.cls_rounds, &done, total, &m->cls);
            XGDMatrixFree(dc);
        }
    }
    if (st == LMDS_OK) {
        /* The card: what the model was trained on, with what, when. */
        cJSON *card = cJSON_CreateObject();
        cJSON_AddStringToObject(card, "model", "lmds Tc regressor (XGBoost gradient-boosted trees)");
        cJSON_AddStringToObject(card, "lmds_version", LMDS_VERSION_STRING);
        const char *ver = NULL;
        if (XGBuildInfo(&ver) == 0 && ver) {
            cJSON *bi = cJSON_Parse(ver);
            if (bi) cJSON_AddItemToObject(card, "xgboost_build", bi);
        }
        int maj, min, pat;
        XGBoostVersion(&maj, &min, &pat);
        char vs[32];
        snprintf(vs, sizeof vs, "%d.%d.%d", maj, min, pat);
        cJSON_AddStringToObject(card, "xgboost_version", vs);
        time_t now = time(NULL);
        char date[32];
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
        cJSON_AddStringToObject(card, "date", date);
        cJSON_AddItemToObject(card, "data", data_json(reg, sc.n));
        if (with_cls) cJSON_AddItemToObject(card, "classifier_data", data_json(cls, cls->n));
        cJSON *fj = cJSON_CreateObject();
        cJSON_AddStringToObject(fj, "preset", lmds_learn_featurizer_preset(m->feat));
        cJSON_AddNumberToObject(fj, "count", (double)nf);
        cJSON *names = cJSON_CreateArray();
        for (size_t k = 0; k < nf; k++) cJSON_AddItemToArray(names, cJSON_CreateString(m->feat->names[k]));
        cJSON_AddItemToObject(fj, "names", names);
        cJSON_AddItemToObject(card, "features", fj);
        cJSON_AddItemToObject(card, "hyperparameters", params_json(&p));
        cJSON_AddStringToObject(card, "target", "Tc in K of rows with Tc > 0 (regressor); Tc > 0 reported vs "
                                                "'no Tc reported' (classifier)");
        cJSON_AddItemToObject(card, "metrics", cJSON_CreateObject());
        cJSON_AddItemToObject(card, "notes", cJSON_CreateObject());
        m->card = cJSON_PrintUnformatted(card);
        cJSON_Delete(card);
        if (!m->card) st = lmds_error(LMDS_ENOMEM, "out of memory");
    }
    free(sc.rows);
    if (st != LMDS_OK) {
        lmds_learn_model_free(m);
        return st;
    }
    *out = m;
    return LMDS_OK;
}

/* ---------------------------------------------------------------- metrics */

static double auc_of(const double *score, const int *label, size_t n)
{
    /* Mann-Whitney U with midranks for ties. */
    size_t *idx = malloc(n * sizeof *idx);
    if (!idx) return NAN;
    for (size_t i = 0; i < n; i++) idx[i] = i;
    /* insertion-free: simple qsort on a static pointer is not reentrant, so use a merge-free approach */
    for (size_t gap = n / 2; gap > 0; gap /= 2) /* Shell sort: n is at most tens of thousands */
        for (size_t i = gap; i < n; i++) {
            size_t t = idx[i], j = i;
            while (j >= gap && score[idx[j - gap]] > score[t]) {
                idx[j] = idx[j - gap];
                j -= gap;
            }
            idx[j] = t;
        }
    double rsum = 0;
    size_t npos = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && score[idx[j]] == score[idx[i]]) j++;
        double r = 0.5 * (double)(i + 1 + j);
        for (size_t k = i; k < j; k++)
            if (label[idx[k]]) {
                rsum += r;
                npos++;
            }
        i = j;
    }
    free(idx);
    size_t nneg = n - npos;
    if (!npos || !nneg) return NAN;
    return (rsum - 0.5 * (double)npos * (npos + 1)) / ((double)npos * nneg);
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
    size_t tp = 0, fp = 0, fn = 0, tn = 0;
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
        int yt = tr > 10, yp = pr > 10;
        tp += yt && yp;
        fp += !yt && yp;
        fn += yt && !yp;
        tn += !yt && !yp;
        if (sc && lb) {
            sc[q] = pr;
            lb[q] = yt;
            q++;
        }
    }
    m->rmse_K = sqrt(se / k);
    m->mae_K = ae / k;
    m->r2 = st > 0 ? 1 - se / st : NAN;
    m->rmse_log = sqrt(sel / k);
    m->mae_log = ael / k;
    m->r2_log = stl > 0 ? 1 - sel / stl : NAN;
    m->acc10 = (double)(tp + tn) / k;
    m->precision10 = tp + fp ? (double)tp / (tp + fp) : NAN;
    m->recall10 = tp + fn ? (double)tp / (tp + fn) : NAN;
    m->f1_10 = 2 * tp + fp + fn ? 2.0 * tp / (2.0 * tp + fp + fn) : NAN;
    m->auc10 = (sc && lb) ? auc_of(sc, lb, k) : NAN;
    free(sc);
    free(lb);
}

/* ---------------------------------------------------------------- cross-validation */

static lmds_status fit_predict_dm(DMatrixHandle full, const lmds_learn_params *p, const size_t *tr, size_t ntr,
                                  const size_t *te, size_t nte, long *done, long total, double *pred, double *sd)
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
    for (int e = 0; st == LMDS_OK && e < p->n_ensemble; e++) {
        BoosterHandle b;
        st = lmds_learn_train_booster(dtr, p, 0, p->seed + 1000003ULL * (uint64_t)e, p->n_rounds, done, total, &b);
        if (st != LMDS_OK) break;
        st = lmds_learn_booster_predict(b, dte, nte, buf);
        XGBoosterFree(b);
        for (size_t i = 0; st == LMDS_OK && i < nte; i++) {
            s1[i] += buf[i];
            s2[i] += (double)buf[i] * buf[i];
        }
    }
    if (st == LMDS_OK)
        for (size_t i = 0; i < nte; i++) {
            double mean = s1[i] / p->n_ensemble;
            pred[i] = mean;
            if (sd) {
                double v = s2[i] / p->n_ensemble - mean * mean;
                sd[i] = p->n_ensemble > 1 && v > 0 ? sqrt(v * p->n_ensemble / (p->n_ensemble - 1)) : 0;
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
    lmds_status st = check_params(&p);
    if (st != LMDS_OK) return st;
    for (size_t i = 0; i < n_train; i++)
        if (train_idx[i] >= d->n) return lmds_error(LMDS_EINVAL, "learn: training index %zu out of range", train_idx[i]);
    for (size_t i = 0; i < n_test; i++)
        if (test_idx[i] >= d->n) return lmds_error(LMDS_EINVAL, "learn: test index %zu out of range", test_idx[i]);
    lmds_learn_featurizer *f;
    if ((st = lmds_learn_featurizer_new(p.features, &f)) != LMDS_OK) return st;
    DMatrixHandle full;
    st = data_dmatrix(f, d, 0, &full);
    lmds_learn_featurizer_free(f);
    if (st != LMDS_OK) return st;
    long done = 0, total = (long)p.n_ensemble * p.n_rounds;
    st = fit_predict_dm(full, &p, train_idx, n_train, test_idx, n_test, &done, total, pred, sd);
    XGDMatrixFree(full);
    return st;
}

static int cmp_key(const void *a, const void *b)
{
    const lmds_learn_row *const *x = a, *const *y = b;
    return strcmp((*x)->system, (*y)->system);
}

/* Assign folds. Random: a seeded shuffle dealt round-robin. Group: chemical systems in a seeded random order,
 * each given whole to the fold with the fewest rows so far (balanced folds, no system split). */
static lmds_status assign_folds(const lmds_learn_data *d, lmds_learn_split split, int K, uint64_t seed, int *fold)
{
    size_t n = d->n;
    uint64_t s = seed ? seed : 1;
    size_t *perm = malloc(n * sizeof *perm);
    if (!perm) return lmds_error(LMDS_ENOMEM, "out of memory");
    if (split == LMDS_LEARN_SPLIT_RANDOM) {
        for (size_t i = 0; i < n; i++) perm[i] = i;
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = lmds_learn_rng_next(&s) % (i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (size_t i = 0; i < n; i++) fold[perm[i]] = (int)(i % (size_t)K);
        free(perm);
        return LMDS_OK;
    }
    const lmds_learn_row **ord = malloc(n * sizeof *ord);
    size_t *gstart = malloc((n + 1) * sizeof *gstart);
    size_t *load = calloc((size_t)K, sizeof *load);
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
    for (size_t g = 0; g < ng; g++) perm[g] = g;
    for (size_t g = ng - 1; g > 0; g--) {
        size_t j = lmds_learn_rng_next(&s) % (g + 1), t = perm[g];
        perm[g] = perm[j];
        perm[j] = t;
    }
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

lmds_status lmds_learn_cv(const lmds_learn_data *d, const lmds_learn_params *pin, lmds_learn_split split, int K,
                          uint64_t seed, double *oof, double *oof_sd, int *fold_out, lmds_learn_metrics *out)
{
    if (!d || !out) return lmds_error(LMDS_EINVAL, "lmds_learn_cv: NULL argument");
    if (K < 2 || (size_t)K > d->n) return lmds_error(LMDS_EINVAL, "learn: need 2 <= folds <= rows (got %d)", K);
    lmds_learn_params p;
    if (pin) p = *pin;
    else lmds_learn_params_default(&p);
    lmds_status st = check_params(&p);
    if (st != LMDS_OK) return st;
    int *fold = malloc(d->n * sizeof *fold);
    double *pred = malloc(d->n * sizeof *pred), *sd = malloc(d->n * sizeof *sd), *truth = malloc(d->n * sizeof *truth);
    double *ptmp = malloc(d->n * sizeof *ptmp), *stmp = malloc(d->n * sizeof *stmp);
    size_t *tr = malloc(d->n * sizeof *tr), *te = malloc(d->n * sizeof *te);
    if (!fold || !pred || !sd || !truth || !ptmp || !stmp || !tr || !te) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st == LMDS_OK) st = assign_folds(d, split, K, seed, fold);
    lmds_learn_featurizer *f = NULL;
    DMatrixHandle full = NULL;
    if (st == LMDS_OK) st = lmds_learn_featurizer_new(p.features, &f);
    if (st == LMDS_OK) st = data_dmatrix(f, d, 0, &full);
    long done = 0, total = (long)K * p.n_ensemble * p.n_rounds;
    for (int k = 0; st == LMDS_OK && k < K; k++) {
        size_t ntr = 0, nte = 0;
        for (size_t i = 0; i < d->n; i++) {
            if (fold[i] == k) te[nte++] = i;
            else tr[ntr++] = i;
        }
        if (!nte || !ntr) continue;
        st = fit_predict_dm(full, &p, tr, ntr, te, nte, &done, total, ptmp, stmp);
        for (size_t i = 0; st == LMDS_OK && i < nte; i++) {
            pred[te[i]] = ptmp[i];
            sd[te[i]] = stmp[i];
        }
    }
    if (st == LMDS_OK) {
        for (size_t i = 0; i < d->n; i++) truth[i] = d->rows[i].tc_K;
        lmds_learn_metrics_compute(truth, pred, NULL, d->n, out);
        if (oof) memcpy(oof, pred, d->n * sizeof *oof);
        if (oof_sd) memcpy(oof_sd, sd, d->n * sizeof *oof_sd);
        if (fold_out) memcpy(fold_out, fold, d->n * sizeof *fold_out);
    }
    if (full) XGDMatrixFree(full);
    lmds_learn_featurizer_free(f);
    free(fold);
    free(pred);
    free(sd);
    free(truth);
    free(ptmp);
    free(stmp);
    free(tr);
    free(te);
    return st;
}
