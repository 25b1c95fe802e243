/* Reading the genome: filtered queries (options and an OPTIMADE filter subset, optimade.c), a material's full
 * record and its interaction parameters. All SQL is parameterised: user text only ever reaches SQLite as bound
 * values. On a layered handle the tables are the views over both files (layer.c), so a material can have a row in
 * each file: show gathers every row of the same material key. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"
#include "lmds/element.h"

void lmds_genome_filter_init(lmds_genome_filter *f)
{
    memset(f, 0, sizeof *f);
    f->tc_min = f->tc_max = f->p_min = f->p_max = NAN;
}

#define VALUE_COLUMNS                                                                                          \
    "v.id AS id, m.id AS material_id, m.formula AS formula, m.system AS system, s.label AS material,"         \
    " v.property AS property, v.value AS value, v.relation AS relation, v.value_lo AS value_lo,"               \
    " v.value_hi AS value_hi, v.unit AS unit, v.form AS form, v.pressure_GPa AS pressure_GPa,"                 \
    " v.criterion AS criterion, v.value_type AS value_type, src.dataset AS dataset, r.citation AS reference,"  \
    " s.phase AS phase, s.polymorph AS polymorph, v.caveat AS caveat,"                                          \
    " CASE WHEN v.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END AS layer"
#define VALUE_FROM                                                                                             \
    " FROM value v JOIN material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id"    \
    " JOIN reference r ON r.id = v.reference_id JOIN source src ON src.id = v.source_id"

/* --elements Ga,In: materials with all (or any) of them. */
static lmds_status where_elements(genome_sqlq *q, const char *elements, int any)
{
    char buf[512];
    const char *syms[64];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", elements);
    for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok && n < 64; tok = strtok_r(NULL, ", ", &save)) {
        int z;
        if (lmds_element_lookup(tok, &z) != LMDS_OK)
            return lmds_error(LMDS_EPARSE, "--elements: '%s' is not an element symbol", tok);
        syms[n++] = lmds_element_symbol(z);
    }
    if (n == 0) return lmds_error(LMDS_EPARSE, "--elements: no element symbols in '%s'", elements);
    if (any) genome_sqlq_cat(q, " AND EXISTS (SELECT 1 FROM material_element e WHERE e.material_id = m.id AND e.symbol IN (");
    else genome_sqlq_cat(q, " AND m.id IN (SELECT material_id FROM material_element WHERE symbol IN (");
    for (int i = 0; i < n; i++) {
        if (i) genome_sqlq_cat(q, ",");
        genome_sqlq_text_param(q, syms[i]);
    }
    if (any) genome_sqlq_cat(q, "))");
    else {
        genome_sqlq_cat(q, ") GROUP BY material_id HAVING count(DISTINCT symbol) = ");
        genome_sqlq_num_param(q, n, 1);
        genome_sqlq_cat(q, ")");
    }
    return LMDS_OK;
}

static void where_text(genome_sqlq *q, const char *sql, const char *value)
{
    if (!value || !*value) return;
    genome_sqlq_cat(q, "%s", sql);
    genome_sqlq_text_param(q, value);
}

static void where_num(genome_sqlq *q, const char *sql, double value)
{
    if (isnan(value)) return;
    genome_sqlq_cat(q, "%s", sql);
    genome_sqlq_num_param(q, value, 0);
}

/* The filter's conditions after "WHERE 1". */
static lmds_status where_filter(genome_sqlq *q, const lmds_genome_filter *f)
{
    lmds_status st = LMDS_OK;
    if (f->elements && *f->elements && (st = where_elements(q, f->elements, f->any)) != LMDS_OK) return st;
    if (f->system && *f->system) {
        char sys[256];
        if ((st = genome_system_normalize(f->system, sys, sizeof sys)) != LMDS_OK) return st;
        where_text(q, " AND m.system = ", sys);
    }
    if (f->formula && *f->formula) {
        lmds_comp c;
        char formula[256];
        if ((st = lmds_comp_parse(f->formula, NULL, &c)) != LMDS_OK) return st;
        if ((st = lmds_comp_formula(&c, formula, sizeof formula)) != LMDS_OK) return st;
        where_text(q, " AND m.formula = ", formula);
    }
    const char *prop = f->property;
    if (!prop && (!isnan(f->tc_min) || !isnan(f->tc_max))) prop = "tc";
    where_text(q, " AND v.property = ", prop);
    /* A Tc range selects values whose whole interval lies inside it: "<1.5" is inside tc <= 2. */
    where_num(q, " AND v.value_lo >= ", f->tc_min);
    where_num(q, " AND v.value_hi <= ", f->tc_max);
    where_text(q, " AND v.form = ", f->form);
    where_num(q, " AND v.pressure_GPa >= ", f->p_min);
    where_num(q, " AND v.pressure_GPa <= ", f->p_max);
    where_text(q, " AND v.value_type = ", f->value_type);
    where_text(q, " AND src.dataset = ", f->dataset);
    if (f->optimade && *f->optimade) {
        genome_sqlq_cat(q, " AND ");
        st = genome_optimade_where(f->optimade, q);
    }
    return st;
}

lmds_status lmds_genome_query(lmds_genome *g, const lmds_genome_filter *f, lmds_genome_rows **out)
{
    if (out) *out = NULL;
    if (!g || !f || !out) return lmds_error(LMDS_EINVAL, "lmds_genome_query: NULL argument");
    genome_sqlq *q = genome_sqlq_new();
    if (!q) return lmds_error(LMDS_ENOMEM, "out of memory");
    genome_sqlq_cat(q, "SELECT " VALUE_COLUMNS VALUE_FROM " WHERE 1");
    lmds_status st = where_filter(q, f);
    if (st == LMDS_OK) {
        genome_sqlq_cat(q, " ORDER BY m.formula IS NULL, m.formula, m.system, v.property, v.id");
        if (f->limit > 0) {
            genome_sqlq_cat(q, " LIMIT ");
            genome_sqlq_num_param(q, (double)f->limit, 1);
        }
        sqlite3_stmt *stmt = NULL;
        if ((st = genome_sqlq_prepare(g, q, &stmt)) == LMDS_OK) st = genome_rows_from_stmt(g, stmt, out);
    }
    genome_sqlq_free(q);
    return st;
}

/* The ids of the material ?1 in every layer (the same material key). */
#define SAME_MATERIAL "(SELECT id FROM material WHERE mkey = (SELECT mkey FROM material WHERE id = ?1))"
#define LAYER "CASE WHEN x.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END"

/* Find a material by id, formula, alias or parsed formula. */
static lmds_status find_material(lmds_genome *g, const char *key, sqlite3_int64 *id)
{
    sqlite3_stmt *s = NULL;
    char *end;
    long long n = strtoll(key, &end, 10);
    int rc;
    if (*key && !*end) {
        if (sqlite3_prepare_v2(g->db, "SELECT id FROM material WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
            return genome_sqlerr(g, "finding a material");
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
                           " (SELECT group_concat(alias, ' | ') FROM (SELECT DISTINCT alias FROM material_alias"
                           "  WHERE material_id IN " SAME_MATERIAL " ORDER BY alias LIMIT 20)) AS aliases,"
                           " (SELECT count(DISTINCT alias) FROM material_alias WHERE material_id IN " SAME_MATERIAL
                           ") AS naliases, (SELECT group_concat(DISTINCT " LAYER ") FROM material x WHERE x.id IN "
                           SAME_MATERIAL ") AS layer FROM material m WHERE m.id = ?1", -1, &s, NULL) != SQLITE_OK)
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
        " NULL AS state, NULL AS dimensionality, NULL AS confinement, NULL AS caveat, NULL AS layer"
        " FROM material_element e WHERE e.material_id = ?1"
        /* structure / state */
        " UNION ALL SELECT 2, 'structure', st.id, 'structure', st.label, NULL, 'none', NULL, NULL, NULL, NULL,"
        " NULL, NULL, NULL, NULL, src.dataset, NULL, r.citation,"
        " trim(ifnull('polymorph ' || st.polymorph || '; ', '') || ifnull('substrate ' || st.substrate, '')),"
        " st.state, st.dimensionality, st.confinement, NULL, CASE WHEN st.id >= " GENOME_USER_ID_BASE_SQL
        " THEN 'user' ELSE 'shipped' END"
        " FROM structure st LEFT JOIN reference r ON r.id = st.reference_id LEFT JOIN source src ON"
        " src.id = st.source_id WHERE st.material_id IN " SAME_MATERIAL
        /* values */
        " UNION ALL SELECT CASE v.kind WHEN 'ground_state' THEN 3 WHEN 'interaction' THEN 4 ELSE 5 END, v.kind,"
        " v.id, v.property, s.label, v.value, v.relation, v.value_lo, v.value_hi, v.unit, v.form, v.pressure_GPa,"
        " v.criterion, v.method, v.value_type, src.dataset, v.source_line, r.citation,"
        " trim(ifnull(v.value_type_detail || '; ', '') || ifnull(v.notes, '')), s.state, s.dimensionality,"
        " s.confinement, v.caveat, CASE WHEN v.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END"
        " FROM value v LEFT JOIN structure s ON s.id = v.structure_id JOIN reference r ON r.id = v.reference_id"
        " JOIN source src ON src.id = v.source_id WHERE v.material_id IN " SAME_MATERIAL
        /* spectra */
        " UNION ALL SELECT 4, 'interaction', sp.id, 'alpha2F spectrum', NULL, sp.n, '=', NULL, NULL, 'points',"
        " NULL, NULL, NULL, sp.method, sp.value_type, src.dataset, NULL, r.citation, sp.notes, NULL, NULL, NULL,"
        " NULL, CASE WHEN sp.id >= " GENOME_USER_ID_BASE_SQL " THEN 'user' ELSE 'shipped' END"
        " FROM spectrum sp JOIN reference r ON r.id = sp.reference_id JOIN source src ON src.id = sp.source_id"
        " WHERE sp.material_id IN " SAME_MATERIAL
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
                           " WHERE k.material_id IN " SAME_MATERIAL " ORDER BY k.phase, k.constituents, p.nu",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "interaction parameters");
    sqlite3_bind_int64(s, 1, id);
    return genome_rows_from_stmt(g, s, out);
}

