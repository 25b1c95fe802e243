/* Models as data (STYLE.md, after libxc): every model lmds implements is described once by a const
 * lmds_model_info with its parameters (unit, default, meaning) and the papers to cite. Each module exposes its
 * registry (lmds_sc_model_get, lmds_thermo_model_get, lmds_tunnel_model_get) and the CLI lists them. */
#ifndef LMDS_MODEL_H
#define LMDS_MODEL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lmds_model_param {
    const char *name;
    const char *unit;
    double default_value; /* NAN when there is no default */
    const char *description;
} lmds_model_param;

typedef struct lmds_model_info {
    const char *id;       /* short identifier: "allen-dynes", "cef-rk", "tunnel", ... */
    const char *name;
    const char *equation; /* the equations, in plain text */
    const lmds_model_param *params;
    size_t nparams;
    const char *const *refs; /* "Author, Journal vol, page (year), doi:..." */
    size_t nrefs;
} lmds_model_info;

#ifdef __cplusplus
}
#endif
#endif
