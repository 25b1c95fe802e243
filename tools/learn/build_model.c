/* Build the default discovery model of lmds learn and its documents, through the public library API only:
 *   data/learn/rejects.csv                      SuperCon rows dropped by the label policy, with reasons
 *   data/models/lmds_tc_default.model           the model
 *   data/models/lmds_tc_default.model.json      its card (labels, metrics, calibration, threshold, outside test)
 *   data/models/lmds_tc_default_reliability.svg the classifier's reliability diagram
 * Usage (from the repository root, after a build): bash tools/learn/build_model.sh [--labels-only]
 * The hyper-parameters below are the recipe of the shipped model; docs/learn.md explains each choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lmds.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int fail(const char *what)
{
    fprintf(stderr, "build_model: %s: %s\n", what, lmds_errmsg());
    return 1;
}

static void progress(void *ctx, long done, long total)
{
    if (done == total || done % 500 == 0) fprintf(stderr, "\r  %s: %ld/%ld boosting rounds", (const char *)ctx, done, total);
    if (done == total) fputc('\n', stderr);
}

/* The card through lmds_ofile: the file is replaced only when complete. */
static int write_card(const lmds_learn_model *m, const char *path)
{
    lmds_ofile *o = NULL;
    if (lmds_ofile_open(path, NULL, &o) != LMDS_OK) return 0;
    /* Compact JSON; build_model.sh indents it for people. */
    FILE *f = lmds_ofile_stream(o);
    fputs(lmds_learn_model_card(m), f);
    fputc('\n', f);
    return lmds_ofile_commit(o) == LMDS_OK;
}

static void print_outside(const lmds_learn_outside *ev)
{
    const lmds_learn_class_metrics *a = &ev->at_threshold, *u = &ev->unseen_systems;
    printf("outside test: %zu rows, %zu leaked (removed), %zu scored (%zu positive)\n", ev->n_rows, ev->n_leaked,
           ev->n_scored, a->n_pos);
    printf("  at the threshold: precision %.3f, recall %.3f, ROC-AUC %.3f (tp %.0f fp %.0f fn %.0f tn %.0f)\n",
           a->precision, a->recall, a->auc, a->tp, a->fp, a->fn, a->tn);
    printf("  unseen element sets (%zu rows, %zu positive): precision %.3f, recall %.3f, ROC-AUC %.3f\n", u->n, u->n_pos,
           u->precision, u->recall, u->auc);
}

/* --cv DEPTH ROUNDS ETA [FEATURES]: grouped 5-fold CV of one regressor per fold on the labels' regressor rows, for choosing
 * the recipe on training data only (never on the outside list). */
static int cv_experiment(const lmds_learn_labels *l, int depth, int rounds, double eta, const char *features)
{
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.features = features;
    p.max_depth = depth;
    p.n_rounds = rounds;
    p.eta = eta;
    p.n_ensemble = 1;
    lmds_learn_metrics mt;
    if (lmds_learn_cv(l->reg, &p, LMDS_LEARN_SPLIT_GROUP, 5, 42, NULL, NULL, NULL, &mt) != LMDS_OK) return fail("cv");
    printf("grouped CV %s depth %d rounds %d eta %g: RMSE %.3f K, MAE %.3f K, R^2 %.3f (n %zu)\n", features, depth, rounds, eta,
           mt.rmse_K, mt.mae_K, mt.r2, mt.n);
    return 0;
}

/* --cls-cv BALANCE: grouped 5-fold CV of the classifier trained with rows balanced to BALANCE (0: unweighted);
 * prints the ROC-AUC with rows weighted to the base rate (ranking quality, independent of the calibration). */
static int cls_experiment(const lmds_learn_labels *l, double balance)
{
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.max_depth = 6;
    p.eta = 0.08;
    p.cls_rounds = 200;
    p.cls_tc_K = l->class_tc_K;
    p.cls_balance = balance;
    lmds_learn_build_opts o;
    lmds_learn_build_opts_default(&o);
    size_t n = l->cls->n, npos = 0;
    double *prob = malloc(n * sizeof *prob), *w = malloc(n * sizeof *w);
    int *y = malloc(n * sizeof *y);
    if (lmds_learn_cv_classifier(l->cls, &p, LMDS_LEARN_SPLIT_GROUP, 5, 42, prob, NULL) != LMDS_OK) return fail("cv");
    for (size_t i = 0; i < n; i++) npos += (y[i] = l->cls->rows[i].tc_K >= l->class_tc_K && l->cls->rows[i].tc_K > 0);
    for (size_t i = 0; i < n; i++) w[i] = y[i] ? o.base_rate * n / npos : (1 - o.base_rate) * n / (n - npos);
    lmds_learn_class_metrics c;
    lmds_learn_class_metrics_compute(prob, y, w, n, 0.5, &c);
    printf("classifier grouped CV, training balance %g: ROC-AUC %.4f (rows weighted to base rate %g)\n", balance, c.auc,
           o.base_rate);
    free(prob);
    free(w);
    free(y);
    return 0;
}

int main(int argc, char **argv)
{
    int labels_only = argc > 1 && strcmp(argv[1], "--labels-only") == 0;
    char rejects[4096], model[4096], card[4200], svg[4096], outside[4096];
    if (lmds_data_path("learn/rejects.csv", rejects, sizeof rejects) != LMDS_OK ||
        lmds_data_path("models/lmds_tc_default.model", model, sizeof model) != LMDS_OK ||
        lmds_data_path("models/lmds_tc_default_reliability.svg", svg, sizeof svg) != LMDS_OK ||
        lmds_data_path("learn/outside_test.csv", outside, sizeof outside) != LMDS_OK)
        return fail("data paths");
    snprintf(card, sizeof card, "%s.json", model);
    lmds_learn_sources src;
    lmds_learn_sources_default(&src);
    lmds_learn_labels *l = NULL;
    if (lmds_learn_labels_build(&src, &l) != LMDS_OK) return fail("labels");
    if (lmds_learn_labels_write_rejects(l, rejects) != LMDS_OK) return fail("rejects");
    printf("labels: %s\nwrote %s\n", l->summary, rejects);
    if (argc >= 5 && strcmp(argv[1], "--cv") == 0) {
        int rc = cv_experiment(l, atoi(argv[2]), atoi(argv[3]), atof(argv[4]), argc > 5 ? argv[5] : "default");
        lmds_learn_labels_free(l);
        return rc;
    }
    if (argc == 3 && strcmp(argv[1], "--cls-cv") == 0) {
        int rc = cls_experiment(l, atof(argv[2]));
        lmds_learn_labels_free(l);
        return rc;
    }
    if (labels_only) {
        lmds_learn_labels_free(l);
        return 0;
    }
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.n_ensemble = 3;
    p.max_depth = 6;
    p.n_rounds = 300;
    p.eta = 0.08;
    p.cls_rounds = 200;
    p.progress = progress;
    p.progress_ctx = "build";
    lmds_learn_build_opts o;
    lmds_learn_build_opts_default(&o);
    double t0 = now_s();
    lmds_learn_model *m = NULL;
    if (lmds_learn_build(l, &p, &o, &m) != LMDS_OK) return fail("build");
    char note[512];
    snprintf(note, sizeof note, "%.0f", now_s() - t0);
    lmds_learn_model_set_note(m, "build_seconds", note);
    lmds_learn_model_set_note(m, "base_rate_source",
                              "Hosono et al., Sci. Technol. Adv. Mater. 16, 033503 (2015): 113 superconductors among 773 "
                              "materials tested (Tokyo Tech press summary, 2015-06-04, read here)");
    lmds_learn_model_set_note(m, "recipe", "bash tools/learn/build_model.sh");
    lmds_learn_data *list = NULL;
    lmds_learn_outside ev;
    if (lmds_learn_list_read(outside, &list) != LMDS_OK) return fail("outside list");
    if (lmds_learn_evaluate_outside(m, list, &ev) != LMDS_OK) return fail("outside test");
    lmds_learn_model_set_outside(m, "outside_test", "data/learn/outside_test.csv", &ev);
    print_outside(&ev);
    if (lmds_learn_model_save(m, model) != LMDS_OK) return fail("save");
    if (!write_card(m, card)) return fail("card");
    if (lmds_learn_model_reliability_svg(m, svg) != LMDS_OK) return fail("svg");
    printf("wrote %s, %s, %s (%.0f s)\n", model, card, svg, now_s() - t0);
    lmds_learn_data_free(list);
    lmds_learn_model_free(m);
    lmds_learn_labels_free(l);
    return 0;
}
