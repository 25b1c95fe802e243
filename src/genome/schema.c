/* The genome's schema, its versions and migrations.
 *
 * PRAGMA user_version holds the schema version; the `migrations` table records when each step was applied.
 * A file newer than this library is refused (its meaning could have changed); an older one is migrated in one
 * transaction when opened read-write (open.c). */
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

/* Version 4: provenance that keeps polymorphs, phases and pressures apart.
 *  - structure.phase: the phase a measurement belongs to ("In-Sn beta", "Pb-Bi epsilon"); polymorph, space_group
 *    and prototype existed already and are now filled from the curated file's columns;
 *  - value.caveat: why a value is not a plain bulk ambient measurement of the stable polymorph (averaged,
 *    pressure, metastable, film, irradiated, mislabel, duplicate, interface), NULL when there is no such reason;
 *  - info: what the file is (role 'shipped' for a build, 'user' for a user genome);
 *  - PRAGMA application_id "LMDS" marks the file as an lmds genome. */
static const char SCHEMA_V4[] =
    "ALTER TABLE structure ADD COLUMN phase TEXT;\n"
    "ALTER TABLE value ADD COLUMN caveat TEXT;\n"
    "CREATE INDEX value_caveat ON value(caveat) WHERE caveat IS NOT NULL;\n"
    "CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    /* Natural keys become "h<128-bit SHA-256 of the tuple>#<occurrence>" (import_common.c): same identity,
     * a fifth of the index. */
    "UPDATE value SET nkey = lmds_nkey_v4(nkey);\n"
    "PRAGMA application_id = 1280132179;\n";

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
    {4, "structure.phase, value.caveat, info (file role), application_id", SCHEMA_V4},
};
#define NMIGRATIONS ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

const char *const *genome_required_tables(int version)
{
    static const char *const v1[] = {"migrations", "source", "reference", "material", "material_element",
                                     "material_alias", "structure", "value", "spectrum", "element",
                                     "element_property", "reject", NULL};
    static const char *const v4[] = {"migrations", "source", "reference", "material", "material_element",
                                     "material_alias", "structure", "value", "spectrum", "element",
                                     "element_property", "reject", "rk_set", "rk_param", "info", NULL};
    return version >= 4 ? v4 : v1;
}

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
    if (sqlite3_prepare_v2(g->db, "PRAGMA main.user_version", -1, &s, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

static lmds_status record_migration(lmds_genome *g, const migration *m)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "INSERT INTO main.migrations(version, description, applied_at)"
                           " VALUES(?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "recording a migration");
    sqlite3_bind_int(s, 1, m->version);
    sqlite3_bind_text(s, 2, m->description, -1, SQLITE_STATIC);
    lmds_status st = sqlite3_step(s) == SQLITE_DONE ? LMDS_OK : genome_sqlerr(g, "recording a migration");
    sqlite3_finalize(s);
    if (st != LMDS_OK) return st;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.user_version = %d", m->version);
    return genome_exec(g, sql);
}

/* SQL function lmds_nkey_v4(key): a natural key of schema 1-3 ("dataset|material|...|reference#occ") in the
 * schema-4 form; keys already in that form are returned as they are. */
static void nkey_v4(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *k = (const char *)sqlite3_value_text(argv[0]);
    const char *hash = k ? strrchr(k, '#') : NULL;
    if (!k || !hash || !memchr(k, '|', (size_t)(hash - k))) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    size_t n = (size_t)(hash - k);
    char *base = sqlite3_malloc64(n + 1), key[64];
    if (!base) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    memcpy(base, k, n);
    base[n] = '\0';
    genome_nkey_hash(base, (unsigned)strtoul(hash + 1, NULL, 10), key, sizeof key);
    sqlite3_free(base);
    sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

lmds_status genome_migrate(lmds_genome *g, int from, int target)
{
    if (sqlite3_create_function(g->db, "lmds_nkey_v4", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, nkey_v4, NULL,
                                NULL) != SQLITE_OK)
        return genome_sqlerr(g, "preparing the migration");
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
        if ((st = genome_exec(g, m->sql)) == LMDS_OK) st = record_migration(g, m);
    }
    if (st != LMDS_OK) goto fail;
    if ((st = genome_exec(g, "COMMIT")) != LMDS_OK) goto fail;
    g->version = target > from ? target : from;
    return LMDS_OK;
fail:
    sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

void genome_info_get(lmds_genome *g, const char *key, char *buf, size_t n)
{
    buf[0] = '\0';
    if (g->version < 4) return;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "SELECT value FROM main.info WHERE key = ?", -1, &s, NULL) != SQLITE_OK) return;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

lmds_status genome_info_set(lmds_genome *g, const char *key, const char *value)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, "INSERT INTO main.info(key, value) VALUES(?1, ?2)"
                           " ON CONFLICT(key) DO UPDATE SET value = ?2", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "writing the file's role");
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    lmds_status st = sqlite3_step(s) == SQLITE_DONE ? LMDS_OK : genome_sqlerr(g, "writing the file's role");
    sqlite3_finalize(s);
    return st;
}
