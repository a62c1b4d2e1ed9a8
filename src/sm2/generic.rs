//! SM2 over a caller-given curve y² = x³ + ax + b over GF(p), with parameters (p, a, b, G, n, h)
//! — for the worked examples of GB/T 32918.2/.3/.4 Annex A, which use a 256-bit *example*
//! curve, and for test curves a certification lab brings.
//!
//! **Variable time, test curves only.** This module branches on and indexes by every input,
//! secret keys and nonces included, and assumes p and n are prime without checking. It exists to
//! run public known-answer vectors; real keys belong on sm2p256v1 and the constant-time code of
//! the parent module. Field sizes up to 576 bits (9 limbs).

use super::der::{self, Reader, Writer};
use super::pke::Format;
use crate::error::{Error, Result};
use crate::sm3::{Sm3, kdf, kdf_with};
use crate::traits::Hash;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

const L: usize = 9;
type Big = [u64; L];

fn adc(a: u64, b: u64, c: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + c as u128;
    (t as u64, (t >> 64) as u64)
}

fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 * c as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

fn big_add(a: &Big, b: &Big) -> (Big, u64) {
    let mut r = [0; L];
    let mut c = 0;
    for i in 0..L {
        (r[i], c) = adc(a[i], b[i], c);
    }
    (r, c)
}

fn big_sub(a: &Big, b: &Big) -> (Big, bool) {
    let mut r = [0; L];
    let mut borrow = false;
    for i in 0..L {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow as u64);
        r[i] = d;
        borrow = b1 | b2;
    }
    (r, borrow)
}

fn big_cmp(a: &Big, b: &Big) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

fn big_bits(a: &Big) -> usize {
    for i in (0..L).rev() {
        if a[i] != 0 {
            return 64 * i + 64 - a[i].leading_zeros() as usize;
        }
    }
    0
}

fn big_bit(a: &Big, i: usize) -> bool {
    (a[i / 64] >> (i % 64)) & 1 == 1
}

fn big_is_zero(a: &Big) -> bool {
    a.iter().all(|&w| w == 0)
}

fn small(v: u64) -> Big {
    let mut r = [0; L];
    r[0] = v;
    r
}

/// Big-endian bytes (at most 72) → integer.
fn big_from_be(b: &[u8]) -> Result<Big> {
    if b.len() > 8 * L {
        return Err(Error::InvalidParameter);
    }
    let mut r = [0u64; L];
    for (i, &byte) in b.iter().rev().enumerate() {
        r[i / 8] |= (byte as u64) << (8 * (i % 8));
    }
    Ok(r)
}

/// Integer → `len` big-endian bytes (the value must fit).
fn big_to_be(a: &Big, len: usize) -> Vec<u8> {
    (0..len)
        .rev()
        .map(|i| {
            if i < 8 * L {
                (a[i / 8] >> (8 * (i % 8))) as u8
            } else {
                0
            }
        })
        .collect()
}

/// An odd modulus with its Montgomery constants (R = 2⁵⁷⁶).
#[derive(Clone, Debug)]
struct Modulus {
    m: Big,
    minv: u64,
    r2: Big,
    bits: usize,
}

impl Modulus {
    fn new(m: Big) -> Result<Self> {
        if m[0] & 1 == 0 || big_cmp(&m, &small(3)) == Ordering::Less {
            return Err(Error::InvalidParameter);
        }
        let mut inv = 1u64;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(inv)));
        }
        let mut md = Modulus {
            m,
            minv: inv.wrapping_neg(),
            r2: [0; L],
            bits: big_bits(&m),
        };
        // R² mod m by 2·576 modular doublings of 1.
        let mut x = small(1);
        for _ in 0..2 * 64 * L {
            x = md.add(&x, &x);
        }
        md.r2 = x;
        Ok(md)
    }

    fn len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    fn add(&self, a: &Big, b: &Big) -> Big {
        let (s, c) = big_add(a, b);
        if c != 0 || big_cmp(&s, &self.m) != Ordering::Less {
            big_sub(&s, &self.m).0
        } else {
            s
        }
    }

    fn sub(&self, a: &Big, b: &Big) -> Big {
        let (d, borrow) = big_sub(a, b);
        if borrow { big_add(&d, &self.m).0 } else { d }
    }

    /// Montgomery product a·b·R⁻¹ mod m (CIOS).
    fn mul(&self, a: &Big, b: &Big) -> Big {
        let mut t = [0u64; L + 2];
        for &bi in b.iter() {
            let mut c = 0;
            for j in 0..L {
                (t[j], c) = mac(t[j], a[j], bi, c);
            }
            let (s, c2) = adc(t[L], c, 0);
            t[L] = s;
            t[L + 1] = c2;
            let k = t[0].wrapping_mul(self.minv);
            let (_, mut c) = mac(t[0], k, self.m[0], 0);
            for j in 1..L {
                (t[j - 1], c) = mac(t[j], k, self.m[j], c);
            }
            let (s, c2) = adc(t[L], c, 0);
            t[L - 1] = s;
            t[L] = t[L + 1] + c2;
        }
        let mut r = [0; L];
        r.copy_from_slice(&t[..L]);
        if t[L] != 0 || big_cmp(&r, &self.m) != Ordering::Less {
            r = big_sub(&r, &self.m).0;
        }
        r
    }

    /// Montgomery form of any a < 2⁵⁷⁶ (reduces a ≥ m too).
    fn enter(&self, a: &Big) -> Big {
        self.mul(a, &self.r2)
    }

    fn leave(&self, a: &Big) -> Big {
        self.mul(a, &small(1))
    }

    fn one(&self) -> Big {
        self.enter(&small(1))
    }

    fn pow(&self, a: &Big, e: &Big) -> Big {
        let mut r = self.one();
        for i in (0..big_bits(e)).rev() {
            r = self.mul(&r, &r);
            if big_bit(e, i) {
                r = self.mul(&r, a);
            }
        }
        r
    }

    /// a⁻¹ (m prime), Montgomery in and out.
    fn inv(&self, a: &Big) -> Big {
        self.pow(a, &big_sub(&self.m, &small(2)).0)
    }

    /// A big-endian integer of any length, reduced mod m, in Montgomery form.
    fn reduce_bytes(&self, b: &[u8]) -> Big {
        // Horner over 8-byte words: acc·2⁶⁴ + w.
        let shift = self.enter(&{
            let mut s = [0; L];
            s[1] = 1;
            s
        });
        let mut acc = [0; L];
        let head = b.len() % 8;
        let words = core::iter::once(&b[..head])
            .filter(|w| !w.is_empty())
            .chain(b[head..].chunks(8));
        for w in words {
            let v = w.iter().fold(0u64, |x, &y| (x << 8) | y as u64);
            acc = self.add(&self.mul(&acc, &shift), &self.enter(&small(v)));
        }
        acc
    }
}

/// Affine point, Montgomery-form coordinates; `None` is the point at infinity.
type Point = Option<(Big, Big)>;

/// A prime-field curve for SM2 test vectors. **Variable time** in every input, secrets
/// included (see the module documentation): for public test vectors only.
#[derive(Clone, Debug)]
pub struct CurveVartime {
    p: Modulus,
    n: Modulus,
    a: Big,
    b: Big,
    g: (Big, Big),
    h: u64,
}

/// A ciphertext's three parts (GB/T 32918.4 §6.1): C1 (uncompressed SEC1), C3, C2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ciphertext {
    /// C1 = \[k\]G, `04 ‖ x ‖ y`.
    pub c1: Vec<u8>,
    /// C3 = Hash(x2 ‖ M ‖ y2).
    pub c3: Vec<u8>,
    /// C2 = M ⊕ t.
    pub c2: Vec<u8>,
}

impl Ciphertext {
    /// Serialise in `format` (C1 ‖ C3 ‖ C2, C1 ‖ C2 ‖ C3 or GM/T 0009 DER).
    pub fn to_bytes(&self, format: Format) -> Result<Vec<u8>> {
        Ok(match format {
            Format::C1C3C2 => [&self.c1[..], &self.c3, &self.c2].concat(),
            Format::C1C2C3 => [&self.c1[..], &self.c2, &self.c3].concat(),
            Format::Der => {
                let fl = (self.c1.len() - 1) / 2;
                let (x, y) = (&self.c1[1..1 + fl], &self.c1[1 + fl..]);
                let body = der::uint_tlv_len(x)
                    + der::uint_tlv_len(y)
                    + der::header_len(self.c3.len())
                    + self.c3.len()
                    + der::header_len(self.c2.len())
                    + self.c2.len();
                let mut out = vec![0u8; der::header_len(body) + body];
                let mut w = Writer::new(&mut out);
                w.header(der::TAG_SEQUENCE, body)?;
                w.uint(x)?;
                w.uint(y)?;
                w.tlv(der::TAG_OCTET_STRING, &self.c3)?;
                w.tlv(der::TAG_OCTET_STRING, &self.c2)?;
                out
            }
        })
    }
}

/// What one side of a key exchange computes (GB/T 32918.3 §6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyExchangeOutput {
    /// The shared point U (or V), uncompressed SEC1.
    pub point: Vec<u8>,
    /// The shared key K.
    pub key: Vec<u8>,
    /// S_B (= S_1).
    pub s_b: [u8; 32],
    /// S_A (= S_2).
    pub s_a: [u8; 32],
}

/// sm2p256v1 (GB/T 32918.5-2017 §3), big-endian: p, a, b, x_G, y_G, n; h = 1.
pub const SM2P256V1: [[u8; 32]; 6] = {
    use super::limbs::{from_hex, to_be_bytes};
    [
        to_be_bytes(&from_hex(
            "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF",
        )),
        to_be_bytes(&from_hex(
            "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC",
        )),
        to_be_bytes(&from_hex(
            "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93",
        )),
        to_be_bytes(&from_hex(
            "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7",
        )),
        to_be_bytes(&from_hex(
            "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
        )),
        to_be_bytes(&from_hex(
            "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123",
        )),
    ]
};

impl CurveVartime {
    /// The recommended curve sm2p256v1 ([`SM2P256V1`]) on this variable-time path.
    pub fn sm2p256v1() -> CurveVartime {
        let [p, a, b, gx, gy, n] = &SM2P256V1;
        // The recommended parameters pass every check of `new`.
        Self::new(p, a, b, gx, gy, n, 1).unwrap_or_else(|_| unreachable!())
    }

    /// A curve from big-endian parameters. Checks that p and n are odd, a and b below p, G on
    /// the curve and \[n\]G = O, and 4a³ + 27b² ≠ 0; primality of p and n is assumed.
    pub fn new(
        p: &[u8],
        a: &[u8],
        b: &[u8],
        gx: &[u8],
        gy: &[u8],
        n: &[u8],
        h: u64,
    ) -> Result<CurveVartime> {
        let pm = Modulus::new(big_from_be(p)?)?;
        let nm = Modulus::new(big_from_be(n)?)?;
        let below_p = |v: &[u8]| -> Result<Big> {
            let v = big_from_be(v)?;
            if big_cmp(&v, &pm.m) == Ordering::Less {
                Ok(pm.enter(&v))
            } else {
                Err(Error::InvalidParameter)
            }
        };
        let curve = CurveVartime {
            a: below_p(a)?,
            b: below_p(b)?,
            g: (below_p(gx)?, below_p(gy)?),
            p: pm.clone(),
            n: nm,
            h,
        };
        let f = &curve.p;
        let a3 = f.mul(&f.mul(&curve.a, &curve.a), &curve.a);
        let b2 = f.mul(&curve.b, &curve.b);
        let disc = f.add(
            &f.mul(&f.enter(&small(4)), &a3),
            &f.mul(&f.enter(&small(27)), &b2),
        );
        if h == 0 || big_is_zero(&disc) || !curve.on_curve(&curve.g) {
            return Err(Error::InvalidParameter);
        }
        if curve.mul(&curve.n.m, &Some(curve.g)).is_some() {
            return Err(Error::InvalidParameter);
        }
        Ok(curve)
    }

    /// Bytes in a field element (coordinates of C1, U, Z_A inputs).
    pub fn field_len(&self) -> usize {
        self.p.len()
    }

    /// Bytes in an integer mod n (r, s).
    pub fn order_len(&self) -> usize {
        self.n.len()
    }

    fn on_curve(&self, (x, y): &(Big, Big)) -> bool {
        let f = &self.p;
        let rhs = f.add(&f.add(&f.mul(&f.mul(x, x), x), &f.mul(&self.a, x)), &self.b);
        big_cmp(&f.mul(y, y), &rhs) == Ordering::Equal
    }

    /// P + Q in affine coordinates (one inversion).
    fn add(&self, p: &Point, q: &Point) -> Point {
        let f = &self.p;
        let ((x1, y1), (x2, y2)) = match (p, q) {
            (None, _) => return *q,
            (_, None) => return *p,
            (Some(a), Some(b)) => (a, b),
        };
        let lambda = if x1 == x2 {
            if big_is_zero(&f.add(y1, y2)) {
                return None;
            }
            // (3x² + a) / 2y.
            let x2_3 = f.mul(&f.enter(&small(3)), &f.mul(x1, x1));
            f.mul(&f.add(&x2_3, &self.a), &f.inv(&f.add(y1, y1)))
        } else {
            f.mul(&f.sub(y2, y1), &f.inv(&f.sub(x2, x1)))
        };
        let x3 = f.sub(&f.sub(&f.mul(&lambda, &lambda), x1), x2);
        let y3 = f.sub(&f.mul(&lambda, &f.sub(x1, &x3)), y1);
        Some((x3, y3))
    }

    /// \[k\]P, double-and-add on the bits of k in Jacobian coordinates (variable time).
    fn mul(&self, k: &Big, p: &Point) -> Point {
        let f = &self.p;
        let (px, py) = (*p)?;
        // (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 is the identity.
        let mut acc: Option<(Big, Big, Big)> = None;
        for i in (0..big_bits(k)).rev() {
            if let Some((x, y, z)) = acc {
                // dbl-2007-bl (Bernstein–Lange EFD).
                let xx = f.mul(&x, &x);
                let yy = f.mul(&y, &y);
                let yyyy = f.mul(&yy, &yy);
                let zz = f.mul(&z, &z);
                let t = f.add(&x, &yy);
                let s = f.sub(&f.sub(&f.mul(&t, &t), &xx), &yyyy);
                let s = f.add(&s, &s);
                let m = f.add(
                    &f.add(&f.add(&xx, &xx), &xx),
                    &f.mul(&self.a, &f.mul(&zz, &zz)),
                );
                let x3 = f.sub(&f.mul(&m, &m), &f.add(&s, &s));
                let y8 = f.add(&yyyy, &yyyy);
                let y8 = f.add(&y8, &y8);
                let y8 = f.add(&y8, &y8);
                let y3 = f.sub(&f.mul(&m, &f.sub(&s, &x3)), &y8);
                let yz = f.add(&y, &z);
                let z3 = f.sub(&f.sub(&f.mul(&yz, &yz), &yy), &zz);
                acc = (!big_is_zero(&z3)).then_some((x3, y3, z3));
            }
            if big_bit(k, i) {
                acc = match acc {
                    None => Some((px, py, f.one())),
                    Some((x, y, z)) => {
                        // madd-2007-bl, exceptional cases by comparison.
                        let zz = f.mul(&z, &z);
                        let u2 = f.mul(&px, &zz);
                        let s2 = f.mul(&f.mul(&py, &z), &zz);
                        let h = f.sub(&u2, &x);
                        let r = f.sub(&s2, &y);
                        if big_is_zero(&h) {
                            if big_is_zero(&r) {
                                let two_p = self.add(p, p);
                                two_p.map(|(x, y)| (x, y, f.one()))
                            } else {
                                None
                            }
                        } else {
                            let r = f.add(&r, &r);
                            let hh = f.mul(&h, &h);
                            let i4 = f.add(&f.add(&hh, &hh), &f.add(&hh, &hh));
                            let j = f.mul(&h, &i4);
                            let v = f.mul(&x, &i4);
                            let x3 = f.sub(&f.sub(&f.mul(&r, &r), &j), &f.add(&v, &v));
                            let yj = f.mul(&y, &j);
                            let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.add(&yj, &yj));
                            let zh = f.add(&z, &h);
                            let z3 = f.sub(&f.sub(&f.mul(&zh, &zh), &zz), &hh);
                            Some((x3, y3, z3))
                        }
                    }
                };
            }
        }
        let (x, y, z) = acc?;
        let zi = f.inv(&z);
        let zi2 = f.mul(&zi, &zi);
        Some((f.mul(&x, &zi2), f.mul(&y, &f.mul(&zi2, &zi))))
    }

    fn encode(&self, p: &(Big, Big)) -> Vec<u8> {
        let l = self.field_len();
        let mut v = vec![4u8];
        v.extend(big_to_be(&self.p.leave(&p.0), l));
        v.extend(big_to_be(&self.p.leave(&p.1), l));
        v
    }

    fn coord_bytes(&self, v: &Big) -> Vec<u8> {
        big_to_be(&self.p.leave(v), self.field_len())
    }

    /// Parse and validate a public point (GB/T 32918.1 §6.2.1): uncompressed or compressed
    /// SEC1, coordinates below p, on the curve, not infinity, and \[n\]P = O when h > 1.
    pub fn decode_point(&self, sec1: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
        let p = self.point(sec1)?;
        Ok((self.coord_bytes(&p.0), self.coord_bytes(&p.1)))
    }

    fn point(&self, sec1: &[u8]) -> Result<(Big, Big)> {
        let l = self.field_len();
        let f = &self.p;
        let coord = |b: &[u8]| -> Result<Big> {
            let v = big_from_be(b)?;
            if big_cmp(&v, &f.m) == Ordering::Less {
                Ok(f.enter(&v))
            } else {
                Err(Error::InvalidPublicKey)
            }
        };
        let p = match sec1 {
            [4, rest @ ..] if rest.len() == 2 * l => (coord(&rest[..l])?, coord(&rest[l..])?),
            [tag @ (2 | 3), rest @ ..] if rest.len() == l => {
                // Square root for p ≡ 3 (mod 4) only.
                if f.m[0] & 3 != 3 {
                    return Err(Error::InvalidParameter);
                }
                let x = coord(rest)?;
                let rhs = f.add(
                    &f.add(&f.mul(&f.mul(&x, &x), &x), &f.mul(&self.a, &x)),
                    &self.b,
                );
                let e = {
                    let (p1, _) = big_add(&f.m, &small(1));
                    let mut e = [0; L];
                    for i in 0..L {
                        e[i] = (p1[i] >> 2) | if i + 1 < L { p1[i + 1] << 62 } else { 0 };
                    }
                    e
                };
                let mut y = f.pow(&rhs, &e);
                if big_cmp(&f.mul(&y, &y), &rhs) != Ordering::Equal {
                    return Err(Error::InvalidPublicKey);
                }
                if (f.leave(&y)[0] & 1) as u8 != tag & 1 {
                    y = f.sub(&[0; L], &y);
                }
                (x, y)
            }
            _ => return Err(Error::InvalidPublicKey),
        };
        if !self.on_curve(&p) {
            return Err(Error::InvalidPublicKey);
        }
        if self.h > 1 && self.mul(&self.n.m, &Some(p)).is_some() {
            return Err(Error::InvalidPublicKey);
        }
        Ok(p)
    }

    /// An integer in [1, n − 1] (`max_minus` = 1) or [1, n − 2] (`max_minus` = 2).
    fn scalar(&self, b: &[u8], max_minus: u64, err: Error) -> Result<Big> {
        let v = big_from_be(b).map_err(|_| err)?;
        let limit = big_sub(&self.n.m, &small(max_minus - 1)).0;
        if big_is_zero(&v) || big_cmp(&v, &limit) != Ordering::Less {
            return Err(err);
        }
        Ok(v)
    }

    /// P = \[d\]G as uncompressed SEC1, for d ∈ [1, n − 2].
    pub fn public_key(&self, d: &[u8]) -> Result<Vec<u8>> {
        let d = self.scalar(d, 2, Error::InvalidPrivateKey)?;
        let p = self
            .mul(&d, &Some(self.g))
            .ok_or(Error::InvalidPrivateKey)?;
        Ok(self.encode(&p))
    }

    /// Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), GB/T 32918.2 §5.5.
    pub fn za(&self, id: &[u8], public: &[u8]) -> Result<[u8; 32]> {
        if id.len() > super::dsa::MAX_ID_LEN {
            return Err(Error::InvalidParameter);
        }
        let p = self.point(public)?;
        let mut h = Sm3::new();
        h.update(&((id.len() * 8) as u16).to_be_bytes());
        h.update(id);
        for v in [&self.a, &self.b, &self.g.0, &self.g.1, &p.0, &p.1] {
            h.update(&self.coord_bytes(v));
        }
        Ok(h.finalize())
    }

    /// GB/T 32918.2 §6.1 A4–A7 with the given e (any length, mod n) and k. Returns (r, s) as
    /// [`CurveVartime::order_len`]-byte big-endian integers; [`Error::InvalidParameter`] where the
    /// standard would pick another k.
    pub fn sign_prehashed_with_k(
        &self,
        d: &[u8],
        e: &[u8],
        k: &[u8],
    ) -> Result<(Vec<u8>, Vec<u8>)> {
        let n = &self.n;
        let d = n.enter(&self.scalar(d, 2, Error::InvalidPrivateKey)?);
        let km = self.scalar(k, 1, Error::InvalidParameter)?;
        let e = n.reduce_bytes(e);
        let (x1, _) = self
            .mul(&km, &Some(self.g))
            .ok_or(Error::InvalidParameter)?;
        let x1 = n.enter(&self.p.leave(&x1));
        let k = n.enter(&km);
        let r = n.add(&e, &x1);
        if big_is_zero(&r) || big_is_zero(&n.add(&r, &k)) {
            return Err(Error::InvalidParameter);
        }
        let d1inv = n.inv(&n.add(&d, &n.one()));
        let s = n.mul(&d1inv, &n.sub(&k, &n.mul(&r, &d)));
        if big_is_zero(&s) {
            return Err(Error::InvalidParameter);
        }
        let l = self.order_len();
        Ok((big_to_be(&n.leave(&r), l), big_to_be(&n.leave(&s), l)))
    }

    /// GB/T 32918.2 §7.1 B1, B2, B5–B7 against the given e (any length, mod n).
    pub fn verify_prehashed(&self, public: &[u8], e: &[u8], r: &[u8], s: &[u8]) -> Result<()> {
        let n = &self.n;
        let bad = Error::InvalidSignature;
        let p = self.point(public)?;
        let (r, s) = (self.scalar(r, 1, bad)?, self.scalar(s, 1, bad)?);
        let t = n.add(&n.enter(&r), &n.enter(&s));
        if big_is_zero(&t) {
            return Err(bad);
        }
        let sum = self.add(
            &self.mul(&s, &Some(self.g)),
            &self.mul(&n.leave(&t), &Some(p)),
        );
        let (x1, _) = sum.ok_or(bad)?;
        let x1 = n.enter(&self.p.leave(&x1));
        let rr = n.leave(&n.add(&n.reduce_bytes(e), &x1));
        if rr == r { Ok(()) } else { Err(bad) }
    }

    /// Verify a DER signature over `msg` with the signer's ID (Z_A computed here).
    pub fn verify_der(&self, public: &[u8], id: &[u8], msg: &[u8], sig: &[u8]) -> Result<()> {
        let parse = || -> Result<(Vec<u8>, Vec<u8>)> {
            let mut outer = Reader::new(sig);
            let mut seq = Reader::new(outer.read(der::TAG_SEQUENCE)?);
            outer.finish()?;
            let r = seq.read_uint()?.to_vec();
            let s = seq.read_uint()?.to_vec();
            seq.finish()?;
            Ok((r, s))
        };
        let (r, s) = parse().map_err(|_| Error::InvalidSignature)?;
        let e = self.digest(id, public, msg)?;
        self.verify_prehashed(public, &e, &r, &s)
    }

    /// e = SM3(Z_A ‖ M).
    pub fn digest(&self, id: &[u8], public: &[u8], msg: &[u8]) -> Result<[u8; 32]> {
        let mut h = Sm3::new();
        h.update(&self.za(id, public)?);
        h.update(msg);
        Ok(h.finalize())
    }

    /// GB/T 32918.4 §6.1 A2–A7 with the given k and hash `H`. [`Error::InvalidParameter`] for an
    /// all-zero KDF output (where the standard picks another k).
    pub fn encrypt_with_k<H: Hash>(
        &self,
        public: &[u8],
        msg: &[u8],
        k: &[u8],
    ) -> Result<Ciphertext> {
        if msg.is_empty() {
            return Err(Error::InvalidLength);
        }
        let pb = self.point(public)?;
        let k = self.scalar(k, 1, Error::InvalidParameter)?;
        let c1 = self.mul(&k, &Some(self.g)).ok_or(Error::InvalidParameter)?;
        // A3: S = [h]P_B must not be O.
        if self.mul(&small(self.h), &Some(pb)).is_none() {
            return Err(Error::InvalidPublicKey);
        }
        let (x2, y2) = self.mul(&k, &Some(pb)).ok_or(Error::InvalidParameter)?;
        let (x2, y2) = (self.coord_bytes(&x2), self.coord_bytes(&y2));
        let mut c2 = vec![0u8; msg.len()];
        kdf_with::<H>(&[&x2[..], &y2].concat(), &mut c2)?;
        if c2.iter().all(|&b| b == 0) {
            return Err(Error::InvalidParameter);
        }
        c2.iter_mut().zip(msg).for_each(|(c, m)| *c ^= m);
        let mut h = H::new();
        h.update(&x2);
        h.update(msg);
        h.update(&y2);
        Ok(Ciphertext {
            c1: self.encode(&c1),
            c3: h.finalize().as_ref().to_vec(),
            c2,
        })
    }

    /// GB/T 32918.4 §7.1 on a serialised ciphertext. Every failure is [`Error::Opaque`].
    pub fn decrypt<H: Hash>(&self, d: &[u8], ct: &[u8], format: Format) -> Result<Vec<u8>> {
        let d = self.scalar(d, 2, Error::InvalidPrivateKey)?;
        let l = self.field_len();
        let hl = H::OUTPUT_LEN;
        let (c1, c3, c2): (Vec<u8>, &[u8], &[u8]) = match format {
            Format::C1C3C2 | Format::C1C2C3 => {
                let c1l = 1 + 2 * l;
                if ct.len() <= c1l + hl || ct[0] != 4 {
                    return Err(Error::Opaque);
                }
                let rest = &ct[c1l..];
                let (c3, c2) = if format == Format::C1C3C2 {
                    rest.split_at(hl)
                } else {
                    let (c2, c3) = rest.split_at(rest.len() - hl);
                    (c3, c2)
                };
                (ct[..c1l].to_vec(), c3, c2)
            }
            Format::Der => {
                let parse = || -> Result<(Vec<u8>, &[u8], &[u8])> {
                    let mut outer = Reader::new(ct);
                    let mut seq = Reader::new(outer.read(der::TAG_SEQUENCE)?);
                    outer.finish()?;
                    let (x, y) = (seq.read_uint()?, seq.read_uint()?);
                    let c3 = seq.read(der::TAG_OCTET_STRING)?;
                    let c2 = seq.read(der::TAG_OCTET_STRING)?;
                    seq.finish()?;
                    if x.len() > l || y.len() > l || c3.len() != hl || c2.is_empty() {
                        return Err(Error::Opaque);
                    }
                    let mut c1 = vec![0u8; 1 + 2 * l];
                    c1[0] = 4;
                    c1[1 + l - x.len()..1 + l].copy_from_slice(x);
                    c1[1 + 2 * l - y.len()..].copy_from_slice(y);
                    Ok((c1, c3, c2))
                };
                parse().map_err(|_| Error::Opaque)?
            }
        };
        // B1–B2: C1 on the curve, [h]C1 ≠ O.
        let c1 = self.point(&c1).map_err(|_| Error::Opaque)?;
        if self.mul(&small(self.h), &Some(c1)).is_none() {
            return Err(Error::Opaque);
        }
        // B3–B6.
        let (x2, y2) = self.mul(&d, &Some(c1)).ok_or(Error::Opaque)?;
        let (x2, y2) = (self.coord_bytes(&x2), self.coord_bytes(&y2));
        let mut m = vec![0u8; c2.len()];
        kdf_with::<H>(&[&x2[..], &y2].concat(), &mut m)?;
        if m.iter().all(|&b| b == 0) {
            return Err(Error::Opaque);
        }
        m.iter_mut().zip(c2).for_each(|(a, c)| *a ^= c);
        let mut h = H::new();
        h.update(&x2);
        h.update(&m);
        h.update(&y2);
        crate::ct::eq_or_opaque(h.finalize().as_ref(), c3)?;
        Ok(m)
    }

    /// x̄ = 2^w + (x & (2^w − 1)), w = ⌈⌈log₂ n⌉/2⌉ − 1 (GB/T 32918.3 §6.1 A4).
    fn x_bar(&self, x: &Big) -> Big {
        let w = self.n.bits.div_ceil(2) - 1;
        let x = self.p.leave(x);
        let mut r = [0u64; L];
        for i in 0..w {
            if big_bit(&x, i) {
                r[i / 64] |= 1 << (i % 64);
            }
        }
        r[w / 64] |= 1 << (w % 64);
        r
    }

    /// One side of GB/T 32918.3 §6.1 with fixed ephemeral keys: own static key `d` and
    /// ephemeral `r` (its point R = \[r\]G is derived), own ID, the peer's static and ephemeral
    /// points and ID, and the key length in bytes.
    #[allow(clippy::too_many_arguments)]
    pub fn key_exchange_with_ephemeral(
        &self,
        initiator: bool,
        d: &[u8],
        r: &[u8],
        id: &[u8],
        peer_public: &[u8],
        peer_ephemeral: &[u8],
        peer_id: &[u8],
        klen: usize,
    ) -> Result<KeyExchangeOutput> {
        let n = &self.n;
        let own_public = self.public_key(d)?;
        let dm = n.enter(&self.scalar(d, 2, Error::InvalidPrivateKey)?);
        let rv = self.scalar(r, 1, Error::InvalidPrivateKey)?;
        let own_r = self
            .mul(&rv, &Some(self.g))
            .ok_or(Error::InvalidPrivateKey)?;
        let peer = self.point(peer_public)?;
        let peer_r = self.point(peer_ephemeral)?;
        // t = (d + x̄·r) mod n.
        let t = n.add(&dm, &n.mul(&n.enter(&self.x_bar(&own_r.0)), &n.enter(&rv)));
        // U = [h·t](P_peer + [x̄_peer]R_peer).
        let q = self.add(
            &Some(peer),
            &self.mul(&self.x_bar(&peer_r.0), &Some(peer_r)),
        );
        let ht = n.leave(&n.mul(&t, &n.enter(&small(self.h))));
        let u = self.mul(&ht, &q).ok_or(Error::Opaque)?;
        let (z_own, z_peer) = (self.za(id, &own_public)?, self.za(peer_id, peer_public)?);
        let (za, zb, ra, rb) = if initiator {
            (z_own, z_peer, own_r, peer_r)
        } else {
            (z_peer, z_own, peer_r, own_r)
        };
        let (ux, uy) = (self.coord_bytes(&u.0), self.coord_bytes(&u.1));
        let mut key = vec![0u8; klen];
        kdf(&[&ux[..], &uy, &za, &zb].concat(), &mut key)?;
        let mut h = Sm3::new();
        h.update(&ux);
        h.update(&za);
        h.update(&zb);
        for v in [&ra.0, &ra.1, &rb.0, &rb.1] {
            h.update(&self.coord_bytes(v));
        }
        let inner = h.finalize();
        let tagged = |tag: u8| {
            let mut h = Sm3::new();
            h.update(&[tag]);
            h.update(&uy);
            h.update(&inner);
            h.finalize()
        };
        Ok(KeyExchangeOutput {
            point: self.encode(&u),
            key,
            s_b: tagged(2),
            s_a: tagged(3),
        })
    }
}
