//! The `serde` feature: SM2 public keys and signatures through serde_json (human-readable: hex
//! strings) and CBOR (`ciborium`, binary: byte strings), strict on input. Values from GB/T
//! 32918.5-2017 (= GM/T 0003.5-2012) Annex A on sm2p256v1.

use gmkit::sm2::dsa::{DerSignature, Signature};
use gmkit::sm2::{PublicKey, SecretKey};

const PUB: &str = "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020\
                   ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
const R: &str = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3";
const S: &str = "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
const DER: &str = "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720\
                   b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
// n of sm2p256v1 (GB/T 32918.5 §3).
const N: &str = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
// p of sm2p256v1.
const P: &str = "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff";

fn h(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(s)
}

fn cbor<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(v, &mut out).unwrap();
    out
}

fn from_cbor<T: serde::de::DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    ciborium::from_reader(b).map_err(|e| e.to_string())
}

/// A CBOR byte string (major type 2) with a one-byte length.
fn cbor_bytes(b: &[u8]) -> Vec<u8> {
    let mut out = vec![0x58, u8::try_from(b.len()).unwrap()];
    out.extend_from_slice(b);
    out
}

#[test]
fn public_key_json() {
    let pk = PublicKey::from_sec1_bytes(&h(PUB)).unwrap();
    let s = serde_json::to_string(&pk).unwrap();
    assert_eq!(s, format!("\"{PUB}\""));
    assert_eq!(json::<PublicKey>(&s).unwrap(), pk);
    // Upper case and the compressed form are read too.
    assert_eq!(
        json::<PublicKey>(&format!("\"{}\"", PUB.to_uppercase())).unwrap(),
        pk
    );
    let compressed: String = pk
        .to_sec1_compressed()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(json::<PublicKey>(&format!("\"{compressed}\"")).unwrap(), pk);
    // Inside a container.
    let other = *SecretKey::from_bytes(&[7; 32]).unwrap().public_key();
    let both = serde_json::to_string(&vec![pk, other]).unwrap();
    assert_eq!(json::<Vec<PublicKey>>(&both).unwrap(), vec![pk, other]);
}

#[test]
fn public_key_json_refused() {
    // Off the curve: the last byte of y changed.
    let mut off = h(PUB);
    off[64] ^= 1;
    let off: String = off.iter().map(|b| format!("{b:02x}")).collect();
    assert!(json::<PublicKey>(&format!("\"{off}\"")).is_err());
    // x = p (not reduced), the point at infinity, hybrid form, odd length, non-hex, too long,
    // wrong JSON type.
    for bad in [
        format!("\"04{P}{}\"", &PUB[66..]),
        "\"00\"".to_string(),
        format!("\"06{}\"", &PUB[2..]),
        format!("\"{}\"", &PUB[..129]),
        format!("\"{}zz\"", &PUB[..128]),
        format!("\"{PUB}00\""),
        "\"\"".to_string(),
        "4".to_string(),
        "[4, 9]".to_string(),
    ] {
        assert!(json::<PublicKey>(&bad).is_err(), "{bad}");
    }
}

#[test]
fn signatures_json() {
    let raw = Signature::from_slice(&h(&format!("{R}{S}"))).unwrap();
    let s = serde_json::to_string(&raw).unwrap();
    assert_eq!(s, format!("\"{R}{S}\""));
    assert_eq!(json::<Signature>(&s).unwrap(), raw);
    let der = DerSignature::from_der(&h(DER)).unwrap();
    let s = serde_json::to_string(&der).unwrap();
    assert_eq!(s, format!("\"{DER}\""));
    assert_eq!(json::<DerSignature>(&s).unwrap(), der);

    // r = 0, s = n, 63 bytes: refused.
    let zero = "00".repeat(32);
    for bad in [
        format!("\"{zero}{S}\""),
        format!("\"{R}{N}\""),
        format!("\"{R}{}\"", &S[..62]),
    ] {
        assert!(json::<Signature>(&bad).is_err(), "{bad}");
    }
    // Non-minimal DER (r with a superfluous 00), trailing bytes, truncation: refused.
    let lax = DER.replacen("30460221", "3047022200", 1);
    for bad in [
        format!("\"{lax}\""),
        format!("\"{DER}00\""),
        format!("\"{}\"", &DER[..DER.len() - 2]),
    ] {
        assert!(json::<DerSignature>(&bad).is_err(), "{bad}");
    }
}

#[test]
fn binary_formats_use_bytes() {
    let pk = PublicKey::from_sec1_bytes(&h(PUB)).unwrap();
    let b = cbor(&pk);
    assert_eq!(b, cbor_bytes(&h(PUB)));
    assert_eq!(from_cbor::<PublicKey>(&b).unwrap(), pk);
    let raw = Signature::from_slice(&h(&format!("{R}{S}"))).unwrap();
    assert_eq!(cbor(&raw), cbor_bytes(&h(&format!("{R}{S}"))));
    assert_eq!(from_cbor::<Signature>(&cbor(&raw)).unwrap(), raw);
    let der = DerSignature::from_der(&h(DER)).unwrap();
    assert_eq!(cbor(&der), cbor_bytes(&h(DER)));
    assert_eq!(from_cbor::<DerSignature>(&cbor(&der)).unwrap(), der);

    // A sequence of byte values is read as well (formats without a byte-string type).
    assert_eq!(from_cbor::<PublicKey>(&cbor(&h(PUB))).unwrap(), pk);
    // Off the curve, too long: refused.
    let mut off = h(PUB);
    off[64] ^= 1;
    assert!(from_cbor::<PublicKey>(&cbor_bytes(&off)).is_err());
    let mut long = h(PUB);
    long.push(0);
    assert!(from_cbor::<PublicKey>(&cbor_bytes(&long)).is_err());
    let mut zero_r = h(&format!("{R}{S}"));
    zero_r[..32].fill(0);
    assert!(from_cbor::<Signature>(&cbor_bytes(&zero_r)).is_err());
}
