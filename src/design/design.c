/* Inverse design: search compositions (and routes) of the element pool for alloys that print from a melt below
 * a temperature and superconduct above another, on the pipeline of predict.c, with the machinery of search.c. */
#include "design/design_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/csv.h"

/* ---------------------------------------------------------------------------------------------------------- */
/* Objectives, defaults                                                                                        */
/* ---------------------------------------------------------------------------------------------------------- */

static const char *obj_names[] = {"tc", "liquidus", "margin", "cost"};

lmds_status lmds_objective_parse(const char *name, lmds_objective *out)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, obj_names[i]) == 0) {
            *out = (lmds_objective)i;
            return LMDS_OK;
        }
    return lmds_error(LMDS_EPARSE, "objective '%s': expected tc, liquidus, margin or cost", name ? name : "");
}

const char *lmds_objective_name(lmds_objective o)
{
    return (int)o >= 0 && (int)o < 4 ? obj_names[o] : "?";
}

void lmds_design_spec_init(lmds_design_spec *s)
{
    memset(s, 0, sizeof *s);
    /* The liquid-metal families of the genome, less the toxic Pb, Cd and Hg of the default question, and less Tl,
     * which is more toxic than any of them (whoever rules out Pb, Cd and Hg rules out Tl). */
    static const char *pool[] = {"Ga", "In", "Sn", "Bi", "Zn", "Na", "K"};
    for (int i = 0; i < 7; i++)
        lmds_element_lookup(pool[i], &s->z[s->nelements++]);
    s->max_components = 3;
    s->nroutes = 3;
    s->routes[0] = (lmds_route){.kind = LMDS_ROUTE_BULK, .size_nm = 0.0};
    s->routes[1] = (lmds_route){.kind = LMDS_ROUTE_FILM, .size_nm = 100.0};
    s->routes[2] = (lmds_route){.kind = LMDS_ROUTE_DROPLET, .size_nm = 15000.0};
    s->max_liquidus_K = 60.0 + LMDS_C_TO_K;
    s->min_tc_K = 4.2;
    s->max_cost_usd_kg = INFINITY;
    s->P_GPa = 0.0;
    s->T_store_K = 298.15;
    s->quench = 0;
    s->nobj = 2;
    s->obj[0] = LMDS_OBJ_TC;
    s->obj[1] = LMDS_OBJ_LIQUIDUS;
    s->grid_divisions = 50;
    lmds_design_nsga2_opts_init(&s->nsga2);
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Prices                                                                                                      */
/* ---------------------------------------------------------------------------------------------------------- */

/* Filled once per process (pthread_once), read-only afterwards. */
static double price_table[LMDS_ZMAX + 1];
static pthread_once_t price_once = PTHREAD_ONCE_INIT;

static void load_prices(void)
{
    for (int z = 0; z <= LMDS_ZMAX; z++)
        price_table[z] = NAN;
    char path[1024];
    if (lmds_data_path("design/element_prices.csv", path, sizeof path) != LMDS_OK)
        return;
    char *text = NULL;
    if (lmds_file_read(path, 1u << 20, &text, NULL) != LMDS_OK) {
        lmds_error_clear(); /* no price file: every price unknown */
        return;
    }
    lmds_csv csv;
    lmds_csv_init(&csv, text);
    int header = 1;
    while (lmds_csv_next(&csv) == 1) {
        if (header) {
            header = 0;
            continue;
        }
        int z;
        /* A price without a source is not used. */
        if (csv.nfields >= 4 && *csv.fields[3] && lmds_element_lookup(csv.fields[0], &z) == LMDS_OK) {
            char *end;
            double v = strtod(csv.fields[1], &end);
            if (end != csv.fields[1] && isfinite(v) && v > 0)
                price_table[z] = v;
        }
    }
    lmds_error_clear();
    lmds_csv_clear(&csv);
    free(text);
}

double lmds_design_element_price(int z)
{
    pthread_once(&price_once, load_prices);
    return z >= 1 && z <= LMDS_ZMAX ? price_table[z] : NAN;
}

lmds_status lmds_design_alloy_price(const lmds_comp *c, double *usd_kg)
{
    double w[LMDS_COMP_MAX], s = 0.0;
    lmds_comp_weight_fractions(c, w);
    for (int k = 0; k < c->n; k++) {
        double pz = lmds_design_element_price(c->z[k]);
        if (!isfinite(pz))
            return lmds_error(LMDS_ENODATA, "no sourced price for %s (data/design/element_prices.csv)",
                              lmds_element_symbol(c->z[k]));
        s += w[k] * pz;
    }
    *usd_kg = s;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Evaluator                                                                                                   */
/* ---------------------------------------------------------------------------------------------------------- */

/* Auxiliary outputs of a candidate; the material Tc of route k is at AUX_ROUTE_TC + k. */
enum { AUX_TC = 0, AUX_TLIQ, AUX_ROUTE, AUX_COST, AUX_TSOL, AUX_SOURCE, AUX_UNC, AUX_ROUTE_TC };

typedef struct eval_ctx {
    lmds_predictor *p;
    const lmds_design_spec *s;
    int n;
    int z[LMDS_DESIGN_MAX_DIM];
    int need_cost;
} eval_ctx;

/* The auxiliary outputs of a candidate that stops at the printing screen: only its cost is known. */
static void aux_unprintable(const lmds_design_spec *s, double cost, double *f, double *aux)
{
    for (int j = 0; j < s->nobj; j++)
        f[j] = INFINITY;
    aux[AUX_TC] = NAN;
    aux[AUX_TLIQ] = NAN;
    aux[AUX_ROUTE] = 0;
    aux[AUX_COST] = cost;
    aux[AUX_TSOL] = NAN;
    aux[AUX_SOURCE] = LMDS_TC_SRC_NONE;
    aux[AUX_UNC] = NAN;
    for (int k = 0; k < s->nroutes; k++)
        aux[AUX_ROUTE_TC + k] = NAN;
}

/* Printing screen: one equilibrium at the printing temperature (about 0.5 ms) instead of a liquidus solve
 * (about 13 ms). An alloy not entirely liquid there has its liquidus above the limit. Sets *liquid_fraction to
 * the liquid's amount (1 when the spec has no printing limit). */
static lmds_status print_screen(eval_ctx *ctx, int thread, const lmds_comp *c, double *liquid_fraction)
{
    const lmds_design_spec *s = ctx->s;
    *liquid_fraction = 1.0;
    if (!(isfinite(s->max_liquidus_K) && s->max_liquidus_K > 1.0))
        return LMDS_OK;
    lmds_eq_result eq;
    lmds_status st = design_equilibrium(ctx->p, thread, c, s->max_liquidus_K, s->P_GPa, &eq);
    if (st != LMDS_OK && st != LMDS_ENOCONV)
        return st;
    lmds_error_clear();
    double fl = 0.0;
    for (int k = 0; k < eq.nphases; k++)
        if (design_is_liquid(eq.phases[k].name))
            fl += eq.phases[k].amount;
    *liquid_fraction = fl;
    return LMDS_OK;
}

/* The best route of a printable candidate: the material Tc of every route (into aux), the highest with its
 * source and uncertainty (the first route's source even when nothing superconducts). */
typedef struct route_best {
    double tc, src, unc;
    int route;
} route_best;

static lmds_status best_route(eval_ctx *ctx, int thread, lmds_prediction *r, double *aux, route_best *b)
{
    const lmds_design_spec *s = ctx->s;
    *b = (route_best){0.0, LMDS_TC_SRC_NONE, 0.0, 0};
    for (int k = 0; k < s->nroutes; k++) {
        lmds_status st = design_tc(ctx->p, thread, &s->routes[k], s->P_GPa, r);
        if (st != LMDS_OK)
            return st;
        aux[AUX_ROUTE_TC + k] = r->tc_K;
        if (k == 0 || r->tc_K > b->tc) {
            b->tc = r->tc_K;
            b->route = k;
            b->src = r->tc_source;
            b->unc = r->uncertainty_K;
        }
    }
    return LMDS_OK;
}

/* The objective values of a candidate with Tc tc, liquidus T_liq and cost (all minimised). */
static void objectives(const lmds_design_spec *s, double tc, double T_liq, double cost, double *f)
{
    for (int j = 0; j < s->nobj; j++) {
        switch (s->obj[j]) {
        case LMDS_OBJ_TC: f[j] = -tc; break;
        case LMDS_OBJ_LIQUIDUS: f[j] = T_liq; break;
        case LMDS_OBJ_COST: f[j] = cost; break;
        case LMDS_OBJ_MARGIN: {
            double m1 = (tc - s->min_tc_K) / fmax(s->min_tc_K, 1.0);
            double m2 = isfinite(s->max_liquidus_K) ? (s->max_liquidus_K - T_liq) / s->max_liquidus_K : INFINITY;
            f[j] = -fmin(m1, m2);
            break;
        }
        }
    }
}

/* The price of a candidate and the violation of the price limit (relative excess), when the spec needs one. */
static lmds_status cost_check(const eval_ctx *ctx, const lmds_comp *c, double *cost, double *v)
{
    const lmds_design_spec *s = ctx->s;
    *cost = NAN;
    if (!ctx->need_cost)
        return LMDS_OK;
    lmds_status st = lmds_design_alloy_price(c, cost);
    if (st != LMDS_OK)
        return st;
    if (*cost > s->max_cost_usd_kg)
        *v += (*cost - s->max_cost_usd_kg) / s->max_cost_usd_kg;
    return LMDS_OK;
}

static lmds_status design_eval(void *vctx, int thread, const double *x, double *f, double *aux, double *viol)
{
    eval_ctx *ctx = vctx;
    const lmds_design_spec *s = ctx->s;
    lmds_comp c;
    lmds_status st = lmds_comp_from_amounts(ctx->n, ctx->z, x, &c);
    double cost, v = 0.0, fl;
    if (st == LMDS_OK)
        st = cost_check(ctx, &c, &cost, &v);
    if (st == LMDS_OK)
        st = print_screen(ctx, thread, &c, &fl);
    if (st != LMDS_OK)
        return st;
    if (fl < 1.0 - 1e-6) {
        /* Not printable; the violation is the solid fraction (x10, so 10 % solid weighs like 1 K of missing Tc)
         * and the candidate needs nothing more. */
        aux_unprintable(s, cost, f, aux);
        *viol = v + 10.0 * (1.0 - fl) + s->min_tc_K;
        return LMDS_OK;
    }
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.fast = 1;
    o.scheil = 0;
    o.P_GPa = s->P_GPa;
    o.T_store_K = s->T_store_K;
    o.quench = s->quench;
    lmds_prediction r;
    st = design_thermo(ctx->p, thread, &c, &o, &r, s->max_liquidus_K);
    if (st != LMDS_OK)
        return st;
    route_best b = {0.0, LMDS_TC_SRC_NONE, 0.0, 0};
    for (int k = 0; k < s->nroutes; k++)
        aux[AUX_ROUTE_TC + k] = NAN;
    if (r.T_liquidus_K > s->max_liquidus_K) {
        /* Too high to print: the violation grows with the excess (10 K counts like 1 K of missing Tc). */
        v += (r.T_liquidus_K - s->max_liquidus_K) / 10.0 + s->min_tc_K;
    } else {
        if ((st = best_route(ctx, thread, &r, aux, &b)) != LMDS_OK)
            return st;
        if (b.tc < s->min_tc_K)
            v += s->min_tc_K - b.tc;
    }
    objectives(s, b.tc, r.T_liquidus_K, cost, f);
    aux[AUX_TC] = b.tc;
    aux[AUX_TLIQ] = r.T_liquidus_K;
    aux[AUX_ROUTE] = b.route;
    aux[AUX_COST] = cost;
    aux[AUX_TSOL] = r.T_solidus_K;
    aux[AUX_SOURCE] = b.src;
    aux[AUX_UNC] = b.unc;
    *viol = v;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Run                                                                                                         */
/* ---------------------------------------------------------------------------------------------------------- */

typedef struct progress_relay {
    lmds_design_progress_fn fn;
    void *ctx;
    long base, total;
} progress_relay;

static void relay(void *vctx, long done, long total)
{
    (void)total;
    progress_relay *r = vctx;
    if (r->fn)
        r->fn(r->ctx, r->base + done, r->total);
}

void lmds_design_outcome_free(lmds_design_outcome *o)
{
    if (!o)
        return;
    for (int i = 0; i < o->nsystems; i++)
        lmds_design_result_free(o->systems[i].result);
    free(o->systems);
    free(o->candidates);
    free(o);
}

/* Ranking of the pooled candidates: same order as lmds_design_result (feasible, front, first objective,
 * crowding, then system and index so that ties never depend on timing). */
static _Thread_local const lmds_design_candidate *rank_c;
static _Thread_local const double *rank_crowd;

static int cmp_cand(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    const lmds_design_candidate *A = &rank_c[a], *B = &rank_c[b];
    int ca = isinf(A->violation) ? 2 : A->violation > 0, cb = isinf(B->violation) ? 2 : B->violation > 0;
    if (ca != cb)
        return ca - cb;
    if (ca == 0) {
        if (A->front != B->front)
            return A->front - B->front;
        if (A->f[0] != B->f[0])
            return A->f[0] < B->f[0] ? -1 : 1;
        if (rank_crowd[a] != rank_crowd[b])
            return rank_crowd[a] > rank_crowd[b] ? -1 : 1;
    } else if (ca == 1 && A->violation != B->violation) {
        return A->violation < B->violation ? -1 : 1;
    }
    return (a > b) - (a < b);
}

static int next_subset(int *idx, int k, int n)
{
    int i = k - 1;
    while (i >= 0 && idx[i] == n - k + i)
        i--;
    if (i < 0)
        return 0;
    idx[i]++;
    for (int j = i + 1; j < k; j++)
        idx[j] = idx[j - 1] + 1;
    return 1;
}

/* The spec's limits, and whether it needs element prices (a price limit or the cost objective) which must then
 * be known for every element of the pool. */
static lmds_status spec_check(const lmds_design_spec *s, int *need_cost)
{
    if (s->nelements < 1 || s->nelements > LMDS_DESIGN_MAX_ELEMENTS)
        return lmds_error(LMDS_EINVAL, "design: %d elements in the pool (1..%d)", s->nelements,
                          LMDS_DESIGN_MAX_ELEMENTS);
    if (s->max_components < 1 || s->max_components > LMDS_DESIGN_MAX_DIM)
        return lmds_error(LMDS_EINVAL, "design: max components %d (1..%d)", s->max_components,
                          LMDS_DESIGN_MAX_DIM);
    if (s->nroutes < 1 || s->nroutes > LMDS_DESIGN_MAX_ROUTES || s->nobj < 1 || s->nobj > LMDS_DESIGN_MAX_OBJ)
        return lmds_error(LMDS_EINVAL, "design: %d routes, %d objectives", s->nroutes, s->nobj);
    if (s->grid_divisions < 2 || s->grid_divisions > 1000)
        return lmds_error(LMDS_EINVAL, "design: grid divisions %d (2..1000)", s->grid_divisions);
    *need_cost = isfinite(s->max_cost_usd_kg);
    for (int j = 0; j < s->nobj; j++)
        *need_cost |= s->obj[j] == LMDS_OBJ_COST;
    if (*need_cost) {
        for (int i = 0; i < s->nelements; i++)
            if (!isfinite(lmds_design_element_price(s->z[i])))
                return lmds_error(LMDS_ENODATA, "--max-cost / cost objective: no sourced price for %s (add it to "
                                  "data/design/element_prices.csv with its source)", lmds_element_symbol(s->z[i]));
    }
    return LMDS_OK;
}

/* Append system idx (k elements of the pool) to *sys, growing it; whether the database covers it, and the
 * candidate evaluations it will cost added to *total. */
static lmds_status system_add(lmds_predictor *p, const lmds_design_spec *s, const int *idx, int k,
                              lmds_design_system **sys, int *ns, int *cap, long *total)
{
    if (*ns == *cap) {
        lmds_design_system *t = realloc(*sys, 2 * (size_t)*cap * sizeof **sys);
        if (!t)
            return lmds_error(LMDS_ENOMEM, "out of memory");
        *sys = t;
        memset(t + *cap, 0, (size_t)*cap * sizeof *t);
        *cap *= 2;
    }
    lmds_design_system *y = &(*sys)[(*ns)++];
    y->n = k;
    double one[LMDS_DESIGN_MAX_DIM];
    for (int i = 0; i < k; i++) {
        y->z[i] = s->z[idx[i]];
        one[i] = 1.0;
    }
    lmds_comp c;
    lmds_comp_from_amounts(k, y->z, one, &c);
    y->covered = lmds_predictor_covers(p, &c, y->missing, sizeof y->missing);
    if (y->covered)
        *total += k <= 3 ? lmds_design_grid_count(k, s->grid_divisions, 1)
                         : (long)s->nsga2.population * (s->nsga2.generations + 1);
    return LMDS_OK;
}

/* The systems of the search: sizes 1..max_components, lexicographic subsets of the pool in its given order. */
static lmds_status systems_enumerate(lmds_predictor *p, const lmds_design_spec *s, lmds_design_system **out,
                                     int *ns, long *total)
{
    int kmax = s->max_components < s->nelements ? s->max_components : s->nelements;
    int cap = 64;
    lmds_design_system *sys = calloc((size_t)cap, sizeof *sys);
    *out = NULL;
    *ns = 0;
    *total = 0;
    if (!sys)
        return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int k = 1; k <= kmax; k++) {
        int idx[LMDS_DESIGN_MAX_DIM];
        for (int i = 0; i < k; i++)
            idx[i] = i;
        do {
            lmds_status st = system_add(p, s, idx, k, &sys, ns, &cap, total);
            if (st != LMDS_OK) {
                free(sys);
                return st;
            }
        } while (next_subset(idx, k, s->nelements));
    }
    *out = sys;
    return LMDS_OK;
}

/* Search every covered system of o: the grid for up to 3 components, NSGA-II beyond. Counts the candidates
 * into *ncand. */
static lmds_status systems_search(lmds_predictor *p, const lmds_design_spec *s, int need_cost, progress_relay *pr,
                                  lmds_design_outcome *o, long *ncand)
{
    lmds_status st = LMDS_OK;
    *ncand = 0;
    for (int i = 0; i < o->nsystems && st == LMDS_OK; i++) {
        lmds_design_system *y = &o->systems[i];
        if (!y->covered) {
            o->nuncovered++;
            continue;
        }
        eval_ctx ctx = {p, s, y->n, {0}, need_cost};
        memcpy(ctx.z, y->z, sizeof ctx.z);
        lmds_design_problem prob;
        lmds_design_problem_init(&prob, y->n, s->nobj, design_eval, &ctx);
        prob.naux = AUX_ROUTE_TC + s->nroutes;
        prob.progress = relay;
        prob.progress_ctx = pr;
        prob.mpi_comm = s->mpi_comm;
        if (y->n <= 3) {
            st = lmds_design_grid(&prob, s->grid_divisions, 1, &y->result);
        } else {
            for (int k = 0; k < y->n; k++)
                prob.xmin[k] = 1.0 / s->grid_divisions;
            st = lmds_design_nsga2(&prob, &s->nsga2, &y->result);
        }
        if (st == LMDS_OK) {
            pr->base += y->result->evaluations;
            *ncand += y->result->n;
            o->nevaluations += y->result->evaluations;
            o->nfailed += y->result->nfailed;
        }
    }
    return st;
}

/* Candidate c from row j of system i's result (objectives and violation copied as searched). */
static void candidate_fill(const lmds_design_spec *s, const lmds_design_system *y, int i, long j,
                           lmds_design_candidate *c)
{
    const lmds_design_result *r = y->result;
    lmds_comp_from_amounts(y->n, y->z, r->x + j * r->ndim, &c->comp);
    c->system = i;
    const double *a = r->aux + j * r->naux;
    c->tc_K = a[AUX_TC];
    c->T_liquidus_K = a[AUX_TLIQ];
    c->route = isfinite(a[AUX_ROUTE]) ? (int)a[AUX_ROUTE] : 0;
    c->cost_usd_kg = a[AUX_COST];
    c->T_solidus_K = a[AUX_TSOL];
    c->uncertainty_K = a[AUX_UNC];
    c->tc_source = isfinite(a[AUX_SOURCE]) ? (lmds_tc_source)(int)a[AUX_SOURCE] : LMDS_TC_SRC_NONE;
    for (int k = 0; k < LMDS_DESIGN_MAX_ROUTES; k++)
        c->tc_route_K[k] = k < s->nroutes ? a[AUX_ROUTE_TC + k] : NAN;
    c->violation = r->violation[j];
    for (int k = 0; k < s->nobj; k++)
        c->f[k] = r->f[j * r->nobj + k];
}

/* Rank the m pooled candidates of o together (Pareto fronts over all systems, then cmp_cand); o->candidates is
 * replaced by the ranked array. */
static lmds_status candidates_rank(const lmds_design_spec *s, lmds_design_outcome *o, long m)
{
    size_t cap = (size_t)(m > 0 ? m : 1);
    double *f = malloc(cap * s->nobj * sizeof(double));
    double *v = malloc(cap * sizeof(double));
    int *front = malloc(cap * sizeof(int));
    double *crowd = malloc(cap * sizeof(double));
    long *order = malloc(cap * sizeof(long));
    lmds_design_candidate *sorted = malloc(cap * sizeof *sorted);
    lmds_status st = LMDS_OK;
    if (!f || !v || !front || !crowd || !order || !sorted) {
        st = lmds_error(LMDS_ENOMEM, "out of memory ranking %ld candidates", m);
        goto done;
    }
    for (long i = 0; i < m; i++) {
        for (int k = 0; k < s->nobj; k++)
            f[i * s->nobj + k] = o->candidates[i].f[k];
        v[i] = o->candidates[i].violation;
    }
    st = lmds_design_pareto_sort(m, s->nobj, f, v, front, crowd);
    if (st != LMDS_OK)
        goto done;
    for (long i = 0; i < m; i++) {
        o->candidates[i].front = front[i];
        order[i] = i;
        if (v[i] == 0.0)
            o->nfeasible++;
    }
    rank_c = o->candidates;
    rank_crowd = crowd;
    qsort(order, (size_t)m, sizeof(long), cmp_cand);
    for (long i = 0; i < m; i++)
        sorted[i] = o->candidates[order[i]];
    free(o->candidates);
    o->candidates = sorted;
    sorted = NULL;
done:
    free(f);
    free(v);
    free(front);
    free(crowd);
    free(order);
    free(sorted);
    return st;
}

/* Pool the ncand candidates of every system into o->candidates and rank them together. */
static lmds_status candidates_pool(const lmds_design_spec *s, lmds_design_outcome *o, long ncand)
{
    o->candidates = calloc((size_t)(ncand > 0 ? ncand : 1), sizeof *o->candidates);
    if (!o->candidates)
        return lmds_error(LMDS_ENOMEM, "out of memory pooling %ld candidates", ncand);
    long m = 0;
    for (int i = 0; i < o->nsystems; i++) {
        const lmds_design_result *r = o->systems[i].result;
        for (long j = 0; r && j < r->n; j++, m++)
            candidate_fill(s, &o->systems[i], i, j, &o->candidates[m]);
    }
    lmds_status st = candidates_rank(s, o, m);
    o->ncandidates = m;
    return st;
}

lmds_status lmds_design_run(lmds_predictor *p, const lmds_design_spec *s, lmds_design_progress_fn progress,
                            void *progress_ctx, lmds_design_outcome **out)
{
    if (out) *out = NULL;
    if (!p || !s || !out)
        return lmds_error(LMDS_EINVAL, "lmds_design_run: NULL argument");
    int need_cost = 0;
    lmds_status st = spec_check(s, &need_cost);
    if (st != LMDS_OK)
        return st;
#ifdef _OPENMP
    double t0 = omp_get_wtime();
#endif
    lmds_design_system *sys = NULL;
    int ns = 0;
    long total = 0, ncand = 0;
    if ((st = systems_enumerate(p, s, &sys, &ns, &total)) != LMDS_OK)
        return st;
    lmds_design_outcome *o = calloc(1, sizeof *o);
    if (!o) {
        free(sys);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    o->systems = sys;
    o->nsystems = ns;
    progress_relay pr = {progress, progress_ctx, 0, total};
    st = systems_search(p, s, need_cost, &pr, o, &ncand);
    if (st == LMDS_OK)
        st = candidates_pool(s, o, ncand);
    if (st != LMDS_OK) {
        lmds_design_outcome_free(o);
        return st;
    }
#ifdef _OPENMP
    o->seconds = omp_get_wtime() - t0;
#endif
    *out = o;
    return LMDS_OK;
}
