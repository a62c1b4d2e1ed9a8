//! Many independent SM3 hashes at once: multi-buffer SM3.
//!
//! One SM3 compression is a chain of 64 dependent rounds, so a single message cannot use a wide
//! vector unit. Independent messages can: the SIMD backends run one message per 32-bit lane,
//! 16 lanes in a `zmm` register (AVX-512), 8 in a `ymm` register (AVX2) or 4 in a NEON register
//! (aarch64). Messages may have any
//! lengths; a lane that finishes is refilled with the next message, so lanes stay busy until the
//! input runs out.
//!
//! [`Sm3Batch`] fixes the lane count once ([`Sm3BatchBackend`], chosen like every other backend:
//! best available, or forced with `GMKIT_BACKEND=sm3-batch=<name>`). The portable backend,
//! `serial`, hashes one message at a time with [`Sm3::new`](super::Sm3::new), i.e. on the
//! automatically chosen single-stream backend.
//!
//! With the `parallel` feature, [`par_digest_many`] spreads the messages over rayon's thread
//! pool as well, each thread running the lanes of the chosen backend.
//!
//! Besides plain digests, the batch runs HMAC-SM3 ([`Sm3Batch::hmac_many`]) and the SM2 KDF
//! ([`Sm3Batch::kdf_many`]) over many keys, and the Merkle root of [`super::merkle`].
//!
//! ```
//! use gmkit::sm3::{Sm3, batch};
//! let msgs: [&[u8]; 3] = [b"abc", b"", &[7u8; 200]];
//! let mut out = [[0u8; 32]; 3];
//! batch::digest_many(&msgs, &mut out).unwrap();
//! assert_eq!(out[0], Sm3::digest(b"abc"));
//! assert_eq!(out[2], Sm3::digest(&[7u8; 200]));
//!
//! // Fixed-size messages need no slice of references.
//! let blocks = [[1u8; 64], [2u8; 64]];
//! let mut out = [[0u8; 32]; 2];
//! batch::digest_many(&blocks, &mut out).unwrap();
//! assert_eq!(out[1], Sm3::digest(&[2u8; 64]));
//! ```

use super::{BLOCK_LEN, OUTPUT_LEN, Sm3};
use crate::backend::Backend;
use crate::error::{Error, Result};
use zeroize::Zeroize;

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
use crate::cpu::{self, Token as _};

/// The batch SM3 backends compiled for this target, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sm3BatchBackend {
    /// AVX-512 (F, BW, VL): 16 messages per step, `vprold` rotations, `vpternlogd` for FF, GG,
    /// P0 and P1.
    #[cfg(target_arch = "x86_64")]
    Avx512x16,
    /// AVX2: 8 messages per step.
    #[cfg(target_arch = "x86_64")]
    Avx2x8,
    /// aarch64 NEON: 4 messages per step, rotations as `SHL` + `SRI`, FF and GG as `BSL`.
    #[cfg(target_arch = "aarch64")]
    NeonX4,
    /// One message at a time through [`Sm3`] on its automatically chosen backend; runs everywhere.
    Serial,
}

impl Backend for Sm3BatchBackend {
    const ALGORITHM: &'static str = "sm3-batch";
    #[cfg(target_arch = "x86_64")]
    const ALL: &'static [Self] = &[
        Sm3BatchBackend::Avx512x16,
        Sm3BatchBackend::Avx2x8,
        Sm3BatchBackend::Serial,
    ];
    #[cfg(target_arch = "aarch64")]
    const ALL: &'static [Self] = &[Sm3BatchBackend::NeonX4, Sm3BatchBackend::Serial];
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    const ALL: &'static [Self] = &[Sm3BatchBackend::Serial];

    fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx512x16 => "avx512-x16",
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx2x8 => "avx2-x8",
            #[cfg(target_arch = "aarch64")]
            Sm3BatchBackend::NeonX4 => "neon-x4",
            Sm3BatchBackend::Serial => "serial",
        }
    }

    fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx512x16 => cpu::Avx512::get().is_some(),
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx2x8 => cpu::Avx2Bmi2::get().is_some(),
            #[cfg(target_arch = "aarch64")]
            Sm3BatchBackend::NeonX4 => cpu::Neon::get().is_some(),
            Sm3BatchBackend::Serial => true,
        }
    }
}

/// A batch hasher with its lane count fixed: the entry point for every batch operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sm3Batch {
    backend: Sm3BatchBackend,
}

impl Default for Sm3Batch {
    fn default() -> Self {
        Self::new()
    }
}

/// HMAC keys are processed this many at a time (bounds the stack: 2 × 64 + 32 bytes per key).
const HMAC_CHUNK: usize = 64;
/// KDF keys are processed this many at a time (their output lengths are copied to the stack).
const KDF_CHUNK: usize = 64;

impl Sm3Batch {
    /// The automatically chosen backend ([`Backend::auto`]).
    pub fn new() -> Self {
        Sm3Batch {
            backend: Sm3BatchBackend::auto(),
        }
    }

    /// A forced backend; [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(backend: Sm3BatchBackend) -> Result<Self> {
        if backend.is_available() {
            Ok(Sm3Batch { backend })
        } else {
            Err(Error::BackendUnavailable)
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Sm3BatchBackend {
        self.backend
    }

    /// `out[i] = SM3(msgs[i])`; the messages may be any byte containers (`&[u8]`, `Vec<u8>`,
    /// `[u8; N]`). [`Error::InvalidLength`] (and `out` untouched) if the counts differ.
    pub fn digest_many<M: AsRef<[u8]>>(
        &self,
        msgs: &[M],
        out: &mut [[u8; OUTPUT_LEN]],
    ) -> Result<()> {
        if msgs.len() != out.len() {
            return Err(Error::InvalidLength);
        }
        let jobs = msgs
            .iter()
            .enumerate()
            .map(|(i, m)| (i, Job::new(None, m.as_ref())));
        self.run(jobs, |i, d| out[i] = *d);
        Ok(())
    }

    /// [`Sm3Batch::digest_many`] over the current rayon thread pool (feature `parallel`): the
    /// messages are cut into runs of at least [`PAR_MIN_RUN`], each hashed in the lanes of this
    /// backend on one of the pool's threads. The same digests; [`Error::InvalidLength`] (and
    /// `out` untouched) if the counts differ.
    #[cfg(feature = "parallel")]
    pub fn par_digest_many<M: AsRef<[u8]> + Sync>(
        &self,
        msgs: &[M],
        out: &mut [[u8; OUTPUT_LEN]],
    ) -> Result<()> {
        use rayon::prelude::*;
        if msgs.len() != out.len() {
            return Err(Error::InvalidLength);
        }
        let run = par_run(msgs.len());
        msgs.par_chunks(run)
            .zip(out.par_chunks_mut(run))
            .for_each(|(msgs, out)| {
                let jobs = msgs
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (i, Job::new(None, m.as_ref())));
                self.run(jobs, |i, d| out[i] = *d);
            });
        Ok(())
    }

    /// `out[i] = HMAC-SM3(keys[i], msgs[i])` (RFC 2104 with SM3; keys of any length).
    /// [`Error::InvalidLength`] (and `out` untouched) if the three counts differ.
    ///
    /// Each HMAC is two hashes, (K0 ⊕ ipad) ‖ m and (K0 ⊕ opad) ‖ inner digest; both run in the
    /// lanes, the padded key block as the message's first block. Keys longer than 64 bytes are
    /// first hashed one at a time.
    pub fn hmac_many<K: AsRef<[u8]>, M: AsRef<[u8]>>(
        &self,
        keys: &[K],
        msgs: &[M],
        out: &mut [[u8; OUTPUT_LEN]],
    ) -> Result<()> {
        if keys.len() != msgs.len() || keys.len() != out.len() {
            return Err(Error::InvalidLength);
        }
        let mut ipad = [[0u8; BLOCK_LEN]; HMAC_CHUNK];
        let mut opad = [[0u8; BLOCK_LEN]; HMAC_CHUNK];
        let mut inner = [[0u8; OUTPUT_LEN]; HMAC_CHUNK];
        for ((keys, msgs), out) in keys
            .chunks(HMAC_CHUNK)
            .zip(msgs.chunks(HMAC_CHUNK))
            .zip(out.chunks_mut(HMAC_CHUNK))
        {
            for ((key, ipad), opad) in keys.iter().zip(&mut ipad).zip(&mut opad) {
                let key = key.as_ref();
                // RFC 2104 §2: K0 is K zero-padded to B bytes, or H(K) zero-padded if K is longer.
                ipad.fill(0);
                if key.len() > BLOCK_LEN {
                    let mut h = Sm3::new();
                    h.update(key);
                    let mut hk = h.finalize();
                    ipad[..OUTPUT_LEN].copy_from_slice(&hk);
                    hk.zeroize();
                } else {
                    ipad[..key.len()].copy_from_slice(key);
                }
                *opad = *ipad;
                ipad.iter_mut().for_each(|b| *b ^= 0x36);
                opad.iter_mut().for_each(|b| *b ^= 0x5c);
            }
            // Inner hash H((K0 ⊕ ipad) ‖ m), then outer H((K0 ⊕ opad) ‖ inner).
            let jobs = msgs
                .iter()
                .zip(&ipad)
                .enumerate()
                .map(|(i, (m, pad))| (i, Job::new(Some(pad), m.as_ref())));
            self.run(jobs, |i, d| inner[i] = *d);
            let jobs = inner
                .iter()
                .zip(&opad)
                .take(keys.len())
                .enumerate()
                .map(|(i, (ih, pad))| (i, Job::new(Some(pad), ih)));
            self.run(jobs, |i, d| out[i] = *d);
        }
        ipad.zeroize();
        opad.zeroize();
        inner.zeroize();
        Ok(())
    }

    /// `outs[i] = KDF(zs[i], outs[i].len())`, the SM2 key derivation function of GB/T 32918.4
    /// §5.4.3 (as [`super::kdf`]) for many shared secrets at once: every hash Ha_j = SM3(Z ‖ ct_j)
    /// of every key is a message in the batch.
    ///
    /// [`Error::InvalidLength`] if the counts differ, [`Error::InvalidParameter`] if an output
    /// would need more than 2³² − 1 blocks; in both cases no output is written.
    pub fn kdf_many<Z: AsRef<[u8]>, O: AsMut<[u8]>>(&self, zs: &[Z], outs: &mut [O]) -> Result<()> {
        if zs.len() != outs.len() {
            return Err(Error::InvalidLength);
        }
        for o in outs.iter_mut() {
            // §5.4.3 (input klen < (2³² − 1)·v): at most 2³² − 1 hash blocks.
            if u32::try_from(o.as_mut().len().div_ceil(OUTPUT_LEN)).is_err() {
                return Err(Error::InvalidParameter);
            }
        }
        // §5.4.3 a, b: ct = 1, 2, ... (32-bit big-endian), one hash per 32 output bytes. Keys go in
        // chunks so that the jobs can see the output lengths while the callback writes outputs.
        for (zs, outs) in zs.chunks(KDF_CHUNK).zip(outs.chunks_mut(KDF_CHUNK)) {
            let mut blocks = [0u32; KDF_CHUNK];
            for (n, o) in blocks.iter_mut().zip(outs.iter_mut()) {
                *n = o.as_mut().len().div_ceil(OUTPUT_LEN) as u32;
            }
            let jobs = zs.iter().zip(blocks).enumerate().flat_map(|(i, (z, n))| {
                let z = z.as_ref();
                (1..=n).map(move |ct| ((i, ct), Job::with_suffix(z, ct.to_be_bytes())))
            });
            self.run(jobs, |(i, ct), d| {
                // §5.4.3 c/d: Ha_ct at offset 32 (ct − 1), the last one cut to what is left.
                let o = &mut outs[i].as_mut()[(ct as usize - 1) * OUTPUT_LEN..];
                let n = o.len().min(OUTPUT_LEN);
                o[..n].copy_from_slice(&d[..n]);
            });
        }
        Ok(())
    }

    /// Hash every job the iterator yields; `done(tag, digest)` receives each digest (in any
    /// order).
    pub(super) fn run<'a, T: Copy>(
        &self,
        jobs: impl Iterator<Item = (T, Job<'a>)>,
        mut done: impl FnMut(T, &[u8; OUTPUT_LEN]),
    ) {
        match self.backend {
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx512x16 => {
                use super::x86_64_mb_avx512::{LANES, compress};
                let token = token::<cpu::Avx512>();
                run_lanes::<T, LANES>(|s, fresh, b| compress(token, s, fresh, b), jobs, &mut done);
            }
            #[cfg(target_arch = "x86_64")]
            Sm3BatchBackend::Avx2x8 => {
                let token = token::<cpu::Avx2Bmi2>();
                run_lanes::<T, 8>(
                    |s, fresh, b| super::x86_64_mb_avx2::compress(token, s, fresh, b),
                    jobs,
                    &mut done,
                );
            }
            #[cfg(target_arch = "aarch64")]
            Sm3BatchBackend::NeonX4 => {
                use super::aarch64_mb_neon::{LANES, compress};
                let token = token::<cpu::Neon>();
                run_lanes::<T, LANES>(|s, fresh, b| compress(token, s, fresh, b), jobs, &mut done);
            }
            Sm3BatchBackend::Serial => {
                for (tag, job) in jobs {
                    let mut h = Sm3::new();
                    if let Some(head) = job.head {
                        h.update(head);
                    }
                    h.update(job.data);
                    h.update(&job.suffix[..job.suffix_len]);
                    let mut d = h.finalize();
                    done(tag, &d);
                    d.zeroize();
                }
            }
        }
    }
}

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn token<T: cpu::Token>() -> T {
    T::get().expect("the batch backend was checked available when the Sm3Batch was made")
}

/// `SM3(msgs[i])` into `out[i]` on the automatically chosen batch backend
/// ([`Sm3Batch::digest_many`]).
pub fn digest_many<M: AsRef<[u8]>>(msgs: &[M], out: &mut [[u8; OUTPUT_LEN]]) -> Result<()> {
    Sm3Batch::new().digest_many(msgs, out)
}

/// [`digest_many`] on every core of the current rayon thread pool (feature `parallel`;
/// [`Sm3Batch::par_digest_many`]).
#[cfg(feature = "parallel")]
pub fn par_digest_many<M: AsRef<[u8]> + Sync>(
    msgs: &[M],
    out: &mut [[u8; OUTPUT_LEN]],
) -> Result<()> {
    Sm3Batch::new().par_digest_many(msgs, out)
}

/// The fewest messages one parallel task hashes: four steps of the widest backend (16 lanes).
#[cfg(feature = "parallel")]
pub const PAR_MIN_RUN: usize = 64;

/// Messages per parallel task for `n` messages: about four tasks per pool thread (so uneven
/// lengths still balance), never fewer than [`PAR_MIN_RUN`].
#[cfg(feature = "parallel")]
pub(super) fn par_run(n: usize) -> usize {
    n.div_ceil(4 * rayon::current_num_threads())
        .max(PAR_MIN_RUN)
}

/// HMAC-SM3 over many (key, message) pairs on the automatically chosen batch backend
/// ([`Sm3Batch::hmac_many`]).
pub fn hmac_many<K: AsRef<[u8]>, M: AsRef<[u8]>>(
    keys: &[K],
    msgs: &[M],
    out: &mut [[u8; OUTPUT_LEN]],
) -> Result<()> {
    Sm3Batch::new().hmac_many(keys, msgs, out)
}

/// The SM2 KDF over many shared secrets on the automatically chosen batch backend
/// ([`Sm3Batch::kdf_many`]).
pub fn kdf_many<Z: AsRef<[u8]>, O: AsMut<[u8]>>(zs: &[Z], outs: &mut [O]) -> Result<()> {
    Sm3Batch::new().kdf_many(zs, outs)
}

/// One message for the lanes: `head ‖ data ‖ suffix`, hashed from the IV and padded (§5.2).
pub(super) struct Job<'a> {
    /// A whole first block (an HMAC key block), or none.
    head: Option<&'a [u8; BLOCK_LEN]>,
    data: &'a [u8],
    /// Up to 4 bytes after `data` (the KDF counter).
    suffix: [u8; 4],
    suffix_len: usize,
}

impl<'a> Job<'a> {
    pub(super) fn new(head: Option<&'a [u8; BLOCK_LEN]>, data: &'a [u8]) -> Self {
        Job {
            head,
            data,
            suffix: [0; 4],
            suffix_len: 0,
        }
    }

    fn with_suffix(data: &'a [u8], suffix: [u8; 4]) -> Self {
        Job {
            head: None,
            data,
            suffix,
            suffix_len: 4,
        }
    }
}

// The lane scheduler serves the SIMD backends, which exist on x86-64 and aarch64.

/// A job in a lane: its blocks are the head, the whole blocks of `data` read in place, then
/// `tail_blocks` blocks of the lane's tail buffer (the rest of `data`, the suffix, the padding).
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
struct Lane<'a, T> {
    tag: T,
    head: Option<&'a [u8; BLOCK_LEN]>,
    data_blocks: &'a [[u8; BLOCK_LEN]],
    /// Blocks in all; `next < total` while the lane is busy.
    total: usize,
    next: usize,
}

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
impl<'a, T> Lane<'a, T> {
    /// Take `job` into a lane whose tail buffer is `tail`.
    fn new(tag: T, job: Job<'a>, tail: &mut [[u8; BLOCK_LEN]; 2]) -> Self {
        let (data_blocks, rest) = job.data.as_chunks::<BLOCK_LEN>();
        let head_len = if job.head.is_some() { BLOCK_LEN } else { 0 };
        let bit_len =
            ((head_len as u64) + (job.data.len() as u64) + (job.suffix_len as u64)).wrapping_mul(8);
        // §5.2: rest ‖ suffix ‖ 1 ‖ 0^k ‖ l (64-bit big-endian), one block if it fits in 56 bytes.
        let n = rest.len() + job.suffix_len;
        let tail_blocks = if n < BLOCK_LEN - 8 { 1 } else { 2 };
        // Whole-block zeroing and byte writes: no variable-length memset on this path.
        tail[0] = [0; BLOCK_LEN];
        if tail_blocks == 2 {
            tail[1] = [0; BLOCK_LEN];
        }
        let flat = tail.as_flattened_mut();
        if !rest.is_empty() {
            flat[..rest.len()].copy_from_slice(rest);
        }
        for (d, s) in flat[rest.len()..n].iter_mut().zip(&job.suffix) {
            *d = *s;
        }
        flat[n] = 0x80;
        let end = tail_blocks * BLOCK_LEN;
        flat[end - 8..end].copy_from_slice(&bit_len.to_be_bytes());
        Lane {
            tag,
            head: job.head,
            data_blocks,
            total: usize::from(job.head.is_some()) + data_blocks.len() + tail_blocks,
            next: 0,
        }
    }

    /// The block this lane compresses next (`tail` is its tail buffer).
    fn block<'t>(&self, tail: &'t [[u8; BLOCK_LEN]; 2]) -> &'t [u8; BLOCK_LEN]
    where
        'a: 't,
    {
        let mut i = self.next;
        if let Some(head) = self.head {
            if i == 0 {
                return head;
            }
            i -= 1;
        }
        match self.data_blocks.get(i) {
            Some(b) => b,
            None => &tail[i - self.data_blocks.len()],
        }
    }
}

/// The lane scheduler: keep `L` lanes busy with jobs, one block per lane per step.
///
/// `compress(state, fresh, blocks)` applies CF (§5.3.3) in every lane: `state[k][l]` is word k
/// of lane l's chaining value, set to the IV first where bit l of `fresh` is set (a lane that
/// starts a message), and `blocks[l]` is lane l's block. Idle lanes (when the jobs run out)
/// compress a zero block whose result is ignored.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn run_lanes<'a, T: Copy, const L: usize>(
    mut compress: impl FnMut(&mut [[u32; L]; 8], u32, &[&[u8; BLOCK_LEN]; L]),
    jobs: impl Iterator<Item = (T, Job<'a>)>,
    mut done: impl FnMut(T, &[u8; OUTPUT_LEN]),
) {
    const IDLE: [u8; BLOCK_LEN] = [0; BLOCK_LEN];
    let mut jobs = jobs.fuse();
    let mut state = [[0u32; L]; 8];
    let mut tails = [[[0u8; BLOCK_LEN]; 2]; L];
    let mut lanes: [Option<Lane<'a, T>>; L] = [const { None }; L];
    let mut digest = [0u8; OUTPUT_LEN];
    const { assert!(L <= 32) };
    // Bit l: lane l starts a message in the coming step (its chaining value becomes the IV).
    let mut fresh = 0u32;
    for (l, (slot, tail)) in lanes.iter_mut().zip(&mut tails).enumerate() {
        if let Some((tag, job)) = jobs.next() {
            *slot = Some(Lane::new(tag, job, tail));
            fresh |= 1 << l;
        }
    }
    while lanes.iter().any(Option::is_some) {
        let blocks: [&[u8; BLOCK_LEN]; L] = core::array::from_fn(|l| match &lanes[l] {
            Some(lane) => lane.block(&tails[l]),
            None => &IDLE,
        });
        compress(&mut state, fresh, &blocks);
        fresh = 0;
        for (l, (slot, tail)) in lanes.iter_mut().zip(&mut tails).enumerate() {
            let Some(lane) = slot else { continue };
            lane.next += 1;
            if lane.next < lane.total {
                continue;
            }
            for (chunk, words) in digest.as_chunks_mut::<4>().0.iter_mut().zip(&state) {
                *chunk = words[l].to_be_bytes();
            }
            done(lane.tag, &digest);
            // The lane takes the next job at once, or idles.
            *slot = jobs.next().map(|(tag, job)| Lane::new(tag, job, tail));
            fresh |= u32::from(slot.is_some()) << l;
        }
    }
    // The tails and chaining values may derive from keys (HMAC, KDF).
    tails.as_flattened_mut().as_flattened_mut().zeroize();
    state.as_flattened_mut().zeroize();
    digest.zeroize();
}
