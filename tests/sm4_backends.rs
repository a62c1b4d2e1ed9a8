//! The hardware SM4 backends — x86-64: `gfni-avx512`, `gfni-avx2`, `vaes-avx2`, `aesni-avx2`;
//! aarch64: `sm4-ce`, `neon` — through the public API, each forced with `Sm4::with_backend`,
//! against RustCrypto `sm4`/`ctr`/`cbc`/`cfb-mode`/`cmac`, GB/T 32907-2016 Annex A and the soft
//! backend. A backend this CPU lacks is skipped with a notice.

use gmkit::backend::Backend;
use gmkit::modes::ccm::Ccm;
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::GhashBackend;
use gmkit::modes::ofb::Ofb;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc, cfb::Cfb, cmac::Cmac, ctr::Ctr, ecb};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{Block, BlockCipher128, CtrWidth};
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// The hardware backends this CPU runs, each checked to be the one that runs.
fn hardware() -> Vec<Sm4Backend> {
    let mut out = Vec::new();
    for &b in Sm4Backend::ALL.iter().filter(|&&b| b != Sm4Backend::Soft) {
        if b.is_available() {
            let c = Sm4::with_backend(&[0; 16], b).unwrap();
            assert_eq!(c.backend(), b);
            assert_eq!(c.backend_name(), b.name());
            out.push(b);
        } else {
            eprintln!("skipped: this CPU cannot run sm4 backend {}", b.name());
        }
    }
    out
}

fn hex16(s: &str) -> Block {
    core::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
}

fn rustcrypto(key: &Block) -> sm4::Sm4 {
    use cipher::KeyInit as _;
    sm4::Sm4::new(&(*key).into())
}

fn rc_encrypt(c: &sm4::Sm4, b: &mut Block) {
    use cipher::BlockCipherEncrypt as _;
    c.encrypt_block(b.into());
}

fn rc_decrypt(c: &sm4::Sm4, b: &mut Block) {
    use cipher::BlockCipherDecrypt as _;
    c.decrypt_block(b.into());
}

/// SM4-CTR with a 128-bit big-endian counter by RustCrypto `ctr`.
fn rc_ctr128(key: &Block, iv: &Block, buf: &mut [u8]) {
    use cipher::{KeyIvInit as _, StreamCipher as _};
    ctr::Ctr128BE::<sm4::Sm4>::new(&(*key).into(), &(*iv).into()).apply_keystream(buf);
}

#[test]
fn names_and_order() {
    let names: Vec<_> = Sm4Backend::ALL.iter().map(|b| b.name()).collect();
    #[cfg(target_arch = "x86_64")]
    let want = [
        "gfni-avx512",
        "gfni-avx2",
        "vaes-avx2",
        "aesni-avx2",
        "soft",
    ]
    .as_slice();
    #[cfg(target_arch = "aarch64")]
    let want = ["sm4-ce", "neon", "soft"].as_slice();
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    let want = ["soft"].as_slice();
    assert_eq!(names, want);
    for name in names {
        assert_eq!(Sm4Backend::from_name(name).unwrap().name(), name);
    }
}

/// On aarch64 NEON is baseline, so `neon` is always there; without FEAT_SM4 (e.g. under
/// `QEMU_CPU=cortex-a72`) the automatic choice falls to it, with it to `sm4-ce`.
#[cfg(target_arch = "aarch64")]
#[test]
fn aarch64_automatic_choice() {
    assert!(Sm4Backend::Neon.is_available());
    let want = if Sm4Backend::Ce.is_available() {
        Sm4Backend::Ce
    } else {
        eprintln!("this CPU lacks FEAT_SM4: sm4-ce unavailable");
        Sm4Backend::Neon
    };
    assert_eq!(Sm4Backend::available().next(), Some(want));
    if gmkit::backend::forced("sm4").is_none() {
        assert_eq!(Sm4::new(&[7; 16]).backend(), want);
    }
}

/// The round keys through the public API: for many random keys, one block and a 1–4-block call
/// on every backend (each with its own key schedule) give the soft backend's ciphertexts.
#[test]
fn key_schedules_and_short_calls_vs_soft() {
    let mut r = StdRng::seed_from_u64(15);
    for b in hardware() {
        for i in 0..2000 {
            let key: Block = r.random();
            let c = Sm4::with_backend(&key, b).unwrap();
            let soft = Sm4::with_backend(&key, Sm4Backend::Soft).unwrap();
            let n = 1 + i % 4;
            let pt: Vec<Block> = (0..n).map(|_| r.random()).collect();
            let (mut got, mut want) = (pt.clone(), pt.clone());
            c.encrypt_blocks(&mut got);
            soft.encrypt_blocks(&mut want);
            assert_eq!(got, want, "{} key {key:02x?}, {n} blocks", b.name());
            let mut one = pt[0];
            c.encrypt_block(&mut one);
            assert_eq!(one, want[0], "{} one block", b.name());
            c.decrypt_block(&mut one);
            assert_eq!(one, pt[0], "{} one block back", b.name());
            c.decrypt_blocks(&mut got);
            assert_eq!(got, pt, "{} decrypt {n} blocks", b.name());
        }
    }
}

/// The serial modes, which encipher one block at a time (the one-register path), at every
/// block count 0..=40 with several keys each: CBC and CFB-128 encryption (whole blocks and a
/// partial tail) against RustCrypto `cbc`/`cfb-mode` and the soft backend, CMAC (complete and
/// partial last block) against RustCrypto `cmac` and the soft backend.
#[test]
fn serial_modes_vs_rustcrypto_and_soft() {
    use cipher::{BlockModeEncrypt as _, KeyInit as _, KeyIvInit as _};
    let mut r = StdRng::seed_from_u64(16);
    for b in hardware() {
        for n in 0..=40usize {
            for _ in 0..6 {
                let key: Block = r.random();
                let iv: Block = r.random();
                let c = Sm4::with_backend(&key, b).unwrap();
                let soft = Sm4::with_backend(&key, Sm4Backend::Soft).unwrap();
                let msg: Vec<u8> = (0..16 * n + 7).map(|_| r.random()).collect();
                let whole = &msg[..16 * n];

                let mut want = whole.to_vec();
                ::cbc::Encryptor::<sm4::Sm4>::new(&key.into(), &iv.into())
                    .encrypt_blocks(cipher::Array::slice_as_chunks_mut(&mut want).0);
                let mut got = whole.to_vec();
                cbc::encrypt(&c, &iv, &mut got).unwrap();
                assert_eq!(got, want, "{} cbc encrypt {n} blocks", b.name());
                let mut by_soft = whole.to_vec();
                cbc::encrypt(&soft, &iv, &mut by_soft).unwrap();
                assert_eq!(got, by_soft, "{} cbc encrypt {n} blocks vs soft", b.name());

                let mut want = msg.clone();
                cfb_mode::Encryptor::<sm4::Sm4>::new(&key.into(), &iv.into()).encrypt(&mut want);
                let mut got = msg.clone();
                Cfb::new(c.clone(), &iv).encrypt(&mut got);
                assert_eq!(got, want, "{} cfb encrypt {n} blocks + 7", b.name());
                let mut by_soft = msg.clone();
                Cfb::new(soft.clone(), &iv).encrypt(&mut by_soft);
                assert_eq!(got, by_soft, "{} cfb encrypt vs soft", b.name());

                for m in [whole, &msg[..]] {
                    let mut theirs = cmac::Cmac::<sm4::Sm4>::new(&key.into());
                    cmac::Mac::update(&mut theirs, m);
                    let want: Block = cmac::Mac::finalize(theirs).into_bytes().into();
                    let mut ours = Cmac::new(c.clone());
                    ours.update(m);
                    let got = ours.finalize();
                    assert_eq!(got, want, "{} cmac {} bytes", b.name(), m.len());
                    let mut by_soft = Cmac::new(soft.clone());
                    by_soft.update(m);
                    assert_eq!(got, by_soft.finalize(), "{} cmac vs soft", b.name());
                }
            }
        }
    }
}

/// GB/T 32907-2016 Annex A, example 1, and example 2 (1,000,000 encryptions).
#[test]
fn annex_a() {
    let key = hex16("0123456789abcdeffedcba9876543210");
    for b in hardware() {
        let c = Sm4::with_backend(&key, b).unwrap();
        let mut x = key;
        c.encrypt_block(&mut x);
        assert_eq!(x, hex16("681edf34d206965e86b3e94f536e4246"), "{}", b.name());
        c.decrypt_block(&mut x);
        assert_eq!(x, key);
        for _ in 0..1_000_000 {
            c.encrypt_block(&mut x);
        }
        assert_eq!(x, hex16("595298c7c6fd271f0402f804c33d3f66"), "{}", b.name());
    }
}

/// Every block count 0..=300 (past each backend's step of 32, 48 or 128 blocks), both ways.
#[test]
fn blocks_vs_rustcrypto() {
    let mut r = StdRng::seed_from_u64(11);
    for b in hardware() {
        for n in 0..=300 {
            let key: Block = r.random();
            let c = Sm4::with_backend(&key, b).unwrap();
            let rc = rustcrypto(&key);
            let pt: Vec<Block> = (0..n).map(|_| r.random()).collect();
            let mut want = pt.clone();
            want.iter_mut().for_each(|x| rc_encrypt(&rc, x));
            let mut got = pt.clone();
            c.encrypt_blocks(&mut got);
            assert_eq!(got, want, "{} encrypt {n}", b.name());
            c.decrypt_blocks(&mut got);
            assert_eq!(got, pt, "{} decrypt {n}", b.name());
        }
    }
}

/// The fused CTR for every block count 0..=300 and each counter width, the counter set to wrap
/// at 32, 64 or 128 bits inside the run; the keystream comes from RustCrypto `sm4`.
#[test]
fn ctr_blocks_vs_rustcrypto() {
    let mut r = StdRng::seed_from_u64(12);
    let widths = [CtrWidth::Bits32, CtrWidth::Bits64, CtrWidth::Bits128];
    for b in hardware() {
        for n in 0..=300usize {
            for (i, &width) in widths.iter().enumerate() {
                let key: Block = r.random();
                let mut ctr: Block = r.random();
                let carry = [4, 8, 16][(n + i) % 3];
                ctr[16 - carry..].fill(0xff);
                let back = r.random_range(0..=n as u32 + 1);
                let low = u32::from_be_bytes(ctr[12..].try_into().unwrap()) - back;
                ctr[12..].copy_from_slice(&low.to_be_bytes());

                let rc = rustcrypto(&key);
                let data: Vec<Block> = (0..n).map(|_| r.random()).collect();
                let mut want = data.clone();
                let mut c0 = ctr;
                for d in want.iter_mut() {
                    let mut k = c0;
                    rc_encrypt(&rc, &mut k);
                    d.iter_mut().zip(k).for_each(|(x, y)| *x ^= y);
                    width.add(&mut c0, 1);
                }
                let c = Sm4::with_backend(&key, b).unwrap();
                let mut got = data;
                let mut c1 = ctr;
                c.ctr_xor_blocks(&mut c1, width, &mut got);
                assert_eq!(got, want, "{} {width:?} {n}", b.name());
                assert_eq!(c1, c0, "{} {width:?} {n}: counter after", b.name());
            }
        }
    }
}

/// SM4-CTR through `modes::ctr` at every length 0..=4096 bytes, fed in uneven pieces, against
/// RustCrypto `ctr`; CBC decryption (parallel) at every whole-block length up to 4 KiB against
/// RustCrypto `sm4` block by block.
#[test]
fn modes_every_length_to_4k() {
    let mut r = StdRng::seed_from_u64(13);
    for b in hardware() {
        for len in 0..=4096usize {
            let key: Block = r.random();
            let iv: Block = r.random();
            let msg: Vec<u8> = (0..len).map(|_| r.random()).collect();
            let mut want = msg.clone();
            rc_ctr128(&key, &iv, &mut want);
            let mut got = msg.clone();
            let mut s = Ctr::new(Sm4::with_backend(&key, b).unwrap(), &iv, CtrWidth::Bits128);
            let mut at = 0;
            while at < len {
                let step = r.random_range(1..=(len - at).min(700));
                s.apply_keystream(&mut got[at..at + step]).unwrap();
                at += step;
            }
            assert_eq!(got, want, "{} ctr {len}", b.name());

            if len % 16 == 0 {
                // CBC decryption, SP 800-38A §6.2: P_i = D(C_i) ^ C_{i-1}.
                let rc = rustcrypto(&key);
                let mut want = msg.clone();
                let mut prev = iv;
                for blk in want.as_chunks_mut::<16>().0 {
                    let ct = *blk;
                    rc_decrypt(&rc, blk);
                    blk.iter_mut().zip(prev).for_each(|(x, y)| *x ^= y);
                    prev = ct;
                }
                let mut got = msg;
                cbc::decrypt(&Sm4::with_backend(&key, b).unwrap(), &iv, &mut got).unwrap();
                assert_eq!(got, want, "{} cbc decrypt {len}", b.name());
            }
        }
    }
}

/// Every mode entry point on every hardware backend against the soft backend, byte for byte:
/// ECB, CBC and CFB both ways, OFB, CTR with each counter width (one shot, and streamed in
/// uneven pieces), XTS in both tweak conventions, GCM and CCM (seal, and open of soft's
/// output), at every block count 0..=300 with a partial tail of `n % 16` bytes, on random
/// keys and IVs. CTR counters start a few blocks before a carry out of the low word.
#[test]
fn every_mode_vs_soft() {
    let mut r = StdRng::seed_from_u64(17);
    let widths = [CtrWidth::Bits32, CtrWidth::Bits64, CtrWidth::Bits128];
    for b in hardware() {
        for n in 0..=300usize {
            let (k1, k2): (Block, Block) = (r.random(), r.random());
            let mut iv: Block = r.random();
            if n % 2 == 0 {
                // Low word a few blocks before 2^32 (with every width, as a carry for 64/128).
                let back = r.random_range(1..=n as u32 + 2);
                iv[12..].copy_from_slice(&(u32::MAX - back + 1).to_be_bytes());
            }
            let len = 16 * n + n % 16;
            let whole = 16 * n;
            let msg: Vec<u8> = (0..len).map(|_| r.random()).collect();
            let c = Sm4::with_backend(&k1, b).unwrap();
            let s = Sm4::with_backend(&k1, Sm4Backend::Soft).unwrap();
            let what = |op: &str| format!("{} {op}, {n} blocks", b.name());

            let same = |op: &str, f: &dyn Fn(&Sm4, &mut [u8]), len: usize| {
                let (mut x, mut y) = (msg[..len].to_vec(), msg[..len].to_vec());
                f(&c, &mut x);
                f(&s, &mut y);
                assert_eq!(x, y, "{}", what(op));
            };
            same("ecb encrypt", &|c, m| ecb::encrypt(c, m).unwrap(), whole);
            same("ecb decrypt", &|c, m| ecb::decrypt(c, m).unwrap(), whole);
            same(
                "cbc encrypt",
                &|c, m| cbc::encrypt(c, &iv, m).unwrap(),
                whole,
            );
            same(
                "cbc decrypt",
                &|c, m| cbc::decrypt(c, &iv, m).unwrap(),
                whole,
            );
            same(
                "cfb encrypt",
                &|c, m| Cfb::new(c.clone(), &iv).encrypt(m),
                len,
            );
            same(
                "cfb decrypt",
                &|c, m| Cfb::new(c.clone(), &iv).decrypt(m),
                len,
            );
            same(
                "ofb",
                &|c, m| Ofb::new(c.clone(), &iv).apply_keystream(m),
                len,
            );
            for width in widths {
                same(
                    &format!("ctr {width:?}"),
                    &|c, m| Ctr::new(c.clone(), &iv, width).apply_keystream(m).unwrap(),
                    len,
                );
                let mut want = msg.clone();
                Ctr::new(s.clone(), &iv, width)
                    .apply_keystream(&mut want)
                    .unwrap();
                let mut got = msg.clone();
                let mut st = Ctr::new(c.clone(), &iv, width);
                let mut at = 0;
                while at < len {
                    let step = r.random_range(1..=(len - at).min(200));
                    st.apply_keystream(&mut got[at..at + step]).unwrap();
                    at += step;
                }
                assert_eq!(got, want, "{}", what(&format!("ctr {width:?} in pieces")));
            }

            if len >= 16 {
                for variant in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
                    let x =
                        Xts::new(c.clone(), Sm4::with_backend(&k2, b).unwrap(), variant).unwrap();
                    let xs = Xts::new(
                        s.clone(),
                        Sm4::with_backend(&k2, Sm4Backend::Soft).unwrap(),
                        variant,
                    )
                    .unwrap();
                    let (mut p, mut q) = (msg.clone(), msg.clone());
                    x.encrypt(&iv, &mut p).unwrap();
                    xs.encrypt(&iv, &mut q).unwrap();
                    assert_eq!(p, q, "{}", what(&format!("xts {variant:?} encrypt")));
                    x.decrypt(&iv, &mut p).unwrap();
                    assert_eq!(p, msg, "{}", what(&format!("xts {variant:?} decrypt")));
                }
            }

            // GCM and CCM with soft GHASH on both sides, so only the SM4 backend differs.
            let aad: Vec<u8> = (0..n % 40).map(|_| r.random()).collect();
            let g = Gcm::with_ghash_backend(c.clone(), GhashBackend::Soft).unwrap();
            let gs = Gcm::with_ghash_backend(s.clone(), GhashBackend::Soft).unwrap();
            let (mut p, mut q) = (msg.clone(), msg.clone());
            let (mut tp, mut tq) = ([0u8; 16], [0u8; 16]);
            g.seal_detached(&iv[..12], &aad, &mut p, &mut tp).unwrap();
            gs.seal_detached(&iv[..12], &aad, &mut q, &mut tq).unwrap();
            assert_eq!((&p, tp), (&q, tq), "{}", what("gcm seal"));
            g.open_detached(&iv[..12], &aad, &mut q, &tq).unwrap();
            assert_eq!(q, msg, "{}", what("gcm open"));

            let m = Ccm::new(c.clone());
            let ms = Ccm::new(s.clone());
            let (mut p, mut q) = (msg.clone(), msg.clone());
            let (mut tp, mut tq) = ([0u8; 16], [0u8; 16]);
            m.seal_detached(&iv[..12], &aad, &mut p, &mut tp).unwrap();
            ms.seal_detached(&iv[..12], &aad, &mut q, &mut tq).unwrap();
            assert_eq!((&p, tp), (&q, tq), "{}", what("ccm seal"));
            m.open_detached(&iv[..12], &aad, &mut q, &tq).unwrap();
            assert_eq!(q, msg, "{}", what("ccm open"));
        }
    }
}
