/* lmds genome: the SQLite materials store that unifies the five kinds of data of liquid-metal-derived
 * superconductors -- composition, structure/state, ground-state quantities, interaction parameters and
 * macroscopic properties -- with the route/conditions of every measurement and its provenance.
 *
 * Data conventions (see docs/genome.md for the schema):
 *  - one `material` per reduced formula (OPTIMADE convention, "Ga3In"), or per chemical system when the source
 *    gives no exact composition (formula NULL, e.g. "Ga-Ag eutectic in a porous template");
 *  - every number is a row of `value` with its property name, unit, relation ('=', '<', '>', 'range', 'none'),
 *    bounds (value_lo, value_hi), conditions (form, pressure in GPa, criterion, method) and provenance (reference,
 *    value type, source file and line, producer, date). Negative results are rows too: "not superconducting down
 *    to 1.5 K" is property 'tc' with value NULL, relation '<' and value_hi 1.5;
 *  - temperatures in K, pressures in GPa, spectral frequencies in meV, energies in meV unless a unit says so.
 *
 * Thread safety: an lmds_genome handle is used by one thread at a time; open one handle per thread (SQLite's
 * WAL mode lets any number of readers run while one writer writes). Several processes may open the same file.
 * Errors: functions return lmds_status; LMDS_EDB for SQLite failures and schema version mismatches, with the
 * message in lmds_errmsg(). */
#ifndef LMDS_GENOME_H
#define LMDS_GENOME_H

#include <stddef.h>
#include "core.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library reads and writes (PRAGMA user_version of the file). */
#define LMDS_GENOME_SCHEMA_VERSION 3

typedef struct lmds_genome lmds_genome;

/* The default genome file: the environment variable LMDS_DB when set and non-empty, else
 * lmds_data_path("genome.sqlite"). Returns a static string (thread-local buffer). */
LMDS_API const char *lmds_genome_default_path(void);

/* Open (and, unless readonly, create or migrate) a genome file. path NULL = lmds_genome_default_path().
 * A file whose schema is newer than LMDS_GENOME_SCHEMA_VERSION is refused with LMDS_EDB ("written by a newer
 * lmds"); an older one is migrated when opened read-write and refused read-only. Read-write handles use WAL
 * mode and a 5 s busy timeout. On success *out owns the handle (close with lmds_genome_close). */
LMDS_API lmds_status lmds_genome_open(const char *path, int readonly, lmds_genome **out);
LMDS_API void lmds_genome_close(lmds_genome *g); /* accepts NULL */
/* The file a handle has open (owned by the handle). */
LMDS_API const char *lmds_genome_path(const lmds_genome *g);
/* The schema version stored in the file (after migration). */
LMDS_API int lmds_genome_schema_version(const lmds_genome *g);

/* ---- Tabular results (query, show, stats, check): a grid of strings, NULL cells for SQL NULL. ---- */
typedef struct lmds_genome_rows {
    int ncols;
    size_t nrows;
    char **cols;  /* ncols column names */
    char **cells; /* nrows * ncols, row-major; NULL = no value */
} lmds_genome_rows;
LMDS_API void lmds_genome_rows_free(lmds_genome_rows *r); /* accepts NULL */
/* Cell (row i, column name); NULL when absent or NULL. */
LMDS_API const char *lmds_genome_rows_get(const lmds_genome_rows *r, size_t i, const char *col);

/* ---- Import ---- */
typedef enum lmds_genome_kind {
    LMDS_GENOME_SUPERCONDUCTORS = 0, /* Tc tables: curated (material,composition,form,...), SuperCon/Stanev
                                        (name,Tc) or interaction tables (material,lambda,omega_log_K,...) */
    LMDS_GENOME_THERMO,              /* phase-diagram points (system,composition_at,...,quantity,value_C,...) */
    LMDS_GENOME_SPECTRA,             /* alpha^2F: Elk ALPHA2F.OUT (hartree) or two columns omega(meV) a2F */
    LMDS_GENOME_ELEMENTS,            /* element properties: the library's table (path NULL) or a CSV/JSON with
                                        a `symbol` column, numeric columns and a `source` column */
    LMDS_GENOME_GROUND_STATE         /* per-material quantities with a source per row: element|material[,phase],
                                        V0_A3[_per_atom], B0_GPa, B0_prime|B0p, theta_D_K, dTc_dP_K_per_GPa,
                                        gamma_G, source (EOS from a PBE source is 'calculated') */
} lmds_genome_kind;
LMDS_API lmds_status lmds_genome_kind_parse(const char *name, lmds_genome_kind *kind);

typedef struct lmds_genome_import_opts {
    const char *dataset;   /* dataset name stored with every row; NULL = derived from the file name */
    const char *formula;   /* spectra: the material (formula) the spectrum belongs to; NULL = from file name */
    const char *reference; /* spectra/elements: reference when the file carries none */
    /* Lenient mode: rows whose formula or value cannot be read are recorded in the `reject` table (with file,
     * line and reason) and skipped instead of failing the whole import. 0 (default) = all-or-nothing. */
    int keep_rejects;
    /* Called every 256 rows while writing (inside the transaction); a non-zero return aborts (rolls back). */
    int (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} lmds_genome_import_opts;

typedef struct lmds_genome_import_report {
    size_t rows;        /* data rows read */
    size_t inserted;    /* values inserted (a row can give several values) */
    size_t duplicates;  /* values already present (natural key), not inserted again */
    size_t rejected;    /* rows rejected (lenient mode only) */
    int already;        /* 1 when the very same file (SHA-256) had been imported: nothing done */
    char sha256[65];
    char dataset[64];
    size_t skipped;     /* interaction imports: rows outside the scope (not 2 or 3 elements, non-element species) */
} lmds_genome_import_report;

/* Import a CSV or JSON (array of objects with the CSV column names) file in one transaction. In strict mode the
 * first bad row fails the import with LMDS_EPARSE located at file:line (JSON: item index as the line) and
 * nothing is written. Re-importing the same file adds nothing (source hash + natural keys). opts and rep may
 * be NULL. LMDS_GENOME_ELEMENTS with path NULL loads the library's element table. */
LMDS_API lmds_status lmds_genome_import(lmds_genome *g, const char *path, lmds_genome_kind kind,
                               const lmds_genome_import_opts *opts, lmds_genome_import_report *rep);

/* One interaction (Redlich-Kister) parameter of a thermodynamic database as the TDB file states it. The genome's
 * own copy of the thermo module's lmds_tdb_interaction (the genome does not depend on thermo; the CLI copies the
 * fields across). */
typedef struct lmds_genome_interaction {
    char phase[32];         /* "LIQUID" */
    char constituents[128]; /* constituent array as in the TDB: "GA,IN" or "IN,SN:VA" */
    int order;              /* nu of L_nu (x_A - x_B)^nu */
    char expression[1024];  /* the TDB expression (J/mol, T in K), piecewise ranges included */
    double a, b;            /* a + b T (J/mol, J/mol/K) when linear = 1, else NAN */
    int linear;
    double T_lo, T_hi;      /* validity range, K */
    char ref[32];           /* TDB reference code: "REF:90RUG" or "90RUG" */
    int line;               /* line of the PARAMETER in the TDB file */
} lmds_genome_interaction;

/* Store the binary and ternary interaction parameters of the TDB file tdb_path (rows as read from it) in rk_set /
 * rk_param, in one transaction. The source row is the TDB file (SHA-256 of its bytes: re-importing the same file
 * adds nothing, rep->already = 1); each set belongs to the material "system:A-B[-C]" of its elements (VA ignored)
 * and carries a reference: the citation the TDB's `$` comments give for the parameter's reference code when there
 * is one, else "<tdb file>, <code>". Rows with a species that is not an element or with other than 2 or 3
 * elements are skipped (rep->skipped). A row without phase, expression or a valid order is LMDS_EINVAL with its
 * TDB line, and nothing is written. rep may be NULL. */
LMDS_API lmds_status lmds_genome_import_interactions(lmds_genome *g, const char *tdb_path, const lmds_genome_interaction *rows,
                                            size_t n, lmds_genome_import_report *rep);

/* The Redlich-Kister parameters stored for a material (id, formula, alias or "system:Ga-In"), one row per order:
 * phase, constituents, nu, expression, a_J_mol, b_J_mol_K, T_lo_K, T_hi_K, ref_code, reference, tdb, line.
 * Zero rows when the material has none; LMDS_ENOTFOUND when no material matches. */
LMDS_API lmds_status lmds_genome_interactions(lmds_genome *g, const char *key, lmds_genome_rows **out);

/* Build a full genome from the text sources under data_dir (NULL = lmds_data_dir()) into `path` (replaced
 * atomically: built in path.tmp and renamed). Loads the CSV files in data/genome/ (curated superconductors, Stanev 2018
 * with rejects kept, interaction parameters, thermo points), the element table, and the Elk alpha^2F spectra
 * under data/spectra/ when present. The result is in rollback-journal mode (a single self-contained file).
 * summary (may be NULL) receives rows: dataset, kind, rows, inserted, duplicates, rejected. */
LMDS_API lmds_status lmds_genome_build(const char *path, const char *data_dir, lmds_genome_rows **summary);
/* lmds_genome_build plus the interaction parameters of a TDB file (lmds_genome_import_interactions) in the same
 * atomically replaced file; tdb_path NULL = none. */
LMDS_API lmds_status lmds_genome_build_tdb(const char *path, const char *data_dir, const char *tdb_path,
                                  const lmds_genome_interaction *rows, size_t n, lmds_genome_rows **summary);

/* ---- Query ---- */
typedef struct lmds_genome_filter {
    const char *elements;   /* comma-separated symbols "Ga,In": materials containing all of them */
    int any;                /* with elements: any of them instead of all */
    const char *system;     /* chemical system "Ga-In" (any order): exactly these elements */
    const char *formula;    /* a formula, compared by reduced formula after lmds_comp_parse */
    const char *property;   /* "tc", "lambda", ... NULL = all (tc_min/tc_max imply "tc") */
    double tc_min, tc_max;  /* NAN = no bound; bound rows count when their interval overlaps */
    const char *form;       /* "bulk", "2D", ... (matches the form category) */
    double p_min, p_max;    /* pressure range in GPa, NAN = none */
    const char *value_type; /* measured, calculated, textbook, missing, not_reported */
    const char *dataset;    /* curated, stanev2018, ... */
    const char *optimade;   /* OPTIMADE filter subset, see docs/genome.md */
    long limit;             /* 0 = no limit */
} lmds_genome_filter;
LMDS_API void lmds_genome_filter_init(lmds_genome_filter *f);

/* Values matching the filter, one row per value, columns: id, material_id, formula, system, material, property,
 * value, relation, value_lo, value_hi, unit, form, pressure_GPa, criterion, value_type, dataset, reference.
 * A malformed OPTIMADE filter or formula is LMDS_EPARSE with the column. *out owned by the caller. */
LMDS_API lmds_status lmds_genome_query(lmds_genome *g, const lmds_genome_filter *f, lmds_genome_rows **out);

/* Everything about one material, by numeric id or formula (or an alias as written in a source).
 * *material: one row (id, formula, system, nelements, name, composition, aliases);
 * *values: one row per value with its kind (composition, structure, ground_state, interaction, macroscopic),
 * sorted by kind, columns as lmds_genome_query plus kind, structure, state, dimensionality, confinement,
 * method, notes, source, line. LMDS_ENOTFOUND when no material matches. */
LMDS_API lmds_status lmds_genome_show(lmds_genome *g, const char *key, lmds_genome_rows **material,
                             lmds_genome_rows **values);

/* Counts: by = "kind", "element", "source" (dataset), "property" or "reject" (reasons of rejected rows). */
LMDS_API lmds_status lmds_genome_stats(lmds_genome *g, const char *by, lmds_genome_rows **out);

/* Integrity: SQLite integrity_check, foreign_key_check, schema version, every value has a reference and a
 * source, every material has its elements. *problems (may be NULL) lists one row per problem (check, detail).
 * Returns LMDS_OK when clean, LMDS_EDB otherwise. */
LMDS_API lmds_status lmds_genome_check(lmds_genome *g, lmds_genome_rows **problems);

/* A digest (SHA-256, hex) of the whole content (every row of every table, in key order): equal digests mean
 * equal data. Used by the crash tests. */
LMDS_API lmds_status lmds_genome_content_hash(lmds_genome *g, char hex[65]);

/* ---- Access for the other modules ---- */
/* Training data for the learning module: one row per Tc value with a number. dataset "stanev2018", "curated",
 * or NULL = all. tc_K: the value; a range gives its midpoint; SuperCon rows with Tc = 0 ("no Tc reported",
 * Stanev's non-superconductor class) give 0; bounds and missing values are left out. line is the 1-based line
 * of the row in its source file (stanev2018: line 2 is row index 0 of the JARVIS split). *rows is malloc'ed:
 * free with lmds_genome_tc_rows_free (or free()). */
typedef struct lmds_genome_tc_row {
    char formula[64];  /* reduced formula (truncated if longer) */
    lmds_comp comp;
    double tc_K;
    char dataset[32];
    long line;         /* source line */
    long value_id;     /* value.id in the genome (0 for lmds_genome_tc_rejects) */
    /* The formula as written in the source row ("Y1Ba2Cu3O7-X", "D0.967Pd1"; truncated if longer), so a reader
     * can apply its own cleaning policy. Files imported before schema 3 give the material's alias from that
     * source when it has only one, else the reduced formula. */
    char raw_formula[96];
} lmds_genome_tc_row;
LMDS_API lmds_status lmds_genome_tc_rows(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n);
/* The Tc-list rows (name,Tc: SuperCon/Stanev) that a lenient import rejected and kept in the `reject` table
 * (deuterides and tritides "D0.967Pd1", "O10=z", typos), in source line order: raw_formula and line as in the
 * source, tc_K the Tc text read as a number (NAN when it is not one), dataset; formula empty, comp.n = 0,
 * value_id 0. A reader with a policy for such rows (learn maps D, T to H) can take them back. Free with
 * lmds_genome_tc_rows_free. */
LMDS_API lmds_status lmds_genome_tc_rejects(lmds_genome *g, const char *dataset, lmds_genome_tc_row **rows, size_t *n);
LMDS_API void lmds_genome_tc_rows_free(lmds_genome_tc_row *rows);

/* Best measured Tc for the reduced formula of comp: form "bulk" (or any form with NULL), the pressure nearest
 * to P_GPa (NULL pressure counts as 0 GPa). Preference: measured, then textbook, then calculated; curated
 * before SuperCon. reference/material_name may be NULL (n = 0). LMDS_ENOTFOUND when there is no such value. */
LMDS_API lmds_status lmds_genome_find_tc(lmds_genome *g, const lmds_comp *comp, const char *form, double P_GPa,
                                double *tc_K, char *reference, size_t nref, char *material_name, size_t nname);
/* Electron-phonon parameters of the reduced formula of comp from one source row holding lambda and omega_log
 * (experimental/published before computed; *mu_star NAN when that row has none). LMDS_ENOTFOUND when none. */
LMDS_API lmds_status lmds_genome_find_coupling(lmds_genome *g, const lmds_comp *comp, double *lambda, double *omega_log_K,
                                      double *mu_star, char *reference, size_t nref);
/* A stored alpha^2F spectrum of the material (first by id): omega in meV and a2F, malloc'ed arrays (free()).
 * LMDS_ENOTFOUND when none. */
LMDS_API lmds_status lmds_genome_find_a2f(lmds_genome *g, const lmds_comp *comp, double **omega_meV, double **a2f,
                                 size_t *n, char *reference, size_t nref);

#ifdef __cplusplus
}
#endif
#endif
