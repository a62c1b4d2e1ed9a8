//! SM4 (GB/T 32907-2016) with GFNI and AVX-512: 16 blocks per group of four zmm registers.
//!
//! A round per group (see `x86_64_common` for the rewritten L): one `vpternlogd` with the
//! broadcast round key forms X1^X2^X3^rk (X2^X3 is shared by two rounds: one `vpxord` per two
//! rounds), `vgf2p8affineqb` + three `vgf2p8affineinvqb` give P, Q and R, three `vprold` and two
//! `vpternlogd` XOR L into X0: 10.5 instructions per round for 16 blocks.
//!
//! One to four blocks take the one-register path of `x86_64_common` on xmm registers, with
//! AVX-512VL's `vpternlogd` and `vprold`. The key schedule computes τ with two GFNI affine
//! instructions on one word.

use core::arch::x86_64::*;

use super::x86_64_common as common;
use crate::cpu::GfniAvx512;
use crate::traits::{Block, CtrWidth};

/// 128 blocks per step: a round is a ~10-cycle dependency chain, and eight independent 16-lane
/// groups keep the vector pipes busy (measured on Zen 5: 64 blocks per step is ~15% slower).
const STEP: usize = 8 * GROUP;
/// Blocks in one group (16 lanes of 32 bits).
const GROUP: usize = 16;

/// The four words of 16 blocks, one per register.
type Words = [__m512i; 4];

/// Encrypt `blocks` in place with the round keys `rk` (GB/T 32907 §7.1), or for 1 to 4 blocks
/// with `yk` = [`y_keys`] of them.
pub(crate) fn encrypt_blocks(_: GfniAvx512, rk: &[u32; 32], yk: &[u32; 32], blocks: &mut [Block]) {
    if (1..=SMALL).contains(&blocks.len()) {
        // SAFETY: the token proves GFNI and AVX-512F/BW/VL.
        unsafe { small::<false>(yk, blocks) }
    } else {
        // SAFETY: the token proves GFNI and AVX-512F/BW/VL.
        unsafe { ecb::<false>(rk, blocks) }
    }
}

/// Decrypt `blocks` in place: the same rounds with the keys reversed (§7.2).
pub(crate) fn decrypt_blocks(_: GfniAvx512, rk: &[u32; 32], yk: &[u32; 32], blocks: &mut [Block]) {
    if (1..=SMALL).contains(&blocks.len()) {
        // SAFETY: the token proves GFNI and AVX-512F/BW/VL.
        unsafe { small::<true>(yk, blocks) }
    } else {
        // SAFETY: the token proves GFNI and AVX-512F/BW/VL.
        unsafe { ecb::<true>(rk, blocks) }
    }
}

/// XOR the keystream E(ctr), E(ctr+1), … into `data` and advance `ctr` by `data.len()` within
/// `width` (GB/T 17964-2021 CTR; SP 800-38A §6.5, Appendix B.1).
pub(crate) fn ctr_xor_blocks(
    _: GfniAvx512,
    rk: &[u32; 32],
    yk: &[u32; 32],
    ctr: &mut Block,
    width: CtrWidth,
    data: &mut [Block],
) {
    // SAFETY: the token proves GFNI and AVX-512F/BW/VL.
    unsafe { ctr_xor(rk, yk, ctr, width, data) }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
fn ecb<const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
    for chunk in blocks.chunks_mut(STEP) {
        // Only a last, short chunk takes fewer groups.
        match chunk.len().div_ceil(GROUP) {
            1 => ecb_step::<1, DEC>(rk, chunk),
            2 => ecb_step::<2, DEC>(rk, chunk),
            3 => ecb_step::<3, DEC>(rk, chunk),
            4 => ecb_step::<4, DEC>(rk, chunk),
            5 | 6 => ecb_step::<6, DEC>(rk, chunk),
            _ => ecb_step::<8, DEC>(rk, chunk),
        }
    }
}

/// Up to `16·G` blocks in `G` groups; trailing groups may be partial or empty.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
fn ecb_step<const G: usize, const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
    let mut s = [[_mm512_setzero_si512(); 4]; G];
    for (g, w) in s.iter_mut().enumerate() {
        *w = transpose(load(group(blocks, g)));
    }
    rounds::<G, DEC>(&mut s, rk);
    for (g, w) in s.iter().enumerate() {
        // §7.1: the output is (X35, X34, X33, X32).
        store(group_mut(blocks, g), transpose([w[3], w[2], w[1], w[0]]));
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
fn ctr_xor(rk: &[u32; 32], yk: &[u32; 32], ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
    for chunk in data.chunks_mut(STEP) {
        let n = chunk.len();
        if n <= SMALL {
            small_ctr(yk, ctr, width, chunk);
        } else if super::ctr_in_low_word(ctr, width, n) {
            match n.div_ceil(GROUP) {
                1 => ctr_step::<1>(rk, ctr, chunk),
                2 => ctr_step::<2>(rk, ctr, chunk),
                3 => ctr_step::<3>(rk, ctr, chunk),
                4 => ctr_step::<4>(rk, ctr, chunk),
                5 | 6 => ctr_step::<6>(rk, ctr, chunk),
                _ => ctr_step::<8>(rk, ctr, chunk),
            }
        } else {
            // The low word carries inside this step (the counter is public): counter blocks
            // in memory.
            let mut ks = [[0u8; 16]; STEP];
            let mut c = *ctr;
            for k in ks[..n].iter_mut() {
                *k = c;
                width.add(&mut c, 1);
            }
            ecb::<false>(rk, &mut ks[..n]);
            for (d, k) in chunk.iter_mut().zip(ks.iter()) {
                for (x, y) in d.iter_mut().zip(k) {
                    *x ^= y;
                }
            }
            zeroize::Zeroize::zeroize(&mut ks);
        }
        width.add(ctr, n as u64);
    }
}

/// Fused CTR on up to `16·G` blocks: the counter words are built in registers (words 0–2
/// broadcast, the low word counted and byte-swapped), encrypted and XORed into `data`.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
fn ctr_step<const G: usize>(rk: &[u32; 32], ctr: &Block, data: &mut [Block]) {
    let w = common::ctr_words(ctr);
    let low = _mm512_set1_epi32(w[3] as i32);
    let bswap = bcast128(&common::BSWAP32);
    // Lane 4k + i of a transposed group holds block 4i + k (see `transpose`).
    let lane = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    let mut s = [[_mm512_setzero_si512(); 4]; G];
    for (g, x) in s.iter_mut().enumerate() {
        let count = _mm512_add_epi32(low, _mm512_set1_epi32((GROUP * g) as i32));
        *x = [
            _mm512_set1_epi32(w[0] as i32),
            _mm512_set1_epi32(w[1] as i32),
            _mm512_set1_epi32(w[2] as i32),
            _mm512_shuffle_epi8(_mm512_add_epi32(count, lane), bswap),
        ];
    }
    rounds::<G, false>(&mut s, rk);
    for (g, x) in s.iter().enumerate() {
        let d = group_mut(data, g);
        let ks = transpose([x[3], x[2], x[1], x[0]]);
        let v = load(d);
        store(d, core::array::from_fn(|i| _mm512_xor_si512(v[i], ks[i])));
    }
}

/// Group `g` of a step: up to 16 blocks, empty past the end.
#[inline]
fn group(blocks: &[Block], g: usize) -> &[Block] {
    let n = blocks.len();
    &blocks[n.min(GROUP * g)..n.min(GROUP * (g + 1))]
}

#[inline]
fn group_mut(blocks: &mut [Block], g: usize) -> &mut [Block] {
    let n = blocks.len();
    &mut blocks[n.min(GROUP * g)..n.min(GROUP * (g + 1))]
}

/// The lanes of register `i` of a group of `n` blocks that hold data.
#[inline]
fn mask(n: usize, i: usize) -> __mmask16 {
    let dwords = (4 * n).saturating_sub(16 * i).min(16);
    ((1u32 << dwords) - 1) as __mmask16
}

/// Load up to 16 blocks, four per register (zero past the end).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn load(b: &[Block]) -> Words {
    let p = b.as_ptr().cast::<i32>();
    if b.len() == GROUP {
        // SAFETY: 16 blocks are 64 dwords, read as four unaligned 16-dword vectors.
        core::array::from_fn(|i| unsafe { _mm512_loadu_si512(p.add(16 * i).cast()) })
    } else {
        // SAFETY: each mask enables only dwords inside `b`; masked-off lanes are not accessed.
        core::array::from_fn(|i| unsafe {
            _mm512_maskz_loadu_epi32(mask(b.len(), i), p.wrapping_add(16 * i))
        })
    }
}

/// Store four registers as up to 16 blocks.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn store(b: &mut [Block], z: Words) {
    let n = b.len();
    let p = b.as_mut_ptr().cast::<i32>();
    for (i, zi) in z.into_iter().enumerate() {
        if n == GROUP {
            // SAFETY: dwords 16i..16i+16 of the 64 in `b`.
            unsafe { _mm512_storeu_si512(p.add(16 * i).cast(), zi) }
        } else {
            // SAFETY: the mask enables only dwords inside `b`; masked-off lanes are not written.
            unsafe { _mm512_mask_storeu_epi32(p.wrapping_add(16 * i), mask(n, i), zi) }
        }
    }
}

/// 4×4 transpose of 32-bit words in each 128-bit lane: from four registers of four blocks
/// (register i, lane k holds block 4i + k) to one register per word (dword 4k + i), and back
/// (it is an involution).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn transpose(z: Words) -> Words {
    let t0 = _mm512_unpacklo_epi32(z[0], z[1]);
    let t1 = _mm512_unpackhi_epi32(z[0], z[1]);
    let t2 = _mm512_unpacklo_epi32(z[2], z[3]);
    let t3 = _mm512_unpackhi_epi32(z[2], z[3]);
    [
        _mm512_unpacklo_epi64(t0, t2),
        _mm512_unpackhi_epi64(t0, t2),
        _mm512_unpacklo_epi64(t1, t3),
        _mm512_unpackhi_epi64(t1, t3),
    ]
}

/// A 16-byte constant in every 128-bit lane.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn bcast128(m: &[u8; 16]) -> __m512i {
    let w = |i: usize| i32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]);
    _mm512_setr4_epi32(w(0), w(1), w(2), w(3))
}

/// X0 ^ T(x) in little-endian lanes, x = X1^X2^X3^rk (§6.1–6.2).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn t_into(x0: __m512i, x: __m512i) -> __m512i {
    let m = _mm512_set1_epi64;
    let a = _mm512_gf2p8affine_epi64_epi8::<{ common::GFNI_PRE_C }>(x, m(common::GFNI_PRE));
    let p = _mm512_gf2p8affineinv_epi64_epi8::<{ common::GFNI_P_C }>(a, m(common::GFNI_P));
    let q = _mm512_gf2p8affineinv_epi64_epi8::<{ common::GFNI_Q_C }>(a, m(common::GFNI_Q));
    // R = P ^ Q as a third affine map: measured faster than the XOR (it leaves the XOR ports).
    let r = _mm512_gf2p8affineinv_epi64_epi8::<{ common::GFNI_R_C }>(a, m(common::GFNI_R));
    let y = _mm512_ternarylogic_epi32::<0x96>(x0, p, _mm512_ror_epi32::<8>(q));
    _mm512_ternarylogic_epi32::<0x96>(y, _mm512_ror_epi32::<16>(q), _mm512_ror_epi32::<24>(r))
}

/// b ^ M·A·L(τ) of the round input `a` in the Y domain (see `x86_64_common`): three affine
/// inverses, the three byte rotations, two `vpternlogd` levels. Rotations by 8 and 24 as
/// shift pairs, by 16 as `vprold`: the mix spreads them over the shift and affine ports and
/// measured fastest (EPYC test machine, cycles per round: this 7.7, three `vprold` 8.2, six
/// shifts 9.2).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn s_round(a: __m128i, b: __m128i) -> __m128i {
    let m = _mm_set1_epi64x;
    let p = _mm_gf2p8affineinv_epi64_epi8::<{ common::GFNI_PY_C }>(a, m(common::GFNI_PY));
    let q = _mm_gf2p8affineinv_epi64_epi8::<{ common::GFNI_QY_C }>(a, m(common::GFNI_QY));
    let r = _mm_gf2p8affineinv_epi64_epi8::<{ common::GFNI_RY_C }>(a, m(common::GFNI_RY));
    // b ^ p ^ (q >>> 8) ^ (q >>> 16) ^ (r >>> 24).
    let x = _mm_ternarylogic_epi32::<0x96>(p, b, _mm_srli_epi32::<8>(q));
    let y = _mm_ternarylogic_epi32::<0x96>(
        _mm_slli_epi32::<24>(q),
        _mm_srli_epi32::<24>(r),
        _mm_slli_epi32::<8>(r),
    );
    _mm_ternarylogic_epi32::<0x96>(x, _mm_ror_epi32::<16>(q), y)
}

common::gfni_maps!("avx512f,avx512bw,avx512vl,gfni");
common::small_driver!(GfniAvx512, "avx512f,avx512bw,avx512vl,gfni");

/// The 32 rounds (§7.1) on `G` groups, interleaved; decryption takes the round keys in
/// reverse (§7.2).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
#[inline]
fn rounds<const G: usize, const DEC: bool>(s: &mut [Words; G], rk: &[u32; 32]) {
    // Lanes hold words little-endian, so the round keys are byte-swapped too.
    let key = |i: usize| _mm512_set1_epi32(rk[if DEC { 31 - i } else { i }].swap_bytes() as i32);
    // Rounds i and i+1 on words (a, b, c, d) = X_i..X_{i+3} of every group: X_{i+4} replaces
    // X_i in a, X_{i+5} replaces X_{i+1} in b; X_{i+2}^X_{i+3} serves both. (A macro, so that
    // the word indices are constants and the state stays in registers.)
    macro_rules! pair {
        ($a:literal, $b:literal, $c:literal, $d:literal, $k0:expr, $k1:expr) => {
            let (k0, k1) = ($k0, $k1);
            for w in s.iter_mut() {
                let cd = _mm512_xor_si512(w[$c], w[$d]);
                w[$a] = t_into(w[$a], _mm512_ternarylogic_epi32::<0x96>(w[$b], cd, k0));
                w[$b] = t_into(w[$b], _mm512_ternarylogic_epi32::<0x96>(w[$a], cd, k1));
            }
        };
    }
    for i in (0..32).step_by(4) {
        pair!(0, 1, 2, 3, key(i), key(i + 1));
        pair!(2, 3, 0, 1, key(i + 2), key(i + 3));
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// T on words given as standard (big-endian) values, through the lane representation.
    fn t_words(_: GfniAvx512, x: &[u32]) -> Vec<u32> {
        #[target_feature(enable = "avx512f,avx512bw,avx512vl,gfni")]
        fn t16(x: &[u32; 16]) -> [u32; 16] {
            let v = x.map(u32::swap_bytes);
            // SAFETY: 64 readable bytes.
            let y = unsafe { _mm512_loadu_si512(v.as_ptr().cast()) };
            let z = t_into(_mm512_setzero_si512(), y);
            let mut out = [0u32; 16];
            // SAFETY: 64 writable bytes.
            unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), z) };
            out.map(u32::swap_bytes)
        }
        x.chunks(16)
            .flat_map(|c| {
                let mut a = [0u32; 16];
                a[..c.len()].copy_from_slice(c);
                // SAFETY: the token argument proves the features.
                let r = unsafe { t16(&a) };
                r[..c.len()].to_vec()
            })
            .collect()
    }

    common::testutil::backend_tests!(
        GfniAvx512,
        encrypt_blocks,
        decrypt_blocks,
        ctr_xor_blocks,
        t_words
    );
}
