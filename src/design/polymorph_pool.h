/* Private to the design module: the one rule by which measured Tc rows are pooled into a value.
 *
 * A value belongs to one polymorph. Rows are added with their polymorph label (or none); the result is
 *  - one polymorph among the rows used: its value (mean of its rows, or the middle of their span, as the
 *    caller asks), the uncertainty covering their spread;
 *  - several polymorphs (the caller could not decide which one the material is): never a mean; the range of all
 *    of them, its middle as the value and its half-width as the uncertainty, flagged low confidence;
 *  - rows without a label are pooled only when no row carries one (their polymorph is then the one every
 *    measurement of the material refers to); beside labelled rows they are left out and counted.
 * Which rows are offered (the polymorph the stored state's temperature window or a quench selects) is the
 * caller's business; the pool only refuses to mix them.
 *
 * Used by the curated Tc rows of an element or compound (phase_tc.c) and by the genome's rows of a route form
 * (genome_tc.c). */
#ifndef LMDS_DESIGN_POLYMORPH_POOL_H
#define LMDS_DESIGN_POLYMORPH_POOL_H

#include <stddef.h>

#define POLY_POOL_LABELS 8 /* distinct labels remembered; more are still counted */
#define POLY_POOL_REF 256

/* How the value of one polymorph's rows is formed: the mean of the rows (repeat measurements of one quantity),
 * or the middle of their span (measurements of different samples of a form, e.g. droplet sizes). */
typedef enum { POLY_POOL_MEAN, POLY_POOL_MIDRANGE } poly_pool_centre;

/* Rows of one kind (labelled or not): count, running sum and span, the first row's reference. */
typedef struct poly_pool_part {
    int n;
    double sum, lo, hi;
    char ref[POLY_POOL_REF];
} poly_pool_part;

typedef struct poly_pool {
    poly_pool_centre centre;
    poly_pool_part lab, plain;
    int nlabels;                                    /* distinct labels seen (may exceed POLY_POOL_LABELS) */
    char labels[POLY_POOL_LABELS][32];
} poly_pool;

typedef struct poly_pool_result {
    int n;               /* rows used (0: nothing to report) */
    int nleft_out;       /* rows without a label left out beside labelled ones */
    int low_confidence;  /* rows of more than one polymorph: value is the middle of their range */
    double value, unc;   /* K; unc = max(design_genome_uncertainty(value), half the span) */
    double lo, hi;       /* K: span of the rows used */
    char labels[96];     /* the labels of the rows used, ", "-joined (display; may be cut short) */
    const char *ref;     /* the first used row's reference, owned by the pool */
} poly_pool_result;

void poly_pool_init(poly_pool *pp, poly_pool_centre centre);
/* Add one row: value in K, its polymorph label (NULL or "" = none), its reference (copied, cut at
 * POLY_POOL_REF - 1 characters; NULL = ""). */
void poly_pool_add(poly_pool *pp, double value, const char *polymorph, const char *ref);
/* The pooled value by the rule above; returns res->n. res->ref points into pp. */
int poly_pool_value(const poly_pool *pp, poly_pool_result *res);

/* "; N row(s) without a polymorph label left out", or "" when none was. */
void poly_pool_left_out_note(const poly_pool_result *res, char *buf, size_t n);
/* The low-confidence statement of an undecided pool: "LOW CONFIDENCE: polymorph not decided (labels): range
 * lo-hi K of N <noun><left-out note>, first: <ref>", numbers to `digits` significant digits, the reference cut
 * at first_max characters (negative: not cut). */
void poly_pool_undecided_note(const poly_pool_result *res, const char *noun, int digits, int first_max, char *buf,
                              size_t n);

#endif
