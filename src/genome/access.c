/* What the other modules read from the genome: Tc training rows (learn), the electron-phonon parameters of a
 * composition (predict, design), stored alpha^2F spectra (supercon). Tc lookups are in tc.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

static void copy_out(char *dst, size_t n, const unsigned char *src)
{
    if (dst && n > 0) snprintf(dst, n, "%s", src ? (const char *)src : "");
}

/* One row of a statement into *row: LMDS_OK and *keep = 1 to keep it, *keep = 0 to skip it. */
typedef lmds_status (*tc_row_fill)(sqlite3_stmt *s, lmds_genome_tc_row *row, int *keep);

/* Runs the prepared statement s (bound to dataset as ?1 when given) and collects its rows through fill into a
 * growing array. Finalises s. On success *rows (owned by the caller, lmds_genome_tc_rows_free) and *n. */
static lmds_status tc_rows_collect(lmds_genome *g, sqlite3_stmt *s, const char *dataset, const char *what,
                                   tc_row_fill fill, lmds_genome_tc_row **rows, size_t *n)
{
    if (dataset) sqlite3_bind_text(s, 1, dataset, -1, SQLITE_TRANSIENT);
    size_t cap = 256, k = 0;
    lmds_genome_tc_row *r = malloc(cap * sizeof *r);
    lmds_status st = r ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
    int rc = SQLITE_DONE;
    while (st == LMDS_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == cap) {
            lmds_genome_tc_row *r2 = realloc(r, 2 * cap * sizeof *r);
            if (!r2) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            r = r2;
            cap *= 2;
        }
        memset(&r[k], 0, sizeof r[k]);
        int keep = 0;
        st = fill(s, &r[k], &keep);
        if (keep) k++;
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, what);
    sqlite3_finalize(s);
    if (st != LMDS_OK) {
        free(r);
        return st;
    }
    *rows = r;
    *n = k;
    return LMDS_OK;
}

static lmds_status tc_row_from_value(sqlite3_stmt *s, lmds_genome_tc_row *row, int *keep)
{
    const char *f = (const char *)sqlite3_column_text(s, 0);
    if (lmds_comp_parse(f, NULL, &row->comp) != LMDS_OK)
        return lmds_error(LMDS_EDB, "stored formula '%s' does not parse: %s", f, lmds_errmsg());
    snprintf(row->formula, sizeof row->formula, "%s", f);
    row->tc_K = sqlite3_column_double(s, 1);
    copy_out(row->dataset, sizeof row->dataset, sqlite3_column_text(s, 2));
    row->line = (long)sqlite3_column_int64(s, 3);
    row->value_id = (long)sqlite3_column_int64(s, 4);
    copy_out(row->raw_formula, sizeof row->raw_formula, sqlite3_column_text(s, 5));
    *keep = 1;
    return LMDS_OK;
}

lmds_status lmds_genome_tc_rows(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n)
{
    if (rows) *rows = NULL;
    if (n) *n = 0;
    if (!g || !rows || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_rows: NULL argument");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT m.formula, CASE WHEN v.relation = 'none' THEN 0.0 ELSE v.value END, src.dataset,"
                           " v.source_line, v.id,"
                           /* As written: the row's own text (schema 3), else for files imported before it the
                            * material's alias from that source when there is only one, else the formula. */
                           " coalesce(v.as_written, (SELECT a.alias FROM material_alias a WHERE"
                           "  a.material_id = v.material_id AND a.source_id = v.source_id AND (SELECT count(*)"
                           "  FROM material_alias b WHERE b.material_id = v.material_id AND b.source_id = v.source_id)"
                           "  = 1), m.formula) FROM value v JOIN material m ON m.id = v.material_id JOIN source src"
                           " ON src.id = v.source_id WHERE v.property = 'tc' AND m.formula IS NOT NULL AND"
                           " (v.relation IN ('=','range') OR v.value_type = 'not_reported')"
                           " AND (?1 IS NULL OR src.dataset = ?1) ORDER BY v.id",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "tc rows");
    return tc_rows_collect(g, s, dataset, "tc rows", tc_row_from_value, rows, n);
}

void lmds_genome_tc_rows_free(lmds_genome_tc_row *rows) { free(rows); }

/* The reject table keeps a lenient import's row as its cells joined by ','; a SuperCon list row is "name,Tc", so
 * the text splits at its only comma. Rows of other tables (more cells) are not Tc rows and are skipped. */
static lmds_status tc_row_from_reject(sqlite3_stmt *s, lmds_genome_tc_row *row, int *keep)
{
    const char *text = (const char *)sqlite3_column_text(s, 0);
    const char *comma = text ? strchr(text, ',') : NULL;
    if (!comma || strchr(comma + 1, ',')) return LMDS_OK;
    size_t len = (size_t)(comma - text);
    if (len >= sizeof row->raw_formula) len = sizeof row->raw_formula - 1;
    memcpy(row->raw_formula, text, len);
    row->raw_formula[len] = '\0';
    char *end;
    double tc = strtod(comma + 1, &end);
    row->tc_K = end != comma + 1 && *end == '\0' && isfinite(tc) ? tc : NAN;
    copy_out(row->dataset, sizeof row->dataset, sqlite3_column_text(s, 1));
    row->line = (long)sqlite3_column_int64(s, 2);
    *keep = 1;
    return LMDS_OK;
}

lmds_status lmds_genome_tc_rejects(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n)
{
    if (rows) *rows = NULL;
    if (n) *n = 0;
    if (!g || !rows || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_rejects: NULL argument");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT r.text, src.dataset, r.line FROM reject r JOIN source src ON src.id = r.source_id"
                           " WHERE src.kind = 'superconductors' AND (?1 IS NULL OR src.dataset = ?1)"
                           " ORDER BY r.source_id, r.line",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "tc rejects");
    return tc_rows_collect(g, s, dataset, "tc rejects", tc_row_from_reject, rows, n);
}

static lmds_status reduced(const lmds_comp *comp, char *formula, size_t n)
{
    if (!comp || comp->n <= 0) return lmds_error(LMDS_EINVAL, "no composition");
    return lmds_comp_formula(comp, formula, n);
}

lmds_status lmds_genome_find_coupling(lmds_genome *g, const lmds_comp *comp, double *lambda, double *omega_log_K,
                                      double *mu_star, char *reference, size_t nref)
{
    if (!g || !lambda || !omega_log_K || !mu_star) return lmds_error(LMDS_EINVAL, "lmds_genome_find_coupling: NULL argument");
    char formula[256];
    lmds_status st = reduced(comp, formula, sizeof formula);
    if (st != LMDS_OK) return st;
    sqlite3_stmt *s = NULL;
    /* lambda and omega_log from the same source row, so the pair is consistent. */
    if (sqlite3_prepare_v2(g->db,
                           "SELECT l.value, o.value, (SELECT mu.value FROM value mu WHERE mu.source_id = l.source_id"
                           " AND mu.source_line = l.source_line AND mu.material_id = l.material_id AND"
                           " mu.property = 'mu_star') AS mu, r.citation FROM value l JOIN value o ON"
                           " o.source_id = l.source_id AND o.source_line = l.source_line AND"
                           " o.material_id = l.material_id AND o.property = 'omega_log' AND o.unit = 'K'"
                           " JOIN material m ON m.id = l.material_id JOIN reference r ON r.id = l.reference_id"
                           " WHERE l.property = 'lambda' AND m.formula = ? AND l.value IS NOT NULL AND o.value > 0"
                           " ORDER BY l.value_type != 'measured', mu IS NULL, l.id LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "find coupling");
    sqlite3_bind_text(s, 1, formula, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *lambda = sqlite3_column_double(s, 0);
        *omega_log_K = sqlite3_column_double(s, 1);
        *mu_star = sqlite3_column_type(s, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 2);
        copy_out(reference, nref, sqlite3_column_text(s, 3));
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return LMDS_OK;
    if (rc != SQLITE_DONE) return genome_sqlerr(g, "find coupling");
    return lmds_error(LMDS_ENOTFOUND, "no electron-phonon parameters (lambda with omega_log) for %s in the genome",
                      formula);
}

lmds_status lmds_genome_find_a2f(lmds_genome *g, const lmds_comp *comp, double **omega_meV, double **a2f, size_t *n,
                                 char *reference, size_t nref)
{
    if (!g || !omega_meV || !a2f || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_find_a2f: NULL argument");
    *omega_meV = *a2f = NULL;
    *n = 0;
    char formula[256];
    lmds_status st = reduced(comp, formula, sizeof formula);
    if (st != LMDS_OK) return st;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT sp.n, sp.omega_meV, sp.value, r.citation FROM spectrum sp JOIN material m ON"
                           " m.id = sp.material_id JOIN reference r ON r.id = sp.reference_id WHERE m.formula = ?"
                           " AND sp.kind = 'a2F' ORDER BY sp.id LIMIT 1", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "find a2F");
    sqlite3_bind_text(s, 1, formula, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        size_t k = (size_t)sqlite3_column_int64(s, 0);
        const void *w = sqlite3_column_blob(s, 1);
        size_t nw = (size_t)sqlite3_column_bytes(s, 1);
        const void *a = sqlite3_column_blob(s, 2);
        size_t na = (size_t)sqlite3_column_bytes(s, 2);
        if (nw != k * sizeof(double) || na != k * sizeof(double)) {
            sqlite3_finalize(s);
            return lmds_error(LMDS_EDB, "stored spectrum of %s is damaged (%zu points, %zu/%zu bytes)", formula, k, nw, na);
        }
        *omega_meV = malloc(nw);
        *a2f = malloc(na);
        if (!*omega_meV || !*a2f) {
            free(*omega_meV);
            free(*a2f);
            *omega_meV = *a2f = NULL;
            sqlite3_finalize(s);
            return lmds_error(LMDS_ENOMEM, "out of memory");
        }
        memcpy(*omega_meV, w, nw);
        memcpy(*a2f, a, na);
        *n = k;
        copy_out(reference, nref, sqlite3_column_text(s, 3));
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return LMDS_OK;
    if (rc != SQLITE_DONE) return genome_sqlerr(g, "find a2F");
    return lmds_error(LMDS_ENOTFOUND, "no alpha2F spectrum for %s in the genome", formula);
}
