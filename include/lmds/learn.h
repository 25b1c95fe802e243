/* lmds learn: superconducting Tc from composition with gradient-boosted trees (XGBoost C API).
 *
 * Conventions (stated once):
 *  - temperatures in K; compositions are lmds_comp values (mole fractions summing to 1);
 *  - a feature matrix is dense, row-major, float, n_rows x n_features, one row per composition, ready for
 *    XGDMatrixCreateFromMat without copies;
 *  - features never contain NaN: an element property missing for an element present in a composition is an
 *    error (LMDS_ENODATA naming element and property), never imputed;
 *  - what lmds_learn_*_new/_load/_read/_train allocate, the matching _free releases (NULL accepted).
 *
 * Thread safety: featurisers are immutable after creation and may be shared by threads. lmds_learn_predict is
 * a batched call (featurisation is OpenMP-parallel inside it); it may be called from several threads on the same
 * model, the calls into XGBoost are serialised by a mutex held by the model, so give it batches for speed.
 *
 * References: Ward et al., npj Comput. Mater. 2, 16028 (2016) (Magpie features, doi:10.1038/npjcompumats.2016.28);
 * Hamidieh, Comput. Mater. Sci. 154, 346 (2018) (statistics, doi:10.1016/j.commatsci.2018.07.052);
 * Stanev et al., npj Comput. Mater. 4, 29 (2018) (data, doi:10.1038/s41524-018-0085-8);
 * Chen & Guestrin, KDD 2016 (XGBoost, doi:10.1145/2939672.2939785). */
#ifndef LMDS_LEARN_H
#define LMDS_LEARN_H

#include <stdint.h>
#include "core.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- features */

/* A featuriser: an ordered list of composition descriptors built from a preset, a '+'-joined list of
 *   "magpie"    132 features: minimum, maximum, range, mean, avg_dev, mode of the 22 Magpie element properties,
 *               in matminer's order and naming ("MagpieData mean Number"), equal to
 *               matminer ElementProperty.from_preset("magpie");
 *   "hamidieh"  Hamidieh's 10 statistics (mean, wtd_mean, gmean, wtd_gmean, entropy, wtd_entropy, range,
 *               wtd_range, std, wtd_std) of 8 physical element properties ("wtd_mean_atomic_mass");
 *   "valence"   number_of_elements and the fractions of s, p, d, f valence electrons (frac_sValence, ...);
 *   "fractions" the mole fraction of every element H..Lr ("x_Ga"), the plain element-fraction baseline;
 *   "default"   = "magpie+hamidieh+valence".
 * Returns LMDS_ENOTFOUND for an unknown preset name or element-table column. */
typedef struct lmds_learn_featurizer lmds_learn_featurizer;
LMDS_API lmds_status lmds_learn_featurizer_new(const char *preset, lmds_learn_featurizer **out);
LMDS_API void lmds_learn_featurizer_free(lmds_learn_featurizer *f);
LMDS_API size_t lmds_learn_featurizer_count(const lmds_learn_featurizer *f);
/* Name of feature j (static to the featuriser), NULL when j is out of range. */
LMDS_API const char *lmds_learn_featurizer_name(const lmds_learn_featurizer *f, size_t j);
/* The preset string the featuriser was built from (as normalised, e.g. "magpie+hamidieh+valence"). */
LMDS_API const char *lmds_learn_featurizer_preset(const lmds_learn_featurizer *f);

/* Features of one composition in double precision into out[lmds_learn_featurizer_count(f)].
 * LMDS_ENODATA (naming element and property) when a property is unknown for an element of c. */
LMDS_API lmds_status lmds_learn_features(const lmds_learn_featurizer *f, const lmds_comp *c, double *out);

/* Features of n compositions into the float matrix X (n x count, row-major), in parallel (OpenMP).
 * On failure returns the status of the first failing row (lowest index) and, when bad_row is not NULL,
 * stores that index there. */
LMDS_API lmds_status lmds_learn_features_matrix(const lmds_learn_featurizer *f, const lmds_comp *comps, size_t n,
                                       float *X, size_t *bad_row);

/* ---------------------------------------------------------------- data */

/* A training set: compositions with Tc in K (0 = "no superconductivity reported"), the formula as read, the
 * source line, and the group keys used by grouped cross-validation. */
typedef struct lmds_learn_row {
    char formula[64];   /* reduced formula (lmds_comp_formula) after cleaning */
    char system[64];    /* chemical system "Ba-Cu-La-O": the chemical family for grouped splits */
    lmds_comp comp;
    double tc_K;
    int line;           /* 1-based line in the source file (for genome rows: the line in the genome's source) */
    int count;          /* number of source rows merged into this row (1 before merging) */
} lmds_learn_row;

typedef struct lmds_learn_data {
    size_t n;
    lmds_learn_row *rows;
    char source[256];   /* file path or "genome:<dataset>" */
    /* Counts of the cleaning policy (see docs/learn.md). */
    size_t n_read;            /* data rows read */
    size_t n_variable_fixed;  /* cleaned: Hamidieh's rule "O7-X" -> "O7", "O8+Z" -> "O8"; D, T -> H */
    size_t n_oxygen_placeholder; /* cuprates with an unknown oxygen count ("OZ", or O1 against >= 3 cations) */
    size_t n_unparsed;        /* formulas the parser refused (dropped) */
    size_t n_bad_tc;          /* Tc missing, negative or not a number (dropped) */
    size_t n_merged;          /* rows removed by merging duplicate formulas */
    size_t n_no_features;     /* rows with an element whose table lacks a feature's property (dropped) */
} lmds_learn_data;

/* Cleaning choices when reading training data. */
typedef struct lmds_learn_clean {
    int keep_oxygen_placeholder; /* 1: keep "OZ" as O1 (Hamidieh's data did); 0 (default): drop those rows */
    int positive_only;           /* 1: keep only Tc > 0 rows */
} lmds_learn_clean;

/* Read a CSV with a header naming a formula column (first column, or one called "formula"/"name"/"element")
 * and a Tc column ("Tc", "tc", "critical_temp"); tab-separated files with a NIMS-style header (several header
 * lines, "element" and "tc" columns) are read too. clean may be NULL (defaults). Unparsable formulas are
 * dropped and counted; a file without the columns, or with no usable row, is LMDS_EPARSE with file:line. */
LMDS_API lmds_status lmds_learn_data_read(const char *path, const lmds_learn_clean *clean, lmds_learn_data **out);
/* Training rows of the default genome (lmds_genome_default_path(), opened read-only): dataset "stanev2018" or
 * NULL for all of its Tc rows. The genome hands over each row's formula as written (and the rows it refused at
 * import), so the whole cleaning policy applies, exactly as for lmds_learn_data_read on the same file. Errors of lmds_genome_open pass through (no genome file: LMDS_EDB/LMDS_EIO);
 * LMDS_EUNSUPPORTED when the library was built without the genome's Tc table. */
LMDS_API lmds_status lmds_learn_data_from_genome(const char *dataset, const lmds_learn_clean *clean,
                                        lmds_learn_data **out);
/* Build from compositions and Tc values (copied). */
LMDS_API lmds_status lmds_learn_data_from_arrays(const lmds_comp *comps, const double *tc_K, size_t n,
                                        lmds_learn_data **out);
/* Merge rows with the same reduced formula into one row with the median Tc (count = rows merged). */
LMDS_API lmds_status lmds_learn_data_merge(lmds_learn_data *d);
/* Remove exact duplicates (same reduced formula and same Tc), keeping same-formula rows with different Tc:
 * Hamidieh's protocol. */
LMDS_API lmds_status lmds_learn_data_dedupe_exact(lmds_learn_data *d);
/* Drop (and count in n_no_features) the rows whose features under `preset` cannot be computed because an element
 * lacks a property (e.g. "No" in a raw SuperCon formula): bad training rows are data errors of the source, while
 * lmds_learn_features keeps refusing such compositions from a user. */
LMDS_API lmds_status lmds_learn_data_drop_unfeaturisable(lmds_learn_data *d, const char *preset);
/* Keep only the rows with keep[i] != 0. */
LMDS_API void lmds_learn_data_filter(lmds_learn_data *d, const unsigned char *keep);
LMDS_API void lmds_learn_data_free(lmds_learn_data *d);

/* Hamidieh's cleaning of one raw SuperCon formula into buf: strips variable parts "-X", "+Z", "=z", "-d"
 * after an amount ("O7-X" -> "O7") and a variable amount ("OZ" -> "O"). *changed tells whether anything was
 * stripped, *placeholder whether an element lost its whole amount (so it reads as 1). */
LMDS_API lmds_status lmds_learn_clean_formula(const char *raw, char *buf, size_t n, int *changed, int *placeholder);

/* ---------------------------------------------------------------- models */

typedef struct lmds_learn_params {
    const char *features;   /* featuriser preset (default "default") */
    int n_rounds;           /* boosting rounds per member (default 400) */
    int max_depth;          /* tree depth (default 8) */
    double eta;             /* learning rate (default 0.05) */
    double subsample;       /* row subsampling (default 0.8) */
    double colsample;       /* column subsampling by tree (default 0.5) */
    double min_child_weight;/* (default 1) */
    double lambda;          /* L2 leaf regularisation (default 1) */
    int n_ensemble;         /* regressors with different seeds, spread = uncertainty (default 5) */
    int classifier;         /* also train the P(Tc > 0) classifier (default 1) */
    int cls_rounds;         /* rounds of the classifier (default 300) */
    uint64_t seed;          /* base seed (default 42) */
    int nthread;            /* threads for XGBoost (0 = OpenMP default) */
    /* Called after each boosting round with (done, total) over the whole training; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
} lmds_learn_params;

LMDS_API void lmds_learn_params_default(lmds_learn_params *p);

/* A trained model: ensemble of Tc regressors, optional classifier, featuriser, and the training domain (element
 * set and feature ranges). */
typedef struct lmds_learn_model lmds_learn_model;

/* Train on `reg` (regressor; rows with Tc <= 0 are ignored: it predicts Tc of superconductors) and, when
 * p->classifier and cls != NULL, a classifier of Tc > 0 versus Tc = 0 ("no Tc reported") on `cls`.
 * p may be NULL (defaults). */
LMDS_API lmds_status lmds_learn_train(const lmds_learn_data *reg, const lmds_learn_data *cls, const lmds_learn_params *p,
                             lmds_learn_model **out);

/* Load a model file; path NULL loads the default model data/models/lmds_tc_default.model. Bad files give
 * LMDS_EPARSE (or LMDS_EIO) naming the file and what is wrong. */
LMDS_API lmds_status lmds_learn_model_load(const char *path, lmds_learn_model **out);
LMDS_API lmds_status lmds_learn_model_save(const lmds_learn_model *m, const char *path);
LMDS_API void lmds_learn_model_free(lmds_learn_model *m);

/* Descriptive metadata of a model (JSON text owned by the model): data source and counts, feature preset and
 * names count, hyper-parameters, metrics added with lmds_learn_model_set_metrics, date. */
LMDS_API const char *lmds_learn_model_card(const lmds_learn_model *m);
/* The featuriser of the model (owned by the model). */
LMDS_API const lmds_learn_featurizer *lmds_learn_model_featurizer(const lmds_learn_model *m);
LMDS_API int lmds_learn_model_has_classifier(const lmds_learn_model *m);

typedef struct lmds_learn_prediction {
    double tc_K;           /* ensemble mean of the regressors, clipped at 0 */
    double uncertainty_K;  /* ensemble standard deviation times the calibration factor of the model */
    double p_sc;           /* probability of superconducting (Tc > 0 reported); NAN without a classifier */
    int in_domain;         /* 1 when all elements were in the training set and no feature lies outside its training
                            * range by more than 2 % of the range width */
    int unknown_z;         /* first element absent from the training data (0 when none) */
    int n_out_of_range;    /* number of features outside the training range */
    int worst_feature;     /* index of the feature farthest outside its range (-1 when none) */
} lmds_learn_prediction;

/* Predict n compositions (batched). See the thread-safety note at the top. */
LMDS_API lmds_status lmds_learn_predict(const lmds_learn_model *m, const lmds_comp *comps, size_t n,
                               lmds_learn_prediction *out);

/* ---------------------------------------------------------------- evaluation */

typedef enum lmds_learn_split {
    LMDS_LEARN_SPLIT_RANDOM = 0, /* rows shuffled into K folds */
    LMDS_LEARN_SPLIT_GROUP = 1   /* every chemical system (element set), hence every formula, in one fold */
} lmds_learn_split;

typedef struct lmds_learn_metrics {
    size_t n;
    double rmse_K, mae_K, r2;           /* on Tc */
    double rmse_log, mae_log, r2_log;   /* on ln(1 + Tc/K) */
    /* Tc > 10 K as a binary call from the predicted Tc. */
    double acc10, precision10, recall10, f1_10, auc10;
} lmds_learn_metrics;

/* Metrics of predictions pred[] against truth[] (n values); subset may be NULL (all) or flags. */
LMDS_API void lmds_learn_metrics_compute(const double *truth, const double *pred, const unsigned char *subset, size_t n,
                                lmds_learn_metrics *m);

/* K-fold cross-validation of the regressor (p->n_ensemble regressors per fold; `lmds learn cv` uses 1) on all
 * the rows of d as given (merge and filter first: lmds_learn_data_merge, Tc > 0 for the regressor's domain).
 * Writes the out-of-fold predictions into oof[d->n], their ensemble spread into oof_sd[d->n] and the fold of each
 * row into fold[d->n] (each may be NULL). */
LMDS_API lmds_status lmds_learn_cv(const lmds_learn_data *d, const lmds_learn_params *p, lmds_learn_split split, int folds,
                          uint64_t seed, double *oof, double *oof_sd, int *fold, lmds_learn_metrics *out);

/* Train on rows train_idx and predict rows test_idx of d (ensemble of p->n_ensemble), into pred[n_test] and the
 * ensemble spread into sd[n_test] (may be NULL). */
LMDS_API lmds_status lmds_learn_fit_predict(const lmds_learn_data *d, const lmds_learn_params *p, const size_t *train_idx,
                                   size_t n_train, const size_t *test_idx, size_t n_test, double *pred, double *sd);

/* Attach metrics (under a split name such as "random", "group", "jarvis") and free-form notes to the card. */
LMDS_API lmds_status lmds_learn_model_set_metrics(lmds_learn_model *m, const char *split, const lmds_learn_metrics *mt);
LMDS_API lmds_status lmds_learn_model_set_note(lmds_learn_model *m, const char *key, const char *value);
/* Calibration of the uncertainty: the factor multiplying the ensemble spread. */
LMDS_API void lmds_learn_model_set_uncertainty_scale(lmds_learn_model *m, double scale, double floor_K);

#ifdef __cplusplus
}
#endif
#endif
