#!/usr/bin/env bash
# `cmake --install` gives a usable library: installed twice, staged with DESTDIR under prefix /usr (as a Debian
# package is built) and to a plain prefix (as /usr/local), each time the README's C example (README.md, section
# "Using the library") is compiled and run against the installed files, once through pkg-config and once through
# the README's CMake consumer (find_package(lmds)) with both lmds::lmds and lmds::lmds_static; the installed
# program answers from the installed data; the shared library's SONAME carries the major version.
set -eu
LMDS=$1; SRC=$2
BUILD=$(dirname "$LMDS")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for tool in cc cmake pkg-config readelf nm; do
  command -v $tool >/dev/null || fail "$tool is needed (tools/setup.sh installs it)"
done

# The README's examples: the first ```c and the first ```cmake block of "## Using the library".
section() { awk '/^## Using the library/{on=1; next} on && /^## /{exit} on' "$SRC/README.md"; }
section | awk -v lang=c '$0 == "```" lang {inb=1; next} inb && /^```/{exit} inb' > "$work/app.c"
section | awk -v lang=cmake '$0 == "```" lang {inb=1; next} inb && /^```/{exit} inb' > "$work/CMakeLists.txt"
grep -q "int main" "$work/app.c" || fail "README.md: no complete C example (with main) under 'Using the library'"
grep -q "find_package(lmds" "$work/CMakeLists.txt" || fail "README.md: no CMake example with find_package(lmds)"
# The same program linked statically, to check what lmds::lmds_static brings along.
echo 'add_executable(app_static app.c)
target_link_libraries(app_static PRIVATE lmds::lmds_static)' >> "$work/CMakeLists.txt"

# A sanitizer build's library needs the same instrumentation in the program that links it.
san_flags=""
if nm -D "$BUILD/liblmds.so" | grep -q " __asan_"; then san_flags="-fsanitize=address,undefined"; fi
libdir_rel=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
[ -n "$libdir_rel" ] || fail "no CMAKE_INSTALL_LIBDIR in $BUILD/CMakeCache.txt"
expect='^Galinstan: liquidus [0-9.]+ K, first solid [A-Z_0-9]+$'

# check ROOT SYSROOT LABEL: the files installed under ROOT (= SYSROOT followed by the prefix) work.
check() {
  local root=$1 sysroot=$2 label=$3
  local libdir=$root/$libdir_rel
  [ -f "$libdir/liblmds.so" ] && [ -f "$libdir/liblmds.a" ] || fail "$label: no liblmds.so/.a in $libdir"
  [ -f "$libdir/pkgconfig/lmds.pc" ] || fail "$label: no lmds.pc in $libdir/pkgconfig"
  [ -f "$libdir/cmake/lmds/lmdsConfig.cmake" ] || fail "$label: no lmdsConfig.cmake in $libdir/cmake/lmds"
  [ -f "$root/include/lmds.h" ] && [ -f "$root/include/lmds/core.h" ] || fail "$label: headers missing"
  [ -f "$root/share/lmds/genome.sqlite" ] && [ -f "$root/share/lmds/tdb/lmds.tdb" ] || fail "$label: data missing"
  local soname
  soname=$(readelf -d "$libdir/liblmds.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  [[ $soname =~ ^liblmds\.so\.[0-9]+$ ]] && [ -e "$libdir/$soname" ] || fail "$label: SONAME '$soname'"

  # pkg-config: include and library paths resolve inside the installed tree.
  local flags
  flags=$(PKG_CONFIG_PATH=$libdir/pkgconfig PKG_CONFIG_SYSROOT_DIR=$sysroot pkg-config --cflags --libs lmds) ||
    fail "$label: pkg-config lmds"
  mkdir -p "$work/$label"
  # shellcheck disable=SC2086
  cc $san_flags "$work/app.c" $flags -Wl,-rpath,"$libdir" -o "$work/$label/app_pc" ||
    fail "$label: the README example does not compile with pkg-config ($flags)"
  out=$(LMDS_DATA_DIR=$root/share/lmds "$work/$label/app_pc") || fail "$label: the README example exits non-zero"
  [[ $out =~ $expect ]] || fail "$label: README example printed '$out'"

  # CMake: the README's consumer finds the package under the prefix.
  cmake -S "$work" -B "$work/$label/cb" -DCMAKE_PREFIX_PATH="$root" -DCMAKE_C_FLAGS="$san_flags" \
        -DCMAKE_EXE_LINKER_FLAGS="$san_flags" >"$work/$label/cmake.log" 2>&1 ||
    { tail -20 "$work/$label/cmake.log"; fail "$label: find_package(lmds) configure"; }
  cmake --build "$work/$label/cb" >"$work/$label/build.log" 2>&1 ||
    { tail -20 "$work/$label/build.log"; fail "$label: CMake consumer build"; }
  for exe in app app_static; do
    out=$(LMDS_DATA_DIR=$root/share/lmds "$work/$label/cb/$exe") || fail "$label: CMake-built $exe exits non-zero"
    [[ $out =~ $expect ]] || fail "$label: CMake-built $exe printed '$out'"
  done
  # The shared consumer really uses the installed library, not the build tree's.
  ldd "$work/$label/cb/app" | grep -q "$libdir/liblmds.so" || fail "$label: app is not linked to $libdir/liblmds.so"

  LMDS_DATA_DIR=$root/share/lmds "$root/bin/lmds" element In >/dev/null || fail "$label: installed lmds element In"
  echo "ok: $label: $libdir_rel/liblmds.so ($soname), pkg-config and find_package(lmds) (shared and static)"
}

DESTDIR=$work/stage cmake --install "$BUILD" --prefix /usr >/dev/null
check "$work/stage/usr" "$work/stage" staged-usr
cmake --install "$BUILD" --prefix "$work/local" >/dev/null
check "$work/local" "" prefix
