/* Tc lookups: the best value for a composition under stated conditions (form, polymorph, pressure window), and
 * every measured Tc row of a chemical system for building Tc(x) per phase.
 *
 * The default is the ambient stable polymorph in bulk: rows with a caveat (averaged over polymorphs or pressures,
 * metastable, film, irradiated, mislabelled, duplicate, interface effect) and amorphous samples are left out unless
 * asked for. A value is taken only from a row whose pressure lies within the window around the pressure asked;
 * a row without a pressure counts as ambient, except rows known to be measured under an unstated pressure, which
 * no window can place. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

/* The columns both lookups read, in this order (fill_value). */
#define TC_COLUMNS                                                                                              \
    "v.id, v.value, v.value_lo, v.value_hi, v.relation, v.pressure_GPa, v.form, v.form_detail, v.criterion,"   \
    " v.value_type, v.caveat, src.dataset, r.citation, coalesce(s.label, m.formula), s.phase, s.polymorph,"    \
    " coalesce(s.space_group, s.prototype), v.source_line, m.formula, m.system"
#define TC_FROM                                                                                                 \
    " FROM value v JOIN material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id"    \
    " JOIN reference r ON r.id = v.reference_id JOIN source src ON src.id = v.source_id"

void lmds_genome_tc_query_init(lmds_genome_tc_query *q)
{
    if (!q) return;
    memset(q, 0, sizeof *q);
    q->window_GPa = NAN;
}

static void text_col(char *dst, size_t n, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static double num_col(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static void fill_value(sqlite3_stmt *s, lmds_genome_tc_value *o)
{
    memset(o, 0, sizeof *o);
    o->value_id = sqlite3_column_int64(s, 0);
    o->user = o->value_id >= GENOME_USER_ID_BASE;
    text_col(o->relation, sizeof o->relation, s, 4);
    int bound = strcmp(o->relation, "<") == 0 || strcmp(o->relation, ">") == 0;
    o->tc_K = bound ? NAN : num_col(s, 1);
    o->tc_lo_K = num_col(s, 2);
    o->tc_hi_K = num_col(s, 3);
    o->P_stated = sqlite3_column_type(s, 5) != SQLITE_NULL;
    o->P_GPa = o->P_stated ? sqlite3_column_double(s, 5) : 0.0;
    text_col(o->form, sizeof o->form, s, 6);
    text_col(o->form_detail, sizeof o->form_detail, s, 7);
    text_col(o->criterion, sizeof o->criterion, s, 8);
    text_col(o->value_type, sizeof o->value_type, s, 9);
    text_col(o->caveat, sizeof o->caveat, s, 10);
    text_col(o->dataset, sizeof o->dataset, s, 11);
    text_col(o->reference, sizeof o->reference, s, 12);
    text_col(o->material, sizeof o->material, s, 13);
    text_col(o->phase, sizeof o->phase, s, 14);
    text_col(o->polymorph, sizeof o->polymorph, s, 15);
    text_col(o->structure, sizeof o->structure, s, 16);
    o->line = (long)sqlite3_column_int64(s, 17);
    text_col(o->formula, sizeof o->formula, s, 18);
    text_col(o->system, sizeof o->system, s, 19);
    if (o->formula[0] && lmds_comp_parse(o->formula, NULL, &o->comp) != LMDS_OK) {
        memset(&o->comp, 0, sizeof o->comp);
        lmds_error_clear();
    }
}

/* Candidates: ?1 formula, ?2 form category (NULL = any; bulk also takes rows without a form, as SuperCon lists
 * give none), ?3 pressure, ?4 window, ?5 include caveats, ?6 polymorph (NULL = ambient stable), ?7 state
 * amorphous allowed. Ranking: nearest pressure, clean before caveat, plain form, measured/textbook before
 * calculated, curated, tc_reference, user rows, lists, first imported. */
static const char LOOKUP_SQL[] =
    "SELECT " TC_COLUMNS TC_FROM
    " WHERE m.formula = ?1 AND v.property = 'tc' AND v.relation IN ('=','range')"
    " AND (?2 IS NULL OR v.form = ?2 OR (?2 = 'bulk' AND v.form IS NULL))"
    " AND NOT (v.pressure_GPa IS NULL AND v.caveat IS 'pressure')"
    " AND abs(coalesce(v.pressure_GPa, 0) - ?3) <= ?4"
    " AND (CASE WHEN ?6 IS NULL THEN (?5 OR v.caveat IS NULL) AND (?7 OR s.state IS NULL OR s.state != 'amorphous')"
    "  ELSE (lower(s.polymorph) = lower(?6) OR lower(s.polymorph) LIKE lower(?6) || '-%'"
    "  OR lower(s.phase) = lower(?6) OR lower(s.state) = lower(?6))"
    "  AND (?5 OR v.caveat IS NULL OR v.caveat IN ('metastable', 'pressure')) END)"
    " ORDER BY abs(coalesce(v.pressure_GPa, 0) - ?3), v.caveat IS NOT NULL,"
    " CASE WHEN v.form_detail = v.form THEN 0 WHEN v.form IS NOT NULL THEN 1 ELSE 2 END,"
    " CASE v.value_type WHEN 'measured' THEN 0 WHEN 'textbook' THEN 0 ELSE 1 END,"
    " CASE WHEN src.dataset = 'curated' THEN 0 WHEN src.dataset = 'tc_reference' THEN 1"
    "  WHEN v.id >= " GENOME_USER_ID_BASE_SQL " THEN 2 ELSE 3 END, v.id LIMIT 1";

lmds_status lmds_genome_tc_lookup(lmds_genome *g, const lmds_comp *comp, const lmds_genome_tc_query *q,
                                  lmds_genome_tc_value *out)
{
    if (!g || !comp || !out) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_lookup: NULL argument");
    lmds_genome_tc_query def;
    lmds_genome_tc_query_init(&def);
    if (!q) q = &def;
    if (!isfinite(q->P_GPa) || q->P_GPa < 0)
        return lmds_error(LMDS_EINVAL, "Tc lookup: pressure %g GPa is not a non-negative number", q->P_GPa);
    if (!isnan(q->window_GPa) && !(q->window_GPa >= 0 && isfinite(q->window_GPa)))
        return lmds_error(LMDS_EINVAL, "Tc lookup: pressure window %g GPa is not a non-negative number", q->window_GPa);
    char formula[256];
    if (comp->n <= 0) return lmds_error(LMDS_EINVAL, "Tc lookup: no composition");
    lmds_status st = lmds_comp_formula(comp, formula, sizeof formula);
    if (st != LMDS_OK) return st;
    /* Default window: 0.1 GPa (the spread of "ambient" and of piston-cylinder gauges) or 5 % of P (ruby gauge
     * calibration in diamond-anvil cells), whichever is larger. */
    double w = isnan(q->window_GPa) ? fmax(0.1, 0.05 * q->P_GPa) : q->window_GPa;
    const char *form = !q->form ? "bulk" : strcmp(q->form, "any") == 0 ? NULL : q->form;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, LOOKUP_SQL, -1, &s, NULL) != SQLITE_OK) return genome_sqlerr(g, "Tc lookup");
    sqlite3_bind_text(s, 1, formula, -1, SQLITE_TRANSIENT);
    if (form) sqlite3_bind_text(s, 2, form, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, q->P_GPa);
    sqlite3_bind_double(s, 4, w);
    sqlite3_bind_int(s, 5, q->include_caveats != 0);
    if (q->polymorph) sqlite3_bind_text(s, 6, q->polymorph, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, form && strcmp(form, "amorphous") == 0);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) fill_value(s, out);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return LMDS_OK;
    if (rc != SQLITE_DONE) return genome_sqlerr(g, "Tc lookup");
    return lmds_error(LMDS_ENOTFOUND, "no measured Tc for %s%s%s%s%s within %.3g GPa of %.3g GPa in the genome",
                      formula, form ? " in " : "", form ? form : "", q->polymorph ? ", polymorph " : "",
                      q->polymorph ? q->polymorph : "", w, q->P_GPa);
}

lmds_status lmds_genome_find_tc(lmds_genome *g, const lmds_comp *comp, const char *form, double P_GPa,
                                double *tc_K, char *reference, size_t nref, char *material_name, size_t nname)
{
    if (!g || !tc_K) return lmds_error(LMDS_EINVAL, "lmds_genome_find_tc: NULL argument");
    lmds_genome_tc_query q;
    lmds_genome_tc_query_init(&q);
    q.form = form ? form : "any";
    q.P_GPa = isfinite(P_GPa) ? P_GPa : 0;
    lmds_genome_tc_value *v = malloc(sizeof *v);
    if (!v) return lmds_error(LMDS_ENOMEM, "out of memory");
    lmds_status st = lmds_genome_tc_lookup(g, comp, &q, v);
    if (st == LMDS_OK) {
        *tc_K = v->tc_K;
        if (reference && nref) snprintf(reference, nref, "%s", v->reference);
        if (material_name && nname) snprintf(material_name, nname, "%s", v->material);
    }
    free(v);
    return st;
}

lmds_status lmds_genome_tc_system(lmds_genome *g, const char *elements, int subsystems, lmds_genome_tc_value **rows,
                                  size_t *n)
{
    if (!g || !elements || !rows || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_system: NULL argument");
    *rows = NULL;
    *n = 0;
    char sys[256];
    lmds_status st = genome_system_normalize(elements, sys, sizeof sys);
    if (st != LMDS_OK) return st;
    /* Subsystems: every element of the material is one of the system's ('-' delimited membership). */
    const char *sql = subsystems
        ? "SELECT " TC_COLUMNS TC_FROM " WHERE v.property = 'tc' AND v.value_type IN ('measured', 'textbook')"
          " AND v.relation IN ('=', 'range', '<', '>') AND NOT EXISTS (SELECT 1 FROM material_element e WHERE"
          " e.material_id = m.id AND instr('-' || ?1 || '-', '-' || e.symbol || '-') = 0)"
          " ORDER BY m.formula IS NULL, m.formula, s.phase, v.pressure_GPa, v.id"
        : "SELECT " TC_COLUMNS TC_FROM " WHERE v.property = 'tc' AND v.value_type IN ('measured', 'textbook')"
          " AND v.relation IN ('=', 'range', '<', '>') AND m.system = ?1"
          " ORDER BY m.formula IS NULL, m.formula, s.phase, v.pressure_GPa, v.id";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db, sql, -1, &s, NULL) != SQLITE_OK) return genome_sqlerr(g, "Tc rows of a system");
    sqlite3_bind_text(s, 1, sys, -1, SQLITE_TRANSIENT);
    size_t cap = 0, k = 0;
    lmds_genome_tc_value *r = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == cap) {
            lmds_genome_tc_value *r2 = realloc(r, (cap = cap ? 2 * cap : 64) * sizeof *r2);
            if (!r2) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            r = r2;
        }
        fill_value(s, &r[k++]);
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, "Tc rows of a system");
    sqlite3_finalize(s);
    if (st != LMDS_OK || k == 0) {
        free(r);
        return st;
    }
    *rows = r;
    *n = k;
    return LMDS_OK;
}

void lmds_genome_tc_values_free(lmds_genome_tc_value *rows) { free(rows); }
