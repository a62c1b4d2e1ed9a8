//! AES-GCM and AES-GMAC (NIST SP 800-38D).
//!
//! The common case, a 96-bit nonce with a 128-bit tag, runs on RustCrypto's `aes-gcm` (AES-NI /
//! ARMv8 AES with CLMUL/PMULL GHASH where the CPU has them). Every other IV length (from one
//! byte), and a key truncated with [`crate::Aead::with_tag_len`] (12–15 bytes; 4 and 8 with the
//! `hazmat` feature), runs on gmkit's generic [`Gcm`] over AES. As with [`Gcm`], the tag length
//! is the key's: sealing writes exactly that many bytes, opening refuses any other length.

use crate::error::{Error, Result};
use crate::modes::gcm::{self, Gcm, Gmac};
use aead::AeadInOut;
use aead::array::Array;
use aead::consts::U12;
use core::fmt;

use crate::intl::{Aes128, Aes192, Aes256};

macro_rules! aes_gcm {
    ($(#[$doc:meta])* $name:ident, $gmac:ident, $aes:ident, $rc:ty, $klen:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name {
            fast: aes_gcm::AesGcm<$rc, U12>,
            any: Gcm<$aes>,
        }

        impl crate::Aead for $name {
            const NAME: &'static str = "AES-GCM";
            const KEY_LEN: usize = $klen;
            const MIN_TAG_LEN: usize = 12;

            fn new_from_slice(key: &[u8]) -> Result<Self> {
                let fast = <aes_gcm::AesGcm<$rc, U12> as aes_gcm::KeyInit>::new_from_slice(key)
                    .map_err(|_| Error::InvalidKeyLength)?;
                let any = Gcm::new(<$aes as crate::KeyInit>::new_from_slice(key)?);
                Ok($name { fast, any })
            }

            fn with_tag_len(self, tag_len: usize) -> Result<Self> {
                Ok($name {
                    fast: self.fast,
                    any: self.any.with_tag_len(tag_len)?,
                })
            }

            fn tag_len(&self) -> usize {
                self.any.tag_len()
            }

            fn seal_in_place_detached(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buf: &mut [u8],
                tag: &mut [u8],
            ) -> Result<()> {
                if nonce.len() != 12 || self.any.tag_len() != 16 {
                    return self.any.seal_detached(nonce, aad, buf, tag);
                }
                if tag.len() != 16 {
                    return Err(Error::InvalidTagLength);
                }
                gcm::check_lengths(nonce.len(), aad.len(), buf.len())?;
                let nonce = Array::try_from(nonce).map_err(|_| Error::InvalidNonceLength)?;
                let t = self
                    .fast
                    .encrypt_inout_detached(&nonce, aad, buf.into())
                    .map_err(|_| Error::InvalidLength)?;
                tag.copy_from_slice(&t);
                Ok(())
            }

            fn open_in_place_detached(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buf: &mut [u8],
                tag: &[u8],
            ) -> Result<()> {
                if nonce.len() != 12 || self.any.tag_len() != 16 {
                    return self.any.open_detached(nonce, aad, buf, tag);
                }
                if tag.len() != 16 {
                    return Err(Error::InvalidTagLength);
                }
                gcm::check_lengths(nonce.len(), aad.len(), buf.len())?;
                let nonce = Array::try_from(nonce).map_err(|_| Error::InvalidNonceLength)?;
                let tag = Array::try_from(tag).map_err(|_| Error::InvalidTagLength)?;
                // `aes-gcm` checks the tag before it decrypts: no plaintext on failure.
                self.fast
                    .decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
                    .map_err(|_| Error::Opaque)
            }
        }

        /// RustCrypto keying (`crypto-common`, re-exported by `aead`).
        impl aead::KeySizeUser for $name {
            type KeySize = <$rc as aead::KeySizeUser>::KeySize;
        }

        impl aead::KeyInit for $name {
            fn new(key: &aead::Key<Self>) -> Self {
                $name {
                    fast: <aes_gcm::AesGcm<$rc, U12> as aead::KeyInit>::new(key),
                    any: Gcm::new(<$aes as aead::KeyInit>::new(key)),
                }
            }
        }

        /// RustCrypto `aead` 0.6 interface: 96-bit nonce, 128-bit tag, on `aes-gcm`. Other
        /// sizes through [`crate::Aead`]; a key truncated with [`crate::Aead::with_tag_len`]
        /// refuses both directions here (`aead::Error`).
        impl aead::AeadCore for $name {
            type NonceSize = U12;
            type TagSize = aead::consts::U16;
            const TAG_POSITION: aead::TagPosition = aead::TagPosition::Postfix;
        }

        impl AeadInOut for $name {
            fn encrypt_inout_detached(
                &self,
                nonce: &aead::Nonce<Self>,
                associated_data: &[u8],
                buffer: aead::inout::InOutBuf<'_, '_, u8>,
            ) -> aead::Result<aead::Tag<Self>> {
                if self.any.tag_len() != 16 {
                    return Err(aead::Error);
                }
                self.fast.encrypt_inout_detached(nonce, associated_data, buffer)
            }

            fn decrypt_inout_detached(
                &self,
                nonce: &aead::Nonce<Self>,
                associated_data: &[u8],
                buffer: aead::inout::InOutBuf<'_, '_, u8>,
                tag: &aead::Tag<Self>,
            ) -> aead::Result<()> {
                if self.any.tag_len() != 16 {
                    return Err(aead::Error);
                }
                // `aes-gcm` checks the tag before it decrypts: no plaintext on failure.
                self.fast.decrypt_inout_detached(nonce, associated_data, buffer, tag)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), " { .. }"))
            }
        }

        #[doc = concat!("GMAC over ", stringify!($aes), " (SP 800-38D): [`Gmac`] keyed with AES.")]
        pub type $gmac = Gmac<$aes>;
    };
}

aes_gcm!(
    /// AES-128-GCM.
    Aes128Gcm, Aes128Gmac, Aes128, aes::Aes128, 16
);
aes_gcm!(
    /// AES-192-GCM.
    Aes192Gcm, Aes192Gmac, Aes192, aes::Aes192, 24
);
aes_gcm!(
    /// AES-256-GCM.
    Aes256Gcm, Aes256Gmac, Aes256, aes::Aes256, 32
);
