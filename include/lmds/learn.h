/* lmds learn: superconducting Tc from composition with gradient-boosted trees (XGBoost C API), for discovery.
 *
 * Conventions (stated once):
 *  - temperatures in K; compositions are lmds_comp values (mole fractions summing to 1);
 *  - a feature matrix is dense, row-major, float, n_rows x n_features, one row per composition, ready for
 *    XGDMatrixCreateFromMat without copies;
 *  - features never contain NaN: an element property missing for an element present in a composition is an
 *    error (LMDS_ENODATA naming element and property), never imputed;
 *  - what lmds_learn_*_new/_load/_read/_build/_train allocate, the matching _free releases (NULL accepted); every
 *    constructor sets *out = NULL on failure.
 *
 * A model has two parts. The classifier answers "does this material superconduct at ambient pressure at or above the
 * model's class temperature (lmds_learn_model_class_tc, 2 K for the default model)?": p_sc is a probability
 * calibrated at a stated base rate, and lmds_learn_model_threshold is the documented decision threshold. The
 * regressor gives Tc of a superconductor; it is meaningful only when p_sc is at or above the threshold. Every
 * prediction carries its novelty: whether its element set occurs among the labelled materials of training, the
 * nearest of them (composition distance, measured Tc), and a density score in feature space.
 *
 * Thread safety: featurisers are immutable after creation and may be shared by threads. lmds_learn_predict is
 * a batched call (featurisation is OpenMP-parallel inside it); it may be called from several threads on the same
 * model, the calls into XGBoost are serialised by a mutex held by the model, so give it batches for speed.
 *
 * References: Ward et al., npj Comput. Mater. 2, 16028 (2016) (Magpie features, doi:10.1038/npjcompumats.2016.28);
 * Hamidieh, Comput. Mater. Sci. 154, 346 (2018) (statistics, doi:10.1016/j.commatsci.2018.07.052);
 * Stanev et al., npj Comput. Mater. 4, 29 (2018) (data, doi:10.1038/s41524-018-0085-8);
 * NIMS SuperCon datasheet, doi:10.48505/nims.3739 (data);
 * Chen & Guestrin, KDD 2016 (XGBoost, doi:10.1145/2939672.2939785);
 * Platt, in Advances in Large Margin Classifiers (MIT Press, 1999) (probability calibration). */
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

/* One training or test row: a composition with its label and where it came from. */
typedef struct lmds_learn_row {
    char formula[64];   /* reduced formula (lmds_comp_formula) after cleaning */
    char system[64];    /* chemical system "Ba-Cu-La-O": the chemical family for grouped splits */
    lmds_comp comp;
    double tc_K;        /* superconductors: Tc (> 0); "not superconducting" (or "no Tc reported" in old lists): 0 */
    double lowest_T_K;  /* rows of a material list that do not superconduct: the lowest temperature reached without
                         * a transition; 0 otherwise */
    int line;           /* 1-based line in the source file (for genome rows: the line in the genome's source) */
    int count;          /* number of source rows merged into this row (1 before merging) */
    char id[16];        /* the source's own row id (SuperCon data number), "" when it has none */
    char name[48];      /* the source's name of the material (SuperCon "common formula", e.g. "beta-Ga"), or "" */
    char structure[24]; /* the source's structure label (SuperCon "str3", e.g. "AMOR" for amorphous), or "" */
} lmds_learn_row;

/* A row the cleaning or the label policy refused, with the reason (docs/learn.md lists the reasons). */
typedef struct lmds_learn_reject {
    int line;             /* 1-based line in the source (0 when the row has none) */
    char id[16];          /* the source's row id, or "" */
    char as_written[64];  /* the formula as written in the source (truncated to fit) */
    double tc_K;          /* the row's Tc (NAN when unreadable) */
    char reason[24];      /* short class, e.g. "unparsable", "no_tc", "element", "form", "excluded" */
    char detail[160];     /* what exactly, e.g. "amorphous (structure AMOR)" or the exclusion's reference */
} lmds_learn_reject;

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
    size_t n_recalled;        /* rows of a material list whose provenance is "recalled" */
    /* Rows dropped by the reader and the label policy, with reasons (owned by the data). */
    size_t n_rejects, cap_rejects;
    lmds_learn_reject *rejects;
} lmds_learn_data;

/* Cleaning choices when reading training data. */
typedef struct lmds_learn_clean {
    int keep_oxygen_placeholder; /* 1: keep "OZ" as O1 (Hamidieh's data did); 0 (default): drop those rows */
    int positive_only;           /* 1: keep only Tc > 0 rows */
} lmds_learn_clean;

/* Read a table of formulas and Tc: a CSV with a header naming a formula column ("formula", "name", "element" or
 * "composition") and a Tc column ("Tc", "tc", "Tc_K", "critical_temp"), or the tab-separated NIMS SuperCon
 * datasheet (three header lines; columns num, name, element, str3, tc, journal; the number, name and structure
 * are kept in the rows). clean may be NULL (defaults). Unparsable formulas are dropped, counted and recorded in
 * d->rejects; a file without the columns, a short record, or no usable row is LMDS_EPARSE with file:line. */
LMDS_API lmds_status lmds_learn_data_read(const char *path, const lmds_learn_clean *clean, lmds_learn_data **out);
/* Read a material list (data/learn/elements_ambient.csv, negatives.csv, outside_test.csv): CSV with columns
 * formula, superconducting (yes/no), Tc_K (when yes), lowest_T_K (when no), provenance (read, supercon, genome,
 * recalled), reference; lines starting with '#' are comments. Rows get tc_K = Tc_K (yes) or 0 and lowest_T_K (no).
 * Every problem (missing column, a "yes" row without Tc, a "no" row without a lowest temperature, a formula the
 * parser refuses, a row without a reference) is LMDS_EPARSE at file:line:column: a curated list has no bad rows. */
LMDS_API lmds_status lmds_learn_list_read(const char *path, lmds_learn_data **out);
/* Training rows of the default genome (lmds_genome_default_path(), opened read-only): dataset "stanev2018" or
 * NULL for all of its Tc rows. The genome hands over each row's formula as written (and the rows it refused at
 * import), so the whole cleaning policy applies, exactly as for lmds_learn_data_read on the same file. Errors of
 * lmds_genome_open pass through (no genome file: LMDS_EDB/LMDS_EIO); LMDS_EUNSUPPORTED when the library was built
 * without the genome's Tc table. */
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
/* Number of recorded rejects whose reason is `reason` (all of them for NULL). */
LMDS_API size_t lmds_learn_data_rejects_count(const lmds_learn_data *d, const char *reason);
LMDS_API void lmds_learn_data_free(lmds_learn_data *d);

/* Hamidieh's cleaning of one raw SuperCon formula into buf: strips variable parts "-X", "+Z", "=z", "-d"
 * after an amount ("O7-X" -> "O7") and a variable amount ("OZ" -> "O"). *changed tells whether anything was
 * stripped, *placeholder whether an element lost its whole amount (so it reads as 1). */
LMDS_API lmds_status lmds_learn_clean_formula(const char *raw, char *buf, size_t n, int *changed, int *placeholder);

/* ---------------------------------------------------------------- labels for discovery */

/* Where the labels of a discovery model come from. NULL paths take the shipped files of data/learn. */
typedef struct lmds_learn_sources {
    const char *supercon;   /* SuperCon measurements (default: the NIMS datasheet supercon_nims_mdr_primary.tsv) */
    const char *elements;   /* elements at ambient pressure in their stable form (elements_ambient.csv) */
    const char *exclusions; /* compositions whose SuperCon rows are not ambient bulk measurements
                             * (supercon_exclusions.csv: formula, reason, provenance, reference) */
    const char *negatives;  /* curated measured non-superconductors (negatives.csv) */
    double class_tc_K;      /* the classifier's event: superconducts at ambient pressure with Tc >= this (default 2) */
} lmds_learn_sources;

LMDS_API void lmds_learn_sources_default(lmds_learn_sources *s);

/* Labels that mean one thing: ambient-pressure, bulk, stable-phase measurements (docs/learn.md, "Label policy").
 * The SuperCon rows are cleaned (lmds_learn_data_read), then the policy drops, with a reason recorded for each row:
 *   no_tc       Tc = 0 in the source: no Tc reported, or a non-transition without the lowest temperature reached;
 *   element     element rows (they average pressure cells, films, amorphous and metastable forms): the element
 *               table replaces them;
 *   form        rows whose SuperCon name or structure marks another form: amorphous, film, monolayer, interface,
 *               nanowire or nanotube, a pressure phase ("P=", "GPa", "HP-", "-II".."-V"), a dopant or
 *               intercalant missing from the formula;
 *   excluded    compositions of the exclusion list (pressure-only superconductors, gated, interface, implausible);
 *   negative    rows contradicting a curated measured negative (Tc above its lowest temperature);
 *   outlier     a row far from the consensus of its duplicates (|Tc - median| > max(1 K, 0.25 median) while most
 *               duplicates agree);
 *   conflict    duplicates without a consensus (no majority within that tolerance);
 * and merges the remaining duplicates by their median. The regressor's rows are the superconductors (Tc > 0) of
 * SuperCon and the element table; the classifier's rows add the non-superconducting elements and the curated
 * negatives whose lowest temperature is at or below class_tc_K (those measured only above it are counted and
 * skipped: they say nothing about the class). On failure *out is NULL. */
typedef struct lmds_learn_labels {
    lmds_learn_data *reg;   /* regressor rows (Tc > 0) */
    lmds_learn_data *cls;   /* classifier rows: positive when tc_K >= class_tc_K */
    lmds_learn_data *supercon; /* the SuperCon rows as cleaned and merged, with every reject (reasons, lines) */
    double class_tc_K;
    char *summary;          /* JSON text: the counts of every step and source (owned) */
} lmds_learn_labels;

LMDS_API lmds_status lmds_learn_labels_build(const lmds_learn_sources *s, lmds_learn_labels **out);
/* Write the rejects of the SuperCon rows as CSV (line,id,as_written,Tc_K,reason,detail), sorted by line, through
 * lmds_ofile (atomic: the file is replaced only when complete). */
LMDS_API lmds_status lmds_learn_labels_write_rejects(const lmds_learn_labels *l, const char *path);
LMDS_API void lmds_learn_labels_free(lmds_learn_labels *l);

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
    int classifier;         /* also train the classifier (default 1) */
    int cls_rounds;         /* rounds of the classifier (default 300) */
    double cls_tc_K;        /* classifier label: Tc >= cls_tc_K (and > 0); 0 (default) = Tc > 0 */
    double cls_balance;     /* in (0, 1): weight the classifier's training rows so that positives make this fraction
                             * of the total weight; 0 (default): unweighted (the discovery model trains unweighted
                             * and moves its probabilities to the base rate by calibration, lmds_learn_build) */
    uint64_t seed;          /* base seed (default 42) */
    int nthread;            /* threads for XGBoost (0 = OpenMP default) */
    /* Called after each boosting round with (done, total) over the whole training; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
} lmds_learn_params;

LMDS_API void lmds_learn_params_default(lmds_learn_params *p);

/* A trained model: ensemble of Tc regressors, optional classifier with its calibration and threshold, featuriser,
 * the training domain (element set, feature ranges) and the reference set of labelled training materials used for
 * novelty. */
typedef struct lmds_learn_model lmds_learn_model;

/* Train on `reg` (regressor; rows with Tc <= 0 are ignored: it predicts Tc of superconductors) and, when
 * p->classifier and cls != NULL, the classifier on `cls` (label per p->cls_tc_K, weights per p->cls_balance).
 * p may be NULL (defaults). The model keeps the labelled rows of cls (or reg without cls) as its reference set.
 * Its threshold is 0.5 and its probabilities are uncalibrated until lmds_learn_build calibrates them. */
LMDS_API lmds_status lmds_learn_train(const lmds_learn_data *reg, const lmds_learn_data *cls, const lmds_learn_params *p,
                             lmds_learn_model **out);

/* Load a model file; path NULL loads the default model data/models/lmds_tc_default.model. Bad files give
 * LMDS_EPARSE (or LMDS_EIO) naming the file and what is wrong. */
LMDS_API lmds_status lmds_learn_model_load(const char *path, lmds_learn_model **out);
/* Save (atomically, through lmds_ofile). */
LMDS_API lmds_status lmds_learn_model_save(const lmds_learn_model *m, const char *path);
LMDS_API void lmds_learn_model_free(lmds_learn_model *m);

/* Descriptive metadata of a model (JSON text owned by the model): data source and counts, label policy, feature
 * preset, hyper-parameters, metrics, calibration, threshold, outside test, date. */
LMDS_API const char *lmds_learn_model_card(const lmds_learn_model *m);
/* The featuriser of the model (owned by the model). */
LMDS_API const lmds_learn_featurizer *lmds_learn_model_featurizer(const lmds_learn_model *m);
LMDS_API int lmds_learn_model_has_classifier(const lmds_learn_model *m);
/* The documented decision threshold on p_sc: at or above it the model calls the material a superconductor (Tc >=
 * the class temperature), below it "not superconducting". NAN for a model without a classifier. */
LMDS_API double lmds_learn_model_threshold(const lmds_learn_model *m);
/* The class temperature of the classifier (K): p_sc is the probability of Tc >= this at ambient pressure; 0 means
 * "any Tc > 0" (models trained without a class temperature). */
LMDS_API double lmds_learn_model_class_tc(const lmds_learn_model *m);

typedef struct lmds_learn_prediction {
    double tc_K;           /* regressor: ensemble mean, clipped at 0 (the Tc the material would have if it
                            * superconducts; report it only when superconducting == 1) */
    double uncertainty_K;  /* 1-sigma of tc_K: ensemble spread times the calibration factor of its novelty class
                            * (element set seen in training or not; factors fitted on random and grouped folds) */
    double p_sc;           /* calibrated probability that Tc >= class temperature at ambient pressure; NAN without
                            * a classifier */
    int superconducting;   /* 1 when p_sc >= the model's threshold, 0 below, -1 without a classifier */
    /* Novelty. */
    int system_seen;       /* 1 when the exact element set occurs among the labelled training materials */
    int unknown_z;         /* first element absent from all training data (0 when none) */
    char nearest_formula[64]; /* the nearest labelled training material ("" when the model has no reference set) */
    double nearest_distance;  /* its composition distance: 0.5 * sum_i |x_i - y_i| over mole fractions, 0 (same
                               * composition) .. 1 (no element in common); NAN without a reference set */
    double nearest_tc_K;      /* its measured Tc (0 when it is a measured non-superconductor) */
    double nearest_lowest_T_K;/* for a measured non-superconductor: lowest temperature reached, else 0 */
    double density;        /* density score in feature space, 0..1: the fraction of training materials whose own
                            * k-nearest-neighbour distance (principal components of the standardised features) is
                            * at least this composition's; near 0 = sparser than almost all training data.
                            * NAN without a reference set */
    /* Range check (kept for compatibility; the novelty fields above say more). */
    int in_domain;         /* 1 when every element occurs in training and no feature lies outside its training
                            * range by more than 2 % of the range width */
    int n_out_of_range;    /* number of features outside the training range */
    int worst_feature;     /* index of the feature farthest outside its range (-1 when none) */
} lmds_learn_prediction;

/* Predict n compositions (batched). See the thread-safety note at the top. On failure the contents of out are
 * unspecified. */
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

/* 1 for a non-cuprate (not both Cu and O) containing a liquid metal (Ga, In, Sn, Hg, Bi or Pb): the project's own
 * family, scored separately in the cards' metrics. */
LMDS_API int lmds_learn_liquid_metal_family(const lmds_comp *c);

/* Binary classification metrics at a threshold: score[i] >= threshold is a positive call; weight may be NULL
 * (all 1). ROC-AUC by the Mann-Whitney statistic with midranks (weighted). */
typedef struct lmds_learn_class_metrics {
    size_t n, n_pos;
    double tp, fp, fn, tn;              /* weighted counts */
    double precision, recall, f1, auc;  /* NAN when undefined */
} lmds_learn_class_metrics;
LMDS_API void lmds_learn_class_metrics_compute(const double *score, const int *label, const double *weight, size_t n,
                                      double threshold, lmds_learn_class_metrics *m);

/* K-fold cross-validation of the regressor (p->n_ensemble regressors per fold; `lmds learn cv` uses 1) on all
 * the rows of d as given (merge and filter first: lmds_learn_data_merge, Tc > 0 for the regressor's domain).
 * Writes the out-of-fold predictions into oof[d->n], their ensemble spread into oof_sd[d->n] and the fold of each
 * row into fold[d->n] (each may be NULL). */
LMDS_API lmds_status lmds_learn_cv(const lmds_learn_data *d, const lmds_learn_params *p, lmds_learn_split split, int folds,
                          uint64_t seed, double *oof, double *oof_sd, int *fold, lmds_learn_metrics *out);
/* The same for the classifier: out-of-fold probabilities (uncalibrated, label and weights as in lmds_learn_train)
 * into prob[d->n] and folds into fold[d->n] (may be NULL). */
LMDS_API lmds_status lmds_learn_cv_classifier(const lmds_learn_data *d, const lmds_learn_params *p, lmds_learn_split split,
                                     int folds, uint64_t seed, double *prob, int *fold);

/* Train on rows train_idx and predict rows test_idx of d (ensemble of p->n_ensemble), into pred[n_test] and the
 * ensemble spread into sd[n_test] (may be NULL). */
LMDS_API lmds_status lmds_learn_fit_predict(const lmds_learn_data *d, const lmds_learn_params *p, const size_t *train_idx,
                                   size_t n_train, const size_t *test_idx, size_t n_test, double *pred, double *sd);

/* Attach metrics (under a split name such as "random", "group", "jarvis") and free-form notes to the card. */
LMDS_API lmds_status lmds_learn_model_set_metrics(lmds_learn_model *m, const char *split, const lmds_learn_metrics *mt);
LMDS_API lmds_status lmds_learn_model_set_note(lmds_learn_model *m, const char *key, const char *value);
/* Calibration of the uncertainty: the factor multiplying the ensemble spread (both novelty classes). */
LMDS_API void lmds_learn_model_set_uncertainty_scale(lmds_learn_model *m, double scale, double floor_K);

/* ---------------------------------------------------------------- the discovery model */

typedef struct lmds_learn_build_opts {
    int folds;              /* cross-validation folds (default 5) */
    uint64_t seed;          /* fold seed (default 42) */
    int cv_ensemble;        /* regressors per fold, for the spread whose calibration is fitted (default 3) */
    int n_components;       /* principal components for the density score (default 12) */
    int k_neighbours;       /* neighbours for the density score (default 10) */
    double base_rate;       /* prevalence of superconductors the calibrated probabilities refer to (default 0.146:
                             * 113 superconductors among 773 materials tested in an exploratory search, Hosono et
                             * al., Sci. Technol. Adv. Mater. 16, 033503 (2015)) */
} lmds_learn_build_opts;

LMDS_API void lmds_learn_build_opts_default(lmds_learn_build_opts *o);

/* The discovery model from labels (lmds_learn_labels_build) with p (p->cls_tc_K is set to the labels' class
 * temperature):
 *  1. trains the regressors on l->reg and the classifier on l->cls;
 *  2. scores the regressor by random and grouped K-fold CV (chemical systems never split) and fits the uncertainty
 *     factors of seen and unseen chemistry so that 68.3 % of out-of-fold errors fall within +-1 sigma; the
 *     coverage is checked fold by fold with factors fitted on the other folds (reported in the card);
 *  3. calibrates the classifier on grouped out-of-fold probabilities (Platt scaling, rows weighted to o->base_rate),
 *     records the reliability diagram (10 bins) and sets the threshold where the calibrated probability
 *     reaches 0.5 (the call "superconducting" is then more likely right than wrong at the base rate);
 *  4. builds the novelty reference (principal components, neighbour distances) from the classifier's rows;
 *  5. writes the labels summary, the metrics and the calibration into the card.
 * o may be NULL (defaults). On failure *out is NULL. */
LMDS_API lmds_status lmds_learn_build(const lmds_learn_labels *l, const lmds_learn_params *p,
                                      const lmds_learn_build_opts *o, lmds_learn_model **out);

/* Score a model on an outside list (lmds_learn_list_read): rows whose reduced formula occurs in the model's
 * reference set are removed as leaks (counted); the rest are scored at the model's threshold, positive meaning
 * Tc >= the class temperature. */
typedef struct lmds_learn_outside {
    size_t n_rows, n_leaked, n_scored, n_recalled;
    lmds_learn_class_metrics at_threshold;   /* precision, recall, ROC-AUC at the model's threshold */
    lmds_learn_class_metrics unseen_systems; /* the same on rows whose element set was never seen in training */
} lmds_learn_outside;
LMDS_API lmds_status lmds_learn_evaluate_outside(const lmds_learn_model *m, const lmds_learn_data *list,
                                                 lmds_learn_outside *out);
/* Record an outside evaluation in the card under key (with the list's source path). */
LMDS_API lmds_status lmds_learn_model_set_outside(lmds_learn_model *m, const char *key, const char *source,
                                                  const lmds_learn_outside *ev);
/* Write the classifier's reliability diagram (calibrated probability against the observed fraction at the base
 * rate, with bin counts and the threshold) as an SVG file, through lmds_ofile. LMDS_ENODATA when the model was not
 * built by lmds_learn_build. */
LMDS_API lmds_status lmds_learn_model_reliability_svg(const lmds_learn_model *m, const char *path);

#ifdef __cplusplus
}
#endif
#endif
