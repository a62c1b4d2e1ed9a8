//! SM4 modes and their AES-128 counterparts: gmkit (auto and every forced backend; for AES, gmkit's
//! modes over the `aes` crate's block, and `aes-gcm` behind `gmkit::intl::Aes128Gcm`) beside
//! RustCrypto (`sm4` / `aes` with the generic mode crates, `aes-gcm`) and, with the `oracle`
//! feature, the system OpenSSL. Keys are set up outside the timed loop; each iteration is one
//! message with its own IV/nonce setup. The `aes128-*` groups carry the names `gmkit bench`
//! pairs with the `sm4-*` ones.

mod common;

use cipher::{Array, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit as _, StreamCipher};
use common::{SIZES, config, id, input};
use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use gmkit::backend::Backend;
use gmkit::intl::Aes128;
use gmkit::modes::ccm::Ccm;
use gmkit::modes::ctr::Ctr;
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::GhashBackend;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc, ecb};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{Aead as _, CtrWidth};
use std::hint::black_box;

use aead::AeadInOut;
use aead::consts::{U12, U16};

const KEY: [u8; 16] = *b"gmkit bench key1";
const KEY2: [u8; 16] = *b"gmkit bench key2";
const IV: [u8; 16] = *b"gmkit bench iv..";
const NONCE: [u8; 12] = *b"gmkit nonce.";
/// AEAD benches authenticate the message only.
const AAD: &[u8] = b"";

type RcGcm = aes_gcm::AesGcm<sm4::Sm4, U12>;
type RcCcm = ::ccm::Ccm<sm4::Sm4, U16, U12>;

/// `gmkit` (automatic backend), then `gmkit-<backend>` for every SM4 backend this CPU runs.
fn gmkit_sm4(key: &[u8; 16]) -> Vec<(String, Sm4)> {
    let mut v = vec![("gmkit".to_string(), Sm4::new(key))];
    for b in Sm4Backend::available() {
        let c = Sm4::with_backend(key, b).expect("listed as available");
        v.push((format!("gmkit-{}", b.name()), c));
    }
    v
}

/// GCM: the SM4 list above with the automatic GHASH backend, then `gmkit-ghash-<backend>` for
/// every GHASH backend with the automatic SM4 backend.
fn gmkit_gcm() -> Vec<(String, Gcm<Sm4>)> {
    let mut v: Vec<_> = gmkit_sm4(&KEY)
        .into_iter()
        .map(|(name, c)| (name, Gcm::new(c)))
        .collect();
    for b in GhashBackend::available() {
        let g = Gcm::with_ghash_backend(Sm4::new(&KEY), b).expect("listed as available");
        v.push((format!("gmkit-ghash-{}", b.name()), g));
    }
    v
}

fn rc_sm4(key: &[u8; 16]) -> sm4::Sm4 {
    sm4::Sm4::new_from_slice(key).expect("16-byte key")
}

/// Time `f` transforming `buf` in place, over and over (encryption: any input is valid).
fn in_place<F: FnMut(&mut [u8])>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    buf: &mut [u8],
    mut f: F,
) {
    g.bench_function(id, |b| b.iter(|| f(black_box(&mut *buf))));
}

/// Time `f` on a fresh copy of the valid ciphertext `ct` each iteration (in-place decryption
/// consumes its input). The copies are made outside the timed loop.
fn on_copies<F: FnMut(&mut [u8])>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    ct: &[u8],
    mut f: F,
) {
    g.bench_function(id, |b| {
        b.iter_batched_ref(
            || ct.to_vec(),
            |buf| f(black_box(buf)),
            BatchSize::SmallInput,
        )
    });
}

/// OpenSSL peers (system OpenSSL 3.0 through the `openssl` crate), `oracle` feature only.
#[cfg(feature = "oracle")]
mod ossl {
    use openssl::cipher::CipherRef;
    use openssl::cipher_ctx::CipherCtx;

    /// A keyed cipher context, re-initialised with a new IV per message (the key schedule is
    /// kept), writing into a preallocated output buffer.
    pub struct Ctx {
        ctx: CipherCtx,
        enc: bool,
    }

    impl Ctx {
        /// Key `cipher` once, for encryption (`enc`) or decryption, without padding.
        pub fn new(cipher: &CipherRef, key: &[u8], enc: bool) -> Self {
            let mut ctx = CipherCtx::new().expect("EVP_CIPHER_CTX_new");
            if enc {
                ctx.encrypt_init(Some(cipher), Some(key), None)
            } else {
                ctx.decrypt_init(Some(cipher), Some(key), None)
            }
            .expect("cipher init");
            ctx.set_padding(false);
            Ctx { ctx, enc }
        }

        /// One message: set `iv` (if any), process `input` into `out`
        /// (`out.len() >= input.len() + 16`), finalise. Returns the bytes written.
        pub fn run(&mut self, iv: Option<&[u8]>, input: &[u8], out: &mut [u8]) -> usize {
            if iv.is_some() {
                if self.enc {
                    self.ctx.encrypt_init(None, None, iv)
                } else {
                    self.ctx.decrypt_init(None, None, iv)
                }
                .expect("set IV");
            }
            let n = self
                .ctx
                .cipher_update(input, Some(out))
                .expect("cipher update");
            n + self.ctx.cipher_final(&mut out[n..]).expect("cipher final")
        }

        /// Key the context again (the cipher kept).
        pub fn rekey(&mut self, key: &[u8]) {
            if self.enc {
                self.ctx.encrypt_init(None, Some(key), None)
            } else {
                self.ctx.decrypt_init(None, Some(key), None)
            }
            .expect("set key");
        }

        /// One AEAD seal: set `nonce`, absorb `aad`, encrypt `input` into `out`, write `tag`.
        pub fn seal(
            &mut self,
            nonce: &[u8],
            aad: &[u8],
            input: &[u8],
            out: &mut [u8],
            tag: &mut [u8],
        ) {
            self.ctx
                .encrypt_init(None, None, Some(nonce))
                .expect("set nonce");
            if !aad.is_empty() {
                self.ctx.cipher_update(aad, None).expect("aad");
            }
            let n = self
                .ctx
                .cipher_update(input, Some(out))
                .expect("cipher update");
            self.ctx.cipher_final(&mut out[n..]).expect("cipher final");
            self.ctx.tag(tag).expect("tag");
        }
    }
}

/// Key setup (GB/T 32907 §7.3): one 16-byte key expanded per iteration, on every backend.
fn sm4_key_setup(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-key-setup");
    g.throughput(Throughput::Bytes(16));
    g.bench_function(id("gmkit", 16), |b| b.iter(|| Sm4::new(black_box(&KEY))));
    for bk in Sm4Backend::available() {
        g.bench_function(id(&format!("gmkit-{}", bk.name()), 16), |b| {
            b.iter(|| Sm4::with_backend(black_box(&KEY), bk).expect("listed as available"))
        });
    }
    g.bench_function(id("rustcrypto", 16), |b| b.iter(|| rc_sm4(black_box(&KEY))));
    #[cfg(feature = "oracle")]
    {
        // Re-keying a context made once: the key schedule plus EVP's per-call overhead.
        let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::sm4_ecb(), &KEY, true);
        g.bench_function(id("openssl", 16), |b| b.iter(|| ctx.rekey(black_box(&KEY))));
    }
    g.finish();
}

fn sm4_ecb(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-ecb");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        for (name, sm4) in gmkit_sm4(&KEY) {
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                ecb::encrypt(&sm4, b).expect("whole blocks")
            });
        }
        let mut rc = ::ecb::Encryptor::<sm4::Sm4>::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::sm4_ecb(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(None, black_box(&buf), &mut out))
            });
        }
    }
    g.finish();
}

fn sm4_ctr(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-ctr");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        for (name, sm4) in gmkit_sm4(&KEY) {
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                Ctr::new(sm4.clone(), &IV, CtrWidth::Bits128)
                    .apply_keystream(b)
                    .expect("within the 128-bit counter space")
            });
        }
        let rc = rc_sm4(&KEY);
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            ctr::Ctr128BE::<sm4::Sm4>::from_core(ctr::CtrCore::inner_iv_init(
                rc.clone(),
                &IV.into(),
            ))
            .apply_keystream(b)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::sm4_ctr(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&buf), &mut out))
            });
        }
    }
    g.finish();
}

fn sm4_cbc_enc(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-cbc-enc");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        for (name, sm4) in gmkit_sm4(&KEY) {
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                cbc::encrypt(&sm4, &IV, b).expect("whole blocks")
            });
        }
        let rc = rc_sm4(&KEY);
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            ::cbc::Encryptor::<sm4::Sm4>::inner_iv_init(rc.clone(), &IV.into())
                .encrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::sm4_cbc(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&buf), &mut out))
            });
        }
    }
    g.finish();
}

fn sm4_cbc_dec(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-cbc-dec");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut ct = input(n);
        cbc::encrypt(&Sm4::new(&KEY), &IV, &mut ct).expect("whole blocks");
        for (name, sm4) in gmkit_sm4(&KEY) {
            on_copies(&mut g, id(&name, n), &ct, |b| {
                cbc::decrypt(&sm4, &IV, b).expect("whole blocks")
            });
        }
        let rc = rc_sm4(&KEY);
        on_copies(&mut g, id("rustcrypto", n), &ct, |b| {
            ::cbc::Decryptor::<sm4::Sm4>::inner_iv_init(rc.clone(), &IV.into())
                .decrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::sm4_cbc(), &KEY, false);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&ct), &mut out))
            });
        }
    }
    g.finish();
}

fn sm4_gcm_seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-gcm-seal");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let mut tag = [0u8; 16];
        for (name, gcm) in gmkit_gcm() {
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                gcm.seal_detached(&NONCE, AAD, b, &mut tag)
                    .expect("valid lengths")
            });
        }
        let rc = RcGcm::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_inout_detached(&NONCE.into(), AAD, b.into())
                .expect("valid lengths");
        });
        // OpenSSL 3.0 has no SM4-GCM.
    }
    g.finish();
}

fn sm4_gcm_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-gcm-open");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut ct = input(n);
        let mut tag = [0u8; 16];
        Gcm::new(Sm4::new(&KEY))
            .seal_detached(&NONCE, AAD, &mut ct, &mut tag)
            .expect("valid lengths");
        for (name, gcm) in gmkit_gcm() {
            on_copies(&mut g, id(&name, n), &ct, |b| {
                gcm.open_detached(&NONCE, AAD, b, &tag).expect("valid tag")
            });
        }
        let rc = RcGcm::new_from_slice(&KEY).expect("16-byte key");
        on_copies(&mut g, id("rustcrypto", n), &ct, |b| {
            rc.decrypt_inout_detached(&NONCE.into(), AAD, b.into(), &tag.into())
                .expect("valid tag")
        });
        // OpenSSL 3.0 has no SM4-GCM.
    }
    g.finish();
}

fn sm4_ccm_seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-ccm-seal");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let mut tag = [0u8; 16];
        for (name, sm4) in gmkit_sm4(&KEY) {
            let ccm = Ccm::new(sm4);
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                ccm.seal_detached(&NONCE, AAD, b, &mut tag)
                    .expect("valid lengths")
            });
        }
        let rc = RcCcm::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_inout_detached(&NONCE.into(), AAD, b.into())
                .expect("valid lengths");
        });
        // OpenSSL 3.0 has no SM4-CCM.
    }
    g.finish();
}

fn sm4_xts_enc(c: &mut Criterion) {
    let mut g = c.benchmark_group("sm4-xts-enc");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        // One data unit of n bytes; IEEE 1619 tweak (xts-mode implements that variant).
        for ((name, k1), (_, k2)) in gmkit_sm4(&KEY).into_iter().zip(gmkit_sm4(&KEY2)) {
            let xts = Xts::new(k1, k2, XtsVariant::Ieee1619).expect("K1 ≠ K2");
            in_place(&mut g, id(&name, n), &mut buf, |b| {
                xts.encrypt(&IV, b).expect("at least one block")
            });
        }
        let rc = xts_mode::Xts128::new(rc_sm4(&KEY), rc_sm4(&KEY2));
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_sector(b, IV.into())
        });
        // OpenSSL 3.0 has no SM4-XTS.
    }
    g.finish();
}

fn aes128_gcm_seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-gcm-seal");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let mut tag = [0u8; 16];
        let gm =
            <gmkit::intl::Aes128Gcm as gmkit::Aead>::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            gm.seal_in_place_detached(&NONCE, AAD, b, &mut tag)
                .expect("valid lengths")
        });
        let rc = <aes_gcm::Aes128Gcm as aes_gcm::KeyInit>::new_from_slice(&KEY).expect("key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_inout_detached(&NONCE.into(), AAD, b.into())
                .expect("valid lengths");
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::aes_128_gcm(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.seal(&NONCE, AAD, black_box(&buf), &mut out, &mut tag))
            });
        }
    }
    g.finish();
}

fn rc_aes(key: &[u8; 16]) -> aes::Aes128 {
    aes::Aes128::new_from_slice(key).expect("16-byte key")
}

fn gmkit_aes(key: &[u8; 16]) -> Aes128 {
    Aes128::new(key)
}

fn aes128_ecb(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-ecb");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let gm = gmkit_aes(&KEY);
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            ecb::encrypt(&gm, b).expect("whole blocks")
        });
        let mut rc = ::ecb::Encryptor::<aes::Aes128>::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::aes_128_ecb(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(None, black_box(&buf), &mut out))
            });
        }
    }
    g.finish();
}

fn aes128_ctr(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-ctr");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let gm = gmkit_aes(&KEY);
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            Ctr::new(gm.clone(), &IV, CtrWidth::Bits128)
                .apply_keystream(b)
                .expect("within the 128-bit counter space")
        });
        let rc = rc_aes(&KEY);
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            ctr::Ctr128BE::<aes::Aes128>::from_core(ctr::CtrCore::inner_iv_init(
                rc.clone(),
                &IV.into(),
            ))
            .apply_keystream(b)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::aes_128_ctr(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&buf), &mut out))
            });
        }
    }
    g.finish();
}

fn aes128_cbc(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-cbc-enc");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let gm = gmkit_aes(&KEY);
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            cbc::encrypt(&gm, &IV, b).expect("whole blocks")
        });
        let rc = rc_aes(&KEY);
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            ::cbc::Encryptor::<aes::Aes128>::inner_iv_init(rc.clone(), &IV.into())
                .encrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::aes_128_cbc(), &KEY, true);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&buf), &mut out))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("aes128-cbc-dec");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let gm = gmkit_aes(&KEY);
        let mut ct = input(n);
        cbc::encrypt(&gm, &IV, &mut ct).expect("whole blocks");
        on_copies(&mut g, id("gmkit", n), &ct, |b| {
            cbc::decrypt(&gm, &IV, b).expect("whole blocks")
        });
        let rc = rc_aes(&KEY);
        on_copies(&mut g, id("rustcrypto", n), &ct, |b| {
            ::cbc::Decryptor::<aes::Aes128>::inner_iv_init(rc.clone(), &IV.into())
                .decrypt_blocks(Array::slice_as_chunks_mut(b).0)
        });
        #[cfg(feature = "oracle")]
        {
            let mut ctx = ossl::Ctx::new(openssl::cipher::Cipher::aes_128_cbc(), &KEY, false);
            let mut out = vec![0u8; n + 16];
            g.bench_function(id("openssl", n), |b| {
                b.iter(|| ctx.run(Some(&IV), black_box(&ct), &mut out))
            });
        }
    }
    g.finish();
}

fn aes128_gcm_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-gcm-open");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let gm =
            <gmkit::intl::Aes128Gcm as gmkit::Aead>::new_from_slice(&KEY).expect("16-byte key");
        let mut ct = input(n);
        let mut tag = [0u8; 16];
        gm.seal_in_place_detached(&NONCE, AAD, &mut ct, &mut tag)
            .expect("valid lengths");
        on_copies(&mut g, id("gmkit", n), &ct, |b| {
            gm.open_in_place_detached(&NONCE, AAD, b, &tag)
                .expect("valid tag")
        });
        let rc = <aes_gcm::Aes128Gcm as aes_gcm::KeyInit>::new_from_slice(&KEY).expect("key");
        on_copies(&mut g, id("rustcrypto", n), &ct, |b| {
            rc.decrypt_inout_detached(&NONCE.into(), AAD, b.into(), &tag.into())
                .expect("valid tag")
        });
    }
    g.finish();
}

fn aes128_ccm_seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-ccm-seal");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let mut tag = [0u8; 16];
        let ccm = Ccm::new(gmkit_aes(&KEY));
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            ccm.seal_detached(&NONCE, AAD, b, &mut tag)
                .expect("valid lengths")
        });
        let rc = ::ccm::Ccm::<aes::Aes128, U16, U12>::new_from_slice(&KEY).expect("16-byte key");
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_inout_detached(&NONCE.into(), AAD, b.into())
                .expect("valid lengths");
        });
    }
    g.finish();
}

fn aes128_xts_enc(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes128-xts-enc");
    for n in SIZES {
        g.throughput(Throughput::Bytes(n as u64));
        let mut buf = input(n);
        let xts =
            Xts::new(gmkit_aes(&KEY), gmkit_aes(&KEY2), XtsVariant::Ieee1619).expect("K1 ≠ K2");
        in_place(&mut g, id("gmkit", n), &mut buf, |b| {
            xts.encrypt(&IV, b).expect("at least one block")
        });
        let rc = xts_mode::Xts128::new(rc_aes(&KEY), rc_aes(&KEY2));
        in_place(&mut g, id("rustcrypto", n), &mut buf, |b| {
            rc.encrypt_sector(b, IV.into())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = sm4_key_setup, sm4_ecb, sm4_ctr, sm4_cbc_enc, sm4_cbc_dec, sm4_gcm_seal, sm4_gcm_open,
        sm4_ccm_seal, sm4_xts_enc, aes128_ecb, aes128_ctr, aes128_cbc, aes128_gcm_seal, aes128_gcm_open,
        aes128_ccm_seal, aes128_xts_enc
}
criterion_main!(benches);
