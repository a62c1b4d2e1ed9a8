//! SM2 batch verification (`gmkit::sm2::batch`): one verdict per item, the verdict the item gets
//! alone. Signatures come from RustCrypto `sm2` 0.14 (an independent implementation), so which
//! items are valid is known by construction: untouched signatures are valid; a changed message,
//! another key, another ID, a signature over another message or a changed r are not. With the
//! `parallel` feature the all-core form must give the same verdicts on any pool.

use gmkit::Error;
use gmkit::sm2::batch::{self, Item};
use gmkit::sm2::{PublicKey, Signature, VerifyingKey};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use signature::Signer;

const ID: &str = "1234567812345678";

/// A signer: its verifying keys (default ID and another ID) and RustCrypto's signing key.
struct Party {
    vk: VerifyingKey,
    vk_other_id: VerifyingKey,
    rc: sm2::dsa::SigningKey,
}

fn signers(rng: &mut StdRng, n: usize) -> Vec<Party> {
    (0..n)
        .map(|_| {
            let mut d = [0u8; 32];
            rng.fill(&mut d[..]);
            d[0] &= 0x7f; // below n
            d[31] |= 1; // not zero
            let secret = sm2::SecretKey::from_slice(&d).expect("d in [1, n - 2]");
            let public = PublicKey::from_sec1_bytes(&secret.public_key().to_sec1_bytes())
                .expect("RustCrypto's public key is on the curve");
            Party {
                vk: VerifyingKey::new(public),
                vk_other_id: VerifyingKey::with_id(public, b"ALICE123@YAHOO.COM").unwrap(),
                rc: sm2::dsa::SigningKey::new(ID, &secret).unwrap(),
            }
        })
        .collect()
}

fn rc_sign(s: &Party, msg: &[u8]) -> Signature {
    let sig: sm2::dsa::Signature = s.rc.sign(msg);
    Signature::from_bytes(&sig.to_bytes().into()).expect("r, s in [1, n - 1]")
}

/// The cases: (key, message, signature, expected verdict), six kinds in turn.
struct Case {
    key: VerifyingKey,
    msg: Vec<u8>,
    sig: Signature,
    valid: bool,
}

fn cases(seed: u64, n: usize) -> Vec<Case> {
    let mut rng = StdRng::seed_from_u64(seed);
    let ss = signers(&mut rng, 5);
    (0..n)
        .map(|i| {
            let s = &ss[i % ss.len()];
            let other = &ss[(i + 1) % ss.len()];
            let mut msg = vec![0u8; rng.random_range(0..80usize)];
            rng.fill(&mut msg[..]);
            let sig = rc_sign(s, &msg);
            match i % 6 {
                0 => Case {
                    key: s.vk,
                    msg,
                    sig,
                    valid: true,
                },
                1 => {
                    // The message changed after signing.
                    let mut m = msg.clone();
                    m.push(0x01);
                    Case {
                        key: s.vk,
                        msg: m,
                        sig,
                        valid: false,
                    }
                }
                2 => Case {
                    key: other.vk,
                    msg,
                    sig,
                    valid: false,
                },
                3 => Case {
                    key: s.vk_other_id,
                    msg,
                    sig,
                    valid: false,
                },
                4 => {
                    // A valid signature, but over another message.
                    let sig = rc_sign(s, b"another transaction");
                    Case {
                        key: s.vk,
                        msg,
                        sig,
                        valid: false,
                    }
                }
                _ => {
                    // r with its low bit flipped (still in range for these seeds).
                    let mut b = sig.to_bytes();
                    b[31] ^= 1;
                    Case {
                        key: s.vk,
                        msg,
                        sig: Signature::from_bytes(&b).expect("r still in [1, n - 1]"),
                        valid: false,
                    }
                }
            }
        })
        .collect()
}

fn items(cases: &[Case]) -> Vec<Item<'_>> {
    cases
        .iter()
        .map(|c| Item::new(&c.key, &c.msg, &c.sig))
        .collect()
}

#[test]
fn verdicts_match_construction_and_one_by_one() {
    let cases = cases(0x5a2_b001, 60);
    let want: Vec<bool> = cases.iter().map(|c| c.valid).collect();
    assert_eq!(want.iter().filter(|v| **v).count(), 10);
    let one_by_one: Vec<bool> = cases
        .iter()
        .map(|c| c.key.verify(&c.msg, &c.sig).is_ok())
        .collect();
    assert_eq!(one_by_one, want);
    let items = items(&cases);
    // Every verdict starts opposite to the expected one, so each must be written.
    let mut verdicts: Vec<bool> = want.iter().map(|v| !v).collect();
    batch::verify_batch(&items, &mut verdicts).unwrap();
    assert_eq!(verdicts, want);
    // Every prefix (a batch is no different at any length).
    for n in [1, 2, 5, 7, 59] {
        let mut v = vec![false; n];
        gmkit::sm2::verify_batch(&items[..n], &mut v).unwrap();
        assert_eq!(v, want[..n], "n {n}");
    }
}

#[test]
fn empty_batch_and_count_mismatch() {
    batch::verify_batch(&[], &mut []).unwrap();
    let cases = cases(0x5a2_b002, 3);
    let items = items(&cases);
    let mut verdicts = [true; 2];
    assert_eq!(
        batch::verify_batch(&items, &mut verdicts),
        Err(Error::InvalidLength)
    );
    assert_eq!(verdicts, [true; 2], "untouched");
}

#[cfg(feature = "parallel")]
mod parallel {
    use super::*;

    #[test]
    fn par_verdicts_equal_serial_on_any_pool() {
        let cases = cases(0x5a2_b003, 150);
        let want: Vec<bool> = cases.iter().map(|c| c.valid).collect();
        let items = items(&cases);
        for n in [0, 1, 3, 4, 5, 64, 150] {
            let mut serial = vec![false; n];
            batch::verify_batch(&items[..n], &mut serial).unwrap();
            assert_eq!(serial, want[..n]);
            let mut par: Vec<bool> = serial.iter().map(|v| !v).collect();
            batch::par_verify_batch(&items[..n], &mut par).unwrap();
            assert_eq!(par, serial, "global pool, n {n}");
            for threads in [1, 2, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let mut par = vec![false; n];
                pool.install(|| gmkit::sm2::par_verify_batch(&items[..n], &mut par))
                    .unwrap();
                assert_eq!(par, serial, "{threads} threads, n {n}");
            }
        }
    }

    #[test]
    fn par_empty_and_count_mismatch() {
        batch::par_verify_batch(&[], &mut []).unwrap();
        let cases = cases(0x5a2_b004, 2);
        let items = items(&cases);
        let mut verdicts = [false; 3];
        assert_eq!(
            batch::par_verify_batch(&items, &mut verdicts),
            Err(Error::InvalidLength)
        );
        assert_eq!(verdicts, [false; 3], "untouched");
    }
}

// --- Every batch backend against one-by-one verification ---------------------------------------

mod backends {
    use super::*;
    use gmkit::backend::Backend;
    use gmkit::sm2::batch::BatchBackend;

    /// n of sm2p256v1 (GB/T 32918.5 §3), big-endian.
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x72, 0x03, 0xdf, 0x6b, 0x21, 0xc6, 0x05, 0x2b, 0x53, 0xbb, 0xf4, 0x09, 0x39, 0xd5,
        0x41, 0x23,
    ];

    /// a − b on 256-bit big-endian integers (wrapping).
    fn sub(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
        let mut out = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let d = a[i] as i16 - b[i] as i16 - borrow;
            out[i] = d.rem_euclid(256) as u8;
            borrow = (d < 0) as i16;
        }
        out
    }

    fn small(v: u8) -> [u8; 32] {
        let mut b = [0u8; 32];
        b[31] = v;
        b
    }

    /// (n − x − y) for x + y < n: the s with r + s ≡ n − y (mod n) for r = x.
    fn n_minus(x: &[u8; 32], y: u8) -> [u8; 32] {
        sub(&sub(&N, x), &small(y))
    }

    fn random_below_half_n(rng: &mut StdRng) -> [u8; 32] {
        let mut b = [0u8; 32];
        rng.fill(&mut b[..]);
        b[0] &= 0x7f;
        b[31] |= 1;
        b
    }

    fn sig(r: &[u8; 32], s: &[u8; 32]) -> Signature {
        Signature::from_components(r, s).expect("r, s in [1, n - 1]")
    }

    /// A random mix: valid signatures, a changed message, another key, flipped bits of r or s,
    /// s = n − 1, r = n − 1, r + s = n (t = 0, B5), r + s = n − 6 (an exceptional addition in
    /// the 8-lane code), duplicates of earlier items; signers from a pool of `keys`.
    fn random_cases(rng: &mut StdRng, ss: &[Party], n: usize) -> Vec<Case> {
        let mut out: Vec<Case> = Vec::with_capacity(n);
        while out.len() < n {
            let s = &ss[rng.random_range(0..ss.len())];
            let other = &ss[rng.random_range(0..ss.len())];
            let mut msg = vec![0u8; rng.random_range(0..100usize)];
            rng.fill(&mut msg[..]);
            let good = rc_sign(s, &msg);
            let (r, sv) = (good.r(), good.s());
            let x = random_below_half_n(rng);
            let (key, msg, sig) = match rng.random_range(0..11u8) {
                0..=2 => (s.vk, msg, good),
                3 => {
                    let mut m = msg.clone();
                    m.push(7);
                    (s.vk, m, good)
                }
                4 => (other.vk, msg, good),
                5 => {
                    let mut b = good.to_bytes();
                    let bit = rng.random_range(0..512usize);
                    b[bit / 8] ^= 1 << (bit % 8);
                    match Signature::from_bytes(&b) {
                        Ok(sig) => (s.vk, msg, sig),
                        Err(_) => continue,
                    }
                }
                6 => (s.vk, msg, sig(&r, &n_minus(&small(0), 1))),
                7 => (s.vk, msg, sig(&n_minus(&small(0), 1), &sv)),
                8 => (s.vk, msg, sig(&x, &n_minus(&x, 0))),
                9 => (s.vk, msg, sig(&x, &n_minus(&x, 6))),
                _ => match out.get(rng.random_range(0..out.len().max(1))) {
                    Some(c) => (c.key, c.msg.clone(), c.sig),
                    None => continue,
                },
            };
            out.push(Case {
                key,
                msg,
                sig,
                valid: false, // not used: the expected verdicts are the one-by-one ones
            });
        }
        out
    }

    #[test]
    fn random_batches_match_one_by_one_on_every_backend() {
        let mut rng = StdRng::seed_from_u64(0x5a2_b0a7);
        let pool = signers(&mut rng, 12);
        let backends: Vec<BatchBackend> = BatchBackend::available().collect();
        assert!(backends.contains(&BatchBackend::OneByOne));
        let mut valid = 0;
        for round in 0..60 {
            // Every other round, one signer signs everything.
            let ss = if round % 2 == 0 {
                &pool[..]
            } else {
                &pool[round % 12..][..1]
            };
            let n = 1 + round % 40;
            let cases = random_cases(&mut rng, ss, n);
            let items = items(&cases);
            let want: Vec<bool> = items.iter().map(Item::verify).collect();
            valid += want.iter().filter(|v| **v).count();
            for &b in &backends {
                let mut got: Vec<bool> = want.iter().map(|v| !v).collect();
                batch::verify_batch_with(b, &items, &mut got).unwrap();
                assert_eq!(got, want, "backend {}, round {round}", b.name());
            }
            let mut got = vec![false; n];
            batch::verify_batch(&items, &mut got).unwrap();
            assert_eq!(got, want, "automatic backend, round {round}");
        }
        // Both verdicts occur (the valid ones are RustCrypto's untouched signatures).
        assert!(valid > 100, "{valid} valid items");
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn json(name: &str) -> serde_json::Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("vectors")
            .join(name);
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Every sm2p256v1 signature vector over a message in vectors/ (the generated verify
    /// groups, the signing groups' signatures, GB/T 32918.5 Annex A): (key, msg, sig, valid).
    /// Vectors whose key or DER signature does not parse must be invalid ones.
    fn vectors() -> Vec<(VerifyingKey, Vec<u8>, Signature, bool)> {
        let mut out = Vec::new();
        let mut unparsed = 0;
        for file in [
            "sm2_verify_gen.json",
            "sm2_sign_gen.json",
            "sm2_sign_published.json",
        ] {
            let doc = json(file);
            for g in doc["testGroups"].as_array().unwrap() {
                let ty = g["type"].as_str().unwrap();
                if g["curve"] != "sm2p256v1" || ty == "Sm2VerifyPrehashed" {
                    continue;
                }
                for t in g["tests"].as_array().unwrap() {
                    let valid = t["result"] == "valid";
                    let (pk, uid) = if ty == "Sm2Verify" {
                        (&g["publicKey"], &g["uid"])
                    } else {
                        (&t["pub"], &t["uid"])
                    };
                    let key = PublicKey::from_sec1_bytes(&hex(pk.as_str().unwrap()))
                        .and_then(|p| VerifyingKey::with_id(p, &hex(uid.as_str().unwrap())));
                    let sig = Signature::from_der(&hex(t["sig"].as_str().unwrap()));
                    match (key, sig) {
                        (Ok(key), Ok(sig)) => {
                            out.push((key, hex(t["msg"].as_str().unwrap()), sig, valid))
                        }
                        _ => {
                            assert!(!valid, "{file} tcId {}", t["tcId"]);
                            unparsed += 1;
                        }
                    }
                }
            }
        }
        // 53 + 25 + 1 sm2p256v1 vectors over a message in these files.
        assert_eq!(out.len() + unparsed, 79);
        out
    }

    #[test]
    fn vector_files_through_every_backend() {
        let vs = vectors();
        // 8 valid generated verify vectors, 25 generated signatures, Annex A's.
        assert_eq!(vs.iter().filter(|v| v.3).count(), 34);
        assert!(vs.len() > 40, "{} parsed vectors", vs.len());
        let items: Vec<Item<'_>> = vs.iter().map(|(k, m, s, _)| Item::new(k, m, s)).collect();
        let want: Vec<bool> = vs.iter().map(|v| v.3).collect();
        for b in BatchBackend::available() {
            let mut got: Vec<bool> = want.iter().map(|v| !v).collect();
            batch::verify_batch_with(b, &items, &mut got).unwrap();
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert_eq!(g, w, "backend {}, vector {i}", b.name());
            }
        }
    }

    #[test]
    fn count_mismatch_on_every_backend() {
        let cases = cases(0x5a2_b005, 3);
        let items = items(&cases);
        for b in BatchBackend::available() {
            let mut verdicts = [true; 4];
            assert_eq!(
                batch::verify_batch_with(b, &items, &mut verdicts),
                Err(Error::InvalidLength)
            );
            assert_eq!(verdicts, [true; 4], "untouched, {}", b.name());
            batch::verify_batch_with(b, &[], &mut []).unwrap();
        }
    }
}
