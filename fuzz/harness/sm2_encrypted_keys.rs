//! Target `sm2_encrypted_keys`: password-encrypted PKCS#8 (RFC 5958 §3, PBES2 of RFC 8018 §6.2)
//! and the PEM block picker around it. Never panics, and:
//!
//! - an `EncryptedPrivateKeyInfo` gmkit accepts decrypts, under RustCrypto `pkcs8`/`pkcs5`
//!   (AES-CBC with PBKDF2-HMAC-SHA256, the schemes both read), to a PKCS#8 key with the same d;
//!   one that RustCrypto decrypts to a key gmkit reads is not refused as a wrong password;
//! - the same DER wrapped in PEM, with explanatory text, a `PUBLIC KEY` block and an
//!   `SM2 PARAMETERS` block around it, gets the same verdict from the PEM reader; a second
//!   encrypted block makes it refuse;
//! - an accepted key re-encrypts (both schemes gmkit writes) and reads back unchanged;
//! - generated keys read back under their password, not under another, and any change to the
//!   DER is refused or (a change that leaves the structure's meaning intact) gives the same key.
//!
//! Layout: the mode (1 byte; bit 0 set = generate), then
//! - generate: d (32 bytes), the password (length byte + bytes), the scheme and iteration count
//!   (1 byte: bit 7 the scheme, bits 0–2 iterations − 1), an RNG seed (32 bytes), an offset
//!   (2 bytes, big endian), a mask (the rest) XORed into the DER at the offset;
//! - otherwise the password (length byte + bytes), the PEM decoration (1 byte: bit 0 text before,
//!   bit 1 a `PUBLIC KEY` block, bit 2 an `SM2 PARAMETERS` block, bit 3 a second copy), then
//!   the DER (the rest).
//!
//! PBKDF2 costs its iteration count: inputs asking for more than [`MAX_FUZZ_ITERATIONS`] are
//! skipped, so a run is not spent in HMAC. The bound itself is checked in `tests/sm2_keys.rs`.

use super::input::Input;
use gmkit::Error;
use gmkit::sm2::{Pbes2Params, Pbes2Scheme, SecretKey};
use pkcs8::der::Decode as _;
use rand::SeedableRng;

/// Most PBKDF2 iterations a fuzzed input may ask for.
pub const MAX_FUZZ_ITERATIONS: u64 = 64;

/// id-PBKDF2 (RFC 8018 Appendix A.2), DER with tag and length.
const OID_PBKDF2: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c,
];

/// Run one `sm2_encrypted_keys` case; panics on any violation.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    if input.u8() & 1 == 1 {
        generate(&mut input);
        return;
    }
    let password = input.field();
    let decoration = input.u8();
    let der = input.rest();
    if too_costly(der) {
        return;
    }
    let got = check_der(der, password);
    check_pem(der, password, decoration, &got);
}

/// The largest iteration count any PBKDF2 parameter block in `der` asks for, read as
/// `SEQUENCE { salt OCTET STRING, iterationCount INTEGER, … }` after each id-PBKDF2 (RFC 8018
/// Appendix A.2); whether it exceeds [`MAX_FUZZ_ITERATIONS`].
fn too_costly(der: &[u8]) -> bool {
    let mut at = 0;
    while let Some(pos) = der[at..]
        .windows(OID_PBKDF2.len())
        .position(|w| w == OID_PBKDF2)
    {
        let start = at + pos + OID_PBKDF2.len();
        at = start;
        if pbkdf2_iterations(&der[start..]).is_some_and(|n| n > MAX_FUZZ_ITERATIONS) {
            return true;
        }
    }
    false
}

/// The iteration count of the PBKDF2-params at the start of `p`, if it has that shape.
fn pbkdf2_iterations(p: &[u8]) -> Option<u64> {
    let mut r = p;
    header(&mut r, 0x30)?;
    let salt = header(&mut r, 0x04)?;
    r = r.get(salt..)?;
    let n = header(&mut r, 0x02)?;
    let v = r.get(..n)?;
    // A count longer than 8 bytes is refused before any work; treat it as costly anyway.
    if v.len() > 8 {
        return Some(u64::MAX);
    }
    Some(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// Read a tag and a DER length (short or long form, up to 4 length bytes); return the length.
fn header(r: &mut &[u8], tag: u8) -> Option<usize> {
    let (&t, rest) = r.split_first()?;
    let (&l, mut rest) = rest.split_first()?;
    if t != tag {
        return None;
    }
    let len = if l < 0x80 {
        usize::from(l)
    } else {
        let k = usize::from(l & 0x7f);
        if k == 0 || k > 4 {
            return None;
        }
        let (bytes, after) = rest.split_at_checked(k)?;
        rest = after;
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    *r = rest;
    Some(len)
}

/// gmkit's verdict on a DER `EncryptedPrivateKeyInfo`, checked against RustCrypto's and by
/// re-encryption; the key's d on success.
fn check_der(der: &[u8], password: &[u8]) -> Result<[u8; 32], Error> {
    let got = SecretKey::from_pkcs8_encrypted_der(der, password);
    let theirs = rustcrypto_decrypt(der, password);
    match (&got, &theirs) {
        (Ok(key), Some(Ok(d))) => assert_eq!(&*key.to_bytes(), d, "the two PBES2 readers"),
        (Ok(key), Some(Err(()))) => {
            panic!(
                "gmkit read a key ({:02x?}) RustCrypto cannot",
                key.public_key()
            )
        }
        // The same scheme and parameters decrypt to a key: a wrong-password verdict is wrong.
        (Err(Error::Opaque), Some(Ok(_))) => panic!("gmkit refused a key RustCrypto reads"),
        _ => {}
    }
    if let Ok(key) = &got {
        round_trip(key, password);
    }
    got.map(|k| *k.to_bytes())
}

/// What RustCrypto makes of the input: `None` when it does not parse it as a PBES2 structure
/// with AES-CBC and PBKDF2-HMAC-SHA256 (the schemes gmkit shares with it), else whether it
/// decrypts to a PKCS#8 key that gmkit's unencrypted reader takes, and that key's d.
fn rustcrypto_decrypt(der: &[u8], password: &[u8]) -> Option<Result<[u8; 32], ()>> {
    use pkcs8::pkcs5::pbes2::{EncryptionScheme, Pbkdf2Prf};
    let epki = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).ok()?;
    let pbes2 = epki.encryption_algorithm.pbes2()?;
    let kdf = pbes2.kdf.pbkdf2()?;
    let aes = matches!(
        pbes2.encryption,
        EncryptionScheme::Aes128Cbc { .. }
            | EncryptionScheme::Aes192Cbc { .. }
            | EncryptionScheme::Aes256Cbc { .. }
    );
    // gmkit's bounds: salt 1 to 64 bytes, keyLength absent or the cipher's, a ciphertext of at
    // most 256 bytes. Outside them gmkit refuses by design; RustCrypto is not asked.
    let salt = kdf.salt.as_ref().len();
    let key_len_ok = kdf
        .key_length
        .is_none_or(|n| usize::from(n) == pbes2.encryption.key_size());
    if !aes
        || kdf.prf != Pbkdf2Prf::HmacWithSha256
        || !(1..=64).contains(&salt)
        || !key_len_ok
        || epki.encrypted_data.as_bytes().len() > 256
    {
        return None;
    }
    let plain = epki.decrypt(password).map_err(|_| ());
    Some(plain.and_then(|doc| {
        SecretKey::from_pkcs8_der(doc.as_bytes())
            .map(|k| *k.to_bytes())
            .map_err(|_| ())
    }))
}

/// An accepted key, encrypted again under each scheme gmkit writes, reads back the same.
fn round_trip(key: &SecretKey, password: &[u8]) {
    let mut rng = rand::rngs::StdRng::from_seed([7; 32]);
    for scheme in [Pbes2Scheme::Aes256CbcHmacSha256, Pbes2Scheme::Sm4CbcHmacSm3] {
        let params = Pbes2Params::new(scheme).with_iterations(2);
        let der = key
            .to_pkcs8_encrypted_der(&mut rng, password, params)
            .expect("2 iterations are in range");
        let back = SecretKey::from_pkcs8_encrypted_der(&der, password).expect("own encoding");
        assert_eq!(back.to_bytes(), key.to_bytes(), "{scheme:?} round trip");
        let pem = key
            .to_pkcs8_encrypted_pem(&mut rng, password, params)
            .expect("2 iterations are in range");
        let back = SecretKey::from_pkcs8_encrypted_pem(&pem, password).expect("own PEM");
        assert_eq!(back.to_bytes(), key.to_bytes(), "{scheme:?} PEM round trip");
    }
}

/// Base64 with padding (RFC 4648 §4), 64-column lines (RFC 7468 §2).
fn pem(label: &str, der: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for c in der.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            b64.push(if i <= c.len() {
                char::from(B64[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    let mut s = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        s.push_str(core::str::from_utf8(line).expect("Base64 is ASCII"));
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

/// The DER in PEM with the decoration the byte asks for: the PEM reader's verdict must be the
/// DER reader's, and a second encrypted block is refused.
fn check_pem(der: &[u8], password: &[u8], decoration: u8, want: &Result<[u8; 32], Error>) {
    let mut text = String::new();
    if decoration & 1 != 0 {
        text.push_str("Bag Attributes\n    localKeyID: 01 02 03\nsubject=/CN=fuzz\n");
    }
    if decoration & 4 != 0 {
        // ECParameters naming sm2p256v1 (1.2.156.10197.1.301), as `openssl ecparam` writes it.
        let oid = [0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];
        text.push_str(&pem("SM2 PARAMETERS", &oid));
    }
    let block = pem("ENCRYPTED PRIVATE KEY", der);
    text.push_str(&block);
    if decoration & 2 != 0 {
        let public = SecretKey::from_bytes(&[1; 32])
            .expect("a valid scalar")
            .public_key()
            .to_public_key_der();
        text.push_str(&pem("PUBLIC KEY", &public));
    }
    let got = SecretKey::from_pkcs8_encrypted_pem(&text, password).map(|k| *k.to_bytes());
    assert_eq!(&got, want, "PEM and DER verdicts, text:\n{text}");
    if decoration & 8 != 0 {
        text.push_str(&block);
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_pem(&text, password).map(|k| *k.to_bytes()),
            Err(Error::InvalidEncoding),
            "two encrypted blocks"
        );
    }
}

/// Encrypt a fuzzed key, read it back, then change the DER as the input says.
fn generate(input: &mut Input<'_>) {
    let d: [u8; 32] = input.array();
    let Ok(key) = SecretKey::from_bytes(&d) else {
        return;
    };
    let password = input.field();
    let choice = input.u8();
    let seed: [u8; 32] = input.array();
    let offset = usize::from(u16::from_be_bytes(input.array()));
    let mask = input.rest();
    let scheme = if choice & 0x80 == 0 {
        Pbes2Scheme::Aes256CbcHmacSha256
    } else {
        Pbes2Scheme::Sm4CbcHmacSm3
    };
    let params = Pbes2Params::new(scheme).with_iterations(u32::from(choice & 7) + 1);
    let mut rng = rand::rngs::StdRng::from_seed(seed);
    let der = key
        .to_pkcs8_encrypted_der(&mut rng, password, params)
        .expect("1 to 8 iterations are in range");
    assert_eq!(check_der(&der, password), Ok(d), "{scheme:?}: own encoding");
    // Another password: refused, with the one opaque error.
    let mut other = password.to_vec();
    other.push(b'!');
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&der, &other).map(|k| *k.to_bytes()),
        Err(Error::Opaque),
        "{scheme:?}: wrong password"
    );
    let mut changed = der.clone();
    if let Some(tail) = changed.get_mut(offset..) {
        for (c, m) in tail.iter_mut().zip(mask) {
            *c ^= m;
        }
    }
    if too_costly(&changed) {
        return;
    }
    match check_der(&changed, password) {
        Ok(got) => assert_eq!(
            got, d,
            "a changed encoding read as another key: {changed:02x?}"
        ),
        Err(_) => assert_ne!(changed, der, "{scheme:?}: own encoding refused"),
    }
}
