//! GHASH backends (`modes::ghash`): published GHASH values through every backend this CPU runs,
//! each hardware backend against the portable one on seeded random keys and inputs (every block
//! count 0..=200, split across calls at every kind of boundary), AES-GCM with each GHASH backend
//! against RustCrypto's `aes-gcm`, and Wycheproof AES-GCM, SM4-GCM and AES-GMAC per backend.
//!
//! Despite the name, nothing here is x86-specific except the list of expected backends: on
//! aarch64 the same checks run `pmull` against `soft`.

use gmkit::backend::Backend;
use gmkit::intl::{Aes128, Aes128Gcm};
use gmkit::modes::gcm::Gcm;
use gmkit::modes::ghash::{Ghash, GhashBackend, GhashKey};
use gmkit::{Aead, Block, KeyInit};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn block(s: &str) -> Block {
    unhex(s).try_into().expect("16 bytes")
}

fn random_blocks(r: &mut StdRng, n: usize) -> Vec<Block> {
    (0..n)
        .map(|_| {
            let mut b = [0u8; 16];
            r.fill(&mut b[..]);
            b
        })
        .collect()
}

/// Keys for every available backend, the portable one first.
fn keys(h: &Block) -> Vec<GhashKey> {
    let mut v = vec![GhashKey::with_backend(h, GhashBackend::Soft).unwrap()];
    v.extend(
        GhashBackend::available()
            .filter(|b| *b != GhashBackend::Soft)
            .map(|b| GhashKey::with_backend(h, b).unwrap()),
    );
    v
}

/// GHASH(H, A, C) = GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]₆₄ ‖ [len(C)]₆₄) (SP 800-38D §7.1 step 5).
fn ghash_ac(key: &GhashKey, a: &[u8], c: &[u8]) -> Block {
    let mut g = Ghash::new(key);
    g.update_padded(a);
    g.update_padded(c);
    let lens = (((a.len() as u128) * 8) << 64) | ((c.len() as u128) * 8);
    g.update_blocks(&[lens.to_be_bytes()]);
    g.finalize()
}

/// GHASH(H, A, C) from McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)" (revised
/// 2005), Appendix B, test cases 1–5 and 18 (H, A, C and the GHASH value as printed there).
#[test]
fn gcm_spec_ghash_values() {
    let h1 = "66e94bd4ef8a2c3b884cfa59ca342b2e";
    let h3 = "b83b533708bf535d0aa6e52980d53b78";
    let a = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    let c3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
              21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
    let c4 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
              21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
    let c5 = "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423
              73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598";
    let c18 = "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4
               0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f";
    let cases = [
        (1, h1, "", "", "00000000000000000000000000000000"),
        (
            2,
            h1,
            "",
            "0388dace60b6a392f328c2b971b2fe78",
            "f38cbb1ad69223dcc3457ae5b6b0f885",
        ),
        (3, h3, "", c3, "7f1b32b81b820d02614f8895ac1d4eac"),
        (4, h3, a, c4, "698e57f70e6ecc7fd9463b7260a9ae5f"),
        (5, h3, a, c5, "df586bb4c249b92cb6922877e444d37b"),
        (
            18,
            "acbef20579b4b8ebce889bac8732dad7",
            a,
            c18,
            "d5ffcf6fc5ac4d69722187421a7f170b",
        ),
    ];
    for (n, h, a, c, want) in cases {
        for key in keys(&block(h)) {
            assert_eq!(
                ghash_ac(&key, &unhex(a), &unhex(c)),
                block(want),
                "test case {n}, backend {}",
                key.backend().name()
            );
        }
    }
}

/// Every backend against the portable one: one call of n blocks, n = 0..=200, under random keys.
#[test]
fn every_block_count_matches_soft() {
    let mut r = StdRng::seed_from_u64(0x6768_6173_6801);
    for round in 0..4 {
        let mut h = [0u8; 16];
        r.fill(&mut h[..]);
        if round == 0 {
            // All-ones H: every power has its top bits set (the x·H′ carry path).
            h = [0xff; 16];
        }
        let keys = keys(&h);
        let data = random_blocks(&mut r, 200);
        // A prefix block makes Y nonzero when the measured call starts.
        let prefix = random_blocks(&mut r, 1);
        for n in 0..=200 {
            let run = |key: &GhashKey| {
                let mut g = Ghash::new(key);
                g.update_blocks(&prefix);
                g.update_blocks(&data[..n]);
                g.finalize()
            };
            let want = run(&keys[0]);
            for key in &keys[1..] {
                assert_eq!(run(key), want, "n = {n}, {}", key.backend().name());
            }
        }
    }
}

/// The same hash whatever the split into calls: fixed splits across every group boundary (1, 3,
/// 4, 7, 8, 15, 16, 17, 31, 33 blocks) and random splits, compared with one portable call.
#[test]
fn split_calls_match_soft() {
    let mut r = StdRng::seed_from_u64(0x6768_6173_6802);
    let mut h = [0u8; 16];
    r.fill(&mut h[..]);
    let keys = keys(&h);
    let data = random_blocks(&mut r, 600);
    let mut splits: Vec<Vec<usize>> = [1, 3, 4, 7, 8, 15, 16, 17, 31, 33]
        .iter()
        .map(|&s| vec![s; data.len().div_ceil(s)])
        .collect();
    for _ in 0..40 {
        splits.push((0..600).map(|_| r.random_range(0..=40usize)).collect());
    }
    let mut one = Ghash::new(&keys[0]);
    one.update_blocks(&data);
    let want = one.finalize();
    for key in &keys {
        for split in &splits {
            let mut g = Ghash::new(key);
            let mut rest = &data[..];
            for &s in split {
                let (now, later) = rest.split_at(s.min(rest.len()));
                g.update_blocks(now);
                rest = later;
            }
            g.update_blocks(rest);
            assert_eq!(g.finalize(), want, "{} {split:?}", key.backend().name());
        }
    }
}

/// AES-128-GCM on gmkit's generic `Gcm` with each GHASH backend against the `aes-gcm` crate
/// (through `intl::Aes128Gcm`'s 96-bit-nonce path), lengths 0..=1100 bytes and a few long ones,
/// with AAD of 0..=70 bytes.
#[test]
fn aes_gcm_each_backend_matches_aes_gcm_crate() {
    let mut r = StdRng::seed_from_u64(0x6768_6173_6803);
    let mut key = [0u8; 16];
    r.fill(&mut key[..]);
    let oracle = Aes128Gcm::new_from_slice(&key).unwrap();
    let gcms: Vec<Gcm<Aes128>> = GhashBackend::available()
        .map(|b| Gcm::with_ghash_backend(Aes128::new_from_slice(&key).unwrap(), b).unwrap())
        .collect();
    let lens = (0..=1100).chain([2047, 2048, 4095, 4096, 4097, 16384 + 5]);
    for len in lens {
        let mut nonce = [0u8; 12];
        r.fill(&mut nonce[..]);
        let aad_len = r.random_range(0..=70usize);
        let mut aad = vec![0u8; aad_len];
        r.fill(&mut aad[..]);
        let mut pt = vec![0u8; len];
        r.fill(&mut pt[..]);
        let mut want = pt.clone();
        let mut want_tag = [0u8; 16];
        oracle
            .seal_in_place_detached(&nonce, &aad, &mut want, &mut want_tag)
            .unwrap();
        for gcm in &gcms {
            let name = gcm.ghash_backend().name();
            let mut buf = pt.clone();
            let mut tag = [0u8; 16];
            gcm.seal_detached(&nonce, &aad, &mut buf, &mut tag).unwrap();
            assert_eq!(buf, want, "len {len}, {name}");
            assert_eq!(tag, want_tag, "len {len}, {name}");
            gcm.open_detached(&nonce, &aad, &mut buf, &tag).unwrap();
            assert_eq!(buf, pt, "len {len}, {name}");
        }
    }
}

/// Which backends ran here: every backend this CPU has a proof token for, and the one
/// `GMKIT_BACKEND` forces (if any) is the one `GhashKey::new` picks.
#[test]
fn backends_that_ran() {
    let ran: Vec<&str> = keys(&[7; 16]).iter().map(|k| k.backend().name()).collect();
    eprintln!("GHASH backends run: {}", ran.join(", "));
    assert!(ran.contains(&"soft"));
    #[cfg(target_arch = "x86_64")]
    {
        use gmkit::cpu::{Pclmul, Token, VpclmulAvx2, VpclmulAvx512};
        for (name, has) in [
            ("vpclmul-avx512", VpclmulAvx512::get().is_some()),
            ("vpclmul-avx2", VpclmulAvx2::get().is_some()),
            ("pclmul", Pclmul::get().is_some()),
        ] {
            assert_eq!(ran.contains(&name), has, "{name}");
        }
    }
    #[cfg(all(target_arch = "aarch64", target_endian = "little"))]
    {
        use gmkit::cpu::{Pmull, Token};
        assert_eq!(ran.contains(&"pmull"), Pmull::get().is_some(), "pmull");
    }
    let auto = GhashKey::new(&[7; 16]).backend();
    match gmkit::backend::forced("ghash").and_then(GhashBackend::from_name) {
        Some(b) if b.is_available() => assert_eq!(auto, b),
        _ => assert_eq!(Some(auto), GhashBackend::available().next()),
    }
    eprintln!("GhashKey::new picks: {}", auto.name());
}

/// Wycheproof AES-GCM, SM4-GCM and AES-GMAC through gmkit's `Gcm` with each GHASH backend: valid
/// cases seal and open to the listed values, invalid ones do not open and leave the buffer alone.
#[path = "support/wycheproof.rs"]
mod wycheproof_data;

mod wycheproof {
    use super::wycheproof_data;
    use super::*;
    use gmkit::BlockCipher128;
    use gmkit::intl::{Aes192, Aes256};
    use gmkit::modes::gcm::Gmac;
    use gmkit::sm4::Sm4;
    use serde_json::Value;

    fn load(name: &str) -> Value {
        serde_json::from_str(wycheproof_data::json(name.trim_end_matches("_test.json"))).unwrap()
    }

    /// Every test of `name`, with `check(backend, test)`; the count must match `numberOfTests`.
    fn each_test(name: &str, mut check: impl FnMut(GhashBackend, &Value)) {
        let v = load(name);
        for b in GhashBackend::available() {
            let mut n = 0;
            for g in v["testGroups"].as_array().unwrap() {
                for t in g["tests"].as_array().unwrap() {
                    check(b, t);
                    n += 1;
                }
            }
            assert_eq!(n, v["numberOfTests"].as_u64().unwrap(), "{name}");
        }
    }

    fn field(t: &Value, k: &str) -> Vec<u8> {
        unhex(t[k].as_str().unwrap())
    }

    fn gcm<C: BlockCipher128 + KeyInit>(key: &[u8], b: GhashBackend) -> Gcm<C> {
        Gcm::with_ghash_backend(C::new_from_slice(key).unwrap(), b).unwrap()
    }

    fn aead_case<C: BlockCipher128 + KeyInit>(b: GhashBackend, t: &Value) {
        let id = (t["tcId"].as_u64().unwrap(), b.name());
        let gcm = gcm::<C>(&field(t, "key"), b);
        let (iv, aad, msg, ct, tag) = (
            field(t, "iv"),
            field(t, "aad"),
            field(t, "msg"),
            field(t, "ct"),
            field(t, "tag"),
        );
        let mut buf = ct.clone();
        let opened = gcm.open_detached(&iv, &aad, &mut buf, &tag);
        match t["result"].as_str().unwrap() {
            "valid" => {
                opened.unwrap_or_else(|e| panic!("{id:?}: {e:?}"));
                assert_eq!(buf, msg, "{id:?}");
                let mut out = vec![0xa5; tag.len()];
                gcm.seal_detached(&iv, &aad, &mut buf, &mut out).unwrap();
                assert_eq!((buf, out), (ct, tag), "{id:?}");
            }
            "invalid" => {
                assert!(opened.is_err(), "{id:?}: accepted");
                assert_eq!(buf, ct, "{id:?}: buffer changed");
            }
            other => panic!("{id:?}: unexpected result {other}"),
        }
    }

    #[test]
    fn aes_gcm() {
        each_test("aes_gcm_test.json", |b, t| {
            match t["key"].as_str().unwrap().len() {
                32 => aead_case::<Aes128>(b, t),
                48 => aead_case::<Aes192>(b, t),
                _ => aead_case::<Aes256>(b, t),
            }
        });
    }

    #[test]
    fn sm4_gcm() {
        each_test("sm4_gcm_test.json", aead_case::<Sm4>);
    }

    #[test]
    fn aes_gmac() {
        each_test("aes_gmac_test.json", |b, t| {
            let id = (t["tcId"].as_u64().unwrap(), b.name());
            let key = field(t, "key");
            let (iv, msg, tag) = (field(t, "iv"), field(t, "msg"), field(t, "tag"));
            let verdict = match key.len() {
                16 => Gmac::from_gcm(gcm::<Aes128>(&key, b)).verify(&iv, &msg, &tag),
                24 => Gmac::from_gcm(gcm::<Aes192>(&key, b)).verify(&iv, &msg, &tag),
                _ => Gmac::from_gcm(gcm::<Aes256>(&key, b)).verify(&iv, &msg, &tag),
            };
            match t["result"].as_str().unwrap() {
                "valid" => verdict.unwrap_or_else(|e| panic!("{id:?}: {e:?}")),
                "invalid" => assert!(verdict.is_err(), "{id:?}: accepted"),
                other => panic!("{id:?}: unexpected result {other}"),
            }
        });
    }
}
