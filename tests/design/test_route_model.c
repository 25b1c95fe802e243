/* The route model (src/design/route_*.c): the `routes` validation cases of data/routes/validation_cases.csv,
 * polymorph selection and brackets, the pipeline hook, connectivity, the liquid-sc verdict, and bad input.
 *
 * Most route cases compare lmds with the very row it stores (a 2D or confined measurement, the amorphous mean
 * that includes the reference value, a film measured at that thickness): those check the lookup path, not a
 * prediction, and each says so. The droplet cases are predictions of which polymorph forms (the selection map
 * and polymorphs.csv), compared with a Tc measured on droplets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmds/design.h>
#include <lmds/io.h>

#include "core/csv.h"
#include "lmds_test.h"

static lmds_route_model *M;

static int setup(void **state)
{
    (void)state;
    return lmds_route_model_load(NULL, NULL, &M) == LMDS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lmds_route_model_free(M);
    return 0;
}

/* What each routes case checks (see the file comment). */
static const struct { const char *name, *kind; } KIND[] = {
    {"ga_droplet_1mm", "prediction: polymorph chosen for a 1 mm droplet (alpha), Tc of the alpha row"},
    {"ga_droplet_15um", "prediction: polymorph chosen for 15 um droplets (beta), Tc of the beta row "
                        "(6.04 K, nanocalorimeter) against the 15 um droplet measurement 6.2 K"},
    {"ga_amorphous_film", "lookup: the mean of amorphous.csv, which stores the reference values"},
    {"bi_amorphous_film", "lookup: the mean of amorphous.csv, which stores the reference values"},
    {"al_film_3nm", "lookup: film_tc.csv has a row at 3 nm (the reference value)"},
    {"pb_film_2ml", "lookup: film_tc.csv has a row at 0.57 nm (the reference value)"},
    {"pb_film_1ml", "lookup: the two monolayer rows of film_tc.csv, the higher one reported"},
    {"ga_2ml_gan", "lookup: the genome's 2D row on GaN"},
    {"ga_porous_glass", "lookup: the genome's porous-glass rows (iota, kappa) with the selection's beta"}};

static const char *case_kind(const char *name)
{
    for (size_t i = 0; i < sizeof KIND / sizeof KIND[0]; i++)
        if (!strcmp(KIND[i].name, name)) return KIND[i].kind;
    return NULL;
}

static void test_validation_routes(void **state)
{
    (void)state;
    char path[512], *text = NULL;
    assert_int_equal(lmds_data_path("routes/validation_cases.csv", path, sizeof path), LMDS_OK);
    assert_int_equal(lmds_file_read(path, 0, &text, NULL), LMDS_OK);
    lmds_csv c;
    lmds_csv_init(&c, text);
    assert_int_equal(lmds_csv_next(&c), 1);
    int ic = lmds_csv_column(&c, "case"), is = lmds_csv_column(&c, "suite"), ie = lmds_csv_column(&c, "composition"),
        ir = lmds_csv_column(&c, "route"), iT = lmds_csv_column(&c, "T_store_K"),
        iv = lmds_csv_column(&c, "reference_value"), it = lmds_csv_column(&c, "tolerance"),
        iw = lmds_csv_column(&c, "tolerance_reason");
    assert_true(ic >= 0 && is >= 0 && ie >= 0 && ir >= 0 && iT >= 0 && iv >= 0 && it >= 0 && iw >= 0);
    int n = 0;
    while (lmds_csv_next(&c) == 1) {
        if (strcmp(c.fields[is], "routes")) continue;
        const char *kind = case_kind(c.fields[ic]);
        assert_non_null(kind); /* every routes case is classified as lookup or prediction */
        lmds_route r;
        lmds_route_answer a;
        assert_int_equal(lmds_route_read(c.fields[ir], &r), LMDS_OK);
        assert_int_equal(lmds_route_model_answer(M, c.fields[ie], &r, strtod(c.fields[iT], NULL), &a), LMDS_OK);
        char why[512];
        snprintf(why, sizeof why, "%s: %s; tolerance: %s", c.fields[ic], kind, c.fields[iw]);
        printf("  %-18s %-22s Tc %.3g K, reference %s +- %s K\n", c.fields[ic], c.fields[ir], a.tc_K, c.fields[iv],
               c.fields[it]);
        assert_abs_why(a.tc_K, strtod(c.fields[iv], NULL), strtod(c.fields[it], NULL), why);
        assert_true(a.known);
        n++;
    }
    assert_int_equal(n, 9);
    lmds_csv_clear(&c);
    free(text);
}

/* The droplet size changes the answer: 1 mm alpha, 15 um beta, 100 um unknown between them. */
static void test_droplet_size(void **state)
{
    (void)state;
    lmds_route r;
    lmds_route_answer a;
    assert_int_equal(lmds_route_read("droplet:100um", &r), LMDS_OK);
    assert_int_equal(lmds_route_model_answer(M, "Ga", &r, 4, &a), LMDS_OK);
    assert_int_equal(a.known, 0);
    assert_true(strstr(a.selection, "polymorph unknown") != NULL);
    assert_true(a.bracket_lo_nm < 1e5 && a.bracket_hi_nm > 1e5);
    assert_int_equal(a.nforms, 2); /* beta below, alpha above: both forms, never averaged */
    assert_true(a.tc_lo_K <= 1.1 && a.tc_hi_K >= 6.0);
    assert_int_equal(a.onset_only, 1);
    /* Storage at room temperature melts beta-Ga (256.8 K): said in the note. */
    assert_int_equal(lmds_route_read("droplet:15um", &r), LMDS_OK);
    assert_int_equal(lmds_route_model_answer(M, "Ga", &r, 298, &a), LMDS_OK);
    assert_true(strstr(a.note, "liquid in storage") != NULL);
}

/* Polymorphs keep their own rows: two Pb monolayer phases are two forms. */
static void test_forms_not_averaged(void **state)
{
    (void)state;
    lmds_route r;
    lmds_route_answer a;
    assert_int_equal(lmds_route_read("2d:Si(111)", &r), LMDS_OK);
    assert_int_equal(lmds_route_model_answer(M, "Pb", &r, 4, &a), LMDS_OK);
    assert_int_equal(a.nforms, 2);
    assert_lookup_equal(a.forms[0].tc_K, 1.83);
    assert_lookup_equal(a.forms[1].tc_K, 1.52);
}

static void test_hook(void **state)
{
    (void)state;
    lmds_route r;
    lmds_phase_tc ph;
    memset(&ph, 0, sizeof ph);
    assert_int_equal(lmds_comp_parse("Ga", NULL, &ph.comp), LMDS_OK);
    ph.tc_K = 1.083;
    assert_int_equal(lmds_route_read("droplet:15um", &r), LMDS_OK);
    assert_int_equal(lmds_route_apply(M, &r, 4, &ph), LMDS_OK);
    assert_lookup_equal(ph.tc_route_K, 6.04);
    assert_true(strstr(ph.route_note, "beta") && strstr(ph.route_note, "onset only"));
    /* A Ga-rich phase of an alloy: the polymorph is unknown, the range of the pure-Ga forms is reported. */
    assert_int_equal(lmds_comp_parse("Ga95In5", NULL, &ph.comp), LMDS_OK);
    assert_int_equal(lmds_route_apply(M, &r, 4, &ph), LMDS_OK);
    assert_true(strstr(ph.route_note, "unknown") != NULL);
    /* Bulk and phases of no single element are left to the pipeline. */
    assert_int_equal(lmds_comp_parse("In3Sn", NULL, &ph.comp), LMDS_OK);
    assert_int_equal(lmds_route_apply(M, &r, 4, &ph), LMDS_ENODATA);
}

static void test_connectivity(void **state)
{
    (void)state;
    double th;
    int dim, zr;
    assert_int_equal(lmds_route_connectivity(M, "dispersed particles", 0.10, &th, &dim, &zr, NULL), LMDS_OK);
    assert_lookup_equal(th, 0.16);
    assert_int_equal(zr, 0); /* below the threshold: onset only */
    assert_int_equal(lmds_route_connectivity(M, "dispersed particles", 0.20, NULL, NULL, &zr, NULL), LMDS_OK);
    assert_int_equal(zr, 1);
    assert_int_equal(lmds_route_connectivity(M, "granular array", 0.9, NULL, NULL, &zr, NULL), LMDS_OK);
    assert_int_equal(zr, 0); /* a granular array never implies zero resistance */
    assert_int_equal(lmds_route_connectivity(M, "lamellar eutectic", 0.01, NULL, &dim, &zr, NULL), LMDS_OK);
    assert_int_equal(zr, 1);
    assert_int_equal(lmds_route_connectivity(M, "dispersed particles", NAN, NULL, NULL, &zr, NULL), LMDS_EINVAL);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#define FAM_HEAD "family,composition,liquidus_K,lowest_liquid_K,lowest_liquid_method,glass_transition_K," \
                 "disordered_solid,disordered_Tc_K,reference,notes,verification\n"

/* The shipped families all answer "no" (Ga is the closest: 12 K liquid against 8.4 K amorphous Ga); a synthetic
 * family whose liquid reaches below its disordered solid's Tc answers "yes". */
static void test_liquid_sc(void **state)
{
    (void)state;
    lmds_liquid_verdict *v = NULL;
    int n = 0;
    assert_int_equal(lmds_liquid_sc_assess(NULL, &v, &n), LMDS_OK);
    for (int i = 0; i < n; i++) {
        assert_true(strcmp(v[i].verdict, "yes") != 0);
        if (!strcmp(v[i].family, "Ga")) {
            assert_string_equal(v[i].verdict, "no");
            assert_lookup_equal(v[i].margin_K, 12.0 - 8.4);
        }
        if (!strcmp(v[i].family, "liquid metallic hydrogen")) assert_string_equal(v[i].verdict, "theory only");
    }
    lmds_liquid_verdicts_free(v);
    char path[] = "/tmp/lmds_families_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, FAM_HEAD "Synthetic,X,300,5,made up,,amorphous X,9,test,,derived\n");
    assert_int_equal(lmds_liquid_sc_assess(path, &v, &n), LMDS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].verdict, "yes");
    lmds_liquid_verdicts_free(v);
    write_file(path, FAM_HEAD "Bad,X,300,five,made up,,amorphous X,9,test,,derived\n");
    assert_int_equal(lmds_liquid_sc_assess(path, &v, &n), LMDS_EPARSE);
    assert_null(v);
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 11); /* "five" */
    unlink(path);
}

static void test_bad_input(void **state)
{
    (void)state;
    lmds_route r;
    const char *file;
    int line, col;
    assert_int_equal(lmds_route_read("warp:3", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_read("droplet:-3nm", &r), LMDS_EPARSE);
    lmds_errloc(&file, &line, &col);
    assert_int_equal(col, 9);
    assert_int_equal(lmds_route_read("droplet:nan", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_read("film:3parsec", &r), LMDS_EPARSE);
    lmds_errloc(&file, &line, &col);
    assert_int_equal(col, 7);
    assert_int_equal(lmds_route_read("2d", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_read("amorphous:3nm", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_read("2d:Ga N", &r), LMDS_EPARSE);
    lmds_errloc(&file, &line, &col);
    assert_int_equal(col, 6);
    lmds_route_answer a;
    assert_int_equal(lmds_route_read("droplet:15um", &r), LMDS_OK);
    assert_int_equal(lmds_route_model_answer(M, "Xx", &r, 4, &a), LMDS_EINVAL);
    assert_int_equal(lmds_route_model_answer(M, "Ga", &r, NAN, &a), LMDS_EINVAL);
    r.size_nm = -1;
    assert_int_equal(lmds_route_model_answer(M, "Ga", &r, 4, &a), LMDS_EINVAL);
    r.size_nm = NAN;
    assert_int_equal(lmds_route_model_answer(M, "Ga", &r, 4, &a), LMDS_EINVAL);
    assert_int_equal(lmds_route_read("2d:graphene", &r), LMDS_OK);
    assert_int_equal(lmds_route_model_answer(M, "Zn", &r, 4, &a), LMDS_ENODATA);
    /* Spelling round trip. */
    char buf[64];
    assert_int_equal(lmds_route_read("droplet:15um", &r), LMDS_OK);
    lmds_route_spell(&r, buf, sizeof buf);
    assert_string_equal(buf, "droplet:15um");
    assert_int_equal(lmds_route_read("confined:porous-glass", &r), LMDS_OK);
    lmds_route_spell(&r, buf, sizeof buf);
    assert_string_equal(buf, "confined:porous-glass");
    lmds_route_model *m = NULL;
    assert_int_equal(lmds_route_model_load("/nonexistent", NULL, &m), LMDS_EIO);
    assert_null(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_routes), cmocka_unit_test(test_droplet_size),
        cmocka_unit_test(test_forms_not_averaged), cmocka_unit_test(test_hook),
        cmocka_unit_test(test_connectivity), cmocka_unit_test(test_liquid_sc), cmocka_unit_test(test_bad_input)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
