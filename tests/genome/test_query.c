/* Queries on the genome built from data/: the OPTIMADE filter subset against the equivalent options, boolean
 * identities, Tc ranges with bounds, and the access functions used by the learn/predict/design modules checked
 * against the values in the source files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lmds.h"
#include "genome_test_util.h"

static lmds_genome *G;

static int setup(void **state)
{
    const char *path = scratch("q.sqlite");
    if (lmds_genome_build(path, LMDS_SOURCE_DATA_DIR, NULL) != LMDS_OK) return -1;
    return lmds_genome_open(path, 1, &G) == LMDS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    lmds_genome_close(G);
    scratch_cleanup();
    return 0;
}

static lmds_genome_rows *run(const char *optimade)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.optimade = optimade;
    lmds_genome_rows *r = NULL;
    lmds_status st = lmds_genome_query(G, &f, &r);
    if (st != LMDS_OK) fail_msg("filter %s: %s", optimade, lmds_errmsg());
    return r;
}

static size_t nrun(const char *optimade)
{
    lmds_genome_rows *r = run(optimade);
    size_t n = r->nrows;
    lmds_genome_rows_free(r);
    return n;
}

static void test_optimade_matches_options(void **state)
{
    lmds_genome_rows *r = run("elements HAS ALL \"Ga\",\"In\" AND nelements=2");
    assert_true(r->nrows > 3);
    for (size_t i = 0; i < r->nrows; i++) assert_string_equal(lmds_genome_rows_get(r, i, "system"), "Ga-In");
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.system = "In-Ga";
    lmds_genome_rows *s = NULL;
    assert_int_equal(lmds_genome_query(G, &f, &s), LMDS_OK);
    assert_int_equal(s->nrows, r->nrows);
    lmds_genome_rows_free(s);
    lmds_genome_rows_free(r);
    /* --elements Ga,In (all of) = HAS ALL; --any = HAS ANY. */
    lmds_genome_filter_init(&f);
    f.elements = "Ga,In";
    assert_int_equal(lmds_genome_query(G, &f, &s), LMDS_OK);
    assert_int_equal(s->nrows, nrun("elements HAS ALL \"Ga\",\"In\""));
    lmds_genome_rows_free(s);
    f.any = 1;
    assert_int_equal(lmds_genome_query(G, &f, &s), LMDS_OK);
    assert_int_equal(s->nrows, nrun("elements HAS ANY \"Ga\",\"In\""));
    lmds_genome_rows_free(s);
}

static void test_optimade_fields(void **state)
{
    lmds_genome_rows *r = run("nelements<3 AND _lmds_dataset=\"curated\"");
    assert_true(r->nrows > 20);
    for (size_t i = 0; i < r->nrows; i++) {
        const char *sys = lmds_genome_rows_get(r, i, "system");
        int dashes = 0;
        for (const char *p = sys; *p; p++) dashes += *p == '-';
        assert_true(dashes < 2);
    }
    lmds_genome_rows_free(r);
    /* "Ga3In" as written in a SuperCon-style formula Ga0.75In0.25 reduces to Ga3In. */
    r = run("chemical_formula_reduced=\"Ga41Mo8\"");
    assert_true(r->nrows >= 2); /* two curated Mo8Ga41 measurements */
    lmds_genome_rows_free(r);
    /* 20 curated rows of composition Ga plus the "Ga-based liquid alloy" (chemical system Ga only). */
    assert_int_equal(nrun("elements HAS ONLY \"Ga\" AND _lmds_property=\"tc\" AND _lmds_dataset=\"curated\""), 21);
}

static void test_optimade_boolean_identities(void **state)
{
    const char *A = "elements HAS \"Ga\"", *B = "_lmds_tc>5";
    char both[256], either[256], neither[256];
    snprintf(both, sizeof both, "%s AND %s", A, B);
    snprintf(either, sizeof either, "(%s) OR (%s)", A, B);
    snprintf(neither, sizeof neither, "NOT (%s OR %s)", A, B);
    size_t a = nrun(A), b = nrun(B), ab = nrun(both), aob = nrun(either), n = nrun("nelements>0"),
           nn = nrun(neither);
    assert_true(ab > 0);
    assert_int_equal(aob, a + b - ab);
    assert_int_equal(nn, n - aob);
}

static void test_optimade_errors(void **state)
{
    static const char *bad[] = {"elements HAS ALL \"Ga\" AND", "nelements < \"two\"", "elements HAS \"Xx\"",
                                "foo = 3", "(nelements=1", "nelements = 1 )", "chemical_formula_reduced = 3",
                                "elements HAS ALL \"Ga\",", "nelements ! 2", "NOT", "\"Ga\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lmds_genome_filter f;
        lmds_genome_filter_init(&f);
        f.optimade = bad[i];
        lmds_genome_rows *r = NULL;
        lmds_status st = lmds_genome_query(G, &f, &r);
        if (st != LMDS_EPARSE) fail_msg("filter '%s' was accepted", bad[i]);
        int col;
        lmds_errloc(NULL, NULL, &col);
        assert_true(col >= 1 || bad[i][0] == '\0');
    }
}

/* A bound is inside a range only when its whole interval is: BiIn "<1.5" is within tc <= 2. */
static void test_tc_range_with_bounds(void **state)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = "BiIn";
    f.tc_max = 2;
    lmds_genome_rows *r;
    assert_int_equal(lmds_genome_query(G, &f, &r), LMDS_OK);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(lmds_genome_rows_get(r, 0, "relation"), "<");
    lmds_genome_rows_free(r);
    f.tc_max = NAN;
    f.tc_min = 1;
    assert_int_equal(lmds_genome_query(G, &f, &r), LMDS_OK);
    assert_int_equal(r->nrows, 0);
    lmds_genome_rows_free(r);
}

static void test_find_tc(void **state)
{
    lmds_comp c;
    double tc;
    char ref[512], name[128];
    /* lmds_superconductors.csv: alpha-Ga (stable orthorhombic), bulk, 0 GPa, 1.083 K (textbook). */
    assert_int_equal(lmds_comp_parse("Ga", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_tc(G, &c, "bulk", 0, &tc, ref, sizeof ref, name, sizeof name), LMDS_OK);
    assert_true(fabs(tc - 1.083) < 1e-12);
    assert_non_null(strstr(name, "alpha-Ga"));
    /* Bi-II at 2.8 GPa: 3.92 K (Khasanov et al. 2019). */
    assert_int_equal(lmds_comp_parse("Bi", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_tc(G, &c, "bulk", 2.8, &tc, ref, sizeof ref, name, sizeof name), LMDS_OK);
    assert_true(fabs(tc - 3.92) < 1e-12);
    assert_non_null(strstr(ref, "Khasanov"));
    /* Mo8Ga41 written as a fraction formula. */
    assert_int_equal(lmds_comp_parse("Mo0.16326530612244897Ga0.836734693877551", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_tc(G, &c, NULL, 0, &tc, NULL, 0, NULL, 0), LMDS_OK);
    assert_true(fabs(tc - 9.8) < 1e-12);
    assert_int_equal(lmds_comp_parse("Ga13Nb7Sn11", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_tc(G, &c, "bulk", 0, &tc, NULL, 0, NULL, 0), LMDS_ENOTFOUND);
}

static void test_find_coupling(void **state)
{
    lmds_comp c;
    double lambda, wlog, mu;
    char ref[512];
    /* tc_reference.csv, Elk Pb-DFPT row: lambda 1.300391767, omega_log 62.30 K, mu* 0.15. */
    assert_int_equal(lmds_comp_parse("Pb", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_coupling(G, &c, &lambda, &wlog, &mu, ref, sizeof ref), LMDS_OK);
    assert_true(fabs(lambda - 1.300391767) < 1e-9);
    assert_true(fabs(wlog - 62.30) < 1e-9);
    assert_true(fabs(mu - 0.15) < 1e-12);
    assert_non_null(strstr(ref, "Elk"));
    assert_int_equal(lmds_comp_parse("Ga", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_find_coupling(G, &c, &lambda, &wlog, &mu, NULL, 0), LMDS_ENOTFOUND);
}

/* Every Stanev row carries its formula as written, checked line by line against the source file; the rows the
 * import rejected come back from lmds_genome_tc_rejects, so rows + rejects cover every data line once. */
static void test_tc_raw_formula(void **state)
{
    char path[1024], line[512];
    snprintf(path, sizeof path, "%s/genome/supercon_stanev2018.csv", LMDS_SOURCE_DATA_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char names[20000][96];
    long nlines = 0;
    while (fgets(line, sizeof line, f) && nlines < 20000) {
        nlines++;
        char *comma = strchr(line, ',');
        if (comma) *comma = '\0';
        snprintf(names[nlines - 1], sizeof names[0], "%.95s", line);
    }
    fclose(f);
    lmds_genome_tc_row *rows, *rej;
    size_t n, nrej;
    assert_int_equal(lmds_genome_tc_rows(G, "stanev2018", &rows, &n), LMDS_OK);
    assert_int_equal(lmds_genome_tc_rejects(G, "stanev2018", &rej, &nrej), LMDS_OK);
    assert_int_equal(n + nrej, (size_t)(nlines - 1));
    unsigned char *seen = calloc((size_t)nlines + 1, 1);
    for (size_t i = 0; i < n + nrej; i++) {
        const lmds_genome_tc_row *r = i < n ? &rows[i] : &rej[i - n];
        assert_true(r->line >= 2 && r->line <= nlines);
        assert_string_equal(r->raw_formula, names[r->line - 1]);
        assert_int_equal(seen[r->line], 0);
        seen[r->line] = 1;
    }
    free(seen);
    /* Line 50 "Bi4Sr3Ca2.7Y0.3Cu4OY": the placeholder oxygen is kept as written for learn's cleaning. */
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].line == 50) found = strcmp(rows[i].raw_formula, "Bi4Sr3Ca2.7Y0.3Cu4OY") == 0;
    assert_true(found);
    /* Line 1603 "D0.967Pd1,8.14": a deuteride the import rejected (D is no element symbol). */
    found = 0;
    for (size_t i = 0; i < nrej; i++)
        if (rej[i].line == 1603) {
            found = 1;
            assert_string_equal(rej[i].raw_formula, "D0.967Pd1");
            assert_true(fabs(rej[i].tc_K - 8.14) < 1e-12);
            assert_int_equal(rej[i].comp.n, 0);
        }
    assert_true(found);
    lmds_genome_tc_rows_free(rows);
    lmds_genome_tc_rows_free(rej);
}

/* One value of the dataset for formula/property, with its value type and source line. */
static void check_gs(const char *dataset, const char *formula, const char *property, double want, const char *vtype,
                     double tol)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.dataset = dataset;
    f.formula = formula;
    f.property = property;
    f.value_type = vtype;
    lmds_genome_rows *r = NULL;
    assert_int_equal(lmds_genome_query(G, &f, &r), LMDS_OK);
    int found = 0;
    for (size_t i = 0; i < r->nrows; i++)
        found |= fabs(atof(lmds_genome_rows_get(r, i, "value")) - want) <= tol * fabs(want);
    if (!found) fail_msg("%s %s %s = %g (%s) not found", dataset, formula, property, want, vtype);
    lmds_genome_rows_free(r);
}

static size_t count_dataset(const char *dataset)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.dataset = dataset;
    size_t n = genome_count(G, &f);
    assert_true(n != SIZE_MAX);
    return n;
}

/* Ground-state quantities, checked against rows of their source files (values as written there; the genome
 * prints 10 significant digits, so 1e-9 relative). */
static void test_ground_state(void **state)
{
    /* Every non-empty quantity cell: eos_and_slopes.csv 24 rows -> 72 values; tunnel_materials.csv 22 rows x
     * (V0, B0, B0', theta_D) = 88; debye_temperatures.csv 5. */
    assert_int_equal(count_dataset("eos_slopes"), 72);
    assert_int_equal(count_dataset("tunnel_materials"), 88);
    assert_int_equal(count_dataset("debye_kittel"), 5);
    /* eos_and_slopes.csv line 16: Pb dTc/dP = -0.386 K/GPa (Smith & Chu 1967), measured. */
    check_gs("eos_slopes", "Pb", "dTc_dP", -0.386, "measured", 1e-9);
    /* line 5: Zn WIEN2k PBE B0 = 74.54 GPa, calculated. */
    check_gs("eos_slopes", "Zn", "B0", 74.54, "calculated", 1e-9);
    /* tunnel_materials.csv line 11: alpha-Ga V0 = 20.3069 A^3 (PBE), theta_D = 320 K (measured). */
    check_gs("tunnel_materials", "Ga", "V0", 20.3069, "calculated", 1e-9);
    check_gs("tunnel_materials", "Ga", "debye_T", 320, "measured", 1e-9);
    /* debye_temperatures.csv line 6: Nb 275 K (Kittel). */
    check_gs("debye_kittel", "Nb", "debye_T", 275, "measured", 1e-9);
}

static void test_tc_rows(void **state)
{
    lmds_genome_tc_row *rows;
    size_t n;
    assert_int_equal(lmds_genome_tc_rows(G, "stanev2018", &rows, &n), LMDS_OK);
    assert_true(n > 16300 && n <= 16414);
    /* First data row of supercon_stanev2018.csv (line 2): Ba0.4K0.6Fe2As2, 31.2 K. */
    assert_int_equal(rows[0].line, 2);
    assert_true(fabs(rows[0].tc_K - 31.2) < 1e-12);
    assert_true(fabs(lmds_comp_fraction(&rows[0].comp, 26) - 2.0 / 5.0) < 1e-9);
    assert_string_equal(rows[0].dataset, "stanev2018");
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++) zeros += rows[i].tc_K == 0;
    assert_true(zeros > 1000); /* Stanev's non-superconductor class is kept */
    lmds_genome_tc_rows_free(rows);
    assert_int_equal(lmds_genome_tc_rows(G, "curated", &rows, &n), LMDS_OK);
    for (size_t i = 0; i < n; i++) assert_true(rows[i].tc_K > 0);
    lmds_genome_tc_rows_free(rows);
}

static void test_show(void **state)
{
    lmds_genome_rows *m, *v;
    assert_int_equal(lmds_genome_show(G, "Ga", &m, &v), LMDS_OK);
    int kinds[5] = {0};
    static const char *names[5] = {"composition", "structure", "ground_state", "interaction", "macroscopic"};
    for (size_t i = 0; i < v->nrows; i++)
        for (int k = 0; k < 5; k++) kinds[k] += strcmp(lmds_genome_rows_get(v, i, "kind"), names[k]) == 0;
    assert_int_equal(kinds[0], 1);
    assert_true(kinds[1] >= 10 && kinds[4] >= 14);
    for (size_t i = 0; i < v->nrows; i++)
        if (strcmp(lmds_genome_rows_get(v, i, "kind"), "macroscopic") == 0)
            assert_non_null(lmds_genome_rows_get(v, i, "reference"));
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(v);
    assert_int_equal(lmds_genome_show(G, "Ga1", &m, &v), LMDS_OK); /* an alias as written in SuperCon */
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(v);
    assert_int_equal(lmds_genome_show(G, "system:Ga-Ag", &m, &v), LMDS_OK);
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(v);
    assert_int_equal(lmds_genome_show(G, "Ga'; DROP TABLE value", &m, &v), LMDS_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optimade_matches_options), cmocka_unit_test(test_optimade_fields),
        cmocka_unit_test(test_optimade_boolean_identities), cmocka_unit_test(test_optimade_errors),
        cmocka_unit_test(test_tc_range_with_bounds),     cmocka_unit_test(test_find_tc),
        cmocka_unit_test(test_find_coupling),            cmocka_unit_test(test_tc_rows), cmocka_unit_test(test_tc_raw_formula), cmocka_unit_test(test_ground_state),
        cmocka_unit_test(test_show),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
