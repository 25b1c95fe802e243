/* libFuzzer target for the learn module's text inputs: Hamidieh's formula cleaning, and the training-table
 * reader (written to a temporary file, since lmds_learn_data_read takes a path). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmds.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    char buf[256];
    int ch, ph;
    if (lmds_learn_clean_formula(s, buf, sizeof buf, &ch, &ph) == LMDS_OK) {
        lmds_comp c;
        (void)lmds_comp_parse(buf, NULL, &c);
    }
    char path[] = "/tmp/fuzz_learn_XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) {
        if (write(fd, data, size) == (ssize_t)size) {
            lmds_learn_data *d = NULL;
            if (lmds_learn_data_read(path, NULL, &d) == LMDS_OK) {
                lmds_learn_data_merge(d);
                lmds_learn_data_free(d);
            }
        }
        close(fd);
        unlink(path);
    }
    free(s);
    return 0;
}
