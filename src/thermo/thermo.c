/* Public equilibrium API and database coverage checks. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lmds/element.h"
#include "thermo/ws.h"

static int find_species_name(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nsp; i++)
        if (!strcmp(db->sp[i].name, name)) return i;
    return -1;
}

static void upper(const char *s, char *out, size_t n) {
    size_t k = 0;
    for (; s[k] && k + 1 < n; k++) out[k] = (char)toupper((unsigned char)s[k]);
    out[k] = 0;
}

int lmds_tdb_has_binary(const lmds_tdb *db, const char *a, const char *b) {
    char A[8], B[8];
    upper(a, A, sizeof A);
    upper(b, B, sizeof B);
    int sa = find_species_name(db, A), sb = find_species_name(db, B);
    if (sa < 0 || sb < 0) return 0;
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *q = &db->par[i];
        if (q->dead || q->type != PAR_G || strncmp(q->phase, "LIQ", 3)) continue;
        for (int s = 0; s < q->nsub; s++) {
            if (q->ncons[s] != 2) continue;
            if ((q->cons[s][0] == sa && q->cons[s][1] == sb) || (q->cons[s][0] == sb && q->cons[s][1] == sa)) return 1;
        }
    }
    return 0;
}

static int has_liquid_element(const lmds_tdb *db, const char *A) {
    int sa = find_species_name(db, A);
    if (sa < 0) return 0;
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *q = &db->par[i];
        if (!q->dead && q->type == PAR_G && !strncmp(q->phase, "LIQ", 3) && q->nsub == 1 && q->ncons[0] == 1 &&
            q->cons[0][0] == sa)
            return 1;
    }
    return 0;
}

lmds_status lmds_tdb_covers(const lmds_tdb *db, const lmds_comp *c, char *missing, size_t n) {
    if (!db || !c) return lmds_error(LMDS_EINVAL, "lmds_tdb_covers: NULL argument");
    char buf[1024] = "";
    size_t len = 0;
    int nmiss = 0;
    char sym[LMDS_COMP_MAX][4];
    for (int i = 0; i < c->n; i++) {
        const char *s = lmds_element_symbol(c->z[i]);
        snprintf(sym[i], sizeof sym[i], "%s", s ? s : "?");
        char U[8];
        upper(sym[i], U, sizeof U);
        if (!has_liquid_element(db, U)) {
            len += (size_t)snprintf(buf + len, len < sizeof buf ? sizeof buf - len : 0, "%s%s", nmiss ? ", " : "", sym[i]);
            nmiss++;
        }
    }
    for (int i = 0; i < c->n; i++)
        for (int j = i + 1; j < c->n; j++)
            if (!lmds_tdb_has_binary(db, sym[i], sym[j]) && len < sizeof buf) {
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s-%s", nmiss ? ", " : "", sym[i], sym[j]);
                nmiss++;
            }
    if (missing && n) snprintf(missing, n, "%s", buf);
    if (nmiss) return lmds_error(LMDS_ENODATA, "%s does not cover: %s", db->path, buf);
    return LMDS_OK;
}

/* The result in the composition's element order, phases by decreasing amount; a second composition set of one
 * phase is named "PHASE#2". */
static void fill_result(const th_ws *w, const th_sol *sol, const lmds_comp *c, double T, double P,
                        lmds_eq_result *out) {
    int perm[TH_MAXC]; /* perm[i]: workspace index of the composition's i-th element */
    for (int i = 0; i < c->n; i++)
        for (int k = 0; k < w->sys.C; k++)
            if (w->sys.z[k] == c->z[i]) perm[i] = k;
    memset(out, 0, sizeof *out);
    out->T = T;
    out->P = P;
    out->ncomp = c->n;
    memcpy(out->z, c->z, sizeof(int) * (size_t)c->n);
    out->G = sol->G;
    for (int i = 0; i < c->n; i++) out->mu[i] = sol->mu[perm[i]];
    out->iterations = sol->iterations;
    int order[TH_MAXSETS];
    for (int k = 0; k < sol->nsets; k++) order[k] = k;
    for (int a = 1; a < sol->nsets; a++)
        for (int b = a; b > 0 && sol->set[order[b]].amount > sol->set[order[b - 1]].amount; b--) {
            int t = order[b]; order[b] = order[b - 1]; order[b - 1] = t;
        }
    for (int k = 0; k < sol->nsets && k < LMDS_EQ_MAXPHASES; k++) {
        const th_set *S = &sol->set[order[k]];
        lmds_eq_phase *ph = &out->phases[out->nphases++];
        int dup = 0;
        for (int j = 0; j < k; j++) dup += sol->set[order[j]].phase == S->phase;
        if (dup) snprintf(ph->name, sizeof ph->name, "%.28s#%d", w->sys.ph[S->phase].name, (dup + 1) % 10);
        else snprintf(ph->name, sizeof ph->name, "%s", w->sys.ph[S->phase].name);
        ph->amount = S->amount;
        for (int i = 0; i < c->n; i++) ph->x[i] = S->x[perm[i]];
        ph->G = S->G;
    }
}

lmds_status lmds_thermo_ws_equilibrium(lmds_thermo_ws *ws, const lmds_comp *c, double T, double P_GPa,
                                       lmds_eq_result *out) {
    if (!ws || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_equilibrium: NULL argument");
    if (!(T > 0) || !isfinite(T)) return lmds_error(LMDS_EINVAL, "temperature must be positive (got %g K)", T);
    double x[TH_MAXC], P;
    lmds_status st = th_ws_comp(ws, c, x);
    if (!st) st = th_pressure_Pa(P_GPa, &P);
    if (!st) st = th_ws_set_T(&ws->w, T, P);
    if (st) return st;
    th_sol sol;
    th_ws_activate_all(&ws->w);
    if ((st = th_equilibrate(&ws->w, x, &sol))) return st;
    fill_result(&ws->w, &sol, c, T, P_GPa, out);
    th_ws_warn_T(ws, T, "equilibrium");
    if (!sol.converged)
        lmds_warn("equilibrium at %.2f K: Newton refinement did not converge; hull estimate reported", T);
    return LMDS_OK;
}

lmds_status lmds_thermo_equilibrium_opts(const lmds_tdb *db, const lmds_comp *c, double T, double P,
                                         const lmds_eq_opts *opts, lmds_eq_result *out) {
    if (!db || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_equilibrium: NULL argument");
    if (c->n < 1) return lmds_error(LMDS_EINVAL, "empty composition");
    lmds_thermo_opts to = {opts ? opts->exclude : NULL, opts ? opts->only : NULL};
    lmds_thermo_ws *ws;
    lmds_status st = lmds_thermo_ws_new(db, c->n, c->z, &to, &ws);
    if (st) return st;
    st = lmds_thermo_ws_equilibrium(ws, c, T, P, out);
    lmds_thermo_ws_free(ws);
    return st;
}

lmds_status lmds_thermo_equilibrium(const lmds_tdb *db, const lmds_comp *c, double T, double P, lmds_eq_result *out) {
    return lmds_thermo_equilibrium_opts(db, c, T, P, NULL, out);
}
