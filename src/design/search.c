/* Search machinery of the design module: composition simplex grid, NSGA-II, Pareto sorting, ranking, and the
 * OpenMP / MPI distribution of candidate evaluations. No physics here: candidates are scored through the
 * evaluator in lmds_design_problem. */
#include "lmds/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef LMDS_HAVE_MPI
#include <mpi.h>
#endif

/* ---------------------------------------------------------------------------------------------------------- */
/* MPI                                                                                                        */
/* ---------------------------------------------------------------------------------------------------------- */

int lmds_design_have_mpi(void)
{
#ifdef LMDS_HAVE_MPI
    return 1;
#else
    return 0;
#endif
}

/* Rank and size of the problem's communicator (0 and 1 without one). The library never initialises MPI: the
 * communicator belongs to the caller, who must have initialised MPI and not yet finalised it. */
static lmds_status comm_rank(const lmds_design_problem *p, int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    if (!p->mpi_comm)
        return LMDS_OK;
#ifdef LMDS_HAVE_MPI
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    if (!init || fin)
        return lmds_error(LMDS_EINVAL, "design problem: an MPI communicator was given but MPI is %s",
                          fin ? "already finalised" : "not initialised");
    MPI_Comm comm = *(const MPI_Comm *)p->mpi_comm;
    if (MPI_Comm_rank(comm, rank) != MPI_SUCCESS || MPI_Comm_size(comm, size) != MPI_SUCCESS)
        return lmds_error(LMDS_EINVAL, "design problem: the MPI communicator is not usable");
    return LMDS_OK;
#else
    return lmds_error(LMDS_EUNSUPPORTED, "design problem: an MPI communicator was given but lmds was built "
                                         "without MPI");
#endif
}

int lmds_design_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Problem and result                                                                                         */
/* ---------------------------------------------------------------------------------------------------------- */

void lmds_design_problem_init(lmds_design_problem *p, int ndim, int nobj, lmds_design_eval_fn eval, void *ctx)
{
    memset(p, 0, sizeof *p);
    p->ndim = ndim;
    p->nobj = nobj;
    p->eval = eval;
    p->ctx = ctx;
    for (int k = 0; k < LMDS_DESIGN_MAX_DIM; k++) {
        p->xmin[k] = 0.0;
        p->xmax[k] = 1.0;
    }
}

static lmds_status check_problem(const lmds_design_problem *p)
{
    if (!p || !p->eval)
        return lmds_error(LMDS_EINVAL, "design problem without an evaluator");
    if (p->ndim < 1 || p->ndim > LMDS_DESIGN_MAX_DIM)
        return lmds_error(LMDS_EINVAL, "design problem: %d components (allowed 1..%d)", p->ndim,
                          LMDS_DESIGN_MAX_DIM);
    if (p->nobj < 1 || p->nobj > LMDS_DESIGN_MAX_OBJ)
        return lmds_error(LMDS_EINVAL, "design problem: %d objectives (allowed 1..%d)", p->nobj,
                          LMDS_DESIGN_MAX_OBJ);
    if (p->naux < 0 || p->naux > LMDS_DESIGN_MAX_AUX)
        return lmds_error(LMDS_EINVAL, "design problem: %d auxiliary outputs (allowed 0..%d)", p->naux,
                          LMDS_DESIGN_MAX_AUX);
    double smin = 0.0, smax = 0.0;
    for (int k = 0; k < p->ndim; k++) {
        if (!(p->xmin[k] >= 0.0 && p->xmax[k] <= 1.0 && p->xmin[k] <= p->xmax[k]))
            return lmds_error(LMDS_EINVAL, "design problem: bad bounds [%g, %g] on component %d", p->xmin[k],
                              p->xmax[k], k);
        smin += p->xmin[k];
        smax += p->xmax[k];
    }
    if (smin > 1.0 + 1e-12 || smax < 1.0 - 1e-12)
        return lmds_error(LMDS_EINVAL, "design problem: bounds exclude every composition (sum of minima %g, of "
                          "maxima %g)", smin, smax);
    int rank, size; /* a communicator that cannot be used is refused before any candidate is scored */
    return comm_rank(p, &rank, &size);
}

void lmds_design_result_free(lmds_design_result *r)
{
    if (!r)
        return;
    free(r->x);
    free(r->f);
    free(r->aux);
    free(r->violation);
    free(r->front);
    free(r->crowding);
    free(r->order);
    free(r);
}

static lmds_design_result *result_alloc(long n, int ndim, int nobj, int naux)
{
    lmds_design_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n;
    r->ndim = ndim;
    r->nobj = nobj;
    r->naux = naux;
    size_t nn = n > 0 ? (size_t)n : 1;
    if (naux > 0 && !(r->aux = calloc(nn * (size_t)naux, sizeof(double)))) {
        free(r);
        return NULL;
    }
    r->x = calloc(nn * (size_t)ndim, sizeof(double));
    r->f = calloc(nn * (size_t)nobj, sizeof(double));
    r->violation = calloc(nn, sizeof(double));
    r->front = calloc(nn, sizeof(int));
    r->crowding = calloc(nn, sizeof(double));
    r->order = calloc(nn, sizeof(long));
    if (!r->x || !r->f || !r->violation || !r->front || !r->crowding || !r->order) {
        lmds_design_result_free(r);
        return NULL;
    }
    return r;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Pareto sorting                                                                                             */
/* ---------------------------------------------------------------------------------------------------------- */

int lmds_design_dominates(int nobj, const double *a, const double *b)
{
    int strict = 0;
    for (int j = 0; j < nobj; j++) {
        if (a[j] > b[j])
            return 0;
        if (a[j] < b[j])
            strict = 1;
    }
    return strict;
}

/* Sort context for qsort over index arrays (qsort has no user pointer in C11; the sort runs in one thread). */
static _Thread_local const double *sort_f;
static _Thread_local int sort_nobj;

static int cmp_lex(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    for (int j = 0; j < sort_nobj; j++) {
        double fa = sort_f[a * sort_nobj + j], fb = sort_f[b * sort_nobj + j];
        if (fa < fb)
            return -1;
        if (fa > fb)
            return 1;
    }
    return (a > b) - (a < b);
}

/* Fronts of the candidates idx[0..m) (all feasible). */
static lmds_status sort_fronts(long m, const long *idx, int nobj, const double *f, int *front)
{
    if (m == 0)
        return LMDS_OK;
    long *s = malloc((size_t)m * sizeof(long));
    if (!s)
        return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
    memcpy(s, idx, (size_t)m * sizeof(long));
    sort_f = f;
    sort_nobj = nobj;
    qsort(s, (size_t)m, sizeof(long), cmp_lex);

    if (nobj == 1) {
        /* One objective: fronts are the distinct values in increasing order. */
        int fr = 0;
        for (long i = 0; i < m; i++) {
            if (i > 0 && f[s[i]] > f[s[i - 1]])
                fr++;
            front[s[i]] = fr;
        }
    } else if (nobj == 2) {
        /* Two objectives: sweep in (f0, f1) order; a candidate is dominated by front k exactly when it is
         * dominated by the last member added to k (the one with the smallest f1), and that predicate is
         * monotone in k, so binary search over fronts gives O(n log n) (Jensen, IEEE TEC 7, 503 (2003)). */
        long *last = malloc((size_t)m * sizeof(long));
        if (!last) {
            free(s);
            return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
        }
        long nfront = 0;
        for (long i = 0; i < m; i++) {
            const double *fi = f + s[i] * 2;
            long lo = 0, hi = nfront; /* first front that does not dominate i */
            while (lo < hi) {
                long mid = (lo + hi) / 2;
                if (lmds_design_dominates(2, f + last[mid] * 2, fi))
                    lo = mid + 1;
                else
                    hi = mid;
            }
            front[s[i]] = (int)lo;
            last[lo] = s[i];
            if (lo == nfront)
                nfront++;
        }
        free(last);
    } else {
        /* Three or more: peel fronts; a candidate can only be dominated by one earlier in lexicographic order. */
        char *done = calloc((size_t)m, 1);
        long *cur = malloc((size_t)m * sizeof(long));
        if (!done || !cur) {
            free(done);
            free(cur);
            free(s);
            return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
        }
        long left = m;
        for (int fr = 0; left > 0; fr++) {
            long nc = 0;
            for (long i = 0; i < m; i++) {
                if (done[i])
                    continue;
                int dom = 0;
                for (long c = 0; c < nc && !dom; c++)
                    dom = lmds_design_dominates(nobj, f + s[cur[c]] * nobj, f + s[i] * nobj);
                if (!dom)
                    cur[nc++] = i;
            }
            for (long c = 0; c < nc; c++) {
                done[cur[c]] = 1;
                front[s[cur[c]]] = fr;
            }
            left -= nc;
        }
        free(done);
        free(cur);
    }
    free(s);
    return LMDS_OK;
}

static _Thread_local const double *crowd_f;
static _Thread_local int crowd_nobj, crowd_j;

static int cmp_obj_j(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    double fa = crowd_f[a * crowd_nobj + crowd_j], fb = crowd_f[b * crowd_nobj + crowd_j];
    if (fa < fb)
        return -1;
    if (fa > fb)
        return 1;
    return (a > b) - (a < b);
}

/* Crowding distance (Deb et al. 2002, sec. III-B) of the members idx[0..m) of one front. */
static void crowding_of(long m, long *idx, int nobj, const double *f, double *crowding)
{
    for (long i = 0; i < m; i++)
        crowding[idx[i]] = 0.0;
    if (m <= 2) {
        for (long i = 0; i < m; i++)
            crowding[idx[i]] = INFINITY;
        return;
    }
    crowd_f = f;
    crowd_nobj = nobj;
    for (int j = 0; j < nobj; j++) {
        crowd_j = j;
        qsort(idx, (size_t)m, sizeof(long), cmp_obj_j);
        double lo = f[idx[0] * nobj + j], hi = f[idx[m - 1] * nobj + j];
        crowding[idx[0]] = INFINITY;
        crowding[idx[m - 1]] = INFINITY;
        if (!(hi > lo))
            continue;
        for (long i = 1; i < m - 1; i++)
            crowding[idx[i]] += (f[idx[i + 1] * nobj + j] - f[idx[i - 1] * nobj + j]) / (hi - lo);
    }
}

lmds_status lmds_design_pareto_sort(long n, int nobj, const double *f, const double *violation, int *front,
                                    double *crowding)
{
    if (n < 0 || nobj < 1 || (n > 0 && (!f || !front)))
        return lmds_error(LMDS_EINVAL, "lmds_design_pareto_sort: bad arguments");
    long *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof(long));
    if (!idx)
        return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
    long m = 0;
    for (long i = 0; i < n; i++) {
        if (!violation || violation[i] == 0.0)
            idx[m++] = i;
        else
            front[i] = 0;
    }
    lmds_status st = sort_fronts(m, idx, nobj, f, front);
    if (st == LMDS_OK && crowding) {
        for (long i = 0; i < n; i++)
            crowding[i] = 0.0;
        /* Group the feasible candidates by front: counting sort on front number. */
        int maxf = 0;
        for (long i = 0; i < m; i++)
            if (front[idx[i]] > maxf)
                maxf = front[idx[i]];
        long *start = calloc((size_t)maxf + 2, sizeof(long));
        long *buf = malloc((size_t)(m > 0 ? m : 1) * sizeof(long));
        if (!start || !buf) {
            free(start);
            free(buf);
            free(idx);
            return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
        }
        for (long i = 0; i < m; i++)
            start[front[idx[i]] + 1]++;
        for (int k = 0; k <= maxf; k++)
            start[k + 1] += start[k];
        long *pos = calloc((size_t)maxf + 1, sizeof(long));
        if (!pos) {
            free(start);
            free(buf);
            free(idx);
            return lmds_error(LMDS_ENOMEM, "out of memory in Pareto sort");
        }
        for (long i = 0; i < m; i++) {
            int k = front[idx[i]];
            buf[start[k] + pos[k]++] = idx[i];
        }
        for (int k = 0; k <= maxf && m > 0; k++)
            crowding_of(start[k + 1] - start[k], buf + start[k], nobj, f, crowding);
        free(pos);
        free(start);
        free(buf);
    }
    free(idx);
    return st;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Ranking                                                                                                    */
/* ---------------------------------------------------------------------------------------------------------- */

static _Thread_local const lmds_design_result *rank_r;

static int cls(const lmds_design_result *r, long i)
{
    if (isinf(r->violation[i]))
        return 2;
    return r->violation[i] > 0.0 ? 1 : 0;
}

static int cmp_rank(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    const lmds_design_result *r = rank_r;
    int ca = cls(r, a), cb = cls(r, b);
    if (ca != cb)
        return ca - cb;
    if (ca == 0) {
        if (r->front[a] != r->front[b])
            return r->front[a] - r->front[b];
        double fa = r->f[a * r->nobj], fb = r->f[b * r->nobj];
        if (fa != fb)
            return fa < fb ? -1 : 1;
        double ka = r->crowding[a], kb = r->crowding[b];
        if (ka != kb)
            return ka > kb ? -1 : 1;
    } else if (ca == 1) {
        if (r->violation[a] != r->violation[b])
            return r->violation[a] < r->violation[b] ? -1 : 1;
    }
    return (a > b) - (a < b);
}

static lmds_status rank_result(lmds_design_result *r)
{
    lmds_status st = lmds_design_pareto_sort(r->n, r->nobj, r->f, r->violation, r->front, r->crowding);
    if (st != LMDS_OK)
        return st;
    r->nfeasible = 0;
    r->nfailed = 0;
    for (long i = 0; i < r->n; i++) {
        r->order[i] = i;
        if (r->violation[i] == 0.0)
            r->nfeasible++;
        else if (isinf(r->violation[i]))
            r->nfailed++;
    }
    rank_r = r;
    if (r->n > 1)
        qsort(r->order, (size_t)r->n, sizeof(long), cmp_rank);
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Evaluation of a batch: OpenMP inside a rank, a cyclic split across ranks                                      */
/* ---------------------------------------------------------------------------------------------------------- */

typedef struct progress_state {
    long base;   /* candidates done before this batch */
    long total;  /* over the whole search */
} progress_state;

/* Evaluate candidates first, first + stride, ... (count of them) in place. */
static void eval_range(const lmds_design_problem *p, long first, long stride, long count, const double *x, double *f,
                       double *aux, double *viol, const progress_state *ps, int nranks, int rank)
{
    long done = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < count; k++) {
        long i = first + k * stride;
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        double v = 0.0;
        double *ai = p->naux > 0 ? aux + i * p->naux : NULL;
        for (int k = 0; k < p->naux; k++)
            ai[k] = NAN;
        lmds_status st = p->eval(p->ctx, t, x + i * p->ndim, f + i * p->nobj, ai, &v);
        if (st != LMDS_OK || isnan(v)) {
            v = INFINITY;
            for (int j = 0; j < p->nobj; j++)
                f[i * p->nobj + j] = INFINITY;
        } else {
            for (int j = 0; j < p->nobj; j++)
                if (isnan(f[i * p->nobj + j]))
                    v = INFINITY;
            if (v < 0.0)
                v = 0.0;
        }
        viol[i] = v;
        long d;
#pragma omp atomic capture
        d = ++done;
        if (p->progress && rank == 0 && t == 0) {
            long est = ps->base + d * nranks;
            if (est > ps->total)
                est = ps->total;
            p->progress(p->progress_ctx, est, ps->total);
        }
    }
}

static lmds_status eval_batch(const lmds_design_problem *p, long n, const double *x, double *f, double *aux,
                              double *viol, const progress_state *ps)
{
    int rank = 0, size = 1;
    lmds_status st = comm_rank(p, &rank, &size);
    if (st != LMDS_OK)
        return st;
    if (size <= 1) {
        eval_range(p, 0, 1, n, x, f, aux, viol, ps, 1, 0);
        return LMDS_OK;
    }
#ifdef LMDS_HAVE_MPI
    /* Cyclic partition: rank r evaluates candidates r, r + size, r + 2 size, ... Neighbouring grid points cost
     * alike (a corner of a ternary that is solid at the printing temperature is screened in 0.5 ms, a liquid
     * corner goes through the whole pipeline), so contiguous blocks would leave ranks idle; a cyclic split
     * balances them. Each rank packs its results (f, violation, aux per candidate), every rank gathers all
     * packs and unpacks them to candidate order, which every rank knows, so the arrays do not depend on timing. */
    long mine = n > rank ? (n - rank + size - 1) / size : 0;
    eval_range(p, rank, size, mine, x, f, aux, viol, ps, size, rank);
    int w = p->nobj + 1 + p->naux; /* doubles per candidate in a pack */
    int *cnt = malloc((size_t)size * sizeof(int)), *dsp = malloc((size_t)size * sizeof(int));
    double *pack = malloc((size_t)(mine > 0 ? mine : 1) * (size_t)w * sizeof(double));
    double *all = malloc((size_t)(n > 0 ? n : 1) * (size_t)w * sizeof(double));
    if (!cnt || !dsp || !pack || !all) {
        free(cnt);
        free(dsp);
        free(pack);
        free(all);
        return lmds_error(LMDS_ENOMEM, "out of memory gathering design results");
    }
    for (long k = 0; k < mine; k++) {
        long i = rank + k * size;
        double *q = pack + k * w;
        memcpy(q, f + i * p->nobj, (size_t)p->nobj * sizeof(double));
        q[p->nobj] = viol[i];
        if (p->naux > 0)
            memcpy(q + p->nobj + 1, aux + i * p->naux, (size_t)p->naux * sizeof(double));
    }
    long off = 0;
    for (int r = 0; r < size; r++) {
        long c = n > r ? (n - r + size - 1) / size : 0;
        cnt[r] = (int)(c * w);
        dsp[r] = (int)off;
        off += c * w;
    }
    int e = MPI_Allgatherv(pack, (int)(mine * w), MPI_DOUBLE, all, cnt, dsp, MPI_DOUBLE,
                           *(const MPI_Comm *)p->mpi_comm);
    if (e == MPI_SUCCESS) {
        for (int r = 0; r < size; r++) {
            long c = n > r ? (n - r + size - 1) / size : 0;
            for (long k = 0; k < c; k++) {
                long i = r + k * size;
                const double *q = all + dsp[r] + k * w;
                memcpy(f + i * p->nobj, q, (size_t)p->nobj * sizeof(double));
                viol[i] = q[p->nobj];
                if (p->naux > 0)
                    memcpy(aux + i * p->naux, q + p->nobj + 1, (size_t)p->naux * sizeof(double));
            }
        }
    }
    free(cnt);
    free(dsp);
    free(pack);
    free(all);
    if (e != MPI_SUCCESS)
        return lmds_error(LMDS_EIO, "MPI_Allgatherv failed while gathering design results");
    return LMDS_OK;
#else
    return lmds_error(LMDS_EUNSUPPORTED, "several ranks but lmds was built without MPI"); /* comm_rank refused */
#endif
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Grid                                                                                                       */
/* ---------------------------------------------------------------------------------------------------------- */

static long binom(long n, long k)
{
    if (k < 0 || n < 0 || k > n)
        return 0;
    if (k > n - k)
        k = n - k;
    double r = 1.0;
    for (long i = 1; i <= k; i++)
        r = r * (double)(n - k + i) / (double)i;
    return (long)llround(r);
}

long lmds_design_grid_count(int ndim, int m, int interior)
{
    if (ndim < 1 || m < 1)
        return 0;
    if (interior)
        return binom(m - 1, ndim - 1);
    return binom(m + ndim - 1, ndim - 1);
}

/* Enumerate compositions of m into ndim parts (each >= lo), lexicographic in (i_0, i_1, ...) increasing. */
static void grid_fill(const lmds_design_problem *p, int m, int lo, int *i, int k, int left, double *x, long *n)
{
    int d = p->ndim;
    if (k == d - 1) {
        if (left < lo)
            return;
        i[k] = left;
        for (int c = 0; c < d; c++) {
            double v = (double)i[c] / m;
            if (v < p->xmin[c] - 1e-12 || v > p->xmax[c] + 1e-12)
                return;
        }
        if (x)
            for (int c = 0; c < d; c++)
                x[*n * d + c] = (double)i[c] / m;
        (*n)++;
        return;
    }
    for (int v = lo; v <= left - lo * (d - 1 - k); v++) {
        i[k] = v;
        grid_fill(p, m, lo, i, k + 1, left - v, x, n);
    }
}

lmds_status lmds_design_grid(const lmds_design_problem *p, int m, int interior, lmds_design_result **out)
{
    if (out) *out = NULL;
    lmds_status st = check_problem(p);
    if (st != LMDS_OK)
        return st;
    if (m < 1 || m > 100000)
        return lmds_error(LMDS_EINVAL, "grid: %d divisions (allowed 1..100000)", m);
    long total = lmds_design_grid_count(p->ndim, m, interior);
    if (total > 50000000L)
        return lmds_error(LMDS_EINVAL, "grid: %ld points in %d components is too many for an exhaustive "
                          "search; use the evolutionary search", total, p->ndim);
    int idx[LMDS_DESIGN_MAX_DIM];
    int lo = interior ? 1 : 0;
    long n = 0;
    grid_fill(p, m, lo, idx, 0, m, NULL, &n);
    lmds_design_result *r = result_alloc(n, p->ndim, p->nobj, p->naux);
    if (!r)
        return lmds_error(LMDS_ENOMEM, "out of memory for %ld grid points", n);
    long n2 = 0;
    grid_fill(p, m, lo, idx, 0, m, r->x, &n2);
    progress_state ps = {0, n};
    st = eval_batch(p, n, r->x, r->f, r->aux, r->violation, &ps);
    if (st == LMDS_OK)
        st = rank_result(r);
    if (st != LMDS_OK) {
        lmds_design_result_free(r);
        return st;
    }
    r->evaluations = n;
    *out = r;
    return LMDS_OK;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* NSGA-II                                                                                                    */
/* ---------------------------------------------------------------------------------------------------------- */

void lmds_design_nsga2_opts_init(lmds_design_nsga2_opts *o)
{
    o->population = 64;
    o->generations = 60;
    o->seed = 20240601UL;
    o->p_crossover = 0.9;
    o->eta_c = 15.0;
    o->eta_m = 20.0;
    o->p_mutation = 0.0;
}

/* Map genes to a composition inside the bounds: normalise, then clamp and spread the excess or deficit over the
 * components with room, a few rounds (converges because the bounds admit a composition, checked up front). */
static void genes_to_x(const lmds_design_problem *p, const double *g, double *x)
{
    int d = p->ndim;
    double s = 0.0;
    for (int k = 0; k < d; k++)
        s += g[k];
    for (int k = 0; k < d; k++)
        x[k] = s > 0.0 ? g[k] / s : 1.0 / d;
    for (int round = 0; round < 50; round++) {
        double excess = 0.0;
        for (int k = 0; k < d; k++) {
            if (x[k] < p->xmin[k]) {
                excess -= p->xmin[k] - x[k];
                x[k] = p->xmin[k];
            } else if (x[k] > p->xmax[k]) {
                excess += x[k] - p->xmax[k];
                x[k] = p->xmax[k];
            }
        }
        if (fabs(excess) < 1e-14)
            break;
        double room = 0.0;
        for (int k = 0; k < d; k++)
            room += excess > 0 ? p->xmax[k] - x[k] : x[k] - p->xmin[k];
        if (room <= 0.0)
            break;
        for (int k = 0; k < d; k++) {
            double rk = excess > 0 ? p->xmax[k] - x[k] : x[k] - p->xmin[k];
            x[k] += excess * rk / room;
        }
    }
}

/* Simulated binary crossover of one gene (Deb & Agrawal, Complex Systems 9, 115 (1995)), bounded variant as in
 * Deb's NSGA-II reference code. */
static void sbx(gsl_rng *rng, double eta, double lo, double hi, double *a, double *b)
{
    double y1 = *a < *b ? *a : *b, y2 = *a < *b ? *b : *a;
    if (y2 - y1 < 1e-14) {
        (void)gsl_rng_uniform(rng);
        return;
    }
    double u = gsl_rng_uniform(rng);
    double beta = 1.0 + 2.0 * (y1 - lo) / (y2 - y1);
    double alpha = 2.0 - pow(beta, -(eta + 1.0));
    double bq = u <= 1.0 / alpha ? pow(u * alpha, 1.0 / (eta + 1.0)) : pow(1.0 / (2.0 - u * alpha), 1.0 / (eta + 1.0));
    double c1 = 0.5 * ((y1 + y2) - bq * (y2 - y1));
    beta = 1.0 + 2.0 * (hi - y2) / (y2 - y1);
    alpha = 2.0 - pow(beta, -(eta + 1.0));
    bq = u <= 1.0 / alpha ? pow(u * alpha, 1.0 / (eta + 1.0)) : pow(1.0 / (2.0 - u * alpha), 1.0 / (eta + 1.0));
    double c2 = 0.5 * ((y1 + y2) + bq * (y2 - y1));
    c1 = fmin(fmax(c1, lo), hi);
    c2 = fmin(fmax(c2, lo), hi);
    *a = c1;
    *b = c2;
}

/* Polynomial mutation (Deb & Goyal 1996), bounded form. */
static void pmut(gsl_rng *rng, double eta, double lo, double hi, double *y)
{
    if (hi - lo < 1e-14)
        return;
    double d1 = (*y - lo) / (hi - lo), d2 = (hi - *y) / (hi - lo);
    double u = gsl_rng_uniform(rng), dq;
    double mp = 1.0 / (eta + 1.0);
    if (u < 0.5) {
        double v = 2.0 * u + (1.0 - 2.0 * u) * pow(1.0 - d1, eta + 1.0);
        dq = pow(v, mp) - 1.0;
    } else {
        double v = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * pow(1.0 - d2, eta + 1.0);
        dq = 1.0 - pow(v, mp);
    }
    *y = fmin(fmax(*y + dq * (hi - lo), lo), hi);
}

/* Crowded comparison (Deb et al. 2002): lower front wins, then larger crowding; infeasible by violation. */
static int better(const int *front, const double *crowd, const double *viol, long a, long b)
{
    int fa = viol[a] > 0.0, fb = viol[b] > 0.0;
    if (fa != fb)
        return fa ? 0 : 1;
    if (fa)
        return viol[a] < viol[b] || (viol[a] == viol[b] && a < b);
    if (front[a] != front[b])
        return front[a] < front[b];
    if (crowd[a] != crowd[b])
        return crowd[a] > crowd[b];
    return a < b;
}

static _Thread_local const int *surv_front;
static _Thread_local const double *surv_crowd, *surv_viol;

static int cmp_survival(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    if (a == b)
        return 0;
    return better(surv_front, surv_crowd, surv_viol, a, b) ? -1 : 1;
}

/* The NSGA-II working set: parents in rows [0, N) and offspring in rows [N, 2N) of genes g, compositions x,
 * objectives f, violations v and auxiliary outputs aux; fronts, crowding, a permutation and scratch space for 2N
 * rows. */
typedef struct nsga2_pop {
    int N, d, M, A;
    double *g, *x, *f, *v, *aux, *crowd, *tmp;
    int *front;
    long *perm;
} nsga2_pop;

static void nsga2_pop_free(nsga2_pop *w)
{
    free(w->g);
    free(w->x);
    free(w->f);
    free(w->v);
    free(w->aux);
    free(w->front);
    free(w->crowd);
    free(w->perm);
    free(w->tmp);
}

/* Allocates every array of w (N rows of d genes, M objectives, A auxiliary outputs, twice); 0 when out of memory
 * (what was allocated is freed by nsga2_pop_free). */
static int nsga2_pop_alloc(nsga2_pop *w, int N, int d, int M, int A)
{
    *w = (nsga2_pop){.N = N, .d = d, .M = M, .A = A};
    int wide = d > M ? (d > A ? d : A) : (M > A ? M : A);
    w->g = malloc((size_t)2 * N * d * sizeof(double));
    w->x = malloc((size_t)2 * N * d * sizeof(double));
    w->f = malloc((size_t)2 * N * M * sizeof(double));
    w->v = malloc((size_t)2 * N * sizeof(double));
    w->aux = malloc((size_t)2 * N * (A > 0 ? A : 1) * sizeof(double));
    w->front = malloc((size_t)2 * N * sizeof(int));
    w->crowd = malloc((size_t)2 * N * sizeof(double));
    w->perm = malloc((size_t)2 * N * sizeof(long));
    w->tmp = malloc((size_t)2 * N * wide * sizeof(double));
    return w->g && w->x && w->f && w->v && w->aux && w->front && w->crowd && w->perm && w->tmp;
}

/* Append count evaluated rows of w starting at row `from` to the archive (which holds *na rows). */
static void nsga2_archive(lmds_design_result *arch, long *na, const nsga2_pop *w, long from, long count)
{
    int d = w->d, M = w->M, A = w->A;
    memcpy(arch->x + *na * d, w->x + from * d, (size_t)count * d * sizeof(double));
    if (A > 0)
        memcpy(arch->aux + *na * A, w->aux + from * A, (size_t)count * A * sizeof(double));
    memcpy(arch->f + *na * M, w->f + from * M, (size_t)count * M * sizeof(double));
    memcpy(arch->violation + *na, w->v + from, (size_t)count * sizeof(double));
    *na += count;
}

/* Selection: a binary tournament on the crowded comparison among the N parents. */
static long nsga2_select(gsl_rng *rng, const nsga2_pop *w)
{
    long a = (long)gsl_rng_uniform_int(rng, (unsigned long)w->N);
    long b = (long)gsl_rng_uniform_int(rng, (unsigned long)w->N);
    return better(w->front, w->crowd, w->v, a, b) ? a : b;
}

/* Variation: children c1 and c2 of the copied parents by SBX (with probability p_crossover, each gene with
 * probability 1/2) and polynomial mutation (each gene with probability pm). */
static void nsga2_vary(const lmds_design_problem *p, const lmds_design_nsga2_opts *o, double pm, gsl_rng *rng,
                       double *c1, double *c2)
{
    int d = p->ndim;
    if (gsl_rng_uniform(rng) < o->p_crossover) {
        for (int k = 0; k < d; k++)
            if (gsl_rng_uniform(rng) < 0.5)
                sbx(rng, o->eta_c, p->xmin[k], p->xmax[k], c1 + k, c2 + k);
    }
    for (int k = 0; k < d; k++) {
        if (gsl_rng_uniform(rng) < pm)
            pmut(rng, o->eta_m, p->xmin[k], p->xmax[k], c1 + k);
        if (gsl_rng_uniform(rng) < pm)
            pmut(rng, o->eta_m, p->xmin[k], p->xmax[k], c2 + k);
    }
}

/* The N offspring (rows N..2N-1) of the ranked parents: pairs of tournament winners, varied, mapped to
 * compositions. The draws of the generator follow the pair order, so a seed gives one answer. */
static void nsga2_offspring(const lmds_design_problem *p, const lmds_design_nsga2_opts *o, double pm, gsl_rng *rng,
                            nsga2_pop *w)
{
    int N = w->N, d = w->d;
    for (long c = 0; c < N; c += 2) {
        long par[2];
        for (int s = 0; s < 2; s++)
            par[s] = nsga2_select(rng, w);
        double *c1 = w->g + (N + c) * d, *c2 = w->g + (N + c + 1) * d;
        memcpy(c1, w->g + par[0] * d, (size_t)d * sizeof(double));
        memcpy(c2, w->g + par[1] * d, (size_t)d * sizeof(double));
        nsga2_vary(p, o, pm, rng, c1, c2);
        genes_to_x(p, c1, w->x + (N + c) * d);
        genes_to_x(p, c2, w->x + (N + c + 1) * d);
    }
}

/* Rows perm[0..N) of the width-wide array a, in that order, become its first N rows. */
static void gather_rows(double *a, double *tmp, const long *perm, int N, int width)
{
    for (long i = 0; i < N; i++)
        memcpy(tmp + i * width, a + perm[i] * width, (size_t)width * sizeof(double));
    memcpy(a, tmp, (size_t)N * width * sizeof(double));
}

/* Survival (mu + lambda): the best N of parents and offspring by the crowded comparison become the parents. */
static lmds_status nsga2_survive(nsga2_pop *w)
{
    int N = w->N;
    lmds_status st = lmds_design_pareto_sort(2L * N, w->M, w->f, w->v, w->front, w->crowd);
    if (st != LMDS_OK)
        return st;
    for (long i = 0; i < 2L * N; i++)
        w->perm[i] = i;
    surv_front = w->front;
    surv_crowd = w->crowd;
    surv_viol = w->v;
    qsort(w->perm, (size_t)2 * N, sizeof(long), cmp_survival);
    gather_rows(w->g, w->tmp, w->perm, N, w->d);
    gather_rows(w->x, w->tmp, w->perm, N, w->d);
    gather_rows(w->f, w->tmp, w->perm, N, w->M);
    gather_rows(w->v, w->tmp, w->perm, N, 1);
    if (w->A > 0)
        gather_rows(w->aux, w->tmp, w->perm, N, w->A);
    return LMDS_OK;
}

/* The first population: genes uniform within the bounds, drawn in row order. */
static void nsga2_seed(const lmds_design_problem *p, gsl_rng *rng, nsga2_pop *w)
{
    int d = w->d;
    for (long i = 0; i < w->N; i++) {
        for (int k = 0; k < d; k++)
            w->g[i * d + k] = p->xmin[k] + gsl_rng_uniform(rng) * (p->xmax[k] - p->xmin[k]);
        genes_to_x(p, w->g + i * d, w->x + i * d);
    }
}

lmds_status lmds_design_nsga2(const lmds_design_problem *p, const lmds_design_nsga2_opts *o,
                              lmds_design_result **out)
{
    if (out) *out = NULL;
    lmds_status st = check_problem(p);
    if (st != LMDS_OK)
        return st;
    lmds_design_nsga2_opts def;
    if (!o) {
        lmds_design_nsga2_opts_init(&def);
        o = &def;
    }
    int N = o->population, G = o->generations, d = p->ndim, M = p->nobj, A = p->naux;
    if (N < 4 || N % 2 || N > 100000 || G < 0 || G > 100000)
        return lmds_error(LMDS_EINVAL, "NSGA-II: population %d (even, 4..100000) and generations %d (0..100000)",
                          N, G);
    double pm = o->p_mutation > 0 ? o->p_mutation : 1.0 / d;
    long total = (long)N * (G + 1), na = 0;
    lmds_design_result *arch = result_alloc(total, d, M, A);
    nsga2_pop w;
    int ok = nsga2_pop_alloc(&w, N, d, M, A);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!arch || !ok || !rng) {
        st = lmds_error(LMDS_ENOMEM, "out of memory for NSGA-II (population %d)", N);
        goto done;
    }
    gsl_rng_set(rng, o->seed);
    nsga2_seed(p, rng, &w);
    progress_state ps = {0, total};
    if ((st = eval_batch(p, N, w.x, w.f, w.aux, w.v, &ps)) != LMDS_OK)
        goto done;
    nsga2_archive(arch, &na, &w, 0, N);
    for (int gen = 0; gen < G; gen++) {
        if ((st = lmds_design_pareto_sort(N, M, w.f, w.v, w.front, w.crowd)) != LMDS_OK)
            goto done;
        nsga2_offspring(p, o, pm, rng, &w);
        ps.base = (long)N * (gen + 1);
        st = eval_batch(p, N, w.x + (size_t)N * d, w.f + (size_t)N * M, w.aux + (size_t)N * A, w.v + N, &ps);
        if (st != LMDS_OK)
            goto done;
        nsga2_archive(arch, &na, &w, N, N);
        if ((st = nsga2_survive(&w)) != LMDS_OK)
            goto done;
    }
    arch->n = na;
    arch->evaluations = na;
    st = rank_result(arch);

done:
    nsga2_pop_free(&w);
    gsl_rng_free(rng);
    if (st != LMDS_OK) {
        lmds_design_result_free(arch);
        return st;
    }
    *out = arch;
    return LMDS_OK;
}
