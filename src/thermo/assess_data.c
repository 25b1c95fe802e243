/* Binary assessment: reading the measured data (one CSV file of liquidus, solidus, invariant, congruent-melting
 * and mixing-enthalpy rows) into the assessment context, with the default uncertainties of assess_internal.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "lmds/element.h"
#include "thermo/assess_internal.h"

/* ---------- small helpers ---------- */

void as_upcase(const char *s, char *o, size_t n) {
    size_t k = 0;
    for (; s[k] && k + 1 < n; k++) o[k] = (char)toupper((unsigned char)s[k]);
    o[k] = 0;
}

static int icontains(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == tolower((unsigned char)needle[k])) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* "Ga83.5-In16.5", "In78.2-Bi21.8", "K77-Na23 (NaK-77/78)": amounts of the two elements. 0 on success. */
static int parse_pair(const char *s, const actx *c, double *nA, double *nB, int *n_el) {
    *nA = *nB = 0;
    *n_el = 0;
    const char *p = s;
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return 1;
    while (*p && *p != '(') {
        if (*p == '-' || isspace((unsigned char)*p)) { p++; continue; }
        if (!isupper((unsigned char)*p)) return -1;
        char sym[4] = {0};
        int k = 0;
        sym[k++] = *p++;
        if (islower((unsigned char)*p)) sym[k++] = *p++;
        char *end;
        double v = strtod(p, &end);
        if (end == p || !(v >= 0)) return -1;
        p = end;
        char up[4];
        as_upcase(sym, up, sizeof up);
        if (!strcmp(up, c->A)) *nA += v;
        else if (!strcmp(up, c->B)) *nB += v;
        else return -1;
        (*n_el)++;
    }
    return (*nA + *nB > 0) ? 0 : -1;
}

static double wt_to_x(const actx *c, double wA, double wB) {
    double mA = lmds_element_mass(c->zA), mB = lmds_element_mass(c->zB);
    double a = wA / mA, b = wB / mB;
    return b / (a + b);
}

/* Is this row's system the assessed one ("Ga-In", "In-Ga", or "Ga (pure)" for an element of the pair)?
 * Returns 2 for the binary, 1 for a pure element of it, 0 otherwise. */
static int row_system(const actx *c, const char *sys) {
    char buf[64];
    as_upcase(sys, buf, sizeof buf);
    if (strstr(buf, "PURE")) {
        char sym[4] = {0};
        int k = 0;
        for (const char *p = buf; *p && k < 3 && isalpha((unsigned char)*p); p++) sym[k++] = *p;
        /* "Na (pure) / K (pure)" names two elements: accept if both belong to the pair */
        if (!strcmp(sym, c->A) || !strcmp(sym, c->B)) return 1;
        return 0;
    }
    char *dash = strchr(buf, '-');
    if (!dash) return 0;
    *dash = 0;
    char a[16], b[16];
    snprintf(a, sizeof a, "%.15s", buf);
    snprintf(b, sizeof b, "%.15s", dash + 1);
    for (char *q = a + strlen(a); q > a && isspace((unsigned char)q[-1]);) *--q = 0;
    char *bb = b;
    while (isspace((unsigned char)*bb)) bb++;
    for (char *q = bb + strlen(bb); q > bb && isspace((unsigned char)q[-1]);) *--q = 0;
    if ((!strcmp(a, c->A) && !strcmp(bb, c->B)) || (!strcmp(a, c->B) && !strcmp(bb, c->A))) return 2;
    return 0;
}

static int add_ref(actx *c, const char *ref) {
    for (int i = 0; i < c->nrefs; i++)
        if (!strncmp(c->refs[i], ref, sizeof c->refs[i] - 1)) return i;
    if (c->nrefs < 32) snprintf(c->refs[c->nrefs++], sizeof c->refs[0], "%s", ref);
    return c->nrefs - 1;
}

int as_find_compound(const actx *c, const char *name) {
    for (int i = 0; i < c->ncmp; i++)
        if (!strcmp(c->cmp[i].name, name)) return i;
    return -1;
}

/* "congruent melting of BiIn2" -> compound BIIN2 with 1 Bi : 2 In. Returns its index or -1. */
static int compound_from_text(actx *c, const char *q, double x_given, int line) {
    const char *of = strstr(q, " of ");
    if (!of) return -1;
    of += 4;
    while (*of == ' ') of++;
    char formula[32];
    size_t k = 0;
    while (of[k] && (isalnum((unsigned char)of[k])) && k + 1 < sizeof formula) { formula[k] = of[k]; k++; }
    formula[k] = 0;
    lmds_comp comp;
    if (!k || lmds_comp_parse(formula, NULL, &comp) || comp.n != 2) return -1;
    double nA = 0, nB = 0;
    for (int i = 0; i < 2; i++) {
        if (comp.z[i] == c->zA) nA = comp.amount[i];
        else if (comp.z[i] == c->zB) nB = comp.amount[i];
        else return -1;
    }
    if (nA != floor(nA) || nB != floor(nB) || nA < 1 || nB < 1) return -1;
    char name[TH_NAME];
    as_upcase(formula, name, sizeof name);
    int i = as_find_compound(c, name);
    if (i >= 0) return i;
    if (c->ncmp >= MAXCMP) return -1;
    compound *m = &c->cmp[c->ncmp];
    snprintf(m->name, sizeof m->name, "%s", name);
    m->p = (int)nA;
    m->q = (int)nB;
    m->x = nB / (nA + nB);
    m->Tm = NAN;
    m->hf = -1;
    if (isfinite(x_given) && fabs(x_given - m->x) > 0.01)
        lmds_warn("line %d: composition %.4f differs from the formula %s (%.4f); the formula is used", line, x_given,
                  formula, m->x);
    return c->ncmp++;
}

/* Columns of the data file (names compared without case or surrounding blanks). */
enum { DC_SYS, DC_AT, DC_WT, DC_Q, DC_V, DC_REF, DC_UNC, DC_UNCX, DC_PH, DC_TC, DC_N };
static const char *const DC_NAMES[DC_N][2] = {{"system", NULL},          {"composition_at", NULL},
                                              {"composition_wt", NULL},  {"quantity", NULL},
                                              {"value_c", "value"},      {"reference", NULL},
                                              {"uncertainty", NULL},     {"uncertainty_x", NULL},
                                              {"phases", NULL},          {"t_c", NULL}};

static int header_is(const char *field, const char *name) {
    while (isspace((unsigned char)*field)) field++;
    size_t n = strlen(name);
    if (strncasecmp(field, name, n)) return 0;
    for (field += n; *field; field++)
        if (!isspace((unsigned char)*field)) return 0;
    return 1;
}

static lmds_status read_header(lmds_csv *r, const char *path, int *col) {
    int rc = lmds_csv_next(r);
    if (rc < 0) return lmds_csv_error(r, path);
    if (rc == 0) return lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty data file");
    for (int k = 0; k < DC_N; k++) {
        col[k] = -1;
        for (int i = 0; i < r->nfields && col[k] < 0; i++)
            for (int a = 0; a < 2 && DC_NAMES[k][a]; a++)
                if (header_is(r->fields[i], DC_NAMES[k][a])) col[k] = i;
    }
    if (col[DC_SYS] < 0 || col[DC_Q] < 0 || col[DC_V] < 0)
        return lmds_error_at(LMDS_EPARSE, path, r->line, 1,
                             "the header needs the columns system, quantity and value_C (found: %s%s%s)",
                             col[DC_SYS] < 0 ? "" : "system ", col[DC_Q] < 0 ? "" : "quantity ",
                             col[DC_V] < 0 ? "" : "value_C");
    return LMDS_OK;
}

/* One data row being read: the record, its columns, where it is, and what the row as a whole says. */
typedef struct drow {
    const lmds_csv *r;
    const int *col;
    const char *path;
    int line;
    int rs;          /* 2: the binary, 1: a pure element of it */
    double x;        /* mole fraction of B, NAN if not given */
    int recalled, commercial;
    int nq;          /* quantities in the row ("liquidus_T / solidus_T") */
} drow;

static const char *field(const drow *w, int k) {
    int i = w->col[k];
    return i >= 0 && i < w->r->nfields ? w->r->fields[i] : "";
}

static int column_of(const drow *w, int k) {
    int i = w->col[k];
    return i >= 0 && i < w->r->nfields ? w->r->columns[i] : 1;
}

/* A pure element's melting point: which element ("Na (pure) / K (pure)": values in the order of the system). */
static void pure_melting(const actx *c, const drow *w, int k, datum *d) {
    char sysu[64];
    as_upcase(field(w, DC_SYS), sysu, sizeof sysu);
    const char *first = sysu;
    while (*first && !isalpha((unsigned char)*first)) first++;
    int isA = !strncmp(first, c->A, strlen(c->A)) && !isalpha((unsigned char)first[strlen(c->A)]);
    if (w->nq == 2) isA = (k == 0) == isA;
    d->kind = D_MELTING;
    d->x = isA ? 0 : 1;
}

static int is_formation_enthalpy(const char *qq) {
    return icontains(qq, "formation enthalpy") || icontains(qq, "enthalpy of formation") ||
           icontains(qq, "formation_enthalpy");
}

/* "formation enthalpy of MgB2" (or "enthalpy of formation of MgB2"): value in J/mol of atoms, at T_C (default 25
 * C = 298.15 K), relative to the elements' stable phases at that temperature; the uncertainty column in J/mol of
 * atoms (default SIG_HF). A formula that is not a compound of the pair, a value that is not negative or that looks
 * like kJ are errors: a wrong sign or unit would silently move the compound by orders of magnitude. */
static lmds_status formation_datum(actx *c, const drow *w, const char *qq, double v, double unc, datum *d) {
    const char *p = w->path;
    int ln = w->line, cq = column_of(w, DC_Q), cv = column_of(w, DC_V);
    const char *after = strstr(qq, "formation");
    if (!after) after = strstr(qq, "Formation");
    int m = compound_from_text(c, after ? after + 9 : qq, w->x, ln);
    if (m < 0)
        return lmds_error_at(LMDS_EPARSE, p, ln, cq, "'%s': no compound of %s and %s named (expected 'formation "
                             "enthalpy of <formula>' with whole numbers of %s and %s atoms, at most %d compounds)",
                             qq, c->A, c->B, c->A, c->B, MAXCMP);
    if (icontains(qq, "kj"))
        return lmds_error_at(LMDS_EPARSE, p, ln, cq, "'%s': give a formation enthalpy in J/mol of atoms (as the "
                             "enthalpies of mixing), not kJ", qq);
    if (!(v < 0))
        return lmds_error_at(LMDS_EPARSE, p, ln, cv, "formation enthalpy of %s %g J/mol: a stable line compound "
                             "forms with a negative enthalpy, H(compound) - sum x_i H_i(element), per mole of atoms",
                             c->cmp[m].name, v);
    if (fabs(v) < HF_MIN_ABS)
        return lmds_error_at(LMDS_EPARSE, p, ln, cv, "formation enthalpy of %s %g J/mol of atoms: below %g in "
                             "magnitude, a value in kJ? (give J/mol of atoms)", c->cmp[m].name, v, HF_MIN_ABS);
    d->kind = D_HFORM;
    d->H = v;
    d->x = c->cmp[m].x;
    memcpy(d->ph[0], c->cmp[m].name, TH_NAME);
    d->T = 298.15;
    const char *tc = field(w, DC_TC);
    if (tc[0]) {
        char *end;
        d->T = strtod(tc, &end) + 273.15;
        while (isspace((unsigned char)*end)) end++;
        if (end == tc || *end || !isfinite(d->T) || d->T <= 0)
            return lmds_error_at(LMDS_EPARSE, p, ln, column_of(w, DC_TC), "cannot read the temperature '%s' (C)", tc);
    }
    if (field(w, DC_UNC)[0] && !(isfinite(unc) && unc > 0))
        return lmds_error_at(LMDS_EPARSE, p, ln, column_of(w, DC_UNC), "the uncertainty '%s' is not a positive number "
                             "(J/mol of atoms)", field(w, DC_UNC));
    d->sH = isfinite(unc) && unc > 0 ? unc : SIG_HF * (w->recalled ? c->recalled : 1.0);
    d->report_only = icontains(qq, "not fitted");
    if (!d->report_only && c->cmp[m].hf < 0) c->cmp[m].hf = c->nd;
    return LMDS_OK;
}

/* The kind of datum a quantity names, with what it needs. Returns 0, or 1 when the row is to be ignored (with a
 * warning saying why). */
static int classify(actx *c, const drow *w, const char *qq, int nph, double v, double unc, datum *d) {
    const char *p = w->path;
    int ln = w->line;
    if (w->rs == 1) {
        if (!icontains(qq, "melting")) { lmds_warn("%s:%d: quantity '%s' of a pure element ignored", p, ln, qq); return 1; }
        return 0; /* completed by pure_melting */
    }
    if (icontains(qq, "congruent") || icontains(qq, "peritectic")) {
        int m = compound_from_text(c, qq, w->x, ln);
        if (m < 0) { lmds_warn("%s:%d: no compound formula of %s-%s in '%s'; row ignored", p, ln, c->A, c->B, qq); return 1; }
        if (icontains(qq, "congruent")) {
            d->kind = D_CONGRUENT;
            memcpy(d->ph[0], c->cmp[m].name, TH_NAME);
            d->x = c->cmp[m].x;
            c->cmp[m].Tm = d->T;
        } else {
            d->kind = D_PERITECTIC;
            if (nph >= 1 && strcmp(d->ph[0], c->cmp[m].name)) memcpy(d->ph[1], d->ph[0], TH_NAME);
            else if (nph != 2) d->ph[1][0] = 0;
            memcpy(d->ph[0], c->cmp[m].name, TH_NAME);
            d->x = NAN; /* the liquid's composition at a peritectic is not the compound's */
            if (!isfinite(c->cmp[m].Tm)) c->cmp[m].Tm = d->T;
        }
    } else if (icontains(qq, "solid composition") || icontains(qq, "boundary")) {
        if (nph != 2 || !isfinite(w->x)) {
            lmds_warn("%s:%d: '%s' needs the two solid phases (column phases) and the solid's composition; row ignored", p, ln, qq);
            return 1;
        }
        d->kind = D_INVSOLID;
    } else if (icontains(qq, "eutectic")) {
        d->kind = D_EUTECTIC;
    } else if (icontains(qq, "liquidus")) {
        d->kind = D_LIQUIDUS;
    } else if (icontains(qq, "solidus") || icontains(qq, "melting")) {
        /* A single "melting point" of an alloy is where it starts to melt (sources give solidus and liquidus
         * separately when they differ, as the Ga95In5 row does): its solidus. */
        d->kind = D_SOLIDUS;
    } else if (icontains(qq, "enthalpy") || icontains(qq, "h_mix") || icontains(qq, "hmix")) {
        d->kind = D_HMIX;
        d->H = v;
        d->T = field(w, DC_TC)[0] ? strtod(field(w, DC_TC), NULL) + 273.15 : NAN;
        d->sH = isfinite(unc) && unc > 0 ? unc : fmax(SIG_H_MIN, SIG_H_REL * fabs(v)) * (w->recalled ? c->recalled : 1.0);
        if (!isfinite(d->T) || !isfinite(w->x)) {
            lmds_warn("%s:%d: an enthalpy of mixing needs T_C and the composition; row ignored", p, ln);
            return 1;
        }
    } else {
        lmds_warn("%s:%d: quantity '%s' not understood; row ignored", p, ln, qq);
        return 1;
    }
    if ((d->kind == D_LIQUIDUS || d->kind == D_SOLIDUS) && !isfinite(d->x)) {
        lmds_warn("%s:%d: a %s point needs a composition; row ignored", p, ln, qq);
        return 1;
    }
    return 0;
}

/* The k-th quantity of a row, with value text vtext, as a datum. */
static lmds_status add_datum(actx *c, const drow *w, int k, const char *qq, const char *vtext) {
    char *end;
    double v = strtod(vtext, &end);
    if (end == vtext || !isfinite(v))
        return lmds_error_at(LMDS_EPARSE, w->path, w->line, column_of(w, DC_V), "cannot read the value '%s'",
                             field(w, DC_V));
    if (c->nd >= MAXDATA) return lmds_error_at(LMDS_EINVAL, w->path, w->line, 1, "more than %d data rows", MAXDATA);
    datum *d = &c->d[c->nd];
    memset(d, 0, sizeof *d);
    d->Tw = d->xw = NAN;
    d->line = w->line;
    snprintf(d->ref, sizeof d->ref, "%s", field(w, DC_REF));
    snprintf(d->quantity, sizeof d->quantity, "%s", qq);
    d->x = w->x;
    d->T = v + 273.15;
    double fac = w->recalled ? c->recalled : 1.0;
    d->sT = SIG_T * fac;
    d->sx = (w->commercial ? SIG_X_COMMERCIAL : SIG_X) * fac;
    double unc = field(w, DC_UNC)[0] ? strtod(field(w, DC_UNC), NULL) : NAN;
    if (field(w, DC_UNCX)[0]) d->sx = strtod(field(w, DC_UNCX), NULL);
    if (isfinite(unc) && unc > 0) d->sT = unc;
    char phases[128], *save = NULL;
    snprintf(phases, sizeof phases, "%s", field(w, DC_PH));
    int nph = 0;
    for (char *t = strtok_r(phases, "+ ", &save); t && nph < 2; t = strtok_r(NULL, "+ ", &save))
        as_upcase(t, d->ph[nph++], TH_NAME);
    if (w->rs == 2 && is_formation_enthalpy(qq)) {
        lmds_status st = formation_datum(c, w, qq, v, unc, d);
        if (st) return st;
    } else if (classify(c, w, qq, nph, v, unc, d)) {
        return LMDS_OK;
    }
    if (w->rs == 1) pure_melting(c, w, k, d);
    add_ref(c, field(w, DC_REF));
    c->nd++;
    return LMDS_OK;
}

/* One record: the composition (at.% first, else wt.%), then each of its quantities. */
static lmds_status read_row(actx *c, drow *w) {
    double nA, nB;
    int nel;
    w->x = NAN;
    int pr = parse_pair(field(w, DC_AT), c, &nA, &nB, &nel);
    if (pr == 0) w->x = nB / (nA + nB);
    else if (pr < 0)
        return lmds_error_at(LMDS_EPARSE, w->path, w->line, column_of(w, DC_AT),
                             "cannot read the composition '%s' (elements %s, %s)", field(w, DC_AT), c->A, c->B);
    else if (parse_pair(field(w, DC_WT), c, &nA, &nB, &nel) == 0)
        w->x = wt_to_x(c, nA, nB);
    /* several quantities in one row: "liquidus_T / solidus_T" with values "25 / 16" */
    const char *q = field(w, DC_Q), *ref = field(w, DC_REF);
    char qbuf[256], vbuf[128], *qs[4], *vs[4], *s1 = NULL, *s2 = NULL;
    snprintf(qbuf, sizeof qbuf, "%s", q);
    snprintf(vbuf, sizeof vbuf, "%s", field(w, DC_V));
    int nq = 0, nv = 0;
    for (char *t = strtok_r(qbuf, "/", &s1); t && nq < 4; t = strtok_r(NULL, "/", &s1)) qs[nq++] = t;
    for (char *t = strtok_r(vbuf, "/", &s2); t && nv < 4; t = strtok_r(NULL, "/", &s2)) vs[nv++] = t;
    if (nq == 1 && nv == 2 && w->rs == 1) { qs[1] = qs[0]; nq = 2; } /* "Na (pure) / K (pure)", "97.7 / 63.7" */
    if (nq != nv || nq == 0) { qs[0] = (char *)q; vs[0] = nv ? vs[0] : vbuf; nq = 1; }
    w->nq = nq;
    w->recalled = icontains(q, "recalled") || icontains(ref, "recalled") || icontains(ref, "secondary") ||
                  icontains(q, "secondary");
    w->commercial = icontains(q, "commercial") || icontains(q, "indalloy") || icontains(ref, "commercial");
    lmds_status st = LMDS_OK;
    for (int k = 0; k < nq && !st; k++) st = add_datum(c, w, k, qs[k], vs[k]);
    return st;
}

lmds_status as_read_data(actx *c, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return lmds_error_at(LMDS_EIO, path, 0, 0, "cannot open the data file");
    lmds_csv r;
    lmds_csv_init_stream(&r, f);
    int col[DC_N];
    lmds_status st = read_header(&r, path, col);
    int rc = 0;
    while (!st && (rc = lmds_csv_next(&r)) > 0) {
        drow w = {&r, col, path, r.line, 0, NAN, 0, 0, 0};
        if (r.nfields <= 1 && !r.fields[0][0]) continue;
        w.rs = row_system(c, field(&w, DC_SYS));
        if (w.rs) st = read_row(c, &w);
    }
    if (!st && rc < 0) st = lmds_csv_error(&r, path);
    lmds_csv_clear(&r);
    fclose(f);
    return st;
}
