/* Shared numerics of the library (private): the one bracketing root finder and lmds's policy for GSL errors.
 *
 * GSL policy. GSL reports errors through a process-wide handler that aborts by default. lmds switches it off once,
 * the first time any lmds code reaches GSL (lmds_gsl_init, guarded by pthread_once), and from then on relies only
 * on the status codes GSL functions return; it never toggles or restores the handler, so threads never race on it.
 * Every library path that calls GSL calls lmds_gsl_init() first (cheap after the first call). A program that links
 * lmds and wants GSL's aborting handler for its own calls can set it again after its first lmds call; lmds checks
 * every GSL status either way. */
#ifndef LMDS_CORE_NUMERIC_H
#define LMDS_CORE_NUMERIC_H

#include "lmds/core.h"

/* Switch GSL's error handler off, once per process (thread-safe). */
void lmds_gsl_init(void);

typedef double (*lmds_fn1)(double x, void *ctx);

/* Brent's method (GSL gsl_root_fsolver_brent) for f(x) = 0 on [lo, hi], where f(lo) and f(hi) have opposite signs
 * (or one is zero). Stops when the bracket is narrower than xtol_abs + xtol_rel |x| or after max_iter iterations
 * (<= 0: 200). On success writes the root to *root.
 * Errors (message names `what`, e.g. "liquidus of Ga0.8In0.2"): LMDS_EDOMAIN when the interval does not bracket a
 * root or f is not finite at an end, LMDS_ENOCONV when the iterations run out, LMDS_ENOMEM. *root is untouched on
 * failure. */
lmds_status lmds_root_brent(lmds_fn1 f, void *ctx, double lo, double hi, double xtol_abs, double xtol_rel,
                            int max_iter, const char *what, double *root);

#endif
