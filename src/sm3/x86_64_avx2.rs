//! Single-stream SM3 compression for x86-64 with AVX2 and BMI2.
//!
//! SM3 is bound by the latency of its rounds (§5.3.3). With FF, GG and P0 as written, the chain
//! through E is E → GG (2 ops) → + (H + W_j) → + SS1 → P0 (3 ops): 7 dependent one-cycle
//! operations per round. This backend shortens it to 6 and keeps everything else off the
//! integer ports:
//!
//! - **GG from TT2.** E_{j+1} = P0(TT2) = TT2 ⊕ Q with Q = (TT2 <<< 9) ⊕ (TT2 <<< 17), and
//!   GG_{j+1} = (E_{j+1} ∧ M) ⊕ G_{j+1} with M = F_{j+1} ⊕ G_{j+1}, known early. AND distributes
//!   over XOR, so GG_{j+1} = (Q ∧ M) ⊕ ((TT2 ∧ M) ⊕ G_{j+1}) is ready one operation after
//!   E_{j+1}, not two. Every loop of the round graph is then 6 operations long: TT2 → P0 (3) →
//!   + (A <<< 12 + T_j) → <<< 7 → + TT2', and A → <<< 12 → + T_j → + E → <<< 7 → ⊕ → + A'.
//! - **Rounds in general-purpose registers**, every rotation a `rorx` (one cycle, no flags).
//!   Vector integer operations take two cycles on recent cores (Zen 5) and would double the
//!   chain. The sums are pinned in the order written ([`pin`]) so that the chain value is added
//!   last; left alone, LLVM reassociates them and lengthens the chain.
//! - **Message expansion (§5.3.2) in `xmm` registers**, four words per step, interleaved with
//!   the rounds of the same block two steps ahead of use. The expansion's own chain (about 20
//!   cycles per four words, written so that only P1(W_{j−3} <<< 15) depends on the previous
//!   step) is shorter than four rounds (24 cycles), so it never holds the rounds up. W_j and
//!   W'_j go to a stack buffer and the rounds add them as memory operands; the buffer is wiped
//!   (32 volatile 16-byte stores) when the call ends, since under HMAC and the SM2 KDF it holds
//!   key-derived words.

#[cfg(not(target_arch = "x86_64"))]
compile_error!("x86-64 only");

use super::soft::T_ROT;
use crate::cpu::Avx2Bmi2;
use core::arch::x86_64::*;

/// W_0..W_63, then W'_0..W'_63, of one block; aligned for the wipe's 16-byte stores (16, the
/// stack's own alignment: 32 would make the function realign its frame and take a register
/// from the rounds for the frame pointer).
#[repr(C, align(16))]
struct Schedule([u32; 128]);

/// Apply CF (§5.3.3) to `state` for each block in turn.
pub(super) fn compress(_token: Avx2Bmi2, state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    // SAFETY: the token proves AVX2 and BMI2 are present.
    unsafe { compress_avx2_bmi2(state, blocks) }
}

#[target_feature(enable = "avx2,bmi2")]
fn compress_avx2_bmi2(state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    let mut schedule = Schedule([0; 128]);
    for block in blocks {
        compress_block(state, block, &mut schedule);
    }
    // The schedule is key-derived under HMAC and the SM2 KDF: wipe it, 16 bytes a store.
    let p = schedule.0.as_mut_ptr().cast::<__m128i>();
    for i in 0..32 {
        // SAFETY: bytes 16i..16i + 16 of the 512-byte schedule (i < 32), 16-byte aligned (the
        // type's alignment); a volatile store, so the wipe of this dead array is kept.
        unsafe { p.add(i).write_volatile(_mm_setzero_si128()) };
    }
}

/// `x`, hidden from LLVM's reassociation of sums: the round's additions are evaluated in the
/// order written, with the chain value (E, GG, SS1 or SS2) added last.
#[inline(always)]
fn pin(mut x: u32) -> u32 {
    // SAFETY: an empty asm block (the operand appears only in a comment); it only claims to
    // read and write `x`'s register.
    unsafe {
        core::arch::asm!("/* {0:e} */", inout(reg) x, options(pure, nomem, nostack, preserves_flags));
    }
    x
}

// ---------------------------------------------------------------------------------------------
// Message expansion in xmm registers.

macro_rules! sl {
    ($x:expr, $n:literal) => {
        _mm_slli_epi32::<$n>($x)
    };
}

macro_rules! sr {
    ($x:expr, $n:literal) => {
        _mm_srli_epi32::<$n>($x)
    };
}

macro_rules! xor {
    ($a:expr, $b:expr) => {
        _mm_xor_si128($a, $b)
    };
}

/// (u <<< 15) ⊕ (u <<< 30) ⊕ (u <<< 6) = P1(u <<< 15) (§4.4), each rotation as two shifts
/// (their bits are disjoint, so OR = XOR) in one balanced XOR tree.
macro_rules! p1_rol15 {
    ($u:expr) => {{
        let u = $u;
        xor!(
            xor!(xor!(sl!(u, 15), sr!(u, 17)), xor!(sl!(u, 30), sr!(u, 2))),
            xor!(sl!(u, 6), sr!(u, 26))
        )
    }};
}

/// The expansion of one block, run in steps between its rounds.
struct Expander<'a> {
    block: &'a [u8; 64],
    /// W_{4k..4k+3} of the last four groups, group k at index k mod 4.
    g: [__m128i; 4],
}

impl<'a> Expander<'a> {
    #[target_feature(enable = "avx2,bmi2")]
    #[inline]
    fn new(block: &'a [u8; 64]) -> Self {
        Expander {
            block,
            g: [_mm_setzero_si128(); 4],
        }
    }

    /// Step t ∈ 0..16: t = 0 loads W_0..W_15; t = 1..=13 computes W_{4k..4k+3}, k = t + 3;
    /// each step stores what it completes of W and W' (§5.3.2). `anchor` is the round register
    /// A at the point of the call: the step is tied after its last value and before its next
    /// use, so that the compiler keeps the step between the rounds where it is written.
    ///
    /// # Safety
    /// `out` points to a schedule (128 writable words).
    #[target_feature(enable = "avx2,bmi2")]
    #[inline]
    unsafe fn step(&mut self, t: usize, anchor: &mut u32, out: *mut u32) {
        for g in &mut self.g {
            *g = tie_after(*g, *anchor);
        }
        if t == 0 {
            let bswap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            for k in 0..4 {
                // SAFETY: bytes 16k..16k + 16 of the 64-byte block (k < 4); `loadu` needs no
                // alignment.
                let v = unsafe { _mm_loadu_si128(self.block[16 * k..].as_ptr().cast()) };
                self.g[k] = _mm_shuffle_epi8(v, bswap);
                // SAFETY: a group index below 32; `out` as this function requires.
                unsafe { store(out, k, self.g[k]) };
            }
            for k in 0..3 {
                // SAFETY: a group index below 32; `out` as this function requires.
                unsafe { store(out, 16 + k, xor!(self.g[k], self.g[k + 1])) };
            }
        } else if t <= 13 {
            let k = t + 3;
            let gs = self.g;
            let g = |i: usize| gs[i & 3];
            // a) W_j = P1(W_{j−16} ⊕ W_{j−9} ⊕ (W_{j−3} <<< 15)) ⊕ (W_{j−13} <<< 7) ⊕ W_{j−6}
            //    for j = 4k..4k+3. P1 is linear: P1(W_{j−16} ⊕ W_{j−9}) and the other terms are
            //    ready early; the chain from the previous group is only P1(W_{j−3} <<< 15).
            let w16 = g(k - 4);
            let w9 = _mm_alignr_epi8::<12>(g(k - 2), g(k - 3));
            let w13 = _mm_alignr_epi8::<12>(g(k - 3), g(k - 4));
            let w6 = _mm_alignr_epi8::<8>(g(k - 1), g(k - 2));
            let x = xor!(w16, w9);
            let p1x = xor!(
                xor!(x, xor!(sl!(x, 15), sr!(x, 17))),
                xor!(sl!(x, 23), sr!(x, 9))
            );
            let early = xor!(xor!(p1x, w6), xor!(sl!(w13, 7), sr!(w13, 25)));
            // W_{j−3} for the four words; the last one is W_{4k}, computed here: it enters as
            // 0 and its term P1(W_{4k} <<< 15) is added once word 0 is known.
            let w3 = _mm_srli_si128::<4>(g(k - 1));
            let y = xor!(early, p1_rol15!(w3));
            let gk = xor!(y, p1_rol15!(_mm_slli_si128::<12>(y)));
            self.g[k & 3] = gk;
            if k < 16 {
                // SAFETY: a group index below 32; `out` as this function requires.
                unsafe { store(out, k, gk) };
            }
            // b) W'_j = W_j ⊕ W_{j+4}.
            // SAFETY: a group index below 32; `out` as this function requires.
            unsafe { store(out, 16 + k - 1, xor!(g(k - 1), gk)) };
        }
        let last = if t == 0 { 3 } else { t + 3 };
        *anchor = tie_before(*anchor, self.g[last & 3]);
    }
}

/// Store four words at group index `i` of the schedule (W groups 0..15, W' groups 16..31).
///
/// # Safety
/// `out` points to a schedule (128 writable words) and `i < 32`.
#[target_feature(enable = "avx2,bmi2")]
#[inline]
unsafe fn store(out: *mut u32, i: usize, v: __m128i) {
    debug_assert!(i < 32);
    // SAFETY: words 4i..4i + 4 of the schedule (the caller's contract); `storeu` needs no
    // alignment.
    unsafe { _mm_storeu_si128(out.add(4 * i).cast(), v) };
}

/// Word `j` of the schedule.
///
/// # Safety
/// `s` points to a schedule (128 readable words) and `j < 128`.
#[inline(always)]
unsafe fn load(s: *const u32, j: usize) -> u32 {
    debug_assert!(j < 128);
    // SAFETY: the caller's contract.
    unsafe { s.add(j).read() }
}

/// `p`, laundered: the rounds read the schedule through a pointer LLVM cannot relate to the
/// expander's stores, so it keeps the loads (memory operands of the adds) instead of turning
/// the stored vectors into vector-to-integer extracts, which cost integer-port micro-ops.
#[inline(always)]
// The asm block does not dereference the pointer: `nomem` holds.
#[allow(clippy::pointers_in_nomem_asm_block)]
fn launder(mut p: *const u32) -> *const u32 {
    // SAFETY: an empty asm block (the operand appears only in a comment).
    unsafe {
        core::arch::asm!("/* {0} */", inout(reg) p, options(pure, nomem, nostack, preserves_flags));
    }
    p
}

/// `v`, as if it depended on `x`: an empty asm block that orders the compiler's code (the
/// vector step after the rounds that produce `x`) and costs nothing at run time.
#[inline(always)]
fn tie_after(mut v: __m128i, x: u32) -> __m128i {
    // SAFETY: an empty asm block (operands only in a comment); it claims to read `x` and to
    // read and write `v`'s register, and does neither.
    unsafe {
        core::arch::asm!(
            "/* {0} {1:e} */",
            inout(xmm_reg) v,
            in(reg) x,
            options(pure, nomem, nostack, preserves_flags)
        );
    }
    v
}

/// `x`, as if it depended on `v`: the rounds after this point come after the vector step that
/// produced `v` in the compiler's code.
#[inline(always)]
fn tie_before(mut x: u32, v: __m128i) -> u32 {
    // SAFETY: an empty asm block (operands only in a comment); it claims to read `v` and to
    // read and write `x`'s register, and does neither.
    unsafe {
        core::arch::asm!(
            "/* {0:e} {1} */",
            inout(reg) x,
            in(xmm_reg) v,
            options(pure, nomem, nostack, preserves_flags)
        );
    }
    x
}

// ---------------------------------------------------------------------------------------------
// Rounds.

/// Round j with W_j and W'_j from the schedule `$s` and GG_j from `$gg`, which the round
/// replaces by GG_{j+1}. Registers renamed as in `soft.rs`: TT1 goes to `d` (next A), P0(TT2)
/// to `h` (next E); `b` and `f` are rotated in place (next C and G).
macro_rules! round_scheduled {
    ($j:expr, $s:ident, $gg:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {{
        const J: usize = $j;
        let a12 = $a.rotate_left(12);
        let ss1 = pin(a12.wrapping_add(T_ROT[J]))
            .wrapping_add($e)
            .rotate_left(7);
        let ss2 = ss1 ^ a12;
        let ff = if J < 16 {
            $a ^ $b ^ $c
        } else {
            (($b ^ $c) & $a) ^ ($b & $c)
        };
        // SAFETY: J and 64 + J index the 128 words of the schedule.
        let (wj, wj_prime) = unsafe { (load($s, J), load($s, 64 + J)) };
        let tt1 = pin(pin($d.wrapping_add(wj_prime)).wrapping_add(ff)).wrapping_add(ss2);
        let tt2 = pin(pin($h.wrapping_add(wj)).wrapping_add($gg)).wrapping_add(ss1);
        $b = $b.rotate_left(9);
        let g_next = $f.rotate_left(19);
        // E_{j+1} = TT2 ⊕ Q; GG_{j+1} from TT2 and Q directly (see the module docs).
        let q = tt2.rotate_left(9) ^ tt2.rotate_left(17);
        let m = $e ^ g_next;
        if J + 1 < 16 {
            $gg = pin(tt2 ^ m) ^ q;
        } else if J + 1 < 64 {
            $gg = pin(q & m) ^ ((tt2 & m) ^ g_next);
        }
        $f = g_next;
        $d = tt1;
        $h = tt2 ^ q;
    }};
}

macro_rules! four_scheduled {
    ($j:expr, $s:ident, $gg:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {
        round_scheduled!($j, $s, $gg, $a, $b, $c, $d, $e, $f, $g, $h);
        round_scheduled!($j + 1, $s, $gg, $d, $a, $b, $c, $h, $e, $f, $g);
        round_scheduled!($j + 2, $s, $gg, $c, $d, $a, $b, $g, $h, $e, $f);
        round_scheduled!($j + 3, $s, $gg, $b, $c, $d, $a, $f, $g, $h, $e);
    };
}

/// Expansion step `$t` (see [`Expander::step`]), then rounds `$j..$j + 4`.
macro_rules! step_then_four {
    ($t:expr, $j:expr, $x:ident, $out:ident, $s:ident, $gg:ident,
     $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        // SAFETY: `$out` points to the 128 words of the schedule.
        unsafe { $x.step($t, &mut $a, $out) };
        four_scheduled!($j, $s, $gg, $a, $b, $c, $d, $e, $f, $g, $h);
    };
}

/// CF on one block. Rounds 4m..4m+3 read W up to group m and W' group m, which needs W group
/// m + 1, computed by expansion step m − 2; step t runs before rounds 4(t − 1), a step ahead.
// The macro's GG update has branches per round number; the lint does not see which is live.
#[allow(unused_assignments)]
#[target_feature(enable = "avx2,bmi2")]
fn compress_block(state: &mut [u32; 8], block: &[u8; 64], schedule: &mut Schedule) {
    let out = schedule.0.as_mut_ptr();
    let s = launder(out.cast_const());
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    let mut x = Expander::new(block);
    // SAFETY: `out` points to the 128 words of `schedule`.
    unsafe { x.step(0, &mut a, out) };
    let mut gg = e ^ f ^ g;
    step_then_four!(1, 0, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(2, 4, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(3, 8, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(4, 12, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(5, 16, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(6, 20, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(7, 24, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(8, 28, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(9, 32, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(10, 36, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(11, 40, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(12, 44, x, out, s, gg, a, b, c, d, e, f, g, h);
    step_then_four!(13, 48, x, out, s, gg, a, b, c, d, e, f, g, h);
    four_scheduled!(52, s, gg, a, b, c, d, e, f, g, h);
    four_scheduled!(56, s, gg, a, b, c, d, e, f, g, h);
    four_scheduled!(60, s, gg, a, b, c, d, e, f, g, h);
    // V(i+1) = ABCDEFGH ⊕ V(i).
    for (v, x) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *v ^= x;
    }
}
