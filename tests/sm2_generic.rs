//! SM2 over caller-given curves (`sm2::generic`, variable time, test curves only): the worked
//! examples of GB/T 32918.2/.3/.4 Annex A on the 256-bit example curve, OpenSSL's SHA-256
//! variant of the .4 example, and agreement with the specialised sm2p256v1 code.

use gmkit::intl::Sha256;
use gmkit::sm2::generic::CurveVartime;
use gmkit::sm2::kex::{EphemeralKey, KeyExchange, Role};
use gmkit::sm2::pke::{EncryptingKey, Format};
use gmkit::sm2::{SecretKey, SigningKey};
use gmkit::sm3::Sm3;
use rand::{RngExt, SeedableRng};

fn h(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The Fp-256 example curve of GB/T 32918.2-.4 Annex A.1.
fn example_curve() -> CurveVartime {
    CurveVartime::new(
        &h("8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3"),
        &h("787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498"),
        &h("63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249a"),
        &h("421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43d"),
        &h("0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2"),
        &h("8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7"),
        1,
    )
    .unwrap()
}

/// GB/T 32918.5-2017 §3, written out here independently of the library's constant.
const SM2P256V1_HEX: [&str; 6] = [
    "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff",
    "fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc",
    "28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93",
    "32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7",
    "bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0",
    "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123",
];

fn sm2p256v1() -> CurveVartime {
    let [p, a, b, gx, gy, n] = SM2P256V1_HEX.map(h);
    CurveVartime::new(&p, &a, &b, &gx, &gy, &n, 1).unwrap()
}

/// The library's sm2p256v1 constant and constructor are the standard's parameters.
#[test]
fn sm2p256v1_constant_matches_the_standard() {
    let want = SM2P256V1_HEX.map(h);
    for (got, want) in gmkit::sm2::generic::SM2P256V1.iter().zip(&want) {
        assert_eq!(&got[..], &want[..]);
    }
    let d = h("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
    assert_eq!(
        CurveVartime::sm2p256v1().public_key(&d).unwrap(),
        sm2p256v1().public_key(&d).unwrap()
    );
}

#[test]
fn gbt32918_2_annex_a2_signature() {
    let c = example_curve();
    let d = h("128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263");
    let public = c.public_key(&d).unwrap();
    assert_eq!(
        public,
        h(
            "040ae4c7798aa0f119471bee11825be46202bb79e2a5844495e97c04ff4df2548a7c0240f88f1cd4e16352a73c17b7f16f07353e53a176d684a9fe0c6bb798e857"
        )
    );
    let id = b"ALICE123@YAHOO.COM";
    assert_eq!(
        c.za(id, &public).unwrap().to_vec(),
        h("f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a")
    );
    let msg = b"message digest";
    let e = c.digest(id, &public, msg).unwrap();
    assert_eq!(
        e.to_vec(),
        h("b524f552cd82b8b028476e005c377fb19a87e6fc682d48bb5d42e3d9b9effe76")
    );
    let k = h("6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96f");
    let (r, s) = c.sign_prehashed_with_k(&d, &e, &k).unwrap();
    assert_eq!(
        r,
        h("40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1")
    );
    assert_eq!(
        s,
        h("6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7")
    );
    c.verify_prehashed(&public, &e, &r, &s).unwrap();
    let der = h(
        "3044022040f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d102206fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7",
    );
    c.verify_der(&public, id, msg, &der).unwrap();
    assert!(
        c.verify_der(&public, b"ALICE123@YAHOO.COn", msg, &der)
            .is_err()
    );
    assert!(c.verify_prehashed(&public, &e, &s, &r).is_err());
}

#[test]
fn gbt32918_4_annex_a2_encryption() {
    let c = example_curve();
    let d = h("1649ab77a00637bd5e2efe283fbf353534aa7f7cb89463f208ddbc2920bb0da0");
    let public = c.public_key(&d).unwrap();
    assert_eq!(
        public,
        h(
            "04435b39cca8f3b508c1488afc67be491a0f7ba07e581a0e4849a5cf70628a7e0a75ddba78f15feecb4c7895e2c1cdf5fe01debb2cdbadf45399ccf77bba076a42"
        )
    );
    let msg = b"encryption standard";
    let k = h("4c62eefd6ecfc2b95b92fd6c3d9575148afa17425546d49018e5388d49dd7b4f");
    let c1 = h(
        "04245c26fb68b1ddddb12c4b6bf9f2b6d5fe60a383b0d18d1c4144abf17f6252e776cb9264c2a7e88e52b19903fdc47378f605e36811f5c07423a24b84400f01b8",
    );
    // SM3: the standard's C3 and C2.
    let ct = c.encrypt_with_k::<Sm3>(&public, msg, &k).unwrap();
    assert_eq!(ct.c1, c1);
    assert_eq!(
        ct.c3,
        h("9c3d7360c30156fab7c80a0276712da9d8094a634b766d3a285e07480653426d")
    );
    assert_eq!(ct.c2, h("650053a89b41c418b0c3aad00d886c00286467"));
    let der = h(
        "307b0220245c26fb68b1ddddb12c4b6bf9f2b6d5fe60a383b0d18d1c4144abf17f6252e7022076cb9264c2a7e88e52b19903fdc47378f605e36811f5c07423a24b84400f01b804209c3d7360c30156fab7c80a0276712da9d8094a634b766d3a285e07480653426d0413650053a89b41c418b0c3aad00d886c00286467",
    );
    assert_eq!(ct.to_bytes(Format::Der).unwrap(), der);
    for format in [Format::C1C3C2, Format::C1C2C3, Format::Der] {
        let bytes = ct.to_bytes(format).unwrap();
        assert_eq!(c.decrypt::<Sm3>(&d, &bytes, format).unwrap(), msg);
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(c.decrypt::<Sm3>(&d, &bad, format).is_err());
    }
    // SHA-256 (OpenSSL's sm2_internal_test.c, same inputs).
    let ct = c.encrypt_with_k::<Sha256>(&public, msg, &k).unwrap();
    assert_eq!(ct.c1, c1);
    assert_eq!(
        ct.c3,
        h("be89139d07853100efa763f60cbe30099ea3df7f8f364f9d10a5e988e3c5aafc")
    );
    assert_eq!(ct.c2, h("229e6c9aee2bb92cad649fe2c035689785da33"));
    let bytes = ct.to_bytes(Format::C1C3C2).unwrap();
    assert_eq!(
        c.decrypt::<Sha256>(&d, &bytes, Format::C1C3C2).unwrap(),
        msg
    );
    assert!(c.decrypt::<Sm3>(&d, &bytes, Format::C1C3C2).is_err());
}

#[test]
fn gbt32918_3_annex_a2_key_exchange() {
    let c = example_curve();
    let id_a = b"ALICE123@YAHOO.COM";
    let id_b = b"BILL456@YAHOO.COM";
    let da = h("6fcba2ef9ae0ab902bc3bde3ff915d44ba4cc78f88e2f8e7f8996d3b8cceedee");
    let db = h("5e35d7d3f3c54dbac72e61819e730b019a84208ca3a35e4c2e353dfccb2a3b53");
    let ra = h("83a2c9c8b96e5af70bd480b472409a9a327257f1ebb73f5b073354b248668563");
    let rb = h("33fe21940342161c55619c4a0c060293d543c80af19748ce176d83477de71c80");
    let pa = c.public_key(&da).unwrap();
    let pb = c.public_key(&db).unwrap();
    assert_eq!(
        pa,
        h(
            "043099093bf3c137d8fcbbcdf4a2ae50f3b0f216c3122d79425fe03a45dbfe16553df79e8dac1cf0ecbaa2f2b49d51a4b387f2efaf482339086a27a8e05baed98b"
        )
    );
    let big_ra = c.public_key(&ra).unwrap();
    let big_rb = c.public_key(&rb).unwrap();
    assert_eq!(
        big_ra,
        h(
            "046cb5633816f4dd560b1dec458310cbcc6856c09505324a6d23150c408f162bf00d6fcf62f1036c0a1b6daccf57399223a65f7d7bf2d9637e5bbbeb857961bf1a"
        )
    );
    assert_eq!(
        big_rb,
        h(
            "041799b2a2c778295300d9a2325c686129b8f2b5337b3dcf4514e8bbc19d900ee554c9288c82733efdf7808ae7f27d0e732f7c73a7d9ac98b7d8740a91d0db3cf4"
        )
    );
    assert_eq!(
        c.za(id_a, &pa).unwrap().to_vec(),
        h("e4d1d0c3ca4c7f11bc8ff8cb3f4c02a78f108fa098e51a668487240f75e20f31")
    );
    assert_eq!(
        c.za(id_b, &pb).unwrap().to_vec(),
        h("6b4b6d0e276691bd4a11bf72f4fb501ae309fdacb72fa6cc336e6656119abd67")
    );
    let a = c
        .key_exchange_with_ephemeral(true, &da, &ra, id_a, &pb, &big_rb, id_b, 16)
        .unwrap();
    let b = c
        .key_exchange_with_ephemeral(false, &db, &rb, id_b, &pa, &big_ra, id_a, 16)
        .unwrap();
    let u = h(
        "0447c826534dc2f6f1fbf28728dd658f21e174f48179acef2900f8b7f566e409052af86efe732cf12ad0e09a1f2556cc650d9ccce3e249866bbb5c6846a4c4a295",
    );
    assert_eq!(a.point, u);
    assert_eq!(b.point, u);
    assert_eq!(a.key, h("55b0ac62a6b927ba23703832c853ded4"));
    assert_eq!(b.key, a.key);
    let sb = h("284c8f198f141b502e81250f1581c7e9eeb4ca6990f9e02df388b45471f5bc5c");
    let sa = h("23444daf8ed7534366cb901c84b3bdbb63504f4065c1116c91a4c00697e6cf7a");
    assert_eq!(a.s_b.to_vec(), sb);
    assert_eq!(b.s_b.to_vec(), sb);
    assert_eq!(a.s_a.to_vec(), sa);
    assert_eq!(b.s_a.to_vec(), sa);
}

#[test]
fn invalid_curves_and_points() {
    let p = h("8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3");
    let a = h("787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498");
    let b = h("63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249a");
    let gx = h("421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43d");
    let mut gy = h("0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2");
    let n = h("8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7");
    // G off the curve; n even; a ≥ p.
    gy[31] ^= 1;
    assert!(CurveVartime::new(&p, &a, &b, &gx, &gy, &n, 1).is_err());
    gy[31] ^= 1;
    let mut n_even = n.clone();
    n_even[31] ^= 1;
    assert!(CurveVartime::new(&p, &a, &b, &gx, &gy, &n_even, 1).is_err());
    assert!(CurveVartime::new(&p, &p, &b, &gx, &gy, &n, 1).is_err());
    let c = example_curve();
    let mut g = vec![4u8];
    g.extend_from_slice(&gx);
    g.extend_from_slice(&gy);
    assert!(c.decode_point(&g).is_ok());
    let mut off = g.clone();
    off[64] ^= 1;
    assert!(c.decode_point(&off).is_err());
    assert!(c.decode_point(&[0]).is_err());
    // Compressed G decodes back to G.
    let mut comp = vec![2 | (gy[31] & 1)];
    comp.extend_from_slice(&gx);
    assert_eq!(c.decode_point(&comp).unwrap(), (gx.clone(), gy.clone()));
    // Secret keys outside [1, n − 2].
    assert!(c.public_key(&[0]).is_err());
    let mut nm1 = n.clone();
    nm1[31] -= 1;
    assert!(c.public_key(&nm1).is_err());
}

/// The generic path with sm2p256v1's parameters agrees with the specialised code.
#[test]
fn generic_agrees_with_sm2p256v1() {
    let c = sm2p256v1();
    let mut rng = rand::rngs::StdRng::seed_from_u64(21);
    for _ in 0..3 {
        let sk = SecretKey::random(&mut rng);
        let d = sk.to_bytes().to_vec();
        let public = c.public_key(&d).unwrap();
        assert_eq!(public, sk.public_key().to_sec1_uncompressed());
        let signer = SigningKey::with_id(sk.clone(), b"id").unwrap();
        assert_eq!(c.za(b"id", &public).unwrap(), *signer.verifying_key().za());
        let e: [u8; 32] = rng.random();
        let k: [u8; 32] = rng.random();
        let sig = signer.sign_prehashed_with_k(&e, &k).unwrap();
        let (r, s) = c.sign_prehashed_with_k(&d, &e, &k).unwrap();
        assert_eq!((r.as_slice(), s.as_slice()), (&sig.r()[..], &sig.s()[..]));
        c.verify_prehashed(&public, &e, &r, &s).unwrap();
        let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), Format::C1C3C2);
        let mut out = [0u8; 65 + 32 + 40];
        let n = ek.encrypt_with_k_into(&k, &[7u8; 40], &mut out).unwrap();
        let ct = c.encrypt_with_k::<Sm3>(&public, &[7u8; 40], &k).unwrap();
        assert_eq!(ct.to_bytes(Format::C1C3C2).unwrap(), &out[..n]);
        // Key exchange, initiator side.
        let peer = SecretKey::random(&mut rng);
        let (ra, rb): ([u8; 32], [u8; 32]) = (rng.random(), rng.random());
        let ea = EphemeralKey::from_bytes(&ra).unwrap();
        let eb = EphemeralKey::from_bytes(&rb).unwrap();
        let kx = KeyExchange::new(Role::Initiator, sk, b"a", *peer.public_key(), b"b").unwrap();
        let mut key = [0u8; 20];
        let conf = kx.agree(ea, eb.public_key(), &mut key).unwrap();
        let g = c
            .key_exchange_with_ephemeral(
                true,
                &d,
                &ra,
                b"a",
                &peer.public_key().to_sec1_uncompressed(),
                &eb.public_key().to_sec1_uncompressed(),
                b"b",
                20,
            )
            .unwrap();
        assert_eq!(g.key, key);
        assert_eq!(&g.s_b, conf.s_b());
        assert_eq!(&g.s_a, conf.s_a());
    }
}
