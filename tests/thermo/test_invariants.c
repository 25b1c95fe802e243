/* The invariant finder against OpenCalphad: every invariant of data/thermo/reference_invariants.csv (binary and
 * ternary, eutectic to congruent, on the NIST solder file, the associate-liquid Bi-Mg-Sn file and the Nb-Sn file)
 * is found with the same phases, at OpenCalphad's temperature within 0.05 K where OpenCalphad converged; and the
 * finder reports nothing else for those systems (rows without a temperature are regression entries: their phases
 * are what lmds finds, OpenCalphad could not compute them). Tolerance 0.05 K: both engines solve the same equations
 * from the same parameters; OpenCalphad prints its transition temperature after converging to about 1e-3 K, and the
 * largest difference seen is 0.008 K, so a difference above 0.05 K is a disagreement, not rounding.
 * Also: the result does not depend on the temperature window, suspended phases give the metastable diagram, and
 * every congruent melting of the default database's compounds is found (test_default_db_congruent). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"
#include "lmds_test.h"
#include "thermo/thermo_test_util.h"

#include <lmds.h>

#define TOL_OC 0.05
#define REFERENCE LMDS_SOURCE_DATA_DIR "/thermo/reference_invariants.csv"

typedef struct ref {
    char system[16], tdb[64], phases[160];
    double T; /* NAN: no independent value */
} ref;

static int read_refs(ref *r, int max) {
    char *text = NULL;
    assert_int_equal(lmds_file_read(REFERENCE, 0, &text, NULL), LMDS_OK);
    lmds_csv c;
    lmds_csv_init(&c, text);
    assert_int_equal(lmds_csv_next(&c), 1);
    int is = lmds_csv_column(&c, "system"), it = lmds_csv_column(&c, "tdb"), ip = lmds_csv_column(&c, "phases"),
        iT = lmds_csv_column(&c, "T_K");
    assert_true(is >= 0 && it >= 0 && ip >= 0 && iT >= 0);
    int n = 0;
    while (lmds_csv_next(&c) == 1 && n < max) {
        snprintf(r[n].system, sizeof r[n].system, "%s", c.fields[is]);
        snprintf(r[n].tdb, sizeof r[n].tdb, "%s", c.fields[it]);
        snprintf(r[n].phases, sizeof r[n].phases, "%s", c.fields[ip]);
        r[n].T = c.fields[iT][0] ? atof(c.fields[iT]) : NAN;
        n++;
    }
    lmds_csv_clear(&c);
    free(text);
    return n;
}

/* The phases of an invariant as a sorted "+"-joined list, so that orders do not matter. */
static void phase_key(const char *joined, char *out, size_t n) {
    char buf[160], *names[4], *save = NULL;
    int k = 0;
    snprintf(buf, sizeof buf, "%s", joined);
    for (char *t = strtok_r(buf, "+", &save); t && k < 4; t = strtok_r(NULL, "+", &save)) {
        char *h = strchr(t, '#'); /* LIQUID#2 and LIQUID are one phase */
        if (h) *h = 0;
        names[k++] = t;
    }
    for (int a = 1; a < k; a++)
        for (int b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) { char *t = names[b]; names[b] = names[b - 1]; names[b - 1] = t; }
    out[0] = 0;
    for (int a = 0; a < k; a++) snprintf(out + strlen(out), n - strlen(out), "%s%s", a ? "+" : "", names[a]);
}

static void inv_key(const lmds_invariant *v, char *out, size_t n) {
    char joined[160] = "";
    for (int k = 0; k < v->nphases; k++) snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", k ? "+" : "", v->phase[k]);
    phase_key(joined, out, n);
}

static int system_z(const char *system, int *z) {
    char buf[16], *save = NULL;
    int n = 0;
    snprintf(buf, sizeof buf, "%s", system);
    for (char *t = strtok_r(buf, "-", &save); t; t = strtok_r(NULL, "-", &save))
        z[n++] = lmds_test_z(t);
    return n;
}

static lmds_tdb *fixture(const char *name) { return tt_load_in(TT_FIXTURES, name); }

/* One system: every reference row found (nearest T among invariants with the same phases), nothing else found. */
static void check_system(const ref *r, int nref, const char *system) {
    const ref *first = NULL;
    int rows = 0;
    for (int i = 0; i < nref; i++)
        if (!strcmp(r[i].system, system)) { rows++; if (!first) first = &r[i]; }
    assert_non_null(first);
    lmds_tdb *db = fixture(first->tdb);
    int z[3], nz = system_z(system, z), n = 0;
    lmds_invariant *v = NULL;
    assert_int_equal(lmds_thermo_invariants(db, nz, z, 1, 5000, &v, &n), LMDS_OK);
    int *used = calloc((size_t)n + 1, sizeof *used);
    for (int i = 0; i < nref; i++) {
        if (strcmp(r[i].system, system)) continue;
        char want[160], got[160];
        phase_key(r[i].phases, want, sizeof want);
        int best = -1;
        for (int k = 0; k < n; k++) {
            inv_key(&v[k], got, sizeof got);
            if (used[k] || strcmp(got, want)) continue;
            if (best < 0 || (isfinite(r[i].T) && fabs(v[k].T - r[i].T) < fabs(v[best].T - r[i].T))) best = k;
        }
        fprintf(stderr, "  %-9s %-30s lmds %9.4f K  OpenCalphad %9.4f\n", system, r[i].phases, best >= 0 ? v[best].T : NAN, r[i].T);
        assert_true(best >= 0);
        used[best] = 1;
        if (isfinite(r[i].T)) assert_abs_why(v[best].T, r[i].T, TOL_OC, "same TDB, same equations as OpenCalphad");
    }
    for (int k = 0; k < n; k++) {
        int liquids = 0;
        for (int p = 0; p < v[k].nphases; p++) liquids += !strncmp(v[k].phase[p], "LIQUID", 6);
        assert_true(liquids >= 1 && liquids < v[k].nphases); /* never a liquid-only reaction */
        if (!used[k]) fprintf(stderr, "  %s: unexpected %s at %.3f K\n", system, lmds_inv_type_name(v[k].type), v[k].T);
    }
    assert_int_equal(n, rows);
    free(used);
    free(v);
    lmds_tdb_free(db);
}

static void test_nist_binaries(void **state) {
    (void)state;
    ref r[64];
    int n = read_refs(r, 64);
    const char *sys[] = {"Cu-Sn", "Bi-Cu", "Bi-Pb", "Pb-Sn", "Bi-Sn", "Ag-Sn"};
    for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) check_system(r, n, sys[i]);
}

/* Associate liquid (Mg2Sn congruent melting) and line compounds (Nb-Sn peritectics). */
static void test_associates_and_compounds(void **state) {
    (void)state;
    ref r[64];
    int n = read_refs(r, 64);
    const char *sys[] = {"Mg-Sn", "Bi-Mg", "Nb-Sn"};
    for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) check_system(r, n, sys[i]);
}

static void test_ternary(void **state) {
    (void)state;
    ref r[64];
    int n = read_refs(r, 64);
    check_system(r, n, "Bi-Pb-Sn");
}

/* A window around one reaction gives that reaction, as the full search does (the U-type at 408.63 K was found
 * before only with the window 350-450 K). */
static void test_window_independent(void **state) {
    (void)state;
    lmds_tdb *db = fixture("nist_solder_agbicupbsbsn_fixed.tdb");
    int z[3], n1 = 0, n2 = 0;
    system_z("Bi-Pb-Sn", z);
    lmds_invariant *all = NULL, *win = NULL;
    assert_int_equal(lmds_thermo_invariants(db, 3, z, 250, 800, &all, &n1), LMDS_OK);
    assert_int_equal(lmds_thermo_invariants(db, 3, z, 408, 409, &win, &n2), LMDS_OK);
    assert_int_equal(n2, 1);
    assert_int_equal(win[0].type, LMDS_INV_TRANSITION);
    int found = 0;
    for (int k = 0; k < n1; k++) found |= all[k].T == win[0].T;
    assert_true(found);
    free(all);
    free(win);
    lmds_tdb_free(db);
}

/* Suspending HCP_A3 (the Bi-Pb epsilon phase) in Bi-Pb leaves the metastable eutectic L -> (Bi) + (Pb): lower than
 * the stable one with epsilon and with FCC_A1 instead of HCP_A3; the workspace reports every phase it was given. */
static void test_suspended_phase(void **state) {
    (void)state;
    lmds_tdb *db = fixture("nist_solder_agbicupbsbsn_fixed.tdb");
    int z[2];
    system_z("Bi-Pb", z);
    const char *susp[] = {"HCP_A3", NULL};
    lmds_thermo_opts o = {susp, NULL};
    lmds_thermo_ws *ws = NULL;
    assert_int_equal(lmds_thermo_ws_new(db, 2, z, &o, &ws), LMDS_OK);
    lmds_invariant *v = NULL;
    int n = 0;
    assert_int_equal(lmds_thermo_ws_invariants(ws, 0, 1, 5000, &v, &n), LMDS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].type, LMDS_INV_EUTECTIC);
    for (int p = 0; p < 3; p++) assert_true(strcmp(v[0].phase[p], "HCP_A3"));
    fprintf(stderr, "  Bi-Pb without HCP_A3: eutectic %.3f K (stable one with HCP_A3: 399.06 K)\n", v[0].T);
    assert_true(v[0].T < 399.06);
    free(v);
    /* an unknown phase name is an error naming it */
    const char *bad[] = {"NO_SUCH_PHASE", NULL};
    lmds_thermo_opts ob = {bad, NULL};
    assert_int_equal(lmds_thermo_ws_set_opts(ws, &ob), LMDS_ENOTFOUND);
    assert_non_null(strstr(lmds_errmsg(), "NO_SUCH_PHASE"));
    lmds_thermo_ws_free(ws);
    lmds_tdb_free(db);
}


/* Congruent melting of the line compounds of the default database (data/tdb/lmds.tdb): each one is reported,
 * whatever its temperature, as LIQUID + compound at one composition, at the liquidus temperature that
 * lmds_thermo_liquidus gives at that composition (0.01 K: the finder stops where the liquid's and the solid's
 * compositions agree to 1e-12, and a line compound's maximum lies exactly at its composition). This checks that
 * the finder locates the maximum the model's liquidus has, not the model against measurement; the melting points
 * the assessments were fitted to (data/thermo/<system>.csv) are printed for comparison only. NaBi and Bi2Pd melt
 * where their liquidus meets the next compound's: the eutectic liquid lies 2e-6 and 1e-7 past the compound's
 * composition, so the maximum is at the edge of its primary field. MgZn2 (LAVES_C14) is a solution phase: its
 * composition is the finder's. */
typedef struct cong_case {
    const char *system, *phase;
    double x2;      /* mole fraction of the second element; NAN for a solution phase */
    double T_fit;   /* K, the melting point in data/thermo/<system>.csv (printed only); NAN when none */
} cong_case;

/* The liquidus at x2 of the binary z: T and the primary phase. */
static double liquidus_x(const int *z, double x2, char *prim) {
    double amt[2] = {1 - x2, x2}, T = NAN;
    lmds_comp c;
    assert_int_equal(lmds_comp_from_amounts(2, z, amt, &c), LMDS_OK);
    assert_int_equal(lmds_thermo_liquidus(tt_db(), &c, 0, &T, prim, LMDS_PHASE_NAME), LMDS_OK);
    return T;
}

static void check_congruent(const cong_case *k) {
    int z[2];
    assert_int_equal(system_z(k->system, z), 2);
    lmds_invariant *v = NULL;
    int n = 0, hit = -1;
    assert_int_equal(lmds_thermo_invariants(tt_db(), 2, z, 1, 6000, &v, &n), LMDS_OK);
    for (int i = 0; i < n; i++) {
        if (v[i].type != LMDS_INV_CONGRUENT) continue;
        assert_int_equal(v[i].nphases, 2); /* one liquid and one solid, never a liquid-only row */
        assert_string_equal(v[i].phase[0], "LIQUID");
        assert_true(strncmp(v[i].phase[1], "LIQUID", 6));
        if (!strcmp(v[i].phase[1], k->phase)) { assert_int_equal(hit, -1); hit = i; }
    }
    fprintf(stderr, "  %-6s %-10s congruent %9.3f K (data/thermo: %7.2f K)\n", k->system, k->phase,
            hit >= 0 ? v[hit].T : NAN, k->T_fit);
    assert_true(hit >= 0);
    double xl = v[hit].x[0][1], xs = v[hit].x[1][1];
    assert_abs_why(xl, xs, 1e-6, "liquid and solid of one composition");
    if (isfinite(k->x2)) assert_abs_why(xl, k->x2, 1e-9, "a line compound melts at its own composition");
    char prim[LMDS_PHASE_NAME];
    double T = liquidus_x(z, xl, prim);
    assert_string_equal(prim, k->phase);
    assert_abs_why(v[hit].T, T, 0.01, "the liquidus at the congruent composition");
    /* a maximum of the compound's liquidus: lower on each side where the compound is still the primary phase
     * (on at least one side; past the field's edge the neighbour's liquidus takes over) */
    int sides = 0;
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        double Ts = liquidus_x(z, xl + sgn * 2e-3, prim);
        if (strcmp(prim, k->phase)) continue;
        sides++;
        assert_true(Ts < v[hit].T);
    }
    assert_true(sides >= 1);
    free(v);
}

static void test_default_db_congruent(void **state) {
    (void)state;
    const cong_case cases[] = {
        {"Bi-K", "K3BI", 0.75, 944.15},          {"Bi-K", "KBI2", 1.0 / 3, 826.15},
        {"Mg-Sn", "MG2SN", 1.0 / 3, 1051.15},    {"Na-Sn", "NASN", 0.5, 851.15},
        {"Bi-Na", "NA3BI", 0.75, 1048.15},       {"Bi-Na", "NABI", 0.5, 703.15},
        {"Bi-Pd", "BIPD", 0.5, 891.15},          {"Bi-Pd", "BI2PD", 1.0 / 3, 758.15},
        {"Mg-Zn", "LAVES_C14", NAN, NAN}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check_congruent(&cases[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nist_binaries), cmocka_unit_test(test_associates_and_compounds),
        cmocka_unit_test(test_ternary), cmocka_unit_test(test_window_independent),
        cmocka_unit_test(test_suspended_phase), cmocka_unit_test(test_default_db_congruent)};
    return cmocka_run_group_tests(tests, tt_db_setup, tt_db_teardown);
}
