//! Integers modulo the group order n of sm2p256v1 (GB/T 32918.5 §3), in Montgomery form.
//! All operations run in constant time.

use super::limbs::{self, Limbs};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

/// n, GB/T 32918.5 §3.
pub(crate) const N: Limbs =
    limbs::from_hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");
/// −n⁻¹ mod 2⁶⁴.
const NINV: u64 = limbs::neg_inv64(N[0]);
/// 2⁵¹² mod n.
const R2: Limbs = limbs::r2_mod(&N);

/// An integer mod n in Montgomery form.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Scalar(Limbs);

impl Scalar {
    pub(crate) const ZERO: Scalar = Scalar([0; 4]);
    pub(crate) const ONE: Scalar = Scalar::from_canonical(&[1, 0, 0, 0]);

    /// Montgomery form of a canonical value `< n`.
    pub(crate) const fn from_canonical(a: &Limbs) -> Scalar {
        Scalar(limbs::mont_mul(a, &R2, &N, NINV))
    }

    /// The canonical value.
    pub(crate) const fn to_canonical(self) -> Limbs {
        let a = &self.0;
        limbs::mont_reduce(&[a[0], a[1], a[2], a[3], 0, 0, 0, 0], &N, NINV)
    }

    /// Big-endian bytes; `None` unless below n.
    #[cfg(test)]
    pub(crate) fn from_bytes(b: &[u8; 32]) -> subtle::CtOption<Scalar> {
        let (v, ok) = Scalar::from_bytes_checked(b);
        subtle::CtOption::new(v, ok)
    }

    /// The value of big-endian bytes and whether it is below n (the value is meaningless
    /// otherwise). The plain limbs in between are wiped: secret keys and nonces pass here.
    pub(crate) fn from_bytes_checked(b: &[u8; 32]) -> (Scalar, Choice) {
        let mut a = limbs::from_be_bytes(b);
        let ok = Choice::from((limbs::lt_mask(&a, &N) & 1) as u8);
        let v = Scalar::from_canonical(&a);
        a.zeroize();
        (v, ok)
    }

    /// Big-endian bytes; `None` unless in [1, n − 1].
    pub(crate) fn from_bytes_nonzero(b: &[u8; 32]) -> Option<Scalar> {
        let (mut v, ok) = Scalar::from_bytes_checked(b);
        // declassify: a range verdict: rejection sampling discards the candidate, a given k fails.
        if crate::ct::declassify(bool::from(ok & !v.is_zero())) {
            Some(v)
        } else {
            v.zeroize();
            None
        }
    }

    /// Big-endian bytes reduced mod n (one conditional subtraction: 2²⁵⁶ < 2n).
    pub(crate) fn from_bytes_reduced(b: &[u8; 32]) -> Scalar {
        let mut a = limbs::from_be_bytes(b);
        let r = Scalar::from_canonical(&limbs::reduce_once(&a, 0, &N));
        a.zeroize();
        r
    }

    /// A big-endian integer of any length, reduced mod n (the prehashed `e` of GB/T 32918.2
    /// §6.1 A2, taken modulo n as OpenSSL does for longer digests). Lengths are public.
    pub(crate) fn from_be_slice_reduced(bytes: &[u8]) -> Scalar {
        let mut acc = Scalar::ZERO;
        let head = bytes.len() % 32;
        let mut first = [0u8; 32];
        first[32 - head..].copy_from_slice(&bytes[..head]);
        if head != 0 {
            acc = Scalar::from_bytes_reduced(&first);
        }
        for chunk in bytes[head..].chunks_exact(32) {
            let mut c = [0u8; 32];
            c.copy_from_slice(chunk);
            // acc·2²⁵⁶ + chunk: multiplying by R² in Montgomery form multiplies by R = 2²⁵⁶.
            acc = acc.mul(&Scalar(R2)).add(&Scalar::from_bytes_reduced(&c));
        }
        acc
    }

    /// Big-endian canonical bytes (the canonical limbs in between are wiped).
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let mut c = self.to_canonical();
        let b = limbs::to_be_bytes(&c);
        c.zeroize();
        b
    }

    #[inline(always)]
    pub(crate) const fn mul(&self, b: &Scalar) -> Scalar {
        Scalar(limbs::mont_mul(&self.0, &b.0, &N, NINV))
    }

    #[inline(always)]
    pub(crate) const fn square(&self) -> Scalar {
        Scalar(limbs::mont_sqr(&self.0, &N, NINV))
    }

    #[inline(always)]
    pub(crate) const fn add(&self, b: &Scalar) -> Scalar {
        Scalar(limbs::add_mod(&self.0, &b.0, &N))
    }

    #[inline(always)]
    pub(crate) const fn sub(&self, b: &Scalar) -> Scalar {
        Scalar(limbs::sub_mod(&self.0, &b.0, &N))
    }

    #[cfg(test)]
    pub(crate) const fn neg(&self) -> Scalar {
        Scalar::ZERO.sub(self)
    }

    /// `self⁻¹ = self^(n−2)` with a fixed 4-bit window over the public exponent; zero maps to
    /// zero. Constant time in `self`.
    pub(crate) fn invert(&self) -> Scalar {
        let e = N_MINUS_2;
        let mut pow = [Scalar::ONE; 16];
        for i in 1..16 {
            pow[i] = pow[i - 1].mul(self);
        }
        let mut r = Scalar::ONE;
        for i in (0..64).rev() {
            r = r.square().square().square().square();
            // The exponent is the public constant n − 2: indexing by its nibbles leaks nothing.
            let nib = (e[i / 16] >> ((i % 16) * 4)) & 0xf;
            r = r.mul(&pow[nib as usize]);
        }
        pow.zeroize();
        r
    }

    pub(crate) fn is_zero(&self) -> Choice {
        Choice::from((limbs::is_zero_mask(&self.0) & 1) as u8)
    }
}

/// n − 2, the inversion exponent.
const N_MINUS_2: Limbs = {
    let (r, _) = limbs::sub(&N, &[2, 0, 0, 0]);
    r
};

impl ConstantTimeEq for Scalar {
    fn ct_eq(&self, other: &Scalar) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl ConditionallySelectable for Scalar {
    fn conditional_select(a: &Scalar, b: &Scalar, choice: Choice) -> Scalar {
        Scalar([
            u64::conditional_select(&a.0[0], &b.0[0], choice),
            u64::conditional_select(&a.0[1], &b.0[1], choice),
            u64::conditional_select(&a.0[2], &b.0[2], choice),
            u64::conditional_select(&a.0[3], &b.0[3], choice),
        ])
    }
}

impl Zeroize for Scalar {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_and_reduction() {
        let x = Scalar::from_bytes_reduced(&[0xa5; 32]);
        assert!(bool::from(x.mul(&x.invert()).ct_eq(&Scalar::ONE)));
        // n itself reduces to zero; 2²⁵⁶ − 1 reduces to 2²⁵⁶ − 1 − n.
        assert!(bool::from(
            Scalar::from_bytes_reduced(&limbs::to_be_bytes(&N)).is_zero()
        ));
        let (m, _) = limbs::sub(&[u64::MAX; 4], &N);
        assert_eq!(Scalar::from_bytes_reduced(&[0xff; 32]).to_canonical(), m);
        assert!(bool::from(Scalar::from_bytes(&[0xff; 32]).is_none()));
    }
}
