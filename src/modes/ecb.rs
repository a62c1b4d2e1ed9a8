//! ECB (GB/T 17964-2021 §5, SP 800-38A §6.1): whole blocks only.

use super::cbc::{pkcs7_len, pkcs7_ok};
use crate::error::{Error, Result};
use crate::traits::BlockCipher128;

/// Encrypt `buf` in place; its length must be a multiple of 16 ([`Error::InvalidLength`]).
pub fn encrypt<C: BlockCipher128>(c: &C, buf: &mut [u8]) -> Result<()> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    if !tail.is_empty() {
        return Err(Error::InvalidLength);
    }
    c.encrypt_blocks(blocks);
    Ok(())
}

/// Decrypt `buf` in place; its length must be a multiple of 16 ([`Error::InvalidLength`]).
pub fn decrypt<C: BlockCipher128>(c: &C, buf: &mut [u8]) -> Result<()> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    if !tail.is_empty() {
        return Err(Error::InvalidLength);
    }
    c.decrypt_blocks(blocks);
    Ok(())
}

/// Pad the first `msg_len` bytes of `buf` with PKCS #7 and encrypt them; `buf` must have room
/// for the padded length (`msg_len / 16 * 16 + 16`). Returns the ciphertext length.
pub fn encrypt_pkcs7<C: BlockCipher128>(c: &C, buf: &mut [u8], msg_len: usize) -> Result<usize> {
    let ct_len = pkcs7_len(msg_len).ok_or(Error::InvalidLength)?;
    if ct_len > buf.len() {
        return Err(Error::InvalidLength);
    }
    buf[msg_len..ct_len].fill((ct_len - msg_len) as u8);
    encrypt(c, &mut buf[..ct_len])?;
    Ok(ct_len)
}

/// Decrypt `buf` in place and strip PKCS #7 padding; returns the plaintext length.
///
/// The length must be a non-zero multiple of 16 ([`Error::InvalidLength`]). The padding is
/// checked in constant time on the last block before anything is written: bad padding gives
/// [`Error::Opaque`] and leaves `buf` unchanged.
pub fn decrypt_pkcs7<C: BlockCipher128>(c: &C, buf: &mut [u8]) -> Result<usize> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    let Some(&last_ct) = blocks.last() else {
        return Err(Error::InvalidLength);
    };
    if !tail.is_empty() {
        return Err(Error::InvalidLength);
    }
    let mut last = last_ct;
    c.decrypt_block(&mut last);
    let pad = last[15];
    let ok = pkcs7_ok(&last, pad);
    zeroize::Zeroize::zeroize(&mut last);
    // declassify: the padding verdict is returned.
    if !crate::ct::declassify(bool::from(ok)) {
        return Err(Error::Opaque);
    }
    let n = blocks.len();
    c.decrypt_blocks(blocks);
    Ok(n * 16 - pad as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sm4::Sm4;

    // GB/T 32907-2016 Annex A.1: key = plaintext = 0123456789abcdeffedcba9876543210.
    const K: [u8; 16] = [
        0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32,
        0x10,
    ];
    const C: [u8; 16] = [
        0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e, 0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42,
        0x46,
    ];

    #[test]
    fn pkcs7_full_block_of_padding() {
        let c = Sm4::new(&K);
        // 16 message bytes: a whole block of padding follows.
        let mut buf = [0u8; 32];
        buf[..16].copy_from_slice(&K);
        assert_eq!(encrypt_pkcs7(&c, &mut buf, 16), Ok(32));
        assert_eq!(buf[..16], C);
        let mut pad = [16u8; 16];
        c.encrypt_block(&mut pad);
        assert_eq!(buf[16..], pad);
        assert_eq!(decrypt_pkcs7(&c, &mut buf), Ok(16));
        assert_eq!(buf[..16], K);
    }

    #[test]
    fn pkcs7_errors() {
        let c = Sm4::new(&K);
        let mut small = [0u8; 16];
        assert_eq!(encrypt_pkcs7(&c, &mut small, 16), Err(Error::InvalidLength));
        assert_eq!(
            encrypt_pkcs7(&c, &mut small, usize::MAX),
            Err(Error::InvalidLength)
        );
        assert_eq!(decrypt_pkcs7(&c, &mut []), Err(Error::InvalidLength));
        assert_eq!(decrypt_pkcs7(&c, &mut [0u8; 17]), Err(Error::InvalidLength));
        // A block that decrypts to the Annex A plaintext ends in 0x10 preceded by 0x32: refused,
        // and the buffer keeps its ciphertext.
        let mut buf = C;
        assert_eq!(decrypt_pkcs7(&c, &mut buf), Err(Error::Opaque));
        assert_eq!(buf, C);
    }
}
