//! The base field GF(p) of sm2p256v1 (GB/T 32918.5 §3), in Montgomery form `a·2²⁵⁶ mod p`.
//!
//! p = 2²⁵⁶ − 2²²⁴ − 2⁹⁶ + 2⁶⁴ − 1, so p ≡ −1 (mod 2⁶⁴) and −p⁻¹ mod 2⁶⁴ = 1: each Montgomery
//! reduction step takes the limb itself as its quotient digit. All operations run in constant
//! time; the `const fn`s let the fixed-base table be built by the compiler.

use super::limbs::{self, Limbs};
use super::point::Affine;
use super::table::G_ENTRIES;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// p, GB/T 32918.5 §3.
pub(crate) const P: Limbs =
    limbs::from_hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF");
/// −p⁻¹ mod 2⁶⁴ (= 1).
const PINV: u64 = limbs::neg_inv64(P[0]);
/// 2⁵¹² mod p.
const R2: Limbs = limbs::r2_mod(&P);

/// The multiplication of GF(p) the curve arithmetic runs on: [`Soft`] (the portable `const fn`s
/// of this module) or a hardware backend holding its CPU proof token. Values are in Montgomery
/// form with R = 2²⁵⁶ in every backend, so elements move freely between them. Only the
/// multiplications are swapped: additions and subtractions stay the branch-free limb code.
pub(crate) trait FieldOps: Copy {
    /// `a·b` in GF(p), Montgomery form.
    fn mul(self, a: &Fe, b: &Fe) -> Fe;
    /// `a²` in GF(p), Montgomery form.
    fn sqr(self, a: &Fe) -> Fe;

    /// `a + b` in GF(p).
    #[inline(always)]
    fn add(self, a: &Fe, b: &Fe) -> Fe {
        a.add(b)
    }

    /// `a − b` in GF(p).
    #[inline(always)]
    fn sub(self, a: &Fe, b: &Fe) -> Fe {
        a.sub(b)
    }

    /// `2a` in GF(p).
    #[inline(always)]
    fn double(self, a: &Fe) -> Fe {
        self.add(a, a)
    }

    /// `−a` in GF(p).
    #[inline(always)]
    fn neg(self, a: &Fe) -> Fe {
        self.sub(&Fe::ZERO, a)
    }

    /// `a^(2^k)`.
    #[inline(always)]
    fn sqn(self, a: &Fe, k: u32) -> Fe {
        let mut r = *a;
        for _ in 0..k {
            r = self.sqr(&r);
        }
        r
    }

    /// Entry `abs − 1` of a fixed-base table row by a masked scan of every entry (zero for
    /// `abs` = 0).
    #[inline(always)]
    fn scan_row(self, row: &[Affine; G_ENTRIES], abs: u32) -> Affine {
        super::table::scan_row(row, abs)
    }

    /// `a⁻¹ = a^(p−2)`, the addition chain of [`Fe::invert`]; zero maps to zero.
    fn invert(self, a: &Fe) -> Fe {
        let x1 = *a;
        let x2 = self.mul(&self.sqr(&x1), &x1);
        let x3 = self.mul(&self.sqr(&x2), &x1);
        let x6 = self.mul(&self.sqn(&x3, 3), &x3);
        let x12 = self.mul(&self.sqn(&x6, 6), &x6);
        let x15 = self.mul(&self.sqn(&x12, 3), &x3);
        let x30 = self.mul(&self.sqn(&x15, 15), &x15);
        let x31 = self.mul(&self.sqr(&x30), &x1);
        let x32 = self.mul(&self.sqn(&x30, 2), &x2);
        let x62 = self.mul(&self.sqn(&x31, 31), &x31);
        let mut t = self.sqr(&x31);
        for _ in 0..4 {
            t = self.mul(&self.sqn(&t, 32), &x32);
        }
        t = self.sqn(&t, 32);
        t = self.mul(&self.sqn(&t, 62), &x62);
        self.mul(&self.sqn(&t, 2), &x1)
    }
}

/// The portable backend: the `const fn` Montgomery arithmetic of [`limbs`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Soft;

impl Soft {
    /// [`FieldOps::mul`] as a `const fn`, for the point formulas the table build evaluates.
    #[inline(always)]
    pub(crate) const fn mul(self, a: &Fe, b: &Fe) -> Fe {
        a.mul(b)
    }

    /// [`FieldOps::sqr`] as a `const fn`.
    #[inline(always)]
    pub(crate) const fn sqr(self, a: &Fe) -> Fe {
        a.square()
    }

    /// [`FieldOps::add`] as a `const fn`.
    #[inline(always)]
    pub(crate) const fn add(self, a: &Fe, b: &Fe) -> Fe {
        a.add(b)
    }

    /// [`FieldOps::sub`] as a `const fn`.
    #[inline(always)]
    pub(crate) const fn sub(self, a: &Fe, b: &Fe) -> Fe {
        a.sub(b)
    }

    /// [`FieldOps::double`] as a `const fn`.
    #[inline(always)]
    pub(crate) const fn double(self, a: &Fe) -> Fe {
        a.double()
    }
}

impl FieldOps for Soft {
    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        a.mul(b)
    }

    #[inline(always)]
    fn sqr(self, a: &Fe) -> Fe {
        a.square()
    }

    fn invert(self, a: &Fe) -> Fe {
        a.invert()
    }
}

/// An element of GF(p), held in Montgomery form.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fe(pub(crate) Limbs);

impl Fe {
    pub(crate) const ZERO: Fe = Fe([0; 4]);
    pub(crate) const ONE: Fe = Fe::from_canonical(&[1, 0, 0, 0]);

    /// Montgomery form of a canonical value `< p`.
    pub(crate) const fn from_canonical(a: &Limbs) -> Fe {
        Fe(limbs::mont_mul(a, &R2, &P, PINV))
    }

    /// Compile-time constant from 64 hex digits (must be `< p`).
    pub(crate) const fn from_hex(s: &str) -> Fe {
        let a = limbs::from_hex(s);
        assert!(limbs::lt_mask(&a, &P) != 0);
        Fe::from_canonical(&a)
    }

    /// The canonical value (out of Montgomery form).
    #[inline]
    pub(crate) const fn to_canonical(self) -> Limbs {
        let a = &self.0;
        limbs::mont_reduce(&[a[0], a[1], a[2], a[3], 0, 0, 0, 0], &P, PINV)
    }

    /// Big-endian bytes; `None` unless the value is below p.
    pub(crate) fn from_bytes(b: &[u8; 32]) -> CtOption<Fe> {
        let a = limbs::from_be_bytes(b);
        let ok = Choice::from((limbs::lt_mask(&a, &P) & 1) as u8);
        CtOption::new(Fe::from_canonical(&a), ok)
    }

    /// Big-endian canonical bytes.
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let mut b = [0u8; 32];
        self.write_bytes(&mut b);
        b
    }

    /// Big-endian canonical bytes into `out`, with the canonical limbs in between wiped (the
    /// coordinates of shared points and of \[k\]G are secret).
    pub(crate) fn write_bytes(&self, out: &mut [u8; 32]) {
        let mut c = self.to_canonical();
        *out = limbs::to_be_bytes(&c);
        c.zeroize();
    }

    #[inline(always)]
    pub(crate) const fn mul(&self, b: &Fe) -> Fe {
        Fe(limbs::mont_mul(&self.0, &b.0, &P, PINV))
    }

    #[inline(always)]
    pub(crate) const fn square(&self) -> Fe {
        Fe(limbs::mont_sqr(&self.0, &P, PINV))
    }

    #[inline(always)]
    pub(crate) const fn add(&self, b: &Fe) -> Fe {
        Fe(limbs::add_mod(&self.0, &b.0, &P))
    }

    #[inline(always)]
    pub(crate) const fn sub(&self, b: &Fe) -> Fe {
        Fe(limbs::sub_mod(&self.0, &b.0, &P))
    }

    #[inline(always)]
    pub(crate) const fn double(&self) -> Fe {
        self.add(self)
    }

    #[inline(always)]
    pub(crate) const fn neg(&self) -> Fe {
        Fe::ZERO.sub(self)
    }

    /// `self^(2^k)`.
    #[inline]
    const fn sqn(&self, k: u32) -> Fe {
        let mut r = *self;
        let mut i = 0;
        while i < k {
            r = r.square();
            i += 1;
        }
        r
    }

    /// `self⁻¹ = self^(p−2)` by a fixed addition chain (255 squarings, 14 multiplications);
    /// zero maps to zero.
    pub(crate) const fn invert(&self) -> Fe {
        // p − 2 = 1{31} 0 1{128} 0{32} 1{62} 0 1 (bits from the top).
        let x1 = *self;
        let x2 = x1.square().mul(&x1);
        let x3 = x2.square().mul(&x1);
        let x6 = x3.sqn(3).mul(&x3);
        let x12 = x6.sqn(6).mul(&x6);
        let x15 = x12.sqn(3).mul(&x3);
        let x30 = x15.sqn(15).mul(&x15);
        let x31 = x30.square().mul(&x1);
        let x32 = x30.sqn(2).mul(&x2);
        let x62 = x31.sqn(31).mul(&x31);
        let mut t = x31.square();
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32);
        t = t.sqn(62).mul(&x62);
        t.sqn(2).mul(&x1)
    }

    /// A square root, `self^((p+1)/4)` (p ≡ 3 mod 4); `None` for a non-residue.
    pub(crate) fn sqrt(&self) -> CtOption<Fe> {
        // (p + 1)/4 = 1{31} 0 1{128} 0{31} 1 0{62} (bits from the top, 254 in all).
        let x1 = *self;
        let x2 = x1.square().mul(&x1);
        let x3 = x2.square().mul(&x1);
        let x6 = x3.sqn(3).mul(&x3);
        let x12 = x6.sqn(6).mul(&x6);
        let x15 = x12.sqn(3).mul(&x3);
        let x30 = x15.sqn(15).mul(&x15);
        let x31 = x30.square().mul(&x1);
        let x32 = x30.sqn(2).mul(&x2);
        let mut t = x31.square();
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x32);
        t = t.sqn(32).mul(&x1);
        let r = t.sqn(62);
        CtOption::new(r, r.square().ct_eq(self))
    }

    #[inline]
    pub(crate) fn is_zero(&self) -> Choice {
        Choice::from((limbs::is_zero_mask(&self.0) & 1) as u8)
    }

    /// Parity of the canonical value (SEC1 compressed-point tag).
    pub(crate) fn is_odd(&self) -> Choice {
        Choice::from((self.to_canonical()[0] & 1) as u8)
    }
}

impl Zeroize for Fe {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl ConstantTimeEq for Fe {
    fn ct_eq(&self, other: &Fe) -> Choice {
        // Montgomery form is canonical (< p), so limbs compare directly.
        self.0.ct_eq(&other.0)
    }
}

impl ConditionallySelectable for Fe {
    #[inline(always)]
    fn conditional_select(a: &Fe, b: &Fe, choice: Choice) -> Fe {
        Fe([
            u64::conditional_select(&a.0[0], &b.0[0], choice),
            u64::conditional_select(&a.0[1], &b.0[1], choice),
            u64::conditional_select(&a.0[2], &b.0[2], choice),
            u64::conditional_select(&a.0[3], &b.0[3], choice),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants() {
        assert_eq!(PINV, 1);
        assert_eq!(Fe::ONE.to_canonical(), [1, 0, 0, 0]);
        let minus_one = Fe::ONE.neg();
        let mut pm1 = P;
        pm1[0] -= 1;
        assert_eq!(minus_one.to_canonical(), pm1);
        assert!(bool::from(minus_one.mul(&minus_one).ct_eq(&Fe::ONE)));
    }

    #[test]
    fn invert_and_sqrt() {
        let x = Fe::from_hex("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
        assert!(bool::from(x.mul(&x.invert()).ct_eq(&Fe::ONE)));
        let s = x.square().sqrt().unwrap();
        assert!(bool::from(s.ct_eq(&x) | s.ct_eq(&x.neg())));
        // −1 is a non-residue for p ≡ 3 (mod 4).
        assert!(bool::from(Fe::ONE.neg().sqrt().is_none()));
        assert!(bool::from(Fe::ZERO.invert().is_zero()));
    }
}
