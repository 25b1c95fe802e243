/* Assessment of a binary system: Redlich-Kister parameters of the liquid (and of chosen solid solutions) and
 * enthalpies of formation of stoichiometric compounds, fitted to measured phase-equilibrium data by weighted
 * nonlinear least squares (GSL gsl_multifit_nlinear, Levenberg-Marquardt with a trust region).
 *
 * Every residual is computed by this engine from the candidate parameters:
 *  - liquidus point (x, T): the liquidus temperature at x, solved directly in T (Brent) on the solid's driving
 *    force against the homogeneous liquid's chemical potentials;
 *  - eutectic / peritectic (T, x of the liquid): the intersection of the two solids' liquidus curves, solved in x
 *    (Brent) with each liquidus solved in T;
 *  - congruent melting of a compound: its liquidus temperature at its own composition;
 *  - solidus point: the liquid's driving force against the solids' equilibrium, solved in T;
 *  - enthalpy of mixing of the liquid: H = G - T dG/dT of the model (central difference in T).
 * Weighted residual = (calculated - observed) / uncertainty; uncertainties are given per row or by the documented
 * defaults (docs/thermo.md), inflated for rows the data file marks RECALLED or secondary.
 *
 * The working database is the base database's unary data for the two elements (its A-B interactions dropped unless
 * kept) plus the fitted terms, written as TDB text and read once; the fit changes the values of the fitted numbers
 * in place, so the final file is exactly the model that was fitted. The starting point is Miedema's estimate (de
 * Boer et al. 1988) of the enthalpy of mixing, as a regular-solution L0 (and L1) of the liquid. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_vector.h>

#include "lmds/core.h"
#include "lmds/element.h"
#include "thermo/eq.h"

#define MAXDATA 128
#define MAXCMP 8
#define MAXPAR 32
#define T_LO 20.0
#define T_HI 3000.0

/* Default uncertainties (docs/thermo.md): temperatures 1 K (sources quote 0.1-1 C; independent values of one
 * eutectic scatter by about 0.5-1 K: Ga-In 15.3/15.5/16, Bi-Pb 123.5/124/125 C); a measured composition 0.01;
 * the nominal composition of a commercial alloy 0.03 (sold near, not at, the eutectic: EGaIn 16.5 at.% In vs the
 * assessed 14.2); mixing enthalpies 10 % or 200 J/mol, whichever is larger. */
#define SIG_T 1.0
#define SIG_X 0.01
#define SIG_X_COMMERCIAL 0.03
#define SIG_H_MIN 200.0
#define SIG_H_REL 0.10

enum { D_LIQUIDUS, D_SOLIDUS, D_EUTECTIC, D_PERITECTIC, D_CONGRUENT, D_INVSOLID, D_HMIX, D_MELTING };

typedef struct datum {
    int kind;
    double x;               /* mole fraction of B (the second element alphabetically); NAN when not given */
    double T;               /* K (for D_HMIX: the temperature of the measurement) */
    double H;               /* J/mol (D_HMIX) */
    double sT, sx, sH;
    char ph[2][TH_NAME];    /* solid phases of an invariant; compound (and partner) of D_CONGRUENT/D_PERITECTIC */
    int line;
    char ref[160];
    char quantity[64];
    /* calculated, and the last good values (warm starts of the next evaluation) */
    double Tc, xc, Hc;
    double Tw, xw;
    double pen;             /* J/mol by which another solid is more stable at the calculated point (0: stable) */
    int ok;
} datum;

typedef struct compound { char name[TH_NAME]; int p, q; double x; double Tm; double hull, df; } compound;

enum { PK_LIQ, PK_SOL, PK_CMP, PK_FIX };
typedef struct fparam {
    int kind;
    char phase[TH_NAME];
    int order, tdep;        /* RK order; 0: a, 1: b of a + b T */
    int active;             /* a fit parameter in the current model */
    double value, sigma;
    int node;               /* the NUM node holding the value in the working database */
    char note[64];
} fparam;

/* A solid of an invariant: phase index in the workspace and the composition its composition set lives near. */
typedef struct solid { int p; double home; } solid;

typedef struct actx {
    const lmds_tdb *base;
    char A[4], B[4];
    int zA, zB;
    datum d[MAXDATA];
    int nd;
    compound cmp[MAXCMP];
    int ncmp;
    char sol[8][TH_NAME];   /* fitted solution phases besides the liquid */
    int nsol;
    char shared[8][TH_NAME];/* phases stable for both pure elements and not fitted: Miedema solid estimate */
    int nshared;
    char home_phase[2][TH_NAME];
    char gser[2][TH_NAME];  /* function names of the elements' stable-phase Gibbs energies */
    fparam par[MAXPAR];
    int npar;
    th_strbuf base_text;
    lmds_tdb *db;
    th_ws w;
    int have_ws;
    int iL;
    double recalled;
    int nres_max;
    char data_name[256];
    char refs[32][200];
    int nrefs;
    int evals;
    int use_hull;           /* stage 2 of the fit: the compound stability constraints are on */
} actx;

/* ---------- small helpers ---------- */

static void upcase(const char *s, char *o, size_t n) {
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

/* ---------- CSV ---------- */

/* Split one CSV record (RFC 4180 quoting) into at most max fields, in place. Returns the number of fields. */
static int csv_split(char *line, char **f, int max) {
    int n = 0;
    char *p = line, *o = line;
    while (n < max) {
        f[n++] = o;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) break;
                if (*p == '"' && p[1] == '"') { *o++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                *o++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',') *o++ = *p++;
        }
        if (*p != ',') { *o = 0; break; }
        p++;
        *o++ = 0;
        o = p;
    }
    return n;
}

/* Read a whole record: a quoted field may span lines. Returns a malloc'ed string or NULL at the end. */
static char *read_record(FILE *f, int *line) {
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    int inq = 0, c, any = 0;
    while ((c = fgetc(f)) != EOF) {
        any = 1;
        if (c == '\r') continue;
        if (c == '"') inq = !inq;
        if (c == '\n') {
            (*line)++;
            if (!inq) break;
        }
        if (len + 2 > cap) {
            cap *= 2;
            char *q = realloc(s, cap);
            if (!q) { free(s); return NULL; }
            s = q;
        }
        s[len++] = (char)c;
    }
    if (!any) { free(s); return NULL; }
    s[len] = 0;
    return s;
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
        upcase(sym, up, sizeof up);
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
    upcase(sys, buf, sizeof buf);
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

static int find_compound(const actx *c, const char *name) {
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
    upcase(formula, name, sizeof name);
    int i = find_compound(c, name);
    if (i >= 0) return i;
    if (c->ncmp >= MAXCMP) return -1;
    compound *m = &c->cmp[c->ncmp];
    snprintf(m->name, sizeof m->name, "%s", name);
    m->p = (int)nA;
    m->q = (int)nB;
    m->x = nB / (nA + nB);
    m->Tm = NAN;
    if (isfinite(x_given) && fabs(x_given - m->x) > 0.01)
        lmds_warn("line %d: composition %.4f differs from the formula %s (%.4f); the formula is used", line, x_given,
                  formula, m->x);
    return c->ncmp++;
}

static lmds_status read_data(actx *c, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return lmds_error_at(LMDS_EIO, path, 0, 0, "cannot open the data file");
    int line = 0;
    char *hdr = read_record(f, &line);
    if (!hdr) { fclose(f); return lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty data file"); }
    char *hf[32];
    int nh = csv_split(hdr, hf, 32);
    int col_sys = -1, col_at = -1, col_wt = -1, col_q = -1, col_v = -1, col_ref = -1, col_unc = -1, col_ph = -1,
        col_tc = -1, col_uncx = -1;
    for (int i = 0; i < nh; i++) {
        char h[64];
        snprintf(h, sizeof h, "%s", hf[i]);
        for (char *p = h; *p; p++) *p = (char)tolower((unsigned char)*p);
        char *t = h;
        while (isspace((unsigned char)*t)) t++;
        if (!strcmp(t, "system")) col_sys = i;
        else if (!strcmp(t, "composition_at")) col_at = i;
        else if (!strcmp(t, "composition_wt")) col_wt = i;
        else if (!strcmp(t, "quantity")) col_q = i;
        else if (!strcmp(t, "value_c") || !strcmp(t, "value")) col_v = i;
        else if (!strcmp(t, "reference")) col_ref = i;
        else if (!strcmp(t, "uncertainty")) col_unc = i;
        else if (!strcmp(t, "uncertainty_x")) col_uncx = i;
        else if (!strcmp(t, "phases")) col_ph = i;
        else if (!strcmp(t, "t_c")) col_tc = i;
    }
    free(hdr);
    if (col_sys < 0 || col_q < 0 || col_v < 0) {
        fclose(f);
        return lmds_error_at(LMDS_EPARSE, path, 1, 1, "the header needs the columns system, quantity and value_C");
    }
    char *rec;
    lmds_status st = LMDS_OK;
    int rec_line;
    while (st == LMDS_OK && (rec_line = line + 1, rec = read_record(f, &line)) != NULL) {
        char *fl[32];
        int n = csv_split(rec, fl, 32);
        const char *empty = "";
#define FIELD(col) ((col) >= 0 && (col) < n ? fl[col] : empty)
        if (n <= 1 && !FIELD(0)[0]) { free(rec); continue; }
        int rs = row_system(c, FIELD(col_sys));
        if (!rs) { free(rec); continue; }
        const char *q = FIELD(col_q), *ref = FIELD(col_ref);
        /* composition: at.% first, else wt.% */
        double x = NAN, nA, nB;
        int nel;
        int pr = parse_pair(FIELD(col_at), c, &nA, &nB, &nel);
        if (pr == 0) x = nB / (nA + nB);
        else if (pr < 0) {
            st = lmds_error_at(LMDS_EPARSE, path, rec_line, 1, "cannot read the composition '%s' (elements %s, %s)",
                               FIELD(col_at), c->A, c->B);
            free(rec);
            break;
        } else {
            pr = parse_pair(FIELD(col_wt), c, &nA, &nB, &nel);
            if (pr == 0) x = wt_to_x(c, nA, nB);
        }
        /* several quantities in one row: "liquidus_T / solidus_T" with values "25 / 16" */
        char qbuf[256], vbuf[128];
        snprintf(qbuf, sizeof qbuf, "%s", q);
        snprintf(vbuf, sizeof vbuf, "%s", FIELD(col_v));
        char *qs[4], *vs[4];
        int nq = 0, nv = 0;
        for (char *t = strtok(qbuf, "/"); t && nq < 4; t = strtok(NULL, "/")) qs[nq++] = t;
        for (char *t = strtok(vbuf, "/"); t && nv < 4; t = strtok(NULL, "/")) vs[nv++] = t;
        if (nq == 1 && nv == 2 && rs == 1) { qs[1] = qs[0]; nq = 2; } /* "Na (pure) / K (pure)", "97.7 / 63.7" */
        if (nq != nv) { qs[0] = (char *)q; nq = 1; }
        int recalled = icontains(q, "recalled") || icontains(ref, "recalled") || icontains(ref, "secondary") ||
                       icontains(q, "secondary");
        int commercial = icontains(q, "commercial") || icontains(q, "indalloy") || icontains(ref, "commercial");
        double fac = recalled ? c->recalled : 1.0;
        for (int k = 0; k < nq && st == LMDS_OK; k++) {
            char *end;
            double v = strtod(vs[k], &end);
            if (end == vs[k] || !isfinite(v)) {
                st = lmds_error_at(LMDS_EPARSE, path, rec_line, 1, "cannot read the value '%s'", FIELD(col_v));
                break;
            }
            if (c->nd >= MAXDATA) { st = lmds_error(LMDS_EINVAL, "more than %d data rows", MAXDATA); break; }
            datum *d = &c->d[c->nd];
            memset(d, 0, sizeof *d);
            d->Tw = d->xw = NAN;
            d->line = rec_line;
            snprintf(d->ref, sizeof d->ref, "%s", ref);
            snprintf(d->quantity, sizeof d->quantity, "%s", qs[k]);
            d->x = x;
            d->T = v + 273.15;
            d->sT = SIG_T * fac;
            d->sx = (commercial ? SIG_X_COMMERCIAL : SIG_X) * fac;
            double unc = NAN;
            if (FIELD(col_unc)[0]) unc = strtod(FIELD(col_unc), NULL);
            if (FIELD(col_uncx)[0]) d->sx = strtod(FIELD(col_uncx), NULL);
            if (isfinite(unc) && unc > 0) d->sT = unc;
            char phases[128];
            snprintf(phases, sizeof phases, "%s", FIELD(col_ph));
            int nph = 0;
            for (char *t = strtok(phases, "+ "); t && nph < 2; t = strtok(NULL, "+ ")) upcase(t, d->ph[nph++], TH_NAME);
            const char *qq = qs[k];
            if (rs == 1) {
                if (!icontains(qq, "melting")) { lmds_warn("%s:%d: quantity '%s' of a pure element ignored", path, rec_line, qq); continue; }
                d->kind = D_MELTING;
                /* "Na (pure) / K (pure)": values in the order of the system field */
                char sysu[64];
                upcase(FIELD(col_sys), sysu, sizeof sysu);
                const char *first = sysu;
                while (*first && !isalpha((unsigned char)*first)) first++;
                int isA = !strncmp(first, c->A, strlen(c->A)) && !isalpha((unsigned char)first[strlen(c->A)]);
                if (nq == 2) isA = (k == 0) == isA;
                d->x = isA ? 0 : 1;
            } else if (icontains(qq, "congruent")) {
                int m = compound_from_text(c, qq, x, rec_line);
                if (m < 0) { lmds_warn("%s:%d: no compound formula of %s-%s in '%s'; row ignored", path, rec_line, c->A, c->B, qq); continue; }
                d->kind = D_CONGRUENT;
                memcpy(d->ph[0], c->cmp[m].name, TH_NAME);
                d->x = c->cmp[m].x;
                c->cmp[m].Tm = d->T;
            } else if (icontains(qq, "peritectic")) {
                int m = compound_from_text(c, qq, x, rec_line);
                if (m < 0) { lmds_warn("%s:%d: no compound formula of %s-%s in '%s'; row ignored", path, rec_line, c->A, c->B, qq); continue; }
                d->kind = D_PERITECTIC;
                if (nph >= 1 && strcmp(d->ph[0], c->cmp[m].name)) memcpy(d->ph[1], d->ph[0], TH_NAME);
                else if (nph != 2) d->ph[1][0] = 0;
                memcpy(d->ph[0], c->cmp[m].name, TH_NAME);
                d->x = NAN; /* the liquid's composition at a peritectic is not the compound's */
                if (!isfinite(c->cmp[m].Tm)) c->cmp[m].Tm = d->T;
            } else if (icontains(qq, "solid composition") || icontains(qq, "boundary")) {
                if (nph != 2 || !isfinite(x)) {
                    lmds_warn("%s:%d: '%s' needs the two solid phases (column phases) and the solid's composition; row ignored", path, rec_line, qq);
                    continue;
                }
                d->kind = D_INVSOLID;
            } else if (icontains(qq, "eutectic")) {
                d->kind = D_EUTECTIC;
            } else if (icontains(qq, "liquidus")) {
                d->kind = D_LIQUIDUS;
            } else if (icontains(qq, "solidus")) {
                d->kind = D_SOLIDUS;
            } else if (icontains(qq, "melting")) {
                /* A single "melting point" of an alloy is where it starts to melt (sources give solidus and liquidus
                 * separately when they differ, as the Ga95In5 row does): its solidus. */
                d->kind = D_SOLIDUS;
            } else if (icontains(qq, "enthalpy") || icontains(qq, "h_mix") || icontains(qq, "hmix")) {
                d->kind = D_HMIX;
                d->H = v;
                d->T = FIELD(col_tc)[0] ? strtod(FIELD(col_tc), NULL) + 273.15 : NAN;
                d->sH = isfinite(unc) && unc > 0 ? unc : fmax(SIG_H_MIN, SIG_H_REL * fabs(v)) * fac;
                if (!isfinite(d->T) || !isfinite(x)) {
                    lmds_warn("%s:%d: an enthalpy of mixing needs T_C and the composition; row ignored", path, rec_line);
                    continue;
                }
            } else {
                lmds_warn("%s:%d: quantity '%s' not understood; row ignored", path, rec_line, qq);
                continue;
            }
            if ((d->kind == D_LIQUIDUS || d->kind == D_SOLIDUS) && !isfinite(d->x)) {
                lmds_warn("%s:%d: a %s point needs a composition; row ignored", path, rec_line, qq);
                continue;
            }
            add_ref(c, ref);
            c->nd++;
        }
#undef FIELD
        free(rec);
    }
    fclose(f);
    return st;
}

/* ---------- the working database ---------- */

/* Stable non-liquid phase of a pure element at 298.15 K in the base database. */
static lmds_status home_phase(const lmds_tdb *db, int z, char *name, size_t n) {
    th_ws w;
    lmds_status st = th_ws_init(&w, db, &z, 1);
    if (st) return st;
    if ((st = th_ws_set_T(&w, 298.15, 1e5))) { th_ws_free(&w); return st; }
    double best = INFINITY;
    int bp = -1;
    for (int p = 0; p < w.sys.nph; p++) {
        if (w.sys.ph[p].is_liquid || w.grid[p].n < 1) continue;
        for (int i = 0; i < w.grid[p].n; i++)
            if (w.grid[p].g[i] < best) { best = w.grid[p].g[i]; bp = p; }
    }
    if (bp >= 0) snprintf(name, n, "%s", w.sys.ph[bp].name);
    th_ws_free(&w);
    if (bp < 0) return lmds_error(LMDS_ENODATA, "no solid phase of %s in %s", lmds_element_symbol(z), db->path);
    return LMDS_OK;
}

static int in_list(const char *const *l, const char *name) {
    if (!l) return 0;
    for (int i = 0; l[i]; i++) {
        char u[TH_NAME];
        upcase(l[i], u, sizeof u);
        if (!strcmp(u, name)) return 1;
    }
    return 0;
}

static int species_index(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nsp; i++)
        if (!strcmp(db->sp[i].name, name)) return i;
    return -1;
}

/* Does the phase have an endmember parameter with element species sp (other sublattices VA or wildcards)? */
static int has_endmember(const lmds_tdb *db, const char *phase, int sp) {
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *q = &db->par[i];
        if (q->dead || q->type != PAR_G || strcmp(q->phase, phase)) continue;
        int hit = 0, pure = 1;
        for (int s = 0; s < q->nsub && pure; s++) {
            if (q->ncons[s] != 1) { pure = 0; break; }
            int c = q->cons[s][0];
            if (c == sp) hit = 1;
            else if (c >= 0 && !db->sp[c].is_va) pure = 0;
        }
        if (pure && hit) return 1;
    }
    return 0;
}

/* The base database reduced to the pure elements A and B: liquid; phases stable for a pure element (with that
 * element only, or with both when stable for both); fitted and kept phases with both elements; A-B interaction
 * parameters only in kept phases. */
static lmds_status build_base_text(actx *c, const lmds_assess_opts *o, const char *const *phases) {
    const lmds_tdb *db = c->base;
    int sA = species_index(db, c->A), sB = species_index(db, c->B), sV = species_index(db, "VA");
    if (sA < 0 || sB < 0) return lmds_error(LMDS_ENODATA, "the base database %s lacks %s or %s", db->path, c->A, c->B);
    unsigned char *spm = calloc((size_t)db->nsp + 1, 1), *phm = calloc((size_t)db->nph + 1, 1);
    unsigned char *psm = calloc((size_t)db->nph * db->nsp + 1, 1), *pam = calloc((size_t)db->npar + 1, 1);
    if (!spm || !phm || !psm || !pam) { free(spm); free(phm); free(psm); free(pam); return lmds_error(LMDS_ENOMEM, "oom"); }
    spm[sA] = spm[sB] = 1;
    if (sV >= 0) spm[sV] = 1;
    lmds_status st = LMDS_OK;
    for (int p = 0; p < db->nph; p++) {
        const char *nm = db->ph[p].name;
        int liq = !strncmp(nm, "LIQ", 3);
        int fit = in_list(phases, nm) && !liq, keep = in_list(o->keep, nm);
        int homeA = !strcmp(nm, c->home_phase[0]), homeB = !strcmp(nm, c->home_phase[1]);
        int allowA = 0, allowB = 0;
        if (liq || fit || keep || (homeA && homeB)) allowA = allowB = 1;
        else if (homeA) allowA = 1;
        else if (homeB) allowB = 1;
        if (!allowA && !allowB) continue;
        if ((fit || keep) && (!has_endmember(db, nm, sA) || !has_endmember(db, nm, sB))) {
            st = lmds_error(LMDS_ENODATA, "phase %s has no Gibbs energy for pure %s or pure %s in %s (add the lattice "
                            "stability first)", nm, c->A, c->B, db->path);
            break;
        }
        phm[p] = 1;
        unsigned char *row = psm + (size_t)p * db->nsp;
        if (allowA) row[sA] = 1;
        if (allowB) row[sB] = 1;
        if (sV >= 0) row[sV] = 1;
        if (homeA && homeB && !fit && !keep && c->nshared < 8) snprintf(c->shared[c->nshared++], TH_NAME, "%s", nm);
        if (fit && c->nsol < 8) snprintf(c->sol[c->nsol++], TH_NAME, "%s", nm);
    }
    /* parameters: everything allowed, except A-B interactions outside kept phases */
    for (int i = 0; i < db->npar && !st; i++) {
        const tdb_param *q = &db->par[i];
        int hasA = 0, hasB = 0;
        for (int s = 0; s < q->nsub; s++)
            for (int k = 0; k < q->ncons[s]; k++) {
                hasA |= q->cons[s][k] == sA;
                hasB |= q->cons[s][k] == sB;
            }
        pam[i] = !(hasA && hasB) || in_list(o->keep, q->phase);
    }
    if (!st) {
        th_wsel sel = {spm, phm, psm, pam};
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        if (!mf) st = lmds_error(LMDS_ENOMEM, "out of memory");
        else {
            st = th_tdb_write_sel(db, mf, NULL, &sel);
            fclose(mf);
            if (!st) th_sb_puts(&c->base_text, buf);
            free(buf);
        }
    }
    /* the stable-phase Gibbs energy function of each element, for the compounds */
    for (int e = 0; e < 2 && !st; e++) {
        int sp = e ? sB : sA;
        c->gser[e][0] = 0;
        for (int i = 0; i < db->npar; i++) {
            const tdb_param *q = &db->par[i];
            if (q->dead || q->type != PAR_G || strcmp(q->phase, c->home_phase[e]) || q->piece.n != 1) continue;
            int pure = 1, hit = 0;
            for (int s = 0; s < q->nsub; s++) {
                if (q->ncons[s] != 1) pure = 0;
                else if (q->cons[s][0] == sp) hit = 1;
                else if (q->cons[s][0] >= 0 && !db->sp[q->cons[s][0]].is_va) pure = 0;
            }
            const tdb_node *root = &db->node[db->rng[q->piece.first].root];
            if (pure && hit && root->op == EX_FUN) snprintf(c->gser[e], TH_NAME, "%s", db->fn[root->a].name);
        }
        if (!c->gser[e][0] && c->ncmp)
            st = lmds_error(LMDS_ENODATA, "the Gibbs energy of %s in %s is not a single function in %s; compounds "
                            "need it", e ? c->B : c->A, c->home_phase[e], db->path);
    }
    free(spm); free(phm); free(psm); free(pam);
    return st;
}

/* Sublattice string of an A-B interaction in a substitutional phase: "A,B" in the sublattice holding the
 * elements, the single constituent (usually VA) elsewhere. */
static lmds_status interaction_name(const actx *c, const char *phase, char *out, size_t n) {
    const lmds_tdb *db = c->base;
    int p = -1;
    for (int i = 0; i < db->nph; i++)
        if (!strcmp(db->ph[i].name, phase)) p = i;
    if (p < 0) return lmds_error(LMDS_ENOTFOUND, "phase %s not in %s", phase, db->path);
    const tdb_phase *ph = &db->ph[p];
    size_t len = 0;
    int off = 0, done = 0;
    out[0] = 0;
    for (int s = 0; s < ph->nsub; s++) {
        int hasA = 0, hasB = 0, other = -1;
        for (int j = 0; j < ph->ncons[s]; j++) {
            const char *nm = db->sp[ph->cons[off + j]].name;
            if (!strcmp(nm, c->A)) hasA = 1;
            else if (!strcmp(nm, c->B)) hasB = 1;
            else if (!strcmp(nm, "VA")) other = ph->cons[off + j];
        }
        if (hasA && hasB && !done) { len += (size_t)snprintf(out + len, n - len, "%s%s,%s", s ? ":" : "", c->A, c->B); done = 1; }
        else if (other >= 0) len += (size_t)snprintf(out + len, n - len, "%s%s", s ? ":" : "", db->sp[other].name);
        else return lmds_error(LMDS_EINVAL, "phase %s is not a substitutional solution of %s and %s", phase, c->A, c->B);
        off += ph->ncons[s];
        if (len >= n) return lmds_error(LMDS_EINVAL, "phase name too long");
    }
    if (!done) return lmds_error(LMDS_EINVAL, "phase %s does not mix %s and %s", phase, c->A, c->B);
    return LMDS_OK;
}

static void fmt_ab(char *buf, size_t n, double a, double b) {
    if (b != 0) snprintf(buf, n, "%+.10G%+.10G*T", a, b);
    else snprintf(buf, n, "%+.10G", a);
}

/* The fitted part of the database. work = 1: placeholder numbers in the a + b*T form for every parameter (their
 * nodes are found after reading); work = 0: the final values. */
static lmds_status fit_text(actx *c, int work, th_strbuf *b) {
    lmds_status st = LMDS_OK;
    for (int k = 0; k < c->npar && !st; k++) {
        fparam *P = &c->par[k];
        if (P->tdep) continue; /* written with its a */
        double bv = 0;
        for (int j = 0; j < c->npar; j++)
            if (c->par[j].tdep && c->par[j].kind == P->kind && !strcmp(c->par[j].phase, P->phase) && c->par[j].order == P->order)
                bv = c->par[j].value;
        if (!work && P->kind != PK_CMP && P->value == 0 && bv == 0) continue;
        char val[96];
        if (work) snprintf(val, sizeof val, "+1000.5+0.25*T");
        else fmt_ab(val, sizeof val, P->value, bv);
        if (P->kind == PK_CMP) {
            int m = find_compound(c, P->phase);
            const compound *cm = &c->cmp[m];
            int n = cm->p + cm->q;
            if (work) {
                th_sb_printf(b, "FUNCTION DGF_%s 1 %s; 6000 N !\n", cm->name, val);
                th_sb_printf(b, "PHASE %s %% 2 %d %d !\nCONSTITUENT %s : %s : %s : !\n", cm->name, cm->p, cm->q, cm->name, c->A, c->B);
                th_sb_printf(b, "PARAMETER G(%s,%s:%s;0) 1 %d*%s#+%d*%s#+%d*DGF_%s#; 6000 N LMDS !\n", cm->name, c->A, c->B,
                             cm->p, c->gser[0], cm->q, c->gser[1], n, cm->name);
            } else {
                char tot[96];
                fmt_ab(tot, sizeof tot, n * P->value, n * bv);
                th_sb_printf(b, "PHASE %s %% 2 %d %d !\nCONSTITUENT %s : %s : %s : !\n", cm->name, cm->p, cm->q, cm->name, c->A, c->B);
                th_sb_printf(b, "PARAMETER G(%s,%s:%s;0) 1 %d*%s#+%d*%s#%s; 6000 N LMDS !\n", cm->name, c->A, c->B, cm->p,
                             c->gser[0], cm->q, c->gser[1], tot);
            }
            continue;
        }
        char sub[64];
        if ((st = interaction_name(c, P->phase, sub, sizeof sub))) break;
        th_sb_printf(b, "PARAMETER G(%s,%s;%d) 1 %s; 6000 N %s !\n", P->phase, sub, P->order, val,
                     P->kind == PK_FIX ? "MIEDEMA" : "LMDS");
    }
    return st;
}

static tdb_node *num_node(lmds_tdb *db, int root, int which) {
    tdb_node *n = &db->node[root];
    if (n->op != EX_ADD) return NULL;
    if (which == 0) return db->node[n->a].op == EX_NUM ? &db->node[n->a] : NULL;
    tdb_node *m = &db->node[n->b];
    if (m->op != EX_MUL || db->node[m->a].op != EX_NUM) return NULL;
    return &db->node[m->a];
}

/* Read TDB text without letting the reader's warnings about it (none expected for text lmds wrote) replace the
 * warnings about the data file that the caller should see. */
static lmds_status load_quiet(const char *text, size_t len, const char *name, lmds_tdb **db) {
    size_t n = lmds_warning_count();
    char **saved = n ? calloc(n, sizeof *saved) : NULL;
    for (size_t i = 0; saved && i < n; i++) {
        const char *w = lmds_warning_get(i);
        saved[i] = w ? strdup(w) : NULL;
    }
    lmds_status st = lmds_tdb_load_buffer(text, len, name, db);
    lmds_warnings_clear();
    for (size_t i = 0; saved && i < n; i++) {
        if (saved[i]) lmds_warn("%s", saved[i]);
        free(saved[i]);
    }
    free(saved);
    return st;
}

/* Read base + fitted text into the working database and find the node of every parameter's number. */
static lmds_status build_work_db(actx *c) {
    th_strbuf t = {0};
    th_sb_puts(&t, c->base_text.s);
    th_sb_puts(&t, "$ fitted part\n");
    lmds_status st = fit_text(c, 1, &t);
    if (!st && t.err) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st) { th_sb_free(&t); return st; }
    st = load_quiet(t.s, t.len, "<assessment>", &c->db);
    th_sb_free(&t);
    if (st) return st;
    for (int k = 0; k < c->npar; k++) {
        fparam *P = &c->par[k];
        int root = -1;
        if (P->kind == PK_CMP) {
            char fn[TH_NAME + 8];
            snprintf(fn, sizeof fn, "DGF_%s", P->phase);
            for (int f = 0; f < c->db->nfn; f++)
                if (!strcmp(c->db->fn[f].name, fn)) root = c->db->rng[c->db->fn[f].piece.first].root;
        } else {
            for (int i = 0; i < c->db->npar; i++) {
                const tdb_param *q = &c->db->par[i];
                if (q->dead || q->order != P->order || strcmp(q->phase, P->phase)) continue;
                int two = 0;
                for (int s = 0; s < q->nsub; s++) two |= q->ncons[s] == 2;
                if (two && !strcmp(q->ref, P->kind == PK_FIX ? "MIEDEMA" : "LMDS")) root = c->db->rng[q->piece.first].root;
            }
        }
        tdb_node *nd = root >= 0 ? num_node(c->db, root, P->tdep) : NULL;
        if (!nd) return lmds_error(LMDS_EINVAL, "internal: fitted parameter %d not found in the working database", k);
        P->node = (int)(nd - c->db->node);
    }
    /* every b without its own entry is zero */
    for (int k = 0; k < c->npar; k++) {
        if (c->par[k].tdep) continue;
        int hasb = 0;
        for (int j = 0; j < c->npar; j++)
            hasb |= c->par[j].tdep && c->par[j].kind == c->par[k].kind && !strcmp(c->par[j].phase, c->par[k].phase) &&
                    c->par[j].order == c->par[k].order;
        if (hasb) continue;
        /* the b node is the MUL's number next to the a node's parent: find it through the parent ADD */
        for (int i = 0; i < c->db->nnode; i++) {
            tdb_node *n = &c->db->node[i];
            if (n->op == EX_ADD && n->a == c->par[k].node) {
                tdb_node *b = num_node(c->db, i, 1);
                if (b) b->v = 0;
            }
        }
    }
    int z[2] = {c->zA, c->zB};
    if ((st = th_ws_init(&c->w, c->db, z, 2))) return st;
    c->have_ws = 1;
    c->iL = -1;
    for (int p = 0; p < c->w.sys.nph; p++)
        if (c->w.sys.ph[p].is_liquid) c->iL = p;
    if (c->iL < 0) return lmds_error(LMDS_ENODATA, "no liquid phase for %s-%s", c->A, c->B);
    return LMDS_OK;
}

static void set_values(actx *c) {
    for (int k = 0; k < c->npar; k++) c->db->node[c->par[k].node].v = c->par[k].value;
}

/* ---------- phase boundaries of the working database ---------- */

static int setT(actx *c, double T) { return th_ws_set_T(&c->w, T, 1e5) != LMDS_OK; }

/* Chemical potentials of the homogeneous liquid at x(B) (components A, B). */
static int liquid_mu(actx *c, double xB, double *mu) {
    const th_sys *s = &c->w.sys;
    const th_phase *ph = &s->ph[c->iL];
    double x0[2] = {1 - xB, xB};
    if (ph->nsub == 1 && ph->m == 2 && ph->nat[0][0] + ph->nat[0][1] == 1 && ph->nat[1][0] + ph->nat[1][1] == 1) {
        double y[2], g[2];
        for (int j = 0; j < 2; j++) y[j] = ph->nat[j][0] > 0.5 ? x0[0] : x0[1];
        for (int j = 0; j < 2; j++) if (y[j] < 1e-300) y[j] = 1e-300;
        double G = th_phase_G(s, c->iL, &c->w.ts, y, g, NULL);
        double yg = y[0] * g[0] + y[1] * g[1];
        for (int j = 0; j < 2; j++) {
            int comp = ph->nat[j][0] > 0.5 ? 0 : 1;
            mu[comp] = G + g[j] - yg;
        }
        return 0;
    }
    for (int p = 0; p < s->nph; p++) c->w.active[p] = (unsigned char)(p == c->iL);
    th_sol sol;
    int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
    th_ws_activate_all(&c->w);
    if (e) return 1;
    memcpy(mu, sol.mu, 2 * sizeof(double));
    return 0;
}

/* Start site fractions of a phase near composition x(B) = home. */
static void start_y(const actx *c, int p, double home, double *y) {
    const th_phase *ph = &c->w.sys.ph[p];
    for (int s = 0; s < ph->nsub; s++) {
        int a = ph->off[s], b = ph->off[s + 1];
        double tot = 0;
        for (int j = a; j < b; j++) {
            double w = 1e-6;
            if (ph->nat[j][0] > 0) w = 1 - home + 1e-6;
            else if (ph->nat[j][1] > 0) w = home + 1e-6;
            else w = 1.0; /* vacancy */
            y[j] = w;
            tot += w;
        }
        for (int j = a; j < b; j++) y[j] /= tot;
    }
}

typedef struct lq { actx *c; const solid *S; double x; int fail; double y[64]; } lq;

/* Driving force (J/mol) of solid S (or, S->p < 0, of the most stable solid) against the liquid at x: > 0 above
 * the liquidus. */
static double lq_fn(double T, void *vp) {
    lq *q = vp;
    actx *c = q->c;
    double mu[2];
    if (setT(c, T) || liquid_mu(c, q->x, mu)) { q->fail = 1; return NAN; }
    if (q->S && q->S->p >= 0) {
        start_y(c, q->S->p, q->S->home, q->y);
        return th_phase_local_df(&c->w, q->S->p, mu, q->y);
    }
    double best = INFINITY;
    for (int p = 0; p < c->w.sys.nph; p++) {
        if (p == c->iL) continue;
        double df = th_phase_min_df(&c->w, p, mu, NULL);
        if (df < best) best = df;
    }
    return best;
}

typedef double (*fn1)(double, void *);

static int brent_root(fn1 f, void *ctx, double a, double b, double tol, double *root) {
    /* Re-evaluated endpoints can land on the other side of a root within the inner solvers' tolerance: an
     * endpoint that is already a root is returned as it is. */
    double fa = f(a, ctx), fb = f(b, ctx);
    if (!isfinite(fa) || !isfinite(fb)) return -1;
    if (fabs(fa) < 1e-9 || (fa > 0) == (fb > 0)) {
        if (fabs(fa) <= fabs(fb) && fabs(fa) < 1e-6) { *root = a; return 0; }
        if (fabs(fb) < 1e-6) { *root = b; return 0; }
        if ((fa > 0) == (fb > 0)) return -1;
    }
    gsl_function G = {f, ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return -1;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int st = gsl_root_fsolver_set(s, &G, fmin(a, b), fmax(a, b));
    for (int it = 0; !st && it < 100; it++) {
        st = gsl_root_fsolver_iterate(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), tol, 0) == GSL_SUCCESS) break;
    }
    double r = gsl_root_fsolver_root(s);
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    if (st) return -1;
    *root = r;
    return 0;
}

/* Root of f in T from a warm start T0, by expanding steps then Brent. A function that keeps its sign up to the
 * search limits gives that limit (continuous enough for the fit; such residuals are large). */
static int solve_T(fn1 f, void *ctx, int *fail, double T0, double *T) {
    if (!(T0 > T_LO && T0 < T_HI)) T0 = 500;
    double f0 = f(T0, ctx);
    if (*fail || !isfinite(f0)) return -1;
    int dir = f0 > 0 ? -1 : 1;
    double step = 2.0, Ta = T0, fa = f0;
    for (int it = 0; it < 80; it++) {
        double Tb = Ta + dir * step;
        if (Tb < T_LO) Tb = T_LO;
        if (Tb > T_HI) Tb = T_HI;
        double fb = f(Tb, ctx);
        if (*fail || !isfinite(fb)) return -1;
        if ((fb > 0) != (fa > 0) || fb == 0) return brent_root(f, ctx, Ta, Tb, 1e-7, T);
        if (Tb == T_LO || Tb == T_HI) { *T = Tb; return 1; }
        Ta = Tb;
        fa = fb;
        step *= 1.6;
    }
    *T = Ta;
    return 1;
}

/* Liquidus temperature at x of solid S (S->p < 0: any solid). Returns 0 (or 1 at a search limit). */
static int liquidus_T(actx *c, const solid *S, double x, double Tguess, double *T, double *yS) {
    lq q = {c, S, x, 0, {0}};
    int r = solve_T(lq_fn, &q, &q.fail, Tguess, T);
    if (r >= 0 && yS && S && S->p >= 0) {
        lq_fn(*T, &q);
        memcpy(yS, q.y, sizeof q.y);
    }
    return r;
}

typedef struct sq { actx *c; double x; int fail; } sq;

/* Minus the liquid's driving force against the solids' equilibrium at x: > 0 above the solidus. */
static double sol_fn(double T, void *vp) {
    sq *q = vp;
    actx *c = q->c;
    if (setT(c, T)) { q->fail = 1; return NAN; }
    for (int p = 0; p < c->w.sys.nph; p++) c->w.active[p] = (unsigned char)(p != c->iL);
    double x0[2] = {1 - q->x, q->x};
    th_sol sol;
    int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
    th_ws_activate_all(&c->w);
    if (e) { q->fail = 1; return NAN; }
    /* negated, so that (as for the liquidus) the function is positive above the boundary */
    return -th_phase_min_df(&c->w, c->iL, sol.mu, NULL);
}

/* Intersection of the liquidus curves of S1 and S2 in [xl, xr], searched outwards from xg. */
typedef struct iq { actx *c; const solid *S; double T[2]; int fail; } iq;

static double inv_fn(double x, void *vp) {
    iq *q = vp;
    double T[2];
    for (int k = 0; k < 2; k++) {
        int r = liquidus_T(q->c, &q->S[k], x, q->T[k], &T[k], NULL);
        if (r < 0) { q->fail = 1; return NAN; }
        q->T[k] = T[k];
    }
    return T[0] - T[1];
}

static int invariant(actx *c, const solid S[2], double xl, double xr, double xg, double Tg, double *T, double *x) {
    iq q = {c, S, {Tg, Tg}, 0};
    if (!(xg > xl && xg < xr)) xg = 0.5 * (xl + xr);
    double g0 = inv_fn(xg, &q);
    if (q.fail) return -1;
    if (fabs(g0) < 1e-6) { /* the warm start is the intersection (within the liquidus solver's tolerance) */
        *x = xg;
        *T = 0.5 * (q.T[0] + q.T[1]);
        return 0;
    }
    double xa = xg, ga = g0;
    /* step outwards alternately until the sign changes */
    double lo = xg, hi = xg, glo = g0, ghi = g0;
    int found = 0;
    for (double d = 0.004; !found && (lo > xl || hi < xr); d *= 1.8) {
        if (hi < xr) {
            double xn = fmin(xr, xg + d), gn = inv_fn(xn, &q);
            if (q.fail) return -1;
            if ((gn > 0) != (ghi > 0)) { xa = hi; ga = ghi; lo = xn; glo = gn; found = 1; break; }
            hi = xn; ghi = gn;
        }
        if (lo > xl) {
            double xn = fmax(xl, xg - d), gn = inv_fn(xn, &q);
            if (q.fail) return -1;
            if ((gn > 0) != (glo > 0)) { xa = lo; ga = glo; hi = xn; ghi = gn; found = 1; break; }
            lo = xn; glo = gn;
        }
    }
    (void)ga;
    if (!found) return -1;
    double xb = found ? (xa == hi ? lo : hi) : xa;
    double xr0;
    if (brent_root(inv_fn, &q, xa, xb, 1e-8, &xr0) || q.fail) return -1;
    inv_fn(xr0, &q);
    *x = xr0;
    *T = 0.5 * (q.T[0] + q.T[1]);
    return 0;
}

/* Liquid enthalpy of mixing at x, T (J/mol): H = G - T dG/dT of G_mix = G_L(x) - (1-x) G_L(A) - x G_L(B). */
static int liquid_hmix(actx *c, double x, double T, double *H) {
    double g[3];
    const double dT = 0.01;
    for (int k = 0; k < 3; k++) {
        double Tk = T + (k - 1) * dT;
        if (setT(c, Tk)) return 1;
        double mu[2];
        if (liquid_mu(c, x, mu)) return 1;
        double G = (1 - x) * mu[0] + x * mu[1];
        double muA[2], muB[2];
        if (liquid_mu(c, 1e-12, muA) || liquid_mu(c, 1 - 1e-12, muB)) return 1;
        g[k] = G - (1 - x) * muA[0] - x * muB[1];
    }
    *H = g[1] - T * (g[2] - g[0]) / (2 * dT);
    return 0;
}

/* ---------- data -> calculated values ---------- */

static int phase_idx(const actx *c, const char *name) { return th_phase_find(&c->w.sys, name); }

static double home_of(const actx *c, const char *name, int second) {
    int m = find_compound(c, name);
    if (m >= 0) return c->cmp[m].x;
    int hA = !strcmp(name, c->home_phase[0]), hB = !strcmp(name, c->home_phase[1]);
    if (hA && hB) return second ? 1.0 : 0.0;
    if (hA) return 0.0;
    if (hB) return 1.0;
    return NAN;
}

/* Resolve the solids of an invariant datum (names in d->ph, or the primary phases on either side of x). */
static int datum_solids(actx *c, datum *d, solid S[2]) {
    if (d->kind == D_PERITECTIC) {
        S[0].p = phase_idx(c, d->ph[0]);
        S[0].home = home_of(c, d->ph[0], 0);
        S[1].p = phase_idx(c, d->ph[1]);
        S[1].home = home_of(c, d->ph[1], 1);
        return S[0].p < 0 || S[1].p < 0 || !isfinite(S[0].home) || !isfinite(S[1].home);
    }
    for (int k = 0; k < 2; k++) {
        S[k].p = phase_idx(c, d->ph[k]);
        S[k].home = home_of(c, d->ph[k], k);
    }
    if (S[0].p < 0 || S[1].p < 0 || !isfinite(S[0].home) || !isfinite(S[1].home)) return 1;
    if (S[0].home > S[1].home) { solid t = S[0]; S[0] = S[1]; S[1] = t; }
    return 0;
}

/* The phases of an invariant given without them: the primary solid a little to each side of its composition
 * (with the starting parameters), else the elements' stable phases. */
static void auto_phases(actx *c, datum *d) {
    if (d->ph[0][0] && d->ph[1][0]) return;
    snprintf(d->ph[0], TH_NAME, "%s", c->home_phase[0]);
    snprintf(d->ph[1], TH_NAME, "%s", c->home_phase[1]);
    if (!isfinite(d->x)) return;
    char got[2][TH_NAME];
    for (int k = 0; k < 2; k++) {
        double x = d->x + (k ? 0.02 : -0.02);
        if (x <= 0 || x >= 1) return;
        solid any = {-1, 0};
        double T;
        if (liquidus_T(c, &any, x, d->T, &T, NULL)) return;
        double mu[2];
        if (setT(c, T - 0.01) || liquid_mu(c, x, mu)) return;
        double best = INFINITY;
        int bp = -1;
        for (int p = 0; p < c->w.sys.nph; p++) {
            if (p == c->iL) continue;
            double df = th_phase_min_df(&c->w, p, mu, NULL);
            if (df < best) { best = df; bp = p; }
        }
        if (bp < 0) return;
        snprintf(got[k], TH_NAME, "%s", c->w.sys.ph[bp].name);
    }
    if (strcmp(got[0], got[1])) {
        snprintf(d->ph[0], TH_NAME, "%s", got[0]);
        snprintf(d->ph[1], TH_NAME, "%s", got[1]);
    }
}

static void warn_auto_phases(const actx *c, const datum *d) {
    lmds_warn("%s line %d: the solids of '%s' are not given (column phases): %s + %s assumed", c->data_name, d->line,
              d->quantity, d->ph[0], d->ph[1]);
}

/* How much more stable (J/mol, >= 0) than the liquid at (T, x) the most stable solid other than skip1, skip2 is:
 * 0 when the calculated invariant or congruent point is a stable one. */
static double instability(actx *c, double T, double x, int skip1, int skip2) {
    double mu[2];
    if (setT(c, T) || liquid_mu(c, x, mu)) return 0;
    double worst = 0;
    for (int p = 0; p < c->w.sys.nph; p++) {
        if (p == c->iL || p == skip1 || p == skip2) continue;
        double df = th_phase_min_df(&c->w, p, mu, NULL);
        if (df < -worst) worst = -df;
    }
    return worst;
}

/* A compound must be more stable than the tie line of its neighbours by at least this much (J/mol): with
 * temperature-only data two compounds can otherwise end up degenerate (numerical device, not physics). */
#define HULL_MARGIN 1.0
#define SIG_HULL 0.2

/* Calculated values of every datum with the current parameters. Invariants with the same solids are solved once. */
static void calc_all(actx *c) {
    c->evals++;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        d->ok = 0;
        d->pen = 0;
        d->Tc = d->xc = d->Hc = NAN;
        double Tg = isfinite(d->Tw) ? d->Tw : d->T;
        switch (d->kind) {
        case D_MELTING:
        case D_LIQUIDUS: {
            solid any = {-1, 0};
            double x = d->kind == D_MELTING ? (d->x > 0.5 ? 1 - 1e-9 : 1e-9) : d->x;
            if (liquidus_T(c, &any, x, Tg, &d->Tc, NULL) == 0) d->ok = 1;
            break;
        }
        case D_SOLIDUS: {
            sq q = {c, d->x, 0};
            if (solve_T(sol_fn, &q, &q.fail, Tg, &d->Tc) == 0) d->ok = 1;
            break;
        }
        case D_CONGRUENT: {
            /* the liquidus at the compound's composition (any solid), and how far the compound is from being the
             * primary phase there */
            solid any = {-1, 0};
            int p = phase_idx(c, d->ph[0]);
            if (p >= 0 && liquidus_T(c, &any, d->x, Tg, &d->Tc, NULL) == 0) {
                double mu[2], y[64];
                d->ok = 1;
                if (!setT(c, d->Tc) && !liquid_mu(c, d->x, mu)) {
                    start_y(c, p, d->x, y);
                    d->pen = fmax(0, th_phase_local_df(&c->w, p, mu, y));
                }
            }
            break;
        }
        case D_HMIX:
            if (!liquid_hmix(c, d->x, d->T, &d->Hc)) d->ok = 1;
            break;
        case D_EUTECTIC:
        case D_PERITECTIC:
        case D_INVSOLID: {
            /* reuse an invariant already solved in this evaluation */
            int done = 0;
            for (int j = 0; j < i && !done; j++) {
                datum *e = &c->d[j];
                if ((e->kind == D_EUTECTIC || e->kind == D_INVSOLID) && (d->kind == D_EUTECTIC || d->kind == D_INVSOLID) &&
                    !strcmp(e->ph[0], d->ph[0]) && !strcmp(e->ph[1], d->ph[1]) && e->ok) {
                    d->Tc = e->Tc; d->xc = e->xc; d->ok = 1; done = 1;
                }
            }
            solid S[2];
            if (!done && !datum_solids(c, d, S)) {
                double xl, xr, xg;
                if (d->kind == D_PERITECTIC) {
                    /* the liquid lies beyond the compound, away from its partner */
                    if (S[1].home > S[0].home) { xl = 1e-4; xr = S[0].home - 1e-4; }
                    else { xl = S[0].home + 1e-4; xr = 1 - 1e-4; }
                    xg = S[1].home > S[0].home ? S[0].home - 0.01 : S[0].home + 0.01;
                } else {
                    xl = S[0].home + 1e-4;
                    xr = S[1].home - 1e-4;
                    xg = d->kind == D_INVSOLID ? NAN : d->x;
                    if (isfinite(d->xw)) xg = d->xw;
                    if (!isfinite(xg)) xg = 0.5 * (xl + xr);
                }
                if (d->kind == D_PERITECTIC && isfinite(d->xw)) xg = d->xw;
                if (invariant(c, S, xl, xr, xg, Tg, &d->Tc, &d->xc) == 0) {
                    d->ok = 1;
                    d->pen = instability(c, d->Tc, d->xc, S[0].p, S[1].p);
                }
            }
            if (d->ok && d->kind == D_INVSOLID) {
                /* composition of the second named solid at the invariant */
                solid S2 = {phase_idx(c, d->ph[1]), home_of(c, d->ph[1], 1)};
                double mu[2], y[64], N[TH_MAXC];
                d->ok = 0;
                if (S2.p >= 0 && !setT(c, d->Tc) && !liquid_mu(c, d->xc, mu)) {
                    start_y(c, S2.p, S2.home, y);
                    th_phase_local_df(&c->w, S2.p, mu, y);
                    double tot = th_phase_N(&c->w.sys, S2.p, y, N);
                    d->Hc = N[1] / tot; /* solid composition kept in Hc for this kind */
                    d->ok = 1;
                }
            }
            break;
        }
        }
        if (d->ok) {
            d->Tw = d->Tc;
            if (isfinite(d->xc)) d->xw = d->xc;
        }
    }
    /* every compound the data name is a stable solid just below its melting point: below the other solids' tie
     * line at its composition (margin HULL_MARGIN) */
    for (int m = 0; m < c->ncmp; m++) {
        compound *cm = &c->cmp[m];
        cm->hull = 0;
        cm->df = NAN;
        int p = phase_idx(c, cm->name);
        if (p < 0 || !isfinite(cm->Tm) || setT(c, cm->Tm - 1.0)) continue;
        for (int q = 0; q < c->w.sys.nph; q++) c->w.active[q] = (unsigned char)(q != p && q != c->iL);
        double x0[2] = {1 - cm->x, cm->x};
        th_sol sol;
        int e = th_equilibrate(&c->w, x0, &sol) != LMDS_OK;
        th_ws_activate_all(&c->w);
        if (e) continue;
        double df = th_phase_min_df(&c->w, p, sol.mu, NULL);
        cm->df = df;
        cm->hull = fmax(0, df + HULL_MARGIN);
    }
}

/* Weighted residuals of the used data, in a fixed order, then one stability residual per invariant and congruent
 * point (zero when the calculated point is stable; a solid more stable by 10 J/mol counts like a 1-sigma miss).
 * Failed calculations give a large residual. *ndata (may be NULL) receives the number of data residuals. */
#define SIG_G 10.0
static int residuals_n(actx *c, double *r, int *ndata) {
    int n = 0;
    const double FAIL = 30.0;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        switch (d->kind) {
        case D_MELTING: break;
        case D_HMIX: r[n++] = d->ok ? (d->Hc - d->H) / d->sH : FAIL; break;
        case D_INVSOLID: r[n++] = d->ok ? (d->Hc - d->x) / d->sx : FAIL; r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL; break;
        case D_EUTECTIC:
            r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL;
            if (isfinite(d->x)) r[n++] = d->ok ? (d->xc - d->x) / d->sx : FAIL;
            break;
        default: r[n++] = d->ok ? (d->Tc - d->T) / d->sT : FAIL; break;
        }
    }
    if (ndata) *ndata = n;
    for (int i = 0; i < c->nd; i++) {
        int k = c->d[i].kind;
        /* (a stiffer weight, 1 J/mol, for congruent points was tried on Bi-In: the hinge then drives the fit into a
         * worse minimum, chi2 24 instead of 3.8, without making BiIn2 congruent; see docs/thermo.md) */
        if (k == D_EUTECTIC || k == D_PERITECTIC || k == D_INVSOLID || k == D_CONGRUENT) r[n++] = c->d[i].pen / SIG_G;
    }
    for (int m = 0; m < c->ncmp; m++) r[n++] = c->use_hull ? c->cmp[m].hull / SIG_HULL : 0.0;
    return n;
}

static int residuals(actx *c, double *r) { return residuals_n(c, r, NULL); }

/* ---------- the fit ---------- */

typedef struct fitctx { actx *c; int idx[MAXPAR]; int np; } fitctx;

static int nl_f(const gsl_vector *x, void *params, gsl_vector *f) {
    fitctx *F = params;
    actx *c = F->c;
    for (int k = 0; k < F->np; k++) c->par[F->idx[k]].value = gsl_vector_get(x, (size_t)k);
    set_values(c);
    calc_all(c);
    double r[3 * MAXDATA];
    int n = residuals(c, r);
    for (int i = 0; i < n; i++) gsl_vector_set(f, (size_t)i, r[i]);
    return GSL_SUCCESS;
}

/* Forward differences with steps suited to the parameters (1 J/mol, 0.005 J/(mol K)): the residuals come from
 * root finding at 1e-7 K, far below the change such a step makes (~0.01-0.1 K). */
static int nl_df(const gsl_vector *x, void *params, gsl_matrix *J) {
    fitctx *F = params;
    actx *c = F->c;
    size_t n = J->size1;
    gsl_vector *f0 = gsl_vector_alloc(n), *f1 = gsl_vector_alloc(n), *xx = gsl_vector_alloc(x->size);
    if (!f0 || !f1 || !xx) { gsl_vector_free(f0); gsl_vector_free(f1); gsl_vector_free(xx); return GSL_ENOMEM; }
    nl_f(x, params, f0);
    for (int k = 0; k < F->np; k++) {
        gsl_vector_memcpy(xx, x);
        double h = c->par[F->idx[k]].tdep ? 0.005 : 1.0;
        gsl_vector_set(xx, (size_t)k, gsl_vector_get(x, (size_t)k) + h);
        nl_f(xx, params, f1);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(J, i, (size_t)k, (gsl_vector_get(f1, i) - gsl_vector_get(f0, i)) / h);
    }
    nl_f(x, params, f0); /* leave the context at x */
    gsl_vector_free(f0); gsl_vector_free(f1); gsl_vector_free(xx);
    return GSL_SUCCESS;
}

/* Fit the active parameters; returns chi^2 (INFINITY on failure) and fills sigma. */
static double run_fit(actx *c, int nres, int ndata) {
    fitctx F = {c, {0}, 0};
    for (int k = 0; k < c->npar; k++)
        if (c->par[k].active) F.idx[F.np++] = k;
    if (F.np == 0 || ndata < F.np) return INFINITY;
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    fp.trs = gsl_multifit_nlinear_trs_lm;
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, (size_t)nres, (size_t)F.np);
    gsl_vector *x0 = gsl_vector_alloc((size_t)F.np);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)F.np, (size_t)F.np);
    double chi2 = INFINITY;
    if (!w || !x0 || !cov) goto done;
    for (int k = 0; k < F.np; k++) gsl_vector_set(x0, (size_t)k, c->par[F.idx[k]].value);
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = nl_f;
    fdf.df = nl_df;
    fdf.n = (size_t)nres;
    fdf.p = (size_t)F.np;
    fdf.params = &F;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int info;
    gsl_multifit_nlinear_init(x0, &fdf, w);
    gsl_multifit_nlinear_driver(60, 1e-7, 1e-7, 1e-9, NULL, NULL, &info, w);
    gsl_vector *xs = gsl_multifit_nlinear_position(w);
    gsl_vector *fr = gsl_multifit_nlinear_residual(w);
    gsl_blas_ddot(fr, fr, &chi2);
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    int ce = gsl_multifit_nlinear_covar(J, 0.0, cov);
    gsl_set_error_handler(old);
    int dof = ndata - F.np;
    double scale = dof > 0 ? fmax(1.0, chi2 / dof) : 1.0;
    for (int k = 0; k < F.np; k++) {
        c->par[F.idx[k]].value = gsl_vector_get(xs, (size_t)k);
        c->par[F.idx[k]].sigma = ce ? NAN : sqrt(gsl_matrix_get(cov, (size_t)k, (size_t)k) * scale);
    }
    set_values(c);
    calc_all(c);
    double r[3 * MAXDATA];
    int n = residuals(c, r);
    chi2 = 0;
    for (int i = 0; i < n; i++) chi2 += r[i] * r[i];
done:
    if (w) gsl_multifit_nlinear_free(w);
    gsl_vector_free(x0);
    gsl_matrix_free(cov);
    return chi2;
}

static int add_param(actx *c, int kind, const char *phase, int order, int tdep, double value, int active,
                     const char *note) {
    if (c->npar >= MAXPAR) return -1;
    fparam *P = &c->par[c->npar];
    memset(P, 0, sizeof *P);
    P->kind = kind;
    snprintf(P->phase, sizeof P->phase, "%s", phase);
    P->order = order;
    P->tdep = tdep;
    P->value = value;
    P->active = active;
    P->sigma = NAN;
    snprintf(P->note, sizeof P->note, "%s", note ? note : "");
    return c->npar++;
}

static int find_par(const actx *c, int kind, const char *phase, int order, int tdep) {
    for (int k = 0; k < c->npar; k++)
        if (c->par[k].kind == kind && !strcmp(c->par[k].phase, phase) && c->par[k].order == order && c->par[k].tdep == tdep)
            return k;
    return -1;
}

/* Gibbs energy of the liquid at x relative to the elements' stable phases, J/mol (for compound starts). */
static int liquid_g_vs_ser(actx *c, double x, double T, double *g) {
    if (setT(c, T)) return 1;
    double mu[2];
    if (liquid_mu(c, x, mu)) return 1;
    double gs[2];
    for (int e = 0; e < 2; e++) {
        int p = phase_idx(c, c->home_phase[e]);
        if (p < 0) return 1;
        double y[64];
        start_y(c, p, (double)e, y);
        double N[TH_MAXC];
        gs[e] = th_phase_G(&c->w.sys, p, &c->w.ts, y, NULL, NULL) / th_phase_N(&c->w.sys, p, y, N);
    }
    *g = (1 - x) * (mu[0] - gs[0]) + x * (mu[1] - gs[1]);
    return 0;
}

/* ---------- output ---------- */

static void shorten(const char *s, char *o, size_t n) {
    size_t k = 0;
    for (; s[k] && k + 1 < n; k++) o[k] = (s[k] == '\n' || s[k] == '\r') ? ' ' : s[k];
    o[k] = 0;
    if (s[k] && n > 4) memcpy(o + n - 4, "...", 4);
}

static void fill_items(actx *c, lmds_assessment *a) {
    a->items = calloc((size_t)(2 * c->nd + 1), sizeof *a->items);
    if (!a->items) return;
    int n = 0, nT = 0, nx = 0, nH = 0;
    double sT = 0, sx = 0, sH = 0, mT = 0;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        lmds_assess_item *it = &a->items[n];
        char xs[32] = "";
        if (isfinite(d->x) && d->kind != D_MELTING) snprintf(xs, sizeof xs, " at x(%s)=%.4f", c->B, d->x);
        const char *kind = d->kind == D_LIQUIDUS ? "liquidus T" : d->kind == D_SOLIDUS ? "solidus T" :
                           d->kind == D_EUTECTIC ? "eutectic T" : d->kind == D_PERITECTIC ? "peritectic T" :
                           d->kind == D_CONGRUENT ? "congruent melting T" : d->kind == D_INVSOLID ? "invariant T" :
                           d->kind == D_HMIX ? "H_mix" : "melting T";
        int T_item = d->kind != D_HMIX;
        if (T_item) {
            if (d->kind == D_CONGRUENT || d->kind == D_PERITECTIC) snprintf(it->what, sizeof it->what, "%s of %s", kind, d->ph[0]);
            else if (d->kind == D_MELTING) snprintf(it->what, sizeof it->what, "melting T of %s", d->x > 0.5 ? c->B : c->A);
            else if (d->kind == D_EUTECTIC || d->kind == D_INVSOLID) snprintf(it->what, sizeof it->what, "%s (%.20s+%.20s)", kind, d->ph[0], d->ph[1]);
            else snprintf(it->what, sizeof it->what, "%s%s", kind, xs);
            snprintf(it->unit, sizeof it->unit, "K");
            it->obs = d->T;
            it->calc = d->ok ? d->Tc : NAN;
            it->sigma = d->sT;
            it->used = d->kind != D_MELTING;
            it->line = d->line;
            shorten(d->ref, it->ref, sizeof it->ref);
            if (it->used && isfinite(it->calc)) {
                double e = it->calc - it->obs;
                sT += e * e; nT++; mT = fmax(mT, fabs(e));
            }
            n++;
            it = &a->items[n];
        }
        if (d->kind == D_HMIX || (d->kind == D_EUTECTIC && isfinite(d->x)) || d->kind == D_INVSOLID) {
            if (d->kind == D_HMIX) {
                snprintf(it->what, sizeof it->what, "H_mix at x(%s)=%.4f, %.0f K", c->B, d->x, d->T);
                snprintf(it->unit, sizeof it->unit, "J/mol");
                it->obs = d->H; it->calc = d->ok ? d->Hc : NAN; it->sigma = d->sH;
                if (d->ok) { sH += (d->Hc - d->H) * (d->Hc - d->H); nH++; }
            } else if (d->kind == D_INVSOLID) {
                snprintf(it->what, sizeof it->what, "x(%s) of %s at the invariant", c->B, d->ph[1]);
                it->obs = d->x; it->calc = d->ok ? d->Hc : NAN; it->sigma = d->sx;
                if (d->ok) { sx += (d->Hc - d->x) * (d->Hc - d->x); nx++; }
            } else {
                snprintf(it->what, sizeof it->what, "eutectic liquid x(%s)", c->B);
                it->obs = d->x; it->calc = d->ok ? d->xc : NAN; it->sigma = d->sx;
                if (d->ok) { sx += (d->xc - d->x) * (d->xc - d->x); nx++; }
            }
            it->used = 1;
            it->line = d->line;
            shorten(d->ref, it->ref, sizeof it->ref);
            n++;
        }
    }
    a->nitems = n;
    a->rms_T = nT ? sqrt(sT / nT) : NAN;
    a->max_T = nT ? mT : NAN;
    a->rms_x = nx ? sqrt(sx / nx) : NAN;
    a->rms_H = nH ? sqrt(sH / nH) : NAN;
}

static void param_label(const actx *c, const fparam *P, char *o, size_t n) {
    if (P->kind == PK_CMP) snprintf(o, n, "G(%s) formation %s", P->phase, P->tdep ? "b" : "a");
    else snprintf(o, n, "L(%s,%s,%s;%d) %s", P->phase, c->A, c->B, P->order, P->tdep ? "b" : "a");
}

static lmds_status make_output(actx *c, lmds_assessment *a, const lmds_assess_opts *o) {
    th_strbuf t = {0};
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    th_sb_printf(&t, "$ %s-%s: assessed by lmds thermo assess on %s (Redlich-Kister parameters fitted by weighted\n", c->A, c->B, date);
    th_sb_puts(&t, "$ nonlinear least squares, GSL multifit_nlinear; residuals computed by the lmds engine).\n");
    if (c->data_name[0]) th_sb_printf(&t, "$ Data: %s\n", c->data_name);
    th_sb_puts(&t, "$ Unary data (functions, lattice stabilities): SGTE, A.T. Dinsdale, Calphad 15 (1991) 317, as in the base database.\n");
    if (a->miedema_only)
        th_sb_puts(&t, "$ NO PHASE-EQUILIBRIUM DATA for the liquid: L0 is Miedema's regular-solution estimate (de Boer et al.,\n"
                       "$ Cohesion in Metals, 1988), enthalpy only, no excess entropy. Treat as a guess, not an assessment.\n");
    else
        th_sb_puts(&t, "$ Starting point: Miedema's enthalpy of mixing (de Boer et al., Cohesion in Metals, 1988).\n");
    if (c->nshared)
        th_sb_printf(&t, "$ %s is stable for both pure elements and not fitted: its interaction is Miedema's solid-solution\n"
                         "$ estimate (chemical + elastic size mismatch, Friedel 1954), ref MIEDEMA.\n", c->shared[0]);
    if (c->ncmp) th_sb_puts(&t, "$ Compounds: stoichiometric, G = sum n_i G_i(stable) + n (a + b T), b = 0 (no formation entropy) unless listed.\n");
    th_sb_puts(&t, "$ Parameters (value +- 1 sigma from the fit covariance, scaled by sqrt(chi2/dof) when > 1):\n");
    for (int k = 0; k < a->nparams; k++) {
        const lmds_assess_param *q = &a->params[k];
        if (q->fitted) th_sb_printf(&t, "$   %-40s %12.3f +- %.3f\n", q->name, q->value, q->sigma);
        else th_sb_printf(&t, "$   %-40s %12.3f (not fitted: Miedema estimate)\n", q->name, q->value);
    }
    for (int m = 0; m < c->ncmp; m++)
        if (isfinite(c->cmp[m].df) && c->cmp[m].df > -HULL_MARGIN - 0.5)
            th_sb_printf(&t, "$ Note: %s sits at its stability constraint (%.2f J/mol below the tie line of the other solids);\n"
                             "$   its sigma reflects that constraint, not the data: the data alone would leave it metastable.\n",
                         c->cmp[m].name, -c->cmp[m].df);
    th_sb_printf(&t, "$ Fit: chi2 = %.3f, %d residuals, %d dof; rms error T %.2f K (max %.2f K)", a->chi2, a->nres, a->dof,
                 a->rms_T, a->max_T);
    if (isfinite(a->rms_x)) th_sb_printf(&t, ", rms x %.4f", a->rms_x);
    if (isfinite(a->rms_H)) th_sb_printf(&t, ", rms H %.0f J/mol", a->rms_H);
    th_sb_puts(&t, "\n$ Data points (observed -> calculated, uncertainty; * = not fitted):\n");
    for (int i = 0; i < a->nitems; i++) {
        const lmds_assess_item *it = &a->items[i];
        th_sb_printf(&t, "$  %s %-44s %10.4f -> %10.4f  (+-%.3g %s) line %d\n", it->used ? " " : "*", it->what, it->obs,
                     it->calc, it->sigma, it->unit, it->line);
    }
    th_sb_printf(&t, "$ Uncertainties: T %.1f K, x %.2f (commercial alloy compositions %.2f), rows marked RECALLED or\n"
                     "$ secondary x%.0f.\n", SIG_T, SIG_X, SIG_X_COMMERCIAL, c->recalled);
    th_sb_puts(&t, "$ References of the data:\n");
    for (int i = 0; i < c->nrefs; i++) {
        char r[200];
        shorten(c->refs[i], r, sizeof r);
        th_sb_printf(&t, "$  [%d] %s\n", i + 1, r);
    }
    (void)o;
    th_sb_puts(&t, "$\n");
    th_sb_puts(&t, c->base_text.s);
    th_sb_printf(&t, "$ ----- %s-%s assessment (lmds, %s) -----\n", c->A, c->B, date);
    lmds_status st = fit_text(c, 0, &t);
    if (!st && t.err) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st) { th_sb_free(&t); return st; }
    a->tdb = t.s;
    return LMDS_OK;
}

/* Check that the written text gives the fitted values (the same model, numbers round-tripped). */
static lmds_status verify_output(actx *c, const lmds_assessment *a) {
    lmds_tdb *db;
    lmds_status st = load_quiet(a->tdb, strlen(a->tdb), "<assessed>", &db);
    if (st) return st;
    int z[2] = {c->zA, c->zB};
    for (int i = 0; i < c->nd && !st; i++) {
        datum *d = &c->d[i];
        if (d->kind != D_CONGRUENT || !d->ok) continue;
        lmds_comp comp;
        double amt[2] = {1 - d->x, d->x};
        lmds_comp_from_amounts(2, z, amt, &comp);
        double T;
        if (lmds_thermo_liquidus(db, &comp, 0, &T, NULL, 0) == LMDS_OK && fabs(T - d->Tc) > 0.05)
            lmds_warn("%s: congruent melting of %s: %.3f K in the written file, %.3f K in the fit (a more stable "
                      "phase takes over)", c->A, d->ph[0], T, d->Tc);
    }
    lmds_tdb_free(db);
    return st;
}

void lmds_assessment_free(lmds_assessment *a) {
    if (!a) return;
    free(a->params);
    free(a->items);
    free(a->tdb);
    free(a);
}

static void actx_free(actx *c) {
    if (c->have_ws) th_ws_free(&c->w);
    lmds_tdb_free(c->db);
    th_sb_free(&c->base_text);
    free(c);
}

lmds_status lmds_thermo_assess(const lmds_tdb *base, const char *data_csv, const lmds_assess_opts *opts,
                               lmds_assessment **out) {
    if (out) *out = NULL;
    if (!base || !data_csv || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_assess: NULL argument");
    lmds_assess_opts o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.system) return lmds_error(LMDS_EINVAL, "the system (A-B) must be given");
    actx *c = calloc(1, sizeof *c);
    if (!c) return lmds_error(LMDS_ENOMEM, "out of memory");
    c->base = base;
    c->recalled = o.recalled_factor > 0 ? o.recalled_factor : 3.0;
    snprintf(c->data_name, sizeof c->data_name, "%s", o.data_name ? o.data_name : data_csv);
    lmds_status st = LMDS_OK;
    /* the pair, in alphabetical (TDB canonical) order */
    {
        char buf[32], *dash;
        snprintf(buf, sizeof buf, "%s", o.system);
        dash = strchr(buf, '-');
        if (!dash) { st = lmds_error(LMDS_EINVAL, "system '%s' is not of the form A-B", o.system); goto fail; }
        *dash = 0;
        int z1, z2;
        if (lmds_element_lookup(buf, &z1) || lmds_element_lookup(dash + 1, &z2) || z1 == z2) {
            st = lmds_error(LMDS_EINVAL, "system '%s': unknown or repeated element", o.system);
            goto fail;
        }
        char u1[4], u2[4];
        upcase(lmds_element_symbol(z1), u1, sizeof u1);
        upcase(lmds_element_symbol(z2), u2, sizeof u2);
        int sw = strcmp(u1, u2) > 0;
        c->zA = sw ? z2 : z1;
        c->zB = sw ? z1 : z2;
        snprintf(c->A, sizeof c->A, "%s", sw ? u2 : u1);
        snprintf(c->B, sizeof c->B, "%s", sw ? u1 : u2);
    }
    if ((st = read_data(c, data_csv))) goto fail;
    if ((st = home_phase(base, c->zA, c->home_phase[0], TH_NAME)) || (st = home_phase(base, c->zB, c->home_phase[1], TH_NAME)))
        goto fail;
    static const char *const liq_only[] = {"LIQUID", NULL};
    const char *const *phases = o.phases ? o.phases : liq_only;
    if ((st = build_base_text(c, &o, phases))) goto fail;
    /* parameters: liquid L0..L2 (a, b), solid solutions L0 (a), compounds (a) */
    /* liquid: the regular-solution L0 of Miedema's curve starts the fit; the other terms start at zero and are zero
     * while not part of the model */
    double Lm[1] = {0};
    if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_LIQUID, 1, Lm))) goto fail;
    add_param(c, PK_LIQ, "LIQUID", 0, 0, Lm[0], 1, "Miedema regular solution");
    add_param(c, PK_LIQ, "LIQUID", 1, 0, 0, 0, "");
    add_param(c, PK_LIQ, "LIQUID", 2, 0, 0, 0, "");
    add_param(c, PK_LIQ, "LIQUID", 0, 1, 0, 0, "");
    add_param(c, PK_LIQ, "LIQUID", 1, 1, 0, 0, "");
    for (int s = 0; s < c->nsol; s++) {
        double Ls[2];
        if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_SOLID, 1, Ls))) goto fail;
        add_param(c, PK_SOL, c->sol[s], 0, 0, Ls[0], 1, "Miedema solid");
    }
    for (int s = 0; s < c->nshared; s++) {
        double Ls[2];
        if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_SOLID, 2, Ls))) goto fail;
        add_param(c, PK_FIX, c->shared[s], 0, 0, Ls[0], 0, "Miedema solid estimate");
        add_param(c, PK_FIX, c->shared[s], 1, 0, Ls[1], 0, "Miedema solid estimate");
    }
    for (int m = 0; m < c->ncmp; m++) {
        double H;
        if ((st = lmds_miedema_hmix(c->zA, c->zB, c->cmp[m].x, LMDS_MIEDEMA_COMPOUND, &H))) goto fail;
        add_param(c, PK_CMP, c->cmp[m].name, 0, 0, H, 1, "");
    }
    if ((st = build_work_db(c))) goto fail;
    set_values(c);
    /* compounds start on the liquidus at their melting point (with the Miedema liquid) */
    for (int m = 0; m < c->ncmp; m++) {
        double g;
        if (isfinite(c->cmp[m].Tm) && !liquid_g_vs_ser(c, c->cmp[m].x, c->cmp[m].Tm, &g))
            c->par[find_par(c, PK_CMP, c->cmp[m].name, 0, 0)].value = g;
    }
    set_values(c);
    for (int i = 0; i < c->nd; i++)
        if ((c->d[i].kind == D_EUTECTIC || c->d[i].kind == D_INVSOLID) && !(c->d[i].ph[0][0] && c->d[i].ph[1][0])) {
            auto_phases(c, &c->d[i]);
            warn_auto_phases(c, &c->d[i]);
        }
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        if (d->kind != D_PERITECTIC || d->ph[1][0]) continue;
        /* partner: the nearest phase (compound or element's stable phase) with the higher melting point */
        double best = INFINITY;
        int m0 = find_compound(c, d->ph[0]);
        for (int side = -1; side <= 1; side += 2) {
            double dist = INFINITY, Tm = NAN;
            char nm[TH_NAME] = "";
            for (int m = 0; m < c->ncmp; m++) {
                double dx = (c->cmp[m].x - c->cmp[m0].x) * side;
                if (m != m0 && dx > 0 && dx < dist) { dist = dx; Tm = c->cmp[m].Tm; snprintf(nm, sizeof nm, "%s", c->cmp[m].name); }
            }
            if (!nm[0]) {
                int e = side > 0;
                Tm = NAN;
                double v;
                if (!lmds_element_value(e ? c->zB : c->zA, "melting_point_K", &v)) Tm = v;
                snprintf(nm, sizeof nm, "%s", c->home_phase[e]);
            }
            if (isfinite(Tm) && (!(best < INFINITY) || Tm > best)) { best = Tm; snprintf(d->ph[1], TH_NAME, "%s", nm); }
        }
        lmds_warn("peritectic of %s: partner phase not given, %s assumed (nearest higher-melting phase)", d->ph[0], d->ph[1]);
    }
    /* model selection */
    double r[3 * MAXDATA];
    calc_all(c);
    int ndata = 0;
    int nres = residuals_n(c, r, &ndata);
    lmds_assessment *a = calloc(1, sizeof *a);
    if (!a) { st = lmds_error(LMDS_ENOMEM, "out of memory"); goto fail; }
    snprintf(a->system, sizeof a->system, "%s-%s", c->A, c->B);
    int nliq_data = 0;
    for (int i = 0; i < c->nd; i++) nliq_data += c->d[i].kind != D_MELTING;
    double chi2 = INFINITY;
    if (nliq_data == 0 || ndata == 0) {
        a->miedema_only = 1;
        for (int k = 0; k < c->npar; k++) c->par[k].active = 0;
        snprintf(c->par[0].note, sizeof c->par[0].note, "Miedema regular solution, no data");
        set_values(c);
        calc_all(c);
        chi2 = 0;
        nres = residuals(c, r);
        for (int i = 0; i < nres; i++) chi2 += r[i] * r[i];
    } else if (o.terms && strcmp(o.terms, "auto")) {
        char tb[128];
        snprintf(tb, sizeof tb, "%s", o.terms);
        for (int k = 0; k < 5; k++) c->par[k].active = 0;
        for (char *t = strtok(tb, ", "); t; t = strtok(NULL, ", ")) {
            int ord = -1, td = 0;
            if (toupper((unsigned char)t[0]) == 'L' && isdigit((unsigned char)t[1])) ord = t[1] - '0';
            if (t[2] && toupper((unsigned char)t[2]) == 'T') td = 1;
            int k = ord >= 0 ? find_par(c, PK_LIQ, "LIQUID", ord, td) : -1;
            if (k < 0) { free(a); st = lmds_error(LMDS_EINVAL, "unknown term '%s' (L0, L1, L2, L0T, L1T)", t); goto fail; }
            c->par[k].active = 1;
        }
        chi2 = run_fit(c, nres, ndata);
    } else {
        /* start with L0 (+ compounds, solid solutions); add L1, L2, L0T, L1T one at a time while the best addition
         * lowers chi^2 by more than 4 (a 2-sigma improvement for one parameter) and a degree of freedom is left */
        chi2 = run_fit(c, nres, ndata);
        if (!isfinite(chi2)) {
            /* fewer residuals than parameters: fit what can be fitted, the rest stays at Miedema's values */
            for (int k = 0; k < c->npar; k++) c->par[k].active = 0;
            c->par[0].active = 1;
            chi2 = run_fit(c, nres, ndata);
        }
        /* T-dependent terms only when the data can separate enthalpy and entropy: mixing enthalpies, or
         * phase-boundary temperatures spanning at least 150 K */
        double tmin = INFINITY, tmax = -INFINITY;
        int nH = 0;
        for (int i = 0; i < c->nd; i++) {
            if (c->d[i].kind == D_MELTING) continue;
            if (c->d[i].kind == D_HMIX) nH++;
            tmin = fmin(tmin, c->d[i].T);
            tmax = fmax(tmax, c->d[i].T);
        }
        int allow_b = nH > 0 || tmax - tmin >= 150;
        const int cand[][2] = {{1, 0}, {2, 0}, {0, 1}, {1, 1}};
        for (;;) {
            int nact = 0;
            for (int k = 0; k < c->npar; k++) nact += c->par[k].active;
            if (ndata - nact < 2) break;
            fparam save[MAXPAR];
            memcpy(save, c->par, sizeof save);
            double best = chi2;
            int bk = -1;
            fparam bestp[MAXPAR];
            for (int q = 0; q < 4; q++) {
                int k = find_par(c, PK_LIQ, "LIQUID", cand[q][0], cand[q][1]);
                if (c->par[k].active || (cand[q][1] && !allow_b)) continue;
                if (cand[q][0] == 2 && !c->par[find_par(c, PK_LIQ, "LIQUID", 1, 0)].active) continue;
                if (cand[q][0] == 1 && cand[q][1] == 1 && !(c->par[find_par(c, PK_LIQ, "LIQUID", 1, 0)].active &&
                                                            c->par[find_par(c, PK_LIQ, "LIQUID", 0, 1)].active))
                    continue;
                memcpy(c->par, save, sizeof save);
                c->par[k].active = 1;
                set_values(c);
                double x2 = run_fit(c, nres, ndata);
                if (x2 < best - 4.0) { best = x2; bk = k; memcpy(bestp, c->par, sizeof bestp); }
            }
            memcpy(c->par, save, sizeof save);
            if (bk < 0) break;
            memcpy(c->par, bestp, sizeof bestp);
            chi2 = best;
        }
        set_values(c);
    }
    /* stage 2: the same model refitted from there with the compounds' stability constraints on (they are hinges:
     * with them from the start the fit can stall far from the data) */
    c->use_hull = 1;
    if (!a->miedema_only && c->ncmp) {
        calc_all(c);
        double pen = 0;
        for (int m = 0; m < c->ncmp; m++) pen += c->cmp[m].hull;
        if (pen > 0) run_fit(c, nres, ndata);
    }
    set_values(c);
    calc_all(c);
    nres = residuals(c, r);
    chi2 = 0;
    for (int i = 0; i < nres; i++) chi2 += r[i] * r[i];
    a->chi2 = chi2;
    a->nres = ndata;
    int nact = 0;
    for (int k = 0; k < c->npar; k++) nact += c->par[k].active;
    a->dof = ndata - nact;
    /* parameters reported: active ones, and the fixed ones that are in the file (non-zero or Miedema) */
    a->params = calloc((size_t)c->npar + 1, sizeof *a->params);
    if (!a->params) { lmds_assessment_free(a); st = lmds_error(LMDS_ENOMEM, "oom"); goto fail; }
    for (int k = 0; k < c->npar; k++) {
        fparam *P = &c->par[k];
        if (!P->active) {
            if (P->kind == PK_LIQ && !(P->order == 0 && P->tdep == 0)) P->value = 0;
            if (P->value == 0 && P->kind != PK_FIX) continue;
            if (!P->note[0]) snprintf(P->note, sizeof P->note, "not fitted");
        }
        lmds_assess_param *q = &a->params[a->nparams++];
        param_label(c, P, q->name, sizeof q->name);
        q->value = P->value;
        q->sigma = P->active ? P->sigma : NAN;
        q->fitted = P->active;
    }
    /* parameters zeroed above must be zero in the model too */
    set_values(c);
    calc_all(c);
    fill_items(c, a);
    for (int i = 0; i < a->nitems; i++)
        if (a->items[i].used && !isfinite(a->items[i].calc))
            lmds_warn("%s line %d: %s could not be calculated with the fitted parameters (the phases assumed for it may "
                      "not meet): the fit is not trustworthy", c->data_name, a->items[i].line, a->items[i].what);
    if ((st = make_output(c, a, &o))) { lmds_assessment_free(a); goto fail; }
    verify_output(c, a);
    actx_free(c);
    *out = a;
    return LMDS_OK;
fail:
    actx_free(c);
    return st;
}
