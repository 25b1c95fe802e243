/* The error record: formatting with a location, thread-locality under OpenMP, warnings, data paths. */
#include <omp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lmds/core.h"

static void test_located_message(void **state)
{
    (void)state;
    assert_int_equal(lmds_error_at(LMDS_EPARSE, "x.tdb", 12, 7, "expected '%c'", ';'), LMDS_EPARSE);
    assert_string_equal(lmds_errmsg(), "x.tdb:12:7: expected ';'");
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_string_equal(file, "x.tdb");
    assert_int_equal(line, 12);
    assert_int_equal(col, 7);
    lmds_error(LMDS_EINVAL, "plain");
    assert_string_equal(lmds_errmsg(), "plain");
    lmds_errloc(&file, NULL, NULL);
    assert_null(file);
    lmds_error_clear();
    assert_string_equal(lmds_errmsg(), "");
    assert_string_equal(lmds_strerror(LMDS_OK), "success");
    assert_string_equal(lmds_strerror((lmds_status)999), "unknown status");
}

/* Each OpenMP thread sees only its own message. */
static void test_thread_local(void **state)
{
    (void)state;
    int bad = 0;
#pragma omp parallel num_threads(4) reduction(+ : bad)
    {
        char want[64];
        int id = omp_get_thread_num();
        for (int k = 0; k < 1000; k++) {
            snprintf(want, sizeof want, "thread %d iteration %d", id, k);
            lmds_error(LMDS_EINVAL, "thread %d iteration %d", id, k);
            if (strcmp(lmds_errmsg(), want) != 0) bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_warnings(void **state)
{
    (void)state;
    lmds_warnings_clear();
    lmds_warn("duplicate FUNCTION %s", "GHSERGA");
    assert_int_equal(lmds_warning_count(), 1);
    assert_string_equal(lmds_warning_get(0), "duplicate FUNCTION GHSERGA");
    assert_null(lmds_warning_get(1));
    for (int i = 0; i < 200; i++) lmds_warn("w%d", i);
    assert_true(lmds_warning_count() <= 64);
    lmds_warnings_clear();
    assert_int_equal(lmds_warning_count(), 0);
}

static void test_data_path(void **state)
{
    (void)state;
    char buf[4096], tiny[4];
    assert_int_equal(lmds_data_path("elements.csv", buf, sizeof buf), LMDS_OK);
    FILE *f = fopen(buf, "r");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(lmds_data_path("elements.csv", tiny, sizeof tiny), LMDS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_located_message), cmocka_unit_test(test_thread_local),
                                       cmocka_unit_test(test_warnings), cmocka_unit_test(test_data_path)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
