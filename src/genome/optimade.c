/* The OPTIMADE filter subset of `lmds db query` as an SQL condition, and the SQL text builder with bound
 * parameters that queries use: user text only ever reaches SQLite as bound values.
 *
 * filter   := expr ;  expr := term { OR term } ;  term := factor { AND factor }
 * factor   := NOT factor | '(' expr ')' | property op value | property HAS [ALL|ANY|ONLY] values
 *           | property IS KNOWN | property IS UNKNOWN
 * properties: elements, nelements, chemical_formula_reduced, id, and the lmds-specific _lmds_chemical_system,
 * _lmds_tc, _lmds_pressure, _lmds_form, _lmds_value_type, _lmds_dataset, _lmds_property, _lmds_phase,
 * _lmds_polymorph, _lmds_caveat, _lmds_layer. The condition refers to the aliases m (material), v (value),
 * s (structure) and src (source). */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"
#include "lmds/element.h"

#define MAXP 256   /* bound parameters per query */
#define MAXDEPTH 64 /* nesting of NOT and parentheses (SQLite's own expression depth is 1000) */

struct genome_sqlq {
    char *s;
    size_t n, cap;
    int np;
    int type[MAXP]; /* 0 text, 1 double, 2 int */
    char *text[MAXP];
    double num[MAXP];
    int oom, overflow;
};

genome_sqlq *genome_sqlq_new(void) { return calloc(1, sizeof(genome_sqlq)); }

void genome_sqlq_free(genome_sqlq *q)
{
    if (!q) return;
    for (int i = 0; i < q->np; i++) free(q->text[i]);
    free(q->s);
    free(q);
}

const char *genome_sqlq_text(const genome_sqlq *q) { return q && q->s ? q->s : ""; }

void genome_sqlq_cat(genome_sqlq *q, const char *fmt, ...)
{
    va_list ap;
    char tmp[1024];
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0) return;
    if ((size_t)k >= sizeof tmp) k = sizeof tmp - 1;
    if (q->n + (size_t)k + 1 > q->cap) {
        size_t cap = q->cap ? q->cap : 1024;
        while (cap < q->n + (size_t)k + 1) cap *= 2;
        char *s = realloc(q->s, cap);
        if (!s) {
            q->oom = 1;
            return;
        }
        q->s = s;
        q->cap = cap;
    }
    memcpy(q->s + q->n, tmp, (size_t)k + 1);
    q->n += (size_t)k;
}

int genome_sqlq_text_param(genome_sqlq *q, const char *t)
{
    if (q->np >= MAXP) {
        q->overflow = 1;
        return -1;
    }
    q->type[q->np] = 0;
    if (!(q->text[q->np] = strdup(t))) q->oom = 1;
    q->np++;
    genome_sqlq_cat(q, "?");
    return 0;
}

int genome_sqlq_num_param(genome_sqlq *q, double x, int integer)
{
    if (q->np >= MAXP) {
        q->overflow = 1;
        return -1;
    }
    q->type[q->np] = integer ? 2 : 1;
    q->text[q->np] = NULL;
    q->num[q->np] = x;
    q->np++;
    genome_sqlq_cat(q, "?");
    return 0;
}

lmds_status genome_sqlq_prepare(lmds_genome *g, genome_sqlq *q, sqlite3_stmt **st)
{
    *st = NULL;
    if (q->oom) return lmds_error(LMDS_ENOMEM, "out of memory building a query");
    if (q->overflow) return lmds_error(LMDS_EPARSE, "query with more than %d values", MAXP);
    if (sqlite3_prepare_v2(g->db, q->s, -1, st, NULL) != SQLITE_OK) return genome_sqlerr(g, "preparing a query");
    for (int i = 0; i < q->np; i++) {
        if (q->type[i] == 0) sqlite3_bind_text(*st, i + 1, q->text[i], -1, SQLITE_TRANSIENT);
        else if (q->type[i] == 1) sqlite3_bind_double(*st, i + 1, q->num[i]);
        else sqlite3_bind_int64(*st, i + 1, (sqlite3_int64)q->num[i]);
    }
    return LMDS_OK;
}

/* ---- the filter parser ---- */

typedef enum { T_END, T_IDENT, T_STRING, T_NUMBER, T_OP, T_LP, T_RP, T_COMMA } tok_kind;
typedef struct tok {
    tok_kind kind;
    char text[256];
    double num;
    int col;
} tok;

typedef struct fparser {
    const char *src;
    size_t pos;
    tok t;
    genome_sqlq *q;
    lmds_status st;
    int depth;
    int errcol;       /* the first error, recorded when parsing ends (library calls in between may set others) */
    char errmsg[512];
} fparser;

static lmds_status ferr(fparser *p, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static lmds_status ferr(fparser *p, int col, const char *fmt, ...)
{
    if (p->st != LMDS_OK) return p->st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    p->errcol = col;
    return p->st = LMDS_EPARSE;
}

static void next(fparser *p)
{
    const char *s = p->src;
    while (isspace((unsigned char)s[p->pos])) p->pos++;
    tok *t = &p->t;
    t->col = (int)p->pos + 1;
    t->text[0] = '\0';
    char c = s[p->pos];
    if (!c) {
        t->kind = T_END;
        return;
    }
    if (c == '(' || c == ')' || c == ',') {
        t->kind = c == '(' ? T_LP : c == ')' ? T_RP : T_COMMA;
        t->text[0] = c;
        t->text[1] = '\0';
        p->pos++;
        return;
    }
    if (c == '"') {
        size_t k = 0;
        p->pos++;
        while (s[p->pos] && s[p->pos] != '"') {
            if (s[p->pos] == '\\' && s[p->pos + 1]) p->pos++;
            if (k < sizeof t->text - 1) t->text[k++] = s[p->pos];
            p->pos++;
        }
        t->text[k] = '\0';
        if (s[p->pos] != '"') {
            ferr(p, t->col, "unterminated string");
            t->kind = T_END;
            return;
        }
        p->pos++;
        t->kind = T_STRING;
        return;
    }
    if (strchr("=!<>", c)) {
        size_t k = 0;
        t->text[k++] = c;
        p->pos++;
        if (s[p->pos] == '=') t->text[k++] = s[p->pos++];
        t->text[k] = '\0';
        if (strcmp(t->text, "!") == 0) ferr(p, t->col, "expected '!='");
        t->kind = T_OP;
        return;
    }
    if (isdigit((unsigned char)c) || c == '-' || c == '+' || c == '.') {
        char *end;
        t->num = strtod(s + p->pos, &end);
        if (end == s + p->pos || !isfinite(t->num)) {
            ferr(p, t->col, "bad number");
            t->kind = T_END;
            return;
        }
        size_t len = (size_t)(end - (s + p->pos));
        snprintf(t->text, sizeof t->text, "%.*s", (int)(len < 255 ? len : 255), s + p->pos);
        p->pos += len;
        t->kind = T_NUMBER;
        return;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t k = 0;
        while (isalnum((unsigned char)s[p->pos]) || s[p->pos] == '_') {
            if (k < sizeof t->text - 1) t->text[k++] = s[p->pos];
            p->pos++;
        }
        t->text[k] = '\0';
        t->kind = T_IDENT;
        return;
    }
    ferr(p, t->col, "unexpected character '%c'", c);
    t->kind = T_END;
}

static int is_kw(const tok *t, const char *kw) { return t->kind == T_IDENT && strcasecmp(t->text, kw) == 0; }

static const char *sql_op(const char *op)
{
    if (strcmp(op, "=") == 0) return "=";
    if (strcmp(op, "!=") == 0) return "!=";
    if (strcmp(op, "<") == 0) return "<";
    if (strcmp(op, "<=") == 0) return "<=";
    if (strcmp(op, ">") == 0) return ">";
    if (strcmp(op, ">=") == 0) return ">=";
    return NULL;
}

static void parse_expr(fparser *p);
static void parse_factor(fparser *p);
static void parse_factor_inner(fparser *p);

/* elements HAS [ALL|ANY|ONLY] "Ga","In" */
static void parse_has(fparser *p)
{
    int mode = 1; /* 0 all, 1 any, 2 only */
    if (is_kw(&p->t, "ALL")) mode = 0, next(p);
    else if (is_kw(&p->t, "ANY")) mode = 1, next(p);
    else if (is_kw(&p->t, "ONLY")) mode = 2, next(p);
    char syms[LMDS_COMP_MAX * 4][4];
    int n = 0;
    for (;;) {
        if (p->t.kind != T_STRING) {
            ferr(p, p->t.col, "expected an element symbol in quotes, e.g. \"Ga\"");
            return;
        }
        int z;
        if (lmds_element_lookup(p->t.text, &z) != LMDS_OK) {
            ferr(p, p->t.col, "'%s' is not an element symbol", p->t.text);
            return;
        }
        if (n >= (int)(sizeof syms / sizeof syms[0])) {
            ferr(p, p->t.col, "too many elements");
            return;
        }
        snprintf(syms[n++], 4, "%s", lmds_element_symbol(z));
        next(p);
        if (p->t.kind != T_COMMA) break;
        next(p);
    }
    genome_sqlq *q = p->q;
    if (mode == 0)
        genome_sqlq_cat(q, "m.id IN (SELECT material_id FROM material_element WHERE symbol IN (");
    else if (mode == 1)
        genome_sqlq_cat(q, "EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol IN (");
    else
        genome_sqlq_cat(q, "NOT EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol NOT IN (");
    for (int i = 0; i < n; i++) {
        if (i) genome_sqlq_cat(q, ",");
        genome_sqlq_text_param(q, syms[i]);
    }
    if (mode == 0) {
        genome_sqlq_cat(q, ") GROUP BY material_id HAVING count(DISTINCT symbol) = ");
        genome_sqlq_num_param(q, n, 1);
        genome_sqlq_cat(q, ")");
    } else
        genome_sqlq_cat(q, "))");
}

typedef struct field {
    const char *name, *sql;
    int type; /* 0 string, 1 number */
} field;

static const field FIELDS[] = {
    {"nelements", "m.nelements", 1},
    {"id", "m.id", 1},
    {"chemical_formula_reduced", "m.formula", 0},
    {"_lmds_chemical_system", "m.system", 0},
    {"chemical_system", "m.system", 0},
    {"_lmds_pressure", "v.pressure_GPa", 1},
    {"_lmds_form", "v.form", 0},
    {"_lmds_value_type", "v.value_type", 0},
    {"_lmds_dataset", "src.dataset", 0},
    {"_lmds_property", "v.property", 0},
    {"_lmds_phase", "s.phase", 0},
    {"_lmds_polymorph", "s.polymorph", 0},
    {"_lmds_caveat", "v.caveat", 0},
    {"_lmds_layer", "CASE WHEN v.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END", 0},
};

static const field *find_field(const char *name)
{
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        if (strcmp(name, FIELDS[i].name) == 0) return &FIELDS[i];
    return NULL;
}

/* name IS [UN]KNOWN (the IS already read). */
static void parse_is_known(fparser *p, const tok *name)
{
    next(p);
    int known = is_kw(&p->t, "KNOWN");
    if (!known && !is_kw(&p->t, "UNKNOWN")) {
        ferr(p, p->t.col, "expected KNOWN or UNKNOWN after IS");
        return;
    }
    next(p);
    if (strcmp(name->text, "_lmds_tc") == 0) {
        genome_sqlq_cat(p->q, known ? "(v.property = 'tc' AND v.relation != 'none')"
                                    : "(v.property = 'tc' AND v.relation = 'none')");
        return;
    }
    const field *f = find_field(name->text);
    if (!f) {
        ferr(p, name->col, "unknown property '%s'", name->text);
        return;
    }
    genome_sqlq_cat(p->q, "%s IS %s", f->sql, known ? "NOT NULL" : "NULL");
}

/* name op value, with the value already read (val) and checked to be a string or a number. */
static void comparison_sql(fparser *p, const tok *name, const char *op, const tok *val)
{
    genome_sqlq *q = p->q;
    if (strcmp(name->text, "_lmds_tc") == 0) {
        if (val->kind != T_NUMBER) {
            ferr(p, val->col, "_lmds_tc compares with a number (K)");
            return;
        }
        /* Bounds count by their known side: "<1.5" satisfies _lmds_tc < 2, ">8" satisfies _lmds_tc > 4. */
        const char *col = op[0] == '>' ? "v.value_lo" : op[0] == '<' ? "v.value_hi" : "v.value";
        genome_sqlq_cat(q, "(v.property = 'tc' AND %s %s ", col, op);
        genome_sqlq_num_param(q, val->num, 0);
        genome_sqlq_cat(q, ")");
        return;
    }
    const field *f = find_field(name->text);
    if (!f) {
        ferr(p, name->col,
             "unknown property '%s' (supported: elements, nelements, chemical_formula_reduced, id, "
             "_lmds_chemical_system, _lmds_tc, _lmds_pressure, _lmds_form, _lmds_value_type, _lmds_dataset, "
             "_lmds_property, _lmds_phase, _lmds_polymorph, _lmds_caveat, _lmds_layer)", name->text);
        return;
    }
    if (f->type == 1 && val->kind != T_NUMBER) {
        ferr(p, val->col, "%s compares with a number", f->name);
        return;
    }
    if (f->type == 0 && val->kind != T_STRING) {
        ferr(p, val->col, "%s compares with a \"string\"", f->name);
        return;
    }
    char sys[256];
    if (strcmp(f->sql, "m.system") == 0 && genome_system_normalize(val->text, sys, sizeof sys) != LMDS_OK) {
        ferr(p, val->col, "%s", lmds_errmsg());
        return;
    }
    genome_sqlq_cat(q, "%s %s ", f->sql, op);
    if (f->type == 1) genome_sqlq_num_param(q, val->num, strcmp(f->name, "_lmds_pressure") != 0);
    else genome_sqlq_text_param(q, strcmp(f->sql, "m.system") == 0 ? sys : val->text);
}

static void parse_comparison(fparser *p)
{
    tok name = p->t;
    if (name.kind != T_IDENT) {
        ferr(p, name.col, "expected a property name (elements, nelements, chemical_formula_reduced, _lmds_tc, ...)");
        return;
    }
    next(p);
    if (strcmp(name.text, "elements") == 0) {
        if (!is_kw(&p->t, "HAS")) {
            ferr(p, p->t.col, "elements supports HAS, HAS ALL, HAS ANY, HAS ONLY");
            return;
        }
        next(p);
        parse_has(p);
        return;
    }
    if (is_kw(&p->t, "IS")) {
        parse_is_known(p, &name);
        return;
    }
    if (p->t.kind != T_OP) {
        ferr(p, p->t.col, "expected a comparison (=, !=, <, <=, >, >=) after '%s'", name.text);
        return;
    }
    const char *op = sql_op(p->t.text);
    if (!op) {
        ferr(p, p->t.col, "unknown operator '%s'", p->t.text);
        return;
    }
    next(p);
    tok val = p->t;
    if (val.kind != T_STRING && val.kind != T_NUMBER) {
        ferr(p, val.col, "expected a value (a number or a \"string\")");
        return;
    }
    next(p);
    comparison_sql(p, &name, op, &val);
}

static void parse_factor(fparser *p)
{
    if (p->st != LMDS_OK) return;
    if (p->depth >= MAXDEPTH) {
        ferr(p, p->t.col, "filter nested more than %d deep", MAXDEPTH);
        return;
    }
    p->depth++;
    parse_factor_inner(p);
    p->depth--;
}

static void parse_factor_inner(fparser *p)
{
    if (is_kw(&p->t, "NOT")) {
        next(p);
        genome_sqlq_cat(p->q, "NOT (");
        parse_factor(p);
        genome_sqlq_cat(p->q, ")");
        return;
    }
    if (p->t.kind == T_LP) {
        next(p);
        genome_sqlq_cat(p->q, "(");
        parse_expr(p);
        if (p->st != LMDS_OK) return;
        if (p->t.kind != T_RP) {
            ferr(p, p->t.col, "expected ')'");
            return;
        }
        next(p);
        genome_sqlq_cat(p->q, ")");
        return;
    }
    /* OPTIMADE: a comparison on an unknown value is false (not SQL's NULL), so NOT of it is true. */
    genome_sqlq_cat(p->q, "coalesce((");
    parse_comparison(p);
    genome_sqlq_cat(p->q, "), 0)");
}

static void parse_term(fparser *p)
{
    genome_sqlq_cat(p->q, "(");
    parse_factor(p);
    while (p->st == LMDS_OK && is_kw(&p->t, "AND")) {
        next(p);
        genome_sqlq_cat(p->q, " AND ");
        parse_factor(p);
    }
    genome_sqlq_cat(p->q, ")");
}

static void parse_expr(fparser *p)
{
    genome_sqlq_cat(p->q, "(");
    parse_term(p);
    while (p->st == LMDS_OK && is_kw(&p->t, "OR")) {
        next(p);
        genome_sqlq_cat(p->q, " OR ");
        parse_term(p);
    }
    genome_sqlq_cat(p->q, ")");
}

lmds_status genome_optimade_where(const char *filter, genome_sqlq *q)
{
    fparser p = {filter, 0, {0}, q, LMDS_OK, 0, 0, ""};
    if (!filter) return lmds_error(LMDS_EINVAL, "no filter");
    if (strlen(filter) > 4000) return lmds_error_at(LMDS_EPARSE, "filter", 1, 1, "filter longer than 4000 characters");
    next(&p);
    if (p.t.kind == T_END && p.st == LMDS_OK) ferr(&p, 1, "empty filter");
    parse_expr(&p);
    if (p.st == LMDS_OK && p.t.kind != T_END) ferr(&p, p.t.col, "unexpected '%s'", p.t.text);
    if (p.st == LMDS_OK && q->overflow) ferr(&p, 1, "filter with more than %d values", MAXP);
    if (p.st != LMDS_OK) return lmds_error_at(p.st, "filter", 1, p.errcol, "%s", p.errmsg);
    return LMDS_OK;
}
