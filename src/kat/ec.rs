//! Wycheproof's ECDSA and ECDH group types over secp256r1 (P-256): `EcdsaVerify` (DER
//! signatures), `EcdsaP1363Verify` (r ‖ s), `EcdsaPublicKeyValidation`, `EcdhTest` (the peer's
//! key as a SubjectPublicKeyInfo) and `EcdhEcpointTest` (as a SEC1 point); and our
//! `EcdsaSignWithKTest` (signing with a given k, in the group's `encoding`). Other curves and
//! hashes are unsupported.
//!
//! A valid signature must verify and fail over a modified message; an invalid one, or an
//! invalid public key, must be refused. ECDH must give exactly `shared`, or refuse. Signing
//! with k must give exactly `r` and `s` (and `sig`), and the signature made must verify; an
//! invalid signing test passes when some of that fails.

use std::format;
use std::vec::Vec;

use super::runner::{Cx, Expect, Route, TestFn, failed, garbage, judge, refused, same, setup};
use super::schema::{Fields, Group, Issue, Outcome, Test};
use crate::registry::{Kind, PeerEncoding, SigEncoding, ecdsa_p256};
use serde_json::Value;

const fn route(group_type: &'static str, target: &'static str, kind: Kind, run: TestFn) -> Route {
    Route {
        algorithms: &[],
        group_type,
        target: Some(target),
        params: &[],
        kind,
        applies: None,
        run,
    }
}

pub(super) const ROUTES: &[Route] = &[
    route("EcdsaVerify", "ECDSA-P256", Kind::Signature, ecdsa_der),
    route(
        "EcdsaP1363Verify",
        "ECDSA-P256",
        Kind::Signature,
        ecdsa_p1363,
    ),
    route(
        "EcdsaPublicKeyValidation",
        "ECDSA-P256",
        Kind::Signature,
        ecdsa_public_key,
    ),
    route(
        "EcdsaSignWithKTest",
        "ECDSA-P256-SIGN",
        Kind::Signature,
        ecdsa_sign_with_k,
    ),
    route("EcdhTest", "ECDH-P256", Kind::KeyAgreement, ecdh_spki),
    route(
        "EcdhEcpointTest",
        "ECDH-P256",
        Kind::KeyAgreement,
        ecdh_ecpoint,
    ),
];

const P256: &str = "secp256r1";

/// The group's curve: `curve`, or the `curve` of a Wycheproof `publicKey` object.
fn curve(g: &Group) -> Result<&str, Issue> {
    if let Some(c) = g.opt_str("curve")? {
        return Ok(c);
    }
    match g.fields.get("publicKey").and_then(|k| k.get("curve")) {
        Some(Value::String(c)) => Ok(c),
        _ => Err(Issue::Malformed("the group names no curve".into())),
    }
}

fn require_p256(g: &Group, with_sha: bool) -> Result<(), Issue> {
    let c = curve(g)?;
    let sha = match with_sha {
        true => Some(
            g.opt_str("sha")?
                .ok_or_else(|| Issue::Malformed("missing field `sha`".into()))?,
        ),
        false => None,
    };
    if c == P256 && sha.is_none_or(|h| h == "SHA-256") {
        return Ok(());
    }
    Err(Issue::Unsupported(format!(
        "{c}{} is not implemented (P-256 with SHA-256 is)",
        sha.map(|h| format!(" with {h}")).unwrap_or_default()
    )))
}

/// The group's public key as SEC1: a hex string, or Wycheproof's object with `uncompressed`.
fn group_public_key(g: &Group) -> Result<Vec<u8>, Issue> {
    match g.fields.get("publicKey") {
        Some(Value::Object(o)) => match o.get("uncompressed") {
            Some(Value::String(s)) => super::hex::decode(s)
                .map_err(|e| Issue::Malformed(format!("field `publicKey.uncompressed`: {e}"))),
            _ => Err(Issue::Malformed(
                "the `publicKey` object has no hex `uncompressed`".into(),
            )),
        },
        _ => g.hex("publicKey"),
    }
}

/// A one-bit change of `msg` (a byte appended if it is empty).
fn modified(msg: &[u8]) -> Vec<u8> {
    let mut m = msg.to_vec();
    match m.last_mut() {
        Some(b) => *b ^= 1,
        None => m.push(0),
    }
    m
}

fn ecdsa(cx: &Cx<'_>, t: &Test, expect: Expect, encoding: SigEncoding) -> Outcome {
    require_p256(cx.group, true)?;
    let public = group_public_key(cx.group)?;
    let (msg, sig) = (t.hex("msg")?, t.hex("sig")?);
    let Some(v) = setup(expect, cx.alg.verifier(&public, encoding, cx.choice))? else {
        return Ok(());
    };
    match (expect, v.verify(&msg, &sig)) {
        (Expect::Invalid, Ok(())) => Err(Issue::Fail(
            "verification accepted an invalid signature".into(),
        )),
        (Expect::Invalid, Err(_)) => Ok(()),
        (Expect::Valid, Err(e)) => Err(failed("verification", e)),
        (Expect::Valid, Ok(())) => match v.verify(&modified(&msg), &sig) {
            Ok(()) => Err(Issue::Fail(
                "the signature verified over a modified message".into(),
            )),
            Err(_) => Ok(()),
        },
    }
}

fn ecdsa_der(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    ecdsa(cx, t, expect, SigEncoding::Der)
}

fn ecdsa_p1363(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    ecdsa(cx, t, expect, SigEncoding::P1363)
}

/// A big-endian integer as exactly `len` bytes, if it fits (leading zero bytes dropped).
fn fixed_width(v: &[u8], len: usize) -> Option<Vec<u8>> {
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    let v = &v[start..];
    (v.len() <= len).then(|| [&std::vec![0u8; len - v.len()][..], v].concat())
}

/// The group's signature encoding: `encoding` `DER` (the default) or `P1363`.
fn sig_encoding(g: &Group) -> Result<SigEncoding, Issue> {
    match g.opt_str("encoding")? {
        None | Some("DER") => Ok(SigEncoding::Der),
        Some("P1363") => Ok(SigEncoding::P1363),
        Some(other) => Err(Issue::Unsupported(format!(
            "ECDSA signature encoding {other:?} is not implemented (DER and P1363 are)"
        ))),
    }
}

/// FIPS 186-5 §6.4.1 with the vector's k: r and s as given (compared as 32-byte integers, so
/// leading zero bytes do not matter), `sig` if present exactly as given in the group's encoding,
/// `pub` if present equal to \[d\]G; then the signature made verifies under \[d\]G and not over a
/// modified message.
fn ecdsa_sign_with_k(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    require_p256(cx.group, true)?;
    let encoding = sig_encoding(cx.group)?;
    let [d, k, msg, r, s] = ["d", "k", "msg", "r", "s"].map(|f| t.hex(f));
    let (d, k, msg, r, s) = (d?, k?, msg?, r?, s?);
    let (sig, public) = (t.opt_hex("sig")?, t.opt_hex("pub")?);
    // Integers as 32 bytes where they fit; wider ones go on as they are and are refused.
    let int = |v: &[u8]| fixed_width(v, 32).unwrap_or_else(|| v.to_vec());
    let Some(key) = setup(expect, cx.alg.signer_with_k(&int(&d), cx.choice))? else {
        return Ok(());
    };
    let checks = || -> Outcome {
        let own = key.public_key();
        if let Some(public) = &public {
            same("public key [d]G", &own, public)?;
        }
        let signed = key
            .sign_with_k(&msg, &int(&k))
            .map_err(|e| failed("signing", e))?;
        same("r", &signed.r, &int(&r))?;
        same("s", &signed.s, &int(&s))?;
        let made = match encoding {
            SigEncoding::Der => &signed.der,
            SigEncoding::P1363 => &signed.p1363,
        };
        if let Some(sig) = &sig {
            same(&format!("signature ({encoding:?})"), made, sig)?;
        }
        // The other direction, through the ECDSA-P256 verifier.
        let v = ecdsa_p256(&own, encoding, cx.choice).map_err(|e| failed("[d]G", e))?;
        v.verify(&msg, made)
            .map_err(|e| failed("verification of the signature", e))?;
        match v.verify(&modified(&msg), made) {
            Ok(()) => Err(Issue::Fail(
                "the signature verified over a modified message".into(),
            )),
            Err(_) => Ok(()),
        }
    };
    judge(expect, checks())
}

fn ecdsa_public_key(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    require_p256(cx.group, false)?;
    let (x, y) = (t.hex("x")?, t.hex("y")?);
    // Coordinates wider than the field cannot be below p.
    let (Some(x), Some(y)) = (fixed_width(&x, 32), fixed_width(&y, 32)) else {
        return refused(expect, "public key", crate::Error::InvalidPublicKey);
    };
    let sec1 = [&[4u8][..], &x, &y].concat();
    match (expect, cx.alg.verifier(&sec1, SigEncoding::Der, cx.choice)) {
        (Expect::Valid, Ok(_)) | (Expect::Invalid, Err(_)) => Ok(()),
        (Expect::Valid, Err(e)) => Err(failed("public key validation", e)),
        (Expect::Invalid, Ok(_)) => Err(Issue::Fail(
            "public key validation accepted an invalid point".into(),
        )),
    }
}

fn ecdh(cx: &Cx<'_>, t: &Test, expect: Expect, encoding: PeerEncoding) -> Outcome {
    require_p256(cx.group, false)?;
    let (public, private, shared) = (t.hex("public")?, t.hex("private")?, t.hex("shared")?);
    // Wycheproof writes the private key as a signed integer (a leading 00 when the top bit is set).
    let private = fixed_width(&private, 32)
        .ok_or_else(|| Issue::Malformed("`private` is wider than 32 bytes".into()))?;
    let Some(key) = setup(expect, cx.alg.key_agreement(&private, cx.choice))? else {
        return Ok(());
    };
    let mut out = garbage(32);
    match (expect, key.agree(&public, encoding, &mut out)) {
        (Expect::Invalid, Ok(())) => Err(Issue::Fail(format!(
            "key agreement accepted the peer key, giving {}",
            super::hex::excerpt(&out)
        ))),
        (Expect::Invalid, Err(_)) => Ok(()),
        (Expect::Valid, Err(e)) => Err(failed("key agreement", e)),
        (Expect::Valid, Ok(())) => same("shared secret", &out, &shared),
    }
}

fn ecdh_spki(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    ecdh(cx, t, expect, PeerEncoding::Spki)
}

fn ecdh_ecpoint(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    ecdh(cx, t, expect, PeerEncoding::Sec1)
}
