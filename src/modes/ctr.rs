//! CTR (GB/T 17964-2021 §9, SP 800-38A §6.5; RFC 3686 counter block): a streaming mode, any
//! lengths. Whole blocks go through [`BlockCipher128::ctr_xor_blocks`], which a backend may fuse.
//!
//! SP 800-38A §6.5 and Appendix B require every counter block to be distinct: a repeated counter
//! block repeats keystream. The increment wraps modulo 2^w within the counter's w low bits
//! (Appendix B.1), so a [`Ctr`] counts the fresh counter blocks left from its initial block —
//! 2³² for [`CtrWidth::Bits32`], 2⁶⁴ for [`CtrWidth::Bits64`], 2³² − 1 for RFC 3686 (§4: a packet
//! of at most 2³² − 1 blocks, the counter running from 1 and never back to 0) — and refuses input
//! that would need more, before writing anything. A 128-bit counter has 2¹²⁸ blocks; the one
//! block past 2¹²⁸ − 1 that is refused can never be reached in practice, so its wrap modulo 2¹²⁸
//! (as OpenSSL and SP 800-38A B.1 allow, and gmkit's vectors test) is kept.

use super::util::xor_into;
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, CtrWidth};
use core::fmt;
use zeroize::Zeroize;

/// CTR state: the next counter block, its increment rule, the unused keystream and how many
/// counter blocks may still be used.
pub struct Ctr<C> {
    cipher: C,
    ctr: Block,
    width: CtrWidth,
    ks: Block,
    pos: usize,
    /// Fresh counter blocks left before one would repeat.
    blocks_left: u128,
}

impl<C: BlockCipher128> Ctr<C> {
    /// Start at counter block `iv`, incrementing the low `width` bits big-endian modulo 2^width
    /// (SP 800-38A Appendix B.1); at most 2^width blocks (2¹²⁸ − 1 for 128 bits) before
    /// [`Ctr::apply_keystream`] refuses, since the next block would repeat the first.
    pub fn new(cipher: C, iv: &Block, width: CtrWidth) -> Self {
        let blocks_left = match width {
            CtrWidth::Bits32 => 1 << 32,
            CtrWidth::Bits64 => 1 << 64,
            CtrWidth::Bits128 => u128::MAX,
        };
        Self::with_blocks(cipher, iv, width, blocks_left)
    }

    /// RFC 3686 §4: counter block = nonce ‖ IV ‖ 00000001, 32-bit counter, at most 2³² − 1
    /// blocks (68,719,476,720 bytes) per message.
    pub fn new_rfc3686(cipher: C, nonce: &[u8; 4], iv: &[u8; 8]) -> Self {
        let mut block = [0u8; 16];
        block[..4].copy_from_slice(nonce);
        block[4..12].copy_from_slice(iv);
        block[15] = 1;
        Self::with_blocks(cipher, &block, CtrWidth::Bits32, (1 << 32) - 1)
    }

    fn with_blocks(cipher: C, iv: &Block, width: CtrWidth, blocks_left: u128) -> Self {
        Ctr {
            cipher,
            ctr: *iv,
            width,
            ks: [0; 16],
            pos: 16,
            blocks_left,
        }
    }

    /// XOR the keystream into `buf` (encryption and decryption are the same), continuing where
    /// the previous call stopped.
    ///
    /// [`Error::InvalidLength`] if `buf` needs more counter blocks than are left (see
    /// [`Ctr::new`], [`Ctr::new_rfc3686`]); then `buf` and the state are left untouched, so a
    /// shorter call may still go through.
    pub fn apply_keystream(&mut self, buf: &mut [u8]) -> Result<()> {
        let n = (16 - self.pos).min(buf.len());
        // Fresh counter blocks the rest needs: ⌈(len − n) / 16⌉.
        let needed = (buf.len() - n).div_ceil(16) as u128;
        if needed > self.blocks_left {
            return Err(Error::InvalidLength);
        }
        self.blocks_left -= needed;
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
        Ok(())
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

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::sm4::Sm4;
    use alloc::vec;
    use alloc::vec::Vec;

    /// The keystream blocks E(c₀), E(c₁), … for explicit counter blocks, from RustCrypto `sm4`
    /// (an independent SM4) — what CTR must XOR in.
    fn keystream(key: &[u8; 16], counters: &[Block]) -> Vec<u8> {
        use cipher::{BlockCipherEncrypt, KeyInit as _};
        let c = sm4::Sm4::new(key.into());
        counters
            .iter()
            .flat_map(|b| {
                let mut b = (*b).into();
                c.encrypt_block(&mut b);
                b.to_vec()
            })
            .collect()
    }

    fn block(prefix: u8, low: &[u8]) -> Block {
        let mut b = [prefix; 16];
        b[16 - low.len()..].copy_from_slice(low);
        b
    }

    /// A stream that has already used all but `left` of its counter blocks: the counter block
    /// it holds is the one the full count would have reached.
    fn nearly_spent(iv: &Block, width: CtrWidth, left: u128) -> Ctr<Sm4> {
        let mut s = Ctr::new(Sm4::new(&KEY), iv, width);
        s.blocks_left = left;
        s
    }

    const KEY: [u8; 16] = [0x42; 16];

    #[test]
    fn counter_space_32_bits_ends_after_two_to_the_32_blocks() {
        // The initial block ends in 00000005; after 2³² − 1 blocks the next counter is
        // …00000004, the last one before …00000005 would repeat.
        let last = block(0xaa, &[0, 0, 0, 4]);
        let mut s = nearly_spent(&last, CtrWidth::Bits32, 1);
        // One more block succeeds and is E(last).
        let mut buf = [0x11u8; 16];
        s.apply_keystream(&mut buf).unwrap();
        let ks = keystream(&KEY, &[last]);
        let want: Vec<u8> = ks.iter().map(|k| k ^ 0x11).collect();
        assert_eq!(buf[..], want[..]);
        // The next byte would need a new counter block: refused, nothing written.
        let mut more = [0x22u8; 1];
        assert_eq!(s.apply_keystream(&mut more), Err(Error::InvalidLength));
        assert_eq!(more, [0x22]);
        // An empty call is still fine.
        assert_eq!(s.apply_keystream(&mut []), Ok(()));
    }

    #[test]
    fn a_partial_block_uses_its_counter_block_up() {
        let iv = block(0x01, &[0xff, 0xff, 0xff, 0xfe]);
        let mut s = nearly_spent(&iv, CtrWidth::Bits32, 2);
        // 17 bytes take both remaining blocks (…fe and, wrapping mod 2³², …ff).
        let mut buf = [0u8; 17];
        s.apply_keystream(&mut buf).unwrap();
        let ks = keystream(&KEY, &[iv, block(0x01, &[0xff, 0xff, 0xff, 0xff])]);
        assert_eq!(buf[..], ks[..17]);
        // The rest of the second keystream block is still there to use ...
        let mut rest = [0u8; 15];
        s.apply_keystream(&mut rest).unwrap();
        assert_eq!(rest[..], ks[17..]);
        // ... and then nothing more.
        let mut one = [0u8; 1];
        assert_eq!(s.apply_keystream(&mut one), Err(Error::InvalidLength));
        assert_eq!(one, [0]);
    }

    #[test]
    fn a_refused_call_writes_nothing_and_a_shorter_one_still_runs() {
        let iv = block(0x07, &[0x10]);
        let mut s = nearly_spent(&iv, CtrWidth::Bits64, 3);
        let mut buf = vec![0x5au8; 49]; // 4 blocks
        assert_eq!(s.apply_keystream(&mut buf), Err(Error::InvalidLength));
        assert!(buf.iter().all(|&b| b == 0x5a));
        let mut buf = vec![0u8; 48]; // exactly 3 blocks
        s.apply_keystream(&mut buf).unwrap();
        let ks = keystream(&KEY, &[iv, block(0x07, &[0x11]), block(0x07, &[0x12])]);
        assert_eq!(buf, ks);
        assert_eq!(s.apply_keystream(&mut [0]), Err(Error::InvalidLength));
    }

    #[test]
    fn initial_counts() {
        let c = || Sm4::new(&KEY);
        let iv = [0u8; 16];
        assert_eq!(
            Ctr::new(c(), &iv, CtrWidth::Bits32).blocks_left,
            1u128 << 32
        );
        assert_eq!(
            Ctr::new(c(), &iv, CtrWidth::Bits64).blocks_left,
            1u128 << 64
        );
        assert_eq!(Ctr::new(c(), &iv, CtrWidth::Bits128).blocks_left, u128::MAX);
        // RFC 3686 §4: at most 2³² − 1 blocks per packet.
        let r = Ctr::new_rfc3686(c(), &[1; 4], &[2; 8]);
        assert_eq!(r.blocks_left, (1u128 << 32) - 1);
        let mut want = [0u8; 16];
        want[..4].fill(1);
        want[4..12].fill(2);
        want[15] = 1;
        assert_eq!(r.ctr, want);
    }
}
