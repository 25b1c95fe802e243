/* The pipeline's thermodynamic calls on per-thread workspaces. Building a system's phase sampling is most of the
 * cost of a one-shot liquidus, solidus or equilibrium call; a design search asks for all of them on many
 * compositions of the same few systems, so each thread slot keeps the workspaces of its last DESIGN_THERMO_WS
 * systems and reuses them. A workspace belongs to one thread slot and is never shared, so OpenMP threads need no
 * locking. The workspace functions compute the same thing as the one-shot calls (which make a workspace, call
 * them and free it); the predictor option thermo_one_shot takes the one-shot path, for benchmarks and for the
 * test that both give the same answers. */
#include "design/design_internal.h"

#include <string.h>

static int same_system(const thermo_ws_entry *e, const lmds_comp *c)
{
    return e->n == c->n && memcmp(e->z, c->z, sizeof(int) * (size_t)c->n) == 0;
}

/* The workspace of c's system in thread slot `thread` (owned by the slot): found, or made in place of the oldest. */
static lmds_status workspace(lmds_predictor *p, int thread, const lmds_comp *c, lmds_thermo_ws **out)
{
    *out = NULL;
    if (thread < 0 || thread >= p->nthreads)
        return lmds_error(LMDS_EINVAL, "thermodynamics: thread %d outside 0..%d", thread, p->nthreads - 1);
    if (c->n < 1 || c->n > LMDS_COMP_MAX)
        return lmds_error(LMDS_EINVAL, "thermodynamics: %d elements (1..%d)", c->n, LMDS_COMP_MAX);
    thread_slot *ts = &p->threads[thread];
    for (int i = 0; i < DESIGN_THERMO_WS; i++)
        if (ts->ws[i].ws && same_system(&ts->ws[i], c)) {
            *out = ts->ws[i].ws;
            return LMDS_OK;
        }
    thermo_ws_entry *e = &ts->ws[ts->next_ws];
    lmds_thermo_ws_free(e->ws);
    memset(e, 0, sizeof *e);
    lmds_status st = lmds_thermo_ws_new(p->tdb, c->n, c->z, NULL, &e->ws);
    if (st != LMDS_OK)
        return st; /* the slot stays empty and is reused by the next new system */
    e->n = c->n;
    memcpy(e->z, c->z, sizeof(int) * (size_t)c->n);
    ts->next_ws = (ts->next_ws + 1) % DESIGN_THERMO_WS;
    *out = e->ws;
    return LMDS_OK;
}

lmds_status design_liquidus(lmds_predictor *p, int thread, const lmds_comp *c, double P, double *T, char *primary,
                            size_t n)
{
    if (p->thermo_one_shot)
        return lmds_thermo_liquidus(p->tdb, c, P, T, primary, n);
    lmds_thermo_ws *ws;
    lmds_status st = workspace(p, thread, c, &ws);
    return st != LMDS_OK ? st : lmds_thermo_ws_liquidus(ws, c, P, T, primary, n);
}

lmds_status design_solidus(lmds_predictor *p, int thread, const lmds_comp *c, double P, double *T)
{
    if (p->thermo_one_shot)
        return lmds_thermo_solidus(p->tdb, c, P, T);
    lmds_thermo_ws *ws;
    lmds_status st = workspace(p, thread, c, &ws);
    return st != LMDS_OK ? st : lmds_thermo_ws_solidus(ws, c, P, T);
}

lmds_status design_equilibrium(lmds_predictor *p, int thread, const lmds_comp *c, double T, double P,
                               lmds_eq_result *eq)
{
    if (p->thermo_one_shot)
        return lmds_thermo_equilibrium(p->tdb, c, T, P, eq);
    lmds_thermo_ws *ws;
    lmds_status st = workspace(p, thread, c, &ws);
    return st != LMDS_OK ? st : lmds_thermo_ws_equilibrium(ws, c, T, P, eq);
}

/* The Scheil path at the pressure of the phase diagram (P_GPa), so that it starts from the same liquidus. */
lmds_status design_scheil(lmds_predictor *p, int thread, const lmds_comp *c, double P_GPa, double T_end,
                          lmds_solidify_path **path)
{
    *path = NULL;
    if (p->thermo_one_shot && P_GPa == 0.0)
        return lmds_thermo_solidify(p->tdb, c, T_end, 1, path);
    if (p->thermo_one_shot) { /* one-shot at pressure: a workspace made and freed for this call */
        lmds_thermo_ws *tmp;
        lmds_status st = lmds_thermo_ws_new(p->tdb, c->n, c->z, NULL, &tmp);
        if (st == LMDS_OK) st = lmds_thermo_ws_solidify(tmp, c, P_GPa, T_end, 1, path);
        lmds_thermo_ws_free(tmp);
        return st;
    }
    lmds_thermo_ws *ws;
    lmds_status st = workspace(p, thread, c, &ws);
    return st != LMDS_OK ? st : lmds_thermo_ws_solidify(ws, c, P_GPa, T_end, 1, path);
}

void design_thermo_ws_clear(lmds_predictor *p)
{
    for (int t = 0; p->threads && t < p->nthreads; t++)
        for (int i = 0; i < DESIGN_THERMO_WS; i++) {
            lmds_thermo_ws_free(p->threads[t].ws[i].ws);
            memset(&p->threads[t].ws[i], 0, sizeof p->threads[t].ws[i]);
        }
}
