//! Shared pieces of gmkit's constant-time checks (`CONSTANT_TIME.md`):
//!
//! - `ct-memcheck` (`scripts/ct-check.sh`): secrets marked undefined for valgrind's memcheck,
//!   which then reports every branch and memory address that depends on them;
//! - `ct-dudect` (`scripts/dudect.sh`): fixed-versus-random timing classes compared with Welch's
//!   t-test, for the backends valgrind cannot run.
//!
//! Nothing here is cryptographic: [`TestRng`] is a reproducible generator for test inputs.

use core::convert::Infallible;

/// SplitMix64 (Steele, Lea, Flood 2014): reproducible inputs, and the `CryptoRng` that gmkit's
/// randomized operations ask for. A test generator only, never for keys that matter.
#[derive(Clone, Debug)]
pub struct TestRng {
    state: u64,
    /// Called on every filled buffer (the memcheck harness marks it secret).
    on_fill: fn(&mut [u8]),
}

impl TestRng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        TestRng {
            state: seed,
            on_fill: |_| {},
        }
    }

    /// The same generator, calling `hook` on every buffer it fills.
    pub fn with_hook(seed: u64, hook: fn(&mut [u8])) -> Self {
        TestRng {
            state: seed,
            on_fill: hook,
        }
    }

    /// The next 64 bits.
    pub fn word(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fill `out` (without the hook).
    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let w = self.word().to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
    }

    /// `N` bytes (without the hook).
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        self.fill(&mut a);
        a
    }

    /// `n` bytes (without the hook).
    pub fn vec(&mut self, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        self.fill(&mut v);
        v
    }
}

impl rand_core::TryRng for TestRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill(dst);
        (self.on_fill)(dst);
        Ok(())
    }
}

// Test inputs only: gmkit's randomized operations require the marker.
impl rand_core::TryCryptoRng for TestRng {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // SplitMix64 from seed 0: the first outputs of the reference implementation
        // (Vigna, splitmix64.c): 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4.
        let mut r = TestRng::new(0);
        assert_eq!(r.word(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.word(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn the_hook_sees_every_fill() {
        use rand_core::Rng;
        let mut r = TestRng::with_hook(1, |b| b.fill(0xaa));
        let mut b = [0u8; 5];
        r.fill_bytes(&mut b);
        assert_eq!(b, [0xaa; 5]);
        assert_eq!(r.next_u32(), 0xaaaa_aaaa);
    }
}
