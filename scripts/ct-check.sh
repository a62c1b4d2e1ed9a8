#!/usr/bin/env bash
# The constant-time check under valgrind memcheck (CONSTANT_TIME.md; issue 8 item 5).
#
# Builds ct/ (package gmkit-ct, binary ct-memcheck) in the `ct` profile (release + debug info)
# with gmkit's `ct-check` feature, then runs every secret-handling operation under valgrind on
# every backend valgrind can run, secrets marked undefined. Prints the table operation × backend
# and exits 0 only when nothing but the deliberately leaky canaries (and the findings listed as
# KNOWN in ct/src/bin/ct-memcheck.rs) is reported, and the canaries are. About 10 s after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  echo "ct-check: valgrind not found (Debian: apt-get install valgrind)" >&2
  exit 1
fi
cargo run -q --profile ct -p gmkit-ct --features memcheck --bin ct-memcheck
