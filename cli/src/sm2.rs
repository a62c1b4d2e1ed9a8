//! `gmkit sm2`: SM2 keys, signatures (GB/T 32918.2) and encryption (GB/T 32918.4) on files, in
//! the formats the OpenSSL 3.0 command line reads and writes.

use std::io::{self, Read};

use super::io::{
    Fail, Res, SysRng, fail, hex, name, one_stdin, open_input, parse, read_all, read_limited,
    required, write_output,
};
use super::{Args, Command, Usage};
use gmkit::Error;
use gmkit::sm2::{
    DEFAULT_ID, DecryptingKey, EncryptingKey, Format, Pbes2Scheme, PublicKey, SecretKey, Signature,
    SigningKey, VerifyingKey,
};
use gmkit::sm3::Sm3;
use zeroize::Zeroizing;

pub const COMMAND: Command = Command {
    name: "sm2",
    usage: "gmkit sm2 SUBCOMMAND [OPTIONS]\n\
        \x20 keygen  --out KEY [--sec1] [--der] [--passout PASS [--pbes2 aes|sm]]\n\
        \x20         a new secret key: PKCS#8 (PEM `PRIVATE KEY`) by default, SEC1 (`EC PRIVATE\n\
        \x20         KEY`) with --sec1, DER with --der; with --passout an encrypted PKCS#8\n\
        \x20         (`ENCRYPTED PRIVATE KEY`, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC as OpenSSL\n\
        \x20         writes it, or PBKDF2-HMAC-SM3 + SM4-CBC as GmSSL with --pbes2 sm); the file\n\
        \x20         gets mode 0600 on Unix\n\
        \x20 pub     --key KEY --out PUB [--der] [--passin PASS]\n\
        \x20         the public key of KEY as SubjectPublicKeyInfo (PEM `PUBLIC KEY`; DER with --der)\n\
        \x20 sign    --key KEY --in FILE --out SIG [--id ID | --id-hex HEX] [--sig-format der|raw]\n\
        \x20         [--passin PASS]\n\
        \x20         sign FILE (GB/T 32918.2; k from the system RNG, hedged with key and message)\n\
        \x20 verify  --pub PUB --in FILE --sig SIG [--id ID | --id-hex HEX] [--sig-format der|raw]\n\
        \x20         exit 0 only when the signature is valid, 1 when it is not\n\
        \x20 encrypt --pub PUB --in FILE --out CT [--format der|c1c3c2|c1c2c3]\n\
        \x20 decrypt --key KEY --in CT --out FILE [--format der|c1c3c2|c1c2c3] [--passin PASS]\n\
        \x20         decrypt; on any failure nothing is written\n\
        options:\n\
        \x20 --in, --out, --sig, --key, --pub   a file; `-` is stdin / stdout\n\
        \x20 KEY             PEM `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY` or `SM2 PRIVATE KEY`\n\
        \x20                 (SEC1), or the same in DER; other PEM blocks (`SM2 PARAMETERS`) are\n\
        \x20                 skipped; an `ENCRYPTED PRIVATE KEY` (PBES2 with PBKDF2-HMAC-SHA256 or\n\
        \x20                 -SM3, AES-128/192/256-CBC or SM4-CBC) needs --passin\n\
        \x20 PASS            pass:TEXT, env:VAR or file:PATH (its first line), as OpenSSL\n\
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
        Err(Fail::Error(msg) | Fail::Refused(msg)) => {
            eprintln!("gmkit sm2 {sub}: {msg}");
            Ok(error_status)
        }
    }
}

// ---- subcommands ----

fn keygen(args: &[String]) -> Res<i32> {
    let a = parse(
        args,
        &["--sec1", "--der"],
        &["--out", "--passout", "--pbes2"],
    )?;
    let out = required(&a, "--out")?;
    let scheme = match a.value("--pbes2") {
        None | Some("aes") => Pbes2Scheme::Aes256CbcHmacSha256,
        Some("sm") => Pbes2Scheme::Sm4CbcHmacSm3,
        Some(_) => return Err(Fail::Usage("--pbes2 is aes or sm".into())),
    };
    let pass = passphrase(&a, "--passout")?;
    if pass.is_none() && a.value("--pbes2").is_some() {
        return Err(Fail::Usage("--pbes2 goes with --passout".into()));
    }
    let key = SecretKey::random(&mut SysRng);
    if let Some(pass) = pass {
        if a.flag("--sec1") {
            return Err(Fail::Usage(
                "--passout writes an encrypted PKCS#8 key; it does not go with --sec1".into(),
            ));
        }
        let bytes = if a.flag("--der") {
            key.to_pkcs8_encrypted_der(&mut SysRng, &pass, scheme)
                .map(Zeroizing::new)
        } else {
            key.to_pkcs8_encrypted_pem(&mut SysRng, &pass, scheme)
                .map(|p| Zeroizing::new(p.into_bytes()))
        };
        let bytes = bytes.or_else(|e| fail(format!("cannot encrypt the key: {e}")))?;
        write_output(out, &bytes, true)?;
        return Ok(0);
    }
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
    let a = parse(args, &["--der"], &["--key", "--out", "--passin"])?;
    let (key_path, out) = (required(&a, "--key")?, required(&a, "--out")?);
    let key = read_secret_key(key_path, &a)?;
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
    let key = SigningKey::with_id(read_secret_key(key_path, &a)?, &id)
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
    let a = parse(
        args,
        &[],
        &["--key", "--in", "--out", "--format", "--passin"],
    )?;
    let (key_path, input, out) = (
        required(&a, "--key")?,
        required(&a, "--in")?,
        required(&a, "--out")?,
    );
    one_stdin(&[key_path, input])?;
    let format = ct_format(&a)?;
    let key: DecryptingKey<Sm3> =
        DecryptingKey::with_format(read_secret_key(key_path, &a)?, format);
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
const SIGN_OPTIONS: [&str; 7] = [
    "--key",
    "--in",
    "--out",
    "--id",
    "--id-hex",
    "--sig-format",
    "--passin",
];
const VERIFY_OPTIONS: [&str; 6] = ["--pub", "--in", "--sig", "--id", "--id-hex", "--sig-format"];

/// A passphrase option in OpenSSL's forms: `pass:TEXT`, `env:VAR`, `file:PATH` (the first line,
/// without its line ending).
fn passphrase(a: &Args, option: &str) -> Res<Option<Zeroizing<Vec<u8>>>> {
    let Some(spec) = a.value(option) else {
        return Ok(None);
    };
    let pass = if let Some(text) = spec.strip_prefix("pass:") {
        text.as_bytes().to_vec()
    } else if let Some(var) = spec.strip_prefix("env:") {
        match std::env::var_os(var) {
            Some(v) => v.into_encoded_bytes(),
            None => {
                return fail(format!(
                    "{option}: the environment variable {var} is not set"
                ));
            }
        }
    } else if let Some(path) = spec.strip_prefix("file:") {
        let text = read_limited(path, 64 * 1024)?;
        let line = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
        line.strip_suffix(b"\r").unwrap_or(line).to_vec()
    } else {
        return Err(Fail::Usage(format!(
            "{option} is pass:TEXT, env:VAR or file:PATH"
        )));
    };
    Ok(Some(Zeroizing::new(pass)))
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

/// The secret key in `path`; an encrypted PKCS#8 key is opened with `--passin`.
fn read_secret_key(path: &str, a: &Args) -> Res<SecretKey> {
    let pass = passphrase(a, "--passin")?;
    let bytes = read_limited(path, 64 * 1024)?;
    let err = |e| key_error(path, "secret key", e);
    let opened = |r: Result<SecretKey, Error>| match r {
        Ok(k) => Ok(k),
        Err(Error::Opaque) => fail(format!(
            "{}: wrong passphrase, or a damaged encrypted key",
            name(path)
        )),
        Err(Error::InvalidParameter) => fail(format!(
            "{}: encrypted with a scheme or parameters gmkit does not accept (PBES2 with \
             PBKDF2-HMAC-SHA256/SM3 and AES-CBC/SM4-CBC, at most {} iterations)",
            name(path),
            gmkit::sm2::MAX_ITERATIONS
        )),
        Err(e) => Err(err(e)),
    };
    if !is_pem(&bytes) {
        let plain = SecretKey::from_pkcs8_der(&bytes).or_else(|_| SecretKey::from_sec1_der(&bytes));
        return match (plain, &pass) {
            (Ok(k), _) => Ok(k),
            (Err(_), Some(p)) => opened(SecretKey::from_pkcs8_encrypted_der(&bytes, p)),
            (Err(e), None) => Err(err(e)),
        };
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(err(Error::InvalidEncoding));
    };
    let blocks = pem_blocks(text);
    for (label, doc) in &blocks {
        match *label {
            "PRIVATE KEY" | "EC PRIVATE KEY" | "SM2 PRIVATE KEY" if doc.contains("Proc-Type:") => {
                return fail(format!(
                    "{} is a legacy OpenSSL-encrypted key (`Proc-Type`); convert it with \
                     `openssl pkcs8 -topk8 -in KEY -out KEY8.pem` first",
                    name(path)
                ));
            }
            "PRIVATE KEY" | "EC PRIVATE KEY" | "SM2 PRIVATE KEY" => {
                return SecretKey::from_pem(doc).map_err(err);
            }
            "ENCRYPTED PRIVATE KEY" => {
                let Some(p) = &pass else {
                    return fail(format!(
                        "{} is an encrypted private key; give its passphrase with --passin",
                        name(path)
                    ));
                };
                return opened(SecretKey::from_pkcs8_encrypted_pem(doc, p));
            }
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
        "{}: no PEM `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `EC PRIVATE KEY` or `SM2 PRIVATE KEY` block",
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
