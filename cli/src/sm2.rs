//! `gmkit sm2`: SM2 keys, signatures (GB/T 32918.2) and encryption (GB/T 32918.4) on files, in
//! the formats the OpenSSL 3.0 command line reads and writes.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};

use super::{Args, Command, Usage};
use gmkit::Error;
use gmkit::sm2::{
    DEFAULT_ID, DecryptingKey, EncryptingKey, Format, PublicKey, SecretKey, Signature, SigningKey,
    VerifyingKey,
};
use gmkit::sm3::Sm3;
use zeroize::Zeroizing;

pub const COMMAND: Command = Command {
    name: "sm2",
    usage: "gmkit sm2 SUBCOMMAND [OPTIONS]\n\
        \x20 keygen  --out KEY [--sec1] [--der]\n\
        \x20         a new secret key: PKCS#8 (PEM `PRIVATE KEY`) by default, SEC1 (`EC PRIVATE\n\
        \x20         KEY`) with --sec1, DER with --der; the file gets mode 0600 on Unix\n\
        \x20 pub     --key KEY --out PUB [--der]\n\
        \x20         the public key of KEY as SubjectPublicKeyInfo (PEM `PUBLIC KEY`; DER with --der)\n\
        \x20 sign    --key KEY --in FILE --out SIG [--id ID | --id-hex HEX] [--sig-format der|raw]\n\
        \x20         sign FILE (GB/T 32918.2; k from the system RNG, hedged with key and message)\n\
        \x20 verify  --pub PUB --in FILE --sig SIG [--id ID | --id-hex HEX] [--sig-format der|raw]\n\
        \x20         exit 0 only when the signature is valid, 1 when it is not\n\
        \x20 encrypt --pub PUB --in FILE --out CT [--format der|c1c3c2|c1c2c3]\n\
        \x20 decrypt --key KEY --in CT --out FILE [--format der|c1c3c2|c1c2c3]\n\
        \x20         decrypt; on any failure nothing is written\n\
        options:\n\
        \x20 --in, --out, --sig, --key, --pub   a file; `-` is stdin / stdout\n\
        \x20 KEY             PEM `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY` or `SM2 PRIVATE KEY`\n\
        \x20                 (SEC1), or the same in DER; other PEM blocks (`SM2 PARAMETERS`) are\n\
        \x20                 skipped; encrypted keys are not read\n\
        \x20 PUB             PEM `PUBLIC KEY` or DER SubjectPublicKeyInfo\n\
        \x20 --id ID         the signer's ID, the string's bytes (default 1234567812345678,\n\
        \x20                 GM/T 0009); --id-hex gives the bytes in hex; at most 8191 bytes\n\
        \x20 --sig-format    der: SEQUENCE { INTEGER r, INTEGER s } (default, as OpenSSL);\n\
        \x20                 raw: r ‖ s, 64 bytes\n\
        \x20 --format        der: GM/T 0009 SEQUENCE { x, y, C3, C2 } (default, the library's\n\
        \x20                 Format::DEFAULT; as OpenSSL);\n\
        \x20                 c1c3c2: GB/T 32918.4-2016; c1c2c3: the older order\n\
        exit status: 0 success; 1 failure (verify: an invalid signature); 2 bad usage\n\
        (verify: also any error that kept the signature from being checked)",
    summary: "SM2 keys, signatures and encryption (OpenSSL-compatible files)",
    run,
};

/// Why a subcommand stopped: bad usage (printed with the usage text) or a failure.
enum Fail {
    Usage(String),
    Error(String),
}

impl From<Usage> for Fail {
    fn from(Usage(msg): Usage) -> Self {
        Fail::Usage(msg)
    }
}

type Res<T> = Result<T, Fail>;

fn fail<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail::Error(msg.into()))
}

fn run(args: &[String]) -> Result<i32, Usage> {
    let Some((sub, rest)) = args.split_first() else {
        return Err(Usage(
            "a subcommand is needed: keygen, pub, sign, verify, encrypt or decrypt".into(),
        ));
    };
    let (result, error_status) = match sub.as_str() {
        "keygen" => (keygen(rest), 1),
        "pub" => (public(rest), 1),
        "sign" => (sign(rest), 1),
        // Status 1 is kept for "checked and invalid".
        "verify" => (verify(rest), 2),
        "encrypt" => (encrypt(rest), 1),
        "decrypt" => (decrypt(rest), 1),
        other => return Err(Usage(format!("unknown subcommand {other:?}"))),
    };
    match result {
        Ok(status) => Ok(status),
        Err(Fail::Usage(msg)) => Err(Usage(format!("{sub}: {msg}"))),
        Err(Fail::Error(msg)) => {
            eprintln!("gmkit sm2 {sub}: {msg}");
            Ok(error_status)
        }
    }
}

// ---- subcommands ----

fn keygen(args: &[String]) -> Res<i32> {
    let a = parse(args, &["--sec1", "--der"], &["--out"])?;
    let out = required(&a, "--out")?;
    let key = SecretKey::random(&mut SysRng);
    let bytes: Zeroizing<Vec<u8>> = match (a.flag("--sec1"), a.flag("--der")) {
        (false, false) => Zeroizing::new(key.to_pkcs8_pem().as_bytes().to_vec()),
        (true, false) => Zeroizing::new(key.to_sec1_pem().as_bytes().to_vec()),
        (false, true) => Zeroizing::new(key.to_pkcs8_der().to_vec()),
        (true, true) => Zeroizing::new(key.to_sec1_der().to_vec()),
    };
    write_output(out, &bytes, true)?;
    Ok(0)
}

fn public(args: &[String]) -> Res<i32> {
    let a = parse(args, &["--der"], &["--key", "--out"])?;
    let (key_path, out) = (required(&a, "--key")?, required(&a, "--out")?);
    let key = read_secret_key(key_path)?;
    let public = key.public_key();
    if a.flag("--der") {
        write_output(out, &public.to_public_key_der(), false)?;
    } else {
        write_output(out, public.to_public_key_pem().as_bytes(), false)?;
    }
    Ok(0)
}

fn sign(args: &[String]) -> Res<i32> {
    let a = parse(args, &[], &SIGN_OPTIONS)?;
    let (key_path, input, out) = (
        required(&a, "--key")?,
        required(&a, "--in")?,
        required(&a, "--out")?,
    );
    one_stdin(&[key_path, input])?;
    let raw = sig_format(&a)?;
    let id = id(&a)?;
    let key = SigningKey::with_id(read_secret_key(key_path)?, &id)
        .or_else(|_| fail(format!("the ID is longer than {MAX_ID} bytes")))?;
    let e = digest_input(key.verifying_key(), input)?;
    let sig = key.sign_prehashed_with_rng(&mut SysRng, &e);
    if raw {
        write_output(out, &sig.to_bytes(), false)?;
    } else {
        write_output(out, sig.to_der().as_ref(), false)?;
    }
    Ok(0)
}

fn verify(args: &[String]) -> Res<i32> {
    let a = parse(args, &[], &VERIFY_OPTIONS)?;
    let (pub_path, input, sig_path) = (
        required(&a, "--pub")?,
        required(&a, "--in")?,
        required(&a, "--sig")?,
    );
    one_stdin(&[pub_path, input, sig_path])?;
    let raw = sig_format(&a)?;
    let id = id(&a)?;
    let key = VerifyingKey::with_id(read_public_key(pub_path)?, &id)
        .or_else(|_| fail(format!("the ID is longer than {MAX_ID} bytes")))?;
    let sig_bytes = read_limited(sig_path, 4096)?;
    let sig = if raw {
        Signature::from_slice(&sig_bytes)
    } else {
        Signature::from_der(&sig_bytes)
    };
    let e = digest_input(&key, input)?;
    match sig.and_then(|sig| key.verify_prehashed(&e, &sig)) {
        Ok(()) => {
            println!("signature valid");
            Ok(0)
        }
        Err(_) => {
            eprintln!("gmkit sm2 verify: signature INVALID");
            Ok(1)
        }
    }
}

fn encrypt(args: &[String]) -> Res<i32> {
    let a = parse(args, &[], &["--pub", "--in", "--out", "--format"])?;
    let (pub_path, input, out) = (
        required(&a, "--pub")?,
        required(&a, "--in")?,
        required(&a, "--out")?,
    );
    one_stdin(&[pub_path, input])?;
    let format = ct_format(&a)?;
    let key: EncryptingKey<Sm3> = EncryptingKey::with_format(read_public_key(pub_path)?, format);
    let msg = Zeroizing::new(read_all(input)?);
    if msg.is_empty() {
        return fail("the input is empty; SM2 encryption needs at least one byte");
    }
    match key.encrypt(&mut SysRng, &msg) {
        Ok(ct) => write_output(out, &ct, false)?,
        Err(e) => return fail(format!("encryption failed: {e}")),
    }
    Ok(0)
}

fn decrypt(args: &[String]) -> Res<i32> {
    let a = parse(args, &[], &["--key", "--in", "--out", "--format"])?;
    let (key_path, input, out) = (
        required(&a, "--key")?,
        required(&a, "--in")?,
        required(&a, "--out")?,
    );
    one_stdin(&[key_path, input])?;
    let format = ct_format(&a)?;
    let key: DecryptingKey<Sm3> = DecryptingKey::with_format(read_secret_key(key_path)?, format);
    let ct = read_all(input)?;
    // One message for every cause (malformed, C1 off the curve, wrong C3): no oracle.
    let Ok(msg) = key.decrypt(&ct) else {
        return fail(format!(
            "decryption failed (wrong key, wrong --format {}, or a damaged ciphertext); nothing written",
            format_name(format)
        ));
    };
    let msg = Zeroizing::new(msg);
    write_output(out, &msg, false)?;
    Ok(0)
}

// ---- options ----

const MAX_ID: usize = gmkit::sm2::dsa::MAX_ID_LEN;
const SIGN_OPTIONS: [&str; 6] = ["--key", "--in", "--out", "--id", "--id-hex", "--sig-format"];
const VERIFY_OPTIONS: [&str; 6] = ["--pub", "--in", "--sig", "--id", "--id-hex", "--sig-format"];

fn parse(args: &[String], flags: &[&'static str], valued: &[&'static str]) -> Res<Args> {
    let a = Args::parse(args, flags, valued)?;
    if let Some(extra) = a.positional.first() {
        return Err(Fail::Usage(format!("unexpected argument {extra:?}")));
    }
    Ok(a)
}

fn required<'a>(a: &'a Args, name: &str) -> Res<&'a str> {
    match a.value(name) {
        Some("") => Err(Fail::Usage(format!("{name} needs a file name (or `-`)"))),
        Some(v) => Ok(v),
        None => Err(Fail::Usage(format!("{name} is required"))),
    }
}

/// Standard input can feed one of the inputs only.
fn one_stdin(paths: &[&str]) -> Res<()> {
    if paths.iter().filter(|p| **p == "-").count() > 1 {
        return Err(Fail::Usage("only one input can be `-` (stdin)".into()));
    }
    Ok(())
}

/// The signer's ID: `--id` (the string's bytes), `--id-hex`, or [`DEFAULT_ID`].
fn id(a: &Args) -> Res<Vec<u8>> {
    let id = match (a.value("--id"), a.value("--id-hex")) {
        (Some(_), Some(_)) => {
            return Err(Fail::Usage("give --id or --id-hex, not both".into()));
        }
        (Some(s), None) => s.as_bytes().to_vec(),
        (None, Some(h)) => {
            hex(h).ok_or_else(|| Fail::Usage("--id-hex needs pairs of hex digits".into()))?
        }
        (None, None) => DEFAULT_ID.to_vec(),
    };
    if id.len() > MAX_ID {
        return Err(Fail::Usage(format!(
            "the ID is {} bytes; at most {MAX_ID} are allowed (GB/T 32918.2 §5.5)",
            id.len()
        )));
    }
    Ok(id)
}

fn hex(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    if !s.len().is_multiple_of(2) || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `--sig-format`: `true` for raw r ‖ s.
fn sig_format(a: &Args) -> Res<bool> {
    match a.value("--sig-format") {
        None | Some("der") => Ok(false),
        Some("raw") => Ok(true),
        Some(other) => Err(Fail::Usage(format!(
            "--sig-format is der or raw, not {other:?}"
        ))),
    }
}

fn ct_format(a: &Args) -> Res<Format> {
    match a.value("--format").map(str::to_ascii_lowercase).as_deref() {
        None => Ok(Format::DEFAULT),
        Some("der") => Ok(Format::Der),
        Some("c1c3c2") => Ok(Format::C1C3C2),
        Some("c1c2c3") => Ok(Format::C1C2C3),
        Some(_) => Err(Fail::Usage("--format is der, c1c3c2 or c1c2c3".into())),
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Der => "der",
        Format::C1C3C2 => "c1c3c2",
        Format::C1C2C3 => "c1c2c3",
    }
}

// ---- files ----

fn name(path: &str) -> String {
    if path == "-" {
        "stdin".into()
    } else {
        format!("{path:?}")
    }
}

fn open_input(path: &str) -> Res<Box<dyn Read>> {
    if path == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    match File::open(path) {
        Ok(f) => Ok(Box::new(f)),
        Err(e) => fail(format!("cannot open {}: {e}", name(path))),
    }
}

fn read_all(path: &str) -> Res<Vec<u8>> {
    let mut buf = Vec::new();
    match open_input(path)?.read_to_end(&mut buf) {
        Ok(_) => Ok(buf),
        Err(e) => fail(format!("cannot read {}: {e}", name(path))),
    }
}

/// Read at most `limit` bytes; a longer input is an error (key and signature files are small).
fn read_limited(path: &str, limit: u64) -> Res<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    match open_input(path)?.take(limit + 1).read_to_end(&mut buf) {
        Ok(n) if n as u64 > limit => fail(format!(
            "{} is over {limit} bytes; not a key or signature file",
            name(path)
        )),
        Ok(_) => Ok(buf),
        Err(e) => fail(format!("cannot read {}: {e}", name(path))),
    }
}

/// e = SM3(Z_A ‖ M) over the input, streamed (GB/T 32918.2 §6.1 A1–A2).
fn digest_input(key: &VerifyingKey, path: &str) -> Res<[u8; 32]> {
    let mut h = Sm3::new();
    h.update(key.za());
    let mut r = open_input(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(h.finalize()),
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return fail(format!("cannot read {}: {e}", name(path))),
        }
    }
}

/// Write `bytes` to `path` (or stdout). A `secret` file is created with mode 0600 on Unix, and
/// an existing one is narrowed to 0600 before anything is written.
fn write_output(path: &str, bytes: &[u8], secret: bool) -> Res<()> {
    let written = if path == "-" {
        let mut out = io::stdout().lock();
        out.write_all(bytes).and_then(|()| out.flush())
    } else {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if secret {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        options.open(path).and_then(|mut f| {
            #[cfg(unix)]
            if secret {
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            f.write_all(bytes)?;
            f.sync_all()
        })
    };
    written.or_else(|e| {
        fail(format!(
            "cannot write {}: {e}",
            if path == "-" {
                "stdout".into()
            } else {
                name(path)
            }
        ))
    })
}

// ---- keys ----

/// Whether `bytes` look like PEM text rather than DER.
fn is_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// The PEM documents in `text`, as (label, whole document) pairs.
fn pem_blocks(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let doc = &rest[start..];
        let Some(label_end) = doc["-----BEGIN ".len()..].find("-----") else {
            break;
        };
        let label = &doc["-----BEGIN ".len()..][..label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = doc.find(&end_marker) else {
            break;
        };
        let len = end + end_marker.len();
        out.push((label, &doc[..len]));
        rest = &doc[len..];
    }
    out
}

fn key_error(path: &str, what: &str, e: Error) -> Fail {
    let why = match e {
        Error::InvalidPrivateKey => {
            "the secret key is out of range or does not match the public key stored with it"
        }
        Error::InvalidPublicKey => "the public key is not a valid sm2p256v1 point",
        _ => "malformed, or not a key on the SM2 curve (OID 1.2.156.10197.1.301)",
    };
    Fail::Error(format!("{}: not a usable SM2 {what}: {why}", name(path)))
}

fn read_secret_key(path: &str) -> Res<SecretKey> {
    let bytes = read_limited(path, 64 * 1024)?;
    let err = |e| key_error(path, "secret key", e);
    if !is_pem(&bytes) {
        return SecretKey::from_pkcs8_der(&bytes)
            .or_else(|_| SecretKey::from_sec1_der(&bytes))
            .map_err(err);
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(err(Error::InvalidEncoding));
    };
    let blocks = pem_blocks(text);
    for (label, doc) in &blocks {
        match *label {
            "PRIVATE KEY" | "EC PRIVATE KEY" | "SM2 PRIVATE KEY" if doc.contains("Proc-Type:") => {
                return encrypted(path);
            }
            "PRIVATE KEY" | "EC PRIVATE KEY" | "SM2 PRIVATE KEY" => {
                return SecretKey::from_pem(doc).map_err(err);
            }
            "ENCRYPTED PRIVATE KEY" => return encrypted(path),
            _ => {}
        }
    }
    if blocks.iter().any(|(l, _)| *l == "PUBLIC KEY") {
        return fail(format!(
            "{} holds a public key; this needs the secret key",
            name(path)
        ));
    }
    fail(format!(
        "{}: no PEM `PRIVATE KEY`, `EC PRIVATE KEY` or `SM2 PRIVATE KEY` block",
        name(path)
    ))
}

fn encrypted<T>(path: &str) -> Res<T> {
    fail(format!(
        "{} is an encrypted private key; gmkit reads unencrypted keys only \
         (`openssl pkey -in KEY -out PLAIN.pem` decrypts it)",
        name(path)
    ))
}

fn read_public_key(path: &str) -> Res<PublicKey> {
    let bytes = read_limited(path, 64 * 1024)?;
    let err = |e| key_error(path, "public key", e);
    if !is_pem(&bytes) {
        return PublicKey::from_public_key_der(&bytes).map_err(err);
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(err(Error::InvalidEncoding));
    };
    let blocks = pem_blocks(text);
    if let Some((_, doc)) = blocks.iter().find(|(l, _)| *l == "PUBLIC KEY") {
        return PublicKey::from_public_key_pem(doc).map_err(err);
    }
    if blocks.iter().any(|(l, _)| l.ends_with("PRIVATE KEY")) {
        return fail(format!(
            "{} holds a private key; `gmkit sm2 pub --key KEY --out PUB.pem` extracts the public key",
            name(path)
        ));
    }
    fail(format!("{}: no PEM `PUBLIC KEY` block", name(path)))
}

// ---- randomness ----

/// The operating system's RNG. If it ever fails, gmkit stops with a message (exit 1) before any
/// output is written: every draw happens before the result is.
struct SysRng;

impl SysRng {
    fn fill(dst: &mut [u8]) {
        if getrandom::fill(dst).is_err() {
            eprintln!("gmkit: the operating system's random number generator failed");
            std::process::exit(1);
        }
    }
}

impl rand_core::TryRng for SysRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        SysRng::fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        SysRng::fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        SysRng::fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for SysRng {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_in_openssl_ecparam_output() {
        // `openssl ecparam -name SM2 -genkey` writes a parameters block before the key.
        let text = "-----BEGIN SM2 PARAMETERS-----\nBggqgRzPVQGCLQ==\n-----END SM2 PARAMETERS-----\n\
                    -----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        let b = pem_blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].0, "SM2 PARAMETERS");
        assert_eq!(
            b[1],
            (
                "PRIVATE KEY",
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
            )
        );
        assert!(pem_blocks("-----BEGIN X-----\nAAAA\n").is_empty());
    }

    /// GB/T 32918.2 §5.5: ENTL is two bytes of bit length, so an ID has at most 8191 bytes.
    #[test]
    fn id_length_limit() {
        let parse = |v: &[String]| Args::parse(v, &[], &["--id", "--id-hex"]).unwrap();
        let at_limit = parse(&["--id".to_string(), "a".repeat(MAX_ID)]);
        assert_eq!(id(&at_limit).ok(), Some(vec![b'a'; MAX_ID]));
        let over = parse(&["--id".to_string(), "a".repeat(MAX_ID + 1)]);
        assert!(matches!(id(&over), Err(Fail::Usage(m)) if m.contains("8192 bytes")));
        let over_hex = parse(&["--id-hex".to_string(), "61".repeat(MAX_ID + 1)]);
        assert!(matches!(id(&over_hex), Err(Fail::Usage(_))));
        assert_eq!(id(&parse(&[])).ok(), Some(DEFAULT_ID.to_vec()));
    }

    #[test]
    fn hex_ids() {
        assert_eq!(hex("31323334"), Some(b"1234".to_vec()));
        assert_eq!(hex("0xA0ff"), Some(vec![0xa0, 0xff]));
        assert_eq!(hex(""), Some(vec![]));
        assert_eq!(hex("123"), None);
        assert_eq!(hex("zz"), None);
        assert_eq!(hex("+1"), None);
        assert_eq!(hex("éé"), None);
    }
}
