/* Private to src/learn. */
#ifndef LMDS_LEARN_PRIVATE_H
#define LMDS_LEARN_PRIVATE_H

#include <pthread.h>
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

struct lmds_learn_model {
    lmds_learn_featurizer *feat;
    int n_reg;
    BoosterHandle reg[LMDS_LEARN_MAX_ENSEMBLE];
    BoosterHandle cls;                 /* NULL when there is no classifier */
    unsigned char elements[LMDS_ZMAX + 1]; /* 1 for the elements seen in the regressor's training data */
    float *fmin, *fmax;                /* feature ranges of the training data */
    double unc_scale, unc_floor_K;     /* uncertainty = max(floor, scale * spread) */
    char *card;                        /* JSON text */
    pthread_mutex_t lock;              /* serialises XGBoost calls */
};

/* Hamidieh (2018) Table 1 statistics of t[] weighted by p[] into out[10]. */
void lmds_learn_hamidieh_stats(const double *t, const double *p, int n, double *out);

/* XGBoost error -> lmds error. */
lmds_status lmds_learn_xgb_error(const char *what);

/* Featurise the rows of d into a newly allocated matrix (n x nf). */
lmds_status lmds_learn_data_matrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, float **X);

/* Model pieces shared by train.c and model.c. */
lmds_learn_model *lmds_learn_model_alloc(void);
lmds_status lmds_learn_train_booster(DMatrixHandle dtrain, const lmds_learn_params *p, int classifier,
                                     uint64_t seed, int rounds, long *done, long total, BoosterHandle *out);
lmds_status lmds_learn_booster_predict(BoosterHandle b, DMatrixHandle d, size_t n, float *out);

/* splitmix64 for reproducible shuffles independent of the C library. */
uint64_t lmds_learn_rng_next(uint64_t *state);

#endif
