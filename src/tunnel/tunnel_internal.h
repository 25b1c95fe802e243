/* Private helpers of the tunnel module (not part of the public API). */
#ifndef LMDS_TUNNEL_INTERNAL_H
#define LMDS_TUNNEL_INTERNAL_H

#include "lmds/tunnel.h"

/* Defaults of the tunnel model's parameters. The registry (models.c) lists these and lmds_tunnel_params_init uses
 * them; tests/tunnel/test_tunnel.c checks that the two agree. */
#define TUNNEL_DEFAULT_E1 100.0      /* meV */
#define TUNNEL_DEFAULT_K 1.0
#define TUNNEL_DEFAULT_A 1.0
#define TUNNEL_DEFAULT_RHO_RES 0.0
#define TUNNEL_DEFAULT_D_INS 0.0     /* 0: no insulating region */

/* Temperatures searched for the tunnel Tc(P) (K). */
#define TUNNEL_T_MAX_DEFAULT 3000.0
#define TUNNEL_T_MAX_LIMIT 1e5

#endif
