/* The user's genome: an import without an explicit file goes to the user genome (created on first use), the
 * default open reads it layered over the shipped genome with its rows marked, a rebuild of the shipped genome
 * keeps it, and a build never writes it. Reserved dataset names and the build's guard against discarding imports.
 * The values read back here are the values this test imports: these are lookups of stored rows, not predictions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "lmds.h"
#include "lmds_test.h"
#include "genome_test_util.h"

static char shipped[512], user[512];

/* Two measurements of the user's: a composition the shipped genome does not hold, and Ga under pressure. */
static const char USER_CSV[] =
    "material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,value_type,notes\n"
    "user test phase,Ga2In5Sn9,bulk,0,4.321,,user test reference A,,measured,\n"
    "user Ga under pressure,Ga,bulk,5.5,6.789,,user test reference B,,measured,\n";

static int setup(void **state)
{
    (void)state;
    snprintf(shipped, sizeof shipped, "%s", scratch("shipped.sqlite"));
    /* The user genome in a folder that does not exist yet: the first import creates it. */
    snprintf(user, sizeof user, "%s", scratch("xdg/lmds/genome.sqlite"));
    setenv("LMDS_DB", shipped, 1);
    setenv("LMDS_USER_DB", user, 1);
    if (lmds_genome_build(shipped, LMDS_SOURCE_DATA_DIR, NULL) != LMDS_OK) {
        fprintf(stderr, "build failed: %s\n", lmds_errmsg());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scratch_cleanup();
    return 0;
}

static size_t count_formula(lmds_genome *g, const char *formula, const char *layer)
{
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.formula = formula;
    lmds_genome_rows *r = NULL;
    assert_int_equal(lmds_genome_query(g, &f, &r), LMDS_OK);
    size_t n = 0;
    for (size_t i = 0; i < r->nrows; i++) n += !layer || strcmp(lmds_genome_rows_get(r, i, "layer"), layer) == 0;
    lmds_genome_rows_free(r);
    return n;
}

/* The rows of the user's import, seen through the default (layered) open. */
static void check_layered(void)
{
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open_default(&g), LMDS_OK);
    assert_string_equal(lmds_genome_user_layer(g), user);
    assert_int_equal(count_formula(g, "Ga2In5Sn9", "user"), 1);
    assert_int_equal(count_formula(g, "Ga2In5Sn9", NULL), 1);
    assert_true(count_formula(g, "Ga", "shipped") > 10);
    assert_int_equal(count_formula(g, "Ga", "user"), 1);
    /* The Tc lookup sees the user's row, with its pressure and its origin. */
    lmds_comp c;
    lmds_genome_tc_query q;
    lmds_genome_tc_value v;
    assert_int_equal(lmds_comp_parse("Ga2In5Sn9", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_genome_tc_lookup(g, &c, NULL, &v), LMDS_OK);
    assert_lookup_equal(v.tc_K, 4.321);
    assert_int_equal(v.user, 1);
    assert_true(v.value_id >= (1LL << 40));
    assert_int_equal(lmds_comp_parse("Ga", NULL, &c), LMDS_OK);
    lmds_genome_tc_query_init(&q);
    q.P_GPa = 5.5;
    assert_int_equal(lmds_genome_tc_lookup(g, &c, &q, &v), LMDS_OK);
    assert_lookup_equal(v.tc_K, 6.789);
    assert_lookup_equal(v.P_GPa, 5.5);
    /* show gathers Ga's rows of both files. */
    lmds_genome_rows *m = NULL, *vals = NULL;
    assert_int_equal(lmds_genome_show(g, "Ga", &m, &vals), LMDS_OK);
    int users = 0, shipped_rows = 0;
    for (size_t i = 0; i < vals->nrows; i++) {
        const char *layer = lmds_genome_rows_get(vals, i, "layer");
        users += layer && strcmp(layer, "user") == 0;
        shipped_rows += layer && strcmp(layer, "shipped") == 0;
    }
    assert_true(users >= 1 && shipped_rows > 10);
    lmds_genome_rows_free(m);
    lmds_genome_rows_free(vals);
    /* An import through the layered handle is refused: the shipped genome is read-only to the program. */
    assert_int_equal(lmds_genome_import(g, scratch("user.csv"), LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL),
                     LMDS_EINVAL);
    lmds_genome_close(g);
}

static void test_import_survives_rebuild(void **state)
{
    (void)state;
    const char *csv = scratch("user.csv");
    write_text(csv, USER_CSV);
    struct stat sb;
    assert_int_not_equal(stat(user, &sb), 0); /* no user genome before the first import */
    lmds_genome *u = NULL;
    assert_int_equal(lmds_genome_open(NULL, 0, &u), LMDS_OK); /* path NULL, read-write = the user genome */
    assert_string_equal(lmds_genome_path(u), user);
    lmds_genome_import_report rep;
    assert_int_equal(lmds_genome_import(u, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, &rep), LMDS_OK);
    assert_int_equal(rep.inserted, 2);
    char before[65], after[65];
    assert_int_equal(lmds_genome_content_hash(u, before), LMDS_OK);
    lmds_genome_close(u);
    check_layered();
    /* Rebuild the shipped genome: allowed (it holds only shipped sources), and the user's rows stay. */
    assert_int_equal(lmds_genome_build(shipped, LMDS_SOURCE_DATA_DIR, NULL), LMDS_OK);
    check_layered();
    /* A build aimed at the user genome is refused, even with force, and leaves it as it was. */
    lmds_genome_build_opts o;
    lmds_genome_build_opts_init(&o);
    o.data_dir = LMDS_SOURCE_DATA_DIR;
    o.force = 1;
    assert_int_equal(lmds_genome_build_with(user, &o, NULL), LMDS_EINVAL);
    assert_non_null(strstr(lmds_errmsg(), "user genome"));
    assert_int_equal(lmds_genome_open(user, 1, &u), LMDS_OK);
    assert_int_equal(lmds_genome_content_hash(u, after), LMDS_OK);
    assert_string_equal(before, after);
    lmds_genome_close(u);
}

static void test_reserved_dataset_names(void **state)
{
    (void)state;
    const char *csv = scratch("curated.csv"), *db = scratch("reserved.sqlite");
    write_text(csv, USER_CSV);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    lmds_genome_import_opts o = {0};
    o.dataset = "stanev2018";
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL), LMDS_EINVAL);
    assert_non_null(strstr(lmds_errmsg(), "reserved"));
    /* The name derived from the file ("curated") is refused as well. */
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_EINVAL);
    o.dataset = "my_measurements";
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, &o, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_true(lmds_genome_dataset_reserved("curated") && !lmds_genome_dataset_reserved("my_measurements"));
}

/* db build onto a file holding imports, or onto something that is not a genome, needs force. */
static void test_build_guards_imports(void **state)
{
    (void)state;
    const char *db = scratch("with_imports.sqlite"), *csv = scratch("mine.csv"), *text = scratch("notes.sqlite"),
               *empty = scratch("empty.sqlite");
    write_text(csv, USER_CSV);
    /* A small data folder (the curated file only) keeps the forced builds short; the guard runs before any
     * source is read. */
    char data[600], cmd[1400];
    snprintf(data, sizeof data, "%s", scratch("small_data"));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/genome' && cp '%s/genome/lmds_superconductors.csv' '%s/genome/'", data,
             LMDS_SOURCE_DATA_DIR, data);
    assert_int_equal(system(cmd), 0);
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_build(db, data, NULL), LMDS_OK);
    lmds_warnings_clear(); /* the sources missing from the small folder */
    assert_int_equal(lmds_genome_open(db, 0, &g), LMDS_OK);
    assert_int_equal(lmds_genome_import(g, csv, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_int_equal(lmds_genome_build(db, data, NULL), LMDS_EINVAL);
    assert_non_null(strstr(lmds_errmsg(), "mine"));
    assert_int_equal(lmds_genome_open(db, 1, &g), LMDS_OK);
    assert_int_equal(count_formula(g, "Ga2In5Sn9", NULL), 1); /* still there */
    lmds_genome_close(g);
    lmds_genome_build_opts o;
    lmds_genome_build_opts_init(&o);
    o.data_dir = data;
    o.force = 1;
    assert_int_equal(lmds_genome_build_with(db, &o, NULL), LMDS_OK);
    assert_int_equal(lmds_genome_open(db, 1, &g), LMDS_OK);
    assert_int_equal(count_formula(g, "Ga2In5Sn9", NULL), 0);
    lmds_genome_close(g);
    write_text(text, "my notes, not a database, long enough to look like a header of some sort.........\n");
    assert_int_equal(lmds_genome_build(text, data, NULL), LMDS_EINVAL);
    assert_non_null(strstr(lmds_errmsg(), "not a readable lmds genome"));
    assert_int_equal(lmds_genome_build_with(text, &o, NULL), LMDS_OK);
    write_text(empty, "");
    assert_int_equal(lmds_genome_build(empty, data, NULL), LMDS_OK);
    lmds_warnings_clear();
}

/* A user genome that cannot be read is an error of the default open, not silently left out. */
static void test_bad_user_genome(void **state)
{
    (void)state;
    const char *other = scratch("other_user.sqlite");
    setenv("LMDS_USER_DB", other, 1);
    /* A genome with data but not marked as a user genome (ids would collide with the shipped genome's). */
    lmds_genome *g = NULL;
    assert_int_equal(lmds_genome_open(other, 0, &g), LMDS_OK);
    write_text(scratch("x.csv"), USER_CSV);
    assert_int_equal(lmds_genome_import(g, scratch("x.csv"), LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL), LMDS_OK);
    lmds_genome_close(g);
    assert_int_equal(lmds_genome_open_default(&g), LMDS_EDB);
    assert_null(g);
    assert_non_null(strstr(lmds_errmsg(), "not a user genome"));
    assert_int_equal(lmds_genome_open_user(&g), LMDS_EINVAL);
    assert_null(g);
    write_text(other, "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage\n");
    assert_int_equal(lmds_genome_open(NULL, 1, &g), LMDS_EDB);
    assert_non_null(strstr(lmds_errmsg(), "user genome"));
    /* No user genome at all: the shipped genome alone. */
    setenv("LMDS_USER_DB", scratch("none/genome.sqlite"), 1);
    assert_int_equal(lmds_genome_open_default(&g), LMDS_OK);
    assert_null(lmds_genome_user_layer(g));
    lmds_genome_close(g);
    setenv("LMDS_USER_DB", user, 1);
}

static void test_user_path(void **state)
{
    (void)state;
    unsetenv("LMDS_USER_DB");
    setenv("XDG_DATA_HOME", "/xdg/data", 1);
    assert_string_equal(lmds_genome_user_path(), "/xdg/data/lmds/genome.sqlite");
    setenv("XDG_DATA_HOME", "relative/ignored", 1); /* the XDG specification: relative paths are invalid */
    setenv("HOME", "/home/someone", 1);
    assert_string_equal(lmds_genome_user_path(), "/home/someone/.local/share/lmds/genome.sqlite");
    setenv("LMDS_USER_DB", user, 1);
    assert_string_equal(lmds_genome_user_path(), user);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_survives_rebuild), cmocka_unit_test(test_reserved_dataset_names),
        cmocka_unit_test(test_build_guards_imports),    cmocka_unit_test(test_bad_user_genome),
        cmocka_unit_test(test_user_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
