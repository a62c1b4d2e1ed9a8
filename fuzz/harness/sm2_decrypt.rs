//! Target `sm2_decrypt`: SM2 decryption (GB/T 32918.4 §7.1) of arbitrary bytes in each format
//! (C1 ‖ C3 ‖ C2, C1 ‖ C2 ‖ C3, GM/T 0009 DER) under a fixed key. Never panics, and:
//!
//! - `plaintext_len` is `Some(n)` exactly when the ciphertext is well formed, n = |C2|;
//!   `decrypt_into` and `decrypt` agree with it and with each other;
//! - on any error the output buffer is untouched, a well-formed ciphertext whose C3 does not
//!   match included (no plaintext before verification, GB/T 32918.4 §7.1 B4–B7); a short
//!   buffer is `InvalidLength` and untouched;
//! - a well-formed ciphertext gets the same verdict from RustCrypto `sm2` (same plaintext on
//!   success); an accepted one decrypts to the same plaintext laid out in the other formats.
//!   (RustCrypto's parsers are looser — compressed C1, empty C2 — so malformed input is not
//!   compared.)
//!
//! Layout: the mode (1 byte: bits 0–1 the format, `% 3`; bit 2 set = generate), then
//! - generate: an RNG seed (32 bytes), a mask (length byte + bytes), the message (the rest, at
//!   least 1 byte): gmkit encrypts the message to the fixed key, the mask is XORed over the
//!   ciphertext, and the result must decrypt to the message exactly when the mask is all zero;
//! - otherwise the ciphertext (the rest).

use super::input::Input;
use gmkit::Error;
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{PublicKey, SecretKey};
use rand::SeedableRng;
use sm2::pkcs8::der::Decode as _;

/// The fixed decryption key d.
pub const D: [u8; 32] = [
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95,
    0x88, 0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8,
];

const FORMATS: [Format; 3] = [Format::C1C3C2, Format::C1C2C3, Format::Der];

/// What an untouched output buffer holds.
const FILL: u8 = 0xa5;

/// Run one `sm2_decrypt` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.u8();
    let format = FORMATS[(mode & 3) as usize % 3];
    let secret = SecretKey::from_bytes(&D).expect("D is a valid key");
    if mode & 4 == 0 {
        check(&secret, format, input.rest());
        return;
    }
    let seed: [u8; 32] = input.array();
    let mask = input.field();
    let msg = input.rest();
    if msg.is_empty() {
        return;
    }
    let mut rng = rand::rngs::StdRng::from_seed(seed);
    let mut ct = EncryptingKey::<gmkit::sm3::Sm3>::with_format(*secret.public_key(), format)
        .encrypt(&mut rng, msg)
        .expect("a non-empty message encrypts");
    for (c, m) in ct.iter_mut().zip(mask) {
        *c ^= m;
    }
    let got = check(&secret, format, &ct);
    if mask.iter().take(ct.len()).all(|&m| m == 0) {
        assert_eq!(got.as_deref(), Some(msg), "{format:?}: a valid ciphertext");
    } else {
        assert_eq!(
            got, None,
            "{format:?}: a modified ciphertext was accepted: {ct:02x?}"
        );
    }
}

/// All the checks on one ciphertext; returns the plaintext if it decrypts.
fn check(secret: &SecretKey, format: Format, ct: &[u8]) -> Option<Vec<u8>> {
    let dk = DecryptingKey::<gmkit::sm3::Sm3>::with_format(secret.clone(), format);
    let len = dk.plaintext_len(ct);
    let room = len.unwrap_or(ct.len()) + 8;
    let mut out = vec![FILL; room];
    let res = dk.decrypt_into(ct, &mut out);
    let vec = dk.decrypt(ct);
    let what = format!("{format:?}, {} bytes", ct.len());
    let Some(n) = len else {
        assert_eq!(res, Err(Error::Opaque), "{what}: malformed");
        assert_eq!(vec, Err(Error::Opaque), "{what}: malformed");
        assert!(
            out.iter().all(|&b| b == FILL),
            "{what}: written on a parse error"
        );
        return None;
    };
    assert!(n >= 1, "{what}: empty C2 is malformed");
    assert!(
        out[n..].iter().all(|&b| b == FILL),
        "{what}: written past n"
    );

    // A short buffer is refused before anything is written.
    let mut short = vec![FILL; n - 1];
    assert_eq!(dk.decrypt_into(ct, &mut short), Err(Error::InvalidLength));
    assert!(
        short.iter().all(|&b| b == FILL),
        "{what}: short buffer written"
    );

    let theirs = rustcrypto(format, ct);
    match res {
        Ok(m) => {
            assert_eq!(m, n, "{what}: length");
            assert_eq!(
                vec.as_deref(),
                Ok(&out[..n]),
                "{what}: decrypt vs decrypt_into"
            );
            assert_eq!(theirs.as_deref(), Some(&out[..n]), "{what}: RustCrypto");
            let plain = out[..n].to_vec();
            for (other, bytes) in relayout(format, ct) {
                let dk = DecryptingKey::<gmkit::sm3::Sm3>::with_format(secret.clone(), other);
                assert_eq!(
                    dk.decrypt(&bytes).as_deref(),
                    Ok(&plain[..]),
                    "{what}: as {other:?}"
                );
            }
            Some(plain)
        }
        Err(e) => {
            assert_eq!(e, Error::Opaque, "{what}");
            assert_eq!(vec, Err(Error::Opaque), "{what}");
            assert!(out.iter().all(|&b| b == FILL), "{what}: output touched");
            assert_eq!(
                theirs, None,
                "{what}: RustCrypto accepts what gmkit refuses"
            );
            None
        }
    }
}

/// RustCrypto `sm2`'s decryption of `ct` under [`D`].
fn rustcrypto(format: Format, ct: &[u8]) -> Option<Vec<u8>> {
    let d = sm2::SecretKey::from_slice(&D).expect("D is a valid key");
    let mode = match format {
        Format::C1C2C3 => sm2::pke::Mode::C1C2C3,
        Format::C1C3C2 | Format::Der => sm2::pke::Mode::C1C3C2,
    };
    let dk = sm2::pke::DecryptingKey::new_with_mode(d.to_nonzero_scalar(), mode);
    match format {
        Format::Der => dk.decrypt_der(ct).ok(),
        _ => dk.decrypt(ct).ok(),
    }
}

/// An accepted ciphertext in the two other formats, laid out again from its parts (C1 from the
/// first 65 bytes or the DER INTEGERs; read with RustCrypto's parser, which accepts every
/// ciphertext gmkit does).
fn relayout(format: Format, ct: &[u8]) -> Vec<(Format, Vec<u8>)> {
    let cipher = match format {
        Format::Der => sm2::pke::Cipher::<sm2::Sm2, sm3::Sm3>::from_der(ct).expect("ok"),
        Format::C1C3C2 => sm2::pke::Cipher::from_slice(ct, sm2::pke::Mode::C1C3C2).expect("ok"),
        Format::C1C2C3 => sm2::pke::Cipher::from_slice(ct, sm2::pke::Mode::C1C2C3).expect("ok"),
    };
    let raw = |mode| cipher.to_vec(mode, false).expect("encodable");
    let c1c3c2 = raw(sm2::pke::Mode::C1C3C2);
    // DER from the raw parts: x and y as INTEGERs, C3 and C2 as OCTET STRINGs.
    let (c1, rest) = c1c3c2.split_at(65);
    let (c3, c2) = rest.split_at(32);
    let c1 = PublicKey::from_sec1_bytes(c1).expect("C1 was accepted");
    let der = der_ciphertext(&c1.x(), &c1.y(), c3, c2);
    [
        (Format::C1C3C2, c1c3c2.clone()),
        (Format::C1C2C3, raw(sm2::pke::Mode::C1C2C3)),
        (Format::Der, der),
    ]
    .into_iter()
    .filter(|(f, _)| *f != format)
    .collect()
}

/// GM/T 0009-2012 §7.2 `SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }`
/// (X.690 DER, lengths below 64 KiB), written out here.
fn der_ciphertext(x: &[u8; 32], y: &[u8; 32], c3: &[u8], c2: &[u8]) -> Vec<u8> {
    fn header(tag: u8, len: usize, out: &mut Vec<u8>) {
        out.push(tag);
        match len {
            0..=0x7f => out.push(len as u8),
            0x80..=0xff => out.extend_from_slice(&[0x81, len as u8]),
            _ => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
        }
    }
    fn integer(v: &[u8], out: &mut Vec<u8>) {
        let skip = v.iter().take_while(|&&b| b == 0).count().min(v.len() - 1);
        let v = &v[skip..];
        let pad = usize::from(v[0] & 0x80 != 0);
        header(0x02, v.len() + pad, out);
        out.extend(core::iter::repeat_n(0, pad));
        out.extend_from_slice(v);
    }
    let mut body = Vec::new();
    integer(x, &mut body);
    integer(y, &mut body);
    header(0x04, c3.len(), &mut body);
    body.extend_from_slice(c3);
    header(0x04, c2.len(), &mut body);
    body.extend_from_slice(c2);
    let mut out = Vec::new();
    header(0x30, body.len(), &mut out);
    out.extend_from_slice(&body);
    out
}
