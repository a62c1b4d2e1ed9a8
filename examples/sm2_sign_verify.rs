//! SM2 signatures (GB/T 32918.2-2016) with keys in PEM files.
//!
//! ```sh
//! cargo run --example sm2_sign_verify
//! ```
//!
//! 1. Read a key pair OpenSSL wrote (PKCS#8 `PRIVATE KEY`, SPKI `PUBLIC KEY`; also a
//!    password-encrypted PKCS#8 copy), and write them back byte for byte.
//! 2. Make a fresh key, write it as PEM, read it back.
//! 3. Sign with the default ID and with a custom ID; verify; show both signature encodings
//!    (DER, as OpenSSL and GmSSL write it, and raw r ‖ s); refuse a changed message, a changed
//!    signature and the wrong ID.
//! 4. Check the worked example of GB/T 32918.5-2017 Annex A (Z_A, e and the signature).

use gmkit::sm2::{
    DEFAULT_ID, PublicKey, SecretKey, Signature, SigningKey, VerifyingKey, dsa::DerSignature,
};

/// The key fixtures of the test suite, made with `openssl genpkey -algorithm SM2` and friends
/// (tests/data/sm2/README.md). Test-only keys: never use them for anything else.
const OPENSSL_KEY: &str = include_str!("../tests/data/sm2/genpkey.pem");
const OPENSSL_PUB: &str = include_str!("../tests/data/sm2/genpkey_pub.pem");
/// `openssl pkcs8 -topk8 -v2 aes-256-cbc` of the same key (PBKDF2-HMAC-SHA256, 2048 iterations).
const OPENSSL_ENC_KEY: &str = include_str!("../tests/data/sm2/enc_aes256.pem");
const OPENSSL_ENC_PASSWORD: &[u8] = b"gmkit-test-password";

fn main() -> Result<(), gmkit::Error> {
    // --- 1. A key pair from OpenSSL ----------------------------------------------------------
    let secret = SecretKey::from_pem(OPENSSL_KEY)?;
    let public = PublicKey::from_public_key_pem(OPENSSL_PUB)?;
    // OpenSSL wrote the public key from the same private key: gmkit derives the same point.
    assert_eq!(secret.public_key(), &public);
    // gmkit writes PKCS#8 and SPKI exactly as OpenSSL does (same DER, 64-column base64).
    assert_eq!(secret.to_pkcs8_pem().as_str(), OPENSSL_KEY);
    assert_eq!(public.to_public_key_pem(), OPENSSL_PUB);
    // The encrypted copy decrypts to the same key; a wrong password is one opaque error.
    let decrypted = SecretKey::from_pkcs8_encrypted_pem(OPENSSL_ENC_KEY, OPENSSL_ENC_PASSWORD)?;
    assert_eq!(decrypted.public_key(), &public);
    assert_eq!(
        SecretKey::from_pkcs8_encrypted_pem(OPENSSL_ENC_KEY, b"wrong password").err(),
        Some(gmkit::Error::Opaque)
    );
    println!("OpenSSL's key pair read; gmkit writes the same PEM:\n{OPENSSL_PUB}");

    // --- 2. A fresh key, through PEM ---------------------------------------------------------
    // `rand::rng()` is the operating system's CSPRNG (through a ChaCha-based thread RNG).
    let mut rng = rand::rng();
    let fresh = SecretKey::random(&mut rng);
    let key_pem = fresh.to_pkcs8_pem(); // wiped on drop, like every secret gmkit hands out
    let pub_pem = fresh.public_key().to_public_key_pem();
    assert!(key_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let fresh_again = SecretKey::from_pem(&key_pem)?;
    assert_eq!(fresh_again.to_bytes(), fresh.to_bytes());
    assert_eq!(
        &PublicKey::from_public_key_pem(&pub_pem)?,
        fresh.public_key()
    );
    println!("a fresh key's public half:\n{pub_pem}");

    // --- 3. Sign and verify ------------------------------------------------------------------
    let msg = b"transfer 100 to account 42";

    // The default ID is GM/T 0009's 1234567812345678; it goes into Z_A, the hash of the signer's
    // identity that is prefixed to the message (GB/T 32918.2 §5.5).
    let signer = SigningKey::new(secret.clone());
    let verifier = VerifyingKey::new(public);
    assert_eq!(DEFAULT_ID, b"1234567812345678");

    // A fresh k each time (hedged with the key and message: a broken RNG cannot leak the key).
    let sig: Signature = signer.sign_with_rng(&mut rng, msg);
    assert_ne!(sig, signer.sign_with_rng(&mut rng, msg));
    verifier.verify(msg, &sig)?;

    // Two encodings of the same (r, s): DER `SEQUENCE { INTEGER r, INTEGER s }` (GM/T 0009,
    // what `openssl pkeyutl -sign` and GmSSL write: 70 to 72 bytes) and raw r ‖ s (64 bytes).
    let der: DerSignature = sig.to_der();
    let raw: [u8; 64] = sig.to_bytes();
    assert_eq!(der.as_ref()[0], 0x30);
    assert!((8..=72).contains(&der.as_ref().len()));
    verifier.verify_der(msg, der.as_ref())?;
    assert_eq!(Signature::from_der(der.as_ref())?, sig);
    assert_eq!(Signature::from_bytes(&raw)?, sig);
    println!("signature, DER:     {}", hex(der.as_ref()));
    println!("signature, r ‖ s:   {}", hex(&raw));

    // Changed message, changed signature: refused.
    assert_eq!(
        verifier.verify(b"transfer 900 to account 42", &sig),
        Err(gmkit::Error::InvalidSignature)
    );
    let mut bad = raw;
    bad[63] ^= 1;
    assert!(verifier.verify(msg, &Signature::from_bytes(&bad)?).is_err());
    println!("a changed message or signature is refused");

    // A custom ID: signer and verifier must agree on it, or nothing verifies.
    let id = b"alice@example.com";
    let alice = SigningKey::with_id(secret, id)?;
    let alice_verifier = VerifyingKey::with_id(public, id)?;
    let sig_id = alice.sign_with_rng(&mut rng, msg);
    alice_verifier.verify(msg, &sig_id)?;
    assert!(verifier.verify(msg, &sig_id).is_err()); // default ID: a different Z_A
    assert!(alice_verifier.verify(msg, &sig).is_err());
    println!(
        "ID {:?}: verifies under that ID only",
        core::str::from_utf8(id).unwrap()
    );

    // Without an RNG, k is derived from the key and message (RFC 6979 with HMAC-SM3).
    let det = signer.sign_deterministic(msg);
    assert_eq!(det, signer.sign_deterministic(msg));
    verifier.verify(msg, &det)?;

    // --- 4. The worked example of GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A ---------------
    // sm2p256v1, d = 3945…c5b8, the default ID, message "message digest", k = 5927…bc21.
    let d = SecretKey::from_slice(&unhex(
        "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8",
    ))?;
    let std_verifier = VerifyingKey::new(*d.public_key());
    assert_eq!(
        hex(&d.public_key().x()),
        "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    );
    assert_eq!(
        hex(std_verifier.za()),
        "b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3"
    );
    assert_eq!(
        hex(&std_verifier.digest(b"message digest")),
        "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640"
    );
    let std_sig = Signature::from_slice(&unhex(concat!(
        "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3",
        "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa",
    )))?;
    std_verifier.verify(b"message digest", &std_sig)?;
    // r and s have their top bit set, so each DER INTEGER takes a leading 00: 72 bytes.
    assert_eq!(std_sig.to_der().as_ref().len(), 72);
    println!("GB/T 32918.5 Annex A: Z_A, e and the signature check out");
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
