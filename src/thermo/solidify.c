/* Solidification paths. Equilibrium: a sequence of global equilibria on cooling. Scheil-Gulliver (E. Scheil,
 * Z. Metallkd. 34 (1942) 70; G.H. Gulliver, J. Inst. Met. 9 (1913) 120): no diffusion in the solids, perfect
 * mixing in the liquid; at each step the solid that forms is removed and the remaining liquid cools on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thermo/eq.h"

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

lmds_status lmds_thermo_solidify(const lmds_tdb *db, const lmds_comp *c, double T_end, int scheil,
                                 lmds_solidify_path **out) {
    if (out) *out = NULL;
    if (!db || !c || !out) return lmds_error(LMDS_EINVAL, "NULL argument");
    if (!(T_end > 0)) return lmds_error(LMDS_EINVAL, "end temperature must be positive");
    double Tl;
    lmds_status st = lmds_thermo_liquidus(db, c, 0, &Tl, NULL, 0);
    if (st) return st;
    lmds_solidify_path *p = calloc(1, sizeof *p);
    th_ws *w = malloc(sizeof *w);
    if (!p || !w) { free(p); free(w); return lmds_error(LMDS_ENOMEM, "out of memory"); }
    if ((st = th_ws_init(w, db, c->z, c->n))) { free(p); free(w); return st; }
    p->scheil = scheil;
    p->ncomp = c->n;
    memcpy(p->z, c->z, sizeof(int) * (size_t)c->n);
    p->T_liquidus = Tl;
    p->T_end_liquid = NAN;
    int cap = 0;
    double xL[TH_MAXC];
    memcpy(xL, c->x, sizeof(double) * (size_t)c->n);
    double fL = 1;
    lmds_solidify_step acc;    /* Scheil: accumulated solids */
    memset(&acc, 0, sizeof acc);
    double T = Tl + 1e-3;
    int liquid_gone = 0;
    while (T >= T_end - 1e-9) {
        th_sol sol;
        if ((st = th_ws_set_T(w, T, 0)) || (st = th_equilibrate(w, scheil && !liquid_gone ? xL : c->x, &sol))) break;
        lmds_solidify_step s;
        memset(&s, 0, sizeof s);
        s.T = T;
        double fl_here = 0;
        int li = -1;
        for (int k = 0; k < sol.nsets; k++)
            if (w->sys.ph[sol.set[k].phase].is_liquid) { fl_here += sol.set[k].amount; li = k; }
        if (!scheil || liquid_gone) {
            for (int k = 0; k < sol.nsets; k++) {
                int j = step_phase(&s, w->sys.ph[sol.set[k].phase].name);
                if (j >= 0) s.amount[j] += sol.set[k].amount;
            }
            if (!scheil) {
                s.f_liquid = fl_here;
                if (li >= 0) memcpy(s.x_liquid, sol.set[li].x, sizeof(double) * (size_t)c->n);
                if (fl_here < 1e-9 && isnan(p->T_end_liquid)) p->T_end_liquid = T;
            } else {
                s = acc;
                s.T = T;
            }
        } else {
            /* solids formed in this step leave the system */
            for (int k = 0; k < sol.nsets; k++) {
                if (k == li) continue;
                int j = step_phase(&acc, w->sys.ph[sol.set[k].phase].name);
                if (j >= 0) acc.amount[j] += fL * sol.set[k].amount;
            }
            fL *= fl_here;
            if (li >= 0) memcpy(xL, sol.set[li].x, sizeof(double) * (size_t)c->n);
            s = acc;
            s.T = T;
            s.f_liquid = fL;
            memcpy(s.x_liquid, xL, sizeof(double) * (size_t)c->n);
            if (fL < 1e-4 || li < 0) {
                /* the last liquid freezes here (eutectic): add it to the solids in the equilibrium ratio */
                if (li < 0)
                    for (int k = 0; k < sol.nsets; k++) {
                        int j = step_phase(&acc, w->sys.ph[sol.set[k].phase].name);
                        if (j >= 0) acc.amount[j] += fL * sol.set[k].amount;
                    }
                fL = 0;
                s = acc;
                s.T = T;
                s.f_liquid = 0;
                liquid_gone = 1;
                p->T_end_liquid = T;
            }
        }
        if (push_step(p, &cap, &s)) { st = lmds_error(LMDS_ENOMEM, "out of memory"); break; }
        /* 0.5 K steps while liquid remains, then 10 K */
        int liquid = scheil ? !liquid_gone : fl_here > 1e-9;
        double dT = liquid ? 0.5 : 10;
        if (T > T_end && T - dT < T_end) T = T_end;
        else T -= dT;
        if (T < T_end - 1e-9) break;
    }
    th_ws_free(w);
    free(w);
    if (st) { lmds_solidify_path_free(p); return st; }
    *out = p;
    return LMDS_OK;
}
