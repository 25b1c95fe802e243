/* Reliability: schema version checks on open, migration of an older file (natural keys included), a reader running
 * while a writer imports into the user genome (WAL), and a writer killed with SIGKILL in the middle of an import
 * leaving the file exactly as before. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include "lmds.h"
#include "genome/genome_internal.h"
#include "genome_test_util.h"

static char stanev[512], curated[512];

static int setup(void **state)
{
    snprintf(stanev, sizeof stanev, "%s/genome/supercon_stanev2018.csv", LMDS_SOURCE_DATA_DIR);
    snprintf(curated, sizeof curated, "%s/genome/lmds_superconductors.csv", LMDS_SOURCE_DATA_DIR);
    return 0;
}

static int teardown(void **state)
{
    scratch_cleanup();
    return 0;
}

static void set_user_version(const char *path, int v)
{
    sqlite3 *h;
    char sql[64];
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static void test_newer_schema_refused(void **state)
{
    const char *db = scratch("newer.sqlite");
    lmds_genome *g;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    lmds_genome_close(g);
    set_user_version(db, LMDS_GENOME_SCHEMA_VERSION + 7);
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_EDB);
    assert_non_null(strstr(lmds_errmsg(), "newer"));
    assert_int_equal(lmds_genome_open(db, 1, &g), LMDS_EDB);
}

static void test_older_schema_migrated(void **state)
{
    const char *db = scratch("older.sqlite");
    lmds_genome *g;
    /* A version-1 file, as an older lmds wrote it, with data in it. */
    assert_int_equal(genome_open_version(db, 0, 1, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_int_equal(lmds_genome_open(db, 1, &g), LMDS_EDB);
    assert_non_null(strstr(lmds_errmsg(), "older"));
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_schema_version(g), LMDS_GENOME_SCHEMA_VERSION);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    /* The version-2 view works on the migrated data. */
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.tc_max = 1.6;
    f.formula = "BiIn";
    lmds_genome_rows *r;
    assert_int_equal(lmds_genome_query(g, &f, &r), LMDS_OK);
    assert_int_equal(r->nrows, 1);
    lmds_genome_rows_free(r);
    lmds_genome_close(g);
}

/* A version-3 file (natural keys written in full) migrated to version 4 (hashed keys) still recognises its rows:
 * the same measurements in other bytes add nothing. */
static void test_migrated_keys_still_match(void **state)
{
    const char *db = scratch("v3.sqlite"), *a = scratch("v3a.csv"), *b = scratch("v3b.csv");
    write_text(a, "name,Tc\nGa3In,5\nNb3Sn,18\nNb3Sn,18\n");
    write_text(b, "name,Tc\r\nGa3In,5\r\nNb3Sn,18\r\nNb3Sn,18\r\n");
    lmds_genome *g;
    lmds_genome_import_opts o = {0};
    o.dataset = "keys";
    assert_int_equal(genome_open_version(db, 0, 3, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, a, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_schema_version(g), LMDS_GENOME_SCHEMA_VERSION);
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import(g, b, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_int_equal(rep.inserted, 0);
    assert_int_equal(rep.duplicates, 3);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    lmds_genome_close(g);
}

static void test_not_a_genome(void **state)
{
    const char *db = scratch("other.sqlite"), *txt = scratch("text.sqlite");
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    lmds_genome *g;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_EDB);
    assert_non_null(strstr(lmds_errmsg(), "not an lmds genome"));
    write_text(txt, "this is not a database, just text that is long enough to fill a header..........\n");
    assert_int_equal(lmds_genome_open(txt, 0, &g), LMDS_EDB);
}

/* ---- a reader during a write ---- */

typedef struct shared {
    const char *db;
    atomic_int writing;   /* writer is inside its transaction */
    atomic_int reader_ok; /* reader has read while the writer was writing */
    lmds_status writer_status;
} shared;

static int writer_progress(void *ctx, size_t done, size_t total)
{
    shared *s = ctx;
    atomic_store(&s->writing, 1);
    /* Hold the transaction open until the reader has read through it (at most 10 s). */
    for (int i = 0; i < 10000 && !atomic_load(&s->reader_ok); i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void *writer(void *arg)
{
    shared *s = arg;
    lmds_genome *g;
    lmds_genome_import_opts o = {0};
    o.keep_rejects = 1;
    o.progress = writer_progress;
    o.progress_ctx = s;
    s->writer_status = lmds_genome_open_user(&g);
    if (s->writer_status == LMDS_OK) {
        s->writer_status = lmds_genome_import(g, stanev, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL);
        lmds_genome_close(g);
    }
    atomic_store(&s->reader_ok, 1);
    return NULL;
}

static size_t count_values(lmds_genome *g)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.property = "tc";
    lmds_genome_rows *r = NULL;
    assert_int_equal(lmds_genome_query(g, &f, &r), LMDS_OK);
    size_t n = r->nrows;
    lmds_genome_rows_free(r);
    return n;
}

/* The user genome is in WAL mode: a reader neither blocks nor sees the importer's open transaction. */
static void test_reader_during_write(void **state)
{
    const char *db = scratch("wal.sqlite");
    setenv("LMDS_USER_DB", db, 1);
    lmds_genome *g;
    assert_int_equal(lmds_genome_open_user(&g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    lmds_genome_close(g);
    shared s = {db, 0, 0, LMDS_OK};
    pthread_t t;
    lmds_genome *r;
    assert_int_equal(lmds_genome_open(db, 1, &r), LMDS_OK);
    size_t before = count_values(r);
    assert_int_equal(pthread_create(&t, NULL, writer, &s), 0);
    while (!atomic_load(&s.writing)) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    /* The writer holds an open transaction: the reader neither blocks nor sees it. */
    assert_int_equal(count_values(r), before);
    atomic_store(&s.reader_ok, 1);
    pthread_join(t, NULL);
    assert_int_equal(s.writer_status, LMDS_OK);
    size_t after = count_values(r);
    assert_true(after > before + 16000);
    assert_int_equal(lmds_genome_check(r, NULL), LMDS_OK);
    lmds_genome_close(r);
}

/* ---- SIGKILL in the middle of an import ---- */

static int child_progress(void *ctx, size_t done, size_t total)
{
    int fd = *(int *)ctx;
    if (done >= 4096) {
        /* Well inside the transaction: tell the parent, then wait to be killed. */
        if (write(fd, "k", 1) != 1) _exit(3);
        for (;;) pause();
    }
    return 0;
}

static void test_sigkill_mid_import(void **state)
{
    const char *db = scratch("kill.sqlite");
    lmds_genome *g;
    char before[65], after[65];
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    assert_int_equal(lmds_genome_content_hash(g, before), LMDS_OK);
    lmds_genome_close(g);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        lmds_genome *c;
        lmds_genome_import_opts o = {0};
        o.keep_rejects = 1;
        o.progress = child_progress;
        o.progress_ctx = &fds[1];
        if (lmds_genome_open(db, 0, &c) != LMDS_OK) _exit(2);
        lmds_genome_import(c, stanev, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL);
        _exit(1); /* not reached: the progress callback waits for the kill */
    }
    close(fds[1]);
    char b = 0;
    assert_int_equal(read(fds[0], &b, 1), 1);
    assert_int_equal(b, 'k');
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    close(fds[0]);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_content_hash(g, after), LMDS_OK);
    assert_string_equal(before, after);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    /* The lock died with the writer: the same import now succeeds. */
    lmds_genome_import_opts o = {0};
    o.keep_rejects = 1;
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import(g, stanev, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_int_equal(rep.inserted + rep.rejected, 16414);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    lmds_genome_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newer_schema_refused), cmocka_unit_test(test_older_schema_migrated),
        cmocka_unit_test(test_migrated_keys_still_match),
        cmocka_unit_test(test_not_a_genome),         cmocka_unit_test(test_reader_during_write),
        cmocka_unit_test(test_sigkill_mid_import),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
