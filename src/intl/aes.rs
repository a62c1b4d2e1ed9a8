//! AES-128, AES-192, AES-256 (FIPS 197) behind [`BlockCipher128`], wrapping RustCrypto's `aes`
//! crate (which picks AES-NI / ARMv8 AES at run time and is constant-time without them).

use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit};
use cipher::array::Array;
use cipher::{BlockCipherDecrypt, BlockCipherEncrypt};
use core::fmt;

macro_rules! aes_wrapper {
    ($(#[$doc:meta])* $name:ident, $inner:ty, $key_len:literal, $alg:literal) => {
        $(#[$doc])*
        ///
        /// The expanded key is zeroized on drop; `Debug` prints no key material.
        #[derive(Clone)]
        pub struct $name($inner);

        impl $name {
            /// Expand `key`.
            pub fn new(key: &[u8; $key_len]) -> Self {
                $name(<$inner as cipher::KeyInit>::new(&(*key).into()))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), " { .. }"))
            }
        }

        impl KeyInit for $name {
            const KEY_LEN: usize = $key_len;

            fn new_from_slice(key: &[u8]) -> Result<Self> {
                let key: &[u8; $key_len] = key.try_into().map_err(|_| Error::InvalidKeyLength)?;
                Ok($name::new(key))
            }
        }

        /// RustCrypto keying (`crypto-common`), so the generic modes' `aead::KeyInit` applies.
        impl cipher::KeySizeUser for $name {
            type KeySize = <$inner as cipher::KeySizeUser>::KeySize;
        }

        impl cipher::KeyInit for $name {
            fn new(key: &cipher::Key<Self>) -> Self {
                $name(<$inner as cipher::KeyInit>::new(key))
            }
        }

        impl BlockCipher128 for $name {
            const NAME: &'static str = $alg;

            fn encrypt_blocks(&self, blocks: &mut [Block]) {
                self.0.encrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }

            fn decrypt_blocks(&self, blocks: &mut [Block]) {
                self.0.decrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }

            fn backend_name(&self) -> &'static str {
                "rustcrypto"
            }
        }
    };
}

aes_wrapper!(
    /// AES with a 128-bit key (FIPS 197).
    Aes128, aes::Aes128, 16, "AES-128"
);
aes_wrapper!(
    /// AES with a 192-bit key (FIPS 197).
    Aes192, aes::Aes192, 24, "AES-192"
);
aes_wrapper!(
    /// AES with a 256-bit key (FIPS 197).
    Aes256, aes::Aes256, 32, "AES-256"
);

#[cfg(test)]
mod tests {
    use super::*;

    // FIPS 197 Appendix C: key 000102…, plaintext 00112233445566778899aabbccddeeff.
    const PT: Block = [
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
        0xff,
    ];

    fn key<const N: usize>() -> [u8; N] {
        core::array::from_fn(|i| i as u8)
    }

    fn check<C: KeyInit + BlockCipher128 + fmt::Debug>(ct: Block) {
        let c = C::new_from_slice(&key::<32>()[..C::KEY_LEN]).unwrap();
        assert_eq!(c.backend_name(), "rustcrypto");
        let mut b = PT;
        c.encrypt_block(&mut b);
        assert_eq!(b, ct, "{}", C::NAME);
        c.decrypt_block(&mut b);
        assert_eq!(b, PT, "{}", C::NAME);
        // Batches go through the crate's multi-block path.
        let mut v = [PT; 9];
        c.encrypt_blocks(&mut v);
        assert!(v.iter().all(|b| *b == ct), "{}", C::NAME);
        c.decrypt_blocks(&mut v);
        assert!(v.iter().all(|b| *b == PT), "{}", C::NAME);
        for bad in [C::KEY_LEN - 1, C::KEY_LEN + 1] {
            assert_eq!(
                C::new_from_slice(&[0u8; 33][..bad]).unwrap_err(),
                Error::InvalidKeyLength
            );
        }
    }

    #[test]
    fn fips197_appendix_c1_aes128() {
        check::<Aes128>([
            0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4,
            0xc5, 0x5a,
        ]);
        assert_eq!(Aes128::NAME, "AES-128");
    }

    #[test]
    fn fips197_appendix_c2_aes192() {
        check::<Aes192>([
            0xdd, 0xa9, 0x7c, 0xa4, 0x86, 0x4c, 0xdf, 0xe0, 0x6e, 0xaf, 0x70, 0xa0, 0xec, 0x0d,
            0x71, 0x91,
        ]);
        assert_eq!(Aes192::NAME, "AES-192");
    }

    #[test]
    fn fips197_appendix_c3_aes256() {
        check::<Aes256>([
            0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf, 0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49,
            0x60, 0x89,
        ]);
        assert_eq!(Aes256::NAME, "AES-256");
    }
}
