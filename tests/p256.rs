//! ECDSA-P256-SHA256 and ECDH-P256 (`gmkit::intl::p256`): the published examples of RFC 6979
//! §A.2.5 and RFC 5903 §8.1, every API shape (gmkit's traits, the `signature` traits, DER and
//! P1363), and strict parsing. The Wycheproof files run through `tests/kat.rs`.

use gmkit::intl::p256::{
    DerSignature, Ecdh, EphemeralSecret, P1363, PublicKey, SecretKey, Signature, SigningKey,
    VerifyingKey,
};
use gmkit::{Error, KeyAgreement, Sign, Verify};
use rand::SeedableRng;
use rand::rngs::StdRng;
use zeroize::ZeroizeOnDrop;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn arr32(s: &str) -> [u8; 32] {
    unhex(s).try_into().unwrap()
}

// RFC 6979 §A.2.5: the P-256 key and its SHA-256 signatures of "sample" and "test".
const X: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const UX: &str = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const UY: &str = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const SIGS: [(&str, &str, &str); 2] = [
    (
        "sample",
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
    ),
    (
        "test",
        "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
        "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
    ),
];

/// DER `SEQUENCE { INTEGER r, INTEGER s }` of 32-byte r and s (X.690 §8.3: minimal, with a
/// leading 00 when the top bit is set).
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let v = &v[v.iter().position(|&b| b != 0).unwrap_or(v.len() - 1)..];
        let pad = usize::from(v[0] & 0x80 != 0);
        let mut out = vec![0x02, (v.len() + pad) as u8];
        out.extend(std::iter::repeat_n(0, pad));
        out.extend_from_slice(v);
        out
    };
    let body = [int(r), int(s)].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

/// RFC 5480 SubjectPublicKeyInfo of an uncompressed P-256 point: id-ecPublicKey, prime256v1.
fn spki(point: &[u8]) -> Vec<u8> {
    let prefix = unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    [&prefix[..], point].concat()
}

fn rfc6979_key() -> SigningKey {
    SigningKey::from_bytes(&arr32(X)).unwrap()
}

#[test]
fn rfc6979_deterministic_signatures() {
    let key = rfc6979_key();
    let vk = key.verifying_key();
    let q = [&[4u8][..], &unhex(UX), &unhex(UY)].concat();
    assert_eq!(vk.public_key().to_sec1_uncompressed()[..], q[..]);
    assert_eq!(VerifyingKey::from_sec1_bytes(&q).unwrap(), vk);
    assert_eq!(VerifyingKey::from_public_key_der(&spki(&q)).unwrap(), vk);
    for (msg, r, s) in SIGS {
        let (msg, r, s) = (msg.as_bytes(), unhex(r), unhex(s));
        let raw = [&r[..], &s[..]].concat();
        let der = der(&r, &s);
        // The `signature` traits, passed through: RFC 6979 k.
        let sig: Signature = signature::Signer::sign(&key, msg);
        assert_eq!(sig.to_bytes()[..], raw[..]);
        let sig_der: DerSignature = signature::Signer::sign(&key, msg);
        assert_eq!(sig_der.as_bytes(), &der[..]);
        signature::Verifier::verify(&vk, msg, &sig).unwrap();
        signature::Verifier::verify(&vk, msg, &sig_der).unwrap();
        // gmkit's shapes.
        vk.verify(msg, &sig).unwrap();
        vk.verify_der(msg, &der).unwrap();
        vk.verify_p1363(msg, &raw).unwrap();
        vk.verify_msg(msg, &der).unwrap();
        P1363(vk).verify_msg(msg, &raw).unwrap();
        // A changed message, or the other encoding, is refused.
        let other = b"samplf";
        assert_eq!(vk.verify_der(other, &der), Err(Error::InvalidSignature));
        assert_eq!(vk.verify_msg(msg, &raw), Err(Error::InvalidSignature));
        assert_eq!(
            P1363(vk).verify_msg(msg, &der),
            Err(Error::InvalidSignature)
        );
    }
}

#[test]
fn randomized_signatures_round_trip() {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let key = SigningKey::random(&mut rng);
    let vk = signature::Keypair::verifying_key(&key);
    for len in [0usize, 1, 63, 64, 1000] {
        let msg = vec![len as u8; len];
        let der = key.sign_msg(&mut rng, &msg);
        vk.verify_msg(&msg, der.as_ref()).unwrap();
        let raw = P1363(key.clone()).sign_msg(&mut rng, &msg);
        P1363(vk).verify_msg(&msg, &raw).unwrap();
        let sig: Signature = signature::RandomizedSigner::sign_with_rng(&key, &mut rng, &msg);
        vk.verify(&msg, &sig).unwrap();
        // Hedged: a second signature of the same message differs.
        assert_ne!(key.sign_msg(&mut rng, &msg).as_bytes(), der.as_bytes());
        assert!(
            vk.verify_msg(&[&msg[..], b"x"].concat(), der.as_ref())
                .is_err()
        );
    }
}

#[test]
fn signatures_are_parsed_strictly() {
    let vk = rfc6979_key().verifying_key();
    let (msg, r, s) = SIGS[0];
    let (msg, r, s) = (msg.as_bytes(), unhex(r), unhex(s));
    let good = der(&r, &s);
    let raw = [&r[..], &s[..]].concat();
    let n = unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let mut long_form = vec![0x30, 0x81, good[1]];
    long_form.extend_from_slice(&good[2..]);
    for bad in [
        [&good[..], &[0]].concat(),    // trailing byte
        good[..good.len() - 1].into(), // truncated
        long_form,                     // non-minimal length
        der(&[0; 32], &s),             // r = 0
        der(&r, &n),                   // s = n
    ] {
        assert_eq!(vk.verify_der(msg, &bad), Err(Error::InvalidSignature));
    }
    for bad in [
        &raw[..63],
        &[&raw[..], &[0]].concat(),
        &[&r[..], &n].concat(),
    ] {
        assert_eq!(vk.verify_p1363(msg, bad), Err(Error::InvalidSignature));
    }
}

// RFC 5903 §8.1 (256-bit random ECP group).
const I: &str = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
const GI: &str = "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c37725811805271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
const R: &str = "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53";
const GR: &str = "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf6356fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
const GIR_X: &str = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

#[test]
fn rfc5903_ecdh() {
    let (i, r) = (
        SecretKey::from_bytes(&arr32(I)).unwrap(),
        SecretKey::from_bytes(&arr32(R)).unwrap(),
    );
    let (gi, gr) = (unhex(GI), unhex(GR));
    assert_eq!(i.public_key().to_sec1_uncompressed()[..], gi[..]);
    assert_eq!(r.public_key().to_sec1_uncompressed()[..], gr[..]);
    assert_eq!(i.to_bytes()[..], unhex(I)[..]);
    let z = unhex(GIR_X);
    let gr_key = PublicKey::from_sec1_bytes(&gr).unwrap();
    assert_eq!(i.diffie_hellman(&gr_key)[..], z[..]);
    for peer in [gr.clone(), spki(&gr), gr_key.to_sec1_compressed().to_vec()] {
        assert_eq!(i.diffie_hellman_encoded(&peer).unwrap()[..], z[..]);
    }
    assert_eq!(r.diffie_hellman_encoded(&gi).unwrap()[..], z[..]);
    // Secrets zeroize on drop (checked at compile time).
    fn zeroizes<T: ZeroizeOnDrop>() {}
    zeroizes::<SecretKey>();
    zeroizes::<SigningKey>();
    zeroizes::<EphemeralSecret>();
}

#[test]
fn ephemeral_key_agreement() {
    let mut rng = StdRng::seed_from_u64(7);
    let (ea, ma) = Ecdh.start(&mut rng);
    let (eb, mb) = Ecdh.start(&mut rng);
    let (mut ka, mut kb) = ([0u8; 32], [0u8; 32]);
    Ecdh.finish(ea, &mb, &mut ka).unwrap();
    Ecdh.finish(eb, &spki(&ma), &mut kb).unwrap();
    assert_eq!(ka, kb);
    assert_ne!(ka, [0u8; 32]);
    let (e, _) = Ecdh.start(&mut rng);
    assert_eq!(
        Ecdh.finish(e, &mb, &mut [0u8; 31]),
        Err(Error::InvalidLength)
    );
    let mut off_curve = mb;
    off_curve[64] ^= 1;
    let (e, _) = Ecdh.start(&mut rng);
    assert_eq!(
        Ecdh.finish(e, &off_curve, &mut ka),
        Err(Error::InvalidPublicKey)
    );
}

#[test]
fn public_keys_are_parsed_strictly() {
    let gr = unhex(GR);
    let good = spki(&gr);
    assert_eq!(
        PublicKey::from_public_key_der(&[&good[..], &[0]].concat()),
        Err(Error::InvalidEncoding)
    );
    // The same point under the SM2 curve OID (1.2.156.10197.1.301).
    let sm2 = [
        &unhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")[..],
        &gr,
    ]
    .concat();
    assert_eq!(
        PublicKey::from_public_key_der(&sm2),
        Err(Error::InvalidPublicKey)
    );
    let mut off = gr.clone();
    off[64] ^= 1;
    assert_eq!(
        PublicKey::from_public_key_der(&spki(&off)),
        Err(Error::InvalidPublicKey)
    );
    let mut hybrid = gr.clone();
    hybrid[0] = 6 | (gr[64] & 1);
    for bad in [&[0u8][..], &gr[..64], &hybrid, &off] {
        assert_eq!(
            PublicKey::from_sec1_bytes(bad),
            Err(Error::InvalidPublicKey)
        );
    }
    let x: [u8; 32] = gr[1..33].try_into().unwrap();
    let y: [u8; 32] = gr[33..].try_into().unwrap();
    assert_eq!(
        PublicKey::from_affine_coordinates(&x, &y).unwrap(),
        PublicKey::from_sec1_bytes(&gr).unwrap()
    );
}
