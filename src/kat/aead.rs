//! `AeadTest`: SM4-GCM, SM4-CCM, AES-GCM (the IV is the bare nonce). The tag length belongs to
//! the instance: each test keys it for its `tag`'s length (the group's `tagSize`) through
//! `with_tag_len` — short GCM and CCM tags need `hazmat`, which `kat` implies.

use std::format;
use std::vec::Vec;

use super::mac::tampered;
use super::runner::{Cx, Expect, Route, failed, garbage, same, setup, tag_size_settles};
use super::schema::{Fields, Issue, Outcome, Test};
use crate::registry::{DynAead, Kind};

pub(super) const ROUTES: &[Route] = &[Route {
    algorithms: &[],
    group_type: "AeadTest",
    target: None,
    params: &[],
    kind: Kind::Aead,
    applies: None,
    run: aead_test,
}];

/// Decryption of (`aad`, `ct`, `tag`) must fail and leave the buffer as it was.
fn must_reject(
    a: &dyn DynAead,
    iv: &[u8],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
    what: &str,
) -> Outcome {
    let mut buf = ct.to_vec();
    if a.open_in_place_detached(iv, aad, &mut buf, tag).is_ok() {
        return Err(Issue::Fail(format!("decryption accepted {what}")));
    }
    same(&format!("buffer after rejecting {what}"), &buf, ct)?;
    if tag.len() == a.tag_len() && a.open(iv, aad, &[ct, tag].concat()).is_ok() {
        return Err(Issue::Fail(format!("open (ct ‖ tag) accepted {what}")));
    }
    Ok(())
}

fn aead_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let key = t.hex("key")?;
    let iv = t.hex("iv")?;
    let aad = t.hex("aad")?;
    let msg = t.hex("msg")?;
    let ct = t.hex("ct")?;
    let tag = t.hex("tag")?;
    if tag_size_settles(cx, &tag, expect)? {
        return Ok(());
    }
    let keyed = cx.alg.aead(&key, cx.choice);
    let Some(a) = setup(expect, keyed.and_then(|a| a.with_tag_len(tag.len())))? else {
        return Ok(());
    };
    if expect == Expect::Invalid {
        return must_reject(&*a, &iv, &aad, &ct, &tag, "an invalid test");
    }

    // Decryption in place.
    let mut buf = ct.clone();
    a.open_in_place_detached(&iv, &aad, &mut buf, &tag)
        .map_err(|e| failed("decryption", e))?;
    same("decryption in place", &buf, &msg)?;

    // Encryption in place at an odd address, the tag written over garbage.
    let mut store = garbage(msg.len() + 1);
    store[1..].copy_from_slice(&msg);
    let mut out_tag = garbage(tag.len());
    a.seal_in_place_detached(&iv, &aad, &mut store[1..], &mut out_tag)
        .map_err(|e| failed("encryption", e))?;
    same("encryption in place", &store[1..], &ct)?;
    same("detached tag", &out_tag, &tag)?;

    // The allocating forms (ct ‖ tag, at the instance's tag length).
    if tag.len() == a.tag_len() {
        let ct_tag: Vec<u8> = [&ct[..], &tag[..]].concat();
        let sealed = a.seal(&iv, &aad, &msg).map_err(|e| failed("seal", e))?;
        same("seal (ct ‖ tag)", &sealed, &ct_tag)?;
        let opened = a.open(&iv, &aad, &ct_tag).map_err(|e| failed("open", e))?;
        same("open", &opened, &msg)?;
    }

    // Tampering anywhere is refused and releases nothing.
    if let Some(bad) = tampered(&tag) {
        must_reject(&*a, &iv, &aad, &ct, &bad, "a tampered tag")?;
    }
    if !ct.is_empty() {
        let mut bad = ct.clone();
        bad[0] ^= 0x80;
        must_reject(&*a, &iv, &aad, &bad, &tag, "a tampered ciphertext")?;
    }
    let longer_aad: Vec<u8> = [&aad[..], &[0]].concat();
    must_reject(&*a, &iv, &longer_aad, &ct, &tag, "a tampered AAD")?;

    // A truncated tag opens only under a key made for its length: the full-length key refuses.
    let full = cx
        .alg
        .aead(&key, cx.choice)
        .map_err(|e| failed("key setup", e))?;
    if full.tag_len() != tag.len() {
        must_reject(&*full, &iv, &aad, &ct, &tag, "a tag of another length")?;
    }
    Ok(())
}
