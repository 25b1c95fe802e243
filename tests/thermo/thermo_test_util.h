/* Shared by the thermo tests (include after <cmocka.h>): load a TDB file or fail the test with the message, and
 * the default database as a group fixture. */
#ifndef LMDS_THERMO_TEST_UTIL_H
#define LMDS_THERMO_TEST_UTIL_H

#include <stdio.h>

#include "lmds/core.h"
#include "lmds/thermo.h"

static inline lmds_tdb *tt_load_path(const char *path)
{
    lmds_tdb *db = NULL;
    lmds_status st = lmds_tdb_load(path, &db);
    if (st) fprintf(stderr, "%s\n", lmds_errmsg());
    assert_int_equal(st, LMDS_OK);
    lmds_warnings_clear();
    return db;
}

/* Test fixtures copied into the repository (tests/fixtures/data/tdb, with their provenance in its README). */
#define TT_FIXTURES LMDS_SOURCE_DATA_DIR "/../tests/fixtures/data/tdb"

/* dir/name, e.g. tt_load_in(LMDS_FIXTURE_DIR "/tdb", "bimgsn.tdb"). */
static inline lmds_tdb *tt_load_in(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tt_load_path(path);
}

/* The default database of the source tree. */
#define TT_DEFAULT_DB LMDS_SOURCE_DATA_DIR "/tdb/lmds.tdb"

/* The default database loaded once for a group of tests: cmocka_run_group_tests(tests, tt_db_setup,
 * tt_db_teardown), and tt_db() in the tests. One test program is one process, so one slot per program. */
static inline lmds_tdb **tt_db_slot(void)
{
    static lmds_tdb *db;
    return &db;
}

static inline lmds_tdb *tt_db(void) { return *tt_db_slot(); }

static inline int tt_db_setup(void **state)
{
    (void)state;
    *tt_db_slot() = tt_load_path(TT_DEFAULT_DB);
    return 0;
}

static inline int tt_db_teardown(void **state)
{
    (void)state;
    lmds_tdb_free(*tt_db_slot());
    *tt_db_slot() = NULL;
    return 0;
}

#endif
