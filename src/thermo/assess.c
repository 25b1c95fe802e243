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

#include "lmds/element.h"
#include "thermo/assess_internal.h"

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
    int n = 0, nT = 0, nx = 0, nH = 0, nF = 0;
    double sT = 0, sx = 0, sH = 0, mT = 0, sF = 0;
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        lmds_assess_item *it = &a->items[n];
        char xs[32] = "";
        if (isfinite(d->x) && d->kind != D_MELTING) snprintf(xs, sizeof xs, " at x(%s)=%.4f", c->B, d->x);
        const char *kind = d->kind == D_LIQUIDUS ? "liquidus T" : d->kind == D_SOLIDUS ? "solidus T" :
                           d->kind == D_EUTECTIC ? "eutectic T" : d->kind == D_PERITECTIC ? "peritectic T" :
                           d->kind == D_CONGRUENT ? "congruent melting T" : d->kind == D_INVSOLID ? "invariant T" :
                           d->kind == D_HMIX ? "H_mix" : "melting T";
        int T_item = d->kind != D_HMIX && d->kind != D_HFORM;
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
        if (d->kind == D_HMIX || d->kind == D_HFORM || (d->kind == D_EUTECTIC && isfinite(d->x)) ||
            d->kind == D_INVSOLID) {
            it->used = d->kind != D_HFORM || !d->report_only;
            if (d->kind == D_HFORM) {
                snprintf(it->what, sizeof it->what, "formation H of %.24s at %.0f K", d->ph[0], d->T);
                snprintf(it->unit, sizeof it->unit, "J/mol");
                it->obs = d->H; it->calc = d->ok ? d->Hc : NAN; it->sigma = d->sH;
                if (it->used && d->ok) { sF += (d->Hc - d->H) * (d->Hc - d->H); nF++; }
            } else if (d->kind == D_HMIX) {
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
    a->rms_Hf = nF ? sqrt(sF / nF) : NAN;
}

static void param_label(const actx *c, const fparam *P, char *o, size_t n) {
    if (P->kind == PK_CMP) snprintf(o, n, "G(%s) formation %s", P->phase, P->tdep ? "b" : "a");
    else snprintf(o, n, "L(%s,%s,%s;%d) %s", P->phase, c->A, c->B, P->order, P->tdep ? "b" : "a");
}

/* Line of the first used datum of kind k about compound name, 0 when none. */
static int datum_line(const actx *c, int k, const char *name) {
    for (int i = 0; i < c->nd; i++)
        if (c->d[i].kind == k && !c->d[i].report_only && !strcmp(c->d[i].ph[0], name)) return c->d[i].line;
    return 0;
}

/* Which data fix which parameters of each compound. */
static void compound_sources(const actx *c, th_strbuf *t) {
    for (int m = 0; m < c->ncmp; m++) {
        const char *nm = c->cmp[m].name;
        int kb = as_find_par(c, PK_CMP, nm, 0, 1), ka = as_find_par(c, PK_CMP, nm, 0, 0);
        int lh = datum_line(c, D_HFORM, nm), lm = datum_line(c, D_CONGRUENT, nm);
        const char *mk = "congruent melting";
        if (!lm) { lm = datum_line(c, D_PERITECTIC, nm); mk = "peritectic"; }
        th_sb_printf(t, "$   %s: a ", nm);
        if (ka < 0 || !c->par[ka].active) th_sb_puts(t, "not fitted (Miedema's compound estimate)");
        else if (lh) th_sb_printf(t, "from the formation enthalpy (line %d)", lh);
        else if (lm) th_sb_printf(t, "from the %s (line %d)", mk, lm);
        else th_sb_puts(t, "from the other data and the stability constraints");
        if (kb >= 0 && c->par[kb].active) th_sb_printf(t, ", b from the %s (line %d)\n", mk, lm);
        else th_sb_printf(t, ", b = 0 (%s)\n", lh && !lm ? "no melting datum" : "no formation enthalpy datum");
    }
}

static lmds_status make_output(actx *c, lmds_assessment *a, const lmds_assess_opts *o) {
    th_strbuf t = {0};
    time_t now = time(NULL);
    char date[32];
    struct tm tmv;
    strftime(date, sizeof date, "%Y-%m-%d", gmtime_r(&now, &tmv));
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
    compound_sources(c, &t);
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
    th_sb_printf(&t, "$ Fit: chi2 = %.3f, %d residuals, %d dof", a->chi2, a->nres, a->dof);
    if (isfinite(a->rms_T)) th_sb_printf(&t, "; rms error T %.2f K (max %.2f K)", a->rms_T, a->max_T);
    else th_sb_puts(&t, "; no temperature residuals");
    if (isfinite(a->rms_x)) th_sb_printf(&t, ", rms x %.4f", a->rms_x);
    if (isfinite(a->rms_H)) th_sb_printf(&t, ", rms H %.0f J/mol", a->rms_H);
    if (isfinite(a->rms_Hf)) th_sb_printf(&t, ", rms formation H %.0f J/mol of atoms", a->rms_Hf);
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
    lmds_status st = as_fit_text(c, 0, &t);
    if (!st && t.err) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st) { th_sb_free(&t); return st; }
    a->tdb = t.s;
    return LMDS_OK;
}

/* Check that the written text gives the fitted values (the same model, numbers round-tripped). */
static lmds_status verify_output(actx *c, const lmds_assessment *a) {
    lmds_tdb *db;
    lmds_status st = as_load_quiet(a->tdb, strlen(a->tdb), "<assessed>", &db);
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

/* The pair, in alphabetical (TDB canonical) order. */
static lmds_status set_pair(actx *c, const char *system) {
    char buf[32], *dash;
    snprintf(buf, sizeof buf, "%s", system);
    dash = strchr(buf, '-');
    if (!dash) return lmds_error(LMDS_EINVAL, "system '%s' is not of the form A-B", system);
    *dash = 0;
    int z1, z2;
    if (lmds_element_lookup(buf, &z1) || lmds_element_lookup(dash + 1, &z2) || z1 == z2)
        return lmds_error(LMDS_EINVAL, "system '%s': unknown or repeated element", system);
    char u1[4], u2[4];
    as_upcase(lmds_element_symbol(z1), u1, sizeof u1);
    as_upcase(lmds_element_symbol(z2), u2, sizeof u2);
    int sw = strcmp(u1, u2) > 0;
    c->zA = sw ? z2 : z1;
    c->zB = sw ? z1 : z2;
    snprintf(c->A, sizeof c->A, "%s", sw ? u2 : u1);
    snprintf(c->B, sizeof c->B, "%s", sw ? u1 : u2);
    return LMDS_OK;
}

/* Parameters and their starting values: liquid L0..L2 (a, b) with Miedema's regular-solution L0 as the start (the
 * other terms start at zero and stay zero while not part of the model), solid solutions L0 (a), fixed Miedema
 * estimates of shared solids, compounds (a). */
static lmds_status start_params(actx *c) {
    lmds_status st;
    double Lm[1] = {0};
    if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_LIQUID, 1, Lm))) return st;
    as_add_param(c, PK_LIQ, "LIQUID", 0, 0, Lm[0], 1, "Miedema regular solution");
    as_add_param(c, PK_LIQ, "LIQUID", 1, 0, 0, 0, "");
    as_add_param(c, PK_LIQ, "LIQUID", 2, 0, 0, 0, "");
    as_add_param(c, PK_LIQ, "LIQUID", 0, 1, 0, 0, "");
    as_add_param(c, PK_LIQ, "LIQUID", 1, 1, 0, 0, "");
    for (int s = 0; s < c->nsol; s++) {
        double Ls[2];
        if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_SOLID, 1, Ls))) return st;
        as_add_param(c, PK_SOL, c->sol[s], 0, 0, Ls[0], 1, "Miedema solid");
    }
    for (int s = 0; s < c->nshared; s++) {
        double Ls[2];
        if ((st = lmds_miedema_rk(c->zA, c->zB, LMDS_MIEDEMA_SOLID, 2, Ls))) return st;
        as_add_param(c, PK_FIX, c->shared[s], 0, 0, Ls[0], 0, "Miedema solid estimate");
        as_add_param(c, PK_FIX, c->shared[s], 1, 0, Ls[1], 0, "Miedema solid estimate");
    }
    /* a compound with a measured formation enthalpy starts there, and gets a fitted b when it also has a melting
     * datum (the two data fix a and b) */
    for (int m = 0; m < c->ncmp; m++) {
        double H;
        if ((st = lmds_miedema_hmix(c->zA, c->zB, c->cmp[m].x, LMDS_MIEDEMA_COMPOUND, &H))) return st;
        if (c->cmp[m].hf >= 0) H = c->d[c->cmp[m].hf].H;
        as_add_param(c, PK_CMP, c->cmp[m].name, 0, 0, H, 1, "");
        if (c->cmp[m].hf >= 0 && isfinite(c->cmp[m].Tm)) as_add_param(c, PK_CMP, c->cmp[m].name, 0, 1, 0, 1, "");
    }
    return LMDS_OK;
}

/* Compounds start on the liquidus at their melting point (with the Miedema liquid): through a, or, when a starts
 * at the measured formation enthalpy, through b. */
static void start_compounds(actx *c) {
    for (int m = 0; m < c->ncmp; m++) {
        double g;
        if (!isfinite(c->cmp[m].Tm) || as_liquid_g_vs_ser(c, c->cmp[m].x, c->cmp[m].Tm, &g)) continue;
        int ka = as_find_par(c, PK_CMP, c->cmp[m].name, 0, 0), kb = as_find_par(c, PK_CMP, c->cmp[m].name, 0, 1);
        if (kb >= 0) c->par[kb].value = (g - c->par[ka].value) / c->cmp[m].Tm;
        else c->par[ka].value = g;
    }
    as_set_values(c);
}

/* Solids of invariants the data file does not name, chosen from the model; the partner of a peritectic compound:
 * the nearest phase (compound or element's stable phase) with the higher melting point. */
static void complete_phases(actx *c) {
    for (int i = 0; i < c->nd; i++)
        if ((c->d[i].kind == D_EUTECTIC || c->d[i].kind == D_INVSOLID) && !(c->d[i].ph[0][0] && c->d[i].ph[1][0])) {
            as_auto_phases(c, &c->d[i]);
            as_warn_auto_phases(c, &c->d[i]);
        }
    for (int i = 0; i < c->nd; i++) {
        datum *d = &c->d[i];
        if (d->kind != D_PERITECTIC || d->ph[1][0]) continue;
        double best = INFINITY;
        int m0 = as_find_compound(c, d->ph[0]);
        for (int side = -1; side <= 1; side += 2) {
            double dist = INFINITY, Tm = NAN;
            char nm[TH_NAME] = "";
            for (int m = 0; m < c->ncmp; m++) {
                double dx = (c->cmp[m].x - c->cmp[m0].x) * side;
                if (m != m0 && dx > 0 && dx < dist) { dist = dx; Tm = c->cmp[m].Tm; snprintf(nm, sizeof nm, "%s", c->cmp[m].name); }
            }
            if (!nm[0]) {
                int e = side > 0;
                double v;
                if (!lmds_element_value(e ? c->zB : c->zA, "melting_point_K", &v)) Tm = v;
                snprintf(nm, sizeof nm, "%s", c->home_phase[e]);
            }
            if (isfinite(Tm) && (!(best < INFINITY) || Tm > best)) { best = Tm; snprintf(d->ph[1], TH_NAME, "%s", nm); }
        }
        lmds_warn("peritectic of %s: partner phase not given, %s assumed (nearest higher-melting phase)", d->ph[0], d->ph[1]);
    }
}

static double chi2_now(actx *c) {
    double r[3 * MAXDATA], chi2 = 0;
    int n = as_residuals(c, r);
    for (int i = 0; i < n; i++) chi2 += r[i] * r[i];
    return chi2;
}

/* The liquid terms the caller lists ("L0,L1,L0T"), fitted. */
static lmds_status fit_given_terms(actx *c, const char *terms, int nres, int ndata, double *chi2) {
    char tb[128], *save = NULL;
    snprintf(tb, sizeof tb, "%s", terms);
    for (int k = 0; k < 5; k++) c->par[k].active = 0;
    for (char *t = strtok_r(tb, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        int ord = -1, td = 0;
        if (toupper((unsigned char)t[0]) == 'L' && isdigit((unsigned char)t[1])) ord = t[1] - '0';
        if (t[2] && toupper((unsigned char)t[2]) == 'T') td = 1;
        int k = ord >= 0 ? as_find_par(c, PK_LIQ, "LIQUID", ord, td) : -1;
        if (k < 0) return lmds_error(LMDS_EINVAL, "unknown term '%s' (L0, L1, L2, L0T, L1T)", t);
        c->par[k].active = 1;
    }
    *chi2 = as_run_fit(c, nres, ndata);
    return LMDS_OK;
}

/* Can the data separate enthalpy and entropy (T-dependent terms)? Mixing enthalpies, or phase-boundary
 * temperatures spanning at least 150 K. */
static int data_allow_tdep(const actx *c) {
    double tmin = INFINITY, tmax = -INFINITY;
    int nH = 0;
    for (int i = 0; i < c->nd; i++) {
        if (c->d[i].kind == D_MELTING || c->d[i].kind == D_HFORM) continue; /* say nothing about the liquid */
        if (c->d[i].kind == D_HMIX) nH++;
        tmin = fmin(tmin, c->d[i].T);
        tmax = fmax(tmax, c->d[i].T);
    }
    return nH > 0 || tmax - tmin >= 150;
}

/* May term k (order, tdep) join the model now? L2 needs L1; L1T needs L1 and L0T. */
static int term_allowed(actx *c, int order, int tdep, int allow_b) {
    int k = as_find_par(c, PK_LIQ, "LIQUID", order, tdep);
    if (c->par[k].active || (tdep && !allow_b)) return 0;
    int l1 = c->par[as_find_par(c, PK_LIQ, "LIQUID", 1, 0)].active;
    if (order == 2 && !l1) return 0;
    if (order == 1 && tdep && !(l1 && c->par[as_find_par(c, PK_LIQ, "LIQUID", 0, 1)].active)) return 0;
    return 1;
}

/* Automatic terms: start with L0 (+ compounds, solid solutions); add L1, L2, L0T, L1T one at a time while the best
 * addition lowers chi^2 by more than ASSESS_DCHI2_TERM and a degree of freedom is left. */
static double fit_auto_terms(actx *c, int nres, int ndata) {
    double chi2 = as_run_fit(c, nres, ndata);
    if (!isfinite(chi2)) {
        /* fewer residuals than parameters: fit what can be fitted, the rest stays at Miedema's values. With at
         * least one datum per compound (the melting points of a strongly compound-forming pair), the compounds'
         * formation energies are fitted to them under Miedema's liquid, and L0 too when a datum is left; else L0
         * alone (fitting L0 alone moves the liquid under compounds placed on Miedema's liquidus: Na-Tl, Bi-Na). */
        int ncmp = 0;
        for (int k = 0; k < c->npar; k++) ncmp += c->par[k].kind == PK_CMP;
        int cmp_first = ncmp > 0 && ndata >= ncmp;
        for (int k = 0; k < c->npar; k++) c->par[k].active = cmp_first && c->par[k].kind == PK_CMP;
        c->par[0].active = !cmp_first || ndata > ncmp;
        chi2 = as_run_fit(c, nres, ndata);
    }
    int allow_b = data_allow_tdep(c);
    const int cand[][2] = {{1, 0}, {2, 0}, {0, 1}, {1, 1}};
    for (;;) {
        int nact = 0;
        for (int k = 0; k < c->npar; k++) nact += c->par[k].active;
        if (ndata - nact < 2) break;
        fparam save[MAXPAR], bestp[MAXPAR];
        memcpy(save, c->par, sizeof save);
        double best = chi2;
        int bk = -1;
        for (int q = 0; q < 4; q++) {
            if (!term_allowed(c, cand[q][0], cand[q][1], allow_b)) continue;
            memcpy(c->par, save, sizeof save);
            c->par[as_find_par(c, PK_LIQ, "LIQUID", cand[q][0], cand[q][1])].active = 1;
            as_set_values(c);
            double x2 = as_run_fit(c, nres, ndata);
            if (x2 < best - ASSESS_DCHI2_TERM) { best = x2; bk = q; memcpy(bestp, c->par, sizeof bestp); }
        }
        memcpy(c->par, bk < 0 ? save : bestp, sizeof save);
        if (bk < 0) break;
        chi2 = best;
    }
    as_set_values(c);
    return chi2;
}

/* Model selection and fit; then stage 2: the same model refitted with the compounds' stability constraints on
 * (they are hinges: with them from the start the fit can stall far from the data). */
static lmds_status fit_model(actx *c, const lmds_assess_opts *o, lmds_assessment *a) {
    double r[3 * MAXDATA], chi2;
    as_calc_all(c);
    int ndata = 0, nres = as_residuals_n(c, r, &ndata), nliq_data = 0;
    for (int i = 0; i < c->nd; i++) nliq_data += c->d[i].kind != D_MELTING && c->d[i].kind != D_HFORM;
    if (nliq_data == 0 || ndata == 0) {
        /* no datum on the liquid: Miedema's; compounds with a measured formation enthalpy (and no melting datum,
         * or the liquid would have one) take it */
        a->miedema_only = 1;
        int nhf = 0;
        for (int k = 0; k < c->npar; k++) {
            int m = c->par[k].kind == PK_CMP ? as_find_compound(c, c->par[k].phase) : -1;
            c->par[k].active = m >= 0 && c->cmp[m].hf >= 0 && !c->par[k].tdep;
            nhf += c->par[k].active;
        }
        snprintf(c->par[0].note, sizeof c->par[0].note, "Miedema regular solution, no data");
        as_set_values(c);
        if (nhf) as_run_fit(c, nres, ndata);
    } else if (o->terms && strcmp(o->terms, "auto")) {
        lmds_status st = fit_given_terms(c, o->terms, nres, ndata, &chi2);
        if (st) return st;
    } else {
        fit_auto_terms(c, nres, ndata);
    }
    c->use_hull = 1;
    if (!a->miedema_only && c->ncmp) {
        as_calc_all(c);
        double pen = 0;
        for (int m = 0; m < c->ncmp; m++) pen += c->cmp[m].hull;
        if (pen > 0) as_run_fit(c, nres, ndata);
    }
    as_set_values(c);
    as_calc_all(c);
    a->chi2 = chi2_now(c);
    a->nres = ndata;
    int nact = 0;
    for (int k = 0; k < c->npar; k++) nact += c->par[k].active;
    a->dof = ndata - nact;
    return LMDS_OK;
}

/* Parameters reported: active ones, and the fixed ones that are in the file (non-zero or Miedema); inactive
 * liquid terms other than L0 are zeroed in the model too. */
static lmds_status report_params(actx *c, lmds_assessment *a) {
    a->params = calloc((size_t)c->npar + 1, sizeof *a->params);
    if (!a->params) return lmds_error(LMDS_ENOMEM, "out of memory");
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
    as_set_values(c);
    as_calc_all(c);
    return LMDS_OK;
}

/* Context of the fit: the pair, the data, the working database with starting values. */
static lmds_status prepare(actx *c, const lmds_assess_opts *o, const char *data_csv) {
    static const char *const liq_only[] = {"LIQUID", NULL};
    lmds_status st;
    if ((st = set_pair(c, o->system))) return st;
    if ((st = as_read_data(c, data_csv))) return st;
    if ((st = as_home_phase(c->base, c->zA, c->home_phase[0], TH_NAME)) ||
        (st = as_home_phase(c->base, c->zB, c->home_phase[1], TH_NAME)) ||
        (st = as_melt_phase(c->base, c->zA, c->home_phase[0], c->melt_phase[0], TH_NAME)) ||
        (st = as_melt_phase(c->base, c->zB, c->home_phase[1], c->melt_phase[1], TH_NAME)))
        return st;
    if ((st = as_build_base_text(c, o, o->phases ? o->phases : liq_only))) return st;
    if ((st = start_params(c))) return st;
    if ((st = as_build_work_db(c))) return st;
    as_set_values(c);
    start_compounds(c);
    complete_phases(c);
    return LMDS_OK;
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
    lmds_assessment *a = calloc(1, sizeof *a);
    if (!c || !a) {
        free(c);
        free(a);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    c->base = base;
    c->recalled = o.recalled_factor > 0 ? o.recalled_factor : ASSESS_RECALLED_FACTOR;
    snprintf(c->data_name, sizeof c->data_name, "%s", o.data_name ? o.data_name : data_csv);
    lmds_status st = prepare(c, &o, data_csv);
    if (!st) {
        snprintf(a->system, sizeof a->system, "%s-%s", c->A, c->B);
        st = fit_model(c, &o, a);
    }
    if (!st) st = report_params(c, a);
    if (!st) {
        fill_items(c, a);
        for (int i = 0; i < a->nitems; i++)
            if (a->items[i].used && !isfinite(a->items[i].calc))
                lmds_warn("%s line %d: %s could not be calculated with the fitted parameters (the phases assumed for "
                          "it may not meet): the fit is not trustworthy", c->data_name, a->items[i].line,
                          a->items[i].what);
        st = make_output(c, a, &o);
    }
    if (!st) verify_output(c, a);
    actx_free(c);
    if (st) {
        lmds_assessment_free(a);
        return st;
    }
    *out = a;
    return LMDS_OK;
}
