//! Constants shared by the x86-64 SM4 backends (GB/T 32907-2016).
//!
//! All three backends keep blocks *transposed*: vector register `j` holds word `j` of many
//! blocks, each lane loaded little-endian (no byte swap). The S-box τ is bytewise, so it does not
//! care about the swap; the linear layer L (§6.2) is rewritten to need byte rotations only, which
//! merely change direction under the swap. With `U` = each byte of B shifted left by 2 and `V` =
//! each byte shifted right by 6, `B <<< 2 = U ^ (V <<< 8)`, hence
//!
//! ```text
//! L(B) = P ^ (Q <<< 8) ^ (Q <<< 16) ^ (R <<< 24),   P = B^U,  Q = U^V,  R = B^V = P^Q
//! ```
//!
//! and in little-endian lanes `L = P ^ (Q >>> 8) ^ (Q >>> 16) ^ (R >>> 24)`. P and Q are bytewise
//! affine functions of the field inverse inside τ, so the S-box's output affine map and the
//! bit-level part of L fold into one map each.
//!
//! τ itself is `A·I(A·x ⊕ 0xD3) ⊕ 0xD3` with I the inverse in GF(2⁸) mod x⁸+x⁷+x⁶+x⁵+x⁴+x²+1;
//! the field isomorphism to the AES field (mod x⁸+x⁴+x³+x+1, β = 0x23 a root of the SM4
//! polynomial) moves I onto the AES inverse (`vgf2p8affineinvqb`, or `aesenclast` with a zero
//! round key). The constants below come from `tools/sm4_x86_affine.py`, which derives them and
//! checks all 256 S-box entries; the unit tests check them again against the standard's table.

use crate::traits::Block;

/// `vgf2p8affineqb` matrix: x ↦ M·A·x (isomorphism after SM4's input affine map).
pub(super) const GFNI_PRE: i64 = 0x4c28_7db9_1a22_505d;
/// Its constant: M·0xD3.
pub(super) const GFNI_PRE_C: i32 = 0x3e;
/// `vgf2p8affineinvqb` matrix giving P = (1 ⊕ shl2)·τ.
pub(super) const GFNI_P: i64 = 0xf3ab_c702_400f_c12fu64 as i64;
/// Constant of P.
pub(super) const GFNI_P_C: i32 = 0x9f;
/// `vgf2p8affineinvqb` matrix giving Q = (shl2 ⊕ shr6)·τ.
pub(super) const GFNI_Q: i64 = 0xb589_f3ab_34a9_74a6u64 as i64;
/// Constant of Q.
pub(super) const GFNI_Q_C: i32 = 0x4f;
/// `vgf2p8affineinvqb` matrix giving R = (1 ⊕ shr6)·τ = P ^ Q.
pub(super) const GFNI_R: i64 = 0x4622_34a9_74a6_b589;
/// Constant of R.
pub(super) const GFNI_R_C: i32 = 0xd0;

/// Nibble tables (`vpshufb`) of the input affine map for the AES-NI path: low and high nibble.
pub(super) const AES_PRE_LO: [u8; 16] = [
    0x3e, 0xb2, 0x0e, 0x82, 0xbb, 0x37, 0x8b, 0x07, 0xa1, 0x2d, 0x91, 0x1d, 0x24, 0xa8, 0x14, 0x98,
];
/// High-nibble table of the input map.
pub(super) const AES_PRE_HI: [u8; 16] = [
    0x00, 0xdc, 0x2e, 0xf2, 0xc5, 0x19, 0xeb, 0x37, 0x08, 0xd4, 0x26, 0xfa, 0xcd, 0x11, 0xe3, 0x3f,
];
/// P from the AES S-box output y (undoes AES's affine map and 0x63): low nibble.
pub(super) const AES_P_LO: [u8; 16] = [
    0xdc, 0x84, 0x3e, 0x66, 0x1a, 0x42, 0xf8, 0xa0, 0x27, 0x7f, 0xc5, 0x9d, 0xe1, 0xb9, 0x03, 0x5b,
];
/// P, high nibble.
pub(super) const AES_P_HI: [u8; 16] = [
    0x00, 0x60, 0x10, 0x70, 0xe9, 0x89, 0xf9, 0x99, 0xc0, 0xa0, 0xd0, 0xb0, 0x29, 0x49, 0x39, 0x59,
];
/// Q from y, low nibble.
pub(super) const AES_Q_LO: [u8; 16] = [
    0xb1, 0x53, 0x9a, 0x78, 0x49, 0xab, 0x62, 0x80, 0x2c, 0xce, 0x07, 0xe5, 0xd4, 0x36, 0xff, 0x1d,
];
/// Q, high nibble.
pub(super) const AES_Q_HI: [u8; 16] = [
    0x00, 0x83, 0x41, 0xc2, 0x76, 0xf5, 0x37, 0xb4, 0x03, 0x80, 0x42, 0xc1, 0x75, 0xf6, 0x34, 0xb7,
];

/// A `vpshufb` mask (one 128-bit lane) rotating each little-endian 32-bit word right by
/// `8·bytes` bits, after undoing AES ShiftRows (FIPS 197 §5.1.2) when `unshift_rows`.
pub(super) const fn shuffle(bytes: usize, unshift_rows: bool) -> [u8; 16] {
    let mut m = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        // Byte b of a word rotated right by 8·bytes is byte (b + bytes) mod 4 of the word.
        let src = (i & !3) + ((i + bytes) & 3);
        // ShiftRows moved state byte (row r, column c) to column (c − r) mod 4.
        let (row, col) = (src & 3, src >> 2);
        m[i] = if unshift_rows {
            (row + 4 * ((col + 4 - row) & 3)) as u8
        } else {
            src as u8
        };
        i += 1;
    }
    m
}

/// The words of a counter block as lanes hold them: words 0–2 little-endian, and the low word
/// big-endian (it is counted with integer adds, then byte-swapped).
#[inline]
pub(super) fn ctr_words(ctr: &Block) -> [u32; 4] {
    let w = |i: usize| [ctr[4 * i], ctr[4 * i + 1], ctr[4 * i + 2], ctr[4 * i + 3]];
    [
        u32::from_le_bytes(w(0)),
        u32::from_le_bytes(w(1)),
        u32::from_le_bytes(w(2)),
        u32::from_be_bytes(w(3)),
    ]
}

/// `vpshufb` mask swapping the bytes of each 32-bit word.
pub(super) const BSWAP32: [u8; 16] = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];

/// `vpshufb` mask of AES ShiftRows (FIPS 197 §5.1.2): state byte (row r, column c) takes
/// byte (r, c + r mod 4).
pub(super) const SHIFT_ROWS: [u8; 16] = {
    let mut m = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        let (row, col) = (i & 3, i >> 2);
        m[i] = (row + 4 * ((col + row) & 3)) as u8;
        i += 1;
    }
    m
};

// The one-register path and the key schedule run in the "Y domain": every state word X is kept
// as Y = M·A·X, the linear part of the S-box input map (bytewise, so it commutes with the byte
// rotations of L). The round input X1^X2^X3^rk maps to Y1^Y2^Y3^(M·A·rk ⊕ M·0xD3) — exactly
// the field-inverse input — and M·A is folded into P, Q and R, taking the input affine map off
// the 32-round dependency chain. The maps below are derived from the constants above at
// compile time; the unit tests check the results on all 256 bytes and on Annex A.

/// Byte `x` through a `vgf2p8affineqb` matrix: output bit i is the parity of byte 7 − i of `m`
/// and `x` (Intel SDM, GF2P8AFFINEQB).
const fn gf_apply(m: i64, x: u8) -> u8 {
    let mut y = 0u8;
    let mut i = 0;
    while i < 8 {
        let row = (m as u64 >> (8 * (7 - i))) as u8;
        y |= (((row & x).count_ones() & 1) as u8) << i;
        i += 1;
    }
    y
}

/// The `vgf2p8affineqb` matrix of the GF(2)-linear byte map with unit-vector images `cols`.
const fn gf_matrix(cols: [u8; 8]) -> i64 {
    let mut m = 0u64;
    let mut i = 0;
    while i < 8 {
        let mut row = 0u8;
        let mut j = 0;
        while j < 8 {
            row |= ((cols[j] >> i) & 1) << j;
            j += 1;
        }
        m |= (row as u64) << (8 * (7 - i));
        i += 1;
    }
    m as i64
}

/// The matrix of `outer` after `inner`.
const fn gf_compose(outer: i64, inner: i64) -> i64 {
    let mut cols = [0u8; 8];
    let mut j = 0;
    while j < 8 {
        cols[j] = gf_apply(outer, gf_apply(inner, 1 << j));
        j += 1;
    }
    gf_matrix(cols)
}

/// The inverse of an invertible matrix.
const fn gf_inverse(m: i64) -> i64 {
    let mut cols = [0u8; 8];
    let mut x = 0;
    while x < 256 {
        let y = gf_apply(m, x as u8);
        if y.count_ones() == 1 {
            cols[y.trailing_zeros() as usize] = x as u8;
        }
        x += 1;
    }
    gf_matrix(cols)
}

/// (1 ⊕ shl2)⁻¹ = 1 ⊕ shl2 ⊕ shl4 ⊕ shl6 on a byte: τ from P = (1 ⊕ shl2)·τ.
const fn unshl2(y: u8) -> u8 {
    y ^ (y << 2) ^ (y << 4) ^ (y << 6)
}

/// The matrix of [`unshl2`].
const UNSHL2: i64 = gf_matrix([
    unshl2(1),
    unshl2(2),
    unshl2(4),
    unshl2(8),
    unshl2(16),
    unshl2(32),
    unshl2(64),
    unshl2(128),
]);

/// `vgf2p8affineinvqb` matrix giving τ (§6.2.1) after [`GFNI_PRE`]: the key schedule's S-box.
pub(super) const GFNI_TAU: i64 = gf_compose(UNSHL2, GFNI_P);
/// Constant of τ.
pub(super) const GFNI_TAU_C: i32 = unshl2(GFNI_P_C as u8) as i32;
/// `vgf2p8affineqb` matrix from the Y domain back to words: (M·A)⁻¹.
pub(super) const GFNI_Y_INV: i64 = gf_inverse(GFNI_PRE);
/// P in the Y domain: M·A·P.
pub(super) const GFNI_PY: i64 = gf_compose(GFNI_PRE, GFNI_P);
/// Constant of P in the Y domain.
pub(super) const GFNI_PY_C: i32 = gf_apply(GFNI_PRE, GFNI_P_C as u8) as i32;
/// Q in the Y domain.
pub(super) const GFNI_QY: i64 = gf_compose(GFNI_PRE, GFNI_Q);
/// Constant of Q in the Y domain.
pub(super) const GFNI_QY_C: i32 = gf_apply(GFNI_PRE, GFNI_Q_C as u8) as i32;
/// R in the Y domain.
pub(super) const GFNI_RY: i64 = gf_compose(GFNI_PRE, GFNI_R);
/// Constant of R in the Y domain.
pub(super) const GFNI_RY_C: i32 = gf_apply(GFNI_PRE, GFNI_R_C as u8) as i32;

/// The linear part of the AES-NI input map, M·A (its nibble tables less the constant).
const fn aes_lin(x: u8) -> u8 {
    AES_PRE_LO[(x & 15) as usize] ^ AES_PRE_HI[(x >> 4) as usize] ^ AES_PRE_LO[0]
}

/// (M·A)⁻¹ of the AES-NI path, by search over the 256 bytes.
const fn aes_lin_inv(y: u8) -> u8 {
    let mut x = 0;
    while x < 255 && aes_lin(x) != y {
        x += 1;
    }
    x
}

/// The byte maps the tables below are built from (const fns take no function pointers).
#[derive(Clone, Copy)]
enum ByteMap {
    Unshl2,
    Lin,
    LinInv,
}

const fn byte_map(f: ByteMap, x: u8) -> u8 {
    match f {
        ByteMap::Unshl2 => unshl2(x),
        ByteMap::Lin => aes_lin(x),
        ByteMap::LinInv => aes_lin_inv(x),
    }
}

/// Each entry of a nibble table through `f`.
const fn map_table(t: &[u8; 16], f: ByteMap) -> [u8; 16] {
    let mut o = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        o[i] = byte_map(f, t[i]);
        i += 1;
    }
    o
}

/// Nibble tables (low, high) of a byte map.
const fn nibble_tables(f: ByteMap) -> ([u8; 16], [u8; 16]) {
    let (mut lo, mut hi) = ([0u8; 16], [0u8; 16]);
    let mut i = 0;
    while i < 16 {
        lo[i] = byte_map(f, i as u8);
        hi[i] = byte_map(f, (i as u8) << 4);
        i += 1;
    }
    (lo, hi)
}

/// Nibble tables of τ from the AES S-box output (key schedule): low nibble.
pub(super) const AES_TAU_LO: [u8; 16] = map_table(&AES_P_LO, ByteMap::Unshl2);
/// τ, high nibble.
pub(super) const AES_TAU_HI: [u8; 16] = map_table(&AES_P_HI, ByteMap::Unshl2);
/// Words to the Y domain (AES-NI path): low and high nibble.
pub(super) const AES_Y: ([u8; 16], [u8; 16]) = nibble_tables(ByteMap::Lin);
/// Y domain back to words.
pub(super) const AES_Y_INV: ([u8; 16], [u8; 16]) = nibble_tables(ByteMap::LinInv);
/// P in the Y domain, from the AES S-box output: low and high nibble.
pub(super) const AES_PY: ([u8; 16], [u8; 16]) = (
    map_table(&AES_P_LO, ByteMap::Lin),
    map_table(&AES_P_HI, ByteMap::Lin),
);
/// Q in the Y domain.
pub(super) const AES_QY: ([u8; 16], [u8; 16]) = (
    map_table(&AES_Q_LO, ByteMap::Lin),
    map_table(&AES_Q_HI, ByteMap::Lin),
);
/// R = P ^ Q in the Y domain.
pub(super) const AES_RY: ([u8; 16], [u8; 16]) = {
    let (mut lo, mut hi) = ([0u8; 16], [0u8; 16]);
    let mut i = 0;
    while i < 16 {
        lo[i] = AES_PY.0[i] ^ AES_QY.0[i];
        hi[i] = AES_PY.1[i] ^ AES_QY.1[i];
        i += 1;
    }
    (lo, hi)
};

/// `s_in`, `s_out`, `s_key` and `s_tau` of [`small_driver`] for the GFNI backends: one
/// `vgf2p8affineqb` each, and `vgf2p8affineinvqb` for τ.
macro_rules! gfni_maps {
    ($feat:literal) => {
        /// Words to the Y domain: M·A·x.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_in(x: __m128i) -> __m128i {
            _mm_gf2p8affine_epi64_epi8::<0>(x, _mm_set1_epi64x(common::GFNI_PRE))
        }

        /// Y domain to words: (M·A)⁻¹·y.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_out(y: __m128i) -> __m128i {
            _mm_gf2p8affine_epi64_epi8::<0>(y, _mm_set1_epi64x(common::GFNI_Y_INV))
        }

        /// Round keys to the Y domain: M·A·rk ⊕ M·0xD3, the S-box input map itself.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_key(k: __m128i) -> __m128i {
            _mm_gf2p8affine_epi64_epi8::<{ common::GFNI_PRE_C }>(
                k,
                _mm_set1_epi64x(common::GFNI_PRE),
            )
        }

        /// τ of one word (§6.2.1): input map, then the field inverse with A·M⁻¹ and 0xD3.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_tau(x: u32) -> u32 {
            let a = s_key(_mm_cvtsi32_si128(x as i32));
            let t = _mm_gf2p8affineinv_epi64_epi8::<{ common::GFNI_TAU_C }>(
                a,
                _mm_set1_epi64x(common::GFNI_TAU),
            );
            _mm_cvtsi128_si32(t) as u32
        }
    };
}
pub(super) use gfni_maps;

/// The one-register path and the key schedule of a backend (GB/T 32907 §7.1–7.3). Expects, in
/// the invoking module, `use core::arch::x86_64::*;` and, compiled for `$feat`:
/// `s_in`/`s_out` (words to and from the Y domain), `s_key` (round keys to the Y domain),
/// `s_round(a, b)` (b ^ M·A·L(τ) of the round input a, see above) and `s_tau` (τ of one word).
/// Generates `SMALL`, `small::<DEC>` and `expand_key`, which takes `$token`.
macro_rules! small_driver {
    ($token:ty, $feat:literal) => {
        /// Blocks the one-register path takes: one per 32-bit lane of the four xmm word
        /// registers, so 1 to 4 blocks cost the same 32-round chain.
        const SMALL: usize = 4;

        /// Up to 4 blocks in place (§7.1, §7.2 with `DEC`), round keys `yk` from [`y_keys`].
        #[target_feature(enable = $feat)]
        fn small<const DEC: bool>(yk: &[u32; 32], blocks: &mut [$crate::traits::Block]) {
            debug_assert!(blocks.len() <= SMALL);
            let out = small_core::<DEC>(yk, load4(blocks));
            for (b, o) in blocks.iter_mut().zip(out) {
                // SAFETY: a block is 16 writable bytes.
                unsafe { _mm_storeu_si128(b.as_mut_ptr().cast(), o) };
            }
        }

        /// CTR on up to 4 blocks: E(ctr), E(ctr+1), … XORed into `data` (`ctr` is not
        /// advanced). The counter blocks are public; the keystream stays in registers. Out of
        /// line, so that the bulk CTR loop that calls it for a tail compiles as before.
        #[target_feature(enable = $feat)]
        #[inline(never)]
        fn small_ctr(
            yk: &[u32; 32],
            ctr: &$crate::traits::Block,
            width: $crate::traits::CtrWidth,
            data: &mut [$crate::traits::Block],
        ) {
            debug_assert!(data.len() <= SMALL);
            let mut c = [*ctr; SMALL];
            for i in 1..data.len() {
                c[i] = c[i - 1];
                width.add(&mut c[i], 1);
            }
            let ks = small_core::<false>(yk, load4(&c[..data.len()]));
            for (b, k) in data.iter_mut().zip(ks) {
                let p = b.as_mut_ptr().cast();
                // SAFETY: a block is 16 readable and writable bytes.
                unsafe { _mm_storeu_si128(p, _mm_xor_si128(_mm_loadu_si128(p), k)) };
            }
        }

        /// Block k of `blocks` in register k, zero past the end (the length is public).
        #[target_feature(enable = $feat)]
        #[inline]
        fn load4(blocks: &[$crate::traits::Block]) -> [__m128i; 4] {
            core::array::from_fn(|k| match blocks.get(k) {
                // SAFETY: a block is 16 readable bytes.
                Some(b) => unsafe { _mm_loadu_si128(b.as_ptr().cast()) },
                None => _mm_setzero_si128(),
            })
        }

        /// Four blocks in registers through the 32 rounds: word j of block k in lane k of
        /// `w[j]`, in the Y domain. A round is S-box, L and two XOR levels on the chain; the
        /// round keys (broadcast from memory) and Y_i ^ Y_{i+2} ^ Y_{i+3} are computed beside it.
        #[target_feature(enable = $feat)]
        #[inline]
        fn small_core<const DEC: bool>(yk: &[u32; 32], v: [__m128i; 4]) -> [__m128i; 4] {
            let mut w = transpose4(v).map(|x| s_in(x));
            // rk'_i, reversed for decryption (§7.2). The 33rd key of the last round's unused
            // next input may be anything: i = 32 wraps to 0.
            let key = |i: usize| {
                let i = i % 32;
                _mm_set1_epi32(yk[if DEC { 31 - i } else { i }] as i32)
            };
            // a = Y_{i+1} ^ Y_{i+2} ^ Y_{i+3} ^ rk'_i, with w[i % 4] = Y_i.
            let mut a = _mm_xor_si128(_mm_xor_si128(w[1], w[2]), _mm_xor_si128(w[3], key(0)));
            // Round i: Y_{i+4} = Y_i ^ F(a); the next input is c ^ Y_i ^ F(a) with
            // c = Y_{i+2} ^ Y_{i+3} ^ rk'_{i+1}, so s_round adds c ^ Y_i and Y_{i+4} = a' ^ c.
            // (A macro, so that the word indices are constants and the state stays in
            // registers.)
            macro_rules! round {
                ($i:literal, $k:expr) => {
                    let c = _mm_xor_si128(_mm_xor_si128(w[($i + 2) % 4], w[($i + 3) % 4]), $k);
                    a = s_round(a, _mm_xor_si128(c, w[$i]));
                    w[$i] = _mm_xor_si128(a, c);
                };
            }
            for i in (0..32).step_by(4) {
                round!(0, key(i + 1));
                round!(1, key(i + 2));
                round!(2, key(i + 3));
                round!(3, key(i + 4));
            }
            // §7.1: the output is (X35, X34, X33, X32).
            transpose4([s_out(w[3]), s_out(w[2]), s_out(w[1]), s_out(w[0])])
        }

        /// The round keys for [`small`]: in the Y domain, byte-swapped as lanes hold words.
        pub(crate) fn y_keys(_: $token, rk: &[u32; 32]) -> [u32; 32] {
            // SAFETY: the token proves the features `to_y` is compiled for.
            unsafe { to_y(rk) }
        }

        #[target_feature(enable = $feat)]
        fn to_y(rk: &[u32; 32]) -> [u32; 32] {
            let bswap = v128(&$crate::sm4::x86_64_common::BSWAP32);
            let mut y = [0u32; 32];
            for (o, i) in y.chunks_exact_mut(4).zip(rk.chunks_exact(4)) {
                // SAFETY: four words are 16 readable bytes.
                let k = unsafe { _mm_loadu_si128(i.as_ptr().cast()) };
                let k = s_key(_mm_shuffle_epi8(k, bswap));
                // SAFETY: four words are 16 writable bytes.
                unsafe { _mm_storeu_si128(o.as_mut_ptr().cast(), k) };
            }
            y
        }

        /// 4×4 transpose of 32-bit words (an involution): four blocks to four words.
        #[target_feature(enable = $feat)]
        #[inline]
        fn transpose4(v: [__m128i; 4]) -> [__m128i; 4] {
            let t0 = _mm_unpacklo_epi32(v[0], v[1]);
            let t1 = _mm_unpackhi_epi32(v[0], v[1]);
            let t2 = _mm_unpacklo_epi32(v[2], v[3]);
            let t3 = _mm_unpackhi_epi32(v[2], v[3]);
            [
                _mm_unpacklo_epi64(t0, t2),
                _mm_unpackhi_epi64(t0, t2),
                _mm_unpacklo_epi64(t1, t3),
                _mm_unpackhi_epi64(t1, t3),
            ]
        }

        /// A 16-byte constant as a vector.
        #[target_feature(enable = $feat)]
        #[inline]
        fn v128(m: &[u8; 16]) -> __m128i {
            let w =
                |i: usize| i32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]);
            _mm_setr_epi32(w(0), w(1), w(2), w(3))
        }

        /// The round keys rk₀ … rk₃₁ (GB/T 32907 §7.3), τ on this backend's S-box.
        pub(crate) fn expand_key(_: $token, key: &[u8; 16]) -> [u32; 32] {
            // SAFETY: the token proves the features `expand` is compiled for.
            unsafe { expand(key) }
        }

        #[target_feature(enable = $feat)]
        fn expand(key: &[u8; 16]) -> [u32; 32] {
            use $crate::sm4::soft;
            let [mut k0, mut k1, mut k2, mut k3] = soft::key_words(key);
            let mut rk = [0u32; 32];
            // K_{i+4} = K_i ⊕ L'(τ(K_{i+1} ⊕ K_{i+2} ⊕ K_{i+3} ⊕ CK_i)), rk_i = K_{i+4}; four
            // rounds per step, so that the words stay in general registers.
            for (r, ck) in rk.chunks_exact_mut(4).zip(soft::CK.chunks_exact(4)) {
                k0 ^= soft::l_key(s_tau(k1 ^ k2 ^ k3 ^ ck[0]));
                k1 ^= soft::l_key(s_tau(k2 ^ k3 ^ k0 ^ ck[1]));
                k2 ^= soft::l_key(s_tau(k3 ^ k0 ^ k1 ^ ck[2]));
                k3 ^= soft::l_key(s_tau(k0 ^ k1 ^ k2 ^ ck[3]));
                r.copy_from_slice(&[k0, k1, k2, k3]);
            }
            rk
        }

        #[cfg(all(test, feature = "std"))]
        mod small_tests {
            use super::*;
            use $crate::cpu::Token as _;
            use $crate::sm4::x86_64_common::testutil as tu;

            #[test]
            fn tau_matches_standard_table() {
                let Some(_) = <$token>::get() else { return };
                for pos in 0..4 {
                    for x in 0..=255u32 {
                        let w = x << (8 * pos) | 0x5a5a_5a5a & !(0xff << (8 * pos));
                        // SAFETY: the token above proves the features.
                        assert_eq!(unsafe { s_tau(w) }, tu::tau(w), "τ({w:08x})");
                    }
                }
            }

            #[test]
            fn key_schedule_matches_reference() {
                let Some(tok) = <$token>::get() else { return };
                tu::check_key_schedule(&|key| expand_key(tok, key));
            }

            #[test]
            fn small_path_matches_rustcrypto() {
                let Some(tok) = <$token>::get() else { return };
                tu::check_small(
                    // SAFETY: the token above proves the features.
                    &|rk, b| unsafe { small::<false>(&y_keys(tok, rk), b) },
                    // SAFETY: the token above proves the features.
                    &|rk, b| unsafe { small::<true>(&y_keys(tok, rk), b) },
                );
            }
        }
    };
}
pub(super) use small_driver;

/// The 256-bit driver shared by the AVX2 backends: blocks in groups of 8, transposed into four
/// ymm registers (one word each, little-endian lanes), `$groups` groups per step. Expects, in
/// the invoking module, `use core::arch::x86_64::*;` and a round function
/// `fn t_into(x0: __m256i, x: __m256i) -> __m256i` (X0 ^ T(x), §6.1–6.2) compiled for
/// `$feat`. Generates the backend's entry points, which take `$token` as proof of `$feat`,
/// and their unit tests.
macro_rules! avx2_driver {
    ($token:ty, $feat:literal, $groups:literal) => {
        use $crate::traits::{Block, CtrWidth};

        /// Blocks in one group (8 lanes of 32 bits).
        const GROUP: usize = 8;
        const STEP: usize = $groups * GROUP;

        /// The four words of 8 blocks, one per register.
        type Words = [__m256i; 4];

        /// Encrypt `blocks` in place with the round keys `rk` (GB/T 32907 §7.1), or for 1 to
        /// 4 blocks with `yk` = [`y_keys`] of them.
        pub(crate) fn encrypt_blocks(
            _: $token,
            rk: &[u32; 32],
            yk: &[u32; 32],
            blocks: &mut [Block],
        ) {
            if (1..=SMALL).contains(&blocks.len()) {
                // SAFETY: the token proves the features `small` is compiled for.
                unsafe { small::<false>(yk, blocks) }
            } else {
                // SAFETY: the token proves the features `ecb` is compiled for.
                unsafe { ecb::<false>(rk, blocks) }
            }
        }

        /// Decrypt `blocks` in place: the same rounds with the keys reversed (§7.2).
        pub(crate) fn decrypt_blocks(
            _: $token,
            rk: &[u32; 32],
            yk: &[u32; 32],
            blocks: &mut [Block],
        ) {
            if (1..=SMALL).contains(&blocks.len()) {
                // SAFETY: the token proves the features `small` is compiled for.
                unsafe { small::<true>(yk, blocks) }
            } else {
                // SAFETY: the token proves the features `ecb` is compiled for.
                unsafe { ecb::<true>(rk, blocks) }
            }
        }

        /// XOR the keystream E(ctr), E(ctr+1), … into `data` and advance `ctr` by
        /// `data.len()` within `width` (GB/T 17964-2021 CTR; SP 800-38A Appendix B.1).
        pub(crate) fn ctr_xor_blocks(
            _: $token,
            rk: &[u32; 32],
            yk: &[u32; 32],
            ctr: &mut Block,
            width: CtrWidth,
            data: &mut [Block],
        ) {
            // SAFETY: the token proves the features `ctr_xor` is compiled for.
            unsafe { ctr_xor(rk, yk, ctr, width, data) }
        }

        #[target_feature(enable = $feat)]
        fn ecb<const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
            for chunk in blocks.chunks_mut(STEP) {
                // Only a last, short chunk takes fewer groups.
                match chunk.len().div_ceil(GROUP) {
                    1 => ecb_step::<1, DEC>(rk, chunk),
                    2 => ecb_step::<2, DEC>(rk, chunk),
                    3 | 4 => ecb_step::<{ if $groups < 4 { $groups } else { 4 } }, DEC>(rk, chunk),
                    _ => ecb_step::<$groups, DEC>(rk, chunk),
                }
            }
        }

        /// Up to `8·G` blocks in `G` groups; trailing groups may be partial or empty.
        #[target_feature(enable = $feat)]
        fn ecb_step<const G: usize, const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
            let mut s = [[_mm256_setzero_si256(); 4]; G];
            for (g, w) in s.iter_mut().enumerate() {
                *w = transpose(load(group(blocks, g)));
            }
            rounds::<G, DEC>(&mut s, rk);
            for (g, w) in s.iter().enumerate() {
                // §7.1: the output is (X35, X34, X33, X32).
                store(group_mut(blocks, g), transpose([w[3], w[2], w[1], w[0]]));
            }
        }

        #[target_feature(enable = $feat)]
        fn ctr_xor(
            rk: &[u32; 32],
            yk: &[u32; 32],
            ctr: &mut Block,
            width: CtrWidth,
            data: &mut [Block],
        ) {
            for chunk in data.chunks_mut(STEP) {
                let n = chunk.len();
                if n <= SMALL {
                    small_ctr(yk, ctr, width, chunk);
                } else if !$crate::sm4::ctr_in_low_word(ctr, width, n) {
                    // The low word carries inside this step (the counter is public): counter
                    // blocks in memory.
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
                } else {
                    match n.div_ceil(GROUP) {
                        1 => ctr_step::<1>(rk, ctr, chunk),
                        2 => ctr_step::<2>(rk, ctr, chunk),
                        3 | 4 => {
                            ctr_step::<{ if $groups < 4 { $groups } else { 4 } }>(rk, ctr, chunk)
                        }
                        _ => ctr_step::<$groups>(rk, ctr, chunk),
                    }
                }
                width.add(ctr, n as u64);
            }
        }

        /// Fused CTR on up to `8·G` blocks: the counter words are built in registers (words
        /// 0–2 broadcast, the low word counted and byte-swapped), encrypted and XORed into
        /// `data`.
        #[target_feature(enable = $feat)]
        fn ctr_step<const G: usize>(rk: &[u32; 32], ctr: &Block, data: &mut [Block]) {
            let w = $crate::sm4::x86_64_common::ctr_words(ctr);
            let low = _mm256_set1_epi32(w[3] as i32);
            let bswap = bcast128(&$crate::sm4::x86_64_common::BSWAP32);
            // Lane 4k + i of a transposed group holds block 2i + k (see `transpose`).
            let lane = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
            let mut s = [[_mm256_setzero_si256(); 4]; G];
            for (g, x) in s.iter_mut().enumerate() {
                let count = _mm256_add_epi32(low, _mm256_set1_epi32((GROUP * g) as i32));
                *x = [
                    _mm256_set1_epi32(w[0] as i32),
                    _mm256_set1_epi32(w[1] as i32),
                    _mm256_set1_epi32(w[2] as i32),
                    _mm256_shuffle_epi8(_mm256_add_epi32(count, lane), bswap),
                ];
            }
            rounds::<G, false>(&mut s, rk);
            for (g, x) in s.iter().enumerate() {
                let d = group_mut(data, g);
                let ks = transpose([x[3], x[2], x[1], x[0]]);
                let v = load(d);
                store(d, core::array::from_fn(|i| _mm256_xor_si256(v[i], ks[i])));
            }
        }

        /// Group `g` of a step: up to 8 blocks, empty past the end.
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

        /// Load up to 8 blocks, two per register (a short group through a zeroed buffer).
        #[target_feature(enable = $feat)]
        #[inline]
        fn load(b: &[Block]) -> Words {
            #[target_feature(enable = $feat)]
            #[inline]
            fn load8(b: &[Block; GROUP]) -> Words {
                let p = b.as_ptr().cast::<__m256i>();
                // SAFETY: 8 blocks are four 32-byte vectors, read unaligned.
                core::array::from_fn(|i| unsafe { _mm256_loadu_si256(p.add(i)) })
            }
            match b.try_into() {
                Ok(full) => load8(full),
                Err(_) => {
                    let mut buf = [[0u8; 16]; GROUP];
                    buf[..b.len()].copy_from_slice(b);
                    let w = load8(&buf);
                    zeroize::Zeroize::zeroize(&mut buf);
                    w
                }
            }
        }

        /// Store four registers as up to 8 blocks.
        #[target_feature(enable = $feat)]
        #[inline]
        fn store(b: &mut [Block], z: Words) {
            let mut buf = [[0u8; 16]; GROUP];
            let n = b.len();
            let dst = if n == GROUP { &mut *b } else { &mut buf[..] };
            let p = dst.as_mut_ptr().cast::<__m256i>();
            for (i, zi) in z.into_iter().enumerate() {
                // SAFETY: `dst` is 8 blocks = four 32-byte vectors, written unaligned.
                unsafe { _mm256_storeu_si256(p.add(i), zi) }
            }
            if n < GROUP {
                b.copy_from_slice(&buf[..n]);
                zeroize::Zeroize::zeroize(&mut buf);
            }
        }

        /// 4×4 transpose of 32-bit words in each 128-bit lane: from four registers of two
        /// blocks (register i, lane k holds block 2i + k) to one register per word (dword
        /// 4k + i), and back (it is an involution).
        #[target_feature(enable = $feat)]
        #[inline]
        fn transpose(z: Words) -> Words {
            let t0 = _mm256_unpacklo_epi32(z[0], z[1]);
            let t1 = _mm256_unpackhi_epi32(z[0], z[1]);
            let t2 = _mm256_unpacklo_epi32(z[2], z[3]);
            let t3 = _mm256_unpackhi_epi32(z[2], z[3]);
            [
                _mm256_unpacklo_epi64(t0, t2),
                _mm256_unpackhi_epi64(t0, t2),
                _mm256_unpacklo_epi64(t1, t3),
                _mm256_unpackhi_epi64(t1, t3),
            ]
        }

        /// A 16-byte constant in both 128-bit lanes.
        #[target_feature(enable = $feat)]
        #[inline]
        fn bcast128(m: &[u8; 16]) -> __m256i {
            let w =
                |i: usize| i32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]);
            _mm256_setr_epi32(w(0), w(1), w(2), w(3), w(0), w(1), w(2), w(3))
        }

        /// The 32 rounds (§7.1) on `G` groups, interleaved; decryption takes the round keys
        /// in reverse (§7.2).
        #[target_feature(enable = $feat)]
        #[inline]
        fn rounds<const G: usize, const DEC: bool>(s: &mut [Words; G], rk: &[u32; 32]) {
            // Lanes hold words little-endian, so the round keys are byte-swapped too.
            let key =
                |i: usize| _mm256_set1_epi32(rk[if DEC { 31 - i } else { i }].swap_bytes() as i32);
            // Rounds i and i+1 on words (a, b, c, d) = X_i..X_{i+3} of every group: X_{i+4}
            // replaces X_i in a, X_{i+5} replaces X_{i+1} in b; X_{i+2}^X_{i+3} serves both.
            // (A macro, so that the indices are constants and the state stays in registers.)
            macro_rules! pair {
                ($a:literal, $b:literal, $c:literal, $d:literal, $k0:expr, $k1:expr) => {
                    let (k0, k1) = ($k0, $k1);
                    for w in s.iter_mut() {
                        let cd = _mm256_xor_si256(w[$c], w[$d]);
                        let x = _mm256_xor_si256(_mm256_xor_si256(w[$b], cd), k0);
                        w[$a] = t_into(w[$a], x);
                        let x = _mm256_xor_si256(_mm256_xor_si256(w[$a], cd), k1);
                        w[$b] = t_into(w[$b], x);
                    }
                };
            }
            for i in (0..32).step_by(4) {
                pair!(0, 1, 2, 3, key(i), key(i + 1));
                pair!(2, 3, 0, 1, key(i + 2), key(i + 3));
            }
        }

        /// T on words given as standard (big-endian) values, through the lane representation.
        #[cfg(all(test, feature = "std"))]
        fn t_words(_: $token, x: &[u32]) -> std::vec::Vec<u32> {
            #[target_feature(enable = $feat)]
            fn t8(x: &[u32; 8]) -> [u32; 8] {
                let v = x.map(u32::swap_bytes);
                // SAFETY: 32 readable bytes.
                let y = unsafe { _mm256_loadu_si256(v.as_ptr().cast()) };
                let z = t_into(_mm256_setzero_si256(), y);
                let mut out = [0u32; 8];
                // SAFETY: 32 writable bytes.
                unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), z) };
                out.map(u32::swap_bytes)
            }
            x.chunks(8)
                .flat_map(|c| {
                    let mut a = [0u32; 8];
                    a[..c.len()].copy_from_slice(c);
                    // SAFETY: the token argument proves the features.
                    let r = unsafe { t8(&a) };
                    r[..c.len()].to_vec()
                })
                .collect()
        }

        #[cfg(all(test, feature = "std"))]
        mod tests {
            use super::*;

            $crate::sm4::x86_64_common::testutil::backend_tests!(
                $token,
                encrypt_blocks,
                decrypt_blocks,
                ctr_xor_blocks,
                t_words
            );
        }
    };
}
pub(super) use avx2_driver;

#[cfg(all(test, feature = "std"))]
pub(super) mod testutil {
    //! Reference SM4 pieces and the checks every x86-64 backend runs.

    use crate::traits::{Block, CtrWidth};
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    use sm4::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
    use std::vec::Vec;

    /// The S-box, GB/T 32907-2016 §6.2 (test code only: indexed by data).
    pub(crate) const SBOX: [u8; 256] = [
        0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c,
        0x05, 0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86,
        0x06, 0x99, 0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed,
        0xcf, 0xac, 0x62, 0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa,
        0x75, 0x8f, 0x3f, 0xa6, 0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c,
        0x19, 0xe6, 0x85, 0x4f, 0xa8, 0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb,
        0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35, 0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25,
        0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87, 0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52,
        0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e, 0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38,
        0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1, 0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34,
        0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3, 0x1d, 0xf6, 0xe2, 0x2e, 0x82,
        0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f, 0xd5, 0xdb, 0x37, 0x45,
        0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51, 0x8d, 0x1b, 0xaf,
        0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8, 0x0a, 0xc1,
        0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0, 0x89,
        0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
        0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39,
        0x48,
    ];

    /// GB/T 32907 §7.3: FK.
    const FK: [u32; 4] = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];

    /// τ, §6.2.1, by the table.
    pub(crate) fn tau(a: u32) -> u32 {
        u32::from_be_bytes(a.to_be_bytes().map(|b| SBOX[b as usize]))
    }

    /// T = L∘τ of the round function, §6.2.
    pub(crate) fn t(a: u32) -> u32 {
        let b = tau(a);
        b ^ b.rotate_left(2) ^ b.rotate_left(10) ^ b.rotate_left(18) ^ b.rotate_left(24)
    }

    /// The key schedule, §7.3: rk in encryption order.
    pub(crate) fn round_keys(key: &[u8; 16]) -> [u32; 32] {
        let mut k = [0u32; 36];
        for i in 0..4 {
            let w = [key[4 * i], key[4 * i + 1], key[4 * i + 2], key[4 * i + 3]];
            k[i] = u32::from_be_bytes(w) ^ FK[i];
        }
        let mut rk = [0u32; 32];
        for i in 0..32 {
            // CK_i: byte j is (4i + j)·7 mod 256.
            let ck = u32::from_be_bytes(core::array::from_fn(|j| ((4 * i + j) * 7) as u8));
            let b = tau(k[i + 1] ^ k[i + 2] ^ k[i + 3] ^ ck);
            k[i + 4] = k[i] ^ b ^ b.rotate_left(13) ^ b.rotate_left(23);
            rk[i] = k[i + 4];
        }
        rk
    }

    /// A backend's block function, token already bound.
    pub(crate) type BlocksFn<'a> = &'a dyn Fn(&[u32; 32], &mut [Block]);
    /// A backend's fused CTR, token already bound.
    pub(crate) type CtrFn<'a> = &'a dyn Fn(&[u32; 32], &mut Block, CtrWidth, &mut [Block]);

    /// Encrypt-blocks, decrypt-blocks and fused CTR of one backend.
    pub(crate) struct Kernels<'a> {
        pub enc: BlocksFn<'a>,
        pub dec: BlocksFn<'a>,
        pub ctr: CtrFn<'a>,
    }

    fn rng(seed: u64) -> StdRng {
        StdRng::seed_from_u64(seed)
    }

    fn random_blocks(r: &mut StdRng, n: usize) -> Vec<Block> {
        (0..n).map(|_| r.random()).collect()
    }

    /// The key schedule above agrees with RustCrypto's cipher on Annex A example 1.
    pub(crate) fn check_round_keys() {
        let key = hex16("0123456789abcdeffedcba9876543210");
        let rk = round_keys(&key);
        // GB/T 32907 Annex A.1 lists rk0 and rk31.
        assert_eq!(rk[0], 0xf12186f9);
        assert_eq!(rk[31], 0x9124a012);
    }

    /// A backend's key schedule against the reference: Annex A example 1 (all 32 round keys,
    /// as the standard lists them) and 2000 random keys.
    pub(crate) fn check_key_schedule(expand: &dyn Fn(&[u8; 16]) -> [u32; 32]) {
        const ANNEX_A_RK: [u32; 32] = [
            0xf12186f9, 0x41662b61, 0x5a6ab19a, 0x7ba92077, 0x367360f4, 0x776a0c61, 0xb6bb89b3,
            0x24763151, 0xa520307c, 0xb7584dbd, 0xc30753ed, 0x7ee55b57, 0x6988608c, 0x30d895b7,
            0x44ba14af, 0x104495a1, 0xd120b428, 0x73b55fa3, 0xcc874966, 0x92244439, 0xe89e641f,
            0x98ca015a, 0xc7159060, 0x99e1fd2e, 0xb79bd80c, 0x1d2115b0, 0x0e228aeb, 0xf1780c81,
            0x428d3654, 0x62293496, 0x01cf72e5, 0x9124a012,
        ];
        assert_eq!(
            expand(&hex16("0123456789abcdeffedcba9876543210")),
            ANNEX_A_RK
        );
        let mut r = rng(4);
        for _ in 0..2000 {
            let key: Block = r.random();
            assert_eq!(expand(&key), round_keys(&key), "key {key:02x?}");
        }
    }

    /// The one-register path on 0 to 4 blocks both ways against RustCrypto `sm4`, every block
    /// count with many keys, and Annex A example 2 (1,000,000 encryptions of one block).
    pub(crate) fn check_small(enc: BlocksFn<'_>, dec: BlocksFn<'_>) {
        let mut r = rng(5);
        for n in 0..=4 {
            for _ in 0..500 {
                let key: Block = r.random();
                let rk = round_keys(&key);
                let rc = sm4::Sm4::new(&key.into());
                let pt = random_blocks(&mut r, n);
                let mut want = pt.clone();
                for b in want.iter_mut() {
                    rc.encrypt_block(b.into());
                }
                let mut buf = pt.clone();
                enc(&rk, &mut buf);
                assert_eq!(buf, want, "encrypt, {n} blocks");
                dec(&rk, &mut buf);
                assert_eq!(buf, pt, "decrypt, {n} blocks");
            }
        }
        check_annex_a(enc, dec);
    }

    pub(crate) fn hex16(s: &str) -> Block {
        core::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
    }

    /// T of the backend against the reference on every byte value in every position.
    pub(crate) fn check_t(t_lanes: &dyn Fn(&[u32]) -> Vec<u32>) {
        let mut inputs = Vec::new();
        for pos in 0..4 {
            for b in 0..=255u32 {
                inputs.push(b << (8 * pos) | 0x5a5a5a5a & !(0xff << (8 * pos)));
            }
        }
        let mut r = rng(1);
        inputs.extend((0..1000).map(|_| r.random::<u32>()));
        let got = t_lanes(&inputs);
        for (x, y) in inputs.iter().zip(got) {
            assert_eq!(y, t(*x), "T({x:08x})");
        }
    }

    /// ECB both ways against RustCrypto `sm4` for every block count 0..=300.
    pub(crate) fn check_ecb(k: &Kernels<'_>) {
        let mut r = rng(2);
        for n in 0..=300 {
            let key: Block = r.random();
            let rk = round_keys(&key);
            let rc = sm4::Sm4::new(&key.into());
            let pt = random_blocks(&mut r, n);
            let mut want = pt.clone();
            for b in want.iter_mut() {
                rc.encrypt_block(b.into());
            }
            let mut buf = pt.clone();
            (k.enc)(&rk, &mut buf);
            assert_eq!(buf, want, "encrypt, {n} blocks");
            (k.dec)(&rk, &mut buf);
            assert_eq!(buf, pt, "decrypt, {n} blocks");
            let mut back = want.clone();
            for b in back.iter_mut() {
                rc.decrypt_block(b.into());
            }
            assert_eq!(back, pt);
        }
    }

    /// Keystream by the RustCrypto cipher and `CtrWidth::add`, counter after.
    fn ctr_ref(key: &Block, ctr: &Block, width: CtrWidth, data: &mut [Block]) -> Block {
        let rc = sm4::Sm4::new(&(*key).into());
        let mut c = *ctr;
        for d in data.iter_mut() {
            let mut ks = c;
            rc.encrypt_block((&mut ks).into());
            for (x, y) in d.iter_mut().zip(ks) {
                *x ^= y;
            }
            width.add(&mut c, 1);
        }
        c
    }

    /// Fused CTR for every block count 0..=300 and each width, with counters placed to wrap at
    /// 32, 64 and 128 bits inside the run, and in several calls on one counter.
    pub(crate) fn check_ctr(k: &Kernels<'_>) {
        let mut r = rng(3);
        let widths = [CtrWidth::Bits32, CtrWidth::Bits64, CtrWidth::Bits128];
        for n in 0..=300usize {
            for (wi, &width) in widths.iter().enumerate() {
                let key: Block = r.random();
                let rk = round_keys(&key);
                let mut ctr: Block = r.random();
                // Place the counter a few blocks before a carry out of 32, 64 or 128 bits.
                let back = r.random_range(0..=n.max(1) as u32 + 2);
                let carry_bytes = [4usize, 8, 16][(n + wi) % 3];
                for b in ctr[16 - carry_bytes..].iter_mut() {
                    *b = 0xff;
                }
                let low = u32::from_be_bytes([ctr[12], ctr[13], ctr[14], ctr[15]]);
                ctr[12..].copy_from_slice(&(low - back).to_be_bytes());
                let data = random_blocks(&mut r, n);
                let mut want = data.clone();
                let want_ctr = ctr_ref(&key, &ctr, width, &mut want);
                let mut got = data.clone();
                let mut got_ctr = ctr;
                (k.ctr)(&rk, &mut got_ctr, width, &mut got);
                assert_eq!(got, want, "ctr {width:?}, {n} blocks, counter {ctr:02x?}");
                assert_eq!(got_ctr, want_ctr, "counter after, {width:?}, {n} blocks");
                // The same stream in uneven pieces.
                let mut got = data.clone();
                let mut c = ctr;
                let mut at = 0;
                while at < n {
                    let len = r.random_range(1..=n - at);
                    (k.ctr)(&rk, &mut c, width, &mut got[at..at + len]);
                    at += len;
                }
                assert_eq!(got, want, "ctr in pieces {width:?}, {n} blocks");
                assert_eq!(c, want_ctr);
            }
        }
    }

    /// GB/T 32907 Annex A, examples 1 and 2 (the latter: 1,000,000 encryptions in a row).
    pub(crate) fn check_annex_a(enc: BlocksFn<'_>, dec: BlocksFn<'_>) {
        let key = hex16("0123456789abcdeffedcba9876543210");
        let rk = round_keys(&key);
        let mut b = [key];
        enc(&rk, &mut b);
        assert_eq!(b[0], hex16("681edf34d206965e86b3e94f536e4246"));
        dec(&rk, &mut b);
        assert_eq!(b[0], key);
        for _ in 0..1_000_000 {
            enc(&rk, &mut b);
        }
        assert_eq!(b[0], hex16("595298c7c6fd271f0402f804c33d3f66"));
        for _ in 0..1_000_000 {
            dec(&rk, &mut b);
        }
        assert_eq!(b[0], key);
    }

    /// Generates the unit tests of one backend; `$token` gates them, `$t` exposes its T.
    macro_rules! backend_tests {
        ($token:ty, $enc:path, $dec:path, $ctr:path, $t:path) => {
            use crate::cpu::Token as _;
            use crate::sm4::x86_64_common::testutil as tu;

            fn token() -> Option<$token> {
                let t = <$token>::get();
                if t.is_none() {
                    std::eprintln!(
                        "skipped: this CPU lacks {:?}",
                        <$token as crate::cpu::Token>::FEATURES
                    );
                }
                t
            }

            fn with_kernels(f: impl Fn(&tu::Kernels<'_>)) {
                let Some(tok) = token() else { return };
                f(&tu::Kernels {
                    enc: &|rk, b| $enc(tok, rk, &y_keys(tok, rk), b),
                    dec: &|rk, b| $dec(tok, rk, &y_keys(tok, rk), b),
                    ctr: &|rk, c, w, d| $ctr(tok, rk, &y_keys(tok, rk), c, w, d),
                });
            }

            #[test]
            fn reference_key_schedule() {
                tu::check_round_keys();
            }

            #[test]
            fn t_matches_standard_table() {
                let Some(tok) = token() else { return };
                tu::check_t(&|x| $t(tok, x));
            }

            #[test]
            fn ecb_matches_rustcrypto() {
                with_kernels(tu::check_ecb);
            }

            #[test]
            fn ctr_matches_rustcrypto() {
                with_kernels(tu::check_ctr);
            }

            #[test]
            fn annex_a_examples() {
                with_kernels(|k| tu::check_annex_a(k.enc, k.dec));
            }
        };
    }
    pub(crate) use backend_tests;
}
