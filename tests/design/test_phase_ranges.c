/* The temperature windows of data/design/phase_ranges.csv (read in src/design/phase_data.c, used by the phase
 * identification of src/design/phase_id.c and the polymorph windows of src/design/phase_tc.c).
 * A T_max_K that is a measured melting-type limit (T_max_kind melting) does not bound the thermodynamic model's
 * solid: the model's own melting point does, and it may lie above the measured one (Bi2Pd: 485 C measured,
 * recalled from Okamoto's Bi-Pd evaluation and labelled so in the row; 491 C in data/tdb/lmds_bipd.tdb). A
 * solid-state limit (T_max_kind solid: alpha-PdBi2 -> beta at 653 K, recalled from Massalski) still bounds it.
 * The values read back from the table are lookups of the data file, said so at each check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lmds_test.h"
#include "design/design_internal.h"

static const range_row *row_of(const design_tables *t, const char *tdb_phase)
{
    for (int i = 0; i < t->nranges; i++)
        if (strcmp(t->ranges[i].tdb_phase, tdb_phase) == 0)
            return &t->ranges[i];
    fail_msg("no row for %s in data/design/phase_ranges.csv", tdb_phase);
    return NULL;
}

static lmds_comp comp_of(const char *formula)
{
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(formula, NULL, &c), LMDS_OK);
    return c;
}

static int identify(const design_tables *t, const char *tdb_phase, const char *formula, double T)
{
    lmds_comp c = comp_of(formula);
    phase_ident id;
    lmds_phase_tc ph;
    memset(&ph, 0, sizeof ph);
    design_phase_identify(t, tdb_phase, &c, T, &id, &ph);
    return id.kind;
}

/* The reader keeps a melting-type limit apart from a solid-state one (lookups of the table's rows). */
static void test_reader_separates_melting_from_solid_limits(void **state)
{
    (void)state;
    design_tables t;
    assert_int_equal(design_tables_load(&t), LMDS_OK);
    const range_row *bi2pd = row_of(&t, "BI2PD"), *alpha = row_of(&t, "ALPHA_PDBI2");
    assert_false(isfinite(bi2pd->T_max));        /* melting: bounds nothing */
    assert_lookup_equal(bi2pd->T_melt, 758.15);  /* 485 C, the measured melting point */
    assert_lookup_equal(alpha->T_max, 653.0);    /* solid: alpha -> beta */
    assert_false(isfinite(alpha->T_melt));
    design_tables_clear(&t);
}

/* Identification with the shipped table: Bi2Pd above its measured melting point (where the model still has it
 * solid) is identified; alpha-PdBi2 above its transition to beta is not. */
static void test_identification_with_the_table(void **state)
{
    (void)state;
    design_tables t;
    assert_int_equal(design_tables_load(&t), LMDS_OK);
    assert_int_equal(identify(&t, "BI2PD", "Bi2Pd", 761.0), PHASE_COMPOUND);
    assert_int_equal(identify(&t, "BI2PD", "Bi2Pd", 300.0), PHASE_COMPOUND);
    assert_int_equal(identify(&t, "ALPHA_PDBI2", "PdBi2", 600.0), PHASE_COMPOUND);
    assert_int_equal(identify(&t, "ALPHA_PDBI2", "PdBi2", 700.0), PHASE_UNIDENTIFIED);
    design_tables_clear(&t);
}

/* The mechanism on a one-row table: the same upper limit rejects a solid above it when it is a solid-state
 * limit (or of unknown kind) and does not when it is a melting point. */
static void test_identification_mechanism(void **state)
{
    (void)state;
    range_row r;
    memset(&r, 0, sizeof r);
    r.nz = 2;
    r.z[0] = lmds_test_z("Bi");
    r.z[1] = lmds_test_z("Pd");
    r.lo[0] = r.hi[0] = 2.0 / 3.0;
    r.lo[1] = r.hi[1] = 1.0 / 3.0;
    snprintf(r.tdb_phase, sizeof r.tdb_phase, "X_PHASE");
    snprintf(r.compound, sizeof r.compound, "Bi2Pd");
    r.T_min = 0.0;
    design_tables t;
    memset(&t, 0, sizeof t);
    t.ranges = &r;
    t.nranges = 1;

    r.T_max = NAN; /* melting at 500 K */
    r.T_melt = 500.0;
    assert_int_equal(identify(&t, "X_PHASE", "Bi2Pd", 510.0), PHASE_COMPOUND);
    r.T_max = 500.0; /* a solid-state limit at 500 K */
    r.T_melt = NAN;
    assert_int_equal(identify(&t, "X_PHASE", "Bi2Pd", 510.0), PHASE_UNIDENTIFIED);
    assert_int_equal(identify(&t, "X_PHASE", "Bi2Pd", 499.0), PHASE_COMPOUND);
}

/* A data folder whose phase_ranges.csv has `row` appended (the other tables linked from the shipped data). */
static void bad_data_dir(char *dir, size_t n, const char *row)
{
    snprintf(dir, n, "%s/lmds_phase_ranges_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    const char *src = LMDS_SOURCE_DATA_DIR;
    char a[1200], b[1200];
    static const char *const links[] = {"routes", "genome"};
    for (int i = 0; i < 2; i++) {
        snprintf(a, sizeof a, "%s/%s", src, links[i]);
        snprintf(b, sizeof b, "%s/%s", dir, links[i]);
        assert_int_equal(symlink(a, b), 0);
    }
    snprintf(b, sizeof b, "%s/design", dir);
    assert_int_equal(mkdir(b, 0700), 0);
    snprintf(a, sizeof a, "%s/design/dilute_slopes.csv", src);
    snprintf(b, sizeof b, "%s/design/dilute_slopes.csv", dir);
    assert_int_equal(symlink(a, b), 0);
    snprintf(a, sizeof a, "%s/design/phase_ranges.csv", src);
    snprintf(b, sizeof b, "%s/design/phase_ranges.csv", dir);
    FILE *in = fopen(a, "r"), *out = fopen(b, "w");
    assert_non_null(in);
    assert_non_null(out);
    int ch;
    while ((ch = fgetc(in)) != EOF)
        fputc(ch, out);
    fputs(row, out);
    fclose(in);
    fclose(out);
}

static void remove_data_dir(const char *dir)
{
    char p[1200];
    static const char *const files[] = {"routes", "genome", "design/dilute_slopes.csv", "design/phase_ranges.csv",
                                        "design", ""};
    for (int i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        remove(p);
    }
}

/* A row whose T_max_K has no kind, or a kind without a T_max_K, is refused with its file, line and column. */
static void test_reader_refuses_bad_kinds(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "Bi-Pd,BI2PD,Bi2Pd,Bi:0.667-0.667;Pd:0.333-0.333,tI6,0,758.15,,test,test,recalled\n",
        "Bi-Pd,BI2PD,Bi2Pd,Bi:0.667-0.667;Pd:0.333-0.333,tI6,0,758.15,melted,test,test,recalled\n",
        "Bi-Pd,BI2PD,Bi2Pd,Bi:0.667-0.667;Pd:0.333-0.333,tI6,0,,melting,test,test,recalled\n",
        "Bi-Pd,BI2PD,Bi2Pd,Bi:0.667-0.667;Pd:0.333-0.333,tI6,0,7x8,melting,test,test,recalled\n",
    };
    const char *old = getenv("LMDS_DATA_DIR");
    char saved[1024] = "";
    if (old)
        snprintf(saved, sizeof saved, "%s", old);
    for (int i = 0; i < 4; i++) {
        char dir[1024];
        bad_data_dir(dir, sizeof dir, rows[i]);
        setenv("LMDS_DATA_DIR", dir, 1);
        design_tables t;
        lmds_status st = design_tables_load(&t);
        const char *msg = lmds_errmsg();
        fprintf(stderr, "  row %d: %s\n", i, msg);
        assert_int_equal(st, LMDS_EPARSE);
        assert_non_null(strstr(msg, "phase_ranges.csv:174:"));
        assert_non_null(strstr(msg, i < 3 ? "T_max_kind" : "bad temperature"));
        assert_null(t.ranges); /* nothing half-loaded */
        lmds_error_clear();
        remove_data_dir(dir);
    }
    if (*saved)
        setenv("LMDS_DATA_DIR", saved, 1);
    else
        unsetenv("LMDS_DATA_DIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_separates_melting_from_solid_limits),
        cmocka_unit_test(test_identification_with_the_table),
        cmocka_unit_test(test_identification_mechanism),
        cmocka_unit_test(test_reader_refuses_bad_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
