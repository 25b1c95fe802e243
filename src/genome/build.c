/* Building the shipped genome from the text sources in data/: every source under its reserved dataset name, the
 * SuperCon overrides applied, the element table, the spectra and the TDB's interaction parameters, in a temporary
 * file checked with integrity_check and renamed over the target.
 *
 * A build never destroys what it did not make: the user genome is refused outright, and an existing file that
 * holds other datasets (imports) or is not a genome is replaced only with force. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "genome_internal.h"
#include "lmds/io.h"

typedef struct build_source {
    const char *file; /* relative to the data folder */
    lmds_genome_kind kind;
    const char *dataset;
    int lenient;
    const char *overrides; /* relative to the data folder, applied when present */
} build_source;

static const build_source SOURCES[] = {
    {"genome/lmds_superconductors.csv", LMDS_GENOME_SUPERCONDUCTORS, "curated", 0, NULL},
    {"genome/tc_reference.csv", LMDS_GENOME_SUPERCONDUCTORS, "tc_reference", 0, NULL},
    {"genome/supercon_stanev2018.csv", LMDS_GENOME_SUPERCONDUCTORS, "stanev2018", 1, "genome/supercon_overrides.csv"},
    {"genome/thermo_experimental_binaries.csv", LMDS_GENOME_THERMO, "thermo_experimental", 0, NULL},
    {"genome/thermo_reference_calphad.csv", LMDS_GENOME_THERMO, "thermo_calphad", 0, NULL},
    {"pressure/eos_and_slopes.csv", LMDS_GENOME_GROUND_STATE, "eos_slopes", 0, NULL},
    {"pressure/tunnel_materials.csv", LMDS_GENOME_GROUND_STATE, "tunnel_materials", 0, NULL},
    {"supercon/debye_temperatures.csv", LMDS_GENOME_GROUND_STATE, "debye_kittel", 0, NULL},
};

static const char *kind_label(lmds_genome_kind k)
{
    return k == LMDS_GENOME_THERMO ? "thermo" : k == LMDS_GENOME_GROUND_STATE ? "ground_state" : "superconductors";
}

void lmds_genome_build_opts_init(lmds_genome_build_opts *o)
{
    if (o) memset(o, 0, sizeof *o);
}

static lmds_status add_summary(lmds_genome_rows *sum, const char *what, const char *kind,
                               const lmds_genome_import_report *rep, const char *status)
{
    char rows[32], ins[32], dup[32], rej[32], over[32];
    snprintf(rows, sizeof rows, "%zu", rep->rows);
    snprintf(ins, sizeof ins, "%zu", rep->inserted);
    snprintf(dup, sizeof dup, "%zu", rep->duplicates);
    snprintf(rej, sizeof rej, "%zu", rep->rejected);
    snprintf(over, sizeof over, "%zu", rep->overridden);
    const char *c[8] = {what, kind, rows, ins, dup, rej, over, status};
    return genome_rows_add(sum, c);
}

/* ---- what the target holds ---- */

typedef struct target_info {
    int genome;          /* a readable lmds genome (any schema version) */
    int user;            /* marked as a user genome */
    char why[256];       /* why it is not a genome */
    char imported[512];  /* datasets other than the shipped ones, comma-separated */
} target_info;

static void read_target(sqlite3 *h, target_info *t)
{
    sqlite3_stmt *s = NULL;
    int appid = -1, version = 0;
    if (sqlite3_prepare_v2(h, "SELECT (SELECT application_id FROM pragma_application_id),"
                           " (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master WHERE name = 'source'),"
                           " (SELECT count(*) FROM sqlite_master WHERE name = 'info')", -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        snprintf(t->why, sizeof t->why, "%s", sqlite3_errmsg(h));
        sqlite3_finalize(s);
        return;
    }
    appid = sqlite3_column_int(s, 0);
    version = sqlite3_column_int(s, 1);
    int has_source = sqlite3_column_int(s, 2), has_info = sqlite3_column_int(s, 3);
    sqlite3_finalize(s);
    s = NULL;
    if ((appid != 0 && appid != GENOME_APPLICATION_ID) || version < 1 || !has_source) {
        snprintf(t->why, sizeof t->why, "application_id 0x%08x, schema version %d%s", (unsigned)appid, version,
                 has_source ? "" : ", no source table");
        return;
    }
    t->genome = 1;
    if (has_info && sqlite3_prepare_v2(h, "SELECT 1 FROM info WHERE key = 'role' AND value = 'user'", -1, &s, NULL) ==
                        SQLITE_OK)
        t->user = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    s = NULL;
    if (sqlite3_prepare_v2(h, "SELECT DISTINCT dataset FROM source ORDER BY dataset", -1, &s, NULL) != SQLITE_OK) {
        t->genome = 0;
        snprintf(t->why, sizeof t->why, "%s", sqlite3_errmsg(h));
        return;
    }
    size_t off = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(s, 0);
        if (!d || lmds_genome_dataset_reserved(d) || off >= sizeof t->imported - 1) continue;
        off += (size_t)snprintf(t->imported + off, sizeof t->imported - off, "%s%s", off ? ", " : "", d);
    }
    sqlite3_finalize(s);
}

/* Refuse to replace the user genome (always), and a file with imports or that is not a genome (unless force). */
static lmds_status guard_target(const char *path, int force)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return errno == ENOENT ? LMDS_OK : lmds_error(LMDS_EIO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) return lmds_error(LMDS_EINVAL, "%s is a directory", path);
    const char *up = lmds_genome_user_path();
    if (up && lmds_file_same(path, up))
        return lmds_error(LMDS_EINVAL, "%s is the user genome: db build writes only the shipped genome", path);
    if (sb.st_size == 0) return LMDS_OK;
    target_info t = {0};
    sqlite3 *h = NULL;
    char *uri = genome_file_uri(path, "mode=ro");
    if (!uri) return lmds_error(LMDS_ENOMEM, "out of memory");
    if (sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK) read_target(h, &t);
    else snprintf(t.why, sizeof t.why, "%s", h ? sqlite3_errmsg(h) : "cannot open");
    sqlite3_close(h);
    free(uri);
    if (t.user) return lmds_error(LMDS_EINVAL, "%s is a user genome: db build writes only the shipped genome", path);
    if (force) return LMDS_OK;
    if (!t.genome)
        return lmds_error(LMDS_EINVAL, "%s exists and is not a readable lmds genome (%s): db build would replace it; "
                          "use --force to do so", path, t.why);
    if (t.imported[0])
        return lmds_error(LMDS_EINVAL, "%s holds imported data that a rebuild would discard (datasets: %s): import "
                          "into the user genome instead (lmds db import without --db), or use --force", path,
                          t.imported);
    return LMDS_OK;
}

/* ---- the sources ---- */

static lmds_status build_sources(lmds_genome *g, const char *data_dir, const lmds_genome_build_opts *o,
                                 lmds_genome_rows *sum)
{
    char file[4096], over[4096];
    lmds_status st = LMDS_OK;
    for (size_t i = 0; i < sizeof SOURCES / sizeof SOURCES[0] && st == LMDS_OK; i++) {
        const build_source *b = &SOURCES[i];
        lmds_genome_import_report rep;
        memset(&rep, 0, sizeof rep);
        snprintf(file, sizeof file, "%s/%s", data_dir, b->file);
        if (access(file, R_OK) != 0) {
            lmds_warn("genome build: %s not found, skipped", file);
            st = add_summary(sum, b->dataset, kind_label(b->kind), &rep, "missing");
            continue;
        }
        lmds_genome_import_opts io = {0};
        io.dataset = b->dataset;
        io.keep_rejects = b->lenient;
        io.progress = o->progress;
        io.progress_ctx = o->progress_ctx;
        if (b->overrides) {
            snprintf(over, sizeof over, "%s/%s", data_dir, b->overrides);
            if (access(over, R_OK) == 0) io.overrides = over;
        }
        if ((st = genome_import_build(g, file, b->kind, &io, &rep)) == LMDS_OK)
            st = add_summary(sum, b->dataset, kind_label(b->kind), &rep, "ok");
    }
    if (st == LMDS_OK) {
        lmds_genome_import_report rep;
        if ((st = genome_import_build(g, NULL, LMDS_GENOME_ELEMENTS, NULL, &rep)) == LMDS_OK)
            st = add_summary(sum, "elements", "elements", &rep, "ok");
    }
    return st;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Spectra: the Elk ALPHA2F.OUT files the superconductivity module keeps under data/spectra/, in name order. */
static lmds_status build_spectra(lmds_genome *g, const char *data_dir, lmds_genome_rows *sum)
{
    char dir[4096], file[4600];
    snprintf(dir, sizeof dir, "%s/spectra", data_dir);
    DIR *d = opendir(dir);
    if (!d) {
        lmds_warn("genome build: no %s folder, no spectra loaded", dir);
        return LMDS_OK;
    }
    char *names[256];
    int nn = 0;
    lmds_status st = LMDS_OK;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 256)
        if (strstr(e->d_name, "ALPHA2F.OUT") && !(names[nn++] = strdup(e->d_name)))
            st = lmds_error(LMDS_ENOMEM, "out of memory"), nn--;
    closedir(d);
    qsort(names, (size_t)nn, sizeof names[0], cmp_str);
    for (int i = 0; i < nn; i++) {
        lmds_genome_import_report rep;
        lmds_genome_import_opts io = {0};
        io.dataset = "spectra";
        snprintf(file, sizeof file, "%s/%s", dir, names[i]);
        if (st == LMDS_OK && (st = genome_import_build(g, file, LMDS_GENOME_SPECTRA, &io, &rep)) == LMDS_OK)
            st = add_summary(sum, names[i], "spectra", &rep, "ok");
        free(names[i]);
    }
    return st;
}

static lmds_status build_into(const char *tmp, const char *data_dir, const lmds_genome_build_opts *o,
                              lmds_genome_rows *sum)
{
    lmds_genome *g = NULL;
    lmds_status st = genome_open_file(tmp, GENOME_OPEN_CREATE, LMDS_GENOME_SCHEMA_VERSION, &g);
    if (st != LMDS_OK) return st;
    if ((st = genome_info_set(g, "role", "shipped")) == LMDS_OK) st = genome_exec(g, "PRAGMA synchronous=OFF");
    if (st == LMDS_OK) st = build_sources(g, data_dir, o, sum);
    if (st == LMDS_OK) st = build_spectra(g, data_dir, sum);
    if (st == LMDS_OK && o->tdb_path) {
        lmds_genome_import_report rep;
        if ((st = genome_import_interactions_build(g, o->tdb_path, o->rows, o->nrows, &rep)) == LMDS_OK)
            st = add_summary(sum, rep.dataset, "tdb_interactions", &rep, "ok");
    }
    /* One full check of the result instead of one per source. */
    if (st == LMDS_OK && (st = lmds_genome_check(g, NULL)) != LMDS_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", lmds_errmsg());
        st = lmds_error(LMDS_EDB, "genome build: the result fails its checks: %s", msg);
    }
    if (st == LMDS_OK) st = genome_exec(g, "PRAGMA journal_mode=DELETE");
    if (st == LMDS_OK) st = genome_exec(g, "ANALYZE");
    lmds_genome_close(g);
    return st;
}

static void remove_side_files(const char *path, int with_main)
{
    static const char *ext[] = {"", "-wal", "-shm", "-journal"};
    char side[4200];
    for (int i = with_main ? 0 : 1; i < 4; i++) {
        snprintf(side, sizeof side, "%s%s", path, ext[i]);
        unlink(side);
    }
}

lmds_status lmds_genome_build_with(const char *path, const lmds_genome_build_opts *o, lmds_genome_rows **summary)
{
    static const char *cols[] = {"dataset", "kind", "rows", "inserted", "duplicates", "rejected", "overridden",
                                 "status"};
    lmds_genome_build_opts def;
    lmds_genome_build_opts_init(&def);
    if (!o) o = &def;
    if (summary) *summary = NULL;
    if (!path) path = lmds_genome_default_path();
    const char *data_dir = o->data_dir ? o->data_dir : lmds_data_dir();
    if (strlen(path) > 4000) return lmds_error(LMDS_EINVAL, "genome path too long");
    lmds_status st = guard_target(path, o->force);
    if (st != LMDS_OK) return st;
    char tmp[4100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    lmds_genome_rows *sum = genome_rows_new(8, cols);
    if (!sum) return lmds_error(LMDS_ENOMEM, "out of memory");
    /* Build beside the target and rename, so readers never see a half-built genome. */
    remove_side_files(tmp, 1);
    st = build_into(tmp, data_dir, o, sum);
    /* A stale journal or WAL beside the old file must not be replayed into the new one. */
    if (st == LMDS_OK) remove_side_files(path, 0);
    if (st == LMDS_OK && rename(tmp, path) != 0)
        st = lmds_error(LMDS_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    if (st != LMDS_OK) remove_side_files(tmp, 1);
    if (st == LMDS_OK && summary) *summary = sum;
    else lmds_genome_rows_free(sum);
    return st;
}

lmds_status lmds_genome_build(const char *path, const char *data_dir, lmds_genome_rows **summary)
{
    return lmds_genome_build_tdb(path, data_dir, NULL, NULL, 0, summary);
}

lmds_status lmds_genome_build_tdb(const char *path, const char *data_dir, const char *tdb_path,
                                  const lmds_genome_interaction *rows, size_t n, lmds_genome_rows **summary)
{
    lmds_genome_build_opts o;
    lmds_genome_build_opts_init(&o);
    o.data_dir = data_dir;
    o.tdb_path = tdb_path;
    o.rows = rows;
    o.nrows = n;
    return lmds_genome_build_with(path, &o, summary);
}
