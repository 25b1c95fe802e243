/* Whole-file reading and atomic output files (include/lmds/io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lmds/io.h"

/* Read everything from f, growing the buffer geometrically; max_bytes 0 = no limit. */
static lmds_status read_stream(FILE *f, const char *path, size_t max_bytes, char **text, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return lmds_error(LMDS_ENOMEM, "%s: out of memory", path);
    for (;;) {
        if (n + 1 >= cap) {
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return lmds_error(LMDS_ENOMEM, "%s: out of memory after %zu bytes", path, n);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (max_bytes && n > max_bytes) {
            free(buf);
            return lmds_error(LMDS_EINVAL, "%s: larger than the limit of %zu bytes", path, max_bytes);
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return lmds_error(LMDS_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *text = buf;
    if (len)
        *len = n;
    return LMDS_OK;
}

lmds_status lmds_file_read(const char *path, size_t max_bytes, char **text, size_t *len)
{
    if (text)
        *text = NULL;
    if (!path || !text)
        return lmds_error(LMDS_EINVAL, "lmds_file_read: NULL argument");
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, "<stdin>", max_bytes, text, len);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return lmds_error(LMDS_EIO, "%s: is a directory", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return lmds_error(LMDS_EIO, "%s: cannot open (%s)", path, strerror(errno));
    lmds_status s = read_stream(f, path, max_bytes, text, len);
    fclose(f);
    return s;
}

int lmds_file_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return 0;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

struct lmds_ofile {
    FILE *f;
    int is_stdout;
    int direct;      /* the destination is a device or a pipe: written in place (it cannot be replaced) */
    char *path; /* destination */
    char *tmp;  /* temporary beside it */
};

/* A fresh name beside the destination: ".<base>.tmp-<pid>-<n>" in the same directory, so the final rename stays
 * on one file system (and is atomic). O_EXCL makes a clash with another writer fail rather than share a file. */
static FILE *open_temp(const char *path, char **tmp_out)
{
    static atomic_uint counter;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(path) + 48;
    char *tmp = malloc(n);
    if (!tmp)
        return NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned k = atomic_fetch_add(&counter, 1u);
        snprintf(tmp, n, "%.*s.%s.tmp-%ld-%u", (int)dirlen, path, base, (long)getpid(), k);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            FILE *f = fdopen(fd, "wb");
            if (!f) {
                close(fd);
                unlink(tmp);
                break;
            }
            *tmp_out = tmp;
            return f;
        }
        if (errno != EEXIST)
            break;
    }
    free(tmp);
    return NULL;
}

lmds_status lmds_ofile_open(const char *path, const char *const *inputs, lmds_ofile **out)
{
    if (out)
        *out = NULL;
    if (!path || !*path || !out)
        return lmds_error(LMDS_EINVAL, "lmds_ofile_open: no output path");
    for (const char *const *in = inputs; in && *in; in++)
        if (lmds_file_same(path, *in))
            return lmds_error(LMDS_EINVAL, "%s: would overwrite its input %s; choose another output file", path,
                              *in);
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return lmds_error(LMDS_EIO, "%s: is a directory", path);
    lmds_ofile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(path))) {
        free(o);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    int special = strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        o->is_stdout = 1;
    } else if (special) {
        /* /dev/null, /dev/stdout, a FIFO: renaming a temporary file over it would replace the device itself */
        o->direct = 1;
        if (!(o->f = fopen(path, "w"))) {
            int e = errno;
            free(o->path);
            free(o);
            return lmds_error(LMDS_EIO, "%s: cannot open for writing (%s)", path, strerror(e));
        }
    } else {
        errno = 0;
        o->f = open_temp(path, &o->tmp);
        if (!o->f) {
            int e = errno;
            free(o->path);
            free(o);
            return lmds_error(LMDS_EIO, "%s: cannot create a file there (%s)", path,
                              e ? strerror(e) : "out of memory");
        }
    }
    *out = o;
    return LMDS_OK;
}

FILE *lmds_ofile_stream(lmds_ofile *o)
{
    return o ? o->f : NULL;
}

const char *lmds_ofile_temp_path(const lmds_ofile *o)
{
    return !o ? NULL : (o->is_stdout || o->direct) ? o->path : o->tmp;
}

static void ofile_free(lmds_ofile *o)
{
    free(o->path);
    free(o->tmp);
    free(o);
}

lmds_status lmds_ofile_commit(lmds_ofile *o)
{
    if (!o)
        return lmds_error(LMDS_EINVAL, "lmds_ofile_commit: NULL handle");
    lmds_status st = LMDS_OK;
    if (o->is_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            st = lmds_error(LMDS_EIO, "standard output: write error (%s)", strerror(errno));
        ofile_free(o);
        return st;
    }
    int bad = ferror(o->f);
    int flush_err = fflush(o->f) != 0 ? errno : 0;
    int close_err = fclose(o->f) != 0 ? errno : 0;
    if (o->direct) {
        if (bad || flush_err || close_err)
            st = lmds_error(LMDS_EIO, "%s: write failed (%s)", o->path,
                            strerror(flush_err ? flush_err : close_err ? close_err : EIO));
        ofile_free(o);
        return st;
    }
    if (bad || flush_err || close_err)
        st = lmds_error(LMDS_EIO, "%s: write failed (%s); the file was not changed", o->path,
                        strerror(flush_err ? flush_err : close_err ? close_err : EIO));
    else if (rename(o->tmp, o->path) != 0)
        st = lmds_error(LMDS_EIO, "%s: cannot replace (%s); the file was not changed", o->path, strerror(errno));
    if (st != LMDS_OK)
        unlink(o->tmp);
    ofile_free(o);
    return st;
}

void lmds_ofile_abort(lmds_ofile *o)
{
    if (!o)
        return;
    if (o->direct) {
        fclose(o->f);
    } else if (!o->is_stdout) {
        fclose(o->f);
        unlink(o->tmp);
    } else {
        fflush(stdout);
    }
    ofile_free(o);
}
