/* libFuzzer target for the spectrum reader: any bytes must give LMDS_OK with a valid spectrum or an error
 * status, never a crash. The first byte picks the format, column and unit so every path is reached. */
#include <stddef.h>
#include <stdint.h>

#include <lmds.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    lmds_a2f_opts o;
    lmds_a2f_opts_init(&o);
    o.format = (lmds_a2f_format)(data[0] % 4);
    o.column = 1 + (data[0] >> 2) % 4;
    static const char *names[] = {"x.dat", "x.a2f", "ALPHA2F.OUT", "x.a2F"};
    const char *name = names[(data[0] >> 4) % 4];
    lmds_a2f *a = NULL;
    if (lmds_a2f_parse((const char *)data + 1, size - 1, name, &o, &a) == LMDS_OK) {
        lmds_a2f_mom m;
        (void)lmds_a2f_moments(a, &m);
        lmds_a2f_free(a);
    }
    lmds_warnings_clear();
    return 0;
}
