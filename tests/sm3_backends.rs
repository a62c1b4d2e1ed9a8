//! The SM3 backends beyond `soft` (single-stream and multi-buffer), the batch API, HMAC-SM3 and
//! the SM2 KDF over many keys, and the Merkle root: every backend this CPU runs (x86-64 and
//! aarch64 alike), against RustCrypto `sm3` / `hmac` and constructions written here from the
//! standards, on seeded random inputs.

use gmkit::Error;
use gmkit::backend::Backend;
use gmkit::sm3::batch::{self, Sm3Batch, Sm3BatchBackend};
use gmkit::sm3::{Sm3, Sm3Backend, merkle};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn oracle_sm3(data: &[u8]) -> [u8; 32] {
    use ::sm3::Digest;
    ::sm3::Sm3::digest(data).into()
}

fn random_bytes(r: &mut StdRng, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    r.fill(&mut v[..]);
    v
}

fn batches() -> Vec<Sm3Batch> {
    Sm3BatchBackend::available()
        .map(|b| Sm3Batch::with_backend(b).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Single-stream backends

/// Every length 0..=1000 (so every block and padding boundary), one-shot and in random pieces,
/// on every backend, against RustCrypto and the soft backend.
#[test]
fn every_backend_every_length_to_1000() {
    let mut r = StdRng::seed_from_u64(0x5a3_0001);
    let data = random_bytes(&mut r, 1000);
    for backend in Sm3Backend::available() {
        for len in 0..=1000 {
            let msg = &data[..len];
            let want = oracle_sm3(msg);
            let mut h = Sm3::with_backend(backend).unwrap();
            h.update(msg);
            assert_eq!(h.finalize(), want, "{backend:?} one-shot len {len}");

            let mut h = Sm3::with_backend(backend).unwrap();
            let mut rest = msg;
            while !rest.is_empty() {
                let n = r.random_range(1..=130usize).min(rest.len());
                h.update(&rest[..n]);
                rest = &rest[n..];
            }
            assert_eq!(h.finalize(), want, "{backend:?} chunked len {len}");

            let mut soft = Sm3::with_backend(Sm3Backend::Soft).unwrap();
            soft.update(msg);
            assert_eq!(soft.finalize(), want, "soft len {len}");
        }
    }
}

/// Long inputs: every length within one byte of a block multiple up to 4 KiB, so that a call
/// compresses from 1 to 64 blocks at once.
#[test]
fn every_backend_block_multiples_to_4k() {
    let mut r = StdRng::seed_from_u64(0x5a3_0002);
    let data = random_bytes(&mut r, 4097);
    for backend in Sm3Backend::available() {
        for blocks in 1..=64 {
            for len in [64 * blocks - 1, 64 * blocks, 64 * blocks + 1] {
                let mut h = Sm3::with_backend(backend).unwrap();
                h.update(&data[..len]);
                assert_eq!(h.finalize(), oracle_sm3(&data[..len]), "{backend:?} {len}");
            }
        }
        // Streaming across calls of several blocks each, with finalize_reset in between.
        let mut h = Sm3::with_backend(backend).unwrap();
        for round in 0..3 {
            for piece in data.chunks(64 * 5 + round) {
                h.update(piece);
            }
            assert_eq!(
                h.finalize_reset(),
                oracle_sm3(&data),
                "{backend:?} round {round}"
            );
        }
    }
}

#[test]
fn backend_list() {
    assert_eq!(*Sm3Backend::ALL.last().unwrap(), Sm3Backend::Soft);
    for b in Sm3Backend::available() {
        assert_eq!(Sm3Backend::from_name(b.name()), Some(b));
        let h = Sm3::with_backend(b).unwrap();
        assert_eq!(gmkit::Hash::backend_name(&h), b.name());
    }
    #[cfg(target_arch = "x86_64")]
    {
        assert_eq!(
            Sm3Backend::from_name("avx2-bmi2"),
            Some(Sm3Backend::Avx2Bmi2)
        );
        let have = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("bmi2");
        assert_eq!(Sm3Backend::Avx2Bmi2.is_available(), have);
        if !have {
            assert_eq!(
                Sm3::with_backend(Sm3Backend::Avx2Bmi2).unwrap_err(),
                Error::BackendUnavailable
            );
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        assert_eq!(Sm3Backend::from_name("sm3-ce"), Some(Sm3Backend::Sm3Ce));
        // std's own HWCAP reading, independent of gmkit's; its "sm4" needs FEAT_SM3 and FEAT_SM4.
        let have = Sm3Backend::Sm3Ce.is_available();
        if std::arch::is_aarch64_feature_detected!("sm4") {
            assert!(have);
        }
        // Best first: the instructions when present, else soft.
        let best = if have {
            Sm3Backend::Sm3Ce
        } else {
            Sm3Backend::Soft
        };
        assert_eq!(Sm3Backend::available().next(), Some(best));
        if !have {
            assert_eq!(
                Sm3::with_backend(Sm3Backend::Sm3Ce).unwrap_err(),
                Error::BackendUnavailable
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Batch

/// 0..=40 messages of 0..=300 bytes, every batch backend, against one hash at a time.
#[test]
fn batch_mixed_lengths() {
    let mut r = StdRng::seed_from_u64(0x5a3_0003);
    for batch in batches() {
        for count in 0..=40usize {
            let msgs: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let len = r.random_range(0..=300usize);
                    random_bytes(&mut r, len)
                })
                .collect();
            let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
            let mut out = vec![[0xa5u8; 32]; count];
            batch.digest_many(&refs, &mut out).unwrap();
            for (i, (m, d)) in msgs.iter().zip(&out).enumerate() {
                assert_eq!(*d, oracle_sm3(m), "{batch:?} count {count} #{i}");
            }
        }
    }
}

/// Many messages whose lengths differ a lot (lanes finish at different blocks and are refilled
/// many times), including every length around the one- and two-block padding boundaries.
#[test]
fn batch_refills_and_padding_boundaries() {
    let mut r = StdRng::seed_from_u64(0x5a3_0004);
    let mut msgs: Vec<Vec<u8>> = (0..=130).map(|len| random_bytes(&mut r, len)).collect();
    for _ in 0..150 {
        let len = r.random_range(0..=3000usize);
        msgs.push(random_bytes(&mut r, len));
    }
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let want: Vec<[u8; 32]> = msgs.iter().map(|m| oracle_sm3(m)).collect();
    for batch in batches() {
        let mut out = vec![[0u8; 32]; msgs.len()];
        batch.digest_many(&refs, &mut out).unwrap();
        assert_eq!(out, want, "{batch:?}");
    }
    // The free function (automatic backend), on references and on owned messages.
    let mut out = vec![[0u8; 32]; msgs.len()];
    batch::digest_many(&refs, &mut out).unwrap();
    assert_eq!(out, want);
    let mut out = vec![[0u8; 32]; msgs.len()];
    batch::digest_many(&msgs, &mut out).unwrap();
    assert_eq!(out, want);
}

#[test]
fn batch_count_mismatch() {
    let msgs: [&[u8]; 3] = [b"a", b"b", b"c"];
    for batch in batches() {
        let mut out = [[7u8; 32]; 2];
        assert_eq!(
            batch.digest_many(&msgs, &mut out),
            Err(Error::InvalidLength)
        );
        assert_eq!(out, [[7u8; 32]; 2], "output untouched");
        let mut out = [[7u8; 32]; 4];
        assert_eq!(
            batch.digest_many(&msgs, &mut out),
            Err(Error::InvalidLength)
        );
    }
}

#[test]
fn batch_backend_list() {
    assert_eq!(
        *Sm3BatchBackend::ALL.last().unwrap(),
        Sm3BatchBackend::Serial
    );
    assert!(Sm3BatchBackend::Serial.is_available());
    for b in Sm3BatchBackend::available() {
        assert_eq!(Sm3BatchBackend::from_name(b.name()), Some(b));
        assert_eq!(Sm3Batch::with_backend(b).unwrap().backend(), b);
    }
    #[cfg(target_arch = "x86_64")]
    {
        let avx512 = std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512vl");
        assert_eq!(Sm3BatchBackend::Avx512x16.is_available(), avx512);
        if !avx512 {
            assert_eq!(
                Sm3Batch::with_backend(Sm3BatchBackend::Avx512x16).unwrap_err(),
                Error::BackendUnavailable
            );
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        // NEON is baseline on aarch64: the 4-lane backend is always there and comes first.
        assert_eq!(
            Sm3BatchBackend::from_name("neon-x4"),
            Some(Sm3BatchBackend::NeonX4)
        );
        assert!(std::arch::is_aarch64_feature_detected!("neon"));
        assert_eq!(
            Sm3BatchBackend::available().next(),
            Some(Sm3BatchBackend::NeonX4)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// HMAC-SM3 and the KDF over many keys

fn oracle_hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use ::hmac::{KeyInit as _, Mac as _};
    let mut m = ::hmac::SimpleHmac::<::sm3::Sm3>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().into()
}

/// Keys of 0..=150 bytes (below, at and above the 64-byte block, so some are hashed first) with
/// messages of 0..=300 bytes, more pairs than one internal chunk, every batch backend.
#[test]
fn hmac_many_matches_rustcrypto() {
    let mut r = StdRng::seed_from_u64(0x5a3_0005);
    let keys: Vec<Vec<u8>> = (0..=150).map(|len| random_bytes(&mut r, len)).collect();
    let msgs: Vec<Vec<u8>> = (0..keys.len())
        .map(|_| {
            let len = r.random_range(0..=300usize);
            random_bytes(&mut r, len)
        })
        .collect();
    let key_refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    let msg_refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let want: Vec<[u8; 32]> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| oracle_hmac(k, m))
        .collect();
    for batch in batches() {
        for n in [0, 1, 17, keys.len()] {
            let mut out = vec![[0u8; 32]; n];
            batch
                .hmac_many(&key_refs[..n], &msg_refs[..n], &mut out)
                .unwrap();
            assert_eq!(out, want[..n], "{batch:?} n {n}");
        }
    }
    let mut out = vec![[0u8; 32]; keys.len()];
    batch::hmac_many(&key_refs, &msg_refs, &mut out).unwrap();
    assert_eq!(out, want);

    let mut out = [[1u8; 32]; 2];
    assert_eq!(
        batch::hmac_many(&key_refs[..2], &msg_refs[..3], &mut out),
        Err(Error::InvalidLength)
    );
    assert_eq!(
        batch::hmac_many(&key_refs[..3], &msg_refs[..3], &mut out),
        Err(Error::InvalidLength)
    );
    assert_eq!(out, [[1u8; 32]; 2]);
}

/// GB/T 32918.4 §5.4.3 built directly: Ha_i = SM3(Z ‖ ct_i), ct from 1, big-endian, cut to klen.
fn oracle_kdf(z: &[u8], len: usize) -> Vec<u8> {
    let mut k = Vec::new();
    let mut ct = 1u32;
    while k.len() < len {
        let mut input = z.to_vec();
        input.extend_from_slice(&ct.to_be_bytes());
        k.extend_from_slice(&oracle_sm3(&input));
        ct += 1;
    }
    k.truncate(len);
    k
}

#[test]
fn kdf_many_matches_direct_construction() {
    let mut r = StdRng::seed_from_u64(0x5a3_0006);
    // Z of 0..=140 bytes (the counter crosses block boundaries), outputs of 0..=300 bytes.
    let zs: Vec<Vec<u8>> = (0..=140).map(|len| random_bytes(&mut r, len)).collect();
    let lens: Vec<usize> = (0..zs.len())
        .map(|i| {
            if i % 7 == 0 {
                0
            } else {
                r.random_range(1..=300usize)
            }
        })
        .collect();
    let z_refs: Vec<&[u8]> = zs.iter().map(Vec::as_slice).collect();
    let want: Vec<Vec<u8>> = zs
        .iter()
        .zip(&lens)
        .map(|(z, &n)| oracle_kdf(z, n))
        .collect();
    for batch in batches() {
        let mut bufs: Vec<Vec<u8>> = lens.iter().map(|&n| vec![0x5a; n]).collect();
        let mut outs: Vec<&mut [u8]> = bufs.iter_mut().map(Vec::as_mut_slice).collect();
        batch.kdf_many(&z_refs, &mut outs).unwrap();
        assert_eq!(bufs, want, "{batch:?}");
        // Owned containers on both sides.
        let mut bufs: Vec<Vec<u8>> = lens.iter().map(|&n| vec![0xa5; n]).collect();
        batch.kdf_many(&zs, &mut bufs).unwrap();
        assert_eq!(bufs, want, "{batch:?} (Vec)");
    }
    // Agrees with the one-key KDF.
    let mut one = vec![0u8; 100];
    gmkit::sm3::kdf(&zs[64], &mut one).unwrap();
    let mut many = vec![0u8; 100];
    batch::kdf_many(&[&zs[64]], &mut [&mut many[..]]).unwrap();
    assert_eq!(one, many);

    let mut a = [0u8; 4];
    let mut outs: [&mut [u8]; 1] = [&mut a];
    assert_eq!(
        batch::kdf_many(&z_refs[..2], &mut outs),
        Err(Error::InvalidLength)
    );
    assert_eq!(a, [0u8; 4]);
}

// ---------------------------------------------------------------------------------------------
// Merkle root

/// RFC 6962 §2.1, written recursively with RustCrypto `sm3`: MTH({}) = SM3(""),
/// MTH({d}) = SM3(0x00 ‖ d), MTH(D[n]) = SM3(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest
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

#[test]
fn merkle_root_matches_rfc6962_recursion() {
    let mut r = StdRng::seed_from_u64(0x5a3_0007);
    let txs: Vec<[u8; 32]> = (0..300)
        .map(|_| random_bytes(&mut r, 32).try_into().unwrap())
        .collect();
    let sizes: Vec<usize> = (0..=70)
        .chain([127, 128, 129, 255, 256, 257, 300])
        .collect();
    for batch in batches() {
        for &n in &sizes {
            let mut level = txs[..n].to_vec();
            let root = merkle::root_in_place(&batch, &mut level);
            assert_eq!(root, oracle_mth(&txs[..n]), "{batch:?} n {n}");
        }
    }
    for &n in &sizes {
        assert_eq!(merkle::root(&txs[..n]), oracle_mth(&txs[..n]), "n {n}");
    }
}

/// Small trees spelt out node by node with RustCrypto `sm3`.
#[test]
fn merkle_small_trees() {
    let t: Vec<[u8; 32]> = (1..=5u8).map(|i| [i; 32]).collect();
    let leaf = |d: &[u8; 32]| oracle_sm3(&[&[0u8][..], d].concat());
    let node = |a: &[u8; 32], b: &[u8; 32]| oracle_sm3(&[&[1u8][..], a, b].concat());
    let l: Vec<[u8; 32]> = t.iter().map(leaf).collect();

    assert_eq!(merkle::root(&[]), oracle_sm3(b""));
    assert_eq!(merkle::root(&t[..1]), l[0]);
    assert_eq!(merkle::root(&t[..2]), node(&l[0], &l[1]));
    // Three leaves: the third is promoted, not paired with itself.
    let n01 = node(&l[0], &l[1]);
    assert_eq!(merkle::root(&t[..3]), node(&n01, &l[2]));
    assert_ne!(merkle::root(&t[..3]), node(&n01, &node(&l[2], &l[2])));
    let n23 = node(&l[2], &l[3]);
    assert_eq!(merkle::root(&t[..4]), node(&n01, &n23));
    assert_eq!(merkle::root(&t[..5]), node(&node(&n01, &n23), &l[4]));

    assert_eq!(merkle::leaf_hash(&t[0]), l[0]);
    assert_eq!(merkle::node_hash(&l[0], &l[1]), n01);
    // A list and the same list with its last hash repeated have different roots.
    let dup = [t[0], t[1], t[2], t[2]];
    assert_ne!(merkle::root(&dup), merkle::root(&t[..3]));
}
