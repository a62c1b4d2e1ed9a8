//! The operations timed by `gmkit bench`: each SM operation paired with its international
//! counterpart. Every operation builds its keys and buffers once per thread; the timed body only
//! reads and writes those (no allocation), and feeds its results to `black_box`.

use std::hint::black_box;

use gmkit::backend::Backend as _;
use gmkit::intl::{Aes128, Aes128Gcm, Sha256};
use gmkit::mac::Hmac;
use gmkit::modes::{cbc, ctr::Ctr, gcm::Gcm};
use gmkit::sm2::{self, dsa};
use gmkit::sm3::{Sm3, batch::Sm3Batch};
use gmkit::sm4::Sm4;
use gmkit::{Aead as _, BlockCipher128, CtrWidth, Hash};

/// What a row's throughput counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    /// Message bytes: MB/s (10⁶ bytes per second).
    Bytes,
    /// Whole operations (a signature, a verification): ops/s.
    Ops,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Bytes => "MB/s",
            Unit::Ops => "ops/s",
        }
    }
}

/// An operation ready to time: `run(n)` performs it `n` times.
pub trait Workload: Send {
    fn run(&mut self, n: u64);
}

/// A workload with the backend it runs on (`backend_name()` of its key or hash state).
pub struct Built {
    pub work: Box<dyn Workload>,
    pub backend: String,
}

/// Builds the workload for thread `t` (each thread gets its own keys and buffers).
type Make = Box<dyn Fn(usize) -> Result<Built, String> + Sync>;

/// One timed operation.
pub struct Op {
    /// Operation name (criterion's group names where there is one): `sm4-ctr`.
    pub name: &'static str,
    /// The code that runs: `gmkit::modes::ctr over gmkit::sm4::Sm4`.
    pub implementation: &'static str,
    /// Message length in bytes.
    pub bytes: usize,
    /// Messages per iteration (1 except for the batch rows).
    pub messages: usize,
    pub unit: Unit,
    pub make: Make,
}

impl Op {
    /// What one iteration adds to the throughput: bytes (for MB/s) or operations.
    pub fn per_iteration(&self) -> f64 {
        match self.unit {
            Unit::Bytes => (self.bytes * self.messages) as f64,
            Unit::Ops => self.messages as f64,
        }
    }

    /// `64 B`, `1024×64 B`.
    pub fn size_label(&self) -> String {
        if self.messages == 1 {
            format!("{} B", self.bytes)
        } else {
            format!("{}×{} B", self.messages, self.bytes)
        }
    }
}

/// An SM operation and its international counterpart.
pub struct Pair {
    pub sm: Op,
    pub intl: Op,
}

impl Pair {
    /// `--filter`: the (lower-case) substring is in either operation's name.
    pub fn matches(&self, filter: &str) -> bool {
        self.sm.name.contains(filter) || self.intl.name.contains(filter)
    }
}

/// Messages per `sm3-batch` iteration, and their length (as the criterion group `sm3-batch`).
const BATCH: usize = 1024;
const BATCH_MSG: usize = 64;
/// Message signed and verified.
const SIGNED_LEN: usize = 32;
const IV: [u8; 16] = *b"gmkit bench iv..";
const NONCE: [u8; 12] = *b"gmkit nonce.";

/// Every pair for message length `size`, in report order.
pub fn pairs(size: usize) -> Vec<Pair> {
    let mut hash_sizes = vec![64, size];
    hash_sizes.dedup();
    hash_sizes.sort_unstable();
    let mut v = Vec::new();
    for &n in &hash_sizes {
        v.push(Pair {
            sm: hash::<Sm3>("sm3", "gmkit::sm3::Sm3", n),
            intl: hash::<Sha256>("sha256", "gmkit::intl::Sha256 (sha2 crate)", n),
        });
    }
    for &n in &hash_sizes {
        v.push(Pair {
            sm: hmac::<Sm3>("hmac-sm3", "gmkit::mac::HmacSm3", n),
            intl: hmac::<Sha256>("hmac-sha256", "gmkit::mac::HmacSha256 (sha2 crate)", n),
        });
    }
    v.push(Pair {
        sm: ctr(
            "sm4-ctr",
            "gmkit::modes::ctr over gmkit::sm4::Sm4",
            size,
            Sm4::new,
        ),
        intl: ctr(
            "aes128-ctr",
            "gmkit::modes::ctr over gmkit::intl::Aes128 (aes crate block)",
            size,
            Aes128::new,
        ),
    });
    v.push(Pair {
        sm: sm4_gcm_seal(size),
        intl: aes128_gcm_seal(size),
    });
    // CBC takes whole blocks.
    let cbc_size = size.div_ceil(16) * 16;
    v.push(Pair {
        sm: cbc_enc(
            "sm4-cbc-enc",
            "gmkit::modes::cbc over gmkit::sm4::Sm4",
            cbc_size,
            Sm4::new,
        ),
        intl: cbc_enc(
            "aes128-cbc-enc",
            "gmkit::modes::cbc over gmkit::intl::Aes128 (aes crate block)",
            cbc_size,
            Aes128::new,
        ),
    });
    v.push(Pair {
        sm: sm3_batch(),
        intl: sha256_loop(),
    });
    v.push(Pair {
        sm: sm2_sign(),
        intl: ecdsa::sign(),
    });
    v.push(Pair {
        sm: sm2_verify(),
        intl: ecdsa::verify(),
    });
    v
}

/// The operation names, for the `--filter` error message.
pub fn names(size: usize) -> Vec<&'static str> {
    let mut n: Vec<&'static str> = Vec::new();
    for p in pairs(size) {
        for name in [p.sm.name, p.intl.name] {
            if !n.contains(&name) {
                n.push(name);
            }
        }
    }
    n
}

/// `run(n)` calls `step(&mut state)` n times.
struct Job<S, F> {
    state: S,
    step: F,
}

impl<S: Send, F: FnMut(&mut S) + Send> Workload for Job<S, F> {
    fn run(&mut self, n: u64) {
        for _ in 0..n {
            (self.step)(&mut self.state);
        }
    }
}

fn built<S, F>(backend: impl Into<String>, state: S, step: F) -> Result<Built, String>
where
    S: Send + 'static,
    F: FnMut(&mut S) + Send + 'static,
{
    Ok(Built {
        work: Box::new(Job { state, step }),
        backend: backend.into(),
    })
}

/// `n` bytes of a pattern that differs per thread `t`.
fn input(n: usize, t: usize) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(167) ^ (t as u8).wrapping_mul(29) ^ 0x5c)
        .collect()
}

/// A 16-byte key for thread `t`.
fn key16(t: usize) -> [u8; 16] {
    let mut k = *b"gmkit bench key1";
    k[0] ^= t as u8;
    k[1] ^= (t >> 8) as u8;
    k
}

/// A 32-byte scalar for thread `t`, in [1, n − 1] of both SM2 and P-256 (first byte 0x01, so
/// below either order, and not zero).
fn scalar(t: usize) -> [u8; 32] {
    let mut d: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(73) ^ 0xa5);
    d[0] = 0x01;
    d[1] = t as u8;
    d[2] = (t >> 8) as u8;
    d
}

fn hash<H: Hash + Send + 'static>(
    name: &'static str,
    implementation: &'static str,
    n: usize,
) -> Op {
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let fresh = H::new();
            // One message per iteration from a fresh state (as the criterion group).
            built(
                fresh.backend_name(),
                (fresh, input(n, t)),
                |(fresh, msg)| {
                    let mut h = fresh.clone();
                    h.update(black_box(msg));
                    black_box(h.finalize());
                },
            )
        }),
    }
}

fn hmac<H: Hash + Send + 'static>(
    name: &'static str,
    implementation: &'static str,
    n: usize,
) -> Op {
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let fresh = H::new();
            let backend = fresh.backend_name();
            // Keyed once; an iteration clones the keyed state and MACs one message.
            let keyed = Hmac::new_with_state(&scalar(t), fresh);
            built(backend, (keyed, input(n, t)), |(keyed, msg)| {
                let mut m = keyed.clone();
                m.update(black_box(msg));
                black_box(m.finalize());
            })
        }),
    }
}

fn ctr<C: BlockCipher128 + Clone + Send + 'static>(
    name: &'static str,
    implementation: &'static str,
    n: usize,
    new: fn(&[u8; 16]) -> C,
) -> Op {
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let c = new(&key16(t));
            // One message per iteration, counter block set up each time, 128-bit counter.
            built(c.backend_name(), (c, input(n, t)), |(c, buf)| {
                let mut s = Ctr::new(c.clone(), &IV, CtrWidth::Bits128);
                // n bytes are far inside the 128-bit counter space.
                black_box(s.apply_keystream(black_box(buf)).is_ok());
            })
        }),
    }
}

fn cbc_enc<C: BlockCipher128 + Send + 'static>(
    name: &'static str,
    implementation: &'static str,
    n: usize,
    new: fn(&[u8; 16]) -> C,
) -> Op {
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let c = new(&key16(t));
            let mut buf = input(n, t);
            cbc::encrypt(&c, &IV, &mut buf).map_err(|e| format!("{name}: {e:?}"))?;
            built(c.backend_name(), (c, buf), |(c, buf)| {
                // Whole blocks, checked above.
                black_box(cbc::encrypt(c, &IV, black_box(buf)).is_ok());
            })
        }),
    }
}

fn sm4_gcm_seal(n: usize) -> Op {
    Op {
        name: "sm4-gcm-seal",
        implementation: "gmkit::modes::Sm4Gcm",
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let g = Gcm::new(Sm4::new(&key16(t)));
            let backend = format!("{}+{}", g.cipher().backend_name(), g.ghash_backend().name());
            let mut buf = input(n, t);
            let mut tag = [0u8; 16];
            g.seal_detached(&NONCE, &[], &mut buf, &mut tag)
                .map_err(|e| format!("sm4-gcm-seal: {e:?}"))?;
            // 96-bit nonce, no AAD, 16-byte tag; lengths checked above.
            built(backend, (g, buf, tag), |(g, buf, tag)| {
                black_box(g.seal_detached(&NONCE, &[], black_box(buf), tag).is_ok());
            })
        }),
    }
}

fn aes128_gcm_seal(n: usize) -> Op {
    Op {
        name: "aes128-gcm-seal",
        implementation: "gmkit::intl::Aes128Gcm (aes-gcm crate)",
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        make: Box::new(move |t| {
            let g = <Aes128Gcm as gmkit::Aead>::new_from_slice(&key16(t))
                .map_err(|e| format!("aes128-gcm-seal: {e:?}"))?;
            let mut buf = input(n, t);
            let mut tag = [0u8; 16];
            g.seal_in_place_detached(&NONCE, &[], &mut buf, &mut tag)
                .map_err(|e| format!("aes128-gcm-seal: {e:?}"))?;
            // A 96-bit nonce with a 16-byte tag runs on the aes-gcm crate.
            built("rustcrypto", (g, buf, tag), |(g, buf, tag)| {
                black_box(
                    g.seal_in_place_detached(&NONCE, &[], black_box(buf), tag)
                        .is_ok(),
                );
            })
        }),
    }
}

fn sm3_batch() -> Op {
    Op {
        name: "sm3-batch",
        implementation: "gmkit::sm3::batch::Sm3Batch::digest_many",
        bytes: BATCH_MSG,
        messages: BATCH,
        unit: Unit::Bytes,
        make: Box::new(|t| {
            let b = Sm3Batch::new();
            let msgs: Vec<[u8; BATCH_MSG]> = input(BATCH * BATCH_MSG, t)
                .as_chunks::<BATCH_MSG>()
                .0
                .to_vec();
            let out = vec![[0u8; 32]; BATCH];
            built(b.backend().name(), (b, msgs, out), |(b, msgs, out)| {
                // Equal counts, so this cannot fail.
                black_box(b.digest_many(black_box(msgs), out).is_ok());
                black_box(out);
            })
        }),
    }
}

fn sha256_loop() -> Op {
    Op {
        name: "sha256-loop",
        implementation: "gmkit::intl::Sha256 (sha2 crate), one message after another",
        bytes: BATCH_MSG,
        messages: BATCH,
        unit: Unit::Bytes,
        make: Box::new(|t| {
            let msgs: Vec<[u8; BATCH_MSG]> = input(BATCH * BATCH_MSG, t)
                .as_chunks::<BATCH_MSG>()
                .0
                .to_vec();
            let out = vec![[0u8; 32]; BATCH];
            built(Sha256::new().backend_name(), (msgs, out), |(msgs, out)| {
                for (m, o) in black_box(&*msgs).iter().zip(out.iter_mut()) {
                    *o = Sha256::digest(m);
                }
                black_box(out);
            })
        }),
    }
}

fn sm2_key(t: usize) -> Result<dsa::SigningKey, String> {
    let secret =
        sm2::SecretKey::from_bytes(&scalar(t)).map_err(|e| format!("SM2 test key: {e:?}"))?;
    Ok(dsa::SigningKey::new(secret))
}

/// SM2 runs on the portable constant-time sm2p256v1 code (`soft` in the registry).
const SM2_BACKEND: &str = "soft";

fn sm2_sign() -> Op {
    Op {
        name: "sm2-sign",
        implementation: "gmkit::sm2::dsa::SigningKey::sign_deterministic (Z_A with the default ID)",
        bytes: SIGNED_LEN,
        messages: 1,
        unit: Unit::Ops,
        make: Box::new(|t| {
            let key = sm2_key(t)?;
            built(SM2_BACKEND, (key, input(SIGNED_LEN, t)), |(key, msg)| {
                black_box(key.sign_deterministic(black_box(msg)));
            })
        }),
    }
}

fn sm2_verify() -> Op {
    Op {
        name: "sm2-verify",
        implementation: "gmkit::sm2::dsa::VerifyingKey::verify (Z_A with the default ID)",
        bytes: SIGNED_LEN,
        messages: 1,
        unit: Unit::Ops,
        make: Box::new(|t| {
            let key = sm2_key(t)?;
            let msg = input(SIGNED_LEN, t);
            let sig = key.sign_deterministic(&msg);
            let vk = *key.verifying_key();
            vk.verify(&msg, &sig)
                .map_err(|e| format!("sm2-verify: own signature rejected: {e:?}"))?;
            built(SM2_BACKEND, (vk, msg, sig), |(vk, msg, sig)| {
                black_box(vk.verify(black_box(msg), sig).is_ok());
            })
        }),
    }
}

/// ECDSA P-256 through `gmkit::intl::p256` (the RustCrypto `p256` crate behind gmkit's types).
mod ecdsa {
    use super::{Op, SIGNED_LEN, Unit, built, input, scalar};
    use gmkit::intl::p256::{Signature, SigningKey};
    use signature::Signer as _;
    use std::hint::black_box;

    const IMPLEMENTATION_SIGN: &str =
        "gmkit::intl::p256 (RustCrypto p256), RFC 6979 nonces, SHA-256";
    const IMPLEMENTATION_VERIFY: &str = "gmkit::intl::p256 (RustCrypto p256), SHA-256";

    fn key(t: usize) -> Result<SigningKey, String> {
        SigningKey::from_bytes(&scalar(t)).map_err(|e| format!("P-256 test key: {e}"))
    }

    pub fn sign() -> Op {
        Op {
            name: "ecdsa-p256-sign",
            implementation: IMPLEMENTATION_SIGN,
            bytes: SIGNED_LEN,
            messages: 1,
            unit: Unit::Ops,
            make: Box::new(|t| {
                let key = key(t)?;
                built("rustcrypto", (key, input(SIGNED_LEN, t)), |(key, msg)| {
                    let sig: Signature = key.sign(black_box(msg));
                    black_box(sig);
                })
            }),
        }
    }

    pub fn verify() -> Op {
        Op {
            name: "ecdsa-p256-verify",
            implementation: IMPLEMENTATION_VERIFY,
            bytes: SIGNED_LEN,
            messages: 1,
            unit: Unit::Ops,
            make: Box::new(|t| {
                let key = key(t)?;
                let msg = input(SIGNED_LEN, t);
                let sig: Signature = key.sign(&msg);
                let vk = key.verifying_key();
                vk.verify(&msg, &sig)
                    .map_err(|e| format!("ecdsa-p256-verify: own signature rejected: {e}"))?;
                built("rustcrypto", (vk, msg, sig), |(vk, msg, sig)| {
                    black_box(vk.verify(black_box(msg), sig).is_ok());
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_builds_and_runs() {
        for size in [1, 100, 8192] {
            let pairs = pairs(size);
            for p in &pairs {
                for op in [&p.sm, &p.intl] {
                    for t in 0..3 {
                        let mut b = (op.make)(t).unwrap_or_else(|e| panic!("{}: {e}", op.name));
                        assert!(!b.backend.is_empty(), "{}", op.name);
                        b.work.run(2);
                    }
                }
            }
            // Both sides of a pair measure the same amount of input.
            for p in &pairs {
                assert_eq!(
                    p.sm.per_iteration(),
                    p.intl.per_iteration(),
                    "{}",
                    p.sm.name
                );
                assert_eq!(p.sm.unit, p.intl.unit);
            }
        }
    }

    #[test]
    fn hash_rows_at_64_bytes_and_the_size() {
        let names = |size| -> Vec<(&'static str, usize)> {
            pairs(size)
                .iter()
                .map(|p| (p.sm.name, p.sm.bytes))
                .collect()
        };
        assert!(names(8192).contains(&("sm3", 64)) && names(8192).contains(&("sm3", 8192)));
        assert_eq!(names(64).iter().filter(|(n, _)| *n == "sm3").count(), 1);
        assert!(names(100).contains(&("sm4-cbc-enc", 112)));
        assert!(names(100).contains(&("sm4-ctr", 100)));
    }
}
