//! GCM and GMAC (NIST SP 800-38D; RFC 8998 for SM4-GCM; GB/T 15852.3 for GMAC).
//!
//! IVs of any length from 1 byte are accepted (12 bytes is the fast, recommended case); tags of
//! 4, 8 and 12–16 bytes (SP 800-38D §5.2.1.2). Decryption checks the tag over the ciphertext
//! before it decrypts anything.

use super::ghash::{Ghash, GhashBackend, GhashKey};
use super::util::{BATCH, mode_name, xor_block, xor_into};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, CtrWidth, KeyInit};
use core::fmt;
use zeroize::Zeroize;

/// Longest plaintext: 2³⁹ − 256 bits (SP 800-38D §5.2.1.1).
const MAX_MSG: u64 = (1 << 36) - 32;
/// AAD and IV are limited to 2⁶⁴ − 1 bits.
const MAX_AAD_IV: u64 = (1 << 61) - 1;

/// Whether `len` bytes is a tag length GCM allows: 4, 8, 12, 13, 14, 15, 16.
pub(crate) fn tag_len_ok(len: usize) -> bool {
    matches!(len, 4 | 8 | 12..=16)
}

/// Check the public lengths: IV, AAD, message, tag.
pub(crate) fn check_lengths(iv: usize, aad: usize, msg: usize, tag: usize) -> Result<()> {
    if !tag_len_ok(tag) {
        return Err(Error::InvalidTagLength);
    }
    if iv == 0 || iv as u64 > MAX_AAD_IV {
        return Err(Error::InvalidNonceLength);
    }
    if aad as u64 > MAX_AAD_IV || msg as u64 > MAX_MSG {
        return Err(Error::InvalidLength);
    }
    Ok(())
}

/// GCM over a 128-bit block cipher.
#[derive(Clone)]
pub struct Gcm<C> {
    cipher: C,
    ghash: GhashKey,
}

impl<C: BlockCipher128> Gcm<C> {
    /// GCM under `cipher`, GHASH on the automatically chosen backend.
    pub fn new(cipher: C) -> Self {
        let mut h = hash_subkey(&cipher);
        let ghash = GhashKey::new(&h);
        h.zeroize();
        Gcm { cipher, ghash }
    }

    /// GCM with a forced GHASH backend.
    pub fn with_ghash_backend(cipher: C, backend: GhashBackend) -> Result<Self> {
        let mut h = hash_subkey(&cipher);
        let ghash = GhashKey::with_backend(&h, backend);
        h.zeroize();
        Ok(Gcm {
            cipher,
            ghash: ghash?,
        })
    }

    /// The underlying cipher.
    pub fn cipher(&self) -> &C {
        &self.cipher
    }

    /// The GHASH backend in use.
    pub fn ghash_backend(&self) -> GhashBackend {
        self.ghash.backend()
    }

    /// Pre-counter block J₀ (SP 800-38D §7.1 step 2).
    fn j0(&self, iv: &[u8]) -> Block {
        let mut j0 = [0u8; 16];
        if iv.len() == 12 {
            j0[..12].copy_from_slice(iv);
            j0[15] = 1;
        } else {
            // J₀ = GHASH(IV ‖ 0^(s+64) ‖ [len(IV)]₆₄).
            let mut g = Ghash::new(&self.ghash);
            g.update_padded(iv);
            g.update_blocks(&[((iv.len() as u128) * 8).to_be_bytes()]);
            j0 = g.finalize();
        }
        j0
    }

    /// S = GHASH(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]₆₄ ‖ [len(C)]₆₄) (§7.1 steps 5–6), for a ciphertext
    /// already in place.
    fn s_over(&self, aad: &[u8], ct: &[u8]) -> Block {
        let mut g = Ghash::new(&self.ghash);
        g.update_padded(aad);
        g.update_padded(ct);
        g.update_blocks(&[len_block(aad.len(), ct.len())]);
        g.finalize()
    }

    /// T = MSB_t(GCTR(J₀, S)) (§7.1 step 6), full 16 bytes.
    fn full_tag(&self, j0: &Block, s: &Block) -> Block {
        let mut t = *j0;
        self.cipher.encrypt_block(&mut t);
        xor_block(&mut t, s);
        t
    }

    /// GCTR from `ctr` (inc₃₂), in place (§6.5).
    fn gctr(&self, mut ctr: Block, buf: &mut [u8]) {
        let (blocks, tail) = buf.as_chunks_mut::<16>();
        self.cipher
            .ctr_xor_blocks(&mut ctr, CtrWidth::Bits32, blocks);
        if !tail.is_empty() {
            let mut ks = ctr;
            self.cipher.encrypt_block(&mut ks);
            xor_into(tail, &ks);
            ks.zeroize();
        }
    }

    /// Authenticated encryption (SP 800-38D §7.1): encrypt `buf` in place, write the leftmost
    /// `tag.len()` bytes of the tag.
    pub fn seal_detached(
        &self,
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()> {
        check_lengths(iv.len(), aad.len(), buf.len(), tag.len())?;
        let j0 = self.j0(iv);
        let mut ctr = j0;
        CtrWidth::Bits32.add(&mut ctr, 1);

        // Encrypt and hash in 1 KiB slices so the ciphertext is hashed while still in cache.
        let mut g = Ghash::new(&self.ghash);
        g.update_padded(aad);
        let (blocks, tail) = buf.as_chunks_mut::<16>();
        for chunk in blocks.chunks_mut(BATCH) {
            self.cipher
                .ctr_xor_blocks(&mut ctr, CtrWidth::Bits32, chunk);
            g.update_blocks(chunk);
        }
        if !tail.is_empty() {
            let mut ks = ctr;
            self.cipher.encrypt_block(&mut ks);
            xor_into(tail, &ks);
            ks.zeroize();
            g.update_padded(tail);
        }
        g.update_blocks(&[len_block(aad.len(), buf.len())]);
        let s = g.finalize();

        let mut t = self.full_tag(&j0, &s);
        tag.copy_from_slice(&t[..tag.len()]);
        t.zeroize();
        Ok(())
    }

    /// Authenticated decryption (SP 800-38D §7.2): verify the tag over the ciphertext in constant
    /// time, then decrypt `buf` in place. On failure `buf` is untouched and the error is
    /// [`Error::Opaque`].
    pub fn open_detached(&self, iv: &[u8], aad: &[u8], buf: &mut [u8], tag: &[u8]) -> Result<()> {
        check_lengths(iv.len(), aad.len(), buf.len(), tag.len())?;
        let j0 = self.j0(iv);
        let s = self.s_over(aad, buf);
        let mut t = self.full_tag(&j0, &s);
        let ok = crate::ct::eq_or_opaque(&t[..tag.len()], tag);
        t.zeroize();
        ok?;
        let mut ctr = j0;
        CtrWidth::Bits32.add(&mut ctr, 1);
        self.gctr(ctr, buf);
        Ok(())
    }
}

/// H = E_K(0¹²⁸).
fn hash_subkey<C: BlockCipher128>(cipher: &C) -> Block {
    let mut h = [0u8; 16];
    cipher.encrypt_block(&mut h);
    h
}

/// [len(A)]₆₄ ‖ [len(C)]₆₄ in bits.
fn len_block(aad: usize, ct: usize) -> Block {
    ((((aad as u128) * 8) << 64) | ((ct as u128) * 8)).to_be_bytes()
}

impl<C: BlockCipher128> fmt::Debug for Gcm<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gcm")
            .field("cipher", &C::NAME)
            .field("ghash", &self.ghash.backend())
            .finish_non_exhaustive()
    }
}

impl<C: BlockCipher128 + KeyInit> crate::Aead for Gcm<C> {
    const NAME: &'static str = mode_name(C::NAME, ["SM4-GCM", "AES-GCM", "GCM"]);
    const KEY_LEN: usize = C::KEY_LEN;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        C::new_from_slice(key).map(Gcm::new)
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
impl<C: BlockCipher128 + aead::KeySizeUser> aead::KeySizeUser for Gcm<C> {
    type KeySize = C::KeySize;
}

/// RustCrypto keying: `<Sm4Gcm as aead::KeyInit>::new(&key)` or `new_from_slice`, GHASH on the
/// automatically chosen backend. (The inherent [`Gcm::new`] takes a keyed cipher instead.)
impl<C: BlockCipher128 + aead::KeyInit> aead::KeyInit for Gcm<C> {
    fn new(key: &aead::Key<Self>) -> Self {
        Gcm::new(C::new(key))
    }
}

/// RustCrypto `aead` 0.6 interface: 96-bit nonce, 128-bit tag (RFC 5116 `AEAD_*_GCM`).
impl<C: BlockCipher128> aead::AeadCore for Gcm<C> {
    type NonceSize = aead::consts::U12;
    type TagSize = aead::consts::U16;
    const TAG_POSITION: aead::TagPosition = aead::TagPosition::Postfix;
}

impl<C: BlockCipher128> aead::AeadInOut for Gcm<C> {
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
        // The output holds a copy of the ciphertext until the tag has verified.
        let buf = buffer.into_out_with_copied_in();
        self.open_detached(nonce, associated_data, buf, tag)
            .map_err(|_| aead::Error)
    }
}

/// GMAC: GCM with an empty plaintext, authenticating `msg` as AAD (SP 800-38D §3).
///
/// ```
/// use gmkit::modes::Sm4Gmac;
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // GB/T 15852.3-2019 Annex A, GMAC example 2 (SM4).
/// let gmac = Sm4Gmac::new_from_slice(&hex("feffe9928665731c6d6a8f9467308308"))?;
/// let iv = hex("cafebabefacedbaddecaf888");
/// let msg = hex("feedfacedeadbeeffeedfacedeadbeef");
/// let mut tag = [0u8; 16];
/// gmac.compute(&iv, &msg, &mut tag)?;
/// assert_eq!(tag.to_vec(), hex("9d632570f93064264a20918e3081b4cd"));
/// gmac.verify(&iv, &msg, &tag[..12])?; // a truncated tag, compared in constant time
/// assert!(gmac.verify(&iv, b"other", &tag).is_err());
/// # Ok::<(), gmkit::Error>(())
/// ```
#[derive(Clone)]
pub struct Gmac<C> {
    gcm: Gcm<C>,
}

impl<C: BlockCipher128> Gmac<C> {
    /// GMAC under `cipher`.
    pub fn new(cipher: C) -> Self {
        Gmac {
            gcm: Gcm::new(cipher),
        }
    }

    /// GMAC on top of an existing GCM instance (sharing its GHASH backend).
    pub fn from_gcm(gcm: Gcm<C>) -> Self {
        Gmac { gcm }
    }

    /// Write the leftmost `tag_out.len()` bytes (4, 8, 12–16) of GMAC(iv, msg).
    pub fn compute(&self, iv: &[u8], msg: &[u8], tag_out: &mut [u8]) -> Result<()> {
        self.gcm.seal_detached(iv, msg, &mut [], tag_out)
    }

    /// Check a (possibly truncated) tag in constant time; [`Error::Opaque`] on mismatch.
    pub fn verify(&self, iv: &[u8], msg: &[u8], tag: &[u8]) -> Result<()> {
        self.gcm.open_detached(iv, msg, &mut [], tag)
    }
}

impl<C: BlockCipher128 + KeyInit> Gmac<C> {
    /// Key GMAC from bytes.
    pub fn new_from_slice(key: &[u8]) -> Result<Self> {
        C::new_from_slice(key).map(Gmac::new)
    }
}

impl<C: BlockCipher128> fmt::Debug for Gmac<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gmac").field("gcm", &self.gcm).finish()
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::Aead;
    use crate::modes::testutil::{RcAes128, RcSm4, h};

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn length_limits() {
        // SP 800-38D §5.2.1.1: len(P) ≤ 2³⁹ − 256 bits.
        assert_eq!(check_lengths(12, 0, (1 << 36) - 32, 16), Ok(()));
        assert_eq!(
            check_lengths(12, 0, (1 << 36) - 31, 16),
            Err(Error::InvalidLength)
        );
        assert_eq!(check_lengths(12, 1 << 61, 0, 16), Err(Error::InvalidLength));
        assert_eq!(check_lengths(0, 0, 0, 16), Err(Error::InvalidNonceLength));
        assert_eq!(check_lengths(1, 0, 0, 16), Ok(()));
    }

    #[test]
    fn names() {
        assert_eq!(<Gcm<RcSm4> as Aead>::NAME, "SM4-GCM");
        assert_eq!(<Gcm<RcAes128> as Aead>::NAME, "AES-GCM");
    }

    #[test]
    fn rfc8998_a1_sm4_gcm() {
        // RFC 8998 Appendix A.1.
        let gcm = Gcm::<RcSm4>::new_from_slice(&h("0123456789ABCDEFFEDCBA9876543210")).unwrap();
        let mut buf = h(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
                         EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
        );
        let iv = h("00001234567800000000ABCD");
        let aad = h("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        let mut tag = [0u8; 16];
        gcm.seal_detached(&iv, &aad, &mut buf, &mut tag).unwrap();
        assert_eq!(
            buf,
            h(
                "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735
               D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
            )
        );
        assert_eq!(tag.to_vec(), h("83DE3541E4C2B58177E065A9BF7B62EC"));
    }
}
