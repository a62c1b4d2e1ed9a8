//! `gmkit sm3`: SM3 (GB/T 32905) or HMAC-SM3 (GB/T 15852.2 / RFC 2104) of files, printed like
//! `sha256sum`, to compare with `openssl dgst -sm3` or `gmssl sm3`.

use std::io::{self, Read, Write};

use super::io::{Fail, hex, name, open_input};
use super::{Args, Command, Usage};
use gmkit::mac::Hmac;
use gmkit::sm3::Sm3;
use zeroize::Zeroizing;

pub const COMMAND: Command = Command {
    name: "sm3",
    usage: "gmkit sm3 [--hmac KEY_HEX] [FILE|-]...\n\
        \x20 prints `HEX  NAME` for each input (stdin when none is given), like sha256sum\n\
        options:\n\
        \x20 --hmac KEY_HEX  HMAC-SM3 with this key (hex, any length) instead of SM3\n\
        exit status: 0 success; 2 bad usage or an input that could not be read (the others\n\
        are still hashed)",
    summary: "SM3 / HMAC-SM3 of files (sha256sum-style output)",
    run,
};

/// One input's digest, streamed in 64 KiB pieces.
enum State {
    Plain(Sm3),
    Keyed(Box<Hmac<Sm3>>),
}

impl State {
    fn new(key: Option<&[u8]>) -> Self {
        match key {
            None => State::Plain(Sm3::new()),
            Some(k) => State::Keyed(Box::new(Hmac::new(k))),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            State::Plain(h) => h.update(data),
            State::Keyed(m) => m.update(data),
        }
    }

    fn finalize(self) -> [u8; 32] {
        match self {
            State::Plain(h) => h.finalize(),
            State::Keyed(m) => m.finalize(),
        }
    }
}

fn digest(path: &str, key: Option<&[u8]>) -> Result<[u8; 32], String> {
    let mut input = open_input(path).map_err(Fail::message)?;
    let mut state = State::new(key);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match input.read(&mut buf) {
            Ok(0) => return Ok(state.finalize()),
            Ok(n) => state.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read {}: {e}", name(path))),
        }
    }
}

fn run(args: &[String]) -> Result<i32, Usage> {
    let a = Args::parse(args, &[], &["--hmac"])?;
    let key = match a.value("--hmac") {
        None => None,
        Some(h) => Some(Zeroizing::new(hex(h).ok_or_else(|| {
            Usage("--hmac needs the key as pairs of hex digits".into())
        })?)),
    };
    let stdin = ["-".to_string()];
    let inputs = if a.positional.is_empty() {
        &stdin[..]
    } else {
        &a.positional[..]
    };
    if inputs.iter().filter(|p| *p == "-").count() > 1 {
        return Err(Usage("stdin (`-`) can be read once".into()));
    }
    let mut status = 0;
    let mut out = io::stdout().lock();
    for path in inputs {
        match digest(path, key.as_deref().map(Vec::as_slice)) {
            Ok(d) => {
                let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
                if writeln!(out, "{hex}  {path}").is_err() {
                    return Ok(2);
                }
            }
            Err(msg) => {
                let _ = out.flush();
                eprintln!("gmkit sm3: {msg}");
                status = 2;
            }
        }
    }
    if out.flush().is_err() {
        status = 2;
    }
    Ok(status)
}
