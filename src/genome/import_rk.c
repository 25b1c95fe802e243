/* Storing the interaction (Redlich-Kister) parameters of a TDB file: one rk_set per phase + constituent array
 * belonging to the chemical system's material, one rk_param per order, each with the citation the TDB's `$`
 * comments give for its reference code. The rows come from the caller (the CLI reads them through the thermo
 * API: the genome does not depend on thermo). */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"
#include "lmds/element.h"
#include "lmds/io.h"

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

/* q: 0 insert set, 1 select set, 2 select param expression, 3 insert param, 4 update param, 5 update set */
static const char *const RK_SQL[6] = {
    "INSERT OR IGNORE INTO main.rk_set(id, material_id, system, phase, constituents, tdb, reference_id, source_id)"
    " VALUES(?,?,?,?,?,?,?,?)",
    "SELECT id FROM main.rk_set WHERE phase = ? AND constituents = ? AND tdb = ?",
    "SELECT expression FROM main.rk_param WHERE set_id = ? AND nu = ?",
    "INSERT INTO main.rk_param(set_id, nu, expression, a_J_mol, b_J_mol_K, T_lo_K, T_hi_K, ref_code, source_line)"
    " VALUES(?,?,?,?,?,?,?,?,?)",
    "UPDATE main.rk_param SET expression = ?3, a_J_mol = ?4, b_J_mol_K = ?5, T_lo_K = ?6, T_hi_K = ?7,"
    " ref_code = ?8, source_line = ?9 WHERE set_id = ?1 AND nu = ?2",
    "UPDATE main.rk_set SET reference_id = ?, source_id = ? WHERE id = ?",
};

/* The set (phase, constituents, TDB) of a parameter: created when new; *sid its id. */
static lmds_status rk_set_id(imp *im, sqlite3_stmt *const *q, const lmds_genome_interaction *r, const char *system,
                             const char *tdb, sqlite3_int64 mid, sqlite3_int64 rid, sqlite3_int64 *sid)
{
    imp_bind_id(im, T_RK_SET, q[0], 1);
    sqlite3_bind_int64(q[0], 2, mid);
    sqlite3_bind_text(q[0], 3, system, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 4, r->phase, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 5, r->constituents, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[0], 6, tdb, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q[0], 7, rid);
    sqlite3_bind_int64(q[0], 8, im->source_id);
    lmds_status st = imp_step(im, q[0], "inserting a Redlich-Kister set");
    if (st != LMDS_OK) return st;
    if (sqlite3_changes(im->g->db) > 0) imp_took_id(im, T_RK_SET);
    sqlite3_bind_text(q[1], 1, r->phase, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[1], 2, r->constituents, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q[1], 3, tdb, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q[1]);
    *sid = rc == SQLITE_ROW ? sqlite3_column_int64(q[1], 0) : 0;
    sqlite3_reset(q[1]);
    return rc == SQLITE_ROW ? LMDS_OK : genome_sqlerr(im->g, "reading a Redlich-Kister set");
}

/* One parameter: the set and its order nu. A parameter already stored with the same expression is a duplicate;
 * with another expression (the TDB file changed) it is replaced, with the new source and reference, so the genome
 * follows the database the thermo module uses. */
static lmds_status put_rk(imp *im, sqlite3_stmt *const *q, const lmds_genome_interaction *r, const char *system,
                          const char *tdb, const char *comments, const char *tdb_shown)
{
    lmds_status st;
    char spec[300], mkey[300], cite[512], full[900];
    sqlite3_int64 mid, rid, sid;
    snprintf(spec, sizeof spec, "system:%s", system);
    if ((st = imp_material(im, spec, NULL, &mid, mkey, sizeof mkey)) != LMDS_OK) return st;
    tdb_citation(comments, r->ref, cite, sizeof cite);
    const char *code = r->ref[0] ? r->ref : "no reference code";
    if (cite[0]) snprintf(full, sizeof full, "%s [%.300s, %s]", cite, tdb_shown, code);
    else snprintf(full, sizeof full, "%.300s, %s", tdb_shown, code);
    if ((st = imp_reference(im, full, NULL, &rid)) != LMDS_OK) return st;
    if ((st = rk_set_id(im, q, r, system, tdb, mid, rid, &sid)) != LMDS_OK) return st;
    sqlite3_bind_int64(q[2], 1, sid);
    sqlite3_bind_int(q[2], 2, r->order);
    int rc = sqlite3_step(q[2]);
    int exists = rc == SQLITE_ROW;
    int same = exists && sqlite3_column_text(q[2], 0) &&
               strcmp((const char *)sqlite3_column_text(q[2], 0), r->expression) == 0;
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
    imp_bind_num(w, 4, r->linear ? r->a : NAN);
    imp_bind_num(w, 5, r->linear ? r->b : NAN);
    imp_bind_num(w, 6, r->T_lo);
    imp_bind_num(w, 7, r->T_hi);
    imp_bind_text(w, 8, r->ref);
    sqlite3_bind_int(w, 9, r->line);
    if ((st = imp_step(im, w, "writing a Redlich-Kister parameter")) != LMDS_OK) return st;
    if (exists) {
        sqlite3_bind_int64(q[5], 1, rid);
        sqlite3_bind_int64(q[5], 2, im->source_id);
        sqlite3_bind_int64(q[5], 3, sid);
        if ((st = imp_step(im, q[5], "updating a Redlich-Kister set")) != LMDS_OK) return st;
    }
    im->rep->inserted++;
    return LMDS_OK;
}

/* Every row checked before anything is written. */
static lmds_status check_rows(const char *tdb_path, const lmds_genome_interaction *rows, size_t n)
{
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
    return LMDS_OK;
}

/* The TDB as recorded (<data>/tdb/x.tdb) and as cited (data/tdb/x.tdb, or its base name outside the data folder). */
static void tdb_names(const char *tdb_path, char *shown, size_t ns, char *cited, size_t nc)
{
    imp_shown_path(tdb_path, shown, ns);
    if (strncmp(shown, "<data>", 6) == 0) snprintf(cited, nc, "data%s", shown + 6);
    else {
        const char *b = strrchr(tdb_path, '/');
        snprintf(cited, nc, "%s", b ? b + 1 : tdb_path);
    }
}

static lmds_status put_all(imp *im, const char *shown, const char *cited, const char *comments,
                           const lmds_genome_interaction *rows, size_t n, const char *tdb_path)
{
    sqlite3_stmt *q[6] = {0};
    lmds_status st = LMDS_OK;
    for (int i = 0; i < 6 && st == LMDS_OK; i++)
        if (sqlite3_prepare_v2(im->g->db, RK_SQL[i], -1, &q[i], NULL) != SQLITE_OK)
            st = genome_sqlerr(im->g, "preparing the interaction import");
    for (size_t i = 0; i < n && st == LMDS_OK; i++) {
        char system[256];
        int ne = tdb_system(rows[i].constituents, system, sizeof system);
        if (ne < 2 || ne > 3) {
            im->rep->skipped++;
            continue;
        }
        if ((st = put_rk(im, q, &rows[i], system, shown, comments, cited)) != LMDS_OK) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lmds_errmsg());
            lmds_error_at(st, tdb_path, rows[i].line, 0, "%s", msg);
        }
    }
    for (int i = 0; i < 6; i++) sqlite3_finalize(q[i]);
    return st;
}

static lmds_status import_interactions(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                       size_t n, lmds_genome_import_report *rep, int build)
{
    char *text = NULL, *comments = NULL, shown[4096], cited[4096];
    size_t len = 0;
    lmds_status st = lmds_file_read(tdb_path, 0, &text, &len);
    if (st != LMDS_OK) return st;
    genome_sha256 h;
    genome_sha256_init(&h);
    genome_sha256_update(&h, text, len);
    genome_sha256_hex(&h, rep->sha256);
    tdb_names(tdb_path, shown, sizeof shown, cited, sizeof cited);
    char base[48];
    const char *b = strrchr(tdb_path, '/');
    snprintf(base, sizeof base, "%s", b ? b + 1 : tdb_path);
    char *dot = strchr(base, '.');
    if (dot && dot != base) *dot = '\0';
    snprintf(rep->dataset, sizeof rep->dataset, "tdb_%s", base);
    rep->rows = n;
    imp im = {0};
    im.g = g;
    im.file = tdb_path;
    im.dataset = rep->dataset;
    im.rep = rep;
    im.total = n;
    if (!build && lmds_genome_dataset_reserved(rep->dataset))
        st = lmds_error(LMDS_EINVAL, "dataset '%s' is reserved for the shipped genome (lmds db build)", rep->dataset);
    else if (!(comments = tdb_comments(text))) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st == LMDS_OK && (st = genome_import_start(&im, "tdb_interactions", shown)) == LMDS_OK && !rep->already)
        st = genome_import_finish(&im, put_all(&im, shown, cited, comments, rows, n, tdb_path), !build);
    free(comments);
    free(text);
    return st;
}

lmds_status lmds_genome_import_interactions(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                            size_t n, lmds_genome_import_report *rep)
{
    lmds_genome_import_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no genome");
    if (g->readonly || g->views) return lmds_error(LMDS_EINVAL, "%s is open read-only: cannot import", g->path);
    if (!tdb_path || !*tdb_path) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no TDB file");
    if (n > 0 && !rows) return lmds_error(LMDS_EINVAL, "lmds_genome_import_interactions: no rows");
    if (g->version < 3)
        return lmds_error(LMDS_EDB, "%s: schema version %d has no Redlich-Kister sets (needs 3)", g->path, g->version);
    lmds_status st = check_rows(tdb_path, rows, n);
    return st == LMDS_OK ? import_interactions(g, tdb_path, rows, n, rep, 0) : st;
}

lmds_status genome_import_interactions_build(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                             size_t n, lmds_genome_import_report *rep)
{
    memset(rep, 0, sizeof *rep);
    lmds_status st = check_rows(tdb_path, rows, n);
    return st == LMDS_OK ? import_interactions(g, tdb_path, rows, n, rep, 1) : st;
}
