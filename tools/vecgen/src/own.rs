//! Constructions OpenSSL does not offer (or that we cross-check), written over OpenSSL's SM4
//! block: CTR with a 32/64/128-bit counter, CBC-CS3, XTS (both tweak conventions), CMAC,
//! XCBC, the GB/T 15852.1-2020 CBC-MAC family, HMAC, and GF(2^128) arithmetic for GCM.

use crate::ossl::{self, Sm4};

pub fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

fn blk(b: &[u8]) -> [u8; 16] {
    b.try_into().unwrap()
}

/// CTR mode whose counter is the low `bits` bits of the block (big-endian), wrapping mod 2^bits;
/// the remaining high bits stay fixed.
pub fn ctr(key: &[u8], iv: &[u8; 16], bits: u32, data: &[u8]) -> Vec<u8> {
    let mut c = Sm4::new(key);
    let mut ctr = u128::from_be_bytes(*iv);
    let mask: u128 = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks(16) {
        let ks = c.encrypt(&ctr.to_be_bytes());
        out.extend(xor(chunk, &ks));
        ctr = (ctr & !mask) | (ctr.wrapping_add(1) & mask);
    }
    out
}

/// CBC-CS3 (NIST SP 800-38A Addendum): len >= 16; for two or more blocks the last two are
/// swapped unconditionally.
pub fn cbc_cs3_encrypt(key: &[u8], iv: &[u8; 16], p: &[u8]) -> Vec<u8> {
    assert!(p.len() >= 16);
    let mut c = Sm4::new(key);
    let n = p.len().div_ceil(16);
    let d = p.len() - 16 * (n - 1);
    let mut padded = p.to_vec();
    padded.resize(16 * n, 0);
    let mut prev = *iv;
    let mut blocks = Vec::new();
    for i in 0..n {
        let x = blk(&xor(&padded[16 * i..16 * i + 16], &prev));
        prev = c.encrypt(&x);
        blocks.push(prev);
    }
    if n == 1 {
        return blocks[0].to_vec();
    }
    let mut out = Vec::new();
    for b in &blocks[..n - 2] {
        out.extend_from_slice(b);
    }
    out.extend_from_slice(&blocks[n - 1]);
    out.extend_from_slice(&blocks[n - 2][..d]);
    out
}

pub fn cbc_cs3_decrypt(key: &[u8], iv: &[u8; 16], ct: &[u8]) -> Vec<u8> {
    assert!(ct.len() >= 16);
    let mut c = Sm4::new(key);
    let n = ct.len().div_ceil(16);
    if n == 1 {
        return xor(&c.decrypt(&blk(ct)), iv);
    }
    let d = ct.len() - 16 * (n - 1);
    let cn = blk(&ct[16 * (n - 2)..16 * (n - 1)]);
    let cn1_star = &ct[16 * (n - 1)..];
    let z = c.decrypt(&cn);
    let mut cn1 = cn1_star.to_vec();
    cn1.extend_from_slice(&z[d..]);
    let pn = xor(&z[..d], cn1_star);
    // Ordinary CBC over C_1 .. C_{n-2}, C_{n-1}.
    let mut chain: Vec<[u8; 16]> = ct[..16 * (n - 2)].chunks(16).map(blk).collect();
    chain.push(blk(&cn1));
    let mut out = Vec::new();
    let mut prev = *iv;
    for b in chain {
        out.extend(xor(&c.decrypt(&b), &prev));
        prev = b;
    }
    out.extend(pn);
    out
}

/// Multiply the tweak by x: IEEE 1619 (little-endian, 0x87) or GB/T 17964-2021 (bit-reflected
/// GCM convention, 0xE1).
pub fn xts_double(t: &mut [u8; 16], gb: bool) {
    if gb {
        let v = u128::from_be_bytes(*t);
        let r = (v >> 1) ^ if v & 1 == 1 { 0xE1u128 << 120 } else { 0 };
        *t = r.to_be_bytes();
    } else {
        let v = u128::from_le_bytes(*t);
        let r = (v << 1) ^ if v >> 127 == 1 { 0x87 } else { 0 };
        *t = r.to_le_bytes();
    }
}

/// XTS with IEEE 1619 ciphertext stealing; `key` = K1 || K2.
pub fn xts(gb: bool, enc: bool, key: &[u8], tweak: &[u8; 16], data: &[u8]) -> Vec<u8> {
    assert!(data.len() >= 16);
    let mut c1 = Sm4::new(&key[..16]);
    let mut c2 = Sm4::new(&key[16..]);
    let mut t = c2.encrypt(tweak);
    let m = data.len() / 16;
    let r = data.len() % 16;
    let mut out = Vec::with_capacity(data.len());
    let one = |c1: &mut Sm4, t: &[u8; 16], b: &[u8]| -> [u8; 16] {
        let x = blk(&xor(b, t));
        let y = if enc { c1.encrypt(&x) } else { c1.decrypt(&x) };
        blk(&xor(&y, t))
    };
    let full = if r == 0 { m } else { m - 1 };
    for i in 0..full {
        out.extend(one(&mut c1, &t, &data[16 * i..16 * i + 16]));
        xts_double(&mut t, gb);
    }
    if r != 0 {
        let mut t_next = t;
        xts_double(&mut t_next, gb);
        let last_full = &data[16 * (m - 1)..16 * m];
        let tail = &data[16 * m..];
        // Encryption uses T_{m-1} then T_m; decryption the other way round.
        let (ta, tb) = if enc { (t, t_next) } else { (t_next, t) };
        let cc = one(&mut c1, &ta, last_full);
        let mut pp = tail.to_vec();
        pp.extend_from_slice(&cc[r..]);
        let cm1 = one(&mut c1, &tb, &pp);
        out.extend(cm1);
        out.extend_from_slice(&cc[..r]);
    }
    out
}

fn dbl(b: &[u8; 16]) -> [u8; 16] {
    let v = u128::from_be_bytes(*b);
    let r = (v << 1) ^ if v >> 127 == 1 { 0x87 } else { 0 };
    r.to_be_bytes()
}

/// CMAC (NIST SP 800-38B), full 16-byte tag.
pub fn cmac(key: &[u8], m: &[u8]) -> Vec<u8> {
    let mut c = Sm4::new(key);
    let l = c.encrypt(&[0u8; 16]);
    let k1 = dbl(&l);
    let k2 = dbl(&k1);
    let n = m.len().div_ceil(16).max(1);
    let complete = !m.is_empty() && m.len().is_multiple_of(16);
    let mut last = [0u8; 16];
    let tail = &m[16 * (n - 1)..];
    last[..tail.len()].copy_from_slice(tail);
    if complete {
        last = blk(&xor(&last, &k1));
    } else {
        last[tail.len()] = 0x80;
        last = blk(&xor(&last, &k2));
    }
    let mut x = [0u8; 16];
    for i in 0..n - 1 {
        x = c.encrypt(&blk(&xor(&x, &m[16 * i..16 * i + 16])));
    }
    c.encrypt(&blk(&xor(&x, &last))).to_vec()
}

/// AES-XCBC-MAC construction of RFC 3566 over SM4, full 16-byte tag.
pub fn xcbc(key: &[u8], m: &[u8]) -> Vec<u8> {
    let mut c = Sm4::new(key);
    let k1 = c.encrypt(&[1u8; 16]);
    let k2 = c.encrypt(&[2u8; 16]);
    let k3 = c.encrypt(&[3u8; 16]);
    let mut c1 = Sm4::new(&k1);
    let n = m.len().div_ceil(16).max(1);
    let complete = !m.is_empty() && m.len().is_multiple_of(16);
    let mut e = [0u8; 16];
    for i in 0..n - 1 {
        e = c1.encrypt(&blk(&xor(&e, &m[16 * i..16 * i + 16])));
    }
    let tail = &m[16 * (n - 1)..];
    let mut last = [0u8; 16];
    last[..tail.len()].copy_from_slice(tail);
    let k = if complete {
        k2
    } else {
        last[tail.len()] = 0x80;
        k3
    };
    c1.encrypt(&blk(&xor(&xor(&last, &e), &k))).to_vec()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pad {
    /// GB/T 15852.1 padding method 1: zeros to a block multiple; the empty string becomes one
    /// zero block (ISO/IEC 9797-1:2011 6.1.1).
    Zero,
    /// Padding method 2: 0x80 then zeros.
    M2,
    /// Padding method 3: a leading block with the bit length, zeros to a block multiple.
    M3,
}

pub fn pad(p: Pad, m: &[u8]) -> Vec<u8> {
    match p {
        Pad::Zero => {
            let mut v = m.to_vec();
            let n = m.len().div_ceil(16).max(1);
            v.resize(16 * n, 0);
            v
        }
        Pad::M2 => {
            let mut v = m.to_vec();
            v.push(0x80);
            v.resize(v.len().div_ceil(16) * 16, 0);
            v
        }
        Pad::M3 => {
            let mut v = ((m.len() as u128) * 8).to_be_bytes().to_vec();
            v.extend_from_slice(m);
            v.resize(v.len().div_ceil(16) * 16, 0);
            v
        }
    }
}

fn cbc_chain(c: &mut Sm4, d: &[u8], mut h: [u8; 16]) -> [u8; 16] {
    for b in d.chunks(16) {
        h = c.encrypt(&blk(&xor(&h, b)));
    }
    h
}

/// GB/T 15852.1-2020 MAC algorithms 1, 2, 3, 4, 6 (full 16-byte output before truncation).
pub fn gbt15852(alg: u8, p: Pad, key: &[u8], key2: &[u8], m: &[u8]) -> Vec<u8> {
    let d = pad(p, m);
    let mut c = Sm4::new(key);
    match alg {
        1 => cbc_chain(&mut c, &d, [0; 16]).to_vec(),
        2 => {
            let h = cbc_chain(&mut c, &d, [0; 16]);
            Sm4::new(key2).encrypt(&h).to_vec()
        }
        3 => {
            let h = cbc_chain(&mut c, &d, [0; 16]);
            let g = Sm4::new(key2).decrypt(&h);
            c.encrypt(&g).to_vec()
        }
        4 => {
            let k3 = xor(key2, &[0xF0; 16]);
            let h1 = Sm4::new(&k3).encrypt(&c.encrypt(&blk(&d[..16])));
            let h = cbc_chain(&mut c, &d[16..], h1);
            Sm4::new(key2).encrypt(&h).to_vec()
        }
        6 => {
            let mut one = [0u8; 16];
            one[15] = 1;
            let mut two = [0u8; 16];
            two[15] = 2;
            let k1 = c.encrypt(&one);
            let k2 = c.encrypt(&two);
            let h = cbc_chain(&mut Sm4::new(&k1), &d[..d.len() - 16], [0; 16]);
            Sm4::new(&k2)
                .encrypt(&blk(&xor(&h, &d[d.len() - 16..])))
                .to_vec()
        }
        _ => unreachable!(),
    }
}

/// HMAC (RFC 2104) over OpenSSL's SM3, to cross-check OpenSSL's own HMAC.
pub fn hmac_sm3(key: &[u8], m: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > 64 {
        ossl::sm3(key)
    } else {
        key.to_vec()
    };
    k.resize(64, 0);
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(m);
    let ih = ossl::sm3(&inner);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend(ih);
    ossl::sm3(&outer)
}

/// GF(2^128) product in the GCM bit order (NIST SP 800-38D 6.3).
pub fn gf_mul(x: u128, y: u128) -> u128 {
    let mut z = 0u128;
    let mut v = y;
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = if v & 1 == 1 {
            (v >> 1) ^ (0xE1u128 << 120)
        } else {
            v >> 1
        };
    }
    z
}

pub fn gf_pow(mut x: u128, mut e: u128) -> u128 {
    let mut r = 1u128 << 127; // the field's one
    while e != 0 {
        if e & 1 == 1 {
            r = gf_mul(r, x);
        }
        x = gf_mul(x, x);
        e >>= 1;
    }
    r
}

pub fn gf_inv(x: u128) -> u128 {
    gf_pow(x, u128::MAX - 1)
}

/// A 16-byte GCM IV whose pre-counter block J0 = GHASH_H(IV || 0^64 || [128]_64) equals `j0`.
pub fn gcm_iv_for_j0(key: &[u8], j0: u128) -> [u8; 16] {
    let h = u128::from_be_bytes(Sm4::new(key).encrypt(&[0u8; 16]));
    let l = 128u128; // 0^64 || [len(IV) in bits]_64
                     // J0 = IV*H^2 + L*H  =>  IV = (J0 + L*H) * H^-2
    let iv = gf_mul(j0 ^ gf_mul(l, h), gf_inv(gf_mul(h, h)));
    let iv = iv.to_be_bytes();
    // Check forward.
    let x1 = gf_mul(u128::from_be_bytes(iv), h);
    assert_eq!(gf_mul(x1 ^ l, h), j0);
    iv
}
