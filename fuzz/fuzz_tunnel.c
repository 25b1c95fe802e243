/* libFuzzer target for the tunnel module's file readers (material file and rho(T) data): any bytes must give
 * LMDS_OK or an error status, never a crash. The readers take paths, so the input is written to a temporary file;
 * the first byte picks the reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <lmds.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[] = "/tmp/lmds_fuzz_tunnel_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return 0;
    }
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    if (data[0] & 1) {
        lmds_tunnel_material m;
        if (lmds_tunnel_material_load(path, "X", &m) == LMDS_OK) {
            double d;
            (void)lmds_tunnel_spacing(&m, 0.0, 10.0, &d);
        }
        char **names = NULL;
        size_t n = 0;
        if (lmds_tunnel_material_names(path, &names, &n) == LMDS_OK)
            lmds_tunnel_names_free(names, n);
    } else {
        double *T = NULL, *rho = NULL;
        size_t n = 0;
        if (lmds_tunnel_rho_data_load(path, (data[0] & 2) ? "Al" : NULL, 0.0, &T, &rho, &n) == LMDS_OK) {
            free(T);
            free(rho);
        }
    }
    unlink(path);
    lmds_warnings_clear();
    return 0;
}
