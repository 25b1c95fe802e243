#!/usr/bin/env bash
# The validation tables of README.md and docs/*.md are what `lmds validate` computes: regenerate them into a
# temporary copy (tools/validation_tables.sh --check) and fail with the diff when a committed table is stale.
set -u
LMDS=$1; SRC=$2
command -v jq >/dev/null || { echo "FAIL: jq is needed"; exit 1; }
bash "$SRC/tools/validation_tables.sh" --check --lmds "$LMDS" --root "$SRC" || { echo "FAIL: stale validation tables"; exit 1; }
echo "ok: validation tables match lmds validate"
