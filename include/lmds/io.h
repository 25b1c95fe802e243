/* lmds io: the one way lmds reads a whole file and writes an output file.
 *
 * Reading: lmds_file_read loads a file into a NUL-terminated buffer with a size limit, so a stray multi-gigabyte
 * input fails with a message instead of exhausting memory.
 * Writing: an output is written to a temporary file beside its destination and renamed over it only when every
 * write, flush and close succeeded (lmds_ofile_commit); on any failure (lmds_ofile_abort) the destination is left
 * as it was and the temporary is removed. An output that is the same file as one of the command's inputs (same
 * device and inode, whatever the spelling of the path) is refused before anything is written. */
#ifndef LMDS_IO_H
#define LMDS_IO_H

#include <stdio.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Read the whole file `path` ("-" = standard input) into a new NUL-terminated buffer *text (free with free());
 * *len (may be NULL) gets its length in bytes. max_bytes > 0 refuses larger files with LMDS_EINVAL naming the
 * limit; 0 means no limit. LMDS_EIO names the path and the system's reason. On failure *text is NULL. */
LMDS_API lmds_status lmds_file_read(const char *path, size_t max_bytes, char **text, size_t *len);

/* 1 when a and b name the same existing file (same device and inode), else 0. */
LMDS_API int lmds_file_same(const char *a, const char *b);

/* An output file being written. */
typedef struct lmds_ofile lmds_ofile;

/* Start writing `path` ("-" = standard output, written directly; an existing device or pipe such as /dev/null or a
 * FIFO is also written directly, since renaming over it would replace the device). inputs: a NULL-terminated list of the paths the
 * computation reads (may be NULL); when path is the same file as one of them the call fails with LMDS_EINVAL
 * ("would overwrite its input") and nothing is created. On success *out is the new handle; on failure NULL. */
LMDS_API lmds_status lmds_ofile_open(const char *path, const char *const *inputs, lmds_ofile **out);

/* The stream to write to (never NULL for an open handle). */
LMDS_API FILE *lmds_ofile_stream(lmds_ofile *o);

/* The path of the temporary file being written (the destination itself for "-"); useful to a writer that needs a
 * path rather than a stream (SQLite, XGBoost). */
LMDS_API const char *lmds_ofile_temp_path(const lmds_ofile *o);

/* Finish: flush and close, checking both (a full disk is reported here), then rename the temporary over the
 * destination. Frees o in every case; on failure the temporary is removed and the destination is untouched. */
LMDS_API lmds_status lmds_ofile_commit(lmds_ofile *o);

/* Give up: close and remove the temporary; the destination is untouched. Frees o; accepts NULL. */
LMDS_API void lmds_ofile_abort(lmds_ofile *o);

#ifdef __cplusplus
}
#endif
#endif
