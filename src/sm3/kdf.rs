//! The key derivation function of SM2 (GB/T 32918.4-2016 §5.4.3).
//!
//! K = Ha_1 ‖ Ha_2 ‖ … truncated to klen, where Ha_i = H(Z ‖ ct_i) and ct is a 32-bit big-endian
//! counter starting at 1. SM2 encryption (GB/T 32918.4 §6.1 A5) and decryption (§7.1 B4) must
//! reject an all-zero t themselves: this function only derives.

use super::Sm3;
use crate::error::{Error, Result};
use crate::traits::Hash;
use zeroize::Zeroize;

/// KDF over SM3: fill `out` (klen = `out.len()` bytes) from the shared data `z`.
///
/// [`Error::InvalidParameter`] if `out` would need more than 2³² − 1 hash blocks (§5.4.3, the bound on klen);
/// `out` is then left untouched. The caller checks for an all-zero output where SM2 requires it.
pub fn kdf(z: &[u8], out: &mut [u8]) -> Result<()> {
    kdf_with_state(Sm3::new(), z, out)
}

/// The same KDF over another hash (e.g. [`crate::intl::Sha256`]) on its automatic backend.
pub fn kdf_with<H: Hash>(z: &[u8], out: &mut [u8]) -> Result<()> {
    kdf_with_state(H::new(), z, out)
}

/// The KDF over a caller-supplied fresh hash state, so a forced backend
/// (e.g. `Sm3::with_backend(..)`) is used for every block.
pub fn kdf_with_state<H: Hash>(fresh: H, z: &[u8], out: &mut [u8]) -> Result<()> {
    KdfStream::new(fresh, z, out.len())?.fill(out);
    Ok(())
}

/// The KDF output read in order, a piece at a time, for callers that must not hold all klen
/// bytes at once (SM2 decryption checks C3 over scratch chunks before it releases plaintext,
/// GB/T 32918.4 §7.1 B4–B7).
pub(crate) struct KdfStream<H: Hash> {
    /// The state after absorbing Z; each block continues from a copy of it.
    prefix: H,
    /// §5.4.3 a, b: ct = 0x00000001, incremented per block.
    ct: u32,
}

impl<H: Hash> KdfStream<H> {
    /// Z absorbed into `fresh`. [`Error::InvalidParameter`] if `klen` bytes need more than
    /// 2³² − 1 hash blocks (§5.4.3, the bound on klen).
    pub(crate) fn new(fresh: H, z: &[u8], klen: usize) -> Result<Self> {
        block_count(klen, H::OUTPUT_LEN)?;
        let mut prefix = fresh;
        prefix.update(z);
        Ok(KdfStream { prefix, ct: 1 })
    }

    /// The next `out.len()` bytes of K. Every call but the last asks for whole blocks (a
    /// multiple of the hash length); at most the `klen` given to [`KdfStream::new`] in all.
    pub(crate) fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(H::OUTPUT_LEN) {
            let mut h = self.prefix.clone();
            h.update(&self.ct.to_be_bytes());
            self.ct = self.ct.wrapping_add(1);
            let mut ha = h.finalize();
            // §5.4.3 c/d: whole blocks, then the leftmost bits of the last one.
            chunk.copy_from_slice(&ha.as_ref()[..chunk.len()]);
            ha.as_mut().zeroize();
        }
    }
}

/// ⌈klen / v⌉, refused above 2³² − 1 (§5.4.3, the bound on klen).
fn block_count(out_len: usize, hash_len: usize) -> Result<u32> {
    u32::try_from(out_len.div_ceil(hash_len)).map_err(|_| Error::InvalidParameter)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    /// Independent construction with RustCrypto `sm3`: Ha_i = SM3(Z ‖ ct_i), concatenated, cut.
    fn oracle(z: &[u8], len: usize) -> Vec<u8> {
        use ::sm3::Digest;
        let mut k = Vec::new();
        let mut ct = 1u32;
        while k.len() < len {
            let mut h = sm3::Sm3::new();
            h.update(z);
            h.update(ct.to_be_bytes());
            k.extend_from_slice(&h.finalize());
            ct += 1;
        }
        k.truncate(len);
        k
    }

    #[test]
    fn matches_direct_construction() {
        let z: Vec<u8> = (0u8..=200).collect();
        for len in [0usize, 1, 16, 31, 32, 33, 63, 64, 65, 100, 1000] {
            let mut out = std::vec![0xa5u8; len];
            kdf(&z, &mut out).unwrap();
            assert_eq!(out, oracle(&z, len), "klen {len}");
            let mut forced = std::vec![0u8; len];
            kdf_with_state(
                Sm3::with_backend(super::super::Sm3Backend::Soft).unwrap(),
                &z,
                &mut forced,
            )
            .unwrap();
            assert_eq!(forced, out);
        }
    }

    /// Read in whole-block pieces of any size, the stream gives the same K.
    #[test]
    fn stream_in_pieces() {
        let z: Vec<u8> = (0u8..64).collect();
        for len in [1usize, 32, 33, 100, 1000] {
            for piece in [32usize, 64, 256] {
                let mut s = KdfStream::new(Sm3::new(), &z, len).unwrap();
                let mut out = std::vec![0u8; len];
                for chunk in out.chunks_mut(piece) {
                    s.fill(chunk);
                }
                assert_eq!(out, oracle(&z, len), "klen {len}, pieces of {piece}");
            }
        }
        assert!(KdfStream::new(Sm3::new(), &z, 0).is_ok());
    }

    #[test]
    fn block_limit() {
        assert_eq!(block_count(0, 32), Ok(0));
        assert_eq!(block_count(33, 32), Ok(2));
        #[cfg(target_pointer_width = "64")]
        {
            let max = 32 * u32::MAX as usize;
            assert_eq!(block_count(max, 32), Ok(u32::MAX));
            assert_eq!(block_count(max + 1, 32), Err(Error::InvalidParameter));
        }
    }
}
