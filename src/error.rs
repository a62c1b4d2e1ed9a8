//! One small error type for the whole crate.
//!
//! Variants name *what the caller passed wrong* (a length, an encoding) and never carry data.
//! Anything that depends on secret material — a tag, a padding byte, an SM2 C3 check — collapses
//! into the single opaque [`Error::Opaque`], so an error value cannot act as an oracle.

use core::fmt;

/// The crate's error type. It carries no data and reveals nothing about secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The key has a length the algorithm does not accept.
    InvalidKeyLength,
    /// The IV or nonce has a length the mode does not accept (e.g. an empty GCM IV).
    InvalidNonceLength,
    /// The requested tag length is not allowed by the mode.
    InvalidTagLength,
    /// The input length is not allowed (partial block where the mode forbids it, XTS under 16 bytes,
    /// output buffer of the wrong size, message too long for the mode).
    InvalidLength,
    /// Verification or authenticated decryption failed: wrong tag, bad padding, SM2 C3 mismatch.
    /// Deliberately says nothing more.
    Opaque,
    /// A signature is malformed or does not verify.
    InvalidSignature,
    /// A public key is not a valid point (off the curve, at infinity, coordinate out of range).
    InvalidPublicKey,
    /// A secret key is out of range (zero, ≥ n, or n − 1 for SM2).
    InvalidPrivateKey,
    /// Malformed encoding: DER, PEM, SEC1, hex, JSON.
    InvalidEncoding,
    /// The requested backend does not exist or is not available on this CPU.
    BackendUnavailable,
    /// A parameter is outside what the algorithm supports (curve parameters, KDF length, ...).
    InvalidParameter,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::InvalidKeyLength => "invalid key length",
            Error::InvalidNonceLength => "invalid IV/nonce length",
            Error::InvalidTagLength => "invalid tag length",
            Error::InvalidLength => "invalid input length",
            Error::Opaque => "verification failed",
            Error::InvalidSignature => "invalid signature",
            Error::InvalidPublicKey => "invalid public key",
            Error::InvalidPrivateKey => "invalid private key",
            Error::InvalidEncoding => "invalid encoding",
            Error::BackendUnavailable => "backend not available on this CPU",
            Error::InvalidParameter => "invalid parameter",
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// `Result` with the crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;
