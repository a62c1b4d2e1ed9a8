//! The uniform layer: every algorithm in gmkit, ours or wrapped, is reached through these traits.
//!
//! - [`Hash`]: SM3, SHA-256.
//! - [`Mac`]: HMAC-SM3, HMAC-SHA256, CMAC, XCBC, the GB/T 15852.1 CBC-MACs.
//! - [`BlockCipher128`]: SM4, AES-128/192/256; every mode in [`crate::modes`] is generic over it.
//! - [`Aead`]: SM4-GCM, SM4-CCM, AES-GCM.
//! - [`Sign`] / [`Verify`]: SM2 signatures, ECDSA P-256.
//! - [`PkEncrypt`] / [`PkDecrypt`]: SM2 encryption.
//! - [`KeyAgreement`]: SM2 key exchange, ECDH P-256.
//!
//! The traits are statically dispatched. The vector runner, the CLI and the benches reach them
//! through the object-safe adapters in [`crate::registry`].
//!
//! ## Next to the RustCrypto traits
//!
//! The same types also implement the RustCrypto traits, for generic code written against them:
//!
//! | gmkit trait | RustCrypto trait | types |
//! |---|---|---|
//! | [`Aead`] (any IV length the mode allows; tag length fixed per instance) | `aead::KeyInit` + `aead::AeadInOut` (12-byte nonce, 16-byte tag) | `Sm4Gcm`, `Sm4Ccm`, `Aes{128,192,256}Gcm` |
//! | [`Mac`] (tag length fixed per instance, `gmkit::Error`) | `digest::KeyInit` + `digest::Mac` | `HmacSm3` |
//! | [`Hash`] | `digest::Digest` | `Sm3` |
//! | [`BlockCipher128`] + [`KeyInit`] | `cipher::KeyInit` + `BlockCipherEncrypt`/`Decrypt` | `Sm4`, `Aes{128,192,256}` |
//! | [`Sign`] / [`Verify`] (DER bytes) | `signature::Signer`, `Verifier`, `hazmat::Prehash*` | SM2 `SigningKey` / `VerifyingKey` |
//!
//! Several names meet (`Mac`, `KeyInit`, `new_from_slice`, `verify`): with both traits in scope,
//! call through the one you mean (`<Sm4Gcm as gmkit::Aead>::new_from_slice(key)`,
//! `digest::Mac::verify_slice(mac, tag)`).

use crate::error::{Error, Result};

/// A 128-bit block.
pub type Block = [u8; 16];

/// A cryptographic hash function.
pub trait Hash: Clone {
    /// Algorithm name as the vector files spell it (`"SM3"`, `"SHA-256"`).
    const NAME: &'static str;
    /// Digest length in bytes.
    const OUTPUT_LEN: usize;
    /// Internal block length in bytes (HMAC needs it).
    const BLOCK_LEN: usize;
    /// The digest: a byte array of `OUTPUT_LEN` bytes.
    type Output: AsRef<[u8]> + AsMut<[u8]> + Copy + Default + core::fmt::Debug + PartialEq;

    /// A fresh state on the automatically chosen backend.
    fn new() -> Self;
    /// Absorb `data`; any number of calls, any lengths.
    fn update(&mut self, data: &[u8]);
    /// Pad and return the digest.
    fn finalize(self) -> Self::Output;
    /// Name of the backend this state runs on (e.g. `"soft"`).
    fn backend_name(&self) -> &'static str;

    /// One-shot digest.
    fn digest(data: &[u8]) -> Self::Output {
        let mut h = Self::new();
        h.update(data);
        h.finalize()
    }
}

/// A message authentication code — gmkit's own trait, not RustCrypto's `digest::Mac` (which
/// [`HmacSm3`](crate::mac::HmacSm3) implements as well).
///
/// The tag length belongs to the keyed instance, not to the call: a new instance produces and
/// checks full-length tags ([`Mac::TAG_LEN`] bytes); a truncated tag (its leftmost bytes) only
/// through [`Mac::with_tag_len`], which records the length. [`Mac::finalize_into`] writes exactly
/// [`Mac::tag_len`] bytes and [`Mac::verify`] refuses a tag of any other length with
/// [`Error::InvalidTagLength`] — so a 4-byte tag read off the wire is never compared as a 4-byte
/// MAC. `verify` compares in constant time.
pub trait Mac: Sized {
    /// Algorithm name.
    const NAME: &'static str;
    /// Full tag length in bytes.
    const TAG_LEN: usize;
    /// Shortest tag [`Mac::with_tag_len`] accepts (the standards' recommended minimum: half the
    /// output and at least 10 bytes for HMAC, RFC 2104 §5; 8 bytes for the block-cipher MACs,
    /// SP 800-38B Appendix A). Shorter tags, down to 4 bytes, need the `hazmat` feature. The
    /// default allows only full-length tags.
    const MIN_TAG_LEN: usize = Self::TAG_LEN;

    /// Key the MAC, producing full-length tags. Fails with [`Error::InvalidKeyLength`] for a key
    /// the algorithm refuses.
    fn new_from_slice(key: &[u8]) -> Result<Self>;
    /// The same MAC with tags truncated to their leftmost `tag_len` bytes
    /// ([`Mac::MIN_TAG_LEN`]`..=`[`Mac::TAG_LEN`]; below that only with the `hazmat` feature),
    /// [`Error::InvalidTagLength`] otherwise. The default accepts only [`Mac::TAG_LEN`].
    fn with_tag_len(self, tag_len: usize) -> Result<Self> {
        if tag_len == Self::TAG_LEN {
            Ok(self)
        } else {
            Err(Error::InvalidTagLength)
        }
    }
    /// The tag length of this instance in bytes ([`Mac::TAG_LEN`] unless truncated).
    fn tag_len(&self) -> usize {
        Self::TAG_LEN
    }
    /// Absorb `data`; any number of calls, any lengths.
    fn update(&mut self, data: &[u8]);
    /// Write the tag into `out`, which must be exactly [`Mac::tag_len`] bytes
    /// ([`Error::InvalidTagLength`] otherwise, nothing written).
    fn finalize_into(self, out: &mut [u8]) -> Result<()>;

    /// Constant-time check of `tag`: [`Error::InvalidTagLength`] unless it is exactly
    /// [`Mac::tag_len`] bytes, [`Error::Opaque`] on mismatch.
    fn verify(self, tag: &[u8]) -> Result<()> {
        let n = self.tag_len();
        if tag.len() != n {
            return Err(Error::InvalidTagLength);
        }
        let mut buf = [0u8; 64];
        let r = match buf.get_mut(..n) {
            Some(mine) => self
                .finalize_into(mine)
                .and_then(|()| crate::ct::eq_or_opaque(mine, tag)),
            None => Err(Error::InvalidTagLength),
        };
        zeroize::Zeroize::zeroize(&mut buf);
        r
    }
}

/// `Ok(tag_len)` when a MAC or AEAD takes tags of that length: `standard` lengths always,
/// `short` ones (below the standard's recommended minimum) only with the `hazmat` feature.
pub(crate) fn tag_len_allowed(tag_len: usize, standard: bool, short: bool) -> Result<usize> {
    if standard || (short && cfg!(feature = "hazmat")) {
        Ok(tag_len)
    } else {
        Err(Error::InvalidTagLength)
    }
}

/// How a CTR counter block is incremented: the low `bits` of the block, big-endian, wrapping
/// within those bits (SP 800-38A Appendix B.1; GCM uses 32 bits, RFC 3686 uses 32 bits, GB/T
/// 17964 CTR uses all 128).
///
/// The increment itself wraps; the modes bound how far it may go so that no counter block is
/// used twice in one message ([`crate::modes::ctr::Ctr`] counts the blocks left in its counter
/// space, GCM and CCM bound the message length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtrWidth {
    /// inc₃₂: the last 4 bytes.
    Bits32,
    /// inc₆₄: the last 8 bytes.
    Bits64,
    /// The whole block as one 128-bit big-endian integer.
    Bits128,
}

impl CtrWidth {
    /// Add `n` to the counter part of `block`, wrapping within the counter width.
    #[inline]
    pub fn add(self, block: &mut Block, n: u64) {
        match self {
            CtrWidth::Bits32 => {
                let c = u32::from_be_bytes([block[12], block[13], block[14], block[15]]);
                block[12..].copy_from_slice(&c.wrapping_add(n as u32).to_be_bytes());
            }
            CtrWidth::Bits64 => {
                let mut w = [0u8; 8];
                w.copy_from_slice(&block[8..]);
                let c = u64::from_be_bytes(w).wrapping_add(n);
                block[8..].copy_from_slice(&c.to_be_bytes());
            }
            CtrWidth::Bits128 => {
                let c = u128::from_be_bytes(*block).wrapping_add(n as u128);
                *block = c.to_be_bytes();
            }
        }
    }
}

/// A block cipher with 128-bit blocks, keyed. Backends override the batch methods; modes call
/// only these, so a faster backend speeds up every mode without touching it.
pub trait BlockCipher128 {
    /// Algorithm name (`"SM4"`, `"AES-128"`).
    const NAME: &'static str;

    /// Encrypt each block in place. Backends process many blocks per step.
    fn encrypt_blocks(&self, blocks: &mut [Block]);
    /// Decrypt each block in place.
    fn decrypt_blocks(&self, blocks: &mut [Block]);
    /// Name of the backend this key runs on.
    fn backend_name(&self) -> &'static str;

    /// Encrypt one block in place.
    #[inline]
    fn encrypt_block(&self, block: &mut Block) {
        self.encrypt_blocks(core::slice::from_mut(block));
    }
    /// Decrypt one block in place.
    #[inline]
    fn decrypt_block(&self, block: &mut Block) {
        self.decrypt_blocks(core::slice::from_mut(block));
    }

    /// XOR the keystream E(ctr), E(ctr+1), … into `data` (whole blocks) and advance `ctr` by
    /// `data.len()`. A backend with a fused CTR loop overrides this.
    fn ctr_xor_blocks(&self, ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
        // 32 blocks: enough for the widest wrapped block cipher's pipeline, 512 bytes of stack.
        const BATCH: usize = 32;
        let mut ks = [[0u8; 16]; BATCH];
        for chunk in data.chunks_mut(BATCH) {
            for k in ks[..chunk.len()].iter_mut() {
                *k = *ctr;
                width.add(ctr, 1);
            }
            self.encrypt_blocks(&mut ks[..chunk.len()]);
            for (d, k) in chunk.iter_mut().zip(ks.iter()) {
                *d = (u128::from_ne_bytes(*d) ^ u128::from_ne_bytes(*k)).to_ne_bytes();
            }
        }
        zeroize::Zeroize::zeroize(&mut ks);
    }
}

/// Keying a block cipher from a byte slice (used by the generic modes and the registry) —
/// gmkit's own trait; RustCrypto's `cipher::KeyInit` is implemented beside it.
pub trait KeyInit: Sized {
    /// Accepted key length in bytes.
    const KEY_LEN: usize;
    /// Key the cipher on the automatically chosen backend.
    fn new_from_slice(key: &[u8]) -> Result<Self>;
}

/// Authenticated encryption with associated data — gmkit's own trait; the RustCrypto
/// `aead::AeadInOut` is implemented beside it for the 12-byte-nonce, 16-byte-tag case.
///
/// The tag length belongs to the keyed instance, not to the call: [`Aead::new_from_slice`] gives
/// full-length tags ([`Aead::TAG_LEN`], 16 bytes); a truncated tag only through
/// [`Aead::with_tag_len`], which records the length (GCM: 12–16 bytes, 4 and 8 only with the
/// `hazmat` feature; CCM: 8–16 even, 4 and 6 only with `hazmat`). Sealing writes exactly
/// [`Aead::tag_len`] bytes and opening refuses a tag of any other length with
/// [`Error::InvalidTagLength`] — a tag's length is never taken from the buffer handed in.
/// Decryption releases no plaintext unless the tag verifies: on failure the buffer holds the
/// ciphertext it held before and [`Error::Opaque`] is returned.
pub trait Aead: Sized {
    /// Algorithm name (`"SM4-GCM"`).
    const NAME: &'static str;
    /// Accepted key length in bytes.
    const KEY_LEN: usize;
    /// Full tag length in bytes.
    const TAG_LEN: usize = 16;
    /// Shortest tag [`Aead::with_tag_len`] accepts without the `hazmat` feature (GCM 12,
    /// SP 800-38D §5.2.1.2; CCM 8, the CBC-MAC floor of SP 800-38B Appendix A). The default
    /// allows only full tags.
    const MIN_TAG_LEN: usize = Self::TAG_LEN;

    /// Key the AEAD on the automatically chosen backend, with full-length tags.
    fn new_from_slice(key: &[u8]) -> Result<Self>;

    /// The same AEAD with tags truncated to `tag_len` bytes, [`Error::InvalidTagLength`] for a
    /// length the mode does not allow (or allows only under `hazmat`). The default accepts only
    /// [`Aead::TAG_LEN`].
    fn with_tag_len(self, tag_len: usize) -> Result<Self> {
        if tag_len == Self::TAG_LEN {
            Ok(self)
        } else {
            Err(Error::InvalidTagLength)
        }
    }

    /// The tag length of this instance in bytes.
    fn tag_len(&self) -> usize {
        Self::TAG_LEN
    }

    /// Encrypt `buf` in place and write the tag into `tag`, which must be exactly
    /// [`Aead::tag_len`] bytes.
    fn seal_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()>;

    /// Verify `tag` (exactly [`Aead::tag_len`] bytes) and decrypt `buf` in place; on any failure
    /// `buf` is left unchanged.
    fn open_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()>;

    /// Encrypt `msg`, returning `ciphertext ‖ tag` ([`Aead::tag_len`] bytes of tag).
    #[cfg(feature = "alloc")]
    fn seal(&self, nonce: &[u8], aad: &[u8], msg: &[u8]) -> Result<alloc::vec::Vec<u8>> {
        let total = msg
            .len()
            .checked_add(self.tag_len())
            .ok_or(Error::InvalidLength)?;
        let mut out = alloc::vec![0u8; total];
        let (ct, tag) = out.split_at_mut(msg.len());
        ct.copy_from_slice(msg);
        self.seal_in_place_detached(nonce, aad, ct, tag)?;
        Ok(out)
    }

    /// Decrypt `ciphertext ‖ tag` (the last [`Aead::tag_len`] bytes are the tag). No plaintext
    /// unless the tag verifies.
    #[cfg(feature = "alloc")]
    fn open(&self, nonce: &[u8], aad: &[u8], ct_and_tag: &[u8]) -> Result<alloc::vec::Vec<u8>> {
        let ct_len = ct_and_tag
            .len()
            .checked_sub(self.tag_len())
            .ok_or(Error::Opaque)?;
        let (ct, tag) = ct_and_tag.split_at(ct_len);
        let mut out = ct.to_vec();
        self.open_in_place_detached(nonce, aad, &mut out, tag)?;
        Ok(out)
    }
}

/// The signing half of a signature scheme (SM2, ECDSA P-256).
///
/// Named apart from the `signature` crate's `Signer`, which the same key types also implement.
pub trait Sign {
    /// Scheme name (`"SM2"`, `"ECDSA-P256"`).
    const NAME: &'static str;
    /// The encoded signature (DER for SM2 and ECDSA).
    type Signature: AsRef<[u8]> + Clone + core::fmt::Debug;

    /// Sign `msg` with a nonce drawn from `rng` (hedged with the key and message where the
    /// scheme does so).
    fn sign_msg(&self, rng: &mut dyn rand_core::CryptoRng, msg: &[u8]) -> Self::Signature;
}

/// The verifying half of a signature scheme.
pub trait Verify {
    /// Scheme name.
    const NAME: &'static str;

    /// Check `sig` (the scheme's standard encoding, DER for SM2 and ECDSA) over `msg`.
    /// [`Error::InvalidSignature`] on any failure.
    fn verify_msg(&self, msg: &[u8], sig: &[u8]) -> Result<()>;
}

/// Public-key encryption (SM2 encryption).
pub trait PkEncrypt {
    /// Scheme name.
    const NAME: &'static str;

    /// Largest ciphertext for a `msg_len`-byte message.
    fn max_ciphertext_len(&self, msg_len: usize) -> usize;
    /// Encrypt `msg` into `out` (at least `max_ciphertext_len` bytes); returns the length written.
    fn encrypt_into(
        &self,
        rng: &mut dyn rand_core::CryptoRng,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize>;

    /// Encrypt `msg`, returning the ciphertext.
    #[cfg(feature = "alloc")]
    fn encrypt_to_vec(
        &self,
        rng: &mut dyn rand_core::CryptoRng,
        msg: &[u8],
    ) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.max_ciphertext_len(msg.len())];
        let n = self.encrypt_into(rng, msg, &mut out)?;
        out.truncate(n);
        Ok(out)
    }
}

/// Public-key decryption. Failure releases no plaintext: [`Error::Opaque`], `out` zeroed.
pub trait PkDecrypt {
    /// Scheme name.
    const NAME: &'static str;

    /// Largest plaintext a `ct_len`-byte ciphertext can hold.
    fn max_plaintext_len(&self, ct_len: usize) -> usize;
    /// Decrypt `ct` into `out`; returns the plaintext length.
    fn decrypt_into(&self, ct: &[u8], out: &mut [u8]) -> Result<usize>;

    /// Decrypt `ct`, returning the plaintext.
    #[cfg(feature = "alloc")]
    fn decrypt_to_vec(&self, ct: &[u8]) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.max_plaintext_len(ct.len())];
        let n = self.decrypt_into(ct, &mut out)?;
        out.truncate(n);
        Ok(out)
    }
}

/// Ephemeral key agreement (ECDH P-256, SM2 key exchange): each side sends one message and
/// derives the shared key from its own ephemeral state and the peer's message.
pub trait KeyAgreement {
    /// Scheme name.
    const NAME: &'static str;
    /// This side's secret state between the two steps.
    type Ephemeral;
    /// The message for the peer (an encoded ephemeral public key).
    type Message: AsRef<[u8]>;

    /// Draw an ephemeral key; returns it and the message to send.
    fn start(&self, rng: &mut dyn rand_core::CryptoRng) -> (Self::Ephemeral, Self::Message);
    /// Consume the ephemeral state and the peer's message; fill `key_out` with the shared key
    /// (schemes with a fixed-size secret require that size).
    fn finish(&self, eph: Self::Ephemeral, peer: &[u8], key_out: &mut [u8]) -> Result<()>;
}
