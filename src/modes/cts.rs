//! CBC with ciphertext stealing, variant CS3 (NIST SP 800-38A Addendum §3; the Kerberos form of
//! RFC 3962): the last two ciphertext blocks are always swapped, and a partial last block is
//! completed with bits stolen from the one before. Input of at least one block.

use super::cbc;
use super::util::{xor_block, xor_into};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128};
use zeroize::Zeroize;

/// Split `len ≥ 17` into (offset of the second-to-last block, length d ∈ 1..=16 of the last).
fn layout(len: usize) -> (usize, usize) {
    let d = (len - 1) % 16 + 1;
    (len - d - 16, d)
}

/// CBC-CS3 encryption in place; [`Error::InvalidLength`] below 16 bytes.
pub fn encrypt_cs3<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<()> {
    if buf.len() < 16 {
        return Err(Error::InvalidLength);
    }
    if buf.len() == 16 {
        return cbc::encrypt(c, iv, buf);
    }
    let (off, d) = layout(buf.len());
    // CBC over P₁ … Pₙ₋₁.
    cbc::encrypt(c, iv, &mut buf[..off + 16])?;
    let mut c_prev: Block = buf[off..off + 16].try_into().expect("one block");
    // Cₙ = E(Cₙ₋₁ ⊕ (Pₙ ‖ 0*)).
    let mut c_last = c_prev;
    xor_into(&mut c_last, &buf[off + 16..]);
    c.encrypt_block(&mut c_last);
    // Output … ‖ Cₙ ‖ MSB_d(Cₙ₋₁).
    buf[off + 16..].copy_from_slice(&c_prev[..d]);
    buf[off..off + 16].copy_from_slice(&c_last);
    c_prev.zeroize();
    Ok(())
}

/// CBC-CS3 decryption in place; [`Error::InvalidLength`] below 16 bytes.
pub fn decrypt_cs3<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<()> {
    if buf.len() < 16 {
        return Err(Error::InvalidLength);
    }
    if buf.len() == 16 {
        return cbc::decrypt(c, iv, buf);
    }
    let (off, d) = layout(buf.len());
    let prev: Block = if off == 0 {
        *iv
    } else {
        buf[off - 16..off].try_into().expect("one block")
    };
    // Z = D(Cₙ) = (Pₙ ‖ 0*) ⊕ Cₙ₋₁, so Cₙ₋₁ = C*ₙ₋₁ ‖ Z[d..] and Pₙ = Z[..d] ⊕ C*ₙ₋₁.
    let mut z: Block = buf[off..off + 16].try_into().expect("one block");
    c.decrypt_block(&mut z);
    let mut c_prev = z;
    c_prev[..d].copy_from_slice(&buf[off + 16..]);
    // Pₙ₋₁ = D(Cₙ₋₁) ⊕ Cₙ₋₂.
    let mut p_prev = c_prev;
    c.decrypt_block(&mut p_prev);
    xor_block(&mut p_prev, &prev);
    xor_into(&mut buf[off + 16..], &z);
    buf[off..off + 16].copy_from_slice(&p_prev);
    z.zeroize();
    p_prev.zeroize();
    // Plain CBC for P₁ … Pₙ₋₂.
    cbc::decrypt(c, iv, &mut buf[..off])
}
