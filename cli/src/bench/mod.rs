//! `gmkit bench`: throughput of each SM operation beside its international counterpart on this
//! machine, on one core and on all of them.
//!
//! [`ops`] defines the pairs and their timed bodies, [`measure`] times them (warm-up, then the
//! median of several time slices; one thread per core for the all-cores rows), [`report`] prints
//! text, Markdown or JSON.

mod measure;
mod ops;
mod report;

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use super::{Args, Command, Usage};
use measure::{Plan, Progress};

pub const COMMAND: Command = Command {
    name: "bench",
    usage: "gmkit bench [--quick | --seconds N] [--size BYTES] [--filter SUBSTR] [--json | --markdown]\n\
        \x20 times each SM operation beside its international counterpart, on one core and on\n\
        \x20 all cores (one thread per core, each on its own keys and buffers; the aggregate is\n\
        \x20 reported), and prints MB/s (10^6 bytes/s) or ops/s with the ratio SM/intl:\n\
        \x20   sm3 / sha256, hmac-sm3 / hmac-sha256        (64 B and --size)\n\
        \x20   sm4-ctr / aes128-ctr                        (AES: gmkit's CTR over the `aes` crate)\n\
        \x20   sm4-gcm-seal / aes128-gcm-seal              (AES: the `aes-gcm` crate)\n\
        \x20   sm4-cbc-enc / aes128-cbc-enc\n\
        \x20   sm3-batch / sha256-loop                     (1,024 messages of 64 B)\n\
        \x20   sm2-sign / ecdsa-p256-sign, sm2-verify / ecdsa-p256-verify\n\
        \x20                     (32-byte message; ECDSA: gmkit::intl::p256 over RustCrypto p256)\n\
        \x20 SM backends: the automatic choice (`gmkit info`); GMKIT_BACKEND forces one.\n\
        \x20 --quick        a short run (about 5 s)\n\
        \x20 --seconds N    total time budget in seconds (default 25; at most 3600)\n\
        \x20 --size BYTES   message length (default 8192; CBC rounds up to whole 16-byte blocks)\n\
        \x20 --filter S     only the pairs with S in either operation's name (e.g. sm3, gcm, sign)\n\
        \x20 --json         machine-readable report: version, CPU, arch, features, one row per\n\
        \x20                operation, implementation, backend, bytes, threads (throughput, unit)\n\
        \x20 --markdown     a Markdown table to paste into a README\n\
        each row: warm-up, then the median of 5 timed slices; progress goes to stderr.\n\
        exit status: 0 done, 1 a run failed, 2 bad usage",
    summary: "time SM2/SM3/SM4 beside ECDSA/SHA-256/AES on this machine",
    run,
};

/// Default total budget, and the `--quick` one.
const DEFAULT_SECONDS: f64 = 25.0;
const QUICK_SECONDS: f64 = 5.0;
/// Bounds on `--seconds` and `--size` (64 MiB per buffer, per thread).
const MAX_SECONDS: f64 = 3600.0;
const MAX_SIZE: usize = 64 << 20;
const DEFAULT_SIZE: usize = 8192;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
}

fn run(args: &[String]) -> Result<i32, Usage> {
    let a = Args::parse(
        args,
        &["--quick", "--json", "--markdown"],
        &["--seconds", "--size", "--filter"],
    )?;
    if let Some(extra) = a.positional.first() {
        return Err(Usage(format!("unexpected argument {extra:?}")));
    }
    let format = match (a.flag("--json"), a.flag("--markdown")) {
        (true, true) => return Err(Usage("--json and --markdown exclude each other".into())),
        (true, false) => Format::Json,
        (false, true) => Format::Markdown,
        (false, false) => Format::Text,
    };
    let seconds = match (a.flag("--quick"), a.value("--seconds")) {
        (true, Some(_)) => return Err(Usage("--quick and --seconds exclude each other".into())),
        (true, None) => QUICK_SECONDS,
        (false, Some(s)) => parse_seconds(s)?,
        (false, None) => DEFAULT_SECONDS,
    };
    let size = a.value("--size").map_or(Ok(DEFAULT_SIZE), parse_size)?;
    let filter = match a.value("--filter") {
        Some("") => return Err(Usage("--filter needs a substring".into())),
        Some(f) => Some(f.to_ascii_lowercase()),
        None => None,
    };

    let pairs: Vec<ops::Pair> = ops::pairs(size)
        .into_iter()
        .filter(|p| filter.as_deref().is_none_or(|f| p.matches(f)))
        .collect();
    if pairs.is_empty() {
        return Err(Usage(format!(
            "no operation matches --filter {:?}; the operations: {}",
            filter.unwrap_or_default(),
            ops::names(size).join(", ")
        )));
    }

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let plan = Plan::new(&pairs, cores, Duration::from_secs_f64(seconds));
    let mut progress = Progress::new(plan.len(), io::stderr().is_terminal());
    let results = match plan.run(&pairs, &mut progress) {
        Ok(r) => r,
        Err(e) => {
            progress.clear();
            eprintln!("gmkit bench: {e}");
            return Ok(1);
        }
    };
    progress.clear();

    let command = std::iter::once("gmkit bench")
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let machine = report::Machine::this(cores, seconds, command);
    let out = match format {
        Format::Text => report::text(&machine, &pairs, &results),
        Format::Markdown => report::markdown(&machine, &pairs, &results),
        Format::Json => match report::json(&machine, &pairs, &results) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("gmkit bench: {e}");
                return Ok(1);
            }
        },
    };
    // A closed pipe (`gmkit bench | head`) is not worth a panic.
    match io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => {
            eprintln!("gmkit bench: cannot write the report: {e}");
            Ok(1)
        }
    }
}

fn parse_seconds(s: &str) -> Result<f64, Usage> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_SECONDS => Ok(v),
        _ => Err(Usage(format!(
            "--seconds takes a number of seconds in (0, {MAX_SECONDS}], not {s:?}"
        ))),
    }
}

fn parse_size(s: &str) -> Result<usize, Usage> {
    match s.parse::<usize>() {
        Ok(v) if (1..=MAX_SIZE).contains(&v) => Ok(v),
        _ => Err(Usage(format!(
            "--size takes a byte count from 1 to {MAX_SIZE}, not {s:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_values() {
        assert_eq!(parse_seconds("2.5").unwrap(), 2.5);
        for bad in ["0", "-1", "nan", "inf", "3601", "x", ""] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("64").unwrap(), 64);
        for bad in ["0", "-5", "1e3", "67108865", ""] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
