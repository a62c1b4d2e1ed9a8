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

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const GMKIT: &str = env!("CARGO_BIN_EXE_gmkit");
const DEFAULT_ID: &str = "1234567812345678";
const CUSTOM_ID: &str = "alice@example.com";
const BAD_SIGNATURE: &str = "Signature Verification Failure";
const BAD_CIPHERTEXT: &str = "Public Key operation error";

/// Whether an OpenSSL 3.x `openssl` is on PATH; if not, a notice, and a panic when required.
fn have_openssl() -> bool {
    let version = Command::new("openssl").arg("version").output();
    let found = match &version {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => String::new(),
    };
    if found.starts_with("OpenSSL 3.") {
        return true;
    }
    let why = if found.is_empty() {
        "no `openssl` command".to_string()
    } else {
        format!("OpenSSL 3.x needed, found {}", found.trim())
    };
    if std::env::var("GMKIT_REQUIRE_OPENSSL").as_deref() == Ok("1") {
        panic!("GMKIT_REQUIRE_OPENSSL=1 but {why}");
    }
    eprintln!("notice: {why}; the OpenSSL CLI interop test did not run");
    false
}

/// A scratch directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("gmkit-interop-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    fn read(&self, file: &str) -> Vec<u8> {
        fs::read(self.0.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn write(&self, file: &str, data: &[u8]) {
        fs::write(self.0.join(file), data).unwrap();
    }

    /// `to` = `from` with the last byte's low bit flipped.
    fn flip(&self, from: &str, to: &str) {
        let mut b = self.read(from);
        *b.last_mut().unwrap() ^= 1;
        self.write(to, &b);
    }

    fn exists(&self, file: &str) -> bool {
        self.0.join(file).exists()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

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
    for (i, msg) in [&b"x"[..], b"SM2 across implementations", &[0xa5; 4096]]
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
