//! Portable, constant-time SM4.
//!
//! The S-box is the boolean circuit of [`super::sbox_circuit`] evaluated on bit-planes, so no
//! memory address and no branch depends on the key or the data. Two layouts share it:
//!
//! - one word at a time ([`tau`]): plane `j` holds bit `j` of each of the word's 4 bytes in bits
//!   0, 8, 16, 24 of a `u32` — used by the key schedule and for a single block;
//! - 16 blocks at a time ([`Planes`]): the state is 4 words × 8 planes of `u64`, plane `j` of
//!   word `w` holding bit `j` of every byte of word `w` of all 16 blocks, so one circuit
//!   evaluation is the 64 S-boxes of a round and the byte rotations of L are `u64` rotations.

use super::sbox_circuit::sbox_core;
use crate::traits::Block;
use zeroize::Zeroize;

/// GB/T 32907 §7.3: the system parameter FK.
const FK: [u32; 4] = [0xa3b1_bac6, 0x56aa_3350, 0x677d_9197, 0xb270_22dc];

/// GB/T 32907 §7.3: the fixed parameters CK, byte j of CKᵢ being (4i + j) × 7 mod 256.
pub(super) const CK: [u32; 32] = {
    let mut ck = [0u32; 32];
    let mut i = 0;
    while i < 32 {
        let mut j = 0;
        while j < 4 {
            ck[i] = (ck[i] << 8) | (((4 * i + j) * 7) & 0xff) as u32;
            j += 1;
        }
        i += 1;
    }
    ck
};

/// S(x) = core(x ⊕ KAPPA) ⊕ SBOX_C: the affine constants the circuit leaves out (see
/// [`super::sbox_circuit`]), repeated over the 4 bytes of a word.
const KAPPA: u32 = 0x7575_7575;
const SBOX_C: u32 = 0xd3d3_d3d3;
/// L(SBOX_C): what the missing output constant contributes after L (§6.2).
const L_OF_C: u32 = 0x4f4f_4f4f;

/// τ (GB/T 32907 §6.2.1): the S-box on each byte of `a`, computed by the circuit.
#[inline]
pub(super) fn tau(a: u32) -> u32 {
    let x = a ^ KAPPA;
    let planes: [u32; 8] = core::array::from_fn(|j| (x >> j) & 0x0101_0101);
    let s = sbox_core(planes);
    let mut b = 0;
    for (j, p) in s.iter().enumerate() {
        b |= p << j;
    }
    b ^ SBOX_C
}

/// L (GB/T 32907 §6.2.2).
#[inline]
fn l(b: u32) -> u32 {
    b ^ b.rotate_left(2) ^ b.rotate_left(10) ^ b.rotate_left(18) ^ b.rotate_left(24)
}

/// L' of the key schedule (GB/T 32907 §7.3).
#[inline]
pub(super) fn l_key(b: u32) -> u32 {
    b ^ b.rotate_left(13) ^ b.rotate_left(23)
}

/// GB/T 32907 §7.3: (K₀, K₁, K₂, K₃) = MK ⊕ FK.
#[inline]
pub(super) fn key_words(key: &[u8; 16]) -> [u32; 4] {
    core::array::from_fn(|i| {
        u32::from_be_bytes([key[4 * i], key[4 * i + 1], key[4 * i + 2], key[4 * i + 3]]) ^ FK[i]
    })
}

/// GB/T 32907 §7.3: the round keys rk₀ … rk₃₁.
pub(super) fn expand_key(key: &[u8; 16]) -> [u32; 32] {
    let mut k = key_words(key);
    let mut rk = [0u32; 32];
    for (i, r) in rk.iter_mut().enumerate() {
        // K_{i+4} = K_i ⊕ T'(K_{i+1} ⊕ K_{i+2} ⊕ K_{i+3} ⊕ CK_i), rk_i = K_{i+4}.
        let next = k[i % 4]
            ^ l_key(tau(k[(i + 1) % 4]
                ^ k[(i + 2) % 4]
                ^ k[(i + 3) % 4]
                ^ CK[i]));
        k[i % 4] = next;
        *r = next;
    }
    k.zeroize();
    rk
}

/// One block, one word at a time (§7.1); `rk` yields the 32 round keys in the order to use.
#[inline]
fn crypt_one(block: &mut Block, rk: impl Iterator<Item = u32>) {
    let mut x: [u32; 4] = core::array::from_fn(|i| {
        u32::from_be_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ])
    });
    for (i, r) in rk.enumerate() {
        // X_{i+4} = X_i ⊕ L(τ(X_{i+1} ⊕ X_{i+2} ⊕ X_{i+3} ⊕ rk_i)).
        x[i % 4] ^= l(tau(x[(i + 1) % 4] ^ x[(i + 2) % 4] ^ x[(i + 3) % 4] ^ r));
    }
    // R: the output is (X₃₅, X₃₄, X₃₃, X₃₂).
    for (i, w) in x.iter().rev().enumerate() {
        block[4 * i..4 * i + 4].copy_from_slice(&w.to_be_bytes());
    }
}

/// 16 blocks per step: their 64 S-boxes per round fill the lanes of a `u64` plane, and the state
/// (32 planes) stays small enough for the registers and L1 of any 64-bit CPU.
const LANES: usize = 16;

/// One word of 16 blocks as 8 bit-planes. Lane `16k + b` of plane `j` is bit `j` of byte `k`
/// (counted from the least significant) of this word in block `b`.
type Planes = [u64; 8];

/// Rotate every word left by `8q` bits: byte k moves to byte k + q, i.e. lanes move by 16q.
#[inline(always)]
fn rot_bytes(p: u64, q: u32) -> u64 {
    p.rotate_left(16 * q)
}

/// Swap the bits of `a` selected by `mask << shift` with the bits of `b` selected by `mask`.
#[inline(always)]
fn swap_move(a: &mut u64, b: &mut u64, shift: u32, mask: u64) {
    let t = ((*a >> shift) ^ *b) & mask;
    *b ^= t;
    *a ^= t << shift;
}

/// Exchange bit positions `p` and `p + shift` of `x` for every `p` selected by `mask`.
#[inline(always)]
fn delta_swap(x: u64, shift: u32, mask: u64) -> u64 {
    let t = ((x >> shift) ^ x) & mask;
    x ^ t ^ (t << shift)
}

/// The bit-matrix transpose between 8 registers of (block b₂b₁b₀ → register; b₃, byte k, bit j →
/// bit 32b₃ + 8k + j) and planes (bit j → register; lane 16k + b). Swapping the register index
/// with the bit index is its own inverse; the byte shuffle is undone by `to_words`.
#[inline(always)]
fn swap_index_bits(r: &mut [u64; 8]) {
    for (shift, mask) in [
        (4, 0x0f0f_0f0f_0f0f_0f0f),
        (2, 0x3333_3333_3333_3333),
        (1, 0x5555_5555_5555_5555),
    ] {
        let stride = shift as usize;
        for i in 0..8 {
            if i & stride == 0 {
                let (lo, hi) = r.split_at_mut(i + stride);
                swap_move(&mut lo[i], &mut hi[0], shift, mask);
            }
        }
    }
}

/// Word `w` of blocks 0..16 as planes (missing blocks read as zero).
#[inline(always)]
fn to_planes(blocks: &[Block], w: usize) -> Planes {
    let word = |b: usize| -> u64 {
        blocks.get(b).map_or(0, |blk| {
            u32::from_be_bytes([blk[4 * w], blk[4 * w + 1], blk[4 * w + 2], blk[4 * w + 3]]) as u64
        })
    };
    let mut r: [u64; 8] = core::array::from_fn(|b| word(b) | (word(b + 8) << 32));
    swap_index_bits(&mut r);
    // Bits 5, 4, 3 of the lane index hold (b₃, k₁, k₀); move them to (k₁, k₀, b₃).
    for p in r.iter_mut() {
        *p = delta_swap(*p, 16, 0x0000_0000_ffff_0000);
        *p = delta_swap(*p, 8, 0x0000_ff00_0000_ff00);
    }
    r
}

/// The inverse of [`to_planes`]: write word `w` of `blocks`.
#[inline(always)]
fn to_words(mut r: Planes, blocks: &mut [Block], w: usize) {
    for p in r.iter_mut() {
        *p = delta_swap(*p, 8, 0x0000_ff00_0000_ff00);
        *p = delta_swap(*p, 16, 0x0000_0000_ffff_0000);
    }
    swap_index_bits(&mut r);
    for (b, blk) in blocks.iter_mut().enumerate() {
        let v = (r[b % 8] >> (32 * (b / 8))) as u32;
        blk[4 * w..4 * w + 4].copy_from_slice(&v.to_be_bytes());
    }
}

/// A round key broadcast to all 16 blocks: plane j has lanes 16k..16k+16 set when bit j of
/// byte k of `rk` is.
#[inline(always)]
fn rk_planes(rk: u32) -> Planes {
    // Byte k of rk to bits 16k..16k+8.
    let mut e = rk as u64;
    e = (e | (e << 16)) & 0x0000_ffff_0000_ffff;
    e = (e | (e << 8)) & 0x00ff_00ff_00ff_00ff;
    core::array::from_fn(|j| {
        // Each 16-bit field is 0 or 1; times 0xffff without a multiplier (constant time
        // everywhere, even where multiplication is not).
        let v = (e >> j) & 0x0001_0001_0001_0001;
        (v << 16).wrapping_sub(v)
    })
}

/// The round keys as planes, in the order of use, with the S-box's affine constants folded in.
///
/// The circuit computes core(t) = S(t ⊕ KAPPA) ⊕ SBOX_C. KAPPA goes into every round key. The
/// missing SBOX_C makes each new word X_{i+4} off by L(SBOX_C) from the round-4 group before
/// it: words X_{4m} … X_{4m+3} are off by L_OF_C exactly when m is odd, so the key of round
/// i = 4m + r also cancels the offsets of its three inputs, and X₃₂ … X₃₅ come out exact.
fn key_planes(rk: impl Iterator<Item = u32>) -> [Planes; 32] {
    let mut out = [[0u64; 8]; 32];
    for (i, (p, r)) in out.iter_mut().zip(rk).enumerate() {
        let (m, pos) = (i / 4, i % 4);
        // Inputs X_{i+1..i+3}: r = 0 → three of group m; 1 → two of m, one of m+1;
        // 2 → one of m, two of m+1; 3 → three of m+1. Their offsets sum to that of group
        // m (r even) or m + 1 (r odd).
        let group = if pos % 2 == 0 { m } else { m + 1 };
        let offset = if group % 2 == 1 { L_OF_C } else { 0 };
        *p = rk_planes(r ^ KAPPA ^ offset);
    }
    out
}

/// One round on planes: x0 ^= L(core(x1 ^ x2 ^ x3 ^ rk)).
#[inline(always)]
fn round(x0: &mut Planes, x1: &Planes, x2: &Planes, x3: &Planes, rk: &Planes) {
    let t: Planes = core::array::from_fn(|j| x1[j] ^ x2[j] ^ x3[j] ^ rk[j]);
    let b = sbox_core(t);
    // L(B) = B ⊕ (B <<< 24) ⊕ (C <<< 2) with C = B ⊕ (B <<< 8) ⊕ (B <<< 16).
    let c: Planes = core::array::from_fn(|j| b[j] ^ rot_bytes(b[j], 1) ^ rot_bytes(b[j], 2));
    for j in 0..8 {
        // Bit 8k + j of C <<< 2 is bit 8k + j − 2 of C: plane j − 2, or plane j + 6 one byte down.
        let c2 = if j >= 2 {
            c[j - 2]
        } else {
            rot_bytes(c[j + 6], 1)
        };
        x0[j] ^= b[j] ^ rot_bytes(b[j], 3) ^ c2;
    }
}

/// Up to 16 blocks through the 32 rounds on planes.
#[inline(always)]
fn crypt_planes(blocks: &mut [Block], keys: &[Planes; 32]) {
    debug_assert!(blocks.len() <= LANES);
    let mut x0 = to_planes(blocks, 0);
    let mut x1 = to_planes(blocks, 1);
    let mut x2 = to_planes(blocks, 2);
    let mut x3 = to_planes(blocks, 3);
    for k in keys.chunks_exact(4) {
        round(&mut x0, &x1, &x2, &x3, &k[0]);
        round(&mut x1, &x2, &x3, &x0, &k[1]);
        round(&mut x2, &x3, &x0, &x1, &k[2]);
        round(&mut x3, &x0, &x1, &x2, &k[3]);
    }
    // R: (X₃₅, X₃₄, X₃₃, X₃₂).
    to_words(x3, blocks, 0);
    to_words(x2, blocks, 1);
    to_words(x1, blocks, 2);
    to_words(x0, blocks, 3);
}

fn crypt_blocks<I>(blocks: &mut [Block], rk: impl Fn() -> I)
where
    I: Iterator<Item = u32>,
{
    match blocks.len() {
        0 => {}
        // A single block is cheaper word by word than as one lane of a bitsliced step.
        1 => crypt_one(&mut blocks[0], rk()),
        _ => {
            let mut keys = key_planes(rk());
            for chunk in blocks.chunks_mut(LANES) {
                crypt_planes(chunk, &keys);
            }
            keys.zeroize();
        }
    }
}

/// GB/T 32907 §7.1: encrypt each block in place.
pub(super) fn encrypt_blocks(rk: &[u32; 32], blocks: &mut [Block]) {
    crypt_blocks(blocks, || rk.iter().copied());
}

/// GB/T 32907 §7.2: decrypt each block in place (the round keys in reverse order).
pub(super) fn decrypt_blocks(rk: &[u32; 32], blocks: &mut [Block]) {
    crypt_blocks(blocks, || rk.iter().rev().copied());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ck_matches_standard() {
        // GB/T 32907 §7.3: the first and last CK values as printed in the standard.
        assert_eq!(CK[0], 0x0007_0e15);
        assert_eq!(CK[1], 0x1c23_2a31);
        assert_eq!(CK[31], 0x646b_7279);
    }

    #[test]
    fn planes_round_trip() {
        let mut blocks = [[0u8; 16]; 16];
        for (i, b) in blocks.iter_mut().enumerate() {
            for (j, x) in b.iter_mut().enumerate() {
                *x = (i * 16 + j) as u8 ^ 0xa5;
            }
        }
        let orig = blocks;
        for w in 0..4 {
            let p = to_planes(&blocks, w);
            to_words(p, &mut blocks, w);
        }
        assert_eq!(blocks, orig);
    }

    #[test]
    fn planes_layout() {
        // Bit j of byte k (from the least significant) of word 0 of block b is lane 16k + b
        // of plane j.
        let mut blocks = [[0u8; 16]; 16];
        blocks[5][1] = 0x08; // word 0, byte k = 2, bit j = 3
        let p = to_planes(&blocks, 0);
        for (j, plane) in p.iter().enumerate() {
            let want = if j == 3 { 1u64 << (16 * 2 + 5) } else { 0 };
            assert_eq!(*plane, want);
        }
    }
}
