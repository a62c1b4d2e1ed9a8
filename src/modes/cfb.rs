//! CFB-128 (GB/T 17964-2021 §7 with j = 128, SP 800-38A §6.3 CFB128): a streaming mode, any
//! lengths, any split across calls.

use super::util::{BATCH, xor_block};
use crate::traits::{Block, BlockCipher128};
use core::fmt;
use zeroize::Zeroize;

/// CFB-128 state: the cipher, the feedback register and the position in the current block.
pub struct Cfb<C> {
    cipher: C,
    /// `pos == 16`: the next cipher input (IV or the last ciphertext block), not yet enciphered.
    /// `pos < 16`: the keystream block, its first `pos` bytes replaced by ciphertext.
    reg: Block,
    pos: usize,
}

impl<C: BlockCipher128> Cfb<C> {
    /// Start CFB-128 under `cipher` with initial vector `iv`.
    pub fn new(cipher: C, iv: &Block) -> Self {
        Cfb {
            cipher,
            reg: *iv,
            pos: 16,
        }
    }

    /// Encrypt `buf` in place, continuing the stream.
    pub fn encrypt(&mut self, buf: &mut [u8]) {
        let rest = self.finish_block(buf, true);
        let (blocks, tail) = rest.as_chunks_mut::<16>();
        // Cᵢ = Pᵢ ⊕ E(Cᵢ₋₁): each block needs the previous ciphertext, so one at a time.
        for b in blocks {
            self.cipher.encrypt_block(&mut self.reg);
            xor_block(b, &self.reg);
            self.reg = *b;
        }
        self.start_block(tail, true);
    }

    /// Decrypt `buf` in place, continuing the stream.
    pub fn decrypt(&mut self, buf: &mut [u8]) {
        let rest = self.finish_block(buf, false);
        let (blocks, tail) = rest.as_chunks_mut::<16>();
        // Pᵢ = Cᵢ ⊕ E(Cᵢ₋₁): all cipher inputs are known ciphertext, so batch them.
        let mut inputs = [[0u8; 16]; BATCH];
        for chunk in blocks.chunks_mut(BATCH) {
            let n = chunk.len();
            inputs[0] = self.reg;
            inputs[1..n].copy_from_slice(&chunk[..n - 1]);
            self.reg = chunk[n - 1];
            self.cipher.encrypt_blocks(&mut inputs[..n]);
            for (b, k) in chunk.iter_mut().zip(inputs.iter()) {
                xor_block(b, k);
            }
        }
        inputs.zeroize();
        self.start_block(tail, false);
    }

    /// Use up the keystream left in the current block; returns the unprocessed rest of `buf`.
    fn finish_block<'a>(&mut self, buf: &'a mut [u8], enc: bool) -> &'a mut [u8] {
        let n = (16 - self.pos).min(buf.len());
        let (head, rest) = buf.split_at_mut(n);
        self.step(head, enc);
        rest
    }

    /// Begin a new block for a partial tail (`tail.len() < 16`).
    fn start_block(&mut self, tail: &mut [u8], enc: bool) {
        if !tail.is_empty() {
            self.cipher.encrypt_block(&mut self.reg);
            self.pos = 0;
            self.step(tail, enc);
        }
    }

    /// Process bytes within the current keystream block, feeding back the ciphertext bytes.
    fn step(&mut self, bytes: &mut [u8], enc: bool) {
        for b in bytes {
            let k = self.reg[self.pos];
            let c = if enc { *b ^ k } else { *b };
            *b ^= k;
            self.reg[self.pos] = c;
            self.pos += 1;
        }
    }
}

impl<C> Drop for Cfb<C> {
    fn drop(&mut self) {
        self.reg.zeroize();
    }
}

impl<C: BlockCipher128> fmt::Debug for Cfb<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cfb")
            .field("cipher", &C::NAME)
            .finish_non_exhaustive()
    }
}
