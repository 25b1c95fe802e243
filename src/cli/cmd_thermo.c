/* lmds thermo: CALPHAD equilibria, liquidus/solidus, invariants, solidification paths, phase diagrams. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmds.h>
#include "cli.h"

typedef struct topts {
    const char *tdb;
    double T, P, Tmin, Tmax, Tend, dT;
    int haveT;
    int scheil;
    const char *elements;
    const char *out;
    const char *svg;
    const char *system, *phases, *keep, *terms, *phase, *state;
    int ngrid;
    cli_format fmt;
} topts;

static const char *USAGE =
    "usage: lmds thermo SUBCOMMAND [options] [COMPOSITION]\n"
    "  eq         --T K [--P GPa] COMPOSITION     stable phases, amounts, compositions, mu, G\n"
    "  liquidus   COMPOSITION                     liquidus temperature and primary phase\n"
    "  solidus    COMPOSITION                     solidus temperature\n"
    "  invariants --elements A,B[,C] [--Tmin K --Tmax K]   eutectics, peritectics, ternary invariants\n"
    "  solidify   [--scheil] [--Tend K] COMPOSITION   equilibrium or Scheil solidification path\n"
    "  diagram    --elements A,B [--Tmin K --Tmax K] [--svg FILE]   binary T-x phase diagram (data + SVG)\n"
    "             --elements A,B,C [--grid N] [--dT K] [--svg FILE]  ternary liquidus projection: liquidus and\n"
    "                                              primary phase on a grid, isotherms every dT, invariant points\n"
    "  check      FILE.tdb                         read a TDB file and report problems\n"
    "  assess     DATA.csv -o SYSTEM.tdb [--system A-B] [--phases LIQUID,...] [--keep PHASE,...] [--terms auto|L0,L1,L0T]\n"
    "                                              fit Redlich-Kister parameters to measured phase equilibria\n"
    "                                              (pure-element data from --tdb; data format: docs/thermo.md)\n"
    "  merge      -o OUT.tdb IN1.tdb IN2.tdb ...   combine databases (phases get the union of constituents)\n"
    "  miedema    A-B [--phase NAME] [--state liquid|solid|compound]   Miedema enthalpy of mixing, its\n"
    "                                              Redlich-Kister fit, and TDB lines for a phase (ref MIEDEMA)\n"
    "  models                                      the models and the papers to cite\n"
    "options: --tdb FILE (default: data/tdb/lmds.tdb), --json, --csv, -h/--help\n"
    "Units: K, GPa, J/mol (per mole of atoms), mole fractions.\n";

static int parse_opts(const char *cmd, int argc, char **argv, topts *o, int *first_pos) {
    static const struct option lo[] = {
        {"tdb", required_argument, 0, 't'}, {"T", required_argument, 0, 'T'}, {"P", required_argument, 0, 'P'},
        {"Tmin", required_argument, 0, 'a'}, {"Tmax", required_argument, 0, 'b'},
        {"Tend", required_argument, 0, 'e'}, {"dT", required_argument, 0, 'd'},
        {"scheil", no_argument, 0, 's'}, {"elements", required_argument, 0, 'E'},
        {"output", required_argument, 0, 'o'}, {"svg", required_argument, 0, 'g'},
        {"system", required_argument, 0, 'S'}, {"phases", required_argument, 0, 'F'},
        {"keep", required_argument, 0, 'K'}, {"terms", required_argument, 0, 'R'},
        {"phase", required_argument, 0, 'H'}, {"state", required_argument, 0, 'Q'},
        {"grid", required_argument, 0, 'N'},
        {"json", no_argument, 0, 'j'}, {"csv", no_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->Tmin = 250;
    o->Tmax = 800;
    o->Tend = 4;
    o->dT = 0;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "t:T:P:o:hjc", lo, NULL)) != -1) {
        int r = CLI_OK;
        switch (ch) {
        case 't': o->tdb = optarg; break;
        case 'T': r = cli_parse_double(cmd, "--T", optarg, &o->T); o->haveT = 1; break;
        case 'P': r = cli_parse_double(cmd, "--P", optarg, &o->P); break;
        case 'a': r = cli_parse_double(cmd, "--Tmin", optarg, &o->Tmin); break;
        case 'b': r = cli_parse_double(cmd, "--Tmax", optarg, &o->Tmax); break;
        case 'e': r = cli_parse_double(cmd, "--Tend", optarg, &o->Tend); break;
        case 'd': r = cli_parse_double(cmd, "--dT", optarg, &o->dT); break;
        case 's': o->scheil = 1; break;
        case 'E': o->elements = optarg; break;
        case 'o': o->out = optarg; break;
        case 'g': o->svg = optarg; break;
        case 'S': o->system = optarg; break;
        case 'F': o->phases = optarg; break;
        case 'K': o->keep = optarg; break;
        case 'R': o->terms = optarg; break;
        case 'H': o->phase = optarg; break;
        case 'Q': o->state = optarg; break;
        case 'N': {
            double g;
            r = cli_parse_double(cmd, "--grid", optarg, &g);
            if (r == CLI_OK && (g < 2 || g > 200 || g != floor(g))) r = cli_usage(cmd, "--grid must be an integer 2..200");
            o->ngrid = (int)g;
            break;
        }
        case 'j': o->fmt = CLI_FMT_JSON; break;
        case 'c': o->fmt = CLI_FMT_CSV; break;
        case 'h': fputs(USAGE, stdout); return -1;
        default: return cli_usage(cmd, "unknown option or missing value: %s", argv[optind - 1]);
        }
        if (r != CLI_OK) return r;
    }
    *first_pos = optind;
    return CLI_OK;
}

static int load_db(const topts *o, lmds_tdb **db) {
    lmds_status st = o->tdb ? lmds_tdb_load(o->tdb, db) : lmds_tdb_load_default(db);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    return CLI_OK;
}

static int get_comp(const char *cmd, int argc, char **argv, int pos, lmds_comp *c) {
    if (pos >= argc) return cli_usage(cmd, "missing COMPOSITION");
    if (pos + 1 < argc) return cli_usage(cmd, "unexpected argument: %s", argv[pos + 1]);
    lmds_status st = lmds_comp_parse(argv[pos], NULL, c);
    if (st) return cli_fail(st);
    return CLI_OK;
}

/* Refuse systems the database does not cover, naming the missing binaries. */
static int covered(const lmds_tdb *db, const lmds_comp *c, const topts *o) {
    char miss[512];
    if (lmds_tdb_covers(db, c, miss, sizeof miss) == LMDS_OK) return CLI_OK;
    if (o->tdb) { /* an explicit database: warn, the user knows what is in it */
        fprintf(stderr, "lmds: warning: %s has no liquid interaction for: %s (treated as ideal)\n", o->tdb, miss);
        return CLI_OK;
    }
    fprintf(stderr, "lmds: error: the default database does not cover this system; missing: %s\n", miss);
    return CLI_BAD_INPUT;
}

static const char *sym(int z) { const char *s = lmds_element_symbol(z); return s ? s : "?"; }

static int cmd_eq(const topts *o, const lmds_tdb *db, const lmds_comp *c) {
    if (!o->haveT) return cli_usage("thermo eq", "--T is required");
    lmds_eq_result r;
    lmds_status st = lmds_thermo_equilibrium(db, c, o->T, o->P, &r);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "T_K", cli_json_number(r.T));
        cJSON_AddItemToObject(j, "P_GPa", cli_json_number(r.P));
        cJSON *ph = cJSON_AddArrayToObject(j, "phases");
        for (int k = 0; k < r.nphases; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "name", r.phases[k].name);
            cJSON_AddItemToObject(p, "amount", cli_json_number(r.phases[k].amount));
            cJSON *x = cJSON_AddObjectToObject(p, "composition");
            for (int i = 0; i < r.ncomp; i++) cJSON_AddItemToObject(x, sym(r.z[i]), cli_json_number(r.phases[k].x[i]));
            cJSON_AddItemToArray(ph, p);
        }
        cJSON_AddItemToObject(j, "G_J_mol", cli_json_number(r.G));
        cJSON *mu = cJSON_AddObjectToObject(j, "mu_J_mol");
        for (int i = 0; i < r.ncomp; i++) cJSON_AddItemToObject(mu, sym(r.z[i]), cli_json_number(r.mu[i]));
        cli_json_print(j);
        return CLI_OK;
    }
    const char *hdr[2 + LMDS_COMP_MAX];
    char names[LMDS_COMP_MAX][12];
    hdr[0] = "phase";
    hdr[1] = "amount";
    for (int i = 0; i < r.ncomp; i++) {
        snprintf(names[i], sizeof names[i], "x(%s)", sym(r.z[i]));
        hdr[2 + i] = names[i];
    }
    cli_table *t = cli_table_new(2 + r.ncomp, hdr);
    for (int k = 0; k < r.nphases; k++) {
        char cells[2 + LMDS_COMP_MAX][32];
        const char *cp[2 + LMDS_COMP_MAX];
        snprintf(cells[0], 32, "%s", r.phases[k].name);
        snprintf(cells[1], 32, "%.6f", r.phases[k].amount);
        for (int i = 0; i < r.ncomp; i++) snprintf(cells[2 + i], 32, "%.6f", r.phases[k].x[i]);
        for (int i = 0; i < 2 + r.ncomp; i++) cp[i] = cells[i];
        cli_table_add(t, cp);
    }
    cli_table_print(t, stdout, o->fmt);
    cli_table_free(t);
    if (o->fmt == CLI_FMT_TABLE) {
        printf("T = %.3f K (%.3f C), P = %g GPa\nG = %.4f J/mol\n", r.T, r.T - 273.15, r.P, r.G);
        for (int i = 0; i < r.ncomp; i++) printf("mu(%s) = %.4f J/mol\n", sym(r.z[i]), r.mu[i]);
    }
    return CLI_OK;
}

static int cmd_liq_sol(const topts *o, const lmds_tdb *db, const lmds_comp *c, int solidus) {
    double T;
    char prim[64] = "";
    lmds_status st = solidus ? lmds_thermo_solidus(db, c, o->P, &T) : lmds_thermo_liquidus(db, c, o->P, &T, prim, sizeof prim);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, solidus ? "T_solidus_K" : "T_liquidus_K", cli_json_number(T));
        cJSON_AddItemToObject(j, solidus ? "T_solidus_C" : "T_liquidus_C", cli_json_number(T - 273.15));
        if (!solidus) cJSON_AddStringToObject(j, "primary_phase", prim);
        cli_json_print(j);
    } else if (o->fmt == CLI_FMT_CSV) {
        printf(solidus ? "T_solidus_K,T_solidus_C\n%.4f,%.4f\n" : "T_liquidus_K,T_liquidus_C,primary_phase\n%.4f,%.4f,%s\n",
               T, T - 273.15, prim);
    } else {
        printf("%s: %.3f K (%.3f C)%s%s\n", solidus ? "solidus" : "liquidus", T, T - 273.15,
               solidus ? "" : ", primary phase ", prim);
    }
    return CLI_OK;
}

static int parse_elements(const char *cmd, const char *s, int *z, int *n) {
    if (!s) return cli_usage(cmd, "--elements A,B[,C] is required");
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    *n = 0;
    for (char *tok = strtok(buf, ",-"); tok; tok = strtok(NULL, ",-")) {
        if (*n >= 3) return cli_usage(cmd, "at most 3 elements");
        if (lmds_element_lookup(tok, &z[*n])) return cli_fail(LMDS_ENOTFOUND);
        (*n)++;
    }
    if (*n < 2) return cli_usage(cmd, "--elements needs 2 or 3 elements");
    /* alphabetical order, as lmds_comp */
    for (int a = 1; a < *n; a++)
        for (int b = a; b > 0 && strcmp(sym(z[b - 1]), sym(z[b])) > 0; b--) { int t = z[b]; z[b] = z[b - 1]; z[b - 1] = t; }
    return CLI_OK;
}

static int cmd_invariants(const topts *o, const lmds_tdb *db) {
    int z[3], n;
    int r = parse_elements("thermo invariants", o->elements, z, &n);
    if (r) return r;
    lmds_invariant *inv = NULL;
    int ni = 0;
    lmds_status st = lmds_thermo_invariants(db, n, z, o->Tmin, o->Tmax, &inv, &ni);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (int k = 0; k < ni; k++) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "type", lmds_inv_type_name(inv[k].type));
            cJSON_AddItemToObject(j, "T_K", cli_json_number(inv[k].T));
            cJSON *ph = cJSON_AddArrayToObject(j, "phases");
            for (int p = 0; p < inv[k].nphases; p++) {
                cJSON *q = cJSON_CreateObject();
                cJSON_AddStringToObject(q, "name", inv[k].phase[p]);
                cJSON *x = cJSON_AddObjectToObject(q, "composition");
                for (int i = 0; i < n; i++) cJSON_AddItemToObject(x, sym(z[i]), cli_json_number(inv[k].x[p][i]));
                cJSON_AddItemToArray(ph, q);
                if (p == 0) {
                    cJSON *l = cJSON_AddObjectToObject(j, "liquid");
                    for (int i = 0; i < n; i++) cJSON_AddItemToObject(l, sym(z[i]), cli_json_number(inv[k].x[0][i]));
                }
            }
            cJSON_AddItemToArray(arr, j);
        }
        cli_json_print(arr);
    } else {
        const char *hdr[] = {"type", "T_K", "T_C", "phases (compositions)"};
        cli_table *t = cli_table_new(4, hdr);
        for (int k = 0; k < ni; k++) {
            char c0[64], c1[32], c2[32], c3[512];
            snprintf(c0, sizeof c0, "%s", lmds_inv_type_name(inv[k].type));
            snprintf(c1, sizeof c1, "%.3f", inv[k].T);
            snprintf(c2, sizeof c2, "%.3f", inv[k].T - 273.15);
            size_t len = 0;
            c3[0] = 0;
            for (int p = 0; p < inv[k].nphases && len < sizeof c3; p++) {
                len += (size_t)snprintf(c3 + len, sizeof c3 - len, "%s%s(", p ? " + " : "", inv[k].phase[p]);
                for (int i = 0; i < n && len < sizeof c3; i++)
                    len += (size_t)snprintf(c3 + len, sizeof c3 - len, "%s%s%.4f", i ? " " : "", sym(z[i]), inv[k].x[p][i]);
                if (len < sizeof c3) len += (size_t)snprintf(c3 + len, sizeof c3 - len, ")");
            }
            const char *cells[] = {c0, c1, c2, c3};
            cli_table_add(t, cells);
        }
        cli_table_print(t, stdout, o->fmt);
        cli_table_free(t);
        if (ni == 0 && o->fmt == CLI_FMT_TABLE) printf("no invariant with the liquid between %.1f and %.1f K\n", o->Tmin, o->Tmax);
    }
    free(inv);
    return CLI_OK;
}

static int cmd_solidify(const topts *o, const lmds_tdb *db, const lmds_comp *c) {
    lmds_solidify_path *p = NULL;
    lmds_status st = lmds_thermo_solidify(db, c, o->Tend, o->scheil, &p);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "model", p->scheil ? "scheil" : "equilibrium");
        cJSON_AddItemToObject(j, "T_liquidus_K", cli_json_number(p->T_liquidus));
        cJSON_AddItemToObject(j, "T_last_liquid_K", cli_json_number(p->T_end_liquid));
        cJSON *arr = cJSON_AddArrayToObject(j, "steps");
        for (int k = 0; k < p->nsteps; k++) {
            cJSON *s = cJSON_CreateObject();
            cJSON_AddItemToObject(s, "T_K", cli_json_number(p->steps[k].T));
            cJSON_AddItemToObject(s, "f_liquid", cli_json_number(p->steps[k].f_liquid));
            cJSON *ph = cJSON_AddObjectToObject(s, "phases");
            for (int q = 0; q < p->steps[k].nphases; q++)
                cJSON_AddItemToObject(ph, p->steps[k].phase[q], cli_json_number(p->steps[k].amount[q]));
            cJSON_AddItemToArray(arr, s);
        }
        cli_json_print(j);
    } else {
        const char *hdr[] = {"T_K", "f_liquid", "phases"};
        cli_table *t = cli_table_new(3, hdr);
        for (int k = 0; k < p->nsteps; k++) {
            const lmds_solidify_step *s = &p->steps[k];
            /* print every step while liquid changes, and every 10 K steps below */
            char a[32], b[32], cph[512];
            snprintf(a, sizeof a, "%.2f", s->T);
            snprintf(b, sizeof b, "%.5f", s->f_liquid);
            size_t len = 0;
            cph[0] = 0;
            for (int q = 0; q < s->nphases && len < sizeof cph; q++)
                len += (size_t)snprintf(cph + len, sizeof cph - len, "%s%s %.4f", q ? ", " : "", s->phase[q], s->amount[q]);
            const char *cells[] = {a, b, cph};
            cli_table_add(t, cells);
        }
        cli_table_print(t, stdout, o->fmt);
        cli_table_free(t);
        if (o->fmt == CLI_FMT_TABLE)
            printf("%s path: liquidus %.2f K, last liquid %.2f K\n", p->scheil ? "Scheil" : "equilibrium",
                   p->T_liquidus, p->T_end_liquid);
    }
    lmds_solidify_path_free(p);
    return CLI_OK;
}

/* Ternary liquidus projection: the liquidus temperature and primary phase on a triangular grid of N divisions
 * (liquidus solved directly at every point, OpenMP over points), isotherms by linear interpolation on the grid's
 * triangles, and the ternary invariants (eutectic, U-type) from lmds_thermo_invariants. Data (CSV: kind, T_K,
 * x_A, x_B, x_C, phase) to stdout or --output; SVG in the usual equilateral triangle (A bottom left, B bottom right,
 * C top). */
static void tri_xy(const double *x, double *X, double *Y) {
    *X = x[1] + 0.5 * x[2];
    *Y = 0.8660254037844386 * x[2];
}

static int ternary_projection(const topts *o, const lmds_tdb *db, const int *z) {
    int N = o->ngrid > 1 ? o->ngrid : 30;
    int np = (N + 1) * (N + 2) / 2;
    double *xs = malloc(sizeof(double) * 3 * (size_t)np), *T = malloc(sizeof(double) * (size_t)np);
    char (*prim)[LMDS_PHASE_NAME] = malloc(sizeof *prim * (size_t)np);
    int *idx = malloc(sizeof(int) * (size_t)(N + 1) * (size_t)(N + 1));
    if (!xs || !T || !prim || !idx) { free(xs); free(T); free(prim); free(idx); fprintf(stderr, "lmds: error: out of memory\n"); return CLI_BAD_INPUT; }
    int k = 0;
    for (int i = 0; i <= N; i++)
        for (int j = 0; i + j <= N; j++) {
            xs[3 * k] = (double)(N - i - j) / N;
            xs[3 * k + 1] = (double)i / N;
            xs[3 * k + 2] = (double)j / N;
            idx[i * (N + 1) + j] = k++;
        }
    cli_progress *pg = cli_progress_start("liquidus", np);
    long done = 0;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 4) reduction(+ : failed)
    for (int q = 0; q < np; q++) {
        lmds_comp c;
        T[q] = NAN;
        prim[q][0] = 0;
        if (lmds_comp_from_amounts(3, z, &xs[3 * q], &c) == LMDS_OK &&
            lmds_thermo_liquidus(db, &c, o->P, &T[q], prim[q], LMDS_PHASE_NAME) != LMDS_OK) {
            T[q] = NAN;
            failed++;
        }
#pragma omp atomic
        done++;
#pragma omp critical
        cli_progress_update(pg, done);
    }
    cli_progress_end(pg);
    lmds_invariant *inv = NULL;
    int ni = 0;
    double Tlo = INFINITY, Thi = -INFINITY;
    for (int q = 0; q < np; q++)
        if (isfinite(T[q])) { Tlo = fmin(Tlo, T[q]); Thi = fmax(Thi, T[q]); }
    if (lmds_thermo_invariants(db, 3, z, fmax(1, (isfinite(Tlo) ? Tlo : o->Tmin) - 60), isfinite(Thi) ? Thi : o->Tmax,
                               &inv, &ni) != LMDS_OK) {
        cli_flush_warnings();
        fprintf(stderr, "lmds: warning: ternary invariants not found: %s\n", lmds_errmsg());
        ni = 0;
    }
    FILE *data = stdout;
    if (o->out && !(data = fopen(o->out, "w"))) {
        fprintf(stderr, "lmds: error: cannot write %s\n", o->out);
        free(xs); free(T); free(prim); free(idx); free(inv);
        return CLI_BAD_INPUT;
    }
    fprintf(data, "kind,T_K,x_%s,x_%s,x_%s,phase\n", sym(z[0]), sym(z[1]), sym(z[2]));
    for (int q = 0; q < np; q++)
        fprintf(data, "liquidus,%.3f,%.4f,%.4f,%.4f,%s\n", T[q], xs[3 * q], xs[3 * q + 1], xs[3 * q + 2], prim[q]);
    for (int v = 0; v < ni; v++) {
        fprintf(data, "%s,%.3f,%.4f,%.4f,%.4f,", lmds_inv_type_name(inv[v].type), inv[v].T, inv[v].x[0][0], inv[v].x[0][1],
                inv[v].x[0][2]);
        for (int p = 0; p < inv[v].nphases; p++) fprintf(data, "%s%s", p ? "+" : "", inv[v].phase[p]);
        fputc('\n', data);
    }
    if (data != stdout) fclose(data);
    int rc = CLI_OK;
    if (o->svg) {
        char title[96];
        snprintf(title, sizeof title, "%s-%s-%s liquidus projection (%s bottom left, %s bottom right, %s top)", sym(z[0]),
                 sym(z[1]), sym(z[2]), sym(z[0]), sym(z[1]), sym(z[2]));
        cli_plot *pl = cli_plot_new(title, "", "");
        cli_plot_xrange(pl, -0.05, 1.05);
        cli_plot_yrange(pl, -0.05, 0.95);
        double bx[4] = {0, 1, 0.5, 0}, by[4] = {0, 0, 0.8660254037844386, 0};
        char sysname[16];
        snprintf(sysname, sizeof sysname, "%s-%s-%s", sym(z[0]), sym(z[1]), sym(z[2]));
        cli_plot_series(pl, sysname, 4, bx, by, CLI_LINE, "#000000");
        /* primary phase fields: grid points coloured by their primary phase */
        char names[16][LMDS_PHASE_NAME];
        int nn = 0;
        for (int q = 0; q < np; q++) {
            int f = -1;
            for (int a = 0; a < nn; a++) if (!strcmp(names[a], prim[q])) f = a;
            if (f < 0 && nn < 16 && prim[q][0]) snprintf(names[nn++], LMDS_PHASE_NAME, "%s", prim[q]);
        }
        double *px = malloc(sizeof(double) * (size_t)np), *py = malloc(sizeof(double) * (size_t)np);
        for (int a = 0; a < nn && px && py; a++) {
            int m = 0;
            for (int q = 0; q < np; q++)
                if (!strcmp(prim[q], names[a])) { tri_xy(&xs[3 * q], &px[m], &py[m]); m++; }
            char lab[64];
            snprintf(lab, sizeof lab, "primary %s", names[a]);
            cli_plot_series(pl, lab, m, px, py, CLI_MARKERS, NULL);
        }
        free(px); free(py);
        /* isotherms: marching triangles, each level one series of segments separated by NaN */
        double step = o->dT > 0 ? o->dT : 0;
        if (!(step > 0) && isfinite(Tlo)) {
            double span = Thi - Tlo, cand[] = {5, 10, 20, 25, 50, 100, 200};
            step = 200;
            for (size_t a = 0; a < sizeof cand / sizeof *cand; a++) if (span / cand[a] <= 12) { step = cand[a]; break; }
        }
        /* all levels in one series (segments separated by NaN), each level labelled once */
        int nlev = isfinite(Tlo) ? (int)((Thi - ceil(Tlo / step) * step) / step) + 1 : 0;
        long cap = 3L * 2 * N * N * (nlev > 0 ? nlev : 1) + 16;
        double *lx = malloc(sizeof(double) * (size_t)cap), *ly = malloc(sizeof(double) * (size_t)cap);
        long m = 0;
        for (double L = isfinite(Tlo) ? ceil(Tlo / step) * step : 0; lx && ly && isfinite(Thi) && L <= Thi; L += step) {
            long m0 = m;
            for (int i = 0; i < N; i++)
                for (int j = 0; i + j < N; j++)
                    for (int up = 0; up < 2; up++) {
                        if (up && i + j + 2 > N) continue;
                        int t[3];
                        if (!up) { t[0] = idx[i * (N + 1) + j]; t[1] = idx[(i + 1) * (N + 1) + j]; t[2] = idx[i * (N + 1) + j + 1]; }
                        else { t[0] = idx[(i + 1) * (N + 1) + j]; t[1] = idx[(i + 1) * (N + 1) + j + 1]; t[2] = idx[i * (N + 1) + j + 1]; }
                        double pxs[2], pys[2];
                        int c = 0;
                        for (int e = 0; e < 3 && c < 2; e++) {
                            int a = t[e], b = t[(e + 1) % 3];
                            if (!isfinite(T[a]) || !isfinite(T[b]) || (T[a] - L) * (T[b] - L) > 0 || T[a] == T[b]) continue;
                            double f = (L - T[a]) / (T[b] - T[a]), xx[3];
                            for (int d = 0; d < 3; d++) xx[d] = xs[3 * a + d] + f * (xs[3 * b + d] - xs[3 * a + d]);
                            tri_xy(xx, &pxs[c], &pys[c]);
                            c++;
                        }
                        if (c == 2 && m + 3 <= cap) {
                            lx[m] = pxs[0]; ly[m++] = pys[0];
                            lx[m] = pxs[1]; ly[m++] = pys[1];
                            lx[m] = NAN; ly[m++] = NAN;
                        }
                    }
            if (m > m0) {
                char lab[32];
                long mid = m0 + 3 * ((m - m0) / 6);
                snprintf(lab, sizeof lab, "%.0f", L);
                cli_plot_text(pl, lx[mid], ly[mid], lab);
            }
        }
        if (m) {
            char lab[48];
            snprintf(lab, sizeof lab, "isotherms every %.0f K", step);
            cli_plot_series(pl, lab, (int)m, lx, ly, CLI_LINE, "#777777");
        }
        free(lx); free(ly);
        for (int v = 0; v < ni; v++) {
            double X, Y;
            tri_xy(inv[v].x[0], &X, &Y);
            char lab[96];
            snprintf(lab, sizeof lab, "%s %.1f K", lmds_inv_type_name(inv[v].type), inv[v].T);
            cli_plot_series(pl, lab, 1, &X, &Y, CLI_MARKERS, "#d62728");
            cli_plot_text(pl, X + 0.01, Y + 0.01, lab);
        }
        cli_plot_text(pl, -0.03, -0.04, sym(z[0]));
        cli_plot_text(pl, 1.0, -0.04, sym(z[1]));
        cli_plot_text(pl, 0.49, 0.89, sym(z[2]));
        rc = cli_plot_write(pl, o->svg);
        cli_plot_free(pl);
    }
    if (failed) fprintf(stderr, "lmds: warning: liquidus not found at %d of %d grid points\n", failed, np);
    free(xs); free(T); free(prim); free(idx); free(inv);
    return rc;
}

/* Binary T-x diagram from equilibria on a grid: every two-phase equilibrium contributes its tie-line ends. */
static int cmd_diagram(const topts *o, const lmds_tdb *db) {
    int z[3], n;
    int r = parse_elements("thermo diagram", o->elements, z, &n);
    if (r) return r;
    if (n == 3) return ternary_projection(o, db, z);
    double dT = o->dT > 0 ? o->dT : 5;
    int nx = 50;
    typedef struct { char ph[LMDS_PHASE_NAME]; int n, cap; double *x, *T; } series;
    series S[16];
    int ns = 0;
    FILE *data = stdout;
    if (o->out && !(data = fopen(o->out, "w"))) {
        fprintf(stderr, "lmds: error: cannot write %s\n", o->out);
        return CLI_BAD_INPUT;
    }
    fprintf(data, "T_K,phase1,x1_%s,phase2,x2_%s\n", sym(z[1]), sym(z[1]));
    long total = (long)((o->Tmax - o->Tmin) / dT + 1);
    cli_progress *pg = cli_progress_start("diagram", total);
    long done = 0;
    for (double T = o->Tmin; T <= o->Tmax + 1e-9; T += dT) {
        char last[2][LMDS_PHASE_NAME] = {"", ""};
        double lastx = -1;
        for (int i = 0; i <= nx; i++) {
            double xb = (i + 0.5) / (nx + 1);
            double amt[2] = {1 - xb, xb};
            lmds_comp c;
            if (lmds_comp_from_amounts(2, z, amt, &c)) continue;
            lmds_eq_result e;
            if (lmds_thermo_equilibrium(db, &c, T, o->P, &e) || e.nphases != 2) continue;
            /* one tie line per two-phase field and temperature */
            int same = !strcmp(last[0], e.phases[0].name) && !strcmp(last[1], e.phases[1].name) &&
                       fabs(lastx - e.phases[0].x[1]) < 1e-3;
            if (same) continue;
            snprintf(last[0], sizeof last[0], "%s", e.phases[0].name);
            snprintf(last[1], sizeof last[1], "%s", e.phases[1].name);
            lastx = e.phases[0].x[1];
            fprintf(data, "%.3f,%s,%.6f,%s,%.6f\n", T, e.phases[0].name, e.phases[0].x[1], e.phases[1].name, e.phases[1].x[1]);
            for (int k = 0; k < 2; k++) {
                int s;
                for (s = 0; s < ns; s++) if (!strcmp(S[s].ph, e.phases[k].name)) break;
                if (s == ns) {
                    if (ns == 16) continue;
                    memset(&S[ns], 0, sizeof S[ns]);
                    snprintf(S[ns].ph, sizeof S[ns].ph, "%s", e.phases[k].name);
                    ns++;
                }
                if (S[s].n == S[s].cap) {
                    S[s].cap = S[s].cap ? 2 * S[s].cap : 64;
                    S[s].x = realloc(S[s].x, sizeof(double) * (size_t)S[s].cap);
                    S[s].T = realloc(S[s].T, sizeof(double) * (size_t)S[s].cap);
                }
                S[s].x[S[s].n] = e.phases[k].x[1];
                S[s].T[S[s].n] = T;
                S[s].n++;
            }
        }
        cli_progress_update(pg, ++done);
    }
    cli_progress_end(pg);
    if (data != stdout) fclose(data);
    int rc = CLI_OK;
    if (o->svg) {
        char title[64], xl[32];
        snprintf(title, sizeof title, "%s-%s", sym(z[0]), sym(z[1]));
        snprintf(xl, sizeof xl, "x(%s)", sym(z[1]));
        cli_plot *pl = cli_plot_new(title, xl, "T (K)");
        cli_plot_xrange(pl, 0, 1);
        for (int s = 0; s < ns; s++) cli_plot_series(pl, S[s].ph, S[s].n, S[s].x, S[s].T, CLI_MARKERS, NULL);
        rc = cli_plot_write(pl, o->svg);
        cli_plot_free(pl);
    }
    for (int s = 0; s < ns; s++) { free(S[s].x); free(S[s].T); }
    return rc;
}

static int cmd_check(int argc, char **argv, int pos) {
    if (pos >= argc) return cli_usage("thermo check", "missing FILE.tdb");
    lmds_tdb *db;
    lmds_status st = lmds_tdb_load(argv[pos], &db);
    if (st) return cli_fail(st);
    size_t nw = lmds_warning_count();
    cli_flush_warnings();
    printf("%s: %d elements, %d phases, %zu warnings\n", argv[pos], lmds_tdb_element_count(db), lmds_tdb_phase_count(db), nw);
    lmds_tdb_free(db);
    return CLI_OK;
}

/* "A,B,C" -> NULL-terminated upper-case list in buf (static storage of the caller). */
static const char **split_list(const char *s, char *buf, size_t n, const char **items, int max) {
    if (!s) return NULL;
    snprintf(buf, n, "%s", s);
    int k = 0;
    for (char *t = strtok(buf, ", "); t && k < max - 1; t = strtok(NULL, ", ")) {
        for (char *p = t; *p; p++) *p = (char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
        items[k++] = t;
    }
    items[k] = NULL;
    return items;
}

static int cmd_assess(const topts *o, int argc, char **argv, int pos) {
    const char *cmd = "thermo assess";
    if (pos >= argc) return cli_usage(cmd, "missing DATA.csv");
    if (pos + 1 < argc) return cli_usage(cmd, "unexpected argument: %s", argv[pos + 1]);
    if (!o->out) return cli_usage(cmd, "-o SYSTEM.tdb is required");
    if (!o->system) return cli_usage(cmd, "--system A-B is required");
    lmds_tdb *db;
    int r = load_db(o, &db);
    if (r) return r;
    char pb[256], kb[256];
    const char *pl[16], *kl[16];
    lmds_assess_opts ao;
    memset(&ao, 0, sizeof ao);
    ao.system = o->system;
    ao.phases = split_list(o->phases, pb, sizeof pb, pl, 16);
    ao.keep = split_list(o->keep, kb, sizeof kb, kl, 16);
    ao.terms = o->terms;
    ao.data_name = argv[pos];
    lmds_assessment *a = NULL;
    lmds_status st = lmds_thermo_assess(db, argv[pos], &ao, &a);
    lmds_tdb_free(db);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    FILE *f = fopen(o->out, "w");
    if (!f || fputs(a->tdb, f) < 0) {
        if (f) fclose(f);
        lmds_assessment_free(a);
        fprintf(stderr, "lmds: error: cannot write %s\n", o->out);
        return CLI_BAD_INPUT;
    }
    fclose(f);
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "system", a->system);
        cJSON_AddStringToObject(j, "tdb", o->out);
        cJSON *ps = cJSON_AddArrayToObject(j, "parameters");
        for (int k = 0; k < a->nparams; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "name", a->params[k].name);
            cJSON_AddItemToObject(p, "value", cli_json_number(a->params[k].value));
            cJSON_AddItemToObject(p, "sigma", cli_json_number(a->params[k].sigma));
            cJSON_AddBoolToObject(p, "fitted", a->params[k].fitted);
            cJSON_AddItemToArray(ps, p);
        }
        cJSON *ds = cJSON_AddArrayToObject(j, "data");
        for (int k = 0; k < a->nitems; k++) {
            const lmds_assess_item *it = &a->items[k];
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "quantity", it->what);
            cJSON_AddStringToObject(p, "unit", it->unit);
            cJSON_AddItemToObject(p, "observed", cli_json_number(it->obs));
            cJSON_AddItemToObject(p, "calculated", cli_json_number(it->calc));
            cJSON_AddItemToObject(p, "uncertainty", cli_json_number(it->sigma));
            cJSON_AddBoolToObject(p, "fitted", it->used);
            cJSON_AddNumberToObject(p, "line", it->line);
            cJSON_AddItemToArray(ds, p);
        }
        cJSON_AddItemToObject(j, "chi2", cli_json_number(a->chi2));
        cJSON_AddNumberToObject(j, "dof", a->dof);
        cJSON_AddItemToObject(j, "rms_T_K", cli_json_number(a->rms_T));
        cJSON_AddItemToObject(j, "max_T_K", cli_json_number(a->max_T));
        cJSON_AddItemToObject(j, "rms_x", cli_json_number(a->rms_x));
        cJSON_AddBoolToObject(j, "miedema_only", a->miedema_only);
        cli_json_print(j);
    } else {
        const char *h1[] = {"parameter", "value", "sigma", "fitted"};
        cli_table *t = cli_table_new(4, h1);
        for (int k = 0; k < a->nparams; k++) {
            char v[32], sg[32];
            snprintf(v, sizeof v, "%.3f", a->params[k].value);
            snprintf(sg, sizeof sg, "%.3f", a->params[k].sigma);
            const char *cells[] = {a->params[k].name, v, a->params[k].fitted ? sg : "-", a->params[k].fitted ? "yes" : "no"};
            cli_table_add(t, cells);
        }
        cli_table_print(t, stdout, o->fmt);
        cli_table_free(t);
        if (o->fmt == CLI_FMT_TABLE) putchar('\n');
        const char *h2[] = {"quantity", "observed", "calculated", "diff", "sigma", "fitted", "line"};
        t = cli_table_new(7, h2);
        for (int k = 0; k < a->nitems; k++) {
            const lmds_assess_item *it = &a->items[k];
            char ob[32], ca[32], df[32], sg[32], ln[16];
            int T = !strcmp(it->unit, "K");
            snprintf(ob, sizeof ob, T ? "%.2f" : "%.4f", it->obs);
            snprintf(ca, sizeof ca, T ? "%.2f" : "%.4f", it->calc);
            snprintf(df, sizeof df, T ? "%+.2f" : "%+.4f", it->calc - it->obs);
            snprintf(sg, sizeof sg, "%.3g", it->sigma);
            snprintf(ln, sizeof ln, "%d", it->line);
            const char *cells[] = {it->what, ob, ca, df, sg, it->used ? "yes" : "no", ln};
            cli_table_add(t, cells);
        }
        cli_table_print(t, stdout, o->fmt);
        cli_table_free(t);
        if (o->fmt == CLI_FMT_TABLE) {
            printf("\n%s: chi2 %.3f, %d residuals, %d dof; rms T error %.2f K (max %.2f K)", a->system, a->chi2, a->nres,
                   a->dof, a->rms_T, a->max_T);
            if (a->rms_x == a->rms_x) printf(", rms x error %.4f", a->rms_x);
            printf("\n%s written to %s\n", a->miedema_only ? "Miedema estimate (no data)" : "assessment", o->out);
        }
    }
    lmds_assessment_free(a);
    return CLI_OK;
}

/* The leading '$' comment block of a TDB file (its header), for the merged file's header. */
static void append_header(const char *path, char **hdr, size_t *len) {
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[1024];
    size_t need = strlen(path) + 64;
    char *h = realloc(*hdr, *len + need);
    if (!h) { fclose(f); return; }
    *hdr = h;
    *len += (size_t)snprintf(h + *len, need, "----- from %s -----\n", path);
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\n' || *p == '\r') continue;
        if (*p != '$') break;
        size_t n = strlen(line);
        h = realloc(*hdr, *len + n + 2);
        if (!h) break;
        *hdr = h;
        memcpy(h + *len, line, n + 1);
        *len += n;
    }
    fclose(f);
}

static int cmd_merge(const topts *o, int argc, char **argv, int pos) {
    const char *cmd = "thermo merge";
    if (!o->out) return cli_usage(cmd, "-o OUT.tdb is required");
    if (argc - pos < 2) return cli_usage(cmd, "give at least two TDB files");
    lmds_tdb *db;
    lmds_status st = lmds_tdb_load(argv[pos], &db);
    if (st) return cli_fail(st);
    char *hdr = calloc(1, 1);
    size_t len = 0;
    append_header(argv[pos], &hdr, &len);
    for (int i = pos + 1; i < argc; i++) {
        lmds_tdb *b;
        if ((st = lmds_tdb_load(argv[i], &b))) break;
        st = lmds_tdb_merge(db, b);
        lmds_tdb_free(b);
        if (st) break;
        append_header(argv[i], &hdr, &len);
    }
    if (!st) {
        char *full = malloc(len + 512);
        if (full) {
            snprintf(full, len + 512, "Merged by lmds thermo merge from %d files (their headers follow); every parameter "
                     "keeps its reference code.\n%s", argc - pos, hdr ? hdr : "");
            st = lmds_tdb_write(db, o->out, full);
            free(full);
        }
    }
    free(hdr);
    lmds_tdb_free(db);
    if (st) return cli_fail(st);
    cli_flush_warnings();
    if (o->fmt == CLI_FMT_TABLE) printf("%d databases merged into %s\n", argc - pos, o->out);
    return CLI_OK;
}

/* Miedema's estimate for a pair: the dilute enthalpies, the curve's Redlich-Kister fit, and (with --phase) the
 * PARAMETER lines that put it into a TDB (reference code MIEDEMA). */
static int cmd_miedema(const topts *o, int argc, char **argv, int pos) {
    const char *cmd = "thermo miedema";
    if (pos >= argc) return cli_usage(cmd, "missing the pair A-B");
    int z[3], n;
    int r = parse_elements(cmd, argv[pos], z, &n);
    if (r) return r;
    if (n != 2) return cli_usage(cmd, "give exactly two elements");
    lmds_miedema_state st = LMDS_MIEDEMA_LIQUID;
    if (o->state) {
        if (!strcmp(o->state, "solid")) st = LMDS_MIEDEMA_SOLID;
        else if (!strcmp(o->state, "compound")) st = LMDS_MIEDEMA_COMPOUND;
        else if (strcmp(o->state, "liquid")) return cli_usage(cmd, "--state is liquid, solid or compound");
    }
    double hab, hba, L[2];
    lmds_status s;
    if ((s = lmds_miedema_dilute(z[0], z[1], &hab, &hba)) || (s = lmds_miedema_rk(z[0], z[1], st, 2, L))) return cli_fail(s);
    char A[4], B[4];
    snprintf(A, sizeof A, "%s", sym(z[0]));
    snprintf(B, sizeof B, "%s", sym(z[1]));
    for (char *p = A; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    for (char *p = B; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    if (o->phase) {
        printf("$ Miedema %s estimate for %s-%s (de Boer et al., Cohesion in Metals, 1988; lmds thermo miedema)\n",
               o->state ? o->state : "liquid", sym(z[0]), sym(z[1]));
        /* "HCP_ZN:VA": the phase, then the other sublattices */
        char ph[64];
        snprintf(ph, sizeof ph, "%s", o->phase);
        char *rest = strchr(ph, ':');
        if (rest) *rest++ = 0;
        for (int k = 0; k < 2; k++)
            printf("PARAMETER G(%s,%s,%s%s%s;%d) 298.15 %+.1f; 6000 N MIEDEMA !\n", ph, A, B, rest ? ":" : "",
                   rest ? rest : "", k, L[k]);
        return CLI_OK;
    }
    if (o->fmt == CLI_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "dH_A_in_B_J_mol", cli_json_number(hab));
        cJSON_AddItemToObject(j, "dH_B_in_A_J_mol", cli_json_number(hba));
        cJSON_AddItemToObject(j, "L0_J_mol", cli_json_number(L[0]));
        cJSON_AddItemToObject(j, "L1_J_mol", cli_json_number(L[1]));
        cli_json_print(j);
        return CLI_OK;
    }
    printf("Miedema %s %s-%s: dH(%s in %s) = %.0f J/mol, dH(%s in %s) = %.0f J/mol\n", o->state ? o->state : "liquid",
           sym(z[0]), sym(z[1]), sym(z[0]), sym(z[1]), hab, sym(z[1]), sym(z[0]), hba);
    printf("Redlich-Kister fit: L0 = %.0f J/mol, L1 = %.0f J/mol (x_%s - x_%s)\n", L[0], L[1], sym(z[0]), sym(z[1]));
    for (int k = 1; k < 10; k++) {
        double H;
        lmds_miedema_hmix(z[0], z[1], k / 10.0, st, &H);
        printf("  x(%s) = %.1f  dH = %8.1f J/mol\n", sym(z[1]), k / 10.0, H);
    }
    return CLI_OK;
}

static const lmds_model_info *thermo_model(size_t i) { return lmds_thermo_model_get((int)i); }

static int cmd_models(const topts *o) { return cli_print_models((size_t)lmds_thermo_model_count(), thermo_model, o->fmt); }

int cli_cmd_thermo(int argc, char **argv) {
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    char cmd[64];
    snprintf(cmd, sizeof cmd, "thermo %s", sub);
    topts o;
    int pos = 0;
    int r = parse_opts(cmd, argc - 1, argv + 1, &o, &pos);
    if (r < 0) return CLI_OK;
    if (r) return r;
    pos += 1; /* index into argv */
    if (!strcmp(sub, "check")) return cmd_check(argc, argv, pos);
    if (!strcmp(sub, "assess")) return cmd_assess(&o, argc, argv, pos);
    if (!strcmp(sub, "merge")) return cmd_merge(&o, argc, argv, pos);
    if (!strcmp(sub, "models")) return cmd_models(&o);
    if (!strcmp(sub, "miedema")) return cmd_miedema(&o, argc, argv, pos);
    int known = !strcmp(sub, "eq") || !strcmp(sub, "liquidus") || !strcmp(sub, "solidus") ||
                !strcmp(sub, "invariants") || !strcmp(sub, "solidify") || !strcmp(sub, "diagram");
    if (!known) return cli_usage("thermo", "unknown subcommand '%s'", sub);
    lmds_comp c;
    int needs_comp = strcmp(sub, "invariants") && strcmp(sub, "diagram");
    if (needs_comp && (r = get_comp(cmd, argc, argv, pos, &c))) return r;
    lmds_tdb *db;
    if ((r = load_db(&o, &db))) return r;
    if (needs_comp && (r = covered(db, &c, &o))) { lmds_tdb_free(db); return r; }
    if (!needs_comp && o.elements && !o.tdb) {
        int z[3], n;
        if ((r = parse_elements(cmd, o.elements, z, &n))) { lmds_tdb_free(db); return r; }
        double amt[3] = {1, 1, 1};
        lmds_comp cc;
        lmds_comp_from_amounts(n, z, amt, &cc);
        if ((r = covered(db, &cc, &o))) { lmds_tdb_free(db); return r; }
    }
    if (!strcmp(sub, "eq")) r = cmd_eq(&o, db, &c);
    else if (!strcmp(sub, "liquidus")) r = cmd_liq_sol(&o, db, &c, 0);
    else if (!strcmp(sub, "solidus")) r = cmd_liq_sol(&o, db, &c, 1);
    else if (!strcmp(sub, "invariants")) r = cmd_invariants(&o, db);
    else if (!strcmp(sub, "solidify")) r = cmd_solidify(&o, db, &c);
    else r = cmd_diagram(&o, db);
    lmds_tdb_free(db);
    return r;
}
