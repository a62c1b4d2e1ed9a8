//! 256-bit integers as four little-endian 64-bit limbs, and Montgomery arithmetic over a 256-bit
//! odd modulus.
//!
//! Everything here is `const fn` (the fixed-base table is built at compile time) and
//! branch-free: carries and borrows become masks, never jumps; the masks of the conditional
//! subtraction and addition pass through `black_box`, so that the optimiser cannot rebuild the
//! comparison and branch on it. [`super::field`] and
//! [`super::scalar`] reach it only through [`mont_mul`], [`mont_sqr`], [`mont_reduce`],
//! [`add_mod`] and [`sub_mod`]; the `soft` field backend is these functions, and a hardware one
//! ([`super::field::FieldOps`], e.g. `x86_64_adx.rs`) replaces the GF(p) multiplications. For p the quotient digit needs no multiply (−p⁻¹ ≡ 1); a
//! shift-and-add reduction exploiting p's form measured slower than the `mulq` one here.

/// Four 64-bit limbs, least significant first.
pub(crate) type Limbs = [u64; 4];

/// `a + b + carry` → (sum, carry out).
#[inline(always)]
pub(crate) const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// `a − b − borrow` → (difference, borrow out ∈ {0, 1}).
#[inline(always)]
pub(crate) const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (t as u64, (t >> 127) as u64)
}

/// `a + b·c + carry` → (low, high); cannot overflow 128 bits.
#[inline(always)]
pub(crate) const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + (b as u128) * (c as u128) + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// `mask ? b : a` limb-wise, `mask` all-ones or zero.
#[inline(always)]
pub(crate) const fn select(a: &Limbs, b: &Limbs, mask: u64) -> Limbs {
    [
        a[0] ^ (mask & (a[0] ^ b[0])),
        a[1] ^ (mask & (a[1] ^ b[1])),
        a[2] ^ (mask & (a[2] ^ b[2])),
        a[3] ^ (mask & (a[3] ^ b[3])),
    ]
}

/// `a − b` over 256 bits → (difference mod 2²⁵⁶, borrow ∈ {0, 1}).
#[inline(always)]
pub(crate) const fn sub(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, c) = sbb(a[0], b[0], 0);
    let (r1, c) = sbb(a[1], b[1], c);
    let (r2, c) = sbb(a[2], b[2], c);
    let (r3, c) = sbb(a[3], b[3], c);
    ([r0, r1, r2, r3], c)
}

/// `a + b` over 256 bits → (sum mod 2²⁵⁶, carry ∈ {0, 1}).
#[inline(always)]
pub(crate) const fn add(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, c) = adc(a[0], b[0], 0);
    let (r1, c) = adc(a[1], b[1], c);
    let (r2, c) = adc(a[2], b[2], c);
    let (r3, c) = adc(a[3], b[3], c);
    ([r0, r1, r2, r3], c)
}

/// `hi·2²⁵⁶ + r` reduced once by `m`, for a value below `2m` (`hi` ∈ {0, 1}).
#[inline(always)]
pub(crate) const fn reduce_once(r: &Limbs, hi: u64, m: &Limbs) -> Limbs {
    let (d, borrow) = sub(r, m);
    // Borrow out of the top word: the value was below m, keep r.
    let (_, keep) = sbb(hi, 0, borrow);
    // The barrier hides that the mask is a comparison's result, which the compiler could
    // otherwise turn back into a branch (it did, in one monomorphised copy of the curve code).
    select(&d, r, core::hint::black_box(0u64.wrapping_sub(keep)))
}

/// `(a + b) mod m` for `a, b < m`.
#[inline(always)]
pub(crate) const fn add_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (s, carry) = add(a, b);
    reduce_once(&s, carry, m)
}

/// `(a − b) mod m` for `a, b < m`.
#[inline(always)]
pub(crate) const fn sub_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (d, borrow) = sub(a, b);
    // Behind a barrier, as in `reduce_once`.
    let mask = core::hint::black_box(0u64.wrapping_sub(borrow));
    let (r, _) = add(&d, &[m[0] & mask, m[1] & mask, m[2] & mask, m[3] & mask]);
    r
}

/// Montgomery reduction of a 512-bit `t`: `t·2⁻²⁵⁶ mod m`, for `t < m·2²⁵⁶`.
/// `minv = −m⁻¹ mod 2⁶⁴`; for sm2p256v1's p it is 1 and the quotient digit is the limb itself.
#[inline(always)]
pub(crate) const fn mont_reduce(t: &[u64; 8], m: &Limbs, minv: u64) -> Limbs {
    let mut t = *t;
    let mut hi = 0u64;
    let mut i = 0;
    while i < 4 {
        let k = t[i].wrapping_mul(minv);
        let (_, c) = mac(t[i], k, m[0], 0);
        let (x1, c) = mac(t[i + 1], k, m[1], c);
        let (x2, c) = mac(t[i + 2], k, m[2], c);
        let (x3, c) = mac(t[i + 3], k, m[3], c);
        t[i + 1] = x1;
        t[i + 2] = x2;
        t[i + 3] = x3;
        let (x4, h) = adc(t[i + 4], c, hi);
        t[i + 4] = x4;
        hi = h;
        i += 1;
    }
    reduce_once(&[t[4], t[5], t[6], t[7]], hi, m)
}

/// The full 512-bit product `a·b`.
#[inline(always)]
pub(crate) const fn mul_wide(a: &Limbs, b: &Limbs) -> [u64; 8] {
    let mut t = [0u64; 8];
    let mut i = 0;
    while i < 4 {
        let (x0, c) = mac(t[i], a[i], b[0], 0);
        let (x1, c) = mac(t[i + 1], a[i], b[1], c);
        let (x2, c) = mac(t[i + 2], a[i], b[2], c);
        let (x3, c) = mac(t[i + 3], a[i], b[3], c);
        t[i] = x0;
        t[i + 1] = x1;
        t[i + 2] = x2;
        t[i + 3] = x3;
        t[i + 4] = c;
        i += 1;
    }
    t
}

/// The full 512-bit square `a²` (the six cross products once, doubled).
#[inline(always)]
pub(crate) const fn sqr_wide(a: &Limbs) -> [u64; 8] {
    // Cross products a[i]·a[j], i < j.
    let (t1, c) = mac(0, a[0], a[1], 0);
    let (t2, c) = mac(0, a[0], a[2], c);
    let (t3, t4) = mac(0, a[0], a[3], c);
    let (t3, c) = mac(t3, a[1], a[2], 0);
    let (t4, t5) = mac(t4, a[1], a[3], c);
    let (t5, t6) = mac(t5, a[2], a[3], 0);
    // Double them.
    let t7 = t6 >> 63;
    let t6 = (t6 << 1) | (t5 >> 63);
    let t5 = (t5 << 1) | (t4 >> 63);
    let t4 = (t4 << 1) | (t3 >> 63);
    let t3 = (t3 << 1) | (t2 >> 63);
    let t2 = (t2 << 1) | (t1 >> 63);
    let t1 = t1 << 1;
    // Add the squares a[i]².
    let (t0, c) = mac(0, a[0], a[0], 0);
    let (t1, c) = adc(t1, 0, c);
    let (t2, c) = mac(t2, a[1], a[1], c);
    let (t3, c) = adc(t3, 0, c);
    let (t4, c) = mac(t4, a[2], a[2], c);
    let (t5, c) = adc(t5, 0, c);
    let (t6, c) = mac(t6, a[3], a[3], c);
    let (t7, _) = adc(t7, 0, c);
    [t0, t1, t2, t3, t4, t5, t6, t7]
}

/// Montgomery product `a·b·2⁻²⁵⁶ mod m`.
#[inline(always)]
pub(crate) const fn mont_mul(a: &Limbs, b: &Limbs, m: &Limbs, minv: u64) -> Limbs {
    mont_reduce(&mul_wide(a, b), m, minv)
}

/// Montgomery square `a²·2⁻²⁵⁶ mod m`.
#[inline(always)]
pub(crate) const fn mont_sqr(a: &Limbs, m: &Limbs, minv: u64) -> Limbs {
    mont_reduce(&sqr_wide(a), m, minv)
}

/// `−m⁻¹ mod 2⁶⁴` for odd `m0` (Newton: each step doubles the correct low bits).
pub(crate) const fn neg_inv64(m0: u64) -> u64 {
    let mut inv = 1u64;
    let mut i = 0;
    while i < 6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(m0.wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg()
}

/// `2⁵¹² mod m` (the Montgomery constant R²), for `2²⁵⁵ < m < 2²⁵⁶`.
pub(crate) const fn r2_mod(m: &Limbs) -> Limbs {
    // R mod m = 2²⁵⁶ − m, then 256 modular doublings.
    let (mut x, _) = sub(&[0; 4], m);
    let mut i = 0;
    while i < 256 {
        x = add_mod(&x, &x, m);
        i += 1;
    }
    x
}

/// Big-endian 32 bytes → limbs.
#[inline]
pub(crate) const fn from_be_bytes(b: &[u8; 32]) -> Limbs {
    let mut r = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        let mut w = 0u64;
        let mut j = 0;
        while j < 8 {
            w = (w << 8) | b[(3 - i) * 8 + j] as u64;
            j += 1;
        }
        r[i] = w;
        i += 1;
    }
    r
}

/// Limbs → big-endian 32 bytes.
#[inline]
pub(crate) const fn to_be_bytes(a: &Limbs) -> [u8; 32] {
    let mut b = [0u8; 32];
    let mut i = 0;
    while i < 4 {
        let w = a[3 - i].to_be_bytes();
        let mut j = 0;
        while j < 8 {
            b[i * 8 + j] = w[j];
            j += 1;
        }
        i += 1;
    }
    b
}

/// 64 hex digits (big-endian) → limbs; for the curve constants, evaluated at compile time.
pub(crate) const fn from_hex(s: &str) -> Limbs {
    let s = s.as_bytes();
    assert!(s.len() == 64);
    let mut r = [0u64; 4];
    let mut i = 0;
    while i < 64 {
        let c = s[i];
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit"),
        };
        let limb = 3 - i / 16;
        r[limb] = (r[limb] << 4) | v as u64;
        i += 1;
    }
    r
}

/// `a < m` as a mask (all-ones when below).
#[inline(always)]
pub(crate) const fn lt_mask(a: &Limbs, m: &Limbs) -> u64 {
    let (_, borrow) = sub(a, m);
    0u64.wrapping_sub(borrow)
}

/// All-ones when `a` is zero.
#[inline(always)]
pub(crate) const fn is_zero_mask(a: &Limbs) -> u64 {
    let t = a[0] | a[1] | a[2] | a[3];
    // Top bit of (t | −t) is set iff t ≠ 0.
    ((t | t.wrapping_neg()) >> 63).wrapping_sub(1)
}
