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
pub type Sm4Gcm = gcm::Gcm<Sm4>;
/// SM4-GMAC (GB/T 15852.3-2019).
pub type Sm4Gmac = gcm::Gmac<Sm4>;
/// SM4-CCM (RFC 8998, SP 800-38C over SM4).
pub type Sm4Ccm = ccm::Ccm<Sm4>;
/// SM4-CMAC (SP 800-38B; GB/T 15852.1 MAC algorithm 5).
pub type Sm4Cmac = cmac::Cmac<Sm4>;
/// SM4-XCBC (RFC 3566 over SM4).
pub type Sm4Xcbc = xcbc::Xcbc<Sm4>;
/// SM4-XTS (IEEE 1619 or GB/T 17964-2021, chosen by [`xts::XtsVariant`]).
pub type Sm4Xts = xts::Xts<Sm4>;
