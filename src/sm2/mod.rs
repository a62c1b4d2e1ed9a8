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
//! public, uses the variable-time `*_vartime` double-scalar multiplication
//! ([`PreparedVerifyingKey`] adds a per-key table for it). The curve code is generic over the
//! GF(p) multiplication ([`FieldBackend`]: `bmi2-adx` on x86-64 with BMI2 and ADX, else `soft`),
//! chosen per key and monomorphised, so the backend is matched once per operation.

mod arith;
#[cfg(all(test, feature = "std"))]
mod arith_tests;
pub mod batch;
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
#[cfg(target_arch = "x86_64")]
mod x86_64_adx;
#[cfg(target_arch = "x86_64")]
mod x86_64_ifma;

pub use arith::FieldBackend;
#[cfg(feature = "parallel")]
pub use batch::par_verify_batch;
pub use batch::verify_batch;
pub use dsa::{DEFAULT_ID, PreparedVerifyingKey, Signature, SigningKey, VerifyingKey};
pub use kex::{Confirmation, EphemeralKey, KeyExchange, Role};
pub use keys::{PublicKey, SecretKey};
pub use pbes2::{MAX_ITERATIONS, Pbes2Params, Pbes2Scheme};
pub use pke::{DecryptingKey, EncryptingKey, Format};
