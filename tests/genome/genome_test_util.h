/* Helpers shared by the genome tests: a scratch folder and small files. */
#ifndef GENOME_TEST_UTIL_H
#define GENOME_TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdint.h>
#include "lmds.h"

static char scratch_dir[256];

static inline const char *scratch(const char *name)
{
    static char buf[16][512];
    static int k;
    if (!scratch_dir[0]) {
        snprintf(scratch_dir, sizeof scratch_dir, "/tmp/lmds_genome_test_XXXXXX");
        if (!mkdtemp(scratch_dir)) abort();
    }
    k = (k + 1) % 16;
    snprintf(buf[k], sizeof buf[k], "%s/%s", scratch_dir, name);
    return buf[k];
}

static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

static inline void scratch_cleanup(void)
{
    if (!scratch_dir[0]) return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", scratch_dir);
}

/* Number of value rows a query returns; SIZE_MAX when the query fails. */
static inline size_t genome_count(lmds_genome *g, const lmds_genome_filter *f)
{
    lmds_genome_rows *r = NULL;
    if (lmds_genome_query(g, f, &r) != LMDS_OK) return SIZE_MAX;
    size_t n = r->nrows;
    lmds_genome_rows_free(r);
    return n;
}
#endif
