//! SM3 (GB/T 32905-2016): the 256-bit hash, with the SM2 key derivation function built on it.
//!
//! [`Sm3`] owns buffering and padding (§5.2) and hands whole 64-byte blocks to the compression
//! function of its backend ([`Sm3Backend`]), chosen once when the state is created;
//! `Sm3Backend::compress` is the one dispatch point. Backends: `avx2-bmi2` (x86-64: rounds in
//! integer registers on a 6-operation chain, message expansion in `xmm` registers), `sm3-ce`
//! (aarch64: the FEAT_SM3 instructions) and the portable `soft`.
//!
//! Many independent messages hash faster together: [`batch`] runs them in SIMD lanes (16 per
//! step with AVX-512, 8 with AVX2, 4 with NEON), and offers HMAC-SM3 and the KDF over many keys;
//! [`merkle`] computes a ledger's Merkle root with it.
//!
//! ```
//! use gmkit::{Hash, sm3::Sm3};
//! let mut h = Sm3::new();
//! h.update(b"ab");
//! h.update(b"c");
//! assert_eq!(h.finalize(), Sm3::digest(b"abc"));
//! ```

#[cfg(target_arch = "aarch64")]
mod aarch64_mb_neon;
#[cfg(target_arch = "aarch64")]
mod aarch64_sm3;
pub mod batch;
mod kdf;
pub mod merkle;
mod soft;
#[cfg(target_arch = "x86_64")]
mod x86_64_avx2;
#[cfg(target_arch = "x86_64")]
mod x86_64_mb_avx2;
#[cfg(target_arch = "x86_64")]
mod x86_64_mb_avx512;

pub(crate) use kdf::KdfStream;
pub use kdf::{kdf, kdf_with, kdf_with_state};

use crate::backend::Backend;
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
use crate::cpu::{self, Token as _};
use crate::error::{Error, Result};
use core::fmt;
use zeroize::Zeroize;

/// Digest length in bytes.
pub const OUTPUT_LEN: usize = 32;
/// Block length in bytes.
pub const BLOCK_LEN: usize = 64;

/// Initial value IV (§4.1).
const IV: [u32; 8] = [
    0x7380_166f,
    0x4914_b2b9,
    0x1724_42d7,
    0xda8a_0600,
    0xa96f_30bc,
    0x1631_38aa,
    0xe38d_ee4d,
    0xb0fb_0e4e,
];

/// The SM3 compression backends compiled for this target, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sm3Backend {
    /// x86-64 AVX2 + BMI2: rounds in general-purpose registers with `rorx` on a 6-operation
    /// chain, the message expansion in `xmm` registers interleaved with them.
    #[cfg(target_arch = "x86_64")]
    Avx2Bmi2,
    /// aarch64 FEAT_SM3: each round is `SM3SS1`, `SM3TT1A/B` and `SM3TT2A/B` on the state held
    /// in two vectors, the message expansion `SM3PARTW1`/`SM3PARTW2`, four words per step.
    #[cfg(target_arch = "aarch64")]
    Sm3Ce,
    /// Portable Rust, fully unrolled; runs everywhere.
    Soft,
}

impl Backend for Sm3Backend {
    const ALGORITHM: &'static str = "sm3";
    #[cfg(target_arch = "x86_64")]
    const ALL: &'static [Self] = &[Sm3Backend::Avx2Bmi2, Sm3Backend::Soft];
    #[cfg(target_arch = "aarch64")]
    const ALL: &'static [Self] = &[Sm3Backend::Sm3Ce, Sm3Backend::Soft];
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    const ALL: &'static [Self] = &[Sm3Backend::Soft];

    fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm3Backend::Avx2Bmi2 => "avx2-bmi2",
            #[cfg(target_arch = "aarch64")]
            Sm3Backend::Sm3Ce => "sm3-ce",
            Sm3Backend::Soft => "soft",
        }
    }

    fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm3Backend::Avx2Bmi2 => cpu::Avx2Bmi2::get().is_some(),
            #[cfg(target_arch = "aarch64")]
            Sm3Backend::Sm3Ce => cpu::ArmSm3::get().is_some(),
            Sm3Backend::Soft => true,
        }
    }
}

impl Sm3Backend {
    /// The one dispatch point: apply CF (§5.3.3) to `state` for each block in order.
    #[inline]
    fn compress(self, state: &mut [u32; 8], blocks: &[[u8; BLOCK_LEN]]) {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm3Backend::Avx2Bmi2 => x86_64_avx2::compress(
                cpu::Avx2Bmi2::get().expect("the backend was checked available for this state"),
                state,
                blocks,
            ),
            #[cfg(target_arch = "aarch64")]
            Sm3Backend::Sm3Ce => aarch64_sm3::compress(
                cpu::ArmSm3::get().expect("the backend was checked available for this state"),
                state,
                blocks,
            ),
            Sm3Backend::Soft => soft::compress(state, blocks),
        }
    }
}

/// An SM3 hash state.
///
/// Streaming (`update` any number of times, then `finalize`) or one-shot ([`Sm3::digest`]).
/// The state is zeroized on drop, since it may hold secret input (HMAC keys, the SM2 shared
/// point fed to the KDF). RustCrypto's `digest::Digest` works on it too.
///
/// ```
/// use gmkit::sm3::Sm3;
///
/// // GB/T 32905-2016 Annex A, example 1.
/// let abc = [
///     0x66, 0xc7, 0xf0, 0xf4, 0x62, 0xee, 0xed, 0xd9, 0xd1, 0xf2, 0xd4, 0x6b, 0xdc, 0x10, 0xe4,
///     0xe2, 0x41, 0x67, 0xc4, 0x87, 0x5c, 0xf2, 0xf7, 0xa2, 0x29, 0x7d, 0xa0, 0x2b, 0x8f, 0x4b,
///     0xa8, 0xe0,
/// ];
/// assert_eq!(Sm3::digest(b"abc"), abc);
/// let mut h = Sm3::new();
/// h.update(b"a");
/// h.update(b"bc");
/// assert_eq!(h.finalize(), abc);
/// assert_eq!(<Sm3 as digest::Digest>::digest(b"abc")[..], abc);
/// ```
#[derive(Clone)]
pub struct Sm3 {
    state: [u32; 8],
    /// Bytes not yet compressed; `buf[..buf_len]` is meaningful, `buf_len < 64`.
    buf: [u8; BLOCK_LEN],
    buf_len: usize,
    /// Whole blocks compressed so far.
    blocks: u64,
    backend: Sm3Backend,
}

impl Sm3 {
    /// A fresh state on the automatically chosen backend ([`Backend::auto`]).
    pub fn new() -> Self {
        Self::with_backend_unchecked(Sm3Backend::auto())
    }

    /// A fresh state on `backend`; [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(backend: Sm3Backend) -> Result<Self> {
        if backend.is_available() {
            Ok(Self::with_backend_unchecked(backend))
        } else {
            Err(Error::BackendUnavailable)
        }
    }

    fn with_backend_unchecked(backend: Sm3Backend) -> Self {
        Sm3 {
            state: IV,
            buf: [0; BLOCK_LEN],
            buf_len: 0,
            blocks: 0,
            backend,
        }
    }

    /// The backend this state runs on.
    pub fn backend(&self) -> Sm3Backend {
        self.backend
    }

    /// Absorb `data`; any number of calls, any lengths.
    pub fn update(&mut self, mut data: &[u8]) {
        if self.buf_len > 0 {
            let take = (BLOCK_LEN - self.buf_len).min(data.len());
            self.buf[self.buf_len..self.buf_len + take].copy_from_slice(&data[..take]);
            self.buf_len += take;
            data = &data[take..];
            if self.buf_len < BLOCK_LEN {
                return;
            }
            self.backend
                .compress(&mut self.state, core::slice::from_ref(&self.buf));
            self.blocks = self.blocks.wrapping_add(1);
            self.buf_len = 0;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK_LEN>();
        if !blocks.is_empty() {
            self.backend.compress(&mut self.state, blocks);
            self.blocks = self.blocks.wrapping_add(blocks.len() as u64);
        }
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
    }

    /// Pad and return the digest.
    pub fn finalize(mut self) -> [u8; OUTPUT_LEN] {
        self.finalize_reset()
    }

    /// Pad, return the digest, and leave the state fresh (same backend).
    pub fn finalize_reset(&mut self) -> [u8; OUTPUT_LEN] {
        let out = self.pad_and_output();
        self.reset();
        out
    }

    /// Return to the initial state, keeping the backend; absorbed data is wiped.
    pub fn reset(&mut self) {
        self.state = IV;
        self.buf.zeroize();
        self.buf_len = 0;
        self.blocks = 0;
    }

    /// One-shot digest on the automatically chosen backend.
    pub fn digest(data: &[u8]) -> [u8; OUTPUT_LEN] {
        let mut h = Self::new();
        h.update(data);
        h.finalize()
    }

    /// §5.2 padding: append bit "1", then k zero bits with l + 1 + k ≡ 448 (mod 512), then l as
    /// a 64-bit big-endian integer; compress the last block(s) and serialize V(n) big-endian.
    fn pad_and_output(&mut self) -> [u8; OUTPUT_LEN] {
        let bit_len = (self.blocks << 9).wrapping_add((self.buf_len as u64) << 3);
        let n = self.buf_len;
        self.buf[n] = 0x80;
        self.buf[n + 1..].fill(0);
        if n + 1 > BLOCK_LEN - 8 {
            // No room for the length: it goes into a block of its own.
            self.backend
                .compress(&mut self.state, core::slice::from_ref(&self.buf));
            self.buf.fill(0);
        }
        self.buf[BLOCK_LEN - 8..].copy_from_slice(&bit_len.to_be_bytes());
        self.backend
            .compress(&mut self.state, core::slice::from_ref(&self.buf));

        let mut out = [0u8; OUTPUT_LEN];
        for (chunk, word) in out.as_chunks_mut::<4>().0.iter_mut().zip(self.state) {
            *chunk = word.to_be_bytes();
        }
        out
    }
}

impl Default for Sm3 {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Sm3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sm3")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Drop for Sm3 {
    fn drop(&mut self) {
        self.state.zeroize();
        self.buf.zeroize();
    }
}

impl zeroize::ZeroizeOnDrop for Sm3 {}

impl crate::Hash for Sm3 {
    const NAME: &'static str = "SM3";
    const OUTPUT_LEN: usize = OUTPUT_LEN;
    const BLOCK_LEN: usize = BLOCK_LEN;
    type Output = [u8; OUTPUT_LEN];

    fn new() -> Self {
        Sm3::new()
    }

    fn update(&mut self, data: &[u8]) {
        Sm3::update(self, data);
    }

    fn finalize(self) -> Self::Output {
        Sm3::finalize(self)
    }

    fn backend_name(&self) -> &'static str {
        self.backend.name()
    }
}

// RustCrypto `digest` 0.11: with these, `digest::Digest` (and `hmac::SimpleHmac`) work on Sm3.
impl digest::HashMarker for Sm3 {}

impl digest::OutputSizeUser for Sm3 {
    type OutputSize = digest::consts::U32;
}

impl digest::common::BlockSizeUser for Sm3 {
    type BlockSize = digest::consts::U64;
}

impl digest::Update for Sm3 {
    fn update(&mut self, data: &[u8]) {
        Sm3::update(self, data);
    }
}

impl digest::FixedOutput for Sm3 {
    fn finalize_into(mut self, out: &mut digest::Output<Self>) {
        out.copy_from_slice(&self.pad_and_output());
    }
}

impl digest::Reset for Sm3 {
    fn reset(&mut self) {
        Sm3::reset(self);
    }
}

impl digest::FixedOutputReset for Sm3 {
    fn finalize_into_reset(&mut self, out: &mut digest::Output<Self>) {
        out.copy_from_slice(&self.finalize_reset());
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn unhex(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(s.as_bytes().chunks(2)) {
            *o = u8::from_str_radix(core::str::from_utf8(pair).unwrap(), 16).unwrap();
        }
        out
    }

    // GB/T 32905-2016 Annex A, examples 1 and 2 (values as reproduced in draft-sca-cfrg-sm3-02
    // Appendix A).
    const ABC: &str = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    const ABCD16: &str = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732";

    #[test]
    fn annex_a_examples() {
        for backend in Sm3Backend::available() {
            let mut h = Sm3::with_backend(backend).unwrap();
            h.update(b"abc");
            assert_eq!(h.finalize(), unhex(ABC), "{backend:?}");

            let mut h = Sm3::with_backend(backend).unwrap();
            h.update(&b"abcd".repeat(16));
            assert_eq!(h.finalize(), unhex(ABCD16), "{backend:?}");
        }
        assert_eq!(Sm3::digest(b"abc"), unhex(ABC));
    }

    #[test]
    fn finalize_reset_and_reset() {
        let mut h = Sm3::new();
        h.update(b"garbage that reset must forget");
        h.reset();
        h.update(b"abc");
        assert_eq!(h.finalize_reset(), unhex(ABC));
        // After finalize_reset the state is fresh again.
        for _ in 0..16 {
            h.update(b"abcd");
        }
        assert_eq!(h.finalize_reset(), unhex(ABCD16));
    }

    #[test]
    fn backend_selection() {
        assert_eq!(Sm3Backend::from_name("soft"), Some(Sm3Backend::Soft));
        assert_eq!(Sm3Backend::from_name("nope"), None);
        assert_eq!(*Sm3Backend::ALL.last().unwrap(), Sm3Backend::Soft);
        let h = Sm3::with_backend(Sm3Backend::Soft).unwrap();
        assert_eq!(h.backend(), Sm3Backend::Soft);
        assert_eq!(crate::Hash::backend_name(&h), "soft");
    }

    #[test]
    fn debug_prints_no_state() {
        let mut h = Sm3::new();
        h.update(b"secret");
        let s = std::format!("{h:?}");
        assert!(s.starts_with("Sm3 {") && s.contains("backend"), "{s}");
        assert!(!s.contains("state") && !s.contains("buf"), "{s}");
    }
}
