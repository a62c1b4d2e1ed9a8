//! Single-stream SM3 compression with the Armv8.2 SM3 instructions (FEAT_SM3).
//!
//! **State layout.** The round instructions keep the chaining variables in two vectors, word
//! order reversed with respect to the standard: `abcd` holds D, C, B, A in lanes 0..3 and `efgh`
//! holds H, G, F, E. [`compress`] converts once per call (not per block).
//!
//! **A round j (§5.3.3)** is three instructions:
//! - `SM3SS1 ss1, abcd, efgh, t`: lane 3 of `ss1` = ((A <<< 12) + E + (T_j <<< j)) <<< 7 = SS1,
//!   from lane 3 of each source (T_j <<< j in lane 3 of `t`); lanes 0..2 zero.
//! - `SM3TT1A/B abcd, ss1, w'.s[i]`: TT1 = FF_j(A, B, C) + D + (SS1 ⊕ (A <<< 12)) + W'_j, and
//!   `abcd` becomes (C, B <<< 9, A, TT1) = the next (D, C, B, A).
//! - `SM3TT2A/B efgh, ss1, w.s[i]`: TT2 = GG_j(E, F, G) + H + SS1 + W_j, and `efgh` becomes
//!   (G, F <<< 19, E, P0(TT2)) = the next (H, G, F, E).
//!
//! The A forms use FF_j = GG_j = X ⊕ Y ⊕ Z (rounds 0..15), the B forms majority and select
//! (rounds 16..63) (§4.3). The index `i` picks W_j and W'_j out of a group vector
//! w_k = (W_{4k}, W_{4k+1}, W_{4k+2}, W_{4k+3}) (lanes 0..3) and w_k ⊕ w_{k+1} (§5.3.2 c).
//!
//! **Message expansion (§5.3.2 b)**, four words per step: for j = 4k + 16 + i (i = 0..3),
//! - `SM3PARTW1 x, W_{j−9}, w_{k+3}` with `x` = w_k = W_{j−16}: lanes 0..2 become
//!   P1(W_{j−16} ⊕ W_{j−9} ⊕ (W_{j−3} <<< 15)) (W_{j−3} from lanes 1..3 of w_{k+3}); lane 3, whose
//!   W_{j−3} = W_{4k+16} is not known yet, gets P1(W_{j−16} ⊕ W_{j−9} ⊕ (lane 0 <<< 15));
//! - `SM3PARTW2 x, W_{j−6}, W_{j−13}`: with u = W_{j−6} ⊕ (W_{j−13} <<< 7), every lane gets u, and
//!   lane 3 also P1(u_0 <<< 15): since W_{4k+16} = lane 0 ⊕ u_0 and P1 and rotations are linear,
//!   that completes lane 3. The result is w_{k+4}.
//!
//! The sources W_{j−9}, W_{j−6}, W_{j−13} are `EXT`s of neighbouring group vectors.

#[cfg(not(target_arch = "aarch64"))]
compile_error!("aarch64 only");

use super::soft::T_ROT;
use crate::cpu::ArmSm3;
use core::arch::aarch64::*;
use core::arch::asm;

/// Apply CF (§5.3.3) to `state` for each block in turn.
pub(super) fn compress(_token: ArmSm3, state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    // SAFETY: the `ArmSm3` token proves NEON and FEAT_SM3 (LLVM's `sm4` feature) are present.
    unsafe { compress_sm3(state, blocks) }
}

#[target_feature(enable = "neon,sm4")]
fn compress_sm3(state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    // (A, B, C, D) → (D, C, B, A): swap the words in each half, then the halves.
    let reverse = |x: uint32x4_t| {
        let y = vrev64q_u32(x);
        vextq_u32::<2>(y, y)
    };
    // SAFETY: `state` has 8 readable words: 0..4 and 4..8; `vld1q_u32` needs no alignment.
    let (abcd, efgh) = unsafe { (vld1q_u32(state.as_ptr()), vld1q_u32(state[4..].as_ptr())) };
    let (mut abcd, mut efgh) = (reverse(abcd), reverse(efgh));
    for block in blocks {
        (abcd, efgh) = compress_block(abcd, efgh, block);
    }
    let (abcd, efgh) = (reverse(abcd), reverse(efgh));
    // SAFETY: `state` has 8 writable words; `vst1q_u32` needs no alignment.
    unsafe {
        vst1q_u32(state.as_mut_ptr(), abcd);
        vst1q_u32(state[4..].as_mut_ptr(), efgh);
    }
}

// ---------------------------------------------------------------------------------------------
// The instructions. Each is one `asm!` statement on registers only; the functions enable the
// `sm4` target feature (which covers FEAT_SM3 in LLVM), so they are only reached through
// `compress`, i.e. with an `ArmSm3` token.

/// `SM3SS1`: lane 3 = (((abcd₃ <<< 12) + efgh₃ + t₃) <<< 7), lanes 0..2 zero.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn sm3ss1(abcd: uint32x4_t, efgh: uint32x4_t, t: uint32x4_t) -> uint32x4_t {
    let out: uint32x4_t;
    // Registers: `d` ← SS1 (written), `n` = A (lane 3), `m` = E (lane 3), `a` = T_j <<< j (lane 3)
    // (read); no memory, stack or flags.
    // SAFETY: FEAT_SM3 is enabled for this function, which runs only under `compress`'s `ArmSm3`
    // token.
    unsafe {
        asm!(
            "sm3ss1 {d:v}.4s, {n:v}.4s, {m:v}.4s, {a:v}.4s",
            d = lateout(vreg) out,
            n = in(vreg) abcd,
            m = in(vreg) efgh,
            a = in(vreg) t,
            options(pure, nomem, nostack, preserves_flags)
        );
    }
    out
}

/// Generates a round-half function: `$insn d, n, m.s[I]` with `d` read and written.
macro_rules! tt_insn {
    ($(#[$doc:meta])* $name:ident, $insn:literal) => {
        $(#[$doc])*
        #[target_feature(enable = "neon,sm4")]
        #[inline]
        fn $name<const I: u32>(mut d: uint32x4_t, ss1: uint32x4_t, w: uint32x4_t) -> uint32x4_t {
            // Registers: `d` = the four state words (read, then written with the next four), `n` =
            // SS1 (lane 3), `m` = the message vector whose lane I holds the round's word (read); no
            // memory, stack or flags.
            // SAFETY: FEAT_SM3 is enabled for this function, which runs only under `compress`'s
            // `ArmSm3` token.
            unsafe {
                asm!(
                    concat!($insn, " {d:v}.4s, {n:v}.4s, {m:v}.s[{i}]"),
                    d = inout(vreg) d,
                    n = in(vreg) ss1,
                    m = in(vreg) w,
                    i = const I,
                    options(pure, nomem, nostack, preserves_flags)
                );
            }
            d
        }
    };
}

tt_insn!(
    /// `SM3TT1A` (rounds 0..15): `abcd` ← the next (D, C, B, A) with FF = A ⊕ B ⊕ C, W'_j in
    /// lane I of `w`.
    sm3tt1a, "sm3tt1a"
);
tt_insn!(
    /// `SM3TT1B` (rounds 16..63): as `SM3TT1A` with FF the majority.
    sm3tt1b, "sm3tt1b"
);
tt_insn!(
    /// `SM3TT2A` (rounds 0..15): `efgh` ← the next (H, G, F, E) with GG = E ⊕ F ⊕ G, W_j in
    /// lane I of `w`.
    sm3tt2a, "sm3tt2a"
);
tt_insn!(
    /// `SM3TT2B` (rounds 16..63): as `SM3TT2A` with GG = (E ∧ F) ∨ (¬E ∧ G).
    sm3tt2b, "sm3tt2b"
);

/// Generates a message-expansion function: `$insn d, n, m` with `d` read and written.
macro_rules! partw_insn {
    ($(#[$doc:meta])* $name:ident, $insn:literal) => {
        $(#[$doc])*
        #[target_feature(enable = "neon,sm4")]
        #[inline]
        fn $name(mut d: uint32x4_t, n: uint32x4_t, m: uint32x4_t) -> uint32x4_t {
            // Registers: `d` (read, then written), `n` and `m` (read); no memory, stack or flags.
            // SAFETY: FEAT_SM3 is enabled for this function, which runs only under `compress`'s
            // `ArmSm3` token.
            unsafe {
                asm!(
                    concat!($insn, " {d:v}.4s, {n:v}.4s, {m:v}.4s"),
                    d = inout(vreg) d,
                    n = in(vreg) n,
                    m = in(vreg) m,
                    options(pure, nomem, nostack, preserves_flags)
                );
            }
            d
        }
    };
}

partw_insn!(
    /// `SM3PARTW1`: d = W_{j−16}, n = W_{j−9}, m = w_{k+3} (see the module docs).
    sm3partw1,
    "sm3partw1"
);
partw_insn!(
    /// `SM3PARTW2`: d = the `SM3PARTW1` result, n = W_{j−6}, m = W_{j−13}.
    sm3partw2,
    "sm3partw2"
);

// ---------------------------------------------------------------------------------------------
// One block.

/// w_{k+4} from w_k..w_{k+3} (§5.3.2 b; see the module docs).
#[target_feature(enable = "neon,sm4")]
#[inline]
fn expand(w0: uint32x4_t, w1: uint32x4_t, w2: uint32x4_t, w3: uint32x4_t) -> uint32x4_t {
    let w9 = vextq_u32::<3>(w1, w2);
    let w6 = vextq_u32::<2>(w2, w3);
    let w13 = vextq_u32::<3>(w0, w1);
    sm3partw2(sm3partw1(w0, w9, w3), w6, w13)
}

/// Rounds 4k..4k+3 with `$tt1`/`$tt2` (the A or B forms), message group `$w` = w_k and
/// `$wp` = w_k ⊕ w_{k+1}; `$t` holds T_j <<< j for j = 4k..4k+3 in lanes 0..3.
macro_rules! four_rounds {
    ($tt1:ident, $tt2:ident, $t:ident, $w:ident, $wp:ident, $abcd:ident, $efgh:ident) => {
        four_rounds!(@one 0, $tt1, $tt2, vdupq_laneq_u32::<0>($t), $w, $wp, $abcd, $efgh);
        four_rounds!(@one 1, $tt1, $tt2, vdupq_laneq_u32::<1>($t), $w, $wp, $abcd, $efgh);
        four_rounds!(@one 2, $tt1, $tt2, vdupq_laneq_u32::<2>($t), $w, $wp, $abcd, $efgh);
        four_rounds!(@one 3, $tt1, $tt2, $t, $w, $wp, $abcd, $efgh);
    };
    (@one $i:literal, $tt1:ident, $tt2:ident, $t:expr, $w:ident, $wp:ident,
     $abcd:ident, $efgh:ident) => {
        let ss1 = sm3ss1($abcd, $efgh, $t);
        $abcd = $tt1::<$i>($abcd, ss1, $wp);
        $efgh = $tt2::<$i>($efgh, ss1, $w);
    };
}

/// CF on one block: the next (`abcd`, `efgh`), both in the instructions' layout.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn compress_block(
    abcd0: uint32x4_t,
    efgh0: uint32x4_t,
    block: &[u8; 64],
) -> (uint32x4_t, uint32x4_t) {
    // §5.3.2 a: W_0..W_15 are the block's big-endian words.
    let load = |k: usize| {
        // SAFETY: bytes 16k..16k + 16 of the 64-byte block (k < 4); `vld1q_u8` needs no
        // alignment.
        let v = unsafe { vld1q_u8(block[16 * k..].as_ptr()) };
        vreinterpretq_u32_u8(vrev32q_u8(v))
    };
    // T_j <<< j for j = 4k..4k+3 (public constants, indexed by the round number).
    let t = |k: usize| {
        // SAFETY: words 4k..4k + 4 of the 64-word table (k < 16).
        unsafe { vld1q_u32(T_ROT[4 * k..].as_ptr()) }
    };
    let (mut abcd, mut efgh) = (abcd0, efgh0);
    // The last five message groups: `w[k % 5]` = w_k.
    let mut w = [load(0), load(1), load(2), load(3), vdupq_n_u32(0)];
    macro_rules! group {
        ($k:literal, $tt1:ident, $tt2:ident) => {{
            const K: usize = $k;
            // w_{k+1}, computed from w_{k−3}..w_k once k + 1 ≥ 4.
            if K >= 3 {
                w[(K + 1) % 5] = expand(w[(K + 2) % 5], w[(K + 3) % 5], w[(K + 4) % 5], w[K % 5]);
            }
            let wk = w[K % 5];
            let wp = veorq_u32(wk, w[(K + 1) % 5]);
            let tk = t(K);
            four_rounds!($tt1, $tt2, tk, wk, wp, abcd, efgh);
        }};
    }
    group!(0, sm3tt1a, sm3tt2a);
    group!(1, sm3tt1a, sm3tt2a);
    group!(2, sm3tt1a, sm3tt2a);
    group!(3, sm3tt1a, sm3tt2a);
    group!(4, sm3tt1b, sm3tt2b);
    group!(5, sm3tt1b, sm3tt2b);
    group!(6, sm3tt1b, sm3tt2b);
    group!(7, sm3tt1b, sm3tt2b);
    group!(8, sm3tt1b, sm3tt2b);
    group!(9, sm3tt1b, sm3tt2b);
    group!(10, sm3tt1b, sm3tt2b);
    group!(11, sm3tt1b, sm3tt2b);
    group!(12, sm3tt1b, sm3tt2b);
    group!(13, sm3tt1b, sm3tt2b);
    group!(14, sm3tt1b, sm3tt2b);
    group!(15, sm3tt1b, sm3tt2b);
    // V(i+1) = ABCDEFGH ⊕ V(i).
    (veorq_u32(abcd, abcd0), veorq_u32(efgh, efgh0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::Token as _;

    // The instructions against the formulas of GB/T 32905 §4.3, §4.4, §5.3.2 and §5.3.3, written
    // out here on scalars: the lane layout, the index and the A/B forms.

    fn p0(x: u32) -> u32 {
        x ^ x.rotate_left(9) ^ x.rotate_left(17)
    }

    fn p1(x: u32) -> u32 {
        x ^ x.rotate_left(15) ^ x.rotate_left(23)
    }

    /// Round j of §5.3.3 on (A, ..., H) with W_j and W'_j.
    fn round_formula(j: usize, v: [u32; 8], wj: u32, wj_prime: u32) -> [u32; 8] {
        let [a, b, c, d, e, f, g, h] = v;
        let ss1 = a
            .rotate_left(12)
            .wrapping_add(e)
            .wrapping_add(T_ROT[j])
            .rotate_left(7);
        let ss2 = ss1 ^ a.rotate_left(12);
        let (ff, gg) = if j < 16 {
            (a ^ b ^ c, e ^ f ^ g)
        } else {
            ((a & b) | (a & c) | (b & c), (e & f) | (!e & g))
        };
        let tt1 = ff.wrapping_add(d).wrapping_add(ss2).wrapping_add(wj_prime);
        let tt2 = gg.wrapping_add(h).wrapping_add(ss1).wrapping_add(wj);
        [
            tt1,
            a,
            b.rotate_left(9),
            c,
            p0(tt2),
            e,
            f.rotate_left(19),
            g,
        ]
    }

    #[target_feature(enable = "neon,sm4")]
    fn lanes(v: uint32x4_t) -> [u32; 4] {
        let mut out = [0u32; 4];
        // SAFETY: `out` is 4 writable words; `vst1q_u32` needs no alignment.
        unsafe { vst1q_u32(out.as_mut_ptr(), v) };
        out
    }

    #[target_feature(enable = "neon,sm4")]
    fn vector(x: [u32; 4]) -> uint32x4_t {
        // SAFETY: `x` is 4 readable words; `vld1q_u32` needs no alignment.
        unsafe { vld1q_u32(x.as_ptr()) }
    }

    /// Round j through the instructions, W_j and W'_j in lane I of their vectors.
    #[target_feature(enable = "neon,sm4")]
    fn round_instructions<const I: u32>(j: usize, v: [u32; 8], wj: u32, wj_prime: u32) -> [u32; 8] {
        let [a, b, c, d, e, f, g, h] = v;
        let (abcd, efgh) = (vector([d, c, b, a]), vector([h, g, f, e]));
        let mut w = [0x1111_1111u32; 4];
        let mut wp = [0x2222_2222u32; 4];
        w[I as usize] = wj;
        wp[I as usize] = wj_prime;
        let (w, wp) = (vector(w), vector(wp));
        let t = vector([0, 0, 0, T_ROT[j]]);
        let ss1 = sm3ss1(abcd, efgh, t);
        let (abcd, efgh) = if j < 16 {
            (sm3tt1a::<I>(abcd, ss1, wp), sm3tt2a::<I>(efgh, ss1, w))
        } else {
            (sm3tt1b::<I>(abcd, ss1, wp), sm3tt2b::<I>(efgh, ss1, w))
        };
        let ([d, c, b, a], [h, g, f, e]) = (lanes(abcd), lanes(efgh));
        [a, b, c, d, e, f, g, h]
    }

    #[target_feature(enable = "neon,sm4")]
    fn check_rounds_and_expansion() {
        let mut x = 0x0123_4567_89ab_cdefu64;
        let mut next = || {
            // SplitMix64 steps: arbitrary test words.
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u32
        };
        for j in 0..64 {
            let v: [u32; 8] = core::array::from_fn(|_| next());
            let (wj, wj_prime) = (next(), next());
            let want = round_formula(j, v, wj, wj_prime);
            assert_eq!(
                round_instructions::<0>(j, v, wj, wj_prime),
                want,
                "round {j}"
            );
            assert_eq!(
                round_instructions::<1>(j, v, wj, wj_prime),
                want,
                "round {j}"
            );
            assert_eq!(
                round_instructions::<2>(j, v, wj, wj_prime),
                want,
                "round {j}"
            );
            assert_eq!(
                round_instructions::<3>(j, v, wj, wj_prime),
                want,
                "round {j}"
            );
        }
        // §5.3.2 b: W_j = P1(W_{j−16} ⊕ W_{j−9} ⊕ (W_{j−3} <<< 15)) ⊕ (W_{j−13} <<< 7) ⊕ W_{j−6}.
        for _ in 0..16 {
            let mut w: [u32; 20] = core::array::from_fn(|_| next());
            let groups: [uint32x4_t; 4] = core::array::from_fn(|k| {
                vector([w[4 * k], w[4 * k + 1], w[4 * k + 2], w[4 * k + 3]])
            });
            for j in 16..20 {
                w[j] = p1(w[j - 16] ^ w[j - 9] ^ w[j - 3].rotate_left(15))
                    ^ w[j - 13].rotate_left(7)
                    ^ w[j - 6];
            }
            let got = lanes(expand(groups[0], groups[1], groups[2], groups[3]));
            assert_eq!(got, [w[16], w[17], w[18], w[19]]);
        }
    }

    #[test]
    fn instructions_match_the_formulas() {
        if ArmSm3::get().is_none() {
            // Nothing to run the instructions on (the backend tests check it is not offered).
            return;
        }
        // SAFETY: the `ArmSm3` token was just obtained: FEAT_SM3 and NEON are present.
        unsafe { check_rounds_and_expansion() }
    }
}
