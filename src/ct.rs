//! Constant-time helpers shared by the modes and SM2.

use crate::error::{Error, Result};
use subtle::ConstantTimeEq;

/// `Ok(())` when `a == b` (equal lengths), compared without an early exit; [`Error::Opaque`]
/// otherwise. Lengths are public.
#[inline]
pub fn eq_or_opaque(a: &[u8], b: &[u8]) -> Result<()> {
    if a.len() == b.len() && bool::from(a.ct_eq(b)) {
        Ok(())
    } else {
        Err(Error::Opaque)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq_or_opaque_cases() {
        assert_eq!(eq_or_opaque(b"abc", b"abc"), Ok(()));
        assert_eq!(eq_or_opaque(b"abc", b"abd"), Err(Error::Opaque));
        assert_eq!(eq_or_opaque(b"abc", b"ab"), Err(Error::Opaque));
        assert_eq!(eq_or_opaque(b"", b""), Ok(()));
    }
}
