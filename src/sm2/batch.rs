//! Many SM2 signature checks at once, for validators that check a block's transactions: one
//! verdict per (key, message, signature) item, exactly what [`VerifyingKey::verify`] says for
//! that item alone (GB/T 32918.2 §7.1 on each; no combined equation, so one bad signature never
//! hides or taints another's verdict).
//!
//! [`verify_batch`] runs on the calling thread; with the `parallel` feature [`par_verify_batch`]
//! spreads the items over rayon's thread pool (all cores by default, or the pool the caller
//! runs it in with `ThreadPool::install`). Verification handles public data only.
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
use crate::error::{Error, Result};

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

/// `verdicts[i]` = whether `items[i]` verifies, on the calling thread.
/// [`Error::InvalidLength`] (and `verdicts` untouched) if the counts differ.
pub fn verify_batch(items: &[Item<'_>], verdicts: &mut [bool]) -> Result<()> {
    if items.len() != verdicts.len() {
        return Err(Error::InvalidLength);
    }
    for (item, v) in items.iter().zip(verdicts.iter_mut()) {
        *v = item.verify();
    }
    Ok(())
}

/// Items per rayon task: a verification takes ~0.1 ms, so a handful amortises the scheduling
/// while still leaving enough tasks to balance the cores.
#[cfg(feature = "parallel")]
const PAR_CHUNK: usize = 4;

/// [`verify_batch`] over the current rayon thread pool (feature `parallel`): the same verdicts,
/// computed on every core of the pool. [`Error::InvalidLength`] (and `verdicts` untouched) if
/// the counts differ.
#[cfg(feature = "parallel")]
pub fn par_verify_batch(items: &[Item<'_>], verdicts: &mut [bool]) -> Result<()> {
    use rayon::prelude::*;
    if items.len() != verdicts.len() {
        return Err(Error::InvalidLength);
    }
    items
        .par_chunks(PAR_CHUNK)
        .zip(verdicts.par_chunks_mut(PAR_CHUNK))
        .for_each(|(items, verdicts)| {
            for (item, v) in items.iter().zip(verdicts.iter_mut()) {
                *v = item.verify();
            }
        });
    Ok(())
}
