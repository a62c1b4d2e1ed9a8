//! The all-core SM3 APIs (feature `parallel`): `batch::par_digest_many` against RustCrypto `sm3`
//! message by message, and `merkle::par_root` against the RFC 6962 §2.1 recursion written here
//! with RustCrypto `sm3` — on rayon's global pool and on pools of 1, 2 and 3 threads, so the runs
//! split differently; the one-thread forms must agree too.

use gmkit::Error;
use gmkit::backend::Backend;
use gmkit::sm3::batch::{self, Sm3Batch, Sm3BatchBackend};
use gmkit::sm3::merkle;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn oracle_sm3(data: &[u8]) -> [u8; 32] {
    use ::sm3::Digest;
    ::sm3::Sm3::digest(data).into()
}

/// RFC 6962 §2.1 MTH with SM3: leaves 0x00 ‖ d, nodes 0x01 ‖ left ‖ right, split at the largest
/// power of two below n.
fn oracle_mth(d: &[[u8; 32]]) -> [u8; 32] {
    match d.len() {
        0 => oracle_sm3(b""),
        1 => oracle_sm3(&[&[0u8][..], &d[0]].concat()),
        n => {
            let k = 1 << (usize::BITS - 1 - (n - 1).leading_zeros());
            oracle_sm3(&[&[1u8][..], &oracle_mth(&d[..k]), &oracle_mth(&d[k..])].concat())
        }
    }
}

fn pools() -> Vec<rayon::ThreadPool> {
    [1, 2, 3]
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("a thread pool")
        })
        .collect()
}

/// Mixed lengths 0..300 (every padding case), counts around the run boundaries (64 messages per
/// run at least), on every batch backend and every pool.
#[test]
fn par_digest_many_matches_rustcrypto() {
    let mut r = StdRng::seed_from_u64(0x5a3_9001);
    let msgs: Vec<Vec<u8>> = (0..1100)
        .map(|_| {
            let mut m = vec![0u8; r.random_range(0..300usize)];
            r.fill(&mut m[..]);
            m
        })
        .collect();
    let want: Vec<[u8; 32]> = msgs.iter().map(|m| oracle_sm3(m)).collect();
    for n in [0, 1, 63, 64, 65, 129, 1000, 1100] {
        for b in Sm3BatchBackend::available() {
            let batch = Sm3Batch::with_backend(b).unwrap();
            let mut out = vec![[0u8; 32]; n];
            batch.par_digest_many(&msgs[..n], &mut out).unwrap();
            assert_eq!(out, want[..n], "{b:?} n {n}");
            for pool in pools() {
                let mut out = vec![[0u8; 32]; n];
                pool.install(|| batch.par_digest_many(&msgs[..n], &mut out))
                    .unwrap();
                assert_eq!(
                    out,
                    want[..n],
                    "{b:?} n {n} {} threads",
                    pool.current_num_threads()
                );
            }
        }
        let mut out = vec![[0u8; 32]; n];
        batch::par_digest_many(&msgs[..n], &mut out).unwrap();
        assert_eq!(out, want[..n], "auto n {n}");
        let mut serial = vec![[0u8; 32]; n];
        batch::digest_many(&msgs[..n], &mut serial).unwrap();
        assert_eq!(serial, out, "serial == parallel, n {n}");
    }
}

#[test]
fn par_digest_many_refuses_count_mismatch() {
    let msgs = [[1u8; 10]; 3];
    let mut out = [[7u8; 32]; 2];
    assert_eq!(
        batch::par_digest_many(&msgs, &mut out),
        Err(Error::InvalidLength)
    );
    assert_eq!(out, [[7u8; 32]; 2], "untouched");
}

/// Tree sizes around powers of two and run boundaries, up to several runs per level.
#[test]
fn par_root_matches_rfc6962_and_the_serial_root() {
    let mut r = StdRng::seed_from_u64(0x5a3_9002);
    let txs: Vec<[u8; 32]> = (0..5000)
        .map(|_| {
            let mut t = [0u8; 32];
            r.fill(&mut t[..]);
            t
        })
        .collect();
    let sizes = [
        0, 1, 2, 3, 5, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1000, 4096, 4097, 5000,
    ];
    let pools = pools();
    for n in sizes {
        let want = oracle_mth(&txs[..n]);
        assert_eq!(merkle::par_root(&txs[..n]), want, "n {n}");
        assert_eq!(merkle::root(&txs[..n]), want, "serial n {n}");
        for pool in &pools {
            assert_eq!(
                pool.install(|| merkle::par_root(&txs[..n])),
                want,
                "n {n}, {} threads",
                pool.current_num_threads()
            );
        }
    }
}
