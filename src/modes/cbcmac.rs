//! The CBC-MACs of GB/T 15852.1-2020 (= ISO/IEC 9797-1:2011): MAC algorithms 1, 2, 3, 4 and 6
//! with padding methods 1 (zero), 2 and 3. Algorithm 5 is CMAC ([`super::cmac`]).
//!
//! With `n` = 16-byte blocks D₁ … D_q of the padded message and H₀ = 0:
//!
//! | algorithm | initial transformation | iteration | output transformation |
//! |---|---|---|---|
//! | 1 | H₁ = E_K(D₁) | Hᵢ = E_K(Dᵢ ⊕ Hᵢ₋₁) | G = H_q |
//! | 2 (EMAC) | as 1 | as 1 | G = E_K′(H_q) |
//! | 3 (ANSI retail) | as 1 | as 1 | G = E_K(D_K′(H_q)) |
//! | 4 (MacDES) | H₁ = E_K″(E_K(D₁)), K″ = K′ ⊕ (F0)¹⁶ | as 1 | G = E_K′(H_q) |
//! | 6 (LMAC) | under K₁ = E_K(0¹²⁰‖01) | under K₁ for D₂ … D_{q−1} | G = E_K₂(D_q ⊕ H_{q−1}), K₂ = E_K(0¹²⁰‖02) |
//!
//! Padding: method 1 appends zeros up to a block boundary (none if already aligned; the empty
//! message becomes one zero block); method 2 appends 0x80 then zeros (always at least one byte);
//! method 3 prepends a block holding the message length in bits, big-endian, then pads as
//! method 1 (no extra block when aligned; the empty message is the length block alone).
//!
//! Tags: [`compute`] writes the leftmost `out.len()` bytes, 8–16 (4–7 only with the `hazmat`
//! feature; SP 800-38B Appendix A's 64-bit floor, as for CMAC). [`verify`] checks a full 16-byte
//! tag only; a truncated tag goes through [`verify_truncated`], where the caller states the length
//! it expects, so the length of a tag read off the wire never picks how much of the MAC is checked.

use super::cmac::check_tag_len;
use super::util::xor_block;
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit};
use zeroize::Zeroize;

/// GB/T 15852.1-2020 MAC algorithm number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Algorithm 1: plain CBC-MAC.
    Alg1,
    /// Algorithm 2: EMAC, a final encryption under K′.
    Alg2,
    /// Algorithm 3: ANSI X9.19 retail MAC, final D_K′ then E_K.
    Alg3,
    /// Algorithm 4: MacDES, an extra initial encryption under K″ and a final one under K′.
    Alg4,
    /// Algorithm 6: LMAC, keys derived from K; the last block under K₂.
    Alg6,
}

impl Algorithm {
    /// Whether the algorithm takes a second key K′.
    pub fn needs_key2(self) -> bool {
        matches!(self, Algorithm::Alg2 | Algorithm::Alg3 | Algorithm::Alg4)
    }
}

/// GB/T 15852.1-2020 padding method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// Padding method 1: zeros to a block boundary.
    Zero,
    /// Padding method 2: 0x80, then zeros.
    Method2,
    /// Padding method 3: a length block first, then zeros.
    Method3,
}

/// The padded message as a sequence of blocks, produced without copying the message.
struct Padded<'a> {
    pad: Padding,
    msg: &'a [u8],
}

impl Padded<'_> {
    fn count(&self) -> usize {
        let full = self.msg.len() / 16;
        let partial = usize::from(!self.msg.len().is_multiple_of(16));
        match self.pad {
            Padding::Zero => (full + partial).max(1),
            Padding::Method2 => full + 1,
            Padding::Method3 => 1 + full + partial,
        }
    }

    /// Block `i` of the padded message.
    fn block(&self, i: usize) -> Block {
        let (i, len_block) = match self.pad {
            Padding::Method3 if i == 0 => (0, true),
            Padding::Method3 => (i - 1, false),
            _ => (i, false),
        };
        if len_block {
            return ((self.msg.len() as u128) * 8).to_be_bytes();
        }
        let mut b = [0u8; 16];
        let start = i * 16;
        let n = self.msg.len().saturating_sub(start).min(16);
        b[..n].copy_from_slice(&self.msg[start..start + n]);
        if self.pad == Padding::Method2 && n < 16 {
            b[n] = 0x80;
        }
        b
    }
}

/// Compute the MAC of `msg` into `out` (its length selects the truncation: 8–16 bytes, 4–7 with
/// the `hazmat` feature, [`Error::InvalidTagLength`] otherwise), keying the cipher `C` from bytes
/// on its automatic backend.
///
/// `key2` is K′ for algorithms 2, 3 and 4 and must be absent for 1 and 6.
pub fn compute<C: BlockCipher128 + KeyInit>(
    alg: Algorithm,
    pad: Padding,
    key: &[u8],
    key2: Option<&[u8]>,
    msg: &[u8],
    out: &mut [u8],
) -> Result<()> {
    compute_with(alg, pad, key, key2, msg, out, C::new_from_slice)
}

/// As [`compute`], with `keyed` building each cipher instance from key bytes (e.g. to force a
/// backend). Called for K, and for K′, K″ or the derived K₁, K₂ as the algorithm needs.
pub fn compute_with<C: BlockCipher128>(
    alg: Algorithm,
    pad: Padding,
    key: &[u8],
    key2: Option<&[u8]>,
    msg: &[u8],
    out: &mut [u8],
    mut keyed: impl FnMut(&[u8]) -> Result<C>,
) -> Result<()> {
    check_tag_len(out.len())?;
    let key2 = match (alg.needs_key2(), key2) {
        (true, Some(k2)) => Some(k2),
        (true, None) => return Err(Error::InvalidKeyLength),
        (false, Some(_)) => return Err(Error::InvalidParameter),
        (false, None) => None,
    };
    let k = keyed(key)?;
    let k2 = key2.map(&mut keyed).transpose()?;
    let blocks = Padded { pad, msg };
    let q = blocks.count();

    let mut h = [0u8; 16];
    let mut g = match alg {
        Algorithm::Alg1 | Algorithm::Alg2 | Algorithm::Alg3 => {
            chain(&k, &blocks, 0..q, &mut h);
            h
        }
        Algorithm::Alg4 => {
            // Initial transformation 3: H₁ = E_K″(E_K(D₁)), K″ = K′ ⊕ F0F0…F0.
            let mut k2x: [u8; 64] = [0; 64];
            let k2b = key2.unwrap_or_default();
            if k2b.len() > k2x.len() {
                return Err(Error::InvalidKeyLength);
            }
            for (d, s) in k2x.iter_mut().zip(k2b) {
                *d = s ^ 0xf0;
            }
            let k_dd = keyed(&k2x[..k2b.len()]);
            k2x.zeroize();
            let k_dd = k_dd?;
            h = blocks.block(0);
            k.encrypt_block(&mut h);
            k_dd.encrypt_block(&mut h);
            chain(&k, &blocks, 1..q, &mut h);
            h
        }
        Algorithm::Alg6 => {
            // K₁ = E_K(0¹²⁰ ‖ 01), K₂ = E_K(0¹²⁰ ‖ 02).
            let mut kd = [[0u8; 16]; 2];
            kd[0][15] = 1;
            kd[1][15] = 2;
            k.encrypt_blocks(&mut kd);
            let k1 = keyed(&kd[0]);
            let k2d = keyed(&kd[1]);
            kd.zeroize();
            let (k1, k2d) = (k1?, k2d?);
            chain(&k1, &blocks, 0..q - 1, &mut h);
            xor_block(&mut h, &blocks.block(q - 1));
            k2d.encrypt_block(&mut h);
            h
        }
    };
    match (alg, &k2) {
        // Output transformation 2: G = E_K′(H_q).
        (Algorithm::Alg2 | Algorithm::Alg4, Some(k2)) => k2.encrypt_block(&mut g),
        // Output transformation 3: G = E_K(D_K′(H_q)).
        (Algorithm::Alg3, Some(k2)) => {
            k2.decrypt_block(&mut g);
            k.encrypt_block(&mut g);
        }
        _ => {}
    }
    out.copy_from_slice(&g[..out.len()]);
    h.zeroize();
    g.zeroize();
    Ok(())
}

/// Hᵢ = E(Dᵢ ⊕ Hᵢ₋₁) for i in `range`.
fn chain<C: BlockCipher128>(
    c: &C,
    blocks: &Padded<'_>,
    range: core::ops::Range<usize>,
    h: &mut Block,
) {
    for i in range {
        xor_block(h, &blocks.block(i));
        c.encrypt_block(h);
    }
}

/// Constant-time check of a full 16-byte tag: [`Error::InvalidTagLength`] for any other length,
/// [`Error::Opaque`] on mismatch.
pub fn verify<C: BlockCipher128 + KeyInit>(
    alg: Algorithm,
    pad: Padding,
    key: &[u8],
    key2: Option<&[u8]>,
    msg: &[u8],
    tag: &[u8],
) -> Result<()> {
    verify_truncated::<C>(alg, pad, key, key2, msg, 16, tag)
}

/// Constant-time check of a tag truncated to `tag_len` bytes, the length the caller's protocol
/// fixes (8–16, 4–7 with the `hazmat` feature): [`Error::InvalidTagLength`] for a disallowed
/// `tag_len` or a `tag` of another length, [`Error::Opaque`] on mismatch.
pub fn verify_truncated<C: BlockCipher128 + KeyInit>(
    alg: Algorithm,
    pad: Padding,
    key: &[u8],
    key2: Option<&[u8]>,
    msg: &[u8],
    tag_len: usize,
    tag: &[u8],
) -> Result<()> {
    if tag.len() != check_tag_len(tag_len)? {
        return Err(Error::InvalidTagLength);
    }
    let mut t = [0u8; 16];
    compute::<C>(alg, pad, key, key2, msg, &mut t[..tag_len])?;
    let r = crate::ct::eq_or_opaque(&t[..tag_len], tag);
    t.zeroize();
    r
}

#[cfg(test)]
mod tests {
    use super::{Padded, Padding};

    #[test]
    fn padding_layout() {
        let msg = [0xaau8; 20];
        let p = Padded {
            pad: Padding::Method2,
            msg: &msg,
        };
        assert_eq!(p.count(), 2);
        let mut want = [0u8; 16];
        want[..4].fill(0xaa);
        want[4] = 0x80;
        assert_eq!(p.block(1), want);
        let p = Padded {
            pad: Padding::Method2,
            msg: &msg[..16],
        };
        assert_eq!(p.count(), 2);
        let mut want = [0u8; 16];
        want[0] = 0x80;
        assert_eq!(p.block(1), want);
        let p = Padded {
            pad: Padding::Method3,
            msg: &msg[..16],
        };
        assert_eq!(p.count(), 2);
        assert_eq!(p.block(0), 128u128.to_be_bytes());
        assert_eq!(p.block(1), [0xaa; 16]);
        let p = Padded {
            pad: Padding::Zero,
            msg: &[],
        };
        assert_eq!(p.count(), 1);
        assert_eq!(p.block(0), [0; 16]);
        let p = Padded {
            pad: Padding::Method3,
            msg: &[],
        };
        assert_eq!(p.count(), 1);
        assert_eq!(p.block(0), [0; 16]);
    }
}
