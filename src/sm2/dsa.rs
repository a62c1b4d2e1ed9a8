//! SM2 digital signatures (GB/T 32918.2-2016), on sm2p256v1.
//!
//! Signing draws 32 bytes from a CSPRNG and hedges them with the key and the message: k is
//! HMAC-SM3 keyed with d over e ‖ RNG bytes ‖ counter, so a failing RNG cannot leak the key;
//! without an RNG ([`SigningKey::sign_deterministic`], the `signature::Signer` and
//! `PrehashSigner` impls) k is RFC 6979-deterministic. Steps A3–A5 retry with a fresh k and
//! never fail. A caller-chosen k exists only for known-answer tests, behind the `hazmat`
//! feature (`SigningKey::sign_prehashed_with_k`).
//!
//! RustCrypto `signature` 3.0: [`SigningKey`] is `Signer`, `RandomizedSigner`, `Keypair` and
//! (hazmat) `PrehashSigner` / `RandomizedPrehashSigner`; [`VerifyingKey`] is `Verifier` and
//! `PrehashVerifier`; all for both [`Signature`] (r ‖ s) and [`DerSignature`], each a
//! `SignatureEncoding`. The prehash is e = SM3(Z_A ‖ M), exactly 32 bytes.

use super::arith::with_field;
use super::der::{self, Reader, Writer};
use super::field::Fe;
use super::keys::{PublicKey, SecretKey};
use super::limbs;
use super::nonce::{self, NonceGen};
use super::point::{self, G};
use super::scalar::Scalar;
use super::scrub;
use super::table::{self, QTable};
use crate::error::{Error, Result};
use crate::mac::HmacSm3;
use crate::sm3::Sm3;
use core::fmt;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// The default user ID, GM/T 0009-2012 §10 (`1234567812345678`).
pub const DEFAULT_ID: &[u8] = b"1234567812345678";
/// Longest ID: ENTL is 16 bits counting bits, GB/T 32918.2 §5.5.
pub const MAX_ID_LEN: usize = 8191;

/// a = p − 3 (GB/T 32918.5 §3), big-endian.
const A_BYTES: [u8; 32] = limbs::to_be_bytes(&limbs::from_hex(
    "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC",
));

/// Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), GB/T 32918.2 §5.5.
/// [`Error::InvalidParameter`] for an ID longer than [`MAX_ID_LEN`] bytes.
pub fn za(id: &[u8], public: &PublicKey) -> Result<[u8; 32]> {
    if id.len() > MAX_ID_LEN {
        return Err(Error::InvalidParameter);
    }
    let entl = ((id.len() * 8) as u16).to_be_bytes();
    let mut h = Sm3::new();
    h.update(&entl);
    h.update(id);
    h.update(&A_BYTES);
    h.update(&point::B.to_bytes());
    h.update(&G.x.to_bytes());
    h.update(&G.y.to_bytes());
    h.update(&public.x());
    h.update(&public.y());
    Ok(h.finalize())
}

/// e = SM3(Z_A ‖ M), GB/T 32918.2 §6.1 A1–A2.
fn digest(za: &[u8; 32], msg: &[u8]) -> [u8; 32] {
    let mut h = Sm3::new();
    h.update(za);
    h.update(msg);
    h.finalize()
}

/// An SM2 signature (r, s), both in [1, n − 1].
#[derive(Clone, Copy)]
pub struct Signature {
    r: Scalar,
    s: Scalar,
    bytes: [u8; 64],
}

/// The longest DER signature: two 33-byte INTEGERs in a SEQUENCE.
pub const MAX_DER_LEN: usize = 72;

/// A DER-encoded signature (up to [`MAX_DER_LEN`] bytes, no allocation).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DerSignature {
    buf: [u8; MAX_DER_LEN],
    len: usize,
}

impl AsRef<[u8]> for DerSignature {
    fn as_ref(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl fmt::Debug for DerSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DerSignature(")?;
        for b in self.as_ref() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl DerSignature {
    /// Strict DER parse (see [`Signature::from_der`]). Strict DER has one encoding per
    /// (r, s), so the result's bytes are the input's.
    pub fn from_der(bytes: &[u8]) -> Result<Self> {
        Ok(Signature::from_der(bytes)?.to_der())
    }

    /// The signature (r, s) this encodes.
    pub fn to_signature(&self) -> Signature {
        // Built only from a valid Signature or by the strict parser.
        Signature::from_der(self.as_ref()).unwrap_or_else(|_| unreachable!())
    }
}

impl TryFrom<&[u8]> for DerSignature {
    type Error = signature::Error;
    fn try_from(bytes: &[u8]) -> core::result::Result<Self, signature::Error> {
        DerSignature::from_der(bytes).map_err(|_| signature::Error::new())
    }
}

impl From<Signature> for DerSignature {
    fn from(sig: Signature) -> DerSignature {
        sig.to_der()
    }
}

impl From<DerSignature> for Signature {
    fn from(der: DerSignature) -> Signature {
        der.to_signature()
    }
}

/// The DER bytes themselves are the representation (no allocation).
impl signature::SignatureEncoding for DerSignature {
    type Repr = DerSignature;

    fn encoded_len(&self) -> usize {
        self.len
    }
}

impl Signature {
    fn from_scalars(r: Scalar, s: Scalar) -> Self {
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&r.to_bytes());
        bytes[32..].copy_from_slice(&s.to_bytes());
        Signature { r, s, bytes }
    }

    /// From r and s (big-endian); [`Error::InvalidSignature`] unless both are in [1, n − 1].
    pub fn from_components(r: &[u8; 32], s: &[u8; 32]) -> Result<Self> {
        let in_range = |b: &[u8; 32]| Scalar::from_bytes_nonzero(b).ok_or(Error::InvalidSignature);
        Ok(Signature::from_scalars(in_range(r)?, in_range(s)?))
    }

    /// From the raw 64-byte form r ‖ s.
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self> {
        let (r, s) = bytes.split_at(32);
        Signature::from_components(
            r.try_into().map_err(|_| Error::InvalidSignature)?,
            s.try_into().map_err(|_| Error::InvalidSignature)?,
        )
    }

    /// From a slice holding r ‖ s (exactly 64 bytes).
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        Signature::from_bytes(bytes.try_into().map_err(|_| Error::InvalidSignature)?)
    }

    /// Strict DER `SEQUENCE { INTEGER r, INTEGER s }` (GM/T 0009 §7.3): minimal lengths and
    /// integers, no negative values, nothing after the SEQUENCE, r and s in [1, n − 1].
    pub fn from_der(bytes: &[u8]) -> Result<Self> {
        let parse = || -> Result<Self> {
            let mut outer = Reader::new(bytes);
            let mut seq = Reader::new(outer.read(der::TAG_SEQUENCE)?);
            outer.finish()?;
            let r = seq.read_uint_fixed::<32>()?;
            let s = seq.read_uint_fixed::<32>()?;
            seq.finish()?;
            Signature::from_components(&r, &s)
        };
        parse().map_err(|_| Error::InvalidSignature)
    }

    /// The DER encoding.
    pub fn to_der(&self) -> DerSignature {
        let (r, s) = self.bytes.split_at(32);
        let body = der::uint_tlv_len(r) + der::uint_tlv_len(s);
        let mut out = DerSignature {
            buf: [0; MAX_DER_LEN],
            len: 2 + body,
        };
        let mut w = Writer::new(&mut out.buf);
        // At most 70 content bytes: always fits.
        let res = w
            .header(der::TAG_SEQUENCE, body)
            .and_then(|_| w.uint(r))
            .and_then(|_| w.uint(s));
        debug_assert!(res.is_ok() && w.position() == out.len);
        out
    }

    /// r ‖ s.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.bytes
    }

    /// r, big-endian.
    pub fn r(&self) -> [u8; 32] {
        self.r.to_bytes()
    }

    /// s, big-endian.
    pub fn s(&self) -> [u8; 32] {
        self.s.to_bytes()
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Signature {}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(")?;
        for b in self.bytes {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl TryFrom<&[u8]> for Signature {
    type Error = signature::Error;
    fn try_from(bytes: &[u8]) -> core::result::Result<Self, signature::Error> {
        Signature::from_slice(bytes).map_err(|_| signature::Error::new())
    }
}

impl From<Signature> for [u8; 64] {
    fn from(sig: Signature) -> [u8; 64] {
        sig.bytes
    }
}

impl signature::SignatureEncoding for Signature {
    type Repr = [u8; 64];
}

/// An SM2 signing key: the secret key with its Z_A fixed for one ID.
///
/// Besides the inherent methods it implements the RustCrypto `signature` traits: `Signer` and
/// `RandomizedSigner` for [`Signature`] and [`DerSignature`], `Keypair`, and the hazmat
/// `PrehashSigner` / `RandomizedPrehashSigner`, whose prehash is SM2's e = SM3(Z_A ‖ M)
/// ([`SigningKey::digest`], 32 bytes). No trait takes a caller-chosen k.
///
/// ```
/// use gmkit::sm2::{SecretKey, Signature, SigningKey};
/// use signature::{Signer, hazmat::PrehashSigner};
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A on sm2p256v1: d_A, the default ID.
/// let d = hex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
/// let key = SigningKey::new(SecretKey::from_slice(&d)?);
/// assert_eq!(key.verifying_key().public_key().x()[..4], [0x09, 0xf9, 0xdf, 0x31]);
/// let e = key.digest(b"message digest");
/// assert_eq!(e[..4], [0xf0, 0xb4, 0x3e, 0x94]);
///
/// // k from the RNG, hedged with the key and the message.
/// let sig = key.sign_with_rng(&mut rand::rng(), b"message digest");
/// key.verifying_key().verify(b"message digest", &sig)?;
///
/// // `signature::Signer`: deterministic k (RFC 6979 over HMAC-SM3); the prehash path agrees.
/// let det: Signature = key.sign(b"message digest");
/// let det_e: Signature = key.sign_prehash(&e).unwrap();
/// assert_eq!(det_e, det);
/// # Ok::<(), gmkit::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    secret: SecretKey,
    verifying: VerifyingKey,
    /// The nonce DRBG's first HMAC after V ‖ 0x00 ‖ d (secret-derived; wiped on drop).
    nonce_start: HmacSm3,
    /// HMAC keyed with d, for the hedged nonces (secret-derived; wiped on drop).
    hedged: nonce::Hedged,
}

impl SigningKey {
    /// With the default ID [`DEFAULT_ID`].
    pub fn new(secret: SecretKey) -> Self {
        let verifying = VerifyingKey::new(*secret.public_key());
        SigningKey::from_parts(secret, verifying)
    }

    fn from_parts(secret: SecretKey, verifying: VerifyingKey) -> Self {
        let mut d = secret.to_bytes();
        let nonce_start = nonce::first_hmac(&d[..]);
        let hedged = nonce::Hedged::new(&d[..]);
        d.zeroize();
        SigningKey {
            secret,
            verifying,
            nonce_start,
            hedged,
        }
    }

    /// With the signer's ID (at most [`MAX_ID_LEN`] bytes).
    pub fn with_id(secret: SecretKey, id: &[u8]) -> Result<Self> {
        let verifying = VerifyingKey::with_id(*secret.public_key(), id)?;
        Ok(SigningKey::from_parts(secret, verifying))
    }

    /// A fresh random key with the default ID.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        SigningKey::new(SecretKey::random(rng))
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret
    }

    /// The matching verifying key (same ID).
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.verifying
    }

    /// Sign `msg` (GB/T 32918.2 §6.1) with k from `rng`, hedged with the key and message.
    pub fn sign_with_rng<R: CryptoRng + ?Sized>(&self, rng: &mut R, msg: &[u8]) -> Signature {
        self.sign_digest_with_rng(rng, &digest(&self.verifying.za, msg))
    }

    /// Sign a precomputed e (any length, taken mod n) with k from `rng`, hedged.
    pub fn sign_prehashed_with_rng<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        e: &[u8],
    ) -> Signature {
        self.sign_digest_with_rng(rng, e)
    }

    /// Sign `msg` with k derived deterministically from the key and message (RFC 6979 with
    /// HMAC-SM3): no RNG needed, same signature every time.
    pub fn sign_deterministic(&self, msg: &[u8]) -> Signature {
        let e = Scalar::from_bytes_reduced(&digest(&self.verifying.za, msg));
        self.sign_rfc6979(&e)
    }

    fn sign_digest_with_rng<R: CryptoRng + ?Sized>(&self, rng: &mut R, e: &[u8]) -> Signature {
        let mut extra = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(&mut extra[..]);
        self.sign_hedged(&Scalar::from_be_slice_reduced(e), &extra)
    }

    /// A3–A7 with the hedged nonces HMAC_d(e ‖ extra ‖ i), i = 0, 1, …; a retry (A5/A6, or a
    /// candidate outside [1, n − 1]) takes the next i.
    fn sign_hedged(&self, e: &Scalar, extra: &[u8; 32]) -> Signature {
        let mut eb = e.to_bytes();
        let mut i = 0u8;
        loop {
            // A3: k ∈ [1, n − 1].
            if let Some(mut k) = self.hedged.candidate(&eb, extra, i) {
                let sig = self.try_sign(e, &k);
                k.zeroize();
                if let Some(sig) = sig {
                    eb.zeroize();
                    scrub::stack();
                    return sig;
                }
            }
            // Each retry has probability below 2⁻³¹: 256 in a row do not happen.
            i = i.wrapping_add(1);
        }
    }

    /// A3–A7 with nonces from the RFC 6979 DRBG seeded with d ‖ e; a retry draws the next k.
    fn sign_rfc6979(&self, e: &Scalar) -> Signature {
        let mut nonces = NonceGen::with_first(
            &self.nonce_start,
            &self.secret.to_bytes()[..],
            &[&e.to_bytes()],
        );
        loop {
            // A3: k ∈ [1, n − 1].
            let mut k = nonces.next();
            let sig = self.try_sign(e, &k);
            k.zeroize();
            if let Some(sig) = sig {
                scrub::stack();
                return sig;
            }
        }
    }

    /// A4–A7 for one k; `None` where the standard says to pick another k. Every secret
    /// intermediate is wiped: \[k\]G (y1 is never public, x1 only through r), r·d and k − r·d.
    fn try_sign(&self, e: &Scalar, k: &Scalar) -> Option<Signature> {
        // A4: (x1, y1) = [k]G.
        let (mut p, finite) = with_field!(self.secret.backend(), f => {
            let mut kg = table::mul_base(k, f);
            let p = kg.normalize(f);
            kg.zeroize();
            p
        });
        let mut x1_bytes = [0u8; 32];
        p.x.write_bytes(&mut x1_bytes);
        p.zeroize();
        let mut x1 = Scalar::from_bytes_reduced(&x1_bytes);
        x1_bytes.zeroize();
        // A5: r = (e + x1) mod n; r = 0 or r + k = n → new k.
        let r = e.add(&x1);
        x1.zeroize();
        // declassify: [k]G ≠ O holds for every k ∈ [1, n − 1]; r = 0 or r + k = n is a retry
        // decision of probability ≈ 2⁻²⁵⁵.
        if crate::ct::declassify(bool::from(!finite | r.is_zero() | r.add(k).is_zero())) {
            return None;
        }
        // A6: s = ((1 + d)⁻¹ · (k − r·d)) mod n; s = 0 → new k.
        let mut rd = r.mul(self.secret.scalar());
        let mut k_rd = k.sub(&rd);
        let s = self.secret.d1inv().mul(&k_rd);
        rd.zeroize();
        k_rd.zeroize();
        // declassify: a retry decision of probability 2⁻²⁵⁶.
        if crate::ct::declassify(bool::from(s.is_zero())) {
            return None;
        }
        // A7: (r, s). declassify: the signature is the output.
        Some(Signature::from_scalars(
            crate::ct::declassify(r),
            crate::ct::declassify(s),
        ))
    }

    /// Sign a precomputed e with the caller's k — known-answer tests only. Fails with
    /// [`Error::InvalidParameter`] where A5/A6 would demand another k, or k ∉ [1, n − 1].
    #[cfg(feature = "hazmat")]
    pub fn sign_prehashed_with_k(&self, e: &[u8], k: &[u8; 32]) -> Result<Signature> {
        let mut k = Scalar::from_bytes_nonzero(k).ok_or(Error::InvalidParameter)?;
        let sig = self.try_sign(&Scalar::from_be_slice_reduced(e), &k);
        k.zeroize();
        scrub::stack();
        sig.ok_or(Error::InvalidParameter)
    }

    /// e = SM3(Z_A ‖ M) for this key's Z_A (GB/T 32918.2 §6.1 A2).
    pub fn digest(&self, msg: &[u8]) -> [u8; 32] {
        self.verifying.digest(msg)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("verifying", &self.verifying)
            .finish_non_exhaustive()
    }
}

/// An SM2 verifying key: the public key with its Z_A fixed for one ID.
///
/// RustCrypto: `Verifier` and the hazmat `PrehashVerifier` (e = SM3(Z_A ‖ M), 32 bytes) for
/// [`Signature`] and [`DerSignature`].
///
/// ```
/// use gmkit::sm2::{PublicKey, VerifyingKey, dsa::DerSignature};
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A on sm2p256v1: P_A, the default ID
/// // 1234567812345678, the message "message digest" and its signature in DER.
/// let public = PublicKey::from_sec1_bytes(&hex(concat!(
///     "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020",
///     "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
/// )))?;
/// let vk = VerifyingKey::new(public);
/// let der = hex(concat!(
///     "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3",
///     "022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa",
/// ));
/// vk.verify_der(b"message digest", &der)?;
/// assert!(vk.verify_der(b"message digesT", &der).is_err());
///
/// // The same through `signature::Verifier`.
/// let sig = DerSignature::from_der(&der)?;
/// assert!(signature::Verifier::verify(&vk, b"message digest", &sig).is_ok());
/// # Ok::<(), gmkit::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifyingKey {
    public: PublicKey,
    za: [u8; 32],
}

impl VerifyingKey {
    /// With the default ID [`DEFAULT_ID`].
    pub fn new(public: PublicKey) -> Self {
        // DEFAULT_ID is within MAX_ID_LEN.
        let za = za(DEFAULT_ID, &public).unwrap_or_else(|_| unreachable!());
        VerifyingKey { public, za }
    }

    /// With the signer's ID (at most [`MAX_ID_LEN`] bytes).
    pub fn with_id(public: PublicKey, id: &[u8]) -> Result<Self> {
        Ok(VerifyingKey {
            za: za(id, &public)?,
            public,
        })
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Z_A for this key and ID.
    pub fn za(&self) -> &[u8; 32] {
        &self.za
    }

    /// e = SM3(Z_A ‖ M).
    pub fn digest(&self, msg: &[u8]) -> [u8; 32] {
        digest(&self.za, msg)
    }

    /// Verify `sig` over `msg` (GB/T 32918.2 §7.1). [`Error::InvalidSignature`] on failure.
    pub fn verify(&self, msg: &[u8], sig: &Signature) -> Result<()> {
        // B3–B4.
        let e = Scalar::from_bytes_reduced(&self.digest(msg));
        self.verify_e(&e, sig)
    }

    /// Verify a DER signature over `msg`.
    pub fn verify_der(&self, msg: &[u8], der: &[u8]) -> Result<()> {
        self.verify(msg, &Signature::from_der(der)?)
    }

    /// Verify against a precomputed e (any length, taken mod n as OpenSSL does).
    pub fn verify_prehashed(&self, e: &[u8], sig: &Signature) -> Result<()> {
        self.verify_e(&Scalar::from_be_slice_reduced(e), sig)
    }

    /// B5–B7. B1–B2 (r, s ∈ [1, n − 1]) hold for every [`Signature`].
    fn verify_e(&self, e: &Scalar, sig: &Signature) -> Result<()> {
        verify_with(e, sig, |s, t| {
            with_field!(self.public.backend(), f => {
                table::mul_base_add_vartime(s, t, self.public.point(), f)
            })
        })
    }
}

/// B5–B7 with `mul(s', t)` computing \[s'\]G + \[t\]P_A (public data: variable time).
fn verify_with(
    e: &Scalar,
    sig: &Signature,
    mul: impl FnOnce(&Scalar, &Scalar) -> point::Projective,
) -> Result<()> {
    let t = b5_t(sig).ok_or(Error::InvalidSignature)?;
    // B6: (x1', y1') = [s']G + [t]P_A.
    if b7_accepts(e, sig, &mul(&sig.s, &t)) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

/// B5: t = (r' + s') mod n, `None` where t = 0 (rejected).
pub(crate) fn b5_t(sig: &Signature) -> Option<Scalar> {
    let t = sig.r.add(&sig.s);
    if bool::from(t.is_zero()) {
        None
    } else {
        Some(t)
    }
}

/// s' of the signature (public), for the 8-lane batch code.
#[cfg(target_arch = "x86_64")]
pub(crate) fn sig_s(sig: &Signature) -> &Scalar {
    &sig.s
}

/// B6's point not the identity, and B7: (e' + x1') mod n = r' for p = (x1', y1') in
/// homogeneous coordinates.
pub(crate) fn b7_accepts(e: &Scalar, sig: &Signature, p: &point::Projective) -> bool {
    if bool::from(p.is_identity()) {
        return false;
    }
    // With v = (r' − e') mod n, x1' is v or v + n (when below p); compare X with v·Z
    // projectively, avoiding an inversion.
    let v = sig.r.sub(e).to_canonical();
    let mut ok = p.x.ct_eq(&Fe::from_canonical(&v).mul(&p.z));
    let (vn, carry) = limbs::add(&v, &super::scalar::N);
    if carry == 0 && limbs::lt_mask(&vn, &super::field::P) != 0 {
        ok |= p.x.ct_eq(&Fe::from_canonical(&vn).mul(&p.z));
    }
    bool::from(ok)
}

/// A [`VerifyingKey`] with a precomputed table of its public point (odd multiples of Q, 2⁶⁴Q,
/// 2¹²⁸Q and 2¹⁹²Q, 2 KiB), for a key that verifies many signatures: each verification then
/// takes 65 point doublings instead of 256, at the cost of about one verification to prepare.
/// Same verdicts as [`VerifyingKey`].
///
/// ```
/// use gmkit::sm2::{PreparedVerifyingKey, SigningKey};
/// # let mut rng = rand::rng();
/// let key = SigningKey::random(&mut rng);
/// let sig = key.sign_with_rng(&mut rng, b"block 1");
/// let prepared = PreparedVerifyingKey::new(*key.verifying_key());
/// prepared.verify(b"block 1", &sig)?;
/// assert!(prepared.verify(b"block 2", &sig).is_err());
/// # Ok::<(), gmkit::Error>(())
/// ```
#[derive(Clone)]
pub struct PreparedVerifyingKey {
    key: VerifyingKey,
    table: QTable,
}

impl PreparedVerifyingKey {
    /// Precompute `key`'s table (on its public key's field backend).
    pub fn new(key: VerifyingKey) -> Self {
        let table = with_field!(key.public.backend(), f => {
            QTable::new_vartime(key.public.point(), f)
        });
        PreparedVerifyingKey { key, table }
    }

    /// The verifying key (public key and Z_A).
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// Verify `sig` over `msg` (GB/T 32918.2 §7.1). [`Error::InvalidSignature`] on failure.
    pub fn verify(&self, msg: &[u8], sig: &Signature) -> Result<()> {
        let e = Scalar::from_bytes_reduced(&self.key.digest(msg));
        self.verify_e(&e, sig)
    }

    /// Verify a DER signature over `msg`.
    pub fn verify_der(&self, msg: &[u8], der: &[u8]) -> Result<()> {
        self.verify(msg, &Signature::from_der(der)?)
    }

    /// Verify against a precomputed e (any length, taken mod n as OpenSSL does).
    pub fn verify_prehashed(&self, e: &[u8], sig: &Signature) -> Result<()> {
        self.verify_e(&Scalar::from_be_slice_reduced(e), sig)
    }

    fn verify_e(&self, e: &Scalar, sig: &Signature) -> Result<()> {
        verify_with(e, sig, |s, t| {
            with_field!(self.key.public.backend(), f => {
                table::mul_base_add_prepared_vartime(s, t, &self.table, f)
            })
        })
    }
}

impl From<VerifyingKey> for PreparedVerifyingKey {
    fn from(key: VerifyingKey) -> Self {
        PreparedVerifyingKey::new(key)
    }
}

impl fmt::Debug for PreparedVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedVerifyingKey")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl signature::Verifier<Signature> for PreparedVerifyingKey {
    fn verify(&self, msg: &[u8], sig: &Signature) -> core::result::Result<(), signature::Error> {
        PreparedVerifyingKey::verify(self, msg, sig).map_err(|_| signature::Error::new())
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl signature::Signer<Signature> for SigningKey {
    /// Deterministic (RFC 6979 with HMAC-SM3) under the key's ID.
    fn try_sign(&self, msg: &[u8]) -> core::result::Result<Signature, signature::Error> {
        Ok(self.sign_deterministic(msg))
    }
}

impl signature::RandomizedSigner<Signature> for SigningKey {
    fn try_sign_with_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> core::result::Result<Signature, signature::Error> {
        let e = Scalar::from_bytes_reduced(&self.digest(msg));
        self.sign_e_with_try_rng(rng, &e)
    }
}

impl signature::Verifier<Signature> for VerifyingKey {
    fn verify(&self, msg: &[u8], sig: &Signature) -> core::result::Result<(), signature::Error> {
        VerifyingKey::verify(self, msg, sig).map_err(|_| signature::Error::new())
    }
}

impl SigningKey {
    /// k hedged: HMAC_d(e ‖ 32 bytes of `rng` output ‖ i).
    fn sign_e_with_try_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        e: &Scalar,
    ) -> core::result::Result<Signature, signature::Error> {
        let mut extra = Zeroizing::new([0u8; 32]);
        rng.try_fill_bytes(&mut extra[..])
            .map_err(|_| signature::Error::new())?;
        Ok(self.sign_hedged(e, &extra))
    }
}

/// The `signature` prehash: SM2's e = SM3(Z_A ‖ M) (GB/T 32918.2 §6.1 A2), exactly 32 bytes
/// ([`SigningKey::digest`], [`VerifyingKey::digest`]); any other length is refused.
fn prehash_e(prehash: &[u8]) -> core::result::Result<Scalar, signature::Error> {
    let e: &[u8; 32] = prehash.try_into().map_err(|_| signature::Error::new())?;
    // A4 uses e as an integer mod n.
    Ok(Scalar::from_bytes_reduced(e))
}

/// Signs e = SM3(Z_A ‖ M) (32 bytes) with the deterministic nonce of
/// [`SigningKey::sign_deterministic`]: the signature equals `sign_deterministic(M)`.
impl signature::hazmat::PrehashSigner<Signature> for SigningKey {
    fn sign_prehash(&self, prehash: &[u8]) -> core::result::Result<Signature, signature::Error> {
        Ok(self.sign_rfc6979(&prehash_e(prehash)?))
    }
}

/// Signs e = SM3(Z_A ‖ M) (32 bytes) with k from `rng`, hedged with the key and e.
impl signature::hazmat::RandomizedPrehashSigner<Signature> for SigningKey {
    fn sign_prehash_with_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        prehash: &[u8],
    ) -> core::result::Result<Signature, signature::Error> {
        self.sign_e_with_try_rng(rng, &prehash_e(prehash)?)
    }
}

/// Verifies over e = SM3(Z_A ‖ M) (32 bytes; [`VerifyingKey::verify_prehashed`] takes any
/// length).
impl signature::hazmat::PrehashVerifier<Signature> for VerifyingKey {
    fn verify_prehash(
        &self,
        prehash: &[u8],
        sig: &Signature,
    ) -> core::result::Result<(), signature::Error> {
        self.verify_e(&prehash_e(prehash)?, sig)
            .map_err(|_| signature::Error::new())
    }
}

/// DER signatures (GM/T 0009 `SEQUENCE { r, s }`), deterministic nonce as for [`Signature`].
impl signature::Signer<DerSignature> for SigningKey {
    fn try_sign(&self, msg: &[u8]) -> core::result::Result<DerSignature, signature::Error> {
        Ok(self.sign_deterministic(msg).to_der())
    }
}

impl signature::RandomizedSigner<DerSignature> for SigningKey {
    fn try_sign_with_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> core::result::Result<DerSignature, signature::Error> {
        signature::RandomizedSigner::<Signature>::try_sign_with_rng(self, rng, msg)
            .map(|sig| sig.to_der())
    }
}

impl signature::Verifier<DerSignature> for VerifyingKey {
    fn verify(&self, msg: &[u8], sig: &DerSignature) -> core::result::Result<(), signature::Error> {
        VerifyingKey::verify(self, msg, &sig.to_signature()).map_err(|_| signature::Error::new())
    }
}

impl signature::hazmat::PrehashSigner<DerSignature> for SigningKey {
    fn sign_prehash(&self, prehash: &[u8]) -> core::result::Result<DerSignature, signature::Error> {
        signature::hazmat::PrehashSigner::<Signature>::sign_prehash(self, prehash)
            .map(|sig| sig.to_der())
    }
}

impl signature::hazmat::RandomizedPrehashSigner<DerSignature> for SigningKey {
    fn sign_prehash_with_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        prehash: &[u8],
    ) -> core::result::Result<DerSignature, signature::Error> {
        signature::hazmat::RandomizedPrehashSigner::<Signature>::sign_prehash_with_rng(
            self, rng, prehash,
        )
        .map(|sig| sig.to_der())
    }
}

impl signature::hazmat::PrehashVerifier<DerSignature> for VerifyingKey {
    fn verify_prehash(
        &self,
        prehash: &[u8],
        sig: &DerSignature,
    ) -> core::result::Result<(), signature::Error> {
        signature::hazmat::PrehashVerifier::<Signature>::verify_prehash(
            self,
            prehash,
            &sig.to_signature(),
        )
    }
}

impl signature::Keypair for SigningKey {
    type VerifyingKey = VerifyingKey;
    fn verifying_key(&self) -> VerifyingKey {
        self.verifying
    }
}

impl crate::traits::Sign for SigningKey {
    const NAME: &'static str = "SM2";
    type Signature = DerSignature;
    fn sign_msg(&self, rng: &mut dyn CryptoRng, msg: &[u8]) -> DerSignature {
        self.sign_with_rng(rng, msg).to_der()
    }
}

impl crate::traits::Verify for VerifyingKey {
    const NAME: &'static str = "SM2";
    fn verify_msg(&self, msg: &[u8], sig: &[u8]) -> Result<()> {
        self.verify_der(msg, sig)
    }
}
