/* Import: the embedded genome is built from data/ with every row accounted for; a bad row fails the whole
 * import at its file:line and writes nothing; re-imports add nothing; SQL text in a formula is just a bad
 * formula; JSON imports; negative results are rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "lmds.h"
#include "genome_test_util.h"

static const char *built;

static int count(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    int n = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return -1;
    if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return n;
}

static int setup(void **state)
{
    static char path[512];
    snprintf(path, sizeof path, "%s", scratch("built.sqlite"));
    lmds_genome_rows *sum = NULL;
    if (lmds_genome_build(path, LMDS_SOURCE_DATA_DIR, &sum) != LMDS_OK) {
        fprintf(stderr, "build failed: %s\n", lmds_errmsg());
        return -1;
    }
    lmds_genome_rows_free(sum);
    built = path;
    return 0;
}

static int teardown(void **state)
{
    scratch_cleanup();
    return 0;
}

/* Every data row of the source files is either a value or a counted reject. */
static void test_build_accounts_for_every_row(void **state)
{
    /* supercon_stanev2018.csv: 16,414 data rows (Stanev et al. 2018). */
    assert_int_equal(count(built, "SELECT nrows FROM source WHERE dataset = 'stanev2018'"), 16414);
    int values = count(built, "SELECT count(*) FROM value v JOIN source s ON s.id = v.source_id WHERE"
                              " s.dataset = 'stanev2018'");
    int rejects = count(built, "SELECT count(*) FROM reject j JOIN source s ON s.id = j.source_id WHERE"
                               " s.dataset = 'stanev2018'");
    assert_int_equal(values + rejects, 16414);
    assert_true(rejects > 0 && rejects < 100);
    /* Every reject has a line and a reason. */
    assert_int_equal(count(built, "SELECT count(*) FROM reject WHERE line < 2 OR reason = ''"), 0);
    /* The curated file: 313 measurements, each a tc row. */
    assert_int_equal(count(built, "SELECT count(*) FROM value v JOIN source s ON s.id = v.source_id WHERE"
                                  " s.dataset = 'curated' AND v.property = 'tc'"), 313);
    /* Stanev's Tc = 0 rows are 'not reported', never a number 0. */
    assert_int_equal(count(built, "SELECT count(*) FROM value WHERE property = 'tc' AND value = 0"), 0);
    lmds_genome *g;
    assert_int_equal(lmds_genome_open(built, 1, &g), LMDS_OK);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    lmds_genome_close(g);
}

/* BiIn is "not superconducting down to 1.5 K": a row with an upper bound, no value. */
static void test_negative_result_is_a_row(void **state)
{
    assert_int_equal(count(built, "SELECT count(*) FROM tc WHERE formula = 'BiIn' AND tc_K IS NULL AND"
                                  " relation = '<' AND abs(tc_upper_bound_K - 1.5) < 1e-12"), 1);
    /* The gallenene range 7-10 K keeps both bounds. */
    assert_int_equal(count(built, "SELECT count(*) FROM tc WHERE material LIKE 'gallenene (Ga-100%' AND"
                                  " tc_lower_bound_K = 7 AND tc_upper_bound_K = 10"), 1);
}

static void test_bad_row_writes_nothing(void **state)
{
    const char *db = scratch("strict.sqlite"), *csv = scratch("bad.csv");
    lmds_genome *g;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    char before[65], after[65];
    assert_int_equal(lmds_genome_content_hash(g, before), LMDS_OK);
    write_text(csv, "name,Tc\nGa3In,5\nNb3Sn,18\nPb,seven\nSn,3.7\n");
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, &rep), LMDS_EPARSE);
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 4); /* "Pb,seven" is on line 4 */
    assert_non_null(strstr(lmds_errmsg(), "seven"));
    assert_int_equal(lmds_genome_content_hash(g, after), LMDS_OK);
    assert_string_equal(before, after);
    lmds_genome_close(g);
}

static void test_reimport_adds_nothing(void **state)
{
    const char *db = scratch("reimport.sqlite"), *a = scratch("a.csv"), *b = scratch("b.csv");
    write_text(a, "name,Tc\nGa3In,5\nNb3Sn,18\nNb3Sn,18\nPb,0\n");
    /* Same rows, different bytes: caught by the natural keys, not the file hash. */
    write_text(b, "name,Tc\r\nGa3In,5\r\nNb3Sn,18\r\nNb3Sn,18\r\nPb,0\r\n");
    lmds_genome *g;
    lmds_genome_import_report rep;
    lmds_genome_import_opts o = {0};
    o.dataset = "t";
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, a, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_int_equal(rep.inserted, 4); /* the repeated Nb3Sn row is a second measurement */
    char h1[65], h2[65];
    assert_int_equal(lmds_genome_content_hash(g, h1), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, a, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_true(rep.already);
    assert_int_equal(lmds_genome_content_hash(g, h2), LMDS_OK);
    assert_string_equal(h1, h2);
    assert_int_equal(lmds_genome_import(g, b, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_false(rep.already);
    assert_int_equal(rep.inserted, 0);
    assert_int_equal(rep.duplicates, 4);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_int_equal(count(db, "SELECT count(*) FROM value"), 4);
}

static void test_sql_in_formula_is_a_bad_formula(void **state)
{
    const char *db = scratch("inject.sqlite"), *csv = scratch("inject.csv");
    write_text(csv, "name,Tc\nGa3In,5\n\"Ga'; DROP TABLE value; --\",3\n");
    lmds_genome *g;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EPARSE);
    int line;
    lmds_errloc(NULL, &line, NULL);
    assert_int_equal(line, 3);
    /* Lenient mode: the row is a recorded reject, the table is still there. */
    lmds_genome_import_opts o = {0};
    o.keep_rejects = 1;
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep), LMDS_OK);
    assert_int_equal(rep.inserted, 1);
    assert_int_equal(rep.rejected, 1);
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = "Ga'; DROP TABLE value; --";
    lmds_genome_rows *r = NULL;
    assert_int_equal(lmds_genome_query(g, &f, &r), LMDS_EPARSE);
    f.formula = NULL;
    f.optimade = "chemical_formula_reduced=\"x'); DROP TABLE value; --\"";
    assert_int_equal(lmds_genome_query(g, &f, &r), LMDS_OK);
    assert_int_equal(r->nrows, 0);
    lmds_genome_rows_free(r);
    lmds_genome_close(g);
    assert_int_equal(count(db, "SELECT count(*) FROM value"), 1);
}

static void test_json_import(void **state)
{
    const char *db = scratch("json.sqlite"), *js = scratch("rows.json"), *bad = scratch("bad.json");
    write_text(js, "[\n {\"material\": \"test phase\", \"composition\": \"Ga3In\", \"form\": \"bulk\",\n"
                   "  \"pressure_GPa\": 0, \"Tc_K\": \"<0.5\", \"reference\": \"test reference\",\n"
                   "  \"value_type\": \"measured (negative)\"},\n"
                   " {\"material\": \"other\", \"composition\": \"In\", \"Tc_K\": 3.41, \"reference\": \"r\","
                   " \"value_type\": \"textbook\"}\n]\n");
    write_text(bad, "[\n {\"material\": \"a\", \"composition\": \"Ga\", \"Tc_K\": 1, \"reference\": \"r\","
                    " \"value_type\": \"measured\"},\n {\"material\": \"b\", \"composition\": \"Qq2\","
                    " \"Tc_K\": 1, \"reference\": \"r\", \"value_type\": \"measured\"}\n]\n");
    lmds_genome *g;
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, js, LMDS_GENOME_SUPERCONDUCTORS, NULL, &rep), LMDS_OK);
    assert_int_equal(rep.rows, 2);
    assert_int_equal(lmds_genome_import(g, bad, LMDS_GENOME_SUPERCONDUCTORS, NULL, &rep), LMDS_EPARSE);
    int line;
    lmds_errloc(NULL, &line, NULL);
    assert_int_equal(line, 3); /* the second object starts on line 3 */
    lmds_genome_close(g);
    assert_int_equal(count(db, "SELECT count(*) FROM tc WHERE formula = 'Ga3In' AND tc_upper_bound_K = 0.5"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM value"), 2);
}

static void test_spectrum_roundtrip(void **state)
{
    const char *db = scratch("spec.sqlite"), *sp = scratch("Nb_test.dat");
    write_text(sp, "# omega (meV)  a2F\n1 0.1\n2 0.4\n3 0.2\n");
    lmds_genome *g;
    lmds_genome_import_opts o = {0};
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    /* A spectrum without a reference is refused: every value needs one. */
    assert_int_not_equal(lmds_genome_import(g, sp, LMDS_GENOME_SPECTRA, &o, NULL), LMDS_OK);
    o.reference = "test spectrum";
    assert_int_equal(lmds_genome_import(g, sp, LMDS_GENOME_SPECTRA, &o, NULL), LMDS_OK);
    lmds_comp nb;
    assert_int_equal(lmds_comp_parse("Nb", NULL, &nb), LMDS_OK);
    double *w, *a;
    size_t n;
    char ref[128];
    assert_int_equal(lmds_genome_find_a2f(g, &nb, &w, &a, &n, ref, sizeof ref), LMDS_OK);
    assert_int_equal(n, 3);
    assert_true(w[1] == 2.0 && a[1] == 0.4);
    assert_string_equal(ref, "test spectrum");
    free(w);
    free(a);
    lmds_genome_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_accounts_for_every_row), cmocka_unit_test(test_negative_result_is_a_row),
        cmocka_unit_test(test_bad_row_writes_nothing),       cmocka_unit_test(test_reimport_adds_nothing),
        cmocka_unit_test(test_sql_in_formula_is_a_bad_formula), cmocka_unit_test(test_json_import),
        cmocka_unit_test(test_spectrum_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
