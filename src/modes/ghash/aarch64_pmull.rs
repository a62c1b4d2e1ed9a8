//! GHASH with `PMULL`/`PMULL2` on aarch64 (SP 800-38D §6.4): eight blocks per reduction.
//!
//! Representation and reduction are those of `x86_64_pclmul` (see there for the algebra): a
//! register (lane 0 = low 64 bits) holds a block's big-endian value X′ = x₁·2⁶⁴ + x₀ in GCM's
//! reflected bit order; the powers of H are kept as H̃^k = x·(H^k)′ mod P′ so that one
//! Montgomery reduction (two `PMULL`s by x^63 + x^62 + x^57 and two qword swaps) of a sum of
//! products gives the reflected result, with no bit reversal.
//!
//! Loading a block takes only `REV64` (bytes reversed within each qword), which leaves the
//! register as [x₁, x₀], halves swapped. The powers are stored swapped the same way, [p₁, p₀], so
//! `PMULL2` (lane 1 × lane 1) gives x₀·p₀ and `PMULL` (lane 0 × lane 0) gives x₁·p₁; the running
//! Y is swapped once per group. A block's product is Karatsuba: those two and `PMULL` of x₀ + x₁
//! (one `EXT` + `EOR`) against the precomputed p₀ + p₁. The three partial sums stay unreduced
//! over a group of eight blocks; the middle term is fixed up and the sum reduced once. Per block:
//! `LDR q` (paired), `REV64`, `EXT`, four `EOR`s, three multiplies, plus 1/8 of the reduction
//! (two `PMULL`, three `EXT`, six `EOR`). Karatsuba is what the published aarch64 GHASH kernels
//! (Linux `ghash-ce`, OpenSSL `ghashv8`) use too: its `EXT` + `EOR` are cheaper than a fourth
//! multiply and its `EOR` on cores with one `PMULL` pipe.
//!
//! No branch or memory address depends on H or the data; the powers are zeroized on drop.

use core::arch::aarch64::*;

use crate::cpu::Pmull;
use crate::traits::Block;
use zeroize::Zeroize;

/// Blocks per reduction: 24 independent multiplies cover the chain from one group's Y to the
/// next (load, `EOR`, multiply, reduction) on cores with 2–3 cycle `PMULL`.
const GROUP: usize = 8;

/// x^63 + x^62 + x^57: what a 64-bit fold multiplies by (P′ − x^128 − 1 = x^64 · this).
const FOLD: u64 = 0xc200_0000_0000_0000;

/// H̃ = x·H′ mod P′ from H′ (the big-endian value of H); constant time.
fn h_tilde(h: u128) -> u128 {
    let carry = 0u128.wrapping_sub(h >> 127);
    (h << 1) ^ (carry & 0xc200_0000_0000_0000_0000_0000_0000_0001)
}

/// A `u128` into a register (lane 0 = low 64 bits).
#[target_feature(enable = "neon,aes")]
#[inline]
fn from_u128(x: u128) -> uint64x2_t {
    vreinterpretq_u64_p128(x)
}

/// A register back into a `u128`.
#[target_feature(enable = "neon,aes")]
#[inline]
fn to_u128(x: uint64x2_t) -> u128 {
    vreinterpretq_p128_u64(x)
}

/// A block X as [x₁, x₀]: its big-endian value with the two qwords swapped (`REV64`).
#[target_feature(enable = "neon,aes")]
#[inline]
fn load_block_swapped(b: &Block) -> uint64x2_t {
    // SAFETY: `b` is 16 readable bytes and `LD1` of bytes has no alignment requirement.
    let x = unsafe { vld1q_u8(b.as_ptr()) };
    vreinterpretq_u64_u8(vrev64q_u8(x))
}

/// The two qwords exchanged (`EXT #8`).
#[target_feature(enable = "neon,aes")]
#[inline]
fn swap(x: uint64x2_t) -> uint64x2_t {
    vextq_u64::<1>(x, x)
}

/// Carry-less product of the low qwords (`PMULL`).
#[target_feature(enable = "neon,aes")]
#[inline]
fn clmul_lo(a: uint64x2_t, b: u64) -> uint64x2_t {
    from_u128(vmull_p64(vgetq_lane_u64::<0>(a), b))
}

/// Carry-less product of the high qwords (`PMULL2`).
#[target_feature(enable = "neon,aes")]
#[inline]
fn clmul_hi(a: uint64x2_t, b: uint64x2_t) -> uint64x2_t {
    from_u128(vmull_high_p64(
        vreinterpretq_p64_u64(a),
        vreinterpretq_p64_u64(b),
    ))
}

/// Karatsuba sums `[Σ lo, Σ (x₀+x₁)(p₀+p₁), Σ hi]` of a group of products.
type Parts = [uint64x2_t; 3];

/// `acc` plus the Karatsuba parts of x·p, from x and p with swapped halves ([x₁, x₀], [p₁, p₀])
/// and `q` = p₀ + p₁.
#[target_feature(enable = "neon,aes")]
#[inline]
fn mul_add(acc: Parts, xs: uint64x2_t, ps: uint64x2_t, q: u64) -> Parts {
    let m = veorq_u64(xs, swap(xs));
    [
        veorq_u64(acc[0], clmul_hi(xs, ps)),
        veorq_u64(acc[1], clmul_lo(m, q)),
        veorq_u64(acc[2], clmul_lo(xs, vgetq_lane_u64::<0>(ps))),
    ]
}

/// Karatsuba's middle term (m + lo + hi), then the Montgomery reduction
/// (hi·x^128 + mid·x^64 + lo)·x^−128 mod P′.
#[target_feature(enable = "neon,aes")]
#[inline]
fn reduce([lo, m, hi]: Parts) -> uint64x2_t {
    let mid = veorq_u64(m, veorq_u64(lo, hi));
    // Add lo₀·P′ (clears the low 64 bits) and divide by x^64: lo₀·x^64 + lo₁ + lo₀·FOLD joins mid.
    let mid = veorq_u64(veorq_u64(mid, swap(lo)), clmul_lo(lo, FOLD));
    // The same for mid₀; what is left is 128 bits.
    veorq_u64(veorq_u64(hi, swap(mid)), clmul_lo(mid, FOLD))
}

/// p₀ + p₁: the second factor of Karatsuba's middle product.
fn karatsuba_half(p: u128) -> u64 {
    (p as u64) ^ ((p >> 64) as u64)
}

/// H̃^n, …, H̃^2, H̃^1 with swapped halves (index i holds H̃^(n−i) rotated by 64) from H′.
#[target_feature(enable = "neon,aes")]
fn powers_desc_swapped(h: u128, out: &mut [u128]) {
    let h1 = h_tilde(h);
    let (s1, q1) = (from_u128(h1.rotate_left(64)), karatsuba_half(h1));
    let mut p = from_u128(h1);
    for (k, slot) in out.iter_mut().rev().enumerate() {
        if k > 0 {
            // x·a′ · x·b′ · x^−128 ≡ x·(ab)′: Montgomery form is closed under the product.
            let zero = vdupq_n_u64(0);
            p = reduce(mul_add([zero; 3], swap(p), s1, q1));
        }
        *slot = to_u128(swap(p));
    }
}

/// Precomputed H̃^8, …, H̃^1 (halves swapped) and their Karatsuba halves. Zeroized on drop.
#[derive(Clone)]
pub(super) struct Key {
    token: Pmull,
    powers: [u128; GROUP],
    halves: [u64; GROUP],
}

impl Key {
    /// Expand H′ (the big-endian value of H).
    pub(super) fn new(token: Pmull, h: u128) -> Self {
        let mut powers = [0u128; GROUP];
        // SAFETY: the token proves NEON and PMULL (`aes`).
        unsafe { powers_desc_swapped(h, &mut powers) };
        // p₀ + p₁ is the same with the halves swapped.
        let halves = powers.map(karatsuba_half);
        Key {
            token,
            powers,
            halves,
        }
    }

    /// Y ← (…((Y ⊕ X₁)·H ⊕ X₂)·H …)·H (SP 800-38D Algorithm 2, continued from `y`).
    pub(super) fn update(&self, y: u128, blocks: &[Block]) -> u128 {
        // SAFETY: the token proves NEON and PMULL (`aes`).
        unsafe { update(self.token, &self.powers, &self.halves, y, blocks) }
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.powers.zeroize();
        self.halves.zeroize();
    }
}

#[target_feature(enable = "neon,aes")]
fn update(
    _: Pmull,
    powers: &[u128; GROUP],
    halves: &[u64; GROUP],
    y: u128,
    blocks: &[Block],
) -> u128 {
    let mut y = from_u128(y);
    let (groups, rest) = blocks.as_chunks::<GROUP>();
    for g in groups {
        y = reduce(absorb(powers, halves, y, g));
    }
    if !rest.is_empty() {
        // n < 8 blocks left: the same sum with H̃^n, …, H̃^1.
        let base = GROUP - rest.len();
        y = reduce(absorb(&powers[base..], &halves[base..], y, rest));
    }
    to_u128(y)
}

/// (Y ⊕ X₀)·H̃^n + X₁·H̃^(n−1) + … + X_(n−1)·H̃ as unreduced Karatsuba sums; `powers` holds
/// H̃^n, …, H̃ (halves swapped) and `halves` their p₀ + p₁, one per block.
#[target_feature(enable = "neon,aes")]
#[inline]
fn absorb(powers: &[u128], halves: &[u64], y: uint64x2_t, blocks: &[Block]) -> Parts {
    let mut terms = blocks.iter().zip(powers).zip(halves);
    let first = terms.next();
    let mut acc = [vdupq_n_u64(0); 3];
    // The products that do not wait for Y first.
    for ((b, &p), &q) in terms.rev() {
        acc = mul_add(acc, load_block_swapped(b), from_u128(p), q);
    }
    if let Some(((b, &p), &q)) = first {
        let x = veorq_u64(load_block_swapped(b), swap(y));
        acc = mul_add(acc, x, from_u128(p), q);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::Token;

    /// SP 800-38D Algorithm 1, bit by bit: an independent reference.
    fn mul_reference(x: u128, y: u128) -> u128 {
        const R: u128 = 0xe1 << 120;
        let mut z = 0u128;
        let mut v = y;
        for i in 0..128 {
            z ^= v & 0u128.wrapping_sub((x >> (127 - i)) & 1);
            v = (v >> 1) ^ (R & 0u128.wrapping_sub(v & 1));
        }
        z
    }

    #[test]
    fn every_length_matches_reference() {
        let Some(t) = Pmull::get() else {
            return;
        };
        // H with the top bit set (the x·H′ carry path) and a plain one.
        for h in [
            0xb83b533708bf535d0aa6e52980d53b78_u128,
            0x66e94bd4ef8a2c3b884cfa59ca342b2e_u128,
        ] {
            let key = Key::new(t, h);
            let blocks: [Block; 27] = core::array::from_fn(|i| {
                core::array::from_fn(|j| (i * 16 + j) as u8 ^ 0x5a).map(|b: u8| b.wrapping_mul(29))
            });
            for n in 0..=blocks.len() {
                let mut serial = 0x0123_4567_89ab_cdef_u128 << 32;
                for b in &blocks[..n] {
                    serial = mul_reference(serial ^ u128::from_be_bytes(*b), h);
                }
                assert_eq!(
                    key.update(0x0123_4567_89ab_cdef << 32, &blocks[..n]),
                    serial
                );
            }
        }
    }
}
