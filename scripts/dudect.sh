#!/usr/bin/env bash
# dudect-style timing tests (CONSTANT_TIME.md; issue 8 item 6): fixed-versus-random secret
# classes, Welch's t-test, on every SM4, GHASH, SM3 and SM3-batch backend this CPU has, HMAC-SM3,
# SM2 signing and decryption. Fails when any |t| exceeds 10, or when the deliberately leaky
# canary is NOT caught.
#
#   scripts/dudect.sh --quick            CI: about 2 minutes of measurement after the build
#   scripts/dudect.sh --seconds 3600     the long run recorded in CONSTANT_TIME.md
#   scripts/dudect.sh --filter GHASH     any ct-dudect arguments (--threshold, --list)
#
# Built in the `ct` profile (release + debug info), without gmkit's `ct-check` feature: the
# library is timed as it ships. The harness's own unit tests (the t statistic) run first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -q --profile ct -p gmkit-ct --bins --lib
cargo run -q --profile ct -p gmkit-ct --bin ct-dudect -- "$@"
