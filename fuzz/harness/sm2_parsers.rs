//! Target `sm2_parsers`: gmkit's SM2 parsers on arbitrary bytes — DER and r ‖ s signatures, SEC1
//! points (compressed and uncompressed), SubjectPublicKeyInfo DER/PEM, PKCS#8 DER/PEM, SEC1
//! `ECPrivateKey` DER/PEM, raw secret scalars. Never panics; whatever is accepted re-encodes
//! (every encoder gmkit has for that value) to bytes that parse back to the same value, and an
//! input already in gmkit's own layout re-encodes to itself.
//!
//! Layout: the parser (1 byte, [`Parser::from_byte`]; bit 7 set = generate), then
//! - generate: a secret scalar d (32 bytes), an offset (1 byte), a mask (length byte + bytes),
//!   the message signed for the signature parsers (the rest): gmkit encodes the value made from d
//!   in the parser's format (bit 6 picks compressed points / the SEC1 PEM), the mask is XORed in
//!   at the offset, and the result goes to the parser, which must give the original value back
//!   when the mask is all zero;
//! - otherwise the input to the parser (the rest).

use super::input::Input;
use gmkit::Error;
use gmkit::sm2::{PublicKey, SecretKey, Signature, SigningKey};

/// The parsers, in the order the parser byte selects them (modulo their count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parser {
    /// [`Signature::from_der`].
    SigDer,
    /// [`Signature::from_slice`] (r ‖ s).
    SigRaw,
    /// [`PublicKey::from_sec1_bytes`].
    Sec1Point,
    /// [`PublicKey::from_public_key_der`].
    SpkiDer,
    /// [`PublicKey::from_public_key_pem`].
    SpkiPem,
    /// [`SecretKey::from_pkcs8_der`].
    Pkcs8Der,
    /// [`SecretKey::from_sec1_der`].
    Sec1Der,
    /// [`SecretKey::from_pem`] (PKCS#8 or SEC1).
    KeyPem,
    /// [`SecretKey::from_slice`].
    Scalar,
}

impl Parser {
    /// Every parser.
    pub const ALL: [Parser; 9] = [
        Parser::SigDer,
        Parser::SigRaw,
        Parser::Sec1Point,
        Parser::SpkiDer,
        Parser::SpkiPem,
        Parser::Pkcs8Der,
        Parser::Sec1Der,
        Parser::KeyPem,
        Parser::Scalar,
    ];

    /// The parser a byte selects (its low 6 bits).
    pub fn from_byte(b: u8) -> Parser {
        Parser::ALL[(b & 0x3f) as usize % Parser::ALL.len()]
    }
}

/// A parsed value.
#[derive(Debug, PartialEq, Eq)]
enum Value {
    Sig(Signature),
    Public(PublicKey),
    /// A secret key, as its scalar and public key.
    Secret([u8; 32], PublicKey),
}

fn secret(k: &SecretKey) -> Value {
    Value::Secret(*k.to_bytes(), *k.public_key())
}

/// Run one `sm2_parsers` case; panics on any violation.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let sel = input.u8();
    let parser = Parser::from_byte(sel);
    if sel & 0x80 == 0 {
        check(parser, input.rest());
        return;
    }
    let d: [u8; 32] = input.array();
    let offset = input.u8() as usize;
    let mask = input.field();
    let msg = input.rest();
    let Ok(key) = SecretKey::from_bytes(&d) else {
        return;
    };
    let alt = sel & 0x40 != 0;
    let sig = SigningKey::new(key.clone()).sign_deterministic(msg);
    let public = *key.public_key();
    let (mut bytes, want) = match parser {
        Parser::SigDer => (sig.to_der().as_ref().to_vec(), Value::Sig(sig)),
        Parser::SigRaw => (sig.to_bytes().to_vec(), Value::Sig(sig)),
        Parser::Sec1Point if alt => (public.to_sec1_compressed().to_vec(), Value::Public(public)),
        Parser::Sec1Point => (
            public.to_sec1_uncompressed().to_vec(),
            Value::Public(public),
        ),
        Parser::SpkiDer => (public.to_public_key_der().to_vec(), Value::Public(public)),
        Parser::SpkiPem => (
            public.to_public_key_pem().into_bytes(),
            Value::Public(public),
        ),
        Parser::Pkcs8Der => (key.to_pkcs8_der().to_vec(), secret(&key)),
        Parser::Sec1Der => (key.to_sec1_der().to_vec(), secret(&key)),
        Parser::KeyPem if alt => (key.to_sec1_pem().as_bytes().to_vec(), secret(&key)),
        Parser::KeyPem => (key.to_pkcs8_pem().as_bytes().to_vec(), secret(&key)),
        Parser::Scalar => (d.to_vec(), secret(&key)),
    };
    let at = offset.min(bytes.len());
    for (b, m) in bytes[at..].iter_mut().zip(mask) {
        *b ^= m;
    }
    let got = check(parser, &bytes);
    if mask.iter().take(bytes.len() - at).all(|&m| m == 0) {
        assert_eq!(got, Some(want), "{parser:?}: gmkit's own encoding");
    }
}

/// Parse `b` with `parser`; on success check the round trips and return the value.
fn check(parser: Parser, b: &[u8]) -> Option<Value> {
    let text = core::str::from_utf8(b);
    let value = match parser {
        Parser::SigDer => Signature::from_der(b).map(Value::Sig),
        Parser::SigRaw => Signature::from_slice(b).map(Value::Sig),
        Parser::Sec1Point => PublicKey::from_sec1_bytes(b).map(Value::Public),
        Parser::SpkiDer => PublicKey::from_public_key_der(b).map(Value::Public),
        Parser::SpkiPem => match text {
            Ok(t) => PublicKey::from_public_key_pem(t).map(Value::Public),
            Err(_) => return None,
        },
        Parser::Pkcs8Der => SecretKey::from_pkcs8_der(b).map(|k| secret(&k)),
        Parser::Sec1Der => SecretKey::from_sec1_der(b).map(|k| secret(&k)),
        Parser::KeyPem => match text {
            Ok(t) => SecretKey::from_pem(t).map(|k| secret(&k)),
            Err(_) => return None,
        },
        Parser::Scalar => SecretKey::from_slice(b).map(|k| secret(&k)),
    };
    let value = match value {
        Ok(v) => v,
        Err(e) => {
            let expected: &[Error] = match parser {
                Parser::SigDer | Parser::SigRaw => &[Error::InvalidSignature],
                Parser::Sec1Point => &[Error::InvalidPublicKey],
                Parser::SpkiDer | Parser::SpkiPem => {
                    &[Error::InvalidEncoding, Error::InvalidPublicKey]
                }
                Parser::Scalar => &[Error::InvalidPrivateKey],
                Parser::Pkcs8Der | Parser::Sec1Der | Parser::KeyPem => &[
                    Error::InvalidEncoding,
                    Error::InvalidPrivateKey,
                    Error::InvalidPublicKey,
                ],
            };
            assert!(expected.contains(&e), "{parser:?}: unexpected error {e:?}");
            return None;
        }
    };
    match &value {
        Value::Sig(s) => {
            // Strict DER and the fixed 64 bytes: one encoding per value.
            assert_eq!(Signature::from_der(s.to_der().as_ref()).as_ref(), Ok(s));
            assert_eq!(Signature::from_bytes(&s.to_bytes()).as_ref(), Ok(s));
            let own = match parser {
                Parser::SigDer => s.to_der().as_ref().to_vec(),
                _ => s.to_bytes().to_vec(),
            };
            assert_eq!(own, b, "{parser:?}: re-encodes to the input");
        }
        Value::Public(p) => {
            let u = p.to_sec1_uncompressed();
            let c = p.to_sec1_compressed();
            for enc in [&u[..], &c[..]] {
                assert_eq!(PublicKey::from_sec1_bytes(enc).as_ref(), Ok(p));
            }
            let der = p.to_public_key_der();
            assert_eq!(PublicKey::from_public_key_der(&der).as_ref(), Ok(p));
            assert_eq!(
                PublicKey::from_public_key_pem(&p.to_public_key_pem()).as_ref(),
                Ok(p)
            );
            match parser {
                Parser::Sec1Point if b.len() == u.len() => assert_eq!(b, u, "uncompressed"),
                Parser::Sec1Point => assert_eq!(b, c, "compressed"),
                // The only 91-byte SubjectPublicKeyInfo holds the uncompressed point.
                Parser::SpkiDer if b.len() == der.len() => assert_eq!(b, der, "SPKI"),
                _ => {}
            }
        }
        Value::Secret(d, public) => {
            let k = SecretKey::from_bytes(d).expect("an accepted scalar");
            assert_eq!(k.public_key(), public, "public key of d");
            let pkcs8 = k.to_pkcs8_der();
            let sec1 = k.to_sec1_der();
            for again in [
                SecretKey::from_pkcs8_der(&pkcs8[..]),
                SecretKey::from_sec1_der(&sec1[..]),
                SecretKey::from_pem(&k.to_pkcs8_pem()),
                SecretKey::from_pem(&k.to_sec1_pem()),
            ] {
                assert_eq!(again.map(|k| secret(&k)).as_ref(), Ok(&value));
            }
            // gmkit's own layouts (PKCS#8 with the public key and without the curve, SEC1 with
            // both) have one DER encoding each.
            match parser {
                Parser::Pkcs8Der if b.len() == pkcs8.len() => assert_eq!(b, &pkcs8[..], "PKCS#8"),
                Parser::Sec1Der if b.len() == sec1.len() => assert_eq!(b, &sec1[..], "SEC1"),
                Parser::Scalar => assert_eq!(b, &d[..], "scalar"),
                _ => {}
            }
        }
    }
    Some(value)
}
