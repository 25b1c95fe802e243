/* The user's genome read together with the shipped one, and rows hidden for blind validation.
 *
 * Both work by temporary views that shadow the tables: SQLite resolves an unqualified table name in the temp
 * schema first, so a view temp."value" = main.value UNION ALL user.value (minus hidden materials) is what every
 * query, lookup and statistic of the module reads, without knowing about layers. The user genome's ids start at
 * 2^40 (GENOME_USER_ID_BASE), so ids and the joins on them stay unique across the two files, and the layer of a
 * row shows in its id. Hidden materials are listed by id in temp.genome_hidden. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

void genome_layer_sql(const char *idcol, char *buf, size_t n)
{
    snprintf(buf, n, "CASE WHEN %s >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END", idcol);
}

/* Schema version of a file read without any check (0 when unreadable). */
static int raw_version(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int v = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

/* The user genome must pass every check of its own (and be migrated when older: it is the user's file) before
 * its rows are read with the shipped ones; a damaged user genome is an error, not silently left out. */
static lmds_status check_user_file(const char *up)
{
    lmds_genome *u = NULL;
    lmds_status st = LMDS_OK;
    int v = raw_version(up);
    if (v > 0 && v < LMDS_GENOME_SCHEMA_VERSION) {
        st = genome_open_file(up, 0, LMDS_GENOME_SCHEMA_VERSION, &u);
        lmds_genome_close(u);
        u = NULL;
    }
    if (st == LMDS_OK) st = genome_open_file(up, GENOME_OPEN_RO, LMDS_GENOME_SCHEMA_VERSION, &u);
    if (st == LMDS_OK && !u->user_role)
        st = lmds_error(LMDS_EDB, "%s is not a user genome (made by 'lmds db import' without --db): it cannot be "
                        "layered over the shipped genome; set LMDS_USER_DB to another file", up);
    lmds_genome_close(u);
    if (st != LMDS_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", lmds_errmsg());
        return lmds_error(st, "user genome: %s", msg);
    }
    return LMDS_OK;
}

lmds_status genome_attach_user(lmds_genome *g, const char *up)
{
    lmds_status st = check_user_file(up);
    if (st != LMDS_OK) return st;
    char *uri = genome_file_uri(up, "mode=ro");
    g->user_path = strdup(up);
    if (!uri || !g->user_path) {
        free(uri);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "ATTACH DATABASE ? AS user", -1, &s, NULL) != SQLITE_OK)
        st = genome_sqlerr(g, "attaching the user genome");
    else {
        sqlite3_bind_text(s, 1, uri, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) st = genome_sqlerr(g, "attaching the user genome");
    }
    sqlite3_finalize(s);
    free(uri);
    if (st == LMDS_OK) st = genome_views_rebuild(g);
    return st;
}

/* Column list of main.<table> ("a, b, c") and whether it has a material_id column. */
static lmds_status table_columns(lmds_genome *g, const char *table, char *cols, size_t n, int *has_mid)
{
    sqlite3_stmt *s = NULL;
    size_t off = 0;
    cols[0] = '\0';
    *has_mid = 0;
    if (sqlite3_prepare_v2(g->db, "SELECT name FROM pragma_table_info(?1, 'main')", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "reading the schema");
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(s, 0);
        int w = snprintf(cols + off, n - off, "%s\"%s\"", off ? ", " : "", c);
        if (w < 0 || (size_t)w >= n - off) {
            sqlite3_finalize(s);
            return lmds_error(LMDS_EDB, "table %s has too many columns", table);
        }
        off += (size_t)w;
        if (strcmp(c, "material_id") == 0) *has_mid = 1;
    }
    sqlite3_finalize(s);
    return LMDS_OK;
}

static lmds_status drop_views(lmds_genome *g)
{
    sqlite3_stmt *s = NULL;
    char names[64][64];
    int n = 0;
    if (sqlite3_prepare_v2(g->db, "SELECT name FROM temp.sqlite_master WHERE type = 'view'", -1, &s, NULL) !=
        SQLITE_OK)
        return genome_sqlerr(g, "listing views");
    while (sqlite3_step(s) == SQLITE_ROW && n < 64)
        snprintf(names[n++], sizeof names[0], "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    lmds_status st = LMDS_OK;
    for (int i = 0; i < n && st == LMDS_OK; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP VIEW temp.\"%.63s\"", names[i]);
        st = genome_exec(g, sql);
    }
    g->views = 0;
    return st;
}

/* temp.<table> = main.<table> [UNION ALL user.<table>], less the rows of hidden materials. */
static lmds_status make_view(lmds_genome *g, const char *table)
{
    char cols[2048], sql[8192], cond[128] = "";
    int has_mid;
    lmds_status st = table_columns(g, table, cols, sizeof cols, &has_mid);
    if (st != LMDS_OK) return st;
    if (g->nhidden > 0 && strcmp(table, "material") == 0)
        snprintf(cond, sizeof cond, " WHERE id NOT IN (SELECT id FROM temp.genome_hidden)");
    else if (g->nhidden > 0 && has_mid)
        snprintf(cond, sizeof cond, " WHERE material_id NOT IN (SELECT id FROM temp.genome_hidden)");
    int w = snprintf(sql, sizeof sql, "CREATE TEMP VIEW \"%s\" AS SELECT %s FROM main.\"%s\"%s", table, cols, table,
                     cond);
    if (g->user_path && w > 0 && (size_t)w < sizeof sql)
        w += snprintf(sql + w, sizeof sql - (size_t)w, " UNION ALL SELECT %s FROM user.\"%s\"%s", cols, table, cond);
    if (w < 0 || (size_t)w >= sizeof sql) return lmds_error(LMDS_EDB, "view of table %s too long", table);
    return genome_exec(g, sql);
}

lmds_status genome_views_rebuild(lmds_genome *g)
{
    lmds_status st = drop_views(g);
    if (st != LMDS_OK || (!g->user_path && g->nhidden == 0)) return st;
    if ((st = genome_exec(g, "CREATE TEMP TABLE IF NOT EXISTS genome_hidden(id INTEGER PRIMARY KEY)")) != LMDS_OK)
        return st;
    sqlite3_stmt *s = NULL;
    char tables[64][64];
    int n = 0;
    /* Every table but the file's own bookkeeping (schema versions, role), which stays per file. */
    if (sqlite3_prepare_v2(g->db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE"
                           " 'sqlite_%' AND name NOT IN ('migrations', 'info') ORDER BY name", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "listing tables");
    while (sqlite3_step(s) == SQLITE_ROW && n < 64)
        snprintf(tables[n++], sizeof tables[0], "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    for (int i = 0; i < n && st == LMDS_OK; i++) st = make_view(g, tables[i]);
    if (st != LMDS_OK) {
        drop_views(g);
        return st;
    }
    g->views = 1;
    return LMDS_OK;
}

lmds_status lmds_genome_hide(lmds_genome *g, const lmds_comp *c)
{
    if (!g || !c || c->n <= 0) return lmds_error(LMDS_EINVAL, "lmds_genome_hide: no composition");
    char formula[256];
    lmds_status st = lmds_comp_formula(c, formula, sizeof formula);
    if (st != LMDS_OK) return st;
    if ((st = genome_exec(g, "CREATE TEMP TABLE IF NOT EXISTS genome_hidden(id INTEGER PRIMARY KEY);"
                             "CREATE TEMP TABLE IF NOT EXISTS genome_hidden_formula(formula TEXT PRIMARY KEY)")))
        return st;
    const char *sql = g->user_path ? "INSERT OR IGNORE INTO temp.genome_hidden SELECT id FROM main.material WHERE"
                                     " formula = ?1 UNION ALL SELECT id FROM user.material WHERE formula = ?1"
                                   : "INSERT OR IGNORE INTO temp.genome_hidden SELECT id FROM main.material WHERE"
                                     " formula = ?1";
    sqlite3_stmt *s = NULL, *f = NULL;
    if (sqlite3_prepare_v2(g->db, sql, -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g->db, "INSERT OR IGNORE INTO temp.genome_hidden_formula VALUES(?1)", -1, &f, NULL) !=
            SQLITE_OK)
        st = genome_sqlerr(g, "hiding a composition");
    if (st == LMDS_OK) {
        sqlite3_bind_text(s, 1, formula, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 1, formula, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE || sqlite3_step(f) != SQLITE_DONE)
            st = genome_sqlerr(g, "hiding a composition");
        else if (sqlite3_changes(g->db) > 0 && g->nhidden++ == 0)
            st = genome_views_rebuild(g); /* the first hidden composition puts the condition into the views */
    }
    sqlite3_finalize(s);
    sqlite3_finalize(f);
    return st;
}

lmds_status lmds_genome_hide_clear(lmds_genome *g)
{
    if (!g) return lmds_error(LMDS_EINVAL, "lmds_genome_hide_clear: no genome");
    if (g->nhidden == 0) return LMDS_OK;
    lmds_status st = genome_exec(g, "DELETE FROM temp.genome_hidden; DELETE FROM temp.genome_hidden_formula");
    if (st != LMDS_OK) return st;
    g->nhidden = 0;
    return genome_views_rebuild(g);
}

long lmds_genome_hidden_count(const lmds_genome *g) { return g ? g->nhidden : 0; }
