/* TDB reader: every shared database loads; quirks are accepted with warnings; malformed input gives located
 * errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <lmds.h>

static const char *FILES[] = {"bimgsn.tdb", "literature_gainsn.tdb", "nims_gasbzn.tdb", "nims_pbsn.tdb",
                              "nist_solder_agbicupbsbsn_fixed.tdb", "nist_solder_agbicupbsbsn_original.tdb",
                              "sbsnzn_zobac2015.tdb", "sgte_unary_pure5.tdb"};

static void test_load_all_shared(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tdb/%s", LMDS_FIXTURE_DIR, FILES[i]);
        lmds_tdb *db = NULL;
        lmds_status st = lmds_tdb_load(path, &db);
        if (st) fprintf(stderr, "%s\n", lmds_errmsg());
        assert_int_equal(st, LMDS_OK);
        assert_true(lmds_tdb_element_count(db) >= 2);
        assert_true(lmds_tdb_phase_count(db) >= 1);
        lmds_tdb_free(db);
        lmds_warnings_clear();
    }
}

static void test_original_nist_quirks_warn(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tdb/nist_solder_agbicupbsbsn_original.tdb", LMDS_FIXTURE_DIR);
    lmds_warnings_clear();
    lmds_tdb *db;
    assert_int_equal(lmds_tdb_load(path, &db), LMDS_OK);
    int dupfun = 0, undeclared = 0;
    for (size_t i = 0; i < lmds_warning_count(); i++) {
        const char *w = lmds_warning_get(i);
        if (strstr(w, "function defined twice") && strstr(w, "GSNHCP")) dupfun = 1;
        if (strstr(w, "not a constituent")) undeclared = 1;
    }
    assert_true(dupfun);
    assert_true(undeclared);
    lmds_tdb_free(db);
    lmds_warnings_clear();
}

static const char QUIRKY[] =
    "$ comment line\n"
    "ELEM VA VACUUM 0 0 0 ! ELEM A FCC_A1 10 0 0 ! ELEM B FCC_A1 20 0 0 !\n"
    "FUNC GA 100.00-1000+10*T**(-1)+T**-1+LN(T)*0; 300 Y -1000+LOG(T)*0;,,N REF !\n"
    "FUNC GB 1 -2000+GA#-GA; 6000 N !\n"
    "TYPE_DEF % SEQ * ! DEFINE_SYSTEM_DEFAULT ELEMENT 2 ! FOO_BAR 1 2 3 !\n"
    "PHASE LIQUID:L % 1 1.0 ! CONST LIQUID:L :A,B : !\n"
    "PARA G(LIQUID,A;0) 1 +GA#; 6000 N ! PARA G(LIQUID,B;0) 1 +GB; 6000 N !\n"
    "PARA L(LIQUID,B,A;1) 1 +100; 6000 N ! PARA G(LIQUID,A,C;0) 1 5; 6000 N !\n";

static void test_quirks(void **state) {
    (void)state;
    lmds_warnings_clear();
    lmds_tdb *db;
    lmds_status st = lmds_tdb_load_buffer(QUIRKY, strlen(QUIRKY), "quirky.tdb", &db);
    if (st) fprintf(stderr, "%s\n", lmds_errmsg());
    assert_int_equal(st, LMDS_OK);
    assert_int_equal(lmds_tdb_element_count(db), 2);
    assert_true(lmds_tdb_has_binary(db, "A", "B"));
    int unsupported = 0, undeclared = 0;
    for (size_t i = 0; i < lmds_warning_count(); i++) {
        unsupported |= strstr(lmds_warning_get(i), "FOO_BAR") != NULL;
        undeclared |= strstr(lmds_warning_get(i), "undeclared constituent") != NULL;
    }
    assert_true(unsupported);
    assert_true(undeclared);
    lmds_tdb_free(db);
    lmds_warnings_clear();
}

static void expect_error(const char *text, int line, int col) {
    lmds_tdb *db = NULL;
    lmds_status st = lmds_tdb_load_buffer(text, strlen(text), "bad.tdb", &db);
    assert_int_equal(st, LMDS_EPARSE);
    assert_null(db);
    const char *f;
    int l, c;
    lmds_errloc(&f, &l, &c);
    assert_string_equal(f, "bad.tdb");
    assert_int_equal(l, line);
    if (col) assert_int_equal(c, col);
    assert_non_null(strstr(lmds_errmsg(), "bad.tdb"));
    lmds_warnings_clear();
}

static void test_located_errors(void **state) {
    (void)state;
    expect_error("ELEM A X 1 0 0 !\nFUNC G1 298.15 +1000*T*; 6000 N !\n", 2, 24);
    expect_error("ELEM A X 1 0 0 !\nFUNC G1 298.15 +1000*(T; 6000 N !\n", 2, 0);
    expect_error("ELEM A X 1 0 0 !\nFUNC G1 298.15 +1000+UNDEF#; 6000 N !\n", 2, 0);
    expect_error("ELEM A X 1 0 0 !\n\n  PHASE P % x 1 !\n", 3, 0);
    expect_error("FUNC F1 1 F2; 6000 N ! FUNC F2 1 F1; 6000 N !\n", 1, 0);
    expect_error("FUNC F1 1 +1 6000 N !\n", 1, 0);
}

static void test_missing_file(void **state) {
    (void)state;
    lmds_tdb *db;
    assert_int_equal(lmds_tdb_load("/nonexistent/x.tdb", &db), LMDS_EIO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_all_shared), cmocka_unit_test(test_original_nist_quirks_warn),
        cmocka_unit_test(test_quirks), cmocka_unit_test(test_located_errors), cmocka_unit_test(test_missing_file)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
