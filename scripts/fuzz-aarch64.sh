#!/usr/bin/env bash
# Fuzz the aarch64 backends against the portable ones, cross-built here and run under qemu-user:
# sm4_backends (sm4-ce, neon vs soft), sm3_backends (sm3-ce, neon-x4 vs soft/serial) and
# ghash_backends (pmull vs soft), on `-cpu max`, which has every feature these backends use.
#
#   scripts/fuzz-aarch64.sh              # each target for 15 s
#   FUZZ_SECONDS=300 scripts/fuzz-aarch64.sh sm4_backends
#
# Needs: the nightly toolchain with the aarch64-unknown-linux-gnu target (added below if
# missing), cargo-fuzz, gcc-aarch64-linux-gnu and g++-aarch64-linux-gnu (libFuzzer is C++),
# libc6-dev-arm64-cross and qemu-user. `.cargo/config.toml` names the cross linker. No sanitizer
# (`-s none`): ASan does not run under qemu-user; the targets' own comparisons are the oracle.
# Under qemu a target runs ~100 inputs a second: this finds disagreements in the shapes the seeds
# reach, it is not a long fuzzing campaign.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
T=aarch64-unknown-linux-gnu
secs=${FUZZ_SECONDS:-15}
# Its own target directory (not CARGO_TARGET_DIR): fuzz builds use other RUSTFLAGS than the
# workspace's, and would rebuild a shared directory's aarch64 artifacts back and forth.
dir=${FUZZ_TARGET_DIR:-$PWD/target}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sm4_backends sm3_backends ghash_backends)

command -v aarch64-linux-gnu-g++ >/dev/null ||
  { echo "fuzz-aarch64: needs aarch64-linux-gnu-g++ (Debian: g++-aarch64-linux-gnu)" >&2; exit 1; }
command -v qemu-aarch64 >/dev/null ||
  { echo "fuzz-aarch64: needs qemu-aarch64 (Debian: qemu-user)" >&2; exit 1; }
rustup target list --installed --toolchain nightly | grep -qx $T ||
  rustup target add --toolchain nightly $T

for t in "${targets[@]}"; do
  cargo +nightly fuzz build --target $T -s none --target-dir "$dir" "$t"
  mkdir -p "corpus/$t" "artifacts/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  log=$(mktemp)
  if ! qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max "$dir/$T/release/$t" \
       "corpus/$t" "${seeds[@]}" -artifact_prefix="artifacts/$t/" \
       -max_total_time="$secs" -rss_limit_mb=2048 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz-aarch64 $t: FAILED (input in fuzz/artifacts/$t/; see fuzz/README.md)" >&2
    rm -f "$log"
    exit 1
  fi
  echo "fuzz-aarch64 $t: ok, $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log")"
  rm -f "$log"
done
