/* Private helpers of the tunnel module (not part of the public API). */
#ifndef LMDS_TUNNEL_INTERNAL_H
#define LMDS_TUNNEL_INTERNAL_H

#include "lmds/tunnel.h"

/* Data tables of the module are small (the shipped ones are under 100 kB); the limit only stops a wrong path. */
#define TUNNEL_MAX_FILE_BYTES ((size_t)64 << 20)

/* Defaults of the tunnel model's parameters and of the material table's optional columns. The registry (models.c)
 * lists these and the code uses them (lmds_tunnel_params_init, the material reader); tests/tunnel/test_tunnel.c
 * checks that the two agree. */
#define TUNNEL_DEFAULT_E1 100.0      /* meV */
#define TUNNEL_DEFAULT_K 1.0
#define TUNNEL_DEFAULT_A 1.0
#define TUNNEL_DEFAULT_RHO_RES 0.0
#define TUNNEL_DEFAULT_D_INS 0.0     /* 0: no insulating region */
#define TUNNEL_DEFAULT_MU_STAR 0.13  /* McMillan's value for the electron-phonon comparison */
#define TUNNEL_DEFAULT_PHI 1.0       /* Hopfield exponent */
#define TUNNEL_DEFAULT_Q 1.0         /* dln(gamma)/dln(V) */
#define TUNNEL_DEFAULT_T_REF 0.0     /* K: static-lattice EOS sets */

/* Temperatures searched for the tunnel Tc(P) (K). */
#define TUNNEL_T_MAX_DEFAULT 3000.0
#define TUNNEL_T_MAX_LIMIT 1e5

/* Read a whole text file (lmds_file_read with the module's size limit) into a NUL-terminated malloc'd buffer
 * (caller frees). LMDS_EIO on failure. */
lmds_status tunnel_read_file(const char *path, char **text);
/* Resolve `path` (NULL: data/pressure/<name> under lmds_data_dir()) into buf. */
lmds_status tunnel_data_file(const char *path, const char *name, char *buf, size_t n);
/* Strict number parse of a CSV field; empty fields give `empty`. Returns 0 on success. */
int tunnel_parse_num(const char *s, double empty, double *out);

#endif
