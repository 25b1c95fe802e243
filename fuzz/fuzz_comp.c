/* libFuzzer target for the formula parser: any bytes must give LMDS_OK or a located error, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lmds.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    lmds_comp c;
    lmds_comp_opts o = {.by_weight = size % 2, .no_normalize = (size / 2) % 2};
    if (lmds_comp_parse(s, &o, &c) == LMDS_OK) {
        char buf[512];
        double w[LMDS_COMP_MAX], sum = 0;
        lmds_comp_formula(&c, buf, sizeof buf);
        lmds_comp_system(&c, buf, sizeof buf);
        lmds_comp_weight_fractions(&c, w);
        for (int i = 0; i < c.n; i++) sum += c.x[i];
        if (c.n < 1 || sum < 0.999999 || sum > 1.000001) abort();
    }
    free(s);
    return 0;
}
