//! Target `sm2_verify`: SM2 signature verification on arbitrary (public key, message, signature)
//! against RustCrypto `sm2`. Never panics; the key parsers agree; the DER and the raw r ‖ s
//! signature parsers agree (same verdict, same r and s); the verification verdicts agree.
//!
//! Layout: the mode (1 byte), the key (length byte + bytes), the signature (length byte + bytes),
//! the message (the rest), under the default ID.
//!
//! - Mode even: the key is a SEC1 point and the signature is taken as given, as DER and as r ‖ s.
//! - Mode odd: the key field is a secret scalar d (zero-padded to 32 bytes); gmkit signs the
//!   message with d and the signature field is XORed over the signature's DER form and its r ‖ s
//!   form before both are verified, so the fuzzer works on valid signatures with few bits changed.
//!   An empty mask must verify on both sides.
//!
//! One divergence is by design and handled here: RustCrypto reads the SEC1 "compact" form `05 ‖ x`
//! (not in SEC1 or GB/T 32918.1 §4.2.9, which gmkit follows and which define only `02`/`03`/`04`
//! points). Such a key must be refused by gmkit; the comparison then continues on the point
//! RustCrypto decoded, handed to gmkit uncompressed.

use super::input::Input;
use gmkit::Error;
use gmkit::sm2::{PublicKey, SecretKey, Signature, SigningKey, VerifyingKey};
use sm2::dsa::signature::Verifier as _;
use sm2::elliptic_curve::sec1::ToSec1Point as _;

/// The default ID, as RustCrypto takes it.
const ID: &str = "1234567812345678";

/// Run one `sm2_verify` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.u8();
    let key = input.field();
    let sig = input.field();
    let msg = input.rest();
    if mode & 1 == 0 {
        let Some((ours, theirs)) = keys(key) else {
            return;
        };
        compare(&ours, &theirs, msg, sig, sig);
    } else {
        let mut d = [0u8; 32];
        d[..key.len().min(32)].copy_from_slice(&key[..key.len().min(32)]);
        let Ok(secret) = SecretKey::from_bytes(&d) else {
            return;
        };
        let signed = SigningKey::new(secret.clone()).sign_deterministic(msg);
        let mask = |b: &[u8]| -> Vec<u8> {
            let mut v = b.to_vec();
            for (x, m) in v.iter_mut().zip(sig) {
                *x ^= m;
            }
            v
        };
        let (der, raw) = (mask(signed.to_der().as_ref()), mask(&signed.to_bytes()));
        let Some((ours, theirs)) = keys(&secret.public_key().to_sec1_uncompressed()) else {
            panic!("a derived public key must parse on both sides");
        };
        let (a, b) = compare(&ours, &theirs, msg, &der, &raw);
        if sig.iter().all(|&m| m == 0) {
            assert!(a && b, "an unmodified signature must verify");
        }
    }
}

/// Parse `key` on both sides. `None` when both refuse it; a panic when only one does, except for
/// RustCrypto's compact form (module docs).
fn keys(key: &[u8]) -> Option<(VerifyingKey, sm2::dsa::VerifyingKey)> {
    let ours = PublicKey::from_sec1_bytes(key);
    let theirs = sm2::PublicKey::from_sec1_bytes(key);
    let (ours, theirs) = match (ours, theirs) {
        (Err(_), Err(_)) => return None,
        (Ok(o), Ok(t)) => {
            let t_bytes = t.to_sec1_point(false);
            assert_eq!(
                &o.to_sec1_uncompressed()[..],
                t_bytes.as_bytes(),
                "the two parsers read different points from {key:02x?}"
            );
            (o, t)
        }
        (Err(e), Ok(t)) => {
            assert!(
                key.len() == 33 && key[0] == 5,
                "RustCrypto accepts a key gmkit refuses ({e}): {key:02x?}"
            );
            assert_eq!(e, Error::InvalidPublicKey, "{key:02x?}");
            let uncompressed = t.to_sec1_point(false);
            let o = PublicKey::from_sec1_bytes(uncompressed.as_bytes())
                .expect("gmkit reads the point RustCrypto decoded");
            (o, t)
        }
        (Ok(o), Err(_)) => panic!("gmkit accepts a key RustCrypto refuses: {o:?} from {key:02x?}"),
    };
    let theirs = sm2::dsa::VerifyingKey::new(ID, theirs).expect("a valid key and a short ID");
    Some((VerifyingKey::new(ours), theirs))
}

/// Verify `der` (as DER) and `raw` (as r ‖ s) over `msg` on both sides; the verdicts must match.
/// Returns the two verdicts.
fn compare(
    ours: &VerifyingKey,
    theirs: &sm2::dsa::VerifyingKey,
    msg: &[u8],
    der: &[u8],
    raw: &[u8],
) -> (bool, bool) {
    let o = Signature::from_der(der);
    let t = sm2::dsa::Signature::from_der(der);
    let der_ok = match (&o, &t) {
        (Ok(o), Ok(t)) => {
            assert_eq!(o.to_bytes()[..], t.to_bytes()[..], "DER r, s: {der:02x?}");
            // Strict DER has one encoding per value: it re-encodes to the input.
            assert_eq!(o.to_der().as_ref(), der, "DER round trip");
            verdicts(ours, theirs, msg, o, t)
        }
        (Err(e), Err(_)) => {
            assert_eq!(*e, Error::InvalidSignature);
            assert_eq!(ours.verify_der(msg, der), Err(Error::InvalidSignature));
            false
        }
        _ => panic!(
            "DER parse verdicts differ on {der:02x?}: gmkit {:?}, RustCrypto {:?}",
            o.is_ok(),
            t.is_ok()
        ),
    };
    if let Ok(o) = &o {
        assert_eq!(ours.verify_der(msg, der).is_ok(), der_ok, "verify_der");
        assert_eq!(Signature::from_slice(&o.to_bytes()).as_ref(), Ok(o));
    }

    let o = Signature::from_slice(raw);
    let t = sm2::dsa::Signature::from_slice(raw);
    let raw_ok = match (&o, &t) {
        (Ok(o), Ok(t)) => {
            assert_eq!(o.to_bytes()[..], raw[..], "r ‖ s round trip");
            assert_eq!(t.to_bytes()[..], raw[..]);
            verdicts(ours, theirs, msg, o, t)
        }
        (Err(e), Err(_)) => {
            assert_eq!(*e, Error::InvalidSignature);
            false
        }
        _ => panic!(
            "r ‖ s parse verdicts differ on {raw:02x?}: gmkit {:?}, RustCrypto {:?}",
            o.is_ok(),
            t.is_ok()
        ),
    };
    (der_ok, raw_ok)
}

/// Verify one parsed signature on both sides; the verdicts must match.
fn verdicts(
    ours: &VerifyingKey,
    theirs: &sm2::dsa::VerifyingKey,
    msg: &[u8],
    o: &Signature,
    t: &sm2::dsa::Signature,
) -> bool {
    let a = ours.verify(msg, o);
    let b = theirs.verify(msg, t);
    assert_eq!(
        a.is_ok(),
        b.is_ok(),
        "verdicts differ: gmkit {a:?}, RustCrypto {b:?} for {o:?} over {msg:02x?} under {:?}",
        ours.public_key()
    );
    if let Err(e) = a {
        assert_eq!(e, Error::InvalidSignature);
    }
    a.is_ok()
}
