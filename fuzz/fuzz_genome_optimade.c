/* libFuzzer target for the OPTIMADE filter subset of `lmds db query` (src/genome/optimade.c). Any filter must
 * either become SQL that SQLite prepares and runs (on an empty in-memory genome), or fail with LMDS_EPARSE and a
 * column inside the filter; an SQLite error would mean the parser produced invalid SQL. Never crash, hang or
 * leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lmds/genome.h"

static lmds_genome *G;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!G && lmds_genome_open(":memory:", 0, &G) != LMDS_OK) abort();
    char *filter = malloc(size + 1);
    if (!filter) return 0;
    memcpy(filter, data, size);
    filter[size] = '\0';
    lmds_genome_filter f;
    lmds_genome_filter_init(&f);
    f.optimade = filter;
    lmds_genome_rows *r = NULL;
    lmds_status st = lmds_genome_query(G, &f, &r);
    if (st == LMDS_OK) {
        if (!r) abort();
        lmds_genome_rows_free(r);
    } else {
        int col = 0;
        lmds_errloc(NULL, NULL, &col);
        /* An empty filter is no filter (the query runs); every error names a column of the filter. */
        if (st != LMDS_EPARSE || r || col < 1 || (size_t)col > strlen(filter) + 1) abort();
    }
    free(filter);
    return 0;
}
