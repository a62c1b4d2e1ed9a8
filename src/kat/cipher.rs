//! `IndCpaTest` (ECB, CBC, CBC-PKCS5, CBC-CTS, CFB, OFB, CTR), `XtsTest` and
//! `Sm4IteratedEncryptionTest`.
//!
//! Registry names: the file's `algorithm`, with the group's `construction`, `padding`, `variant`
//! or `counterBits` appended when present (`SM4-CTR/RFC3686`, `SM4-XTS/GB/T17964-2021`,
//! `SM4-CTR/counterBits=32`).
//!
//! `invalid` (a partial block without padding, bad padding, XTS under 16 bytes): encrypting `msg`
//! must fail or give something other than `ct`, and decrypting `ct` must fail — except when `ct`
//! is empty and `msg` is not (the vector then describes an encryption-only refusal).

use std::format;
use std::string::String;
use std::vec::Vec;

use super::runner::{CHUNK_SIZES, Cx, Expect, Route, differs, failed, garbage, same, setup};
use super::schema::{Fields, Issue, Outcome, Test};
use crate::registry::{DynMode, Kind};
use crate::traits::Block;

pub(super) const ROUTES: &[Route] = &[
    Route {
        algorithms: &[],
        group_type: "IndCpaTest",
        target: None,
        params: &["construction", "padding", "variant", "counterBits"],
        kind: Kind::Mode,
        applies: None,
        run: ind_cpa_test,
    },
    Route {
        algorithms: &[],
        group_type: "XtsTest",
        target: None,
        params: &["variant"],
        kind: Kind::Mode,
        applies: None,
        run: xts_test,
    },
    Route {
        algorithms: &["SM4-ECB"],
        group_type: "Sm4IteratedEncryptionTest",
        target: Some("SM4"),
        params: &[],
        kind: Kind::BlockCipher,
        applies: None,
        run: iterated_test,
    },
];

fn ind_cpa_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let iv = t.opt_hex("iv")?.unwrap_or_default();
    mode_test(cx, t, &iv, expect)
}

fn xts_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let tweak = t.hex("tweak")?;
    mode_test(cx, t, &tweak, expect)
}

/// Encrypt `msg` at `offset` in a garbage-filled buffer with room for the overhead.
fn encrypt(m: &dyn DynMode, iv: &[u8], msg: &[u8], offset: usize) -> Result<Vec<u8>, String> {
    let mut buf = garbage(offset + msg.len() + m.overhead());
    buf[offset..offset + msg.len()].copy_from_slice(msg);
    let n = m
        .encrypt(iv, &mut buf[offset..], msg.len())
        .map_err(|e| format!("{e}"))?;
    buf[offset..]
        .get(..n)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("encryption reported {n} bytes, beyond its buffer"))
}

/// Decrypt `ct` in place at `offset`.
fn decrypt(m: &dyn DynMode, iv: &[u8], ct: &[u8], offset: usize) -> Result<Vec<u8>, String> {
    let mut buf = garbage(offset + ct.len());
    buf[offset..].copy_from_slice(ct);
    let n = m
        .decrypt(iv, &mut buf[offset..])
        .map_err(|e| format!("{e}"))?;
    buf[offset..]
        .get(..n)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("decryption reported {n} bytes, beyond its buffer"))
}

fn mode_test(cx: &Cx<'_>, t: &Test, iv: &[u8], expect: Expect) -> Outcome {
    let key = t.hex("key")?;
    let msg = t.hex("msg")?;
    let ct = t.hex("ct")?;
    let Some(m) = setup(expect, cx.alg.mode(&key, cx.choice))? else {
        return Ok(());
    };
    if expect == Expect::Invalid {
        if let Ok(c) = encrypt(&*m, iv, &msg, 0) {
            differs("encryption", &c, &ct)?;
        }
        if (msg.is_empty() || !ct.is_empty()) && decrypt(&*m, iv, &ct, 0).is_ok() {
            return Err(Issue::Fail(
                "decryption accepted `ct` of an invalid test".into(),
            ));
        }
        return Ok(());
    }
    for offset in [0, 1] {
        let at = if offset == 0 {
            ""
        } else {
            " at an odd address"
        };
        let c = encrypt(&*m, iv, &msg, offset)
            .map_err(|e| Issue::Refused(format!("encryption{at} failed: {e}")))?;
        same(&format!("encryption{at}"), &c, &ct)?;
        let p = decrypt(&*m, iv, &ct, offset)
            .map_err(|e| Issue::Refused(format!("decryption{at} failed: {e}")))?;
        same(&format!("decryption{at}"), &p, &msg)?;
    }
    for (decrypting, input, want) in [(false, &msg, &ct), (true, &ct, &msg)] {
        let what = if decrypting {
            "decryption"
        } else {
            "encryption"
        };
        for n in CHUNK_SIZES {
            let Some(stream) = m.stream(iv, decrypting) else {
                break;
            };
            let mut s = stream.map_err(|e| failed(&format!("streaming {what}"), e))?;
            let mut buf = input.clone();
            for c in buf.chunks_mut(n) {
                s.apply(c)
                    .map_err(|e| failed(&format!("streaming {what}"), e))?;
            }
            same(&format!("streaming {what} in {n}-byte pieces"), &buf, want)?;
        }
    }
    Ok(())
}

fn iterated_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    const MAX_ITERATIONS: u64 = 100_000_000;
    let iterations = cx.group.uint("iterations")?;
    if iterations > MAX_ITERATIONS {
        return Err(Issue::Malformed(format!(
            "iterations {iterations} is beyond {MAX_ITERATIONS}"
        )));
    }
    let key = t.hex("key")?;
    let block = |name: &str| -> Result<Block, Issue> {
        t.hex(name)?
            .try_into()
            .map_err(|_| Issue::Malformed(format!("field `{name}` is not one 16-byte block")))
    };
    let (msg, ct) = (block("msg")?, block("ct")?);
    let Some(c) = setup(expect, cx.alg.block_cipher(&key, cx.choice))? else {
        return Ok(());
    };
    let mut b = [msg];
    for _ in 0..iterations {
        c.encrypt_blocks(&mut b);
    }
    if expect == Expect::Invalid {
        return differs(&format!("{iterations} encryptions"), &b[0], &ct);
    }
    same(&format!("{iterations} encryptions"), &b[0], &ct)?;
    for _ in 0..iterations {
        c.decrypt_blocks(&mut b);
    }
    same(&format!("{iterations} decryptions"), &b[0], &msg)
}
