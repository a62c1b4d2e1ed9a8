//! GF(p) multiplication of sm2p256v1 for x86-64 with BMI2 and ADX.
//!
//! Montgomery multiplication (R = 2²⁵⁶, the representation of [`super::field`]) by operand
//! scanning with the reduction interleaved, one row per limb of b:
//!
//! - the row a·bᵢ is four `mulx` whose low halves go down the CF chain (`adcx`) and high halves
//!   down the OF chain (`adox`), so the two carry chains run side by side;
//! - the reduction needs no multiplication. For p = 2²⁵⁶ − 2²²⁴ − 2⁹⁶ + 2⁶⁴ − 1, −p⁻¹ ≡ 1
//!   (mod 2⁶⁴), so the quotient digit q is the low limb itself, and
//!   (acc + q·p)/2⁶⁴ = acc/2⁶⁴ (exact, limb shift) + q·(p + 1)/2⁶⁴, with
//!   (p + 1)/2⁶⁴ = 2¹⁹² − 2¹⁶⁰ − 2³² + 1: add q at limbs 0 and 3, subtract q·2³² at limbs 0
//!   and 2 (as the pair q << 32, q >> 32). Two shifts, one add chain, one subtract chain.
//!
//! After each row the accumulator is below 2p (the usual bound of this method for a, b < p),
//! so five limbs plus a carry limb hold it; one final subtraction of p, kept or dropped by
//! `cmovc` on the borrow, makes the result canonical. Branch-free: the flags carry the carries,
//! never a jump. The instructions are in `asm!` (inlined into the generic curve code, whatever
//! target features the caller was compiled with); they run only under the [`Bmi2Adx`] token.

#[cfg(not(target_arch = "x86_64"))]
compile_error!("x86-64 only");

use super::field::{Fe, FieldOps};
use super::point::Affine;
use super::table::G_ENTRIES;
use crate::cpu::Bmi2Adx;
use core::arch::asm;
use core::arch::x86_64::{
    _mm256_add_epi32, _mm256_and_si256, _mm256_cmpeq_epi32, _mm256_loadu_si256, _mm256_or_si256,
    _mm256_set1_epi32, _mm256_setzero_si256, _mm256_storeu_si256,
};

/// The BMI2 + ADX field backend; holding one proves the instructions are present.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Adx(Bmi2Adx);

impl Adx {
    pub(crate) fn new(token: Bmi2Adx) -> Adx {
        Adx(token)
    }
}

/// One row: acc (c0..c4) += a·b[i] with rdx = b[i] (at byte offset `off` of b); the carry out
/// lands in `f` (zeroed here). Operands are written out (`"{x0}"`).
#[rustfmt::skip]
macro_rules! row {
    ($c0:literal, $c1:literal, $c2:literal, $c3:literal, $c4:literal, $f:literal, $off:literal) => {
        concat!(
            "mov rdx, [{b} + ", $off, "]\n",
            "xor ", $f, ", ", $f, "\n",
            "mulx {h}, {l}, [{a}]\n",
            "adcx ", $c0, ", {l}\n",
            "adox ", $c1, ", {h}\n",
            "mulx {h}, {l}, [{a} + 8]\n",
            "adcx ", $c1, ", {l}\n",
            "adox ", $c2, ", {h}\n",
            "mulx {h}, {l}, [{a} + 16]\n",
            "adcx ", $c2, ", {l}\n",
            "adox ", $c3, ", {h}\n",
            "mulx {h}, {l}, [{a} + 24]\n",
            "adcx ", $c3, ", {l}\n",
            "adox ", $c4, ", {h}\n",
            "adcx ", $c4, ", ", $f, "\n",
            "adox ", $f, ", ", $f, "\n",
            "adc ", $f, ", 0\n",
        )
    };
}

/// One reduction step: (c0..c4, f) ← (c0..c4, f + q·p)/2⁶⁴ with q = c0; the result is c1..c4, f.
/// Operands are written out (`"{x0}"`, `"rdx"`).
#[rustfmt::skip]
macro_rules! reduce {
    ($c0:literal, $c1:literal, $c2:literal, $c3:literal, $c4:literal, $f:literal) => {
        concat!(
            "mov {l}, ", $c0, "\n",
            "shl {l}, 32\n",
            "mov {h}, ", $c0, "\n",
            "shr {h}, 32\n",
            "add ", $c1, ", ", $c0, "\n",
            "adc ", $c2, ", 0\n",
            "adc ", $c3, ", 0\n",
            "adc ", $c4, ", ", $c0, "\n",
            "adc ", $f, ", 0\n",
            "sub ", $c1, ", {l}\n",
            "sbb ", $c2, ", {h}\n",
            "sbb ", $c3, ", {l}\n",
            "sbb ", $c4, ", {h}\n",
            "sbb ", $f, ", 0\n",
        )
    };
}

/// `a·b·2⁻²⁵⁶ mod p` for `a, b < p`, canonical.
#[inline(always)]
fn mont_mul(_token: Bmi2Adx, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (r0, r1, r2, r3): (u64, u64, u64, u64);
    // The block reads 32 bytes through each of `a` and `b` (valid references to [u64; 4]), writes
    // only its register operands and the flags, and touches no stack.
    // SAFETY: the token proves BMI2 (`mulx`) and ADX (`adcx`, `adox`) are present.
    unsafe {
        asm!(
            // Row 0 into x0..x4 (x5 = 0), then its reduction: acc in x1..x5.
            "mov rdx, [{b}]",
            "xor {x5}, {x5}",
            "mulx {x1}, {x0}, [{a}]",
            "mulx {x2}, {l}, [{a} + 8]",
            "add {x1}, {l}",
            "mulx {x3}, {l}, [{a} + 16]",
            "adc {x2}, {l}",
            "mulx {x4}, {l}, [{a} + 24]",
            "adc {x3}, {l}",
            "adc {x4}, 0",
            reduce!("{x0}", "{x1}", "{x2}", "{x3}", "{x4}", "{x5}"),
            row!("{x1}", "{x2}", "{x3}", "{x4}", "{x5}", "{x0}", "8"),
            reduce!("{x1}", "{x2}", "{x3}", "{x4}", "{x5}", "{x0}"),
            row!("{x2}", "{x3}", "{x4}", "{x5}", "{x0}", "{x1}", "16"),
            reduce!("{x2}", "{x3}", "{x4}", "{x5}", "{x0}", "{x1}"),
            row!("{x3}", "{x4}", "{x5}", "{x0}", "{x1}", "{x2}", "24"),
            reduce!("{x3}", "{x4}", "{x5}", "{x0}", "{x1}", "{x2}"),
            // acc = x4, x5, x0, x1 (+ x2·2²⁵⁶) < 2p: subtract p, keep acc on a borrow.
            "mov {x3}, {x4}",
            "mov {a}, {x5}",
            "mov {b}, {x0}",
            "mov rdx, {x1}",
            "mov {l}, 0xFFFFFFFF00000000",
            "mov {h}, 0xFFFFFFFEFFFFFFFF",
            "sub {x3}, -1",
            "sbb {a}, {l}",
            "sbb {b}, -1",
            "sbb rdx, {h}",
            "sbb {x2}, 0",
            "cmovc {x3}, {x4}",
            "cmovc {a}, {x5}",
            "cmovc {b}, {x0}",
            "cmovc rdx, {x1}",
            a = inout(reg) a.as_ptr() => r1,
            b = inout(reg) b.as_ptr() => r2,
            x0 = out(reg) _,
            x1 = out(reg) _,
            x2 = out(reg) _,
            x3 = out(reg) r0,
            x4 = out(reg) _,
            x5 = out(reg) _,
            l = out(reg) _,
            h = out(reg) _,
            out("rdx") r3,
            options(pure, readonly, nostack),
        );
    }
    [r0, r1, r2, r3]
}

/// `a²·2⁻²⁵⁶ mod p` for `a < p`, canonical: the 512-bit square (six cross products, doubled,
/// plus the four squares), the Montgomery reduction of its low half (four steps, as in
/// [`mont_mul`]; the result is at most p), plus the high half, one conditional subtraction.
#[inline(always)]
fn mont_sqr(_token: Bmi2Adx, a: &[u64; 4]) -> [u64; 4] {
    let (r0, r1, r2, r3): (u64, u64, u64, u64);
    // The block reads 32 bytes through `a` (a valid reference to [u64; 4]), writes only its
    // register operands and the flags, and touches no stack.
    // SAFETY: the token proves BMI2 (`mulx`) is present (the block uses no ADX instruction).
    unsafe {
        asm!(
            // Cross products a_i·a_j (i < j) into t1..t6, each sum exact (it fits).
            "mov rdx, [{a}]",
            "mulx {t2}, {t1}, [{a} + 8]",
            "mulx {t3}, {l}, [{a} + 16]",
            "add {t2}, {l}",
            "mulx {t4}, {l}, [{a} + 24]",
            "adc {t3}, {l}",
            "adc {t4}, 0",
            "mov rdx, [{a} + 8]",
            "mulx {h}, {l}, [{a} + 16]",
            "mulx {t5}, {t6}, [{a} + 24]",
            "add {t3}, {l}",
            "adc {t4}, {h}",
            "adc {t5}, 0",
            "add {t4}, {t6}",
            "adc {t5}, 0",
            "mov rdx, [{a} + 16]",
            "mulx {t6}, {l}, [{a} + 24]",
            "add {t5}, {l}",
            "adc {t6}, 0",
            // Doubled, into t1..t7.
            "xor {t7}, {t7}",
            "add {t1}, {t1}",
            "adc {t2}, {t2}",
            "adc {t3}, {t3}",
            "adc {t4}, {t4}",
            "adc {t5}, {t5}",
            "adc {t6}, {t6}",
            "adc {t7}, 0",
            // Plus the squares a_i² at 2i, 2i + 1 (`mov` and `mulx` leave the flags alone).
            "mov rdx, [{a}]",
            "mulx {h}, {t0}, rdx",
            "add {t1}, {h}",
            "mov rdx, [{a} + 8]",
            "mulx {h}, {l}, rdx",
            "adc {t2}, {l}",
            "adc {t3}, {h}",
            "mov rdx, [{a} + 16]",
            "mulx {h}, {l}, rdx",
            "adc {t4}, {l}",
            "adc {t5}, {h}",
            "mov rdx, [{a} + 24]",
            "mulx {h}, {l}, rdx",
            "adc {t6}, {l}",
            "adc {t7}, {h}",
            // Reduce the low half t0..t3: u = (t_lo + m·p)/2²⁵⁶ ≤ p, in rdx, a, t0, t1 (the
            // fifth limb, t2, ends zero).
            "xor edx, edx",
            "xor {a:e}, {a:e}",
            reduce!("{t0}", "{t1}", "{t2}", "{t3}", "rdx", "{a}"),
            "xor {t0:e}, {t0:e}",
            reduce!("{t1}", "{t2}", "{t3}", "rdx", "{a}", "{t0}"),
            "xor {t1:e}, {t1:e}",
            reduce!("{t2}", "{t3}", "rdx", "{a}", "{t0}", "{t1}"),
            "xor {t2:e}, {t2:e}",
            reduce!("{t3}", "rdx", "{a}", "{t0}", "{t1}", "{t2}"),
            // Plus the high half: t4..t7 + t2·2²⁵⁶ < 2p.
            "add {t4}, rdx",
            "adc {t5}, {a}",
            "adc {t6}, {t0}",
            "adc {t7}, {t1}",
            "adc {t2}, 0",
            // Subtract p, keep the sum on a borrow.
            "mov rdx, {t4}",
            "mov {a}, {t5}",
            "mov {t0}, {t6}",
            "mov {t1}, {t7}",
            "mov {l}, 0xFFFFFFFF00000000",
            "mov {h}, 0xFFFFFFFEFFFFFFFF",
            "sub rdx, -1",
            "sbb {a}, {l}",
            "sbb {t0}, -1",
            "sbb {t1}, {h}",
            "sbb {t2}, 0",
            "cmovc rdx, {t4}",
            "cmovc {a}, {t5}",
            "cmovc {t0}, {t6}",
            "cmovc {t1}, {t7}",
            a = inout(reg) a.as_ptr() => r1,
            t0 = out(reg) r2,
            t1 = out(reg) r3,
            t2 = out(reg) _,
            t3 = out(reg) _,
            t4 = out(reg) _,
            t5 = out(reg) _,
            t6 = out(reg) _,
            t7 = out(reg) _,
            l = out(reg) _,
            h = out(reg) _,
            out("rdx") r0,
            options(pure, readonly, nostack),
        );
    }
    [r0, r1, r2, r3]
}

/// `a + b mod p` for `a, b < p`, canonical: the 257-bit sum, then the sum minus p kept unless
/// that borrows (`cmovc`). Addition and subtraction are here too, not left to the portable limb
/// code, so that no compiler can turn their carry masks into branches.
#[inline(always)]
fn add_mod_p(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (r0, r1, r2, r3): (u64, u64, u64, u64);
    // The block reads 32 bytes through each of `a` and `b` (valid references to [u64; 4]), writes
    // only its register operands and the flags, and touches no stack.
    // SAFETY: plain x86-64 instructions (`add`/`adc`/`sbb`/`cmovc`, no extension).
    unsafe {
        asm!(
            "mov {s0}, [{a}]",
            "mov {s1}, [{a} + 8]",
            "mov {s2}, [{a} + 16]",
            "mov {s3}, [{a} + 24]",
            "xor {c:e}, {c:e}",
            "add {s0}, [{b}]",
            "adc {s1}, [{b} + 8]",
            "adc {s2}, [{b} + 16]",
            "adc {s3}, [{b} + 24]",
            "adc {c}, 0",
            "mov {d0}, {s0}",
            "mov {d1}, {s1}",
            "mov {d2}, {s2}",
            "mov {d3}, {s3}",
            "mov {a}, 0xFFFFFFFF00000000",
            "mov {b}, 0xFFFFFFFEFFFFFFFF",
            "sub {d0}, -1",
            "sbb {d1}, {a}",
            "sbb {d2}, -1",
            "sbb {d3}, {b}",
            "sbb {c}, 0",
            "cmovc {d0}, {s0}",
            "cmovc {d1}, {s1}",
            "cmovc {d2}, {s2}",
            "cmovc {d3}, {s3}",
            a = inout(reg) a.as_ptr() => _,
            b = inout(reg) b.as_ptr() => _,
            s0 = out(reg) _,
            s1 = out(reg) _,
            s2 = out(reg) _,
            s3 = out(reg) _,
            c = out(reg) _,
            d0 = out(reg) r0,
            d1 = out(reg) r1,
            d2 = out(reg) r2,
            d3 = out(reg) r3,
            options(pure, readonly, nostack),
        );
    }
    [r0, r1, r2, r3]
}

/// `a − b mod p` for `a, b < p`, canonical: the difference, plus p masked by the borrow.
#[inline(always)]
fn sub_mod_p(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (r0, r1, r2, r3): (u64, u64, u64, u64);
    // The block reads 32 bytes through each of `a` and `b` (valid references to [u64; 4]), writes
    // only its register operands and the flags, and touches no stack.
    // SAFETY: plain x86-64 instructions (`sub`/`sbb`/`and`/`adc`).
    unsafe {
        asm!(
            "mov {d0}, [{a}]",
            "mov {d1}, [{a} + 8]",
            "mov {d2}, [{a} + 16]",
            "mov {d3}, [{a} + 24]",
            "sub {d0}, [{b}]",
            "sbb {d1}, [{b} + 8]",
            "sbb {d2}, [{b} + 16]",
            "sbb {d3}, [{b} + 24]",
            // m = all-ones on a borrow; add p & m: limbs m, m & p1, m, m & p3.
            "sbb {m}, {m}",
            "mov {a}, 0xFFFFFFFF00000000",
            "mov {b}, 0xFFFFFFFEFFFFFFFF",
            "and {a}, {m}",
            "and {b}, {m}",
            "add {d0}, {m}",
            "adc {d1}, {a}",
            "adc {d2}, {m}",
            "adc {d3}, {b}",
            a = inout(reg) a.as_ptr() => _,
            b = inout(reg) b.as_ptr() => _,
            m = out(reg) _,
            d0 = out(reg) r0,
            d1 = out(reg) r1,
            d2 = out(reg) r2,
            d3 = out(reg) r3,
            options(pure, readonly, nostack),
        );
    }
    [r0, r1, r2, r3]
}

/// [`FieldOps::scan_row`] on 256-bit vectors: each entry's x and y (32 bytes each) masked by a
/// lane compare of the entry's index with `abs`, ORed into the result. No branch, every entry
/// read.
#[target_feature(enable = "avx2")]
fn scan_row_avx2(row: &[Affine; G_ENTRIES], abs: u32) -> Affine {
    let want = _mm256_set1_epi32(abs as i32);
    let one = _mm256_set1_epi32(1);
    let mut idx = one;
    let mut x = _mm256_setzero_si256();
    let mut y = _mm256_setzero_si256();
    for e in row {
        let m = _mm256_cmpeq_epi32(idx, want);
        // SAFETY: each pointer is to a [u64; 4] (32 bytes, readable); unaligned loads.
        let (ex, ey) = unsafe {
            (
                _mm256_loadu_si256(e.x.0.as_ptr().cast()),
                _mm256_loadu_si256(e.y.0.as_ptr().cast()),
            )
        };
        x = _mm256_or_si256(x, _mm256_and_si256(ex, m));
        y = _mm256_or_si256(y, _mm256_and_si256(ey, m));
        idx = _mm256_add_epi32(idx, one);
    }
    let mut out = Affine::default();
    // SAFETY: each pointer is to a [u64; 4] (32 bytes, writable); unaligned stores.
    unsafe {
        _mm256_storeu_si256(out.x.0.as_mut_ptr().cast(), x);
        _mm256_storeu_si256(out.y.0.as_mut_ptr().cast(), y);
    }
    out
}

impl FieldOps for Adx {
    #[inline(always)]
    fn scan_row(self, row: &[Affine; G_ENTRIES], abs: u32) -> Affine {
        // SAFETY: the token proves AVX2 (the `Bmi2Adx` token checks it with BMI2 and ADX).
        unsafe { scan_row_avx2(row, abs) }
    }

    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        Fe(mont_mul(self.0, &a.0, &b.0))
    }

    #[inline(always)]
    fn sqr(self, a: &Fe) -> Fe {
        Fe(mont_sqr(self.0, &a.0))
    }

    #[inline(always)]
    fn add(self, a: &Fe, b: &Fe) -> Fe {
        Fe(add_mod_p(&a.0, &b.0))
    }

    #[inline(always)]
    fn sub(self, a: &Fe, b: &Fe) -> Fe {
        Fe(sub_mod_p(&a.0, &b.0))
    }
}
