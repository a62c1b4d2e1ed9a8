#!/usr/bin/env bash
# What a crate that depends on `gmkit = "0.1"` with default features gets (issue 9):
# - no serde, serde_json, getrandom or openssl anywhere in its dependency tree;
# - no `hazmat` entry point: calling `sign_prehashed_with_k` does not compile;
# - the tests of the `cargo package`d library compile and pass from the tarball alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

mkdir -p "$tmp/dependent/src"
cat >"$tmp/dependent/Cargo.toml" <<TOML
[package]
name = "dependent"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
gmkit = { path = "$root" }
[workspace]
TOML
cat >"$tmp/dependent/src/main.rs" <<'RS'
use gmkit::sm2::{SecretKey, dsa::SigningKey};
fn main() {
    let key = SigningKey::new(SecretKey::from_bytes(&[1; 32]).unwrap());
    let _ = key.sign_prehashed_with_k(&[0; 32], &[2; 32]);
}
RS
cp "$root/Cargo.lock" "$tmp/dependent/Cargo.lock"

echo "== dependency tree of a default dependent"
bad=$(cd "$tmp/dependent" && cargo tree -e normal --prefix none | awk '{print $1}' |
      grep -xE 'serde|serde_json|serde_derive|getrandom|openssl|openssl-sys' | sort -u || true)
if [ -n "$bad" ]; then
  echo "FAIL: a default dependent pulls in: $bad" >&2
  exit 1
fi
echo "ok: none of serde, serde_json, getrandom, openssl"

echo "== hazmat is not reachable with default features"
if (cd "$tmp/dependent" && cargo build -q 2>"$tmp/err.txt"); then
  echo "FAIL: sign_prehashed_with_k compiled without the hazmat feature" >&2
  exit 1
fi
if ! grep -q "no method named \`sign_prehashed_with_k\`" "$tmp/err.txt"; then
  echo "FAIL: the build failed for another reason:" >&2
  cat "$tmp/err.txt" >&2
  exit 1
fi
echo "ok: sign_prehashed_with_k is not there"

echo "== the packaged library's tests, from the tarball alone"
(cd "$root" && cargo package -p gmkit --allow-dirty --no-verify -q)
crate=$(ls "$CARGO_TARGET_DIR"/package/gmkit-*.crate | sort -V | tail -n 1)
mkdir -p "$tmp/unpacked"
tar -xzf "$crate" -C "$tmp/unpacked"
dir=$(ls -d "$tmp"/unpacked/gmkit-*)
# The tarball's own manifest and lock file; every test target, with the features they name.
(cd "$dir" && cargo test -q --features kat,hazmat 2>&1 | grep -E '^(test result|error)' | sort | uniq -c)
echo "ok: the packaged tests pass"
