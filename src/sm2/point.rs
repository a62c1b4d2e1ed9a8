//! Points of sm2p256v1: y² = x³ − 3x + b (GB/T 32918.5 §3).
//!
//! [`Projective`] uses homogeneous coordinates (X : Y : Z), x = X/Z, y = Y/Z, with the complete
//! formulas of Renes–Costello–Batina, "Complete addition formulas for prime order elliptic
//! curves" (EUROCRYPT 2016), Algorithms 4 (addition), 5 (mixed addition) and 6 (doubling) for
//! a = −3: no exceptional cases, so secret-dependent sums need no guards. The line comments
//! number the algorithms' steps.

use super::field::Fe;
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
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2, z2) = (&q.x, &q.y, &q.z);
        let t0 = x1.mul(x2); // 1
        let t1 = y1.mul(y2); // 2
        let t2 = z1.mul(z2); // 3
        let t3 = x1.add(y1); // 4
        let t4 = x2.add(y2); // 5
        let t3 = t3.mul(&t4); // 6
        let t4 = t0.add(&t1); // 7
        let t3 = t3.sub(&t4); // 8
        let t4 = y1.add(z1); // 9
        let x3 = y2.add(z2); // 10
        let t4 = t4.mul(&x3); // 11
        let x3 = t1.add(&t2); // 12
        let t4 = t4.sub(&x3); // 13
        let x3 = x1.add(z1); // 14
        let y3 = x2.add(z2); // 15
        let x3 = x3.mul(&y3); // 16
        let y3 = t0.add(&t2); // 17
        let y3 = x3.sub(&y3); // 18
        let z3 = B.mul(&t2); // 19
        let x3 = y3.sub(&z3); // 20
        let z3 = x3.double(); // 21
        let x3 = x3.add(&z3); // 22
        let z3 = t1.sub(&x3); // 23
        let x3 = t1.add(&x3); // 24
        let y3 = B.mul(&y3); // 25
        let t1 = t2.double(); // 26
        let t2 = t1.add(&t2); // 27
        let y3 = y3.sub(&t2); // 28
        let y3 = y3.sub(&t0); // 29
        let t1 = y3.double(); // 30
        let y3 = t1.add(&y3); // 31
        let t1 = t0.double(); // 32
        let t0 = t1.add(&t0); // 33
        let t0 = t0.sub(&t2); // 34
        let t1 = t4.mul(&y3); // 35
        let t2 = t0.mul(&y3); // 36
        let y3 = x3.mul(&z3); // 37
        let y3 = y3.add(&t2); // 38
        let x3 = t3.mul(&x3); // 39
        let x3 = x3.sub(&t1); // 40
        let z3 = t4.mul(&z3); // 41
        let t1 = t3.mul(&t0); // 42
        let z3 = z3.add(&t1); // 43
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for an affine Q (not the identity), RCB Algorithm 5 (a = −3). Complete in P.
    #[inline]
    pub(crate) const fn add_affine(&self, q: &Affine) -> Projective {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2) = (&q.x, &q.y);
        let t0 = x1.mul(x2); // 1
        let t1 = y1.mul(y2); // 2
        let t3 = x2.add(y2); // 3
        let t4 = x1.add(y1); // 4
        let t3 = t3.mul(&t4); // 5
        let t4 = t0.add(&t1); // 6
        let t3 = t3.sub(&t4); // 7
        let t4 = y2.mul(z1); // 8
        let t4 = t4.add(y1); // 9
        let y3 = x2.mul(z1); // 10
        let y3 = y3.add(x1); // 11
        let z3 = B.mul(z1); // 12
        let x3 = y3.sub(&z3); // 13
        let z3 = x3.double(); // 14
        let x3 = x3.add(&z3); // 15
        let z3 = t1.sub(&x3); // 16
        let x3 = t1.add(&x3); // 17
        let y3 = B.mul(&y3); // 18
        let t1 = z1.double(); // 19
        let t2 = t1.add(z1); // 20
        let y3 = y3.sub(&t2); // 21
        let y3 = y3.sub(&t0); // 22
        let t1 = y3.double(); // 23
        let y3 = t1.add(&y3); // 24
        let t1 = t0.double(); // 25
        let t0 = t1.add(&t0); // 26
        let t0 = t0.sub(&t2); // 27
        let t1 = t4.mul(&y3); // 28
        let t2 = t0.mul(&y3); // 29
        let y3 = x3.mul(&z3); // 30
        let y3 = y3.add(&t2); // 31
        let x3 = t3.mul(&x3); // 32
        let x3 = x3.sub(&t1); // 33
        let z3 = t4.mul(&z3); // 34
        let t1 = t3.mul(&t0); // 35
        let z3 = z3.add(&t1); // 36
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// 2P, RCB Algorithm 6 (a = −3). Complete.
    #[inline]
    pub(crate) const fn double(&self) -> Projective {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let t0 = x.square(); // 1
        let t1 = y.square(); // 2
        let t2 = z.square(); // 3
        let t3 = x.mul(y); // 4
        let t3 = t3.double(); // 5
        let z3 = x.mul(z); // 6
        let z3 = z3.double(); // 7
        let y3 = B.mul(&t2); // 8
        let y3 = y3.sub(&z3); // 9
        let x3 = y3.double(); // 10
        let y3 = x3.add(&y3); // 11
        let x3 = t1.sub(&y3); // 12
        let y3 = t1.add(&y3); // 13
        let y3 = x3.mul(&y3); // 14
        let x3 = x3.mul(&t3); // 15
        let t3 = t2.double(); // 16
        let t2 = t2.add(&t3); // 17
        let z3 = B.mul(&z3); // 18
        let z3 = z3.sub(&t2); // 19
        let z3 = z3.sub(&t0); // 20
        let t3 = z3.double(); // 21
        let z3 = z3.add(&t3); // 22
        let t3 = t0.double(); // 23
        let t0 = t3.add(&t0); // 24
        let t0 = t0.sub(&t2); // 25
        let t0 = t0.mul(&z3); // 26
        let y3 = y3.add(&t0); // 27
        let t0 = y.mul(z); // 28
        let t0 = t0.double(); // 29
        let z3 = t0.mul(&z3); // 30
        let x3 = x3.sub(&z3); // 31
        let z3 = t0.mul(&t1); // 32
        let z3 = z3.double(); // 33
        let z3 = z3.double(); // 34
        Projective {
            x: x3,
            y: y3,
            z: z3,
        }
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
        let (a, ok) = self.normalize();
        CtOption::new(a, ok)
    }

    /// (X/Z, Y/Z) and whether the point is not the identity (then (0, 0)), with no copy in an
    /// option for the secret points of signing, decryption and key exchange; Z⁻¹ is wiped.
    pub(crate) fn normalize(&self) -> (Affine, Choice) {
        let mut zi = self.z.invert();
        let a = Affine {
            x: self.x.mul(&zi),
            y: self.y.mul(&zi),
        };
        zi.zeroize();
        (a, !self.is_identity())
    }

    /// The big-endian affine coordinates of this secret point (a shared point, \[k\]G) into `x`
    /// and `y`, then the point and its affine copy wiped; false (and zero coordinates) for the
    /// identity.
    pub(crate) fn take_xy(&mut self, x: &mut [u8; 32], y: &mut [u8; 32]) -> Choice {
        let (mut a, finite) = self.normalize();
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
/// Used only by variable-time code on public inputs: its additions branch on exceptional cases.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
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
    pub(crate) fn to_projective(self) -> Projective {
        let z2 = self.z.square();
        Projective {
            x: self.x.mul(&self.z),
            y: self.y,
            z: z2.mul(&self.z),
        }
    }

    fn is_identity_vartime(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// 2P for a = −3 ("dbl-2001-b", Bernstein–Lange EFD): 3M + 5S. Maps the identity to itself.
    #[inline]
    pub(crate) fn double(&self) -> Jacobian {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let g2 = gamma.square().double();
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&g2.double().double());
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for affine Q ("madd-2007-bl"): 7M + 4S, with the exceptional cases handled by
    /// branches on the (public) inputs.
    pub(crate) fn add_affine_vartime(&self, q: &Affine) -> Jacobian {
        if self.is_identity_vartime() {
            return Jacobian::from_affine(q);
        }
        let z1z1 = self.z.square();
        let u2 = q.x.mul(&z1z1);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                Jacobian::from_affine(q).double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q ("add-2007-bl"): 11M + 5S, exceptional cases by branches on public inputs.
    pub(crate) fn add_vartime(&self, q: &Jacobian) -> Jacobian {
        if self.is_identity_vartime() {
            return *q;
        }
        if q.is_identity_vartime() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = q.x.mul(&z1z1);
        let s1 = self.y.mul(&q.z).mul(&z2z2);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1).double();
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let i = h.double().square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&j).double());
        let z3 = self.z.add(&q.z).square().sub(&z1z1).sub(&z2z2).mul(&h);
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
}
