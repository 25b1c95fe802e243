/* Private helpers of the tunnel module (not part of the public API). */
#ifndef LMDS_TUNNEL_INTERNAL_H
#define LMDS_TUNNEL_INTERNAL_H

#include "lmds/tunnel.h"

/* Data tables of the module are small (the shipped ones are under 100 kB); the limit only stops a wrong path. */
#define TUNNEL_MAX_FILE_BYTES ((size_t)64 << 20)

/* Read a whole text file (lmds_file_read with the module's size limit) into a NUL-terminated malloc'd buffer
 * (caller frees). LMDS_EIO on failure. */
lmds_status tunnel_read_file(const char *path, char **text);
/* Resolve `path` (NULL: data/pressure/<name> under lmds_data_dir()) into buf. */
lmds_status tunnel_data_file(const char *path, const char *name, char *buf, size_t n);
/* Strict number parse of a CSV field; empty fields give `empty`. Returns 0 on success. */
int tunnel_parse_num(const char *s, double empty, double *out);

#endif
