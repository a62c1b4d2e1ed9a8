//! Target `sm3_backends`: every SM3 backend against `Sm3Backend::Soft`, and every batch backend
//! against soft one message at a time.
//!
//! - Each `Sm3Backend`, fed the message in the pieces of a chunking plan, gives soft's one-shot
//!   digest.
//! - Each `Sm3BatchBackend` hashes a batch of messages of mixed lengths (`digest_many`), MACs them
//!   under keys of mixed lengths (`hmac_many`) and derives KDF outputs of mixed lengths from them
//!   (`kdf_many`); every result equals soft's SM3 / HMAC-SM3 / KDF of that message alone. Up to
//!   40 messages, so batches fill the 4, 8 and 16 lanes and leave partial groups.
//!
//! Layout: a chunking plan ([`Chunks`]) for the streamed hash, a batch plan (length byte + that
//! many size bytes: message i is `size_i` bytes, and its KDF output `size_i % 100` bytes; at most
//! 40), the data (the rest, repeated as needed: the streamed message is all of it; the batch
//! messages are consecutive windows of it, and key i is the `i % 70` bytes before message i).

use super::input::{Chunks, Input};
use super::sm4_backends::repeat;
use gmkit::backend::Backend;
use gmkit::mac::Hmac;
use gmkit::sm3::batch::{Sm3Batch, Sm3BatchBackend};
use gmkit::sm3::{self as gm_sm3, Sm3, Sm3Backend};

/// Run one `sm3_backends` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let chunks = Chunks::read(&mut input);
    let plan = input.field();
    let msg = input.rest();
    let soft = || Sm3::with_backend(Sm3Backend::Soft).expect("always there");

    let want = {
        let mut h = soft();
        h.update(msg);
        h.finalize()
    };
    for backend in Sm3Backend::available() {
        let mut h = Sm3::with_backend(backend).expect("an available backend");
        for r in chunks.ranges(msg.len()) {
            h.update(&msg[r]);
        }
        assert_eq!(h.finalize(), want, "{backend:?}, {} bytes", msg.len());
    }

    let sizes: Vec<usize> = plan.iter().take(40).map(|&s| s as usize).collect();
    let total: usize = sizes.iter().sum::<usize>() + 70;
    let data = repeat(msg, total);
    let mut msgs = Vec::new();
    let mut keys = Vec::new();
    let mut at = 70;
    for (i, &n) in sizes.iter().enumerate() {
        keys.push(&data[at - i % 70..at]);
        msgs.push(&data[at..at + n]);
        at += n;
    }
    let digests: Vec<[u8; 32]> = msgs
        .iter()
        .map(|m| {
            let mut h = soft();
            h.update(m);
            h.finalize()
        })
        .collect();
    let macs: Vec<[u8; 32]> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| {
            let mut h = Hmac::new_with_state(k, soft());
            h.update(m);
            h.finalize()
        })
        .collect();
    let kdfs: Vec<Vec<u8>> = msgs
        .iter()
        .zip(&sizes)
        .map(|(z, n)| {
            let mut out = vec![0u8; n % 100];
            gm_sm3::kdf_with_state(soft(), z, &mut out).expect("short output");
            out
        })
        .collect();

    for backend in Sm3BatchBackend::available() {
        let batch = Sm3Batch::with_backend(backend).expect("an available backend");
        let what = format!("{backend:?}, {} messages", msgs.len());
        let mut out = vec![[0xa5u8; 32]; msgs.len()];
        batch.digest_many(&msgs, &mut out).expect("equal counts");
        assert_eq!(out, digests, "digest_many, {what}");
        let mut out = vec![[0xa5u8; 32]; msgs.len()];
        batch
            .hmac_many(&keys, &msgs, &mut out)
            .expect("equal counts");
        assert_eq!(out, macs, "hmac_many, {what}");
        let mut out: Vec<Vec<u8>> = kdfs.iter().map(|k| vec![0xa5u8; k.len()]).collect();
        batch.kdf_many(&msgs, &mut out).expect("short outputs");
        assert_eq!(out, kdfs, "kdf_many, {what}");
    }
}
