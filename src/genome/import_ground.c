/* Importing ground-state quantities (kind "ground_state") and element properties (kind "elements").
 *
 * Ground state: element|material[,phase],<quantity columns>,source -- data/pressure/eos_and_slopes.csv (EOS and
 * measured dTc/dP), data/pressure/tunnel_materials.csv (EOS and Debye temperature per phase),
 * data/supercon/debye_temperatures.csv. Columns other than the quantities below (the tunnel model's gamma0, q, Tc0,
 * mu*, phi: model inputs, not measurements) are not values and are ignored. The EOS of a row is a DFT result when
 * its source names PBE (the Delta-test WIEN2k set), else the experimental (zero-point and thermally corrected) set;
 * dTc/dP and Debye temperatures are measurements.
 * Elements: a table with a `symbol` column, numeric columns and a `source` (or `reference`) column, or the
 * library's own element table (every value with its own source). */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"
#include "lmds/element.h"

static const struct { const char *col, *property, *kind, *unit; int eos; } GCOLS[] = {
    {"dTc_dP_K_per_GPa", "dTc_dP", "macroscopic", "K/GPa", 0},
    {"V0_A3_per_atom", "V0", "ground_state", "A^3/atom", 1}, {"V0_A3", "V0", "ground_state", "A^3/atom", 1},
    {"B0_GPa", "B0", "ground_state", "GPa", 1},             {"B0_prime", "B0_prime", "ground_state", NULL, 1},
    {"B0p", "B0_prime", "ground_state", NULL, 1},           {"gamma_G", "gruneisen_gamma", "ground_state", NULL, 0},
    {"theta_D_K", "debye_T", "ground_state", "K", 0}};
enum { NG = sizeof GCOLS / sizeof GCOLS[0] };
#define GROUND_HEADER "element|material[,phase,P_lo_GPa,P_hi_GPa,eos],<quantities>,source"

enum { G_MAT, G_SRC, G_PHASE, G_PLO, G_PHI, G_EOS, G_N };

static void ground_type(int k, const char *src, const char *eos, genome_val *v)
{
    int pbe = strstr(src, "PBE") != NULL;
    if (GCOLS[k].eos) {
        v->value_type = pbe ? "calculated" : "measured";
        v->vt_detail = pbe ? "DFT-PBE" : "experimental (zero-point and thermally corrected)";
        v->method = pbe ? "DFT-PBE (WIEN2k, Delta test)"
                        : (!imp_blank(eos) && strcasecmp(eos, "bm3") == 0 ? "Birch-Murnaghan 3rd order fit" : NULL);
    } else {
        v->value_type = "measured";
        v->vt_detail = "experimental";
        if (strcmp(v->property, "dTc_dP") == 0) v->pressure = 0, v->method = "hydrostatic pressure, initial slope";
    }
}

static lmds_status ground_row(imp *im, const int *c, const int *ci)
{
    const char *cell[G_N];
    for (int k = 0; k < G_N; k++) cell[k] = genome_src_cell(im->src, c[k]);
    if (imp_blank(cell[G_SRC])) return imp_bad_row(im, "reference", "no source: every value needs one");
    double x[NG];
    for (int k = 0; k < NG; k++) {
        const char *v = genome_src_cell(im->src, ci[k]);
        x[k] = NAN;
        if (!imp_blank(v) && imp_parse_num(v, &x[k]) != 0)
            return imp_bad_row(im, "number", "%s '%s' is not a number", GCOLS[k].col, v);
    }
    sqlite3_int64 mid, rid, sid = 0;
    char mkey[300];
    if (imp_material(im, cell[G_MAT], NULL, &mid, mkey, sizeof mkey) != LMDS_OK)
        return imp_bad_row(im, "formula", "material '%s': %s", cell[G_MAT], lmds_errmsg());
    lmds_status st = imp_reference(im, cell[G_SRC], NULL, &rid);
    /* The phase the EOS describes ("alpha-Ga", "Bi-II", "bcc"); "ambient" is the ambient stable phase. */
    char label[128] = "", poly[64] = "", range[128] = "";
    if (st == LMDS_OK && !imp_blank(cell[G_PHASE])) {
        snprintf(label, sizeof label, "%s (%s)", cell[G_PHASE], cell[G_MAT]);
        imp_polymorph_of(cell[G_PHASE], poly, sizeof poly);
        genome_structure si = {label, poly, NULL, "crystalline", NULL, NULL, NULL, NULL, 3, NAN};
        st = imp_structure(im, mid, &si, rid, &sid);
    }
    if (!imp_blank(cell[G_PLO]) || !imp_blank(cell[G_PHI]))
        snprintf(range, sizeof range, "phase from %s to %s GPa", imp_blank(cell[G_PLO]) ? "?" : cell[G_PLO],
                 imp_blank(cell[G_PHI]) ? "-" : cell[G_PHI]);
    for (int k = 0; k < NG && st == LMDS_OK; k++) {
        if (isnan(x[k])) continue;
        genome_val v;
        genome_val_init(&v);
        v.kind = GCOLS[k].kind;
        v.property = GCOLS[k].property;
        v.unit = GCOLS[k].unit;
        v.value = v.lo = v.hi = x[k];
        v.reference_id = rid;
        v.structure_id = sid;
        v.slabel = label[0] ? label : NULL;
        v.as_written = cell[G_MAT];
        v.form = "bulk";
        v.form_detail = range[0] ? range : NULL;
        ground_type(k, cell[G_SRC], cell[G_EOS], &v);
        st = imp_value(im, mid, mkey, &v, im->src->line);
    }
    return st;
}

lmds_status import_ground_state(imp *im)
{
    static const char *const names[G_N] = {"element", "source", "phase", "P_lo_GPa", "P_hi_GPa", "eos"};
    int c[G_N], ci[NG], nfound = 0;
    for (int k = 0; k < G_N; k++) c[k] = genome_src_col(im->src, names[k]);
    if (c[G_MAT] < 0) c[G_MAT] = genome_src_col(im->src, "material");
    const char *req[3] = {c[G_MAT] < 0 ? "element" : NULL, c[G_SRC] < 0 ? "source" : NULL, NULL};
    if (!req[0]) req[0] = req[1], req[1] = NULL;
    lmds_status st = genome_src_require(im->src, req, GROUND_HEADER);
    for (int k = 0; k < NG; k++) nfound += (ci[k] = genome_src_col(im->src, GCOLS[k].col)) >= 0;
    if (st == LMDS_OK && nfound == 0)
        st = lmds_error_at(LMDS_EPARSE, im->file, 1, 0, "no ground-state column (dTc_dP_K_per_GPa, "
                           "V0_A3[_per_atom], B0_GPa, B0_prime/B0p, gamma_G, theta_D_K); expected a header like "
                           GROUND_HEADER);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1)
        if ((st = imp_progress(im)) == LMDS_OK) st = ground_row(im, c, ci);
    return st;
}

/* ---- element properties ---- */

typedef struct elem_stmts {
    sqlite3_stmt *el, *prop;
} elem_stmts;

static lmds_status elem_prepare(imp *im, elem_stmts *e)
{
    memset(e, 0, sizeof *e);
    if (sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO main.element(z, symbol, name) VALUES(?,?,?)", -1, &e->el,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(im->g->db, "INSERT OR IGNORE INTO main.element_property(z, property, value, unit,"
                           " reference_id, source_id) VALUES(?,?,?,?,?,?)", -1, &e->prop, NULL) != SQLITE_OK)
        return genome_sqlerr(im->g, "preparing the element import");
    return LMDS_OK;
}

static void elem_finalize(elem_stmts *e)
{
    sqlite3_finalize(e->el);
    sqlite3_finalize(e->prop);
}

static lmds_status elem_put(imp *im, elem_stmts *e, int z)
{
    sqlite3_bind_int(e->el, 1, z);
    sqlite3_bind_text(e->el, 2, lmds_element_symbol(z), -1, SQLITE_STATIC);
    sqlite3_bind_text(e->el, 3, lmds_element_name(z) ? lmds_element_name(z) : "", -1, SQLITE_STATIC);
    return imp_step(im, e->el, "inserting an element");
}

static lmds_status elem_prop(imp *im, elem_stmts *e, int z, const char *name, double x, const char *unit,
                             sqlite3_int64 rid)
{
    sqlite3_bind_int(e->prop, 1, z);
    sqlite3_bind_text(e->prop, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(e->prop, 3, x);
    imp_bind_text(e->prop, 4, unit);
    sqlite3_bind_int64(e->prop, 5, rid);
    sqlite3_bind_int64(e->prop, 6, im->source_id);
    lmds_status st = imp_step(im, e->prop, "inserting an element property");
    if (st == LMDS_OK && sqlite3_changes(im->g->db) > 0) im->rep->inserted++;
    else if (st == LMDS_OK) im->rep->duplicates++;
    return st;
}

static lmds_status element_row(imp *im, elem_stmts *e, int c_sym, int c_src)
{
    const genome_src *s = im->src;
    const char *sym = genome_src_cell(s, c_sym), *src = genome_src_cell(s, c_src);
    if (imp_blank(src) && im->opts && im->opts->reference) src = im->opts->reference;
    int z;
    if (lmds_element_lookup(sym, &z) != LMDS_OK) return imp_bad_row(im, "element", "unknown element symbol '%s'", sym);
    if (imp_blank(src))
        return imp_bad_row(im, "reference", "no source: every value needs one (column 'source' or --reference)");
    for (int j = 0; j < s->ncols; j++) { /* check every number before writing any */
        const char *cell = genome_src_cell(s, j);
        double x;
        if (j == c_sym || j == c_src || strcmp(s->header[j], "Z") == 0 || strcmp(s->header[j], "name") == 0 ||
            imp_blank(cell))
            continue;
        if (imp_parse_num(cell, &x) != 0) return imp_bad_row(im, "number", "%s '%s' is not a number", s->header[j], cell);
    }
    sqlite3_int64 rid;
    lmds_status st = imp_reference(im, src, NULL, &rid);
    if (st == LMDS_OK) st = elem_put(im, e, z);
    for (int j = 0; j < s->ncols && st == LMDS_OK; j++) {
        const char *cell = genome_src_cell(s, j);
        double x;
        if (j == c_sym || j == c_src || strcmp(s->header[j], "Z") == 0 || strcmp(s->header[j], "name") == 0 ||
            imp_blank(cell) || imp_parse_num(cell, &x) != 0)
            continue;
        st = elem_prop(im, e, z, s->header[j], x, NULL, rid);
    }
    return st;
}

lmds_status import_elements_table(imp *im)
{
    static const char *const req[] = {"symbol", NULL};
    lmds_status st = genome_src_require(im->src, req, "symbol,<numeric property columns>,source");
    int c_sym = genome_src_col(im->src, "symbol"), c_src = genome_src_col(im->src, "source");
    if (c_src < 0) c_src = genome_src_col(im->src, "reference");
    elem_stmts e = {0};
    if (st == LMDS_OK) st = elem_prepare(im, &e);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1)
        if ((st = imp_progress(im)) == LMDS_OK) st = element_row(im, &e, c_sym, c_src);
    elem_finalize(&e);
    return st;
}

void import_elements_library_hash(char hex[65])
{
    /* The library's element table: digest its content so a changed table is a new source. */
    genome_sha256 h;
    char buf[128];
    genome_sha256_init(&h);
    for (int z = 1; z <= LMDS_ZMAX; z++)
        for (int i = 0; i < lmds_element_nprops(); i++) {
            int k = snprintf(buf, sizeof buf, "%d|%d|%.17g;", z, i, lmds_element_get(z, i));
            genome_sha256_update(&h, buf, (size_t)k);
        }
    genome_sha256_hex(&h, hex);
}

/* The library's element table (data/elements.csv, embedded), every value with its own source. */
lmds_status import_elements_library(imp *im)
{
    elem_stmts e = {0};
    lmds_status st = elem_prepare(im, &e);
    int np = lmds_element_nprops();
    for (int z = 1; z <= LMDS_ZMAX && st == LMDS_OK; z++) {
        if (!lmds_element_symbol(z)) continue;
        im->rep->rows++;
        st = elem_put(im, &e, z);
        for (int i = 0; i < np && st == LMDS_OK; i++) {
            double x = lmds_element_get(z, i);
            if (!isfinite(x)) continue;
            const char *src = lmds_element_value_source(z, i);
            char cit[512];
            snprintf(cit, sizeof cit, "%s", imp_blank(src) ? "lmds element table data/elements.csv (no source given)" : src);
            sqlite3_int64 rid;
            if ((st = imp_reference(im, cit, NULL, &rid)) == LMDS_OK)
                st = elem_prop(im, &e, z, lmds_element_prop_name(i), x, lmds_element_prop_unit(i), rid);
        }
    }
    elem_finalize(&e);
    return st;
}
