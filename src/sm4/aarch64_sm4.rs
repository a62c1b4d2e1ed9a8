//! SM4 (GB/T 32907-2016) with the Armv8 SM4 instructions (FEAT_SM4).
//!
//! `SM4E Vd.4S, Vn.4S` runs four rounds (§7.1) on one block: lanes 0–3 of `Vd` hold
//! X_i … X_{i+3}, the lanes of `Vn` the round keys rk_i … rk_{i+3}, and after it `Vd` holds
//! X_{i+4} … X_{i+7}. `SM4EKEY Vd.4S, Vn.4S, Vm.4S` runs four steps of the key schedule (§7.3)
//! the same way, with CK_i … CK_{i+3} in `Vm`, and leaves rk_i … rk_{i+3} in `Vd`. Neither has a
//! stable intrinsic, so each is one `asm!` instruction and the compiler schedules the loads,
//! byte reversals and counter adds around them.
//!
//! A block is one vector whose lane i holds word Xᵢ as a number: the words are big-endian
//! (§5.1) and the lanes little-endian, so the block's bytes are reversed within each word
//! (`REV32`). After the 32 rounds lanes 0–3 hold X₃₂ … X₃₅; the output (X₃₅, X₃₄, X₃₃, X₃₂),
//! big-endian, is then the register's 16 bytes in reverse order (`REV64` and `EXT`).
//!
//! The eight round-key vectors stay in registers for a whole call; decryption takes them in
//! reverse, lanes reversed (§7.2). Bulk data runs eight blocks per step, so eight independent
//! `SM4E` chains hide the instruction's latency, with a fused CTR loop that counts in the
//! registers. A call of 1 to 7 blocks (the serial modes — CBC and CFB encryption, the CBC-MACs,
//! single blocks — and the tails) takes one step of exactly its own size: no padding blocks,
//! the time of one 8-instruction chain.

use core::arch::aarch64::*;
use core::arch::asm;

use super::soft;
use crate::cpu::ArmSm4;
use crate::traits::{Block, CtrWidth};
use zeroize::Zeroize;

/// Blocks per bulk step.
const STEP: usize = 8;

/// The 32 round keys as eight vectors of four, in the order of use.
type Keys = [uint32x4_t; 8];

/// Four rounds on one block (§7.1): `SM4E`.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn sm4e(x: uint32x4_t, k: uint32x4_t) -> uint32x4_t {
    let mut x = x;
    // Registers: the vector register holding `x` is read and written, the one holding `k` read; no
    // memory, stack or flags are touched.
    // SAFETY: FEAT_SM4 is enabled for this function, which is only reached from the entry points
    // below, each given an `ArmSm4` token.
    unsafe {
        asm!(
            "sm4e {x:v}.4s, {k:v}.4s",
            x = inout(vreg) x,
            k = in(vreg) k,
            options(pure, nomem, nostack, preserves_flags),
        );
    }
    x
}

/// Four steps of the key schedule (§7.3): K_i … K_{i+3} and CK_i … CK_{i+3} give
/// K_{i+4} … K_{i+7} = rk_i … rk_{i+3}. `SM4EKEY`.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn sm4ekey(k: uint32x4_t, ck: uint32x4_t) -> uint32x4_t {
    let out: uint32x4_t;
    // Registers: reads the vector registers holding `k` and `ck`, writes the one given for `out`;
    // no memory, stack or flags are touched.
    // SAFETY: as for `sm4e` (FEAT_SM4, proven by the `ArmSm4` token of the entry point).
    unsafe {
        asm!(
            "sm4ekey {out:v}.4s, {k:v}.4s, {ck:v}.4s",
            out = lateout(vreg) out,
            k = in(vreg) k,
            ck = in(vreg) ck,
            options(pure, nomem, nostack, preserves_flags),
        );
    }
    out
}

/// Round keys `4j … 4j+3` as one vector.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn key_vector(rk: &[u32; 32], j: usize) -> uint32x4_t {
    let four = &rk.as_chunks::<4>().0[j];
    // SAFETY: four words are 16 readable bytes.
    unsafe { vld1q_u32(four.as_ptr()) }
}

/// The round keys in the order of use: rk₀ … rk₃₁, or for decryption (§7.2) rk₃₁ … rk₀, which
/// is vector 7 − j of the encryption keys with its lanes reversed.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn keys<const DEC: bool>(rk: &[u32; 32]) -> Keys {
    core::array::from_fn(|j| {
        if DEC {
            let r = vrev64q_u32(key_vector(rk, 7 - j));
            vextq_u32::<2>(r, r)
        } else {
            key_vector(rk, j)
        }
    })
}

/// A block as four word lanes: its bytes reversed within each (big-endian) word.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn load_block(b: &Block) -> uint32x4_t {
    // SAFETY: a block is 16 readable bytes.
    let v = unsafe { vld1q_u8(b.as_ptr()) };
    vreinterpretq_u32_u8(vrev32q_u8(v))
}

/// The output block (X₃₅, X₃₄, X₃₃, X₃₂) of lanes X₃₂ … X₃₅ (§7.1, R): the bytes reversed.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn output(x: uint32x4_t) -> uint8x16_t {
    let r = vrev64q_u8(vreinterpretq_u8_u32(x));
    vextq_u8::<8>(r, r)
}

#[target_feature(enable = "neon,sm4")]
#[inline]
fn store_block(b: &mut Block, v: uint8x16_t) {
    // SAFETY: a block is 16 writable bytes.
    unsafe { vst1q_u8(b.as_mut_ptr(), v) }
}

/// The 32 rounds on `N` blocks, interleaved: each key vector goes through every block before
/// the next.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn rounds<const N: usize>(k: &Keys, x: &mut [uint32x4_t; N]) {
    for kj in k {
        for xi in x.iter_mut() {
            *xi = sm4e(*xi, *kj);
        }
    }
}

/// Each `N`-block chunk of `blocks` in one step (callers pass exactly `N` blocks, or `8N`).
#[target_feature(enable = "neon,sm4")]
#[inline]
fn steps<const N: usize>(k: &Keys, blocks: &mut [Block]) {
    for chunk in blocks.as_chunks_mut::<N>().0 {
        let mut x: [uint32x4_t; N] = core::array::from_fn(|i| load_block(&chunk[i]));
        rounds(k, &mut x);
        for (b, xi) in chunk.iter_mut().zip(x) {
            store_block(b, output(xi));
        }
    }
}

/// Every block in place with the keys `k`: eight per step, then the rest (1 to 7) in one step
/// of its own size.
#[target_feature(enable = "neon,sm4")]
fn crypt(k: &Keys, blocks: &mut [Block]) {
    let (bulk, rest) = blocks.as_chunks_mut::<STEP>();
    steps::<STEP>(k, bulk.as_flattened_mut());
    match rest.len() {
        1 => steps::<1>(k, rest),
        2 => steps::<2>(k, rest),
        3 => steps::<3>(k, rest),
        4 => steps::<4>(k, rest),
        5 => steps::<5>(k, rest),
        6 => steps::<6>(k, rest),
        7 => steps::<7>(k, rest),
        _ => {}
    }
}

#[target_feature(enable = "neon,sm4")]
fn ecb<const DEC: bool>(rk: &[u32; 32], blocks: &mut [Block]) {
    crypt(&keys::<DEC>(rk), blocks);
}

/// Fused CTR on `N` blocks: counter block `ctr + i` is `ctr`'s lanes with `i` added to the last
/// (the caller checked that the low word does not carry), encrypted and XORed into `data`.
#[target_feature(enable = "neon,sm4")]
#[inline]
fn ctr_step<const N: usize>(k: &Keys, ctr: uint32x4_t, data: &mut [Block]) {
    for chunk in data.as_chunks_mut::<N>().0 {
        let mut x: [uint32x4_t; N] =
            core::array::from_fn(|i| vaddq_u32(ctr, vsetq_lane_u32::<3>(i as u32, vdupq_n_u32(0))));
        rounds(k, &mut x);
        for (b, xi) in chunk.iter_mut().zip(x) {
            // SAFETY: a block is 16 readable bytes.
            let d = unsafe { vld1q_u8(b.as_ptr()) };
            store_block(b, veorq_u8(d, output(xi)));
        }
    }
}

#[target_feature(enable = "neon,sm4")]
fn ctr_xor(rk: &[u32; 32], ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
    let k = keys::<false>(rk);
    for chunk in data.chunks_mut(STEP) {
        let n = chunk.len();
        if super::ctr_in_low_word(ctr, width, n) {
            let c = load_block(ctr);
            match n {
                1 => ctr_step::<1>(&k, c, chunk),
                2 => ctr_step::<2>(&k, c, chunk),
                3 => ctr_step::<3>(&k, c, chunk),
                4 => ctr_step::<4>(&k, c, chunk),
                5 => ctr_step::<5>(&k, c, chunk),
                6 => ctr_step::<6>(&k, c, chunk),
                7 => ctr_step::<7>(&k, c, chunk),
                _ => ctr_step::<STEP>(&k, c, chunk),
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
            crypt(&k, &mut ks[..n]);
            for (d, s) in chunk.iter_mut().zip(ks.iter()) {
                d.iter_mut().zip(s).for_each(|(x, y)| *x ^= y);
            }
            ks.zeroize();
        }
        width.add(ctr, n as u64);
    }
}

#[target_feature(enable = "neon,sm4")]
fn expand(key: &[u8; 16]) -> [u32; 32] {
    // §7.3: (K₀, K₁, K₂, K₃) = MK ⊕ FK, then rk_i = K_{i+4} four at a time.
    let mut k = soft::key_words(key);
    // SAFETY: four words are 16 readable bytes.
    let mut kv = unsafe { vld1q_u32(k.as_ptr()) };
    k.zeroize();
    let mut rk = [0u32; 32];
    for (out, ck) in rk
        .as_chunks_mut::<4>()
        .0
        .iter_mut()
        .zip(soft::CK.as_chunks::<4>().0)
    {
        // SAFETY: four words are 16 readable bytes.
        kv = sm4ekey(kv, unsafe { vld1q_u32(ck.as_ptr()) });
        // SAFETY: four words are 16 writable bytes.
        unsafe { vst1q_u32(out.as_mut_ptr(), kv) };
    }
    rk
}

/// The round keys rk₀ … rk₃₁ (GB/T 32907 §7.3) by `SM4EKEY`.
pub(crate) fn expand_key(_: ArmSm4, key: &[u8; 16]) -> [u32; 32] {
    // SAFETY: the token proves NEON and FEAT_SM4, the features `expand` is compiled for.
    unsafe { expand(key) }
}

/// Encrypt `blocks` in place (§7.1).
pub(crate) fn encrypt_blocks(_: ArmSm4, rk: &[u32; 32], blocks: &mut [Block]) {
    // SAFETY: the token proves NEON and FEAT_SM4, the features `ecb` is compiled for.
    unsafe { ecb::<false>(rk, blocks) }
}

/// Decrypt `blocks` in place: the same rounds with the keys reversed (§7.2).
pub(crate) fn decrypt_blocks(_: ArmSm4, rk: &[u32; 32], blocks: &mut [Block]) {
    // SAFETY: the token proves NEON and FEAT_SM4, the features `ecb` is compiled for.
    unsafe { ecb::<true>(rk, blocks) }
}

/// XOR the keystream E(ctr), E(ctr+1), … into `data` and advance `ctr` by `data.len()` within
/// `width` (GB/T 17964-2021 CTR; SP 800-38A Appendix B.1).
pub(crate) fn ctr_xor_blocks(
    _: ArmSm4,
    rk: &[u32; 32],
    ctr: &mut Block,
    width: CtrWidth,
    data: &mut [Block],
) {
    // SAFETY: the token proves NEON and FEAT_SM4, the features `ctr_xor` is compiled for.
    unsafe { ctr_xor(rk, ctr, width, data) }
}
