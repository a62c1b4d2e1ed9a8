//! The SM2 group types (`vectors/FORMAT.md` §7–8): signing with a given k, verification (of a message with the
//! signer's ID, or of a given e), encryption with a given k, decryption, key exchange with fixed
//! ephemeral keys, and public-key validation.
//!
//! Every group names its curve and carries its parameters. Each test runs on the `sm2` backend
//! the row's choice picks: `soft` (the constant-time code, for groups on sm2p256v1 only —
//! other groups are *not applicable* there) or `generic-vartime` (any prime-field curve).
//! Binary-field curves are unsupported.
//!
//! Beyond the vector's own direction, every valid signing test verifies the signature it made
//! (over the message and over e) and sees a modified message refused; every valid encryption test
//! decrypts the ciphertext it made in each format and sees tampered ones refused; decryption
//! failures must be the opaque error with no plaintext left behind.

use std::boxed::Box;
use std::format;
use std::string::String;
use std::vec::Vec;

use super::hex;
use super::runner::{Cx, Expect, Route, TestFn, failed, garbage, judge, same};
use super::schema::{Fields, Group, Issue, Outcome, Test};
use crate::error::Error;
use crate::registry::{
    BackendChoice, DynSm2, Kind, SM2P256V1, Sm2Backend, Sm2Curve, Sm2Hash, Sm2KexSide,
};
use crate::sm2::Format;

const fn route(group_type: &'static str, target: &'static str, kind: Kind, run: TestFn) -> Route {
    Route {
        algorithms: &[],
        group_type,
        target: Some(target),
        params: &[],
        kind,
        applies: Some(applies),
        run,
    }
}

pub(super) const ROUTES: &[Route] = &[
    route("Sm2SignWithKTest", "SM2-SIGN", Kind::Signature, sign_with_k),
    route("Sm2Verify", "SM2-VERIFY", Kind::Signature, verify),
    route(
        "Sm2VerifyPrehashed",
        "SM2-VERIFY",
        Kind::Signature,
        verify_prehashed,
    ),
    route(
        "Sm2EncryptWithKTest",
        "SM2-ENCRYPT",
        Kind::PkEncryption,
        encrypt_with_k,
    ),
    route("Sm2DecryptTest", "SM2-DECRYPT", Kind::PkEncryption, decrypt),
    route(
        "Sm2KeyExchangeTest",
        "SM2-KEY-EXCHANGE",
        Kind::KeyAgreement,
        key_exchange,
    ),
    route(
        "Sm2PublicKeyTest",
        "SM2-PUBLIC-KEY",
        Kind::PublicKey,
        public_key,
    ),
];

/// The `bmi2-adx` and `soft` backends (the constant-time sm2p256v1 code) run groups on that
/// curve only.
fn applies(g: &Group, choice: &BackendChoice) -> Result<(), String> {
    if !choice
        .get::<Sm2Backend>()
        .is_ok_and(|b| b.field().is_some())
    {
        return Ok(());
    }
    match g.opt_str("curve") {
        Ok(Some(SM2P256V1)) => Ok(()),
        Ok(Some(other)) => Err(format!(
            "the sm2p256v1 SM2 backends run that curve only (this group: {other})"
        )),
        _ => Err("the sm2p256v1 SM2 backends run that curve only (this group names none)".into()),
    }
}

/// The group's curve on the row's backend.
fn instance(cx: &Cx<'_>) -> Result<Box<dyn DynSm2>, Issue> {
    let g = cx.group;
    if g.opt_str("fieldType")? == Some("characteristic-two") {
        return Err(Issue::Unsupported(
            "SM2 over binary-field curves is not implemented".into(),
        ));
    }
    let name = g
        .opt_str("curve")?
        .ok_or_else(|| Issue::Malformed("missing field `curve`".into()))?;
    let [p, a, b, gx, gy, n] = ["p", "a", "b", "gx", "gy", "n"].map(|f| g.hex(f));
    let (p, a, b, gx, gy, n) = (p?, a?, b?, gx?, gy?, n?);
    let curve = Sm2Curve {
        name,
        p: &p,
        a: &a,
        b: &b,
        gx: &gx,
        gy: &gy,
        n: &n,
        h: g.uint("h")?,
    };
    if name == SM2P256V1 && !curve.is_sm2p256v1() {
        return Err(Issue::Malformed(
            "the group names sm2p256v1 but gives other parameters".into(),
        ));
    }
    cx.alg.sm2(&curve, cx.choice).map_err(|e| {
        Issue::Malformed(format!(
            "curve {name:?} refused by {}: {e}",
            cx.choice.label()
        ))
    })
}

fn hash_of(g: &Group) -> Result<Sm2Hash, Issue> {
    match g.opt_str("hash")? {
        Some("SM3") => Ok(Sm2Hash::Sm3),
        Some("SHA-256") => Ok(Sm2Hash::Sha256),
        Some(other) => Err(Issue::Unsupported(format!(
            "SM2 encryption with hash {other:?} is not implemented"
        ))),
        None => Err(Issue::Malformed("missing field `hash`".into())),
    }
}

fn format_of(name: &str) -> Result<Format, Issue> {
    match name {
        "C1C3C2" => Ok(Format::C1C3C2),
        "C1C2C3" => Ok(Format::C1C2C3),
        "DER" => Ok(Format::Der),
        other => Err(Issue::Unsupported(format!(
            "SM2 ciphertext encoding {other:?} is not implemented"
        ))),
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

/// For verification: `valid` accepts, `invalid` is refused.
fn accepts(expect: Expect, what: &str, result: crate::error::Result<()>) -> Outcome {
    match (expect, result) {
        (Expect::Valid, Ok(())) | (Expect::Invalid, Err(_)) => Ok(()),
        (Expect::Valid, Err(e)) => Err(failed(what, e)),
        (Expect::Invalid, Ok(())) => Err(Issue::Fail(format!("{what} accepted an invalid test"))),
    }
}

fn must_refuse(what: &str, result: crate::error::Result<()>) -> Outcome {
    match result {
        Ok(()) => Err(Issue::Fail(format!("{what} was accepted"))),
        Err(_) => Ok(()),
    }
}

fn sign_with_k(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let [d, public, uid, msg, k, za, e, r, s, sig] =
        ["d", "pub", "uid", "msg", "k", "za", "e", "r", "s", "sig"].map(|f| t.hex(f));
    let (d, public, uid, msg, k) = (d?, public?, uid?, msg?, k?);
    let (za, e, r, s, sig) = (za?, e?, r?, s?, sig?);
    let checks = || -> Outcome {
        let derived = sm2.derive_public(&d).map_err(|e| failed("[d]G", e))?;
        same("public key [d]G", &derived, &public)?;
        let got = sm2.za(&uid, &public).map_err(|e| failed("Z_A", e))?;
        same("Z_A", &got, &za)?;
        let got = sm2
            .digest(&uid, &public, &msg)
            .map_err(|e| failed("e", e))?;
        same("e = SM3(Z_A ‖ M)", &got, &e)?;
        let signed = sm2
            .sign_prehashed_with_k(&d, &e, &k)
            .map_err(|e| failed("signing", e))?;
        same("r", &signed.r, &r)?;
        same("s", &signed.s, &s)?;
        if let Some(der) = &signed.der {
            same("DER signature", der, &sig)?;
        }
        // The other direction: the signature verifies, over M and over e; a changed M fails.
        sm2.verify(&public, &uid, &msg, &sig)
            .map_err(|e| failed("verification of the signature", e))?;
        sm2.verify_prehashed(&public, &e, &sig)
            .map_err(|e| failed("verification against e", e))?;
        must_refuse(
            "the signature over a modified message",
            sm2.verify(&public, &uid, &modified(&msg), &sig),
        )
    };
    judge(expect, checks())
}

fn verify(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let (public, uid) = (cx.group.hex("publicKey")?, cx.group.hex("uid")?);
    let (msg, sig) = (t.hex("msg")?, t.hex("sig")?);
    accepts(
        expect,
        "verification",
        sm2.verify(&public, &uid, &msg, &sig),
    )?;
    if expect == Expect::Valid {
        let e = sm2
            .digest(&uid, &public, &msg)
            .map_err(|e| failed("e", e))?;
        accepts(
            expect,
            "verification against e",
            sm2.verify_prehashed(&public, &e, &sig),
        )?;
        must_refuse(
            "the signature over a modified message",
            sm2.verify(&public, &uid, &modified(&msg), &sig),
        )?;
    }
    Ok(())
}

fn verify_prehashed(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let public = cx.group.hex("publicKey")?;
    let (e, sig) = (t.hex("e")?, t.hex("sig")?);
    accepts(
        expect,
        "verification",
        sm2.verify_prehashed(&public, &e, &sig),
    )?;
    if expect == Expect::Valid {
        must_refuse(
            "the signature against a modified e",
            sm2.verify_prehashed(&public, &modified(&e), &sig),
        )?;
    }
    Ok(())
}

/// Decrypt into a buffer of garbage; on failure the buffer must hold no plaintext (each byte
/// left as it was, or zeroed).
fn decrypt_checked(
    sm2: &dyn DynSm2,
    hash: Sm2Hash,
    d: &[u8],
    ct: &[u8],
    format: Format,
) -> Result<crate::error::Result<Vec<u8>>, Issue> {
    let before = garbage(ct.len());
    let mut out = before.clone();
    let into = match sm2.decrypt_into(hash, d, ct, format, &mut out) {
        Ok(n) => Ok(out[..n].to_vec()),
        Err(e) if out.iter().zip(&before).all(|(&o, &b)| o == b || o == 0) => Err(e),
        Err(e) => {
            return Err(Issue::Fail(format!(
                "decryption failed ({e}) but left bytes in the output: {}",
                hex::excerpt(&out)
            )));
        }
    };
    // The allocating form agrees.
    let vec = sm2.decrypt(hash, d, ct, format);
    if vec != into {
        return Err(Issue::Fail(format!(
            "decrypt_into gave {into:?} but decrypt {vec:?}"
        )));
    }
    Ok(into)
}

/// A refused decryption must be the opaque error, with no plaintext.
fn refused_opaquely(what: &str, got: crate::error::Result<Vec<u8>>) -> Outcome {
    match got {
        Err(Error::Opaque) => Ok(()),
        Err(e) => Err(Issue::Fail(format!(
            "{what} was refused with \"{e}\", not the opaque error"
        ))),
        Ok(m) => Err(Issue::Fail(format!(
            "{what} was accepted, giving {}",
            hex::excerpt(&m)
        ))),
    }
}

fn encrypt_with_k(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let hash = hash_of(cx.group)?;
    let [d, public, msg, k, c1, c3, c2, c1c3c2, c1c2c3] = [
        "d", "pub", "msg", "k", "c1", "c3", "c2", "ctC1C3C2", "ctC1C2C3",
    ]
    .map(|f| t.hex(f));
    let (d, public, msg, k) = (d?, public?, msg?, k?);
    let (c1, c3, c2, c1c3c2, c1c2c3) = (c1?, c3?, c2?, c1c3c2?, c1c2c3?);
    if c1c3c2 != [&c1[..], &c3, &c2].concat() || c1c2c3 != [&c1[..], &c2, &c3].concat() {
        return Err(Issue::Malformed(
            "ctC1C3C2 / ctC1C2C3 are not c1, c2 and c3 in that order".into(),
        ));
    }
    let mut wants = std::vec![(Format::C1C3C2, c1c3c2), (Format::C1C2C3, c1c2c3)];
    if let Some(der) = t.opt_hex("ctDer")? {
        wants.push((Format::Der, der));
    }
    let checks = || -> Outcome {
        let derived = sm2.derive_public(&d).map_err(|e| failed("[d]G", e))?;
        same("public key [d]G", &derived, &public)?;
        for (format, want) in &wants {
            let name = format!("{format:?}");
            let ct = sm2
                .encrypt_with_k(hash, &public, &msg, &k, *format)
                .map_err(|e| failed(&format!("encryption ({name})"), e))?;
            same(&format!("ciphertext ({name})"), &ct, want)?;
            // The other direction, and tampering refused.
            match decrypt_checked(&*sm2, hash, &d, &ct, *format)? {
                Ok(m) => same(&format!("decryption of the ciphertext ({name})"), &m, &msg)?,
                Err(e) => return Err(failed(&format!("decryption ({name})"), e)),
            }
            let mut spots = std::vec![ct.len() - 1];
            if *format != Format::Der {
                spots.push(c1.len());
            }
            for i in spots {
                let mut bad = ct.clone();
                bad[i] ^= 1;
                let got = decrypt_checked(&*sm2, hash, &d, &bad, *format)?;
                refused_opaquely(
                    &format!("the ciphertext ({name}) with byte {i} changed"),
                    got,
                )?;
            }
        }
        Ok(())
    };
    judge(expect, checks())
}

fn decrypt(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let g = cx.group;
    let hash = hash_of(g)?;
    let format = format_of(
        g.opt_str("encoding")?
            .ok_or_else(|| Issue::Malformed("missing field `encoding`".into()))?,
    )?;
    let (d, public) = (g.hex("d")?, g.hex("publicKey")?);
    let (ct, msg) = (t.hex("ct")?, t.hex("msg")?);
    let got = decrypt_checked(&*sm2, hash, &d, &ct, format)?;
    match expect {
        Expect::Invalid => refused_opaquely("the ciphertext", got),
        Expect::Valid => {
            let derived = sm2.derive_public(&d).map_err(|e| failed("[d]G", e))?;
            same("the group's public key [d]G", &derived, &public)?;
            let m = got.map_err(|e| failed("decryption", e))?;
            same("plaintext", &m, &msg)
        }
    }
}

fn key_exchange(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let fields = [
        "idA", "dA", "pubA", "rA", "RA", "idB", "dB", "pubB", "rB", "RB", "zA", "zB", "u", "k",
        "sB", "sA",
    ]
    .map(|f| t.hex(f));
    let [
        id_a,
        d_a,
        pub_a,
        r_a,
        big_ra,
        id_b,
        d_b,
        pub_b,
        r_b,
        big_rb,
        za,
        zb,
        u,
        k,
        sb,
        sa,
    ] = fields;
    let (id_a, d_a, pub_a, r_a, big_ra) = (id_a?, d_a?, pub_a?, r_a?, big_ra?);
    let (id_b, d_b, pub_b, r_b, big_rb) = (id_b?, d_b?, pub_b?, r_b?, big_rb?);
    let (za, zb, u, k, sb, sa) = (za?, zb?, u?, k?, sb?, sa?);
    let klen = usize::try_from(t.uint("klen")?)
        .map_err(|_| Issue::Malformed("`klen` is too large".into()))?;
    let a = Sm2KexSide {
        initiator: true,
        d: &d_a,
        r: &r_a,
        id: &id_a,
        peer_public: &pub_b,
        peer_ephemeral: &big_rb,
        peer_id: &id_b,
        peer_confirmation: Some(&sb),
    };
    let b = Sm2KexSide {
        initiator: false,
        d: &d_b,
        r: &r_b,
        id: &id_b,
        peer_public: &pub_a,
        peer_ephemeral: &big_ra,
        peer_id: &id_a,
        peer_confirmation: Some(&sa),
    };
    let (out_a, out_b) = (sm2.key_exchange(&a, klen), sm2.key_exchange(&b, klen));
    if expect == Expect::Invalid {
        // An invalid point sent by one side must be refused by the other.
        return match (out_a, out_b) {
            (Ok(_), Ok(_)) => Err(Issue::Fail("both sides completed the exchange".into())),
            _ => Ok(()),
        };
    }
    // RA and RB need no check of their own: S_B and S_A hash each side's own R, derived from r.
    for (what, d, want) in [("[dA]G", &d_a, &pub_a), ("[dB]G", &d_b, &pub_b)] {
        let got = sm2.derive_public(d).map_err(|e| failed(what, e))?;
        same(what, &got, want)?;
    }
    same(
        "Z_A",
        &sm2.za(&id_a, &pub_a).map_err(|e| failed("Z_A", e))?,
        &za,
    )?;
    same(
        "Z_B",
        &sm2.za(&id_b, &pub_b).map_err(|e| failed("Z_B", e))?,
        &zb,
    )?;
    for (side, out, sends) in [("A", out_a, &sa), ("B", out_b, &sb)] {
        let out = out.map_err(|e| failed(&format!("side {side}"), e))?;
        same(&format!("K at {side}"), &out.key, &k)?;
        if let Some(point) = &out.point {
            same(&format!("U/V at {side}"), point, &u)?;
        }
        same(&format!("S_B at {side}"), &out.s_b, &sb)?;
        same(&format!("S_A at {side}"), &out.s_a, &sa)?;
        same(
            &format!("the confirmation {side} sends"),
            &out.to_send,
            sends,
        )?;
    }
    // A wrong confirmation from the peer is refused (A10 / B10).
    let bad = modified(&sb);
    let a = Sm2KexSide {
        peer_confirmation: Some(&bad),
        ..a
    };
    match sm2.key_exchange(&a, klen) {
        Err(Error::Opaque) => Ok(()),
        Err(e) => Err(Issue::Fail(format!(
            "a wrong S_B was refused with \"{e}\", not the opaque error"
        ))),
        Ok(_) => Err(Issue::Fail("side A accepted a wrong S_B".into())),
    }
}

fn public_key(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let sm2 = instance(cx)?;
    let pk = t.hex("publicKey")?;
    let got = sm2.public_key(&pk);
    if expect == Expect::Invalid {
        return match got {
            Ok(point) => Err(Issue::Fail(format!(
                "validation accepted the point as {}",
                hex::excerpt(&point)
            ))),
            Err(_) => Ok(()),
        };
    }
    let point = got.map_err(|e| failed("validation", e))?;
    match pk.first() {
        Some(4) => same("the point", &point, &pk),
        Some(tag @ (2 | 3)) => {
            same("x", &point[1..1 + pk.len() - 1], &pk[1..])?;
            let odd = point.last().map(|y| y & 1);
            if odd == Some(tag & 1) {
                Ok(())
            } else {
                Err(Issue::Fail(format!(
                    "y of the decompressed point {} has the wrong parity",
                    hex::excerpt(&point)
                )))
            }
        }
        _ => Err(Issue::Fail(format!(
            "a point with prefix {:?} was accepted",
            pk.first()
        ))),
    }
}
