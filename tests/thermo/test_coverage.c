/* lmds_tdb_coverage_list: data/tdb/coverage.csv agrees with the default database (every pair it lists as covered has
 * liquid parameters in lmds.tdb and every pair it lists as not covered has none: a check of the table against the
 * database, not of thermodynamics), ternaries are classified from their terms and binaries, and a broken table is
 * refused with its location. */
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

#define COVERAGE LMDS_SOURCE_DATA_DIR "/tdb/coverage.csv"

static const lmds_tdb_coverage *find(const lmds_tdb_coverage *e, int n, const char *sys) {
    for (int k = 0; k < n; k++)
        if (!strcmp(e[k].system, sys)) return &e[k];
    fprintf(stderr, "  %s not listed\n", sys);
    fail();
    return NULL;
}

static void test_table_agrees_with_database(void **state) {
    (void)state;
    lmds_tdb_coverage *e = NULL;
    int n = 0;
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), COVERAGE, 0, NULL, 2, &e, &n), LMDS_OK);
    int ne = 0; /* the database's elements, without VA and /- (electron) */
    for (int i = 0; i < lmds_tdb_element_count(tt_db()); i++) {
        const char *s = lmds_tdb_element_name(tt_db(), i);
        ne += strcmp(s, "VA") && strcmp(s, "/-");
    }
    assert_int_equal(n, ne * (ne - 1) / 2);
    int contradictions = 0;
    for (int k = 0; k < n; k++)
        if (strstr(e[k].reference, "coverage.csv:")) {
            fprintf(stderr, "  %s: %s\n", e[k].system, e[k].reference);
            contradictions++;
        }
    assert_int_equal(contradictions, 0);
    const lmds_tdb_coverage *bi_sn = find(e, n, "Bi-Sn"), *ga_k = find(e, n, "Ga-K");
    assert_string_equal(bi_sn->kind, "published");
    assert_true(bi_sn->in_tdb);
    assert_non_null(strstr(bi_sn->tdb_refs, "96LEE"));
    assert_string_equal(ga_k->kind, "not covered");
    assert_false(ga_k->in_tdb);
    free(e);
}

static void test_ternaries(void **state) {
    (void)state;
    int z[4] = {lmds_test_z("Sn"), lmds_test_z("Bi"), lmds_test_z("In"), lmds_test_z("Pb")};
    lmds_tdb_coverage *e = NULL;
    int n = 0;
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), COVERAGE, 4, z, 3, &e, &n), LMDS_OK);
    assert_int_equal(n, 4);
    assert_string_equal(find(e, n, "Bi-In-Sn")->kind, "assessed ternary term"); /* lmds_biinsn.tdb */
    const lmds_tdb_coverage *bps = find(e, n, "Bi-Pb-Sn");
    assert_string_equal(bps->kind, "binaries only (Muggianu)");
    assert_non_null(strstr(bps->reference, "Pb-Sn: published"));
    free(e);
}

static void test_without_table_and_missing_element(void **state) {
    (void)state;
    int z[2] = {lmds_test_z("Bi"), lmds_test_z("Nb")};
    lmds_tdb_coverage *e = NULL;
    int n = 0;
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), NULL, 2, z, 2, &e, &n), LMDS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].system, "Bi-Nb");
    assert_string_equal(e[0].kind, "missing");
    free(e);
    int zz[2] = {lmds_test_z("Bi"), lmds_test_z("Sn")};
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), NULL, 2, zz, 2, &e, &n), LMDS_OK);
    assert_string_equal(e[0].kind, "in database");
    free(e);
}

static void test_bad_input(void **state) {
    (void)state;
    char path[] = "/tmp/lmds_cov_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("pair,kind,file\nBi-Sn,published,x.tdb\n", f);
    fclose(f);
    lmds_tdb_coverage *e = (lmds_tdb_coverage *)1;
    int n = 7;
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), path, 0, NULL, 2, &e, &n), LMDS_EPARSE);
    assert_null(e);
    assert_int_equal(n, 0);
    assert_non_null(strstr(lmds_errmsg(), "reference"));
    assert_non_null(strstr(lmds_errmsg(), ":1:"));
    remove(path);
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), "/nonexistent/coverage.csv", 0, NULL, 2, &e, &n), LMDS_EIO);
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), NULL, 0, NULL, 4, &e, &n), LMDS_EINVAL);
    int twice[2] = {lmds_test_z("Bi"), lmds_test_z("Bi")};
    assert_int_equal(lmds_tdb_coverage_list(tt_db(), NULL, 2, twice, 2, &e, &n), LMDS_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_agrees_with_database),
        cmocka_unit_test(test_ternaries),
        cmocka_unit_test(test_without_table_and_missing_element),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, tt_db_setup, tt_db_teardown);
}
