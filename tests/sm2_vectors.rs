//! Every SM2 vector file in `vectors/` through the SM2 API directly: groups on sm2p256v1 run
//! through the specialised constant-time code *and* the generic path, other curves through the
//! generic path. `valid` must give exactly the expected output, `invalid` must be refused,
//! `acceptable` may go either way.
#![cfg(all(feature = "kat", feature = "hazmat"))]

use gmkit::intl::Sha256;
use gmkit::sm2::dsa::Signature;
use gmkit::sm2::generic::CurveVartime;
use gmkit::sm2::kex::{EphemeralKey, KeyExchange, Role};
use gmkit::sm2::pke::{DecryptingKey, EncryptingKey, Format};
use gmkit::sm2::{PublicKey, SecretKey, SigningKey, VerifyingKey};
use gmkit::sm3::Sm3;
use serde_json::Value;

fn h(v: &Value) -> Vec<u8> {
    let s = v.as_str().expect("hex string");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn arr<const N: usize>(v: &Value) -> Option<[u8; N]> {
    h(v).try_into().ok()
}

fn curve(g: &Value) -> CurveVartime {
    CurveVartime::new(
        &h(&g["p"]),
        &h(&g["a"]),
        &h(&g["b"]),
        &h(&g["gx"]),
        &h(&g["gy"]),
        &h(&g["n"]),
        g["h"].as_u64().unwrap(),
    )
    .unwrap()
}

fn format(s: &str) -> Format {
    match s {
        "C1C3C2" => Format::C1C3C2,
        "C1C2C3" => Format::C1C2C3,
        "DER" => Format::Der,
        other => panic!("unknown encoding {other}"),
    }
}

/// Outcome of one test on one path: Some(passed) or None where `acceptable` allows either.
fn judge(result: &str, ok: bool) -> bool {
    match result {
        "valid" => ok,
        "invalid" => !ok,
        "acceptable" => true,
        other => panic!("unknown result {other}"),
    }
}

fn fast_verify(g: &Value, t: &Value, prehashed: bool) -> bool {
    let Ok(pk) = PublicKey::from_sec1_bytes(&h(&g["publicKey"])) else {
        return false;
    };
    if prehashed {
        let Ok(sig) = Signature::from_der(&h(&t["sig"])) else {
            return false;
        };
        VerifyingKey::new(pk)
            .verify_prehashed(&h(&t["e"]), &sig)
            .is_ok()
    } else {
        let Ok(vk) = VerifyingKey::with_id(pk, &h(&g["uid"])) else {
            return false;
        };
        vk.verify_der(&h(&t["msg"]), &h(&t["sig"])).is_ok()
    }
}

fn generic_verify(c: &CurveVartime, g: &Value, t: &Value, prehashed: bool) -> bool {
    let pk = h(&g["publicKey"]);
    if prehashed {
        let sig = h(&t["sig"]);
        // The generic verifier takes DER only together with an ID; split r and s here.
        match parse_der(&sig) {
            Some((r, s)) => c.verify_prehashed(&pk, &h(&t["e"]), &r, &s).is_ok(),
            None => false,
        }
    } else {
        c.verify_der(&pk, &h(&g["uid"]), &h(&t["msg"]), &h(&t["sig"]))
            .is_ok()
    }
}

/// Minimal strict DER SEQUENCE { INTEGER, INTEGER } reader for the prehashed generic case.
fn parse_der(b: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (&tag, rest) = b.split_first()?;
    let (&len, body) = rest.split_first()?;
    if tag != 0x30 || len >= 0x80 || body.len() != len as usize {
        return None;
    }
    let int = |b: &[u8]| -> Option<(Vec<u8>, usize)> {
        let (&t, rest) = b.split_first()?;
        let (&l, v) = rest.split_first()?;
        let v = v.get(..l as usize)?;
        if t != 2 || l == 0 || v[0] & 0x80 != 0 || (v.len() > 1 && v[0] == 0 && v[1] & 0x80 == 0) {
            return None;
        }
        Some((v.to_vec(), 2 + l as usize))
    };
    let (r, n) = int(body)?;
    let (s, m) = int(&body[n..])?;
    (n + m == body.len()).then_some((r, s))
}

fn run_file(name: &str) -> usize {
    let path = format!("{}/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut count = 0;
    let mut failures = Vec::new();
    for g in doc["testGroups"].as_array().unwrap() {
        let c = curve(g);
        let fast = g["curve"] == "sm2p256v1";
        for t in g["tests"].as_array().unwrap() {
            count += 1;
            let result = t["result"].as_str().unwrap();
            let id = t["tcId"].as_u64().unwrap();
            let mut outcomes: Vec<(&str, bool)> = Vec::new();
            match g["type"].as_str().unwrap() {
                ty @ ("Sm2Verify" | "Sm2VerifyPrehashed") => {
                    let pre = ty == "Sm2VerifyPrehashed";
                    if fast {
                        outcomes.push(("fast", fast_verify(g, t, pre)));
                    }
                    outcomes.push(("generic", generic_verify(&c, g, t, pre)));
                }
                "Sm2PublicKeyTest" => {
                    let pk = h(&t["publicKey"]);
                    if fast {
                        outcomes.push(("fast", PublicKey::from_sec1_bytes(&pk).is_ok()));
                    }
                    outcomes.push(("generic", c.decode_point(&pk).is_ok()));
                }
                "Sm2SignWithKTest" => {
                    let (d, k, e) = (h(&t["d"]), h(&t["k"]), h(&t["e"]));
                    let (r, s) = (h(&t["r"]), h(&t["s"]));
                    if fast {
                        let ok = (|| {
                            let sk = SecretKey::from_slice(&d).ok()?;
                            let key = SigningKey::with_id(sk, &h(&t["uid"])).ok()?;
                            let za_ok = key.verifying_key().za()[..] == h(&t["za"])[..];
                            let e_ok = key.digest(&h(&t["msg"]))[..] == e[..];
                            let sig = key.sign_prehashed_with_k(&e, &arr(&t["k"])?).ok()?;
                            let der_ok = sig.to_der().as_ref() == &h(&t["sig"])[..];
                            let verified = key.verifying_key().verify(&h(&t["msg"]), &sig).is_ok();
                            Some(
                                za_ok
                                    && e_ok
                                    && der_ok
                                    && verified
                                    && sig.r()[..] == r[..]
                                    && sig.s()[..] == s[..],
                            )
                        })()
                        .unwrap_or(false);
                        outcomes.push(("fast", ok));
                    }
                    let pubk = h(&t["pub"]);
                    let ok = c.public_key(&d).ok() == Some(pubk.clone())
                        && c.za(&h(&t["uid"]), &pubk).ok().map(|z| z.to_vec()) == Some(h(&t["za"]))
                        && c.sign_prehashed_with_k(&d, &e, &k).ok() == Some((r.clone(), s.clone()))
                        && c.verify_der(&pubk, &h(&t["uid"]), &h(&t["msg"]), &h(&t["sig"]))
                            .is_ok();
                    outcomes.push(("generic", ok));
                }
                "Sm2EncryptWithKTest" => {
                    let sha = g["hash"] == "SHA-256";
                    let (d, msg, k) = (h(&t["d"]), h(&t["msg"]), h(&t["k"]));
                    let mut wants = vec![
                        (Format::C1C3C2, h(&t["ctC1C3C2"])),
                        (Format::C1C2C3, h(&t["ctC1C2C3"])),
                    ];
                    if t.get("ctDer").is_some() {
                        wants.push((Format::Der, h(&t["ctDer"])));
                    }
                    if fast {
                        let ok = wants.iter().all(|(f, want)| {
                            let sk = SecretKey::from_slice(&d).unwrap();
                            let k: [u8; 32] = k.clone().try_into().unwrap();
                            let mut out = vec![0u8; want.len() + 8];
                            let (n, back) = if sha {
                                let ek = EncryptingKey::<Sha256>::with_format(*sk.public_key(), *f);
                                let dk = DecryptingKey::<Sha256>::with_format(sk, *f);
                                (ek.encrypt_with_k_into(&k, &msg, &mut out), dk.decrypt(want))
                            } else {
                                let ek = EncryptingKey::<Sm3>::with_format(*sk.public_key(), *f);
                                let dk = DecryptingKey::<Sm3>::with_format(sk, *f);
                                (ek.encrypt_with_k_into(&k, &msg, &mut out), dk.decrypt(want))
                            };
                            n.map(|n| out[..n] == want[..]).unwrap_or(false)
                                && back.ok() == Some(msg.clone())
                        });
                        outcomes.push(("fast", ok));
                    }
                    let pubk = h(&t["pub"]);
                    let ct = if sha {
                        c.encrypt_with_k::<Sha256>(&pubk, &msg, &k)
                    } else {
                        c.encrypt_with_k::<Sm3>(&pubk, &msg, &k)
                    };
                    let ok = ct.is_ok_and(|ct| {
                        ct.c1 == h(&t["c1"])
                            && ct.c2 == h(&t["c2"])
                            && ct.c3 == h(&t["c3"])
                            && wants.iter().all(|(f, want)| {
                                let dec = if sha {
                                    c.decrypt::<Sha256>(&d, want, *f)
                                } else {
                                    c.decrypt::<Sm3>(&d, want, *f)
                                };
                                ct.to_bytes(*f).ok().as_ref() == Some(want)
                                    && dec.ok() == Some(msg.clone())
                            })
                    });
                    outcomes.push(("generic", ok));
                }
                "Sm2DecryptTest" => {
                    let sha = g["hash"] == "SHA-256";
                    let f = format(g["encoding"].as_str().unwrap());
                    let (d, ct, msg) = (h(&g["d"]), h(&t["ct"]), h(&t["msg"]));
                    if fast {
                        let sk = SecretKey::from_slice(&d).unwrap();
                        let got = if sha {
                            DecryptingKey::<Sha256>::with_format(sk, f).decrypt(&ct)
                        } else {
                            DecryptingKey::<Sm3>::with_format(sk, f).decrypt(&ct)
                        };
                        outcomes.push(("fast", got.ok() == Some(msg.clone())));
                    }
                    let got = if sha {
                        c.decrypt::<Sha256>(&d, &ct, f)
                    } else {
                        c.decrypt::<Sm3>(&d, &ct, f)
                    };
                    outcomes.push(("generic", got.ok() == Some(msg)));
                }
                "Sm2KeyExchangeTest" => {
                    let klen = t["klen"].as_u64().unwrap() as usize;
                    let (ida, idb) = (h(&t["idA"]), h(&t["idB"]));
                    let (da, db, ra, rb) = (h(&t["dA"]), h(&t["dB"]), h(&t["rA"]), h(&t["rB"]));
                    let (pa, pb, big_ra, big_rb) =
                        (h(&t["pubA"]), h(&t["pubB"]), h(&t["RA"]), h(&t["RB"]));
                    let (k, sb, sa) = (h(&t["k"]), h(&t["sB"]), h(&t["sA"]));
                    if fast {
                        let ok = (|| {
                            let ska = SecretKey::from_slice(&da).ok()?;
                            let skb = SecretKey::from_slice(&db).ok()?;
                            let peer_a = PublicKey::from_sec1_bytes(&pa).ok()?;
                            let peer_b = PublicKey::from_sec1_bytes(&pb).ok()?;
                            let ea = EphemeralKey::from_bytes(&arr(&t["rA"])?).ok()?;
                            let eb = EphemeralKey::from_bytes(&arr(&t["rB"])?).ok()?;
                            let ra_pt = PublicKey::from_sec1_bytes(&big_ra).ok()?;
                            let rb_pt = PublicKey::from_sec1_bytes(&big_rb).ok()?;
                            let a =
                                KeyExchange::new(Role::Initiator, ska, &ida, peer_b, &idb).ok()?;
                            let b =
                                KeyExchange::new(Role::Responder, skb, &idb, peer_a, &ida).ok()?;
                            let (mut ka, mut kb) = (vec![0u8; klen], vec![0u8; klen]);
                            let ca = a.agree(&ea, &rb_pt, &mut ka).ok()?;
                            let cb = b.agree(&eb, &ra_pt, &mut kb).ok()?;
                            Some(
                                ka == k
                                    && kb == k
                                    && ca.s_b()[..] == sb[..]
                                    && ca.s_a()[..] == sa[..]
                                    && ca.verify_peer(cb.to_send()).is_ok()
                                    && cb.verify_peer(ca.to_send()).is_ok(),
                            )
                        })()
                        .unwrap_or(false);
                        outcomes.push(("fast", ok));
                    }
                    let a = c.key_exchange_with_ephemeral(
                        true, &da, &ra, &ida, &pb, &big_rb, &idb, klen,
                    );
                    let b = c.key_exchange_with_ephemeral(
                        false, &db, &rb, &idb, &pa, &big_ra, &ida, klen,
                    );
                    let ok = match (a, b) {
                        (Ok(a), Ok(b)) => {
                            a.key == k
                                && b.key == k
                                && a.point == h(&t["u"])
                                && a.s_b[..] == sb[..]
                                && b.s_a[..] == sa[..]
                        }
                        _ => false,
                    };
                    outcomes.push(("generic", ok));
                }
                other => panic!("{name}: unexpected group type {other}"),
            }
            for (path, ok) in outcomes {
                if !judge(result, ok) {
                    failures.push(format!("{name} tcId {id} ({path}): {}", t["comment"]));
                }
            }
        }
    }
    assert_eq!(
        count as u64,
        doc["numberOfTests"].as_u64().unwrap(),
        "{name}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
    count
}

#[test]
fn all_sm2_vector_files() {
    let dir = format!("{}/vectors", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("sm2_") && n.ends_with(".json"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    let total: usize = files.iter().map(|f| run_file(f)).sum();
    assert!(total > 500, "{total}");
}
