//! Target `sm4_backends`: every SM4 backend this CPU has, other than `soft`, against
//! `Sm4Backend::Soft` byte for byte — ECB, CBC and CFB (both directions), OFB, CTR (one shot and
//! streamed in pieces), XTS in both tweak conventions, GCM and CCM (seal, and open of soft's
//! output) — on arbitrary keys, IVs and lengths up to 4 KiB, which cross every backend's
//! parallel width (16, 32, 48, 128 blocks) and its tails.
//!
//! Layout: the key (32 bytes: K ‖ K2 for XTS), the IV / tweak / counter (16 bytes), the CTR width
//! (1 byte), the GCM IV length (1 byte: 1 + b % 64, the IV ‖ key repeated), the GCM tag length
//! (1 byte: one of 4, 8, 12–16; 16 for 4 and 8 where gmkit lacks `hazmat`), the CCM nonce length
//! (1 byte: 7 + b % 7), the CCM tag length (1 byte: 4 + 2 · (b % 7); 16 for 4 and 6 without
//! `hazmat`), the AAD (length byte + bytes), the message length (2 bytes
//! big-endian, % 4097), a chunking plan ([`Chunks`]), the message pattern (the rest, repeated to
//! the message length; empty = the byte index).

use super::input::{Chunks, Input};
use gmkit::backend::Backend;
use gmkit::modes::ccm::Ccm;
use gmkit::modes::cfb::Cfb;
use gmkit::modes::ctr::Ctr;
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::GhashBackend;
use gmkit::modes::ofb::Ofb;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc, ecb};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{Block, CtrWidth};

const GCM_TAGS: [usize; 7] = [4, 8, 12, 13, 14, 15, 16];

/// `len` bytes of `pattern` repeated (the index bytes if `pattern` is empty).
pub fn repeat(pattern: &[u8], len: usize) -> Vec<u8> {
    match pattern {
        [] => (0..len).map(|i| i as u8).collect(),
        p => p.iter().copied().cycle().take(len).collect(),
    }
}

/// Run one `sm4_backends` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let key: [u8; 32] = input.array();
    let iv: Block = input.array();
    let width = [CtrWidth::Bits32, CtrWidth::Bits64, CtrWidth::Bits128][input.u8() as usize % 3];
    let gcm_iv_len = 1 + input.u8() as usize % 64;
    let gcm_tag = GCM_TAGS[input.u8() as usize % GCM_TAGS.len()];
    let ccm_nonce = 7 + input.u8() as usize % 7;
    let ccm_tag = 4 + 2 * (input.u8() as usize % 7);
    // The short tags only where gmkit takes them (`hazmat`).
    let short = super::short_tags();
    let gcm_tag = if gcm_tag < 12 && !short { 16 } else { gcm_tag };
    let ccm_tag = if ccm_tag < 8 && !short { 16 } else { ccm_tag };
    let aad = input.field();
    let len = u16::from_be_bytes(input.array()) as usize % 4097;
    let chunks = Chunks::read(&mut input);
    let msg = repeat(input.rest(), len);
    let pieces = chunks.ranges(len);
    let (k1, k2): ([u8; 16], [u8; 16]) =
        (key[..16].try_into().unwrap(), key[16..].try_into().unwrap());
    let ivs = [&iv[..], &key[..]].concat();
    let gcm_iv = repeat(&ivs, gcm_iv_len);
    let nonce = &ivs[..ccm_nonce];

    let soft = |k: &[u8; 16]| Sm4::with_backend(k, Sm4Backend::Soft).expect("always there");
    let whole = len & !15;
    let xts_ok = len >= 16 && k1 != k2;
    let gcm = |c: &Sm4| {
        // Soft GHASH on every side, so only the SM4 backend differs.
        Gcm::with_ghash_backend(c.clone(), GhashBackend::Soft)
            .and_then(|g| g.with_tag_len(gcm_tag))
            .expect("soft GHASH, a tag length this build takes")
    };
    let ccm = |c: &Sm4| {
        Ccm::new(c.clone())
            .with_tag_len(ccm_tag)
            .expect("a tag length this build takes")
    };
    // Every operation on `c`, in a fixed order: soft's results are computed once per case.
    let outputs = |c: &Sm4, k2c: &Sm4| -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut one = |op: &str, f: &dyn Fn(&mut [u8]), n: usize| {
            let mut b = msg[..n].to_vec();
            f(&mut b);
            out.push((op.to_string(), b));
        };
        // The block modes on the whole blocks; CFB, OFB and CTR on everything.
        one(
            "ECB encrypt",
            &|b| ecb::encrypt(c, b).expect("whole blocks"),
            whole,
        );
        one(
            "ECB decrypt",
            &|b| ecb::decrypt(c, b).expect("whole blocks"),
            whole,
        );
        one(
            "CBC encrypt",
            &|b| cbc::encrypt(c, &iv, b).expect("whole blocks"),
            whole,
        );
        one(
            "CBC decrypt",
            &|b| cbc::decrypt(c, &iv, b).expect("whole blocks"),
            whole,
        );
        one("CFB encrypt", &|b| Cfb::new(c.clone(), &iv).encrypt(b), len);
        one("CFB decrypt", &|b| Cfb::new(c.clone(), &iv).decrypt(b), len);
        one("OFB", &|b| Ofb::new(c.clone(), &iv).apply_keystream(b), len);
        let ctr = |b: &mut [u8]| {
            Ctr::new(c.clone(), &iv, width)
                .apply_keystream(b)
                .expect("inside the counter space")
        };
        one("CTR", &ctr, len);
        // XTS needs K1 ≠ K2 (tested in `sm4_modes`).
        if xts_ok {
            for variant in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
                let x = Xts::new(c.clone(), k2c.clone(), variant).expect("K1 ≠ K2");
                one(
                    &format!("XTS {variant:?} encrypt"),
                    &|b| x.encrypt(&iv, b).expect("at least one block"),
                    len,
                );
                one(
                    &format!("XTS {variant:?} decrypt"),
                    &|b| x.decrypt(&iv, b).expect("at least one block"),
                    len,
                );
            }
        }
        let mut sealed = |op: &str, seal: &dyn Fn(&mut [u8], &mut [u8]), tag_len: usize| {
            let mut b = msg.clone();
            let mut t = [0u8; 16];
            seal(&mut b, &mut t[..tag_len]);
            b.extend_from_slice(&t[..tag_len]);
            out.push((op.to_string(), b));
        };
        let g = gcm(c);
        sealed(
            "GCM seal",
            &|b, t| g.seal_detached(&gcm_iv, aad, b, t).expect("valid lengths"),
            gcm_tag,
        );
        let m = ccm(c);
        sealed(
            "CCM seal",
            &|b, t| m.seal_detached(nonce, aad, b, t).expect("valid lengths"),
            ccm_tag,
        );
        out
    };
    let want = outputs(&soft(&k1), &soft(&k2));

    for backend in Sm4Backend::available().filter(|&b| b != Sm4Backend::Soft) {
        let c = Sm4::with_backend(&k1, backend).expect("an available backend");
        let k2c = Sm4::with_backend(&k2, backend).expect("an available backend");
        let what = |op: &str| format!("{op}, {backend:?} vs soft, {len} bytes");
        let got = outputs(&c, &k2c);
        assert_eq!(got.len(), want.len(), "{}", what("operation count"));
        for ((op, a), (_, b)) in got.iter().zip(&want) {
            assert!(a == b, "{}", what(op));
        }

        // CTR streamed in pieces on the backend against soft's one shot.
        let mut a = msg.clone();
        let mut ctr = Ctr::new(c.clone(), &iv, width);
        for r in &pieces {
            ctr.apply_keystream(&mut a[r.clone()])
                .expect("inside the counter space");
        }
        let ctr_soft = want.iter().find(|(op, _)| op == "CTR").expect("computed");
        assert!(a == ctr_soft.1, "{}", what("CTR streamed"));

        // The backend opens soft's sealed messages (the last two entries).
        let open = |op: &str, sealed: &[u8], tag_len: usize, f: &dyn Fn(&mut [u8], &[u8])| {
            let (ct, tag) = sealed.split_at(sealed.len() - tag_len);
            let mut b = ct.to_vec();
            f(&mut b, tag);
            assert!(b == msg, "{}", what(op));
        };
        let n = want.len();
        let g = gcm(&c);
        open("GCM open", &want[n - 2].1, gcm_tag, &|b, t| {
            g.open_detached(&gcm_iv, aad, b, t)
                .expect("soft's ciphertext opens")
        });
        let m = ccm(&c);
        open("CCM open", &want[n - 1].1, ccm_tag, &|b, t| {
            m.open_detached(nonce, aad, b, t)
                .expect("soft's ciphertext opens")
        });
    }
}
