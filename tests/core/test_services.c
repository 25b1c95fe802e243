/* Core services: the CSV reader (text and streamed, BOM, CRLF, quotes, located errors, column checks), whole-file
 * reading with a limit, atomic output files (same-file refusal, nothing left behind on failure, full disk), and the
 * Brent root finder against roots known in closed form. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/csv.h"
#include "core/numeric.h"
#include "lmds/io.h"
#include "lmds_test.h"

static void test_csv_text(void **state)
{
    (void)state;
    lmds_csv c;
    lmds_csv_init(&c, "\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\"multi\nline\",,z\n");
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_int_equal(c.nfields, 3);
    assert_string_equal(c.fields[0], "a"); /* BOM skipped */
    assert_int_equal(lmds_csv_column(&c, "c"), 2);
    assert_int_equal(lmds_csv_column(&c, "d"), -1);
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_int_equal(c.line, 2);
    assert_string_equal(c.fields[1], "x, \"y\"");
    assert_int_equal(c.columns[2], 14);
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_int_equal(c.line, 3);
    assert_string_equal(c.fields[0], "multi\nline");
    assert_string_equal(c.fields[1], "");
    assert_int_equal(c.columns[2], 8); /* column on the record's last physical line */
    assert_int_equal(lmds_csv_next(&c), 0);
    lmds_csv_clear(&c);
}

static void test_csv_errors(void **state)
{
    (void)state;
    lmds_csv c;
    lmds_csv_init(&c, "a,b\n1,\"open\n");
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_int_equal(lmds_csv_next(&c), -1);
    assert_int_equal(lmds_csv_error(&c, "x.csv"), LMDS_EPARSE);
    assert_string_equal(lmds_errmsg(), "x.csv:2:3: malformed CSV: unterminated quoted field");
    lmds_csv_clear(&c);

    lmds_csv_init(&c, "material,Tc_K\n");
    assert_int_equal(lmds_csv_next(&c), 1);
    const char *need[] = {"material", "composition", "Tc_K", "reference"};
    int idx[4];
    assert_int_equal(lmds_csv_require(&c, "in.csv", need, 4, idx, "material,composition,Tc_K,reference"),
                     LMDS_EPARSE);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], -1);
    assert_non_null(strstr(lmds_errmsg(), "in.csv:1:1: missing columns composition, reference"));
    assert_non_null(strstr(lmds_errmsg(), "expected a header like: material,composition,Tc_K,reference"));
    lmds_csv_clear(&c);
}

static void test_csv_stream(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs("\xEF\xBB\xBFh1,h2\r\n", f);
    for (int i = 0; i < 5000; i++)
        fprintf(f, "%d,\"q,%d\nsecond\"\n", i, i);
    fputs("last,\"open", f);
    rewind(f);
    lmds_csv c;
    lmds_csv_init_stream(&c, f);
    assert_int_equal(lmds_csv_next(&c), 1);
    assert_string_equal(c.fields[0], "h1");
    for (int i = 0; i < 5000; i++) {
        assert_int_equal(lmds_csv_next(&c), 1);
        assert_int_equal(c.line, 2 + 2 * i);
        assert_int_equal(atoi(c.fields[0]), i);
        char want[32];
        snprintf(want, sizeof want, "q,%d\nsecond", i);
        assert_string_equal(c.fields[1], want);
    }
    assert_int_equal(lmds_csv_next(&c), -1); /* the unterminated last record */
    assert_int_equal(c.line, 10002);
    lmds_csv_clear(&c);
    fclose(f);
}

static void test_file_read(void **state)
{
    (void)state;
    char path[] = "/tmp/lmds_io_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello\n", 6), 6);
    close(fd);
    char *text = (char *)1;
    size_t len = 0;
    assert_int_equal(lmds_file_read(path, 0, &text, &len), LMDS_OK);
    assert_int_equal(len, 6);
    assert_string_equal(text, "hello\n");
    free(text);
    assert_int_equal(lmds_file_read(path, 3, &text, &len), LMDS_EINVAL);
    assert_null(text);
    assert_int_equal(lmds_file_read("/nonexistent/x", 0, &text, NULL), LMDS_EIO);
    assert_null(text);
    assert_non_null(strstr(lmds_errmsg(), "/nonexistent/x"));
    assert_int_equal(lmds_file_read("/tmp", 0, &text, NULL), LMDS_EIO);
    unlink(path);
}

static int dir_entries_like(const char *dir, const char *prefix)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -a %s | grep -c '^%s' > /tmp/lmds_io_count", dir, prefix);
    if (system(cmd) < 0)
        return -1;
    FILE *f = fopen("/tmp/lmds_io_count", "r");
    int n = -1;
    if (f) {
        if (fscanf(f, "%d", &n) != 1)
            n = -1;
        fclose(f);
    }
    return n;
}

static void test_ofile(void **state)
{
    (void)state;
    char dir[] = "/tmp/lmds_of_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[256], in[256];
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(in, sizeof in, "%s/in.txt", dir);
    FILE *f = fopen(in, "w");
    fputs("input", f);
    fclose(f);

    /* Commit: the destination appears only at the end. */
    lmds_ofile *o = NULL;
    assert_int_equal(lmds_ofile_open(out, NULL, &o), LMDS_OK);
    fputs("result", lmds_ofile_stream(o));
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(lmds_ofile_commit(o), LMDS_OK);
    char *text = NULL;
    assert_int_equal(lmds_file_read(out, 0, &text, NULL), LMDS_OK);
    assert_string_equal(text, "result");
    free(text);

    /* Abort: the old content stays and no temporary is left. */
    assert_int_equal(lmds_ofile_open(out, NULL, &o), LMDS_OK);
    fputs("partial", lmds_ofile_stream(o));
    lmds_ofile_abort(o);
    assert_int_equal(lmds_file_read(out, 0, &text, NULL), LMDS_OK);
    assert_string_equal(text, "result");
    free(text);
    assert_int_equal(dir_entries_like(dir, ".out.txt.tmp"), 0);

    /* The same file as an input, under another spelling, is refused before anything is written. */
    char other[300];
    snprintf(other, sizeof other, "%s/./in.txt", dir);
    const char *inputs[] = {other, NULL};
    o = (lmds_ofile *)1;
    assert_int_equal(lmds_ofile_open(in, inputs, &o), LMDS_EINVAL);
    assert_null(o);
    assert_non_null(strstr(lmds_errmsg(), "would overwrite its input"));
    assert_int_equal(lmds_file_read(in, 0, &text, NULL), LMDS_OK);
    assert_string_equal(text, "input");
    free(text);
    assert_true(lmds_file_same(in, other));
    assert_false(lmds_file_same(in, out));

    /* A directory that cannot be written. */
    assert_int_equal(lmds_ofile_open("/nonexistent-dir/x.txt", NULL, &o), LMDS_EIO);
    unlink(in);
    unlink(out);
    rmdir(dir);
}

/* A failure at commit time (here: the directory vanished, as a full or unmounted disk would fail the write)
 * is reported and leaves nothing behind. */
static void test_ofile_commit_failure(void **state)
{
    (void)state;
    char dir[] = "/tmp/lmds_of_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[256];
    snprintf(out, sizeof out, "%s/out.txt", dir);
    lmds_ofile *o = NULL;
    assert_int_equal(lmds_ofile_open(out, NULL, &o), LMDS_OK);
    fputs("data", lmds_ofile_stream(o));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(lmds_ofile_commit(o), LMDS_EIO);
    assert_non_null(strstr(lmds_errmsg(), "the file was not changed"));
    assert_int_equal(access(out, F_OK), -1);
}

static double cubic(double x, void *ctx)
{
    (void)ctx;
    return x * x * x - 2.0; /* root 2^(1/3) */
}

static double cosx(double x, void *ctx)
{
    double *shift = ctx;
    return cos(x) - *shift;
}

static void test_root(void **state)
{
    (void)state;
    double r = 0;
    assert_int_equal(lmds_root_brent(cubic, NULL, 0.0, 3.0, 0.0, 1e-14, 0, "cube root", &r), LMDS_OK);
    assert_rel(r, cbrt(2.0), 1e-12);
    double s = 0.5;
    assert_int_equal(lmds_root_brent(cosx, &s, 2.0, 0.0, 1e-13, 0.0, 0, "acos", &r), LMDS_OK); /* reversed ends */
    assert_rel(r, acos(0.5), 1e-12);
    r = 42;
    assert_int_equal(lmds_root_brent(cubic, NULL, 2.0, 3.0, 0.0, 1e-12, 0, "no root here", &r), LMDS_EDOMAIN);
    assert_non_null(strstr(lmds_errmsg(), "no root here: no sign change on [2, 3]"));
    assert_true(r == 42);
    assert_int_equal(lmds_root_brent(cubic, NULL, NAN, 3.0, 0.0, 1e-12, 0, "nan", &r), LMDS_EINVAL);
    assert_int_equal(lmds_root_brent(cubic, NULL, 0.0, 3.0, 0.0, 0.0, 3, "few iterations", &r), LMDS_ENOCONV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_text),   cmocka_unit_test(test_csv_errors),      cmocka_unit_test(test_csv_stream),
        cmocka_unit_test(test_file_read),  cmocka_unit_test(test_ofile),           cmocka_unit_test(test_ofile_commit_failure),
        cmocka_unit_test(test_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
