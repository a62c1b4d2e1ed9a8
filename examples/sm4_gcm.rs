//! SM4-GCM authenticated encryption (RFC 8998, NIST SP 800-38D over SM4) with associated data.
//!
//! ```sh
//! cargo run --example sm4_gcm
//! ```
//!
//! Every value below is RFC 8998 Appendix A.1. Shown: `seal`/`open` (ciphertext ‖ tag in one
//! vector), the in-place API with a detached tag, and what happens to a changed tag, ciphertext
//! or AAD: refused with one opaque error, and the buffer still holds the ciphertext (no byte of
//! unauthenticated plaintext is ever released).
//!
//! A (key, nonce) pair must never encrypt two messages: use a counter or 12 random bytes per
//! message, and a new key before 2³² random nonces.

use gmkit::backend::Backend;
use gmkit::{Aead, modes::Sm4Gcm};

fn main() -> Result<(), gmkit::Error> {
    // RFC 8998 Appendix A.1.
    let key = unhex("0123456789abcdeffedcba9876543210");
    let nonce = unhex("00001234567800000000abcd");
    let aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    let pt = unhex(concat!(
        "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd",
        "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
    ));
    let expected_ct = unhex(concat!(
        "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735",
        "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
    ));
    let expected_tag = unhex("83de3541e4c2b58177e065a9bf7b62ec");

    // `Aead::new_from_slice` (gmkit's trait). Sm4Gcm also implements RustCrypto's
    // `aead::KeyInit`/`AeadInOut`; with both traits in scope, name the one you mean.
    let gcm = Sm4Gcm::new_from_slice(&key)?;
    // The backends this CPU got (GMKIT_BACKEND=soft forces the portable ones).
    println!(
        "backends: sm4 {}, ghash {}",
        gcm.cipher().backend().name(),
        gcm.ghash_backend().name()
    );

    // --- One vector: ciphertext ‖ tag --------------------------------------------------------
    let sealed = gcm.seal(&nonce, &aad, &pt)?;
    assert_eq!(sealed[..pt.len()], expected_ct[..]);
    assert_eq!(sealed[pt.len()..], expected_tag[..]);
    assert_eq!(gcm.open(&nonce, &aad, &sealed)?, pt);
    println!("sealed: {}", hex(&sealed));

    // --- In place, with a detached tag -------------------------------------------------------
    let mut buf = pt.clone();
    let mut tag = [0u8; 16];
    gcm.seal_in_place_detached(&nonce, &aad, &mut buf, &mut tag)?;
    assert_eq!(buf, expected_ct);
    assert_eq!(tag[..], expected_tag[..]);
    println!("ciphertext: {}", hex(&buf));
    println!("tag:        {}", hex(&tag));

    // --- Refusals: the buffer keeps its ciphertext -------------------------------------------
    let mut bad_tag = tag;
    bad_tag[15] ^= 0x01;
    assert_eq!(
        gcm.open_in_place_detached(&nonce, &aad, &mut buf, &bad_tag),
        Err(gmkit::Error::Opaque)
    );
    assert_eq!(buf, expected_ct); // not decrypted, not zeroed: untouched

    let mut bad_aad = aad.clone();
    bad_aad[0] ^= 0x80;
    assert!(
        gcm.open_in_place_detached(&nonce, &bad_aad, &mut buf, &tag)
            .is_err()
    );
    assert_eq!(buf, expected_ct);

    let mut bad_sealed = sealed.clone();
    bad_sealed[3] ^= 0x01; // a ciphertext byte
    assert_eq!(
        gcm.open(&nonce, &aad, &bad_sealed),
        Err(gmkit::Error::Opaque)
    );
    println!("changed tag, AAD or ciphertext: refused, buffer unchanged");

    // With the right tag, the same buffer decrypts in place.
    gcm.open_in_place_detached(&nonce, &aad, &mut buf, &tag)?;
    assert_eq!(buf, pt);

    println!("RFC 8998 A.1: ciphertext and tag match");
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
