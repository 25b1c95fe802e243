/* The flux systems of the default database (Nb-Sn, Mg-Zn) and what their merge must leave alone.
 * 1. Nb-Sn is a transcription (lmds_nbsn.tdb) of the public file it was read from (tests/fixtures/data/tdb/
 *    nbsisn_reference.tdb, Toffolon et al. 2002 as given there): the same invariants (phases, temperature within
 *    0.05 K) and the same liquidus on a composition grid (0.05 K). The only difference between the two is the public
 *    file's rounded bct-Sn function in the compound end-members (0.01 K on the invariants); 0.05 K is the tolerance
 *    of the OpenCalphad comparison in test_invariants.c, i.e. solver agreement, not a fit.
 *    Mg-Zn likewise against the whole COST 507 file it was read from (tests/fixtures/data/tdb/
 *    cost507_light_alloys_fixed.tdb, with its other phases: the Al-Mg-Zn ternary phases, C15, C36, fcc, bcc Mg-Zn
 *    terms left out of lmds_mgzn.tdb must not be stable in the binary), same tolerance.
 * 2. Every binary whose description the flux files touch keeps its invariants in lmds.tdb: Nb-Sn and Mg-Zn against
 *    their own files, Mg-Sn (Mg joins HCP_ZN) and Cd-Zn (Zn joins HCP_A3) against theirs; Sn-Tl (Sn joins BCC_A2,
 *    and its own file has no bcc Tl) against the values of lmds.tdb before the flux files (commit 6ee4a28: a
 *    regression check, not a validation). Within 0.15 K: the keep-out terms of lmds_flux_merge.tdb leave a
 *    solubility below 0.01 at.%, which moves Cd-Zn by 0.02 K and Sn-Tl by 0.1 K.
 * 3. Mg-Zn has the seven liquid invariants of the measured diagram's topology (congruent MgZn2; peritectics of
 *    Mg2Zn3, Mg2Zn11, MgZn, Mg7Zn3; eutectics on both sides); how close their temperatures are to the measured ones
 *    is in data/validation/thermo.csv (lmds validate thermo), not asserted here.
 * 4. Miedema's model with the hybridisation term R/P for a transition metal with a p-metal (the prior of `lmds thermo
 *    assess` for such pairs) against the formation enthalpies of the Nb-Sn compounds in Toffolon et al.'s assessment
 *    (the constant of each end-member, per mole of atoms: assessed values, not measurements). Tolerance 10 kJ/mol:
 *    the typical difference between Miedema's compound enthalpies and calorimetry quoted for the model (de Boer et
 *    al. 1988, RECALLED, not verified); measured here Nb3Sn +0.5, NbSn2 -0.2, Nb6Sn5 -7.3 kJ/mol. */
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

#define TOL_SAME 0.05 /* K: the same equations solved twice */

static lmds_tdb *g_db;

static int setup(void **state) {
    (void)state;
    return lmds_tdb_load_default(&g_db) == LMDS_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    lmds_tdb_free(g_db);
    return 0;
}

static lmds_tdb *data_tdb(const char *name) { return tt_load_in(LMDS_SOURCE_DATA_DIR "/tdb", name); }

static lmds_invariant *invariants(const lmds_tdb *db, const char *a, const char *b, int *n) {
    int z[2] = {lmds_test_z(a), lmds_test_z(b)};
    lmds_invariant *v = NULL;
    assert_int_equal(lmds_thermo_invariants(db, 2, z, 1, 5000, &v, n), LMDS_OK);
    return v;
}

/* The invariants of a-b in `db` and in `ref` have the same types, phases and temperatures (within tol K). */
static void same_invariants(const lmds_tdb *db, const lmds_tdb *ref, const char *a, const char *b, double tol) {
    int n1 = 0, n2 = 0;
    lmds_invariant *v1 = invariants(db, a, b, &n1), *v2 = invariants(ref, a, b, &n2);
    fprintf(stderr, "  %s-%s: %d invariants, reference %d\n", a, b, n1, n2);
    assert_int_equal(n1, n2);
    for (int k = 0; k < n1; k++) {
        fprintf(stderr, "    %-10s %9.3f K  reference %9.3f K\n", lmds_inv_type_name(v1[k].type), v1[k].T, v2[k].T);
        assert_int_equal(v1[k].type, v2[k].type);
        assert_int_equal(v1[k].nphases, v2[k].nphases);
        for (int p = 0; p < v1[k].nphases; p++) assert_string_equal(v1[k].phase[p], v2[k].phase[p]);
        assert_abs_why(v1[k].T, v2[k].T, tol, "the same description in two databases");
    }
    free(v1);
    free(v2);
}

static void test_nbsn_transcription(void **state) {
    (void)state;
    lmds_tdb *pub = tt_load_in(TT_FIXTURES, "nbsisn_reference.tdb"), *own = data_tdb("lmds_nbsn.tdb");
    same_invariants(own, pub, "Nb", "Sn", TOL_SAME);
    int z[2] = {lmds_test_z("Nb"), lmds_test_z("Sn")};
    for (double x = 0.05; x < 0.99; x += 0.1) {
        double amt[2] = {x, 1 - x}, T1, T2;
        char p1[LMDS_PHASE_NAME], p2[LMDS_PHASE_NAME];
        lmds_comp c;
        assert_int_equal(lmds_comp_from_amounts(2, z, amt, &c), LMDS_OK);
        assert_int_equal(lmds_thermo_liquidus(own, &c, 0, &T1, p1, sizeof p1), LMDS_OK);
        assert_int_equal(lmds_thermo_liquidus(pub, &c, 0, &T2, p2, sizeof p2), LMDS_OK);
        fprintf(stderr, "  Nb%.2f liquidus %9.3f K (%s), public file %9.3f K (%s)\n", x, T1, p1, T2, p2);
        assert_string_equal(p1, p2);
        assert_abs_why(T1, T2, TOL_SAME, "transcription: same parameters but a rounded Sn function");
    }
    lmds_tdb_free(pub);
    lmds_tdb_free(own);
}

static void test_mgzn_transcription(void **state) {
    (void)state;
    lmds_tdb *cost = tt_load_in(TT_FIXTURES, "cost507_light_alloys_fixed.tdb");
    same_invariants(g_db, cost, "Mg", "Zn", TOL_SAME);
    lmds_tdb_free(cost);
}

static void test_merge_keeps_binaries(void **state) {
    (void)state;
    static const struct { const char *a, *b, *file; double tol; } sys[] = {
        {"Nb", "Sn", "lmds_nbsn.tdb", TOL_SAME}, {"Mg", "Zn", "lmds_mgzn.tdb", TOL_SAME},
        {"Mg", "Sn", "lmds_mgsn.tdb", TOL_SAME}, {"Cd", "Zn", "lmds_cdzn.tdb", 0.15},
    };
    for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) {
        lmds_tdb *src = data_tdb(sys[i].file);
        same_invariants(g_db, src, sys[i].a, sys[i].b, sys[i].tol);
        lmds_tdb_free(src);
    }
    static const struct { lmds_inv_type type; double T; } sntl[] = {
        {LMDS_INV_PERITECTIC, 523.688}, {LMDS_INV_EUTECTIC, 436.411}}; /* lmds.tdb of commit 6ee4a28 */
    int n = 0;
    lmds_invariant *v = invariants(g_db, "Sn", "Tl", &n);
    assert_int_equal(n, 2);
    for (int k = 0; k < n; k++) {
        fprintf(stderr, "  Sn-Tl %-10s %9.3f K  before the flux files %9.3f K\n", lmds_inv_type_name(v[k].type), v[k].T,
                sntl[k].T);
        assert_int_equal(v[k].type, sntl[k].type);
        assert_abs_why(v[k].T, sntl[k].T, 0.15, "regression: keep-out terms leave below 0.01 at.% Sn in bcc Tl");
    }
    free(v);
}

/* Which solids take part in the reaction, as "A+B" with the liquid left out, sorted. */
static void solids(const lmds_invariant *v, char *out, size_t n) {
    const char *s[3] = {0};
    int k = 0;
    for (int p = 0; p < v->nphases; p++)
        if (strncmp(v->phase[p], "LIQUID", 6)) s[k++] = v->phase[p];
    if (k == 2 && strcmp(s[0], s[1]) > 0) { const char *t = s[0]; s[0] = s[1]; s[1] = t; }
    snprintf(out, n, "%s%s%s", s[0], k > 1 ? "+" : "", k > 1 ? s[1] : "");
}

static void test_mgzn_topology(void **state) {
    (void)state;
    static const struct { lmds_inv_type type; const char *solids; } want[] = {
        {LMDS_INV_CONGRUENT, "LAVES_C14"},          {LMDS_INV_PERITECTIC, "LAVES_C14+MG2ZN3"},
        {LMDS_INV_PERITECTIC, "LAVES_C14+MG2ZN11"}, {LMDS_INV_EUTECTIC, "HCP_ZN+MG2ZN11"},
        {LMDS_INV_PERITECTIC, "MG2ZN3+MGZN"},       {LMDS_INV_PERITECTIC, "HCP_A3+MG7ZN3"},
        {LMDS_INV_EUTECTIC, "MG7ZN3+MGZN"},
    };
    int n = 0;
    lmds_invariant *v = invariants(g_db, "Mg", "Zn", &n);
    assert_int_equal(n, (int)(sizeof want / sizeof *want));
    for (int k = 0; k < n; k++) {
        char got[64];
        solids(&v[k], got, sizeof got);
        fprintf(stderr, "  Mg-Zn %-10s %-20s %8.2f K\n", lmds_inv_type_name(v[k].type), got, v[k].T);
        assert_int_equal(v[k].type, want[k].type);
        assert_string_equal(got, want[k].solids);
    }
    free(v);
}

static void test_miedema_hybridisation(void **state) {
    (void)state;
    static const struct { const char *name; double x_sn, H; } cmp[] = {
        {"Nb3Sn", 0.25, -66258.9 / 4}, {"Nb6Sn5", 20.0 / 44, -651845.7 / 44}, {"NbSn2", 2.0 / 3, -48716.5 / 3}};
    int nb = lmds_test_z("Nb"), sn = lmds_test_z("Sn");
    for (size_t i = 0; i < sizeof cmp / sizeof *cmp; i++) {
        double H;
        assert_int_equal(lmds_miedema_hmix(nb, sn, cmp[i].x_sn, LMDS_MIEDEMA_COMPOUND, &H), LMDS_OK);
        fprintf(stderr, "  %-7s Miedema %8.0f J/mol, Toffolon et al. %8.0f J/mol\n", cmp[i].name, H, cmp[i].H);
        assert_abs_why(H, cmp[i].H, 10000, "Miedema's compound enthalpies against calorimetry (RECALLED)");
    }
    /* the hybridisation term is what makes the pair bind: without it (R/P = 0) dH would be positive */
    double h;
    assert_int_equal(lmds_miedema_dilute(nb, sn, &h, NULL), LMDS_OK);
    assert_true(h < 0);
    /* an element without a factor in the table (a lanthanide after La) with a p-metal is refused */
    assert_int_equal(lmds_miedema_dilute(lmds_test_z("Ce"), sn, &h, NULL), LMDS_EDOMAIN);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nbsn_transcription),
        cmocka_unit_test(test_mgzn_transcription),
        cmocka_unit_test(test_merge_keeps_binaries),
        cmocka_unit_test(test_mgzn_topology),
        cmocka_unit_test(test_miedema_hybridisation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
