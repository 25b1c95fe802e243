/* What the other modules read from the genome: Tc training rows (learn), the best measured Tc and the
 * electron-phonon parameters of a composition (predict, design), stored alpha^2F spectra (supercon). */
#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "genome_internal.h"

static void copy_out(char *dst, size_t n, const unsigned char *src)
{
    if (dst && n > 0) snprintf(dst, n, "%s", src ? (const char *)src : "");
}

lmds_status lmds_genome_tc_rows(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n)
{
    if (rows) *rows = NULL;
    if (n) *n = 0;
    if (!g || !rows || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_rows: NULL argument");
    *rows = NULL;
    *n = 0;
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
    if (dataset) sqlite3_bind_text(s, 1, dataset, -1, SQLITE_TRANSIENT);
    size_t cap = 1024, k = 0;
    lmds_genome_tc_row *r = malloc(cap * sizeof *r);
    lmds_status st = LMDS_OK;
    int rc;
    if (!r) {
        sqlite3_finalize(s);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == cap) {
            lmds_genome_tc_row *r2 = realloc(r, 2 * cap * sizeof *r);
            if (!r2) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            r = r2;
            cap *= 2;
        }
        lmds_genome_tc_row *row = &r[k];
        memset(row, 0, sizeof *row);
        const char *f = (const char *)sqlite3_column_text(s, 0);
        if (lmds_comp_parse(f, NULL, &row->comp) != LMDS_OK) {
            st = lmds_error(LMDS_EDB, "stored formula '%s' does not parse: %s", f, lmds_errmsg());
            break;
        }
        snprintf(row->formula, sizeof row->formula, "%s", f);
        row->tc_K = sqlite3_column_double(s, 1);
        copy_out(row->dataset, sizeof row->dataset, sqlite3_column_text(s, 2));
        row->line = (long)sqlite3_column_int64(s, 3);
        row->value_id = (long)sqlite3_column_int64(s, 4);
        copy_out(row->raw_formula, sizeof row->raw_formula, sqlite3_column_text(s, 5));
        k++;
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, "tc rows");
    sqlite3_finalize(s);
    if (st != LMDS_OK) {
        free(r);
        return st;
    }
    *rows = r;
    *n = k;
    return LMDS_OK;
}

void lmds_genome_tc_rows_free(lmds_genome_tc_row *rows) { free(rows); }

/* The reject table keeps a lenient import's row as its cells joined by ','; a SuperCon list row is "name,Tc", so
 * the text splits at its only comma. Rows of other tables (more cells) are not Tc rows and are skipped. */
lmds_status lmds_genome_tc_rejects(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n)
{
    if (rows) *rows = NULL;
    if (n) *n = 0;
    if (!g || !rows || !n) return lmds_error(LMDS_EINVAL, "lmds_genome_tc_rejects: NULL argument");
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT r.text, src.dataset, r.line FROM reject r JOIN source src ON src.id = r.source_id"
                           " WHERE src.kind = 'superconductors' AND (?1 IS NULL OR src.dataset = ?1)"
                           " ORDER BY r.source_id, r.line",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "tc rejects");
    if (dataset) sqlite3_bind_text(s, 1, dataset, -1, SQLITE_TRANSIENT);
    size_t cap = 64, k = 0;
    lmds_genome_tc_row *r = malloc(cap * sizeof *r);
    lmds_status st = LMDS_OK;
    int rc;
    if (!r) {
        sqlite3_finalize(s);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 0);
        const char *comma = text ? strchr(text, ',') : NULL;
        if (!comma || strchr(comma + 1, ',')) continue;
        if (k == cap) {
            lmds_genome_tc_row *r2 = realloc(r, 2 * cap * sizeof *r);
            if (!r2) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            r = r2;
            cap *= 2;
        }
        lmds_genome_tc_row *row = &r[k++];
        memset(row, 0, sizeof *row);
        size_t len = (size_t)(comma - text);
        if (len >= sizeof row->raw_formula) len = sizeof row->raw_formula - 1;
        memcpy(row->raw_formula, text, len);
        row->raw_formula[len] = '\0';
        char *end;
        double tc = strtod(comma + 1, &end);
        row->tc_K = end != comma + 1 && *end == '\0' && isfinite(tc) ? tc : NAN;
        copy_out(row->dataset, sizeof row->dataset, sqlite3_column_text(s, 1));
        row->line = (long)sqlite3_column_int64(s, 2);
    }
    if (st == LMDS_OK && rc != SQLITE_DONE) st = genome_sqlerr(g, "tc rejects");
    sqlite3_finalize(s);
    if (st != LMDS_OK) {
        free(r);
        return st;
    }
    *rows = r;
    *n = k;
    return LMDS_OK;
}

static lmds_status reduced(const lmds_comp *comp, char *formula, size_t n)
{
    if (!comp || comp->n <= 0) return lmds_error(LMDS_EINVAL, "no composition");
    return lmds_comp_formula(comp, formula, n);
}

lmds_status lmds_genome_find_tc(lmds_genome *g, const lmds_comp *comp, const char *form, double P_GPa,
                                double *tc_K, char *reference, size_t nref, char *material_name, size_t nname)
{
    if (!g || !tc_K) return lmds_error(LMDS_EINVAL, "lmds_genome_find_tc: NULL argument");
    char formula[256];
    lmds_status st = reduced(comp, formula, sizeof formula);
    if (st != LMDS_OK) return st;
    if (!isfinite(P_GPa)) P_GPa = 0;
    /* Ranking: nearest pressure (unknown pressure counts as ambient unless the route says "pressure"), then the
     * plain form ("bulk" before "bulk (granular)"), measured/textbook before calculated, curated before lists. */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT v.value, r.citation, coalesce(s.label, m.formula) FROM value v"
                           " JOIN material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id"
                           " JOIN reference r ON r.id = v.reference_id JOIN source src ON src.id = v.source_id"
                           " WHERE m.formula = ?1 AND v.property = 'tc' AND v.relation IN ('=','range')"
                           " AND (?2 IS NULL OR v.form = ?2 OR v.form IS NULL)"
                           " ORDER BY CASE WHEN v.pressure_GPa IS NOT NULL THEN abs(v.pressure_GPa - ?3)"
                           "  WHEN v.form_detail LIKE '%pressure%' THEN 1e6 ELSE abs(?3) END,"
                           " CASE WHEN ?2 IS NOT NULL AND v.form_detail = ?2 THEN 0 WHEN v.form IS NOT NULL THEN 1"
                           "  ELSE 2 END,"
                           " CASE v.value_type WHEN 'measured' THEN 0 WHEN 'textbook' THEN 0 ELSE 1 END,"
                           " CASE src.dataset WHEN 'curated' THEN 0 WHEN 'tc_reference' THEN 1 ELSE 2 END, v.id"
                           " LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(g, "find tc");
    sqlite3_bind_text(s, 1, formula, -1, SQLITE_TRANSIENT);
    if (form) sqlite3_bind_text(s, 2, form, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, 2);
    sqlite3_bind_double(s, 3, P_GPa);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *tc_K = sqlite3_column_double(s, 0);
        copy_out(reference, nref, sqlite3_column_text(s, 1));
        copy_out(material_name, nname, sqlite3_column_text(s, 2));
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return LMDS_OK;
    if (rc != SQLITE_DONE) return genome_sqlerr(g, "find tc");
    return lmds_error(LMDS_ENOTFOUND, "no measured Tc for %s%s%s in the genome", formula, form ? " as " : "",
                      form ? form : "");
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

/* ---- building the embedded genome ---- */

typedef struct build_source {
    const char *file; /* relative to the data folder */
    lmds_genome_kind kind;
    const char *dataset;
    int lenient;
} build_source;

static const build_source SOURCES[] = {
    {"genome/lmds_superconductors.csv", LMDS_GENOME_SUPERCONDUCTORS, "curated", 0},
    {"genome/tc_reference.csv", LMDS_GENOME_SUPERCONDUCTORS, "tc_reference", 0},
    {"genome/supercon_stanev2018.csv", LMDS_GENOME_SUPERCONDUCTORS, "stanev2018", 1},
    {"genome/thermo_experimental_binaries.csv", LMDS_GENOME_THERMO, "thermo_experimental", 0},
    {"genome/thermo_reference_calphad.csv", LMDS_GENOME_THERMO, "thermo_calphad", 0},
    {"pressure/eos_and_slopes.csv", LMDS_GENOME_GROUND_STATE, "eos_slopes", 0},
    {"pressure/tunnel_materials.csv", LMDS_GENOME_GROUND_STATE, "tunnel_materials", 0},
    {"supercon/debye_temperatures.csv", LMDS_GENOME_GROUND_STATE, "debye_kittel", 0},
};

static const char *kind_label(lmds_genome_kind k)
{
    return k == LMDS_GENOME_THERMO ? "thermo" : k == LMDS_GENOME_GROUND_STATE ? "ground_state" : "superconductors";
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static lmds_status add_summary(lmds_genome_rows *sum, const char *what, const char *kind,
                               const lmds_genome_import_report *rep, const char *status)
{
    char rows[32], ins[32], dup[32], rej[32];
    snprintf(rows, sizeof rows, "%zu", rep->rows);
    snprintf(ins, sizeof ins, "%zu", rep->inserted);
    snprintf(dup, sizeof dup, "%zu", rep->duplicates);
    snprintf(rej, sizeof rej, "%zu", rep->rejected);
    const char *c[7] = {what, kind, rows, ins, dup, rej, status};
    return genome_rows_add(sum, c);
}

lmds_status lmds_genome_build(const char *path, const char *data_dir, lmds_genome_rows **summary)
{
    if (summary) *summary = NULL;
    return lmds_genome_build_tdb(path, data_dir, NULL, NULL, 0, summary);
}

lmds_status lmds_genome_build_tdb(const char *path, const char *data_dir, const char *tdb_path,
                                  const lmds_genome_interaction *rows, size_t nrows, lmds_genome_rows **summary)
{
    if (summary) *summary = NULL;
    static const char *cols[] = {"dataset", "kind", "rows", "inserted", "duplicates", "rejected", "status"};
    if (!path) path = lmds_genome_default_path();
    if (!data_dir) data_dir = lmds_data_dir();
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16), *side = malloc(plen + 16);
    lmds_genome_rows *sum = genome_rows_new(7, cols);
    lmds_genome *g = NULL;
    lmds_status st = LMDS_OK;
    if (!tmp || !side || !sum) {
        st = lmds_error(LMDS_ENOMEM, "out of memory");
        goto out;
    }
    /* Build beside the target and rename, so readers never see a half-built genome. */
    snprintf(tmp, plen + 16, "%s.tmp", path);
    static const char *ext[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(side, plen + 16, "%s%s", tmp, ext[i]);
        unlink(side);
    }
    if ((st = lmds_genome_open(tmp, 0, &g)) != LMDS_OK) goto out;
    genome_exec(g, "PRAGMA synchronous=OFF");
    char file[4096];
    for (size_t i = 0; i < sizeof SOURCES / sizeof SOURCES[0]; i++) {
        const build_source *b = &SOURCES[i];
        lmds_genome_import_report rep;
        memset(&rep, 0, sizeof rep);
        snprintf(file, sizeof file, "%s/%s", data_dir, b->file);
        if (access(file, R_OK) != 0) {
            lmds_warn("genome build: %s not found, skipped", file);
            add_summary(sum, b->dataset, kind_label(b->kind), &rep, "missing");
            continue;
        }
        lmds_genome_import_opts o = {0};
        o.dataset = b->dataset;
        o.keep_rejects = b->lenient;
        if ((st = lmds_genome_import(g, file, b->kind, &o, &rep)) != LMDS_OK) goto out;
        add_summary(sum, b->dataset, kind_label(b->kind), &rep, "ok");
    }
    {
        lmds_genome_import_report rep;
        if ((st = lmds_genome_import(g, NULL, LMDS_GENOME_ELEMENTS, NULL, &rep)) != LMDS_OK) goto out;
        add_summary(sum, "elements", "elements", &rep, "ok");
    }
    /* Spectra: Elk ALPHA2F.OUT files the superconductivity module keeps under data/spectra/. */
    snprintf(file, sizeof file, "%s/spectra", data_dir);
    DIR *d = opendir(file);
    if (d) {
        char *names[256];
        int nn = 0;
        struct dirent *e;
        while ((e = readdir(d)) && nn < 256)
            if (strstr(e->d_name, "ALPHA2F.OUT")) names[nn++] = strdup(e->d_name);
        closedir(d);
        qsort(names, (size_t)nn, sizeof names[0], cmp_str);
        for (int i = 0; i < nn; i++) {
            lmds_genome_import_report rep;
            lmds_genome_import_opts o = {0};
            o.dataset = "spectra";
            snprintf(file, sizeof file, "%s/spectra/%s", data_dir, names[i] ? names[i] : "");
            if (st == LMDS_OK && names[i]) {
                st = lmds_genome_import(g, file, LMDS_GENOME_SPECTRA, &o, &rep);
                if (st == LMDS_OK) add_summary(sum, names[i], "spectra", &rep, "ok");
            }
            free(names[i]);
        }
        if (st != LMDS_OK) goto out;
    } else
        lmds_warn("genome build: no %s folder, no spectra loaded", file);
    /* Redlich-Kister parameters of the thermodynamic database (read by the caller through the thermo API). */
    if (tdb_path) {
        lmds_genome_import_report rep;
        if ((st = lmds_genome_import_interactions(g, tdb_path, rows, nrows, &rep)) != LMDS_OK) goto out;
        add_summary(sum, rep.dataset, "tdb_interactions", &rep, "ok");
    }
    if ((st = genome_exec(g, "PRAGMA journal_mode=DELETE")) != LMDS_OK) goto out;
    if ((st = genome_exec(g, "ANALYZE")) != LMDS_OK) goto out;
    lmds_genome_close(g);
    g = NULL;
    /* A stale WAL beside the old file must not be replayed into the new one. */
    for (int i = 1; i < 4; i++) {
        snprintf(side, plen + 16, "%s%s", path, ext[i]);
        unlink(side);
    }
    if (rename(tmp, path) != 0) {
        st = lmds_error(LMDS_EIO, "cannot rename %s to %s", tmp, path);
        goto out;
    }
out:
    lmds_genome_close(g);
    if (st != LMDS_OK && tmp) unlink(tmp);
    free(tmp);
    free(side);
    if (st == LMDS_OK && summary) *summary = sum;
    else lmds_genome_rows_free(sum);
    return st;
}
