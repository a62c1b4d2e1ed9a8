//! The algorithms of this build: one line each, name → backend axes → constructor.
//!
//! Registry names are the vector files' `algorithm` values; a group parameter that changes the
//! construction is appended as `/value` (or `/field=value` for numbers), as the runner looks
//! them up: `SM4-MAC/CMAC`, `SM4-CTR/RFC3686`, `SM4-XTS/GB/T17964-2021`. The SM2 entries share
//! one constructor over a group's curve; ECDSA-P256 and ECDH-P256 answer to Wycheproof's
//! `ECDSA` and `ECDH` (the runner checks the curve and hash). ECDSA-P256-SIGN is signing with a
//! given k (`hazmat`), as SM2-SIGN is.

use alloc::boxed::Box;

use super::{
    Algorithm, Axis, BackendChoice, Ctor, DynAead, DynMac, DynMacWithIv, DynMode, ModeKind,
    dyn_cbc_mac, dyn_hash, dyn_mode, dyn_sm3_with_batch, ecdh_p256, ecdsa_p256,
};
#[cfg(feature = "hazmat")]
use super::{Sm2Backend, Sm2Op, ecdsa_p256_sign_with_k};
use crate::error::{Error, Result};
use crate::intl::{self, Sha256};
use crate::mac::{HmacSha256, HmacSm3};
use crate::modes::cbcmac::{Algorithm as MacAlg, Padding};
use crate::modes::ghash::GhashBackend;
use crate::modes::xts::{Xts, XtsVariant};
use crate::modes::{ccm::Ccm, cmac::Cmac, gcm::Gcm, gcm::Gmac, xcbc::Xcbc};
use crate::sm3::batch::{Sm3Batch, Sm3BatchBackend};
use crate::sm3::{Sm3, Sm3Backend};
use crate::sm4::{Sm4, Sm4Backend};
use crate::traits::{Aead, CtrWidth, Hash, KeyInit};

const SM3: &[Axis] = &[Axis::of::<Sm3Backend>()];
/// SM3 single-stream and its multi-message batch.
const SM3_BATCH: &[Axis] = &[Axis::of::<Sm3Backend>(), Axis::of::<Sm3BatchBackend>()];
const SHA256: &[Axis] = &[Axis::fixed("sha256", "rustcrypto")];
const AES: &[Axis] = &[Axis::fixed("aes", "rustcrypto")];
const AES_GHASH: &[Axis] = &[Axis::fixed("aes", "rustcrypto"), Axis::of::<GhashBackend>()];
const SM4: &[Axis] = &[Axis::of::<Sm4Backend>()];
const SM4_GHASH: &[Axis] = &[Axis::of::<Sm4Backend>(), Axis::of::<GhashBackend>()];
#[cfg(feature = "hazmat")]
const SM2: &[Axis] = &[Axis::of::<Sm2Backend>()];
const P256: &[Axis] = &[Axis::fixed("p256", "rustcrypto")];

fn sm3(c: &BackendChoice) -> Result<Sm3> {
    Sm3::with_backend(c.get()?)
}

fn sm4(k: &[u8], c: &BackendChoice) -> Result<Sm4> {
    Sm4::with_backend(k.try_into().map_err(|_| Error::InvalidKeyLength)?, c.get()?)
}

fn sm4_mode(k: &[u8], c: &BackendChoice, kind: ModeKind) -> Result<Box<dyn DynMode>> {
    Ok(dyn_mode(sm4(k, c)?, kind))
}

/// RFC 3686 layout: the key is the SM4 key ‖ the 4-byte nonce.
fn sm4_ctr_rfc3686(k: &[u8], c: &BackendChoice) -> Result<Box<dyn DynMode>> {
    let (key, nonce) = k.split_at_checked(16).ok_or(Error::InvalidKeyLength)?;
    let nonce = nonce.try_into().map_err(|_| Error::InvalidKeyLength)?;
    sm4_mode(key, c, ModeKind::CtrRfc3686(nonce))
}

/// The key is K1 ‖ K2 (K1 = K2 is refused by [`Xts::new`]).
fn sm4_xts(k: &[u8], c: &BackendChoice, variant: XtsVariant) -> Result<Box<dyn DynMode>> {
    if k.len() != 32 {
        return Err(Error::InvalidKeyLength);
    }
    let (k1, k2) = k.split_at(16);
    Ok(Box::new(Xts::new(sm4(k1, c)?, sm4(k2, c)?, variant)?))
}

/// GB/T 15852.1 MAC algorithm `alg` with padding `pad`; the key is K (‖ K′ for 2, 3, 4).
fn sm4_cbc_mac(k: &[u8], c: &BackendChoice, alg: MacAlg, pad: Padding) -> Result<Box<dyn DynMac>> {
    dyn_cbc_mac(alg, pad, k, 16, c, sm4)
}

/// The user-facing AES-GCM types (RustCrypto `aes-gcm` for 96-bit nonces and full tags).
fn aes_gcm(k: &[u8], _: &BackendChoice) -> Result<Box<dyn DynAead>> {
    match k.len() {
        16 => Ok(Box::new(intl::Aes128Gcm::new_from_slice(k)?)),
        24 => Ok(Box::new(intl::Aes192Gcm::new_from_slice(k)?)),
        32 => Ok(Box::new(intl::Aes256Gcm::new_from_slice(k)?)),
        _ => Err(Error::InvalidKeyLength),
    }
}

/// GMAC over `C` on the chosen GHASH backend.
fn gmac<C: KeyInit + crate::BlockCipher128 + 'static>(
    k: &[u8],
    c: &BackendChoice,
) -> Result<Gmac<C>> {
    Ok(Gmac::from_gcm(Gcm::with_ghash_backend(
        C::new_from_slice(k)?,
        c.get()?,
    )?))
}

fn aes_gmac(k: &[u8], c: &BackendChoice) -> Result<Box<dyn DynMacWithIv>> {
    match k.len() {
        16 => Ok(Box::new(gmac::<intl::Aes128>(k, c)?)),
        24 => Ok(Box::new(gmac::<intl::Aes192>(k, c)?)),
        32 => Ok(Box::new(gmac::<intl::Aes256>(k, c)?)),
        _ => Err(Error::InvalidKeyLength),
    }
}

macro_rules! table {
    ($($(#[$m:meta])* $name:literal $([$($alias:literal),*])?, $axes:expr, $ctor:expr;)*) => {
        /// Every algorithm of this build.
        pub(super) static ALGORITHMS: &[Algorithm] = &[$(
            $(#[$m])*
            Algorithm { name: $name, aliases: &[$($($alias),*)?], axes: $axes, ctor: $ctor },
        )*];
    };
}

table! {
    "SM3", SM3_BATCH, Ctor::Hash(|c| Ok(dyn_sm3_with_batch(sm3(c)?, Sm3Batch::with_backend(c.get()?)?)));
    "SHA-256" ["SHA256"], SHA256, Ctor::Hash(|_| Ok(dyn_hash(<Sha256 as Hash>::new())));
    "HMAC-SM3" ["HMACSM3"], SM3, Ctor::Mac(|k, c| Ok(Box::new(HmacSm3::new_with_state(k, sm3(c)?))));
    "HMAC-SHA256" ["HMACSHA256", "HMAC-SHA-256"], SHA256, Ctor::Mac(|k, _| Ok(Box::new(HmacSha256::new(k))));
    "AES-GCM", AES, Ctor::Aead(aes_gcm);
    "AES-GMAC", AES_GHASH, Ctor::MacWithIv(aes_gmac);
    "SM4", SM4, Ctor::BlockCipher(|k, c| Ok(Box::new(sm4(k, c)?)));
    "SM4-ECB", SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Ecb));
    "SM4-CBC", SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Cbc));
    "SM4-CBC-PKCS5" ["SM4-CBC-PKCS5/PKCS7", "SM4-CBC-PKCS7"], SM4,
        Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::CbcPkcs7));
    "SM4-CBC-CTS" ["SM4-CBC-CTS/CBC-CS3", "SM4-CBC-CS3"], SM4,
        Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::CbcCs3));
    "SM4-CFB" ["SM4-CFB128"], SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Cfb));
    "SM4-OFB", SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Ofb));
    "SM4-CTR" ["SM4-CTR/counterBits=128"], SM4,
        Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Ctr(CtrWidth::Bits128)));
    "SM4-CTR/counterBits=64", SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Ctr(CtrWidth::Bits64)));
    "SM4-CTR/counterBits=32", SM4, Ctor::Mode(|k, c| sm4_mode(k, c, ModeKind::Ctr(CtrWidth::Bits32)));
    "SM4-CTR/RFC3686", SM4, Ctor::Mode(sm4_ctr_rfc3686);
    "SM4-XTS/IEEE1619", SM4, Ctor::Mode(|k, c| sm4_xts(k, c, XtsVariant::Ieee1619));
    "SM4-XTS/GB/T17964-2021" ["SM4-XTS/GBT17964-2021"], SM4,
        Ctor::Mode(|k, c| sm4_xts(k, c, XtsVariant::Gbt17964));
    "SM4-GCM", SM4_GHASH, Ctor::Aead(|k, c| Ok(Box::new(Gcm::with_ghash_backend(sm4(k, c)?, c.get()?)?)));
    "SM4-GMAC", SM4_GHASH, Ctor::MacWithIv(|k, c| Ok(Box::new(Gmac::from_gcm(Gcm::with_ghash_backend(sm4(k, c)?, c.get()?)?))));
    "SM4-CCM", SM4, Ctor::Aead(|k, c| Ok(Box::new(Ccm::new(sm4(k, c)?))));
    "SM4-MAC/CMAC", SM4, Ctor::Mac(|k, c| Ok(Box::new(Cmac::new(sm4(k, c)?))));
    // RFC 3566: K1 is derived and keyed on the automatic SM4 backend.
    "SM4-MAC/XCBC", SM4, Ctor::Mac(|k, c| Ok(Box::new(Xcbc::new(sm4(k, c)?)?)));
    "SM4-MAC/CBC-MAC-ZeroPad", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg1, Padding::Zero));
    "SM4-MAC/CBC-MAC-ISO9797-1-Alg1-Pad2", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg1, Padding::Method2));
    "SM4-MAC/CBC-MAC-ISO9797-1-Alg1-Pad3", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg1, Padding::Method3));
    "SM4-MAC/ISO9797-1-Alg2-EMAC-Pad2", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg2, Padding::Method2));
    "SM4-MAC/ISO9797-1-Alg2-EMAC-Pad3", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg2, Padding::Method3));
    "SM4-MAC/ISO9797-1-Alg3-ANSI-Retail-MAC-Pad2", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg3, Padding::Method2));
    "SM4-MAC/ISO9797-1-Alg3-ANSI-Retail-MAC-Pad3", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg3, Padding::Method3));
    "SM4-MAC/ISO9797-1-Alg4-MacDES-Pad2", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg4, Padding::Method2));
    "SM4-MAC/ISO9797-1-Alg4-MacDES-Pad3", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg4, Padding::Method3));
    "SM4-MAC/ISO9797-1-Alg6-LMAC-Pad2", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg6, Padding::Method2));
    "SM4-MAC/ISO9797-1-Alg6-LMAC-Pad3", SM4, Ctor::Mac(|k, c| sm4_cbc_mac(k, c, MacAlg::Alg6, Padding::Method3));
    #[cfg(feature = "hazmat")] "SM2-SIGN", SM2, Ctor::Sm2(Sm2Op::Sign);
    #[cfg(feature = "hazmat")] "SM2-VERIFY", SM2, Ctor::Sm2(Sm2Op::Verify);
    #[cfg(feature = "hazmat")] "SM2-ENCRYPT", SM2, Ctor::Sm2(Sm2Op::Encrypt);
    #[cfg(feature = "hazmat")] "SM2-DECRYPT", SM2, Ctor::Sm2(Sm2Op::Decrypt);
    #[cfg(feature = "hazmat")] "SM2-KEY-EXCHANGE", SM2, Ctor::Sm2(Sm2Op::KeyExchange);
    #[cfg(feature = "hazmat")] "SM2-PUBLIC-KEY", SM2, Ctor::Sm2(Sm2Op::PublicKey);
    "ECDSA-P256" ["ECDSA", "ECDSA-P256-SHA256"], P256, Ctor::Verify(ecdsa_p256);
    #[cfg(feature = "hazmat")] "ECDSA-P256-SIGN", P256, Ctor::SignWithK(ecdsa_p256_sign_with_k);
    "ECDH-P256" ["ECDH"], P256, Ctor::Agree(ecdh_p256);
}
