//! SM3, the SM2 KDF, HMAC, HKDF and SHA-256: published vectors, then differential tests against
//! the RustCrypto `sm3`, `sha2` and `hmac` crates on seeded random inputs, through every backend.

use gmkit::backend::Backend;
use gmkit::intl::Sha256;
use gmkit::mac::{Hmac, HmacSha256, HmacSm3, hkdf};
use gmkit::sm3::{self, Sm3, Sm3Backend};
use gmkit::{Error, Hash, Mac};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn random_bytes(r: &mut StdRng, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    r.fill(&mut v[..]);
    v
}

fn random_upto(r: &mut StdRng, max_len: usize) -> Vec<u8> {
    let len = r.random_range(0..=max_len);
    random_bytes(r, len)
}

/// Feed `data` to `update` in random pieces of 1..=16 bytes.
fn chunked(r: &mut StdRng, data: &[u8], mut update: impl FnMut(&[u8])) {
    let mut rest = data;
    while !rest.is_empty() {
        let n = r.random_range(1..=16usize).min(rest.len());
        update(&rest[..n]);
        rest = &rest[n..];
    }
}

fn oracle_sm3(data: &[u8]) -> [u8; 32] {
    use ::sm3::Digest;
    ::sm3::Sm3::digest(data).into()
}

// ---------------------------------------------------------------------------------------------
// SM3

/// GB/T 32905-2016 Annex A examples 1 and 2. Values as reproduced in draft-sca-cfrg-sm3-02
/// Appendix A (https://tools.ietf.org/html/draft-sca-cfrg-sm3-02) and the CryptoHives SM3 vector
/// page (https://cryptohives.github.io/Foundation/packages/security/cryptography/specs/SM3-vectors.html).
#[test]
fn sm3_annex_a() {
    let cases: [(&[u8], &str); 2] = [
        (
            b"abc",
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
        ),
        (
            b"abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd",
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
        ),
    ];
    for backend in Sm3Backend::available() {
        for (msg, md) in cases {
            let mut h = Sm3::with_backend(backend).unwrap();
            h.update(msg);
            assert_eq!(h.backend(), backend);
            assert_eq!(h.finalize().to_vec(), unhex(md), "{backend:?}");
        }
    }
    for (msg, md) in cases {
        assert_eq!(<Sm3 as Hash>::digest(msg).to_vec(), unhex(md));
        // Through the RustCrypto `Digest` trait.
        assert_eq!(
            <Sm3 as digest::Digest>::digest(msg).to_vec(),
            unhex(md),
            "Digest::digest"
        );
    }
}

/// One-shot and chunked updates, lengths 0..=300 across block boundaries, against RustCrypto.
#[test]
fn sm3_differential() {
    let mut r = rng(0x5133);
    for backend in Sm3Backend::available() {
        for len in 0..=300usize {
            let msg = random_bytes(&mut r, len);
            let want = oracle_sm3(&msg);

            let mut h = Sm3::with_backend(backend).unwrap();
            h.update(&msg);
            assert_eq!(h.finalize(), want, "one-shot len {len}");

            let mut h = Sm3::with_backend(backend).unwrap();
            chunked(&mut r, &msg, |p| h.update(p));
            assert_eq!(h.finalize(), want, "chunked len {len}");
        }
    }
}

/// Long inputs, large single updates that are not multiples of the block length.
#[test]
fn sm3_differential_long() {
    let mut r = rng(7);
    let msg = random_bytes(&mut r, 100_003);
    let want = oracle_sm3(&msg);
    for backend in Sm3Backend::available() {
        let mut h = Sm3::with_backend(backend).unwrap();
        let (a, b) = msg.split_at(40_001);
        h.update(a);
        h.update(&[]);
        h.update(b);
        assert_eq!(h.finalize(), want);
    }
}

/// Clone mid-stream, finalize_reset / reset, and the `digest` trait surface.
#[test]
fn sm3_state_api() {
    use digest::Digest as _;
    let mut r = rng(11);
    let a = random_bytes(&mut r, 77);
    let b = random_bytes(&mut r, 130);
    let ab = [a.clone(), b.clone()].concat();

    let mut h = Sm3::new();
    h.update(&a);
    let mut fork = h.clone();
    fork.update(&b);
    assert_eq!(fork.finalize(), oracle_sm3(&ab));
    assert_eq!(h.finalize_reset(), oracle_sm3(&a));
    h.update(&b);
    assert_eq!(h.finalize_reset(), oracle_sm3(&b));
    h.update(&a);
    h.reset();
    assert_eq!(h.finalize(), oracle_sm3(b""));

    // RustCrypto traits: chain, finalize_reset, finalize_into, output_size.
    let mut d = <Sm3 as digest::Digest>::new().chain_update(&a);
    assert_eq!(
        digest::Digest::finalize_reset(&mut d).to_vec(),
        oracle_sm3(&a)
    );
    digest::Digest::update(&mut d, &b);
    let mut out = digest::Output::<Sm3>::default();
    digest::Digest::finalize_into(d, &mut out);
    assert_eq!(out.to_vec(), oracle_sm3(&b));
    assert_eq!(<Sm3 as digest::Digest>::output_size(), 32);
}

#[test]
fn sm3_backend_api() {
    assert_eq!(<Sm3Backend as Backend>::ALGORITHM, "sm3");
    assert_eq!(Sm3Backend::Soft.name(), "soft");
    assert!(Sm3Backend::Soft.is_available());
    assert_eq!(Sm3Backend::from_name("soft"), Some(Sm3Backend::Soft));
    let auto = Sm3::new();
    assert!(Sm3Backend::available().any(|b| b == auto.backend()));
    assert_eq!(auto.backend_name(), auto.backend().name());
    assert_eq!(<Sm3 as Hash>::NAME, "SM3");
    assert_eq!(
        (<Sm3 as Hash>::OUTPUT_LEN, <Sm3 as Hash>::BLOCK_LEN),
        (32, 64)
    );
    let dbg = format!("{:?}", Sm3::default());
    assert!(dbg.contains("backend") && !dbg.contains("state"), "{dbg}");
}

// ---------------------------------------------------------------------------------------------
// SHA-256 wrapper

#[test]
fn sha256_differential() {
    use sha2::Digest;
    let mut r = rng(256);
    for len in 0..=200usize {
        let msg = random_bytes(&mut r, len);
        let want: [u8; 32] = sha2::Sha256::digest(&msg).into();
        let mut h = <Sha256 as Hash>::new();
        chunked(&mut r, &msg, |p| h.update(p));
        assert_eq!(h.finalize(), want, "len {len}");
        assert_eq!(<Sha256 as Hash>::digest(&msg), want);
    }
    assert_eq!(<Sha256 as Hash>::NAME, "SHA-256");
}

// ---------------------------------------------------------------------------------------------
// KDF (GB/T 32918.4 §5.4.3)

/// The KDF built directly from a hash: H(Z ‖ ct) for ct = 1, 2, …, concatenated and cut.
fn oracle_kdf<D: digest::Digest>(z: &[u8], len: usize) -> Vec<u8> {
    let mut k = Vec::new();
    for ct in 1u32.. {
        if k.len() >= len {
            break;
        }
        let mut h = D::new();
        h.update(z);
        h.update(ct.to_be_bytes());
        k.extend_from_slice(&h.finalize());
    }
    k.truncate(len);
    k
}

#[test]
fn kdf_differential() {
    let mut r = rng(0x4bdf);
    for _ in 0..50 {
        let z = random_upto(&mut r, 130);
        let len = r.random_range(0..=300usize);
        let mut out = random_bytes(&mut r, len);
        sm3::kdf(&z, &mut out).unwrap();
        assert_eq!(out, oracle_kdf::<::sm3::Sm3>(&z, len));

        for backend in Sm3Backend::available() {
            let mut forced = vec![0u8; len];
            sm3::kdf_with_state(Sm3::with_backend(backend).unwrap(), &z, &mut forced).unwrap();
            assert_eq!(forced, out, "{backend:?}");
        }

        let mut sha = vec![0u8; len];
        sm3::kdf_with::<Sha256>(&z, &mut sha).unwrap();
        assert_eq!(sha, oracle_kdf::<sha2::Sha256>(&z, len));
    }
}

// ---------------------------------------------------------------------------------------------
// HMAC

/// RFC 4231 §4.2–4.8, HMAC-SHA-256 (values cross-checked against the RFC text as quoted in
/// several public test suites).
#[test]
fn hmac_sha256_rfc4231() {
    let long_key = "aa".repeat(131);
    let cases: [(String, Vec<u8>, &str); 7] = [
        (
            "0b".repeat(20),
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            "4a656665".into(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            "aa".repeat(20),
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819".into(),
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        // Test case 5: output truncated to 128 bits.
        (
            "0c".repeat(20),
            b"Test With Truncation".to_vec(),
            "a3b6167473100ee06e0c796c2955552b",
        ),
        (
            long_key.clone(),
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            long_key,
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];
    for (i, (key, msg, tag)) in cases.iter().enumerate() {
        let key = unhex(key);
        let tag = unhex(tag);
        // Case 5's 128-bit tag needs a key made for it (RFC 2104 §5 allows 16 of 32 bytes).
        let mut m = HmacSha256::new_from_slice(&key)
            .unwrap()
            .with_tag_len(tag.len())
            .unwrap();
        Mac::update(&mut m, msg);
        let mut out = vec![0xffu8; tag.len()];
        m.clone().finalize_into(&mut out).unwrap();
        assert_eq!(out, tag, "RFC 4231 case {}", i + 1);
        assert_eq!(m.verify(&tag), Ok(()), "case {}", i + 1);
    }
}

#[test]
fn hmac_verify_rejects() {
    let key = b"key";
    let mut m = HmacSm3::new(key);
    m.update(b"message");
    let full = m.clone().finalize();
    assert_eq!(m.clone().verify(&full), Ok(()));
    // The tag length is the instance's: every prefix of the right tag is refused by a
    // full-length instance, before any comparison.
    for n in 0..32 {
        assert_eq!(
            m.clone().verify(&full[..n]),
            Err(Error::InvalidTagLength),
            "{n}"
        );
    }
    for i in 0..32 {
        let mut bad = full;
        bad[i] ^= 0x01;
        assert_eq!(m.clone().verify(&bad), Err(Error::Opaque), "byte {i}");
    }
    let mut long = full.to_vec();
    long.push(0);
    assert_eq!(m.clone().verify(&long), Err(Error::InvalidTagLength));
    let mut out = [0u8; 33];
    assert_eq!(
        m.clone().finalize_into(&mut out),
        Err(Error::InvalidTagLength)
    );
    assert_eq!(
        m.clone().finalize_into(&mut out[..16]),
        Err(Error::InvalidTagLength)
    );
    // Truncation through `with_tag_len`: 16..=32 bytes (RFC 2104 §5: at least half the
    // output), 4..=15 only with `hazmat`, never below 4 or above 32.
    assert_eq!(<HmacSm3 as Mac>::MIN_TAG_LEN, 16);
    for n in 0..=33 {
        let allowed = (16..=32).contains(&n) || ((4..16).contains(&n) && cfg!(feature = "hazmat"));
        let t = m.clone().with_tag_len(n);
        assert_eq!(t.is_ok(), allowed, "with_tag_len({n})");
        if let Ok(t) = t {
            assert_eq!(Mac::tag_len(&t), n);
            let mut out = vec![0u8; n];
            t.clone().finalize_into(&mut out).unwrap();
            assert_eq!(out, full[..n]);
            assert_eq!(t.clone().verify(&full[..n]), Ok(()));
            if n != 32 {
                assert_eq!(t.clone().verify(&full), Err(Error::InvalidTagLength));
            }
            if n > 0 {
                let mut bad = out;
                bad[n - 1] ^= 1;
                assert_eq!(t.verify(&bad), Err(Error::Opaque));
            }
        }
    }
    assert_eq!(<HmacSm3 as Mac>::NAME, "HMAC-SM3");
    assert_eq!(<HmacSha256 as Mac>::NAME, "HMAC-SHA-256");
    assert_eq!(<HmacSm3 as Mac>::TAG_LEN, 32);
}

/// HMAC-SM3 against `hmac::SimpleHmac<sm3::Sm3>`, keys of 0..=200 bytes (below, at and above
/// the 64-byte block), chunked messages, every backend.
#[test]
fn hmac_sm3_differential() {
    use ::hmac::{KeyInit as _, Mac as _};
    let mut r = rng(0x4d41);
    for key_len in 0..=200usize {
        let key = random_bytes(&mut r, key_len);
        let msg = random_upto(&mut r, 200);
        let mut o = ::hmac::SimpleHmac::<::sm3::Sm3>::new_from_slice(&key).unwrap();
        o.update(&msg);
        let want = o.finalize().into_bytes().to_vec();

        let mut m = <HmacSm3 as Mac>::new_from_slice(&key).unwrap();
        chunked(&mut r, &msg, |p| Mac::update(&mut m, p));
        assert_eq!(m.finalize().to_vec(), want, "key len {key_len}");

        for backend in Sm3Backend::available() {
            let mut m = Hmac::new_with_state(&key, Sm3::with_backend(backend).unwrap());
            m.update(&msg);
            assert_eq!(m.finalize().to_vec(), want, "{backend:?}");
        }

        // gmkit's Sm3 through RustCrypto's HMAC (the `digest` trait impls).
        let mut x = ::hmac::SimpleHmac::<Sm3>::new_from_slice(&key).unwrap();
        x.update(&msg);
        assert_eq!(x.finalize().into_bytes().to_vec(), want);
    }
}

#[test]
fn hmac_sha256_differential() {
    use ::hmac::{KeyInit as _, Mac as _};
    let mut r = rng(0x5348);
    for key_len in [0usize, 1, 31, 32, 63, 64, 65, 100, 200] {
        let key = random_bytes(&mut r, key_len);
        let msg = random_bytes(&mut r, 150);
        let mut o = ::hmac::SimpleHmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
        o.update(&msg);
        let want = o.finalize().into_bytes().to_vec();
        let mut m = HmacSha256::new(&key);
        chunked(&mut r, &msg, |p| m.update(p));
        assert_eq!(m.finalize().to_vec(), want, "key len {key_len}");
    }
}

#[path = "support/wycheproof.rs"]
mod wycheproof_data;

/// The Wycheproof HMAC files (truncated tags, `invalid` cases).
mod wycheproof {
    use super::wycheproof_data;
    use super::*;
    use serde_json::Value;

    fn load(name: &str) -> Value {
        let text = wycheproof_data::json(name.trim_end_matches("_test.json"));
        serde_json::from_str(text).expect("JSON")
    }

    fn run<M: Mac>(file: &str) {
        let v = load(file);
        let mut count = 0;
        for group in v["testGroups"].as_array().unwrap() {
            let tag_bytes = group["tagSize"].as_u64().unwrap() as usize / 8;
            for t in group["tests"].as_array().unwrap() {
                let id = &t["tcId"];
                let key = unhex(t["key"].as_str().unwrap());
                let msg = unhex(t["msg"].as_str().unwrap());
                let tag = unhex(t["tag"].as_str().unwrap());
                let valid = match t["result"].as_str().unwrap() {
                    "valid" => true,
                    "invalid" => false,
                    other => panic!("tcId {id}: unexpected result {other}"),
                };
                // The key is made for the group's tag length, as a protocol fixes it; a tag of
                // another length is then refused by `verify` itself.
                let mut m = M::new_from_slice(&key)
                    .unwrap()
                    .with_tag_len(tag_bytes)
                    .unwrap();
                m.update(&msg);
                let verdict = m.verify(&tag);
                assert_eq!(verdict.is_ok(), valid, "{file} tcId {id}");
                if tag.len() != tag_bytes {
                    assert_eq!(verdict, Err(Error::InvalidTagLength), "{file} tcId {id}");
                }
                count += 1;
            }
        }
        assert_eq!(count, v["numberOfTests"].as_u64().unwrap());
    }

    #[test]
    fn hmac_sm3() {
        run::<HmacSm3>("hmac_sm3_test.json");
    }

    #[test]
    fn hmac_sha256() {
        run::<HmacSha256>("hmac_sha256_test.json");
    }
}

// ---------------------------------------------------------------------------------------------
// HKDF

/// RFC 5869 Appendix A.1–A.3 (HKDF-SHA-256).
#[test]
fn hkdf_sha256_rfc5869() {
    let cases = [
        (
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            "000102030405060708090a0b0c",
            "f0f1f2f3f4f5f6f7f8f9",
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        ),
        (
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
             202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
             404142434445464748494a4b4c4d4e4f",
            "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f
             808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f
             a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
            "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf
             d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef
             f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c
             59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71
             cc30c58179ec3e87c14c01d5c1f3434f1d87",
        ),
        (
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            "",
            "",
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        ),
    ];
    for (i, (ikm, salt, info, prk, okm)) in cases.iter().enumerate() {
        let got_prk = hkdf::extract::<Sha256>(&unhex(salt), &unhex(ikm));
        assert_eq!(got_prk.to_vec(), unhex(prk), "A.{} PRK", i + 1);
        let want = unhex(okm);
        let mut out = vec![0u8; want.len()];
        hkdf::expand::<Sha256>(&got_prk, &unhex(info), &mut out).unwrap();
        assert_eq!(out, want, "A.{} OKM", i + 1);
    }
}

/// HKDF-SM3 built step by step from RFC 5869 §2.2–2.3 on `hmac::SimpleHmac<sm3::Sm3>`.
fn oracle_hkdf_sm3(salt: &[u8], ikm: &[u8], info: &[u8], len: usize) -> (Vec<u8>, Vec<u8>) {
    use ::hmac::{KeyInit as _, Mac as _};
    type O = ::hmac::SimpleHmac<::sm3::Sm3>;
    let salt = if salt.is_empty() {
        &[0u8; 32][..]
    } else {
        salt
    };
    let mut e = O::new_from_slice(salt).unwrap();
    e.update(ikm);
    let prk = e.finalize().into_bytes().to_vec();
    let mut okm = Vec::new();
    let mut t = Vec::new();
    let mut i = 1u8;
    while okm.len() < len {
        let mut m = O::new_from_slice(&prk).unwrap();
        m.update(&t);
        m.update(info);
        m.update(&[i]);
        t = m.finalize().into_bytes().to_vec();
        okm.extend_from_slice(&t);
        i = i.wrapping_add(1);
    }
    okm.truncate(len);
    (prk, okm)
}

#[test]
fn hkdf_sm3_differential() {
    let mut r = rng(0x8998);
    for _ in 0..60 {
        let salt = random_upto(&mut r, 100);
        let ikm = random_upto(&mut r, 100);
        let info = random_upto(&mut r, 40);
        let len = r.random_range(0..=300usize);
        let (want_prk, want_okm) = oracle_hkdf_sm3(&salt, &ikm, &info, len);

        let prk = hkdf::extract::<Sm3>(&salt, &ikm);
        assert_eq!(prk.to_vec(), want_prk);
        let mut okm = random_bytes(&mut r, len);
        hkdf::expand::<Sm3>(&prk, &info, &mut okm).unwrap();
        assert_eq!(okm, want_okm);

        for backend in Sm3Backend::available() {
            let fresh = || Sm3::with_backend(backend).unwrap();
            let prk = hkdf::extract_with_state(fresh(), &salt, &ikm);
            let mut okm = vec![0u8; len];
            hkdf::expand_with_state(fresh(), &prk, &info, &mut okm).unwrap();
            assert_eq!(okm, want_okm, "{backend:?}");
        }
    }
    // The largest output, 255 · HashLen.
    let (prk, okm) = oracle_hkdf_sm3(b"s", b"k", b"i", 255 * 32);
    let mut out = vec![0u8; 255 * 32];
    hkdf::expand::<Sm3>(&prk, b"i", &mut out).unwrap();
    assert_eq!(out, okm);
}

#[test]
fn hkdf_rejects() {
    let prk = hkdf::extract::<Sm3>(b"salt", b"ikm");
    let mut out = vec![0x77u8; 255 * 32 + 1];
    assert_eq!(
        hkdf::expand::<Sm3>(&prk, b"", &mut out),
        Err(Error::InvalidLength)
    );
    assert!(out.iter().all(|&b| b == 0x77), "no partial output");
    let mut out = [0x77u8; 16];
    assert_eq!(
        hkdf::expand::<Sm3>(&prk[..31], b"", &mut out),
        Err(Error::InvalidKeyLength)
    );
    assert_eq!(out, [0x77u8; 16]);
    // Zero-length output is fine.
    assert_eq!(hkdf::expand::<Sm3>(&prk, b"", &mut []), Ok(()));
}
