//! CCM (NIST SP 800-38C; RFC 8998 `AEAD_SM4_CCM`): nonce 7–13 bytes with q = 15 − nonce length
//! bytes of length field.
//!
//! The tag length is part of the keyed [`Ccm`]: 16 bytes unless set with [`Ccm::with_tag_len`] —
//! 8, 10, 12 or 14 bytes, and 4 or 6 (allowed by SP 800-38C A.1) only with the `hazmat` feature:
//! the CCM tag is a CBC-MAC, and SP 800-38B Appendix A asks for at least 64 bits of such a tag
//! against guessing. Sealing writes exactly that many bytes and opening refuses a tag of another
//! length.
//!
//! The MAC is over the plaintext, so decryption must decrypt before it can check the tag. It
//! does so without writing plaintext into the caller's buffer: one pass decrypts a copy of each
//! 1 KiB slice into stack scratch, feeds it to CBC-MAC and wipes it; only once the tag has
//! verified (in constant time) is the buffer decrypted in place. On failure the buffer has never
//! held anything but the ciphertext.

use super::util::{mode_name, xor_block, xor_into};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, CtrWidth, KeyInit, tag_len_allowed};
use core::fmt;
use zeroize::Zeroize;

/// CCM over a 128-bit block cipher, with the tag length fixed at keying (16 bytes unless
/// [`Ccm::with_tag_len`] says otherwise).
#[derive(Clone)]
pub struct Ccm<C> {
    cipher: C,
    tag_len: usize,
}

/// Blocks of plaintext held in stack scratch at a time while a tag is being checked (1 KiB).
const SCRATCH_BLOCKS: usize = 64;

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

/// `Ok(len)` for a tag length CCM takes: 8, 10, 12, 14, 16; 4 and 6 (SP 800-38C A.1) only with
/// the `hazmat` feature.
fn check_tag_len(len: usize) -> Result<usize> {
    let even = len.is_multiple_of(2);
    tag_len_allowed(
        len,
        even && (8..=16).contains(&len),
        even && (4..8).contains(&len),
    )
}

/// Check the nonce and payload lengths; returns q = 15 − n, the width of the length/counter
/// field.
fn check(nonce: usize, msg: usize) -> Result<usize> {
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
    /// CCM under `cipher`, 16-byte tags.
    pub fn new(cipher: C) -> Self {
        Ccm {
            cipher,
            tag_len: 16,
        }
    }

    /// The same key with `tag_len`-byte tags: 8, 10, 12, 14 or 16, and 4 or 6 with the `hazmat`
    /// feature (SP 800-38C A.1; the 64-bit floor of SP 800-38B Appendix A);
    /// [`Error::InvalidTagLength`] otherwise. The tag
    /// length is also encoded in B₀, so it changes every tag, not only its length.
    pub fn with_tag_len(mut self, tag_len: usize) -> Result<Self> {
        self.tag_len = check_tag_len(tag_len)?;
        Ok(self)
    }

    /// The tag length in bytes that sealing writes and opening requires.
    pub fn tag_len(&self) -> usize {
        self.tag_len
    }

    /// The underlying cipher.
    pub fn cipher(&self) -> &C {
        &self.cipher
    }

    /// CBC-MAC over B₀ ‖ encoded AAD (SP 800-38C §6.1 steps 1–4, A.2.1–A.2.2), ready for the
    /// payload.
    fn mac(&self, nonce: &[u8], q: usize, aad: &[u8], payload_len: usize) -> CbcMac<'_, C> {
        let t = self.tag_len;
        // A.2.1: B₀ = flags ‖ N ‖ Q.
        let mut b0 = [0u8; 16];
        b0[0] = (u8::from(!aad.is_empty()) << 6) | ((((t - 2) / 2) as u8) << 3) | (q - 1) as u8;
        b0[1..=nonce.len()].copy_from_slice(nonce);
        let len = (payload_len as u64).to_be_bytes();
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
        m
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

    /// S₀ = E(Ctr₀), and Ctr₁ with its width.
    fn s0_ctr1(&self, nonce: &[u8], q: usize) -> (Block, Block, CtrWidth) {
        let (mut ctr, width) = Self::ctr0(nonce, q);
        let mut s0 = ctr;
        self.cipher.encrypt_block(&mut s0);
        width.add(&mut ctr, 1);
        (s0, ctr, width)
    }

    /// XOR the keystream from counter block `ctr` into `buf` (whole blocks, then a partial one).
    fn ctr(&self, ctr: &mut Block, width: CtrWidth, buf: &mut [u8]) {
        let (blocks, tail) = buf.as_chunks_mut::<16>();
        self.cipher.ctr_xor_blocks(ctr, width, blocks);
        if !tail.is_empty() {
            let mut ks = *ctr;
            self.cipher.encrypt_block(&mut ks);
            xor_into(tail, &ks);
            ks.zeroize();
        }
    }

    /// [`Error::InvalidTagLength`] unless `tag` is this key's tag length.
    fn check_tag(&self, tag: &[u8]) -> Result<()> {
        if tag.len() == self.tag_len {
            Ok(())
        } else {
            Err(Error::InvalidTagLength)
        }
    }

    /// Generation-encryption (SP 800-38C §6.1): encrypt `buf` in place and write the tag into
    /// `tag`, which must be exactly [`Ccm::tag_len`] bytes. On any error nothing is written.
    pub fn seal_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()> {
        self.check_tag(tag)?;
        let q = check(nonce.len(), buf.len())?;
        // Steps 1–4: T = MSB_Tlen(Y_r) over the plaintext.
        let mut m = self.mac(nonce, q, aad, buf.len());
        m.absorb(buf);
        m.pad();
        let mut t = m.y;
        drop(m);
        // Steps 5–8: C = P ⊕ MSB_Plen(S₁ ‖ S₂ ‖ …), tag T ⊕ MSB_Tlen(S₀).
        let (mut s0, mut ctr, width) = self.s0_ctr1(nonce, q);
        self.ctr(&mut ctr, width, buf);
        xor_block(&mut t, &s0);
        tag.copy_from_slice(&t[..self.tag_len]);
        t.zeroize();
        s0.zeroize();
        Ok(())
    }

    /// Decryption-verification (SP 800-38C §6.2): the tag is checked before any plaintext is
    /// written to `buf`. A tag of another length than [`Ccm::tag_len`] is refused with
    /// [`Error::InvalidTagLength`], a wrong tag with [`Error::Opaque`]; either way `buf` still
    /// holds the ciphertext, and only ever held the ciphertext.
    pub fn open_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()> {
        self.check_tag(tag)?;
        let q = check(nonce.len(), buf.len())?;
        let (mut s0, ctr1, width) = self.s0_ctr1(nonce, q);
        // Steps 3–9 on copies: P = C ⊕ keystream, one scratch slice at a time, into CBC-MAC.
        let mut m = self.mac(nonce, q, aad, buf.len());
        let mut ctr = ctr1;
        let mut scratch = [0u8; 16 * SCRATCH_BLOCKS];
        for chunk in buf.chunks(scratch.len()) {
            let p = &mut scratch[..chunk.len()];
            p.copy_from_slice(chunk);
            self.ctr(&mut ctr, width, p);
            m.absorb(p);
        }
        scratch.zeroize();
        ctr.zeroize();
        m.pad();
        let mut t = m.y;
        drop(m);
        // Step 10: compare T with the received tag in constant time.
        xor_block(&mut t, &s0);
        let ok = crate::ct::eq_or_opaque(&t[..self.tag_len], tag);
        t.zeroize();
        s0.zeroize();
        ok?;
        // Only now does plaintext reach the caller's buffer.
        let mut ctr = ctr1;
        self.ctr(&mut ctr, width, buf);
        Ok(())
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
    const MIN_TAG_LEN: usize = 8;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        C::new_from_slice(key).map(Ccm::new)
    }

    fn with_tag_len(self, tag_len: usize) -> Result<Self> {
        Ccm::with_tag_len(self, tag_len)
    }

    fn tag_len(&self) -> usize {
        self.tag_len
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
/// 16-byte tag. Other nonce sizes through [`Ccm::seal_detached`] / [`Ccm::open_detached`]; an
/// instance truncated with [`Ccm::with_tag_len`] refuses both directions here (`aead::Error`).
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
        // The output holds a copy of the ciphertext; plaintext is written only after the tag
        // has verified.
        let buf = buffer.into_out_with_copied_in();
        self.open_detached(nonce, associated_data, buf, tag)
            .map_err(|_| aead::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::{check, check_tag_len};
    use crate::error::Error;

    #[test]
    fn payload_length_limits() {
        // SP 800-38C A.1: the payload length fits in q = 15 − n bytes.
        assert_eq!(check(13, 65535), Ok(2));
        assert_eq!(check(13, 65536), Err(Error::InvalidLength));
        assert_eq!(check(12, (1 << 24) - 1), Ok(3));
        assert_eq!(check(12, 1 << 24), Err(Error::InvalidLength));
        assert_eq!(check(7, usize::MAX), Ok(8));
        assert_eq!(check(6, 0), Err(Error::InvalidNonceLength));
        assert_eq!(check(14, 0), Err(Error::InvalidNonceLength));
    }

    #[test]
    fn tag_lengths() {
        for n in 0..=17 {
            let want = match n {
                8 | 10 | 12 | 14 | 16 => Ok(n),
                4 | 6 if cfg!(feature = "hazmat") => Ok(n),
                _ => Err(Error::InvalidTagLength),
            };
            assert_eq!(check_tag_len(n), want, "{n}");
        }
    }
}
