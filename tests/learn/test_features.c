/* Features of the Tc learner against matminer's Magpie vectors, Hamidieh's Table 2 and hand-computed values. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <lmds.h>

/* Private kernel under test (src/learn/features.c). */
void lmds_learn_hamidieh_stats(const double *t, const double *p, int n, double *out);

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, fp) != (size_t)n) n = 0;
    b[n] = 0;
    fclose(fp);
    return b;
}

static void close_rel(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(fabs(want), 1.0);
    if (!(fabs(got - want) <= tol)) fail_msg("%s: got %.17g want %.17g (tol %.3g)", what, got, want, tol);
}

static lmds_comp parse(const char *s)
{
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(s, NULL, &c), LMDS_OK);
    return c;
}

/* Every Magpie feature of the reference compositions equals matminer's ElementProperty.from_preset("magpie")
 * value (tests/fixtures/learn/feature_test_vectors.json). Tolerance 1e-9 relative (floor 1 for values near 0):
 * the element columns are verbatim copies of the same tables, so only summation order differs. */
static void test_magpie_matches_matminer(void **state)
{
    (void)state;
    char *text = slurp(LMDS_FIXTURE_DIR "/learn/feature_test_vectors.json");
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    cJSON *mag = cJSON_GetObjectItem(root, "magpie");
    assert_non_null(mag);
    lmds_learn_featurizer *f;
    assert_int_equal(lmds_learn_featurizer_new("magpie", &f), LMDS_OK);
    assert_int_equal(lmds_learn_featurizer_count(f), 132);
    double v[132];
    int ncomp = 0, nval = 0;
    cJSON *comp;
    cJSON_ArrayForEach(comp, mag)
    {
        lmds_comp c = parse(comp->string);
        assert_int_equal(lmds_learn_features(f, &c, v), LMDS_OK);
        /* Same order and names as matminer. */
        size_t k = 0;
        cJSON *feat;
        cJSON_ArrayForEach(feat, comp)
        {
            assert_string_equal(lmds_learn_featurizer_name(f, k), feat->string);
            char what[256];
            snprintf(what, sizeof what, "%s %s", comp->string, feat->string);
            close_rel(v[k], feat->valuedouble, 1e-9, what);
            k++;
            nval++;
        }
        assert_int_equal(k, 132);
        ncomp++;
    }
    assert_true(ncomp >= 7);
    assert_int_equal(nval, 132 * ncomp);
    lmds_learn_featurizer_free(f);
    cJSON_Delete(root);
    free(text);
}

/* Hamidieh (2018) Table 2: thermal conductivity statistics of Re6Zr1 (Re 48, Zr 23 W/(m K)), exactly as the
 * reference file gives them (1e-12 relative: same arithmetic). */
static void test_hamidieh_table2(void **state)
{
    (void)state;
    char *text = slurp(LMDS_FIXTURE_DIR "/learn/feature_test_vectors.json");
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    cJSON *blk = cJSON_GetObjectItem(root, "hamidieh_Re6Zr1_ThermalConductivity");
    cJSON *vals = cJSON_GetObjectItem(blk, "values");
    assert_int_equal(cJSON_GetArraySize(vals), 10);
    double t[2] = {48.0, 23.0}, p[2] = {6.0 / 7.0, 1.0 / 7.0}, out[10];
    lmds_learn_hamidieh_stats(t, p, 2, out);
    for (int i = 0; i < 10; i++) close_rel(out[i], cJSON_GetArrayItem(vals, i)->valuedouble, 1e-12, "Re6Zr1");
    cJSON_Delete(root);
    free(text);
}

/* Hand-computed: Ga3In, Magpie Number statistics and valence fractions from the element table. */
static void test_hand_computed(void **state)
{
    (void)state;
    lmds_learn_featurizer *f;
    assert_int_equal(lmds_learn_featurizer_new("default", &f), LMDS_OK);
    size_t nf = lmds_learn_featurizer_count(f);
    double *v = malloc(nf * sizeof *v);
    lmds_comp c = parse("Ga3In");
    assert_int_equal(lmds_learn_features(f, &c, v), LMDS_OK);
    /* Z: Ga 31, In 49, x = 0.75, 0.25. mean 35.5; avg_dev = 0.75*4.5 + 0.25*13.5 = 6.75; mode 31. */
    close_rel(v[0], 31, 1e-15, "min Z");
    close_rel(v[1], 49, 1e-15, "max Z");
    close_rel(v[2], 18, 1e-15, "range Z");
    close_rel(v[3], 35.5, 1e-15, "mean Z");
    close_rel(v[4], 6.75, 1e-15, "avg_dev Z");
    close_rel(v[5], 31, 1e-15, "mode Z");
    /* Valence block at the end: n elements, then s, p, d fractions. Ga and In both 2 s, 1 p, 10 d, 0 f. */
    size_t j = nf - 5;
    assert_string_equal(lmds_learn_featurizer_name(f, j), "number_of_elements");
    close_rel(v[j], 2, 0, "nelements");
    close_rel(v[j + 1], 2.0 / 13.0, 1e-15, "frac s");
    close_rel(v[j + 2], 1.0 / 13.0, 1e-15, "frac p");
    close_rel(v[j + 3], 10.0 / 13.0, 1e-15, "frac d");
    close_rel(v[j + 4], 0, 1e-15, "frac f");
    /* Hamidieh block: wtd_mean of atomic mass = 0.75 m(Ga) + 0.25 m(In) with the table's masses. */
    size_t k = 0;
    while (k < nf && strcmp(lmds_learn_featurizer_name(f, k), "wtd_mean_atomic_mass_u") != 0) k++;
    assert_true(k < nf);
    close_rel(v[k], 0.75 * lmds_element_mass(31) + 0.25 * lmds_element_mass(49), 1e-12, "wtd mean mass");
    /* Tie in fractions (NbTi): matminer's mode is the smaller value. */
    c = parse("NbTi");
    assert_int_equal(lmds_learn_features(f, &c, v), LMDS_OK);
    close_rel(v[5], 22, 0, "mode Z tie");
    free(v);
    lmds_learn_featurizer_free(f);
}

/* The matrix path (float, OpenMP) equals the double path to float precision, and a bad row is reported by index. */
static void test_matrix_and_errors(void **state)
{
    (void)state;
    lmds_learn_featurizer *f;
    assert_int_equal(lmds_learn_featurizer_new("magpie+valence", &f), LMDS_OK);
    size_t nf = lmds_learn_featurizer_count(f);
    assert_int_equal(nf, 137);
    const char *src[] = {"MgB2", "Nb3Sn", "YBa2Cu3O7", "Ga", "H3S"};
    lmds_comp c[5];
    for (int i = 0; i < 5; i++) c[i] = parse(src[i]);
    float *X = malloc(5 * nf * sizeof *X);
    double *v = malloc(nf * sizeof *v);
    assert_int_equal(lmds_learn_features_matrix(f, c, 5, X, NULL), LMDS_OK);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(lmds_learn_features(f, &c[i], v), LMDS_OK);
        for (size_t k = 0; k < nf; k++) close_rel(X[i * nf + k], v[k], 1e-6, "float matrix");
    }
    /* He has no Magpie space group / melting data in some columns? Use an element whose data is missing:
     * find one with a NaN Magpie property, so the error must name it. */
    int zbad = 0, pbad = -1;
    for (int z = 1; z <= LMDS_ZMAX && !zbad; z++) {
        for (int k = 0; k < lmds_element_nprops(); k++) {
            const char *nm = lmds_element_prop_name(k);
            if (strncmp(nm, "magpie_", 7) == 0 && isnan(lmds_element_get(z, k))) {
                zbad = z;
                pbad = k;
                break;
            }
        }
    }
    if (zbad) {
        int zz[2] = {26, zbad};
        double am[2] = {1, 1};
        assert_int_equal(lmds_comp_from_amounts(2, zz, am, &c[2]), LMDS_OK);
        size_t bad = 99;
        assert_int_equal(lmds_learn_features_matrix(f, c, 5, X, &bad), LMDS_ENODATA);
        assert_int_equal(bad, 2);
        assert_non_null(strstr(lmds_errmsg(), lmds_element_symbol(zbad)));
        assert_non_null(strstr(lmds_errmsg(), lmds_element_prop_name(pbad)));
    }
    lmds_learn_featurizer *g;
    assert_int_equal(lmds_learn_featurizer_new("magpie+nonsense", &g), LMDS_ENOTFOUND);
    assert_non_null(strstr(lmds_errmsg(), "nonsense"));
    free(X);
    free(v);
    lmds_learn_featurizer_free(f);
}

/* Hamidieh's cleaning of raw SuperCon formulas (the parse_formula vectors of the reference file). */
static void test_clean_formula(void **state)
{
    (void)state;
    char buf[128];
    int ch, ph;
    struct {
        const char *raw, *want;
        int changed, placeholder;
    } cases[] = {
        {"Y1Ba2Cu3O7-X", "Y1Ba2Cu3O7", 1, 0},   {"Bi2Sr2Ca1Cu2O8+Z", "Bi2Sr2Ca1Cu2O8", 1, 0},
        {"Ba0.2La1.8Cu1O4-Y", "Ba0.2La1.8Cu1O4", 1, 0}, {"Hg1Sr2Ho0.333Ce0.667Cu2O6=z", "Hg1Sr2Ho0.333Ce0.667Cu2O6", 1, 0},
        {"Tl1Sr2Ca2Cu3Oz", "Tl1Sr2Ca2Cu3O", 1, 1}, {"La1.84Sr0.16Cu1OZ", "La1.84Sr0.16Cu1O", 1, 1},
        {"Dy1Ba2Cu3O7", "Dy1Ba2Cu3O7", 0, 0},    {"Nb3Sn", "Nb3Sn", 0, 0}, {"Y1Zn2", "Y1Zn2", 0, 0},
        {"Nd1.85Ce0.15Cu1O4-d", "Nd1.85Ce0.15Cu1O4", 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(lmds_learn_clean_formula(cases[i].raw, buf, sizeof buf, &ch, &ph), LMDS_OK);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(ch, cases[i].changed);
        assert_int_equal(ph, cases[i].placeholder);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magpie_matches_matminer), cmocka_unit_test(test_hamidieh_table2),
        cmocka_unit_test(test_hand_computed),           cmocka_unit_test(test_matrix_and_errors),
        cmocka_unit_test(test_clean_formula),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
