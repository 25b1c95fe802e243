/* Genome benchmark: import of the 16,414-row SuperCon list, a query by elements, a Tc range query and
 * `db show`, each against the same operation done by the sqlite3 shell on the same file (baseline measured in
 * the same run). Ratios > 1 mean lmds is slower than the bare shell. Then a large streamed import: the SuperCon
 * rows repeated to BIG_ROWS rows (each repetition a new measurement by the natural key's occurrence number),
 * imported in lenient mode into a new genome, reported as rows/s of CPU and wall time and the peak memory of the
 * process.
 *
 *   bench_genome [DATA_DIR] [REPEATS] [BIG_ROWS]  (default: LMDS_DATA_DIR or the source tree's data/, 200, 200000)
 *
 * What the two sides do differs in kind for the import: lmds parses every formula with lmds_comp_parse,
 * computes reduced formulas, materials, aliases, natural keys and provenance; the shell's `.import --csv` copies
 * two text columns into one table. For the queries both sides run the same SELECT (lmds builds it with bound
 * parameters and copies the rows into an lmds_genome_rows). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <math.h>
#include <sys/resource.h>
#include <lmds.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double run_shell(const char *cmd)
{
    double t0 = now();
    if (system(cmd) != 0) {
        fprintf(stderr, "bench_genome: '%s' failed\n", cmd);
        exit(1);
    }
    return now() - t0;
}

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/* The SuperCon list repeated to n data rows. */
static int write_big(const char *stanev, const char *out, long n)
{
    FILE *in = fopen(stanev, "r"), *f = fopen(out, "w");
    char line[512];
    if (!in || !f || !fgets(line, sizeof line, in)) return -1;
    fputs(line, f);
    long pos = ftell(in), k = 0;
    while (k < n) {
        if (!fgets(line, sizeof line, in)) {
            fseek(in, pos, SEEK_SET);
            continue;
        }
        fputs(line, f);
        k++;
    }
    fclose(in);
    return fclose(f);
}

static int progress_calls;
static int count_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    (void)done;
    (void)total;
    progress_calls++;
    return 0;
}

/* A streamed import of n rows: rows/s (CPU and wall) and the process's peak resident memory after it. */
static int bench_big(const char *stanev, const char *dir, long n)
{
    char big[700], db[700];
    snprintf(big, sizeof big, "%s/big.csv", dir);
    snprintf(db, sizeof db, "%s/big.sqlite", dir);
    if (write_big(stanev, big, n) != 0) return 1;
    lmds_genome *g;
    if (lmds_genome_open(db, 0, &g) != LMDS_OK) return 1;
    lmds_genome_import_opts o = {0};
    o.keep_rejects = 1;
    o.progress = count_progress;
    lmds_genome_import_report rep;
    double c0 = cpu_seconds(), t0 = now();
    lmds_status st = lmds_genome_import(g, big, LMDS_GENOME_SUPERCONDUCTORS, &o, &rep);
    double cpu = cpu_seconds() - c0, wall = now() - t0;
    lmds_genome_close(g);
    if (st != LMDS_OK) {
        fprintf(stderr, "%s\n", lmds_errmsg());
        return 1;
    }
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("\n| streamed import | rows | CPU | wall | rows/s (CPU) | rows/s (wall) | peak RSS | progress calls |\n"
           "|---|---|---|---|---|---|---|---|\n| SuperCon rows repeated | %zu (%zu values, %zu rejects) | %.1f s |"
           " %.1f s | %.0f | %.0f | %ld MB | %d |\n", rep.rows, rep.inserted, rep.rejected, cpu, wall,
           rep.rows / cpu, rep.rows / wall, u.ru_maxrss / 1024, progress_calls);
    return 0;
}

/* The shell runs `sql` `reps` times from one script: one process start, measured separately. */
static double shell_repeat(const char *db, const char *sql, int reps, const char *dir)
{
    char script[512], cmd[2048];
    snprintf(script, sizeof script, "%s/bench.sql", dir);
    FILE *f = fopen(script, "w");
    if (!f) exit(1);
    for (int i = 0; i < reps; i++) fprintf(f, "%s;\n", sql);
    fclose(f);
    snprintf(cmd, sizeof cmd, "sqlite3 -readonly '%s' < '%s' > /dev/null", db, script);
    return run_shell(cmd);
}

/* The columns lmds_genome_query selects, for the shell's side of the query comparisons. */
static const char QUERY_COLS[] =
    "SELECT v.id, m.id, m.formula, m.system, s.label, v.property, v.value, v.relation, v.value_lo, v.value_hi,"
    " v.unit, v.form, v.pressure_GPa, v.criterion, v.value_type, src.dataset, r.citation FROM value v JOIN"
    " material m ON m.id = v.material_id LEFT JOIN structure s ON s.id = v.structure_id JOIN reference r ON"
    " r.id = v.reference_id JOIN source src ON src.id = v.source_id WHERE ";

/* Seconds per lmds_genome_query of filter f over reps repeats; *nrows the rows it returns. */
static double time_query(lmds_genome *g, const lmds_genome_filter *f, int reps, size_t *nrows)
{
    lmds_genome_rows *r;
    double t0 = now();
    for (int i = 0; i < reps; i++) {
        lmds_genome_query(g, f, &r);
        *nrows = r->nrows;
        lmds_genome_rows_free(r);
    }
    return (now() - t0) / reps;
}

/* 1. Import of the SuperCon list into a genome holding the curated list, against the shell's raw `.import`. */
typedef struct import_times {
    double lmds, shell, empty; /* s; empty: the sqlite3 process start, subtracted from the shell's times */
    lmds_genome_import_report rep;
} import_times;

static int bench_import(const char *db, const char *raw, const char *stanev, const char *curated, import_times *it)
{
    lmds_genome *g;
    if (lmds_genome_open(db, 0, &g) != LMDS_OK) {
        fprintf(stderr, "%s\n", lmds_errmsg());
        return 1;
    }
    lmds_genome_import(g, curated, LMDS_GENOME_SUPERCONDUCTORS, NULL, NULL);
    lmds_genome_import_opts o = {0};
    o.keep_rejects = 1;
    double t0 = now();
    if (lmds_genome_import(g, stanev, LMDS_GENOME_SUPERCONDUCTORS, &o, &it->rep) != LMDS_OK) {
        fprintf(stderr, "%s\n", lmds_errmsg());
        return 1;
    }
    it->lmds = now() - t0;
    lmds_genome_close(g);
    char cmd[4096];
    it->empty = run_shell("sqlite3 :memory: 'SELECT 1' > /dev/null");
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \".import --csv '%s' supercon\"", raw, stanev);
    it->shell = run_shell(cmd) - it->empty;
    return 0;
}

/* 2.-4. The queries: lmds and shell seconds per call, rows returned. */
typedef struct query_times {
    double elem, shell_elem, range, shell_range, show, shell_show;
    size_t nrows, nrange;
} query_times;

static void bench_queries(lmds_genome *g, const char *db, const char *dir, int reps, double t_empty, query_times *q)
{
    lmds_genome_filter f;
    char sql[4096];
    /* 2. Query by elements (all of Cu, O). */
    lmds_genome_filter_init(&f);
    f.elements = "Cu,O";
    q->elem = time_query(g, &f, reps, &q->nrows);
    snprintf(sql, sizeof sql, "%s m.id IN (SELECT material_id FROM material_element WHERE symbol IN ('Cu','O')"
             " GROUP BY material_id HAVING count(DISTINCT symbol) = 2) ORDER BY m.formula IS NULL, m.formula,"
             " m.system, v.property, v.id", QUERY_COLS);
    q->shell_elem = (shell_repeat(db, sql, reps, dir) - t_empty) / reps;
    /* 3. Property range: 10 K <= Tc <= 20 K. */
    lmds_genome_filter_init(&f);
    f.tc_min = 10;
    f.tc_max = 20;
    q->range = time_query(g, &f, reps, &q->nrange);
    snprintf(sql, sizeof sql, "%s v.property = 'tc' AND v.value_lo >= 10 AND v.value_hi <= 20 ORDER BY"
             " m.formula IS NULL, m.formula, m.system, v.property, v.id", QUERY_COLS);
    q->shell_range = (shell_repeat(db, sql, reps, dir) - t_empty) / reps;
    /* 4. db show Ga. */
    lmds_genome_rows *m, *v;
    double t0 = now();
    for (int i = 0; i < reps; i++) {
        lmds_genome_show(g, "Ga", &m, &v);
        lmds_genome_rows_free(m);
        lmds_genome_rows_free(v);
    }
    q->show = (now() - t0) / reps;
    snprintf(sql, sizeof sql,
             "SELECT * FROM material WHERE formula = 'Ga'; SELECT * FROM material_element WHERE material_id ="
             " (SELECT id FROM material WHERE formula = 'Ga'); SELECT st.*, r.citation FROM structure st JOIN"
             " reference r ON r.id = st.reference_id WHERE st.material_id = (SELECT id FROM material WHERE"
             " formula = 'Ga'); SELECT v.*, r.citation FROM value v JOIN reference r ON r.id = v.reference_id"
             " WHERE v.material_id = (SELECT id FROM material WHERE formula = 'Ga') ORDER BY v.kind, v.property");
    q->shell_show = (shell_repeat(db, sql, reps, dir) - t_empty) / reps;
}

static void print_table(const import_times *it, const query_times *q, int reps)
{
    printf("| operation | lmds | sqlite3 shell | ratio lmds/shell |\n|---|---|---|---|\n");
    printf("| import supercon_stanev2018.csv (%zu rows: %zu values, %zu rejects) | %.3f s | %.3f s (.import --csv,"
           " raw copy) | %.1f |\n", it->rep.rows, it->rep.inserted, it->rep.rejected, it->lmds, it->shell,
           it->lmds / it->shell);
    printf("| query --elements Cu,O (%zu rows) | %.2f ms | %.2f ms | %.2f |\n", q->nrows, 1e3 * q->elem,
           1e3 * q->shell_elem, q->elem / q->shell_elem);
    printf("| query --tc-min 10 --tc-max 20 (%zu rows) | %.2f ms | %.2f ms | %.2f |\n", q->nrange, 1e3 * q->range,
           1e3 * q->shell_range, q->range / q->shell_range);
    printf("| show Ga | %.3f ms | %.3f ms | %.2f |\n", 1e3 * q->show, 1e3 * q->shell_show, q->show / q->shell_show);
    printf("\nrepeats %d; sqlite3 process start (%.1f ms) subtracted from shell times\n", reps, 1e3 * it->empty);
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : lmds_data_dir();
    int reps = argc > 2 ? atoi(argv[2]) : 200;
    long big_rows = argc > 3 ? atol(argv[3]) : 200000;
    char dir[] = "/tmp/lmds_bench_genome_XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char db[600], raw[600], stanev[600], curated[600], cmd[4096];
    snprintf(db, sizeof db, "%s/g.sqlite", dir);
    snprintf(raw, sizeof raw, "%s/raw.sqlite", dir);
    snprintf(stanev, sizeof stanev, "%s/genome/supercon_stanev2018.csv", data);
    snprintf(curated, sizeof curated, "%s/genome/lmds_superconductors.csv", data);
    import_times it;
    if (bench_import(db, raw, stanev, curated, &it) != 0) return 1;
    lmds_genome *g;
    if (lmds_genome_open(db, 1, &g) != LMDS_OK) return 1;
    query_times q;
    bench_queries(g, db, dir, reps, it.empty, &q);
    lmds_genome_close(g);
    print_table(&it, &q, reps);
    if (big_rows > 0 && bench_big(stanev, dir, big_rows) != 0) return 1;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return 0;
}
