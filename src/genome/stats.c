/* Statistics, integrity checks and a content digest of the genome. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

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
                       " UNION ALL SELECT 'provenance', 'rejected rows', count(*) FROM reject"
                       " UNION ALL SELECT 'provenance', 'values from the user genome', count(*) FROM value WHERE"
                       "  id >= " GENOME_USER_ID_BASE_SQL
                       " UNION ALL SELECT 'provenance', 'values with a caveat (not plain bulk ambient)', count(*)"
                       "  FROM value WHERE caveat IS NOT NULL",
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
                       " substr(src.sha256, 1, 12) AS sha256, src.imported_at AS imported_at,"
                       " CASE WHEN src.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END AS layer"
                       " FROM source src ORDER BY src.id",
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

static void problem(lmds_genome_rows *r, const char *check, const char *detail, int *oom)
{
    const char *c[2] = {check, detail};
    if (genome_rows_add(r, c) != LMDS_OK) *oom = 1;
}

/* SQLite's own checks (pages, indexes, foreign keys) and the schema version against the migrations. */
static void check_sqlite(lmds_genome *g, lmds_genome_rows *r, int *oom)
{
    sqlite3_stmt *s = NULL;
    char detail[512];
    if (sqlite3_prepare_v2(g->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
        problem(r, "integrity_check", sqlite3_errmsg(g->db), oom);
    else {
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(s, 0);
            if (t && strcmp(t, "ok") != 0) problem(r, "integrity_check", t, oom);
        }
        if (rc != SQLITE_DONE) problem(r, "integrity_check", sqlite3_errmsg(g->db), oom);
    }
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(g->db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            snprintf(detail, sizeof detail, "table %s row %lld refers to a missing %s", sqlite3_column_text(s, 0),
                     (long long)sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2));
            problem(r, "foreign_key_check", detail, oom);
        }
    }
    sqlite3_finalize(s);
    int uv = -1, mv = -1;
    if (sqlite3_prepare_v2(g->db, "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT max(version) FROM main.migrations)", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        uv = sqlite3_column_int(s, 0);
        mv = sqlite3_column_int(s, 1);
    }
    sqlite3_finalize(s);
    if (uv != LMDS_GENOME_SCHEMA_VERSION || mv != uv) {
        snprintf(detail, sizeof detail, "user_version %d, last migration %d, this lmds expects %d", uv, mv,
                 LMDS_GENOME_SCHEMA_VERSION);
        problem(r, "schema_version", detail, oom);
    }
}

/* The genome's own rules: every value with a reference and a source, materials with their elements, bounds. */
static void check_content(lmds_genome *g, lmds_genome_rows *r, int *oom)
{
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
    char detail[512];
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        long long n = -1;
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(g->db, checks[i].sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int64(s, 0);
        if (n < 0) snprintf(detail, sizeof detail, "could not run: %s", sqlite3_errmsg(g->db));
        else snprintf(detail, sizeof detail, "%lld rows fail", n);
        sqlite3_finalize(s);
        if (n != 0) problem(r, checks[i].name, detail, oom);
    }
}

lmds_status lmds_genome_check(lmds_genome *g, lmds_genome_rows **problems)
{
    static const char *cols[] = {"check", "detail"};
    if (problems) *problems = NULL;
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_check: no genome");
    lmds_genome_rows *r = genome_rows_new(2, cols);
    if (!r) return lmds_error(LMDS_ENOMEM, "out of memory");
    int oom = 0;
    check_sqlite(g, r, &oom);
    check_content(g, r, &oom);
    lmds_status st = LMDS_OK;
    if (oom) st = lmds_error(LMDS_ENOMEM, "out of memory listing the problems of %s", g->path);
    else if (r->nrows > 0)
        st = lmds_error(LMDS_EDB, "%s: %zu integrity problem(s), first: %s: %s", g->path, r->nrows, r->cells[0],
                        r->cells[1]);
    if (problems && !oom) *problems = r;
    else lmds_genome_rows_free(r);
    return st;
}

lmds_status lmds_genome_content_hash(lmds_genome *g, char hex[65])
{
    if (!g || !hex) return lmds_error(LMDS_EINVAL, "lmds_genome_content_hash: NULL argument");
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
