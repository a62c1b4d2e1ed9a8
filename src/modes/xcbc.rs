//! AES-XCBC-MAC (RFC 3566), generic over a 128-bit block cipher with a 128-bit key (SM4, AES-128).
//!
//! The tag length is part of the keyed [`Xcbc`]: 16 bytes unless set with [`Xcbc::with_tag_len`]
//! (8–16 bytes, RFC 3566's AES-XCBC-MAC-96 being 12; 4–7 only with the `hazmat` feature).

use super::cmac::check_tag_len;
use super::util::{Chain, mode_name, xor_block};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit, Mac};
use core::fmt;
use zeroize::Zeroize;

/// XCBC state: the cipher under K1, the masks K2, K3, the chain and the tag length.
#[derive(Clone)]
pub struct Xcbc<C> {
    k1: C,
    k2: Block,
    k3: Block,
    chain: Chain,
    tag_len: usize,
}

impl<C: BlockCipher128 + KeyInit> Xcbc<C> {
    /// XCBC keyed by `cipher`, 16-byte tags (RFC 3566 §4 step 1: K1 = E_K(0x01¹⁶), K2 = E_K(0x02¹⁶),
    /// K3 = E_K(0x03¹⁶)). K1 becomes a cipher key, so the cipher's key length must be 16 bytes
    /// ([`Error::InvalidKeyLength`] otherwise); the K1 cipher is keyed on the automatic backend.
    pub fn new(cipher: C) -> Result<Self> {
        let mut k = [[1u8; 16], [2u8; 16], [3u8; 16]];
        cipher.encrypt_blocks(&mut k);
        let k1 = C::new_from_slice(&k[0]);
        let r = k1.map(|k1| Xcbc {
            k1,
            k2: k[1],
            k3: k[2],
            chain: Chain::new(),
            tag_len: 16,
        });
        k.zeroize();
        r
    }
}

impl<C: BlockCipher128> Xcbc<C> {
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
        self.chain.update(&self.k1, data);
    }

    /// The full 16-byte tag (RFC 3566 §4 step 3), whatever [`Xcbc::tag_len`] is.
    pub fn finalize(mut self) -> Block {
        let (mut last, complete) = self.chain.last_block();
        // a) a complete block is XORed with K2; b) a padded one with K3.
        xor_block(&mut last, if complete { &self.k2 } else { &self.k3 });
        xor_block(&mut self.chain.y, &last);
        last.zeroize();
        self.k1.encrypt_block(&mut self.chain.y);
        self.chain.y
    }

    /// Write the tag, truncated to [`Xcbc::tag_len`] bytes, into `out`, which must be exactly
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
    /// [`Xcbc::tag_len`] bytes, [`Error::Opaque`] on mismatch.
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

impl<C> Drop for Xcbc<C> {
    fn drop(&mut self) {
        self.k2.zeroize();
        self.k3.zeroize();
    }
}

impl<C: BlockCipher128> fmt::Debug for Xcbc<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Xcbc")
            .field("cipher", &C::NAME)
            .finish_non_exhaustive()
    }
}

impl<C: BlockCipher128 + KeyInit> Mac for Xcbc<C> {
    const NAME: &'static str = mode_name(C::NAME, ["SM4-XCBC", "AES-XCBC-MAC", "XCBC"]);
    const TAG_LEN: usize = 16;
    const MIN_TAG_LEN: usize = 8;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        Xcbc::new(C::new_from_slice(key)?)
    }

    fn with_tag_len(self, tag_len: usize) -> Result<Self> {
        Xcbc::with_tag_len(self, tag_len)
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }

    fn update(&mut self, data: &[u8]) {
        Xcbc::update(self, data);
    }

    fn finalize_into(self, out: &mut [u8]) -> Result<()> {
        Xcbc::finalize_into(self, out)
    }

    fn verify(self, tag: &[u8]) -> Result<()> {
        Xcbc::verify(self, tag)
    }
}
