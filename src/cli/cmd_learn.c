/* lmds learn: Tc from composition with gradient-boosted trees.
 *   lmds learn features [--preset P] [--json|--csv] COMPOSITION...
 *   lmds learn train    [--data CSV | --genome DATASET] [--out MODEL] [--score] [hyper-parameters]
 *   lmds learn classify [--model M] [--json|--csv] COMPOSITION...
 *   lmds learn cv       [--data CSV] --split random|group|jarvis --folds K --seed S [--json]
 *   lmds learn cv       --protocol hamidieh --data NIMS.tsv [--repeats N]
 *   lmds learn predict  [--model M] [--json|--csv] COMPOSITION... */
#include <getopt.h>
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

static void usage_main(FILE *f)
{
    fprintf(f,
            "Usage: lmds learn SUBCOMMAND [options]\n"
            "Tc from composition with gradient-boosted trees (XGBoost).\n\n"
            "Subcommands:\n"
            "  features COMPOSITION...   composition descriptors (Magpie, Hamidieh statistics, valence)\n"
            "  train                     train a model (regressor ensemble + classifier) and its JSON card\n"
            "  classify COMPOSITION...   probability that a composition superconducts at all\n"
            "  cv                        cross-validation (random, grouped by chemical family, JARVIS split,\n"
            "                            Hamidieh's protocol)\n"
            "  predict COMPOSITION...    Tc with uncertainty and a domain check\n\n"
            "Run 'lmds learn SUBCOMMAND --help' for options.\n");
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* ------------------------------------------------------------------ progress bridge */

typedef struct {
    cli_progress *bar;
    const char *label;
} progress_ctx;

static void on_progress(void *ctx, long done, long total)
{
    progress_ctx *p = ctx;
    if (!p->bar) p->bar = cli_progress_start(p->label, total);
    if (p->bar) cli_progress_update(p->bar, done);
}

static void progress_finish(progress_ctx *p)
{
    if (p->bar) cli_progress_end(p->bar);
    p->bar = NULL;
}

/* ------------------------------------------------------------------ shared options */

enum {
    OPT_JSON = 1000, OPT_CSV, OPT_PRESET, OPT_MODEL, OPT_DATA, OPT_GENOME, OPT_OUT, OPT_ROUNDS, OPT_DEPTH, OPT_ETA,
    OPT_SUBSAMPLE, OPT_COLSAMPLE, OPT_ENSEMBLE, OPT_NOCLS, OPT_SEED, OPT_SPLIT, OPT_FOLDS, OPT_SCORE, OPT_THREADS,
    OPT_PROTOCOL, OPT_REPEATS, OPT_ALLROWS, OPT_NOMERGE, OPT_FAMILIES, OPT_JARVIS, OPT_CLSROUNDS, OPT_KEEPO,
    OPT_OOF, OPT_MINCHILD
};

typedef struct {
    cli_format fmt;
    const char *preset, *model, *data, *genome, *out, *split, *protocol, *jarvis, *oof;
    lmds_learn_params p;
    long folds, repeats;
    uint64_t seed;
    int score, all_rows, no_merge, families, keep_oxygen, ensemble_set;
} opts_t;

static const struct option LONGOPTS[] = {
    {"help", no_argument, NULL, 'h'},
    {"json", no_argument, NULL, OPT_JSON},
    {"csv", no_argument, NULL, OPT_CSV},
    {"preset", required_argument, NULL, OPT_PRESET},
    {"features", required_argument, NULL, OPT_PRESET},
    {"model", required_argument, NULL, OPT_MODEL},
    {"data", required_argument, NULL, OPT_DATA},
    {"genome", required_argument, NULL, OPT_GENOME},
    {"out", required_argument, NULL, OPT_OUT},
    {"rounds", required_argument, NULL, OPT_ROUNDS},
    {"depth", required_argument, NULL, OPT_DEPTH},
    {"eta", required_argument, NULL, OPT_ETA},
    {"subsample", required_argument, NULL, OPT_SUBSAMPLE},
    {"colsample", required_argument, NULL, OPT_COLSAMPLE},
    {"min-child-weight", required_argument, NULL, OPT_MINCHILD},
    {"ensemble", required_argument, NULL, OPT_ENSEMBLE},
    {"classifier-rounds", required_argument, NULL, OPT_CLSROUNDS},
    {"no-classifier", no_argument, NULL, OPT_NOCLS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"folds", required_argument, NULL, OPT_FOLDS},
    {"score", no_argument, NULL, OPT_SCORE},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"protocol", required_argument, NULL, OPT_PROTOCOL},
    {"repeats", required_argument, NULL, OPT_REPEATS},
    {"all-rows", no_argument, NULL, OPT_ALLROWS},
    {"no-merge", no_argument, NULL, OPT_NOMERGE},
    {"families", no_argument, NULL, OPT_FAMILIES},
    {"jarvis-split", required_argument, NULL, OPT_JARVIS},
    {"keep-oxygen-placeholder", no_argument, NULL, OPT_KEEPO},
    {"oof", required_argument, NULL, OPT_OOF},
    {NULL, 0, NULL, 0}};

/* Parse the options shared by all subcommands; returns -1 on success (continue), else an exit code.
 * *help set when --help was given. */
static int parse_opts(const char *sub, int argc, char **argv, opts_t *o, int *help)
{
    memset(o, 0, sizeof *o);
    lmds_learn_params_default(&o->p);
    o->folds = 5;
    o->repeats = 25;
    o->seed = 42;
    *help = 0;
    optind = 1;
    opterr = 0;
    int c;
    long lv;
    double dv;
    char cmd[64];
    snprintf(cmd, sizeof cmd, "learn %s", sub);
    while ((c = getopt_long(argc, argv, "+h", LONGOPTS, NULL)) != -1) {
        int rc = CLI_OK;
        switch (c) {
        case 'h': *help = 1; return -1;
        case OPT_JSON: o->fmt = CLI_FMT_JSON; break;
        case OPT_CSV: o->fmt = CLI_FMT_CSV; break;
        case OPT_PRESET: o->preset = optarg; o->p.features = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_GENOME: o->genome = optarg; break;
        case OPT_OUT: o->out = optarg; break;
        case OPT_ROUNDS: if ((rc = cli_parse_int(cmd, "--rounds", optarg, &lv)) == CLI_OK) o->p.n_rounds = (int)lv; break;
        case OPT_DEPTH: if ((rc = cli_parse_int(cmd, "--depth", optarg, &lv)) == CLI_OK) o->p.max_depth = (int)lv; break;
        case OPT_ETA: if ((rc = cli_parse_double(cmd, "--eta", optarg, &dv)) == CLI_OK) o->p.eta = dv; break;
        case OPT_SUBSAMPLE: if ((rc = cli_parse_double(cmd, "--subsample", optarg, &dv)) == CLI_OK) o->p.subsample = dv; break;
        case OPT_COLSAMPLE: if ((rc = cli_parse_double(cmd, "--colsample", optarg, &dv)) == CLI_OK) o->p.colsample = dv; break;
        case OPT_MINCHILD: if ((rc = cli_parse_double(cmd, "--min-child-weight", optarg, &dv)) == CLI_OK) o->p.min_child_weight = dv; break;
        case OPT_ENSEMBLE:
            if ((rc = cli_parse_int(cmd, "--ensemble", optarg, &lv)) == CLI_OK) o->p.n_ensemble = (int)lv;
            o->ensemble_set = 1;
            break;
        case OPT_CLSROUNDS: if ((rc = cli_parse_int(cmd, "--classifier-rounds", optarg, &lv)) == CLI_OK) o->p.cls_rounds = (int)lv; break;
        case OPT_NOCLS: o->p.classifier = 0; break;
        case OPT_SEED:
            if ((rc = cli_parse_int(cmd, "--seed", optarg, &lv)) == CLI_OK) {
                if (lv < 0) return cli_usage(cmd, "--seed must be >= 0");
                o->seed = (uint64_t)lv;
                o->p.seed = (uint64_t)lv;
            }
            break;
        case OPT_SPLIT: o->split = optarg; break;
        case OPT_FOLDS: rc = cli_parse_int(cmd, "--folds", optarg, &o->folds); break;
        case OPT_SCORE: o->score = 1; break;
        case OPT_THREADS: if ((rc = cli_parse_int(cmd, "--threads", optarg, &lv)) == CLI_OK) o->p.nthread = (int)lv; break;
        case OPT_PROTOCOL: o->protocol = optarg; break;
        case OPT_REPEATS: rc = cli_parse_int(cmd, "--repeats", optarg, &o->repeats); break;
        case OPT_ALLROWS: o->all_rows = 1; break;
        case OPT_NOMERGE: o->no_merge = 1; break;
        case OPT_FAMILIES: o->families = 1; break;
        case OPT_JARVIS: o->jarvis = optarg; break;
        case OPT_KEEPO: o->keep_oxygen = 1; break;
        case OPT_OOF: o->oof = optarg; break;
        case '?':
        default:
            if (optopt) return cli_usage(cmd, "option '-%c' is unknown or needs a value", optopt);
            return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
        if (rc != CLI_OK) return rc;
    }
    return -1;
}

/* Parse the positional compositions. */
static int parse_comps(int argc, char **argv, lmds_comp **out, int *n)
{
    *n = argc - optind;
    *out = calloc(*n > 0 ? (size_t)*n : 1, sizeof **out);
    if (!*out) return cli_fail(lmds_error(LMDS_ENOMEM, "out of memory"));
    for (int i = 0; i < *n; i++) {
        lmds_status st = lmds_comp_parse(argv[optind + i], NULL, &(*out)[i]);
        if (st != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_error(st, "'%s': %s", argv[optind + i], msg);
            free(*out);
            *out = NULL;
            return cli_fail(st);
        }
    }
    return CLI_OK;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v)) snprintf(buf, n, "nan");
    else snprintf(buf, n, "%.10g", v);
}

/* ------------------------------------------------------------------ features */

static int cmd_features(int argc, char **argv)
{
    opts_t o;
    int help, rc = parse_opts("features", argc, argv, &o, &help);
    if (rc >= 0) return rc;
    rc = CLI_OK;
    if (help) {
        printf("Usage: lmds learn features [--preset P] [--json|--csv] COMPOSITION...\n"
               "Composition descriptors used by the Tc learner. Presets (joined with '+'):\n"
               "  magpie     132 Magpie features (matminer ElementProperty 'magpie', same names)\n"
               "  hamidieh   Hamidieh's 10 statistics of 8 element properties\n"
               "  valence    number of elements, fractions of s/p/d/f valence electrons\n"
               "  fractions  mole fraction of each element\n"
               "  default    magpie+hamidieh+valence\n"
               "Table: one row per feature, one column per composition; --csv: one row per composition;\n"
               "--json: [{formula, features: {name: value}}]. A missing element property is an error.\n");
        return CLI_OK;
    }
    if (optind >= argc) return cli_usage("learn features", "no composition given");
    lmds_learn_featurizer *f;
    lmds_status st = lmds_learn_featurizer_new(o.preset, &f);
    if (st != LMDS_OK) return cli_fail(st);
    lmds_comp *comps;
    int n;
    if ((rc = parse_comps(argc, argv, &comps, &n)) != CLI_OK) {
        lmds_learn_featurizer_free(f);
        return rc;
    }
    size_t nf = lmds_learn_featurizer_count(f);
    double *v = malloc((size_t)n * nf * sizeof *v);
    char (*formula)[64] = calloc((size_t)n, sizeof *formula);
    for (int i = 0; v && i < n; i++) {
        lmds_comp_formula(&comps[i], formula[i], sizeof formula[i]);
        st = lmds_learn_features(f, &comps[i], v + (size_t)i * nf);
        if (st != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_error(st, "'%s': %s", argv[optind + i], msg);
            break;
        }
    }
    if (st == LMDS_OK) {
        char num[64];
        if (o.fmt == CLI_FMT_JSON) {
            cJSON *arr = cJSON_CreateArray();
            for (int i = 0; i < n; i++) {
                cJSON *it = cJSON_CreateObject(), *fe = cJSON_CreateObject();
                cJSON_AddStringToObject(it, "input", argv[optind + i]);
                cJSON_AddStringToObject(it, "formula", formula[i]);
                for (size_t k = 0; k < nf; k++)
                    cJSON_AddItemToObject(fe, lmds_learn_featurizer_name(f, k), cli_json_number(v[(size_t)i * nf + k]));
                cJSON_AddItemToObject(it, "features", fe);
                cJSON_AddItemToArray(arr, it);
            }
            cli_json_print(arr);
        } else if (o.fmt == CLI_FMT_CSV) {
            const char **hdr = malloc((nf + 1) * sizeof *hdr);
            hdr[0] = "formula";
            for (size_t k = 0; k < nf; k++) hdr[k + 1] = lmds_learn_featurizer_name(f, k);
            cli_table *t = cli_table_new((int)nf + 1, hdr);
            char **cells = malloc((nf + 1) * sizeof *cells);
            for (int i = 0; i < n; i++) {
                cells[0] = formula[i];
                for (size_t k = 0; k < nf; k++) {
                    cells[k + 1] = malloc(32);
                    fmt_num(cells[k + 1], 32, v[(size_t)i * nf + k]);
                }
                cli_table_add(t, (const char *const *)cells);
                for (size_t k = 0; k < nf; k++) free(cells[k + 1]);
            }
            cli_table_print(t, stdout, CLI_FMT_CSV);
            cli_table_free(t);
            free(cells);
            free(hdr);
        } else {
            const char **hdr = malloc(((size_t)n + 1) * sizeof *hdr);
            hdr[0] = "feature";
            for (int i = 0; i < n; i++) hdr[i + 1] = formula[i];
            cli_table *t = cli_table_new(n + 1, hdr);
            char **cells = malloc(((size_t)n + 1) * sizeof *cells);
            for (size_t k = 0; k < nf; k++) {
                cells[0] = (char *)lmds_learn_featurizer_name(f, k);
                for (int i = 0; i < n; i++) {
                    cells[i + 1] = malloc(sizeof num);
                    fmt_num(cells[i + 1], sizeof num, v[(size_t)i * nf + k]);
                }
                cli_table_add(t, (const char *const *)cells);
                for (int i = 0; i < n; i++) free(cells[i + 1]);
            }
            cli_table_print(t, stdout, CLI_FMT_TABLE);
            cli_table_free(t);
            free(cells);
            free(hdr);
        }
    }
    free(v);
    free(formula);
    free(comps);
    lmds_learn_featurizer_free(f);
    return st == LMDS_OK ? CLI_OK : cli_fail(st);
}

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

static cJSON *metrics_json(const lmds_learn_metrics *m)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "n", (double)m->n);
    cJSON_AddItemToObject(j, "rmse_K", cli_json_number(m->rmse_K));
    cJSON_AddItemToObject(j, "mae_K", cli_json_number(m->mae_K));
    cJSON_AddItemToObject(j, "r2", cli_json_number(m->r2));
    cJSON_AddItemToObject(j, "rmse_logTc", cli_json_number(m->rmse_log));
    cJSON_AddItemToObject(j, "mae_logTc", cli_json_number(m->mae_log));
    cJSON_AddItemToObject(j, "r2_logTc", cli_json_number(m->r2_log));
    cJSON *c = cJSON_CreateObject();
    cJSON_AddItemToObject(c, "accuracy", cli_json_number(m->acc10));
    cJSON_AddItemToObject(c, "precision", cli_json_number(m->precision10));
    cJSON_AddItemToObject(c, "recall", cli_json_number(m->recall10));
    cJSON_AddItemToObject(c, "f1", cli_json_number(m->f1_10));
    cJSON_AddItemToObject(c, "auc", cli_json_number(m->auc10));
    cJSON_AddItemToObject(j, "Tc_gt_10K", c);
    return j;
}

static void metrics_row(cli_table *t, const char *name, const lmds_learn_metrics *m)
{
    cli_table_addf(t, "%s\t%zu\t%.3f\t%.3f\t%.4f\t%.4f\t%.4f\t%.4f\t%.3f\t%.3f", name, m->n, m->rmse_K, m->mae_K, m->r2,
                   m->rmse_log, m->mae_log, m->r2_log, m->f1_10, m->auc10);
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
    size_t *perm = malloc(n * sizeof *perm);
    double *pred = malloc(nte * sizeof *pred), *truth = malloc(nte * sizeof *truth);
    double *rm = calloc((size_t)o->repeats, sizeof *rm), *r2 = calloc((size_t)o->repeats, sizeof *r2);
    double *ma = calloc((size_t)o->repeats, sizeof *ma);
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
    int rc = CLI_OK;
    if (st != LMDS_OK) rc = cli_fail(st);
    else {
        double mr = 0, sr = 0, m2 = 0, mm = 0;
        for (long r = 0; r < o->repeats; r++) {
            mr += rm[r];
            m2 += r2[r];
            mm += ma[r];
        }
        mr /= o->repeats;
        m2 /= o->repeats;
        mm /= o->repeats;
        for (long r = 0; r < o->repeats; r++) sr += (rm[r] - mr) * (rm[r] - mr);
        sr = o->repeats > 1 ? sqrt(sr / (o->repeats - 1)) : 0;
        double secs = now_s() - t0;
        if (o->fmt == CLI_FMT_JSON) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "protocol", "hamidieh");
            cJSON_AddNumberToObject(j, "rows", (double)n);
            cJSON_AddNumberToObject(j, "repeats", (double)o->repeats);
            cJSON_AddNumberToObject(j, "rmse_K", mr);
            cJSON_AddNumberToObject(j, "rmse_K_sd", sr);
            cJSON_AddNumberToObject(j, "mae_K", mm);
            cJSON_AddNumberToObject(j, "r2", m2);
            cJSON_AddNumberToObject(j, "seconds_per_fit", secs / o->repeats);
            cJSON_AddNumberToObject(j, "anchor_rmse_K", 9.5);
            cJSON_AddNumberToObject(j, "anchor_r2", 0.92);
            cli_json_print(j);
        } else {
            printf("Hamidieh protocol (2/3 train, 1/3 test, %ld repeats, %zu rows, features %s):\n", o->repeats, n,
                   p.features);
            printf("  RMSE %.2f +- %.2f K, MAE %.2f K, R^2 %.3f   (anchor: RMSE 9.5 K, R^2 0.92)\n", mr, sr, mm, m2);
            printf("  %.1f s per fit\n", secs / o->repeats);
        }
    }
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
    unsigned char *is_test = malloc(d->n_read + 1);
    size_t ntr = 0, nte = 0;
    int rc = read_jarvis(split, d->n_read, is_test, &ntr, &nte);
    if (rc != CLI_OK) {
        free(is_test);
        lmds_learn_data_free(d);
        return rc;
    }
    size_t *tr = malloc(ntr * sizeof *tr), *te = malloc(nte * sizeof *te);
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
    double *pred = malloc(nte * sizeof *pred), *truth = malloc(nte * sizeof *truth);
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
                cli_json_print(j);
            } else {
                printf("JARVIS supercon_chem_Tc split: %zu train, %zu test rows (Tc = 0 rows included, as the task "
                       "defines them)\n",
                       a, b);
                cli_table *t = metrics_table();
                metrics_row(t, "jarvis test", out);
                cli_table_print(t, stdout, o->fmt);
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
    return st == LMDS_OK ? CLI_OK : cli_fail(st);
}

static int write_oof(const char *path, const lmds_learn_data *d, const double *oof, const double *sd, const int *fold)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return cli_fail(lmds_error(LMDS_EIO, "%s: cannot write", path));
    fprintf(fp, "formula,system,Tc_K,pred_K,spread_K,fold\n");
    for (size_t i = 0; i < d->n; i++)
        fprintf(fp, "%s,%s,%.6g,%.6g,%.6g,%d\n", d->rows[i].formula, d->rows[i].system, d->rows[i].tc_K, oof[i], sd[i],
                fold[i]);
    fclose(fp);
    return CLI_OK;
}

static int cmd_cv(int argc, char **argv)
{
    opts_t o;
    int help, rc = parse_opts("cv", argc, argv, &o, &help);
    if (rc >= 0) return rc;
    rc = CLI_OK;
    if (help) {
        printf("Usage: lmds learn cv [--data CSV | --genome DATASET] [--split random|group|jarvis] [--folds K]\n"
               "                     [--seed S] [--families] [--all-rows] [--no-merge] [--json] [hyper-parameters]\n"
               "       lmds learn cv --protocol hamidieh --data NIMS.tsv [--repeats N]\n"
               "Cross-validation of the Tc regressor. Duplicate formulas are merged (median Tc) before splitting, and\n"
               "only rows with Tc > 0 are used (the regressor's domain) unless --all-rows.\n"
               "  --split random   the field's usual K-fold protocol (default)\n"
               "  --split group    every chemical family (element set), hence every formula, in one fold\n"
               "  --split jarvis   the JARVIS leaderboard's fixed split of the Stanev list (all rows, unmerged)\n"
               "  --protocol hamidieh   Hamidieh 2018: rows with Tc > 0, exact duplicates removed, random 2/3-1/3,\n"
               "                        N repeats (default 25)\n"
               "  --families       also report cuprates, non-cuprates, and non-cuprates with Ga/In/Sn/Hg/Bi/Pb\n"
               "  --oof FILE       write out-of-fold predictions as CSV\n"
               "Hyper-parameters: --features P --rounds N --depth D --eta E --subsample F --colsample F\n"
               "  --min-child-weight W --ensemble K --threads N\n"
               "Metrics: RMSE, MAE, R^2 in K and on ln(1 + Tc/K); F1 and AUC of the call Tc > 10 K.\n"
               "--json keys: rmse_K, mae_K, r2, ...\n");
        return CLI_OK;
    }
    if (optind < argc) return cli_usage("learn cv", "unexpected argument '%s'", argv[optind]);
    if (!argv || o.folds < 2 || o.folds > 100) return cli_usage("learn cv", "--folds must be 2..100");
    if (o.protocol) {
        if (strcmp(o.protocol, "hamidieh") != 0)
            return cli_usage("learn cv", "unknown protocol '%s' (known: hamidieh)", o.protocol);
        return cv_hamidieh(&o);
    }
    const char *split = o.split ? o.split : "random";
    lmds_learn_split sp;
    /* Cross-validation scores one regressor per fold unless --ensemble asks for more. */
    if (!o.ensemble_set) o.p.n_ensemble = 1;
    if (!strcmp(split, "random")) sp = LMDS_LEARN_SPLIT_RANDOM;
    else if (!strcmp(split, "group")) sp = LMDS_LEARN_SPLIT_GROUP;
    else if (!strcmp(split, "jarvis")) {
        lmds_learn_metrics m;
        return cv_jarvis(&o, &m, 0);
    } else
        return cli_usage("learn cv", "unknown split '%s' (random, group, jarvis)", split);
    lmds_learn_data *d;
    lmds_status st = load_training(&o, !o.all_rows, !o.no_merge, &d);
    if (st != LMDS_OK) return cli_fail(st);
    print_data_summary(d, stderr);
    double *oof = malloc(d->n * sizeof *oof), *sd = malloc(d->n * sizeof *sd);
    int *fold = malloc(d->n * sizeof *fold);
    lmds_learn_metrics m;
    progress_ctx pc = {NULL, "cv"};
    o.p.progress = on_progress;
    o.p.progress_ctx = &pc;
    double t0 = now_s();
    st = lmds_learn_cv(d, &o.p, sp, (int)o.folds, o.seed, oof, sd, fold, &m);
    progress_finish(&pc);
    double secs = now_s() - t0;
    if (st == LMDS_OK) {
        double *truth = malloc(d->n * sizeof *truth);
        unsigned char *sub[3];
        lmds_learn_metrics fm[3];
        static const char *const fname[3] = {"cuprates", "non-cuprates", "non-cuprates with Ga/In/Sn/Hg/Bi/Pb"};
        static const char *const fkey[3] = {"cuprates", "non_cuprates", "liquid_metal_non_cuprates"};
        for (int k = 0; k < 3; k++) sub[k] = calloc(d->n, 1);
        for (size_t i = 0; i < d->n; i++) {
            truth[i] = d->rows[i].tc_K;
            sub[0][i] = (unsigned char)is_cuprate(&d->rows[i].comp);
            sub[1][i] = !sub[0][i];
            sub[2][i] = (unsigned char)lmds_learn_liquid_metal_family(&d->rows[i].comp);
        }
        for (int k = 0; k < 3; k++) lmds_learn_metrics_compute(truth, oof, sub[k], d->n, &fm[k]);
        if (o.fmt == CLI_FMT_JSON) {
            cJSON *j = metrics_json(&m);
            cJSON_AddStringToObject(j, "split", split);
            cJSON_AddNumberToObject(j, "folds", (double)o.folds);
            cJSON_AddNumberToObject(j, "seed", (double)o.seed);
            cJSON_AddStringToObject(j, "features", o.p.features);
            cJSON_AddNumberToObject(j, "seconds", secs);
            if (o.families) {
                cJSON *fj = cJSON_CreateObject();
                for (int k = 0; k < 3; k++) cJSON_AddItemToObject(fj, fkey[k], metrics_json(&fm[k]));
                cJSON_AddItemToObject(j, "families", fj);
            }
            cli_json_print(j);
        } else {
            printf("%ld-fold %s cross-validation (seed %llu, features %s, %zu rows, %.1f s)\n", o.folds, split,
                   (unsigned long long)o.seed, o.p.features, d->n, secs);
            cli_table *t = metrics_table();
            metrics_row(t, "all", &m);
            if (o.families)
                for (int k = 0; k < 3; k++) metrics_row(t, fname[k], &fm[k]);
            cli_table_print(t, stdout, o.fmt);
            cli_table_free(t);
        }
        if (o.oof) rc = write_oof(o.oof, d, oof, sd, fold);
        for (int k = 0; k < 3; k++) free(sub[k]);
        free(truth);
    }
    free(oof);
    free(sd);
    free(fold);
    lmds_learn_data_free(d);
    if (st != LMDS_OK) return cli_fail(st);
    return rc;
}

/* ------------------------------------------------------------------ train */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmd_train(int argc, char **argv)
{
    opts_t o;
    int help, rc = parse_opts("train", argc, argv, &o, &help);
    if (rc >= 0) return rc;
    rc = CLI_OK;
    if (help) {
        printf("Usage: lmds learn train [--data CSV | --genome DATASET] [--out MODEL] [--score] [--json]\n"
               "                        [--features P] [--rounds N] [--depth D] [--eta E] [--subsample F]\n"
               "                        [--colsample F] [--ensemble K] [--no-classifier] [--classifier-rounds N]\n"
               "                        [--seed S] [--threads N] [--folds K]\n"
               "Train the Tc regressor (an ensemble of K seeds on rows with Tc > 0; the spread is the uncertainty)\n"
               "and the classifier of Tc > 0 vs 'no Tc reported' (all rows), after merging duplicate formulas\n"
               "(median Tc). Default data: the genome's Stanev 2018 list (shipped copy when the genome is absent).\n"
               "Writes MODEL (default lmds_tc.model) and its card MODEL.json (data, features, hyper-parameters,\n"
               "metrics, date). --score adds random and grouped K-fold CV metrics and the JARVIS split to the card\n"
               "and calibrates the uncertainty on the out-of-fold errors.\n");
        return CLI_OK;
    }
    if (optind < argc) return cli_usage("learn train", "unexpected argument '%s'", argv[optind]);
    const char *out = o.out ? o.out : "lmds_tc.model";
    lmds_learn_data *d;
    lmds_status st = load_training(&o, 0, 1, &d);
    if (st != LMDS_OK) return cli_fail(st);
    print_data_summary(d, stderr);
    progress_ctx pc = {NULL, "train"};
    o.p.progress = on_progress;
    o.p.progress_ctx = &pc;
    lmds_learn_model *m = NULL;
    double t0 = now_s();
    st = lmds_learn_train(d, d, &o.p, &m);
    progress_finish(&pc);
    double t_train = now_s() - t0;
    if (st != LMDS_OK) {
        lmds_learn_data_free(d);
        return cli_fail(st);
    }
    char note[256];
    snprintf(note, sizeof note, "%.1f", t_train);
    lmds_learn_model_set_note(m, "training_seconds", note);
    lmds_learn_model_set_note(m, "classifier_label",
                              "Tc > 0 vs Tc = 0 of the Stanev list; Tc = 0 means 'no superconductivity reported' "
                              "(down to the lowest temperature measured), not a proven non-superconductor");
    rc = CLI_OK;
    if (o.score) {
        /* Scores on the regressor's rows (Tc > 0, merged): random and grouped CV with the same parameters. */
        lmds_learn_data *pos;
        lmds_learn_clean cl = {o.keep_oxygen, 1};
        (void)cl;
        st = load_training(&o, 1, 1, &pos);
        static const char *const names[2] = {"random", "group"};
        for (int s = 0; st == LMDS_OK && s < 2; s++) {
            double *oof = malloc(pos->n * sizeof *oof), *sd = malloc(pos->n * sizeof *sd);
            int *fold = malloc(pos->n * sizeof *fold);
            lmds_learn_metrics mt;
            lmds_learn_params p = o.p;
            p.n_ensemble = s == 0 ? (o.p.n_ensemble < 3 ? o.p.n_ensemble : 3) : 1;
            pc.label = names[s];
            st = lmds_learn_cv(pos, &p, s ? LMDS_LEARN_SPLIT_GROUP : LMDS_LEARN_SPLIT_RANDOM, (int)o.folds, o.seed, oof,
                               sd, fold, &mt);
            progress_finish(&pc);
            if (st == LMDS_OK) {
                lmds_learn_model_set_metrics(m, names[s], &mt);
                fprintf(stderr, "%s %ld-fold CV: RMSE %.2f K, MAE %.2f K, R^2 %.3f\n", names[s], o.folds, mt.rmse_K,
                        mt.mae_K, mt.r2);
                /* Per-family numbers for the liquid-metal non-cuprates. */
                double *truth = malloc(pos->n * sizeof *truth);
                unsigned char *sub = calloc(pos->n, 1);
                for (size_t i = 0; i < pos->n; i++) {
                    truth[i] = pos->rows[i].tc_K;
                    sub[i] = (unsigned char)lmds_learn_liquid_metal_family(&pos->rows[i].comp);
                }
                lmds_learn_metrics fm;
                lmds_learn_metrics_compute(truth, oof, sub, pos->n, &fm);
                char key[64];
                snprintf(key, sizeof key, "%s_liquid_metal_non_cuprates", names[s]);
                lmds_learn_model_set_metrics(m, key, &fm);
                if (s == 0 && p.n_ensemble > 1) {
                    /* Calibrate: the factor that makes 68.3 % of out-of-fold |errors| fall within the spread of
                     * an ensemble of the same size (the spread of a small ensemble underestimates the error). */
                    double *ratio = malloc(pos->n * sizeof *ratio);
                    size_t k = 0;
                    for (size_t i = 0; i < pos->n; i++)
                        if (sd[i] > 0) ratio[k++] = fabs(oof[i] - truth[i]) / sd[i];
                    if (k > 10) {
                        qsort(ratio, k, sizeof *ratio, cmp_double);
                        double scale = ratio[(size_t)(0.683 * (k - 1))];
                        lmds_learn_model_set_uncertainty_scale(m, scale, 0.0);
                        snprintf(note, sizeof note,
                                 "uncertainty_K = %.4g x ensemble spread: 68.3 %% of random-CV out-of-fold |errors| "
                                 "fall within it (ensemble of %d in CV)",
                                 scale, p.n_ensemble);
                        lmds_learn_model_set_note(m, "uncertainty_calibration", note);
                    }
                    free(ratio);
                }
                free(truth);
                free(sub);
            }
            free(oof);
            free(sd);
            free(fold);
        }
        lmds_learn_data_free(pos);
        if (st == LMDS_OK) { /* the JARVIS task is fixed: the shipped Stanev list and its split */
            lmds_learn_metrics mj;
            opts_t oj = o;
            oj.p.n_ensemble = 1;
            oj.data = NULL;
            if (cv_jarvis(&oj, &mj, 1) == CLI_OK) {
                lmds_learn_model_set_metrics(m, "jarvis", &mj);
                fprintf(stderr, "JARVIS split: MAE %.2f K, RMSE %.2f K, R^2 %.3f\n", mj.mae_K, mj.rmse_K, mj.r2);
            }
        }
    }
    if (st == LMDS_OK && rc == CLI_OK) st = lmds_learn_model_save(m, out);
    if (st == LMDS_OK && rc == CLI_OK) {
        char card[4096];
        snprintf(card, sizeof card, "%s.json", out);
        cJSON *cj = cJSON_Parse(lmds_learn_model_card(m));
        char *txt = cJSON_Print(cj);
        FILE *fp = fopen(card, "w");
        if (!fp || !txt) st = lmds_error(LMDS_EIO, "%s: cannot write the model card", card);
        else {
            fputs(txt, fp);
            fputc('\n', fp);
            fclose(fp);
        }
        free(txt);
        if (o.fmt == CLI_FMT_JSON) cli_json_print(cj);
        else {
            cJSON_Delete(cj);
            printf("wrote %s and %s (%zu rows, %.1f s)\n", out, card, d->n, t_train);
        }
    }
    lmds_learn_model_free(m);
    lmds_learn_data_free(d);
    if (st != LMDS_OK) return cli_fail(st);
    return rc;
}

/* ------------------------------------------------------------------ predict / classify */

static int cmd_predict_common(int argc, char **argv, int classify_only)
{
    opts_t o;
    const char *sub = classify_only ? "classify" : "predict";
    int help, rc = parse_opts(sub, argc, argv, &o, &help);
    if (rc >= 0) return rc;
    rc = CLI_OK;
    if (help) {
        if (classify_only)
            printf("Usage: lmds learn classify [--model M] [--json|--csv] COMPOSITION...\n"
                   "Probability that the composition superconducts at all (classifier trained on the Stanev list:\n"
                   "Tc > 0 vs 'no superconductivity reported').\n");
        else
            printf("Usage: lmds learn predict [--model M] [--json|--csv] COMPOSITION...\n"
                   "Predicted Tc (K) with an uncertainty (calibrated spread of the ensemble), the probability of\n"
                   "superconducting, and a domain check: a warning when an element is absent from the training data\n"
                   "or a feature lies outside its training range. Default model: data/models/lmds_tc_default.model.\n"
                   "--json: [{formula, Tc_K, uncertainty_K, p_superconducting, in_domain}]\n");
        return CLI_OK;
    }
    if (optind >= argc) return cli_usage(classify_only ? "learn classify" : "learn predict", "no composition given");
    lmds_comp *comps;
    int n;
    if ((rc = parse_comps(argc, argv, &comps, &n)) != CLI_OK) return rc;
    lmds_learn_model *m;
    lmds_status st = lmds_learn_model_load(o.model, &m);
    if (st != LMDS_OK) {
        free(comps);
        return cli_fail(st);
    }
    if (classify_only && !lmds_learn_model_has_classifier(m)) {
        lmds_learn_model_free(m);
        free(comps);
        return cli_fail(lmds_error(LMDS_ENODATA, "the model has no classifier (trained with --no-classifier)"));
    }
    lmds_learn_prediction *pr = calloc((size_t)n, sizeof *pr);
    st = lmds_learn_predict(m, comps, (size_t)n, pr);
    if (st != LMDS_OK) {
        free(pr);
        free(comps);
        lmds_learn_model_free(m);
        return cli_fail(st);
    }
    const lmds_learn_featurizer *f = lmds_learn_model_featurizer(m);
    char formula[64];
    for (int i = 0; i < n; i++) {
        if (pr[i].in_domain) continue;
        lmds_comp_formula(&comps[i], formula, sizeof formula);
        if (pr[i].unknown_z)
            fprintf(stderr, "lmds: warning: %s: outside the training domain: %s does not occur in the training data\n",
                    formula, lmds_element_symbol(pr[i].unknown_z));
        else
            fprintf(stderr,
                    "lmds: warning: %s: outside the training domain: %d feature(s) outside the training range "
                    "(farthest: %s)\n",
                    formula, pr[i].n_out_of_range, lmds_learn_featurizer_name(f, (size_t)pr[i].worst_feature));
    }
    if (o.fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < n; i++) {
            cJSON *it = cJSON_CreateObject();
            lmds_comp_formula(&comps[i], formula, sizeof formula);
            cJSON_AddStringToObject(it, "input", argv[optind + i]);
            cJSON_AddStringToObject(it, "formula", formula);
            if (!classify_only) {
                cJSON_AddItemToObject(it, "Tc_K", cli_json_number(pr[i].tc_K));
                cJSON_AddItemToObject(it, "uncertainty_K", cli_json_number(pr[i].uncertainty_K));
            }
            cJSON_AddItemToObject(it, "p_superconducting", cli_json_number(pr[i].p_sc));
            cJSON_AddBoolToObject(it, "in_domain", pr[i].in_domain);
            cJSON_AddItemToArray(arr, it);
        }
        cli_json_print(arr);
    } else {
        static const char *const hp[] = {"formula", "Tc_K", "uncertainty_K", "p_superconducting", "in_domain"};
        static const char *const hc[] = {"formula", "p_superconducting", "in_domain"};
        cli_table *t = classify_only ? cli_table_new(3, hc) : cli_table_new(5, hp);
        for (int i = 0; i < n; i++) {
            lmds_comp_formula(&comps[i], formula, sizeof formula);
            if (classify_only)
                cli_table_addf(t, "%s\t%.3f\t%s", formula, pr[i].p_sc, pr[i].in_domain ? "yes" : "no");
            else if (isnan(pr[i].p_sc))
                cli_table_addf(t, "%s\t%.2f\t%.2f\t-\t%s", formula, pr[i].tc_K, pr[i].uncertainty_K,
                               pr[i].in_domain ? "yes" : "no");
            else
                cli_table_addf(t, "%s\t%.2f\t%.2f\t%.3f\t%s", formula, pr[i].tc_K, pr[i].uncertainty_K, pr[i].p_sc,
                               pr[i].in_domain ? "yes" : "no");
        }
        cli_table_print(t, stdout, o.fmt);
        cli_table_free(t);
    }
    free(pr);
    free(comps);
    lmds_learn_model_free(m);
    return CLI_OK;
}

int cli_cmd_learn(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        usage_main(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "features")) return cmd_features(argc, argv);
    if (!strcmp(sub, "train")) return cmd_train(argc, argv);
    if (!strcmp(sub, "cv")) return cmd_cv(argc, argv);
    if (!strcmp(sub, "predict")) return cmd_predict_common(argc, argv, 0);
    if (!strcmp(sub, "classify")) return cmd_predict_common(argc, argv, 1);
    return cli_usage("learn", "unknown subcommand '%s' (features, train, classify, cv, predict)", sub);
}
