//! SM2 public-key encryption (GB/T 32918.4-2016), on sm2p256v1.
//!
//! Ciphertext formats ([`Format`]): the GM/T 0009-2012 §7.2 (GB/T 35276-2017 §7.2) DER
//! `SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }` that OpenSSL 3 and
//! GmSSL read and write (the default, [`Format::DEFAULT`], also the `gmkit` CLI's); the raw
//! C1 ‖ C3 ‖ C2 of GB/T 32918.4-2016 §6.1 A8; and the legacy C1 ‖ C2 ‖ C3 (the order of the
//! 2010 draft of SM2, still written by older implementations). C1 is the uncompressed point.
//! The hash (C3 and KDF) is SM3 by default and any [`Hash`] otherwise (OpenSSL's
//! SM2-with-SHA-256 vectors).
//!
//! Encryption hedges k (§6.1 A1) as signing does: an HMAC-SM3 DRBG over RNG output, the
//! recipient's key and the message ([`EncryptingKey::encrypt_into`]). Decryption releases no
//! plaintext before verification (§7.1 B4–B7): t and M′ = C2 ⊕ t are computed a chunk at a time
//! in wiped scratch, u = Hash(x2 ‖ M′ ‖ y2) is compared with C3 in constant time, and only then
//! is M′ written to the caller's buffer, which a failure leaves untouched. The shared point, k
//! and their copies are wiped.

use super::arith::with_field;
use super::der::{self, Reader, Writer};
use super::keys::{self, PublicKey, SecretKey, UNCOMPRESSED_LEN};
use super::nonce::NonceGen;
use super::scalar::Scalar;
use super::scrub;
use super::table;
use crate::error::{Error, Result};
use crate::sm3::{KdfStream, Sm3, kdf_with};
use crate::traits::Hash;
use core::fmt;
use core::marker::PhantomData;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// How C1, C2 and C3 are laid out.
///
/// The default, [`Format::DEFAULT`] = [`Format::Der`], is the one default of the library and
/// the `gmkit` CLI: the GM/T 0009-2012 / GB/T 35276-2017 encoding for storing and exchanging SM2
/// ciphertexts (C1, C3, C2 in the order of GB/T 32918.4-2016), which OpenSSL 3 and GmSSL read
/// and write, and which — unlike the raw layouts — says where each part ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// C1 ‖ C3 ‖ C2 (GB/T 32918.4-2016 §6.1 A8).
    C1C3C2,
    /// C1 ‖ C2 ‖ C3 (the 2010 draft order, still met in legacy systems).
    C1C2C3,
    /// GM/T 0009-2012 §7.2 DER, as OpenSSL writes it.
    Der,
}

impl Format {
    /// The format [`EncryptingKey::new`], [`DecryptingKey::new`] and the `gmkit` CLI use when
    /// none is named: [`Format::Der`].
    pub const DEFAULT: Format = Format::Der;
}

impl Default for Format {
    /// [`Format::DEFAULT`].
    fn default() -> Self {
        Format::DEFAULT
    }
}

/// Parts of a parsed ciphertext.
struct Parts<'a> {
    c1: PublicKey,
    c3: &'a [u8],
    c2: &'a [u8],
}

fn parse<'a>(format: Format, hash_len: usize, ct: &'a [u8]) -> Result<Parts<'a>> {
    // B1: C1 must be a curve point; PublicKey validation refuses infinity and points off the
    // curve (the cofactor is 1, so B2's [h]C1 ≠ O follows).
    match format {
        Format::C1C3C2 | Format::C1C2C3 => {
            if ct.len() <= UNCOMPRESSED_LEN + hash_len || ct[0] != 4 {
                return Err(Error::Opaque);
            }
            let (c1, rest) = ct.split_at(UNCOMPRESSED_LEN);
            let c1 = PublicKey::from_sec1_bytes(c1).map_err(|_| Error::Opaque)?;
            let (c3, c2) = if format == Format::C1C3C2 {
                rest.split_at(hash_len)
            } else {
                let (c2, c3) = rest.split_at(rest.len() - hash_len);
                (c3, c2)
            };
            Ok(Parts { c1, c3, c2 })
        }
        Format::Der => {
            let p = || -> Result<Parts<'a>> {
                let mut outer = Reader::new(ct);
                let mut seq = Reader::new(outer.read(der::TAG_SEQUENCE)?);
                outer.finish()?;
                let x = seq.read_uint_fixed::<32>()?;
                let y = seq.read_uint_fixed::<32>()?;
                let c3 = seq.read(der::TAG_OCTET_STRING)?;
                let c2 = seq.read(der::TAG_OCTET_STRING)?;
                seq.finish()?;
                if c3.len() != hash_len || c2.is_empty() {
                    return Err(Error::Opaque);
                }
                let c1 = PublicKey::from_affine_coordinates(&x, &y)?;
                Ok(Parts { c1, c3, c2 })
            };
            p().map_err(|_| Error::Opaque)
        }
    }
}

/// Ciphertext length for a message of `msg_len` bytes; for [`Format::Der`] the maximum (the
/// INTEGERs may be a byte shorter or longer).
pub fn ciphertext_len<H: Hash>(format: Format, msg_len: usize) -> usize {
    match format {
        Format::C1C3C2 | Format::C1C2C3 => UNCOMPRESSED_LEN + H::OUTPUT_LEN + msg_len,
        Format::Der => {
            let body = 2 * (2 + 33) + 2 + H::OUTPUT_LEN + der::header_len(msg_len) + msg_len;
            der::header_len(body) + body
        }
    }
}

/// The SM2 encryption of `msg` to `public` with nonce `k` (A2–A8); `None` if t is all zero
/// (A5: choose another k). Writes the ciphertext into `out`, returns its length.
fn encrypt_with<H: Hash>(
    public: &PublicKey,
    k: &Scalar,
    msg: &[u8],
    format: Format,
    out: &mut [u8],
) -> Result<Option<usize>> {
    let hl = H::OUTPUT_LEN;
    if msg.is_empty() {
        return Err(Error::InvalidLength);
    }
    let max_len = ciphertext_len::<H>(format, msg.len());
    if out.len() < max_len || (format == Format::Der && max_len > der::MAX_LEN) {
        return Err(Error::InvalidLength);
    }
    // A2: C1 = [k]G (its projective form is secret-derived: wiped).
    let backend = public.backend();
    let (c1, finite) = with_field!(backend, f => {
        let mut kg = table::mul_base(k, f);
        // declassify: C1 = [k]G is part of the ciphertext, ≠ O for k ∈ [1, n − 1].
        let c1 = crate::ct::declassify(kg.normalize(f));
        kg.zeroize();
        c1
    });
    if !bool::from(finite) {
        return Err(Error::InvalidParameter);
    }
    let c1 = PublicKey::from_point(c1);
    // A3: S = [h]P_B with h = 1 is P_B itself, valid by construction.
    // A4: (x2, y2) = [k]P_B, the point and its copies wiped.
    let mut xy = Zeroizing::new([[0u8; 32]; 2]);
    let [x2, y2] = &mut *xy;
    // declassify (the flag only): [k]P_B ≠ O for a valid P_B (prime order n) and k ≠ 0.
    if !crate::ct::declassify(bool::from(keys::mul_public_xy(public, k, backend, x2, y2))) {
        return Err(Error::InvalidParameter);
    }
    // Lay C2 out at its final place (DER: provisionally at the end of the longest layout).
    let c2_at = match format {
        Format::C1C3C2 => UNCOMPRESSED_LEN + hl,
        Format::C1C2C3 => UNCOMPRESSED_LEN,
        Format::Der => ciphertext_len::<H>(format, msg.len()) - msg.len(),
    };
    let c2 = &mut out[c2_at..c2_at + msg.len()];
    // A5: t = KDF(x2 ‖ y2, klen); all zero → another k.
    kdf_with::<H>(xy.as_flattened(), c2)?;
    let zero = c2.iter().fold(0u8, |a, &b| a | b).ct_eq(&0);
    // declassify: a retry decision of probability 2^(−8·klen).
    if crate::ct::declassify(bool::from(zero)) {
        c2.zeroize();
        return Ok(None);
    }
    // A6: C2 = M ⊕ t.
    for (c, m) in c2.iter_mut().zip(msg) {
        *c ^= m;
    }
    // A7: C3 = Hash(x2 ‖ M ‖ y2).
    let mut h = H::new();
    h.update(&xy[0]);
    h.update(msg);
    h.update(&xy[1]);
    let c3 = h.finalize();
    // A8: the ciphertext.
    let c1 = c1.to_sec1_uncompressed();
    let len = match format {
        Format::C1C3C2 => {
            out[..UNCOMPRESSED_LEN].copy_from_slice(&c1);
            out[UNCOMPRESSED_LEN..UNCOMPRESSED_LEN + hl].copy_from_slice(c3.as_ref());
            UNCOMPRESSED_LEN + hl + msg.len()
        }
        Format::C1C2C3 => {
            out[..UNCOMPRESSED_LEN].copy_from_slice(&c1);
            let end = UNCOMPRESSED_LEN + msg.len();
            out[end..end + hl].copy_from_slice(c3.as_ref());
            end + hl
        }
        Format::Der => {
            let (x, y) = (&c1[1..33], &c1[33..]);
            let body = der::uint_tlv_len(x)
                + der::uint_tlv_len(y)
                + der::header_len(hl)
                + hl
                + der::header_len(msg.len())
                + msg.len();
            let total = der::header_len(body) + body;
            let start = total - msg.len();
            out.copy_within(c2_at..c2_at + msg.len(), start);
            let mut w = Writer::new(&mut out[..start]);
            w.header(der::TAG_SEQUENCE, body)?;
            w.uint(x)?;
            w.uint(y)?;
            w.tlv(der::TAG_OCTET_STRING, c3.as_ref())?;
            w.header(der::TAG_OCTET_STRING, msg.len())?;
            out[total..c2_at + msg.len()]
                .iter_mut()
                .for_each(|b| *b = 0);
            total
        }
    };
    Ok(Some(len))
}

/// Plaintext bytes per step of decryption's KDF and hash passes (rounded down to whole hash
/// blocks).
const CHUNK: usize = 256;
/// [`DecryptingKey::decrypt_into`] keeps M′ in a stack scratch of this size from the C3 check to
/// its release when C2 fits; a longer C2 has t derived a second time for the release (one more
/// hash compression per `H::OUTPUT_LEN` bytes). [`DecryptingKey::decrypt`] computes M′ in the
/// vector it returns, one pass at any length.
const KEEP: usize = 1024;

/// B1–B3: (x2, y2) = [d_B]C1 into `xy`, the point and its copies wiped. C1 passed
/// [`PublicKey`] validation (B1); B2, [h]C1 ≠ O, holds for every curve point (h = 1).
fn shared_xy(secret: &SecretKey, c1: &PublicKey, xy: &mut [[u8; 32]; 2]) -> Result<()> {
    let [x2, y2] = xy;
    // declassify (the flag only): [d_B]C1 ≠ O for a valid C1 and d_B ≠ 0; the failure is returned.
    if crate::ct::declassify(bool::from(keys::mul_public_xy(
        c1,
        secret.scalar(),
        secret.backend(),
        x2,
        y2,
    ))) {
        Ok(())
    } else {
        Err(Error::Opaque)
    }
}

/// B3–B7 into the caller's `out` (exactly `c2.len()` bytes), which is written only once u = C3
/// has been checked: on any failure it is untouched.
fn decrypt_parts<H: Hash>(secret: &SecretKey, parts: &Parts<'_>, out: &mut [u8]) -> Result<()> {
    let mut xy = Zeroizing::new([[0u8; 32]; 2]);
    shared_xy(secret, &parts.c1, &mut xy)?;
    let n = parts.c2.len();
    let keep = n <= KEEP;
    let mut scratch = [0u8; KEEP];
    let ok = check_c3::<H>(&xy, parts, keep, &mut scratch);
    // B7: M′ is released only now.
    let released = match ok {
        Ok(()) if keep => {
            out.copy_from_slice(&scratch[..n]);
            Ok(())
        }
        Ok(()) => KdfStream::new(H::new(), xy.as_flattened(), n).map(|mut t| {
            t.fill(out);
            for (m, c) in out.iter_mut().zip(parts.c2) {
                *m ^= c;
            }
        }),
        Err(e) => Err(e),
    };
    scratch[..if keep { n } else { CHUNK }].zeroize();
    released.map_err(|_| Error::Opaque)
}

/// B4–B6 without touching the caller's buffer: t = KDF(x2 ‖ y2, klen) a chunk at a time into
/// `scratch`, M′ = C2 ⊕ t there, u = Hash(x2 ‖ M′ ‖ y2) over the chunks, then u = C3 in
/// constant time. With `keep`, M′ is left whole in `scratch` (at least `c2.len()` bytes); the
/// caller wipes or releases it. Without, `scratch` holds one chunk at a time.
fn check_c3<H: Hash>(
    xy: &[[u8; 32]; 2],
    parts: &Parts<'_>,
    keep: bool,
    scratch: &mut [u8],
) -> Result<()> {
    let step = CHUNK / H::OUTPUT_LEN * H::OUTPUT_LEN;
    let mut t = KdfStream::new(H::new(), xy.as_flattened(), parts.c2.len())?;
    let mut h = H::new();
    h.update(&xy[0]);
    let mut bits = 0u8;
    for (i, c2) in parts.c2.chunks(step).enumerate() {
        let at = if keep { i * step } else { 0 };
        let m = &mut scratch[at..at + c2.len()];
        t.fill(m);
        // B4: an all-zero t is refused; its bits are gathered over every chunk, no early exit.
        bits |= m.iter().fold(0, |a, &b| a | b);
        // B5: M′ = C2 ⊕ t.
        for (m, c) in m.iter_mut().zip(c2) {
            *m ^= c;
        }
        h.update(m);
    }
    h.update(&xy[1]);
    let mut u = h.finalize();
    // B6: u = C3, compared in constant time; B4's verdict joins it: one opaque error for both.
    let ok = u.as_ref().ct_eq(parts.c3) & !bits.ct_eq(&0);
    u.as_mut().zeroize();
    // declassify: the verdict is returned.
    if crate::ct::declassify(bool::from(ok)) {
        Ok(())
    } else {
        Err(Error::Opaque)
    }
}

/// Encrypts to an SM2 public key; `H` is the hash for the KDF and C3 (SM3 by default).
///
/// ```
/// use gmkit::sm2::{DecryptingKey, EncryptingKey, Format, SecretKey};
///
/// let secret = SecretKey::random(&mut rand::rng());
/// // The default format, GM/T 0009 DER: a fresh k, so a fresh ciphertext, every time.
/// let ek: EncryptingKey = EncryptingKey::new(*secret.public_key());
/// let ct = ek.encrypt(&mut rand::rng(), b"encryption standard")?;
/// assert_ne!(ct, ek.encrypt(&mut rand::rng(), b"encryption standard")?);
/// assert_eq!(ct[0], 0x30); // SEQUENCE
/// let dk: DecryptingKey = DecryptingKey::new(secret.clone());
/// assert_eq!(dk.decrypt(&ct)?, b"encryption standard");
///
/// // The raw GB/T 32918.4 layout C1 ‖ C3 ‖ C2: 65 + 32 bytes more than the message.
/// let raw: EncryptingKey = EncryptingKey::with_format(*secret.public_key(), Format::C1C3C2);
/// let ct = raw.encrypt(&mut rand::rng(), b"abc")?;
/// assert_eq!(ct.len(), 65 + 32 + 3);
/// assert!(dk.decrypt(&ct).is_err()); // a DER key does not read it
/// let raw_dk: DecryptingKey = DecryptingKey::with_format(secret, Format::C1C3C2);
/// assert_eq!(raw_dk.decrypt(&ct)?, b"abc");
/// # Ok::<(), gmkit::Error>(())
/// ```
pub struct EncryptingKey<H: Hash = Sm3> {
    public: PublicKey,
    format: Format,
    _hash: PhantomData<fn() -> H>,
}

impl<H: Hash> Clone for EncryptingKey<H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H: Hash> Copy for EncryptingKey<H> {}

impl<H: Hash> fmt::Debug for EncryptingKey<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptingKey")
            .field("public", &self.public)
            .field("format", &self.format)
            .field("hash", &H::NAME)
            .finish()
    }
}

impl<H: Hash> EncryptingKey<H> {
    /// Encrypt to `public` in the default format [`Format::DEFAULT`] (DER).
    pub fn new(public: PublicKey) -> Self {
        Self::with_format(public, Format::DEFAULT)
    }

    /// Encrypt to `public` in `format`.
    pub fn with_format(public: PublicKey, format: Format) -> Self {
        EncryptingKey {
            public,
            format,
            _hash: PhantomData,
        }
    }

    /// The recipient's public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The ciphertext format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Output length for a `msg_len`-byte message (an upper bound for [`Format::Der`]).
    pub fn ciphertext_len(&self, msg_len: usize) -> usize {
        ciphertext_len::<H>(self.format, msg_len)
    }

    /// Encrypt `msg` (GB/T 32918.4 §6.1) into `out`, returning the ciphertext length. k comes
    /// from an HMAC-SM3 DRBG seeded with 32 bytes of `rng` output, the recipient's public key
    /// and SM3(`msg`) — hedged as signing is: a failing or repeating RNG cannot give two
    /// messages the same k (a stuck RNG makes encryption deterministic per recipient and
    /// message). An all-zero KDF output retries with the DRBG's next k (A5). An empty message
    /// or a short `out` gives [`Error::InvalidLength`].
    pub fn encrypt_into<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let mut entropy = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(&mut entropy[..]);
        let mut nonces = NonceGen::new(&[
            &entropy[..],
            &self.public.to_sec1_uncompressed(),
            &Sm3::digest(msg),
        ]);
        loop {
            // A1: k ∈ [1, n − 1].
            let mut k = nonces.next();
            let r = encrypt_with::<H>(&self.public, &k, msg, self.format, out);
            k.zeroize();
            scrub::stack();
            if let Some(len) = r? {
                return Ok(len);
            }
        }
    }

    /// Encrypt `msg`, returning the ciphertext.
    #[cfg(feature = "alloc")]
    pub fn encrypt<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.ciphertext_len(msg.len())];
        let n = self.encrypt_into(rng, msg, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Encrypt with the caller's k — known-answer tests only. [`Error::InvalidParameter`] for
    /// k ∉ [1, n − 1] or an all-zero KDF output (where A5 would pick another k).
    #[cfg(feature = "hazmat")]
    pub fn encrypt_with_k_into(&self, k: &[u8; 32], msg: &[u8], out: &mut [u8]) -> Result<usize> {
        let mut k = Scalar::from_bytes_nonzero(k).ok_or(Error::InvalidParameter)?;
        let r = encrypt_with::<H>(&self.public, &k, msg, self.format, out);
        k.zeroize();
        scrub::stack();
        r?.ok_or(Error::InvalidParameter)
    }
}

/// Decrypts with an SM2 secret key; `H` is the hash for the KDF and C3 (SM3 by default).
///
/// ```
/// use gmkit::sm2::{DecryptingKey, SecretKey};
/// # fn hex(s: &str) -> Vec<u8> {
/// #     (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
/// # }
///
/// // GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex C on sm2p256v1: d_B and the ciphertext of
/// // "encryption standard", in the default DER form.
/// let d = hex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
/// let dk: DecryptingKey = DecryptingKey::new(SecretKey::from_slice(&d)?);
/// let ct = hex(concat!(
///     "307c022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73022100e858f9",
///     "d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0042059983c18f809e262923c53",
///     "aec295d30383b54e39d609d160afcb1908d0bd8766041321886ca989ca9c7d58087307ca93092d651efa",
/// ));
/// assert_eq!(dk.decrypt(&ct)?, b"encryption standard");
/// // Any change is refused with one opaque error, and no plaintext.
/// let mut bad = ct.clone();
/// bad[100] ^= 1;
/// assert_eq!(dk.decrypt(&bad), Err(gmkit::Error::Opaque));
/// # Ok::<(), gmkit::Error>(())
/// ```
pub struct DecryptingKey<H: Hash = Sm3> {
    secret: SecretKey,
    format: Format,
    _hash: PhantomData<fn() -> H>,
}

impl<H: Hash> Clone for DecryptingKey<H> {
    fn clone(&self) -> Self {
        DecryptingKey {
            secret: self.secret.clone(),
            format: self.format,
            _hash: PhantomData,
        }
    }
}

impl<H: Hash> fmt::Debug for DecryptingKey<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptingKey")
            .field("public", self.secret.public_key())
            .field("format", &self.format)
            .field("hash", &H::NAME)
            .finish_non_exhaustive()
    }
}

impl<H: Hash> DecryptingKey<H> {
    /// Decrypt the default format [`Format::DEFAULT`] (DER).
    pub fn new(secret: SecretKey) -> Self {
        Self::with_format(secret, Format::DEFAULT)
    }

    /// Decrypt `format`.
    pub fn with_format(secret: SecretKey, format: Format) -> Self {
        DecryptingKey {
            secret,
            format,
            _hash: PhantomData,
        }
    }

    /// The matching encrypting key (same format and hash).
    pub fn encrypting_key(&self) -> EncryptingKey<H> {
        EncryptingKey::with_format(*self.secret.public_key(), self.format)
    }

    /// Plaintext length of a well-formed ciphertext (`None` if it cannot be one).
    pub fn plaintext_len(&self, ct: &[u8]) -> Option<usize> {
        parse(self.format, H::OUTPUT_LEN, ct)
            .ok()
            .map(|p| p.c2.len())
    }

    /// Decrypt `ct` (GB/T 32918.4 §7.1) into `out`, returning the plaintext length. C3 is
    /// checked before any plaintext is written. Any failure — malformed, truncated or trailing
    /// bytes, C1 not on the curve, wrong C3 — is [`Error::Opaque`] and leaves `out` untouched;
    /// a short `out` is [`Error::InvalidLength`].
    pub fn decrypt_into(&self, ct: &[u8], out: &mut [u8]) -> Result<usize> {
        let parts = parse(self.format, H::OUTPUT_LEN, ct)?;
        let n = parts.c2.len();
        if out.len() < n {
            return Err(Error::InvalidLength);
        }
        let r = decrypt_parts::<H>(&self.secret, &parts, &mut out[..n]);
        scrub::stack();
        r.map(|()| n)
    }

    /// Decrypt `ct`, returning the plaintext once C3 has been checked; errors as
    /// [`Self::decrypt_into`].
    #[cfg(feature = "alloc")]
    pub fn decrypt(&self, ct: &[u8]) -> Result<alloc::vec::Vec<u8>> {
        let parts = parse(self.format, H::OUTPUT_LEN, ct)?;
        // M′ is computed in a vector of our own, wiped on failure and handed over only once C3
        // checks out (B7): one KDF pass at any length.
        let mut m = Zeroizing::new(alloc::vec![0u8; parts.c2.len()]);
        let mut xy = Zeroizing::new([[0u8; 32]; 2]);
        let r = shared_xy(&self.secret, &parts.c1, &mut xy)
            .and_then(|()| check_c3::<H>(&xy, &parts, true, &mut m));
        scrub::stack();
        r.map_err(|_| Error::Opaque)?;
        Ok(core::mem::take(&mut *m))
    }
}

impl<H: Hash> crate::traits::PkEncrypt for EncryptingKey<H> {
    const NAME: &'static str = "SM2";
    fn max_ciphertext_len(&self, msg_len: usize) -> usize {
        self.ciphertext_len(msg_len)
    }
    fn encrypt_into(&self, rng: &mut dyn CryptoRng, msg: &[u8], out: &mut [u8]) -> Result<usize> {
        EncryptingKey::encrypt_into(self, rng, msg, out)
    }
}

impl<H: Hash> crate::traits::PkDecrypt for DecryptingKey<H> {
    const NAME: &'static str = "SM2";
    fn max_plaintext_len(&self, ct_len: usize) -> usize {
        let overhead = match self.format {
            Format::C1C3C2 | Format::C1C2C3 => UNCOMPRESSED_LEN + H::OUTPUT_LEN,
            // The shortest DER: SEQUENCE header, two one-byte INTEGERs, the C3 OCTET STRING
            // and the C2 OCTET STRING header, each with a one-byte length.
            Format::Der => 2 + 3 + 3 + (2 + H::OUTPUT_LEN) + 2,
        };
        ct_len.saturating_sub(overhead)
    }
    fn decrypt_into(&self, ct: &[u8], out: &mut [u8]) -> Result<usize> {
        DecryptingKey::decrypt_into(self, ct, out)
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::traits::PkDecrypt;

    fn h(s: &str) -> alloc::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn default_format_is_der() {
        assert_eq!(Format::default(), Format::Der);
        assert_eq!(Format::DEFAULT, Format::Der);
        // GB/T 32918.5-2017 Annex C: d_B and the ciphertext of "encryption standard" in
        // GM/T 0009 DER.
        let d = h("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
        let dk: DecryptingKey = DecryptingKey::new(SecretKey::from_slice(&d).unwrap());
        assert_eq!(dk.encrypting_key().format(), Format::Der);
        let ct = h(concat!(
            "307c022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73022100e858f9",
            "d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0042059983c18f809e262923c53",
            "aec295d30383b54e39d609d160afcb1908d0bd8766041321886ca989ca9c7d58087307ca93092d651efa",
        ));
        assert_eq!(dk.decrypt_to_vec(&ct).unwrap(), b"encryption standard");
    }

    #[test]
    fn der_plaintext_bound_allows_short_integers() {
        // C1 = (1, y) is on sm2p256v1 (y² = 1 + a + b mod p): its x INTEGER is 3 bytes, so the
        // DER overhead is below 65 + 32. The bound must still leave room for C2, so a wrong
        // ciphertext is refused as such (Opaque), not for a short buffer.
        let y = "6085f6eacc57e1c0de70bfa086dcaa40d556749f056a67d1fc78f7fff9ad865c";
        let ct = h(&alloc::format!(
            "305c020101 0220{y} 0420{} 0413{}",
            "11".repeat(32),
            "22".repeat(19)
        )
        .replace(' ', ""));
        assert_eq!(ct.len(), 94);
        let dk = DecryptingKey::<Sm3>::new(SecretKey::from_bytes(&[1; 32]).unwrap());
        assert_eq!(dk.plaintext_len(&ct), Some(19));
        assert!(PkDecrypt::max_plaintext_len(&dk, ct.len()) >= 19);
        assert_eq!(dk.decrypt_to_vec(&ct), Err(Error::Opaque));
    }
}
