//! Multi-buffer SM3 compression on AVX2: 8 independent messages at once.
//!
//! 8 lanes: one `ymm` register holds the same word of 8 chaining values. Without AVX-512 a
//! rotation is two shifts and an OR, and FF_j, GG_j and the three-way XORs take two to four
//! instructions each; 16 registers hold the state and part of the W ring, the rest spills to
//! the stack, which the loads' throughput absorbs.

#[cfg(not(target_arch = "x86_64"))]
compile_error!("x86-64 only");

use super::IV;
use super::soft::T_ROT;
use crate::cpu::Avx2Bmi2;
use core::arch::x86_64::*;

/// Apply CF (§5.3.3) in each of 8 lanes: lane l compresses `blocks[l]` into the chaining value
/// `state[0..8][l]`, first set to the IV if bit l of `fresh` is set.
pub(super) fn compress(
    _token: Avx2Bmi2,
    state: &mut [[u32; 8]; 8],
    fresh: u32,
    blocks: &[&[u8; 64]; 8],
) {
    // SAFETY: the token proves AVX2 is present.
    unsafe { compress_x8(state, fresh, blocks) }
}

macro_rules! rol {
    ($x:expr, $n:literal) => {{
        let x = $x;
        _mm256_or_si256(
            _mm256_slli_epi32::<$n>(x),
            _mm256_srli_epi32::<{ 32 - $n }>(x),
        )
    }};
}

macro_rules! xor {
    ($a:expr, $b:expr) => {
        _mm256_xor_si256($a, $b)
    };
}

macro_rules! add {
    ($a:expr, $b:expr) => {
        _mm256_add_epi32($a, $b)
    };
}

/// W_j for 16 ≤ j ≤ 67 (§5.3.2 b) into the ring slot of W_{j−16}.
macro_rules! expand {
    ($w:ident, $j:expr) => {{
        const K: usize = $j;
        let x = xor!(
            xor!($w[(K - 16) & 15], $w[(K - 9) & 15]),
            rol!($w[(K - 3) & 15], 15)
        );
        // P1(X) = X ⊕ (X <<< 15) ⊕ (X <<< 23)
        let p1 = xor!(xor!(x, rol!(x, 15)), rol!(x, 23));
        $w[K & 15] = xor!(xor!(p1, rol!($w[(K - 13) & 15], 7)), $w[(K - 6) & 15]);
    }};
}

/// Round j (§5.3.3), registers renamed as in `soft.rs`.
macro_rules! round {
    ($j:expr, $w:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {{
        const J: usize = $j;
        if J >= 12 {
            expand!($w, J + 4);
        }
        let wj = $w[J & 15];
        // W'_j = W_j ⊕ W_{j+4} (§5.3.2 c)
        let wj_prime = xor!(wj, $w[(J + 4) & 15]);
        let a12 = rol!($a, 12);
        let tj = _mm256_set1_epi32(T_ROT[J] as i32);
        let ss1 = rol!(add!(add!(a12, tj), $e), 7);
        let ss2 = xor!(ss1, a12);
        let (ff, gg) = if J < 16 {
            (xor!(xor!($b, $c), $a), xor!(xor!($f, $g), $e))
        } else {
            // Majority as (B ⊕ C) ∧ A ⊕ (B ∧ C); select as (F ⊕ G) ∧ E ⊕ G (§4.3).
            (
                xor!(_mm256_and_si256(xor!($b, $c), $a), _mm256_and_si256($b, $c)),
                xor!(_mm256_and_si256(xor!($f, $g), $e), $g),
            )
        };
        let tt1 = add!(add!(ff, add!($d, wj_prime)), ss2);
        let tt2 = add!(add!(gg, add!($h, wj)), ss1);
        $b = rol!($b, 9);
        $f = rol!($f, 19);
        $d = tt1;
        // P0(X) = X ⊕ (X <<< 9) ⊕ (X <<< 17)
        $h = xor!(xor!(tt2, rol!(tt2, 9)), rol!(tt2, 17));
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

/// An 8 × 8 transpose of 32-bit words: lane l of `out[k]` = word k of `r[l]`.
#[target_feature(enable = "avx2")]
fn transpose8(r: [__m256i; 8]) -> [__m256i; 8] {
    let mut a = [_mm256_setzero_si256(); 8];
    for i in (0..8).step_by(2) {
        a[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]);
        a[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1]);
    }
    // 128-bit lane q of b[4g + c] = word 4q + c of rows 4g..4g+3.
    let mut b = [_mm256_setzero_si256(); 8];
    for i in (0..8).step_by(4) {
        b[i] = _mm256_unpacklo_epi64(a[i], a[i + 2]);
        b[i + 1] = _mm256_unpackhi_epi64(a[i], a[i + 2]);
        b[i + 2] = _mm256_unpacklo_epi64(a[i + 1], a[i + 3]);
        b[i + 3] = _mm256_unpackhi_epi64(a[i + 1], a[i + 3]);
    }
    let mut out = [_mm256_setzero_si256(); 8];
    for c in 0..4 {
        out[c] = _mm256_permute2x128_si256::<0x20>(b[c], b[4 + c]);
        out[4 + c] = _mm256_permute2x128_si256::<0x31>(b[c], b[4 + c]);
    }
    out
}

/// The 8 message blocks as 16 vectors of words: `out[k]` lane l = W_k of `blocks[l]`
/// (big-endian words, §5.3.2 a).
#[target_feature(enable = "avx2")]
fn load_transposed(blocks: &[&[u8; 64]; 8]) -> [__m256i; 16] {
    // Per 128-bit lane: reverse the bytes of each 32-bit word.
    let bswap = _mm256_setr_epi8(
        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8,
        15, 14, 13, 12,
    );
    let half = |off: usize| -> [__m256i; 8] {
        core::array::from_fn(|l| {
            // SAFETY: `blocks[l][off..off + 32]` is in bounds (off ≤ 32); `loadu` needs no
            // alignment.
            let row = unsafe { _mm256_loadu_si256(blocks[l][off..].as_ptr().cast()) };
            _mm256_shuffle_epi8(row, bswap)
        })
    };
    let lo = transpose8(half(0));
    let hi = transpose8(half(32));
    core::array::from_fn(|k| if k < 8 { lo[k] } else { hi[k - 8] })
}

#[target_feature(enable = "avx2")]
fn compress_x8(state: &mut [[u32; 8]; 8], fresh: u32, blocks: &[&[u8; 64]; 8]) {
    // Lane l of `restart` is all ones where bit l of `fresh` is set.
    let bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    let restart = _mm256_cmpeq_epi32(
        _mm256_and_si256(_mm256_set1_epi32(fresh as i32), bits),
        bits,
    );
    // The chaining values, with the IV in the lanes that start a message.
    let v: [__m256i; 8] = core::array::from_fn(|k| {
        // SAFETY: `state[k]` is 32 readable bytes; `loadu` needs no alignment.
        let x = unsafe { _mm256_loadu_si256(state[k].as_ptr().cast()) };
        _mm256_blendv_epi8(x, _mm256_set1_epi32(IV[k] as i32), restart)
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
        let out = xor!(x, v[k]);
        // SAFETY: each `state[k]` is 32 writable bytes; `storeu` needs no alignment.
        unsafe { _mm256_storeu_si256(state[k].as_mut_ptr().cast(), out) };
    }
}
