//! Target `aead_open`: SM4-GCM and SM4-CCM opening arbitrary (nonce, aad, ciphertext, tag), on
//! every SM4 backend (and every GHASH backend for GCM). The tag length is the key's: a full-length
//! key refuses a tag of any other length as a length error, and a key made for the tag's length
//! (where the mode allows it; the short ones only with `hazmat`) runs the case. Opening never
//! panics; it fails with the buffer unchanged unless the tag verifies, and agrees with RustCrypto
//! `aes-gcm` / `ccm` over RustCrypto `sm4` for the sizes those are instantiated for here. Seal
//! then open round-trips, and a tampered tag, ciphertext or AAD is refused.
//!
//! Layout: the mode (1 byte: even GCM, odd CCM), the key (16 bytes), the nonce, the AAD and the
//! tag (each a length byte + bytes), the tamper selector (1 byte), the ciphertext (the rest; it
//! is also the plaintext of the round trip).

use super::input::Input;
use aead::AeadInOut;
use aead::consts::{U4, U6, U7, U8, U9, U10, U11, U12, U13, U14, U15, U16};
use cipher::Array;
use gmkit::backend::Backend;
use gmkit::modes::ccm::Ccm;
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::GhashBackend;
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{Aead, Error};

/// Run one `aead_open` case; panics on any disagreement.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let ccm = input.u8() & 1 == 1;
    let key: [u8; 16] = input.array();
    let nonce = input.field();
    let aad = input.field();
    let tag = input.field();
    let tamper = input.u8();
    let ct = input.rest();
    let case = Case {
        key,
        nonce,
        aad,
        tag,
        tamper,
        ct,
    };
    if ccm {
        let oracle = ccm_oracle(&case);
        for backend in Sm4Backend::available() {
            let c = Sm4::with_backend(&key, backend).expect("an available backend");
            let what = format!("CCM {backend:?}");
            if let Some(ccm) = case.keyed(Ccm::new(c), ccm_tag_allowed, &what) {
                case.check(&ccm, ccm_lengths_ok, &oracle, &what);
            }
        }
    } else {
        let oracle = gcm_oracle(&case);
        for backend in Sm4Backend::available() {
            for ghash in GhashBackend::available() {
                let c = Sm4::with_backend(&key, backend).expect("an available backend");
                let gcm = Gcm::with_ghash_backend(c, ghash).expect("an available backend");
                assert_eq!(gcm.ghash_backend(), ghash);
                let what = format!("GCM {backend:?} {ghash:?}");
                if nonce.len() == 12 && tag.len() == 16 {
                    aead_traits(&case, &gcm, &oracle, &what);
                }
                if let Some(gcm) = case.keyed(gcm, gcm_tag_allowed, &what) {
                    case.check(&gcm, gcm_lengths_ok, &oracle, &what);
                }
            }
        }
    }
}

struct Case<'a> {
    key: [u8; 16],
    nonce: &'a [u8],
    aad: &'a [u8],
    tag: &'a [u8],
    tamper: u8,
    ct: &'a [u8],
}

/// What RustCrypto says, where it is instantiated for the case's sizes.
#[derive(Debug, PartialEq, Eq)]
struct Oracle {
    /// Opening the case's ciphertext: the plaintext, or `None` when refused.
    open: Option<Vec<u8>>,
    /// Sealing the case's ciphertext as a plaintext: (ciphertext, tag).
    seal: (Vec<u8>, Vec<u8>),
}

/// SP 800-38D §5.2.1.1–2: IV of at least one bit (whole bytes here), tags of 128, 120, 112, 104,
/// 96, 64 or 32 bits.
fn gcm_lengths_ok(nonce: usize, tag: usize, _msg: usize) -> bool {
    nonce >= 1 && matches!(tag, 4 | 8 | 12..=16)
}

/// The GCM tag lengths a key can be made for: 12–16 bytes, and 4 and 8 (SP 800-38D Appendix C)
/// only in a gmkit with `hazmat`.
fn gcm_tag_allowed(tag: usize) -> bool {
    matches!(tag, 12..=16) || (matches!(tag, 4 | 8) && super::short_tags())
}

/// The CCM tag lengths a key can be made for: 8–16 bytes even, and 4 and 6 only with `hazmat`.
fn ccm_tag_allowed(tag: usize) -> bool {
    tag.is_multiple_of(2)
        && ((8..=16).contains(&tag) || ((4..8).contains(&tag) && super::short_tags()))
}

/// SP 800-38C A.1: nonce of 7..=13 bytes, tag of 4..=16 bytes and even, payload below 2^(8q)
/// bytes with q = 15 − nonce length.
fn ccm_lengths_ok(nonce: usize, tag: usize, msg: usize) -> bool {
    (7..=13).contains(&nonce)
        && (4..=16).contains(&tag)
        && tag.is_multiple_of(2)
        && (msg as u128) < 1u128 << (8 * (15 - nonce as u32))
}

impl Case<'_> {
    /// The case's tag against the key's tag length: a full-length key refuses a tag of another
    /// length before looking at anything else (a length error, the buffer untouched); then the key
    /// made for the tag's length, if `allowed` says the mode takes it (and gmkit must agree).
    fn keyed<A: Aead + Clone>(&self, full: A, allowed: fn(usize) -> bool, what: &str) -> Option<A> {
        let (nonce, aad, tag, ct) = (self.nonce, self.aad, self.tag, self.ct);
        assert_eq!(full.tag_len(), 16, "{what}: a new key has full-length tags");
        if tag.len() != 16 {
            let mut buf = ct.to_vec();
            assert_eq!(
                full.open_in_place_detached(nonce, aad, &mut buf, tag),
                Err(Error::InvalidTagLength),
                "{what}: a {}-byte tag under a full-length key",
                tag.len()
            );
            assert_eq!(buf, ct, "{what}: refused, but the buffer changed");
            let mut out = vec![0xa5u8; tag.len()];
            let mut sealed = ct.to_vec();
            assert_eq!(
                full.seal_in_place_detached(nonce, aad, &mut sealed, &mut out),
                Err(Error::InvalidTagLength),
                "{what}: sealed into a {}-byte tag under a full-length key",
                tag.len()
            );
            assert!(
                sealed == ct && out.iter().all(|&b| b == 0xa5),
                "{what}: refused, but wrote"
            );
        }
        match full.clone().with_tag_len(tag.len()) {
            Ok(a) => {
                assert!(
                    allowed(tag.len()),
                    "{what}: a key for {}-byte tags",
                    tag.len()
                );
                assert_eq!(a.tag_len(), tag.len());
                Some(a)
            }
            Err(e) => {
                assert_eq!(e, Error::InvalidTagLength, "{what}");
                assert!(
                    !allowed(tag.len()),
                    "{what}: no key for {}-byte tags",
                    tag.len()
                );
                None
            }
        }
    }

    fn check<A: Aead>(
        &self,
        aead: &A,
        lengths_ok: fn(usize, usize, usize) -> bool,
        oracle: &Option<Oracle>,
        what: &str,
    ) {
        let (nonce, aad, tag, ct) = (self.nonce, self.aad, self.tag, self.ct);
        let what = format!(
            "{what}, nonce {} tag {} ct {}",
            nonce.len(),
            tag.len(),
            ct.len()
        );
        let ok = lengths_ok(nonce.len(), tag.len(), ct.len());

        // Open the case as given.
        let mut buf = ct.to_vec();
        let opened = aead.open_in_place_detached(nonce, aad, &mut buf, tag);
        match &opened {
            Ok(()) => {
                assert!(ok, "{what}: opened with invalid sizes");
                // Only the true tag verifies: sealing the plaintext gives the case back.
                let mut again = buf.clone();
                let mut t = vec![0u8; tag.len()];
                aead.seal_in_place_detached(nonce, aad, &mut again, &mut t)
                    .expect("valid sizes");
                assert_eq!((&again[..], &t[..]), (ct, tag), "{what}: opened a forgery");
            }
            Err(e) => {
                assert_eq!(buf, ct, "{what}: refused, but the buffer changed");
                if ok {
                    assert_eq!(*e, Error::Opaque, "{what}: a wrong tag must be opaque");
                } else {
                    assert_ne!(*e, Error::Opaque, "{what}: a size error is not opaque");
                }
            }
        }
        if let Some(o) = oracle {
            assert_eq!(
                opened.is_ok().then_some(&buf),
                o.open.as_ref(),
                "{what}: vs RustCrypto"
            );
        }
        // The allocating form on ciphertext ‖ tag, the key's tag length.
        let joined = [ct, tag].concat();
        assert_eq!(
            aead.open(nonce, aad, &joined).ok(),
            opened.is_ok().then_some(buf)
        );

        // Seal the ciphertext bytes as a plaintext, then open.
        let pt = ct;
        let mut sealed = pt.to_vec();
        let mut t = vec![0xa5u8; tag.len()];
        let r = aead.seal_in_place_detached(nonce, aad, &mut sealed, &mut t);
        if !ok {
            assert!(r.is_err(), "{what}: sealed with invalid sizes");
            assert_ne!(r, Err(Error::Opaque), "{what}: a size error is not opaque");
            assert_eq!(sealed, pt, "{what}: refused seal wrote output");
            assert!(
                t.iter().all(|&b| b == 0xa5),
                "{what}: refused seal wrote a tag"
            );
            return;
        }
        r.expect("valid sizes");
        if let Some(o) = oracle {
            assert_eq!(
                (&sealed, &t),
                (&o.seal.0, &o.seal.1),
                "{what}: seal vs RustCrypto"
            );
        }
        let mut opened = sealed.clone();
        aead.open_in_place_detached(nonce, aad, &mut opened, &t)
            .expect("the sealed case opens");
        assert_eq!(opened, pt, "{what}: round trip");

        // One bit flipped in the tag, the ciphertext or the AAD.
        let bit = 1u8 << (self.tamper % 8);
        let pick = self.tamper as usize / 8;
        let mut bad_t = t.clone();
        let mut bad_ct = sealed.clone();
        let mut bad_aad = aad.to_vec();
        match pick % 3 {
            1 if !bad_ct.is_empty() => bad_ct[pick % sealed.len()] ^= bit,
            2 if !bad_aad.is_empty() => bad_aad[pick % aad.len()] ^= bit,
            _ => bad_t[pick % t.len()] ^= bit,
        }
        let mut buf = bad_ct.clone();
        assert_eq!(
            aead.open_in_place_detached(nonce, &bad_aad, &mut buf, &bad_t),
            Err(Error::Opaque),
            "{what}: tampered case opened"
        );
        assert_eq!(buf, bad_ct, "{what}: tampered case changed the buffer");
    }
}

/// gmkit's RustCrypto `aead` 0.6 impl (12-byte nonce, 16-byte tag) agrees too.
fn aead_traits(case: &Case<'_>, gcm: &Gcm<Sm4>, oracle: &Option<Oracle>, what: &str) {
    let o = oracle.as_ref().expect("RustCrypto covers 12-byte nonces");
    assert_eq!(&rc_answer(gcm, case), o, "{what}: AeadInOut");
}

/// Open and seal the case through a RustCrypto `AeadInOut` whose sizes match it.
fn rc_answer<A: AeadInOut>(a: &A, case: &Case<'_>) -> Oracle {
    let nonce = Array::try_from(case.nonce).expect("nonce size");
    let tag = Array::try_from(case.tag).expect("tag size");
    let mut buf = case.ct.to_vec();
    let open = a
        .decrypt_inout_detached(&nonce, case.aad, buf.as_mut_slice().into(), &tag)
        .ok()
        .map(|()| buf);
    let mut sealed = case.ct.to_vec();
    let t = a
        .encrypt_inout_detached(&nonce, case.aad, sealed.as_mut_slice().into())
        .expect("sizes RustCrypto accepts");
    Oracle {
        open,
        seal: (sealed, t.to_vec()),
    }
}

fn answer<A: AeadInOut + aead::KeyInit>(case: &Case<'_>) -> Oracle {
    rc_answer(&A::new_from_slice(&case.key).expect("16-byte key"), case)
}

/// `aes_gcm::AesGcm<sm4::Sm4, N, T>` for the (nonce, tag) sizes listed.
fn gcm_oracle(case: &Case<'_>) -> Option<Oracle> {
    use aes_gcm::AesGcm;
    type S = sm4::Sm4;
    Some(match (case.nonce.len(), case.tag.len()) {
        (12, 16) => answer::<AesGcm<S, U12, U16>>(case),
        (12, 15) => answer::<AesGcm<S, U12, U15>>(case),
        (12, 14) => answer::<AesGcm<S, U12, U14>>(case),
        (12, 13) => answer::<AesGcm<S, U12, U13>>(case),
        (12, 12) => answer::<AesGcm<S, U12, U12>>(case),
        (8, 16) => answer::<AesGcm<S, U8, U16>>(case),
        (16, 16) => answer::<AesGcm<S, U16, U16>>(case),
        _ => return None,
    })
}

/// `ccm::Ccm<sm4::Sm4, T, N>`: every nonce size with a 16-byte tag, every tag size with a 12-byte
/// nonce.
fn ccm_oracle(case: &Case<'_>) -> Option<Oracle> {
    use ccm::Ccm;
    type S = sm4::Sm4;
    if !ccm_lengths_ok(case.nonce.len(), case.tag.len(), case.ct.len()) {
        return None;
    }
    Some(match (case.nonce.len(), case.tag.len()) {
        (7, 16) => answer::<Ccm<S, U16, U7>>(case),
        (8, 16) => answer::<Ccm<S, U16, U8>>(case),
        (9, 16) => answer::<Ccm<S, U16, U9>>(case),
        (10, 16) => answer::<Ccm<S, U16, U10>>(case),
        (11, 16) => answer::<Ccm<S, U16, U11>>(case),
        (12, 16) => answer::<Ccm<S, U16, U12>>(case),
        (13, 16) => answer::<Ccm<S, U16, U13>>(case),
        (12, 4) => answer::<Ccm<S, U4, U12>>(case),
        (12, 6) => answer::<Ccm<S, U6, U12>>(case),
        (12, 8) => answer::<Ccm<S, U8, U12>>(case),
        (12, 10) => answer::<Ccm<S, U10, U12>>(case),
        (12, 12) => answer::<Ccm<S, U12, U12>>(case),
        (12, 14) => answer::<Ccm<S, U14, U12>>(case),
        _ => return None,
    })
}
