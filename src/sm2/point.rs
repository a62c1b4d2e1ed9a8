//! Points of sm2p256v1: y² = x³ − 3x + b (GB/T 32918.5 §3).
//!
//! [`Projective`] uses homogeneous coordinates (X : Y : Z), x = X/Z, y = Y/Z, with the complete
//! formulas of Renes–Costello–Batina, "Complete addition formulas for prime order elliptic
//! curves" (EUROCRYPT 2016), Algorithms 4 (addition), 5 (mixed addition) and 6 (doubling) for
//! a = −3: no exceptional cases, so secret-dependent sums need no guards. The line comments
//! number the algorithms' steps.

use super::field::{Fe, FieldOps, Soft};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// b, GB/T 32918.5 §3.
pub(crate) const B: Fe =
    Fe::from_hex("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");

/// The base point G, GB/T 32918.5 §3.
pub(crate) const G: Affine = Affine {
    x: Fe::from_hex("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"),
    y: Fe::from_hex("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"),
};

/// The body of P + Q, RCB Algorithm 4 (a = −3); `$f` multiplies (a [`FieldOps`] or the const
/// [`Soft`]).
macro_rules! rcb_add {
    ($f:expr, $p:expr, $q:expr) => {{
        let f = $f;
        let (x1, y1, z1) = (&$p.x, &$p.y, &$p.z);
        let (x2, y2, z2) = (&$q.x, &$q.y, &$q.z);
        let t0 = f.mul(x1, x2); // 1
        let t1 = f.mul(y1, y2); // 2
        let t2 = f.mul(z1, z2); // 3
        let t3 = f.add(x1, y1); // 4
        let t4 = f.add(x2, y2); // 5
        let t3 = f.mul(&t3, &t4); // 6
        let t4 = f.add(&t0, &t1); // 7
        let t3 = f.sub(&t3, &t4); // 8
        let t4 = f.add(y1, z1); // 9
        let x3 = f.add(y2, z2); // 10
        let t4 = f.mul(&t4, &x3); // 11
        let x3 = f.add(&t1, &t2); // 12
        let t4 = f.sub(&t4, &x3); // 13
        let x3 = f.add(x1, z1); // 14
        let y3 = f.add(x2, z2); // 15
        let x3 = f.mul(&x3, &y3); // 16
        let y3 = f.add(&t0, &t2); // 17
        let y3 = f.sub(&x3, &y3); // 18
        let z3 = f.mul(&B, &t2); // 19
        let x3 = f.sub(&y3, &z3); // 20
        let z3 = f.double(&x3); // 21
        let x3 = f.add(&x3, &z3); // 22
        let z3 = f.sub(&t1, &x3); // 23
        let x3 = f.add(&t1, &x3); // 24
        let y3 = f.mul(&B, &y3); // 25
        let t1 = f.double(&t2); // 26
        let t2 = f.add(&t1, &t2); // 27
        let y3 = f.sub(&y3, &t2); // 28
        let y3 = f.sub(&y3, &t0); // 29
        let t1 = f.double(&y3); // 30
        let y3 = f.add(&t1, &y3); // 31
        let t1 = f.double(&t0); // 32
        let t0 = f.add(&t1, &t0); // 33
        let t0 = f.sub(&t0, &t2); // 34
        let t1 = f.mul(&t4, &y3); // 35
        let t2 = f.mul(&t0, &y3); // 36
        let y3 = f.mul(&x3, &z3); // 37
        let y3 = f.add(&y3, &t2); // 38
        let x3 = f.mul(&t3, &x3); // 39
        let x3 = f.sub(&x3, &t1); // 40
        let z3 = f.mul(&t4, &z3); // 41
        let t1 = f.mul(&t3, &t0); // 42
        let z3 = f.add(&z3, &t1); // 43
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
    }};
}

/// The body of P + Q for an affine Q, RCB Algorithm 5 (a = −3); `$f` multiplies.
macro_rules! rcb_add_affine {
    ($f:expr, $p:expr, $q:expr) => {{
        let f = $f;
        let (x1, y1, z1) = (&$p.x, &$p.y, &$p.z);
        let (x2, y2) = (&$q.x, &$q.y);
        let t0 = f.mul(x1, x2); // 1
        let t1 = f.mul(y1, y2); // 2
        let t3 = f.add(x2, y2); // 3
        let t4 = f.add(x1, y1); // 4
        let t3 = f.mul(&t3, &t4); // 5
        let t4 = f.add(&t0, &t1); // 6
        let t3 = f.sub(&t3, &t4); // 7
        let t4 = f.mul(y2, z1); // 8
        let t4 = f.add(&t4, y1); // 9
        let y3 = f.mul(x2, z1); // 10
        let y3 = f.add(&y3, x1); // 11
        let z3 = f.mul(&B, z1); // 12
        let x3 = f.sub(&y3, &z3); // 13
        let z3 = f.double(&x3); // 14
        let x3 = f.add(&x3, &z3); // 15
        let z3 = f.sub(&t1, &x3); // 16
        let x3 = f.add(&t1, &x3); // 17
        let y3 = f.mul(&B, &y3); // 18
        let t1 = f.double(z1); // 19
        let t2 = f.add(&t1, z1); // 20
        let y3 = f.sub(&y3, &t2); // 21
        let y3 = f.sub(&y3, &t0); // 22
        let t1 = f.double(&y3); // 23
        let y3 = f.add(&t1, &y3); // 24
        let t1 = f.double(&t0); // 25
        let t0 = f.add(&t1, &t0); // 26
        let t0 = f.sub(&t0, &t2); // 27
        let t1 = f.mul(&t4, &y3); // 28
        let t2 = f.mul(&t0, &y3); // 29
        let y3 = f.mul(&x3, &z3); // 30
        let y3 = f.add(&y3, &t2); // 31
        let x3 = f.mul(&t3, &x3); // 32
        let x3 = f.sub(&x3, &t1); // 33
        let z3 = f.mul(&t4, &z3); // 34
        let t1 = f.mul(&t3, &t0); // 35
        let z3 = f.add(&z3, &t1); // 36
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
    }};
}

/// The body of 2P, RCB Algorithm 6 (a = −3); `$f` multiplies.
macro_rules! rcb_double {
    ($f:expr, $p:expr) => {{
        let f = $f;
        let (x, y, z) = (&$p.x, &$p.y, &$p.z);
        let t0 = f.sqr(x); // 1
        let t1 = f.sqr(y); // 2
        let t2 = f.sqr(z); // 3
        let t3 = f.mul(x, y); // 4
        let t3 = f.double(&t3); // 5
        let z3 = f.mul(x, z); // 6
        let z3 = f.double(&z3); // 7
        let y3 = f.mul(&B, &t2); // 8
        let y3 = f.sub(&y3, &z3); // 9
        let x3 = f.double(&y3); // 10
        let y3 = f.add(&x3, &y3); // 11
        let x3 = f.sub(&t1, &y3); // 12
        let y3 = f.add(&t1, &y3); // 13
        let y3 = f.mul(&x3, &y3); // 14
        let x3 = f.mul(&x3, &t3); // 15
        let t3 = f.double(&t2); // 16
        let t2 = f.add(&t2, &t3); // 17
        let z3 = f.mul(&B, &z3); // 18
        let z3 = f.sub(&z3, &t2); // 19
        let z3 = f.sub(&z3, &t0); // 20
        let t3 = f.double(&z3); // 21
        let z3 = f.add(&z3, &t3); // 22
        let t3 = f.double(&t0); // 23
        let t0 = f.add(&t3, &t0); // 24
        let t0 = f.sub(&t0, &t2); // 25
        let t0 = f.mul(&t0, &z3); // 26
        let y3 = f.add(&y3, &t0); // 27
        let t0 = f.mul(y, z); // 28
        let t0 = f.double(&t0); // 29
        let z3 = f.mul(&t0, &z3); // 30
        let x3 = f.sub(&x3, &z3); // 31
        let z3 = f.mul(&t0, &t1); // 32
        let z3 = f.double(&z3); // 33
        let z3 = f.double(&z3); // 34
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
    }};
}

/// An affine point (x, y); never the point at infinity.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Affine {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
}

impl Affine {
    /// Whether (x, y) satisfies y² = x³ − 3x + b.
    pub(crate) fn is_on_curve(&self) -> Choice {
        let rhs = self
            .x
            .square()
            .mul(&self.x)
            .sub(&self.x.double().add(&self.x))
            .add(&B);
        self.y.square().ct_eq(&rhs)
    }

    /// The point with this x and the y of the given parity, if x is on the curve.
    pub(crate) fn decompress(x: &Fe, y_odd: Choice) -> CtOption<Affine> {
        let rhs = x.square().mul(x).sub(&x.double().add(x)).add(&B);
        rhs.sqrt().map(|y| {
            let flip = y.is_odd() ^ y_odd;
            Affine {
                x: *x,
                y: Fe::conditional_select(&y, &y.neg(), flip),
            }
        })
    }

    pub(crate) fn neg(&self) -> Affine {
        Affine {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

impl Zeroize for Affine {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
    }
}

impl ConditionallySelectable for Affine {
    #[inline(always)]
    fn conditional_select(a: &Affine, b: &Affine, c: Choice) -> Affine {
        Affine {
            x: Fe::conditional_select(&a.x, &b.x, c),
            y: Fe::conditional_select(&a.y, &b.y, c),
        }
    }
}

/// A point in homogeneous projective coordinates; the identity is (0 : 1 : 0).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Projective {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
}

impl Projective {
    pub(crate) const IDENTITY: Projective = Projective {
        x: Fe::ZERO,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    pub(crate) const fn from_affine(p: &Affine) -> Projective {
        Projective {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    /// P + Q, RCB Algorithm 4 (a = −3). Complete.
    #[inline]
    pub(crate) const fn add(&self, q: &Projective) -> Projective {
        rcb_add!(Soft, self, q)
    }

    /// [`Projective::add`] on the field backend `f`.
    #[inline(always)]
    pub(crate) fn add_with<F: FieldOps>(&self, q: &Projective, f: F) -> Projective {
        rcb_add!(f, self, q)
    }

    /// P + Q for an affine Q (not the identity), RCB Algorithm 5 (a = −3), on the field backend
    /// `f`. Complete in P.
    #[inline(always)]
    pub(crate) fn add_affine<F: FieldOps>(&self, q: &Affine, f: F) -> Projective {
        rcb_add_affine!(f, self, q)
    }

    /// 2P, RCB Algorithm 6 (a = −3). Complete.
    #[inline]
    pub(crate) const fn double(&self) -> Projective {
        rcb_double!(Soft, self)
    }

    /// [`Projective::double`] on the field backend `f`.
    #[inline(always)]
    pub(crate) fn double_with<F: FieldOps>(&self, f: F) -> Projective {
        rcb_double!(f, self)
    }

    #[cfg(test)]
    pub(crate) fn neg(&self) -> Projective {
        Projective {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    pub(crate) fn is_identity(&self) -> Choice {
        self.z.is_zero()
    }

    /// (X/Z, Y/Z); `None` for the identity.
    #[cfg(test)]
    pub(crate) fn to_affine(self) -> CtOption<Affine> {
        let (a, ok) = self.normalize(Soft);
        CtOption::new(a, ok)
    }

    /// (X/Z, Y/Z) and whether the point is not the identity (then (0, 0)), with no copy in an
    /// option for the secret points of signing, decryption and key exchange; Z⁻¹ is wiped.
    pub(crate) fn normalize<F: FieldOps>(&self, f: F) -> (Affine, Choice) {
        let mut zi = f.invert(&self.z);
        let a = Affine {
            x: f.mul(&self.x, &zi),
            y: f.mul(&self.y, &zi),
        };
        zi.zeroize();
        (a, !self.is_identity())
    }

    /// The big-endian affine coordinates of this secret point (a shared point, \[k\]G) into `x`
    /// and `y`, then the point and its affine copy wiped; false (and zero coordinates) for the
    /// identity.
    pub(crate) fn take_xy<F: FieldOps>(
        &mut self,
        x: &mut [u8; 32],
        y: &mut [u8; 32],
        f: F,
    ) -> Choice {
        let (mut a, finite) = self.normalize(f);
        self.zeroize();
        a.x.write_bytes(x);
        a.y.write_bytes(y);
        a.zeroize();
        finite
    }
}

impl Zeroize for Projective {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
        self.z.zeroize();
    }
}

impl ConditionallySelectable for Projective {
    #[inline(always)]
    fn conditional_select(a: &Projective, b: &Projective, c: Choice) -> Projective {
        Projective {
            x: Fe::conditional_select(&a.x, &b.x, c),
            y: Fe::conditional_select(&a.y, &b.y, c),
            z: Fe::conditional_select(&a.z, &b.z, c),
        }
    }
}

impl ConstantTimeEq for Projective {
    /// Equality as points: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1 (both identities compare equal).
    fn ct_eq(&self, o: &Projective) -> Choice {
        self.x.mul(&o.z).ct_eq(&o.x.mul(&self.z)) & self.y.mul(&o.z).ct_eq(&o.y.mul(&self.z))
    }
}

/// A point in Jacobian coordinates (X : Y : Z), x = X/Z², y = Y/Z³; the identity has Z = 0.
/// The `_vartime` additions branch on exceptional cases (public inputs only); the fixed-base
/// multiplication uses the branch-free [`Jacobian::add_affine_distinct`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl ConditionallySelectable for Jacobian {
    #[inline(always)]
    fn conditional_select(a: &Jacobian, b: &Jacobian, c: Choice) -> Jacobian {
        Jacobian {
            x: Fe::conditional_select(&a.x, &b.x, c),
            y: Fe::conditional_select(&a.y, &b.y, c),
            z: Fe::conditional_select(&a.z, &b.z, c),
        }
    }
}

impl Zeroize for Jacobian {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
        self.z.zeroize();
    }
}

impl Jacobian {
    pub(crate) const IDENTITY: Jacobian = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    pub(crate) fn from_affine(p: &Affine) -> Jacobian {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    /// (X·Z : Y : Z³) in homogeneous coordinates.
    pub(crate) fn to_projective<F: FieldOps>(self, f: F) -> Projective {
        let z2 = f.sqr(&self.z);
        Projective {
            x: f.mul(&self.x, &self.z),
            y: self.y,
            z: f.mul(&z2, &self.z),
        }
    }

    pub(crate) fn is_identity_vartime(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// 2P for a = −3 ("dbl-2001-b", Bernstein–Lange EFD, with Z3 = 2·Y·Z): 4M + 4S. Maps the
    /// identity to itself.
    #[inline]
    pub(crate) fn double<F: FieldOps>(&self, f: F) -> Jacobian {
        let delta = f.sqr(&self.z);
        let gamma = f.sqr(&self.y);
        let beta = f.mul(&self.x, &gamma);
        let t = f.mul(&f.sub(&self.x, &delta), &f.add(&self.x, &delta));
        let alpha = f.add(&f.double(&t), &t);
        let beta4 = f.double(&f.double(&beta));
        let x3 = f.sub(&f.sqr(&alpha), &f.double(&beta4));
        // Z3 = (Y + Z)² − γ − δ = 2·Y·Z: one multiplication instead of a squaring and three
        // additions.
        let z3 = f.double(&f.mul(&self.y, &self.z));
        let g2 = f.double(&f.sqr(&gamma));
        let y3 = f.sub(
            &f.mul(&alpha, &f.sub(&beta4, &x3)),
            &f.double(&f.double(&g2)),
        );
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for affine Q ("madd-2007-bl", 7M + 4S) with no branch: correct only when P is not
    /// the identity and P ≠ ±Q, which the caller guarantees ([`super::table::mul_base`]).
    #[inline(always)]
    pub(crate) fn add_affine_distinct<F: FieldOps>(&self, q: &Affine, f: F) -> Jacobian {
        let z1z1 = f.sqr(&self.z);
        let u2 = f.mul(&q.x, &z1z1);
        let s2 = f.mul(&f.mul(&q.y, &self.z), &z1z1);
        let h = f.sub(&u2, &self.x);
        let r = f.double(&f.sub(&s2, &self.y));
        let hh = f.sqr(&h);
        let i = f.double(&f.double(&hh));
        let j = f.mul(&h, &i);
        let v = f.mul(&self.x, &i);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &j), &f.double(&v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.double(&f.mul(&self.y, &j)));
        let z3 = f.sub(&f.sub(&f.sqr(&f.add(&self.z, &h)), &z1z1), &hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// (2·P, A + Q) for affine Q, the two formulas' field operations interleaved: two
    /// independent dependency chains for the out-of-order core. The addition is
    /// [`Jacobian::add_affine_distinct`]'s (A not the identity, A ≠ ±Q: the caller's guarantee).
    #[inline(always)]
    pub(crate) fn double_and_add_affine_distinct<F: FieldOps>(
        &self,
        a: &Jacobian,
        q: &Affine,
        f: F,
    ) -> (Jacobian, Jacobian) {
        let delta = f.sqr(&self.z);
        let z1z1 = f.sqr(&a.z);
        let gamma = f.sqr(&self.y);
        let u2 = f.mul(&q.x, &z1z1);
        let beta = f.mul(&self.x, &gamma);
        let s2 = f.mul(&f.mul(&q.y, &a.z), &z1z1);
        let t = f.mul(&f.sub(&self.x, &delta), &f.add(&self.x, &delta));
        let h = f.sub(&u2, &a.x);
        let r = f.double(&f.sub(&s2, &a.y));
        let alpha = f.add(&f.double(&t), &t);
        let hh = f.sqr(&h);
        let beta4 = f.double(&f.double(&beta));
        let i = f.double(&f.double(&hh));
        let x3 = f.sub(&f.sqr(&alpha), &f.double(&beta4));
        let j = f.mul(&h, &i);
        let z3 = f.double(&f.mul(&self.y, &self.z));
        let v = f.mul(&a.x, &i);
        let g2 = f.double(&f.sqr(&gamma));
        let ax3 = f.sub(&f.sub(&f.sqr(&r), &j), &f.double(&v));
        let y3 = f.sub(
            &f.mul(&alpha, &f.sub(&beta4, &x3)),
            &f.double(&f.double(&g2)),
        );
        let ay3 = f.sub(&f.mul(&r, &f.sub(&v, &ax3)), &f.double(&f.mul(&a.y, &j)));
        let az3 = f.sub(&f.sub(&f.sqr(&f.add(&a.z, &h)), &z1z1), &hh);
        (
            Jacobian {
                x: x3,
                y: y3,
                z: z3,
            },
            Jacobian {
                x: ax3,
                y: ay3,
                z: az3,
            },
        )
    }

    /// P + Q for affine Q ("madd-2007-bl"): 7M + 4S, with the exceptional cases handled by
    /// branches on the (public) inputs.
    pub(crate) fn add_affine_vartime<F: FieldOps>(&self, q: &Affine, f: F) -> Jacobian {
        if self.is_identity_vartime() {
            return Jacobian::from_affine(q);
        }
        let z1z1 = f.sqr(&self.z);
        let u2 = f.mul(&q.x, &z1z1);
        let s2 = f.mul(&f.mul(&q.y, &self.z), &z1z1);
        let h = f.sub(&u2, &self.x);
        let r = f.double(&f.sub(&s2, &self.y));
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                Jacobian::from_affine(q).double(f)
            } else {
                Jacobian::IDENTITY
            };
        }
        let hh = f.sqr(&h);
        let i = f.double(&f.double(&hh));
        let j = f.mul(&h, &i);
        let v = f.mul(&self.x, &i);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &j), &f.double(&v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.double(&f.mul(&self.y, &j)));
        let z3 = f.sub(&f.sub(&f.sqr(&f.add(&self.z, &h)), &z1z1), &hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q ("add-2007-bl"): 11M + 5S, exceptional cases by branches on public inputs.
    pub(crate) fn add_vartime<F: FieldOps>(&self, q: &Jacobian, f: F) -> Jacobian {
        if self.is_identity_vartime() {
            return *q;
        }
        if q.is_identity_vartime() {
            return *self;
        }
        let z1z1 = f.sqr(&self.z);
        let z2z2 = f.sqr(&q.z);
        let u1 = f.mul(&self.x, &z2z2);
        let u2 = f.mul(&q.x, &z1z1);
        let s1 = f.mul(&f.mul(&self.y, &q.z), &z2z2);
        let s2 = f.mul(&f.mul(&q.y, &self.z), &z1z1);
        let h = f.sub(&u2, &u1);
        let r = f.double(&f.sub(&s2, &s1));
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double(f)
            } else {
                Jacobian::IDENTITY
            };
        }
        let i = f.sqr(&f.double(&h));
        let j = f.mul(&h, &i);
        let v = f.mul(&u1, &i);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &j), &f.double(&v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.double(&f.mul(&s1, &j)));
        let z3 = f.mul(
            &f.sub(&f.sub(&f.sqr(&f.add(&self.z, &q.z)), &z1z1), &z2z2),
            &h,
        );
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    pub(crate) fn neg(&self) -> Jacobian {
        Jacobian {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// (X/Z², Y/Z³) of every point with one inversion (Montgomery's simultaneous inversion), for
    /// public points none of which is the identity.
    pub(crate) fn batch_to_affine_vartime<F: FieldOps, const N: usize>(
        pts: &[Jacobian; N],
        f: F,
    ) -> [Affine; N] {
        let mut prefix = [Fe::ONE; N];
        let mut acc = Fe::ONE;
        for (p, pre) in pts.iter().zip(prefix.iter_mut()) {
            *pre = acc;
            acc = f.mul(&acc, &p.z);
        }
        let mut inv = f.invert(&acc);
        let mut out = [Affine::default(); N];
        for i in (0..N).rev() {
            // inv = (z_0 ⋯ z_i)⁻¹ here; prefix[i] = z_0 ⋯ z_{i−1}.
            let zi = f.mul(&inv, &prefix[i]);
            inv = f.mul(&inv, &pts[i].z);
            let zi2 = f.sqr(&zi);
            out[i] = Affine {
                x: f.mul(&pts[i].x, &zi2),
                y: f.mul(&pts[i].y, &f.mul(&zi2, &zi)),
            };
        }
        out
    }
}
