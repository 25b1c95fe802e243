/* Opening genome files: where they are (shipped and user genome), the checks every file passes before anything
 * is read or written, read-only opens that work in read-only directories, and the layered default open.
 *
 * A read-only open never writes: no journal-mode change, no migration. A genome in WAL mode in a directory the
 * process cannot write (an older lmds switched files to WAL on every read-write open) cannot create its -shm
 * file; when no -wal file holds unmerged pages, such a file is read as immutable instead. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "genome_internal.h"
#include "lmds/io.h"

const char *lmds_genome_default_path(void)
{
    static _Thread_local char buf[4096];
    const char *env = getenv("LMDS_DB");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s", env);
        return buf;
    }
    if (lmds_data_path("genome.sqlite", buf, sizeof buf) != LMDS_OK) return "genome.sqlite";
    return buf;
}

const char *lmds_genome_user_path(void)
{
    static _Thread_local char buf[4096];
    const char *env = getenv("LMDS_USER_DB"), *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int k;
    if (env && *env) k = snprintf(buf, sizeof buf, "%s", env);
    /* XDG Base Directory Specification: a relative XDG_DATA_HOME is invalid and ignored. */
    else if (xdg && xdg[0] == '/') k = snprintf(buf, sizeof buf, "%s/lmds/genome.sqlite", xdg);
    else if (home && *home) k = snprintf(buf, sizeof buf, "%s/.local/share/lmds/genome.sqlite", home);
    else return NULL;
    return k > 0 && (size_t)k < sizeof buf ? buf : NULL;
}

/* "file:" URI of a path (RFC 3986 percent-encoding of everything but unreserved characters and '/'), with query
 * parameters. malloc'ed. */
char *genome_file_uri(const char *path, const char *params)
{
    size_t n = strlen(path), k = 0;
    char *u = malloc(3 * n + strlen(params) + 16);
    if (!u) return NULL;
    if (strcmp(path, ":memory:") == 0) { /* SQLite's in-memory database (tests, fuzzing) */
        sprintf(u, "file::memory:?%s", params);
        return u;
    }
    k += (size_t)sprintf(u, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            u[k++] = (char)*p;
        else k += (size_t)sprintf(u + k, "%%%02X", *p);
    }
    sprintf(u + k, "?%s", params);
    return u;
}

static lmds_status sqlite_open(lmds_genome *g, int flags, int immutable)
{
    const char *mode = flags & GENOME_OPEN_RO ? "mode=ro" : flags & GENOME_OPEN_CREATE ? "mode=rwc" : "mode=rw";
    char params[64];
    snprintf(params, sizeof params, "%s%s", mode, immutable ? "&immutable=1" : "");
    char *uri = genome_file_uri(g->path, params);
    if (!uri) return lmds_error(LMDS_ENOMEM, "out of memory");
    int oflags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                 (flags & GENOME_OPEN_RO ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(uri, &g->db, oflags, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return lmds_error(LMDS_EDB, "cannot open genome %s: %s", g->path, g->db ? sqlite3_errmsg(g->db) : "out of memory");
    sqlite3_busy_timeout(g->db, 5000);
    sqlite3_extended_result_codes(g->db, 1);
    return LMDS_OK;
}

/* One integer from a single-row query; returns the SQLite result code of the step (SQLITE_ROW on success). */
static int query_int(lmds_genome *g, const char *sql, int *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(g->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) *v = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Why the first read of a file failed, in words. */
static lmds_status unreadable(lmds_genome *g, int rc)
{
    int prim = rc & 0xff;
    if (prim == SQLITE_NOTADB)
        return lmds_error(LMDS_EDB, "%s is not an lmds genome: not an SQLite database", g->path);
    if (prim == SQLITE_CORRUPT)
        return lmds_error(LMDS_EDB, "%s is damaged (%s): restore it, or rebuild it with 'lmds db build'", g->path,
                          sqlite3_errmsg(g->db));
    return lmds_error(LMDS_EDB, "cannot read genome %s: %s", g->path, sqlite3_errmsg(g->db));
}

static lmds_status check_tables(lmds_genome *g, int version)
{
    const char *const *req = genome_required_tables(version);
    for (int i = 0; req[i]; i++) {
        sqlite3_stmt *s = NULL;
        int found = 0;
        if (sqlite3_prepare_v2(g->db, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", -1, &s,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(s, 1, req[i], -1, SQLITE_STATIC);
            found = sqlite3_step(s) == SQLITE_ROW;
        }
        sqlite3_finalize(s);
        if (!found)
            return lmds_error(LMDS_EDB, "%s is an SQLite file but not an lmds genome of schema %d (no table '%s')",
                              g->path, version, req[i]);
    }
    return LMDS_OK;
}

/* SQLite's structural check of every page (PRAGMA quick_check: b-trees, free list, record formats), so a damaged
 * file is refused before it answers anything (about 30 ms for the 15 MB shipped genome). */
static lmds_status check_pages(lmds_genome *g)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(g->db, "PRAGMA main.quick_check(1)", -1, &s, NULL);
    char first[256] = "";
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(s, 0));
    if (rc != SQLITE_ROW) snprintf(first, sizeof first, "%s", sqlite3_errmsg(g->db));
    sqlite3_finalize(s);
    if (strcmp(first, "ok") == 0) return LMDS_OK;
    return lmds_error(LMDS_EDB, "%s is damaged (SQLite quick_check: %s): restore it, or rebuild it with "
                      "'lmds db build'", g->path, first);
}

/* The checks of an existing file, in the order that gives the most precise message. *version gets the schema
 * version; *fresh = 1 for an empty database (a file just created). */
static lmds_status check_file(lmds_genome *g, int flags, int target, int *version, int *fresh)
{
    int ntables = 0, appid = 0;
    int rc = query_int(g, "SELECT count(*) FROM main.sqlite_master", &ntables);
    if (rc != SQLITE_ROW) return unreadable(g, rc);
    if (query_int(g, "PRAGMA main.application_id", &appid) != SQLITE_ROW ||
        query_int(g, "PRAGMA main.user_version", version) != SQLITE_ROW)
        return unreadable(g, sqlite3_errcode(g->db));
    *fresh = ntables == 0 && *version == 0;
    if (appid != 0 && appid != GENOME_APPLICATION_ID)
        return lmds_error(LMDS_EDB, "%s is not an lmds genome (SQLite application_id 0x%08x, lmds writes 0x%08x)",
                          g->path, (unsigned)appid, (unsigned)GENOME_APPLICATION_ID);
    if (*version == 0 && ntables > 0)
        return lmds_error(LMDS_EDB, "%s is an SQLite file but not an lmds genome (schema version 0 with %d objects)",
                          g->path, ntables);
    if (*fresh) {
        if (flags & GENOME_OPEN_RO)
            return lmds_error(LMDS_EDB, "%s is an empty database, not a genome: build it with 'lmds db build --db %s'",
                              g->path, g->path);
        return LMDS_OK;
    }
    if (*version > target)
        return lmds_error(LMDS_EDB,
                          "%s has genome schema version %d, newer than this lmds (%s) supports (%d): upgrade lmds",
                          g->path, *version, LMDS_VERSION_STRING, target);
    if (*version >= 4 && appid != GENOME_APPLICATION_ID)
        return lmds_error(LMDS_EDB, "%s is not an lmds genome (schema version %d without the lmds application_id)",
                          g->path, *version);
    lmds_status st = check_tables(g, *version);
    if (st == LMDS_OK) st = check_pages(g);
    if (st == LMDS_OK && *version < target && (flags & GENOME_OPEN_RO))
        st = lmds_error(LMDS_EDB,
                        "%s has genome schema version %d, older than this lmds (%d): open it read-write "
                        "(e.g. 'lmds db check --db %s') to migrate it, or rebuild with 'lmds db build'",
                        g->path, *version, target, g->path);
    return st;
}

/* The file before SQLite sees it: a directory, a missing file and an empty (0-byte) file get their own words.
 * SQLite would take a 0-byte file for an empty database and a read-write open would make it a new genome. */
static lmds_status check_path(const char *path, int flags)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT) return lmds_error(LMDS_EIO, "%s: %s", path, strerror(errno));
        if (flags & GENOME_OPEN_CREATE) return LMDS_OK;
        return lmds_error(LMDS_EDB, "%s: no such genome file (build it with 'lmds db build --db %s'%s)", path, path,
                          flags & GENOME_OPEN_RO ? ", or point LMDS_DB at a genome" : "");
    }
    if (S_ISDIR(sb.st_mode)) return lmds_error(LMDS_EDB, "%s is a directory, not a genome file", path);
    if (sb.st_size == 0)
        return lmds_error(LMDS_EDB, "%s is an empty file (0 bytes), not an lmds genome: rebuild it with 'lmds db "
                          "build --db %s --force'%s", path, path,
                          flags & GENOME_OPEN_RO ? "" : ", or remove it to create a new genome there");
    return LMDS_OK;
}

/* 1 when a read-only open failed only because a WAL-mode file's -shm cannot be created (read-only directory) and
 * no -wal file holds pages that reading as immutable would miss. */
static int wal_readonly_dir(const lmds_genome *g, int rc)
{
    int prim = rc & 0xff;
    if (prim != SQLITE_CANTOPEN && prim != SQLITE_READONLY) return 0;
    char wal[4200];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", g->path);
    return stat(wal, &sb) != 0 || sb.st_size == 0;
}

static lmds_status open_checked(lmds_genome *g, int flags, int target, int *version, int *fresh)
{
    lmds_status st = sqlite_open(g, flags, 0);
    if (st != LMDS_OK) return st;
    int rc = query_int(g, "SELECT count(*) FROM main.sqlite_master", version);
    if (rc != SQLITE_ROW && (flags & GENOME_OPEN_RO) && wal_readonly_dir(g, rc)) {
        sqlite3_close_v2(g->db);
        g->db = NULL;
        if ((st = sqlite_open(g, flags, 1)) != LMDS_OK) return st;
    }
    return check_file(g, flags, target, version, fresh);
}

lmds_status genome_open_file(const char *path, int flags, int target, lmds_genome **out)
{
    *out = NULL;
    if (!path || !*path) return lmds_error(LMDS_EINVAL, "lmds_genome_open: no genome path");
    lmds_status st = check_path(path, flags);
    if (st != LMDS_OK) return st;
    lmds_genome *g = calloc(1, sizeof *g);
    if (!g || !(g->path = strdup(path))) {
        free(g);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    g->readonly = (flags & GENOME_OPEN_RO) != 0;
    int version = 0, fresh = 0;
    if ((st = open_checked(g, flags, target, &version, &fresh)) != LMDS_OK) goto fail;
    g->version = version;
    if (!g->readonly) {
        if ((flags & GENOME_OPEN_WAL) &&
            (st = genome_exec(g, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")) != LMDS_OK)
            goto fail;
        if (version < target && (st = genome_migrate(g, version, target)) != LMDS_OK) goto fail;
    }
    if ((st = genome_exec(g, "PRAGMA foreign_keys=ON")) != LMDS_OK) goto fail;
    /* The import's temporary tables stay in memory; a 64 MB page cache holds a SuperCon-size import without
     * spilling before commit. */
    if ((st = genome_exec(g, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536")) != LMDS_OK) goto fail;
    char role[32];
    genome_info_get(g, "role", role, sizeof role);
    g->user_role = strcmp(role, "user") == 0;
    *out = g;
    return LMDS_OK;
fail:
    lmds_genome_close(g);
    return st;
}

lmds_status genome_open_version(const char *path, int readonly, int target, lmds_genome **out)
{
    return genome_open_file(path, readonly ? GENOME_OPEN_RO : GENOME_OPEN_CREATE, target, out);
}

lmds_status lmds_genome_open(const char *path, int readonly, lmds_genome **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_genome_open: out is NULL");
    *out = NULL;
    if (!path) return readonly ? lmds_genome_open_default(out) : lmds_genome_open_user(out);
    return genome_open_version(path, readonly, LMDS_GENOME_SCHEMA_VERSION, out);
}

lmds_status lmds_genome_open_default(lmds_genome **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_genome_open_default: out is NULL");
    *out = NULL;
    char ship[4096];
    snprintf(ship, sizeof ship, "%s", lmds_genome_default_path());
    lmds_genome *g = NULL;
    lmds_status st = genome_open_file(ship, GENOME_OPEN_RO, LMDS_GENOME_SCHEMA_VERSION, &g);
    if (st != LMDS_OK) return st;
    const char *up = lmds_genome_user_path();
    if (up && access(up, F_OK) == 0 && !lmds_file_same(up, ship) && (st = genome_attach_user(g, up)) != LMDS_OK) {
        lmds_genome_close(g);
        return st;
    }
    *out = g;
    return LMDS_OK;
}

/* mkdir -p of the directory part of path, new directories with mode 0700 (the user's data). */
static lmds_status make_parent_dirs(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return LMDS_OK;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return lmds_error(LMDS_EIO, "cannot create %s for the user genome: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return lmds_error(LMDS_EIO, "cannot create %s for the user genome: %s", dir, strerror(errno));
    return LMDS_OK;
}

/* An empty genome without a role (nothing imported yet) may become the user genome; a file with data or another
 * role may not: its ids would collide with the shipped genome's when the two are read together. */
static lmds_status adopt_as_user(lmds_genome *g)
{
    char role[32];
    genome_info_get(g, "role", role, sizeof role);
    if (strcmp(role, "user") == 0) return LMDS_OK;
    int nsources = -1;
    if (query_int(g, "SELECT count(*) FROM main.source", &nsources) != SQLITE_ROW)
        return genome_sqlerr(g, "reading the sources");
    if (role[0] || nsources != 0)
        return lmds_error(LMDS_EINVAL, "%s is not a user genome (%s%s, %d imported files): point LMDS_USER_DB at "
                          "another file", g->path, role[0] ? "role " : "no role", role, nsources);
    lmds_status st = genome_info_set(g, "role", "user");
    if (st == LMDS_OK) g->user_role = 1;
    return st;
}

lmds_status lmds_genome_open_user(lmds_genome **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_genome_open_user: out is NULL");
    *out = NULL;
    const char *up = lmds_genome_user_path();
    if (!up) return lmds_error(LMDS_EINVAL, "no place for the user genome: set LMDS_USER_DB, XDG_DATA_HOME or HOME");
    char path[4096];
    snprintf(path, sizeof path, "%s", up);
    if (lmds_file_same(path, lmds_genome_default_path()))
        return lmds_error(LMDS_EINVAL, "the user genome %s is the shipped genome (LMDS_DB): the shipped genome is "
                          "read-only; point LMDS_USER_DB at another file", path);
    lmds_status st = make_parent_dirs(path);
    lmds_genome *g = NULL;
    if (st == LMDS_OK)
        st = genome_open_file(path, GENOME_OPEN_CREATE | GENOME_OPEN_WAL, LMDS_GENOME_SCHEMA_VERSION, &g);
    if (st == LMDS_OK) st = adopt_as_user(g);
    if (st != LMDS_OK) {
        lmds_genome_close(g);
        return st;
    }
    *out = g;
    return LMDS_OK;
}

void lmds_genome_close(lmds_genome *g)
{
    if (!g) return;
    if (g->db) sqlite3_close_v2(g->db);
    free(g->path);
    free(g->user_path);
    free(g);
}

const char *lmds_genome_path(const lmds_genome *g) { return g ? g->path : NULL; }
const char *lmds_genome_user_layer(const lmds_genome *g) { return g ? g->user_path : NULL; }
int lmds_genome_schema_version(const lmds_genome *g) { return g ? g->version : 0; }
