//! SM2 key exchange with key confirmation (GB/T 32918.3-2016 §6.1), between A (the initiator)
//! and B (the responder).
//!
//! ```sh
//! cargo run --example sm2_key_exchange
//! ```
//!
//! Each side holds a static key pair and knows the other's public key and ID (from a
//! certificate, say). The messages:
//!
//! ```text
//! A: R_A                           ─────▶  B
//! A                                 ◀─────  B: R_B, S_B   (B now has K)
//! A: checks S_B, then S_A (A has K) ─────▶  B: checks S_A
//! ```
//!
//! The static keys are those of GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex B, whose Z_A and Z_B
//! are checked against the standard; the ephemeral keys are fresh, so K differs on every run and
//! the example checks that both sides agree on it.

use gmkit::sm2::{KeyExchange, PublicKey, Role, SecretKey, dsa::za};

fn main() -> Result<(), gmkit::Error> {
    // --- Static keys and IDs (GB/T 32918.5-2017 Annex B) -------------------------------------
    let a = SecretKey::from_slice(&unhex(
        "81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029",
    ))?;
    let b = SecretKey::from_slice(&unhex(
        "785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5",
    ))?;
    let id_a = b"1234567812345678";
    let id_b = b"1234567812345678";
    // What each side knows of the other: its public key (here from its SEC1 encoding, as a
    // certificate would carry it) and its ID.
    let pub_a = PublicKey::from_sec1_bytes(&unhex(concat!(
        "04160e12897df4edb61dd812feb96748fbd3ccf4ffe26aa6f6db9540af49c94232",
        "4a7dad08bb9a459531694beb20aa489d6649975e1bfcf8c4741b78b4b223007f",
    )))?;
    let pub_b = PublicKey::from_sec1_bytes(&unhex(concat!(
        "046ae848c57c53c7b1b5fa99eb2286af078ba64c64591b8b566f7357d576f16dfb",
        "ee489d771621a27b36c5c7992062e9cd09a9264386f3fbea54dff69305621c4d",
    )))?;
    assert_eq!(a.public_key(), &pub_a);
    assert_eq!(b.public_key(), &pub_b);
    // Z_A and Z_B, the hashes of each party's ID and key that go into K and the confirmations.
    assert_eq!(
        hex(&za(id_a, &pub_a)?),
        "3b85a57179e11e7e513aa622991f2ca74d1807a0bd4d4b38f90987a17ac245b1"
    );
    assert_eq!(
        hex(&za(id_b, &pub_b)?),
        "79c988d63229d97ef19fe02ca1056e01e6a7411ed24694aa8f834f4a4ab022f7"
    );

    let alice = KeyExchange::new(Role::Initiator, a, id_a, pub_b, id_b)?;
    let bob = KeyExchange::new(Role::Responder, b, id_b, pub_a, id_a)?;
    let mut rng = rand::rng();

    // --- A1–A3: A draws r_A and sends R_A ----------------------------------------------------
    let eph_a = alice.ephemeral(&mut rng);
    let msg1: [u8; 65] = eph_a.public_key().to_sec1_uncompressed();

    // --- B1–B9: B draws r_B, computes K and S_B, sends R_B and S_B ---------------------------
    // B validates R_A as a point first (A6/B5): an invalid point is refused here.
    let r_a = PublicKey::from_sec1_bytes(&msg1)?;
    let eph_b = bob.ephemeral(&mut rng);
    let r_b_bytes = eph_b.public_key().to_sec1_uncompressed();
    let mut key_b = [0u8; 16]; // klen = 128 bits, as in the standard's example
    let conf_b = bob.agree(eph_b, &r_a, &mut key_b)?;
    let msg2 = (r_b_bytes, *conf_b.to_send());

    // --- A4–A10: A computes K, checks S_B, sends S_A -----------------------------------------
    let r_b = PublicKey::from_sec1_bytes(&msg2.0)?;
    let mut key_a = [0u8; 16];
    let conf_a = alice.agree(eph_a, &r_b, &mut key_a)?;
    conf_a.verify_peer(&msg2.1)?; // S_1 = S_B: B has the same K, and holds d_B
    let msg3 = *conf_a.to_send();

    // --- B10: B checks S_A -------------------------------------------------------------------
    conf_b.verify_peer(&msg3)?; // S_2 = S_A: A has the same K, and holds d_A

    assert_eq!(key_a, key_b);
    println!("both sides derived K = {} (fresh every run)", hex(&key_a));

    // --- What confirmation catches -----------------------------------------------------------
    // A changed S_B (or S_A): refused in constant time, with one opaque error.
    let mut bad = msg2.1;
    bad[0] ^= 1;
    assert_eq!(conf_a.verify_peer(&bad), Err(gmkit::Error::Opaque));

    // Someone answering in B's name without d_B (here with a key of their own): A, in a new
    // exchange with a new r_A, derives a different K from theirs, and their S_B does not match.
    let mallory = KeyExchange::new(
        Role::Responder,
        SecretKey::random(&mut rng),
        id_b,
        pub_a,
        id_a,
    )?;
    let eph_a = alice.ephemeral(&mut rng);
    let r_a = *eph_a.public_key();
    let eph_m = mallory.ephemeral(&mut rng);
    let r_m = *eph_m.public_key();
    let (mut key_m, mut key_a) = ([0u8; 16], [0u8; 16]);
    let conf_m = mallory.agree(eph_m, &r_a, &mut key_m)?;
    let conf_a = alice.agree(eph_a, &r_m, &mut key_a)?;
    assert_ne!(key_a, key_m);
    assert!(conf_a.verify_peer(conf_m.to_send()).is_err());
    println!("a changed confirmation and an impostor without d_B are refused");
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
