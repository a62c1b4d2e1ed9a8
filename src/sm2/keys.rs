//! SM2 keys on sm2p256v1: ranges (GB/T 32918.1 §6.1), public-key validation (§6.2.1), SEC1
//! point encodings (GB/T 32918.1 §4.2.8–4.2.9), and the DER/PEM containers OpenSSL writes:
//! PKCS#8 `PrivateKeyInfo` (RFC 5208), SEC1 `ECPrivateKey` (RFC 5915) and
//! `SubjectPublicKeyInfo` (RFC 5480), with id-ecPublicKey and the curve OID 1.2.156.10197.1.301;
//! password-encrypted PKCS#8 (RFC 5958 §3 with PBES2, see `pbes2.rs`).
//!
//! The RustCrypto traits (`pkcs8::DecodePrivateKey`/`EncodePrivateKey`,
//! `spki::DecodePublicKey`/`EncodePublicKey`, `sec1::DecodeEcPrivateKey`/`EncodeEcPrivateKey`)
//! go through the same strict parsers and fixed encoders as the inherent methods. The parsers are
//! not replaced by the `pkcs8`/`sec1` crates' decoders on purpose: `PrivateKeyInfo` decoding there
//! accepts, and drops, attributes and unknown context-specific fields (the
//! `rustcrypto_decoder_is_looser` test in tests/sm2_keys.rs), and the SM2 checks (curve, range,
//! public key matching d) would still have to follow.

use super::arith::{FieldBackend, with_field};
use super::der::{self, Reader, Writer};
use super::field::Fe;
use super::pbes2::{self, MAX_CIPHERTEXT_LEN};
use super::point::{Affine, Projective};
use super::scalar::Scalar;
use super::scrub;
use super::table;
use crate::backend::Backend;
use crate::error::{Error, Result};
use core::fmt;
use rand_core::CryptoRng;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of an uncompressed SEC1 point: `04 ‖ x ‖ y`.
pub const UNCOMPRESSED_LEN: usize = 65;
/// Length of a compressed SEC1 point: `02/03 ‖ x`.
pub const COMPRESSED_LEN: usize = 33;
/// Length of the DER `SubjectPublicKeyInfo` of an SM2 public key.
pub const SPKI_DER_LEN: usize = 91;
/// Length of the DER PKCS#8 `PrivateKeyInfo` of an SM2 secret key (public key included).
pub const PKCS8_DER_LEN: usize = 138;
/// Length of the DER SEC1 `ECPrivateKey` of an SM2 secret key (curve and public key included).
pub const SEC1_DER_LEN: usize = 121;

/// An SM2 public key: a point on sm2p256v1 that passed validation (GB/T 32918.1 §6.2.1).
#[derive(Clone, Copy)]
pub struct PublicKey {
    point: Affine,
    /// The field backend its operations run on (not part of the key's value).
    backend: FieldBackend,
}

impl PublicKey {
    /// Validate affine coordinates: each below p, the point on the curve (GB/T 32918.1 §6.2.1
    /// steps a–c; the cofactor is 1, so step d holds for every curve point).
    pub fn from_affine_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self> {
        let x = Option::<Fe>::from(Fe::from_bytes(x)).ok_or(Error::InvalidPublicKey)?;
        let y = Option::<Fe>::from(Fe::from_bytes(y)).ok_or(Error::InvalidPublicKey)?;
        let point = Affine { x, y };
        if bool::from(point.is_on_curve()) {
            Ok(PublicKey::from_point(point))
        } else {
            Err(Error::InvalidPublicKey)
        }
    }

    /// Parse a SEC1 point: `04 ‖ x ‖ y` or `02/03 ‖ x`. The point at infinity (`00`), hybrid
    /// forms, coordinates ≥ p and points off the curve are refused.
    pub fn from_sec1_bytes(b: &[u8]) -> Result<Self> {
        match b {
            [4, rest @ ..] if rest.len() == 64 => {
                let (x, y) = rest.split_at(32);
                PublicKey::from_affine_coordinates(
                    x.try_into().map_err(|_| Error::InvalidPublicKey)?,
                    y.try_into().map_err(|_| Error::InvalidPublicKey)?,
                )
            }
            [tag @ (2 | 3), rest @ ..] if rest.len() == 32 => {
                let x: &[u8; 32] = rest.try_into().map_err(|_| Error::InvalidPublicKey)?;
                let x = Option::<Fe>::from(Fe::from_bytes(x)).ok_or(Error::InvalidPublicKey)?;
                let odd = Choice::from(tag & 1);
                let point = Option::<Affine>::from(Affine::decompress(&x, odd))
                    .ok_or(Error::InvalidPublicKey)?;
                Ok(PublicKey::from_point(point))
            }
            _ => Err(Error::InvalidPublicKey),
        }
    }

    /// `04 ‖ x ‖ y`.
    pub fn to_sec1_uncompressed(&self) -> [u8; UNCOMPRESSED_LEN] {
        let mut out = [0u8; UNCOMPRESSED_LEN];
        out[0] = 4;
        out[1..33].copy_from_slice(&self.point.x.to_bytes());
        out[33..].copy_from_slice(&self.point.y.to_bytes());
        out
    }

    /// `02 ‖ x` for even y, `03 ‖ x` for odd y.
    pub fn to_sec1_compressed(&self) -> [u8; COMPRESSED_LEN] {
        let mut out = [0u8; COMPRESSED_LEN];
        out[0] = 2 | self.point.y.is_odd().unwrap_u8();
        out[1..].copy_from_slice(&self.point.x.to_bytes());
        out
    }

    /// The x coordinate, big-endian.
    pub fn x(&self) -> [u8; 32] {
        self.point.x.to_bytes()
    }

    /// The y coordinate, big-endian.
    pub fn y(&self) -> [u8; 32] {
        self.point.y.to_bytes()
    }

    /// Parse a DER `SubjectPublicKeyInfo` (id-ecPublicKey with the SM2 curve OID).
    pub fn from_public_key_der(der: &[u8]) -> Result<Self> {
        let mut outer = Reader::new(der);
        let mut spki = Reader::new(outer.read(der::TAG_SEQUENCE)?);
        outer.finish()?;
        read_algorithm(&mut spki)?;
        let point = spki.read_bit_string()?;
        spki.finish()?;
        PublicKey::from_sec1_bytes(point)
    }

    /// DER `SubjectPublicKeyInfo` with the uncompressed point, as OpenSSL writes it.
    pub fn to_public_key_der(&self) -> [u8; SPKI_DER_LEN] {
        let mut out = [0u8; SPKI_DER_LEN];
        let mut w = Writer::new(&mut out);
        // Lengths are fixed, so every write fits.
        let r = (|| {
            w.header(der::TAG_SEQUENCE, SPKI_DER_LEN - 2)?;
            write_algorithm(&mut w)?;
            w.header(der::TAG_BIT_STRING, UNCOMPRESSED_LEN + 1)?;
            w.bytes(&[0])?;
            w.bytes(&self.to_sec1_uncompressed())
        })();
        debug_assert!(r.is_ok() && w.position() == SPKI_DER_LEN);
        out
    }

    /// Parse PEM holding one `PUBLIC KEY` block. Other blocks are skipped, except that an
    /// `EC PARAMETERS` / `SM2 PARAMETERS` block must name the SM2 curve; two `PUBLIC KEY` blocks
    /// are an error.
    pub fn from_public_key_pem(pem: &str) -> Result<Self> {
        let mut buf = [0u8; 128];
        let (_, der) = der::pem_pick(pem, |label| label == "PUBLIC KEY", &mut buf)?;
        PublicKey::from_public_key_der(der)
    }

    /// PEM `PUBLIC KEY` document.
    #[cfg(feature = "alloc")]
    pub fn to_public_key_pem(&self) -> alloc::string::String {
        der::pem_encode("PUBLIC KEY", &self.to_public_key_der())
    }

    pub(crate) fn point(&self) -> &Affine {
        &self.point
    }

    pub(crate) fn from_point(point: Affine) -> Self {
        PublicKey {
            point,
            backend: FieldBackend::auto(),
        }
    }

    /// The same key with its operations (verification, encryption) on field backend `backend`;
    /// [`Error::BackendUnavailable`] if this CPU cannot run it.
    pub fn with_backend(mut self, backend: FieldBackend) -> Result<Self> {
        if !backend.is_available() {
            return Err(Error::BackendUnavailable);
        }
        self.backend = backend;
        Ok(self)
    }

    /// The field backend this key's operations run on.
    pub fn backend(&self) -> FieldBackend {
        self.backend
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.point.x.ct_eq(&other.point.x) & self.point.y.ct_eq(&other.point.y))
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PublicKey(04")?;
        for b in self.to_sec1_uncompressed()[1..].iter() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// `SEQUENCE { id-ecPublicKey, sm2p256v1 }`.
fn write_algorithm(w: &mut Writer<'_>) -> Result<()> {
    w.header(
        der::TAG_SEQUENCE,
        4 + der::OID_EC_PUBLIC_KEY.len() + der::OID_SM2.len(),
    )?;
    w.tlv(der::TAG_OID, der::OID_EC_PUBLIC_KEY)?;
    w.tlv(der::TAG_OID, der::OID_SM2)
}

fn read_algorithm(r: &mut Reader<'_>) -> Result<()> {
    let mut alg = Reader::new(r.read(der::TAG_SEQUENCE)?);
    if alg.read(der::TAG_OID)? != der::OID_EC_PUBLIC_KEY || alg.read(der::TAG_OID)? != der::OID_SM2
    {
        return Err(Error::InvalidEncoding);
    }
    alg.finish()
}

/// P = [d]G on `backend` for d ≠ 0 ([d]G before normalisation is wiped).
fn public_point(d: &Scalar, backend: FieldBackend) -> PublicKey {
    let point = with_field!(backend, f => {
        let mut p = table::mul_base(d, f);
        // d ≠ 0, so [d]G is not the identity.
        // declassify: the public key is public.
        let (point, _) = crate::ct::declassify(p.normalize(f));
        p.zeroize();
        point
    });
    PublicKey { point, backend }
}

/// The public-key field of an `ECPrivateKey` (RFC 5915 §3) inside a `PrivateKeyInfo`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PubField {
    Absent,
    Uncompressed,
    Compressed,
}

impl PubField {
    /// Bytes of the SEC1 point (0 when absent).
    const fn point_len(self) -> usize {
        match self {
            PubField::Absent => 0,
            PubField::Uncompressed => UNCOMPRESSED_LEN,
            PubField::Compressed => COMPRESSED_LEN,
        }
    }
}

/// Longest `PrivateKeyInfo` [`SecretKey::from_pkcs8_der`] accepts: curve and uncompressed point.
const PKCS8_MAX_LEN: usize = PKCS8_DER_LEN + 4 + der::OID_SM2.len();

/// One `PrivateKeyInfo` layout [`SecretKey::from_pkcs8_der`] accepts, as DER with d and the
/// point zero (the point's prefix byte set), and where d and the point start.
struct Layout {
    bytes: [u8; PKCS8_MAX_LEN],
    len: usize,
    d_at: usize,
    point_at: usize,
}

impl Layout {
    fn new(with_curve: bool, field: PubField) -> Layout {
        let point_len = field.point_len();
        let curve_len = if with_curve {
            4 + der::OID_SM2.len()
        } else {
            0
        };
        let pub_len = if point_len == 0 { 0 } else { 5 + point_len };
        let ec_body = 3 + 34 + curve_len + pub_len;
        let ec_len = der::header_len(ec_body) + ec_body;
        let alg_len = 6 + der::OID_EC_PUBLIC_KEY.len() + der::OID_SM2.len();
        let body = 3 + alg_len + der::header_len(ec_len) + ec_len;
        let mut bytes = [0u8; PKCS8_MAX_LEN];
        let (mut d_at, mut point_at) = (0, 0);
        let mut w = Writer::new(&mut bytes[..]);
        let r = (|| {
            w.header(der::TAG_SEQUENCE, body)?;
            w.bytes(&[der::TAG_INTEGER, 1, 0])?;
            write_algorithm(&mut w)?;
            w.header(der::TAG_OCTET_STRING, ec_len)?;
            w.header(der::TAG_SEQUENCE, ec_body)?;
            w.bytes(&[der::TAG_INTEGER, 1, 1])?;
            w.header(der::TAG_OCTET_STRING, 32)?;
            d_at = w.position();
            w.bytes(&[0; 32])?;
            if with_curve {
                w.header(der::TAG_CONTEXT_0, der::OID_SM2.len() + 2)?;
                w.tlv(der::TAG_OID, der::OID_SM2)?;
            }
            if point_len != 0 {
                w.header(der::TAG_CONTEXT_1, point_len + 3)?;
                w.header(der::TAG_BIT_STRING, point_len + 1)?;
                w.bytes(&[0])?;
                point_at = w.position();
                let prefix = if field == PubField::Uncompressed {
                    4
                } else {
                    2
                };
                w.bytes(&[prefix])?;
                w.bytes(&[0; UNCOMPRESSED_LEN][..point_len - 1])?;
            }
            Ok::<(), Error>(())
        })();
        let len = w.position();
        debug_assert!(r.is_ok() && len == der::header_len(body) + body);
        Layout {
            bytes,
            len,
            d_at,
            point_at,
        }
    }
}

/// An SM2 secret key d ∈ [1, n − 2] (GB/T 32918.1 §6.1), with its public key and the
/// signing constant (1 + d)⁻¹ mod n (GB/T 32918.2 §6.1 A6). Zeroized on drop.
#[derive(Clone)]
pub struct SecretKey {
    d: Scalar,
    d1inv: Scalar,
    public: PublicKey,
}

impl SecretKey {
    /// From big-endian bytes; [`Error::InvalidPrivateKey`] outside [1, n − 2].
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        let (mut d, ok) = Scalar::from_bytes_checked(bytes);
        let mut d1 = d.add(&Scalar::ONE);
        // d ≠ 0 and d ≠ n − 1 (1 + d must be invertible).
        let ok = ok & !d.is_zero() & !d1.is_zero();
        d1.zeroize();
        // declassify: the verdict is returned (`random` discards a rejected draw).
        let key = crate::ct::declassify(bool::from(ok)).then(|| Self::from_scalar(&d));
        d.zeroize();
        scrub::stack();
        key.ok_or(Error::InvalidPrivateKey)
    }

    /// From a big-endian slice of exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let b: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidPrivateKey)?;
        SecretKey::from_bytes(b)
    }

    /// A uniformly random key (rejection sampling over 256-bit strings).
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut b = Zeroizing::new([0u8; 32]);
        loop {
            rng.fill_bytes(&mut b[..]);
            if let Ok(k) = SecretKey::from_bytes(&b) {
                return k;
            }
        }
    }

    /// The key pair of d ∈ [1, n − 2]; the secret intermediates ([d]G before normalisation,
    /// 1 + d) are wiped.
    fn from_scalar(d: &Scalar) -> Self {
        let mut d1 = d.add(&Scalar::ONE);
        let key = SecretKey {
            d: *d,
            d1inv: d1.invert(),
            public: public_point(d, FieldBackend::auto()),
        };
        d1.zeroize();
        key
    }

    /// The same key with its operations (signing, decryption, key exchange) on field backend
    /// `backend`, the public key recomputed there; [`Error::BackendUnavailable`] if this CPU
    /// cannot run it.
    pub fn with_backend(mut self, backend: FieldBackend) -> Result<Self> {
        if !backend.is_available() {
            return Err(Error::BackendUnavailable);
        }
        self.public = public_point(&self.d, backend);
        scrub::stack();
        Ok(self)
    }

    /// The field backend this key's operations run on.
    pub fn backend(&self) -> FieldBackend {
        self.public.backend
    }

    /// Big-endian bytes of d.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.d.to_bytes())
    }

    /// The public key P = \[d\]G.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub(crate) fn scalar(&self) -> &Scalar {
        &self.d
    }

    pub(crate) fn d1inv(&self) -> &Scalar {
        &self.d1inv
    }

    /// `ECPrivateKey` body: d and the public key; parameters only when `with_curve`.
    fn write_ec_private_key(&self, w: &mut Writer<'_>, with_curve: bool) -> Result<()> {
        let curve_len = if with_curve {
            4 + der::OID_SM2.len()
        } else {
            0
        };
        w.header(der::TAG_SEQUENCE, 3 + 34 + curve_len + 70)?;
        w.bytes(&[der::TAG_INTEGER, 1, 1])?;
        w.tlv(der::TAG_OCTET_STRING, &self.to_bytes()[..])?;
        if with_curve {
            w.header(der::TAG_CONTEXT_0, der::OID_SM2.len() + 2)?;
            w.tlv(der::TAG_OID, der::OID_SM2)?;
        }
        w.header(der::TAG_CONTEXT_1, 68)?;
        w.header(der::TAG_BIT_STRING, UNCOMPRESSED_LEN + 1)?;
        w.bytes(&[0])?;
        w.bytes(&self.public.to_sec1_uncompressed())
    }

    /// Parse an `ECPrivateKey` (RFC 5915 §3): version 1, a 32-byte key, optional curve (must
    /// be SM2), optional public key (must match d).
    fn read_ec_private_key(der: &[u8]) -> Result<Self> {
        let mut outer = Reader::new(der);
        let mut r = Reader::new(outer.read(der::TAG_SEQUENCE)?);
        outer.finish()?;
        if r.read_small_uint()? != 1 {
            return Err(Error::InvalidEncoding);
        }
        let d = r.read(der::TAG_OCTET_STRING)?;
        let key = SecretKey::from_slice(d)?;
        if r.peek_tag() == Some(der::TAG_CONTEXT_0) {
            let mut p = Reader::new(r.read(der::TAG_CONTEXT_0)?);
            if p.read(der::TAG_OID)? != der::OID_SM2 {
                return Err(Error::InvalidEncoding);
            }
            p.finish()?;
        }
        if r.peek_tag() == Some(der::TAG_CONTEXT_1) {
            let mut p = Reader::new(r.read(der::TAG_CONTEXT_1)?);
            let public = PublicKey::from_sec1_bytes(p.read_bit_string()?)?;
            p.finish()?;
            if public != key.public {
                return Err(Error::InvalidPrivateKey);
            }
        }
        r.finish()?;
        Ok(key)
    }

    /// Parse DER PKCS#8 `PrivateKeyInfo` (version 0, id-ecPublicKey + SM2).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let mut outer = Reader::new(der);
        let mut r = Reader::new(outer.read(der::TAG_SEQUENCE)?);
        outer.finish()?;
        if r.read_small_uint()? != 0 {
            return Err(Error::InvalidEncoding);
        }
        read_algorithm(&mut r)?;
        let key = SecretKey::read_ec_private_key(r.read(der::TAG_OCTET_STRING)?)?;
        r.finish()?;
        Ok(key)
    }

    /// DER PKCS#8 `PrivateKeyInfo`, as `openssl genpkey -algorithm SM2` writes it.
    pub fn to_pkcs8_der(&self) -> Zeroizing<[u8; PKCS8_DER_LEN]> {
        let mut out = Zeroizing::new([0u8; PKCS8_DER_LEN]);
        let mut w = Writer::new(&mut out[..]);
        let r = (|| {
            w.header(der::TAG_SEQUENCE, PKCS8_DER_LEN - 3)?;
            w.bytes(&[der::TAG_INTEGER, 1, 0])?;
            write_algorithm(&mut w)?;
            w.header(der::TAG_OCTET_STRING, 2 + 107)?;
            self.write_ec_private_key(&mut w, false)
        })();
        debug_assert!(r.is_ok() && w.position() == PKCS8_DER_LEN);
        out
    }

    /// Parse a DER SEC1 `ECPrivateKey`.
    pub fn from_sec1_der(der: &[u8]) -> Result<Self> {
        SecretKey::read_ec_private_key(der)
    }

    /// DER SEC1 `ECPrivateKey` with the curve OID and the public key.
    pub fn to_sec1_der(&self) -> Zeroizing<[u8; SEC1_DER_LEN]> {
        let mut out = Zeroizing::new([0u8; SEC1_DER_LEN]);
        let mut w = Writer::new(&mut out[..]);
        let r = self.write_ec_private_key(&mut w, true);
        debug_assert!(r.is_ok() && w.position() == SEC1_DER_LEN);
        out
    }

    /// Parse PEM holding one private key: `PRIVATE KEY` (PKCS#8), or SEC1 under
    /// `EC PRIVATE KEY` or `SM2 PRIVATE KEY` (the label OpenSSL 3.0's `openssl ec` gives SM2
    /// keys).
    ///
    /// The key block is picked out of several: `openssl ecparam -name SM2 -genkey` writes an
    /// `SM2 PARAMETERS` block (OpenSSL 1.1.1: `EC PARAMETERS`) before the key, which must then
    /// name the SM2 curve; blocks with other labels (`PUBLIC KEY`, `CERTIFICATE`, …) and text
    /// between blocks are skipped. Two private-key blocks, an `ENCRYPTED PRIVATE KEY` block
    /// (use [`SecretKey::from_pkcs8_encrypted_pem`]) or OpenSSL's legacy `Proc-Type: 4,ENCRYPTED`
    /// form: [`Error::InvalidEncoding`].
    pub fn from_pem(pem: &str) -> Result<Self> {
        let mut buf = Zeroizing::new([0u8; PEM_BUF_LEN]);
        let (label, der) = der::pem_pick(pem, is_private_key_label, &mut buf[..])?;
        match label {
            "PRIVATE KEY" => SecretKey::from_pkcs8_der(der),
            "EC PRIVATE KEY" | "SM2 PRIVATE KEY" => SecretKey::from_sec1_der(der),
            _ => Err(Error::InvalidEncoding),
        }
    }

    /// Decrypt a DER `EncryptedPrivateKeyInfo` (RFC 5958 §3; PBES2 with PBKDF2, RFC 8018) and
    /// parse the PKCS#8 key inside.
    ///
    /// Reads what `openssl pkcs8 -topk8 -v2 aes-256-cbc | aes-128-cbc | sm4-cbc` writes
    /// (PBKDF2-HMAC-SHA256) and GmSSL 3's PBKDF2-HMAC-SM3 + SM4-CBC form. Malformed structure:
    /// [`Error::InvalidEncoding`]; an unsupported scheme or parameters out of bounds (more than
    /// [`super::MAX_ITERATIONS`] iterations, …): [`Error::InvalidParameter`]; a wrong password, a
    /// changed ciphertext or anything wrong with the decrypted key: [`Error::Opaque`], the same in
    /// every case. The decrypted plaintext is wiped before returning.
    pub fn from_pkcs8_encrypted_der(der: &[u8], password: &[u8]) -> Result<Self> {
        let mut buf = Zeroizing::new([0u8; MAX_CIPHERTEXT_LEN]);
        let (padding_ok, len, plaintext) = pbes2::decrypt(der, password, &mut buf)?;
        SecretKey::from_decrypted_pkcs8(plaintext, len, padding_ok)
    }

    /// The key in a decrypted `PrivateKeyInfo`, read without branching on the plaintext: the
    /// buffer is compared in constant time with every layout [`Self::from_pkcs8_der`] accepts
    /// (curve parameters present or not; public key absent, uncompressed or compressed), d is
    /// taken from the matching layout's offset, range-checked, and [d]G compared with the
    /// embedded public key. Only the one verdict leaves (a CBC decryption under a wrong password
    /// is pseudorandom: where a branching parser stopped would be a format oracle on it).
    fn from_decrypted_pkcs8(buf: &[u8], len: usize, padding_ok: Choice) -> Result<Self> {
        let mut d = Zeroizing::new([0u8; 32]);
        let mut public = Zeroizing::new([0u8; UNCOMPRESSED_LEN]);
        let (mut found, mut unc, mut comp) = (Choice::from(0), Choice::from(0), Choice::from(0));
        for with_curve in [false, true] {
            for field in [
                PubField::Absent,
                PubField::Uncompressed,
                PubField::Compressed,
            ] {
                let l = Layout::new(with_curve, field);
                if l.len > buf.len() {
                    continue; // public: the ciphertext's length
                }
                let pub_len = field.point_len();
                let mut diff = 0u8;
                for (i, (&b, &t)) in buf[..l.len].iter().zip(&l.bytes[..l.len]).enumerate() {
                    let in_d = (l.d_at..l.d_at + 32).contains(&i);
                    let in_point = (l.point_at + 1..l.point_at + pub_len).contains(&i);
                    if in_d || in_point {
                        continue; // positions are public: the layout's
                    }
                    // The compressed prefix may be 02 or 03 (SEC 1 §2.3.3).
                    let free = u8::from(field == PubField::Compressed && i == l.point_at);
                    diff |= (b ^ t) & !free;
                }
                let m = (len as u64).ct_eq(&(l.len as u64)) & diff.ct_eq(&0);
                found |= m;
                for (o, &b) in d.iter_mut().zip(&buf[l.d_at..l.d_at + 32]) {
                    o.conditional_assign(&b, m);
                }
                for (o, &b) in public
                    .iter_mut()
                    .zip(&buf[l.point_at..l.point_at + pub_len])
                {
                    o.conditional_assign(&b, m);
                }
                unc |= m & Choice::from(u8::from(field == PubField::Uncompressed));
                comp |= m & Choice::from(u8::from(field == PubField::Compressed));
            }
        }
        // GB/T 32918.1 §6.1: d ∈ [1, n − 2].
        let (mut s, range_ok) = Scalar::from_bytes_checked(&d);
        let mut s1 = s.add(&Scalar::ONE);
        let valid = range_ok & !s.is_zero() & !s1.is_zero();
        s1.zeroize();
        s.conditional_assign(&Scalar::ONE, !valid);
        // The embedded public key, if any, must be [d]G.
        let (mut x, mut y) = (Zeroizing::new([0u8; 32]), Zeroizing::new([0u8; 32]));
        with_field!(FieldBackend::auto(), f => {
            table::mul_base(&s, f).take_xy(&mut x, &mut y, f);
        });
        let x_ok = x[..].ct_eq(&public[1..33]);
        let y_ok = y[..].ct_eq(&public[33..65]);
        let parity_ok = (y[31] & 1).ct_eq(&(public[0] & 1));
        let pub_ok = (!unc & !comp) | (unc & x_ok & y_ok) | (comp & x_ok & parity_ok);
        let ok = padding_ok & found & valid & pub_ok;
        // declassify: the verdict is returned (one opaque error for every failure).
        let key = crate::ct::declassify(bool::from(ok)).then(|| Self::from_scalar(&s));
        s.zeroize();
        scrub::stack();
        key.ok_or(Error::Opaque)
    }

    /// Decrypt PEM holding one `ENCRYPTED PRIVATE KEY` block ([`Self::from_pkcs8_encrypted_der`];
    /// other blocks as in [`Self::from_pem`]; an unencrypted private-key block next to it, or in
    /// its place, is an [`Error::InvalidEncoding`]).
    pub fn from_pkcs8_encrypted_pem(pem: &str, password: &[u8]) -> Result<Self> {
        let mut buf = Zeroizing::new([0u8; PEM_BUF_LEN]);
        match der::pem_pick(pem, is_private_key_label, &mut buf[..])? {
            ("ENCRYPTED PRIVATE KEY", der) => SecretKey::from_pkcs8_encrypted_der(der, password),
            _ => Err(Error::InvalidEncoding),
        }
    }

    /// DER `EncryptedPrivateKeyInfo` holding [`Self::to_pkcs8_der`], encrypted under `password`
    /// with PBES2: PBKDF2 with `params`' iteration count ([`Pbes2Params::DEFAULT_ITERATIONS`]
    /// when given a bare [`Pbes2Scheme`]) and a 16-byte salt, then CBC with a 16-byte IV, salt
    /// and IV drawn from `rng`. The default scheme, [`Pbes2Scheme::Aes256CbcHmacSha256`], is
    /// what `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes and OpenSSL reads.
    ///
    /// [`Error::InvalidParameter`] for an iteration count outside 1 ..= [`super::MAX_ITERATIONS`].
    ///
    /// [`Pbes2Params::DEFAULT_ITERATIONS`]: super::Pbes2Params::DEFAULT_ITERATIONS
    /// [`Pbes2Scheme`]: super::Pbes2Scheme
    /// [`Pbes2Scheme::Aes256CbcHmacSha256`]: super::Pbes2Scheme::Aes256CbcHmacSha256
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_encrypted_der<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        password: &[u8],
        params: impl Into<pbes2::Pbes2Params>,
    ) -> Result<alloc::vec::Vec<u8>> {
        pbes2::encrypt(rng, password, params.into(), &self.to_pkcs8_der()[..])
    }

    /// PEM `ENCRYPTED PRIVATE KEY` ([`Self::to_pkcs8_encrypted_der`]).
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_encrypted_pem<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        password: &[u8],
        params: impl Into<pbes2::Pbes2Params>,
    ) -> Result<alloc::string::String> {
        let der = self.to_pkcs8_encrypted_der(rng, password, params)?;
        Ok(der::pem_encode("ENCRYPTED PRIVATE KEY", &der))
    }

    /// PEM `PRIVATE KEY` (PKCS#8).
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_pem(&self) -> Zeroizing<alloc::string::String> {
        Zeroizing::new(der::pem_encode("PRIVATE KEY", &self.to_pkcs8_der()[..]))
    }

    /// PEM `EC PRIVATE KEY` (SEC1).
    #[cfg(feature = "alloc")]
    pub fn to_sec1_pem(&self) -> Zeroizing<alloc::string::String> {
        Zeroizing::new(der::pem_encode("EC PRIVATE KEY", &self.to_sec1_der()[..]))
    }
}

/// PEM labels that hold a private key, encrypted or not.
fn is_private_key_label(label: &str) -> bool {
    matches!(
        label,
        "PRIVATE KEY" | "EC PRIVATE KEY" | "SM2 PRIVATE KEY" | "ENCRYPTED PRIVATE KEY"
    )
}

/// Room for the decoded body of any key block gmkit reads (an encrypted SM2 key is under 300
/// bytes).
const PEM_BUF_LEN: usize = 512;

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.d.zeroize();
        self.d1inv.zeroize();
    }
}

impl ZeroizeOnDrop for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

// ---- RustCrypto key-format traits ----

/// id-ecPublicKey (RFC 5480 §2.1.1), as the `der` crate spells it.
const ID_EC_PUBLIC_KEY: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// sm2p256v1 (GM/T 0006).
const ID_SM2: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");

/// The `AlgorithmIdentifier` OpenSSL 3 writes for SM2 keys: id-ecPublicKey with the namedCurve
/// parameter sm2p256v1.
const SM2_ALGORITHM_IDENTIFIER: spki::AlgorithmIdentifier<pkcs8::ObjectIdentifier> =
    spki::AlgorithmIdentifier {
        oid: ID_EC_PUBLIC_KEY,
        parameters: Some(ID_SM2),
    };

/// The `der` error for a structure gmkit's parser refused.
fn malformed() -> pkcs8::der::Error {
    pkcs8::der::Tag::Sequence.value_error().into()
}

/// gmkit's parse error as a `pkcs8` one.
fn pkcs8_error(e: Error) -> pkcs8::Error {
    match e {
        Error::InvalidPrivateKey => pkcs8::Error::KeyMalformed(pkcs8::KeyError::Invalid),
        Error::InvalidPublicKey => pkcs8::Error::PublicKey(spki::Error::KeyMalformed),
        _ => pkcs8::Error::Asn1(malformed()),
    }
}

fn spki_error(e: Error) -> spki::Error {
    match e {
        Error::InvalidPublicKey => spki::Error::KeyMalformed,
        _ => spki::Error::Asn1(malformed()),
    }
}

fn sec1_error(e: Error) -> sec1::Error {
    match e {
        Error::InvalidPrivateKey => sec1::Error::Crypto,
        Error::InvalidPublicKey => sec1::Error::PointEncoding,
        _ => sec1::Error::Asn1(malformed()),
    }
}

macro_rules! sm2_algorithm_identifier {
    ($($t:ty),*) => {$(
        impl spki::AssociatedAlgorithmIdentifier for $t {
            type Params = pkcs8::ObjectIdentifier;
            const ALGORITHM_IDENTIFIER: spki::AlgorithmIdentifier<pkcs8::ObjectIdentifier> =
                SM2_ALGORITHM_IDENTIFIER;
        }
    )*};
}

sm2_algorithm_identifier!(SecretKey, PublicKey, super::SigningKey, super::VerifyingKey);

/// [`SecretKey::from_pkcs8_der`]'s strict parser.
impl pkcs8::DecodePrivateKey for SecretKey {
    fn from_pkcs8_der(bytes: &[u8]) -> pkcs8::Result<Self> {
        SecretKey::from_pkcs8_der(bytes).map_err(pkcs8_error)
    }
}

/// [`SecretKey::to_pkcs8_der`]'s encoding.
#[cfg(feature = "alloc")]
impl pkcs8::EncodePrivateKey for SecretKey {
    fn to_pkcs8_der(&self) -> pkcs8::Result<pkcs8::SecretDocument> {
        Ok(pkcs8::SecretDocument::try_from(
            &SecretKey::to_pkcs8_der(self)[..],
        )?)
    }
}

/// [`SecretKey::from_sec1_der`]'s strict parser.
impl sec1::DecodeEcPrivateKey for SecretKey {
    fn from_sec1_der(bytes: &[u8]) -> sec1::Result<Self> {
        SecretKey::from_sec1_der(bytes).map_err(sec1_error)
    }
}

/// [`SecretKey::to_sec1_der`]'s encoding (curve and public key included).
#[cfg(feature = "alloc")]
impl sec1::EncodeEcPrivateKey for SecretKey {
    fn to_sec1_der(&self) -> sec1::Result<pkcs8::SecretDocument> {
        Ok(pkcs8::SecretDocument::try_from(
            &SecretKey::to_sec1_der(self)[..],
        )?)
    }
}

/// [`PublicKey::from_public_key_der`]'s strict parser.
impl spki::DecodePublicKey for PublicKey {
    fn from_public_key_der(bytes: &[u8]) -> spki::Result<Self> {
        PublicKey::from_public_key_der(bytes).map_err(spki_error)
    }
}

/// [`PublicKey::to_public_key_der`]'s encoding (uncompressed point).
#[cfg(feature = "alloc")]
impl spki::EncodePublicKey for PublicKey {
    fn to_public_key_der(&self) -> spki::Result<spki::Document> {
        Ok(spki::Document::try_from(
            &PublicKey::to_public_key_der(self)[..],
        )?)
    }
}

/// A signing key with the default ID ([`super::DEFAULT_ID`]), from a PKCS#8 key.
impl pkcs8::DecodePrivateKey for super::SigningKey {
    fn from_pkcs8_der(bytes: &[u8]) -> pkcs8::Result<Self> {
        <SecretKey as pkcs8::DecodePrivateKey>::from_pkcs8_der(bytes).map(super::SigningKey::new)
    }
}

/// The secret key as PKCS#8 (the ID is not part of it).
#[cfg(feature = "alloc")]
impl pkcs8::EncodePrivateKey for super::SigningKey {
    fn to_pkcs8_der(&self) -> pkcs8::Result<pkcs8::SecretDocument> {
        pkcs8::EncodePrivateKey::to_pkcs8_der(self.secret_key())
    }
}

/// A verifying key with the default ID ([`super::DEFAULT_ID`]), from a `SubjectPublicKeyInfo`.
impl spki::DecodePublicKey for super::VerifyingKey {
    fn from_public_key_der(bytes: &[u8]) -> spki::Result<Self> {
        <PublicKey as spki::DecodePublicKey>::from_public_key_der(bytes)
            .map(super::VerifyingKey::new)
    }
}

/// The public key as a `SubjectPublicKeyInfo` (the ID is not part of it).
#[cfg(feature = "alloc")]
impl spki::EncodePublicKey for super::VerifyingKey {
    fn to_public_key_der(&self) -> spki::Result<spki::Document> {
        spki::EncodePublicKey::to_public_key_der(self.public_key())
    }
}

/// The affine coordinates of \[k\]P for a validated public point, in constant time on
/// `backend`, into `x` and `y` (see [`Projective::take_xy`]); false for the identity.
pub(crate) fn mul_public_xy(
    p: &PublicKey,
    k: &Scalar,
    backend: FieldBackend,
    x: &mut [u8; 32],
    y: &mut [u8; 32],
) -> Choice {
    with_field!(backend, f => {
        table::mul(&Projective::from_affine(p.point()), k, f).take_xy(x, y, f)
    })
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;

    /// One key as OpenSSL 3.0.19 wrote it: `openssl genpkey -algorithm EC -pkeyopt
    /// ec_paramgen_curve:SM2` (PKCS#8), then `openssl ec` (SEC1 labelled `SM2 PRIVATE KEY`).
    const OPENSSL_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgnYFS+Vd9tT7sEmS/
ZYaHSCKfSFDoFCKWm/IeZxB7uuGhRANCAAQ7hMk3TsW/2LDSYYZyiB6ywF622PDz
1N94x1g0/ubJWhi1qecV+Y1u6wrE11Ry18+TOdy41r4obPt4VpTWvxr5
-----END PRIVATE KEY-----
";
    const OPENSSL_SM2_SEC1: &str = "-----BEGIN SM2 PRIVATE KEY-----
MHcCAQEEIJ2BUvlXfbU+7BJkv2WGh0gin0hQ6BQilpvyHmcQe7rhoAoGCCqBHM9V
AYItoUQDQgAEO4TJN07Fv9iw0mGGcogessBettjw89TfeMdYNP7myVoYtannFfmN
busKxNdUctfPkzncuNa+KGz7eFaU1r8a+Q==
-----END SM2 PRIVATE KEY-----
";

    #[test]
    fn reads_openssl_sm2_private_key_label() {
        let a = SecretKey::from_pem(OPENSSL_PKCS8).unwrap();
        let b = SecretKey::from_pem(OPENSSL_SM2_SEC1).unwrap();
        assert_eq!(a.to_bytes()[..], b.to_bytes()[..]);
        // The SEC1 body is the same document OpenSSL wrote; re-encoding gives it back.
        assert_eq!(
            b.to_sec1_pem().replace("EC PRIVATE KEY", "SM2 PRIVATE KEY"),
            OPENSSL_SM2_SEC1
        );
        assert_eq!(a.to_pkcs8_pem().as_str(), OPENSSL_PKCS8);
    }
}
