//! Target `sm4_modes`: one SM4 mode per case, on every SM4 backend this CPU has, against the
//! RustCrypto mode crate over RustCrypto `sm4` (or, for CBC-CS3 and GB/T XTS, a reference written
//! here on top of them); decrypt(encrypt(x)) = x, and streaming in pieces equals one shot.
//!
//! Layout: the operation (1 byte, [`Op::from_byte`]), the key (32 bytes: the SM4 key is the first
//! 16, XTS takes K1 ‖ K2, RFC 3686 takes its nonce from bytes 16..20), the IV / tweak / initial
//! counter (16 bytes), a chunking plan ([`Chunks`]), the message (the rest).

use super::input::{Chunks, Input};
use cipher::block_padding::Pkcs7;
use cipher::{
    Array, BlockCipherDecrypt as _, BlockCipherEncrypt as _, BlockModeDecrypt as _,
    BlockModeEncrypt as _, KeyInit as _, KeyIvInit as _, StreamCipher as _,
};
use gmkit::backend::Backend;
use gmkit::modes::cfb::Cfb;
use gmkit::modes::cmac::Cmac;
use gmkit::modes::ctr::Ctr;
use gmkit::modes::ofb::Ofb;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc as gm_cbc, cts as gm_cts, ecb as gm_ecb};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{Block, CtrWidth, Error, Mac};

/// The operations, one per case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// ECB, whole blocks only.
    Ecb,
    /// CBC, whole blocks only.
    Cbc,
    /// CBC with PKCS #7 padding; the message is also decrypted as a ciphertext.
    CbcPkcs7,
    /// CFB-128.
    Cfb,
    /// OFB.
    Ofb,
    /// CTR with a counter of this width.
    Ctr(CtrWidth),
    /// CTR in the RFC 3686 layout.
    CtrRfc3686,
    /// CBC-CS3 (SP 800-38A Addendum).
    CbcCs3,
    /// XTS in either convention.
    Xts(XtsVariant),
    /// CMAC (SP 800-38B), full and truncated tags.
    Cmac,
}

impl Op {
    /// Every operation, in the order the op byte selects them (modulo their count).
    pub const ALL: [Op; 13] = [
        Op::Ecb,
        Op::Cbc,
        Op::CbcPkcs7,
        Op::Cfb,
        Op::Ofb,
        Op::Ctr(CtrWidth::Bits32),
        Op::Ctr(CtrWidth::Bits64),
        Op::Ctr(CtrWidth::Bits128),
        Op::CtrRfc3686,
        Op::CbcCs3,
        Op::Xts(XtsVariant::Ieee1619),
        Op::Xts(XtsVariant::Gbt17964),
        Op::Cmac,
    ];

    /// The operation a byte selects.
    pub fn from_byte(b: u8) -> Op {
        Op::ALL[b as usize % Op::ALL.len()]
    }
}

/// Run one `sm4_modes` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let op = Op::from_byte(input.u8());
    let key: [u8; 32] = input.array();
    let iv: Block = input.array();
    let chunks = Chunks::read(&mut input);
    let msg = input.rest();
    let case = Case {
        op,
        k1: key[..16].try_into().expect("16 bytes"),
        k2: key[16..].try_into().expect("16 bytes"),
        iv,
        msg,
        pieces: chunks.ranges(msg.len()),
    };
    for backend in Sm4Backend::available() {
        case.run(backend);
    }
}

struct Case<'a> {
    op: Op,
    k1: [u8; 16],
    k2: [u8; 16],
    iv: Block,
    msg: &'a [u8],
    pieces: Vec<core::ops::Range<usize>>,
}

impl Case<'_> {
    fn run(&self, backend: Sm4Backend) {
        let c = Sm4::with_backend(&self.k1, backend).expect("an available backend");
        assert_eq!(c.backend(), backend);
        let (msg, iv) = (self.msg, &self.iv);
        let what = format!("{:?}, {backend:?}, {} bytes", self.op, msg.len());
        match self.op {
            Op::Ecb | Op::Cbc => {
                let cbc = self.op == Op::Cbc;
                let enc = |buf: &mut [u8]| match cbc {
                    true => gm_cbc::encrypt(&c, iv, buf),
                    false => gm_ecb::encrypt(&c, buf),
                };
                let dec = |buf: &mut [u8]| match cbc {
                    true => gm_cbc::decrypt(&c, iv, buf),
                    false => gm_ecb::decrypt(&c, buf),
                };
                if !msg.len().is_multiple_of(16) {
                    refused(msg, enc, Error::InvalidLength, &what);
                    refused(msg, dec, Error::InvalidLength, &what);
                    return;
                }
                let mut theirs = msg.to_vec();
                let blocks = Array::slice_as_chunks_mut(&mut theirs).0;
                match cbc {
                    true => ::cbc::Encryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
                        .encrypt_blocks(blocks),
                    false => {
                        ::ecb::Encryptor::<sm4::Sm4>::new(&self.k1.into()).encrypt_blocks(blocks)
                    }
                }
                let mut ours = msg.to_vec();
                enc(&mut ours).expect("whole blocks");
                assert_eq!(ours, theirs, "{what}: encrypt");
                dec(&mut ours).expect("whole blocks");
                assert_eq!(ours, msg, "{what}: round trip");
                // The message read as a ciphertext.
                let mut theirs = msg.to_vec();
                let blocks = Array::slice_as_chunks_mut(&mut theirs).0;
                match cbc {
                    true => ::cbc::Decryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
                        .decrypt_blocks(blocks),
                    false => {
                        ::ecb::Decryptor::<sm4::Sm4>::new(&self.k1.into()).decrypt_blocks(blocks)
                    }
                }
                dec(&mut ours).expect("whole blocks");
                assert_eq!(ours, theirs, "{what}: decrypt");
            }
            Op::CbcPkcs7 => self.cbc_pkcs7(&c, &what),
            Op::Cfb => {
                let mut theirs = msg.to_vec();
                cfb_mode::Encryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
                    .encrypt(&mut theirs);
                let mut ours = msg.to_vec();
                Cfb::new(c.clone(), iv).encrypt(&mut ours);
                assert_eq!(ours, theirs, "{what}: one-shot encrypt");
                let mut s = Cfb::new(c.clone(), iv);
                let mut streamed = msg.to_vec();
                self.each_piece(&mut streamed, |b| s.encrypt(b));
                assert_eq!(streamed, theirs, "{what}: streamed encrypt");
                let mut s = Cfb::new(c.clone(), iv);
                self.each_piece(&mut streamed, |b| s.decrypt(b));
                assert_eq!(streamed, msg, "{what}: streamed round trip");
                // The message read as a ciphertext.
                let mut theirs = msg.to_vec();
                cfb_mode::Decryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
                    .decrypt(&mut theirs);
                let mut ours = msg.to_vec();
                Cfb::new(c, iv).decrypt(&mut ours);
                assert_eq!(ours, theirs, "{what}: decrypt");
            }
            Op::Ofb => {
                let mut theirs = msg.to_vec();
                ofb::Ofb::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
                    .apply_keystream(&mut theirs);
                self.keystream(
                    &theirs,
                    || Ofb::new(c.clone(), iv),
                    |s, b| s.apply_keystream(b),
                    &what,
                );
            }
            Op::Ctr(width) => {
                let mut theirs = msg.to_vec();
                let (k, n) = (&self.k1.into(), &(*iv).into());
                match width {
                    CtrWidth::Bits32 => {
                        ctr::Ctr32BE::<sm4::Sm4>::new(k, n).apply_keystream(&mut theirs)
                    }
                    CtrWidth::Bits64 => {
                        ctr::Ctr64BE::<sm4::Sm4>::new(k, n).apply_keystream(&mut theirs)
                    }
                    CtrWidth::Bits128 => {
                        ctr::Ctr128BE::<sm4::Sm4>::new(k, n).apply_keystream(&mut theirs)
                    }
                }
                self.keystream(
                    &theirs,
                    || Ctr::new(c.clone(), iv, width),
                    |s, b| s.apply_keystream(b).expect("inside the counter space"),
                    &what,
                );
            }
            Op::CtrRfc3686 => {
                // RFC 3686 §4: nonce ‖ IV ‖ 00000001.
                let nonce: [u8; 4] = self.k2[..4].try_into().expect("4 bytes");
                let iv8: [u8; 8] = iv[..8].try_into().expect("8 bytes");
                let mut block = [0u8; 16];
                block[..4].copy_from_slice(&nonce);
                block[4..12].copy_from_slice(&iv8);
                block[15] = 1;
                let mut theirs = msg.to_vec();
                ctr::Ctr32BE::<sm4::Sm4>::new(&self.k1.into(), &block.into())
                    .apply_keystream(&mut theirs);
                self.keystream(
                    &theirs,
                    || Ctr::new_rfc3686(c.clone(), &nonce, &iv8),
                    |s, b| s.apply_keystream(b).expect("inside the counter space"),
                    &what,
                );
            }
            Op::CbcCs3 => {
                let enc = |buf: &mut [u8]| gm_cts::encrypt_cs3(&c, iv, buf);
                let dec = |buf: &mut [u8]| gm_cts::decrypt_cs3(&c, iv, buf);
                if msg.len() < 16 {
                    refused(msg, enc, Error::InvalidLength, &what);
                    refused(msg, dec, Error::InvalidLength, &what);
                    return;
                }
                let mut ours = msg.to_vec();
                enc(&mut ours).expect("at least one block");
                assert_eq!(ours, cs3_reference(&self.k1, iv, msg), "{what}: encrypt");
                dec(&mut ours).expect("at least one block");
                assert_eq!(ours, msg, "{what}: round trip");
                // CS3 permutes strings of each length ≥ 16: encrypt(decrypt(y)) = y.
                dec(&mut ours).expect("at least one block");
                enc(&mut ours).expect("at least one block");
                assert_eq!(ours, msg, "{what}: encrypt(decrypt(y))");
            }
            Op::Xts(variant) => self.xts(backend, variant, &what),
            Op::Cmac => {
                let mut theirs = <cmac::Cmac<sm4::Sm4> as cmac::KeyInit>::new(&self.k1.into());
                cmac::Mac::update(&mut theirs, msg);
                let want: Block = cmac::Mac::finalize(theirs).into_bytes().into();
                let whole = || {
                    let mut m = Cmac::new(c.clone());
                    m.update(msg);
                    m
                };
                assert_eq!(whole().finalize(), want, "{what}: one shot");
                let mut m = Cmac::new(c.clone());
                for r in &self.pieces {
                    m.update(&msg[r.clone()]);
                }
                assert_eq!(m.finalize(), want, "{what}: streamed");
                // The full tag through the Mac trait; a key made for 4..=16 bytes (under 8 only
                // with `hazmat`) for a truncated one, which the full-length key refuses.
                let mut tag = [0xa5u8; 16];
                Mac::finalize_into(whole(), &mut tag).expect("a 16-byte tag");
                assert_eq!(tag, want, "{what}: finalize_into");
                whole().verify(&tag).expect("the right tag verifies");
                let t = 4 + iv[0] as usize % 13;
                if t < 16 {
                    assert_eq!(
                        whole().verify(&tag[..t]),
                        Err(Error::InvalidTagLength),
                        "{what}: a {t}-byte tag under a full-length key"
                    );
                }
                let truncated = || Mac::with_tag_len(whole(), t);
                match truncated() {
                    Err(e) => {
                        assert_eq!(e, Error::InvalidTagLength);
                        assert!(t < 8 && !super::short_tags(), "{what}: no {t}-byte key");
                        return;
                    }
                    Ok(_) => assert!(t >= 8 || super::short_tags(), "{what}: a {t}-byte key"),
                }
                let mut short = [0xa5u8; 16];
                if t < 16 {
                    let m = truncated().expect("checked above");
                    assert_eq!(
                        Mac::finalize_into(m, &mut short),
                        Err(Error::InvalidTagLength),
                        "{what}: a 16-byte buffer for a {t}-byte key"
                    );
                }
                let m = truncated().expect("checked above");
                Mac::finalize_into(m, &mut short[..t]).expect("a tag of the key's length");
                assert_eq!(short[..t], want[..t], "{what}: truncated to {t}");
                let m = truncated().expect("checked above");
                m.verify(&short[..t]).expect("the right tag verifies");
                short[iv[1] as usize % t] ^= 1 << (iv[2] % 8);
                let m = truncated().expect("checked above");
                assert_eq!(
                    m.verify(&short[..t]),
                    Err(Error::Opaque),
                    "{what}: flipped tag"
                );
            }
        }
    }

    fn cbc_pkcs7(&self, c: &Sm4, what: &str) {
        let (msg, iv) = (self.msg, &self.iv);
        let len = msg.len();
        let mut theirs = vec![0u8; len + 16];
        theirs[..len].copy_from_slice(msg);
        let theirs = ::cbc::Encryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
            .encrypt_padded::<Pkcs7>(&mut theirs, len)
            .expect("room for the padding")
            .to_vec();
        let mut ours = vec![0xa5u8; len + 16];
        ours[..len].copy_from_slice(msg);
        let n = gm_cbc::encrypt_pkcs7(c, iv, &mut ours, len).expect("room for the padding");
        assert_eq!(ours[..n], theirs[..], "{what}: encrypt");
        let mut short = ours[..n - 1].to_vec();
        assert_eq!(
            gm_cbc::encrypt_pkcs7(c, iv, &mut short, len.min(n - 1)),
            Err(Error::InvalidLength),
            "{what}: no room for the padding"
        );
        let mut ct = ours[..n].to_vec();
        assert_eq!(gm_cbc::decrypt_pkcs7(c, iv, &mut ct), Ok(len), "{what}");
        assert_eq!(ct[..len], msg[..], "{what}: round trip");

        // The message read as a ciphertext: the padding verdict must match RustCrypto's.
        let dec = |buf: &mut [u8]| gm_cbc::decrypt_pkcs7(c, iv, buf).map(|_| ());
        if len == 0 || !len.is_multiple_of(16) {
            refused(msg, dec, Error::InvalidLength, what);
            return;
        }
        let mut t = msg.to_vec();
        let theirs = ::cbc::Decryptor::<sm4::Sm4>::new(&self.k1.into(), &(*iv).into())
            .decrypt_padded::<Pkcs7>(&mut t)
            .map(<[u8]>::to_vec);
        let mut ours = msg.to_vec();
        match (gm_cbc::decrypt_pkcs7(c, iv, &mut ours), theirs) {
            (Ok(m), Ok(p)) => assert_eq!(ours[..m], p[..], "{what}: decrypt"),
            (Err(Error::Opaque), Err(_)) => assert_eq!(ours, msg, "{what}: refused, but written"),
            (ours, theirs) => panic!("{what}: padding verdicts differ: {ours:?} vs {theirs:?}"),
        }
    }

    /// A keystream mode: one shot and streamed in pieces both give `theirs`, and undo it.
    fn keystream<S>(
        &self,
        theirs: &[u8],
        new: impl Fn() -> S,
        apply: impl Fn(&mut S, &mut [u8]),
        what: &str,
    ) {
        let mut ours = self.msg.to_vec();
        apply(&mut new(), &mut ours);
        assert_eq!(ours, theirs, "{what}: one shot");
        let mut s = new();
        self.each_piece(&mut ours, |b| apply(&mut s, b));
        assert_eq!(ours, self.msg, "{what}: streamed round trip");
    }

    fn xts(&self, backend: Sm4Backend, variant: XtsVariant, what: &str) {
        let (msg, tweak) = (self.msg, &self.iv);
        let xts = Xts::new(
            Sm4::with_backend(&self.k1, backend).expect("an available backend"),
            Sm4::with_backend(&self.k2, backend).expect("an available backend"),
            variant,
        );
        let both = [self.k1, self.k2].concat();
        let from_slice = Xts::<Sm4>::new_from_slice(&both, variant);
        if self.k1 == self.k2 {
            // K1 = K2 is refused, however the key is given.
            assert_eq!(xts.err(), Some(Error::InvalidParameter), "{what}: K1 = K2");
            assert_eq!(
                from_slice.err(),
                Some(Error::InvalidParameter),
                "{what}: K1 = K2"
            );
            return;
        }
        assert!(from_slice.is_ok(), "{what}: K1 ≠ K2 from a slice");
        let xts = xts.expect("K1 ≠ K2");
        assert_eq!(xts.variant(), variant);
        let enc = |buf: &mut [u8]| xts.encrypt(tweak, buf);
        let dec = |buf: &mut [u8]| xts.decrypt(tweak, buf);
        if msg.len() < 16 {
            refused(msg, enc, Error::InvalidLength, what);
            refused(msg, dec, Error::InvalidLength, what);
            return;
        }
        let theirs = match variant {
            XtsVariant::Ieee1619 => {
                let x = xts_mode::Xts128::new(
                    sm4::Sm4::new(&self.k1.into()),
                    sm4::Sm4::new(&self.k2.into()),
                );
                let mut t = msg.to_vec();
                x.encrypt_sector(&mut t, (*tweak).into());
                // The reference below must agree with xts-mode where both apply.
                let r = xts_reference(&self.k1, &self.k2, tweak, msg, mul_x_ieee, true);
                assert_eq!(r, t, "{what}: the reference itself");
                let mut d = msg.to_vec();
                x.decrypt_sector(&mut d, (*tweak).into());
                let mut ours = msg.to_vec();
                dec(&mut ours).expect("at least one block");
                assert_eq!(ours, d, "{what}: decrypt");
                t
            }
            XtsVariant::Gbt17964 => {
                let t = xts_reference(&self.k1, &self.k2, tweak, msg, mul_x_gbt, true);
                let d = xts_reference(&self.k1, &self.k2, tweak, msg, mul_x_gbt, false);
                let mut ours = msg.to_vec();
                dec(&mut ours).expect("at least one block");
                assert_eq!(ours, d, "{what}: decrypt");
                t
            }
        };
        let mut ours = msg.to_vec();
        enc(&mut ours).expect("at least one block");
        assert_eq!(ours, theirs, "{what}: encrypt");
        dec(&mut ours).expect("at least one block");
        assert_eq!(ours, msg, "{what}: round trip");
    }

    fn each_piece(&self, buf: &mut [u8], mut f: impl FnMut(&mut [u8])) {
        for r in &self.pieces {
            f(&mut buf[r.clone()]);
        }
    }
}

/// `op` must refuse `msg` with `err` and leave the buffer as it was.
fn refused(msg: &[u8], op: impl Fn(&mut [u8]) -> gmkit::Result<()>, err: Error, what: &str) {
    let mut buf = msg.to_vec();
    assert_eq!(op(&mut buf), Err(err), "{what}: must be refused");
    assert_eq!(buf, msg, "{what}: refused input must be untouched");
}

/// CBC-CS3 from its definition (SP 800-38A Addendum §2–3) over RustCrypto CBC: encrypt the
/// message zero-padded to whole blocks, then for n ≥ 2 blocks swap the last two and cut the
/// (now last) second-to-last block to the length d of the final partial block.
pub fn cs3_reference(key: &[u8; 16], iv: &Block, msg: &[u8]) -> Vec<u8> {
    let n = msg.len().div_ceil(16);
    let mut buf = msg.to_vec();
    buf.resize(16 * n, 0);
    ::cbc::Encryptor::<sm4::Sm4>::new(&(*key).into(), &(*iv).into())
        .encrypt_blocks(Array::slice_as_chunks_mut(&mut buf).0);
    if n == 1 {
        return buf;
    }
    let d = msg.len() - 16 * (n - 1);
    let mut out = buf[..16 * (n - 2)].to_vec();
    out.extend_from_slice(&buf[16 * (n - 1)..]);
    out.extend_from_slice(&buf[16 * (n - 2)..16 * (n - 2) + d]);
    out
}

/// IEEE 1619 §5.2: multiply by α in GF(2¹²⁸), the block read little-endian.
pub fn mul_x_ieee(t: &mut Block) {
    let mut carry = 0u8;
    for b in t.iter_mut() {
        let next = *b >> 7;
        *b = (*b << 1) | carry;
        carry = next;
    }
    t[0] ^= 0x87 * carry;
}

/// GB/T 17964-2021 XTS: multiply by x in GCM's bit order (SP 800-38D §6.3: shift right, fold
/// R = 11100001 ‖ 0¹²⁰ in).
pub fn mul_x_gbt(t: &mut Block) {
    let mut carry = 0u8;
    for b in t.iter_mut() {
        let next = *b & 1;
        *b = (*b >> 1) | (carry << 7);
        carry = next;
    }
    t[0] ^= 0xe1 * carry;
}

/// XTS (IEEE 1619 §5.3–5.4, ciphertext stealing included) block by block over RustCrypto `sm4`,
/// with the tweak doubling passed in.
pub fn xts_reference(
    k1: &[u8; 16],
    k2: &[u8; 16],
    tweak: &Block,
    msg: &[u8],
    mul_x: fn(&mut Block),
    enc: bool,
) -> Vec<u8> {
    let c1 = sm4::Sm4::new(&(*k1).into());
    let mut t: Array<u8, _> = (*tweak).into();
    sm4::Sm4::new(&(*k2).into()).encrypt_block(&mut t);
    let mut t: Block = t.into();
    let one = |t: &Block, b: &mut Block| {
        let mut x: Array<u8, _> = core::array::from_fn::<u8, 16, _>(|i| b[i] ^ t[i]).into();
        match enc {
            true => c1.encrypt_block(&mut x),
            false => c1.decrypt_block(&mut x),
        }
        for i in 0..16 {
            b[i] = x[i] ^ t[i];
        }
    };
    let m = msg.len() / 16;
    let d = msg.len() % 16;
    let whole = if d == 0 { m } else { m - 1 };
    let mut out = msg.to_vec();
    for j in 0..whole {
        let mut b: Block = out[16 * j..16 * j + 16].try_into().expect("one block");
        one(&t, &mut b);
        out[16 * j..16 * j + 16].copy_from_slice(&b);
        mul_x(&mut t);
    }
    if d != 0 {
        // The last whole block with T_{m-1} and T_m (swapped on decryption), and the tail.
        let mut t_next = t;
        mul_x(&mut t_next);
        let (first, second) = if enc { (t, t_next) } else { (t_next, t) };
        let at = 16 * whole;
        let mut cc: Block = out[at..at + 16].try_into().expect("one block");
        one(&first, &mut cc);
        let mut pp = cc;
        pp[..d].copy_from_slice(&msg[at + 16..]);
        one(&second, &mut pp);
        out[at..at + 16].copy_from_slice(&pp);
        out[at + 16..].copy_from_slice(&cc[..d]);
    }
    out
}
