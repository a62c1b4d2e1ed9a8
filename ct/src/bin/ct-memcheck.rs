//! `ct-memcheck`: gmkit's secrets as valgrind memcheck sees them (`scripts/ct-check.sh`).
//!
//! Run without arguments, it is the driver: for each backend column it runs itself under
//! `valgrind --tool=memcheck` as `ct-memcheck run <column>`, with `GMKIT_BACKEND` set so that
//! every automatic choice inside the library lands on that column too, then prints the table
//! operation × backend and exits 0 only when nothing but the canaries is reported — and the
//! canaries are.
//!
//! Under valgrind (`run <column>`), every key, plaintext, hash subkey, HMAC key, KDF input, SM2
//! secret key and every byte from the RNG is marked undefined (`VALGRIND_MAKE_MEM_UNDEFINED`)
//! before the operation runs. Memcheck follows undefinedness through every computation and
//! reports a conditional jump, a load or store address, or a system-call argument that depends
//! on it: exactly the secret-dependent branches and memory addresses that constant-time code
//! must not have. Values that are public by design pass `gmkit::ct::declassify` inside the
//! library; the harness marks as public only what an attacker sees anyway (ciphertexts and tags
//! that are fed back in as inputs). Each operation is bracketed by markers in the valgrind log
//! and by `VALGRIND_COUNT_ERRORS`, so each report is charged to the operation that made it.

use crabgrind::memcheck::{MemState, mark_mem};
use gmkit::mac::{Hmac, HmacSm3};
use gmkit::modes::ghash::{Ghash, GhashBackend, GhashKey};
use gmkit::modes::{self, cbcmac, gcm::Gcm, xts::XtsVariant};
use gmkit::sm2;
use gmkit::sm3::{Sm3, Sm3Backend, batch::Sm3Batch, batch::Sm3BatchBackend, kdf_with_state};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{BlockCipher128, CtrWidth, KeyAgreement, Mac, Sign};
use gmkit_ct::TestRng;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;
use std::process::{Command, ExitCode};

/// Mark `v` undefined: from here on memcheck reports every branch or address that depends on it.
fn secret<T: ?Sized>(v: &mut T) {
    let _ = mark_mem(
        std::ptr::from_mut(v).cast(),
        size_of_val(v),
        MemState::Undefined,
    );
}

/// Mark `v` defined: a value the attacker sees anyway (an output fed back in as an input).
fn public<T: ?Sized>(v: &mut T) {
    let _ = mark_mem(
        std::ptr::from_mut(v).cast(),
        size_of_val(v),
        MemState::Defined,
    );
}

/// `N` secret bytes.
fn secret_array<const N: usize>(rng: &mut TestRng) -> [u8; N] {
    let mut a = rng.array::<N>();
    secret(&mut a);
    a
}

/// `n` secret bytes.
fn secret_vec(rng: &mut TestRng, n: usize) -> Vec<u8> {
    let mut v = rng.vec(n);
    secret(v.as_mut_slice());
    v
}

/// A generator whose every output is secret (nonces, ephemeral keys, generated keys).
fn secret_rng(seed: u64) -> TestRng {
    TestRng::with_hook(seed, secret)
}

/// The algorithms an operation runs, which decide the columns it appears in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Alg {
    Sm4,
    Ghash,
    Sm3,
    Batch,
    /// SM2's field backend (`sm2::FieldBackend`), chosen through `GMKIT_BACKEND`.
    Sm2,
    /// RustCrypto `p256` behind gmkit's wrappers: no gmkit backend, run in the `soft` column.
    P256,
    /// The deliberately leaky canaries: every column.
    Canary,
}

/// One column of the table: a backend, and the other algorithms on their portable backends.
struct Column {
    name: &'static str,
    /// The algorithm whose backend this column varies (`None`: the all-portable column).
    varies: Option<Alg>,
    sm4: Sm4Backend,
    ghash: GhashBackend,
    sm3: Sm3Backend,
    batch: Sm3BatchBackend,
    /// `GMKIT_BACKEND` for the run, so that automatic choices inside the library agree.
    env: &'static str,
}

/// The backends valgrind 3.19 can run: it emulates no AVX-512, GFNI, VAES or VPCLMULQDQ. It
/// runs ADX but hides it from CPUID: the `bmi2-adx` column sets `GMKIT_CT_ASSUME_ADX`.
fn columns() -> Vec<Column> {
    let soft = |name, varies, env| Column {
        name,
        varies,
        sm4: Sm4Backend::Soft,
        ghash: GhashBackend::Soft,
        sm3: Sm3Backend::Soft,
        batch: Sm3BatchBackend::Serial,
        env,
    };
    vec![
        soft("soft", None, "soft,sm3-batch=serial"),
        Column {
            sm4: Sm4Backend::AesniAvx2,
            ..soft(
                "aesni-avx2",
                Some(Alg::Sm4),
                "soft,sm4=aesni-avx2,sm3-batch=serial",
            )
        },
        Column {
            ghash: GhashBackend::Pclmul,
            ..soft(
                "pclmul",
                Some(Alg::Ghash),
                "soft,ghash=pclmul,sm3-batch=serial",
            )
        },
        Column {
            sm3: Sm3Backend::Avx2Bmi2,
            ..soft(
                "avx2-bmi2",
                Some(Alg::Sm3),
                "soft,sm3=avx2-bmi2,sm3-batch=serial",
            )
        },
        Column {
            batch: Sm3BatchBackend::Avx2x8,
            ..soft("avx2-x8", Some(Alg::Batch), "soft,sm3-batch=avx2-x8")
        },
        soft(
            "bmi2-adx",
            Some(Alg::Sm2),
            "soft,sm2=bmi2-adx,sm3-batch=serial",
        ),
    ]
}

/// One checked operation.
struct Op {
    name: &'static str,
    algs: &'static [Alg],
    run: fn(&Column, &mut TestRng),
}

impl Op {
    fn runs_in(&self, col: &Column) -> bool {
        match col.varies {
            None => true,
            Some(alg) => self.algs.contains(&alg) || self.algs.contains(&Alg::Canary),
        }
    }
}

fn sm4(col: &Column, rng: &mut TestRng) -> Sm4 {
    Sm4::with_backend(&secret_array(rng), col.sm4).expect("the column's backend runs here")
}

fn gcm(col: &Column, rng: &mut TestRng) -> Gcm<Sm4> {
    Gcm::with_ghash_backend(sm4(col, rng), col.ghash).expect("the column's backend runs here")
}

/// Message lengths that reach every path: empty, partial, 1–4 blocks (the serial paths), the
/// bulk paths and their tails.
const LENS: [usize; 9] = [0, 1, 15, 16, 33, 64, 80, 255, 2085];

fn ops() -> Vec<Op> {
    vec![
        Op {
            name: "SM4 key schedule",
            algs: &[Alg::Sm4],
            run: |c, r| {
                black_box(sm4(c, r));
            },
        },
        Op {
            name: "SM4 encrypt / decrypt blocks",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let k = sm4(c, r);
                for n in [1, 2, 3, 4, 5, 16, 37, 300] {
                    let mut b = vec![[0u8; 16]; n];
                    b.iter_mut().for_each(|b| *b = secret_array(r));
                    k.encrypt_blocks(&mut b);
                    k.decrypt_blocks(black_box(&mut b));
                }
            },
        },
        Op {
            name: "SM4 CTR keystream (inc32/64/128)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let k = sm4(c, r);
                for w in [CtrWidth::Bits32, CtrWidth::Bits64, CtrWidth::Bits128] {
                    for n in [1, 4, 5, 300] {
                        let mut ctr = [0xffu8; 16];
                        let mut b = vec![[0u8; 16]; n];
                        b.iter_mut().for_each(|b| *b = secret_array(r));
                        k.ctr_xor_blocks(&mut ctr, w, black_box(&mut b));
                    }
                }
            },
        },
        Op {
            name: "ECB encrypt / decrypt (+ PKCS#7)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let k = sm4(c, r);
                for n in [16, 64, 2080] {
                    let mut b = secret_vec(r, n);
                    modes::ecb::encrypt(&k, &mut b).unwrap();
                    public(b.as_mut_slice());
                    modes::ecb::decrypt(&k, black_box(&mut b)).unwrap();
                }
                for n in [0, 15, 16, 100] {
                    let mut b = secret_vec(r, n + 16);
                    let len = modes::ecb::encrypt_pkcs7(&k, &mut b, n).unwrap();
                    public(b.as_mut_slice());
                    modes::ecb::decrypt_pkcs7(&k, black_box(&mut b[..len])).unwrap();
                }
            },
        },
        Op {
            name: "CBC encrypt / decrypt (+ PKCS#7, CS3)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let k = sm4(c, r);
                let iv = r.array::<16>();
                for n in [16, 64, 2080] {
                    let mut b = secret_vec(r, n);
                    modes::cbc::encrypt(&k, &iv, &mut b).unwrap();
                    public(b.as_mut_slice());
                    modes::cbc::decrypt(&k, &iv, black_box(&mut b)).unwrap();
                }
                for n in [0, 15, 16, 100] {
                    let mut b = secret_vec(r, n + 16);
                    let len = modes::cbc::encrypt_pkcs7(&k, &iv, &mut b, n).unwrap();
                    public(b.as_mut_slice());
                    modes::cbc::decrypt_pkcs7(&k, &iv, black_box(&mut b[..len])).unwrap();
                }
                for n in [16, 17, 100] {
                    let mut b = secret_vec(r, n);
                    modes::cts::encrypt_cs3(&k, &iv, &mut b).unwrap();
                    public(b.as_mut_slice());
                    modes::cts::decrypt_cs3(&k, &iv, black_box(&mut b)).unwrap();
                }
            },
        },
        Op {
            name: "CFB encrypt / decrypt",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let iv = r.array::<16>();
                let key = secret_array::<16>(r);
                for n in LENS {
                    let mut b = secret_vec(r, n);
                    let k = Sm4::with_backend(&key, c.sm4).unwrap();
                    modes::cfb::Cfb::new(k, &iv).encrypt(&mut b);
                    public(b.as_mut_slice());
                    let k = Sm4::with_backend(&key, c.sm4).unwrap();
                    modes::cfb::Cfb::new(k, &iv).decrypt(black_box(&mut b));
                }
            },
        },
        Op {
            name: "OFB",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let iv = r.array::<16>();
                let mut ofb = modes::ofb::Ofb::new(sm4(c, r), &iv);
                for n in LENS {
                    ofb.apply_keystream(black_box(&mut secret_vec(r, n)));
                }
            },
        },
        Op {
            name: "CTR (inc128, RFC 3686)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                let iv = r.array::<16>();
                let mut ctr = modes::ctr::Ctr::new(sm4(c, r), &iv, CtrWidth::Bits128);
                let mut rfc = modes::ctr::Ctr::new_rfc3686(sm4(c, r), &[1; 4], &[2; 8]);
                for n in LENS {
                    ctr.apply_keystream(black_box(&mut secret_vec(r, n)))
                        .unwrap();
                    rfc.apply_keystream(black_box(&mut secret_vec(r, n)))
                        .unwrap();
                }
            },
        },
        Op {
            name: "XTS encrypt / decrypt (IEEE, GB/T)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                // K1 = K2 is refused (compared in constant time, the refusal declassified).
                let key = secret_array::<16>(r);
                let k = || Sm4::with_backend(&key, c.sm4).unwrap();
                assert!(modes::xts::Xts::new(k(), k(), XtsVariant::Ieee1619).is_err());
                for v in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
                    let xts = modes::xts::Xts::new(sm4(c, r), sm4(c, r), v).unwrap();
                    let tweak = r.array::<16>();
                    for n in [16, 17, 31, 64, 100, 2085] {
                        let mut b = secret_vec(r, n);
                        xts.encrypt(&tweak, &mut b).unwrap();
                        public(b.as_mut_slice());
                        xts.decrypt(&tweak, black_box(&mut b)).unwrap();
                    }
                }
            },
        },
        Op {
            name: "GCM seal",
            algs: &[Alg::Sm4, Alg::Ghash],
            run: |c, r| {
                let g = gcm(c, r);
                for (n, iv_len) in LENS.iter().zip([12, 12, 1, 12, 60, 12, 12, 16, 12]) {
                    let iv = r.vec(iv_len);
                    let aad = secret_vec(r, n % 40);
                    let mut b = secret_vec(r, *n);
                    let mut tag = [0u8; 16];
                    g.seal_detached(&iv, &aad, &mut b, &mut tag).unwrap();
                    black_box((&b, &tag));
                }
            },
        },
        Op {
            name: "GCM open (valid, forged)",
            algs: &[Alg::Sm4, Alg::Ghash],
            run: |c, r| {
                let g = gcm(c, r);
                for (n, iv_len) in LENS.iter().zip([12, 12, 1, 12, 60, 12, 12, 16, 12]) {
                    let iv = r.vec(iv_len);
                    let aad = r.vec(n % 40);
                    let mut b = secret_vec(r, *n);
                    let mut tag = [0u8; 16];
                    g.seal_detached(&iv, &aad, &mut b, &mut tag).unwrap();
                    public(b.as_mut_slice());
                    public(&mut tag);
                    let mut forged = b.clone();
                    tag[15] ^= 1;
                    assert!(g.open_detached(&iv, &aad, &mut forged, &tag).is_err());
                    tag[15] ^= 1;
                    g.open_detached(&iv, &aad, black_box(&mut b), &tag).unwrap();
                }
                let gmac = modes::gcm::Gmac::from_gcm(g);
                let iv = r.array::<12>();
                let msg = r.vec(100);
                let mut tag = [0u8; 16];
                gmac.compute(&iv, &msg, &mut tag).unwrap();
                public(&mut tag);
                gmac.verify(&iv, &msg, &tag).unwrap();
            },
        },
        Op {
            name: "CCM seal / open (valid, forged; 16- and 8-byte tags)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                for (n, t) in LENS.into_iter().zip([16, 8].into_iter().cycle()) {
                    let ccm = modes::ccm::Ccm::new(sm4(c, r)).with_tag_len(t).unwrap();
                    let nonce = r.array::<12>();
                    let aad = secret_vec(r, n % 40);
                    let mut b = secret_vec(r, n);
                    let mut tag = vec![0u8; t];
                    ccm.seal_detached(&nonce, &aad, &mut b, &mut tag).unwrap();
                    public(b.as_mut_slice());
                    public(tag.as_mut_slice());
                    let mut aad = aad;
                    public(aad.as_mut_slice());
                    let mut forged = b.clone();
                    tag[0] ^= 1;
                    assert!(ccm.open_detached(&nonce, &aad, &mut forged, &tag).is_err());
                    tag[0] ^= 1;
                    ccm.open_detached(&nonce, &aad, black_box(&mut b), &tag)
                        .unwrap();
                }
            },
        },
        Op {
            name: "CMAC, XCBC (tag, verify)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                for n in LENS {
                    let msg = secret_vec(r, n);
                    let key = secret_array::<16>(r);
                    let k = || Sm4::with_backend(&key, c.sm4).unwrap();
                    let mut m = modes::cmac::Cmac::new(k());
                    m.update(&msg);
                    let mut tag = m.finalize();
                    public(&mut tag);
                    let mut m = modes::cmac::Cmac::new(k());
                    m.update(&msg);
                    m.verify(&tag).unwrap();
                    let mut x = modes::xcbc::Xcbc::new(k()).unwrap();
                    x.update(&msg);
                    let mut tag = x.finalize();
                    public(&mut tag);
                    let mut x = modes::xcbc::Xcbc::new(k()).unwrap();
                    x.update(&msg);
                    x.verify(&tag).unwrap();
                }
            },
        },
        Op {
            name: "CBC-MAC algorithms 1-4, 6 (tag)",
            algs: &[Alg::Sm4],
            run: |c, r| {
                use cbcmac::{Algorithm::*, Padding::*};
                for alg in [Alg1, Alg2, Alg3, Alg4, Alg6] {
                    for pad in [Zero, Method2, Method3] {
                        for n in [1, 16, 100] {
                            let msg = secret_vec(r, n);
                            let (k1, k2) = (secret_array::<16>(r), secret_array::<16>(r));
                            let mut tag = [0u8; 16];
                            cbcmac::compute_with(
                                alg,
                                pad,
                                &k1,
                                alg.needs_key2().then_some(&k2[..]),
                                &msg,
                                &mut tag,
                                |k| Sm4::with_backend(k.try_into().unwrap(), c.sm4),
                            )
                            .unwrap();
                            black_box(&tag);
                        }
                    }
                }
            },
        },
        Op {
            name: "GHASH (secret H and data)",
            algs: &[Alg::Ghash],
            run: |c, r| {
                let key = GhashKey::with_backend(&secret_array(r), c.ghash).unwrap();
                let mut g = Ghash::new(&key);
                for n in LENS.into_iter().chain([16 * 33, 16 * 64 + 5]) {
                    g.update_padded(&secret_vec(r, n));
                }
                black_box(g.finalize());
            },
        },
        Op {
            name: "SM3 (secret message)",
            algs: &[Alg::Sm3],
            run: |c, r| {
                for n in LENS.into_iter().chain([55, 56, 63, 119, 120]) {
                    let mut h = Sm3::with_backend(c.sm3).unwrap();
                    h.update(&secret_vec(r, n));
                    black_box(h.finalize());
                }
            },
        },
        Op {
            name: "HMAC-SM3 (tag, verify)",
            algs: &[Alg::Sm3],
            run: |c, r| {
                for (kn, n) in [(16, 0), (32, 3), (64, 100), (65, 64), (100, 1000)] {
                    let key = secret_vec(r, kn);
                    let msg = secret_vec(r, n);
                    let fresh = || Sm3::with_backend(c.sm3).unwrap();
                    let mut m: HmacSm3 = Hmac::new_with_state(&key, fresh());
                    m.update(&msg);
                    let mut tag = m.finalize();
                    public(&mut tag);
                    let mut m: HmacSm3 = Hmac::new_with_state(&key, fresh());
                    Mac::update(&mut m, &msg);
                    m.verify(&tag).unwrap();
                    // Truncated (RFC 2104 §5): the expected tag is cut before the comparison.
                    let mut m: HmacSm3 = Hmac::new_with_state(&key, fresh());
                    Mac::update(&mut m, &msg);
                    m.with_tag_len(16).unwrap().verify(&tag[..16]).unwrap();
                }
            },
        },
        Op {
            name: "SM2 KDF (secret Z)",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |c, r| {
                for (zn, n) in [(64, 16), (128, 32), (64, 100)] {
                    let z = secret_vec(r, zn);
                    let mut out = vec![0u8; n];
                    kdf_with_state(Sm3::with_backend(c.sm3).unwrap(), &z, &mut out).unwrap();
                    black_box(&out);
                }
            },
        },
        Op {
            name: "PBKDF2-HMAC-SM3, HKDF-SM3 (secret password, IKM)",
            algs: &[Alg::Sm3],
            run: |c, r| {
                use gmkit::mac::{hkdf, pbkdf2};
                let fresh = || Sm3::with_backend(c.sm3).unwrap();
                let (pw, salt) = (secret_vec(r, 20), r.vec(16));
                let mut dk = [0u8; 48];
                pbkdf2::pbkdf2_with_state(fresh(), &pw, &salt, 3, &mut dk).unwrap();
                let prk = hkdf::extract_with_state(fresh(), &salt, &secret_vec(r, 40));
                let mut okm = [0u8; 70];
                hkdf::expand_with_state(fresh(), &prk, b"info", &mut okm).unwrap();
                black_box((&dk, &okm));
            },
        },
        Op {
            name: "SM3 batch: digest, HMAC, KDF",
            algs: &[Alg::Batch],
            run: |c, r| {
                let b = Sm3Batch::with_backend(c.batch).unwrap();
                let msgs: Vec<Vec<u8>> = (0..20).map(|i| secret_vec(r, i * 13)).collect();
                let mut out = vec![[0u8; 32]; msgs.len()];
                b.digest_many(&msgs, &mut out).unwrap();
                let keys: Vec<Vec<u8>> = (0..20).map(|i| secret_vec(r, 16 + i * 4)).collect();
                b.hmac_many(&keys, &msgs, &mut out).unwrap();
                let mut outs: Vec<Vec<u8>> = (0..20).map(|i| vec![0u8; 1 + i * 7]).collect();
                b.kdf_many(&msgs, &mut outs).unwrap();
                black_box((&out, &outs));
            },
        },
        Op {
            name: "SM2 key generation",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                let mut rng = secret_rng(r.word());
                black_box(sm2::SecretKey::random(&mut rng));
                let d = secret_array::<32>(r);
                black_box(sm2::SecretKey::from_bytes(&d).unwrap());
            },
        },
        Op {
            name: "SM2 sign (random k; deterministic k, DER)",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                let key =
                    sm2::SigningKey::new(sm2::SecretKey::from_bytes(&secret_array(r)).unwrap());
                let mut rng = secret_rng(r.word());
                let msg = r.vec(100);
                let sig = key.sign_with_rng(&mut rng, &msg);
                key.verifying_key().verify(&msg, &sig).unwrap();
                let sig = key.sign_deterministic(&msg);
                key.verifying_key().verify(&msg, &sig).unwrap();
                let der = key.sign_msg(&mut rng, &msg);
                key.verifying_key().verify_der(&msg, der.as_ref()).unwrap();
            },
        },
        Op {
            name: "SM2 encrypt (secret k and message)",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                let d = r.array::<32>();
                let public = *sm2::SecretKey::from_bytes(&d).unwrap().public_key();
                let mut rng = secret_rng(r.word());
                for f in [sm2::Format::C1C3C2, sm2::Format::C1C2C3, sm2::Format::Der] {
                    let ek: sm2::EncryptingKey = sm2::EncryptingKey::with_format(public, f);
                    black_box(ek.encrypt(&mut rng, &secret_vec(r, 50)).unwrap());
                }
            },
        },
        Op {
            name: "SM2 decrypt (valid, bad C3)",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                let d = secret_array::<32>(r);
                let secret = sm2::SecretKey::from_bytes(&d).unwrap();
                let mut rng = TestRng::new(r.word());
                for f in [sm2::Format::C1C3C2, sm2::Format::C1C2C3, sm2::Format::Der] {
                    let dk: sm2::DecryptingKey = sm2::DecryptingKey::with_format(secret.clone(), f);
                    let mut ct = dk
                        .encrypting_key()
                        .encrypt(&mut rng, &secret_vec(r, 50))
                        .unwrap();
                    public(ct.as_mut_slice());
                    black_box(dk.decrypt(&ct).unwrap());
                    let last = ct.len() - 1;
                    ct[last] ^= 1;
                    assert!(dk.decrypt(&ct).is_err());
                }
            },
        },
        Op {
            name: "SM2 key exchange (+ confirmation)",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                use sm2::{KeyExchange, Role};
                let (da, db) = (secret_array::<32>(r), secret_array::<32>(r));
                let (a, b) = (
                    sm2::SecretKey::from_bytes(&da).unwrap(),
                    sm2::SecretKey::from_bytes(&db).unwrap(),
                );
                let (pa, pb) = (*a.public_key(), *b.public_key());
                let ka = KeyExchange::new(Role::Initiator, a, b"alice", pb, b"bob").unwrap();
                let kb = KeyExchange::new(Role::Responder, b, b"bob", pa, b"alice").unwrap();
                let mut rng = secret_rng(r.word());
                let (ea, eb) = (ka.ephemeral(&mut rng), kb.ephemeral(&mut rng));
                let (mut k1, mut k2) = ([0u8; 48], [0u8; 48]);
                let (pea, peb) = (*ea.public_key(), *eb.public_key());
                let cb = kb.agree(eb, &pea, &mut k2).unwrap();
                let ca = ka.agree(ea, &peb, &mut k1).unwrap();
                // The confirmation values travel in the clear.
                let (mut sb, mut sa) = (*cb.to_send(), *ca.to_send());
                public(&mut sb);
                public(&mut sa);
                ca.verify_peer(&sb).unwrap();
                cb.verify_peer(&sa).unwrap();
                black_box((&k1, &k2));
            },
        },
        Op {
            name: "SM2 encrypted PKCS#8 (PBES2) write / read / tampered",
            algs: &[Alg::Sm3, Alg::Sm2],
            run: |_, r| {
                use sm2::{Pbes2Params, Pbes2Scheme};
                let key = sm2::SecretKey::from_bytes(&secret_array(r)).unwrap();
                let pw = secret_vec(r, 12);
                let mut rng = TestRng::new(r.word());
                for scheme in [Pbes2Scheme::Sm4CbcHmacSm3, Pbes2Scheme::Aes256CbcHmacSha256] {
                    let params = Pbes2Params::new(scheme).with_iterations(2);
                    let mut der = key.to_pkcs8_encrypted_der(&mut rng, &pw, params).unwrap();
                    public(der.as_mut_slice());
                    black_box(sm2::SecretKey::from_pkcs8_encrypted_der(&der, &pw).unwrap());
                    let mut wrong = pw.clone();
                    wrong[0] ^= 1;
                    assert!(sm2::SecretKey::from_pkcs8_encrypted_der(&der, &wrong).is_err());
                    // A changed ciphertext block under the right password (CBC: the plaintext
                    // block it feeds changes bit for bit).
                    let at = der.len() - 40;
                    der[at] ^= 0x20;
                    assert!(sm2::SecretKey::from_pkcs8_encrypted_der(&der, &pw).is_err());
                }
            },
        },
        Op {
            name: "P-256 ECDSA sign (+ key generation)",
            algs: &[Alg::P256],
            run: |_, r| {
                use gmkit::intl::p256;
                let mut rng = secret_rng(r.word());
                black_box(p256::SigningKey::random(&mut rng));
                let key = p256::SigningKey::from_bytes(&secret_array(r)).unwrap();
                let msg = r.vec(100);
                black_box(key.sign_with_rng(&mut rng, &msg));
                black_box(key.sign_msg(&mut rng, &msg));
            },
        },
        Op {
            name: "P-256 ECDH (static, ephemeral)",
            algs: &[Alg::P256],
            run: |_, r| {
                use gmkit::intl::p256;
                // Called through a pointer, so that gmkit's wrapper stays a named frame in
                // valgrind's stacks (ct/memcheck.supp: the range verdict inside p256).
                let from_bytes = black_box(
                    p256::SecretKey::from_bytes as fn(&[u8; 32]) -> gmkit::Result<p256::SecretKey>,
                );
                let a = from_bytes(&secret_array(r)).unwrap();
                let peer = p256::SecretKey::from_bytes(&r.array())
                    .unwrap()
                    .public_key();
                black_box(a.diffie_hellman(&peer));
                let mut rng = secret_rng(r.word());
                let (eph, _msg) = p256::Ecdh.start(&mut rng);
                let mut out = [0u8; 32];
                p256::Ecdh
                    .finish(eph, &peer.to_sec1_uncompressed(), &mut out)
                    .unwrap();
                black_box(&out);
            },
        },
        Op {
            name: "canary: table lookup by a secret byte",
            algs: &[Alg::Canary],
            run: |_, r| {
                static TABLE: [u8; 256] = {
                    let mut t = [0u8; 256];
                    let mut i = 0;
                    while i < 256 {
                        t[i] = (i as u8).wrapping_mul(167).rotate_left(3);
                        i += 1;
                    }
                    t
                };
                let s = secret_array::<1>(r);
                black_box(black_box(&TABLE)[black_box(s[0]) as usize]);
            },
        },
        Op {
            name: "canary: branch on a secret bit",
            algs: &[Alg::Canary],
            run: |_, r| {
                let s = secret_array::<1>(r);
                if black_box(s[0]) & 1 == 1 {
                    black_box(1u8);
                } else {
                    black_box(2u8);
                }
            },
        },
    ]
}

/// Operations with a known, reported finding that the library has not fixed yet, and where it is
/// written up. They show as KNOWN in the table and do not fail the run; one that stops leaking
/// fails it, so that this list is kept honest.
const KNOWN: &[(&str, &str)] = &[];

const BEGIN: &str = "@@ct-begin ";
const END: &str = "@@ct-end ";

/// Under valgrind: run the column's operations, one result line each on stdout.
fn run_column(name: &str) -> ExitCode {
    let Some(col) = columns().into_iter().find(|c| c.name == name) else {
        eprintln!("unknown column {name}");
        return ExitCode::FAILURE;
    };
    if matches!(crabgrind::run_mode(), crabgrind::RunMode::Native) {
        eprintln!("`run` marks memory for valgrind: run it under valgrind (or run the driver)");
        return ExitCode::FAILURE;
    }
    // A column whose SM2 backend did not come up would silently run `soft`.
    use gmkit::backend::Backend as _;
    let sm2_backend = sm2::SecretKey::from_bytes(&[7; 32])
        .expect("valid")
        .backend();
    if col.varies == Some(Alg::Sm2) && sm2_backend.name() != col.name {
        eprintln!("column {name}: SM2 runs on {} here", sm2_backend.name());
        return ExitCode::FAILURE;
    }
    let mut rng = TestRng::new(0x6d6b_6374);
    for op in ops().iter().filter(|op| op.runs_in(&col)) {
        crabgrind::println!("{BEGIN}{}", op.name);
        let before = crabgrind::count_errors();
        (op.run)(&col, &mut rng);
        let errors = crabgrind::count_errors() - before;
        crabgrind::println!("{END}{}", op.name);
        println!("RESULT\t{}\t{errors}", op.name);
    }
    ExitCode::SUCCESS
}

/// What one column's run found for one operation.
struct Cell {
    errors: usize,
    /// The first new report's kind and innermost frames, if the log shows one.
    stack: Option<String>,
}

/// The reports in a valgrind log, per operation: kind + innermost frames of each new one.
fn parse_log(log: &str) -> BTreeMap<String, Vec<String>> {
    let mut by_op: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut op: Option<String> = None;
    let mut current: Option<(String, Vec<String>)> = None;
    let flush = |cur: &mut Option<(String, Vec<String>)>,
                 op: &Option<String>,
                 by_op: &mut BTreeMap<String, Vec<String>>| {
        if let Some((kind, frames)) = cur.take() {
            let key = op
                .clone()
                .unwrap_or_else(|| "(outside any operation)".into());
            by_op
                .entry(key)
                .or_default()
                .push(format!("{kind}: {}", frames.join(" < ")));
        }
    };
    for line in log.lines() {
        // The end-of-run summaries repeat earlier reports: stop before them.
        if line.contains("HEAP SUMMARY:") {
            break;
        }
        // `==PID== text` from valgrind, `**PID** text` from VALGRIND_PRINTF.
        let body = line
            .split_once("== ")
            .or_else(|| line.split_once("** "))
            .map(|(_, b)| b)
            .unwrap_or("");
        if let Some(name) = body.strip_prefix(BEGIN) {
            flush(&mut current, &op, &mut by_op);
            op = Some(name.trim().to_string());
        } else if body.starts_with(END) {
            flush(&mut current, &op, &mut by_op);
            op = None;
        } else if body.trim().is_empty() {
            flush(&mut current, &op, &mut by_op);
        } else if let Some(frame) = body
            .trim_start()
            .strip_prefix("at ")
            .or_else(|| body.trim_start().strip_prefix("by "))
        {
            if let Some((_, frames)) = current.as_mut()
                && frames.len() < 4
            {
                // `0xADDR: function (file.rs:line)` → `function (file.rs:line)`.
                let f = frame.split_once(": ").map(|(_, f)| f).unwrap_or(frame);
                frames.push(shorten(f));
            }
        } else if is_report(body) {
            flush(&mut current, &op, &mut by_op);
            current = Some((body.trim().to_string(), Vec::new()));
        }
    }
    flush(&mut current, &op, &mut by_op);
    by_op
}

/// `(count, name)` of each suppression a run used (`-s` prints them at the end of the log).
fn used_suppressions(log: &str) -> Vec<(usize, String)> {
    log.lines()
        .filter_map(|l| l.split_once("used_suppression:"))
        .filter_map(|(_, rest)| {
            let rest = rest.trim_start();
            let (n, name) = rest.split_once(' ')?;
            // `NAME FILE:LINE` → `NAME`.
            let name = name.trim().rsplit_once(' ').map_or(name, |(n, _)| n);
            Some((n.parse().ok()?, name.trim().to_string()))
        })
        .collect()
}

/// The memcheck report headlines that mean "depends on an undefined value".
fn is_report(body: &str) -> bool {
    body.starts_with("Conditional jump or move depends on uninitialised value")
        || body.starts_with("Use of uninitialised value")
        || body.starts_with("Syscall param")
        || body.contains("uninitialised byte")
}

/// Drop the hash suffix and generic noise from a demangled Rust path.
fn shorten(frame: &str) -> String {
    let mut s = frame.to_string();
    while let Some(i) = s.find("::h") {
        let hash = &s[i + 3..];
        let n = hash.chars().take_while(char::is_ascii_hexdigit).count();
        if n == 16 {
            s.replace_range(i..i + 3 + n, "");
        } else {
            break;
        }
    }
    s
}

/// The backends this process can run, per algorithm (under valgrind: what its CPUID exposes).
fn available() -> String {
    use gmkit::backend::Backend;
    fn names<B: Backend>() -> String {
        B::available().map(B::name).collect::<Vec<_>>().join(", ")
    }
    format!(
        "sm4: {}; ghash: {}; sm3: {}; sm3-batch: {}",
        names::<Sm4Backend>(),
        names::<GhashBackend>(),
        names::<Sm3Backend>(),
        names::<Sm3BatchBackend>()
    )
}

/// The driver: one valgrind run per column, then the table.
fn drive() -> ExitCode {
    let exe = std::env::current_exe().expect("own path");
    let dir = std::env::temp_dir().join(format!("gmkit-ct-memcheck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("log directory");
    // What valgrind's CPUID exposes decides which backends can be checked.
    match Command::new("valgrind")
        .args(["-q", "--tool=none"])
        .arg(&exe)
        .arg("--available")
        .output()
    {
        Ok(o) if o.status.success() => print!(
            "backends under valgrind: {}",
            String::from_utf8_lossy(&o.stdout)
        ),
        Ok(o) => eprintln!("valgrind --tool=none failed: {}", o.status),
        Err(e) => {
            eprintln!("valgrind: {e} (Debian: apt-get install valgrind)");
            return ExitCode::FAILURE;
        }
    }
    println!("backends natively:      {}", available());
    let supp = dir.join("memcheck.supp");
    std::fs::write(&supp, include_str!("../../memcheck.supp")).expect("suppression file");
    let cols = columns();
    let mut suppressed: BTreeMap<String, usize> = BTreeMap::new();
    // Two columns at a time (CI has two cores); each child is one valgrind process.
    let mut results: BTreeMap<(&str, String), Cell> = BTreeMap::new();
    let mut failed_runs = Vec::new();
    for pair in cols.chunks(2) {
        let children: Vec<_> = pair
            .iter()
            .map(|col| {
                let log = dir.join(format!("{}.log", col.name));
                let child = Command::new("valgrind")
                    .args([
                        "--tool=memcheck",
                        "--error-limit=no",
                        "--num-callers=16",
                        "--read-inline-info=yes",
                        "-s",
                    ])
                    .arg(format!("--suppressions={}", supp.display()))
                    .arg(format!("--log-file={}", log.display()))
                    .arg(&exe)
                    .args(["run", col.name])
                    .env("GMKIT_BACKEND", col.env)
                    // Only the `bmi2-adx` column's GMKIT_BACKEND selects it.
                    .env("GMKIT_CT_ASSUME_ADX", "1")
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .expect("valgrind (Debian: apt-get install valgrind)");
                (col, log, child)
            })
            .collect();
        for (col, log, child) in children {
            let out = child.wait_with_output().expect("valgrind run");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let log_text = std::fs::read_to_string(&log).unwrap_or_default();
            let stacks = parse_log(&log_text);
            for (n, name) in used_suppressions(&log_text) {
                *suppressed
                    .entry(format!("{name} [{}]", col.name))
                    .or_default() += n;
            }
            if !out.status.success() {
                failed_runs.push(format!(
                    "{}: {} (log {})",
                    col.name,
                    out.status,
                    log.display()
                ));
            }
            for line in stdout.lines() {
                let mut f = line.split('\t');
                if let (Some("RESULT"), Some(op), Some(n)) = (f.next(), f.next(), f.next()) {
                    let errors = n.parse().unwrap_or(usize::MAX);
                    let stack = stacks.get(op).and_then(|v| v.first().cloned());
                    results.insert((col.name, op.to_string()), Cell { errors, stack });
                }
            }
            if let Some(v) = stacks.get("(outside any operation)") {
                failed_runs.push(format!(
                    "{}: reports outside any operation: {v:?}",
                    col.name
                ));
            }
        }
    }

    // The table.
    let ops = ops();
    let width = ops.iter().map(|o| o.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "\n{:width$}", "operation \\ backend");
    for c in &cols {
        let _ = write!(out, " | {:11}", c.name);
    }
    let _ = writeln!(out);
    let mut leaks = Vec::new();
    let mut known = Vec::new();
    let mut fixed = Vec::new();
    let mut canary_missed = Vec::new();
    let mut missing = Vec::new();
    for op in &ops {
        let canary = op.algs.contains(&Alg::Canary);
        let known_as = KNOWN
            .iter()
            .find(|(name, _)| *name == op.name)
            .map(|(_, w)| *w);
        let _ = write!(out, "{:width$}", op.name);
        for c in &cols {
            let cell = if !op.runs_in(c) {
                "-".to_string()
            } else {
                match results.get(&(c.name, op.name.to_string())) {
                    None => {
                        missing.push(format!("{} / {}", op.name, c.name));
                        "NOT RUN".to_string()
                    }
                    Some(cell) if cell.errors == 0 && canary => {
                        canary_missed.push(format!("{} / {}", op.name, c.name));
                        "MISSED".to_string()
                    }
                    Some(cell) if cell.errors == 0 && known_as.is_some() => {
                        fixed.push(format!("{} / {}", op.name, c.name));
                        "FIXED?".to_string()
                    }
                    Some(cell) if cell.errors == 0 => "pass".to_string(),
                    Some(cell) => {
                        let label = if canary {
                            "caught"
                        } else if let Some(w) = known_as {
                            known.push((op.name, c.name, w));
                            "KNOWN"
                        } else {
                            leaks.push((op.name, c.name, cell));
                            "LEAK"
                        };
                        format!("{label} ({})", cell.errors)
                    }
                }
            };
            let _ = write!(out, " | {cell:11}");
        }
        let _ = writeln!(out);
    }
    for (op, col, cell) in &leaks {
        let _ = writeln!(
            out,
            "\nLEAK {op} / {col}: {} report(s); first new one: {}",
            cell.errors,
            cell.stack
                .as_deref()
                .unwrap_or("(a repeat of a report shown for an earlier operation)")
        );
    }
    for (op, col, where_) in &known {
        let _ = writeln!(out, "\nKNOWN {op} / {col}: {where_}");
    }
    if !suppressed.is_empty() {
        let _ = writeln!(
            out,
            "\nsuppressed (public by design, inside RustCrypto; ct/memcheck.supp):"
        );
        for (name, n) in &suppressed {
            let _ = writeln!(out, "  {n:4} × {name}");
        }
    }
    let _ = writeln!(out, "\nlogs: {}", dir.display());
    let mut ok = true;
    for (what, v) in [
        ("valgrind runs that failed", &failed_runs),
        ("operations that did not run", &missing),
        ("canaries NOT reported (the check is blind)", &canary_missed),
        ("known findings no longer reported: update KNOWN", &fixed),
    ] {
        if !v.is_empty() {
            ok = false;
            let _ = writeln!(out, "FAIL: {what}: {v:?}");
        }
    }
    if !leaks.is_empty() {
        ok = false;
        let _ = writeln!(out, "FAIL: {} secret-dependent operation(s)", leaks.len());
    }
    if ok {
        let _ = writeln!(
            out,
            "ct-memcheck: OK: only the canaries{} were reported, in every column",
            if known.is_empty() {
                ""
            } else {
                " and the KNOWN findings"
            }
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => drive(),
        ["run", col] => run_column(col),
        ["--available"] => {
            println!("{}", available());
            ExitCode::SUCCESS
        }
        ["--list"] => {
            for op in ops() {
                println!("{}", op.name);
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: ct-memcheck [run <column> | --list | --available]");
            ExitCode::FAILURE
        }
    }
}
