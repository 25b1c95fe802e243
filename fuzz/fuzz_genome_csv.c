/* libFuzzer target for the genome's import readers: the CSV (RFC 4180) and JSON table readers that every
 * `lmds db import` goes through. Any input must either parse or fail with LMDS_EPARSE and a location, never
 * crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../src/genome/genome_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    genome_table t;
    if (genome_table_read_csv(text, size, "fuzz.csv", &t) == LMDS_OK) {
        /* Every row has exactly ncols cells and a line number inside the text. */
        for (size_t r = 0; r < t.nrows; r++)
            for (int c = 0; c < t.ncols; c++)
                if (!genome_table_cell(&t, r, c)) abort();
        genome_table_clear(&t);
    }
    if (genome_table_read_json(text, size, "fuzz.json", &t) == LMDS_OK) genome_table_clear(&t);
    free(text);
    return 0;
}
