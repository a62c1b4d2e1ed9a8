//! SM4 (GB/T 32907-2016): the 128-bit block cipher with a 128-bit key.
//!
//! [`Sm4`] expands the key once (§7.3) into 32 round keys, kept in encryption order; decryption
//! runs the same 32 rounds with the round keys reversed (§7.2). The backend is chosen once per key
//! ([`Sm4Backend`]); this module is the one place that dispatches on it, so a hardware backend
//! plugs in as a new variant and a new arm in each `match` below, reusing the same round keys.
//!
//! The portable backend ([`Sm4Backend::Soft`]) computes the S-box as a boolean circuit on
//! bit-planes: no table is indexed by key or data, in the key schedule or the rounds.

mod sbox_circuit;
mod soft;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit};
use core::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The SM4 implementations, best first; [`Sm4Backend::Soft`] is always available.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sm4Backend {
    /// Portable, constant-time: bitsliced S-box circuit, 16 blocks per step.
    Soft,
}

impl Backend for Sm4Backend {
    const ALGORITHM: &'static str = "sm4";
    const ALL: &'static [Self] = &[Sm4Backend::Soft];

    fn name(self) -> &'static str {
        match self {
            Sm4Backend::Soft => "soft",
        }
    }

    fn is_available(self) -> bool {
        match self {
            Sm4Backend::Soft => true,
        }
    }
}

/// An SM4 key, expanded, bound to one backend.
///
/// The round keys are zeroized on drop; `Debug` shows the backend only.
#[derive(Clone)]
pub struct Sm4 {
    /// rk₀ … rk₃₁ in encryption order (GB/T 32907 §7.3).
    rk: [u32; 32],
    backend: Sm4Backend,
}

impl Sm4 {
    /// Expand `key` for the automatically chosen backend ([`Backend::auto`]).
    pub fn new(key: &[u8; 16]) -> Self {
        Self::expand(key, Sm4Backend::auto())
    }

    /// Expand `key` for `backend`; [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(key: &[u8; 16], backend: Sm4Backend) -> Result<Self> {
        if !backend.is_available() {
            return Err(Error::BackendUnavailable);
        }
        Ok(Self::expand(key, backend))
    }

    /// The backend this key runs on.
    pub fn backend(&self) -> Sm4Backend {
        self.backend
    }

    fn expand(key: &[u8; 16], backend: Sm4Backend) -> Self {
        // Every backend shares the constant-time key schedule and its round-key layout.
        Sm4 {
            rk: soft::expand_key(key),
            backend,
        }
    }

    #[cfg(test)]
    pub(crate) fn round_keys(&self) -> &[u32; 32] {
        &self.rk
    }
}

impl Drop for Sm4 {
    fn drop(&mut self) {
        self.rk.zeroize();
    }
}

impl ZeroizeOnDrop for Sm4 {}

impl fmt::Debug for Sm4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sm4")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl KeyInit for Sm4 {
    const KEY_LEN: usize = 16;

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        let key: &[u8; 16] = key.try_into().map_err(|_| Error::InvalidKeyLength)?;
        Ok(Sm4::new(key))
    }
}

impl BlockCipher128 for Sm4 {
    const NAME: &'static str = "SM4";

    fn encrypt_blocks(&self, blocks: &mut [Block]) {
        match self.backend {
            Sm4Backend::Soft => soft::encrypt_blocks(&self.rk, blocks),
        }
    }

    fn decrypt_blocks(&self, blocks: &mut [Block]) {
        match self.backend {
            Sm4Backend::Soft => soft::decrypt_blocks(&self.rk, blocks),
        }
    }

    fn backend_name(&self) -> &'static str {
        self.backend.name()
    }
}

/// The RustCrypto `cipher` 0.5 traits, so `Sm4` drops into the RustCrypto mode crates.
mod rustcrypto {
    use super::Sm4;
    use crate::traits::BlockCipher128;
    use cipher::array::Array;
    use cipher::consts::U16;
    use cipher::{
        AlgorithmName, BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt,
        BlockCipherEncBackend, BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, InOut,
        InOutBuf, Key, KeyInit, KeySizeUser, ParBlocks, ParBlocksSizeUser,
    };
    use core::fmt;

    type Block = cipher::Block<Sm4>;

    impl KeySizeUser for Sm4 {
        type KeySize = U16;
    }

    impl KeyInit for Sm4 {
        fn new(key: &Key<Self>) -> Self {
            Sm4::new(&(*key).into())
        }
    }

    impl BlockSizeUser for Sm4 {
        type BlockSize = U16;
    }

    impl AlgorithmName for Sm4 {
        fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("SM4")
        }
    }

    impl BlockCipherEncrypt for Sm4 {
        fn encrypt_with_backend(&self, f: impl BlockCipherEncClosure<BlockSize = U16>) {
            f.call(&Enc(self))
        }
    }

    impl BlockCipherDecrypt for Sm4 {
        fn decrypt_with_backend(&self, f: impl BlockCipherDecClosure<BlockSize = U16>) {
            f.call(&Dec(self))
        }
    }

    /// The output blocks, holding a copy of the input, as plain arrays to work on in place.
    fn in_place<'a>(blocks: InOutBuf<'_, 'a, Block>) -> &'a mut [[u8; 16]] {
        Array::cast_slice_to_core_mut(blocks.into_out_with_copied_in())
    }

    // Separate backend types keep `cipher`'s method names off `Sm4` itself.
    struct Enc<'a>(&'a Sm4);
    struct Dec<'a>(&'a Sm4);

    impl BlockSizeUser for Enc<'_> {
        type BlockSize = U16;
    }
    impl BlockSizeUser for Dec<'_> {
        type BlockSize = U16;
    }
    // 16 blocks: one step of the bitsliced backend.
    impl ParBlocksSizeUser for Enc<'_> {
        type ParBlocksSize = U16;
    }
    impl ParBlocksSizeUser for Dec<'_> {
        type ParBlocksSize = U16;
    }

    impl BlockCipherEncBackend for Enc<'_> {
        fn encrypt_block(&self, block: InOut<'_, '_, Block>) {
            BlockCipher128::encrypt_block(self.0, block.into_out_with_copied_in().as_mut());
        }
        fn encrypt_par_blocks(&self, blocks: InOut<'_, '_, ParBlocks<Self>>) {
            BlockCipher128::encrypt_blocks(self.0, in_place(blocks.into_buf()));
        }
        fn encrypt_tail_blocks(&self, blocks: InOutBuf<'_, '_, Block>) {
            BlockCipher128::encrypt_blocks(self.0, in_place(blocks));
        }
    }

    impl BlockCipherDecBackend for Dec<'_> {
        fn decrypt_block(&self, block: InOut<'_, '_, Block>) {
            BlockCipher128::decrypt_block(self.0, block.into_out_with_copied_in().as_mut());
        }
        fn decrypt_par_blocks(&self, blocks: InOut<'_, '_, ParBlocks<Self>>) {
            BlockCipher128::decrypt_blocks(self.0, in_place(blocks.into_buf()));
        }
        fn decrypt_tail_blocks(&self, blocks: InOutBuf<'_, '_, Block>) {
            BlockCipher128::decrypt_blocks(self.0, in_place(blocks));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // GB/T 32907-2016 Annex A, example 1: the round keys rk₀ … rk₃₁ for
    // key 0123456789abcdeffedcba9876543210.
    const ANNEX_A_RK: [u32; 32] = [
        0xF12186F9, 0x41662B61, 0x5A6AB19A, 0x7BA92077, 0x367360F4, 0x776A0C61, 0xB6BB89B3,
        0x24763151, 0xA520307C, 0xB7584DBD, 0xC30753ED, 0x7EE55B57, 0x6988608C, 0x30D895B7,
        0x44BA14AF, 0x104495A1, 0xD120B428, 0x73B55FA3, 0xCC874966, 0x92244439, 0xE89E641F,
        0x98CA015A, 0xC7159060, 0x99E1FD2E, 0xB79BD80C, 0x1D2115B0, 0x0E228AEB, 0xF1780C81,
        0x428D3654, 0x62293496, 0x01CF72E5, 0x9124A012,
    ];

    #[test]
    fn key_schedule_matches_annex_a() {
        let key = [
            0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54,
            0x32, 0x10,
        ];
        assert_eq!(Sm4::new(&key).round_keys(), &ANNEX_A_RK);
    }
}
