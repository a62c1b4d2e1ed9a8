//! Multi-buffer SM3 compression on AVX-512 (F, BW, VL): 16 independent messages at once.
//!
//! 16 lanes: one `zmm` register holds the same word of 16 chaining values; the 8 state words, the
//! 16-word W ring (§5.3.2) and the round temporaries fit in the 32 `zmm` registers. Rotations are
//! `vprold`; FF_j, GG_j, P0, P1 and every three-way XOR are one `vpternlogd` each.
//!
//! A round is a chain of six dependent vector operations and these take two cycles on Zen 5, so
//! one step is bound by latency (about 64 × 12 cycles) with the vector units half busy. Two
//! groups of 16 interleaved would fill them, but their state and W rings do not fit in the
//! registers: measured with the expansion moved to a stack buffer, the 32-lane step was no
//! faster per message once fed by the lane scheduler, so the kernel stays at 16 lanes, the
//! expansion computed four rounds ahead of use inside the round chain.

#[cfg(not(target_arch = "x86_64"))]
compile_error!("x86-64 only");

use super::IV;
use super::soft::T_ROT;
use crate::cpu::Avx512;
use core::arch::x86_64::*;

/// Lanes per step.
pub(super) const LANES: usize = 16;

/// Apply CF (§5.3.3) in each of 16 lanes: lane l compresses `blocks[l]` into the chaining value
/// `state[0..8][l]`, first set to the IV if bit l of `fresh` is set.
pub(super) fn compress(
    _token: Avx512,
    state: &mut [[u32; LANES]; 8],
    fresh: u32,
    blocks: &[&[u8; 64]; LANES],
) {
    // SAFETY: the token proves AVX-512 F, BW and VL are present.
    unsafe { compress_x16(state, fresh, blocks) }
}

// vpternlogd truth tables (bit 4a + 2b + c of the immediate is f(a, b, c)).
/// a ⊕ b ⊕ c: FF_j and GG_j for j < 16, P0, P1 (§4.3, §4.4).
const XOR3: i32 = 0x96;
/// Majority (a ∧ b) ∨ (a ∧ c) ∨ (b ∧ c): FF_j for j ≥ 16.
const MAJ: i32 = 0xe8;
/// (a ∧ b) ∨ (¬a ∧ c): GG_j for j ≥ 16.
const SEL: i32 = 0xca;

macro_rules! rol {
    ($x:expr, $n:literal) => {
        _mm512_rol_epi32::<$n>($x)
    };
}

macro_rules! xor3 {
    ($a:expr, $b:expr, $c:expr) => {
        _mm512_ternarylogic_epi32::<XOR3>($a, $b, $c)
    };
}

/// W_j for 16 ≤ j ≤ 67 (§5.3.2 b) into the ring slot of W_{j−16}.
macro_rules! expand {
    ($w:ident, $j:expr) => {{
        const K: usize = $j;
        let x = xor3!(
            $w[(K - 16) & 15],
            $w[(K - 9) & 15],
            rol!($w[(K - 3) & 15], 15)
        );
        // P1(X) = X ⊕ (X <<< 15) ⊕ (X <<< 23)
        let p1 = xor3!(x, rol!(x, 15), rol!(x, 23));
        $w[K & 15] = xor3!(p1, rol!($w[(K - 13) & 15], 7), $w[(K - 6) & 15]);
    }};
}

/// Round j (§5.3.3), registers renamed as in `soft.rs`: TT1 goes to `d` (next A), P0(TT2) to
/// `h` (next E); `b` and `f` are rotated in place (next C and G).
macro_rules! round {
    ($j:expr, $w:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {{
        const J: usize = $j;
        if J >= 12 {
            expand!($w, J + 4);
        }
        let wj = $w[J & 15];
        // W'_j = W_j ⊕ W_{j+4} (§5.3.2 c)
        let wj_prime = _mm512_xor_si512(wj, $w[(J + 4) & 15]);
        let a12 = rol!($a, 12);
        let tj = _mm512_set1_epi32(T_ROT[J] as i32);
        let ss1 = rol!(_mm512_add_epi32(_mm512_add_epi32(a12, tj), $e), 7);
        let ss2 = _mm512_xor_si512(ss1, a12);
        let (ff, gg) = if J < 16 {
            (xor3!($a, $b, $c), xor3!($e, $f, $g))
        } else {
            (
                _mm512_ternarylogic_epi32::<MAJ>($a, $b, $c),
                _mm512_ternarylogic_epi32::<SEL>($e, $f, $g),
            )
        };
        let tt1 = _mm512_add_epi32(
            _mm512_add_epi32(ff, _mm512_add_epi32($d, wj_prime)),
            ss2,
        );
        let tt2 = _mm512_add_epi32(_mm512_add_epi32(gg, _mm512_add_epi32($h, wj)), ss1);
        $b = rol!($b, 9);
        $f = rol!($f, 19);
        $d = tt1;
        // P0(X) = X ⊕ (X <<< 9) ⊕ (X <<< 17)
        $h = xor3!(tt2, rol!(tt2, 9), rol!(tt2, 17));
    }};
}

macro_rules! four_rounds {
    ($j:expr, $w:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($j, $w, $a, $b, $c, $d, $e, $f, $g, $h);
        round!($j + 1, $w, $d, $a, $b, $c, $h, $e, $f, $g);
        round!($j + 2, $w, $c, $d, $a, $b, $g, $h, $e, $f);
        round!($j + 3, $w, $b, $c, $d, $a, $f, $g, $h, $e);
    };
}

/// The 16 message blocks as 16 vectors of words: `out[k]` lane l = W_k of `blocks[l]`
/// (big-endian words, §5.3.2 a). A 16 × 16 transpose of 32-bit words in four shuffle stages.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
fn load_transposed(blocks: &[&[u8; 64]; 16]) -> [__m512i; 16] {
    // Per 128-bit lane: reverse the bytes of each 32-bit word.
    let bswap = _mm512_set4_epi32(0x0c0d_0e0f, 0x0809_0a0b, 0x0405_0607, 0x0001_0203);
    let r: [__m512i; 16] = core::array::from_fn(|l| {
        // SAFETY: `blocks[l]` is a reference to 64 readable bytes; `loadu` needs no alignment.
        let row = unsafe { _mm512_loadu_si512(blocks[l].as_ptr().cast()) };
        _mm512_shuffle_epi8(row, bswap)
    });
    // Stage 1: interleave words of rows 2i and 2i+1 within each 128-bit lane.
    let mut a = [_mm512_setzero_si512(); 16];
    for i in (0..16).step_by(2) {
        a[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        a[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    // Stage 2: 128-bit lane q of b[4g + c] = word 4q + c of rows 4g..4g+3.
    let mut b = [_mm512_setzero_si512(); 16];
    for i in (0..16).step_by(4) {
        b[i] = _mm512_unpacklo_epi64(a[i], a[i + 2]);
        b[i + 1] = _mm512_unpackhi_epi64(a[i], a[i + 2]);
        b[i + 2] = _mm512_unpacklo_epi64(a[i + 1], a[i + 3]);
        b[i + 3] = _mm512_unpackhi_epi64(a[i + 1], a[i + 3]);
    }
    // Stages 3 and 4: transpose the 4 × 4 matrix of 128-bit lanes of b[c], b[4+c], b[8+c],
    // b[12+c], so that lane g of out[4q + c] = lane q of b[4g + c].
    let mut out = [_mm512_setzero_si512(); 16];
    for c in 0..4 {
        let u0 = _mm512_shuffle_i32x4::<0x44>(b[c], b[4 + c]);
        let u1 = _mm512_shuffle_i32x4::<0xee>(b[c], b[4 + c]);
        let u2 = _mm512_shuffle_i32x4::<0x44>(b[8 + c], b[12 + c]);
        let u3 = _mm512_shuffle_i32x4::<0xee>(b[8 + c], b[12 + c]);
        out[c] = _mm512_shuffle_i32x4::<0x88>(u0, u2);
        out[4 + c] = _mm512_shuffle_i32x4::<0xdd>(u0, u2);
        out[8 + c] = _mm512_shuffle_i32x4::<0x88>(u1, u3);
        out[12 + c] = _mm512_shuffle_i32x4::<0xdd>(u1, u3);
    }
    out
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
fn compress_x16(state: &mut [[u32; LANES]; 8], fresh: u32, blocks: &[&[u8; 64]; LANES]) {
    // The chaining values, with the IV in the lanes that start a message.
    let v: [__m512i; 8] = core::array::from_fn(|k| {
        // SAFETY: `state[k]` is 64 readable bytes; `loadu` needs no alignment.
        let x = unsafe { _mm512_loadu_si512(state[k].as_ptr().cast()) };
        _mm512_mask_blend_epi32(fresh as u16, x, _mm512_set1_epi32(IV[k] as i32))
    });
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = v;
    let mut w = load_transposed(blocks);

    four_rounds!(0, w, a, b, c, d, e, f, g, h);
    four_rounds!(4, w, a, b, c, d, e, f, g, h);
    four_rounds!(8, w, a, b, c, d, e, f, g, h);
    four_rounds!(12, w, a, b, c, d, e, f, g, h);
    four_rounds!(16, w, a, b, c, d, e, f, g, h);
    four_rounds!(20, w, a, b, c, d, e, f, g, h);
    four_rounds!(24, w, a, b, c, d, e, f, g, h);
    four_rounds!(28, w, a, b, c, d, e, f, g, h);
    four_rounds!(32, w, a, b, c, d, e, f, g, h);
    four_rounds!(36, w, a, b, c, d, e, f, g, h);
    four_rounds!(40, w, a, b, c, d, e, f, g, h);
    four_rounds!(44, w, a, b, c, d, e, f, g, h);
    four_rounds!(48, w, a, b, c, d, e, f, g, h);
    four_rounds!(52, w, a, b, c, d, e, f, g, h);
    four_rounds!(56, w, a, b, c, d, e, f, g, h);
    four_rounds!(60, w, a, b, c, d, e, f, g, h);

    // V(i+1) = ABCDEFGH ⊕ V(i).
    for (k, x) in [a, b, c, d, e, f, g, h].into_iter().enumerate() {
        let out = _mm512_xor_si512(x, v[k]);
        // SAFETY: each `state[k]` is 64 writable bytes; `storeu` needs no alignment.
        unsafe { _mm512_storeu_si512(state[k].as_mut_ptr().cast(), out) };
    }
}
