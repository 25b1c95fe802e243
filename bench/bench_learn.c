/* Benchmark of the Tc learner: featurisation and prediction throughput (compositions per second) and training
 * time, against Python XGBoost with the same parameters on the same features, measured in the same run.
 *
 *   build-x/bench/bench_learn [DATA.csv] [MODEL]
 * Defaults: data/learn/supercon_stanev2018.csv and the default model. The Python baseline runs
 * bench/learn_python_baseline.py with $LMDS_BENCH_PYTHON (default /usr/bin/python3, needs python3-xgboost);
 * when it is missing the ratios are reported as unavailable. */
#include <math.h>
#include <omp.h>
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

static int die(const char *what)
{
    fprintf(stderr, "bench_learn: %s: %s\n", what, lmds_errmsg());
    return 1;
}

/* Compositions per second of one call of predict on batches of `batch` compositions, cycling through c, for
 * about a second; with check, NAN when a call fails. */
static double predict_rate(const lmds_learn_model *m, const lmds_comp *c, size_t n, size_t batch, int check,
                           lmds_learn_prediction *pr)
{
    size_t k = 0;
    double t0 = now_s();
    do {
        if (lmds_learn_predict(m, batch == 1 ? &c[k % n] : c, batch, pr) != LMDS_OK && check) return NAN;
        k += batch;
    } while (now_s() - t0 < 1.0);
    return k / (now_s() - t0);
}

/* Featurisation: 1 thread vs all threads; repeat to reach ~1 s. */
static int bench_features(const lmds_learn_featurizer *f, const lmds_comp *c, size_t n, float *X, int nthreads)
{
    double rate[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        omp_set_num_threads(k == 0 ? 1 : nthreads);
        int reps = 0;
        double t0 = now_s();
        do {
            if (lmds_learn_features_matrix(f, c, n, X, NULL) != LMDS_OK) return die("features");
            reps++;
        } while (now_s() - t0 < 1.0);
        rate[k] = reps * (double)n / (now_s() - t0);
    }
    omp_set_num_threads(nthreads);
    printf("featurisation: %.0f compositions/s on 1 thread, %.0f on %d threads (x%.2f)\n", rate[0], rate[1],
           nthreads, rate[1] / rate[0]);
    return 0;
}

/* Python XGBoost on the same features and labels, same parameters: its training time and prediction rate (NAN
 * when it does not run), and the command in cmd. */
static void python_baseline(const lmds_learn_featurizer *f, const lmds_learn_data *d, const lmds_comp *c, float *X,
                            const lmds_learn_params *p, int nthreads, double *py_train, double *py_pred, char *cmd,
                            size_t ncmd)
{
    size_t n = d->n, nf = lmds_learn_featurizer_count(f);
    const char *py = getenv("LMDS_BENCH_PYTHON");
    if (!py) py = "/usr/bin/python3";
    char xb[] = "/tmp/lmds_bench_X_XXXXXX";
    int fd = mkstemp(xb);
    FILE *fp = fdopen(fd, "wb");
    lmds_learn_features_matrix(f, c, n, X, NULL);
    fwrite(X, sizeof *X, n * nf, fp);
    for (size_t i = 0; i < n; i++) {
        float y = (float)d->rows[i].tc_K;
        fwrite(&y, sizeof y, 1, fp);
    }
    fclose(fp);
    snprintf(cmd, ncmd, "%s %s/../bench/learn_python_baseline.py %s %zu %zu %d %d %g %d", py, lmds_data_dir(), xb,
             n, nf, p->n_rounds, p->max_depth, p->eta, nthreads);
    *py_train = *py_pred = NAN;
    FILE *pp = popen(cmd, "r");
    if (pp) {
        char line[512];
        while (fgets(line, sizeof line, pp)) {
            sscanf(line, "train_s %lf", py_train);
            sscanf(line, "predict_per_s %lf", py_pred);
        }
        pclose(pp);
    }
    remove(xb);
}

int main(int argc, char **argv)
{
    char dpath[4096];
    const char *data = argc > 1 ? argv[1] : NULL;
    if (!data) {
        lmds_data_path("learn/supercon_stanev2018.csv", dpath, sizeof dpath);
        data = dpath;
    }
    const char *model = argc > 2 ? argv[2] : NULL;
    lmds_learn_clean cl = {0, 1};
    lmds_learn_data *d;
    if (lmds_learn_data_read(data, &cl, &d) != LMDS_OK) return die("data");
    lmds_learn_data_merge(d);
    size_t n = d->n;
    lmds_comp *c = malloc(n * sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = d->rows[i].comp;
    lmds_learn_featurizer *f;
    if (lmds_learn_featurizer_new("default", &f) != LMDS_OK) return die("featuriser");
    size_t nf = lmds_learn_featurizer_count(f);
    float *X = malloc(n * nf * sizeof *X);
    int nthreads = omp_get_max_threads();
    printf("lmds learn benchmark: %zu compositions (%s), %zu features, %d threads\n", n, data, nf, nthreads);
    if (bench_features(f, c, n, X, nthreads)) return 1;

    /* Training: one regressor with the default model's hyper-parameters on all rows. */
    lmds_learn_params p;
    lmds_learn_params_default(&p);
    p.n_rounds = 300;
    p.max_depth = 6;
    p.eta = 0.08;
    p.n_ensemble = 1;
    p.classifier = 0;
    lmds_learn_model *m;
    double t0 = now_s();
    if (lmds_learn_train(d, NULL, &p, &m) != LMDS_OK) return die("train");
    double t_train = now_s() - t0;
    printf("training (1 regressor, %d rounds, depth %d, eta %g, hist, featurisation included): %.2f s\n",
           p.n_rounds, p.max_depth, p.eta, t_train);

    /* Prediction with the trained single regressor (featurisation included), whole set in one batch. */
    lmds_learn_prediction *pr = malloc(n * sizeof *pr);
    double pred_rate = predict_rate(m, c, n, n, 1, pr);
    if (isnan(pred_rate)) return die("predict");
    printf("prediction (1 regressor, batch of %zu, featurisation included): %.0f compositions/s\n", n, pred_rate);

    /* The default model (ensemble + classifier), batch and one at a time. */
    lmds_learn_model *dm = NULL;
    if (lmds_learn_model_load(model, &dm) == LMDS_OK) {
        double def_rate = predict_rate(dm, c, n, n, 0, pr), one_rate = predict_rate(dm, c, n, 1, 0, pr);
        printf("prediction with the default model (batch): %.0f compositions/s; one call per composition: %.0f/s\n",
               def_rate, one_rate);
    }

    char cmd[8192];
    double py_train, py_pred;
    python_baseline(f, d, c, X, &p, nthreads, &py_train, &py_pred, cmd, sizeof cmd);
    if (isfinite(py_train)) {
        printf("python3-xgboost, same features and parameters: training %.2f s (lmds/python time ratio %.2f), "
               "prediction %.0f/s from a ready matrix (lmds incl. featurisation / python ratio %.2f)\n",
               py_train, t_train / py_train, py_pred, pred_rate / py_pred);
    } else {
        printf("python3-xgboost baseline unavailable (%s)\n", cmd);
    }
    free(pr);
    free(X);
    free(c);
    lmds_learn_model_free(m);
    lmds_learn_model_free(dm);
    lmds_learn_featurizer_free(f);
    lmds_learn_data_free(d);
    return 0;
}
