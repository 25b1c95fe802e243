/* libFuzzer target for JSON import rows: the first byte picks the kind of data (superconductors, thermo, elements,
 * ground state) and strict or lenient mode, the rest is a JSON document imported into an in-memory genome exactly
 * as `lmds db import file.json` does (row source, importer of the kind, reference/material/value inserts), then
 * rolled back. Any input must import or fail with a located LMDS_EPARSE (or LMDS_EINVAL/LMDS_ENOMEM), never an
 * SQLite error, crash, hang or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../src/genome/genome_internal.h"

static lmds_genome *G;

static lmds_status import_kind(imp *im, int kind)
{
    switch (kind) {
    case 0: return import_superconductors(im, NULL, NULL);
    case 1: return import_thermo(im);
    case 2: return import_elements_table(im);
    default: return import_ground_state(im);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (!G && lmds_genome_open(":memory:", 0, &G) != LMDS_OK) abort();
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    lmds_genome_import_report rep;
    memset(&rep, 0, sizeof rep);
    memset(rep.sha256, 'f', 64); /* never "already imported": every run is rolled back */
    imp im;
    memset(&im, 0, sizeof im);
    im.g = G;
    im.file = "fuzz.json";
    im.dataset = "fuzz";
    im.lenient = data[0] & 4;
    im.rep = &rep;
    genome_src src;
    lmds_status st = genome_src_open(&src, NULL, text, size - 1, im.file);
    if (st == LMDS_OK) {
        im.src = &src;
        if (genome_import_start(&im, "fuzz", "fuzz.json") != LMDS_OK) abort();
        st = import_kind(&im, data[0] & 3);
        genome_import_finish(&im, st == LMDS_OK ? LMDS_EINVAL : st, 0); /* always rolled back */
        genome_src_close(&src);
    }
    if (st != LMDS_OK && st != LMDS_EPARSE && st != LMDS_EINVAL && st != LMDS_ENOMEM) abort();
    free(text);
    return 0;
}
