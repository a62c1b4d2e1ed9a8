//! Merkle root of a block's transactions for ledger storage (GM/T 0111-2021 §8.5).
//!
//! GM/T 0111-2021 §8.5 asks that the ledger protect its integrity with an SM3 hash tree over the
//! transactions' hashes, but the material available here does not fix the tree's encoding
//! (domain prefixes, odd levels). This module uses the construction of RFC 6962 §2.1 (Certificate
//! Transparency) with SM3 as the hash:
//!
//! - leaf: `SM3(0x00 ‖ tx_hash)` ([`LEAF_PREFIX`]);
//! - interior node: `SM3(0x01 ‖ left ‖ right)` ([`NODE_PREFIX`]);
//! - empty tree: `SM3("")`.
//!
//! The prefixes separate the two domains, so no interior node can be passed off as a leaf (the
//! second-preimage attack on unprefixed trees). A level of odd length promotes its last node to
//! the next level unchanged, never pairing it with itself (duplication, as in Bitcoin, lets two
//! different transaction lists share a root, CVE-2012-2459). Level by level, this is exactly
//! RFC 6962's recursive definition, which splits n leaves at the largest power of two below n.
//!
//! Each level is hashed with the batch API ([`Sm3Batch`]): a leaf is one SM3 block, a node two.
//! With the `parallel` feature, [`par_root`] hashes each level's runs on every core of rayon's
//! thread pool (the same root).
//!
//! ```
//! use gmkit::sm3::{Sm3, merkle};
//! let txs = [[1u8; 32], [2u8; 32], [3u8; 32]];
//! let leaves = txs.map(|t| merkle::leaf_hash(&t));
//! let left = merkle::node_hash(&leaves[0], &leaves[1]);
//! # #[cfg(feature = "alloc")]
//! assert_eq!(merkle::root(&txs), merkle::node_hash(&left, &leaves[2]));
//! ```

#[cfg(feature = "parallel")]
use super::batch::par_run;
use super::batch::{Job, Sm3Batch};
use super::{OUTPUT_LEN, Sm3};

/// Prefix of a leaf's hash input (RFC 6962 §2.1).
pub const LEAF_PREFIX: u8 = 0x00;
/// Prefix of an interior node's hash input (RFC 6962 §2.1).
pub const NODE_PREFIX: u8 = 0x01;

/// Hashes per batch call: the stack holds this many node inputs of 65 bytes.
const CHUNK: usize = 64;

/// `SM3(0x00 ‖ tx_hash)`.
pub fn leaf_hash(tx_hash: &[u8; OUTPUT_LEN]) -> [u8; OUTPUT_LEN] {
    let mut h = Sm3::new();
    h.update(&[LEAF_PREFIX]);
    h.update(tx_hash);
    h.finalize()
}

/// `SM3(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &[u8; OUTPUT_LEN], right: &[u8; OUTPUT_LEN]) -> [u8; OUTPUT_LEN] {
    let mut h = Sm3::new();
    h.update(&[NODE_PREFIX]);
    h.update(left);
    h.update(right);
    h.finalize()
}

/// The Merkle root of `tx_hashes` on the automatically chosen batch backend.
#[cfg(feature = "alloc")]
pub fn root(tx_hashes: &[[u8; OUTPUT_LEN]]) -> [u8; OUTPUT_LEN] {
    let mut level = alloc::vec::Vec::from(tx_hashes);
    root_in_place(&Sm3Batch::new(), &mut level)
}

/// The Merkle root of the transaction hashes in `level`, using `level` as the working space
/// (its contents afterwards are unspecified); no allocation.
pub fn root_in_place(batch: &Sm3Batch, level: &mut [[u8; OUTPUT_LEN]]) -> [u8; OUTPUT_LEN] {
    if level.is_empty() {
        return Sm3::digest(b"");
    }
    let mut input = [[0u8; 1 + 2 * OUTPUT_LEN]; CHUNK];
    // Leaves, in place.
    for chunk in level.chunks_mut(CHUNK) {
        for (m, h) in input.iter_mut().zip(chunk.iter()) {
            m[0] = LEAF_PREFIX;
            m[1..1 + OUTPUT_LEN].copy_from_slice(h);
        }
        let jobs = input[..chunk.len()]
            .iter()
            .enumerate()
            .map(|(i, m)| (i, Job::new(None, &m[..1 + OUTPUT_LEN])));
        batch.run(jobs, |i, d| chunk[i] = *d);
    }
    // Levels: node i of the next level overwrites slot i, which is read (as 2i or 2i + 1) no
    // later than in its own chunk, whose inputs are copied out before it is hashed.
    let mut n = level.len();
    while n > 1 {
        let pairs = n / 2;
        for start in (0..pairs).step_by(CHUNK) {
            let count = CHUNK.min(pairs - start);
            for (k, m) in input[..count].iter_mut().enumerate() {
                let i = start + k;
                m[0] = NODE_PREFIX;
                m[1..1 + OUTPUT_LEN].copy_from_slice(&level[2 * i]);
                m[1 + OUTPUT_LEN..].copy_from_slice(&level[2 * i + 1]);
            }
            let jobs = input[..count]
                .iter()
                .enumerate()
                .map(|(k, m)| (start + k, Job::new(None, m)));
            batch.run(jobs, |i, d| level[i] = *d);
        }
        // An odd last node moves up unchanged.
        if n % 2 == 1 {
            level[pairs] = level[n - 1];
        }
        n = pairs + n % 2;
    }
    level[0]
}

/// [`root`] on every core of the current rayon thread pool (feature `parallel`): the leaves, then
/// each level's nodes, in runs hashed in parallel (each run in the batch backend's lanes). The
/// same root as [`root`].
#[cfg(feature = "parallel")]
pub fn par_root(tx_hashes: &[[u8; OUTPUT_LEN]]) -> [u8; OUTPUT_LEN] {
    use alloc::vec;
    use rayon::prelude::*;
    if tx_hashes.is_empty() {
        return Sm3::digest(b"");
    }
    let batch = Sm3Batch::new();
    let mut level = vec![[0u8; OUTPUT_LEN]; tx_hashes.len()];
    let run = par_run(level.len());
    tx_hashes
        .par_chunks(run)
        .zip(level.par_chunks_mut(run))
        .for_each(|(txs, out)| leaves_into(&batch, txs, out));
    while level.len() > 1 {
        let pairs = level.len() / 2;
        let mut next = vec![[0u8; OUTPUT_LEN]; pairs + level.len() % 2];
        let run = par_run(pairs);
        level[..2 * pairs]
            .par_chunks(2 * run)
            .zip(next[..pairs].par_chunks_mut(run))
            .for_each(|(children, out)| nodes_into(&batch, children, out));
        // An odd last node moves up unchanged.
        if level.len() % 2 == 1 {
            next[pairs] = level[level.len() - 1];
        }
        level = next;
    }
    level[0]
}

/// `out[i] = SM3(0x00 ‖ txs[i])` (equal lengths).
#[cfg(feature = "parallel")]
fn leaves_into(batch: &Sm3Batch, txs: &[[u8; OUTPUT_LEN]], out: &mut [[u8; OUTPUT_LEN]]) {
    let mut input = [[0u8; 1 + OUTPUT_LEN]; CHUNK];
    for (txs, out) in txs.chunks(CHUNK).zip(out.chunks_mut(CHUNK)) {
        for (m, h) in input.iter_mut().zip(txs) {
            m[0] = LEAF_PREFIX;
            m[1..].copy_from_slice(h);
        }
        let jobs = input[..txs.len()]
            .iter()
            .enumerate()
            .map(|(i, m)| (i, Job::new(None, m)));
        batch.run(jobs, |i, d| out[i] = *d);
    }
}

/// `out[i] = SM3(0x01 ‖ children[2i] ‖ children[2i + 1])` (`children` twice as long as `out`).
#[cfg(feature = "parallel")]
fn nodes_into(batch: &Sm3Batch, children: &[[u8; OUTPUT_LEN]], out: &mut [[u8; OUTPUT_LEN]]) {
    let mut input = [[0u8; 1 + 2 * OUTPUT_LEN]; CHUNK];
    for (children, out) in children.chunks(2 * CHUNK).zip(out.chunks_mut(CHUNK)) {
        for (m, pair) in input.iter_mut().zip(children.as_chunks::<2>().0) {
            m[0] = NODE_PREFIX;
            m[1..1 + OUTPUT_LEN].copy_from_slice(&pair[0]);
            m[1 + OUTPUT_LEN..].copy_from_slice(&pair[1]);
        }
        let jobs = input[..out.len()]
            .iter()
            .enumerate()
            .map(|(i, m)| (i, Job::new(None, m)));
        batch.run(jobs, |i, d| out[i] = *d);
    }
}
