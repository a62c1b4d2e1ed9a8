//! International primitives behind gmkit's traits, wrapping the RustCrypto crates.

pub mod sha256;
pub use sha256::Sha256;
