//! International primitives behind gmkit's traits, wrapping the RustCrypto crates.

pub mod aes;
pub mod aes_gcm;
pub mod sha256;

pub use aes::{Aes128, Aes192, Aes256};
pub use aes_gcm::{Aes128Gcm, Aes128Gmac, Aes192Gcm, Aes192Gmac, Aes256Gcm, Aes256Gmac};
pub use sha256::Sha256;
