//! The SM4 S-box as a circuit of 32 AND and 82 XOR gates, evaluated on bit-planes.
//!
//! GB/T 32907 §6.2.1 gives the S-box as a table (Table 1). Algebraically it is affine–inverse–
//! affine, S(x) = A·I(A·x ⊕ C) ⊕ C, with I the inverse in GF(2⁸) = GF(2)[α]/(p(α)),
//! p(α) = α⁸ + α⁷ + α⁶ + α⁵ + α⁴ + α² + 1 (and I(0) = 0), C = 0xd3, and A the circulant map
//! A·x = x ⊕ (x ⋘ 1) ⊕ (x ⋘ 3) ⊕ (x ⋘ 6) ⊕ (x ⋘ 7) — checked against Table 1 for all 256 inputs.
//!
//! The inverse is taken in an isomorphic tower field, where it costs few AND gates:
//!
//! - GF(4) = GF(2)[W]/(W² + W + 1), normal basis (W², W);
//! - GF(16) = GF(4)[Z]/(Z² + Z + W²), polynomial basis (Z, 1);
//! - GF(256) = GF(16)[Y]/(Y² + Y + ν), ν = W²·Z + 1, normal basis (Y¹⁶, Y);
//! - α ↦ β = W·Y¹⁶ + (W²·Z + W)·Y (one of the 8 roots of p in the tower).
//!
//! For u = u₁Y¹⁶ + u₀Y the norm Δ = u¹⁷ = u₁u₀ + ν(u₁ + u₀)² lies in GF(16) and
//! u⁻¹ = Δ⁻¹u₀·Y¹⁶ + Δ⁻¹u₁·Y. Every GF(16) product is Karatsuba over GF(4) twice (9 ANDs of
//! linear forms). The circuit is:
//!
//! 1. top linear layer, 8 → 18 forms: A and the change of basis merged into one map, giving the
//!    9 Karatsuba operands of u₁ and of u₀;
//! 2. 9 ANDs for u₁·u₀, then XORs for Δ (its linear part comes from the top layer);
//! 3. Δ⁻¹ in GF(16) with 5 ANDs (a circuit found by exhaustive search, the multiplicative
//!    complexity of GF(16) inversion), then the 9 Karatsuba operands of Δ⁻¹;
//! 4. 18 ANDs for u₁·Δ⁻¹ and u₀·Δ⁻¹;
//! 5. bottom linear layer, 18 → 8: the change of basis back and A merged.
//!
//! The linear layers were minimised with a Boyar–Peralta style heuristic over all 1024 tower
//! representations (bases, N, ν, root). The affine constants are left out: the circuit computes
//! core(x) = S(x ⊕ 0x75) ⊕ 0xd3, where 0x75 = A⁻¹·C; callers fold both constants into the
//! round keys. It is checked against Table 1 for all 256 inputs, on `u32` and `u64` planes.

use core::ops::{BitAnd, BitXor};

/// What the circuit runs on: a bit-plane (`u32`, `u64`, ...), each bit an independent lane.
pub(super) trait Plane: Copy + BitAnd<Output = Self> + BitXor<Output = Self> {}

impl<T: Copy + BitAnd<Output = T> + BitXor<Output = T>> Plane for T {}

/// core(x) = S(x ⊕ 0x75) ⊕ 0xd3 on every lane; `x[j]` and the result's `[j]` hold bit j.
#[inline(always)]
pub(super) fn sbox_core<P: Plane>(x: [P; 8]) -> [P; 8] {
    let [x0, x1, x2, x3, x4, x5, x6, x7] = x;
    let t0 = x0 ^ x6;
    let t1 = x4 ^ t0;
    let t2 = x2 ^ t1;
    let t3 = x1 ^ t0;
    let t4 = x2 ^ t3;
    let t5 = x5 ^ t4;
    let t6 = t2 ^ t5;
    let t7 = x6 ^ t6;
    let t8 = t6 & t7;
    let t9 = x3 ^ x4;
    let t10 = t9 ^ t7;
    let t11 = t2 & t10;
    let t12 = t8 ^ t11;
    let t13 = x0 ^ t2;
    let t14 = t3 ^ t13;
    let t15 = t14 ^ t12;
    let t16 = t3 & t13;
    let t17 = x1 ^ x7;
    let t18 = t17 ^ t10;
    let t19 = x2 & t18;
    let t20 = t16 ^ t19;
    let t21 = t15 ^ t20;
    let t22 = t1 & t17;
    let t23 = t0 ^ t5;
    let t24 = x5 ^ t1;
    let t25 = t24 & t23;
    let t26 = t25 ^ x6;
    let t27 = t22 ^ t26;
    let t28 = t12 ^ t27;
    let t29 = t17 ^ t23;
    let t30 = x5 & t29;
    let t31 = t30 ^ t8;
    let t32 = t9 ^ t29;
    let t33 = t4 & t32;
    let t34 = t33 ^ t31;
    let t35 = t25 ^ t34;
    let t36 = x2 ^ t18;
    let t37 = t36 ^ t35;
    let t38 = t37 & t28;
    let t39 = t21 ^ t38;
    let t40 = t17 ^ t1;
    let t41 = t40 ^ t31;
    let t42 = t16 ^ t41;
    let t43 = t5 & t9;
    let t44 = t43 ^ t42;
    let t45 = t44 ^ t21;
    let t46 = t39 & t45;
    let t47 = t37 ^ t45;
    let t48 = t28 ^ t47;
    let t49 = t46 ^ t48;
    let t50 = t45 ^ t49;
    let t51 = t21 ^ t46;
    let t52 = t37 ^ t39;
    let t53 = t45 ^ t52;
    let t54 = t51 ^ t53;
    let t55 = t48 & t54;
    let t56 = t46 ^ t55;
    let t57 = t50 ^ t56;
    let t58 = t49 & t53;
    let t59 = t37 ^ t58;
    let t60 = t57 ^ t59;
    let t61 = t29 & t60;
    let t62 = t51 & t52;
    let t63 = t62 ^ t54;
    let t64 = t10 & t63;
    let t65 = t61 ^ t64;
    let t66 = t17 & t59;
    let t67 = t66 ^ t65;
    let t68 = t63 ^ t59;
    let t69 = t50 ^ t68;
    let t70 = t32 & t69;
    let t71 = t70 ^ t67;
    let t72 = x2 & t68;
    let t73 = t72 ^ t70;
    let t74 = t24 & t57;
    let t75 = t23 & t57;
    let t76 = t13 & t50;
    let t77 = t76 ^ t75;
    let t78 = t3 & t50;
    let t79 = t78 ^ t77;
    let t80 = t74 ^ t79;
    let t81 = t63 ^ t56;
    let t82 = t9 & t81;
    let t83 = t82 ^ t80;
    let t84 = t73 ^ t83;
    let t85 = t4 & t69;
    let t86 = x5 & t60;
    let t87 = t85 ^ t86;
    let t88 = t2 & t63;
    let t89 = t88 ^ t87;
    let t90 = t84 ^ t89;
    let t91 = t67 ^ t90;
    let t92 = t77 ^ t91;
    let t93 = t7 & t56;
    let t94 = t93 ^ t92;
    let t95 = t61 ^ t94;
    let t96 = t1 & t59;
    let t97 = t96 ^ t84;
    let t98 = t76 ^ t97;
    let t99 = t95 ^ t98;
    let t100 = t85 ^ t67;
    let t101 = t83 ^ t100;
    let t102 = t6 & t56;
    let t103 = t78 ^ t102;
    let t104 = t86 ^ t103;
    let t105 = t104 ^ t101;
    let t106 = t18 & t68;
    let t107 = t106 ^ t65;
    let t108 = t107 ^ t105;
    let t109 = t108 ^ t92;
    let t110 = t82 ^ t108;
    let t111 = t5 & t81;
    let t112 = t111 ^ t104;
    let t113 = t112 ^ t110;
    [t71, t99, t105, t109, t113, t97, t112, t90]
}

#[cfg(test)]
pub(super) mod tests {
    use super::sbox_core;

    /// GB/T 32907-2016 §6.2.1, Table 1 (the S-box; row = high nibble, column = low nibble).
    #[rustfmt::skip]
    pub(crate) const SBOX_TABLE: [u8; 256] = [
        0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
        0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
        0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
        0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
        0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
        0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
        0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
        0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
        0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
        0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
        0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
        0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
        0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
        0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
        0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
        0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
    ];

    /// Evaluate the circuit on 8 · size_of::<P>() inputs at once, input `base + i` in lane i.
    /// S(x) = core(x ⊕ 0x75) ⊕ 0xd3 for x = base .. base + out.len().
    fn lanes<P: super::Plane>(
        base: usize,
        out: &mut [u8],
        to: impl Fn(u64) -> P,
        from: impl Fn(P) -> u64,
    ) {
        let planes: [P; 8] = core::array::from_fn(|j| {
            let mut v = 0u64;
            for i in 0..out.len() {
                v |= ((((base + i) as u64 ^ 0x75) >> j) & 1) << i;
            }
            to(v)
        });
        let s = sbox_core(planes);
        for (i, o) in out.iter_mut().enumerate() {
            *o = (0..8).fold(0u8, |acc, j| acc | ((((from(s[j]) >> i) & 1) as u8) << j)) ^ 0xd3;
        }
    }

    #[test]
    fn all_256_inputs_u64_planes() {
        let mut got = [0u8; 256];
        for (n, chunk) in got.chunks_mut(64).enumerate() {
            lanes::<u64>(64 * n, chunk, |v| v, |p| p);
        }
        assert_eq!(got, SBOX_TABLE);
    }

    #[test]
    fn all_256_inputs_u32_planes() {
        let mut got = [0u8; 256];
        for (n, chunk) in got.chunks_mut(32).enumerate() {
            lanes::<u32>(32 * n, chunk, |v| v as u32, |p| p as u64);
        }
        assert_eq!(got, SBOX_TABLE);
    }
}
