/* Composition parsing. Grammar (whitespace allowed between tokens, so "CaBi 2" is CaBi2):
 *   formula  := part+ [unit]          part := element [number] | open formula close [number]
 *   dashform := segment ('-' segment)+ [unit]   segment := [number] element [number]
 *   unit     := "wt%" | "wt.%" | "wt" | "at%" | "at.%" | "mol%"
 * The dash form is the solder-industry habit ("Ga-24.5In", "Sn-3Ag-0.5Cu"): numbers are weight percent and the
 * one element written without a number is the balance. Columns in messages are 1-based byte offsets. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lmds/comp.h"
#include "lmds/element.h"

#define MAX_TEXT 4096
#define MAX_DEPTH 32

typedef struct parser {
    const char *s;
    size_t pos, len;
    double amount[LMDS_ZMAX + 1];
    int seen[LMDS_ZMAX + 1];
    int order[LMDS_ZMAX + 1], norder;
} parser;

static lmds_status fail(const parser *p, size_t pos, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    return lmds_error(LMDS_EPARSE, "column %zu: %s (in \"%.60s%s\")", pos + 1, msg, p->s, p->len > 60 ? "..." : "");
}

static void skip_space(parser *p)
{
    while (p->pos < p->len && isspace((unsigned char)p->s[p->pos])) p->pos++;
}

/* A non-negative decimal number: digits with at most one '.', no sign, no exponent. */
static int read_number(parser *p, double *v)
{
    skip_space(p);
    size_t i = p->pos;
    int digits = 0, dots = 0;
    while (i < p->len && (isdigit((unsigned char)p->s[i]) || p->s[i] == '.')) {
        if (p->s[i] == '.') dots++;
        else digits++;
        i++;
    }
    if (digits == 0 || dots > 1) return 0;
    char buf[64];
    size_t n = i - p->pos;
    if (n >= sizeof buf) return -1;
    memcpy(buf, p->s + p->pos, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    if (!isfinite(*v)) return -1;
    p->pos = i;
    return 1;
}

static int is_variable_char(char c) { return c == 'x' || c == 'y' || c == 'z' || c == 'd' || c == 'X' || c == 'Z'; }

static lmds_status variable_error(const parser *p, size_t pos)
{
    return fail(p, pos,
                "the formula contains a variable (%s): write the composition with numbers, e.g. O6.9 for O7-x with "
                "x = 0.1",
                p->s + pos);
}

/* Read one element symbol: an uppercase letter optionally followed by one lowercase letter. */
static lmds_status read_element(parser *p, int *z)
{
    skip_space(p);
    size_t at = p->pos;
    if (at >= p->len) return fail(p, at, "expected an element symbol at the end of the formula%s", NULL);
    char c = p->s[at];
    if (!isupper((unsigned char)c)) {
        if (isprint((unsigned char)c)) {
            char what[4] = {c, 0};
            return fail(p, at, "expected an element symbol, found '%s'", what);
        }
        return fail(p, at, "expected an element symbol, found a non-printable byte%s", NULL);
    }
    char sym[3] = {c, 0, 0};
    if (at + 1 < p->len && islower((unsigned char)p->s[at + 1])) {
        sym[1] = p->s[at + 1];
        if (lmds_element_lookup(sym, z) == LMDS_OK) {
            p->pos = at + 2;
            return LMDS_OK;
        }
        sym[1] = 0;
        if (lmds_element_lookup(sym, z) != LMDS_OK) {
            sym[1] = p->s[at + 1];
            return lmds_error(LMDS_ENOTFOUND, "column %zu: unknown element '%s' (in \"%.60s\")", at + 1, sym, p->s);
        }
        p->pos = at + 1;
        return LMDS_OK;
    }
    if (lmds_element_lookup(sym, z) != LMDS_OK)
        return lmds_error(LMDS_ENOTFOUND, "column %zu: unknown element '%s' (in \"%.60s\")", at + 1, sym, p->s);
    p->pos = at + 1;
    return LMDS_OK;
}

static void add_amount(parser *p, int z, double a)
{
    if (!p->seen[z]) {
        p->seen[z] = 1;
        p->order[p->norder++] = z;
    }
    p->amount[z] += a;
}

static int close_of(char open) { return open == '(' ? ')' : open == '[' ? ']' : '}'; }

/* part+ until end or a closing bracket; amounts scaled by mult. */
static lmds_status parse_seq(parser *p, double mult, int depth, char open, size_t open_pos)
{
    if (depth > MAX_DEPTH) return fail(p, p->pos, "brackets nested deeper than 32 levels%s", NULL);
    int parts = 0;
    for (;;) {
        skip_space(p);
        if (p->pos >= p->len) break;
        char c = p->s[p->pos];
        if (c == ')' || c == ']' || c == '}') {
            if (!open) return fail(p, p->pos, "closing '%s' without an opening bracket", (char[]){c, 0});
            if (c != close_of(open)) return fail(p, p->pos, "closing '%s' does not match the opening bracket", (char[]){c, 0});
            break;
        }
        if (c == '(' || c == '[' || c == '{') {
            size_t at = p->pos++;
            /* Parse the group into a scratch parser so its multiplier can be applied afterwards. */
            parser sub = *p;
            memset(sub.amount, 0, sizeof sub.amount);
            memset(sub.seen, 0, sizeof sub.seen);
            sub.norder = 0;
            lmds_status st = parse_seq(&sub, 1.0, depth + 1, c, at);
            if (st) return st;
            if (sub.pos >= sub.len) return fail(p, at, "'%s' is never closed", (char[]){c, 0});
            p->pos = sub.pos + 1;
            double m = 1.0;
            int r = read_number(p, &m);
            if (r < 0) return fail(p, p->pos, "number too long or not finite%s", NULL);
            for (int i = 0; i < sub.norder; i++) {
                int z = sub.order[i];
                add_amount(p, z, mult * m * sub.amount[z]);
            }
            parts++;
            continue;
        }
        if (c == '-' || c == '+') {
            size_t k = p->pos + 1;
            while (k < p->len && isspace((unsigned char)p->s[k])) k++;
            if (k < p->len && (is_variable_char(p->s[k]) || islower((unsigned char)p->s[k])))
                return variable_error(p, p->pos);
            return fail(p, p->pos, "unexpected '%s'", (char[]){c, 0});
        }
        int z;
        lmds_status st = read_element(p, &z);
        if (st) return st;
        double a = 1.0;
        int r = read_number(p, &a);
        if (r < 0) return fail(p, p->pos, "number too long or not finite%s", NULL);
        add_amount(p, z, mult * a);
        parts++;
    }
    if (parts == 0) return fail(p, p->pos, open ? "empty brackets%s" : "no elements in the formula%s", NULL);
    (void)open_pos;
    return LMDS_OK;
}

/* The solder-industry dash form: "Ga-24.5In", "Sn-3Ag-0.5Cu", "Sn63-Pb37". Weight percent; one balance. */
static lmds_status parse_dash(parser *p)
{
    int balance_z = 0;
    size_t balance_pos = 0;
    double total = 0;
    for (int seg = 0;; seg++) {
        skip_space(p);
        size_t start = p->pos;
        double pre = NAN, post = NAN, v;
        int r = read_number(p, &v);
        if (r < 0) return fail(p, p->pos, "number too long%s", NULL);
        if (r) pre = v;
        skip_space(p);
        if (p->pos >= p->len || p->s[p->pos] == '-') {
            if (r) return fail(p, p->pos, "expected an element symbol after the number '%.32s'", p->s + start);
            return fail(p, p->pos, "expected an element symbol%s", NULL);
        }
        int z;
        lmds_status st = read_element(p, &z);
        if (st) return st;
        r = read_number(p, &v);
        if (r < 0) return fail(p, p->pos, "number too long%s", NULL);
        if (r) post = v;
        if (!isnan(pre) && !isnan(post)) return fail(p, start, "two numbers for one element%s", NULL);
        double a = !isnan(pre) ? pre : post;
        if (isnan(a)) {
            if (balance_z) return fail(p, start, "more than one element without a number (only one can be the balance)%s", NULL);
            balance_z = z;
            balance_pos = start;
        } else {
            add_amount(p, z, a);
            total += a;
        }
        skip_space(p);
        if (p->pos >= p->len) break;
        if (p->s[p->pos] != '-') return fail(p, p->pos, "expected '-' between the parts of a solder-style composition%s", NULL);
        size_t k = p->pos + 1;
        while (k < p->len && isspace((unsigned char)p->s[k])) k++;
        if (k < p->len && islower((unsigned char)p->s[k])) return variable_error(p, p->pos);
        p->pos++;
    }
    if (balance_z) {
        if (p->seen[balance_z]) return fail(p, balance_pos, "the balance element is also given a number%s", NULL);
        if (total >= 100.0) return fail(p, balance_pos, "the other elements already add up to 100 %% or more, nothing is left for the balance%s", NULL);
        add_amount(p, balance_z, 100.0 - total);
    }
    return LMDS_OK;
}

/* Strip a trailing unit ("wt%", "at.%", ...); returns +1 for weight, -1 for atomic, 0 for none. */
static int strip_unit(parser *p)
{
    static const struct { const char *text; int kind; } units[] = {
        {"wt.%", 1}, {"wt%", 1}, {"wt.", 1}, {"wt", 1}, {"at.%", -1}, {"at%", -1}, {"mol%", -1}, {"mol.%", -1},
    };
    size_t end = p->len;
    while (end > 0 && isspace((unsigned char)p->s[end - 1])) end--;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i].text);
        if (end >= n && strncasecmp(p->s + end - n, units[i].text, n) == 0) {
            /* "wt" glued to a symbol would be ambiguous only for lowercase letters, which are never symbols. */
            p->len = end - n;
            return units[i].kind;
        }
    }
    return 0;
}

/* The dash form is used when a '-' follows an element or a number and precedes a digit or an element. */
static int looks_like_dash_form(const parser *p)
{
    for (size_t i = 0; i < p->len; i++) {
        char c = p->s[i];
        if (c == '(' || c == '[' || c == '{') return 0;
        if (c == '-') {
            size_t k = i + 1;
            while (k < p->len && isspace((unsigned char)p->s[k])) k++;
            if (k < p->len && (isdigit((unsigned char)p->s[k]) || (isupper((unsigned char)p->s[k]) && p->s[k] != 'X' && p->s[k] != 'Z')))
                return 1;
        }
    }
    return 0;
}

static int cmp_symbol(const void *a, const void *b)
{
    return strcmp(lmds_element_symbol(*(const int *)a), lmds_element_symbol(*(const int *)b));
}

static lmds_status finish(parser *p, int by_weight, const lmds_comp_opts *opts, int percent_form, lmds_comp *out)
{
    lmds_comp c = {0};
    int zs[LMDS_ZMAX + 1], n = 0;
    double sum = 0;
    for (int i = 0; i < p->norder; i++) {
        int z = p->order[i];
        if (p->amount[z] > 0) zs[n++] = z;
        sum += p->amount[z];
    }
    if (n == 0) return fail(p, 0, "all amounts are zero%s", NULL);
    if (n > LMDS_COMP_MAX) return fail(p, 0, "more than 16 elements%s", NULL);
    if (opts && opts->no_normalize) {
        double target = (percent_form || sum > 1.5) ? 100.0 : 1.0;
        if (fabs(sum - target) > 1e-6 * target) {
            char msg[128];
            snprintf(msg, sizeof msg, "%g", sum);
            return lmds_error(LMDS_EPARSE,
                              "column 1: amounts add up to %s, not %g, and normalisation is off (in \"%.60s\")", msg,
                              target, p->s);
        }
    }
    qsort(zs, (size_t)n, sizeof zs[0], cmp_symbol);
    c.n = n;
    double total = 0;
    for (int i = 0; i < n; i++) {
        c.z[i] = zs[i];
        c.amount[i] = by_weight ? p->amount[zs[i]] / lmds_element_mass(zs[i]) : p->amount[zs[i]];
        total += c.amount[i];
    }
    for (int i = 0; i < n; i++) c.x[i] = c.amount[i] / total;
    if (by_weight)
        for (int i = 0; i < n; i++) c.amount[i] = c.x[i];
    *out = c;
    return LMDS_OK;
}

static int is_nan_word(const char *s)
{
    while (isspace((unsigned char)*s)) s++;
    if (*s == '+' || *s == '-') s++;
    const char *words[] = {"nan", "inf", "infinity"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) == 0) {
            const char *t = s + n;
            while (isspace((unsigned char)*t)) t++;
            if (!*t) return 1;
        }
    }
    return 0;
}

lmds_status lmds_comp_parse(const char *text, const lmds_comp_opts *opts, lmds_comp *out)
{
    if (!text || !out) return lmds_error(LMDS_EINVAL, "lmds_comp_parse: NULL argument");
    size_t len = strnlen(text, MAX_TEXT + 1);
    if (len > MAX_TEXT) return lmds_error(LMDS_EPARSE, "column %d: formula longer than %d characters", MAX_TEXT + 1, MAX_TEXT);
    const lmds_named_alloy *named = lmds_comp_named_find(text);
    if (named) {
        lmds_comp_opts o = opts ? *opts : (lmds_comp_opts){0};
        o.by_weight = 0; /* the named spec carries its own unit */
        o.no_normalize = 0;
        return lmds_comp_parse(named->spec, &o, out);
    }
    parser *p = calloc(1, sizeof *p);
    if (!p) return lmds_error(LMDS_ENOMEM, "out of memory parsing a formula");
    p->s = text;
    p->len = len;
    lmds_status st;
    if (is_nan_word(text)) {
        st = fail(p, 0, "'%s' is not a composition: give element symbols with finite amounts", text);
        free(p);
        return st;
    }
    int unit = strip_unit(p);
    skip_space(p);
    if (p->pos >= p->len) {
        st = lmds_error(LMDS_EPARSE, "column 1: empty formula");
        free(p);
        return st;
    }
    int dash = looks_like_dash_form(p);
    st = dash ? parse_dash(p) : parse_seq(p, 1.0, 0, 0, 0);
    if (!st) {
        int by_weight = unit > 0 || (unit == 0 && (dash || (opts && opts->by_weight)));
        st = finish(p, by_weight, opts, dash || unit != 0, out);
    }
    free(p);
    return st;
}

lmds_status lmds_comp_from_amounts(int n, const int *z, const double *amount, lmds_comp *out)
{
    if (n < 1 || n > LMDS_COMP_MAX || !z || !amount || !out)
        return lmds_error(LMDS_EINVAL, "lmds_comp_from_amounts: need 1..%d elements and non-NULL arrays", LMDS_COMP_MAX);
    lmds_comp c = {0};
    int idx[LMDS_COMP_MAX];
    double total = 0;
    for (int i = 0; i < n; i++) {
        if (!lmds_element_symbol(z[i])) return lmds_error(LMDS_EINVAL, "atomic number %d is not an element", z[i]);
        if (!isfinite(amount[i]) || amount[i] < 0)
            return lmds_error(LMDS_EINVAL, "amount of %s is %g: amounts must be finite and >= 0", lmds_element_symbol(z[i]), amount[i]);
        for (int j = 0; j < i; j++)
            if (z[j] == z[i]) return lmds_error(LMDS_EINVAL, "%s is given twice", lmds_element_symbol(z[i]));
        total += amount[i];
    }
    if (!(total > 0)) return lmds_error(LMDS_EINVAL, "all amounts are zero");
    int m = 0;
    for (int i = 0; i < n; i++)
        if (amount[i] > 0) idx[m++] = i;
    /* Sort indices by symbol. */
    for (int i = 1; i < m; i++)
        for (int j = i; j > 0 && strcmp(lmds_element_symbol(z[idx[j - 1]]), lmds_element_symbol(z[idx[j]])) > 0; j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    c.n = m;
    for (int i = 0; i < m; i++) {
        c.z[i] = z[idx[i]];
        c.amount[i] = amount[idx[i]];
        c.x[i] = amount[idx[i]] / total;
    }
    *out = c;
    return LMDS_OK;
}

double lmds_comp_fraction(const lmds_comp *c, int z)
{
    for (int i = 0; c && i < c->n; i++)
        if (c->z[i] == z) return c->x[i];
    return 0.0;
}

double lmds_comp_molar_mass(const lmds_comp *c)
{
    double m = 0;
    for (int i = 0; i < c->n; i++) m += c->x[i] * lmds_element_mass(c->z[i]);
    return m;
}

void lmds_comp_weight_fractions(const lmds_comp *c, double *w)
{
    double m = lmds_comp_molar_mass(c);
    for (int i = 0; i < c->n; i++) w[i] = c->x[i] * lmds_element_mass(c->z[i]) / m;
}

/* Smallest total N <= 1000 for which every x_i N is an integer within 1e-9 relative (tight, so compositions
 * converted from weight percent are shown as fractions rather than as 2512:495-style integers). */
static long integer_total(const lmds_comp *c)
{
    for (long N = 1; N <= 1000; N++) {
        int ok = 1;
        for (int i = 0; i < c->n && ok; i++) {
            double v = c->x[i] * (double)N;
            ok = v >= 0.5 && fabs(v - nearbyint(v)) <= 1e-9 * v;
        }
        if (ok) return N;
    }
    return 0;
}

lmds_status lmds_comp_formula(const lmds_comp *c, char *buf, size_t n)
{
    if (!c || !buf || n == 0 || c->n < 1) return lmds_error(LMDS_EINVAL, "lmds_comp_formula: empty composition");
    long N = integer_total(c);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < c->n; i++) {
        char part[48];
        const char *sym = lmds_element_symbol(c->z[i]);
        if (N) {
            long k = lround(c->x[i] * (double)N);
            if (k == 1) snprintf(part, sizeof part, "%s", sym);
            else snprintf(part, sizeof part, "%s%ld", sym, k);
        } else {
            snprintf(part, sizeof part, "%s%.4f", sym, c->x[i]);
            /* Trim trailing zeros of the fraction. */
            size_t L = strlen(part);
            while (L > 0 && part[L - 1] == '0') part[--L] = '\0';
        }
        size_t L = strlen(part);
        if (used + L + 1 > n) return lmds_error(LMDS_EINVAL, "formula does not fit in %zu bytes", n);
        memcpy(buf + used, part, L + 1);
        used += L;
    }
    return LMDS_OK;
}

lmds_status lmds_comp_system(const lmds_comp *c, char *buf, size_t n)
{
    if (!c || !buf || n == 0 || c->n < 1) return lmds_error(LMDS_EINVAL, "lmds_comp_system: empty composition");
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < c->n; i++) {
        const char *sym = lmds_element_symbol(c->z[i]);
        size_t L = strlen(sym) + (i > 0);
        if (used + L + 1 > n) return lmds_error(LMDS_EINVAL, "chemical system does not fit in %zu bytes", n);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i > 0 ? "-" : "", sym);
    }
    return LMDS_OK;
}
