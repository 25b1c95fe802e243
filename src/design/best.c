/* The answer of a design run, system by system: for every searched alloy system and route, the feasible alloy
 * with the highest Tc by that route (then the lowest liquidus). */
#include "design/design_internal.h"

#include <math.h>
#include <stdlib.h>

static int feasible_for_route(const lmds_design_spec *s, const lmds_design_candidate *c, int k)
{
    double tc = c->tc_route_K[k];
    return isfinite(tc) && c->T_liquidus_K <= s->max_liquidus_K && tc >= s->min_tc_K;
}

static int cmp_best(const void *pa, const void *pb)
{
    const lmds_design_best *a = pa, *b = pb;
    if (a->tc_K != b->tc_K)
        return a->tc_K > b->tc_K ? -1 : 1;
    if (a->T_liquidus_K != b->T_liquidus_K)
        return a->T_liquidus_K < b->T_liquidus_K ? -1 : 1;
    if (a->candidate != b->candidate)
        return a->candidate < b->candidate ? -1 : 1;
    return a->route - b->route;
}

/* best[k]: the index of system i's best candidate by route k (-1 when none is feasible). */
static void system_best(const lmds_design_spec *s, const lmds_design_outcome *o, int i, long *best)
{
    for (int k = 0; k < s->nroutes; k++) {
        best[k] = -1;
        for (long j = 0; j < o->ncandidates; j++) {
            const lmds_design_candidate *c = &o->candidates[j];
            if (c->system != i || !feasible_for_route(s, c, k))
                continue;
            const lmds_design_candidate *b = best[k] >= 0 ? &o->candidates[best[k]] : NULL;
            if (!b || c->tc_route_K[k] > b->tc_route_K[k] ||
                (c->tc_route_K[k] == b->tc_route_K[k] && c->T_liquidus_K < b->T_liquidus_K))
                best[k] = j;
        }
    }
}

lmds_status lmds_design_best_per_system(const lmds_design_spec *s, const lmds_design_outcome *o,
                                        lmds_design_best **rows, long *n, int *gains)
{
    if (rows) *rows = NULL;
    if (n) *n = 0;
    if (!s || !o || !rows || !n || !gains)
        return lmds_error(LMDS_EINVAL, "lmds_design_best_per_system: NULL argument");
    int bulk = -1;
    for (int k = 0; k < s->nroutes && bulk < 0; k++)
        if (s->routes[k].kind == LMDS_ROUTE_BULK)
            bulk = k;
    for (int k = 0; k < s->nroutes; k++)
        gains[k] = k == bulk;
    lmds_design_best *v = calloc((size_t)o->nsystems * (size_t)s->nroutes + 1, sizeof *v);
    if (!v)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    long m = 0;
    for (int i = 0; i < o->nsystems; i++) {
        long best[LMDS_DESIGN_MAX_ROUTES];
        if (!o->systems[i].covered)
            continue;
        system_best(s, o, i, best);
        double bulk_tc = bulk >= 0 && best[bulk] >= 0 ? o->candidates[best[bulk]].tc_route_K[bulk] : -1.0;
        for (int k = 0; k < s->nroutes; k++) {
            if (best[k] < 0)
                continue;
            const lmds_design_candidate *c = &o->candidates[best[k]];
            if (k != bulk && bulk >= 0 && !(c->tc_route_K[k] > bulk_tc))
                continue;
            gains[k] = 1;
            v[m++] = (lmds_design_best){best[k], i, k, c->tc_route_K[k], c->T_liquidus_K};
        }
    }
    qsort(v, (size_t)m, sizeof *v, cmp_best);
    *rows = v;
    *n = m;
    return LMDS_OK;
}

void lmds_design_best_free(lmds_design_best *rows)
{
    free(rows);
}
