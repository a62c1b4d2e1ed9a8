//! Target `ghash_backends`: every GHASH backend this CPU has, other than `soft`, against
//! `GhashBackend::Soft` — GHASH itself (`GhashKey::with_backend`) fed whole blocks in the pieces
//! of a chunking plan and the padded tail, and SM4-GCM with that GHASH backend forced (seal, and
//! open of soft's output) — on arbitrary subkeys H and lengths up to 4 KiB, which cross the
//! 8- and 16-block aggregated reductions and their tails.
//!
//! Layout: H (16 bytes), the SM4 key for GCM (16 bytes), the GCM IV length (1 byte:
//! 1 + b % 64, the key repeated), the AAD (length byte + bytes), the data length (2 bytes
//! big-endian, % 4097), a chunking plan ([`Chunks`], in blocks: each piece is rounded down to
//! whole blocks), the data pattern (the rest, repeated to the data length; empty = the index).

use super::input::{Chunks, Input};
use super::sm4_backends::repeat;
use gmkit::Block;
use gmkit::backend::Backend;
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::{Ghash, GhashBackend, GhashKey};
use gmkit::sm4::Sm4;

/// GHASH of `data` under `key`: whole blocks in the plan's pieces, then the padded tail.
fn ghash(key: &GhashKey, data: &[u8], pieces: &[core::ops::Range<usize>]) -> Block {
    let (blocks, tail) = data.as_chunks::<16>();
    let mut g = Ghash::new(key);
    let mut at = 0;
    for r in pieces {
        let n = (r.end - r.start) / 16;
        let end = (at + n).min(blocks.len());
        g.update_blocks(&blocks[at..end]);
        at = end;
    }
    g.update_blocks(&blocks[at..]);
    g.update_padded(tail);
    g.finalize()
}

/// Run one `ghash_backends` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let h: Block = input.array();
    let key: [u8; 16] = input.array();
    let iv = repeat(&key, 1 + input.u8() as usize % 64);
    let aad = input.field();
    let len = u16::from_be_bytes(input.array()) as usize % 4097;
    let chunks = Chunks::read(&mut input);
    let msg = repeat(input.rest(), len);
    let pieces = chunks.ranges(len);

    let soft = GhashKey::with_backend(&h, GhashBackend::Soft).expect("always there");
    let want = ghash(&soft, &msg, &[]);
    let gs = Gcm::with_ghash_backend(Sm4::new(&key), GhashBackend::Soft).expect("soft GHASH");
    let mut sealed = msg.clone();
    let mut tag = [0u8; 16];
    gs.seal_detached(&iv, aad, &mut sealed, &mut tag)
        .expect("valid lengths");

    for backend in GhashBackend::available().filter(|&b| b != GhashBackend::Soft) {
        let what = format!("{backend:?} vs soft, {len} bytes");
        let k = GhashKey::with_backend(&h, backend).expect("an available backend");
        assert_eq!(k.backend(), backend);
        assert_eq!(ghash(&k, &msg, &pieces), want, "GHASH, {what}");

        let g = Gcm::with_ghash_backend(Sm4::new(&key), backend).expect("an available backend");
        let mut a = msg.clone();
        let mut t = [0u8; 16];
        g.seal_detached(&iv, aad, &mut a, &mut t)
            .expect("valid lengths");
        assert!(a == sealed && t == tag, "GCM seal, {what}");
        g.open_detached(&iv, aad, &mut a, &tag)
            .expect("soft's ciphertext opens");
        assert!(a == msg, "GCM open, {what}");
    }
}
