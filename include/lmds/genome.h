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
 * Two files: the shipped genome (built from data/ by `lmds db build`, read-only to the program) and the user's
 * genome (created by the first import, $LMDS_USER_DB or $XDG_DATA_HOME/lmds/genome.sqlite). lmds_genome_open_default
 * reads both together, the user's rows marked as such (ids >= 2^40, column `layer` = 'user'); imports go to the
 * user genome (lmds_genome_open_user); builds never touch it.
 *
 * Thread safety: an lmds_genome handle is used by one thread at a time; open one handle per thread. Several
 * processes may open the same file (the user genome uses WAL, so readers never block its importer).
 * Errors: functions return lmds_status; LMDS_EDB for SQLite failures, damaged files and schema version
 * mismatches, with the message in lmds_errmsg(). Every function that returns a new object through `out` sets
 * *out = NULL on failure. */
#ifndef LMDS_GENOME_H
#define LMDS_GENOME_H

#include <stddef.h>
#include "core.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library reads and writes (PRAGMA user_version of the file). */
#define LMDS_GENOME_SCHEMA_VERSION 4

typedef struct lmds_genome lmds_genome;

/* The shipped genome: the environment variable LMDS_DB when set and non-empty, else
 * lmds_data_path("genome.sqlite"). Returns a thread-local buffer. */
LMDS_API const char *lmds_genome_default_path(void);
/* The user's genome: $LMDS_USER_DB when set and non-empty, else $XDG_DATA_HOME/lmds/genome.sqlite when
 * XDG_DATA_HOME is an absolute path, else $HOME/.local/share/lmds/genome.sqlite. NULL when none of these is set.
 * Returns a thread-local buffer. The file need not exist. */
LMDS_API const char *lmds_genome_user_path(void);

/* Open one genome file.
 *  - readonly = 1: nothing is written and the journal mode is left as it is, so a genome in a read-only
 *    directory (the installed layout) reads normally; a file of an older schema is refused (migrate it with a
 *    read-write open).
 *  - readonly = 0: a missing file is created with the current schema; an older one is migrated in one
 *    transaction. The journal mode is not changed (rollback journal unless the file is already in WAL).
 * Either way the file is checked before anything is read or written: an empty (0-byte) file, a file that is not
 * SQLite, another application's database (application_id, missing tables), a damaged file (PRAGMA quick_check)
 * and a file of a newer schema are refused with LMDS_EDB and a message saying which.
 * path NULL: readonly = 1 opens the default genome (lmds_genome_open_default), readonly = 0 the user genome
 * (lmds_genome_open_user). A 5 s busy timeout applies. On success *out owns the handle (close with
 * lmds_genome_close); on failure *out = NULL. */
LMDS_API lmds_status lmds_genome_open(const char *path, int readonly, lmds_genome **out);
/* The default genome, read-only: the shipped genome (lmds_genome_default_path) with the user's genome
 * (lmds_genome_user_path, when that file exists and is another file) attached and layered over it: every query,
 * show, stats, Tc lookup and training-row call on the handle sees the rows of both, user rows with ids >=
 * 2^40 and `layer` = 'user'. A user genome of an older schema is migrated first (it is the user's file); a
 * damaged one is an error (its rows are not silently dropped). */
LMDS_API lmds_status lmds_genome_open_default(lmds_genome **out);
/* The user's genome, read-write, for imports: created on first use (with its directory, mode 0700) with the
 * current schema, marked as a user genome (ids from 2^40) and in WAL mode. LMDS_EINVAL when no user path can be
 * derived (no LMDS_USER_DB, XDG_DATA_HOME or HOME). */
LMDS_API lmds_status lmds_genome_open_user(lmds_genome **out);
LMDS_API void lmds_genome_close(lmds_genome *g); /* accepts NULL */
/* The file a handle has open (owned by the handle). */
LMDS_API const char *lmds_genome_path(const lmds_genome *g);
/* The user genome layered over it (lmds_genome_open_default), or NULL. Owned by the handle. */
LMDS_API const char *lmds_genome_user_layer(const lmds_genome *g);
/* The schema version stored in the file (after migration). */
LMDS_API int lmds_genome_schema_version(const lmds_genome *g);

/* Blind mode: hide every row of the composition c (every form, polymorph, pressure and source of its reduced
 * formula: values, structures, spectra, aliases and the material itself) from every later lookup, query, show,
 * stats and training-row call on this handle. Compositions that the genome does not hold are accepted. Imports
 * are refused on a handle with hidden rows. LMDS_EINVAL for an empty composition. */
LMDS_API lmds_status lmds_genome_hide(lmds_genome *g, const lmds_comp *c);
/* Show every hidden row again. */
LMDS_API lmds_status lmds_genome_hide_clear(lmds_genome *g);
/* Number of compositions hidden on the handle. */
LMDS_API long lmds_genome_hidden_count(const lmds_genome *g);

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
    const char *dataset;   /* dataset name stored with every row; NULL = derived from the file name. The names of
                              the shipped sources (lmds_genome_dataset_reserved) are refused */
    const char *formula;   /* spectra: the material (formula) the spectrum belongs to; NULL = from file name */
    const char *reference; /* spectra/elements: reference when the file carries none */
    /* Lenient mode: rows whose formula or value cannot be read are recorded in the `reject` table (with file,
     * line and reason) and skipped instead of failing the whole import. 0 (default) = all-or-nothing. */
    int keep_rejects;
    /* Called every 256 rows while writing (inside the transaction) with the rows done and the total expected
     * (for a CSV the number of lines after the header: an upper bound when quoted fields span lines); a non-zero
     * return aborts the import (rolled back, LMDS_EIO "interrupted"). */
    int (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* SuperCon lists (name,Tc): a CSV formula,as_written,action,note,reference naming rows whose value mixes
     * polymorphs, pressures or forms (action averaged, pressure, metastable, film, irradiated, mislabel or
     * duplicate). Matching rows (by as_written when given, else by reduced formula) keep their value with caveat =
     * action and value_type_detail saying why, and are no longer returned as measured bulk ambient values. NULL =
     * none; an override that matches no row is a warning (lmds_warn). */
    const char *overrides;
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
    size_t overridden;  /* values that took a caveat from opts->overrides */
} lmds_genome_import_report;

/* Import a CSV (streamed: memory does not grow with the file) or JSON (array of objects with the CSV column
 * names) file in one transaction. Column names are case-sensitive; a missing required column is LMDS_EPARSE at
 * file:1 listing every missing column and the expected header. In strict mode the first bad row fails the import
 * with LMDS_EPARSE located at file:line (JSON: the line where the item starts) and nothing is written. A NUL byte
 * in the file, or a JSON string with a \u0000 escape, is LMDS_EPARSE with its line and column. After the rows
 * are written the file must pass PRAGMA integrity_check, else the import is rolled back (LMDS_EDB). Re-importing
 * the same file adds nothing (source hash + natural keys). opts and rep may be NULL. LMDS_GENOME_ELEMENTS with
 * path NULL loads the library's element table. Refused (LMDS_EINVAL) on a read-only or layered handle, a handle
 * with hidden rows, and a reserved dataset name. */
LMDS_API lmds_status lmds_genome_import(lmds_genome *g, const char *path, lmds_genome_kind kind,
                               const lmds_genome_import_opts *opts, lmds_genome_import_report *rep);
/* 1 when name is the dataset name of a shipped source (curated, tc_reference, stanev2018, thermo_experimental,
 * thermo_calphad, eos_slopes, tunnel_materials, debye_kittel, elements, spectra, tdb_lmds): only `db build`
 * writes those. */
LMDS_API int lmds_genome_dataset_reserved(const char *name);

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

/* Building the shipped genome from the text sources under data_dir. */
typedef struct lmds_genome_build_opts {
    const char *data_dir;  /* NULL = lmds_data_dir() */
    /* Interaction parameters of a TDB file (lmds_genome_import_interactions) stored in the same build;
     * tdb_path NULL = none. */
    const char *tdb_path;
    const lmds_genome_interaction *rows;
    size_t nrows;
    /* Replace an existing file that holds imported data other than the shipped sources, or that is not a
     * readable lmds genome. Without it such a file is refused (LMDS_EINVAL) and left as it is. */
    int force;
    /* Called with the rows done and expected of each source as it is imported (see lmds_genome_import_opts). */
    int (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} lmds_genome_build_opts;
LMDS_API void lmds_genome_build_opts_init(lmds_genome_build_opts *o);

/* Build a full genome into `path` (NULL = lmds_genome_default_path()), replaced atomically: built in path.tmp and
 * renamed, so readers never see a half-built file. Loads the CSV files in data/genome/ (curated superconductors,
 * tc_reference, Stanev 2018 with rejects kept and data/genome/supercon_overrides.csv applied when present,
 * thermo points), the ground-state tables of data/pressure/ and data/supercon/, the element table, and the Elk
 * alpha^2F spectra under data/spectra/. The result is marked as a shipped genome, in rollback-journal mode (one
 * self-contained file). Never writes the user genome: a path that is the user genome (lmds_genome_user_path, or
 * a file marked as a user genome) is refused even with force. An existing genome holding datasets other than the
 * shipped ones (user imports) is refused unless o->force, and so is an existing file that is not an lmds genome
 * (a 0-byte file may be replaced). summary (may be NULL) receives rows: dataset, kind, rows, inserted,
 * duplicates, rejected, overridden, status; on failure *summary = NULL. */
LMDS_API lmds_status lmds_genome_build_with(const char *path, const lmds_genome_build_opts *o,
                                            lmds_genome_rows **summary);
/* lmds_genome_build_with without force and without interaction parameters. */
LMDS_API lmds_status lmds_genome_build(const char *path, const char *data_dir, lmds_genome_rows **summary);
/* lmds_genome_build_with without force, with the interaction parameters of a TDB file; tdb_path NULL = none. */
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
 * value, relation, value_lo, value_hi, unit, form, pressure_GPa, criterion, value_type, dataset, reference,
 * phase, polymorph, caveat, layer ('shipped' or 'user').
 * A malformed OPTIMADE filter or formula is LMDS_EPARSE with the column. *out owned by the caller (NULL on
 * failure). */
LMDS_API lmds_status lmds_genome_query(lmds_genome *g, const lmds_genome_filter *f, lmds_genome_rows **out);

/* Everything about one material, by numeric id or formula (or an alias as written in a source); on a layered
 * handle the rows of the same material in both files.
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

/* ---- Tc lookups ----
 * A Tc value as stored, with the conditions that say what it belongs to. */
typedef struct lmds_genome_tc_value {
    char formula[64];       /* reduced formula; "" when the source gives only the chemical system */
    lmds_comp comp;         /* its composition (n = 0 when formula is "") */
    char system[64];        /* chemical system "In-Sn" */
    char relation[8];       /* "=", "range", "<" (upper bound: not superconducting above tc_hi_K), ">" */
    double tc_K;            /* the value (a range's midpoint); NAN for a bound */
    double tc_lo_K, tc_hi_K; /* bounds (= tc_K for '='); NAN when open */
    double P_GPa;           /* the row's pressure; 0 when the row states none (ambient assumed) */
    int P_stated;           /* 1 when the row gives its pressure */
    char material[128];     /* the sample as the source names it (structure label), else the formula */
    char phase[64];         /* phase the measurement belongs to ("In-Sn beta"), "" when not stated */
    char polymorph[32];     /* "alpha", "beta-Ga", "Bi-II", "amorphous", "" when not stated */
    char structure[64];     /* space group or prototype, "" when not stated */
    char form[32];          /* form category: bulk, film, 2D, wire, nanodroplet, confined, amorphous, "" */
    char form_detail[96];   /* the route as written ("bulk (single crystal)") */
    char criterion[24];     /* onset, midpoint, zero_resistance, magnetic, "" */
    char value_type[16];    /* measured, textbook, calculated */
    char caveat[16];        /* averaged, pressure, metastable, film, irradiated, mislabel, duplicate, interface,
                               "" = none */
    char dataset[32];
    char reference[512];
    long long value_id;
    long line;              /* line in the source file */
    int user;               /* 1 when the row comes from the user genome */
} lmds_genome_tc_value;

/* What a Tc lookup asks for. */
typedef struct lmds_genome_tc_query {
    const char *form;       /* form category ("bulk", "film", "2D", "nanodroplet", ...); NULL = bulk; "any" = all */
    /* NULL = the ambient stable polymorph: rows without a caveat and not amorphous. Otherwise rows whose polymorph
     * or phase is this ("beta", "beta-Ga", "Bi-II", "In-Sn beta"; case-insensitive) or whose state is this
     * ("amorphous"); the caveats metastable and pressure do not exclude such rows. */
    const char *polymorph;
    double P_GPa;           /* pressure, GPa (>= 0) */
    /* Half-width of the pressure window, GPa; NAN = the default max(0.1 GPa, 5 % of P_GPa) (the 0.1 GPa floor
     * is the scatter of "ambient" and of piston-cylinder gauges; 5 % the calibration uncertainty of diamond-anvil
     * ruby gauges). Rows outside the window are never used. */
    double window_GPa;
    int include_caveats;    /* 1 = rows with a caveat are candidates too (ranked after clean rows) */
} lmds_genome_tc_query;
LMDS_API void lmds_genome_tc_query_init(lmds_genome_tc_query *q); /* bulk, ambient stable, 0 GPa, default window */

/* The best Tc value with a number (relation '=' or 'range') of the reduced formula of comp under q (NULL = the
 * defaults): within the pressure window, nearest pressure first, then the plain form ("bulk" before
 * "bulk (granular)"), measured/textbook before calculated, curated before tc_reference before user rows before
 * lists, then the first imported. *out receives the row with its pressure, so the caller can say what was used.
 * LMDS_ENOTFOUND when no row qualifies; LMDS_EINVAL for a negative or non-finite pressure. */
LMDS_API lmds_status lmds_genome_tc_lookup(lmds_genome *g, const lmds_comp *comp, const lmds_genome_tc_query *q,
                                           lmds_genome_tc_value *out);

/* lmds_genome_tc_lookup with polymorph NULL (ambient stable polymorph), the default pressure window and form
 * (NULL = any form, else the form category), returning the value, the reference and the sample name only
 * (reference/material_name may be NULL with n = 0). LMDS_ENOTFOUND when there is no such value. */
LMDS_API lmds_status lmds_genome_find_tc(lmds_genome *g, const lmds_comp *comp, const char *form, double P_GPa,
                                double *tc_K, char *reference, size_t nref, char *material_name, size_t nname);

/* Every measured Tc row (value_type measured or textbook; relations '=', 'range', '<', '>') of one chemical
 * system, for building Tc(x) per phase: elements "In-Sn" or "In,Sn" (any order). subsystems = 1 also returns the
 * rows of its subsystems (the pure elements In and Sn). Rows with a caveat are included (caveat says which); rows
 * "no Tc reported" and calculated values are not. Ordered by formula, phase, pressure. *rows is malloc'ed (free
 * with lmds_genome_tc_values_free; NULL and *n = 0 on failure or when there are none). */
LMDS_API lmds_status lmds_genome_tc_system(lmds_genome *g, const char *elements, int subsystems,
                                           lmds_genome_tc_value **rows, size_t *n);
LMDS_API void lmds_genome_tc_values_free(lmds_genome_tc_value *rows);

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
