/* Coverage of a database: for every pair or triple of elements, whether the liquid has interaction parameters for
 * it, with which reference codes, and of what kind (data/tdb/coverage.csv records the kind and the reference of each
 * binary of the default database). A ternary without its own term is extrapolated from its binaries (Muggianu,
 * see the top of lmds/thermo.h); that is all the engine does for it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "lmds/element.h"
#include "lmds/io.h"
#include "lmds/thermo.h"

#define MAX_EL 64

/* "GA" -> "Ga" (the element table's spelling). */
static void tdb_symbol(const char *name, char *out, size_t n) {
    size_t i = 0;
    for (; name[i] && i + 1 < n; i++) out[i] = (char)(i ? tolower((unsigned char)name[i]) : toupper((unsigned char)name[i]));
    out[i] = 0;
}

static int same_ci(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b)) return 0;
    return *a == *b;
}

/* Does one sublattice of "A,B:VA" hold exactly the element symbols sym[0..n-1]? */
static int constituents_match(const char *cons, const char *const *sym, int n) {
    char buf[128], *save = NULL;
    snprintf(buf, sizeof buf, "%s", cons);
    for (char *sub = strtok_r(buf, ":", &save); sub; sub = strtok_r(NULL, ":", &save)) {
        char *s2 = NULL;
        int k = 0, hit = 0;
        for (char *t = strtok_r(sub, ",", &s2); t; t = strtok_r(NULL, ",", &s2), k++)
            for (int i = 0; i < n; i++) hit += same_ci(t, sym[i]);
        if (k == n && hit == n) return 1;
    }
    return 0;
}

/* The reference codes of the liquid parameters of exactly this system (distinct, comma-separated). */
static int liquid_refs(const lmds_tdb *db, const char *const *sym, int n, char *refs, size_t cap) {
    int found = 0, ni = lmds_tdb_interaction_count(db);
    size_t len = 0;
    refs[0] = 0;
    for (int i = 0; i < ni; i++) {
        lmds_tdb_interaction it;
        if (lmds_tdb_interaction_get(db, i, &it) || strncmp(it.phase, "LIQ", 3) ||
            !constituents_match(it.constituents, sym, n))
            continue;
        found = 1;
        if (!it.ref[0] || strstr(refs, it.ref)) continue; /* a code contained in another is rare; listed once */
        if (len + strlen(it.ref) + 3 < cap) len += (size_t)snprintf(refs + len, cap - len, "%s%s", len ? ", " : "", it.ref);
    }
    return found;
}

/* The elements: z[] as given, or the database's (VA, /- and unknown names left out). */
static lmds_status element_list(const lmds_tdb *db, int n, const int *z, int *zz, int *nz) {
    *nz = 0;
    if (n > 0) {
        if (n > MAX_EL) return lmds_error(LMDS_EINVAL, "at most %d elements (got %d)", MAX_EL, n);
        for (int i = 0; i < n; i++) {
            if (!lmds_element_symbol(z[i])) return lmds_error(LMDS_EINVAL, "no element with Z = %d", z[i]);
            for (int k = 0; k < *nz; k++)
                if (zz[k] == z[i]) return lmds_error(LMDS_EINVAL, "element %s given twice", lmds_element_symbol(z[i]));
            zz[(*nz)++] = z[i]; /* an element the database lacks: its systems are missing */
        }
        return LMDS_OK;
    }
    for (int k = 0; k < lmds_tdb_element_count(db) && *nz < MAX_EL; k++) {
        char sym[8];
        int zk;
        tdb_symbol(lmds_tdb_element_name(db, k), sym, sizeof sym);
        if (!strcmp(sym, "Va") || lmds_element_lookup(sym, &zk) != LMDS_OK) {
            lmds_error_clear();
            continue;
        }
        zz[(*nz)++] = zk;
    }
    return LMDS_OK;
}

/* coverage.csv's row for a pair (either order): kind, reference, file; 0 when absent. */
typedef struct csv_row {
    char pair[16], kind[64], reference[512], file[64];
} csv_row;

typedef struct csv_table {
    csv_row *rows;
    int n;
} csv_table;

static lmds_status read_table(const char *path, csv_table *t) {
    static const char *const cols[] = {"pair", "kind", "reference", "file"};
    char *text = NULL;
    t->rows = NULL;
    t->n = 0;
    lmds_status st = lmds_file_read(path, 1u << 22, &text, NULL);
    if (st) return st;
    lmds_csv c;
    int idx[4], r, cap = 0;
    lmds_csv_init(&c, text);
    r = lmds_csv_next(&c);
    st = r < 0 ? lmds_csv_error(&c, path) : r == 0 ? lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty file")
                                          : lmds_csv_require(&c, path, cols, 4, idx, "pair,kind,reference,file");
    while (!st && (r = lmds_csv_next(&c)) == 1) {
        if (c.nfields == 1 && !c.fields[0][0]) continue;
        if (c.nfields < 4) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, 1, "%d fields, expected pair,kind,reference,file", c.nfields);
            break;
        }
        if (t->n == cap) {
            cap = cap ? 2 * cap : 64;
            csv_row *nr = realloc(t->rows, sizeof *nr * (size_t)cap);
            if (!nr) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            t->rows = nr;
        }
        csv_row *w = &t->rows[t->n++];
        snprintf(w->pair, sizeof w->pair, "%s", c.fields[idx[0]]);
        snprintf(w->kind, sizeof w->kind, "%s", c.fields[idx[1]]);
        snprintf(w->reference, sizeof w->reference, "%s", c.fields[idx[2]]);
        snprintf(w->file, sizeof w->file, "%s", c.fields[idx[3]]);
    }
    if (!st && r < 0) st = lmds_csv_error(&c, path);
    lmds_csv_clear(&c);
    free(text);
    if (st) free(t->rows), t->rows = NULL, t->n = 0;
    return st;
}

static const csv_row *find_pair(const csv_table *t, const char *a, const char *b) {
    char ab[16], ba[16];
    snprintf(ab, sizeof ab, "%s-%s", a, b);
    snprintf(ba, sizeof ba, "%s-%s", b, a);
    for (int i = 0; i < t->n; i++)
        if (same_ci(t->rows[i].pair, ab) || same_ci(t->rows[i].pair, ba)) return &t->rows[i];
    return NULL;
}

static void binary_entry(const lmds_tdb *db, const csv_table *t, lmds_tdb_coverage *e) {
    const char *sym[2] = {lmds_element_symbol(e->z[0]), lmds_element_symbol(e->z[1])};
    e->in_tdb = liquid_refs(db, sym, 2, e->tdb_refs, sizeof e->tdb_refs);
    const csv_row *r = t ? find_pair(t, sym[0], sym[1]) : NULL;
    int listed_covered = r && strcmp(r->kind, "not covered") != 0;
    if (r && listed_covered == e->in_tdb) {
        snprintf(e->kind, sizeof e->kind, "%s", r->kind);
        snprintf(e->reference, sizeof e->reference, "%s", r->reference);
        snprintf(e->file, sizeof e->file, "%s", r->file);
        return;
    }
    snprintf(e->kind, sizeof e->kind, "%s", e->in_tdb ? "in database" : "missing");
    if (r) {
        int len = snprintf(e->reference, sizeof e->reference, "the database %s; coverage.csv: %s",
                           e->in_tdb ? "has liquid parameters" : "has no liquid parameter", r->kind);
        if (r->reference[0] && len > 0 && (size_t)len < sizeof e->reference - 4)
            snprintf(e->reference + len, sizeof e->reference - (size_t)len, " (%.*s)",
                     (int)(sizeof e->reference - (size_t)len - 4), r->reference);
    }
    else if (t)
        snprintf(e->reference, sizeof e->reference, "not in coverage.csv");
}

/* A ternary: its own liquid term, or its three binaries (the kind of each, from the entries already made). */
static void ternary_entry(const lmds_tdb *db, const lmds_tdb_coverage *bin, int nb, lmds_tdb_coverage *e) {
    const char *sym[3] = {lmds_element_symbol(e->z[0]), lmds_element_symbol(e->z[1]), lmds_element_symbol(e->z[2])};
    e->in_tdb = liquid_refs(db, sym, 3, e->tdb_refs, sizeof e->tdb_refs);
    size_t len = 0;
    int missing = 0;
    for (int p = 0; p < 3; p++) {
        int a = e->z[p < 2 ? 0 : 1], b = e->z[p == 0 ? 1 : 2];
        for (int k = 0; k < nb; k++) {
            const lmds_tdb_coverage *q = &bin[k];
            if (!((q->z[0] == a && q->z[1] == b) || (q->z[0] == b && q->z[1] == a))) continue;
            missing += !q->in_tdb;
            if (len < sizeof e->reference)
                len += (size_t)snprintf(e->reference + len, sizeof e->reference - len, "%s%s: %s", len ? "; " : "",
                                        q->system, q->kind);
        }
    }
    snprintf(e->kind, sizeof e->kind, "%s", e->in_tdb ? "assessed ternary term" : missing ? "missing binaries"
                                                                                          : "binaries only (Muggianu)");
}

static void set_system(lmds_tdb_coverage *e, int n, const int *z) {
    memset(e, 0, sizeof *e);
    e->n = n;
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        e->z[i] = z[i];
        len += (size_t)snprintf(e->system + len, sizeof e->system - len, "%s%s", i ? "-" : "", lmds_element_symbol(z[i]));
    }
}

lmds_status lmds_tdb_coverage_list(const lmds_tdb *db, const char *coverage_csv, int n, const int *z, int order,
                                   lmds_tdb_coverage **out, int *n_out) {
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (!db || !out || !n_out || (n > 0 && !z) || n < 0)
        return lmds_error(LMDS_EINVAL, "lmds_tdb_coverage_list: NULL or negative argument");
    if (order != 2 && order != 3) return lmds_error(LMDS_EINVAL, "order must be 2 (pairs) or 3 (ternaries), got %d", order);
    int zz[MAX_EL], nz;
    lmds_status st = element_list(db, n, z, zz, &nz);
    if (st) return st;
    for (int i = 1; i < nz; i++) /* alphabetical by symbol, the order of lmds_comp */
        for (int j = i; j > 0 && strcmp(lmds_element_symbol(zz[j - 1]), lmds_element_symbol(zz[j])) > 0; j--) {
            int x = zz[j];
            zz[j] = zz[j - 1];
            zz[j - 1] = x;
        }
    csv_table t = {NULL, 0};
    if (coverage_csv && (st = read_table(coverage_csv, &t))) return st;
    size_t nb = (size_t)nz * (size_t)(nz > 0 ? nz - 1 : 0) / 2, nt = order == 3 && nz >= 3 ? nb * (size_t)(nz - 2) / 3 : 0;
    lmds_tdb_coverage *bin = calloc(nb + nt + 1, sizeof *bin);
    if (!bin) {
        free(t.rows);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    int k = 0;
    for (int i = 0; i < nz; i++)
        for (int j = i + 1; j < nz; j++) {
            int p[2] = {zz[i], zz[j]};
            set_system(&bin[k], 2, p);
            binary_entry(db, coverage_csv ? &t : NULL, &bin[k++]);
        }
    free(t.rows);
    if (order == 2) {
        *out = bin;
        *n_out = k;
        return LMDS_OK;
    }
    /* the ternaries follow the pairs in the same array, then move to its start */
    int m = k;
    for (int i = 0; i < nz; i++)
        for (int j = i + 1; j < nz; j++)
            for (int l = j + 1; l < nz; l++) {
                int p[3] = {zz[i], zz[j], zz[l]};
                set_system(&bin[m], 3, p);
                ternary_entry(db, bin, k, &bin[m++]);
            }
    memmove(bin, bin + k, sizeof *bin * (size_t)(m - k));
    *out = bin;
    *n_out = m - k;
    return LMDS_OK;
}
