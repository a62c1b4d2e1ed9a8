#!/usr/bin/env bash
# Miri over gmkit's portable code (CONSTANT_TIME.md §3; issue 8 item 7): the library's unit tests
# for SM4 (soft), SM3 (soft, batch serial, KDF), the modes (ECB, CBC, CTS, CFB, OFB, CTR, XTS,
# GCM/GHASH soft, CCM, CMAC, XCBC, CBC-MAC), HMAC/HKDF/PBKDF2, the SM2 field, scalar, DER and
# PBES2 code, the constant-time helpers and the vector runner's parsers, under Miri's checks for
# undefined behaviour (out-of-bounds and misaligned accesses, uninitialised reads, invalid values,
# aliasing under Stacked Borrows, leaks), with strict provenance.
#
# Under Miri, cpufeatures reports no CPU feature, so only the portable backends run (the test
# `ct::tests::miri_sees_only_the_portable_backends` checks it): the SIMD backends are `unsafe`
# intrinsics Miri does not emulate, and the SM2 point arithmetic (table.rs, point.rs) and the
# whole-algorithm known-answer tests are too slow under Miri's interpreter (minutes per scalar
# multiplication); both are covered natively by the test suite, valgrind (scripts/ct-check.sh) and
# the fuzz targets.
#
#   scripts/miri.sh            the selection recorded in CONSTANT_TIME.md (too slow for CI)
#   scripts/miri.sh sm4::      any libtest filters and options instead
#
# Needs the nightly toolchain with Miri: rustup toolchain install nightly --component miri
set -euo pipefail
cd "$(dirname "$0")/.."
if ! cargo +nightly miri --version >/dev/null 2>&1; then
  echo "miri: needs nightly with Miri (rustup toolchain install nightly --component miri)" >&2
  exit 1
fi
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}"
if [ $# -eq 0 ]; then
  # The portable code's unit tests, less the few whose loops take Miri many minutes (PBKDF2 with
  # 4096 and more iterations, GHASH's comparison with a bitwise reference over many products,
  # XTS up to the IEEE data-unit limit, 5000 SM4 key schedules compared across backends, of
  # which Miri has one); they run natively in `cargo test`.
  set -- ct:: sm4:: sm3:: modes:: mac:: sm2::field sm2::scalar sm2::der kat::hex kat::schema \
    kat::report --skip rfc6070 --skip rfc7914 --skip wycheproof_pbkdf2 \
    --skip mul_matches_bitwise_reference --skip ieee_data_unit_limit --skip key_schedules_agree
fi
# `kat` for the vector runner's parsers (kat::hex, kat::schema, kat::report).
cargo +nightly miri test -p gmkit --lib --features kat -- --test-threads=1 "$@"
