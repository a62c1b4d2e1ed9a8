//! SM2 (sign, verify, encrypt, decrypt, key exchange) and ECDSA-P256 (sign, verify) in operations
//! per second: gmkit (`gmkit` = the production `gmkit::sm2` API, `gmkit-<backend>` for every
//! `sm2` registry backend that runs sm2p256v1) beside RustCrypto `sm2` / `p256`, `efficient-sm2`,
//! `libsm` and, with the `oracle` feature, the system OpenSSL (3.0).
//!
//! Every peer uses the same secret key [`D`], the same 32-byte message and the default ID
//! `1234567812345678` (OpenSSL: see `mod ossl`). One iteration is one operation:
//!
//! - `sm2-sign`: e = SM3(Z_A ‖ M) with Z_A computed at key setup, then (r, s) with a fresh k from
//!   a seeded RNG (libsm and OpenSSL draw k from their own RNG).
//! - `sm2-verify`: e as above, then the check, on one valid signature; `gmkit-prepared` through
//!   a `PreparedVerifyingKey` (the public key's table built once, before the loop).
//! - `sm2-encrypt` / `sm2-decrypt`: a 32-byte message, each peer in its native layout (gmkit and
//!   RustCrypto C1‖C3‖C2, libsm C1‖C2‖C3, OpenSSL GM/T 0009 DER).
//! - `sm2-kex`: the responder B's step of GB/T 32918.3 §6.1 (B1–B9): draw r_B and R_B = [r_B]G,
//!   then from the initiator's validated R_A compute V, K_B (16 bytes) and S_B.
//! - `ecdsa-p256-sign` / `-verify`: SHA-256 and the signature (k from RFC 6979 hedged with the
//!   seeded RNG; OpenSSL's own k) / the check of one valid signature.
//! - `sm2-keygen` / `ecdsa-p256-keygen`: a secret key from the seeded RNG and its public key.
//! - `ecdh-p256`: one side of an ephemeral ECDH (draw the secret, its public point, the shared
//!   x-coordinate with the peer's point), the counterpart of `sm2-kex`.
//! - `sm2-verify-batch`: `gmkit::sm2::verify_batch` over 64 (key, message, signature) items of
//!   64 different signers, on one thread (parameter = signatures per iteration, throughput in
//!   signatures); `gmkit` is the automatic backend, `gmkit-<name>` each `BatchBackend` this CPU
//!   runs (`avx512ifma`: 8 items per pass; `one-by-one`).
//! - `ecdh-p256-derive`: x([d]Q) for a fixed peer key (gmkit's RustCrypto wrapper, OpenSSL's
//!   `EVP_PKEY_derive`), the P-256 counterpart of the multiplication in decryption and key
//!   exchange.
//!
//! Peers missing an operation are left out of its group: `efficient-sm2` has signatures only (no
//! encryption, no key exchange); RustCrypto `sm2` 0.14 and OpenSSL 3.0 have no SM2 key exchange.
//!
//! `efficient-sm2`'s and `libsm`'s own message APIs recompute Z_A with libsm's big-integer code on
//! every call. `efficient-sm2` is timed through that API (`sign_with_seed` / `verify`, the default
//! ID: what a caller of the crate gets, and what the baseline measured), and again as
//! `efficient-sm2-prehashed` with e computed like every other peer (RustCrypto `sm3` over the
//! precomputed Z_A) through `sign_digest` / `verify_digest`: the same work as gmkit, whose keys
//! cache Z_A. `libsm` gets the precomputed e too (`sign_raw` / `verify_raw`).
//! Outputs go to buffers sized before the loop; the APIs that return a `Vec` (libsm,
//! `generic-vartime`) or need a fresh context per signature (OpenSSL) allocate inside it.

// `SIZES` is for the throughput benches; here the one parameter is the 32-byte message.
#[allow(dead_code)]
mod common;

use common::{config, id, input};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gmkit::backend::Backend;
use gmkit::registry::Sm2Backend;
use gmkit::sm2::batch::BatchBackend;
use gmkit::sm2::dsa::{self, DEFAULT_ID};
use gmkit::sm2::generic::CurveVartime;
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{
    EphemeralKey, KeyExchange, PreparedVerifyingKey, PublicKey, Role, SecretKey, Signature,
    SigningKey, VerifyingKey,
};
use gmkit::sm3::Sm3;
use p256::elliptic_curve::Generate;
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng};
use signature::hazmat::PrehashVerifier as _;
use signature::{RandomizedSigner as _, Verifier as _};
use sm3::Digest as _;
use std::hint::black_box;

/// The secret key every peer signs and decrypts with.
const D: [u8; 32] = hex32("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
/// The peer's static key in the key exchange (the initiator A; the benched party is B).
const D_PEER: [u8; 32] = hex32("6fcba2ef9ae0ab902bc3bde3ff915d44ba4cc78f88e2f8e7f8996d3b8cceedee");
/// A's ephemeral secret in the key exchange.
const R_PEER: [u8; 32] = hex32("83a2c9c8b96e5af70bd480b472409a9a327257f1ebb73f5b073354b248668563");
/// The ID as `libsm` takes it.
const ID_STR: &str = "1234567812345678";
/// Message length in bytes (the benchmark parameter).
const MSG_LEN: usize = 32;
/// Shared-key length in the key exchange.
const KEX_KEY_LEN: usize = 16;

const fn hex32(s: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'a' + 10,
        }
    }
    let s = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

fn seeded() -> StdRng {
    StdRng::seed_from_u64(0x5eed_5a2b)
}

/// The variable-time generic-curve code on sm2p256v1's parameters.
fn generic_curve() -> CurveVartime {
    CurveVartime::sm2p256v1()
}

/// `gmkit` and `gmkit-<backend>` for every `sm2` backend: the row name and the backend (`None`
/// for the production API, on the automatic field backend).
fn gmkit_rows() -> Vec<(String, Option<Sm2Backend>)> {
    let mut v = vec![("gmkit".to_string(), None)];
    for b in Sm2Backend::available() {
        v.push((format!("gmkit-{}", b.name()), Some(b)));
    }
    v
}

/// The production API (`None`) or a backend of the sm2p256v1 code, not the generic one.
fn is_fast(backend: Option<Sm2Backend>) -> bool {
    backend.is_none_or(|b| b.field().is_some())
}

/// The fixed key pair and message, in gmkit's types.
struct Fixture {
    secret: SecretKey,
    public: PublicKey,
    za: [u8; 32],
    msg: Vec<u8>,
}

impl Fixture {
    fn new() -> Self {
        let secret = SecretKey::from_bytes(&D).expect("D is in [1, n - 2]");
        let public = *secret.public_key();
        let za = dsa::za(DEFAULT_ID, &public).expect("the default ID is short");
        Fixture {
            secret,
            public,
            za,
            msg: input(MSG_LEN),
        }
    }

    /// e = SM3(Z_A ‖ M) through RustCrypto `sm3`, for the peers that sign a digest.
    fn e_rustcrypto(&self) -> [u8; 32] {
        sm3::Sm3::new_with_prefix(self.za)
            .chain_update(&self.msg)
            .finalize()
            .into()
    }

    /// The secret key on the row's field backend (the automatic one for the `gmkit` row).
    fn secret_on(&self, backend: Option<Sm2Backend>) -> SecretKey {
        match backend.and_then(Sm2Backend::field) {
            Some(field) => self.secret.clone().with_backend(field).expect("available"),
            None => self.secret.clone(),
        }
    }

    /// The public key on the row's field backend.
    fn public_on(&self, backend: Option<Sm2Backend>) -> PublicKey {
        match backend.and_then(Sm2Backend::field) {
            Some(field) => self.public.with_backend(field).expect("available"),
            None => self.public,
        }
    }

    fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey::new(self.public)
    }

    fn rc_secret(&self) -> sm2::SecretKey {
        sm2::SecretKey::from_slice(&D).expect("D is a valid sm2 key")
    }
}

/// A valid gmkit signature must accept `r ‖ s` over the fixture's message.
fn assert_valid(f: &Fixture, who: &str, rs: &[u8]) {
    let sig = Signature::from_slice(rs).unwrap_or_else(|e| panic!("{who}: r, s out of range: {e}"));
    f.verifying_key()
        .verify(&f.msg, &sig)
        .unwrap_or_else(|e| panic!("{who}: signature does not verify: {e}"));
}

/// `efficient-sm2` draws k through its own RNG trait; this feeds it the seeded RNG.
struct EfficientRng(StdRng);

impl efficient_sm2::SecureRandom for EfficientRng {
    fn fill(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest);
    }
}

/// libsm's key pair (public point, secret integer) for `d` (a macro: libsm's integer type comes
/// from a crate this package does not name).
macro_rules! libsm_keys {
    ($d:expr) => {{
        let ctx = libsm::sm2::signature::SigCtx::new();
        let sk = ctx.load_seckey($d).expect("32-byte key below n");
        (ctx.pk_from_sk(&sk).expect("key in [1, n - 1]"), sk)
    }};
}

/// Left-pad a big-endian integer to 32 bytes.
fn be32(b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[32 - b.len()..].copy_from_slice(b);
    out
}

fn sm2_sign(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("sm2-sign");
    g.throughput(Throughput::Elements(1));
    let vk = f.verifying_key();
    for (name, backend) in gmkit_rows() {
        let mut rng = seeded();
        match backend {
            _ if is_fast(backend) => {
                let sk = SigningKey::new(f.secret_on(backend));
                assert_valid(&f, &name, &sk.sign_with_rng(&mut rng, &f.msg).to_bytes());
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| sk.sign_with_rng(&mut rng, black_box(&f.msg)))
                });
            }
            _ => {
                let curve = generic_curve();
                let sign = |rng: &mut StdRng| {
                    let e = vk.digest(&f.msg);
                    let mut k = [0u8; 32];
                    rng.fill_bytes(&mut k);
                    curve.sign_prehashed_with_k(&D, &e, &k)
                };
                let (r, s) = sign(&mut rng).expect("k in range");
                assert_valid(&f, &name, &[r, s].concat());
                g.bench_function(id(&name, MSG_LEN), |b| b.iter(|| sign(black_box(&mut rng))));
            }
        }
    }

    let rsk = sm2::dsa::SigningKey::new(ID_STR, &f.rc_secret()).expect("valid key");
    let mut rng = seeded();
    let sig: sm2::dsa::Signature = rsk.sign_with_rng(&mut rng, &f.msg);
    assert_valid(&f, "rustcrypto", &sig.to_bytes());
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| -> sm2::dsa::Signature { rsk.sign_with_rng(&mut rng, black_box(&f.msg)) })
    });

    let kp = efficient_sm2::KeyPair::new(&D).expect("valid key");
    let mut erng = EfficientRng(seeded());
    let sign = |erng: &mut EfficientRng| {
        kp.sign_with_seed(erng, &f.msg)
            .expect("signing never fails")
    };
    let sig = sign(&mut erng);
    assert_valid(&f, "efficient-sm2", &[sig.r(), sig.s()].concat());
    g.bench_function(id("efficient-sm2", MSG_LEN), |b| {
        b.iter(|| sign(black_box(&mut erng)))
    });
    let sign = |erng: &mut EfficientRng| {
        let e = f.e_rustcrypto();
        kp.sign_digest(erng, &e).expect("signing never fails")
    };
    let sig = sign(&mut erng);
    assert_valid(&f, "efficient-sm2-prehashed", &[sig.r(), sig.s()].concat());
    g.bench_function(id("efficient-sm2-prehashed", MSG_LEN), |b| {
        b.iter(|| sign(black_box(&mut erng)))
    });

    let ctx = libsm::sm2::signature::SigCtx::new();
    let (_, lsk) = libsm_keys!(&D);
    let sign = || {
        let e = f.e_rustcrypto();
        ctx.sign_raw(&e, &lsk).expect("signing never fails")
    };
    let sig = sign();
    assert_valid(
        &f,
        "libsm",
        &[
            be32(&sig.get_r().to_bytes_be()),
            be32(&sig.get_s().to_bytes_be()),
        ]
        .concat(),
    );
    g.bench_function(id("libsm", MSG_LEN), |b| b.iter(sign));

    #[cfg(feature = "oracle")]
    ossl::sm2_sign(&mut g, &f);
    g.finish();
}

fn sm2_verify(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("sm2-verify");
    g.throughput(Throughput::Elements(1));
    let sig = SigningKey::new(f.secret.clone()).sign_deterministic(&f.msg);
    let vk = f.verifying_key();
    for (name, backend) in gmkit_rows() {
        match backend {
            _ if is_fast(backend) => {
                let vk = VerifyingKey::new(f.public_on(backend));
                vk.verify(&f.msg, &sig).expect("own signature");
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| vk.verify(black_box(&f.msg), black_box(&sig)))
                });
            }
            _ => {
                let curve = generic_curve();
                let pk = f.public.to_sec1_uncompressed();
                let (r, s) = (sig.r(), sig.s());
                let verify = || {
                    let e = vk.digest(black_box(&f.msg));
                    curve.verify_prehashed(&pk, &e, &r, &s)
                };
                verify().expect("valid signature");
                g.bench_function(id(&name, MSG_LEN), |b| b.iter(verify));
            }
        }
    }

    // The same check through a key with its precomputed table (made once, outside the loop).
    let prepared = PreparedVerifyingKey::new(f.verifying_key());
    prepared.verify(&f.msg, &sig).expect("own signature");
    g.bench_function(id("gmkit-prepared", MSG_LEN), |b| {
        b.iter(|| prepared.verify(black_box(&f.msg), black_box(&sig)))
    });

    let rvk = sm2::dsa::VerifyingKey::new(ID_STR, f.rc_secret().public_key()).expect("valid key");
    let rsig = sm2::dsa::Signature::from_bytes(&sig.to_bytes().into()).expect("in range");
    rvk.verify(&f.msg, &rsig).expect("valid signature");
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| rvk.verify(black_box(&f.msg), black_box(&rsig)))
    });

    // The digest the next two peers get is the one RustCrypto verifies under.
    rvk.verify_prehash(&f.e_rustcrypto(), &rsig)
        .expect("same e as gmkit");

    let epk = efficient_sm2::KeyPair::new(&D)
        .expect("valid key")
        .public_key();
    let esig = efficient_sm2::Signature::new(&sig.r(), &sig.s()).expect("in range");
    let verify = || esig.verify(&epk, black_box(&f.msg));
    verify().expect("valid signature");
    g.bench_function(id("efficient-sm2", MSG_LEN), |b| b.iter(verify));
    let verify = || {
        let e = f.e_rustcrypto();
        esig.verify_digest(&epk, &e)
    };
    verify().expect("valid signature");
    g.bench_function(id("efficient-sm2-prehashed", MSG_LEN), |b| b.iter(verify));

    let ctx = libsm::sm2::signature::SigCtx::new();
    let (lpk, _) = libsm_keys!(&D);
    let lsig = libsm::sm2::signature::Signature::new(&sig.r(), &sig.s());
    let verify = || {
        let e = f.e_rustcrypto();
        ctx.verify_raw(&e, &lpk, &lsig)
    };
    assert_eq!(verify().ok(), Some(true), "libsm: valid signature");
    g.bench_function(id("libsm", MSG_LEN), |b| b.iter(verify));

    #[cfg(feature = "oracle")]
    ossl::sm2_verify(&mut g, &f);
    g.finish();
}

/// gmkit must decrypt `ct` (in `format`) to the fixture's message.
fn assert_decrypts(f: &Fixture, who: &str, format: Format, ct: &[u8]) {
    let dk = DecryptingKey::<Sm3>::with_format(f.secret.clone(), format);
    let mut out = [0u8; MSG_LEN];
    let n = dk
        .decrypt_into(ct, &mut out)
        .unwrap_or_else(|e| panic!("{who}: ciphertext does not decrypt: {e}"));
    assert_eq!(out[..n], f.msg[..], "{who}: wrong plaintext");
}

fn sm2_encrypt(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("sm2-encrypt");
    g.throughput(Throughput::Elements(1));
    let mut out = vec![
        0u8;
        EncryptingKey::<Sm3>::with_format(f.public, Format::C1C3C2)
            .ciphertext_len(MSG_LEN)
    ];
    for (name, backend) in gmkit_rows() {
        let mut rng = seeded();
        match backend {
            _ if is_fast(backend) => {
                let ek = EncryptingKey::<Sm3>::with_format(f.public_on(backend), Format::C1C3C2);
                let n = ek.encrypt_into(&mut rng, &f.msg, &mut out).expect("room");
                assert_decrypts(&f, &name, Format::C1C3C2, &out[..n]);
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| ek.encrypt_into(&mut rng, black_box(&f.msg), &mut out))
                });
            }
            _ => {
                let curve = generic_curve();
                let pk = f.public.to_sec1_uncompressed();
                let encrypt = |rng: &mut StdRng| {
                    let mut k = [0u8; 32];
                    rng.fill_bytes(&mut k);
                    curve.encrypt_with_k::<Sm3>(&pk, black_box(&f.msg), &k)
                };
                let ct = encrypt(&mut rng).expect("k in range");
                let ct = ct.to_bytes(Format::C1C3C2).expect("encodable");
                assert_decrypts(&f, &name, Format::C1C3C2, &ct);
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| encrypt(black_box(&mut rng)))
                });
            }
        }
    }

    let rek =
        sm2::pke::EncryptingKey::new_with_mode(f.rc_secret().public_key(), sm2::pke::Mode::C1C3C2);
    let mut rng = seeded();
    let mut c2 = [0u8; MSG_LEN];
    let mut encrypt = |rng: &mut StdRng, out: &mut [u8]| {
        let cipher = rek
            .encrypt_cipher_with_buf::<_, sm3::Sm3>(rng, black_box(&f.msg), &mut c2)
            .expect("room for C2");
        cipher
            .to_slice(sm2::pke::Mode::C1C3C2, out, false)
            .map(<[u8]>::len)
            .expect("room for the ciphertext")
    };
    let n = encrypt(&mut rng, &mut out);
    assert_decrypts(&f, "rustcrypto", Format::C1C3C2, &out[..n]);
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| encrypt(&mut rng, &mut out))
    });

    let (lpk, _) = libsm_keys!(&D);
    let lek = libsm::sm2::encrypt::EncryptCtx::new(MSG_LEN, lpk);
    let ct = lek.encrypt(&f.msg).expect("encrypts");
    assert_decrypts(&f, "libsm", Format::C1C2C3, &ct);
    g.bench_function(id("libsm", MSG_LEN), |b| {
        b.iter(|| lek.encrypt(black_box(&f.msg)))
    });

    #[cfg(feature = "oracle")]
    ossl::sm2_encrypt(&mut g, &f);
    g.finish();
}

fn sm2_decrypt(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("sm2-decrypt");
    g.throughput(Throughput::Elements(1));
    let mut rng = seeded();
    let mut ciphertext = |format| {
        EncryptingKey::<Sm3>::with_format(f.public, format)
            .encrypt(&mut rng, &f.msg)
            .expect("encrypts")
    };
    let ct = ciphertext(Format::C1C3C2);
    let ct_c1c2c3 = ciphertext(Format::C1C2C3);
    let ct_der = ciphertext(Format::Der);
    let mut out = [0u8; MSG_LEN];

    for (name, backend) in gmkit_rows() {
        match backend {
            _ if is_fast(backend) => {
                let dk = DecryptingKey::<Sm3>::with_format(f.secret_on(backend), Format::C1C3C2);
                assert_eq!(dk.decrypt_into(&ct, &mut out), Ok(MSG_LEN), "{name}");
                assert_eq!(out[..], f.msg[..], "{name}");
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| dk.decrypt_into(black_box(&ct), &mut out))
                });
            }
            _ => {
                let curve = generic_curve();
                let decrypt = || curve.decrypt::<Sm3>(&D, black_box(&ct), Format::C1C3C2);
                assert_eq!(decrypt().as_deref(), Ok(&f.msg[..]), "{name}");
                g.bench_function(id(&name, MSG_LEN), |b| b.iter(decrypt));
            }
        }
    }

    let rdk = sm2::pke::DecryptingKey::new_with_mode(
        f.rc_secret().to_nonzero_scalar(),
        sm2::pke::Mode::C1C3C2,
    );
    let decrypt = |out: &mut [u8]| {
        let cipher = sm2::pke::Cipher::<sm2::Sm2, sm3::Sm3>::from_slice(
            black_box(&ct),
            sm2::pke::Mode::C1C3C2,
        )
        .expect("well-formed");
        rdk.decrypt_cipher_with_buf::<sm3::Sm3>(&cipher, out)
    };
    assert_eq!(decrypt(&mut out).ok(), Some(MSG_LEN), "rustcrypto");
    assert_eq!(out[..], f.msg[..], "rustcrypto");
    g.bench_function(id("rustcrypto", MSG_LEN), |b| b.iter(|| decrypt(&mut out)));

    let (_, lsk) = libsm_keys!(&D);
    let ldk = libsm::sm2::encrypt::DecryptCtx::new(MSG_LEN, lsk);
    assert_eq!(ldk.decrypt(&ct_c1c2c3).ok(), Some(f.msg.clone()), "libsm");
    g.bench_function(id("libsm", MSG_LEN), |b| {
        b.iter(|| ldk.decrypt(black_box(&ct_c1c2c3)))
    });

    #[cfg(feature = "oracle")]
    ossl::sm2_decrypt(&mut g, &f, &ct_der);
    #[cfg(not(feature = "oracle"))]
    let _ = ct_der;
    g.finish();
}

fn sm2_kex(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("sm2-kex");
    g.throughput(Throughput::Elements(1));
    // The initiator A, run once: its static key and ephemeral point R_A = [R_PEER]G.
    let a_secret = SecretKey::from_bytes(&D_PEER).expect("valid key");
    let a_public = *a_secret.public_key();
    let a = KeyExchange::new(Role::Initiator, a_secret, DEFAULT_ID, f.public, DEFAULT_ID)
        .expect("short IDs");
    let a_eph = || EphemeralKey::from_bytes(&R_PEER).expect("r in range");
    let r_a = *a_eph().public_key();
    // B's result must complete A's side: same key, and A accepts S_B. `agree` consumes the
    // ephemeral key, so A's is rebuilt from R_PEER for each check.
    let check = |who: &str, r_b: &PublicKey, key: &[u8], s_b: &[u8]| {
        let mut k_a = [0u8; KEX_KEY_LEN];
        let conf = a.agree(a_eph(), r_b, &mut k_a).expect("A completes");
        assert_eq!(k_a[..], key[..], "{who}: shared key");
        conf.verify_peer(s_b)
            .unwrap_or_else(|e| panic!("{who}: S_B: {e}"));
    };

    let mut key = [0u8; KEX_KEY_LEN];
    for (name, backend) in gmkit_rows() {
        let mut rng = seeded();
        match backend {
            _ if is_fast(backend) => {
                let b_kx = KeyExchange::new(
                    Role::Responder,
                    f.secret_on(backend),
                    DEFAULT_ID,
                    a_public,
                    DEFAULT_ID,
                )
                .expect("short IDs");
                let eph = b_kx.ephemeral(&mut rng);
                let r_b = *eph.public_key();
                let conf = b_kx.agree(eph, &r_a, &mut key).expect("B completes");
                check(&name, &r_b, &key, conf.to_send());
                g.bench_function(id(&name, MSG_LEN), |b| {
                    b.iter(|| {
                        let eph = b_kx.ephemeral(&mut rng);
                        b_kx.agree(eph, black_box(&r_a), &mut key)
                    })
                });
            }
            _ => {
                // This entry also re-derives [d]G and both Z values on each call (its only API).
                let curve = generic_curve();
                let (peer, r_a) = (a_public.to_sec1_uncompressed(), r_a.to_sec1_uncompressed());
                let step = |rng: &mut StdRng| {
                    let mut r = [0u8; 32];
                    rng.fill_bytes(&mut r);
                    let out = curve.key_exchange_with_ephemeral(
                        false,
                        &D,
                        &r,
                        DEFAULT_ID,
                        &peer,
                        &r_a,
                        DEFAULT_ID,
                        KEX_KEY_LEN,
                    );
                    (r, out)
                };
                let (r, out) = step(&mut rng);
                let out = out.expect("B completes");
                let r_b = *SigningKey::new(SecretKey::from_bytes(&r).expect("r in range"))
                    .verifying_key()
                    .public_key();
                check(&name, &r_b, &out.key, &out.s_b);
                g.bench_function(id(&name, MSG_LEN), |b| b.iter(|| step(black_box(&mut rng))));
            }
        }
    }

    let (lpk_b, lsk_b) = libsm_keys!(&D);
    let (lpk_a, _) = libsm_keys!(&D_PEER);
    let sig_ctx = libsm::sm2::signature::SigCtx::new();
    let lr_a = sig_ctx
        .load_pubkey(&r_a.to_sec1_uncompressed())
        .expect("valid point");
    let mut lb =
        libsm::sm2::exchange::ExchangeCtxB::new(KEX_KEY_LEN, ID_STR, ID_STR, lpk_a, lpk_b, lsk_b)
            .expect("short IDs");
    // exchange2 keeps K_B to itself, and writes S_B's tag 0x02 as the 16-bit 00 02 where
    // GB/T 32918.3 §6.1 B9 has one byte. So its S_B is checked in that form, over the shared
    // point A computes (through the generic code, which returns it).
    let (lr_b, s_b) = lb.exchange2(&lr_a).expect("B completes");
    let r_b = sig_ctx.serialize_pubkey(&lr_b, false).expect("point");
    let u = generic_curve()
        .key_exchange_with_ephemeral(
            true,
            &D_PEER,
            &R_PEER,
            DEFAULT_ID,
            &f.public.to_sec1_uncompressed(),
            &r_b,
            DEFAULT_ID,
            KEX_KEY_LEN,
        )
        .expect("A completes")
        .point;
    let (ux, uy) = u[1..].split_at(32);
    let inner = sm3::Sm3::new()
        .chain_update(ux)
        .chain_update(dsa::za(DEFAULT_ID, &a_public).expect("short ID"))
        .chain_update(f.za)
        .chain_update(&r_a.to_sec1_uncompressed()[1..])
        .chain_update(&r_b[1..])
        .finalize();
    let want = sm3::Sm3::new()
        .chain_update([0, 2])
        .chain_update(uy)
        .chain_update(inner)
        .finalize();
    assert_eq!(s_b[..], want[..], "libsm: S_B (with a 2-byte tag)");
    g.bench_function(id("libsm", MSG_LEN), |b| {
        b.iter(|| lb.exchange2(black_box(&lr_a)))
    });
    g.finish();
}

fn sm2_keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm2-keygen");
    g.throughput(Throughput::Elements(1));
    let mut rng = seeded();
    let k = SecretKey::random(&mut rng);
    assert_eq!(
        *k.public_key(),
        *SigningKey::new(k.clone()).verifying_key().public_key()
    );
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| SecretKey::random(black_box(&mut rng)))
    });
    let mut rng = seeded();
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| {
            let k = <sm2::SecretKey as Generate>::generate_from_rng(black_box(&mut rng));
            (k.public_key(), k)
        })
    });
    g.finish();
}

/// Signers in one `sm2-verify-batch` iteration.
const BATCH: usize = 64;

fn sm2_verify_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm2-verify-batch");
    g.throughput(Throughput::Elements(BATCH as u64));
    let keys: Vec<SigningKey> = (0..BATCH)
        .map(|i| {
            let mut d = D;
            d[31] ^= i as u8;
            SigningKey::new(SecretKey::from_bytes(&d).expect("valid key"))
        })
        .collect();
    let msgs: Vec<Vec<u8>> = (0..BATCH)
        .map(|i| {
            let mut m = input(MSG_LEN);
            m[0] ^= i as u8;
            m
        })
        .collect();
    let sigs: Vec<Signature> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| k.sign_deterministic(m))
        .collect();
    let items: Vec<gmkit::sm2::batch::Item<'_>> = keys
        .iter()
        .zip(&msgs)
        .zip(&sigs)
        .map(|((k, m), s)| gmkit::sm2::batch::Item::new(k.verifying_key(), m, s))
        .collect();
    let mut verdicts = [false; BATCH];
    gmkit::sm2::verify_batch(&items, &mut verdicts).expect("as many verdicts as items");
    assert!(verdicts.iter().all(|v| *v), "every signature is valid");
    g.bench_function(id("gmkit", BATCH), |b| {
        b.iter(|| gmkit::sm2::verify_batch(black_box(&items), &mut verdicts))
    });
    // Each backend by name (`gmkit` above is the automatic choice).
    for backend in BatchBackend::available() {
        g.bench_function(id(&format!("gmkit-{}", backend.name()), BATCH), |b| {
            b.iter(|| {
                gmkit::sm2::batch::verify_batch_with(backend, black_box(&items), &mut verdicts)
            })
        });
    }
    assert!(verdicts.iter().all(|v| *v), "every signature is valid");
    g.finish();
}

fn ecdsa_p256(c: &mut Criterion) {
    use p256::ecdsa::signature::RandomizedSigner as _;
    let msg = input(MSG_LEN);
    let sk = gmkit::intl::p256::SigningKey::from_bytes(&D).expect("valid P-256 key");
    let vk = sk.verifying_key();
    let rsk = p256::ecdsa::SigningKey::from_slice(&D).expect("valid P-256 key");
    let rvk = *rsk.verifying_key();
    assert_eq!(rvk, *vk.as_inner(), "same key");

    let mut g = c.benchmark_group("ecdsa-p256-sign");
    g.throughput(Throughput::Elements(1));
    let mut rng = seeded();
    vk.verify(&msg, &sk.sign_with_rng(&mut rng, &msg))
        .expect("own signature");
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| sk.sign_with_rng(&mut rng, black_box(&msg)))
    });
    let mut rng = seeded();
    let sig: p256::ecdsa::Signature = rsk.sign_with_rng(&mut rng, &msg);
    vk.verify(&msg, &sig).expect("rustcrypto signature");
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| -> p256::ecdsa::Signature { rsk.sign_with_rng(&mut rng, black_box(&msg)) })
    });
    #[cfg(feature = "oracle")]
    ossl::ecdsa_sign(&mut g, &msg, &vk);
    g.finish();

    let mut g = c.benchmark_group("ecdsa-p256-verify");
    g.throughput(Throughput::Elements(1));
    let sig = sk.sign_with_rng(&mut rng, &msg);
    vk.verify(&msg, &sig).expect("own signature");
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| vk.verify(black_box(&msg), black_box(&sig)))
    });
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| rvk.verify(black_box(&msg), black_box(&sig)))
    });
    #[cfg(feature = "oracle")]
    ossl::ecdsa_verify(&mut g, &msg, &sig);
    g.finish();

    let mut g = c.benchmark_group("ecdsa-p256-keygen");
    g.throughput(Throughput::Elements(1));
    let mut rng = seeded();
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| {
            let k = gmkit::intl::p256::SigningKey::random(black_box(&mut rng));
            (k.verifying_key(), k)
        })
    });
    let mut rng = seeded();
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| {
            let k = <p256::ecdsa::SigningKey as Generate>::generate_from_rng(black_box(&mut rng));
            (*k.verifying_key(), k)
        })
    });
    g.finish();

    // ECDH: this side's ephemeral key and the shared secret with a fixed peer point.
    let mut g = c.benchmark_group("ecdh-p256");
    g.throughput(Throughput::Elements(1));
    let peer = gmkit::intl::p256::SecretKey::from_bytes(&D).expect("valid P-256 key");
    let peer_point = peer.public_key().to_sec1_uncompressed();
    let mut rng = seeded();
    let ecdh = gmkit::intl::EcdhP256;
    let mut key = [0u8; 32];
    let (eph, msg_out) = gmkit::KeyAgreement::start(&ecdh, &mut rng);
    gmkit::KeyAgreement::finish(&ecdh, eph, &peer_point, &mut key).expect("valid point");
    let from_peer = peer
        .diffie_hellman_encoded(msg_out.as_ref())
        .expect("valid point");
    assert_eq!(key, *from_peer, "both sides agree");
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| {
            let (eph, _msg) = gmkit::KeyAgreement::start(&ecdh, black_box(&mut rng));
            gmkit::KeyAgreement::finish(&ecdh, eph, black_box(&peer_point), &mut key)
        })
    });
    let rc_peer = *peer.public_key().as_inner();
    let mut rng = seeded();
    g.bench_function(id("rustcrypto", MSG_LEN), |b| {
        b.iter(|| {
            let eph = p256::ecdh::EphemeralSecret::generate_from_rng(black_box(&mut rng));
            let own = eph.public_key();
            (own, eph.diffie_hellman(black_box(&rc_peer)))
        })
    });
    g.finish();
}

/// `ecdh-p256-derive`: static ECDH on P-256, x([d]Q) for a validated peer key — the
/// variable-base multiplication SM2 decryption and key exchange are built on, as the P-256 peer
/// of `sm2-decrypt` and `sm2-kex`. `gmkit` is `gmkit::intl::p256` (RustCrypto `p256`).
fn ecdh_p256(c: &mut Criterion) {
    let mut g = c.benchmark_group("ecdh-p256-derive");
    g.throughput(Throughput::Elements(1));
    let sk = gmkit::intl::p256::SecretKey::from_bytes(&D).expect("valid key");
    let peer_sk = gmkit::intl::p256::SecretKey::from_bytes(&D_PEER).expect("valid key");
    let peer = peer_sk.public_key();
    let shared = sk.diffie_hellman(&peer);
    assert_eq!(
        *shared,
        *peer_sk.diffie_hellman(&sk.public_key()),
        "gmkit: ECDH"
    );
    g.bench_function(id("gmkit", MSG_LEN), |b| {
        b.iter(|| sk.diffie_hellman(black_box(&peer)))
    });
    #[cfg(feature = "oracle")]
    ossl::ecdh_derive(&mut g, &peer.to_sec1_uncompressed(), &shared);
    g.finish();
}

/// OpenSSL peers (the system OpenSSL 3.0 through the `openssl` crate), `oracle` feature only.
///
/// The keys are built on the named EC group (`sm2`, `prime256v1`) from the same d. OpenSSL 3.0's
/// SM2 signatures hash Z_A with an empty ID unless `EVP_PKEY_CTX_set1_id` is called, which the
/// `openssl` crate does not expose; Z_A costs the same 4 SM3 blocks for either ID, so the OpenSSL
/// rows sign and verify under the empty ID (checked against gmkit with that ID). Each
/// signature needs a fresh `EVP_MD_CTX` (`Signer`/`Verifier::new`), which OpenSSL allocates and
/// which recomputes Z_A; encryption and decryption reuse one `EVP_PKEY_CTX`.
#[cfg(feature = "oracle")]
mod ossl {
    use super::{Fixture, MSG_LEN, assert_decrypts, id};
    use criterion::BenchmarkGroup;
    use criterion::measurement::WallTime;
    use gmkit::sm2::pke::Format;
    use gmkit::sm2::{Signature, VerifyingKey};
    use openssl::bn::{BigNum, BigNumContext};
    use openssl::derive::Deriver;
    use openssl::ec::{EcGroup, EcKey, EcPoint};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::{Id, PKey, Private, Public};
    use openssl::pkey_ctx::PkeyCtx;
    use openssl::sign::{Signer, Verifier};
    use std::hint::black_box;

    /// The private and public PKey for d on `curve`, from the EC group and d.
    fn keys(curve: Nid, d: &[u8; 32], id: Id) -> (PKey<Private>, PKey<Public>) {
        let group = EcGroup::from_curve_name(curve).expect("curve known to OpenSSL");
        let d = BigNum::from_slice(d).expect("bignum");
        let mut q = EcPoint::new(&group).expect("point");
        let mut ctx = BigNumContext::new().expect("BN_CTX");
        q.mul_generator2(&group, &d, &mut ctx).expect("[d]G");
        let ec = EcKey::from_private_components(&group, &d, &q).expect("valid key");
        let public = EcKey::from_public_key(&group, &q).expect("valid point");
        let (sk, pk) = (
            PKey::from_ec_key(ec).expect("PKey"),
            PKey::from_ec_key(public).expect("PKey"),
        );
        assert_eq!((sk.id(), pk.id()), (id, id), "OpenSSL key type");
        (sk, pk)
    }

    fn sm2_keys() -> (PKey<Private>, PKey<Public>) {
        keys(Nid::SM2, &super::D, Id::SM2)
    }

    /// gmkit's verifying key under the empty ID OpenSSL 3.0 uses.
    fn empty_id(f: &Fixture) -> VerifyingKey {
        VerifyingKey::with_id(f.public, b"").expect("short ID")
    }

    fn sign(key: &PKey<Private>, md: MessageDigest, msg: &[u8], out: &mut [u8]) -> usize {
        let mut s = Signer::new(md, key).expect("EVP_DigestSignInit");
        s.update(msg).expect("update");
        s.sign(out).expect("sign")
    }

    fn verify(key: &PKey<Public>, md: MessageDigest, msg: &[u8], sig: &[u8]) -> bool {
        let mut v = Verifier::new(md, key).expect("EVP_DigestVerifyInit");
        v.update(msg).expect("update");
        v.verify(sig).expect("verify")
    }

    pub fn sm2_sign(g: &mut BenchmarkGroup<'_, WallTime>, f: &Fixture) {
        let (sk, _) = sm2_keys();
        let mut out = [0u8; 80];
        let n = sign(&sk, MessageDigest::sm3(), &f.msg, &mut out);
        let sig = Signature::from_der(&out[..n]).expect("strict DER");
        empty_id(f)
            .verify(&f.msg, &sig)
            .expect("openssl: signature (empty ID) does not verify");
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| sign(&sk, MessageDigest::sm3(), black_box(&f.msg), &mut out))
        });
    }

    pub fn sm2_verify(g: &mut BenchmarkGroup<'_, WallTime>, f: &Fixture) {
        let (_, pk) = sm2_keys();
        let sig = gmkit::sm2::SigningKey::with_id(f.secret.clone(), b"")
            .expect("short ID")
            .sign_deterministic(&f.msg)
            .to_der();
        assert!(
            verify(&pk, MessageDigest::sm3(), &f.msg, sig.as_ref()),
            "openssl: valid signature (empty ID) rejected"
        );
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| verify(&pk, MessageDigest::sm3(), black_box(&f.msg), sig.as_ref()))
        });
    }

    pub fn sm2_encrypt(g: &mut BenchmarkGroup<'_, WallTime>, f: &Fixture) {
        let (_, pk) = sm2_keys();
        let mut ctx = PkeyCtx::new(&pk).expect("EVP_PKEY_CTX");
        ctx.encrypt_init().expect("encrypt_init");
        let mut out = vec![0u8; ctx.encrypt(&f.msg, None).expect("length query")];
        let n = ctx.encrypt(&f.msg, Some(&mut out)).expect("encrypts");
        assert_decrypts(f, "openssl", Format::Der, &out[..n]);
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| ctx.encrypt(black_box(&f.msg), Some(&mut out)))
        });
    }

    pub fn sm2_decrypt(g: &mut BenchmarkGroup<'_, WallTime>, f: &Fixture, ct: &[u8]) {
        let (sk, _) = sm2_keys();
        let mut ctx = PkeyCtx::new(&sk).expect("EVP_PKEY_CTX");
        ctx.decrypt_init().expect("decrypt_init");
        let mut out = vec![0u8; ctx.decrypt(ct, None).expect("length query")];
        let n = ctx.decrypt(ct, Some(&mut out)).expect("decrypts");
        assert_eq!(out[..n], f.msg[..], "openssl: wrong plaintext");
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| ctx.decrypt(black_box(ct), Some(&mut out)))
        });
    }

    fn p256_keys() -> (PKey<Private>, PKey<Public>) {
        keys(Nid::X9_62_PRIME256V1, &super::D, Id::EC)
    }

    /// `EVP_PKEY_derive` with d against the peer point `peer` (SEC1), on one context; the
    /// shared x must be `want`.
    pub fn ecdh_derive(g: &mut BenchmarkGroup<'_, WallTime>, peer: &[u8], want: &[u8; 32]) {
        let (sk, _) = p256_keys();
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
        let mut ctx = BigNumContext::new().expect("BN_CTX");
        let point = EcPoint::from_bytes(&group, peer, &mut ctx).expect("valid point");
        let peer = EcKey::from_public_key(&group, &point).expect("valid point");
        let peer = PKey::from_ec_key(peer).expect("PKey");
        let mut deriver = Deriver::new(&sk).expect("EVP_PKEY_derive_init");
        deriver.set_peer(&peer).expect("EVP_PKEY_derive_set_peer");
        let mut out = [0u8; 32];
        assert_eq!(deriver.derive(&mut out).expect("derives"), 32);
        assert_eq!(out, *want, "openssl: ECDH");
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| deriver.derive(&mut out))
        });
    }

    pub fn ecdsa_sign(
        g: &mut BenchmarkGroup<'_, WallTime>,
        msg: &[u8],
        vk: &gmkit::intl::p256::VerifyingKey,
    ) {
        let (sk, _) = p256_keys();
        let mut out = [0u8; 80];
        let n = sign(&sk, MessageDigest::sha256(), msg, &mut out);
        vk.verify_der(msg, &out[..n])
            .expect("openssl: signature does not verify");
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| sign(&sk, MessageDigest::sha256(), black_box(msg), &mut out))
        });
    }

    pub fn ecdsa_verify(
        g: &mut BenchmarkGroup<'_, WallTime>,
        msg: &[u8],
        sig: &gmkit::intl::p256::Signature,
    ) {
        let (_, pk) = p256_keys();
        let der = sig.to_der();
        assert!(
            verify(&pk, MessageDigest::sha256(), msg, der.as_bytes()),
            "openssl: valid signature rejected"
        );
        g.bench_function(id("openssl", MSG_LEN), |b| {
            b.iter(|| verify(&pk, MessageDigest::sha256(), black_box(msg), der.as_bytes()))
        });
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = sm2_keygen, sm2_sign, sm2_verify, sm2_verify_batch, sm2_encrypt, sm2_decrypt, sm2_kex,
        ecdsa_p256, ecdh_p256
}
criterion_main!(benches);
