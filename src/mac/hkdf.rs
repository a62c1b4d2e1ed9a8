//! HKDF (RFC 5869), generic over [`crate::Hash`]; RFC 8998 (TLS 1.3 with SM) uses HKDF-SM3.

use super::Hmac;
use crate::error::{Error, Result};
use crate::traits::Hash;
use zeroize::Zeroize;

/// HKDF-Extract (RFC 5869 §2.2): PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zeros.
pub fn extract<H: Hash>(salt: &[u8], ikm: &[u8]) -> H::Output {
    extract_with_state(H::new(), salt, ikm)
}

/// [`extract`] on a caller-supplied fresh hash state (e.g. a forced backend).
pub fn extract_with_state<H: Hash>(fresh: H, salt: &[u8], ikm: &[u8]) -> H::Output {
    let zeros = H::Output::default();
    let salt = if salt.is_empty() {
        zeros.as_ref()
    } else {
        salt
    };
    let mut mac = Hmac::new_with_state(salt, fresh);
    mac.update(ikm);
    mac.finalize()
}

/// HKDF-Expand (RFC 5869 §2.3): fill `okm` (L = `okm.len()` bytes) from `prk` and `info`.
///
/// [`Error::InvalidLength`] if L > 255·HashLen; [`Error::InvalidKeyLength`] if `prk` is shorter
/// than HashLen. On error `okm` is left untouched.
pub fn expand<H: Hash>(prk: &[u8], info: &[u8], okm: &mut [u8]) -> Result<()> {
    expand_with_state(H::new(), prk, info, okm)
}

/// [`expand`] on a caller-supplied fresh hash state (e.g. a forced backend).
pub fn expand_with_state<H: Hash>(fresh: H, prk: &[u8], info: &[u8], okm: &mut [u8]) -> Result<()> {
    let hash_len = H::OUTPUT_LEN;
    if okm.len() > 255 * hash_len {
        return Err(Error::InvalidLength);
    }
    // §2.3: PRK is "a pseudorandom key of at least HashLen octets".
    if prk.len() < hash_len {
        return Err(Error::InvalidKeyLength);
    }
    let keyed = Hmac::new_with_state(prk, fresh);
    // T(0) = empty; T(i) = HMAC-Hash(PRK, T(i−1) ‖ info ‖ i); OKM = first L octets of T(1) ‖ T(2) ‖ …
    let mut t = H::Output::default();
    let mut prev_len = 0;
    for (chunk, i) in okm.chunks_mut(hash_len).zip(1u8..=255) {
        let mut mac = keyed.clone();
        mac.update(&t.as_ref()[..prev_len]);
        mac.update(info);
        mac.update(&[i]);
        t = mac.finalize();
        prev_len = hash_len;
        chunk.copy_from_slice(&t.as_ref()[..chunk.len()]);
    }
    t.as_mut().zeroize();
    Ok(())
}
