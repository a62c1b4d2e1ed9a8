//! SM2 key files: OpenSSL 3.0 and GmSSL-form fixtures (tests/data/sm2, see its README), several
//! PEM blocks in one file, password-encrypted PKCS#8 (PBES2) both ways, the RustCrypto
//! `pkcs8` / `spki` / `sec1` traits against gmkit's inherent methods and RustCrypto's own
//! decoders, and the strictness of every parser through both doors.

use gmkit::Error;
use gmkit::sm2::{
    MAX_ITERATIONS, Pbes2Params, Pbes2Scheme, PublicKey, SecretKey, SigningKey, VerifyingKey,
};
use pkcs8::der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand::SeedableRng;
use sec1::{DecodeEcPrivateKey, EncodeEcPrivateKey};
use spki::{AssociatedAlgorithmIdentifier, DecodePublicKey, EncodePublicKey};

const PASSWORD: &[u8] = b"gmkit-test-password";

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sm2/",
            $name
        ))
    };
}

macro_rules! fixture_bytes {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sm2/",
            $name
        ))
    };
}

const GENPKEY: &str = fixture!("genpkey.pem");

/// The key every `genpkey`-derived fixture holds.
fn genpkey() -> SecretKey {
    SecretKey::from_pem(GENPKEY).unwrap()
}

fn rng(seed: u64) -> rand::rngs::StdRng {
    rand::rngs::StdRng::seed_from_u64(seed)
}

/// The PEM body of `pem`'s first block, decoded (via RustCrypto's PEM decoder, not gmkit's).
fn pem_der(pem: &str) -> Vec<u8> {
    let start = pem.find("-----BEGIN ").unwrap();
    pem_rfc7468_decode(&pem[start..])
}

fn pem_rfc7468_decode(block: &str) -> Vec<u8> {
    let end = block.find("-----END ").unwrap();
    let end = end + block[end..].find("-----\n").unwrap() + 6;
    let (_, doc) = pkcs8::Document::from_pem(&block[..end]).unwrap();
    doc.as_bytes().to_vec()
}

// ---- unencrypted fixtures and several blocks ----

#[test]
fn openssl_fixtures_agree() {
    let sk = genpkey();
    // The SEC1 form (`openssl ec`, labelled SM2 PRIVATE KEY) holds the same key.
    let sec1 = SecretKey::from_pem(fixture!("genpkey_sec1.pem")).unwrap();
    assert_eq!(sec1.to_bytes(), sk.to_bytes());
    let public = PublicKey::from_public_key_pem(fixture!("genpkey_pub.pem")).unwrap();
    assert_eq!(&public, sk.public_key());
    // gmkit writes back the exact bytes OpenSSL wrote.
    assert_eq!(sk.to_pkcs8_pem().as_str(), GENPKEY);
    assert_eq!(
        public.to_public_key_pem(),
        fixture!("genpkey_pub.pem"),
        "SPKI"
    );
    assert_eq!(
        sec1.to_sec1_pem()
            .replace("EC PRIVATE KEY", "SM2 PRIVATE KEY"),
        fixture!("genpkey_sec1.pem")
    );
}

#[test]
fn ecparam_genkey_parameters_then_key() {
    // OpenSSL 3.0: SM2 PARAMETERS + PKCS#8; OpenSSL 1.1.1 shape: EC PARAMETERS + SEC1.
    let a = SecretKey::from_pem(fixture!("ecparam_genkey.pem")).unwrap();
    let b = SecretKey::from_pem(fixture!("ecparam_genkey_111.pem")).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    // The key block alone is the same key.
    let key_only = fixture!("ecparam_genkey.pem");
    let key_only = &key_only[key_only.find("-----BEGIN PRIVATE KEY").unwrap()..];
    assert_eq!(
        SecretKey::from_pem(key_only).unwrap().to_bytes(),
        a.to_bytes()
    );
    // No public key block in it.
    assert_eq!(
        PublicKey::from_public_key_pem(fixture!("ecparam_genkey.pem")),
        Err(Error::InvalidEncoding)
    );
}

#[test]
fn key_block_is_picked_out_of_several() {
    let sk = genpkey();
    let key = GENPKEY;
    let public = fixture!("genpkey_pub.pem");
    let params = "-----BEGIN SM2 PARAMETERS-----\nBggqgRzPVQGCLQ==\n-----END SM2 PARAMETERS-----\n";
    let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    // Other labels and explanatory text (RFC 7468 §5.2) around the key are skipped.
    for text in [
        format!("{public}{key}"),
        format!("{key}{public}"),
        format!("{params}{cert}{key}"),
        format!("Bag Attributes\n    localKeyID: 01 \n{key}trailing words\n"),
        format!("\r\n{params}\r\n{key}"),
    ] {
        assert_eq!(
            SecretKey::from_pem(&text).unwrap().to_bytes(),
            sk.to_bytes(),
            "{text}"
        );
        if text.contains("PUBLIC KEY") {
            assert_eq!(
                &PublicKey::from_public_key_pem(&text).unwrap(),
                sk.public_key()
            );
        } else {
            assert!(PublicKey::from_public_key_pem(&text).is_err());
        }
    }
    // Two key blocks, even equal ones or one plain and one encrypted: refused.
    let sec1 = fixture!("genpkey_sec1.pem");
    let encrypted = fixture!("enc_aes256.pem");
    for text in [
        format!("{key}{key}"),
        format!("{key}{sec1}"),
        format!("{key}{encrypted}"),
        format!("{encrypted}{encrypted}"),
    ] {
        assert_eq!(
            SecretKey::from_pem(&text).unwrap_err(),
            Error::InvalidEncoding
        );
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_pem(&text, PASSWORD).unwrap_err(),
            Error::InvalidEncoding
        );
    }
    assert_eq!(
        PublicKey::from_public_key_pem(&format!("{public}{public}")),
        Err(Error::InvalidEncoding)
    );
    // Parameters for another curve (prime256v1, `openssl ecparam -name prime256v1`) or explicit
    // parameters contradict an SM2 key.
    let p256 = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    assert!(SecretKey::from_pem(&format!("{p256}{key}")).is_err());
    let explicit = "-----BEGIN EC PARAMETERS-----\nMIHgAgEBMCwGByqGSM49AQECIQD/////\n-----END EC PARAMETERS-----\n";
    assert!(SecretKey::from_pem(&format!("{explicit}{key}")).is_err());
    // A block without its END line, or with a different END label, spoils the file.
    let unterminated = "-----BEGIN CERTIFICATE-----\nAAAA\n";
    assert!(SecretKey::from_pem(&format!("{key}{unterminated}")).is_err());
    let mismatched = key.replace("END PRIVATE KEY", "END EC PRIVATE KEY");
    assert!(SecretKey::from_pem(&mismatched).is_err());
    // No key at all.
    assert!(SecretKey::from_pem(public).is_err());
    assert!(SecretKey::from_pem(params).is_err());
    assert!(SecretKey::from_pem("").is_err());
}

#[test]
fn encrypted_and_legacy_pem_refused_without_password() {
    // ENCRYPTED PRIVATE KEY needs from_pkcs8_encrypted_pem; OpenSSL's legacy Proc-Type form
    // (EVP_BytesToKey with MD5) is not supported at all.
    assert_eq!(
        SecretKey::from_pem(fixture!("enc_aes256.pem")).unwrap_err(),
        Error::InvalidEncoding
    );
    let legacy = fixture!("legacy_enc.pem");
    assert!(legacy.contains("Proc-Type: 4,ENCRYPTED"));
    assert_eq!(
        SecretKey::from_pem(legacy).unwrap_err(),
        Error::InvalidEncoding
    );
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_pem(legacy, PASSWORD).unwrap_err(),
        Error::InvalidEncoding
    );
    // And an unencrypted key is not accepted as an encrypted one.
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_pem(GENPKEY, PASSWORD).unwrap_err(),
        Error::InvalidEncoding
    );
}

// ---- encrypted PKCS#8 fixtures ----

#[test]
fn openssl_encrypted_fixtures() {
    let sk = genpkey();
    for (name, pem) in [
        ("aes-256-cbc", fixture!("enc_aes256.pem")),
        ("aes-128-cbc", fixture!("enc_aes128.pem")),
        ("sm4-cbc", fixture!("enc_sm4.pem")),
    ] {
        let got = SecretKey::from_pkcs8_encrypted_pem(pem, PASSWORD).unwrap();
        assert_eq!(got.to_bytes(), sk.to_bytes(), "{name}");
        let der = pem_der(pem);
        let got = SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD).unwrap();
        assert_eq!(got.to_bytes(), sk.to_bytes(), "{name} DER");
        // Wrong password: the one opaque error.
        for wrong in [&b"gmkit-test-passwore"[..], b"", b"GMKIT-TEST-PASSWORD"] {
            assert_eq!(
                SecretKey::from_pkcs8_encrypted_pem(pem, wrong).unwrap_err(),
                Error::Opaque,
                "{name}"
            );
        }
    }
    // UTF-8 password bytes, 100000 iterations, DER.
    let der = fixture_bytes!("enc_aes256_utf8.der");
    let got = SecretKey::from_pkcs8_encrypted_der(der, "pässwörd-密码".as_bytes()).unwrap();
    assert_eq!(got.to_bytes(), sk.to_bytes());
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(der, "passwort".as_bytes()).unwrap_err(),
        Error::Opaque
    );
}

#[test]
fn gmssl_form_fixtures() {
    // tools/pkcs8_gmssl.py: PBKDF2-HMAC-SM3 + SM4-CBC, GmSSL 3.1 and early 3.0 encodings.
    let sk = genpkey();
    let der = fixture_bytes!("gmssl_sm4_sm3.der");
    for (name, got) in [
        (
            "3.1 DER",
            SecretKey::from_pkcs8_encrypted_der(der, PASSWORD),
        ),
        (
            "3.1 PEM",
            SecretKey::from_pkcs8_encrypted_pem(fixture!("gmssl_sm4_sm3.pem"), PASSWORD),
        ),
        (
            "early PEM",
            SecretKey::from_pkcs8_encrypted_pem(fixture!("gmssl_early_sm4_sm3.pem"), PASSWORD),
        ),
    ] {
        assert_eq!(got.unwrap().to_bytes(), sk.to_bytes(), "{name}");
    }
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(der, b"gmkit-test-passwor").unwrap_err(),
        Error::Opaque
    );
}

#[test]
fn right_password_wrong_key_is_opaque() {
    // A P-256 key decrypts fine but is no SM2 key: the same error as a wrong password.
    let pem = fixture!("enc_p256.pem");
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_pem(pem, PASSWORD).unwrap_err(),
        Error::Opaque
    );
    // RustCrypto's PBES2 decrypts it, so the password is right.
    let der = pem_der(pem);
    let epki = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
    assert!(epki.decrypt(PASSWORD).is_ok());
    // Arbitrary plaintext (RustCrypto's PBES2 with a known password): not a key, opaque.
    let sec1 = SecretKey::random(&mut rng(1)).to_sec1_der();
    for plain in [&b""[..], b"0", &[0x30; 144], &sec1[..]] {
        let der = rustcrypto_encrypt(plain, 1000);
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD).unwrap_err(),
            Error::Opaque
        );
    }
    // ... while a PKCS#8 key encrypted the same way is read.
    let sk = genpkey();
    let der = rustcrypto_encrypt(&sk.to_pkcs8_der()[..], 1000);
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD)
            .unwrap()
            .to_bytes(),
        sk.to_bytes()
    );
}

/// `plain` encrypted by RustCrypto `pkcs5` (PBKDF2-HMAC-SHA256, AES-256-CBC) under [`PASSWORD`].
fn rustcrypto_encrypt(plain: &[u8], iterations: u32) -> Vec<u8> {
    let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
        iterations, &[7u8; 16], [9u8; 16],
    )
    .unwrap();
    let ct = params.encrypt(PASSWORD, plain).unwrap();
    pkcs8::EncryptedPrivateKeyInfoRef {
        encryption_algorithm: params.into(),
        encrypted_data: pkcs8::der::asn1::OctetStringRef::new(&ct).unwrap(),
    }
    .to_der()
    .unwrap()
}

#[test]
fn tampered_ciphertext_and_parameters_refused() {
    // OpenSSL's AES-256 fixture (2048 iterations, so every position can be tried).
    let der = pem_der(fixture!("enc_aes256.pem"));
    let sk = genpkey();
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD)
            .unwrap()
            .to_bytes(),
        sk.to_bytes()
    );
    // Layout (openssl asn1parse): salt 8 bytes at 35, IV 16 bytes at 76, ciphertext 144 at 95.
    assert_eq!(der.len(), 95 + 144);
    assert_eq!(&der[33..35], &[0x04, 8]);
    assert_eq!(&der[74..76], &[0x04, 16]);
    assert_eq!(&der[92..95], &[0x04, 0x81, 144]);
    // Every byte of salt, IV and ciphertext, one bit each.
    for at in (35..43).chain(76..92).chain(95..239) {
        let mut t = der.clone();
        t[at] ^= 0x10;
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_der(&t, PASSWORD).unwrap_err(),
            Error::Opaque,
            "byte {at}"
        );
    }
    // The iteration count (2048 → 2049): a different key, opaque.
    assert_eq!(&der[43..47], &[0x02, 0x02, 0x08, 0x00]);
    let mut t = der.clone();
    t[46] = 1;
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&t, PASSWORD).unwrap_err(),
        Error::Opaque
    );
    // Trailing and missing bytes: structure errors, before any decryption.
    let mut t = der.clone();
    t.push(0);
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&t, PASSWORD).unwrap_err(),
        Error::InvalidEncoding
    );
    for n in [0, 1, 95, 238] {
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_der(&der[..n], PASSWORD).unwrap_err(),
            Error::InvalidEncoding,
            "{n} bytes"
        );
    }
    // The GmSSL fixture: last and first ciphertext blocks.
    let der = fixture_bytes!("gmssl_sm4_sm3.der");
    for at in [106, 121, 250, 265] {
        let mut t = der.to_vec();
        t[at] ^= 1;
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_der(&t, PASSWORD).unwrap_err(),
            Error::Opaque,
            "byte {at}"
        );
    }
}

// ---- parameters: what is refused, and how ----

/// The parts of an `EncryptedPrivateKeyInfo`, each as its full DER TLV where it is one.
#[derive(Clone)]
struct Epki {
    pbes2_oid: Vec<u8>,
    kdf_oid: Vec<u8>,
    salt: Vec<u8>,
    /// INTEGER contents.
    iterations: Vec<u8>,
    key_len: Option<Vec<u8>>,
    prf: Option<Vec<u8>>,
    cipher_oid: Vec<u8>,
    iv: Vec<u8>,
    ct: Vec<u8>,
    /// Appended inside PBES2-params.
    extra: Vec<u8>,
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match body.len() {
        n @ 0..=0x7f => out.push(n as u8),
        n @ 0x80..=0xff => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(body);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn oid(hex_body: &str) -> Vec<u8> {
    tlv(0x06, &hex(hex_body))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

impl Epki {
    fn der(&self) -> Vec<u8> {
        let mut kdf_params = vec![tlv(0x04, &self.salt), tlv(0x02, &self.iterations)];
        kdf_params.extend(self.key_len.iter().map(|k| tlv(0x02, k)));
        kdf_params.extend(self.prf.iter().cloned());
        let kdf = seq(&[
            &self.kdf_oid,
            &seq(&kdf_params.iter().map(|v| &v[..]).collect::<Vec<_>>()),
        ]);
        let enc = seq(&[&self.cipher_oid, &tlv(0x04, &self.iv)]);
        let alg = seq(&[&self.pbes2_oid, &seq(&[&kdf, &enc, &self.extra])]);
        seq(&[&alg, &tlv(0x04, &self.ct)])
    }
}

/// The GmSSL fixture taken apart (offsets from `openssl asn1parse`).
fn gmssl_parts() -> Epki {
    let der = fixture_bytes!("gmssl_sm4_sm3.der");
    Epki {
        pbes2_oid: oid("2a864886f70d01050d"),
        kdf_oid: oid("2a864886f70d01050c"),
        salt: der[36..52].to_vec(),
        iterations: vec![1, 0, 0],
        key_len: Some(vec![16]),
        prf: Some(seq(&[&oid("2a811ccf5501831102")])),
        cipher_oid: oid("2a811ccf55016802"),
        iv: der[87..103].to_vec(),
        ct: der[106..266].to_vec(),
        extra: vec![],
    }
}

#[test]
fn pbes2_parameters_bounded() {
    let base = gmssl_parts();
    // The builder reproduces the fixture, and the fixture decrypts.
    assert_eq!(base.der(), fixture_bytes!("gmssl_sm4_sm3.der"));
    let sk = genpkey();
    let ok = |e: &Epki| SecretKey::from_pkcs8_encrypted_der(&e.der(), PASSWORD);
    assert_eq!(ok(&base).unwrap().to_bytes(), sk.to_bytes());
    // The early GmSSL form: keyLength absent, PRF parameters NULL.
    let mut e = base.clone();
    e.key_len = None;
    e.prf = Some(seq(&[&oid("2a811ccf5501831102"), &[5, 0]]));
    assert_eq!(ok(&e).unwrap().to_bytes(), sk.to_bytes());

    let param = Err::<(), _>(Error::InvalidParameter);
    let encoding = Err::<(), _>(Error::InvalidEncoding);
    let mut cases: Vec<(&str, Epki, Result<(), Error>)> = Vec::new();
    let mut case = |name, f: &dyn Fn(&mut Epki), want| {
        let mut e = base.clone();
        f(&mut e);
        cases.push((name, e, want));
    };
    // PBES1 (pbeWithSHA1AndDES-CBC) and scrypt are not PBES2 with PBKDF2.
    case("PBES1", &|e| e.pbes2_oid = oid("2a864886f70d01050a"), param);
    case("scrypt", &|e| e.kdf_oid = oid("2b06010401da47040b"), param);
    // Iteration counts: 0, MAX + 1, 2³², negative, non-minimal.
    case("0 iterations", &|e| e.iterations = vec![0], param);
    case(
        "MAX + 1",
        &|e| e.iterations = (MAX_ITERATIONS + 1).to_be_bytes().to_vec(),
        param,
    );
    case("2^32", &|e| e.iterations = vec![1, 0, 0, 0, 0], encoding);
    case("negative", &|e| e.iterations = vec![0xff], encoding);
    case(
        "non-minimal",
        &|e| e.iterations = vec![0, 1, 0, 0],
        encoding,
    );
    // Salt: empty, longer than 64 bytes.
    case("empty salt", &|e| e.salt.clear(), param);
    case("65-byte salt", &|e| e.salt = vec![1; 65], param);
    // keyLength other than the cipher's.
    case("keyLength 32", &|e| e.key_len = Some(vec![32]), param);
    case("keyLength 0", &|e| e.key_len = Some(vec![0]), param);
    // PRF: absent (HMAC-SHA1), hmacWithSHA1, hmacWithSHA512, bad parameters.
    case("no PRF", &|e| e.prf = None, param);
    case(
        "hmacWithSHA1",
        &|e| e.prf = Some(seq(&[&oid("2a864886f70d0207"), &[5, 0]])),
        param,
    );
    case(
        "hmacWithSHA512",
        &|e| e.prf = Some(seq(&[&oid("2a864886f70d020b"), &[5, 0]])),
        param,
    );
    case(
        "PRF parameters not NULL",
        &|e| e.prf = Some(seq(&[&oid("2a811ccf5501831102"), &[2, 1, 0]])),
        encoding,
    );
    case(
        "PRF NULL with content",
        &|e| e.prf = Some(seq(&[&oid("2a811ccf5501831102"), &[5, 1, 0]])),
        encoding,
    );
    // Cipher: DES-EDE3-CBC, SM4-ECB; an 8-byte or empty IV.
    case(
        "des-ede3-cbc",
        &|e| e.cipher_oid = oid("2a864886f70d0307"),
        param,
    );
    case(
        "sm4-ecb",
        &|e| e.cipher_oid = oid("2a811ccf55016801"),
        param,
    );
    case("8-byte IV", &|e| e.iv.truncate(8), param);
    case("empty IV", &|e| e.iv.clear(), param);
    // Ciphertext: empty, a partial block, longer than any SM2 PrivateKeyInfo.
    case("empty ciphertext", &|e| e.ct.clear(), encoding);
    case("partial block", &|e| e.ct.truncate(159), encoding);
    case("272 bytes", &|e| e.ct.resize(272, 0), encoding);
    // A third element in PBES2-params.
    case("extra field", &|e| e.extra = vec![5, 0], encoding);
    for (name, e, want) in cases {
        assert_eq!(ok(&e).map(|_| ()), want, "{name}");
    }
}

// ---- gmkit's own encrypted output ----

#[test]
fn encrypted_round_trips() {
    let mut r = rng(7);
    let sk = SecretKey::random(&mut r);
    for scheme in [Pbes2Scheme::Aes256CbcHmacSha256, Pbes2Scheme::Sm4CbcHmacSm3] {
        let params = Pbes2Params::new(scheme).with_iterations(1000);
        let der = sk.to_pkcs8_encrypted_der(&mut r, PASSWORD, params).unwrap();
        let back = SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD).unwrap();
        assert_eq!(back.to_bytes(), sk.to_bytes(), "{scheme:?}");
        let pem = sk.to_pkcs8_encrypted_pem(&mut r, PASSWORD, params).unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        let back = SecretKey::from_pkcs8_encrypted_pem(&pem, PASSWORD).unwrap();
        assert_eq!(back.to_bytes(), sk.to_bytes(), "{scheme:?} PEM");
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_pem(&pem, b"wrong").unwrap_err(),
            Error::Opaque
        );
        // Fresh salt and IV each time.
        let again = sk.to_pkcs8_encrypted_der(&mut r, PASSWORD, params).unwrap();
        assert_eq!(again.len(), der.len());
        assert_ne!(again, der);
        // The empty password works like any other.
        let der = sk.to_pkcs8_encrypted_der(&mut r, b"", params).unwrap();
        assert_eq!(
            SecretKey::from_pkcs8_encrypted_der(&der, b"")
                .unwrap()
                .to_bytes(),
            sk.to_bytes()
        );
    }
    // Iteration counts outside 1..=MAX are refused.
    for n in [0, MAX_ITERATIONS + 1] {
        let params = Pbes2Params::new(Pbes2Scheme::Sm4CbcHmacSm3).with_iterations(n);
        assert_eq!(
            sk.to_pkcs8_encrypted_der(&mut r, PASSWORD, params),
            Err(Error::InvalidParameter)
        );
    }
}

#[test]
fn default_parameters() {
    let p = Pbes2Params::default();
    assert_eq!(p.scheme(), Pbes2Scheme::Aes256CbcHmacSha256);
    assert_eq!(p.iterations(), Pbes2Params::DEFAULT_ITERATIONS);
    const { assert!(Pbes2Params::DEFAULT_ITERATIONS >= 100_000) };
    assert_eq!(
        Pbes2Params::from(Pbes2Scheme::Sm4CbcHmacSm3).iterations(),
        600_000
    );
    // One full-strength round trip, with a bare scheme.
    let mut r = rng(8);
    let sk = SecretKey::random(&mut r);
    let der = sk
        .to_pkcs8_encrypted_der(&mut r, PASSWORD, Pbes2Scheme::default())
        .unwrap();
    // RustCrypto's PBES2 reads it: PBKDF2-HMAC-SHA256, 600000 iterations, 16-byte salt,
    // AES-256-CBC, and the PKCS#8 inside is gmkit's.
    let epki = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
    let pbes2 = epki.encryption_algorithm.pbes2().unwrap();
    let kdf = pbes2.kdf.pbkdf2().unwrap();
    assert_eq!(kdf.iteration_count, 600_000);
    assert_eq!(kdf.salt.as_ref().len(), 16);
    assert_eq!(kdf.key_length, None);
    assert_eq!(kdf.prf, pkcs8::pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256);
    assert!(matches!(
        pbes2.encryption,
        pkcs8::pkcs5::pbes2::EncryptionScheme::Aes256Cbc { .. }
    ));
    let plain = epki.decrypt(PASSWORD).unwrap();
    assert_eq!(plain.as_bytes(), &sk.to_pkcs8_der()[..]);
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_der(&der, PASSWORD)
            .unwrap()
            .to_bytes(),
        sk.to_bytes()
    );
}

#[test]
fn sm_form_matches_gmssl_layout() {
    // gmkit's SM form with GmSSL's iteration count has GmSSL's algorithm identifier, byte for
    // byte, apart from salt and IV.
    let mut r = rng(9);
    let sk = genpkey();
    let params = Pbes2Params::new(Pbes2Scheme::Sm4CbcHmacSm3).with_iterations(65536);
    let ours = sk.to_pkcs8_encrypted_der(&mut r, PASSWORD, params).unwrap();
    let gmssl = fixture_bytes!("gmssl_sm4_sm3.der");
    // GmSSL's inner PrivateKeyInfo is 150 bytes (160 encrypted), gmkit's 138 (144).
    assert_eq!(&ours[..4], &[0x30, 0x81, 0xf6, 0x30]);
    assert_eq!(&gmssl[..4], &[0x30, 0x82, 0x01, 0x06]);
    let (ours_alg, gm_alg) = (&ours[3..3 + 99], &gmssl[4..4 + 99]);
    let mask = |a: &[u8]| {
        let mut a = a.to_vec();
        a[32..48].fill(0); // salt
        a[83..99].fill(0); // IV
        a
    };
    assert_eq!(mask(ours_alg), mask(gm_alg));
    assert_eq!(&ours[102..105], &[0x04, 0x81, 144]);
}

// ---- the RustCrypto traits ----

#[test]
fn traits_agree_with_inherent_methods() {
    let sk = genpkey();
    let der = pem_der(GENPKEY);
    // Decode: the trait and the inherent method give the same key.
    let via_trait = <SecretKey as DecodePrivateKey>::from_pkcs8_der(&der).unwrap();
    assert_eq!(via_trait.to_bytes(), sk.to_bytes());
    let via_pem = <SecretKey as DecodePrivateKey>::from_pkcs8_pem(GENPKEY).unwrap();
    assert_eq!(via_pem.to_bytes(), sk.to_bytes());
    // Encode: the trait's document is the inherent encoding, and the inherent parser reads it.
    let doc = EncodePrivateKey::to_pkcs8_der(&sk).unwrap();
    assert_eq!(doc.as_bytes(), &sk.to_pkcs8_der()[..]);
    assert_eq!(
        SecretKey::from_pkcs8_der(doc.as_bytes())
            .unwrap()
            .to_bytes(),
        sk.to_bytes()
    );
    let pem = EncodePrivateKey::to_pkcs8_pem(&sk, LineEnding::LF).unwrap();
    assert_eq!(pem.as_str(), GENPKEY);
    // SEC1.
    let sec1_pem = fixture!("genpkey_sec1.pem");
    let sec1_der = pem_der(sec1_pem);
    let k = <SecretKey as DecodeEcPrivateKey>::from_sec1_der(&sec1_der).unwrap();
    assert_eq!(k.to_bytes(), sk.to_bytes());
    let doc = EncodeEcPrivateKey::to_sec1_der(&sk).unwrap();
    assert_eq!(doc.as_bytes(), &sec1_der[..]);
    assert_eq!(doc.as_bytes(), &sk.to_sec1_der()[..]);
    // SPKI.
    let pub_pem = fixture!("genpkey_pub.pem");
    let spki = pem_der(pub_pem);
    let pk = <PublicKey as DecodePublicKey>::from_public_key_der(&spki).unwrap();
    assert_eq!(&pk, sk.public_key());
    assert_eq!(
        <PublicKey as DecodePublicKey>::from_public_key_pem(pub_pem).unwrap(),
        pk
    );
    let doc = EncodePublicKey::to_public_key_der(&pk).unwrap();
    assert_eq!(doc.as_bytes(), &spki[..]);
    assert_eq!(
        EncodePublicKey::to_public_key_pem(&pk, LineEnding::LF).unwrap(),
        pub_pem
    );
    // SigningKey / VerifyingKey (default ID).
    let signer = <SigningKey as DecodePrivateKey>::from_pkcs8_der(&der).unwrap();
    assert_eq!(signer.secret_key().to_bytes(), sk.to_bytes());
    assert_eq!(
        EncodePrivateKey::to_pkcs8_der(&signer).unwrap().as_bytes(),
        &der[..]
    );
    let verifier = <VerifyingKey as DecodePublicKey>::from_public_key_der(&spki).unwrap();
    let sig = signer.sign_deterministic(b"msg");
    verifier.verify(b"msg", &sig).unwrap();
    assert_eq!(
        EncodePublicKey::to_public_key_der(&verifier)
            .unwrap()
            .as_bytes(),
        &spki[..]
    );
}

/// Generic code over the traits works with gmkit's types.
fn reencode<T: DecodePrivateKey + EncodePrivateKey>(der: &[u8]) -> Vec<u8> {
    T::from_pkcs8_der(der)
        .unwrap()
        .to_pkcs8_der()
        .unwrap()
        .as_bytes()
        .to_vec()
}

#[test]
fn rustcrypto_decoders_accept_gmkit_output() {
    let sk = SecretKey::random(&mut rng(3));
    let der = sk.to_pkcs8_der();
    assert_eq!(reencode::<SecretKey>(&der[..]), &der[..]);
    assert_eq!(reencode::<SigningKey>(&der[..]), &der[..]);
    // PrivateKeyInfo: id-ecPublicKey with the sm2 curve, as OpenSSL 3 writes it.
    let pki = pkcs8::PrivateKeyInfoRef::try_from(&der[..]).unwrap();
    let ec_public_key = pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    let sm2 = pkcs8::ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");
    assert_eq!(pki.algorithm.oids().unwrap(), (ec_public_key, Some(sm2)));
    assert_eq!(SecretKey::ALGORITHM_IDENTIFIER.oid, ec_public_key);
    assert_eq!(SecretKey::ALGORITHM_IDENTIFIER.parameters, Some(sm2));
    assert_eq!(
        PublicKey::ALGORITHM_IDENTIFIER,
        SecretKey::ALGORITHM_IDENTIFIER
    );
    assert_eq!(
        SigningKey::ALGORITHM_IDENTIFIER,
        SecretKey::ALGORITHM_IDENTIFIER
    );
    assert_eq!(
        VerifyingKey::ALGORITHM_IDENTIFIER,
        SecretKey::ALGORITHM_IDENTIFIER
    );
    // The ECPrivateKey inside (RFC 5915), through RustCrypto's sec1 decoder.
    let ec = sec1::EcPrivateKey::try_from(pki.private_key.as_bytes()).unwrap();
    assert_eq!(ec.private_key, &sk.to_bytes()[..]);
    assert_eq!(ec.parameters, None);
    assert_eq!(
        ec.public_key,
        Some(&sk.public_key().to_sec1_uncompressed()[..])
    );
    // SEC1 with the curve.
    let sec1_der = sk.to_sec1_der();
    let ec = sec1::EcPrivateKey::try_from(&sec1_der[..]).unwrap();
    assert_eq!(ec.parameters.and_then(|p| p.named_curve()), Some(sm2));
    // SubjectPublicKeyInfo, and the AlgorithmIdentifier encoding inside it.
    let spki_der = sk.public_key().to_public_key_der();
    let spki = spki::SubjectPublicKeyInfoRef::try_from(&spki_der[..]).unwrap();
    assert_eq!(spki.algorithm.oids().unwrap(), (ec_public_key, Some(sm2)));
    assert_eq!(
        spki.subject_public_key.raw_bytes(),
        &sk.public_key().to_sec1_uncompressed()[..]
    );
    let alg = PublicKey::ALGORITHM_IDENTIFIER.to_der().unwrap();
    assert_eq!(&spki_der[2..2 + alg.len()], &alg[..]);
}

/// Offsets in gmkit's (and OpenSSL's) 138-byte PKCS#8: the curve OID's last byte, d, the point.
const CURVE_OID_END: usize = 26;
const D_AT: usize = 36;
const POINT_AT: usize = 138 - 65;

/// `der` with d replaced (big-endian).
fn with_d(der: &[u8], d: &[u8; 32]) -> Vec<u8> {
    let mut t = der.to_vec();
    t[D_AT..D_AT + 32].copy_from_slice(d);
    t
}

#[test]
fn strictness_through_both_doors() {
    const N: &str = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
    let sk = SecretKey::random(&mut rng(4));
    let der = sk.to_pkcs8_der().to_vec();
    assert_eq!(&der[D_AT - 2..D_AT], &[0x04, 0x20]);
    assert_eq!(der[CURVE_OID_END], 0x2d);
    let n: [u8; 32] = hex(N).try_into().unwrap();
    let mut n_minus_1 = n;
    n_minus_1[31] -= 1;
    let mut off_curve = der.clone();
    off_curve[137] ^= 1;
    let other = SecretKey::random(&mut rng(5));
    let mut mismatched = der.clone();
    mismatched[POINT_AT..].copy_from_slice(&other.public_key().to_sec1_uncompressed());
    let mut wrong_curve = der.clone();
    wrong_curve[CURVE_OID_END] ^= 1;
    let mut wrong_alg = der.clone();
    wrong_alg[16] ^= 1; // id-ecPublicKey's last byte
    let mut version_1 = der.clone();
    version_1[5] = 1;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("d = 0", with_d(&der, &[0; 32])),
        ("d = n - 1", with_d(&der, &n_minus_1)),
        ("d = n", with_d(&der, &n)),
        ("d = 2^256 - 1", with_d(&der, &[0xff; 32])),
        ("off-curve point", off_curve),
        ("mismatched point", mismatched),
        ("wrong curve", wrong_curve),
        ("wrong algorithm", wrong_alg),
        ("PKCS#8 version 1 without a public key", version_1),
        ("trailing byte", [&der[..], &[0]].concat()),
        ("truncated", der[..137].to_vec()),
    ];
    for (name, bad) in &cases {
        assert!(SecretKey::from_pkcs8_der(bad).is_err(), "{name}");
        assert!(
            <SecretKey as DecodePrivateKey>::from_pkcs8_der(bad).is_err(),
            "{name} (trait)"
        );
        assert!(
            <SigningKey as DecodePrivateKey>::from_pkcs8_der(bad).is_err(),
            "{name} (SigningKey)"
        );
    }
    // Error kinds through the trait.
    assert_eq!(
        <SecretKey as DecodePrivateKey>::from_pkcs8_der(&cases[0].1).unwrap_err(),
        pkcs8::Error::KeyMalformed(pkcs8::KeyError::Invalid)
    );
    assert!(matches!(
        <SecretKey as DecodePrivateKey>::from_pkcs8_der(&cases[6].1).unwrap_err(),
        pkcs8::Error::Asn1(_)
    ));
    // SEC1 and SPKI through the traits.
    let sec1 = sk.to_sec1_der().to_vec();
    let mut sec1_curve = sec1.clone();
    let at = sec1
        .windows(8)
        .position(|w| w == hex("2a811ccf5501822d"))
        .unwrap();
    sec1_curve[at + 7] ^= 1;
    for bad in [&sec1_curve[..], &sec1[..120], &[&sec1[..], &[0]].concat()] {
        assert!(SecretKey::from_sec1_der(bad).is_err());
        assert!(<SecretKey as DecodeEcPrivateKey>::from_sec1_der(bad).is_err());
    }
    let spki = sk.public_key().to_public_key_der().to_vec();
    let mut spki_off = spki.clone();
    spki_off[90] ^= 1;
    let mut spki_curve = spki.clone();
    spki_curve[22] ^= 1;
    for bad in [&spki_off[..], &spki_curve[..], &spki[..90]] {
        assert!(PublicKey::from_public_key_der(bad).is_err());
        assert!(<PublicKey as DecodePublicKey>::from_public_key_der(bad).is_err());
        assert!(<VerifyingKey as DecodePublicKey>::from_public_key_der(bad).is_err());
    }
    assert_eq!(
        <PublicKey as DecodePublicKey>::from_public_key_der(&spki_off).unwrap_err(),
        spki::Error::KeyMalformed
    );
}

#[test]
fn rustcrypto_decoder_is_looser() {
    // A PKCS#8 PrivateKeyInfo with an attributes field ([0] IMPLICIT SET OF Attribute, here one
    // empty-valued friendlyName). RustCrypto's PrivateKeyInfo decoder accepts it and drops the
    // attributes; gmkit's parser, behind both its inherent method and the trait, refuses it.
    let sk = SecretKey::random(&mut rng(6));
    let der = sk.to_pkcs8_der();
    let attr = seq(&[&oid("2a864886f70d010914"), &tlv(0x31, &[])]);
    let body = [&der[3..], &tlv(0xa0, &attr)[..]].concat();
    let with_attrs = tlv(0x30, &body);
    assert!(pkcs8::PrivateKeyInfoRef::try_from(&with_attrs[..]).is_ok());
    assert!(SecretKey::from_pkcs8_der(&with_attrs).is_err());
    assert!(<SecretKey as DecodePrivateKey>::from_pkcs8_der(&with_attrs).is_err());
}

/// A `PrivateKeyInfo` (RFC 5208 §5) around an `ECPrivateKey` (RFC 5915 §3) built here by hand:
/// d, the curve parameters if asked, the SEC1 point if given.
fn pkcs8_layout(d: &[u8], curve: bool, point: Option<&[u8]>) -> Vec<u8> {
    // id-ecPublicKey (RFC 5480 §2.1.1) and sm2p256v1 (GB/T 33560: 1.2.156.10197.1.301).
    let ec_public_key = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let sm2 = [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];
    let mut ec = vec![0x02, 0x01, 0x01];
    ec.extend(tlv(0x04, d));
    if curve {
        ec.extend(tlv(0xa0, &tlv(0x06, &sm2)));
    }
    if let Some(p) = point {
        let mut bits = vec![0];
        bits.extend_from_slice(p);
        ec.extend(tlv(0xa1, &tlv(0x03, &bits)));
    }
    let mut alg = tlv(0x06, &ec_public_key);
    alg.extend(tlv(0x06, &sm2));
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend(tlv(0x30, &alg));
    body.extend(tlv(0x04, &tlv(0x30, &ec)));
    tlv(0x30, &body)
}

/// The encrypted reader (constant time, layouts compared whole) accepts exactly what the plain
/// DER reader accepts, in every layout: curve parameters or not, the public key absent,
/// uncompressed or compressed; and refuses, with the one opaque error, a key whose point is not
/// [d]G, a d out of range, a changed header byte and trailing bytes.
#[test]
fn encrypted_reader_agrees_with_the_plain_reader_on_every_layout() {
    let sk = SecretKey::random(&mut rng(11));
    let other = SecretKey::random(&mut rng(12));
    let d = *sk.to_bytes();
    // n − 1 (GB/T 32918.5 §3): 1 + d is not invertible, so no key.
    let n_minus_1 = hex_array("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122");
    let unc = sk.public_key().to_sec1_uncompressed();
    let comp = sk.public_key().to_sec1_compressed();
    let other_unc = other.public_key().to_sec1_uncompressed();
    let other_comp = other.public_key().to_sec1_compressed();
    let encrypted = |pki: &[u8]| {
        SecretKey::from_pkcs8_encrypted_der(&rustcrypto_encrypt(pki, 16), PASSWORD)
            .map(|k| *k.to_bytes())
    };
    for curve in [false, true] {
        for (point, wrong) in [
            (None, None),
            (Some(&unc[..]), Some(&other_unc[..])),
            (Some(&comp[..]), Some(&other_comp[..])),
        ] {
            let what = format!("curve {curve}, point {:?}", point.map(<[u8]>::len));
            let pki = pkcs8_layout(&d, curve, point);
            assert_eq!(
                SecretKey::from_pkcs8_der(&pki).map(|k| *k.to_bytes()),
                Ok(d),
                "{what}: plain"
            );
            assert_eq!(encrypted(&pki), Ok(d), "{what}: encrypted");
            let mut refused = vec![("trailing byte", [&pki[..], &[0]].concat())];
            if let Some(w) = wrong {
                refused.push(("another key's point", pkcs8_layout(&d, curve, Some(w))));
            }
            for bad_d in [[0u8; 32], n_minus_1] {
                refused.push(("d out of range", pkcs8_layout(&bad_d, curve, point)));
            }
            for at in [0, 4, 9, 30] {
                let mut p = pki.clone();
                p[at] ^= 0x40;
                refused.push(("a changed header byte", p));
            }
            for (why, p) in refused {
                assert!(
                    SecretKey::from_pkcs8_der(&p).is_err(),
                    "{what}: {why}: plain"
                );
                assert_eq!(encrypted(&p), Err(Error::Opaque), "{what}: {why}");
            }
        }
    }
}

fn hex_array(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex");
    }
    out
}
