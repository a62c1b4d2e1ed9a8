//! Signature verification and key agreement in the registry: ECDSA-P256 and ECDH-P256
//! ([`crate::intl::p256`]), behind [`DynVerify`] and [`DynAgree`]; with `hazmat`, ECDSA-P256
//! signing with a given k behind [`DynSignWithK`].

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::BackendChoice;
use crate::error::{Error, Result};
#[cfg(feature = "hazmat")]
use crate::intl::p256::SigningKey;
use crate::intl::p256::{P1363, PublicKey, SecretKey, VerifyingKey};
use crate::traits::Verify;

/// How signatures are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigEncoding {
    /// DER `SEQUENCE { INTEGER r, INTEGER s }`.
    Der,
    /// IEEE P1363: r ‖ s, each the order's length.
    P1363,
}

/// A verifying key behind a virtual call. Every [`Verify`] is one.
pub trait DynVerify {
    /// Check `sig` over `msg`; [`Error::InvalidSignature`] on any failure.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<()>;
}

impl<V: Verify> DynVerify for V {
    fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<()> {
        self.verify_msg(msg, sig)
    }
}

/// How the peer's public key is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerEncoding {
    /// A SEC1 point.
    Sec1,
    /// A DER SubjectPublicKeyInfo.
    Spki,
}

/// A static key-agreement secret behind a virtual call.
pub trait DynAgree {
    /// Own public key, SEC1 uncompressed.
    fn public_key(&self) -> Vec<u8>;
    /// The shared secret with `peer` into `out` (exactly the scheme's length).
    fn agree(&self, peer: &[u8], encoding: PeerEncoding, out: &mut [u8]) -> Result<()>;
}

/// ECDSA-P256-SHA256 for the SEC1 public key `public`.
pub fn ecdsa_p256(
    public: &[u8],
    encoding: SigEncoding,
    _: &BackendChoice,
) -> Result<Box<dyn DynVerify>> {
    let key = VerifyingKey::from_sec1_bytes(public)?;
    Ok(match encoding {
        SigEncoding::Der => Box::new(key),
        SigEncoding::P1363 => Box::new(P1363(key)),
    })
}

impl DynAgree for SecretKey {
    fn public_key(&self) -> Vec<u8> {
        SecretKey::public_key(self).to_sec1_uncompressed().to_vec()
    }

    fn agree(&self, peer: &[u8], encoding: PeerEncoding, out: &mut [u8]) -> Result<()> {
        if out.len() != 32 {
            return Err(Error::InvalidLength);
        }
        let peer = match encoding {
            PeerEncoding::Sec1 => PublicKey::from_sec1_bytes(peer)?,
            PeerEncoding::Spki => PublicKey::from_public_key_der(peer)?,
        };
        out.copy_from_slice(&self.diffie_hellman(&peer)[..]);
        Ok(())
    }
}

/// An ECDSA signature made with a given k, as its integers and in both encodings.
#[cfg(feature = "hazmat")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcdsaSigned {
    /// r, big-endian, the order's length.
    pub r: Vec<u8>,
    /// s, likewise.
    pub s: Vec<u8>,
    /// DER `SEQUENCE { INTEGER r, INTEGER s }`.
    pub der: Vec<u8>,
    /// IEEE P1363: r ‖ s.
    pub p1363: Vec<u8>,
}

/// An ECDSA signing key that signs with the caller's k — known-answer tests only.
#[cfg(feature = "hazmat")]
pub trait DynSignWithK {
    /// Own public key, SEC1 uncompressed.
    fn public_key(&self) -> Vec<u8>;
    /// Sign `msg` (hashed by the scheme) with the nonce `k`, big-endian of the order's length;
    /// [`Error::InvalidParameter`] for a k out of range or one giving r = 0 or s = 0.
    fn sign_with_k(&self, msg: &[u8], k: &[u8]) -> Result<EcdsaSigned>;
}

#[cfg(feature = "hazmat")]
impl DynSignWithK for SigningKey {
    fn public_key(&self) -> Vec<u8> {
        self.verifying_key()
            .public_key()
            .to_sec1_uncompressed()
            .to_vec()
    }

    fn sign_with_k(&self, msg: &[u8], k: &[u8]) -> Result<EcdsaSigned> {
        let k: &[u8; 32] = k.try_into().map_err(|_| Error::InvalidParameter)?;
        let sig = SigningKey::sign_with_k(self, msg, k)?;
        let (r, s) = sig.split_bytes();
        Ok(EcdsaSigned {
            r: r.to_vec(),
            s: s.to_vec(),
            der: sig.to_der().as_bytes().to_vec(),
            p1363: sig.to_bytes().to_vec(),
        })
    }
}

/// ECDSA-P256-SHA256 signing with a given k, for the 32-byte big-endian secret scalar `key`.
#[cfg(feature = "hazmat")]
pub fn ecdsa_p256_sign_with_k(key: &[u8], _: &BackendChoice) -> Result<Box<dyn DynSignWithK>> {
    let key: &[u8; 32] = key.try_into().map_err(|_| Error::InvalidPrivateKey)?;
    Ok(Box::new(SigningKey::from_bytes(key)?))
}

/// ECDH-P256 with the 32-byte big-endian secret scalar `key`.
pub fn ecdh_p256(key: &[u8], _: &BackendChoice) -> Result<Box<dyn DynAgree>> {
    Ok(Box::new(SecretKey::from_slice(key)?))
}
