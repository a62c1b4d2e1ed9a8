//! The operations timed by `gmkit bench`: each SM operation paired with its international
//! counterpart where one exists. Operation names are the criterion group names of
//! `benches/*.rs`. Every operation builds its keys and buffers once per thread; the timed body
//! only reads and writes those (no allocation, except `sm3-merkle` on several threads, whose
//! library form allocates its levels), and feeds its results to `black_box`.
//!
//! On several threads an operation runs in one of two ways ([`Threading`]): `copies` — one
//! independent copy per thread, each on its own keys and buffers (the aggregate is reported) —
//! or `library` — one call of the library's all-core form (`gmkit` feature `parallel`) on a rayon
//! pool of that many threads; on one thread the `library` operations call the one-thread form.

use std::hint::black_box;

use gmkit::backend::Backend as _;
use gmkit::intl::{Aes128, Aes128Gcm, Sha256};
use gmkit::mac::Hmac;
use gmkit::modes::ccm::Ccm;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc, ctr::Ctr, ecb, gcm::Gcm};
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey};
use gmkit::sm2::{self, batch, dsa};
use gmkit::sm3::{Sm3, batch::Sm3Batch, merkle};
use gmkit::sm4::Sm4;
use gmkit::{Aead as _, BlockCipher128, CtrWidth, Hash};

use crate::io::SysRng;

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

/// How an operation uses several threads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Threading {
    /// One independent copy per thread.
    Copies,
    /// The library's all-core form on a rayon pool of that many threads.
    Library,
}

impl Threading {
    pub fn name(self) -> &'static str {
        match self {
            Threading::Copies => "copies",
            Threading::Library => "library",
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

/// Where a workload runs: copy `thread` of a run on `threads` threads.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub thread: usize,
    pub threads: usize,
}

/// Builds the workload for a slot (each copy gets its own keys and buffers).
type Make = Box<dyn Fn(Slot) -> Result<Built, String> + Sync>;

/// One timed operation.
pub struct Op {
    /// Operation name (criterion's group name): `sm4-ctr`.
    pub name: &'static str,
    /// The code that runs: `gmkit::modes::ctr over gmkit::sm4::Sm4`.
    pub implementation: &'static str,
    /// Message length in bytes.
    pub bytes: usize,
    /// Messages (or signatures) per iteration (1 except for the batch rows).
    pub messages: usize,
    pub unit: Unit,
    pub threading: Threading,
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
        size_label(self.bytes, self.messages)
    }
}

/// `64 B`, `1024×64 B`.
pub fn size_label(bytes: usize, messages: usize) -> String {
    if messages == 1 {
        format!("{bytes} B")
    } else {
        format!("{messages}×{bytes} B")
    }
}

/// An SM operation and its international counterpart (none for SM2 encryption, decryption,
/// batch verification and the Merkle root, which have no counterpart in gmkit).
pub struct Pair {
    pub sm: Op,
    pub intl: Option<Op>,
}

impl Pair {
    /// `--filter`: the (lower-case) substring is in either operation's name.
    pub fn matches(&self, filter: &str) -> bool {
        self.sides().any(|op| op.name.contains(filter))
    }

    /// The SM operation, then the international one.
    pub fn sides(&self) -> impl Iterator<Item = &Op> {
        std::iter::once(&self.sm).chain(self.intl.as_ref())
    }
}

/// The default message lengths: `openssl speed`'s ladder.
pub const LADDER: [usize; 6] = [16, 64, 256, 1024, 8192, 16384];
/// Messages per `sm3-batch` iteration, and their length (as the criterion group `sm3-batch`).
const BATCH: usize = 1024;
const BATCH_MSG: usize = 64;
/// Signatures per `sm2-verify-batch` iteration (as the criterion group).
pub const VERIFY_BATCH: usize = 64;
/// Transaction hashes per `sm3-merkle` iteration.
const LEAVES: usize = 4096;
/// Message signed, verified and encrypted.
const SIGNED_LEN: usize = 32;
/// Shared-key length in the SM2 key exchange.
const KEX_KEY_LEN: usize = 16;
const IV: [u8; 16] = *b"gmkit bench iv..";
const NONCE: [u8; 12] = *b"gmkit nonce.";

/// Every pair, in report order: SM2, then SM3, then SM4; the byte operations at each of `sizes`.
pub fn pairs(sizes: &[usize]) -> Vec<Pair> {
    let mut v = vec![
        Pair {
            sm: sm2_keygen(),
            intl: Some(p256::keygen()),
        },
        Pair {
            sm: sm2_sign(),
            intl: Some(p256::sign()),
        },
        Pair {
            sm: sm2_verify(),
            intl: Some(p256::verify()),
        },
        Pair {
            sm: sm2_verify_batch(),
            intl: None,
        },
        Pair {
            sm: sm2_encrypt(),
            intl: None,
        },
        Pair {
            sm: sm2_decrypt(),
            intl: None,
        },
        Pair {
            sm: sm2_kex(),
            intl: Some(p256::ecdh()),
        },
    ];
    for &n in sizes {
        v.push(Pair {
            sm: hash::<Sm3>("sm3", "gmkit::sm3::Sm3", n),
            intl: Some(hash::<Sha256>(
                "sha256",
                "gmkit::intl::Sha256 (sha2 crate)",
                n,
            )),
        });
    }
    for &n in sizes {
        v.push(Pair {
            sm: hmac::<Sm3>("hmac-sm3", "gmkit::mac::HmacSm3", n),
            intl: Some(hmac::<Sha256>(
                "hmac-sha256",
                "gmkit::mac::HmacSha256 (sha2 crate)",
                n,
            )),
        });
    }
    v.push(Pair {
        sm: sm3_batch(),
        intl: Some(sha256_loop()),
    });
    v.push(Pair {
        sm: sm3_merkle(),
        intl: None,
    });
    type Mode = fn(Cipher, usize) -> Op;
    let modes: [Mode; 8] = [
        ecb_enc, ctr, cbc_enc, cbc_dec, gcm_seal, gcm_open, ccm_seal, xts_enc,
    ];
    for mode in modes {
        for &n in sizes {
            v.push(Pair {
                sm: mode(Cipher::Sm4, n),
                intl: Some(mode(Cipher::Aes128, n)),
            });
        }
    }
    v
}

/// The operation names, each once, in report order.
pub fn names() -> Vec<&'static str> {
    let mut n: Vec<&'static str> = Vec::new();
    for p in pairs(&[16]) {
        for op in p.sides() {
            if !n.contains(&op.name) {
                n.push(op.name);
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

/// A 16-byte key for thread `t` (`which` tells two keys of one thread apart).
fn key16(t: usize, which: u8) -> [u8; 16] {
    let mut k = *b"gmkit bench key1";
    k[0] ^= t as u8;
    k[1] ^= (t >> 8) as u8;
    k[15] ^= which;
    k
}

/// A 32-byte scalar for index `t`, in [1, n − 2] of both SM2 and P-256 (first byte 0x01, so
/// below either order, and not zero).
fn scalar(t: usize) -> [u8; 32] {
    let mut d: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(73) ^ 0xa5);
    d[0] = 0x01;
    d[1] = t as u8;
    d[2] = (t >> 8) as u8;
    d
}

/// A rayon pool of `threads` threads, for the `library` operations.
fn pool(threads: usize) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))
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
        threading: Threading::Copies,
        make: Box::new(move |s| {
            let fresh = H::new();
            // One message per iteration from a fresh state (as the criterion group).
            built(
                fresh.backend_name(),
                (fresh, input(n, s.thread)),
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
        threading: Threading::Copies,
        make: Box::new(move |s| {
            let fresh = H::new();
            let backend = fresh.backend_name();
            // Keyed once; an iteration clones the keyed state and MACs one message.
            let keyed = Hmac::new_with_state(&scalar(s.thread), fresh);
            built(backend, (keyed, input(n, s.thread)), |(keyed, msg)| {
                let mut m = keyed.clone();
                m.update(black_box(msg));
                black_box(m.finalize());
            })
        }),
    }
}

/// The block cipher under a mode: SM4, or AES-128 (the `aes` crate's block through
/// `gmkit::intl::Aes128`) for the counterpart.
#[derive(Clone, Copy)]
enum Cipher {
    Sm4,
    Aes128,
}

/// Name and implementation text of a mode on each cipher.
struct Names {
    sm4: (&'static str, &'static str),
    aes: (&'static str, &'static str),
}

impl Names {
    fn pick(&self, c: Cipher) -> (&'static str, &'static str) {
        match c {
            Cipher::Sm4 => self.sm4,
            Cipher::Aes128 => self.aes,
        }
    }
}

/// A mode's timed body, generic over the block cipher.
trait ModeBody: Copy + Send + Sync + 'static {
    fn make<C: BlockCipher128 + Clone + Send + 'static>(
        self,
        new: fn(&[u8; 16]) -> C,
        n: usize,
        t: usize,
    ) -> Result<Built, String>;
}

/// An operation of a mode over `cipher`.
fn mode_op<M: ModeBody>(names: &Names, cipher: Cipher, bytes: usize, body: M) -> Op {
    let (name, implementation) = names.pick(cipher);
    Op {
        name,
        implementation,
        bytes,
        messages: 1,
        unit: Unit::Bytes,
        threading: Threading::Copies,
        make: match cipher {
            Cipher::Sm4 => Box::new(move |s| body.make(Sm4::new, bytes, s.thread)),
            Cipher::Aes128 => Box::new(move |s| body.make(Aes128::new, bytes, s.thread)),
        },
    }
}

/// ECB and CBC take whole blocks: the length rounded up to 16 bytes.
fn whole_blocks(n: usize) -> usize {
    n.div_ceil(16) * 16
}

fn ecb_enc(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let c = new(&key16(t, 0));
            let mut buf = input(n, t);
            ecb::encrypt(&c, &mut buf).map_err(|e| format!("ecb: {e:?}"))?;
            built(c.backend_name(), (c, buf), |(c, buf)| {
                // Whole blocks, checked above.
                black_box(ecb::encrypt(c, black_box(buf)).is_ok());
            })
        }
    }
    let names = Names {
        sm4: ("sm4-ecb", "gmkit::modes::ecb over gmkit::sm4::Sm4"),
        aes: (
            "aes128-ecb",
            "gmkit::modes::ecb over gmkit::intl::Aes128 (aes crate block)",
        ),
    };
    mode_op(&names, cipher, whole_blocks(n), Body)
}

fn ctr(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let c = new(&key16(t, 0));
            // One message per iteration, counter block set up each time, 128-bit counter.
            built(c.backend_name(), (c, input(n, t)), |(c, buf)| {
                let mut s = Ctr::new(c.clone(), &IV, CtrWidth::Bits128);
                // n bytes are far inside the 128-bit counter space.
                black_box(s.apply_keystream(black_box(buf)).is_ok());
            })
        }
    }
    let names = Names {
        sm4: ("sm4-ctr", "gmkit::modes::ctr over gmkit::sm4::Sm4"),
        aes: (
            "aes128-ctr",
            "gmkit::modes::ctr over gmkit::intl::Aes128 (aes crate block)",
        ),
    };
    mode_op(&names, cipher, n, Body)
}

fn cbc_enc(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let c = new(&key16(t, 0));
            let mut buf = input(n, t);
            cbc::encrypt(&c, &IV, &mut buf).map_err(|e| format!("cbc: {e:?}"))?;
            built(c.backend_name(), (c, buf), |(c, buf)| {
                black_box(cbc::encrypt(c, &IV, black_box(buf)).is_ok());
            })
        }
    }
    let names = Names {
        sm4: ("sm4-cbc-enc", "gmkit::modes::cbc over gmkit::sm4::Sm4"),
        aes: (
            "aes128-cbc-enc",
            "gmkit::modes::cbc over gmkit::intl::Aes128 (aes crate block)",
        ),
    };
    mode_op(&names, cipher, whole_blocks(n), Body)
}

fn cbc_dec(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let c = new(&key16(t, 0));
            let mut buf = input(n, t);
            cbc::decrypt(&c, &IV, &mut buf).map_err(|e| format!("cbc: {e:?}"))?;
            // No padding: any whole blocks decrypt, so the buffer is decrypted over and over.
            built(c.backend_name(), (c, buf), |(c, buf)| {
                black_box(cbc::decrypt(c, &IV, black_box(buf)).is_ok());
            })
        }
    }
    let names = Names {
        sm4: ("sm4-cbc-dec", "gmkit::modes::cbc over gmkit::sm4::Sm4"),
        aes: (
            "aes128-cbc-dec",
            "gmkit::modes::cbc over gmkit::intl::Aes128 (aes crate block)",
        ),
    };
    mode_op(&names, cipher, whole_blocks(n), Body)
}

fn ccm_seal(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let c = Ccm::new(new(&key16(t, 0)));
            let backend = c.cipher().backend_name();
            let mut buf = input(n, t);
            let mut tag = [0u8; 16];
            c.seal_detached(&NONCE, &[], &mut buf, &mut tag)
                .map_err(|e| format!("ccm: {e:?}"))?;
            // 96-bit nonce, no AAD, 16-byte tag; lengths checked above.
            built(backend, (c, buf, tag), |(c, buf, tag)| {
                black_box(c.seal_detached(&NONCE, &[], black_box(buf), tag).is_ok());
            })
        }
    }
    let names = Names {
        sm4: ("sm4-ccm-seal", "gmkit::modes::ccm over gmkit::sm4::Sm4"),
        aes: (
            "aes128-ccm-seal",
            "gmkit::modes::ccm over gmkit::intl::Aes128 (aes crate block)",
        ),
    };
    mode_op(&names, cipher, n, Body)
}

fn xts_enc(cipher: Cipher, n: usize) -> Op {
    #[derive(Clone, Copy)]
    struct Body;
    impl ModeBody for Body {
        fn make<C: BlockCipher128 + Clone + Send + 'static>(
            self,
            new: fn(&[u8; 16]) -> C,
            n: usize,
            t: usize,
        ) -> Result<Built, String> {
            let k1 = new(&key16(t, 0));
            let backend = k1.backend_name();
            // K1 ≠ K2 (key16 differs in its second argument); Xts::new refuses equal halves.
            let x = Xts::new(k1, new(&key16(t, 1)), XtsVariant::Ieee1619)
                .map_err(|e| format!("xts: {e:?}"))?;
            let mut buf = input(n, t);
            x.encrypt(&IV, &mut buf)
                .map_err(|e| format!("xts: {e:?}"))?;
            // One data unit of n bytes (ciphertext stealing past whole blocks).
            built(backend, (x, buf), |(x, buf)| {
                black_box(x.encrypt(&IV, black_box(buf)).is_ok());
            })
        }
    }
    let names = Names {
        sm4: (
            "sm4-xts-enc",
            "gmkit::modes::xts over gmkit::sm4::Sm4 (IEEE 1619 tweak)",
        ),
        aes: (
            "aes128-xts-enc",
            "gmkit::modes::xts over gmkit::intl::Aes128 (aes crate block, IEEE 1619 tweak)",
        ),
    };
    // XTS needs at least one whole block.
    mode_op(&names, cipher, n.max(16), Body)
}

/// GCM: SM4 through `gmkit::modes::gcm`, AES-128 through the `aes-gcm` crate (as criterion).
fn gcm_seal(cipher: Cipher, n: usize) -> Op {
    let (name, implementation) = match cipher {
        Cipher::Sm4 => ("sm4-gcm-seal", "gmkit::modes::Sm4Gcm"),
        Cipher::Aes128 => ("aes128-gcm-seal", "gmkit::intl::Aes128Gcm (aes-gcm crate)"),
    };
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        threading: Threading::Copies,
        make: Box::new(move |s| {
            let mut buf = input(n, s.thread);
            let mut tag = [0u8; 16];
            let key = key16(s.thread, 0);
            // 96-bit nonce, no AAD, 16-byte tag; lengths checked by the first seal.
            match cipher {
                Cipher::Sm4 => {
                    let g = Gcm::new(Sm4::new(&key));
                    let backend =
                        format!("{}+{}", g.cipher().backend_name(), g.ghash_backend().name());
                    g.seal_detached(&NONCE, &[], &mut buf, &mut tag)
                        .map_err(|e| format!("{name}: {e:?}"))?;
                    built(backend, (g, buf, tag), |(g, buf, tag)| {
                        black_box(g.seal_detached(&NONCE, &[], black_box(buf), tag).is_ok());
                    })
                }
                Cipher::Aes128 => {
                    let g = <Aes128Gcm as gmkit::Aead>::new_from_slice(&key)
                        .map_err(|e| format!("{name}: {e:?}"))?;
                    g.seal_in_place_detached(&NONCE, &[], &mut buf, &mut tag)
                        .map_err(|e| format!("{name}: {e:?}"))?;
                    built("rustcrypto", (g, buf, tag), |(g, buf, tag)| {
                        black_box(
                            g.seal_in_place_detached(&NONCE, &[], black_box(buf), tag)
                                .is_ok(),
                        );
                    })
                }
            }
        }),
    }
}

/// GCM open, in place, without copying the ciphertext each time: CTR under one key and nonce is
/// an involution, so with C1 = seal(P) (tag T1) and T2 the tag of seal(C1) (whose ciphertext is
/// P), opening C1 with T1 leaves P and opening P with T2 leaves C1: the buffer alternates
/// between two valid ciphertexts and every open verifies its tag and decrypts in full.
fn gcm_open(cipher: Cipher, n: usize) -> Op {
    let (name, implementation) = match cipher {
        Cipher::Sm4 => ("sm4-gcm-open", "gmkit::modes::Sm4Gcm"),
        Cipher::Aes128 => ("aes128-gcm-open", "gmkit::intl::Aes128Gcm (aes-gcm crate)"),
    };
    Op {
        name,
        implementation,
        bytes: n,
        messages: 1,
        unit: Unit::Bytes,
        threading: Threading::Copies,
        make: Box::new(move |s| {
            let key = key16(s.thread, 0);
            let err = |e: gmkit::Error| format!("{name}: {e:?}");
            match cipher {
                Cipher::Sm4 => {
                    let g = Gcm::new(Sm4::new(&key));
                    let backend =
                        format!("{}+{}", g.cipher().backend_name(), g.ghash_backend().name());
                    let seal = |buf: &mut [u8], tag: &mut [u8; 16]| {
                        g.seal_detached(&NONCE, &[], buf, tag).map_err(err)
                    };
                    let open = |buf: &mut [u8], tag: &[u8; 16]| {
                        g.open_detached(&NONCE, &[], buf, tag).map_err(err)
                    };
                    let (buf, tags) = alternating(n, s.thread, seal, open)?;
                    built(backend, (g, buf, tags, 0usize), |(g, buf, tags, i)| {
                        let ok = g.open_detached(&NONCE, &[], black_box(buf), &tags[*i]);
                        black_box(ok.is_ok());
                        *i ^= 1;
                    })
                }
                Cipher::Aes128 => {
                    let g = <Aes128Gcm as gmkit::Aead>::new_from_slice(&key).map_err(err)?;
                    let seal = |buf: &mut [u8], tag: &mut [u8; 16]| {
                        g.seal_in_place_detached(&NONCE, &[], buf, tag).map_err(err)
                    };
                    let open = |buf: &mut [u8], tag: &[u8; 16]| {
                        g.open_in_place_detached(&NONCE, &[], buf, tag).map_err(err)
                    };
                    let (buf, tags) = alternating(n, s.thread, seal, open)?;
                    built("rustcrypto", (g, buf, tags, 0usize), |(g, buf, tags, i)| {
                        let ok = g.open_in_place_detached(&NONCE, &[], black_box(buf), &tags[*i]);
                        black_box(ok.is_ok());
                        *i ^= 1;
                    })
                }
            }
        }),
    }
}

/// The buffer C1 and the tags [T1, T2] of [`gcm_open`], checked: two opens verify and bring
/// the buffer back to C1.
fn alternating(
    n: usize,
    t: usize,
    seal: impl Fn(&mut [u8], &mut [u8; 16]) -> Result<(), String>,
    open: impl Fn(&mut [u8], &[u8; 16]) -> Result<(), String>,
) -> Result<(Vec<u8>, [[u8; 16]; 2]), String> {
    let mut c1 = input(n, t);
    let mut t1 = [0u8; 16];
    seal(&mut c1, &mut t1)?;
    let mut p = c1.clone();
    let mut t2 = [0u8; 16];
    seal(&mut p, &mut t2)?;
    let mut buf = c1.clone();
    open(&mut buf, &t1)?;
    open(&mut buf, &t2)?;
    if buf != c1 {
        return Err("gcm open: the buffer does not alternate".into());
    }
    Ok((buf, [t1, t2]))
}

fn sm3_batch() -> Op {
    Op {
        name: "sm3-batch",
        implementation: "gmkit::sm3::batch::Sm3Batch::digest_many; on several threads \
                         par_digest_many (feature parallel)",
        bytes: BATCH_MSG,
        messages: BATCH,
        unit: Unit::Bytes,
        threading: Threading::Library,
        make: Box::new(|s| {
            let b = Sm3Batch::new();
            let msgs: Vec<[u8; BATCH_MSG]> = input(BATCH * BATCH_MSG, s.thread)
                .as_chunks::<BATCH_MSG>()
                .0
                .to_vec();
            let out = vec![[0u8; 32]; BATCH];
            let backend = b.backend().name();
            // Equal counts, so these cannot fail.
            if s.threads == 1 {
                built(backend, (b, msgs, out), |(b, msgs, out)| {
                    black_box(b.digest_many(black_box(msgs), out).is_ok());
                    black_box(out);
                })
            } else {
                let pool = pool(s.threads)?;
                built(backend, (pool, b, msgs, out), |(pool, b, msgs, out)| {
                    let ok = pool.install(|| b.par_digest_many(black_box(msgs), out).is_ok());
                    black_box(ok);
                    black_box(out);
                })
            }
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
        threading: Threading::Copies,
        make: Box::new(|s| {
            let msgs: Vec<[u8; BATCH_MSG]> = input(BATCH * BATCH_MSG, s.thread)
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

fn sm3_merkle() -> Op {
    Op {
        name: "sm3-merkle",
        implementation: "gmkit::sm3::merkle::root_in_place (GM/T 0111 §8.5, RFC 6962 tree); \
                         on several threads par_root (feature parallel)",
        bytes: 32,
        messages: LEAVES,
        unit: Unit::Bytes,
        threading: Threading::Library,
        make: Box::new(|s| {
            let b = Sm3Batch::new();
            let txs: Vec<[u8; 32]> = input(LEAVES * 32, s.thread).as_chunks::<32>().0.to_vec();
            let backend = b.backend().name();
            if s.threads == 1 {
                let level = txs.clone();
                built(backend, (b, txs, level), |(b, txs, level)| {
                    level.copy_from_slice(black_box(txs));
                    black_box(merkle::root_in_place(b, level));
                })
            } else {
                let pool = pool(s.threads)?;
                built(backend, (pool, txs), |(pool, txs)| {
                    black_box(pool.install(|| merkle::par_root(black_box(txs))));
                })
            }
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

fn sm2_op(
    name: &'static str,
    implementation: &'static str,
    make: impl Fn(Slot) -> Result<Built, String> + Sync + 'static,
) -> Op {
    Op {
        name,
        implementation,
        bytes: SIGNED_LEN,
        messages: 1,
        unit: Unit::Ops,
        threading: Threading::Copies,
        make: Box::new(make),
    }
}

fn sm2_keygen() -> Op {
    sm2_op(
        "sm2-keygen",
        "gmkit::sm2::SecretKey::random (OS RNG; d and P = [d]G)",
        |_| {
            built(SM2_BACKEND, (), |()| {
                black_box(sm2::SecretKey::random(&mut SysRng));
            })
        },
    )
}

fn sm2_sign() -> Op {
    sm2_op(
        "sm2-sign",
        "gmkit::sm2::dsa::SigningKey::sign_deterministic (Z_A with the default ID)",
        |s| {
            let key = sm2_key(s.thread)?;
            built(
                SM2_BACKEND,
                (key, input(SIGNED_LEN, s.thread)),
                |(key, msg)| {
                    black_box(key.sign_deterministic(black_box(msg)));
                },
            )
        },
    )
}

fn sm2_verify() -> Op {
    sm2_op(
        "sm2-verify",
        "gmkit::sm2::dsa::VerifyingKey::verify (Z_A with the default ID)",
        |s| {
            let key = sm2_key(s.thread)?;
            let msg = input(SIGNED_LEN, s.thread);
            let sig = key.sign_deterministic(&msg);
            let vk = *key.verifying_key();
            vk.verify(&msg, &sig)
                .map_err(|e| format!("sm2-verify: own signature rejected: {e:?}"))?;
            built(SM2_BACKEND, (vk, msg, sig), |(vk, msg, sig)| {
                black_box(vk.verify(black_box(msg), sig).is_ok());
            })
        },
    )
}

fn sm2_verify_batch() -> Op {
    Op {
        name: "sm2-verify-batch",
        implementation: "gmkit::sm2::verify_batch (64 signers); on several threads \
                         par_verify_batch (feature parallel)",
        bytes: SIGNED_LEN,
        messages: VERIFY_BATCH,
        unit: Unit::Ops,
        threading: Threading::Library,
        make: Box::new(|s| {
            let keys: Vec<dsa::SigningKey> = (0..VERIFY_BATCH)
                .map(|i| sm2_key(s.thread * VERIFY_BATCH + i))
                .collect::<Result<_, _>>()?;
            let msgs: Vec<Vec<u8>> = (0..VERIFY_BATCH)
                .map(|i| input(SIGNED_LEN, s.thread * VERIFY_BATCH + i))
                .collect();
            let sigs: Vec<sm2::Signature> = keys
                .iter()
                .zip(&msgs)
                .map(|(k, m)| k.sign_deterministic(m))
                .collect();
            let vks: Vec<sm2::VerifyingKey> = keys.iter().map(|k| *k.verifying_key()).collect();
            let mut verdicts = [false; VERIFY_BATCH];
            batch::verify_batch(&items(&vks, &msgs, &sigs), &mut verdicts)
                .map_err(|e| format!("sm2-verify-batch: {e:?}"))?;
            if !verdicts.iter().all(|v| *v) {
                return Err("sm2-verify-batch: own signatures rejected".into());
            }
            let pool = if s.threads == 1 {
                None
            } else {
                Some(pool(s.threads)?)
            };
            let state = (pool, vks, msgs, sigs, verdicts);
            built(
                SM2_BACKEND,
                state,
                move |(pool, vks, msgs, sigs, verdicts)| {
                    let items = items(vks, msgs, sigs);
                    let ok = match pool {
                        None => batch::verify_batch(black_box(&items), verdicts).is_ok(),
                        Some(p) => p.install(|| {
                            batch::par_verify_batch(black_box(&items), verdicts).is_ok()
                        }),
                    };
                    black_box((ok, verdicts));
                },
            )
        }),
    }
}

/// The items of one `sm2-verify-batch` iteration (on the stack: no allocation).
fn items<'a>(
    vks: &'a [sm2::VerifyingKey],
    msgs: &'a [Vec<u8>],
    sigs: &'a [sm2::Signature],
) -> [batch::Item<'a>; VERIFY_BATCH] {
    core::array::from_fn(|i| batch::Item::new(&vks[i], &msgs[i], &sigs[i]))
}

fn sm2_encrypt() -> Op {
    sm2_op(
        "sm2-encrypt",
        "gmkit::sm2::pke::EncryptingKey<Sm3>::encrypt_into (C1C3C2, OS RNG)",
        |s| {
            let key = sm2_key(s.thread)?;
            let ek = EncryptingKey::<Sm3>::new(*key.verifying_key().public_key());
            let out = vec![0u8; ek.ciphertext_len(SIGNED_LEN)];
            let msg = input(SIGNED_LEN, s.thread);
            built(SM2_BACKEND, (ek, msg, out), |(ek, msg, out)| {
                black_box(ek.encrypt_into(&mut SysRng, black_box(msg), out).is_ok());
            })
        },
    )
}

fn sm2_decrypt() -> Op {
    sm2_op(
        "sm2-decrypt",
        "gmkit::sm2::pke::DecryptingKey<Sm3>::decrypt_into (C1C3C2)",
        |s| {
            let secret = sm2::SecretKey::from_bytes(&scalar(s.thread))
                .map_err(|e| format!("SM2 test key: {e:?}"))?;
            let dk = DecryptingKey::<Sm3>::new(secret);
            let msg = input(SIGNED_LEN, s.thread);
            let ct = dk
                .encrypting_key()
                .encrypt(&mut SysRng, &msg)
                .map_err(|e| format!("sm2-decrypt: {e:?}"))?;
            let mut out = [0u8; SIGNED_LEN];
            if dk.decrypt_into(&ct, &mut out) != Ok(SIGNED_LEN) || out[..] != msg[..] {
                return Err("sm2-decrypt: own ciphertext not decrypted".into());
            }
            built(SM2_BACKEND, (dk, ct, out), |(dk, ct, out)| {
                black_box(dk.decrypt_into(black_box(ct), out).is_ok());
            })
        },
    )
}

fn sm2_kex() -> Op {
    sm2_op(
        "sm2-kex",
        "gmkit::sm2::KeyExchange, responder B1–B9 (r_B from the OS RNG, K_B of 16 bytes, S_B)",
        |s| {
            let a_secret = sm2::SecretKey::from_bytes(&scalar(s.thread + 0x100))
                .map_err(|e| format!("SM2 test key: {e:?}"))?;
            let b_secret = sm2::SecretKey::from_bytes(&scalar(s.thread))
                .map_err(|e| format!("SM2 test key: {e:?}"))?;
            let (a_pub, b_pub) = (*a_secret.public_key(), *b_secret.public_key());
            let id = sm2::DEFAULT_ID;
            let err = |e: gmkit::Error| format!("sm2-kex: {e:?}");
            let a = sm2::KeyExchange::new(sm2::Role::Initiator, a_secret, id, b_pub, id)
                .map_err(err)?;
            let b = sm2::KeyExchange::new(sm2::Role::Responder, b_secret, id, a_pub, id)
                .map_err(err)?;
            let a_eph = a.ephemeral(&mut SysRng);
            let r_a = *a_eph.public_key();
            // B's result must complete A's side: the same key, and A accepts S_B.
            let (mut k_a, mut k_b) = ([0u8; KEX_KEY_LEN], [0u8; KEX_KEY_LEN]);
            let b_eph = b.ephemeral(&mut SysRng);
            let r_b = *b_eph.public_key();
            // `agree` consumes each ephemeral key (it is used once).
            let conf = b.agree(b_eph, &r_a, &mut k_b).map_err(err)?;
            let conf_a = a.agree(a_eph, &r_b, &mut k_a).map_err(err)?;
            conf_a.verify_peer(conf.to_send()).map_err(err)?;
            if k_a != k_b {
                return Err("sm2-kex: the two sides disagree".into());
            }
            built(SM2_BACKEND, (b, r_a, k_b), |(b, r_a, key)| {
                let eph = b.ephemeral(&mut SysRng);
                black_box(b.agree(eph, black_box(r_a), key).is_ok());
            })
        },
    )
}

/// ECDSA and ECDH on P-256 through `gmkit::intl::p256` (the RustCrypto `p256` crate behind
/// gmkit's types).
mod p256 {
    use super::{Op, SIGNED_LEN, SysRng, built, input, scalar, sm2_op};
    use gmkit::intl::p256::{SecretKey, Signature, SigningKey};
    use signature::Signer as _;
    use std::hint::black_box;

    const BACKEND: &str = "rustcrypto";

    fn key(t: usize) -> Result<SigningKey, String> {
        SigningKey::from_bytes(&scalar(t)).map_err(|e| format!("P-256 test key: {e}"))
    }

    pub fn keygen() -> Op {
        sm2_op(
            "ecdsa-p256-keygen",
            "gmkit::intl::p256::SigningKey::random (RustCrypto p256; OS RNG; d and [d]G)",
            |_| {
                built(BACKEND, (), |()| {
                    let k = SigningKey::random(&mut SysRng);
                    black_box(k.verifying_key());
                })
            },
        )
    }

    pub fn sign() -> Op {
        sm2_op(
            "ecdsa-p256-sign",
            "gmkit::intl::p256 (RustCrypto p256), RFC 6979 nonces, SHA-256",
            |s| {
                let key = key(s.thread)?;
                built(BACKEND, (key, input(SIGNED_LEN, s.thread)), |(key, msg)| {
                    let sig: Signature = key.sign(black_box(msg));
                    black_box(sig);
                })
            },
        )
    }

    pub fn verify() -> Op {
        sm2_op(
            "ecdsa-p256-verify",
            "gmkit::intl::p256 (RustCrypto p256), SHA-256",
            |s| {
                let key = key(s.thread)?;
                let msg = input(SIGNED_LEN, s.thread);
                let sig: Signature = key.sign(&msg);
                let vk = key.verifying_key();
                vk.verify(&msg, &sig)
                    .map_err(|e| format!("ecdsa-p256-verify: own signature rejected: {e}"))?;
                built(BACKEND, (vk, msg, sig), |(vk, msg, sig)| {
                    black_box(vk.verify(black_box(msg), sig).is_ok());
                })
            },
        )
    }

    pub fn ecdh() -> Op {
        sm2_op(
            "ecdh-p256",
            "gmkit::intl::EcdhP256 (RustCrypto p256): ephemeral key from the OS RNG, shared x",
            |s| {
                let peer = SecretKey::from_bytes(&scalar(s.thread + 0x100))
                    .map_err(|e| format!("P-256 test key: {e}"))?;
                let point = peer.public_key().to_sec1_uncompressed();
                let ecdh = gmkit::intl::EcdhP256;
                let mut key = [0u8; 32];
                let (eph, msg) = gmkit::KeyAgreement::start(&ecdh, &mut SysRng);
                gmkit::KeyAgreement::finish(&ecdh, eph, &point, &mut key)
                    .map_err(|e| format!("ecdh-p256: {e}"))?;
                let theirs = peer
                    .diffie_hellman_encoded(msg.as_ref())
                    .map_err(|e| format!("ecdh-p256: {e}"))?;
                if key != *theirs {
                    return Err("ecdh-p256: the two sides disagree".into());
                }
                built(BACKEND, (point, key), move |(point, key)| {
                    let (eph, _msg) = gmkit::KeyAgreement::start(&ecdh, &mut SysRng);
                    let ok = gmkit::KeyAgreement::finish(&ecdh, eph, black_box(point), key);
                    black_box(ok.is_ok());
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_builds_and_runs() {
        for sizes in [&[1usize][..], &[100, 8192]] {
            let pairs = pairs(sizes);
            for p in &pairs {
                for op in p.sides() {
                    for threads in [1, 2] {
                        for thread in 0..threads {
                            let mut b = (op.make)(Slot { thread, threads })
                                .unwrap_or_else(|e| panic!("{}: {e}", op.name));
                            assert!(!b.backend.is_empty(), "{}", op.name);
                            b.work.run(2);
                        }
                    }
                }
            }
            // Both sides of a pair measure the same amount of input.
            for p in &pairs {
                if let Some(intl) = &p.intl {
                    assert_eq!(p.sm.per_iteration(), intl.per_iteration(), "{}", p.sm.name);
                    assert_eq!(p.sm.unit, intl.unit);
                }
            }
        }
    }

    #[test]
    fn byte_operations_at_every_size() {
        let names = |sizes: &[usize]| -> Vec<(&'static str, usize)> {
            pairs(sizes)
                .iter()
                .map(|p| (p.sm.name, p.sm.bytes))
                .collect()
        };
        let ladder = names(&LADDER);
        for n in LADDER {
            for op in ["sm3", "hmac-sm3", "sm4-ctr", "sm4-gcm-open", "sm4-xts-enc"] {
                assert!(ladder.contains(&(op, n)), "{op} {n}");
            }
        }
        assert!(names(&[100]).contains(&("sm4-cbc-enc", 112)));
        assert!(names(&[100]).contains(&("sm4-ctr", 100)));
        assert!(names(&[1]).contains(&("sm4-xts-enc", 16)));
        // The operations, each once.
        let all = super::names();
        for op in [
            "sm2-keygen",
            "sm2-sign",
            "sm2-verify",
            "sm2-encrypt",
            "sm2-decrypt",
            "sm2-kex",
            "ecdsa-p256-keygen",
            "ecdsa-p256-sign",
            "ecdsa-p256-verify",
            "ecdh-p256",
            "sm3",
            "hmac-sm3",
            "sm3-batch",
            "sha256",
            "hmac-sha256",
            "sm4-ecb",
            "sm4-ctr",
            "sm4-cbc-enc",
            "sm4-cbc-dec",
            "sm4-gcm-seal",
            "sm4-gcm-open",
            "sm4-ccm-seal",
            "sm4-xts-enc",
            "sm2-verify-batch",
            "sm3-merkle",
        ] {
            assert_eq!(all.iter().filter(|n| **n == op).count(), 1, "{op}");
        }
    }
}
