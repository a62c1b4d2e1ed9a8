//! SM2 (GB/T 32918-2016) on the recommended curve sm2p256v1 (GB/T 32918.5).
//!
//! - [`SecretKey`], [`PublicKey`]: key pairs, validation, SEC1 / PKCS#8 / SPKI / PEM, the
//!   RustCrypto `pkcs8` / `spki` / `sec1` traits, password-encrypted PKCS#8 ([`Pbes2Scheme`]).
//! - [`dsa`]: signatures (GB/T 32918.2) — [`SigningKey`], [`VerifyingKey`], [`Signature`].
//! - [`pke`]: encryption (GB/T 32918.4) — [`EncryptingKey`], [`DecryptingKey`], [`Format`].
//! - [`kex`]: key exchange (GB/T 32918.3) — [`KeyExchange`].
//! - With the `serde` feature: `Serialize`/`Deserialize` for [`PublicKey`], [`Signature`] and
//!   [`dsa::DerSignature`] (hex in human-readable formats, bytes otherwise; strict parsing).
//! - `generic` (features `hazmat` + `alloc`): `CurveVartime`, the same algorithms over
//!   caller-given prime-field curves, for the standards' example curve and other test
//!   curves — variable time, never for real keys.
//!
//! Arithmetic is specialised to sm2p256v1 and constant-time wherever a secret is involved:
//! Montgomery field and scalar arithmetic over 4×64-bit limbs, complete projective formulas
//! (Renes–Costello–Batina), a compile-time fixed-base table scanned in full for each digit,
//! and a fixed-window variable-base ladder. Only signature verification, whose inputs are all
//! public, uses the variable-time `*_vartime` double-scalar multiplication. The field layer
//! (`limbs.rs`) is the single place a faster backend (ADX assembly, AVX-512 IFMA) would plug in.

#[cfg(all(test, feature = "std"))]
mod arith_tests;
pub(crate) mod der;
pub mod dsa;
mod field;
#[cfg(all(feature = "hazmat", feature = "alloc"))]
pub mod generic;
pub mod kex;
mod keys;
mod limbs;
mod nonce;
mod pbes2;
pub mod pke;
mod point;
mod scalar;
mod scrub;
#[cfg(feature = "serde")]
mod serde_impls;
mod table;

pub use dsa::{DEFAULT_ID, Signature, SigningKey, VerifyingKey};
pub use kex::{Confirmation, EphemeralKey, KeyExchange, Role};
pub use keys::{PublicKey, SecretKey};
pub use pbes2::{MAX_ITERATIONS, Pbes2Params, Pbes2Scheme};
pub use pke::{DecryptingKey, EncryptingKey, Format};
