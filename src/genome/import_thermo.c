/* Importing phase-diagram points (kind "thermo"): system,composition_at,composition_wt,quantity,value_C,reference.
 * A row may pair several quantities and values ("liquidus_T / solidus_T", "25 / 16"); temperatures are stored in
 * kelvin. Rows whose reference says RECALLED are marked "recalled, not verified against the primary source". */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "genome_internal.h"

/* Split "a / b" into at most 4 trimmed parts. */
static int split_slash(const char *s, char parts[][256], int max)
{
    int n = 0;
    const char *p = s;
    while (n < max) {
        const char *q = strstr(p, " / ");
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len > 255) len = 255;
        memcpy(parts[n], p, len);
        parts[n][len] = '\0';
        n++;
        if (!q) break;
        p = q + 3;
    }
    return n;
}

static const char *thermo_property(const char *q)
{
    if (strcasestr(q, "liquidus")) return "liquidus_T";
    if (strcasestr(q, "solidus")) return "solidus_T";
    if (strcasestr(q, "peritectic")) return "peritectic_T";
    if (strcasestr(q, "congruent")) return "congruent_melting_T";
    if (strcasestr(q, "eutectic")) return "eutectic_T";
    if (strcasestr(q, "invariant")) return "invariant_T";
    if (strcasestr(q, "melting")) return "melting_T";
    return NULL;
}

/* "Ga83.5-In16.5" -> "Ga83.5In16.5"; "Ga (pure)" -> "Ga"; "Ga-In" -> "system:Ga-In". */
static void thermo_spec(const char *comp_at, const char *system, char *out, size_t n)
{
    if (!imp_blank(comp_at)) {
        size_t k = 0;
        for (const char *p = comp_at; *p && k < n - 1; p++) {
            if (*p == '-' && isupper((unsigned char)p[1])) continue;
            out[k++] = *p;
        }
        out[k] = '\0';
        return;
    }
    char sys[256];
    snprintf(sys, sizeof sys, "%.255s", system);
    char *paren = strstr(sys, " (");
    if (paren) *paren = '\0';
    if (strchr(sys, '-')) snprintf(out, n, "system:%s", sys);
    else snprintf(out, n, "%s", sys);
}

/* One of the paired parts k of a row: quantity qk, value vk (Celsius), system sk. */
static lmds_status thermo_value(imp *im, const char *qk, const char *vk, const char *sk, const char *at,
                                const char *wt, const char *ref, sqlite3_int64 rid)
{
    const char *prop = thermo_property(qk);
    double c;
    if (!prop)
        return imp_bad_row(im, "quantity", "quantity '%s' is not a liquidus, solidus, eutectic, peritectic, "
                           "congruent, invariant or melting temperature", qk);
    if (imp_parse_num(vk, &c) != 0 || c < -LMDS_C_TO_K)
        return imp_bad_row(im, "number", "value_C '%s' is not a temperature in Celsius", vk);
    char spec[300], mkey[300], notes[512];
    thermo_spec(at, sk, spec, sizeof spec);
    sqlite3_int64 mid;
    if (imp_material(im, spec, NULL, &mid, mkey, sizeof mkey) != LMDS_OK)
        return imp_bad_row(im, "formula", "composition '%s': %s", spec, lmds_errmsg());
    snprintf(notes, sizeof notes, "%.255s%s%.200s", qk, imp_blank(wt) ? "" : "; composition by weight ", wt);
    genome_val v;
    genome_val_init(&v);
    v.kind = "macroscopic";
    v.property = prop;
    v.unit = "K";
    v.value = v.lo = v.hi = c + LMDS_C_TO_K;
    v.reference_id = rid;
    int calc = strcasestr(qk, "CALPHAD") != NULL;
    v.value_type = calc ? "calculated" : "measured";
    v.method = calc ? "CALPHAD" : NULL;
    v.vt_detail = strstr(ref, "RECALLED") ? "recalled, not verified against the primary source" : NULL;
    v.notes = notes;
    v.form = "bulk";
    v.as_written = !imp_blank(at) ? at : sk;
    return imp_value(im, mid, mkey, &v, im->src->line);
}

static lmds_status thermo_row(imp *im, const int *col)
{
    const char *sys = genome_src_cell(im->src, col[0]), *at = genome_src_cell(im->src, col[1]),
               *wt = genome_src_cell(im->src, col[2]), *q = genome_src_cell(im->src, col[3]),
               *vc = genome_src_cell(im->src, col[4]), *ref = genome_src_cell(im->src, col[5]);
    if (imp_blank(ref)) return imp_bad_row(im, "reference", "no reference: every value needs one");
    /* "liquidus_T / solidus_T" with "25 / 16": paired parts; a single part applies to all. */
    char qs[4][256], vs[4][256], ss[4][256];
    int nq = split_slash(q, qs, 4), nv = split_slash(vc, vs, 4), ns = split_slash(sys, ss, 4);
    int n = nq > nv ? nq : nv;
    if (ns > n) n = ns;
    if ((nq != 1 && nq != n) || (nv != 1 && nv != n) || (ns != 1 && ns != n))
        return imp_bad_row(im, "quantity", "quantity '%s', value '%s' and system '%s' do not pair up", q, vc, sys);
    sqlite3_int64 rid;
    lmds_status st = imp_reference(im, ref, NULL, &rid);
    size_t rejected = im->rep->rejected;
    for (int k = 0; k < n && st == LMDS_OK && im->rep->rejected == rejected; k++)
        st = thermo_value(im, qs[nq == 1 ? 0 : k], vs[nv == 1 ? 0 : k], ss[ns == 1 ? 0 : k], ns == 1 ? at : "", wt,
                          ref, rid);
    return st;
}

lmds_status import_thermo(imp *im)
{
    static const char *const req[] = {"system", "quantity", "value_C", "reference", NULL};
    static const char *const cols[] = {"system", "composition_at", "composition_wt", "quantity", "value_C",
                                       "reference"};
    lmds_status st =
        genome_src_require(im->src, req, "system,composition_at,composition_wt,quantity,value_C,reference");
    int col[6];
    for (int k = 0; k < 6; k++) col[k] = genome_src_col(im->src, cols[k]);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1)
        if ((st = imp_progress(im)) == LMDS_OK) st = thermo_row(im, col);
    return st;
}
