/* Private structures of the thermo module: the parsed TDB database (lmds_tdb), the Gibbs-energy model of one
 * chemical system built from it (th_sys), and the solver workspaces. Nothing here is public API.
 *
 * Conventions: temperatures in K, pressure in Pa inside TDB expressions (the TDB convention; the public API
 * takes GPa), energies in J/mol. Site fractions y are stored flat per phase, sublattice after sublattice. */
#ifndef LMDS_THERMO_INTERNAL_H
#define LMDS_THERMO_INTERNAL_H

#include <stddef.h>
#include <stdio.h>
#include "lmds/thermo.h"

#define TH_NAME 32
#define TH_MAXSUB 6
#define TH_MAXC LMDS_COMP_MAX

/* ---------- database ---------- */

enum { EX_NUM, EX_T, EX_P, EX_FUN, EX_ADD, EX_SUB, EX_MUL, EX_DIV, EX_POW, EX_NEG, EX_LN, EX_EXP };

typedef struct tdb_node {
    int op;
    int a, b;      /* children (node indices) or, for EX_FUN, a = function index */
    int depth;     /* height of the subtree */
    double v;      /* EX_NUM value */
} tdb_node;

/* A piecewise expression: ranges [tlow, thigh[0]), [thigh[0], thigh[1]) ... Above the last limit the last range
 * is extrapolated; below tlow the first range is, down to text, and constant heat capacity below that (tdb.c). */
typedef struct tdb_piece {
    double tlow;
    int n;
    int first;     /* index of the first range in tdb->ranges */
    double text;   /* below this temperature (<= tlow) G continues with constant heat capacity (tdb.c) */
} tdb_piece;

typedef struct tdb_range {
    double thigh;
    int root;      /* node index */
} tdb_range;

typedef struct tdb_func {
    char name[TH_NAME];
    int defined;
    int line, col; /* first reference or definition, for messages */
    tdb_piece piece;
} tdb_func;

typedef struct tdb_species {
    char name[TH_NAME];
    int nel;
    int el[TH_MAXC];        /* element indices */
    double stoich[TH_MAXC];
    int is_va;
} tdb_species;

typedef struct tdb_element {
    char name[4];
    char ref_phase[TH_NAME];
    double mass, h298, s298;
} tdb_element;

typedef struct tdb_typedef {
    char code;
    int magnetic;
    double afm, p;
} tdb_typedef;

typedef struct tdb_phase {
    char name[TH_NAME];
    char types[16];
    int nsub;
    double sites[TH_MAXSUB];
    int has_const;
    int *cons;              /* species indices, flattened by sublattice (owned) */
    int ncons[TH_MAXSUB];
    int line;
} tdb_phase;

enum { PAR_G = 0, PAR_TC = 1, PAR_BMAGN = 2 };

typedef struct tdb_param {
    int type;               /* PAR_G (G and L), PAR_TC, PAR_BMAGN */
    char phase[TH_NAME];
    int nsub;
    int ncons[TH_MAXSUB];
    int cons[TH_MAXSUB][4]; /* species indices in canonical (alphabetical) order; -1 = wildcard '*' */
    int order;
    double sign;            /* -1 when canonical sorting reversed an odd-order binary interaction */
    tdb_piece piece;
    int line, col;
    int dead;               /* superseded by a later duplicate, or refers to an undeclared constituent */
    char ref[24];           /* reference code written after the last 'N' ("91DIN"), upper case; may be empty */
} tdb_param;

struct lmds_tdb {
    char path[512];
    tdb_element *el;   int nel;
    tdb_species *sp;   int nsp;
    tdb_func *fn;      int nfn;
    tdb_phase *ph;     int nph;
    tdb_param *par;    int npar;
    tdb_typedef *td;   int ntd;
    tdb_node *node;    int nnode, capnode;
    tdb_range *rng;    int nrng, caprng;
};

/* Evaluate a function or piecewise expression at T (K), P (Pa). fcache holds per-call values of the functions
 * (NAN = not yet computed), so one evaluation per temperature is shared by all parameters. Below the lower limit
 * of its first range an expression is extrapolated with the heat capacity it has at that limit (tdb.c). */
double tdb_piece_eval(const lmds_tdb *db, const tdb_piece *pc, double T, double P, double *fcache);
/* The highest lower limit among a piecewise expression and the functions it uses, with the name of the one that
 * sets it (name: TH_NAME bytes, may be NULL). 1 when it depends on P (in *uses_P, may be NULL). */
double tdb_piece_lower_limit(const lmds_tdb *db, const tdb_piece *pc, char *name, int *uses_P);

/* ---------- Gibbs model of one system ---------- */

/* An affine factor b + sum_k c[k] y[idx[k]]: a site fraction, a difference (y_i - y_j) of a Redlich-Kister
 * term, or the Muggianu v_i = y_i + (1 - y_i - y_j - y_k)/3 of a ternary interaction. */
typedef struct th_factor {
    int n;
    int idx[3];
    double c[3];
    double b;
} th_factor;

#define TH_MAXF 12
typedef struct th_term {
    int group;        /* PAR_G, PAR_TC, PAR_BMAGN */
    int param;        /* index into db->par */
    double sign;
    int nf;
    th_factor f[TH_MAXF];
} th_term;

typedef struct th_phase {
    char name[TH_NAME];
    int dbphase;
    int nsub;
    double a[TH_MAXSUB];
    int m;                   /* number of site fractions */
    int off[TH_MAXSUB + 1];  /* y index range of each sublattice */
    int spec[64];
    double nat[64][TH_MAXC]; /* atoms of component i per mole of constituent */
    int nterms;
    th_term *terms;
    int magnetic;
    double afm, p;
    int is_liquid;
    double vcons[64];        /* molar volume per mole of constituent j (m^3/mol), for the pressure term; 0 when
                                pressure is not modelled (see pressure.c) */
} th_phase;

typedef struct th_sys {
    const lmds_tdb *db;
    int C;
    int z[TH_MAXC];
    int dbel[TH_MAXC];
    char el[TH_MAXC][4];
    int nph;
    th_phase *ph;
    double T_valid_lo;       /* highest lower temperature limit of the expressions the system uses (K): below it
                                some Gibbs energy is extrapolated (tdb.c states the rule) */
    char T_valid_what[TH_NAME]; /* the function or phase whose limit that is */
    int db_has_P;            /* an expression the system uses depends on P: the database models pressure itself */
} th_sys;

/* Temperature-dependent parameter values of a system at one T. */
typedef struct th_tstate {
    double T, P, RT;
    double dP;        /* P - 1 bar (Pa) applied through the molar volumes (vcons); 0 when not modelled */
    double *pval;     /* per db parameter (only those used are computed) */
    double *fcache;
} th_tstate;

lmds_status th_sys_build(const lmds_tdb *db, const int *z, int C, th_sys *sys);
void th_sys_clear(th_sys *sys);
int th_phase_find(const th_sys *sys, const char *name);
/* Allocate the arrays of a temperature state once (th_tstate_eval fills them at each T); clear frees them. */
lmds_status th_tstate_alloc(const th_sys *sys, th_tstate *ts);
/* Parameter values at T (K) and P (Pa; <= 1 bar means the TDB reference pressure). dP_Pa is the pressure above
 * 1 bar that the molar-volume term applies (0: none). */
void th_tstate_eval(const th_sys *sys, double T, double P_Pa, double dP_Pa, th_tstate *ts);
void th_tstate_clear(th_tstate *ts);

/* The default value of parameter `param` of model `id` in the registry (models.c), the one source of the defaults
 * the code uses; NAN when either is unknown. */
double th_model_default(const char *id, const char *param);

/* pressure.c: fill every phase's vcons from data/thermo/molar_volumes.csv (solid or liquid molar volume of each
 * element at its melting point, volumes additive in the atoms). LMDS_ENODATA naming the elements without data. */
lmds_status th_sys_load_volumes(th_sys *sys);
/* The highest pressure the constant-volume term is used for (GPa), from the model registry. */
double th_pressure_max_GPa(void);

/* G per formula unit of phase p at site fractions y; grad (m) and hess (m*m, row-major) when not NULL. */
double th_phase_G(const th_sys *sys, int p, const th_tstate *ts, const double *y, double *grad, double *hess);
/* The same with lny[j] = log(max(y[j], 1e-300)) given (a phase sample's logarithms, computed once: the ideal
 * mixing term then needs no log call); lny NULL computes them. Bit-identical to th_phase_G. */
double th_phase_G_ln(const th_sys *sys, int p, const th_tstate *ts, const double *y, const double *lny, double *grad,
                     double *hess);
/* Atoms of each component (N[C]) and the total per formula unit. */
double th_phase_N(const th_sys *sys, int p, const double *y, double *N);

/* ---------- writing TDB text (tdbwrite.c) ---------- */

/* A growable string; zero-initialise. err is set when an allocation failed (the text is then incomplete). */
typedef struct th_strbuf { char *s; size_t len, cap; int err; } th_strbuf;
void th_sb_puts(th_strbuf *b, const char *s);
void th_sb_printf(th_strbuf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void th_sb_free(th_strbuf *b);

/* What of a database to write. NULL members select everything. */
typedef struct th_wsel {
    const unsigned char *species;       /* per db species: may appear at all */
    const unsigned char *phase;         /* per db phase: written */
    const unsigned char *phase_species; /* nph x nsp: species allowed in that phase */
    const unsigned char *param;         /* per db parameter: written (if its phase and species are) */
} th_wsel;

void th_write_piece(th_strbuf *b, const lmds_tdb *db, const tdb_piece *pc, double sign);
void th_write_param(th_strbuf *b, const lmds_tdb *db, const tdb_param *q);
/* Flag in need[] (nfn) every function a piecewise expression uses, directly or through other functions. */
void th_mark_functions(const lmds_tdb *db, const tdb_piece *pc, unsigned char *need);
/* FUNCTION commands for the flagged functions, each after those it uses. */
void th_write_functions(FILE *f, const lmds_tdb *db, const unsigned char *need);
/* The selected part of a database as TDB text; header lines become '$' comments. */
lmds_status th_tdb_write_sel(const lmds_tdb *db, FILE *f, const char *header, const th_wsel *sel);

#endif
