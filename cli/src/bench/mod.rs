//! `gmkit bench`: throughput of each SM operation beside its international counterpart on this
//! machine, over a ladder of message sizes and thread counts — the hardware qualification report.
//!
//! [`ops`] defines the operations and their timed bodies, [`measure`] times them (warm-up, then
//! the median and spread of several time slices; one copy per thread, or the library's all-core
//! form on a pool), [`peers`] runs `openssl speed` beside them, [`report`] prints text,
//! Markdown or JSON, [`html`] writes the page with its charts, and [`compare`] sets two JSON
//! reports side by side.

mod compare;
mod html;
mod measure;
mod ops;
mod peers;
mod report;

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant, SystemTime};

use super::{Args, Command, Usage};
use crate::host::{Build, Machine, load_average, rfc3339};
use crate::progress::{Progress, Show};
use measure::{Budget, Plan};

pub const COMMAND: Command = Command {
    name: "bench",
    usage: "gmkit bench [--quick | --seconds N] [--sizes LIST | --size BYTES] [--threads LIST]\n\
        \x20           [--filter SUBSTR] [--json | --markdown] [--html FILE] [--peers openssl]\n\
        gmkit bench compare A.json B.json [--json | --markdown]\n\
        \x20 times each SM operation beside its international counterpart (operation names are\n\
        \x20 the criterion groups of benches/*.rs), at each message size and thread count, and\n\
        \x20 prints MB/s (10^6 bytes/s) or ops/s as median [slowest, fastest] of the timed slices,\n\
        \x20 the ratio SM/intl and the thread scaling:\n\
        \x20   sm2-keygen, sm2-sign, sm2-verify / ecdsa-p256-keygen, -sign, -verify (32-byte message)\n\
        \x20   sm2-kex / ecdh-p256; sm2-encrypt, sm2-decrypt (32 bytes)\n\
        \x20   sm2-verify-batch (64 signers; on N threads: par_verify_batch)\n\
        \x20   sm3, hmac-sm3 / sha256, hmac-sha256            (at each size)\n\
        \x20   sm3-batch / sha256-loop (1,024 × 64 B; on N threads: par_digest_many)\n\
        \x20   sm3-merkle (root of 4,096 transaction hashes; on N threads: par_root)\n\
        \x20   sm4-ecb, -ctr, -cbc-enc, -cbc-dec, -gcm-seal, -gcm-open, -ccm-seal, -xts-enc /\n\
        \x20   aes128-* (gmkit's modes over the aes crate; GCM: the aes-gcm crate) (at each size)\n\
        \x20 every row names the backend that ran (`gmkit info`; GMKIT_BACKEND forces one).\n\
        \x20 the header records the CPU (model, family, features), cores, OS and kernel, gmkit\n\
        \x20 version and git commit, rustc, target, profile, RUSTFLAGS / target-cpu, start time.\n\
        \x20 --quick        0.1 s per row, threads 1 and all cores (~30 s on 2 cores)\n\
        \x20 --seconds N    total time budget in seconds, shared by the rows (default: 0.4 s per row)\n\
        \x20 --sizes LIST   message lengths, comma-separated (default 16,64,256,1024,8192,16384;\n\
        \x20                ECB/CBC round up to whole 16-byte blocks, XTS to at least 16)\n\
        \x20 --size BYTES   one message length (the same as --sizes BYTES)\n\
        \x20 --threads LIST thread counts, comma-separated, `all` = every core (default 1, 2, 4 …\n\
        \x20                and all cores); scaling is against the fewest\n\
        \x20 --filter S     only the pairs with S in either operation's name (e.g. sm3, gcm, sign)\n\
        \x20 --json         machine-readable report (schema gmkit-bench 2, see the README)\n\
        \x20 --markdown     Markdown tables to paste into a README\n\
        \x20 --html FILE    also write one self-contained HTML page with SVG charts\n\
        \x20 --peers openssl  also run `openssl speed -mr` for the matching algorithms (one thread;\n\
        \x20                about 6 s per cipher or digest) and put its figures in the report\n\
        \x20 compare        two --json reports side by side: B/A, and * where the spreads do\n\
        \x20                not overlap\n\
        progress goes to stderr (a bar on a terminal).\n\
        exit status: 0 done, 1 a run failed, 2 bad usage or an I/O error",
    summary: "time SM2/SM3/SM4 beside ECDSA/SHA-256/AES on this machine",
    run,
};

/// Each row's share by default, and with `--quick`.
const DEFAULT_SHARE: Duration = Duration::from_millis(400);
const QUICK_SHARE: Duration = Duration::from_millis(100);
/// Bounds on `--seconds`, `--size` (per buffer, per thread; SM4-CCM with a 12-byte nonce takes
/// messages below 16 MiB) and `--threads`.
const MAX_SECONDS: f64 = 86_400.0;
const MAX_SIZE: usize = 8 << 20;
const MAX_THREADS: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
}

fn run(args: &[String]) -> Result<i32, Usage> {
    if args.first().map(String::as_str) == Some("compare") {
        return compare::run(&args[1..]);
    }
    let a = Args::parse(
        args,
        &["--quick", "--json", "--markdown"],
        &[
            "--seconds",
            "--size",
            "--sizes",
            "--threads",
            "--filter",
            "--html",
            "--peers",
        ],
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
    let quick = a.flag("--quick");
    let (budget, mode) = match (quick, a.value("--seconds")) {
        (true, Some(_)) => return Err(Usage("--quick and --seconds exclude each other".into())),
        (true, None) => (Budget::PerRow(QUICK_SHARE), "quick"),
        (false, Some(s)) => (
            Budget::Total(Duration::from_secs_f64(parse_seconds(s)?)),
            "seconds",
        ),
        (false, None) => (Budget::PerRow(DEFAULT_SHARE), "default"),
    };
    let sizes = match (a.value("--size"), a.value("--sizes")) {
        (Some(_), Some(_)) => return Err(Usage("--size and --sizes exclude each other".into())),
        (Some(s), None) => vec![parse_size(s)?],
        (None, Some(s)) => parse_list(s, "--sizes", parse_size)?,
        (None, None) => ops::LADDER.to_vec(),
    };
    let machine = Machine::this();
    let cores = machine.cores;
    let threads = match a.value("--threads") {
        Some(s) => parse_list(s, "--threads", |t| parse_threads(t, cores))?,
        None if quick => default_threads(cores, true),
        None => default_threads(cores, false),
    };
    let filter = match a.value("--filter") {
        Some("") => return Err(Usage("--filter needs a substring".into())),
        Some(f) => Some(f.to_ascii_lowercase()),
        None => None,
    };
    let peers = match a.value("--peers") {
        None => false,
        Some("openssl") => true,
        Some(other) => {
            return Err(Usage(format!(
                "--peers takes `openssl` (the only peer), not {other:?}"
            )));
        }
    };

    let pairs: Vec<ops::Pair> = ops::pairs(&sizes)
        .into_iter()
        .filter(|p| filter.as_deref().is_none_or(|f| p.matches(f)))
        .collect();
    if pairs.is_empty() {
        return Err(Usage(format!(
            "no operation matches --filter {:?}; the operations: {}",
            filter.unwrap_or_default(),
            ops::names().join(", ")
        )));
    }
    // Fail on an unwritable page before spending the budget.
    let mut html_file = match a.value("--html") {
        None => None,
        Some("") => return Err(Usage("--html needs a file name".into())),
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some((path.to_string(), f)),
            Err(e) => {
                eprintln!("gmkit bench: cannot create {path}: {e}");
                return Ok(2);
            }
        },
    };

    let mut flat: Vec<&ops::Op> = Vec::new();
    let mut pair_index = Vec::new();
    for p in &pairs {
        flat.push(&p.sm);
        let sm = flat.len() - 1;
        let intl = p.intl.as_ref().map(|op| {
            flat.push(op);
            flat.len() - 1
        });
        pair_index.push((sm, intl));
    }

    let load_start = load_average();
    let start = SystemTime::now();
    let clock = Instant::now();
    let plan = Plan::new(flat.len(), &threads, budget);
    // A bar on a terminal, else a line per row.
    let show = if io::stderr().is_terminal() {
        Show::Bar
    } else {
        Show::Lines
    };
    let mut progress = Progress::new("gmkit bench", plan.len(), show).with_step_time(plan.share);
    let results = match plan.run(&flat, &mut progress) {
        Ok(r) => r,
        Err(e) => {
            progress.clear();
            eprintln!("gmkit bench: {e}");
            return Ok(1);
        }
    };
    progress.clear();
    let load_end = load_average();

    let few = threads.iter().min().copied().unwrap_or(1);
    let peers = peers.then(|| {
        let mut wanted: Vec<(&str, Vec<usize>)> = Vec::new();
        for op in &flat {
            match wanted.iter_mut().find(|(n, _)| *n == op.name) {
                Some((_, b)) => b.push(op.bytes),
                None => wanted.push((op.name, vec![op.bytes])),
            }
        }
        let seconds = if quick { 1 } else { 2 };
        let gmkit = |name: &str, bytes: usize| {
            results
                .iter()
                .find(|r| r.threads == few && flat[r.op].name == name && flat[r.op].bytes == bytes)
                .map(|r| r.median)
        };
        let p = peers::openssl(&wanted, &sizes, seconds, show, gmkit);
        for n in &p.notes {
            eprintln!("gmkit bench: --peers openssl: {n}");
        }
        p
    });

    let command = std::iter::once("gmkit bench")
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let run = report::Run {
        build: Build::this(),
        machine,
        command,
        start_time: rfc3339(start),
        end_time: rfc3339(SystemTime::now()),
        seconds_taken: clock.elapsed().as_secs_f64(),
        load: report::LoadAverage {
            start: load_start,
            end: load_end,
        },
        budget: report::BudgetInfo {
            mode,
            planned_seconds: plan.seconds(),
            share_seconds: plan.share.as_secs_f64(),
        },
        thread_counts: threads,
        sizes,
        ops: flat,
        pairs: pair_index,
        results,
        peers,
    };
    if let Some((path, file)) = &mut html_file
        && let Err(e) = file.write_all(html::page(&run).as_bytes())
    {
        eprintln!("gmkit bench: cannot write {path}: {e}");
        return Ok(2);
    }
    let out = match format {
        Format::Text => report::text(&run),
        Format::Markdown => report::markdown(&run),
        Format::Json => match report::json(&run) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("gmkit bench: {e}");
                return Ok(1);
            }
        },
    };
    Ok(write_stdout(&out))
}

/// Write the report; a closed pipe (`gmkit bench | head`) is not worth a panic. The exit status.
fn write_stdout(out: &str) -> i32 {
    match io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("gmkit bench: cannot write the report: {e}");
            1
        }
    }
}

/// 1, 2, 4 … below `cores`, then `cores`; `quick`: 1 and `cores`.
fn default_threads(cores: usize, quick: bool) -> Vec<usize> {
    let mut v = vec![1];
    let mut t = 2;
    while !quick && t < cores {
        v.push(t);
        t *= 2;
    }
    if cores > 1 {
        v.push(cores);
    }
    v
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
            "a size is a byte count from 1 to {MAX_SIZE}, not {s:?}"
        ))),
    }
}

fn parse_threads(s: &str, cores: usize) -> Result<usize, Usage> {
    if s == "all" {
        return Ok(cores);
    }
    match s.parse::<usize>() {
        Ok(v) if (1..=MAX_THREADS).contains(&v) => Ok(v),
        _ => Err(Usage(format!(
            "a thread count is `all` or a number from 1 to {MAX_THREADS}, not {s:?}"
        ))),
    }
}

/// A comma-separated list, sorted, without repeats.
fn parse_list(
    s: &str,
    what: &str,
    item: impl Fn(&str) -> Result<usize, Usage>,
) -> Result<Vec<usize>, Usage> {
    let mut v = s
        .split(',')
        .map(|x| item(x.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|Usage(m)| Usage(format!("{what}: {m}")))?;
    v.sort_unstable();
    v.dedup();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_values() {
        assert_eq!(parse_seconds("2.5").unwrap(), 2.5);
        for bad in ["0", "-1", "nan", "inf", "86401", "x", ""] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("64").unwrap(), 64);
        for bad in ["0", "-5", "1e3", "8388609", ""] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_list("8192, 16,64,16", "--sizes", parse_size).unwrap(),
            [16, 64, 8192]
        );
        assert!(parse_list("16,,64", "--sizes", parse_size).is_err());
        assert_eq!(
            parse_list("all,1,2", "--threads", |t| parse_threads(t, 8)).unwrap(),
            [1, 2, 8]
        );
        assert!(parse_list("0", "--threads", |t| parse_threads(t, 8)).is_err());
        assert!(parse_list("1025", "--threads", |t| parse_threads(t, 8)).is_err());
    }

    #[test]
    fn thread_ladders() {
        assert_eq!(default_threads(1, false), [1]);
        assert_eq!(default_threads(2, false), [1, 2]);
        assert_eq!(default_threads(6, false), [1, 2, 4, 6]);
        assert_eq!(default_threads(8, false), [1, 2, 4, 8]);
        assert_eq!(default_threads(8, true), [1, 8]);
    }
}
