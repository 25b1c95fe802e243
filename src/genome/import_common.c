/* What every importer shares: prepared statements, references, materials and structures (cached per import),
 * values with their natural keys, rejected rows, progress, and the explicit ids of a user genome.
 *
 * Natural key of a value: dataset, material, structure, property, relation, value, bounds, criterion, route,
 * pressure, value type, method, reference, and the occurrence number of that tuple in the import, so a file with
 * two identical rows keeps both and the same rows imported again add nothing. Occurrences are counted in memory
 * by a 64-bit hash of the tuple (16 bytes per distinct row). */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "genome_internal.h"
#include "lmds/element.h"

#define PRODUCER "lmds " LMDS_VERSION_STRING " db import"
#define IDMAP_MAX ((size_t)1 << 20) /* cached materials/references per import before the cache starts over */

void genome_val_init(genome_val *v)
{
    memset(v, 0, sizeof *v);
    v->value = v->lo = v->hi = v->pressure = NAN;
    v->relation = "=";
}

int imp_blank(const char *s) { return !s || !*s; }

int imp_parse_num(const char *s, double *out)
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

void imp_bind_text(sqlite3_stmt *s, int i, const char *t)
{
    if (imp_blank(t)) sqlite3_bind_null(s, i);
    else sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
}

void imp_bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v)) sqlite3_bind_null(s, i);
    else sqlite3_bind_double(s, i, v);
}

lmds_status imp_step(imp *im, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return genome_sqlerr(im->g, what);
    return LMDS_OK;
}

void imp_now(char buf[32])
{
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

void imp_shown_path(const char *path, char *buf, size_t n)
{
    const char *dd = lmds_data_dir();
    size_t ddl = dd ? strlen(dd) : 0;
    if (ddl > 0 && strncmp(path, dd, ddl) == 0 && path[ddl] == '/') snprintf(buf, n, "<data>%s", path + ddl);
    else snprintf(buf, n, "%s", path);
}

/* ---- caches ---- */

static uint64_t hash64(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a, then the splitmix64 finaliser for the high bits */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 1;
}

static void idmap_clear(genome_idmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->ids);
    memset(m, 0, sizeof *m);
}

/* Entries are "key\0value" in one allocation; *val (may be NULL) points at the value. */
static int idmap_get(const genome_idmap *m, const char *key, sqlite3_int64 *id, const char **val)
{
    if (!m->cap) return 0;
    for (size_t i = hash64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return 0;
        if (strcmp(m->keys[i], key) == 0) {
            *id = m->ids[i];
            if (val) *val = m->keys[i] + strlen(m->keys[i]) + 1;
            return 1;
        }
    }
}

/* A cache miss costs only time, so a failed allocation or a full cache just forgets. */
static void idmap_put(genome_idmap *m, const char *key, sqlite3_int64 id, const char *val)
{
    if (m->n >= IDMAP_MAX) idmap_clear(m);
    if (2 * (m->n + 1) > m->cap) {
        genome_idmap big = {0};
        big.cap = m->cap ? 2 * m->cap : 1024;
        big.keys = calloc(big.cap, sizeof *big.keys);
        big.ids = calloc(big.cap, sizeof *big.ids);
        if (!big.keys || !big.ids) {
            free(big.keys);
            free(big.ids);
            return;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t j = hash64(m->keys[i]) & (big.cap - 1);
            while (big.keys[j]) j = (j + 1) & (big.cap - 1);
            big.keys[j] = m->keys[i];
            big.ids[j] = m->ids[i];
        }
        big.n = m->n;
        free(m->keys);
        free(m->ids);
        *m = big;
    }
    size_t i = hash64(key) & (m->cap - 1), nk = strlen(key) + 1, nv = val ? strlen(val) + 1 : 1;
    while (m->keys[i]) i = (i + 1) & (m->cap - 1);
    if (!(m->keys[i] = malloc(nk + nv))) return;
    memcpy(m->keys[i], key, nk);
    memcpy(m->keys[i] + nk, val ? val : "", nv);
    m->ids[i] = id;
    m->n++;
}

/* Occurrence number of key within this import (1 for its first appearance); 0 when out of memory. */
static uint32_t occ_next(genome_occ *o, const char *key)
{
    if (2 * (o->used + 1) > o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 4096;
        uint64_t *h = calloc(cap, sizeof *h);
        uint32_t *n = calloc(cap, sizeof *n);
        if (!h || !n) {
            free(h);
            free(n);
            return 0;
        }
        for (size_t i = 0; i < o->cap; i++) {
            if (!o->h[i]) continue;
            size_t j = o->h[i] & (cap - 1);
            while (h[j]) j = (j + 1) & (cap - 1);
            h[j] = o->h[i];
            n[j] = o->n[i];
        }
        free(o->h);
        free(o->n);
        o->h = h;
        o->n = n;
        o->cap = cap;
    }
    uint64_t k = hash64(key);
    size_t i = k & (o->cap - 1);
    while (o->h[i] && o->h[i] != k) i = (i + 1) & (o->cap - 1);
    if (!o->h[i]) {
        o->h[i] = k;
        o->used++;
    }
    return ++o->n[i];
}

/* ---- ids: a user genome numbers its rows from GENOME_USER_ID_BASE ---- */

void imp_bind_id(imp *im, int table, sqlite3_stmt *s, int i)
{
    if (im->next_id[table]) sqlite3_bind_int64(s, i, im->next_id[table]);
    else sqlite3_bind_null(s, i);
}

void imp_took_id(imp *im, int table)
{
    if (im->next_id[table]) im->next_id[table]++;
}

static lmds_status init_ids(imp *im)
{
    static const char *const tables[T_NID] = {"source", "reference", "material", "structure", "value", "spectrum",
                                              "reject", "rk_set"};
    for (int t = 0; t < T_NID; t++) {
        im->next_id[t] = 0;
        if (!im->g->user_role) continue;
        char sql[96];
        sqlite3_stmt *s = NULL;
        snprintf(sql, sizeof sql, "SELECT max(id) FROM main.%s", tables[t]);
        if (sqlite3_prepare_v2(im->g->db, sql, -1, &s, NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            return genome_sqlerr(im->g, "reading ids");
        }
        sqlite3_int64 mx = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        im->next_id[t] = mx >= GENOME_USER_ID_BASE ? mx + 1 : GENOME_USER_ID_BASE;
    }
    return LMDS_OK;
}

/* ---- statements ---- */

lmds_status imp_begin(imp *im)
{
    int v = im->g->version;
    char ins_val[1024], ins_struct[512];
    snprintf(ins_val, sizeof ins_val,
             "INSERT OR IGNORE INTO main.value(id, material_id, structure_id, kind, property, value, relation, value_lo,"
             " value_hi, unit, criterion, form, form_detail, pressure_GPa, process, method, value_type,"
             " value_type_detail, reference_id, source_id, source_line, producer, created_at, notes, nkey%s%s)"
             " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?%s%s)",
             v >= 3 ? ", as_written" : "", v >= 4 ? ", caveat" : "", v >= 3 ? ",?" : "", v >= 4 ? ",?" : "");
    snprintf(ins_struct, sizeof ins_struct,
             "INSERT OR IGNORE INTO main.structure(id, material_id, label, polymorph, state, dimensionality,"
             " confinement, substrate, film_thickness_nm, reference_id, source_id, space_group, prototype%s)"
             " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?%s)", v >= 4 ? ", phase" : "", v >= 4 ? ",?" : "");
    const struct { sqlite3_stmt **p; const char *sql; } stmts[] = {
        {&im->ins_ref, "INSERT OR IGNORE INTO main.reference(id, citation, doi, url) VALUES(?,?,?,?)"},
        {&im->sel_ref, "SELECT id FROM main.reference WHERE citation = ?"},
        {&im->ins_mat, "INSERT INTO main.material(id, mkey, formula, system, nelements) VALUES(?,?,?,?,?)"},
        {&im->sel_mat, "SELECT id FROM main.material WHERE mkey = ?"},
        {&im->ins_el, "INSERT OR IGNORE INTO main.material_element(material_id, symbol, z, x) VALUES(?,?,?,?)"},
        {&im->ins_alias, "INSERT OR IGNORE INTO main.material_alias(material_id, alias, source_id) VALUES(?,?,?)"},
        {&im->ins_struct, ins_struct},
        {&im->sel_struct, "SELECT id FROM main.structure WHERE material_id = ? AND label = ?"},
        {&im->ins_val, ins_val},
        {&im->ins_rej, "INSERT INTO main.reject(id, source_id, line, text, class, reason) VALUES(?,?,?,?,?,?)"},
    };
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
        if (sqlite3_prepare_v2(im->g->db, stmts[i].sql, -1, stmts[i].p, NULL) != SQLITE_OK)
            return genome_sqlerr(im->g, "preparing the import");
    imp_now(im->now);
    return init_ids(im);
}

void imp_end(imp *im)
{
    sqlite3_stmt **all[] = {&im->ins_ref, &im->sel_ref, &im->ins_mat, &im->sel_mat, &im->ins_el, &im->ins_alias,
                            &im->ins_struct, &im->sel_struct, &im->ins_val, &im->ins_rej};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
    idmap_clear(&im->mats);
    idmap_clear(&im->specs);
    idmap_clear(&im->refs);
    free(im->occ.h);
    free(im->occ.n);
    memset(&im->occ, 0, sizeof im->occ);
}

/* ---- references, materials, structures ---- */

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

/* Look up key with sel (one text parameter): 1 with *id, 0 when absent, -1 on error. */
static int select_id(imp *im, sqlite3_stmt *sel, const char *key, sqlite3_int64 *id)
{
    sqlite3_bind_text(sel, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(sel);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(sel, 0);
    sqlite3_reset(sel);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

lmds_status imp_reference(imp *im, const char *citation, const char *url, sqlite3_int64 *id)
{
    if (idmap_get(&im->refs, citation, id, NULL)) return LMDS_OK;
    int found = select_id(im, im->sel_ref, citation, id);
    if (found < 0) return genome_sqlerr(im->g, "reading a reference");
    if (!found) {
        char doi[256];
        find_doi(citation, doi, sizeof doi);
        if (!doi[0]) find_doi(url, doi, sizeof doi);
        imp_bind_id(im, T_REFERENCE, im->ins_ref, 1);
        sqlite3_bind_text(im->ins_ref, 2, citation, -1, SQLITE_TRANSIENT);
        imp_bind_text(im->ins_ref, 3, doi);
        imp_bind_text(im->ins_ref, 4, url);
        lmds_status st = imp_step(im, im->ins_ref, "inserting a reference");
        if (st != LMDS_OK) return st;
        *id = sqlite3_last_insert_rowid(im->g->db);
        imp_took_id(im, T_REFERENCE);
    }
    idmap_put(&im->refs, citation, *id, NULL);
    return LMDS_OK;
}

/* The composition of a spec: a formula, or "system:Ag-Ga" (elements known, fractions not: x = NAN). */
static lmds_status spec_comp(const char *spec, lmds_comp *c, char *mkey, size_t nkey, char *formula, size_t nf,
                             char *system, size_t ns)
{
    lmds_status st;
    formula[0] = '\0';
    if (strncmp(spec, "system:", 7) == 0) {
        if ((st = genome_system_normalize(spec + 7, system, ns)) != LMDS_OK) return st;
        snprintf(mkey, nkey, "system:%s", system);
        memset(c, 0, sizeof *c);
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", system);
        for (char *save = NULL, *tok = strtok_r(tmp, "-", &save); tok && c->n < LMDS_COMP_MAX;
             tok = strtok_r(NULL, "-", &save)) {
            int z = 0;
            lmds_element_lookup(tok, &z);
            c->z[c->n] = z;
            c->x[c->n++] = NAN;
        }
        return LMDS_OK;
    }
    if (strlen(spec) > 200) return lmds_error(LMDS_EPARSE, "formula longer than 200 characters");
    if ((st = lmds_comp_parse(spec, NULL, c)) != LMDS_OK) return st;
    if ((st = lmds_comp_formula(c, formula, nf)) != LMDS_OK) return st;
    if ((st = lmds_comp_system(c, system, ns)) != LMDS_OK) return st;
    snprintf(mkey, nkey, "%s", formula);
    return LMDS_OK;
}

static lmds_status new_material(imp *im, const lmds_comp *c, const char *mkey, const char *formula,
                                const char *system, sqlite3_int64 *id)
{
    imp_bind_id(im, T_MATERIAL, im->ins_mat, 1);
    sqlite3_bind_text(im->ins_mat, 2, mkey, -1, SQLITE_TRANSIENT);
    imp_bind_text(im->ins_mat, 3, formula);
    sqlite3_bind_text(im->ins_mat, 4, system, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(im->ins_mat, 5, c->n);
    lmds_status st = imp_step(im, im->ins_mat, "inserting a material");
    if (st != LMDS_OK) return st;
    *id = sqlite3_last_insert_rowid(im->g->db);
    imp_took_id(im, T_MATERIAL);
    for (int i = 0; i < c->n && st == LMDS_OK; i++) {
        sqlite3_bind_int64(im->ins_el, 1, *id);
        sqlite3_bind_text(im->ins_el, 2, lmds_element_symbol(c->z[i]), -1, SQLITE_STATIC);
        sqlite3_bind_int(im->ins_el, 3, c->z[i]);
        imp_bind_num(im->ins_el, 4, c->x[i]);
        st = imp_step(im, im->ins_el, "inserting an element of a material");
    }
    return st;
}

/* Materials are cached by the spec as written (a repeated SuperCon formula is parsed and aliased once) and by
 * material key. */
lmds_status imp_material(imp *im, const char *spec, const char *alias, sqlite3_int64 *id, char *mkey, size_t nkey)
{
    const char *cached;
    int plain = imp_blank(alias) || strcmp(alias, spec) == 0;
    if (plain && idmap_get(&im->specs, spec, id, &cached)) {
        snprintf(mkey, nkey, "%s", cached);
        return LMDS_OK;
    }
    lmds_comp c;
    char formula[256], system[256];
    lmds_status st = spec_comp(spec, &c, mkey, nkey, formula, sizeof formula, system, sizeof system);
    if (st != LMDS_OK) return st;
    if (!idmap_get(&im->mats, mkey, id, NULL)) {
        int found = select_id(im, im->sel_mat, mkey, id);
        if (found < 0) return genome_sqlerr(im->g, "reading a material");
        if (!found && (st = new_material(im, &c, mkey, formula, system, id)) != LMDS_OK) return st;
        idmap_put(&im->mats, mkey, *id, NULL);
    }
    if (plain) idmap_put(&im->specs, spec, *id, mkey);
    if (!imp_blank(alias)) {
        sqlite3_bind_int64(im->ins_alias, 1, *id);
        sqlite3_bind_text(im->ins_alias, 2, alias, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(im->ins_alias, 3, im->source_id);
        st = imp_step(im, im->ins_alias, "inserting an alias");
    }
    return st;
}

lmds_status imp_structure(imp *im, sqlite3_int64 mid, const genome_structure *s, sqlite3_int64 ref,
                          sqlite3_int64 *id)
{
    sqlite3_stmt *q = im->ins_struct;
    imp_bind_id(im, T_STRUCTURE, q, 1);
    sqlite3_bind_int64(q, 2, mid);
    sqlite3_bind_text(q, 3, s->label, -1, SQLITE_TRANSIENT);
    imp_bind_text(q, 4, s->polymorph);
    sqlite3_bind_text(q, 5, s->state ? s->state : "unknown", -1, SQLITE_STATIC);
    if (s->dimensionality >= 0) sqlite3_bind_int(q, 6, s->dimensionality);
    else sqlite3_bind_null(q, 6);
    imp_bind_text(q, 7, s->confinement);
    imp_bind_text(q, 8, s->substrate);
    imp_bind_num(q, 9, s->film_thickness_nm);
    sqlite3_bind_int64(q, 10, ref);
    sqlite3_bind_int64(q, 11, im->source_id);
    imp_bind_text(q, 12, s->space_group);
    imp_bind_text(q, 13, s->prototype);
    if (im->g->version >= 4) imp_bind_text(q, 14, s->phase);
    lmds_status st = imp_step(im, q, "inserting a structure");
    if (st != LMDS_OK) return st;
    if (sqlite3_changes(im->g->db) > 0) {
        *id = sqlite3_last_insert_rowid(im->g->db);
        imp_took_id(im, T_STRUCTURE);
        return LMDS_OK;
    }
    sqlite3_bind_int64(im->sel_struct, 1, mid);
    sqlite3_bind_text(im->sel_struct, 2, s->label, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(im->sel_struct);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(im->sel_struct, 0);
    sqlite3_reset(im->sel_struct);
    return rc == SQLITE_ROW ? LMDS_OK : genome_sqlerr(im->g, "reading a structure");
}

/* ---- values ---- */

static void key_num(char *buf, size_t n, double v)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.17g", v);
}

/* The stored key: "h" + the first 128 bits of the SHA-256 of the tuple's text, then "#occurrence" (schema 4; the
 * migration hashes older keys the same way, genome_nkey_hash). A short key keeps the UNIQUE index small. */
static int natural_key(imp *im, const char *mkey, const genome_val *v, char *key, size_t n)
{
    char a[32], b[32], c[32], p[32], base[2200];
    key_num(a, sizeof a, v->value);
    key_num(b, sizeof b, v->lo);
    key_num(c, sizeof c, v->hi);
    key_num(p, sizeof p, v->pressure);
    int k = snprintf(base, sizeof base, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%lld", im->dataset, mkey,
                     v->slabel ? v->slabel : "", v->property, v->relation, a, b, c, v->criterion ? v->criterion : "",
                     v->form_detail ? v->form_detail : "", p, v->value_type, v->method ? v->method : "",
                     (long long)v->reference_id);
    if (k < 0 || (size_t)k >= sizeof base) return -1;
    uint32_t occ = occ_next(&im->occ, base);
    if (!occ) return -2;
    if (im->g->version < 4) snprintf(key, n, "%s#%u", base, occ); /* files written as older lmds did */
    else genome_nkey_hash(base, occ, key, n);
    return 0;
}

lmds_status imp_value(imp *im, sqlite3_int64 mid, const char *mkey, const genome_val *v, long line)
{
    char key[2300];
    int kr = natural_key(im, mkey, v, key, sizeof key);
    if (kr == -2) return lmds_error(LMDS_ENOMEM, "out of memory counting natural keys");
    if (kr < 0) return lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "row too long for its natural key");
    sqlite3_stmt *s = im->ins_val;
    int i = 1;
    imp_bind_id(im, T_VALUE, s, i++);
    sqlite3_bind_int64(s, i++, mid);
    if (v->structure_id) sqlite3_bind_int64(s, i++, v->structure_id);
    else sqlite3_bind_null(s, i++);
    sqlite3_bind_text(s, i++, v->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, i++, v->property, -1, SQLITE_TRANSIENT);
    imp_bind_num(s, i++, v->value);
    sqlite3_bind_text(s, i++, v->relation, -1, SQLITE_STATIC);
    imp_bind_num(s, i++, v->lo);
    imp_bind_num(s, i++, v->hi);
    imp_bind_text(s, i++, v->unit);
    imp_bind_text(s, i++, v->criterion);
    imp_bind_text(s, i++, v->form);
    imp_bind_text(s, i++, v->form_detail);
    imp_bind_num(s, i++, v->pressure);
    imp_bind_text(s, i++, v->process);
    imp_bind_text(s, i++, v->method);
    sqlite3_bind_text(s, i++, v->value_type, -1, SQLITE_TRANSIENT);
    imp_bind_text(s, i++, v->vt_detail);
    sqlite3_bind_int64(s, i++, v->reference_id);
    sqlite3_bind_int64(s, i++, im->source_id);
    sqlite3_bind_int64(s, i++, line);
    sqlite3_bind_text(s, i++, PRODUCER, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, i++, im->now, -1, SQLITE_STATIC);
    imp_bind_text(s, i++, v->notes);
    sqlite3_bind_text(s, i++, key, -1, SQLITE_TRANSIENT);
    if (im->g->version >= 3) imp_bind_text(s, i++, v->as_written);
    if (im->g->version >= 4) imp_bind_text(s, i++, v->caveat);
    lmds_status st = imp_step(im, s, "inserting a value");
    if (st != LMDS_OK) return st;
    if (sqlite3_changes(im->g->db) > 0) {
        im->rep->inserted++;
        imp_took_id(im, T_VALUE);
    } else im->rep->duplicates++;
    return LMDS_OK;
}

/* ---- rejected rows, progress ---- */

lmds_status imp_bad_row(imp *im, const char *cls, const char *fmt, ...)
{
    char reason[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    long line = im->src ? im->src->line : 0;
    if (!im->lenient) return lmds_error_at(LMDS_EPARSE, im->file, (int)line, 0, "%s", reason);
    char text[1024];
    size_t off = 0;
    text[0] = '\0';
    for (int j = 0; im->src && j < im->src->ncols && off < sizeof text - 1; j++)
        off += (size_t)snprintf(text + off, sizeof text - off, "%s%s", j ? "," : "", genome_src_cell(im->src, j));
    sqlite3_stmt *s = im->ins_rej;
    imp_bind_id(im, T_REJECT, s, 1);
    sqlite3_bind_int64(s, 2, im->source_id);
    sqlite3_bind_int64(s, 3, line);
    sqlite3_bind_text(s, 4, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, cls, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, reason, -1, SQLITE_TRANSIENT);
    lmds_status st = imp_step(im, s, "recording a rejected row");
    if (st == LMDS_OK) {
        im->rep->rejected++;
        imp_took_id(im, T_REJECT);
    }
    return st;
}

lmds_status imp_progress(imp *im)
{
    im->done++;
    if (im->opts && im->opts->progress && im->done % 256 == 0 &&
        im->opts->progress(im->opts->progress_ctx, im->done, im->total > im->done ? im->total : im->done))
        return lmds_error(LMDS_EIO, "%s: import interrupted", im->file);
    return LMDS_OK;
}

static int is_roman(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr("IVX", *s)) return 0;
    return 1;
}

void imp_polymorph_of(const char *label, char *out, size_t n)
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
