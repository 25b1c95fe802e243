/* The validation runner: reads a suite of sourced cases (data/validation/<suite>.csv), has each case computed by
 * the engine it names (validate_eval.c) and judges the value against the reference at the stated tolerance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/csv.h"
#include "validate_internal.h"

static const char *const SUITES[] = {"thermo", "assessments", "supercon", "pressure", "learn", "pipeline", "routes", "flux",
                                     "tunnel"};
#define NSUITES (sizeof SUITES / sizeof SUITES[0])

size_t lmds_validation_suite_count(void) { return NSUITES; }

const char *lmds_validation_suite_name(size_t i) { return i < NSUITES ? SUITES[i] : NULL; }

const char *lmds_validation_outcome_name(lmds_validation_outcome o)
{
    static const char *const names[] = {"hit", "miss", "cannot run", "skipped"};
    return (unsigned)o < 4 ? names[o] : "?";
}

const char *lmds_validation_answer_name(lmds_validation_answer a)
{
    static const char *const names[] = {"computed", "lookup", "prediction", ""};
    return (unsigned)a < 4 ? names[a] : "?";
}

void lmds_validation_opts_init(lmds_validation_opts *o)
{
    memset(o, 0, sizeof *o);
}

void lmds_validation_free(lmds_validation_suite *s)
{
    if (!s) return;
    free(s->cases);
    free(s);
}

/* ---------------------------------------------------------------- reading */

enum { C_CASE, C_QUANTITY, C_INPUT, C_ROUTE, C_P, C_T, C_PARAMS, C_REF, C_LO, C_HI, C_UNIT, C_TOL, C_TOL_REASON,
       C_SOURCE, C_LOOKUP, C_NOTES, C_VERIFICATION, C_SLOW, NCOLS };
static const char *const COLS[NCOLS] = {"case", "quantity", "input", "route", "P_GPa", "T_K", "params",
                                        "reference_value", "reference_lo", "reference_hi", "unit", "tolerance",
                                        "tolerance_reason", "source", "lookup", "notes", "verification", "slow"};
#define HEADER "case,quantity,input,route,P_GPa,T_K,params,reference_value,reference_lo,reference_hi,unit," \
               "tolerance,tolerance_reason,source,lookup,notes,verification,slow"

/* A number field: empty -> NAN (when allowed). */
static lmds_status field_num(const lmds_csv *c, const char *path, const int *idx, int col, int required,
                             double *out)
{
    const char *s = c->fields[idx[col]];
    *out = NAN;
    if (!*s) {
        if (!required) return LMDS_OK;
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[idx[col]], "%s is empty", COLS[col]);
    }
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[idx[col]], "%s '%s' is not a finite number",
                             COLS[col], s);
    *out = v;
    return LMDS_OK;
}

static void copy(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s); }

static lmds_status read_row(const lmds_csv *c, const char *path, const int *idx, lmds_validation_case *k)
{
    memset(k, 0, sizeof *k);
    k->line = c->line;
    const char *const *f = (const char *const *)c->fields;
    copy(k->id, sizeof k->id, f[idx[C_CASE]]);
    copy(k->quantity, sizeof k->quantity, f[idx[C_QUANTITY]]);
    copy(k->input, sizeof k->input, f[idx[C_INPUT]]);
    copy(k->route, sizeof k->route, f[idx[C_ROUTE]]);
    copy(k->params, sizeof k->params, f[idx[C_PARAMS]]);
    copy(k->unit, sizeof k->unit, f[idx[C_UNIT]]);
    copy(k->tolerance, sizeof k->tolerance, f[idx[C_TOL]]);
    copy(k->tolerance_reason, sizeof k->tolerance_reason, f[idx[C_TOL_REASON]]);
    copy(k->source, sizeof k->source, f[idx[C_SOURCE]]);
    copy(k->lookup, sizeof k->lookup, f[idx[C_LOOKUP]]);
    copy(k->notes, sizeof k->notes, f[idx[C_NOTES]]);
    copy(k->verification, sizeof k->verification, f[idx[C_VERIFICATION]]);
    k->slow = strcmp(f[idx[C_SLOW]], "yes") == 0;
    lmds_status st;
    if ((st = field_num(c, path, idx, C_P, 0, &k->P_GPa)) || (st = field_num(c, path, idx, C_T, 0, &k->T_K)) ||
        (st = field_num(c, path, idx, C_REF, 1, &k->reference)) ||
        (st = field_num(c, path, idx, C_LO, 0, &k->reference_lo)) ||
        (st = field_num(c, path, idx, C_HI, 0, &k->reference_hi)))
        return st;
    if (isnan(k->P_GPa)) k->P_GPa = 0.0;
    static const int need[] = {C_CASE, C_QUANTITY, C_INPUT, C_TOL, C_TOL_REASON, C_SOURCE, C_LOOKUP};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!*f[idx[need[i]]])
            return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[idx[need[i]]], "%s is empty (every case "
                                 "needs it)", COLS[need[i]]);
    if (strcmp(k->lookup, "yes") && strcmp(k->lookup, "no") && strcmp(k->lookup, "depends"))
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[idx[C_LOOKUP]], "lookup '%s': expected yes, no "
                             "or depends", k->lookup);
    validation_tol tol;
    if (validation_tol_parse(k->tolerance, &tol) != LMDS_OK)
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[idx[C_TOL]], "tolerance '%s': expected a "
                             "number, 'X rel', 'factor F' or 'sign'", k->tolerance);
    return LMDS_OK;
}

static lmds_status read_suite(lmds_validation_suite *s, const char *text)
{
    lmds_csv c;
    lmds_csv_init(&c, text);
    lmds_status st = LMDS_OK;
    int idx[NCOLS], r;
    size_t cap = 0;
    if ((r = lmds_csv_next(&c)) != 1) {
        st = r < 0 ? lmds_csv_error(&c, s->path) : lmds_error_at(LMDS_EPARSE, s->path, 1, 0, "empty file");
        goto done;
    }
    if ((st = lmds_csv_require(&c, s->path, COLS, NCOLS, idx, HEADER)) != LMDS_OK) goto done;
    while ((r = lmds_csv_next(&c)) == 1) {
        if (c.nfields == 1 && !*c.fields[0]) continue; /* blank line */
        if (s->n == cap) {
            cap = cap ? 2 * cap : 32;
            lmds_validation_case *p = realloc(s->cases, cap * sizeof *p);
            if (!p) { st = lmds_error(LMDS_ENOMEM, "validation suite %s: out of memory", s->name); goto done; }
            s->cases = p;
        }
        if (c.nfields < NCOLS) {
            st = lmds_error_at(LMDS_EPARSE, s->path, c.line, 0, "%d fields, the header has %d", c.nfields, NCOLS);
            goto done;
        }
        if ((st = read_row(&c, s->path, idx, &s->cases[s->n])) != LMDS_OK) goto done;
        s->n++;
    }
    if (r < 0) st = lmds_csv_error(&c, s->path);
done:
    lmds_csv_clear(&c);
    return st;
}

lmds_status lmds_validation_load(const char *name, const char *path, lmds_validation_suite **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_validation_load: out is NULL");
    *out = NULL;
    if (!name || !*name) return lmds_error(LMDS_EINVAL, "lmds_validation_load: no suite name");
    lmds_validation_suite *s = calloc(1, sizeof *s);
    if (!s) return lmds_error(LMDS_ENOMEM, "validation suite: out of memory");
    copy(s->name, sizeof s->name, name);
    lmds_status st = LMDS_OK;
    if (path) {
        copy(s->path, sizeof s->path, path);
    } else {
        char rel[96];
        snprintf(rel, sizeof rel, "validation/%s.csv", name);
        st = lmds_data_path(rel, s->path, sizeof s->path);
    }
    char *text = NULL;
    size_t len = 0;
    if (st == LMDS_OK) st = lmds_file_read(s->path, 16u << 20, &text, &len);
    if (st == LMDS_OK) st = read_suite(s, text);
    free(text);
    if (st != LMDS_OK) {
        lmds_validation_free(s);
        return st;
    }
    for (size_t i = 0; i < s->n; i++)
        s->reads_genome |= validation_reads_genome(&s->cases[i]);
    *out = s;
    return LMDS_OK;
}

/* ---------------------------------------------------------------- judging */

lmds_status validation_tol_parse(const char *text, validation_tol *t)
{
    char *end;
    memset(t, 0, sizeof *t);
    if (strcmp(text, "sign") == 0) {
        t->kind = TOL_SIGN;
        return LMDS_OK;
    }
    if (strncmp(text, "factor ", 7) == 0) {
        t->kind = TOL_FACTOR;
        t->x = strtod(text + 7, &end);
        return *end || !(t->x >= 1.0) || !isfinite(t->x) ? LMDS_EPARSE : LMDS_OK;
    }
    t->x = strtod(text, &end);
    if (end == text || !isfinite(t->x) || t->x < 0) return LMDS_EPARSE;
    if (strcmp(end, " rel") == 0) t->kind = TOL_REL;
    else if (*end == '\0') t->kind = TOL_ABS;
    else return LMDS_EPARSE;
    return LMDS_OK;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Hit or miss of a computed value (see the tolerance rules in validate.h). */
static int judge(const lmds_validation_case *k)
{
    validation_tol t;
    validation_tol_parse(k->tolerance, &t); /* checked when read */
    double v = k->value, ref = k->reference;
    double lo = isfinite(k->reference_lo) ? k->reference_lo : ref;
    double hi = isfinite(k->reference_hi) ? k->reference_hi : ref;
    switch (t.kind) {
    case TOL_SIGN:
        return v != 0.0 && (v > 0) == (ref > 0);
    case TOL_FACTOR:
        return ref != 0.0 && v / ref >= 1.0 / t.x && v / ref <= t.x;
    case TOL_REL:
        if (ends_with(k->quantity, "_upper_bound")) return v <= hi + t.x * fabs(hi);
        if (ends_with(k->quantity, "_lower_bound")) return v >= lo - t.x * fabs(lo);
        return v >= lo - t.x * fabs(ref) && v <= hi + t.x * fabs(ref);
    default:
        if (ends_with(k->quantity, "_upper_bound")) return v <= hi + t.x;
        if (ends_with(k->quantity, "_lower_bound")) return v >= lo - t.x;
        return v >= lo - t.x && v <= hi + t.x;
    }
}

void validation_cannot(lmds_validation_case *k, const char *fmt, const char *detail)
{
    k->outcome = LMDS_VALIDATION_CANNOT_RUN;
    k->value = NAN;
    k->answer = LMDS_VALIDATION_NONE;
    snprintf(k->reason, sizeof k->reason, fmt, detail);
}

static void count(lmds_validation_suite *s, const lmds_validation_case *k)
{
    switch (k->outcome) {
    case LMDS_VALIDATION_HIT: s->hits++; break;
    case LMDS_VALIDATION_MISS: s->misses++; break;
    case LMDS_VALIDATION_CANNOT_RUN: s->cannot_run++; break;
    default: s->skipped++; break;
    }
    if (k->answer == LMDS_VALIDATION_LOOKUP) {
        s->lookups++;
        s->lookup_hits += k->outcome == LMDS_VALIDATION_HIT;
    } else if (k->trained_on) {
        s->trained++;
        s->trained_hits += k->outcome == LMDS_VALIDATION_HIT;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

lmds_status lmds_validation_run(lmds_validation_suite *s, const lmds_validation_opts *opts)
{
    if (!s) return lmds_error(LMDS_EINVAL, "lmds_validation_run: no suite");
    lmds_validation_opts o;
    if (opts) o = *opts;
    else lmds_validation_opts_init(&o);
    double t0 = now_s();
    validation_ctx ctx;
    validation_ctx_init(&ctx, &o);
    s->hits = s->misses = s->cannot_run = s->skipped = s->lookups = s->lookup_hits = 0;
    s->trained = s->trained_hits = 0;
    s->blind = o.blind && s->reads_genome;
    for (size_t i = 0; i < s->n; i++) {
        lmds_validation_case *k = &s->cases[i];
        k->value = NAN;
        k->answer = LMDS_VALIDATION_NONE;
        k->how[0] = k->reason[0] = k->nearest_training[0] = '\0';
        k->nearest_distance = NAN;
        k->trained_on = 0;
        if (k->slow && !o.slow) {
            k->outcome = LMDS_VALIDATION_SKIPPED;
            snprintf(k->reason, sizeof k->reason, "slow (minutes): run with the slow option (lmds validate --slow)");
        } else if (validation_eval(&ctx, k) == LMDS_OK) {
            if (isfinite(k->value)) k->outcome = judge(k) ? LMDS_VALIDATION_HIT : LMDS_VALIDATION_MISS;
            else validation_cannot(k, "%s", "the engine returned no finite value");
        }
        if (lmds_warning_count() > 0) { /* engine notes (extrapolation, convergence): counted, not printed */
            size_t m = strlen(k->how);
            snprintf(k->how + m, sizeof k->how - m, "%s%zu engine warning%s", m ? "; " : "", lmds_warning_count(),
                     lmds_warning_count() == 1 ? "" : "s");
            lmds_warnings_clear();
        }
        count(s, k);
        if (o.progress) o.progress(o.progress_ctx, (long)i + 1, (long)s->n);
    }
    validation_ctx_clear(&ctx);
    lmds_error_clear();
    s->seconds = now_s() - t0;
    return LMDS_OK;
}
