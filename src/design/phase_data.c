/* The sourced tables behind phase identification and the Tc of a phase, read once per predictor:
 *  - data/design/phase_ranges.csv: TDB phase + composition range (+ structure, T range) -> compound or solution;
 *  - data/design/dilute_slopes.csv: initial slopes dTc/dx of dilute solid solutions;
 *  - data/routes/pressure_phases.csv: pressure-induced phases with their windows and Tc;
 *  - data/routes/polymorphs.csv: which polymorph of an element is metastable (not the ambient default);
 *  - data/genome/lmds_superconductors.csv: the curated genome rows with phase and polymorph labels, the measured
 *    points of Tc(x). Each kept row remembers its file line, so a value can always be traced back. */
#include "design/design_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

typedef lmds_status (*row_fn)(design_tables *t, const lmds_csv *csv, const int *col, const char *path);

static double cell_num(const char *s)
{
    if (!s || !*s)
        return NAN;
    char *end = NULL;
    double v = strtod(s, &end);
    while (end && isspace((unsigned char)*end))
        end++;
    return end && *end == '\0' && isfinite(v) ? v : NAN;
}

/* Read one data file, check the header, hand each record to fn. */
static lmds_status read_table(design_tables *t, const char *rel, const char *const *names, int n, const char *hdr,
                              row_fn fn)
{
    char path[1024], *text = NULL;
    lmds_status st = lmds_data_path(rel, path, sizeof path);
    if (st == LMDS_OK)
        st = lmds_file_read(path, 16u << 20, &text, NULL);
    if (st != LMDS_OK)
        return st;
    lmds_csv csv;
    lmds_csv_init(&csv, text);
    int rec, col[16];
    if ((rec = lmds_csv_next(&csv)) != 1)
        st = rec < 0 ? lmds_csv_error(&csv, path) : lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty file");
    else
        st = lmds_csv_require(&csv, path, names, n, col, hdr);
    while (st == LMDS_OK && (rec = lmds_csv_next(&csv)) == 1) {
        int ok = 1;
        for (int k = 0; k < n && ok; k++)
            ok = col[k] < csv.nfields;
        st = ok ? fn(t, &csv, col, path)
                : lmds_error_at(LMDS_EPARSE, path, csv.line, 1, "%d fields, the header has more", csv.nfields);
    }
    if (st == LMDS_OK && rec < 0)
        st = lmds_csv_error(&csv, path);
    lmds_csv_clear(&csv);
    free(text);
    return st;
}

/* Grow an array by one element; NULL on failure. */
static void *grow(void **arr, int *n, size_t size)
{
    void *q = realloc(*arr, (size_t)(*n + 1) * size);
    if (!q)
        return NULL;
    *arr = q;
    memset((char *)q + (size_t)*n * size, 0, size);
    return (char *)q + (size_t)(*n)++ * size;
}

/* "Bi:0.278-0.419;Pb:0.581-0.722" into the row's elements and bounds. */
static int parse_ranges(const char *text, range_row *r)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char sym[8];
        double lo, hi;
        if (r->nz >= DESIGN_SYS_MAX || sscanf(tok, " %7[A-Za-z]:%lf-%lf", sym, &lo, &hi) != 3 || lo > hi)
            return 0;
        if (lmds_element_lookup(sym, &r->z[r->nz]) != LMDS_OK)
            return 0;
        r->lo[r->nz] = lo;
        r->hi[r->nz++] = hi;
    }
    return r->nz > 0;
}

/* A temperature cell: empty = not known (NAN); anything else must be a finite number. */
static lmds_status temperature_cell(const lmds_csv *csv, int c, const char *path, double *T)
{
    const char *s = csv->fields[c];
    *T = cell_num(s);
    if (*s && !isfinite(*T))
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[c], "bad temperature '%s' (a number in K, "
                             "or empty when not known)", s);
    return LMDS_OK;
}

/* T_min_K, T_max_K and T_max_kind (columns 5-7). What T_max is decides what it bounds: `solid` (a solid-state
 * limit: polymorphic transition, peritectoid or eutectoid decomposition) and `unknown` bound the phase in
 * identification; `melting` (liquid appears above it: congruent or peritectic melting, a terminal solution's
 * solidus) does not, since the thermodynamic model's solid is bounded by the model's own melting point, which
 * may lie above the measured one (Bi2Pd: measured 485 C, lmds_bipd.tdb 491 C). */
static lmds_status range_temperatures(const lmds_csv *csv, const int *col, const char *path, range_row *r)
{
    double T_max;
    lmds_status st = temperature_cell(csv, col[5], path, &r->T_min);
    if (st == LMDS_OK)
        st = temperature_cell(csv, col[6], path, &T_max);
    if (st != LMDS_OK)
        return st;
    const char *kind = csv->fields[col[7]];
    int melting = strcmp(kind, "melting") == 0;
    if (isfinite(T_max) && !melting && strcmp(kind, "solid") && strcmp(kind, "unknown"))
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[col[7]], "T_max_kind '%s': expected "
                             "melting, solid or unknown for T_max_K %g", kind, T_max);
    if (!isfinite(T_max) && *kind)
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[col[7]], "T_max_kind '%s' without a "
                             "T_max_K", kind);
    r->T_max = melting ? NAN : T_max;
    r->T_melt = melting ? T_max : NAN;
    return LMDS_OK;
}

static lmds_status range_read(design_tables *t, const lmds_csv *csv, const int *col, const char *path)
{
    range_row *r = grow((void **)&t->ranges, &t->nranges, sizeof *r);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    if (!parse_ranges(csv->fields[col[3]], r)) {
        lmds_error_clear();
        return lmds_error_at(LMDS_EPARSE, path, csv->line, csv->columns[col[3]], "bad element ranges '%s' "
                             "(expected El:lo-hi;El:lo-hi)", csv->fields[col[3]]);
    }
    snprintf(r->system, sizeof r->system, "%s", csv->fields[col[0]]);
    snprintf(r->tdb_phase, sizeof r->tdb_phase, "%s", csv->fields[col[1]]);
    snprintf(r->compound, sizeof r->compound, "%s", csv->fields[col[2]]);
    snprintf(r->structure, sizeof r->structure, "%s", csv->fields[col[4]]);
    lmds_status st = range_temperatures(csv, col, path, r);
    if (st != LMDS_OK)
        return st;
    snprintf(r->reference, sizeof r->reference, "%s", csv->fields[col[8]]);
    const char *notes = csv->fields[col[9]];
    size_t len = strcspn(notes, ";:");
    snprintf(r->name, sizeof r->name, "%.*s", (int)(len < 95 ? len : 95), notes);
    r->line = csv->line;
    return LMDS_OK;
}

static lmds_status slope_read(design_tables *t, const lmds_csv *csv, const int *col, const char *path)
{
    double s = cell_num(csv->fields[col[2]]), xm = cell_num(csv->fields[col[3]]);
    if (!isfinite(s))
        return LMDS_OK; /* a qualitative row (no numeric slope) */
    int h, so;
    if (lmds_element_lookup(csv->fields[col[0]], &h) != LMDS_OK ||
        lmds_element_lookup(csv->fields[col[1]], &so) != LMDS_OK || !(xm > 0)) {
        lmds_error_clear();
        return lmds_error_at(LMDS_EPARSE, path, csv->line, 1, "bad host, solute or x_max");
    }
    slope_row *r = grow((void **)&t->slopes, &t->nslopes, sizeof *r);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    *r = (slope_row){h, so, s, xm, "", csv->line};
    snprintf(r->reference, sizeof r->reference, "%s", csv->fields[col[4]]);
    return LMDS_OK;
}

static lmds_status pphase_read(design_tables *t, const lmds_csv *csv, const int *col, const char *path)
{
    (void)path;
    pphase_row *r = grow((void **)&t->pphases, &t->npphases, sizeof *r);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    snprintf(r->material, sizeof r->material, "%s", csv->fields[col[0]]);
    snprintf(r->phase, sizeof r->phase, "%s", csv->fields[col[1]]);
    r->P_onset = cell_num(csv->fields[col[2]]);
    r->P_end = cell_num(csv->fields[col[3]]);
    if (!isfinite(r->P_end))
        r->P_end = INFINITY;
    r->tc = cell_num(csv->fields[col[4]]);
    r->tc_P = cell_num(csv->fields[col[5]]);
    snprintf(r->reference, sizeof r->reference, "%s", csv->fields[col[6]]);
    r->line = csv->line;
    return LMDS_OK;
}

static lmds_status poly_read(design_tables *t, const lmds_csv *csv, const int *col, const char *path)
{
    (void)path;
    int z = 0;
    lmds_comp c;
    if (lmds_comp_parse(csv->fields[col[0]], NULL, &c) != LMDS_OK) {
        lmds_error_clear();
        return LMDS_OK;
    }
    if (c.n == 1)
        z = c.z[0];
    poly_row *r = grow((void **)&t->polys, &t->npolys, sizeof *r);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    r->z = z; /* 0: a compound's polymorph (PdBi2 alpha and beta) */
    r->comp = c;
    snprintf(r->polymorph, sizeof r->polymorph, "%s", csv->fields[col[1]]);
    r->metastable = strcmp(csv->fields[col[2]], "yes") == 0;
    snprintf(r->tdb_phase, sizeof r->tdb_phase, "%s", csv->fields[col[3]]);
    return LMDS_OK;
}

/* A curated row is a Tc(x) point when it is a single-phase bulk measurement with a number: not a bound, not a
 * calculation, not high pressure without a pressure, not granular, metastable, supercooled or theoretical, not a
 * two-phase alloy (its Tc is that of a mixture). */
static int tcx_keep(const char *form, const char *vt, const char *phase, const char *tc)
{
    static const char *const bad_form[] = {"theory", "granular", "metastable", "supercooled", "interfac"};
    if (strncmp(form, "bulk", 4) != 0 || !isfinite(cell_num(tc)))
        return 0;
    if (strncmp(vt, "measured", 8) != 0 && strncmp(vt, "textbook", 8) != 0)
        return 0;
    for (size_t i = 0; i < sizeof bad_form / sizeof *bad_form; i++)
        if (strstr(form, bad_form[i]))
            return 0;
    return !strstr(phase, "two-phase") && !strstr(phase, "mixture") && !strstr(phase, " + ") &&
           !strstr(phase, "multi-phase");
}

static lmds_status tcx_read(design_tables *t, const lmds_csv *csv, const int *col, const char *path)
{
    (void)path;
    const char *form = csv->fields[col[1]], *vt = csv->fields[col[5]], *phase = csv->fields[col[6]];
    const char *tc = csv->fields[col[3]];
    if (!tcx_keep(form, vt, phase, tc))
        return LMDS_OK;
    lmds_comp c;
    const char *formula = *csv->fields[col[9]] ? csv->fields[col[9]] : csv->fields[col[0]];
    if (lmds_comp_parse(formula, NULL, &c) != LMDS_OK) {
        lmds_error_clear();
        return LMDS_OK; /* formulas with variables ("Pb1-xBix") stay in the genome, not in Tc(x) */
    }
    double P = cell_num(csv->fields[col[2]]);
    if (strstr(form, "pressure") && !isfinite(P))
        return LMDS_OK;
    tcx_row *r = grow((void **)&t->tcx, &t->ntcx, sizeof *r);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    r->comp = c;
    r->tc = cell_num(tc);
    r->P = P;
    snprintf(r->polymorph, sizeof r->polymorph, "%s", csv->fields[col[7]]);
    snprintf(r->form, sizeof r->form, "%s", form);
    snprintf(r->material, sizeof r->material, "%s", csv->fields[col[8]]);
    snprintf(r->reference, sizeof r->reference, "%s", csv->fields[col[4]]);
    r->line = csv->line;
    return LMDS_OK;
}

lmds_status design_tables_load(design_tables *t)
{
    memset(t, 0, sizeof *t);
    static const char *const rn[] = {"system", "tdb_phase", "compound", "element_ranges", "structure", "T_min_K",
                                     "T_max_K", "T_max_kind", "reference", "notes"};
    static const char *const sn[] = {"host", "solute", "dTc_dx_K_per_at_pct", "x_max_at_pct", "reference"};
    static const char *const pn[] = {"material", "phase", "P_onset_GPa", "P_end_GPa", "Tc_K", "Tc_P_GPa",
                                     "reference"};
    static const char *const yn[] = {"element", "polymorph", "metastable", "tdb_phase"};
    static const char *const gn[] = {"composition", "form", "pressure_GPa", "Tc_K", "reference",
                                     "value_type", "phase", "polymorph", "material", "lmds_composition"};
    lmds_status st = read_table(t, "design/phase_ranges.csv", rn, 10,
                                "system,tdb_phase,compound,element_ranges,structure,T_min_K,T_max_K,T_max_kind,"
                                "reference,notes,verification", range_read);
    if (st == LMDS_OK)
        st = read_table(t, "design/dilute_slopes.csv", sn, 5,
                        "host,solute,dTc_dx_K_per_at_pct,x_max_at_pct,reference,notes,verification", slope_read);
    if (st == LMDS_OK)
        st = read_table(t, "routes/pressure_phases.csv", pn, 7,
                        "material,phase,P_onset_GPa,P_end_GPa,Tc_K,Tc_P_GPa,dTc_dP_K_per_GPa,reference,notes,"
                        "verification", pphase_read);
    if (st == LMDS_OK)
        st = read_table(t, "routes/polymorphs.csv", yn, 4, "element,polymorph,structure,...,metastable,...",
                        poly_read);
    if (st == LMDS_OK)
        st = read_table(t, "genome/lmds_superconductors.csv", gn, 10,
                        "material,composition,form,pressure_GPa,Tc_K,...,lmds_composition,phase,polymorph", tcx_read);
    if (st != LMDS_OK)
        design_tables_clear(t);
    return st;
}

void design_tables_clear(design_tables *t)
{
    free(t->ranges);
    free(t->slopes);
    free(t->pphases);
    free(t->tcx);
    free(t->polys);
    memset(t, 0, sizeof *t);
}
