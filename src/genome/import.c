#define _GNU_SOURCE
/* Importing text sources into the genome: all-or-nothing in one transaction, every value with its reference and
 * its source file and line, re-imports recognised by the file's SHA-256 and by natural keys.
 *
 * Table formats (recognised by their header):
 *  - curated superconductors: material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,
 *    value_type,notes[,lmds_composition] -- one measurement per row, Tc_K a number, a range "7-10", a bound
 *    "<1.5"/">8" or empty; quantities named in other_props (Hc(0)=..., lambda_ep=..., melting point ... K) become
 *    values of their own with the same reference;
 *  - SuperCon lists (Stanev et al. 2018): name,Tc -- Tc = 0 means "no Tc reported";
 *  - interaction parameters: material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source;
 *  - thermo points: system,composition_at,composition_wt,quantity,value_C,reference. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"
#include "lmds/element.h"

#define PRODUCER "lmds " LMDS_VERSION_STRING " db import"

typedef struct imp {
    lmds_genome *g;
    const char *file;
    const char *dataset;
    int lenient;
    sqlite3_int64 source_id;
    lmds_genome_import_report *rep;
    const lmds_genome_import_opts *opts;
    size_t done, total;
    sqlite3_stmt *ins_ref, *sel_ref, *ins_mat, *sel_mat, *ins_el, *ins_alias, *ins_struct, *sel_struct,
        *ins_val, *nk, *ins_rej;
    char now[32];
} imp;

typedef struct val {
    const char *kind, *property, *unit, *criterion, *form, *form_detail, *method, *value_type, *vt_detail,
        *notes, *process, *relation;
    const char *as_written;         /* the formula or composition as written in the source row (NULL = none) */
    double value, lo, hi, pressure; /* NAN = NULL */
    sqlite3_int64 structure_id;     /* 0 = none */
    const char *slabel;             /* structure label for the natural key */
    sqlite3_int64 reference_id;
} val;

static void val_init(val *v)
{
    memset(v, 0, sizeof *v);
    v->value = v->lo = v->hi = v->pressure = NAN;
    v->relation = "=";
}

/* ---- small text helpers ---- */

static int blank(const char *s) { return !s || !*s; }

/* Strict number: whole string, finite. */
static int parse_num(const char *s, double *out)
{
    char *end;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return -1;
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end)) end++;
    if (*end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
    if (blank(t)) sqlite3_bind_null(s, i);
    else sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
}

static void bind_num_or_null(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v)) sqlite3_bind_null(s, i);
    else sqlite3_bind_double(s, i, v);
}

static lmds_status step_done(imp *im, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return genome_sqlerr(im->g, what);
    return LMDS_OK;
}

/* A DOI inside a citation or URL ("doi:10.1038/..." or ".../10.1038/..."), or "" when none. */
static void find_doi(const char *text, char *doi, size_t n)
{
    doi[0] = '\0';
    if (!text) return;
    for (const char *p = strstr(text, "10."); p; p = strstr(p + 1, "10.")) {
        const char *q = p + 3;
        int digits = 0;
        while (isdigit((unsigned char)*q)) q++, digits++;
        if (digits < 4 || *q != '/') continue;
        q++;
        const char *e = q;
        while (*e && !isspace((unsigned char)*e) && *e != ',' && *e != ';' && *e != ')' && *e != '"') e++;
        while (e > q && (e[-1] == '.')) e--;
        if (e == q) continue;
        size_t len = (size_t)(e - p);
        if (len >= n) len = n - 1;
        memcpy(doi, p, len);
        doi[len] = '\0';
        return;
    }
}

static lmds_status reference_id(imp *im, const char *citation, const char *url, sqlite3_int64 *id)
{
    char doi[256];
    find_doi(citation, doi, sizeof doi);
    if (!doi[0]) find_doi(url, doi, sizeof doi);
    sqlite3_bind_text(im->ins_ref, 1, citation, -1, SQLITE_TRANSIENT);
    bind_text_or_null(im->ins_ref, 2, doi);
    bind_text_or_null(im->ins_ref, 3, url);
    lmds_status st = step_done(im, im->ins_ref, "inserting a reference");
    if (st != LMDS_OK) return st;
    sqlite3_bind_text(im->sel_ref, 1, citation, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(im->sel_ref);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(im->sel_ref, 0);
    sqlite3_reset(im->sel_ref);
    return rc == SQLITE_ROW ? LMDS_OK : genome_sqlerr(im->g, "reading a reference");
}

/* Resolve a composition spec to a material: a formula for lmds_comp_parse, or "system:Ag-Ga" when only the
 * chemical system is known. The reason of a failure is left in lmds_errmsg(). */
static lmds_status material_id(imp *im, const char *spec, const char *alias, sqlite3_int64 *id, char *mkey,
                               size_t nkey)
{
    lmds_comp c;
    char formula[256], system[256];
    int has_formula = 0;
    lmds_status st;
    if (strncmp(spec, "system:", 7) == 0) {
        if ((st = genome_system_normalize(spec + 7, system, sizeof system)) != LMDS_OK) return st;
        snprintf(mkey, nkey, "system:%s", system);
        memset(&c, 0, sizeof c);
        /* Element list from the system. */
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", system);
        for (char *tok = strtok(tmp, "-"); tok && c.n < LMDS_COMP_MAX; tok = strtok(NULL, "-")) {
            int z;
            lmds_element_lookup(tok, &z);
            c.z[c.n] = z;
            c.x[c.n] = NAN;
            c.n++;
        }
    } else {
        if (strlen(spec) > 200) return lmds_error(LMDS_EPARSE, "formula longer than 200 characters");
        if ((st = lmds_comp_parse(spec, NULL, &c)) != LMDS_OK) return st;
        if ((st = lmds_comp_formula(&c, formula, sizeof formula)) != LMDS_OK) return st;
        if ((st = lmds_comp_system(&c, system, sizeof system)) != LMDS_OK) return st;
        snprintf(mkey, nkey, "%s", formula);
        has_formula = 1;
    }
    sqlite3_bind_text(im->ins_mat, 1, mkey, -1, SQLITE_TRANSIENT);
    if (has_formula) sqlite3_bind_text(im->ins_mat, 2, formula, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(im->ins_mat, 2);
    sqlite3_bind_text(im->ins_mat, 3, system, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(im->ins_mat, 4, c.n);
    if ((st = step_done(im, im->ins_mat, "inserting a material")) != LMDS_OK) return st;
    int fresh = sqlite3_changes(im->g->db) > 0;
    sqlite3_bind_text(im->sel_mat, 1, mkey, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(im->sel_mat);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(im->sel_mat, 0);
    sqlite3_reset(im->sel_mat);
    if (rc != SQLITE_ROW) return genome_sqlerr(im->g, "reading a material");
    if (fresh) {
        for (int i = 0; i < c.n; i++) {
            sqlite3_bind_int64(im->ins_el, 1, *id);
            sqlite3_bind_text(im->ins_el, 2, lmds_element_symbol(c.z[i]), -1, SQLITE_STATIC);
            sqlite3_bind_int(im->ins_el, 3, c.z[i]);
            bind_num_or_null(im->ins_el, 4, c.x[i]);
            if ((st = step_done(im, im->ins_el, "inserting an element of a material")) != LMDS_OK) return st;
        }
    }
    if (!blank(alias)) {
        sqlite3_bind_int64(im->ins_alias, 1, *id);
        sqlite3_bind_text(im->ins_alias, 2, alias, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(im->ins_alias, 3, im->source_id);
        if ((st = step_done(im, im->ins_alias, "inserting an alias")) != LMDS_OK) return st;
    }
    return LMDS_OK;
}

typedef struct structure_info {
    const char *label, *polymorph, *state, *confinement, *substrate;
    int dimensionality; /* -1 = unknown */
    double film_thickness_nm;
} structure_info;

static lmds_status structure_id(imp *im, sqlite3_int64 mid, const structure_info *s, sqlite3_int64 ref,
                                sqlite3_int64 *id)
{
    sqlite3_stmt *q = im->ins_struct;
    sqlite3_bind_int64(q, 1, mid);
    sqlite3_bind_text(q, 2, s->label, -1, SQLITE_TRANSIENT);
    bind_text_or_null(q, 3, s->polymorph);
    sqlite3_bind_text(q, 4, s->state ? s->state : "unknown", -1, SQLITE_STATIC);
    if (s->dimensionality >= 0) sqlite3_bind_int(q, 5, s->dimensionality);
    else sqlite3_bind_null(q, 5);
    bind_text_or_null(q, 6, s->confinement);
    bind_text_or_null(q, 7, s->substrate);
    bind_num_or_null(q, 8, s->film_thickness_nm);
    sqlite3_bind_int64(q, 9, ref);
    sqlite3_bind_int64(q, 10, im->source_id);
    lmds_status st = step_done(im, q, "inserting a structure");
    if (st != LMDS_OK) return st;
    sqlite3_bind_int64(im->sel_struct, 1, mid);
    sqlite3_bind_text(im->sel_struct, 2, s->label, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(im->sel_struct);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(im->sel_struct, 0);
    sqlite3_reset(im->sel_struct);
    return rc == SQLITE_ROW ? LMDS_OK : genome_sqlerr(im->g, "reading a structure");
}

static void key_num(char *buf, size_t n, double v)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.17g", v);
}

/* Insert one value. Its natural key is the dataset, material, structure, property, value and conditions, plus
 * the occurrence number of that tuple in this import, so a file with two identical rows keeps both, and the
 * same file imported again adds nothing. */
static lmds_status put_value(imp *im, sqlite3_int64 mid, const char *mkey, const val *v, long line)
{
    char base[2048], a[32], b[32], c[32], p[32];
    key_num(a, sizeof a, v->value);
    key_num(b, sizeof b, v->lo);
    key_num(c, sizeof c, v->hi);
    key_num(p, sizeof p, v->pressure);
    snprintf(base, sizeof base, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%lld", im->dataset, mkey,
             v->slabel ? v->slabel : "", v->property, v->relation, a, b, c, v->criterion ? v->criterion : "",
             v->form_detail ? v->form_detail : "", p, v->value_type, v->method ? v->method : "",
             (long long)v->reference_id);
    sqlite3_bind_text(im->nk, 1, base, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(im->nk);
    long occ = rc == SQLITE_ROW ? (long)sqlite3_column_int64(im->nk, 0) : 0;
    sqlite3_reset(im->nk);
    if (rc != SQLITE_ROW) return genome_sqlerr(im->g, "natural key");
    char key[2100];
    snprintf(key, sizeof key, "%s#%ld", base, occ);

    sqlite3_stmt *s = im->ins_val;
    int i = 1;
    sqlite3_bind_int64(s, i++, mid);
    if (v->structure_id) sqlite3_bind_int64(s, i++, v->structure_id);
    else sqlite3_bind_null(s, i++);
    sqlite3_bind_text(s, i++, v->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, i++, v->property, -1, SQLITE_TRANSIENT);
    bind_num_or_null(s, i++, v->value);
    sqlite3_bind_text(s, i++, v->relation, -1, SQLITE_STATIC);
    bind_num_or_null(s, i++, v->lo);
    bind_num_or_null(s, i++, v->hi);
    bind_text_or_null(s, i++, v->unit);
    bind_text_or_null(s, i++, v->criterion);
    bind_text_or_null(s, i++, v->form);
    bind_text_or_null(s, i++, v->form_detail);
    bind_num_or_null(s, i++, v->pressure);
    bind_text_or_null(s, i++, v->process);
    bind_text_or_null(s, i++, v->method);
    sqlite3_bind_text(s, i++, v->value_type, -1, SQLITE_TRANSIENT);
    bind_text_or_null(s, i++, v->vt_detail);
    sqlite3_bind_int64(s, i++, v->reference_id);
    sqlite3_bind_int64(s, i++, im->source_id);
    sqlite3_bind_int64(s, i++, line);
    sqlite3_bind_text(s, i++, PRODUCER, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, i++, im->now, -1, SQLITE_STATIC);
    bind_text_or_null(s, i++, v->notes);
    sqlite3_bind_text(s, i++, key, -1, SQLITE_TRANSIENT);
    if (im->g->version >= 3) bind_text_or_null(s, i++, v->as_written);
    lmds_status st = step_done(im, s, "inserting a value");
    if (st != LMDS_OK) return st;
    if (sqlite3_changes(im->g->db) > 0) im->rep->inserted++;
    else im->rep->duplicates++;
    return LMDS_OK;
}

/* A row that cannot be read: in strict mode the import fails here (located); in lenient mode it is recorded
 * in `reject` with its class and reason. `reason` is copied before any other library call. */
static lmds_status bad_row(imp *im, const genome_table *t, size_t r, const char *cls, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static lmds_status bad_row(imp *im, const genome_table *t, size_t r, const char *cls, const char *fmt, ...)
{
    char reason[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    long line = t->line[r];
    if (!im->lenient) return lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "%s", reason);
    char text[1024];
    size_t off = 0;
    text[0] = '\0';
    for (int j = 0; j < t->ncols && off < sizeof text - 1; j++)
        off += (size_t)snprintf(text + off, sizeof text - off, "%s%s", j ? "," : "", genome_table_cell(t, r, j));
    sqlite3_stmt *s = im->ins_rej;
    sqlite3_bind_int64(s, 1, im->source_id);
    sqlite3_bind_int64(s, 2, line);
    sqlite3_bind_text(s, 3, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, cls, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, reason, -1, SQLITE_TRANSIENT);
    lmds_status st = step_done(im, s, "recording a rejected row");
    if (st == LMDS_OK) im->rep->rejected++;
    return st;
}

static lmds_status progress(imp *im)
{
    im->done++;
    if (im->opts && im->opts->progress && im->done % 256 == 0 &&
        im->opts->progress(im->opts->progress_ctx, im->done, im->total))
        return lmds_error(LMDS_EIO, "%s: import interrupted", im->file);
    return LMDS_OK;
}

static lmds_status need_cols(imp *im, const genome_table *t, const char *const *cols)
{
    for (int i = 0; cols[i]; i++)
        if (genome_table_col(t, cols[i]) < 0)
            return lmds_error_at(LMDS_EPARSE, im->file, 1, 0, "missing column '%s'", cols[i]);
    return LMDS_OK;
}

/* ---- Tc and conditions ---- */

/* Tc as written: "1.083", "7-10", "<1.5", ">8", "" (missing). */
static int parse_tc(const char *s, val *v)
{
    double a, b;
    if (blank(s)) {
        v->relation = "none";
        return 0;
    }
    if (s[0] == '<' || s[0] == '>') {
        if (parse_num(s + 1 + (s[1] == '='), &a) != 0 || a < 0) return -1;
        v->relation = s[0] == '<' ? "<" : ">";
        if (s[0] == '<') v->hi = a;
        else v->lo = a;
        return 0;
    }
    const char *dash = strchr(s + 1, '-');
    if (dash) {
        char lo[64];
        size_t n = (size_t)(dash - s);
        if (n >= sizeof lo) return -1;
        memcpy(lo, s, n);
        lo[n] = '\0';
        if (parse_num(lo, &a) != 0 || parse_num(dash + 1, &b) != 0 || a < 0 || b < a) return -1;
        v->relation = "range";
        v->lo = a;
        v->hi = b;
        v->value = 0.5 * (a + b); /* midpoint, for sorting; the bounds are the data */
        return 0;
    }
    if (parse_num(s, &a) != 0 || a < 0) return -1;
    v->value = v->lo = v->hi = a;
    return 0;
}

/* Form category from the route as written: "confined (porous glass)" -> "confined". */
static const char *form_category(const char *f)
{
    static const struct { const char *prefix, *cat; } map[] = {
        {"2D", "2D"}, {"confined", "confined"}, {"amorphous", "amorphous"}, {"printed film", "printed film"},
        {"film", "film"}, {"wire", "wire"}, {"nanodroplet", "nanodroplet"}, {"microdroplet", "nanodroplet"},
        {"droplet", "nanodroplet"}, {"bulk", "bulk"}, {"liquid", "liquid"}};
    if (blank(f)) return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncasecmp(f, map[i].prefix, strlen(map[i].prefix)) == 0) return map[i].cat;
    if (strcasestr(f, "droplet")) return "nanodroplet";
    return "other";
}

/* value_type "measured (onset)" -> type "measured", detail "onset". */
static int parse_value_type(const char *s, char *type, size_t nt, char *detail, size_t nd)
{
    static const char *types[] = {"measured", "calculated", "textbook", "missing", "not_reported"};
    detail[0] = '\0';
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(s, types[i], n) == 0 && (s[n] == '\0' || s[n] == ' ' || s[n] == '(')) {
            snprintf(type, nt, "%s", types[i]);
            const char *p = strchr(s + n, '(');
            if (p) {
                snprintf(detail, nd, "%s", p + 1);
                char *q = strrchr(detail, ')');
                if (q) *q = '\0';
            }
            return 0;
        }
    }
    return -1;
}

static const char *criterion_of(const char *a, const char *b, const char *c)
{
    const char *texts[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        if (blank(texts[i])) continue;
        if (strcasestr(texts[i], "onset")) return "onset";
        if (strcasestr(texts[i], "zero resistance")) return "zero_resistance";
        if (strcasestr(texts[i], "midpoint")) return "midpoint";
        /* "magnetic" only when the value type says so: other_props mention magnetisation for other reasons. */
        if (i == 0 && (strcasestr(texts[i], "magnetiz") || strcasestr(texts[i], "Meissner"))) return "magnetic";
    }
    return NULL;
}

/* Quantities written inside other_props, e.g. "Hc(0)=5.83 mT; type-I; melting point 302.91 K". Each pattern:
 * name prefix, property, kind, target unit, and whether a '=' or '~' must follow. */
typedef struct prop_pattern {
    const char *prefix, *property, *kind, *unit;
    double factor; /* extra factor on the value (2 for Delta/kTc -> 2Delta/kTc) */
} prop_pattern;

static const prop_pattern PATTERNS[] = {
    {"mu0Hc2(0)", "Hc2", "macroscopic", "T", 1}, {"mu0Hc1(0)", "Hc1", "macroscopic", "mT", 1},
    {"Bc2(0)", "Hc2", "macroscopic", "T", 1},    {"Hc2(0)", "Hc2", "macroscopic", "T", 1},
    {"Hc2", "Hc2", "macroscopic", "T", 1},       {"Hc1(0)", "Hc1", "macroscopic", "mT", 1},
    {"Hc1", "Hc1", "macroscopic", "mT", 1},      {"Hc(0)", "Hc", "macroscopic", "mT", 1},
    {"Bc(0)", "Hc", "macroscopic", "mT", 1},     {"lambda_ep", "lambda", "interaction", NULL, 1},
    {"gamma_n", "sommerfeld_gamma", "ground_state", "mJ/(mol K^2)", 1},
    {"kappa_GL", "kappa_GL", "macroscopic", NULL, 1}, {"xi_GL", "coherence_length", "macroscopic", "nm", 1},
    {"Delta(0)/kBTc", "gap_ratio_2delta_kTc", "macroscopic", NULL, 2},
    {"2Delta/kBTc", "gap_ratio_2delta_kTc", "macroscopic", NULL, 1},
    {"melting point", "melting_T", "macroscopic", "K", 1},
};

/* Convert value v in unit u to the pattern's target unit; 0 on success. */
static int convert_unit(const char *u, const char *target, double *v)
{
    if (!target) return *u == '\0' || *u == ';' ? 0 : (strncmp(u, "(", 1) == 0 ? 0 : 0);
    static const struct { const char *from, *to; double f; } conv[] = {
        {"mT", "mT", 1}, {"T", "mT", 1000}, {"Oe", "mT", 0.1}, {"G", "mT", 0.1}, {"uT", "mT", 1e-3},
        {"T", "T", 1},   {"mT", "T", 1e-3}, {"K", "K", 1},     {"nm", "nm", 1}, {"mJ/mol", "mJ/(mol K^2)", 1}};
    for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
        size_t n = strlen(conv[i].from);
        if (strcmp(conv[i].to, target) == 0 && strncmp(u, conv[i].from, n) == 0 &&
            (u[n] == '\0' || u[n] == ' ' || u[n] == ';' || u[n] == ',' || u[n] == ')' ||
             strcmp(conv[i].from, "mJ/mol") == 0)) {
            *v *= conv[i].f;
            return 0;
        }
    }
    return -1;
}

typedef struct found_prop {
    const prop_pattern *pat;
    double value;
    char item[160];
} found_prop;

static int scan_other_props(const char *text, found_prop *out, int max)
{
    int n = 0;
    char buf[2048];
    if (blank(text)) return 0;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *item = strtok_r(buf, ";", &save); item && n < max; item = strtok_r(NULL, ";", &save)) {
        while (isspace((unsigned char)*item)) item++;
        for (size_t k = 0; k < sizeof PATTERNS / sizeof PATTERNS[0]; k++) {
            const prop_pattern *pt = &PATTERNS[k];
            size_t len = strlen(pt->prefix);
            if (strncmp(item, pt->prefix, len) != 0) continue;
            const char *p = item + len;
            int word = strchr(pt->prefix, ' ') != NULL;
            while (*p == ' ') p++;
            if (!word) {
                if (*p != '=' && *p != '~') break; /* e.g. "Hc2(T) exceeds ..." is not a value */
                p++;
            }
            while (*p == ' ') p++;
            char *end;
            double v = strtod(p, &end);
            if (end == p || !isfinite(v)) break;
            p = end;
            if (*p == '(') { /* uncertainty in the last digits: 2.00(5) */
                while (*p && *p != ')') p++;
                if (*p) p++;
            }
            while (*p == ' ') p++;
            if (pt->unit && convert_unit(p, pt->unit, &v) != 0) break;
            out[n].pat = pt;
            out[n].value = v * pt->factor;
            snprintf(out[n].item, sizeof out[n].item, "%s", item);
            n++;
            break;
        }
    }
    return n;
}

static int is_roman(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr("IVX", *s)) return 0;
    return 1;
}

/* "alpha-Ga (stable ...)" -> "alpha-Ga"; "Bi-II (monoclinic ...)" -> "Bi-II"; else "". */
static void polymorph_of(const char *label, char *out, size_t n)
{
    static const char *greek[] = {"alpha", "beta", "gamma", "delta", "epsilon", "iota", "kappa", "tP", "oC"};
    char tok[64];
    size_t i = 0;
    out[0] = '\0';
    while (label[i] && label[i] != ' ' && label[i] != ',' && i < sizeof tok - 1) {
        tok[i] = label[i];
        i++;
    }
    tok[i] = '\0';
    char *dash = strchr(tok, '-');
    if (!dash) return;
    *dash = '\0';
    int ok = is_roman(dash + 1);
    for (size_t k = 0; k < sizeof greek / sizeof greek[0] && !ok; k++) ok = strcmp(tok, greek[k]) == 0;
    *dash = '-';
    if (ok) snprintf(out, n, "%s", tok);
}

/* ---- the curated superconductors table ---- */

static lmds_status import_curated(imp *im, const genome_table *t)
{
    static const char *req[] = {"material", "composition", "Tc_K", "reference", "value_type", NULL};
    lmds_status st = need_cols(im, t, req);
    if (st != LMDS_OK) return st;
    int c_mat = genome_table_col(t, "material"), c_comp = genome_table_col(t, "composition"),
        c_lc = genome_table_col(t, "lmds_composition"), c_form = genome_table_col(t, "form"),
        c_p = genome_table_col(t, "pressure_GPa"), c_tc = genome_table_col(t, "Tc_K"),
        c_other = genome_table_col(t, "other_props"), c_ref = genome_table_col(t, "reference"),
        c_url = genome_table_col(t, "source_url"), c_vt = genome_table_col(t, "value_type"),
        c_notes = genome_table_col(t, "notes");
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *label = genome_table_cell(t, r, c_mat), *comp = genome_table_cell(t, r, c_comp),
                   *spec = genome_table_cell(t, r, c_lc), *form = genome_table_cell(t, r, c_form),
                   *ptext = genome_table_cell(t, r, c_p), *tc = genome_table_cell(t, r, c_tc),
                   *other = genome_table_cell(t, r, c_other), *ref = genome_table_cell(t, r, c_ref),
                   *url = genome_table_cell(t, r, c_url), *vt = genome_table_cell(t, r, c_vt),
                   *notes = genome_table_cell(t, r, c_notes);
        long line = t->line[r];
        if ((st = progress(im)) != LMDS_OK) break;
        if (blank(spec)) spec = comp;
        if (blank(label)) label = comp;
        if (blank(spec)) {
            st = bad_row(im, t, r, "composition", "no composition");
            continue;
        }
        if (blank(ref)) {
            st = bad_row(im, t, r, "reference", "no reference: every value needs one");
            continue;
        }
        char vtype[32], vdetail[128];
        if (parse_value_type(vt, vtype, sizeof vtype, vdetail, sizeof vdetail) != 0) {
            st = bad_row(im, t, r, "value_type",
                         "value_type '%s' is not measured, calculated, textbook, missing or not_reported", vt);
            continue;
        }
        val v;
        val_init(&v);
        if (parse_tc(tc, &v) != 0) {
            st = bad_row(im, t, r, "tc", "Tc_K '%s' is not a number, a range (7-10) or a bound (<1.5, >8)", tc);
            continue;
        }
        if (!blank(ptext) && (parse_num(ptext, &v.pressure) != 0 || v.pressure < 0)) {
            st = bad_row(im, t, r, "pressure", "pressure_GPa '%s' is not a non-negative number", ptext);
            continue;
        }
        sqlite3_int64 mid, sid = 0, rid;
        char mkey[300];
        if (material_id(im, spec, NULL, &mid, mkey, sizeof mkey) != LMDS_OK) {
            st = bad_row(im, t, r, "formula", "composition '%s': %s", spec, lmds_errmsg());
            continue;
        }
        if ((st = reference_id(im, ref, url, &rid)) != LMDS_OK) break;
        /* Structure / state of the sample. */
        char poly[64], conf[128] = "", subst[128] = "";
        polymorph_of(label, poly, sizeof poly);
        const char *cat = form_category(form);
        structure_info si = {label, poly, "unknown", NULL, NULL, -1, NAN};
        if ((cat && strcmp(cat, "amorphous") == 0) || strcasestr(label, "amorphous")) si.state = "amorphous";
        else if ((cat && strcmp(cat, "liquid") == 0)) si.state = "liquid";
        else if (poly[0]) si.state = "crystalline";
        if (cat) {
            if (strcmp(cat, "2D") == 0) si.dimensionality = 2;
            else if (strcmp(cat, "wire") == 0) si.dimensionality = 1;
            else if (strcmp(cat, "nanodroplet") == 0) si.dimensionality = 0;
            else if (strcmp(cat, "bulk") == 0) si.dimensionality = 3;
            if (strcmp(cat, "confined") == 0) {
                const char *p = strchr(form, '(');
                snprintf(conf, sizeof conf, "%s", p ? p + 1 : form);
                char *q = strrchr(conf, ')');
                if (q) *q = '\0';
                si.confinement = conf;
            }
        }
        const char *on = strstr(label, " on ");
        if (!on) on = strstr(form, "(on ");
        if (on) {
            on += on[0] == '(' ? 4 : 4;
            size_t k = 0;
            while (on[k] && on[k] != ' ' && on[k] != ',' && !(on[k] == ')' && !strchr(subst, '(')) && k < sizeof subst - 1) {
                subst[k] = on[k];
                subst[k + 1] = '\0';
                k++;
            }
            si.substrate = subst;
        }
        if ((st = structure_id(im, mid, &si, rid, &sid)) != LMDS_OK) break;
        /* The Tc measurement (a negative result is a row with relation '<'). */
        v.kind = "macroscopic";
        v.property = "tc";
        v.unit = "K";
        v.criterion = criterion_of(vdetail, other, notes);
        v.form = cat;
        v.form_detail = blank(form) ? NULL : form;
        v.value_type = vtype;
        v.vt_detail = vdetail[0] ? vdetail : NULL;
        v.method = strcmp(vtype, "calculated") == 0 ? "theory (see reference)" : NULL;
        v.notes = blank(notes) ? NULL : notes;
        v.structure_id = sid;
        v.slabel = label;
        v.reference_id = rid;
        v.as_written = comp;
        if (strcmp(v.relation, "none") == 0 && strcmp(vtype, "missing") != 0 && vdetail[0] == '\0')
            v.vt_detail = "no Tc value in the source row";
        if ((st = put_value(im, mid, mkey, &v, line)) != LMDS_OK) break;
        /* Other quantities written in the row, same conditions and reference. */
        found_prop fp[16];
        int nf = scan_other_props(other, fp, 16);
        for (int k = 0; k < nf && st == LMDS_OK; k++) {
            val w = v;
            w.kind = fp[k].pat->kind;
            w.property = fp[k].pat->property;
            w.unit = fp[k].pat->unit;
            w.relation = "=";
            w.value = w.lo = w.hi = fp[k].value;
            w.criterion = NULL;
            w.notes = fp[k].item;
            if (strcmp(vtype, "missing") == 0) w.value_type = "measured";
            st = put_value(im, mid, mkey, &w, line);
        }
    }
    return st;
}

/* ---- SuperCon lists: name,Tc ---- */

#define STANEV_REF                                                                                             \
    "V. Stanev, C. Oses, A.G. Kusne, E. Rodriguez, J. Paglione, S. Curtarolo, I. Takeuchi, npj Comput. Mater. " \
    "4, 29 (2018), doi:10.1038/s41524-018-0085-8 (compositions and Tc from the NIMS SuperCon database; CC BY 4.0)"

static lmds_status import_supercon(imp *im, const genome_table *t)
{
    int c_name = genome_table_col(t, "name"), c_tc = genome_table_col(t, "Tc");
    int c_ref = genome_table_col(t, "reference");
    sqlite3_int64 rid_default = 0;
    lmds_status st = LMDS_OK;
    if (c_ref < 0 && (st = reference_id(im, STANEV_REF, "https://doi.org/10.1038/s41524-018-0085-8",
                                        &rid_default)) != LMDS_OK)
        return st;
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *name = genome_table_cell(t, r, c_name), *tc = genome_table_cell(t, r, c_tc);
        if ((st = progress(im)) != LMDS_OK) break;
        double x;
        if (blank(name)) {
            st = bad_row(im, t, r, "formula", "empty formula");
            continue;
        }
        if (parse_num(tc, &x) != 0 || x < 0) {
            st = bad_row(im, t, r, "tc", "Tc '%s' is not a non-negative number", tc);
            continue;
        }
        sqlite3_int64 mid, rid = rid_default;
        char mkey[300];
        if (material_id(im, name, name, &mid, mkey, sizeof mkey) != LMDS_OK) {
            /* Deuterium and tritium (D, T) are not element symbols for the composition parser; they are kept
             * apart from the other rejects because PdD and PdH are different superconductors. */
            const char *msg = lmds_errmsg();
            int isotope = strstr(msg, "unknown element 'D'") || strstr(msg, "unknown element 'T'");
            st = bad_row(im, t, r, isotope ? "formula_isotope" : "formula", "formula '%s': %s", name, msg);
            continue;
        }
        if (c_ref >= 0) {
            const char *ref = genome_table_cell(t, r, c_ref);
            if (blank(ref)) {
                st = bad_row(im, t, r, "reference", "no reference: every value needs one");
                continue;
            }
            if ((st = reference_id(im, ref, NULL, &rid)) != LMDS_OK) break;
        }
        val v;
        val_init(&v);
        v.kind = "macroscopic";
        v.property = "tc";
        v.unit = "K";
        v.reference_id = rid;
        v.method = "experiment (SuperCon)";
        v.as_written = name;
        if (x == 0) {
            /* SuperCon's 0: no Tc reported, which Stanev et al. use as the non-superconductor class. */
            v.relation = "none";
            v.value_type = "not_reported";
            v.vt_detail = "Tc = 0 in the source: no superconductivity reported";
        } else {
            v.value = v.lo = v.hi = x;
            v.value_type = "measured";
        }
        st = put_value(im, mid, mkey, &v, t->line[r]);
    }
    return st;
}

/* ---- interaction parameters: material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source */

static const char *method_of(const char *src)
{
    if (strstr(src, "Elk")) return "DFPT (Elk)";
    if (strstr(src, "SCTK") && strstr(src, "SCDFT")) return "SCDFT (SCTK)";
    if (strstr(src, "SCTK")) return "DFPT (Quantum ESPRESSO, SCTK)";
    if (strstr(src, "EPW")) return "DFPT + Wannier (EPW)";
    if (strstr(src, "PAOFLOW")) return "DFPT (via PAOFLOW)";
    if (strstr(src, "ABINIT")) return "DFPT (ABINIT)";
    return NULL;
}

static lmds_status import_interaction(imp *im, const genome_table *t)
{
    static const char *req[] = {"material", "source", NULL};
    static const struct { const char *col, *property, *kind, *unit; } cols[] = {
        {"lambda", "lambda", "interaction", NULL},        {"omega_log_K", "omega_log", "interaction", "K"},
        {"omega2_K", "omega2", "interaction", "K"},       {"mu_star", "mu_star", "interaction", NULL},
        {"Tc_exp_K", "tc", "macroscopic", "K"},           {"Tc_calc_K", "tc", "macroscopic", "K"},
        {"gap_ratio", "gap_ratio_2delta_kTc", "macroscopic", NULL}};
    lmds_status st = need_cols(im, t, req);
    if (st != LMDS_OK) return st;
    int c_mat = genome_table_col(t, "material"), c_src = genome_table_col(t, "source");
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *mat = genome_table_cell(t, r, c_mat), *src = genome_table_cell(t, r, c_src);
        if ((st = progress(im)) != LMDS_OK) break;
        if (blank(src)) {
            st = bad_row(im, t, r, "reference", "no source: every value needs one");
            continue;
        }
        double x[sizeof cols / sizeof cols[0]];
        int bad = -1;
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            const char *cell = genome_table_cell(t, r, genome_table_col(t, cols[k].col));
            x[k] = NAN;
            if (!blank(cell) && (parse_num(cell, &x[k]) != 0 || x[k] < 0)) bad = (int)k;
        }
        if (bad >= 0) {
            st = bad_row(im, t, r, "number", "%s '%s' is not a non-negative number", cols[bad].col,
                         genome_table_cell(t, r, genome_table_col(t, cols[bad].col)));
            continue;
        }
        sqlite3_int64 mid, rid;
        char mkey[300];
        if (material_id(im, mat, NULL, &mid, mkey, sizeof mkey) != LMDS_OK) {
            st = bad_row(im, t, r, "formula", "material '%s': %s", mat, lmds_errmsg());
            continue;
        }
        if ((st = reference_id(im, src, NULL, &rid)) != LMDS_OK) break;
        const char *method = method_of(src);
        int computed = method != NULL || strcasestr(src, "calculat") || strcasestr(src, "DFPT");
        for (size_t k = 0; k < sizeof cols / sizeof cols[0] && st == LMDS_OK; k++) {
            if (isnan(x[k])) continue;
            val v;
            val_init(&v);
            v.kind = cols[k].kind;
            v.property = cols[k].property;
            v.unit = cols[k].unit;
            v.value = v.lo = v.hi = x[k];
            v.reference_id = rid;
            v.as_written = mat;
            if (strcmp(cols[k].col, "Tc_exp_K") == 0) {
                v.value_type = "measured";
            } else if (strcmp(cols[k].col, "Tc_calc_K") == 0) {
                v.value_type = "calculated";
                v.method = strstr(src, "SCDFT") ? "SCDFT" : strstr(src, "Allen-Dynes") ? "Allen-Dynes" : method;
            } else {
                v.value_type = computed ? "calculated" : "measured";
                v.method = method;
            }
            if (strcmp(cols[k].col, "mu_star") == 0) v.notes = "Coulomb pseudopotential as used by the source";
            st = put_value(im, mid, mkey, &v, t->line[r]);
        }
    }
    return st;
}

/* ---- thermo points: system,composition_at,composition_wt,quantity,value_C,reference ---- */

/* Split "a / b" into at most 4 trimmed parts. */
static int split_slash(const char *s, char parts[][256], int max)
{
    int n = 0;
    const char *p = s;
    while (n < max) {
        const char *q = strstr(p, " / ");
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len > 255) len = 255;
        memcpy(parts[n], p, len);
        parts[n][len] = '\0';
        n++;
        if (!q) break;
        p = q + 3;
    }
    return n;
}

static const char *thermo_property(const char *q)
{
    if (strcasestr(q, "liquidus")) return "liquidus_T";
    if (strcasestr(q, "solidus")) return "solidus_T";
    if (strcasestr(q, "peritectic")) return "peritectic_T";
    if (strcasestr(q, "congruent")) return "congruent_melting_T";
    if (strcasestr(q, "eutectic")) return "eutectic_T";
    if (strcasestr(q, "invariant")) return "invariant_T";
    if (strcasestr(q, "melting")) return "melting_T";
    return NULL;
}

/* "Ga83.5-In16.5" -> "Ga83.5In16.5"; "Ga (pure)" -> "Ga"; "Ga-In" -> "system:Ga-In". */
static void thermo_spec(const char *comp_at, const char *system, char *out, size_t n)
{
    if (!blank(comp_at)) {
        size_t k = 0;
        for (const char *p = comp_at; *p && k < n - 1; p++) {
            if (*p == '-' && isupper((unsigned char)p[1])) continue;
            out[k++] = *p;
        }
        out[k] = '\0';
        return;
    }
    char sys[256];
    snprintf(sys, sizeof sys, "%s", system);
    char *paren = strstr(sys, " (");
    if (paren) *paren = '\0';
    if (strchr(sys, '-')) snprintf(out, n, "system:%s", sys);
    else snprintf(out, n, "%s", sys);
}

static lmds_status import_thermo(imp *im, const genome_table *t)
{
    static const char *req[] = {"system", "quantity", "value_C", "reference", NULL};
    lmds_status st = need_cols(im, t, req);
    if (st != LMDS_OK) return st;
    int c_sys = genome_table_col(t, "system"), c_at = genome_table_col(t, "composition_at"),
        c_wt = genome_table_col(t, "composition_wt"), c_q = genome_table_col(t, "quantity"),
        c_v = genome_table_col(t, "value_C"), c_ref = genome_table_col(t, "reference");
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *sys = genome_table_cell(t, r, c_sys), *at = genome_table_cell(t, r, c_at),
                   *wt = genome_table_cell(t, r, c_wt), *q = genome_table_cell(t, r, c_q),
                   *vc = genome_table_cell(t, r, c_v), *ref = genome_table_cell(t, r, c_ref);
        if ((st = progress(im)) != LMDS_OK) break;
        if (blank(ref)) {
            st = bad_row(im, t, r, "reference", "no reference: every value needs one");
            continue;
        }
        /* "liquidus_T / solidus_T" with "25 / 16": paired parts; a single part applies to all. */
        char qs[4][256], vs[4][256], ss[4][256];
        int nq = split_slash(q, qs, 4), nv = split_slash(vc, vs, 4), ns = split_slash(sys, ss, 4);
        int n = nq > nv ? nq : nv;
        if (ns > n) n = ns;
        if ((nq != 1 && nq != n) || (nv != 1 && nv != n) || (ns != 1 && ns != n)) {
            st = bad_row(im, t, r, "quantity", "quantity '%s', value '%s' and system '%s' do not pair up", q, vc, sys);
            continue;
        }
        sqlite3_int64 rid;
        if ((st = reference_id(im, ref, NULL, &rid)) != LMDS_OK) break;
        for (int k = 0; k < n && st == LMDS_OK; k++) {
            const char *qk = qs[nq == 1 ? 0 : k], *vk = vs[nv == 1 ? 0 : k], *sk = ss[ns == 1 ? 0 : k];
            const char *prop = thermo_property(qk);
            double c;
            if (!prop) {
                st = bad_row(im, t, r, "quantity", "quantity '%s' is not a liquidus, solidus, eutectic, peritectic, "
                             "congruent, invariant or melting temperature", qk);
                break;
            }
            if (parse_num(vk, &c) != 0 || c < -LMDS_C_TO_K) {
                st = bad_row(im, t, r, "number", "value_C '%s' is not a temperature in Celsius", vk);
                break;
            }
            char spec[300];
            thermo_spec(ns == 1 ? at : "", sk, spec, sizeof spec);
            sqlite3_int64 mid;
            char mkey[300];
            if (material_id(im, spec, NULL, &mid, mkey, sizeof mkey) != LMDS_OK) {
                st = bad_row(im, t, r, "formula", "composition '%s': %s", spec, lmds_errmsg());
                break;
            }
            char notes[512];
            snprintf(notes, sizeof notes, "%s%s%s", qk, blank(wt) ? "" : "; composition by weight ", wt);
            val v;
            val_init(&v);
            v.kind = "macroscopic";
            v.property = prop;
            v.unit = "K";
            v.value = v.lo = v.hi = c + LMDS_C_TO_K;
            v.reference_id = rid;
            int calc = strcasestr(qk, "CALPHAD") != NULL;
            v.value_type = calc ? "calculated" : "measured";
            v.method = calc ? "CALPHAD" : NULL;
            v.vt_detail = strstr(ref, "RECALLED") ? "recalled, not verified against the primary source" : NULL;
            v.notes = notes;
            v.form = "bulk";
            v.as_written = ns == 1 && !blank(at) ? at : sk;
            st = put_value(im, mid, mkey, &v, t->line[r]);
        }
    }
    return st;
}

/* ---- ground-state quantities per material: element|material[,phase],<quantity columns>,source ----
 * data/pressure/eos_and_slopes.csv (EOS and measured dTc/dP), data/pressure/tunnel_materials.csv (EOS and Debye
 * temperature per phase), data/supercon/debye_temperatures.csv. Columns other than those below (the tunnel
 * model's gamma0, q, Tc0, mu*, phi: model inputs, not measurements) are not values and are ignored.
 * The EOS of a row is a DFT result when its source names PBE (the Delta-test WIEN2k set), else the experimental
 * (zero-point and thermally corrected) set; dTc/dP and Debye temperatures are measurements. */
static lmds_status import_ground_state(imp *im, const genome_table *t)
{
    static const struct { const char *col, *property, *kind, *unit; int eos; } cols[] = {
        {"dTc_dP_K_per_GPa", "dTc_dP", "macroscopic", "K/GPa", 0},
        {"V0_A3_per_atom", "V0", "ground_state", "A^3/atom", 1}, {"V0_A3", "V0", "ground_state", "A^3/atom", 1},
        {"B0_GPa", "B0", "ground_state", "GPa", 1},             {"B0_prime", "B0_prime", "ground_state", NULL, 1},
        {"B0p", "B0_prime", "ground_state", NULL, 1},           {"gamma_G", "gruneisen_gamma", "ground_state", NULL, 0},
        {"theta_D_K", "debye_T", "ground_state", "K", 0}};
    enum { NC = sizeof cols / sizeof cols[0] };
    int c_mat = genome_table_col(t, "element");
    if (c_mat < 0) c_mat = genome_table_col(t, "material");
    int c_src = genome_table_col(t, "source"), c_phase = genome_table_col(t, "phase"),
        c_plo = genome_table_col(t, "P_lo_GPa"), c_phi = genome_table_col(t, "P_hi_GPa"),
        c_eos = genome_table_col(t, "eos");
    if (c_mat < 0 || c_src < 0)
        return lmds_error_at(LMDS_EPARSE, im->file, 1, 0, "missing column '%s'", c_mat < 0 ? "element" : "source");
    int ci[NC], nfound = 0;
    for (int k = 0; k < NC; k++) nfound += (ci[k] = genome_table_col(t, cols[k].col)) >= 0;
    if (nfound == 0)
        return lmds_error_at(LMDS_EPARSE, im->file, 1, 0, "no ground-state column (dTc_dP_K_per_GPa, V0_A3[_per_atom], "
                             "B0_GPa, B0_prime/B0p, gamma_G, theta_D_K)");
    lmds_status st = LMDS_OK;
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *mat = genome_table_cell(t, r, c_mat), *src = genome_table_cell(t, r, c_src),
                   *phase = genome_table_cell(t, r, c_phase), *plo = genome_table_cell(t, r, c_plo),
                   *phi = genome_table_cell(t, r, c_phi), *eos = genome_table_cell(t, r, c_eos);
        if ((st = progress(im)) != LMDS_OK) break;
        if (blank(src)) {
            st = bad_row(im, t, r, "reference", "no source: every value needs one");
            continue;
        }
        double x[NC];
        int bad = -1;
        for (int k = 0; k < NC; k++) {
            const char *cell = genome_table_cell(t, r, ci[k]);
            x[k] = NAN;
            if (!blank(cell) && parse_num(cell, &x[k]) != 0) bad = k;
        }
        if (bad >= 0) {
            st = bad_row(im, t, r, "number", "%s '%s' is not a number", cols[bad].col, genome_table_cell(t, r, ci[bad]));
            continue;
        }
        sqlite3_int64 mid, rid, sid = 0;
        char mkey[300];
        if (material_id(im, mat, NULL, &mid, mkey, sizeof mkey) != LMDS_OK) {
            st = bad_row(im, t, r, "formula", "material '%s': %s", mat, lmds_errmsg());
            continue;
        }
        if ((st = reference_id(im, src, NULL, &rid)) != LMDS_OK) break;
        /* The phase the EOS describes ("alpha-Ga", "Bi-II", "bcc"); "ambient" is the ambient stable phase. */
        char label[128] = "", poly[64] = "", range[128] = "";
        if (!blank(phase)) {
            snprintf(label, sizeof label, "%s (%s)", phase, mat);
            polymorph_of(phase, poly, sizeof poly);
            structure_info si = {label, poly, "crystalline", NULL, NULL, 3, NAN};
            if ((st = structure_id(im, mid, &si, rid, &sid)) != LMDS_OK) break;
        }
        if (!blank(plo) || !blank(phi))
            snprintf(range, sizeof range, "phase from %s to %s GPa", blank(plo) ? "?" : plo, blank(phi) ? "-" : phi);
        int pbe = strstr(src, "PBE") != NULL;
        for (int k = 0; k < NC && st == LMDS_OK; k++) {
            if (isnan(x[k])) continue;
            val v;
            val_init(&v);
            v.kind = cols[k].kind;
            v.property = cols[k].property;
            v.unit = cols[k].unit;
            v.value = v.lo = v.hi = x[k];
            v.reference_id = rid;
            v.structure_id = sid;
            v.slabel = label[0] ? label : NULL;
            v.as_written = mat;
            v.form = "bulk";
            v.form_detail = range[0] ? range : NULL;
            if (cols[k].eos) {
                v.value_type = pbe ? "calculated" : "measured";
                v.vt_detail = pbe ? "DFT-PBE" : "experimental (zero-point and thermally corrected)";
                v.method = pbe ? "DFT-PBE (WIEN2k, Delta test)" :
                           (!blank(eos) && strcasecmp(eos, "bm3") == 0 ? "Birch-Murnaghan 3rd order fit" : NULL);
            } else {
                v.value_type = "measured";
                v.vt_detail = "experimental";
                if (strcmp(v.property, "dTc_dP") == 0) v.pressure = 0, v.method = "hydrostatic pressure, initial slope";
            }
            st = put_value(im, mid, mkey, &v, t->line[r]);
        }
    }
    return st;
}

/* ---- element properties from a table: symbol, numeric columns, source ---- */

static lmds_status import_elements_table(imp *im, const genome_table *t)
{
    static const char *req[] = {"symbol", NULL};
    lmds_status st = need_cols(im, t, req);
    if (st != LMDS_OK) return st;
    int c_sym = genome_table_col(t, "symbol"), c_src = genome_table_col(t, "source");
    if (c_src < 0) c_src = genome_table_col(t, "reference");
    sqlite3_stmt *ins_el = NULL, *ins_p = NULL;
    if (sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO element(z, symbol, name) VALUES(?,?,?)", -1, &ins_el,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO element_property(z, property, value, unit, "
                           "reference_id, source_id) VALUES(?,?,?,NULL,?,?)", -1, &ins_p, NULL) != SQLITE_OK) {
        st = genome_sqlerr(im->g, "preparing the element import");
        goto done;
    }
    for (size_t r = 0; r < t->nrows && st == LMDS_OK; r++) {
        const char *sym = genome_table_cell(t, r, c_sym);
        const char *src = c_src >= 0 ? genome_table_cell(t, r, c_src) : "";
        if (blank(src) && im->opts && im->opts->reference) src = im->opts->reference;
        int z;
        if ((st = progress(im)) != LMDS_OK) break;
        if (lmds_element_lookup(sym, &z) != LMDS_OK) {
            st = bad_row(im, t, r, "element", "unknown element symbol '%s'", sym);
            continue;
        }
        if (blank(src)) {
            st = bad_row(im, t, r, "reference", "no source: every value needs one (column 'source' or --reference)");
            continue;
        }
        sqlite3_int64 rid;
        if ((st = reference_id(im, src, NULL, &rid)) != LMDS_OK) break;
        sqlite3_bind_int(ins_el, 1, z);
        sqlite3_bind_text(ins_el, 2, lmds_element_symbol(z), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_el, 3, lmds_element_name(z), -1, SQLITE_STATIC);
        if ((st = step_done(im, ins_el, "inserting an element")) != LMDS_OK) break;
        for (int j = 0; j < t->ncols && st == LMDS_OK; j++) {
            if (j == c_sym || j == c_src || strcasecmp(t->header[j], "Z") == 0 || strcasecmp(t->header[j], "name") == 0)
                continue;
            const char *cell = genome_table_cell(t, r, j);
            double x;
            if (blank(cell)) continue;
            if (parse_num(cell, &x) != 0) {
                st = bad_row(im, t, r, "number", "%s '%s' is not a number", t->header[j], cell);
                break;
            }
            sqlite3_bind_int(ins_p, 1, z);
            sqlite3_bind_text(ins_p, 2, t->header[j], -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(ins_p, 3, x);
            sqlite3_bind_int64(ins_p, 4, rid);
            sqlite3_bind_int64(ins_p, 5, im->source_id);
            if ((st = step_done(im, ins_p, "inserting an element property")) != LMDS_OK) break;
            if (sqlite3_changes(im->g->db) > 0) im->rep->inserted++;
            else im->rep->duplicates++;
        }
    }
done:
    sqlite3_finalize(ins_el);
    sqlite3_finalize(ins_p);
    return st;
}

/* The library's element table (data/elements.csv, embedded), every value with its own source. */
static lmds_status import_elements_library(imp *im)
{
    sqlite3_stmt *ins_el = NULL, *ins_p = NULL;
    lmds_status st = LMDS_OK;
    if (sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO element(z, symbol, name) VALUES(?,?,?)", -1, &ins_el,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO element_property(z, property, value, unit, "
                           "reference_id, source_id) VALUES(?,?,?,?,?,?)", -1, &ins_p, NULL) != SQLITE_OK) {
        st = genome_sqlerr(im->g, "preparing the element import");
        goto done;
    }
    int np = lmds_element_nprops();
    for (int z = 1; z <= LMDS_ZMAX && st == LMDS_OK; z++) {
        if (!lmds_element_symbol(z)) continue;
        im->rep->rows++;
        sqlite3_bind_int(ins_el, 1, z);
        sqlite3_bind_text(ins_el, 2, lmds_element_symbol(z), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_el, 3, lmds_element_name(z) ? lmds_element_name(z) : "", -1, SQLITE_STATIC);
        if ((st = step_done(im, ins_el, "inserting an element")) != LMDS_OK) break;
        for (int i = 0; i < np && st == LMDS_OK; i++) {
            double x = lmds_element_get(z, i);
            if (!isfinite(x)) continue;
            const char *src = lmds_element_value_source(z, i);
            char cit[512];
            snprintf(cit, sizeof cit, "%s", blank(src) ? "lmds element table data/elements.csv (no source given)" : src);
            sqlite3_int64 rid;
            if ((st = reference_id(im, cit, NULL, &rid)) != LMDS_OK) break;
            sqlite3_bind_int(ins_p, 1, z);
            sqlite3_bind_text(ins_p, 2, lmds_element_prop_name(i), -1, SQLITE_STATIC);
            sqlite3_bind_double(ins_p, 3, x);
            bind_text_or_null(ins_p, 4, lmds_element_prop_unit(i));
            sqlite3_bind_int64(ins_p, 5, rid);
            sqlite3_bind_int64(ins_p, 6, im->source_id);
            if ((st = step_done(im, ins_p, "inserting an element property")) != LMDS_OK) break;
            if (sqlite3_changes(im->g->db) > 0) im->rep->inserted++;
            else im->rep->duplicates++;
        }
    }
done:
    sqlite3_finalize(ins_el);
    sqlite3_finalize(ins_p);
    return st;
}

/* ---- spectra: Elk ALPHA2F.OUT (omega in hartree) or columns "omega a2F" with the unit in a # comment ---- */

static lmds_status import_spectrum(imp *im, const char *text)
{
    const char *base = strrchr(im->file, '/');
    base = base ? base + 1 : im->file;
    int elk = strstr(base, "ALPHA2F") != NULL;
    double to_meV = elk ? LMDS_HA_EV * 1000.0 : 1.0;
    size_t cap = 512, n = 0;
    double *w = malloc(cap * sizeof *w), *a = malloc(cap * sizeof *a);
    int ncols_seen = 0, unit_set = elk;
    long line = 0;
    lmds_status st = LMDS_OK;
    if (!w || !a) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto done;
    }
    for (const char *p = text; *p && st == LMDS_OK;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char buf[4096];
        line++;
        if (len >= sizeof buf) {
            st = lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "line longer than %zu characters", sizeof buf);
            break;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = e ? e + 1 : p + len;
        char *s = buf;
        while (isspace((unsigned char)*s)) s++;
        if (*s == '\0') continue;
        if (*s == '#') {
            if (!unit_set) {
                if (strstr(s, "THz")) to_meV = LMDS_THZ_MEV, unit_set = 1;
                else if (strstr(s, "meV")) to_meV = 1, unit_set = 1;
                else if (strstr(s, "cm")) to_meV = LMDS_CM1_MEV, unit_set = 1;
                else if (strstr(s, "Ha") || strstr(s, "hartree")) to_meV = LMDS_HA_EV * 1000, unit_set = 1;
                else if (strstr(s, "eV")) to_meV = 1000, unit_set = 1;
            }
            continue;
        }
        double x[2];
        int k = 0;
        char *q = s, *end;
        int cols = 0;
        while (*q) {
            double y = strtod(q, &end);
            if (end == q) break;
            if (!isfinite(y)) break;
            if (k < 2) x[k++] = y;
            cols++;
            q = end;
            while (isspace((unsigned char)*q)) q++;
        }
        if (*q || cols < 2) {
            st = lmds_error_at(LMDS_EPARSE, im->file, (int)line, (int)(q - buf) + 1,
                               "expected numbers 'omega a2F ...' (%d read)", cols);
            break;
        }
        if (ncols_seen && cols != ncols_seen) {
            st = lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "%d columns, earlier lines have %d", cols,
                               ncols_seen);
            break;
        }
        ncols_seen = cols;
        if (n == cap) {
            cap *= 2;
            double *w2 = realloc(w, cap * sizeof *w), *a2 = w2 ? realloc(a, cap * sizeof *a) : NULL;
            if (w2) w = w2;
            if (!w2 || !a2) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            a = a2;
        }
        w[n] = x[0] * to_meV;
        a[n] = x[1];
        n++;
    }
    if (st != LMDS_OK) goto done;
    if (n < 2) {
        st = lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "a spectrum needs at least two points");
        goto done;
    }
    im->rep->rows = n;
    /* Material: --formula, else the file name up to the first '_' ("Nb_elk_DFPT_ALPHA2F.OUT" -> Nb). */
    char spec[128];
    if (im->opts && im->opts->formula) snprintf(spec, sizeof spec, "%s", im->opts->formula);
    else {
        size_t k = 0;
        while (base[k] && base[k] != '_' && base[k] != '.' && k < sizeof spec - 1) {
            spec[k] = base[k];
            k++;
        }
        spec[k] = '\0';
    }
    sqlite3_int64 mid, rid;
    char mkey[300];
    if (material_id(im, spec, NULL, &mid, mkey, sizeof mkey) != LMDS_OK) {
        st = lmds_error_at(LMDS_EPARSE, im->file, 0, 0, "material '%s' (from --formula or the file name): %s",
                           spec, lmds_errmsg());
        goto done;
    }
    char cit[512];
    if (im->opts && im->opts->reference) snprintf(cit, sizeof cit, "%s", im->opts->reference);
    else if (elk)
        snprintf(cit, sizeof cit, "Elk 8.4.30 example %s-DFPT, file ALPHA2F.OUT (Debian elk-lapw 8.4.30-1); "
                 "as copied to lmds data/spectra/%s", spec, base);
    else {
        st = lmds_error(LMDS_EINVAL, "%s: a spectrum needs a reference (--reference)", im->file);
        goto done;
    }
    if ((st = reference_id(im, cit, NULL, &rid)) != LMDS_OK) goto done;
    char key[512], notes[256];
    snprintf(key, sizeof key, "%s|%s|a2F|%s", im->dataset, mkey, im->rep->sha256);
    snprintf(notes, sizeof notes, "%zu points; omega converted to meV%s%s", n,
             elk ? " from hartree (Elk); rows at omega <= 0 kept as in the file" : "",
             ncols_seen > 2 ? "; first of several a2F columns" : "");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(im->g->db,
                           "INSERT OR IGNORE INTO spectrum(material_id, kind, n, omega_meV, value, method, value_type,"
                           " reference_id, source_id, producer, created_at, notes, nkey)"
                           " VALUES(?,'a2F',?,?,?,?,'calculated',?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK) {
        st = genome_sqlerr(im->g, "preparing the spectrum insert");
        goto done;
    }
    sqlite3_bind_int64(s, 1, mid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
    sqlite3_bind_blob(s, 3, w, (int)(n * sizeof *w), SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 4, a, (int)(n * sizeof *a), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, elk ? "DFPT (Elk)" : "see reference", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, rid);
    sqlite3_bind_int64(s, 7, im->source_id);
    sqlite3_bind_text(s, 8, PRODUCER, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, im->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, notes, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 11, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) st = genome_sqlerr(im->g, "inserting a spectrum");
    else if (sqlite3_changes(im->g->db) > 0) im->rep->inserted++;
    else im->rep->duplicates++;
    sqlite3_finalize(s);
done:
    free(w);
    free(a);
    return st;
}

/* ---- driver ---- */

lmds_status lmds_genome_kind_parse(const char *name, lmds_genome_kind *kind)
{
    static const char *names[] = {"superconductors", "thermo", "spectra", "elements", "ground_state"};
    for (int i = 0; i < 5; i++)
        if (name && strcasecmp(name, names[i]) == 0) {
            *kind = (lmds_genome_kind)i;
            return LMDS_OK;
        }
    return lmds_error(LMDS_EINVAL, "unknown kind '%s' (superconductors, thermo, spectra, elements, ground_state)",
                      name ? name : "(null)");
}

static const char *kind_name(lmds_genome_kind k)
{
    static const char *names[] = {"superconductors", "thermo", "spectra", "elements", "ground_state"};
    return (int)k >= 0 && (int)k < 5 ? names[k] : "?";
}

static void imp_finalize(imp *im)
{
    sqlite3_stmt **all[] = {&im->ins_ref, &im->sel_ref, &im->ins_mat, &im->sel_mat, &im->ins_el, &im->ins_alias,
                            &im->ins_struct, &im->sel_struct, &im->ins_val, &im->nk, &im->ins_rej};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

static lmds_status imp_prepare(imp *im)
{
    static const struct { size_t off; const char *sql; } stmts[] = {
        {offsetof(imp, ins_ref), "INSERT OR IGNORE INTO reference(citation, doi, url) VALUES(?,?,?)"},
        {offsetof(imp, sel_ref), "SELECT id FROM reference WHERE citation = ?"},
        {offsetof(imp, ins_mat), "INSERT OR IGNORE INTO material(mkey, formula, system, nelements) VALUES(?,?,?,?)"},
        {offsetof(imp, sel_mat), "SELECT id FROM material WHERE mkey = ?"},
        {offsetof(imp, ins_el), "INSERT OR IGNORE INTO material_element(material_id, symbol, z, x) VALUES(?,?,?,?)"},
        {offsetof(imp, ins_alias), "INSERT OR IGNORE INTO material_alias(material_id, alias, source_id) VALUES(?,?,?)"},
        {offsetof(imp, ins_struct),
         "INSERT OR IGNORE INTO structure(material_id, label, polymorph, state, dimensionality, confinement,"
         " substrate, film_thickness_nm, reference_id, source_id) VALUES(?,?,?,?,?,?,?,?,?,?)"},
        {offsetof(imp, sel_struct), "SELECT id FROM structure WHERE material_id = ? AND label = ?"},
        {offsetof(imp, ins_val),
         "INSERT OR IGNORE INTO value(material_id, structure_id, kind, property, value, relation, value_lo,"
         " value_hi, unit, criterion, form, form_detail, pressure_GPa, process, method, value_type,"
         " value_type_detail, reference_id, source_id, source_line, producer, created_at, notes, nkey, as_written)"
         " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
        {offsetof(imp, nk), "INSERT INTO temp.genome_nk(k, n) VALUES(?, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1"
                            " RETURNING n"},
        {offsetof(imp, ins_rej), "INSERT INTO reject(source_id, line, text, class, reason) VALUES(?,?,?,?,?)"},
    };
    /* A handle on an older schema (the tests write such files as older lmds versions did) has no as_written. */
    static const char ins_val_v2[] =
        "INSERT OR IGNORE INTO value(material_id, structure_id, kind, property, value, relation, value_lo,"
        " value_hi, unit, criterion, form, form_detail, pressure_GPa, process, method, value_type,"
        " value_type_detail, reference_id, source_id, source_line, producer, created_at, notes, nkey)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        sqlite3_stmt **p = (sqlite3_stmt **)((char *)im + stmts[i].off);
        const char *sql = stmts[i].off == offsetof(imp, ins_val) && im->g->version < 3 ? ins_val_v2 : stmts[i].sql;
        if (sqlite3_prepare_v2(im->g->db, sql, -1, p, NULL) != SQLITE_OK)
            return genome_sqlerr(im->g, "preparing the import");
    }
    return LMDS_OK;
}

/* "data/genome/supercon_stanev2018.csv" -> "supercon_stanev2018". */
static void dataset_from_path(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

/* Has a source with this content hash been imported already? */
static lmds_status source_seen(lmds_genome *g, const char *sha256, int *seen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "SELECT id FROM source WHERE sha256 = ?", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "reading sources");
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    *seen = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return LMDS_OK;
}

/* Write an import's counts into its source row (inside the import's transaction). */
static lmds_status record_source_counts(lmds_genome *g, sqlite3_int64 source_id, const lmds_genome_import_report *rep)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "UPDATE source SET nrows=?, inserted=?, duplicates=?, rejected=? WHERE id=?", -1, &s,
                           NULL) != SQLITE_OK)
        return genome_sqlerr(g, "recording the source counts");
    sqlite3_bind_int64(s, 1, (sqlite3_int64)rep->rows);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)rep->inserted);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)rep->duplicates);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)rep->rejected);
    sqlite3_bind_int64(s, 5, source_id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? LMDS_OK : genome_sqlerr(g, "recording the source counts");
}

lmds_status lmds_genome_import(lmds_genome *g, const char *path, lmds_genome_kind kind,
                               const lmds_genome_import_opts *opts, lmds_genome_import_report *rep)
{
    lmds_genome_import_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_import: no genome");
    if (g->readonly) return lmds_error(LMDS_EINVAL, "%s is open read-only: cannot import", g->path);
    if (!path && kind != LMDS_GENOME_ELEMENTS) return lmds_error(LMDS_EINVAL, "lmds_genome_import: no file");

    char *text = NULL;
    size_t len = 0;
    lmds_status st = LMDS_OK;
    genome_sha256 h;
    genome_sha256_init(&h);
    if (path) {
        if ((st = genome_read_file(path, &text, &len)) != LMDS_OK) return st;
        genome_sha256_update(&h, text, len);
    } else {
        /* The library's element table: digest its content so a changed table is a new source. */
        char buf[128];
        for (int z = 1; z <= LMDS_ZMAX; z++)
            for (int i = 0; i < lmds_element_nprops(); i++) {
                int k = snprintf(buf, sizeof buf, "%d|%d|%.17g;", z, i, lmds_element_get(z, i));
                genome_sha256_update(&h, buf, (size_t)k);
            }
    }
    genome_sha256_hex(&h, rep->sha256);
    /* Files under the data folder are recorded relative to it ("<data>/genome/x.csv"), so a shipped genome
     * does not carry the build machine's paths. */
    char shown_buf[4096];
    const char *shown = path ? path : "(library element table)";
    const char *dd = lmds_data_dir();
    size_t ddl = dd ? strlen(dd) : 0;
    if (path && ddl > 0 && strncmp(path, dd, ddl) == 0 && path[ddl] == '/') {
        snprintf(shown_buf, sizeof shown_buf, "<data>%s", path + ddl);
        shown = shown_buf;
    }
    if (opts && opts->dataset) snprintf(rep->dataset, sizeof rep->dataset, "%s", opts->dataset);
    else if (path) dataset_from_path(path, rep->dataset, sizeof rep->dataset);
    else snprintf(rep->dataset, sizeof rep->dataset, "elements");

    genome_table t = {0};
    if (path && kind != LMDS_GENOME_SPECTRA) {
        const char *p = text;
        while (isspace((unsigned char)*p)) p++;
        size_t pl = strlen(path);
        int json = *p == '[' || (pl > 5 && strcasecmp(path + pl - 5, ".json") == 0);
        st = json ? genome_table_read_json(text, len, path, &t) : genome_table_read_csv(text, len, path, &t);
        if (st != LMDS_OK) {
            free(text);
            return st;
        }
        rep->rows = t.nrows;
    }

    imp im = {0};
    im.g = g;
    im.file = shown;
    im.dataset = rep->dataset;
    im.lenient = opts && opts->keep_rejects;
    im.rep = rep;
    im.opts = opts;
    im.total = t.nrows;
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(im.now, sizeof im.now, "%Y-%m-%dT%H:%M:%SZ", &tmv);

    if ((st = genome_exec(g, "BEGIN IMMEDIATE")) != LMDS_OK) goto out;
    {
        /* Same bytes imported before: nothing to do. Checked inside the write lock. */
        int seen = 0;
        if ((st = source_seen(g, rep->sha256, &seen)) != LMDS_OK) goto rollback;
        if (seen) {
            rep->already = 1;
            rep->rows = t.nrows;
            st = genome_exec(g, "ROLLBACK");
            goto out;
        }
    }
    if ((st = genome_exec(g, "CREATE TEMP TABLE IF NOT EXISTS genome_nk(k TEXT PRIMARY KEY, n INTEGER NOT NULL);"
                             "DELETE FROM temp.genome_nk;")) != LMDS_OK)
        goto rollback;
    {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(g->db, "INSERT INTO source(dataset, kind, path, sha256, producer, imported_at)"
                               " VALUES(?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "recording the source");
            goto rollback;
        }
        sqlite3_bind_text(s, 1, rep->dataset, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, shown, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, rep->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, PRODUCER, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, im.now, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            st = genome_sqlerr(g, "recording the source");
            goto rollback;
        }
        im.source_id = sqlite3_last_insert_rowid(g->db);
    }
    if ((st = imp_prepare(&im)) != LMDS_OK) goto rollback;

    switch (kind) {
    case LMDS_GENOME_SUPERCONDUCTORS:
        if (genome_table_col(&t, "Tc_K") >= 0) st = import_curated(&im, &t);
        else if (genome_table_col(&t, "name") >= 0 && genome_table_col(&t, "Tc") >= 0) st = import_supercon(&im, &t);
        else if (genome_table_col(&t, "lambda") >= 0 || genome_table_col(&t, "omega_log_K") >= 0)
            st = import_interaction(&im, &t);
        else
            st = lmds_error_at(LMDS_EPARSE, shown, 1, 0,
                               "not a superconductors table: expected columns material,composition,...,Tc_K "
                               "(curated), name,Tc (SuperCon) or material,lambda,omega_log_K,... (interaction)");
        break;
    case LMDS_GENOME_THERMO: st = import_thermo(&im, &t); break;
    case LMDS_GENOME_SPECTRA: st = import_spectrum(&im, text); break;
    case LMDS_GENOME_ELEMENTS: st = path ? import_elements_table(&im, &t) : import_elements_library(&im); break;
    case LMDS_GENOME_GROUND_STATE: st = import_ground_state(&im, &t); break;
    default: st = lmds_error(LMDS_EINVAL, "unknown import kind %d", (int)kind);
    }
    imp_finalize(&im);
    if (st != LMDS_OK) goto rollback;
    if ((st = record_source_counts(g, im.source_id, rep)) != LMDS_OK) goto rollback;
    if ((st = genome_exec(g, "COMMIT")) != LMDS_OK) goto rollback;
    goto out;
rollback:
    imp_finalize(&im);
    {
        /* Keep the first error's message: ROLLBACK must not overwrite it. */
        sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
        size_t keep_rows = rep->rows;
        char sha[65], ds[64];
        memcpy(sha, rep->sha256, sizeof sha);
        memcpy(ds, rep->dataset, sizeof ds);
        memset(rep, 0, sizeof *rep);
        rep->rows = keep_rows;
        memcpy(rep->sha256, sha, sizeof sha);
        memcpy(rep->dataset, ds, sizeof ds);
    }
out:
    genome_table_clear(&t);
    free(text);
    return st;
}

lmds_status genome_system_normalize(const char *text, char *buf, size_t n)
{
    char tmp[256];
    const char *syms[LMDS_COMP_MAX];
    int k = 0;
    if (!text || strlen(text) >= sizeof tmp) return lmds_error(LMDS_EPARSE, "chemical system too long or empty");
    snprintf(tmp, sizeof tmp, "%s", text);
    for (char *save = NULL, *tok = strtok_r(tmp, "-, ", &save); tok; tok = strtok_r(NULL, "-, ", &save)) {
        int z;
        if (lmds_element_lookup(tok, &z) != LMDS_OK)
            return lmds_error(LMDS_EPARSE, "chemical system '%s': '%s' is not an element symbol", text, tok);
        int dup = 0;
        for (int i = 0; i < k; i++) dup |= strcmp(syms[i], lmds_element_symbol(z)) == 0;
        if (dup) continue;
        if (k == LMDS_COMP_MAX) return lmds_error(LMDS_EPARSE, "chemical system '%s': too many elements", text);
        syms[k++] = lmds_element_symbol(z);
    }
    if (k == 0) return lmds_error(LMDS_EPARSE, "chemical system '%s' has no elements", text);
    /* Alphabetical, as OPTIMADE orders chemical systems. */
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && strcmp(syms[j - 1], syms[j]) > 0; j--) {
            const char *t = syms[j];
            syms[j] = syms[j - 1];
            syms[j - 1] = t;
        }
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        int w = snprintf(buf + off, n - off, "%s%s", i ? "-" : "", syms[i]);
        if (w < 0 || (size_t)w >= n - off) return lmds_error(LMDS_EINVAL, "chemical system too long");
        off += (size_t)w;
    }
    return LMDS_OK;
}

/* ---- Redlich-Kister parameters of a TDB file ---- */

/* The `$` comment text of a TDB, one space between lines (a citation may run over several comment lines). */
static char *tdb_comments(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        const char *q = p;
        while (q < e && isspace((unsigned char)*q)) q++;
        if (q < e && *q == '$') {
            q++;
            while (q < e && isspace((unsigned char)*q)) q++;
            const char *end = e;
            while (end > q && isspace((unsigned char)end[-1])) end--;
            if (end > q) {
                if (o > out) *o++ = ' ';
                memcpy(o, q, (size_t)(end - q));
                o += end - q;
            }
        }
        p = *e ? e + 1 : e;
    }
    *o = '\0';
    return out;
}

/* The citation the comments give for a reference code. The lmds TDB files write it as
 * `(B.C. Rugg, T.G. Chart, Calphad 14 (1990) 115, "90Rug")` or `("26Bus": M.E. Bustamante, ...)`: the text
 * between the enclosing parentheses and the quoted code. "" when the comments give none. */
static void tdb_citation(const char *comments, const char *code, char *out, size_t n)
{
    out[0] = '\0';
    if (!comments || !code || !*code || n < 2) return;
    if (strncasecmp(code, "REF:", 4) == 0) code += 4;
    size_t cl = strlen(code);
    if (cl == 0 || cl > 30) return;
    for (const char *p = comments; (p = strchr(p, '"')) != NULL; p++) {
        if (strncasecmp(p + 1, code, cl) != 0 || p[1 + cl] != '"') continue;
        const char *after = p + cl + 2, *from = NULL, *to = NULL;
        /* Back to the enclosing '(' (nested "(1990)" skipped), at most 400 characters. */
        int depth = 0;
        const char *q = p - 1;
        for (; q >= comments && p - q < 400; q--) {
            if (*q == ')') depth++;
            else if (*q == '(' && depth-- == 0) break;
        }
        if (q >= comments && *q == '(') {
            from = q + 1;
            to = p;
        }
        while (from && to > from && (isspace((unsigned char)to[-1]) || to[-1] == ',' || to[-1] == ';')) to--;
        if (!from || to - from < 8) {
            /* ("26Bus": citation) */
            from = to = NULL;
            if (*after == ':') {
                from = after + 1;
                while (isspace((unsigned char)*from)) from++;
                depth = 0;
                for (to = from; *to && to - from < 400; to++) {
                    if (*to == '(') depth++;
                    else if (*to == ')' && depth-- == 0) break;
                }
                if (*to != ')') from = NULL;
            }
        }
        if (from && to - from >= 8) {
            size_t len = (size_t)(to - from);
            if (len >= n) len = n - 1;
            memcpy(out, from, len);
            out[len] = '\0';
            return;
        }
    }
}

/* "GA,IN:VA" -> elements sorted and deduplicated into system "Ga-In"; returns the number of elements, 0 when a
 * constituent is not an element (species such as CU2O) or the array is empty. */
static int tdb_system(const char *cons, char *system, size_t n)
{
    char tmp[160], list[256] = "";
    int k = 0;
    if (strlen(cons) >= sizeof tmp) return 0;
    snprintf(tmp, sizeof tmp, "%s", cons);
    for (char *save = NULL, *tok = strtok_r(tmp, ",: ", &save); tok; tok = strtok_r(NULL, ",: ", &save)) {
        if (strcasecmp(tok, "VA") == 0 || strcmp(tok, "*") == 0) continue;
        char sym[4];
        size_t tl = strlen(tok);
        if (tl > 2) return 0;
        sym[0] = (char)toupper((unsigned char)tok[0]);
        sym[1] = tl > 1 ? (char)tolower((unsigned char)tok[1]) : '\0';
        sym[2] = '\0';
        int z;
        if (lmds_element_lookup(sym, &z) != LMDS_OK) return 0;
        size_t ll = strlen(list);
        snprintf(list + ll, sizeof list - ll, "%s%s", ll ? "-" : "", sym);
        k++;
    }
    if (k == 0) return 0;
    if (genome_system_normalize(list, system, n) != LMDS_OK) return 0;
    int m = 1;
    for (const char *p = system; *p; p++) m += *p == '-';
    return m;
}

/* One parameter: the set (phase, constituents, TDB) and its order nu. A parameter already stored with the same
 * expression is a duplicate; with another expression (the TDB file changed) it is replaced, with the new source
 * and reference, so the genome follows the database the thermo module uses. */
static lmds_status put_rk(imp *im, sqlite3_stmt *const *q, const lmds_genome_interaction *r, const char *system,
                          const char *tdb, const char *comments, const char *tdb_shown)
{
    lmds_status st;
    char spec[300], mkey[300], cite[512], full[900];
    sqlite3_int64 mid, rid, sid;
    snprintf(spec, sizeof spec, "system:%s", system);
    if ((st = material_id(im, spec, NULL, &mid, mkey, sizeof mkey)) != LMDS_OK) return st;
    tdb_citation(comments, r->ref, cite, sizeof cite);
    const char *code = r->ref[0] ? r->ref : "no reference code";
    if (cite[0]) snprintf(full, sizeof full, "%s [%.300s, %s]", cite, tdb_shown, code);
    else snprintf(full, sizeof full, "%.300s, %s", tdb_shown, code);
    if ((st = reference_id(im, full, NULL, &rid)) != LMDS_OK) return st;
    /* q: 0 insert set, 1 select set, 2 select param expression, 3 insert param, 4 update param, 5 update set */
    sqlite3_bind_int64(q[0], 1, mid);
    sqlite3_bind_text(q[0], 2, system, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 3, r->phase, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 4, r->constituents, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 5, tdb, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q[0], 6, rid);
    sqlite3_bind_int64(q[0], 7, im->source_id);
    if ((st = step_done(im, q[0], "inserting a Redlich-Kister set")) != LMDS_OK) return st;
    sqlite3_bind_text(q[1], 1, r->phase, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[1], 2, r->constituents, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[1], 3, tdb, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q[1]);
    sid = rc == SQLITE_ROW ? sqlite3_column_int64(q[1], 0) : 0;
    sqlite3_reset(q[1]);
    if (rc != SQLITE_ROW) return genome_sqlerr(im->g, "reading a Redlich-Kister set");
    sqlite3_bind_int64(q[2], 1, sid);
    sqlite3_bind_int(q[2], 2, r->order);
    rc = sqlite3_step(q[2]);
    int exists = rc == SQLITE_ROW;
    int same = exists && sqlite3_column_text(q[2], 0) && strcmp((const char *)sqlite3_column_text(q[2], 0),
                                                                 r->expression) == 0;
    sqlite3_reset(q[2]);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return genome_sqlerr(im->g, "reading a Redlich-Kister parameter");
    if (same) {
        im->rep->duplicates++;
        return LMDS_OK;
    }
    sqlite3_stmt *w = exists ? q[4] : q[3];
    sqlite3_bind_int64(w, 1, sid);
    sqlite3_bind_int(w, 2, r->order);
    sqlite3_bind_text(w, 3, r->expression, -1, SQLITE_TRANSIENT);
    bind_num_or_null(w, 4, r->linear ? r->a : NAN);
    bind_num_or_null(w, 5, r->linear ? r->b : NAN);
    bind_num_or_null(w, 6, r->T_lo);
    bind_num_or_null(w, 7, r->T_hi);
    bind_text_or_null(w, 8, r->ref);
    sqlite3_bind_int(w, 9, r->line);
    if ((st = step_done(im, w, "writing a Redlich-Kister parameter")) != LMDS_OK) return st;
    if (exists) {
        sqlite3_bind_int64(q[5], 1, rid);
        sqlite3_bind_int64(q[5], 2, im->source_id);
        sqlite3_bind_int64(q[5], 3, sid);
        if ((st = step_done(im, q[5], "updating a Redlich-Kister set")) != LMDS_OK) return st;
    }
    im->rep->inserted++;
    return LMDS_OK;
}

lmds_status lmds_genome_import_interactions(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                            size_t n, lmds_genome_import_report *rep)
{
    lmds_genome_import_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no genome");
    if (g->readonly) return lmds_error(LMDS_EINVAL, "%s is open read-only: cannot import", g->path);
    if (!tdb_path || !*tdb_path) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no TDB file");
    if (n > 0 && !rows) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no rows");
    if (g->version < 3)
        return lmds_error(LMDS_EDB, "%s: schema version %d has no Redlich-Kister sets (needs 3)", g->path, g->version);
    /* Check every row before writing anything. */
    for (size_t i = 0; i < n; i++) {
        const lmds_genome_interaction *r = &rows[i];
        if (!memchr(r->phase, '\0', sizeof r->phase) || !memchr(r->constituents, '\0', sizeof r->constituents) ||
            !memchr(r->expression, '\0', sizeof r->expression) || !memchr(r->ref, '\0', sizeof r->ref))
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0, "interaction %zu: unterminated text field", i);
        if (!r->phase[0] || !r->constituents[0])
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0, "interaction %zu: no phase or constituents", i);
        if (r->order < 0 || r->order > 20)
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0, "interaction %zu (%s,%s): order %d out of 0..20",
                                 i, r->phase, r->constituents, r->order);
        if (!r->expression[0])
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0, "interaction %zu (%s,%s;%d): no expression", i,
                                 r->phase, r->constituents, r->order);
        if (r->linear && (!isfinite(r->a) || !isfinite(r->b)))
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0, "interaction %zu (%s,%s;%d): a + bT not finite",
                                 i, r->phase, r->constituents, r->order);
        if (!(r->T_lo < r->T_hi) && !(isnan(r->T_lo) && isnan(r->T_hi)))
            return lmds_error_at(LMDS_EINVAL, tdb_path, r->line, 0,
                                 "interaction %zu (%s,%s;%d): temperature range %g..%g K is empty", i, r->phase,
                                 r->constituents, r->order, r->T_lo, r->T_hi);
    }
    char *text = NULL;
    size_t len = 0;
    lmds_status st = genome_read_file(tdb_path, &text, &len);
    if (st != LMDS_OK) return st;
    genome_sha256 h;
    genome_sha256_init(&h);
    genome_sha256_update(&h, text, len);
    genome_sha256_hex(&h, rep->sha256);
    char *comments = tdb_comments(text);
    /* As the other imports: a file under the data folder is recorded relative to it. */
    char shown[4096], tdb_ref[4096];
    const char *dd = lmds_data_dir();
    size_t ddl = dd ? strlen(dd) : 0;
    if (ddl > 0 && strncmp(tdb_path, dd, ddl) == 0 && tdb_path[ddl] == '/') {
        snprintf(shown, sizeof shown, "<data>%s", tdb_path + ddl);
        snprintf(tdb_ref, sizeof tdb_ref, "data%s", tdb_path + ddl);
    } else {
        const char *b = strrchr(tdb_path, '/');
        snprintf(shown, sizeof shown, "%s", tdb_path);
        snprintf(tdb_ref, sizeof tdb_ref, "%s", b ? b + 1 : tdb_path);
    }
    {
        char base[48];
        dataset_from_path(tdb_path, base, sizeof base);
        snprintf(rep->dataset, sizeof rep->dataset, "tdb_%s", base);
    }
    rep->rows = n;
    imp im = {0};
    im.g = g;
    im.file = shown;
    im.dataset = rep->dataset;
    im.rep = rep;
    im.total = n;
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(im.now, sizeof im.now, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    static const char *const SQL[6] = {
        "INSERT OR IGNORE INTO rk_set(material_id, system, phase, constituents, tdb, reference_id, source_id)"
        " VALUES(?,?,?,?,?,?,?)",
        "SELECT id FROM rk_set WHERE phase = ? AND constituents = ? AND tdb = ?",
        "SELECT expression FROM rk_param WHERE set_id = ? AND nu = ?",
        "INSERT INTO rk_param(set_id, nu, expression, a_J_mol, b_J_mol_K, T_lo_K, T_hi_K, ref_code, source_line)"
        " VALUES(?,?,?,?,?,?,?,?,?)",
        "UPDATE rk_param SET expression = ?3, a_J_mol = ?4, b_J_mol_K = ?5, T_lo_K = ?6, T_hi_K = ?7,"
        " ref_code = ?8, source_line = ?9 WHERE set_id = ?1 AND nu = ?2",
        "UPDATE rk_set SET reference_id = ?, source_id = ? WHERE id = ?",
    };
    sqlite3_stmt *q[6] = {0};
    if (!comments) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = genome_exec(g, "BEGIN IMMEDIATE")) != LMDS_OK) goto out;
    {
        int seen = 0;
        if ((st = source_seen(g, rep->sha256, &seen)) != LMDS_OK) goto rollback;
        if (seen) {
            rep->already = 1;
            st = genome_exec(g, "ROLLBACK");
            goto out;
        }
        sqlite3_stmt *s = NULL;
        int rc;
        if (sqlite3_prepare_v2(g->db, "INSERT INTO source(dataset, kind, path, sha256, producer, imported_at)"
                               " VALUES(?,'tdb_interactions',?,?,?,?)", -1, &s, NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "recording the source");
            goto rollback;
        }
        sqlite3_bind_text(s, 1, rep->dataset, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, shown, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, rep->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, PRODUCER, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, im.now, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            st = genome_sqlerr(g, "recording the source");
            goto rollback;
        }
        im.source_id = sqlite3_last_insert_rowid(g->db);
    }
    /* imp_prepare's natural-key statement needs the temporary table (unused here). */
    if ((st = genome_exec(g, "CREATE TEMP TABLE IF NOT EXISTS genome_nk(k TEXT PRIMARY KEY, n INTEGER NOT NULL)")) !=
        LMDS_OK)
        goto rollback;
    if ((st = imp_prepare(&im)) != LMDS_OK) goto rollback;
    for (int i = 0; i < 6; i++)
        if (sqlite3_prepare_v2(g->db, SQL[i], -1, &q[i], NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "preparing the interaction import");
            goto rollback;
        }
    for (size_t i = 0; i < n; i++) {
        char system[256];
        int ne = tdb_system(rows[i].constituents, system, sizeof system);
        if (ne < 2 || ne > 3) {
            rep->skipped++;
            continue;
        }
        if ((st = put_rk(&im, q, &rows[i], system, shown, comments, tdb_ref)) != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_error_at(st, tdb_path, rows[i].line, 0, "%s", msg);
            goto rollback;
        }
    }
    if ((st = record_source_counts(g, im.source_id, rep)) != LMDS_OK) goto rollback;
    for (int i = 0; i < 6; i++) sqlite3_finalize(q[i]), q[i] = NULL;
    imp_finalize(&im);
    if ((st = genome_exec(g, "COMMIT")) != LMDS_OK) goto rollback;
    goto out;
rollback:
    for (int i = 0; i < 6; i++) sqlite3_finalize(q[i]), q[i] = NULL;
    imp_finalize(&im);
    sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
    rep->inserted = rep->duplicates = rep->skipped = 0;
out:
    free(comments);
    free(text);
    return st;
}
