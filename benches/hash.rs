//! SM3, HMAC-SM3, SHA-256, HMAC-SHA256, batched SM3 and the SM3 Merkle root throughput: gmkit
//! (auto and every forced backend) beside RustCrypto (`sm3`, `hmac`, `sha2`) and, with the
//! `oracle` feature, the system OpenSSL.

mod common;

use common::{SIZES, config, id, input};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use digest::Digest as _;
use gmkit::backend::Backend;
use gmkit::mac::Hmac;
use gmkit::sm3::batch::{Sm3Batch, Sm3BatchBackend};
use gmkit::sm3::{Sm3, Sm3Backend};
use hmac::{KeyInit as _, Mac as _};
use std::hint::black_box;

const HMAC_KEY: [u8; 32] = *b"gmkit bench HMAC-SM3 key 32 byte";

/// Messages per `sm3-batch` iteration, and their length.
const BATCH: usize = 1024;
const BATCH_MSG: usize = 64;

/// `gmkit` (automatic backend), then `gmkit-<backend>` for every SM3 backend this CPU runs; each
/// a fresh state that an iteration clones.
fn gmkit_sm3() -> Vec<(String, Sm3)> {
    let mut v = vec![("gmkit".to_string(), Sm3::new())];
    for b in Sm3Backend::available() {
        let h = Sm3::with_backend(b).expect("listed as available");
        v.push((format!("gmkit-{}", b.name()), h));
    }
    v
}

#[cfg(feature = "oracle")]
fn openssl_hash(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    md: openssl::hash::MessageDigest,
    msg: &[u8],
) {
    // `finish` re-initialises the context: no allocation per message.
    let mut h = openssl::hash::Hasher::new(md).expect("EVP_MD_CTX_new");
    g.bench_function(id("openssl", msg.len()), |b| {
        b.iter(|| {
            h.update(black_box(msg)).expect("update");
            h.finish().expect("finish")
        })
    });
}

fn sm3(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm3");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let msg = input(n);
        for (name, fresh) in gmkit_sm3() {
            g.bench_function(id(&name, n), |b| {
                b.iter(|| {
                    let mut h = fresh.clone();
                    h.update(black_box(&msg));
                    h.finalize()
                })
            });
        }
        g.bench_function(id("rustcrypto", n), |b| {
            b.iter(|| sm3::Sm3::digest(black_box(&msg)))
        });
        #[cfg(feature = "oracle")]
        openssl_hash(&mut g, openssl::hash::MessageDigest::sm3(), &msg);
    }
    g.finish();
}

fn hmac_sm3(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac-sm3");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let msg = input(n);
        // Keyed once; an iteration clones the keyed state and MACs one message.
        for (name, fresh) in gmkit_sm3() {
            let keyed = Hmac::new_with_state(&HMAC_KEY, fresh);
            g.bench_function(id(&name, n), |b| {
                b.iter(|| {
                    let mut m = keyed.clone();
                    m.update(black_box(&msg));
                    m.finalize()
                })
            });
        }
        let keyed = hmac::Hmac::<sm3::Sm3>::new_from_slice(&HMAC_KEY).expect("any key length");
        g.bench_function(id("rustcrypto", n), |b| {
            b.iter(|| {
                let mut m = keyed.clone();
                m.update(black_box(&msg));
                m.finalize().into_bytes()
            })
        });
    }
    g.finish();
}

fn sha256(c: &mut Criterion) {
    let mut g = c.benchmark_group("sha256");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let msg = input(n);
        g.bench_function(id("gmkit", n), |b| {
            b.iter(|| <gmkit::intl::Sha256 as gmkit::Hash>::digest(black_box(&msg)))
        });
        g.bench_function(id("rustcrypto", n), |b| {
            b.iter(|| sha2::Sha256::digest(black_box(&msg)))
        });
        #[cfg(feature = "oracle")]
        openssl_hash(&mut g, openssl::hash::MessageDigest::sha256(), &msg);
    }
    g.finish();
}

fn hmac_sha256(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac-sha256");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let msg = input(n);
        let keyed = Hmac::new_with_state(&HMAC_KEY, <gmkit::intl::Sha256 as gmkit::Hash>::new());
        g.bench_function(id("gmkit", n), |b| {
            b.iter(|| {
                let mut m = keyed.clone();
                m.update(black_box(&msg));
                m.finalize()
            })
        });
        let keyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(&HMAC_KEY).expect("any key length");
        g.bench_function(id("rustcrypto", n), |b| {
            b.iter(|| {
                let mut m = keyed.clone();
                m.update(black_box(&msg));
                m.finalize().into_bytes()
            })
        });
    }
    g.finish();
}

/// Transaction hashes per `sm3-merkle` iteration.
const LEAVES: usize = 4096;

/// The Merkle root (GM/T 0111-2021 §8.5, `gmkit::sm3::merkle`) of 4,096 32-byte transaction
/// hashes per iteration on one thread; parameter = leaf length, throughput = the leaf bytes.
fn sm3_merkle(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm3-merkle");
    g.throughput(Throughput::Bytes((LEAVES * 32) as u64));
    let txs: Vec<[u8; 32]> = input(LEAVES * 32).as_chunks::<32>().0.to_vec();
    let mut level = txs.clone();
    for (name, batch) in gmkit_sm3_batch() {
        g.bench_function(id(&name, 32), |b| {
            b.iter(|| {
                level.copy_from_slice(black_box(&txs));
                gmkit::sm3::merkle::root_in_place(&batch, &mut level)
            })
        });
    }
    g.finish();
}

/// `gmkit` (automatic batch backend), then `gmkit-<backend>` for every multi-buffer SM3 backend
/// this CPU runs.
fn gmkit_sm3_batch() -> Vec<(String, Sm3Batch)> {
    let mut v = vec![("gmkit".to_string(), Sm3Batch::new())];
    for b in Sm3BatchBackend::available() {
        let h = Sm3Batch::with_backend(b).expect("listed as available");
        v.push((format!("gmkit-{}", b.name()), h));
    }
    v
}

/// One iteration hashes 1,024 independent 64-byte messages; parameter = message length,
/// throughput = all the bytes hashed.
fn sm3_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm3-batch");
    g.throughput(Throughput::Bytes((BATCH * BATCH_MSG) as u64));
    let flat = input(BATCH * BATCH_MSG);
    let msgs: Vec<[u8; BATCH_MSG]> = flat.as_chunks::<BATCH_MSG>().0.to_vec();
    let mut out = vec![[0u8; 32]; BATCH];
    for (name, batch) in gmkit_sm3_batch() {
        g.bench_function(id(&name, BATCH_MSG), |b| {
            b.iter(|| {
                batch
                    .digest_many(black_box(&msgs), &mut out)
                    .expect("as many outputs as messages")
            })
        });
    }
    g.bench_function(id("rustcrypto", BATCH_MSG), |b| {
        b.iter(|| {
            for (m, o) in black_box(&msgs).iter().zip(out.iter_mut()) {
                *o = sm3::Sm3::digest(m).into();
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = sm3, hmac_sm3, sha256, hmac_sha256, sm3_batch, sm3_merkle
}
criterion_main!(benches);
