//! `MacTest` (HMAC, the SM4 MACs) and `MacWithIvTest` (GMAC).
//!
//! For `SM4-MAC` the group's `mac` picks the registry entry `SM4-MAC/<mac>`, and an optional
//! `key2` is passed after `key` (the entry's key is `key ‖ key2`).
//!
//! The tag length belongs to the instance: each test keys it for its `tag`'s length (equal to
//! the group's `tagSize` once [`tag_size_settles`] has passed) through `with_tag_len`, which the
//! runner may use for short tags because `kat` implies `hazmat`. A length the algorithm refuses
//! is a refusal like a refused key.

use std::format;
use std::vec::Vec;

use super::runner::{
    CHUNK_SIZES, Cx, Expect, Route, failed, garbage, same, setup, tag_size_settles,
};
use super::schema::{Fields, Issue, Outcome, Test};
use crate::registry::Kind;

pub(super) const ROUTES: &[Route] = &[
    Route {
        algorithms: &[],
        group_type: "MacTest",
        target: None,
        params: &["mac"],
        kind: Kind::Mac,
        applies: None,
        run: mac_test,
    },
    Route {
        algorithms: &[],
        group_type: "MacWithIvTest",
        target: None,
        params: &[],
        kind: Kind::MacWithIv,
        applies: None,
        run: mac_with_iv_test,
    },
];

/// `tag` with its last bit flipped (`None` for an empty tag).
pub(super) fn tampered(tag: &[u8]) -> Option<Vec<u8>> {
    let mut t = tag.to_vec();
    *t.last_mut()? ^= 1;
    Some(t)
}

fn mac_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let mut key = t.hex("key")?;
    key.extend(t.opt_hex("key2")?.unwrap_or_default());
    let msg = t.hex("msg")?;
    let tag = t.hex("tag")?;
    if tag_size_settles(cx, &tag, expect)? {
        return Ok(());
    }
    let new = || cx.alg.mac(&key, cx.choice)?.with_tag_len(tag.len());
    let Some(mut m) = setup(expect, new())? else {
        return Ok(());
    };
    if expect == Expect::Invalid {
        m.update(&msg);
        return match m.verify(&tag) {
            Ok(()) => Err(Issue::Fail(
                "verify accepted the tag of an invalid test".into(),
            )),
            Err(_) => Ok(()),
        };
    }
    let again = || new().map_err(|e| failed("second key setup", e));
    m.update(&msg);
    let mut out = garbage(tag.len());
    m.finalize_into(&mut out)
        .map_err(|e| failed("finalize", e))?;
    same("one-shot tag", &out, &tag)?;
    for n in CHUNK_SIZES {
        let mut m = again()?;
        for c in msg.chunks(n) {
            m.update(c);
        }
        let mut out = garbage(tag.len());
        m.finalize_into(&mut out)
            .map_err(|e| failed("finalize", e))?;
        same(&format!("tag over {n}-byte updates"), &out, &tag)?;
    }
    let mut m = again()?;
    m.update(&msg);
    m.verify(&tag)
        .map_err(|e| failed("verify of the expected tag", e))?;
    if let Some(bad) = tampered(&tag) {
        let mut m = again()?;
        m.update(&msg);
        if m.verify(&bad).is_ok() {
            return Err(Issue::Fail("verify accepted a tampered tag".into()));
        }
    }
    // A truncated tag verifies only under a key made for its length.
    let mut full = cx
        .alg
        .mac(&key, cx.choice)
        .map_err(|e| failed("key setup", e))?;
    if full.tag_len() != tag.len() {
        full.update(&msg);
        if full.verify(&tag).is_ok() {
            return Err(Issue::Fail(
                "a full-length key accepted a tag of another length".into(),
            ));
        }
    }
    Ok(())
}

fn mac_with_iv_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let key = t.hex("key")?;
    let iv = t.hex("iv")?;
    let msg = t.hex("msg")?;
    let tag = t.hex("tag")?;
    if tag_size_settles(cx, &tag, expect)? {
        return Ok(());
    }
    let keyed = cx.alg.mac_with_iv(&key, cx.choice);
    let Some(m) = setup(expect, keyed.and_then(|m| m.with_tag_len(tag.len())))? else {
        return Ok(());
    };
    let verified = m.verify(&iv, &msg, &tag);
    if expect == Expect::Invalid {
        return match verified {
            Ok(()) => Err(Issue::Fail(
                "verify accepted the tag of an invalid test".into(),
            )),
            Err(_) => Ok(()),
        };
    }
    verified.map_err(|e| failed("verify of the expected tag", e))?;
    let mut out = garbage(tag.len());
    m.compute(&iv, &msg, &mut out)
        .map_err(|e| failed("compute", e))?;
    same("tag", &out, &tag)?;
    if let Some(Ok(())) = tampered(&tag).map(|bad| m.verify(&iv, &msg, &bad)) {
        return Err(Issue::Fail("verify accepted a tampered tag".into()));
    }
    // A truncated tag verifies only under a key made for its length.
    let full = cx
        .alg
        .mac_with_iv(&key, cx.choice)
        .map_err(|e| failed("key setup", e))?;
    if full.tag_len() != tag.len() && full.verify(&iv, &msg, &tag).is_ok() {
        return Err(Issue::Fail(
            "a full-length key accepted a tag of another length".into(),
        ));
    }
    Ok(())
}
