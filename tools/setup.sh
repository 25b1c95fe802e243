#!/usr/bin/env bash
# Install everything lmds needs to build and to run every stage of tools/test.sh on Debian 12 (bookworm), from a
# minimal system. Idempotent: packages already present are left alone. Runs apt-get as root directly, otherwise
# through sudo.
#   build:      build-essential cmake pkg-config, and the libraries libgsl-dev libsqlite3-dev libcjson-dev
#               libxgboost-dev libopenmpi-dev (with openmpi-bin for mpirun)
#   tests:      libcmocka-dev, sqlite3 (the CLI tests inspect genomes), binutils (nm, readelf: symbol and
#               install tests), chromium and fonts-dejavu-core (figures rendered to PNG headless), jq (JSON
#               output checked by the CLI tests)
#   sanitizers: clang with its runtimes libclang-rt-14-dev (ASan, UBSan, TSan, libFuzzer) and LLVM's OpenMP
#               libomp-dev (clang's -fopenmp; it ships libarcher, which makes TSan understand OpenMP)
set -euo pipefail
PKGS=(build-essential cmake pkg-config binutils
      libgsl-dev libsqlite3-dev sqlite3 libcjson-dev libxgboost-dev libopenmpi-dev openmpi-bin
      libcmocka-dev clang libclang-rt-14-dev libomp-dev
      chromium fonts-dejavu-core jq)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "tools/setup.sh: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
