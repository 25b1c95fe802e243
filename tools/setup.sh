#!/usr/bin/env bash
# Install what lmds needs to build and test on Debian (12, bookworm). Idempotent: packages already present
# are left alone. Runs apt-get as root directly, otherwise through sudo.
set -euo pipefail
PKGS=(build-essential cmake pkg-config libgsl-dev libsqlite3-dev sqlite3 libcjson-dev libxgboost-dev
      libopenmpi-dev openmpi-bin libcmocka-dev clang libclang-rt-14-dev unzip jq)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
