/* Private to the validation runner (validate.c reads and judges, validate_eval.c computes). */
#ifndef LMDS_VALIDATE_INTERNAL_H
#define LMDS_VALIDATE_INTERNAL_H

#include <lmds.h>

typedef enum { TOL_ABS = 0, TOL_REL, TOL_FACTOR, TOL_SIGN } validation_tol_kind;
typedef struct validation_tol {
    validation_tol_kind kind;
    double x; /* the absolute or relative width, or the factor */
} validation_tol;
lmds_status validation_tol_parse(const char *text, validation_tol *t);

/* What a run loads once, on first use: the thermodynamic database, the predictor, the tunnel score. */
typedef struct validation_ctx {
    lmds_validation_opts opts;
    lmds_tdb *tdb;
    lmds_status tdb_status;
    lmds_predictor *pred;
    lmds_status pred_status;
    lmds_tunnel_score *score;
    lmds_status score_status;
    lmds_route_model *routes;
    lmds_status routes_status;
    lmds_learn_metrics jarvis;
    lmds_status jarvis_status;
    int have_jarvis;
    lmds_learn_model *model;       /* the shipped learned model (novelty of pipeline answers, the outside test) */
    lmds_status model_status;
    char model_error[256];
    lmds_learn_outside outside;
    lmds_status outside_status;
    int have_outside;
    char load_error[256];
} validation_ctx;
void validation_ctx_init(validation_ctx *c, const lmds_validation_opts *o);
void validation_ctx_clear(validation_ctx *c);

/* Compute k->value, k->answer and k->how. LMDS_OK when a value was computed; otherwise the case is marked
 * "cannot run" with the reason (validation_cannot) and the status is returned. */
lmds_status validation_eval(validation_ctx *c, lmds_validation_case *k);
/* 1 when the case is answered by the prediction pipeline (reads the genome). */
int validation_reads_genome(const lmds_validation_case *k);
/* The pipeline (validate_pipeline.c): Tc, Tc_upper_bound; the learned model: jarvis_*, outside_*. */
lmds_status validation_pipeline(validation_ctx *c, lmds_validation_case *k);
lmds_status validation_learn(validation_ctx *c, lmds_validation_case *k);
/* The route model (lmds_route_model_answer): Tc_route. */
lmds_status validation_route(validation_ctx *c, lmds_validation_case *k);
/* Gap equations, Tc of a phase under pressure, McMillan Tc -> 0 pressure, Hc(0) (validate_sc.c). */
lmds_status validation_sc(lmds_validation_case *k);
/* Liquid miscibility gap of a binary input (validate_gap.c): T_critical, x_critical (params element=), and
 * x_gap_low, x_gap_high (the two liquids of the input alloy at T_K; params element=). The database is loaded and
 * covers the input. */
lmds_status validation_gap(validation_ctx *c, lmds_validation_case *k, const lmds_comp *comp);
/* The value of `key` in the case's "k1=v1;k2=v2" params into buf; 0 when absent. */
int validation_param(const lmds_validation_case *k, const char *key, char *buf, size_t n);
/* The number of `key`: dflt when absent, NAN when not a number. */
double validation_param_num(const lmds_validation_case *k, const char *key, double dflt);
/* B0, B0', V0 of the first row of `el` in data/pressure/eos_and_slopes.csv (the measured Birch-Murnaghan set). */
lmds_status validation_eos_row(const char *el, lmds_eos *eos);
/* Mark the case "cannot run" with the library's message; returns st (LMDS_EINVAL when st is LMDS_OK). */
lmds_status validation_fail(lmds_validation_case *k, lmds_status st);
/* Mark a case that cannot run: reason = fmt with one %s. */
void validation_cannot(lmds_validation_case *k, const char *fmt, const char *detail);

#endif
