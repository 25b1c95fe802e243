/* Training, prediction, model files, data reading and cross-validation of the Tc learner. */
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
#include "learn/learn_private.h" /* lmds_learn_calibration_fit: calibration is private */

#include "lmds_test.h"

/* A synthetic set with a known answer: Nb(x)Ti(1-x) alloys with Tc = 2 + 10 x K, plus Cu(x)Ag(1-x) with Tc = 0
 * (the classifier's negatives). */
#define NSYN 120
static lmds_comp syn_comp[2 * NSYN];
static double syn_tc[2 * NSYN];

static double known_tc(double x) { return 2.0 + 10.0 * x; }

static void make_synthetic(void)
{
    int nbti[2] = {41, 22}, cuag[2] = {29, 47};
    for (int i = 0; i < NSYN; i++) {
        double x = (i + 0.5) / NSYN, am[2] = {x, 1 - x};
        assert_int_equal(lmds_comp_from_amounts(2, nbti, am, &syn_comp[i]), LMDS_OK);
        syn_tc[i] = known_tc(x);
        assert_int_equal(lmds_comp_from_amounts(2, cuag, am, &syn_comp[NSYN + i]), LMDS_OK);
        syn_tc[NSYN + i] = 0.0;
    }
}

static lmds_learn_params small_params(void)
{
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.features = "magpie";
    p.n_rounds = 120;
    p.max_depth = 4;
    p.eta = 0.2;
    p.subsample = 0.9;
    p.colsample = 1.0;
    p.n_ensemble = 3;
    p.cls_rounds = 40;
    /* One XGBoost thread: the checks do not depend on threading, and with two threads on a loaded machine the idle
     * OpenMP threads spin (unless OMP_WAIT_POLICY=PASSIVE), which made this file take minutes instead of seconds. */
    p.nthread = 1;
    return p;
}

static lmds_learn_model *train_synthetic(void)
{
    make_synthetic();
    lmds_learn_data *d;
    assert_int_equal(lmds_learn_data_from_arrays(syn_comp, syn_tc, 2 * NSYN, &d), LMDS_OK);
    lmds_learn_params p = small_params();
    lmds_learn_model *m = NULL;
    assert_int_equal(lmds_learn_train(d, d, &p, &m), LMDS_OK);
    lmds_learn_data_free(d);
    return m;
}

/* One model trained on the synthetic set, shared by the tests that only predict with it (training is the expensive
 * step; the tests that train with other data or options train their own). */
static int setup_synthetic(void **state)
{
    *state = train_synthetic();
    return *state ? 0 : -1;
}

static int teardown_synthetic(void **state)
{
    lmds_learn_model_free(*state);
    return 0;
}

/* The model recovers Tc = 2 + 10 x between the training points within 0.3 K (3 % of the 10 K span: trees are
 * piecewise constant on a grid of spacing 1/120, so the bound is loose but can fail if the learner is wrong),
 * says the Cu-Ag alloys do not superconduct and the Nb-Ti ones do. */
static void test_recovers_known_function(void **state)
{
    const lmds_learn_model *m = *state;
    int z[2] = {41, 22};
    lmds_comp c[5];
    double xs[5] = {0.11, 0.33, 0.5, 0.71, 0.93};
    for (int i = 0; i < 5; i++) {
        double am[2] = {xs[i], 1 - xs[i]};
        assert_int_equal(lmds_comp_from_amounts(2, z, am, &c[i]), LMDS_OK);
    }
    lmds_learn_prediction pr[5];
    assert_int_equal(lmds_learn_predict(m, c, 5, pr), LMDS_OK);
    for (int i = 0; i < 5; i++) {
        if (fabs(pr[i].tc_K - known_tc(xs[i])) > 0.3)
            fail_msg("x = %g: predicted %g K, known %g K", xs[i], pr[i].tc_K, known_tc(xs[i]));
        assert_true(pr[i].uncertainty_K >= 0);
        assert_true(pr[i].p_sc > 0.9);
        if (!pr[i].in_domain) fail_msg("x = %g out of domain: feature %d, %d out", xs[i], pr[i].worst_feature, pr[i].n_out_of_range);
    }
    /* Cu-Ag: not superconducting. Fe-Ga: Ga and Fe never seen -> out of domain. */
    lmds_comp o[2];
    assert_int_equal(lmds_comp_parse("Cu0.4Ag0.6", NULL, &o[0]), LMDS_OK);
    assert_int_equal(lmds_comp_parse("FeGa3", NULL, &o[1]), LMDS_OK);
    assert_int_equal(lmds_learn_predict(m, o, 2, pr), LMDS_OK);
    assert_true(pr[0].p_sc < 0.1);
    assert_int_equal(pr[1].in_domain, 0);
    assert_true(pr[1].unknown_z == 26 || pr[1].unknown_z == 31);
}

/* Save, load: identical predictions (bit for bit: same trees, same float features); the card survives. (The note and
 * metrics added to the shared model change its card only, not what the other tests predict.) */
static void test_round_trip(void **state)
{
    lmds_learn_model *m = *state;
    assert_int_equal(lmds_learn_model_set_note(m, "purpose", "unit test"), LMDS_OK);
    lmds_learn_metrics mt = {.n = 3, .rmse_K = 1.5, .mae_K = 1.0, .r2 = 0.5};
    assert_int_equal(lmds_learn_model_set_metrics(m, "random", &mt), LMDS_OK);
    char path[] = "/tmp/lmds_learn_test_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(lmds_learn_model_save(m, path), LMDS_OK);
    lmds_learn_model *m2 = NULL;
    assert_int_equal(lmds_learn_model_load(path, &m2), LMDS_OK);
    lmds_learn_prediction a[2 * NSYN], b[2 * NSYN];
    assert_int_equal(lmds_learn_predict(m, syn_comp, 2 * NSYN, a), LMDS_OK);
    assert_int_equal(lmds_learn_predict(m2, syn_comp, 2 * NSYN, b), LMDS_OK);
    for (int i = 0; i < 2 * NSYN; i++) {
        assert_true(a[i].tc_K == b[i].tc_K);
        assert_true(a[i].uncertainty_K == b[i].uncertainty_K);
        assert_true(a[i].p_sc == b[i].p_sc);
        assert_int_equal(a[i].in_domain, b[i].in_domain);
    }
    assert_non_null(strstr(lmds_learn_model_card(m2), "\"rmse_K\":1.5"));
    assert_non_null(strstr(lmds_learn_model_card(m2), "unit test"));

    /* Bad files: truncated, garbage, missing. */
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    fp = fopen(path, "wb");
    fwrite(buf, 1, (size_t)n / 2, fp);
    fclose(fp);
    lmds_learn_model *bad = NULL;
    assert_int_equal(lmds_learn_model_load(path, &bad), LMDS_EPARSE);
    assert_null(bad);
    assert_non_null(strstr(lmds_errmsg(), path));
    fp = fopen(path, "wb");
    fputs("this is not a model\n", fp);
    fclose(fp);
    assert_int_equal(lmds_learn_model_load(path, &bad), LMDS_EPARSE);
    /* Corrupt a booster byte range but keep the layout: XGBoost must refuse, and we must report it. */
    memset(buf + n - 200, 0x7f, 150);
    fp = fopen(path, "wb");
    fwrite(buf, 1, (size_t)n, fp);
    fclose(fp);
    lmds_status st = lmds_learn_model_load(path, &bad);
    if (st == LMDS_OK) lmds_learn_model_free(bad); /* UBJSON may still parse a corrupt float; not an error then */
    remove(path);
    assert_int_equal(lmds_learn_model_load(path, &bad), LMDS_ENOTFOUND);
    free(buf);
    lmds_learn_model_free(m2);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Reading training tables: cleaning counts, merging by median, and errors with a location. */
static void test_data_reading(void **state)
{
    (void)state;
    char path[] = "/tmp/lmds_learn_data_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    write_text(path, "name,Tc\n"
                     "Nb3Sn,18.0\n"
                     "Nb3Sn,17.0\n"
                     "Sn1Nb3,19.0\n" /* same reduced formula */
                     "YBa2Cu3O7-X,92\n"
                     "Y1Ba2Cu3OZ,90\n" /* oxygen placeholder: dropped */
                     "Xq2,5\n"          /* unparsable */
                     "MgB2,abc\n"       /* bad Tc */
                     "Cu,0\n");
    lmds_learn_data *d;
    assert_int_equal(lmds_learn_data_read(path, NULL, &d), LMDS_OK);
    assert_int_equal(d->n_read, 8);
    assert_int_equal(d->n, 5);
    assert_int_equal(d->n_variable_fixed, 1);
    assert_int_equal(d->n_oxygen_placeholder, 1);
    assert_int_equal(d->n_unparsed, 1);
    assert_int_equal(d->n_bad_tc, 1);
    assert_int_equal(lmds_learn_data_merge(d), LMDS_OK);
    assert_int_equal(d->n, 3);
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->rows[i].formula, "Nb3Sn") == 0) {
            assert_true(d->rows[i].tc_K == 18.0); /* median of 17, 18, 19 */
            assert_int_equal(d->rows[i].count, 3);
        }
    lmds_learn_data_free(d);

    write_text(path, "a,b\n1,2\n");
    assert_int_equal(lmds_learn_data_read(path, NULL, &d), LMDS_EPARSE);
    assert_non_null(strstr(lmds_errmsg(), path));
    write_text(path, "formula,Tc\nQq,1\n");
    assert_int_equal(lmds_learn_data_read(path, NULL, &d), LMDS_EPARSE);
    write_text(path, "formula,Tc,x\nNb,9.2,1\nTa\n");
    assert_int_equal(lmds_learn_data_read(path, NULL, &d), LMDS_EPARSE);
    const char *file;
    int line, col;
    lmds_errloc(&file, &line, &col);
    assert_int_equal(line, 3);
    remove(path);
    assert_int_equal(lmds_learn_data_read(path, NULL, &d), LMDS_EIO);

    lmds_comp c;
    double tc = -1;
    assert_int_equal(lmds_comp_parse("Nb", NULL, &c), LMDS_OK);
    assert_int_equal(lmds_learn_data_from_arrays(&c, &tc, 1, &d), LMDS_EINVAL);
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.max_depth = 0;
    tc = 9.2;
    assert_int_equal(lmds_learn_data_from_arrays(&c, &tc, 1, &d), LMDS_OK);
    lmds_learn_model *m = NULL;
    assert_int_equal(lmds_learn_train(d, NULL, &p, &m), LMDS_EINVAL); /* bad depth */
    lmds_learn_params_default(&p);
    assert_int_equal(lmds_learn_train(d, NULL, &p, &m), LMDS_ENODATA); /* one row */
    assert_null(m);
    lmds_learn_data_free(d);
}

/* The synthetic set plus a third family so that chemical groups exist: V(x)Ti(1-x), Tc = 1 + 5 x. */
static void make_three_families(lmds_comp *c, double *tc)
{
    make_synthetic();
    memcpy(c, syn_comp, sizeof syn_comp);
    memcpy(tc, syn_tc, sizeof syn_tc);
    int vt[2] = {23, 22};
    for (int i = 0; i < NSYN; i++) {
        double x = (i + 0.5) / NSYN, am[2] = {x, 1 - x};
        assert_int_equal(lmds_comp_from_amounts(2, vt, am, &c[2 * NSYN + i]), LMDS_OK);
        tc[2 * NSYN + i] = 1 + 5 * x;
    }
}

/* Grouped folds keep every chemical system in one fold; random CV on the synthetic set is accurate. */
static void test_cv_groups(void **state)
{
    (void)state;
    static lmds_comp c[3 * NSYN];
    static double tc[3 * NSYN];
    make_three_families(c, tc);
    lmds_learn_data *d;
    assert_int_equal(lmds_learn_data_from_arrays(c, tc, 3 * NSYN, &d), LMDS_OK);
    lmds_learn_params p = small_params();
    p.n_ensemble = 1;
    int fold[3 * NSYN];
    double oof[3 * NSYN];
    lmds_learn_metrics m;
    p.n_rounds = 10; /* the grouped run checks the folds, not the accuracy */
    assert_int_equal(lmds_learn_cv(d, &p, LMDS_LEARN_SPLIT_GROUP, 3, 7, oof, NULL, fold, &m), LMDS_OK);
    p.n_rounds = small_params().n_rounds;
    for (size_t i = 0; i < d->n; i++)
        for (size_t j = 0; j < d->n; j++)
            if (strcmp(d->rows[i].system, d->rows[j].system) == 0) assert_int_equal(fold[i], fold[j]);
    assert_int_equal(m.n, 3 * NSYN);
    assert_int_equal(lmds_learn_cv(d, &p, LMDS_LEARN_SPLIT_RANDOM, 3, 7, oof, NULL, fold, &m), LMDS_OK);
    /* Random folds interleave the grid: RMSE well under the 10 K span (0.5 K bound, see above). */
    if (!(m.rmse_K < 0.5)) fail_msg("random CV RMSE %g K", m.rmse_K);
    assert_true(m.r2 > 0.98);
    assert_int_equal(lmds_learn_cv(d, &p, LMDS_LEARN_SPLIT_RANDOM, 1, 7, oof, NULL, fold, &m), LMDS_EINVAL);
    lmds_learn_data_free(d);
}

/* Metrics by hand: truth {0, 10, 20}, pred {1, 9, 23}. */
static void test_metrics(void **state)
{
    (void)state;
    double t[3] = {0, 10, 20}, p[3] = {1, 9, 23};
    lmds_learn_metrics m;
    lmds_learn_metrics_compute(t, p, NULL, 3, &m);
    assert_true(fabs(m.rmse_K - sqrt(11.0 / 3.0)) < 1e-12);
    assert_true(fabs(m.mae_K - 5.0 / 3.0) < 1e-12);
    assert_true(fabs(m.r2 - (1 - 11.0 / 200.0)) < 1e-12);
    /* Tc > 10 K: only the third is positive, predicted positive; the second is 9 -> negative. */
    assert_true(m.f1_10 == 1.0);
    assert_true(m.auc10 == 1.0);
}

/* Novelty against the reference set (the classifier's rows of the synthetic model: Nb-Ti and Cu-Ag grids). */
static void test_novelty(void **state)
{
    const lmds_learn_model *m = *state;
    lmds_comp c[4];
    int nbti[2] = {41, 22};
    /* A training composition: distance 0 to itself, its measured Tc, its system seen. */
    double am0[2] = {syn_comp[10].x[0], syn_comp[10].x[1]};
    int z0[2] = {syn_comp[10].z[0], syn_comp[10].z[1]};
    assert_int_equal(lmds_comp_from_amounts(2, z0, am0, &c[0]), LMDS_OK);
    /* Between grid points: Nb x = 0.45 lies halfway between x = 53.5/120 and 54.5/120; distance to either by hand:
     * 0.5 * (|0.45 - 0.44583| + |0.55 - 0.55417|) = 1/240. (Not x = 0.5, where Magpie's "mode" features jump.) */
    double am1[2] = {0.45, 0.55};
    assert_int_equal(lmds_comp_from_amounts(2, nbti, am1, &c[1]), LMDS_OK);
    assert_int_equal(lmds_comp_parse("FeGa3", NULL, &c[2]), LMDS_OK);   /* nothing in common */
    assert_int_equal(lmds_comp_parse("Nb0.5Cu0.5", NULL, &c[3]), LMDS_OK); /* unseen pair of seen elements */
    lmds_learn_prediction pr[4];
    assert_int_equal(lmds_learn_predict(m, c, 4, pr), LMDS_OK);
    assert_int_equal(pr[0].system_seen, 1);
    assert_abs_why(pr[0].nearest_distance, 0.0, 1e-6, "a training composition is its own nearest (float fractions)");
    assert_abs_why(pr[0].nearest_tc_K, syn_tc[10], 1e-12, "lookup of the reference's measured Tc");
    assert_abs_why(pr[1].nearest_distance, 1.0 / 240.0, 1e-6, "composition distance by hand");
    assert_int_equal(pr[2].system_seen, 0);
    assert_abs_why(pr[2].nearest_distance, 1.0, 1e-12, "no element in common");
    assert_int_equal(pr[3].system_seen, 0);
    assert_abs_why(pr[3].nearest_distance, 0.5, 0.01, "Nb0.5Cu0.5 shares half its atoms with Nb-rich Nb-Ti or Cu-rich Cu-Ag");
    for (int i = 0; i < 4; i++) assert_true(pr[i].density >= 0 && pr[i].density <= 1);
    /* Inside the training cloud the density score is typical; Fe-Ga, far from both grids, is sparser than all. */
    if (!(pr[1].density > 0.2)) fail_msg("density %g between grid points", pr[1].density);
    assert_true(pr[2].density < 0.01);
    assert_true(pr[2].superconducting == (pr[2].p_sc >= lmds_learn_model_threshold(m)));
    assert_true(lmds_learn_model_threshold(m) == 0.5);
    assert_true(lmds_learn_model_class_tc(m) == 0.0);
}

/* Classification metrics by hand: scores {0.9, 0.8, 0.8, 0.3, 0.1}, labels {1, 0, 1, 1, 0}, threshold 0.5. */
static void test_class_metrics(void **state)
{
    (void)state;
    double s[5] = {0.9, 0.8, 0.8, 0.3, 0.1};
    int y[5] = {1, 0, 1, 1, 0};
    lmds_learn_class_metrics c;
    lmds_learn_class_metrics_compute(s, y, NULL, 5, 0.5, &c);
    assert_true(c.tp == 2 && c.fp == 1 && c.fn == 1 && c.tn == 1);
    assert_rel(c.precision, 2.0 / 3.0, LMDS_TOL_ROUND);
    assert_rel(c.recall, 2.0 / 3.0, LMDS_TOL_ROUND);
    /* AUC: pairs (pos, neg) = 3 x 2; pos 0.9 beats both, pos 0.8 ties 0.8 (1/2) and beats 0.1, pos 0.3 beats 0.1:
     * (2 + 1.5 + 1) / 6 = 0.75. */
    assert_rel(c.auc, 0.75, LMDS_TOL_ROUND);
    /* Weights scale the counts: weight 3 on the first negative. */
    double w[5] = {1, 3, 1, 1, 1};
    lmds_learn_class_metrics_compute(s, y, w, 5, 0.5, &c);
    assert_rel(c.precision, 2.0 / 5.0, LMDS_TOL_ROUND);
    assert_rel(c.auc, (1 * 4 + 1 * (1.5 + 1) + 1 * 1) / (3.0 * 4.0), LMDS_TOL_ROUND);
}

/* Platt calibration on scores piled up at the ends, as boosted trees give them: the fit must stay finite and satisfy
 * the maximum-likelihood conditions sum w (p - y) = 0 and sum w (p - y) logit(s) = 0 (up to the tiny ridge). */
static void test_calibration_saturated(void **state)
{
    (void)state;
    enum { N = 400 };
    static double s[N], w[N];
    static int y[N];
    for (int i = 0; i < N; i++) {
        /* 3/4 of the rows at 1 - 1e-7 (80 % of them positive), 1/4 at 1e-7 (5 % positive), weights 1 and 3. */
        int hi = i % 4 != 0;
        s[i] = hi ? 1 - 1e-7 : 1e-7;
        y[i] = hi ? (i % 5 != 0) : (i % 20 == 0);
        w[i] = y[i] ? 1.0 : 3.0;
    }
    lmds_learn_calibration c;
    assert_int_equal(lmds_learn_calibration_fit(s, y, w, N, 0.2, &c), LMDS_OK);
    assert_true(isfinite(c.a) && isfinite(c.b) && fabs(c.a) < 100);
    double g0 = 0, g1 = 0, wsum = 0;
    for (int i = 0; i < N; i++) {
        double sc = fmin(fmax(s[i], 1e-6), 1 - 1e-6); /* the clamp of calibrate.c */
        double p = lmds_learn_calibrated(&c, s[i]), z = log(sc / (1 - sc));
        g0 += w[i] * (p - y[i]);
        g1 += w[i] * (p - y[i]) * z;
        wsum += w[i];
    }
    assert_abs_why(g0 / wsum, 0.0, 1e-4, "score equation of the intercept");
    assert_abs_why(g1 / wsum, 0.0, 1e-3, "score equation of the slope (z up to 13.8)");
}

/* Base-rate weights and calibration in a full build on a small synthetic set: the card carries the calibration,
 * the reliability bins and the uncertainty factors; the threshold round-trips through the file. */
static void test_build_small(void **state)
{
    (void)state;
    lmds_learn_labels l = {0};
    static lmds_comp c[3 * NSYN];
    static double tc[3 * NSYN];
    make_three_families(c, tc); /* V-Ti: above 2 K for x > 0.2 */
    assert_int_equal(lmds_learn_data_from_arrays(c, tc, 3 * NSYN, &l.cls), LMDS_OK);
    assert_int_equal(lmds_learn_data_from_arrays(c, tc, 3 * NSYN, &l.reg), LMDS_OK);
    l.class_tc_K = 2.0;
    l.summary = "{\"test\":1}";
    lmds_learn_params p = small_params();
    p.n_rounds = 40; /* the build is checked for what it records, not for accuracy: fewer rounds keep it quick */
    p.cls_rounds = 20;
    p.n_ensemble = 2;
    lmds_learn_build_opts o;
    lmds_learn_build_opts_default(&o);
    o.folds = 3;
    o.cv_ensemble = 2;
    o.base_rate = 0.2;
    lmds_learn_model *m = NULL;
    assert_int_equal(lmds_learn_build(&l, &p, &o, &m), LMDS_OK);
    const char *card = lmds_learn_model_card(m);
    for (const char *k = "\"classifier\"\0\"reliability_bins\"\0\"uncertainty\"\0\"coverage_1sigma_cross_fitted\"\0"
                         "\"group\"\0\"random\"\0\"labels\"\0";
         *k; k += strlen(k) + 1)
        if (!strstr(card, k)) fail_msg("card lacks %s", k);
    assert_true(lmds_learn_model_class_tc(m) == 2.0);
    char path[] = "/tmp/lmds_learn_build_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    assert_int_equal(lmds_learn_model_save(m, path), LMDS_OK);
    lmds_learn_model *m2 = NULL;
    assert_int_equal(lmds_learn_model_load(path, &m2), LMDS_OK);
    lmds_learn_prediction a[3], b[3];
    assert_int_equal(lmds_learn_predict(m, c + NSYN - 3, 3, a), LMDS_OK);
    assert_int_equal(lmds_learn_predict(m2, c + NSYN - 3, 3, b), LMDS_OK);
    for (int i = 0; i < 3; i++) {
        assert_true(a[i].p_sc == b[i].p_sc && a[i].uncertainty_K == b[i].uncertainty_K);
        assert_string_equal(a[i].nearest_formula, b[i].nearest_formula);
        assert_true(a[i].density == b[i].density);
    }
    assert_true(lmds_learn_model_threshold(m2) == lmds_learn_model_threshold(m));
    assert_int_equal(lmds_learn_model_reliability_svg(m2, path), LMDS_OK);
    char *svg = NULL;
    assert_int_equal(lmds_file_read(path, 0, &svg, NULL), LMDS_OK);
    assert_non_null(strstr(svg, "<svg"));
    assert_non_null(strstr(svg, "threshold"));
    free(svg);
    remove(path);
    /* A base rate outside (0, 1) is refused, and nothing is returned. */
    o.base_rate = 0;
    lmds_learn_model *bad = (lmds_learn_model *)1;
    assert_int_equal(lmds_learn_build(&l, &p, &o, &bad), LMDS_EINVAL);
    assert_null(bad);
    lmds_learn_model_free(m);
    lmds_learn_model_free(m2);
    lmds_learn_data_free(l.cls);
    lmds_learn_data_free(l.reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovers_known_function), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_novelty),
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_data_reading), cmocka_unit_test(test_cv_groups), cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_class_metrics), cmocka_unit_test(test_calibration_saturated),
        cmocka_unit_test(test_build_small),
    };
    int failed = cmocka_run_group_tests_name("shared synthetic model", tests, setup_synthetic, teardown_synthetic);
    return failed + cmocka_run_group_tests_name("own data", own, NULL, NULL);
}
