/* Training data for the Tc learner: reading formula/Tc tables, the SuperCon cleaning policy, duplicate merging.
 *
 * The policy (docs/learn.md) is counted in lmds_learn_data:
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_var_upper(char c) { return c == 'X' || c == 'Y' || c == 'Z'; }
static int is_var_lower(char c) { return c == 'x' || c == 'y' || c == 'z' || c == 'd'; }

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
        /* Pattern 2: a variable in place of the amount: "OZ", "Oz", "OX", "Oy" (not "Dy", "Zn", "Yb"). */
        if (i > 0 && isalpha((unsigned char)raw[i - 1]) && (is_var_upper(c) || is_var_lower(c))) {
            int var = 0;
            if (is_var_upper(c)) {
                /* X and Z alone are never symbols (Zn, Zr have a lowercase letter); Y is yttrium unless it ends
                 * the formula. */
                int next_lower = i + 1 < len && islower((unsigned char)raw[i + 1]);
                var = (c == 'Y') ? (i + 1 == len) : !next_lower;
            } else {
                /* lowercase: a variable only when the previous capital and it do not form a symbol */
                char sym[3] = {raw[i - 1], c, 0};
                int z;
                var = isupper((unsigned char)raw[i - 1]) && lmds_element_lookup(sym, &z) != LMDS_OK;
                lmds_error_clear();
                if (i + 1 < len && islower((unsigned char)raw[i + 1])) var = 0;
            }
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

/* A cuprate with O1 against three or more cation atoms per formula: oxygen count is a placeholder. */
static int oxygen_placeholder(const lmds_comp *c)
{
    int zo = 8, zcu = 29, has_cu = 0;
    double o = -1, cations = 0;
    for (int i = 0; i < c->n; i++) {
        if (c->z[i] == zo) o = c->amount[i];
        else cations += c->amount[i];
        if (c->z[i] == zcu) has_cu = 1;
    }
    return has_cu && o == 1.0 && cations >= 3.0;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        size_t r = fread(b + n, 1, cap - n, fp);
        n += r;
        if (n < cap) break;
        char *nb = realloc(b, 2 * cap + 1);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    fclose(fp);
    if (b) b[n] = 0;
    if (len) *len = n;
    return b;
}

/* Split one line (modified in place) by delim into at most max fields; returns the count. */
static int split(char *line, char delim, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *q = strchr(p, delim);
        if (!q) break;
        *q = 0;
        p = q + 1;
    }
    for (int i = 0; i < n; i++) {
        char *s = f[i];
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\r' || s[l - 1] == ' ')) s[--l] = 0;
        while (*s == ' ') s++;
        if (*s == '"' && l >= 2 && s[strlen(s) - 1] == '"') {
            s[strlen(s) - 1] = 0;
            s++;
        }
        f[i] = s;
    }
    return n;
}

static lmds_status data_alloc(size_t cap, lmds_learn_data **out)
{
    lmds_learn_data *d = calloc(1, sizeof *d);
    if (!d) return lmds_error(LMDS_ENOMEM, "out of memory");
    d->rows = calloc(cap ? cap : 1, sizeof *d->rows);
    if (!d->rows) {
        free(d);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    *out = d;
    return LMDS_OK;
}

static void fill_keys(lmds_learn_row *r)
{
    if (lmds_comp_formula(&r->comp, r->formula, sizeof r->formula) != LMDS_OK) r->formula[0] = 0;
    if (lmds_comp_system(&r->comp, r->system, sizeof r->system) != LMDS_OK) r->system[0] = 0;
    lmds_error_clear();
}

lmds_status lmds_learn_data_read(const char *path, const lmds_learn_clean *clean, lmds_learn_data **out)
{
    if (out) *out = NULL;
    if (!path || !out) return lmds_error(LMDS_EINVAL, "lmds_learn_data_read: NULL argument");
    lmds_learn_clean defaults = {0, 0};
    if (!clean) clean = &defaults;
    size_t len;
    char *text = read_file(path, &len);
    if (!text) return lmds_error(LMDS_EIO, "%s: cannot read: %s", path, strerror(errno));
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++) nlines += text[i] == '\n';
    lmds_learn_data *d = NULL;
    lmds_status st = data_alloc(nlines, &d);
    if (st != LMDS_OK) {
        free(text);
        return st;
    }
    snprintf(d->source, sizeof d->source, "%s", path);

    int col_f = -1, col_t = -1, header_line = 0;
    char delim = ',';
    char *p = text;
    int line = 0;
    char *fields[64];
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        line++;
        char *cur = p;
        p = nl ? nl + 1 : NULL;
        if (!*cur || *cur == '#' || (*cur == '\r' && !cur[1])) continue;
        if (col_f < 0) {
            /* Look for the header in the first lines. */
            delim = strchr(cur, '\t') ? '\t' : ',';
            char copy[4096];
            snprintf(copy, sizeof copy, "%s", cur);
            int nf = split(copy, delim, fields, 64);
            int pf = 99;
            for (int i = 0; i < nf; i++) {
                char h[64];
                snprintf(h, sizeof h, "%s", fields[i]);
                lower(h);
                int pri = !strcmp(h, "formula") ? 0 : !strcmp(h, "element") ? 1 : !strcmp(h, "name") ? 2
                        : !strcmp(h, "composition") ? 0 : 99;
                if (pri < pf) {
                    pf = pri;
                    col_f = i;
                }
                if (!strcmp(h, "tc") || !strcmp(h, "tc_k") || !strcmp(h, "critical_temp")) col_t = i;
            }
            if (col_f < 0 || col_t < 0) {
                col_f = col_t = -1;
                if (line >= 5) {
                    lmds_learn_data_free(d);
                    free(text);
                    return lmds_error_at(LMDS_EPARSE, path, 1, 1,
                                         "no header with a formula column (formula/name/element) and a Tc column "
                                         "(Tc/tc/critical_temp) in the first lines");
                }
                continue;
            }
            header_line = line;
            continue;
        }
        int nf = split(cur, delim, fields, 64);
        if (nf <= col_f || nf <= col_t) {
            lmds_learn_data_free(d);
            free(text);
            return lmds_error_at(LMDS_EPARSE, path, line, 1, "expected at least %d fields, found %d",
                                 (col_f > col_t ? col_f : col_t) + 1, nf);
        }
        d->n_read++;
        char *end;
        errno = 0;
        double tc = strtod(fields[col_t], &end);
        if (end == fields[col_t] || *end || !isfinite(tc) || tc < 0) {
            d->n_bad_tc++;
            continue;
        }
        if (clean->positive_only && !(tc > 0)) continue;
        char cleaned[256];
        int changed = 0, placeholder = 0;
        if (lmds_learn_clean_formula(fields[col_f], cleaned, sizeof cleaned, &changed, &placeholder) != LMDS_OK) {
            d->n_unparsed++;
            continue;
        }
        lmds_learn_row *r = &d->rows[d->n];
        memset(r, 0, sizeof *r);
        if (lmds_comp_parse(cleaned, NULL, &r->comp) != LMDS_OK) {
            lmds_error_clear();
            d->n_unparsed++;
            continue;
        }
        if (changed && !placeholder) d->n_variable_fixed++;
        if (placeholder || oxygen_placeholder(&r->comp)) {
            d->n_oxygen_placeholder++;
            if (!clean->keep_oxygen_placeholder) continue;
        }
        r->tc_K = tc;
        r->line = line;
        r->count = 1;
        fill_keys(r);
        d->n++;
    }
    free(text);
    (void)header_line;
    if (col_f < 0) {
        lmds_learn_data_free(d);
        return lmds_error_at(LMDS_EPARSE, path, 1, 1, "no header with a formula and a Tc column");
    }
    if (d->n == 0) {
        lmds_learn_data_free(d);
        return lmds_error_at(LMDS_EPARSE, path, line, 1, "no usable rows (formula + Tc >= 0)");
    }
    *out = d;
    return LMDS_OK;
}

lmds_status lmds_learn_data_from_arrays(const lmds_comp *comps, const double *tc_K, size_t n, lmds_learn_data **out)
{
    if (out) *out = NULL;
    if (!comps || !tc_K || !out || n == 0) return lmds_error(LMDS_EINVAL, "lmds_learn_data_from_arrays: no data");
    lmds_learn_data *d;
    lmds_status st = data_alloc(n, &d);
    if (st != LMDS_OK) return st;
    snprintf(d->source, sizeof d->source, "arrays");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(tc_K[i]) || tc_K[i] < 0) {
            lmds_learn_data_free(d);
            return lmds_error(LMDS_EINVAL, "learn: Tc of row %zu is %g (must be finite and >= 0)", i + 1, tc_K[i]);
        }
        lmds_learn_row *r = &d->rows[d->n++];
        r->comp = comps[i];
        r->tc_K = tc_K[i];
        r->count = 1;
        fill_keys(r);
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
    return (x->tc_K > y->tc_K) - (x->tc_K < y->tc_K);
}

lmds_status lmds_learn_data_merge(lmds_learn_data *d)
{
    if (!d) return lmds_error(LMDS_EINVAL, "lmds_learn_data_merge: NULL data");
    /* Stable with respect to the file: sort a copy by (formula, Tc), then keep the first row of each group with the
     * median Tc (mean of the two middle values for an even count). */
    qsort(d->rows, d->n, sizeof *d->rows, cmp_formula);
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
    /* Sort by (formula, Tc) keeping file order inside ties is not needed: identical rows are interchangeable. */
    qsort(d->rows, d->n, sizeof *d->rows, cmp_formula);
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
    for (size_t i = 0; i < d->n; i++) {
        if (lmds_learn_features(f, &d->rows[i].comp, v) != LMDS_OK) {
            d->n_no_features++;
            continue;
        }
        d->rows[w++] = d->rows[i];
    }
    lmds_error_clear();
    d->n = w;
    free(v);
    lmds_learn_featurizer_free(f);
    return LMDS_OK;
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
    free(d);
}

lmds_status lmds_learn_data_matrix(const lmds_learn_featurizer *f, const lmds_learn_data *d, float **X)
{
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
