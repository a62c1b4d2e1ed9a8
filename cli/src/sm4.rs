//! `gmkit sm4`: SM4 (GB/T 32907) in the modes of GB/T 17964-2021 over files, byte-compatible with
//! `openssl enc -sm4-ecb|-sm4-cbc|-sm4-ctr|...` given `-K` and `-iv` (no salt, no key derivation).

use super::io::{Fail, Res, parse, read_all, write_output};
use super::{Command, Usage};
use gmkit::modes::xts::XtsVariant;
use gmkit::modes::{Sm4Ccm, Sm4Gcm, Sm4Xts, cbc, cfb::Cfb, ctr::Ctr, ecb, ofb::Ofb};
use gmkit::sm4::Sm4;
use gmkit::{Aead, CtrWidth, Error};
use zeroize::Zeroizing;

pub const COMMAND: Command = Command {
    name: "sm4",
    usage: "gmkit sm4 encrypt|decrypt --mode MODE --key HEX [--iv HEX] [--aad HEX]\n\
        \x20                [--padding pkcs7|none] [--xts-standard gb|ieee] [--in FILE] [--out FILE]\n\
        \x20 MODE   ecb, cbc: PKCS#7 padding by default (as `openssl enc`), --padding none for\n\
        \x20               whole blocks; ecb takes no IV\n\
        \x20        cfb (CFB-128), ofb, ctr (a 128-bit big-endian counter): any length\n\
        \x20        gcm: any IV of 1 byte or more (12 is usual); writes ciphertext ‖ 16-byte tag\n\
        \x20        ccm: a nonce of 7 to 13 bytes; writes ciphertext ‖ 16-byte tag\n\
        \x20        xts: a 32-byte key (K1 ‖ K2, K1 ≠ K2), the 16-byte tweak as --iv, at least 16\n\
        \x20               bytes of data; tweak arithmetic of GB/T 17964-2021 (default, as OpenSSL)\n\
        \x20               or IEEE 1619 (--xts-standard ieee)\n\
        options:\n\
        \x20 --key HEX       the key: 16 bytes (32 for xts)\n\
        \x20 --iv HEX        IV, initial counter block, nonce or tweak (16 bytes unless above)\n\
        \x20 --aad HEX       associated data (gcm, ccm)\n\
        \x20 --in, --out     files; stdin / stdout by default (`-` too)\n\
        exit status: 0 success; 1 refused (a wrong tag or padding: nothing is written);\n\
        2 bad usage or I/O error",
    summary: "SM4 encryption and decryption of files in every mode (openssl enc compatible)",
    run,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ecb,
    Cbc,
    Cfb,
    Ofb,
    Ctr,
    Gcm,
    Ccm,
    Xts,
}

const MODES: [(&str, Mode); 8] = [
    ("ecb", Mode::Ecb),
    ("cbc", Mode::Cbc),
    ("cfb", Mode::Cfb),
    ("ofb", Mode::Ofb),
    ("ctr", Mode::Ctr),
    ("gcm", Mode::Gcm),
    ("ccm", Mode::Ccm),
    ("xts", Mode::Xts),
];

/// The tag appended by `gcm` and `ccm`.
const TAG_LEN: usize = 16;

fn run(args: &[String]) -> Result<i32, Usage> {
    let Some((dir, rest)) = args.split_first() else {
        return Err(Usage("encrypt or decrypt is needed".into()));
    };
    let encrypt = match dir.as_str() {
        "encrypt" => true,
        "decrypt" => false,
        other => return Err(Usage(format!("unknown subcommand {other:?}"))),
    };
    match cipher(encrypt, rest) {
        Ok(()) => Ok(0),
        Err(Fail::Usage(msg)) => Err(Usage(format!("{dir}: {msg}"))),
        Err(Fail::Refused(msg)) => {
            eprintln!("gmkit sm4 {dir}: {msg}");
            Ok(1)
        }
        Err(Fail::Error(msg)) => {
            eprintln!("gmkit sm4 {dir}: {msg}");
            Ok(2)
        }
    }
}

fn usage<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail::Usage(msg.into()))
}

/// A hex option's bytes (kept in zeroizing memory: `--key` is secret).
fn hex_value(a: &super::Args, name: &str) -> Res<Option<Zeroizing<Vec<u8>>>> {
    match a.value(name) {
        None => Ok(None),
        Some(h) => match super::io::hex(h) {
            Some(v) => Ok(Some(Zeroizing::new(v))),
            None => usage(format!("{name} needs pairs of hex digits")),
        },
    }
}

fn block(v: &[u8], what: &str) -> Res<[u8; 16]> {
    v.try_into()
        .or_else(|_| usage(format!("{what} must be 16 bytes, not {}", v.len())))
}

fn cipher(encrypt: bool, args: &[String]) -> Res<()> {
    let a = parse(
        args,
        &[],
        &[
            "--mode",
            "--key",
            "--iv",
            "--aad",
            "--padding",
            "--xts-standard",
            "--in",
            "--out",
        ],
    )?;
    let mode = match a.value("--mode") {
        None => return usage("--mode is required"),
        Some(m) => match MODES.iter().find(|(n, _)| n.eq_ignore_ascii_case(m)) {
            Some((_, mode)) => *mode,
            None => return usage(format!("unknown mode {m:?}")),
        },
    };
    let Some(key) = hex_value(&a, "--key")? else {
        return usage("--key is required");
    };
    let iv = hex_value(&a, "--iv")?;
    let aad = hex_value(&a, "--aad")?;
    let pad = match (a.value("--padding"), mode) {
        (None | Some("pkcs7"), Mode::Ecb | Mode::Cbc) => true,
        (Some("none"), Mode::Ecb | Mode::Cbc) => false,
        (None, _) => false,
        (Some(_), Mode::Ecb | Mode::Cbc) => return usage("--padding is pkcs7 or none"),
        (Some(_), _) => return usage("--padding applies to ecb and cbc only"),
    };
    let xts = match (a.value("--xts-standard"), mode) {
        (None | Some("gb"), _) => XtsVariant::Gbt17964,
        (Some("ieee"), Mode::Xts) => XtsVariant::Ieee1619,
        (Some(_), Mode::Xts) => return usage("--xts-standard is gb or ieee"),
        (Some(_), _) => return usage("--xts-standard applies to xts only"),
    };
    if aad.is_some() && !matches!(mode, Mode::Gcm | Mode::Ccm) {
        return usage("--aad applies to gcm and ccm only");
    }
    match (mode, &iv) {
        (Mode::Ecb, Some(_)) => return usage("ecb takes no --iv"),
        (Mode::Ecb, None) => {}
        (_, None) => return usage("--iv is required for this mode"),
        _ => {}
    }
    let iv = iv.as_deref().map(Vec::as_slice).unwrap_or(&[]);
    let aad = aad.as_deref().map(Vec::as_slice).unwrap_or(&[]);

    let key_len = if mode == Mode::Xts { 32 } else { 16 };
    if key.len() != key_len {
        return usage(format!(
            "--key must be {key_len} bytes for {}, not {}",
            MODES
                .iter()
                .find(|(_, m)| *m == mode)
                .map_or("", |(n, _)| n),
            key.len()
        ));
    }
    let input = a.value("--in").unwrap_or("-");
    let output = a.value("--out").unwrap_or("-");
    let mut buf = Zeroizing::new(read_all(input)?);
    let out_len = transform(mode, encrypt, &key, iv, aad, pad, xts, &mut buf)?;
    write_output(output, &buf[..out_len], false)
}

/// Run the mode over `buf` in place (growing it for padding or a tag); the output length.
#[allow(clippy::too_many_arguments)]
fn transform(
    mode: Mode,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    pad: bool,
    xts: XtsVariant,
    buf: &mut Zeroizing<Vec<u8>>,
) -> Res<usize> {
    let bad = |e: Error| -> Fail {
        match e {
            Error::Opaque => Fail::Refused(if matches!(mode, Mode::Gcm | Mode::Ccm) {
                "the tag does not verify: nothing written".into()
            } else {
                "bad padding (wrong key or IV, or damaged input): nothing written".into()
            }),
            Error::InvalidLength if !pad && matches!(mode, Mode::Ecb | Mode::Cbc) => {
                Fail::Error("with --padding none the input must be whole 16-byte blocks".into())
            }
            Error::InvalidParameter if mode == Mode::Xts => {
                Fail::Error("xts needs two different keys: the halves of --key are equal".into())
            }
            other => Fail::Error(format!("{other}")),
        }
    };
    let n = buf.len();
    let sm4 = || -> Res<Sm4> {
        let k: &[u8; 16] = key.try_into().map_err(|_| bad(Error::InvalidKeyLength))?;
        Ok(Sm4::new(k))
    };
    match (mode, encrypt) {
        (Mode::Xts, _) => {
            let x = Sm4Xts::new_from_slice(key, xts).map_err(bad)?;
            let tweak = block(iv, "the tweak (--iv)")?;
            let r = if encrypt {
                x.encrypt(&tweak, buf)
            } else {
                x.decrypt(&tweak, buf)
            };
            r.map_err(bad).map(|()| n)
        }
        (Mode::Ecb | Mode::Cbc, true) if pad => {
            let c = sm4()?;
            // PKCS #7 always adds 1 to 16 bytes.
            buf.resize(n / 16 * 16 + 16, 0);
            let r = if mode == Mode::Ecb {
                ecb::encrypt_pkcs7(&c, buf, n)
            } else {
                cbc::encrypt_pkcs7(&c, &block(iv, "--iv")?, buf, n)
            };
            r.map_err(bad)
        }
        (Mode::Ecb | Mode::Cbc, false) if pad => {
            let c = sm4()?;
            if mode == Mode::Ecb {
                ecb::decrypt_pkcs7(&c, buf)
            } else {
                cbc::decrypt_pkcs7(&c, &block(iv, "--iv")?, buf)
            }
            .map_err(bad)
        }
        (Mode::Ecb, true) => ecb::encrypt(&sm4()?, buf).map_err(bad).map(|()| n),
        (Mode::Ecb, false) => ecb::decrypt(&sm4()?, buf).map_err(bad).map(|()| n),
        (Mode::Cbc, true) => cbc::encrypt(&sm4()?, &block(iv, "--iv")?, buf)
            .map_err(bad)
            .map(|()| n),
        (Mode::Cbc, false) => cbc::decrypt(&sm4()?, &block(iv, "--iv")?, buf)
            .map_err(bad)
            .map(|()| n),
        (Mode::Cfb, _) => {
            let mut s = Cfb::new(sm4()?, &block(iv, "--iv")?);
            if encrypt {
                s.encrypt(buf);
            } else {
                s.decrypt(buf);
            }
            Ok(n)
        }
        (Mode::Ofb, _) => {
            Ofb::new(sm4()?, &block(iv, "--iv")?).apply_keystream(buf);
            Ok(n)
        }
        (Mode::Ctr, _) => Ctr::new(sm4()?, &block(iv, "--iv")?, CtrWidth::Bits128)
            .apply_keystream(buf)
            .map_err(bad)
            .map(|()| n),
        (Mode::Gcm | Mode::Ccm, true) => {
            buf.resize(n + TAG_LEN, 0);
            let (ct, tag) = buf.split_at_mut(n);
            if mode == Mode::Gcm {
                Sm4Gcm::new(sm4()?).seal_in_place_detached(iv, aad, ct, tag)
            } else {
                Sm4Ccm::new(sm4()?).seal_in_place_detached(iv, aad, ct, tag)
            }
            .map_err(bad)?;
            Ok(n + TAG_LEN)
        }
        (Mode::Gcm | Mode::Ccm, false) => {
            let Some(ct_len) = n.checked_sub(TAG_LEN) else {
                return Err(Fail::Refused(format!(
                    "the input is {n} bytes, shorter than the {TAG_LEN}-byte tag: nothing written"
                )));
            };
            let (ct, tag) = buf.split_at_mut(ct_len);
            if mode == Mode::Gcm {
                Sm4Gcm::new(sm4()?).open_in_place_detached(iv, aad, ct, tag)
            } else {
                Sm4Ccm::new(sm4()?).open_in_place_detached(iv, aad, ct, tag)
            }
            .map_err(bad)?;
            Ok(ct_len)
        }
    }
}
