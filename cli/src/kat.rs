//! `gmkit kat` and the default run.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use serde::Serialize;

use super::{Args, Command, Usage, embedded::EMBEDDED};
use crate::host::{Build, Machine, rfc3339};
use crate::progress::{Progress, Show};
use gmkit::Hash as _;
use gmkit::kat::schema::VectorFile;
use gmkit::kat::{Failure, FileReport, Report, Runner, Totals, json_files};
use gmkit::registry::BackendSpec;

mod junit;

pub const COMMAND: Command = Command {
    name: "kat",
    usage: "gmkit kat [FILE|DIR...] [--backend NAME|all] [--strict] [--json] [--junit FILE]\n\
        \x20 FILE|DIR       vector files (JSON, vectors/FORMAT.md) or directories of them;\n\
        \x20                none: the vectors built into this binary\n\
        \x20 --backend B    `all` (every backend this CPU has), a name (`soft`) or per\n\
        \x20                algorithm (`sm4=gfni-avx2,ghash=soft`); default: the automatic choice\n\
        \x20 --strict       tests that cannot be run count as failures\n\
        \x20 --json         print a machine-readable report (schema gmkit-kat 2): the gmkit\n\
        \x20                version and commit, the machine, each file's path and SHA-256,\n\
        \x20                counts per backend and every failure\n\
        \x20 --junit FILE   also write JUnit XML (a <testsuite> per file and backend) for CI\n\
        progress goes to stderr on a terminal.\n\
        exit status: 0 all passed, 1 a vector failed (or was unsupported, with --strict),\n\
        2 bad usage or an I/O error (a missing, unreadable or unparsable file)",
    summary: "run known-answer vector files",
    run,
};

/// One vector file as read.
struct Input {
    /// As given (a file, or a file found in a given directory); embedded: `vectors/…`.
    path: String,
    bytes: Vec<u8>,
    embedded: bool,
}

/// What became of an input.
#[derive(Serialize)]
struct InputReport {
    path: String,
    /// Built into the binary rather than read from disk.
    embedded: bool,
    /// SHA-256 of the file's bytes (hex), or null if it could not be read.
    sha256: Option<String>,
    bytes: Option<usize>,
    /// The file's `algorithm`.
    algorithm: Option<String>,
    /// `ok`, `io-error` or `parse-error`.
    status: &'static str,
    error: Option<String>,
    /// Time to run it on every backend choice.
    seconds: f64,
}

fn run(args: &[String]) -> Result<i32, Usage> {
    let a = Args::parse(args, &["--strict", "--json"], &["--backend", "--junit"])?;
    let spec = match a.value("--backend") {
        Some("") => return Err(Usage("--backend needs a name".into())),
        Some(b) => BackendSpec::parse(b),
        None => BackendSpec::Auto,
    };
    let mut junit_file = match a.value("--junit") {
        None => None,
        Some("") => return Err(Usage("--junit needs a file name".into())),
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some((path.to_string(), f)),
            Err(e) => {
                eprintln!("gmkit kat: cannot create {path}: {e}");
                return Ok(2);
            }
        },
    };
    let start = SystemTime::now();
    let clock = Instant::now();
    let entries = if a.positional.is_empty() {
        embedded_inputs().into_iter().map(Ok).collect()
    } else {
        read_inputs(&a.positional)
    };
    let runner = Runner::new().backend(spec.clone());
    // A bar on a terminal when there is more than one file; nothing otherwise.
    let show = if std::io::stderr().is_terminal() && entries.len() > 1 {
        Show::Bar
    } else {
        Show::Off
    };
    let mut progress = Progress::new("gmkit kat", entries.len(), show);
    // One input report and its report rows per entry, in the order given.
    let mut files = Vec::new();
    let mut reports = Vec::new();
    for entry in &entries {
        progress.step(match entry {
            Ok(input) => &input.path,
            Err((path, _)) => path,
        });
        let input = match entry {
            Ok(input) => input,
            Err((path, error)) => {
                files.push(InputReport {
                    path: path.clone(),
                    embedded: false,
                    sha256: None,
                    bytes: None,
                    algorithm: None,
                    status: "io-error",
                    error: Some(error.clone()),
                    seconds: 0.0,
                });
                reports.push(vec![error_row(path, error)]);
                continue;
            }
        };
        let t = Instant::now();
        let parsed = VectorFile::parse(&input.bytes);
        let rows = runner.run_json(&input.path, &input.bytes);
        files.push(InputReport {
            path: input.path.clone(),
            embedded: input.embedded,
            sha256: Some(hex(&gmkit::intl::Sha256::digest(&input.bytes))),
            bytes: Some(input.bytes.len()),
            algorithm: parsed.as_ref().ok().map(|f| f.algorithm.clone()),
            status: if parsed.is_ok() { "ok" } else { "parse-error" },
            error: parsed.err(),
            seconds: t.elapsed().as_secs_f64(),
        });
        reports.push(rows);
    }
    progress.clear();
    for f in files.iter().filter(|f| f.status != "ok") {
        eprintln!(
            "gmkit kat: {}: {}",
            f.path,
            f.error.as_deref().unwrap_or(f.status)
        );
    }
    let report = Report {
        files: reports.iter().flatten().cloned().collect(),
    };
    let strict = a.flag("--strict");
    let run = KatRun {
        build: Build::this(),
        machine: Machine::this(),
        command: std::iter::once("gmkit kat")
            .chain(args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        start_time: rfc3339(start),
        seconds_taken: clock.elapsed().as_secs_f64(),
        backend: spec.as_str().to_string(),
        strict,
        files,
        report,
    };
    let mut status = run.status();
    if let Some((path, file)) = &mut junit_file
        && let Err(e) = file.write_all(junit::xml(&run, &reports).as_bytes())
    {
        eprintln!("gmkit kat: cannot write {path}: {e}");
        status = 2;
    }
    if a.flag("--json") {
        println!("{}", run.json());
    } else if run.report.files.is_empty() {
        println!("no vector files");
    } else {
        print!("{}", run.report.to_text());
    }
    Ok(status)
}

/// A whole run, for the JSON and JUnit reports.
pub struct KatRun {
    build: Build,
    machine: Machine,
    command: String,
    start_time: String,
    seconds_taken: f64,
    backend: String,
    strict: bool,
    files: Vec<InputReport>,
    report: Report,
}

impl KatRun {
    /// 2 if an input could not be read or parsed, else 1 if a vector failed, else 0.
    fn status(&self) -> i32 {
        if self.files.iter().any(|f| f.status != "ok") {
            2
        } else if self.report.ok(self.strict) {
            0
        } else {
            1
        }
    }

    /// Counts per backend choice label, in first-seen order.
    fn backends(&self) -> Vec<(String, Totals)> {
        let mut v: Vec<(String, Totals)> = Vec::new();
        for f in &self.report.files {
            let one = Report {
                files: vec![f.clone()],
            }
            .totals();
            match v.iter_mut().find(|(b, _)| *b == f.backend) {
                Some((_, t)) => {
                    t.runs += one.runs;
                    t.passed += one.passed;
                    t.failed += one.failed;
                    t.unsupported += one.unsupported;
                    t.acceptable += one.acceptable;
                    t.not_applicable += one.not_applicable;
                }
                None => v.push((f.backend.clone(), one)),
            }
        }
        v
    }

    fn json(&self) -> String {
        #[derive(Serialize)]
        struct Backend<'a> {
            backend: &'a str,
            #[serde(flatten)]
            totals: Totals,
        }
        #[derive(Serialize)]
        struct FailureRow<'a> {
            file: &'a str,
            backend: &'a str,
            #[serde(flatten)]
            failure: &'a Failure,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            schema: &'static str,
            schema_version: u32,
            gmkit: &'a Build,
            machine: &'a Machine,
            command: &'a str,
            start_time: &'a str,
            seconds_taken: f64,
            backend: &'a str,
            strict: bool,
            exit_status: i32,
            inputs: &'a [InputReport],
            backends: Vec<Backend<'a>>,
            failures: Vec<FailureRow<'a>>,
            // Schema 1.
            files: &'a [FileReport],
            totals: Totals,
        }
        let backends = self.backends();
        let out = Out {
            schema: "gmkit-kat",
            schema_version: 2,
            gmkit: &self.build,
            machine: &self.machine,
            command: &self.command,
            start_time: &self.start_time,
            seconds_taken: self.seconds_taken,
            backend: &self.backend,
            strict: self.strict,
            exit_status: self.status(),
            inputs: &self.files,
            backends: backends
                .iter()
                .map(|(b, t)| Backend {
                    backend: b,
                    totals: *t,
                })
                .collect(),
            failures: self
                .report
                .files
                .iter()
                .flat_map(|f| {
                    f.failures.iter().map(|failure| FailureRow {
                        file: &f.file,
                        backend: &f.backend,
                        failure,
                    })
                })
                .collect(),
            files: &self.report.files,
            totals: self.report.totals(),
        };
        serde_json::to_string_pretty(&out)
            .unwrap_or_else(|e| format!("{{\"error\":\"JSON report: {e}\"}}"))
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A report row for a path that could not be read.
fn error_row(path: &str, error: &str) -> FileReport {
    FileReport {
        file: path.into(),
        backend: "-".into(),
        failures: vec![Failure {
            tc_id: None,
            comment: String::new(),
            reason: error.into(),
        }],
        ..FileReport::default()
    }
}

fn embedded_inputs() -> Vec<Input> {
    EMBEDDED
        .iter()
        .map(|(name, json)| Input {
            path: (*name).to_string(),
            bytes: json.to_vec(),
            embedded: true,
        })
        .collect()
}

/// The files named, and the `*.json` files directly in the directories named (sorted), in the
/// order given; a path that cannot be listed or read is an `Err((path, why))`.
fn read_inputs(paths: &[String]) -> Vec<Result<Input, (String, String)>> {
    let mut files: Vec<Result<PathBuf, (String, String)>> = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            match json_files(path, false) {
                Ok(f) => files.extend(f.into_iter().map(Ok)),
                Err(e) => files.push(Err((p.clone(), format!("cannot list directory: {e}")))),
            }
        } else {
            files.push(Ok(path.to_path_buf()));
        }
    }
    files
        .into_iter()
        .map(|f| {
            let f = f?;
            let name = f.display().to_string();
            match std::fs::read(&f) {
                Ok(bytes) => Ok(Input {
                    path: name,
                    bytes,
                    embedded: false,
                }),
                Err(e) => Err((name, format!("cannot read file: {e}"))),
            }
        })
        .collect()
}

fn finish(report: &Report, strict: bool) -> i32 {
    if report.files.is_empty() {
        println!("no vector files");
    } else {
        print!("{}", report.to_text());
    }
    if report.ok(strict) { 0 } else { 1 }
}

/// `gmkit` with no arguments: the embedded vectors on every backend.
pub fn default_run() -> i32 {
    if EMBEDDED.is_empty() {
        println!("this gmkit binary was built without vector files (vectors/ was empty)");
        return 0;
    }
    let runner = Runner::new().backend(BackendSpec::All);
    let report = Report {
        files: EMBEDDED
            .iter()
            .flat_map(|(name, json)| runner.run_json(name, json))
            .collect(),
    };
    finish(&report, false)
}
