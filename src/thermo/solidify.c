/* Solidification paths. Equilibrium: a sequence of global equilibria on cooling. Scheil-Gulliver (E. Scheil,
 * Z. Metallkd. 34 (1942) 70; G.H. Gulliver, J. Inst. Met. 9 (1913) 120): no diffusion in the solids, perfect
 * mixing in the liquid; at each step the solid that forms is removed and the remaining liquid cools on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thermo/ws.h"

void lmds_solidify_path_free(lmds_solidify_path *p) {
    if (!p) return;
    free(p->steps);
    free(p);
}

static int push_step(lmds_solidify_path *p, int *cap, const lmds_solidify_step *s) {
    if (p->nsteps == *cap) {
        int nc = *cap ? *cap * 2 : 64;
        lmds_solidify_step *q = realloc(p->steps, sizeof *q * (size_t)nc);
        if (!q) return -1;
        p->steps = q;
        *cap = nc;
    }
    p->steps[p->nsteps++] = *s;
    return 0;
}

static int step_phase(lmds_solidify_step *s, const char *name) {
    for (int k = 0; k < s->nphases; k++)
        if (!strcmp(s->phase[k], name)) return k;
    if (s->nphases >= LMDS_EQ_MAXPHASES) return -1;
    snprintf(s->phase[s->nphases], LMDS_PHASE_NAME, "%s", name);
    s->amount[s->nphases] = 0;
    return s->nphases++;
}

/* One step: the equilibrium phases at T of the alloy (equilibrium path) or of the remaining liquid (Scheil). */
typedef struct spath {
    th_ws *w;
    int C;
    double x0[TH_MAXC], xL[TH_MAXC];
    double fL;
    int liquid_gone;
    lmds_solidify_step acc; /* Scheil: the accumulated solids */
} spath;

/* The equilibrium path: the phases as they are at T. Returns the liquid fraction. */
static double eq_step(spath *sp, const th_sol *sol, lmds_solidify_step *s, lmds_solidify_path *p) {
    double fl = 0;
    for (int k = 0; k < sol->nsets; k++) {
        const th_set *S = &sol->set[k];
        int j = step_phase(s, sp->w->sys.ph[S->phase].name);
        if (j >= 0) s->amount[j] += S->amount;
        if (sp->w->sys.ph[S->phase].is_liquid) {
            fl += S->amount;
            for (int i = 0; i < sp->C; i++) s->x_liquid[i] = S->x[i];
        }
    }
    s->f_liquid = fl;
    if (fl < 1e-9 && isnan(p->T_end_liquid)) p->T_end_liquid = s->T;
    return fl;
}

/* Scheil: the solids formed in this step leave the system; the liquid cools on with its new composition. */
static void scheil_step(spath *sp, const th_sol *sol, lmds_solidify_step *s, lmds_solidify_path *p) {
    const th_ws *w = sp->w;
    int li = -1;
    double fl_here = 0;
    for (int k = 0; k < sol->nsets; k++)
        if (w->sys.ph[sol->set[k].phase].is_liquid) { fl_here += sol->set[k].amount; li = k; }
    for (int k = 0; k < sol->nsets; k++) {
        if (k == li) continue;
        int j = step_phase(&sp->acc, w->sys.ph[sol->set[k].phase].name);
        if (j >= 0) sp->acc.amount[j] += sp->fL * sol->set[k].amount;
    }
    if (li >= 0) memcpy(sp->xL, sol->set[li].x, sizeof(double) * (size_t)sp->C);
    sp->fL *= fl_here;
    if (sp->fL < 1e-4 || li < 0) {
        sp->fL = 0;
        sp->liquid_gone = 1;
        p->T_end_liquid = s->T;
    }
    double T = s->T;
    *s = sp->acc;
    s->T = T;
    s->f_liquid = sp->fL;
    memcpy(s->x_liquid, sp->xL, sizeof(double) * (size_t)sp->C);
}

static lmds_status run_path(spath *sp, lmds_solidify_path *p, double P, double T_end) {
    int cap = 0;
    double T = p->T_liquidus + 1e-3;
    while (T >= T_end - 1e-9) {
        th_sol sol;
        lmds_status st = th_ws_set_T(sp->w, T, P);
        int scheil_liquid = p->scheil && !sp->liquid_gone;
        if (!st) st = th_equilibrate(sp->w, scheil_liquid ? sp->xL : sp->x0, &sol);
        if (st) return st;
        lmds_solidify_step s;
        memset(&s, 0, sizeof s);
        s.T = T;
        int liquid;
        if (scheil_liquid) {
            scheil_step(sp, &sol, &s, p);
            liquid = !sp->liquid_gone;
        } else if (p->scheil) {
            s = sp->acc; /* after the last liquid the Scheil solids stay as they formed */
            s.T = T;
            liquid = 0;
        } else {
            liquid = eq_step(sp, &sol, &s, p) > 1e-9;
        }
        if (push_step(p, &cap, &s)) return lmds_error(LMDS_ENOMEM, "out of memory");
        /* 0.5 K steps while liquid remains, then 10 K; the path ends at T_end exactly */
        double dT = liquid ? 0.5 : 10;
        if (T > T_end && T - dT < T_end) T = T_end;
        else T -= dT;
    }
    return LMDS_OK;
}

lmds_status lmds_thermo_ws_solidify(lmds_thermo_ws *ws, const lmds_comp *c, double P_GPa, double T_end, int scheil,
                                    lmds_solidify_path **out) {
    if (out) *out = NULL;
    if (!ws || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_solidify: NULL argument");
    if (!(T_end > 0) || !isfinite(T_end))
        return lmds_error(LMDS_EINVAL, "end temperature must be positive and finite (got %g K)", T_end);
    double Tl, P;
    spath sp;
    memset(&sp, 0, sizeof sp);
    lmds_status st = lmds_thermo_ws_liquidus(ws, c, P_GPa, &Tl, NULL, 0);
    if (!st) st = th_ws_comp(ws, c, sp.x0);
    if (!st) st = th_pressure_Pa(P_GPa, &P);
    if (st) return st;
    if (T_end >= Tl)
        return lmds_error(LMDS_EINVAL, "end temperature %g K is not below the liquidus (%.2f K): nothing solidifies",
                          T_end, Tl);
    lmds_solidify_path *p = calloc(1, sizeof *p);
    if (!p) return lmds_error(LMDS_ENOMEM, "out of memory");
    p->scheil = scheil != 0;
    p->ncomp = c->n;
    memcpy(p->z, ws->w.sys.z, sizeof(int) * (size_t)c->n);
    p->T_liquidus = Tl;
    p->T_end_liquid = NAN;
    sp.w = &ws->w;
    sp.C = ws->w.sys.C;
    sp.fL = 1;
    memcpy(sp.xL, sp.x0, sizeof sp.xL);
    th_ws_activate_all(&ws->w);
    if ((st = run_path(&sp, p, P, T_end))) {
        lmds_solidify_path_free(p);
        return st;
    }
    p->liquid_left = isnan(p->T_end_liquid);
    th_ws_warn_T(ws, T_end, "solidification");
    *out = p;
    return LMDS_OK;
}

lmds_status lmds_thermo_solidify(const lmds_tdb *db, const lmds_comp *c, double T_end, int scheil,
                                 lmds_solidify_path **out) {
    if (out) *out = NULL;
    if (!db || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_solidify: NULL argument");
    lmds_thermo_ws *ws;
    lmds_status st = lmds_thermo_ws_new(db, c->n, c->z, NULL, &ws);
    if (st) return st;
    st = lmds_thermo_ws_solidify(ws, c, 0, T_end, scheil, out);
    lmds_thermo_ws_free(ws);
    return st;
}
