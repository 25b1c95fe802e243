/* Private to the design module. */
#ifndef LMDS_DESIGN_INTERNAL_H
#define LMDS_DESIGN_INTERNAL_H

#include <lmds.h>

#define DESIGN_CACHE 512
#define DESIGN_SYS_MAX 4
/* Thermodynamic workspaces kept per thread: a search visits one system's grid points together (a ternary grid
 * passes its three binary edges and its interior), so the last few systems cover nearly every call. */
#define DESIGN_THERMO_WS 4

/* Window around the asked pressure within which a measured Tc counts as "at that pressure" (GPa). Half a GPa
 * moves Tc of the soft metals here by at most about 0.2 K (Pb: dTc/dP = -0.386 K/GPa, Smith & Chu 1967, see
 * data/routes/pressure_phases.csv); farther values are not used (no nearest pressure at any distance). */
#define DESIGN_P_WINDOW_GPA 0.5

/* One row of data/design/phase_ranges.csv: a TDB phase at a composition range is this compound or solution. */
typedef struct range_row {
    int nz;
    int z[DESIGN_SYS_MAX];
    double lo[DESIGN_SYS_MAX], hi[DESIGN_SYS_MAX];
    char system[32];
    char tdb_phase[32];
    char compound[32];      /* formula of a line/intermediate compound, or "solution" */
    char name[96];          /* what it is: the notes up to the first ';' ("In-Sn beta", "(Pb) fcc terminal ...") */
    char structure[64];
    /* Temperature window at 1 atm, K. T_max bounds the solid only where the table says it is a solid-state limit
     * (polymorphic transition, peritectoid or eutectoid decomposition) or does not say what it is; a measured
     * melting-type limit (melting, peritectic, solidus) is kept in T_melt instead and bounds nothing: there the
     * thermodynamic model's own melting point bounds its solid, which may lie above the measured one. */
    double T_min, T_max;    /* NAN when not known or (T_max) a melting-type limit */
    double T_melt;          /* the measured melting-type upper limit; NAN when T_max is a solid-state one */
    char reference[200];
    int line;
} range_row;

/* One row of data/design/dilute_slopes.csv with a numeric slope. */
typedef struct slope_row {
    int host, solute;
    double slope_K_per_pct, x_max_pct;
    char reference[200];
    int line;
} slope_row;

/* One row of data/routes/pressure_phases.csv. */
typedef struct pphase_row {
    char material[16];
    char phase[32];
    double P_onset, P_end;  /* GPa; P_end INFINITY when open */
    double tc, tc_P;        /* K, GPa; NAN when not given */
    char reference[200];
    int line;
    int hidden;             /* blind mode (lmds_predictor_hide): not used */
} pphase_row;

/* One measured bulk Tc of data/genome/lmds_superconductors.csv (the curated genome source) kept for Tc(x):
 * single-phase bulk rows with a number, a measured or textbook value, and their phase/polymorph labels. */
typedef struct tcx_row {
    lmds_comp comp;
    double tc, P;           /* K; GPa (NAN when not given) */
    char polymorph[24];
    char form[48];          /* the genome's form ("bulk", "bulk (quenched high-temperature form)", ...) */
    char material[64];
    char reference[120];
    int line;
    int hidden;             /* blind mode (lmds_predictor_hide): not used */
} tcx_row;

/* One stable or metastable polymorph of data/routes/polymorphs.csv (element or compound, polymorph, metastable). */
typedef struct poly_row {
    int z;                  /* the element; 0 for a compound's polymorph (comp) */
    lmds_comp comp;         /* the element or the compound */
    char polymorph[24];
    char tdb_phase[32];
    int metastable;
} poly_row;

/* The sourced tables the phase identification and Tc of a phase read (loaded once, read-only afterwards). */
typedef struct design_tables {
    range_row *ranges;   int nranges;
    slope_row *slopes;   int nslopes;
    pphase_row *pphases; int npphases;
    tcx_row *tcx;        int ntcx;
    poly_row *polys;     int npolys;
} design_tables;

lmds_status design_tables_load(design_tables *t);
/* Same reduced composition (fractions within 1e-3). */
int design_same_comp(const lmds_comp *a, const lmds_comp *b);
/* Is the TDB phase the liquid (LIQUID, or LIQUID#2 of a miscibility gap)? */
int design_is_liquid(const char *tdb_phase);
void design_tables_clear(design_tables *t);

/* A cached Tc lookup (formula, form, pressure) -> value and provenance. */
typedef struct tc_entry {
    char key[160];
    double tc, unc;
    lmds_tc_source source;
    int out_of_domain;   /* learned: outside the model's training domain */
    int upper_bound;     /* genome: tc = 0 stands for "not superconducting above unc K" or "no Tc reported" */
    int nvalues;         /* route forms: number of measurements pooled (polymorph_pool.h) */
    char ref[256];
} tc_entry;

/* A thermodynamic workspace of one chemical system: its sampled phases, built once and reused by the liquidus,
 * solidus, equilibrium and Scheil calls of every candidate in that system (thermo_ws.c). */
typedef struct thermo_ws_entry {
    int n;                      /* 0: empty slot */
    int z[LMDS_COMP_MAX];       /* the elements, in lmds_comp order (sorted by symbol): the system's key */
    lmds_thermo_ws *ws;         /* owned */
} thermo_ws_entry;

/* Each thread's own state: nothing here is shared between threads, so no locking. */
typedef struct thread_slot {
    lmds_genome *genome;
    int ncache, next_evict;
    tc_entry cache[DESIGN_CACHE];
    int next_ws;                /* the slot the next new system replaces (oldest first) */
    thermo_ws_entry ws[DESIGN_THERMO_WS];
} thread_slot;

struct lmds_predictor {
    lmds_tdb *tdb;
    lmds_learn_model *model;
    int nthreads;
    thread_slot *threads;
    design_tables tab;
    lmds_route_model *routes; /* polymorphs, films, amorphous, 2D/confined forms (NULL: data not loaded) */
    int thermo_one_shot;      /* lmds_predictor_opts.thermo_one_shot: no workspace reuse */
    char notes[512];
};

/* Identification of a phase (phase_id.c). */
typedef struct phase_ident {
    int kind;                 /* PHASE_ELEMENT, PHASE_COMPOUND, PHASE_SOLUTION, PHASE_UNIDENTIFIED */
    const range_row *range;   /* the matching row (NULL for elements and unidentified phases) */
    int host;                 /* element: its Z; terminal solution: the host's Z; else 0 */
    lmds_comp sys_comp;       /* the phase composition restricted to the row's system (renormalised) */
} phase_ident;
enum { PHASE_ELEMENT = 1, PHASE_COMPOUND, PHASE_SOLUTION, PHASE_UNIDENTIFIED };

void design_phase_identify(const design_tables *t, const char *tdb_phase, const lmds_comp *pc, double T,
                           phase_ident *id, lmds_phase_tc *ph);

/* Tc of one formula in a form at P (genome, negative result, Allen-Dynes, learned; phase_tc.c). */
lmds_status design_tc_of(lmds_predictor *p, int thread, const lmds_comp *c, const char *form, double P,
                         const tc_entry **out);
/* Bulk ambient Tc of an identified phase into ph (tc_K, uncertainty_K, source, reference), phase_tc.c. */
void design_phase_tc_ambient(lmds_predictor *p, int thread, const lmds_prediction *r, const phase_ident *id,
                             lmds_phase_tc *ph, int *learned_ood);
/* The pressure step on an ambient bulk Tc (phase_pressure.c). */
void design_phase_tc_pressure(lmds_predictor *p, const phase_ident *id, double P, lmds_phase_tc *ph);
/* Measured Tc of composition c (an element: as the polymorph that TDB phase `tdb_phase` is; NULL: any polymorph
 * that is not metastable) at P (within DESIGN_P_WINDOW_GPA) from the curated single-phase rows: mean,
 * uncertainty (the 5 % convention or half the spread), reference; returns the number of rows used (0: none). */
int design_curated_tc(const design_tables *t, const lmds_comp *c, const char *tdb_phase, double P, double *tc,
                      double *unc, char *ref, size_t nref);
/* The 5 % (at least 0.1 K) convention for the uncertainty of a measured value (genome_tc.c). */
double design_genome_uncertainty(double tc);

/* The route hook: the one place where a route (film, droplet, confined, ...) changes a phase's bulk Tc into
 * tc_route_K (route.c). */
void design_phase_route(lmds_predictor *p, int thread, const lmds_route *route, const lmds_prediction *r,
                        lmds_phase_tc *ph, double P);

/* Thermodynamics of one composition into r (stops after the liquidus when it exceeds max_liquidus), on the
 * workspaces of thread slot `thread`. */
lmds_status design_thermo(lmds_predictor *p, int thread, const lmds_comp *c, const lmds_predict_opts *o,
                          lmds_prediction *r, double max_liquidus);
/* The thermodynamic calls of the pipeline (thermo_ws.c): the lmds_thermo_ws_* calls on the workspace of c's system
 * held by thread slot `thread` (created on first use, the oldest of DESIGN_THERMO_WS evicted), or the one-shot
 * lmds_thermo_* calls when the predictor was made with thermo_one_shot. The results are the same either way. */
lmds_status design_liquidus(lmds_predictor *p, int thread, const lmds_comp *c, double P, double *T, char *primary,
                            size_t n);
lmds_status design_solidus(lmds_predictor *p, int thread, const lmds_comp *c, double P, double *T);
lmds_status design_equilibrium(lmds_predictor *p, int thread, const lmds_comp *c, double T, double P,
                               lmds_eq_result *eq);
/* The Scheil path of c from its liquidus to T_end at P_GPa (*path: free with lmds_solidify_path_free). */
lmds_status design_scheil(lmds_predictor *p, int thread, const lmds_comp *c, double P_GPa, double T_end,
                          lmds_solidify_path **path);
/* Free every thread slot's workspaces. */
void design_thermo_ws_clear(lmds_predictor *p);
/* Tc of the phases in r for one route. */
lmds_status design_tc(lmds_predictor *p, int thread, const lmds_route *route, double P, lmds_prediction *r);
/* Molar volume by Zen's law (cm^3/mol). */
double design_molar_volume(const lmds_comp *c);
/* snprintf for text cells where cutting a long reference is intended (the full source stays in the data row). */
void design_fmt(char *buf, size_t n, const char *fmt, ...);
/* Append "; text" to a note buffer. */
void design_note(char *note, size_t n, const char *fmt, ...);

#endif
