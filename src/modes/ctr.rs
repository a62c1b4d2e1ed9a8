//! CTR (GB/T 17964-2021 §9, SP 800-38A §6.5; RFC 3686 counter block): a streaming mode, any
//! lengths. Whole blocks go through [`BlockCipher128::ctr_xor_blocks`], which a backend may fuse.

use super::util::xor_into;
use crate::traits::{Block, BlockCipher128, CtrWidth};
use core::fmt;
use zeroize::Zeroize;

/// CTR state: the next counter block, its increment rule and the unused keystream.
pub struct Ctr<C> {
    cipher: C,
    ctr: Block,
    width: CtrWidth,
    ks: Block,
    pos: usize,
}

impl<C: BlockCipher128> Ctr<C> {
    /// Start at counter block `iv`, incrementing the low `width` bits big-endian with
    /// wrap-around (SP 800-38A Appendix B.1).
    pub fn new(cipher: C, iv: &Block, width: CtrWidth) -> Self {
        Ctr {
            cipher,
            ctr: *iv,
            width,
            ks: [0; 16],
            pos: 16,
        }
    }

    /// RFC 3686 §4: counter block = nonce ‖ IV ‖ 00000001, 32-bit counter.
    pub fn new_rfc3686(cipher: C, nonce: &[u8; 4], iv: &[u8; 8]) -> Self {
        let mut block = [0u8; 16];
        block[..4].copy_from_slice(nonce);
        block[4..12].copy_from_slice(iv);
        block[15] = 1;
        Self::new(cipher, &block, CtrWidth::Bits32)
    }

    /// XOR the keystream into `buf` (encryption and decryption are the same).
    pub fn apply_keystream(&mut self, buf: &mut [u8]) {
        let n = (16 - self.pos).min(buf.len());
        let (head, rest) = buf.split_at_mut(n);
        xor_into(head, &self.ks[self.pos..]);
        self.pos += n;
        let (blocks, tail) = rest.as_chunks_mut::<16>();
        self.cipher
            .ctr_xor_blocks(&mut self.ctr, self.width, blocks);
        if !tail.is_empty() {
            self.ks = self.ctr;
            self.width.add(&mut self.ctr, 1);
            self.cipher.encrypt_block(&mut self.ks);
            xor_into(tail, &self.ks);
            self.pos = tail.len();
        }
    }
}

impl<C> Drop for Ctr<C> {
    fn drop(&mut self) {
        self.ks.zeroize();
        self.ctr.zeroize();
    }
}

impl<C: BlockCipher128> fmt::Debug for Ctr<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctr")
            .field("cipher", &C::NAME)
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}
