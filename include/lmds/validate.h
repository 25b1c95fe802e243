/* lmds validate: every validation number of lmds recomputed from sourced data.
 *
 * A suite is one CSV file in data/validation/ (thermo, supercon, pressure, learn, pipeline, routes, flux, tunnel).
 * Every row is one case: what to compute (quantity, input, route, pressure, temperature, parameters), the
 * published reference value with its range, unit and source, the tolerance with its reason, and whether the
 * answer lmds gives is expected to be a lookup of a row the genome stores (a lookup checks the data, not the
 * model). lmds_validation_run computes lmds's value for each case through the public engines (thermo, supercon,
 * tunnel, learn, the prediction pipeline) and judges it hit or miss; a case that cannot be computed is reported
 * as such with the reason (it is not a miss).
 *
 * Tolerances (column `tolerance`, written as in the file):
 *   "X"          absolute, in the case's unit: hit when the value lies in [lo - X, hi + X] (lo, hi = the reference
 *                range; the reference value itself when no range is given);
 *   "X rel"      relative: the same band with X * |reference|;
 *   "factor F"   hit when value / reference lies in [1/F, F];
 *   "sign"       hit when the value has the sign of the reference (a zero value has no sign: a miss);
 *   quantity ending in "_upper_bound": hit when value <= reference_hi + X;
 *   quantity ending in "_lower_bound": hit when value >= reference_lo - X (reference_value when no lo).
 *
 * Blind mode (opts.blind): for cases answered by the prediction pipeline, the genome's rows for the composition
 * asked about, and for the compounds its phases map to, and the material's pressure-induced phases are hidden
 * before the prediction, so the answer must come from physics or the learned model. The learned model cannot
 * forget its training rows: a case answered by it for a material it was trained on is flagged (trained_on) and
 * counted (trained, trained_hits). Suites that never read the genome run unchanged.
 *
 * The library never prints; a progress callback may be given. */
#ifndef LMDS_VALIDATE_H
#define LMDS_VALIDATE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lmds_validation_outcome {
    LMDS_VALIDATION_HIT = 0,
    LMDS_VALIDATION_MISS,
    LMDS_VALIDATION_CANNOT_RUN, /* the value could not be computed (reason says why) */
    LMDS_VALIDATION_SKIPPED     /* a slow case not asked for (opts.slow = 0) */
} lmds_validation_outcome;
/* "hit", "miss", "cannot run", "skipped" */
LMDS_API const char *lmds_validation_outcome_name(lmds_validation_outcome o);

/* How the value was obtained. */
typedef enum lmds_validation_answer {
    LMDS_VALIDATION_COMPUTED = 0, /* by a model from inputs that are not the answer (thermo, spectra, EOS) */
    LMDS_VALIDATION_LOOKUP,       /* a value the genome stores for this material (a check of the data) */
    LMDS_VALIDATION_PREDICTED,    /* the pipeline's physics or learned model, no stored row of the answer */
    LMDS_VALIDATION_NONE          /* not computed */
} lmds_validation_answer;
/* "computed", "lookup", "prediction", "" */
LMDS_API const char *lmds_validation_answer_name(lmds_validation_answer a);

/* Composition distance (0.5 sum |x_i - y_i|, lmds_learn_prediction.nearest_distance) up to which the nearest
 * labelled training material counts as the material itself: 1 at.%, the rounding of formulas in the lists. */
#define LMDS_VALIDATION_SEEN_DISTANCE 0.01

typedef struct lmds_validation_case {
    int line;                  /* line of the row in the suite's file */
    char id[64];
    char quantity[32];         /* Tc, Tc_upper_bound, T_liquidus, T_invariant, lambda, dTc_dP, ... (docs/validation.md) */
    char input[160];           /* composition, spectrum file (relative to the data directory) or material */
    char route[48];            /* pipeline route ("bulk", "droplet:15um", ...); empty when not used */
    double P_GPa;              /* 0 when empty */
    double T_K;                /* NAN when empty */
    char params[256];          /* "key=value;key=value" (mu*=0.15, type=eutectic, ...) */
    double reference, reference_lo, reference_hi; /* NAN when absent */
    char unit[16];
    char tolerance[48];        /* as written in the file (see the top of this header) */
    char tolerance_reason[400];
    char source[1024];
    char lookup[16];           /* declared in the file: "yes" (the genome stores the answer), "no", "depends" */
    char notes[400];           /* conditions and caveats of the reference */
    char verification[16];     /* verified, partly, recalled, derived */
    int slow;                  /* runs only with opts.slow */
    /* Result (set by lmds_validation_run). */
    double value;              /* NAN when not computed */
    lmds_validation_answer answer;
    lmds_validation_outcome outcome;
    char how[256];             /* what produced the value (phase, source, model) */
    /* Pipeline cases: the learned model's nearest labelled training material to the material asked about or to the
     * phase that answered (lmds_learn_prediction.nearest_*); "" and NAN when not computed. trained_on = 1 when the
     * learned model gave the answer and that material lies within LMDS_VALIDATION_SEEN_DISTANCE: the model was
     * trained on this material, so even a blind answer from it is closer to recall than to prediction. */
    char nearest_training[64];
    double nearest_distance;
    int trained_on;
    char reason[256];          /* cannot run / skipped: why */
} lmds_validation_case;

typedef struct lmds_validation_suite {
    char name[24];
    char path[512];
    size_t n;
    lmds_validation_case *cases;
    int blind;                 /* the last run hid the genome's rows (only suites that read the genome) */
    int reads_genome;          /* some case is answered by the prediction pipeline */
    size_t hits, misses, cannot_run, skipped;
    size_t lookups, lookup_hits; /* cases answered by a lookup, and how many of those hit */
    size_t trained, trained_hits; /* predictions (not lookups) of a material the learned model was trained on */
    double seconds;            /* wall time of the last run */
} lmds_validation_suite;

typedef struct lmds_validation_opts {
    int blind;                 /* hide the genome's rows of the material asked about (default 0) */
    int slow;                  /* also run cases marked slow (default 0) */
    void (*progress)(void *ctx, long done, long total); /* after each case; may be NULL */
    void *progress_ctx;
} lmds_validation_opts;
LMDS_API void lmds_validation_opts_init(lmds_validation_opts *o);

/* The suites shipped in data/validation/, in the order they are run. */
LMDS_API size_t lmds_validation_suite_count(void);
LMDS_API const char *lmds_validation_suite_name(size_t i); /* NULL when out of range */

/* Read a suite: path NULL = data/validation/<name>.csv under lmds_data_dir(). Every row is checked (numbers,
 * tolerance spelling, a source on every row); errors are LMDS_EPARSE at file:line:column, LMDS_EIO when the file
 * cannot be read. On success *out owns the suite (free with lmds_validation_free); on failure *out = NULL. */
LMDS_API lmds_status lmds_validation_load(const char *name, const char *path, lmds_validation_suite **out);

/* Compute and judge every case (results in the cases and the counts of s). Returns LMDS_OK even when cases miss
 * or cannot run (they are results); an error only when the run itself fails (no memory). opts may be NULL. */
LMDS_API lmds_status lmds_validation_run(lmds_validation_suite *s, const lmds_validation_opts *opts);

LMDS_API void lmds_validation_free(lmds_validation_suite *s); /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
