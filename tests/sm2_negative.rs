//! Inputs SM2 must refuse: out-of-range and malleated signatures, non-strict DER, wrong IDs,
//! invalid points, out-of-range secret keys, tampered and truncated ciphertexts, bad key files.

use gmkit::Error;
use gmkit::sm2::dsa::Signature;
use gmkit::sm2::kex::{KeyExchange, Role};
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{PublicKey, SecretKey, SigningKey, VerifyingKey};
use gmkit::sm3::Sm3;
use rand::SeedableRng;

const N: &str = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
const P: &str = "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff";

fn h(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn h32(s: &str) -> [u8; 32] {
    h(s).try_into().unwrap()
}

/// Big-endian 32-byte a + k (k small, no overflow past 2²⁵⁶ in these uses).
fn plus(a: &[u8; 32], k: i64) -> [u8; 32] {
    let mut v = *a;
    let mut carry = k;
    for b in v.iter_mut().rev() {
        let t = *b as i64 + carry;
        *b = t.rem_euclid(256) as u8;
        carry = t.div_euclid(256);
    }
    v
}

fn sub_from_n(x: &[u8; 32]) -> [u8; 32] {
    // n − x by byte-wise borrow.
    let n = h32(N);
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let t = n[i] as i16 - x[i] as i16 - borrow;
        out[i] = t.rem_euclid(256) as u8;
        borrow = (t < 0) as i16;
    }
    out
}

fn signing_key() -> SigningKey {
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    SigningKey::random(&mut rng)
}

#[test]
fn signature_ranges() {
    let n = h32(N);
    let one = plus(&[0; 32], 1);
    for bad in [[0u8; 32], n, plus(&n, 1), [0xff; 32]] {
        assert_eq!(
            Signature::from_components(&bad, &one).unwrap_err(),
            Error::InvalidSignature
        );
        assert_eq!(
            Signature::from_components(&one, &bad).unwrap_err(),
            Error::InvalidSignature
        );
    }
    assert!(Signature::from_components(&plus(&n, -1), &plus(&n, -1)).is_ok());
    assert!(Signature::from_slice(&[1u8; 63]).is_err());
}

#[test]
fn malleated_and_wrong_id_signatures_fail() {
    let sk = signing_key();
    let vk = sk.verifying_key();
    let msg = b"transfer 10 coins";
    let sig = sk.sign_deterministic(msg);
    vk.verify(msg, &sig).unwrap();
    // s ↔ n − s, r ↔ n − r, swapped components.
    let s_neg = Signature::from_components(&sig.r(), &sub_from_n(&sig.s())).unwrap();
    let r_neg = Signature::from_components(&sub_from_n(&sig.r()), &sig.s()).unwrap();
    let swapped = Signature::from_components(&sig.s(), &sig.r()).unwrap();
    for bad in [s_neg, r_neg, swapped] {
        assert_eq!(vk.verify(msg, &bad).unwrap_err(), Error::InvalidSignature);
    }
    // r + s = n makes t = 0 (B5).
    let t0 = Signature::from_components(&sig.r(), &sub_from_n(&sig.r())).unwrap();
    assert!(vk.verify(msg, &t0).is_err());
    // Another ID, another key, another message.
    let other_id = VerifyingKey::with_id(*vk.public_key(), b"1234567812345679").unwrap();
    assert!(other_id.verify(msg, &sig).is_err());
    assert!(signing_key_2().verifying_key().verify(msg, &sig).is_err());
    assert!(vk.verify(b"transfer 11 coins", &sig).is_err());
    // IDs longer than 8191 bytes cannot be encoded in ENTL.
    assert_eq!(
        VerifyingKey::with_id(*vk.public_key(), &vec![0x41; 8192]).unwrap_err(),
        Error::InvalidParameter
    );
    assert!(VerifyingKey::with_id(*vk.public_key(), &vec![0x41; 8191]).is_ok());
}

fn signing_key_2() -> SigningKey {
    let mut rng = rand::rngs::StdRng::seed_from_u64(10);
    SigningKey::random(&mut rng)
}

#[test]
fn der_signatures_are_strict() {
    let sk = signing_key();
    let vk = sk.verifying_key();
    let msg = b"m";
    let sig = sk.sign_deterministic(msg);
    let der = sig.to_der().as_ref().to_vec();
    vk.verify_der(msg, &der).unwrap();
    let (r, s) = (sig.r(), sig.s());
    let int = |v: &[u8]| {
        let mut o = vec![2u8, v.len() as u8];
        o.extend_from_slice(v);
        o
    };
    let seq = |body: Vec<u8>| {
        let mut o = vec![0x30u8, body.len() as u8];
        o.extend(body);
        o
    };
    let minimal = |v: &[u8; 32]| {
        let mut v = v.to_vec();
        while v.len() > 1 && v[0] == 0 && v[1] & 0x80 == 0 {
            v.remove(0);
        }
        if v[0] & 0x80 != 0 {
            v.insert(0, 0);
        }
        v
    };
    let (rm, sm) = (minimal(&r), minimal(&s));
    assert_eq!(seq([int(&rm), int(&sm)].concat()), der);
    let mut cases: Vec<Vec<u8>> = Vec::new();
    // Non-minimal integer: an extra leading zero.
    cases.push(seq([int(&[&[0][..], &rm].concat()), int(&sm)].concat()));
    // Negative integer: sign byte stripped from a high-bit value, or a high bit forced.
    let mut neg = rm.clone();
    neg[0] |= 0x80;
    if rm[0] == 0 {
        neg = rm[1..].to_vec();
    }
    cases.push(seq([int(&neg), int(&sm)].concat()));
    // Trailing byte after the SEQUENCE; an extra element inside it.
    cases.push([der.clone(), vec![0]].concat());
    cases.push(seq([int(&rm), int(&sm), int(&[1])].concat()));
    // Long-form length where short form is required.
    let mut long = vec![0x30u8, 0x81, (der.len() - 2) as u8];
    long.extend_from_slice(&der[2..]);
    cases.push(long);
    // Truncated; wrong outer tag; r of 33 significant bytes.
    cases.push(der[..der.len() - 1].to_vec());
    let mut tag = der.clone();
    tag[0] = 0x31;
    cases.push(tag);
    cases.push(seq([int(&[&[1][..], &r].concat()), int(&sm)].concat()));
    // r = 0 and s = n encoded minimally.
    cases.push(seq([int(&[0]), int(&sm)].concat()));
    cases.push(seq([int(&rm), int(&minimal(&h32(N)))].concat()));
    for (i, bad) in cases.iter().enumerate() {
        assert_eq!(
            Signature::from_der(bad).unwrap_err(),
            Error::InvalidSignature,
            "case {i}"
        );
        assert!(vk.verify_der(msg, bad).is_err(), "case {i}");
    }
}

#[test]
fn invalid_public_keys() {
    let sk = signing_key();
    let good = sk.verifying_key().public_key().to_sec1_uncompressed();
    let mut off = good;
    off[64] ^= 1;
    let mut hybrid = good;
    hybrid[0] = 6 | (good[64] & 1);
    let mut x_is_p = vec![4u8];
    x_is_p.extend_from_slice(&h(P));
    x_is_p.extend_from_slice(&good[33..]);
    let mut zero = vec![4u8];
    zero.extend_from_slice(&[0; 64]);
    let cases: Vec<Vec<u8>> = vec![
        off.to_vec(),
        vec![0],
        zero,
        x_is_p,
        hybrid.to_vec(),
        good[..64].to_vec(),
        [&good[..], &[0]].concat(),
        vec![],
        [&[5u8][..], &good[1..]].concat(),
    ];
    for (i, bad) in cases.iter().enumerate() {
        assert_eq!(
            PublicKey::from_sec1_bytes(bad).unwrap_err(),
            Error::InvalidPublicKey,
            "case {i}"
        );
    }
    // A compressed x with no point on the curve: find one by trying small x.
    let no_point = (1u8..=255)
        .map(|x| {
            let mut c = [0u8; 33];
            c[0] = 2;
            c[32] = x;
            c
        })
        .find(|c| PublicKey::from_sec1_bytes(c).is_err())
        .unwrap();
    assert!(PublicKey::from_sec1_bytes(&[&[3u8][..], &no_point[1..]].concat()).is_err());
    let mut y_p = [0u8; 32];
    y_p.copy_from_slice(&h(P));
    assert!(PublicKey::from_affine_coordinates(&good[1..33].try_into().unwrap(), &y_p).is_err());
}

#[test]
fn secret_key_range() {
    let n = h32(N);
    for bad in [[0u8; 32], plus(&n, -1), n, plus(&n, 1), [0xff; 32]] {
        assert_eq!(
            SecretKey::from_bytes(&bad).unwrap_err(),
            Error::InvalidPrivateKey
        );
    }
    assert!(SecretKey::from_bytes(&plus(&n, -2)).is_ok());
    assert!(SecretKey::from_bytes(&plus(&[0; 32], 1)).is_ok());
    assert!(SecretKey::from_slice(&[1u8; 31]).is_err());
}

#[test]
fn tampered_and_truncated_ciphertexts() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    let sk = SecretKey::random(&mut rng);
    let other = SecretKey::random(&mut rng);
    let msg = b"side-chain payload, 38 bytes long....";
    for format in [Format::C1C3C2, Format::C1C2C3, Format::Der] {
        let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), format);
        let dk = DecryptingKey::<Sm3>::with_format(sk.clone(), format);
        let ct = ek.encrypt(&mut rng, msg).unwrap();
        assert_eq!(dk.decrypt(&ct).unwrap(), msg);
        let mut bad: Vec<Vec<u8>> = Vec::new();
        for i in [1usize, 40, 64, 66, 90, 100, ct.len() - 1] {
            let mut t = ct.clone();
            t[i] ^= 0x01;
            bad.push(t);
        }
        bad.push(ct[..ct.len() - 1].to_vec());
        bad.push([&ct[..], &[0]].concat());
        bad.push(ct[..97].to_vec());
        bad.push(ct[..65].to_vec());
        bad.push(Vec::new());
        for (i, t) in bad.iter().enumerate() {
            let mut out = vec![0x55u8; 64];
            assert_eq!(
                dk.decrypt_into(t, &mut out).unwrap_err(),
                Error::Opaque,
                "{format:?} case {i}"
            );
            assert!(
                out.iter().all(|&b| b == 0x55),
                "{format:?} case {i}: output touched"
            );
        }
        // Another recipient's key: C3 fails.
        let dk2 = DecryptingKey::<Sm3>::with_format(other.clone(), format);
        assert_eq!(dk2.decrypt(&ct).unwrap_err(), Error::Opaque);
        // A C1 that is the negated point: on the curve, wrong shared secret.
        if format == Format::C1C3C2 {
            let mut t = ct.clone();
            let pk = PublicKey::from_sec1_bytes(&t[..65]).unwrap();
            let mut y = pk.y();
            // p − y.
            let p = h32(P);
            let mut borrow = 0i16;
            for i in (0..32).rev() {
                let v = p[i] as i16 - y[i] as i16 - borrow;
                y[i] = v.rem_euclid(256) as u8;
                borrow = (v < 0) as i16;
            }
            t[33..65].copy_from_slice(&y);
            assert!(PublicKey::from_sec1_bytes(&t[..65]).is_ok());
            assert_eq!(dk.decrypt(&t).unwrap_err(), Error::Opaque);
        }
    }
    let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), Format::C1C3C2);
    assert_eq!(ek.encrypt(&mut rng, b"").unwrap_err(), Error::InvalidLength);
    // Over 64 KiB: DER lengths take three octets (OpenSSL writes and reads these).
    let big = vec![0u8; 70_000];
    let der = EncryptingKey::<Sm3>::with_format(*sk.public_key(), Format::Der);
    let ct = der.encrypt(&mut rng, &big).unwrap();
    assert_eq!(&ct[..2], &[0x30, 0x83]);
    let dk_der = DecryptingKey::<Sm3>::with_format(sk.clone(), Format::Der);
    assert_eq!(dk_der.decrypt(&ct).unwrap(), big);
    assert_eq!(ek.encrypt(&mut rng, &big).unwrap().len(), 65 + 32 + 70_000);
    let mut small = [0u8; 10];
    assert_eq!(
        ek.encrypt_into(&mut rng, msg, &mut small).unwrap_err(),
        Error::InvalidLength
    );
}

/// GB/T 32918.4 §7.1 B4–B7: no plaintext before verification. A ciphertext whose C3 is wrong
/// (or whose C2 no longer matches C3) is refused and leaves every byte of the output as it was,
/// for messages kept in scratch (≤ 1024 bytes) and for longer ones; the right one decrypts into
/// the same buffer and writes exactly the message.
#[test]
fn wrong_c3_leaves_output_untouched() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    let sk = SecretKey::random(&mut rng);
    for format in [Format::C1C3C2, Format::C1C2C3, Format::Der] {
        let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), format);
        let dk = DecryptingKey::<Sm3>::with_format(sk.clone(), format);
        for len in [1usize, 31, 32, 33, 255, 256, 257, 1024, 1025, 4000] {
            let msg: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let ct = ek.encrypt(&mut rng, &msg).unwrap();
            // Where C3 and C2 sit in each layout (DER: C2 last, after its OCTET STRING header
            // of 2, 3 or 4 bytes, and C3 before that).
            let der_header = match len {
                0..128 => 2,
                128..256 => 3,
                _ => 4,
            };
            let (c3_at, c2_at) = match format {
                Format::C1C3C2 => (65, 97),
                Format::C1C2C3 => (65 + len, 65),
                Format::Der => (ct.len() - len - der_header - 32, ct.len() - len),
            };
            if format == Format::Der {
                assert_eq!(ct[c3_at - 2..c3_at], [0x04, 0x20]);
            }
            let pattern: Vec<u8> = (0..len + 16).map(|i| (i as u8) ^ 0xa5).collect();
            for (what, at) in [
                ("C3 first byte", c3_at),
                ("C3 last byte", c3_at + 31),
                ("C2 first byte", c2_at),
                ("C2 last byte", c2_at + len - 1),
            ] {
                let mut bad = ct.clone();
                bad[at] ^= 0x80;
                let mut out = pattern.clone();
                assert_eq!(
                    dk.decrypt_into(&bad, &mut out).unwrap_err(),
                    Error::Opaque,
                    "{format:?} {len} {what}"
                );
                assert_eq!(out, pattern, "{format:?} {len} {what}: output touched");
                assert_eq!(dk.decrypt(&bad).unwrap_err(), Error::Opaque);
            }
            assert_eq!(dk.decrypt(&ct).unwrap(), msg, "{format:?} {len}");
            let mut out = pattern.clone();
            assert_eq!(dk.decrypt_into(&ct, &mut out).unwrap(), len);
            assert_eq!(out[..len], msg[..], "{format:?} {len}");
            assert_eq!(out[len..], pattern[len..], "{format:?} {len}: wrote past M");
        }
    }
}

/// GB/T 32918.4 §6.1 A1 with a failed RNG: k is hedged with the recipient's key and the message,
/// so two messages never share k (C1 = [k]G differs), and each ciphertext decrypts. The same
/// message under the same stuck RNG gives the same ciphertext; a working RNG a fresh one.
#[test]
fn stuck_rng_does_not_repeat_encryption_k() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);
    let sk = SecretKey::random(&mut rng);
    let other = SecretKey::random(&mut rng);
    let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), Format::C1C3C2);
    let dk = DecryptingKey::<Sm3>::with_format(sk, Format::C1C3C2);
    let one = ek.encrypt(&mut StuckRng, b"pay 1 coin").unwrap();
    let two = ek.encrypt(&mut StuckRng, b"pay 2 coin").unwrap();
    assert_ne!(one[..65], two[..65], "C1 (so k) repeated across messages");
    assert_eq!(dk.decrypt(&one).unwrap(), b"pay 1 coin");
    assert_eq!(dk.decrypt(&two).unwrap(), b"pay 2 coin");
    assert_eq!(ek.encrypt(&mut StuckRng, b"pay 1 coin").unwrap(), one);
    // Another recipient, same message and stuck RNG: another k.
    let ek2 = EncryptingKey::<Sm3>::with_format(*other.public_key(), Format::C1C3C2);
    let three = ek2.encrypt(&mut StuckRng, b"pay 1 coin").unwrap();
    assert_ne!(one[..65], three[..65]);
    let fresh = ek.encrypt(&mut rng, b"pay 1 coin").unwrap();
    assert_ne!(one[..65], fresh[..65]);
    assert_eq!(dk.decrypt(&fresh).unwrap(), b"pay 1 coin");
}

#[test]
fn key_exchange_mismatches() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(13);
    let a = SecretKey::random(&mut rng);
    let b = SecretKey::random(&mut rng);
    let (pa, pb) = (*a.public_key(), *b.public_key());
    let ka = KeyExchange::new(Role::Initiator, a, b"alice", pb, b"bob").unwrap();
    let kb = KeyExchange::new(Role::Responder, b.clone(), b"bob", pa, b"alice").unwrap();
    let kb_wrong = KeyExchange::new(Role::Responder, b, b"bob", pa, b"mallory").unwrap();
    // One exchange, each ephemeral key consumed by its agreement.
    let (ea, eb) = (ka.ephemeral(&mut rng), kb.ephemeral(&mut rng));
    let (ra, rb) = (*ea.public_key(), *eb.public_key());
    let (mut k1, mut k2) = ([0u8; 48], [0u8; 48]);
    let cb = kb.agree(eb, &ra, &mut k2).unwrap();
    let ca = ka.agree(ea, &rb, &mut k1).unwrap();
    assert_eq!(k1, k2);
    ca.verify_peer(cb.to_send()).unwrap();
    cb.verify_peer(ca.to_send()).unwrap();
    // A second exchange in which B believes A has another ID: different keys, confirmation
    // fails both ways.
    let (ea, eb) = (ka.ephemeral(&mut rng), kb_wrong.ephemeral(&mut rng));
    let (ra, rb) = (*ea.public_key(), *eb.public_key());
    let (mut k1, mut k3) = ([0u8; 48], [0u8; 48]);
    let cw = kb_wrong.agree(eb, &ra, &mut k3).unwrap();
    let ca = ka.agree(ea, &rb, &mut k1).unwrap();
    assert_ne!(k1, k3);
    assert_eq!(ca.verify_peer(cw.to_send()).unwrap_err(), Error::Opaque);
    assert_eq!(cw.verify_peer(ca.to_send()).unwrap_err(), Error::Opaque);
    // Empty key length is refused.
    assert_eq!(
        ka.agree(ka.ephemeral(&mut rng), &rb, &mut []).unwrap_err(),
        Error::InvalidLength
    );
}

#[test]
fn bad_key_files() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(14);
    let sk = SecretKey::random(&mut rng);
    let der = sk.to_pkcs8_der();
    // Curve OID changed (last byte of 1.2.156.10197.1.301).
    let mut t = der.to_vec();
    let pos = t
        .windows(8)
        .position(|w| w == [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d])
        .unwrap();
    t[pos + 7] ^= 1;
    assert!(SecretKey::from_pkcs8_der(&t).is_err());
    // Embedded public key that does not match d.
    let mut t = der.to_vec();
    let other = SecretKey::random(&mut rng);
    t[PKCS8_PUB_AT..].copy_from_slice(&other.public_key().to_sec1_uncompressed());
    assert_eq!(
        SecretKey::from_pkcs8_der(&t).unwrap_err(),
        Error::InvalidPrivateKey
    );
    // Trailing bytes; truncation.
    assert!(SecretKey::from_pkcs8_der(&[&der[..], &[0]].concat()).is_err());
    assert!(SecretKey::from_pkcs8_der(&der[..der.len() - 1]).is_err());
    // PEM with the wrong label, or a damaged body.
    let pem = sk.to_pkcs8_pem();
    assert!(SecretKey::from_pem(&pem.replace("PRIVATE KEY", "PUBLIC KEY")).is_err());
    assert!(SecretKey::from_pem(&pem.replacen('M', "*", 1)).is_err());
    assert!(PublicKey::from_public_key_pem(&pem).is_err());
    assert_eq!(SecretKey::from_pem(&pem).unwrap().to_bytes(), sk.to_bytes());
}

/// Offset of the 65-byte public point inside the 138-byte PKCS#8 encoding.
const PKCS8_PUB_AT: usize = 138 - 65;

/// An RNG that has failed: every byte is zero.
struct StuckRng;

impl rand::TryRng for StuckRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(0)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(0);
        Ok(())
    }
}

impl rand::TryCryptoRng for StuckRng {}

/// With a stuck RNG the hedged nonce still depends on key and message: two messages never
/// share k (x1 = r − e mod n differs), and the signatures verify.
#[test]
fn stuck_rng_does_not_repeat_k() {
    use crypto_bigint::{NonZero, U256};
    let sk = signing_key();
    let vk = sk.verifying_key();
    let n = NonZero::new(U256::from_be_slice(&h(N))).unwrap();
    let x1 = |msg: &[u8], sig: &Signature| {
        let e = U256::from_be_slice(&vk.digest(msg)).rem_vartime(&n);
        U256::from_be_slice(&sig.r()).sub_mod(&e, &n)
    };
    let a = sk.sign_with_rng(&mut StuckRng, b"one");
    let b = sk.sign_with_rng(&mut StuckRng, b"two");
    vk.verify(b"one", &a).unwrap();
    vk.verify(b"two", &b).unwrap();
    assert_ne!(x1(b"one", &a), x1(b"two", &b));
    // Same message, same (stuck) RNG output: the same signature, as RFC 6979 would give.
    assert_eq!(sk.sign_with_rng(&mut StuckRng, b"one"), a);
    // A working RNG gives a fresh k for the same message.
    let mut rng = rand::rngs::StdRng::seed_from_u64(15);
    let c = sk.sign_with_rng(&mut rng, b"one");
    assert_ne!(x1(b"one", &a), x1(b"one", &c));
}

/// The hedged nonce is k = HMAC-SM3_d(e ‖ extra ‖ 0) (src/sm2/nonce.rs), with extra the RNG's 32
/// bytes: HMAC computed here over the RustCrypto `sm3` crate (RFC 2104), the signature with that
/// k through `sign_prehashed_with_k` equals `sign_with_rng`'s.
#[cfg(feature = "hazmat")]
#[test]
fn hedged_nonce_is_hmac_of_d_over_e_extra_counter() {
    use sm3::Digest as _;
    fn hmac_sm3(key: &[u8], msg: &[u8]) -> [u8; 32] {
        let mut k = [0u8; 64];
        k[..key.len()].copy_from_slice(key);
        let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
        let inner = sm3::Sm3::new()
            .chain_update(pad(0x36))
            .chain_update(msg)
            .finalize();
        sm3::Sm3::new()
            .chain_update(pad(0x5c))
            .chain_update(inner)
            .finalize()
            .into()
    }
    let sk = signing_key();
    let d = sk.secret_key().to_bytes();
    for msg in [&b"one"[..], b"", &[0xa5; 200]] {
        let e = sk.verifying_key().digest(msg);
        // e < n here (checked), so e mod n is e itself.
        assert!(e < h32(N));
        let k = hmac_sm3(&d[..], &[&e[..], &[0u8; 32][..], &[0][..]].concat());
        let expected = sk.sign_prehashed_with_k(&e, &k).unwrap();
        assert_eq!(sk.sign_with_rng(&mut StuckRng, msg), expected);
    }
}

/// GB/T 32918.3 §6.1 A7 / B6: U (or V) at infinity ends the exchange with an error. A peer whose
/// static key is P = −[x̄]R for its own ephemeral R makes P + [x̄]R = O for every t.
#[cfg(feature = "hazmat")]
#[test]
fn key_exchange_refuses_the_point_at_infinity() {
    use crypto_bigint::{NonZero, U256};
    use gmkit::sm2::kex::EphemeralKey;
    let n = NonZero::new(U256::from_be_slice(&h(N))).unwrap();
    // A4 / B3: x̄ = 2¹²⁷ + (x mod 2¹²⁷).
    let x_bar = |x: [u8; 32]| {
        let mut v = [0u8; 32];
        v[16..].copy_from_slice(&x[16..]);
        v[16] |= 0x80;
        U256::from_be_slice(&v)
    };
    // The peer's ephemeral key r and its static key d = −x̄·r mod n.
    let hostile = |r: &str| {
        let eph = EphemeralKey::from_bytes(&h32(r)).unwrap();
        let d = U256::from_be_slice(&h(r))
            .mul_mod(&x_bar(eph.public_key().x()), &n)
            .neg_mod(&n);
        let d: [u8; 32] = d.to_be_bytes().as_ref().try_into().unwrap();
        (eph, SecretKey::from_bytes(&d).unwrap())
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(16);
    let mut key = [0u8; 16];

    // Responder B hostile: initiator A's U = [t_A](P_B + [x̄₂]R_B) = O.
    let (eb, b) = hostile("6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96f");
    let a = SecretKey::random(&mut rng);
    let ka = KeyExchange::new(Role::Initiator, a, b"alice", *b.public_key(), b"bob").unwrap();
    // A's ephemeral key twice from the same r: `agree` consumes it.
    let ra: [u8; 32] = rand::RngExt::random(&mut rng);
    assert_eq!(
        ka.agree(
            EphemeralKey::from_bytes(&ra).unwrap(),
            eb.public_key(),
            &mut key
        )
        .unwrap_err(),
        Error::Opaque
    );
    // Another ephemeral point from the same B completes: the failure is U = O alone.
    let other = *ka.ephemeral(&mut rng).public_key();
    ka.agree(EphemeralKey::from_bytes(&ra).unwrap(), &other, &mut key)
        .unwrap();

    // Initiator A hostile: responder B's V = [t_B](P_A + [x̄₁]R_A) = O.
    let (ea, a) = hostile("83a2c9c8b96e5af70bd480b472409a9a327257f1ebb73f5b073354b248668563");
    let b = SecretKey::random(&mut rng);
    let kb = KeyExchange::new(Role::Responder, b, b"bob", *a.public_key(), b"alice").unwrap();
    assert_eq!(
        kb.agree(kb.ephemeral(&mut rng), ea.public_key(), &mut key)
            .unwrap_err(),
        Error::Opaque
    );
}
