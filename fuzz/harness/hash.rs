//! Target `sm3`: SM3, HMAC-SM3 and the SM2 KDF against RustCrypto `sm3` / `hmac`, on every SM3
//! backend this CPU has.
//!
//! Layout: `tag_len` (1 byte: a truncated HMAC tag of 4 + b % 29 bytes; below 16 bytes only
//! where gmkit has `hazmat`, else the case uses 32), a chunking plan
//! ([`Chunks`]), the HMAC key (length byte + bytes), the KDF output length (1 byte), the message
//! (the rest; it is also the KDF's Z).

use super::input::{Chunks, Input};
use ::hmac::{KeyInit as _, Mac as _};
use ::sm3::Digest as _;
use gmkit::backend::Backend;
use gmkit::mac::{Hmac, HmacSm3};
use gmkit::sm3::{self as gm_sm3, Sm3, Sm3Backend};
use gmkit::{Error, Hash, Mac};

type Oracle = ::hmac::SimpleHmac<::sm3::Sm3>;

/// Run one `sm3` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let tag_len = 4 + input.u8() as usize % 29;
    let chunks = Chunks::read(&mut input);
    let key = input.field();
    let kdf_len = input.u8() as usize;
    let msg = input.rest();
    let pieces = chunks.ranges(msg.len());

    let want: [u8; 32] = ::sm3::Sm3::digest(msg).into();
    assert_eq!(Sm3::digest(msg), want, "one-shot SM3");
    assert_eq!(<Sm3 as Hash>::digest(msg), want, "Hash::digest");
    let via_digest: [u8; 32] = <Sm3 as ::sm3::Digest>::digest(msg).into();
    assert_eq!(via_digest, want, "digest::Digest on gmkit's Sm3");

    let mut o = <Oracle as ::hmac::KeyInit>::new_from_slice(key).expect("any HMAC key length");
    o.update(msg);
    let want_mac: [u8; 32] = o.finalize().into_bytes().into();
    // RustCrypto's HMAC driving gmkit's SM3 through the digest traits.
    let mut x = ::hmac::SimpleHmac::<Sm3>::new_from_slice(key).expect("any HMAC key length");
    x.update(msg);
    let via_digest: [u8; 32] = x.finalize().into_bytes().into();
    assert_eq!(via_digest, want_mac, "SimpleHmac<gmkit Sm3>");

    let want_kdf = kdf_reference(msg, kdf_len);

    for backend in Sm3Backend::available() {
        let fresh = Sm3::with_backend(backend).expect("an available backend");
        assert_eq!(fresh.backend(), backend);

        // Chunked, with a clone taken halfway that must finish the same.
        let mut h = fresh.clone();
        let mut fork = None;
        for (i, r) in pieces.iter().enumerate() {
            h.update(&msg[r.clone()]);
            if i == pieces.len() / 2 {
                fork = Some(h.clone());
            }
        }
        if let Some(mut f) = fork {
            for r in &pieces[pieces.len() / 2 + 1..] {
                f.update(&msg[r.clone()]);
            }
            assert_eq!(f.finalize(), want, "cloned state, {backend:?}");
        }
        assert_eq!(h.finalize_reset(), want, "chunked SM3, {backend:?}");
        // After finalize_reset the state hashes from scratch.
        h.update(msg);
        assert_eq!(
            h.clone().finalize(),
            want,
            "after finalize_reset, {backend:?}"
        );
        h.reset();
        h.update(msg);
        assert_eq!(h.finalize(), want, "after reset, {backend:?}");

        // HMAC-SM3 on this backend, chunked.
        let mut m = Hmac::new_with_state(key, fresh.clone());
        for r in &pieces {
            m.update(&msg[r.clone()]);
        }
        assert_eq!(m.finalize(), want_mac, "HMAC-SM3, {backend:?}");

        let mut got = vec![0xa5u8; kdf_len];
        gm_sm3::kdf_with_state(fresh, msg, &mut got).expect("KDF output below 2^32 blocks");
        assert_eq!(got, want_kdf, "KDF, {backend:?}");
    }

    // The Mac trait: the full-length key refuses a truncated tag; a key made for the tag length
    // (RFC 2104 §5: 16..=32 bytes; shorter only with `hazmat`) writes and checks exactly that.
    let full = || {
        let mut m = <HmacSm3 as Mac>::new_from_slice(key).expect("any HMAC key length");
        Mac::update(&mut m, msg);
        m
    };
    let short = super::short_tags();
    let tag_len = if tag_len < 16 && !short { 32 } else { tag_len };
    if tag_len < 32 {
        assert_eq!(
            Mac::verify(full(), &want_mac[..tag_len]),
            Err(Error::InvalidTagLength),
            "a {tag_len}-byte tag under a full-length key"
        );
    }
    assert_eq!(
        Mac::with_tag_len(full(), 15).is_ok(),
        short,
        "15-byte HMAC-SM3 tags exactly with hazmat"
    );
    let keyed = || <HmacSm3 as Mac>::new_from_slice(key).and_then(|m| m.with_tag_len(tag_len));
    let mut m = keyed().expect("a tag length this build takes");
    for r in &pieces {
        Mac::update(&mut m, &msg[r.clone()]);
    }
    let mut tag = vec![0xa5u8; tag_len];
    Mac::finalize_into(m, &mut tag).expect("the key's tag length");
    assert_eq!(tag[..], want_mac[..tag_len], "truncated HMAC-SM3");
    let fresh_mac = || {
        let mut m = keyed().expect("a tag length this build takes");
        Mac::update(&mut m, msg);
        m
    };
    Mac::verify(fresh_mac(), &tag).expect("the right tag verifies");
    let mut bad = tag.clone();
    bad[msg.len() % tag_len] ^= 1 << (msg.len() % 8);
    assert_eq!(
        Mac::verify(fresh_mac(), &bad),
        Err(Error::Opaque),
        "flipped tag"
    );
    assert_eq!(
        Mac::verify(fresh_mac(), &tag[..3]),
        Err(Error::InvalidTagLength),
        "3-byte tag"
    );
}

/// GB/T 32918.4 §5.4.3 written out over RustCrypto `sm3`: SM3(Z ‖ ct) for ct = 1, 2, … (32-bit
/// big-endian), concatenated and cut to `len` bytes.
fn kdf_reference(z: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut ct: u32 = 1;
    while out.len() < len {
        let mut h = ::sm3::Sm3::new();
        h.update(z);
        h.update(ct.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        ct += 1;
    }
    out.truncate(len);
    out
}
