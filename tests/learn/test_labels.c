/* The label policy of the discovery model (src/learn/labels.c): material lists, every drop reason, duplicate
 * consensus, the rows handed to the regressor and the classifier, the rejects report; and the shipped lists. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <lmds.h>

#include "lmds_test.h"

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static char *temp_path(const char *stem)
{
    static char buf[8][64];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, 64, "/tmp/lmds_labels_%s_XXXXXX", stem);
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

#define LIST_HEADER "formula,superconducting,Tc_K,lowest_T_K,form,provenance,reference,note\n"

/* A material list: yes rows carry Tc, no rows the lowest temperature; every malformed row is an error with its
 * line and column. */
static void test_list_read(void **state)
{
    (void)state;
    char *path = temp_path("list");
    write_text(path, "# comment, with a comma\n" LIST_HEADER "Nb,yes,9.25,,bcc,supercon,ref A,\n"
                     "Cu,no,,0.01,fcc,recalled,ref B,\n");
    lmds_learn_data *d = NULL;
    assert_int_equal(lmds_learn_list_read(path, &d), LMDS_OK);
    assert_int_equal(d->n, 2);
    assert_lookup_equal(d->rows[0].tc_K, 9.25);
    assert_true(d->rows[1].tc_K == 0 && d->rows[1].lowest_T_K == 0.01);
    assert_int_equal(d->n_recalled, 1);
    assert_int_equal(d->rows[1].line, 4);
    lmds_learn_data_free(d);

    static const char *const bad[][2] = {
        {LIST_HEADER "Nb,yes,,,bcc,read,ref,\n", "Tc_K"},
        {LIST_HEADER "Cu,no,,,fcc,read,ref,\n", "lowest_T_K"},
        {LIST_HEADER "Cu,maybe,,1,fcc,read,ref,\n", "yes or no"},
        {LIST_HEADER "Cu,no,,1,fcc,read,,\n", "reference"},
        {LIST_HEADER "Qq,no,,1,fcc,read,ref,\n", "Qq"},
        {"formula,Tc_K\nNb,9\n", "superconducting"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        write_text(path, bad[i][0]);
        d = (lmds_learn_data *)1;
        assert_int_equal(lmds_learn_list_read(path, &d), LMDS_EPARSE);
        assert_null(d);
        if (!strstr(lmds_errmsg(), bad[i][1]) || !strstr(lmds_errmsg(), path))
            fail_msg("case %zu: message '%s' lacks '%s' or the path", i, lmds_errmsg(), bad[i][1]);
    }
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 1); /* the header that lacks columns */
    write_text(path, LIST_HEADER "Nb,yes,9.25,,bcc,read,ref,\nCu,no,,x,fcc,read,ref,\n");
    assert_int_equal(lmds_learn_list_read(path, &d), LMDS_EPARSE);
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 8);
    remove(path);
}

/* A SuperCon datasheet in the NIMS layout exercising every rule of the policy. */
static const char *const NIMS =
    "1\t4\t6\t67\t85\t92\t198\n"
    "data number\tcommon formula\tchemical formula\tstructure\tunit\tTc\tjournal\n"
    "num\tname\telement\tstr3\tutc\ttc\tjournal\n"
    "1\tNb3Sn\tNb3Sn1\tA15\tK\t18.0\tref\n"           /* line 4: kept (consensus of 3) */
    "2\tNb3Sn\tNb3Sn1\tA15\tK\t18.3\tref\n"
    "3\tNb3Sn\tNb3Sn1\tA15\tK\t17.9\tref\n"
    "4\tNb3Sn\tNb3Sn1\tA15\tK\t6.0\tref\n"            /* line 7: outlier */
    "5\tGa\tGa1\t\tK\t7.6\tref\n"                      /* element */
    "6\ta-MoGe\tMo1Ge1\tAMOR\tK\t7.0\tref\n"           /* form: amorphous */
    "7\tMgB2 film\tMg1B2\t\tK\t39\tref\n"              /* form: film */
    "8\tLaBi(P=5GPa)\tLa1Bi1\t\tK\t5\tref\n"           /* form: pressure */
    "9\tB-doped SiC\tSi1C1\t\tK\t1.4\tref\n"           /* form: dopant missing */
    "10\tBaFe2As2\tBa1Fe2As2\t\tK\t29\tref\n"          /* excluded */
    "11\tBiIn\tBi1In1\t\tK\t7.95\tref\n"               /* contradicts a negative */
    "12\tYBCO\tY1Ba2Cu3O7\t\tK\t275\tref\n"            /* implausible */
    "13\tx\tMo3Re1\t\tK\t0\tref\n"                     /* no Tc */
    "14\tAB\tV1Zr2\t\tK\t8.8\tref\n"                   /* conflict: two rows, no majority */
    "15\tAB\tV1Zr2\t\tK\t15.0\tref\n"
    "16\tAl3Nb\tNb1Al3\t\tK\t0.64\tref\n"              /* kept, below the class temperature */
    "17\tbad\tXq2\t\tK\t3\tref\n";                     /* unparsable */

static lmds_learn_labels *build_labels(char **rejects_path)
{
    char *sc = temp_path("sc"), *el = temp_path("el"), *ex = temp_path("ex"), *ng = temp_path("ng");
    write_text(sc, NIMS);
    write_text(el, LIST_HEADER "Nb,yes,9.25,,bcc,read,r,\nSn,yes,3.72,,beta,read,r,\nGa,yes,1.083,,alpha,read,r,\n"
                               "Cu,no,,0.01,fcc,recalled,r,\n");
    write_text(ex, "formula,reason,provenance,reference,note\nBaFe2As2,pressure,recalled,Alireza 2009,\n");
    write_text(ng, LIST_HEADER "BiIn,no,,1.5,PbO,genome,Okamoto,\nGaAs,no,,2.0,zb,recalled,handbook,\n"
                               "InSb,no,,4.2,zb,recalled,old,\n");
    lmds_learn_sources s;
    lmds_learn_sources_default(&s);
    s.supercon = sc;
    s.elements = el;
    s.exclusions = ex;
    s.negatives = ng;
    lmds_learn_labels *l = NULL;
    if (lmds_learn_labels_build(&s, &l) != LMDS_OK) fail_msg("labels: %s", lmds_errmsg());
    *rejects_path = temp_path("rej");
    assert_int_equal(lmds_learn_labels_write_rejects(l, *rejects_path), LMDS_OK);
    remove(sc);
    remove(el);
    remove(ex);
    remove(ng);
    return l;
}

static const lmds_learn_row *find(const lmds_learn_data *d, const char *formula)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->rows[i].formula, formula)) return &d->rows[i];
    return NULL;
}

static void test_policy(void **state)
{
    (void)state;
    char *rej;
    lmds_learn_labels *l = build_labels(&rej);
    const lmds_learn_data *sc = l->supercon;
    static const struct {
        const char *reason;
        size_t n;
    } want[] = {{"unparsable", 1}, {"no_tc", 1}, {"element", 1}, {"form", 4}, {"excluded", 1}, {"negative", 1},
                {"implausible", 1}, {"outlier", 1}, {"conflict", 2}};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        if (lmds_learn_data_rejects_count(sc, want[k].reason) != want[k].n)
            fail_msg("%s: %zu rejects, want %zu", want[k].reason, lmds_learn_data_rejects_count(sc, want[k].reason),
                     want[k].n);
    /* Kept: Nb3Sn with the median of its three agreeing rows, and Al3Nb. */
    assert_int_equal(sc->n, 2);
    const lmds_learn_row *r = find(sc, "Nb3Sn");
    assert_non_null(r);
    assert_lookup_equal(r->tc_K, 18.0);
    assert_int_equal(r->count, 3);
    /* Regressor: Nb3Sn, Al3Nb and the superconducting elements. Classifier: those, Cu (not superconducting down to
     * 0.01 K), GaAs and BiIn (whose SuperCon row was dropped); InSb was measured only down to 4.2 K, above the class
     * temperature: skipped. */
    assert_int_equal(l->reg->n, 5);
    assert_int_equal(l->cls->n, 8);
    assert_non_null(find(l->cls, "BiIn"));
    assert_null(find(l->cls, "InSb"));
    assert_non_null(find(l->cls, "AsGa"));
    size_t pos = 0;
    for (size_t i = 0; i < l->cls->n; i++) pos += l->cls->rows[i].tc_K >= l->class_tc_K;
    assert_int_equal(pos, 3); /* Nb3Sn, Nb, Sn (3.72 K); Ga (1.08 K), Al3Nb (0.64 K), Cu and GaAs are negatives */
    assert_non_null(strstr(l->summary, "\"skipped_lowest_T_above_class_tc\":1"));

    /* The rejects report: one line per dropped row, with the reason and the source line. */
    char *text = NULL;
    assert_int_equal(lmds_file_read(rej, 0, &text, NULL), LMDS_OK);
    assert_non_null(strstr(text, "line,id,as_written,Tc_K,reason,detail"));
    assert_non_null(strstr(text, "7,4,Nb3Sn,6,outlier,"));
    assert_non_null(strstr(text, "film ('MgB2 film')"));
    assert_non_null(strstr(text, "dopant B missing"));
    assert_non_null(strstr(text, "excluded,As2BaFe2: pressure: Alireza 2009"));
    free(text);
    remove(rej);
    lmds_learn_labels_free(l);
}

/* A missing input file is an error naming it; nothing is returned. */
static void test_policy_errors(void **state)
{
    (void)state;
    lmds_learn_sources s;
    lmds_learn_sources_default(&s);
    s.supercon = "/nonexistent/supercon.tsv";
    lmds_learn_labels *l = (lmds_learn_labels *)1;
    assert_int_not_equal(lmds_learn_labels_build(&s, &l), LMDS_OK);
    assert_null(l);
    assert_non_null(strstr(lmds_errmsg(), "/nonexistent/supercon.tsv"));
    s.supercon = NULL;
    s.class_tc_K = -1;
    assert_int_equal(lmds_learn_labels_build(&s, &l), LMDS_EINVAL);
}

/* The shipped lists read without error, every row has a source, and the outside test shares no composition with
 * the curated negatives or the element table (data checks, not predictions). */
static void test_shipped_lists(void **state)
{
    (void)state;
    static const char *const files[] = {"learn/elements_ambient.csv", "learn/negatives.csv", "learn/outside_test.csv"};
    lmds_learn_data *d[3];
    for (int k = 0; k < 3; k++) {
        char path[4096];
        assert_int_equal(lmds_data_path(files[k], path, sizeof path), LMDS_OK);
        if (lmds_learn_list_read(path, &d[k]) != LMDS_OK) fail_msg("%s", lmds_errmsg());
        assert_true(d[k]->n > 20);
    }
    for (size_t i = 0; i < d[2]->n; i++)
        for (int k = 0; k < 2; k++)
            if (find(d[k], d[2]->rows[i].formula)) fail_msg("outside-test row %s is also in %s", d[2]->rows[i].formula, files[k]);
    for (int k = 0; k < 3; k++) lmds_learn_data_free(d[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_read),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_policy_errors),
        cmocka_unit_test(test_shipped_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
