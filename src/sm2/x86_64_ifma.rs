//! Eight SM2 verifications at once on AVX-512 IFMA: \[s\]G + \[t\]Q in each of 8 lanes, for
//! [`super::batch`]. Verification only: every input is public, and the code is variable time.
//!
//! Field: one `zmm` register holds the same limb of 8 elements of GF(p); an element is 5 limbs
//! of 52 bits in Montgomery form with R = 2²⁶⁰ (`vpmadd52luq`/`vpmadd52huq` multiply 52-bit
//! limbs). p ≡ −1 (mod 2⁵²), so −p⁻¹ ≡ 1 (mod 2⁵²) and each reduction quotient is the low 52
//! bits of the accumulator limb. Every value held is below 2p with each limb below 2⁵²
//! ("reduced"), and every operation keeps it so:
//!
//! - `mul`: for a, b < 2p, (a·b + q·p)/2²⁶⁰ < 4p²/2²⁶⁰ + p < 1.25p (4p < 2²⁵⁸);
//! - `add`, `sub`: a + b, or a + 4p − b (4p held with each of its low four limbs raised by
//!   2⁵², so that no limb goes negative), below 2²⁶⁰; then the bits from 2²⁵⁶ up, h < 64, are
//!   folded back as h·(2²⁵⁶ mod p) = h·(2²²⁴ + 2⁹⁶ − 2⁶⁴ + 1), leaving less than
//!   2²⁵⁶ + 2²³² < 2p after one carry pass.
//!
//! Curve: Jacobian coordinates; doubling "dbl-2001-b" (a = −3), additions "add-2007-bl" and
//! "madd-2007-bl" (Bernstein–Lange EFD), as the scalar [`super::point::Jacobian`]. The lanes
//! share digit positions: \[t\]Q by 52 signed 5-bit digits over a per-lane table 1·Q … 16·Q
//! (entries picked per lane by a gather), then \[s\]G by 43 signed 6-bit digits over the rows of
//! [`G_TABLE`] (converted at compile time to this representation, [`G52`]). Each lane keeps an
//! "at infinity" flag (the sum starts empty; a zero digit keeps the sum). The formulas are not
//! complete: an addition whose inputs have equal x (H ≡ 0: P = ±Q) marks its lane "redo", and
//! the caller verifies that item with the scalar code, so the verdicts stay exact.

#[cfg(not(target_arch = "x86_64"))]
compile_error!("x86-64 only");

use super::field::{Fe, P};
use super::limbs::Limbs;
use super::point::{Affine, Projective};
use super::table::{G_DIGITS, G_ENTRIES, G_TABLE, recode_signed};
use crate::cpu::Avx512Ifma;
use core::arch::x86_64::*;

/// Items per call.
pub(crate) const LANES: usize = 8;

const MASK52: u64 = (1 << 52) - 1;

/// 5 × 52-bit limbs of a value below 2²⁶⁰ given in 64-bit limbs.
const fn to52(a: &[u64; 5]) -> [u64; 5] {
    [
        a[0] & MASK52,
        ((a[0] >> 52) | (a[1] << 12)) & MASK52,
        ((a[1] >> 40) | (a[2] << 24)) & MASK52,
        ((a[2] >> 28) | (a[3] << 36)) & MASK52,
        (a[3] >> 16) | (a[4] << 48),
    ]
}

/// 64-bit limbs of a value in 5 × 52-bit limbs (each below 2⁵²).
const fn from52(l: &[u64; 5]) -> [u64; 5] {
    [
        l[0] | (l[1] << 52),
        (l[1] >> 12) | (l[2] << 40),
        (l[2] >> 24) | (l[3] << 28),
        (l[3] >> 36) | (l[4] << 16),
        l[4] >> 48,
    ]
}

/// k·p in 64-bit limbs (k small).
const fn p_times(k: u64) -> [u64; 5] {
    let mut out = [0u64; 5];
    let mut carry = 0u128;
    let mut i = 0;
    while i < 4 {
        let t = P[i] as u128 * k as u128 + carry;
        out[i] = t as u64;
        carry = t >> 64;
        i += 1;
    }
    out[4] = carry as u64;
    out
}

/// p in 52-bit limbs.
const P52: [u64; 5] = to52(&p_times(1));

/// 4p in 52-bit limbs with limbs 0 … 3 raised by 2⁵² (borrowed from the limb above): each of
/// them is at least 2⁵², and limb 4 is 2⁵⁰ − 2¹⁸ − 2 > 2⁴⁹, above any reduced value's top limb,
/// so a + 4p − b has no negative limb.
const SUB_BIAS: [u64; 5] = {
    let n = to52(&p_times(4));
    [
        n[0] + (1 << 52),
        n[1] + (1 << 52) - 1,
        n[2] + (1 << 52) - 1,
        n[3] + (1 << 52) - 1,
        n[4] - 1,
    ]
};

/// 16 in the crate's Montgomery form (R = 2²⁵⁶): multiplying by it there maps a·2²⁵⁶ to a·2²⁶⁰.
const SIXTEEN: Fe = Fe::from_canonical(&[16, 0, 0, 0]);

/// An element of the crate's form (a·2²⁵⁶ mod p) in this one's (a·2²⁶⁰ mod p), 52-bit limbs.
const fn to_mont260(a: &Fe) -> [u64; 5] {
    let m = a.mul(&SIXTEEN).0;
    to52(&[m[0], m[1], m[2], m[3], 0])
}

/// A reduced element of this form (below 2p) back in the crate's: a·2²⁶⁰ → a·2²⁵⁶, by a
/// Montgomery multiplication (R = 2²⁵⁶) with the integer 2²⁵², after one conditional p.
fn from_mont260(l: &[u64; 5]) -> Fe {
    let w = from52(l);
    let p = p_times(1);
    let (mut d, mut borrow) = ([0u64; 5], 0u64);
    for i in 0..5 {
        let (x, b1) = w[i].overflowing_sub(p[i]);
        let (x, b2) = x.overflowing_sub(borrow);
        d[i] = x;
        borrow = (b1 | b2) as u64;
    }
    let v = if borrow == 0 { d } else { w };
    Fe([v[0], v[1], v[2], v[3]]).mul(&Fe([0, 0, 0, 1 << 60]))
}

/// 1 in this form (2²⁶⁰ mod p).
const ONE52: [u64; 5] = to_mont260(&Fe::ONE);

/// [`G_TABLE`] in this form: row i, entry j = (x limbs, y limbs) of (j+1)·2⁶ⁱ·G.
#[allow(long_running_const_eval)]
static G52: [[[u64; 10]; G_ENTRIES]; G_DIGITS] = {
    let mut out = [[[0u64; 10]; G_ENTRIES]; G_DIGITS];
    let mut i = 0;
    while i < G_DIGITS {
        let mut j = 0;
        while j < G_ENTRIES {
            let x = to_mont260(&G_TABLE[i][j].x);
            let y = to_mont260(&G_TABLE[i][j].y);
            let mut k = 0;
            while k < 5 {
                out[i][j][k] = x[k];
                out[i][j][5 + k] = y[k];
                k += 1;
            }
            j += 1;
        }
        i += 1;
    }
    out
};

/// 8 elements of GF(p), limb k of lane l in lane l of `self.0[k]`; reduced (module docs).
#[derive(Clone, Copy)]
struct Fv([__m512i; 5]);

/// 8 points in Jacobian coordinates.
#[derive(Clone, Copy)]
struct Jv {
    x: Fv,
    y: Fv,
    z: Fv,
}

/// One lane's input: the public point Q and the canonical scalars s and t.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Lane {
    pub(crate) q: Affine,
    pub(crate) s: Limbs,
    pub(crate) t: Limbs,
}

/// A vector from 8 lanes.
#[inline]
#[target_feature(enable = "avx512f")]
fn from_lanes(a: &[u64; LANES]) -> __m512i {
    // SAFETY: `a` is 64 readable bytes; the unaligned load has no other requirement.
    unsafe { _mm512_loadu_si512(a.as_ptr().cast()) }
}

/// The 8 lanes of a vector.
#[inline]
#[target_feature(enable = "avx512f")]
fn to_lanes(v: __m512i) -> [u64; LANES] {
    let mut a = [0u64; LANES];
    // SAFETY: `a` is 64 writable bytes; the unaligned store has no other requirement.
    unsafe { _mm512_storeu_si512(a.as_mut_ptr().cast(), v) };
    a
}

#[inline]
#[target_feature(enable = "avx512f")]
fn splat(c: &[u64; 5]) -> Fv {
    Fv(core::array::from_fn(|k| _mm512_set1_epi64(c[k] as i64)))
}

/// Lane l of the result is lane l of `b` where bit l of `m` is set, else of `a`.
#[inline]
#[target_feature(enable = "avx512f")]
fn blend(m: __mmask8, a: &Fv, b: &Fv) -> Fv {
    Fv(core::array::from_fn(|k| {
        _mm512_mask_blend_epi64(m, a.0[k], b.0[k])
    }))
}

#[inline]
#[target_feature(enable = "avx512f")]
fn blend_point(m: __mmask8, a: &Jv, b: &Jv) -> Jv {
    Jv {
        x: blend(m, &a.x, &b.x),
        y: blend(m, &a.y, &b.y),
        z: blend(m, &a.z, &b.z),
    }
}

/// a·b·2⁻²⁶⁰ mod p (reduced in, reduced out).
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mul(a: &Fv, b: &Fv) -> Fv {
    let zero = _mm512_setzero_si512();
    let mut t = [zero; 10];
    // Product: limb sums stay below 10·2⁵²; with the reduction's 10·2⁵² and carries, < 2⁵⁷.
    for i in 0..5 {
        for j in 0..5 {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a.0[i], b.0[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a.0[i], b.0[j]);
        }
    }
    mont_reduce(t)
}

/// The 10-limb product `t` (limbs below 2⁵⁶) times 2⁻²⁶⁰ mod p, reduced.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mont_reduce(mut t: [__m512i; 10]) -> Fv {
    let mask = _mm512_set1_epi64(MASK52 as i64);
    let p: [__m512i; 5] = core::array::from_fn(|k| _mm512_set1_epi64(P52[k] as i64));
    // Montgomery reduction, one 52-bit digit at a time: q = t_i mod 2⁵² (−p⁻¹ ≡ 1), then
    // t_i + q·p ≡ 0 (mod 2⁵²) and its carry moves up.
    for i in 0..5 {
        let q = _mm512_and_si512(t[i], mask);
        for j in 0..5 {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], q, p[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], q, p[j]);
        }
        t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64::<52>(t[i]));
    }
    let mut r = [t[5], t[6], t[7], t[8], t[9]];
    carry(&mut r);
    Fv(r)
}

/// a²·2⁻²⁶⁰ mod p: the cross products once, doubled by a shift (IFMA reads only 52 bits of
/// an operand, so 2a_j cannot be a multiplier), then the squares.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn sqr(a: &Fv) -> Fv {
    let zero = _mm512_setzero_si512();
    let mut t = [zero; 10];
    for i in 0..5 {
        for j in i + 1..5 {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a.0[i], a.0[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a.0[i], a.0[j]);
        }
    }
    for (k, tk) in t.iter_mut().enumerate() {
        *tk = _mm512_slli_epi64::<1>(*tk);
        let i = k / 2;
        if k % 2 == 0 {
            *tk = _mm512_madd52lo_epu64(*tk, a.0[i], a.0[i]);
        } else {
            *tk = _mm512_madd52hi_epu64(*tk, a.0[i], a.0[i]);
        }
    }
    mont_reduce(t)
}

/// One carry pass over nonnegative limbs: limbs 0 … 3 below 2⁵² after it.
#[inline]
#[target_feature(enable = "avx512f")]
fn carry(l: &mut [__m512i; 5]) {
    let mask = _mm512_set1_epi64(MASK52 as i64);
    for k in 0..4 {
        l[k + 1] = _mm512_add_epi64(l[k + 1], _mm512_srli_epi64::<52>(l[k]));
        l[k] = _mm512_and_si512(l[k], mask);
    }
}

/// Nonnegative limbs below 2⁶⁰ with limb 4 below 2⁵⁴ to a reduced value: the bits from 2²⁵⁶
/// up (h = limb 4 >> 48) come back as h·(2²²⁴ + 2⁹⁶ − 2⁶⁴ + 1), then one carry pass.
#[inline]
#[target_feature(enable = "avx512f")]
fn fold(mut l: [__m512i; 5]) -> Fv {
    let h = _mm512_srli_epi64::<48>(l[4]);
    l[4] = _mm512_and_si512(l[4], _mm512_set1_epi64((1 << 48) - 1));
    l[0] = _mm512_add_epi64(l[0], h);
    // 2⁹⁶ − 2⁶⁴ is 2⁴⁴ − 2¹² in limb 1 (positive).
    let mid = _mm512_sub_epi64(_mm512_slli_epi64::<44>(h), _mm512_slli_epi64::<12>(h));
    l[1] = _mm512_add_epi64(l[1], mid);
    l[4] = _mm512_add_epi64(l[4], _mm512_slli_epi64::<16>(h));
    carry(&mut l);
    Fv(l)
}

#[inline]
#[target_feature(enable = "avx512f")]
fn add(a: &Fv, b: &Fv) -> Fv {
    fold(core::array::from_fn(|k| _mm512_add_epi64(a.0[k], b.0[k])))
}

/// a − b as a + 4p − b ([`SUB_BIAS`]).
#[inline]
#[target_feature(enable = "avx512f")]
fn sub(a: &Fv, b: &Fv) -> Fv {
    fold(core::array::from_fn(|k| {
        let biased = _mm512_add_epi64(a.0[k], _mm512_set1_epi64(SUB_BIAS[k] as i64));
        _mm512_sub_epi64(biased, b.0[k])
    }))
}

#[inline]
#[target_feature(enable = "avx512f")]
fn double(a: &Fv) -> Fv {
    add(a, a)
}

/// −a in the lanes of `m`, a elsewhere.
#[inline]
#[target_feature(enable = "avx512f")]
fn neg_lanes(m: __mmask8, a: &Fv) -> Fv {
    let zero = Fv([_mm512_setzero_si512(); 5]);
    blend(m, a, &sub(&zero, a))
}

/// The lanes whose element is ≡ 0 (mod p): a reduced value below 2p is then 0 or p.
#[inline]
#[target_feature(enable = "avx512f")]
fn is_zero_lanes(a: &Fv) -> __mmask8 {
    let zero = _mm512_setzero_si512();
    let mut z = 0xff;
    let mut is_p = 0xff;
    for (&limb, &pk) in a.0.iter().zip(P52.iter()) {
        z &= _mm512_cmpeq_epi64_mask(limb, zero);
        is_p &= _mm512_cmpeq_epi64_mask(limb, _mm512_set1_epi64(pk as i64));
    }
    z | is_p
}

/// 2P, "dbl-2001-b" for a = −3 (3M + 5S), as [`super::point::Jacobian::double`].
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn dbl(p: &Jv) -> Jv {
    let delta = sqr(&p.z);
    let gamma = sqr(&p.y);
    let beta = mul(&p.x, &gamma);
    let t = mul(&sub(&p.x, &delta), &add(&p.x, &delta));
    let alpha = add(&double(&t), &t);
    let beta4 = double(&double(&beta));
    let x3 = sub(&sqr(&alpha), &double(&beta4));
    let z3 = sub(&sub(&sqr(&add(&p.y, &p.z)), &gamma), &delta);
    let g2 = double(&sqr(&gamma));
    let y3 = sub(&mul(&alpha, &sub(&beta4, &x3)), &double(&double(&g2)));
    Jv {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// P + Q for affine Q (Z = 1), "madd-2007-bl" (7M + 4S), and H = x_Q·Z² − X: the sum is
/// right wherever H ≢ 0 (P ≠ ±Q) and P is not the identity.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_affine(p: &Jv, qx: &Fv, qy: &Fv) -> (Jv, Fv) {
    let z1z1 = sqr(&p.z);
    let u2 = mul(qx, &z1z1);
    let s2 = mul(&mul(qy, &p.z), &z1z1);
    let h = sub(&u2, &p.x);
    let r = double(&sub(&s2, &p.y));
    let hh = sqr(&h);
    let i = double(&double(&hh));
    let j = mul(&h, &i);
    let v = mul(&p.x, &i);
    let x3 = sub(&sub(&sqr(&r), &j), &double(&v));
    let y3 = sub(&mul(&r, &sub(&v, &x3)), &double(&mul(&p.y, &j)));
    let z3 = sub(&sub(&sqr(&add(&p.z, &h)), &z1z1), &hh);
    (
        Jv {
            x: x3,
            y: y3,
            z: z3,
        },
        h,
    )
}

/// P + Q, "add-2007-bl" (11M + 5S), and H = U2 − U1: right wherever H ≢ 0 and neither input
/// is the identity.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_full(p: &Jv, q: &Jv) -> (Jv, Fv) {
    let z1z1 = sqr(&p.z);
    let z2z2 = sqr(&q.z);
    let u1 = mul(&p.x, &z2z2);
    let u2 = mul(&q.x, &z1z1);
    let s1 = mul(&mul(&p.y, &q.z), &z2z2);
    let s2 = mul(&mul(&q.y, &p.z), &z1z1);
    let h = sub(&u2, &u1);
    let r = double(&sub(&s2, &s1));
    let i = sqr(&double(&h));
    let j = mul(&h, &i);
    let v = mul(&u1, &i);
    let x3 = sub(&sub(&sqr(&r), &j), &double(&v));
    let y3 = sub(&mul(&r, &sub(&v, &x3)), &double(&mul(&s1, &j)));
    let z3 = mul(&sub(&sub(&sqr(&add(&p.z, &q.z)), &z1z1), &z2z2), &h);
    (
        Jv {
            x: x3,
            y: y3,
            z: z3,
        },
        h,
    )
}

/// The running sum of the 8 lanes: the point, which lanes are still the identity, and which
/// met an exceptional addition.
struct Acc {
    p: Jv,
    empty: __mmask8,
    redo: __mmask8,
}

impl Acc {
    /// Take `sum` (= acc + T, with its H) where the digit is nonzero, T itself where acc is
    /// still empty; flag the lanes where a real addition had H ≡ 0.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn take(&mut self, nonzero: __mmask8, sum: &Jv, h: &Fv, t: &Jv) {
        let added = nonzero & !self.empty;
        self.redo |= added & is_zero_lanes(h);
        let next = blend_point(self.empty, sum, t);
        self.p = blend_point(nonzero, &self.p, &next);
        self.empty &= !nonzero;
    }
}

/// Per-position digit vectors of one scalar per lane.
#[inline]
#[target_feature(enable = "avx512f")]
fn digit_vectors<const D: usize>(digits: &[[i32; D]; LANES]) -> [__m512i; D] {
    core::array::from_fn(|i| from_lanes(&core::array::from_fn(|l| digits[l][i] as i64 as u64)))
}

/// (|d| − 1 clamped at 0, d ≠ 0, d < 0) per lane.
#[inline]
#[target_feature(enable = "avx512f")]
fn split_digit(d: __m512i) -> (__m512i, __mmask8, __mmask8) {
    let zero = _mm512_setzero_si512();
    let idx = _mm512_max_epi64(
        _mm512_sub_epi64(_mm512_abs_epi64(d), _mm512_set1_epi64(1)),
        zero,
    );
    (
        idx,
        _mm512_cmpneq_epi64_mask(d, zero),
        _mm512_cmplt_epi64_mask(d, zero),
    )
}

/// u64s per point of the Q table: 3 coordinates × 5 limbs × 8 lanes.
const Q_ENTRY: usize = 3 * 5 * LANES;

/// \[s\]G + \[t\]Q in each lane, in homogeneous projective coordinates (X·Z : Y : Z³) in the
/// crate's form (the identity as [`Projective::IDENTITY`]), and the lanes to verify again with
/// the scalar code (an exceptional addition met). Q must be a point of order n, and t ≢ 0.
pub(crate) fn mul_base_add_vartime(
    token: Avx512Ifma,
    lanes: &[Lane; LANES],
) -> ([Projective; LANES], u8) {
    let _ = token;
    // SAFETY: the token proves AVX-512 F and IFMA are present.
    unsafe { mul_base_add_x8(lanes) }
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn mul_base_add_x8(lanes: &[Lane; LANES]) -> ([Projective; LANES], u8) {
    let coord = |f: fn(&Lane) -> &Fe| -> Fv {
        let limbs: [[u64; 5]; LANES] = core::array::from_fn(|l| to_mont260(f(&lanes[l])));
        Fv(core::array::from_fn(|k| {
            from_lanes(&core::array::from_fn(|l| limbs[l][k]))
        }))
    };
    let qx = coord(|l| &l.q.x);
    let qy = coord(|l| &l.q.y);
    let one = splat(&ONE52);
    let q = Jv {
        x: qx,
        y: qy,
        z: one,
    };

    // table[j] = (j + 1)·Q, j < 16, lane-interleaved. (j + 1)·Q = j·Q + Q has H ≢ 0 for
    // 2 ≤ j ≤ 15 (Q has order n), so no lane needs a flag here.
    let mut table = [[[_mm512_setzero_si512(); 5]; 3]; 16];
    let mut cur = q;
    for (j, entry) in table.iter_mut().enumerate() {
        if j == 1 {
            cur = dbl(&q);
        } else if j > 1 {
            cur = add_affine(&cur, &qx, &qy).0;
        }
        *entry = [cur.x.0, cur.y.0, cur.z.0];
    }
    let base: *const i64 = table.as_ptr().cast();
    let iota = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);

    let mut acc = Acc {
        p: q,
        empty: 0xff,
        redo: 0,
    };

    // [t]Q: 52 signed 5-bit digits, most significant first, five doublings between.
    let td = digit_vectors(&core::array::from_fn(|l| {
        recode_signed::<5, 52>(&lanes[l].t)
    }));
    for (i, &d) in td.iter().enumerate().rev() {
        if acc.empty != 0xff && i + 1 < td.len() {
            for _ in 0..5 {
                acc.p = dbl(&acc.p);
            }
        }
        let (idx, nonzero, neg) = split_digit(d);
        if nonzero == 0 {
            continue;
        }
        let vindex = _mm512_add_epi64(
            _mm512_mul_epu32(idx, _mm512_set1_epi64(Q_ENTRY as i64)),
            iota,
        );
        let pick = |c: usize| -> Fv {
            Fv(core::array::from_fn(|k| {
                // SAFETY: idx ≤ 15 (|d| ≤ 16), so every offset idx·Q_ENTRY + (5c + k)·8 + lane
                // is below 16·Q_ENTRY, inside `table`.
                unsafe { _mm512_i64gather_epi64::<8>(vindex, base.add((5 * c + k) * LANES)) }
            }))
        };
        let t = Jv {
            x: pick(0),
            y: neg_lanes(neg, &pick(1)),
            z: pick(2),
        };
        let (sum, h) = add_full(&acc.p, &t);
        acc.take(nonzero, &sum, &h, &t);
    }

    // [s]G: 43 signed 6-bit digits, row i of G52 for digit i, no doubling.
    let sd = digit_vectors(&core::array::from_fn(|l| {
        recode_signed::<6, G_DIGITS>(&lanes[l].s)
    }));
    for (row, &d) in G52.iter().zip(sd.iter()) {
        let (idx, nonzero, neg) = split_digit(d);
        if nonzero == 0 {
            continue;
        }
        let vindex = _mm512_mul_epu32(idx, _mm512_set1_epi64(10));
        let rbase: *const i64 = row.as_ptr().cast();
        let pick = |off: usize| -> Fv {
            Fv(core::array::from_fn(|k| {
                // SAFETY: idx ≤ 31 (|d| ≤ 32), so idx·10 + off + k < 32·10, inside the row.
                unsafe { _mm512_i64gather_epi64::<8>(vindex, rbase.add(off + k)) }
            }))
        };
        let gx = pick(0);
        let gy = neg_lanes(neg, &pick(5));
        let (sum, h) = add_affine(&acc.p, &gx, &gy);
        let t = Jv {
            x: gx,
            y: gy,
            z: one,
        };
        acc.take(nonzero, &sum, &h, &t);
    }

    // Homogeneous (X·Z : Y : Z³).
    let z2 = sqr(&acc.p.z);
    let out = [mul(&acc.p.x, &acc.p.z), acc.p.y, mul(&z2, &acc.p.z)];
    let lanes_of = |v: &Fv| -> [[u64; 5]; LANES] {
        let per_limb: [[u64; LANES]; 5] = core::array::from_fn(|k| to_lanes(v.0[k]));
        core::array::from_fn(|l| core::array::from_fn(|k| per_limb[k][l]))
    };
    let [x, y, z] = out.map(|v| lanes_of(&v));
    let points = core::array::from_fn(|l| {
        if acc.empty & (1 << l) != 0 {
            Projective::IDENTITY
        } else {
            Projective {
                x: from_mont260(&x[l]),
                y: from_mont260(&y[l]),
                z: from_mont260(&z[l]),
            }
        }
    });
    (points, acc.redo)
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::cpu::Token;
    use crate::sm2::field::Soft;
    use crate::sm2::point::{G, Jacobian};
    use crate::sm2::scalar::{N, Scalar};
    use crate::sm2::table;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use subtle::ConstantTimeEq;

    fn token() -> Option<Avx512Ifma> {
        let t = Avx512Ifma::get();
        if t.is_none() {
            std::eprintln!("no AVX-512 IFMA on this CPU: the 8-way SM2 code is not exercised");
        }
        t
    }

    /// A random element below p (the crate's form).
    fn random_fe(rng: &mut StdRng) -> Fe {
        loop {
            let mut b = [0u8; 32];
            rng.fill(&mut b[..]);
            if let Some(f) = Option::from(Fe::from_bytes(&b)) {
                return f;
            }
        }
    }

    fn p_minus(k: u64) -> Fe {
        let mut c = P;
        c[0] -= k;
        Fe::from_canonical(&c)
    }

    fn pack(fs: &[Fe; LANES]) -> Fv {
        let limbs: [[u64; 5]; LANES] = core::array::from_fn(|l| to_mont260(&fs[l]));
        Fv(core::array::from_fn(|k| {
            // SAFETY: the caller holds the AVX-512 token.
            unsafe { from_lanes(&core::array::from_fn(|l| limbs[l][k])) }
        }))
    }

    fn unpack(v: &Fv) -> [Fe; LANES] {
        // SAFETY: the caller holds the AVX-512 token.
        let per_limb: [[u64; LANES]; 5] = core::array::from_fn(|k| unsafe { to_lanes(v.0[k]) });
        core::array::from_fn(|l| from_mont260(&core::array::from_fn(|k| per_limb[k][l])))
    }

    /// `v` with p added to each lane's value where that stays below 2p (a non-canonical but
    /// reduced input, as the lazy reduction produces).
    fn plus_p(v: &Fv) -> Fv {
        // SAFETY: the caller holds the AVX-512 token.
        let per_limb: [[u64; LANES]; 5] = core::array::from_fn(|k| unsafe { to_lanes(v.0[k]) });
        let mut out = per_limb;
        for l in 0..LANES {
            let mut c = 0u64;
            for k in 0..5 {
                let s = per_limb[k][l] + P52[k] + c;
                out[k][l] = s & MASK52;
                c = s >> 52;
            }
        }
        // SAFETY: the caller holds the AVX-512 token.
        Fv(core::array::from_fn(|k| unsafe { from_lanes(&out[k]) }))
    }

    fn eq(a: &[Fe; LANES], b: &[Fe; LANES]) -> bool {
        a.iter().zip(b).all(|(x, y)| bool::from(x.ct_eq(y)))
    }

    #[test]
    fn constants() {
        // p + 1 = 2²⁵⁶ − 2²²⁴ − 2⁹⁶ + 2⁶⁴: the low 52-bit limb of p is all ones (−p⁻¹ ≡ 1).
        assert_eq!(P52[0], MASK52);
        assert_eq!(from52(&P52), p_times(1));
        assert_eq!(SUB_BIAS[4], (1 << 50) - (1 << 18) - 2);
        // The bias is 4p as an integer.
        let mut v = 0u128;
        let mut w = [0u64; 5];
        for (k, &b) in SUB_BIAS.iter().enumerate() {
            let _ = k;
            v += b as u128;
            w[k] = (v as u64) & MASK52;
            v >>= 52;
        }
        assert_eq!(from52(&w), p_times(4));
        assert!(bool::from(from_mont260(&ONE52).ct_eq(&Fe::ONE)));
    }

    #[test]
    fn field_ops_match_fe() {
        let Some(_t) = token() else { return };
        let mut rng = StdRng::seed_from_u64(0x1f3a);
        let specials = [Fe::ZERO, Fe::ONE, p_minus(1), p_minus(2)];
        for round in 0..200 {
            let a: [Fe; LANES] = core::array::from_fn(|l| {
                if round % 4 == 0 && l < 4 {
                    specials[l]
                } else {
                    random_fe(&mut rng)
                }
            });
            let b: [Fe; LANES] = core::array::from_fn(|l| {
                if round % 4 == 1 && l < 4 {
                    specials[3 - l]
                } else {
                    random_fe(&mut rng)
                }
            });
            let (va, vb) = (pack(&a), pack(&b));
            assert!(eq(&unpack(&va), &a), "round trip");
            let want_mul: [Fe; LANES] = core::array::from_fn(|l| a[l].mul(&b[l]));
            let want_sqr: [Fe; LANES] = core::array::from_fn(|l| a[l].square());
            let want_add: [Fe; LANES] = core::array::from_fn(|l| a[l].add(&b[l]));
            let want_sub: [Fe; LANES] = core::array::from_fn(|l| a[l].sub(&b[l]));
            for (xa, xb) in [(va, vb), (plus_p(&va), vb), (va, plus_p(&vb))] {
                // SAFETY: the token is present.
                let got = unsafe {
                    [
                        mul(&xa, &xb),
                        sqr(&xa),
                        add(&xa, &xb),
                        sub(&xa, &xb),
                        // Outputs feed further operations: a chain stays right.
                        sub(&add(&mul(&xa, &xb), &xa), &sqr(&xb)),
                    ]
                };
                assert!(eq(&unpack(&got[0]), &want_mul), "mul");
                assert!(eq(&unpack(&got[1]), &want_sqr), "sqr");
                assert!(eq(&unpack(&got[2]), &want_add), "add");
                assert!(eq(&unpack(&got[3]), &want_sub), "sub");
                let chain: [Fe; LANES] =
                    core::array::from_fn(|l| want_mul[l].add(&a[l]).sub(&b[l].square()));
                assert!(eq(&unpack(&got[4]), &chain), "chain");
            }
            // The zero test: 0 and p are zero, nothing else here is.
            let zeros: [Fe; LANES] =
                core::array::from_fn(|l| if l % 3 == 0 { Fe::ZERO } else { a[l] });
            let vz = pack(&zeros);
            // SAFETY: the token is present.
            let (m0, m1) = unsafe { (is_zero_lanes(&vz), is_zero_lanes(&plus_p(&vz))) };
            let want: u8 = (0..LANES)
                .filter(|&l| bool::from(zeros[l].is_zero()))
                .map(|l| 1u8 << l)
                .sum();
            assert_eq!((m0, m1), (want, want));
        }
    }

    /// k·G for random k.
    fn points(rng: &mut StdRng) -> [Affine; LANES] {
        core::array::from_fn(|_| {
            let k = Scalar::from_bytes_reduced(&core::array::from_fn(|_| rng.random()));
            table::mul_base(&k, Soft).to_affine().unwrap()
        })
    }

    #[test]
    fn point_ops_match_jacobian() {
        let Some(_t) = token() else { return };
        let mut rng = StdRng::seed_from_u64(0x2b);
        let ps = points(&mut rng);
        let qs = points(&mut rng);
        // Jacobian inputs with a random Z: (x·Z², y·Z³, Z).
        let zs: [Fe; LANES] = core::array::from_fn(|_| random_fe(&mut rng));
        let jac = |a: &[Affine; LANES]| -> Jv {
            let x: [Fe; LANES] = core::array::from_fn(|l| a[l].x.mul(&zs[l].square()));
            let y: [Fe; LANES] = core::array::from_fn(|l| a[l].y.mul(&zs[l].square().mul(&zs[l])));
            Jv {
                x: pack(&x),
                y: pack(&y),
                z: pack(&zs),
            }
        };
        let vp = jac(&ps);
        let vq = jac(&qs);
        let qx = pack(&core::array::from_fn(|l| qs[l].x));
        let qy = pack(&core::array::from_fn(|l| qs[l].y));
        // SAFETY: the token is present.
        let (d, (ma, mh), (fa, fh), (_, sh), (_, nh)) = unsafe {
            (
                dbl(&vp),
                add_affine(&vp, &qx, &qy),
                add_full(&vp, &vq),
                add_affine(
                    &vp,
                    &pack(&core::array::from_fn(|l| ps[l].x)),
                    &pack(&core::array::from_fn(|l| ps[l].y)),
                ),
                add_full(
                    &vp,
                    &Jv {
                        x: vp.x,
                        y: neg_lanes(0xff, &vp.y),
                        z: vp.z,
                    },
                ),
            )
        };
        let proj = |v: &Jv| -> [Projective; LANES] {
            let (x, y, z) = (unpack(&v.x), unpack(&v.y), unpack(&v.z));
            core::array::from_fn(|l| Projective {
                x: x[l].mul(&z[l]),
                y: y[l],
                z: z[l].square().mul(&z[l]),
            })
        };
        for l in 0..LANES {
            let p = Jacobian::from_affine(&ps[l]);
            let want_d = p.double(Soft).to_projective(Soft);
            let want_a = p.add_affine_vartime(&qs[l], Soft).to_projective(Soft);
            assert!(bool::from(proj(&d)[l].ct_eq(&want_d)), "dbl lane {l}");
            assert!(bool::from(proj(&ma)[l].ct_eq(&want_a)), "madd lane {l}");
            assert!(bool::from(proj(&fa)[l].ct_eq(&want_a)), "add lane {l}");
        }
        // SAFETY: the token is present.
        unsafe {
            assert_eq!(
                is_zero_lanes(&mh) | is_zero_lanes(&fh),
                0,
                "distinct points"
            );
            // P + P and P + (−P): equal x, H ≡ 0 in every lane.
            assert_eq!(is_zero_lanes(&sh), 0xff, "P + P (mixed)");
            assert_eq!(is_zero_lanes(&nh), 0xff, "P + (−P)");
        }
    }

    fn lane(q: &Affine, s: &Scalar, t: &Scalar) -> Lane {
        Lane {
            q: *q,
            s: s.to_canonical(),
            t: t.to_canonical(),
        }
    }

    #[test]
    fn double_scalar_matches_scalar_code() {
        let Some(tok) = token() else { return };
        let mut rng = StdRng::seed_from_u64(0x3c);
        let rand_scalar =
            |rng: &mut StdRng| Scalar::from_bytes_reduced(&core::array::from_fn(|_| rng.random()));
        for round in 0..6 {
            let qs = points(&mut rng);
            let lanes: [Lane; LANES] = core::array::from_fn(|l| {
                let mut s = rand_scalar(&mut rng);
                let mut t = rand_scalar(&mut rng);
                match (round, l) {
                    (0, 0) => s = Scalar::ZERO,
                    (0, 1) => s = Scalar::ONE,
                    (0, 2) => s = Scalar::ONE.neg(),
                    (0, 3) => t = Scalar::ONE,
                    (0, 4) => t = Scalar::ONE.neg(),
                    (1, _) => t = Scalar::from_canonical(&[l as u64 + 1, 0, 0, 0]),
                    _ => {}
                }
                lane(&qs[l], &s, &t)
            });
            let (got, redo) = mul_base_add_vartime(tok, &lanes);
            assert_eq!(redo, 0, "round {round}");
            for l in 0..LANES {
                let s = Scalar::from_canonical(&lanes[l].s);
                let t = Scalar::from_canonical(&lanes[l].t);
                let want = table::mul_base_add_vartime(&s, &t, &qs[l], Soft);
                assert!(bool::from(got[l].ct_eq(&want)), "round {round} lane {l}");
            }
        }
    }

    #[test]
    fn exceptional_sum_is_flagged() {
        let Some(tok) = token() else { return };
        // t = n − 6: its lowest signed 5-bit digit is −3 and the sum above it (t + 3)·Q =
        // −3·Q, so the last addition of [t]Q is −3Q + (−3Q): H ≡ 0.
        let mut nm6 = N;
        nm6[0] -= 6;
        let t_bad = Scalar::from_canonical(&nm6);
        let digits = recode_signed::<5, 52>(&nm6);
        assert_eq!(digits[0], -3);
        let s = Scalar::from_canonical(&[12345, 0, 0, 0]);
        let t_ok = Scalar::from_canonical(&[777, 1, 0, 0]);
        let lanes: [Lane; LANES] =
            core::array::from_fn(|l| lane(&G, &s, if l == 2 || l == 5 { &t_bad } else { &t_ok }));
        let (got, redo) = mul_base_add_vartime(tok, &lanes);
        assert_eq!(redo, (1 << 2) | (1 << 5));
        let want = table::mul_base_add_vartime(&s, &t_ok, &G, Soft);
        assert!(bool::from(got[0].ct_eq(&want)));
    }
}
