/* lmds learn: Tc from composition with gradient-boosted trees.
 *   lmds learn features [--features P] [--json|--csv] COMPOSITION...
 *   lmds learn train    [--data CSV | --genome DATASET] [-o MODEL] [--score] [hyper-parameters]
 *   lmds learn classify [--model M] [--json|--csv] COMPOSITION... | --input FILE | -
 *   lmds learn cv       [--data CSV] --split random|group|jarvis --folds K --seed S [--json|--csv]
 *   lmds learn cv       --protocol hamidieh --data NIMS.tsv [--repeats N]
 *   lmds learn predict  [--model M] [--json|--csv] COMPOSITION... | --input FILE | - */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define CMD "learn"
#define DEFAULT_TRAIN_DATA "learn/supercon_stanev2018.csv"
#define JARVIS_SPLIT "learn/jarvis_supercon_chem_Tc_split.csv"
#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

typedef cli_progress_ctx progress_ctx;
static void on_progress(void *ctx, long done, long total) { cli_progress_cb(ctx, done, total); }
static void progress_finish(progress_ctx *p) { cli_progress_ctx_end(p); }

/* ------------------------------------------------------------------ options */

#define FEATURES_OPT                                                                                                \
    {"features", 0, CLI_STRING, "P", 0, 0, 0, NULL, "feature presets joined with '+' (default magpie+hamidieh+valence)", \
     NULL},                                                                                                          \
        {"preset", 0, CLI_STRING, "P", 0, 0, 0, NULL, NULL, "features"}
#define DATA_OPTS                                                                                                   \
    {"data", 0, CLI_INPUT, "CSV", 0, 0, 0, NULL, "training data (default: the genome's Stanev 2018 list)", NULL},   \
        {"genome", 0, CLI_STRING, "DATASET", 0, 0, 0, NULL, "train on this dataset of the genome", NULL},          \
        {"keep-oxygen-placeholder", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "keep rows whose oxygen content is a placeholder", \
         NULL}
#define HYPER_OPTS                                                                                                  \
    FEATURES_OPT, {"rounds", 0, CLI_INT, "N", 1, 100000, 0, NULL, "boosting rounds", NULL},                          \
        {"depth", 0, CLI_INT, "D", 1, 64, 0, NULL, "tree depth", NULL},                                              \
        {"eta", 0, CLI_DOUBLE, "E", 0, 1, CLI_GT_LO, NULL, "learning rate", NULL},                                   \
        {"subsample", 0, CLI_DOUBLE, "F", 0, 1, CLI_GT_LO, NULL, "row subsample per tree", NULL},                    \
        {"colsample", 0, CLI_DOUBLE, "F", 0, 1, CLI_GT_LO, NULL, "feature subsample per tree", NULL},                \
        {"min-child-weight", 0, CLI_DOUBLE, "W", 0, 1e6, 0, NULL, "minimum hessian weight in a leaf", NULL},         \
        {"ensemble", 0, CLI_INT, "K", 1, 100, 0, NULL, "regressors with different seeds (spread = uncertainty)", NULL}, \
        {"classifier-rounds", 0, CLI_INT, "N", 1, 100000, 0, NULL, "boosting rounds of the classifier", NULL},      \
        {"no-classifier", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "train no Tc > 0 classifier", NULL},                    \
        {"seed", 0, CLI_INT, "S", 0, 4294967295.0, 0, NULL, "random seed (default 42)", NULL},                       \
        {"threads", 0, CLI_INT, "N", 0, 1024, 0, NULL, "XGBoost threads (0: all)", NULL}
#define FOLDS_OPT {"folds", 0, CLI_INT, "K", 2, 100, 0, NULL, "folds of the cross-validation (default 5)", NULL}
#define MODEL_OPT                                                                                                   \
    {"model", 0, CLI_INPUT, "M", 0, 0, 0, NULL, "model file (default data/models/lmds_tc_default.model)", NULL}
#define INPUT_OPT                                                                                                   \
    {"input", 'i', CLI_INPUT, "FILE", 0, 0, CLI_STDIO, NULL, "compositions from FILE, one per line (# comments)",    \
     NULL}

typedef struct {
    cli_format fmt;
    const char *model, *data, *genome, *out, *jarvis, *oof;
    lmds_learn_params p;
    long folds, repeats;
    uint64_t seed;
    int score, all_rows, no_merge, families, keep_oxygen, ensemble_set;
} opts_t;

/* The values of a parsed line in one struct; options the command's table lacks keep their defaults. */
static void opts_from_args(const cli_args *a, opts_t *o)
{
    memset(o, 0, sizeof *o);
    lmds_learn_params_default(&o->p);
    o->folds = 5, o->repeats = 25, o->seed = 42;
    o->fmt = cli_declares(a, "json") ? cli_args_format(a) : CLI_FMT_TABLE;
#define S(name, field) if (cli_declares(a, name)) o->field = cli_str(a, name, o->field)
#define I(name, field) if (cli_declares(a, name)) o->field = cli_int(a, name, o->field)
#define D(name, field) if (cli_declares(a, name)) o->field = cli_num(a, name, o->field)
#define F(name, field) if (cli_declares(a, name)) o->field = cli_has(a, name)
    S("model", model); S("data", data); S("genome", genome); S("output", out); S("jarvis-split", jarvis);
    S("oof", oof); S("features", p.features);
    I("rounds", p.n_rounds); I("depth", p.max_depth); I("ensemble", p.n_ensemble); I("classifier-rounds", p.cls_rounds);
    I("threads", p.nthread); I("folds", folds); I("repeats", repeats);
    D("eta", p.eta); D("subsample", p.subsample); D("colsample", p.colsample); D("min-child-weight", p.min_child_weight);
    F("score", score); F("all-rows", all_rows); F("no-merge", no_merge); F("families", families);
    F("keep-oxygen-placeholder", keep_oxygen);
#undef S
#undef I
#undef D
#undef F
    if (cli_declares(a, "no-classifier") && cli_has(a, "no-classifier")) o->p.classifier = 0;
    if (cli_declares(a, "ensemble")) o->ensemble_set = cli_has(a, "ensemble");
    if (cli_declares(a, "seed")) o->seed = o->p.seed = (uint64_t)cli_int(a, "seed", 42);
}

static int with_args(const cli_cmd *cmd, int argc, char **argv, int (*run)(const cli_args *, opts_t *))
{
    cli_args *a;
    int rc;
    if (cli_parse(cmd, argc - 1, argv + 1, &a, &rc) != CLI_OK) return rc;
    opts_t o;
    opts_from_args(a, &o);
    rc = run(a, &o);
    cli_args_free(a);
    return rc;
}

/* ------------------------------------------------------------------ features */

static const cli_opt FEAT_OPTS[] = {FEATURES_OPT, CLI_OPTS_FORMAT, END};
static const cli_cmd FEATURES = {
    "learn features", "[options] COMPOSITION...",
    "Composition descriptors used by the Tc learner. Presets (joined with '+'):\n"
    "  magpie     132 Magpie features (matminer ElementProperty 'magpie', same names)\n"
    "  hamidieh   Hamidieh's 10 statistics of 8 element properties\n"
    "  valence    number of elements, fractions of s/p/d/f valence electrons\n"
    "  fractions  mole fraction of each element\n"
    "  default    magpie+hamidieh+valence\n"
    "Table: one row per feature, one column per composition; --csv: one row per composition (with the input);\n"
    "--json: [{input, chemical_formula_reduced, features: {name: value}}]. A missing element property is an error.",
    FEAT_OPTS, NULL, 1, 1000, NULL};

static cJSON *features_json(const cli_args *a, const lmds_learn_featurizer *f, const double *v, char (*formula)[64])
{
    size_t nf = lmds_learn_featurizer_count(f);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < cli_argc(a); i++) {
        cJSON *it = cJSON_CreateObject(), *fe = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "input", cli_arg(a, i));
        cJSON_AddStringToObject(it, "chemical_formula_reduced", formula[i]);
        for (size_t k = 0; k < nf; k++) cli_json_num(fe, lmds_learn_featurizer_name(f, k), v[(size_t)i * nf + k]);
        cJSON_AddItemToObject(it, "features", fe);
        cJSON_AddItemToArray(arr, it);
    }
    return arr;
}

/* CSV: one row per composition; table: one row per feature, one column per composition. */
static int features_table(const cli_args *a, const lmds_learn_featurizer *f, const double *v, char (*formula)[64],
                          cli_format fmt)
{
    size_t nf = lmds_learn_featurizer_count(f), n = (size_t)cli_argc(a);
    int csv = fmt == CLI_FMT_CSV;
    size_t ncols = csv ? nf + 2 : n + 1, nrows = csv ? n : nf;
    const char **hdr = cli_xmalloc(ncols * sizeof *hdr), **cells = cli_xmalloc(ncols * sizeof *cells);
    hdr[0] = csv ? "input" : "feature";
    if (csv) hdr[1] = "chemical_formula_reduced";
    for (size_t k = 0; k < ncols - (csv ? 2 : 1); k++)
        hdr[k + (csv ? 2 : 1)] = csv ? lmds_learn_featurizer_name(f, k) : formula[k];
    cli_table *t = cli_table_new((int)ncols, hdr);
    for (size_t r = 0; r < nrows; r++) {
        cells[0] = csv ? cli_arg(a, (int)r) : lmds_learn_featurizer_name(f, r);
        if (csv) cells[1] = formula[r];
        for (size_t k = 0; k < ncols - (csv ? 2 : 1); k++)
            cells[k + (csv ? 2 : 1)] = cli_num_s(csv ? v[r * nf + k] : v[k * nf + r], "%.10g", "feature");
        cli_table_add(t, cells);
    }
    int rc = cli_table_print(t, stdout, fmt);
    cli_table_free(t);
    free(hdr);
    free(cells);
    return rc;
}

static int run_features(const cli_args *a, opts_t *o)
{
    lmds_learn_featurizer *f;
    lmds_status st = lmds_learn_featurizer_new(o->p.features, &f);
    if (st != LMDS_OK) return cli_fail(st);
    int n = cli_argc(a);
    size_t nf = lmds_learn_featurizer_count(f);
    double *v = cli_xmalloc((size_t)n * nf * sizeof *v);
    char(*formula)[64] = cli_xcalloc((size_t)n, sizeof *formula);
    for (int i = 0; i < n && st == LMDS_OK; i++) {
        lmds_comp c;
        if ((st = cli_comp_parse(cli_arg(a, i), 0, 0, &c)) == LMDS_OK) {
            lmds_comp_formula(&c, formula[i], sizeof formula[i]);
            st = lmds_learn_features(f, &c, v + (size_t)i * nf);
        }
        if (st != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_error(st, "argument %d '%s': %s", i + 1, cli_arg(a, i), msg);
        }
    }
    int rc = st != LMDS_OK ? cli_fail(st)
             : o->fmt == CLI_FMT_JSON ? cli_json_print(features_json(a, f, v, formula))
                                      : features_table(a, f, v, formula, o->fmt);
    free(v);
    free(formula);
    lmds_learn_featurizer_free(f);
    return rc;
}

static int cmd_features(int argc, char **argv) { return with_args(&FEATURES, argc, argv, run_features); }

/* ------------------------------------------------------------------ data loading */

static lmds_status load_training(const opts_t *o, int positive_only, int merge, lmds_learn_data **d)
{
    lmds_learn_clean cl = {o->keep_oxygen, positive_only};
    lmds_status st;
    if (o->data) {
        st = lmds_learn_data_read(o->data, &cl, d);
    } else {
        st = lmds_learn_data_from_genome(o->genome ? o->genome : "stanev2018", &cl, d);
        if (st != LMDS_OK && !o->genome) {
            /* No genome file (or no Tc table in it): use the shipped copy of the same list. */
            char path[4096];
            fprintf(stderr, "lmds: note: genome not available (%s); training on the shipped Stanev 2018 list\n",
                    lmds_errmsg());
            lmds_error_clear();
            if ((st = lmds_data_path(DEFAULT_TRAIN_DATA, path, sizeof path)) == LMDS_OK)
                st = lmds_learn_data_read(path, &cl, d);
        }
    }
    if (st == LMDS_OK) st = lmds_learn_data_drop_unfeaturisable(*d, o->p.features);
    if (st == LMDS_OK && merge) st = lmds_learn_data_merge(*d);
    return st;
}

static void print_data_summary(const lmds_learn_data *d, FILE *f)
{
    fprintf(f,
            "data: %s: %zu rows read; %zu formulas cleaned (O7-X -> O7, D/T -> H); %zu oxygen placeholders; "
            "%zu unparsable dropped; %zu without element data dropped; %zu bad Tc dropped; %zu duplicates merged; "
            "%zu rows used\n",
            d->source, d->n_read, d->n_variable_fixed, d->n_oxygen_placeholder, d->n_unparsed, d->n_no_features,
            d->n_bad_tc, d->n_merged, d->n);
}

/* Read the JARVIS split shipped in data/learn: lines "row_index,split" (0-based rows of the Stanev CSV). */
static int read_jarvis(const char *path, size_t nrows, unsigned char *is_test, size_t *ntr, size_t *nte)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return cli_fail(lmds_error(LMDS_EIO, "%s: cannot open the JARVIS split", path));
    char line[256];
    int ln = 0;
    *ntr = *nte = 0;
    memset(is_test, 2, nrows);
    while (fgets(line, sizeof line, fp)) {
        ln++;
        if (ln == 1 || line[0] == '#') continue;
        char *comma = strchr(line, ',');
        if (!comma) {
            fclose(fp);
            return cli_fail(lmds_error_at(LMDS_EPARSE, path, ln, 1, "expected 'row_index,split'"));
        }
        long idx = strtol(line, NULL, 10);
        if (idx < 0 || (size_t)idx >= nrows) {
            fclose(fp);
            return cli_fail(lmds_error_at(LMDS_EPARSE, path, ln, 1, "row index %ld outside 0..%zu", idx, nrows - 1));
        }
        int test = strncmp(comma + 1, "test", 4) == 0;
        is_test[idx] = (unsigned char)test;
        if (test) (*nte)++;
        else (*ntr)++;
    }
    fclose(fp);
    return CLI_OK;
}

/* ------------------------------------------------------------------ metrics output */

/* RMSE and MAE are results (a failure when not finite); R^2 and the Tc > 10 K scores are undefined (null, blank)
 * for a set whose truth is constant or has one class only. */
static cJSON *metrics_json(const lmds_learn_metrics *m)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "n", (double)m->n);
    cli_json_num(j, "rmse_K", m->rmse_K);
    cli_json_num(j, "mae_K", m->mae_K);
    cli_json_opt(j, "r2", m->r2);
    cli_json_num(j, "rmse_logTc", m->rmse_log);
    cli_json_num(j, "mae_logTc", m->mae_log);
    cli_json_opt(j, "r2_logTc", m->r2_log);
    cJSON *c = cJSON_CreateObject();
    cli_json_opt(c, "accuracy", m->acc10);
    cli_json_opt(c, "precision", m->precision10);
    cli_json_opt(c, "recall", m->recall10);
    cli_json_opt(c, "f1", m->f1_10);
    cli_json_opt(c, "auc", m->auc10);
    cJSON_AddItemToObject(j, "Tc_gt_10K", c);
    return j;
}

static void metrics_row(cli_table *t, const char *name, const lmds_learn_metrics *m)
{
    char n[32];
    snprintf(n, sizeof n, "%zu", m->n);
    const char *row[] = {name, n, cli_num_s(m->rmse_K, "%.3f", "RMSE"), cli_num_s(m->mae_K, "%.3f", "MAE"),
                         cli_opt_s(m->r2, "%.4f"), cli_num_s(m->rmse_log, "%.4f", "RMSE of log Tc"),
                         cli_num_s(m->mae_log, "%.4f", "MAE of log Tc"), cli_opt_s(m->r2_log, "%.4f"),
                         cli_opt_s(m->f1_10, "%.3f"), cli_opt_s(m->auc10, "%.3f")};
    cli_table_add(t, row);
}

static cli_table *metrics_table(void)
{
    static const char *const hdr[] = {"set", "n", "rmse_K", "mae_K", "r2", "rmse_logTc", "mae_logTc", "r2_logTc",
                                      "f1_Tc>10K", "auc_Tc>10K"};
    return cli_table_new(10, hdr);
}

static int is_cuprate(const lmds_comp *c)
{
    int cu = 0, o = 0;
    for (int i = 0; i < c->n; i++) {
        cu |= c->z[i] == 29;
        o |= c->z[i] == 8;
    }
    return cu && o;
}

/* ------------------------------------------------------------------ cv */

/* Mean and spread of the repeats, with the published anchor (Hamidieh 2018: RMSE 9.5 K, R^2 0.92). */
static int hamidieh_report(const opts_t *o, const double *rm, const double *ma, const double *r2, size_t n,
                           double secs_per_fit)
{
    double mr = 0, sr = 0, m2 = 0, mm = 0;
    long R = o->repeats;
    for (long r = 0; r < R; r++) mr += rm[r], m2 += r2[r], mm += ma[r];
    mr /= (double)R, m2 /= (double)R, mm /= (double)R;
    for (long r = 0; r < R; r++) sr += (rm[r] - mr) * (rm[r] - mr);
    sr = R > 1 ? sqrt(sr / (double)(R - 1)) : 0;
    if (o->fmt == CLI_FMT_TABLE) {
        const char *a = cli_num_s(mr, "%.2f", "RMSE"), *b = cli_num_s(sr, "%.2f", "RMSE spread"),
                   *c = cli_num_s(mm, "%.2f", "MAE"), *d = cli_opt_s(m2, "%.3f");
        if (cli_result_failed()) return CLI_BAD_INPUT;
        printf("Hamidieh protocol (2/3 train, 1/3 test, %ld repeats, %zu rows, features %s):\n", R, n, o->p.features);
        printf("  RMSE %s +- %s K, MAE %s K, R^2 %s   (anchor: RMSE 9.5 K, R^2 0.92)\n", a, b, c, d);
        printf("  %.1f s per fit\n", secs_per_fit);
        return CLI_OK;
    }
    const char *h[] = {"protocol", "rows", "repeats", "rmse_K", "rmse_K_sd", "mae_K", "r2", "seconds_per_fit",
                       "anchor_rmse_K", "anchor_r2"};
    cli_table *t = cli_table_new(10, h);
    char rows[32], reps[32], secs[32];
    snprintf(rows, sizeof rows, "%zu", n);
    snprintf(reps, sizeof reps, "%ld", R);
    snprintf(secs, sizeof secs, "%.3f", secs_per_fit);
    const char *row[] = {"hamidieh", rows, reps, cli_num_s(mr, "%.4f", "RMSE"), cli_num_s(sr, "%.4f", "RMSE spread"),
                         cli_num_s(mm, "%.4f", "MAE"), cli_opt_s(m2, "%.4f"), secs, "9.5", "0.92"};
    cli_table_add(t, row);
    int rc = o->fmt == CLI_FMT_JSON ? cli_json_print(cli_table_row_json(t, 0))
                                    : cli_table_print(t, stdout, o->fmt);
    cli_table_free(t);
    return rc;
}

static int cv_hamidieh(opts_t *o)
{
    if (!o->data) return cli_usage("learn cv", "--protocol hamidieh needs --data (the NIMS SuperCon table)");
    o->keep_oxygen = 1;
    lmds_learn_data *d;
    lmds_status st = load_training(o, 1, 0, &d);
    if (st != LMDS_OK) return cli_fail(st);
    size_t before = d->n;
    print_data_summary(d, stderr);
    lmds_learn_data_dedupe_exact(d);
    fprintf(stderr, "hamidieh protocol: %zu rows with Tc > 0 after cleaning, %zu after removing exact duplicates\n",
            before, d->n);
    size_t n = d->n, ntr = (2 * n) / 3, nte = n - ntr;
    size_t *perm = cli_xmalloc(n * sizeof *perm);
    double *pred = cli_xmalloc(nte * sizeof *pred), *truth = cli_xmalloc(nte * sizeof *truth);
    double *rm = cli_xcalloc((size_t)o->repeats, sizeof *rm), *r2 = cli_xcalloc((size_t)o->repeats, sizeof *r2);
    double *ma = cli_xcalloc((size_t)o->repeats, sizeof *ma);
    lmds_learn_params p = o->p;
    p.n_ensemble = 1;
    progress_ctx pc = {NULL, "hamidieh repeats"};
    double t0 = now_s();
    uint64_t s = o->seed;
    for (long r = 0; st == LMDS_OK && r < o->repeats; r++) {
        /* A fresh random 2/3 : 1/3 split per repeat (Fisher-Yates with a splitmix64 stream). */
        for (size_t i = 0; i < n; i++) perm[i] = i;
        for (size_t i = n - 1; i > 0; i--) {
            s += 0x9e3779b97f4a7c15ULL;
            uint64_t z = s;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            size_t j = z % (i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        p.seed = o->seed + (uint64_t)r;
        st = lmds_learn_fit_predict(d, &p, perm, ntr, perm + ntr, nte, pred, NULL);
        if (st != LMDS_OK) break;
        for (size_t i = 0; i < nte; i++) truth[i] = d->rows[perm[ntr + i]].tc_K;
        lmds_learn_metrics m;
        lmds_learn_metrics_compute(truth, pred, NULL, nte, &m);
        rm[r] = m.rmse_K;
        r2[r] = m.r2;
        ma[r] = m.mae_K;
        on_progress(&pc, r + 1, o->repeats);
    }
    progress_finish(&pc);
    int rc = st != LMDS_OK ? cli_fail(st) : hamidieh_report(o, rm, ma, r2, n, (now_s() - t0) / (double)o->repeats);
    free(perm);
    free(pred);
    free(truth);
    free(rm);
    free(r2);
    free(ma);
    lmds_learn_data_free(d);
    return rc;
}

static int cv_jarvis(opts_t *o, lmds_learn_metrics *out, int quiet)
{
    /* The JARVIS task is defined on the rows of the Stanev CSV as they are (Tc = 0 included, no merging). */
    char spath[4096], jpath[4096];
    const char *data = o->data;
    if (!data) {
        if (lmds_data_path(DEFAULT_TRAIN_DATA, spath, sizeof spath) != LMDS_OK) return cli_fail(LMDS_EINVAL);
        data = spath;
    }
    const char *split = o->jarvis;
    if (!split) {
        if (lmds_data_path(JARVIS_SPLIT, jpath, sizeof jpath) != LMDS_OK) return cli_fail(LMDS_EINVAL);
        split = jpath;
    }
    lmds_learn_clean cl = {1, 0};
    lmds_learn_data *d;
    lmds_status st = lmds_learn_data_read(data, &cl, &d);
    if (st != LMDS_OK) return cli_fail(st);
    /* Map the split's row indices (0-based data rows = file line - 2) to our rows; rows we cannot read (a formula
     * the parser refuses) drop out of both sides and are counted. */
    unsigned char *is_test = cli_xmalloc(d->n_read + 1);
    size_t ntr = 0, nte = 0;
    int rc = read_jarvis(split, d->n_read, is_test, &ntr, &nte);
    if (rc != CLI_OK) {
        free(is_test);
        lmds_learn_data_free(d);
        return rc;
    }
    size_t *tr = cli_xmalloc(ntr * sizeof *tr), *te = cli_xmalloc(nte * sizeof *te);
    size_t a = 0, b = 0;
    for (size_t i = 0; i < d->n; i++) {
        long row = d->rows[i].line - 2;
        if (row < 0 || (size_t)row >= d->n_read) continue;
        if (is_test[row] == 1) te[b++] = i;
        else if (is_test[row] == 0) tr[a++] = i;
    }
    if (!quiet || a + b != ntr + nte)
        fprintf(stderr, "jarvis: %zu of %zu train and %zu of %zu test rows readable (the others have formulas the "
                        "parser refuses)\n", a, ntr, b, nte);
    double *pred = cli_xmalloc(nte * sizeof *pred), *truth = cli_xmalloc(nte * sizeof *truth);
    lmds_learn_params p = o->p;
    progress_ctx pc = {NULL, "jarvis"};
    p.progress = on_progress;
    p.progress_ctx = &pc;
    st = lmds_learn_fit_predict(d, &p, tr, a, te, b, pred, NULL);
    progress_finish(&pc);
    if (st == LMDS_OK) {
        for (size_t i = 0; i < b; i++) truth[i] = d->rows[te[i]].tc_K;
        lmds_learn_metrics_compute(truth, pred, NULL, b, out);
        if (!quiet) {
            if (o->fmt == CLI_FMT_JSON) {
                cJSON *j = metrics_json(out);
                cJSON_AddStringToObject(j, "split", "jarvis");
                cJSON_AddNumberToObject(j, "n_train", (double)a);
                cJSON_AddNumberToObject(j, "anchor_best_mae_K", 4.85);
                rc = cli_json_print(j);
            } else {
                printf("JARVIS supercon_chem_Tc split: %zu train, %zu test rows (Tc = 0 rows included, as the task "
                       "defines them)\n",
                       a, b);
                cli_table *t = metrics_table();
                metrics_row(t, "jarvis test", out);
                rc = cli_table_print(t, stdout, o->fmt);
                cli_table_free(t);
                printf("best published MAE on this split: 4.85 K\n");
            }
        }
    }
    free(tr);
    free(te);
    free(pred);
    free(truth);
    free(is_test);
    lmds_learn_data_free(d);
    return st == LMDS_OK ? rc : cli_fail(st);
}

static int write_oof(const char *path, const lmds_learn_data *d, const double *oof, const double *sd, const int *fold)
{
    lmds_ofile *o = cli_output_open(path, NULL);
    if (!o) return CLI_BAD_INPUT;
    FILE *fp = lmds_ofile_stream(o);
    fprintf(fp, "formula,system,Tc_K,pred_K,spread_K,fold\n");
    for (size_t i = 0; i < d->n; i++)
        fprintf(fp, "%s,%s,%.6g,%s,%s,%d\n", d->rows[i].formula, d->rows[i].system, d->rows[i].tc_K,
                cli_num_s(oof[i], "%.6g", "out-of-fold prediction"), cli_opt_s(sd[i], "%.6g"), fold[i]);
    if (cli_result_failed()) {
        cli_output_abort(o);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(o);
}

/* ------------------------------------------------------------------ cv */

static const cli_opt CV_OPTS[] = {
    DATA_OPTS, HYPER_OPTS, FOLDS_OPT,
    {"split", 0, CLI_ENUM, "S", 0, 0, 0, "random|group|jarvis", "how to split (default random)", NULL},
    {"protocol", 0, CLI_ENUM, "P", 0, 0, 0, "hamidieh", "a published protocol instead of --split", NULL},
    {"repeats", 0, CLI_INT, "N", 1, 1000, 0, NULL, "hamidieh: random splits (default 25)", NULL},
    {"all-rows", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "keep rows with Tc = 0 (default: Tc > 0 only)", NULL},
    {"no-merge", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "do not merge duplicate formulas", NULL},
    {"families", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "also report cuprates, non-cuprates, liquid-metal non-cuprates",
     NULL},
    {"jarvis-split", 0, CLI_INPUT, "FILE", 0, 0, 0, NULL, "jarvis: the split file (default the shipped one)", NULL},
    {"oof", 0, CLI_OUTPUT, "FILE", 0, 0, 0, NULL, "write out-of-fold predictions as CSV", NULL},
    CLI_OPTS_FORMAT, END};
static const cli_cmd CV = {
    "learn cv", "[options]",
    "Cross-validation of the Tc regressor. Duplicate formulas are merged (median Tc) before splitting, and only\n"
    "rows with Tc > 0 are used (the regressor's domain) unless --all-rows.\n"
    "  --split random   the field's usual K-fold protocol (default)\n"
    "  --split group    every chemical family (element set), hence every formula, in one fold\n"
    "  --split jarvis   the JARVIS leaderboard's fixed split of the Stanev list (all rows, unmerged)\n"
    "  --protocol hamidieh   Hamidieh 2018: rows with Tc > 0, exact duplicates removed, random 2/3-1/3, N repeats\n"
    "Metrics: RMSE, MAE, R^2 in K and on ln(1 + Tc/K); F1 and AUC of the call Tc > 10 K (blank / null where\n"
    "undefined: a set with one class only).",
    CV_OPTS, NULL, 0, 0, "protocol split;data genome"};

static cJSON *cv_json(const opts_t *o, const char *split, const lmds_learn_metrics *m, const lmds_learn_metrics *fm,
                      double secs)
{
    static const char *const fkey[3] = {"cuprates", "non_cuprates", "liquid_metal_non_cuprates"};
    cJSON *j = metrics_json(m);
    cJSON_AddStringToObject(j, "split", split);
    cJSON_AddNumberToObject(j, "folds", (double)o->folds);
    cJSON_AddNumberToObject(j, "seed", (double)o->seed);
    cJSON_AddStringToObject(j, "features", o->p.features);
    cJSON_AddNumberToObject(j, "seconds", secs);
    if (o->families) {
        cJSON *fj = cJSON_CreateObject();
        for (int k = 0; k < 3; k++) cJSON_AddItemToObject(fj, fkey[k], metrics_json(&fm[k]));
        cJSON_AddItemToObject(j, "families", fj);
    }
    return j;
}

static int cv_report(const opts_t *o, const char *split, const lmds_learn_data *d, const double *oof,
                     const lmds_learn_metrics *m, double secs)
{
    static const char *const fname[3] = {"cuprates", "non-cuprates", "non-cuprates with Ga/In/Sn/Hg/Bi/Pb"};
    double *truth = cli_xmalloc(d->n * sizeof *truth);
    unsigned char *sub[3];
    lmds_learn_metrics fm[3];
    for (int k = 0; k < 3; k++) sub[k] = cli_xcalloc(d->n, 1);
    for (size_t i = 0; i < d->n; i++) {
        truth[i] = d->rows[i].tc_K;
        sub[0][i] = (unsigned char)is_cuprate(&d->rows[i].comp);
        sub[1][i] = !sub[0][i];
        sub[2][i] = (unsigned char)lmds_learn_liquid_metal_family(&d->rows[i].comp);
    }
    for (int k = 0; k < 3; k++) lmds_learn_metrics_compute(truth, oof, sub[k], d->n, &fm[k]);
    int rc;
    if (o->fmt == CLI_FMT_JSON) {
        rc = cli_json_print(cv_json(o, split, m, fm, secs));
    } else {
        if (o->fmt == CLI_FMT_TABLE)
            printf("%ld-fold %s cross-validation (seed %llu, features %s, %zu rows, %.1f s)\n", o->folds, split,
                   (unsigned long long)o->seed, o->p.features, d->n, secs);
        cli_table *t = metrics_table();
        metrics_row(t, "all", m);
        for (int k = 0; o->families && k < 3; k++) metrics_row(t, fname[k], &fm[k]);
        rc = cli_table_print(t, stdout, o->fmt);
        cli_table_free(t);
    }
    for (int k = 0; k < 3; k++) free(sub[k]);
    free(truth);
    return rc;
}

static int run_cv(const cli_args *a, opts_t *o)
{
    if (cli_has(a, "protocol")) return cv_hamidieh(o);
    if (cli_has(a, "repeats")) return cli_usage("learn cv", "--repeats goes with --protocol hamidieh");
    static const char *const names[] = {"random", "group", "jarvis"};
    int sp = cli_enum(a, "split", 0);
    /* Cross-validation scores one regressor per fold unless --ensemble asks for more. */
    if (!o->ensemble_set) o->p.n_ensemble = 1;
    if (sp == 2) {
        lmds_learn_metrics m;
        return cv_jarvis(o, &m, 0);
    }
    lmds_learn_data *d;
    lmds_status st = load_training(o, !o->all_rows, !o->no_merge, &d);
    if (st != LMDS_OK) return cli_fail(st);
    print_data_summary(d, stderr);
    double *oof = cli_xmalloc(d->n * sizeof *oof), *sd = cli_xmalloc(d->n * sizeof *sd);
    int *fold = cli_xmalloc(d->n * sizeof *fold);
    lmds_learn_metrics m;
    progress_ctx pc = {NULL, "cv"};
    o->p.progress = on_progress;
    o->p.progress_ctx = &pc;
    double t0 = now_s();
    st = lmds_learn_cv(d, &o->p, sp ? LMDS_LEARN_SPLIT_GROUP : LMDS_LEARN_SPLIT_RANDOM, (int)o->folds, o->seed, oof, sd,
                       fold, &m);
    progress_finish(&pc);
    int rc = st != LMDS_OK ? cli_fail(st) : cv_report(o, names[sp], d, oof, &m, now_s() - t0);
    if (rc == CLI_OK && o->oof) rc = write_oof(o->oof, d, oof, sd, fold);
    free(oof), free(sd), free(fold);
    lmds_learn_data_free(d);
    return rc;
}

static int cmd_cv(int argc, char **argv) { return with_args(&CV, argc, argv, run_cv); }

/* ------------------------------------------------------------------ train */

static const cli_opt TRAIN_OPTS[] = {
    DATA_OPTS, HYPER_OPTS, FOLDS_OPT,
    {"output", 'o', CLI_OUTPUT, "MODEL", 0, 0, 0, NULL, "the model to write (default lmds_tc.model) and MODEL.json",
     NULL},
    {"out", 0, CLI_OUTPUT, "MODEL", 0, 0, 0, NULL, NULL, "output"},
    {"score", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "add random and grouped CV metrics and the JARVIS split to the card",
     NULL},
    {"json", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "print the model card (JSON)", NULL},
    END};
static const cli_cmd TRAIN = {
    "learn train", "[options]",
    "Train the Tc regressor (an ensemble of K seeds on rows with Tc > 0; the spread is the uncertainty) and the\n"
    "classifier of Tc > 0 vs 'no Tc reported' (all rows), after merging duplicate formulas (median Tc). Default\n"
    "data: the genome's Stanev 2018 list (shipped copy when the genome is absent). Writes MODEL and its card\n"
    "MODEL.json (data, features, hyper-parameters, metrics, date), both only when everything succeeded and never\n"
    "over the training data. --score adds random and grouped K-fold CV metrics and the JARVIS split to the card\n"
    "and calibrates the uncertainty on the out-of-fold errors.",
    TRAIN_OPTS, NULL, 0, 0, "data genome"};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The factor that makes 68.3 % of out-of-fold |errors| fall within the spread of an ensemble of the same size
 * (the spread of a small ensemble underestimates the error). */
static void train_calibrate(lmds_learn_model *m, const double *oof, const double *sd, const double *truth, size_t n,
                            int n_ensemble)
{
    double *ratio = cli_xmalloc(n * sizeof *ratio);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (sd[i] > 0 && isfinite(oof[i])) ratio[k++] = fabs(oof[i] - truth[i]) / sd[i];
    if (k > 10) {
        qsort(ratio, k, sizeof *ratio, cmp_double);
        double scale = ratio[(size_t)(0.683 * (double)(k - 1))];
        char note[256];
        lmds_learn_model_set_uncertainty_scale(m, scale, 0.0);
        snprintf(note, sizeof note,
                 "uncertainty_K = %.4g x ensemble spread: 68.3 %% of random-CV out-of-fold |errors| fall within it "
                 "(ensemble of %d in CV)", scale, n_ensemble);
        lmds_learn_model_set_note(m, "uncertainty_calibration", note);
    }
    free(ratio);
}

/* One scored split (0 random, 1 group) on the regressor's rows, with the same parameters. */
static lmds_status train_score_split(const opts_t *o, lmds_learn_model *m, const lmds_learn_data *pos, int s)
{
    static const char *const names[2] = {"random", "group"};
    double *oof = cli_xmalloc(pos->n * sizeof *oof), *sd = cli_xmalloc(pos->n * sizeof *sd);
    double *truth = cli_xmalloc(pos->n * sizeof *truth);
    int *fold = cli_xmalloc(pos->n * sizeof *fold);
    unsigned char *sub = cli_xcalloc(pos->n, 1);
    lmds_learn_metrics mt, fm;
    lmds_learn_params p = o->p;
    p.n_ensemble = s == 0 ? (o->p.n_ensemble < 3 ? o->p.n_ensemble : 3) : 1;
    progress_ctx pc = {NULL, names[s]};
    p.progress = on_progress;
    p.progress_ctx = &pc;
    lmds_status st = lmds_learn_cv(pos, &p, s ? LMDS_LEARN_SPLIT_GROUP : LMDS_LEARN_SPLIT_RANDOM, (int)o->folds,
                                   o->seed, oof, sd, fold, &mt);
    progress_finish(&pc);
    if (st == LMDS_OK) {
        lmds_learn_model_set_metrics(m, names[s], &mt);
        fprintf(stderr, "%s %ld-fold CV: RMSE %.2f K, MAE %.2f K, R^2 %.3f\n", names[s], o->folds, mt.rmse_K,
                mt.mae_K, mt.r2);
        for (size_t i = 0; i < pos->n; i++) {
            truth[i] = pos->rows[i].tc_K;
            sub[i] = (unsigned char)lmds_learn_liquid_metal_family(&pos->rows[i].comp);
        }
        lmds_learn_metrics_compute(truth, oof, sub, pos->n, &fm);
        char key[64];
        snprintf(key, sizeof key, "%s_liquid_metal_non_cuprates", names[s]);
        lmds_learn_model_set_metrics(m, key, &fm);
        if (s == 0 && p.n_ensemble > 1) train_calibrate(m, oof, sd, truth, pos->n, p.n_ensemble);
    }
    free(oof), free(sd), free(truth), free(fold), free(sub);
    return st;
}

static lmds_status train_score(const opts_t *o, lmds_learn_model *m)
{
    lmds_learn_data *pos;
    lmds_status st = load_training(o, 1, 1, &pos);
    if (st != LMDS_OK) return st;
    for (int s = 0; st == LMDS_OK && s < 2; s++) st = train_score_split(o, m, pos, s);
    lmds_learn_data_free(pos);
    if (st == LMDS_OK) { /* the JARVIS task is fixed: the shipped Stanev list and its split */
        lmds_learn_metrics mj;
        opts_t oj = *o;
        oj.p.n_ensemble = 1;
        oj.data = NULL;
        if (cv_jarvis(&oj, &mj, 1) == CLI_OK) {
            lmds_learn_model_set_metrics(m, "jarvis", &mj);
            fprintf(stderr, "JARVIS split: MAE %.2f K, RMSE %.2f K, R^2 %.3f\n", mj.mae_K, mj.rmse_K, mj.r2);
        }
    }
    return st;
}

/* The model and its card, each written to a temporary file and both renamed only when both were written. */
static int train_write(const opts_t *o, lmds_learn_model *m, const char *out, const lmds_learn_data *d, double secs)
{
    char card[4096];
    snprintf(card, sizeof card, "%s.json", out);
    lmds_ofile *om = cli_output_open(out, NULL), *oc = om ? cli_output_open(card, NULL) : NULL;
    if (!om || !oc) {
        cli_output_abort(om);
        return CLI_BAD_INPUT;
    }
    lmds_status st = lmds_learn_model_save(m, lmds_ofile_temp_path(om));
    cJSON *cj = cJSON_Parse(lmds_learn_model_card(m));
    if (st == LMDS_OK && !cj) st = lmds_error(LMDS_EINVAL, "%s: the model card is not valid JSON", card);
    int rc = st != LMDS_OK ? cli_fail(st) : cli_json_fprint(cJSON_Duplicate(cj, 1), lmds_ofile_stream(oc));
    if (rc != CLI_OK) {
        cli_output_abort(om), cli_output_abort(oc);
        cJSON_Delete(cj);
        return rc;
    }
    rc = cli_output_commit(oc);
    if (rc == CLI_OK) rc = cli_output_commit(om);
    else cli_output_abort(om);
    if (rc == CLI_OK && o->fmt == CLI_FMT_JSON) return cli_json_print(cj);
    cJSON_Delete(cj);
    if (rc == CLI_OK) printf("wrote %s and %s (%zu rows, %.1f s)\n", out, card, d->n, secs);
    return rc;
}

static int run_train(const cli_args *a, opts_t *o)
{
    const char *out = o->out ? o->out : "lmds_tc.model";
    (void)a;
    cli_input_declare(o->data);
    lmds_learn_data *d;
    lmds_status st = load_training(o, 0, 1, &d);
    if (st != LMDS_OK) return cli_fail(st);
    print_data_summary(d, stderr);
    progress_ctx pc = {NULL, "train"};
    o->p.progress = on_progress;
    o->p.progress_ctx = &pc;
    lmds_learn_model *m = NULL;
    double t0 = now_s();
    st = lmds_learn_train(d, d, &o->p, &m);
    progress_finish(&pc);
    double secs = now_s() - t0;
    int rc = CLI_OK;
    if (st == LMDS_OK) {
        char note[64];
        snprintf(note, sizeof note, "%.1f", secs);
        lmds_learn_model_set_note(m, "training_seconds", note);
        lmds_learn_model_set_note(m, "classifier_label",
                                  "Tc > 0 vs Tc = 0 of the Stanev list; Tc = 0 means 'no superconductivity reported' "
                                  "(down to the lowest temperature measured), not a proven non-superconductor");
        if (o->score) st = train_score(o, m);
    }
    rc = st != LMDS_OK ? cli_fail(st) : train_write(o, m, out, d, secs);
    lmds_learn_model_free(m);
    lmds_learn_data_free(d);
    return rc;
}

static int cmd_train(int argc, char **argv) { return with_args(&TRAIN, argc, argv, run_train); }

/* ------------------------------------------------------------------ predict, classify (batch) */

static const cli_opt PREDICT_OPTS[] = {MODEL_OPT, INPUT_OPT, CLI_OPTS_FORMAT, END};
static const cli_cmd PREDICT = {
    "learn predict", "[options] COMPOSITION... | - | --input FILE",
    "Predicted Tc (K) with an uncertainty (calibrated spread of the ensemble), the classifier's decision at the\n"
    "model's threshold ('superconducting above 2 K: yes, p = 0.87': p is the calibrated probability of Tc >= the\n"
    "model's class temperature at ambient pressure; Tc_K is the Tc the material would have if it superconducts),\n"
    "and novelty: whether the element set occurs among the training materials (UNSEEN when not), the nearest\n"
    "training material (composition distance 0..1, its measured Tc or 'none >= T K' for a measured\n"
    "non-superconductor) and a density score 0..1 (near 0: sparser than almost all training data). An element\n"
    "absent from all training data is also warned about on stderr. Default model: data/models/lmds_tc_default.model.\n"
    "Many inputs: arguments, '-' (standard input) or --input FILE (one per line, # comments); one row per input in\n"
    "input order with the input kept verbatim; a bad input is reported as FILE:LINE (or argument N) and the others\n"
    "are still predicted (exit 1 at the end). --csv and --json give every value in its own column or key\n"
    "(docs/learn.md); values that were not computed (no classifier, no novelty reference) are blank / null.",
    PREDICT_OPTS, NULL, 0, -1, NULL};
static const cli_cmd CLASSIFY = {
    "learn classify", "[options] COMPOSITION... | - | --input FILE",
    "The classifier's decision at the model's threshold with its calibrated probability (that the composition\n"
    "superconducts at ambient pressure with Tc >= the model's class temperature), and the novelty columns of\n"
    "learn predict. Inputs and formats as for learn predict.",
    PREDICT_OPTS, NULL, 0, -1, NULL};

#define BLOCK 1024

typedef struct batch {
    int classify;
    lmds_learn_model *m;
    double class_tc, threshold; /* the classifier's event (Tc >= class_tc) and decision threshold (NAN: none) */
    cli_format fmt;
    cli_table *t;
    cli_json_stream js;
    int n;
    lmds_comp comps[BLOCK];
    char *inputs[BLOCK];
    lmds_learn_prediction pr[BLOCK];
} batch;

/* An element that never occurs in training is the strongest novelty: say so on stderr, naming it. */
static void novelty_warning(const batch *b, int i)
{
    const lmds_learn_prediction *p = &b->pr[i];
    if (p->unknown_z)
        fprintf(stderr, "lmds: warning: %s: outside the training domain: %s does not occur in the training data\n",
                b->inputs[i], lmds_element_symbol(p->unknown_z));
}

/* The class decision for the table: "yes, p = 0.912" / "no, p = 0.034"; "no classifier" without one. */
static const char *decision_s(const lmds_learn_prediction *p, char *buf, size_t n)
{
    if (p->superconducting < 0) return "no classifier";
    snprintf(buf, n, "%s, p = %s", p->superconducting ? "yes" : "no", cli_num_s(p->p_sc, "%.3f", "p_superconducting"));
    return buf;
}

/* The nearest material's measurement for the table: its Tc ("9.25 K"), or "none >= T" for a measured non-superconductor down
 * to T, or "none reported" (a "Tc = 0" row of an older list, where no lowest temperature is known). */
static const char *nearest_tc_s(const lmds_learn_prediction *p, char *buf, size_t n)
{
    if (!p->nearest_formula[0]) return "";
    if (!(p->nearest_tc_K > 0) && !(p->nearest_lowest_T_K > 0)) return "none reported";
    if (p->nearest_tc_K > 0) /* %.4g: element Tc go down to 0.5 mK (Bi) */
        snprintf(buf, n, "%s K", cli_num_s(p->nearest_tc_K, "%.4g", "Tc of the nearest material"));
    else snprintf(buf, n, "none >= %s K", cli_num_s(p->nearest_lowest_T_K, "%.3g", "lowest temperature"));
    return buf;
}

static const char *yes_no(int v) { return v ? "yes" : "no"; }

/* One JSON object per input; keys documented in docs/learn.md. Optional values are null, never NaN. */
static cJSON *prediction_json(const batch *b, int i, const char *formula)
{
    const lmds_learn_prediction *p = &b->pr[i];
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "input", b->inputs[i]);
    cJSON_AddStringToObject(it, "chemical_formula_reduced", formula);
    if (!b->classify) cli_json_num(it, "Tc_K", p->tc_K), cli_json_num(it, "uncertainty_K", p->uncertainty_K);
    if (b->classify) cli_json_num(it, "p_superconducting", p->p_sc);
    else cli_json_opt(it, "p_superconducting", p->p_sc);
    if (p->superconducting < 0) cJSON_AddNullToObject(it, "superconducting");
    else cJSON_AddBoolToObject(it, "superconducting", p->superconducting);
    cli_json_num(it, "class_Tc_K", b->class_tc);
    cli_json_opt(it, "threshold", b->threshold);
    cJSON_AddBoolToObject(it, "system_seen", p->system_seen);
    if (p->unknown_z) cJSON_AddStringToObject(it, "unknown_element", lmds_element_symbol(p->unknown_z));
    else cJSON_AddNullToObject(it, "unknown_element");
    if (p->nearest_formula[0]) cJSON_AddStringToObject(it, "nearest_formula", p->nearest_formula);
    else cJSON_AddNullToObject(it, "nearest_formula");
    cli_json_opt(it, "nearest_distance", p->nearest_distance);
    cli_json_opt(it, "nearest_Tc_K", p->nearest_formula[0] ? p->nearest_tc_K : NAN);
    cli_json_opt(it, "nearest_lowest_T_K", p->nearest_formula[0] ? p->nearest_lowest_T_K : NAN);
    cli_json_opt(it, "density", p->density);
    return it;
}

/* Table (for people): the decision with its p, "UNSEEN" for an element set absent from training, the nearest
 * material and its measurement. CSV (for machines): every value in its own column, as the JSON keys. */
static void prediction_row(batch *b, int i, const char *formula)
{
    const lmds_learn_prediction *p = &b->pr[i];
    char dec[64], ntc[64];
    const char *cells[16];
    int k = 0, csv = b->fmt == CLI_FMT_CSV;
    cells[k++] = b->inputs[i];
    cells[k++] = formula;
    if (!b->classify) {
        cells[k++] = cli_num_s(p->tc_K, "%.2f", "Tc");
        cells[k++] = cli_num_s(p->uncertainty_K, "%.2f", "uncertainty");
    }
    if (csv) {
        cells[k++] = b->classify ? cli_num_s(p->p_sc, "%.3f", "p_superconducting") : cli_opt_s(p->p_sc, "%.3f");
        cells[k++] = p->superconducting < 0 ? "" : yes_no(p->superconducting);
        cells[k++] = cli_num_s(b->class_tc, "%g", "class Tc");
        cells[k++] = cli_opt_s(b->threshold, "%.4g");
        cells[k++] = yes_no(p->system_seen);
        cells[k++] = p->unknown_z ? lmds_element_symbol(p->unknown_z) : "";
    } else {
        cells[k++] = decision_s(p, dec, sizeof dec);
        cells[k++] = p->system_seen ? "seen" : "UNSEEN";
    }
    cells[k++] = p->nearest_formula;
    cells[k++] = cli_opt_s(p->nearest_distance, "%.3f");
    if (csv) {
        cells[k++] = p->nearest_formula[0] ? cli_num_s(p->nearest_tc_K, "%.4g", "Tc of the nearest material") : "";
        cells[k++] = p->nearest_formula[0] ? cli_num_s(p->nearest_lowest_T_K, "%.4g", "lowest temperature") : "";
    } else {
        cells[k++] = nearest_tc_s(p, ntc, sizeof ntc);
    }
    cells[k++] = cli_opt_s(p->density, "%.3f");
    cli_table_add(b->t, cells);
}

static int emit(batch *b, int i)
{
    char formula[64];
    lmds_comp_formula(&b->comps[i], formula, sizeof formula);
    novelty_warning(b, i);
    if (b->fmt == CLI_FMT_JSON) return cli_json_stream_add(&b->js, prediction_json(b, i, formula));
    prediction_row(b, i, formula);
    return CLI_OK;
}

/* Predict the inputs collected so far and print them (streamed: the table is flushed per block). */
static int flush_block(batch *b)
{
    int rc = CLI_OK;
    if (b->n > 0) {
        lmds_status st = lmds_learn_predict(b->m, b->comps, (size_t)b->n, b->pr);
        if (st != LMDS_OK) rc = cli_fail(st);
        for (int i = 0; i < b->n && rc == CLI_OK; i++) rc = emit(b, i);
        if (rc == CLI_OK && b->t) rc = cli_table_flush(b->t, stdout, b->fmt);
    }
    for (int i = 0; i < b->n; i++) free(b->inputs[i]);
    b->n = 0;
    return rc;
}

/* The columns of prediction_row, in its order. The table's decision column names the class temperature. */
static cli_table *prediction_table(const batch *b)
{
    char dec[64];
    if (b->class_tc > 0) snprintf(dec, sizeof dec, "superconducting above %g K", b->class_tc);
    else snprintf(dec, sizeof dec, "superconducting (Tc > 0)");
    const char *h[16];
    int k = 0, csv = b->fmt == CLI_FMT_CSV;
    h[k++] = "input";
    h[k++] = "chemical_formula_reduced";
    if (!b->classify) h[k++] = "Tc_K", h[k++] = "uncertainty_K";
    if (csv) {
        static const char *const c[] = {"p_superconducting", "superconducting", "class_Tc_K", "threshold",
                                        "system_seen", "unknown_element", "nearest_formula", "nearest_distance",
                                        "nearest_Tc_K", "nearest_lowest_T_K", "density"};
        for (size_t j = 0; j < sizeof c / sizeof c[0]; j++) h[k++] = c[j];
    } else {
        static const char *const c[] = {"system", "nearest", "distance", "nearest Tc", "density"};
        h[k++] = dec;
        for (size_t j = 0; j < sizeof c / sizeof c[0]; j++) h[k++] = c[j];
    }
    return cli_table_new(k, h);
}

static int batch_open(batch *b, const cli_args *a, const opts_t *o, int classify)
{
    b->classify = classify;
    b->fmt = o->fmt;
    cli_input_declare(o->model);
    lmds_status st = lmds_learn_model_load(o->model, &b->m);
    if (st != LMDS_OK) return cli_fail(st);
    if (classify && !lmds_learn_model_has_classifier(b->m))
        return cli_fail(lmds_error(LMDS_ENODATA, "the model has no classifier (trained with --no-classifier)"));
    b->class_tc = lmds_learn_model_class_tc(b->m);
    b->threshold = lmds_learn_model_threshold(b->m);
    if (b->fmt == CLI_FMT_JSON) cli_json_stream_begin(&b->js, stdout);
    else b->t = prediction_table(b);
    (void)a;
    return CLI_OK;
}

static int run_predict_common(const cli_args *a, opts_t *o, int classify)
{
    if (cli_argc(a) == 0 && !cli_has(a, "input"))
        return cli_usage(cli_args_cmd(a), "give compositions, '-' or --input FILE");
    cli_inputs *in = cli_inputs_open(a, cli_str(a, "input", NULL));
    if (!in) return CLI_BAD_INPUT;
    batch *b = cli_xcalloc(1, sizeof *b);
    int rc = batch_open(b, a, o, classify), r;
    const char *text;
    char where[512];
    while (rc == CLI_OK && (r = cli_inputs_next(in, &text, where, sizeof where)) != 0) {
        if (r < 0) {
            cli_inputs_bad(in, where, "line longer than 65536 bytes, skipped");
        } else if (cli_comp_parse(text, 0, 0, &b->comps[b->n]) != LMDS_OK) {
            cli_inputs_bad(in, where, lmds_errmsg());
        } else {
            b->inputs[b->n++] = cli_xstrdup(text);
            if (b->n == BLOCK) rc = flush_block(b);
        }
    }
    if (rc == CLI_OK) rc = flush_block(b);
    for (int i = 0; i < b->n; i++) free(b->inputs[i]);
    if (b->fmt == CLI_FMT_JSON && b->m) cli_json_stream_end(&b->js);
    cli_table_free(b->t);
    lmds_learn_model_free(b->m);
    free(b);
    int bad = cli_inputs_nbad(in);
    if (cli_inputs_close(in) != CLI_OK) rc = CLI_BAD_INPUT;
    return rc == CLI_OK && bad ? CLI_BAD_INPUT : rc;
}

static int run_predict(const cli_args *a, opts_t *o) { return run_predict_common(a, o, 0); }
static int run_classify(const cli_args *a, opts_t *o) { return run_predict_common(a, o, 1); }
static int cmd_predict(int argc, char **argv) { return with_args(&PREDICT, argc, argv, run_predict); }
static int cmd_classify(int argc, char **argv) { return with_args(&CLASSIFY, argc, argv, run_classify); }

int cli_cmd_learn(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"features", cmd_features, "composition descriptors (Magpie, Hamidieh statistics, valence)"},
        {"train", cmd_train, "train a model (regressor ensemble + classifier) and its JSON card"},
        {"classify", cmd_classify, "superconducting or not, at the model's threshold, with novelty"},
        {"cv", cmd_cv, "cross-validation (random, grouped by family, JARVIS split, Hamidieh's protocol)"},
        {"predict", cmd_predict, "Tc with uncertainty, the class decision and novelty, for many compositions"},
    };
    return cli_dispatch("learn", "Tc from composition with gradient-boosted trees (XGBoost).", subs,
                        (int)(sizeof subs / sizeof subs[0]), argc, argv);
}
