//! The nonce generators of SM2 signing and encryption.
//!
//! [`NonceGen`] is HMAC_DRBG over HMAC-SM3 as RFC 6979 §3.2 steps b–h run it, seeded with
//! whatever the caller binds k to:
//!
//! - Deterministic signing (GB/T 32918.2 §6.1 A3): the secret key d and the reduced digest e.
//! - Encryption (GB/T 32918.4 §6.1 A1): 32 bytes of RNG output, the recipient's public key and
//!   SM3(M) — a failing or repeating RNG cannot give two messages the same k.
//!
//! K lives only as the keyed HMAC (its hash states wipe themselves on drop); V is wiped on
//! drop. Signing keys keep the HMAC of §3.2 d after its first block (K = 0, V, 0x00 and d), so
//! each signature skips those compressions; the output is RFC 6979's either way.
//!
//! [`Hedged`] gives the nonces of signing with an RNG: candidate i is HMAC-SM3 keyed with d
//! over e ‖ extra ‖ i (32 + 32 + 1 bytes, extra = 32 bytes of RNG output), and k is the first
//! candidate in [1, n − 1]. A PRF of d, so a failing or repeating RNG still gives a k no one
//! without d can predict, and a fresh one for each e; three SM3 compressions per candidate with
//! the keyed HMAC kept per key, where the RFC 6979 DRBG with the extra input takes seventeen.

use super::scalar::Scalar;
use crate::mac::HmacSm3;
use zeroize::Zeroize;

/// The DRBG state: HMAC keyed with K (both pads absorbed, so each HMAC under K costs only its
/// message blocks), V, and whether a candidate was already drawn.
pub(super) struct NonceGen {
    mac: HmacSm3,
    v: [u8; 32],
    used: bool,
}

/// `out` ← the HMAC's full tag; the tag's copy is wiped.
fn finish(m: HmacSm3, out: &mut [u8; 32]) {
    let mut tag = m.finalize();
    out.copy_from_slice(&tag);
    tag.zeroize();
}

/// V before §3.2 d (§3.2 b).
const V0: [u8; 32] = [1; 32];

/// HMAC keyed with K = 0 (§3.2 c) that has absorbed V0 ‖ 0x00 ‖ `prefix`: the start of §3.2 d,
/// computed once per key where the seed starts with the key (signing: d).
pub(super) fn first_hmac(prefix: &[u8]) -> HmacSm3 {
    let mut m = HmacSm3::new(&[0; 32]);
    m.update(&V0);
    m.update(&[0]);
    m.update(prefix);
    m
}

impl NonceGen {
    /// RFC 6979 §3.2 b–g with `seed` (concatenated) in place of
    /// int2octets(x) ‖ bits2octets(h1) [‖ extra].
    pub(super) fn new(seed: &[&[u8]]) -> Self {
        NonceGen::with_first(&first_hmac(&[]), &[], seed)
    }

    /// [`NonceGen::new`] with seed `prefix ‖ rest`, where `first` is [`first_hmac`]`(prefix)`.
    pub(super) fn with_first(first: &HmacSm3, prefix: &[u8], rest: &[&[u8]]) -> Self {
        // §3.2 d: K = HMAC_K(V ‖ 0x00 ‖ seed), from the state that has absorbed its start.
        let mut m = first.clone();
        for part in rest {
            m.update(part);
        }
        let mut k = [0u8; 32];
        finish(m, &mut k);
        let mut g = NonceGen {
            mac: HmacSm3::new(&k),
            v: V0,
            used: false,
        };
        k.zeroize();
        g.step_v();
        // §3.2 f: K = HMAC_K(V ‖ 0x01 ‖ seed).
        g.rekey(1, prefix, rest);
        g.step_v();
        g
    }

    /// K = HMAC_K(V ‖ tag ‖ prefix ‖ rest) (§3.2 d, f, h.3), then the HMAC keyed with it.
    fn rekey(&mut self, tag: u8, prefix: &[u8], rest: &[&[u8]]) {
        let mut m = self.mac.clone();
        m.update(&self.v);
        m.update(&[tag]);
        m.update(prefix);
        for part in rest {
            m.update(part);
        }
        let mut k = [0u8; 32];
        finish(m, &mut k);
        self.mac = HmacSm3::new(&k);
        k.zeroize();
    }

    /// V = HMAC_K(V) (§3.2 e, g, h.2).
    fn step_v(&mut self) {
        let mut m = self.mac.clone();
        m.update(&self.v);
        finish(m, &mut self.v);
    }

    /// The next candidate k ∈ [1, n − 1] (§3.2 h; after a use, the §3.2 h.3 re-key first). The
    /// caller wipes it.
    pub(super) fn next(&mut self) -> Scalar {
        loop {
            if self.used {
                self.rekey(0, &[], &[]);
                self.step_v();
            }
            self.used = true;
            self.step_v();
            if let Some(k) = Scalar::from_bytes_nonzero(&self.v) {
                return k;
            }
        }
    }
}

/// HMAC-SM3 keyed with the secret key d (both pads absorbed), kept per signing key.
#[derive(Clone)]
pub(super) struct Hedged {
    mac: HmacSm3,
}

impl Hedged {
    pub(super) fn new(d: &[u8]) -> Self {
        Hedged {
            mac: HmacSm3::new(d),
        }
    }

    /// Candidate `i` for e and extra: HMAC_d(e ‖ extra ‖ i), if in [1, n − 1] (else `None`,
    /// probability ≈ 2⁻³²; the caller takes the next i). The caller wipes it.
    pub(super) fn candidate(&self, e: &[u8; 32], extra: &[u8; 32], i: u8) -> Option<Scalar> {
        let mut m = self.mac.clone();
        m.update(e);
        m.update(extra);
        m.update(&[i]);
        let mut t = [0u8; 32];
        finish(m, &mut t);
        let k = Scalar::from_bytes_nonzero(&t);
        t.zeroize();
        k
    }
}

impl Drop for NonceGen {
    fn drop(&mut self) {
        // The keyed HMAC's hash states wipe themselves on drop.
        self.v.zeroize();
    }
}
