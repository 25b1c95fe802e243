/* Opening a genome file: the schema, its versions and migrations, WAL mode, and the schema version check.
 *
 * PRAGMA user_version holds the schema version; the `migrations` table records when each step was applied.
 * A file newer than this library is refused (its meaning could have changed); an older one is migrated in one
 * transaction when opened read-write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "genome_internal.h"

/* Version 1: materials, structures, values with conditions and provenance, spectra, elements, sources. */
static const char SCHEMA_V1[] =
    "CREATE TABLE migrations(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);\n"
    /* One row per imported file: provenance of every value. */
    "CREATE TABLE source(id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE, nrows INTEGER NOT NULL DEFAULT 0, inserted INTEGER NOT NULL DEFAULT 0,"
    " duplicates INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, producer TEXT NOT NULL,"
    " imported_at TEXT NOT NULL);\n"
    "CREATE INDEX source_dataset ON source(dataset);\n"
    "CREATE TABLE reference(id INTEGER PRIMARY KEY, citation TEXT NOT NULL UNIQUE, doi TEXT, url TEXT);\n"
    /* Composition: one material per reduced formula, or per chemical system when no exact composition. */
    "CREATE TABLE material(id INTEGER PRIMARY KEY, mkey TEXT NOT NULL UNIQUE, formula TEXT,"
    " system TEXT NOT NULL, nelements INTEGER NOT NULL CHECK(nelements > 0), name TEXT);\n"
    "CREATE INDEX material_formula ON material(formula);\n"
    "CREATE INDEX material_system ON material(system);\n"
    "CREATE TABLE material_element(material_id INTEGER NOT NULL REFERENCES material(id), symbol TEXT NOT NULL,"
    " z INTEGER NOT NULL, x REAL, PRIMARY KEY(material_id, symbol));\n"
    "CREATE INDEX material_element_symbol ON material_element(symbol, material_id);\n"
    "CREATE TABLE material_alias(material_id INTEGER NOT NULL REFERENCES material(id), alias TEXT NOT NULL,"
    " source_id INTEGER REFERENCES source(id), PRIMARY KEY(material_id, alias));\n"
    "CREATE INDEX material_alias_alias ON material_alias(alias);\n"
    /* Structure / state of a sample as the source names it. */
    "CREATE TABLE structure(id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
    " label TEXT NOT NULL, polymorph TEXT,"
    " state TEXT NOT NULL DEFAULT 'unknown' CHECK(state IN ('crystalline','amorphous','liquid','unknown')),"
    " space_group TEXT, prototype TEXT, dimensionality INTEGER CHECK(dimensionality BETWEEN 0 AND 3),"
    " confinement TEXT, film_thickness_nm REAL, pore_size_nm REAL, droplet_radius_nm REAL, substrate TEXT,"
    " reference_id INTEGER REFERENCES reference(id), source_id INTEGER REFERENCES source(id),"
    " UNIQUE(material_id, label));\n"
    /* Every number: ground-state quantities, interaction parameters, macroscopic properties. Route and
     * conditions (form, pressure, process, criterion, method) and provenance live on the row. */
    "CREATE TABLE value(id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
    " structure_id INTEGER REFERENCES structure(id),"
    " kind TEXT NOT NULL CHECK(kind IN ('ground_state','interaction','macroscopic')),"
    " property TEXT NOT NULL, value REAL,"
    " relation TEXT NOT NULL CHECK(relation IN ('=','<','>','range','none')),"
    " value_lo REAL, value_hi REAL, unit TEXT, criterion TEXT,"
    " form TEXT, form_detail TEXT, pressure_GPa REAL, process TEXT, thermal_history TEXT, cooling_rate_K_s REAL,"
    " method TEXT,"
    " value_type TEXT NOT NULL CHECK(value_type IN ('measured','calculated','textbook','missing','not_reported')),"
    " value_type_detail TEXT, reference_id INTEGER NOT NULL REFERENCES reference(id),"
    " source_id INTEGER NOT NULL REFERENCES source(id), source_line INTEGER, producer TEXT NOT NULL,"
    " created_at TEXT NOT NULL, notes TEXT, nkey TEXT NOT NULL UNIQUE);\n"
    "CREATE INDEX value_material ON value(material_id, kind);\n"
    "CREATE INDEX value_property ON value(property, value_lo, value_hi);\n"
    "CREATE INDEX value_source ON value(source_id, source_line);\n"
    /* Spectra stored as little-endian float64 arrays (omega in meV). */
    "CREATE TABLE spectrum(id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
    " structure_id INTEGER REFERENCES structure(id), kind TEXT NOT NULL, n INTEGER NOT NULL CHECK(n > 0),"
    " omega_meV BLOB NOT NULL, value BLOB NOT NULL, method TEXT, value_type TEXT NOT NULL,"
    " reference_id INTEGER NOT NULL REFERENCES reference(id), source_id INTEGER NOT NULL REFERENCES source(id),"
    " producer TEXT NOT NULL, created_at TEXT NOT NULL, notes TEXT, nkey TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE element(z INTEGER PRIMARY KEY, symbol TEXT NOT NULL UNIQUE, name TEXT NOT NULL);\n"
    "CREATE TABLE element_property(z INTEGER NOT NULL REFERENCES element(z), property TEXT NOT NULL,"
    " value REAL NOT NULL, unit TEXT, reference_id INTEGER NOT NULL REFERENCES reference(id),"
    " source_id INTEGER NOT NULL REFERENCES source(id), PRIMARY KEY(z, property, source_id));\n"
    /* Rows of a source that could not be read (lenient imports): counted and traceable, never silent. */
    "CREATE TABLE reject(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES source(id),"
    " line INTEGER NOT NULL, text TEXT, class TEXT NOT NULL, reason TEXT NOT NULL);\n";

/* Version 2: the Tc view with explicit bounds (negative results read as tc_upper_bound_K) and the
 * Redlich-Kister parameter sets of thermodynamic assessments. */
static const char SCHEMA_V2[] =
    "CREATE VIEW tc AS SELECT v.id AS id, v.material_id AS material_id, m.formula AS formula, m.system AS system,"
    " s.label AS material, CASE WHEN v.relation IN ('=','range') THEN v.value END AS tc_K,"
    " CASE WHEN v.relation IN ('<','range') THEN v.value_hi END AS tc_upper_bound_K,"
    " CASE WHEN v.relation IN ('>','range') THEN v.value_lo END AS tc_lower_bound_K, v.relation AS relation,"
    " v.criterion AS criterion, v.form AS form, v.pressure_GPa AS pressure_GPa, v.value_type AS value_type,"
    " v.reference_id AS reference_id, v.source_id AS source_id, v.source_line AS source_line"
    " FROM value v JOIN material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id"
    " WHERE v.property = 'tc';\n"
    "CREATE TABLE rk_set(id INTEGER PRIMARY KEY, system TEXT NOT NULL, phase TEXT NOT NULL, tdb TEXT,"
    " reference_id INTEGER NOT NULL REFERENCES reference(id), source_id INTEGER NOT NULL REFERENCES source(id),"
    " UNIQUE(system, phase, tdb));\n"
    "CREATE TABLE rk_param(set_id INTEGER NOT NULL REFERENCES rk_set(id), nu INTEGER NOT NULL,"
    " a_J_mol REAL NOT NULL, b_J_mol_K REAL NOT NULL DEFAULT 0, expression TEXT, PRIMARY KEY(set_id, nu))"
    ";\n";

/* Version 3: the formula as written in each source row (value.as_written: SuperCon's "Ba2Cu3O7-X" or "OZ"
 * placeholders survive for the learning module's cleaning policy), and Redlich-Kister parameters as TDB files
 * state them. rk_set/rk_param of version 2 were schema only (nothing wrote them), so they are recreated with the
 * phase's constituent array, the material (chemical system) they describe and the TDB's reference comment. */
static const char SCHEMA_V3[] =
    "ALTER TABLE value ADD COLUMN as_written TEXT;\n"
    "DROP TABLE rk_param;\n"
    "DROP TABLE rk_set;\n"
    /* One interaction: phase, constituent array as in the TDB ("GA,IN" or "IN,SN:VA"), the TDB file, the
     * reference code of the PARAMETER line and its citation. */
    "CREATE TABLE rk_set(id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
    " system TEXT NOT NULL, phase TEXT NOT NULL, constituents TEXT NOT NULL, tdb TEXT NOT NULL,"
    " reference_id INTEGER NOT NULL REFERENCES reference(id), source_id INTEGER NOT NULL REFERENCES source(id),"
    " UNIQUE(phase, constituents, tdb));\n"
    "CREATE INDEX rk_set_material ON rk_set(material_id);\n"
    /* One order nu of the Redlich-Kister sum L = sum_nu L_nu (x_A - x_B)^nu: the expression as written (J/mol,
     * T in K) between T_lo and T_hi; a + b*T when the expression has that form, else a and b are NULL. */
    "CREATE TABLE rk_param(set_id INTEGER NOT NULL REFERENCES rk_set(id), nu INTEGER NOT NULL CHECK(nu >= 0),"
    " expression TEXT NOT NULL, a_J_mol REAL, b_J_mol_K REAL, T_lo_K REAL, T_hi_K REAL, ref_code TEXT,"
    " source_line INTEGER NOT NULL, PRIMARY KEY(set_id, nu));\n";

typedef struct migration {
    int version;
    const char *description;
    const char *sql;
} migration;

static const migration MIGRATIONS[] = {
    {1, "materials, structures, values with conditions and provenance, spectra, elements, sources, rejects",
     SCHEMA_V1},
    {2, "tc view with explicit bounds; Redlich-Kister parameter sets", SCHEMA_V2},
    {3, "value.as_written (formula as written in the source row); Redlich-Kister sets with constituents, "
        "material and TDB reference", SCHEMA_V3},
};
#define NMIGRATIONS ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

lmds_status genome_sqlerr(lmds_genome *g, const char *what)
{
    return lmds_error(LMDS_EDB, "%s: %s (%s)", what, g && g->db ? sqlite3_errmsg(g->db) : "no database",
                      g && g->path ? g->path : "?");
}

lmds_status genome_exec(lmds_genome *g, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        lmds_status st = lmds_error(LMDS_EDB, "%s (%s)", msg ? msg : sqlite3_errmsg(g->db), g->path);
        sqlite3_free(msg);
        return st;
    }
    return LMDS_OK;
}

static int read_user_version(lmds_genome *g, int *v)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int count_tables(lmds_genome *g)
{
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(g->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* Apply the migrations from the file's version up to `target` in one transaction. */
static lmds_status migrate(lmds_genome *g, int from, int target)
{
    lmds_status st = genome_exec(g, "BEGIN IMMEDIATE");
    if (st != LMDS_OK) return st;
    /* Re-read inside the write lock: another process may have migrated meanwhile. */
    if (read_user_version(g, &from) != 0) {
        st = genome_sqlerr(g, "reading the schema version");
        goto fail;
    }
    for (int i = 0; i < NMIGRATIONS && st == LMDS_OK; i++) {
        const migration *m = &MIGRATIONS[i];
        if (m->version <= from || m->version > target) continue;
        st = genome_exec(g, m->sql);
        if (st != LMDS_OK) break;
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(g->db, "INSERT INTO migrations(version, description, applied_at)"
                               " VALUES(?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))", -1, &s, NULL) != SQLITE_OK) {
            st = genome_sqlerr(g, "recording a migration");
            break;
        }
        sqlite3_bind_int(s, 1, m->version);
        sqlite3_bind_text(s, 2, m->description, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) st = genome_sqlerr(g, "recording a migration");
        sqlite3_finalize(s);
        if (st != LMDS_OK) break;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
        st = genome_exec(g, sql);
    }
    if (st != LMDS_OK) goto fail;
    st = genome_exec(g, "COMMIT");
    if (st != LMDS_OK) goto fail;
    g->version = target;
    return LMDS_OK;
fail:
    sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

lmds_status genome_open_version(const char *path, int readonly, int target, lmds_genome **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_genome_open: out is NULL");
    if (!path) path = lmds_genome_default_path();
    if (!path || !*path) return lmds_error(LMDS_EINVAL, "lmds_genome_open: no genome path");
    lmds_genome *g = calloc(1, sizeof *g);
    if (!g) return lmds_error(LMDS_ENOMEM, "out of memory");
    g->path = strdup(path);
    g->readonly = readonly;
    if (!g->path) {
        free(g);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &g->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    lmds_status st = LMDS_OK;
    if (rc != SQLITE_OK) {
        st = lmds_error(LMDS_EDB, "cannot open genome %s: %s", path, g->db ? sqlite3_errmsg(g->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(g->db, 5000);
    sqlite3_extended_result_codes(g->db, 1);
    int version = 0, ntables = count_tables(g);
    if (ntables < 0 || read_user_version(g, &version) != 0) {
        st = lmds_error(LMDS_EDB, "%s is not an lmds genome (not an SQLite database: %s)", path,
                        sqlite3_errmsg(g->db));
        goto fail;
    }
    if (version == 0 && ntables > 0) {
        st = lmds_error(LMDS_EDB, "%s is an SQLite file but not an lmds genome (schema version 0 with %d objects)",
                        path, ntables);
        goto fail;
    }
    if (version > target) {
        st = lmds_error(LMDS_EDB,
                        "%s has genome schema version %d, newer than this lmds (%s) supports (%d): upgrade lmds",
                        path, version, LMDS_VERSION_STRING, target);
        goto fail;
    }
    if (version < target) {
        if (readonly) {
            if (version == 0)
                st = lmds_error(LMDS_EDB, "%s is empty or missing: build it with 'lmds db build --db %s'", path, path);
            else
                st = lmds_error(LMDS_EDB,
                                "%s has genome schema version %d, older than this lmds (%d): open it read-write "
                                "(e.g. 'lmds db check --db %s') to migrate it, or rebuild with 'lmds db build'",
                                path, version, target, path);
            goto fail;
        }
    }
    g->version = version;
    if (!readonly) {
        /* WAL: readers never block the writer nor see a half-written import. */
        if ((st = genome_exec(g, "PRAGMA journal_mode=WAL")) != LMDS_OK) goto fail;
        if ((st = genome_exec(g, "PRAGMA synchronous=NORMAL")) != LMDS_OK) goto fail;
        if (version < target && (st = migrate(g, version, target)) != LMDS_OK) goto fail;
    }
    if ((st = genome_exec(g, "PRAGMA foreign_keys=ON")) != LMDS_OK) goto fail;
    /* The import's natural-key table is temporary: keep it in memory; a 16 MB page cache holds a whole
     * SuperCon-size import without spilling to the WAL before commit. */
    if ((st = genome_exec(g, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384")) != LMDS_OK) goto fail;
    *out = g;
    return LMDS_OK;
fail:
    lmds_genome_close(g);
    return st;
}

lmds_status lmds_genome_open(const char *path, int readonly, lmds_genome **out)
{
    if (out) *out = NULL;
    return genome_open_version(path, readonly, LMDS_GENOME_SCHEMA_VERSION, out);
}

void lmds_genome_close(lmds_genome *g)
{
    if (!g) return;
    if (g->db) sqlite3_close_v2(g->db);
    free(g->path);
    free(g);
}

const char *lmds_genome_path(const lmds_genome *g) { return g ? g->path : NULL; }
int lmds_genome_schema_version(const lmds_genome *g) { return g ? g->version : 0; }

const char *lmds_genome_default_path(void)
{
    static _Thread_local char buf[4096];
    const char *env = getenv("LMDS_DB");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s", env);
        return buf;
    }
    if (lmds_data_path("genome.sqlite", buf, sizeof buf) != LMDS_OK) return "genome.sqlite";
    return buf;
}

/* ---- Row sets ---- */

lmds_genome_rows *genome_rows_new(int ncols, const char *const *cols)
{
    lmds_genome_rows *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->ncols = ncols;
    r->cols = calloc((size_t)ncols, sizeof *r->cols);
    if (!r->cols) {
        free(r);
        return NULL;
    }
    for (int j = 0; j < ncols; j++) {
        r->cols[j] = strdup(cols[j]);
        if (!r->cols[j]) {
            lmds_genome_rows_free(r);
            return NULL;
        }
    }
    return r;
}

lmds_status genome_rows_add(lmds_genome_rows *r, const char *const *cells)
{
    /* Grow by doubling: capacity is the next power of two of nrows. */
    size_t n = r->nrows;
    if ((n & (n - 1)) == 0) {
        size_t cap = n ? 2 * n : 1;
        char **c = realloc(r->cells, cap * (size_t)r->ncols * sizeof *c);
        if (!c) return lmds_error(LMDS_ENOMEM, "out of memory");
        r->cells = c;
    }
    char **row = r->cells + n * (size_t)r->ncols;
    for (int j = 0; j < r->ncols; j++) {
        row[j] = cells[j] ? strdup(cells[j]) : NULL;
        if (cells[j] && !row[j]) {
            for (int k = 0; k < j; k++) free(row[k]);
            return lmds_error(LMDS_ENOMEM, "out of memory");
        }
    }
    r->nrows++;
    return LMDS_OK;
}

void lmds_genome_rows_free(lmds_genome_rows *r)
{
    if (!r) return;
    if (r->cells)
        for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++) free(r->cells[i]);
    if (r->cols)
        for (int j = 0; j < r->ncols; j++) free(r->cols[j]);
    free(r->cells);
    free(r->cols);
    free(r);
}

const char *lmds_genome_rows_get(const lmds_genome_rows *r, size_t i, const char *col)
{
    if (!r || i >= r->nrows || !col) return NULL;
    for (int j = 0; j < r->ncols; j++)
        if (strcmp(r->cols[j], col) == 0) return r->cells[i * (size_t)r->ncols + (size_t)j];
    return NULL;
}

lmds_status genome_rows_from_stmt(lmds_genome *g, sqlite3_stmt *stmt, lmds_genome_rows **out)
{
    int nc = sqlite3_column_count(stmt);
    const char **cols = calloc((size_t)(nc > 0 ? nc : 1), sizeof *cols);
    const char **cells = calloc((size_t)(nc > 0 ? nc : 1), sizeof *cells);
    lmds_genome_rows *r = NULL;
    lmds_status st = LMDS_OK;
    if (!cols || !cells) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto done;
    }
    for (int j = 0; j < nc; j++) cols[j] = sqlite3_column_name(stmt, j);
    r = genome_rows_new(nc, cols);
    if (!r) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto done;
    }
    int rc;
    char num[32 * 64];
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        char *p = num;
        for (int j = 0; j < nc; j++) {
            int t = sqlite3_column_type(stmt, j);
            if (t == SQLITE_NULL) cells[j] = NULL;
            else if (t == SQLITE_FLOAT && j < 64) {
                /* %.10g keeps what sources give (at most ~10 significant digits) without binary noise. */
                snprintf(p, 32, "%.10g", sqlite3_column_double(stmt, j));
                cells[j] = p;
                p += 32;
            } else if (t == SQLITE_BLOB) cells[j] = "<blob>";
            else cells[j] = (const char *)sqlite3_column_text(stmt, j);
        }
        if ((st = genome_rows_add(r, cells)) != LMDS_OK) break;
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, "query");
done:
    sqlite3_finalize(stmt);
    free(cols);
    free(cells);
    if (st != LMDS_OK) {
        lmds_genome_rows_free(r);
        return st;
    }
    *out = r;
    return LMDS_OK;
}
