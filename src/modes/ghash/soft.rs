//! Portable constant-time GHASH multiply (SP 800-38D §6.3).
//!
//! Field elements are kept as the big-endian `u128` of their block, i.e. in GCM's bit-reflected
//! order: the coefficient of x^i is bit 127 − i. A carry-less product of reflected operands is the
//! reflection of the product, so no bit reversal is needed; only the reduction works "backwards"
//! (right shifts instead of left shifts).
//!
//! The 64 × 64 carry-less multiply uses ordinary integer multiplies on operands with holes: every
//! fifth bit is kept, so each column of a partial product sums at most 13 one-bits and the carries
//! never reach the next kept bit. No table, no branch and no memory index depends on H or the data.

use zeroize::Zeroize;

/// Bits `i` with `i mod 5 == k`, for k = 0..5, in a 64-bit word.
const M64: [u64; 5] = masks64();
/// The same classes over 128 bits.
const M128: [u128; 5] = masks128();

const fn masks64() -> [u64; 5] {
    let mut m = [0u64; 5];
    let mut i = 0;
    while i < 64 {
        m[i % 5] |= 1 << i;
        i += 1;
    }
    m
}

const fn masks128() -> [u128; 5] {
    let mut m = [0u128; 5];
    let mut i = 0;
    while i < 128 {
        m[i % 5] |= 1 << i;
        i += 1;
    }
    m
}

/// Carry-less 64 × 64 → 128 multiply.
#[inline(always)]
fn clmul64(x: u64, y: u64) -> u128 {
    let xs = [x & M64[0], x & M64[1], x & M64[2], x & M64[3], x & M64[4]];
    let ys = [y & M64[0], y & M64[1], y & M64[2], y & M64[3], y & M64[4]];
    let mut z = 0u128;
    let mut k = 0;
    while k < 5 {
        // Partial products whose bits land in residue class k.
        let mut acc = 0u128;
        let mut i = 0;
        while i < 5 {
            let j = (k + 5 - i) % 5;
            acc ^= (xs[i] as u128) * (ys[j] as u128);
            i += 1;
        }
        z |= acc & M128[k];
        k += 1;
    }
    z
}

/// Unreduced 256-bit carry-less product `(hi, lo)` of two reflected elements (Karatsuba).
#[inline(always)]
fn clmul128(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = ((a >> 64) as u64, a as u64);
    let (b1, b0) = ((b >> 64) as u64, b as u64);
    let hi = clmul64(a1, b1);
    let lo = clmul64(a0, b0);
    let mid = clmul64(a1 ^ a0, b1 ^ b0) ^ hi ^ lo;
    (hi ^ (mid >> 64), lo ^ (mid << 64))
}

/// Reduce a 256-bit reflected product modulo x^128 + x^7 + x^2 + x + 1.
#[inline(always)]
fn reduce(hi: u128, lo: u128) -> u128 {
    // The product of two reflected 128-bit values has x^k at bit 254 − k; shift by one so that
    // `q_hi` holds x^0..x^127 and `q_lo` holds x^128..x^255, both reflected.
    let q_hi = (hi << 1) | (lo >> 127);
    let q_lo = lo << 1;
    // x^128 · L ≡ L · (1 + x + x^2 + x^7). Multiplying by x^j is a right shift by j here; the
    // bits shifted out (degree ≥ 128) come back as E = L << (128 − j), reduced once more.
    let e = (q_lo << 127) ^ (q_lo << 126) ^ (q_lo << 121);
    let l = q_lo ^ e;
    q_hi ^ l ^ (l >> 1) ^ (l >> 2) ^ (l >> 7)
}

/// `a · b` in GF(2^128), GCM bit order.
#[inline]
pub(super) fn mul(a: u128, b: u128) -> u128 {
    let (hi, lo) = clmul128(a, b);
    reduce(hi, lo)
}

/// Blocks folded per reduction.
const LANES: usize = 4;

/// Precomputed H, H^2, H^3, H^4 (index i holds H^(i+1)).
#[derive(Clone)]
pub(super) struct Key {
    powers: [u128; LANES],
}

impl Key {
    pub(super) fn new(h: u128) -> Self {
        let mut powers = [h; LANES];
        for i in 1..LANES {
            powers[i] = mul(powers[i - 1], h);
        }
        Key { powers }
    }

    /// Y ← (…((Y ⊕ X1)·H ⊕ X2)·H …)·H over `blocks` (SP 800-38D Algorithm 2).
    pub(super) fn update(&self, y: u128, blocks: &[[u8; 16]]) -> u128 {
        let mut y = y;
        let (quads, rest) = blocks.as_chunks::<LANES>();
        for q in quads {
            // (Y ⊕ X1)·H^4 ⊕ X2·H^3 ⊕ X3·H^2 ⊕ X4·H, one reduction for four products.
            let mut hi = 0u128;
            let mut lo = 0u128;
            for (i, blk) in q.iter().enumerate() {
                let mut x = u128::from_be_bytes(*blk);
                if i == 0 {
                    x ^= y;
                }
                let (h, l) = clmul128(x, self.powers[LANES - 1 - i]);
                hi ^= h;
                lo ^= l;
            }
            y = reduce(hi, lo);
        }
        for blk in rest {
            y = mul(y ^ u128::from_be_bytes(*blk), self.powers[0]);
        }
        y
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.powers.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SP 800-38D Algorithm 1, bit by bit: an independent reference.
    fn mul_reference(x: u128, y: u128) -> u128 {
        const R: u128 = 0xe1 << 120;
        let mut z = 0u128;
        let mut v = y;
        for i in 0..128 {
            if (x >> (127 - i)) & 1 == 1 {
                z ^= v;
            }
            v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
        }
        z
    }

    #[test]
    fn mul_gcm_spec_test_case_2() {
        // McGrew–Viega, "The Galois/Counter Mode of Operation", Test Case 2:
        // X1 = C1 · H with H = 66e94bd4…, C1 = 0388dace….
        let h = 0x66e94bd4ef8a2c3b884cfa59ca342b2e_u128;
        let c1 = 0x0388dace60b6a392f328c2b971b2fe78_u128;
        assert_eq!(mul(c1, h), 0x5e2ec746917062882c85b0685353deb7);
    }

    #[test]
    fn mul_matches_bitwise_reference() {
        // Structured and xorshift-generated operands, including all-ones words that maximise the
        // column sums of the holed multiply.
        let mut operands = [0u128; 206];
        operands[..6].copy_from_slice(&[
            0,
            1,
            u128::MAX,
            1 << 127,
            u64::MAX as u128,
            u128::MAX << 64,
        ]);
        let mut s = 0x9e3779b97f4a7c15f39cc0605cedc834_u128;
        for op in operands[6..].iter_mut() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            *op = s;
        }
        for &a in &operands {
            for &b in operands.iter().take(40) {
                assert_eq!(mul(a, b), mul_reference(a, b), "{a:032x} * {b:032x}");
            }
        }
    }

    #[test]
    fn aggregated_update_matches_serial() {
        let h = 0xb83b533708bf535d0aa6e52980d53b78_u128;
        let key = Key::new(h);
        let blocks: [[u8; 16]; 11] =
            core::array::from_fn(|i| [(i as u8).wrapping_mul(37).wrapping_add(1); 16]);
        for n in 0..=blocks.len() {
            let mut serial = 0x1234u128;
            for b in &blocks[..n] {
                serial = mul_reference(serial ^ u128::from_be_bytes(*b), h);
            }
            assert_eq!(key.update(0x1234, &blocks[..n]), serial, "n = {n}");
        }
    }
}
