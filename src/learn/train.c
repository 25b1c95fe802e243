/* Training of the Tc learner (XGBoost C API, Chen & Guestrin, KDD 2016, doi:10.1145/2939672.2939785). Feature
 * matrices go to XGBoost as one dense float matrix (XGDMatrixCreateFromMat). */
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

lmds_status lmds_learn_params_check(const lmds_learn_params *p)
{
    if (p->n_rounds < 1 || p->n_rounds > 100000) return lmds_error(LMDS_EINVAL, "learn: rounds must be 1..100000");
    if (p->max_depth < 1 || p->max_depth > 30) return lmds_error(LMDS_EINVAL, "learn: depth must be 1..30");
    if (!(p->eta > 0 && p->eta <= 1)) return lmds_error(LMDS_EINVAL, "learn: eta must be in (0, 1]");
    if (!(p->subsample > 0 && p->subsample <= 1)) return lmds_error(LMDS_EINVAL, "learn: subsample must be in (0, 1]");
    if (!(p->colsample > 0 && p->colsample <= 1)) return lmds_error(LMDS_EINVAL, "learn: colsample must be in (0, 1]");
    if (p->n_ensemble < 1 || p->n_ensemble > LMDS_LEARN_MAX_ENSEMBLE)
        return lmds_error(LMDS_EINVAL, "learn: ensemble size must be 1..%d", LMDS_LEARN_MAX_ENSEMBLE);
    if (p->classifier && (p->cls_rounds < 1 || p->cls_rounds > 100000))
        return lmds_error(LMDS_EINVAL, "learn: classifier rounds must be 1..100000");
    if (!(p->cls_tc_K >= 0) || !isfinite(p->cls_tc_K))
        return lmds_error(LMDS_EINVAL, "learn: class temperature must be >= 0 K");
    if (!(p->cls_balance >= 0 && p->cls_balance < 1))
        return lmds_error(LMDS_EINVAL, "learn: classifier balance must be in [0, 1)");
    return LMDS_OK;
}

lmds_status lmds_learn_train_booster(DMatrixHandle dtrain, const lmds_learn_params *p, int classifier,
                                     uint64_t seed, int rounds, long *done, long total, BoosterHandle *out)
{
    *out = NULL;
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

int lmds_learn_class_label(const lmds_learn_row *r, double cls_tc_K)
{
    return r->tc_K > 0 && r->tc_K >= cls_tc_K;
}

float *lmds_learn_class_weights(const lmds_learn_data *d, double cls_tc_K, double base_rate)
{
    if (!(base_rate > 0 && base_rate < 1)) return NULL;
    size_t npos = 0;
    for (size_t i = 0; i < d->n; i++) npos += lmds_learn_class_label(&d->rows[i], cls_tc_K);
    if (npos == 0 || npos == d->n) return NULL;
    float *w = malloc(d->n * sizeof *w);
    if (!w) return NULL;
    /* Positives carry base_rate of the total weight, negatives the rest; the mean weight is 1. */
    double wp = base_rate * (double)d->n / (double)npos, wn = (1 - base_rate) * (double)d->n / (double)(d->n - npos);
    for (size_t i = 0; i < d->n; i++) w[i] = (float)(lmds_learn_class_label(&d->rows[i], cls_tc_K) ? wp : wn);
    return w;
}

/* The dense DMatrix of the rows of d with labels (regressor: Tc; classifier: the class label) and, for the
 * classifier, the base-rate weights. */
lmds_status lmds_learn_data_dmatrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, int classifier,
                                    const lmds_learn_params *p, DMatrixHandle *out)
{
    *out = NULL;
    float *X = NULL;
    lmds_status st = lmds_learn_data_matrix(f, d, &X);
    if (st != LMDS_OK) return st;
    DMatrixHandle dm;
    int rc = XGDMatrixCreateFromMat(X, d->n, lmds_learn_featurizer_count(f), NAN, &dm);
    free(X);
    if (rc != 0) return lmds_learn_xgb_error("matrix creation");
    float *y = malloc((d->n ? d->n : 1) * sizeof *y);
    if (!y) {
        XGDMatrixFree(dm);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->n; i++)
        y[i] = classifier ? (float)lmds_learn_class_label(&d->rows[i], p->cls_tc_K) : (float)d->rows[i].tc_K;
    rc = XGDMatrixSetFloatInfo(dm, "label", y, d->n);
    free(y);
    float *w = classifier ? lmds_learn_class_weights(d, p->cls_tc_K, p->cls_balance) : NULL;
    if (rc == 0 && w) rc = XGDMatrixSetFloatInfo(dm, "weight", w, d->n);
    free(w);
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
    cJSON_AddStringToObject(j, "objective", "reg:squarederror (regressors), binary:logistic (classifier)");
    cJSON_AddNumberToObject(j, "n_rounds", p->n_rounds);
    cJSON_AddNumberToObject(j, "max_depth", p->max_depth);
    cJSON_AddNumberToObject(j, "eta", p->eta);
    cJSON_AddNumberToObject(j, "subsample", p->subsample);
    cJSON_AddNumberToObject(j, "colsample_bytree", p->colsample);
    cJSON_AddNumberToObject(j, "min_child_weight", p->min_child_weight);
    cJSON_AddNumberToObject(j, "lambda", p->lambda);
    cJSON_AddNumberToObject(j, "n_ensemble", p->n_ensemble);
    cJSON_AddNumberToObject(j, "classifier_rounds", p->classifier ? p->cls_rounds : 0);
    cJSON_AddNumberToObject(j, "classifier_max_depth", p->max_depth < 8 ? p->max_depth : 8);
    cJSON_AddNumberToObject(j, "classifier_class_tc_K", p->cls_tc_K);
    cJSON_AddNumberToObject(j, "classifier_balance", p->cls_balance);
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

/* The card: what the model was trained on, with what, when. */
static lmds_status make_card(lmds_learn_model *m, const lmds_learn_data *reg, size_t n_reg, const lmds_learn_data *cls,
                             const lmds_learn_params *p)
{
    cJSON *card = cJSON_CreateObject();
    cJSON_AddStringToObject(card, "model", "lmds Tc learner (XGBoost gradient-boosted trees)");
    cJSON_AddStringToObject(card, "lmds_version", LMDS_VERSION_STRING);
    const char *ver = NULL;
    if (XGBuildInfo(&ver) == 0 && ver) {
        cJSON *bi = cJSON_Parse(ver);
        if (bi) cJSON_AddItemToObject(card, "xgboost_build", bi);
    }
    int maj, min, pat;
    XGBoostVersion(&maj, &min, &pat);
    char vs[32], date[32];
    snprintf(vs, sizeof vs, "%d.%d.%d", maj, min, pat);
    cJSON_AddStringToObject(card, "xgboost_version", vs);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(card, "date", date);
    cJSON_AddItemToObject(card, "data", data_json(reg, n_reg));
    if (cls) cJSON_AddItemToObject(card, "classifier_data", data_json(cls, cls->n));
    size_t nf = lmds_learn_featurizer_count(m->feat);
    cJSON *fj = cJSON_AddObjectToObject(card, "features");
    cJSON_AddStringToObject(fj, "preset", lmds_learn_featurizer_preset(m->feat));
    cJSON_AddNumberToObject(fj, "count", (double)nf);
    cJSON *names = cJSON_AddArrayToObject(fj, "names");
    for (size_t k = 0; k < nf; k++) cJSON_AddItemToArray(names, cJSON_CreateString(m->feat->names[k]));
    cJSON_AddItemToObject(card, "hyperparameters", params_json(p));
    char target[256];
    if (p->cls_tc_K > 0)
        snprintf(target, sizeof target, "regressor: Tc in K of superconductors (Tc > 0); classifier: superconducts at "
                 "ambient pressure with Tc >= %g K", p->cls_tc_K);
    else snprintf(target, sizeof target, "regressor: Tc in K of rows with Tc > 0; classifier: Tc > 0 vs Tc = 0");
    cJSON_AddStringToObject(card, "target", target);
    cJSON_AddItemToObject(card, "metrics", cJSON_CreateObject());
    cJSON_AddItemToObject(card, "notes", cJSON_CreateObject());
    m->card = cJSON_PrintUnformatted(card);
    cJSON_Delete(card);
    return m->card ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
}

/* The domain: elements of all training rows, feature ranges of the regressor's rows. */
static lmds_status set_domain(lmds_learn_model *m, const lmds_learn_data *sc, const float *X, const lmds_learn_data *cls)
{
    size_t nf = lmds_learn_featurizer_count(m->feat);
    m->fmin = malloc(nf * sizeof *m->fmin);
    m->fmax = malloc(nf * sizeof *m->fmax);
    if (!m->fmin || !m->fmax) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (size_t k = 0; k < nf; k++) m->fmin[k] = m->fmax[k] = X[k];
    for (size_t i = 0; i < sc->n; i++) {
        const float *xi = X + i * nf;
        for (size_t k = 0; k < nf; k++) {
            if (xi[k] < m->fmin[k]) m->fmin[k] = xi[k];
            if (xi[k] > m->fmax[k]) m->fmax[k] = xi[k];
        }
        for (int e = 0; e < sc->rows[i].comp.n; e++) m->elements[sc->rows[i].comp.z[e]] = 1;
    }
    for (size_t i = 0; cls && i < cls->n; i++)
        for (int e = 0; e < cls->rows[i].comp.n; e++) m->elements[cls->rows[i].comp.z[e]] = 1;
    return LMDS_OK;
}

/* The regressors: an ensemble of seeds on the superconductors. */
static lmds_status train_regressors(lmds_learn_model *m, const lmds_learn_data *sc, const lmds_learn_params *p,
                                    long *done, long total)
{
    float *X = NULL;
    DMatrixHandle dm = NULL;
    size_t nf = lmds_learn_featurizer_count(m->feat);
    lmds_status st = lmds_learn_data_matrix(m->feat, sc, &X);
    if (st == LMDS_OK && XGDMatrixCreateFromMat(X, sc->n, nf, NAN, &dm) != 0) st = lmds_learn_xgb_error("matrix creation");
    if (st == LMDS_OK) {
        float *y = malloc(sc->n * sizeof *y);
        if (!y) st = lmds_error(LMDS_ENOMEM, "out of memory");
        for (size_t i = 0; y && i < sc->n; i++) y[i] = (float)sc->rows[i].tc_K;
        if (y && XGDMatrixSetFloatInfo(dm, "label", y, sc->n) != 0) st = lmds_learn_xgb_error("label setting");
        free(y);
    }
    if (st == LMDS_OK) st = set_domain(m, sc, X, NULL);
    free(X);
    for (int e = 0; st == LMDS_OK && e < p->n_ensemble; e++) {
        st = lmds_learn_train_booster(dm, p, 0, p->seed + 1000003ULL * (uint64_t)e, p->n_rounds, done, total, &m->reg[e]);
        if (st == LMDS_OK) m->n_reg++;
    }
    if (dm) XGDMatrixFree(dm);
    return st;
}

/* The reference set of novelty: the labelled rows (classifier's when there are, else the regressor's). */
static lmds_status build_reference(lmds_learn_model *m, const lmds_learn_data *ref)
{
    float *X = NULL;
    lmds_status st = lmds_learn_data_matrix(m->feat, ref, &X);
    if (st == LMDS_OK)
        st = lmds_learn_novelty_build(ref, X, (int)lmds_learn_featurizer_count(m->feat), LMDS_LEARN_NOVELTY_COMPONENTS,
                                      LMDS_LEARN_NOVELTY_NEIGHBOURS, &m->nov);
    free(X);
    return st;
}

lmds_status lmds_learn_train(const lmds_learn_data *reg, const lmds_learn_data *cls, const lmds_learn_params *pin,
                             lmds_learn_model **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_train: NULL output");
    *out = NULL;
    if (!reg) return lmds_error(LMDS_EINVAL, "lmds_learn_train: NULL data");
    lmds_learn_params p;
    if (pin) p = *pin;
    else lmds_learn_params_default(&p);
    lmds_status st = lmds_learn_params_check(&p);
    if (st != LMDS_OK) return st;
    /* The regressor learns Tc of superconductors only (Tc > 0). */
    lmds_learn_data sc = *reg;
    sc.rows = malloc((reg->n ? reg->n : 1) * sizeof *sc.rows);
    if (!sc.rows) return lmds_error(LMDS_ENOMEM, "out of memory");
    sc.n = 0;
    for (size_t i = 0; i < reg->n; i++)
        if (reg->rows[i].tc_K > 0) sc.rows[sc.n++] = reg->rows[i];
    lmds_learn_model *m = sc.n >= 2 ? lmds_learn_model_alloc() : NULL;
    if (sc.n < 2) st = lmds_error(LMDS_ENODATA, "learn: fewer than 2 rows with Tc > 0 to train on");
    else if (!m) st = lmds_error(LMDS_ENOMEM, "out of memory");
    int with_cls = p.classifier && cls && cls->n > 1;
    long done = 0, total = (long)p.n_ensemble * p.n_rounds + (with_cls ? p.cls_rounds : 0);
    if (st == LMDS_OK) st = lmds_learn_featurizer_new(p.features, &m->feat);
    if (st == LMDS_OK) st = train_regressors(m, &sc, &p, &done, total);
    if (st == LMDS_OK && with_cls) {
        DMatrixHandle dc;
        st = lmds_learn_data_dmatrix(m->feat, cls, 1, &p, &dc);
        if (st == LMDS_OK) {
            lmds_learn_params pc = p;
            pc.max_depth = p.max_depth < 8 ? p.max_depth : 8;
            st = lmds_learn_train_booster(dc, &pc, 1, p.seed + 77, p.cls_rounds, &done, total, &m->cls);
            XGDMatrixFree(dc);
        }
        for (size_t i = 0; i < cls->n; i++)
            for (int e = 0; e < cls->rows[i].comp.n; e++) m->elements[cls->rows[i].comp.z[e]] = 1;
        m->cls_tc_K = p.cls_tc_K;
    }
    if (st == LMDS_OK) st = build_reference(m, with_cls ? cls : &sc);
    if (st == LMDS_OK) st = make_card(m, reg, sc.n, with_cls ? cls : NULL, &p);
    free(sc.rows);
    if (st != LMDS_OK) {
        lmds_learn_model_free(m);
        return st;
    }
    *out = m;
    return LMDS_OK;
}
