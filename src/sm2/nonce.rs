//! The nonce generator of SM2 signing and encryption: HMAC_DRBG over HMAC-SM3 as RFC 6979 §3.2
//! steps b–h run it, seeded with whatever the caller binds k to.
//!
//! - Signing (GB/T 32918.2 §6.1 A3): the secret key d, the reduced digest e and, when an RNG is
//!   given, 32 bytes of its output as the extra input of RFC 6979 §3.6 — deterministic k without
//!   an RNG, hedged k with one.
//! - Encryption (GB/T 32918.4 §6.1 A1): 32 bytes of RNG output, the recipient's public key and
//!   SM3(M) — a failing or repeating RNG cannot give two messages the same k.
//!
//! K and V are written in place by HMACs whose key was absorbed first, and wiped on drop.

use super::scalar::Scalar;
use crate::mac::HmacSm3;
use zeroize::Zeroize;

/// The DRBG state (K, V) and whether a candidate was already drawn.
pub(super) struct NonceGen {
    k: [u8; 32],
    v: [u8; 32],
    used: bool,
}

/// `out` ← the HMAC's full tag; the tag's copy is wiped.
fn finish(m: HmacSm3, out: &mut [u8; 32]) {
    let mut tag = m.finalize();
    out.copy_from_slice(&tag);
    tag.zeroize();
}

impl NonceGen {
    /// RFC 6979 §3.2 b–g with `seed` (concatenated) in place of
    /// int2octets(x) ‖ bits2octets(h1) [‖ extra].
    pub(super) fn new(seed: &[&[u8]]) -> Self {
        let mut g = NonceGen {
            k: [0; 32],
            v: [1; 32],
            used: false,
        };
        g.rekey(0, seed);
        g.step_v();
        g.rekey(1, seed);
        g.step_v();
        g
    }

    /// K = HMAC_K(V ‖ tag ‖ seed) (§3.2 d, f, h.3).
    fn rekey(&mut self, tag: u8, seed: &[&[u8]]) {
        let mut m = HmacSm3::new(&self.k);
        m.update(&self.v);
        m.update(&[tag]);
        for part in seed {
            m.update(part);
        }
        finish(m, &mut self.k);
    }

    /// V = HMAC_K(V) (§3.2 e, g, h.2).
    fn step_v(&mut self) {
        let mut m = HmacSm3::new(&self.k);
        m.update(&self.v);
        finish(m, &mut self.v);
    }

    /// The next candidate k ∈ [1, n − 1] (§3.2 h; after a use, the §3.2 h.3 re-key first). The
    /// caller wipes it.
    pub(super) fn next(&mut self) -> Scalar {
        loop {
            if self.used {
                self.rekey(0, &[]);
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

impl Drop for NonceGen {
    fn drop(&mut self) {
        self.k.zeroize();
        self.v.zeroize();
    }
}
