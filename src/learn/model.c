/* Tc model: file format, loading, prediction with uncertainty and domain check.
 *
 * File format (little-endian), one file per model:
 *   "LMDSTC01"                  8-byte magic
 *   u64 meta_len, meta          JSON: featuriser preset and count, domain (elements, feature ranges), uncertainty
 *                               calibration, the card
 *   u32 n_reg, u32 has_cls
 *   (u64 len, bytes) x (n_reg + has_cls)   XGBoost boosters in UBJSON (XGBoosterSaveModelToBuffer "ubj")
 * The file is self-contained; the JSON card next to it (<model>.json) is for people. */
#include "learn_private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define MAGIC "LMDSTC01"
#define DEFAULT_MODEL "models/lmds_tc_default.model"
/* A feature counts as outside the training range when it lies beyond it by more than this fraction of the range's
 * width: a composition between two training grid points must not be flagged for a rounding-size excursion. */
#define LMDS_LEARN_RANGE_MARGIN 0.02

lmds_learn_model *lmds_learn_model_alloc(void)
{
    lmds_learn_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->unc_scale = 1.0;
    m->unc_floor_K = 0.0;
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
    free(m->fmin);
    free(m->fmax);
    free(m->card);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

const char *lmds_learn_model_card(const lmds_learn_model *m) { return m ? m->card : NULL; }
const lmds_learn_featurizer *lmds_learn_model_featurizer(const lmds_learn_model *m) { return m ? m->feat : NULL; }
int lmds_learn_model_has_classifier(const lmds_learn_model *m) { return m && m->cls; }

void lmds_learn_model_set_uncertainty_scale(lmds_learn_model *m, double scale, double floor_K)
{
    if (!m || !(scale > 0) || !(floor_K >= 0)) return;
    m->unc_scale = scale;
    m->unc_floor_K = floor_K;
}

static lmds_status card_edit(lmds_learn_model *m, const char *section, const char *key, cJSON *item)
{
    cJSON *card = cJSON_Parse(m->card ? m->card : "{}");
    if (!card) card = cJSON_CreateObject();
    cJSON *sec = cJSON_GetObjectItem(card, section);
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
    return card_edit(m, "metrics", split, j);
}

lmds_status lmds_learn_model_set_note(lmds_learn_model *m, const char *key, const char *value)
{
    if (!m || !key || !value) return lmds_error(LMDS_EINVAL, "lmds_learn_model_set_note: NULL argument");
    cJSON *v = cJSON_Parse(value);
    if (!v || !(cJSON_IsObject(v) || cJSON_IsArray(v) || cJSON_IsNumber(v))) {
        cJSON_Delete(v);
        v = cJSON_CreateString(value);
    }
    return card_edit(m, "notes", key, v);
}

/* ---------------------------------------------------------------- save / load */

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

lmds_status lmds_learn_model_save(const lmds_learn_model *m, const char *path)
{
    if (!m || !path) return lmds_error(LMDS_EINVAL, "lmds_learn_model_save: NULL argument");
    size_t nf = lmds_learn_featurizer_count(m->feat);
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddStringToObject(meta, "format", "lmds-tc-model 1");
    cJSON_AddStringToObject(meta, "features", lmds_learn_featurizer_preset(m->feat));
    cJSON_AddNumberToObject(meta, "n_features", (double)nf);
    cJSON *el = cJSON_CreateArray();
    for (int z = 1; z <= LMDS_ZMAX; z++)
        if (m->elements[z]) cJSON_AddItemToArray(el, cJSON_CreateString(lmds_element_symbol(z)));
    cJSON_AddItemToObject(meta, "elements", el);
    cJSON *lo = cJSON_CreateArray(), *hi = cJSON_CreateArray();
    for (size_t k = 0; k < nf; k++) {
        cJSON_AddItemToArray(lo, cJSON_CreateNumber(m->fmin[k]));
        cJSON_AddItemToArray(hi, cJSON_CreateNumber(m->fmax[k]));
    }
    cJSON_AddItemToObject(meta, "feature_min", lo);
    cJSON_AddItemToObject(meta, "feature_max", hi);
    cJSON_AddNumberToObject(meta, "uncertainty_scale", m->unc_scale);
    cJSON_AddNumberToObject(meta, "uncertainty_floor_K", m->unc_floor_K);
    cJSON *card = cJSON_Parse(m->card ? m->card : "{}");
    cJSON_AddItemToObject(meta, "card", card ? card : cJSON_CreateObject());
    char *text = cJSON_PrintUnformatted(meta);
    cJSON_Delete(meta);
    if (!text) return lmds_error(LMDS_ENOMEM, "out of memory");

    FILE *fp = fopen(path, "wb");
    if (!fp) {
        free(text);
        return lmds_error(LMDS_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t tl = strlen(text);
    int ok = fwrite(MAGIC, 1, 8, fp) == 8 && put_u64(fp, tl) && fwrite(text, 1, tl, fp) == tl &&
             put_u32(fp, (uint32_t)m->n_reg) && put_u32(fp, m->cls != NULL);
    free(text);
    pthread_mutex_lock((pthread_mutex_t *)&m->lock);
    for (int e = 0; ok && e < m->n_reg; e++) ok = put_booster(fp, m->reg[e]);
    if (ok && m->cls) ok = put_booster(fp, m->cls);
    pthread_mutex_unlock((pthread_mutex_t *)&m->lock);
    if (fclose(fp) != 0) ok = 0;
    if (!ok) return lmds_error(LMDS_EIO, "%s: writing the model failed", path);
    return LMDS_OK;
}

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

lmds_status lmds_learn_model_load(const char *path, lmds_learn_model **out)
{
    if (out) *out = NULL;
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_model_load: NULL output");
    char def[4096];
    if (!path) {
        lmds_status st = lmds_data_path(DEFAULT_MODEL, def, sizeof def);
        if (st != LMDS_OK) return st;
        path = def;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) return lmds_error(errno == ENOENT ? LMDS_ENOTFOUND : LMDS_EIO, "%s: cannot open model: %s", path,
                               strerror(errno));
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *buf = sz > 0 ? malloc((size_t)sz) : NULL;
    if (!buf || fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
        fclose(fp);
        free(buf);
        return lmds_error(LMDS_EIO, "%s: cannot read model", path);
    }
    fclose(fp);
    reader r = {buf, (size_t)sz, 0};
    lmds_status st = LMDS_OK;
    lmds_learn_model *m = lmds_learn_model_alloc();
    cJSON *meta = NULL;
    uint64_t ml = 0;
    if (!m) st = lmds_error(LMDS_ENOMEM, "out of memory");
    else if (r.n < 16 || memcmp(buf, MAGIC, 8) != 0)
        st = lmds_error(LMDS_EPARSE, "%s: not an lmds Tc model (bad magic)", path);
    else {
        r.off = 8;
        if (!get_u64(&r, &ml) || ml > r.n - r.off)
            st = lmds_error(LMDS_EPARSE, "%s: truncated model file (metadata)", path);
    }
    if (st == LMDS_OK) {
        meta = cJSON_ParseWithLength((const char *)buf + r.off, (size_t)ml);
        r.off += ml;
        if (!meta) st = lmds_error(LMDS_EPARSE, "%s: model metadata is not valid JSON", path);
    }
    size_t nf = 0;
    if (st == LMDS_OK) {
        cJSON *fe = cJSON_GetObjectItem(meta, "features"), *nfe = cJSON_GetObjectItem(meta, "n_features");
        cJSON *lo = cJSON_GetObjectItem(meta, "feature_min"), *hi = cJSON_GetObjectItem(meta, "feature_max");
        if (!cJSON_IsString(fe) || !cJSON_IsNumber(nfe) || !cJSON_IsArray(lo) || !cJSON_IsArray(hi))
            st = lmds_error(LMDS_EPARSE, "%s: model metadata lacks features/n_features/feature ranges", path);
        else if ((st = lmds_learn_featurizer_new(fe->valuestring, &m->feat)) == LMDS_OK) {
            nf = lmds_learn_featurizer_count(m->feat);
            if ((double)nf != nfe->valuedouble || (size_t)cJSON_GetArraySize(lo) != nf ||
                (size_t)cJSON_GetArraySize(hi) != nf)
                st = lmds_error(LMDS_EPARSE, "%s: model expects %g features of '%s', this lmds computes %zu", path,
                                nfe->valuedouble, fe->valuestring, nf);
        }
    }
    if (st == LMDS_OK) {
        m->fmin = malloc(nf * sizeof *m->fmin);
        m->fmax = malloc(nf * sizeof *m->fmax);
        if (!m->fmin || !m->fmax) st = lmds_error(LMDS_ENOMEM, "out of memory");
        for (size_t k = 0; st == LMDS_OK && k < nf; k++) {
            m->fmin[k] = (float)cJSON_GetArrayItem(cJSON_GetObjectItem(meta, "feature_min"), (int)k)->valuedouble;
            m->fmax[k] = (float)cJSON_GetArrayItem(cJSON_GetObjectItem(meta, "feature_max"), (int)k)->valuedouble;
        }
        cJSON *el, *els = cJSON_GetObjectItem(meta, "elements");
        cJSON_ArrayForEach(el, els)
        {
            int z;
            if (cJSON_IsString(el) && lmds_element_lookup(el->valuestring, &z) == LMDS_OK) m->elements[z] = 1;
        }
        cJSON *us = cJSON_GetObjectItem(meta, "uncertainty_scale"), *uf = cJSON_GetObjectItem(meta, "uncertainty_floor_K");
        if (cJSON_IsNumber(us)) m->unc_scale = us->valuedouble;
        if (cJSON_IsNumber(uf)) m->unc_floor_K = uf->valuedouble;
        cJSON *card = cJSON_GetObjectItem(meta, "card");
        m->card = card ? cJSON_PrintUnformatted(card) : strdup("{}");
    }
    uint32_t nreg = 0, hascls = 0;
    if (st == LMDS_OK && (!get_u32(&r, &nreg) || !get_u32(&r, &hascls) || nreg < 1 ||
                          nreg > LMDS_LEARN_MAX_ENSEMBLE || hascls > 1))
        st = lmds_error(LMDS_EPARSE, "%s: bad booster count in model file", path);
    for (uint32_t e = 0; st == LMDS_OK && e < nreg; e++) {
        st = get_booster(&r, path, &m->reg[e]);
        if (st == LMDS_OK) m->n_reg++;
    }
    if (st == LMDS_OK && hascls) st = get_booster(&r, path, &m->cls);
    if (st == LMDS_OK && r.off != r.n) st = lmds_error(LMDS_EPARSE, "%s: %zu trailing bytes", path, r.n - r.off);
    /* A booster trained on a different number of features is a mismatched file, not a model to run. */
    for (int e = 0; st == LMDS_OK && e < m->n_reg + (m->cls != NULL); e++) {
        bst_ulong k = 0;
        BoosterHandle b = e < m->n_reg ? m->reg[e] : m->cls;
        if (XGBoosterGetNumFeature(b, &k) != 0 || k != nf)
            st = lmds_error(LMDS_EPARSE, "%s: booster %d uses %lu features, metadata says %zu", path, e,
                            (unsigned long)k, nf);
    }
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

lmds_status lmds_learn_predict(const lmds_learn_model *mc, const lmds_comp *comps, size_t n,
                               lmds_learn_prediction *out)
{
    if (!mc || (!comps && n) || (!out && n)) return lmds_error(LMDS_EINVAL, "lmds_learn_predict: NULL argument");
    if (n == 0) return LMDS_OK;
    lmds_learn_model *m = (lmds_learn_model *)mc;
    size_t nf = lmds_learn_featurizer_count(m->feat);
    float *X = malloc(n * nf * sizeof *X), *buf = malloc(n * sizeof *buf);
    double *s1 = calloc(n, sizeof *s1), *s2 = calloc(n, sizeof *s2);
    lmds_status st = LMDS_OK;
    if (!X || !buf || !s1 || !s2) st = lmds_error(LMDS_ENOMEM, "out of memory");
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
    if (st == LMDS_OK && m->cls) st = lmds_learn_booster_predict(m->cls, dm, n, buf);
    if (dm) XGDMatrixFree(dm);
    pthread_mutex_unlock(&m->lock);
    if (st == LMDS_OK) {
        int E = m->n_reg;
        for (size_t i = 0; i < n; i++) {
            lmds_learn_prediction *o = &out[i];
            double mean = s1[i] / E, v = s2[i] / E - mean * mean;
            double sd = E > 1 && v > 0 ? sqrt(v * E / (E - 1)) : 0;
            o->tc_K = mean > 0 ? mean : 0;
            o->uncertainty_K = m->unc_scale * sd;
            if (o->uncertainty_K < m->unc_floor_K) o->uncertainty_K = m->unc_floor_K;
            o->p_sc = m->cls ? buf[i] : NAN;
            o->unknown_z = 0;
            for (int k = 0; k < comps[i].n; k++)
                if (!m->elements[comps[i].z[k]]) {
                    o->unknown_z = comps[i].z[k];
                    break;
                }
            /* Distance outside the range in units of the range width picks the worst feature. */
            o->n_out_of_range = 0;
            o->worst_feature = -1;
            double worst = 0;
            const float *xi = X + i * nf;
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
            o->in_domain = o->unknown_z == 0 && o->n_out_of_range == 0;
        }
    }
    free(X);
    free(buf);
    free(s1);
    free(s2);
    return st;
}
