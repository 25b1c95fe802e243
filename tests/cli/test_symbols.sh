#!/usr/bin/env bash
# Symbol hygiene: liblmds.so exports exactly the functions marked LMDS_API in include/ (the library is built with
# hidden visibility), so a private helper never becomes part of the ABI by accident.
set -u
LMDS=$1; SRC=$2
lib=$(dirname "$LMDS")/liblmds.so
[ -f "$lib" ] || { echo "FAIL: no shared library at $lib"; exit 1; }
command -v nm >/dev/null || { echo "FAIL: nm (binutils) is needed"; exit 1; }
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" {print $3}' |
           grep -v "^\.gomp_critical_user_" | sort -u) # OpenMP named critical sections are runtime locks, not API
# Declarations marked LMDS_API: the name before the first '(' on the marked line.
declared=$(cat "$SRC"/include/lmds.h "$SRC"/include/lmds/*.h |
           sed -n 's/^LMDS_API [^(]*[^A-Za-z0-9_]\(lmds_[A-Za-z0-9_]*\) *(.*/\1/p' | sort -u)
fails=0
extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [ -n "$extra" ]; then echo "FAIL: exported but not marked LMDS_API in include/:"; echo "$extra" | head -20; fails=1; fi
if [ -n "$missing" ]; then echo "FAIL: marked LMDS_API but not exported (declared, never defined?):"; echo "$missing" | head -20; fails=1; fi
n=$(echo "$declared" | wc -l)
[ $fails -eq 0 ] && echo "ok: $n public functions, exactly the exported set"
exit $fails
