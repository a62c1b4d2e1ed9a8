//! Multi-buffer SM3 compression on NEON: 4 independent messages at once.
//!
//! 4 lanes: one 128-bit register holds the same word of 4 chaining values. A rotation is `SHL`
//! then `SRI` (shift right and insert); FF_j (majority) and GG_j (select) are one `BSL` each,
//! after one XOR for the majority (§4.3). The 8 state words, the
//! 16-word W ring and the temporaries fit in the 32 vector registers.

#[cfg(not(target_arch = "aarch64"))]
compile_error!("aarch64 only");

use super::IV;
use super::soft::T_ROT;
use crate::cpu::Neon;
use core::arch::aarch64::*;

/// Lanes per step.
pub(super) const LANES: usize = 4;

/// Apply CF (§5.3.3) in each of 4 lanes: lane l compresses `blocks[l]` into the chaining value
/// `state[0..8][l]`, first set to the IV if bit l of `fresh` is set.
pub(super) fn compress(
    _token: Neon,
    state: &mut [[u32; LANES]; 8],
    fresh: u32,
    blocks: &[&[u8; 64]; LANES],
) {
    // SAFETY: the `Neon` token proves Advanced SIMD is present.
    unsafe { compress_x4(state, fresh, blocks) }
}

/// x <<< n, n in 1..32, as `SHL` then `SRI`.
macro_rules! rol {
    ($x:expr, $n:literal) => {{
        let x = $x;
        vsriq_n_u32::<{ 32 - $n }>(vshlq_n_u32::<$n>(x), x)
    }};
}

macro_rules! xor {
    ($a:expr, $b:expr) => {
        veorq_u32($a, $b)
    };
}

macro_rules! add {
    ($a:expr, $b:expr) => {
        vaddq_u32($a, $b)
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
        let wj_prime = xor!(wj, $w[(J + 4) & 15]);
        let a12 = rol!($a, 12);
        let tj = vdupq_n_u32(T_ROT[J]);
        let ss1 = rol!(add!(add!(a12, tj), $e), 7);
        let ss2 = xor!(ss1, a12);
        let (ff, gg) = if J < 16 {
            (xor!(xor!($b, $c), $a), xor!(xor!($f, $g), $e))
        } else {
            // Majority: where A and B differ, C decides; elsewhere A (= B). Select: F where E
            // is set, G elsewhere (§4.3).
            (vbslq_u32(xor!($a, $b), $c, $a), vbslq_u32($e, $f, $g))
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

/// A 4 × 4 transpose of 32-bit words: lane l of `out[k]` = lane k of `r[l]`.
#[target_feature(enable = "neon")]
fn transpose4(r: [uint32x4_t; 4]) -> [uint32x4_t; 4] {
    // t0 = (r0₀, r1₀, r0₂, r1₂), t1 = (r0₁, r1₁, r0₃, r1₃), t2, t3 likewise from r2, r3.
    let t0 = vreinterpretq_u64_u32(vtrn1q_u32(r[0], r[1]));
    let t1 = vreinterpretq_u64_u32(vtrn2q_u32(r[0], r[1]));
    let t2 = vreinterpretq_u64_u32(vtrn1q_u32(r[2], r[3]));
    let t3 = vreinterpretq_u64_u32(vtrn2q_u32(r[2], r[3]));
    [
        vreinterpretq_u32_u64(vtrn1q_u64(t0, t2)),
        vreinterpretq_u32_u64(vtrn1q_u64(t1, t3)),
        vreinterpretq_u32_u64(vtrn2q_u64(t0, t2)),
        vreinterpretq_u32_u64(vtrn2q_u64(t1, t3)),
    ]
}

/// The 4 message blocks as 16 vectors of words: `out[k]` lane l = W_k of `blocks[l]`
/// (big-endian words, §5.3.2 a).
#[target_feature(enable = "neon")]
fn load_transposed(blocks: &[&[u8; 64]; LANES]) -> [uint32x4_t; 16] {
    let quarter = |q: usize| -> [uint32x4_t; 4] {
        transpose4(core::array::from_fn(|l| {
            // SAFETY: `blocks[l][16q..16q + 16]` is in bounds (q < 4); `vld1q_u8` needs no
            // alignment.
            let row = unsafe { vld1q_u8(blocks[l][16 * q..].as_ptr()) };
            vreinterpretq_u32_u8(vrev32q_u8(row))
        }))
    };
    let w = [quarter(0), quarter(1), quarter(2), quarter(3)];
    core::array::from_fn(|k| w[k / 4][k % 4])
}

#[target_feature(enable = "neon")]
fn compress_x4(state: &mut [[u32; LANES]; 8], fresh: u32, blocks: &[&[u8; 64]; LANES]) {
    // Lane l of `restart` is all ones where bit l of `fresh` is set.
    let bits = {
        let b: [u32; LANES] = [1, 2, 4, 8];
        // SAFETY: `b` is 4 readable words; `vld1q_u32` needs no alignment.
        unsafe { vld1q_u32(b.as_ptr()) }
    };
    let restart = vtstq_u32(vdupq_n_u32(fresh), bits);
    // The chaining values, with the IV in the lanes that start a message.
    let v: [uint32x4_t; 8] = core::array::from_fn(|k| {
        // SAFETY: `state[k]` is 4 readable words; `vld1q_u32` needs no alignment.
        let x = unsafe { vld1q_u32(state[k].as_ptr()) };
        vbslq_u32(restart, vdupq_n_u32(IV[k]), x)
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
        // SAFETY: `state[k]` is 4 writable words; `vst1q_u32` needs no alignment.
        unsafe { vst1q_u32(state[k].as_mut_ptr(), xor!(x, v[k])) };
    }
}
