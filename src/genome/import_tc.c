/* Importing superconductors (kind "superconductors"), three table formats recognised by their header:
 *  - curated: material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,value_type,notes
 *    [,lmds_composition][,phase][,polymorph][,structure] -- one measurement per row; Tc_K a number, a range "7-10",
 *    a bound "<1.5"/">8" or empty; quantities named in other_props (Hc(0)=..., lambda_ep=..., melting point ... K)
 *    become values of their own with the same reference and conditions;
 *  - SuperCon lists (Stanev et al. 2018): name,Tc -- Tc = 0 means "no Tc reported"; an overrides file marks the
 *    rows whose value mixes polymorphs, pressures or forms;
 *  - interaction parameters: material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source. */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genome_internal.h"

/* Tc as written: "1.083", "7-10", "<1.5", ">8", "" (missing). */
static int parse_tc(const char *s, genome_val *v)
{
    double a, b;
    if (imp_blank(s)) {
        v->relation = "none";
        return 0;
    }
    if (s[0] == '<' || s[0] == '>') {
        if (imp_parse_num(s + 1 + (s[1] == '='), &a) != 0 || a < 0) return -1;
        v->relation = s[0] == '<' ? "<" : ">";
        if (s[0] == '<') v->hi = a;
        else v->lo = a;
        return 0;
    }
    const char *dash = strchr(s + 1, '-');
    if (dash) {
        char lo[64];
        size_t n = (size_t)(dash - s);
        if (n >= sizeof lo) return -1;
        memcpy(lo, s, n);
        lo[n] = '\0';
        if (imp_parse_num(lo, &a) != 0 || imp_parse_num(dash + 1, &b) != 0 || a < 0 || b < a) return -1;
        v->relation = "range";
        v->lo = a;
        v->hi = b;
        v->value = 0.5 * (a + b); /* midpoint, for sorting; the bounds are the data */
        return 0;
    }
    if (imp_parse_num(s, &a) != 0 || a < 0) return -1;
    v->value = v->lo = v->hi = a;
    return 0;
}

/* Form category from the route as written: "confined (porous glass)" -> "confined". */
static const char *form_category(const char *f)
{
    static const struct { const char *prefix, *cat; } map[] = {
        {"2D", "2D"}, {"confined", "confined"}, {"amorphous", "amorphous"}, {"printed film", "printed film"},
        {"film", "film"}, {"wire", "wire"}, {"nanodroplet", "nanodroplet"}, {"microdroplet", "nanodroplet"},
        {"droplet", "nanodroplet"}, {"bulk", "bulk"}, {"liquid", "liquid"}};
    if (imp_blank(f)) return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncasecmp(f, map[i].prefix, strlen(map[i].prefix)) == 0) return map[i].cat;
    if (strcasestr(f, "droplet")) return "nanodroplet";
    return "other";
}

/* value_type "measured (onset)" -> type "measured", detail "onset". */
static int parse_value_type(const char *s, char *type, size_t nt, char *detail, size_t nd)
{
    static const char *types[] = {"measured", "calculated", "textbook", "missing", "not_reported"};
    detail[0] = '\0';
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(s, types[i], n) == 0 && (s[n] == '\0' || s[n] == ' ' || s[n] == '(')) {
            snprintf(type, nt, "%s", types[i]);
            const char *p = strchr(s + n, '(');
            if (p) {
                snprintf(detail, nd, "%s", p + 1);
                char *q = strrchr(detail, ')');
                if (q) *q = '\0';
            }
            return 0;
        }
    }
    return -1;
}

static const char *criterion_of(const char *a, const char *b, const char *c)
{
    const char *texts[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        if (imp_blank(texts[i])) continue;
        if (strcasestr(texts[i], "onset")) return "onset";
        if (strcasestr(texts[i], "zero resistance")) return "zero_resistance";
        if (strcasestr(texts[i], "midpoint")) return "midpoint";
        /* "magnetic" only when the value type says so: other_props mention magnetisation for other reasons. */
        if (i == 0 && (strcasestr(texts[i], "magnetiz") || strcasestr(texts[i], "Meissner"))) return "magnetic";
    }
    return NULL;
}

/* Quantities written inside other_props, e.g. "Hc(0)=5.83 mT; type-I; melting point 302.91 K". Each pattern:
 * name prefix, property, kind, target unit, and a factor on the value. */
typedef struct prop_pattern {
    const char *prefix, *property, *kind, *unit;
    double factor; /* extra factor on the value (2 for Delta/kTc -> 2Delta/kTc) */
} prop_pattern;

static const prop_pattern PATTERNS[] = {
    {"mu0Hc2(0)", "Hc2", "macroscopic", "T", 1}, {"mu0Hc1(0)", "Hc1", "macroscopic", "mT", 1},
    {"Bc2(0)", "Hc2", "macroscopic", "T", 1},    {"Hc2(0)", "Hc2", "macroscopic", "T", 1},
    {"Hc2", "Hc2", "macroscopic", "T", 1},       {"Hc1(0)", "Hc1", "macroscopic", "mT", 1},
    {"Hc1", "Hc1", "macroscopic", "mT", 1},      {"Hc(0)", "Hc", "macroscopic", "mT", 1},
    {"Bc(0)", "Hc", "macroscopic", "mT", 1},     {"lambda_ep", "lambda", "interaction", NULL, 1},
    {"gamma_n", "sommerfeld_gamma", "ground_state", "mJ/(mol K^2)", 1},
    {"kappa_GL", "kappa_GL", "macroscopic", NULL, 1}, {"xi_GL", "coherence_length", "macroscopic", "nm", 1},
    {"Delta(0)/kBTc", "gap_ratio_2delta_kTc", "macroscopic", NULL, 2},
    {"2Delta/kBTc", "gap_ratio_2delta_kTc", "macroscopic", NULL, 1},
    {"melting point", "melting_T", "macroscopic", "K", 1},
};

/* Convert value v in unit u to the pattern's target unit; 0 on success. */
static int convert_unit(const char *u, const char *target, double *v)
{
    if (!target) return 0;
    static const struct { const char *from, *to; double f; } conv[] = {
        {"mT", "mT", 1}, {"T", "mT", 1000}, {"Oe", "mT", 0.1}, {"G", "mT", 0.1}, {"uT", "mT", 1e-3},
        {"T", "T", 1},   {"mT", "T", 1e-3}, {"K", "K", 1},     {"nm", "nm", 1}, {"mJ/mol", "mJ/(mol K^2)", 1}};
    for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
        size_t n = strlen(conv[i].from);
        if (strcmp(conv[i].to, target) == 0 && strncmp(u, conv[i].from, n) == 0 &&
            (u[n] == '\0' || u[n] == ' ' || u[n] == ';' || u[n] == ',' || u[n] == ')' ||
             strcmp(conv[i].from, "mJ/mol") == 0)) {
            *v *= conv[i].f;
            return 0;
        }
    }
    return -1;
}

typedef struct found_prop {
    const prop_pattern *pat;
    double value;
    char item[160];
} found_prop;

/* One item "name = value unit" against the patterns: 1 with *out filled. */
static int match_prop(const char *item, found_prop *out)
{
    for (size_t k = 0; k < sizeof PATTERNS / sizeof PATTERNS[0]; k++) {
        const prop_pattern *pt = &PATTERNS[k];
        size_t len = strlen(pt->prefix);
        if (strncmp(item, pt->prefix, len) != 0) continue;
        const char *p = item + len;
        while (*p == ' ') p++;
        if (!strchr(pt->prefix, ' ')) {
            if (*p != '=' && *p != '~') return 0; /* e.g. "Hc2(T) exceeds ..." is not a value */
            p++;
        }
        while (*p == ' ') p++;
        char *end;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v)) return 0;
        p = end;
        if (*p == '(') { /* uncertainty in the last digits: 2.00(5) */
            while (*p && *p != ')') p++;
            if (*p) p++;
        }
        while (*p == ' ') p++;
        if (pt->unit && convert_unit(p, pt->unit, &v) != 0) return 0;
        out->pat = pt;
        out->value = v * pt->factor;
        snprintf(out->item, sizeof out->item, "%s", item);
        return 1;
    }
    return 0;
}

static int scan_other_props(const char *text, found_prop *out, int max)
{
    int n = 0;
    char buf[2048];
    if (imp_blank(text)) return 0;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *item = strtok_r(buf, ";", &save); item && n < max; item = strtok_r(NULL, ";", &save)) {
        while (isspace((unsigned char)*item)) item++;
        n += match_prop(item, &out[n]);
    }
    return n;
}

/* ---- the curated superconductors table ---- */

enum { C_MAT, C_COMP, C_LC, C_FORM, C_P, C_TC, C_OTHER, C_REF, C_URL, C_VT, C_NOTES, C_PHASE, C_POLY, C_STRUCT, NC };
static const char *const CURATED_COLS[NC] = {"material", "composition", "lmds_composition", "form", "pressure_GPa",
                                             "Tc_K", "other_props", "reference", "source_url", "value_type", "notes",
                                             "phase", "polymorph", "structure"};
#define CURATED_HEADER                                                                                             \
    "material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,value_type,notes"              \
    "[,lmds_composition,phase,polymorph,structure]"

/* A Hermann-Mauguin symbol ("I4/mmm", "Pm-3n", "P6_3/mmc", "Cmce") or a space-group number, rather than a
 * prototype ("A15", "PtPb3Bi type", "AuCu3"). */
static int is_space_group(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end != s && *end == '\0') return n >= 1 && n <= 230;
    if (!strchr("PIFCABR", s[0]) || strchr(s, ' ')) return 0;
    return strpbrk(s, "/-_") != NULL || (s[1] && strchr("mcnabde", s[1]) != NULL);
}

/* Why a curated row is not a plain measurement of the ambient stable polymorph in bulk, from its own words:
 * "metastable", "deformation-induced", "irradiated", "interfacial"/"granular", "multi-phase", and "high pressure"
 * without a stated pressure (a stated pressure is handled by the lookup's pressure window). NULL when none. */
static const char *curated_caveat(const char *const *texts, int n, int has_pressure)
{
    static const struct { const char *word, *caveat; int needs_no_p; } rules[] = {
        {"metastable", "metastable", 0},    {"deformation-induced", "metastable", 0},
        {"irradiat", "irradiated", 0},      {"interfacial", "interface", 0},
        {"granular", "interface", 0},       {"multi-phase", "averaged", 0},
        {"high pressure", "pressure", 1},   {"high-pressure", "pressure", 1},
        {"pressure-induced", "pressure", 1}, {"under pressure", "pressure", 1}};
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        for (int i = 0; i < n; i++)
            if (!imp_blank(texts[i]) && strcasestr(texts[i], rules[r].word) && !(rules[r].needs_no_p && has_pressure))
                return rules[r].caveat;
    return NULL;
}

/* The sample's structure/state from the row: label, polymorph (column, else from the label), phase, space group
 * or prototype, state, dimensionality, confinement, substrate. Buffers belong to the caller. */
static void curated_structure(const char *const *cell, const char *cat, genome_structure *si, char *poly, size_t np,
                              char *conf, size_t nc, char *subst, size_t ns)
{
    const char *label = cell[C_MAT], *form = cell[C_FORM];
    if (!imp_blank(cell[C_POLY])) snprintf(poly, np, "%s", cell[C_POLY]);
    else imp_polymorph_of(label, poly, np);
    *si = (genome_structure){label, poly, cell[C_PHASE], "unknown", NULL, NULL, NULL, NULL, -1, NAN};
    if (!imp_blank(cell[C_STRUCT])) {
        if (is_space_group(cell[C_STRUCT])) si->space_group = cell[C_STRUCT];
        else si->prototype = cell[C_STRUCT];
    }
    if ((cat && strcmp(cat, "amorphous") == 0) || strcasestr(label, "amorphous") || strcasecmp(poly, "amorphous") == 0)
        si->state = "amorphous";
    else if (cat && strcmp(cat, "liquid") == 0) si->state = "liquid";
    else if (poly[0]) si->state = "crystalline";
    if (cat && strcmp(cat, "2D") == 0) si->dimensionality = 2;
    else if (cat && strcmp(cat, "wire") == 0) si->dimensionality = 1;
    else if (cat && strcmp(cat, "nanodroplet") == 0) si->dimensionality = 0;
    else if (cat && strcmp(cat, "bulk") == 0) si->dimensionality = 3;
    if (cat && strcmp(cat, "confined") == 0) {
        const char *p = strchr(form, '(');
        snprintf(conf, nc, "%s", p ? p + 1 : form);
        char *q = strrchr(conf, ')');
        if (q) *q = '\0';
        si->confinement = conf;
    }
    const char *on = strstr(label, " on ");
    if (!on) on = strstr(form, "(on ");
    if (on) {
        on += 4;
        size_t k = 0;
        subst[0] = '\0';
        while (on[k] && on[k] != ' ' && on[k] != ',' && on[k] != ')' && k < ns - 1) {
            subst[k] = on[k];
            subst[++k] = '\0';
        }
        si->substrate = subst;
    }
}

/* Values of other_props: same conditions and reference as the row's Tc. */
static lmds_status curated_other_props(imp *im, sqlite3_int64 mid, const char *mkey, const genome_val *tc,
                                       const char *other, const char *vtype, long line)
{
    found_prop fp[16];
    int nf = scan_other_props(other, fp, 16);
    lmds_status st = LMDS_OK;
    for (int k = 0; k < nf && st == LMDS_OK; k++) {
        genome_val w = *tc;
        w.kind = fp[k].pat->kind;
        w.property = fp[k].pat->property;
        w.unit = fp[k].pat->unit;
        w.relation = "=";
        w.value = w.lo = w.hi = fp[k].value;
        w.criterion = NULL;
        w.notes = fp[k].item;
        if (strcmp(vtype, "missing") == 0) w.value_type = "measured";
        st = imp_value(im, mid, mkey, &w, line);
    }
    return st;
}

static lmds_status curated_row(imp *im, const char *const *cell)
{
    const char *spec = imp_blank(cell[C_LC]) ? cell[C_COMP] : cell[C_LC];
    const char *ref = cell[C_REF], *form = cell[C_FORM];
    if (imp_blank(spec)) return imp_bad_row(im, "composition", "no composition");
    if (imp_blank(ref)) return imp_bad_row(im, "reference", "no reference: every value needs one");
    char vtype[32], vdetail[128];
    if (parse_value_type(cell[C_VT], vtype, sizeof vtype, vdetail, sizeof vdetail) != 0)
        return imp_bad_row(im, "value_type", "value_type '%s' is not measured, calculated, textbook, missing or "
                           "not_reported", cell[C_VT]);
    genome_val v;
    genome_val_init(&v);
    if (parse_tc(cell[C_TC], &v) != 0)
        return imp_bad_row(im, "tc", "Tc_K '%s' is not a number, a range (7-10) or a bound (<1.5, >8)", cell[C_TC]);
    if (!imp_blank(cell[C_P]) && (imp_parse_num(cell[C_P], &v.pressure) != 0 || v.pressure < 0))
        return imp_bad_row(im, "pressure", "pressure_GPa '%s' is not a non-negative number", cell[C_P]);
    sqlite3_int64 mid, sid = 0, rid;
    char mkey[300];
    if (imp_material(im, spec, NULL, &mid, mkey, sizeof mkey) != LMDS_OK)
        return imp_bad_row(im, "formula", "composition '%s': %s", spec, lmds_errmsg());
    lmds_status st = imp_reference(im, ref, cell[C_URL], &rid);
    char poly[64], conf[128] = "", subst[128] = "";
    const char *cat = form_category(form);
    genome_structure si;
    curated_structure(cell, cat, &si, poly, sizeof poly, conf, sizeof conf, subst, sizeof subst);
    if (st == LMDS_OK) st = imp_structure(im, mid, &si, rid, &sid);
    if (st != LMDS_OK) return st;
    const char *texts[] = {cell[C_MAT], form, cell[C_POLY], cell[C_PHASE]};
    v.kind = "macroscopic";
    v.property = "tc";
    v.unit = "K";
    v.criterion = criterion_of(vdetail, cell[C_OTHER], cell[C_NOTES]);
    v.form = cat;
    v.form_detail = imp_blank(form) ? NULL : form;
    v.value_type = vtype;
    v.vt_detail = vdetail[0] ? vdetail : NULL;
    v.method = strcmp(vtype, "calculated") == 0 ? "theory (see reference)" : NULL;
    v.notes = imp_blank(cell[C_NOTES]) ? NULL : cell[C_NOTES];
    v.structure_id = sid;
    v.slabel = cell[C_MAT];
    v.reference_id = rid;
    v.as_written = cell[C_COMP];
    v.caveat = curated_caveat(texts, 4, !isnan(v.pressure));
    if (strcmp(v.relation, "none") == 0 && strcmp(vtype, "missing") != 0 && vdetail[0] == '\0')
        v.vt_detail = "no Tc value in the source row";
    if ((st = imp_value(im, mid, mkey, &v, im->src->line)) != LMDS_OK) return st;
    return curated_other_props(im, mid, mkey, &v, cell[C_OTHER], vtype, im->src->line);
}

static lmds_status import_curated(imp *im)
{
    static const char *const req[] = {"material", "composition", "Tc_K", "reference", "value_type", NULL};
    lmds_status st = genome_src_require(im->src, req, CURATED_HEADER);
    int col[NC];
    for (int k = 0; k < NC; k++) col[k] = genome_src_col(im->src, CURATED_COLS[k]);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1) {
        const char *cell[NC];
        for (int k = 0; k < NC; k++) cell[k] = genome_src_cell(im->src, col[k]);
        if (imp_blank(cell[C_MAT])) cell[C_MAT] = cell[C_COMP];
        if ((st = imp_progress(im)) == LMDS_OK) st = curated_row(im, cell);
    }
    return st;
}

/* ---- SuperCon lists: name,Tc, and the overrides of rows that mix polymorphs, pressures or forms ---- */

#define STANEV_REF                                                                                             \
    "V. Stanev, C. Oses, A.G. Kusne, E. Rodriguez, J. Paglione, S. Curtarolo, I. Takeuchi, npj Comput. Mater. " \
    "4, 29 (2018), doi:10.1038/s41524-018-0085-8 (compositions and Tc from the NIMS SuperCon database; CC BY 4.0)"

typedef struct override {
    char formula[64];    /* reduced formula, "" when matched by as_written only */
    char as_written[96]; /* "" = every row of the formula */
    char action[16];
    char detail[512];    /* "action: note [reference]" */
    long line, hits;
} override;

typedef struct overrides {
    override *v;
    size_t n;
    const char *file;
} overrides;

static int override_action_ok(const char *a)
{
    static const char *const actions[] = {"averaged", "pressure", "metastable", "film", "irradiated", "mislabel",
                                          "duplicate"};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(a, actions[i]) == 0) return 1;
    return 0;
}

static lmds_status override_row(const genome_src *s, const int *col, override *o)
{
    const char *f = genome_src_cell(s, col[0]), *aw = genome_src_cell(s, col[1]), *action = genome_src_cell(s, col[2]),
               *note = genome_src_cell(s, col[3]), *ref = genome_src_cell(s, col[4]);
    memset(o, 0, sizeof *o);
    o->line = s->line;
    if (!override_action_ok(action))
        return lmds_error_at(LMDS_EPARSE, s->file, (int)s->line, 0, "action '%s' is not averaged, pressure, "
                             "metastable, film, irradiated, mislabel or duplicate", action);
    if (imp_blank(ref)) return lmds_error_at(LMDS_EPARSE, s->file, (int)s->line, 0, "an override needs a reference");
    if (imp_blank(f) && imp_blank(aw))
        return lmds_error_at(LMDS_EPARSE, s->file, (int)s->line, 0, "an override needs a formula or as_written");
    if (!imp_blank(f)) {
        lmds_comp c;
        if (lmds_comp_parse(f, NULL, &c) != LMDS_OK || lmds_comp_formula(&c, o->formula, sizeof o->formula) != LMDS_OK)
            return lmds_error_at(LMDS_EPARSE, s->file, (int)s->line, 0, "formula '%s': %s", f, lmds_errmsg());
    }
    snprintf(o->as_written, sizeof o->as_written, "%s", aw);
    snprintf(o->action, sizeof o->action, "%s", action);
    snprintf(o->detail, sizeof o->detail, "%s: %s [%s]", action, imp_blank(note) ? "(no note)" : note, ref);
    return LMDS_OK;
}

static lmds_status overrides_load(overrides *ov, FILE *f, const char *file)
{
    static const char *const req[] = {"formula", "as_written", "action", "note", "reference", NULL};
    genome_src s;
    memset(ov, 0, sizeof *ov);
    ov->file = file;
    lmds_status st = genome_src_open(&s, f, NULL, 0, file);
    if (st != LMDS_OK) return st;
    int col[5];
    if ((st = genome_src_require(&s, req, "formula,as_written,action,note,reference")) == LMDS_OK)
        for (int k = 0; k < 5; k++) col[k] = genome_src_col(&s, req[k]);
    size_t cap = 0;
    while (st == LMDS_OK && genome_src_next(&s, &st) == 1) {
        if (ov->n == cap) {
            override *v = realloc(ov->v, (cap = cap ? 2 * cap : 64) * sizeof *v);
            if (!v) {
                st = lmds_error(LMDS_ENOMEM, "out of memory reading %s", file);
                break;
            }
            ov->v = v;
        }
        if ((st = override_row(&s, col, &ov->v[ov->n])) == LMDS_OK) ov->n++;
    }
    genome_src_close(&s);
    return st;
}

/* The override for a row: as_written exact when the override gives it, else the reduced formula. */
static override *override_find(overrides *ov, const char *name, const char *mkey)
{
    for (size_t i = 0; i < ov->n; i++) {
        override *o = &ov->v[i];
        if (o->as_written[0] ? strcmp(o->as_written, name) == 0 : strcmp(o->formula, mkey) == 0) return o;
    }
    return NULL;
}

static void apply_override(override *o, genome_val *v)
{
    o->hits++;
    v->caveat = o->action;
    v->vt_detail = o->detail;
    if (strcmp(o->action, "film") == 0) {
        v->form = "film";
        v->form_detail = "film (SuperCon value; overrides file)";
    } else if (strcmp(o->action, "pressure") == 0)
        v->form_detail = "under pressure (SuperCon value; pressure not stated)";
}

static lmds_status supercon_row(imp *im, int c_name, int c_tc, int c_ref, sqlite3_int64 rid_default, overrides *ov)
{
    const char *name = genome_src_cell(im->src, c_name), *tc = genome_src_cell(im->src, c_tc);
    double x;
    if (imp_blank(name)) return imp_bad_row(im, "formula", "empty formula");
    if (imp_parse_num(tc, &x) != 0 || x < 0) return imp_bad_row(im, "tc", "Tc '%s' is not a non-negative number", tc);
    sqlite3_int64 mid, rid = rid_default;
    char mkey[300];
    if (imp_material(im, name, name, &mid, mkey, sizeof mkey) != LMDS_OK) {
        /* Deuterium and tritium (D, T) are not element symbols for the composition parser; they are kept apart
         * from the other rejects because PdD and PdH are different superconductors. */
        const char *msg = lmds_errmsg();
        int isotope = strstr(msg, "unknown element 'D'") || strstr(msg, "unknown element 'T'");
        return imp_bad_row(im, isotope ? "formula_isotope" : "formula", "formula '%s': %s", name, msg);
    }
    if (c_ref >= 0) {
        const char *ref = genome_src_cell(im->src, c_ref);
        if (imp_blank(ref)) return imp_bad_row(im, "reference", "no reference: every value needs one");
        lmds_status st = imp_reference(im, ref, NULL, &rid);
        if (st != LMDS_OK) return st;
    }
    genome_val v;
    genome_val_init(&v);
    v.kind = "macroscopic";
    v.property = "tc";
    v.unit = "K";
    v.reference_id = rid;
    v.method = "experiment (SuperCon)";
    v.as_written = name;
    if (x == 0) {
        /* SuperCon's 0: no Tc reported, which Stanev et al. use as the non-superconductor class. */
        v.relation = "none";
        v.value_type = "not_reported";
        v.vt_detail = "Tc = 0 in the source: no superconductivity reported";
    } else {
        v.value = v.lo = v.hi = x;
        v.value_type = "measured";
    }
    override *o = ov->n ? override_find(ov, name, mkey) : NULL;
    if (o && x > 0) {
        apply_override(o, &v);
        im->rep->overridden++;
    }
    return imp_value(im, mid, mkey, &v, im->src->line);
}

static lmds_status import_supercon(imp *im, FILE *of, const char *ofile)
{
    int c_name = genome_src_col(im->src, "name"), c_tc = genome_src_col(im->src, "Tc");
    int c_ref = genome_src_col(im->src, "reference");
    sqlite3_int64 rid_default = 0;
    overrides ov = {0};
    lmds_status st = of ? overrides_load(&ov, of, ofile) : LMDS_OK;
    if (st == LMDS_OK && c_ref < 0)
        st = imp_reference(im, STANEV_REF, "https://doi.org/10.1038/s41524-018-0085-8", &rid_default);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1)
        if ((st = imp_progress(im)) == LMDS_OK) st = supercon_row(im, c_name, c_tc, c_ref, rid_default, &ov);
    for (size_t i = 0; st == LMDS_OK && i < ov.n; i++)
        if (ov.v[i].hits == 0)
            lmds_warn("%s:%ld: override (%s %s) matches no row of %s", ofile, ov.v[i].line,
                      ov.v[i].as_written[0] ? ov.v[i].as_written : ov.v[i].formula, ov.v[i].action, im->file);
    free(ov.v);
    return st;
}

/* ---- interaction parameters: material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source */

static const char *method_of(const char *src)
{
    if (strstr(src, "Elk")) return "DFPT (Elk)";
    if (strstr(src, "SCTK") && strstr(src, "SCDFT")) return "SCDFT (SCTK)";
    if (strstr(src, "SCTK")) return "DFPT (Quantum ESPRESSO, SCTK)";
    if (strstr(src, "EPW")) return "DFPT + Wannier (EPW)";
    if (strstr(src, "PAOFLOW")) return "DFPT (via PAOFLOW)";
    if (strstr(src, "ABINIT")) return "DFPT (ABINIT)";
    return NULL;
}

static const struct { const char *col, *property, *kind, *unit; } ICOLS[] = {
    {"lambda", "lambda", "interaction", NULL},  {"omega_log_K", "omega_log", "interaction", "K"},
    {"omega2_K", "omega2", "interaction", "K"}, {"mu_star", "mu_star", "interaction", NULL},
    {"Tc_exp_K", "tc", "macroscopic", "K"},     {"Tc_calc_K", "tc", "macroscopic", "K"},
    {"gap_ratio", "gap_ratio_2delta_kTc", "macroscopic", NULL}};
#define NICOLS (sizeof ICOLS / sizeof ICOLS[0])

static void interaction_type(const char *col, const char *src, genome_val *v)
{
    const char *method = method_of(src);
    int computed = method != NULL || strcasestr(src, "calculat") || strcasestr(src, "DFPT");
    if (strcmp(col, "Tc_exp_K") == 0) v->value_type = "measured";
    else if (strcmp(col, "Tc_calc_K") == 0) {
        v->value_type = "calculated";
        v->method = strstr(src, "SCDFT") ? "SCDFT" : strstr(src, "Allen-Dynes") ? "Allen-Dynes" : method;
    } else {
        v->value_type = computed ? "calculated" : "measured";
        v->method = method;
    }
    if (strcmp(col, "mu_star") == 0) v->notes = "Coulomb pseudopotential as used by the source";
}

static lmds_status interaction_row(imp *im, int c_mat, int c_src, const int *ci)
{
    const char *mat = genome_src_cell(im->src, c_mat), *src = genome_src_cell(im->src, c_src);
    if (imp_blank(src)) return imp_bad_row(im, "reference", "no source: every value needs one");
    double x[NICOLS];
    for (size_t k = 0; k < NICOLS; k++) {
        const char *cell = genome_src_cell(im->src, ci[k]);
        x[k] = NAN;
        if (!imp_blank(cell) && (imp_parse_num(cell, &x[k]) != 0 || x[k] < 0))
            return imp_bad_row(im, "number", "%s '%s' is not a non-negative number", ICOLS[k].col, cell);
    }
    sqlite3_int64 mid, rid;
    char mkey[300];
    if (imp_material(im, mat, NULL, &mid, mkey, sizeof mkey) != LMDS_OK)
        return imp_bad_row(im, "formula", "material '%s': %s", mat, lmds_errmsg());
    lmds_status st = imp_reference(im, src, NULL, &rid);
    for (size_t k = 0; k < NICOLS && st == LMDS_OK; k++) {
        if (isnan(x[k])) continue;
        genome_val v;
        genome_val_init(&v);
        v.kind = ICOLS[k].kind;
        v.property = ICOLS[k].property;
        v.unit = ICOLS[k].unit;
        v.value = v.lo = v.hi = x[k];
        v.reference_id = rid;
        v.as_written = mat;
        interaction_type(ICOLS[k].col, src, &v);
        st = imp_value(im, mid, mkey, &v, im->src->line);
    }
    return st;
}

static lmds_status import_interaction(imp *im)
{
    static const char *const req[] = {"material", "source", NULL};
    lmds_status st = genome_src_require(
        im->src, req, "material,lambda,omega_log_K,omega2_K,mu_star,Tc_exp_K,Tc_calc_K,gap_ratio,source");
    int ci[NICOLS], c_mat = genome_src_col(im->src, "material"), c_src = genome_src_col(im->src, "source");
    for (size_t k = 0; k < NICOLS; k++) ci[k] = genome_src_col(im->src, ICOLS[k].col);
    while (st == LMDS_OK && genome_src_next(im->src, &st) == 1)
        if ((st = imp_progress(im)) == LMDS_OK) st = interaction_row(im, c_mat, c_src, ci);
    return st;
}

lmds_status import_superconductors(imp *im, FILE *overrides_file, const char *overrides_name)
{
    const genome_src *s = im->src;
    if (genome_src_col(s, "Tc_K") >= 0) return import_curated(im);
    if (genome_src_col(s, "name") >= 0 && genome_src_col(s, "Tc") >= 0)
        return import_supercon(im, overrides_file, overrides_name);
    if (genome_src_col(s, "lambda") >= 0 || genome_src_col(s, "omega_log_K") >= 0) return import_interaction(im);
    return lmds_error_at(LMDS_EPARSE, im->file, 1, 0,
                         "not a superconductors table; expected one of these headers: " CURATED_HEADER
                         " (curated); name,Tc (SuperCon list); material,lambda,omega_log_K,omega2_K,mu_star,"
                         "Tc_exp_K,Tc_calc_K,gap_ratio,source (interaction parameters)");
}
