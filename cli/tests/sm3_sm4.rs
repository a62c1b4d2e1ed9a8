//! `gmkit sm3` and `gmkit sm4` as a lab uses them: the published examples of `vectors/` through
//! the command line, byte-for-byte agreement with `openssl dgst -sm3` and `openssl enc -sm4-*`
//! both ways, refusals that write nothing, and the exit statuses (0 / 1 refused / 2 usage or I/O).

mod support;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::{Dir, have_openssl};

const GMKIT: &str = env!("CARGO_BIN_EXE_gmkit");

/// `gmkit ARGS` in `dir` with `stdin` fed in.
fn gmkit(dir: &Dir, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(GMKIT)
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gmkit runs");
    // A command that fails early may not read its input.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    child.wait_with_output().expect("gmkit exits")
}

fn ok(o: &Output, what: &str) -> Vec<u8> {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{what}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout.clone()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn vectors(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors")
        .join(name);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).expect("JSON")
}

/// Every `valid` test of a vector file, with its group.
fn valid_tests(v: &Value) -> Vec<(&Value, &Value)> {
    let mut out = Vec::new();
    for g in v["testGroups"].as_array().expect("groups") {
        for t in g["tests"].as_array().expect("tests") {
            if t["result"] == "valid" {
                out.push((g, t));
            }
        }
    }
    assert!(!out.is_empty());
    out
}

fn field(t: &Value, k: &str) -> String {
    t[k].as_str().unwrap_or_else(|| panic!("{k}")).to_string()
}

#[test]
fn sm3_published_examples_print_like_sha256sum() {
    let d = Dir::new("sm3-published");
    for (_, t) in valid_tests(&vectors("sm3_gbt32905.json")) {
        let out = ok(&gmkit(&d, &["sm3"], &unhex(&field(t, "msg"))), "sm3");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}  -\n", field(t, "md"))
        );
    }
    // Several files, one missing: the others still print, the status is 2.
    d.write("a", b"abc");
    let o = gmkit(&d, &["sm3", "a", "missing", "a"], b"");
    assert_eq!(o.status.code(), Some(2));
    let want = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0  a\n";
    assert_eq!(String::from_utf8_lossy(&o.stdout), want.repeat(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing"));
}

#[test]
fn hmac_sm3_published_examples() {
    let d = Dir::new("hmac-published");
    let v = vectors("hmac_sm3_gbt15852_2.json");
    for (g, t) in valid_tests(&v) {
        if g["tagSize"] != 256 {
            continue;
        }
        let args = ["sm3", "--hmac", &field(t, "key")];
        let out = ok(&gmkit(&d, &args, &unhex(&field(t, "msg"))), "hmac");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}  -\n", field(t, "tag"))
        );
    }
}

/// The mode name and the options a vector test gives `gmkit sm4` (None: not a CLI case).
fn sm4_args(file: &str, g: &Value, t: &Value) -> Option<(&'static str, Vec<String>)> {
    let key = field(t, "key");
    let mut args = vec!["--key".to_string(), key];
    let mode = match file {
        "sm4_ecb_published.json" => "ecb",
        "sm4_cbc_published.json" => "cbc",
        "sm4_cfb_published.json" => "cfb",
        "sm4_ofb_published.json" => "ofb",
        // The CLI's CTR counts over the whole 128-bit block.
        "sm4_ctr_published.json" if g["counterBits"].is_null() || g["counterBits"] == 128 => "ctr",
        "sm4_gcm_rfc8998.json" if g["tagSize"] == 128 => "gcm",
        "sm4_ccm_rfc8998.json" if g["tagSize"] == 128 => "ccm",
        "sm4_xts_gbt17964.json" => {
            let std = if g["variant"].as_str().unwrap_or("").starts_with("IEEE") {
                "ieee"
            } else {
                "gb"
            };
            args.extend(["--xts-standard".into(), std.into()]);
            args.extend(["--iv".into(), field(t, "tweak")]);
            return Some(("xts", args));
        }
        _ => return None,
    };
    if mode != "ecb" {
        args.extend(["--iv".into(), field(t, "iv")]);
    }
    if matches!(mode, "ecb" | "cbc") {
        args.extend(["--padding".into(), "none".into()]);
    }
    if matches!(mode, "gcm" | "ccm") {
        args.extend(["--aad".into(), field(t, "aad")]);
    }
    Some((mode, args))
}

#[test]
fn sm4_published_examples_both_ways() {
    let d = Dir::new("sm4-published");
    let mut ran = std::collections::BTreeSet::new();
    for file in [
        "sm4_ecb_published.json",
        "sm4_cbc_published.json",
        "sm4_cfb_published.json",
        "sm4_ofb_published.json",
        "sm4_ctr_published.json",
        "sm4_gcm_rfc8998.json",
        "sm4_ccm_rfc8998.json",
        "sm4_xts_gbt17964.json",
    ] {
        let v = vectors(file);
        for (g, t) in valid_tests(&v) {
            let Some((mode, opts)) = sm4_args(file, g, t) else {
                continue;
            };
            let mut want = unhex(&field(t, "ct"));
            if matches!(mode, "gcm" | "ccm") {
                want.extend(unhex(&field(t, "tag")));
            }
            let msg = unhex(&field(t, "msg"));
            let id = format!("{file} tcId {}", t["tcId"]);
            let mut args = vec!["sm4", "encrypt", "--mode", mode];
            args.extend(opts.iter().map(String::as_str));
            assert_eq!(hex(&ok(&gmkit(&d, &args, &msg), &id)), hex(&want), "{id}");
            args[1] = "decrypt";
            assert_eq!(hex(&ok(&gmkit(&d, &args, &want), &id)), hex(&msg), "{id}");
            ran.insert(mode);
        }
    }
    assert_eq!(ran.len(), 8, "modes run: {ran:?}");
}

#[test]
fn a_bad_tag_or_padding_writes_nothing() {
    let d = Dir::new("sm4-refused");
    let key = "0123456789abcdeffedcba9876543210";
    let iv = "00001234567800000000abcd";
    for mode in ["gcm", "ccm"] {
        let enc = ["sm4", "encrypt", "--mode", mode, "--key", key, "--iv", iv];
        let mut sealed = ok(&gmkit(&d, &enc, b"attack at dawn"), mode);
        assert_eq!(
            sealed.len(),
            14 + 16,
            "{mode}: ciphertext and a 16-byte tag"
        );
        for i in [0, sealed.len() - 1] {
            sealed[i] ^= 1;
            d.write("tampered", &sealed);
            sealed[i] ^= 1;
            let args = [
                "sm4", "decrypt", "--mode", mode, "--key", key, "--iv", iv, "--in", "tampered",
                "--out", "plain",
            ];
            let o = gmkit(&d, &args, b"");
            assert_eq!(o.status.code(), Some(1), "{mode} byte {i}");
            assert!(
                o.stdout.is_empty() && !d.exists("plain"),
                "{mode}: output written"
            );
        }
        // Shorter than a tag: refused too.
        let dec = ["sm4", "decrypt", "--mode", mode, "--key", key, "--iv", iv];
        assert_eq!(gmkit(&d, &dec, &sealed[..15]).status.code(), Some(1));
    }
    // CBC with PKCS #7: a last block that does not unpad is refused, nothing on stdout.
    let iv16 = "000102030405060708090a0b0c0d0e0f";
    let dec = [
        "sm4", "decrypt", "--mode", "cbc", "--key", key, "--iv", iv16,
    ];
    let o = gmkit(&d, &dec, &[0x55; 32]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn usage_and_io_errors_exit_2() {
    let d = Dir::new("sm4-usage");
    let k = "0123456789abcdeffedcba9876543210";
    let iv = "000102030405060708090a0b0c0d0e0f";
    for args in [
        &["sm4"][..],
        &["sm4", "frob", "--mode", "cbc", "--key", k, "--iv", iv],
        &["sm4", "encrypt", "--key", k, "--iv", iv],
        &["sm4", "encrypt", "--mode", "des", "--key", k, "--iv", iv],
        &[
            "sm4", "encrypt", "--mode", "cbc", "--key", "0123", "--iv", iv,
        ],
        &["sm4", "encrypt", "--mode", "cbc", "--key", k],
        &[
            "sm4", "encrypt", "--mode", "cbc", "--key", k, "--iv", "0011",
        ],
        &["sm4", "encrypt", "--mode", "ecb", "--key", k, "--iv", iv],
        &[
            "sm4",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            k,
            "--iv",
            iv,
            "--padding",
            "none",
        ],
        &[
            "sm4", "encrypt", "--mode", "cbc", "--key", k, "--iv", iv, "--aad", "00",
        ],
        &["sm4", "encrypt", "--mode", "xts", "--key", k, "--iv", iv],
        &["sm4", "encrypt", "--mode", "cbc", "--key", "zz", "--iv", iv],
        &[
            "sm4", "encrypt", "--mode", "cbc", "--key", k, "--iv", iv, "--in", "missing",
        ],
        &["sm3", "--hmac", "xyz"],
        &["sm3", "-", "-"],
    ] {
        let o = gmkit(&d, args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}: a message");
    }
    // Whole blocks are needed without padding; a key error never echoes the key.
    let args = [
        "sm4",
        "encrypt",
        "--mode",
        "ecb",
        "--key",
        k,
        "--padding",
        "none",
    ];
    assert_eq!(gmkit(&d, &args, &[0; 17]).status.code(), Some(2));
    let o = gmkit(&d, &["sm4", "encrypt", "--mode", "cbc", "--key", k], b"");
    assert!(!String::from_utf8_lossy(&o.stderr).contains(k));
    // XTS refuses K1 = K2 (the two halves of --key), writing nothing.
    let kk = format!("{k}{k}");
    for dir in ["encrypt", "decrypt"] {
        let args = ["sm4", dir, "--mode", "xts", "--key", &kk, "--iv", iv];
        let o = gmkit(&d, &args, &[0x5a; 32]);
        assert_eq!(o.status.code(), Some(2), "{dir}");
        assert!(o.stdout.is_empty(), "{dir}: nothing written");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("halves of --key are equal"), "{dir}: {err}");
        assert!(!err.contains(k), "{dir}: the key is not echoed");
    }
}

/// `openssl ARGS` in `dir` with `stdin`; its stdout.
fn openssl(dir: &Dir, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write");
    let o = child.wait_with_output().expect("openssl exits");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

/// Inputs of the lengths that matter for padding and stream tails.
fn messages() -> Vec<Vec<u8>> {
    [0usize, 1, 15, 16, 17, 31, 32, 1000, 65_537]
        .iter()
        .map(|&n| (0..n).map(|i| (i * 7 + n) as u8).collect())
        .collect()
}

#[test]
fn sm3_equals_openssl_dgst() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("sm3-openssl");
    for (i, m) in messages().iter().enumerate() {
        let f = format!("m{i}");
        d.write(&f, m);
        let ours = String::from_utf8(ok(&gmkit(&d, &["sm3", &f], b""), "sm3")).unwrap();
        let theirs = String::from_utf8(openssl(&d, &["dgst", "-sm3", "-r", &f], b"")).unwrap();
        // `openssl dgst -r` prints `HEX *NAME`.
        assert_eq!(
            ours.split_whitespace().next(),
            theirs.split_whitespace().next(),
            "{f}"
        );
        let ours = gmkit(&d, &["sm3", "--hmac", "6b6579", &f], b"");
        let theirs = openssl(&d, &["dgst", "-sm3", "-hmac", "key", "-r", &f], b"");
        assert_eq!(
            String::from_utf8_lossy(&ok(&ours, "hmac"))
                .split_whitespace()
                .next(),
            String::from_utf8_lossy(&theirs).split_whitespace().next(),
            "{f}"
        );
    }
}

#[test]
fn sm4_equals_openssl_enc_both_ways() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("sm4-openssl");
    let key = "0123456789abcdeffedcba9876543210";
    let iv = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    for mode in ["ecb", "cbc", "ctr", "cfb", "ofb"] {
        for pad in [true, false] {
            if !pad && !matches!(mode, "ecb" | "cbc") {
                continue;
            }
            for m in messages() {
                if !pad && m.len() % 16 != 0 {
                    continue;
                }
                let cipher = format!("-sm4-{mode}");
                let mut o_args = vec!["enc", "-e", cipher.as_str(), "-K", key];
                let mut g_args = vec!["sm4", "encrypt", "--mode", mode, "--key", key];
                if mode != "ecb" {
                    o_args.extend(["-iv", iv]);
                    g_args.extend(["--iv", iv]);
                }
                if !pad {
                    o_args.push("-nopad");
                    g_args.extend(["--padding", "none"]);
                }
                let id = format!("{mode} pad={pad} len={}", m.len());
                let theirs = openssl(&d, &o_args, &m);
                let ours = ok(&gmkit(&d, &g_args, &m), &id);
                assert_eq!(hex(&ours), hex(&theirs), "{id}");
                // Each side decrypts the other's output.
                g_args[1] = "decrypt";
                o_args[1] = "-d";
                assert_eq!(ok(&gmkit(&d, &g_args, &theirs), &id), m, "{id}");
                assert_eq!(openssl(&d, &o_args, &ours), m, "{id}");
            }
        }
    }
}
