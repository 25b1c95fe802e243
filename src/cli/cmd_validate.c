/* lmds validate: every validation case of data/validation/ recomputed and judged. Parse, run, report.
 * Exit 0 when every case ran (misses are results), 1 when a case could not run or a suite could not be read. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define END {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL}

static const cli_opt VALIDATE_OPTS[] = {
    {"blind", 0, CLI_FLAG, NULL, 0, 0, 0, NULL,
     "also run the suites that read the genome with the material's own rows hidden", NULL},
    {"slow", 0, CLI_FLAG, NULL, 0, 0, 0, NULL, "also run the slow cases (learned-model training: minutes)", NULL},
    CLI_OPTS_FORMAT,
    END};

static const cli_cmd VALIDATE = {
    "validate", "[SUITE...] [options]",
    "Recompute every validation case shipped in data/validation/ (suites: thermo, assessments, supercon, pressure,\n"
    "learn, pipeline, routes, flux, tunnel; default all) and print, per case, the reference value and its source, lmds's\n"
    "value, the tolerance and its reason, hit or miss, and whether lmds's answer was a lookup of a stored genome\n"
    "row or computed/predicted; then a summary per suite. With --blind the suites answered by the prediction\n"
    "pipeline run a second time with the genome's rows and pressure phases of the material hidden, and both hit\n"
    "rates are shown; a prediction of a material the learned model was trained on is flagged (seen in training).\n"
    "Exit 0 even with misses; exit 1 when a case cannot run.",
    VALIDATE_OPTS, NULL, 0, -1, NULL};

static const char *const HEAD[] = {"suite", "blind", "case", "quantity", "input", "reference", "lo", "hi", "unit",
                                   "lmds", "tolerance", "result", "answer", "how", "tolerance_reason", "source",
                                   "reason", "trained_on", "nearest_training", "nearest_distance"};
#define NHEAD ((int)(sizeof HEAD / sizeof HEAD[0]))

static void add_case(cli_table *t, const lmds_validation_suite *s, const lmds_validation_case *k)
{
    const char *cells[NHEAD] = {s->name, s->blind ? "yes" : "no", k->id, k->quantity, k->input,
                                cli_opt_s(k->reference, "%.6g"), cli_opt_s(k->reference_lo, "%.6g"),
                                cli_opt_s(k->reference_hi, "%.6g"), k->unit, cli_opt_s(k->value, "%.6g"),
                                k->tolerance, lmds_validation_outcome_name(k->outcome),
                                lmds_validation_answer_name(k->answer), k->how, k->tolerance_reason, k->source,
                                k->reason, k->nearest_training[0] ? (k->trained_on ? "yes" : "no") : "",
                                k->nearest_training, cli_opt_s(k->nearest_distance, "%.4g")};
    cli_table_add(t, cells);
}

typedef struct run {
    cli_format fmt;
    lmds_validation_opts vo;
    cli_table *all, *summary, *brief; /* brief + notes: the table for people */
    char *notes;
    size_t notes_len;
    FILE *nf;
    cJSON *json;
    int cannot;
} run;

/* One short row per case, and its tolerance reason, source and how (or why not) as a note below the table. */
static void add_brief(run *r, const lmds_validation_suite *s, const lmds_validation_case *k)
{
    char ref[96];
    int m = snprintf(ref, sizeof ref, "%s", cli_opt_s(k->reference, "%.6g"));
    if (isfinite(k->reference_lo) && isfinite(k->reference_hi))
        snprintf(ref + m, sizeof ref - (size_t)m, " [%s-%s]", cli_opt_s(k->reference_lo, "%.6g"),
                 cli_opt_s(k->reference_hi, "%.6g"));
    else if (isfinite(k->reference_hi))
        snprintf(ref + m, sizeof ref - (size_t)m, " [<= %s]", cli_opt_s(k->reference_hi, "%.6g"));
    else if (isfinite(k->reference_lo))
        snprintf(ref + m, sizeof ref - (size_t)m, " [>= %s]", cli_opt_s(k->reference_lo, "%.6g"));
    const char *cells[] = {s->name, s->blind ? "blind" : "", k->id, k->quantity, ref, cli_opt_s(k->value, "%.6g"),
                           k->unit, k->tolerance, lmds_validation_outcome_name(k->outcome),
                           lmds_validation_answer_name(k->answer), k->trained_on ? k->nearest_training : ""};
    cli_table_add(r->brief, cells);
    fprintf(r->nf, "%s%s %s: tolerance %s: %s. Source: %s. lmds: %s", s->name, s->blind ? " (blind)" : "", k->id,
            k->tolerance, k->tolerance_reason, k->source, k->reason[0] ? k->reason : k->how);
    if (k->nearest_training[0])
        fprintf(r->nf, "; nearest material the learned model was trained on: %s (distance %.3g%s)",
                k->nearest_training, k->nearest_distance, k->trained_on ? ": seen in training" : "");
    fputc('\n', r->nf);
}

static cJSON *suite_json(const lmds_validation_suite *s, cli_table *rows)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "suite", s->name);
    cJSON_AddBoolToObject(o, "blind", s->blind);
    cJSON_AddNumberToObject(o, "cases", (double)s->n);
    cJSON_AddNumberToObject(o, "hits", (double)s->hits);
    cJSON_AddNumberToObject(o, "misses", (double)s->misses);
    cJSON_AddNumberToObject(o, "cannot_run", (double)s->cannot_run);
    cJSON_AddNumberToObject(o, "skipped", (double)s->skipped);
    cJSON_AddNumberToObject(o, "lookups", (double)s->lookups);
    cJSON_AddNumberToObject(o, "lookup_hits", (double)s->lookup_hits);
    cJSON_AddNumberToObject(o, "trained", (double)s->trained);
    cJSON_AddNumberToObject(o, "trained_hits", (double)s->trained_hits);
    cJSON_AddItemToObject(o, "results", cli_table_json(rows));
    return o;
}

static int run_suite(run *r, const char *name, int blind)
{
    lmds_validation_suite *s = NULL;
    lmds_status st = lmds_validation_load(name, NULL, &s);
    if (st != LMDS_OK) return cli_fail(st);
    if (blind && !s->reads_genome) {
        lmds_validation_free(s);
        return CLI_OK;
    }
    cli_progress_ctx pc = {NULL, name};
    r->vo.blind = blind;
    r->vo.progress = cli_progress_cb;
    r->vo.progress_ctx = &pc;
    st = lmds_validation_run(s, &r->vo);
    cli_progress_ctx_end(&pc);
    if (st != LMDS_OK) {
        lmds_validation_free(s);
        return cli_fail(st);
    }
    cli_table *rows = cli_table_new(NHEAD, HEAD);
    for (size_t i = 0; i < s->n; i++) {
        add_case(rows, s, &s->cases[i]);
        add_case(r->all, s, &s->cases[i]);
        add_brief(r, s, &s->cases[i]);
    }
    cli_table_addf(r->summary, "%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu", s->name, s->blind ? "yes" : "no",
                   s->n, s->hits, s->misses, s->cannot_run, s->skipped, s->lookups, s->lookup_hits, s->trained,
                   s->trained_hits);
    cJSON_AddItemToArray(r->json, suite_json(s, rows));
    cli_table_free(rows);
    r->cannot += (int)s->cannot_run;
    lmds_validation_free(s);
    return CLI_OK;
}

static int report(run *r)
{
    int rc;
    if (r->fmt == CLI_FMT_JSON) {
        rc = cli_json_print(r->json);
        r->json = NULL;
    } else if (r->fmt == CLI_FMT_CSV) {
        rc = cli_table_print(r->all, stdout, CLI_FMT_CSV);
    } else {
        rc = cli_table_print(r->brief, stdout, CLI_FMT_TABLE);
        fflush(r->nf);
        if (rc == CLI_OK) printf("\n%s\n", r->notes ? r->notes : "");
        if (rc == CLI_OK) rc = cli_table_print(r->summary, stdout, CLI_FMT_TABLE);
    }
    return rc;
}

int cli_cmd_validate(int argc, char **argv)
{
    cli_args *a;
    int code;
    if (cli_parse(&VALIDATE, argc - 1, argv + 1, &a, &code) != CLI_OK) return code;
    for (int i = 0; i < cli_argc(a); i++) {
        size_t j;
        for (j = 0; j < lmds_validation_suite_count(); j++)
            if (strcmp(cli_arg(a, i), lmds_validation_suite_name(j)) == 0) break;
        if (j == lmds_validation_suite_count()) {
            int rc = cli_usage("validate", "unknown suite '%s' (thermo, supercon, pressure, learn, pipeline, "
                               "routes, flux, tunnel)", cli_arg(a, i));
            cli_args_free(a);
            return rc;
        }
    }
    static const char *const SUM[] = {"suite", "blind", "cases", "hits", "misses", "cannot_run", "skipped",
                                      "lookups", "lookup_hits", "trained_on", "trained_on_hits"};
    static const char *const BRIEF[] = {"suite", "run", "case", "quantity", "reference", "lmds", "unit", "tolerance",
                                        "result", "answer", "seen in training"};
    run r = {cli_args_format(a), {0}, cli_table_new(NHEAD, HEAD), cli_table_new(11, SUM), cli_table_new(11, BRIEF),
             NULL, 0, NULL, cJSON_CreateArray(), 0};
    r.nf = open_memstream(&r.notes, &r.notes_len);
    if (!r.nf) {
        cli_args_free(a);
        return cli_fail(lmds_error(LMDS_ENOMEM, "validate: out of memory"));
    }
    lmds_validation_opts_init(&r.vo);
    r.vo.slow = cli_has(a, "slow");
    int blind = cli_has(a, "blind"), rc = CLI_OK;
    size_t n = cli_argc(a) ? (size_t)cli_argc(a) : lmds_validation_suite_count();
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        const char *name = cli_argc(a) ? cli_arg(a, (int)i) : lmds_validation_suite_name(i);
        rc = run_suite(&r, name, 0);
        if (rc == CLI_OK && blind) rc = run_suite(&r, name, 1);
    }
    if (rc == CLI_OK) rc = report(&r);
    if (rc == CLI_OK && r.cannot > 0) {
        fprintf(stderr, "lmds validate: %d case%s could not run (see the reason column)\n", r.cannot,
                r.cannot == 1 ? "" : "s");
        rc = CLI_BAD_INPUT;
    }
    cJSON_Delete(r.json);
    cli_table_free(r.all);
    cli_table_free(r.summary);
    cli_table_free(r.brief);
    fclose(r.nf);
    free(r.notes);
    cli_args_free(a);
    return rc;
}
