/* Private to src/learn. */
#ifndef LMDS_LEARN_PRIVATE_H
#define LMDS_LEARN_PRIVATE_H

#include <pthread.h>
#include <stdio.h>
#include <lmds/learn.h>
#include <lmds/element.h>
#include <xgboost/c_api.h>

struct lmds_learn_featurizer {
    char preset[128];
    int nblocks;
    int block_order[8];
    int has_block[8];
    int magpie_col[22];
    int ham_col[8];
    int val_col[4];
    size_t nfeat, cap;
    char **names;
};

#define LMDS_LEARN_MAX_ENSEMBLE 32
/* Novelty reference built by lmds_learn_train: principal components kept and neighbours averaged for the density
 * score (lmds_learn_build_opts overrides them). */
#define LMDS_LEARN_NOVELTY_COMPONENTS 12
#define LMDS_LEARN_NOVELTY_NEIGHBOURS 10

/* The labelled training materials a prediction is compared with (novelty.c). */
typedef struct lmds_learn_novelty {
    size_t n;              /* reference materials */
    char *names;           /* n reduced formulas, NUL-separated */
    size_t *name_off;      /* offset of each formula in names */
    double *tc_K;          /* measured Tc (0 for measured non-superconductors) */
    double *lowest_T_K;    /* lowest temperature reached without a transition (non-superconductors), else 0 */
    size_t *el_start;      /* n + 1: the elements of material i are el_z/el_x[el_start[i] .. el_start[i+1]) */
    unsigned char *el_z;   /* atomic numbers, ascending within a material */
    float *el_x;           /* mole fractions */
    int nf, k;             /* features, principal components */
    int knn;               /* neighbours in the density score */
    float *mean, *scale;   /* standardisation of each feature */
    float *comp;           /* k x nf principal axes (rows) */
    float *coord;          /* n x k coordinates of the references */
    float *knn_sorted;     /* n leave-one-out mean neighbour distances, ascending */
} lmds_learn_novelty;

/* Classifier calibration and reliability diagram kept with the model (calibrate.c). */
#define LMDS_LEARN_RELIABILITY_BINS 10
typedef struct lmds_learn_calibration {
    int fitted;            /* 0: probabilities are the booster's output */
    double a, b;           /* Platt: p = 1 / (1 + exp(-(a logit(s) + b))) */
    double base_rate;      /* prevalence the probabilities refer to */
    double bin_pred[LMDS_LEARN_RELIABILITY_BINS], bin_obs[LMDS_LEARN_RELIABILITY_BINS];
    double bin_weight[LMDS_LEARN_RELIABILITY_BINS];
    size_t bin_count[LMDS_LEARN_RELIABILITY_BINS];
} lmds_learn_calibration;

struct lmds_learn_model {
    lmds_learn_featurizer *feat;
    int n_reg;
    BoosterHandle reg[LMDS_LEARN_MAX_ENSEMBLE];
    BoosterHandle cls;                 /* NULL when there is no classifier */
    unsigned char elements[LMDS_ZMAX + 1]; /* 1 for the elements seen in the training data */
    float *fmin, *fmax;                /* feature ranges of the training data */
    double unc_scale, unc_floor_K;     /* uncertainty = max(floor, scale * spread), element set seen in training */
    double unc_scale_unseen;           /* the same factor for element sets never seen in training */
    double cls_tc_K;                   /* classifier's class temperature (0: Tc > 0) */
    double threshold;                  /* decision threshold on p_sc */
    lmds_learn_calibration cal;
    lmds_learn_novelty *nov;           /* NULL for a model without a reference set */
    char *card;                        /* JSON text */
    pthread_mutex_t lock;              /* serialises XGBoost calls */
};

/* Hamidieh (2018) Table 1 statistics of t[] weighted by p[] into out[10]. */
void lmds_learn_hamidieh_stats(const double *t, const double *p, int n, double *out);

/* XGBoost error -> lmds error. */
lmds_status lmds_learn_xgb_error(const char *what);

/* Data helpers (data.c). */
lmds_status lmds_learn_data_alloc(size_t cap, const char *source, lmds_learn_data **out);
void lmds_learn_row_keys(lmds_learn_row *r);
void lmds_learn_data_sort(lmds_learn_data *d); /* by (formula, Tc, line) */
int lmds_learn_oxygen_placeholder(const lmds_comp *c);
/* Append a reject: proto's fields, detail formatted. */
lmds_status lmds_learn_reject_add(lmds_learn_data *d, const lmds_learn_reject *proto, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Featurise the rows of d into a newly allocated matrix (n x nf). */
lmds_status lmds_learn_data_matrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, float **X);

/* Model pieces shared by train.c, cv.c, build.c and model.c. */
lmds_status lmds_learn_params_check(const lmds_learn_params *p);
/* Dense DMatrix of d's rows with labels (regressor: Tc; classifier: class label) and the classifier's weights. */
lmds_status lmds_learn_data_dmatrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, int classifier,
                                    const lmds_learn_params *p, DMatrixHandle *out);
/* Fold of each row: random (seeded shuffle dealt round-robin) or grouped by chemical system (cv.c). */
lmds_status lmds_learn_assign_folds(const lmds_learn_data *d, lmds_learn_split split, int K, uint64_t seed, int *fold);
lmds_learn_model *lmds_learn_model_alloc(void);
lmds_status lmds_learn_train_booster(DMatrixHandle dtrain, const lmds_learn_params *p, int classifier,
                                     uint64_t seed, int rounds, long *done, long total, BoosterHandle *out);
lmds_status lmds_learn_booster_predict(BoosterHandle b, DMatrixHandle d, size_t n, float *out);
/* The classifier's label of a row under a class temperature (0: Tc > 0). */
int lmds_learn_class_label(const lmds_learn_row *r, double cls_tc_K);
/* Weights that make positives the fraction base_rate of the total (NULL when base_rate is not in (0, 1)). */
float *lmds_learn_class_weights(const lmds_learn_data *d, double cls_tc_K, double base_rate);
/* Card editing: set section.key to item (taken). */
lmds_status lmds_learn_card_set(lmds_learn_model *m, const char *section, const char *key, void *cjson_item);
/* Calibrated probability from the booster's output s. */
double lmds_learn_calibrated(const lmds_learn_calibration *c, double s);
/* Platt fit of weighted (score, label) pairs and the reliability diagram of the calibrated result (calibrate.c). */
lmds_status lmds_learn_calibration_fit(const double *score, const int *label, const double *weight, size_t n,
                                       double base_rate, lmds_learn_calibration *out);

/* Novelty (novelty.c). X holds the features of ref's rows (n x nf). */
lmds_status lmds_learn_novelty_build(const lmds_learn_data *ref, const float *X, int nf, int k, int knn,
                                     lmds_learn_novelty **out);
void lmds_learn_novelty_query(const lmds_learn_novelty *nv, const lmds_comp *c, const float *x,
                              lmds_learn_prediction *out);
/* 1 when formula is one of the reference materials. */
int lmds_learn_novelty_has(const lmds_learn_novelty *nv, const char *formula);
int lmds_learn_novelty_write(FILE *fp, const lmds_learn_novelty *nv);
/* Read from buf[*off .. n); advances *off. LMDS_EPARSE naming path on a bad section. */
lmds_status lmds_learn_novelty_read(const unsigned char *buf, size_t n, size_t *off, const char *path,
                                    lmds_learn_novelty **out);
void lmds_learn_novelty_free(lmds_learn_novelty *nv);

/* splitmix64 for reproducible shuffles independent of the C library. */
uint64_t lmds_learn_rng_next(uint64_t *state);

#endif
