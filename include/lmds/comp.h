/* lmds compositions: parsing formulas as chemists and the superconductor literature write them, by mole or by
 * weight, and the derived quantities (reduced formula, chemical system, weight fractions, molar mass).
 *
 * An lmds_comp is a plain value (no allocation): up to LMDS_COMP_MAX elements, sorted alphabetically by symbol
 * (OPTIMADE convention), mole fractions x[] summing to 1, and the amounts as written (amount[], e.g. 3 and 1
 * for Ga3In) kept for the reduced formula. */
#ifndef LMDS_COMP_H
#define LMDS_COMP_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LMDS_COMP_MAX 16

typedef struct lmds_comp {
    int n;                         /* number of elements */
    int z[LMDS_COMP_MAX];          /* atomic numbers, sorted by symbol */
    double x[LMDS_COMP_MAX];       /* mole fractions, sum 1 */
    double amount[LMDS_COMP_MAX];  /* molar amounts as written (not normalised) */
} lmds_comp;

typedef struct lmds_comp_opts {
    int by_weight;     /* numbers are weight percentages/fractions (also implied by "wt%" or the "Ga-24.5In" form) */
    int no_normalize;  /* refuse amounts that are fractions not summing to 1 (and percentages not summing to 100) */
} lmds_comp_opts;

/* Parse a formula: "Ga0.75In0.25", "Ga3In", "(Bi0.5Pb0.5)0.9Sn0.1", "CaBi 2", "Ga-24.5In",
 * "Bi32.5In51Sn16.5 wt%", or a named alloy ("EGaIn", "Galinstan", "Field's metal", ...).
 * opts may be NULL (by mole, normalise). On error returns LMDS_EPARSE (or LMDS_ENOTFOUND for an unknown element)
 * with a message naming the problem and its 1-based column; *out is untouched. */
LMDS_API lmds_status lmds_comp_parse(const char *text, const lmds_comp_opts *opts, lmds_comp *out);

/* Build from element symbols/Z and amounts (mole); amounts >= 0, at least one > 0, finite. */
LMDS_API lmds_status lmds_comp_from_amounts(int n, const int *z, const double *amount, lmds_comp *out);

/* Mole fraction of element z (0 when absent). */
LMDS_API double lmds_comp_fraction(const lmds_comp *c, int z);

/* Weight fractions w[i] in the order of c->z; molar mass in g/mol of one mole of atoms. */
LMDS_API void lmds_comp_weight_fractions(const lmds_comp *c, double *w);
LMDS_API double lmds_comp_molar_mass(const lmds_comp *c);

/* Reduced integer formula, OPTIMADE convention ("Ga3In", "Ga41Mo8"): the smallest integers within 1e-9 relative of
 * the mole fractions, totalling at most 1000 atoms; otherwise fractions with up to 4 decimals ("Ga0.8354In0.1646").
 * Writes at most n bytes (NUL-terminated); LMDS_EINVAL when it does not fit. */
LMDS_API lmds_status lmds_comp_formula(const lmds_comp *c, char *buf, size_t n);
/* Chemical system, symbols sorted and joined by '-': "Ga-In-Sn". */
LMDS_API lmds_status lmds_comp_system(const lmds_comp *c, char *buf, size_t n);

/* Named alloys: lmds_comp_named_count() entries, each with its name, aliases ('|'-separated), the composition
 * as written (by weight where the source gives weight), and the source. */
typedef struct lmds_named_alloy {
    const char *name;
    const char *aliases;
    const char *spec;      /* formula accepted by lmds_comp_parse, e.g. "Ga68.5In21.5Sn10 wt%" */
    const char *source;
} lmds_named_alloy;
LMDS_API int lmds_comp_named_count(void);
LMDS_API const lmds_named_alloy *lmds_comp_named_get(int i);
/* Find a named alloy by name or alias, case- and punctuation-insensitive ("fields metal" = "Field's metal"). */
LMDS_API const lmds_named_alloy *lmds_comp_named_find(const char *name);

#ifdef __cplusplus
}
#endif
#endif
