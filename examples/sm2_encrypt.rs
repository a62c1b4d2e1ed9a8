//! SM2 public-key encryption (GB/T 32918.4-2016) in the default DER format and in C1C3C2.
//!
//! ```sh
//! cargo run --example sm2_encrypt
//! ```
//!
//! A ciphertext is C1 (an ephemeral point), C3 (a hash of the message) and C2 (the message
//! masked with a KDF stream). How they are laid out is the [`Format`]:
//!
//! - [`Format::DEFAULT`] = [`Format::Der`]: GM/T 0009-2012 / GB/T 35276-2017 DER
//!   `SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }`, what OpenSSL 3,
//!   GmSSL and the `gmkit` CLI read and write. Use it unless a peer needs a raw layout.
//! - [`Format::C1C3C2`]: the raw concatenation of GB/T 32918.4-2016 §6.1 A8.
//! - [`Format::C1C2C3`]: the raw order of the 2010 draft, met in older systems.
//!
//! Both sides must use the same format: the bytes do not say which one they are in.

use gmkit::sm2::{DecryptingKey, EncryptingKey, Format, SecretKey};

fn main() -> Result<(), gmkit::Error> {
    let mut rng = rand::rng(); // the operating system's CSPRNG, through a thread-local ChaCha
    let secret = SecretKey::random(&mut rng);
    let msg = b"encryption standard";

    // --- The default format: DER -------------------------------------------------------------
    // `EncryptingKey::new` / `DecryptingKey::new` use `Format::DEFAULT`; SM3 is the hash.
    assert_eq!(Format::DEFAULT, Format::Der);
    let ek: EncryptingKey = EncryptingKey::new(*secret.public_key());
    let dk: DecryptingKey = DecryptingKey::new(secret.clone());
    let ct = ek.encrypt(&mut rng, msg)?;
    assert_eq!(ct[0], 0x30); // a DER SEQUENCE
    assert!(ct.len() <= ek.ciphertext_len(msg.len())); // an upper bound for DER
    assert_eq!(dk.decrypt(&ct)?, msg);
    // A fresh ephemeral k per call: the same message never gives the same ciphertext twice.
    assert_ne!(ct, ek.encrypt(&mut rng, msg)?);
    println!("DER ciphertext ({} bytes): {}", ct.len(), hex(&ct));

    // --- The raw GB/T 32918.4 layout C1 ‖ C3 ‖ C2 --------------------------------------------
    let ek_raw: EncryptingKey = EncryptingKey::with_format(*secret.public_key(), Format::C1C3C2);
    let dk_raw: DecryptingKey = DecryptingKey::with_format(secret.clone(), Format::C1C3C2);
    let ct_raw = ek_raw.encrypt(&mut rng, msg)?;
    // 65 bytes of uncompressed point (04 ‖ x ‖ y), 32 of SM3, then as many as the message.
    assert_eq!(ct_raw.len(), 65 + 32 + msg.len());
    assert_eq!(ct_raw[0], 0x04);
    assert_eq!(dk_raw.decrypt(&ct_raw)?, msg);
    // Into a caller's buffer, without allocating: `decrypt_into` says how much it wrote.
    let mut buf = [0u8; 64];
    let n = dk_raw.decrypt_into(&ct_raw, &mut buf)?;
    assert_eq!(&buf[..n], msg);
    println!(
        "C1C3C2 ciphertext ({} bytes): {}",
        ct_raw.len(),
        hex(&ct_raw)
    );

    // The formats do not mix: a DER key refuses the raw bytes and the reverse.
    assert!(dk.decrypt(&ct_raw).is_err());
    assert!(dk_raw.decrypt(&ct).is_err());

    // --- Tampering ---------------------------------------------------------------------------
    // Any change — in C1, C3 or C2, a byte cut or added — is one opaque error and no plaintext,
    // so an attacker learns nothing about which check failed.
    for i in [10, 70, ct_raw.len() - 1] {
        let mut bad = ct_raw.clone();
        bad[i] ^= 0x01;
        assert_eq!(dk_raw.decrypt(&bad), Err(gmkit::Error::Opaque), "byte {i}");
    }
    assert_eq!(
        dk_raw.decrypt(&ct_raw[..ct_raw.len() - 1]),
        Err(gmkit::Error::Opaque)
    );
    let mut bad = ct.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x80;
    let mut out = [0xaau8; 64];
    assert_eq!(dk.decrypt_into(&bad, &mut out), Err(gmkit::Error::Opaque));
    assert_ne!(&out[..msg.len()], msg); // nothing of the message reached the buffer
    println!("changed ciphertexts are refused, nothing released");

    // --- The worked example of GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex C -------------------
    // sm2p256v1, d_B = 3945…c5b8, "encryption standard" encrypted with k = 5927…bc21; the
    // standard prints C1, C3 and C2, here in each of the three layouts.
    let d_b = SecretKey::from_slice(&unhex(
        "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8",
    ))?;
    let c1 = "0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73\
              e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0";
    let c3 = "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766";
    let c2 = "21886ca989ca9c7d58087307ca93092d651efa";
    // The DER form of the same C1, C3, C2 (x has no top bit, y has one: INTEGER 00 ‖ y).
    let der = "307c022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73\
               022100e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0\
               042059983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766\
               041321886ca989ca9c7d58087307ca93092d651efa";
    let cases = [
        (Format::C1C3C2, format!("{c1}{c3}{c2}")),
        (Format::C1C2C3, format!("{c1}{c2}{c3}")),
        (Format::Der, der.to_string()),
    ];
    for (format, ct) in cases {
        let dk: DecryptingKey = DecryptingKey::with_format(d_b.clone(), format);
        assert_eq!(dk.decrypt(&unhex(&ct))?, msg, "{format:?}");
    }
    println!("GB/T 32918.5 Annex C: decrypts in all three layouts");
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
