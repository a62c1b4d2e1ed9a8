//! Constant-time helpers shared by the modes and SM2, and the one declassification point.
//!
//! [`declassify`] marks a value that is derived from secrets but public by design (a verdict, a
//! retry decision, a public key, an output): only such values may steer a branch. It is the
//! identity function, except with the `ct-check` feature, which `scripts/ct-check.sh` turns on:
//! every secret is then marked undefined for valgrind's memcheck, which reports each branch or
//! memory address that depends on it, and `declassify` tells memcheck that its result is defined
//! (see `CONSTANT_TIME.md`). Every call site says why its value is public.

use crate::error::{Error, Result};
use subtle::ConstantTimeEq;

/// `value`, declared public: derived from secrets, but revealed by design (see the module
/// documentation). The identity, except under the `ct-check` feature, where valgrind's memcheck
/// is told the returned copy is defined (`VALGRIND_MAKE_MEM_DEFINED`).
#[inline(always)]
pub fn declassify<T: Copy>(value: T) -> T {
    #[cfg(feature = "ct-check")]
    let value = {
        let mut v = value;
        // The request writes nothing, but the compiler must assume the call may have written
        // through the pointer, so `v` is read back from memory, whose bytes are now defined.
        // Outside valgrind the request is a no-op that reports an error: nothing to handle.
        let _ = crabgrind::memcheck::mark_mem(
            (&raw mut v).cast(),
            size_of::<T>(),
            crabgrind::memcheck::MemState::Defined,
        );
        v
    };
    value
}

/// `Ok(())` when `a == b` (equal lengths), compared without an early exit; [`Error::Opaque`]
/// otherwise. Lengths are public.
#[inline]
pub fn eq_or_opaque(a: &[u8], b: &[u8]) -> Result<()> {
    // declassify: the verdict is returned to the caller (accept or reject), so it is public;
    // the compared bytes are not.
    if a.len() == b.len() && declassify(bool::from(a.ct_eq(b))) {
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

    #[test]
    fn declassify_is_the_identity() {
        assert_eq!(declassify(0x1234_5678_u32), 0x1234_5678);
        assert_eq!(declassify([7u8; 33]), [7u8; 33]);
        assert!(declassify(true));
    }

    /// Under Miri, `cpufeatures` reports no CPU feature, so every algorithm has its portable
    /// backend only: the Miri run (`scripts/miri.sh`) checks exactly the portable code.
    #[cfg(miri)]
    #[test]
    fn miri_sees_only_the_portable_backends() {
        use crate::backend::Backend;
        use crate::modes::ghash::GhashBackend;
        use crate::sm3::{Sm3Backend, batch::Sm3BatchBackend};
        use crate::sm4::Sm4Backend;
        assert!(Sm4Backend::available().eq([Sm4Backend::Soft]));
        assert!(GhashBackend::available().eq([GhashBackend::Soft]));
        assert!(Sm3Backend::available().eq([Sm3Backend::Soft]));
        assert!(Sm3BatchBackend::available().eq([Sm3BatchBackend::Serial]));
    }
}
