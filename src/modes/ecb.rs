//! ECB (GB/T 17964-2021 §5, SP 800-38A §6.1): whole blocks only.

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
