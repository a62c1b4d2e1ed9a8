//! Settings and inputs shared by the bench targets.
//!
//! Naming (read by later checks): group = operation (`sm4-ctr`), function = implementation
//! (`gmkit` on the automatically chosen backend, `gmkit-<backend>` forced, `rustcrypto`,
//! `openssl`), parameter = message length in bytes, with `Throughput::Bytes`.

use criterion::{BenchmarkId, Criterion};
use std::time::Duration;

/// Message lengths: 64 B, 1 KiB, 8 KiB.
pub const SIZES: [usize; 3] = [64, 1024, 8192];

/// Short warm-up and measurement so a full `cargo bench` stays under ~10 minutes.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .nresamples(20_000)
}

/// `n` bytes of a fixed, non-trivial pattern.
pub fn input(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(167) ^ 0x5c).collect()
}

/// `name/n`.
pub fn id(name: &str, n: usize) -> BenchmarkId {
    BenchmarkId::new(name, n)
}
