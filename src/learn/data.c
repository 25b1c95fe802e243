/* Training data for the Tc learner: reading formula/Tc tables (CSV through core/csv.h, the tab-separated NIMS
 * SuperCon datasheet) and curated material lists, the SuperCon cleaning policy, duplicate merging.
 *
 * The cleaning policy (docs/learn.md) is counted in lmds_learn_data and every dropped row is recorded as a reject:
 *  1. Hamidieh's rule for variable oxygen (Comput. Mater. Sci. 154, 346 (2018)): "O7-X" -> "O7", "O8+Z" -> "O8",
 *     "O6=z" -> "O6"; the variable part is dropped and the stated amount kept.
 *  2. A whole variable amount ("OZ", "OX") leaves the element without a count, which reads as 1: for cuprates
 *     that is a placeholder, not a composition. Such rows, and cuprates written with O1 against three or more
 *     cation atoms (no oxide superconductor has that stoichiometry), are dropped unless keep_oxygen_placeholder.
 *  3. Hydrogen isotopes D and T become H (same chemistry for composition features; counted as cleaned).
 *  4. Formulas the parser refuses and Tc that is missing, negative or not a number are dropped.
 *  5. lmds_learn_data_merge: rows with the same reduced formula become one row with their median Tc, so that a
 *     formula can never sit in both the training and the test side of a split. */
#include "learn_private.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include <lmds/io.h>

/* Training tables are a few MB; a 512 MB file is a mistake, not data. */
#define LMDS_LEARN_MAX_FILE (512u << 20)

static int is_var_upper(char c) { return c == 'X' || c == 'Y' || c == 'Z'; }
static int is_var_lower(char c) { return c == 'x' || c == 'y' || c == 'z' || c == 'd'; }

/* A lowercase letter after a capital is a variable when the two do not form an element symbol. */
static int lower_is_variable(const char *raw, size_t i, size_t len)
{
    char sym[3] = {raw[i - 1], raw[i], 0};
    int z;
    int var = isupper((unsigned char)raw[i - 1]) && lmds_element_lookup(sym, &z) != LMDS_OK;
    lmds_error_clear();
    if (i + 1 < len && islower((unsigned char)raw[i + 1])) var = 0;
    return var;
}

lmds_status lmds_learn_clean_formula(const char *raw, char *buf, size_t n, int *changed, int *placeholder)
{
    if (!raw || !buf || n == 0) return lmds_error(LMDS_EINVAL, "lmds_learn_clean_formula: NULL argument");
    size_t o = 0, len = strlen(raw);
    int ch = 0, ph = 0;
    for (size_t i = 0; i < len; i++) {
        char c = raw[i];
        /* Pattern 1: [-+=] [number] variable, after an amount or a symbol: "O7-X", "O4+y", "O6=z", "O7-0.5x". */
        if ((c == '-' || c == '+' || c == '=') && i > 0 && isalnum((unsigned char)raw[i - 1])) {
            size_t k = i + 1;
            while (k < len && (isdigit((unsigned char)raw[k]) || raw[k] == '.')) k++;
            if (k < len && (is_var_upper(raw[k]) || is_var_lower(raw[k]) || raw[k] == 'D') &&
                (k + 1 == len || !islower((unsigned char)raw[k + 1]))) {
                i = k;
                ch = 1;
                continue;
            }
        }
        /* Pattern 2: a variable in place of the amount: "OZ", "Oz", "OX", "Oy" (not "Dy", "Zn", "Yb"). X and Z
         * alone are never symbols (Zn, Zr have a lowercase letter); Y is yttrium unless it ends the formula. */
        if (i > 0 && isalpha((unsigned char)raw[i - 1]) && (is_var_upper(c) || is_var_lower(c))) {
            int var;
            if (is_var_upper(c)) var = (c == 'Y') ? (i + 1 == len) : !(i + 1 < len && islower((unsigned char)raw[i + 1]));
            else var = lower_is_variable(raw, i, len);
            if (var) {
                ch = 1;
                ph = 1;
                continue;
            }
        }
        /* Pattern 3: hydrogen isotopes written as D and T (deuterides, tritides: "D0.967Pd1", "Pd1T0.81") are
         * hydrogen for composition features. Not before a lowercase letter (Dy, Ta, Th, ...) and not "TI", a
         * typo whose meaning (Ti or Tl) is unknown. */
        if ((c == 'D' || c == 'T') && !(i + 1 < len && (islower((unsigned char)raw[i + 1]) || raw[i + 1] == 'I'))) {
            c = 'H';
            ch = 1;
        }
        if (o + 1 >= n) return lmds_error(LMDS_EINVAL, "learn: cleaned formula of '%s' does not fit", raw);
        buf[o++] = c;
    }
    buf[o] = 0;
    if (changed) *changed = ch;
    if (placeholder) *placeholder = ph;
    return LMDS_OK;
}

int lmds_learn_oxygen_placeholder(const lmds_comp *c)
{
    int has_cu = 0;
    double o = -1, cations = 0;
    for (int i = 0; i < c->n; i++) {
        if (c->z[i] == 8) o = c->amount[i];
        else cations += c->amount[i];
        if (c->z[i] == 29) has_cu = 1;
    }
    return has_cu && o == 1.0 && cations >= 3.0;
}

lmds_status lmds_learn_data_alloc(size_t cap, const char *source, lmds_learn_data **out)
{
    *out = NULL;
    lmds_learn_data *d = calloc(1, sizeof *d);
    if (!d) return lmds_error(LMDS_ENOMEM, "out of memory");
    d->rows = calloc(cap ? cap : 1, sizeof *d->rows);
    if (!d->rows) {
        free(d);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    snprintf(d->source, sizeof d->source, "%s", source ? source : "");
    *out = d;
    return LMDS_OK;
}

void lmds_learn_row_keys(lmds_learn_row *r)
{
    if (lmds_comp_formula(&r->comp, r->formula, sizeof r->formula) != LMDS_OK) r->formula[0] = 0;
    if (lmds_comp_system(&r->comp, r->system, sizeof r->system) != LMDS_OK) r->system[0] = 0;
    lmds_error_clear();
}

lmds_status lmds_learn_reject_add(lmds_learn_data *d, const lmds_learn_reject *proto, const char *fmt, ...)
{
    if (d->n_rejects == d->cap_rejects) {
        size_t cap = d->cap_rejects ? 2 * d->cap_rejects : 64;
        lmds_learn_reject *r = realloc(d->rejects, cap * sizeof *r);
        if (!r) return lmds_error(LMDS_ENOMEM, "out of memory");
        d->rejects = r;
        d->cap_rejects = cap;
    }
    lmds_learn_reject *r = &d->rejects[d->n_rejects++];
    *r = *proto;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
    return LMDS_OK;
}

size_t lmds_learn_data_rejects_count(const lmds_learn_data *d, const char *reason)
{
    if (!d) return 0;
    if (!reason) return d->n_rejects;
    size_t k = 0;
    for (size_t i = 0; i < d->n_rejects; i++) k += strcmp(d->rejects[i].reason, reason) == 0;
    return k;
}

/* The fields of one source row, whatever the file format. */
typedef struct raw_row {
    int line;
    const char *formula, *tc, *id, *name, *structure;
} raw_row;

static lmds_status reject(lmds_learn_data *d, const raw_row *rr, double tc, const char *reason, const char *detail)
{
    lmds_learn_reject r;
    memset(&r, 0, sizeof r);
    r.line = rr->line;
    snprintf(r.id, sizeof r.id, "%s", rr->id ? rr->id : "");
    snprintf(r.as_written, sizeof r.as_written, "%s", rr->formula);
    r.tc_K = tc;
    snprintf(r.reason, sizeof r.reason, "%s", reason);
    return lmds_learn_reject_add(d, &r, "%s", detail);
}

/* Clean, parse and append one source row (or count and record why not). */
static lmds_status add_row(lmds_learn_data *d, const lmds_learn_clean *clean, const raw_row *rr)
{
    d->n_read++;
    char *end;
    double tc = strtod(rr->tc, &end);
    while (end && isspace((unsigned char)*end)) end++;
    if (end == rr->tc || *end || !isfinite(tc) || tc < 0) {
        d->n_bad_tc++;
        return reject(d, rr, NAN, "bad_tc", "Tc missing, negative or not a number");
    }
    if (clean->positive_only && !(tc > 0)) return LMDS_OK;
    char cleaned[256];
    int changed = 0, placeholder = 0;
    lmds_learn_row *r = &d->rows[d->n];
    memset(r, 0, sizeof *r);
    if (lmds_learn_clean_formula(rr->formula, cleaned, sizeof cleaned, &changed, &placeholder) != LMDS_OK ||
        lmds_comp_parse(cleaned, NULL, &r->comp) != LMDS_OK) {
        char msg[160];
        snprintf(msg, sizeof msg, "unparsable formula: %s", lmds_errmsg());
        lmds_error_clear();
        d->n_unparsed++;
        return reject(d, rr, tc, "unparsable", msg);
    }
    if (changed && !placeholder) d->n_variable_fixed++;
    if (placeholder || lmds_learn_oxygen_placeholder(&r->comp)) {
        d->n_oxygen_placeholder++;
        if (!clean->keep_oxygen_placeholder)
            return reject(d, rr, tc, "oxygen_placeholder", "oxygen count is a placeholder (OZ, or O1 in a cuprate)");
    }
    r->tc_K = tc;
    r->line = rr->line;
    r->count = 1;
    snprintf(r->id, sizeof r->id, "%s", rr->id ? rr->id : "");
    snprintf(r->name, sizeof r->name, "%s", rr->name ? rr->name : "");
    snprintf(r->structure, sizeof r->structure, "%s", rr->structure ? rr->structure : "");
    lmds_learn_row_keys(r);
    d->n++;
    return LMDS_OK;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

/* Column roles of a header: formula (by priority), Tc. */
static void header_columns(char **fields, int nf, int *col_f, int *col_t)
{
    int pf = 99;
    *col_f = *col_t = -1;
    for (int i = 0; i < nf; i++) {
        char h[64];
        snprintf(h, sizeof h, "%s", fields[i]);
        lower(h);
        int pri = !strcmp(h, "formula") || !strcmp(h, "composition") ? 0 : !strcmp(h, "element") ? 1
                : !strcmp(h, "name") ? 2 : 99;
        if (pri < pf) {
            pf = pri;
            *col_f = i;
        }
        if (!strcmp(h, "tc") || !strcmp(h, "tc_k") || !strcmp(h, "critical_temp")) *col_t = i;
    }
}

static int col_named(char **fields, int nf, const char *name)
{
    for (int i = 0; i < nf; i++)
        if (strcmp(fields[i], name) == 0) return i;
    return -1;
}

/* Split one TSV line (modified in place) into at most max fields; trailing CR and spaces trimmed. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *q = strchr(p, '\t');
        if (!q) break;
        *q = 0;
        p = q + 1;
    }
    for (int i = 0; i < n; i++) {
        size_t l = strlen(f[i]);
        while (l && (f[i][l - 1] == '\r' || f[i][l - 1] == ' ')) f[i][--l] = 0;
        while (*f[i] == ' ') f[i]++;
    }
    return n;
}

/* The NIMS SuperCon datasheet: tab-separated, several header lines, the last of them naming the columns
 * (num, name, element, str3, utc, tc, journal). */
static lmds_status read_tsv(char *text, const char *path, const lmds_learn_clean *clean, lmds_learn_data *d)
{
    int cf = -1, ct = -1, cid = -1, cname = -1, cstr = -1, line = 0;
    char *p = text, *fields[64];
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        line++;
        char *cur = p;
        p = nl ? nl + 1 : NULL;
        if (!*cur || *cur == '\r' || *cur == '#') continue;
        int nf = split_tabs(cur, fields, 64);
        if (cf < 0) {
            header_columns(fields, nf, &cf, &ct);
            if (cf < 0 || ct < 0) {
                cf = ct = -1;
                if (line >= 5)
                    return lmds_error_at(LMDS_EPARSE, path, 1, 1, "no header line with a formula column "
                                         "(formula/element/name) and a Tc column (tc) in the first lines");
                continue;
            }
            cid = col_named(fields, nf, "num");
            cname = cf == col_named(fields, nf, "element") ? col_named(fields, nf, "name") : -1;
            cstr = col_named(fields, nf, "str3");
            continue;
        }
        if (nf <= cf || nf <= ct)
            return lmds_error_at(LMDS_EPARSE, path, line, 1, "expected at least %d tab-separated fields, found %d",
                                 (cf > ct ? cf : ct) + 1, nf);
        raw_row rr = {line, fields[cf], fields[ct], cid >= 0 && cid < nf ? fields[cid] : NULL,
                      cname >= 0 && cname < nf ? fields[cname] : NULL, cstr >= 0 && cstr < nf ? fields[cstr] : NULL};
        lmds_status st = add_row(d, clean, &rr);
        if (st != LMDS_OK) return st;
    }
    if (cf < 0) return lmds_error_at(LMDS_EPARSE, path, 1, 1, "no header with a formula and a Tc column");
    return LMDS_OK;
}

static int blank_or_comment(const lmds_csv *c)
{
    return c->fields[0][0] == '#' || (c->nfields == 1 && c->fields[0][0] == 0);
}

static lmds_status read_csv(const char *text, const char *path, const lmds_learn_clean *clean, lmds_learn_data *d)
{
    lmds_csv c;
    lmds_csv_init(&c, text);
    int cf = -1, ct = -1, r, records = 0;
    lmds_status st = LMDS_OK;
    while (st == LMDS_OK && (r = lmds_csv_next(&c)) == 1) {
        if (blank_or_comment(&c)) continue;
        if (cf < 0) {
            header_columns(c.fields, c.nfields, &cf, &ct);
            if (cf < 0 || ct < 0) {
                cf = ct = -1;
                if (++records >= 5)
                    st = lmds_error_at(LMDS_EPARSE, path, 1, 1, "no header with a formula column (formula/name/"
                                       "element/composition) and a Tc column (Tc/Tc_K/critical_temp) in the first lines");
            }
            continue;
        }
        if (c.nfields <= cf || c.nfields <= ct) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, 1, "expected at least %d fields, found %d",
                               (cf > ct ? cf : ct) + 1, c.nfields);
            break;
        }
        raw_row rr = {c.line, c.fields[cf], c.fields[ct], NULL, NULL, NULL};
        st = add_row(d, clean, &rr);
    }
    if (st == LMDS_OK && r < 0) st = lmds_csv_error(&c, path);
    if (st == LMDS_OK && cf < 0) st = lmds_error_at(LMDS_EPARSE, path, 1, 1, "no header with a formula and a Tc column");
    lmds_csv_clear(&c);
    return st;
}

lmds_status lmds_learn_data_read(const char *path, const lmds_learn_clean *clean, lmds_learn_data **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_data_read: NULL output");
    *out = NULL;
    if (!path) return lmds_error(LMDS_EINVAL, "lmds_learn_data_read: NULL path");
    lmds_learn_clean defaults = {0, 0};
    if (!clean) clean = &defaults;
    char *text = NULL;
    size_t len = 0;
    lmds_status st = lmds_file_read(path, LMDS_LEARN_MAX_FILE, &text, &len);
    if (st != LMDS_OK) return st;
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++) nlines += text[i] == '\n';
    lmds_learn_data *d = NULL;
    st = lmds_learn_data_alloc(nlines, path, &d);
    if (st == LMDS_OK) {
        const char *nl = strchr(text, '\n');
        size_t first = nl ? (size_t)(nl - text) : len;
        int tsv = memchr(text, '\t', first) != NULL;
        st = tsv ? read_tsv(text, path, clean, d) : read_csv(text, path, clean, d);
    }
    free(text);
    if (st == LMDS_OK && d->n == 0) st = lmds_error_at(LMDS_EPARSE, path, 1, 1, "no usable rows (formula + Tc >= 0)");
    if (st != LMDS_OK) {
        lmds_learn_data_free(d);
        return st;
    }
    *out = d;
    return LMDS_OK;
}

lmds_status lmds_learn_data_from_arrays(const lmds_comp *comps, const double *tc_K, size_t n, lmds_learn_data **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_data_from_arrays: NULL output");
    *out = NULL;
    if (!comps || !tc_K || n == 0) return lmds_error(LMDS_EINVAL, "lmds_learn_data_from_arrays: no data");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(tc_K[i]) || tc_K[i] < 0)
            return lmds_error(LMDS_EINVAL, "learn: Tc of row %zu is %g (must be finite and >= 0)", i + 1, tc_K[i]);
    lmds_learn_data *d;
    lmds_status st = lmds_learn_data_alloc(n, "arrays", &d);
    if (st != LMDS_OK) return st;
    for (size_t i = 0; i < n; i++) {
        lmds_learn_row *r = &d->rows[d->n++];
        r->comp = comps[i];
        r->tc_K = tc_K[i];
        r->count = 1;
        lmds_learn_row_keys(r);
    }
    d->n_read = n;
    *out = d;
    return LMDS_OK;
}

static int cmp_formula(const void *a, const void *b)
{
    const lmds_learn_row *x = a, *y = b;
    int c = strcmp(x->formula, y->formula);
    if (c) return c;
    if (x->tc_K != y->tc_K) return (x->tc_K > y->tc_K) - (x->tc_K < y->tc_K);
    return (x->line > y->line) - (x->line < y->line);
}

void lmds_learn_data_sort(lmds_learn_data *d) { qsort(d->rows, d->n, sizeof *d->rows, cmp_formula); }

lmds_status lmds_learn_data_merge(lmds_learn_data *d)
{
    if (!d) return lmds_error(LMDS_EINVAL, "lmds_learn_data_merge: NULL data");
    /* Sort by (formula, Tc, line), then keep the first row of each group with the median Tc (mean of the two middle
     * values for an even count). */
    lmds_learn_data_sort(d);
    size_t w = 0;
    for (size_t i = 0; i < d->n;) {
        size_t j = i;
        while (j < d->n && strcmp(d->rows[j].formula, d->rows[i].formula) == 0) j++;
        size_t k = j - i;
        double med = (k % 2) ? d->rows[i + k / 2].tc_K : 0.5 * (d->rows[i + k / 2 - 1].tc_K + d->rows[i + k / 2].tc_K);
        int cnt = 0;
        for (size_t q = i; q < j; q++) cnt += d->rows[q].count;
        d->rows[w] = d->rows[i];
        d->rows[w].tc_K = med;
        d->rows[w].count = cnt;
        w++;
        i = j;
    }
    d->n_merged += d->n - w;
    d->n = w;
    return LMDS_OK;
}

lmds_status lmds_learn_data_dedupe_exact(lmds_learn_data *d)
{
    if (!d) return lmds_error(LMDS_EINVAL, "lmds_learn_data_dedupe_exact: NULL data");
    lmds_learn_data_sort(d);
    size_t w = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (w > 0 && strcmp(d->rows[w - 1].formula, d->rows[i].formula) == 0 && d->rows[w - 1].tc_K == d->rows[i].tc_K)
            continue;
        d->rows[w++] = d->rows[i];
    }
    d->n_merged += d->n - w;
    d->n = w;
    return LMDS_OK;
}

lmds_status lmds_learn_data_drop_unfeaturisable(lmds_learn_data *d, const char *preset)
{
    if (!d) return lmds_error(LMDS_EINVAL, "lmds_learn_data_drop_unfeaturisable: NULL data");
    lmds_learn_featurizer *f;
    lmds_status st = lmds_learn_featurizer_new(preset, &f);
    if (st != LMDS_OK) return st;
    double *v = malloc(lmds_learn_featurizer_count(f) * sizeof *v);
    if (!v) {
        lmds_learn_featurizer_free(f);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    size_t w = 0;
    for (size_t i = 0; st == LMDS_OK && i < d->n; i++) {
        lmds_learn_row *r = &d->rows[i];
        if (lmds_learn_features(f, &r->comp, v) != LMDS_OK) {
            lmds_learn_reject rj;
            memset(&rj, 0, sizeof rj);
            rj.line = r->line;
            snprintf(rj.id, sizeof rj.id, "%s", r->id);
            snprintf(rj.as_written, sizeof rj.as_written, "%s", r->formula);
            rj.tc_K = r->tc_K;
            snprintf(rj.reason, sizeof rj.reason, "no_features");
            st = lmds_learn_reject_add(d, &rj, "%s", lmds_errmsg());
            lmds_error_clear();
            d->n_no_features++;
            continue;
        }
        d->rows[w++] = *r;
    }
    d->n = w;
    free(v);
    lmds_learn_featurizer_free(f);
    return st;
}

void lmds_learn_data_filter(lmds_learn_data *d, const unsigned char *keep)
{
    if (!d || !keep) return;
    size_t w = 0;
    for (size_t i = 0; i < d->n; i++)
        if (keep[i]) d->rows[w++] = d->rows[i];
    d->n = w;
}

void lmds_learn_data_free(lmds_learn_data *d)
{
    if (!d) return;
    free(d->rows);
    free(d->rejects);
    free(d);
}

lmds_status lmds_learn_data_matrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, float **X)
{
    *X = NULL;
    size_t nf = lmds_learn_featurizer_count(f);
    lmds_comp *c = malloc((d->n ? d->n : 1) * sizeof *c);
    float *m = malloc((d->n ? d->n : 1) * nf * sizeof *m);
    if (!c || !m) {
        free(c);
        free(m);
        return lmds_error(LMDS_ENOMEM, "out of memory for the feature matrix");
    }
    for (size_t i = 0; i < d->n; i++) c[i] = d->rows[i].comp;
    size_t bad = 0;
    lmds_status st = lmds_learn_features_matrix(f, c, d->n, m, &bad);
    free(c);
    if (st != LMDS_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", lmds_errmsg());
        free(m);
        if (d->rows[bad].line > 0)
            return lmds_error_at(st, d->source, d->rows[bad].line, 1, "%s: %s", d->rows[bad].formula, msg);
        return lmds_error(st, "row %zu (%s): %s", bad + 1, d->rows[bad].formula, msg);
    }
    *X = m;
    return LMDS_OK;
}
