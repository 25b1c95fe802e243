/* Validation of equilibria, liquidus/solidus and invariants against reference values computed from the same
 * TDB files (tests/fixtures/thermo/reference_calphad.csv: OpenCalphad 6.116 or NIST's published calculation)
 * and the SGTE melting points. Tolerance: 0.5 K and 0.005 in mole fraction, the stated tolerance for an
 * engine reading the same parameters (differences beyond that would be model or solver errors, not rounding). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lmds_test.h"
#include "thermo/thermo_test_util.h"

#include <lmds.h>

#define TOL_T 0.5
#define TOL_X 0.005

static lmds_tdb *load(const char *name) { return tt_load_in(LMDS_FIXTURE_DIR "/tdb", name); }

static lmds_comp comp(const char *s) {
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(s, NULL, &c), LMDS_OK);
    return c;
}

static void check_T(const char *what, double got, double want) {
    fprintf(stderr, "  %-40s %.3f K (ref %.3f, diff %+.3f)\n", what, got, want, got - want);
    assert_true(fabs(got - want) <= TOL_T);
}

static void check_x(const char *what, double got, double want) {
    fprintf(stderr, "  %-40s %.4f (ref %.4f, diff %+.4f)\n", what, got, want, got - want);
    assert_true(fabs(got - want) <= TOL_X);
}

/* SGTE (Dinsdale 1991) melting points, as the T where liquid and the stable solid have equal G. */
static void test_pure_melting(void **state) {
    (void)state;
    lmds_tdb *db = load("sgte_unary_pure5.tdb");
    const char *el[] = {"Ga", "In", "Sn", "Bi"};
    const double Tm[] = {302.9, 429.7, 505.1, 544.6}; /* SGTE values, 0.1 K rounding */
    for (int i = 0; i < 4; i++) {
        lmds_comp c = comp(el[i]);
        double T;
        assert_int_equal(lmds_thermo_liquidus(db, &c, 0, &T, NULL, 0), LMDS_OK);
        check_T(el[i], T, Tm[i]);
    }
    lmds_tdb_free(db);
}

static const lmds_invariant *find_inv(const lmds_invariant *v, int n, lmds_inv_type t, double Tnear) {
    const lmds_invariant *best = NULL;
    for (int i = 0; i < n; i++)
        if (v[i].type == t && (!best || fabs(v[i].T - Tnear) < fabs(best->T - Tnear))) best = &v[i];
    return best;
}

static void binary_eutectic(const char *file, const char *a, const char *b, double T_C, double x_b,
                            double Tmin, double Tmax) {
    lmds_tdb *db = load(file);
    int z[2] = {lmds_test_z(a), lmds_test_z(b)};
    lmds_invariant *v;
    int n;
    assert_int_equal(lmds_thermo_invariants(db, 2, z, Tmin, Tmax, &v, &n), LMDS_OK);
    const lmds_invariant *e = find_inv(v, n, LMDS_INV_EUTECTIC, T_C + 273.15);
    assert_non_null(e);
    char what[128];
    snprintf(what, sizeof what, "%s-%s eutectic (%s)", a, b, file);
    check_T(what, e->T, T_C + 273.15);
    check_x("  liquid x", e->x[0][1], x_b);
    free(v);
    lmds_tdb_free(db);
}

static void test_bisn(void **state) {
    (void)state;
    binary_eutectic("nist_solder_agbicupbsbsn_original.tdb", "Bi", "Sn", 138.81, 0.5708, 300, 600);
    binary_eutectic("bimgsn.tdb", "Bi", "Sn", 138.40, 0.6113, 300, 600);
    lmds_tdb *db = load("nist_solder_agbicupbsbsn_original.tdb");
    const char *cs[] = {"Bi20Sn80", "Bi70Sn30"};
    const double TL[] = {190.68, 202.86};
    for (int i = 0; i < 2; i++) {
        lmds_comp c = comp(cs[i]);
        double T;
        assert_int_equal(lmds_thermo_liquidus(db, &c, 0, &T, NULL, 0), LMDS_OK);
        check_T(cs[i], T, TL[i] + 273.15);
    }
    lmds_tdb_free(db);
}

static void test_bipb_pbsn(void **state) {
    (void)state;
    binary_eutectic("nist_solder_agbicupbsbsn_fixed.tdb", "Bi", "Pb", 125.9, 0.447, 300, 600);
    binary_eutectic("nist_solder_agbicupbsbsn_fixed.tdb", "Pb", "Sn", 181.41, 0.7348, 300, 650);
}

static void test_snzn_gazn(void **state) {
    (void)state;
    binary_eutectic("sbsnzn_zobac2015.tdb", "Sn", "Zn", 198.55, 0.1347, 300, 700);
    binary_eutectic("nims_gasbzn.tdb", "Ga", "Zn", 24.74, 0.0387, 250, 700);
    lmds_tdb *db = load("nims_gasbzn.tdb");
    lmds_comp c = comp("Ga90Zn10");
    double T;
    assert_int_equal(lmds_thermo_liquidus(db, &c, 0, &T, NULL, 0), LMDS_OK);
    check_T("Ga90Zn10 liquidus", T, 89.74 + 273.15);
    lmds_tdb_free(db);
}

static void test_gain_insn(void **state) {
    (void)state;
    binary_eutectic("literature_gainsn.tdb", "Ga", "In", 289.00 - 273.15, 0.1419, 250, 450);
    binary_eutectic("literature_gainsn.tdb", "In", "Sn", 392.87 - 273.15, 0.4807, 250, 550);
    /* below the In-Sn eutectic: BETA + GAMMA */
    lmds_tdb *db = load("literature_gainsn.tdb");
    lmds_comp c = comp("In52Sn48");
    lmds_eq_result r;
    assert_int_equal(lmds_thermo_equilibrium(db, &c, 380, 0, &r), LMDS_OK);
    assert_int_equal(r.nphases, 2);
    int beta = !strcmp(r.phases[0].name, "BETA") || !strcmp(r.phases[1].name, "BETA");
    int gamma = !strcmp(r.phases[0].name, "GAMMA") || !strcmp(r.phases[1].name, "GAMMA");
    assert_true(beta && gamma);
    lmds_tdb_free(db);
}

static void test_bipbsn_ternary(void **state) {
    (void)state;
    lmds_tdb *db = load("nist_solder_agbicupbsbsn_fixed.tdb");
    int z[3] = {lmds_test_z("Bi"), lmds_test_z("Pb"), lmds_test_z("Sn")};
    lmds_invariant *v;
    int n;
    assert_int_equal(lmds_thermo_invariants(db, 3, z, 340, 420, &v, &n), LMDS_OK);
    const lmds_invariant *e = find_inv(v, n, LMDS_INV_TERNARY_EUTECTIC, 371);
    assert_non_null(e);
    check_T("Bi-Pb-Sn ternary eutectic (OC 97.96 C)", e->T, 97.96 + 273.15);
    check_x("  liquid x(Bi)", e->x[0][0], 0.4593);
    check_x("  liquid x(Pb)", e->x[0][1], 0.2927);
    check_x("  liquid x(Sn)", e->x[0][2], 0.2480);
    free(v);
    lmds_tdb_free(db);
}

/* A near-ideal liquid must stay one phase: no spurious second liquid anywhere on a Bi-Sn T-x grid. */
static void test_no_spurious_liquid(void **state) {
    (void)state;
    lmds_tdb *db = load("nist_solder_agbicupbsbsn_original.tdb");
    int z[2] = {lmds_test_z("Bi"), lmds_test_z("Sn")};
    int bad = 0, total = 0;
    for (double T = 300; T <= 700; T += 20)
        for (int i = 1; i < 20; i++) {
            double a[2] = {1 - i / 20.0, i / 20.0};
            lmds_comp c;
            lmds_comp_from_amounts(2, z, a, &c);
            lmds_eq_result r;
            total++;
            if (lmds_thermo_equilibrium(db, &c, T, 0, &r)) { bad++; continue; }
            int nliq = 0;
            double sum = 0;
            for (int k = 0; k < r.nphases; k++) {
                nliq += strncmp(r.phases[k].name, "LIQUID", 6) == 0;
                sum += r.phases[k].amount;
            }
            if (nliq > 1 || fabs(sum - 1) > 1e-6) bad++;
        }
    fprintf(stderr, "  Bi-Sn grid: %d of %d points failed\n", bad, total);
    assert_int_equal(bad, 0);
    lmds_tdb_free(db);
}

static void test_mass_balance_and_mu(void **state) {
    (void)state;
    lmds_tdb *db = load("literature_gainsn.tdb");
    lmds_comp c = comp("Ga68In22Sn10");
    lmds_eq_result r;
    assert_int_equal(lmds_thermo_equilibrium(db, &c, 250, 0, &r), LMDS_OK);
    for (int i = 0; i < c.n; i++) {
        double s = 0;
        for (int k = 0; k < r.nphases; k++) s += r.phases[k].amount * r.phases[k].x[i];
        assert_true(fabs(s - c.x[i]) < 1e-8);
    }
    double G = 0;
    for (int i = 0; i < c.n; i++) G += r.mu[i] * c.x[i];
    assert_true(fabs(G - r.G) < 1e-6);
    lmds_tdb_free(db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pure_melting), cmocka_unit_test(test_bisn), cmocka_unit_test(test_bipb_pbsn),
        cmocka_unit_test(test_snzn_gazn), cmocka_unit_test(test_gain_insn), cmocka_unit_test(test_bipbsn_ternary),
        cmocka_unit_test(test_no_spurious_liquid), cmocka_unit_test(test_mass_balance_and_mu)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
