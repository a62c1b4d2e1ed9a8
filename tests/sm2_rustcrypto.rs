//! Differential tests against RustCrypto `sm2` 0.14, an independent implementation: signatures
//! made here verify there and the reverse (default and custom IDs), ciphertexts in every format
//! decrypt on the other side, and the key encodings read each other's output.

use gmkit::sm2::dsa::Signature;
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{PublicKey, SecretKey, SigningKey, VerifyingKey};
use gmkit::sm3::Sm3;
use rand::{RngExt, SeedableRng};
use signature::{Signer, Verifier};

fn keys(rng: &mut impl rand::CryptoRng) -> (SecretKey, sm2::SecretKey) {
    let ours = SecretKey::random(rng);
    let theirs = sm2::SecretKey::from_slice(&ours.to_bytes()[..]).unwrap();
    (ours, theirs)
}

#[test]
fn public_keys_agree() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    for _ in 0..16 {
        let (ours, theirs) = keys(&mut rng);
        let pk = theirs.public_key();
        assert_eq!(
            &ours.public_key().to_sec1_uncompressed()[..],
            &pk.to_sec1_bytes()[..]
        );
        let compressed = sm2::elliptic_curve::sec1::ToSec1Point::to_sec1_point(&pk, true);
        assert_eq!(
            &ours.public_key().to_sec1_compressed()[..],
            compressed.as_bytes()
        );
        assert_eq!(
            PublicKey::from_sec1_bytes(compressed.as_bytes()).unwrap(),
            *ours.public_key()
        );
    }
}

#[test]
fn signatures_both_ways() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(2);
    for (i, id) in ["1234567812345678", "ALICE123@YAHOO.COM", "", "x"]
        .iter()
        .enumerate()
    {
        let (ours, theirs) = keys(&mut rng);
        let sk = SigningKey::with_id(ours, id.as_bytes()).unwrap();
        let vk = *sk.verifying_key();
        let rsk = sm2::dsa::SigningKey::new(id, &theirs).unwrap();
        let rvk = sm2::dsa::VerifyingKey::new(id, theirs.public_key()).unwrap();
        for len in [0usize, 1, 32, 100 + i] {
            let mut msg = vec![0u8; len];
            rng.fill(&mut msg[..]);
            // Here → there, raw and DER, hedged and deterministic.
            for sig in [
                sk.sign_with_rng(&mut rng, &msg),
                sk.sign_deterministic(&msg),
            ] {
                let r = sm2::dsa::Signature::from_bytes(&sig.to_bytes().into()).unwrap();
                rvk.verify(&msg, &r).unwrap();
                let rd = sm2::dsa::Signature::from_der(sig.to_der().as_ref()).unwrap();
                assert_eq!(rd, r);
                if !msg.is_empty() {
                    let mut other = msg.clone();
                    other[0] ^= 1;
                    assert!(rvk.verify(&other, &r).is_err());
                }
            }
            // There → here.
            let r: sm2::dsa::Signature = rsk.sign(&msg);
            let sig = Signature::from_bytes(&r.to_bytes().into()).unwrap();
            vk.verify(&msg, &sig).unwrap();
            vk.verify_der(&msg, r.to_der().as_bytes()).unwrap();
            Verifier::verify(&vk, &msg, &sig).unwrap();
            // Wrong ID fails.
            let wrong = VerifyingKey::with_id(*vk.public_key(), b"another id").unwrap();
            assert!(wrong.verify(&msg, &sig).is_err());
        }
    }
}

#[test]
fn deterministic_signer_trait() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let sk = SigningKey::random(&mut rng);
    let a: Signature = Signer::sign(&sk, b"abc");
    assert_eq!(a, sk.sign_deterministic(b"abc"));
    sk.verifying_key().verify(b"abc", &a).unwrap();
    // Hedged signatures differ from run to run and all verify.
    let b = sk.sign_with_rng(&mut rng, b"abc");
    let c = sk.sign_with_rng(&mut rng, b"abc");
    assert_ne!(b, c);
    sk.verifying_key().verify(b"abc", &b).unwrap();
}

#[test]
fn encryption_both_ways_every_format() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(4);
    let (ours, theirs) = keys(&mut rng);
    let pk = theirs.public_key();
    for (format, mode) in [
        (Format::C1C3C2, Some(sm2::pke::Mode::C1C3C2)),
        (Format::C1C2C3, Some(sm2::pke::Mode::C1C2C3)),
        (Format::Der, None),
    ] {
        let ek = EncryptingKey::<Sm3>::with_format(*ours.public_key(), format);
        let dk = DecryptingKey::<Sm3>::with_format(ours.clone(), format);
        let rek =
            sm2::pke::EncryptingKey::new_with_mode(pk, mode.unwrap_or(sm2::pke::Mode::C1C3C2));
        let rdk = sm2::pke::DecryptingKey::new_with_mode(
            theirs.to_nonzero_scalar(),
            mode.unwrap_or(sm2::pke::Mode::C1C3C2),
        );
        // Up to 1024 bytes decryption keeps M′ in scratch; above, it derives t twice.
        for len in [1usize, 19, 32, 33, 64, 257, 1024, 1025, 5000] {
            let mut msg = vec![0u8; len];
            rng.fill(&mut msg[..]);
            let ct = ek.encrypt(&mut rng, &msg).unwrap();
            let back = match mode {
                Some(_) => rdk.decrypt(&ct).unwrap(),
                None => rdk.decrypt_der(&ct).unwrap(),
            };
            assert_eq!(back, msg, "{format:?} here → there");
            let ct = match mode {
                Some(_) => rek.encrypt(&mut rng, &msg).unwrap(),
                None => rek.encrypt_der(&mut rng, &msg).unwrap(),
            };
            assert_eq!(dk.decrypt(&ct).unwrap(), msg, "{format:?} there → here");
            let mut buf = vec![0u8; len];
            assert_eq!(dk.decrypt_into(&ct, &mut buf).unwrap(), len);
            assert_eq!(buf, msg);
        }
    }
}

#[test]
fn key_encodings_interoperate() {
    use sm2::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    for _ in 0..4 {
        let (ours, theirs) = keys(&mut rng);
        // PKCS#8 DER and PEM, both directions.
        let der = ours.to_pkcs8_der();
        let parsed = sm2::SecretKey::from_pkcs8_der(&der[..]).unwrap();
        assert_eq!(parsed.to_bytes(), theirs.to_bytes());
        let rder = theirs.to_pkcs8_der().unwrap();
        assert_eq!(rder.as_bytes(), &der[..]);
        let back = SecretKey::from_pkcs8_der(rder.as_bytes()).unwrap();
        assert_eq!(back.to_bytes(), ours.to_bytes());
        let pem = ours.to_pkcs8_pem();
        assert_eq!(
            sm2::SecretKey::from_pkcs8_pem(&pem).unwrap().to_bytes(),
            theirs.to_bytes()
        );
        let rpem = theirs.to_pkcs8_pem(Default::default()).unwrap();
        assert_eq!(&**rpem, &**pem);
        assert_eq!(
            SecretKey::from_pem(&rpem).unwrap().to_bytes(),
            ours.to_bytes()
        );
        // SEC1 ECPrivateKey.
        let sec1 = ours.to_sec1_der();
        assert_eq!(
            sm2::SecretKey::from_sec1_der(&sec1[..]).unwrap().to_bytes(),
            theirs.to_bytes()
        );
        let rsec1 = theirs.to_sec1_der().unwrap();
        assert_eq!(&rsec1[..], &sec1[..]);
        assert_eq!(
            SecretKey::from_pem(&ours.to_sec1_pem()).unwrap().to_bytes(),
            ours.to_bytes()
        );
        // SPKI.
        let spki = ours.public_key().to_public_key_der();
        let rpk = sm2::PublicKey::from_public_key_der(&spki).unwrap();
        assert_eq!(rpk, theirs.public_key());
        let rspki = theirs.public_key().to_public_key_der().unwrap();
        assert_eq!(rspki.as_bytes(), &spki[..]);
        let pem = ours.public_key().to_public_key_pem();
        assert_eq!(sm2::PublicKey::from_public_key_pem(&pem).unwrap(), rpk);
        assert_eq!(
            PublicKey::from_public_key_pem(&pem).unwrap(),
            *ours.public_key()
        );
    }
}
