//! Helpers shared by the modes.

use crate::traits::{Block, BlockCipher128};
use zeroize::Zeroize;

/// Blocks handed to the cipher per batch call: 1 KiB, enough to fill the widest backend's
/// pipeline several times over while the data stays in L1.
pub(crate) const BATCH: usize = 64;

/// `dst ^= src` over the shorter of the two.
#[inline]
pub(crate) fn xor_into(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= *s;
    }
}

/// `dst ^= src` for whole blocks.
#[inline]
pub(crate) fn xor_block(dst: &mut Block, src: &Block) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= *s;
    }
}

/// The cipher family a mode name is built from.
#[derive(Clone, Copy)]
pub(crate) enum Family {
    Sm4,
    Aes,
    Other,
}

const fn starts_with(s: &str, prefix: &str) -> bool {
    let (s, p) = (s.as_bytes(), prefix.as_bytes());
    if s.len() < p.len() {
        return false;
    }
    let mut i = 0;
    while i < p.len() {
        if s[i] != p[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `"SM4"` → SM4, `"AES-…"` → AES, for algorithm names such as `"SM4-GCM"`.
pub(crate) const fn family(cipher_name: &str) -> Family {
    if starts_with(cipher_name, "SM4") {
        Family::Sm4
    } else if starts_with(cipher_name, "AES") {
        Family::Aes
    } else {
        Family::Other
    }
}

/// Pick the mode name for a cipher family: `[sm4, aes, other]`.
pub(crate) const fn mode_name(cipher_name: &str, names: [&'static str; 3]) -> &'static str {
    match family(cipher_name) {
        Family::Sm4 => names[0],
        Family::Aes => names[1],
        Family::Other => names[2],
    }
}

/// A CBC-MAC chain with IV 0 that holds back the last block of input, as CMAC and XCBC need
/// (the last block is treated differently once the input is known to have ended).
#[derive(Clone)]
pub(crate) struct Chain {
    /// Chaining value Y.
    pub(crate) y: Block,
    /// Held-back input, `pos` bytes of it valid.
    pub(crate) buf: Block,
    pub(crate) pos: usize,
}

impl Chain {
    pub(crate) const fn new() -> Self {
        Chain {
            y: [0; 16],
            buf: [0; 16],
            pos: 0,
        }
    }

    /// Absorb `data`, chaining every block except the last one seen so far.
    pub(crate) fn update<C: BlockCipher128>(&mut self, c: &C, mut data: &[u8]) {
        while !data.is_empty() {
            if self.pos == 16 {
                // More input follows, so the held block is not the last: chain it.
                xor_block(&mut self.y, &self.buf);
                c.encrypt_block(&mut self.y);
                self.pos = 0;
                // Whole blocks that are certainly not last go straight through.
                while data.len() > 16 {
                    let (blk, rest) = data.split_at(16);
                    xor_into(&mut self.y, blk);
                    c.encrypt_block(&mut self.y);
                    data = rest;
                }
            }
            let n = (16 - self.pos).min(data.len());
            self.buf[self.pos..self.pos + n].copy_from_slice(&data[..n]);
            self.pos += n;
            data = &data[n..];
        }
    }

    /// The held-back last block, padded by `10*` when partial, and whether it was complete.
    pub(crate) fn last_block(&self) -> (Block, bool) {
        let complete = self.pos == 16;
        let mut last = self.buf;
        if !complete {
            last[self.pos] = 0x80;
            last[self.pos + 1..].fill(0);
        }
        (last, complete)
    }
}

impl Drop for Chain {
    fn drop(&mut self) {
        self.y.zeroize();
        self.buf.zeroize();
    }
}
