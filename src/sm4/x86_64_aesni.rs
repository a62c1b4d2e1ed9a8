//! SM4 (GB/T 32907-2016) with AES-NI and AVX2: the S-box through the AES S-box.
//!
//! τ(x) = A·I(A·x ⊕ 0xD3) ⊕ 0xD3 is computed as: the input affine map with the field
//! isomorphism folded in (two nibble `vpshufb` lookups), AES SubBytes by `aesenclast` with a zero
//! round key, then P and Q of the rewritten L (see `x86_64_common`), each two nibble lookups
//! that also undo SubBytes' affine map; R = P ^ Q. Four `vpshufb` undo ShiftRows and rotate the
//! bytes at once. A round for 8 blocks: 2.5 XORs for X1^X2^X3^rk, 6 for the input map, one
//! `vaesenclast` (or two `aesenclast` and two lane moves without VAES), 3 for the nibbles, 7 for
//! P, Q, R, 4 shuffles and 4 XORs for L: 27.5 instructions.
//!
//! Two variants: `vaes` (VAES on 256-bit registers) and `aesni` (128-bit `aesenclast` on each
//! half, for CPUs without VAES).
//!
//! One to four blocks take the one-register path of `x86_64_common` on xmm registers
//! (`aesenclast`, nibble tables of P, Q, R in the folded domain, four shuffles that undo
//! ShiftRows and rotate). The key schedule computes τ with `aesenclast` on one word broadcast
//! to all four columns, which ShiftRows then leaves in place.

use super::x86_64_common as common;

/// One variant: its token, features and the `aesenclast` of a 256-bit register by zero.
macro_rules! aes_backend {
    ($token:ty, $feat:literal, |$a:ident| $sub_bytes:expr) => {
        use core::arch::x86_64::*;

        use super::common;

        /// X0 ^ T(x) in little-endian lanes, x = X1^X2^X3^rk (§6.1–6.2).
        #[target_feature(enable = $feat)]
        #[inline]
        fn t_into(x0: __m256i, x: __m256i) -> __m256i {
            const ISR0: [u8; 16] = common::shuffle(0, true);
            const ISR8: [u8; 16] = common::shuffle(1, true);
            const ISR16: [u8; 16] = common::shuffle(2, true);
            const ISR24: [u8; 16] = common::shuffle(3, true);
            let nib = _mm256_set1_epi8(0x0f);
            let lookup = |lo: &[u8; 16], hi: &[u8; 16], l: __m256i, h: __m256i| {
                _mm256_xor_si256(
                    _mm256_shuffle_epi8(bcast128(lo), l),
                    _mm256_shuffle_epi8(bcast128(hi), h),
                )
            };
            let split = |v: __m256i| {
                (
                    _mm256_and_si256(v, nib),
                    _mm256_and_si256(_mm256_srli_epi16::<4>(v), nib),
                )
            };
            let (l, h) = split(x);
            let $a = lookup(&common::AES_PRE_LO, &common::AES_PRE_HI, l, h);
            // ShiftRows(SubBytes(a)); ShiftRows is undone by the shuffles below.
            let y = $sub_bytes;
            let (l, h) = split(y);
            let p = lookup(&common::AES_P_LO, &common::AES_P_HI, l, h);
            let q = lookup(&common::AES_Q_LO, &common::AES_Q_HI, l, h);
            let r = _mm256_xor_si256(p, q);
            let l = _mm256_xor_si256(
                _mm256_xor_si256(
                    _mm256_shuffle_epi8(p, bcast128(&ISR0)),
                    _mm256_shuffle_epi8(q, bcast128(&ISR8)),
                ),
                _mm256_xor_si256(
                    _mm256_shuffle_epi8(q, bcast128(&ISR16)),
                    _mm256_shuffle_epi8(r, bcast128(&ISR24)),
                ),
            );
            _mm256_xor_si256(x0, l)
        }

        /// One nibble-table lookup: `lo[x & 15] ^ hi[x >> 4]` on every byte.
        #[target_feature(enable = $feat)]
        #[inline]
        fn look(t: &([u8; 16], [u8; 16]), x: __m128i) -> __m128i {
            let nib = _mm_set1_epi8(0x0f);
            _mm_xor_si128(
                _mm_shuffle_epi8(v128(&t.0), _mm_and_si128(x, nib)),
                _mm_shuffle_epi8(v128(&t.1), _mm_and_si128(_mm_srli_epi16::<4>(x), nib)),
            )
        }

        /// Words to the Y domain: M·A·x.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_in(x: __m128i) -> __m128i {
            look(&common::AES_Y, x)
        }

        /// Y domain to words: (M·A)⁻¹·y.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_out(y: __m128i) -> __m128i {
            look(&common::AES_Y_INV, y)
        }

        /// Round keys to the Y domain: the S-box input map.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_key(k: __m128i) -> __m128i {
            look(&(common::AES_PRE_LO, common::AES_PRE_HI), k)
        }

        /// τ of one word (§6.2.1). The word fills all four columns of the AES state, so
        /// ShiftRows leaves column 0 as it is.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_tau(x: u32) -> u32 {
            let a = s_key(_mm_set1_epi32(x as i32));
            let y = _mm_aesenclast_si128(a, _mm_setzero_si128());
            _mm_cvtsi128_si32(look(&(common::AES_TAU_LO, common::AES_TAU_HI), y)) as u32
        }

        /// b ^ M·A·L(τ) of the round input `a` in the Y domain (see `x86_64_common`):
        /// `aesenclast`, the nibble split, P, Q and R by table, four shuffles that undo
        /// ShiftRows and rotate, two XOR levels. b enters before the shuffles, ShiftRows
        /// applied, beside the chain.
        #[target_feature(enable = $feat)]
        #[inline]
        fn s_round(a: __m128i, b: __m128i) -> __m128i {
            const ISR0: [u8; 16] = common::shuffle(0, true);
            const ISR8: [u8; 16] = common::shuffle(1, true);
            const ISR16: [u8; 16] = common::shuffle(2, true);
            const ISR24: [u8; 16] = common::shuffle(3, true);
            let y = _mm_aesenclast_si128(a, _mm_setzero_si128());
            let nib = _mm_set1_epi8(0x0f);
            let l = _mm_and_si128(y, nib);
            let h = _mm_and_si128(_mm_srli_epi16::<4>(y), nib);
            let lo = |t: &([u8; 16], [u8; 16])| _mm_shuffle_epi8(v128(&t.0), l);
            let hi = |t: &([u8; 16], [u8; 16])| _mm_shuffle_epi8(v128(&t.1), h);
            let sb = _mm_shuffle_epi8(b, v128(&common::SHIFT_ROWS));
            let p = _mm_xor_si128(_mm_xor_si128(lo(&common::AES_PY), sb), hi(&common::AES_PY));
            let q = _mm_xor_si128(lo(&common::AES_QY), hi(&common::AES_QY));
            let r = _mm_xor_si128(lo(&common::AES_RY), hi(&common::AES_RY));
            _mm_xor_si128(
                _mm_xor_si128(
                    _mm_shuffle_epi8(p, v128(&ISR0)),
                    _mm_shuffle_epi8(r, v128(&ISR24)),
                ),
                _mm_xor_si128(
                    _mm_shuffle_epi8(q, v128(&ISR8)),
                    _mm_shuffle_epi8(q, v128(&ISR16)),
                ),
            )
        }

        common::small_driver!($token, $feat);

        // 32 blocks per step: four groups of 8 cover the ~20-cycle round chain; more spill too
        // much (measured: 16 → 1.0, 32 → 1.4, 48 → 1.2 GB/s with VAES).
        common::avx2_driver!($token, $feat, 4);
    };
}

/// With VAES: `vaesenclast` on 256-bit registers.
pub(crate) mod vaes {
    use crate::cpu::VaesAvx2;
    aes_backend!(VaesAvx2, "avx2,aes,vaes", |a| _mm256_aesenclast_epi128(
        a,
        _mm256_setzero_si256()
    ));
}

/// Without VAES: `aesenclast` on each 128-bit half.
pub(crate) mod aesni {
    use crate::cpu::AesniAvx2;
    aes_backend!(AesniAvx2, "avx2,aes", |a| {
        let z = _mm_setzero_si128();
        _mm256_set_m128i(
            _mm_aesenclast_si128(_mm256_extracti128_si256::<1>(a), z),
            _mm_aesenclast_si128(_mm256_castsi256_si128(a), z),
        )
    });
}
