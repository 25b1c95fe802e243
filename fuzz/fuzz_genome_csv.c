/* libFuzzer target for the genome's import row source: CSV streamed through the core reader and JSON arrays of
 * objects, exactly as `lmds db import` reads them. Any input must either give rows or fail with a located
 * LMDS_EPARSE (LMDS_ENOMEM under a memory limit), never crash, hang or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/genome/genome_internal.h"

static void drain(genome_src *s)
{
    lmds_status st = LMDS_OK;
    int r;
    while ((r = genome_src_next(s, &st)) == 1)
        for (int c = 0; c < s->ncols; c++)
            if (!genome_src_cell(s, c)) abort(); /* every row has ncols cells */
    if (r < 0 && st != LMDS_EPARSE && st != LMDS_ENOMEM) abort();
    genome_src_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    genome_src s;
    FILE *f = fmemopen((void *)data, size ? size : 1, "rb");
    if (f && size && genome_src_open(&s, f, NULL, 0, "fuzz.csv") == LMDS_OK) drain(&s);
    if (f) fclose(f);
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (genome_src_open(&s, NULL, text, size, "fuzz.json") == LMDS_OK) drain(&s);
    free(text);
    return 0;
}
