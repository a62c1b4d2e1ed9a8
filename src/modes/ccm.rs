//! CCM (NIST SP 800-38C; RFC 8998 `AEAD_SM4_CCM`): nonce 7–13 bytes with L = 15 − nonce length,
//! tag 4–16 bytes (even).
//!
//! Decryption has to decrypt before it can check the tag (the MAC is over the plaintext). It does
//! so in place and, if the tag does not verify, applies the keystream again, so the caller's
//! buffer holds the ciphertext it held before and no plaintext is released.

use super::util::{mode_name, xor_block, xor_into};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, CtrWidth, KeyInit};
use core::fmt;
use zeroize::Zeroize;

/// CCM over a 128-bit block cipher.
#[derive(Clone)]
pub struct Ccm<C> {
    cipher: C,
}

/// CBC-MAC over a stream of bytes, zero-padding each section to a block boundary.
struct CbcMac<'c, C> {
    cipher: &'c C,
    y: Block,
    buf: Block,
    pos: usize,
}

impl<'c, C: BlockCipher128> CbcMac<'c, C> {
    /// Y₀ = E(B₀).
    fn new(cipher: &'c C, b0: &Block) -> Self {
        let mut y = *b0;
        cipher.encrypt_block(&mut y);
        CbcMac {
            cipher,
            y,
            buf: [0; 16],
            pos: 0,
        }
    }

    fn absorb(&mut self, mut data: &[u8]) {
        if self.pos > 0 {
            let n = (16 - self.pos).min(data.len());
            self.buf[self.pos..self.pos + n].copy_from_slice(&data[..n]);
            self.pos += n;
            data = &data[n..];
            if self.pos < 16 {
                return;
            }
            xor_block(&mut self.y, &self.buf);
            self.cipher.encrypt_block(&mut self.y);
            self.pos = 0;
        }
        let (blocks, tail) = data.as_chunks::<16>();
        // Yᵢ = E(Bᵢ ⊕ Yᵢ₋₁): a chain, one block at a time.
        for b in blocks {
            xor_block(&mut self.y, b);
            self.cipher.encrypt_block(&mut self.y);
        }
        self.buf[..tail.len()].copy_from_slice(tail);
        self.pos = tail.len();
    }

    /// Zero-pad the current section to a block boundary.
    fn pad(&mut self) {
        if self.pos > 0 {
            self.buf[self.pos..].fill(0);
            xor_block(&mut self.y, &self.buf);
            self.cipher.encrypt_block(&mut self.y);
            self.pos = 0;
        }
    }
}

impl<C> Drop for CbcMac<'_, C> {
    fn drop(&mut self) {
        self.y.zeroize();
        self.buf.zeroize();
    }
}

/// Check nonce and tag lengths; returns q = 15 − n, the width of the length/counter field.
fn check(nonce: usize, tag: usize, msg: usize) -> Result<usize> {
    if !(4..=16).contains(&tag) || !tag.is_multiple_of(2) {
        return Err(Error::InvalidTagLength);
    }
    if !(7..=13).contains(&nonce) {
        return Err(Error::InvalidNonceLength);
    }
    let q = 15 - nonce;
    // SP 800-38C A.1: the payload length must fit in q bytes.
    if q < 8 && (msg as u64) >> (8 * q) != 0 {
        return Err(Error::InvalidLength);
    }
    Ok(q)
}

impl<C: BlockCipher128> Ccm<C> {
    /// CCM under `cipher`.
    pub fn new(cipher: C) -> Self {
        Ccm { cipher }
    }

    /// The underlying cipher.
    pub fn cipher(&self) -> &C {
        &self.cipher
    }

    /// T = MSB_t(Y_r) over B₀ ‖ encoded AAD ‖ payload (SP 800-38C §6.1 steps 1–4, A.2).
    fn mac(&self, nonce: &[u8], q: usize, aad: &[u8], payload: &[u8], t: usize) -> Block {
        // A.2.1: B₀ = flags ‖ N ‖ Q.
        let mut b0 = [0u8; 16];
        b0[0] = (u8::from(!aad.is_empty()) << 6) | ((((t - 2) / 2) as u8) << 3) | (q - 1) as u8;
        b0[1..=nonce.len()].copy_from_slice(nonce);
        let len = (payload.len() as u64).to_be_bytes();
        b0[16 - q..].copy_from_slice(&len[8 - q..]);
        let mut m = CbcMac::new(&self.cipher, &b0);
        if !aad.is_empty() {
            // A.2.2: the AAD length in 2, 6 or 10 bytes.
            let a = aad.len() as u64;
            let mut prefix = [0u8; 10];
            let prefix: &[u8] = if a < (1 << 16) - (1 << 8) {
                prefix[..2].copy_from_slice(&(a as u16).to_be_bytes());
                &prefix[..2]
            } else if a < 1 << 32 {
                prefix[..2].copy_from_slice(&[0xff, 0xfe]);
                prefix[2..6].copy_from_slice(&(a as u32).to_be_bytes());
                &prefix[..6]
            } else {
                prefix[..2].copy_from_slice(&[0xff, 0xff]);
                prefix[2..].copy_from_slice(&a.to_be_bytes());
                &prefix[..]
            };
            m.absorb(prefix);
            m.absorb(aad);
            m.pad();
        }
        m.absorb(payload);
        m.pad();
        m.y
    }

    /// Ctr₀ = flags′ ‖ N ‖ 0 (A.3), and the counter width to step it by.
    fn ctr0(nonce: &[u8], q: usize) -> (Block, CtrWidth) {
        let mut ctr = [0u8; 16];
        ctr[0] = (q - 1) as u8;
        ctr[1..=nonce.len()].copy_from_slice(nonce);
        // The counter field is q bytes and the payload limit keeps the count inside it, so a
        // 32- or 64-bit increment never carries into the nonce.
        let width = if q <= 4 {
            CtrWidth::Bits32
        } else {
            CtrWidth::Bits64
        };
        (ctr, width)
    }

    /// CTR with Ctr₁, Ctr₂, … over `buf`; returns S₀ = E(Ctr₀).
    fn ctr(&self, nonce: &[u8], q: usize, buf: &mut [u8]) -> Block {
        let (mut ctr, width) = Self::ctr0(nonce, q);
        let mut s0 = ctr;
        self.cipher.encrypt_block(&mut s0);
        width.add(&mut ctr, 1);
        let (blocks, tail) = buf.as_chunks_mut::<16>();
        self.cipher.ctr_xor_blocks(&mut ctr, width, blocks);
        if !tail.is_empty() {
            let mut ks = ctr;
            self.cipher.encrypt_block(&mut ks);
            xor_into(tail, &ks);
            ks.zeroize();
        }
        s0
    }

    /// Generation-encryption (SP 800-38C §6.1): encrypt `buf` in place and write the tag, whose
    /// length is `tag.len()`.
    pub fn seal_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()> {
        let q = check(nonce.len(), tag.len(), buf.len())?;
        let mut t = self.mac(nonce, q, aad, buf, tag.len());
        let mut s0 = self.ctr(nonce, q, buf);
        xor_block(&mut t, &s0);
        tag.copy_from_slice(&t[..tag.len()]);
        t.zeroize();
        s0.zeroize();
        Ok(())
    }

    /// Decryption-verification (SP 800-38C §6.2). On a wrong tag `buf` is restored to the
    /// ciphertext and [`Error::Opaque`] is returned.
    pub fn open_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()> {
        let q = check(nonce.len(), tag.len(), buf.len())?;
        let mut s0 = self.ctr(nonce, q, buf);
        let mut t = self.mac(nonce, q, aad, buf, tag.len());
        xor_block(&mut t, &s0);
        let ok = crate::ct::eq_or_opaque(&t[..tag.len()], tag);
        t.zeroize();
        s0.zeroize();
        if ok.is_err() {
            // Re-apply the keystream: the buffer is the ciphertext again.
            self.ctr(nonce, q, buf);
        }
        ok
    }
}

impl<C: BlockCipher128> fmt::Debug for Ccm<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ccm")
            .field("cipher", &C::NAME)
            .finish_non_exhaustive()
    }
}

impl<C: BlockCipher128 + KeyInit> crate::Aead for Ccm<C> {
    const NAME: &'static str = mode_name(C::NAME, ["SM4-CCM", "AES-CCM", "CCM"]);
    const KEY_LEN: usize = C::KEY_LEN;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        C::new_from_slice(key).map(Ccm::new)
    }

    fn seal_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()> {
        self.seal_detached(nonce, aad, buf, tag)
    }

    fn open_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()> {
        self.open_detached(nonce, aad, buf, tag)
    }
}

/// RustCrypto keying (`crypto-common`, re-exported as [`aead::KeySizeUser`]): the cipher's key.
impl<C: BlockCipher128 + aead::KeySizeUser> aead::KeySizeUser for Ccm<C> {
    type KeySize = C::KeySize;
}

/// RustCrypto keying: `<Sm4Ccm as aead::KeyInit>::new(&key)` or `new_from_slice`. (The
/// inherent [`Ccm::new`] takes a keyed cipher instead.)
impl<C: BlockCipher128 + aead::KeyInit> aead::KeyInit for Ccm<C> {
    fn new(key: &aead::Key<Self>) -> Self {
        Ccm::new(C::new(key))
    }
}

/// RustCrypto `aead` 0.6 interface with RFC 8998's `AEAD_SM4_CCM` parameters: 12-byte nonce,
/// 16-byte tag. Other sizes through [`Ccm::seal_detached`] / [`Ccm::open_detached`].
impl<C: BlockCipher128> aead::AeadCore for Ccm<C> {
    type NonceSize = aead::consts::U12;
    type TagSize = aead::consts::U16;
    const TAG_POSITION: aead::TagPosition = aead::TagPosition::Postfix;
}

impl<C: BlockCipher128> aead::AeadInOut for Ccm<C> {
    fn encrypt_inout_detached(
        &self,
        nonce: &aead::Nonce<Self>,
        associated_data: &[u8],
        buffer: aead::inout::InOutBuf<'_, '_, u8>,
    ) -> aead::Result<aead::Tag<Self>> {
        let buf = buffer.into_out_with_copied_in();
        let mut tag = aead::Tag::<Self>::default();
        self.seal_detached(nonce, associated_data, buf, &mut tag)
            .map_err(|_| aead::Error)?;
        Ok(tag)
    }

    fn decrypt_inout_detached(
        &self,
        nonce: &aead::Nonce<Self>,
        associated_data: &[u8],
        buffer: aead::inout::InOutBuf<'_, '_, u8>,
        tag: &aead::Tag<Self>,
    ) -> aead::Result<()> {
        // Decrypts in the output buffer, which is restored to the ciphertext on failure.
        let buf = buffer.into_out_with_copied_in();
        self.open_detached(nonce, associated_data, buf, tag)
            .map_err(|_| aead::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::error::Error;

    #[test]
    fn payload_length_limits() {
        // SP 800-38C A.1: the payload length fits in q = 15 − n bytes.
        assert_eq!(check(13, 16, 65535), Ok(2));
        assert_eq!(check(13, 16, 65536), Err(Error::InvalidLength));
        assert_eq!(check(12, 16, (1 << 24) - 1), Ok(3));
        assert_eq!(check(12, 16, 1 << 24), Err(Error::InvalidLength));
        assert_eq!(check(7, 4, usize::MAX), Ok(8));
    }
}
