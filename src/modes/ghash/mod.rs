//! GHASH, the universal hash of GCM and GMAC (SP 800-38D §6.4), behind [`GhashBackend`].
//!
//! [`GhashKey`] holds what a backend precomputes from the hash subkey H (the portable backend:
//! H, H², H³, H⁴, so four blocks share one reduction); [`Ghash`] is a running hash under a key.
//! A carry-less-multiply backend (PCLMULQDQ, VPCLMULQDQ, PMULL) adds a variant to the backend
//! enum and to the key, with its own table of powers and block count per step.

mod soft;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::traits::Block;
use core::fmt;

/// The GHASH implementations compiled for this target, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GhashBackend {
    /// Portable constant-time multiply (integer multiplies on operands with holes).
    Soft,
}

impl Backend for GhashBackend {
    const ALGORITHM: &'static str = "ghash";
    const ALL: &'static [Self] = &[GhashBackend::Soft];

    fn name(self) -> &'static str {
        match self {
            GhashBackend::Soft => "soft",
        }
    }

    fn is_available(self) -> bool {
        match self {
            GhashBackend::Soft => true,
        }
    }
}

#[derive(Clone)]
enum Inner {
    Soft(soft::Key),
}

/// A GHASH key: the hash subkey H, expanded for the chosen backend. Zeroized on drop.
#[derive(Clone)]
pub struct GhashKey {
    inner: Inner,
}

impl GhashKey {
    /// Expand `h` for the automatically chosen backend.
    pub fn new(h: &Block) -> Self {
        Self::build(h, GhashBackend::auto())
    }

    /// Expand `h` for `backend`; [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(h: &Block, backend: GhashBackend) -> Result<Self> {
        if !backend.is_available() {
            return Err(Error::BackendUnavailable);
        }
        Ok(Self::build(h, backend))
    }

    fn build(h: &Block, backend: GhashBackend) -> Self {
        let inner = match backend {
            GhashBackend::Soft => Inner::Soft(soft::Key::new(u128::from_be_bytes(*h))),
        };
        GhashKey { inner }
    }

    /// The backend this key runs on.
    pub fn backend(&self) -> GhashBackend {
        match self.inner {
            Inner::Soft(_) => GhashBackend::Soft,
        }
    }

    /// Y ← (…((Y ⊕ X₁)·H ⊕ X₂)·H …)·H (SP 800-38D Algorithm 2, continued from `y`).
    fn update(&self, y: u128, blocks: &[Block]) -> u128 {
        match &self.inner {
            Inner::Soft(k) => k.update(y, blocks),
        }
    }
}

impl fmt::Debug for GhashKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GhashKey")
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

/// A running GHASH under a [`GhashKey`], starting from Y₀ = 0.
#[derive(Clone)]
pub struct Ghash<'k> {
    key: &'k GhashKey,
    y: u128,
}

impl<'k> Ghash<'k> {
    /// A fresh hash (Y₀ = 0¹²⁸).
    pub fn new(key: &'k GhashKey) -> Self {
        Ghash { key, y: 0 }
    }

    /// Absorb whole blocks.
    pub fn update_blocks(&mut self, blocks: &[Block]) {
        self.y = self.key.update(self.y, blocks);
    }

    /// Absorb `data` followed by zeros up to a block boundary (GCM's `A ‖ 0^v`, `C ‖ 0^u`).
    pub fn update_padded(&mut self, data: &[u8]) {
        let (blocks, tail) = data.as_chunks::<16>();
        self.update_blocks(blocks);
        if !tail.is_empty() {
            let mut last = [0u8; 16];
            last[..tail.len()].copy_from_slice(tail);
            self.update_blocks(&[last]);
        }
    }

    /// The hash value Y.
    pub fn finalize(self) -> Block {
        self.y.to_be_bytes()
    }
}

impl Drop for Ghash<'_> {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.y);
    }
}

impl fmt::Debug for Ghash<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ghash")
            .field("backend", &self.key.backend())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ghash_gcm_spec_test_case_2() {
        // McGrew–Viega GCM spec, Test Case 2: H = 66e94bd4…, A = {}, C = 0388dace…,
        // GHASH(H, A, C) = f38cbb1a…
        let h = 0x66e94bd4ef8a2c3b884cfa59ca342b2e_u128.to_be_bytes();
        let c = 0x0388dace60b6a392f328c2b971b2fe78_u128.to_be_bytes();
        let lens = 0x80u128.to_be_bytes();
        for b in GhashBackend::available() {
            let key = GhashKey::with_backend(&h, b).unwrap();
            let mut g = Ghash::new(&key);
            g.update_padded(&[]);
            g.update_padded(&c);
            g.update_blocks(&[lens]);
            assert_eq!(
                g.finalize(),
                0xf38cbb1ad69223dcc3457ae5b6b0f885_u128.to_be_bytes()
            );
        }
    }

    #[test]
    fn backend_names() {
        assert_eq!(GhashBackend::from_name("soft"), Some(GhashBackend::Soft));
        assert_eq!(GhashBackend::Soft.name(), "soft");
        let key = GhashKey::new(&[1; 16]);
        assert!(GhashBackend::ALL.contains(&key.backend()));
    }
}
