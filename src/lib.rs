//! # gmkit
//!
//! China's commercial cryptographic algorithms — SM3 (GB/T 32905), SM4 (GB/T 32907) with the modes
//! of GB/T 17964 and the MACs of GB/T 15852.1, SM2 (GB/T 32918) — next to their international
//! counterparts (SHA-256, AES-GCM, ECDSA/ECDH P-256), behind one set of traits ([`traits`]).
//!
//! ```
//! use gmkit::{Aead, Hash, modes::Sm4Gcm, sm3::Sm3};
//!
//! // GB/T 32905-2016 Annex A, example 1.
//! assert_eq!(Sm3::digest(b"abc")[..4], [0x66, 0xc7, 0xf0, 0xf4]);
//! let gcm = Sm4Gcm::new_from_slice(&[0u8; 16])?;
//! let sealed = gcm.seal(&[0u8; 12], b"header", b"payload")?;
//! assert_eq!(gcm.open(&[0u8; 12], b"header", &sealed)?, b"payload");
//! # Ok::<(), gmkit::Error>(())
//! ```
//!
//! ## Guarantees
//! - Secrets never choose a branch or a memory address: the SM4 S-box is computed, not looked up;
//!   tags and MACs are compared without early exit. Variable-time code is named `*_vartime` and
//!   runs on public data only.
//! - Secret keys are zeroized on drop.
//! - Bad input gives an [`Error`], never a panic; authenticated decryption releases no plaintext
//!   unless the tag verifies.
//! - `unsafe` appears only in the hardware backend modules.
//!
//! ## Backends
//! Each algorithm has several backends, chosen once per key or hash state (see [`backend`]); the
//! portable `soft` backend is always present. `GMKIT_BACKEND` forces one, as does each type's
//! `with_backend` constructor; `backend_name()` reports which one ran.
//!
//! ## Features
//! - `std` (default): runtime detection, `GMKIT_BACKEND`, `std::error::Error`.
//! - `alloc`: `Vec`-returning conveniences.
//! - `hazmat`: known-answer entry points with caller-chosen nonces and ephemeral keys, and the
//!   variable-time generic curve. Not for production.
//! - `kat`: the vector runner ([`kat`]); implies `hazmat`.
//! - `serde`: `Serialize`/`Deserialize` for SM2 public keys and signatures ([`sm2`]).
//! - `oracle`: differential tests and bench peers against the system OpenSSL.
//! - `parallel`: all-core batch APIs on `rayon` (SM2 batch verification, SM3 `par_digest_many`,
//!   the Merkle root).
//!
//! The `gmkit` command-line tool is the `gmkit-cli` package of the same repository.

#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, rust_2018_idioms, unused_qualifications)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod backend;
pub mod cpu;
pub mod ct;
pub mod error;
pub mod traits;

pub mod intl;
pub mod mac;
pub mod modes;
pub mod registry;
pub mod sm2;
pub mod sm3;
pub mod sm4;

#[cfg(feature = "kat")]
pub mod kat;

pub use error::{Error, Result};
pub use traits::{
    Aead, Block, BlockCipher128, CtrWidth, Hash, KeyAgreement, KeyInit, Mac, PkDecrypt, PkEncrypt,
    Sign, Verify,
};
