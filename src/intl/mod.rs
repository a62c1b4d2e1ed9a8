//! International primitives behind gmkit's traits, wrapping the RustCrypto crates.

pub mod aes;
pub mod aes_gcm;
pub mod p256;
pub mod sha256;

pub use aes::{Aes128, Aes192, Aes256};
pub use aes_gcm::{Aes128Gcm, Aes128Gmac, Aes192Gcm, Aes192Gmac, Aes256Gcm, Aes256Gmac};
pub use p256::{
    Ecdh as EcdhP256, P1363, PublicKey as P256PublicKey, SecretKey as P256SecretKey,
    SigningKey as EcdsaP256SigningKey, VerifyingKey as EcdsaP256VerifyingKey,
};
pub use sha256::Sha256;
