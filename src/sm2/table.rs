//! Scalar multiplication on sm2p256v1.
//!
//! - Fixed base, [`mul_base`]: the scalar is recoded into 43 signed 6-bit digits
//!   d_i ∈ [−32, 32], k = Σ d_i·2⁶ⁱ, and \[k\]G = Σ d_i·(2⁶ⁱG). Row i of [`G_TABLE`] holds
//!   1·2⁶ⁱG … 32·2⁶ⁱG in affine form (43 × 32 × 64 bytes = 86 KiB, built by the compiler), so
//!   the sum takes 43 mixed additions and no doubling. Each digit's entry is found by a masked
//!   scan of the whole row, negated by a mask, and added unconditionally; a zero digit discards
//!   the sum by a masked select.
//! - Variable base, [`mul`]: 52 signed 5-bit digits over a 16-entry table of 1P … 16P, five
//!   doublings and one complete addition per digit, entries found by masked full scans.
//! - Verification, [`mul_base_add_vartime`]: \[s\]G through [`G_TABLE`] indexed directly, and
//!   \[t\]P by width-5 wNAF; both scalars are public there. With a per-key [`QTable`]
//!   ([`mul_base_add_prepared_vartime`]), the wNAF of t is cut into four 64-bit chunks over
//!   P, 2⁶⁴P, 2¹²⁸P and 2¹⁹²P, sharing 65 doublings instead of 256.
//!
//! Every multiplication is generic over the field backend ([`FieldOps`]) and monomorphised per
//! backend by the callers (`with_field!`).
//!
//! The constant-time multiplications wipe what they derive from the scalar before returning: its
//! limbs, the recoded digits, the table entries picked and the last partial sum. Their result is
//! secret-derived too (projective coordinates can leak scalar bits); the callers wipe it.

use super::field::{Fe, FieldOps};
use super::limbs::Limbs;
use super::point::{Affine, G, Jacobian, Projective};
use super::scalar::Scalar;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

/// Window width of the fixed-base table.
const GW: u32 = 6;
/// Signed digits of the fixed-base recoding (43·6 = 258 bits ≥ 256 + carry).
pub(crate) const G_DIGITS: usize = 43;
/// Entries per row: the multiples 1 … 2^(GW−1).
pub(crate) const G_ENTRIES: usize = 32;

/// Row i: (j+1)·2⁶ⁱ·G for j = 0 … 31, affine, Montgomery-form coordinates.
#[allow(long_running_const_eval)]
pub(crate) static G_TABLE: [[Affine; G_ENTRIES]; G_DIGITS] = build_g_table();

const fn build_g_table() -> [[Affine; G_ENTRIES]; G_DIGITS] {
    const ALL: usize = G_DIGITS * G_ENTRIES;
    let mut points = [Projective::IDENTITY; ALL];
    let mut base = Projective::from_affine(&G);
    let mut i = 0;
    while i < G_DIGITS {
        let row = i * G_ENTRIES;
        points[row] = base;
        let mut j = 1;
        while j < G_ENTRIES {
            points[row + j] = points[row + j - 1].add(&base);
            j += 1;
        }
        // 2⁶·base = 2·(32·base).
        base = points[row + G_ENTRIES - 1].double();
        i += 1;
    }
    // One inversion for the whole table (Montgomery's simultaneous inversion).
    let mut prefix = [Fe::ZERO; ALL];
    let mut acc = Fe::ONE;
    let mut j = 0;
    while j < ALL {
        acc = acc.mul(&points[j].z);
        prefix[j] = acc;
        j += 1;
    }
    let mut inv = acc.invert();
    let mut table = [[Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    }; G_ENTRIES]; G_DIGITS];
    j = ALL;
    while j > 0 {
        j -= 1;
        let zi = if j == 0 { inv } else { inv.mul(&prefix[j - 1]) };
        inv = inv.mul(&points[j].z);
        table[j / G_ENTRIES][j % G_ENTRIES] = Affine {
            x: points[j].x.mul(&zi),
            y: points[j].y.mul(&zi),
        };
    }
    table
}

/// `W` bits of `k` from bit `pos` (positions are public).
#[inline(always)]
fn bits(k: &Limbs, pos: usize, w: u32) -> u32 {
    let (limb, off) = (pos / 64, pos % 64);
    if limb >= 4 {
        return 0;
    }
    let mut v = k[limb] >> off;
    if off + w as usize > 64 && limb + 1 < 4 {
        v |= k[limb + 1] << (64 - off);
    }
    (v & ((1u64 << w) - 1)) as u32
}

/// Signed base-2^W recoding: k = Σ d_i·2^(W·i), d_i ∈ [−2^(W−1), 2^(W−1)]. Branch-free.
#[inline(always)]
pub(crate) fn recode_signed<const W: u32, const D: usize>(k: &Limbs) -> [i32; D] {
    let mut d = [0i32; D];
    let mut carry = 0u32;
    for (i, di) in d.iter_mut().enumerate() {
        let v = bits(k, i * W as usize, W) + carry;
        // v > 2^(W−1) borrows 2^W from the next digit.
        carry = (v + (1 << (W - 1)) - 1) >> W;
        *di = v as i32 - (carry << W) as i32;
    }
    d
}

/// (|d|, d < 0) without branches.
#[inline(always)]
fn abs_sign(d: i32) -> (u32, Choice) {
    let sign = d >> 31;
    (((d ^ sign) - sign) as u32, Choice::from((sign & 1) as u8))
}

/// Entry `abs − 1` of a table row by a masked scan of every entry (zero for `abs` = 0): the
/// portable [`FieldOps::scan_row`].
#[inline(always)]
pub(crate) fn scan_row(row: &[Affine; G_ENTRIES], abs: u32) -> Affine {
    let mut x = [0u64; 4];
    let mut y = [0u64; 4];
    for (j, e) in row.iter().enumerate() {
        let diff = (abs ^ (j as u32 + 1)) as u64;
        // All-ones exactly when diff = 0. The barrier keeps the compiler from turning the
        // masked OR back into a branch on the comparison.
        let mask = core::hint::black_box(((diff | diff.wrapping_neg()) >> 63).wrapping_sub(1));
        for i in 0..4 {
            x[i] |= e.x.0[i] & mask;
            y[i] |= e.y.0[i] & mask;
        }
    }
    Affine { x: Fe(x), y: Fe(y) }
}

/// \[k\]G in constant time. Rows 0 … 41 use the branch-free Jacobian mixed addition, which
/// needs acc ≠ O and acc ≠ ±t: with A = Σ_{j<i} d_j·2⁶ʲ (not all d_j zero) and t = d_i·2⁶ⁱ,
/// d_i ≠ 0, |A| < 2⁶ⁱ⁻¹ ≤ |t|/2 and |A ± t| < 2²⁵² < n, so A ≢ 0, ±t (mod n). Until the first
/// nonzero digit acc is O and takes t by a masked select. The last row, where A ≡ t can hold
/// for a few k, uses the complete formula. The scalar's limbs, its digits, the entries picked
/// and the partial sums are wiped; where k is secret, so is the result (its projective
/// coordinates), and the caller wipes it.
#[inline(always)]
pub(crate) fn mul_base<F: FieldOps>(k: &Scalar, f: F) -> Projective {
    let mut kc = k.to_canonical();
    let mut digits = recode_signed::<GW, G_DIGITS>(&kc);
    kc.zeroize();
    let mut acc = Jacobian::IDENTITY;
    let mut empty = Choice::from(1);
    let mut t: Affine;
    let mut sum = Jacobian::IDENTITY;
    let last = G_DIGITS - 1;
    for (row, &d) in G_TABLE[..last].iter().zip(digits[..last].iter()) {
        let (abs, neg) = abs_sign(d);
        t = f.scan_row(row, abs);
        t.y.conditional_assign(&f.neg(&t.y), neg);
        sum = acc.add_affine_distinct(&t, f);
        sum.conditional_assign(&Jacobian::from_affine(&t), empty);
        let nonzero = !abs.ct_eq(&0);
        acc.conditional_assign(&sum, nonzero);
        empty &= !nonzero;
    }
    // acc is (1 : 1 : 0) while empty, which maps to the identity (0 : 1 : 0).
    let mut r = acc.to_projective(f);
    let (abs, neg) = abs_sign(digits[last]);
    t = f.scan_row(&G_TABLE[last], abs);
    t.y.conditional_assign(&f.neg(&t.y), neg);
    let mut last_sum = r.add_affine(&t, f);
    r.conditional_assign(&last_sum, !abs.ct_eq(&0));
    digits.zeroize();
    t.zeroize();
    sum.zeroize();
    acc.zeroize();
    last_sum.zeroize();
    r
}

/// Entry |d| of `table` (0·P … 16·P) by a masked scan of every entry, negated for d < 0. The
/// scan accumulates in locals (registers), not through the caller's memory.
#[inline(always)]
fn lookup<F: FieldOps>(table: &[Projective; 17], d: i32, f: F) -> Projective {
    let (abs, neg) = abs_sign(d);
    let mut c = [[0u64; 4]; 3];
    for (j, e) in table.iter().enumerate() {
        let diff = (abs ^ j as u32) as u64;
        // All-ones exactly when diff = 0, behind a barrier as in `scan_row`.
        let mask = core::hint::black_box(((diff | diff.wrapping_neg()) >> 63).wrapping_sub(1));
        for (acc, src) in c.iter_mut().zip([&e.x.0, &e.y.0, &e.z.0]) {
            for (a, v) in acc.iter_mut().zip(src) {
                *a |= v & mask;
            }
        }
    }
    let mut t = Projective {
        x: Fe(c[0]),
        y: Fe(c[1]),
        z: Fe(c[2]),
    };
    t.y.conditional_assign(&f.neg(&t.y), neg);
    t
}

/// \[k\]P in constant time (P may be the identity). P is public in every use (a peer's key or
/// ephemeral point, C1), so its multiples are; the scalar's limbs, its digits and the entry
/// picked are wiped, and the caller wipes the result where k is secret.
#[inline(always)]
pub(crate) fn mul<F: FieldOps>(p: &Projective, k: &Scalar, f: F) -> Projective {
    const W: u32 = 5;
    const D: usize = 52;
    // table[j] = j·P for j = 0 … 16.
    let mut table = [Projective::IDENTITY; 17];
    table[1] = *p;
    table[2] = p.double_with(f);
    for i in 3..17 {
        table[i] = table[i - 1].add_with(p, f);
    }
    let mut kc = k.to_canonical();
    let mut digits = recode_signed::<W, D>(&kc);
    kc.zeroize();
    let mut t = lookup(&table, digits[D - 1], f);
    let mut acc = t;
    for &d in digits[..D - 1].iter().rev() {
        for _ in 0..W {
            acc = acc.double_with(f);
        }
        t = lookup(&table, d, f);
        acc = acc.add_with(&t, f);
    }
    digits.zeroize();
    t.zeroize();
    acc
}

/// Width-5 NAF of a 256-bit k: odd digits in [−15, 15], at most one nonzero in any 5 in a row.
fn wnaf_vartime(k: &Limbs) -> [i8; 257] {
    let mut naf = [0i8; 257];
    let mut x = [k[0], k[1], k[2], k[3], 0u64];
    let mut i = 0;
    // x = 0 once the loop has shifted every bit of k out: at most 257 positions.
    while i < naf.len() && (x[0] | x[1] | x[2] | x[3] | x[4]) != 0 {
        if x[0] & 1 == 1 {
            let m = (x[0] & 31) as i64;
            let d = if m >= 16 { m - 32 } else { m };
            naf[i] = d as i8;
            // x −= d, leaving x ≡ 0 mod 32.
            if d > 0 {
                sub_small(&mut x, d as u64);
            } else {
                add_small(&mut x, (-d) as u64);
            }
        }
        for j in 0..4 {
            x[j] = (x[j] >> 1) | (x[j + 1] << 63);
        }
        x[4] >>= 1;
        i += 1;
    }
    naf
}

fn add_small(x: &mut [u64; 5], v: u64) {
    let mut carry = v;
    for w in x.iter_mut() {
        let (s, c) = w.overflowing_add(carry);
        *w = s;
        carry = c as u64;
    }
}

fn sub_small(x: &mut [u64; 5], v: u64) {
    let mut borrow = v;
    for w in x.iter_mut() {
        let (s, b) = w.overflowing_sub(borrow);
        *w = s;
        borrow = b as u64;
    }
}

/// \[s\]G + \[t\]P, variable time: for verification, where s, t and P are public. Jacobian
/// coordinates (a = −3 doubling in 4M + 4S), exceptional sums handled by branches.
///
/// \[s\]G goes into its own accumulator, one [`G_TABLE`] row (mixed addition) every sixth
/// doubling of the \[t\]P chain and fused with that doubling
/// ([`Jacobian::double_and_add_affine_distinct`]), so the core overlaps the two chains. Rows
/// 0–41 are added without the exceptional cases: the sum of nonzero signed digits
/// Σ d_i·2⁶ⁱ (|d_i| ≤ 32, i ≤ 41) is an integer below 2²⁵² < n whose lowest nonzero digit
/// cannot cancel, so a partial sum is never the identity or ± the next entry. Row 42 and the
/// final sum take the general formulas.
pub(crate) fn mul_base_add_vartime<F: FieldOps>(
    s: &Scalar,
    t: &Scalar,
    p: &Affine,
    f: F,
) -> Projective {
    // [t]P by wNAF over the odd multiples P, 3P, …, 15P.
    let pj = Jacobian::from_affine(p);
    let p2 = pj.double(f);
    let mut odd = [pj; 8];
    for i in 1..8 {
        odd[i] = odd[i - 1].add_vartime(&p2, f);
    }
    let naf = wnaf_vartime(&t.to_canonical());
    let digits = recode_signed::<GW, G_DIGITS>(&s.to_canonical());
    let entry = |row: usize| -> Option<Affine> {
        let d = digits[row];
        match d.signum() {
            1 => Some(G_TABLE[row][d as usize - 1]),
            -1 => Some(G_TABLE[row][(-d) as usize - 1].neg()),
            _ => None,
        }
    };
    let mut acc = Jacobian::IDENTITY;
    let mut accg: Option<Jacobian> = None;
    for pos in (0..naf.len()).rev() {
        let started = !acc.is_identity_vartime();
        let row = pos / GW as usize;
        let g = if pos % GW as usize == 0 && row + 1 < G_DIGITS {
            entry(row)
        } else {
            None
        };
        match (g, accg) {
            (Some(q), Some(a)) if started => {
                let (d, sum) = acc.double_and_add_affine_distinct(&a, &q, f);
                acc = d;
                accg = Some(sum);
            }
            (Some(q), a) => {
                if started {
                    acc = acc.double(f);
                }
                accg = Some(match a {
                    Some(a) => a.add_affine_distinct(&q, f),
                    None => Jacobian::from_affine(&q),
                });
            }
            (None, _) => {
                if started {
                    acc = acc.double(f);
                }
            }
        }
        let d = naf[pos];
        if d > 0 {
            acc = acc.add_vartime(&odd[(d as usize) >> 1], f);
        } else if d < 0 {
            acc = acc.add_vartime(&odd[((-d) as usize) >> 1].neg(), f);
        }
    }
    let mut accg = accg.unwrap_or(Jacobian::IDENTITY);
    if let Some(q) = entry(G_DIGITS - 1) {
        accg = accg.add_affine_vartime(&q, f);
    }
    acc.add_vartime(&accg, f).to_projective(f)
}

/// `acc` + \[s\]G, one [`G_TABLE`] row per signed 6-bit digit of the public s.
#[inline(always)]
fn add_base_vartime<F: FieldOps>(mut acc: Jacobian, s: &Scalar, f: F) -> Jacobian {
    let digits = recode_signed::<GW, G_DIGITS>(&s.to_canonical());
    for (row, &d) in G_TABLE.iter().zip(digits.iter()) {
        if d > 0 {
            acc = acc.add_affine_vartime(&row[d as usize - 1], f);
        } else if d < 0 {
            acc = acc.add_affine_vartime(&row[(-d) as usize - 1].neg(), f);
        }
    }
    acc
}

/// Chunks of the prepared variable-base multiplication: t = Σ t_j·2^(64j), j < 4.
const Q_CHUNKS: usize = 4;
/// Bits per chunk.
const Q_CHUNK_BITS: usize = 64;

/// A public point's precomputation for repeated verification: the odd multiples
/// 1·Q_j, 3·Q_j, …, 15·Q_j of Q_j = 2^(64j)·Q for j < 4, affine (2 KiB).
#[derive(Clone, Copy, Debug)]
pub(crate) struct QTable([[Affine; 8]; Q_CHUNKS]);

impl QTable {
    /// The table of the public point `q` (not the identity), variable time.
    pub(crate) fn new_vartime<F: FieldOps>(q: &Affine, f: F) -> QTable {
        let mut pts = [Jacobian::IDENTITY; 8 * Q_CHUNKS];
        let mut base = Jacobian::from_affine(q);
        for j in 0..Q_CHUNKS {
            let twice = base.double(f);
            pts[8 * j] = base;
            for i in 1..8 {
                pts[8 * j + i] = pts[8 * j + i - 1].add_vartime(&twice, f);
            }
            for _ in 0..Q_CHUNK_BITS {
                base = base.double(f);
            }
        }
        // Q has order n, so no multiple 1 … 15 of 2^(64j)·Q (j < 4) is the identity.
        let flat = Jacobian::batch_to_affine_vartime(&pts, f);
        let mut t = [[Affine::default(); 8]; Q_CHUNKS];
        for (row, chunk) in t.iter_mut().zip(flat.chunks_exact(8)) {
            row.copy_from_slice(chunk);
        }
        QTable(t)
    }
}

/// \[s\]G + \[t\]Q through Q's [`QTable`], variable time (public s, t, Q): the width-5 NAF of t
/// cut into four 64-bit chunks, one shared chain of 65 doublings, each chunk's digits added
/// from its row; then \[s\]G as in [`mul_base_add_vartime`].
pub(crate) fn mul_base_add_prepared_vartime<F: FieldOps>(
    s: &Scalar,
    t: &Scalar,
    q: &QTable,
    f: F,
) -> Projective {
    let naf = wnaf_vartime(&t.to_canonical());
    let mut acc = Jacobian::IDENTITY;
    let mut started = false;
    // Position p of the NAF goes to chunk min(p / 64, 3) at p − 64·chunk: the top chunk takes
    // positions 192 … 256, the others 64 each.
    for i in (0..=Q_CHUNK_BITS).rev() {
        if started {
            acc = acc.double(f);
        }
        for (j, row) in q.0.iter().enumerate() {
            if i == Q_CHUNK_BITS && j + 1 < Q_CHUNKS {
                continue;
            }
            let d = naf[Q_CHUNK_BITS * j + i];
            if d > 0 {
                acc = acc.add_affine_vartime(&row[(d as usize) >> 1], f);
                started = true;
            } else if d < 0 {
                acc = acc.add_affine_vartime(&row[((-d) as usize) >> 1].neg(), f);
                started = true;
            }
        }
    }
    add_base_vartime(acc, s, f).to_projective(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(b: u8) -> Scalar {
        Scalar::from_bytes_reduced(&[b; 32])
    }

    /// Σ d_i·2^(w·i) by Horner over wrapping 320-bit integers.
    fn horner(d: &[i32], w: u32) -> [u64; 5] {
        let mut acc = [0u64; 5];
        for &di in d.iter().rev() {
            for j in (1..5).rev() {
                acc[j] = (acc[j] << w) | (acc[j - 1] >> (64 - w));
            }
            acc[0] <<= w;
            if di >= 0 {
                add_small(&mut acc, di as u64);
            } else {
                sub_small(&mut acc, (-di) as u64);
            }
        }
        acc
    }

    #[test]
    fn recodings_sum_back() {
        for b in [0u8, 1, 0x20, 0x7f, 0xb7, 0xff] {
            let k = scalar(b).to_canonical();
            let want = [k[0], k[1], k[2], k[3], 0];
            let d6 = recode_signed::<GW, G_DIGITS>(&k);
            assert!(d6.iter().all(|&x| (-32..=32).contains(&x)));
            assert_eq!(horner(&d6, 6), want);
            let d5 = recode_signed::<5, 52>(&k);
            assert!(d5.iter().all(|&x| (-16..=16).contains(&x)));
            assert_eq!(horner(&d5, 5), want);
            let naf = wnaf_vartime(&k).map(|x| x as i32);
            assert!(
                naf.iter()
                    .all(|&x| x == 0 || (x % 2 != 0 && (-15..=15).contains(&x)))
            );
            assert_eq!(horner(&naf, 1), want);
        }
    }

    #[test]
    fn base_and_variable_and_vartime_agree() {
        use crate::backend::Backend;
        use crate::sm2::arith::{FieldBackend, with_field};
        let g = Projective::from_affine(&G);
        for backend in FieldBackend::available() {
            with_field!(backend, f => {
                for b in [1u8, 2, 0x37, 0xff] {
                    let k = scalar(b);
                    let a = mul_base(&k, f);
                    let v = mul(&g, &k, f);
                    let w = mul_base_add_vartime(&Scalar::ZERO, &k, &G, f);
                    let u = mul_base_add_vartime(&k, &Scalar::ZERO, &G, f);
                    // Against the soft, compile-time formulas: k·G by doubling and adding.
                    let mut s = Projective::IDENTITY;
                    for bit in (0..256).rev() {
                        s = s.double();
                        if (k.to_canonical()[bit / 64] >> (bit % 64)) & 1 == 1 {
                            s = s.add(&g);
                        }
                    }
                    assert!(bool::from(a.ct_eq(&s)), "{backend:?}");
                    assert!(bool::from(a.ct_eq(&v)), "{backend:?}");
                    assert!(bool::from(a.ct_eq(&w)), "{backend:?}");
                    assert!(bool::from(a.ct_eq(&u)), "{backend:?}");
                    let qt = QTable::new_vartime(&G, f);
                    let pw = mul_base_add_prepared_vartime(&Scalar::ZERO, &k, &qt, f);
                    assert!(bool::from(a.ct_eq(&pw)), "{backend:?}");
                }
                // s·G + t·P against the constant-time multiplications summed by the complete
                // formula, where the two chains meet: P = G with t = s (2s·G), t = −s (O), and
                // a second point with digits of both signs.
                let p = mul_base(&scalar(0x5a), f).to_affine().unwrap();
                for (sb, tb) in [(0x37u8, 0x37u8), (0xff, 0x01), (0x80, 0x7f), (0x11, 0xee)] {
                    let (sk, tk) = (scalar(sb), scalar(tb));
                    for (tk, pt) in [(tk, G), (sk, G), (sk.neg(), G), (tk, p)] {
                        let want = mul_base(&sk, f)
                            .add_with(&mul(&Projective::from_affine(&pt), &tk, f), f);
                        let got = mul_base_add_vartime(&sk, &tk, &pt, f);
                        assert!(bool::from(got.ct_eq(&want)), "{backend:?} {sb:#x} {tb:#x}");
                    }
                }
                // [1]G = G, [n−1]G = −G, [0]G = O.
                assert!(bool::from(mul_base(&Scalar::ONE, f).ct_eq(&g)));
                assert!(bool::from(mul_base(&Scalar::ONE.neg(), f).ct_eq(&g.neg())));
                assert!(bool::from(mul_base(&Scalar::ZERO, f).is_identity()));
                assert!(bool::from(mul(&g, &Scalar::ZERO, f).is_identity()));
                assert!(bool::from(
                    mul(&Projective::IDENTITY, &scalar(5), f).is_identity()
                ));
            })
        }
    }
}
