//! SM4 (GB/T 32907-2016) with NEON alone, for Armv8 cores without FEAT_SM4 (Cortex-A72 and
//! Graviton2, many Kunpeng 920 and Phytium parts — some of the latter without the AES
//! instructions either).
//!
//! The S-box is the standard's 256-byte table held in 16 vector registers and read with `TBL`
//! and `TBX` (four 64-byte tables: `TBL` over bytes 0–63, then `TBX` over the next three with the
//! index moved down by 64 each time; an index outside a table's range leaves the byte as it was,
//! so each byte is taken from exactly one table). Nothing is looked up in memory by data or key:
//! the table is loaded whole, from fixed addresses, once per step.
//!
//! Blocks are transposed: vector j of a group holds word j of four blocks, one per 32-bit lane,
//! as a number (bytes reversed within each big-endian word, §5.1). A round for a group is three
//! XORs, the S-box (4 table instructions, 3 subtractions) and L (§6.2.2) as
//! L(B) = B ⊕ (B <<< 24) ⊕ (E <<< 2) with E = B ⊕ (B <<< 8) ⊕ (B <<< 16): one `REV32` for the
//! 16-bit rotation, shift-and-insert pairs for the others, five XORs — 22 instructions.
//!
//! Bulk data runs two groups (8 blocks) per step: the table, the two states, six temporaries,
//! the round key and the constant 64 fill the 32 vector registers exactly, so the 32 rounds are
//! one `asm!` block with fixed registers (the compiler, given intrinsics, spilled the table
//! every round); loads, transposes and the CTR counter words (built in registers) stay in
//! intrinsics around it. One to four blocks (the serial modes — CBC and CFB encryption, the
//! CBC-MACs, single blocks — and the tails) take one group. The key schedule computes τ with
//! the same table on one word, through intrinsics.

use core::arch::aarch64::*;
use core::arch::asm;

use super::soft;
use crate::cpu::Neon;
use crate::traits::{Block, CtrWidth};
use zeroize::Zeroize;

/// The S-box, GB/T 32907-2016 §6.2.1: entry `16·h + l` is S(byte with high nibble h, low l).
/// Only ever read whole into registers.
const SBOX: [u8; 256] = [
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

/// Blocks per group: one per 32-bit lane.
const GROUP: usize = 4;
/// Blocks per bulk step: two groups.
const STEP: usize = 2 * GROUP;

/// The four words of a group of blocks, one vector each (lane k: block k).
type Words = [uint32x4_t; 4];

/// The S-box table in 16 registers.
#[derive(Clone, Copy)]
struct Sbox([uint8x16x4_t; 4]);

#[target_feature(enable = "neon")]
#[inline]
fn sbox() -> Sbox {
    // SAFETY: SBOX is 256 readable bytes, read as four runs of 64 at offsets 0, 64, 128, 192.
    Sbox(core::array::from_fn(|i| unsafe {
        vld1q_u8_x4(SBOX.as_ptr().add(64 * i))
    }))
}

/// τ (§6.2.1) on each of the 16 bytes: `TBL` from bytes 0–63, `TBX` from 64–127, 128–191,
/// 192–255 with the index lowered by 64 each time (indices past 63 leave a byte unchanged).
#[target_feature(enable = "neon")]
#[inline]
fn tau(s: &Sbox, x: uint8x16_t) -> uint8x16_t {
    let c64 = vdupq_n_u8(64);
    let y = vqtbl4q_u8(s.0[0], x);
    let x = vsubq_u8(x, c64);
    let y = vqtbx4q_u8(y, s.0[1], x);
    let x = vsubq_u8(x, c64);
    let y = vqtbx4q_u8(y, s.0[2], x);
    let x = vsubq_u8(x, c64);
    vqtbx4q_u8(y, s.0[3], x)
}

/// The text of one round on one or more groups, their instructions interleaved: for each
/// group `[a, b, c, d, x, y, t]`, X_a ^= T(X_b ^ X_c ^ X_d ^ rk) (§6.1, §7.1) with temporaries
/// x, y, t. Fixed registers: v14 holds 64 in every byte, v15 the round key (broadcast by `LD1R`
/// from `{kp}`, which then steps by `{ks}` bytes), v16–v31 the S-box table. τ is `TBL` over
/// v16–v19 and `TBX` over v20–v23, v24–v27, v28–v31 with the index lowered by 64 each time; L
/// is B ^ (B <<< 24) ^ (E <<< 2) with E = B ^ (B <<< 8) ^ (B <<< 16) (`REV32` on halfwords for
/// the rotation by 16, `USHR` + `SLI` for the others).
macro_rules! round {
    ($([$a:literal, $b:literal, $c:literal, $d:literal, $x:literal, $y:literal, $t:literal]),+) => {
        concat!(
            "ld1r {{v15.4s}}, [{kp}], {ks}\n",
            $("eor ", $x, ".16b, ", $b, ".16b, ", $c, ".16b\n",)+
            $("eor ", $x, ".16b, ", $x, ".16b, ", $d, ".16b\n",)+
            $("eor ", $x, ".16b, ", $x, ".16b, v15.16b\n",)+
            $("tbl ", $y, ".16b, {{v16.16b, v17.16b, v18.16b, v19.16b}}, ", $x, ".16b\n",)+
            $("sub ", $x, ".16b, ", $x, ".16b, v14.16b\n",)+
            $("tbx ", $y, ".16b, {{v20.16b, v21.16b, v22.16b, v23.16b}}, ", $x, ".16b\n",)+
            $("sub ", $x, ".16b, ", $x, ".16b, v14.16b\n",)+
            $("tbx ", $y, ".16b, {{v24.16b, v25.16b, v26.16b, v27.16b}}, ", $x, ".16b\n",)+
            $("sub ", $x, ".16b, ", $x, ".16b, v14.16b\n",)+
            $("tbx ", $y, ".16b, {{v28.16b, v29.16b, v30.16b, v31.16b}}, ", $x, ".16b\n",)+
            // y = B: X_a ^= B; x = B <<< 16; t = B <<< 8; x = E.
            $("eor ", $a, ".16b, ", $a, ".16b, ", $y, ".16b\n",)+
            $("rev32 ", $x, ".8h, ", $y, ".8h\n",)+
            $("ushr ", $t, ".4s, ", $y, ".4s, #24\n",)+
            $("sli ", $t, ".4s, ", $y, ".4s, #8\n",)+
            $("eor ", $x, ".16b, ", $x, ".16b, ", $y, ".16b\n",)+
            $("eor ", $x, ".16b, ", $x, ".16b, ", $t, ".16b\n",)+
            // t = B <<< 24; X_a ^= t; t = E <<< 2; X_a ^= t.
            $("ushr ", $t, ".4s, ", $y, ".4s, #8\n",)+
            $("sli ", $t, ".4s, ", $y, ".4s, #24\n",)+
            $("eor ", $a, ".16b, ", $a, ".16b, ", $t, ".16b\n",)+
            $("ushr ", $t, ".4s, ", $x, ".4s, #30\n",)+
            $("sli ", $t, ".4s, ", $x, ".4s, #2\n",)+
            $("eor ", $a, ".16b, ", $a, ".16b, ", $t, ".16b\n",)+
        )
    };
}

/// The prologue of the round loops: the constant 64, the table into v16–v31 (from `{tab}`),
/// eight iterations of four rounds counted in `{n}`.
macro_rules! prologue {
    () => {
        concat!(
            "movi v14.16b, #64\n",
            "ld1 {{v16.16b, v17.16b, v18.16b, v19.16b}}, [{tab}], #64\n",
            "ld1 {{v20.16b, v21.16b, v22.16b, v23.16b}}, [{tab}], #64\n",
            "ld1 {{v24.16b, v25.16b, v26.16b, v27.16b}}, [{tab}], #64\n",
            "ld1 {{v28.16b, v29.16b, v30.16b, v31.16b}}, [{tab}]\n",
            "mov {n:w}, #8\n",
            "2:\n",
        )
    };
}

/// The first round key's address and the step to the next, in bytes: rk₀ upward, or for
/// decryption (§7.2) rk₃₁ downward.
#[inline]
fn key_walk<const DEC: bool>(rk: &[u32; 32]) -> (*const u32, isize) {
    if DEC { (&rk[31], -4) } else { (&rk[0], 4) }
}

/// The 32 rounds (§7.1) on one group.
#[target_feature(enable = "neon")]
#[inline]
fn rounds1<const DEC: bool>(rk: &[u32; 32], w: &mut Words) {
    let (kp, ks) = key_walk::<DEC>(rk);
    // Memory: reads the 256 bytes of SBOX and the 32 words of `rk` (from rk₀ or rk₃₁, stepping by
    // ±4 bytes; the last step points past them and is not read). Registers: the state in v0–v3
    // (read and written), v8–v10 and v14–v31 written, the pointer and counter registers given
    // below; the loop counter changes the flags.
    // SAFETY: NEON is enabled for this function, which is only reached from the entry points below,
    // each given a `Neon` token.
    unsafe {
        asm!(
            prologue!(),
            round!(["v0", "v1", "v2", "v3", "v8", "v9", "v10"]),
            round!(["v1", "v2", "v3", "v0", "v8", "v9", "v10"]),
            round!(["v2", "v3", "v0", "v1", "v8", "v9", "v10"]),
            round!(["v3", "v0", "v1", "v2", "v8", "v9", "v10"]),
            "subs {n:w}, {n:w}, #1",
            "b.ne 2b",
            tab = inout(reg) SBOX.as_ptr() => _,
            kp = inout(reg) kp => _,
            ks = in(reg) ks,
            n = out(reg) _,
            inout("v0") w[0],
            inout("v1") w[1],
            inout("v2") w[2],
            inout("v3") w[3],
            out("v8") _, out("v9") _, out("v10") _,
            out("v14") _, out("v15") _,
            out("v16") _, out("v17") _, out("v18") _, out("v19") _,
            out("v20") _, out("v21") _, out("v22") _, out("v23") _,
            out("v24") _, out("v25") _, out("v26") _, out("v27") _,
            out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            options(pure, readonly, nostack),
        );
    }
}

/// The 32 rounds (§7.1) on two groups, their instructions interleaved.
#[target_feature(enable = "neon")]
#[inline]
fn rounds2<const DEC: bool>(rk: &[u32; 32], a: &mut Words, b: &mut Words) {
    let (kp, ks) = key_walk::<DEC>(rk);
    // Registers: the states in v0–v7 (read and written), v8–v31 written, the pointer and counter
    // registers given below; the loop counter changes the flags.
    // SAFETY: as in `rounds1` (NEON, proven by the entry point's `Neon` token; the same memory
    // reads).
    unsafe {
        asm!(
            prologue!(),
            round!(
                ["v0", "v1", "v2", "v3", "v8", "v9", "v10"],
                ["v4", "v5", "v6", "v7", "v11", "v12", "v13"]
            ),
            round!(
                ["v1", "v2", "v3", "v0", "v8", "v9", "v10"],
                ["v5", "v6", "v7", "v4", "v11", "v12", "v13"]
            ),
            round!(
                ["v2", "v3", "v0", "v1", "v8", "v9", "v10"],
                ["v6", "v7", "v4", "v5", "v11", "v12", "v13"]
            ),
            round!(
                ["v3", "v0", "v1", "v2", "v8", "v9", "v10"],
                ["v7", "v4", "v5", "v6", "v11", "v12", "v13"]
            ),
            "subs {n:w}, {n:w}, #1",
            "b.ne 2b",
            tab = inout(reg) SBOX.as_ptr() => _,
            kp = inout(reg) kp => _,
            ks = in(reg) ks,
            n = out(reg) _,
            inout("v0") a[0],
            inout("v1") a[1],
            inout("v2") a[2],
            inout("v3") a[3],
            inout("v4") b[0],
            inout("v5") b[1],
            inout("v6") b[2],
            inout("v7") b[3],
            out("v8") _, out("v9") _, out("v10") _, out("v11") _,
            out("v12") _, out("v13") _, out("v14") _, out("v15") _,
            out("v16") _, out("v17") _, out("v18") _, out("v19") _,
            out("v20") _, out("v21") _, out("v22") _, out("v23") _,
            out("v24") _, out("v25") _, out("v26") _, out("v27") _,
            out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            options(pure, readonly, nostack),
        );
    }
}

/// The 32 rounds (§7.1) on `G` (1 or 2) groups; decryption takes the round keys in reverse
/// (§7.2).
#[target_feature(enable = "neon")]
#[inline]
fn rounds<const G: usize, const DEC: bool>(rk: &[u32; 32], w: &mut [Words; G]) {
    const { assert!(G == 1 || G == 2) };
    match w.as_mut_slice() {
        [a] => rounds1::<DEC>(rk, a),
        [a, b] => rounds2::<DEC>(rk, a, b),
        _ => {}
    }
}

/// 4×4 transpose of 32-bit lanes (an involution): four blocks to four words and back.
#[target_feature(enable = "neon")]
#[inline]
fn transpose(v: Words) -> Words {
    let t0 = vreinterpretq_u64_u32(vtrn1q_u32(v[0], v[1]));
    let t1 = vreinterpretq_u64_u32(vtrn2q_u32(v[0], v[1]));
    let t2 = vreinterpretq_u64_u32(vtrn1q_u32(v[2], v[3]));
    let t3 = vreinterpretq_u64_u32(vtrn2q_u32(v[2], v[3]));
    [
        vreinterpretq_u32_u64(vtrn1q_u64(t0, t2)),
        vreinterpretq_u32_u64(vtrn1q_u64(t1, t3)),
        vreinterpretq_u32_u64(vtrn2q_u64(t0, t2)),
        vreinterpretq_u32_u64(vtrn2q_u64(t1, t3)),
    ]
}

/// Bytes reversed within each 32-bit lane: big-endian words to numbers and back (§5.1).
#[target_feature(enable = "neon")]
#[inline]
fn rev32(x: uint32x4_t) -> uint32x4_t {
    vreinterpretq_u32_u8(vrev32q_u8(vreinterpretq_u8_u32(x)))
}

/// Up to four blocks as four vectors, untransposed; missing blocks read as zero (the count is
/// public).
#[target_feature(enable = "neon")]
#[inline]
fn load(b: &[Block]) -> Words {
    core::array::from_fn(|k| match b.get(k) {
        // SAFETY: a block is 16 readable bytes.
        Some(blk) => vreinterpretq_u32_u8(unsafe { vld1q_u8(blk.as_ptr()) }),
        None => vdupq_n_u32(0),
    })
}

/// Four vectors as up to four blocks (the vectors past the end are dropped).
#[target_feature(enable = "neon")]
#[inline]
fn store(b: &mut [Block], v: Words) {
    for (blk, x) in b.iter_mut().zip(v) {
        // SAFETY: a block is 16 writable bytes.
        unsafe { vst1q_u8(blk.as_mut_ptr(), vreinterpretq_u8_u32(x)) };
    }
}

/// Group `g` of a step: up to 4 blocks, empty past the end.
#[inline]
fn group(blocks: &mut [Block], g: usize) -> &mut [Block] {
    let n = blocks.len();
    &mut blocks[n.min(GROUP * g)..n.min(GROUP * (g + 1))]
}

/// The output words (X₃₅, X₃₄, X₃₃, X₃₂) (§7.1, R) of a group, as four blocks' bytes.
#[target_feature(enable = "neon")]
#[inline]
fn output(w: &Words) -> Words {
    transpose([w[3], w[2], w[1], w[0]]).map(|x| rev32(x))
}

/// Up to `4·G` blocks in place in `G` groups (trailing groups may be partial or empty).
#[target_feature(enable = "neon")]
#[inline]
fn step<const G: usize, const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
    let mut w: [Words; G] =
        core::array::from_fn(|g| transpose(load(group(blocks, g))).map(|x| rev32(x)));
    rounds::<G, DEC>(rk, &mut w);
    for (g, x) in w.iter().enumerate() {
        store(group(blocks, g), output(x));
    }
}

#[target_feature(enable = "neon")]
fn ecb<const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
    for chunk in blocks.chunks_mut(STEP) {
        if chunk.len() <= GROUP {
            step::<1, DEC>(rk, chunk);
        } else {
            step::<2, DEC>(rk, chunk);
        }
    }
}

/// Fused CTR on up to `4·G` blocks: the counter words built in registers (words 0–2
/// broadcast, the low word counted; the caller checked that it does not carry), encrypted and
/// XORed into `data`.
#[target_feature(enable = "neon")]
#[inline]
fn ctr_step<const G: usize>(rk: &[u32; 32], ctr: &Block, data: &mut [Block]) {
    let word =
        |i: usize| u32::from_be_bytes([ctr[4 * i], ctr[4 * i + 1], ctr[4 * i + 2], ctr[4 * i + 3]]);
    const LANE: [u32; 4] = [0, 1, 2, 3];
    // SAFETY: four words are 16 readable bytes.
    let lane = unsafe { vld1q_u32(LANE.as_ptr()) };
    let low = vaddq_u32(vdupq_n_u32(word(3)), lane);
    let mut w: [Words; G] = core::array::from_fn(|g| {
        [
            vdupq_n_u32(word(0)),
            vdupq_n_u32(word(1)),
            vdupq_n_u32(word(2)),
            vaddq_u32(low, vdupq_n_u32((GROUP * g) as u32)),
        ]
    });
    rounds::<G, false>(rk, &mut w);
    for (g, x) in w.iter().enumerate() {
        let d = group(data, g);
        let ks = output(x);
        let v = load(d);
        store(d, core::array::from_fn(|i| veorq_u32(v[i], ks[i])));
    }
}

#[target_feature(enable = "neon")]
fn ctr_xor(rk: &[u32; 32], ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
    for chunk in data.chunks_mut(STEP) {
        let n = chunk.len();
        if super::ctr_in_low_word(ctr, width, n) {
            if n <= GROUP {
                ctr_step::<1>(rk, ctr, chunk);
            } else {
                ctr_step::<2>(rk, ctr, chunk);
            }
        } else {
            // The low word carries inside this step (the counter is public): counter blocks
            // in memory.
            let mut ks = [[0u8; 16]; STEP];
            let mut c = *ctr;
            for b in ks[..n].iter_mut() {
                *b = c;
                width.add(&mut c, 1);
            }
            step::<2, false>(rk, &mut ks[..n]);
            for (d, k) in chunk.iter_mut().zip(ks.iter()) {
                d.iter_mut().zip(k).for_each(|(x, y)| *x ^= y);
            }
            ks.zeroize();
        }
        width.add(ctr, n as u64);
    }
}

/// τ of one word (§6.2.1): the word in every lane through the table, lane 0 back.
#[target_feature(enable = "neon")]
#[inline]
fn tau_word(s: &Sbox, x: u32) -> u32 {
    let y = tau(s, vreinterpretq_u8_u32(vdupq_n_u32(x)));
    vgetq_lane_u32::<0>(vreinterpretq_u32_u8(y))
}

#[target_feature(enable = "neon")]
fn expand(key: &[u8; 16]) -> [u32; 32] {
    let s = sbox();
    let [mut k0, mut k1, mut k2, mut k3] = soft::key_words(key);
    let mut rk = [0u32; 32];
    // K_{i+4} = K_i ⊕ L'(τ(K_{i+1} ⊕ K_{i+2} ⊕ K_{i+3} ⊕ CK_i)), rk_i = K_{i+4} (§7.3); four
    // steps per iteration, so that the words stay in general registers.
    for (r, ck) in rk
        .as_chunks_mut::<4>()
        .0
        .iter_mut()
        .zip(soft::CK.as_chunks::<4>().0)
    {
        k0 ^= soft::l_key(tau_word(&s, k1 ^ k2 ^ k3 ^ ck[0]));
        k1 ^= soft::l_key(tau_word(&s, k2 ^ k3 ^ k0 ^ ck[1]));
        k2 ^= soft::l_key(tau_word(&s, k3 ^ k0 ^ k1 ^ ck[2]));
        k3 ^= soft::l_key(tau_word(&s, k0 ^ k1 ^ k2 ^ ck[3]));
        *r = [k0, k1, k2, k3];
    }
    rk
}

/// The round keys rk₀ … rk₃₁ (GB/T 32907 §7.3), τ by the register-held table.
pub(crate) fn expand_key(_: Neon, key: &[u8; 16]) -> [u32; 32] {
    // SAFETY: the token proves NEON, the feature `expand` is compiled for.
    unsafe { expand(key) }
}

/// Encrypt `blocks` in place (§7.1).
pub(crate) fn encrypt_blocks(_: Neon, rk: &[u32; 32], blocks: &mut [Block]) {
    // SAFETY: the token proves NEON, the feature `ecb` is compiled for.
    unsafe { ecb::<false>(rk, blocks) }
}

/// Decrypt `blocks` in place: the same rounds with the keys reversed (§7.2).
pub(crate) fn decrypt_blocks(_: Neon, rk: &[u32; 32], blocks: &mut [Block]) {
    // SAFETY: the token proves NEON, the feature `ecb` is compiled for.
    unsafe { ecb::<true>(rk, blocks) }
}

/// XOR the keystream E(ctr), E(ctr+1), … into `data` and advance `ctr` by `data.len()` within
/// `width` (GB/T 17964-2021 CTR; SP 800-38A Appendix B.1).
pub(crate) fn ctr_xor_blocks(
    _: Neon,
    rk: &[u32; 32],
    ctr: &mut Block,
    width: CtrWidth,
    data: &mut [Block],
) {
    // SAFETY: the token proves NEON, the feature `ctr_xor` is compiled for.
    unsafe { ctr_xor(rk, ctr, width, data) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::Token as _;

    /// The register-held table against the boolean-circuit S-box of the soft backend (an
    /// independent derivation) on every byte value in every byte position of a word.
    #[test]
    fn tau_matches_soft_circuit() {
        let Some(_) = Neon::get() else { return };
        for pos in 0..4 {
            for x in 0..=255u32 {
                let w = x << (8 * pos) | 0x5a5a_5a5a & !(0xff << (8 * pos));
                // SAFETY: the token above proves NEON.
                let got = unsafe { tau_word(&sbox(), w) };
                assert_eq!(got, soft::tau(w), "τ({w:08x})");
            }
        }
    }

    /// GB/T 32907-2016 §6.2.1 prints S(0x00) = 0xd6, S(0xff) = 0x48 and, as its worked
    /// example, S(0xef) = 0x84.
    #[test]
    fn table_corners() {
        assert_eq!(SBOX[0x00], 0xd6);
        assert_eq!(SBOX[0xef], 0x84);
        assert_eq!(SBOX[0xff], 0x48);
    }
}
