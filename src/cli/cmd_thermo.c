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
    "  check      FILE.tdb                         read a TDB file and report problems\n"
    "options: --tdb FILE (default: data/tdb/lmds.tdb), --json, --csv, -h/--help\n"
    "Units: K, GPa, J/mol (per mole of atoms), mole fractions.\n";

static int parse_opts(const char *cmd, int argc, char **argv, topts *o, int *first_pos) {
    static const struct option lo[] = {
        {"tdb", required_argument, 0, 't'}, {"T", required_argument, 0, 'T'}, {"P", required_argument, 0, 'P'},
        {"Tmin", required_argument, 0, 'a'}, {"Tmax", required_argument, 0, 'b'},
        {"Tend", required_argument, 0, 'e'}, {"dT", required_argument, 0, 'd'},
        {"scheil", no_argument, 0, 's'}, {"elements", required_argument, 0, 'E'},
        {"output", required_argument, 0, 'o'}, {"svg", required_argument, 0, 'g'},
        {"json", no_argument, 0, 'j'}, {"csv", no_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->Tmin = 250;
    o->Tmax = 800;
    o->Tend = 4;
    o->dT = 0;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "+t:T:P:o:hjc", lo, NULL)) != -1) {
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

/* Binary T-x diagram from equilibria on a grid: every two-phase equilibrium contributes its tie-line ends. */
static int cmd_diagram(const topts *o, const lmds_tdb *db) {
    int z[3], n;
    int r = parse_elements("thermo diagram", o->elements, z, &n);
    if (r) return r;
    if (n != 2) return cli_usage("thermo diagram", "only binary diagrams are implemented");
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
