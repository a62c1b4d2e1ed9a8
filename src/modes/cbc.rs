//! CBC (GB/T 17964-2021 §6, SP 800-38A §6.2), with optional PKCS #7 padding (RFC 5652 §6.3).

use super::util::{BATCH, xor_block};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128};
use subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess};

/// Encrypt `buf` in place (whole blocks; [`Error::InvalidLength`] otherwise).
pub fn encrypt<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<()> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    if !tail.is_empty() {
        return Err(Error::InvalidLength);
    }
    encrypt_blocks(c, iv, blocks);
    Ok(())
}

/// Cᵢ = E(Pᵢ ⊕ Cᵢ₋₁), C₀ = IV: inherently one block at a time.
fn encrypt_blocks<C: BlockCipher128>(c: &C, iv: &Block, blocks: &mut [Block]) {
    let mut prev = *iv;
    for b in blocks {
        xor_block(b, &prev);
        c.encrypt_block(b);
        prev = *b;
    }
}

/// Decrypt `buf` in place (whole blocks; [`Error::InvalidLength`] otherwise).
pub fn decrypt<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<()> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    if !tail.is_empty() {
        return Err(Error::InvalidLength);
    }
    decrypt_blocks(c, iv, blocks);
    Ok(())
}

/// Pᵢ = D(Cᵢ) ⊕ Cᵢ₋₁: the block decryptions are independent, so whole batches go to the cipher.
pub(crate) fn decrypt_blocks<C: BlockCipher128>(c: &C, iv: &Block, blocks: &mut [Block]) {
    let mut prev = *iv;
    let mut saved = [[0u8; 16]; BATCH];
    for chunk in blocks.chunks_mut(BATCH) {
        let n = chunk.len();
        saved[..n].copy_from_slice(chunk);
        c.decrypt_blocks(chunk);
        xor_block(&mut chunk[0], &prev);
        for i in 1..n {
            xor_block(&mut chunk[i], &saved[i - 1]);
        }
        prev = saved[n - 1];
    }
}

/// Pad the first `msg_len` bytes of `buf` with PKCS #7 and encrypt them; `buf` must have room
/// for the padded length (`msg_len / 16 * 16 + 16`). Returns the ciphertext length.
pub fn encrypt_pkcs7<C: BlockCipher128>(
    c: &C,
    iv: &Block,
    buf: &mut [u8],
    msg_len: usize,
) -> Result<usize> {
    let ct_len = pkcs7_len(msg_len).ok_or(Error::InvalidLength)?;
    if ct_len > buf.len() {
        return Err(Error::InvalidLength);
    }
    let pad = (ct_len - msg_len) as u8;
    buf[msg_len..ct_len].fill(pad);
    encrypt(c, iv, &mut buf[..ct_len])?;
    Ok(ct_len)
}

/// Decrypt `buf` in place and strip PKCS #7 padding; returns the plaintext length.
///
/// The length must be a non-zero multiple of 16 ([`Error::InvalidLength`]). The padding is
/// checked in constant time on the last block alone, before anything is written: bad padding
/// gives [`Error::Opaque`] and leaves `buf` unchanged.
pub fn decrypt_pkcs7<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<usize> {
    let (blocks, tail) = buf.as_chunks_mut::<16>();
    if !tail.is_empty() || blocks.is_empty() {
        return Err(Error::InvalidLength);
    }
    let n = blocks.len();
    let prev = if n == 1 { *iv } else { blocks[n - 2] };
    let mut last = blocks[n - 1];
    c.decrypt_block(&mut last);
    xor_block(&mut last, &prev);
    let pad = last[15];
    let ok = pkcs7_ok(&last, pad);
    zeroize::Zeroize::zeroize(&mut last);
    // declassify: the padding verdict is returned.
    if !crate::ct::declassify(bool::from(ok)) {
        return Err(Error::Opaque);
    }
    decrypt_blocks(c, iv, blocks);
    Ok(n * 16 - pad as usize)
}

/// 1 ≤ pad ≤ 16 and the last `pad` bytes all equal `pad`, without a secret-dependent branch.
/// The PKCS #7 padded length of `msg_len` bytes: the next multiple of 16 above it.
pub(super) fn pkcs7_len(msg_len: usize) -> Option<usize> {
    (msg_len / 16).checked_add(1)?.checked_mul(16)
}

/// Whether the last block ends in valid PKCS #7 padding of `pad` bytes, in constant time.
pub(crate) fn pkcs7_ok(last: &Block, pad: u8) -> Choice {
    let mut ok = !pad.ct_eq(&0) & !pad.ct_gt(&16);
    for (i, b) in last.iter().rev().enumerate() {
        let in_pad = (i as u8).ct_lt(&pad);
        ok &= !in_pad | b.ct_eq(&pad);
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::pkcs7_ok;

    #[test]
    fn pkcs7_rules() {
        let mut b = [0x41u8; 16];
        b[15] = 1;
        assert!(bool::from(pkcs7_ok(&b, 1)));
        b[14] = 2;
        b[15] = 2;
        assert!(bool::from(pkcs7_ok(&b, 2)));
        b[14] = 3;
        assert!(!bool::from(pkcs7_ok(&b, 2)));
        assert!(bool::from(pkcs7_ok(&[16; 16], 16)));
        assert!(!bool::from(pkcs7_ok(&[17; 16], 17)));
        assert!(!bool::from(pkcs7_ok(&[0; 16], 0)));
    }
}
