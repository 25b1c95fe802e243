#!/usr/bin/env bash
# `cmake --install` works and the installed library is usable through pkg-config from a C program.
set -eu
LMDS=$1
BUILD=$(dirname "$LMDS")
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$BUILD" --prefix "$prefix" >/dev/null
if nm -D "$prefix"/lib/liblmds.so 2>/dev/null | grep -q __asan_; then
  echo "install: sanitizer build, skipping the consumer program (it would need -fsanitize)"; exit 0
fi
cat > "$prefix/use.c" <<'C'
#include <lmds.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    lmds_comp c;
    char f[64];
    if (lmds_comp_parse("Ga0.75In0.25", NULL, &c) || lmds_comp_formula(&c, f, sizeof f)) return 1;
    return strcmp(f, "Ga3In") != 0;
}
C
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc "$prefix/use.c" $(pkg-config --cflags --libs lmds) -Wl,-rpath,"$prefix/lib" -o "$prefix/use"
"$prefix/use"
LMDS_DATA_DIR="$prefix/share/lmds" "$prefix/bin/lmds" element In >/dev/null
echo "install: headers, library, pkg-config and data usable"
