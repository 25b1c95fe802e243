/* Redlich-Kister parameters in the genome: synthetic interactions of a small TDB file are stored with their
 * material (chemical system), TDB source and reference (the citation of the TDB's `$` comments when it gives one);
 * a re-import adds nothing; bad rows write nothing; out-of-scope rows are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "lmds.h"
#include "genome_test_util.h"

static const char TDB[] =
    "$ Test database. Ga-In liquid (B.C. Rugg, T.G. Chart, Calphad 14 (1990) 115, \"90Rug\").\n"
    "ELEMENT GA ORTHORHOMBIC_GA 69.723 5572 40.828 !\n"
    "PARAMETER G(LIQUID,GA,IN;0) 298.15 4345+1.7*T; 6000 N 90RUG !\n";

static double num(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    double v = NAN;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return NAN;
    if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_type(s, 0) != SQLITE_NULL)
        v = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

static lmds_genome_interaction row(const char *phase, const char *cons, int order, const char *expr, double a,
                                   double b, int linear, const char *ref, int line)
{
    lmds_genome_interaction r;
    memset(&r, 0, sizeof r);
    snprintf(r.phase, sizeof r.phase, "%s", phase);
    snprintf(r.constituents, sizeof r.constituents, "%s", cons);
    snprintf(r.expression, sizeof r.expression, "%s", expr);
    snprintf(r.ref, sizeof r.ref, "%s", ref);
    r.order = order;
    r.a = linear ? a : NAN;
    r.b = linear ? b : NAN;
    r.linear = linear;
    r.T_lo = 298.15;
    r.T_hi = 6000;
    r.line = line;
    return r;
}

static void rows5(lmds_genome_interaction *r)
{
    r[0] = row("LIQUID", "GA,IN", 0, "298.15 4345+1.7*T; 6000 N", 4345, 1.7, 1, "90RUG", 3);
    r[1] = row("LIQUID", "GA,IN", 1, "298.15 -146+0.464*T; 6000 N", -146, 0.464, 1, "90RUG", 4);
    r[2] = row("LIQUID", "GA,IN,SN", 0, "298.15 1000+T*LN(T); 6000 N", 0, 0, 0, "REF:XYZ", 5);
    r[3] = row("BCC_A2", "IN,SN:VA", 0, "298.15 -500; 6000 N", -500, 0, 1, "99ABC", 6);
    r[4] = row("GAS", "GA,IN,SN,ZN", 0, "298.15 1; 6000 N", 1, 0, 1, "99ABC", 7); /* quaternary: skipped */
}

static void test_import_rows(void **state)
{
    (void)state;
    const char *tdb = scratch("t1.tdb"), *db = scratch("rk1.sqlite");
    write_text(tdb, TDB);
    lmds_genome_interaction r[5];
    rows5(r);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, &rep), LMDS_OK);
    assert_int_equal(rep.inserted, 4);
    assert_int_equal(rep.skipped, 1);
    assert_int_equal(rep.already, 0);

    lmds_genome_rows *rk = NULL;
    assert_int_equal(lmds_genome_interactions(g, "system:In-Ga", &rk), LMDS_OK);
    assert_int_equal(rk->nrows, 2);
    assert_string_equal(lmds_genome_rows_get(rk, 0, "phase"), "LIQUID");
    assert_string_equal(lmds_genome_rows_get(rk, 0, "nu"), "0");
    assert_true(fabs(atof(lmds_genome_rows_get(rk, 0, "a_J_mol")) - 4345) < 1e-9);
    assert_true(fabs(atof(lmds_genome_rows_get(rk, 1, "b_J_mol_K")) - 0.464) < 1e-12);
    /* The citation comes from the TDB's comment for "90Rug" (case-insensitive code). */
    assert_non_null(strstr(lmds_genome_rows_get(rk, 0, "reference"), "Rugg"));
    assert_non_null(strstr(lmds_genome_rows_get(rk, 0, "reference"), "90RUG"));
    lmds_genome_rows_free(rk);
    /* Ternary: material system:Ga-In-Sn; nonlinear expression: a, b NULL; reference = file + code. */
    assert_int_equal(lmds_genome_interactions(g, "system:Ga-In-Sn", &rk), LMDS_OK);
    assert_int_equal(rk->nrows, 1);
    assert_null(lmds_genome_rows_get(rk, 0, "a_J_mol"));
    assert_string_equal(lmds_genome_rows_get(rk, 0, "expression"), "298.15 1000+T*LN(T); 6000 N");
    assert_non_null(strstr(lmds_genome_rows_get(rk, 0, "reference"), "t1.tdb, REF:XYZ"));
    lmds_genome_rows_free(rk);
    /* VA ignored: IN,SN:VA belongs to In-Sn. */
    assert_int_equal(lmds_genome_interactions(g, "system:In-Sn", &rk), LMDS_OK);
    assert_int_equal(rk->nrows, 1);
    assert_string_equal(lmds_genome_rows_get(rk, 0, "constituents"), "IN,SN:VA");
    lmds_genome_rows_free(rk);
    assert_int_equal(lmds_genome_check(g, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_true(num(db, "SELECT count(*) FROM rk_set") == 3);
    assert_true(num(db, "SELECT count(*) FROM rk_param") == 4);
    assert_true(num(db, "SELECT count(*) FROM source WHERE kind = 'tdb_interactions'") == 1);
    assert_true(num(db, "SELECT source_line FROM rk_param WHERE nu = 1") == 4);
}

static void test_reimport_no_duplicate(void **state)
{
    (void)state;
    const char *tdb = scratch("t2.tdb"), *db = scratch("rk2.sqlite");
    write_text(tdb, TDB);
    lmds_genome_interaction r[5];
    rows5(r);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, &rep), LMDS_OK);
    char h1[65], h2[65];
    assert_int_equal(lmds_genome_content_hash(g, h1), LMDS_OK);
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, &rep), LMDS_OK);
    assert_int_equal(rep.already, 1);
    assert_int_equal(rep.inserted, 0);
    assert_int_equal(lmds_genome_content_hash(g, h2), LMDS_OK);
    assert_string_equal(h1, h2);
    /* A changed file (new hash) with the same parameters: every parameter is a duplicate, no new rows. */
    const char *tdb2 = scratch("t2.tdb");
    write_text(tdb2, "$ changed comment\n" "PARAMETER G(LIQUID,GA,IN;0) 298.15 4345+1.7*T; 6000 N 90RUG !\n");
    assert_int_equal(lmds_genome_import_interactions(g, tdb2, r, 5, &rep), LMDS_OK);
    assert_int_equal(rep.already, 0);
    assert_int_equal(rep.inserted, 0);
    assert_int_equal(rep.duplicates, 4);
    lmds_genome_close(g);
    assert_true(num(db, "SELECT count(*) FROM rk_param") == 4);
    assert_true(num(db, "SELECT count(*) FROM rk_set") == 3);
}

static void test_bad_input(void **state)
{
    (void)state;
    const char *tdb = scratch("t3.tdb"), *db = scratch("rk3.sqlite");
    write_text(tdb, TDB);
    lmds_genome_interaction r[5];
    rows5(r);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    r[3].expression[0] = '\0'; /* the 4th row has no expression: nothing at all is written */
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, NULL), LMDS_EINVAL);
    assert_non_null(strstr(lmds_errmsg(), "t3.tdb"));
    assert_non_null(strstr(lmds_errmsg(), "6")); /* its TDB line */
    rows5(r);
    r[0].order = -1;
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, NULL), LMDS_EINVAL);
    rows5(r);
    r[1].T_lo = 7000; /* empty range */
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, NULL), LMDS_EINVAL);
    rows5(r);
    assert_int_not_equal(lmds_genome_import_interactions(g, scratch("missing.tdb"), r, 5, NULL), LMDS_OK);
    assert_int_equal(lmds_genome_import_interactions(g, NULL, r, 5, NULL), LMDS_EINVAL);
    assert_int_equal(lmds_genome_import_interactions(g, tdb, NULL, 5, NULL), LMDS_EINVAL);
    lmds_genome_close(g);
    assert_true(num(db, "SELECT count(*) FROM rk_param") == 0);
    assert_true(num(db, "SELECT count(*) FROM source") == 0);
    /* Read-only handles refuse. */
    assert_int_equal(lmds_genome_open(db, 1, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import_interactions(g, tdb, r, 5, NULL), LMDS_EINVAL);
    lmds_genome_close(g);
}

static int teardown(void **state)
{
    (void)state;
    scratch_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_rows),
        cmocka_unit_test(test_reimport_no_duplicate),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
