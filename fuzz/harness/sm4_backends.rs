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
    for backend in Sm4Backend::available().filter(|&b| b != Sm4Backend::Soft) {
        let c = Sm4::with_backend(&k1, backend).expect("an available backend");
        let s = soft(&k1);
        let what = |op: &str| format!("{op}, {backend:?} vs soft, {len} bytes");

        // The block modes on the whole blocks; CFB, OFB and CTR on everything.
        let same = |op: &str, f: &dyn Fn(&Sm4, &mut [u8]), n: usize| {
            let (mut a, mut b) = (msg[..n].to_vec(), msg[..n].to_vec());
            f(&c, &mut a);
            f(&s, &mut b);
            assert!(a == b, "{}", what(op));
        };
        same(
            "ECB encrypt",
            &|c, b| ecb::encrypt(c, b).expect("whole blocks"),
            whole,
        );
        same(
            "ECB decrypt",
            &|c, b| ecb::decrypt(c, b).expect("whole blocks"),
            whole,
        );
        same(
            "CBC encrypt",
            &|c, b| cbc::encrypt(c, &iv, b).expect("whole blocks"),
            whole,
        );
        same(
            "CBC decrypt",
            &|c, b| cbc::decrypt(c, &iv, b).expect("whole blocks"),
            whole,
        );
        same(
            "CFB encrypt",
            &|c, b| Cfb::new(c.clone(), &iv).encrypt(b),
            len,
        );
        same(
            "CFB decrypt",
            &|c, b| Cfb::new(c.clone(), &iv).decrypt(b),
            len,
        );
        same(
            "OFB",
            &|c, b| Ofb::new(c.clone(), &iv).apply_keystream(b),
            len,
        );
        same(
            "CTR",
            &|c, b| {
                Ctr::new(c.clone(), &iv, width)
                    .apply_keystream(b)
                    .expect("inside the counter space")
            },
            len,
        );

        // CTR streamed in pieces on the backend, one shot on soft.
        let mut a = msg.clone();
        let mut ctr = Ctr::new(c.clone(), &iv, width);
        for r in &pieces {
            ctr.apply_keystream(&mut a[r.clone()])
                .expect("inside the counter space");
        }
        let mut b = msg.clone();
        Ctr::new(s.clone(), &iv, width)
            .apply_keystream(&mut b)
            .expect("inside the counter space");
        assert!(a == b, "{}", what("CTR streamed"));

        // XTS needs K1 ≠ K2 (tested in `sm4_modes`).
        if len >= 16 && k1 != k2 {
            for variant in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
                let k2c = Sm4::with_backend(&k2, backend).expect("an available backend");
                let x = Xts::new(c.clone(), k2c, variant).expect("K1 ≠ K2");
                let xs = Xts::new(s.clone(), soft(&k2), variant).expect("K1 ≠ K2");
                let (mut a, mut b) = (msg.clone(), msg.clone());
                x.encrypt(&iv, &mut a).expect("at least one block");
                xs.encrypt(&iv, &mut b).expect("at least one block");
                assert!(a == b, "{}", what(&format!("XTS {variant:?} encrypt")));
                let (mut a, mut b) = (msg.clone(), msg.clone());
                x.decrypt(&iv, &mut a).expect("at least one block");
                xs.decrypt(&iv, &mut b).expect("at least one block");
                assert!(a == b, "{}", what(&format!("XTS {variant:?} decrypt")));
            }
        }

        // GCM with soft GHASH on both sides, so only the SM4 backend differs.
        let gcm = |c: &Sm4| {
            Gcm::with_ghash_backend(c.clone(), GhashBackend::Soft)
                .and_then(|g| g.with_tag_len(gcm_tag))
                .expect("soft GHASH, a tag length this build takes")
        };
        let (g, gs) = (gcm(&c), gcm(&s));
        let (mut a, mut b) = (msg.clone(), msg.clone());
        let (mut ta, mut tb) = ([0u8; 16], [0u8; 16]);
        g.seal_detached(&gcm_iv, aad, &mut a, &mut ta[..gcm_tag])
            .expect("valid lengths");
        gs.seal_detached(&gcm_iv, aad, &mut b, &mut tb[..gcm_tag])
            .expect("valid lengths");
        assert!(a == b && ta == tb, "{}", what("GCM seal"));
        g.open_detached(&gcm_iv, aad, &mut b, &tb[..gcm_tag])
            .expect("soft's ciphertext opens");
        assert!(b == msg, "{}", what("GCM open"));

        let ccm = |c: &Sm4| {
            Ccm::new(c.clone())
                .with_tag_len(ccm_tag)
                .expect("a tag length this build takes")
        };
        let (m, ms) = (ccm(&c), ccm(&s));
        let (mut a, mut b) = (msg.clone(), msg.clone());
        let (mut ta, mut tb) = ([0u8; 16], [0u8; 16]);
        m.seal_detached(nonce, aad, &mut a, &mut ta[..ccm_tag])
            .expect("valid lengths");
        ms.seal_detached(nonce, aad, &mut b, &mut tb[..ccm_tag])
            .expect("valid lengths");
        assert!(a == b && ta == tb, "{}", what("CCM seal"));
        m.open_detached(nonce, aad, &mut b, &tb[..ccm_tag])
            .expect("soft's ciphertext opens");
        assert!(b == msg, "{}", what("CCM open"));
    }
}
