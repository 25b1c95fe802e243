/* Private helpers of the tunnel module (not part of the public API). */
#ifndef LMDS_TUNNEL_INTERNAL_H
#define LMDS_TUNNEL_INTERNAL_H

#include <gsl/gsl_math.h>
#include "lmds/tunnel.h"

/* Read a whole text file into a NUL-terminated malloc'd buffer (caller frees). LMDS_EIO on failure. */
lmds_status tunnel_read_file(const char *path, char **text);
/* Resolve `path` (NULL: data/pressure/<name> under lmds_data_dir()) into buf. */
lmds_status tunnel_data_file(const char *path, const char *name, char *buf, size_t n);
/* Brent root of f on [lo, hi] (f(lo), f(hi) of opposite sign), relative x tolerance 1e-12. */
lmds_status tunnel_brent(gsl_function *f, double lo, double hi, double *root);
/* Strict number parse of a CSV field; empty fields give `empty`. Returns 0 on success. */
int tunnel_parse_num(const char *s, double empty, double *out);

#endif
