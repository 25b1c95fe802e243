/* Damaged, foreign and read-only genomes: every bad file is refused with a message that says what is wrong, before
 * anything is read or written; opens never switch the journal mode; a genome in a read-only directory (the
 * installed layout) reads normally; text with NUL is refused; an import that leaves the file failing
 * integrity_check is rolled back; a missing header lists every missing column. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lmds.h"
#include "genome_test_util.h"

static char built[512], curated[512];

static int setup(void **state)
{
    (void)state;
    snprintf(built, sizeof built, "%s", scratch("built.sqlite"));
    snprintf(curated, sizeof curated, "%s/genome/lmds_superconductors.csv", LMDS_SOURCE_DATA_DIR);
    unsetenv("LMDS_USER_DB");
    setenv("HOME", "/nonexistent-home-for-lmds-tests", 1);
    unsetenv("XDG_DATA_HOME");
    return lmds_genome_build(built, LMDS_SOURCE_DATA_DIR, NULL) == LMDS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    scratch_cleanup();
    return 0;
}

static void copy_file(const char *from, const char *to)
{
    char cmd[2100];
    snprintf(cmd, sizeof cmd, "cp '%.1000s' '%.1000s'", from, to);
    assert_int_equal(system(cmd), 0);
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void sql(const char *db, const char *text)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, text, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static void expect_refused(const char *db, int readonly, const char *words)
{
    lmds_genome *g = (lmds_genome *)1;
    assert_int_equal(lmds_genome_open(db, readonly, &g), LMDS_EDB);
    assert_null(g);
    if (!strstr(lmds_errmsg(), words)) fail_msg("'%s' not in '%s'", words, lmds_errmsg());
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *db = scratch("empty.sqlite");
    write_text(db, "");
    expect_refused(db, 1, "empty file (0 bytes)");
    expect_refused(db, 0, "empty file (0 bytes)");
    assert_int_equal(file_size(db), 0); /* a read-write open (db check) did not make it a genome */
}

static void test_foreign_files(void **state)
{
    (void)state;
    const char *txt = scratch("text.sqlite"), *other = scratch("other.sqlite"), *tables = scratch("tables.sqlite");
    write_text(txt, "this is not a database, just text that is long enough to fill a header..........\n");
    expect_refused(txt, 1, "not an SQLite database");
    expect_refused(txt, 0, "not an SQLite database");
    /* Another application's database (its own application_id), and one of ours without its tables. */
    sql(other, "PRAGMA application_id = 42; CREATE TABLE t(x)");
    expect_refused(other, 1, "application_id");
    copy_file(built, tables);
    sql(tables, "DROP VIEW tc; DROP TABLE rk_param");
    expect_refused(tables, 1, "no table 'rk_param'");
}

/* Flip bits in the page headers of a stretch of b-tree pages in the middle of the file. */
static void flip_pages(const char *db)
{
    int fd = open(db, O_RDWR);
    assert_true(fd >= 0);
    long pages = file_size(db) / 4096;
    for (long p = pages / 2; p < pages / 2 + 8; p++) {
        unsigned char b[12];
        assert_int_equal(pread(fd, b, sizeof b, p * 4096), (ssize_t)sizeof b);
        for (size_t i = 0; i < sizeof b; i++) b[i] ^= 0x5a;
        assert_int_equal(pwrite(fd, b, sizeof b, p * 4096), (ssize_t)sizeof b);
    }
    close(fd);
}

static void test_bit_flipped(void **state)
{
    (void)state;
    const char *db = scratch("flipped.sqlite");
    copy_file(built, db);
    flip_pages(db);
    /* Refused before any answer: no statistics of zero values from a damaged file. */
    expect_refused(db, 1, "damaged");
    expect_refused(db, 0, "damaged");
}

static void journal_mode(const char *db, char *mode, size_t n)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(mode, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h);
}

/* Opening a genome read-write (an import, db check) leaves it in rollback-journal mode: only the user genome is
 * switched to WAL. */
static void test_no_journal_change(void **state)
{
    (void)state;
    const char *db = scratch("journal.sqlite");
    char mode[32];
    copy_file(built, db);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    lmds_genome_import_opts o = {0};
    o.dataset = "journal_test";
    assert_int_equal(lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL), LMDS_OK);
    lmds_genome_close(g);
    journal_mode(db, mode, sizeof mode);
    assert_string_equal(mode, "delete");
    journal_mode(built, mode, sizeof mode);
    assert_string_equal(mode, "delete");
}

/* ---- a read-only install: the genome and its folder not writable by the process ---- */

static int check(int ok, const char *what)
{
    if (!ok) fprintf(stderr, "read-only install: %s failed: %s\n", what, lmds_errmsg());
    return !ok;
}

/* Runs in a child (as user nobody when the tests run as root, for whom permissions do not apply). */
static int readonly_reads(const char *db, const char *wal)
{
    int bad = 0;
    lmds_genome *g = NULL;
    lmds_genome_rows *r = NULL, *m = NULL;
    bad += check(access(db, W_OK) != 0, "the genome is not writable (test setup)");
    bad += check(lmds_genome_open(db, 1, &g) == LMDS_OK, "read-only open");
    if (!g) return bad + 1;
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = "Ga";
    bad += check(lmds_genome_query(g, &f, &r) == LMDS_OK && r->nrows > 10, "query");
    lmds_genome_rows_free(r);
    bad += check(lmds_genome_show(g, "Ga", &m, &r) == LMDS_OK, "show");
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(r);
    bad += check(lmds_genome_stats(g, "kind", &r) == LMDS_OK, "stats");
    lmds_genome_rows_free(r);
    lmds_comp c;
    double tc = 0;
    lmds_comp_parse("Ga", NULL, &c);
    bad += check(lmds_genome_find_tc(g, &c, "bulk", 0, &tc, NULL, 0, NULL, 0) == LMDS_OK, "find_tc");
    bad += check(lmds_genome_check(g, NULL) == LMDS_OK, "check");
    lmds_genome_close(g);
    setenv("LMDS_DB", db, 1);
    bad += check(lmds_genome_open_default(&g) == LMDS_OK, "default open");
    lmds_genome_close(g);
    /* A file an older lmds switched to WAL: read as immutable since its folder cannot hold the -shm file. */
    bad += check(lmds_genome_open(wal, 1, &g) == LMDS_OK, "read-only open of a WAL-mode genome");
    bad += check(g && lmds_genome_stats(g, "kind", &r) == LMDS_OK, "stats of a WAL-mode genome");
    lmds_genome_rows_free(r);
    lmds_genome_close(g);
    /* Writing is refused with a message that says why (not "not an lmds genome"). */
    lmds_status st = lmds_genome_open(db, 0, &g);
    if (st == LMDS_OK) st = lmds_genome_import(g, "/dev/null", LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL);
    lmds_genome_close(g);
    bad += check(st != LMDS_OK && strstr(lmds_errmsg(), "read-only") && !strstr(lmds_errmsg(), "not an lmds"),
                 "a write is refused as read-only");
    return bad;
}

static void test_readonly_install(void **state)
{
    (void)state;
    char dir[600], db[700], wal[700];
    snprintf(dir, sizeof dir, "%s", scratch("install"));
    snprintf(db, sizeof db, "%s/genome.sqlite", dir);
    snprintf(wal, sizeof wal, "%s/wal.sqlite", dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    copy_file(built, db);
    copy_file(built, wal);
    sql(wal, "PRAGMA journal_mode=WAL");
    assert_int_equal(chmod(scratch_dir, 0755), 0);
    assert_int_equal(chmod(db, 0444) | chmod(wal, 0444) | chmod(dir, 0555), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(100);
        /* A path the unprivileged user cannot reach at all (a chroot whose root directory is mode 0700, a private
         * /tmp) leaves nothing to check: say so instead of failing on the environment. */
        if (access(db, R_OK) != 0) _exit(77);
        _exit(readonly_reads(db, wal));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    chmod(dir, 0755);
    chmod(db, 0644);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        fprintf(stderr, "read-only install: %s is not readable by an unprivileged user here (a parent directory "
                        "is closed to it); check skipped\n", db);
        skip();
    }
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char mode[32];
    journal_mode(db, mode, sizeof mode);
    assert_string_equal(mode, "delete");
}

/* ---- input the importer refuses ---- */

static void test_nul_in_text(void **state)
{
    (void)state;
    const char *db = scratch("nul.sqlite"), *js = scratch("nul.json"), *csv = scratch("nul.csv");
    write_text(js, "[\n {\"name\": \"Ga\\u0000In\", \"Tc\": 3}\n]\n");
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fwrite("name,Tc\nGa\0In,3\n", 1, 16, f);
    fclose(f);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    int line, col;
    assert_int_equal(lmds_genome_import(g, js, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EPARSE);
    lmds_errloc(NULL, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 14); /* the backslash of \u0000 */
    assert_non_null(strstr(lmds_errmsg(), "NUL"));
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EPARSE);
    lmds_errloc(NULL, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    lmds_genome_filter fl;
    lmds_genome_filter_init(&fl);
    lmds_genome_rows *r = NULL;
    assert_int_equal(lmds_genome_query(g, &fl, &r), LMDS_OK);
    assert_int_equal(r->nrows, 0); /* nothing stored, in particular no "Ga" */
    lmds_genome_rows_free(r);
    lmds_genome_close(g);
}

static void test_missing_columns_listed(void **state)
{
    (void)state;
    const char *db = scratch("cols.sqlite"), *csv = scratch("cols.csv");
    write_text(csv, "material,composition,form,value_type\nx,Ga,bulk,measured\n");
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EPARSE);
    lmds_genome_close(g);
    /* Dispatch by header needs Tc_K: the message names the three header forms. */
    assert_non_null(strstr(lmds_errmsg(), "material,composition,form,pressure_GPa,Tc_K"));
    write_text(csv, "material,composition,form,Tc_K\nx,Ga,bulk,1\n");
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EPARSE);
    lmds_genome_close(g);
    assert_non_null(strstr(lmds_errmsg(), "missing columns reference, value_type"));
    assert_non_null(strstr(lmds_errmsg(), "expected a header like"));
}

/* A file whose index definition no longer matches its content passes quick_check (so it opens) but an import
 * into it fails integrity_check: the import is rolled back and the file keeps its content. */
static void test_import_rolled_back_on_integrity(void **state)
{
    (void)state;
    const char *db = scratch("integrity.sqlite"), *csv = scratch("more.csv");
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    lmds_genome_close(g);
    sql(db, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX value_source ON"
            " value(source_line, source_id)' WHERE name = 'value_source'");
    char before[65], after[65];
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_content_hash(g, before), LMDS_OK);
    write_text(csv, "name,Tc\nNb3Sn,18\nPb,7.2\n");
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EDB);
    assert_non_null(strstr(lmds_errmsg(), "integrity_check"));
    assert_int_equal(lmds_genome_content_hash(g, after), LMDS_OK);
    assert_string_equal(before, after);
    lmds_genome_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),         cmocka_unit_test(test_foreign_files),
        cmocka_unit_test(test_bit_flipped),        cmocka_unit_test(test_no_journal_change),
        cmocka_unit_test(test_readonly_install),   cmocka_unit_test(test_nul_in_text),
        cmocka_unit_test(test_missing_columns_listed), cmocka_unit_test(test_import_rolled_back_on_integrity),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
