//! SM3 hashing (GB/T 32905-2016), the Merkle root of a block's transactions (`sm3::merkle`,
//! GM/T 0111-2021 §8.5) and many hashes at once (`sm3::batch`).
//!
//! ```sh
//! cargo run --example sm3_merkle
//! ```
//!
//! The digests are checked against GB/T 32905-2016 Annex A, and the Merkle root and the batch
//! against an independent computation with the RustCrypto `sm3` crate.

use gmkit::backend::Backend;
use gmkit::sm3::{Sm3, batch, batch::Sm3Batch, merkle};

fn main() -> Result<(), gmkit::Error> {
    // --- SM3 ---------------------------------------------------------------------------------
    // GB/T 32905-2016 Annex A, examples 1 and 2.
    let abc = Sm3::digest(b"abc");
    assert_eq!(
        hex(&abc),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    let abcd16 = b"abcd".repeat(16);
    assert_eq!(
        hex(&Sm3::digest(&abcd16)),
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    );
    // Streaming: any split of the input gives the same digest.
    let mut h = Sm3::new();
    for piece in abcd16.chunks(7) {
        h.update(piece);
    }
    assert_eq!(hex(&h.finalize()), hex(&Sm3::digest(&abcd16)));
    println!(
        "SM3(\"abc\") = {} ({})",
        hex(&abc),
        Sm3::new().backend().name()
    );

    // --- Merkle root -------------------------------------------------------------------------
    // A block of 7 transactions; the tree is built over their SM3 hashes. The construction is
    // RFC 6962's (leaf = SM3(00 ‖ hash), node = SM3(01 ‖ left ‖ right), an odd node moves up
    // unchanged): see the `sm3::merkle` docs for why.
    let txs: Vec<Vec<u8>> = (0..7)
        .map(|i| format!("tx {i}: pay {} to account {}", 10 * i, 100 + i).into_bytes())
        .collect();
    let tx_hashes: Vec<[u8; 32]> = txs.iter().map(|t| Sm3::digest(t)).collect();
    let root = merkle::root(&tx_hashes);
    assert_eq!(root, reference_root(&tx_hashes));
    println!("Merkle root of {} transactions: {}", txs.len(), hex(&root));

    // Every transaction counts, and so does the order.
    let mut swapped = tx_hashes.clone();
    swapped.swap(0, 1);
    assert_ne!(merkle::root(&swapped), root);
    // The last transaction is not paired with itself (as Bitcoin's tree does), so repeating it
    // gives another root (CVE-2012-2459: two transaction lists, one root).
    let mut repeated = tx_hashes.clone();
    repeated.push(tx_hashes[6]);
    assert_ne!(merkle::root(&repeated), root);
    // Without allocating: the caller's slice is the working space (its contents are lost).
    let mut work = tx_hashes.clone();
    assert_eq!(merkle::root_in_place(&Sm3Batch::new(), &mut work), root);

    // --- Many hashes at once -----------------------------------------------------------------
    // Independent messages run in SIMD lanes (16 with AVX-512, 8 with AVX2, 4 with NEON); a lane
    // that finishes takes the next message, so lengths may differ.
    let msgs: Vec<Vec<u8>> = (0..1000usize)
        .map(|i| (0..i % 300).map(|j| (i * 31 + j) as u8).collect())
        .collect();
    let mut digests = vec![[0u8; 32]; msgs.len()];
    batch::digest_many(&msgs, &mut digests)?;
    for (m, d) in msgs.iter().zip(&digests) {
        assert_eq!(*d, reference_sm3(m));
    }
    println!(
        "{} messages hashed in a batch on {} (each checked against RustCrypto sm3)",
        msgs.len(),
        Sm3Batch::new().backend().name()
    );
    Ok(())
}

/// SM3 by the RustCrypto `sm3` crate: an implementation independent of gmkit.
fn reference_sm3(data: &[u8]) -> [u8; 32] {
    use sm3::Digest;
    sm3::Sm3::digest(data).into()
}

/// RFC 6962 §2.1's Merkle tree hash, written from its recursive definition over the RustCrypto
/// `sm3` crate: MTH({}) = SM3(""), MTH({d}) = SM3(00 ‖ d), and for n > 1 split at the largest
/// power of two k < n: MTH(D) = SM3(01 ‖ MTH(D[0..k]) ‖ MTH(D[k..n])).
fn reference_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => reference_sm3(b""),
        1 => reference_sm3(&[&[0u8][..], &leaves[0]].concat()),
        n => {
            let k = 1 << (n - 1).ilog2(); // the largest power of two below n
            let (l, r) = leaves.split_at(k);
            reference_sm3(&[&[1u8][..], &reference_root(l), &reference_root(r)].concat())
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
