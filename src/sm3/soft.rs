//! Portable SM3 compression function (GB/T 32905-2016 §5.3).
//!
//! All 64 rounds are unrolled; the expanded words W_j live in a 16-word ring and are computed
//! four rounds ahead of use, W'_j = W_j ⊕ W_{j+4} on the fly (§5.3.2), so nothing is allocated and
//! no 68-word array is built. Everything is data-independent: the only table, T_j, is indexed by
//! the round number. The message words are wiped at the end of each call (they are key-derived
//! under HMAC and the SM2 KDF).

use zeroize::Zeroize;

/// T_j <<< (j mod 32) for j = 0..63 (§4.2 constants, §5.3.3 SS1), computed at compile time.
pub(super) const T_ROT: [u32; 64] = {
    let mut t = [0u32; 64];
    let mut j = 0;
    while j < 64 {
        let tj: u32 = if j < 16 { 0x79cc_4519 } else { 0x7a87_9d8a };
        t[j] = tj.rotate_left((j % 32) as u32);
        j += 1;
    }
    t
};

/// P0(X) = X ⊕ (X <<< 9) ⊕ (X <<< 17) (§4.4).
#[inline(always)]
fn p0(x: u32) -> u32 {
    x ^ x.rotate_left(9) ^ x.rotate_left(17)
}

/// P1(X) = X ⊕ (X <<< 15) ⊕ (X <<< 23) (§4.4).
#[inline(always)]
fn p1(x: u32) -> u32 {
    x ^ x.rotate_left(15) ^ x.rotate_left(23)
}

/// FF_j for 16 ≤ j ≤ 63: majority (§4.3), one AND fewer than the textbook form.
#[inline(always)]
fn ff_maj(x: u32, y: u32, z: u32) -> u32 {
    (x & y) | ((x | y) & z)
}

/// GG_j for 16 ≤ j ≤ 63: (X ∧ Y) ∨ (¬X ∧ Z) (§4.3), as a bit select.
#[inline(always)]
fn gg_sel(x: u32, y: u32, z: u32) -> u32 {
    ((y ^ z) & x) ^ z
}

/// W_j for 16 ≤ j ≤ 67 (§5.3.2 b):
/// W_j = P1(W_{j−16} ⊕ W_{j−9} ⊕ (W_{j−3} <<< 15)) ⊕ (W_{j−13} <<< 7) ⊕ W_{j−6},
/// with W_i held at ring index i mod 16.
#[inline(always)]
fn expand(w: &[u32; 16], j: usize) -> u32 {
    p1(w[(j - 16) & 15] ^ w[(j - 9) & 15] ^ w[(j - 3) & 15].rotate_left(15))
        ^ w[(j - 13) & 15].rotate_left(7)
        ^ w[(j - 6) & 15]
}

/// One round j of §5.3.3 with the registers renamed instead of moved: the round writes TT1
/// into `d` (the next A), P0(TT2) into `h` (the next E), and rotates `b` and `f` in place (the
/// next C and G); the caller passes the registers shifted by one for the next round.
macro_rules! round {
    ($j:expr, $w:ident, $t:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {{
        const J: usize = $j;
        if J >= 12 {
            // W_{j+4} is needed for W'_j; it overwrites W_{j−12}, whose last use was round j−12.
            $w[(J + 4) & 15] = expand(&$w, J + 4);
        }
        let wj = $w[J & 15];
        let wj_prime = wj ^ $w[(J + 4) & 15];
        let a12 = $a.rotate_left(12);
        // E arrives last: the chain E → SS1 → TT2 → P0 → E (6 dependent ops) bounds the loop,
        // so every sum adds E, SS1 or SS2 last.
        let ss1 = a12.wrapping_add($t[J]).wrapping_add($e).rotate_left(7);
        let ss2 = ss1 ^ a12;
        let (ff, gg) = if J < 16 {
            ($a ^ $b ^ $c, $e ^ $f ^ $g)
        } else {
            (ff_maj($a, $b, $c), gg_sel($e, $f, $g))
        };
        let tt1 = ss2.wrapping_add(ff.wrapping_add($d.wrapping_add(wj_prime)));
        let tt2 = ss1.wrapping_add(gg.wrapping_add($h.wrapping_add(wj)));
        $b = $b.rotate_left(9);
        $f = $f.rotate_left(19);
        $d = tt1;
        $h = p0(tt2);
    }};
}

/// Four rounds from `$j`: after four renamings the registers are back in their places.
macro_rules! four_rounds {
    ($j:expr, $w:ident, $t:ident, $a:ident, $b:ident, $c:ident, $d:ident,
     $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($j, $w, $t, $a, $b, $c, $d, $e, $f, $g, $h);
        round!($j + 1, $w, $t, $d, $a, $b, $c, $h, $e, $f, $g);
        round!($j + 2, $w, $t, $c, $d, $a, $b, $g, $h, $e, $f);
        round!($j + 3, $w, $t, $b, $c, $d, $a, $f, $g, $h, $e);
    };
}

/// Apply the compression function CF (§5.3.3) to `state` for each 64-byte block in turn
/// (the iteration V(i+1) = CF(V(i), B(i)) of §5.3.1).
pub(super) fn compress(state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    // Reading T_j through an opaque reference keeps LLVM from folding the constant into the
    // last add of (A <<< 12) + T_j + E, which would lengthen the E chain by one add (~3%).
    let t = core::hint::black_box(&T_ROT);
    // The message words and the previous chaining value: key-derived for HMAC and the SM2 KDF,
    // so they are wiped when the call ends.
    let mut w = [0u32; 16];
    let mut v = [0u32; 8];
    for block in blocks {
        // §5.3.2 a: W_0..W_15 are the block's big-endian words.
        for (wi, bytes) in w.iter_mut().zip(block.as_chunks::<4>().0) {
            *wi = u32::from_be_bytes(*bytes);
        }
        v = [a, b, c, d, e, f, g, h];

        four_rounds!(0, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(4, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(8, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(12, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(16, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(20, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(24, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(28, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(32, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(36, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(40, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(44, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(48, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(52, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(56, w, t, a, b, c, d, e, f, g, h);
        four_rounds!(60, w, t, a, b, c, d, e, f, g, h);

        // V(i+1) = ABCDEFGH ⊕ V(i).
        a ^= v[0];
        b ^= v[1];
        c ^= v[2];
        d ^= v[3];
        e ^= v[4];
        f ^= v[5];
        g ^= v[6];
        h ^= v[7];
    }
    *state = [a, b, c, d, e, f, g, h];
    w.zeroize();
    v.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constants T_j of §4.2, unrotated, checked at the two ends of each range.
    #[test]
    fn t_rot_table() {
        assert_eq!(T_ROT[0], 0x79cc_4519);
        assert_eq!(T_ROT[15], 0x79cc_4519u32.rotate_left(15));
        assert_eq!(T_ROT[16], 0x7a87_9d8au32.rotate_left(16));
        assert_eq!(T_ROT[32], 0x7a87_9d8a);
        assert_eq!(T_ROT[63], 0x7a87_9d8au32.rotate_left(31));
    }

    /// The textbook forms of FF_j and GG_j (§4.3) agree with the rewritten ones.
    #[test]
    fn boolean_functions() {
        let words = [
            0u32,
            u32::MAX,
            0x0f0f_0f0f,
            0x3355_aacc,
            0xdead_beef,
            0x1234_5678,
        ];
        for &x in &words {
            for &y in &words {
                for &z in &words {
                    assert_eq!(ff_maj(x, y, z), (x & y) | (x & z) | (y & z));
                    assert_eq!(gg_sel(x, y, z), (x & y) | (!x & z));
                }
            }
        }
    }
}
