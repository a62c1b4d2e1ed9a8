//! Many SM2 signature checks at once, for validators that check a block's transactions: one
//! verdict per (key, message, signature) item, exactly what [`VerifyingKey::verify`] says for
//! that item alone (GB/T 32918.2 §7.1 on each; no combined equation, so one bad signature never
//! hides or taints another's verdict).
//!
//! [`verify_batch`] runs on the calling thread; with the `parallel` feature [`par_verify_batch`]
//! spreads the items over rayon's thread pool (all cores by default, or the pool the caller
//! runs it in with `ThreadPool::install`). Verification handles public data only.
//!
//! On x86-64 with AVX-512 IFMA ([`BatchBackend::Avx512Ifma`]) the items go 8 at a time through
//! an 8-lane \[s\]G + \[t\]P_A (each lane its own key, scalars and point); an item whose
//! computation meets an exceptional addition (equal x, which takes crafted inputs) is verified
//! again alone. Elsewhere, or with `GMKIT_BACKEND=sm2-batch=one-by-one`, each item is
//! [`Item::verify`]. [`verify_batch_with`] picks the backend explicitly.
//!
//! ```
//! use gmkit::sm2::{SecretKey, SigningKey, batch};
//! let keys: Vec<SigningKey> =
//!     (1u8..=3).map(|i| SigningKey::new(SecretKey::from_bytes(&[i; 32]).unwrap())).collect();
//! let msgs: [&[u8]; 3] = [b"tx 1", b"tx 2", b"tx 3"];
//! let sigs: Vec<_> = keys.iter().zip(msgs).map(|(k, m)| k.sign_deterministic(m)).collect();
//! // The third item carries the second signature: invalid.
//! let items = [
//!     batch::Item::new(keys[0].verifying_key(), msgs[0], &sigs[0]),
//!     batch::Item::new(keys[1].verifying_key(), msgs[1], &sigs[1]),
//!     batch::Item::new(keys[2].verifying_key(), msgs[2], &sigs[1]),
//! ];
//! let mut verdicts = [false; 3];
//! batch::verify_batch(&items, &mut verdicts)?;
//! assert_eq!(verdicts, [true, true, false]);
//! # Ok::<(), gmkit::Error>(())
//! ```

use super::dsa::{Signature, VerifyingKey};
use crate::backend::Backend;
#[cfg(target_arch = "x86_64")]
use crate::cpu::{self, Token as _};
use crate::error::{Error, Result};

/// How a batch is computed, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BatchBackend {
    /// x86-64 AVX-512 F + IFMA: 8 items per pass, 52-bit limbs in `zmm` lanes
    /// (`vpmadd52luq`/`vpmadd52huq`).
    #[cfg(target_arch = "x86_64")]
    Avx512Ifma,
    /// [`Item::verify`] on each item in turn (on its key's field backend); runs everywhere.
    OneByOne,
}

impl Backend for BatchBackend {
    const ALGORITHM: &'static str = "sm2-batch";
    #[cfg(target_arch = "x86_64")]
    const ALL: &'static [Self] = &[BatchBackend::Avx512Ifma, BatchBackend::OneByOne];
    #[cfg(not(target_arch = "x86_64"))]
    const ALL: &'static [Self] = &[BatchBackend::OneByOne];

    fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            BatchBackend::Avx512Ifma => "avx512ifma",
            BatchBackend::OneByOne => "one-by-one",
        }
    }

    fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            BatchBackend::Avx512Ifma => cpu::Avx512Ifma::get().is_some(),
            BatchBackend::OneByOne => true,
        }
    }
}

/// One signature to check: the signer's key (with its ID's Z_A), the message and the signature.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// The signer's verifying key.
    pub key: &'a VerifyingKey,
    /// The signed message M (Z_A is prepended by the check, GB/T 32918.2 §7.1 B3).
    pub msg: &'a [u8],
    /// The signature (r, s).
    pub sig: &'a Signature,
}

impl<'a> Item<'a> {
    /// An item from its three parts.
    pub fn new(key: &'a VerifyingKey, msg: &'a [u8], sig: &'a Signature) -> Self {
        Item { key, msg, sig }
    }

    /// This item's verdict: `key.verify(msg, sig)` accepted it.
    pub fn verify(&self) -> bool {
        self.key.verify(self.msg, self.sig).is_ok()
    }
}

/// `verdicts[i]` = whether `items[i]` verifies, on the calling thread, on
/// [`BatchBackend::auto`]. [`Error::InvalidLength`] (and `verdicts` untouched) if the counts
/// differ.
pub fn verify_batch(items: &[Item<'_>], verdicts: &mut [bool]) -> Result<()> {
    verify_batch_with(BatchBackend::auto(), items, verdicts)
}

/// [`verify_batch`] on the given backend (one that this CPU lacks runs as
/// [`BatchBackend::OneByOne`]): the same verdicts on every backend.
pub fn verify_batch_with(
    backend: BatchBackend,
    items: &[Item<'_>],
    verdicts: &mut [bool],
) -> Result<()> {
    if items.len() != verdicts.len() {
        return Err(Error::InvalidLength);
    }
    verify_chunk(backend, items, verdicts);
    Ok(())
}

/// The verdicts of `items` (as many as `verdicts`) on `backend`.
fn verify_chunk(backend: BatchBackend, items: &[Item<'_>], verdicts: &mut [bool]) {
    match backend {
        #[cfg(target_arch = "x86_64")]
        BatchBackend::Avx512Ifma => {
            if let Some(token) = cpu::Avx512Ifma::get() {
                for (items, verdicts) in items
                    .chunks(ifma::LANES)
                    .zip(verdicts.chunks_mut(ifma::LANES))
                {
                    verify_lanes(token, items, verdicts);
                }
                return;
            }
        }
        BatchBackend::OneByOne => {}
    }
    for (item, v) in items.iter().zip(verdicts.iter_mut()) {
        *v = item.verify();
    }
}

#[cfg(target_arch = "x86_64")]
use super::x86_64_ifma as ifma;

/// Up to 8 items in one pass of the 8-lane code: B3–B5 and the e' of B7 per item, B6 in the
/// lanes (unused lanes repeat a used one), B7 per item; an item whose lane met an exceptional
/// addition gets [`Item::verify`].
#[cfg(target_arch = "x86_64")]
fn verify_lanes(token: cpu::Avx512Ifma, items: &[Item<'_>], verdicts: &mut [bool]) {
    use super::dsa;
    use super::scalar::Scalar;
    let mut lanes = [ifma::Lane::default(); ifma::LANES];
    let mut es = [Scalar::ZERO; ifma::LANES];
    let mut used = 0u8;
    for (i, item) in items.iter().enumerate() {
        verdicts[i] = false;
        // B3–B4: e' = SM3(Z_A ‖ M'); B5: t ≠ 0.
        let Some(t) = dsa::b5_t(item.sig) else {
            continue;
        };
        es[i] = Scalar::from_bytes_reduced(&item.key.digest(item.msg));
        lanes[i] = ifma::Lane {
            q: *item.key.public_key().point(),
            s: dsa::sig_s(item.sig).to_canonical(),
            t: t.to_canonical(),
        };
        used |= 1 << i;
    }
    if used == 0 {
        return;
    }
    let first = lanes[used.trailing_zeros() as usize];
    for (i, lane) in lanes.iter_mut().enumerate() {
        if used & (1 << i) == 0 {
            *lane = first;
        }
    }
    // B6 in every lane.
    let (points, redo) = ifma::mul_base_add_vartime(token, &lanes);
    for (i, item) in items.iter().enumerate() {
        if used & (1 << i) == 0 {
            continue;
        }
        verdicts[i] = if redo & (1 << i) != 0 {
            item.verify()
        } else {
            // B7.
            dsa::b7_accepts(&es[i], item.sig, &points[i])
        };
    }
}

/// Items per rayon task: a verification takes ~0.03–0.1 ms, so a handful amortises the
/// scheduling while still leaving enough tasks to balance the cores; 8 fill the IFMA lanes.
#[cfg(feature = "parallel")]
const PAR_CHUNK: usize = 8;

/// [`verify_batch`] over the current rayon thread pool (feature `parallel`): the same verdicts,
/// computed on every core of the pool. [`Error::InvalidLength`] (and `verdicts` untouched) if
/// the counts differ.
#[cfg(feature = "parallel")]
pub fn par_verify_batch(items: &[Item<'_>], verdicts: &mut [bool]) -> Result<()> {
    use rayon::prelude::*;
    if items.len() != verdicts.len() {
        return Err(Error::InvalidLength);
    }
    let backend = BatchBackend::auto();
    items
        .par_chunks(PAR_CHUNK)
        .zip(verdicts.par_chunks_mut(PAR_CHUNK))
        .for_each(|(items, verdicts)| verify_chunk(backend, items, verdicts));
    Ok(())
}
