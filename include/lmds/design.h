/* lmds design: the forward prediction pipeline (composition -> phases on freezing -> Tc of the material) and the
 * inverse search over compositions and routes.
 *
 * Two layers:
 *  1. Search machinery, independent of any physics: a composition simplex grid (exhaustive, for up to a few
 *     components), an NSGA-II evolutionary multi-objective search (Deb et al., IEEE Trans. Evol. Comput. 6, 182
 *     (2002), doi:10.1109/4235.996017) for more, non-dominated sorting with Deb's constrained domination and
 *     crowding distance, and a deterministic ranking. Candidates are scored through an evaluator (function
 *     pointer + context), so the machinery is tested on synthetic objectives with known Pareto fronts.
 *     OpenMP runs candidates in parallel inside a process; with MPI (LMDS_HAVE_MPI) and a communicator from the
 *     caller (lmds_design_problem.mpi_comm; the library never initialises MPI) candidates are split
 *     cyclically by rank (candidate i on rank i mod size) and gathered, and every rank then runs the same
 *     ranking and the same seeded selection, so `mpirun -n N` gives bit-for-bit the answer of one process.
 *  2. The pipeline (lmds_predictor): thermodynamics (liquidus, solidus, equilibrium and Scheil freezing) ->
 *     per phase Tc from the genome (measured), else physics (Allen-Dynes on the genome's coupling constants),
 *     else the learned model -> material Tc by a percolation rule -> route corrections.
 *
 * Conventions: all objectives are minimised (a quantity to maximise enters negated); compositions are mole
 * fractions summing to 1; temperatures in K; sizes in nm; pressure in GPa. */
#ifndef LMDS_DESIGN_H
#define LMDS_DESIGN_H

#include "core.h"
#include "comp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------
 * Search machinery
 * ------------------------------------------------------------------------------------------------------------ */

#define LMDS_DESIGN_MAX_DIM 16
#define LMDS_DESIGN_MAX_OBJ 4
#define LMDS_DESIGN_MAX_AUX 16

/* Scores one candidate x[ndim] (mole fractions summing to 1). Writes nobj objectives to f (all minimised), naux
 * auxiliary outputs to aux (values to report, not to rank by; aux is NULL when naux is 0) and a
 * constraint violation to *violation (0 = feasible, > 0 = by how much a constraint is broken, in any consistent
 * unit). `thread` is the OpenMP thread number (0 .. lmds_design_threads()-1), so a context can keep one
 * workspace or database handle per thread. Must be deterministic: the same x gives the same f on any rank and
 * thread. A non-OK return marks the candidate failed (counted, ranked last), it does not stop the search. */
typedef lmds_status (*lmds_design_eval_fn)(void *ctx, int thread, const double *x, double *f, double *aux,
                                           double *violation);

/* Progress: called from one thread of rank 0 only, with the number of candidates done so far (this rank's
 * share times the number of ranks, as an estimate) and the total. */
typedef void (*lmds_design_progress_fn)(void *ctx, long done, long total);

typedef struct lmds_design_problem {
    int ndim;                   /* number of components (1 .. LMDS_DESIGN_MAX_DIM) */
    int nobj;                   /* number of objectives (1 .. LMDS_DESIGN_MAX_OBJ) */
    int naux;                   /* number of auxiliary outputs (0 .. LMDS_DESIGN_MAX_AUX), default 0 */
    double xmin[LMDS_DESIGN_MAX_DIM]; /* per-component bounds on the mole fraction (0 and 1 when unset) */
    double xmax[LMDS_DESIGN_MAX_DIM];
    lmds_design_eval_fn eval;
    void *ctx;
    lmds_design_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    /* The communicator to split the search across: a pointer to the caller's MPI_Comm (e.g. &MPI_COMM_WORLD, or
     * a communicator from MPI_Comm_split), typed const void * so that this header does not need <mpi.h>. NULL
     * (the default) = one process. Borrowed: the caller owns the MPI_Comm, initialises MPI before the search
     * and finalises it after; lmds never calls MPI_Init or MPI_Finalize. Every rank of the communicator must
     * call the search with the same problem. MPI calls are made from the calling thread only (never inside
     * OpenMP regions), so MPI_THREAD_FUNNELED (or plain MPI_Init) suffices, provided no other thread uses the
     * same communicator at the same time. A non-NULL value with lmds built without MPI
     * (lmds_design_have_mpi() == 0) is refused with LMDS_EUNSUPPORTED; with MPI not initialised, LMDS_EINVAL. */
    const void *mpi_comm;
} lmds_design_problem;

/* Set ndim, nobj, the evaluator, no auxiliary outputs, bounds [0, 1], no progress callback and no communicator
 * (one process). */
LMDS_API void lmds_design_problem_init(lmds_design_problem *p, int ndim, int nobj, lmds_design_eval_fn eval, void *ctx);

/* A set of scored candidates, ranked. Arrays are row-major: x[i * ndim + k], f[i * nobj + j].
 * order[r] is the index of the candidate at rank position r (0 = best): feasible before infeasible before failed;
 * feasible ones by Pareto front (front[i] = 0 for the non-dominated set), then by the first objective, then by
 * crowding distance (larger first), then by index, so the order never depends on thread or rank scheduling. */
typedef struct lmds_design_result {
    long n;
    int ndim, nobj, naux;
    double *x;
    double *f;
    double *aux;        /* aux[i * naux + k]; NULL when naux is 0 */
    double *violation;  /* 0 when feasible; INFINITY when the evaluator failed */
    int *front;         /* Pareto front number (0 = first) among candidates of the same feasibility class */
    double *crowding;   /* crowding distance within its front (INFINITY at the front's extremes) */
    long *order;
    long nfeasible;
    long nfailed;
    long evaluations;   /* evaluator calls over all ranks (grid: n; NSGA-II: population x (generations + 1)) */
} lmds_design_result;

LMDS_API void lmds_design_result_free(lmds_design_result *r);

/* Number of points of the simplex grid with spacing 1/m in ndim components (C(m + ndim - 1, ndim - 1)), or, with
 * interior != 0, of those with every component >= 1/m (C(m - 1, ndim - 1)); only points inside the problem's
 * bounds are kept by the search, this count ignores bounds. */
LMDS_API long lmds_design_grid_count(int ndim, int m, int interior);

/* Exhaustive search of the simplex grid x_k = i_k / m (sum i_k = m), lexicographic order in (i_0, i_1, ...),
 * points outside [xmin, xmax] skipped. interior != 0 keeps only points with every component present (so a
 * ternary grid does not repeat its binary edges). OpenMP over points; MPI: a cyclic split across ranks, gathered
 * to every rank. On success *out is a new result (free with lmds_design_result_free). */
LMDS_API lmds_status lmds_design_grid(const lmds_design_problem *p, int m, int interior, lmds_design_result **out);

typedef struct lmds_design_nsga2_opts {
    int population;      /* even, >= 4; default 64 */
    int generations;     /* default 60 */
    unsigned long seed;  /* default 20240601; the same seed gives the same result on any number of ranks */
    double p_crossover;  /* SBX crossover probability, default 0.9 */
    double eta_c;        /* SBX distribution index, default 15 */
    double eta_m;        /* polynomial-mutation distribution index, default 20 */
    double p_mutation;   /* per-gene mutation probability; <= 0 means 1/ndim */
} lmds_design_nsga2_opts;

LMDS_API void lmds_design_nsga2_opts_init(lmds_design_nsga2_opts *o);

/* NSGA-II on the composition simplex: genes g_k in [xmin_k, xmax_k], the candidate is g normalised to sum 1 and
 * then repaired into the bounds. SBX crossover and polynomial mutation (Deb & Agrawal 1995), binary tournament
 * on (front, crowding), elitist (mu + lambda) survival. Returns every evaluated candidate (all generations),
 * ranked as in lmds_design_result; the last population's first front is the Pareto estimate. */
LMDS_API lmds_status lmds_design_nsga2(const lmds_design_problem *p, const lmds_design_nsga2_opts *o,
                              lmds_design_result **out);

/* Non-dominated sorting with Deb's constrained domination (a feasible candidate dominates an infeasible one;
 * of two infeasible ones the smaller violation dominates) for n candidates f[n * nobj], violation[n] (may be
 * NULL = all feasible). Writes front[n] (0 = non-dominated) and crowding[n] (may be NULL). O(nobj n^2). */
LMDS_API lmds_status lmds_design_pareto_sort(long n, int nobj, const double *f, const double *violation, int *front,
                                    double *crowding);

/* Does a dominate b (all objectives <=, at least one <)? */
LMDS_API int lmds_design_dominates(int nobj, const double *a, const double *b);

/* Number of OpenMP threads the search will use (the size of per-thread workspaces an evaluator needs). */
LMDS_API int lmds_design_threads(void);

/* Is MPI compiled in (may lmds_design_problem.mpi_comm / lmds_design_spec.mpi_comm be non-NULL)? */
LMDS_API int lmds_design_have_mpi(void);

/* ------------------------------------------------------------------------------------------------------------
 * Forward pipeline: composition -> phases on freezing -> Tc of the material
 * ------------------------------------------------------------------------------------------------------------ */

/* How the material is made. Sizes in nm. */
typedef enum lmds_route_kind {
    LMDS_ROUTE_BULK = 0,  /* cast / printed and frozen in bulk */
    LMDS_ROUTE_FILM,      /* film of thickness `size_nm` */
    LMDS_ROUTE_DROPLET,   /* frozen droplets of radius `size_nm` */
    LMDS_ROUTE_CONFINED,  /* frozen inside pores of diameter `size_nm`, or of the medium named in `medium` */
    LMDS_ROUTE_WIRE,      /* wires of diameter `size_nm` */
    LMDS_ROUTE_2D,        /* an atomically thin layer on (or under) the substrate named in `medium` */
    LMDS_ROUTE_AMORPHOUS  /* vapour quench-condensed onto a substrate at liquid-helium temperature */
} lmds_route_kind;

typedef struct lmds_route {
    lmds_route_kind kind;
    double size_nm;       /* thickness, radius or pore diameter; 0 for bulk, 2D, amorphous and a named medium */
    char medium[32];      /* 2D: the substrate ("GaN", "graphene", "Si(111)"); confined: the pore medium
                             ("porous-glass", "opal") when no size is given; empty otherwise */
} lmds_route;

/* Parse "bulk", "film:3nm", "film:100" (nm by default), "droplet:15um", "confined:3.5nm"; units nm, um, mm.
 * LMDS_EPARSE with the column on bad text. */
LMDS_API lmds_status lmds_route_parse(const char *text, lmds_route *out);
/* "bulk", "film 3 nm", ... into buf (n bytes). */
LMDS_API void lmds_route_format(const lmds_route *r, char *buf, size_t n);

/* Where a phase's Tc comes from. A "genome" value is a lookup of a measurement (it checks nothing); the other
 * classes compute something. */
typedef enum lmds_tc_source {
    LMDS_TC_SRC_NONE = 0,  /* nothing known (no genome value, no coupling constants, no learned model) */
    LMDS_TC_SRC_GENOME,    /* a lookup: the measured (or textbook) value of this compound or element, its reference */
    LMDS_TC_SRC_PHYSICS,   /* a model: Allen-Dynes on the genome's lambda, omega_log, mu*, or the EOS scaling of a
                              phase's Tc under pressure (lmds_sc_tc_pressure_phase) */
    LMDS_TC_SRC_LEARNED,   /* the learned model (lmds_learn_predict) */
    LMDS_TC_SRC_TCX,       /* genome Tc(x): measured rows of this solution phase interpolated at its composition */
    LMDS_TC_SRC_DILUTE     /* host Tc + dTc/dx * x of a dilute solution (data/design/dilute_slopes.csv) */
} lmds_tc_source;
LMDS_API const char *lmds_tc_source_name(lmds_tc_source s); /* "genome", "physics", "learned", "genome Tc(x)",
                                                              "dilute slope", "none" */

#define LMDS_PRED_MAXPHASES 8

typedef struct lmds_phase_tc {
    char phase[32];         /* TDB phase name, or "(whole alloy)" when the database does not cover the system */
    char formula[64];       /* the phase's computed composition as a formula (what its Tc is evaluated at) */
    char compound[64];      /* what the phase was identified as: a compound ("BiIn2"), a solution ("In-Sn beta",
                               "(Pb) fcc terminal solution"), an element, or "unidentified solution" */
    char how[200];          /* the rule that identified it (data row, composition range, temperature) */
    lmds_comp comp;         /* composition of the phase (mole fractions) */
    double amount;          /* moles of atoms of the phase per mole of alloy (as frozen, equilibrium) */
    double amount_scheil;   /* the same at the end of Scheil freezing (NAN when not computed) */
    double volume_fraction; /* from Zen's law (molar volumes of the elements), equilibrium amounts */
    int percolates;         /* volume_fraction >= the percolation threshold */
    double tc_K;            /* bulk Tc of the phase (0 = not superconducting above the value's bound) */
    double tc_route_K;      /* after the route correction */
    double uncertainty_K;   /* on tc_route_K; when tc_is_bound, the upper bound itself */
    int tc_is_bound;        /* 1: a negative result, Tc = 0 stands for "not superconducting above uncertainty_K"
                               (or "no Tc reported" when uncertainty_K is 0) */
    lmds_tc_source source;
    char reference[256];    /* of the Tc value (genome reference, or the model used) */
    char route_note[160];   /* what the route did to this phase */
    char pressure_note[200];/* what the pressure did to this phase (empty at 0 GPa) */
} lmds_phase_tc;

typedef struct lmds_prediction {
    lmds_comp comp;
    char formula[64];
    lmds_route route;
    double P_GPa;
    int covered;            /* 1 when the thermodynamic database describes the system */
    char missing[128];      /* binaries the database lacks, when not covered */
    double T_liquidus_K, T_solidus_K;  /* NAN when not covered */
    char primary_phase[32];
    double T_phases_K;      /* temperature of the phase assemblage used (storage, quench or cool-to) */
    char state[96];         /* which state that is: "stored at 298 K", "quenched (2 K below the solidus)", ... */
    double P_thermo_GPa;    /* pressure of the thermodynamics (capped at lmds_thermo_pressure_max()) */
    int nphases;
    lmds_phase_tc phases[LMDS_PRED_MAXPHASES];
    double tc_K;            /* the material: highest route-corrected Tc among percolating phases */
    double uncertainty_K;
    int tc_phase;           /* index into phases[], -1 when nothing superconducts */
    lmds_tc_source tc_source; /* of tc_K; when nothing superconducts, that of the largest percolating phase (on
                                 what the "no" rests) */
    double tc_scheil_K;     /* the same rule on the Scheil amounts (NAN when not computed) */
    double tc_filament_K;   /* highest Tc of any phase, percolating or not (a filamentary/partial transition) */
    int tc_onset_only;      /* 1: a phase superconducts but none of those percolates: only an onset (tc_filament_K)
                               is predicted, no zero-resistance Tc (tc_K = 0) */
    double percolation_threshold;
    char note[512];         /* caveats in one line (not covered, learned out of domain, ...) */
} lmds_prediction;

/* The Scher-Zallen critical volume fraction for 3D continuum percolation, about 0.16 (H. Scher, R. Zallen,
 * J. Chem. Phys. 53, 3759 (1970), doi:10.1063/1.1674565): a phase filling at least this fraction of the volume
 * forms a connected path, so its Tc is the material's (zero-resistance) Tc. */
#define LMDS_PERCOLATION_THRESHOLD 0.16

typedef struct lmds_predict_opts {
    lmds_route route;
    double P_GPa;            /* default 0 */
    double T_final_K;        /* NAN (default): the state as stored (T_store_K); else equilibrium at T (cool-to) */
    double T_store_K;        /* storage temperature: the phases are the equilibrium there (default 298 K, room
                                temperature; 2 K below the solidus when that is lower) */
    int quench;              /* 1: the phases as frozen, equilibrium 2 K below the solidus (solid-state changes on
                                cooling taken as kinetically suppressed) */
    int scheil;              /* also run Scheil freezing (slower); default 1 */
    int fast;                /* design mode: no solidification paths, only liquidus, solidus, one equilibrium */
    double percolation_threshold; /* default LMDS_PERCOLATION_THRESHOLD */
} lmds_predict_opts;
LMDS_API void lmds_predict_opts_init(lmds_predict_opts *o);

/* A predictor holds what the pipeline reads: the thermodynamic database, one genome handle per thread, the
 * learned model (optional: without it phases with no genome data get source "none"), the phase map
 * (data/design/phase_map.csv). Paths NULL = defaults (lmds_tdb_load_default, lmds_genome_default_path,
 * lmds_learn_model_load(NULL)). */
typedef struct lmds_predictor lmds_predictor;
typedef struct lmds_predictor_opts {
    const char *tdb_path;
    const char *genome_path;
    const char *model_path;
    int no_model;            /* do not load the learned model */
    int thermo_one_shot;     /* 1: every thermodynamic call builds its system's phase sampling anew (the one-shot
                                lmds_thermo_* calls) instead of reusing a per-thread workspace of each system
                                (the default). The results are the same; only the time differs (benchmarks). */
} lmds_predictor_opts;
LMDS_API lmds_status lmds_predictor_new(const lmds_predictor_opts *o, lmds_predictor **out);
LMDS_API void lmds_predictor_free(lmds_predictor *p);
/* Which components could not be loaded (e.g. "learned model: <reason>"); empty when all loaded. */
LMDS_API const char *lmds_predictor_notes(const lmds_predictor *p);
LMDS_API int lmds_predictor_has_model(const lmds_predictor *p);
/* Does the database cover the system of c (see lmds_tdb_covers)? */
LMDS_API int lmds_predictor_covers(const lmds_predictor *p, const lmds_comp *c, char *missing, size_t n);
/* Blind mode: hide the genome's rows of c (every form, polymorph, pressure and source of its reduced formula, see
 * lmds_genome_hide) and its pressure-induced phases (data/routes/pressure_phases.csv) from every later Tc lookup of
 * the predictor, on every thread's handle; cached lookups are forgotten. lmds_predictor_hide_clear shows every hidden row again. Not to be called while lmds_predict runs. */
LMDS_API lmds_status lmds_predictor_hide(lmds_predictor *p, const lmds_comp *c);
LMDS_API lmds_status lmds_predictor_hide_clear(lmds_predictor *p);
/* A blind prediction of c: the rows hidden before are shown again, then a normal run finds the phases; c itself and
 * every phase's composition and identified compound are hidden, and c is predicted again, so its Tc must come from
 * Tc(x) of other compositions, physics or the learned model. The rows stay hidden afterwards (for the caller to
 * inspect; lmds_predictor_hide_clear shows them). Uses thread slot 0; not to be called while lmds_predict runs. */
LMDS_API lmds_status lmds_predict_blind(lmds_predictor *p, const lmds_comp *c, const lmds_predict_opts *opts,
                                        lmds_prediction *out);

/* Run the pipeline for one composition. `thread` selects the genome handle (0 .. lmds_design_threads()-1);
 * calls with different thread numbers may run concurrently. opts may be NULL. */
LMDS_API lmds_status lmds_predict(lmds_predictor *p, int thread, const lmds_comp *c, const lmds_predict_opts *opts,
                         lmds_prediction *out);
/* Equilibrium and Scheil freezing paths of c down to T_end (for plots); free with lmds_solidify_path_free
 * (thermo.h). Either pointer may be NULL. LMDS_ENODATA when the database does not cover the system. */
struct lmds_solidify_path;
LMDS_API lmds_status lmds_predict_paths(lmds_predictor *p, const lmds_comp *c, double T_end,
                               struct lmds_solidify_path **eq, struct lmds_solidify_path **scheil);

/* ------------------------------------------------------------------------------------------------------------
 * Inverse design
 * ------------------------------------------------------------------------------------------------------------ */

typedef enum lmds_objective {
    LMDS_OBJ_TC = 0,     /* maximise the material Tc */
    LMDS_OBJ_LIQUIDUS,   /* minimise the liquidus */
    LMDS_OBJ_MARGIN,     /* maximise min((Tc - Tc_min)/Tc_min, (T_print - T_liq)/T_print): the smaller relative
                            margin on the two requirements */
    LMDS_OBJ_COST        /* minimise the raw-material price (USD/kg) */
} lmds_objective;
LMDS_API lmds_status lmds_objective_parse(const char *name, lmds_objective *out);
LMDS_API const char *lmds_objective_name(lmds_objective o);

#define LMDS_DESIGN_MAX_ELEMENTS 24
#define LMDS_DESIGN_MAX_ROUTES 6

typedef struct lmds_design_spec {
    int nelements;
    int z[LMDS_DESIGN_MAX_ELEMENTS];  /* element pool (after exclusions) */
    int max_components;               /* largest number of elements in one alloy (default 3) */
    int nroutes;
    lmds_route routes[LMDS_DESIGN_MAX_ROUTES];
    double max_liquidus_K;            /* INFINITY = none */
    double min_tc_K;                  /* 0 = none */
    double max_cost_usd_kg;           /* INFINITY = none */
    double P_GPa;
    double T_store_K;                 /* storage temperature of the state whose Tc counts (default 298.15 K) */
    int quench;                       /* 1: the phases as frozen instead (default 0) */
    int nobj;
    lmds_objective obj[LMDS_DESIGN_MAX_OBJ];
    int grid_divisions;               /* simplex grid: step 1/m (default 50, i.e. 2 at.%) */
    lmds_design_nsga2_opts nsga2;     /* for systems with more than 3 components */
    const void *mpi_comm;             /* the caller's MPI_Comm to split the search across (NULL = one process,
                                         the default); borrowed, same rules as lmds_design_problem.mpi_comm */
} lmds_design_spec;

/* The default question: Ga, In, Sn, Bi, Zn, Pb, Cd, Tl, Hg, Na, K without Pb, Cd, Hg -- and without Tl, which
 * is more toxic than any of the three (the question excludes them for toxicity); up to 3 components; routes bulk,
 * film 100 nm, droplet 15 um; liquidus <= 60 C; Tc >= 4.2 K; objectives tc and liquidus. */
LMDS_API void lmds_design_spec_init(lmds_design_spec *s);

/* One alloy system searched (a set of elements), and its outcome. */
typedef struct lmds_design_system {
    int n;
    int z[LMDS_DESIGN_MAX_DIM];
    int covered;
    char missing[128];
    lmds_design_result *result;  /* NULL when not covered */
} lmds_design_system;

/* A ranked candidate over all systems. */
typedef struct lmds_design_candidate {
    lmds_comp comp;
    int system;                  /* index into systems */
    double tc_K, T_liquidus_K, cost_usd_kg;
    double T_solidus_K;
    double uncertainty_K;        /* of tc_K */
    lmds_tc_source tc_source;    /* of tc_K */
    int route;                   /* index into spec routes: the route giving the highest Tc (the first on a tie) */
    double tc_route_K[LMDS_DESIGN_MAX_ROUTES]; /* material Tc by route (NAN when not computed: not printable) */
    double f[LMDS_DESIGN_MAX_OBJ];
    double violation;
    int front;
} lmds_design_candidate;

typedef struct lmds_design_outcome {
    int nsystems;
    lmds_design_system *systems;
    long ncandidates;            /* all evaluated candidates, ranked (feasible first, front, first objective) */
    lmds_design_candidate *candidates;
    long nfeasible, nevaluations, nfailed;
    int nuncovered;
    double seconds;
} lmds_design_outcome;
LMDS_API void lmds_design_outcome_free(lmds_design_outcome *o);

/* Run the design search: every subset of the element pool with 1..max_components elements that the database
 * covers; grids for up to 3 components, NSGA-II beyond. progress may be NULL. With s->mpi_comm set every rank
 * of that communicator must call this with the same spec; all ranks return the same outcome. */
LMDS_API lmds_status lmds_design_run(lmds_predictor *p, const lmds_design_spec *s, lmds_design_progress_fn progress,
                            void *progress_ctx, lmds_design_outcome **out);

/* The best alloy of every searched system and route: the feasible candidate (liquidus and Tc limits of the spec
 * met by that route) with the highest Tc by that route, then the lowest liquidus. A non-bulk route is kept only
 * where it beats the system's best bulk Tc, so routes without any measurement or model (film Tc = bulk Tc) do not
 * repeat the bulk rows; gains[k] (LMDS_DESIGN_MAX_ROUTES ints, caller's) says whether route k ever did. Rows are
 * sorted by Tc, then liquidus. On success *rows (free with lmds_design_best_free) holds *n rows; on failure *rows
 * is NULL. */
typedef struct lmds_design_best {
    long candidate;   /* index into outcome->candidates */
    int system;       /* index into outcome->systems */
    int route;        /* index into spec->routes */
    double tc_K, T_liquidus_K;
} lmds_design_best;
LMDS_API lmds_status lmds_design_best_per_system(const lmds_design_spec *s, const lmds_design_outcome *o,
                                                 lmds_design_best **rows, long *n, int *gains);
LMDS_API void lmds_design_best_free(lmds_design_best *rows); /* accepts NULL */

/* Price of an element in USD/kg from data/design/element_prices.csv (NAN when unknown) and of an alloy
 * (weight-fraction average; LMDS_ENODATA naming the element without a price). */
LMDS_API double lmds_design_element_price(int z);
LMDS_API lmds_status lmds_design_alloy_price(const lmds_comp *c, double *usd_kg);


/* ------------------------------------------------------------------------------------------------------------
 * Routes as physics: which polymorph or form a route makes, and its Tc
 * ------------------------------------------------------------------------------------------------------------
 * Data: data/routes/ (README.md there): polymorphs.csv (one row per polymorph, its Tc and source),
 * polymorph_selection.csv (route and size -> polymorph, with a confidence), undercooling.csv, film_tc.csv,
 * amorphous.csv, percolation.csv, liquid_families.csv, and the genome's measured 2D, confined and wire rows
 * (data/genome/lmds_superconductors.csv). Every answer names its rows, their references and their verification
 * labels ("verified", "partly", "recalled", "derived"). Polymorphs are separate forms with their own Tc, never
 * averaged; where no source says which polymorph a route makes, the answer is "polymorph unknown" with the
 * bracketing sourced sizes and the Tc range of the forms on either side. */

/* Parse every route spelling: "bulk", "droplet:15um", "film:3nm", "wire:200nm", "confined:8nm",
 * "confined:porous-glass", "2d:GaN", "amorphous"; sizes positive and finite, in nm (default), um or mm.
 * LMDS_EPARSE with the 1-based column of the fault; *out untouched on error. */
LMDS_API lmds_status lmds_route_read(const char *text, lmds_route *out);
/* The route in the spelling lmds_route_read accepts ("droplet:15um", "2d:GaN") into buf (n bytes). */
LMDS_API void lmds_route_spell(const lmds_route *r, char *buf, size_t n);

/* The route data, read once (read-only afterwards, so one model may serve every thread). */
typedef struct lmds_route_model lmds_route_model;
/* dir: a directory holding the data/routes files (NULL: lmds_data_path("routes")); genome_csv: the genome text
 * source for 2D/confined/wire rows (NULL: data/genome/lmds_superconductors.csv). LMDS_EPARSE with
 * file:line:column for a malformed row, LMDS_EIO when a file cannot be read. *out = NULL on failure; free with
 * lmds_route_model_free (accepts NULL). */
LMDS_API lmds_status lmds_route_model_load(const char *dir, const char *genome_csv, lmds_route_model **out);
LMDS_API void lmds_route_model_free(lmds_route_model *m);

#define LMDS_ROUTE_MAX_FORMS 8

/* How a form's Tc was obtained: a stored value read back, a value interpolated between stored points, or a
 * model. A check against a "lookup" tests the data path, not a prediction. */
typedef enum lmds_route_basis {
    LMDS_ROUTE_LOOKUP = 0,    /* the Tc of a row (polymorph, amorphous mean, 2D/confined measurement) */
    LMDS_ROUTE_INTERPOLATED,  /* film Tc(d) between measured thicknesses (lmds_film_tc_estimate) */
    LMDS_ROUTE_MODEL          /* film Tc(d) beyond the data (Simonin fit) or nearest value held */
} lmds_route_basis;
LMDS_API const char *lmds_route_basis_name(lmds_route_basis b); /* "lookup", "interpolated", "model" */

/* One form (polymorph, film, amorphous solid, 2D layer) a route makes. */
typedef struct lmds_route_form {
    char name[64];          /* "beta", "amorphous", "film 3 nm crystalline", "2-monolayer hexagonal Ga on GaN(0001)" */
    char structure[64];     /* Pearson symbol and space group when known */
    double tc_K;            /* NAN: no Tc known for this form */
    double tc_err_K;        /* stated or derived uncertainty, 0 when none stated */
    double melting_K;       /* of this form, NAN when not known */
    lmds_route_basis basis;
    char verification[16];  /* of the Tc row */
    char reference[512];
} lmds_route_form;

typedef struct lmds_route_answer {
    char element[8];
    lmds_route route;
    double T_store_K;
    int known;              /* 1: a source says which form the route makes; 0: "polymorph unknown" */
    char confidence[16];    /* of the selection: high, medium, low, "equilibrium" (the stable polymorph), "" */
    char selection[256];    /* the condition of the selection row, or why the polymorph is unknown */
    char selection_ref[512];
    double bracket_lo_nm, bracket_hi_nm; /* unknown size: the nearest sourced sizes below and above (NAN: none) */
    int nforms;
    lmds_route_form forms[LMDS_ROUTE_MAX_FORMS];
    double tc_K;            /* the highest Tc among the forms (onset of the ensemble); NAN when none known */
    double tc_lo_K, tc_hi_K;/* range of the forms' Tc (with their errors); NAN when none */
    int onset_only;         /* 1: an ensemble of separate grains (droplets): onset Tc, zero resistance not implied */
    double lowest_liquid_K; /* lowest temperature a liquid of this size is measured to reach (NAN: no data) */
    char undercooling[256]; /* what the undercooling data say about the forms (reachable or not) */
    char note[512];         /* storage, connectivity and alternatives in one line */
} lmds_route_answer;

/* The form(s) `element` makes by route r and stored at T_store_K (K, > 0; the forms that melt below it are said
 * to be liquid in storage), each with its Tc. LMDS_EINVAL for a bad argument (NaN or negative size or
 * temperature, unknown element), LMDS_ENODATA when no row of any file covers the element by this route.
 * On failure *out is zeroed. */
LMDS_API lmds_status lmds_route_model_answer(const lmds_route_model *m, const char *element, const lmds_route *r,
                                             double T_store_K, lmds_route_answer *out);

/* Connectivity of a superconducting minority phase (data/routes/percolation.csv): the threshold of the named
 * microstructure ("dispersed particles in a matrix", "lamellar eutectic", "rod eutectic", "granular array of
 * oxide-skinned droplets", ...: matched on the first word(s)), its dimension and reference. *zero_resistance is
 * 1 when volume_fraction >= threshold (a continuous path), 0 when only an onset is implied (always 0 for a
 * granular array, which needs Josephson coupling). Any output pointer may be NULL. */
LMDS_API lmds_status lmds_route_connectivity(const lmds_route_model *m, const char *microstructure,
                                             double volume_fraction, double *threshold, int *dimension,
                                             int *zero_resistance, const char **reference);

/* The pipeline hook: turns one phase's bulk prediction (ph->comp, ph->tc_K from the pipeline) into its Tc by
 * route r stored at T_store_K. For an element (or a phase of at least 90 at.% of one element, whose polymorph is
 * then reported unknown: the selection data are for the pure element) it writes ph->tc_route_K,
 * ph->uncertainty_K (the forms' spread; a stored Tc without an error gets 5 %, at least 0.1 K, as every genome
 * value), ph->source, ph->tc_is_bound = 0, ph->reference and ph->route_note (polymorph, selection confidence,
 * undercooling, onset-only). LMDS_ENODATA (ph untouched) when the route data have nothing for the phase: the
 * caller keeps its own route rule. Thread-safe for one shared model. */
LMDS_API lmds_status lmds_route_apply(const lmds_route_model *m, const lmds_route *r, double T_store_K,
                                      lmds_phase_tc *ph);

/* Can a liquid metal superconduct? Per family of data/routes/liquid_families.csv (path NULL = that file): the
 * lowest temperature its liquid reaches (deepest measured undercooling, else the liquidus), the Tc of its most
 * disordered solid (the amorphous film as the closest solid stand-in for the liquid's electron-phonon coupling),
 * margin = lowest liquid T - disordered Tc. Verdict "yes" when margin + err < 0, "no" when margin - err > 0,
 * "undecided" between, "no data" without a disordered-solid Tc, "theory only" for theory rows. */
typedef struct lmds_liquid_verdict {
    char family[48];
    char composition[96];
    double liquidus_K, lowest_liquid_K; /* NAN when not known */
    char lowest_method[192];
    double glass_K;                     /* NAN: no glass transition measured */
    char disordered_solid[64];
    double disordered_tc_K, disordered_err_K; /* NAN / 0 when not known */
    double margin_K, margin_err_K;      /* NAN when not computable */
    char verdict[16];
    char reason[320];
    char reference[640];
    char verification[16];
} lmds_liquid_verdict;
/* On success *out is an array of *n verdicts (free with lmds_liquid_verdicts_free); *out = NULL on failure
 * (LMDS_EPARSE with file:line:column, LMDS_EIO). */
LMDS_API lmds_status lmds_liquid_sc_assess(const char *path, lmds_liquid_verdict **out, int *n);
LMDS_API void lmds_liquid_verdicts_free(lmds_liquid_verdict *v);

#ifdef __cplusplus
}
#endif
#endif
