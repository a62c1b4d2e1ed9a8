//! Block-cipher modes of operation (GB/T 17964-2021, NIST SP 800-38A/B/C/D/E, IEEE 1619), generic
//! over [`crate::BlockCipher128`].
//!
//! | module | mode | standard |
//! |---|---|---|
//! | [`ecb`], [`cbc`], [`cfb`], [`ofb`], [`ctr`] | confidentiality modes | GB/T 17964-2021, SP 800-38A |
//! | [`cts`] | CBC with ciphertext stealing (CBC-CS3) | SP 800-38A Addendum |
//! | [`xts`] | XTS, IEEE and GB/T tweak conventions | IEEE 1619, GB/T 17964-2021 §10 |
//! | [`gcm`], [`ghash`] | GCM, GMAC | SP 800-38D, RFC 8998, GB/T 15852.3 (GMAC) |
//! | [`ccm`] | CCM | SP 800-38C |
//! | [`cmac`], [`xcbc`] | CMAC, XCBC-MAC | SP 800-38B, RFC 3566 |
//! | [`cbcmac`] | MAC algorithms 1, 2, 3, 4, 6 | GB/T 15852.1-2020 (ISO/IEC 9797-1) |
//!
//! Every mode reaches the cipher only through [`BlockCipher128`](crate::BlockCipher128)'s batch
//! methods, handing it as many independent blocks per call as the mode allows (ECB, CTR, CBC and
//! CFB decryption, XTS, the CTR part of GCM and CCM), so a parallel backend speeds them all up.

pub mod cbc;
pub mod cbcmac;
pub mod ccm;
pub mod cfb;
pub mod cmac;
pub mod ctr;
pub mod cts;
pub mod ecb;
pub mod gcm;
pub mod ghash;
pub mod ofb;
pub mod xcbc;
pub mod xts;

mod util;

#[cfg(all(test, feature = "alloc"))]
pub(crate) mod testutil;

use crate::sm4::Sm4;

/// SM4-GCM (RFC 8998, SP 800-38D over SM4).
///
/// Two interfaces: gmkit's [`Aead`](crate::Aead) (any IV length from 1 byte; 16-byte tags, or
/// 12–16 bytes through [`with_tag_len`](gcm::Gcm::with_tag_len), 4 and 8 only with the `hazmat`
/// feature) and RustCrypto's `aead::KeyInit` + `aead::AeadInOut` (12-byte nonce, 16-byte tag).
/// The tag length is the key's: opening refuses a tag of any other length, so a tag cut short
/// on the wire never opens.
///
/// ```
/// use gmkit::{Aead, modes::Sm4Gcm};
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // RFC 8998 Appendix A.1.
/// let key = hex("0123456789abcdeffedcba9876543210");
/// let iv = hex("00001234567800000000abcd");
/// let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
/// let pt = hex(concat!(
///     "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd",
///     "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
/// ));
/// let gcm = Sm4Gcm::new_from_slice(&key)?;
/// let sealed = gcm.seal(&iv, &aad, &pt)?; // ciphertext ‖ tag
/// assert_eq!(sealed[..4], [0x17, 0xf3, 0x99, 0xf0]);
/// assert_eq!(sealed[pt.len()..], hex("83de3541e4c2b58177e065a9bf7b62ec"));
/// assert_eq!(gcm.open(&iv, &aad, &sealed)?, pt);
///
/// // A truncated tag is refused, even though it is the prefix of the right one.
/// let (ct, tag) = sealed.split_at(pt.len());
/// let mut buf = ct.to_vec();
/// assert_eq!(
///     gcm.open_in_place_detached(&iv, &aad, &mut buf, &tag[..4]),
///     Err(gmkit::Error::InvalidTagLength)
/// );
/// assert_eq!(buf, ct);
/// // A 12-byte tag needs a key made for it.
/// let gcm96 = Sm4Gcm::new_from_slice(&key)?.with_tag_len(12)?;
/// gcm96.open_in_place_detached(&iv, &aad, &mut buf, &tag[..12])?;
/// assert_eq!(buf, pt);
///
/// // The same through the RustCrypto traits (both traits have a `new_from_slice`: name one).
/// {
///     use aead::{AeadInOut, KeyInit};
///     let rc = <Sm4Gcm as KeyInit>::new_from_slice(&key).unwrap();
///     let nonce = iv.as_slice().try_into().unwrap();
///     let mut buf = pt.clone();
///     let tag = rc.encrypt_inout_detached(nonce, &aad, buf.as_mut_slice().into()).unwrap();
///     assert_eq!(buf, sealed[..pt.len()]);
///     assert_eq!(tag[..], sealed[pt.len()..]);
/// }
/// # Ok::<(), gmkit::Error>(())
/// ```
pub type Sm4Gcm = gcm::Gcm<Sm4>;
/// SM4-GMAC (GB/T 15852.3-2019).
pub type Sm4Gmac = gcm::Gmac<Sm4>;
/// SM4-CCM (RFC 8998, SP 800-38C over SM4).
///
/// gmkit's [`Aead`](crate::Aead) takes nonces of 7–13 bytes and 16-byte tags, or 8–14 (even)
/// through [`with_tag_len`](ccm::Ccm::with_tag_len), 4 and 6 only with the `hazmat` feature; the
/// RustCrypto `aead` traits use RFC 8998's 12-byte nonce and 16-byte tag. Opening checks the tag
/// before any plaintext reaches the buffer.
///
/// ```
/// use gmkit::{Aead, modes::Sm4Ccm};
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // RFC 8998 Appendix A.2.
/// let ccm = Sm4Ccm::new_from_slice(&hex("0123456789abcdeffedcba9876543210"))?;
/// let iv = hex("00001234567800000000abcd");
/// let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
/// let pt = hex(concat!(
///     "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd",
///     "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
/// ));
/// let mut buf = pt.clone();
/// let mut tag = [0u8; 16];
/// ccm.seal_in_place_detached(&iv, &aad, &mut buf, &mut tag)?;
/// assert_eq!(buf[..4], [0x48, 0xaf, 0x93, 0x50]);
/// assert_eq!(tag.to_vec(), hex("16842d4fa186f56ab33256971fa110f4"));
/// // A wrong tag releases nothing: the buffer keeps the ciphertext.
/// let ct = buf.clone();
/// assert!(ccm.open_in_place_detached(&iv, &aad, &mut buf, &[0u8; 16]).is_err());
/// assert_eq!(buf, ct);
/// ccm.open_in_place_detached(&iv, &aad, &mut buf, &tag)?;
/// assert_eq!(buf, pt);
/// # Ok::<(), gmkit::Error>(())
/// ```
pub type Sm4Ccm = ccm::Ccm<Sm4>;
/// SM4-CMAC (SP 800-38B; GB/T 15852.1 MAC algorithm 5).
pub type Sm4Cmac = cmac::Cmac<Sm4>;
/// SM4-XCBC (RFC 3566 over SM4).
pub type Sm4Xcbc = xcbc::Xcbc<Sm4>;
/// SM4-XTS (IEEE 1619 or GB/T 17964-2021, chosen by [`xts::XtsVariant`]); K1 = K2 is refused.
pub type Sm4Xts = xts::Xts<Sm4>;
