/* The constructor contract of the public API (STYLE.md, include/lmds/core.h): every function that hands back
 * an allocated object through an `out` pointer sets *out = NULL when it fails, so a caller may free it
 * unconditionally. Each public function of the headers in include/lmds/ with such an output is called here with input that
 * must fail and an output pre-set to a garbage address; the test checks the failure status and that every output
 * pointer became NULL (a free of the garbage address would crash under ASan). Every offender is listed before the
 * test fails. The list follows the headers: a new constructor belongs here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <lmds.h>
#include <lmds/io.h>

#define GARBAGE ((void *)(uintptr_t)0xDEADBEEF)
#define NOWHERE "/nonexistent-lmds-dir/none"

/* Fill an output pointer of any object type with the garbage address. */
#define SPOIL(p) ((p) = GARBAGE)
/* Offences found so far in the running test. */
static int offences;

/* The call must fail and leave the output NULL; an offence is reported with the call and counted. */
static void check(lmds_status st, const void *p, const char *call, int line)
{
    if (st == LMDS_OK) {
        print_error("line %d: %s succeeded on input that must fail\n", line, call);
        offences++;
    } else if (p != NULL) {
        print_error("line %d: %s failed (%s) but left its output %s\n", line, call, lmds_errmsg(),
                    p == GARBAGE ? "untouched" : "non-NULL");
        offences++;
    }
}
#define FAILED_NULL(call, p)                                                                                       \
    do {                                                                                                          \
        lmds_status st1_ = (call); /* before reading p: argument order is unspecified */                          \
        check(st1_, (p), #call, __LINE__);                                                                        \
        lmds_error_clear();                                                                                       \
    } while (0)
#define FAILED_NULL2(call, p, q)                                                                                   \
    do {                                                                                                          \
        lmds_status st2_ = (call);                                                                                \
        check(st2_, (p), #call " (first output)", __LINE__);                                                      \
        check(st2_, (q), #call " (second output)", __LINE__);                                                     \
        lmds_error_clear();                                                                                       \
    } while (0)

static int reset(void **state)
{
    (void)state;
    offences = 0;
    return 0;
}

static int verdict(void **state)
{
    (void)state;
    return offences ? -1 : 0;
}

static void test_core_io(void **state)
{
    (void)state;
    char *text;
    size_t len = 7;
    SPOIL(text);
    FAILED_NULL(lmds_file_read(NOWHERE, 1024, &text, &len), text);
    lmds_ofile *of;
    SPOIL(of);
    FAILED_NULL(lmds_ofile_open(NOWHERE "/out.txt", NULL, &of), of);
}

static void test_thermo(void **state)
{
    (void)state;
    lmds_tdb *db;
    SPOIL(db);
    FAILED_NULL(lmds_tdb_load(NOWHERE ".tdb", &db), db);
    SPOIL(db);
    const char bad[] = "ELEM A X 1 0 0 !\nFUNC G1 298.15 +1000*T*; 6000 N !\n"; /* a dangling '*' */
    FAILED_NULL(lmds_tdb_load_buffer(bad, sizeof bad - 1, "bad.tdb", &db), db);

    lmds_invariant *inv;
    int ninv = 3;
    SPOIL(inv);
    FAILED_NULL(lmds_thermo_invariants(NULL, 0, NULL, 300, 400, &inv, &ninv), inv);
    lmds_solidify_path *path;
    SPOIL(path);
    FAILED_NULL(lmds_thermo_solidify(NULL, NULL, 300, 0, &path), path);
    lmds_assessment *as;
    SPOIL(as);
    FAILED_NULL(lmds_thermo_assess(NULL, NOWHERE ".csv", NULL, &as), as);
}

/* The default database is found through the data folder: an empty data folder makes it fail. */
static void test_thermo_default(void **state)
{
    (void)state;
    char *old = getenv("LMDS_DATA_DIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("LMDS_DATA_DIR", NOWHERE, 1);
    lmds_tdb *db;
    SPOIL(db);
    FAILED_NULL(lmds_tdb_load_default(&db), db);
    if (saved) {
        setenv("LMDS_DATA_DIR", saved, 1);
        free(saved);
    } else {
        unsetenv("LMDS_DATA_DIR");
    }
}

static void test_supercon(void **state)
{
    (void)state;
    lmds_a2f *a;
    SPOIL(a);
    FAILED_NULL(lmds_a2f_load(NOWHERE ".OUT", NULL, &a), a);
    SPOIL(a);
    FAILED_NULL(lmds_a2f_parse("not a spectrum\n", 15, "bad", NULL, &a), a);
    SPOIL(a);
    double w[2] = {1.0, 2.0}, f[2] = {0.1, 0.2};
    FAILED_NULL(lmds_a2f_from_arrays(0, w, f, LMDS_FREQ_MEV, &a), a);
    SPOIL(a);
    FAILED_NULL(lmds_a2f_einstein(-1.0, 1.0, 0.1, &a), a);
    SPOIL(a);
    FAILED_NULL(lmds_a2f_scaled(NULL, 1.0, 1.0, &a), a);

    lmds_eliash_gap *gap;
    SPOIL(gap);
    FAILED_NULL(lmds_eliash_solve(NULL, NULL, 1.0, NULL, &gap), gap);
    lmds_eliash_curve *curve;
    SPOIL(curve);
    FAILED_NULL(lmds_eliash_curve_compute(NULL, NULL, 10, &curve), curve);
}

static void test_genome(void **state)
{
    (void)state;
    lmds_genome *g;
    SPOIL(g);
    FAILED_NULL(lmds_genome_open(NOWHERE ".sqlite", 1, &g), g);

    lmds_genome_rows *r, *r2;
    SPOIL(r);
    FAILED_NULL(lmds_genome_interactions(NULL, "Ga-In", &r), r);
    SPOIL(r);
    FAILED_NULL(lmds_genome_build(NOWHERE ".sqlite", NOWHERE, &r), r);
    SPOIL(r);
    FAILED_NULL(lmds_genome_build_tdb(NOWHERE ".sqlite", NOWHERE, NOWHERE ".tdb", NULL, 0, &r), r);
    SPOIL(r);
    lmds_genome_filter flt = {0};
    FAILED_NULL(lmds_genome_query(NULL, &flt, &r), r);
    SPOIL(r);
    SPOIL(r2);
    FAILED_NULL2(lmds_genome_show(NULL, "Ga", &r, &r2), r, r2);
    SPOIL(r);
    FAILED_NULL(lmds_genome_stats(NULL, "kind", &r), r);
    SPOIL(r);
    FAILED_NULL(lmds_genome_check(NULL, &r), r);

    lmds_genome_tc_row *rows;
    size_t n = 5;
    SPOIL(rows);
    FAILED_NULL(lmds_genome_tc_rows(NULL, "stanev2018", &rows, &n), rows);
    SPOIL(rows);
    FAILED_NULL(lmds_genome_tc_rejects(NULL, "stanev2018", &rows, &n), rows);
}

static void test_learn(void **state)
{
    (void)state;
    lmds_learn_featurizer *fz;
    SPOIL(fz);
    FAILED_NULL(lmds_learn_featurizer_new("no-such-preset", &fz), fz);
    lmds_learn_data *d;
    SPOIL(d);
    FAILED_NULL(lmds_learn_data_read(NOWHERE ".csv", NULL, &d), d);
    SPOIL(d);
    FAILED_NULL(lmds_learn_data_from_genome("no-such-dataset", NULL, &d), d);
    SPOIL(d);
    double tc = 1.0;
    FAILED_NULL(lmds_learn_data_from_arrays(NULL, &tc, 1, &d), d);
    lmds_learn_model *m;
    SPOIL(m);
    FAILED_NULL(lmds_learn_train(NULL, NULL, NULL, &m), m);
    SPOIL(m);
    FAILED_NULL(lmds_learn_model_load(NOWHERE ".model", &m), m);
}

static void test_tunnel(void **state)
{
    (void)state;
    char **names;
    size_t n = 4;
    SPOIL(names);
    FAILED_NULL(lmds_tunnel_material_names(NOWHERE ".csv", &names, &n), names);
    double *T, *rho;
    SPOIL(T);
    SPOIL(rho);
    FAILED_NULL2(lmds_tunnel_rho_data_load(NOWHERE ".csv", "Pb", 0.0, &T, &rho, &n), T, rho);
    lmds_tunnel_score *sc;
    SPOIL(sc);
    FAILED_NULL(lmds_tunnel_score_run(NOWHERE "-m.csv", NOWHERE "-t.csv", &sc), sc);
}

static void test_design(void **state)
{
    (void)state;
    lmds_predictor *p;
    lmds_predictor_opts o = {.tdb_path = NOWHERE ".tdb", .no_model = 1};
    SPOIL(p);
    FAILED_NULL(lmds_predictor_new(&o, &p), p);

    struct lmds_solidify_path *eq, *scheil;
    SPOIL(eq);
    SPOIL(scheil);
    FAILED_NULL2(lmds_predict_paths(NULL, NULL, 300, &eq, &scheil), eq, scheil);

    lmds_design_result *r;
    lmds_design_problem prob;
    lmds_design_problem_init(&prob, 2, 1, NULL, NULL); /* no evaluator: invalid */
    SPOIL(r);
    FAILED_NULL(lmds_design_grid(&prob, 10, 0, &r), r);
    SPOIL(r);
    FAILED_NULL(lmds_design_nsga2(&prob, NULL, &r), r);

    lmds_design_outcome *out;
    SPOIL(out);
    FAILED_NULL(lmds_design_run(NULL, NULL, NULL, NULL, &out), out);
}

int main(void)
{
    /* reset clears the count of offences; verdict fails the test when any was found (after listing them all). */
#define CASE(f) cmocka_unit_test_setup_teardown(f, reset, verdict)
    const struct CMUnitTest tests[] = {
        CASE(test_core_io), CASE(test_thermo), CASE(test_thermo_default), CASE(test_supercon),
        CASE(test_genome),  CASE(test_learn),  CASE(test_tunnel),         CASE(test_design),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
