/* Importing alpha^2F spectra (kind "spectra"): Elk ALPHA2F.OUT (omega in hartree) or columns "omega a2F" with the
 * unit named in a # comment (meV, THz, cm-1, Ha, eV). Stored as little-endian float64 arrays, omega in meV. */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genome_internal.h"

typedef struct spectrum {
    double *w, *a;
    size_t n, cap;
    int ncols;      /* numbers per line (all lines alike) */
    int unit_set;
    double to_meV;
    long line;
} spectrum;

/* Conversion to meV named in a comment line. */
static void unit_from_comment(spectrum *sp, const char *s)
{
    if (sp->unit_set) return;
    if (strstr(s, "THz")) sp->to_meV = LMDS_THZ_MEV, sp->unit_set = 1;
    else if (strstr(s, "meV")) sp->to_meV = 1, sp->unit_set = 1;
    else if (strstr(s, "cm")) sp->to_meV = LMDS_CM1_MEV, sp->unit_set = 1;
    else if (strstr(s, "Ha") || strstr(s, "hartree")) sp->to_meV = LMDS_HA_EV * 1000, sp->unit_set = 1;
    else if (strstr(s, "eV")) sp->to_meV = 1000, sp->unit_set = 1;
}

/* One data line "omega a2F [more columns]". */
static lmds_status spectrum_line(spectrum *sp, char *s, const char *file)
{
    double x[2] = {0, 0};
    int cols = 0;
    char *q = s, *end;
    while (*q) {
        double y = strtod(q, &end);
        if (end == q || !isfinite(y)) break;
        if (cols < 2) x[cols] = y;
        cols++;
        q = end;
        while (isspace((unsigned char)*q)) q++;
    }
    if (*q || cols < 2)
        return lmds_error_at(LMDS_EPARSE, file, (int)sp->line, (int)(q - s) + 1,
                             "expected numbers 'omega a2F ...' (%d read)", cols);
    if (sp->ncols && cols != sp->ncols)
        return lmds_error_at(LMDS_EPARSE, file, (int)sp->line, 0, "%d columns, earlier lines have %d", cols, sp->ncols);
    sp->ncols = cols;
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? 2 * sp->cap : 512;
        double *w = realloc(sp->w, cap * sizeof *w);
        if (w) sp->w = w;
        double *a = w ? realloc(sp->a, cap * sizeof *a) : NULL;
        if (!w || !a) return lmds_error(LMDS_ENOMEM, "out of memory reading %s", file);
        sp->a = a;
        sp->cap = cap;
    }
    sp->w[sp->n] = x[0] * sp->to_meV;
    sp->a[sp->n++] = x[1];
    return LMDS_OK;
}

static lmds_status spectrum_read(spectrum *sp, FILE *f, const char *file)
{
    char buf[4096];
    lmds_status st = LMDS_OK;
    while (st == LMDS_OK && fgets(buf, sizeof buf, f)) {
        sp->line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && !feof(f))
            return lmds_error_at(LMDS_EPARSE, file, (int)sp->line, 0, "line longer than %zu characters", sizeof buf - 2);
        char *s = buf;
        while (isspace((unsigned char)*s)) s++;
        if (*s == '\0') continue;
        if (*s == '#') unit_from_comment(sp, s);
        else st = spectrum_line(sp, s, file);
    }
    if (st == LMDS_OK && ferror(f)) st = lmds_error(LMDS_EIO, "%s: read error", file);
    if (st == LMDS_OK && sp->n < 2)
        st = lmds_error_at(LMDS_EPARSE, file, (int)sp->line, 0, "a spectrum needs at least two points");
    return st;
}

/* Material (--formula, else the file name up to the first '_': "Nb_elk_DFPT_ALPHA2F.OUT" -> Nb) and citation. */
static lmds_status spectrum_material(imp *im, const char *base, int elk, sqlite3_int64 *mid, char *mkey, size_t nk,
                                     sqlite3_int64 *rid)
{
    char spec[128], cit[512];
    if (im->opts && im->opts->formula) snprintf(spec, sizeof spec, "%s", im->opts->formula);
    else {
        size_t k = 0;
        while (base[k] && base[k] != '_' && base[k] != '.' && k < sizeof spec - 1) spec[k] = base[k], k++;
        spec[k] = '\0';
    }
    if (imp_material(im, spec, NULL, mid, mkey, nk) != LMDS_OK)
        return lmds_error_at(LMDS_EPARSE, im->file, 0, 0, "material '%s' (from --formula or the file name): %s", spec,
                             lmds_errmsg());
    if (im->opts && im->opts->reference) snprintf(cit, sizeof cit, "%s", im->opts->reference);
    else if (elk)
        snprintf(cit, sizeof cit, "Elk 8.4.30 example %s-DFPT, file ALPHA2F.OUT (Debian elk-lapw 8.4.30-1); "
                 "as copied to lmds data/spectra/%s", spec, base);
    else return lmds_error(LMDS_EINVAL, "%s: a spectrum needs a reference (--reference)", im->file);
    return imp_reference(im, cit, NULL, rid);
}

static lmds_status spectrum_store(imp *im, const spectrum *sp, sqlite3_int64 mid, const char *mkey,
                                  sqlite3_int64 rid, int elk)
{
    char key[512], notes[256];
    snprintf(key, sizeof key, "%s|%s|a2F|%s", im->dataset, mkey, im->rep->sha256);
    snprintf(notes, sizeof notes, "%zu points; omega converted to meV%s%s", sp->n,
             elk ? " from hartree (Elk); rows at omega <= 0 kept as in the file" : "",
             sp->ncols > 2 ? "; first of several a2F columns" : "");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(im->g->db,
                           "INSERT OR IGNORE INTO main.spectrum(id, material_id, kind, n, omega_meV, value, method,"
                           " value_type, reference_id, source_id, producer, created_at, notes, nkey)"
                           " VALUES(?,?,'a2F',?,?,?,?,'calculated',?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK)
        return genome_sqlerr(im->g, "preparing the spectrum insert");
    imp_bind_id(im, T_SPECTRUM, s, 1);
    sqlite3_bind_int64(s, 2, mid);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)sp->n);
    sqlite3_bind_blob(s, 4, sp->w, (int)(sp->n * sizeof *sp->w), SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 5, sp->a, (int)(sp->n * sizeof *sp->a), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, elk ? "DFPT (Elk)" : "see reference", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, rid);
    sqlite3_bind_int64(s, 8, im->source_id);
    sqlite3_bind_text(s, 9, "lmds " LMDS_VERSION_STRING " db import", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, im->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, notes, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 12, key, -1, SQLITE_TRANSIENT);
    lmds_status st = LMDS_OK;
    if (sqlite3_step(s) != SQLITE_DONE) st = genome_sqlerr(im->g, "inserting a spectrum");
    else if (sqlite3_changes(im->g->db) > 0) {
        im->rep->inserted++;
        imp_took_id(im, T_SPECTRUM);
    } else im->rep->duplicates++;
    sqlite3_finalize(s);
    return st;
}

lmds_status import_spectrum(imp *im, FILE *f)
{
    const char *base = strrchr(im->file, '/');
    base = base ? base + 1 : im->file;
    int elk = strstr(base, "ALPHA2F") != NULL;
    spectrum sp = {0};
    sp.to_meV = elk ? LMDS_HA_EV * 1000.0 : 1.0;
    sp.unit_set = elk;
    lmds_status st = spectrum_read(&sp, f, im->file);
    sqlite3_int64 mid, rid;
    char mkey[300];
    if (st == LMDS_OK) {
        im->rep->rows = sp.n;
        st = spectrum_material(im, base, elk, &mid, mkey, sizeof mkey, &rid);
    }
    if (st == LMDS_OK) st = spectrum_store(im, &sp, mid, mkey, rid, elk);
    free(sp.w);
    free(sp.a);
    return st;
}
