//! What the subcommands share: failures and their exit statuses, option helpers, hex, files in
//! and out (`-` is stdin / stdout), and the operating system's RNG.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};

use super::{Args, Usage};
use zeroize::Zeroizing;

/// Why a subcommand stopped. Each command maps these to its exit statuses (0 success; 1 a
/// refusal: bad signature, bad tag; 2 usage or I/O errors).
pub enum Fail {
    /// Bad usage: printed with the usage text.
    Usage(String),
    /// Input that could not be used, or an I/O error.
    Error(String),
    /// A check that said no: a tag, padding or signature that does not verify.
    Refused(String),
}

impl Fail {
    /// The message, whatever the kind.
    pub fn message(self) -> String {
        match self {
            Fail::Usage(m) | Fail::Error(m) | Fail::Refused(m) => m,
        }
    }
}

impl From<Usage> for Fail {
    fn from(Usage(msg): Usage) -> Self {
        Fail::Usage(msg)
    }
}

/// A subcommand's result.
pub type Res<T> = Result<T, Fail>;

/// An [`Fail::Error`].
pub fn fail<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail::Error(msg.into()))
}

/// Parse options; no positional argument is allowed.
pub fn parse(args: &[String], flags: &[&'static str], valued: &[&'static str]) -> Res<Args> {
    let a = Args::parse(args, flags, valued)?;
    if let Some(extra) = a.positional.first() {
        return Err(Fail::Usage(format!("unexpected argument {extra:?}")));
    }
    Ok(a)
}

/// The value of a required option.
pub fn required<'a>(a: &'a Args, name: &str) -> Res<&'a str> {
    match a.value(name) {
        Some("") => Err(Fail::Usage(format!("{name} needs a file name (or `-`)"))),
        Some(v) => Ok(v),
        None => Err(Fail::Usage(format!("{name} is required"))),
    }
}

/// Standard input can feed one of the inputs only.
pub fn one_stdin(paths: &[&str]) -> Res<()> {
    if paths.iter().filter(|p| **p == "-").count() > 1 {
        return Err(Fail::Usage("only one input can be `-` (stdin)".into()));
    }
    Ok(())
}

/// Bytes from hex digits (an optional `0x` first); `None` for anything else.
pub fn hex(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    if !s.len().is_multiple_of(2) || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A path as messages show it.
pub fn name(path: &str) -> String {
    if path == "-" {
        "stdin".into()
    } else {
        format!("{path:?}")
    }
}

/// Open a file, or stdin for `-`.
pub fn open_input(path: &str) -> Res<Box<dyn Read>> {
    if path == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    match File::open(path) {
        Ok(f) => Ok(Box::new(f)),
        Err(e) => fail(format!("cannot open {}: {e}", name(path))),
    }
}

/// Read a whole file, or stdin for `-`.
pub fn read_all(path: &str) -> Res<Vec<u8>> {
    let mut buf = Vec::new();
    match open_input(path)?.read_to_end(&mut buf) {
        Ok(_) => Ok(buf),
        Err(e) => fail(format!("cannot read {}: {e}", name(path))),
    }
}

/// Read at most `limit` bytes; a longer input is an error (key and signature files are small).
pub fn read_limited(path: &str, limit: u64) -> Res<Zeroizing<Vec<u8>>> {
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

/// Write `bytes` to `path` (or stdout). A `secret` file is created with mode 0600 on Unix, and
/// an existing one is narrowed to 0600 before anything is written.
pub fn write_output(path: &str, bytes: &[u8], secret: bool) -> Res<()> {
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

/// The operating system's RNG. If it ever fails, gmkit stops with a message (exit 1) before any
/// output is written: every draw happens before the result is.
pub struct SysRng;

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
