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
