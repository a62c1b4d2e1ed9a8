//! `gmkit sm2` against the OpenSSL 3.0 command line, both ways — the matrix of
//! `scripts/interop.sh`: keys made by each side and read by the other; signatures with the
//! default and a custom ID made here and checked there and the reverse; DER ciphertexts made here
//! and decrypted there and the reverse; changed messages and ciphertexts refused by both sides.
//!
//! Without an `openssl` 3.x binary the tests print a notice and pass, unless
//! `GMKIT_REQUIRE_OPENSSL=1` (CI) makes that a failure.
//!
//! OpenSSL 3.0.19 facts these tests pin down: `pkeyutl -rawin -digest sm3` without
//! `-pkeyopt distid:` computes Z_A over the empty ID, not 1234567812345678; `ecparam -genkey`
//! writes an `SM2 PARAMETERS` block before a PKCS#8 key; `openssl ec` labels SEC1 SM2 keys
//! `SM2 PRIVATE KEY`.

mod support;

use std::fs;
use std::process::{Command, Output, Stdio};
use support::{Dir, have_openssl};

const GMKIT: &str = env!("CARGO_BIN_EXE_gmkit");
const DEFAULT_ID: &str = "1234567812345678";
const CUSTOM_ID: &str = "alice@example.com";
const BAD_SIGNATURE: &str = "Signature Verification Failure";
const BAD_CIPHERTEXT: &str = "Public Key operation error";

fn run(program: &str, dir: &Dir, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn describe(program: &str, args: &[&str], o: &Output) -> String {
    format!(
        "`{program} {}`: {}\nstdout: {}\nstderr: {}",
        args.join(" "),
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `gmkit ARGS` in `dir`, which must exit with `status`.
fn gmkit(dir: &Dir, status: i32, args: &[&str]) {
    let o = run(GMKIT, dir, args);
    assert_eq!(
        o.status.code(),
        Some(status),
        "{}",
        describe("gmkit", args, &o)
    );
}

/// `openssl ARGS` in `dir`, which must succeed.
fn openssl(dir: &Dir, args: &[&str]) {
    let o = run("openssl", dir, args);
    assert!(o.status.success(), "{}", describe("openssl", args, &o));
}

/// `openssl ARGS` in `dir`, which must fail saying `text`.
fn openssl_refuses(dir: &Dir, text: &str, args: &[&str]) {
    let o = run("openssl", dir, args);
    let said = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && said.contains(text),
        "expected a failure saying {text:?}: {}",
        describe("openssl", args, &o)
    );
}

fn openssl_sign(dir: &Dir, key: &str, msg: &str, sig: &str, id: &str) {
    let distid = format!("distid:{id}");
    openssl(
        dir,
        &[
            "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", key, "-in", msg, "-out", sig,
            "-pkeyopt", &distid,
        ],
    );
}

fn openssl_verify_args<'a>(
    pubkey: &'a str,
    msg: &'a str,
    sig: &'a str,
    distid: &'a str,
) -> Vec<&'a str> {
    vec![
        "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", pubkey, "-in", msg,
        "-sigfile", sig, "-pkeyopt", distid,
    ]
}

fn gmkit_id(id: &str) -> Vec<&str> {
    if id == DEFAULT_ID {
        vec![]
    } else {
        vec!["--id", id]
    }
}

/// The keys of the matrix: (private key file, SPKI PEM file) for OpenSSL's `genpkey` and
/// `ecparam` keys and gmkit's PKCS#8 and SEC1 keys; each side reads the other's files and
/// derives the same public key.
fn make_keys(d: &Dir) -> Vec<(&'static str, &'static str)> {
    openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:SM2",
            "-out",
            "o1.key",
        ],
    );
    openssl(d, &["ecparam", "-name", "SM2", "-genkey", "-out", "o2.key"]);
    assert!(
        String::from_utf8(d.read("o2.key"))
            .unwrap()
            .contains("SM2 PARAMETERS")
    );
    gmkit(d, 0, &["sm2", "keygen", "--out", "g1.key"]);
    gmkit(d, 0, &["sm2", "keygen", "--sec1", "--out", "g2.key"]);
    assert!(
        String::from_utf8(d.read("g2.key"))
            .unwrap()
            .starts_with("-----BEGIN EC PRIVATE KEY-----")
    );
    for k in ["o1", "o2", "g1", "g2"] {
        let (key, theirs, ours) = (
            format!("{k}.key"),
            format!("{k}.ossl.pub"),
            format!("{k}.gmkit.pub"),
        );
        openssl(d, &["pkey", "-in", &key, "-pubout", "-out", &theirs]);
        gmkit(d, 0, &["sm2", "pub", "--key", &key, "--out", &ours]);
        assert_eq!(d.read(&theirs), d.read(&ours), "public key of {k}");
    }
    // Public keys as the key's maker wrote them.
    vec![
        ("o1.key", "o1.ossl.pub"),
        ("o2.key", "o2.ossl.pub"),
        ("g1.key", "g1.gmkit.pub"),
        ("g2.key", "g2.gmkit.pub"),
    ]
}

#[test]
fn key_files_both_ways() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("keys");
    make_keys(&d);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(d.0.join("g1.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // OpenSSL's SEC1 (`SM2 PRIVATE KEY`) and DER forms of one key, read by gmkit.
    openssl(&d, &["ec", "-in", "o1.key", "-out", "o1.sec1"]);
    assert!(
        String::from_utf8(d.read("o1.sec1"))
            .unwrap()
            .starts_with("-----BEGIN SM2 PRIVATE KEY-----")
    );
    openssl(
        &d,
        &["pkey", "-in", "o1.key", "-outform", "DER", "-out", "o1.der"],
    );
    openssl(
        &d,
        &[
            "ec",
            "-in",
            "o1.key",
            "-outform",
            "DER",
            "-out",
            "o1.sec1.der",
        ],
    );
    openssl(
        &d,
        &[
            "pkey",
            "-in",
            "o1.key",
            "-pubout",
            "-outform",
            "DER",
            "-out",
            "o1.pub.der",
        ],
    );
    for form in ["o1.sec1", "o1.der", "o1.sec1.der"] {
        let out = format!("{form}.pub");
        gmkit(&d, 0, &["sm2", "pub", "--key", form, "--out", &out]);
        assert_eq!(d.read(&out), d.read("o1.ossl.pub"), "{form}");
    }
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "pub",
            "--key",
            "o1.key",
            "--der",
            "--out",
            "o1.gmkit.pub.der",
        ],
    );
    assert_eq!(d.read("o1.gmkit.pub.der"), d.read("o1.pub.der"));
    // gmkit's DER key, read by OpenSSL.
    gmkit(&d, 0, &["sm2", "keygen", "--der", "--out", "g3.der"]);
    openssl(
        &d,
        &[
            "pkey",
            "-inform",
            "DER",
            "-in",
            "g3.der",
            "-pubout",
            "-out",
            "g3.ossl.pub",
        ],
    );
    gmkit(
        &d,
        0,
        &["sm2", "pub", "--key", "g3.der", "--out", "g3.gmkit.pub"],
    );
    assert_eq!(d.read("g3.ossl.pub"), d.read("g3.gmkit.pub"));
    // A DER SPKI from OpenSSL encrypts to the key OpenSSL decrypts with.
    d.write("m", b"to a DER public key");
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "encrypt",
            "--pub",
            "o1.pub.der",
            "--in",
            "m",
            "--out",
            "c",
        ],
    );
    openssl(
        &d,
        &[
            "pkeyutl", "-decrypt", "-inkey", "o1.key", "-in", "c", "-out", "m.out",
        ],
    );
    assert_eq!(d.read("m.out"), b"to a DER public key");
}

/// Encrypted PKCS#8 both ways: OpenSSL's `-v2 aes-256-cbc` and `-v2 sm4-cbc` keys sign here
/// with `--passin` (and OpenSSL verifies); a wrong or missing passphrase is refused with no
/// output; `keygen --passout` writes a key OpenSSL opens with the same passphrase.
#[test]
fn encrypted_keys_both_ways() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("encrypted");
    openssl(&d, &["genpkey", "-algorithm", "SM2", "-out", "plain.key"]);
    openssl(
        &d,
        &["pkey", "-in", "plain.key", "-pubout", "-out", "plain.pub"],
    );
    d.write("m", b"an encrypted key signs this");
    d.write("pw.txt", b"correct horse\n");
    let distid = format!("distid:{DEFAULT_ID}");
    for (cipher, passin) in [
        ("aes-256-cbc", "pass:correct horse"),
        ("sm4-cbc", "file:pw.txt"),
    ] {
        let key = format!("{cipher}.key");
        openssl(
            &d,
            &[
                "pkcs8",
                "-topk8",
                "-v2",
                cipher,
                "-in",
                "plain.key",
                "-out",
                &key,
                "-passout",
                "pass:correct horse",
            ],
        );
        let sig = format!("{cipher}.sig");
        gmkit(
            &d,
            0,
            &[
                "sm2", "sign", "--key", &key, "--passin", passin, "--in", "m", "--out", &sig,
            ],
        );
        openssl(&d, &openssl_verify_args("plain.pub", "m", &sig, &distid));
        gmkit(
            &d,
            0,
            &[
                "sm2",
                "pub",
                "--key",
                &key,
                "--passin",
                passin,
                "--out",
                "again.pub",
            ],
        );
        assert_eq!(d.read("again.pub"), d.read("plain.pub"), "{cipher}");
        for bad in [&["--passin", "pass:wrong"][..], &[]] {
            let mut args = vec!["sm2", "sign", "--key", &key, "--in", "m", "--out", "no.sig"];
            args.extend(bad);
            gmkit(&d, 1, &args);
            assert!(!d.exists("no.sig"), "{cipher} {bad:?}");
        }
    }
    // `--passout` (PBKDF2-HMAC-SHA256 + AES-256-CBC): OpenSSL opens it, and it signs there.
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "keygen",
            "--out",
            "g.key",
            "--passout",
            "pass:from gmkit",
        ],
    );
    assert!(
        String::from_utf8(d.read("g.key"))
            .unwrap()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
    openssl(
        &d,
        &[
            "pkey",
            "-in",
            "g.key",
            "-passin",
            "pass:from gmkit",
            "-pubout",
            "-out",
            "g.ossl.pub",
        ],
    );
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "pub",
            "--key",
            "g.key",
            "--passin",
            "pass:from gmkit",
            "--out",
            "g.pub",
        ],
    );
    assert_eq!(d.read("g.pub"), d.read("g.ossl.pub"));
    openssl_refuses(
        &d,
        "",
        &["pkey", "-in", "g.key", "-passin", "pass:wrong", "-noout"],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2", "pub", "--key", "g.key", "--passin", "nope", "--out", "x.pub",
        ],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2",
            "keygen",
            "--out",
            "x.key",
            "--passout",
            "pass:x",
            "--sec1",
        ],
    );
}

#[test]
fn signatures_both_ways() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("sign");
    let keys = make_keys(&d);
    let msg: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
    d.write("msg", &msg);
    d.flip("msg", "msg.changed");
    for (key, public) in keys {
        for (id, other) in [(DEFAULT_ID, CUSTOM_ID), (CUSTOM_ID, DEFAULT_ID)] {
            let (distid, other_distid) = (format!("distid:{id}"), format!("distid:{other}"));
            let what = format!("{key}, ID {id}");
            // Signed here, verified there.
            let gsig = format!("{key}.{id}.gsig");
            let mut args = vec!["sm2", "sign", "--key", key, "--in", "msg", "--out", &gsig];
            args.extend(gmkit_id(id));
            gmkit(&d, 0, &args);
            openssl(&d, &openssl_verify_args(public, "msg", &gsig, &distid));
            openssl_refuses(
                &d,
                BAD_SIGNATURE,
                &openssl_verify_args(public, "msg.changed", &gsig, &distid),
            );
            openssl_refuses(
                &d,
                BAD_SIGNATURE,
                &openssl_verify_args(public, "msg", &gsig, &other_distid),
            );
            // Signed there, verified here.
            let osig = format!("{key}.{id}.osig");
            openssl_sign(&d, key, "msg", &osig, id);
            for (m, id_used, status) in [("msg", id, 0), ("msg.changed", id, 1), ("msg", other, 1)]
            {
                let mut args = vec!["sm2", "verify", "--pub", public, "--in", m, "--sig", &osig];
                args.extend(gmkit_id(id_used));
                let o = run(GMKIT, &d, &args);
                assert_eq!(
                    o.status.code(),
                    Some(status),
                    "{what}: {}",
                    describe("gmkit", &args, &o)
                );
            }
        }
    }
}

#[test]
fn encryption_both_ways() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("encrypt");
    let keys = make_keys(&d);
    // Past 64 KiB, DER lengths take three octets.
    let large: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    for (i, msg) in [&b"x"[..], b"SM2 across implementations", &large]
        .iter()
        .enumerate()
    {
        let m = format!("msg{i}");
        d.write(&m, msg);
        for (key, public) in &keys {
            // Encrypted here (DER, the default), decrypted there.
            let (gct, gout) = (format!("{m}.{key}.gct"), format!("{m}.{key}.gct.out"));
            gmkit(
                &d,
                0,
                &["sm2", "encrypt", "--pub", public, "--in", &m, "--out", &gct],
            );
            openssl(
                &d,
                &[
                    "pkeyutl", "-decrypt", "-inkey", key, "-in", &gct, "-out", &gout,
                ],
            );
            assert_eq!(d.read(&gout), *msg, "{key}: openssl decrypting gmkit");
            let changed = format!("{gct}.changed");
            d.flip(&gct, &changed);
            openssl_refuses(
                &d,
                BAD_CIPHERTEXT,
                &[
                    "pkeyutl", "-decrypt", "-inkey", key, "-in", &changed, "-out", "ignored",
                ],
            );
            // Encrypted there, decrypted here.
            let (oct, oout) = (format!("{m}.{key}.oct"), format!("{m}.{key}.oct.out"));
            openssl(
                &d,
                &[
                    "pkeyutl", "-encrypt", "-pubin", "-inkey", public, "-in", &m, "-out", &oct,
                ],
            );
            gmkit(
                &d,
                0,
                &["sm2", "decrypt", "--key", key, "--in", &oct, "--out", &oout],
            );
            assert_eq!(d.read(&oout), *msg, "{key}: gmkit decrypting openssl");
            let (changed, cout) = (format!("{oct}.changed"), format!("{oct}.changed.out"));
            d.flip(&oct, &changed);
            gmkit(
                &d,
                1,
                &[
                    "sm2", "decrypt", "--key", key, "--in", &changed, "--out", &cout,
                ],
            );
            assert!(
                !d.exists(&cout),
                "gmkit wrote output for a changed ciphertext"
            );
        }
    }
}

/// OpenSSL 3.0's `distid`/`hexdistid` and its ID when none is given (the empty ID).
#[test]
fn openssl_distid_rules() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("distid");
    let keys = make_keys(&d);
    let (key, public) = keys[0];
    d.write("msg", b"which ID?");
    openssl(
        &d,
        &[
            "pkeyutl",
            "-sign",
            "-rawin",
            "-digest",
            "sm3",
            "-inkey",
            key,
            "-in",
            "msg",
            "-out",
            "hex.sig",
            "-pkeyopt",
            "hexdistid:00ff616c6963650a",
        ],
    );
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "verify",
            "--pub",
            public,
            "--id-hex",
            "00ff616c6963650a",
            "--in",
            "msg",
            "--sig",
            "hex.sig",
        ],
    );
    // No distid: OpenSSL 3.0 hashes Z_A over the empty ID.
    openssl(
        &d,
        &[
            "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", key, "-in", "msg", "-out",
            "none.sig",
        ],
    );
    gmkit(
        &d,
        0,
        &[
            "sm2", "verify", "--pub", public, "--id", "", "--in", "msg", "--sig", "none.sig",
        ],
    );
    gmkit(
        &d,
        0,
        &[
            "sm2", "verify", "--pub", public, "--id-hex", "", "--in", "msg", "--sig", "none.sig",
        ],
    );
    gmkit(
        &d,
        1,
        &[
            "sm2", "verify", "--pub", public, "--in", "msg", "--sig", "none.sig",
        ],
    );
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "sign",
            "--key",
            key,
            "--id",
            "",
            "--in",
            "msg",
            "--out",
            "empty.gsig",
        ],
    );
    openssl(
        &d,
        &[
            "pkeyutl",
            "-verify",
            "-rawin",
            "-digest",
            "sm3",
            "-pubin",
            "-inkey",
            public,
            "-in",
            "msg",
            "-sigfile",
            "empty.gsig",
        ],
    );
    // gmkit's default ID is OpenSSL's only when given explicitly.
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "sign",
            "--key",
            key,
            "--in",
            "msg",
            "--out",
            "default.gsig",
        ],
    );
    openssl_refuses(
        &d,
        BAD_SIGNATURE,
        &[
            "pkeyutl",
            "-verify",
            "-rawin",
            "-digest",
            "sm3",
            "-pubin",
            "-inkey",
            public,
            "-in",
            "msg",
            "-sigfile",
            "default.gsig",
        ],
    );
    let distid = format!("distid:{DEFAULT_ID}");
    openssl(
        &d,
        &openssl_verify_args(public, "msg", "default.gsig", &distid),
    );
}

/// `--in -` / `--out -`: the CLI through pipes, checked by OpenSSL.
#[test]
fn stdin_and_stdout() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("pipes");
    let keys = make_keys(&d);
    let (key, public) = keys[2];
    let pipe = |args: &[&str], input: &[u8]| -> Vec<u8> {
        use std::io::Write;
        let mut child = Command::new(GMKIT)
            .args(args)
            .current_dir(&d.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", describe("gmkit", args, &o));
        o.stdout
    };
    let sig = pipe(
        &["sm2", "sign", "--key", key, "--in", "-", "--out", "-"],
        b"piped",
    );
    d.write("piped.sig", &sig);
    d.write("piped", b"piped");
    let distid = format!("distid:{DEFAULT_ID}");
    openssl(
        &d,
        &openssl_verify_args(public, "piped", "piped.sig", &distid),
    );
    openssl(
        &d,
        &[
            "pkeyutl", "-encrypt", "-pubin", "-inkey", public, "-in", "piped", "-out", "piped.ct",
        ],
    );
    let plain = pipe(
        &["sm2", "decrypt", "--key", key, "--in", "-", "--out", "-"],
        &d.read("piped.ct"),
    );
    assert_eq!(plain, b"piped");
}

/// A DER TLV at the start of `b`: (tag, contents, rest). Short and long lengths up to 2 bytes.
fn tlv(b: &[u8]) -> (u8, &[u8], &[u8]) {
    let (tag, len, hdr) = match b[1] {
        n if n < 0x80 => (b[0], n as usize, 2),
        0x81 => (b[0], b[2] as usize, 3),
        0x82 => (b[0], (b[2] as usize) << 8 | b[3] as usize, 4),
        _ => panic!("unexpected DER length"),
    };
    (tag, &b[hdr..hdr + len], &b[hdr + len..])
}

/// A DER INTEGER's value as 32 big-endian bytes.
fn int32(v: &[u8]) -> Vec<u8> {
    let v = &v[v.len().saturating_sub(32)..];
    let mut out = vec![0u8; 32 - v.len()];
    out.extend_from_slice(v);
    out
}

/// The C1C3C2 and C1C2C3 layouts, from a GM/T 0009 DER ciphertext.
fn raw_layouts(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let (tag, body, rest) = tlv(der);
    assert!(tag == 0x30 && rest.is_empty());
    let (_, x, body) = tlv(body);
    let (_, y, body) = tlv(body);
    let (_, c3, body) = tlv(body);
    let (_, c2, body) = tlv(body);
    assert!(body.is_empty());
    let c1 = [&[4u8][..], &int32(x), &int32(y)].concat();
    ([&c1[..], c3, c2].concat(), [&c1[..], c2, c3].concat())
}

/// A DER INTEGER for a 32-byte big-endian value (minimal, non-negative).
fn der_int(v: &[u8]) -> Vec<u8> {
    let mut v = v
        .iter()
        .skip_while(|b| **b == 0)
        .copied()
        .collect::<Vec<u8>>();
    if v.first().is_none_or(|b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    [&[2u8, v.len() as u8][..], &v].concat()
}

fn der_len(n: usize) -> Vec<u8> {
    match n {
        0..0x80 => vec![n as u8],
        0x80..0x100 => vec![0x81, n as u8],
        _ => vec![0x82, (n >> 8) as u8, n as u8],
    }
}

/// The GM/T 0009 DER ciphertext for a C1C3C2 one.
fn der_from_c1c3c2(ct: &[u8]) -> Vec<u8> {
    let (x, y, c3, c2) = (&ct[1..33], &ct[33..65], &ct[65..97], &ct[97..]);
    let mut body = [der_int(x), der_int(y)].concat();
    body.extend([&[4u8, 32][..], c3].concat());
    body.extend([&[4u8][..], &der_len(c2.len()), c2].concat());
    [&[0x30u8][..], &der_len(body.len()), &body].concat()
}

/// `--format c1c3c2|c1c2c3` and `--sig-format raw`, checked through OpenSSL's DER forms: the
/// same ciphertexts and signatures, re-laid out by this test.
#[test]
fn raw_layouts_against_openssl() {
    if !have_openssl() {
        return;
    }
    let d = Dir::new("layouts");
    let keys = make_keys(&d);
    let (key, public) = keys[0];
    d.write("m", b"one message, three layouts");
    // OpenSSL's DER ciphertext, re-laid out, decrypts with gmkit's raw formats.
    openssl(
        &d,
        &[
            "pkeyutl", "-encrypt", "-pubin", "-inkey", public, "-in", "m", "-out", "o.der",
        ],
    );
    let (c1c3c2, c1c2c3) = raw_layouts(&d.read("o.der"));
    d.write("o.c1c3c2", &c1c3c2);
    d.write("o.c1c2c3", &c1c2c3);
    for f in ["c1c3c2", "c1c2c3"] {
        let (ct, out) = (format!("o.{f}"), format!("o.{f}.out"));
        gmkit(
            &d,
            0,
            &[
                "sm2", "decrypt", "--key", key, "--format", f, "--in", &ct, "--out", &out,
            ],
        );
        assert_eq!(d.read(&out), b"one message, three layouts", "{f}");
    }
    // The layouts are not interchangeable.
    gmkit(
        &d,
        1,
        &[
            "sm2", "decrypt", "--key", key, "--format", "c1c2c3", "--in", "o.c1c3c2", "--out", "x",
        ],
    );
    gmkit(
        &d,
        1,
        &[
            "sm2", "decrypt", "--key", key, "--in", "o.c1c3c2", "--out", "x",
        ],
    );
    // gmkit's C1C3C2, put into DER, decrypts with OpenSSL.
    gmkit(
        &d,
        0,
        &[
            "sm2", "encrypt", "--pub", public, "--format", "c1c3c2", "--in", "m", "--out",
            "g.c1c3c2",
        ],
    );
    let g = d.read("g.c1c3c2");
    assert_eq!(g.len(), 65 + 32 + 26);
    d.write("g.der", &der_from_c1c3c2(&g));
    openssl(
        &d,
        &[
            "pkeyutl", "-decrypt", "-inkey", key, "-in", "g.der", "-out", "g.out",
        ],
    );
    assert_eq!(d.read("g.out"), b"one message, three layouts");
    // OpenSSL's DER signature as raw r ‖ s.
    let distid = format!("distid:{DEFAULT_ID}");
    openssl_sign(&d, key, "m", "o.sig", DEFAULT_ID);
    let sig = d.read("o.sig");
    let (_, body, _) = tlv(&sig);
    let (_, r, body) = tlv(body);
    let (_, s, _) = tlv(body);
    d.write("o.raw", &[int32(r), int32(s)].concat());
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "verify",
            "--pub",
            public,
            "--sig-format",
            "raw",
            "--in",
            "m",
            "--sig",
            "o.raw",
        ],
    );
    gmkit(
        &d,
        1,
        &[
            "sm2", "verify", "--pub", public, "--in", "m", "--sig", "o.raw",
        ],
    );
    // gmkit's raw signature, put into DER, verifies with OpenSSL.
    gmkit(
        &d,
        0,
        &[
            "sm2",
            "sign",
            "--key",
            key,
            "--sig-format",
            "raw",
            "--in",
            "m",
            "--out",
            "g.raw",
        ],
    );
    let raw = d.read("g.raw");
    assert_eq!(raw.len(), 64);
    let body = [der_int(&raw[..32]), der_int(&raw[32..])].concat();
    d.write(
        "g.sig",
        &[&[0x30u8][..], &der_len(body.len()), &body].concat(),
    );
    openssl(&d, &openssl_verify_args(public, "m", "g.sig", &distid));
}

/// Exit statuses: verify keeps 1 for a signature checked and refused (malformed included) and
/// 2 for anything that kept it from checking; usage errors are 2 everywhere. No OpenSSL needed.
#[test]
fn exit_statuses() {
    let d = Dir::new("status");
    gmkit(&d, 0, &["sm2", "keygen", "--out", "k.pem"]);
    gmkit(&d, 0, &["sm2", "pub", "--key", "k.pem", "--out", "p.pem"]);
    d.write("m", b"status");
    gmkit(
        &d,
        0,
        &["sm2", "sign", "--key", "k.pem", "--in", "m", "--out", "s"],
    );
    gmkit(
        &d,
        0,
        &["sm2", "verify", "--pub", "p.pem", "--in", "m", "--sig", "s"],
    );
    d.write("garbage", b"\x30\x03\x02\x01");
    gmkit(
        &d,
        1,
        &[
            "sm2", "verify", "--pub", "p.pem", "--in", "m", "--sig", "garbage",
        ],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2", "verify", "--pub", "p.pem", "--in", "m", "--sig", "missing",
        ],
    );
    gmkit(
        &d,
        2,
        &["sm2", "verify", "--pub", "k.pem", "--in", "m", "--sig", "s"],
    );
    gmkit(&d, 2, &["sm2", "verify", "--pub", "p.pem", "--in", "m"]);
    gmkit(
        &d,
        2,
        &["sm2", "verify", "--pub", "p.pem", "--in", "-", "--sig", "-"],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2", "verify", "--pub", "p.pem", "--id", "a", "--id-hex", "61", "--in", "m", "--sig",
            "s",
        ],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2", "sign", "--key", "k.pem", "--id-hex", "6", "--in", "m", "--out", "s2",
        ],
    );
    gmkit(
        &d,
        2,
        &[
            "sm2", "encrypt", "--pub", "p.pem", "--format", "pem", "--in", "m", "--out", "c",
        ],
    );
    gmkit(&d, 2, &["sm2", "frobnicate"]);
    gmkit(&d, 2, &["sm2"]);
    gmkit(
        &d,
        1,
        &["sm2", "sign", "--key", "p.pem", "--in", "m", "--out", "s3"],
    );
    gmkit(
        &d,
        1,
        &[
            "sm2", "decrypt", "--key", "k.pem", "--in", "m", "--out", "x",
        ],
    );
    assert!(!d.exists("s3") && !d.exists("x") && !d.exists("s2") && !d.exists("c"));
    d.write("empty", b"");
    gmkit(
        &d,
        1,
        &[
            "sm2", "encrypt", "--pub", "p.pem", "--in", "empty", "--out", "c",
        ],
    );
    // No secret in any message: the key's base64 never reaches stderr.
    let key = String::from_utf8(d.read("k.pem")).unwrap();
    let o = run(
        GMKIT,
        &d,
        &["sm2", "verify", "--pub", "k.pem", "--in", "m", "--sig", "s"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!err.contains(line));
    }
}
