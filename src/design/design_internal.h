/* Private to the design module. */
#ifndef LMDS_DESIGN_INTERNAL_H
#define LMDS_DESIGN_INTERNAL_H

#include <lmds.h>

#define DESIGN_MAX_MAP 64
#define DESIGN_CACHE 512

/* One row of data/design/phase_map.csv. */
typedef struct phase_map_row {
    int nz;
    int z[4];
    char phase[32];
    char formula[64];
    char material[160];
    lmds_comp comp;
} phase_map_row;

/* A cached Tc lookup (formula, form, pressure) -> value and provenance. */
typedef struct tc_entry {
    char key[160];
    double tc, unc;
    lmds_tc_source source;
    int out_of_domain;   /* learned: outside the model's training domain */
    int upper_bound;     /* genome: tc = 0 stands for "not superconducting above unc K" or "no Tc reported" */
    int nvalues;         /* route forms: number of measurements averaged */
    char ref[256];
} tc_entry;

typedef struct thread_slot {
    lmds_genome *genome;
    int ncache, next_evict;
    tc_entry cache[DESIGN_CACHE];
} thread_slot;

struct lmds_predictor {
    lmds_tdb *tdb;
    lmds_learn_model *model;
    int nthreads;
    thread_slot *threads;
    int nmap;
    phase_map_row map[DESIGN_MAX_MAP];
    char notes[512];
};

lmds_status design_tc_of(lmds_predictor *p, int thread, const lmds_comp *c, const char *form, double P,
                         const tc_entry **out);
/* Thermodynamics of one composition into r (stops after the liquidus when it exceeds max_liquidus). */
lmds_status design_thermo(lmds_predictor *p, const lmds_comp *c, const lmds_predict_opts *o, lmds_prediction *r,
                          double max_liquidus);
/* Tc of the phases in r for one route. */
lmds_status design_tc(lmds_predictor *p, int thread, const lmds_route *route, double P, lmds_prediction *r);

#endif
