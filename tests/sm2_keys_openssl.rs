//! SM2 key files between gmkit's library and the OpenSSL 3.x command line: OpenSSL decrypts
//! gmkit's encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) to the same key, and gmkit
//! reads what a fresh `openssl genpkey` / `pkcs8 -topk8 -v2 …` / `ecparam -genkey` writes.
//!
//! Without an `openssl` 3.x binary the tests print a notice and pass, unless
//! `GMKIT_REQUIRE_OPENSSL=1` (CI) makes that a failure — as in `cli/tests/interop_openssl.rs`.

use gmkit::Error;
use gmkit::sm2::{Pbes2Params, Pbes2Scheme, SecretKey};
use rand::SeedableRng;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "gmkit-openssl-pässwörd";

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
    eprintln!("notice: {why}; the OpenSSL key-file interop test did not run");
    false
}

/// A scratch directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("gmkit-keys-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    fn read(&self, file: &str) -> Vec<u8> {
        fs::read(self.0.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn read_str(&self, file: &str) -> String {
        String::from_utf8(self.read(file)).unwrap()
    }

    fn write(&self, file: &str, data: &[u8]) {
        fs::write(self.0.join(file), data).unwrap();
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn run(dir: &Dir, args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::null())
        .output()
        .expect("openssl")
}

/// `openssl ARGS` in `dir`, which must succeed.
fn openssl(dir: &Dir, args: &[&str]) {
    let o = run(dir, args);
    assert!(
        o.status.success(),
        "`openssl {}`: {}\n{}",
        args.join(" "),
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn openssl_decrypts_gmkit_encrypted_keys() {
    if !have_openssl() {
        return;
    }
    let dir = Dir::new("decrypt");
    let mut rng = rand::rngs::StdRng::seed_from_u64(21);
    let sk = SecretKey::random(&mut rng);
    let passin = format!("pass:{PASSWORD}");
    // The default (600000 iterations) as PEM, and a light one as DER.
    let pem = sk
        .to_pkcs8_encrypted_pem(&mut rng, PASSWORD.as_bytes(), Pbes2Scheme::default())
        .unwrap();
    dir.write("enc.pem", pem.as_bytes());
    let light = Pbes2Params::new(Pbes2Scheme::Aes256CbcHmacSha256).with_iterations(1);
    let der = sk
        .to_pkcs8_encrypted_der(&mut rng, PASSWORD.as_bytes(), light)
        .unwrap();
    dir.write("enc.der", &der);
    openssl(
        &dir,
        &[
            "pkcs8", "-in", "enc.pem", "-passin", &passin, "-out", "a.pem",
        ],
    );
    openssl(
        &dir,
        &[
            "pkcs8", "-inform", "DER", "-in", "enc.der", "-passin", &passin, "-out", "b.pem",
        ],
    );
    // OpenSSL writes back exactly gmkit's unencrypted PKCS#8.
    for file in ["a.pem", "b.pem"] {
        assert_eq!(dir.read_str(file), sk.to_pkcs8_pem().as_str(), "{file}");
    }
    // And refuses a wrong password.
    let o = run(
        &dir,
        &[
            "pkcs8",
            "-in",
            "enc.pem",
            "-passin",
            "pass:wrong",
            "-out",
            "c.pem",
        ],
    );
    assert!(!o.status.success());
    // Its own re-encryption of the key comes back to gmkit.
    openssl(
        &dir,
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            "a.pem",
            "-passout",
            &passin,
            "-out",
            "again.pem",
        ],
    );
    let again = dir.read_str("again.pem");
    let back = SecretKey::from_pkcs8_encrypted_pem(&again, PASSWORD.as_bytes()).unwrap();
    assert_eq!(back.to_bytes(), sk.to_bytes());
}

#[test]
fn gmkit_reads_fresh_openssl_keys() {
    if !have_openssl() {
        return;
    }
    let dir = Dir::new("read");
    let passout = format!("pass:{PASSWORD}");
    openssl(&dir, &["genpkey", "-algorithm", "SM2", "-out", "key.pem"]);
    let plain = SecretKey::from_pem(&dir.read_str("key.pem")).unwrap();
    for (cipher, iter) in [
        ("aes-256-cbc", "2048"),
        ("aes-192-cbc", "1"),
        ("aes-128-cbc", "100000"),
        ("sm4-cbc", "2048"),
    ] {
        for form in ["PEM", "DER"] {
            let out = format!("enc-{cipher}-{form}");
            openssl(
                &dir,
                &[
                    "pkcs8", "-topk8", "-v2", cipher, "-iter", iter, "-in", "key.pem", "-outform",
                    form, "-passout", &passout, "-out", &out,
                ],
            );
            let got = if form == "PEM" {
                SecretKey::from_pkcs8_encrypted_pem(&dir.read_str(&out), PASSWORD.as_bytes())
            } else {
                SecretKey::from_pkcs8_encrypted_der(&dir.read(&out), PASSWORD.as_bytes())
            };
            assert_eq!(got.unwrap().to_bytes(), plain.to_bytes(), "{out}");
            let wrong = if form == "PEM" {
                SecretKey::from_pkcs8_encrypted_pem(&dir.read_str(&out), b"wrong")
            } else {
                SecretKey::from_pkcs8_encrypted_der(&dir.read(&out), b"wrong")
            };
            assert_eq!(wrong.unwrap_err(), Error::Opaque, "{out}");
        }
    }
    // `ecparam -genkey`: a parameters block, then the key (compared with `openssl pkey`'s
    // plain PKCS#8 of the same file).
    openssl(
        &dir,
        &["ecparam", "-name", "SM2", "-genkey", "-out", "ecparam.pem"],
    );
    openssl(&dir, &["pkey", "-in", "ecparam.pem", "-out", "pkey.pem"]);
    let both = dir.read_str("ecparam.pem");
    assert!(both.contains("PARAMETERS-----"), "{both}");
    let a = SecretKey::from_pem(&both).unwrap();
    let b = SecretKey::from_pem(&dir.read_str("pkey.pem")).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
}
