/* Shared assertions for lmds's cmocka tests: relative-tolerance comparisons with named tiers.
 *
 * Tiers for numerical agreement (after GSL's TEST_TOL0..TEST_TOL6, multiples of the double epsilon):
 *   LMDS_TOL_EXACT   2 eps      the same arithmetic done two ways
 *   LMDS_TOL_ROUND   256 eps    a few rounding steps (sums, small linear algebra)
 *   LMDS_TOL_SOLVER  1e-9       converged iterative solvers, quadrature of smooth functions
 *   LMDS_TOL_REPRO   1e-6       reproduction of a published computation with the same inputs (printed digits)
 * A validation against measurement states its own tolerance and the reason with assert_rel_why(), e.g.
 *   assert_rel_why(tc, 7.19, 0.25, "Eliashberg with mu* 0.10 vs measured Pb; mu* is uncertain by +-0.02").
 * A test that compares a value with the number it just read from lmds's own data checks a lookup, not a
 * prediction: say so in its comment (and prefer assert_lookup_equal, which reads as what it is). */
#ifndef LMDS_TEST_H
#define LMDS_TEST_H

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "lmds/element.h"

#define LMDS_TOL_EXACT (2.0 * DBL_EPSILON)
#define LMDS_TOL_ROUND (256.0 * DBL_EPSILON)
#define LMDS_TOL_SOLVER 1e-9
#define LMDS_TOL_REPRO 1e-6

/* |actual - expected| <= tol * max(|expected|, floor); floor keeps comparisons with 0 meaningful. */
static inline int lmds_test_close(double actual, double expected, double tol, double floor)
{
    if (isnan(expected))
        return isnan(actual);
    if (!isfinite(actual) || !isfinite(expected))
        return actual == expected;
    double scale = fmax(fabs(expected), floor);
    return fabs(actual - expected) <= tol * scale;
}

static inline void lmds_test_rel(double actual, double expected, double tol, double floor, const char *why,
                                 const char *file, int line)
{
    if (!lmds_test_close(actual, expected, tol, floor)) {
        double rel = fabs(actual - expected) / fmax(fabs(expected), floor > 0 ? floor : DBL_MIN);
        fprintf(stderr, "%s:%d: %.12g vs expected %.12g: relative difference %.3g > tolerance %.3g%s%s\n", file,
                line, actual, expected, rel, tol, why ? ": " : "", why ? why : "");
        _fail(file, line);
    }
}

static inline void lmds_test_abs(double actual, double expected, double tol, const char *why, const char *file,
                                 int line)
{
    if (!(fabs(actual - expected) <= tol)) {
        fprintf(stderr, "%s:%d: %.12g vs expected %.12g: difference %.3g > tolerance %.3g%s%s\n", file, line,
                actual, expected, fabs(actual - expected), tol, why ? ": " : "", why ? why : "");
        _fail(file, line);
    }
}

/* Relative tolerance (floor 1e-300: a pure relative test). */
#define assert_rel(actual, expected, tol) lmds_test_rel((actual), (expected), (tol), 1e-300, NULL, __FILE__, __LINE__)
/* Relative tolerance with an absolute floor: |a - e| <= tol * max(|e|, floor). */
#define assert_rel_floor(actual, expected, tol, floor)                                                             \
    lmds_test_rel((actual), (expected), (tol), (floor), NULL, __FILE__, __LINE__)
/* A validation against published data: the tolerance and its reason are part of the check. */
#define assert_rel_why(actual, expected, tol, why) lmds_test_rel((actual), (expected), (tol), 1e-300, (why), __FILE__, __LINE__)
/* Absolute tolerance, for quantities with a natural unit (kelvin, mole fraction). */
#define assert_abs_why(actual, expected, tol, why) lmds_test_abs((actual), (expected), (tol), (why), __FILE__, __LINE__)
/* A lookup: the value lmds returns is the value its data stores (exact up to printing). */
#define assert_lookup_equal(actual, stored) lmds_test_rel((actual), (stored), LMDS_TOL_REPRO, 1e-300, "lookup of a stored value", __FILE__, __LINE__)

/* The atomic number of an element symbol, or the test fails naming the symbol and lmds's message. */
static inline int lmds_test_z(const char *symbol)
{
    int z = 0;
    if (lmds_element_lookup(symbol, &z) != LMDS_OK)
        fail_msg("unknown element %s: %s", symbol, lmds_errmsg());
    return z;
}

#endif
