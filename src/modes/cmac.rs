//! CMAC (NIST SP 800-38B; RFC 4493 for AES; GB/T 15852.1-2020 MAC algorithm 5).
//!
//! The tag length is part of the keyed [`Cmac`]: 16 bytes unless set with [`Cmac::with_tag_len`]
//! (8–16 bytes; 4–7 only with the `hazmat` feature, SP 800-38B Appendix A recommending at least
//! 64 bits). [`Cmac::finalize_into`] writes exactly that many bytes and [`Cmac::verify`] refuses
//! any other length.

use super::util::{Chain, mode_name, xor_block};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit, Mac, tag_len_allowed};
use core::fmt;
use zeroize::Zeroize;

/// Multiply by x in GF(2¹²⁸) big-endian, reduction 0x87 (SP 800-38B §6.1), branch-free.
fn dbl(b: &Block) -> Block {
    let v = u128::from_be_bytes(*b);
    ((v << 1) ^ (0x87 & (v >> 127).wrapping_neg())).to_be_bytes()
}

/// CMAC state: the cipher, subkeys K1, K2, the chain and the tag length.
#[derive(Clone)]
pub struct Cmac<C> {
    cipher: C,
    k1: Block,
    k2: Block,
    chain: Chain,
    tag_len: usize,
}

/// `Ok(len)` for a tag length of the 128-bit block-cipher MACs (CMAC, XCBC, GB/T 15852.1):
/// 8–16 bytes; 4–7 only with the `hazmat` feature (SP 800-38B Appendix A: at least 64 bits for
/// most applications).
pub(crate) fn check_tag_len(len: usize) -> Result<usize> {
    tag_len_allowed(len, (8..=16).contains(&len), (4..8).contains(&len))
}

impl<C: BlockCipher128> Cmac<C> {
    /// CMAC under `cipher` with 16-byte tags (§6.1 subkey generation: L = E(0), K1 = L·x,
    /// K2 = L·x²).
    pub fn new(cipher: C) -> Self {
        let mut l = [0u8; 16];
        cipher.encrypt_block(&mut l);
        let k1 = dbl(&l);
        let k2 = dbl(&k1);
        l.zeroize();
        Cmac {
            cipher,
            k1,
            k2,
            chain: Chain::new(),
            tag_len: 16,
        }
    }

    /// The same key with tags truncated to their leftmost `tag_len` bytes (8–16, or 4–7 with
    /// the `hazmat` feature); [`Error::InvalidTagLength`] otherwise.
    pub fn with_tag_len(mut self, tag_len: usize) -> Result<Self> {
        self.tag_len = check_tag_len(tag_len)?;
        Ok(self)
    }

    /// The tag length in bytes.
    pub fn tag_len(&self) -> usize {
        self.tag_len
    }

    /// Absorb `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.chain.update(&self.cipher, data);
    }

    /// The full 16-byte tag (§6.2), whatever [`Cmac::tag_len`] is.
    pub fn finalize(mut self) -> Block {
        let (mut last, complete) = self.chain.last_block();
        // Mₙ ⊕ K1 for a complete last block, (Mₙ* ‖ 10^j) ⊕ K2 otherwise.
        xor_block(&mut last, if complete { &self.k1 } else { &self.k2 });
        xor_block(&mut self.chain.y, &last);
        last.zeroize();
        self.cipher.encrypt_block(&mut self.chain.y);
        self.chain.y
    }

    /// Write the tag, truncated to [`Cmac::tag_len`] bytes, into `out`, which must be exactly
    /// that long ([`Error::InvalidTagLength`] otherwise, nothing written).
    pub fn finalize_into(self, out: &mut [u8]) -> Result<()> {
        if out.len() != self.tag_len {
            return Err(Error::InvalidTagLength);
        }
        let mut t = self.finalize();
        out.copy_from_slice(&t[..out.len()]);
        t.zeroize();
        Ok(())
    }

    /// Constant-time check of `tag`: [`Error::InvalidTagLength`] unless it is exactly
    /// [`Cmac::tag_len`] bytes, [`Error::Opaque`] on mismatch.
    pub fn verify(self, tag: &[u8]) -> Result<()> {
        if tag.len() != self.tag_len {
            return Err(Error::InvalidTagLength);
        }
        let n = self.tag_len;
        let mut t = self.finalize();
        let r = crate::ct::eq_or_opaque(&t[..n], tag);
        t.zeroize();
        r
    }
}

impl<C> Drop for Cmac<C> {
    fn drop(&mut self) {
        self.k1.zeroize();
        self.k2.zeroize();
    }
}

impl<C: BlockCipher128> fmt::Debug for Cmac<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cmac")
            .field("cipher", &C::NAME)
            .finish_non_exhaustive()
    }
}

impl<C: BlockCipher128 + KeyInit> Mac for Cmac<C> {
    const NAME: &'static str = mode_name(C::NAME, ["SM4-CMAC", "AES-CMAC", "CMAC"]);
    const TAG_LEN: usize = 16;
    const MIN_TAG_LEN: usize = 8;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        C::new_from_slice(key).map(Cmac::new)
    }

    fn with_tag_len(self, tag_len: usize) -> Result<Self> {
        Cmac::with_tag_len(self, tag_len)
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }

    fn update(&mut self, data: &[u8]) {
        Cmac::update(self, data);
    }

    fn finalize_into(self, out: &mut [u8]) -> Result<()> {
        Cmac::finalize_into(self, out)
    }

    fn verify(self, tag: &[u8]) -> Result<()> {
        Cmac::verify(self, tag)
    }
}

#[cfg(test)]
mod tests {
    use super::{check_tag_len, dbl};
    use crate::error::Error;

    #[test]
    fn tag_lengths() {
        for n in 0..=17 {
            let want = match n {
                8..=16 => Ok(n),
                4..=7 if cfg!(feature = "hazmat") => Ok(n),
                _ => Err(Error::InvalidTagLength),
            };
            assert_eq!(check_tag_len(n), want, "{n}");
        }
    }

    #[test]
    fn subkeys_sp800_38b_d1() {
        // SP 800-38B D.1 (AES-128, K = 2b7e1516…): L = 7df76b0c…, K1 = fbeed618…, K2 = f7ddac30….
        let l = 0x7df76b0c1ab899b33e42f047b91b546f_u128.to_be_bytes();
        let k1 = dbl(&l);
        assert_eq!(k1, 0xfbeed618357133667c85e08f7236a8de_u128.to_be_bytes());
        assert_eq!(
            dbl(&k1),
            0xf7ddac306ae266ccf90bc11ee46d513b_u128.to_be_bytes()
        );
    }
}
