//! GHASH, the universal hash of GCM and GMAC (SP 800-38D §6.4), behind [`GhashBackend`].
//!
//! [`GhashKey`] holds what a backend precomputes from the hash subkey H: the powers H, H², …, Hⁿ,
//! so that n blocks share one reduction (aggregated reduction). [`Ghash`] is a running hash under
//! a key.
//!
//! | backend | file | powers | blocks per multiply | blocks per reduction | cycles/byte¹ |
//! |---|---|---|---|---|---|
//! | `vpclmul-avx512` | `x86_64_vpclmul_avx512.rs` | H¹…H³² | 4 (`vpclmulqdq` zmm) | 32 | 0.062 |
//! | `vpclmul-avx2` | `x86_64_vpclmul_avx2.rs` | H¹…H¹⁶ | 2 (`vpclmulqdq` ymm) | 16 | 0.126 |
//! | `pclmul` | `x86_64_pclmul.rs` | H¹…H⁸ | 1 (`pclmulqdq`) | 8 | 0.25 |
//! | `pmull` | `aarch64_pmull.rs` | H¹…H⁸ | 1 (`PMULL`/`PMULL2`) | 8 | ² |
//! | `soft` | `soft.rs` | H¹…H⁴ | — (integer multiplies) | 4 | 4.2 |
//!
//! ¹ 16 KiB per call, AMD Zen 5 at 2.6 GHz. ² Not measured on aarch64 hardware yet (only under
//! qemu, which says nothing about cycles).
//!
//! The carry-less backends (x86-64 and aarch64) share one design (see `x86_64_pclmul`):
//! byte-reversed registers in GCM's reflected bit order (`pmull` keeps the two qwords swapped),
//! powers of H kept premultiplied by x so that a Montgomery reduction needs no bit shifts,
//! three-multiply Karatsuba products summed unreduced over a group, one reduction (two carry-less
//! multiplies) per group. No backend indexes memory or branches on H or the data; the powers are
//! zeroized on drop.

#[cfg(all(target_arch = "aarch64", target_endian = "little"))]
mod aarch64_pmull;
mod soft;
#[cfg(target_arch = "x86_64")]
mod x86_64_pclmul;
#[cfg(target_arch = "x86_64")]
mod x86_64_vpclmul_avx2;
#[cfg(target_arch = "x86_64")]
mod x86_64_vpclmul_avx512;

use crate::backend::Backend;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_endian = "little")
))]
use crate::cpu::{self, Token};
use crate::error::{Error, Result};
use crate::traits::Block;
use core::fmt;
use zeroize::Zeroize;

/// The GHASH implementations compiled for this target, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GhashBackend {
    /// VPCLMULQDQ on 512-bit registers: four blocks per multiply, 16 per reduction.
    #[cfg(target_arch = "x86_64")]
    VpclmulAvx512,
    /// VPCLMULQDQ on 256-bit registers: two blocks per multiply, 16 per reduction.
    #[cfg(target_arch = "x86_64")]
    VpclmulAvx2,
    /// PCLMULQDQ: one block per multiply, 8 per reduction.
    #[cfg(target_arch = "x86_64")]
    Pclmul,
    /// PMULL/PMULL2 (aarch64): one block per multiply, 8 per reduction.
    #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
    Pmull,
    /// Portable constant-time multiply (integer multiplies on operands with holes).
    Soft,
}

impl Backend for GhashBackend {
    const ALGORITHM: &'static str = "ghash";
    const ALL: &'static [Self] = &[
        #[cfg(target_arch = "x86_64")]
        GhashBackend::VpclmulAvx512,
        #[cfg(target_arch = "x86_64")]
        GhashBackend::VpclmulAvx2,
        #[cfg(target_arch = "x86_64")]
        GhashBackend::Pclmul,
        #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
        GhashBackend::Pmull,
        GhashBackend::Soft,
    ];

    fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx512 => "vpclmul-avx512",
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx2 => "vpclmul-avx2",
            #[cfg(target_arch = "x86_64")]
            GhashBackend::Pclmul => "pclmul",
            #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
            GhashBackend::Pmull => "pmull",
            GhashBackend::Soft => "soft",
        }
    }

    fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx512 => cpu::VpclmulAvx512::get().is_some(),
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx2 => cpu::VpclmulAvx2::get().is_some(),
            #[cfg(target_arch = "x86_64")]
            GhashBackend::Pclmul => cpu::Pclmul::get().is_some(),
            #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
            GhashBackend::Pmull => cpu::Pmull::get().is_some(),
            GhashBackend::Soft => true,
        }
    }
}

// The powers live inline (up to 1 KiB): no allocator under `no_std`, and a key is built once.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Inner {
    #[cfg(target_arch = "x86_64")]
    VpclmulAvx512(x86_64_vpclmul_avx512::Key),
    #[cfg(target_arch = "x86_64")]
    VpclmulAvx2(x86_64_vpclmul_avx2::Key),
    #[cfg(target_arch = "x86_64")]
    Pclmul(x86_64_pclmul::Key),
    #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
    Pmull(aarch64_pmull::Key),
    Soft(soft::Key),
}

/// A GHASH key: the hash subkey H, expanded for the chosen backend. Zeroized on drop.
///
/// ```
/// use gmkit::modes::ghash::{Ghash, GhashKey};
/// # fn hex(s: &str) -> [u8; 16] {
/// #     core::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
/// # }
///
/// // The GCM specification (McGrew–Viega), test case 2: H = AES-128_0(0¹²⁸), no AAD, one
/// // ciphertext block C, then the length block [len(A)]₆₄ ‖ [len(C)]₆₄ = 0 ‖ 128.
/// let key = GhashKey::new(&hex("66e94bd4ef8a2c3b884cfa59ca342b2e"));
/// let mut g = Ghash::new(&key);
/// g.update_padded(&hex("0388dace60b6a392f328c2b971b2fe78"));
/// g.update_blocks(&[hex("00000000000000000000000000000080")]);
/// assert_eq!(g.finalize(), hex("f38cbb1ad69223dcc3457ae5b6b0f885"));
/// ```
#[derive(Clone)]
pub struct GhashKey {
    inner: Inner,
}

impl GhashKey {
    /// Expand `h` for the automatically chosen backend.
    pub fn new(h: &Block) -> Self {
        match Self::build(h, GhashBackend::auto()) {
            Some(key) => key,
            None => Self::build_soft(h),
        }
    }

    /// Expand `h` for `backend`; [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(h: &Block, backend: GhashBackend) -> Result<Self> {
        Self::build(h, backend).ok_or(Error::BackendUnavailable)
    }

    fn build_soft(h: &Block) -> Self {
        let mut hv = u128::from_be_bytes(*h);
        let inner = Inner::Soft(soft::Key::new(hv));
        hv.zeroize();
        GhashKey { inner }
    }

    /// The key for `backend`, or `None` if this CPU lacks its features (no token).
    fn build(h: &Block, backend: GhashBackend) -> Option<Self> {
        let mut hv = u128::from_be_bytes(*h);
        let inner = match backend {
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx512 => cpu::VpclmulAvx512::get()
                .map(|t| Inner::VpclmulAvx512(x86_64_vpclmul_avx512::Key::new(t, hv))),
            #[cfg(target_arch = "x86_64")]
            GhashBackend::VpclmulAvx2 => cpu::VpclmulAvx2::get()
                .map(|t| Inner::VpclmulAvx2(x86_64_vpclmul_avx2::Key::new(t, hv))),
            #[cfg(target_arch = "x86_64")]
            GhashBackend::Pclmul => {
                cpu::Pclmul::get().map(|t| Inner::Pclmul(x86_64_pclmul::Key::new(t, hv)))
            }
            #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
            GhashBackend::Pmull => {
                cpu::Pmull::get().map(|t| Inner::Pmull(aarch64_pmull::Key::new(t, hv)))
            }
            GhashBackend::Soft => Some(Inner::Soft(soft::Key::new(hv))),
        };
        hv.zeroize();
        Some(GhashKey { inner: inner? })
    }

    /// The backend this key runs on.
    pub fn backend(&self) -> GhashBackend {
        match self.inner {
            #[cfg(target_arch = "x86_64")]
            Inner::VpclmulAvx512(_) => GhashBackend::VpclmulAvx512,
            #[cfg(target_arch = "x86_64")]
            Inner::VpclmulAvx2(_) => GhashBackend::VpclmulAvx2,
            #[cfg(target_arch = "x86_64")]
            Inner::Pclmul(_) => GhashBackend::Pclmul,
            #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
            Inner::Pmull(_) => GhashBackend::Pmull,
            Inner::Soft(_) => GhashBackend::Soft,
        }
    }

    /// Y ← (…((Y ⊕ X₁)·H ⊕ X₂)·H …)·H (SP 800-38D Algorithm 2, continued from `y`).
    fn update(&self, y: u128, blocks: &[Block]) -> u128 {
        match &self.inner {
            #[cfg(target_arch = "x86_64")]
            Inner::VpclmulAvx512(k) => k.update(y, blocks),
            #[cfg(target_arch = "x86_64")]
            Inner::VpclmulAvx2(k) => k.update(y, blocks),
            #[cfg(target_arch = "x86_64")]
            Inner::Pclmul(k) => k.update(y, blocks),
            #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
            Inner::Pmull(k) => k.update(y, blocks),
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
        self.y.zeroize();
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
        #[cfg(target_arch = "x86_64")]
        for (b, name) in [
            (GhashBackend::VpclmulAvx512, "vpclmul-avx512"),
            (GhashBackend::VpclmulAvx2, "vpclmul-avx2"),
            (GhashBackend::Pclmul, "pclmul"),
        ] {
            assert_eq!(GhashBackend::from_name(name), Some(b));
            assert_eq!(b.name(), name);
        }
        #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
        {
            assert_eq!(GhashBackend::from_name("pmull"), Some(GhashBackend::Pmull));
            assert_eq!(GhashBackend::Pmull.name(), "pmull");
        }
        let key = GhashKey::new(&[1; 16]);
        assert!(GhashBackend::ALL.contains(&key.backend()));
        assert_eq!(GhashBackend::ALL.last(), Some(&GhashBackend::Soft));
    }

    #[test]
    fn unavailable_backend_is_an_error() {
        for b in GhashBackend::ALL.iter().filter(|b| !b.is_available()) {
            assert_eq!(
                GhashKey::with_backend(&[1; 16], *b).err(),
                Some(Error::BackendUnavailable)
            );
        }
        assert!(GhashKey::with_backend(&[1; 16], GhashBackend::Soft).is_ok());
    }
}
