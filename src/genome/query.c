/* Reading the genome: filtered queries (options and an OPTIMADE filter subset), a material's full record,
 * statistics, integrity checks and a content digest. All SQL is parameterised: user text only ever reaches
 * SQLite as bound values. */
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

/* ---- SQL text with its bound parameters ---- */

#define MAXP 256
typedef struct sqlq {
    char *s;
    size_t n, cap;
    int np;
    int type[MAXP]; /* 0 text, 1 double, 2 int */
    char *text[MAXP];
    double num[MAXP];
    int oom;
} sqlq;

static void q_cat(sqlq *q, const char *fmt, ...)
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

static int q_text(sqlq *q, const char *t)
{
    if (q->np >= MAXP) return -1;
    q->type[q->np] = 0;
    q->text[q->np] = strdup(t);
    if (!q->text[q->np]) q->oom = 1;
    q->np++;
    q_cat(q, "?");
    return 0;
}

static int q_num(sqlq *q, double x, int integer)
{
    if (q->np >= MAXP) return -1;
    q->type[q->np] = integer ? 2 : 1;
    q->text[q->np] = NULL;
    q->num[q->np] = x;
    q->np++;
    q_cat(q, "?");
    return 0;
}

static void q_clear(sqlq *q)
{
    for (int i = 0; i < q->np; i++) free(q->text[i]);
    free(q->s);
    memset(q, 0, sizeof *q);
}

static lmds_status q_prepare(lmds_genome *g, sqlq *q, sqlite3_stmt **st)
{
    if (q->oom) return lmds_error(LMDS_ENOMEM, "out of memory building a query");
    if (sqlite3_prepare_v2(g->db, q->s, -1, st, NULL) != SQLITE_OK) return genome_sqlerr(g, "preparing a query");
    for (int i = 0; i < q->np; i++) {
        if (q->type[i] == 0) sqlite3_bind_text(*st, i + 1, q->text[i], -1, SQLITE_TRANSIENT);
        else if (q->type[i] == 1) sqlite3_bind_double(*st, i + 1, q->num[i]);
        else sqlite3_bind_int64(*st, i + 1, (sqlite3_int64)q->num[i]);
    }
    return LMDS_OK;
}

/* ---- the OPTIMADE filter subset ----
 * filter   := expr ;  expr := term { OR term } ;  term := factor { AND factor }
 * factor   := NOT factor | '(' expr ')' | property op value | property HAS [ALL|ANY|ONLY] values
 *           | property IS KNOWN | property IS UNKNOWN
 * properties: elements, nelements, chemical_formula_reduced, id, and the lmds-specific _lmds_chemical_system,
 * _lmds_tc, _lmds_pressure, _lmds_form, _lmds_value_type, _lmds_dataset, _lmds_property. */

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
    sqlq *q;
    lmds_status st;
} fparser;

static lmds_status ferr(fparser *p, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static lmds_status ferr(fparser *p, int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->st == LMDS_OK) p->st = lmds_error_at(LMDS_EPARSE, "filter", 1, col, "%s", msg);
    return p->st;
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
    sqlq *q = p->q;
    if (mode == 0)
        q_cat(q, "m.id IN (SELECT material_id FROM material_element WHERE symbol IN (");
    else if (mode == 1)
        q_cat(q, "EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol IN (");
    else
        q_cat(q, "NOT EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol NOT IN (");
    for (int i = 0; i < n; i++) {
        if (i) q_cat(q, ",");
        q_text(q, syms[i]);
    }
    if (mode == 0) {
        q_cat(q, ") GROUP BY material_id HAVING count(DISTINCT symbol) = ");
        q_num(q, n, 1);
        q_cat(q, ")");
    } else
        q_cat(q, "))");
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
};

static void parse_comparison(fparser *p)
{
    tok name = p->t;
    if (name.kind != T_IDENT) {
        ferr(p, name.col, "expected a property name (elements, nelements, chemical_formula_reduced, _lmds_tc, ...)");
        return;
    }
    next(p);
    sqlq *q = p->q;
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
        next(p);
        int known = is_kw(&p->t, "KNOWN");
        if (!known && !is_kw(&p->t, "UNKNOWN")) {
            ferr(p, p->t.col, "expected KNOWN or UNKNOWN after IS");
            return;
        }
        next(p);
        const char *col = NULL;
        for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
            if (strcmp(name.text, FIELDS[i].name) == 0) col = FIELDS[i].sql;
        if (strcmp(name.text, "_lmds_tc") == 0) {
            q_cat(q, known ? "(v.property = 'tc' AND v.relation != 'none')" : "(v.property = 'tc' AND v.relation = 'none')");
            return;
        }
        if (!col) {
            ferr(p, name.col, "unknown property '%s'", name.text);
            return;
        }
        q_cat(q, "%s IS %s", col, known ? "NOT NULL" : "NULL");
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
    if (strcmp(name.text, "_lmds_tc") == 0) {
        if (val.kind != T_NUMBER) {
            ferr(p, val.col, "_lmds_tc compares with a number (K)");
            return;
        }
        /* Bounds count by their known side: "<1.5" satisfies _lmds_tc < 2, ">8" satisfies _lmds_tc > 4. */
        const char *col = op[0] == '>' ? "v.value_lo" : op[0] == '<' ? "v.value_hi" : "v.value";
        q_cat(q, "(v.property = 'tc' AND %s %s ", col, op);
        q_num(q, val.num, 0);
        q_cat(q, ")");
        return;
    }
    const field *f = NULL;
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        if (strcmp(name.text, FIELDS[i].name) == 0) f = &FIELDS[i];
    if (!f) {
        ferr(p, name.col,
             "unknown property '%s' (supported: elements, nelements, chemical_formula_reduced, id, "
             "_lmds_chemical_system, _lmds_tc, _lmds_pressure, _lmds_form, _lmds_value_type, _lmds_dataset, "
             "_lmds_property)", name.text);
        return;
    }
    if (f->type == 1 && val.kind != T_NUMBER) {
        ferr(p, val.col, "%s compares with a number", f->name);
        return;
    }
    if (f->type == 0 && val.kind != T_STRING) {
        ferr(p, val.col, "%s compares with a \"string\"", f->name);
        return;
    }
    q_cat(q, "%s %s ", f->sql, op);
    if (f->type == 1) q_num(q, val.num, strcmp(f->name, "_lmds_pressure") != 0);
    else if (strcmp(f->sql, "m.system") == 0) {
        char sys[256];
        if (genome_system_normalize(val.text, sys, sizeof sys) != LMDS_OK) {
            ferr(p, val.col, "%s", lmds_errmsg());
            return;
        }
        q_text(q, sys);
    } else
        q_text(q, val.text);
}

static void parse_factor(fparser *p)
{
    if (p->st != LMDS_OK) return;
    if (is_kw(&p->t, "NOT")) {
        next(p);
        q_cat(p->q, "NOT (");
        parse_factor(p);
        q_cat(p->q, ")");
        return;
    }
    if (p->t.kind == T_LP) {
        next(p);
        q_cat(p->q, "(");
        parse_expr(p);
        if (p->st != LMDS_OK) return;
        if (p->t.kind != T_RP) {
            ferr(p, p->t.col, "expected ')'");
            return;
        }
        next(p);
        q_cat(p->q, ")");
        return;
    }
    /* OPTIMADE: a comparison on an unknown value is false (not SQL's NULL), so NOT of it is true. */
    q_cat(p->q, "coalesce((");
    parse_comparison(p);
    q_cat(p->q, "), 0)");
}

static void parse_term(fparser *p)
{
    q_cat(p->q, "(");
    parse_factor(p);
    while (p->st == LMDS_OK && is_kw(&p->t, "AND")) {
        next(p);
        q_cat(p->q, " AND ");
        parse_factor(p);
    }
    q_cat(p->q, ")");
}

static void parse_expr(fparser *p)
{
    q_cat(p->q, "(");
    parse_term(p);
    while (p->st == LMDS_OK && is_kw(&p->t, "OR")) {
        next(p);
        q_cat(p->q, " OR ");
        parse_term(p);
    }
    q_cat(p->q, ")");
}

static lmds_status optimade_where(const char *filter, sqlq *q)
{
    fparser p = {filter, 0, {0}, q, LMDS_OK};
    if (strlen(filter) > 4000) return lmds_error_at(LMDS_EPARSE, "filter", 1, 1, "filter longer than 4000 characters");
    next(&p);
    if (p.t.kind == T_END && p.st == LMDS_OK) return ferr(&p, 1, "empty filter");
    parse_expr(&p);
    if (p.st == LMDS_OK && p.t.kind != T_END) ferr(&p, p.t.col, "unexpected '%s'", p.t.text);
    return p.st;
}

/* ---- queries ---- */

void lmds_genome_filter_init(lmds_genome_filter *f)
{
    memset(f, 0, sizeof *f);
    f->tc_min = f->tc_max = f->p_min = f->p_max = NAN;
}

#define VALUE_COLUMNS                                                                                          \
    "v.id AS id, m.id AS material_id, m.formula AS formula, m.system AS system, s.label AS material,"         \
    " v.property AS property, v.value AS value, v.relation AS relation, v.value_lo AS value_lo,"               \
    " v.value_hi AS value_hi, v.unit AS unit, v.form AS form, v.pressure_GPa AS pressure_GPa,"                 \
    " v.criterion AS criterion, v.value_type AS value_type, src.dataset AS dataset, r.citation AS reference"
#define VALUE_FROM                                                                                             \
    " FROM value v JOIN material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id"    \
    " JOIN reference r ON r.id = v.reference_id JOIN source src ON src.id = v.source_id"

lmds_status lmds_genome_query(lmds_genome *g, const lmds_genome_filter *f, lmds_genome_rows **out)
{
    if (out) *out = NULL;
    if (!g || !f || !out) return lmds_error(LMDS_EINVAL, "lmds_genome_query: NULL argument");
    sqlq q = {0};
    lmds_status st = LMDS_OK;
    q_cat(&q, "SELECT " VALUE_COLUMNS VALUE_FROM " WHERE 1");
    if (f->elements && *f->elements) {
        char buf[512];
        const char *syms[64];
        int n = 0;
        snprintf(buf, sizeof buf, "%s", f->elements);
        for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok && n < 64; tok = strtok_r(NULL, ", ", &save)) {
            int z;
            if (lmds_element_lookup(tok, &z) != LMDS_OK) {
                st = lmds_error(LMDS_EPARSE, "--elements: '%s' is not an element symbol", tok);
                goto fail;
            }
            syms[n++] = lmds_element_symbol(z);
        }
        if (n == 0) {
            st = lmds_error(LMDS_EPARSE, "--elements: no element symbols in '%s'", f->elements);
            goto fail;
        }
        if (f->any) q_cat(&q, " AND EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol IN (");
        else q_cat(&q, " AND m.id IN (SELECT material_id FROM material_element WHERE symbol IN (");
        for (int i = 0; i < n; i++) {
            if (i) q_cat(&q, ",");
            q_text(&q, syms[i]);
        }
        if (f->any) q_cat(&q, "))");
        else {
            q_cat(&q, ") GROUP BY material_id HAVING count(DISTINCT symbol) = ");
            q_num(&q, n, 1);
            q_cat(&q, ")");
        }
    }
    if (f->system && *f->system) {
        char sys[256];
        if ((st = genome_system_normalize(f->system, sys, sizeof sys)) != LMDS_OK) goto fail;
        q_cat(&q, " AND m.system = ");
        q_text(&q, sys);
    }
    if (f->formula && *f->formula) {
        lmds_comp c;
        char formula[256];
        if ((st = lmds_comp_parse(f->formula, NULL, &c)) != LMDS_OK) goto fail;
        if ((st = lmds_comp_formula(&c, formula, sizeof formula)) != LMDS_OK) goto fail;
        q_cat(&q, " AND m.formula = ");
        q_text(&q, formula);
    }
    const char *prop = f->property;
    if (!prop && (!isnan(f->tc_min) || !isnan(f->tc_max))) prop = "tc";
    if (prop && *prop) {
        q_cat(&q, " AND v.property = ");
        q_text(&q, prop);
    }
    /* A Tc range selects values whose whole interval lies inside it: "<1.5" is inside tc <= 2. */
    if (!isnan(f->tc_min)) {
        q_cat(&q, " AND v.value_lo >= ");
        q_num(&q, f->tc_min, 0);
    }
    if (!isnan(f->tc_max)) {
        q_cat(&q, " AND v.value_hi <= ");
        q_num(&q, f->tc_max, 0);
    }
    if (f->form && *f->form) {
        q_cat(&q, " AND v.form = ");
        q_text(&q, f->form);
    }
    if (!isnan(f->p_min)) {
        q_cat(&q, " AND v.pressure_GPa >= ");
        q_num(&q, f->p_min, 0);
    }
    if (!isnan(f->p_max)) {
        q_cat(&q, " AND v.pressure_GPa <= ");
        q_num(&q, f->p_max, 0);
    }
    if (f->value_type && *f->value_type) {
        q_cat(&q, " AND v.value_type = ");
        q_text(&q, f->value_type);
    }
    if (f->dataset && *f->dataset) {
        q_cat(&q, " AND src.dataset = ");
        q_text(&q, f->dataset);
    }
    if (f->optimade && *f->optimade) {
        q_cat(&q, " AND ");
        if ((st = optimade_where(f->optimade, &q)) != LMDS_OK) goto fail;
    }
    q_cat(&q, " ORDER BY m.formula IS NULL, m.formula, m.system, v.property, v.id");
    if (f->limit > 0) {
        q_cat(&q, " LIMIT ");
        q_num(&q, (double)f->limit, 1);
    }
    sqlite3_stmt *stmt = NULL;
    if ((st = q_prepare(g, &q, &stmt)) != LMDS_OK) goto fail;
    st = genome_rows_from_stmt(g, stmt, out);
fail:
    q_clear(&q);
    return st;
}

/* Find a material by id, formula, alias or parsed formula. */
static lmds_status find_material(lmds_genome *g, const char *key, sqlite3_int64 *id)
{
    sqlite3_stmt *s = NULL;
    char *end;
    long long n = strtoll(key, &end, 10);
    int rc;
    if (*key && !*end) {
        sqlite3_prepare_v2(g->db, "SELECT id FROM material WHERE id = ?", -1, &s, NULL);
        sqlite3_bind_int64(s, 1, n);
    } else {
        char formula[256] = "";
        lmds_comp c;
        int parsed = lmds_comp_parse(key, NULL, &c) == LMDS_OK && lmds_comp_formula(&c, formula, sizeof formula) == LMDS_OK;
        lmds_error_clear();
        char sys[256] = "";
        if (strncmp(key, "system:", 7) == 0 && genome_system_normalize(key + 7, sys, sizeof sys) != LMDS_OK)
            return LMDS_EPARSE;
        if (sqlite3_prepare_v2(g->db,
                               "SELECT id FROM material WHERE formula = ?1 UNION ALL SELECT material_id FROM "
                               "material_alias WHERE alias = ?1 UNION ALL SELECT id FROM material WHERE formula = ?2"
                               " UNION ALL SELECT id FROM material WHERE mkey = 'system:' || ?3 LIMIT 1",
                               -1, &s, NULL) != SQLITE_OK)
            return genome_sqlerr(g, "finding a material");
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        if (parsed) sqlite3_bind_text(s, 2, formula, -1, SQLITE_TRANSIENT);
        else sqlite3_bind_null(s, 2);
        sqlite3_bind_text(s, 3, sys, -1, SQLITE_TRANSIENT);
    }
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return LMDS_OK;
    if (rc != SQLITE_DONE) return genome_sqlerr(g, "finding a material");
    return lmds_error(LMDS_ENOTFOUND, "no material '%s' in the genome %s", key, g->path);
}

lmds_status lmds_genome_show(lmds_genome *g, const char *key, lmds_genome_rows **material, lmds_genome_rows **values)
{
    if (material) *material = NULL;
    if (values) *values = NULL;
    if (!g || !key || !material || !values) return lmds_error(LMDS_EINVAL, "lmds_genome_show: NULL argument");
    sqlite3_int64 id;
    lmds_status st = find_material(g, key, &id);
    if (st != LMDS_OK) return st;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT m.id AS id, m.formula AS formula, m.system AS system, m.nelements AS nelements,"
                           " m.name AS name,"
                           " (SELECT group_concat(symbol || ':' || ifnull(printf('%.6g', x), '?'), ' ') FROM"
                           "  (SELECT symbol, x FROM material_element WHERE material_id = m.id ORDER BY symbol))"
                           "  AS composition,"
                           " (SELECT group_concat(alias, ' | ') FROM (SELECT alias FROM material_alias WHERE"
                           "  material_id = m.id ORDER BY alias LIMIT 20)) AS aliases,"
                           " (SELECT count(*) FROM material_alias WHERE material_id = m.id) AS naliases"
                           " FROM material m WHERE m.id = ?", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "show");
    sqlite3_bind_int64(s, 1, id);
    if ((st = genome_rows_from_stmt(g, s, material)) != LMDS_OK) return st;
    static const char SHOW_SQL[] =
        "SELECT * FROM ("
        /* composition */
        " SELECT 1 AS k, 'composition' AS kind, NULL AS id, 'x(' || e.symbol || ')' AS property, NULL AS structure,"
        " e.x AS value, CASE WHEN e.x IS NULL THEN 'none' ELSE '=' END AS relation, NULL AS value_lo,"
        " NULL AS value_hi, 'mole fraction' AS unit, NULL AS form, NULL AS pressure_GPa, NULL AS criterion,"
        " NULL AS method, NULL AS value_type, NULL AS dataset, NULL AS line, NULL AS reference,"
        " CASE WHEN e.x IS NULL THEN 'composition not exact in the sources: chemical system only' END AS notes,"
        " NULL AS state, NULL AS dimensionality, NULL AS confinement"
        " FROM material_element e WHERE e.material_id = ?1"
        /* structure / state */
        " UNION ALL SELECT 2, 'structure', st.id, 'structure', st.label, NULL, 'none', NULL, NULL, NULL, NULL,"
        " NULL, NULL, NULL, NULL, src.dataset, NULL, r.citation,"
        " trim(ifnull('polymorph ' || st.polymorph || '; ', '') || ifnull('substrate ' || st.substrate, '')),"
        " st.state, st.dimensionality, st.confinement"
        " FROM structure st LEFT JOIN reference r ON r.id = st.reference_id LEFT JOIN source src ON"
        " src.id = st.source_id WHERE st.material_id = ?1"
        /* values */
        " UNION ALL SELECT CASE v.kind WHEN 'ground_state' THEN 3 WHEN 'interaction' THEN 4 ELSE 5 END, v.kind,"
        " v.id, v.property, s.label, v.value, v.relation, v.value_lo, v.value_hi, v.unit, v.form, v.pressure_GPa,"
        " v.criterion, v.method, v.value_type, src.dataset, v.source_line, r.citation,"
        " trim(ifnull(v.value_type_detail || '; ', '') || ifnull(v.notes, '')), s.state, s.dimensionality,"
        " s.confinement"
        " FROM value v LEFT JOIN structure s ON s.id = v.structure_id JOIN reference r ON r.id = v.reference_id"
        " JOIN source src ON src.id = v.source_id WHERE v.material_id = ?1"
        /* spectra */
        " UNION ALL SELECT 4, 'interaction', sp.id, 'alpha2F spectrum', NULL, sp.n, '=', NULL, NULL, 'points',"
        " NULL, NULL, NULL, sp.method, sp.value_type, src.dataset, NULL, r.citation, sp.notes, NULL, NULL, NULL"
        " FROM spectrum sp JOIN reference r ON r.id = sp.reference_id JOIN source src ON src.id = sp.source_id"
        " WHERE sp.material_id = ?1"
        ") ORDER BY k, property, id";
    if (sqlite3_prepare_v2(g->db, SHOW_SQL, -1, &s, NULL) != SQLITE_OK) {
        st = genome_sqlerr(g, "show");
        lmds_genome_rows_free(*material);
        *material = NULL;
        return st;
    }
    sqlite3_bind_int64(s, 1, id);
    if ((st = genome_rows_from_stmt(g, s, values)) != LMDS_OK) {
        lmds_genome_rows_free(*material);
        *material = NULL;
    }
    return st;
}

lmds_status lmds_genome_interactions(lmds_genome *g, const char *key, lmds_genome_rows **out)
{
    if (out) *out = NULL;
    if (!g || !key || !out) return lmds_error(LMDS_EINVAL, "lmds_genome_interactions: NULL argument");
    sqlite3_int64 id;
    lmds_status st = find_material(g, key, &id);
    if (st != LMDS_OK) return st;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT k.phase AS phase, k.constituents AS constituents, p.nu AS nu,"
                           " p.expression AS expression, p.a_J_mol AS a_J_mol, p.b_J_mol_K AS b_J_mol_K,"
                           " p.T_lo_K AS T_lo_K, p.T_hi_K AS T_hi_K, p.ref_code AS ref_code, r.citation AS reference,"
                           " k.tdb AS tdb, p.source_line AS line"
                           " FROM rk_set k JOIN rk_param p ON p.set_id = k.id JOIN reference r ON r.id = k.reference_id"
                           " WHERE k.material_id = ? ORDER BY k.phase, k.constituents, p.nu",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "interaction parameters");
    sqlite3_bind_int64(s, 1, id);
    return genome_rows_from_stmt(g, s, out);
}

static lmds_status run_sql(lmds_genome *g, const char *sql, lmds_genome_rows **out)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, sql, -1, &s, NULL) != SQLITE_OK) return genome_sqlerr(g, "query");
    return genome_rows_from_stmt(g, s, out);
}

lmds_status lmds_genome_stats(lmds_genome *g, const char *by, lmds_genome_rows **out)
{
    if (out) *out = NULL;
    if (!g || !out) return lmds_error(LMDS_EINVAL, "lmds_genome_stats: NULL argument");
    if (!by) by = "kind";
    if (strcmp(by, "kind") == 0)
        return run_sql(g,
                       "SELECT 'composition' AS kind, 'materials' AS what, count(*) AS count FROM material"
                       " UNION ALL SELECT 'composition', 'materials with exact formula', count(formula) FROM material"
                       " UNION ALL SELECT 'structure', 'structures/states', count(*) FROM structure"
                       " UNION ALL SELECT 'ground_state', 'values', count(*) FROM value WHERE kind = 'ground_state'"
                       " UNION ALL SELECT 'ground_state', 'element property values', count(*) FROM element_property"
                       " UNION ALL SELECT 'interaction', 'values', count(*) FROM value WHERE kind = 'interaction'"
                       " UNION ALL SELECT 'interaction', 'alpha2F spectra', count(*) FROM spectrum"
                       " UNION ALL SELECT 'interaction', 'Redlich-Kister sets (TDB phase + constituents)', count(*)"
                       "  FROM rk_set"
                       " UNION ALL SELECT 'interaction', 'Redlich-Kister parameters (orders nu)', count(*) FROM rk_param"
                       " UNION ALL SELECT 'macroscopic', 'values', count(*) FROM value WHERE kind = 'macroscopic'"
                       " UNION ALL SELECT 'macroscopic', 'tc values with a number', count(*) FROM value WHERE"
                       "  property = 'tc' AND relation IN ('=','range')"
                       " UNION ALL SELECT 'macroscopic', 'tc bounds (negative results <, lower bounds >)', count(*)"
                       "  FROM value WHERE property = 'tc' AND relation IN ('<','>')"
                       " UNION ALL SELECT 'macroscopic', 'tc not reported/missing', count(*) FROM value WHERE"
                       "  property = 'tc' AND relation = 'none'"
                       " UNION ALL SELECT 'provenance', 'references', count(*) FROM reference"
                       " UNION ALL SELECT 'provenance', 'sources', count(*) FROM source"
                       " UNION ALL SELECT 'provenance', 'rejected rows', count(*) FROM reject",
                       out);
    if (strcmp(by, "element") == 0)
        return run_sql(g,
                       "SELECT e.symbol AS element, count(DISTINCT e.material_id) AS materials,"
                       " (SELECT count(*) FROM value v WHERE v.material_id IN (SELECT material_id FROM"
                       "  material_element WHERE symbol = e.symbol)) AS 'values'"
                       " FROM material_element e GROUP BY e.symbol ORDER BY materials DESC, e.symbol",
                       out);
    if (strcmp(by, "source") == 0)
        return run_sql(g,
                       "SELECT src.dataset AS dataset, src.kind AS kind, src.nrows AS rows, src.inserted AS inserted,"
                       " src.duplicates AS duplicates, src.rejected AS rejected, src.path AS path,"
                       " substr(src.sha256, 1, 12) AS sha256, src.imported_at AS imported_at FROM source src"
                       " ORDER BY src.id",
                       out);
    if (strcmp(by, "property") == 0)
        return run_sql(g,
                       "SELECT kind, property, count(*) AS count, count(value) AS numeric, min(value) AS min,"
                       " max(value) AS max, unit FROM value GROUP BY kind, property, unit ORDER BY kind, property",
                       out);
    if (strcmp(by, "reject") == 0)
        return run_sql(g,
                       "SELECT src.dataset AS dataset, rj.class AS class, count(*) AS count, min(rj.line) AS"
                       " first_line, (SELECT r2.reason FROM reject r2 WHERE r2.source_id = rj.source_id AND"
                       " r2.class = rj.class ORDER BY r2.line LIMIT 1) AS example FROM reject rj JOIN source src ON"
                       " src.id = rj.source_id GROUP BY rj.source_id, rj.class ORDER BY count DESC",
                       out);
    if (strcmp(by, "rejects") == 0)
        return run_sql(g,
                       "SELECT src.dataset AS dataset, src.path AS file, rj.line AS line, rj.class AS class,"
                       " rj.reason AS reason, rj.text AS text FROM reject rj JOIN source src ON src.id = rj.source_id"
                       " ORDER BY rj.source_id, rj.line",
                       out);
    return lmds_error(LMDS_EINVAL, "stats by '%s': expected kind, element, source, property, reject or rejects", by);
}

lmds_status lmds_genome_check(lmds_genome *g, lmds_genome_rows **problems)
{
    if (problems) *problems = NULL;
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_check: NULL genome");
    static const char *cols[] = {"check", "detail"};
    lmds_genome_rows *r = genome_rows_new(2, cols);
    lmds_status st = LMDS_OK;
    if (!r) return lmds_error(LMDS_ENOMEM, "out of memory");
    sqlite3_stmt *s = NULL;
    char detail[512];
    /* SQLite's own structural check. */
    if (sqlite3_prepare_v2(g->db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(s, 0);
            if (t && strcmp(t, "ok") != 0) {
                const char *c[2] = {"integrity_check", t};
                genome_rows_add(r, c);
            }
        }
    }
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(g->db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            snprintf(detail, sizeof detail, "table %s row %lld refers to a missing %s", sqlite3_column_text(s, 0),
                     (long long)sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2));
            const char *c[2] = {"foreign_key_check", detail};
            genome_rows_add(r, c);
        }
    }
    sqlite3_finalize(s);
    int uv = -1, mv = -1;
    if (sqlite3_prepare_v2(g->db, "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT max(version) FROM migrations)", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        uv = sqlite3_column_int(s, 0);
        mv = sqlite3_column_int(s, 1);
    }
    sqlite3_finalize(s);
    if (uv != LMDS_GENOME_SCHEMA_VERSION || mv != uv) {
        snprintf(detail, sizeof detail, "user_version %d, last migration %d, this lmds expects %d", uv, mv,
                 LMDS_GENOME_SCHEMA_VERSION);
        const char *c[2] = {"schema_version", detail};
        genome_rows_add(r, c);
    }
    static const struct { const char *name, *sql; } checks[] = {
        {"value_reference", "SELECT count(*) FROM value v LEFT JOIN reference r ON r.id = v.reference_id"
                            " WHERE r.id IS NULL OR trim(r.citation) = ''"},
        {"value_source", "SELECT count(*) FROM value v LEFT JOIN source s ON s.id = v.source_id WHERE s.id IS NULL"},
        {"spectrum_reference", "SELECT count(*) FROM spectrum v LEFT JOIN reference r ON r.id = v.reference_id"
                               " WHERE r.id IS NULL OR trim(r.citation) = ''"},
        {"element_property_reference", "SELECT count(*) FROM element_property v LEFT JOIN reference r ON"
                                       " r.id = v.reference_id WHERE r.id IS NULL OR trim(r.citation) = ''"},
        {"rk_set_reference", "SELECT count(*) FROM rk_set k LEFT JOIN reference r ON r.id = k.reference_id"
                             " WHERE r.id IS NULL OR trim(r.citation) = ''"},
        {"rk_set_source", "SELECT count(*) FROM rk_set k LEFT JOIN source s ON s.id = k.source_id WHERE s.id IS NULL"},
        {"rk_param_set", "SELECT count(*) FROM rk_param p LEFT JOIN rk_set k ON k.id = p.set_id WHERE k.id IS NULL"
                         " OR trim(p.expression) = ''"},
        {"material_elements", "SELECT count(*) FROM material m WHERE (SELECT count(*) FROM material_element e"
                              " WHERE e.material_id = m.id) != m.nelements"},
        {"tc_bounds", "SELECT count(*) FROM value WHERE (relation = '=' AND (value IS NULL OR value_lo != value OR"
                      " value_hi != value)) OR (relation = '<' AND value_hi IS NULL) OR (relation = '>' AND value_lo"
                      " IS NULL) OR (relation = 'range' AND (value_lo IS NULL OR value_hi IS NULL OR value_lo >"
                      " value_hi))"},
        {"reject_source", "SELECT count(*) FROM reject j LEFT JOIN source s ON s.id = j.source_id WHERE s.id IS NULL"},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        long long n = -1;
        if (sqlite3_prepare_v2(g->db, checks[i].sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        s = NULL;
        if (n != 0) {
            if (n < 0) snprintf(detail, sizeof detail, "could not run: %s", sqlite3_errmsg(g->db));
            else snprintf(detail, sizeof detail, "%lld rows fail", n);
            const char *c[2] = {checks[i].name, detail};
            genome_rows_add(r, c);
        }
    }
    if (r->nrows > 0)
        st = lmds_error(LMDS_EDB, "%s: %zu integrity problem(s), first: %s: %s", g->path, r->nrows, r->cells[0],
                        r->cells[1]);
    if (problems) *problems = r;
    else lmds_genome_rows_free(r);
    return st;
}

lmds_status lmds_genome_content_hash(lmds_genome *g, char hex[65])
{
    genome_sha256 h;
    genome_sha256_init(&h);
    sqlite3_stmt *tabs = NULL;
    lmds_status st = LMDS_OK;
    if (sqlite3_prepare_v2(g->db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                           " ORDER BY name", -1, &tabs, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "content hash");
    while (st == LMDS_OK && sqlite3_step(tabs) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tabs, 0);
        char sql[512];
        sqlite3_stmt *s = NULL;
        /* Order by every column, so the digest does not depend on the physical order. */
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        if (sqlite3_prepare_v2(g->db, sql, -1, &s, NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "content hash");
            break;
        }
        int nc = sqlite3_column_count(s);
        sqlite3_finalize(s);
        size_t off = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY ", name);
        for (int j = 1; j <= nc && off < sizeof sql - 8; j++) off += (size_t)snprintf(sql + off, sizeof sql - off, "%s%d", j > 1 ? "," : "", j);
        if (sqlite3_prepare_v2(g->db, sql, -1, &s, NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "content hash");
            break;
        }
        genome_sha256_update(&h, name, strlen(name) + 1);
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int j = 0; j < nc; j++) {
                int t = sqlite3_column_type(s, j);
                unsigned char tb = (unsigned char)t;
                genome_sha256_update(&h, &tb, 1);
                if (t == SQLITE_INTEGER) {
                    sqlite3_int64 v = sqlite3_column_int64(s, j);
                    genome_sha256_update(&h, &v, sizeof v);
                } else if (t == SQLITE_FLOAT) {
                    double v = sqlite3_column_double(s, j);
                    genome_sha256_update(&h, &v, sizeof v);
                } else if (t != SQLITE_NULL) {
                    const void *b = sqlite3_column_blob(s, j);
                    int n = sqlite3_column_bytes(s, j);
                    genome_sha256_update(&h, &n, sizeof n);
                    if (n > 0) genome_sha256_update(&h, b, (size_t)n);
                }
            }
        }
        sqlite3_finalize(s);
    }
    sqlite3_finalize(tabs);
    if (st == LMDS_OK) genome_sha256_hex(&h, hex);
    return st;
}
