/* Novelty of a prediction against the labelled training materials (the reference set):
 *  - the nearest material by composition distance d = 0.5 sum_i |x_i - y_i| over mole fractions, which equals
 *    1 - sum_i min(x_i, y_i): 0 for the same composition, 1 for no element in common (the fraction of atoms that
 *    would have to change); whether the exact element set occurs among the references;
 *  - a density score in feature space: features standardised, projected on the leading principal components of
 *    the references, the mean distance to the k nearest references; the score is the fraction of references whose
 *    own (leave-one-out) mean neighbour distance is at least as large, so 0.5 is a typical training material and
 *    values near 0 lie sparser than almost all of them.
 * The reference set is stored in the model file (section format below). */
#include "learn_private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "core/numeric.h"

void lmds_learn_novelty_free(lmds_learn_novelty *nv)
{
    if (!nv) return;
    free(nv->names);
    free(nv->name_off);
    free(nv->tc_K);
    free(nv->lowest_T_K);
    free(nv->el_start);
    free(nv->el_z);
    free(nv->el_x);
    free(nv->mean);
    free(nv->scale);
    free(nv->comp);
    free(nv->coord);
    free(nv->knn_sorted);
    free(nv);
}

static lmds_status alloc_arrays(lmds_learn_novelty *nv, size_t n, size_t n_el, size_t names_len)
{
    nv->n = n;
    nv->names = malloc(names_len ? names_len : 1);
    nv->name_off = malloc((n ? n : 1) * sizeof *nv->name_off);
    nv->tc_K = malloc((n ? n : 1) * sizeof *nv->tc_K);
    nv->lowest_T_K = malloc((n ? n : 1) * sizeof *nv->lowest_T_K);
    nv->el_start = malloc((n + 1) * sizeof *nv->el_start);
    nv->el_z = malloc((n_el ? n_el : 1) * sizeof *nv->el_z);
    nv->el_x = malloc((n_el ? n_el : 1) * sizeof *nv->el_x);
    nv->mean = malloc((size_t)(nv->nf ? nv->nf : 1) * sizeof *nv->mean);
    nv->scale = malloc((size_t)(nv->nf ? nv->nf : 1) * sizeof *nv->scale);
    nv->comp = malloc((size_t)nv->k * (size_t)(nv->nf ? nv->nf : 1) * sizeof *nv->comp);
    nv->coord = malloc((n ? n : 1) * (size_t)nv->k * sizeof *nv->coord);
    nv->knn_sorted = malloc((n ? n : 1) * sizeof *nv->knn_sorted);
    if (!nv->names || !nv->name_off || !nv->tc_K || !nv->lowest_T_K || !nv->el_start || !nv->el_z || !nv->el_x ||
        !nv->mean || !nv->scale || !nv->comp || !nv->coord || !nv->knn_sorted)
        return lmds_error(LMDS_ENOMEM, "out of memory for the novelty reference");
    return LMDS_OK;
}

/* Elements of a composition in ascending Z (lmds_comp keeps them by symbol). */
static int sorted_elements(const lmds_comp *c, unsigned char *z, float *x)
{
    int n = c->n;
    for (int i = 0; i < n; i++) {
        z[i] = (unsigned char)c->z[i];
        x[i] = (float)c->x[i];
    }
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && z[j - 1] > z[j]; j--) {
            unsigned char tz = z[j];
            float tx = x[j];
            z[j] = z[j - 1];
            x[j] = x[j - 1];
            z[j - 1] = tz;
            x[j - 1] = tx;
        }
    return n;
}

static lmds_status copy_materials(lmds_learn_novelty *nv, const lmds_learn_data *ref)
{
    size_t n_el = 0, len = 0;
    for (size_t i = 0; i < ref->n; i++) {
        n_el += (size_t)ref->rows[i].comp.n;
        len += strlen(ref->rows[i].formula) + 1;
    }
    lmds_status st = alloc_arrays(nv, ref->n, n_el, len);
    if (st != LMDS_OK) return st;
    size_t e = 0, o = 0;
    for (size_t i = 0; i < ref->n; i++) {
        const lmds_learn_row *r = &ref->rows[i];
        nv->name_off[i] = o;
        size_t l = strlen(r->formula) + 1;
        memcpy(nv->names + o, r->formula, l);
        o += l;
        nv->tc_K[i] = r->tc_K;
        nv->lowest_T_K[i] = r->lowest_T_K;
        nv->el_start[i] = e;
        e += (size_t)sorted_elements(&r->comp, nv->el_z + e, nv->el_x + e);
    }
    nv->el_start[ref->n] = e;
    return LMDS_OK;
}

/* Standardise the features and keep the k leading principal axes of their covariance (GSL symmetric eigensolver). */
static lmds_status principal_axes(lmds_learn_novelty *nv, const float *X)
{
    size_t n = nv->n, nf = (size_t)nv->nf;
    for (size_t j = 0; j < nf; j++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; i++) s += X[i * nf + j];
        double m = s / (double)n;
        for (size_t i = 0; i < n; i++) s2 += (X[i * nf + j] - m) * (X[i * nf + j] - m);
        double sd = sqrt(s2 / (double)(n > 1 ? n - 1 : 1));
        nv->mean[j] = (float)m;
        nv->scale[j] = (float)(sd > 1e-12 ? sd : 1.0);
    }
    lmds_gsl_init();
    gsl_matrix *cov = gsl_matrix_calloc(nf, nf), *vec = gsl_matrix_alloc(nf, nf);
    gsl_vector *val = gsl_vector_alloc(nf);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(nf);
    double *z = malloc(nf * sizeof *z);
    lmds_status st = LMDS_OK;
    if (!cov || !vec || !val || !ws || !z) st = lmds_error(LMDS_ENOMEM, "out of memory for the principal components");
    for (size_t i = 0; st == LMDS_OK && i < n; i++) {
        for (size_t j = 0; j < nf; j++) z[j] = (X[i * nf + j] - nv->mean[j]) / nv->scale[j];
        for (size_t a = 0; a < nf; a++)
            for (size_t b = a; b < nf; b++) cov->data[a * nf + b] += z[a] * z[b];
    }
    for (size_t a = 0; st == LMDS_OK && a < nf; a++)
        for (size_t b = 0; b < a; b++) cov->data[a * nf + b] = cov->data[b * nf + a];
    if (st == LMDS_OK && gsl_eigen_symmv(cov, val, vec, ws) != 0)
        st = lmds_error(LMDS_ENOCONV, "learn: eigen-decomposition of the feature covariance failed");
    if (st == LMDS_OK) gsl_eigen_symmv_sort(val, vec, GSL_EIGEN_SORT_VAL_DESC);
    for (int c = 0; st == LMDS_OK && c < nv->k; c++)
        for (size_t j = 0; j < nf; j++) nv->comp[(size_t)c * nf + j] = (float)gsl_matrix_get(vec, j, (size_t)c);
    gsl_matrix_free(cov);
    gsl_matrix_free(vec);
    gsl_vector_free(val);
    if (ws) gsl_eigen_symmv_free(ws);
    free(z);
    return st;
}

static void project(const lmds_learn_novelty *nv, const float *x, float *out)
{
    for (int c = 0; c < nv->k; c++) {
        const float *axis = nv->comp + (size_t)c * (size_t)nv->nf;
        double s = 0;
        for (int j = 0; j < nv->nf; j++) s += axis[j] * ((x[j] - nv->mean[j]) / nv->scale[j]);
        out[c] = (float)s;
    }
}

/* Mean distance from point q to its knn nearest references, skipping reference `skip` (leave-one-out; -1: none). */
static double knn_mean(const lmds_learn_novelty *nv, const float *q, long skip)
{
    double best[64];
    int kk = nv->knn < 64 ? nv->knn : 64, have = 0;
    for (size_t i = 0; i < nv->n; i++) {
        if ((long)i == skip) continue;
        const float *r = nv->coord + i * (size_t)nv->k;
        double d2 = 0;
        for (int c = 0; c < nv->k; c++) d2 += (double)(q[c] - r[c]) * (q[c] - r[c]);
        if (have == kk && d2 >= best[kk - 1]) continue;
        int j = have < kk ? have++ : kk - 1;
        while (j > 0 && best[j - 1] > d2) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = d2;
    }
    double s = 0;
    for (int j = 0; j < have; j++) s += sqrt(best[j]);
    return have ? s / have : NAN;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

lmds_status lmds_learn_novelty_build(const lmds_learn_data *ref, const float *X, int nf, int k, int knn,
                                     lmds_learn_novelty **out)
{
    *out = NULL;
    if (!ref || ref->n < 2 || nf < 1) return lmds_error(LMDS_ENODATA, "learn: too few reference materials for novelty");
    lmds_learn_novelty *nv = calloc(1, sizeof *nv);
    if (!nv) return lmds_error(LMDS_ENOMEM, "out of memory");
    nv->nf = nf;
    nv->k = k < nf ? k : nf;
    if (nv->k > 64) nv->k = 64;
    nv->knn = knn < (int)ref->n - 1 ? knn : (int)ref->n - 1;
    lmds_status st = copy_materials(nv, ref);
    if (st == LMDS_OK) st = principal_axes(nv, X);
    if (st == LMDS_OK) {
        for (size_t i = 0; i < nv->n; i++) project(nv, X + i * (size_t)nf, nv->coord + i * (size_t)nv->k);
#pragma omp parallel for schedule(dynamic, 64)
        for (long i = 0; i < (long)nv->n; i++) nv->knn_sorted[i] = (float)knn_mean(nv, nv->coord + i * nv->k, i);
        qsort(nv->knn_sorted, nv->n, sizeof *nv->knn_sorted, cmp_float);
    }
    if (st != LMDS_OK) {
        lmds_learn_novelty_free(nv);
        return st;
    }
    *out = nv;
    return LMDS_OK;
}

void lmds_learn_novelty_query(const lmds_learn_novelty *nv, const lmds_comp *c, const float *x,
                              lmds_learn_prediction *out)
{
    unsigned char qz[LMDS_COMP_MAX];
    float qx[LMDS_COMP_MAX];
    int qn = sorted_elements(c, qz, qx);
    double best = 2;
    size_t arg = 0;
    out->system_seen = 0;
    for (size_t i = 0; i < nv->n; i++) {
        size_t a = nv->el_start[i], b = nv->el_start[i + 1];
        double overlap = 0;
        int common = 0, q = 0;
        for (size_t e = a; e < b && q < qn;) {
            if (nv->el_z[e] == qz[q]) {
                overlap += fminf(nv->el_x[e], qx[q]);
                common++;
                e++;
                q++;
            } else if (nv->el_z[e] < qz[q]) e++;
            else q++;
        }
        if (common == qn && (size_t)qn == b - a) out->system_seen = 1;
        double d = 1 - overlap;
        if (d < best) {
            best = d;
            arg = i;
        }
    }
    snprintf(out->nearest_formula, sizeof out->nearest_formula, "%s", nv->names + nv->name_off[arg]);
    out->nearest_distance = best < 0 ? 0 : best;
    out->nearest_tc_K = nv->tc_K[arg];
    out->nearest_lowest_T_K = nv->lowest_T_K[arg];
    float pc[64];
    project(nv, x, pc);
    double m = knn_mean(nv, pc, -1);
    /* Fraction of references whose leave-one-out neighbour distance is at least m (binary search). */
    size_t lo = 0, hi = nv->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (nv->knn_sorted[mid] < m) lo = mid + 1;
        else hi = mid;
    }
    out->density = (double)(nv->n - lo) / (double)nv->n;
}

int lmds_learn_novelty_has(const lmds_learn_novelty *nv, const char *formula)
{
    for (size_t i = 0; nv && i < nv->n; i++)
        if (!strcmp(nv->names + nv->name_off[i], formula)) return 1;
    return 0;
}

/* ---------------------------------------------------------------- file section
 * u64 n, u32 nf, u32 k, u32 knn, u64 names_len, u64 n_el; names; f64 tc[n]; f64 lowest[n]; u64 el_start[n+1];
 * u8 el_z[n_el]; f32 el_x[n_el]; f32 mean[nf]; f32 scale[nf]; f32 comp[k nf]; f32 coord[n k]; f32 knn_sorted[n].
 * Little-endian hosts only (the model files are built and read on x86-64 and arm64). */

static int put(FILE *fp, const void *p, size_t size) { return size == 0 || fwrite(p, 1, size, fp) == size; }

int lmds_learn_novelty_write(FILE *fp, const lmds_learn_novelty *nv)
{
    uint64_t n = nv->n, names_len = nv->n ? nv->name_off[nv->n - 1] + strlen(nv->names + nv->name_off[nv->n - 1]) + 1 : 0;
    uint64_t n_el = nv->el_start[nv->n], start;
    uint32_t nf = (uint32_t)nv->nf, k = (uint32_t)nv->k, knn = (uint32_t)nv->knn;
    int ok = put(fp, &n, 8) && put(fp, &nf, 4) && put(fp, &k, 4) && put(fp, &knn, 4) && put(fp, &names_len, 8) &&
             put(fp, &n_el, 8) && put(fp, nv->names, names_len) && put(fp, nv->tc_K, n * 8) &&
             put(fp, nv->lowest_T_K, n * 8);
    for (size_t i = 0; ok && i <= nv->n; i++) {
        start = nv->el_start[i];
        ok = put(fp, &start, 8);
    }
    return ok && put(fp, nv->el_z, n_el) && put(fp, nv->el_x, n_el * 4) && put(fp, nv->mean, nf * 4) &&
           put(fp, nv->scale, nf * 4) && put(fp, nv->comp, (size_t)k * nf * 4) && put(fp, nv->coord, n * k * 4) &&
           put(fp, nv->knn_sorted, n * 4);
}

static int get(const unsigned char *buf, size_t n, size_t *off, void *p, size_t size)
{
    if (size > n - *off) return 0;
    memcpy(p, buf + *off, size);
    *off += size;
    return 1;
}

static lmds_status read_body(lmds_learn_novelty *nv, const unsigned char *buf, size_t n, size_t *off, uint64_t names_len,
                             uint64_t n_el)
{
    size_t N = nv->n, nf = (size_t)nv->nf, k = (size_t)nv->k;
    int ok = get(buf, n, off, nv->names, names_len) && get(buf, n, off, nv->tc_K, N * 8) &&
             get(buf, n, off, nv->lowest_T_K, N * 8);
    for (size_t i = 0; ok && i <= N; i++) {
        uint64_t s;
        ok = get(buf, n, off, &s, 8) && s <= n_el && (i == 0 || s >= nv->el_start[i - 1]);
        if (ok) nv->el_start[i] = s;
    }
    ok = ok && nv->el_start[N] == n_el && get(buf, n, off, nv->el_z, n_el) && get(buf, n, off, nv->el_x, n_el * 4) &&
         get(buf, n, off, nv->mean, nf * 4) && get(buf, n, off, nv->scale, nf * 4) &&
         get(buf, n, off, nv->comp, k * nf * 4) && get(buf, n, off, nv->coord, N * k * 4) &&
         get(buf, n, off, nv->knn_sorted, N * 4);
    if (!ok || (names_len && nv->names[names_len - 1] != 0)) return LMDS_EPARSE;
    /* Formula offsets from the NUL-separated names: exactly N of them. */
    size_t o = 0;
    for (size_t i = 0; i < N; i++) {
        if (o >= names_len) return LMDS_EPARSE;
        nv->name_off[i] = o;
        o += strlen(nv->names + o) + 1;
    }
    return o == names_len ? LMDS_OK : LMDS_EPARSE;
}

lmds_status lmds_learn_novelty_read(const unsigned char *buf, size_t n, size_t *off, const char *path,
                                    lmds_learn_novelty **out)
{
    *out = NULL;
    uint64_t N, names_len, n_el;
    uint32_t nf, k, knn;
    if (!get(buf, n, off, &N, 8) || !get(buf, n, off, &nf, 4) || !get(buf, n, off, &k, 4) || !get(buf, n, off, &knn, 4) ||
        !get(buf, n, off, &names_len, 8) || !get(buf, n, off, &n_el, 8) || N > n || names_len > n || n_el > n ||
        nf > 100000 || k > 64 || k > nf || knn < 1 || knn > 64)
        return lmds_error(LMDS_EPARSE, "%s: truncated or bad novelty section at byte %zu", path, *off);
    lmds_learn_novelty *nv = calloc(1, sizeof *nv);
    if (!nv) return lmds_error(LMDS_ENOMEM, "out of memory");
    nv->nf = (int)nf;
    nv->k = (int)k;
    nv->knn = (int)knn;
    lmds_status st = alloc_arrays(nv, (size_t)N, (size_t)n_el, (size_t)names_len);
    if (st == LMDS_OK && read_body(nv, buf, n, off, names_len, n_el) != LMDS_OK)
        st = lmds_error(LMDS_EPARSE, "%s: truncated or bad novelty section at byte %zu", path, *off);
    if (st != LMDS_OK) {
        lmds_learn_novelty_free(nv);
        return st;
    }
    *out = nv;
    return LMDS_OK;
}
