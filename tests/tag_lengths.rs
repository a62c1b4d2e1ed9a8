//! The tag length belongs to the key (gmkit issue 8): checked the way an outside program sees
//! gmkit, through its public API only — the concrete types, gmkit's `Aead` and `Mac` traits,
//! the RustCrypto traits and the registry.
//!
//! A new key produces and checks full-length tags; a tag cut short on the wire (here: the first
//! 4 bytes of a valid tag) is refused with `InvalidTagLength` and releases nothing; a truncated
//! tag is accepted only by a key made for its length (`with_tag_len`), and the lengths below the
//! standards' minimum (GCM 4 and 8 bytes, CCM 4 and 6, CMAC under 8, HMAC under half the output)
//! only with the `hazmat` feature. Expected values: RFC 8998 A.1/A.2, GB/T 15852.3-2019 Annex A
//! (GMAC example 2), GB/T 15852.2-2024 Annex C.2 (HMAC-SM3 key 1, "abc"), RFC 4231 case 2.

use gmkit::intl::Aes128Gcm;
use gmkit::mac::{HmacSha256, HmacSm3};
use gmkit::modes::{Sm4Ccm, Sm4Cmac, Sm4Gcm, Sm4Gmac, Sm4Xcbc};
use gmkit::registry::{self, BackendSpec};
use gmkit::{Aead, Error, Mac};

fn h(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// RFC 8998 Appendix A.1 (SM4-GCM) and A.2 (SM4-CCM).
const KEY: &str = "0123456789abcdeffedcba9876543210";
const IV: &str = "00001234567800000000abcd";
const AAD: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const PT: &str = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd
                  eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa";
const GCM_CT: &str = "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735
                      d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d";
const GCM_TAG: &str = "83de3541e4c2b58177e065a9bf7b62ec";
const CCM_CT: &str = "48af93501fa62adbcd414cce6034d895dda1bf8f132f042098661572e7483094
                      fd12e518ce062c98acee28d95df4416bed31a2f04476c18bb40c84a74b97dc5b";
const CCM_TAG: &str = "16842d4fa186f56ab33256971fa110f4";

// GB/T 15852.3-2019 Annex A, GMAC example 2 (SM4).
const GMAC_KEY: &str = "feffe9928665731c6d6a8f9467308308";
const GMAC_IV: &str = "cafebabefacedbaddecaf888";
const GMAC_MSG: &str = "feedfacedeadbeeffeedfacedeadbeef";
const GMAC_TAG: &str = "9d632570f93064264a20918e3081b4cd";

// GB/T 15852.2-2024 Annex C.2, key 1, message "abc".
const HMAC_KEY: &str = "00112233445566778899aabbccddeeff";
const HMAC_TAG: &str = "0933617a88d312f6f9fb4b5f200e31a64d655e92f7fa2a43f55dfeeb8ab6788d";

/// The acceptance test, word for word: the first 4 bytes of a valid tag are refused by
/// `Sm4Gcm::open_detached`, `Gmac::verify` and HMAC-SM3's `Mac::verify`; the full tag still
/// opens / verifies.
#[test]
fn four_bytes_of_a_valid_tag_are_refused() {
    let gcm = <Sm4Gcm as Aead>::new_from_slice(&h(KEY)).unwrap();
    let (iv, aad, ct, tag) = (h(IV), h(AAD), h(GCM_CT), h(GCM_TAG));
    let mut buf = ct.clone();
    assert_eq!(
        gcm.open_detached(&iv, &aad, &mut buf, &tag[..4]),
        Err(Error::InvalidTagLength)
    );
    assert_eq!(buf, ct, "nothing released");
    gcm.open_detached(&iv, &aad, &mut buf, &tag).unwrap();
    assert_eq!(buf, h(PT));

    let gmac = Sm4Gmac::new_from_slice(&h(GMAC_KEY)).unwrap();
    let (iv, msg, tag) = (h(GMAC_IV), h(GMAC_MSG), h(GMAC_TAG));
    assert_eq!(
        gmac.verify(&iv, &msg, &tag[..4]),
        Err(Error::InvalidTagLength)
    );
    gmac.verify(&iv, &msg, &tag).unwrap();

    let mut mac = <HmacSm3 as Mac>::new_from_slice(&h(HMAC_KEY)).unwrap();
    Mac::update(&mut mac, b"abc");
    let tag = h(HMAC_TAG);
    assert_eq!(mac.clone().verify(&tag[..4]), Err(Error::InvalidTagLength));
    mac.verify(&tag).unwrap();
}

/// Every prefix of a valid tag, through gmkit's `Aead` trait only: refused as a length error,
/// the buffer untouched; the joined form (`open`) takes the key's tag length off the end, so a
/// short tag there is simply a wrong one.
fn aead_refuses_prefixes<A: Aead>(a: &A, nonce: &[u8], aad: &[u8], ct: &[u8], tag: &[u8]) {
    assert_eq!(a.tag_len(), 16);
    for n in 0..16 {
        let mut buf = ct.to_vec();
        assert_eq!(
            a.open_in_place_detached(nonce, aad, &mut buf, &tag[..n]),
            Err(Error::InvalidTagLength),
            "{}: {n}-byte tag",
            A::NAME
        );
        assert_eq!(buf, ct, "{}: {n}-byte tag", A::NAME);
        let mut out = vec![0xa5u8; n];
        let mut buf = ct.to_vec();
        assert_eq!(
            a.seal_in_place_detached(nonce, aad, &mut buf, &mut out),
            Err(Error::InvalidTagLength)
        );
        assert!(
            buf == ct && out.iter().all(|&b| b == 0xa5),
            "nothing written"
        );
    }
    let joined = [ct, &tag[..4]].concat();
    assert!(a.open(nonce, aad, &joined).is_err());
    let joined = [ct, tag].concat();
    let mut buf = ct.to_vec();
    a.open_in_place_detached(nonce, aad, &mut buf, tag).unwrap();
    assert_eq!(a.open(nonce, aad, &joined).unwrap(), buf);
}

#[test]
fn through_the_gmkit_aead_trait() {
    let (iv, aad) = (h(IV), h(AAD));
    let gcm = <Sm4Gcm as Aead>::new_from_slice(&h(KEY)).unwrap();
    aead_refuses_prefixes(&gcm, &iv, &aad, &h(GCM_CT), &h(GCM_TAG));
    let ccm = <Sm4Ccm as Aead>::new_from_slice(&h(KEY)).unwrap();
    aead_refuses_prefixes(&ccm, &iv, &aad, &h(CCM_CT), &h(CCM_TAG));
    // AES-128-GCM, McGrew–Viega test case 2 (zero key, zero IV, one zero block).
    let aes = <Aes128Gcm as Aead>::new_from_slice(&[0; 16]).unwrap();
    aead_refuses_prefixes(
        &aes,
        &[0; 12],
        b"",
        &h("0388dace60b6a392f328c2b971b2fe78"),
        &h("ab6e47d42cec13bdf53a67b21257bddf"),
    );

    // A key made for 12-byte tags opens the 12-byte prefix and nothing else.
    let gcm96 = gcm.with_tag_len(12).unwrap();
    assert_eq!(gcm96.tag_len(), 12);
    let (ct, tag) = (h(GCM_CT), h(GCM_TAG));
    let mut buf = ct.clone();
    for other in [&tag[..4], &tag[..], &tag[..11]] {
        assert_eq!(
            gcm96.open_in_place_detached(&iv, &aad, &mut buf, other),
            Err(Error::InvalidTagLength)
        );
    }
    assert_eq!(buf, ct);
    gcm96
        .open_in_place_detached(&iv, &aad, &mut buf, &tag[..12])
        .unwrap();
    assert_eq!(buf, h(PT));
}

/// The short tags need `hazmat`: a 4-byte GCM key exists only there (SP 800-38D Appendix C), as
/// do 4- and 6-byte CCM keys; nothing shorter than 4 or longer than 16 exists at all.
#[test]
fn short_tags_need_hazmat() {
    let gcm = <Sm4Gcm as Aead>::new_from_slice(&h(KEY)).unwrap();
    let ccm = <Sm4Ccm as Aead>::new_from_slice(&h(KEY)).unwrap();
    for n in [0, 1, 2, 3, 17, 32] {
        assert_eq!(
            gcm.clone().with_tag_len(n).err(),
            Some(Error::InvalidTagLength)
        );
        assert_eq!(
            ccm.clone().with_tag_len(n).err(),
            Some(Error::InvalidTagLength)
        );
    }
    assert_eq!(<Sm4Gcm as Aead>::MIN_TAG_LEN, 12);
    assert_eq!(<Sm4Ccm as Aead>::MIN_TAG_LEN, 8);
    let gcm4 = gcm.with_tag_len(4);
    let ccm4 = ccm.with_tag_len(4);
    #[cfg(feature = "hazmat")]
    {
        let (iv, aad) = (h(IV), h(AAD));
        let mut buf = h(GCM_CT);
        gcm4.unwrap()
            .open_in_place_detached(&iv, &aad, &mut buf, &h(GCM_TAG)[..4])
            .unwrap();
        assert_eq!(buf, h(PT));
        // The CCM tag length is encoded in B₀, so a 4-byte CCM tag is not a prefix of the
        // 16-byte one: seal and open round-trip instead.
        let ccm4 = ccm4.unwrap();
        let mut buf = h(PT);
        let mut tag = [0u8; 4];
        ccm4.seal_in_place_detached(&iv, &aad, &mut buf, &mut tag)
            .unwrap();
        ccm4.open_in_place_detached(&iv, &aad, &mut buf, &tag)
            .unwrap();
        assert_eq!(buf, h(PT));
    }
    #[cfg(not(feature = "hazmat"))]
    {
        assert_eq!(gcm4.err(), Some(Error::InvalidTagLength));
        assert_eq!(ccm4.err(), Some(Error::InvalidTagLength));
    }
}

/// Every prefix of a valid tag, through gmkit's `Mac` trait only.
fn mac_refuses_prefixes<M: Mac + Clone>(mac: M, tag: &[u8]) {
    assert_eq!(mac.tag_len(), M::TAG_LEN);
    assert_eq!(tag.len(), M::TAG_LEN);
    for n in 0..M::TAG_LEN {
        assert_eq!(
            mac.clone().verify(&tag[..n]),
            Err(Error::InvalidTagLength),
            "{}: {n}-byte tag",
            M::NAME
        );
        let mut out = vec![0u8; n];
        assert_eq!(
            mac.clone().finalize_into(&mut out),
            Err(Error::InvalidTagLength)
        );
    }
    mac.clone().verify(tag).unwrap();
    // A key made for the shortest standard length checks exactly that prefix.
    let short = mac.with_tag_len(M::MIN_TAG_LEN).unwrap();
    let n = M::MIN_TAG_LEN;
    short.clone().verify(&tag[..n]).unwrap();
    assert_eq!(short.verify(tag), Err(Error::InvalidTagLength));
}

#[test]
fn through_the_gmkit_mac_trait() {
    let mut hmac = <HmacSm3 as Mac>::new_from_slice(&h(HMAC_KEY)).unwrap();
    Mac::update(&mut hmac, b"abc");
    mac_refuses_prefixes(hmac, &h(HMAC_TAG));
    assert_eq!(<HmacSm3 as Mac>::MIN_TAG_LEN, 16);

    // RFC 4231 test case 2.
    let mut hmac = <HmacSha256 as Mac>::new_from_slice(b"Jefe").unwrap();
    Mac::update(&mut hmac, b"what do ya want for nothing?");
    mac_refuses_prefixes(
        hmac,
        &h("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    );

    // SM4-CMAC and SM4-XCBC: the tag under the full-length key, from its own finalize (the
    // values themselves are checked against SP 800-38B / RFC 3566 in tests/modes.rs).
    let mut cmac = <Sm4Cmac as Mac>::new_from_slice(&h(KEY)).unwrap();
    Mac::update(&mut cmac, b"abc");
    let tag = cmac.clone().finalize();
    mac_refuses_prefixes(cmac, &tag);
    let mut xcbc = <Sm4Xcbc as Mac>::new_from_slice(&h(KEY)).unwrap();
    Mac::update(&mut xcbc, b"abc");
    let tag = xcbc.clone().finalize();
    mac_refuses_prefixes(xcbc, &tag);
    assert_eq!(<Sm4Cmac as Mac>::MIN_TAG_LEN, 8);
}

/// The RustCrypto traits: `digest::Mac::verify_slice` takes full-length tags only, and the
/// `aead` traits fix 16-byte tags by type; a gmkit key truncated with `with_tag_len` refuses
/// them both ways rather than produce or accept a 16-byte tag.
#[test]
fn through_the_rustcrypto_traits() {
    use aead::{AeadInOut, KeyInit};
    let mac = digest::Mac::chain_update(
        <HmacSm3 as digest::KeyInit>::new_from_slice(&h(HMAC_KEY)).unwrap(),
        b"abc",
    );
    let tag = h(HMAC_TAG);
    assert!(digest::Mac::verify_slice(mac.clone(), &tag[..4]).is_err());
    assert!(digest::Mac::verify_slice(mac, &tag).is_ok());

    let (iv, aad, ct, tag) = (h(IV), h(AAD), h(GCM_CT), h(GCM_TAG));
    let nonce = aead::Nonce::<Sm4Gcm>::try_from(&iv[..]).unwrap();
    let full_tag = aead::Tag::<Sm4Gcm>::try_from(&tag[..]).unwrap();
    let gcm = <Sm4Gcm as KeyInit>::new_from_slice(&h(KEY)).unwrap();
    let mut buf = ct.clone();
    gcm.decrypt_inout_detached(&nonce, &aad, buf.as_mut_slice().into(), &full_tag)
        .unwrap();
    assert_eq!(buf, h(PT));
    // The 4-byte prefix padded out to the trait's 16 bytes is just a wrong tag.
    let mut padded = [0u8; 16];
    padded[..4].copy_from_slice(&tag[..4]);
    let mut buf = ct.clone();
    assert!(
        gcm.decrypt_inout_detached(&nonce, &aad, buf.as_mut_slice().into(), &padded.into())
            .is_err()
    );
    assert_eq!(buf, ct);
    let gcm96 = gcm.with_tag_len(12).unwrap();
    let mut buf = ct.clone();
    assert!(
        gcm96
            .decrypt_inout_detached(&nonce, &aad, buf.as_mut_slice().into(), &full_tag)
            .is_err()
    );
    assert_eq!(buf, ct);
    let mut buf = h(PT);
    assert!(
        gcm96
            .encrypt_inout_detached(&nonce, &aad, buf.as_mut_slice().into())
            .is_err()
    );
    assert_eq!(buf, h(PT));

    let ccm = <Sm4Ccm as KeyInit>::new_from_slice(&h(KEY)).unwrap();
    let ccm_tag = aead::Tag::<Sm4Ccm>::try_from(&h(CCM_TAG)[..]).unwrap();
    let ccm12 = ccm.with_tag_len(12).unwrap();
    let mut buf = h(CCM_CT);
    assert!(
        ccm12
            .decrypt_inout_detached(&nonce, &aad, buf.as_mut_slice().into(), &ccm_tag)
            .is_err()
    );
    assert_eq!(buf, h(CCM_CT));
}

/// The registry's object-safe adapters carry the same rule: each instance has one tag length.
#[test]
fn through_the_registry() {
    let auto = |name: &str| {
        let alg = registry::find(name).unwrap();
        let choice = alg.choices(&BackendSpec::Auto).unwrap().remove(0);
        (alg, choice)
    };
    let (alg, c) = auto("SM4-GCM");
    let a = alg.aead(&h(KEY), &c).unwrap();
    assert_eq!(a.tag_len(), 16);
    let (iv, aad, ct, tag) = (h(IV), h(AAD), h(GCM_CT), h(GCM_TAG));
    let mut buf = ct.clone();
    assert_eq!(
        a.open_in_place_detached(&iv, &aad, &mut buf, &tag[..4]),
        Err(Error::InvalidTagLength)
    );
    assert_eq!(buf, ct);
    let a12 = a.with_tag_len(12).unwrap();
    assert_eq!(a12.tag_len(), 12);
    a12.open_in_place_detached(&iv, &aad, &mut buf, &tag[..12])
        .unwrap();
    assert_eq!(buf, h(PT));
    assert_eq!(
        a12.seal(&iv, &aad, &h(PT)).unwrap(),
        [&ct[..], &tag[..12]].concat()
    );

    let (alg, c) = auto("SM4-GMAC");
    let m = alg.mac_with_iv(&h(GMAC_KEY), &c).unwrap();
    let (iv, msg, tag) = (h(GMAC_IV), h(GMAC_MSG), h(GMAC_TAG));
    assert_eq!(m.verify(&iv, &msg, &tag[..4]), Err(Error::InvalidTagLength));
    m.verify(&iv, &msg, &tag).unwrap();

    for (name, key) in [("HMAC-SM3", h(HMAC_KEY)), ("SM4-MAC/CMAC", h(KEY))] {
        let (alg, c) = auto(name);
        let mut m = alg.mac(&key, &c).unwrap();
        m.update(b"abc");
        let mut full = vec![0u8; m.tag_len()];
        let mut again = alg.mac(&key, &c).unwrap();
        again.update(b"abc");
        again.finalize_into(&mut full).unwrap();
        if name == "HMAC-SM3" {
            assert_eq!(full, h(HMAC_TAG));
        }
        assert_eq!(m.verify(&full[..4]), Err(Error::InvalidTagLength), "{name}");
    }
    // The one-shot GB/T 15852.1 CBC-MACs too.
    let (alg, c) = auto("SM4-MAC/CBC-MAC-ISO9797-1-Alg1-Pad2");
    let mut m = alg.mac(&h(KEY), &c).unwrap();
    m.update(b"abc");
    let mut full = [0u8; 16];
    m.finalize_into(&mut full).unwrap();
    let mut m = alg.mac(&h(KEY), &c).unwrap();
    m.update(b"abc");
    assert_eq!(m.verify(&full[..4]), Err(Error::InvalidTagLength));
    let mut m = alg.mac(&h(KEY), &c).unwrap().with_tag_len(8).unwrap();
    m.update(b"abc");
    m.verify(&full[..8]).unwrap();
}

/// CCM checks the tag before any plaintext reaches the buffer: after a wrong tag the buffer is
/// the ciphertext, for messages spanning several of the 1 KiB scratch slices.
#[test]
fn ccm_releases_nothing_on_a_wrong_tag() {
    let ccm = <Sm4Ccm as Aead>::new_from_slice(&h(KEY)).unwrap();
    let iv = h(IV);
    for len in [0, 15, 64, 1024, 1025, 4096 + 7] {
        let pt: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
        let mut ct = pt.clone();
        let mut tag = [0u8; 16];
        ccm.seal_in_place_detached(&iv, b"aad", &mut ct, &mut tag)
            .unwrap();
        for flip in [0, 15] {
            let mut bad = tag;
            bad[flip] ^= 0x10;
            let mut buf = ct.clone();
            assert_eq!(
                ccm.open_in_place_detached(&iv, b"aad", &mut buf, &bad),
                Err(Error::Opaque)
            );
            assert_eq!(buf, ct, "len {len}: the buffer holds the ciphertext");
        }
        let mut buf = ct.clone();
        ccm.open_in_place_detached(&iv, b"aad", &mut buf, &tag)
            .unwrap();
        assert_eq!(buf, pt);
    }
}
