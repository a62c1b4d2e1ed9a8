//! Test-only adapters: the RustCrypto `sm4` and `aes` crates behind [`BlockCipher128`], an
//! implementation independent of gmkit's own ciphers.

use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit};
use cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt};

macro_rules! adapter {
    ($name:ident, $inner:ty, $alg:expr, $klen:expr) => {
        #[derive(Clone)]
        pub(crate) struct $name(pub(crate) $inner);

        impl BlockCipher128 for $name {
            const NAME: &'static str = $alg;
            fn encrypt_blocks(&self, blocks: &mut [Block]) {
                self.0
                    .encrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }
            fn decrypt_blocks(&self, blocks: &mut [Block]) {
                self.0
                    .decrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }
            fn backend_name(&self) -> &'static str {
                "rustcrypto"
            }
        }

        impl KeyInit for $name {
            const KEY_LEN: usize = $klen;
            fn new_from_slice(key: &[u8]) -> Result<Self> {
                <$inner as cipher::KeyInit>::new_from_slice(key)
                    .map($name)
                    .map_err(|_| Error::InvalidKeyLength)
            }
        }
    };
}

adapter!(RcSm4, sm4::Sm4, "SM4", 16);
adapter!(RcAes128, aes::Aes128, "AES-128", 16);

/// Decode hex; panics on bad input (test data only).
pub(crate) fn h(s: &str) -> alloc::vec::Vec<u8> {
    let s: alloc::string::String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
