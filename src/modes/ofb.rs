//! OFB (GB/T 17964-2021 §8, SP 800-38A §6.4): a streaming mode, any lengths.

use super::util::{xor_block, xor_into};
use crate::traits::{Block, BlockCipher128};
use core::fmt;
use zeroize::Zeroize;

/// OFB state: the cipher, the output register Oᵢ and how much of it is used.
pub struct Ofb<C> {
    cipher: C,
    reg: Block,
    pos: usize,
}

impl<C: BlockCipher128> Ofb<C> {
    /// Start OFB under `cipher` with initial vector `iv`.
    pub fn new(cipher: C, iv: &Block) -> Self {
        Ofb {
            cipher,
            reg: *iv,
            pos: 16,
        }
    }

    /// XOR the keystream into `buf` (encryption and decryption are the same).
    pub fn apply_keystream(&mut self, buf: &mut [u8]) {
        let n = (16 - self.pos).min(buf.len());
        let (head, rest) = buf.split_at_mut(n);
        xor_into(head, &self.reg[self.pos..]);
        self.pos += n;
        let (blocks, tail) = rest.as_chunks_mut::<16>();
        // Oᵢ = E(Oᵢ₋₁): a chain, one block at a time.
        for b in blocks {
            self.cipher.encrypt_block(&mut self.reg);
            xor_block(b, &self.reg);
        }
        if !tail.is_empty() {
            self.cipher.encrypt_block(&mut self.reg);
            xor_into(tail, &self.reg);
            self.pos = tail.len();
        }
    }
}

impl<C> Drop for Ofb<C> {
    fn drop(&mut self) {
        self.reg.zeroize();
    }
}

impl<C: BlockCipher128> fmt::Debug for Ofb<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ofb")
            .field("cipher", &C::NAME)
            .finish_non_exhaustive()
    }
}
