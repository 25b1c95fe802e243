/* Where lmds finds its data folder: LMDS_DATA_DIR, the installed share/lmds, or the source tree's data/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lmds/core.h"

#ifndef LMDS_SOURCE_DATA_DIR
#define LMDS_SOURCE_DATA_DIR "data"
#endif
#ifndef LMDS_INSTALL_DATA_DIR
#define LMDS_INSTALL_DATA_DIR "/usr/local/share/lmds"
#endif

static int is_dir(const char *p)
{
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *lmds_data_dir(void)
{
    const char *env = getenv("LMDS_DATA_DIR");
    if (env && *env) return env;
    if (is_dir(LMDS_SOURCE_DATA_DIR)) return LMDS_SOURCE_DATA_DIR;
    return LMDS_INSTALL_DATA_DIR;
}

lmds_status lmds_data_path(const char *relative, char *buf, size_t n)
{
    if (!relative || !buf) return lmds_error(LMDS_EINVAL, "lmds_data_path: NULL argument");
    int len = snprintf(buf, n, "%s/%s", lmds_data_dir(), relative);
    if (len < 0 || (size_t)len >= n)
        return lmds_error(LMDS_EINVAL, "data path for '%s' is longer than %zu bytes", relative, n);
    return LMDS_OK;
}
