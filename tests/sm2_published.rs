//! SM2 on sm2p256v1 against the published worked examples of GB/T 32918.5-2017 (signature:
//! Annex A, key exchange: Annex B, encryption: Annex C), the same values as GM/T 0003.5-2012.
//! Values as transcribed in `vectors/sm2_*_published.json` (sources recorded there).

use gmkit::sm2::dsa::{self, Signature};
use gmkit::sm2::kex::{EphemeralKey, KeyExchange, Role};
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{PublicKey, SecretKey, SigningKey};
use gmkit::sm3::Sm3;

fn h(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2));
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn h32(s: &str) -> [u8; 32] {
    h(s).try_into().unwrap()
}

#[test]
fn gbt32918_5_annex_a_signature() {
    let d = h32("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
    let secret = SecretKey::from_bytes(&d).unwrap();
    let public = h(
        "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
    );
    assert_eq!(&secret.public_key().to_sec1_uncompressed()[..], &public[..]);
    let id = h("31323334353637383132333435363738");
    assert_eq!(id, dsa::DEFAULT_ID);
    let key = SigningKey::with_id(secret, &id).unwrap();
    let za = h("b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3");
    assert_eq!(&key.verifying_key().za()[..], &za[..]);
    let msg = b"message digest";
    let e = h("f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640");
    assert_eq!(&key.digest(msg)[..], &e[..]);
    let k = h32("59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21");
    let sig = key.sign_prehashed_with_k(&e, &k).unwrap();
    assert_eq!(
        sig.r(),
        h32("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3")
    );
    assert_eq!(
        sig.s(),
        h32("b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa")
    );
    let der = h(
        "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa",
    );
    assert_eq!(sig.to_der().as_ref(), &der[..]);
    assert_eq!(Signature::from_der(&der).unwrap(), sig);
    let vk = key.verifying_key();
    vk.verify(msg, &sig).unwrap();
    vk.verify_der(msg, &der).unwrap();
    vk.verify_prehashed(&e, &sig).unwrap();
    assert!(vk.verify(b"message digesT", &sig).is_err());
}

#[test]
fn gbt32918_5_annex_c_encryption() {
    let d = h32("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
    let secret = SecretKey::from_bytes(&d).unwrap();
    let msg = b"encryption standard";
    let k = h32("59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21");
    let c1 = "0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0";
    let c3 = "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766";
    let c2 = "21886ca989ca9c7d58087307ca93092d651efa";
    let der = "307c022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73022100e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0042059983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766041321886ca989ca9c7d58087307ca93092d651efa";
    for (format, want) in [
        (Format::C1C3C2, h(&format!("{c1}{c3}{c2}"))),
        (Format::C1C2C3, h(&format!("{c1}{c2}{c3}"))),
        (Format::Der, h(der)),
    ] {
        let ek = EncryptingKey::<Sm3>::with_format(*secret.public_key(), format);
        let mut out = [0xa5u8; 200];
        let n = ek.encrypt_with_k_into(&k, msg, &mut out).unwrap();
        assert_eq!(&out[..n], &want[..], "{format:?}");
        let dk = DecryptingKey::<Sm3>::with_format(secret.clone(), format);
        assert_eq!(dk.decrypt(&want).unwrap(), msg);
    }
}

#[test]
fn gbt32918_5_annex_b_key_exchange() {
    let id = h("31323334353637383132333435363738");
    let da = SecretKey::from_bytes(&h32(
        "81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029",
    ))
    .unwrap();
    let db = SecretKey::from_bytes(&h32(
        "785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5",
    ))
    .unwrap();
    assert_eq!(
        &da.public_key().to_sec1_uncompressed()[..],
        &h(
            "04160e12897df4edb61dd812feb96748fbd3ccf4ffe26aa6f6db9540af49c942324a7dad08bb9a459531694beb20aa489d6649975e1bfcf8c4741b78b4b223007f"
        )[..]
    );
    let ra = EphemeralKey::from_bytes(&h32(
        "d4de15474db74d06491c440d305e012400990f3e390c7e87153c12db2ea60bb3",
    ))
    .unwrap();
    let rb = EphemeralKey::from_bytes(&h32(
        "7e07124814b309489125eaed101113164ebf0f3458c5bd88335c1f9d596243d6",
    ))
    .unwrap();
    assert_eq!(
        ra.public_key(),
        &PublicKey::from_sec1_bytes(&h("0464ced1bdbc99d590049b434d0fd73428cf608a5db8fe5ce07f15026940bae40e376629c7ab21e7db260922499ddb118f07ce8eaae3e7720afef6a5cc062070c0")).unwrap()
    );
    assert_eq!(
        rb.public_key(),
        &PublicKey::from_sec1_bytes(&h("04acc27688a6f7b706098bc91ff3ad1bff7dc2802cdb14ccccdb0a90471f9bd7072fedac0494b2ffc4d6853876c79b8f301c6573ad0aa50f39fc87181e1a1b46fe")).unwrap()
    );
    let (pa, pb) = (*da.public_key(), *db.public_key());
    let a = KeyExchange::new(Role::Initiator, da, &id, pb, &id).unwrap();
    let b = KeyExchange::new(Role::Responder, db, &id, pa, &id).unwrap();
    let mut ka = [0u8; 16];
    let mut kb = [0u8; 16];
    let (r_a, r_b) = (*ra.public_key(), *rb.public_key());
    let conf_b = b.agree(rb, &r_a, &mut kb).unwrap();
    let conf_a = a.agree(ra, &r_b, &mut ka).unwrap();
    let want_k = h("6c89347354de2484c60b4ab1fde4c6e5");
    assert_eq!(&ka[..], &want_k[..]);
    assert_eq!(&kb[..], &want_k[..]);
    let sb = h("d3a0fe15dee185ceae907a6b595cc32a266ed7b3367e9983a896dc32fa20f8eb");
    let sa = h("18c7894b3816df16cf07b05c5ec0bef5d655d58f779cc1b400a4f3884644db88");
    assert_eq!(&conf_b.to_send()[..], &sb[..]);
    assert_eq!(&conf_a.s_b()[..], &sb[..]);
    assert_eq!(&conf_a.to_send()[..], &sa[..]);
    conf_a.verify_peer(&sb).unwrap();
    conf_b.verify_peer(&sa).unwrap();
    assert!(conf_a.verify_peer(&sa).is_err());
}
