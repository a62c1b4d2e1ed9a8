//! International primitives behind gmkit's traits, wrapping the RustCrypto crates.

pub mod aes;
pub use aes::{Aes128, Aes192, Aes256};
