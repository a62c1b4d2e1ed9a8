//! Hash-based MAC and key derivation: HMAC (RFC 2104, GB/T 15852.2), HKDF (RFC 5869; RFC 8998
//! uses HKDF-SM3), PBKDF2 (RFC 8018 §5.2; encrypted PKCS#8 keys).
//!
//! All are generic over [`crate::Hash`]; the `*_with_state` / [`Hmac::new_with_state`] forms take
//! a fresh hash state so a forced backend (e.g. `Sm3::with_backend(..)`) is used throughout.

pub mod hkdf;
mod hmac;
pub mod pbkdf2;

pub use self::hmac::{Hmac, HmacSha256, HmacSm3};
