//! ECDSA over P-256 with SHA-256 (FIPS 186-5 §6.4, signatures as DER or IEEE P1363 r ‖ s) and
//! ECDH over P-256 (SEC 1 §3.3.1, the shared secret is the x-coordinate), wrapping RustCrypto's
//! `p256` behind gmkit's [`Sign`], [`Verify`] and [`KeyAgreement`] traits.
//!
//! Parsing is strict: public keys must be valid curve points other than the identity (SEC1
//! uncompressed or compressed, or an SPKI with id-ecPublicKey and the prime256v1 OID), secret
//! keys exactly 32 bytes in [1, n − 1], DER signatures minimal with nothing after them, P1363
//! signatures exactly 64 bytes. Secret keys zeroize on drop (`p256`'s do).
//!
//! ```
//! use gmkit::intl::{EcdsaP256SigningKey, P1363};
//! use gmkit::{Sign, Verify};
//! # let mut rng = rand::rng();
//! let key = EcdsaP256SigningKey::random(&mut rng);
//! let sig = key.sign_msg(&mut rng, b"message");
//! assert!(key.verifying_key().verify_msg(b"message", sig.as_ref()).is_ok());
//! let raw = P1363(key.clone()).sign_msg(&mut rng, b"message");
//! assert!(P1363(key.verifying_key()).verify_msg(b"message", &raw).is_ok());
//! ```

use ::p256 as rc;
use core::fmt;
use rand_core::{CryptoRng, TryCryptoRng};
use rc::elliptic_curve::Generate;
use rc::elliptic_curve::sec1::ToSec1Point;
use rc::pkcs8::der::Decode;
use rc::pkcs8::spki::SubjectPublicKeyInfoRef;
use signature::{Keypair, RandomizedSigner, Signer, Verifier};
use zeroize::{ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};
use crate::traits::{KeyAgreement, Sign, Verify};

/// A SEC1 uncompressed point: `04 ‖ x ‖ y`.
pub const UNCOMPRESSED_LEN: usize = 65;
/// A SEC1 compressed point: `02/03 ‖ x`.
pub const COMPRESSED_LEN: usize = 33;

/// A P-256 public key: a validated curve point, never the identity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(rc::PublicKey);

impl PublicKey {
    /// Parse a SEC1 point, uncompressed or compressed (SEC 1 §2.3.4); the identity (`00`),
    /// hybrid forms, coordinates ≥ p and points off the curve are refused.
    pub fn from_sec1_bytes(b: &[u8]) -> Result<Self> {
        if !matches!(
            (b.first(), b.len()),
            (Some(4), UNCOMPRESSED_LEN) | (Some(2 | 3), COMPRESSED_LEN)
        ) {
            return Err(Error::InvalidPublicKey);
        }
        rc::PublicKey::from_sec1_bytes(b)
            .map(PublicKey)
            .map_err(|_| Error::InvalidPublicKey)
    }

    /// Validate affine coordinates (big-endian, each below p, on the curve).
    pub fn from_affine_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self> {
        let mut b = [4u8; UNCOMPRESSED_LEN];
        b[1..33].copy_from_slice(x);
        b[33..].copy_from_slice(y);
        PublicKey::from_sec1_bytes(&b)
    }

    /// Parse a DER SubjectPublicKeyInfo (RFC 5480): id-ecPublicKey with the named curve
    /// prime256v1. Malformed DER (trailing bytes included) is [`Error::InvalidEncoding`]; another
    /// algorithm or curve, or a bad point, [`Error::InvalidPublicKey`].
    pub fn from_public_key_der(der: &[u8]) -> Result<Self> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| Error::InvalidEncoding)?;
        let point = spki
            .subject_public_key
            .as_bytes()
            .ok_or(Error::InvalidEncoding)?;
        let key = rc::PublicKey::try_from(spki).map_err(|_| Error::InvalidPublicKey)?;
        // The same strict SEC1 rules as `from_sec1_bytes` for the embedded point.
        PublicKey::from_sec1_bytes(point)?;
        Ok(PublicKey(key))
    }

    /// `04 ‖ x ‖ y`.
    pub fn to_sec1_uncompressed(&self) -> [u8; UNCOMPRESSED_LEN] {
        let mut out = [0u8; UNCOMPRESSED_LEN];
        out.copy_from_slice(self.0.to_sec1_point(false).as_bytes());
        out
    }

    /// `02/03 ‖ x`.
    pub fn to_sec1_compressed(&self) -> [u8; COMPRESSED_LEN] {
        let mut out = [0u8; COMPRESSED_LEN];
        out.copy_from_slice(self.0.to_sec1_point(true).as_bytes());
        out
    }

    /// The wrapped `p256` key.
    pub fn as_inner(&self) -> &rc::PublicKey {
        &self.0
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PublicKey(")?;
        for b in self.to_sec1_compressed() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// A P-256 secret scalar d ∈ [1, n − 1], for ECDH; zeroized on drop.
#[derive(Clone)]
pub struct SecretKey(rc::SecretKey);

impl SecretKey {
    /// From 32 big-endian bytes; [`Error::InvalidPrivateKey`] for 0 or ≥ n.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        rc::SecretKey::from_bytes(bytes.into())
            .map(SecretKey)
            .map_err(|_| Error::InvalidPrivateKey)
    }

    /// From a slice of exactly 32 big-endian bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        SecretKey::from_bytes(bytes.try_into().map_err(|_| Error::InvalidPrivateKey)?)
    }

    /// A uniformly random key.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        SecretKey(rc::SecretKey::generate_from_rng(rng))
    }

    /// The big-endian scalar.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes().into())
    }

    /// Q = \[d\]G.
    pub fn public_key(&self) -> PublicKey {
        // declassify: the public key is public.
        PublicKey(crate::ct::declassify(self.0.public_key()))
    }

    /// ECDH (SEC 1 §3.3.1): the x-coordinate of \[d\]Q. Constant time in d.
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Zeroizing<[u8; 32]> {
        let shared = self.0.diffie_hellman(&peer.0);
        Zeroizing::new((*shared.raw_secret_bytes()).into())
    }
}

// The wrapped `p256` secrets zeroize themselves when dropped.
impl ZeroizeOnDrop for SecretKey {}
impl ZeroizeOnDrop for SigningKey {}
impl ZeroizeOnDrop for EphemeralSecret {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey").finish_non_exhaustive()
    }
}

/// An ECDSA-P256-SHA256 signing key; zeroized on drop.
#[derive(Clone)]
pub struct SigningKey(rc::ecdsa::SigningKey);

/// A DER `SEQUENCE { INTEGER r, INTEGER s }` signature.
pub type DerSignature = rc::ecdsa::DerSignature;

/// A signature as (r, s), encoded as IEEE P1363 r ‖ s.
pub type Signature = rc::ecdsa::Signature;

impl SigningKey {
    /// From the secret scalar.
    pub fn new(secret: &SecretKey) -> Self {
        SigningKey(rc::ecdsa::SigningKey::from(&secret.0))
    }

    /// From 32 big-endian bytes; [`Error::InvalidPrivateKey`] for 0 or ≥ n.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        Ok(SigningKey::new(&SecretKey::from_bytes(bytes)?))
    }

    /// A uniformly random key.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        SigningKey::new(&SecretKey::random(rng))
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> VerifyingKey {
        // declassify: the public key is public.
        VerifyingKey(crate::ct::declassify(*self.0.verifying_key()))
    }

    /// Sign with k from RFC 6979 hedged with 32 bytes from `rng` (RFC 6979 §3.6).
    pub fn sign_with_rng<R: CryptoRng + ?Sized>(&self, rng: &mut R, msg: &[u8]) -> Signature {
        // declassify: the signature is the output.
        crate::ct::declassify(self.0.sign_with_rng(rng, msg))
    }

    /// The wrapped `p256` key.
    pub fn as_inner(&self) -> &rc::ecdsa::SigningKey {
        &self.0
    }

    /// Sign `msg` with the caller's nonce `k` (big-endian) instead of one drawn or derived —
    /// known-answer tests only: a k that is reused, leaked or biased gives the key away.
    ///
    /// FIPS 186-5 §6.4.1 with k given: e = SHA-256(`msg`) (step 1; no truncation, 256 bits = the
    /// bit length of n), R = \[k\]G, r = x(R) mod n, s = k⁻¹(e + r·d) mod n, s not normalised to
    /// the lower half. [`Error::InvalidParameter`] for k ∉ [1, n − 1], or where r or s comes out
    /// 0 (the standard then draws another k). Constant time in d and k.
    #[cfg(feature = "hazmat")]
    pub fn sign_with_k(&self, msg: &[u8], k: &[u8; 32]) -> Result<Signature> {
        use sha2::Digest;
        let k = Option::<rc::NonZeroScalar>::from(rc::NonZeroScalar::from_repr((*k).into()))
            .map(Zeroizing::new)
            .ok_or(Error::InvalidParameter)?;
        let e = sha2::Sha256::digest(msg);
        ecdsa::hazmat::sign_prehashed(self.0.as_nonzero_scalar(), &k, &e)
            .map(|(sig, _)| sig)
            .map_err(|_| Error::InvalidParameter)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.verifying_key().public_key())
            .finish_non_exhaustive()
    }
}

/// An ECDSA-P256-SHA256 verifying key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifyingKey(rc::ecdsa::VerifyingKey);

impl VerifyingKey {
    /// For a validated public key.
    pub fn new(public: &PublicKey) -> Self {
        VerifyingKey(rc::ecdsa::VerifyingKey::from(public.0))
    }

    /// From a SEC1 point ([`PublicKey::from_sec1_bytes`]).
    pub fn from_sec1_bytes(b: &[u8]) -> Result<Self> {
        Ok(VerifyingKey::new(&PublicKey::from_sec1_bytes(b)?))
    }

    /// From a DER SubjectPublicKeyInfo ([`PublicKey::from_public_key_der`]).
    pub fn from_public_key_der(der: &[u8]) -> Result<Self> {
        Ok(VerifyingKey::new(&PublicKey::from_public_key_der(der)?))
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(rc::PublicKey::from(&self.0))
    }

    /// Verify a signature (FIPS 186-5 §6.4.2): r, s ∈ [1, n − 1] and the equation.
    pub fn verify(&self, msg: &[u8], sig: &Signature) -> Result<()> {
        self.0.verify(msg, sig).map_err(|_| Error::InvalidSignature)
    }

    /// Verify a strict DER signature. [`Error::InvalidSignature`] on any failure.
    pub fn verify_der(&self, msg: &[u8], der: &[u8]) -> Result<()> {
        let sig = Signature::from_der(der).map_err(|_| Error::InvalidSignature)?;
        self.verify(msg, &sig)
    }

    /// Verify an IEEE P1363 signature: exactly 64 bytes r ‖ s.
    pub fn verify_p1363(&self, msg: &[u8], sig: &[u8]) -> Result<()> {
        let sig = Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
        self.verify(msg, &sig)
    }

    /// The wrapped `p256` key.
    pub fn as_inner(&self) -> &rc::ecdsa::VerifyingKey {
        &self.0
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifyingKey")
            .field(&self.public_key())
            .finish()
    }
}

impl Sign for SigningKey {
    const NAME: &'static str = "ECDSA-P256";
    type Signature = DerSignature;
    fn sign_msg(&self, rng: &mut dyn CryptoRng, msg: &[u8]) -> DerSignature {
        self.sign_with_rng(rng, msg).to_der()
    }
}

impl Verify for VerifyingKey {
    const NAME: &'static str = "ECDSA-P256";
    fn verify_msg(&self, msg: &[u8], sig: &[u8]) -> Result<()> {
        self.verify_der(msg, sig)
    }
}

/// A signing or verifying key whose signatures are IEEE P1363 (r ‖ s, 64 bytes) instead of DER.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct P1363<K>(pub K);

impl Sign for P1363<SigningKey> {
    const NAME: &'static str = "ECDSA-P256";
    type Signature = [u8; 64];
    fn sign_msg(&self, rng: &mut dyn CryptoRng, msg: &[u8]) -> [u8; 64] {
        self.0.sign_with_rng(rng, msg).to_bytes().into()
    }
}

impl Verify for P1363<VerifyingKey> {
    const NAME: &'static str = "ECDSA-P256";
    fn verify_msg(&self, msg: &[u8], sig: &[u8]) -> Result<()> {
        self.0.verify_p1363(msg, sig)
    }
}

// The `signature` traits, passed through to `p256`.

impl Signer<Signature> for SigningKey {
    /// Deterministic k (RFC 6979).
    fn try_sign(&self, msg: &[u8]) -> core::result::Result<Signature, signature::Error> {
        self.0.try_sign(msg)
    }
}

impl Signer<DerSignature> for SigningKey {
    /// Deterministic k (RFC 6979).
    fn try_sign(&self, msg: &[u8]) -> core::result::Result<DerSignature, signature::Error> {
        self.0.try_sign(msg)
    }
}

impl RandomizedSigner<Signature> for SigningKey {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> core::result::Result<Signature, signature::Error> {
        self.0.try_sign_with_rng(rng, msg)
    }
}

impl RandomizedSigner<DerSignature> for SigningKey {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> core::result::Result<DerSignature, signature::Error> {
        self.0.try_sign_with_rng(rng, msg)
    }
}

impl Verifier<Signature> for VerifyingKey {
    fn verify(&self, msg: &[u8], sig: &Signature) -> core::result::Result<(), signature::Error> {
        self.0.verify(msg, sig)
    }
}

impl Verifier<DerSignature> for VerifyingKey {
    fn verify(&self, msg: &[u8], sig: &DerSignature) -> core::result::Result<(), signature::Error> {
        self.0.verify(msg, sig)
    }
}

impl Keypair for SigningKey {
    type VerifyingKey = VerifyingKey;
    fn verifying_key(&self) -> VerifyingKey {
        SigningKey::verifying_key(self)
    }
}

/// Ephemeral ECDH over P-256 ([`KeyAgreement`]): each side sends its uncompressed point; the
/// shared key is the 32-byte x-coordinate (SEC 1 §3.3.1), to be fed to a KDF.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ecdh;

/// One side's ephemeral ECDH secret; zeroized on drop.
pub struct EphemeralSecret(rc::ecdh::EphemeralSecret);

impl fmt::Debug for EphemeralSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EphemeralSecret").finish_non_exhaustive()
    }
}

/// The peer's public key: a SPKI if it starts with a DER SEQUENCE tag (no SEC1 point does),
/// else a SEC1 point.
fn peer_key(peer: &[u8]) -> Result<PublicKey> {
    match peer.first() {
        Some(0x30) => PublicKey::from_public_key_der(peer),
        _ => PublicKey::from_sec1_bytes(peer),
    }
}

impl KeyAgreement for Ecdh {
    const NAME: &'static str = "ECDH-P256";
    type Ephemeral = EphemeralSecret;
    type Message = [u8; UNCOMPRESSED_LEN];

    fn start(&self, rng: &mut dyn CryptoRng) -> (EphemeralSecret, [u8; UNCOMPRESSED_LEN]) {
        let eph = rc::ecdh::EphemeralSecret::generate_from_rng(rng);
        // declassify: the ephemeral public key is sent to the peer.
        let msg = PublicKey(crate::ct::declassify(eph.public_key())).to_sec1_uncompressed();
        (EphemeralSecret(eph), msg)
    }

    /// `peer` is a SEC1 point or a DER SubjectPublicKeyInfo; `key_out` must be 32 bytes.
    fn finish(&self, eph: EphemeralSecret, peer: &[u8], key_out: &mut [u8]) -> Result<()> {
        if key_out.len() != 32 {
            return Err(Error::InvalidLength);
        }
        let peer = peer_key(peer)?;
        key_out.copy_from_slice(eph.0.diffie_hellman(&peer.0).raw_secret_bytes());
        Ok(())
    }
}

impl SecretKey {
    /// ECDH with the peer's key as a SEC1 point or a DER SubjectPublicKeyInfo.
    pub fn diffie_hellman_encoded(&self, peer: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        Ok(self.diffie_hellman(&peer_key(peer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // FIPS 186 / SEC 2: the base point of P-256.
    const G: &str = "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

    fn unhex(s: &str) -> std::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn sec1_parsing_is_strict() {
        let g = unhex(G);
        let pk = PublicKey::from_sec1_bytes(&g).unwrap();
        assert_eq!(pk.to_sec1_uncompressed()[..], g[..]);
        let c = pk.to_sec1_compressed();
        assert_eq!(c[0], 3, "y of G is odd");
        assert_eq!(PublicKey::from_sec1_bytes(&c).unwrap(), pk);
        let mut hybrid = g.clone();
        hybrid[0] = 7;
        let mut off = g.clone();
        off[64] ^= 1;
        for bad in [&[0u8][..], &[], &g[..64], &hybrid, &off, &g[1..]] {
            assert_eq!(
                PublicKey::from_sec1_bytes(bad),
                Err(Error::InvalidPublicKey)
            );
        }
    }

    #[cfg(feature = "hazmat")]
    #[test]
    fn signs_with_the_given_k() {
        // RFC 6979 §A.2.5: P-256, SHA-256, message "test" (s has a leading 01 byte).
        let d = unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
        let k = unhex("d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0");
        let rs = unhex(concat!(
            "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
            "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"
        ));
        let key = SigningKey::from_bytes(d[..].try_into().unwrap()).unwrap();
        let sig = key.sign_with_k(b"test", k[..].try_into().unwrap()).unwrap();
        assert_eq!(sig.to_bytes()[..], rs[..]);
        assert!(key.verifying_key().verify(b"test", &sig).is_ok());
        // k ∉ [1, n − 1] is refused (SEC 2 §2.4.2: n).
        let n = unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        for bad in [[0u8; 32], n[..].try_into().unwrap()] {
            assert_eq!(
                key.sign_with_k(b"test", &bad).map(|_| ()),
                Err(Error::InvalidParameter)
            );
        }
    }

    #[test]
    fn secret_keys_in_range_only() {
        // n − 1 is the largest scalar (SEC 2 §2.4.2).
        let n_minus_1 = unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550");
        let one = {
            let mut b = [0u8; 32];
            b[31] = 1;
            b
        };
        assert!(SecretKey::from_slice(&n_minus_1).is_ok());
        assert_eq!(
            SecretKey::from_bytes(&one).unwrap().public_key(),
            PublicKey::from_sec1_bytes(&unhex(G)).unwrap()
        );
        let mut n = n_minus_1.clone();
        n[31] += 1;
        for bad in [
            &[0u8; 32][..],
            &n,
            &n_minus_1[1..],
            &[&[0][..], &n_minus_1].concat(),
        ] {
            assert_eq!(
                SecretKey::from_slice(bad).map(|_| ()),
                Err(Error::InvalidPrivateKey)
            );
        }
    }
}
