/* Tc model: file format, loading, prediction with calibrated probability, uncertainty and novelty.
 *
 * File format (little-endian), one file per model:
 *   "LMDSTC02"                  8-byte magic ("LMDSTC01": the same without the novelty section, still read)
 *   u64 meta_len, meta          JSON: featuriser preset and count, domain (elements, feature ranges), uncertainty
 *                               factors, class temperature, calibration, threshold, the card
 *   u32 n_reg, u32 has_cls
 *   (u64 len, bytes) x (n_reg + has_cls)   XGBoost boosters in UBJSON (XGBoosterSaveModelToBuffer "ubj")
 *   u32 has_novelty [, novelty section (novelty.c)]
 * The file is self-contained; the JSON card next to it (<model>.json) is for people. */
#include "learn_private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <lmds/io.h>

#define MAGIC_V1 "LMDSTC01"
#define MAGIC "LMDSTC02"
#define DEFAULT_MODEL "models/lmds_tc_default.model"
/* Model files are a few MB; refuse anything absurd before allocating. */
#define LMDS_LEARN_MAX_MODEL (1u << 30)
/* A feature counts as outside the training range when it lies beyond it by more than this fraction of the range's
 * width: a composition between two training grid points must not be flagged for a rounding-size excursion. */
#define LMDS_LEARN_RANGE_MARGIN 0.02

lmds_learn_model *lmds_learn_model_alloc(void)
{
    lmds_learn_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->unc_scale = m->unc_scale_unseen = 1.0;
    m->threshold = 0.5;
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void lmds_learn_model_free(lmds_learn_model *m)
{
    if (!m) return;
    for (int e = 0; e < m->n_reg; e++)
        if (m->reg[e]) XGBoosterFree(m->reg[e]);
    if (m->cls) XGBoosterFree(m->cls);
    lmds_learn_featurizer_free(m->feat);
    lmds_learn_novelty_free(m->nov);
    free(m->fmin);
    free(m->fmax);
    free(m->card);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

const char *lmds_learn_model_card(const lmds_learn_model *m) { return m ? m->card : NULL; }
const lmds_learn_featurizer *lmds_learn_model_featurizer(const lmds_learn_model *m) { return m ? m->feat : NULL; }
int lmds_learn_model_has_classifier(const lmds_learn_model *m) { return m && m->cls; }
double lmds_learn_model_threshold(const lmds_learn_model *m) { return m && m->cls ? m->threshold : NAN; }
double lmds_learn_model_class_tc(const lmds_learn_model *m) { return m ? m->cls_tc_K : NAN; }

void lmds_learn_model_set_uncertainty_scale(lmds_learn_model *m, double scale, double floor_K)
{
    if (!m || !(scale > 0) || !(floor_K >= 0)) return;
    m->unc_scale = m->unc_scale_unseen = scale;
    m->unc_floor_K = floor_K;
}

lmds_status lmds_learn_card_set(lmds_learn_model *m, const char *section, const char *key, void *item_)
{
    cJSON *item = item_;
    cJSON *card = cJSON_Parse(m->card ? m->card : "{}");
    if (!card) card = cJSON_CreateObject();
    cJSON *sec = section ? cJSON_GetObjectItem(card, section) : card;
    if (!sec) sec = cJSON_AddObjectToObject(card, section);
    cJSON_DeleteItemFromObject(sec, key);
    cJSON_AddItemToObject(sec, key, item);
    char *s = cJSON_PrintUnformatted(card);
    cJSON_Delete(card);
    if (!s) return lmds_error(LMDS_ENOMEM, "out of memory");
    free(m->card);
    m->card = s;
    return LMDS_OK;
}

static cJSON *num(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

lmds_status lmds_learn_model_set_metrics(lmds_learn_model *m, const char *split, const lmds_learn_metrics *mt)
{
    if (!m || !split || !mt) return lmds_error(LMDS_EINVAL, "lmds_learn_model_set_metrics: NULL argument");
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "n", (double)mt->n);
    cJSON_AddItemToObject(j, "rmse_K", num(mt->rmse_K));
    cJSON_AddItemToObject(j, "mae_K", num(mt->mae_K));
    cJSON_AddItemToObject(j, "r2", num(mt->r2));
    cJSON_AddItemToObject(j, "rmse_logTc", num(mt->rmse_log));
    cJSON_AddItemToObject(j, "mae_logTc", num(mt->mae_log));
    cJSON_AddItemToObject(j, "r2_logTc", num(mt->r2_log));
    cJSON_AddItemToObject(j, "accuracy_Tc_gt_10K", num(mt->acc10));
    cJSON_AddItemToObject(j, "precision_Tc_gt_10K", num(mt->precision10));
    cJSON_AddItemToObject(j, "recall_Tc_gt_10K", num(mt->recall10));
    cJSON_AddItemToObject(j, "f1_Tc_gt_10K", num(mt->f1_10));
    cJSON_AddItemToObject(j, "auc_Tc_gt_10K", num(mt->auc10));
    return lmds_learn_card_set(m, "metrics", split, j);
}

lmds_status lmds_learn_model_set_note(lmds_learn_model *m, const char *key, const char *value)
{
    if (!m || !key || !value) return lmds_error(LMDS_EINVAL, "lmds_learn_model_set_note: NULL argument");
    cJSON *v = cJSON_Parse(value);
    if (!v || !(cJSON_IsObject(v) || cJSON_IsArray(v) || cJSON_IsNumber(v))) {
        cJSON_Delete(v);
        v = cJSON_CreateString(value);
    }
    return lmds_learn_card_set(m, "notes", key, v);
}

/* ---------------------------------------------------------------- save */

static int put_u64(FILE *fp, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    return fwrite(b, 1, 8, fp) == 8;
}
static int put_u32(FILE *fp, uint32_t v)
{
    unsigned char b[4];
    for (int i = 0; i < 4; i++) b[i] = (unsigned char)(v >> (8 * i));
    return fwrite(b, 1, 4, fp) == 4;
}

static int put_booster(FILE *fp, BoosterHandle b)
{
    bst_ulong len;
    const char *buf;
    if (XGBoosterSaveModelToBuffer(b, "{\"format\": \"ubj\"}", &len, &buf) != 0) return 0;
    return put_u64(fp, len) && fwrite(buf, 1, len, fp) == len;
}

static char *meta_json(const lmds_learn_model *m)
{
    size_t nf = lmds_learn_featurizer_count(m->feat);
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddStringToObject(meta, "format", "lmds-tc-model 2");
    cJSON_AddStringToObject(meta, "features", lmds_learn_featurizer_preset(m->feat));
    cJSON_AddNumberToObject(meta, "n_features", (double)nf);
    cJSON *el = cJSON_AddArrayToObject(meta, "elements");
    for (int z = 1; z <= LMDS_ZMAX; z++)
        if (m->elements[z]) cJSON_AddItemToArray(el, cJSON_CreateString(lmds_element_symbol(z)));
    cJSON *lo = cJSON_AddArrayToObject(meta, "feature_min"), *hi = cJSON_AddArrayToObject(meta, "feature_max");
    for (size_t k = 0; k < nf; k++) {
        cJSON_AddItemToArray(lo, cJSON_CreateNumber(m->fmin[k]));
        cJSON_AddItemToArray(hi, cJSON_CreateNumber(m->fmax[k]));
    }
    cJSON_AddNumberToObject(meta, "uncertainty_scale", m->unc_scale);
    cJSON_AddNumberToObject(meta, "uncertainty_scale_unseen", m->unc_scale_unseen);
    cJSON_AddNumberToObject(meta, "uncertainty_floor_K", m->unc_floor_K);
    cJSON_AddNumberToObject(meta, "class_tc_K", m->cls_tc_K);
    cJSON_AddNumberToObject(meta, "threshold", m->threshold);
    cJSON *cal = cJSON_AddObjectToObject(meta, "calibration");
    cJSON_AddBoolToObject(cal, "fitted", m->cal.fitted);
    cJSON_AddNumberToObject(cal, "a", m->cal.a);
    cJSON_AddNumberToObject(cal, "b", m->cal.b);
    cJSON_AddNumberToObject(cal, "base_rate", m->cal.base_rate);
    cJSON *bins = cJSON_AddArrayToObject(cal, "bins");
    for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS; k++) {
        cJSON *b = cJSON_CreateObject();
        cJSON_AddItemToObject(b, "pred", num(m->cal.bin_pred[k]));
        cJSON_AddItemToObject(b, "obs", num(m->cal.bin_obs[k]));
        cJSON_AddNumberToObject(b, "weight", m->cal.bin_weight[k]);
        cJSON_AddNumberToObject(b, "count", (double)m->cal.bin_count[k]);
        cJSON_AddItemToArray(bins, b);
    }
    cJSON *card = cJSON_Parse(m->card ? m->card : "{}");
    cJSON_AddItemToObject(meta, "card", card ? card : cJSON_CreateObject());
    char *text = cJSON_PrintUnformatted(meta);
    cJSON_Delete(meta);
    return text;
}

lmds_status lmds_learn_model_save(const lmds_learn_model *m, const char *path)
{
    if (!m || !path) return lmds_error(LMDS_EINVAL, "lmds_learn_model_save: NULL argument");
    char *text = meta_json(m);
    if (!text) return lmds_error(LMDS_ENOMEM, "out of memory");
    lmds_ofile *o = NULL;
    lmds_status st = lmds_ofile_open(path, NULL, &o);
    if (st != LMDS_OK) {
        free(text);
        return st;
    }
    FILE *fp = lmds_ofile_stream(o);
    size_t tl = strlen(text);
    int ok = fwrite(MAGIC, 1, 8, fp) == 8 && put_u64(fp, tl) && fwrite(text, 1, tl, fp) == tl &&
             put_u32(fp, (uint32_t)m->n_reg) && put_u32(fp, m->cls != NULL);
    free(text);
    pthread_mutex_lock((pthread_mutex_t *)&m->lock);
    for (int e = 0; ok && e < m->n_reg; e++) ok = put_booster(fp, m->reg[e]);
    if (ok && m->cls) ok = put_booster(fp, m->cls);
    pthread_mutex_unlock((pthread_mutex_t *)&m->lock);
    ok = ok && put_u32(fp, m->nov != NULL) && (!m->nov || lmds_learn_novelty_write(fp, m->nov));
    if (!ok) {
        lmds_ofile_abort(o);
        return lmds_error(LMDS_EIO, "%s: writing the model failed", path);
    }
    return lmds_ofile_commit(o);
}

/* ---------------------------------------------------------------- load */

typedef struct {
    const unsigned char *p;
    size_t n, off;
} reader;

static int get_u64(reader *r, uint64_t *v)
{
    if (r->n - r->off < 8) return 0;
    *v = 0;
    for (int i = 0; i < 8; i++) *v |= (uint64_t)r->p[r->off + i] << (8 * i);
    r->off += 8;
    return 1;
}
static int get_u32(reader *r, uint32_t *v)
{
    if (r->n - r->off < 4) return 0;
    *v = 0;
    for (int i = 0; i < 4; i++) *v |= (uint32_t)r->p[r->off + i] << (8 * i);
    r->off += 4;
    return 1;
}

static lmds_status get_booster(reader *r, const char *path, BoosterHandle *out)
{
    uint64_t len;
    if (!get_u64(r, &len) || len > r->n - r->off)
        return lmds_error(LMDS_EPARSE, "%s: truncated model file (booster at byte %zu)", path, r->off);
    BoosterHandle b;
    if (XGBoosterCreate(NULL, 0, &b) != 0) return lmds_learn_xgb_error("booster creation");
    if (XGBoosterLoadModelFromBuffer(b, r->p + r->off, len) != 0) {
        XGBoosterFree(b);
        return lmds_error(LMDS_EPARSE, "%s: XGBoost cannot read the booster at byte %zu: %s", path, r->off,
                          XGBGetLastError());
    }
    r->off += len;
    *out = b;
    return LMDS_OK;
}

static double jnum(const cJSON *o, const char *key, double def)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static void read_calibration(lmds_learn_model *m, const cJSON *meta)
{
    const cJSON *cal = cJSON_GetObjectItem(meta, "calibration");
    m->unc_scale = jnum(meta, "uncertainty_scale", 1.0);
    m->unc_scale_unseen = jnum(meta, "uncertainty_scale_unseen", m->unc_scale);
    m->unc_floor_K = jnum(meta, "uncertainty_floor_K", 0.0);
    m->cls_tc_K = jnum(meta, "class_tc_K", 0.0);
    m->threshold = jnum(meta, "threshold", 0.5);
    if (!cal) return;
    m->cal.fitted = cJSON_IsTrue(cJSON_GetObjectItem(cal, "fitted"));
    m->cal.a = jnum(cal, "a", 1.0);
    m->cal.b = jnum(cal, "b", 0.0);
    m->cal.base_rate = jnum(cal, "base_rate", 0.0);
    const cJSON *bins = cJSON_GetObjectItem(cal, "bins");
    for (int k = 0; k < LMDS_LEARN_RELIABILITY_BINS && k < cJSON_GetArraySize(bins); k++) {
        const cJSON *b = cJSON_GetArrayItem(bins, k);
        m->cal.bin_pred[k] = jnum(b, "pred", NAN);
        m->cal.bin_obs[k] = jnum(b, "obs", NAN);
        m->cal.bin_weight[k] = jnum(b, "weight", 0);
        m->cal.bin_count[k] = (size_t)jnum(b, "count", 0);
    }
}

/* The JSON metadata: featuriser, domain, calibration, card. */
static lmds_status read_meta(lmds_learn_model *m, const cJSON *meta, const char *path)
{
    cJSON *fe = cJSON_GetObjectItem(meta, "features"), *nfe = cJSON_GetObjectItem(meta, "n_features");
    cJSON *lo = cJSON_GetObjectItem(meta, "feature_min"), *hi = cJSON_GetObjectItem(meta, "feature_max");
    if (!cJSON_IsString(fe) || !cJSON_IsNumber(nfe) || !cJSON_IsArray(lo) || !cJSON_IsArray(hi))
        return lmds_error(LMDS_EPARSE, "%s: model metadata lacks features/n_features/feature ranges", path);
    lmds_status st = lmds_learn_featurizer_new(fe->valuestring, &m->feat);
    if (st != LMDS_OK) return st;
    size_t nf = lmds_learn_featurizer_count(m->feat);
    if ((double)nf != nfe->valuedouble || (size_t)cJSON_GetArraySize(lo) != nf || (size_t)cJSON_GetArraySize(hi) != nf)
        return lmds_error(LMDS_EPARSE, "%s: model expects %g features of '%s', this lmds computes %zu", path,
                          nfe->valuedouble, fe->valuestring, nf);
    m->fmin = malloc(nf * sizeof *m->fmin);
    m->fmax = malloc(nf * sizeof *m->fmax);
    if (!m->fmin || !m->fmax) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (size_t k = 0; k < nf; k++) {
        m->fmin[k] = (float)cJSON_GetArrayItem(lo, (int)k)->valuedouble;
        m->fmax[k] = (float)cJSON_GetArrayItem(hi, (int)k)->valuedouble;
    }
    cJSON *el;
    cJSON_ArrayForEach(el, cJSON_GetObjectItem(meta, "elements"))
    {
        int z;
        if (cJSON_IsString(el) && lmds_element_lookup(el->valuestring, &z) == LMDS_OK) m->elements[z] = 1;
    }
    lmds_error_clear();
    read_calibration(m, meta);
    cJSON *card = cJSON_GetObjectItem(meta, "card");
    m->card = card ? cJSON_PrintUnformatted(card) : strdup("{}");
    return m->card ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
}

/* Boosters and the novelty section after the metadata. */
static lmds_status read_parts(lmds_learn_model *m, reader *r, const char *path, int v2)
{
    uint32_t nreg = 0, hascls = 0, hasnov = 0;
    if (!get_u32(r, &nreg) || !get_u32(r, &hascls) || nreg < 1 || nreg > LMDS_LEARN_MAX_ENSEMBLE || hascls > 1)
        return lmds_error(LMDS_EPARSE, "%s: bad booster count in model file", path);
    lmds_status st = LMDS_OK;
    for (uint32_t e = 0; st == LMDS_OK && e < nreg; e++) {
        st = get_booster(r, path, &m->reg[e]);
        if (st == LMDS_OK) m->n_reg++;
    }
    if (st == LMDS_OK && hascls) st = get_booster(r, path, &m->cls);
    if (st == LMDS_OK && v2 && (!get_u32(r, &hasnov) || hasnov > 1))
        st = lmds_error(LMDS_EPARSE, "%s: truncated model file (novelty flag)", path);
    if (st == LMDS_OK && hasnov) st = lmds_learn_novelty_read(r->p, r->n, &r->off, path, &m->nov);
    if (st == LMDS_OK && m->nov && m->nov->nf != (int)lmds_learn_featurizer_count(m->feat))
        st = lmds_error(LMDS_EPARSE, "%s: novelty section uses %d features, the model %zu", path, m->nov->nf,
                        lmds_learn_featurizer_count(m->feat));
    if (st == LMDS_OK && r->off != r->n) st = lmds_error(LMDS_EPARSE, "%s: %zu trailing bytes", path, r->n - r->off);
    /* A booster trained on a different number of features is a mismatched file, not a model to run. */
    size_t nf = lmds_learn_featurizer_count(m->feat);
    for (int e = 0; st == LMDS_OK && e < m->n_reg + (m->cls != NULL); e++) {
        bst_ulong k = 0;
        BoosterHandle b = e < m->n_reg ? m->reg[e] : m->cls;
        if (XGBoosterGetNumFeature(b, &k) != 0 || k != nf)
            st = lmds_error(LMDS_EPARSE, "%s: booster %d uses %lu features, metadata says %zu", path, e,
                            (unsigned long)k, nf);
    }
    return st;
}

lmds_status lmds_learn_model_load(const char *path, lmds_learn_model **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_model_load: NULL output");
    *out = NULL;
    char def[4096];
    if (!path) {
        lmds_status st = lmds_data_path(DEFAULT_MODEL, def, sizeof def);
        if (st != LMDS_OK) return st;
        path = def;
    }
    FILE *probe = fopen(path, "rb");
    if (!probe) return lmds_error(errno == ENOENT ? LMDS_ENOTFOUND : LMDS_EIO, "%s: cannot open model: %s", path,
                                  strerror(errno));
    fclose(probe);
    char *buf = NULL;
    size_t size = 0;
    lmds_status st = lmds_file_read(path, LMDS_LEARN_MAX_MODEL, &buf, &size);
    if (st != LMDS_OK) return st;
    reader r = {(const unsigned char *)buf, size, 0};
    lmds_learn_model *m = lmds_learn_model_alloc();
    cJSON *meta = NULL;
    uint64_t ml = 0;
    int v2 = size >= 8 && memcmp(buf, MAGIC, 8) == 0;
    if (!m) st = lmds_error(LMDS_ENOMEM, "out of memory");
    else if (size < 16 || (!v2 && memcmp(buf, MAGIC_V1, 8) != 0))
        st = lmds_error(LMDS_EPARSE, "%s: not an lmds Tc model (bad magic)", path);
    else {
        r.off = 8;
        if (!get_u64(&r, &ml) || ml > r.n - r.off) st = lmds_error(LMDS_EPARSE, "%s: truncated model file (metadata)", path);
    }
    if (st == LMDS_OK) {
        meta = cJSON_ParseWithLength(buf + r.off, (size_t)ml);
        r.off += ml;
        if (!meta) st = lmds_error(LMDS_EPARSE, "%s: model metadata is not valid JSON", path);
    }
    if (st == LMDS_OK) st = read_meta(m, meta, path);
    if (st == LMDS_OK) st = read_parts(m, &r, path, v2);
    cJSON_Delete(meta);
    free(buf);
    if (st != LMDS_OK) {
        lmds_learn_model_free(m);
        return st;
    }
    *out = m;
    return LMDS_OK;
}

/* ---------------------------------------------------------------- prediction */

/* The range check of one composition's features. */
static void range_check(const lmds_learn_model *m, const float *xi, size_t nf, lmds_learn_prediction *o)
{
    o->n_out_of_range = 0;
    o->worst_feature = -1;
    double worst = 0;
    for (size_t k = 0; k < nf; k++) {
        double lo = m->fmin[k], hi = m->fmax[k], w = hi - lo > 0 ? hi - lo : 1;
        double d = xi[k] < lo ? (lo - xi[k]) / w : xi[k] > hi ? (xi[k] - hi) / w : 0;
        if (d > LMDS_LEARN_RANGE_MARGIN) {
            o->n_out_of_range++;
            if (d > worst) {
                worst = d;
                o->worst_feature = (int)k;
            }
        }
    }
}

static void fill_prediction(const lmds_learn_model *m, const lmds_comp *c, const float *xi, size_t nf, double s1,
                            double s2, double score, lmds_learn_prediction *o)
{
    int E = m->n_reg;
    double mean = s1 / E, v = s2 / E - mean * mean;
    double sd = E > 1 && v > 0 ? sqrt(v * E / (E - 1)) : 0;
    memset(o, 0, sizeof *o);
    o->tc_K = mean > 0 ? mean : 0;
    o->p_sc = m->cls ? lmds_learn_calibrated(&m->cal, score) : NAN;
    o->superconducting = m->cls ? o->p_sc >= m->threshold : -1;
    for (int k = 0; k < c->n; k++)
        if (!m->elements[c->z[k]]) {
            o->unknown_z = c->z[k];
            break;
        }
    o->nearest_distance = o->density = NAN;
    if (m->nov) lmds_learn_novelty_query(m->nov, c, xi, o);
    double scale = m->nov && !o->system_seen ? m->unc_scale_unseen : m->unc_scale;
    o->uncertainty_K = fmax(m->unc_floor_K, scale * sd);
    range_check(m, xi, nf, o);
    o->in_domain = o->unknown_z == 0 && o->n_out_of_range == 0;
}

lmds_status lmds_learn_predict(const lmds_learn_model *mc, const lmds_comp *comps, size_t n,
                               lmds_learn_prediction *out)
{
    if (!mc || (!comps && n) || (!out && n)) return lmds_error(LMDS_EINVAL, "lmds_learn_predict: NULL argument");
    if (n == 0) return LMDS_OK;
    lmds_learn_model *m = (lmds_learn_model *)mc;
    size_t nf = lmds_learn_featurizer_count(m->feat);
    float *X = malloc(n * nf * sizeof *X), *buf = malloc(n * sizeof *buf), *cls = malloc(n * sizeof *cls);
    double *s1 = calloc(n, sizeof *s1), *s2 = calloc(n, sizeof *s2);
    lmds_status st = LMDS_OK;
    if (!X || !buf || !cls || !s1 || !s2) st = lmds_error(LMDS_ENOMEM, "out of memory");
    size_t bad = 0;
    if (st == LMDS_OK && (st = lmds_learn_features_matrix(m->feat, comps, n, X, &bad)) != LMDS_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", lmds_errmsg());
        st = lmds_error(st, "composition %zu: %s", bad + 1, msg);
    }
    DMatrixHandle dm = NULL;
    pthread_mutex_lock(&m->lock);
    if (st == LMDS_OK && XGDMatrixCreateFromMat(X, n, nf, NAN, &dm) != 0) st = lmds_learn_xgb_error("matrix creation");
    for (int e = 0; st == LMDS_OK && e < m->n_reg; e++) {
        st = lmds_learn_booster_predict(m->reg[e], dm, n, buf);
        for (size_t i = 0; st == LMDS_OK && i < n; i++) {
            s1[i] += buf[i];
            s2[i] += (double)buf[i] * buf[i];
        }
    }
    if (st == LMDS_OK && m->cls) st = lmds_learn_booster_predict(m->cls, dm, n, cls);
    if (dm) XGDMatrixFree(dm);
    pthread_mutex_unlock(&m->lock);
    if (st == LMDS_OK) {
#pragma omp parallel for schedule(dynamic, 16) if (n > 64)
        for (long i = 0; i < (long)n; i++)
            fill_prediction(m, &comps[i], X + (size_t)i * nf, nf, s1[i], s2[i], m->cls ? cls[i] : NAN, &out[i]);
    }
    free(X);
    free(buf);
    free(cls);
    free(s1);
    free(s2);
    return st;
}
